/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-task state the correlator keeps between records: the current episode's
 * history (reclaim passes, compaction attempts, retry decisions) so that an
 * allocation failure or an OOM kill can show what the kernel tried first.
 * Bounded: at most TASK_STATES_MAX tasks; when full the oldest episode is
 * dropped and counted (task_states__evicted). An episode ends when the task
 * has been quiet for EPISODE_GAP_NS, or after it is reported.
 */
#ifndef OOMTRACE_TASK_STATE_H
#define OOMTRACE_TASK_STATE_H

#include <stdint.h>

#include "incident.h"

#define TASK_STATES_MAX 4096
#define EPISODE_GAP_NS (10ULL * 1000 * 1000 * 1000)

struct task_state {
	uint32_t tid;
	uint32_t tgid;
	uint64_t first_ts;	/* episode start */
	uint64_t last_ts;
	char comm[16];
	struct inc_history hist;	/* counters start at 0 (not UNKNOWN) */
	/* compaction attempt in progress (correlate_compaction.c) */
	uint64_t compact_try_ts;
	int32_t compact_order;
	/* who last set this task's oom_score_adj (correlate_oom.c) */
	uint32_t adj_setter_pid;
	char adj_setter_comm[16];
	int32_t oom_score_adj;
	uint64_t adj_ts;
	int used;
};

struct task_states;

struct task_states *task_states__new(void);
void task_states__free(struct task_states *ts);
/* The state of tid, created (episode reset if quiet for long) at time ts. Never NULL. */
struct task_state *task_states__get(struct task_states *ts, uint32_t tid, uint64_t now);
/* Existing state or NULL. */
struct task_state *task_states__find(struct task_states *ts, uint32_t tid);
/* End the episode (after it was reported): history starts again from zero. */
void task_state__reset_episode(struct task_state *t, uint64_t now);
uint64_t task_states__evicted(const struct task_states *ts);

/* Machine-wide history in a sliding window (kswapd, swap-outs, other tasks' failures). */
struct inc_history *task_states__system(struct task_states *ts);

#endif
