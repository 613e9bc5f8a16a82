/* SPDX-License-Identifier: GPL-2.0 */
/* Streamed allocations arrive in per-CPU batches (events.h, STREAM_BATCH) and
 * stay batches through the pipeline and into captures; this expands one into
 * the EV_PAGE_ALLOC records it stands for, for whoever needs them one by one. */
#ifndef OOMTRACE_STREAM_BATCH_H
#define OOMTRACE_STREAM_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"

typedef void (*page_alloc_fn)(void *ctx, const struct ev_page_alloc *rec);
typedef void (*page_alloc_batch_fn)(void *ctx, const struct ev_page_alloc_batch *b);

/* Item i of nr: times spread evenly from the first item's to the last's. */
static inline uint64_t stream_batch__item_ts(uint64_t first_ts, uint64_t last_ts, uint32_t nr, uint32_t i)
{
	uint64_t span = last_ts > first_ts ? last_ts - first_ts : 0;

	return first_ts + (nr > 1 ? span * i / (nr - 1) : 0);
}

/* One record per item, timed by stream_batch__item_ts. Items beyond what b's
 * size holds are not read. */
void stream_batch__expand(const struct ev_page_alloc_batch *b, page_alloc_fn fn, void *ctx);
/* Every allocation a well-formed EV_PAGE_ALLOC_BATCH or EV_PAGE_ALLOC record
 * holds (captures made before batches were kept have the second); any other
 * record holds none. */
void stream_batch__each(const struct event_header *h, page_alloc_fn fn, void *ctx);
/* What the per-CPU batches still hold (the map stream_batches), as one batch
 * record per CPU that has items, emptied. Call once the programs no longer add
 * to them. Returns items, or -errno. */
long stream_batch__drain(int map_fd, int nr_cpus, page_alloc_batch_fn fn, void *ctx);

#endif
