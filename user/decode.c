// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel numbers to names (see decode.h).
 *
 * Two sources of names: the BTF of a kernel (exact, for the kernel we run on
 * or a capture recorded on one), and tables by kernel era for reports printed
 * by kernels we never saw. The GFP bit layout changed five times since 2.6
 * (include/linux/gfp.h): 4.4 (Mel Gorman's __GFP_RECLAIM rework), 4.10
 * (__GFP_OTHER_NODE gone), 4.18 (stranded COLD/NOTRACK bits refilled), 5.1
 * (flags reshuffled so GFP_KERNEL is 0xcc0), 6.3 (__GFP_ATOMIC gone).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <bpf/btf.h>

#include "decode.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* kernel version as one comparable number */
#define KV(a, b, c) (((a) << 16) | ((b) << 8) | (c))
#define KV_LATEST KV(99, 0, 0)	/* names from BTF or a capture: a current kernel */
#define KV_END KV(255, 0, 0)	/* open end of a definition's version range */

/* ---- GFP names <-> kernel-independent flags ---- */

static const struct {
	const char *name;
	uint64_t flag;
} gfp_names[] = {
	{ "__GFP_DMA", GFPF_DMA },
	{ "__GFP_HIGHMEM", GFPF_HIGHMEM },
	{ "__GFP_DMA32", GFPF_DMA32 },
	{ "__GFP_MOVABLE", GFPF_MOVABLE },
	{ "__GFP_RECLAIMABLE", GFPF_RECLAIMABLE },
	{ "__GFP_HIGH", GFPF_HIGH },
	{ "__GFP_IO", GFPF_IO },
	{ "__GFP_FS", GFPF_FS },
	{ "__GFP_ZERO", GFPF_ZERO },
	{ "__GFP_ATOMIC", GFPF_ATOMIC },
	{ "__GFP_DIRECT_RECLAIM", GFPF_DIRECT_RECLAIM },
	{ "__GFP_WAIT", GFPF_DIRECT_RECLAIM },	/* before 4.4 */
	{ "__GFP_KSWAPD_RECLAIM", GFPF_KSWAPD_RECLAIM },
	{ "__GFP_WRITE", GFPF_WRITE },
	{ "__GFP_NOWARN", GFPF_NOWARN },
	{ "__GFP_RETRY_MAYFAIL", GFPF_RETRY_MAYFAIL },
	{ "__GFP_REPEAT", GFPF_RETRY_MAYFAIL },	/* before 4.13 */
	{ "__GFP_NOFAIL", GFPF_NOFAIL },
	{ "__GFP_NORETRY", GFPF_NORETRY },
	{ "__GFP_MEMALLOC", GFPF_MEMALLOC },
	{ "__GFP_COMP", GFPF_COMP },
	{ "__GFP_NOMEMALLOC", GFPF_NOMEMALLOC },
	{ "__GFP_HARDWALL", GFPF_HARDWALL },
	{ "__GFP_THISNODE", GFPF_THISNODE },
	{ "__GFP_ACCOUNT", GFPF_ACCOUNT },
	{ "__GFP_COLD", GFPF_COLD },
	{ "__GFP_NOTRACK", GFPF_NOTRACK },
	{ "__GFP_ZEROTAGS", GFPF_ZEROTAGS },
	{ "__GFP_SKIP_KASAN", GFPF_SKIP_KASAN },
	{ "__GFP_SKIP_KASAN_POISON", GFPF_SKIP_KASAN },
	{ "__GFP_SKIP_KASAN_UNPOISON", GFPF_SKIP_KASAN },
	{ "__GFP_NOLOCKDEP", GFPF_NOLOCKDEP },
	{ "__GFP_NO_OBJ_EXT", GFPF_NO_OBJ_EXT },
	/* bits with no lasting meaning: named, but no GFPF flag */
	{ "__GFP_NO_KSWAPD", 0 },
	{ "__GFP_OTHER_NODE", 0 },
	{ "__GFP_KMEMCG", 0 },
	{ "__GFP_NOACCOUNT", 0 },
	{ "__GFP_SKIP_ZERO", 0 },
};

static bool gfp_name__lookup(const char *name, uint64_t *flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++)
		if (strcmp(gfp_names[i].name, name) == 0) {
			*flag = gfp_names[i].flag;
			return true;
		}
	return false;
}

/*
 * Composite names in the order the kernel's gfp flag table (show_gfp_flags,
 * include/trace/events/mmflags.h) tries them: a composite prints when all its
 * bits are set, and its bits are then consumed. Each composite is a list of
 * bit names, resolved through the kernel_names in use, so one list serves
 * every era; versions bound the definitions that changed.
 */
struct composite {
	const char *name;
	int from, to;		/* kernel versions [from, to) where this definition holds */
	const char *bits[12];
};

#define RECLAIM "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"
static const struct composite composites[] = {
	/* 4.8+: GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM */
	{ "GFP_TRANSHUGE", KV(4, 8, 0), KV_END,
	  { "__GFP_DIRECT_RECLAIM", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM",
	    "__GFP_MOVABLE", "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_NOWARN" } },
	{ "GFP_TRANSHUGE", KV(4, 4, 0), KV(4, 8, 0),
	  { "__GFP_DIRECT_RECLAIM", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM",
	    "__GFP_MOVABLE", "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_NORETRY", "__GFP_NOWARN" } },
	{ "GFP_TRANSHUGE", KV(2, 6, 38), KV(4, 4, 0),
	  { "__GFP_WAIT", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM",
	    "__GFP_MOVABLE", "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_NORETRY", "__GFP_NOWARN",
	    "__GFP_NO_KSWAPD" } },
	{ "GFP_TRANSHUGE_LIGHT", KV(4, 8, 0), KV_END,
	  { "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM", "__GFP_MOVABLE",
	    "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_NOWARN" } },
	{ "GFP_HIGHUSER_MOVABLE", KV(4, 4, 0), KV_END,
	  { RECLAIM, "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM", "__GFP_MOVABLE" } },
	{ "GFP_HIGHUSER_MOVABLE", 0, KV(4, 4, 0),
	  { "__GFP_WAIT", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM", "__GFP_MOVABLE" } },
	{ "GFP_HIGHUSER", KV(4, 4, 0), KV_END,
	  { RECLAIM, "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM" } },
	{ "GFP_HIGHUSER", 0, KV(4, 4, 0),
	  { "__GFP_WAIT", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL", "__GFP_HIGHMEM" } },
	{ "GFP_USER", KV(4, 4, 0), KV_END, { RECLAIM, "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL" } },
	{ "GFP_USER", 0, KV(4, 4, 0), { "__GFP_WAIT", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL" } },
	{ "GFP_KERNEL_ACCOUNT", KV(4, 5, 0), KV_END, { RECLAIM, "__GFP_IO", "__GFP_FS", "__GFP_ACCOUNT" } },
	{ "GFP_KERNEL", KV(4, 4, 0), KV_END, { RECLAIM, "__GFP_IO", "__GFP_FS" } },
	{ "GFP_KERNEL", 0, KV(4, 4, 0), { "__GFP_WAIT", "__GFP_IO", "__GFP_FS" } },
	{ "GFP_NOFS", KV(4, 4, 0), KV_END, { RECLAIM, "__GFP_IO" } },
	{ "GFP_NOFS", 0, KV(4, 4, 0), { "__GFP_WAIT", "__GFP_IO" } },
	{ "GFP_ATOMIC", KV(6, 3, 0), KV_END, { "__GFP_HIGH", "__GFP_KSWAPD_RECLAIM" } },
	{ "GFP_ATOMIC", KV(4, 4, 0), KV(6, 3, 0), { "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_KSWAPD_RECLAIM" } },
	{ "GFP_ATOMIC", 0, KV(4, 4, 0), { "__GFP_HIGH" } },
	{ "GFP_NOIO", KV(4, 4, 0), KV_END, { RECLAIM } },
	{ "GFP_NOIO", 0, KV(4, 4, 0), { "__GFP_WAIT" } },
	/* GFP_NOWAIT gained __GFP_NOWARN in 6.18 */
	{ "GFP_NOWAIT", KV(6, 18, 0), KV_END, { "__GFP_KSWAPD_RECLAIM", "__GFP_NOWARN" } },
	{ "GFP_NOWAIT", KV(4, 10, 0), KV(6, 18, 0), { "__GFP_KSWAPD_RECLAIM" } },
	{ "GFP_DMA", KV(4, 10, 0), KV_END, { "__GFP_DMA" } },
	{ "GFP_DMA32", KV(4, 10, 0), KV_END, { "__GFP_DMA32" } },
	{ "__GFP_RECLAIM", KV(4, 4, 0), KV_END, { RECLAIM } },
};

/* Composite names the parser understands beyond those above (printed by some era). */
static const struct {
	const char *name;
	uint64_t flags;
} extra_composites[] = {
	{ "GFP_TEMPORARY", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_RECLAIMABLE },
	{ "GFP_NOTRACK", GFPF_NOTRACK },	/* 4.4-rc printed __GFP_NOTRACK so */
	{ "GFP_IOFS", GFPF_IO | GFPF_FS },
	{ "GFP_THISNODE", GFPF_THISNODE | GFPF_NOWARN | GFPF_NORETRY },
	{ "GFP_NOWAIT", GFPF_KSWAPD_RECLAIM },
};

/* ---- era tables ---- */

static const char *const gfp_bits_2_6[32] = {	/* 2.6.x .. 4.3 */
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_WAIT", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_RECLAIMABLE",
	"", "__GFP_NOTRACK", "__GFP_NO_KSWAPD", "__GFP_OTHER_NODE",
	"__GFP_WRITE",
};

static const char *const gfp_bits_4_4[32] = {	/* 4.4 .. 4.9 */
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ATOMIC",
	"__GFP_ACCOUNT", "__GFP_NOTRACK", "__GFP_DIRECT_RECLAIM", "__GFP_OTHER_NODE",
	"__GFP_WRITE", "__GFP_KSWAPD_RECLAIM",
};

static const char *const gfp_bits_4_10[32] = {	/* 4.10 .. 4.17 */
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_COLD", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ATOMIC",
	"__GFP_ACCOUNT", "__GFP_NOTRACK", "__GFP_DIRECT_RECLAIM", "__GFP_WRITE",
	"__GFP_KSWAPD_RECLAIM", "__GFP_NOLOCKDEP",
};

static const char *const gfp_bits_4_18[32] = {	/* 4.18 .. 5.0 */
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_WRITE", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ATOMIC",
	"__GFP_ACCOUNT", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_NOLOCKDEP",
};

static const char *const gfp_bits_5_1[32] = {	/* 5.1 .. today; bit 9 and bits 23+ fixed up below */
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_ZERO", "__GFP_ATOMIC", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM",
	"__GFP_WRITE", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_NOMEMALLOC",
	"__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ACCOUNT", "__GFP_NOLOCKDEP",
};

static void copy_name(char *dst, const char *src)
{
	size_t n = strnlen(src, NAME_LEN - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "4.7.10-100.fc23.i686+PAE" -> KV(4,7,10); linux-next counts as the next release */
static int version__parse(const char *rel)
{
	int a = 0, b = 0, c = 0;

	if (!rel || !*rel || sscanf(rel, "%d.%d.%d", &a, &b, &c) < 2)
		return KV_LATEST;
	if (c > 255)
		c = 255;
	if (strstr(rel, "-next-"))
		return a >= 3 ? KV(a, b + 1, 0) : KV(a, b, c + 1);
	return KV(a, b, c);
}

/* the version a set of names belongs to, from its source tag */
static int names__version(const struct kernel_names *n)
{
	const char *t = strstr(n->source, "table:");

	if (t)
		return version__parse(t + 6);
	return KV_LATEST;	/* btf, capture: a kernel recent enough to have BTF */
}

static bool release__is_32bit_x86(const char *rel)
{
	return rel && (strstr(rel, "i686") || strstr(rel, "i586") || strstr(rel, "i386") ||
		       strstr(rel, "PAE") || strstr(rel, "-686") || strstr(rel, ".686"));
}

static bool release__is_64bit_arm(const char *rel)
{
	return rel && (strstr(rel, "aarch64") || strstr(rel, "arm64"));
}

static void names__set_zones(struct kernel_names *n, const char *const *z, int nr)
{
	for (int i = 0; i < nr && i < NAMES_MAX_ZONES; i++)
		copy_name(n->zone[i], z[i]);
	n->nr_zones = nr;
}

static void names__set_list(char (*dst)[NAME_LEN], int max, const char *const *src, int nr)
{
	for (int i = 0; i < nr && i < max; i++)
		copy_name(dst[i], src[i]);
}

void kernel_names__for_version(struct kernel_names *n, const char *rel)
{
	static const char *const zones_x86_64[] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
	static const char *const zones_x86_32[] = { "DMA", "Normal", "HighMem", "Movable", "Device" };
	static const char *const zones_arm64[] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
	static const char *const mt_old[] = { "Unmovable", "Reclaimable", "Movable", "Reserve", "CMA", "Isolate" };
	static const char *const mt_new[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate" };
	static const char *const cr_old[] = { "deferred", "skipped", "continue", "partial", "complete" };
	static const char *const cr_new[] = { "not_suitable_zone", "skipped", "deferred", "no_suitable_page",
					      "continue", "complete", "partial_skipped", "contended", "success" };
	static const char *const prio[] = { "COMPACT_PRIO_SYNC_FULL", "COMPACT_PRIO_SYNC_LIGHT", "COMPACT_PRIO_ASYNC" };
	const char *const *bits;
	int v = version__parse(rel);

	memset(n, 0, sizeof(*n));
	if (v < KV(4, 4, 0))
		bits = gfp_bits_2_6;
	else if (v < KV(4, 10, 0))
		bits = gfp_bits_4_4;
	else if (v < KV(4, 18, 0))
		bits = gfp_bits_4_10;
	else if (v < KV(5, 1, 0))
		bits = gfp_bits_4_18;
	else
		bits = gfp_bits_5_1;
	for (int i = 0; i < NAMES_MAX_GFP_BITS; i++)
		if (bits[i])
			copy_name(n->gfp_bit[i], bits[i]);

	/* bits that came and went inside an era */
	if (bits == gfp_bits_2_6) {
		if (v < KV(3, 6, 0))
			n->gfp_bit[13][0] = '\0';	/* __GFP_MEMALLOC: 3.6 */
		if (v >= KV(3, 8, 0) && v < KV(3, 15, 0))
			copy_name(n->gfp_bit[20], "__GFP_KMEMCG");
		if (v >= KV(4, 2, 0))
			copy_name(n->gfp_bit[20], "__GFP_NOACCOUNT");
		if (v < KV(2, 6, 31))
			n->gfp_bit[21][0] = '\0';	/* kmemcheck */
		if (v < KV(2, 6, 38)) {
			n->gfp_bit[22][0] = '\0';	/* THP */
			n->gfp_bit[23][0] = '\0';
		}
		if (v < KV(3, 2, 0))
			n->gfp_bit[24][0] = '\0';
	} else if (bits == gfp_bits_4_4) {
		if (v < KV(4, 5, 0))
			copy_name(n->gfp_bit[20], "__GFP_NOACCOUNT");
	} else if (bits == gfp_bits_4_10) {
		if (v < KV(4, 13, 0))
			copy_name(n->gfp_bit[10], "__GFP_REPEAT");
		if (v >= KV(4, 15, 0)) {
			n->gfp_bit[8][0] = '\0';	/* __GFP_COLD removed */
			n->gfp_bit[21][0] = '\0';	/* kmemcheck removed */
		}
		if (v < KV(4, 12, 0))
			n->gfp_bit[25][0] = '\0';
	} else if (bits == gfp_bits_5_1) {
		if (v >= KV(6, 3, 0))
			n->gfp_bit[9][0] = '\0';
		if (v >= KV(5, 12, 0))
			copy_name(n->gfp_bit[23], "__GFP_ZEROTAGS");	/* then config-dependent bits */
		if (v >= KV(6, 10, 0))
			copy_name(n->gfp_bit[24], "__GFP_NO_OBJ_EXT");	/* with CONFIG_SLAB_OBJ_EXT (memcg) */
	}

	if (release__is_32bit_x86(rel))
		names__set_zones(n, zones_x86_32, v >= KV(4, 3, 0) ? 5 : 4);
	else if (release__is_64bit_arm(rel))
		names__set_zones(n, zones_arm64, 5);
	else
		names__set_zones(n, zones_x86_64, v >= KV(4, 3, 0) ? 5 : 4);

	if (v < KV(4, 4, 0)) {
		names__set_list(n->migratetype, NAMES_MAX_MT, mt_old, 6);
		n->nr_migratetypes = 6;
	} else {
		names__set_list(n->migratetype, NAMES_MAX_MT, mt_new, 6);
		n->nr_migratetypes = 6;
	}
	if (v < KV(4, 6, 0))
		names__set_list(n->compact_result, NAMES_MAX_COMPACT, cr_old, 5);
	else
		names__set_list(n->compact_result, NAMES_MAX_COMPACT, cr_new, 9);
	names__set_list(n->compact_priority, 4, prio, 3);

	if (rel && *rel) {
		int a = (v >> 16) & 0xff, b = (v >> 8) & 0xff, c = v & 0xff;

		if (v == KV_LATEST)
			snprintf(n->source, NAME_LEN, "table:latest");
		else
			snprintf(n->source, NAME_LEN, "table:%d.%d.%d", a, b, c);
	} else {
		snprintf(n->source, NAME_LEN, "table:latest");
	}
}

const struct kernel_names *kernel_names__of_version(const char *rel)
{
	static struct {
		char rel[64];
		bool used;
		struct kernel_names names;
	} cache[4];
	static unsigned int next;
	const char *key = rel ? rel : "";

	for (unsigned int i = 0; i < ARRAY_SIZE(cache); i++)
		if (cache[i].used && !strncmp(cache[i].rel, key, sizeof(cache[i].rel)))
			return &cache[i].names;
	/* a release too long to be a key is built every time, in the last slot */
	unsigned int i = strlen(key) < sizeof(cache[0].rel) ? next++ % ARRAY_SIZE(cache) : ARRAY_SIZE(cache) - 1;

	kernel_names__for_version(&cache[i].names, rel);
	cache[i].used = strlen(key) < sizeof(cache[i].rel);
	snprintf(cache[i].rel, sizeof(cache[i].rel), "%s", key);
	return &cache[i].names;
}

/* ---- from BTF ---- */

struct enum_walk {
	const struct btf *btf;
	const struct btf_type *t;
	int vlen;
	bool is64;
};

static bool enum__open(struct enum_walk *w, const struct btf *btf, const struct btf_type *t)
{
	if (!t)
		return false;
	w->btf = btf;
	w->t = t;
	w->vlen = btf_vlen(t);
	w->is64 = btf_is_enum64(t);
	return btf_is_enum(t) || w->is64;
}

static const char *enum__member(const struct enum_walk *w, int i, long long *val)
{
	if (w->is64) {
		const struct btf_enum64 *e = btf_enum64(w->t) + i;

		*val = (long long)btf_enum64_value(e);
		return btf__name_by_offset(w->btf, e->name_off);
	}
	const struct btf_enum *e = btf_enum(w->t) + i;

	*val = e->val;
	return btf__name_by_offset(w->btf, e->name_off);
}

static bool btf__named_enum(const struct btf *btf, const char *name, struct enum_walk *w)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_ENUM);

	if (id < 0)
		id = btf__find_by_name_kind(btf, name, BTF_KIND_ENUM64);
	return id >= 0 && enum__open(w, btf, btf__type_by_id(btf, id));
}

/* What kernel_names__from_btf reads from BTF: these enums, and the anonymous
 * one whose first value is GFP_BITS_FIRST. */
#define ENUM_ZONES "zone_type"
#define ENUM_MIGRATETYPES "migratetype"
#define ENUM_COMPACT_RESULT "compact_result"
#define ENUM_COMPACT_PRIORITY "compact_priority"
#define GFP_BITS_FIRST "___GFP_DMA_BIT"

int kernel_names__btf_wants(int (*want)(const char *name))
{
	static const char *const names[] = { ENUM_ZONES, ENUM_MIGRATETYPES, ENUM_COMPACT_RESULT,
					     ENUM_COMPACT_PRIORITY, GFP_BITS_FIRST };
	int err = 0;

	for (size_t i = 0; i < ARRAY_SIZE(names) && !err; i++)
		err = want(names[i]);
	return err;
}

/* the anonymous enum holding ___GFP_*_BIT (6.10+) */
static bool btf__gfp_bits_enum(const struct btf *btf, struct enum_walk *w)
{
	int nr = btf__type_cnt(btf);

	for (int id = 1; id < nr; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		long long v;

		if (!btf_is_enum(t) || t->name_off || !enum__open(w, btf, t) || w->vlen < 1)
			continue;
		const char *first = enum__member(w, 0, &v);

		if (first && strcmp(first, GFP_BITS_FIRST) == 0)
			return true;
	}
	return false;
}

static const char *const zone_btf_names[][2] = {
	{ "ZONE_DMA", "DMA" }, { "ZONE_DMA32", "DMA32" }, { "ZONE_NORMAL", "Normal" },
	{ "ZONE_HIGHMEM", "HighMem" }, { "ZONE_MOVABLE", "Movable" }, { "ZONE_DEVICE", "Device" },
};

static const char *const mt_btf_names[][2] = {
	{ "MIGRATE_UNMOVABLE", "Unmovable" }, { "MIGRATE_MOVABLE", "Movable" },
	{ "MIGRATE_RECLAIMABLE", "Reclaimable" }, { "MIGRATE_HIGHATOMIC", "HighAtomic" },
	{ "MIGRATE_RESERVE", "Reserve" }, { "MIGRATE_CMA", "CMA" }, { "MIGRATE_ISOLATE", "Isolate" },
};

static const char *pair__lookup(const char *const (*pairs)[2], size_t nr, const char *key)
{
	for (size_t i = 0; i < nr; i++)
		if (strcmp(pairs[i][0], key) == 0)
			return pairs[i][1];
	return NULL;
}

int kernel_names__from_btf(struct kernel_names *n, const struct btf *btf)
{
	struct btf *own = NULL;
	struct enum_walk w;
	long long v;
	int max_zone = -1, max_mt = -1;
	struct utsname u;

	if (!btf) {
		own = btf__load_vmlinux_btf();
		if (!own)
			return errno ? -errno : -ENOENT;
		btf = own;
	}
	/*
	 * Start from a table so anything BTF lacks keeps a sane name: before
	 * 6.10 the GFP bits are #defines, invisible to BTF. For the running
	 * kernel the table of its own version; for another BTF, the latest.
	 */
	kernel_names__for_version(n, own && uname(&u) == 0 ? u.release : NULL);

	bool gfp_from_btf = btf__gfp_bits_enum(btf, &w);

	if (gfp_from_btf) {
		for (int i = 0; i < NAMES_MAX_GFP_BITS; i++)
			n->gfp_bit[i][0] = '\0';
		for (int i = 0; i < w.vlen; i++) {
			const char *name = enum__member(&w, i, &v);
			size_t len;

			if (!name || strncmp(name, "___GFP_", 7) || v < 0 || v >= NAMES_MAX_GFP_BITS)
				continue;
			len = strlen(name);
			if (len < 5 || strcmp(name + len - 4, "_BIT") ||
			    strcmp(name, "___GFP_LAST_BIT") == 0 || strcmp(name, "___GFP_UNUSED_BIT") == 0)
				continue;
			/* ___GFP_IO_BIT -> __GFP_IO */
			snprintf(n->gfp_bit[v], NAME_LEN, "%.*s", (int)(len - 5), name + 1);
		}
	}
	/* else: a kernel before 6.10 keeps its bits in #defines, invisible to BTF: the table stays */

	if (btf__named_enum(btf, ENUM_ZONES, &w)) {
		for (int i = 0; i < NAMES_MAX_ZONES; i++)
			n->zone[i][0] = '\0';
		for (int i = 0; i < w.vlen; i++) {
			const char *name = enum__member(&w, i, &v);
			const char *nice = name ? pair__lookup(zone_btf_names, ARRAY_SIZE(zone_btf_names), name) : NULL;

			if (nice && v >= 0 && v < NAMES_MAX_ZONES) {
				copy_name(n->zone[v], nice);
				if (v > max_zone)
					max_zone = v;
			}
		}
		n->nr_zones = max_zone + 1;
	}

	if (btf__named_enum(btf, ENUM_MIGRATETYPES, &w)) {
		for (int i = 0; i < NAMES_MAX_MT; i++)
			n->migratetype[i][0] = '\0';
		for (int i = 0; i < w.vlen; i++) {
			const char *name = enum__member(&w, i, &v);
			const char *nice = name ? pair__lookup(mt_btf_names, ARRAY_SIZE(mt_btf_names), name) : NULL;

			/* aliases (MIGRATE_PCPTYPES = MIGRATE_HIGHATOMIC) are not in the list */
			if (nice && v >= 0 && v < NAMES_MAX_MT && !n->migratetype[v][0]) {
				copy_name(n->migratetype[v], nice);
				if (v > max_mt)
					max_mt = v;
			}
		}
		n->nr_migratetypes = max_mt + 1;
	}

	if (btf__named_enum(btf, ENUM_COMPACT_RESULT, &w)) {
		for (int i = 0; i < NAMES_MAX_COMPACT; i++)
			n->compact_result[i][0] = '\0';
		for (int i = 0; i < w.vlen; i++) {
			const char *name = enum__member(&w, i, &v);
			char low[NAME_LEN];
			size_t k;

			if (!name || strncmp(name, "COMPACT_", 8) || v < 0 || v >= NAMES_MAX_COMPACT ||
			    n->compact_result[v][0] || strcmp(name, "COMPACT_INACTIVE") == 0)
				continue;
			/* COMPACT_NO_SUITABLE_PAGE -> no_suitable_page, as the tracepoints print it */
			for (k = 0; name[8 + k] && k < NAME_LEN - 1; k++)
				low[k] = tolower((unsigned char)name[8 + k]);
			low[k] = '\0';
			copy_name(n->compact_result[v], low);
		}
	}

	if (btf__named_enum(btf, ENUM_COMPACT_PRIORITY, &w)) {
		for (int i = 0; i < 4; i++)
			n->compact_priority[i][0] = '\0';
		for (int i = 0; i < w.vlen; i++) {
			const char *name = enum__member(&w, i, &v);

			if (name && strncmp(name, "COMPACT_PRIO_", 13) == 0 && v >= 0 && v < 4 &&
			    !n->compact_priority[v][0])
				copy_name(n->compact_priority[v], name);
		}
	}

	/* "btf,table:5.4.0": the GFP layout (and composites) still come from the table */
	if (gfp_from_btf) {
		copy_name(n->source, "btf");
	} else {
		char src[NAME_LEN];

		snprintf(src, sizeof(src), "btf,%s", n->source);
		copy_name(n->source, src);
	}
	btf__free(own);
	return 0;
}

/* ---- decoding ---- */

static int gfp__bit_of(const struct kernel_names *n, const char *name)
{
	for (int i = 0; i < NAMES_MAX_GFP_BITS; i++)
		if (n->gfp_bit[i][0] && strcmp(n->gfp_bit[i], name) == 0)
			return i;
	return -1;
}

uint64_t gfp__to_flags(const struct kernel_names *n, uint64_t raw)
{
	uint64_t flags = 0, f;

	for (int i = 0; i < 64; i++) {
		if (!(raw & (1ULL << i)))
			continue;
		if (i < NAMES_MAX_GFP_BITS && n->gfp_bit[i][0] && gfp_name__lookup(n->gfp_bit[i], &f)) {
			flags |= f;
			continue;
		}
		flags |= GFPF_UNKNOWN_BITS;
	}
	return flags;
}

/* the raw mask of a composite for these names; 0 if a bit is missing or out of era */
static uint64_t composite__mask(const struct kernel_names *n, const struct composite *c, int ver)
{
	uint64_t mask = 0;

	if (ver < c->from || ver >= c->to)
		return 0;
	for (int i = 0; i < (int)ARRAY_SIZE(c->bits) && c->bits[i]; i++) {
		int b = gfp__bit_of(n, c->bits[i]);

		if (b < 0)
			return 0;
		mask |= 1ULL << b;
	}
	return mask;
}

struct strbuf {
	char *buf;
	size_t len, pos;
};

static void sb__put(struct strbuf *sb, const char *s)
{
	for (; *s; s++, sb->pos++)
		if (sb->pos + 1 < sb->len)
			sb->buf[sb->pos] = *s;
	if (sb->len)
		sb->buf[sb->pos < sb->len ? sb->pos : sb->len - 1] = '\0';
}

/* append "|name"; pos keeps counting past the end so callers can see truncation */
static void sb__add(struct strbuf *sb, const char *s)
{
	if (sb->pos)
		sb__put(sb, "|");
	sb__put(sb, s);
}

size_t gfp__format(const struct kernel_names *n, uint64_t raw, char *buf, size_t len)
{
	struct strbuf sb = { buf, len, 0 };
	int ver = names__version(n);
	uint64_t left = raw;
	char hex[24];

	if (len)
		buf[0] = '\0';
	if (!raw) {
		sb__add(&sb, "0");
		return sb.pos;
	}
	for (size_t i = 0; i < ARRAY_SIZE(composites); i++) {
		uint64_t m = composite__mask(n, &composites[i], ver);

		if (m && (left & m) == m) {
			/* the first valid definition of a name wins; later ones are older eras */
			sb__add(&sb, composites[i].name);
			left &= ~m;
		}
	}
	for (int i = 0; i < NAMES_MAX_GFP_BITS; i++)
		if ((left & (1ULL << i)) && n->gfp_bit[i][0]) {
			sb__add(&sb, n->gfp_bit[i]);
			left &= ~(1ULL << i);
		}
	if (left) {
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)left);
		sb__add(&sb, hex);
	}
	return sb.pos;
}

/* GFPF flags of a composite name, from the newest definition (or the extras) */
static bool composite__flags(const char *name, uint64_t *flags)
{
	for (size_t i = 0; i < ARRAY_SIZE(composites); i++) {
		const struct composite *c = &composites[i];
		uint64_t f = 0, one;

		if (strcmp(c->name, name))
			continue;
		for (int k = 0; k < (int)ARRAY_SIZE(c->bits) && c->bits[k]; k++)
			if (gfp_name__lookup(c->bits[k], &one))
				f |= one;
		*flags = f;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(extra_composites); i++)
		if (strcmp(extra_composites[i].name, name) == 0) {
			*flags = extra_composites[i].flags;
			return true;
		}
	return false;
}

uint64_t gfp__flags_from_text(const char *text, bool *all_known)
{
	uint64_t flags = 0;
	bool known_all = true;
	const char *p = text ? text : "";

	while (*p) {
		char tok[64];
		size_t l = strcspn(p, "|");
		uint64_t f;

		if (l >= sizeof(tok))
			l = sizeof(tok) - 1;
		memcpy(tok, p, l);
		tok[l] = '\0';
		p += strcspn(p, "|");
		if (*p == '|')
			p++;
		/* trim spaces and the parentheses of "0x27000c0(GFP_KERNEL...)" */
		char *s = tok, *e;

		while (*s == ' ' || *s == '(')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == ')' || e[-1] == ',' || e[-1] == '\n'))
			*--e = '\0';
		if (!*s || strcmp(s, "none") == 0 || strcmp(s, "0") == 0)
			continue;
		if (strncmp(s, "0x", 2) == 0) {
			known_all = false;	/* a bit the printing kernel could not name */
			flags |= GFPF_UNKNOWN_BITS;
			continue;
		}
		if (gfp_name__lookup(s, &f) || composite__flags(s, &f)) {
			flags |= f;
			continue;
		}
		/* "GFP_NOTRACK" style: a single flag printed without its underscores */
		if (strncmp(s, "GFP_", 4) == 0) {
			char alt[80];

			snprintf(alt, sizeof(alt), "__%s", s);
			if (gfp_name__lookup(alt, &f)) {
				flags |= f;
				continue;
			}
		}
		known_all = false;
		flags |= GFPF_UNKNOWN_BITS;
	}
	if (all_known)
		*all_known = known_all;
	return flags;
}

size_t gfp_flags__format(uint64_t flags, char *buf, size_t len)
{
	/* composites in GFPF terms, newest definitions */
	static const struct {
		const char *name;
		uint64_t f;
	} comp[] = {
		{ "GFP_HIGHUSER_MOVABLE", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS |
					  GFPF_HARDWALL | GFPF_HIGHMEM | GFPF_MOVABLE },
		{ "GFP_HIGHUSER", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS |
				  GFPF_HARDWALL | GFPF_HIGHMEM },
		{ "GFP_USER", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_HARDWALL },
		{ "GFP_KERNEL_ACCOUNT", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_ACCOUNT },
		{ "GFP_KERNEL", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS },
		{ "GFP_NOFS", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO },
		{ "GFP_ATOMIC", GFPF_HIGH | GFPF_KSWAPD_RECLAIM },
		{ "GFP_NOIO", GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM },
		{ "GFP_NOWAIT", GFPF_KSWAPD_RECLAIM },
	};
	struct strbuf sb = { buf, len, 0 };
	uint64_t left = flags & ~GFPF_UNKNOWN_BITS;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(comp); i++)
		if ((left & comp[i].f) == comp[i].f) {
			sb__add(&sb, comp[i].name);
			left &= ~comp[i].f;
		}
	for (int b = 0; b < 63; b++) {
		if (!(left & (1ULL << b)))
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++)
			if (gfp_names[i].flag == (1ULL << b)) {
				sb__add(&sb, gfp_names[i].name);
				break;
			}
	}
	if (flags & GFPF_UNKNOWN_BITS)
		sb__add(&sb, "?");
	if (sb.pos == 0)
		sb__add(&sb, "0");
	return sb.pos;
}

static const char *name_or_unknown(const char *s)
{
	return s && *s ? s : "?";
}

const char *zone__name(const struct kernel_names *n, int idx)
{
	if (!n || idx < 0 || idx >= NAMES_MAX_ZONES || idx >= n->nr_zones)
		return "?";
	return name_or_unknown(n->zone[idx]);
}

const char *migratetype__name(const struct kernel_names *n, int mt)
{
	if (!n || mt < 0 || mt >= NAMES_MAX_MT)
		return "?";
	return name_or_unknown(n->migratetype[mt]);
}

const char *compact_result__name(const struct kernel_names *n, int result)
{
	if (!n || result < 0 || result >= NAMES_MAX_COMPACT)
		return "?";
	return name_or_unknown(n->compact_result[result]);
}

const char *compact_priority__name(const struct kernel_names *n, int prio)
{
	if (!n || prio < 0 || prio >= 4)
		return "?";
	return name_or_unknown(n->compact_priority[prio]);
}

static int zone__index(const struct kernel_names *n, const char *name)
{
	for (int i = 0; i < n->nr_zones && i < NAMES_MAX_ZONES; i++)
		if (strcmp(n->zone[i], name) == 0)
			return i;
	return -1;
}

/*
 * gfp_zone() (include/linux/gfp.h): the zone modifiers pick the highest zone
 * an allocation may use; a modifier whose zone is not configured falls back
 * to ZONE_NORMAL, and __GFP_MOVABLE alone means ZONE_NORMAL.
 */
int gfp__highest_zone(const struct kernel_names *n, uint64_t flags)
{
	const char *want = "Normal";
	int idx;

	if (flags & GFPF_DMA)
		want = "DMA";
	else if (flags & GFPF_DMA32)
		want = "DMA32";
	else if ((flags & (GFPF_HIGHMEM | GFPF_MOVABLE)) == (GFPF_HIGHMEM | GFPF_MOVABLE))
		want = "Movable";
	else if (flags & GFPF_HIGHMEM)
		want = "HighMem";
	idx = zone__index(n, want);
	if (idx < 0 && strcmp(want, "Movable") == 0)
		idx = zone__index(n, "HighMem");
	if (idx < 0)
		idx = zone__index(n, "Normal");
	return idx;
}
