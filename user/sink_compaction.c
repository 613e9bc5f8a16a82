// SPDX-License-Identifier: GPL-2.0
/*
 * A sink that prints compaction attempts as they finish: one text line or
 * one JSON object ("type": "compaction") each. It assembles attempts from
 * the records itself (compaction_attempt.c), so it needs nothing from the
 * correlator. Shown: attempts that stalled at least min_stall_ms, and any
 * attempt that compacted and still failed (failed, partial, contended);
 * attempts turned away (skipped, deferred) only count in the summary unless
 * they stalled that long.
 */
#include <stdlib.h>

#include "compaction_attempt.h"
#include "compaction_print.h"
#include "sink.h"
#include "sink_compaction.h"

/* A workload failing THP compaction all the time must not flood the output. */
#define LINES_PER_SECOND 20

struct sink_compaction {
	struct sink base;
	FILE *out;
	struct record_print_options opts;
	struct compaction_tracker *tracker;
	uint64_t shown, hidden;
	uint64_t window_start;	/* ts of the current one-second window */
	unsigned window_lines;
	uint64_t suppressed;	/* worth a line, but over the rate: not shown since the last line */
};

static bool attempt__worth_a_line(const struct sink_compaction *s, const struct compaction_attempt *a)
{
	if (a->stall_ns >= (uint64_t)s->opts.min_stall_ms * 1000000ULL)
		return true;
	return a->outcome == OUTCOME_FAILED || a->outcome == OUTCOME_PARTIAL || a->outcome == OUTCOME_CONTENDED;
}

static void on_attempt(void *ctx, const struct compaction_attempt *a)
{
	struct sink_compaction *s = ctx;

	if (!attempt__worth_a_line(s, a)) {
		s->hidden++;
		return;
	}
	if (a->end_ts >= s->window_start + 1000000000ULL || a->end_ts < s->window_start) {
		s->window_start = a->end_ts;
		s->window_lines = 0;
	}
	if (++s->window_lines > LINES_PER_SECOND) {
		s->suppressed++;
		return;
	}
	s->shown++;
	if (s->suppressed && !s->opts.json)
		fprintf(s->out, "compaction: %llu more attempts not shown (over %d lines a second)\n",
			(unsigned long long)s->suppressed, LINES_PER_SECOND);
	if (s->opts.json)
		compaction_attempt__print_json(a, s->base.names, s->suppressed, s->out);
	else
		compaction_attempt__print_text(a, s->base.names, s->out);
	s->suppressed = 0;
}

static void sink_compaction__record(struct sink *base, const struct event_header *rec)
{
	compaction_tracker__record(((struct sink_compaction *)base)->tracker, rec);
}

static void sink_compaction__flush(struct sink *base)
{
	fflush(((struct sink_compaction *)base)->out);
}

/* At the end of input: what is still open has ended. */
static void sink_compaction__summary(struct sink *base, const struct summary *sum)
{
	struct sink_compaction *s = (struct sink_compaction *)base;

	(void)sum;
	compaction_tracker__flush(s->tracker);
	fflush(s->out);
}

static void sink_compaction__free(struct sink *base)
{
	struct sink_compaction *s = (struct sink_compaction *)base;

	compaction_tracker__flush(s->tracker);
	fflush(s->out);
	compaction_tracker__free(s->tracker);
	free(s);
}

static const struct sink_ops sink_compaction_ops = {
	.record = sink_compaction__record,
	.summary = sink_compaction__summary,
	.flush = sink_compaction__flush,
	.free = sink_compaction__free,
};

struct sink *sink_compaction__new(FILE *out, const struct record_print_options *opts)
{
	struct sink_compaction *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->tracker = compaction_tracker__new(on_attempt, s);
	if (!s->tracker) {
		free(s);
		return NULL;
	}
	s->base.ops = &sink_compaction_ops;
	s->out = out;
	s->opts = *opts;
	return &s->base;
}
