// SPDX-License-Identifier: GPL-2.0
/*
 * The memory part of a report: Mem-Info counters, per-zone lines (also when a
 * mail client wrapped them), lowmem_reserve, buddy lists, hugepages, the
 * per-node lines of 4.8+, and the "N pages RAM" style summary.
 */
#include <stddef.h>
#include <string.h>

#include "logparse_int.h"
#include "logparse_scan.h"

#define MEMF(f) offsetof(struct inc_meminfo, f)
#define ZONEF(f) offsetof(struct inc_zone, f)

struct lp_key {
	const char *name;
	size_t len;
	size_t off;
};

/* Mem-Info counters (pages); the first letter is matched case-blind ("Active_anon" on 2.6) */
static const struct lp_key mem_keys[] = {
	{ "active_anon", 11, MEMF(active_anon) }, { "inactive_anon", 13, MEMF(inactive_anon) },
	{ "isolated_anon", 13, MEMF(isolated_anon) }, { "active_file", 11, MEMF(active_file) },
	{ "inactive_file", 13, MEMF(inactive_file) }, { "isolated_file", 13, MEMF(isolated_file) },
	{ "unevictable", 11, MEMF(unevictable) }, { "dirty", 5, MEMF(dirty) },
	{ "writeback", 9, MEMF(writeback) }, { "slab_reclaimable", 16, MEMF(slab_reclaimable) },
	{ "slab_unreclaimable", 18, MEMF(slab_unreclaimable) }, { "mapped", 6, MEMF(mapped) },
	{ "shmem", 5, MEMF(shmem) }, { "pagetables", 10, MEMF(pagetables) }, { "bounce", 6, MEMF(bounce) },
	{ "free", 4, MEMF(free) }, { "free_pcp", 8, MEMF(free_pcp) }, { "free_cma", 8, MEMF(free_cma) },
	{ NULL, 0, 0 },
};

/* per-zone figures (kB) */
static const struct lp_key zone_keys[] = {
	{ "free", 4, ZONEF(free_kb) }, { "min", 3, ZONEF(min_kb) }, { "low", 3, ZONEF(low_kb) },
	{ "high", 4, ZONEF(high_kb) }, { "present", 7, ZONEF(present_kb) },
	{ "managed", 7, ZONEF(managed_kb) }, { "free_cma", 8, ZONEF(free_cma_kb) },
	{ "active_anon", 11, ZONEF(active_anon_kb) }, { "inactive_anon", 13, ZONEF(inactive_anon_kb) },
	{ "active_file", 11, ZONEF(active_file_kb) }, { "inactive_file", 13, ZONEF(inactive_file_kb) },
	{ "unevictable", 11, ZONEF(unevictable_kb) }, { "mlocked", 7, ZONEF(mlocked_kb) },
	{ "slab_unreclaimable", 18, ZONEF(slab_unreclaimable_kb) },
	{ NULL, 0, 0 },
};

/*
 * "key:123 key2:45kB all_unreclaimable? no" -> fields of obj by table.
 * Returns how many tokens matched a key; *unrecl gets the all_unreclaimable answer.
 */
static int parse_kv(const char *s, const char *e, const struct lp_key *keys, void *obj,
		    int *unrecl)
{
	int hits = 0;

	while ((s = sc_ws(s, e)) < e) {
		const char *te = sc_tok_end(s, e);
		const char *colon = memchr(s, ':', te - s);

		if (sc_pre(s, te, "all_unreclaimable?")) {
			const char *v = sc_ws(te, e);

			if (unrecl)
				*unrecl = sc_pre(v, e, "yes") ? 1 : sc_pre(v, e, "no") ? 0 : -1;
			hits++;
			s = sc_tok_end(v, e);
			continue;
		}
		if (colon && colon + 1 < te) {
			const char *v = colon + 1;
			int64_t num;
			size_t klen = colon - s;

			if (sc_int(&v, te, &num)) {
				for (const struct lp_key *k = keys; k->name; k++) {
					if (k->len == klen && sc_lower(s[0]) == k->name[0] &&
					    !memcmp(s + 1, k->name + 1, klen - 1)) {
						*(int64_t *)(void *)((char *)obj + k->off) = num;
						hits++;
						break;
					}
				}
			}
		}
		s = te;
	}
	return hits;
}

/* "word:123..." — the shape of a counter token */
static bool kv_token(const char *s, const char *e)
{
	const char *te = sc_tok_end(s, e);
	const char *c = memchr(s, ':', te - s);

	if (sc_pre(s, te, "all_unreclaimable?"))
		return true;
	if (!c || c == s || c + 1 >= te || !sc_digit(c[1]))
		return false;
	for (const char *q = s; q < c; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
		      sc_digit(*q) || *q == '(' || *q == ')'))
			return false;
	return true;
}

/* "N*4kB (UME) N*8kB ... = NkB", possibly continued on the next line */
static void buddy_tokens(struct lp_stream *st, struct inc_zone *z, const char *s, const char *e)
{
	while ((s = sc_ws(s, e)) < e) {
		const char *te = sc_tok_end(s, e);
		const char *q = s;
		int64_t n;

		if (*s == '=')
			break;
		if (*s == '(' && z->nr_orders > 0) {
			sc_copy(z->block_types[z->nr_orders - 1], sizeof(z->block_types[0]), s + 1,
				te[-1] == ')' ? te - 1 : te);
		} else if (sc_int(&q, te, &n) && q < te && *q == '*' && z->nr_orders < INC_MAX_ORDERS) {
			int64_t kb;

			/* the order-0 block size is the page size (64kB on some arm64/ppc64) */
			q++;
			if (z->nr_orders == 0 && sc_int(&q, te, &kb) && sc_pre(q, te, "kB"))
				st->order0_kb = kb;
			z->free_blocks[z->nr_orders] = n;
			z->block_types[z->nr_orders][0] = '\0';
			z->nr_orders++;
		}
		s = te;
	}
}

static void add_kstack(int64_t *sum, const char *s, const char *e)
{
	int64_t v;

	if (sc_after(s, e, "kernel_stack:", &v))
		*sum = (known(*sum) ? *sum : 0) + v;
}

static bool zone_name_ok(const char *s, const char *e)
{
	if (e <= s || e - s >= 16)
		return false;
	for (; s < e; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || sc_digit(*s)))
			return false;
	return true;
}

/*
 * "[Node N ]ZONE free:...", "[Node N ]ZONE: N*4kB ...", "Node N hugepages_total=...",
 * "Node N active_anon:..." (per-node, 4.8+), "[Node N ]ZONE per-cpu:".
 */
static bool zone_line(struct lp_stream *st, const char *s, const char *e)
{
	struct incident *inc = &st->inc;
	int64_t node = 0;
	const char *name, *ne;
	struct inc_zone *z;

	if (sc_pre(s, e, "Node ")) {
		const char *q = s + 5;

		if (!sc_int(&q, e, &node) || q >= e || *q != ' ')
			return false;
		s = q + 1;
		if (sc_pre(s, e, "hugepages_total=")) {
			int64_t total, freep, size;

			if (sc_after(s, e, "hugepages_total=", &total) &&
			    sc_after(s, e, "hugepages_free=", &freep) &&
			    sc_after(s, e, "hugepages_size=", &size)) {
				if (!known(inc->mem.hugetlb_kb))
					inc->mem.hugetlb_kb = inc->mem.hugetlb_free_kb = 0;
				inc->mem.hugetlb_kb += total * size;
				inc->mem.hugetlb_free_kb += freep * size;
			}
			return true;
		}
		if (kv_token(s, e)) {
			/* per-node counters (4.8+): zone lines carry the figures; keep the verdict */
			const char *u = sc_find(s, e, "all_unreclaimable? ");

			if (u && node >= 0 && node < (int64_t)sizeof(st->node_unrecl))
				st->node_unrecl[node] = sc_pre(u + 19, e, "yes");
			add_kstack(&st->kstack_nodes, s, e);
			return true;
		}
	}
	name = s;
	ne = s;
	while (ne < e && *ne != ' ' && *ne != ':')
		ne++;
	if (!zone_name_ok(name, ne) || ne >= e)
		return false;
	if (sc_pre(ne, e, " per-cpu:"))
		return true;
	if (sc_pre(ne, e, " free:")) {
		char zn[16];

		sc_copy(zn, sizeof(zn), name, ne);
		z = incident__add_zone(inc, node, zn);
		if (!z)
			return true;
		parse_kv(ne, e, zone_keys, z, &z->all_unreclaimable);
		add_kstack(&st->kstack_zones, ne, e);
		st->zone = (int)(z - inc->zones);
		st->sec = SEC_ZONE;
		return true;
	}
	if (*ne == ':' && ne + 2 < e && ne[1] == ' ' && sc_digit(ne[2])) {
		const char *q = ne + 2;
		int64_t n;

		if (!sc_int(&q, e, &n) || q >= e || *q != '*')
			return false;
		char zn[16];

		sc_copy(zn, sizeof(zn), name, ne);
		z = incident__add_zone(inc, node, zn);
		if (!z)
			return true;
		z->nr_orders = 0;
		buddy_tokens(st, z, ne + 1, e);
		st->buddy = (int)(z - inc->zones);
		st->has_buddy = true;
		st->sec = SEC_BUDDY;
		return true;
	}
	return false;
}

/* "N total pagecache pages", "N pages RAM", ... */
static bool count_line(struct lp_stream *st, const char *s, const char *e)
{
	struct inc_meminfo *m = &st->inc.mem;
	const char *q = s;
	int64_t n;

	if (!sc_int(&q, e, &n) || q >= e || *q != ' ')
		return false;
	q++;
	if (sc_pre(q, e, "total pagecache pages"))
		m->pagecache_pages = n;
	else if (sc_pre(q, e, "pages in swap cache"))
		m->swapcache_pages = n;
	else if (sc_pre(q, e, "pages RAM"))
		m->ram_pages = n;
	else if (sc_pre(q, e, "pages HighMem"))
		m->highmem_pages = n;
	else if (sc_pre(q, e, "pages reserved"))
		m->reserved_pages = n;
	else if (!sc_pre(q, e, "pages "))
		return false;
	return true;
}

bool lp_mem__kv_line(const char *s, const char *e)
{
	return kv_token(s, e);
}

bool lp_mem__counters(struct lp_stream *st, const char *s, const char *e)
{
	return parse_kv(s, e, mem_keys, &st->inc.mem, NULL) > 0;
}

/* The rest of a wrapped zone line: "inactive_anon:4kB active_file:5704kB ..." */
bool lp_mem__zone_more(struct lp_stream *st, const char *s, const char *e)
{
	struct inc_zone *z;

	if (st->zone < 0 || !kv_token(s, e))
		return false;
	z = &st->inc.zones[st->zone];
	parse_kv(s, e, zone_keys, z, &z->all_unreclaimable);
	add_kstack(&st->kstack_zones, s, e);
	return true;
}

/* The rest of a wrapped buddy line: "0*2048kB 0*4096kB = 1564kB", "(UME) 3*8kB ..." */
bool lp_mem__buddy_more(struct lp_stream *st, const char *s, const char *e)
{
	const char *q = s;
	int64_t n;

	if (st->buddy < 0)
		return false;
	if (!(*s == '=' || (*s == '(' && memchr(s, ')', e - s)) ||
	      (sc_int(&q, e, &n) && q < e && *q == '*')))
		return false;
	buddy_tokens(st, &st->inc.zones[st->buddy], s, e);
	return true;
}

/* "lowmem_reserve[]: 0 1714 1714 1714" belongs to the zone line before it. */
void lp_mem__lowmem_reserve(struct lp_stream *st, const char *s, const char *e)
{
	struct inc_zone *z;
	int64_t v;

	if (st->zone < 0)
		return;
	z = &st->inc.zones[st->zone];
	z->nr_reserve = 0;
	while ((s = sc_ws(s, e)) < e && z->nr_reserve < INC_MAX_RESERVE && sc_int(&s, e, &v))
		z->lowmem_reserve[z->nr_reserve++] = v;
}

bool lp_mem__zone_line(struct lp_stream *st, const char *s, const char *e)
{
	return zone_line(st, s, e);
}

bool lp_mem__count_line(struct lp_stream *st, const char *s, const char *e)
{
	return count_line(st, s, e);
}
