/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-record lines for the slow-path records worth one as they happen:
 * allocation failures (sink_slowpath leaves those to their incident), reclaim stalls of at least --min-stall-ms, retry
 * rounds that reached the no-progress limit, compaction retry give-ups,
 * and throttling. Text for people, or one JSON object per line with "type"
 * (alloc_failure, reclaim, retry, compact_retry, throttled).
 */
#ifndef OOMTRACE_RECORD_PRINT_H
#define OOMTRACE_RECORD_PRINT_H

#include <stdbool.h>
#include <stdio.h>

struct event_header;
struct kernel_names;

/* The kernel gives up retrying reclaim after this many loops without progress. */
#define MAX_RECLAIM_RETRIES 16

/* Each returns true when it printed (false: not a record it shows, or below a threshold). */
bool record__print_text(FILE *out, const struct kernel_names *names, const struct event_header *rec,
			int min_stall_ms);
bool record__print_json(FILE *out, const struct kernel_names *names, const struct event_header *rec,
			int min_stall_ms);

#endif
