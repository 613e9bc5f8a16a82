// SPDX-License-Identifier: GPL-2.0
/*
 * Who was running and where: the CPU line (trigger pid, comm, kernel release)
 * and the call trace in every architecture's and era's form, kept as bare
 * symbol names one per line; plus what the frames tell (interrupt context,
 * memcg path, architecture when no release says it).
 */
#include <string.h>

#include "logparse_int.h"
#include "logparse_scan.h"

/* "CPU: 1 PID: 670 Comm: mysqld Not tainted 4.7.10 #1", "Pid: 139, comm: kswapd0 Not tainted 2.6.34.1 #1" */
void lp_trace__cpu_line(struct lp_stream *st, const char *s, const char *e)
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
	/* a "?" frame may be stale stack contents: one alone does not prove an interrupt */
	if (is_irq_frame(s, e) && (!unreliable || ++st->irq_guesses >= 2))
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
bool lp_trace__line(struct lp_stream *st, const char *s, const char *e)
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
