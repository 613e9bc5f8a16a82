/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plain-language output derived from an incident's verdicts, shared by the
 * text and JSON sinks: a one-paragraph short answer (what failed, why, why
 * swap did not help) and one "what to do" line per verdict.
 */
#ifndef OOMTRACE_ADVICE_H
#define OOMTRACE_ADVICE_H

#include <stddef.h>

struct incident;

/* The short answer; always NUL-terminated. Returns the length it needed. */
size_t advice__short(const struct incident *inc, char *buf, size_t len);
/* Why swap did not prevent it (one sentence), part of the short answer. */
size_t advice__why_not_swap(const struct incident *inc, char *buf, size_t len);
/* What to do about one verdict code; NULL for an unknown code. */
const char *advice__todo(const char *code);
/* Why the victim was picked, e.g. "largest task by rss+swap"; "" when unknown. */
size_t advice__why_victim(const struct incident *inc, char *buf, size_t len);

#endif
