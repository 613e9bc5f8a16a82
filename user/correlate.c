// SPDX-License-Identifier: GPL-2.0
/*
 * Correlation core: dispatches each record to its family's handler, keeps
 * the cgroup names the stream taught it, and hands finished incidents on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_recent.h"
#include "correlate.h"
#include "correlate_slowpath.h"
#include "correlate_compaction.h"
#include "events.h"
#include "summary.h"
#include "task_state.h"

#define CGROUP_NAMES_MAX 1024

struct cgroup_names {
	uint64_t id[CGROUP_NAMES_MAX];
	char path[CGROUP_NAMES_MAX][MEMCG_PATH_LEN];
	int nr, next;
};

/* The last stacks the source symbolised, by stack-map id (ids are reused). */
#define STACKS_KEPT 16

struct stack_texts {
	int32_t id[STACKS_KEPT];
	char text[STACKS_KEPT][STACK_TEXT_LEN];
	int next;
};

const char *correlator__stack_text(const struct correlator *c, int32_t id)
{
	for (int i = 0; id >= 0 && i < STACKS_KEPT; i++)
		if (c->stacks->id[i] == id && c->stacks->text[i][0])
			return c->stacks->text[i];
	return "";
}

void correlator__learn_stack(struct correlator *c, const struct ev_stack *e)
{
	int i = c->stacks->next++ % STACKS_KEPT;

	c->stacks->id[i] = e->stack_id;
	memcpy(c->stacks->text[i], e->symbols, STACK_TEXT_LEN);
	c->stacks->text[i][STACK_TEXT_LEN - 1] = '\0';
}

#define VICTIM_DYING_NS (5ULL * 1000 * 1000 * 1000)

void correlator__note_victim(struct correlator *c, uint32_t tgid, uint64_t ts)
{
	int i = c->next_victim++ % 8;

	c->victim_tgid[i] = tgid;
	c->victim_ts[i] = ts;
}

bool correlator__recent_victim(const struct correlator *c, uint32_t tgid, uint64_t ts)
{
	for (int i = 0; i < 8; i++)
		if (c->victim_tgid[i] == tgid && c->victim_ts[i] && ts >= c->victim_ts[i] &&
		    ts - c->victim_ts[i] <= VICTIM_DYING_NS)
			return true;
	return false;
}

struct correlator *correlator__new(const struct kernel_names *names, incident_fn emit, void *ctx)
{
	struct correlator *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->names = names;
	c->emit = emit;
	c->ctx = ctx;
	c->next_seq = 1;
	c->tasks = task_states__new();
	c->cgroups = calloc(1, sizeof(*c->cgroups));
	c->stacks = calloc(1, sizeof(*c->stacks));
	c->summary = summary__new();
	if (!c->tasks || !c->cgroups || !c->stacks || !c->summary) {
		correlator__free(c);
		return NULL;
	}
	return c;
}

void correlator__free(struct correlator *c)
{
	if (!c)
		return;
	if (c->pending) {
		incident__free(c->pending);
		free(c->pending);
	}
	correlate_compaction__free(c);
	correlate_slowpath__free(c);
	alloc_recent__free(c->recent_allocs);
	summary__free(c->summary);
	task_states__free(c->tasks);
	free(c->cgroups);
	free(c->stacks);
	free(c);
}

const char *correlator__cgroup_path(const struct correlator *c, uint64_t id)
{
	for (int i = 0; id && i < c->cgroups->nr; i++)
		if (c->cgroups->id[i] == id)
			return c->cgroups->path[i];
	return "";
}

static void cgroup_names__learn(struct cgroup_names *cn, const struct ev_cgroup_name *e)
{
	int slot = -1;

	for (int i = 0; i < cn->nr; i++)
		if (cn->id[i] == e->cgroup_id)
			slot = i;
	if (slot < 0) {
		/* bounded: the oldest name is forgotten first */
		if (cn->nr < CGROUP_NAMES_MAX)
			slot = cn->nr++;
		else
			slot = cn->next++ % CGROUP_NAMES_MAX;
	}
	cn->id[slot] = e->cgroup_id;
	memcpy(cn->path[slot], e->path, MEMCG_PATH_LEN);
	cn->path[slot][MEMCG_PATH_LEN - 1] = '\0';
}

void correlator__emit(struct correlator *c, struct incident *inc)
{
	if (c->wall_known && !inc->wall_time[0] && inc->log_time >= 0)
		wall_time__format((int64_t)(inc->log_time * 1e9) + c->wall_offset_ns, inc->wall_time,
				  sizeof(inc->wall_time));
	inc->seq = c->next_seq++;
	inc->source = c->source;
	if (!inc->kernel_version[0])
		snprintf(inc->kernel_version, sizeof(inc->kernel_version), "%s", c->kernel_release);
	if (!inc->host[0])
		snprintf(inc->host, sizeof(inc->host), "%s", c->hostname);
	c->emit(c->ctx, inc);
}

void correlator__record(struct correlator *c, const struct event_header *rec)
{
	if (rec->ts_ns > c->last_ts)
		c->last_ts = rec->ts_ns;
	if (rec->type == EV_CGROUP_NAME) {
		cgroup_names__learn(c->cgroups, (const struct ev_cgroup_name *)rec);
		return;
	}
	if (correlate_oom__record(c, rec))
		return;
	if (correlate_slowpath__record(c, rec))
		return;
	correlate_compaction__record(c, rec);
}

void correlator__tick(struct correlator *c, uint64_t now_ns)
{
	correlate_oom__tick(c, now_ns);
	correlate_slowpath__tick(c, now_ns);
	correlate_compaction__tick(c, now_ns);
}

void correlator__flush(struct correlator *c)
{
	correlate_compaction__flush(c);
	correlate_slowpath__flush(c);
	correlate_oom__tick(c, UINT64_MAX);
}
