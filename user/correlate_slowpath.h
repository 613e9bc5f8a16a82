/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow-path family of the correlator (correlate_slowpath.c), beyond
 * correlate_slowpath__record (correlate.h): allocation-failure incidents wait
 * for their EV_ZONE_SNAPSHOT, so the correlator must let time pass
 * (tick) and flush them at the end.
 */
#ifndef OOMTRACE_CORRELATE_SLOWPATH_H
#define OOMTRACE_CORRELATE_SLOWPATH_H

#include <stdint.h>

struct correlator;

void correlate_slowpath__tick(struct correlator *c, uint64_t now_ns);
void correlate_slowpath__flush(struct correlator *c);
void correlate_slowpath__free(struct correlator *c);

/* The symbolised stack an EV_STACK record gave for id ("" if none). A weak
 * default returning "" lives in correlate_slowpath.c until the correlator
 * (which sees EV_STACK first) provides it. */
const char *correlator__stack_text(const struct correlator *c, int32_t id);

#endif
