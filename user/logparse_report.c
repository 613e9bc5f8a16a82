// SPDX-License-Identifier: GPL-2.0
/*
 * Section parsers of an OOM / allocation-failure report: header, CPU line,
 * call trace, memcg lines, Mem-Info counters, zones, buddy lists, swap and
 * RAM summary, victim and reaper lines; and what the report says once it is
 * complete (constraint, what was missing, GFP flags, layout).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "logparse_int.h"
#include "logparse_scan.h"

#define MEMF(f) offsetof(struct inc_meminfo, f)
#define ZONEF(f) offsetof(struct inc_zone, f)

/* Headers start with the task's comm (TASK_COMM_LEN 16): where their words can begin. */
#define HEADER_WINDOW 48

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

static bool victim_killed(const struct incident *inc)
{
	return inc->nr_victims && inc->victims[inc->nr_victims - 1].killed;
}

/* A line that belongs to a report but cannot be part of the open one starts a new one. */
static void ensure_open(struct logparse *p, struct lp_stream *st, const struct log_line *ll,
			bool conflict)
{
	if (!st->open || conflict) {
		lp__open(p, st, ll, INCIDENT_OOM_KILL);
		lp__note(&st->inc, "report header not in the log");
	}
}

/* "0x27000c0(GFP_KERNEL|__GFP_NOTRACK)" */
static void parse_gfp(struct incident *inc, const char *v, const char *e)
{
	int64_t raw;

	if (!sc_hex(&v, e, &raw))
		return;
	inc->gfp_raw = raw;
	if (v < e && *v == '(') {
		const char *close = memchr(v, ')', e - v);

		if (close)
			sc_copy(inc->gfp_text, sizeof(inc->gfp_text), v + 1, close);
	}
}

/*
 * Copy the value of "key" up to the next ",otherkey=" or blank: node lists
 * have commas of their own ("mems_allowed=0,2-4", "nodemask=0-2,4").
 */
static void copy_field(char *dst, size_t n, const char *s, const char *e, const char *key)
{
	const char *v = sc_find(s, e, key);
	const char *ve;

	if (!v)
		return;
	v += strlen(key);
	for (ve = v; ve < e && !sc_space(*ve); ve++) {
		if (*ve != ',')
			continue;
		const char *k = ve + 1;

		while (k < e && ((*k >= 'a' && *k <= 'z') || *k == '_'))
			k++;
		/* a word after the comma ("key=", "global_oom") ends the value; digits do not */
		if (k > ve + 1 && (k == e || *k == '=' || *k == ',' || sc_space(*k)))
			break;
	}
	sc_copy(dst, n, v, ve);
}

/* "gfp_mask=0x..(..), order=N, oom_score_adj=N" in any order; also a wrapped header's rest */
static bool header_keys(struct incident *inc, const char *s, const char *e)
{
	const char *g = sc_find(s, e, "gfp_mask=");
	bool any = false;
	int64_t v;

	if (g) {
		parse_gfp(inc, g + 9, e);
		any = true;
	}
	if (sc_after(s, e, "order=", &v)) {
		inc->order = v;
		any = true;
	}
	if (sc_after(s, e, "oom_score_adj=", &v)) {
		inc->trigger.oom_score_adj = v;
		any = true;
	}
	return any;
}

/* "NAME invoked oom-killer: gfp_mask=0x..(..), order=N, oom_score_adj=N" (every era's order) */
static bool header_oom(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	/* the comm before it is at most 15 bytes: look only near the start */
	const char *h = sc_find(s, e - s > HEADER_WINDOW ? s + HEADER_WINDOW : e, "oom-killer:");

	if (!h || !(h == s || (h - s >= 8 && !memcmp(h - 8, "invoked ", 8))))
		return false;
	/* the kernel's words, not a sentence quoting them */
	if (!sc_find(h, e - h > 40 ? h + 40 : e, "gfp_mask=") && !sc_find(h, e - h > 40 ? h + 40 : e, "order="))
		return false;
	lp__open(p, st, ll, INCIDENT_OOM_KILL);
	st->has_header = true;
	st->sec = SEC_HEADER;
	if (h != s)
		sc_copy(st->inc.trigger.comm, sizeof(st->inc.trigger.comm), s, h - 8);
	header_keys(&st->inc, h + strlen("oom-killer:"), e);
	return true;
}

/* "NAME: page allocation failure: order:1, mode:0x20" (". order:" on 2.6) */
static bool header_alloc(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	const char *h = sc_find(s, e - s > HEADER_WINDOW + 12 ? s + HEADER_WINDOW + 12 : e,
				"page allocation failure");
	const char *c;
	int64_t v;

	if (!h || (h != s && (h - s < 2 || h[-1] != ' ' || h[-2] != ':')))
		return false;
	/* "...failure: order:1" / "...failure. order:1" */
	c = h + strlen("page allocation failure");
	if (!sc_pre(c, e, ": order:") && !sc_pre(c, e, ". order:"))
		return false;
	lp__open(p, st, ll, INCIDENT_ALLOC_FAILURE);
	st->has_header = true;
	st->sec = SEC_HEADER;
	c = h;
	while (c > s && (c[-1] == ' ' || c[-1] == ':'))
		c--;
	sc_copy(st->inc.trigger.comm, sizeof(st->inc.trigger.comm), s, c);
	h += strlen("page allocation failure");
	if (sc_after(h, e, "order:", &v))
		st->inc.order = v;
	c = sc_find(h, e, "mode:");
	if (c)
		parse_gfp(&st->inc, c + 5, e);
	copy_field(st->inc.cpuset, sizeof(st->inc.cpuset), h, e, "cpuset=");
	copy_field(st->inc.mems_allowed, sizeof(st->inc.mems_allowed), h, e, "mems_allowed=");
	return true;
}

/* "CPU: 1 PID: 670 Comm: mysqld Not tainted 4.7.10 #1", "Pid: 139, comm: kswapd0 Not tainted 2.6.34.1 #1" */
static void cpu_line(struct lp_stream *st, const char *s, const char *e)
{
	struct incident *inc = &st->inc;
	const char *c, *ce, *m;
	int64_t v;

	if (sc_after(s, e, "PID: ", &v) || sc_after(s, e, "Pid: ", &v))
		inc->trigger.pid = inc->trigger.tid = v;
	if (sc_after(s, e, "UID: ", &v))
		inc->trigger.uid = v;
	c = sc_find(s, e, "Comm: ");
	if (!c)
		c = sc_find(s, e, "comm: ");
	m = sc_find(s, e, "ainted");
	if (c) {
		c += 6;
		ce = m ? m : e;
		const char *k = sc_find(c, ce, " Kdump:");

		if (k)
			ce = k;
		if (m && ce == m)
			ce = (ce - c >= 4 && !memcmp(ce - 5, " Not t", 6)) ? ce - 5 : ce - 1;
		if (!inc->trigger.comm[0])
			sc_copy(inc->trigger.comm, sizeof(inc->trigger.comm), c, ce);
	}
	if (m) {
		/* after the taint letters, the first token starting with a digit */
		const char *q = m + 6;

		st->want_version = true;	/* until found: a wrapped line may carry it */

		for (int i = 0; i < 16 && q < e; i++) {
			q = sc_ws(q, e);
			if (*q == ':') {
				q++;
				continue;
			}
			const char *te = sc_tok_end(q, e);

			if (q < e && sc_digit(*q) && memchr(q, '.', te - q)) {
				sc_copy(inc->kernel_version, sizeof(inc->kernel_version), q, te);
				st->want_version = false;
				break;
			}
			q = te;
		}
	}
}

static bool is_irq_frame(const char *s, const char *e)
{
	static const char *const irq[] = {
		"__do_softirq", "do_softirq", "handle_softirqs", "call_softirq", "irq_exit",
		"irq_exit_rcu", "__irq_exit_rcu", "do_IRQ", "common_interrupt", "net_rx_action",
		"tasklet_action", "run_timer_softirq", "apic_timer_interrupt", NULL,
	};

	for (int i = 0; irq[i]; i++)
		if ((size_t)(e - s) == strlen(irq[i]) && !memcmp(s, irq[i], e - s))
			return true;
	return false;
}

static void stack_add(struct lp_stream *st, bool unreliable, const char *s, const char *e)
{
	struct incident *inc = &st->inc;
	size_t room = sizeof(inc->trigger_stack) - st->stack_len;
	size_t n = e - s;

	if (sc_find(s, e, "mem_cgroup_out_of_memory") || sc_find(s, e, "mem_cgroup_oom"))
		st->memcg_trace = true;
	if (is_irq_frame(s, e))
		inc->in_interrupt = true;
	/* newer traces have no addresses: the entry frames tell the architecture */
	if (sc_pre(s, e, "do_syscall_64") || sc_pre(s, e, "entry_SYSCALL_64"))
		st->seen_64bit_x86 = true;
	else if (sc_pre(s, e, "el0_svc") || sc_pre(s, e, "el0t_64_") || sc_pre(s, e, "el1h_64_") ||
		 sc_pre(s, e, "el0_da"))
		st->seen_arm64 = true;
	if (n + 4 > room)
		return;
	char *d = inc->trigger_stack + st->stack_len;

	if (st->stack_len)
		*d++ = '\n';
	if (unreliable) {
		memcpy(d, "? ", 2);
		d += 2;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	st->stack_len = d + n - inc->trigger_stack;
}

/* One line inside "Call Trace:". False when the trace is over. */
static bool trace_line(struct lp_stream *st, const char *s, const char *e)
{
	bool unreliable = false;

	if (*s == '<') {
		/* <IRQ> </IRQ> <EOI> <TASK> </TASK> <NMI> <SOFTIRQ> */
		if (sc_pre(s, e, "<IRQ>") || sc_pre(s, e, "<SOFTIRQ>") || sc_pre(s, e, "<NMI>"))
			st->inc.in_interrupt = true;
		return memchr(s, '>', e - s) != NULL;
	}
	if (sc_pre(s, e, "[<")) {
		const char *c = memchr(s, ']', e - s);

		if (!c)
			return false;
		int digits = (int)(c - s) - 3;

		st->addr_digits = digits;
		if (digits == 16 && sc_pre(s + 2, e, "ffffffff"))
			st->seen_64bit_x86 = true;
		s = sc_ws(c + 1, e);
		if (s < e && *s == '(') {
			/* ARM: "[<c0013ba8>] (unwind_backtrace+0x0/0xf8) from [<...>] (show_stack+...)" */
			const char *pe = memchr(s, ')', e - s), *plus;

			st->arm_frames = true;
			if (!pe)
				return true;
			plus = memchr(s, '+', pe - s);
			stack_add(st, false, s + 1, plus ? plus : pe);
			return true;
		}
	} else if (*s == '[') {
		/* powerpc: "[c0000000f4e3b9d0] [c000000000e1c8b8] dump_stack+0xb0/0xf0 (unreliable)" */
		while (s < e && *s == '[') {
			const char *q = s + 1;

			while (q < e && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
				q++;
			if (q == s + 1 || q >= e || *q != ']')
				return false;
			s = sc_ws(q + 1, e);
		}
		if (sc_pre(s, e, "(unreliable)"))
			return true;
		e = sc_tok_end(s, e);	/* drop " (unreliable)" */
	} else {
		/* registers and code bytes in newer traces */
		const char *te = sc_tok_end(s, e);

		if (te - s <= 5 && te[-1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] == 'r' && sc_digit(s[1]))))
			return true;
	}
	if (sc_pre(s, e, "? ")) {
		unreliable = true;
		s += 2;
	}
	const char *te = sc_tok_end(s, e);
	const char *plus = memchr(s, '+', te - s);

	if (!plus || !sc_pre(plus, te, "+0x")) {
		/* an inlined frame has no offset: "adjust_va_to_fit_type" alone on its line */
		if (te != e || te - s < 3)
			return false;
		for (const char *c = s; c < te; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || sc_digit(*c) || *c == '_' ||
			      *c == '.'))
				return false;
		plus = te;
	}
	stack_add(st, unreliable, s, plus);
	return true;
}

/* "memory: usage 980kB, limit 980kB, failcnt 4152239" */
static void usage_line(const char *s, const char *e, int64_t *usage, int64_t *limit, int64_t *fail)
{
	int64_t v;

	if (sc_after(s, e, "usage ", &v))
		*usage = v;
	if (sc_after(s, e, "limit ", &v))
		*limit = v;
	if (fail && sc_after(s, e, "failcnt ", &v))
		*fail = v;
}

/* Lines of the memory-cgroup part. */
static bool memcg_line(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	struct incident *inc;
	const char *k;

	if (sc_pre(s, e, "Task in ")) {
		/* "Task in /a killed as a result of limit of /b" (<= 4.19) */
		k = sc_find(s, e, " killed as a result of limit of ");
		if (!k)
			return false;
		ensure_open(p, st, ll, victim_killed(&st->inc) || st->inc.memcg_oom[0]);
		inc = &st->inc;
		sc_copy(inc->memcg_task, sizeof(inc->memcg_task), s + 8, k);
		sc_copy(inc->memcg_oom, sizeof(inc->memcg_oom), k + 32, e);
		inc->constraint = CONSTRAINT_MEMCG;
		st->memcg_seen = true;
		st->sec = SEC_MEMCG;
		return true;
	}
	if (!st->open)
		return false;
	inc = &st->inc;
	if (sc_pre(s, e, "memory: usage ")) {
		usage_line(s, e, &inc->memcg.usage_kb, &inc->memcg.limit_kb, &inc->memcg.failcnt);
	} else if (sc_pre(s, e, "memory+swap: usage ")) {
		usage_line(s, e, &inc->memcg.memsw_usage_kb, &inc->memcg.memsw_limit_kb,
			   &inc->memcg.memsw_failcnt);
		inc->memcg.version = 1;
	} else if (sc_pre(s, e, "kmem: usage ")) {
		usage_line(s, e, &inc->memcg.kmem_usage_kb, &inc->memcg.kmem_limit_kb,
			   &inc->memcg.kmem_failcnt);
		inc->memcg.version = 1;
	} else if (sc_pre(s, e, "swap: usage ")) {
		usage_line(s, e, &inc->memcg.swap_usage_kb, &inc->memcg.swap_limit_kb, NULL);
		inc->memcg.version = 2;
	} else if (sc_pre(s, e, "Memory cgroup stats for ")) {
		/* v1: one line "cache:0KB rss:980KB ... swap:..KB"; v2: "anon N" lines follow */
		const char *c = sc_find(s, e, ": ");
		int64_t v;

		if (c) {
			if (sc_after(c, e, " rss:", &v))
				inc->memcg.stat_anon_kb = v;
			if (sc_after(c, e, " cache:", &v))
				inc->memcg.stat_file_kb = v;
			if (sc_after(c, e, " shmem:", &v))
				inc->memcg.stat_shmem_kb = v;
			if (sc_after(c, e, " swap:", &v))
				inc->memcg.stat_swap_kb = v;
			if (sc_after(c, e, " unevictable:", &v))
				inc->memcg.stat_unevictable_kb = v;
		}
	} else if (st->sec == SEC_MEMCG && s < e && *s >= 'a' && *s <= 'z') {
		/* v2 memory.stat lines, bytes: "anon 1234" */
		const char *te = sc_tok_end(s, e), *v = sc_ws(te, e);
		int64_t num;

		if (!sc_int(&v, e, &num) || v != e)
			return false;
		num /= 1024;
		if (te - s == 4 && !memcmp(s, "anon", 4))
			inc->memcg.stat_anon_kb = num;
		else if (te - s == 4 && !memcmp(s, "file", 4))
			inc->memcg.stat_file_kb = num;
		else if (te - s == 5 && !memcmp(s, "shmem", 5))
			inc->memcg.stat_shmem_kb = num;
		else if (te - s == 11 && !memcmp(s, "unevictable", 11))
			inc->memcg.stat_unevictable_kb = num;
		if (!inc->memcg.version)
			inc->memcg.version = 2;
		return true;
	} else {
		return false;
	}
	st->memcg_seen = true;
	st->sec = SEC_MEMCG;
	return true;
}

/* "N*4kB (UME) N*8kB ... = NkB", possibly continued on the next line */
static void buddy_tokens(struct inc_zone *z, const char *s, const char *e)
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
		buddy_tokens(z, ne + 1, e);
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

static struct inc_victim *victim_for(struct logparse *p, struct lp_stream *st,
				     const struct log_line *ll, int64_t pid, bool kill)
{
	struct inc_victim *v;

	ensure_open(p, st, ll, false);
	if (st->inc.nr_victims) {
		v = &st->inc.victims[st->inc.nr_victims - 1];
		if (!v->killed) {
			if (kill && known(v->task.pid) && v->task.pid != pid) {
				lp__note(&st->inc, "selected pid %lld, killed its child %lld",
					 (long long)v->task.pid, (long long)pid);
				v->task.comm[0] = '\0';
				v->task.pid = pid;
			}
			return v;
		}
		if (v->task.pid == pid)
			return v;	/* the same kill told twice */
		/* one kill per report: this is the next report, its header not logged */
		ensure_open(p, st, ll, true);
	}
	if (st->inc.nr_victims >= LOGPARSE_MAX_VICTIMS)
		return NULL;
	v = incident__add_victim(&st->inc);
	if (v)
		v->task.pid = pid;
	return v;
}

/* "1234 (comm) ..." -> pid, comm; returns what follows the comm */
static const char *pid_comm(const char *s, const char *e, int64_t *pid, char *comm, size_t n)
{
	const char *q = sc_ws(s, e), *c;

	if (!sc_int(&q, e, pid))
		return NULL;
	q = sc_ws(q, e);
	/* 2.6.18: "Killed process 2345, UID 0, (java)." */
	if (q < e && *q == ',' && (c = memchr(q, '(', e - q)) && c - q < 24)
		q = c;
	if (q >= e || *q != '(')
		return q;
	for (c = q + 1; c < e; c++)
		if (*c == ')' && (c + 1 == e || c[1] == ' ' || c[1] == ',' || c[1] == '.'))
			break;
	sc_copy(comm, n, q + 1, c);
	return c < e ? c + 1 : e;
}

static void kill_fields(struct inc_victim *v, const char *s, const char *e)
{
	int64_t x;

	if (sc_after(s, e, "total-vm:", &x) || sc_after(s, e, "vsz:", &x))
		v->total_vm_kb = x;
	if (sc_after(s, e, "anon-rss:", &x))
		v->anon_rss_kb = x;
	if (sc_after(s, e, "file-rss:", &x))
		v->file_rss_kb = x;
	if (sc_after(s, e, "shmem-rss:", &x))
		v->shmem_rss_kb = x;
	if (sc_after(s, e, "UID:", &x) || sc_after(s, e, "UID ", &x))
		v->task.uid = x;
	if (sc_after(s, e, "pgtables:", &x))
		v->pgtables_kb = x;
	if (sc_after(s, e, "oom_score_adj:", &x))
		v->task.oom_score_adj = x;
}

/* "Kill process N (c) score S or sacrifice child" / "Killed process N (c) total-vm:..." */
static bool kill_phrase(struct logparse *p, struct lp_stream *st, const struct log_line *ll,
			const char *s, const char *e)
{
	struct inc_victim *v;
	char comm[INC_COMM_LEN] = "";
	int64_t pid, x;
	bool killed;

	s = sc_ws(s, e);
	if (sc_prei(s, e, "Killed process "))
		killed = true, s += 15;
	else if (sc_prei(s, e, "Kill process "))
		killed = false, s += 13;
	else
		return false;
	const char *rest = pid_comm(s, e, &pid, comm, sizeof(comm));

	if (!rest)
		return false;
	if (!killed && sc_find(rest, e, "sharing same memory")) {
		/* another process using the victim's mm: killed along with it */
		if (st->open && st->inc.nr_victims < LOGPARSE_MAX_VICTIMS &&
		    (v = incident__add_victim(&st->inc))) {
			v->task.pid = pid;
			snprintf(v->task.comm, sizeof(v->task.comm), "%s", comm);
			v->killed = true;
		}
		return true;
	}
	v = victim_for(p, st, ll, pid, killed);
	if (!v)
		return true;
	if (comm[0])
		snprintf(v->task.comm, sizeof(v->task.comm), "%s", comm);
	if (!killed && sc_after(rest, e, "score ", &x))
		v->score = x;
	if (killed) {
		v->killed = true;
		kill_fields(v, s, e);
	}
	st->sec = SEC_KILL;
	return true;
}

/* "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,...,task=x,pid=N,uid=N" (4.19+) */
static void oom_kill_line(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text + 9, *e = ll->end;
	struct incident *inc;
	struct inc_victim *v;
	char c[32] = "";
	int64_t pid = UNKNOWN, x;

	if (sc_after(s, e, ",pid=", &x))
		pid = x;
	if (st->open && victim_killed(&st->inc) && st->inc.victims[st->inc.nr_victims - 1].task.pid != pid)
		ensure_open(p, st, ll, true);
	v = victim_for(p, st, ll, pid, false);
	inc = &st->inc;
	copy_field(c, sizeof(c), s - 1, e, ":constraint=");
	if (!strcmp(c, "CONSTRAINT_NONE"))
		inc->constraint = CONSTRAINT_GLOBAL;
	else if (!strcmp(c, "CONSTRAINT_CPUSET"))
		inc->constraint = CONSTRAINT_CPUSET;
	else if (!strcmp(c, "CONSTRAINT_MEMORY_POLICY"))
		inc->constraint = CONSTRAINT_MEMPOLICY;
	else if (!strcmp(c, "CONSTRAINT_MEMCG"))
		inc->constraint = CONSTRAINT_MEMCG;
	copy_field(inc->cpuset, sizeof(inc->cpuset), s, e, "cpuset=");
	copy_field(inc->mems_allowed, sizeof(inc->mems_allowed), s, e, "mems_allowed=");
	copy_field(inc->memcg_oom, sizeof(inc->memcg_oom), s, e, "oom_memcg=");
	copy_field(inc->memcg_task, sizeof(inc->memcg_task), s, e, "task_memcg=");
	if (inc->memcg_oom[0])
		st->memcg_seen = true;
	if (!v)
		return;
	copy_field(v->task.comm, sizeof(v->task.comm), s, e, ",task=");
	copy_field(v->task.cgroup, sizeof(v->task.cgroup), s, e, "task_memcg=");
	if (sc_after(s, e, ",uid=", &x))
		v->task.uid = x;
	st->sec = SEC_KILL;
}

/* "oom_reaper: reaped process N (c), now anon-rss:0kB, ..." / "unable to reap pid:N" */
static bool reaper_line(struct lp_stream *st, const char *s, const char *e)
{
	int64_t pid, x;
	char comm[INC_COMM_LEN];
	bool reaped = sc_pre(s, e, "oom_reaper: reaped process ");

	if (!st->open)
		return false;
	if (reaped) {
		if (!pid_comm(s + 27, e, &pid, comm, sizeof(comm)))
			return true;
	} else if (!sc_after(s, e, "pid:", &pid)) {
		return true;
	}
	for (int i = st->inc.nr_victims - 1; i >= 0; i--) {
		struct inc_victim *v = &st->inc.victims[i];

		if (v->task.pid != pid)
			continue;
		if (reaped) {
			v->reaped = true;
			if (sc_after(s, e, "anon-rss:", &x))
				v->reaped_anon_kb = x;
		} else {
			v->reap_skipped = true;
		}
		break;
	}
	return true;
}

/* Lines that may open a report on their own (headers and kill lines). */
static bool strong_line(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;

	switch (*s) {
	case 'O':
		if (sc_prei(s, e, "Out of memory")) {
			const char *c = memchr(s, ':', e - s);

			if (!c)
				return false;
			if (sc_find(c, e, "no killable processes")) {
				ensure_open(p, st, ll, victim_killed(&st->inc));
				lp__note(&st->inc, "no killable processes: the kernel panicked");
				return true;
			}
			if (!kill_phrase(p, st, ll, c + 1, e))
				return false;
			if (sc_find(s, c, "oom_kill_allocating_task"))
				lp__note(&st->inc, "oom_kill_allocating_task: the allocating task was killed");
			if (!st->memcg_seen)
				st->global_hint = true;
			return true;
		}
		return false;
	case 'M':
		if (sc_pre(s, e, "Memory cgroup out of memory:")) {
			if (!kill_phrase(p, st, ll, s + 28, e))
				return false;
			st->memcg_seen = true;
			st->inc.constraint = CONSTRAINT_MEMCG;
			return true;
		}
		if (sc_pre(s, e, "Mem-Info:") || sc_pre(s, e, "Mem-info:")) {
			ensure_open(p, st, ll, st->has_meminfo || victim_killed(&st->inc));
			st->has_meminfo = true;
			st->sec = SEC_MEMINFO;
			/* rsyslog may have joined the counters onto this line */
			if (e - s > 9)
				st->mem_counters |= parse_kv(s + 9, e, mem_keys, &st->inc.mem, NULL) > 0;
			return true;
		}
		return false;
	case 'K':
		if (sc_pre(s, e, "Kernel panic - not syncing: ")) {
			if (!st->open || !(sc_find(s, e, "Out of memory") || sc_find(s, e, "deadlocked on memory")))
				return false;
			lp__note(&st->inc, "the kernel panicked (panic_on_oom or no victim)");
			return true;
		}
		return kill_phrase(p, st, ll, s, e);
	case 'T':
		return sc_pre(s, e, "Task in ") && memcg_line(p, st, ll);
	case 'o':
		if (sc_pre(s, e, "oom-kill:")) {
			oom_kill_line(p, st, ll);
			return true;
		}
		if (sc_pre(s, e, "oom_reaper: "))
			return reaper_line(st, s, e);
		return false;
	}
	return false;
}

/* The rest of a wrapped header or CPU line: "oom_score_adj=0", "4.7.10-100.fc23.i686+PAE #1" */
static bool inc_wrapped_header(struct lp_stream *st, const char *s, const char *e)
{
	struct incident *inc = &st->inc;
	const char *te = sc_tok_end(s, e);

	if ((sc_pre(s, e, "gfp_mask=") || sc_pre(s, e, "order=") || sc_pre(s, e, "oom_score_adj=") ||
	     sc_pre(s, e, "oom_adj=")) && header_keys(inc, s, e))
		return true;
	if (sc_pre(s, e, "mode:") && inc->kind == INCIDENT_ALLOC_FAILURE && !known(inc->gfp_raw)) {
		parse_gfp(inc, s + 5, e);
		copy_field(inc->cpuset, sizeof(inc->cpuset), s, e, "cpuset=");
		copy_field(inc->mems_allowed, sizeof(inc->mems_allowed), s, e, "mems_allowed=");
		return true;
	}
	if (sc_pre(s, e, "nodemask=") || sc_pre(s, e, "cpuset=")) {
		copy_field(inc->cpuset, sizeof(inc->cpuset), s, e, "cpuset=");
		copy_field(inc->mems_allowed, sizeof(inc->mems_allowed), s, e, "mems_allowed=");
		return true;
	}
	if (st->want_version && sc_digit(*s) && memchr(s, '.', te - s)) {
		sc_copy(inc->kernel_version, sizeof(inc->kernel_version), s, te);
		st->want_version = false;
		return true;
	}
	return false;
}

/* "file-rss:4896kB, shmem-rss:0kB" left over from a wrapped kill line */
static bool kill_wrapped(struct inc_victim *v, const char *s, const char *e)
{
	const char *te = sc_tok_end(s, e);

	if (!sc_find(s, te, "-rss:") && !sc_pre(s, e, "total-vm:") && !sc_pre(s, e, "UID:") &&
	    !sc_pre(s, e, "pgtables:") && !sc_pre(s, e, "oom_score_adj:"))
		return false;
	kill_fields(v, s, e);
	return true;
}

bool lp_report__line(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;

	if (s >= e)
		return false;
	if (header_oom(p, st, ll) || header_alloc(p, st, ll))
		return true;
	if (strong_line(p, st, ll))
		return true;
	if (!st->open)
		return false;

	struct incident *inc = &st->inc;

	/* continuations of lines a mail client wrapped at ~80 columns */
	if (st->sec == SEC_ZONE && st->zone >= 0 && kv_token(s, e)) {
		struct inc_zone *z = &inc->zones[st->zone];

		parse_kv(s, e, zone_keys, z, &z->all_unreclaimable);
		add_kstack(&st->kstack_zones, s, e);
		return true;
	}
	if (st->sec == SEC_BUDDY && st->buddy >= 0 && (sc_digit(*s) || *s == '=' || *s == '(')) {
		const char *q = s;
		int64_t n;

		if (*s == '=' || (*s == '(' && memchr(s, ')', e - s)) ||
		    (sc_int(&q, e, &n) && q < e && *q == '*')) {
			buddy_tokens(&inc->zones[st->buddy], s, e);
			return true;
		}
	}
	if (st->sec == SEC_TRACE) {
		if (trace_line(st, s, e))
			return true;
		st->sec = SEC_NONE;
	} else if (s[0] == '[' && e - s > 2 && s[1] == '<' && trace_line(st, s, e)) {
		/* ARM prints its frames without a "Call Trace:" line */
		st->sec = SEC_TRACE;
		return true;
	}
	if (st->sec == SEC_TASKS) {
		if (*s == '[' && lp_tasks__row(st, s, e))
			return true;
		if (lp_tasks__wrapped(st, s, e))
			return true;
	}
	if (st->sec == SEC_HEADER && inc_wrapped_header(st, s, e))
		return true;
	if (st->sec == SEC_KILL && inc->nr_victims && kill_wrapped(&inc->victims[inc->nr_victims - 1], s, e))
		return true;
	if (st->sec == SEC_MEMINFO && kv_token(s, e)) {
		st->mem_counters |= parse_kv(s, e, mem_keys, &inc->mem, NULL) > 0;
		return true;
	}

	switch (*s) {
	case 'B':
	case 'C':
		if (sc_pre(s, e, "Call Trace:") || sc_pre(s, e, "Call trace:") || sc_pre(s, e, "Backtrace:")) {
			st->sec = SEC_TRACE;
			return true;
		}
		if (sc_pre(s, e, "CPU: ")) {
			cpu_line(st, s, e);
			return true;
		}
		if (sc_pre(s, e, "CPU ") && sc_find(s, e, " hi:"))
			return true;	/* per-cpu pagesets, Mem-Info of old kernels */
		break;
	case 'P':
		if (sc_pre(s, e, "Pid: ")) {
			cpu_line(st, s, e);
			return true;
		}
		break;
	case 'H':
		if (sc_pre(s, e, "Hardware name:"))
			return true;
		break;
	case 'F':
		if (sc_pre(s, e, "Free swap")) {
			int64_t v;

			if (sc_after(s, e, "=", &v))
				inc->swap_free_kb = v;
			st->has_swap = true;
			return true;
		}
		break;
	case 'S':
		if (sc_pre(s, e, "Swap cache stats:") || sc_pre(s, e, "Stack:"))
			return true;
		break;
	case 'T':
		if (sc_pre(s, e, "Total swap")) {
			int64_t v;

			if (sc_after(s, e, "=", &v))
				inc->swap_total_kb = v;
			st->has_swap = true;
			return true;
		}
		if (sc_pre(s, e, "Tasks state"))
			return true;
		break;
	case 'l':
		if (sc_pre(s, e, "lowmem_reserve[]:")) {
			if (st->zone >= 0) {
				struct inc_zone *z = &inc->zones[st->zone];
				const char *q = s + 17;
				int64_t v;

				z->nr_reserve = 0;
				while ((q = sc_ws(q, e)) < e && z->nr_reserve < INC_MAX_RESERVE &&
				       sc_int(&q, e, &v))
					z->lowmem_reserve[z->nr_reserve++] = v;
			}
			st->sec = SEC_MEMINFO;
			return true;
		}
		break;
	case '[':
		if (lp_tasks__header(st, s, e)) {
			st->has_tasks = true;
			st->sec = SEC_TASKS;
			return true;
		}
		break;
	case 'm':
	case 'k':
	case 's':
	case 'M':
		if (memcg_line(p, st, ll))
			return true;
		break;
	default:
		if (st->sec == SEC_MEMCG && memcg_line(p, st, ll))
			return true;
		break;
	}
	if (sc_digit(*s) && count_line(st, s, e))
		return true;
	if (zone_line(st, s, e)) {
		if (st->sec != SEC_ZONE && st->sec != SEC_BUDDY)
			st->sec = SEC_MEMINFO;
		return true;
	}
	if (st->sec == SEC_HEADER) {
		/* "NAME cpuset=/ mems_allowed=0" (<= 4.18) */
		const char *c = sc_find(s, e, " cpuset=");

		if (c) {
			const char *m = sc_find(c, e, " mems_allowed=");

			sc_copy(inc->cpuset, sizeof(inc->cpuset), c + 8, m ? m : sc_tok_end(c + 1, e));
			if (m)
				sc_copy(inc->mems_allowed, sizeof(inc->mems_allowed), m + 14, e);
			return true;
		}
		/* raw stack words before the trace of old kernels */
		if (sc_digit(*s) || (*s >= 'a' && *s <= 'f'))
			return true;
	}
	if (st->sec == SEC_MEMCG && kv_token(s, e))
		return true;
	return false;
}

static void guess_arch(struct lp_stream *st)
{
	struct incident *inc = &st->inc;
	const char *v = inc->kernel_version;

	if (strstr(v, "i686") || strstr(v, "i586") || strstr(v, "i386") || strstr(v, "PAE"))
		snprintf(inc->arch, sizeof(inc->arch), "i686");
	else if (strstr(v, "x86_64") || strstr(v, "amd64"))
		snprintf(inc->arch, sizeof(inc->arch), "x86_64");
	else if (strstr(v, "aarch64") || strstr(v, "arm64"))
		snprintf(inc->arch, sizeof(inc->arch), "aarch64");
	else if (strstr(v, "armv7") || strstr(v, "armhf") || strstr(v, "armmp"))
		snprintf(inc->arch, sizeof(inc->arch), "arm");
	else if (st->seen_arm64)
		snprintf(inc->arch, sizeof(inc->arch), "aarch64");
	else if (st->arm_frames)
		snprintf(inc->arch, sizeof(inc->arch), st->addr_digits == 8 ? "arm" : "aarch64");
	else if (st->seen_64bit_x86)
		snprintf(inc->arch, sizeof(inc->arch), "x86_64");
	else if (st->addr_digits == 8)
		snprintf(inc->arch, sizeof(inc->arch), "i686");
	inc->highmem_layout = strstr(v, "i686") || strstr(v, "PAE");
	for (int i = 0; i < inc->nr_zones; i++)
		if (!strcmp(inc->zones[i].name, "HighMem"))
			inc->highmem_layout = true;
}

static void decode_gfp(struct incident *inc)
{
	struct kernel_names names;
	bool all_known = true;

	if (inc->gfp_text[0]) {
		inc->gfp_flags = gfp__flags_from_text(inc->gfp_text, &all_known);
		inc->gfp_flags_known = true;
		if (!all_known)
			lp__note(inc, "gfp names not all known: %s", inc->gfp_text);
		return;
	}
	if (!known(inc->gfp_raw))
		return;
	/* The kernel printed only hex: bit meanings depend on its era. A kernel that
	 * printed no names is older than 4.6; without its version assume 3.10. */
	kernel_names__for_version(&names, inc->kernel_version[0] ? inc->kernel_version : "3.10");
	if (!inc->kernel_version[0])
		lp__note(inc, "kernel version not in the log: gfp_mask decoded as a 3.x kernel's");
	inc->gfp_flags = gfp__to_flags(&names, (uint64_t)inc->gfp_raw);
	inc->gfp_flags_known = true;
	gfp__format(&names, (uint64_t)inc->gfp_raw, inc->gfp_text, sizeof(inc->gfp_text));
}

void lp_report__finalize(struct lp_stream *st)
{
	struct incident *inc = &st->inc;
	bool memcg = inc->constraint == CONSTRAINT_MEMCG || st->memcg_seen || inc->memcg_oom[0];
	bool killed = false;

	for (int i = 0; i < inc->nr_victims; i++)
		killed |= inc->victims[i].killed;
	if (!memcg && st->memcg_trace && inc->kind == INCIDENT_OOM_KILL && !st->has_meminfo) {
		memcg = true;
		lp__note(inc, "memcg OOM judged from the call trace");
	}
	if (memcg) {
		if (inc->constraint == CONSTRAINT_UNKNOWN)
			inc->constraint = CONSTRAINT_MEMCG;
		if (!inc->memcg.version && (inc->memcg_oom[0] || known(inc->memcg.usage_kb)))
			inc->memcg.version = known(inc->memcg.memsw_usage_kb) ? 1 : 0;
		if (known(inc->memcg.memsw_usage_kb) && known(inc->memcg.usage_kb) &&
		    !known(inc->memcg.swap_usage_kb) && inc->memcg.memsw_usage_kb >= inc->memcg.usage_kb) {
			inc->memcg.swap_usage_kb = inc->memcg.memsw_usage_kb - inc->memcg.usage_kb;
			inc->memcg.swap_limit_kb = inc->memcg.memsw_limit_kb - inc->memcg.limit_kb;
		}
	} else if (inc->kind == INCIDENT_OOM_KILL && inc->constraint == CONSTRAINT_UNKNOWN &&
		   st->has_header && st->has_meminfo) {
		/* the kernel prints Mem-Info only for OOMs outside a memcg */
		if (!inc->cpuset[0] || !strcmp(inc->cpuset, "/"))
			inc->constraint = CONSTRAINT_GLOBAL;
		else
			lp__note(inc, "cpuset %s: global or cpuset-constrained, the log does not say",
				 inc->cpuset);
	}

	if (!st->has_header)
		inc->incomplete |= INC_MISSING_HEADER;
	if (inc->kind == INCIDENT_ALLOC_FAILURE || !memcg) {
		if (!st->has_meminfo)
			inc->incomplete |= INC_MISSING_MEMINFO;
		if (!inc->nr_zones)
			inc->incomplete |= INC_MISSING_ZONES;
		if (!st->has_buddy)
			inc->incomplete |= INC_MISSING_BUDDY;
		if (!st->has_swap)
			inc->incomplete |= INC_MISSING_SWAP;
	} else if (!known(inc->memcg.usage_kb)) {
		inc->incomplete |= INC_MISSING_MEMCG;
	}
	if (inc->kind == INCIDENT_OOM_KILL) {
		if (!st->has_tasks)
			inc->incomplete |= INC_MISSING_TASKS;
		if (!killed)
			inc->incomplete |= INC_MISSING_VICTIM;
	}
	if (st->dropped_tasks)
		lp__note(inc, "task table cut at %d rows (%u more)", inc->nr_tasks, st->dropped_tasks);
	if (inc->kind == INCIDENT_OOM_KILL && st->has_header && !killed)
		lp__note(inc, "report cut short: no victim lines");
	else if (inc->kind == INCIDENT_OOM_KILL && st->has_header && !st->has_tasks)
		lp__note(inc, "no task table (vm.oom_dump_tasks=0, or its lines left out)");
	for (int i = 0; i < inc->nr_zones; i++) {
		struct inc_zone *z = &inc->zones[i];

		if (z->all_unreclaimable < 0 && z->node >= 0 && z->node < (int64_t)sizeof(st->node_unrecl))
			z->all_unreclaimable = st->node_unrecl[z->node];
	}
	inc->mem.kernel_stack_kb = known(st->kstack_nodes) ? st->kstack_nodes : st->kstack_zones;
	if (inc->trigger.pid == 0 && !inc->in_interrupt) {
		/* the idle task allocates only from interrupts */
		inc->in_interrupt = true;
		lp__note(inc, "trigger is the idle task (pid 0): interrupt context");
	}
	guess_arch(st);
	decode_gfp(inc);
	lp_tasks__fill_victims(inc);
}
