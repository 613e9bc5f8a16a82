// SPDX-License-Identifier: GPL-2.0
/*
 * The text sink: for each incident the short answer first, then the
 * evidence it rests on, then what to do. Unknown figures print as "?".
 * Only ->incident for now; per-record lines and summaries go in further ops.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "decode.h"
#include "incident.h"
#include "sink.h"

struct sink_text {
	struct sink s;
	FILE *f;
	struct sink_options opts;
};

/* v in decimal, then suffix, into buf (a log of thousands of reports prints
 * dozens of figures per report: snprintf was a tenth of explain's time) */
static const char *i64__format(char *buf, size_t len, int64_t v, const char *suffix)
{
	char digits[24], *d = digits + sizeof(digits);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n, slen = strlen(suffix);

	do {
		*--d = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--d = '-';
	n = digits + sizeof(digits) - d;
	if (n + slen >= len) {	/* never for the callers' buffers; still bounded */
		snprintf(buf, len, "%" PRId64 "%s", v, suffix);
		return buf;
	}
	memcpy(buf, d, n);
	memcpy(buf + n, suffix, slen + 1);
	return buf;
}

/* "123kB", "max" or "?" */
static const char *kb(char *buf, size_t len, int64_t v)
{
	if (v == UNLIMITED)
		return "max";
	if (!known(v))
		return "?";
	return i64__format(buf, len, v, "kB");
}

static const char *num(char *buf, size_t len, int64_t v)
{
	return known(v) ? i64__format(buf, len, v, "") : "?";
}

static const char *source__label(enum incident_source s)
{
	return s == SOURCE_LIVE ? "live" : s == SOURCE_CAPTURE ? "capture" : "kernel log";
}

static const char *kind__label(enum incident_kind k)
{
	return k == INCIDENT_OOM_KILL ? "OOM kill" : k == INCIDENT_ALLOC_FAILURE ? "allocation failure" : "container kill";
}

/* wrap a paragraph at ~78 columns: first line after lead, the rest indented to its width */
static void print_wrapped(FILE *f, const char *lead, const char *text)
{
	char out[4096];
	size_t n = 0, col, ind = strlen(lead);
	const char *p = text;

	if (ind > 63)
		ind = 63;
	fputs(lead, f);
	col = ind;
	/* assembled in out[] and written in one go: per-word stdio calls were
	 * most of the cost of printing an incident */
	while (*p) {
		size_t w;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = strcspn(p, " ");
		/* >=: a byte always stays free for the closing newline */
		if (n + ind + 2 + w >= sizeof(out)) {
			fwrite(out, 1, n, f);
			n = 0;
		}
		if (col > ind && col + 1 + w > 78) {
			out[n++] = '\n';
			memset(out + n, ' ', ind);
			n += ind;
			col = ind;
		} else if (col > ind) {
			out[n++] = ' ';
			col++;
		}
		if (w >= sizeof(out) - n) {	/* a word longer than the buffer */
			fwrite(out, 1, n, f);
			fwrite(p, 1, w, f);
			n = 0;
		} else {
			memcpy(out + n, p, w);
			n += w;
		}
		col += w;
		p += w;
	}
	out[n++] = '\n';
	fwrite(out, 1, n, f);
}

static void text__task(FILE *f, const struct inc_task *t)
{
	char a[24], b[24];

	fprintf(f, "%s pid %s tid %s", t->comm[0] ? t->comm : "?", num(a, sizeof(a), t->pid), num(b, sizeof(b), t->tid));
	if (known(t->uid))
		fprintf(f, " uid %" PRId64, t->uid);
	if (t->cgroup[0])
		fprintf(f, " cgroup %s", t->cgroup);
	if (known(t->oom_score_adj))
		fprintf(f, " oom_score_adj %" PRId64, t->oom_score_adj);
}

static void text__gfp(struct sink_text *st, const struct incident *inc)
{
	FILE *f = st->f;
	char names[INC_TEXT_LEN], a[24];

	fprintf(f, "  allocation:  order %s", num(a, sizeof(a), inc->order));
	if (known(inc->order) && inc->order >= 0 && inc->order < 20)
		fprintf(f, " (%" PRId64 "kB contiguous)", (inc->page_size / 1024) << inc->order);
	if (known(inc->gfp_raw))
		fprintf(f, ", gfp %#" PRIx64, (uint64_t)inc->gfp_raw);
	names[0] = '\0';
	if (inc->gfp_text[0] && strncmp(inc->gfp_text, "0x", 2)) {
		snprintf(names, sizeof(names), "%s", inc->gfp_text);
	} else if (known(inc->gfp_raw)) {
		const struct kernel_names *np = st->s.names;

		if (!np || inc->source == SOURCE_KERNEL_LOG)
			np = kernel_names__of_version(inc->kernel_version);
		gfp__format(np, (uint64_t)inc->gfp_raw, names, sizeof(names));
		if (names[0]) {
			size_t l = strlen(names);

			snprintf(names + l, sizeof(names) - l, " (decoded with %s)", np->source);
		}
	}
	if (names[0])
		fprintf(f, " = %s", names);
	if (inc->in_interrupt)
		fprintf(f, ", in interrupt context");
	fputc('\n', f);
}

static void text__victim(FILE *f, const struct incident *inc, int i)
{
	const struct inc_victim *v = &inc->victims[i];
	char a[24], b[24], c[24], d[24], e[24];
	char why[INC_TEXT_LEN * 2];

	fprintf(f, "  victim:      ");
	text__task(f, &v->task);
	fputc('\n', f);
	if (known(v->anon_rss_kb) || known(v->file_rss_kb) || known(v->total_vm_kb) || known(v->score)) {
		fprintf(f, "               anon-rss %s file-rss %s shmem-rss %s total-vm %s",
			kb(a, sizeof(a), v->anon_rss_kb), kb(b, sizeof(b), v->file_rss_kb),
			kb(c, sizeof(c), v->shmem_rss_kb), kb(d, sizeof(d), v->total_vm_kb));
		if (known(v->swapents_kb))
			fprintf(f, " swap %s", kb(e, sizeof(e), v->swapents_kb));
		if (known(v->mlocked_kb) && v->mlocked_kb)
			fprintf(f, " mlocked %s", kb(e, sizeof(e), v->mlocked_kb));
		if (known(v->score))
			fprintf(f, " score %" PRId64, v->score);
		fputc('\n', f);
	}
	if (i == 0 && advice__why_victim(inc, why, sizeof(why)) > 0)
		print_wrapped(f, "               why chosen: ", why);
	if (v->adj_set_by_comm[0])
		fprintf(f, "               oom_score_adj set by %s pid %s\n", v->adj_set_by_comm,
			num(a, sizeof(a), v->adj_set_by_pid));
	if (v->reaped || v->reap_skipped || known(v->reaped_anon_kb)) {
		fprintf(f, "  reaping:     %s", v->reap_skipped ? "skipped" : v->reaped ? "reaped" : "?");
		if (known(v->reaped_anon_kb))
			fprintf(f, ", anon-rss after %s", kb(a, sizeof(a), v->reaped_anon_kb));
		if (known(v->reap_ns))
			fprintf(f, " in %.1fms", v->reap_ns / 1e6);
		fputc('\n', f);
	}
}

static void text__memcg(FILE *f, const struct incident *inc)
{
	const struct inc_memcg *m = &inc->memcg;
	char a[24], b[24], c[24];

	if (!inc->memcg_oom[0] && !known(m->usage_kb) && inc->constraint != CONSTRAINT_MEMCG)
		return;
	fprintf(f, "  memcg:       %s", inc->memcg_oom[0] ? inc->memcg_oom : inc->memcg_task[0] ? inc->memcg_task : "?");
	if (known(m->usage_kb) || known(m->limit_kb))
		fprintf(f, " usage %s limit %s failcnt %s", kb(a, sizeof(a), m->usage_kb), kb(b, sizeof(b), m->limit_kb),
			num(c, sizeof(c), m->failcnt));
	fputc('\n', f);
	if (known(m->memsw_usage_kb) || known(m->memsw_limit_kb))
		fprintf(f, "               memory+swap usage %s limit %s\n", kb(a, sizeof(a), m->memsw_usage_kb),
			kb(b, sizeof(b), m->memsw_limit_kb));
	if (known(m->swap_usage_kb) || known(m->swap_limit_kb))
		fprintf(f, "               swap usage %s limit %s\n", kb(a, sizeof(a), m->swap_usage_kb),
			kb(b, sizeof(b), m->swap_limit_kb));
	if (known(m->stat_swap_kb))
		fprintf(f, "               swapped out %s\n", kb(a, sizeof(a), m->stat_swap_kb));
}

static void text__zones(FILE *f, const struct incident *inc)
{
	char a[24], b[24], c[24], d[24];

	for (int i = 0; i < inc->nr_zones; i++) {
		const struct inc_zone *z = &inc->zones[i];

		fprintf(f, "  zone:        ");
		if (known(z->node))
			fprintf(f, "node %" PRId64 " ", z->node);
		fprintf(f, "%-8s free %s min %s low %s high %s", z->name, kb(a, sizeof(a), z->free_kb),
			kb(b, sizeof(b), z->min_kb), kb(c, sizeof(c), z->low_kb), kb(d, sizeof(d), z->high_kb));
		if (z->nr_reserve > 0) {
			fprintf(f, " reserve[]");
			for (int k = 0; k < z->nr_reserve && k < INC_MAX_RESERVE; k++)
				fprintf(f, " %s", num(a, sizeof(a), z->lowmem_reserve[k]));
		}
		if (z->all_unreclaimable == 1)
			fprintf(f, " all_unreclaimable");
		fputc('\n', f);
		if (z->nr_orders > 0) {
			fprintf(f, "               blocks:");
			for (int o = 0; o < z->nr_orders && o < INC_MAX_ORDERS; o++) {
				fprintf(f, " %s*%" PRId64 "kB", num(a, sizeof(a), z->free_blocks[o]),
					(inc->page_size / 1024) << o);
				if (z->block_types[o][0])
					fprintf(f, "(%s)", z->block_types[o]);
			}
			fputc('\n', f);
		}
	}
}

static void text__history(FILE *f, const struct inc_history *h)
{
	char a[24], b[24], c[24], d[24], e[24];

	if (!h->present)
		return;
	fprintf(f, "  history:     window %s ms: direct reclaim %s passes (%s pages), memcg reclaim %s passes\n",
		num(d, sizeof(d), known(h->window_ns) ? h->window_ns / 1000000 : UNKNOWN),
		num(a, sizeof(a), h->direct_reclaims), num(b, sizeof(b), h->direct_reclaimed_pages),
		num(c, sizeof(c), h->memcg_reclaims));
	fprintf(f, "               scanned anon %s file %s, swapouts %s (system %s)\n", num(a, sizeof(a), h->scanned_anon),
		num(b, sizeof(b), h->scanned_file), num(c, sizeof(c), h->swapouts), num(d, sizeof(d), h->swapouts_system));
	fprintf(f, "               compaction %s attempts, %s migrated, %s failed, %s deferred; retries given up %s\n",
		num(a, sizeof(a), h->compact_attempts), num(b, sizeof(b), h->compact_migrated),
		num(c, sizeof(c), h->compact_failed), num(d, sizeof(d), h->compact_deferred),
		num(e, sizeof(e), h->retry_gave_up));
}

/* Who was allocating in the second before the kill (streamed allocations). */
static void text__allocs(FILE *f, const struct incident *inc)
{
	const struct inc_allocs *a = &inc->allocs;

	if (!a->known)
		return;
	fprintf(f, "  allocations: %" PRIu64 " streamed in the %.1f s before the kill, %" PRIu64 " failed, %" PRIu64
		" above order 0\n", a->total, a->window_ns / 1e9, a->failed, a->above_order_0);
	if (!a->nr_top)
		return;
	fprintf(f, "               most by");
	for (int i = 0; i < a->nr_top; i++) {
		bool trigger = inc->trigger.tid == a->top[i].tid;
		bool victim = inc->nr_victims && inc->victims[0].task.tid == a->top[i].tid;

		fprintf(f, "%s tid %u (%.1f%%%s%s)", i ? "," : "", a->top[i].tid,
			100.0 * a->top[i].allocations / a->total, trigger ? ", the trigger" : "",
			victim && !trigger ? ", the victim" : "");
	}
	fputc('\n', f);
}

static void sink_text__incident(struct sink *s, const struct incident *inc)
{
	struct sink_text *st = (struct sink_text *)s;
	FILE *f = st->f;
	char text[INC_TEXT_LEN * 4], a[24], b[24];
	static const char *const missing[] = { "header", "meminfo", "zones", "buddy lists", "swap", "task table",
					       "victim", "oom_control", "memcg" };

	fprintf(f, "=== %s", kind__label(inc->kind));
	if (known(inc->seq))
		fprintf(f, " #%" PRId64, inc->seq);
	fprintf(f, " (%s", source__label(inc->source));
	if (inc->kernel_version[0])
		fprintf(f, ", kernel %s", inc->kernel_version);
	fprintf(f, ")");
	if (inc->wall_time[0])
		fprintf(f, " at %s", inc->wall_time);
	else if (inc->log_time >= 0)
		fprintf(f, " at [%.6f]", inc->log_time);
	fputc('\n', f);

	advice__short(inc, text, sizeof(text));
	print_wrapped(f, "", text);

	fprintf(f, "\nEvidence:\n  trigger:     ");
	text__task(f, &inc->trigger);
	fputc('\n', f);
	if (inc->kind != INCIDENT_CONTAINER_KILL)
		text__gfp(st, inc);
	fprintf(f, "  constraint:  %s", incident_constraint__name(inc->constraint));
	if (inc->cpuset[0])
		fprintf(f, ", cpuset %s", inc->cpuset);
	if (inc->mems_allowed[0])
		fprintf(f, ", mems_allowed %s", inc->mems_allowed);
	fputc('\n', f);
	text__memcg(f, inc);
	if (inc->kind == INCIDENT_CONTAINER_KILL || known(inc->container.ve_id))
		fprintf(f, "  container:   ve %s, %d kills, free %s pages after the last\n",
			num(a, sizeof(a), inc->container.ve_id), inc->container.nr_kills,
			num(b, sizeof(b), inc->container.free_pages));
	/* many victims (container kills): the first few, then a count */
	for (int i = 0; i < inc->nr_victims; i++) {
		if (i == 5 && inc->nr_victims > 6 && !st->opts.verbose) {
			fprintf(f, "  victims:     and %d more (all in --json)\n", inc->nr_victims - 5);
			break;
		}
		text__victim(f, inc, i);
	}
	fprintf(f, "  swap:        total %s free %s\n", kb(a, sizeof(a), inc->swap_total_kb),
		kb(b, sizeof(b), inc->swap_free_kb));
	text__zones(f, inc);
	if (inc->nr_tasks > 0)
		fprintf(f, "  tasks:       %d in the task table\n", inc->nr_tasks);
	text__history(f, &inc->history);
	text__allocs(f, inc);
	if (inc->incomplete) {
		fprintf(f, "  incomplete:  missing");
		for (unsigned i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
			if (inc->incomplete & (1u << i))
				fprintf(f, " %s", missing[i]);
		fputc('\n', f);
	}
	if (inc->notes[0])
		fprintf(f, "  notes:       %s\n", inc->notes);

	fprintf(f, "\nVerdicts:\n");
	if (inc->nr_verdicts == 0)
		fprintf(f, "  (none: the evidence does not support any)\n");
	for (int i = 0; i < inc->nr_verdicts; i++) {
		char ind[40];

		snprintf(ind, sizeof(ind), "  %-18s ", inc->verdicts[i].code);
		print_wrapped(f, ind, inc->verdicts[i].evidence);
	}
	if (inc->nr_verdicts > 0) {
		fprintf(f, "\nWhat to do:\n");
		for (int i = 0; i < inc->nr_verdicts; i++) {
			const char *todo = advice__todo(inc->verdicts[i].code);

			if (todo)
				print_wrapped(f, "  - ", todo);
		}
	}
	fputc('\n', f);
}

static void sink_text__flush(struct sink *s)
{
	fflush(((struct sink_text *)s)->f);
}

static void sink_text__free(struct sink *s)
{
	sink_text__flush(s);
	free(s);
}

static const struct sink_ops sink_text_ops = {
	.incident = sink_text__incident,
	.flush = sink_text__flush,
	.free = sink_text__free,
};

struct sink *sink_text__new(void *file, const struct sink_options *opts)
{
	struct sink_text *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->s.ops = &sink_text_ops;
	st->f = file ? file : stdout;
	if (opts)
		st->opts = *opts;
	return &st->s;
}
