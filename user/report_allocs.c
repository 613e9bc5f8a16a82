// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_table.h"
#include "events.h"
#include "incident.h"
#include "json_writer.h"
#include "record_check.h"
#include "report_allocs.h"
#include "stream_batch.h"

#define MAX_KILLS 16
#define TOP_THREADS 10

struct kill {
	uint64_t ts;
	struct task_ident victim, trigger;
	struct alloc_table *before;
};

struct report_allocs {
	const struct kernel_names *names;
	struct alloc_table *whole;
	struct kill kills[MAX_KILLS];
	int nr_kills, more_kills;
};

struct report_allocs *report_allocs__new(const struct kernel_names *names)
{
	struct report_allocs *ra = calloc(1, sizeof(*ra));

	if (!ra)
		return NULL;
	ra->names = names;
	ra->whole = alloc_table__new(0, UINT64_MAX);
	if (!ra->whole) {
		free(ra);
		return NULL;
	}
	return ra;
}

void report_allocs__free(struct report_allocs *ra)
{
	if (!ra)
		return;
	for (int i = 0; i < ra->nr_kills; i++)
		alloc_table__free(ra->kills[i].before);
	alloc_table__free(ra->whole);
	free(ra);
}

static void table__add(void *ctx, const struct ev_page_alloc *a)
{
	alloc_table__add(ctx, a);
}

void report_allocs__first(struct report_allocs *ra, const struct event_header *h)
{
	const struct ev_oom_victim *v = (const void *)h;
	struct kill *k;

	stream_batch__each(h, table__add, ra->whole);
	if (h->type != EV_OOM_VICTIM || record__check(h, h->size) != RECORD_OK)
		return;
	if (ra->nr_kills == MAX_KILLS) {
		ra->more_kills++;
		return;
	}
	k = &ra->kills[ra->nr_kills];
	k->ts = h->ts_ns;
	k->victim = v->victim;
	k->trigger = v->trigger;
	k->before = alloc_table__before_kill(h->ts_ns);
	if (k->before)
		ra->nr_kills++;
}

int report_allocs__kills(const struct report_allocs *ra)
{
	return ra->nr_kills;
}

void report_allocs__second(struct report_allocs *ra, const struct event_header *h)
{
	if (h->type != EV_PAGE_ALLOC_BATCH && h->type != EV_PAGE_ALLOC)
		return;
	for (int i = 0; i < ra->nr_kills; i++)
		stream_batch__each(h, table__add, ra->kills[i].before);
}

static void when__format(uint64_t ts, int64_t offset, char *buf, size_t len)
{
	if (offset)
		wall_time__format((int64_t)ts + offset, buf, len);
	else
		snprintf(buf, len, "%.6f (monotonic)", ts / 1e9);
}

static void task__json(struct json_writer *w, const char *key, const struct task_ident *t, bool thread)
{
	jw__object_begin(w, key);
	jw__string_len(w, "comm", t->comm, strnlen(t->comm, sizeof(t->comm)));
	jw__uint(w, thread ? "tid" : "pid", thread ? t->pid : t->tgid);
	jw__object_end(w);
}

/* One JSON object a line: the whole capture, then one per kill. */
static void report_allocs__print_json(struct report_allocs *ra, int64_t offset)
{
	struct json_writer w;
	char when[64];

	jw__init(&w, stdout);
	jw__object_begin(&w, NULL);
	jw__string(&w, "type", "allocs");
	jw__string(&w, "window", "capture");
	alloc_table__print_json(ra->whole, &w, ra->names, TOP_THREADS, 0);
	jw__object_end(&w);
	for (int i = 0; i < ra->nr_kills; i++) {
		const struct kill *k = &ra->kills[i];

		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "allocs");
		jw__string(&w, "window", "before_kill");
		jw__int(&w, "kill", i + 1);
		jw__uint(&w, "kill_ts_ns", k->ts);
		when__format(k->ts, offset, when, sizeof(when));
		if (offset)
			jw__string(&w, "kill_time", when);
		jw__uint(&w, "window_ns", ALLOCS_BEFORE_KILL_NS);
		task__json(&w, "victim", &k->victim, false);
		task__json(&w, "trigger", &k->trigger, true);
		alloc_table__print_json(k->before, &w, ra->names, TOP_THREADS, k->trigger.pid);
		jw__object_end(&w);
	}
}

void report_allocs__print(struct report_allocs *ra, int64_t realtime_minus_mono_ns, bool json)
{
	char when[64];

	if (json) {
		report_allocs__print_json(ra, realtime_minus_mono_ns);
		return;
	}
	if (!alloc_table__total(ra->whole)) {
		printf("no streamed allocations in this capture (they are recorded with 'oomtrace record --stream-allocs')\n");
		return;
	}
	printf("streamed allocations, whole capture:\n");
	alloc_table__print(ra->whole, stdout, ra->names, TOP_THREADS, 0, NULL);
	for (int i = 0; i < ra->nr_kills; i++) {
		const struct kill *k = &ra->kills[i];

		when__format(k->ts, realtime_minus_mono_ns, when, sizeof(when));
		printf("\nin the second before OOM kill #%d at %s (victim %.16s pid %u, trigger %.16s tid %u):\n",
		       i + 1, when, k->victim.comm, k->victim.tgid, k->trigger.comm, k->trigger.pid);
		alloc_table__print(k->before, stdout, ra->names, TOP_THREADS, k->trigger.pid, "(the trigger)");
	}
	if (ra->more_kills)
		printf("\n%d more OOM kills in the capture are not shown\n", ra->more_kills);
}
