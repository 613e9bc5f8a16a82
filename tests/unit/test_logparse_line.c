// SPDX-License-Identifier: GPL-2.0
/* The line normaliser: each prefix form people paste, down to the bare kernel message. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "logparse_line.h"

struct want {
	const char *raw;
	const char *text;	/* the message left */
	double log_time;	/* -1: none */
	const char *wall;
	const char *host;
	const char *caller;
	bool foreign;
};

static const struct want cases[] = {
	{ "[ 3902.430630] kthreadd invoked oom-killer:", "kthreadd invoked oom-killer:", 3902.43063, "", "", "", false },
	{ "[Sat Nov 21 10:00:00 2026] Mem-Info:", "Mem-Info:", -1, "Sat Nov 21 10:00:00 2026", "", "", false },
	{ "Nov 21 10:00:00 web1 kernel: Mem-Info:", "Mem-Info:", -1, "Nov 21 10:00:00", "web1", "", false },
	{ "Jan  5 15:19:27 kernel: [ 5864.708440] memorymonster cpuset=/", "memorymonster cpuset=/", 5864.70844,
	  "Jan  5 15:19:27", "", "", false },
	{ " Nov 16 22:09:07 {VMNAME} kernel: Call Trace:", "Call Trace:", -1, "Nov 16 22:09:07", "{VMNAME}", "", false },
	{ "Nov 21 10:00:00.123456 web1 kernel: Mem-Info:", "Mem-Info:", -1, "Nov 21 10:00:00.123456", "web1", "", false },
	{ "2026-11-21T10:00:00+0100 web1 kernel: Mem-Info:", "Mem-Info:", -1, "2026-11-21T10:00:00+0100", "web1", "", false },
	{ "2026-11-21T10:00:00.123456+01:00 web1 kernel: Mem-Info:", "Mem-Info:", -1,
	  "2026-11-21T10:00:00.123456+01:00", "web1", "", false },
	{ "Sat 2026-11-21 10:00:00 UTC web1 kernel: Mem-Info:", "Mem-Info:", -1, "Sat 2026-11-21 10:00:00 UTC", "web1", "", false },
	{ "[  455.498827] web1 kernel: Mem-Info:", "Mem-Info:", 455.498827, "", "web1", "", false },
	{ "1763719200.123456 web1 kernel: Mem-Info:", "Mem-Info:", -1, "1763719200.123456", "web1", "", false },
	{ "6,1234,3902430630,-;kthreadd invoked oom-killer:", "kthreadd invoked oom-killer:", 3902.43063, "", "", "", false },
	{ "4,77,12000000,c;Mem-Info:", "Mem-Info:", 12.0, "", "", "", false },
	{ "<4>[  12.500000] Mem-Info:", "Mem-Info:", 12.5, "", "", "", false },
	{ "<6>Mem-Info:", "Mem-Info:", -1, "", "", "", false },
	{ "[  12.500000][ T1532] Mem-Info:", "Mem-Info:", 12.5, "", "", "T1532", false },
	{ "[  12.500000] [    C3] Mem-Info:", "Mem-Info:", 12.5, "", "", "C3", false },
	{ "kern  :warn  : [  12.500000] Mem-Info:", "Mem-Info:", 12.5, "", "", "", false },
	{ "[  +0.000123] Mem-Info:", "Mem-Info:", -1, "", "", "", false },
	{ "[Nov21 10:00] Mem-Info:", "Mem-Info:", -1, "Nov21 10:00", "", "", false },
	{ "[2026-11-21 10:00:00.123] [   12.500000] Mem-Info:", "Mem-Info:", 12.5, "2026-11-21 10:00:00.123", "", "", false },
	{ "[10:00:01.250] Mem-Info:", "Mem-Info:", -1, "10:00:01.250", "", "", false },
	{ "2026-11-21T10:00:00,123456+00:00 DMA per-cpu:", "DMA per-cpu:", -1, "2026-11-21T10:00:00,123456+00:00", "", "", false },
	{ "[\xe4\xba\x8c 9\xe6\x9c\x88  3 05:57:48 2024] Mem-Info:", "Mem-Info:", -1,
	  "\xe4\xba\x8c 9\xe6\x9c\x88  3 05:57:48 2024", "", "", false },
	{ "kern:    info: [2026-07-25T09:19:58.802464523Z]: Mem-Info:", "Mem-Info:", -1,
	  "2026-07-25T09:19:58.802464523Z", "", "", false },
	{ "{\"__MONOTONIC_TIMESTAMP\":\"12500000\",\"_TRANSPORT\":\"kernel\",\"_HOSTNAME\":\"web1\",\"MESSAGE\":\"Mem-Info:\"}",
	  "Mem-Info:", 12.5, "", "web1", "", false },
	{ "{\"_TRANSPORT\":\"stdout\",\"MESSAGE\":\"hello \\\"x\\\"\"}", "hello \\\"x\\\"", -1, "", "", "", true },
	{ "MESSAGE=Mem-Info:", "Mem-Info:", -1, "", "", "", false },
	{ "> > [ 1.000000] Mem-Info:", "Mem-Info:", 1.0, "", "", "", false },
	{ ">> Mem-Info:", "Mem-Info:", -1, "", "", "", false },
	{ "[ 3902.430630] Mem-Info:\r", "Mem-Info:", 3902.43063, "", "", "", false },
	{ "Nov 21 10:00:00 web1 systemd[1]: Started Session 4.", "Started Session 4.", -1, "Nov 21 10:00:00", "web1", "", true },
	{ "Nov 21 10:00:00 web1 CRON: pam_unix(cron:session)", "pam_unix(cron:session)", -1, "Nov 21 10:00:00", "web1", "", true },
	/* task-table rows and headers are not timestamps */
	{ "[  273]     0   273     4869       50 upstart", "[  273]     0   273     4869       50 upstart", -1, "", "", "", false },
	{ "[ pid ]   uid  tgid total_vm      rss name", "[ pid ]   uid  tgid total_vm      rss name", -1, "", "", "", false },
	{ "[<ffffffff81720bf6>] dump_stack+0x45/0x56", "[<ffffffff81720bf6>] dump_stack+0x45/0x56", -1, "", "", "", false },
	{ "Node 0 DMA32 free:44592kB", "Node 0 DMA32 free:44592kB", -1, "", "", "", false },
	{ "", "", -1, "", "", "", false },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];
		struct log_line ll;
		char name[200], text[300];

		log_line__parse(&ll, w->raw, w->raw + strlen(w->raw));
		snprintf(text, sizeof(text), "%.*s", (int)(ll.end - ll.text), ll.text);
		snprintf(name, sizeof(name), "line '%.60s': message", w->raw);
		CHECK_STR(text, w->text, name);
		snprintf(name, sizeof(name), "line '%.60s': prefixes", w->raw);
		CHECK((w->log_time < 0 ? ll.log_time < 0 : ll.log_time > w->log_time - 1e-6 &&
		       ll.log_time < w->log_time + 1e-6) && !strcmp(ll.wall_time, w->wall) &&
		      !strcmp(ll.host, w->host) && !strcmp(ll.caller, w->caller) && ll.foreign == w->foreign,
		      name, "time %f wall '%s' host '%s' caller '%s' foreign %d", ll.log_time, ll.wall_time, ll.host,
		      ll.caller, ll.foreign);
	}
	CHECK_DONE();
}
