// SPDX-License-Identifier: GPL-2.0
/* The slow-path summary: fed record by record, printed by summary_print.c. */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "record_check.h"
#include "summary.h"

struct summary *summary__new(void)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (s)
		s->retry_max_no_progress = -1;
	return s;
}

void summary__free(struct summary *s)
{
	free(s);
}

enum gfp_class gfp_class__of(uint64_t f)
{
	if (!(f & GFPF_DIRECT_RECLAIM))
		return GFPC_NOWAIT;
	if (!(f & GFPF_IO))
		return GFPC_NOIO;
	if (!(f & GFPF_FS))
		return GFPC_NOFS;
	return GFPC_FULL;
}

const char *gfp_class__name(enum gfp_class c)
{
	switch (c) {
	case GFPC_NOWAIT: return "nowait";
	case GFPC_NOIO: return "noio";
	case GFPC_NOFS: return "nofs";
	case GFPC_FULL: return "full";
	case GFPC_MAX: break;
	}
	return "?";
}

const char *reclaim_kind__name(uint32_t kind)
{
	switch (kind) {
	case RECLAIM_DIRECT: return "direct";
	case RECLAIM_MEMCG: return "memcg";
	case RECLAIM_MEMCG_SOFTLIMIT: return "memcg_softlimit";
	case RECLAIM_NODE: return "node";
	}
	return "?";
}

int summary__hist_slot(uint64_t ns)
{
	uint64_t us = ns / 1000;
	int slot = 0;

	while (us > 1 && slot < SUM_HIST_SLOTS - 1) {
		us >>= 1;
		slot++;
	}
	return slot;
}

uint64_t summary__failures(const struct summary *s, int order, int zone)
{
	uint64_t n = 0;

	for (int mt = 0; mt < MAX_MIGRATETYPES; mt++)
		n += s->fail_hist[fail_hist_slot(order, zone, mt)];
	return n;
}

uint64_t summary__failures_total(const struct summary *s)
{
	uint64_t n = 0;

	for (int i = 0; i < FAIL_HIST_SLOTS; i++)
		n += s->fail_hist[i];
	return n;
}

void summary__retry_round(struct summary *s, bool gave_up)
{
	s->retry_rounds++;
	if (gave_up)
		s->retry_gave_up++;
}

static void reclaim__add(struct summary *s, const struct ev_reclaim *e)
{
	struct reclaim_stats *r;

	if (e->kind == 0 || e->kind >= SUM_RECLAIM_KINDS)
		return;
	r = &s->reclaim[e->kind];
	r->passes++;
	r->ns_total += e->duration_ns;
	if (e->duration_ns > r->ns_max)
		r->ns_max = e->duration_ns;
	r->nr_reclaimed += e->nr_reclaimed;
	r->scanned_anon += e->scanned_anon;
	r->scanned_file += e->scanned_file;
	r->reclaimed_anon += e->reclaimed_anon;
	r->reclaimed_file += e->reclaimed_file;
	r->swapouts += e->swapouts;
	r->hist[summary__hist_slot(e->duration_ns)]++;
}

static void alloc_fail__add(struct summary *s, const struct kernel_names *names, const struct ev_alloc_fail *e)
{
	uint64_t f = names ? gfp__to_flags(names, e->gfp) : 0;
	int order = e->order < SUM_ORDERS ? (int)e->order : SUM_ORDERS - 1;

	s->fail_records++;
	s->fail_suppressed_seen += e->suppressed_before;
	if (names)
		s->fail_by_class[gfp_class__of(f)][order]++;
	if (e->ctx)
		s->fail_in_interrupt++;
	if (f & GFPF_NOWARN)
		s->fail_nowarn++;
}

void summary__add_record(struct summary *s, const struct kernel_names *names, const struct event_header *rec)
{
	uint64_t first;

	if (!s)
		return;
	first = rec->ts_ns;
	if (rec->type == EV_PAGE_ALLOC_BATCH && ((const struct ev_page_alloc_batch *)rec)->first_ts)
		first = ((const struct ev_page_alloc_batch *)rec)->first_ts;
	s->records += record__items(rec);
	if (!s->first_ts || first < s->first_ts)
		s->first_ts = first;
	if (rec->ts_ns > s->last_ts)
		s->last_ts = rec->ts_ns;

	switch (rec->type) {
	case EV_ALLOC_FAIL:
		alloc_fail__add(s, names, (const struct ev_alloc_fail *)rec);
		break;
	case EV_RECLAIM:
		reclaim__add(s, (const struct ev_reclaim *)rec);
		break;
	case EV_KSWAPD: {
		const struct ev_kswapd *e = (const void *)rec;

		if (e->step == KSWAPD_STEP_WAKE)
			s->kswapd_wakes++;
		else if (e->step == KSWAPD_STEP_SLEEP)
			s->kswapd_sleeps++;
		else if (e->step == KSWAPD_STEP_WAKEUP_REQ)
			s->kswapd_wake_requests++;
		break;
	}
	case EV_THROTTLED: {
		const struct ev_throttled *e = (const void *)rec;

		s->throttled++;
		if (e->usec_delayed > 0)
			s->throttled_us += e->usec_delayed;
		break;
	}
	case EV_RETRY_ZONE: {
		const struct ev_retry_zone *e = (const void *)rec;

		s->retry_zone_checks++;
		if (!e->wmark_check)
			s->retry_wmark_failed++;
		if (e->no_progress_loops > s->retry_max_no_progress)
			s->retry_max_no_progress = e->no_progress_loops;
		break;
	}
	case EV_COMPACT_RETRY: {
		const struct ev_compact_retry *e = (const void *)rec;

		s->compact_retry++;
		if (!e->ret)
			s->compact_retry_gave_up++;
		break;
	}
	case EV_EXTFRAG: {
		const struct ev_extfrag *e = (const void *)rec;

		s->extfrag_records++;
		if (rec->version >= 2)
			s->extfrag_suppressed_seen += e->suppressed_before;
		break;
	}
	case EV_COUNTERS: {
		const struct ev_counters *e = (const void *)rec;

		memcpy(s->fail_hist, e->fail_hist, sizeof(s->fail_hist));
		s->have_fail_hist = true;
		break;
	}
	case EV_DROPS: {
		const struct ev_drops *e = (const void *)rec;

		memcpy(s->counters, e->counters, sizeof(s->counters));
		s->user_dropped = e->user_dropped;
		s->have_counters = true;
		break;
	}
	}
}
