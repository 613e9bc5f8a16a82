/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-log-text source: finds every OOM report, page-allocation-failure
 * report and OpenVZ container kill in log text and turns each into a struct
 * incident (source SOURCE_KERNEL_LOG).
 *
 * Feed it text in chunks of any size; each incident is handed to the callback
 * as soon as it is complete (a new report starts, the report goes quiet, or
 * the input ends). The parser frees the incident after the callback returns.
 * Memory stays bounded whatever the input: lines, task rows, victims and
 * concurrent streams are capped.
 */
#ifndef OOMTRACE_LOGPARSE_H
#define OOMTRACE_LOGPARSE_H

#include <stddef.h>
#include <stdint.h>

struct incident;
struct logparse;

typedef void (*logparse_cb)(struct incident *inc, void *ctx);

struct logparse *logparse__new(logparse_cb cb, void *ctx);
void logparse__feed(struct logparse *p, const char *buf, size_t len);
/* End of input: completes every open report. The parser can be fed again after. */
void logparse__finish(struct logparse *p);
void logparse__free(struct logparse *p);
int64_t logparse__nr_incidents(const struct logparse *p);

/* Limits (documented so tests can check them). */
#define LOGPARSE_MAX_LINE	65536	/* longer lines are cut */
#define LOGPARSE_MAX_TASKS	16384	/* task-table rows kept per incident */
#define LOGPARSE_MAX_VICTIMS	1024
#define LOGPARSE_MAX_STREAMS	32	/* hosts x printk callers read at once */

#endif
