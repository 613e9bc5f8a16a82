/* SPDX-License-Identifier: GPL-2.0 */
/* 'oomtrace report --allocs': who was allocating, over the whole capture and
 * in the second before each OOM kill it holds. */
#ifndef OOMTRACE_REPORT_ALLOCS_H
#define OOMTRACE_REPORT_ALLOCS_H

#include <stdbool.h>
#include <stdint.h>

struct event_header;
struct kernel_names;
struct report_allocs;

struct report_allocs *report_allocs__new(const struct kernel_names *names);
/* Every record of the first pass, in order. */
void report_allocs__first(struct report_allocs *ra, const struct event_header *h);
/* Kills found in the first pass: the second pass is needed when > 0. */
int report_allocs__kills(const struct report_allocs *ra);
/* Every record again, from the start. */
void report_allocs__second(struct report_allocs *ra, const struct event_header *h);
/* realtime_minus_mono_ns: to print kill times as wall-clock (0: unknown). */
void report_allocs__print(struct report_allocs *ra, int64_t realtime_minus_mono_ns, bool json);
void report_allocs__free(struct report_allocs *ra);

#endif
