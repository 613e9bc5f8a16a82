// SPDX-License-Identifier: GPL-2.0
/* Options → the rodata of each BPF family, set between open and load. */
#include "oomtrace.skel.h"
#include "slowpath_config.h"
#include "tracer.h"

void tracer__configure_families(struct tracer *t, const struct trace_options *o)
{
	slowpath__configure(t->skel, o, t->feat.kasan_stack);
}
