/* SPDX-License-Identifier: GPL-2.0 */
/* Options of the tracing commands (live and record), parsed in one place. */
#ifndef OOMTRACE_OPTIONS_H
#define OOMTRACE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "pipeline.h"

struct trace_options {
	bool json;
	bool summary;		/* print the summary (also at exit) */
	bool features;		/* print detected features and exit */
	bool dry_run;		/* detect, choose hooks, print them; attach nothing */
	bool no_enrich;		/* tracepoints only: no fentry/kprobe */
	bool quiet;		/* no hook line, no exit summary line */
	bool show_adj;		/* print every oom_score_adj change (benchmarks use it as a probe) */
	int verbose;
	struct pipeline_filter filter;
	double duration_s;	/* 0: until interrupted */
	uint64_t count;		/* 0: unlimited; stop after this many incidents */
	uint32_t ringbuf_kb;
	const char *btf_path;
	int min_stall_ms;
	uint32_t alloc_fail_rate;	/* failure records per second before suppression */
	uint32_t stream_every;	/* 0 off; N: every Nth page allocation is streamed */
	/* record */
	const char *output;
	uint64_t max_size;
	uint32_t max_files;
	double rotate_every_s;
};

/* Parses argv (argv[0] is the command name). Returns 0 to run, 1 when it
 * printed help (exit 0), or -1 after printing a one-line error (exit 2). */
int trace_options__parse(struct trace_options *o, int argc, char **argv, bool record);

/* "10m", "1h", "30s", "2.5" (seconds) → seconds; -1 on error */
double parse_duration(const char *s);
/* "64M", "1G", "4096" → bytes; 0 on error */
uint64_t parse_size(const char *s);

#endif
