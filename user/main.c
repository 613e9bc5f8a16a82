// SPDX-License-Identifier: GPL-2.0
/* oomtrace: explain why the OOM killer fired. main() only picks the subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "live", cmd_live, "trace OOM kills, allocation failures, reclaim and compaction (default)" },
	{ "record", cmd_record, "trace to a capture file (rotation, crash-safe)" },
	{ "report", cmd_report, "replay capture files through the same analysis" },
	{ "explain", cmd_explain, "explain OOM reports in kernel log text (dmesg, journal, syslog)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: oomtrace [COMMAND] [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'oomtrace COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[1], commands[i].name))
				return commands[i].fn(argc - 1, argv + 1);
		fprintf(stderr, "oomtrace: unknown command '%s'; try 'oomtrace help'\n", argv[1]);
		return 2;
	}
	return cmd_live(argc, argv);
}
