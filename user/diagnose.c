// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnosis: from an incident's evidence to verdict codes, each with the
 * figures that prove it (docs/verdicts.md explains every code and the kernel
 * code behind it). A rule that lacks a figure it needs stays silent: an
 * UNKNOWN number never counts for or against a verdict.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "diagnose.h"
#include "incident.h"

#define PAGE_ALLOC_COSTLY_ORDER 3
/* above this a cgroup limit means "unlimited" (v1 prints PAGE_COUNTER_MAX pages in kB) */
#define UNLIMITED_KB (1LL << 50)

/* zone names in zone_type order, for ranks; HighMem exists only on 32-bit */
static const char *const zone_order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };

/* a >= b * ratio, without overflow on absurd figures from a damaged log */
static bool at_least(int64_t a, int64_t b, double ratio)
{
	return (double)a >= (double)b * ratio;
}

static int zone__rank(const char *name)
{
	for (int i = 0; i < (int)(sizeof(zone_order) / sizeof(zone_order[0])); i++)
		if (strcmp(zone_order[i], name) == 0)
			return i;
	return -1;
}

struct dctx {
	struct incident *inc;
	uint64_t flags;
	bool flags_known;
	int64_t page_kb;
	int64_t order;		/* 0 when unknown (for watermark arithmetic only) */
	bool order_known;
	bool layout32;		/* 32-bit zone layout: DMA, Normal, HighMem, Movable */
	int highest_rank;	/* zone__rank of gfp_zone(); -1 unknown */
	char gfp_desc[INC_TEXT_LEN];
	int64_t ram_kb;
};

/* what the watermark check (__zone_watermark_ok, mm/page_alloc.c) would say for one zone */
struct zone_check {
	bool known;		/* free, min and the reserve were all known */
	bool wm_ok;		/* free minus the request stays above min + lowmem_reserve */
	int blocks_known;	/* 1: buddy lists known; 0: unknown */
	bool block_ok;		/* a usable free block of the needed order exists */
	int64_t free_kb, need_kb, reserve_kb, min_kb;
	char blocks[96];	/* "3*8kB (H) 6*32kB (H)": what there was at >= order */
};

static bool gfp_has(const struct dctx *c, uint64_t f)
{
	return c->flags_known && (c->flags & f);
}

static bool gfp_lacks(const struct dctx *c, uint64_t f)
{
	return c->flags_known && !(c->flags & f);
}

static bool is_memcg(const struct dctx *c)
{
	return c->inc->constraint == CONSTRAINT_MEMCG;
}

static void ctx__gfp(struct dctx *c)
{
	struct incident *inc = c->inc;

	if (inc->gfp_flags_known) {
		c->flags = inc->gfp_flags;
		c->flags_known = true;
	} else if (inc->gfp_text[0]) {
		bool all;

		c->flags = gfp__flags_from_text(inc->gfp_text, &all);
		/* names printed by the kernel are authoritative even with a stray hex remainder */
		c->flags_known = strncmp(inc->gfp_text, "0x", 2) != 0;
	}
	/* a bare hex mask means different bits per era: decode it only when the era is known */
	if (!c->flags_known && known(inc->gfp_raw) &&
	    (inc->kernel_version[0] || inc->source != SOURCE_KERNEL_LOG)) {
		c->flags = gfp__to_flags(kernel_names__of_version(inc->kernel_version), (uint64_t)inc->gfp_raw);
		c->flags_known = true;
	}
	/* "0x27000c0(GFP_KERNEL_ACCOUNT|__GFP_NOTRACK)" or just the names or the hex */
	if (known(inc->gfp_raw) && inc->gfp_text[0] && strncmp(inc->gfp_text, "0x", 2))
		snprintf(c->gfp_desc, sizeof(c->gfp_desc), "%#" PRIx64 "(%s)", (uint64_t)inc->gfp_raw,
			 inc->gfp_text);
	else if (known(inc->gfp_raw)) {
		char names[160];

		gfp_flags__format(c->flags, names, sizeof(names));
		snprintf(c->gfp_desc, sizeof(c->gfp_desc), "%#" PRIx64 " (%s)", (uint64_t)inc->gfp_raw, names);
	} else if (inc->gfp_text[0])
		snprintf(c->gfp_desc, sizeof(c->gfp_desc), "%s", inc->gfp_text);
	else if (c->flags_known)
		gfp_flags__format(c->flags, c->gfp_desc, sizeof(c->gfp_desc));
	else
		snprintf(c->gfp_desc, sizeof(c->gfp_desc), "?");
}

static void ctx__zones(struct dctx *c)
{
	struct incident *inc = c->inc;
	const char *a = inc->arch;

	c->layout32 = inc->highmem_layout || strstr(a, "i686") || strstr(a, "i386") ||
		      strstr(a, "i586") || strstr(inc->kernel_version, "i686") ||
		      strstr(inc->kernel_version, "PAE");
	for (int i = 0; i < inc->nr_zones; i++)
		if (strcmp(inc->zones[i].name, "HighMem") == 0)
			c->layout32 = true;

	c->highest_rank = -1;
	if (!c->flags_known)
		return;
	/* gfp_zone(): a modifier naming a zone that is not configured falls back to Normal */
	if (c->flags & GFPF_DMA)
		c->highest_rank = zone__rank("DMA");
	else if ((c->flags & GFPF_DMA32) && !c->layout32)
		c->highest_rank = zone__rank("DMA32");
	else if ((c->flags & (GFPF_HIGHMEM | GFPF_MOVABLE)) == (GFPF_HIGHMEM | GFPF_MOVABLE))
		c->highest_rank = zone__rank("Movable");
	else if ((c->flags & GFPF_HIGHMEM) && c->layout32)
		c->highest_rank = zone__rank("HighMem");
	else
		c->highest_rank = zone__rank("Normal");
}

static void ctx__ram(struct dctx *c)
{
	struct incident *inc = c->inc;
	int64_t sum = 0;

	c->ram_kb = UNKNOWN;
	if (known(inc->mem.ram_pages))
		c->ram_kb = inc->mem.ram_pages * c->page_kb;
	else if (known(inc->mem.mem_total_kb))
		c->ram_kb = inc->mem.mem_total_kb;
	else {
		for (int i = 0; i < inc->nr_zones; i++) {
			const struct inc_zone *z = &inc->zones[i];

			if (known(z->managed_kb))
				sum += z->managed_kb;
			else if (known(z->present_kb))
				sum += z->present_kb;
		}
		if (sum > 0)
			c->ram_kb = sum;
	}
}

static bool zone__eligible(const struct dctx *c, const struct inc_zone *z)
{
	int r = zone__rank(z->name);

	if (r < 0 || c->highest_rank < 0)
		return false;
	/* Movable is above HighMem in zone_type; on 64-bit HighMem does not exist */
	return r <= c->highest_rank;
}

/* index of the allocation's highest zone in this kernel's lowmem_reserve[] array */
static int reserve__index(const struct dctx *c)
{
	static const char *const l64[] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
	static const char *const l32[] = { "DMA", "Normal", "HighMem", "Movable", "Device" };
	const char *const *l = c->layout32 ? l32 : l64;

	if (c->highest_rank < 0)
		return -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(l[i], zone_order[c->highest_rank]) == 0)
			return i;
	return -1;
}

/* migratetype letters a request may take from: U M E always, H for atomic (ALLOC_HARDER), C for movable */
static bool block_letters__usable(const struct dctx *c, const char *letters)
{
	if (!letters[0])
		return true;	/* not printed (old kernels): any block counts */
	for (const char *p = letters; *p; p++) {
		switch (*p) {
		case 'U': case 'M': case 'E': case 'R':
			return true;
		case 'H':
			if (gfp_lacks(c, GFPF_DIRECT_RECLAIM))
				return true;
			break;
		case 'C':
			if (gfp_has(c, GFPF_MOVABLE))
				return true;
			break;
		}
	}
	return false;
}

static void zone__check(const struct dctx *c, const struct inc_zone *z, struct zone_check *zc)
{
	int ri = reserve__index(c);
	int64_t min;

	memset(zc, 0, sizeof(*zc));
	zc->free_kb = z->free_kb;
	zc->min_kb = z->min_kb;
	zc->reserve_kb = 0;
	if (ri >= 0 && ri < z->nr_reserve && known(z->lowmem_reserve[ri]))
		zc->reserve_kb = z->lowmem_reserve[ri] * c->page_kb;
	else if (z->nr_reserve > 0)
		zc->reserve_kb = UNKNOWN;
	if (!known(z->free_kb) || !known(z->min_kb) || !known(zc->reserve_kb))
		return;
	zc->known = true;

	/* __zone_watermark_ok: __GFP_HIGH halves min, atomic requests take a further quarter */
	min = z->min_kb;
	if (gfp_has(c, GFPF_HIGH))
		min -= min / 2;
	if (gfp_lacks(c, GFPF_DIRECT_RECLAIM))
		min -= min / 4;
	zc->need_kb = min + zc->reserve_kb;
	int64_t free_after = z->free_kb - (((int64_t)1 << c->order) - 1) * c->page_kb;

	if (known(z->free_cma_kb) && !gfp_has(c, GFPF_MOVABLE))
		free_after -= z->free_cma_kb;	/* CMA pages serve only movable requests */
	zc->wm_ok = free_after > zc->need_kb;

	if (z->nr_orders <= 0)
		return;
	zc->blocks_known = 1;
	if (c->order == 0) {
		zc->block_ok = true;
		return;
	}
	size_t pos = 0;

	for (int o = (int)c->order; o < z->nr_orders && o < INC_MAX_ORDERS; o++) {
		if (!known(z->free_blocks[o]) || z->free_blocks[o] <= 0)
			continue;
		if (block_letters__usable(c, z->block_types[o]))
			zc->block_ok = true;
		if (pos < sizeof(zc->blocks) - 1)
			pos += snprintf(zc->blocks + pos, sizeof(zc->blocks) - pos, "%s%" PRId64 "*%" PRId64 "kB%s%s%s",
					pos ? " " : "", z->free_blocks[o], (c->page_kb << o),
					z->block_types[o][0] ? " (" : "", z->block_types[o],
					z->block_types[o][0] ? ")" : "");
	}
	if (pos >= sizeof(zc->blocks))
		zc->blocks[sizeof(zc->blocks) - 1] = '\0';
}

static void zone__label(const struct inc_zone *z, char *buf, size_t len)
{
	if (known(z->node))
		snprintf(buf, len, "node %" PRId64 " %s", z->node, z->name);
	else
		snprintf(buf, len, "%s", z->name);
}

/* ---- the rules ---- */

static void verdict(struct dctx *c, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(struct dctx *c, const char *code, const char *fmt, ...)
{
	char ev[sizeof(c->inc->verdicts[0].evidence)];
	va_list ap;

	if (incident__has_verdict(c->inc, code))
		return;
	va_start(ap, fmt);
	vsnprintf(ev, sizeof(ev), fmt, ap);
	va_end(ap);
	incident__add_verdict(c->inc, code, "%s", ev);
}

static void rule_container(struct dctx *c)
{
	struct incident *inc = c->inc;
	char ve[24] = "?", freeb[48] = "";

	if (inc->kind != INCIDENT_CONTAINER_KILL && !known(inc->container.ve_id))
		return;
	if (known(inc->container.ve_id))
		snprintf(ve, sizeof(ve), "%" PRId64, inc->container.ve_id);
	if (known(inc->container.free_pages))
		snprintf(freeb, sizeof(freeb), ", free=%" PRId64 " pages after the last kill", inc->container.free_pages);
	verdict(c, "CONTAINER_LIMIT",
		"OpenVZ/Virtuozzo container ve=%s: its beancounter (UBC) killer killed %d process(es)%s; "
		"the container's limits, not the host's memory, ran out", ve,
		inc->container.nr_kills > 0 ? inc->container.nr_kills : inc->nr_victims, freeb);
}

static void rule_memcg(struct dctx *c)
{
	struct incident *inc = c->inc;
	const struct inc_memcg *m = &inc->memcg;
	const char *cg = inc->memcg_oom[0] ? inc->memcg_oom : (inc->memcg_task[0] ? inc->memcg_task : "?");
	bool at_limit = known(m->usage_kb) && known(m->limit_kb) && m->limit_kb > 0 &&
			m->limit_kb < UNLIMITED_KB && at_least(m->usage_kb, m->limit_kb, 0.97);

	char extra[64] = "";

	if (at_limit) {
		if (known(m->failcnt))
			snprintf(extra, sizeof(extra), ", failcnt %" PRId64, m->failcnt);
		verdict(c, "MEMCG_LIMIT",
			"memory cgroup %s: usage %" PRId64 "kB of limit %" PRId64 "kB%s; the kill was confined to this cgroup",
			cg, m->usage_kb, m->limit_kb, extra);
	} else if (is_memcg(c)) {
		if (known(m->limit_kb) && m->limit_kb < UNLIMITED_KB)
			snprintf(extra, sizeof(extra), ", limit %" PRId64 "kB", m->limit_kb);
		verdict(c, "MEMCG_LIMIT", "the OOM was constrained to memory cgroup %s (CONSTRAINT_MEMCG)%s", cg, extra);
	}

	/* live: a failure preceded only by memcg reclaim is a charge that hit a limit */
	const struct inc_history *h = &inc->history;

	if (!at_limit && !is_memcg(c) && inc->kind == INCIDENT_ALLOC_FAILURE && h->present &&
	    known(h->memcg_reclaims) && h->memcg_reclaims > 0 &&
	    (!known(h->direct_reclaims) || h->direct_reclaims == 0)) {
		const char *tcg = inc->trigger.cgroup[0] ? inc->trigger.cgroup : inc->memcg_task[0] ? inc->memcg_task : "";
		char where[INC_PATH_LEN + 16] = "its memory cgroup";

		if (tcg[0])
			snprintf(where, sizeof(where), "cgroup %s", tcg);
		extra[0] = '\0';
		if (known(h->memcg_reclaim_ns))
			snprintf(extra, sizeof(extra), " (%" PRId64 "us)", h->memcg_reclaim_ns / 1000);
		verdict(c, "MEMCG_LIMIT", "%" PRId64 " memory cgroup reclaim passes%s and no global direct reclaim before the "
			"failure: a charge to %s failed at its limit, not the page allocator",
			h->memcg_reclaims, extra, where);
		return;
	}
	if (!at_limit && !is_memcg(c))
		return;
	/* v1 memory+swap */
	if (known(m->memsw_usage_kb) && known(m->memsw_limit_kb) && m->memsw_limit_kb > 0 &&
	    m->memsw_limit_kb < UNLIMITED_KB && at_least(m->memsw_usage_kb, m->memsw_limit_kb, 0.97)) {
		extra[0] = '\0';
		if (known(m->stat_swap_kb))
			snprintf(extra, sizeof(extra), " (already %" PRId64 "kB in swap)", m->stat_swap_kb);
		verdict(c, "MEMCG_SWAP_LIMIT",
			"memory+swap usage %" PRId64 "kB of limit %" PRId64 "kB%s: the cgroup could not swap out more",
			m->memsw_usage_kb, m->memsw_limit_kb, extra);
		return;
	}
	/* v2 swap.max (or a v1 memsw limit equal to the memory limit) */
	if (known(m->swap_limit_kb) && m->swap_limit_kb >= 0 && m->swap_limit_kb < UNLIMITED_KB) {
		if (m->swap_limit_kb == 0)
			verdict(c, "MEMCG_SWAP_LIMIT", "swap is disabled for this cgroup (swap limit 0kB)");
		else if (known(m->swap_usage_kb) && at_least(m->swap_usage_kb, m->swap_limit_kb, 0.97))
			verdict(c, "MEMCG_SWAP_LIMIT", "cgroup swap usage %" PRId64 "kB of swap limit %" PRId64 "kB",
				m->swap_usage_kb, m->swap_limit_kb);
	}
}

static void rule_swap(struct dctx *c)
{
	struct incident *inc = c->inc;

	if (!known(inc->swap_total_kb))
		return;
	if (inc->swap_total_kb == 0) {
		char anon[48] = "";

		if (known(inc->mem.active_anon) && known(inc->mem.inactive_anon))
			snprintf(anon, sizeof(anon), " (%" PRId64 "kB)",
				 (inc->mem.active_anon + inc->mem.inactive_anon) * c->page_kb);
		verdict(c, "NO_SWAP", "Total swap = 0kB: anonymous memory%s could only stay in RAM", anon);
		return;
	}
	if (known(inc->swap_free_kb) && at_least(inc->swap_total_kb, inc->swap_free_kb, 50.0))
		verdict(c, "SWAP_EXHAUSTED", "Free swap = %" PRId64 "kB of Total swap = %" PRId64 "kB (%.1f%% free)",
			inc->swap_free_kb, inc->swap_total_kb, 100.0 * inc->swap_free_kb / inc->swap_total_kb);
}

static void rule_order(struct dctx *c)
{
	struct incident *inc = c->inc;

	if (!c->order_known || is_memcg(c))
		return;
	if (inc->order >= 1)
		verdict(c, "HIGH_ORDER", "order-%" PRId64 " request: %" PRId64 "kB of physically contiguous memory",
			inc->order, (c->page_kb << inc->order));
	if (inc->order > PAGE_ALLOC_COSTLY_ORDER)
		verdict(c, "COSTLY_ORDER",
			"order-%" PRId64 " > PAGE_ALLOC_COSTLY_ORDER (3): the allocator tries once and gives up; callers "
			"of costly orders normally have a fallback", inc->order);
	else if (gfp_has(c, GFPF_NORETRY))
		verdict(c, "COSTLY_ORDER", "gfp %s has __GFP_NORETRY: the caller asked to fail fast and has a fallback",
			c->gfp_desc);
}

static void rule_gfp(struct dctx *c)
{
	struct incident *inc = c->inc;
	const struct inc_history *h = &inc->history;
	char swapinfo[160] = "";

	if (!c->flags_known)
		return;
	if (known(inc->swap_free_kb) && inc->swap_free_kb > 0)
		snprintf(swapinfo, sizeof(swapinfo), "; swap had %" PRId64 "kB free", inc->swap_free_kb);
	if (h->present && known(h->scanned_anon) && known(h->swapouts)) {
		size_t l = strlen(swapinfo);

		snprintf(swapinfo + l, sizeof(swapinfo) - l, "; reclaim scanned %" PRId64 " anon pages, swapped out %" PRId64,
			 h->scanned_anon, h->swapouts);
	}

	if (!(c->flags & GFPF_DIRECT_RECLAIM)) {
		verdict(c, "ATOMIC", "gfp %s lacks __GFP_DIRECT_RECLAIM%s: the request could not reclaim, swap or compact, "
			"only take free pages above the (lowered) watermark", c->gfp_desc,
			inc->in_interrupt ? " and ran in interrupt context" : "");
		return;
	}
	if (!(c->flags & GFPF_IO))
		verdict(c, "GFP_NOIO", "gfp %s lacks __GFP_IO: reclaim could neither swap out anonymous pages nor "
			"start writeback%s", c->gfp_desc, swapinfo);
	else if (!(c->flags & GFPF_FS))
		verdict(c, "GFP_NOFS", "gfp %s lacks __GFP_FS: reclaim could not write dirty file pages or enter "
			"filesystem shrinkers%s", c->gfp_desc, swapinfo);
}

static void rule_constraint(struct dctx *c)
{
	struct incident *inc = c->inc;

	if (inc->constraint == CONSTRAINT_CPUSET)
		verdict(c, "CPUSET_CONSTRAINT", "CONSTRAINT_CPUSET: cpuset %s allows only nodes %s",
			inc->cpuset[0] ? inc->cpuset : "?", inc->mems_allowed[0] ? inc->mems_allowed : "?");
	else if (inc->constraint == CONSTRAINT_MEMPOLICY)
		verdict(c, "MEMPOLICY_CONSTRAINT", "CONSTRAINT_MEMORY_POLICY: a NUMA memory policy (mbind/set_mempolicy) "
			"restricted the request to nodes %s", inc->mems_allowed[0] ? inc->mems_allowed : "?");
}

/* is node in a "0-1,3" list? */
static bool nodelist__has(const char *list, int64_t node)
{
	const char *p = list;

	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b;

		if (end == p)
			return false;
		b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (node >= a && node <= b)
			return true;
		p = end;
		if (*p == ',')
			p++;
		else
			break;
	}
	return false;
}

static void rule_nodes(struct dctx *c)
{
	struct incident *inc = c->inc;
	int64_t nodes[INC_MAX_ZONES];
	int nr_nodes = 0;

	if (inc->constraint == CONSTRAINT_CPUSET || inc->constraint == CONSTRAINT_MEMPOLICY || is_memcg(c))
		return;
	for (int i = 0; i < inc->nr_zones; i++) {
		bool seen = false;

		if (!known(inc->zones[i].node))
			continue;
		for (int k = 0; k < nr_nodes; k++)
			seen |= nodes[k] == inc->zones[i].node;
		if (!seen)
			nodes[nr_nodes++] = inc->zones[i].node;
	}
	if (nr_nodes < 2 || c->highest_rank < 0)
		return;

	/* per node: could any eligible zone have served the request? */
	int64_t ok_free = 0, bad_free = 0;
	char ok_nodes[64] = "", bad_nodes[64] = "";
	bool outside_allowed = false;

	for (int k = 0; k < nr_nodes; k++) {
		bool node_ok = false;
		int64_t free = 0;

		for (int i = 0; i < inc->nr_zones; i++) {
			const struct inc_zone *z = &inc->zones[i];
			struct zone_check zc;

			if (z->node != nodes[k] || !zone__eligible(c, z))
				continue;
			zone__check(c, z, &zc);
			if (zc.known && zc.wm_ok && (zc.blocks_known ? zc.block_ok : true) &&
			    known(z->high_kb) && z->free_kb > z->high_kb)
				node_ok = true;
			if (known(z->free_kb))
				free += z->free_kb;
		}
		char *dst = node_ok ? ok_nodes : bad_nodes;
		size_t l = strlen(dst);

		snprintf(dst + l, 64 - l, "%s%" PRId64, l ? "," : "", nodes[k]);
		if (node_ok) {
			ok_free += free;
			if (inc->mems_allowed[0] && !nodelist__has(inc->mems_allowed, nodes[k]))
				outside_allowed = true;
		} else {
			bad_free += free;
		}
	}
	if (!ok_nodes[0] || !bad_nodes[0])
		return;
	if (gfp_has(c, GFPF_THISNODE))
		verdict(c, "NODE_RESTRICTED", "gfp has __GFP_THISNODE: node(s) %s were exhausted (%" PRId64 "kB free in "
			"eligible zones) while node(s) %s had %" PRId64 "kB free above the high watermark",
			bad_nodes, bad_free, ok_nodes, ok_free);
	else
		verdict(c, "NODE_RESTRICTED", "node(s) %s were exhausted (%" PRId64 "kB free in eligible zones) while "
			"node(s) %s had %" PRId64 "kB free above the high watermark%s%s: the request was bound to some nodes",
			bad_nodes, bad_free, ok_nodes, ok_free, outside_allowed ? "; mems_allowed=" : "",
			outside_allowed ? inc->mems_allowed : "");
}

/* FRAGMENTATION, ZONE_RESTRICTED and CMA_UNUSABLE: all read the zones */
static void rule_zones(struct dctx *c)
{
	struct incident *inc = c->inc;
	char frag[400] = "", low[300] = "", high[200] = "";
	bool any_eligible = false, any_served = false, any_unknown = false, frag_seen = false;
	int64_t elig_free = 0, inelig_free = 0, cma_free = 0;
	bool inelig_could = false;

	if (c->highest_rank < 0 || inc->nr_zones == 0 || is_memcg(c) || !c->order_known)
		return;
	for (int i = 0; i < inc->nr_zones; i++) {
		const struct inc_zone *z = &inc->zones[i];
		struct zone_check zc;
		char label[40];
		size_t l;

		zone__check(c, z, &zc);
		zone__label(z, label, sizeof(label));
		if (!zone__eligible(c, z)) {
			if (zc.known && known(z->high_kb) && z->free_kb > z->high_kb &&
			    (zc.blocks_known ? zc.block_ok : c->order == 0)) {
				inelig_could = true;
				inelig_free += z->free_kb;
				l = strlen(high);
				snprintf(high + l, sizeof(high) - l, "%s%s free %" PRId64 "kB (high %" PRId64 "kB)",
					 l ? ", " : "", label, z->free_kb, z->high_kb);
			}
			continue;
		}
		any_eligible = true;
		if (!zc.known) {
			any_unknown = true;
			continue;
		}
		elig_free += z->free_kb;
		if (known(z->free_cma_kb))
			cma_free += z->free_cma_kb;
		if (zc.wm_ok && zc.blocks_known && zc.block_ok)
			any_served = true;
		if (zc.wm_ok && !zc.blocks_known)
			any_unknown = true;	/* passes the watermark; blocks unknown: cannot judge */
		l = strlen(low);
		snprintf(low + l, sizeof(low) - l, "%s%s free %" PRId64 "kB vs min %" PRId64 "kB + reserve %" PRId64 "kB",
			 l ? "; " : "", label, z->free_kb, z->min_kb, zc.reserve_kb);
		if (c->order >= 1 && zc.wm_ok && zc.blocks_known && !zc.block_ok) {
			frag_seen = true;
			l = strlen(frag);
			snprintf(frag + l, sizeof(frag) - l,
				 "%s%s free %" PRId64 "kB above min %" PRId64 "kB + reserve %" PRId64 "kB but no usable free block of "
				 "%" PRId64 "kB or more%s%s%s", l ? "; " : "", label, z->free_kb, z->min_kb, zc.reserve_kb,
				 c->page_kb << c->order, zc.blocks[0] ? " (only " : "", zc.blocks,
				 zc.blocks[0] ? ", reserved for other migratetypes)" : "");
		}
	}
	if (!any_eligible || any_served)
		return;

	if (frag_seen && !any_unknown) {
		const struct inc_history *h = &inc->history;
		char comp[120] = "";

		/* live: what compaction made of it */
		if (h->present && known(h->compact_attempts) && h->compact_attempts > 0)
			snprintf(comp, sizeof(comp), "; compaction ran %" PRId64 " times (%" PRId64 " pages migrated, %" PRId64
				 " failed)", h->compact_attempts, known(h->compact_migrated) ? h->compact_migrated : 0,
				 known(h->compact_failed) ? h->compact_failed : 0);
		verdict(c, "FRAGMENTATION", "%s%s", frag, comp);
	}

	/* eligible zones could not serve it while a zone the gfp may not use could have */
	if (inelig_could && !any_unknown && inelig_free > elig_free)
		verdict(c, "ZONE_RESTRICTED", "gfp %s may use zones up to %s only: %s; while %s",
			c->gfp_desc, zone_order[c->highest_rank], low, high);

	/* CMA: free pages that only movable requests may take */
	if (!gfp_has(c, GFPF_MOVABLE) && c->flags_known && cma_free > 0 && !any_unknown) {
		int64_t need = 0;

		for (int i = 0; i < inc->nr_zones; i++) {
			const struct inc_zone *z = &inc->zones[i];
			struct zone_check zc;

			if (!zone__eligible(c, z))
				continue;
			zone__check(c, z, &zc);
			if (zc.known)
				need += zc.need_kb;
		}
		if (elig_free > need && elig_free - cma_free <= need)
			verdict(c, "CMA_UNUSABLE", "eligible zones had %" PRId64 "kB free, %" PRId64 "kB of it CMA which a "
				"non-movable request (gfp %s) may not use; without CMA %" PRId64 "kB vs %" PRId64 "kB needed",
				elig_free, cma_free, c->gfp_desc, elig_free - cma_free, need);
	}
}

static int64_t mem_kb(const struct dctx *c, int64_t pages)
{
	return known(pages) ? pages * c->page_kb : UNKNOWN;
}

static void rule_memory_users(struct dctx *c)
{
	struct incident *inc = c->inc;
	const struct inc_meminfo *m = &inc->mem;
	int64_t ram = c->ram_kb;

	if (is_memcg(c))
		return;
	/* dump_unreclaimable_slab() condition (mm/oom_kill.c): slab above all LRU pages */
	if (known(m->slab_unreclaimable) && known(m->active_anon) && known(m->inactive_anon) &&
	    known(m->active_file) && known(m->inactive_file)) {
		int64_t lru = m->active_anon + m->inactive_anon + m->active_file + m->inactive_file +
			      (known(m->unevictable) ? m->unevictable : 0) +
			      (known(m->isolated_anon) ? m->isolated_anon : 0) +
			      (known(m->isolated_file) ? m->isolated_file : 0);

		if (m->slab_unreclaimable > lru)
			verdict(c, "UNRECLAIMABLE_SLAB", "slab_unreclaimable %" PRId64 "kB exceeds all LRU pages (%" PRId64 "kB): "
				"kernel objects, not processes, hold the memory", mem_kb(c, m->slab_unreclaimable),
				mem_kb(c, lru));
	}
	if (!known(ram) || ram <= 0)
		return;
	int64_t unev = known(m->unevictable) ? mem_kb(c, m->unevictable) : UNKNOWN;

	if (known(unev) && at_least(unev, ram, 0.25))
		verdict(c, "UNEVICTABLE", "unevictable %" PRId64 "kB (%.0f%% of %" PRId64 "kB RAM): mlocked or otherwise "
			"pinned pages that reclaim may not touch", unev, 100.0 * unev / ram, ram);
	if (known(m->hugetlb_kb) && at_least(m->hugetlb_kb, ram, 0.25)) {
		char hfree[48] = "";

		if (known(m->hugetlb_free_kb))
			snprintf(hfree, sizeof(hfree), ", %" PRId64 "kB of it free", m->hugetlb_free_kb);
		verdict(c, "HUGETLB", "hugetlb pool %" PRId64 "kB (%.0f%% of %" PRId64 "kB RAM)%s is reserved for "
			"hugetlbfs and unavailable to ordinary allocations", m->hugetlb_kb, 100.0 * m->hugetlb_kb / ram, ram,
			hfree);
	}
	if (known(m->shmem) && at_least(mem_kb(c, m->shmem), ram, 0.25)) {
		bool no_swap = known(inc->swap_total_kb) && inc->swap_total_kb == 0;
		bool swap_full = known(inc->swap_free_kb) && known(inc->swap_total_kb) && inc->swap_total_kb > 0 &&
				 at_least(inc->swap_total_kb, inc->swap_free_kb, 50.0);

		verdict(c, "SHMEM", "shmem/tmpfs %" PRId64 "kB (%.0f%% of %" PRId64 "kB RAM)%s: it is freed only by "
			"deleting files or swapping, not by killing its users", mem_kb(c, m->shmem),
			100.0 * mem_kb(c, m->shmem) / ram, ram,
			no_swap ? " with no swap" : swap_full ? " with swap full" : "");
	}
	if (known(m->dirty) && known(m->writeback)) {
		int64_t dw = mem_kb(c, m->dirty + m->writeback);

		if (at_least(dw, ram, 0.10))
			verdict(c, "DIRTY_WRITEBACK", "dirty %" PRId64 "kB + writeback %" PRId64 "kB = %.0f%% of RAM: file "
				"pages that must be written before they can be freed", mem_kb(c, m->dirty),
				mem_kb(c, m->writeback), 100.0 * dw / ram);
	}
}

/* oom_badness(): rss + swap + page tables, plus oom_score_adj * totalpages / 1000 */
static void rule_score_adj(struct dctx *c)
{
	struct incident *inc = c->inc;
	const struct inc_task_row *big = NULL, *vrow = NULL;
	const struct inc_victim *v;

	if (inc->nr_victims < 1 || inc->nr_tasks < 2)
		return;
	v = &inc->victims[0];
	for (int i = 0; i < inc->nr_tasks; i++) {
		const struct inc_task_row *t = &inc->tasks[i];

		if (!known(t->rss_pages))
			continue;
		if (known(v->task.pid) && (t->tgid == v->task.pid || t->pid == v->task.pid) && !vrow)
			vrow = t;
		if (!big || t->rss_pages + (known(t->swapents) ? t->swapents : 0) >
				    big->rss_pages + (known(big->swapents) ? big->swapents : 0))
			big = t;
	}
	if (!vrow || !big || big == vrow || big->tgid == vrow->tgid)
		return;
	int64_t vsize = vrow->rss_pages + (known(vrow->swapents) ? vrow->swapents : 0);
	int64_t bsize = big->rss_pages + (known(big->swapents) ? big->swapents : 0);
	int64_t vadj = known(vrow->oom_score_adj) ? vrow->oom_score_adj : v->task.oom_score_adj;
	int64_t badj = big->oom_score_adj;

	if (bsize <= vsize || !known(vadj) || !known(badj))
		return;
	/* only when the adjustments explain the choice: the bigger task was protected or the victim penalised */
	if (!(badj < vadj))
		return;
	verdict(c, "OOM_SCORE_ADJ",
		"victim %s (pid %" PRId64 ", %" PRId64 "kB rss+swap, oom_score_adj %" PRId64 ") was chosen over the larger "
		"%s (pid %" PRId64 ", %" PRId64 "kB, oom_score_adj %" PRId64 ")%s",
		vrow->name, vrow->tgid, vsize * c->page_kb, vadj, big->name, big->tgid, bsize * c->page_kb, badj,
		badj == -1000 ? ": -1000 makes a task unkillable" : ": adjustments outweighed size");
}

/* verdicts print most explanatory first: causes, then conditions, then notes */
static const char *const verdict_order[] = {
	"CONTAINER_LIMIT", "MEMCG_LIMIT", "MEMCG_SWAP_LIMIT", "ZONE_RESTRICTED", "FRAGMENTATION", "CMA_UNUSABLE",
	"CPUSET_CONSTRAINT", "MEMPOLICY_CONSTRAINT", "NODE_RESTRICTED", "SWAP_EXHAUSTED", "NO_SWAP",
	"UNRECLAIMABLE_SLAB", "HUGETLB", "SHMEM", "UNEVICTABLE", "DIRTY_WRITEBACK", "ATOMIC", "GFP_NOIO",
	"GFP_NOFS", "HIGH_ORDER", "COSTLY_ORDER", "OOM_SCORE_ADJ",
};

static int verdict__rank(const char *code)
{
	for (int i = 0; i < (int)(sizeof(verdict_order) / sizeof(verdict_order[0])); i++)
		if (strcmp(verdict_order[i], code) == 0)
			return i;
	return 1000;
}

/* stable insertion sort of the verdicts this pass added */
static void verdicts__sort(struct incident *inc, int from)
{
	for (int i = from + 1; i < inc->nr_verdicts; i++) {
		struct inc_verdict v = inc->verdicts[i];
		int r = verdict__rank(v.code), j = i;

		while (j > from && verdict__rank(inc->verdicts[j - 1].code) > r) {
			inc->verdicts[j] = inc->verdicts[j - 1];
			j--;
		}
		inc->verdicts[j] = v;
	}
}

void diagnose__incident(struct incident *inc)
{
	struct dctx c = { .inc = inc };
	int first_new = inc->nr_verdicts;

	c.page_kb = inc->page_size >= 1024 ? inc->page_size / 1024 : 4;
	c.order_known = known(inc->order) && inc->order >= 0 && inc->order < INC_MAX_ORDERS;
	c.order = c.order_known ? inc->order : 0;
	ctx__gfp(&c);
	ctx__zones(&c);
	ctx__ram(&c);

	rule_container(&c);
	rule_memcg(&c);
	rule_swap(&c);
	rule_order(&c);
	rule_zones(&c);
	rule_gfp(&c);
	rule_constraint(&c);
	rule_nodes(&c);
	rule_memory_users(&c);
	rule_score_adj(&c);
	verdicts__sort(inc, first_new);
}
