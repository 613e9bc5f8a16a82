// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_recent.h"
#include "alloc_table.h"
#include "events.h"
#include "incident.h"
#include "record_check.h"
#include "stream_batch.h"

/* 2 Ki batches of up to 32: up to 64 Ki allocations in ~300 KiB; a second of
 * a moderately busy machine, ~50 ms of one CPU faulting as fast as it can.
 * An allocation is packed into 4 bytes (thread, order, failed) and its batch
 * keeps the times: memory first touched costs page faults and zeroing, which
 * make bench counts per allocation (808-byte copies of the batches cost ~50
 * instructions per allocation in the guest, the whole of this ~17). */
#define RING_SLOTS 2048u

#define ITEM_TID_MASK 0x3fffffu		/* pid_max is at most 2^22 */
#define ITEM_ORDER_SHIFT 22		/* 5 bits, orders up to 31 */
#define ITEM_FAILED (1u << 27)

struct recent_batch {
	uint64_t first_ts, last_ts;
	uint32_t nr;
	uint32_t items[STREAM_BATCH];
};

struct alloc_recent {
	struct recent_batch *ring;
	uint64_t added;		/* batches ever added; the newest is at (added - 1) % RING_SLOTS */
};

struct alloc_recent *alloc_recent__new(void)
{
	struct alloc_recent *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->ring = malloc(RING_SLOTS * sizeof(*r->ring));
	if (!r->ring) {
		free(r);
		return NULL;
	}
	return r;
}

void alloc_recent__free(struct alloc_recent *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r);
}

static uint32_t item__pack(uint32_t tid, uint32_t order, bool failed)
{
	return (tid & ITEM_TID_MASK) | (order < 31 ? order : 31) << ITEM_ORDER_SHIFT | (failed ? ITEM_FAILED : 0);
}

void alloc_recent__add(struct alloc_recent *r, const struct event_header *rec)
{
	struct recent_batch *b = &r->ring[r->added % RING_SLOTS];

	if (rec->type == EV_PAGE_ALLOC_BATCH) {
		const struct ev_page_alloc_batch *e = (const void *)rec;

		b->nr = record__items(rec);
		b->first_ts = e->first_ts;
		b->last_ts = e->h.ts_ns;
		for (uint32_t i = 0; i < b->nr; i++)
			b->items[i] = item__pack(e->items[i].pid, e->items[i].order, e->items[i].pfn == ~0ull);
	} else if (rec->type == EV_PAGE_ALLOC) {
		/* captures made before batches were kept: one allocation a batch */
		const struct ev_page_alloc *a = (const void *)rec;

		b->nr = 1;
		b->first_ts = b->last_ts = a->h.ts_ns;
		b->items[0] = item__pack(a->pid, a->order, a->pfn == ~0ull);
	} else {
		return;
	}
	r->added++;
}

void alloc_recent__summarize(const struct alloc_recent *r, uint64_t ts, struct inc_allocs *out)
{
	uint64_t kept, oldest;
	struct alloc_table *t;

	memset(out, 0, sizeof(*out));
	if (!r || !r->added || !(t = alloc_table__before_kill(ts)))
		return;
	kept = r->added < RING_SLOTS ? r->added : RING_SLOTS;
	for (uint64_t k = 0; k < kept; k++) {
		const struct recent_batch *b = &r->ring[(r->added - 1 - k) % RING_SLOTS];

		for (uint32_t i = 0; i < b->nr; i++)
			alloc_table__count(t, stream_batch__item_ts(b->first_ts, b->last_ts, b->nr, i),
					   b->items[i] & ITEM_TID_MASK, b->items[i] >> ITEM_ORDER_SHIFT & 31, -1,
					   b->items[i] & ITEM_FAILED);
	}
	alloc_table__summarize(t, out);
	out->known = true;
	/* the ring may not reach a whole second back */
	oldest = out->total ? alloc_table__first_ns(t) : ts;
	out->window_ns = kept == RING_SLOTS && ts - oldest < ALLOCS_BEFORE_KILL_NS ? ts - oldest : ALLOCS_BEFORE_KILL_NS;
	alloc_table__free(t);
}
