/* SPDX-License-Identifier: GPL-2.0 */
/* Record i of the synthetic stream that capture_gen writes and capture_check verifies. */
#ifndef OOMTRACE_CAPTURE_GEN_H
#define OOMTRACE_CAPTURE_GEN_H

#include <stdio.h>
#include <string.h>

#include "events.h"

union gen_record {
	struct event_header h;
	struct ev_oom_victim victim;
	struct ev_reclaim reclaim;
	struct ev_alloc_fail fail;
	struct ev_mem_snapshot snap;
};

#define GEN_TS(i) (1000000000ull + (unsigned long long)(i) * 1000)

static inline void gen_record(unsigned long long i, union gen_record *r)
{
	unsigned long long mix = i * 0x9e3779b97f4a7c15ull;

	memset(r, 0, sizeof(*r));
	switch (i % 16) {
	case 0:
		r->snap.h.type = EV_MEM_SNAPSHOT;
		r->snap.h.version = EV_MEM_SNAPSHOT_V;
		r->snap.h.size = sizeof(r->snap);
		r->snap.mem_total_kb = 4 << 20;
		r->snap.mem_free_kb = (mix >> 44) & 0xfffff;
		r->snap.swap_total_kb = 0;
		r->snap.memcg_version = 1;
		snprintf(r->snap.memcg_path, sizeof(r->snap.memcg_path), "/oomtrace-test/%llu", i % 7);
		break;
	case 1: case 5: case 9:
		r->victim.h.type = EV_OOM_VICTIM;
		r->victim.h.version = EV_OOM_VICTIM_V;
		r->victim.h.size = sizeof(r->victim);
		r->victim.victim.pid = r->victim.victim.tgid = 1000 + i % 30000;
		snprintf(r->victim.victim.comm, sizeof(r->victim.victim.comm), "hog%llu", i % 100);
		r->victim.anon_rss_kb = (mix >> 40) & 0xffffff;
		r->victim.oom_score_adj = (int)(i % 1000);
		break;
	case 2: case 3: case 6: case 7: case 10: case 11: case 14:
		r->reclaim.h.type = EV_RECLAIM;
		r->reclaim.h.version = EV_RECLAIM_V;
		r->reclaim.h.size = sizeof(r->reclaim);
		r->reclaim.task.pid = r->reclaim.task.tgid = 1000 + i % 50;
		r->reclaim.duration_ns = (mix >> 36) & 0xfffffff;
		r->reclaim.nr_reclaimed = (mix >> 50) & 0xff;
		r->reclaim.kind = RECLAIM_MEMCG;
		r->reclaim.nid = -1;
		break;
	default:
		r->fail.h.type = EV_ALLOC_FAIL;
		r->fail.h.version = EV_ALLOC_FAIL_V;
		r->fail.h.size = sizeof(r->fail);
		r->fail.gfp = 0xcc0;
		r->fail.order = i % 11;
		r->fail.stack_id = -1;
		break;
	}
	r->h.ts_ns = GEN_TS(i);
	r->h.cpu = i & 1;
}

#endif
