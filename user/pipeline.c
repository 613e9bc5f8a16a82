// SPDX-License-Identifier: GPL-2.0
/* The pipeline: check → correlate → diagnose → filter → sinks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "decode.h"
#include "diagnose.h"
#include "events.h"
#include "incident.h"
#include "pipeline.h"
#include "record_check.h"
#include "sink.h"

#define MAX_SINKS 8

struct pipeline {
	struct correlator *corr;
	struct sink *sinks[MAX_SINKS];
	int nr_sinks;
	struct pipeline_filter filter;
	const struct kernel_names *names;
	uint64_t records, malformed, incidents, matched;
};

static bool task__matches(const struct pipeline_filter *f, const struct inc_task *t)
{
	if (f->pid && t->pid != f->pid && t->tid != f->pid)
		return false;
	if (f->comm[0] && strcmp(f->comm, t->comm) != 0)
		return false;
	return true;
}

static bool path__under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/' || prefix[n - 1] == '/');
}

/* An incident matches when its trigger or any victim matches the task filters,
 * and the OOM memcg, the trigger's or a victim's cgroup is under --cgroup. */
static bool incident__matches(const struct pipeline_filter *f, const struct incident *inc)
{
	bool task_ok = task__matches(f, &inc->trigger);

	/* Non-blocking tries the caller marked __GFP_NOWARN (GFP_NOWAIT and kin) fail
	 * by the dozen under pressure and fall back at once: counted, not shown. */
	if (inc->kind == INCIDENT_ALLOC_FAILURE && !f->all_failures && inc->gfp_flags_known &&
	    (inc->gfp_flags & GFPF_NOWARN) && !(inc->gfp_flags & GFPF_DIRECT_RECLAIM))
		return false;
	bool cg_ok = !f->cgroup[0] || path__under(inc->memcg_oom, f->cgroup) ||
		     path__under(inc->trigger.cgroup, f->cgroup);

	for (int i = 0; i < inc->nr_victims; i++) {
		task_ok = task_ok || task__matches(f, &inc->victims[i].task);
		cg_ok = cg_ok || path__under(inc->victims[i].task.cgroup, f->cgroup);
	}
	return task_ok && cg_ok;
}

static void pipeline__on_incident(void *ctx, struct incident *inc)
{
	struct pipeline *p = ctx;

	p->incidents++;
	diagnose__incident(inc);
	if (!incident__matches(&p->filter, inc))
		return;
	p->matched++;
	for (int i = 0; i < p->nr_sinks; i++)
		if (p->sinks[i]->ops->incident)
			p->sinks[i]->ops->incident(p->sinks[i], inc);
}

struct pipeline *pipeline__new(const struct kernel_names *names, const struct pipeline_filter *filter)
{
	struct pipeline *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->names = names;
	if (filter)
		p->filter = *filter;
	p->corr = correlator__new(names, pipeline__on_incident, p);
	if (!p->corr) {
		free(p);
		return NULL;
	}
	return p;
}

void pipeline__set_origin(struct pipeline *p, enum incident_source source, const char *kernel_release,
			  const char *hostname)
{
	p->corr->source = source;
	snprintf(p->corr->kernel_release, sizeof(p->corr->kernel_release), "%s", kernel_release ?: "");
	snprintf(p->corr->hostname, sizeof(p->corr->hostname), "%s", hostname ?: "");
}

void pipeline__set_clock(struct pipeline *p, int64_t realtime_minus_mono_ns)
{
	p->corr->wall_offset_ns = realtime_minus_mono_ns;
	p->corr->wall_known = true;
}

void pipeline__add_sink(struct pipeline *p, struct sink *s)
{
	if (!s)
		return;
	if (p->nr_sinks == MAX_SINKS) {
		sink__free(s);
		return;
	}
	s->names = p->names;
	p->sinks[p->nr_sinks++] = s;
}

int pipeline__feed(struct pipeline *p, const struct event_header *rec, size_t len)
{
	enum record_verdict v = record__check(rec, len);

	if (v == RECORD_MALFORMED) {
		p->malformed++;
		return -EINVAL;
	}
	p->records += record__items(rec);
	for (int i = 0; i < p->nr_sinks; i++)
		if (p->sinks[i]->ops->record)
			p->sinks[i]->ops->record(p->sinks[i], rec);
	if (v == RECORD_OK)
		correlator__record(p->corr, rec);
	return 0;
}

void pipeline__tick(struct pipeline *p, uint64_t now_ns)
{
	correlator__tick(p->corr, now_ns);
}

void pipeline__flush(struct pipeline *p)
{
	for (int i = 0; i < p->nr_sinks; i++)
		if (p->sinks[i]->ops->flush)
			p->sinks[i]->ops->flush(p->sinks[i]);
}

void pipeline__finish(struct pipeline *p)
{
	correlator__flush(p->corr);
	for (int i = 0; i < p->nr_sinks; i++)
		if (p->sinks[i]->ops->summary && p->corr->summary)
			p->sinks[i]->ops->summary(p->sinks[i], p->corr->summary);
	pipeline__flush(p);
}

void pipeline__free(struct pipeline *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nr_sinks; i++)
		sink__free(p->sinks[i]);
	correlator__free(p->corr);
	free(p);
}

uint64_t pipeline__incidents(const struct pipeline *p) { return p->incidents; }
uint64_t pipeline__records(const struct pipeline *p) { return p->records; }
uint64_t pipeline__malformed(const struct pipeline *p) { return p->malformed; }
uint64_t pipeline__matched(const struct pipeline *p) { return p->matched; }
const struct summary *pipeline__summary(const struct pipeline *p) { return p->corr->summary; }
