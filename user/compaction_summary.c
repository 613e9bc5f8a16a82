// SPDX-License-Identifier: GPL-2.0
/* Compaction summary: counts, log2 histograms, deferral state; text and JSON. */
#include <string.h>

#include "compaction_summary.h"
#include "decode.h"
#include "events.h"

static int log2_slot(uint64_t ns)
{
	uint64_t us = ns / 1000;
	int slot = 0;

	while (us > 1 && slot < CSUM_HIST_SLOTS - 1) {
		us >>= 1;
		slot++;
	}
	return slot;
}

void compaction_summary__add_attempt(struct compaction_summary *s, const struct compaction_attempt *a)
{
	int slot = a->order < 0 ? 0 : (a->order >= CSUM_ORDERS - 1 ? CSUM_ORDERS - 1 : a->order + 1);
	struct compaction_order_stats *o = &s->by_order[slot];

	if (a->origin < CSUM_ORIGINS)
		s->attempts[a->origin]++;
	o->attempts++;
	if (a->outcome < OUTCOME_MAX)
		o->outcome[a->outcome]++;
	o->stall_ns += a->stall_ns;
	for (int i = 0; i < a->nr_zones; i++)
		if (!a->zones[i].deferred && a->zones[i].duration_ns)
			s->zone_hist[log2_slot(a->zones[i].duration_ns)]++;
	s->zones += a->nr_zones;
	s->migrated += a->migrated;
	s->failed += a->failed;
	if (a->origin == COMPACT_ORIGIN_DIRECT) {
		s->stall_hist[log2_slot(a->stall_ns)]++;
		s->stall_ns_total += a->stall_ns;
		if (a->stall_ns > s->stall_ns_max)
			s->stall_ns_max = a->stall_ns;
	}
}

void compaction_summary__defer(struct compaction_summary *s, int32_t node, int32_t zone_idx, uint32_t step,
			       uint32_t considered, uint32_t defer_shift, int32_t order_failed, uint64_t ts)
{
	struct compaction_defer_state *d = NULL, *free_slot = NULL, *oldest = NULL;

	for (int i = 0; i < CSUM_MAX_ZONES; i++) {
		struct compaction_defer_state *c = &s->defer[i];

		if (c->used && c->node == node && c->zone_idx == zone_idx)
			d = c;
		else if (!c->used && !free_slot)
			free_slot = c;
		else if (c->used && (!oldest || c->ts < oldest->ts))
			oldest = c;
	}
	if (!d) {
		d = free_slot ? free_slot : oldest;
		if (!d)
			return;
		memset(d, 0, sizeof(*d));
		d->used = true;
		d->node = node;
		d->zone_idx = zone_idx;
	}
	/* the record shows the zone's fields after the kernel updated them */
	d->considered = considered;
	d->defer_shift = defer_shift;
	d->order_failed = order_failed;
	d->ts = ts;
	if (step == DEFER_STEP_DEFERRED)
		d->deferred_count++;
}

bool compaction_defer_state__defers(const struct compaction_defer_state *d, int order)
{
	/* compaction_deferred(): orders below order_failed always run; the others
	 * are skipped until considered reaches 1 << defer_shift */
	if (!d->used || order < d->order_failed || d->defer_shift == 0)
		return false;
	return d->considered < (1u << (d->defer_shift > 31 ? 31 : d->defer_shift));
}

int compaction_defer_state__first_order(const struct compaction_defer_state *d)
{
	if (!compaction_defer_state__defers(d, d->order_failed < 0 ? 0 : d->order_failed))
		return -1;
	return d->order_failed < 0 ? 0 : d->order_failed;
}

static void us__format(uint64_t us, char *buf, size_t len)
{
	if (us < 1000)
		snprintf(buf, len, "%lluus", (unsigned long long)us);
	else if (us < 1000000)
		snprintf(buf, len, "%.1fms", us / 1e3);
	else
		snprintf(buf, len, "%.1fs", us / 1e6);
}

static void hist__label(int slot, char *buf, size_t len)
{
	char lo[16], hi[16];

	us__format(slot ? 1ULL << slot : 0, lo, sizeof(lo));
	us__format(1ULL << (slot + 1), hi, sizeof(hi));
	snprintf(buf, len, "%s..%s", lo, hi);
}

static void hist__print_text(const uint64_t *h, const char *title, FILE *out)
{
	uint64_t max = 0;
	int first = -1, last = -1;

	for (int i = 0; i < CSUM_HIST_SLOTS; i++) {
		if (!h[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (h[i] > max)
			max = h[i];
	}
	if (first < 0)
		return;
	fprintf(out, "  %s\n", title);
	for (int i = first; i <= last; i++) {
		char label[40];
		int bar = max ? (int)((h[i] * 40 + max - 1) / max) : 0;

		hist__label(i, label, sizeof(label));
		fprintf(out, "    %-18s %8llu |%-40.*s|\n", label, (unsigned long long)h[i], bar,
			"****************************************");
	}
}

static void order__name(int slot, char *buf, size_t len)
{
	if (slot == 0)
		snprintf(buf, len, "none");
	else if (slot == CSUM_ORDERS - 1)
		snprintf(buf, len, ">=%d", slot - 1);
	else
		snprintf(buf, len, "%d", slot - 1);
}

void compaction_summary__print_text(const struct compaction_summary *s, const struct kernel_names *names, FILE *out)
{
	uint64_t total = 0;

	for (int i = 1; i < CSUM_ORIGINS; i++)
		total += s->attempts[i];
	fprintf(out, "compaction: %llu attempts (direct %llu, kcompactd %llu, proactive %llu, manual %llu), "
		"%llu zones, %llu pages migrated, %llu failed to migrate\n",
		(unsigned long long)total, (unsigned long long)s->attempts[COMPACT_ORIGIN_DIRECT],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_KCOMPACTD],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_PROACTIVE],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_MANUAL], (unsigned long long)s->zones,
		(unsigned long long)s->migrated, (unsigned long long)s->failed);
	if (!total)
		return;
	fprintf(out, "  %-6s %8s %8s %8s %8s %8s %9s %7s %8s %10s\n", "order", "attempts", "success", "partial",
		"skipped", "deferred", "contended", "failed", "success%", "avg stall");
	for (int i = 0; i < CSUM_ORDERS; i++) {
		const struct compaction_order_stats *o = &s->by_order[i];
		char name[8];

		if (!o->attempts)
			continue;
		order__name(i, name, sizeof(name));
		fprintf(out, "  %-6s %8llu %8llu %8llu %8llu %8llu %9llu %7llu %7.1f%% %8.3fms\n", name,
			(unsigned long long)o->attempts, (unsigned long long)o->outcome[OUTCOME_SUCCESS],
			(unsigned long long)o->outcome[OUTCOME_PARTIAL], (unsigned long long)o->outcome[OUTCOME_SKIPPED],
			(unsigned long long)o->outcome[OUTCOME_DEFERRED],
			(unsigned long long)o->outcome[OUTCOME_CONTENDED], (unsigned long long)o->outcome[OUTCOME_FAILED],
			100.0 * o->outcome[OUTCOME_SUCCESS] / o->attempts, o->stall_ns / 1e6 / o->attempts);
	}
	if (s->attempts[COMPACT_ORIGIN_DIRECT])
		fprintf(out, "  direct compaction stall: total %.3f ms, max %.3f ms\n", s->stall_ns_total / 1e6,
			s->stall_ns_max / 1e6);
	hist__print_text(s->stall_hist, "direct compaction stall per attempt:", out);
	hist__print_text(s->zone_hist, "time per zone compacted (any origin):", out);
	for (int i = 0; i < CSUM_MAX_ZONES; i++) {
		const struct compaction_defer_state *d = &s->defer[i];
		int first = compaction_defer_state__first_order(d);

		if (first < 0)
			continue;
		fprintf(out, "  deferred now: node %d %s: orders >= %d skipped until %u more tries "
			"(considered %u of %u, defer_shift %u; turned away %llu attempts)\n",
			d->node, zone__name(names, d->zone_idx), first, (1u << d->defer_shift) - d->considered,
			d->considered, 1u << d->defer_shift, d->defer_shift, (unsigned long long)d->deferred_count);
	}
}

static void hist__print_json(const uint64_t *h, FILE *out)
{
	bool first = true;

	fputc('[', out);
	for (int i = 0; i < CSUM_HIST_SLOTS; i++) {
		if (!h[i])
			continue;
		fprintf(out, "%s{\"us_lo\":%llu,\"us_hi\":%llu,\"count\":%llu}", first ? "" : ",",
			i ? 1ULL << i : 0ULL, 1ULL << (i + 1), (unsigned long long)h[i]);
		first = false;
	}
	fputc(']', out);
}

void compaction_summary__print_json(const struct compaction_summary *s, const struct kernel_names *names, FILE *out)
{
	bool first = true;

	fprintf(out, "{\"attempts\":{\"direct\":%llu,\"kcompactd\":%llu,\"proactive\":%llu,\"manual\":%llu},"
		"\"zones\":%llu,\"migrated\":%llu,\"failed\":%llu,\"direct_stall_us_total\":%llu,"
		"\"direct_stall_us_max\":%llu,\"by_order\":[",
		(unsigned long long)s->attempts[COMPACT_ORIGIN_DIRECT],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_KCOMPACTD],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_PROACTIVE],
		(unsigned long long)s->attempts[COMPACT_ORIGIN_MANUAL], (unsigned long long)s->zones,
		(unsigned long long)s->migrated, (unsigned long long)s->failed,
		(unsigned long long)(s->stall_ns_total / 1000), (unsigned long long)(s->stall_ns_max / 1000));
	for (int i = 0; i < CSUM_ORDERS; i++) {
		const struct compaction_order_stats *o = &s->by_order[i];

		if (!o->attempts)
			continue;
		fprintf(out, "%s{\"order\":%d,\"attempts\":%llu", first ? "" : ",", i - 1,
			(unsigned long long)o->attempts);
		for (int k = 0; k < OUTCOME_MAX; k++)
			fprintf(out, ",\"%s\":%llu", compaction_outcome__name(k), (unsigned long long)o->outcome[k]);
		fprintf(out, ",\"success_rate\":%.4f,\"stall_us_avg\":%.1f}",
			(double)o->outcome[OUTCOME_SUCCESS] / o->attempts, o->stall_ns / 1e3 / o->attempts);
		first = false;
	}
	fprintf(out, "],\"stall_hist\":");
	hist__print_json(s->stall_hist, out);
	fprintf(out, ",\"zone_hist\":");
	hist__print_json(s->zone_hist, out);
	fprintf(out, ",\"deferred\":[");
	first = true;
	for (int i = 0; i < CSUM_MAX_ZONES; i++) {
		const struct compaction_defer_state *d = &s->defer[i];
		int order = compaction_defer_state__first_order(d);

		if (order < 0)
			continue;
		fprintf(out, "%s{\"node\":%d,\"zone\":\"%s\",\"from_order\":%d,\"considered\":%u,\"defer_shift\":%u,"
			"\"turned_away\":%llu}",
			first ? "" : ",", d->node, zone__name(names, d->zone_idx), order, d->considered, d->defer_shift,
			(unsigned long long)d->deferred_count);
		first = false;
	}
	fprintf(out, "]}");
}
