// SPDX-License-Identifier: GPL-2.0
/* Per-record lines (text or JSON) for the records shown on their own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "json_writer.h"
#include "sink.h"
#include "sink_records.h"

struct sink_records {
	struct sink base;
	FILE *out;
	struct record_print_options opts;
	uint64_t reap_start_ts[64];
	uint32_t reap_pid[64];
};

static const char *reaper_step__name(uint32_t step)
{
	switch (step) {
	case REAPER_WAKE: return "wake";
	case REAPER_START: return "start";
	case REAPER_FINISH: return "finish";
	case REAPER_SKIP: return "skip";
	}
	return "?";
}

static void reaper__print(struct sink_records *s, const struct ev_oom_reaper *e)
{
	unsigned slot = e->pid % 64;
	double ms = -1;

	if (e->step == REAPER_START) {
		s->reap_pid[slot] = e->pid;
		s->reap_start_ts[slot] = e->h.ts_ns;
		return;
	}
	if (e->step == REAPER_WAKE)
		return;
	if (e->step == REAPER_FINISH && s->reap_pid[slot] == e->pid)
		ms = (e->h.ts_ns - s->reap_start_ts[slot]) / 1e6;
	if (s->opts.json) {
		fprintf(s->out, "{\"type\":\"oom_reaper\",\"ts_ns\":%llu,\"pid\":%u,\"step\":\"%s\"",
			(unsigned long long)e->h.ts_ns, e->pid, reaper_step__name(e->step));
		if (ms >= 0)
			fprintf(s->out, ",\"reap_ms\":%.3f", ms);
		fprintf(s->out, "}\n");
	} else if (e->step == REAPER_SKIP) {
		fprintf(s->out, "oom_reaper: skipped pid %u (its memory was already going away or was locked)\n",
			e->pid);
	} else if (ms >= 0) {
		fprintf(s->out, "oom_reaper: reaped pid %u in %.3f ms\n", e->pid, ms);
	}
}


static void score_adj__print(struct sink_records *s, const struct ev_oom_score_adj *e)
{
	if (s->opts.json) {
		fprintf(s->out, "{\"type\":\"oom_score_adj\",\"ts_ns\":%llu,\"pid\":%u,\"comm\":",
			(unsigned long long)e->h.ts_ns, e->task.tgid);
		json__fputs(s->out, e->task.comm, TASK_COMM_LEN);
		fprintf(s->out, ",\"oom_score_adj\":%d,\"set_by\":{\"pid\":%u,\"comm\":", e->oom_score_adj,
			e->setter.tgid);
		json__fputs(s->out, e->setter.comm, TASK_COMM_LEN);
		fprintf(s->out, "}}\n");
	} else {
		fprintf(s->out, "oom_score_adj: %.16s (%u) set to %d by %.16s (%u)\n", e->task.comm, e->task.tgid,
			e->oom_score_adj, e->setter.comm, e->setter.tgid);
	}
}

static void sink_records__record(struct sink *base, const struct event_header *rec)
{
	struct sink_records *s = (struct sink_records *)base;

	switch (rec->type) {
	case EV_OOM_REAPER:
		reaper__print(s, (const struct ev_oom_reaper *)rec);
		break;
	case EV_OOM_SCORE_ADJ:
		if (s->opts.show_adj)
			score_adj__print(s, (const struct ev_oom_score_adj *)rec);
		break;
	}
}

static void sink_records__flush(struct sink *base)
{
	fflush(((struct sink_records *)base)->out);
}

static void sink_records__free(struct sink *base)
{
	free(base);
}

static const struct sink_ops sink_records_ops = {
	.record = sink_records__record,
	.flush = sink_records__flush,
	.free = sink_records__free,
};

struct sink *sink_records__new(FILE *out, const struct record_print_options *opts)
{
	struct sink_records *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->base.ops = &sink_records_ops;
	s->out = out;
	s->opts = *opts;
	return &s->base;
}
