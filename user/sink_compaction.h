/* SPDX-License-Identifier: GPL-2.0 */
/* Per-attempt compaction lines (text or JSON "type": "compaction"); see sink_compaction.c. */
#ifndef OOMTRACE_SINK_COMPACTION_H
#define OOMTRACE_SINK_COMPACTION_H

#include <stdio.h>

#include "sink_records.h"

/* json, min_stall_ms are used from opts. Add it next to sink_records__new(). */
struct sink *sink_compaction__new(FILE *out, const struct record_print_options *opts);

#endif
