/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compaction part of --summary: success rate by order, how long callers
 * stalled (log2 histograms), and which zones are deferring which orders now.
 * Plain data, fed by correlate_compaction.c; printed by the sinks' summary.
 */
#ifndef OOMTRACE_COMPACTION_SUMMARY_H
#define OOMTRACE_COMPACTION_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compaction_attempt.h"

#define CSUM_ORDERS 12		/* slot 0: no target order (-1), then orders 0..10 */
#define CSUM_HIST_SLOTS 32	/* log2 buckets of microseconds: [2^i, 2^(i+1)) us */
#define CSUM_MAX_ZONES 16
#define CSUM_ORIGINS 5		/* enum compact_origin, index 0 unused */

struct compaction_order_stats {
	uint64_t attempts;
	uint64_t outcome[OUTCOME_MAX];
	uint64_t stall_ns;
};

/* A zone's deferral state, as the last defer record showed it. */
struct compaction_defer_state {
	int32_t node, zone_idx;
	uint32_t considered, defer_shift;
	int32_t order_failed;
	uint64_t deferred_count;	/* mm_compaction_deferred: attempts it turned away */
	uint64_t ts;
	bool used;
};

struct compaction_summary {
	uint64_t attempts[CSUM_ORIGINS];	/* by enum compact_origin */
	struct compaction_order_stats by_order[CSUM_ORDERS];	/* direct and kcompactd attempts */
	uint64_t stall_hist[CSUM_HIST_SLOTS];	/* direct attempts: the allocating task's stall */
	uint64_t zone_hist[CSUM_HIST_SLOTS];	/* every zone compacted, any origin */
	uint64_t stall_ns_total, stall_ns_max;	/* direct */
	uint64_t zones, migrated, failed;
	struct compaction_defer_state defer[CSUM_MAX_ZONES];
};

struct kernel_names;

void compaction_summary__add_attempt(struct compaction_summary *s, const struct compaction_attempt *a);
/* From an EV_COMPACT_DEFER record's fields. */
void compaction_summary__defer(struct compaction_summary *s, int32_t node, int32_t zone_idx, uint32_t step,
			       uint32_t considered, uint32_t defer_shift, int32_t order_failed, uint64_t ts);
/* Is order deferred in this zone now (the kernel's compaction_deferred() test, without counting)? */
bool compaction_defer_state__defers(const struct compaction_defer_state *d, int order);
/* The lowest order a zone defers now, -1 for none. */
int compaction_defer_state__first_order(const struct compaction_defer_state *d);

void compaction_summary__print_text(const struct compaction_summary *s, const struct kernel_names *names, FILE *out);
/* A JSON object (no newline): {"attempts":{...},"by_order":[...],...} */
void compaction_summary__print_json(const struct compaction_summary *s, const struct kernel_names *names, FILE *out);

#endif
