/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Correlation: records → incidents. One file per family of records feeds
 * the shared per-task state (task_state.h):
 *   correlate_oom.c        victims, oom_control, reaper, oom_score_adj setters
 *   correlate_slowpath.c   allocation failures, reclaim, retries, kswapd
 *   correlate_compaction.c compaction attempts
 * and correlate.c dispatches by record type and owns incident emission.
 */
#ifndef OOMTRACE_CORRELATE_H
#define OOMTRACE_CORRELATE_H

#include <stdbool.h>
#include <stdint.h>

#include "incident.h"

struct event_header;
struct incident;
struct kernel_names;
struct summary;
struct task_states;

typedef void (*incident_fn)(void *ctx, struct incident *inc);
/* records that are shown on their own (per-record lines/JSON): failures, stalls */
typedef void (*record_fn)(void *ctx, const struct event_header *rec);

struct correlator {
	const struct kernel_names *names;
	struct task_states *tasks;	/* per-task episode state, bounded */
	struct summary *summary;
	incident_fn emit;
	void *ctx;
	struct incident *pending;	/* an OOM kill waiting for its memory snapshot */
	uint64_t pending_ts;
	int64_t next_seq;
	uint64_t last_ts;
	enum incident_source source;
	int64_t wall_offset_ns;		/* realtime - monotonic, when wall_known */
	bool wall_known;
	char kernel_release[64];
	char hostname[64];
	struct cgroup_names *cgroups;	/* id → path, from EV_CGROUP_NAME records */
	struct stack_texts *stacks;	/* stack id → frames, from EV_STACK records */
	struct slowpath_state *slowpath;	/* correlate_slowpath.c's */
	uint32_t victim_tgid[8];		/* the last OOM victims, and when they were killed */
	uint64_t victim_ts[8];
	int next_victim;
	struct compaction_state *compaction;	/* correlate_compaction.c's */
	struct alloc_recent *recent_allocs;	/* streamed allocations, when there are any */
};

/* Was tgid killed by the OOM killer within the last few seconds before ts? */
bool correlator__recent_victim(const struct correlator *c, uint32_t tgid, uint64_t ts);
void correlator__note_victim(struct correlator *c, uint32_t tgid, uint64_t ts);
struct ev_stack;
void correlator__learn_stack(struct correlator *c, const struct ev_stack *e);
/* stack id → symbolised frames, as EV_STACK records taught it ("" when unknown) */
const char *correlator__stack_text(const struct correlator *c, int32_t id);
/* id → path, as EV_CGROUP_NAME records taught it ("" when unknown) */
const char *correlator__cgroup_path(const struct correlator *c, uint64_t id);

struct correlator *correlator__new(const struct kernel_names *names, incident_fn emit, void *ctx);
void correlator__record(struct correlator *c, const struct event_header *rec);
void correlator__tick(struct correlator *c, uint64_t now_ns);
void correlator__flush(struct correlator *c);
void correlator__free(struct correlator *c);

/* per-family handlers; each returns true if it consumed the record type */
bool correlate_oom__record(struct correlator *c, const struct event_header *rec);
bool correlate_slowpath__record(struct correlator *c, const struct event_header *rec);
bool correlate_compaction__record(struct correlator *c, const struct event_header *rec);
/* A task's episode history up to now, with the machine-wide figures over the same window. */
struct task_state;
void correlate_slowpath__history(struct correlator *c, struct task_state *t, uint64_t now, struct inc_history *h);
/* an OOM kill still waiting for its snapshot is emitted once now_ns is past its window */
void correlate_oom__tick(struct correlator *c, uint64_t now_ns);
/* hand an incident to the sinks (after diagnosis) */
void correlator__emit(struct correlator *c, struct incident *inc);

#endif
