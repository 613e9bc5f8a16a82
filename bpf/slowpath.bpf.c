// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator slow path: allocation failures (mm_page_alloc with a
 * NULL page), reclaim passes, kswapd, throttling, the allocator's retry
 * decisions and fragmenting fallbacks.
 *
 * Program names pair a raw_tp program with its classic-tracepoint fallback:
 * raw_tp_X and tp_X. The raw_tp ones load by default; every tp_X, and every
 * program that only some kernels have, is marked "?" (not loaded unless the
 * loader turns it on with bpf_program__set_autoload). See
 * slowpath_progs.c for the choice.
 *
 * Overhead: raw_tp_mm_page_alloc runs on every page allocation; on success
 * it is one NULL test and a return, in a function that saves no register
 * (streaming, when --stream-allocs asks for it, and failures are a call
 * away). Everything else runs only under memory pressure.
 */
#include "common.bpf.h"
#include "stream.bpf.h"

/* Set by user space before load (rodata). */
const volatile __u32 cfg_alloc_fail_per_sec = 50;	/* records per second; 0: no limit */
const volatile __u32 cfg_extfrag_per_sec = 20;
const volatile bool cfg_stream_allocs = false;
const volatile __u32 cfg_stream_every = 1;		/* stream one allocation in N */

#define RECLAIM_WB_ANON 0x1
#define RECLAIM_WB_FILE 0x2

/* Failures by order x eligible zone x migratetype: exact, per CPU, summed by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FAIL_HIST_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} fail_hist SEC(".maps");

enum rate_id {
	RATE_ALLOC_FAIL = 0,
	RATE_EXTFRAG = 1,
	RATE_MAX,
};

/* One-second windows shared by all CPUs. The budget test races (a few extra
 * records at worst); the counting of what was held back does not. */
struct rate_window {
	__u64 sec;
	__u64 sent;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RATE_MAX);
	__type(key, __u32);
	__type(value, struct rate_window);
} rate_windows SEC(".maps");

/* Held back on this CPU since its last record: goes out as suppressed_before. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RATE_MAX);
	__type(key, __u32);
	__type(value, __u64);
} rate_carry SEC(".maps");

/* Streaming: per-CPU allocation count for --stream-allocs=EVERY. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} stream_seq SEC(".maps");


/* A reclaim pass in progress. Passes nest (softlimit reclaim inside direct
 * reclaim): figures go to the innermost pass only. */
struct reclaim_frame {
	__u64 start_ns;
	__u64 gfp;
	__u64 scanned_anon;
	__u64 scanned_file;
	__u64 reclaimed_anon;
	__u64 reclaimed_file;
	__u64 swapouts;
	__u64 pageout_anon;
	__u64 pageout_file;
	__s32 order;
	__s32 nid;
	__u32 kind;
	__u32 pad;
};

#define RECLAIM_DEPTH 2

struct reclaim_stack {
	struct reclaim_frame f[RECLAIM_DEPTH];
	__u32 depth;
	__u32 lost;	/* begins that did not fit: their ends are ignored */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);	/* thread id */
	__type(value, struct reclaim_stack);
} reclaim_passes SEC(".maps");

/* A zeroed value to insert from (too big for the BPF stack in a loop-free way). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct reclaim_stack);
} reclaim_zero SEC(".maps");

/* ---- context ---- */

/* Smallest kernel stack of the architectures we run on (x86_64, arm64);
 * KASAN builds double it: user space sets cfg_thread_size then. */
const volatile __u64 cfg_thread_size = 16384;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ctx_scratch SEC(".maps");

/*
 * CTX_* for the running code. preempt_count() would say it exactly, but on
 * x86 it is the per-CPU __preempt_count, which a BPF program can only reach
 * through kallsyms (CONFIG_KALLSYMS_ALL; not set on common distribution
 * kernels, and not here: "failed to find the address for kernel symbol").
 * What every kernel allows: a raw_tp program's ctx is the argument array
 * bpf_trace_runN() keeps on the stack of the traced code, so if it is not
 * inside current's task stack, the allocation ran on an interrupt stack: a
 * hardirq, or a softirq run from irq_exit or local_bh_enable (x86_64 and
 * arm64 switch stacks for both). (Our own frame pointer will not do: 6.13+
 * may give a program a private per-CPU stack.)
 *
 * Hardirq and softirq are not told apart (CTX_IRQ_STACK). It under-reports,
 * never over-reports: softirqs run by ksoftirqd, and x86_64 interrupts that
 * arrive in user mode (they stay on the task stack, and so do the softirqs
 * irq_exit runs after them) look like task context. Measured on 6.18: 99% of
 * irq_handler_entry, 81% of softirq_entry, 79% of local_timer_entry flagged;
 * 0 of 2831 sched_switch. Classic tracepoints pass a per-CPU buffer as ctx:
 * they report 0 (unknown).
 */
static __always_inline __u32 ctx__flags_btf(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u64 base = (__u64)BPF_CORE_READ(t, stack);
	__u32 zero = 0;
	__u64 *slot, at;

	slot = bpf_map_lookup_elem(&ctx_scratch, &zero);
	if (!slot || !base)
		return 0;
	/* the pointer, laundered through memory into a plain number */
	*(void **)slot = ctx;
	at = *(volatile __u64 *)slot;
	if (at > base && at - base < cfg_thread_size)
		return 0;
	return CTX_IRQ_STACK;
}

/* ZONE_HIGHMEM is only in 32-bit kernels' enum: name it through a flavour. */
enum zone_type___opt {
	ZONE_HIGHMEM___opt = 1,
};

/* The highest zone a gfp may use: the kernel's gfp_zone(), with this kernel's zone numbers. */
static __always_inline int gfp__zone(__u64 gfp)
{
	int normal = bpf_core_enum_value(enum zone_type, ZONE_NORMAL);

	if (gfp & 0x1) {	/* __GFP_DMA */
		if (bpf_core_enum_value_exists(enum zone_type, ZONE_DMA))
			return bpf_core_enum_value(enum zone_type, ZONE_DMA);
		return normal;
	}
	if (gfp & 0x4) {	/* __GFP_DMA32 */
		if (bpf_core_enum_value_exists(enum zone_type, ZONE_DMA32))
			return bpf_core_enum_value(enum zone_type, ZONE_DMA32);
		return normal;
	}
	if ((gfp & 0xa) == 0xa)	/* __GFP_HIGHMEM | __GFP_MOVABLE */
		return bpf_core_enum_value(enum zone_type, ZONE_MOVABLE);
	if (gfp & 0x2) {	/* __GFP_HIGHMEM */
		if (bpf_core_enum_value_exists(enum zone_type___opt, ZONE_HIGHMEM___opt))
			return bpf_core_enum_value(enum zone_type___opt, ZONE_HIGHMEM___opt);
		return normal;
	}
	return normal;
}

/* Classic records hold gfp as 4 bytes up to 5.18 and 8 bytes from 5.19. */
#define TP_GFP(ctx)                                                               \
	({                                                                        \
		__u64 __gfp = 0;                                                  \
		bpf_core_read(&__gfp, bpf_core_field_size((ctx)->gfp_flags),      \
			      &(ctx)->gfp_flags);                                 \
		__gfp;                                                            \
	})

static __always_inline __s32 stack__take(void *ctx)
{
	long id = bpf_get_stackid(ctx, &stacks, 0);

	if (id < 0) {
		counter__add(CNT_STACK_LOST, 1);
		return -1;
	}
	return id;
}

/* ---- rate limit ---- */

static __always_inline bool rate__allow(__u32 which, __u32 limit)
{
	struct rate_window *w;
	__u64 sec;

	if (!limit)
		return true;
	w = bpf_map_lookup_elem(&rate_windows, &which);
	if (!w)
		return true;
	sec = bpf_ktime_get_ns() / 1000000000ULL;
	if (w->sec != sec) {
		w->sec = sec;
		w->sent = 0;
	}
	if (w->sent >= limit)
		return false;
	__sync_fetch_and_add(&w->sent, 1);
	return true;
}

/* Held back: counted exactly, and carried into this CPU's next record. */
static __always_inline void rate__suppress(__u32 which, __u32 counter)
{
	__u64 *carry = bpf_map_lookup_elem(&rate_carry, &which);

	counter__add(counter, 1);
	if (carry)
		*carry += 1;
}

static __always_inline __u32 rate__take_carry(__u32 which)
{
	__u64 *carry = bpf_map_lookup_elem(&rate_carry, &which);
	__u64 n = 0;

	if (carry) {
		n = *carry;
		*carry = 0;
	}
	return n > 0xffffffffULL ? 0xffffffffU : (__u32)n;
}

/* ---- mm_page_alloc ---- */

#define MEMCG_WALK_MAX 8	/* cgroup levels looked at above the charged one */

/* The memcg a __GFP_ACCOUNT page of current is charged to: its active_memcg
 * (remote charging), else its own. css is the first member of mem_cgroup. */
static __always_inline struct mem_cgroup *memcg__charged(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct mem_cgroup *m = NULL;
	int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);

	if (bpf_core_field_exists(t->active_memcg))
		m = BPF_CORE_READ(t, active_memcg);
	if (!m && id >= 0 && id < CGROUP_SUBSYS_COUNT)
		m = (struct mem_cgroup *)BPF_CORE_READ(t, cgroups, subsys[id]);
	return m;
}

/* Which memcg had no room: the charged one or an ancestor (usage + pages > max). */
static __always_inline void memcg__limit(struct ev_alloc_fail *e, __u32 order)
{
	struct mem_cgroup *m = memcg__charged();
	__u64 pages = 1ULL << (order & 15);

	e->charge_memcg_id = 0;
	e->limit_memcg_id = 0;
	e->limit_usage_pages = 0;
	e->limit_max_pages = 0;
	if (!m || !bpf_core_field_exists(m->memory.max))
		return;
	e->charge_memcg_id = BPF_CORE_READ(m, css.cgroup, kn, id);
	for (int i = 0; i < MEMCG_WALK_MAX && m; i++) {
		__u64 usage = BPF_CORE_READ(m, memory.usage.counter);
		__u64 max = BPF_CORE_READ(m, memory.max);

		if (i == 0 || usage + pages > max) {
			e->limit_usage_pages = usage;
			e->limit_max_pages = max;
		}
		if (usage + pages > max) {
			e->limit_memcg_id = BPF_CORE_READ(m, css.cgroup, kn, id);
			return;
		}
		m = (struct mem_cgroup *)BPF_CORE_READ(m, css.parent);
	}
}

static __always_inline void alloc__fail(void *ctx, __u32 order, __u64 gfp, int mt, __u32 cflags)
{
	struct ev_alloc_fail *e;
	int zone = gfp__zone(gfp);
	__u32 slot = fail_hist_slot(order, zone, mt < 0 ? MAX_MIGRATETYPES - 1 : mt);
	__u64 *cell;

	counter__add(CNT_ALLOC_FAIL_TOTAL, 1);
	cell = bpf_map_lookup_elem(&fail_hist, &slot);
	if (cell)
		*cell += 1;

	if (!rate__allow(RATE_ALLOC_FAIL, cfg_alloc_fail_per_sec)) {
		rate__suppress(RATE_ALLOC_FAIL, CNT_ALLOC_FAIL_SUPPRESSED);
		return;
	}
	e = record__reserve(sizeof(*e), EV_ALLOC_FAIL, EV_ALLOC_FAIL_V);
	if (!e) {
		/* counted as ring-buffer loss too; held back all the same */
		rate__suppress(RATE_ALLOC_FAIL, CNT_ALLOC_FAIL_SUPPRESSED);
		return;
	}
	current__ident(&e->task);
	e->gfp = gfp;
	e->order = order;
	e->migratetype = mt;
	e->highest_zone = zone;
	e->ctx = cflags;
	e->stack_id = stack__take(ctx);
	e->suppressed_before = rate__take_carry(RATE_ALLOC_FAIL);
	memcg__limit(e, order);
	record__submit(e, true);
}

/* Into this CPU's batch; out to the ring buffer when it is full or stale.
 * The program never nests on one CPU (bpf_trace_run skips a recursion), so
 * the batch needs no lock. */
static __always_inline void alloc__stream(__u64 pfn, __u32 order, __u64 gfp, int mt, __u8 flags)
{
	struct page_alloc_item *it;
	struct stream_batch *b;
	__u32 zero = 0, nr;
	__u64 *seq, now;

	if (cfg_stream_every > 1) {
		seq = bpf_map_lookup_elem(&stream_seq, &zero);
		if (!seq)
			return;
		if ((*seq)++ % cfg_stream_every) {
			counter__add(CNT_PAGE_ALLOC_SAMPLED_OUT, 1);
			return;
		}
	}
	b = bpf_map_lookup_elem(&stream_batches, &zero);
	if (!b)
		return;
	if (b->busy) {
		stream__busy_one(pfn, order, gfp, mt, flags);
		return;
	}
	nr = b->nr;
	now = bpf_jiffies64();
	if (nr >= STREAM_BATCH)
		nr = 0;
	if (!nr) {
		b->first_ts = bpf_ktime_get_ns();
		b->first_jiffies = now;
	}
	it = &b->items[nr];
	stream__item(it, pfn, order, gfp, mt, flags);
	b->nr = ++nr;
	if (nr == STREAM_BATCH || now - b->first_jiffies >= STREAM_FLUSH_JIFFIES)
		stream__flush(b);
}

/* All but a plain success, in a function of its own: the JIT then saves no
 * register and loads no other argument for the allocations that only need the
 * NULL test (make bench counts them: ~10 guest instructions per page fault). */
static __noinline int page_alloc__slow(unsigned long long *ctx)
{
	struct page *page = (void *)ctx[0];
	unsigned int order = ctx[1];
	gfp_t gfp = ctx[2];
	int mt = ctx[3];

	if (!tracing_ready)
		return 0;
	if (page) {		/* only here when streaming */
		alloc__stream((__u64)page, order, gfp, mt, PAGE_ALLOC_PFN_IS_PAGE);
		return 0;
	}
	alloc__fail(ctx, order, gfp, mt, ctx__flags_btf(ctx));
	if (cfg_stream_allocs)
		alloc__stream(~0ULL, order, gfp, mt, 0);
	return 0;
}

/* Every page allocation of the machine passes here. raw_tp arguments are
 * plain numbers: the page is tested as one. */
SEC("raw_tp/mm_page_alloc")
int raw_tp_mm_page_alloc(unsigned long long *ctx)
{
	if (ctx[0] && !cfg_stream_allocs)
		return 0;
	return page_alloc__slow(ctx);
}

SEC("?tracepoint/kmem/mm_page_alloc")
int tp_mm_page_alloc(struct trace_event_raw_mm_page_alloc *ctx)
{
	__u64 pfn = ctx->pfn;

	if (pfn != ~0UL) {
		if (cfg_stream_allocs && tracing_ready)
			alloc__stream(pfn, ctx->order, TP_GFP(ctx), ctx->migratetype, 0);
		return 0;
	}
	if (!tracing_ready)
		return 0;
	alloc__fail(ctx, ctx->order, TP_GFP(ctx), ctx->migratetype, 0);
	if (cfg_stream_allocs)
		alloc__stream(pfn, ctx->order, TP_GFP(ctx), ctx->migratetype, 0);
	return 0;
}

/* ---- reclaim passes ---- */

/* Frame i (0 or 1) by a branch, not an index: 6.1's verifier loses the bound of
 * a variable index into a map value ("unbounded memory access"). */
static __always_inline struct reclaim_frame *reclaim__frame(struct reclaim_stack *st, __u32 i)
{
	if (i == 0)
		return &st->f[0];
	if (i == 1)
		return &st->f[1];
	return NULL;
}

static __always_inline void reclaim__begin(__u32 kind, int order, __u64 gfp, int nid)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct reclaim_stack *st;
	struct reclaim_frame *f;
	__u32 zero = 0, d;

	if (!tracing_ready)
		return;
	st = bpf_map_lookup_elem(&reclaim_passes, &tid);
	if (!st) {
		struct reclaim_stack *z = bpf_map_lookup_elem(&reclaim_zero, &zero);

		if (!z)
			return;
		if (bpf_map_update_elem(&reclaim_passes, &tid, z, BPF_NOEXIST) &&
		    !bpf_map_lookup_elem(&reclaim_passes, &tid)) {
			counter__add(CNT_TASK_STATE_FULL, 1);
			return;
		}
		st = bpf_map_lookup_elem(&reclaim_passes, &tid);
		if (!st)
			return;
	}
	d = st->depth;
	f = reclaim__frame(st, d);
	if (!f) {
		st->lost++;
		return;
	}
	__builtin_memset(f, 0, sizeof(*f));
	f->start_ns = bpf_ktime_get_ns();
	f->gfp = gfp;
	f->order = order;
	f->nid = nid;
	f->kind = kind;
	st->depth = d + 1;
}

static __always_inline void reclaim__end(__u32 kind, __u64 nr_reclaimed)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct reclaim_stack *st;
	struct reclaim_frame *f;
	struct ev_reclaim *e;
	__u32 d;

	st = bpf_map_lookup_elem(&reclaim_passes, &tid);
	if (!st)
		return;		/* began before tracing started */
	if (st->lost) {
		st->lost--;
		return;
	}
	d = st->depth;
	f = d ? reclaim__frame(st, d - 1) : NULL;
	if (!f) {
		bpf_map_delete_elem(&reclaim_passes, &tid);
		return;
	}
	if (f->kind != kind) {
		/* a begin we never saw: drop the frame rather than misattribute */
		st->depth = d - 1;
		goto out;
	}
	e = record__reserve(sizeof(*e), EV_RECLAIM, EV_RECLAIM_V);
	if (e) {
		current__ident(&e->task);
		e->gfp = f->gfp;
		e->duration_ns = e->h.ts_ns - f->start_ns;
		e->nr_reclaimed = nr_reclaimed;
		e->scanned_anon = f->scanned_anon;
		e->scanned_file = f->scanned_file;
		e->reclaimed_anon = f->reclaimed_anon;
		e->reclaimed_file = f->reclaimed_file;
		e->swapouts = f->swapouts;
		e->kind = kind;
		e->order = f->order;
		e->nid = f->nid;
		e->pad = 0;
		e->pageout_anon = f->pageout_anon;
		e->pageout_file = f->pageout_file;
		record__submit(e, false);
	}
	st->depth = d - 1;
out:
	if (st->depth == 0)
		bpf_map_delete_elem(&reclaim_passes, &tid);
}

/* The innermost pass this task is in, or NULL (kswapd, or not tracking). */
static __always_inline struct reclaim_frame *reclaim__current(void)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct reclaim_stack *st = bpf_map_lookup_elem(&reclaim_passes, &tid);
	__u32 d;

	if (!st)
		return NULL;
	d = st->depth;
	return d ? reclaim__frame(st, d - 1) : NULL;
}

/* One lru_shrink_inactive: into the pass and into the machine-wide counters. */
static __always_inline void reclaim__shrink(__u64 scanned, __u64 reclaimed, bool file,
					    __u64 pageout, bool has_pageout)
{
	struct reclaim_frame *f;

	if (!tracing_ready)
		return;
	counter__add(file ? CNT_SCANNED_FILE : CNT_SCANNED_ANON, scanned);
	counter__add(file ? CNT_RECLAIMED_FILE : CNT_RECLAIMED_ANON, reclaimed);
	f = reclaim__current();
	if (!f)
		return;
	if (file) {
		f->scanned_file += scanned;
		f->reclaimed_file += reclaimed;
		if (has_pageout)
			f->pageout_file += pageout;
	} else {
		f->scanned_anon += scanned;
		f->reclaimed_anon += reclaimed;
		if (has_pageout)
			f->pageout_anon += pageout;
	}
}

/* One folio written by reclaim: RECLAIM_WB_ANON means swap (or shmem to swap). */
static __always_inline void reclaim__writeout(__u32 flags, __u64 nr)
{
	struct reclaim_frame *f;

	if (!tracing_ready)
		return;
	if (flags & RECLAIM_WB_ANON)
		counter__add(CNT_SWAPOUTS, nr);
	else
		counter__add(CNT_PAGEOUT_FILE, nr);
	if (!(flags & RECLAIM_WB_ANON))
		return;
	f = reclaim__current();
	if (f)
		f->swapouts += nr;
}

SEC("raw_tp/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(raw_tp_mm_vmscan_direct_reclaim_begin, int order, gfp_t gfp)
{
	reclaim__begin(RECLAIM_DIRECT, order, gfp, -1);
	return 0;
}

SEC("raw_tp/mm_vmscan_direct_reclaim_end")
int BPF_PROG(raw_tp_mm_vmscan_direct_reclaim_end, unsigned long nr_reclaimed)
{
	reclaim__end(RECLAIM_DIRECT, nr_reclaimed);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_begin")
int BPF_PROG(raw_tp_mm_vmscan_memcg_reclaim_begin, int order, gfp_t gfp)
{
	reclaim__begin(RECLAIM_MEMCG, order, gfp, -1);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_end")
int BPF_PROG(raw_tp_mm_vmscan_memcg_reclaim_end, unsigned long nr_reclaimed)
{
	reclaim__end(RECLAIM_MEMCG, nr_reclaimed);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_softlimit_reclaim_begin")
int BPF_PROG(raw_tp_mm_vmscan_memcg_softlimit_reclaim_begin, int order, gfp_t gfp)
{
	reclaim__begin(RECLAIM_MEMCG_SOFTLIMIT, order, gfp, -1);
	return 0;
}

SEC("raw_tp/mm_vmscan_memcg_softlimit_reclaim_end")
int BPF_PROG(raw_tp_mm_vmscan_memcg_softlimit_reclaim_end, unsigned long nr_reclaimed)
{
	reclaim__end(RECLAIM_MEMCG_SOFTLIMIT, nr_reclaimed);
	return 0;
}

SEC("raw_tp/mm_vmscan_node_reclaim_begin")
int BPF_PROG(raw_tp_mm_vmscan_node_reclaim_begin, int nid, int order, gfp_t gfp)
{
	reclaim__begin(RECLAIM_NODE, order, gfp, nid);
	return 0;
}

SEC("raw_tp/mm_vmscan_node_reclaim_end")
int BPF_PROG(raw_tp_mm_vmscan_node_reclaim_end, unsigned long nr_reclaimed)
{
	reclaim__end(RECLAIM_NODE, nr_reclaimed);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_direct_reclaim_begin")
int tp_mm_vmscan_direct_reclaim_begin(struct trace_event_raw_mm_vmscan_direct_reclaim_begin_template *ctx)
{
	reclaim__begin(RECLAIM_DIRECT, ctx->order, TP_GFP(ctx), -1);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_direct_reclaim_end")
int tp_mm_vmscan_direct_reclaim_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim__end(RECLAIM_DIRECT, ctx->nr_reclaimed);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_memcg_reclaim_begin")
int tp_mm_vmscan_memcg_reclaim_begin(struct trace_event_raw_mm_vmscan_direct_reclaim_begin_template *ctx)
{
	reclaim__begin(RECLAIM_MEMCG, ctx->order, TP_GFP(ctx), -1);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_memcg_reclaim_end")
int tp_mm_vmscan_memcg_reclaim_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim__end(RECLAIM_MEMCG, ctx->nr_reclaimed);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_memcg_softlimit_reclaim_begin")
int tp_mm_vmscan_memcg_softlimit_reclaim_begin(struct trace_event_raw_mm_vmscan_direct_reclaim_begin_template *ctx)
{
	reclaim__begin(RECLAIM_MEMCG_SOFTLIMIT, ctx->order, TP_GFP(ctx), -1);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_memcg_softlimit_reclaim_end")
int tp_mm_vmscan_memcg_softlimit_reclaim_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim__end(RECLAIM_MEMCG_SOFTLIMIT, ctx->nr_reclaimed);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_node_reclaim_begin")
int tp_mm_vmscan_node_reclaim_begin(struct trace_event_raw_mm_vmscan_node_reclaim_begin *ctx)
{
	reclaim__begin(RECLAIM_NODE, ctx->order, TP_GFP(ctx), ctx->nid);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_node_reclaim_end")
int tp_mm_vmscan_node_reclaim_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim__end(RECLAIM_NODE, ctx->nr_reclaimed);
	return 0;
}

/* MGLRU (6.7+) passes file as LRU_INACTIVE_FILE (2) or LRU_INACTIVE_ANON (0): test != 0. */
SEC("raw_tp/mm_vmscan_lru_shrink_inactive")
int BPF_PROG(raw_tp_mm_vmscan_lru_shrink_inactive, int nid, unsigned long nr_scanned,
	     unsigned long nr_reclaimed, struct reclaim_stat *stat, int priority, int file)
{
	__u64 pageout = 0;

	if (stat)
		pageout = BPF_CORE_READ(stat, nr_pageout);
	reclaim__shrink(nr_scanned, nr_reclaimed, file != 0, pageout, true);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_lru_shrink_inactive")
int tp_mm_vmscan_lru_shrink_inactive(struct trace_event_raw_mm_vmscan_lru_shrink_inactive *ctx)
{
	reclaim__shrink(ctx->nr_scanned, ctx->nr_reclaimed,
			(ctx->reclaim_flags & RECLAIM_WB_FILE) != 0, 0, false);
	return 0;
}

/* Written folios: the record's reclaim_flags says anon or file. The classic
 * tracepoint is the primary here (it computes the flag for us); only one of
 * write_folio (5.18+) and writepage exists. */
SEC("tracepoint/vmscan/mm_vmscan_write_folio")
int tp_mm_vmscan_write_folio(struct trace_event_raw_mm_vmscan_write_folio *ctx)
{
	reclaim__writeout(ctx->reclaim_flags, 1);
	return 0;
}

struct trace_event_raw_mm_vmscan_writepage___old {
	struct trace_entry ent;
	unsigned long pfn;
	int reclaim_flags;
} __attribute__((preserve_access_index));

SEC("?tracepoint/vmscan/mm_vmscan_writepage")
int tp_mm_vmscan_writepage(struct trace_event_raw_mm_vmscan_writepage___old *ctx)
{
	reclaim__writeout(BPF_CORE_READ(ctx, reclaim_flags), 1);
	return 0;
}

/* ---- kswapd ---- */

static __always_inline void kswapd__event(__u32 step, int nid, int zid, int order, __u64 gfp)
{
	struct ev_kswapd *e;

	if (!tracing_ready)
		return;
	e = record__reserve(sizeof(*e), EV_KSWAPD, EV_KSWAPD_V);
	if (!e)
		return;
	current__ident(&e->task);
	e->gfp = gfp;
	e->nid = nid;
	e->zid = zid;
	e->order = order;
	e->step = step;
	record__submit(e, false);
}

SEC("raw_tp/mm_vmscan_kswapd_wake")
int BPF_PROG(raw_tp_mm_vmscan_kswapd_wake, int nid, int zid, int order)
{
	kswapd__event(KSWAPD_STEP_WAKE, nid, zid, order, 0);
	return 0;
}

SEC("raw_tp/mm_vmscan_kswapd_sleep")
int BPF_PROG(raw_tp_mm_vmscan_kswapd_sleep, int nid)
{
	kswapd__event(KSWAPD_STEP_SLEEP, nid, -1, -1, 0);
	return 0;
}

SEC("raw_tp/mm_vmscan_wakeup_kswapd")
int BPF_PROG(raw_tp_mm_vmscan_wakeup_kswapd, int nid, int zid, int order, gfp_t gfp)
{
	kswapd__event(KSWAPD_STEP_WAKEUP_REQ, nid, zid, order, gfp);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_kswapd_wake")
int tp_mm_vmscan_kswapd_wake(struct trace_event_raw_mm_vmscan_kswapd_wake *ctx)
{
	kswapd__event(KSWAPD_STEP_WAKE, ctx->nid, ctx->zid, ctx->order, 0);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_kswapd_sleep")
int tp_mm_vmscan_kswapd_sleep(struct trace_event_raw_mm_vmscan_kswapd_sleep *ctx)
{
	kswapd__event(KSWAPD_STEP_SLEEP, ctx->nid, -1, -1, 0);
	return 0;
}

SEC("?tracepoint/vmscan/mm_vmscan_wakeup_kswapd")
int tp_mm_vmscan_wakeup_kswapd(struct trace_event_raw_mm_vmscan_wakeup_kswapd *ctx)
{
	kswapd__event(KSWAPD_STEP_WAKEUP_REQ, ctx->nid, ctx->zid, ctx->order, TP_GFP(ctx));
	return 0;
}

/* ---- throttling (5.16+; the loader turns these off where the event is missing) ---- */

static __always_inline void throttled__event(int nid, int timeout, int delayed, int reason)
{
	struct ev_throttled *e;

	if (!tracing_ready)
		return;
	e = record__reserve(sizeof(*e), EV_THROTTLED, EV_THROTTLED_V);
	if (!e)
		return;
	current__ident(&e->task);
	e->nid = nid;
	e->usec_timeout = timeout;
	e->usec_delayed = delayed;
	e->reason = reason;
	record__submit(e, false);
}

SEC("raw_tp/mm_vmscan_throttled")
int BPF_PROG(raw_tp_mm_vmscan_throttled, int nid, int usec_timeout, int usec_delayed, int reason)
{
	throttled__event(nid, usec_timeout, usec_delayed, reason);
	return 0;
}

struct trace_event_raw_mm_vmscan_throttled___new {
	struct trace_entry ent;
	int nid;
	int usec_timeout;
	int usec_delayed;
	int reason;
} __attribute__((preserve_access_index));

SEC("?tracepoint/vmscan/mm_vmscan_throttled")
int tp_mm_vmscan_throttled(struct trace_event_raw_mm_vmscan_throttled___new *ctx)
{
	throttled__event(BPF_CORE_READ(ctx, nid), BPF_CORE_READ(ctx, usec_timeout),
			 BPF_CORE_READ(ctx, usec_delayed), BPF_CORE_READ(ctx, reason));
	return 0;
}

/* ---- the allocator's retry decisions ---- */

static __always_inline void retry_zone__event(int nid, int zone_idx, int order,
					      __u64 reclaimable, __u64 available,
					      __u64 min_wmark, int loops, bool wmark_check)
{
	struct ev_retry_zone *e;

	if (!tracing_ready)
		return;
	e = record__reserve(sizeof(*e), EV_RETRY_ZONE, EV_RETRY_ZONE_V);
	if (!e)
		return;
	current__ident(&e->task);
	e->reclaimable = reclaimable;
	e->available = available;
	e->min_wmark = min_wmark;
	e->nid = nid;
	e->zone_idx = zone_idx;
	e->order = order;
	e->no_progress_loops = loops;
	e->wmark_check = wmark_check;
	e->pad = 0;
	record__submit(e, false);
}

SEC("raw_tp/reclaim_retry_zone")
int BPF_PROG(raw_tp_reclaim_retry_zone, struct zoneref *zref, int order,
	     unsigned long reclaimable, unsigned long available, unsigned long min_wmark,
	     int no_progress_loops, bool wmark_check)
{
	struct zone *zone = BPF_CORE_READ(zref, zone);
	int nid = zone ? BPF_CORE_READ(zone, zone_pgdat, node_id) : -1;

	retry_zone__event(nid, BPF_CORE_READ(zref, zone_idx), order, reclaimable, available,
			  min_wmark, no_progress_loops, wmark_check);
	return 0;
}

SEC("?tracepoint/oom/reclaim_retry_zone")
int tp_reclaim_retry_zone(struct trace_event_raw_reclaim_retry_zone *ctx)
{
	retry_zone__event(ctx->node, ctx->zone_idx, ctx->order, ctx->reclaimable,
			  ctx->available, ctx->min_wmark, ctx->no_progress_loops,
			  ctx->wmark_check);
	return 0;
}

static __always_inline void compact_retry__event(int order, int prio, int result, int retries,
						 int max_retries, bool ret, bool feedback)
{
	struct ev_compact_retry *e;

	if (!tracing_ready)
		return;
	e = record__reserve(sizeof(*e), EV_COMPACT_RETRY, EV_COMPACT_RETRY_V);
	if (!e)
		return;
	current__ident(&e->task);
	e->order = order;
	e->priority = prio;
	e->result = result;
	e->retries = retries;
	e->max_retries = max_retries;
	e->ret = ret;
	e->result_is_feedback = feedback;
	e->pad = 0;
	record__submit(e, false);
}

/* raw_tp sees the raw enum compact_result, the record only its feedback code. */
SEC("raw_tp/compact_retry")
int BPF_PROG(raw_tp_compact_retry, int order, enum compact_priority prio,
	     enum compact_result result, int retries, int max_retries, bool ret)
{
	compact_retry__event(order, prio, result, retries, max_retries, ret, false);
	return 0;
}

SEC("?tracepoint/oom/compact_retry")
int tp_compact_retry(struct trace_event_raw_compact_retry *ctx)
{
	compact_retry__event(ctx->order, ctx->priority, ctx->result, ctx->retries,
			     ctx->max_retries, ctx->ret, true);
	return 0;
}

/* ---- fragmenting fallbacks ---- */

/* Classic tracepoint is the primary: the record carries change_ownership,
 * which raw_tp would have to recompute from the pageblock bitmap. */
SEC("tracepoint/kmem/mm_page_alloc_extfrag")
int tp_mm_page_alloc_extfrag(struct trace_event_raw_mm_page_alloc_extfrag *ctx)
{
	struct ev_extfrag *e;

	if (!tracing_ready)
		return 0;
	counter__add(CNT_EXTFRAG_TOTAL, 1);
	if (!rate__allow(RATE_EXTFRAG, cfg_extfrag_per_sec)) {
		rate__suppress(RATE_EXTFRAG, CNT_EXTFRAG_SUPPRESSED);
		return 0;
	}
	e = record__reserve(sizeof(*e), EV_EXTFRAG, EV_EXTFRAG_V);
	if (!e) {
		rate__suppress(RATE_EXTFRAG, CNT_EXTFRAG_SUPPRESSED);
		return 0;
	}
	current__ident(&e->task);
	e->alloc_order = ctx->alloc_order;
	e->fallback_order = ctx->fallback_order;
	e->alloc_migratetype = ctx->alloc_migratetype;
	e->fallback_migratetype = ctx->fallback_migratetype;
	e->change_ownership = ctx->change_ownership;
	e->suppressed_before = rate__take_carry(RATE_EXTFRAG);
	record__submit(e, false);
	return 0;
}

/* ---- optional enrichment: warn_alloc() reached (needs fentry or kprobes) ---- */

static __always_inline void warn_alloc__event(void *ctx, __u64 gfp, __u32 via)
{
	struct ev_warn_alloc *e;

	if (!tracing_ready)
		return;
	e = record__reserve(sizeof(*e), EV_WARN_ALLOC, EV_WARN_ALLOC_V);
	if (!e)
		return;
	current__ident(&e->task);
	e->gfp = gfp;
	e->stack_id = stack__take(ctx);
	e->via = via;
	record__submit(e, true);
}

SEC("?fentry/warn_alloc")
int BPF_PROG(fentry_warn_alloc, gfp_t gfp)
{
	warn_alloc__event(ctx, gfp, HOOK_VIA_FENTRY);
	return 0;
}

SEC("?kprobe/warn_alloc")
int BPF_KPROBE(kprobe_warn_alloc, gfp_t gfp)
{
	warn_alloc__event(ctx, gfp, HOOK_VIA_KPROBE);
	return 0;
}

