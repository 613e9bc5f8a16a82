// SPDX-License-Identifier: GPL-2.0
/* Per-record lines for the slow-path records (see record_print.h). */
#include <inttypes.h>
#include <string.h>

#include "decode.h"
#include "events.h"
#include "json_writer.h"
#include "record_print.h"
#include "summary.h"

static bool stall__shown(const struct ev_reclaim *e, int min_stall_ms)
{
	return min_stall_ms >= 0 && e->duration_ns >= (uint64_t)min_stall_ms * 1000000ULL;
}

/* A retry round worth a line: the allocator is about to give up on reclaim. */
static bool retry__shown(const struct ev_retry_zone *e)
{
	return !e->wmark_check && e->no_progress_loops >= MAX_RECLAIM_RETRIES;
}

static const char *ctx__text(uint32_t ctx)
{
	if (ctx & CTX_NMI)
		return " in NMI";
	if (ctx & CTX_HARDIRQ)
		return " in hardirq";
	if (ctx & CTX_SOFTIRQ)
		return " in softirq";
	if (ctx & CTX_IRQ_STACK)
		return " in interrupt";
	return "";
}

static const char *throttle_reason__name(int r)
{
	/* enum vmscan_throttle_state, stable since 5.16 */
	switch (r) {
	case 0: return "writeback";
	case 1: return "isolated";
	case 2: return "noprogress";
	case 3: return "congested";
	}
	return "?";
}

bool record__print_text(FILE *out, const struct kernel_names *names, const struct event_header *rec,
			int min_stall_ms)
{
	char gfp[256];

	switch (rec->type) {
	case EV_ALLOC_FAIL: {
		const struct ev_alloc_fail *e = (const void *)rec;

		gfp__format(names, e->gfp, gfp, sizeof(gfp));
		fprintf(out, "alloc failure: %.16s (%u/%u) order %u gfp %#" PRIx64 " (%s) zone %s %s%s",
			e->task.comm, e->task.tgid, e->task.pid, e->order, (uint64_t)e->gfp, gfp,
			zone__name(names, e->highest_zone), migratetype__name(names, e->migratetype),
			ctx__text(e->ctx));
		if (e->suppressed_before)
			fprintf(out, " [%u more held back before this one]", e->suppressed_before);
		fputc('\n', out);
		return true;
	}
	case EV_RECLAIM: {
		const struct ev_reclaim *e = (const void *)rec;

		if (!stall__shown(e, min_stall_ms))
			return false;
		fprintf(out, "reclaim stall: %.16s (%u/%u) %s reclaim %.3f ms, order %d, reclaimed %" PRIu64
			" pages (anon %" PRIu64 ", file %" PRIu64 "), scanned anon %" PRIu64 " file %" PRIu64
			", swapped out %" PRIu64 "\n",
			e->task.comm, e->task.tgid, e->task.pid, reclaim_kind__name(e->kind), e->duration_ns / 1e6,
			e->order, (uint64_t)e->nr_reclaimed, (uint64_t)e->reclaimed_anon, (uint64_t)e->reclaimed_file,
			(uint64_t)e->scanned_anon, (uint64_t)e->scanned_file, (uint64_t)e->swapouts);
		return true;
	}
	case EV_RETRY_ZONE: {
		const struct ev_retry_zone *e = (const void *)rec;

		if (!retry__shown(e))
			return false;
		fprintf(out, "retry: %.16s (%u/%u) order %d: node %d zone %s below its watermark after %d loops"
			" without progress (available %" PRIu64 " pages, min %" PRIu64 ", reclaimable %" PRIu64 ")\n",
			e->task.comm, e->task.tgid, e->task.pid, e->order, e->nid, zone__name(names, e->zone_idx),
			e->no_progress_loops, (uint64_t)e->available, (uint64_t)e->min_wmark,
			(uint64_t)e->reclaimable);
		return true;
	}
	case EV_COMPACT_RETRY: {
		const struct ev_compact_retry *e = (const void *)rec;

		if (e->ret)
			return false;
		fprintf(out, "compaction gave up: %.16s (%u/%u) order %d priority %s after %d of %d retries (%s%s)\n",
			e->task.comm, e->task.tgid, e->task.pid, e->order, compact_priority__name(names, e->priority),
			e->retries, e->max_retries,
			e->result_is_feedback ? "feedback " : "",
			e->result_is_feedback ? (e->result == 1 ? "failed" : e->result == 2 ? "withdrawn" : "progress")
					      : compact_result__name(names, e->result));
		return true;
	}
	case EV_THROTTLED: {
		const struct ev_throttled *e = (const void *)rec;

		if (min_stall_ms < 0 || e->usec_delayed < min_stall_ms * 1000)
			return false;
		fprintf(out, "reclaim throttled: %.16s (%u/%u) node %d for %.3f ms (%s)\n", e->task.comm,
			e->task.tgid, e->task.pid, e->nid, e->usec_delayed / 1e3, throttle_reason__name(e->reason));
		return true;
	}
	}
	return false;
}

/* The same shape as an incident's gfp: {"raw":"0x..","text":"..."} */
static void gfp__json(struct json_writer *w, const struct kernel_names *names, uint64_t gfp)
{
	char text[256];

	gfp__format(names, gfp, text, sizeof(text));
	jw__object_begin(w, "gfp");
	jw__hex(w, "raw", gfp);
	jw__string(w, "text", text);
	jw__object_end(w);
}

static void task__json(struct json_writer *w, const struct task_ident *t)
{
	jw__uint(w, "pid", t->tgid);
	jw__uint(w, "tid", t->pid);
	jw__string_len(w, "comm", t->comm, strnlen(t->comm, TASK_COMM_LEN));
	jw__uint(w, "memcg_id", t->memcg_id);
}

bool record__print_json(FILE *out, const struct kernel_names *names, const struct event_header *rec,
			int min_stall_ms)
{
	struct json_writer w;

	jw__init(&w, out);
	switch (rec->type) {
	case EV_ALLOC_FAIL: {
		const struct ev_alloc_fail *e = (const void *)rec;

		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "alloc_failure");
		jw__uint(&w, "ts_ns", rec->ts_ns);
		task__json(&w, &e->task);
		jw__uint(&w, "order", e->order);
		gfp__json(&w, names, e->gfp);
		jw__string(&w, "zone", zone__name(names, e->highest_zone));
		jw__string(&w, "migratetype", migratetype__name(names, e->migratetype));
		jw__bool(&w, "in_interrupt", e->ctx != 0);
		jw__int(&w, "stack_id", e->stack_id);
		jw__uint(&w, "suppressed_before", e->suppressed_before);
		jw__object_end(&w);
		return true;
	}
	case EV_RECLAIM: {
		const struct ev_reclaim *e = (const void *)rec;

		if (!stall__shown(e, min_stall_ms))
			return false;
		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "reclaim");
		jw__uint(&w, "ts_ns", rec->ts_ns);
		task__json(&w, &e->task);
		jw__string(&w, "kind", reclaim_kind__name(e->kind));
		jw__uint(&w, "duration_ns", e->duration_ns);
		jw__int(&w, "order", e->order);
		gfp__json(&w, names, e->gfp);
		jw__uint(&w, "reclaimed", e->nr_reclaimed);
		jw__uint(&w, "scanned_anon", e->scanned_anon);
		jw__uint(&w, "scanned_file", e->scanned_file);
		jw__uint(&w, "reclaimed_anon", e->reclaimed_anon);
		jw__uint(&w, "reclaimed_file", e->reclaimed_file);
		jw__uint(&w, "swapouts", e->swapouts);
		if (e->nid >= 0)
			jw__int(&w, "nid", e->nid);
		jw__object_end(&w);
		return true;
	}
	case EV_RETRY_ZONE: {
		const struct ev_retry_zone *e = (const void *)rec;

		if (!retry__shown(e))
			return false;
		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "retry");
		jw__uint(&w, "ts_ns", rec->ts_ns);
		task__json(&w, &e->task);
		jw__int(&w, "order", e->order);
		jw__int(&w, "nid", e->nid);
		jw__string(&w, "zone", zone__name(names, e->zone_idx));
		jw__int(&w, "no_progress_loops", e->no_progress_loops);
		jw__bool(&w, "wmark_ok", e->wmark_check);
		jw__uint(&w, "available", e->available);
		jw__uint(&w, "min_wmark", e->min_wmark);
		jw__uint(&w, "reclaimable", e->reclaimable);
		jw__object_end(&w);
		return true;
	}
	case EV_COMPACT_RETRY: {
		const struct ev_compact_retry *e = (const void *)rec;

		if (e->ret)
			return false;
		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "compact_retry");
		jw__uint(&w, "ts_ns", rec->ts_ns);
		task__json(&w, &e->task);
		jw__int(&w, "order", e->order);
		jw__string(&w, "priority", compact_priority__name(names, e->priority));
		jw__int(&w, "retries", e->retries);
		jw__int(&w, "max_retries", e->max_retries);
		if (e->result_is_feedback)
			jw__int(&w, "feedback", e->result);
		else
			jw__string(&w, "result", compact_result__name(names, e->result));
		jw__bool(&w, "will_retry", false);
		jw__object_end(&w);
		return true;
	}
	case EV_THROTTLED: {
		const struct ev_throttled *e = (const void *)rec;

		if (min_stall_ms < 0 || e->usec_delayed < min_stall_ms * 1000)
			return false;
		jw__object_begin(&w, NULL);
		jw__string(&w, "type", "throttled");
		jw__uint(&w, "ts_ns", rec->ts_ns);
		task__json(&w, &e->task);
		jw__int(&w, "nid", e->nid);
		jw__int(&w, "usec_delayed", e->usec_delayed);
		jw__int(&w, "usec_timeout", e->usec_timeout);
		jw__string(&w, "reason", throttle_reason__name(e->reason));
		jw__object_end(&w);
		return true;
	}
	}
	return false;
}
