// SPDX-License-Identifier: GPL-2.0
/* Compaction records → attempts (see compaction_attempt.h for what ends one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compaction_attempt.h"
#include "events.h"

#define MAX_OPEN 64
#define TICK_EVERY_NS (100ULL * 1000 * 1000)

struct open_attempt {
	bool used;
	bool by_node;		/* kcompactd/proactive: keyed by node, else by task */
	uint32_t key;
	uint64_t last_ts;
	struct compaction_attempt a;
};

struct compaction_tracker {
	attempt_fn fn;
	void *ctx;
	uint64_t last_tick;
	struct open_attempt open[MAX_OPEN];
};

struct compaction_tracker *compaction_tracker__new(attempt_fn fn, void *ctx)
{
	struct compaction_tracker *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->fn = fn;
	t->ctx = ctx;
	return t;
}

void compaction_tracker__free(struct compaction_tracker *t)
{
	free(t);
}

const char *compaction_outcome__name(enum compaction_outcome o)
{
	static const char *const names[OUTCOME_MAX] = {
		"success", "partial", "skipped", "deferred", "contended", "failed",
	};

	return o < OUTCOME_MAX ? names[o] : "?";
}

const char *compact_origin__name(uint32_t origin)
{
	switch (origin) {
	case COMPACT_ORIGIN_DIRECT: return "direct";
	case COMPACT_ORIGIN_KCOMPACTD: return "kcompactd";
	case COMPACT_ORIGIN_PROACTIVE: return "proactive";
	case COMPACT_ORIGIN_MANUAL: return "manual";
	}
	return "?";
}

enum compaction_outcome compaction_attempt__outcome(const struct compaction_attempt *a)
{
	if (a->reset_seen || a->result == CR_SUCCESS)
		return OUTCOME_SUCCESS;
	switch (a->result) {
	case CR_CONTENDED:
		return OUTCOME_CONTENDED;
	case CR_PARTIAL_SKIPPED:
		return OUTCOME_PARTIAL;
	case CR_COMPLETE:
		/* with no target order, compacting every zone to the end is the job done */
		return a->order < 0 ? OUTCOME_SUCCESS : OUTCOME_FAILED;
	case CR_DEFERRED:
		return OUTCOME_DEFERRED;
	}
	return OUTCOME_SKIPPED;
}

static void attempt__end(struct compaction_tracker *t, struct open_attempt *o, enum attempt_end why)
{
	struct compaction_attempt *a = &o->a;

	a->end = why;
	a->stall_ns = a->end_ts > a->start_ts ? a->end_ts - a->start_ts : 0;
	a->outcome = compaction_attempt__outcome(a);
	o->used = false;
	if (t->fn)
		t->fn(t->ctx, a);
}

static struct open_attempt *open__find(struct compaction_tracker *t, bool by_node, uint32_t key)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (t->open[i].used && t->open[i].by_node == by_node && t->open[i].key == key)
			return &t->open[i];
	return NULL;
}

/* A new attempt; when every slot is taken, the quietest attempt ends first. */
static struct open_attempt *open__new(struct compaction_tracker *t, bool by_node, uint32_t key, uint64_t ts)
{
	struct open_attempt *o = NULL;

	for (int i = 0; i < MAX_OPEN && !o; i++)
		if (!t->open[i].used)
			o = &t->open[i];
	if (!o) {
		o = &t->open[0];
		for (int i = 1; i < MAX_OPEN; i++)
			if (t->open[i].last_ts < o->last_ts)
				o = &t->open[i];
		attempt__end(t, o, ATTEMPT_END_IDLE);
	}
	memset(o, 0, sizeof(*o));
	o->used = true;
	o->by_node = by_node;
	o->key = key;
	o->last_ts = ts;
	o->a.node = -1;
	o->a.order = -1;
	o->a.priority = -1;
	o->a.result = -1;
	o->a.start_ts = ts;
	o->a.end_ts = ts;
	return o;
}

static void attempt__set_task(struct compaction_attempt *a, const struct task_ident *task)
{
	a->tid = task->pid;
	a->tgid = task->tgid;
	a->cgroup_id = task->cgroup_id;
	memcpy(a->comm, task->comm, sizeof(a->comm));
	a->comm[sizeof(a->comm) - 1] = '\0';
}

static void attempt__status(struct compaction_attempt *a, int32_t status)
{
	if (status > a->result)
		a->result = status;
}

static void on_try(struct compaction_tracker *t, const struct ev_compact_try *e)
{
	struct open_attempt *o = open__find(t, false, e->task.pid);

	if (e->step == COMPACT_TRY_END) {
		if (o && o->a.origin == COMPACT_ORIGIN_DIRECT)
			attempt__end(t, o, ATTEMPT_END_RECLAIM);
		return;
	}
	if (o)
		attempt__end(t, o, ATTEMPT_END_NEXT_TRY);
	o = open__new(t, false, e->task.pid, e->h.ts_ns);
	o->a.origin = COMPACT_ORIGIN_DIRECT;
	attempt__set_task(&o->a, &e->task);
	o->a.order = e->order;
	o->a.gfp = e->gfp;
	o->a.priority = e->priority;
}

static bool zone__at_or_before(const struct attempt_zone *last, const struct ev_compact_zone *e)
{
	return e->nid < last->node || (e->nid == last->node && e->zone_idx <= last->zone_idx);
}

static void on_zone(struct compaction_tracker *t, const struct ev_compact_zone *e)
{
	bool by_node = e->origin == COMPACT_ORIGIN_KCOMPACTD || e->origin == COMPACT_ORIGIN_PROACTIVE;
	uint32_t key = by_node ? (uint32_t)e->nid : e->task.pid;
	struct open_attempt *o = open__find(t, by_node, key);
	uint64_t begin = e->h.ts_ns - e->duration_ns;
	struct attempt_zone *z;

	if (o && !by_node && o->a.origin != e->origin) {
		attempt__end(t, o, ATTEMPT_END_NEXT_TRY);
		o = NULL;
	}
	/* manual compaction goes node by node, zone by zone: going back means a new write */
	if (o && e->origin == COMPACT_ORIGIN_MANUAL && o->a.nr_zones &&
	    zone__at_or_before(&o->a.zones[o->a.nr_zones - 1], e)) {
		attempt__end(t, o, ATTEMPT_END_RESTART);
		o = NULL;
	}
	if (!o) {
		o = open__new(t, by_node, key, begin);
		o->a.origin = e->origin;
		o->a.order = e->order;
		if (e->origin == COMPACT_ORIGIN_DIRECT) {
			/* the TRY was missed (tracing started mid-attempt) */
			o->a.gfp = e->gfp;
			o->a.priority = e->priority;
			if (e->try_ts && e->try_ts < begin)
				o->a.start_ts = e->try_ts;
		}
		if (by_node)
			o->a.node = e->nid;
	}
	if (!o->a.tid)
		attempt__set_task(&o->a, &e->task);
	if (by_node && o->a.order < 0 && e->order >= 0)
		o->a.order = e->order;
	if (o->a.nr_zones < ATTEMPT_MAX_ZONES) {
		z = &o->a.zones[o->a.nr_zones++];
		z->node = e->nid;
		z->zone_idx = e->zone_idx;
		z->status = e->status;
		z->suitable = e->suitable;
		z->duration_ns = e->duration_ns;
		z->migrated = e->nr_migrated;
		z->failed = e->nr_failed;
		z->migrate_scanned = e->isolate_scanned;
		z->free_scanned = e->free_scanned;
		z->isolated = e->isolate_taken + e->free_taken;
	} else {
		o->a.zones_dropped++;
	}
	o->a.migrated += e->nr_migrated;
	o->a.failed += e->nr_failed;
	o->a.zone_ns += e->duration_ns;
	attempt__status(&o->a, e->status);
	if (e->h.ts_ns > o->a.end_ts)
		o->a.end_ts = e->h.ts_ns;
	o->last_ts = e->h.ts_ns;
}

/* The attempt a task's defer record belongs to: its own, or its kcompactd node's. */
static struct open_attempt *open__of_task(struct compaction_tracker *t, uint32_t tid)
{
	struct open_attempt *o = open__find(t, false, tid);

	for (int i = 0; i < MAX_OPEN && !o; i++)
		if (t->open[i].used && t->open[i].by_node && t->open[i].a.tid == tid)
			o = &t->open[i];
	return o;
}

static void on_defer(struct compaction_tracker *t, const struct ev_compact_defer *e)
{
	struct open_attempt *o = open__of_task(t, e->task.pid);
	struct attempt_zone *z;

	if (!o)
		return;
	if (e->step == DEFER_STEP_DEFER_RESET) {
		o->a.reset_seen = true;
	} else if (e->step == DEFER_STEP_DEFERRED) {
		if (o->a.nr_zones < ATTEMPT_MAX_ZONES) {
			z = &o->a.zones[o->a.nr_zones++];
			memset(z, 0, sizeof(*z));
			z->node = e->nid;
			z->zone_idx = e->zone_idx;
			z->status = CR_DEFERRED;
			z->suitable = -1;
			z->deferred = true;
			z->considered = e->considered;
			z->defer_shift = e->defer_shift;
		} else {
			o->a.zones_dropped++;
		}
		attempt__status(&o->a, CR_DEFERRED);
	}
	/* deferral bookkeeping runs inside the attempt, after its zones */
	if (e->h.ts_ns > o->a.end_ts)
		o->a.end_ts = e->h.ts_ns;
	o->last_ts = e->h.ts_ns;
}

static void on_kcompactd(struct compaction_tracker *t, const struct ev_kcompactd *e)
{
	struct open_attempt *o = e->nid >= 0 ? open__find(t, true, (uint32_t)e->nid) : NULL;

	switch (e->step) {
	case KCOMPACTD_STEP_WAKE:
		if (o)
			attempt__end(t, o, ATTEMPT_END_NEXT_TRY);
		o = open__new(t, true, (uint32_t)e->nid, e->h.ts_ns);
		o->a.origin = COMPACT_ORIGIN_KCOMPACTD;
		o->a.node = e->nid;
		o->a.order = e->order;
		snprintf(o->a.comm, sizeof(o->a.comm), "kcompactd%d", e->nid);
		break;
	case KCOMPACTD_STEP_SLEEP:
		if (o)
			attempt__end(t, o, ATTEMPT_END_SLEEP);
		break;
	}
}

void compaction_tracker__tick(struct compaction_tracker *t, uint64_t now_ns)
{
	t->last_tick = now_ns;
	for (int i = 0; i < MAX_OPEN; i++) {
		struct open_attempt *o = &t->open[i];

		if (o->used && now_ns > o->last_ts + ATTEMPT_IDLE_NS)
			attempt__end(t, o, ATTEMPT_END_IDLE);
	}
}

void compaction_tracker__flush(struct compaction_tracker *t)
{
	/* oldest first, so output stays in time order */
	for (;;) {
		struct open_attempt *oldest = NULL;

		for (int i = 0; i < MAX_OPEN; i++)
			if (t->open[i].used && (!oldest || t->open[i].a.start_ts < oldest->a.start_ts))
				oldest = &t->open[i];
		if (!oldest)
			break;
		attempt__end(t, oldest, ATTEMPT_END_FLUSH);
	}
}

bool compaction_snapshot__wanted(struct compaction_snapshot_limit *l, const struct event_header *rec)
{
	const struct ev_compact_zone *e = (const void *)rec;

	if (rec->type != EV_COMPACT_ZONE || rec->size < sizeof(*e) || e->origin != COMPACT_ORIGIN_DIRECT)
		return false;
	if (e->status != CR_COMPLETE && e->status != CR_PARTIAL_SKIPPED)
		return false;
	if (l->last_ts && rec->ts_ns < l->last_ts + COMPACTION_SNAPSHOT_GAP_NS)
		return false;
	l->last_ts = rec->ts_ns;
	return true;
}

/* The snapshot read for one of an open attempt's records: its zones' free lists. */
static void on_zone_snapshot(struct compaction_tracker *t, const struct ev_zone_snapshot *s)
{
	struct open_attempt *o = NULL;
	int movable = -1;

	for (int i = 0; i < MAX_OPEN && !o; i++)
		if (t->open[i].used && t->open[i].a.start_ts <= s->for_event_ts && s->for_event_ts <= t->open[i].last_ts)
			o = &t->open[i];
	if (!o || !(s->flags & SNAP_HAS_BUDDY))
		return;
	o->a.buddy_ts = s->h.ts_ns;
	o->a.nr_buddy = 0;
	for (uint32_t z = 0; z < s->nr_zones && z < SNAP_MAX_ZONES && o->a.nr_buddy < ATTEMPT_BUDDY_ZONES; z++) {
		const struct zone_snap *zs = &s->zones[z];
		struct attempt_buddy *b = &o->a.buddy[o->a.nr_buddy];

		if (!zs->nr_orders)
			continue;
		o->a.nr_buddy++;
		b->node = zs->node;
		memcpy(b->name, zs->name, sizeof(b->name));
		b->name[sizeof(b->name) - 1] = '\0';
		b->nr_orders = zs->nr_orders < ATTEMPT_BUDDY_ORDERS ? (int)zs->nr_orders : ATTEMPT_BUDDY_ORDERS;
		movable = -1;
		if (s->flags & SNAP_HAS_PAGETYPE)
			for (uint32_t m = 0; m < zs->nr_mt && m < SNAP_MAX_MT; m++)
				if (!strncmp(zs->mt_name[m], "Movable", sizeof(zs->mt_name[m])))
					movable = m;
		for (int k = 0; k < b->nr_orders; k++) {
			b->free_blocks[k] = zs->free_blocks[k];
			b->movable_blocks[k] = movable >= 0 ? zs->free_by_mt[movable][k] : -1;
		}
	}
}

bool compaction_tracker__record(struct compaction_tracker *t, const struct event_header *rec)
{
	bool mine = true;

	if (rec->ts_ns > t->last_tick + TICK_EVERY_NS)
		compaction_tracker__tick(t, rec->ts_ns);
	switch (rec->type) {
	case EV_COMPACT_TRY:
		if (rec->size >= sizeof(struct ev_compact_try))
			on_try(t, (const struct ev_compact_try *)rec);
		break;
	case EV_COMPACT_ZONE:
		if (rec->size >= sizeof(struct ev_compact_zone))
			on_zone(t, (const struct ev_compact_zone *)rec);
		break;
	case EV_COMPACT_DEFER:
		if (rec->size >= sizeof(struct ev_compact_defer))
			on_defer(t, (const struct ev_compact_defer *)rec);
		break;
	case EV_KCOMPACTD:
		if (rec->size >= sizeof(struct ev_kcompactd))
			on_kcompactd(t, (const struct ev_kcompactd *)rec);
		break;
	case EV_ZONE_SNAPSHOT:
		/* shared with the slow path: seen, not consumed */
		if (rec->size >= sizeof(struct ev_zone_snapshot))
			on_zone_snapshot(t, (const struct ev_zone_snapshot *)rec);
		mine = false;
		break;
	default:
		mine = false;
	}
	return mine;
}
