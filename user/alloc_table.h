/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who was allocating: streamed allocations (record --stream-allocs) counted
 * per thread, order and migratetype over a window of time, for
 * 'oomtrace report --allocs' (the whole capture, and the second before each
 * OOM kill in it).
 */
#ifndef OOMTRACE_ALLOC_TABLE_H
#define OOMTRACE_ALLOC_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct ev_page_alloc;
struct kernel_names;

/* "Just before an OOM kill": the window both the incident and report --allocs use. */
#define ALLOCS_BEFORE_KILL_NS 1000000000ull

struct alloc_table;

/* Allocations with from_ns <= ts <= to_ns count (ts as the capture has them). */
struct alloc_table *alloc_table__new(uint64_t from_ns, uint64_t to_ns);
/* The ALLOCS_BEFORE_KILL_NS up to kill_ns. */
struct alloc_table *alloc_table__before_kill(uint64_t kill_ns);
void alloc_table__add(struct alloc_table *t, const struct ev_page_alloc *a);
/* The same from its parts; migratetype < 0: unknown. */
void alloc_table__count(struct alloc_table *t, uint64_t ts, uint32_t tid, unsigned order, int migratetype, bool failed);
uint64_t alloc_table__total(const struct alloc_table *t);
uint64_t alloc_table__first_ns(const struct alloc_table *t);	/* the earliest counted */
/* Totals and the busiest threads, as an OOM kill's evidence (not known, window_ns left as they are). */
struct inc_allocs;
void alloc_table__summarize(const struct alloc_table *t, struct inc_allocs *out);
/* The totals by order and migratetype, then the top threads; mark_tid (0:
 * none) is labelled with mark. */
void alloc_table__print(const struct alloc_table *t, FILE *out, const struct kernel_names *names, int top,
			uint32_t mark_tid, const char *mark);
/* The same as members of the JSON object w is in. */
struct json_writer;
void alloc_table__print_json(const struct alloc_table *t, struct json_writer *w, const struct kernel_names *names,
			     int top, uint32_t mark_tid);
void alloc_table__free(struct alloc_table *t);

#endif
