// SPDX-License-Identifier: GPL-2.0
/*
 * An OOM / allocation-failure report, line by line: where it starts (header,
 * or a kill line whose header is not in the log), which section a line
 * belongs to, the memcg, victim and reaper lines; and what the report says
 * once it is complete (constraint, what was missing, GFP flags, layout).
 * Mem-Info and zones are read in logparse_mem.c, the call trace in
 * logparse_trace.c, the task table in logparse_tasks.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "logparse_int.h"
#include "logparse_scan.h"

/* Headers start with the task's comm (TASK_COMM_LEN 16): where their words can begin. */
#define HEADER_WINDOW 48

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
	const char *h = sc_find_at(s, e - s > HEADER_WINDOW ? s + HEADER_WINDOW : e, "oom-killer:", 3);

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

/*
 * vmalloc failures go through the same warn_alloc() report:
 *   "NAME: vmalloc: allocation failure: 8192 bytes, mode:0x..(..)" (4.x)
 *   "NAME: vmalloc error: size 8192, page order 0, failed to allocate pages, mode:..." (5.x+)
 */
static bool header_vmalloc(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	const char *h = sc_find_at(s, e - s > HEADER_WINDOW ? s + HEADER_WINDOW : e, ": vmalloc", 2);
	const char *c;
	int64_t v;

	if (!h || !(sc_pre(h, e, ": vmalloc: allocation failure: ") || sc_pre(h, e, ": vmalloc error: size ")))
		return false;
	lp__open(p, st, ll, INCIDENT_ALLOC_FAILURE);
	st->has_header = true;
	st->sec = SEC_HEADER;
	sc_copy(st->inc.trigger.comm, sizeof(st->inc.trigger.comm), s, h);
	if (sc_after(h, e, "page order ", &v))
		st->inc.order = v;
	if (sc_after(h, e, "failure: ", &v) || sc_after(h, e, "size ", &v))
		lp__note(&st->inc, "vmalloc of %lld bytes failed", (long long)v);
	c = sc_find(h, e, "mode:");
	if (c)
		parse_gfp(&st->inc, c + 5, e);
	copy_field(st->inc.cpuset, sizeof(st->inc.cpuset), h, e, "cpuset=");
	copy_field(st->inc.mems_allowed, sizeof(st->inc.mems_allowed), h, e, "mems_allowed=");
	return true;
}

/* "NAME: page allocation failure: order:1, mode:0x20" (". order:" on 2.6) */
static bool header_alloc(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	const char *h = sc_find_at(s, e - s > HEADER_WINDOW + 12 ? s + HEADER_WINDOW + 12 : e,
				   "page allocation failure", 2);
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
		k = sc_find(s + 7, e, " killed as a result of limit of ");
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
				st->mem_counters |= lp_mem__counters(st, s + 9, e);
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
static bool header_wrapped(struct lp_stream *st, const char *s, const char *e)
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
	if (header_oom(p, st, ll) || header_alloc(p, st, ll) || header_vmalloc(p, st, ll))
		return true;
	if (strong_line(p, st, ll))
		return true;
	if (!st->open)
		return false;

	struct incident *inc = &st->inc;

	/* continuations of lines a mail client wrapped at ~80 columns */
	if (st->sec == SEC_ZONE && lp_mem__zone_more(st, s, e))
		return true;
	if (st->sec == SEC_BUDDY && lp_mem__buddy_more(st, s, e))
		return true;
	if (st->sec == SEC_TRACE) {
		if (lp_trace__line(st, s, e))
			return true;
		st->sec = SEC_NONE;
	} else if (s[0] == '[' && e - s > 2 && s[1] == '<' && lp_trace__line(st, s, e)) {
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
	if (st->sec == SEC_HEADER && header_wrapped(st, s, e))
		return true;
	if (st->sec == SEC_KILL && inc->nr_victims && kill_wrapped(&inc->victims[inc->nr_victims - 1], s, e))
		return true;
	if (st->sec == SEC_MEMINFO && lp_mem__kv_line(s, e)) {
		st->mem_counters |= lp_mem__counters(st, s, e);
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
			lp_trace__cpu_line(st, s, e);
			return true;
		}
		if (sc_pre(s, e, "CPU ") && sc_find(s, e, " hi:"))
			return true;	/* per-cpu pagesets, Mem-Info of old kernels */
		break;
	case 'P':
		if (sc_pre(s, e, "Pid: ")) {
			lp_trace__cpu_line(st, s, e);
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
			lp_mem__lowmem_reserve(st, s + 17, e);
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
	if (sc_digit(*s) && lp_mem__count_line(st, s, e))
		return true;
	if (lp_mem__zone_line(st, s, e)) {
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
	if (st->sec == SEC_MEMCG && lp_mem__kv_line(s, e))
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


/* The CPU line names a thread. The task table (one row per process, with a
 * thread id and its process id) tells which process; without a row for it
 * in a complete table the process is unknown. */
static void trigger__process_from_tasks(struct incident *inc)
{
	int64_t tid = inc->trigger.tid;

	if (!known(tid) || tid <= 0 || !inc->nr_tasks)
		return;
	for (int i = 0; i < inc->nr_tasks; i++)
		if (inc->tasks[i].pid == tid && known(inc->tasks[i].tgid)) {
			inc->trigger.pid = inc->tasks[i].tgid;
			return;
		}
	for (int i = 0; i < inc->nr_tasks; i++)
		if (inc->tasks[i].tgid == tid) {
			inc->trigger.pid = tid;
			return;
		}
	if (inc->incomplete & (INC_MISSING_VICTIM | INC_MISSING_TASKS))
		return;	/* the table may have been cut short before its row */
	inc->trigger.pid = UNKNOWN;
	lp__note(inc, "the triggering thread is not in the task table: its process is unknown");
}

static void decode_gfp(struct incident *inc)
{
	const struct kernel_names *names;
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
	names = kernel_names__of_version(inc->kernel_version[0] ? inc->kernel_version : "3.10");
	if (!inc->kernel_version[0])
		lp__note(inc, "kernel version not in the log: gfp_mask decoded as a 3.x kernel's");
	inc->gfp_flags = gfp__to_flags(names, (uint64_t)inc->gfp_raw);
	inc->gfp_flags_known = true;
	gfp__format(names, (uint64_t)inc->gfp_raw, inc->gfp_text, sizeof(inc->gfp_text));
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
		/* figures a log can hold are >= 0; a garbled one is not subtracted */
		if (known(inc->memcg.memsw_usage_kb) && known(inc->memcg.usage_kb) &&
		    !known(inc->memcg.swap_usage_kb) && inc->memcg.usage_kb >= 0 &&
		    inc->memcg.memsw_usage_kb >= inc->memcg.usage_kb) {
			inc->memcg.swap_usage_kb = inc->memcg.memsw_usage_kb - inc->memcg.usage_kb;
			if (known(inc->memcg.memsw_limit_kb) && known(inc->memcg.limit_kb) &&
			    inc->memcg.limit_kb >= 0 && inc->memcg.memsw_limit_kb >= inc->memcg.limit_kb)
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
		/* "Mem-Info:" with nothing after it is missing too */
		if (!st->has_meminfo || (!st->mem_counters && !inc->nr_zones))
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
	if (st->order0_kb == 16 || st->order0_kb == 64)
		inc->page_size = st->order0_kb * 1024;
	guess_arch(st);
	decode_gfp(inc);
	lp_tasks__fill_victims(inc);
	trigger__process_from_tasks(inc);
}
