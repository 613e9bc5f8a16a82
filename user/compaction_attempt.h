/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compaction attempts assembled from the records of bpf/compaction.bpf.c.
 *
 * An attempt is what one caller asked of compaction, with every zone it
 * tried:
 *   direct     EV_COMPACT_TRY of a task .. its END (the allocator went on to
 *              reclaim), its next TRY, or a quiet gap;
 *   kcompactd  KCOMPACTD_STEP_WAKE of a node .. its SLEEP;
 *   proactive  kcompactd zones with no wake (order -1) .. SLEEP;
 *   manual     a task's order -1 zones (vm/compact_memory) .. a quiet gap, or
 *              a zone at or before the last one (the next write).
 * A tracker is fed records in time order and calls back with each finished
 * attempt. The correlator (history, summary) and the compaction sink
 * (per-attempt lines) each keep one.
 */
#ifndef OOMTRACE_COMPACTION_ATTEMPT_H
#define OOMTRACE_COMPACTION_ATTEMPT_H

#include <stdbool.h>
#include <stdint.h>

struct event_header;

#define ATTEMPT_MAX_ZONES 16
#define ATTEMPT_IDLE_NS (2ULL * 1000 * 1000 * 1000)	/* a quiet gap that ends an open attempt */

/* enum compact_result numbers: the same in every kernel since 4.6 */
enum {
	CR_NOT_SUITABLE_ZONE = 0,
	CR_SKIPPED = 1,
	CR_DEFERRED = 2,
	CR_NO_SUITABLE_PAGE = 3,
	CR_CONTINUE = 4,
	CR_COMPLETE = 5,
	CR_PARTIAL_SKIPPED = 6,
	CR_CONTENDED = 7,
	CR_SUCCESS = 8,
};

enum compaction_outcome {
	OUTCOME_SUCCESS = 0,	/* a zone reached the order (or the allocation then succeeded) */
	OUTCOME_PARTIAL,	/* scanners met in part of a zone, no page of the order */
	OUTCOME_SKIPPED,	/* no zone was suitable (watermarks, fragmentation index) */
	OUTCOME_DEFERRED,	/* every zone was deferred after earlier failures */
	OUTCOME_CONTENDED,	/* gave up: lock contention, need_resched, fatal signal */
	OUTCOME_FAILED,		/* whole zones compacted and still no page of the order */
	OUTCOME_MAX,
};

enum attempt_end {
	ATTEMPT_END_RECLAIM = 1,	/* the allocator went on to reclaim */
	ATTEMPT_END_NEXT_TRY,		/* the task started another attempt */
	ATTEMPT_END_SLEEP,		/* kcompactd went back to sleep */
	ATTEMPT_END_IDLE,		/* nothing more came for ATTEMPT_IDLE_NS */
	ATTEMPT_END_RESTART,		/* manual: compaction started over at the first zone */
	ATTEMPT_END_FLUSH,		/* end of input */
};

struct attempt_zone {
	int32_t node;
	int32_t zone_idx;
	int32_t status;		/* enum compact_result; CR_DEFERRED for a deferred zone */
	int32_t suitable;	/* mm_compaction_suitable ret, -1 if none */
	uint64_t duration_ns;
	uint64_t migrated, failed;
	uint64_t migrate_scanned, free_scanned, isolated;
	uint32_t defer_shift, considered;	/* deferred zones */
	bool deferred;
};

/* Free blocks per order of every zone, from an EV_ZONE_SNAPSHOT taken during the attempt. */
#define ATTEMPT_BUDDY_ZONES 16
#define ATTEMPT_BUDDY_ORDERS 16

struct attempt_buddy {
	int32_t node;
	char name[16];
	int nr_orders;
	int64_t free_blocks[ATTEMPT_BUDDY_ORDERS];	/* /proc/buddyinfo */
	int64_t movable_blocks[ATTEMPT_BUDDY_ORDERS];	/* /proc/pagetypeinfo "Movable", -1 unknown */
};

struct compaction_attempt {
	uint32_t origin;	/* enum compact_origin (events.h) */
	uint32_t tid, tgid;
	char comm[16];
	uint64_t cgroup_id;
	int32_t node;		/* kcompactd/proactive: its node; else -1 */
	int32_t order;		/* -1: no target order (manual, proactive) */
	uint64_t gfp;		/* direct only */
	int32_t priority;	/* direct only, else -1 */
	uint64_t start_ts;	/* TRY, WAKE, or the first zone's begin */
	uint64_t end_ts;	/* the last zone's end (or defer) */
	uint64_t stall_ns;	/* end - start: how long the caller was in compaction */
	uint64_t zone_ns;	/* sum of zone durations */
	uint64_t migrated, failed;
	struct attempt_zone zones[ATTEMPT_MAX_ZONES];
	int nr_zones;
	int zones_dropped;	/* past ATTEMPT_MAX_ZONES */
	int32_t result;		/* the highest status, as try_to_compact_pages combines them; -1 if none */
	bool reset_seen;	/* defer_reset: a zone reached the order or the allocation succeeded */
	enum compaction_outcome outcome;
	enum attempt_end end;
	uint64_t buddy_ts;	/* when the free lists were read, 0: no snapshot */
	int nr_buddy;
	struct attempt_buddy buddy[ATTEMPT_BUDDY_ZONES];
};

typedef void (*attempt_fn)(void *ctx, const struct compaction_attempt *a);

struct compaction_tracker;

struct compaction_tracker *compaction_tracker__new(attempt_fn fn, void *ctx);
/* A record of any type (others are ignored). Returns true if it was a compaction record. */
bool compaction_tracker__record(struct compaction_tracker *t, const struct event_header *rec);
/* Ends the attempts that have been quiet since before now - ATTEMPT_IDLE_NS. */
void compaction_tracker__tick(struct compaction_tracker *t, uint64_t now_ns);
/* Ends every open attempt (end of input). */
void compaction_tracker__flush(struct compaction_tracker *t);
void compaction_tracker__free(struct compaction_tracker *t);

/*
 * For the live source: should the zones' free lists be read now (and fed as
 * an EV_ZONE_SNAPSHOT with for_event_ts = rec->ts_ns)? Yes after a direct
 * compaction zone that ran and could not make a page of the order (complete,
 * partial_skipped), at most once per COMPACTION_SNAPSHOT_GAP_NS. The attempt
 * then carries the free blocks per order of every zone.
 */
#define COMPACTION_SNAPSHOT_GAP_NS (1000ULL * 1000 * 1000)
struct compaction_snapshot_limit {
	uint64_t last_ts;
};
bool compaction_snapshot__wanted(struct compaction_snapshot_limit *l, const struct event_header *rec);

/* Outcome from the zones' results; exported for tests. */
enum compaction_outcome compaction_attempt__outcome(const struct compaction_attempt *a);
const char *compaction_outcome__name(enum compaction_outcome o);	/* "success", ... */
const char *compact_origin__name(uint32_t origin);			/* "direct", ... */

#endif
