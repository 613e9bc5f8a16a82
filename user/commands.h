/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands main() dispatches to. Each returns the process exit code. */
#ifndef OOMTRACE_COMMANDS_H
#define OOMTRACE_COMMANDS_H

int cmd_live(int argc, char **argv);	/* default; "oomtrace live" */
int cmd_record(int argc, char **argv);	/* "oomtrace record -o FILE" */
int cmd_report(int argc, char **argv);	/* "oomtrace report FILE..." */
int cmd_explain(int argc, char **argv);	/* "oomtrace explain [FILE...]" */

#endif
