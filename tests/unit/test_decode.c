// SPDX-License-Identifier: GPL-2.0
/*
 * decode: names from this kernel's BTF must be the names this kernel's own
 * tracepoints print (tracefs format files, /proc/pagetypeinfo, /proc/zoneinfo);
 * the era tables must decode masks printed by old kernels as those kernels did.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "decode.h"

static const char *tracefs;
static bool mounted_here;

static void tracefs__open(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	struct stat st;

	for (size_t i = 0; i < 2; i++) {
		char p[128];

		snprintf(p, sizeof(p), "%s/events", dirs[i]);
		if (stat(p, &st) == 0) {
			tracefs = dirs[i];
			return;
		}
	}
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0) {
		tracefs = "/sys/kernel/tracing";
		mounted_here = true;
	}
}

static char *file__read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
			if (!buf) {
				fclose(f);
				return NULL;
			}
		}
		r = fread(buf + len, 1, 4096, f);
		len += r;
	} while (r > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static char *event_format(const char *event)
{
	char p[256];

	if (!tracefs)
		return NULL;
	snprintf(p, sizeof(p), "%s/events/%s/format", tracefs, event);
	return file__read(p);
}

/*
 * Walk a __print_flags table: entries '{( unsigned long)EXPR, "NAME"}'.
 * EXPR is built of '(1UL))) << (N)' terms; value = OR of the terms when the
 * expression has no '~' (TRANSHUGE masks subtract bits: skipped).
 */
struct flag_entry {
	char name[64];
	unsigned long long value;
	int nr_terms;
	bool simple;
};

static int print_flags__parse(const char *fmt, struct flag_entry *out, int max)
{
	const char *p = strstr(fmt, "__print_flags(");
	int n = 0;

	if (!p)
		return 0;
	while (n < max && (p = strstr(p, "{( unsigned long)"))) {
		const char *q = strstr(p, "), \"");
		struct flag_entry *e = &out[n];

		if (!q)
			break;
		const char *name = q + 4, *end = strchr(name, '"');

		if (!end)
			break;
		snprintf(e->name, sizeof(e->name), "%.*s", (int)(end - name), name);
		e->value = 0;
		e->nr_terms = 0;
		e->simple = true;
		for (const char *t = p; t < q; t++) {
			if (*t == '~')
				e->simple = false;
			if (strncmp(t, "<< (", 4) == 0) {
				e->value |= 1ULL << atoi(t + 4);
				e->nr_terms++;
			}
		}
		/* "(( gfp_t)0)" terms and duplicated bits are harmless to the OR */
		n++;
		p = end;
	}
	return n;
}

static void test_gfp_names_match_tracefs(const struct kernel_names *n)
{
	char *fmt = event_format("kmem/mm_page_alloc");
	struct flag_entry e[96];
	int nr, singles = 0, singles_ok = 0, comps = 0, comps_ok = 0;

	if (!fmt) {
		printf("skip - gfp names vs tracefs: no tracefs format for kmem/mm_page_alloc\n");
		return;
	}
	nr = print_flags__parse(fmt, e, 96);
	CHECK(nr > 20, "tracefs gfp table parsed", "only %d entries", nr);
	for (int i = 0; i < nr; i++) {
		char got[256];

		if (strncmp(e[i].name, "__GFP_", 6) == 0 && e[i].nr_terms == 1) {
			int bit = __builtin_ctzll(e[i].value);

			singles++;
			if (strcmp(n->gfp_bit[bit], e[i].name) == 0)
				singles_ok++;
			else
				printf("# bit %d: btf \"%s\", tracefs \"%s\"\n", bit, n->gfp_bit[bit], e[i].name);
		} else if (strncmp(e[i].name, "GFP_", 4) == 0 && e[i].simple) {
			/* a composite must decode to its own name, as %pGg prints it */
			comps++;
			gfp__format(n, e[i].value, got, sizeof(got));
			if (strcmp(got, e[i].name) == 0)
				comps_ok++;
			else
				printf("# composite 0x%llx: tracefs \"%s\", decode \"%s\"\n",
				       e[i].value, e[i].name, got);
		}
	}
	CHECK(singles > 15 && singles == singles_ok, "btf gfp bit names == tracefs __GFP_* names",
	      "%d of %d match", singles_ok, singles);
	CHECK(comps > 5 && comps == comps_ok, "composite gfp names == tracefs GFP_* names",
	      "%d of %d match", comps_ok, comps);
	/* every named bit in BTF appears in the kernel's table */
	int extra = 0;

	for (int b = 0; b < NAMES_MAX_GFP_BITS; b++) {
		bool found = false;

		if (!n->gfp_bit[b][0])
			continue;
		for (int i = 0; i < nr; i++)
			if (e[i].nr_terms == 1 && e[i].value == (1ULL << b) && strcmp(e[i].name, n->gfp_bit[b]) == 0)
				found = true;
		if (!found) {
			extra++;
			printf("# btf bit %d \"%s\" not in tracefs table\n", b, n->gfp_bit[b]);
		}
	}
	CHECK_INT(extra, 0, "no btf gfp bit missing from tracefs");
	free(fmt);
}

/* __print_symbolic(REC->status, {1, "skipped"}, ...) */
static int print_symbolic__check(const char *fmt, const char *field,
				 const char *(*name_of)(const struct kernel_names *, int),
				 const struct kernel_names *n, int *total)
{
	char key[64];
	const char *p;
	int ok = 0;

	*total = 0;
	snprintf(key, sizeof(key), "__print_symbolic(REC->%s,", field);
	p = strstr(fmt, key);
	if (!p)
		return -1;
	p += strlen(key);
	while (*p && *p != ')') {
		int v;
		char name[64];

		p = strchr(p, '{');
		if (!p)
			break;
		if (sscanf(p, "{%d, \"%63[^\"]\"}", &v, name) != 2)
			break;
		(*total)++;
		if (strcmp(name_of(n, v), name) == 0)
			ok++;
		else
			printf("# %s %d: tracefs \"%s\", decode \"%s\"\n", field, v, name, name_of(n, v));
		p = strchr(p, '}');
		if (!p)
			break;
		p++;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return ok;
}

static void test_compaction_names_match_tracefs(const struct kernel_names *n)
{
	char *fmt = event_format("compaction/mm_compaction_end");
	int total, ok;

	if (!fmt) {
		printf("skip - compact_result names vs tracefs: no compaction/mm_compaction_end\n");
	} else {
		ok = print_symbolic__check(fmt, "status", compact_result__name, n, &total);
		CHECK(total >= 5 && ok == total, "btf compact_result names == mm_compaction_end status names",
		      "%d of %d", ok, total);
		free(fmt);
	}
	fmt = event_format("oom/compact_retry");
	if (!fmt) {
		printf("skip - compact_priority names vs tracefs: no oom/compact_retry\n");
		return;
	}
	ok = print_symbolic__check(fmt, "priority", compact_priority__name, n, &total);
	CHECK(total >= 3 && ok == total, "btf compact_priority names == compact_retry priority names",
	      "%d of %d", ok, total);
	free(fmt);
}

/* /proc/pagetypeinfo: "Node    0, zone   Normal, type    Unmovable ..." */
static void test_migratetypes_match_pagetypeinfo(const struct kernel_names *n)
{
	char *txt = file__read("/proc/pagetypeinfo");
	int seen = 0, ok = 0;

	if (!txt) {
		printf("skip - migratetype names vs /proc/pagetypeinfo: cannot read it\n");
		return;
	}
	for (char *p = txt; (p = strstr(p, ", type ")); p++) {
		char name[32];
		bool found = false;

		if (sscanf(p + 7, " %31s", name) != 1)
			continue;
		seen++;
		for (int i = 0; i < n->nr_migratetypes; i++)
			if (strcmp(migratetype__name(n, i), name) == 0)
				found = true;
		ok += found;
		if (!found)
			printf("# pagetypeinfo type \"%s\" not among btf migratetypes\n", name);
	}
	CHECK(seen > 0 && ok == seen, "btf migratetype names cover /proc/pagetypeinfo",
	      "%d of %d", ok, seen);
	free(txt);
}

/* /proc/zoneinfo: "Node 0, zone   Normal" */
static void test_zones_match_zoneinfo(const struct kernel_names *n)
{
	char *txt = file__read("/proc/zoneinfo");
	int seen = 0, ok = 0;

	if (!txt) {
		printf("skip - zone names vs /proc/zoneinfo: cannot read it\n");
		return;
	}
	for (char *p = txt; (p = strstr(p, ", zone ")); p++) {
		char name[32];
		bool found = false;

		if (sscanf(p + 7, " %31s", name) != 1)
			continue;
		seen++;
		for (int i = 0; i < n->nr_zones; i++)
			if (strcmp(zone__name(n, i), name) == 0)
				found = true;
		ok += found;
	}
	CHECK(seen > 0 && ok == seen, "btf zone names cover /proc/zoneinfo", "%d of %d", ok, seen);
	free(txt);
}

static void check_format(const char *rel, unsigned long long raw, const char *want, const char *name)
{
	struct kernel_names n;
	char got[256];

	kernel_names__for_version(&n, rel);
	gfp__format(&n, raw, got, sizeof(got));
	CHECK_STR(got, want, name);
}

static void test_eras(void)
{
	struct kernel_names n;
	uint64_t f;
	bool all;

	check_format("2.6.30", 0x201da, "GFP_HIGHUSER_MOVABLE|__GFP_COLD", "2.6.30 0x201da");
	check_format("2.6.34.1", 0x20, "GFP_ATOMIC", "2.6.34 0x20 = GFP_ATOMIC");
	check_format("3.13.0-43-generic", 0xd0, "GFP_KERNEL", "3.13 0xd0 = GFP_KERNEL");
	check_format("3.13.0-27-generic", 0x280da, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO", "3.13 0x280da");
	check_format("4.7.10-100.fc23.i686+PAE", 0x27000c0, "GFP_KERNEL_ACCOUNT|__GFP_NOTRACK", "4.7 0x27000c0");
	check_format("4.4.0-rc6-next-20151222", 0x27000c0, "GFP_KERNEL_ACCOUNT|__GFP_NOTRACK", "4.4-next 0x27000c0");
	check_format("4.4.0", 0x27000c0, "GFP_KERNEL|__GFP_NOACCOUNT|__GFP_NOTRACK", "4.4 0x27000c0 (NOACCOUNT era)");
	check_format("4.8.0-gentoo", 0x24000c0, "GFP_KERNEL", "4.8 0x24000c0 = GFP_KERNEL");
	check_format("4.13.0", 0x14000c0, "GFP_KERNEL", "4.13 0x14000c0 = GFP_KERNEL");
	check_format("4.19.0", 0x6200ca, "GFP_HIGHUSER_MOVABLE", "4.19 0x6200ca");
	check_format("5.8.16", 0x100cca, "GFP_HIGHUSER_MOVABLE", "5.8 0x100cca");
	check_format("5.10.0", 0xcc0, "GFP_KERNEL", "5.10 0xcc0 = GFP_KERNEL");
	check_format("5.10.0", 0xa20, "GFP_ATOMIC", "5.10 0xa20 = GFP_ATOMIC");
	check_format("6.6.0", 0x820, "GFP_ATOMIC", "6.6 0x820 = GFP_ATOMIC");
	check_format("6.6.0", 0x400dc0, "GFP_KERNEL_ACCOUNT|__GFP_ZERO", "6.6 0x400dc0");
	check_format("6.6.0", 0xc40, "GFP_NOFS", "6.6 0xc40 = GFP_NOFS");
	check_format("6.6.0", 0x8c40, "GFP_NOFS|__GFP_NOFAIL", "6.6 GFP_NOFS|__GFP_NOFAIL");
	check_format("6.6.0", 0x80000000, "0x80000000", "unnamed bit printed as hex");

	/* BTF without the GFP enum (before 6.10): the era table decides composites */
	{
		char got[128];

		kernel_names__for_version(&n, "5.4.0");
		snprintf(n.source, sizeof(n.source), "btf,table:5.4.0");
		gfp__format(&n, 0xa20, got, sizeof(got));
		CHECK_STR(got, "GFP_ATOMIC", "btf+5.4 table: 0xa20 = GFP_ATOMIC (with __GFP_ATOMIC)");
	}

	/* flags mean the same whatever the era */
	kernel_names__for_version(&n, "2.6.34");
	f = gfp__to_flags(&n, 0x20);
	CHECK(f == GFPF_HIGH, "2.6.34 0x20 flags: HIGH only", "0x%llx", (unsigned long long)f);
	kernel_names__for_version(&n, "3.13.0");
	f = gfp__to_flags(&n, 0xd0);
	CHECK(f == (GFPF_DIRECT_RECLAIM | GFPF_IO | GFPF_FS), "3.13 0xd0 flags: WAIT(direct)|IO|FS",
	      "0x%llx", (unsigned long long)f);
	kernel_names__for_version(&n, "4.7.10-100.fc23.i686+PAE");
	f = gfp__to_flags(&n, 0x27000c0);
	CHECK(f == (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_ACCOUNT | GFPF_NOTRACK),
	      "4.7 0x27000c0 flags", "0x%llx", (unsigned long long)f);
	CHECK_STR(zone__name(&n, 2), "HighMem", "i686 zone 2 is HighMem");
	CHECK_INT(gfp__highest_zone(&n, f), 1, "4.7 i686 GFP_KERNEL_ACCOUNT highest zone = Normal (1)");
	CHECK_INT(gfp__highest_zone(&n, GFPF_HIGHMEM | GFPF_MOVABLE), 3, "i686 HIGHUSER_MOVABLE -> Movable");
	CHECK_INT(gfp__highest_zone(&n, GFPF_HIGHMEM), 2, "i686 __GFP_HIGHMEM -> HighMem");
	kernel_names__for_version(&n, "5.10.0");
	CHECK_INT(gfp__highest_zone(&n, GFPF_HIGHMEM), 2, "x86_64 __GFP_HIGHMEM -> Normal (2)");
	CHECK_INT(gfp__highest_zone(&n, GFPF_DMA32), 1, "x86_64 __GFP_DMA32 -> DMA32");
	CHECK_INT(gfp__highest_zone(&n, GFPF_DMA), 0, "x86_64 __GFP_DMA -> DMA");
	CHECK_INT(gfp__highest_zone(&n, GFPF_MOVABLE), 2, "x86_64 __GFP_MOVABLE alone -> Normal");
	CHECK_STR(migratetype__name(&n, 1), "Movable", "5.10 migratetype 1 Movable");
	kernel_names__for_version(&n, "3.13.0");
	CHECK_STR(migratetype__name(&n, 1), "Reclaimable", "3.13 migratetype 1 Reclaimable");

	/* parsing names any era printed */
	f = gfp__flags_from_text("GFP_KERNEL_ACCOUNT|__GFP_NOTRACK|0x100000", &all);
	CHECK(f == (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_ACCOUNT |
		    GFPF_NOTRACK | GFPF_UNKNOWN_BITS) && !all,
	      "parse GFP_KERNEL_ACCOUNT|__GFP_NOTRACK|0x100000", "0x%llx all=%d", (unsigned long long)f, all);
	f = gfp__flags_from_text("GFP_HIGHUSER_MOVABLE|__GFP_ZERO", &all);
	CHECK(f == (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_FS | GFPF_HARDWALL |
		    GFPF_HIGHMEM | GFPF_MOVABLE | GFPF_ZERO) && all,
	      "parse GFP_HIGHUSER_MOVABLE|__GFP_ZERO", "0x%llx all=%d", (unsigned long long)f, all);
	f = gfp__flags_from_text("GFP_NOFS|__GFP_NOFAIL", &all);
	CHECK(f == (GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_NOFAIL) && all,
	      "parse GFP_NOFS|__GFP_NOFAIL", "0x%llx", (unsigned long long)f);
	CHECK(!(f & GFPF_FS), "GFP_NOFS lacks FS", "0x%llx", (unsigned long long)f);
	f = gfp__flags_from_text("GFP_KERNEL|GFP_NOTRACK|0x100000", &all);
	CHECK((f & GFPF_NOTRACK) && (f & GFPF_FS) && !all, "parse 4.4-rc GFP_KERNEL|GFP_NOTRACK|0x100000",
	      "0x%llx", (unsigned long long)f);
	f = gfp__flags_from_text("GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP", &all);
	CHECK(!(f & GFPF_DIRECT_RECLAIM) && (f & GFPF_HIGH) && (f & GFPF_NOWARN) && all,
	      "parse GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP", "0x%llx", (unsigned long long)f);
	f = gfp__flags_from_text("bogus_name", &all);
	CHECK(!all && (f & GFPF_UNKNOWN_BITS), "unknown name is flagged", "all=%d", all);

	char buf[128];

	gfp_flags__format(GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM | GFPF_IO | GFPF_NOFAIL, buf, sizeof(buf));
	CHECK_STR(buf, "GFP_NOFS|__GFP_NOFAIL", "gfp_flags__format GFP_NOFS|__GFP_NOFAIL");
	/* truncation never overflows and stays terminated */
	kernel_names__for_version(&n, "6.6.0");
	size_t need = gfp__format(&n, 0x400dc0, buf, 8);
	CHECK(strlen(buf) == 7 && need > 7, "gfp__format truncates safely", "len %zu need %zu", strlen(buf), need);
}

/* The kept tables are the built ones, whatever the order the versions come
 * in: more versions than the cache holds, repeats, and a release too long to
 * be kept. */
static void test_names_kept(void)
{
	static const char *const rels[] = {
		"2.6.30", "6.6.0", "4.7.10-100.fc23.i686+PAE", "", "3.13.0-43-generic", "6.6.0", "2.6.30",
		"5.10.0-aarch64-a-release-name-longer-than-any-cache-key-would-ever-hold-0123456789",
		"4.19.0", "", "4.7.10-100.fc23.i686+PAE", "4.19.0",
	};
	struct kernel_names built;
	int same = 0, kept_twice = 0;

	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
			const struct kernel_names *kept = kernel_names__of_version(rels[i]);

			kernel_names__for_version(&built, rels[i]);
			same += !memcmp(kept, &built, sizeof(built));
			kept_twice += kept == kernel_names__of_version(rels[i]);
		}
	CHECK(same == 3 * 12, "kept name tables equal the built ones", "%d of 36", same);
	CHECK(kept_twice == 3 * 12, "a version asked again gets the kept table", "%d of 36", kept_twice);
	kernel_names__for_version(&built, NULL);
	CHECK(!memcmp(kernel_names__of_version(NULL), &built, sizeof(built)), "NULL release kept like \"\"", "differs");
}

int main(void)
{
	struct kernel_names n;
	int err;

	test_eras();
	test_names_kept();

	err = kernel_names__from_btf(&n, NULL);
	if (err) {
		printf("skip - names from BTF: no vmlinux BTF (%d)\n", err);
		CHECK_DONE();
	}
	CHECK_STR(n.source, "btf", "names from running kernel BTF");
	tracefs__open();
	test_gfp_names_match_tracefs(&n);
	test_compaction_names_match_tracefs(&n);
	test_migratetypes_match_pagetypeinfo(&n);
	test_zones_match_zoneinfo(&n);
	if (mounted_here)
		umount("/sys/kernel/tracing");
	CHECK_DONE();
}
