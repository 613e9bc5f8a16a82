// SPDX-License-Identifier: GPL-2.0
/*
 * diagnose: incidents built by hand that must get each verdict code, and
 * near-misses that must not (no code without evidence). Every verdict given
 * must carry figures in its evidence.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "decode.h"
#include "diagnose.h"
#include "incident.h"

#define GFP_KERNEL_F (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS)
#define GFP_ATOMIC_F (GFPF_HIGH | GFPF_KSWAPD_RECLAIM)
#define GFP_NOIO_F (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM)
#define GFP_NOFS_F (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO)
#define GFP_HIGHUSER_MOVABLE_F (GFP_KERNEL_F | GFPF_HARDWALL | GFPF_HIGHMEM | GFPF_MOVABLE)

static int evidence_failures;

/* a global order-0 GFP_KERNEL OOM on a 4 GB x86_64 box with 1 GB swap mostly free */
static void base(struct incident *inc)
{
	incident__init(inc, INCIDENT_OOM_KILL, SOURCE_KERNEL_LOG);
	snprintf(inc->kernel_version, sizeof(inc->kernel_version), "5.10.0");
	snprintf(inc->arch, sizeof(inc->arch), "x86_64");
	snprintf(inc->trigger.comm, sizeof(inc->trigger.comm), "app");
	inc->trigger.pid = 100;
	inc->order = 0;
	inc->gfp_raw = 0xcc0;
	inc->gfp_flags = GFP_KERNEL_F;
	inc->gfp_flags_known = true;
	inc->constraint = CONSTRAINT_GLOBAL;
	inc->swap_total_kb = 1048576;
	inc->swap_free_kb = 1000000;
	inc->mem.ram_pages = 1048576;	/* 4 GB */
}

static struct inc_zone *zone(struct incident *inc, int node, const char *name, int64_t free_kb, int64_t min_kb,
			     int nr_reserve, const int64_t *reserve)
{
	struct inc_zone *z = incident__add_zone(inc, node, name);

	z->free_kb = free_kb;
	z->min_kb = min_kb;
	z->low_kb = min_kb * 5 / 4;
	z->high_kb = min_kb * 3 / 2;
	z->nr_reserve = nr_reserve;
	for (int i = 0; i < nr_reserve; i++)
		z->lowmem_reserve[i] = reserve ? reserve[i] : 0;
	return z;
}

static void blocks(struct inc_zone *z, const int64_t *counts, int n, const char *types)
{
	z->nr_orders = 11;
	for (int o = 0; o < 11; o++) {
		z->free_blocks[o] = o < n ? counts[o] : 0;
		snprintf(z->block_types[o], sizeof(z->block_types[o]), "%s", o < n && counts[o] ? types : "");
	}
}

static void run(struct incident *inc)
{
	diagnose__incident(inc);
	for (int i = 0; i < inc->nr_verdicts; i++) {
		const char *e = inc->verdicts[i].evidence;

		if (!*e || !strpbrk(e, "0123456789")) {
			evidence_failures++;
			printf("# %s evidence has no figures: \"%s\"\n", inc->verdicts[i].code, e);
		}
	}
}

static void expect(struct incident *inc, const char *code, bool want, const char *name)
{
	bool got = incident__has_verdict(inc, code);

	CHECK(got == want, name, "%s %s; verdicts:%s", code, want ? "missing" : "given without cause",
	      ({
		      static char all[512];
		      all[0] = '\0';
		      for (int i = 0; i < inc->nr_verdicts; i++) {
			      strncat(all, " ", sizeof(all) - strlen(all) - 1);
			      strncat(all, inc->verdicts[i].code, sizeof(all) - strlen(all) - 1);
		      }
		      all;
	      }));
}

static void test_nothing_known(void)
{
	struct incident inc;

	incident__init(&inc, INCIDENT_OOM_KILL, SOURCE_KERNEL_LOG);
	run(&inc);
	CHECK_INT(inc.nr_verdicts, 0, "no evidence: no verdict");
	incident__free(&inc);

	base(&inc);
	run(&inc);
	CHECK_INT(inc.nr_verdicts, 0, "healthy-looking figures: no verdict");
	incident__free(&inc);
}

static void test_swap(void)
{
	struct incident inc;

	base(&inc);
	inc.swap_total_kb = inc.swap_free_kb = 0;
	run(&inc);
	expect(&inc, "NO_SWAP", true, "NO_SWAP: total swap 0");
	expect(&inc, "SWAP_EXHAUSTED", false, "NO_SWAP is not SWAP_EXHAUSTED");
	incident__free(&inc);

	base(&inc);
	inc.swap_total_kb = inc.swap_free_kb = UNKNOWN;
	run(&inc);
	expect(&inc, "NO_SWAP", false, "NO_SWAP: not when swap unknown");
	incident__free(&inc);

	base(&inc);
	inc.swap_free_kb = 0;
	run(&inc);
	expect(&inc, "SWAP_EXHAUSTED", true, "SWAP_EXHAUSTED: free 0 of 1GB");
	expect(&inc, "NO_SWAP", false, "SWAP_EXHAUSTED is not NO_SWAP");
	incident__free(&inc);

	base(&inc);
	inc.swap_free_kb = 500000;
	run(&inc);
	expect(&inc, "SWAP_EXHAUSTED", false, "SWAP_EXHAUSTED: not with half free");
	incident__free(&inc);
}

static void test_memcg(void)
{
	struct incident inc;

	base(&inc);
	inc.constraint = CONSTRAINT_MEMCG;
	snprintf(inc.memcg_oom, sizeof(inc.memcg_oom), "/docker/abc");
	inc.memcg.version = 1;
	inc.memcg.usage_kb = inc.memcg.limit_kb = 20480;
	inc.memcg.failcnt = 12;
	inc.memcg.memsw_usage_kb = 40940;
	inc.memcg.memsw_limit_kb = 40960;
	inc.swap_total_kb = inc.swap_free_kb = UNKNOWN;
	run(&inc);
	expect(&inc, "MEMCG_LIMIT", true, "MEMCG_LIMIT: usage = limit");
	expect(&inc, "MEMCG_SWAP_LIMIT", true, "MEMCG_SWAP_LIMIT: memsw at its limit");
	expect(&inc, "HIGH_ORDER", false, "memcg: no HIGH_ORDER for order 0");
	incident__free(&inc);

	base(&inc);
	inc.constraint = CONSTRAINT_MEMCG;
	inc.memcg.usage_kb = inc.memcg.limit_kb = 980;
	inc.memcg.memsw_usage_kb = 0;
	inc.memcg.memsw_limit_kb = 9007199254740988LL;	/* "unlimited" */
	run(&inc);
	expect(&inc, "MEMCG_LIMIT", true, "MEMCG_LIMIT: 980kB cgroup");
	expect(&inc, "MEMCG_SWAP_LIMIT", false, "MEMCG_SWAP_LIMIT: not with unlimited memsw");
	incident__free(&inc);

	base(&inc);
	inc.constraint = CONSTRAINT_MEMCG;
	inc.memcg.version = 2;
	inc.memcg.usage_kb = inc.memcg.limit_kb = 65536;
	inc.memcg.swap_limit_kb = 0;
	run(&inc);
	expect(&inc, "MEMCG_SWAP_LIMIT", true, "MEMCG_SWAP_LIMIT: v2 swap.max 0");
	incident__free(&inc);

	base(&inc);
	inc.memcg.usage_kb = 1000;
	inc.memcg.limit_kb = 65536;
	run(&inc);
	expect(&inc, "MEMCG_LIMIT", false, "MEMCG_LIMIT: not for a global OOM far below the limit");
	incident__free(&inc);
}

static void test_memcg_from_history(void)
{
	struct incident inc;

	for (int global_too = 0; global_too < 2; global_too++) {
		incident__init(&inc, INCIDENT_ALLOC_FAILURE, SOURCE_LIVE);
		inc.order = 0;
		inc.gfp_flags = GFP_KERNEL_F | GFPF_ACCOUNT;
		inc.gfp_flags_known = true;
		inc.history.present = true;
		inc.history.memcg_reclaims = 18;
		inc.history.memcg_reclaim_ns = 281135;
		inc.history.direct_reclaims = global_too ? 3 : 0;
		run(&inc);
		expect(&inc, "MEMCG_LIMIT", !global_too,
		       global_too ? "MEMCG_LIMIT: not inferred when global reclaim ran too"
				  : "MEMCG_LIMIT: live failure after memcg reclaim only");
		incident__free(&inc);
	}
}

static void test_container(void)
{
	struct incident inc;

	incident__init(&inc, INCIDENT_CONTAINER_KILL, SOURCE_KERNEL_LOG);
	inc.container.ve_id = 13516;
	inc.container.nr_kills = 20;
	inc.container.free_pages = 132167;
	run(&inc);
	expect(&inc, "CONTAINER_LIMIT", true, "CONTAINER_LIMIT: OpenVZ kill");
	incident__free(&inc);

	base(&inc);
	run(&inc);
	expect(&inc, "CONTAINER_LIMIT", false, "CONTAINER_LIMIT: not for an ordinary OOM");
	incident__free(&inc);
}

static void test_order(void)
{
	struct incident inc;

	base(&inc);
	inc.order = 2;
	run(&inc);
	expect(&inc, "HIGH_ORDER", true, "HIGH_ORDER: order 2");
	expect(&inc, "COSTLY_ORDER", false, "COSTLY_ORDER: not order 2");
	expect(&inc, "FRAGMENTATION", false, "FRAGMENTATION: not without zone figures");
	incident__free(&inc);

	base(&inc);
	inc.order = UNKNOWN;
	run(&inc);
	expect(&inc, "HIGH_ORDER", false, "HIGH_ORDER: not when order unknown");
	incident__free(&inc);

	base(&inc);
	inc.order = 4;
	run(&inc);
	expect(&inc, "COSTLY_ORDER", true, "COSTLY_ORDER: order 4");
	incident__free(&inc);

	base(&inc);
	inc.order = 3;
	run(&inc);
	expect(&inc, "COSTLY_ORDER", false, "COSTLY_ORDER: not order 3");
	incident__free(&inc);

	base(&inc);
	inc.order = 1;
	inc.gfp_flags |= GFPF_NORETRY;
	run(&inc);
	expect(&inc, "COSTLY_ORDER", true, "COSTLY_ORDER: __GFP_NORETRY");
	incident__free(&inc);
}

static void test_fragmentation(void)
{
	static const int64_t only_small[] = { 3788, 184 };
	static const int64_t has_order2[] = { 3788, 184, 10 };
	static const int64_t reserve[] = { 0, 0, 0, 0 };
	struct incident inc;
	struct inc_zone *z;

	base(&inc);
	inc.order = 2;
	z = zone(&inc, 0, "DMA32", 13760, 5172, 4, reserve);
	blocks(z, only_small, 2, "UME");
	run(&inc);
	expect(&inc, "FRAGMENTATION", true, "FRAGMENTATION: free above min, no order-2 block");
	expect(&inc, "ZONE_RESTRICTED", false, "FRAGMENTATION alone is not ZONE_RESTRICTED");
	incident__free(&inc);

	base(&inc);
	inc.order = 2;
	z = zone(&inc, 0, "DMA32", 13760, 5172, 4, reserve);
	blocks(z, has_order2, 3, "UME");
	run(&inc);
	expect(&inc, "FRAGMENTATION", false, "FRAGMENTATION: not when an order-2 block was free");
	incident__free(&inc);

	base(&inc);
	inc.order = 2;
	z = zone(&inc, 0, "DMA32", 5000, 5172, 4, reserve);
	blocks(z, only_small, 2, "UME");
	run(&inc);
	expect(&inc, "FRAGMENTATION", false, "FRAGMENTATION: not when free is below min (a shortage)");
	incident__free(&inc);

	base(&inc);
	inc.order = 0;
	z = zone(&inc, 0, "DMA32", 13760, 5172, 4, reserve);
	blocks(z, only_small, 2, "UME");
	run(&inc);
	expect(&inc, "FRAGMENTATION", false, "FRAGMENTATION: never for order 0");
	incident__free(&inc);

	/* blocks of the order exist, but only in the highatomic reserve: unusable unless atomic */
	base(&inc);
	inc.order = 1;
	z = zone(&inc, 0, "Normal", 4724, 3068, 4, reserve);
	blocks(z, only_small, 2, "H");
	snprintf(z->block_types[0], sizeof(z->block_types[0]), "UMEH");
	run(&inc);
	expect(&inc, "FRAGMENTATION", true, "FRAGMENTATION: only highatomic (H) blocks, GFP_KERNEL");
	incident__free(&inc);

	base(&inc);
	inc.order = 1;
	inc.gfp_flags = GFP_ATOMIC_F;
	z = zone(&inc, 0, "Normal", 4724, 3068, 4, reserve);
	blocks(z, only_small, 2, "H");
	run(&inc);
	expect(&inc, "FRAGMENTATION", false, "FRAGMENTATION: H blocks serve atomic requests");
	incident__free(&inc);
}

static void test_zone_restricted(void)
{
	static const int64_t dma_res[] = { 0, 579, 10099, 10099 };
	static const int64_t normal_res[] = { 0, 0, 76160, 76160 };
	static const int64_t none[] = { 0, 0, 0, 0 };
	static const int64_t all_orders[] = { 10121, 3475, 6526, 11333, 4201, 981, 206, 49, 31, 9, 5 };
	static const int64_t small[] = { 1100, 0, 0 };
	struct incident inc;

	for (int highuser = 0; highuser < 2; highuser++) {
		base(&inc);
		snprintf(inc.kernel_version, sizeof(inc.kernel_version), "4.7.10-100.fc23.i686+PAE");
		snprintf(inc.arch, sizeof(inc.arch), "i686");
		inc.highmem_layout = true;
		inc.gfp_flags = highuser ? GFP_HIGHUSER_MOVABLE_F : GFP_KERNEL_F | GFPF_ACCOUNT;
		blocks(zone(&inc, 0, "DMA", 2328, 16, 4, dma_res), small, 1, "UME");
		blocks(zone(&inc, 0, "Normal", 3000, 3068, 4, normal_res), small, 1, "UME");
		blocks(zone(&inc, 0, "HighMem", 1078188, 512, 4, none), all_orders, 11, "UM");
		run(&inc);
		if (!highuser) {
			expect(&inc, "ZONE_RESTRICTED", true, "ZONE_RESTRICTED: GFP_KERNEL on i686, HighMem 1GB free");
			expect(&inc, "NO_SWAP", false, "ZONE_RESTRICTED: swap present, no NO_SWAP");
		} else {
			expect(&inc, "ZONE_RESTRICTED", false, "ZONE_RESTRICTED: not for GFP_HIGHUSER_MOVABLE");
		}
		incident__free(&inc);
	}

	/* 64-bit: __GFP_DMA32 request with DMA32 full and Normal free */
	base(&inc);
	inc.gfp_flags = GFP_KERNEL_F | GFPF_DMA32;
	blocks(zone(&inc, 0, "DMA32", 5000, 5172, 4, none), small, 1, "UME");
	blocks(zone(&inc, 0, "Normal", 2000000, 20000, 4, none), all_orders, 11, "UM");
	run(&inc);
	expect(&inc, "ZONE_RESTRICTED", true, "ZONE_RESTRICTED: __GFP_DMA32 with DMA32 exhausted");
	incident__free(&inc);
}

static void test_cma(void)
{
	static const int64_t none[] = { 0, 0, 0, 0 };
	static const int64_t many[] = { 5000, 2000, 1000 };
	struct incident inc;

	for (int movable = 0; movable < 2; movable++) {
		struct inc_zone *z;

		base(&inc);
		inc.gfp_flags = movable ? GFP_HIGHUSER_MOVABLE_F : GFP_KERNEL_F;
		z = zone(&inc, 0, "Normal", 50000, 1000, 4, none);
		z->free_cma_kb = 49500;
		blocks(z, many, 3, "UMC");
		run(&inc);
		expect(&inc, "CMA_UNUSABLE", !movable,
		       movable ? "CMA_UNUSABLE: not for a movable request" : "CMA_UNUSABLE: free memory all CMA, GFP_KERNEL");
		incident__free(&inc);
	}
}

static void test_gfp(void)
{
	struct incident inc;

	base(&inc);
	inc.gfp_flags = GFP_ATOMIC_F;
	inc.in_interrupt = true;
	run(&inc);
	expect(&inc, "ATOMIC", true, "ATOMIC: GFP_ATOMIC");
	expect(&inc, "GFP_NOIO", false, "ATOMIC is not GFP_NOIO");
	incident__free(&inc);

	base(&inc);
	run(&inc);
	expect(&inc, "ATOMIC", false, "ATOMIC: not GFP_KERNEL");
	expect(&inc, "GFP_NOIO", false, "GFP_NOIO: not GFP_KERNEL");
	expect(&inc, "GFP_NOFS", false, "GFP_NOFS: not GFP_KERNEL");
	incident__free(&inc);

	base(&inc);
	inc.gfp_flags_known = false;
	inc.gfp_raw = UNKNOWN;
	run(&inc);
	expect(&inc, "ATOMIC", false, "ATOMIC: not when gfp unknown");
	incident__free(&inc);

	base(&inc);
	inc.gfp_flags = GFP_NOIO_F;
	inc.history.present = true;
	inc.history.scanned_anon = 0;
	inc.history.swapouts = 0;
	run(&inc);
	expect(&inc, "GFP_NOIO", true, "GFP_NOIO: reclaim without __GFP_IO");
	expect(&inc, "GFP_NOFS", false, "GFP_NOIO is not GFP_NOFS");
	CHECK(inc.nr_verdicts > 0 && strstr(inc.verdicts[0].evidence, "swapped out 0"),
	      "GFP_NOIO evidence quotes the live history", "%s", inc.nr_verdicts ? inc.verdicts[0].evidence : "");
	incident__free(&inc);

	base(&inc);
	inc.gfp_flags = GFP_NOFS_F | GFPF_NOFAIL;
	run(&inc);
	expect(&inc, "GFP_NOFS", true, "GFP_NOFS: GFP_NOFS|__GFP_NOFAIL");
	incident__free(&inc);

	/* old kernels: only the hex mask, decoded with the era's table */
	base(&inc);
	snprintf(inc.kernel_version, sizeof(inc.kernel_version), "2.6.34.1");
	inc.gfp_flags_known = false;
	inc.gfp_raw = 0x20;
	run(&inc);
	expect(&inc, "ATOMIC", true, "ATOMIC: 2.6.34 0x20 decoded by era");
	incident__free(&inc);
}

static void test_constraints(void)
{
	static const int64_t none[] = { 0, 0, 0, 0 };
	static const int64_t small[] = { 10, 0 };
	static const int64_t all[] = { 1000, 1000, 1000, 1000, 100 };
	struct incident inc;

	base(&inc);
	inc.constraint = CONSTRAINT_CPUSET;
	snprintf(inc.cpuset, sizeof(inc.cpuset), "/batch");
	snprintf(inc.mems_allowed, sizeof(inc.mems_allowed), "1");
	run(&inc);
	expect(&inc, "CPUSET_CONSTRAINT", true, "CPUSET_CONSTRAINT");
	expect(&inc, "MEMPOLICY_CONSTRAINT", false, "CPUSET is not MEMPOLICY");
	incident__free(&inc);

	base(&inc);
	inc.constraint = CONSTRAINT_MEMPOLICY;
	snprintf(inc.mems_allowed, sizeof(inc.mems_allowed), "0-1");
	run(&inc);
	expect(&inc, "MEMPOLICY_CONSTRAINT", true, "MEMPOLICY_CONSTRAINT");
	incident__free(&inc);

	/* two nodes, node 0 empty, node 1 plenty, no constraint printed */
	for (int both_empty = 0; both_empty < 2; both_empty++) {
		base(&inc);
		snprintf(inc.mems_allowed, sizeof(inc.mems_allowed), "0");
		blocks(zone(&inc, 0, "Normal", 1000, 5000, 4, none), small, 1, "UME");
		if (both_empty)
			blocks(zone(&inc, 1, "Normal", 1200, 5000, 4, none), small, 1, "UME");
		else
			blocks(zone(&inc, 1, "Normal", 900000, 5000, 4, none), all, 5, "UM");
		run(&inc);
		expect(&inc, "NODE_RESTRICTED", !both_empty,
		       both_empty ? "NODE_RESTRICTED: not when every node is empty"
				  : "NODE_RESTRICTED: node 0 empty, node 1 free");
		incident__free(&inc);
	}
}

static void test_memory_users(void)
{
	struct incident inc;

	base(&inc);
	inc.mem.active_anon = 1000;
	inc.mem.inactive_anon = 1000;
	inc.mem.active_file = 500;
	inc.mem.inactive_file = 500;
	inc.mem.unevictable = 0;
	inc.mem.slab_unreclaimable = 800000;
	inc.mem.shmem = 100;
	inc.mem.dirty = 10;
	inc.mem.writeback = 0;
	inc.mem.hugetlb_kb = 0;
	run(&inc);
	expect(&inc, "UNRECLAIMABLE_SLAB", true, "UNRECLAIMABLE_SLAB: slab above all LRU");
	expect(&inc, "SHMEM", false, "SHMEM: not with 400kB");
	expect(&inc, "DIRTY_WRITEBACK", false, "DIRTY_WRITEBACK: not with 40kB");
	expect(&inc, "HUGETLB", false, "HUGETLB: not with none");
	expect(&inc, "UNEVICTABLE", false, "UNEVICTABLE: not with none");
	incident__free(&inc);

	base(&inc);
	inc.mem.active_anon = 300000;
	inc.mem.inactive_anon = 100000;
	inc.mem.active_file = 100000;
	inc.mem.inactive_file = 100000;
	inc.mem.unevictable = 300000;	/* 29% of 4 GB */
	inc.mem.slab_unreclaimable = 20000;
	inc.mem.shmem = 400000;
	inc.mem.dirty = 100000;
	inc.mem.writeback = 20000;
	inc.mem.hugetlb_kb = 2097152;
	run(&inc);
	expect(&inc, "UNRECLAIMABLE_SLAB", false, "UNRECLAIMABLE_SLAB: not below the LRU");
	expect(&inc, "UNEVICTABLE", true, "UNEVICTABLE: 29% of RAM");
	expect(&inc, "SHMEM", true, "SHMEM: 38% of RAM");
	expect(&inc, "DIRTY_WRITEBACK", true, "DIRTY_WRITEBACK: 11% of RAM");
	expect(&inc, "HUGETLB", true, "HUGETLB: 2 GB of 4 GB");
	incident__free(&inc);
}

static void row(struct incident *inc, int64_t pid, const char *name, int64_t rss, int64_t adj)
{
	struct inc_task_row *t = incident__add_task_row(inc);

	t->pid = t->tgid = pid;
	t->uid = 0;
	t->rss_pages = rss;
	t->swapents = 0;
	t->oom_score_adj = adj;
	snprintf(t->name, sizeof(t->name), "%s", name);
}

static void test_score_adj(void)
{
	struct incident inc;
	struct inc_victim *v;

	for (int victim_is_big = 0; victim_is_big < 2; victim_is_big++) {
		base(&inc);
		row(&inc, 10, "database", 800000, -1000);
		row(&inc, 20, "worker", 50000, 500);
		row(&inc, 30, "shell", 1000, 0);
		v = incident__add_victim(&inc);
		v->task.pid = victim_is_big ? 10 : 20;
		snprintf(v->task.comm, sizeof(v->task.comm), "%s", victim_is_big ? "database" : "worker");
		if (victim_is_big)
			inc.tasks[0].oom_score_adj = 0;
		run(&inc);
		expect(&inc, "OOM_SCORE_ADJ", !victim_is_big,
		       victim_is_big ? "OOM_SCORE_ADJ: not when the largest task died"
				     : "OOM_SCORE_ADJ: -1000 database spared, smaller worker killed");
		incident__free(&inc);
	}
}

static void test_keeps_existing(void)
{
	struct incident inc;

	base(&inc);
	inc.swap_total_kb = inc.swap_free_kb = 0;
	incident__add_verdict(&inc, "NO_SWAP", "given by the source: Total swap = 0kB");
	run(&inc);
	int n = 0;

	for (int i = 0; i < inc.nr_verdicts; i++)
		n += strcmp(inc.verdicts[i].code, "NO_SWAP") == 0;
	CHECK_INT(n, 1, "existing verdicts kept, not duplicated");
	incident__free(&inc);
}

int main(void)
{
	test_nothing_known();
	test_swap();
	test_memcg();
	test_memcg_from_history();
	test_container();
	test_order();
	test_fragmentation();
	test_zone_restricted();
	test_cma();
	test_gfp();
	test_constraints();
	test_memory_users();
	test_score_adj();
	test_keeps_existing();
	CHECK_INT(evidence_failures, 0, "every verdict carries figures");
	CHECK_DONE();
}
