/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-record output: the records worth a line of their own as they happen
 * (OOM reaper results, oom_score_adj changes with --show-adj, and the
 * slow-path and compaction records each family's printer formats).
 */
#ifndef OOMTRACE_SINK_RECORDS_H
#define OOMTRACE_SINK_RECORDS_H

#include <stdbool.h>
#include <stdio.h>

struct sink;

struct record_print_options {
	bool json;
	bool show_adj;
	int min_stall_ms;
};

struct sink *sink_records__new(FILE *out, const struct record_print_options *opts);

#endif
