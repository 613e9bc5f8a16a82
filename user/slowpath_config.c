// SPDX-License-Identifier: GPL-2.0
/* Options → bpf/slowpath.bpf.c's rodata, set between open and load. */
#include <stdio.h>
#include <stdlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "oomtrace.skel.h"
#include "percpu_array.h"
#include "slowpath_config.h"

void slowpath__configure(struct oomtrace_bpf *skel, const struct trace_options *o, bool kasan_stack)
{
	skel->rodata->cfg_alloc_fail_per_sec = o->alloc_fail_rate;
	skel->rodata->cfg_stream_allocs = o->stream_every > 0;
	skel->rodata->cfg_stream_every = o->stream_every > 0 ? o->stream_every : 1;
	if (kasan_stack)	/* the interrupt-context test must know */
		skel->rodata->cfg_thread_size = 32768;
}

int slowpath__read_fail_hist(struct oomtrace_bpf *skel, struct ev_counters *e)
{
	int fd = bpf_map__fd(skel->maps.fail_hist), ncpu = libbpf_num_possible_cpus();

	if (fd < 0 || ncpu <= 0)
		return -1;
	return percpu_array__sum(fd, FAIL_HIST_SLOTS, ncpu, (uint64_t *)e->fail_hist) ? -1 : 0;
}
