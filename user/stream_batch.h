/* SPDX-License-Identifier: GPL-2.0 */
/* Streamed allocations arrive in per-CPU batches (events.h, STREAM_BATCH) and
 * stay batches through the pipeline and into captures; this expands one into
 * the EV_PAGE_ALLOC records it stands for, for whoever needs them one by one. */
#ifndef OOMTRACE_STREAM_BATCH_H
#define OOMTRACE_STREAM_BATCH_H

#include <stddef.h>

#include "events.h"

typedef void (*page_alloc_fn)(void *ctx, const struct ev_page_alloc *rec);
typedef void (*page_alloc_batch_fn)(void *ctx, const struct ev_page_alloc_batch *b);

/* One record per item; times spread evenly from the first item's to the last's.
 * Items beyond what b's size holds are not read. */
void stream_batch__expand(const struct ev_page_alloc_batch *b, page_alloc_fn fn, void *ctx);
/* What the per-CPU batches still hold (the map stream_batches), as one batch
 * record per CPU that has items, emptied. Call once the programs no longer add
 * to them. Returns items, or -errno. */
long stream_batch__drain(int map_fd, int nr_cpus, page_alloc_batch_fn fn, void *ctx);

#endif
