// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "alloc_recent.h"
#include "events.h"
#include "hash.h"
#include "incident.h"
#include "record_check.h"
#include "stream_batch.h"

/* 64 Ki allocations, 1 MiB: a second of a moderately busy machine, ~50 ms
 * of one CPU faulting as fast as it can. */
#define RING_SLOTS (1u << 16)
#define WINDOW_NS 1000000000ull
#define TID_SLOTS 4096		/* threads told apart in one summary; the rest are not ranked */

struct recent_item {
	uint64_t ts;
	uint32_t tid;
	uint8_t order;
	uint8_t failed;
	uint8_t pad[2];
};

struct alloc_recent {
	struct recent_item *ring;
	uint64_t added;		/* items ever added; the newest is at (added - 1) % RING_SLOTS */
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

static void item__add(void *ctx, const struct ev_page_alloc *a)
{
	struct alloc_recent *r = ctx;
	struct recent_item *it = &r->ring[r->added++ % RING_SLOTS];

	it->ts = a->h.ts_ns;
	it->tid = a->pid;
	it->order = a->order;
	it->failed = a->pfn == ~0ull;
}

void alloc_recent__add(struct alloc_recent *r, const struct event_header *rec)
{
	if (rec->type == EV_PAGE_ALLOC_BATCH)
		stream_batch__expand((const struct ev_page_alloc_batch *)rec, item__add, r);
	else if (rec->type == EV_PAGE_ALLOC)
		item__add(r, (const struct ev_page_alloc *)rec);
}

struct tid_count {
	uint32_t tid_plus_1;	/* 0: empty */
	uint64_t n;
};

/* Into the busiest-first list, if busy enough. */
static void top__consider(struct inc_allocs *out, uint32_t tid, uint64_t n)
{
	int i;

	if (out->nr_top == INC_ALLOCS_TOP && out->top[INC_ALLOCS_TOP - 1].allocations >= n)
		return;
	i = out->nr_top < INC_ALLOCS_TOP ? out->nr_top++ : INC_ALLOCS_TOP - 1;
	for (; i > 0 && out->top[i - 1].allocations < n; i--)
		out->top[i] = out->top[i - 1];
	out->top[i].tid = tid;
	out->top[i].allocations = n;
}

void alloc_recent__summarize(const struct alloc_recent *r, uint64_t ts, struct inc_allocs *out)
{
	uint64_t from = ts > WINDOW_NS ? ts - WINDOW_NS : 0, oldest = ts, kept;
	uint32_t distinct = 0;
	struct tid_count *tids;

	memset(out, 0, sizeof(*out));
	if (!r || !r->added)
		return;
	tids = calloc(TID_SLOTS, sizeof(*tids));
	if (!tids)
		return;
	kept = r->added < RING_SLOTS ? r->added : RING_SLOTS;
	/* newest first; items may be a little out of order across CPUs */
	for (uint64_t k = 0; k < kept; k++) {
		const struct recent_item *it = &r->ring[(r->added - 1 - k) % RING_SLOTS];
		uint32_t h;

		if (it->ts > ts || it->ts < from)
			continue;
		if (it->ts < oldest)
			oldest = it->ts;
		out->total++;
		out->failed += it->failed;
		out->above_order_0 += it->order > 0;
		for (h = hash__u32(it->tid) & (TID_SLOTS - 1); tids[h].tid_plus_1 && tids[h].tid_plus_1 != it->tid + 1;
		     h = (h + 1) & (TID_SLOTS - 1))
			;
		if (!tids[h].tid_plus_1) {
			if (distinct >= TID_SLOTS / 2)
				continue;	/* half full: later threads are counted, not ranked */
			distinct++;
			tids[h].tid_plus_1 = it->tid + 1;
		}
		tids[h].n++;
	}
	out->known = true;
	/* the ring may not reach a whole second back */
	out->window_ns = kept == RING_SLOTS && oldest > from ? ts - oldest : WINDOW_NS;
	for (uint32_t h = 0; h < TID_SLOTS; h++)
		if (tids[h].tid_plus_1)
			top__consider(out, tids[h].tid_plus_1 - 1, tids[h].n);
	free(tids);
}
