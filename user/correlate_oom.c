// SPDX-License-Identifier: GPL-2.0
/*
 * OOM kills: a victim record becomes an incident; the memory snapshot the
 * source takes right after it completes it. Also remembers who set each
 * task's oom_score_adj and the stacks the source symbolised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_recent.h"
#include "correlate.h"
#include "decode.h"
#include "events.h"
#include "snapshot_zones.h"
#include "task_state.h"

/* A snapshot belongs to the victim record it names; without one (a capture
 * cut short) the incident goes out this long after the kill, as it is. */
#define SNAPSHOT_WAIT_NS (2ULL * 1000 * 1000 * 1000)

static void task__copy(struct correlator *c, struct inc_task *dst, const struct task_ident *id)
{
	snprintf(dst->comm, sizeof(dst->comm), "%.*s", TASK_COMM_LEN, id->comm);
	dst->pid = id->tgid;
	dst->tid = id->pid;
	snprintf(dst->cgroup, sizeof(dst->cgroup), "%s", correlator__cgroup_path(c, id->memcg_id));
	if (!dst->cgroup[0])
		snprintf(dst->cgroup, sizeof(dst->cgroup), "%s", correlator__cgroup_path(c, id->cgroup_id));
}

static enum incident_constraint constraint__from_kernel(uint32_t v)
{
	switch (v) {
	case OOM_CONSTRAINT_NONE: return CONSTRAINT_GLOBAL;
	case OOM_CONSTRAINT_CPUSET: return CONSTRAINT_CPUSET;
	case OOM_CONSTRAINT_MEMORY_POLICY: return CONSTRAINT_MEMPOLICY;
	case OOM_CONSTRAINT_MEMCG: return CONSTRAINT_MEMCG;
	}
	return CONSTRAINT_UNKNOWN;
}

static void victim__to_incident(struct correlator *c, const struct ev_oom_victim *e, struct incident *inc)
{
	struct inc_victim *v;
	struct task_state *t;

	incident__init(inc, INCIDENT_OOM_KILL, c->source);
	inc->log_time = e->h.ts_ns / 1e9;
	task__copy(c, &inc->trigger, &e->trigger);
	snprintf(inc->memcg_task, sizeof(inc->memcg_task), "%s", inc->trigger.cgroup);
	snprintf(inc->trigger_stack, sizeof(inc->trigger_stack), "%s", correlator__stack_text(c, e->trigger_stack_id));

	v = incident__add_victim(inc);
	if (v) {
		task__copy(c, &v->task, &e->victim);
		if (!v->task.cgroup[0] && e->victim_cgroup_name[0])
			snprintf(v->task.cgroup, sizeof(v->task.cgroup), "%.*s",
				 CGROUP_NAME_LEN, e->victim_cgroup_name);
		v->task.uid = e->uid;
		v->killed = true;
		if (e->flags & VICTIM_HAS_RSS) {
			v->task.oom_score_adj = e->oom_score_adj;
			v->total_vm_kb = e->total_vm_kb;
			v->anon_rss_kb = e->anon_rss_kb;
			v->file_rss_kb = e->file_rss_kb;
			v->shmem_rss_kb = e->shmem_rss_kb;
			v->pgtables_kb = e->pgtables_kb;
			v->swapents_kb = e->swapents * (inc->page_size / 1024);
			v->mlocked_kb = e->locked_vm_kb;
		}
		t = task_states__find(c->tasks, e->victim.pid);
		if (t && t->adj_setter_pid) {
			snprintf(v->adj_set_by_comm, sizeof(v->adj_set_by_comm), "%s", t->adj_setter_comm);
			v->adj_set_by_pid = t->adj_setter_pid;
		}
		if (e->flags & VICTIM_HAS_OC)
			v->score = e->oc.chosen_points;
	}

	if (e->flags & VICTIM_HAS_OC) {
		inc->order = e->oc.order;
		inc->gfp_raw = e->oc.gfp_mask;
		inc->gfp_flags = gfp__to_flags(c->names, e->oc.gfp_mask);
		inc->gfp_flags_known = true;
		gfp__format(c->names, e->oc.gfp_mask, inc->gfp_text, sizeof(inc->gfp_text));
		inc->constraint = constraint__from_kernel(e->oc.constraint);
		inc->totalpages = e->oc.totalpages;
		if (e->oc.memcg_id) {
			const char *p = correlator__cgroup_path(c, e->oc.memcg_id);

			snprintf(inc->memcg_oom, sizeof(inc->memcg_oom), "%s",
				 p[0] ? p : e->oc.memcg_name);
		}
	} else {
		inc->incomplete |= INC_MISSING_OC;
	}
	if (e->limit_memcg_id) {
		/* the page counters at the kill: a memcg limit caused it, whatever else we lack */
		const char *p = correlator__cgroup_path(c, e->limit_memcg_id);
		int64_t kb = inc->page_size / 1024;

		if (inc->constraint == CONSTRAINT_UNKNOWN)
			inc->constraint = CONSTRAINT_MEMCG;
		if (!inc->memcg_oom[0])
			snprintf(inc->memcg_oom, sizeof(inc->memcg_oom), "%s", p[0] ? p : e->limit_memcg_name);
		if (e->limit_kind == 2) {
			inc->memcg.memsw_usage_kb = e->limit_usage_pages * kb;
			inc->memcg.memsw_limit_kb = e->limit_max_pages * kb;
		} else {
			inc->memcg.usage_kb = e->limit_usage_pages * kb;
			inc->memcg.limit_kb = e->limit_max_pages * kb;
		}
	}

	/* the machine's own counters at the kill beat /proc read a moment later */
	int64_t kb = inc->page_size / 1024;

	if (e->at_kill_valid & AT_KILL_FREE)
		inc->mem.free = e->at_kill_free_pages;
	if (e->at_kill_valid & AT_KILL_UNEVICTABLE)
		inc->mem.unevictable = e->at_kill_unevictable_pages;
	if (e->at_kill_valid & AT_KILL_SWAP) {
		inc->swap_total_kb = e->at_kill_swap_total_pages * kb;
		inc->swap_free_kb = e->at_kill_swap_free_pages * kb;
	}

	/* what the trigger went through before the kill, then a fresh episode */
	t = task_states__find(c->tasks, e->trigger.pid);
	if (t && t->hist.present) {
		correlate_slowpath__history(c, t, e->h.ts_ns, &inc->history);
		task_state__reset_episode(t, e->h.ts_ns);
	}
}

static void snapshot__apply(const struct ev_mem_snapshot *s, struct incident *inc)
{
	if (!known(inc->swap_total_kb)) {	/* else the kernel's figures at the kill */
		inc->swap_total_kb = s->swap_total_kb;
		inc->swap_free_kb = s->swap_free_kb;
	}
	inc->mem.mem_total_kb = s->mem_total_kb;
	inc->mem.mem_available_kb = s->mem_available_kb;
	inc->mem.swappiness = s->swappiness;
	if (s->mem_free_kb >= 0 && !known(inc->mem.free))
		inc->mem.free = s->mem_free_kb / (inc->page_size / 1024);
#define PAGES(dst, kb) do { if ((kb) >= 0) inc->mem.dst = (kb) / (inc->page_size / 1024); } while (0)
	PAGES(active_anon, s->active_anon_kb);
	PAGES(inactive_anon, s->inactive_anon_kb);
	PAGES(active_file, s->active_file_kb);
	PAGES(inactive_file, s->inactive_file_kb);
	if (!known(inc->mem.unevictable))
		PAGES(unevictable, s->unevictable_kb);
	PAGES(shmem, s->shmem_kb);
	PAGES(slab_reclaimable, s->slab_reclaimable_kb);
	PAGES(slab_unreclaimable, s->slab_unreclaimable_kb);
	PAGES(dirty, s->dirty_kb);
	PAGES(writeback, s->writeback_kb);
	PAGES(free_cma, s->cma_free_kb);
#undef PAGES
	if (s->hugetlb_kb >= 0)
		inc->mem.hugetlb_kb = s->hugetlb_kb;
	/* The snapshot follows the kill, when the victim's mlocked pages may be
	 * freed already; at the kill there were at least the victim's. */
	for (int i = 0; i < inc->nr_victims; i++) {
		const struct inc_victim *v = &inc->victims[i];
		int64_t pages = known(v->mlocked_kb) ? v->mlocked_kb / (inc->page_size / 1024) : 0;

		if (pages && (!known(inc->mem.unevictable) || inc->mem.unevictable < pages))
			inc->mem.unevictable = pages;
	}

	if (s->memcg_version) {
		inc->memcg.version = s->memcg_version;
/* -1: not read; -2: unlimited ("max"), kept as INT64_MAX so comparisons hold */
#define KB(dst, v) do { if ((v) != -1 && !known(inc->memcg.dst)) inc->memcg.dst = (v) == -2 ? UNLIMITED : (v); } while (0)
		KB(usage_kb, s->memcg_usage_kb);
		KB(limit_kb, s->memcg_limit_kb);
		KB(swap_usage_kb, s->memcg_swap_usage_kb);
		KB(swap_limit_kb, s->memcg_swap_limit_kb);
		KB(memsw_limit_kb, s->memcg_memsw_limit_kb);
		KB(failcnt, s->memcg_failcnt);
		KB(swappiness, s->memcg_swappiness);
#undef KB
		if (s->memcg_version == 1 && known(inc->memcg.usage_kb) && known(inc->memcg.swap_usage_kb))
			inc->memcg.memsw_usage_kb = inc->memcg.usage_kb + inc->memcg.swap_usage_kb;
	}
	/* without the oom_control, the source's inference from the memcg state */
	if (inc->constraint == CONSTRAINT_UNKNOWN && s->constraint_hint)
		inc->constraint = constraint__from_kernel(s->constraint_hint - 1);
	if (!inc->memcg_oom[0] && inc->constraint == CONSTRAINT_MEMCG)
		snprintf(inc->memcg_oom, sizeof(inc->memcg_oom), "%.*s", MEMCG_PATH_LEN, s->memcg_path);
}

static void pending__emit(struct correlator *c)
{
	struct incident *inc = c->pending;

	c->pending = NULL;
	correlator__emit(c, inc);
	incident__free(inc);
	free(inc);
}

void correlate_oom__tick(struct correlator *c, uint64_t now_ns)
{
	if (c->pending && now_ns >= c->pending_ts + SNAPSHOT_WAIT_NS) {
		c->pending->incomplete |= INC_MISSING_SWAP | INC_MISSING_MEMINFO;
		pending__emit(c);
	}
}

bool correlate_oom__record(struct correlator *c, const struct event_header *rec)
{
	switch (rec->type) {
	case EV_OOM_VICTIM: {
		struct incident *inc = calloc(1, sizeof(*inc));

		if (c->pending)	/* a second kill before the first one's snapshot */
			pending__emit(c);
		if (!inc)
			return true;
		victim__to_incident(c, (const struct ev_oom_victim *)rec, inc);
		/* what streamed in up to the kill; a CPU's partial batch may still be on its way */
		if (c->recent_allocs)
			alloc_recent__summarize(c->recent_allocs, rec->ts_ns, &inc->allocs);
		correlator__note_victim(c, ((const struct ev_oom_victim *)rec)->victim.tgid, rec->ts_ns);
		c->pending = inc;
		c->pending_ts = rec->ts_ns;
		return true;
	}
	case EV_MEM_SNAPSHOT: {
		const struct ev_mem_snapshot *s = (const void *)rec;

		if (c->pending && s->for_event_ts == c->pending_ts) {
			snapshot__apply(s, c->pending);
			pending__emit(c);
		}
		return true;
	}
	case EV_ZONE_SNAPSHOT: {
		const struct ev_zone_snapshot *z = (const void *)rec;

		if (c->pending && z->for_event_ts == c->pending_ts)
			zone_snapshot__apply(z, c->pending);
		return false;	/* allocation failures wait for theirs too */
	}
	case EV_STACK:
		correlator__learn_stack(c, (const struct ev_stack *)rec);
		return true;
	case EV_OOM_REAPER:	/* shown on its own by sink_records.c */
		return true;
	case EV_OOM_SCORE_ADJ: {
		const struct ev_oom_score_adj *e = (const void *)rec;
		struct task_state *t = task_states__get(c->tasks, e->task.pid, rec->ts_ns);

		t->adj_setter_pid = e->setter.tgid;
		snprintf(t->adj_setter_comm, sizeof(t->adj_setter_comm), "%.*s", TASK_COMM_LEN, e->setter.comm);
		t->oom_score_adj = e->oom_score_adj;
		t->adj_ts = rec->ts_ns;
		return true;
	}
	case EV_OOM_INVOKE:
		return true;
	}
	return false;
}
