// SPDX-License-Identifier: GPL-2.0
/*
 * oomtrace record -o FILE: a live session whose every record also goes to a
 * capture file (sink_capture → capture_writer), for long unattended runs.
 * It prints what 'oomtrace live' prints, so the live view and the later
 * 'oomtrace report FILE' can be compared. The session's ~100 ms tick drives
 * the writer's flush and age rotation; SIGHUP reopens the file (logrotate).
 */
#include <stdio.h>
#include <unistd.h>

#include "capture_writer.h"
#include "commands.h"
#include "kernel_features.h"
#include "live_session.h"
#include "options.h"
#include "sink.h"
#include "sink_records.h"
#include "sink_slowpath.h"

static void record__tick(void *ctx, uint64_t now_ns)
{
	capture_writer__tick(ctx, now_ns);
}

static void record__hup(void *ctx)
{
	capture_writer__reopen(ctx);
}

int cmd_record(int argc, char **argv)
{
	struct capture_writer_opts wo = { 0 };
	const struct capture_writer_stats *st;
	struct capture_writer *w;
	struct session_hooks hooks;
	struct trace_options o;
	struct live_session *s;
	char err[512], hooks_line[1024];
	int ret = trace_options__parse(&o, argc, argv, true);

	if (ret)
		return ret > 0 ? 0 : 2;
	if (geteuid() != 0 && !o.features) {
		fprintf(stderr, "oomtrace: tracing needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): "
			"run as root: sudo oomtrace record -o FILE\n");
		return 1;
	}
	s = live_session__new(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "oomtrace: %s\n", err);
		return 1;
	}
	if (o.features || o.dry_run) {
		if (o.features)
			features__print(live_session__features(s), stdout);
		else
			live_session__print_hooks(s, stdout);
		live_session__free(s);
		return 0;
	}

	live_session__hooks_line(s, hooks_line, sizeof(hooks_line));
	wo.path = o.output;
	wo.max_size = o.max_size;
	wo.max_files = o.max_files;
	wo.rotate_every_ns = (uint64_t)(o.rotate_every_s * 1e9);
	wo.names = live_session__names(s);
	wo.hooks = hooks_line;
	w = capture_writer__open(&wo, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "oomtrace: %s\n", err);
		live_session__free(s);
		return 1;
	}

	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sink_options so = { .min_stall_ms = o.min_stall_ms, .verbose = o.verbose };
	struct record_print_options ro = { .json = o.json, .show_adj = o.show_adj, .min_stall_ms = o.min_stall_ms };

	/* the capture first: it sees every record before anything else runs */
	live_session__add_sink(s, sink_capture__new(w));
	live_session__add_sink(s, sink_records__new(stdout, &ro));
	live_session__add_sink(s, sink_slowpath__new(stdout, &ro, o.summary));
	live_session__add_sink(s, o.json ? sink_json__new(stdout, &so) : sink_text__new(stdout, &so));

	hooks = (struct session_hooks){ .on_tick = record__tick, .on_hup = record__hup, .ctx = w };
	ret = live_session__run(s, &hooks);
	capture_writer__flush(w);
	st = capture_writer__stats(w);
	if (!o.quiet)
		fprintf(stderr, "oomtrace: %s: %llu records in %llu blocks, %llu bytes in %llu file(s)\n",
			o.output, (unsigned long long)st->records, (unsigned long long)st->blocks,
			(unsigned long long)st->file_bytes, (unsigned long long)st->files);
	if (st->lost_records)
		ret = ret ? ret : 1;
	live_session__free(s);	/* frees the capture sink, which closes the writer */
	return ret;
}
