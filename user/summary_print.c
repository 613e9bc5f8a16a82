// SPDX-License-Identifier: GPL-2.0
/* The summary as text (for people) and as one JSON line (type "summary"). */
#include <inttypes.h>

#include "compaction_summary.h"
#include "decode.h"
#include "json_writer.h"
#include "summary.h"

static double ms(uint64_t ns)
{
	return ns / 1e6;
}

static bool reclaim__any(const struct summary *s)
{
	for (int k = 1; k < SUM_RECLAIM_KINDS; k++)
		if (s->reclaim[k].passes)
			return true;
	return false;
}

static void hist__print_text(const uint64_t *hist, FILE *out)
{
	int lo = -1, hi = -1;

	for (int i = 0; i < SUM_HIST_SLOTS; i++)
		if (hist[i]) {
			if (lo < 0)
				lo = i;
			hi = i;
		}
	for (int i = lo; lo >= 0 && i <= hi; i++)
		fprintf(out, "      %8llu .. %-8llu us  %" PRIu64 "\n", i ? 1ULL << i : 0ULL, 1ULL << (i + 1),
			hist[i]);
}

static void failures__print_text(const struct summary *s, const struct kernel_names *names, FILE *out)
{
	uint64_t total = summary__failures_total(s);

	if (s->have_counters)
		fprintf(out, "allocation failures: %" PRIu64 " in the kernel, %" PRIu64
			" reported, %" PRIu64 " held back by the rate limit or a full buffer\n",
			s->counters[CNT_ALLOC_FAIL_TOTAL], s->fail_records, s->counters[CNT_ALLOC_FAIL_SUPPRESSED]);
	else
		fprintf(out, "allocation failures: %" PRIu64 " reported\n", s->fail_records);
	if (s->have_fail_hist && total) {
		fprintf(out, "  by order and zone (exact):\n");
		for (int o = 0; o < SUM_ORDERS; o++)
			for (int z = 0; z < MAX_ZONES; z++) {
				uint64_t n = summary__failures(s, o, z);

				if (!n)
					continue;
				fprintf(out, "    order %d%s %-8s %8" PRIu64 "  (", o, o == SUM_ORDERS - 1 ? "+" : "",
					zone__name(names, z), n);
				for (int mt = 0, first = 1; mt < MAX_MIGRATETYPES; mt++) {
					uint64_t m = s->fail_hist[fail_hist_slot(o, z, mt)];

					if (!m)
						continue;
					fprintf(out, "%s%s %" PRIu64, first ? "" : ", ", migratetype__name(names, mt), m);
					first = 0;
				}
				fprintf(out, ")\n");
			}
	}
	if (s->fail_records) {
		fprintf(out, "  by GFP class (reported):");
		for (int c = 0; c < GFPC_MAX; c++)
			for (int o = 0; o < SUM_ORDERS; o++)
				if (s->fail_by_class[c][o])
					fprintf(out, " %s/order%d %" PRIu64, gfp_class__name(c), o, s->fail_by_class[c][o]);
		fprintf(out, "\n  in interrupt: %" PRIu64 ", with __GFP_NOWARN (silent in dmesg): %" PRIu64 "\n",
			s->fail_in_interrupt, s->fail_nowarn);
	}
}

static void reclaim__print_text(const struct summary *s, FILE *out)
{
	fprintf(out, "reclaim passes:\n");
	for (int k = 1; k < SUM_RECLAIM_KINDS; k++) {
		const struct reclaim_stats *r = &s->reclaim[k];

		if (!r->passes)
			continue;
		fprintf(out, "  %-15s %" PRIu64 " passes, %.3f ms in all, %.3f ms max; reclaimed %" PRIu64
			" pages (anon %" PRIu64 ", file %" PRIu64 "), scanned anon %" PRIu64 " file %" PRIu64
			", swapped out %" PRIu64 "\n",
			reclaim_kind__name(k), r->passes, ms(r->ns_total), ms(r->ns_max), r->nr_reclaimed,
			r->reclaimed_anon, r->reclaimed_file, r->scanned_anon, r->scanned_file, r->swapouts);
		hist__print_text(r->hist, out);
	}
}

void summary__print_text(const struct summary *s, const struct kernel_names *names, FILE *out)
{
	fprintf(out, "--- summary");
	if (s->last_ts > s->first_ts)
		fprintf(out, " (%.1f s of records)", (s->last_ts - s->first_ts) / 1e9);
	fprintf(out, " ---\n");
	failures__print_text(s, names, out);
	if (reclaim__any(s))
		reclaim__print_text(s, out);
	else
		fprintf(out, "reclaim passes: none\n");
	if (s->have_counters)
		fprintf(out, "machine-wide (kswapd included): scanned anon %" PRIu64 " file %" PRIu64
			", reclaimed anon %" PRIu64 " file %" PRIu64 ", swap-outs %" PRIu64 ", file page-outs %" PRIu64 "\n",
			s->counters[CNT_SCANNED_ANON], s->counters[CNT_SCANNED_FILE], s->counters[CNT_RECLAIMED_ANON],
			s->counters[CNT_RECLAIMED_FILE], s->counters[CNT_SWAPOUTS], s->counters[CNT_PAGEOUT_FILE]);
	if (s->kswapd_wakes || s->kswapd_wake_requests)
		fprintf(out, "kswapd: %" PRIu64 " wakeups, %" PRIu64 " requests, %" PRIu64 " sleeps\n", s->kswapd_wakes,
			s->kswapd_wake_requests, s->kswapd_sleeps);
	if (s->throttled)
		fprintf(out, "reclaim throttled: %" PRIu64 " times, %.3f ms\n", s->throttled, s->throttled_us / 1e3);
	if (s->retry_zone_checks)
		fprintf(out, "retry decisions: %" PRIu64 " zone checks (%" PRIu64 " below watermark), %" PRIu64
			" rounds, %" PRIu64 " gave up; most no-progress loops %" PRId64 "\n",
			s->retry_zone_checks, s->retry_wmark_failed, s->retry_rounds, s->retry_gave_up,
			s->retry_max_no_progress);
	if (s->compact_retry)
		fprintf(out, "compaction retry decisions: %" PRIu64 ", gave up %" PRIu64 "\n", s->compact_retry,
			s->compact_retry_gave_up);
	if (s->extfrag_records || (s->have_counters && s->counters[CNT_EXTFRAG_TOTAL]))
		fprintf(out, "fragmenting fallbacks (extfrag): %" PRIu64 " in the kernel, %" PRIu64 " reported\n",
			s->counters[CNT_EXTFRAG_TOTAL], s->extfrag_records);
	if (s->have_counters)
		fprintf(out, "lost: %" PRIu64 " records (ring buffer full), %" PRIu64 " stacks, %" PRIu64
			" reclaim passes untracked (state full), %" PRIu64 " dropped in user space\n",
			s->counters[CNT_RINGBUF_FULL], s->counters[CNT_STACK_LOST], s->counters[CNT_TASK_STATE_FULL],
			s->user_dropped);
	if (s->compaction)
		compaction_summary__print_text(s->compaction, names, out);
}

static void hist__print_json(struct json_writer *w, const uint64_t *hist)
{
	jw__array_begin(w, "latency_log2_us");
	for (int i = 0; i < SUM_HIST_SLOTS; i++) {
		if (!hist[i])
			continue;
		jw__object_begin(w, NULL);
		jw__uint(w, "from_us", i ? 1ULL << i : 0);
		jw__uint(w, "to_us", 1ULL << (i + 1));
		jw__uint(w, "count", hist[i]);
		jw__object_end(w);
	}
	jw__array_end(w);
}

static void failures__print_json(struct json_writer *w, const struct summary *s, const struct kernel_names *names)
{
	jw__object_begin(w, "alloc_failures");
	if (s->have_counters) {
		jw__uint(w, "total", s->counters[CNT_ALLOC_FAIL_TOTAL]);
		jw__uint(w, "suppressed", s->counters[CNT_ALLOC_FAIL_SUPPRESSED]);
	} else {
		jw__null(w, "total");
		jw__null(w, "suppressed");
	}
	jw__uint(w, "reported", s->fail_records);
	jw__uint(w, "in_interrupt", s->fail_in_interrupt);
	jw__uint(w, "nowarn", s->fail_nowarn);
	jw__array_begin(w, "by_order_zone_migratetype");
	for (int o = 0; s->have_fail_hist && o < SUM_ORDERS; o++)
		for (int z = 0; z < MAX_ZONES; z++)
			for (int mt = 0; mt < MAX_MIGRATETYPES; mt++) {
				uint64_t n = s->fail_hist[fail_hist_slot(o, z, mt)];

				if (!n)
					continue;
				jw__object_begin(w, NULL);
				jw__int(w, "order", o);
				jw__string(w, "zone", zone__name(names, z));
				jw__string(w, "migratetype", migratetype__name(names, mt));
				jw__uint(w, "count", n);
				jw__object_end(w);
			}
	jw__array_end(w);
	jw__array_begin(w, "by_order_gfp_class");
	for (int c = 0; c < GFPC_MAX; c++)
		for (int o = 0; o < SUM_ORDERS; o++) {
			if (!s->fail_by_class[c][o])
				continue;
			jw__object_begin(w, NULL);
			jw__int(w, "order", o);
			jw__string(w, "gfp_class", gfp_class__name(c));
			jw__uint(w, "count", s->fail_by_class[c][o]);
			jw__object_end(w);
		}
	jw__array_end(w);
	jw__object_end(w);
}

void summary__print_json(const struct summary *s, const struct kernel_names *names, FILE *out)
{
	struct json_writer w;

	jw__init(&w, out);
	jw__object_begin(&w, NULL);
	jw__string(&w, "type", "summary");
	jw__uint(&w, "first_ts_ns", s->first_ts);
	jw__uint(&w, "last_ts_ns", s->last_ts);
	jw__uint(&w, "records", s->records);
	failures__print_json(&w, s, names);

	jw__object_begin(&w, "reclaim");
	for (int k = 1; k < SUM_RECLAIM_KINDS; k++) {
		const struct reclaim_stats *r = &s->reclaim[k];

		jw__object_begin(&w, reclaim_kind__name(k));
		jw__uint(&w, "passes", r->passes);
		jw__uint(&w, "ns_total", r->ns_total);
		jw__uint(&w, "ns_max", r->ns_max);
		jw__uint(&w, "reclaimed", r->nr_reclaimed);
		jw__uint(&w, "scanned_anon", r->scanned_anon);
		jw__uint(&w, "scanned_file", r->scanned_file);
		jw__uint(&w, "reclaimed_anon", r->reclaimed_anon);
		jw__uint(&w, "reclaimed_file", r->reclaimed_file);
		jw__uint(&w, "swapouts", r->swapouts);
		hist__print_json(&w, r->hist);
		jw__object_end(&w);
	}
	jw__object_end(&w);

	if (s->have_counters) {
		jw__object_begin(&w, "machine");
		jw__uint(&w, "scanned_anon", s->counters[CNT_SCANNED_ANON]);
		jw__uint(&w, "scanned_file", s->counters[CNT_SCANNED_FILE]);
		jw__uint(&w, "reclaimed_anon", s->counters[CNT_RECLAIMED_ANON]);
		jw__uint(&w, "reclaimed_file", s->counters[CNT_RECLAIMED_FILE]);
		jw__uint(&w, "swapouts", s->counters[CNT_SWAPOUTS]);
		jw__uint(&w, "file_pageouts", s->counters[CNT_PAGEOUT_FILE]);
		jw__uint(&w, "extfrag", s->counters[CNT_EXTFRAG_TOTAL]);
		jw__uint(&w, "extfrag_suppressed", s->counters[CNT_EXTFRAG_SUPPRESSED]);
		jw__object_end(&w);
	}
	jw__object_begin(&w, "kswapd");
	jw__uint(&w, "wakeups", s->kswapd_wakes);
	jw__uint(&w, "requests", s->kswapd_wake_requests);
	jw__uint(&w, "sleeps", s->kswapd_sleeps);
	jw__object_end(&w);
	jw__object_begin(&w, "throttled");
	jw__uint(&w, "count", s->throttled);
	jw__uint(&w, "us", s->throttled_us);
	jw__object_end(&w);
	jw__object_begin(&w, "retry");
	jw__uint(&w, "zone_checks", s->retry_zone_checks);
	jw__uint(&w, "below_watermark", s->retry_wmark_failed);
	jw__uint(&w, "rounds", s->retry_rounds);
	jw__uint(&w, "gave_up", s->retry_gave_up);
	jw__int(&w, "max_no_progress_loops", s->retry_max_no_progress);
	jw__uint(&w, "compact_retry", s->compact_retry);
	jw__uint(&w, "compact_retry_gave_up", s->compact_retry_gave_up);
	jw__object_end(&w);
	jw__uint(&w, "extfrag_reported", s->extfrag_records);
	if (s->have_counters) {
		jw__object_begin(&w, "lost");
		jw__uint(&w, "ringbuf_full", s->counters[CNT_RINGBUF_FULL]);
		jw__uint(&w, "stacks", s->counters[CNT_STACK_LOST]);
		jw__uint(&w, "task_state_full", s->counters[CNT_TASK_STATE_FULL]);
		jw__uint(&w, "user_dropped", s->user_dropped);
		jw__object_end(&w);
	}
	if (s->compaction) {
		/* last: the compaction part writes its own object */
		fprintf(out, ",\"compaction\":");
		compaction_summary__print_json(s->compaction, names, out);
	}
	jw__object_end(&w);
}
