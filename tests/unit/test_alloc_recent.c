// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_recent: what an OOM kill says about who was allocating before it.
 * Batches as the BPF program sends them; the ring wraps; the window is the
 * second before the kill, or less when the ring does not reach that far.
 */
#include <stdint.h>
#include <string.h>

#include "alloc_recent.h"
#include "check.h"
#include "events.h"
#include "incident.h"

#define MS 1000000ull

/* nr allocations by tid over [first, last] ns; every 8th of order 1, the last one failed if asked */
static void batch(struct alloc_recent *r, uint32_t tid, uint32_t nr, uint64_t first, uint64_t last, int failed)
{
	struct ev_page_alloc_batch b = { 0 };

	b.h.type = EV_PAGE_ALLOC_BATCH;
	b.h.version = EV_PAGE_ALLOC_BATCH_V;
	b.h.size = PAGE_ALLOC_BATCH_SIZE(nr);
	b.h.ts_ns = last;
	b.first_ts = first;
	b.nr = nr;
	for (uint32_t i = 0; i < nr; i++) {
		b.items[i].pid = tid;
		b.items[i].order = i % 8 == 7;
		b.items[i].pfn = failed && i == nr - 1 ? ~0ull : 0x1000 + i;
	}
	alloc_recent__add(r, &b.h);
}

int main(void)
{
	struct alloc_recent *r = alloc_recent__new();
	struct inc_allocs a;

	if (!r) {
		printf("FAIL - alloc_recent: out of memory\n");
		return 1;
	}
	alloc_recent__summarize(r, 5000 * MS, &a);
	CHECK(!a.known, "alloc_recent: nothing streamed, nothing known", "known");

	/* 2 s of three threads: tid 7 busiest, tid 0 (the idle task) next, tid 9 least;
	 * one batch every 10 ms each, so 100 batches a second of each */
	for (uint64_t t = 3000 * MS; t < 5000 * MS; t += 10 * MS) {
		batch(r, 7, 32, t, t + 2 * MS, 0);
		batch(r, 0, 16, t + 3 * MS, t + 4 * MS, 0);
		batch(r, 9, 4, t + 5 * MS, t + 5 * MS, t == 4500 * MS);
	}
	/* after the kill: not counted */
	batch(r, 9, 32, 5000 * MS + 1, 5001 * MS, 0);

	alloc_recent__summarize(r, 5000 * MS, &a);
	CHECK(a.known, "alloc_recent: known when streamed", "not known");
	CHECK_INT(a.window_ns, 1000 * MS, "alloc_recent: a whole second when the ring reaches it");
	/* [4000 ms, 5000 ms]: 100 batches of each; plus tid 7's batch that starts at 3990 and ends at 3992: out */
	CHECK_INT(a.total, 100 * (32 + 16 + 4), "alloc_recent: what was allocated in the second, nothing after the kill");
	CHECK_INT(a.failed, 1, "alloc_recent: failures counted");
	CHECK_INT(a.above_order_0, 100 * (4 + 2), "alloc_recent: orders above 0 counted");
	CHECK_INT(a.nr_top, 3, "alloc_recent: three threads ranked");
	CHECK(a.top[0].tid == 7 && a.top[0].allocations == 3200 && a.top[1].tid == 0 && a.top[1].allocations == 1600 &&
	      a.top[2].tid == 9 && a.top[2].allocations == 400, "alloc_recent: busiest first, the idle task as tid 0",
	      "%u:%llu %u:%llu %u:%llu", a.top[0].tid, (unsigned long long)a.top[0].allocations, a.top[1].tid,
	      (unsigned long long)a.top[1].allocations, a.top[2].tid, (unsigned long long)a.top[2].allocations);

	/* 3 000 more batches in 300 ms: the ring (2 048) no longer reaches a second back */
	for (uint64_t k = 0; k < 3000; k++)
		batch(r, 11, 32, 6000 * MS + k * 100000, 6000 * MS + k * 100000 + 50000, 0);
	alloc_recent__summarize(r, 6300 * MS, &a);
	CHECK(a.window_ns < 300 * MS && a.window_ns > 200 * MS, "alloc_recent: a shorter window when the ring wrapped",
	      "window %llu ns", (unsigned long long)a.window_ns);
	CHECK_INT(a.total, 2048 * 32, "alloc_recent: the ring's 2 048 batches");
	CHECK(a.nr_top == 1 && a.top[0].tid == 11, "alloc_recent: only what the ring holds", "%d threads", a.nr_top);
	alloc_recent__free(r);
	CHECK_DONE();
}
