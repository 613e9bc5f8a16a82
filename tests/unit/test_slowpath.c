// SPDX-License-Identifier: GPL-2.0
/*
 * The slow-path user side without a kernel: the zone snapshot parser on
 * /proc files saved from a 6.18 machine (tests/slowpath/proc), the
 * correlator's episode history and allocation-failure incidents from
 * hand-made records (retry rounds that give up, reclaim passes, the
 * snapshot that completes an incident), the summary, and the per-record
 * lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "record_check.h"
#include "correlate.h"
#include "correlate_slowpath.h"
#include "decode.h"
#include "events.h"
#include "incident.h"
#include "record_print.h"
#include "snapshot_zones.h"
#include "summary.h"

#define MS 1000000ULL

static struct kernel_names names;

static const char *fixtures(void)
{
	static char dir[512];
	const char *t = getenv("TESTS_DIR");

	snprintf(dir, sizeof(dir), "%s/slowpath/proc", t ? t : "tests");
	return dir;
}


static void task(struct task_ident *t, uint32_t pid, const char *comm)
{
	t->pid = pid;
	t->tgid = pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
}

static const struct zone_snap *snap__zone(const struct ev_zone_snapshot *s, const char *name)
{
	for (uint32_t i = 0; i < s->nr_zones; i++)
		if (!strcmp(s->zones[i].name, name))
			return &s->zones[i];
	return NULL;
}

static void test_snapshot(struct ev_zone_snapshot *s)
{
	const struct zone_snap *n, *d32, *dma;
	struct incident inc;

	CHECK_INT(zone_snapshot__read_from(s, fixtures()), 0, "snapshot_read");
	n = snap__zone(s, "Normal");
	d32 = snap__zone(s, "DMA32");
	dma = snap__zone(s, "DMA");
	CHECK(n && d32 && dma, "snapshot_zones_found", "nr_zones %u", s->nr_zones);
	if (!n || !d32 || !dma)
		return;
	CHECK_INT(n->free, 181481, "snapshot_normal_free");
	CHECK_INT(n->min, 9706, "snapshot_normal_min");
	CHECK_INT(n->high, 14558, "snapshot_normal_high");
	CHECK_INT(n->managed, 1048576, "snapshot_normal_managed");
	CHECK_INT(dma->nr_protection, 5, "snapshot_dma_protection_count");
	CHECK_INT(dma->protection[2], 7115, "snapshot_dma_protection_normal");
	CHECK_INT(d32->protection[2], 4096, "snapshot_dma32_protection_normal");
	CHECK_INT(n->nr_orders, 11, "snapshot_buddy_orders");
	CHECK_INT(n->free_blocks[0], 1633, "snapshot_buddy_order0");
	CHECK_INT(n->free_blocks[10], 139, "snapshot_buddy_order10");
	CHECK((s->flags & (SNAP_HAS_BUDDY | SNAP_HAS_PAGETYPE)) == (SNAP_HAS_BUDDY | SNAP_HAS_PAGETYPE),
	      "snapshot_flags", "flags %#x", s->flags);
	CHECK(d32->nr_mt >= 5 && !strcmp(d32->mt_name[1], "Movable") && d32->free_by_mt[1][10] == 752,
	      "snapshot_pagetype_movable", "nr_mt %u name1 %s order10 %lld", d32->nr_mt, d32->mt_name[1],
	      (long long)d32->free_by_mt[1][10]);
	CHECK_INT(s->swap_total_kb, 0, "snapshot_meminfo_swap");

	incident__init(&inc, INCIDENT_ALLOC_FAILURE, SOURCE_LIVE);
	inc.incomplete = INC_MISSING_ZONES | INC_MISSING_BUDDY;
	s->page_size = 4096;
	zone_snapshot__apply(s, &inc);
	CHECK_INT(inc.nr_zones, 3, "snapshot_apply_populated_zones_only");
	CHECK_INT(inc.incomplete & (INC_MISSING_ZONES | INC_MISSING_BUDDY), 0, "snapshot_apply_complete");
	for (int i = 0; i < inc.nr_zones; i++) {
		if (strcmp(inc.zones[i].name, "Normal") && strcmp(inc.zones[i].name, "DMA"))
			continue;
		if (!strcmp(inc.zones[i].name, "Normal")) {
			CHECK_INT(inc.zones[i].free_kb, 181481LL * 4, "snapshot_apply_free_kb");
			CHECK_INT(inc.zones[i].min_kb, 9706LL * 4, "snapshot_apply_min_kb");
		} else {
			CHECK_STR(inc.zones[i].block_types[8], "U", "snapshot_apply_types_order8");
			CHECK_STR(inc.zones[i].block_types[10], "M", "snapshot_apply_types_order10");
		}
	}
	CHECK_INT(inc.swap_total_kb, 0, "snapshot_apply_swap");
	incident__free(&inc);
}

struct got {
	int n;
	struct incident last;
};

static void on_incident(void *ctx, struct incident *inc)
{
	struct got *g = ctx;

	g->n++;
	g->last = *inc;
	g->last.victims = NULL;
	g->last.tasks = NULL;
}

static void retry(struct correlator *c, uint64_t ts, uint32_t pid, int zone, int loops, bool ok)
{
	struct ev_retry_zone e;

	record__init(&e.h, EV_RETRY_ZONE, EV_RETRY_ZONE_V, sizeof(e), ts);
	task(&e.task, pid, "hog");
	e.nid = 0;
	e.zone_idx = zone;
	e.order = 0;
	e.no_progress_loops = loops;
	e.wmark_check = ok;
	e.available = 100;
	e.min_wmark = 200;
	correlator__record(c, &e.h);
}

static void reclaim(struct correlator *c, uint64_t ts, uint32_t pid, uint32_t kind, uint64_t dur, uint64_t nr)
{
	struct ev_reclaim e;

	record__init(&e.h, EV_RECLAIM, EV_RECLAIM_V, sizeof(e), ts);
	task(&e.task, pid, "hog");
	e.kind = kind;
	e.duration_ns = dur;
	e.nr_reclaimed = nr;
	e.reclaimed_file = nr;
	e.scanned_file = 2 * nr;
	e.scanned_anon = 7;
	e.nid = -1;
	correlator__record(c, &e.h);
}

static void alloc_fail(struct correlator *c, struct ev_alloc_fail *e, uint64_t ts, uint32_t pid)
{
	record__init(&e->h, EV_ALLOC_FAIL, EV_ALLOC_FAIL_V, sizeof(*e), ts);
	task(&e->task, pid, "hog");
	e->gfp = 0xcc0 | 0x400000;	/* GFP_KERNEL_ACCOUNT on a recent x86_64 */
	e->order = 2;
	e->migratetype = 0;
	e->highest_zone = 2;
	e->stack_id = -1;
	e->suppressed_before = 5;
	e->charge_memcg_id = 77;
	e->limit_memcg_id = 76;		/* the parent was full */
	e->limit_usage_pages = 4096;
	e->limit_max_pages = 4096;
	correlator__record(c, &e->h);
}

static void test_correlate(struct ev_zone_snapshot *snap)
{
	struct got g = { 0 };
	struct correlator *c = correlator__new(&names, on_incident, &g);
	struct ev_alloc_fail fail;
	struct ev_throttled thr;
	uint64_t t0 = 1000 * MS;

	if (!c) {
		printf("FAIL - correlate_new: out of memory\n");
		check_failures++;
		return;
	}
	/* round 1: Normal fails, DMA32 passes -> retry; round 2: all fail -> gave up */
	reclaim(c, t0, 42, RECLAIM_DIRECT, 3 * MS, 10);
	reclaim(c, t0 + 4 * MS, 42, RECLAIM_DIRECT, 2 * MS, 5);
	reclaim(c, t0 + 5 * MS, 42, RECLAIM_MEMCG, 1 * MS, 1);
	retry(c, t0 + 6 * MS, 42, 2, 3, false);
	retry(c, t0 + 6 * MS + 1, 42, 1, 3, true);
	retry(c, t0 + 7 * MS, 42, 2, 16, false);
	retry(c, t0 + 7 * MS + 1, 42, 1, 16, false);
	retry(c, t0 + 7 * MS + 2, 42, 0, 16, false);
	record__init(&thr.h, EV_THROTTLED, EV_THROTTLED_V, sizeof(thr), t0 + 8 * MS);
	task(&thr.task, 42, "hog");
	thr.usec_delayed = 2500;
	correlator__record(c, &thr.h);
	/* another task's reclaim must not show in 42's history */
	reclaim(c, t0 + 8 * MS, 77, RECLAIM_DIRECT, 9 * MS, 100);

	alloc_fail(c, &fail, t0 + 9 * MS, 42);
	CHECK_INT(g.n, 0, "correlate_failure_waits_for_snapshot");
	zone_snapshot__header(snap, t0 + 9 * MS);
	correlator__record(c, &snap->h);
	CHECK_INT(g.n, 1, "correlate_failure_emitted_with_snapshot");
	CHECK_INT(g.last.kind, INCIDENT_ALLOC_FAILURE, "correlate_kind");
	CHECK_INT(g.last.trigger.pid, 42, "correlate_trigger_pid");
	CHECK_INT(g.last.order, 2, "correlate_order");
	CHECK(g.last.gfp_flags_known && (g.last.gfp_flags & GFPF_ACCOUNT) && (g.last.gfp_flags & GFPF_FS),
	      "correlate_gfp_flags", "flags %#llx", (unsigned long long)g.last.gfp_flags);
	CHECK(strstr(g.last.gfp_text, "GFP_KERNEL_ACCOUNT") != NULL, "correlate_gfp_text", "\"%s\"", g.last.gfp_text);
	CHECK_INT(g.last.history.direct_reclaims, 2, "correlate_history_direct_passes");
	CHECK_INT(g.last.history.direct_reclaim_ns, 5 * MS, "correlate_history_direct_ns");
	CHECK_INT(g.last.history.direct_reclaimed_pages, 15, "correlate_history_direct_pages");
	CHECK_INT(g.last.history.memcg_reclaims, 1, "correlate_history_memcg_passes");
	CHECK_INT(g.last.history.scanned_anon, 21, "correlate_history_scanned_anon");
	CHECK_INT(g.last.history.reclaimed_file, 16, "correlate_history_reclaimed_file");
	CHECK_INT(g.last.history.retry_zone_checks, 5, "correlate_history_retry_checks");
	CHECK_INT(g.last.history.retry_gave_up, 1, "correlate_history_retry_gave_up");
	CHECK_INT(g.last.history.no_progress_loops, 16, "correlate_history_no_progress");
	CHECK_INT(g.last.history.throttled, 1, "correlate_history_throttled");
	CHECK_INT(g.last.history.throttled_us, 2500, "correlate_history_throttled_us");
	CHECK_INT(g.last.history.alloc_failures, 1, "correlate_history_failures");
	CHECK_INT(g.last.history.alloc_failures_system, 6, "correlate_history_failures_system");
	/* from the start of the first pass (t0 - 3 ms) to the failure */
	CHECK_INT(g.last.history.window_ns, 12 * MS, "correlate_history_window");
	CHECK(g.last.nr_zones == 3 && !(g.last.incomplete & INC_MISSING_ZONES), "correlate_zones_from_snapshot",
	      "nr_zones %d incomplete %#x", g.last.nr_zones, g.last.incomplete);
	CHECK(strstr(g.last.notes, "5 allocation failures") != NULL, "correlate_suppressed_note", "\"%s\"",
	      g.last.notes);
	CHECK(g.last.constraint == CONSTRAINT_MEMCG && g.last.memcg.usage_kb == 16384 &&
	      g.last.memcg.limit_kb == 16384, "correlate_full_memcg",
	      "constraint %d usage %lld limit %lld", g.last.constraint, (long long)g.last.memcg.usage_kb,
	      (long long)g.last.memcg.limit_kb);

	/* the episode was reset: a second failure carries only what came after */
	reclaim(c, t0 + 20 * MS, 42, RECLAIM_DIRECT, 1 * MS, 3);
	alloc_fail(c, &fail, t0 + 21 * MS, 42);
	correlate_slowpath__flush(c);
	CHECK_INT(g.n, 2, "correlate_second_failure_flushed");
	CHECK_INT(g.last.history.direct_reclaims, 1, "correlate_episode_reset");
	/* in a burst, a failure without its own reading gets the one just before it, said so */
	CHECK(g.last.nr_zones == 3 && strstr(g.last.notes, "zones as read 12 ms before") != NULL,
	      "correlate_burst_reuses_recent_zones", "nr_zones %d notes \"%s\"", g.last.nr_zones, g.last.notes);
	/* but not one read long before */
	alloc_fail(c, &fail, t0 + 3000 * MS, 42);
	correlate_slowpath__flush(c);
	CHECK(g.last.incomplete & INC_MISSING_ZONES, "correlate_no_snapshot_incomplete", "incomplete %#x",
	      g.last.incomplete);

	CHECK(c->summary != NULL, "summary_created", "%s", "no summary");
	if (c->summary) {
		const struct summary *s = c->summary;

		CHECK_INT(s->reclaim[RECLAIM_DIRECT].passes, 4, "summary_direct_passes");
		CHECK_INT(s->reclaim[RECLAIM_DIRECT].ns_max, 9 * MS, "summary_direct_max");
		CHECK_INT(s->reclaim[RECLAIM_DIRECT].hist[summary__hist_slot(3 * MS)], 1, "summary_hist_slot");
		CHECK_INT(summary__hist_slot(3 * MS), 11, "summary_hist_log2");	/* 3000 us in [2048, 4096) */
		CHECK_INT(s->retry_rounds, 2, "summary_retry_rounds");
		CHECK_INT(s->retry_gave_up, 1, "summary_retry_gave_up");
		CHECK_INT(s->fail_records, 3, "summary_fail_records");
		CHECK_INT(s->fail_by_class[GFPC_FULL][2], 3, "summary_fail_class");
	}
	correlate_slowpath__free(c);
	correlator__free(c);
}

static void test_summary_print(void)
{
	struct summary *s = summary__new();
	struct ev_counters cnt;
	struct ev_drops drops;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	record__init(&cnt.h, EV_COUNTERS, EV_COUNTERS_V, sizeof(cnt), 1);
	cnt.fail_hist[fail_hist_slot(3, 2, 0)] = 7;
	cnt.fail_hist[fail_hist_slot(3, 2, 1)] = 2;
	cnt.fail_hist[fail_hist_slot(0, 1, 0)] = 1;
	summary__add_record(s, &names, &cnt.h);
	record__init(&drops.h, EV_DROPS, EV_DROPS_V, sizeof(drops), 2);
	drops.counters[CNT_ALLOC_FAIL_TOTAL] = 10;
	drops.counters[CNT_ALLOC_FAIL_SUPPRESSED] = 8;
	summary__add_record(s, &names, &drops.h);
	CHECK_INT(summary__failures(s, 3, 2), 9, "summary_failures_order_zone");
	CHECK_INT(summary__failures_total(s), 10, "summary_failures_total");

	f = open_memstream(&buf, &len);
	summary__print_text(s, &names, f);
	fclose(f);
	CHECK(strstr(buf, "10 in the kernel") && strstr(buf, "order 3 Normal") && strstr(buf, "Unmovable 7"),
	      "summary_text", "%s", buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	summary__print_json(s, &names, f);
	fclose(f);
	CHECK(strstr(buf, "\"type\":\"summary\"") && strstr(buf, "\"total\":10") &&
	      strstr(buf, "\"order\":3,\"zone\":\"Normal\",\"migratetype\":\"Movable\",\"count\":2") &&
	      buf[len - 1] == '\n' && !strchr(buf, '\n')[1],
	      "summary_json_one_line", "%s", buf);
	free(buf);
	summary__free(s);
}

static void test_record_print(void)
{
	struct ev_alloc_fail e;
	struct ev_reclaim r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	bool a, b, c;

	record__init(&e.h, EV_ALLOC_FAIL, EV_ALLOC_FAIL_V, sizeof(e), 5);
	task(&e.task, 10, "hog");
	e.task.tgid = 9;
	e.gfp = 0xcc0;
	e.order = 3;
	e.highest_zone = 2;
	e.migratetype = 0;
	e.ctx = CTX_IRQ_STACK;
	e.suppressed_before = 4;
	record__init(&r.h, EV_RECLAIM, EV_RECLAIM_V, sizeof(r), 6);
	task(&r.task, 10, "hog");
	r.kind = RECLAIM_MEMCG;
	r.duration_ns = 50 * MS;

	f = open_memstream(&buf, &len);
	a = record__print_text(f, &names, &e.h, 100);
	b = record__print_text(f, &names, &r.h, 100);	/* 50 ms < 100 ms: quiet */
	c = record__print_text(f, &names, &r.h, 20);
	fclose(f);
	CHECK(a && !b && c, "record_text_thresholds", "%d %d %d", a, b, c);
	CHECK(strstr(buf, "alloc failure: hog (9/10) order 3 gfp 0xcc0 (GFP_KERNEL) zone Normal") &&
	      strstr(buf, "in interrupt") && strstr(buf, "[4 more held back"), "record_text_alloc_failure", "%s", buf);
	CHECK(strstr(buf, "reclaim stall: hog (10/10) memcg reclaim 50.000 ms") != NULL, "record_text_stall", "%s",
	      buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	record__print_json(f, &names, &e.h, 100);
	fclose(f);
	CHECK(strstr(buf, "{\"type\":\"alloc_failure\"") &&
	      strstr(buf, "\"gfp\":{\"raw\":\"0xcc0\",\"text\":\"GFP_KERNEL\"}") &&
	      strstr(buf, "\"in_interrupt\":true"), "record_json_alloc_failure", "%s", buf);
	free(buf);
}

int main(void)
{
	struct ev_zone_snapshot *snap = calloc(1, sizeof(*snap));

	kernel_names__for_version(&names, NULL);
	test_snapshot(snap);
	test_correlate(snap);
	test_summary_print();
	test_record_print();
	free(snap);
	CHECK_DONE();
}
