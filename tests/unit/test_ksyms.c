// SPDX-License-Identifier: GPL-2.0
/*
 * ksyms against this machine's /proc/kallsyms: names to addresses, addresses
 * to "function+0xoff" (checked through the answer's own address, since
 * aliases share one), one pass per new stack and none for a repeated one.
 * Needs root: kallsyms shows zeros to others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ksyms.h"

static uint64_t addr_of(const char *name)
{
	const char *names[1] = { name };
	uint64_t a = 0;

	ksyms__find_names(names, &a, 1);
	return a;
}

/* "name+0xoff" → address of name + off, via a second lookup */
static uint64_t frame__addr(const char *frame)
{
	char name[128];
	unsigned long long off;

	if (sscanf(frame, "%127[^+]+0x%llx", name, &off) != 2)
		return 0;
	return addr_of(name) + off;
}

int main(void)
{
	/* text symbols: data ones are listed only with CONFIG_KALLSYMS_ALL */
	const char *names[] = { "do_exit", "schedule", "no_such_symbol_oomtrace" };
	uint64_t addrs[3];
	char buf[4096], frame[160];

	if (geteuid() != 0) {
		printf("skip - ksyms: needs root (kallsyms hides addresses)\n");
		return 0;
	}
	CHECK(ksyms__find_names(names, addrs, 3), "ksyms: /proc/kallsyms readable", "unreadable");
	CHECK(addrs[0] && addrs[1], "ksyms: names found", "do_exit %llx schedule %llx",
	      (unsigned long long)addrs[0], (unsigned long long)addrs[1]);
	CHECK_INT(addrs[2], 0, "ksyms: a missing name stays 0");

	struct ksyms *k = ksyms__new();
	uint64_t sched = addrs[1], exit_fn = addrs[0];
	uint64_t stack[4] = { sched + 0x11, exit_fn + 0x5, 0, sched + 1 };

	ksyms__format(k, sched + 0x11, frame, sizeof(frame));
	CHECK(frame__addr(frame) == sched + 0x11, "ksyms: address to function+offset", "got %s", frame);
	CHECK_INT(ksyms__passes(k), 1, "ksyms: one pass for a new address");

	size_t n = ksyms__format_stack(k, stack, 4, buf, sizeof(buf));
	char *nl = strchr(buf, '\n');

	CHECK(n && nl && strchr(nl + 1, '\n') && !strchr(strchr(nl + 1, '\n') + 1, '\n'),
	      "ksyms: stack stops at the first zero frame", "got \"%s\"", buf);
	CHECK(nl && frame__addr(nl + 1) == exit_fn + 0x5, "ksyms: second frame resolved", "got \"%s\"", buf);
	CHECK_INT(ksyms__passes(k), 2, "ksyms: one more pass for the new frame only");
	ksyms__format_stack(k, stack, 2, buf, sizeof(buf));
	CHECK_INT(ksyms__passes(k), 2, "ksyms: a repeated stack is answered from the cache");
	ksyms__format(k, 1, frame, sizeof(frame));
	CHECK_STR(frame, "0x1", "ksyms: an address below every symbol stays hex");
	ksyms__free(k);
	CHECK_DONE();
}
