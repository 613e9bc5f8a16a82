// SPDX-License-Identifier: GPL-2.0
/* Per-record slow-path lines and the --summary, as a sink. */
#include <stdlib.h>

#include "events.h"
#include "record_print.h"
#include "sink.h"
#include "sink_slowpath.h"
#include "summary.h"

struct sink_slowpath {
	struct sink base;
	FILE *out;
	struct record_print_options opts;
	bool summary;
};

static void sink_slowpath__record(struct sink *base, const struct event_header *rec)
{
	struct sink_slowpath *s = (struct sink_slowpath *)base;

	/* every failure record becomes an incident: that is where it is shown */
	if (rec->type == EV_ALLOC_FAIL)
		return;
	if (s->opts.json)
		record__print_json(s->out, base->names, rec, s->opts.min_stall_ms);
	else
		record__print_text(s->out, base->names, rec, s->opts.min_stall_ms);
}

static void sink_slowpath__summary(struct sink *base, const struct summary *sum)
{
	struct sink_slowpath *s = (struct sink_slowpath *)base;

	if (!s->summary || !sum)
		return;
	if (s->opts.json)
		summary__print_json(sum, base->names, s->out);
	else
		summary__print_text(sum, base->names, s->out);
	fflush(s->out);
}

static void sink_slowpath__flush(struct sink *base)
{
	fflush(((struct sink_slowpath *)base)->out);
}

static void sink_slowpath__free(struct sink *base)
{
	sink_slowpath__flush(base);
	free(base);
}

static const struct sink_ops sink_slowpath_ops = {
	.record = sink_slowpath__record,
	.summary = sink_slowpath__summary,
	.flush = sink_slowpath__flush,
	.free = sink_slowpath__free,
};

struct sink *sink_slowpath__new(FILE *out, const struct record_print_options *opts, bool summary)
{
	struct sink_slowpath *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->base.ops = &sink_slowpath_ops;
	s->out = out;
	s->opts = *opts;
	s->summary = summary;
	return &s->base;
}
