// SPDX-License-Identifier: GPL-2.0
/* Constructors and small helpers for struct incident. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "incident.h"

static void task__init(struct inc_task *t)
{
	memset(t, 0, sizeof(*t));
	t->pid = t->tid = t->uid = t->oom_score_adj = UNKNOWN;
}

static void fill_unknown(int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = UNKNOWN;
}

/* The structs below hold only int64_t between their non-numeric members;
 * setting each numeric run explicitly keeps this honest when fields are added. */
#define FILL_STRUCT_I64(s) fill_unknown((int64_t *)(void *)&(s), sizeof(s) / sizeof(int64_t))

void incident__init(struct incident *inc, enum incident_kind kind, enum incident_source source)
{
	memset(inc, 0, sizeof(*inc));
	inc->kind = kind;
	inc->source = source;
	inc->seq = UNKNOWN;
	inc->page_size = 4096;
	inc->log_time = -1;
	task__init(&inc->trigger);
	inc->order = inc->gfp_raw = inc->totalpages = UNKNOWN;
	inc->swap_total_kb = inc->swap_free_kb = UNKNOWN;
	FILL_STRUCT_I64(inc->mem);
	fill_unknown(&inc->memcg.usage_kb,
		     (sizeof(inc->memcg) - offsetof(struct inc_memcg, usage_kb)) / sizeof(int64_t));
	inc->container.ve_id = inc->container.free_pages = UNKNOWN;
	fill_unknown(&inc->history.window_ns,
		     offsetof(struct inc_history, present) / sizeof(int64_t));
}

void incident__free(struct incident *inc)
{
	free(inc->victims);
	free(inc->tasks);
	inc->victims = NULL;
	inc->tasks = NULL;
	inc->nr_victims = inc->nr_tasks = 0;
}

struct inc_victim *incident__add_victim(struct incident *inc)
{
	struct inc_victim *v = realloc(inc->victims, (inc->nr_victims + 1) * sizeof(*v));

	if (!v)
		return NULL;
	inc->victims = v;
	v = &inc->victims[inc->nr_victims++];
	memset(v, 0, sizeof(*v));
	task__init(&v->task);
	v->total_vm_kb = v->anon_rss_kb = v->file_rss_kb = v->shmem_rss_kb = UNKNOWN;
	v->pgtables_kb = v->swapents_kb = v->score = v->mlocked_kb = UNKNOWN;
	v->reaped_anon_kb = v->reap_ns = v->adj_set_by_pid = UNKNOWN;
	return v;
}

struct inc_task_row *incident__add_task_row(struct incident *inc)
{
	/* grow geometrically: task tables can have thousands of rows */
	if ((inc->nr_tasks & (inc->nr_tasks - 1)) == 0) {
		size_t cap = inc->nr_tasks ? (size_t)inc->nr_tasks * 2 : 16;
		struct inc_task_row *t = realloc(inc->tasks, cap * sizeof(*t));

		if (!t)
			return NULL;
		inc->tasks = t;
	}
	struct inc_task_row *row = &inc->tasks[inc->nr_tasks++];

	fill_unknown(&row->pid, offsetof(struct inc_task_row, name) / sizeof(int64_t));
	row->name[0] = '\0';
	return row;
}

struct inc_zone *incident__add_zone(struct incident *inc, int64_t node, const char *name)
{
	for (int i = 0; i < inc->nr_zones; i++)
		if (inc->zones[i].node == node && strcmp(inc->zones[i].name, name) == 0)
			return &inc->zones[i];
	if (inc->nr_zones >= INC_MAX_ZONES)
		return NULL;
	struct inc_zone *z = &inc->zones[inc->nr_zones++];

	memset(z, 0, sizeof(*z));
	fill_unknown(&z->free_kb, (offsetof(struct inc_zone, all_unreclaimable) -
				   offsetof(struct inc_zone, free_kb)) / sizeof(int64_t));
	z->all_unreclaimable = -1;
	fill_unknown(z->lowmem_reserve, INC_MAX_RESERVE);
	fill_unknown(z->free_blocks, INC_MAX_ORDERS);
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	return z;
}

bool incident__add_verdict(struct incident *inc, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (inc->nr_verdicts >= INC_MAX_VERDICTS || incident__has_verdict(inc, code))
		return false;
	struct inc_verdict *v = &inc->verdicts[inc->nr_verdicts++];

	snprintf(v->code, sizeof(v->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(v->evidence, sizeof(v->evidence), fmt, ap);
	va_end(ap);
	return true;
}

bool incident__has_verdict(const struct incident *inc, const char *code)
{
	for (int i = 0; i < inc->nr_verdicts; i++)
		if (strcmp(inc->verdicts[i].code, code) == 0)
			return true;
	return false;
}

const char *incident_kind__name(enum incident_kind kind)
{
	switch (kind) {
	case INCIDENT_OOM_KILL: return "oom_kill";
	case INCIDENT_ALLOC_FAILURE: return "alloc_failure";
	case INCIDENT_CONTAINER_KILL: return "container_kill";
	}
	return "unknown";
}

const char *incident_constraint__name(enum incident_constraint c)
{
	switch (c) {
	case CONSTRAINT_GLOBAL: return "global";
	case CONSTRAINT_CPUSET: return "cpuset";
	case CONSTRAINT_MEMPOLICY: return "mempolicy";
	case CONSTRAINT_MEMCG: return "memcg";
	case CONSTRAINT_UNKNOWN: break;
	}
	return "unknown";
}

/* UTC, so that a replay elsewhere prints the same time */
void wall_time__format(int64_t ns, char *buf, size_t len)
{
	time_t secs = ns / 1000000000;
	struct tm tm;

	if (!gmtime_r(&secs, &tm)) {
		buf[0] = '\0';
		return;
	}
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);

	snprintf(buf + n, len - n, ".%03dZ", (int)(ns / 1000000 % 1000));
}
