/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf/slowpath.bpf.c's rodata from the options: --alloc-fail-rate N
 * (records per second before suppression; 0: no limit), --stream-allocs[=N],
 * and the kernel stack size for telling interrupts from tasks (KASAN's
 * generic and software-tag modes double it).
 * Called by the tracer between open and load.
 */
#ifndef OOMTRACE_SLOWPATH_CONFIG_H
#define OOMTRACE_SLOWPATH_CONFIG_H

#include "events.h"
#include "options.h"

struct oomtrace_bpf;

void slowpath__configure(struct oomtrace_bpf *skel, const struct trace_options *o, bool kasan_stack);

/* The exact failures by order x zone x migratetype, summed over CPUs, into an
 * EV_COUNTERS record's fail_hist (the caller fills the header). The live source
 * feeds one when it changed, next to EV_DROPS, and at the end. 0 or -1. */
struct ev_counters;
int slowpath__read_fail_hist(struct oomtrace_bpf *skel, struct ev_counters *e);

#endif
