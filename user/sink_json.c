// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON-lines sink: one JSON object per line (docs/json-schema.md).
 * Unknown numbers print as null, never as 0 or -1. Only ->incident for now;
 * per-record lines and summaries can be added as more ops with the same
 * json_writer, each object carrying its own "type".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "decode.h"
#include "incident.h"
#include "json_writer.h"
#include "sink.h"

struct sink_json {
	struct sink s;
	FILE *f;
	struct sink_options opts;
	struct json_writer w;
};

static const char *source__name(enum incident_source s)
{
	switch (s) {
	case SOURCE_LIVE: return "live";
	case SOURCE_CAPTURE: return "capture";
	case SOURCE_KERNEL_LOG: return "kernel_log";
	}
	return "unknown";
}

static void json__task(struct json_writer *w, const struct inc_task *t)
{
	jw__string_or_null(w, "comm", t->comm);
	jw__int(w, "pid", t->pid);
	jw__int(w, "tid", t->tid);
	jw__int(w, "uid", t->uid);
	jw__string_or_null(w, "cgroup", t->cgroup);
	jw__int(w, "oom_score_adj", t->oom_score_adj);
}

/* the gfp names: as the kernel printed them, else decoded with the names in use */
static void json__gfp(struct sink_json *sj, const struct incident *inc)
{
	struct json_writer *w = &sj->w;
	char names[INC_TEXT_LEN];

	names[0] = '\0';
	if (inc->gfp_text[0] && strncmp(inc->gfp_text, "0x", 2) != 0) {
		snprintf(names, sizeof(names), "%s", inc->gfp_text);
	} else if (known(inc->gfp_raw)) {
		const struct kernel_names *np = sj->s.names;

		/* a log's kernel is not the one we run on: use its era's table */
		if (!np || inc->source == SOURCE_KERNEL_LOG)
			np = kernel_names__of_version(inc->kernel_version);
		gfp__format(np, (uint64_t)inc->gfp_raw, names, sizeof(names));
	} else if (inc->gfp_flags_known) {
		gfp_flags__format(inc->gfp_flags, names, sizeof(names));
	}

	jw__object_begin(w, "gfp");
	if (known(inc->gfp_raw))
		jw__hex(w, "raw", (uint64_t)inc->gfp_raw);
	else
		jw__null(w, "raw");
	jw__array_begin(w, "flags");
	for (char *p = names; *p;) {
		size_t l = strcspn(p, "|");

		jw__string_len(w, NULL, p, l);
		p += l;
		if (*p == '|')
			p++;
	}
	jw__array_end(w);
	jw__string_or_null(w, "text", inc->gfp_text);
	jw__object_end(w);
}

static void json__memcg(struct json_writer *w, const struct incident *inc)
{
	const struct inc_memcg *m = &inc->memcg;

	jw__object_begin(w, "memcg");
	jw__string_or_null(w, "oom", inc->memcg_oom);
	jw__string_or_null(w, "task", inc->memcg_task);
	jw__string_or_null(w, "path", inc->memcg_oom[0] ? inc->memcg_oom : inc->memcg_task);
	if (m->version)
		jw__int(w, "version", m->version);
	else
		jw__null(w, "version");
	jw__int(w, "usage_kb", m->usage_kb);
	jw__limit(w, "limit_kb", m->limit_kb);
	jw__int(w, "failcnt", m->failcnt);
	jw__int(w, "memsw_usage_kb", m->memsw_usage_kb);
	jw__limit(w, "memsw_limit_kb", m->memsw_limit_kb);
	jw__int(w, "memsw_failcnt", m->memsw_failcnt);
	jw__int(w, "swap_usage_kb", m->swap_usage_kb);
	jw__limit(w, "swap_limit_kb", m->swap_limit_kb);
	jw__int(w, "kmem_usage_kb", m->kmem_usage_kb);
	jw__limit(w, "kmem_limit_kb", m->kmem_limit_kb);
	jw__int(w, "kmem_failcnt", m->kmem_failcnt);
	jw__int(w, "stat_anon_kb", m->stat_anon_kb);
	jw__int(w, "stat_file_kb", m->stat_file_kb);
	jw__int(w, "stat_shmem_kb", m->stat_shmem_kb);
	jw__int(w, "stat_unevictable_kb", m->stat_unevictable_kb);
	jw__int(w, "stat_swap_kb", m->stat_swap_kb);
	jw__int(w, "swappiness", m->swappiness);
	jw__object_end(w);
}

static void json__victim(struct json_writer *w, const struct incident *inc, int i, const char *key)
{
	const struct inc_victim *v = &inc->victims[i];
	char why[INC_TEXT_LEN * 2];

	jw__object_begin(w, key);
	json__task(w, &v->task);
	jw__int(w, "anon_rss_kb", v->anon_rss_kb);
	jw__int(w, "file_rss_kb", v->file_rss_kb);
	jw__int(w, "shmem_rss_kb", v->shmem_rss_kb);
	jw__int(w, "total_vm_kb", v->total_vm_kb);
	jw__int(w, "pgtables_kb", v->pgtables_kb);
	jw__int(w, "swapents_kb", v->swapents_kb);
	jw__int(w, "mlocked_kb", v->mlocked_kb);
	jw__int(w, "score", v->score);
	jw__bool(w, "killed", v->killed);
	jw__object_begin(w, "reaper");
	jw__bool(w, "reaped", v->reaped);
	jw__bool(w, "skipped", v->reap_skipped);
	jw__int(w, "anon_rss_after_kb", v->reaped_anon_kb);
	jw__int(w, "duration_ns", v->reap_ns);
	jw__object_end(w);
	jw__string_or_null(w, "adj_set_by_comm", v->adj_set_by_comm);
	jw__int(w, "adj_set_by_pid", v->adj_set_by_pid);
	if (i == 0) {
		advice__why_victim(inc, why, sizeof(why));
		jw__string_or_null(w, "why_chosen", why);
	}
	jw__object_end(w);
}

static void json__zones(struct json_writer *w, const struct incident *inc)
{
	jw__array_begin(w, "zones");
	for (int i = 0; i < inc->nr_zones; i++) {
		const struct inc_zone *z = &inc->zones[i];

		jw__object_begin(w, NULL);
		jw__int(w, "node", z->node);
		jw__string(w, "name", z->name);
		jw__int(w, "free_kb", z->free_kb);
		jw__int(w, "min_kb", z->min_kb);
		jw__int(w, "low_kb", z->low_kb);
		jw__int(w, "high_kb", z->high_kb);
		jw__int(w, "present_kb", z->present_kb);
		jw__int(w, "managed_kb", z->managed_kb);
		jw__int(w, "free_cma_kb", z->free_cma_kb);
		jw__int(w, "active_anon_kb", z->active_anon_kb);
		jw__int(w, "inactive_anon_kb", z->inactive_anon_kb);
		jw__int(w, "active_file_kb", z->active_file_kb);
		jw__int(w, "inactive_file_kb", z->inactive_file_kb);
		jw__int(w, "unevictable_kb", z->unevictable_kb);
		jw__int(w, "mlocked_kb", z->mlocked_kb);
		jw__int(w, "slab_unreclaimable_kb", z->slab_unreclaimable_kb);
		if (z->all_unreclaimable < 0)
			jw__null(w, "all_unreclaimable");
		else
			jw__bool(w, "all_unreclaimable", z->all_unreclaimable);
		jw__array_begin(w, "lowmem_reserve_pages");
		for (int k = 0; k < z->nr_reserve && k < INC_MAX_RESERVE; k++)
			jw__int(w, NULL, z->lowmem_reserve[k]);
		jw__array_end(w);
		if (z->nr_orders > 0) {
			jw__array_begin(w, "free_blocks");
			for (int o = 0; o < z->nr_orders && o < INC_MAX_ORDERS; o++)
				jw__int(w, NULL, z->free_blocks[o]);
			jw__array_end(w);
			jw__array_begin(w, "block_types");
			for (int o = 0; o < z->nr_orders && o < INC_MAX_ORDERS; o++)
				jw__string(w, NULL, z->block_types[o]);
			jw__array_end(w);
		} else {
			jw__null(w, "free_blocks");
			jw__null(w, "block_types");
		}
		jw__object_end(w);
	}
	jw__array_end(w);
}

static void json__meminfo(struct json_writer *w, const struct inc_meminfo *m)
{
	jw__object_begin(w, "meminfo_pages");
	jw__int(w, "active_anon", m->active_anon);
	jw__int(w, "inactive_anon", m->inactive_anon);
	jw__int(w, "isolated_anon", m->isolated_anon);
	jw__int(w, "active_file", m->active_file);
	jw__int(w, "inactive_file", m->inactive_file);
	jw__int(w, "isolated_file", m->isolated_file);
	jw__int(w, "unevictable", m->unevictable);
	jw__int(w, "dirty", m->dirty);
	jw__int(w, "writeback", m->writeback);
	jw__int(w, "slab_reclaimable", m->slab_reclaimable);
	jw__int(w, "slab_unreclaimable", m->slab_unreclaimable);
	jw__int(w, "mapped", m->mapped);
	jw__int(w, "shmem", m->shmem);
	jw__int(w, "pagetables", m->pagetables);
	jw__int(w, "bounce", m->bounce);
	jw__int(w, "free", m->free);
	jw__int(w, "free_pcp", m->free_pcp);
	jw__int(w, "free_cma", m->free_cma);
	jw__int(w, "pagecache", m->pagecache_pages);
	jw__int(w, "swapcache", m->swapcache_pages);
	jw__int(w, "ram", m->ram_pages);
	jw__int(w, "highmem", m->highmem_pages);
	jw__int(w, "reserved", m->reserved_pages);
	jw__object_end(w);
	jw__int(w, "kernel_stack_kb", m->kernel_stack_kb);
	jw__int(w, "hugetlb_kb", m->hugetlb_kb);
	jw__int(w, "hugetlb_free_kb", m->hugetlb_free_kb);
	jw__int(w, "mem_total_kb", m->mem_total_kb);
	jw__int(w, "mem_available_kb", m->mem_available_kb);
	jw__int(w, "swappiness", m->swappiness);
}

static void json__allocs(struct json_writer *w, const struct inc_allocs *a)
{
	if (!a->known) {
		jw__null(w, "streamed_allocs");
		return;
	}
	jw__object_begin(w, "streamed_allocs");
	jw__uint(w, "window_ns", a->window_ns);
	jw__uint(w, "allocations", a->total);
	jw__uint(w, "failed", a->failed);
	jw__uint(w, "above_order_0", a->above_order_0);
	jw__array_begin(w, "top_threads");
	for (int i = 0; i < a->nr_top; i++) {
		jw__object_begin(w, NULL);
		jw__uint(w, "tid", a->top[i].tid);
		jw__uint(w, "allocations", a->top[i].allocations);
		jw__object_end(w);
	}
	jw__array_end(w);
	jw__object_end(w);
}

static void json__history(struct json_writer *w, const struct inc_history *h)
{
	if (!h->present) {
		jw__null(w, "history");
		return;
	}
	jw__object_begin(w, "history");
	jw__int(w, "window_ns", h->window_ns);
	jw__int(w, "direct_reclaims", h->direct_reclaims);
	jw__int(w, "direct_reclaim_ns", h->direct_reclaim_ns);
	jw__int(w, "direct_reclaimed_pages", h->direct_reclaimed_pages);
	jw__int(w, "memcg_reclaims", h->memcg_reclaims);
	jw__int(w, "memcg_reclaim_ns", h->memcg_reclaim_ns);
	jw__int(w, "memcg_reclaimed_pages", h->memcg_reclaimed_pages);
	jw__int(w, "scanned_anon", h->scanned_anon);
	jw__int(w, "scanned_file", h->scanned_file);
	jw__int(w, "reclaimed_anon", h->reclaimed_anon);
	jw__int(w, "reclaimed_file", h->reclaimed_file);
	jw__int(w, "swapouts", h->swapouts);
	jw__int(w, "swapouts_system", h->swapouts_system);
	jw__int(w, "compact_attempts", h->compact_attempts);
	jw__int(w, "compact_ns", h->compact_ns);
	jw__int(w, "compact_migrated", h->compact_migrated);
	jw__int(w, "compact_failed", h->compact_failed);
	jw__int(w, "compact_last_status", h->compact_last_status);
	jw__int(w, "compact_deferred", h->compact_deferred);
	jw__int(w, "retry_zone_checks", h->retry_zone_checks);
	jw__int(w, "retry_gave_up", h->retry_gave_up);
	jw__int(w, "compact_retry_gave_up", h->compact_retry_gave_up);
	jw__int(w, "no_progress_loops", h->no_progress_loops);
	jw__int(w, "kswapd_wakeups", h->kswapd_wakeups);
	jw__int(w, "throttled", h->throttled);
	jw__int(w, "throttled_us", h->throttled_us);
	jw__int(w, "alloc_failures", h->alloc_failures);
	jw__int(w, "alloc_failures_system", h->alloc_failures_system);
	jw__int(w, "extfrag_events", h->extfrag_events);
	jw__object_end(w);
}

static const struct {
	unsigned bit;
	const char *name;
} missing_names[] = {
	{ INC_MISSING_HEADER, "header" }, { INC_MISSING_MEMINFO, "meminfo" }, { INC_MISSING_ZONES, "zones" },
	{ INC_MISSING_BUDDY, "buddy" }, { INC_MISSING_SWAP, "swap" }, { INC_MISSING_TASKS, "tasks" },
	{ INC_MISSING_VICTIM, "victim" }, { INC_MISSING_OC, "oom_control" }, { INC_MISSING_MEMCG, "memcg" },
};

static void sink_json__incident(struct sink *s, const struct incident *inc)
{
	struct sink_json *sj = (struct sink_json *)s;
	struct json_writer *w = &sj->w;
	char text[INC_TEXT_LEN * 4];

	jw__object_begin(w, NULL);
	jw__string(w, "type", "incident");
	jw__string(w, "kind", incident_kind__name(inc->kind));
	jw__string(w, "source", source__name(inc->source));
	jw__int(w, "seq", inc->seq);
	jw__string_or_null(w, "kernel_version", inc->kernel_version);
	jw__string_or_null(w, "arch", inc->arch);
	jw__string_or_null(w, "host", inc->host);
	if (inc->log_time >= 0)
		jw__double(w, "time", inc->log_time);
	else
		jw__null(w, "time");
	jw__string_or_null(w, "wall_time", inc->wall_time);

	jw__object_begin(w, "trigger");
	json__task(w, &inc->trigger);
	jw__bool(w, "in_interrupt", inc->in_interrupt);
	jw__string_or_null(w, "stack", inc->trigger_stack);
	jw__object_end(w);
	jw__int(w, "order", inc->order);
	json__gfp(sj, inc);
	jw__string(w, "constraint", incident_constraint__name(inc->constraint));
	jw__string_or_null(w, "cpuset", inc->cpuset);
	jw__string_or_null(w, "mems_allowed", inc->mems_allowed);
	jw__int(w, "totalpages", inc->totalpages);
	json__memcg(w, inc);

	if (inc->nr_victims > 0)
		json__victim(w, inc, 0, "victim");
	else
		jw__null(w, "victim");
	jw__array_begin(w, "victims");
	for (int i = 0; i < inc->nr_victims; i++)
		json__victim(w, inc, i, NULL);
	jw__array_end(w);

	if (inc->kind == INCIDENT_CONTAINER_KILL || known(inc->container.ve_id)) {
		jw__object_begin(w, "container");
		jw__int(w, "ve_id", inc->container.ve_id);
		jw__int(w, "free_pages", inc->container.free_pages);
		jw__int(w, "kills", inc->container.nr_kills);
		jw__object_end(w);
	} else {
		jw__null(w, "container");
	}

	jw__object_begin(w, "swap");
	jw__int(w, "total_kb", inc->swap_total_kb);
	jw__int(w, "free_kb", inc->swap_free_kb);
	jw__object_end(w);
	jw__object_begin(w, "memory");
	json__meminfo(w, &inc->mem);
	jw__int(w, "page_size", inc->page_size);
	jw__object_end(w);
	json__zones(w, inc);
	jw__int(w, "tasks", inc->nr_tasks);
	json__history(w, &inc->history);
	json__allocs(w, &inc->allocs);

	jw__array_begin(w, "verdict");
	for (int i = 0; i < inc->nr_verdicts; i++) {
		const char *todo = advice__todo(inc->verdicts[i].code);

		jw__object_begin(w, NULL);
		jw__string(w, "code", inc->verdicts[i].code);
		jw__string(w, "evidence", inc->verdicts[i].evidence);
		jw__string_or_null(w, "todo", todo);
		jw__object_end(w);
	}
	jw__array_end(w);
	advice__short(inc, text, sizeof(text));
	jw__string(w, "short_answer", text);
	advice__why_not_swap(inc, text, sizeof(text));
	jw__string(w, "why_swap_unused", text);

	jw__array_begin(w, "incomplete");
	for (size_t i = 0; i < sizeof(missing_names) / sizeof(missing_names[0]); i++)
		if (inc->incomplete & missing_names[i].bit)
			jw__string(w, NULL, missing_names[i].name);
	jw__array_end(w);
	jw__string_or_null(w, "notes", inc->notes);
	jw__object_end(w);
}

static void sink_json__flush(struct sink *s)
{
	fflush(((struct sink_json *)s)->f);
}

static void sink_json__free(struct sink *s)
{
	sink_json__flush(s);
	free(s);
}

static const struct sink_ops sink_json_ops = {
	.incident = sink_json__incident,
	.flush = sink_json__flush,
	.free = sink_json__free,
};

struct sink *sink_json__new(void *file, const struct sink_options *opts)
{
	struct sink_json *sj = calloc(1, sizeof(*sj));

	if (!sj)
		return NULL;
	sj->s.ops = &sink_json_ops;
	sj->f = file ? file : stdout;
	if (opts)
		sj->opts = *opts;
	jw__init(&sj->w, sj->f);
	return &sj->s;
}
