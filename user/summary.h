/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The --summary (also printed at exit): allocation failures by order x zone x
 * migratetype (exact, from the in-kernel fail_hist carried by EV_COUNTERS) and
 * by order x GFP class (from the failure records), reclaim latency as log2
 * histograms per kind, pages reclaimed anon vs file, swap-outs, the
 * allocator's retry decisions, and what was lost on the way.
 *
 * Plain data, fed record by record (summary__add_record) by the correlator;
 * printed by summary_print.c. Compaction keeps its own part
 * (compaction_summary.h); the summary points at it.
 */
#ifndef OOMTRACE_SUMMARY_H
#define OOMTRACE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "events.h"

#define SUM_ORDERS MAX_ALLOC_ORDER	/* orders 0..9, 10 and above in the last */
#define SUM_HIST_SLOTS 32		/* log2 buckets of microseconds: [2^i, 2^(i+1)) us */
#define SUM_RECLAIM_KINDS 5		/* enum reclaim_kind; index 0 unused */

/* What a failed request was allowed to do, from its GFP flags. */
enum gfp_class {
	GFPC_NOWAIT = 0,	/* no direct reclaim: atomic, GFP_NOWAIT, softirq */
	GFPC_NOIO,		/* may reclaim, but not start I/O: cannot swap */
	GFPC_NOFS,		/* may do I/O, not enter filesystems */
	GFPC_FULL,		/* GFP_KERNEL / GFP_USER class */
	GFPC_MAX,
};

struct reclaim_stats {
	uint64_t passes;
	uint64_t ns_total, ns_max;
	uint64_t nr_reclaimed;
	uint64_t scanned_anon, scanned_file;
	uint64_t reclaimed_anon, reclaimed_file;
	uint64_t swapouts;
	uint64_t hist[SUM_HIST_SLOTS];
};

struct compaction_summary;
struct kernel_names;

struct summary {
	uint64_t first_ts, last_ts;
	uint64_t records;

	/* allocation failures */
	uint64_t fail_hist[FAIL_HIST_SLOTS];	/* exact (EV_COUNTERS), totals since start */
	bool have_fail_hist;
	uint64_t fail_records;			/* EV_ALLOC_FAIL records */
	uint64_t fail_suppressed_seen;		/* sum of their suppressed_before */
	uint64_t fail_by_class[GFPC_MAX][SUM_ORDERS];	/* from the records (rate-limited) */
	uint64_t fail_in_interrupt;
	uint64_t fail_nowarn;			/* __GFP_NOWARN: the kernel printed nothing */

	/* reclaim */
	struct reclaim_stats reclaim[SUM_RECLAIM_KINDS];

	/* kswapd, throttling, retry decisions */
	uint64_t kswapd_wakes, kswapd_sleeps, kswapd_wake_requests;
	uint64_t throttled, throttled_us;
	uint64_t retry_zone_checks, retry_wmark_failed, retry_rounds, retry_gave_up;
	int64_t retry_max_no_progress;
	uint64_t compact_retry, compact_retry_gave_up;
	uint64_t extfrag_records, extfrag_suppressed_seen;

	/* in-kernel counters (EV_DROPS), totals since start */
	uint64_t counters[CNT_MAX];
	bool have_counters;
	uint64_t user_dropped;

	/* set by whoever owns it (correlate_compaction.c); NULL: no compaction part */
	const struct compaction_summary *compaction;
};

struct summary *summary__new(void);
void summary__free(struct summary *s);
/* Any record: the summary takes what it knows and ignores the rest. */
void summary__add_record(struct summary *s, const struct kernel_names *names, const struct event_header *rec);
/* A retry round ended (reclaim_retry_zone over the zonelist): gave_up when no
 * zone passed the watermark check with everything reclaimable counted. */
void summary__retry_round(struct summary *s, bool gave_up);

enum gfp_class gfp_class__of(uint64_t gfpf_flags);	/* from GFPF_* (decode.h) */
const char *gfp_class__name(enum gfp_class c);
const char *reclaim_kind__name(uint32_t kind);		/* "direct", "memcg", ... */
int summary__hist_slot(uint64_t ns);			/* log2 bucket of microseconds */
/* Exact failures (fail_hist) summed over migratetypes for one order x zone. */
uint64_t summary__failures(const struct summary *s, int order, int zone);
uint64_t summary__failures_total(const struct summary *s);

/* summary_print.c */
void summary__print_text(const struct summary *s, const struct kernel_names *names, FILE *out);
/* One JSON line: {"type":"summary",...} */
void summary__print_json(const struct summary *s, const struct kernel_names *names, FILE *out);

#endif
