/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compaction family's extras beyond correlate_compaction__record()
 * (correlate.h). The correlator should call _tick from correlator__tick,
 * _flush from correlator__flush and _free from correlator__free.
 */
#ifndef OOMTRACE_CORRELATE_COMPACTION_H
#define OOMTRACE_CORRELATE_COMPACTION_H

#include <stdint.h>

#include "compaction_attempt.h"

struct correlator;
struct compaction_summary;

/* Also hand every finished attempt to fn (e.g. a printer). */
void correlate_compaction__on_attempt(struct correlator *c, attempt_fn fn, void *ctx);
/* Success by order, stall histograms, deferred zones; NULL before the first compaction record. */
const struct compaction_summary *correlate_compaction__summary(struct correlator *c);
void correlate_compaction__tick(struct correlator *c, uint64_t now_ns);
void correlate_compaction__flush(struct correlator *c);
void correlate_compaction__free(struct correlator *c);

#endif
