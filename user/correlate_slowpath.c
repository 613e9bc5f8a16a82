// SPDX-License-Identifier: GPL-2.0
/*
 * Slow-path records → the task's episode history (reclaim passes, retry
 * decisions, throttling, kswapd requests, failures), the machine-wide
 * history, the summary, and allocation-failure incidents.
 *
 * An EV_ALLOC_FAIL becomes an incident that waits for its EV_ZONE_SNAPSHOT
 * (the live source reads the zones right after the record and feeds the
 * snapshot next; a capture replays both in the same order). It is emitted
 * when the snapshot arrives, when another failure comes, or after
 * SNAPSHOT_WAIT_NS / at the end without one (marked incomplete).
 */
#include <stdlib.h>
#include <string.h>

#include "alloc_recent.h"
#include "correlate.h"
#include "correlate_compaction.h"
#include "correlate_slowpath.h"
#include "decode.h"
#include "events.h"
#include "incident.h"
#include "snapshot_zones.h"
#include "summary.h"
#include "task_state.h"

#define SNAPSHOT_WAIT_NS (1000ULL * 1000 * 1000)
#define ROUNDS_SLOTS 1024
#define SYS_SAMPLES 64
#define SYS_SAMPLE_EVERY_NS (1000ULL * 1000 * 1000)

/* One reclaim_retry_zone round in progress: the zones of one zonelist walk. */
struct retry_round {
	uint32_t tid;
	bool active;
	bool ok;		/* some zone passed: the allocator retries */
	uint64_t seen;		/* (nid * 8 + zone) bits seen in this round */
	uint64_t last_ts;
};

/* Machine-wide cumulative figures, sampled so an incident can take the
 * difference over its own task's episode. */
struct sys_sample {
	uint64_t ts;
	int64_t swapouts, alloc_failures, kswapd_wakeups, extfrag;
};

struct slowpath_state {
	struct correlator *c;
	struct incident *pending;
	uint64_t pending_ts;
	uint64_t pending_usage_pages, pending_max_pages;	/* the full memcg's, if any */
	struct retry_round rounds[ROUNDS_SLOTS];
	struct sys_sample samples[SYS_SAMPLES];
	int nr_samples, next_sample;
	uint64_t last_swapout_counter;	/* CNT_SWAPOUTS as the last EV_DROPS had it */
	bool have_counters;
	/* The source reads the zones at most every 100 ms; a failure in a burst
	 * without its own reading gets the latest one, if it is this recent. */
	struct ev_zone_snapshot *last_snap;
};

#define SNAPSHOT_REUSE_NS (1000ULL * 1000 * 1000)

/* This family's state hangs off its correlator. */
static struct slowpath_state *state__of(struct correlator *c, bool create)
{
	if (!c->slowpath && create) {
		c->slowpath = calloc(1, sizeof(struct slowpath_state));
		if (c->slowpath)
			c->slowpath->c = c;
	}
	return c->slowpath;
}


/* The correlator's summary (created here if the correlator did not), with
 * the compaction family's part attached once it exists. */
static struct summary *summary__of(struct correlator *c)
{
	if (!c->summary)
		c->summary = summary__new();
	if (c->summary && !c->summary->compaction)
		c->summary->compaction = correlate_compaction__summary(c);
	return c->summary;
}

/* ---- machine-wide history ---- */

static void sys__sample(struct slowpath_state *st, struct inc_history *sys, uint64_t ts)
{
	struct sys_sample *last = st->nr_samples ? &st->samples[(st->next_sample + SYS_SAMPLES - 1) % SYS_SAMPLES]
						 : NULL;
	struct sys_sample *s;

	if (last && ts < last->ts + SYS_SAMPLE_EVERY_NS)
		return;
	s = &st->samples[st->next_sample];
	st->next_sample = (st->next_sample + 1) % SYS_SAMPLES;
	if (st->nr_samples < SYS_SAMPLES)
		st->nr_samples++;
	s->ts = ts;
	s->swapouts = sys->swapouts_system;
	s->alloc_failures = sys->alloc_failures_system;
	s->kswapd_wakeups = sys->kswapd_wakeups;
	s->extfrag = sys->extfrag_events;
}

/* The newest sample taken at or before ts (the oldest one if none is). */
static const struct sys_sample *sys__at(const struct slowpath_state *st, uint64_t ts)
{
	const struct sys_sample *best = NULL, *oldest = NULL;

	for (int i = 0; i < st->nr_samples; i++) {
		const struct sys_sample *s = &st->samples[i];

		if (!oldest || s->ts < oldest->ts)
			oldest = s;
		if (s->ts <= ts && (!best || s->ts > best->ts))
			best = s;
	}
	return best ? best : oldest;
}

/* ---- retry rounds ---- */

static void round__close(struct correlator *c, struct slowpath_state *st, struct retry_round *r)
{
	struct task_state *t;

	if (!r->active)
		return;
	r->active = false;
	summary__retry_round(summary__of(c), !r->ok);
	if (r->ok)
		return;
	t = task_states__find(c->tasks, r->tid);
	if (t)
		t->hist.retry_gave_up++;
	(void)st;
}

static void round__add(struct correlator *c, struct slowpath_state *st, struct task_state *t,
		       const struct ev_retry_zone *e)
{
	struct retry_round *r = &st->rounds[e->task.pid % ROUNDS_SLOTS];
	uint64_t bit = 1ULL << (((uint32_t)e->nid * 8 + (uint32_t)e->zone_idx) & 63);

	if (r->active && r->tid != e->task.pid)
		round__close(c, st, r);
	/* the walk starts again: a new round */
	if (r->active && ((r->seen & bit) || e->h.ts_ns > r->last_ts + SNAPSHOT_WAIT_NS))
		round__close(c, st, r);
	if (!r->active) {
		memset(r, 0, sizeof(*r));
		r->tid = e->task.pid;
		r->active = true;
	}
	r->seen |= bit;
	r->last_ts = e->h.ts_ns;
	t->hist.retry_zone_checks++;
	if (e->no_progress_loops > t->hist.no_progress_loops)
		t->hist.no_progress_loops = e->no_progress_loops;
	if (e->wmark_check) {
		r->ok = true;
		round__close(c, st, r);	/* the allocator retries at the first zone that passes */
	}
}

/* ---- incidents ---- */

static void pending__emit(struct correlator *c, struct slowpath_state *st)
{
	struct incident *inc = st->pending;

	if (!inc)
		return;
	st->pending = NULL;
	if (!inc->nr_zones && st->last_snap && st->pending_ts >= st->last_snap->for_event_ts &&
	    st->pending_ts - st->last_snap->for_event_ts <= SNAPSHOT_REUSE_NS) {
		zone_snapshot__apply(st->last_snap, inc);
		size_t n = strlen(inc->notes);

		snprintf(inc->notes + n, sizeof(inc->notes) - n, "%szones as read %.0f ms before this failure",
			 n ? "; " : "", (st->pending_ts - st->last_snap->for_event_ts) / 1e6);
	}
	if (st->pending_max_pages) {
		/* in kB with the page size the snapshot gave (4096 without one) */
		inc->memcg.usage_kb = (int64_t)(st->pending_usage_pages * inc->page_size / 1024);
		inc->memcg.limit_kb = (int64_t)(st->pending_max_pages * inc->page_size / 1024);
	}
	correlator__emit(c, inc);
	incident__free(inc);
	free(inc);
}

static void task__fill(struct correlator *c, const struct task_ident *id, struct inc_task *t)
{
	snprintf(t->comm, sizeof(t->comm), "%.*s", TASK_COMM_LEN, id->comm);
	t->pid = id->tgid;
	t->tid = id->pid;
	snprintf(t->cgroup, sizeof(t->cgroup), "%s", correlator__cgroup_path(c, id->memcg_id));
}

static void history__fill(struct correlator *c, struct slowpath_state *st, struct task_state *t,
			  uint64_t now, struct inc_history *h);

void correlate_slowpath__history(struct correlator *c, struct task_state *t, uint64_t now, struct inc_history *h)
{
	struct slowpath_state *st = state__of(c, true);

	if (st) {
		history__fill(c, st, t, now, h);
	} else {
		*h = t->hist;
		h->window_ns = now - t->first_ts;
	}
}

static void history__fill(struct correlator *c, struct slowpath_state *st, struct task_state *t,
			  uint64_t now, struct inc_history *h)
{
	struct inc_history *sys = task_states__system(c->tasks);
	const struct sys_sample *then;

	*h = t->hist;
	h->window_ns = now - t->first_ts;
	sys__sample(st, sys, now);
	then = sys__at(st, t->first_ts);
	h->swapouts_system = sys->swapouts_system - (then ? then->swapouts : 0);
	h->alloc_failures_system = sys->alloc_failures_system - (then ? then->alloc_failures : 0);
	h->present = true;
}

static void alloc_fail__incident(struct correlator *c, struct slowpath_state *st, const struct ev_alloc_fail *e)
{
	struct task_state *t = task_states__get(c->tasks, e->task.pid, e->h.ts_ns);
	struct retry_round *r = &st->rounds[e->task.pid % ROUNDS_SLOTS];
	struct incident *inc;

	if (r->active && r->tid == e->task.pid)
		round__close(c, st, r);
	t->tgid = e->task.tgid;
	snprintf(t->comm, sizeof(t->comm), "%.*s", TASK_COMM_LEN, e->task.comm);
	t->hist.alloc_failures++;

	pending__emit(c, st);
	/* a task the OOM killer just took fails its allocations as it dies:
	 * a consequence of that kill, not an incident of its own */
	if (correlator__recent_victim(c, e->task.tgid, e->h.ts_ns))
		return;
	inc = calloc(1, sizeof(*inc));
	if (!inc)
		return;
	incident__init(inc, INCIDENT_ALLOC_FAILURE, c->source);
	inc->log_time = e->h.ts_ns / 1e9;
	task__fill(c, &e->task, &inc->trigger);
	snprintf(inc->memcg_task, sizeof(inc->memcg_task), "%s", inc->trigger.cgroup);
	if (e->stack_id >= 0)
		snprintf(inc->trigger_stack, sizeof(inc->trigger_stack), "%s", correlator__stack_text(c, e->stack_id));
	inc->order = e->order;
	inc->gfp_raw = (int64_t)e->gfp;
	if (c->names) {
		inc->gfp_flags = gfp__to_flags(c->names, e->gfp);
		inc->gfp_flags_known = true;
		gfp__format(c->names, e->gfp, inc->gfp_text, sizeof(inc->gfp_text));
	}
	inc->in_interrupt = e->ctx != 0;
	inc->incomplete |= INC_MISSING_ZONES | INC_MISSING_BUDDY | INC_MISSING_TASKS | INC_MISSING_VICTIM;
	if (e->suppressed_before)
		snprintf(inc->notes, sizeof(inc->notes),
			 "%u allocation failures before this one were counted but not reported (rate limit)",
			 e->suppressed_before);
	history__fill(c, st, t, e->h.ts_ns, &inc->history);
	task_state__reset_episode(t, e->h.ts_ns);

	st->pending_usage_pages = st->pending_max_pages = 0;
	if (e->h.version >= 2 && e->h.size >= sizeof(*e) && e->limit_memcg_id) {
		/* a memory cgroup on the way up had no room: the charge failed there */
		inc->constraint = CONSTRAINT_MEMCG;
		snprintf(inc->memcg_oom, sizeof(inc->memcg_oom), "%s",
			 correlator__cgroup_path(c, e->limit_memcg_id));
		inc->incomplete &= ~INC_MISSING_MEMCG;
		st->pending_usage_pages = e->limit_usage_pages;
		st->pending_max_pages = e->limit_max_pages;
	}
	st->pending = inc;
	st->pending_ts = e->h.ts_ns;
}

/* ---- records ---- */

static void reclaim__history(struct inc_history *h, const struct ev_reclaim *e)
{
	if (e->kind == RECLAIM_MEMCG || e->kind == RECLAIM_MEMCG_SOFTLIMIT) {
		h->memcg_reclaims++;
		h->memcg_reclaim_ns += e->duration_ns;
		h->memcg_reclaimed_pages += e->nr_reclaimed;
	} else {
		h->direct_reclaims++;
		h->direct_reclaim_ns += e->duration_ns;
		h->direct_reclaimed_pages += e->nr_reclaimed;
	}
	h->scanned_anon += e->scanned_anon;
	h->scanned_file += e->scanned_file;
	h->reclaimed_anon += e->reclaimed_anon;
	h->reclaimed_file += e->reclaimed_file;
	h->swapouts += e->swapouts;
}

/* Every slow-path record carries a task; NULL for the ones that do not. */
static const struct task_ident *record__task(const struct event_header *rec)
{
	switch (rec->type) {
	case EV_ALLOC_FAIL: return &((const struct ev_alloc_fail *)rec)->task;
	case EV_RECLAIM: return &((const struct ev_reclaim *)rec)->task;
	case EV_KSWAPD: return &((const struct ev_kswapd *)rec)->task;
	case EV_THROTTLED: return &((const struct ev_throttled *)rec)->task;
	case EV_RETRY_ZONE: return &((const struct ev_retry_zone *)rec)->task;
	case EV_COMPACT_RETRY: return &((const struct ev_compact_retry *)rec)->task;
	case EV_EXTFRAG: return &((const struct ev_extfrag *)rec)->task;
	}
	return NULL;
}

static void counters__learn(struct slowpath_state *st, struct inc_history *sys, const struct ev_drops *e)
{
	/* kswapd's swap-outs are in no reclaim pass: take them from the counter */
	uint64_t swp = e->counters[CNT_SWAPOUTS];

	if (!st->have_counters)
		sys->swapouts_system += swp;
	else if (swp > st->last_swapout_counter)
		sys->swapouts_system += swp - st->last_swapout_counter;
	st->last_swapout_counter = swp;
	st->have_counters = true;
}

bool correlate_slowpath__record(struct correlator *c, const struct event_header *rec)
{
	struct slowpath_state *st;
	const struct task_ident *id;
	struct inc_history *sys;
	struct task_state *t = NULL;

	switch (rec->type) {
	case EV_ALLOC_FAIL: case EV_RECLAIM: case EV_KSWAPD: case EV_THROTTLED:
	case EV_RETRY_ZONE: case EV_COMPACT_RETRY: case EV_EXTFRAG: case EV_PAGE_ALLOC:
	case EV_PAGE_ALLOC_BATCH: case EV_WARN_ALLOC: case EV_ZONE_SNAPSHOT: case EV_COUNTERS: case EV_DROPS:
		break;
	default:
		return false;
	}
	st = state__of(c, true);
	if (!st)
		return false;
	summary__add_record(summary__of(c), c->names, rec);
	if (rec->type == EV_PAGE_ALLOC_BATCH || rec->type == EV_PAGE_ALLOC) {
		/* kept for the next OOM kill's "who was allocating" */
		if (!c->recent_allocs)
			c->recent_allocs = alloc_recent__new();
		if (c->recent_allocs)
			alloc_recent__add(c->recent_allocs, rec);
	}
	sys = task_states__system(c->tasks);
	sys->present = true;
	id = record__task(rec);
	if (id && rec->type != EV_ALLOC_FAIL) {
		t = task_states__get(c->tasks, id->pid, rec->ts_ns);
		t->tgid = id->tgid;
		snprintf(t->comm, sizeof(t->comm), "%.*s", TASK_COMM_LEN, id->comm);
		t->hist.present = true;	/* an OOM kill of this episode carries it */
	}
	if (st->pending && rec->type != EV_ZONE_SNAPSHOT && rec->ts_ns > st->pending_ts + SNAPSHOT_WAIT_NS)
		pending__emit(c, st);

	switch (rec->type) {
	case EV_ALLOC_FAIL: {
		const struct ev_alloc_fail *e = (const void *)rec;

		sys->alloc_failures_system += 1 + e->suppressed_before;
		alloc_fail__incident(c, st, e);
		break;
	}
	case EV_ZONE_SNAPSHOT: {
		const struct ev_zone_snapshot *s = (const void *)rec;

		if (!st->last_snap)
			st->last_snap = malloc(sizeof(*st->last_snap));
		if (st->last_snap)
			*st->last_snap = *s;
		if (st->pending && s->for_event_ts == st->pending_ts) {
			zone_snapshot__apply(s, st->pending);
			pending__emit(c, st);
		}
		return false;	/* compaction reads the free lists too */
	}
	case EV_RECLAIM: {
		const struct ev_reclaim *e = (const void *)rec;

		/* machine-wide swap-outs come from CNT_SWAPOUTS (kswapd's too) */
		reclaim__history(&t->hist, e);
		/* the record is stamped at the end: the episode began with the pass */
		if (e->duration_ns < rec->ts_ns && t->first_ts > rec->ts_ns - e->duration_ns)
			t->first_ts = rec->ts_ns - e->duration_ns;
		break;
	}
	case EV_KSWAPD: {
		const struct ev_kswapd *e = (const void *)rec;

		if (e->step == KSWAPD_STEP_WAKEUP_REQ)
			t->hist.kswapd_wakeups++;
		else if (e->step == KSWAPD_STEP_WAKE)
			sys->kswapd_wakeups++;
		break;
	}
	case EV_THROTTLED: {
		const struct ev_throttled *e = (const void *)rec;

		t->hist.throttled++;
		if (e->usec_delayed > 0)
			t->hist.throttled_us += e->usec_delayed;
		break;
	}
	case EV_RETRY_ZONE:
		round__add(c, st, t, (const struct ev_retry_zone *)rec);
		break;
	case EV_COMPACT_RETRY:
		if (!((const struct ev_compact_retry *)rec)->ret)
			t->hist.compact_retry_gave_up++;
		break;
	case EV_EXTFRAG: {
		const struct ev_extfrag *e = (const void *)rec;

		t->hist.extfrag_events++;
		sys->extfrag_events += 1 + (rec->version >= 2 ? e->suppressed_before : 0);
		break;
	}
	case EV_DROPS:
		counters__learn(st, sys, (const struct ev_drops *)rec);
		sys__sample(st, sys, rec->ts_ns);
		return false;	/* others count their losses too */
	}
	sys__sample(st, sys, rec->ts_ns);
	return true;
}

void correlate_slowpath__tick(struct correlator *c, uint64_t now_ns)
{
	struct slowpath_state *st = state__of(c, false);

	if (st && st->pending && now_ns > st->pending_ts + SNAPSHOT_WAIT_NS)
		pending__emit(c, st);
}

void correlate_slowpath__flush(struct correlator *c)
{
	struct slowpath_state *st = state__of(c, false);

	summary__of(c);
	if (!st)
		return;
	for (int i = 0; i < ROUNDS_SLOTS; i++)
		round__close(c, st, &st->rounds[i]);
	pending__emit(c, st);
}

void correlate_slowpath__free(struct correlator *c)
{
	struct slowpath_state *st = c->slowpath;

	if (!st)
		return;
	free(st->last_snap);
	if (st->pending) {
		incident__free(st->pending);
		free(st->pending);
	}
	free(st);
	c->slowpath = NULL;
}
