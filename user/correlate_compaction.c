// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction records → the task's episode history (so an OOM kill or an
 * allocation failure shows the compaction it went through), attempts
 * (compaction_attempt.c) and the compaction summary.
 *
 * History is fed record by record, not when an attempt ends, so an incident
 * that arrives in the middle of an attempt still carries what happened.
 */
#include <stdlib.h>
#include <string.h>

#include "compaction_attempt.h"
#include "compaction_summary.h"
#include "correlate.h"
#include "correlate_compaction.h"
#include "events.h"
#include "summary.h"
#include "task_state.h"

/*
 * struct correlator has no slot for this family's state; it is kept here,
 * per correlator (there is one per pipeline).
 */
struct compaction_state {
	struct correlator *c;
	struct compaction_tracker *tracker;
	struct compaction_summary summary;
	attempt_fn on_attempt;
	void *on_attempt_ctx;
};


static void state__attempt(void *ctx, const struct compaction_attempt *a)
{
	struct compaction_state *st = ctx;

	compaction_summary__add_attempt(&st->summary, a);
	if (st->on_attempt)
		st->on_attempt(st->on_attempt_ctx, a);
}

/* This family's state hangs off its correlator. */
static struct compaction_state *state__of(struct correlator *c, bool create)
{
	struct compaction_state *st = c->compaction;

	if (st || !create)
		return st;
	st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->c = c;
	st->tracker = compaction_tracker__new(state__attempt, st);
	if (!st->tracker) {
		free(st);
		return NULL;
	}
	/* the --summary shows this family's part */
	if (c->summary)
		c->summary->compaction = &st->summary;
	c->compaction = st;
	return st;
}

void correlate_compaction__free(struct correlator *c)
{
	struct compaction_state *st = c->compaction;

	if (!st)
		return;
	if (c->summary && c->summary->compaction == &st->summary)
		c->summary->compaction = NULL;
	compaction_tracker__free(st->tracker);
	free(st);
	c->compaction = NULL;
}

void correlate_compaction__on_attempt(struct correlator *c, attempt_fn fn, void *ctx)
{
	struct compaction_state *st = state__of(c, true);

	if (st) {
		st->on_attempt = fn;
		st->on_attempt_ctx = ctx;
	}
}

const struct compaction_summary *correlate_compaction__summary(struct correlator *c)
{
	struct compaction_state *st = state__of(c, false);

	return st ? &st->summary : NULL;
}

void correlate_compaction__tick(struct correlator *c, uint64_t now_ns)
{
	struct compaction_state *st = state__of(c, false);

	if (st)
		compaction_tracker__tick(st->tracker, now_ns);
}

void correlate_compaction__flush(struct correlator *c)
{
	struct compaction_state *st = state__of(c, false);

	if (st)
		compaction_tracker__flush(st->tracker);
}

static bool comm__is_kcompactd(const char *comm)
{
	return !strncmp(comm, "kcompactd", 9);
}

static void history__try(struct correlator *c, const struct ev_compact_try *e)
{
	struct task_state *t;

	if (e->step != COMPACT_TRY_BEGIN)
		return;
	t = task_states__get(c->tasks, e->task.pid, e->h.ts_ns);
	t->tgid = e->task.tgid;
	memcpy(t->comm, e->task.comm, sizeof(t->comm));
	t->last_ts = e->h.ts_ns;
	t->compact_try_ts = e->h.ts_ns;
	t->compact_order = e->order;
	t->hist.compact_attempts++;
	t->hist.present = true;
	task_states__system(c->tasks)->compact_attempts++;
	task_states__system(c->tasks)->present = true;
}

static void history__zone(struct correlator *c, const struct ev_compact_zone *e)
{
	struct inc_history *sys = task_states__system(c->tasks);
	struct task_state *t;

	sys->compact_ns += e->duration_ns;
	sys->compact_migrated += e->nr_migrated;
	sys->compact_failed += e->nr_failed;
	sys->compact_last_status = e->status;
	sys->present = true;
	/* only the allocating task stalls; kcompactd's and manual work is the machine's */
	if (e->origin != COMPACT_ORIGIN_DIRECT)
		return;
	t = task_states__get(c->tasks, e->task.pid, e->h.ts_ns);
	t->last_ts = e->h.ts_ns;
	if (!t->compact_try_ts) {
		/* tracing began inside the attempt: count it once */
		t->compact_try_ts = e->try_ts ? e->try_ts : e->h.ts_ns;
		t->compact_order = e->order;
		t->hist.compact_attempts++;
	}
	t->hist.compact_ns += e->duration_ns;
	t->hist.compact_migrated += e->nr_migrated;
	t->hist.compact_failed += e->nr_failed;
	t->hist.compact_last_status = e->status;
	t->hist.present = true;
}

static void history__defer(struct correlator *c, struct compaction_state *st, const struct ev_compact_defer *e)
{
	struct task_state *t;

	compaction_summary__defer(&st->summary, e->nid, e->zone_idx, e->step, e->considered, e->defer_shift,
				  e->order_failed, e->h.ts_ns);
	if (e->step != DEFER_STEP_DEFERRED)
		return;
	task_states__system(c->tasks)->compact_deferred++;
	if (comm__is_kcompactd(e->task.comm))
		return;
	t = task_states__get(c->tasks, e->task.pid, e->h.ts_ns);
	t->last_ts = e->h.ts_ns;
	t->hist.compact_deferred++;
	t->hist.compact_last_status = CR_DEFERRED;
	t->hist.present = true;
}

bool correlate_compaction__record(struct correlator *c, const struct event_header *rec)
{
	struct compaction_state *st;

	switch (rec->type) {
	case EV_COMPACT_TRY:
	case EV_COMPACT_ZONE:
	case EV_COMPACT_DEFER:
	case EV_KCOMPACTD:
		break;
	default:
		/* time passes for open attempts on every record */
		st = state__of(c, false);
		if (st)
			compaction_tracker__record(st->tracker, rec);
		return false;
	}
	st = state__of(c, true);
	if (!st)
		return true;
	/* the --summary shows this family's part (the summary may come after us) */
	if (c->summary && !c->summary->compaction)
		c->summary->compaction = &st->summary;
	switch (rec->type) {
	case EV_COMPACT_TRY:
		if (rec->size >= sizeof(struct ev_compact_try))
			history__try(c, (const struct ev_compact_try *)rec);
		break;
	case EV_COMPACT_ZONE:
		if (rec->size >= sizeof(struct ev_compact_zone))
			history__zone(c, (const struct ev_compact_zone *)rec);
		break;
	case EV_COMPACT_DEFER:
		if (rec->size >= sizeof(struct ev_compact_defer))
			history__defer(c, st, (const struct ev_compact_defer *)rec);
		break;
	}
	compaction_tracker__record(st->tracker, rec);
	return true;
}
