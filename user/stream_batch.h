/* SPDX-License-Identifier: GPL-2.0 */
/* Streamed allocations arrive in per-CPU batches (events.h, STREAM_BATCH):
 * here they become the EV_PAGE_ALLOC records the rest of oomtrace knows. */
#ifndef OOMTRACE_STREAM_BATCH_H
#define OOMTRACE_STREAM_BATCH_H

#include <stddef.h>

#include "events.h"

typedef void (*page_alloc_fn)(void *ctx, const struct ev_page_alloc *rec);

/* One record per item; times spread evenly from the first item's to the last's. */
void stream_batch__expand(const struct ev_page_alloc_batch *b, size_t size, page_alloc_fn fn, void *ctx);
/* What the per-CPU batches still hold (the map stream_batches), emptied.
 * Call once the programs no longer add to them. Returns items, or -errno. */
long stream_batch__drain(int map_fd, int nr_cpus, page_alloc_fn fn, void *ctx);

#endif
