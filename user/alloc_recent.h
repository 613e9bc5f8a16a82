/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last streamed allocations (--stream-allocs), kept in a bounded ring so
 * that an OOM kill can say who was allocating in the second before it. Fed
 * in stream order, live and in a replay alike.
 */
#ifndef OOMTRACE_ALLOC_RECENT_H
#define OOMTRACE_ALLOC_RECENT_H

#include <stdint.h>

struct event_header;
struct inc_allocs;
struct alloc_recent;

struct alloc_recent *alloc_recent__new(void);
void alloc_recent__free(struct alloc_recent *r);
/* An EV_PAGE_ALLOC_BATCH or EV_PAGE_ALLOC record (already checked). */
void alloc_recent__add(struct alloc_recent *r, const struct event_header *rec);
/* What was allocated in the second up to ts (as far back as the ring
 * reaches), the busiest threads first. */
void alloc_recent__summarize(const struct alloc_recent *r, uint64_t ts, struct inc_allocs *out);

#endif
