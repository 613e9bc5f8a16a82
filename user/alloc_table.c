// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_table.h"
#include "decode.h"
#include "events.h"
#include "hash.h"
#include "incident.h"
#include "json_writer.h"

#define MAX_ORDER_SHOWN 11	/* orders 0..10 each, larger ones in the last */
#define MAX_THREADS (1u << 16)	/* beyond this many, the rest go to "other threads" */

struct thread_row {
	uint32_t tid;		/* 0: empty slot */
	uint64_t allocs, high_order, failed;
};

struct alloc_table {
	uint64_t from_ns, to_ns;
	uint64_t total, failed, first_ns, last_ns;
	uint64_t by_order[MAX_ORDER_SHOWN + 1];
	uint64_t by_mt[NAMES_MAX_MT + 1];	/* the last: unknown */
	uint64_t other_threads;
	uint32_t nr_threads;
	struct thread_row *rows;	/* MAX_THREADS slots, open addressing */
};

struct alloc_table *alloc_table__new(uint64_t from_ns, uint64_t to_ns)
{
	struct alloc_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->rows = calloc(MAX_THREADS, sizeof(*t->rows));
	if (!t->rows) {
		free(t);
		return NULL;
	}
	t->from_ns = from_ns;
	t->to_ns = to_ns;
	return t;
}

struct alloc_table *alloc_table__before_kill(uint64_t kill_ns)
{
	return alloc_table__new(kill_ns > ALLOCS_BEFORE_KILL_NS ? kill_ns - ALLOCS_BEFORE_KILL_NS : 0, kill_ns);
}

void alloc_table__free(struct alloc_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t);
}

static struct thread_row *row__of(struct alloc_table *t, uint32_t tid)
{
	uint32_t i = hash__u32(tid) & (MAX_THREADS - 1);

	/* kept at most 3/4 full so a probe always ends */
	for (;; i = (i + 1) & (MAX_THREADS - 1)) {
		if (t->rows[i].tid == tid)
			return &t->rows[i];
		if (!t->rows[i].tid) {
			if (t->nr_threads >= MAX_THREADS / 4 * 3)
				return NULL;
			t->nr_threads++;
			t->rows[i].tid = tid;
			return &t->rows[i];
		}
	}
}

void alloc_table__count(struct alloc_table *t, uint64_t ts, uint32_t tid, unsigned order, int migratetype, bool failed)
{
	struct thread_row *r;

	if (ts < t->from_ns || ts > t->to_ns)
		return;
	if (!t->total || ts < t->first_ns)
		t->first_ns = ts;
	if (ts > t->last_ns)
		t->last_ns = ts;
	t->total++;
	t->failed += failed;
	t->by_order[order < MAX_ORDER_SHOWN ? order : MAX_ORDER_SHOWN]++;
	t->by_mt[migratetype >= 0 && migratetype < NAMES_MAX_MT ? migratetype : NAMES_MAX_MT]++;
	/* tid 0 is the idle task (interrupts on an idle CPU): a row like any other */
	r = row__of(t, tid ? tid : UINT32_MAX);
	if (!r) {
		t->other_threads++;
		return;
	}
	r->allocs++;
	r->high_order += order > 0;
	r->failed += failed;
}

void alloc_table__add(struct alloc_table *t, const struct ev_page_alloc *a)
{
	alloc_table__count(t, a->h.ts_ns, a->pid, a->order, a->migratetype, a->pfn == ~0ull);
}

uint64_t alloc_table__total(const struct alloc_table *t)
{
	return t->total;
}

static int row__cmp(const void *a, const void *b)
{
	const struct thread_row *x = a, *y = b;

	if (x->allocs != y->allocs)
		return x->allocs < y->allocs ? 1 : -1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : 0;
}

/* The threads, most allocations first; caller frees. */
static struct thread_row *rows__sorted(const struct alloc_table *t, uint32_t *n)
{
	struct thread_row *rows = malloc(((size_t)t->nr_threads + 1) * sizeof(*rows));

	*n = 0;
	if (!rows)
		return NULL;
	for (uint32_t i = 0; i < MAX_THREADS; i++)
		if (t->rows[i].tid)
			rows[(*n)++] = t->rows[i];
	qsort(rows, *n, sizeof(*rows), row__cmp);
	return rows;
}

static uint64_t rows__rest(const struct alloc_table *t, const struct thread_row *rows, uint32_t n, int top)
{
	uint64_t rest = t->other_threads;

	for (uint32_t i = top; i < n; i++)
		rest += rows[i].allocs;
	return rest;
}

static uint32_t row__tid(const struct thread_row *r)
{
	return r->tid == UINT32_MAX ? 0 : r->tid;
}

void alloc_table__summarize(const struct alloc_table *t, struct inc_allocs *out)
{
	struct thread_row *rows;
	uint32_t n;

	out->total = t->total;
	out->failed = t->failed;
	out->above_order_0 = t->total - t->by_order[0];
	out->nr_top = 0;
	rows = rows__sorted(t, &n);
	for (uint32_t i = 0; rows && i < n && i < INC_ALLOCS_TOP; i++) {
		out->top[i].tid = row__tid(&rows[i]);
		out->top[i].allocations = rows[i].allocs;
		out->nr_top++;
	}
	free(rows);
}

uint64_t alloc_table__first_ns(const struct alloc_table *t)
{
	return t->first_ns;
}

void alloc_table__print_json(const struct alloc_table *t, struct json_writer *w, const struct kernel_names *names,
			     int top, uint32_t mark_tid)
{
	struct thread_row *rows;
	uint32_t n;
	char key[16];

	jw__uint(w, "allocations", t->total);
	jw__uint(w, "failed", t->failed);
	jw__uint(w, "span_ns", t->total ? t->last_ns - t->first_ns : 0);
	jw__uint(w, "threads", t->nr_threads);
	jw__object_begin(w, "by_order");
	for (int o = 0; o <= MAX_ORDER_SHOWN; o++)
		if (t->by_order[o]) {
			snprintf(key, sizeof(key), "%s%d", o == MAX_ORDER_SHOWN ? ">=" : "", o);
			jw__uint(w, key, t->by_order[o]);
		}
	jw__object_end(w);
	jw__object_begin(w, "by_migratetype");
	for (int m = 0; m <= NAMES_MAX_MT; m++)
		if (t->by_mt[m])
			jw__uint(w, m < NAMES_MAX_MT ? migratetype__name(names, m) : "?", t->by_mt[m]);
	jw__object_end(w);
	rows = rows__sorted(t, &n);
	jw__array_begin(w, "top_threads");
	for (uint32_t i = 0; rows && i < n && (int)i < top; i++) {
		jw__object_begin(w, NULL);
		jw__uint(w, "tid", row__tid(&rows[i]));
		jw__uint(w, "allocations", rows[i].allocs);
		jw__uint(w, "order_above_0", rows[i].high_order);
		jw__uint(w, "failed", rows[i].failed);
		jw__bool(w, "trigger", mark_tid && rows[i].tid == mark_tid);
		jw__object_end(w);
	}
	jw__array_end(w);
	jw__uint(w, "other_threads_allocations", rows ? rows__rest(t, rows, n, top) : t->other_threads);
	free(rows);
}

void alloc_table__print(const struct alloc_table *t, FILE *out, const struct kernel_names *names, int top,
			uint32_t mark_tid, const char *mark)
{
	struct thread_row *rows;
	uint32_t n = 0;

	fprintf(out, "  %" PRIu64 " allocations over %.3f s, %" PRIu64 " failed, %u threads\n", t->total,
		t->total ? (t->last_ns - t->first_ns) / 1e9 : 0, t->failed, t->nr_threads);
	if (!t->total)
		return;
	fprintf(out, "  by order:");
	for (int o = 0; o <= MAX_ORDER_SHOWN; o++)
		if (t->by_order[o])
			fprintf(out, "  %s%d %" PRIu64 " (%.1f%%)", o == MAX_ORDER_SHOWN ? ">=" : "", o,
				t->by_order[o], pct(t->by_order[o], t->total));
	fprintf(out, "\n  by migratetype:");
	for (int m = 0; m <= NAMES_MAX_MT; m++)
		if (t->by_mt[m])
			fprintf(out, "  %s %" PRIu64 " (%.1f%%)", m < NAMES_MAX_MT ? migratetype__name(names, m) : "?",
				t->by_mt[m], pct(t->by_mt[m], t->total));
	fputc('\n', out);

	rows = rows__sorted(t, &n);
	if (!rows)
		return;
	fprintf(out, "  %10s %12s %7s %10s %8s\n", "tid", "allocations", "share", "order>0", "failed");
	for (uint32_t i = 0; i < n && (int)i < top; i++) {
		fprintf(out, "  %10u %12" PRIu64 " %6.1f%% %10" PRIu64 " %8" PRIu64, row__tid(&rows[i]),
			rows[i].allocs, pct(rows[i].allocs, t->total), rows[i].high_order, rows[i].failed);
		if (mark_tid && rows[i].tid == mark_tid)
			fprintf(out, "  %s", mark);
		fputc('\n', out);
	}
	if (n > (uint32_t)top || t->other_threads) {
		uint64_t rest = rows__rest(t, rows, n, top);

		fprintf(out, "  %10s %12" PRIu64 " %6.1f%%  (%u more threads)\n", "others", rest, pct(rest, t->total),
			n > (uint32_t)top ? n - top : 0);
	}
	free(rows);
}
