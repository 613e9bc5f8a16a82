/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line normaliser: one line as people paste it (dmesg, dmesg -T, journalctl
 * in its short/iso/precise/monotonic/cat forms, syslog, /dev/kmsg records,
 * <N> levels, serial-console stamps, "> " mail quotes) to the bare kernel
 * message plus what the prefixes said (time, host, printk caller).
 */
#ifndef OOMTRACE_LOGPARSE_LINE_H
#define OOMTRACE_LOGPARSE_LINE_H

#include <stdbool.h>
#include <stddef.h>

struct log_line {
	const char *text;	/* the kernel message, inside the caller's buffer */
	const char *end;	/* one past its last byte (no trailing blanks) */
	double log_time;	/* "[ 123.456789]" or kmsg usec; -1 unknown */
	double t;		/* comparable seconds for gap checks; -1 unknown */
	char wall_time[40];	/* as printed */
	char host[64];
	char caller[16];	/* printk caller id: "T1234", "C1" */
	bool foreign;		/* a syslog/journal line of a program other than the kernel */
	bool kmsg_cont;		/* a /dev/kmsg dictionary line (" SUBSYSTEM=...") */
};

/* Strip every recognised prefix of [s, e). */
void log_line__parse(struct log_line *ll, const char *s, const char *e);

#endif
