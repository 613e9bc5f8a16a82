// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction records → attempts, history, summary and printed lines, from
 * record sequences shaped like the kernel's (mm/compaction.c call order):
 * direct attempts that fail, are deferred, succeed, contend; kcompactd,
 * proactive and manual (compact_memory) compaction; attempts closed by
 * reclaim, by the next attempt, by sleep, by a quiet gap, by a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compaction_attempt.h"
#include "compaction_print.h"
#include "compaction_summary.h"
#include "correlate.h"
#include "correlate_compaction.h"
#include "decode.h"
#include "events.h"
#include "sink.h"
#include "sink_compaction.h"
#include "task_state.h"

#define MS 1000000ULL

static struct kernel_names names;
static struct compaction_attempt got[32];
static int nr_got;

static void collect(void *ctx, const struct compaction_attempt *a)
{
	(void)ctx;
	if (nr_got < 32)
		got[nr_got++] = *a;
}

static void header(struct event_header *h, uint16_t type, uint16_t version, uint32_t size, uint64_t ts)
{
	h->type = type;
	h->version = version;
	h->size = size;
	h->ts_ns = ts;
}

static void task(struct task_ident *t, uint32_t pid, const char *comm)
{
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tgid = pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
}

static struct ev_compact_try try_rec(uint64_t ts, uint32_t pid, int order, uint32_t step, uint64_t try_ts)
{
	struct ev_compact_try e;

	memset(&e, 0, sizeof(e));
	header(&e.h, EV_COMPACT_TRY, EV_COMPACT_TRY_V, sizeof(e), ts);
	task(&e.task, pid, "hog");
	e.order = order;
	e.gfp = 0x140dca;	/* GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO on 6.x */
	e.priority = 1;
	e.step = step;
	e.try_ts = try_ts;
	e.end_reason = step == COMPACT_TRY_END ? COMPACT_END_DIRECT_RECLAIM : 0;
	return e;
}

static struct ev_compact_zone zone_rec(uint64_t end_ts, uint32_t pid, const char *comm, uint32_t origin, int nid,
				       int idx, int order, int status, uint64_t dur, uint64_t migrated, uint64_t failed)
{
	struct ev_compact_zone e;

	memset(&e, 0, sizeof(e));
	header(&e.h, EV_COMPACT_ZONE, EV_COMPACT_ZONE_V, sizeof(e), end_ts);
	task(&e.task, pid, comm);
	e.origin = origin;
	e.nid = nid;
	e.zone_idx = idx;
	e.order = order;
	e.status = status;
	e.duration_ns = dur;
	e.nr_migrated = migrated;
	e.nr_failed = failed;
	e.isolate_scanned = 1000;
	e.isolate_taken = migrated + failed;
	e.free_scanned = 500;
	e.free_taken = migrated;
	e.suitable = -1;
	e.finished = status;
	e.priority = origin == COMPACT_ORIGIN_DIRECT ? 1 : -1;
	e.is_kcompactd = origin == COMPACT_ORIGIN_KCOMPACTD || origin == COMPACT_ORIGIN_PROACTIVE;
	return e;
}

static struct ev_compact_defer defer_rec(uint64_t ts, uint32_t pid, int nid, int idx, int order, uint32_t step,
					 uint32_t considered, uint32_t shift, int order_failed)
{
	struct ev_compact_defer e;

	memset(&e, 0, sizeof(e));
	header(&e.h, EV_COMPACT_DEFER, EV_COMPACT_DEFER_V, sizeof(e), ts);
	task(&e.task, pid, "hog");
	e.nid = nid;
	e.zone_idx = idx;
	e.order = order;
	e.step = step;
	e.considered = considered;
	e.defer_shift = shift;
	e.order_failed = order_failed;
	return e;
}

static struct ev_kcompactd kcd_rec(uint64_t ts, int nid, int order, uint32_t step)
{
	struct ev_kcompactd e;

	memset(&e, 0, sizeof(e));
	header(&e.h, EV_KCOMPACTD, EV_KCOMPACTD_V, sizeof(e), ts);
	e.nid = nid;
	e.order = order;
	e.highest_zone = 2;
	e.step = step;
	return e;
}

#define FEED(t, rec) do { __typeof__(rec) _r = (rec); compaction_tracker__record((t), &_r.h); } while (0)

static void test_direct_failed(void)
{
	struct compaction_tracker *t = compaction_tracker__new(collect, NULL);
	uint64_t t0 = 1000 * MS;

	nr_got = 0;
	FEED(t, try_rec(t0, 42, 9, COMPACT_TRY_BEGIN, 0));
	/* DMA32 not suitable (fragmentation index), Normal compacted in full: no page */
	{
		struct ev_compact_zone z = zone_rec(t0 + 1000, 42, "hog", COMPACT_ORIGIN_DIRECT, 0, 1, 9,
						    CR_NOT_SUITABLE_ZONE, 0, 0, 0);
		z.try_ts = t0;
		compaction_tracker__record(t, &z.h);
	}
	FEED(t, zone_rec(t0 + 12 * MS, 42, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_COMPLETE, 11 * MS, 300, 40));
	FEED(t, defer_rec(t0 + 12 * MS + 10, 42, 0, 2, 9, DEFER_STEP_DEFER_COMPACTION, 0, 1, 9));
	CHECK_INT(nr_got, 0, "direct: open until the allocator moves on");
	FEED(t, try_rec(t0 + 13 * MS, 42, 9, COMPACT_TRY_END, t0));
	CHECK_INT(nr_got, 1, "direct: closed by reclaim");
	CHECK_INT(got[0].origin, COMPACT_ORIGIN_DIRECT, "direct: origin");
	CHECK_INT(got[0].order, 9, "direct: order");
	CHECK_INT(got[0].nr_zones, 2, "direct: both zones");
	CHECK_INT(got[0].zones[0].status, CR_NOT_SUITABLE_ZONE, "direct: DMA32 not suitable");
	CHECK_INT(got[0].zones[1].migrated, 300, "direct: Normal migrated");
	CHECK_INT(got[0].migrated, 300, "direct: total migrated");
	CHECK_INT(got[0].failed, 40, "direct: total failed");
	CHECK_INT(got[0].stall_ns, 12 * MS + 10, "direct: stall from try to the last record");
	CHECK_INT(got[0].outcome, OUTCOME_FAILED, "direct: complete zone and no page is a failure");
	CHECK_INT(got[0].end, ATTEMPT_END_RECLAIM, "direct: end reason");
	compaction_tracker__free(t);
}

static void test_direct_deferred_success_contended(void)
{
	struct compaction_tracker *t = compaction_tracker__new(collect, NULL);
	uint64_t t0 = 5000 * MS;

	nr_got = 0;
	/* every zone deferred */
	FEED(t, try_rec(t0, 7, 9, COMPACT_TRY_BEGIN, 0));
	FEED(t, defer_rec(t0 + 10, 7, 0, 1, 9, DEFER_STEP_DEFERRED, 1, 2, 9));
	FEED(t, defer_rec(t0 + 20, 7, 0, 2, 9, DEFER_STEP_DEFERRED, 1, 2, 9));
	/* next attempt of the same task ends it */
	FEED(t, try_rec(t0 + MS, 7, 3, COMPACT_TRY_BEGIN, 0));
	CHECK_INT(nr_got, 1, "deferred: closed by the next try");
	CHECK_INT(got[0].outcome, OUTCOME_DEFERRED, "deferred: outcome");
	CHECK_INT(got[0].nr_zones, 2, "deferred: zones listed");
	CHECK(got[0].zones[0].deferred && got[0].zones[0].defer_shift == 2, "deferred: zone state kept", "shift %u",
	      got[0].zones[0].defer_shift);
	CHECK_INT(got[0].end, ATTEMPT_END_NEXT_TRY, "deferred: end reason");
	/* order 3 succeeds in Normal; the allocation then resets the deferral */
	FEED(t, zone_rec(t0 + 3 * MS, 7, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 3, CR_SUCCESS, MS, 8, 0));
	FEED(t, defer_rec(t0 + 3 * MS + 5, 7, 0, 2, 3, DEFER_STEP_DEFER_RESET, 0, 0, 4));
	FEED(t, try_rec(t0 + 4 * MS, 7, 9, COMPACT_TRY_BEGIN, 0));
	CHECK_INT(nr_got, 2, "success: closed");
	CHECK_INT(got[1].outcome, OUTCOME_SUCCESS, "success: outcome");
	CHECK_INT(got[1].order, 3, "success: order");
	/* async attempt that hit lock contention in one zone after a complete one */
	FEED(t, zone_rec(t0 + 5 * MS, 7, "hog", COMPACT_ORIGIN_DIRECT, 0, 1, 9, CR_COMPLETE, MS / 2, 0, 0));
	FEED(t, zone_rec(t0 + 6 * MS, 7, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_CONTENDED, MS / 2, 1, 2));
	compaction_tracker__flush(t);
	CHECK_INT(nr_got, 3, "contended: flushed");
	CHECK_INT(got[2].outcome, OUTCOME_CONTENDED, "contended: highest status wins, as in try_to_compact_pages");
	CHECK_INT(got[2].end, ATTEMPT_END_FLUSH, "contended: end reason");
	compaction_tracker__free(t);
}

static void test_kcompactd_proactive_manual(void)
{
	struct compaction_tracker *t = compaction_tracker__new(collect, NULL);
	uint64_t t0 = 9000 * MS;

	nr_got = 0;
	FEED(t, kcd_rec(t0, 0, 4, KCOMPACTD_STEP_WAKE));
	FEED(t, zone_rec(t0 + 2 * MS, 55, "kcompactd0", COMPACT_ORIGIN_KCOMPACTD, 0, 1, 4, CR_COMPLETE, MS, 10, 0));
	FEED(t, zone_rec(t0 + 5 * MS, 55, "kcompactd0", COMPACT_ORIGIN_KCOMPACTD, 0, 2, 4, CR_PARTIAL_SKIPPED, 2 * MS,
			 20, 5));
	FEED(t, kcd_rec(t0 + 6 * MS, 0, -1, KCOMPACTD_STEP_SLEEP));
	CHECK_INT(nr_got, 1, "kcompactd: closed by sleep");
	CHECK_INT(got[0].origin, COMPACT_ORIGIN_KCOMPACTD, "kcompactd: origin");
	CHECK_INT(got[0].node, 0, "kcompactd: node");
	CHECK_INT(got[0].order, 4, "kcompactd: order from the wake");
	CHECK_INT(got[0].tid, 55, "kcompactd: thread learnt from its zones");
	CHECK_INT(got[0].outcome, OUTCOME_PARTIAL, "kcompactd: partial");
	CHECK_INT(got[0].stall_ns, 5 * MS, "kcompactd: wake to last zone");

	FEED(t, zone_rec(t0 + 20 * MS, 55, "kcompactd0", COMPACT_ORIGIN_PROACTIVE, 0, 1, -1, CR_COMPLETE, MS, 1, 0));
	FEED(t, zone_rec(t0 + 30 * MS, 55, "kcompactd0", COMPACT_ORIGIN_PROACTIVE, 0, 2, -1, CR_COMPLETE, 9 * MS, 1, 0));
	FEED(t, kcd_rec(t0 + 31 * MS, 0, -1, KCOMPACTD_STEP_SLEEP));
	CHECK_INT(nr_got, 2, "proactive: closed by sleep");
	CHECK_INT(got[1].origin, COMPACT_ORIGIN_PROACTIVE, "proactive: origin");
	CHECK_INT(got[1].outcome, OUTCOME_SUCCESS, "proactive: complete without a target order is success");
	CHECK_INT(got[1].stall_ns, 11 * MS, "proactive: first begin to last end");

	/* two writes to compact_memory back to back: DMA, DMA32, Normal, then DMA again */
	for (int round = 0; round < 2; round++)
		for (int z = 0; z < 3; z++)
			FEED(t, zone_rec(t0 + (100 + round * 10 + z) * MS, 99, "bash", COMPACT_ORIGIN_MANUAL, 0, z, -1,
					 CR_COMPLETE, MS / 2, 0, 0));
	CHECK_INT(nr_got, 3, "manual: a new write starts a new attempt");
	CHECK_INT(got[2].nr_zones, 3, "manual: three zones");
	CHECK_INT(got[2].end, ATTEMPT_END_RESTART, "manual: end reason");
	/* an unrelated record long after ends the second one */
	FEED(t, kcd_rec(t0 + 5000 * MS, 3, 2, KCOMPACTD_STEP_WAKEUP_REQ));
	CHECK_INT(nr_got, 4, "manual: a quiet gap ends it");
	CHECK_INT(got[3].end, ATTEMPT_END_IDLE, "manual: idle end");
	CHECK_INT(got[3].outcome, OUTCOME_SUCCESS, "manual: outcome");
	compaction_tracker__free(t);
}

static void test_summary(void)
{
	struct compaction_summary s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(&s, 0, sizeof(s));
	for (int i = 0; i < nr_got; i++)
		compaction_summary__add_attempt(&s, &got[i]);
	compaction_summary__defer(&s, 0, 2, DEFER_STEP_DEFER_COMPACTION, 0, 2, 9, 1);
	compaction_summary__defer(&s, 0, 2, DEFER_STEP_DEFERRED, 1, 2, 9, 2);
	compaction_summary__defer(&s, 0, 1, DEFER_STEP_DEFER_RESET, 0, 0, 10, 3);
	CHECK(compaction_defer_state__defers(&s.defer[0], 9), "summary: Normal defers order 9", "no");
	CHECK(!compaction_defer_state__defers(&s.defer[0], 8), "summary: orders below order_failed run", "deferred");
	CHECK(!compaction_defer_state__defers(&s.defer[1], 10), "summary: reset zone defers nothing", "deferred");
	CHECK_INT(s.defer[0].deferred_count, 1, "summary: attempts turned away");
	CHECK_INT(s.by_order[0].attempts, 3, "summary: order -1 attempts (proactive, 2 manual)");
	CHECK_INT(s.by_order[5].attempts, 1, "summary: order 4 attempts");

	f = open_memstream(&buf, &len);
	compaction_summary__print_text(&s, &names, f);
	fclose(f);
	CHECK(strstr(buf, "deferred now: node 0 Normal: orders >= 9") != NULL, "summary text: deferred zone", "%s", buf);
	CHECK(strstr(buf, "time per zone compacted") != NULL, "summary text: zone histogram", "%s", buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	compaction_summary__print_json(&s, &names, f);
	fclose(f);
	CHECK(strstr(buf, "\"deferred\":[{\"node\":0,\"zone\":\"Normal\",\"from_order\":9") != NULL,
	      "summary json: deferred zone", "%s", buf);
	CHECK(strstr(buf, "\"by_order\":[{\"order\":-1,\"attempts\":3") != NULL, "summary json: by order", "%s", buf);
	free(buf);
}

static void test_print(void)
{
	struct compaction_tracker *t = compaction_tracker__new(collect, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	nr_got = 0;
	FEED(t, try_rec(100 * MS, 4242, 9, COMPACT_TRY_BEGIN, 0));
	FEED(t, zone_rec(112 * MS, 4242, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_COMPLETE, 11 * MS, 300, 40));
	FEED(t, defer_rec(113 * MS, 4242, 0, 1, 9, DEFER_STEP_DEFERRED, 1, 1, 9));
	compaction_tracker__flush(t);
	f = open_memstream(&buf, &len);
	compaction_attempt__print_json(&got[0], &names, 0, f);
	fclose(f);
	CHECK(strncmp(buf, "{\"type\":\"compaction\",", 21) == 0, "json: type first", "%s", buf);
	CHECK(strstr(buf, "\"task\":{\"pid\":4242,\"tid\":4242,\"comm\":\"hog\"") != NULL, "json: task", "%s", buf);
	CHECK(strstr(buf, "\"order\":9,\"gfp\":\"0x140dca\"") != NULL, "json: order and gfp", "%s", buf);
	CHECK(strstr(buf, "\"priority\":1,\"priority_name\":\"sync_light\"") != NULL, "json: priority", "%s", buf);
	CHECK(strstr(buf, "{\"node\":0,\"zone\":\"Normal\",\"zone_idx\":2,\"status\":\"complete\",\"duration_us\":11000.0,"
			  "\"migrated\":300,\"failed\":40") != NULL,
	      "json: zone", "%s", buf);
	CHECK(strstr(buf, "\"zone\":\"DMA32\",\"zone_idx\":1,\"status\":\"deferred\"") != NULL, "json: deferred zone",
	      "%s", buf);
	CHECK(strstr(buf, "\"stall_us\":13000.0") != NULL, "json: stall", "%s", buf);
	CHECK(strstr(buf, "\"outcome\":\"failed\"}\n") != NULL, "json: outcome last", "%s", buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	compaction_attempt__print_text(&got[0], &names, f);
	fclose(f);
	CHECK(strstr(buf, "compaction: direct order 9 by hog (4242) gfp ") != NULL, "text: who", "%s", buf);
	CHECK(strstr(buf, ": failed after 13.000 ms, 300 pages migrated, 40 failed; zones: 0/Normal complete 11.000ms "
			  "300/340 migrated, 0/DMA32 deferred\n") != NULL,
	      "text: outcome and zones", "%s", buf);
	free(buf);
	compaction_tracker__free(t);
}

/* The live source reads the free lists after a zone that could not make the page. */
static void test_snapshot(void)
{
	struct compaction_tracker *t = compaction_tracker__new(collect, NULL);
	struct compaction_snapshot_limit lim = { 0 };
	struct ev_zone_snapshot *snap = calloc(1, sizeof(*snap));
	struct ev_compact_zone z1 = zone_rec(200 * MS, 9, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_COMPLETE, MS, 0, 0);
	struct ev_compact_zone z2 = zone_rec(200 * MS + 10, 9, "hog", COMPACT_ORIGIN_DIRECT, 0, 1, 9, CR_COMPLETE, 5, 0, 0);
	struct ev_compact_zone z3 = zone_rec(1300 * MS, 9, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_PARTIAL_SKIPPED, MS, 0,
					     0);
	struct ev_compact_zone ok = zone_rec(2400 * MS, 9, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_SUCCESS, MS, 0, 0);
	struct ev_compact_zone man = zone_rec(2500 * MS, 9, "bash", COMPACT_ORIGIN_MANUAL, 0, 2, -1, CR_COMPLETE, MS, 0, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(compaction_snapshot__wanted(&lim, &z1.h), "snapshot: wanted after a complete zone", "no");
	CHECK(!compaction_snapshot__wanted(&lim, &z2.h), "snapshot: not twice within a second", "yes");
	CHECK(compaction_snapshot__wanted(&lim, &z3.h), "snapshot: wanted after partial_skipped later", "no");
	CHECK(!compaction_snapshot__wanted(&lim, &ok.h), "snapshot: not after success", "yes");
	CHECK(!compaction_snapshot__wanted(&lim, &man.h), "snapshot: not for manual compaction", "yes");

	nr_got = 0;
	FEED(t, try_rec(199 * MS, 9, 9, COMPACT_TRY_BEGIN, 0));
	compaction_tracker__record(t, &z1.h);
	snap->h.type = EV_ZONE_SNAPSHOT;
	snap->h.version = EV_ZONE_SNAPSHOT_V;
	snap->h.size = sizeof(*snap);
	snap->h.ts_ns = 200 * MS + 50;
	snap->for_event_ts = z1.h.ts_ns;
	snap->flags = SNAP_HAS_BUDDY | SNAP_HAS_PAGETYPE;
	snap->nr_zones = 2;
	snap->zones[0].node = 0;
	snprintf(snap->zones[0].name, sizeof(snap->zones[0].name), "DMA32");
	snap->zones[1].node = 0;
	snprintf(snap->zones[1].name, sizeof(snap->zones[1].name), "Normal");
	for (int z = 0; z < 2; z++) {
		snap->zones[z].nr_orders = 11;
		snap->zones[z].nr_mt = 2;
		snprintf(snap->zones[z].mt_name[0], 16, "Unmovable");
		snprintf(snap->zones[z].mt_name[1], 16, "Movable");
		for (int k = 0; k < 11; k++) {
			snap->zones[z].free_blocks[k] = k < 9 ? 100 - k * 10 : 0;
			snap->zones[z].free_by_mt[1][k] = k < 9 ? 50 - k * 5 : 0;
		}
	}
	CHECK(!compaction_tracker__record(t, &snap->h), "snapshot: left for the slow path too", "consumed");
	compaction_tracker__flush(t);
	CHECK_INT(nr_got, 1, "snapshot: attempt");
	CHECK_INT(got[0].nr_buddy, 2, "snapshot: zones attached");
	CHECK_INT(got[0].buddy[1].free_blocks[8], 20, "snapshot: Normal order 8");
	CHECK_INT(got[0].buddy[1].movable_blocks[0], 50, "snapshot: Normal movable order 0");
	f = open_memstream(&buf, &len);
	compaction_attempt__print_json(&got[0], &names, 0, f);
	fclose(f);
	CHECK(strstr(buf, ",\"free_blocks\":[{\"node\":0,\"zone\":\"DMA32\",\"per_order\":[100,90,80,70,60,50,40,30,20,0,0],"
			  "\"movable_per_order\":[50,45,") != NULL,
	      "snapshot: JSON free_blocks", "%s", buf);
	free(buf);
	free(snap);
	compaction_tracker__free(t);
}

/* The sink prints at most 20 attempts a second and says how many it left out. */
static void test_sink_rate(void)
{
	struct record_print_options ro = { .json = true, .min_stall_ms = 0 };
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sink *s = sink_compaction__new(f, &ro);
	int lines = 0;

	s->names = &names;
	for (int i = 0; i < 30; i++) {
		struct ev_compact_zone z = zone_rec(50000 * MS + i * 10 * MS, 99, "bash", COMPACT_ORIGIN_MANUAL, 0, 0, -1,
						    CR_COMPLETE, MS, 0, 0);
		s->ops->record(s, &z.h);
	}
	{
		struct ev_compact_zone z = zone_rec(53000 * MS, 99, "bash", COMPACT_ORIGIN_MANUAL, 0, 0, -1, CR_COMPLETE, MS,
						    0, 0);
		s->ops->record(s, &z.h);
	}
	s->ops->free(s);
	fclose(f);
	for (p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	CHECK_INT(lines, 21, "sink: 20 lines in the first second, then the next");
	CHECK(strstr(buf, "\"suppressed_before\":10}") != NULL, "sink: the next line counts those left out", "%s",
	      buf + (len > 400 ? len - 400 : 0));
	free(buf);
}

static void noop_emit(void *ctx, struct incident *inc)
{
	(void)ctx;
	(void)inc;
}

/* The correlator's side: history per task, machine-wide totals, summary. */
static void test_correlator(void)
{
	struct correlator *c = correlator__new(&names, noop_emit, NULL);
	const struct compaction_summary *s;
	struct task_state *ts;
	uint64_t t0 = 20000 * MS;

	if (!c) {
		CHECK(0, "correlator: created", "calloc failed");
		return;
	}
	{
		struct ev_compact_try a = try_rec(t0, 77, 9, COMPACT_TRY_BEGIN, 0);
		struct ev_compact_zone z = zone_rec(t0 + 4 * MS, 77, "hog", COMPACT_ORIGIN_DIRECT, 0, 2, 9, CR_COMPLETE,
						    3 * MS, 10, 6);
		struct ev_compact_defer d = defer_rec(t0 + 5 * MS, 77, 0, 1, 9, DEFER_STEP_DEFERRED, 1, 1, 9);
		struct ev_compact_try e = try_rec(t0 + 6 * MS, 77, 9, COMPACT_TRY_END, t0);
		struct ev_compact_zone k = zone_rec(t0 + 7 * MS, 55, "kcompactd0", COMPACT_ORIGIN_KCOMPACTD, 0, 2, 9,
						    CR_COMPLETE, MS, 4, 0);

		correlator__record(c, &a.h);
		correlator__record(c, &z.h);
		correlator__record(c, &d.h);
		correlator__record(c, &e.h);
		correlator__record(c, &k.h);
	}
	ts = task_states__find(c->tasks, 77);
	CHECK(ts != NULL, "correlator: task state", "none");
	if (ts) {
		CHECK_INT(ts->hist.compact_attempts, 1, "correlator: compact_attempts");
		CHECK_INT(ts->hist.compact_ns, 3 * MS, "correlator: compact_ns");
		CHECK_INT(ts->hist.compact_migrated, 10, "correlator: compact_migrated");
		CHECK_INT(ts->hist.compact_failed, 6, "correlator: compact_failed");
		CHECK_INT(ts->hist.compact_deferred, 1, "correlator: compact_deferred");
		CHECK_INT(ts->hist.compact_last_status, CR_DEFERRED, "correlator: last status");
		CHECK_INT(ts->compact_order, 9, "correlator: order of the attempt");
	}
	CHECK(task_states__find(c->tasks, 55) == NULL, "correlator: kcompactd is not an allocating task", "tracked");
	CHECK_INT(task_states__system(c->tasks)->compact_migrated, 14, "correlator: machine-wide migrated");
	correlate_compaction__flush(c);
	s = correlate_compaction__summary(c);
	CHECK(s && s->attempts[COMPACT_ORIGIN_DIRECT] == 1 && s->by_order[10].outcome[OUTCOME_FAILED] == 2,
	      "correlator: summary counts the failed order-9 attempts (direct, kcompactd)", "direct %llu, order 9 failed %llu",
	      s ? (unsigned long long)s->attempts[COMPACT_ORIGIN_DIRECT] : 0ULL,
	      s ? (unsigned long long)s->by_order[10].outcome[OUTCOME_FAILED] : 0ULL);
	correlate_compaction__free(c);
	correlator__free(c);
}

int main(void)
{
	kernel_names__for_version(&names, "");
	test_direct_failed();
	test_direct_deferred_success_contended();
	test_kcompactd_proactive_manual();
	test_summary();
	test_print();
	test_snapshot();
	test_sink_rate();
	test_correlator();
	CHECK_DONE();
}
