// SPDX-License-Identifier: GPL-2.0
/*
 * OpenVZ/Virtuozzo container kills. Their OOM killer works per container
 * (VE) against user beancounters and logs in its own words:
 *   kill_signal(13516.0): selecting to kill, queued 0, seq 1, ...
 *   kill_signal(13516.0): selected 1, signalled 1, queued 1, ...
 *   OOM killed process watchdog (pid=14490, ve=13516) exited, free=43104 gen=24501.
 *   OOM killer in rage 2 times, ...
 *   Fatal resource shortage: privvmpages, UB 13516.
 *   Out of memory in UB 317592: OOM killed process 2946 (npm) score 0 vm:..kB, rss:..kB, swap:..kB
 * One incident per burst of one VE, with every victim.
 */
#include <stdio.h>
#include <string.h>

#include "logparse_int.h"
#include "logparse_scan.h"

/* Kills of one VE further apart than this are separate bursts. */
#define VZ_BURST_GAP_S 10.0

void lp_openvz__close(struct logparse *p, struct lp_stream *st)
{
	struct incident *inc = &st->vz;

	if (!st->vz_open)
		return;
	st->vz_open = false;
	inc->container.nr_kills = inc->nr_victims;
	if (!inc->nr_victims) {
		inc->incomplete |= INC_MISSING_VICTIM;
		if (st->vz_signalled > 0) {
			inc->container.nr_kills = (int)st->vz_signalled;
			lp__note(inc, "%lld task(s) signalled; their exits are not in the log",
				 (long long)st->vz_signalled);
		}
	}
	lp__emit(p, inc);
}

static struct incident *burst(struct logparse *p, struct lp_stream *st,
			      const struct log_line *ll, int64_t ve)
{
	struct incident *inc = &st->vz;

	if (st->vz_open && ((known(ve) && known(inc->container.ve_id) && inc->container.ve_id != ve) ||
			    (ll->t >= 0 && st->vz_last_t >= 0 &&
			     (ll->t - st->vz_last_t > VZ_BURST_GAP_S || ll->t < st->vz_last_t))))
		lp_openvz__close(p, st);
	if (!st->vz_open) {
		incident__init(inc, INCIDENT_CONTAINER_KILL, SOURCE_KERNEL_LOG);
		inc->log_time = ll->log_time;
		snprintf(inc->wall_time, sizeof(inc->wall_time), "%s", ll->wall_time);
		snprintf(inc->host, sizeof(inc->host), "%s", ll->host);
		st->vz_open = true;
		st->vz_signalled = 0;
	}
	if (known(ve))
		inc->container.ve_id = ve;
	if (ll->t >= 0)
		st->vz_last_t = ll->t;
	return inc;
}

bool lp_openvz__line(struct logparse *p, struct lp_stream *st, const struct log_line *ll)
{
	const char *s = ll->text, *e = ll->end;
	struct incident *inc;
	int64_t ve = UNKNOWN, v;

	if (s >= e)
		return false;
	switch (*s) {
	case 'k':
		if (!sc_pre(s, e, "kill_signal("))
			return false;
		s += 12;
		if (sc_int(&s, e, &v))
			ve = v;
		inc = burst(p, st, ll, ve);
		if (sc_after(s, e, "signalled ", &v) && v > 0)
			st->vz_signalled += v;
		return true;
	case 'O':
		if (sc_pre(s, e, "Out of memory in UB ")) {
			/* Virtuozzo 6/7: "Out of memory in UB 317592: OOM killed process 2946 (npm) score 0
			 * vm:1506164kB, rss:237752kB, swap:120052kB" */
			const char *q = s + 20, *c, *ce;
			struct inc_victim *vic;

			if (!sc_int(&q, e, &ve) || !(c = sc_find(q, e, "killed process ")))
				return false;
			inc = burst(p, st, ll, ve);
			if (inc->nr_victims >= LOGPARSE_MAX_VICTIMS || !(vic = incident__add_victim(inc)))
				return true;
			c += 15;
			if (sc_int(&c, e, &v))
				vic->task.pid = v;
			c = sc_ws(c, e);
			if (c < e && *c == '(' && (ce = memchr(c, ')', e - c)))
				sc_copy(vic->task.comm, sizeof(vic->task.comm), c + 1, ce);
			vic->killed = true;
			if (sc_after(c, e, " score ", &v))
				vic->score = v;
			if (sc_after(c, e, "vm:", &v))
				vic->total_vm_kb = v;
			if (sc_after(c, e, "rss:", &v)) {
				/* the total resident set; the kernel does not split it here */
				vic->anon_rss_kb = v;
				lp__note(inc, "victims' anon-rss is their whole rss (the log gives no split)");
			}
			if (sc_after(c, e, "swap:", &v))
				vic->swapents_kb = v;
			return true;
		}
		if (sc_pre(s, e, "OOM killed process ")) {
			const char *name = s + 19, *paren = sc_find(name, e, " (pid=");
			struct inc_victim *vic;

			if (!paren)
				return false;
			if (sc_after(paren, e, "ve=", &v))
				ve = v;
			inc = burst(p, st, ll, ve);
			if (inc->nr_victims >= LOGPARSE_MAX_VICTIMS || !(vic = incident__add_victim(inc)))
				return true;
			sc_copy(vic->task.comm, sizeof(vic->task.comm), name, paren);
			if (sc_after(paren, e, "pid=", &v))
				vic->task.pid = v;
			vic->killed = true;
			if (sc_after(paren, e, "free=", &v))
				inc->container.free_pages = v;
			return true;
		}
		if (sc_pre(s, e, "OOM killer in rage")) {
			inc = burst(p, st, ll, UNKNOWN);
			lp__note(inc, "OOM killer in rage");
			return true;
		}
		return false;
	case 'F':
		if (sc_pre(s, e, "Fatal resource shortage: ")) {
			const char *r = s + 25, *re = memchr(r, ',', e - r);

			if (sc_after(s, e, "UB ", &v))
				ve = v;
			inc = burst(p, st, ll, ve);
			if (re)
				lp__note(inc, "resource shortage: %.*s", (int)(re - r), r);
			return true;
		}
		return false;
	}
	return false;
}
