// SPDX-License-Identifier: GPL-2.0
/* `oomtrace [live]`: trace, correlate and explain OOM kills as they happen. */
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "kernel_features.h"
#include "live_session.h"
#include "options.h"
#include "sink.h"
#include "sink_records.h"
#include "sink_compaction.h"
#include "sink_slowpath.h"
#include "tracer.h"

int cmd_live(int argc, char **argv)
{
	struct trace_options o;
	struct live_session *s;
	char err[512];
	int ret = trace_options__parse(&o, argc, argv, false);

	if (ret)
		return ret > 0 ? 0 : 2;
	if (geteuid() != 0 && !o.features) {
		fprintf(stderr, "oomtrace: tracing needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): "
			"run as root: sudo oomtrace\n");
		return 1;
	}
	s = live_session__new(&o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "oomtrace: %s\n", err);
		return 1;
	}
	if (o.features) {
		features__print(live_session__features(s), stdout);
		live_session__free(s);
		return 0;
	}
	if (o.dry_run) {
		live_session__print_hooks(s, stdout);
		live_session__free(s);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sink_options so = { .min_stall_ms = o.min_stall_ms, .verbose = o.verbose };
	struct record_print_options ro = { .json = o.json, .show_adj = o.show_adj, .min_stall_ms = o.min_stall_ms };

	live_session__add_sink(s, sink_records__new(stdout, &ro));
	live_session__add_sink(s, sink_compaction__new(stdout, &ro));
	live_session__add_sink(s, sink_slowpath__new(stdout, &ro, o.summary));
	live_session__add_sink(s, o.json ? sink_json__new(stdout, &so) : sink_text__new(stdout, &so));
	ret = live_session__run(s, NULL);
	live_session__free(s);
	return ret;
}
