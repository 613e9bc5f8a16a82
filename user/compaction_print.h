/* SPDX-License-Identifier: GPL-2.0 */
/* One finished compaction attempt as a text line or a JSON object ("type": "compaction"). */
#ifndef OOMTRACE_COMPACTION_PRINT_H
#define OOMTRACE_COMPACTION_PRINT_H

#include <stdio.h>

struct compaction_attempt;
struct kernel_names;

/* "compaction: direct order 9 by stress (1234) ... failed after 12.3 ms; zones: ..." and a newline */
void compaction_attempt__print_text(const struct compaction_attempt *a, const struct kernel_names *names, FILE *out);
/* One JSON object and a newline. Schema: docs/json-schema.md, "compaction".
 * suppressed_before: attempts left out by a rate limit since the last line (0: none). */
void compaction_attempt__print_json(const struct compaction_attempt *a, const struct kernel_names *names,
				    unsigned long long suppressed_before, FILE *out);

#endif
