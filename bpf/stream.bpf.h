/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streamed allocations: the per-CPU batches (shared, defined in maps.bpf.c)
 * and the ways a batch reaches the ring buffer. slowpath.bpf.c fills them;
 * oom.bpf.c empties the killing CPU's before it reports a kill, so the
 * allocations that led to the kill come before the kill in the stream.
 */
#ifndef OOMTRACE_STREAM_BPF_H
#define OOMTRACE_STREAM_BPF_H

#include "common.bpf.h"

SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stream_batch);
} stream_batches SEC(".maps");

static __always_inline void stream__item(struct page_alloc_item *it, __u64 pfn, __u32 order, __u64 gfp, int mt,
					 __u8 flags)
{
	it->pfn = pfn;
	it->gfp = gfp;
	it->pid = bpf_get_current_pid_tgid();
	it->order = order;
	it->migratetype = mt;
	it->flags = flags;
}

static __always_inline void batch_record__header(struct ev_page_alloc_batch *e, __u32 nr)
{
	e->h.type = EV_PAGE_ALLOC_BATCH;
	e->h.version = EV_PAGE_ALLOC_BATCH_V;
	/* what is stored of it: the nr items, not the whole reservation */
	e->h.size = PAGE_ALLOC_BATCH_SIZE(nr);
	e->h.ts_ns = bpf_ktime_get_ns();
	e->h.cpu = bpf_get_smp_processor_id();
	e->h.pad = 0;
	e->nr = nr;
	e->pad = 0;
}

/* The first nr items of b as one batch record; counted as lost when the ring
 * buffer is full. */
static __always_inline void stream__submit(const struct stream_batch *b, __u32 nr)
{
	struct ev_page_alloc_batch *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		counter__add(CNT_RINGBUF_FULL, nr);
		return;
	}
	batch_record__header(e, nr);
	e->first_ts = b->first_ts;
	__builtin_memcpy(e->items, b->items, sizeof(e->items));
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
}

/* One allocation as a batch of its own: while this CPU's batch is being
 * flushed before a kill (an allocation in an interrupt), it must not be
 * written into. */
static __always_inline void stream__busy_one(__u64 pfn, __u32 order, __u64 gfp, int mt, __u8 flags)
{
	struct ev_page_alloc_batch *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		counter__add(CNT_RINGBUF_FULL, 1);
		return;
	}
	batch_record__header(e, 1);
	e->first_ts = e->h.ts_ns;
	stream__item(&e->items[0], pfn, order, gfp, mt, flags);
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
}

static __always_inline void stream__flush(struct stream_batch *b)
{
	__u32 nr = b->nr;

	b->nr = 0;
	stream__submit(b, nr);
}

/* Before a kill is reported: this CPU's partial batch goes out first. An
 * allocation in an interrupt meanwhile finds the batch busy and goes out on
 * its own (stream__busy_one) instead of writing into it. */
static __always_inline void stream__flush_before_kill(void)
{
	struct stream_batch *b;
	__u32 zero = 0;

	b = bpf_map_lookup_elem(&stream_batches, &zero);
	if (!b || !b->nr || b->nr >= STREAM_BATCH)	/* none, or not streaming */
		return;
	/* an interrupt on this CPU sees the stores in program order: only the
	 * compiler must not move them */
	b->busy = 1;
	__asm__ __volatile__("" ::: "memory");
	stream__flush(b);
	__asm__ __volatile__("" ::: "memory");
	b->busy = 0;
}

#endif
