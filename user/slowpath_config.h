/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf/slowpath.bpf.c's rodata from the options: --alloc-fail-rate N
 * (records per second before suppression; 0: no limit), --stream-allocs[=N],
 * and the kernel stack size for telling interrupts from tasks.
 * Called by the tracer between open and load.
 */
#ifndef OOMTRACE_SLOWPATH_CONFIG_H
#define OOMTRACE_SLOWPATH_CONFIG_H

#include "options.h"

struct oomtrace_bpf;

void slowpath__configure(struct oomtrace_bpf *skel, const struct trace_options *o);

#endif
