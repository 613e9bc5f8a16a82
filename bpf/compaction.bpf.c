// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction: who compacts, how long it stalls, and why it fails.
 *
 * One EV_COMPACT_TRY per direct compaction attempt, one EV_COMPACT_ZONE per
 * zone compacted (begin..end of a task, with the scanners' and migration's
 * totals in between), EV_COMPACT_DEFER for the deferral bookkeeping and
 * EV_KCOMPACTD for the daemon. Everything between begin and end only updates
 * the per-task state below: no record per pageblock.
 *
 * begin/end/migratepages changed their arguments across versions but never
 * their record fields, so they are classic tracepoints. The others are
 * raw_tp (cheaper: no record is formatted) with a classic twin each
 * ("?tracepoint/", not loaded by default); the loader picks one of the two
 * per event, never both, or every event would count twice.
 */
#include "common.bpf.h"

#define PF_KTHREAD	0x00200000
#define MAX_NODES	64
#define COMPACT_CONTINUE_RET	4	/* enum compact_result: same number in every version */

/* What a task's compaction looks like right now. */
struct compact_task {
	/* the direct attempt (try_to_compact_pages) this task is in */
	__u64 try_ts;
	__u64 gfp;
	__s32 try_order;
	__s32 prio;
	__u32 try_open;
	/* the zone between begin and end */
	__u32 in_zone;
	__u64 begin_ts;
	__u64 zone_start;
	__u64 zone_end;
	__u64 migrate_pfn;
	__u64 free_pfn;
	__u64 nr_migrated;
	__u64 nr_failed;
	__u64 mig_scanned;
	__u64 mig_taken;
	__u64 free_scanned;
	__u64 free_taken;
	__u32 sync;
	__u32 migrate_calls;
	__s32 nid;
	__s32 idx;
	__s32 order;		/* cc->order, from finished/suitable */
	__s32 suitable;
	__s32 finished;
	__u32 is_kcompactd;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct compact_task);
} compact_tasks SEC(".maps");

/* Per node: has kcompactd done anything since it last went to sleep, and for which order. */
struct kcompactd_node {
	__s32 wake_order;	/* order of the last kcompactd_wake, -1 after sleep */
	__u32 busy;		/* something was recorded since the last sleep */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_NODES);
	__type(key, __u32);
	__type(value, struct kcompactd_node);
} compact_nodes SEC(".maps");

static const struct compact_task zero_task;

static __always_inline __u32 current__tid(void)
{
	return (__u32)bpf_get_current_pid_tgid();
}

static __always_inline struct compact_task *task__get(__u32 tid)
{
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);

	if (t)
		return t;
	bpf_map_update_elem(&compact_tasks, &tid, &zero_task, BPF_NOEXIST);
	return bpf_map_lookup_elem(&compact_tasks, &tid);
}

static __always_inline bool current__is_kcompactd(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	char comm[TASK_COMM_LEN];

	if (!(t->flags & PF_KTHREAD))
		return false;
	bpf_get_current_comm(comm, sizeof(comm));
	return comm[0] == 'k' && comm[1] == 'c' && comm[2] == 'o' && comm[3] == 'm' &&
	       comm[4] == 'p' && comm[5] == 'a' && comm[6] == 'c' && comm[7] == 't' && comm[8] == 'd';
}

static __always_inline struct kcompactd_node *node__get(__s32 nid)
{
	__u32 key = nid;

	if (nid < 0 || nid >= MAX_NODES)
		return NULL;
	return bpf_map_lookup_elem(&compact_nodes, &key);
}

/* ---- handlers shared by the raw_tp and classic programs ---- */

static __always_inline int on_try(int order, __u64 gfp, int prio)
{
	struct compact_task *t;
	struct ev_compact_try *e;

	if (!tracing_ready)
		return 0;
	t = task__get(current__tid());
	if (!t)
		return 0;
	e = record__reserve(sizeof(*e), EV_COMPACT_TRY, EV_COMPACT_TRY_V);
	if (!e)
		return 0;
	current__ident(&e->task);
	e->gfp = gfp;
	e->order = order;
	e->priority = prio;
	e->step = COMPACT_TRY_BEGIN;
	e->end_reason = 0;
	e->try_ts = e->h.ts_ns;
	t->try_ts = e->h.ts_ns;
	t->gfp = gfp;
	t->try_order = order;
	t->prio = prio;
	t->try_open = 1;
	record__submit(e, false);
	return 0;
}

/* The allocator went on to reclaim: the task's direct attempt is over. */
static __always_inline int on_reclaim_begin(__u32 reason)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);
	struct ev_compact_try *e;

	if (!t || !t->try_open)
		return 0;
	t->try_open = 0;
	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_COMPACT_TRY, EV_COMPACT_TRY_V);
	if (!e)
		return 0;
	current__ident(&e->task);
	e->gfp = t->gfp;
	e->order = t->try_order;
	e->priority = t->prio;
	e->step = COMPACT_TRY_END;
	e->end_reason = reason;
	e->try_ts = t->try_ts;
	record__submit(e, false);
	return 0;
}

static __always_inline void zone_rec__fill(struct ev_compact_zone *e, struct compact_task *t)
{
	current__ident(&e->task);
	e->zone_start = t->zone_start;
	e->zone_end = t->zone_end;
	e->migrate_pfn_start = t->migrate_pfn;
	e->free_pfn_start = t->free_pfn;
	e->nr_migrated = t->nr_migrated;
	e->nr_failed = t->nr_failed;
	e->isolate_scanned = t->mig_scanned;
	e->isolate_taken = t->mig_taken;
	e->free_scanned = t->free_scanned;
	e->free_taken = t->free_taken;
	e->nid = t->nid;
	e->zone_idx = t->idx;
	e->order = t->order;
	e->suitable = t->suitable;
	e->finished = t->finished;
	e->sync = t->sync;
	e->is_kcompactd = t->is_kcompactd;
	e->migrate_calls = t->migrate_calls;
	e->pad = 0;
	if (t->try_open) {
		e->try_ts = t->try_ts;
		e->gfp = t->gfp;
		e->priority = t->prio;
		e->origin = COMPACT_ORIGIN_DIRECT;
		if (e->order < -1)
			e->order = t->try_order;
	} else {
		e->try_ts = 0;
		e->gfp = 0;
		e->priority = -1;
		e->origin = t->is_kcompactd ? (e->order >= 0 ? COMPACT_ORIGIN_KCOMPACTD : COMPACT_ORIGIN_PROACTIVE)
					    : COMPACT_ORIGIN_MANUAL;
	}
}

/* mm_compaction_suitable: remembered for begin; a direct attempt's unsuitable zone is reported. */
static __always_inline int on_suitable(int nid, int idx, int order, int ret)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);
	struct ev_compact_zone *e;

	/* most callers (reclaim's compaction_ready, kswapd) have no attempt open */
	if (!t || !t->try_open || t->in_zone)
		return 0;
	t->nid = nid;
	t->idx = idx;
	t->order = order;
	t->suitable = ret;
	if (ret == COMPACT_CONTINUE_RET || !tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_COMPACT_ZONE, EV_COMPACT_ZONE_V);
	if (!e)
		return 0;
	t->zone_start = t->zone_end = t->migrate_pfn = t->free_pfn = 0;
	t->nr_migrated = t->nr_failed = t->mig_scanned = t->mig_taken = 0;
	t->free_scanned = t->free_taken = 0;
	t->migrate_calls = 0;
	t->finished = -1;
	t->sync = 0;
	t->is_kcompactd = 0;
	zone_rec__fill(e, t);
	e->duration_ns = 0;
	e->migrate_pfn_end = 0;
	e->free_pfn_end = 0;
	e->status = ret;
	record__submit(e, false);
	return 0;
}

/* mm_compaction_finished fires once per pageblock batch: keep it to a lookup and a few stores. */
static __always_inline int on_finished(int nid, int idx, int order, int ret)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);

	if (!t || !t->in_zone)
		return 0;
	t->nid = nid;
	t->idx = idx;
	t->order = order;
	t->finished = ret;
	return 0;
}

static __always_inline int on_defer(int nid, int idx, int order, __u32 considered, __u32 shift, int failed,
				    __u32 step)
{
	struct ev_compact_defer *e;

	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_COMPACT_DEFER, EV_COMPACT_DEFER_V);
	if (!e)
		return 0;
	current__ident(&e->task);
	e->nid = nid;
	e->zone_idx = idx;
	e->order = order;
	e->considered = considered;
	e->defer_shift = shift;
	e->order_failed = failed;
	e->step = step;
	e->pad = 0;
	record__submit(e, false);
	return 0;
}

static __always_inline int on_isolate(__u64 scanned, __u64 taken, bool migrate)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);

	/* outside begin..end it is CMA/alloc_contig isolation, not compaction */
	if (!t || !t->in_zone)
		return 0;
	if (migrate) {
		t->mig_scanned += scanned;
		t->mig_taken += taken;
	} else {
		t->free_scanned += scanned;
		t->free_taken += taken;
	}
	return 0;
}

static __always_inline int on_kcompactd(int nid, int order, int highest, __u32 step)
{
	struct kcompactd_node *n = node__get(nid);
	struct ev_kcompactd *e;

	if (n) {
		if (step == KCOMPACTD_STEP_WAKE) {
			n->wake_order = order;
			n->busy = 1;
		} else if (step == KCOMPACTD_STEP_SLEEP) {
			/* kcompactd passes here every 500ms: report only sleeps after work */
			bool was_busy = n->busy;

			n->busy = 0;
			n->wake_order = -1;
			if (!was_busy)
				return 0;
		}
	}
	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_KCOMPACTD, EV_KCOMPACTD_V);
	if (!e)
		return 0;
	e->nid = nid;
	e->order = order;
	e->highest_zone = highest;
	e->step = step;
	record__submit(e, false);
	return 0;
}

/* A struct zone's node and index, for the raw_tp programs. */
static __always_inline void zone__ids(struct zone *zone, int *nid, int *idx)
{
	struct pglist_data *pgdat = BPF_CORE_READ(zone, zone_pgdat);
	__u64 first = (__u64)pgdat + bpf_core_field_offset(struct pglist_data, node_zones);
	__u64 z;

	bpf_probe_read_kernel(&z, sizeof(z), &zone);
	*nid = BPF_CORE_READ(pgdat, node_id);
	*idx = (int)((z - first) / bpf_core_type_size(struct zone));
}

/* ---- begin / end / migratepages: classic only ---- */

SEC("tracepoint/compaction/mm_compaction_begin")
int compact_begin(struct trace_event_raw_mm_compaction_begin *ctx)
{
	struct compact_task *t = task__get(current__tid());

	if (!t)
		return 0;
	t->in_zone = 1;
	t->begin_ts = bpf_ktime_get_ns();
	t->zone_start = ctx->zone_start;
	t->zone_end = ctx->zone_end;
	t->migrate_pfn = ctx->migrate_pfn;
	t->free_pfn = ctx->free_pfn;
	t->sync = ctx->sync;
	t->nr_migrated = t->nr_failed = 0;
	t->mig_scanned = t->mig_taken = 0;
	t->free_scanned = t->free_taken = 0;
	t->migrate_calls = 0;
	t->finished = -1;
	t->is_kcompactd = current__is_kcompactd();
	if (!t->try_open) {
		/* no suitable check ran for this zone (kcompactd checks before, compact_memory never) */
		t->suitable = -1;
		t->nid = -1;
		t->idx = -1;
		t->order = -2;
	}
	return 0;
}

SEC("tracepoint/compaction/mm_compaction_end")
int compact_end(struct trace_event_raw_mm_compaction_end *ctx)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);
	struct ev_compact_zone *e;
	struct kcompactd_node *n;

	if (!t || !t->in_zone)
		return 0;
	t->in_zone = 0;
	if (t->is_kcompactd) {
		n = node__get(t->nid);
		if (n)
			n->busy = 1;
	}
	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_COMPACT_ZONE, EV_COMPACT_ZONE_V);
	if (!e)
		return 0;
	zone_rec__fill(e, t);
	e->duration_ns = e->h.ts_ns - t->begin_ts;
	e->migrate_pfn_end = ctx->migrate_pfn;
	e->free_pfn_end = ctx->free_pfn;
	e->status = ctx->status;
	record__submit(e, false);
	/* the next zone learns its own node and index */
	t->nid = -1;
	t->idx = -1;
	t->suitable = -1;
	return 0;
}

SEC("tracepoint/compaction/mm_compaction_migratepages")
int compact_migratepages(struct trace_event_raw_mm_compaction_migratepages *ctx)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);

	if (!t || !t->in_zone)
		return 0;
	t->nr_migrated += ctx->nr_migrated;
	t->nr_failed += ctx->nr_failed;
	t->migrate_calls++;
	return 0;
}

/* ---- raw_tp programs ---- */

SEC("raw_tp/mm_compaction_try_to_compact_pages")
int BPF_PROG(compact_try, int order, gfp_t gfp_mask, int prio)
{
	return on_try(order, gfp_mask, prio);
}

SEC("raw_tp/mm_compaction_suitable")
int BPF_PROG(compact_suitable, struct zone *zone, int order, int ret)
{
	int nid, idx;

	zone__ids(zone, &nid, &idx);
	return on_suitable(nid, idx, order, ret);
}

SEC("raw_tp/mm_compaction_finished")
int BPF_PROG(compact_finished, struct zone *zone, int order, int ret)
{
	__u32 tid = current__tid();
	struct compact_task *t = bpf_map_lookup_elem(&compact_tasks, &tid);
	int nid, idx;

	if (!t || !t->in_zone)
		return 0;
	if (t->nid < 0) {
		/* the zone does not change between begin and end: resolve it once */
		zone__ids(zone, &nid, &idx);
		t->nid = nid;
		t->idx = idx;
	}
	t->order = order;
	t->finished = ret;
	return 0;
}

static __always_inline int defer_btf(struct zone *zone, int order, __u32 step)
{
	int nid, idx;

	zone__ids(zone, &nid, &idx);
	return on_defer(nid, idx, order, BPF_CORE_READ(zone, compact_considered),
			BPF_CORE_READ(zone, compact_defer_shift), BPF_CORE_READ(zone, compact_order_failed), step);
}

SEC("raw_tp/mm_compaction_deferred")
int BPF_PROG(compact_deferred, struct zone *zone, int order)
{
	return defer_btf(zone, order, DEFER_STEP_DEFERRED);
}

SEC("raw_tp/mm_compaction_defer_compaction")
int BPF_PROG(compact_defer_compaction, struct zone *zone, int order)
{
	return defer_btf(zone, order, DEFER_STEP_DEFER_COMPACTION);
}

SEC("raw_tp/mm_compaction_defer_reset")
int BPF_PROG(compact_defer_reset, struct zone *zone, int order)
{
	return defer_btf(zone, order, DEFER_STEP_DEFER_RESET);
}

SEC("raw_tp/mm_compaction_isolate_migratepages")
int BPF_PROG(compact_isolate_migrate, unsigned long start_pfn, unsigned long end_pfn, unsigned long nr_scanned,
	     unsigned long nr_taken)
{
	return on_isolate(nr_scanned, nr_taken, true);
}

SEC("raw_tp/mm_compaction_isolate_freepages")
int BPF_PROG(compact_isolate_free, unsigned long start_pfn, unsigned long end_pfn, unsigned long nr_scanned,
	     unsigned long nr_taken)
{
	return on_isolate(nr_scanned, nr_taken, false);
}

/* 6.5+ */
SEC("raw_tp/mm_compaction_fast_isolate_freepages")
int BPF_PROG(compact_fast_isolate_free, unsigned long start_pfn, unsigned long end_pfn, unsigned long nr_scanned,
	     unsigned long nr_taken)
{
	return on_isolate(nr_scanned, nr_taken, false);
}

SEC("raw_tp/mm_compaction_kcompactd_sleep")
int BPF_PROG(compact_kcompactd_sleep, int nid)
{
	return on_kcompactd(nid, -1, -1, KCOMPACTD_STEP_SLEEP);
}

SEC("raw_tp/mm_compaction_kcompactd_wake")
int BPF_PROG(compact_kcompactd_wake, int nid, int order, enum zone_type highest)
{
	return on_kcompactd(nid, order, highest, KCOMPACTD_STEP_WAKE);
}

SEC("raw_tp/mm_compaction_wakeup_kcompactd")
int BPF_PROG(compact_wakeup_kcompactd, int nid, int order, enum zone_type highest)
{
	return on_kcompactd(nid, order, highest, KCOMPACTD_STEP_WAKEUP_REQ);
}

SEC("raw_tp/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(compact_reclaim_begin, int order, gfp_t gfp)
{
	return on_reclaim_begin(COMPACT_END_DIRECT_RECLAIM);
}

SEC("raw_tp/mm_vmscan_node_reclaim_begin")
int BPF_PROG(compact_node_reclaim_begin, int nid, int order, gfp_t gfp)
{
	return on_reclaim_begin(COMPACT_END_NODE_RECLAIM);
}

/* ---- classic twins, for kernels without raw_tp ---- */

SEC("?tracepoint/compaction/mm_compaction_try_to_compact_pages")
int compact_try_tp(struct trace_event_raw_mm_compaction_try_to_compact_pages *ctx)
{
	__u64 gfp;

	/* gfp_mask widened from gfp_t to unsigned long in 5.19 */
	if (bpf_core_field_size(ctx->gfp_mask) == 4)
		gfp = *(__u32 *)((void *)ctx + bpf_core_field_offset(ctx->gfp_mask));
	else
		gfp = ctx->gfp_mask;
	return on_try(ctx->order, gfp, ctx->prio);
}

SEC("?tracepoint/compaction/mm_compaction_suitable")
int compact_suitable_tp(struct trace_event_raw_mm_compaction_suitable_template *ctx)
{
	return on_suitable(ctx->nid, ctx->idx, ctx->order, ctx->ret);
}

SEC("?tracepoint/compaction/mm_compaction_finished")
int compact_finished_tp(struct trace_event_raw_mm_compaction_suitable_template *ctx)
{
	return on_finished(ctx->nid, ctx->idx, ctx->order, ctx->ret);
}

SEC("?tracepoint/compaction/mm_compaction_deferred")
int compact_deferred_tp(struct trace_event_raw_mm_compaction_defer_template *ctx)
{
	return on_defer(ctx->nid, ctx->idx, ctx->order, ctx->considered, ctx->defer_shift, ctx->order_failed,
			DEFER_STEP_DEFERRED);
}

SEC("?tracepoint/compaction/mm_compaction_defer_compaction")
int compact_defer_compaction_tp(struct trace_event_raw_mm_compaction_defer_template *ctx)
{
	return on_defer(ctx->nid, ctx->idx, ctx->order, ctx->considered, ctx->defer_shift, ctx->order_failed,
			DEFER_STEP_DEFER_COMPACTION);
}

SEC("?tracepoint/compaction/mm_compaction_defer_reset")
int compact_defer_reset_tp(struct trace_event_raw_mm_compaction_defer_template *ctx)
{
	return on_defer(ctx->nid, ctx->idx, ctx->order, ctx->considered, ctx->defer_shift, ctx->order_failed,
			DEFER_STEP_DEFER_RESET);
}

SEC("?tracepoint/compaction/mm_compaction_isolate_migratepages")
int compact_isolate_migrate_tp(struct trace_event_raw_mm_compaction_isolate_template *ctx)
{
	return on_isolate(ctx->nr_scanned, ctx->nr_taken, true);
}

SEC("?tracepoint/compaction/mm_compaction_isolate_freepages")
int compact_isolate_free_tp(struct trace_event_raw_mm_compaction_isolate_template *ctx)
{
	return on_isolate(ctx->nr_scanned, ctx->nr_taken, false);
}

SEC("?tracepoint/compaction/mm_compaction_fast_isolate_freepages")
int compact_fast_isolate_free_tp(struct trace_event_raw_mm_compaction_isolate_template *ctx)
{
	return on_isolate(ctx->nr_scanned, ctx->nr_taken, false);
}

SEC("?tracepoint/compaction/mm_compaction_kcompactd_sleep")
int compact_kcompactd_sleep_tp(struct trace_event_raw_mm_compaction_kcompactd_sleep *ctx)
{
	return on_kcompactd(ctx->nid, -1, -1, KCOMPACTD_STEP_SLEEP);
}

SEC("?tracepoint/compaction/mm_compaction_kcompactd_wake")
int compact_kcompactd_wake_tp(struct trace_event_raw_kcompactd_wake_template *ctx)
{
	return on_kcompactd(ctx->nid, ctx->order, ctx->highest_zoneidx, KCOMPACTD_STEP_WAKE);
}

SEC("?tracepoint/compaction/mm_compaction_wakeup_kcompactd")
int compact_wakeup_kcompactd_tp(struct trace_event_raw_kcompactd_wake_template *ctx)
{
	return on_kcompactd(ctx->nid, ctx->order, ctx->highest_zoneidx, KCOMPACTD_STEP_WAKEUP_REQ);
}

SEC("?tracepoint/vmscan/mm_vmscan_direct_reclaim_begin")
int compact_reclaim_begin_tp(void *ctx)
{
	return on_reclaim_begin(COMPACT_END_DIRECT_RECLAIM);
}

SEC("?tracepoint/vmscan/mm_vmscan_node_reclaim_begin")
int compact_node_reclaim_begin_tp(void *ctx)
{
	return on_reclaim_begin(COMPACT_END_NODE_RECLAIM);
}
