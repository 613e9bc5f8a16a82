/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slow-path output as it happens (allocation failures, reclaim stalls of at
 * least --min-stall-ms, retry give-ups; record_print.c) and the summary at
 * the end with --summary (summary_print.c). Add it next to sink_records__new().
 */
#ifndef OOMTRACE_SINK_SLOWPATH_H
#define OOMTRACE_SINK_SLOWPATH_H

#include <stdbool.h>
#include <stdio.h>

#include "sink_records.h"

/* json and min_stall_ms come from opts; summary: print the summary at the end. */
struct sink *sink_slowpath__new(FILE *out, const struct record_print_options *opts, bool summary);

#endif
