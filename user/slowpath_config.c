// SPDX-License-Identifier: GPL-2.0
/* Options → bpf/slowpath.bpf.c's rodata, set between open and load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "oomtrace.skel.h"
#include "slowpath_config.h"

/* KASAN doubles the kernel stack: the interrupt-context test must know. */
static bool kernel__has_kasan(void)
{
	char path[256], line[256];
	struct utsname u;
	bool kasan = false;
	gzFile gz;
	FILE *f;

	gz = gzopen("/proc/config.gz", "r");
	if (gz) {
		while (gzgets(gz, line, sizeof(line)))
			if (!strncmp(line, "CONFIG_KASAN=y", 14))
				kasan = true;
		gzclose(gz);
		return kasan;
	}
	if (uname(&u))
		return false;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CONFIG_KASAN=y", 14))
			kasan = true;
	fclose(f);
	return kasan;
}

void slowpath__configure(struct oomtrace_bpf *skel, const struct trace_options *o, bool kasan_maybe)
{
	skel->rodata->cfg_alloc_fail_per_sec = o->alloc_fail_rate;
	skel->rodata->cfg_stream_allocs = o->stream_every > 0;
	skel->rodata->cfg_stream_every = o->stream_every > 0 ? o->stream_every : 1;
	if (kasan_maybe && kernel__has_kasan())
		skel->rodata->cfg_thread_size = 32768;
}

int slowpath__read_fail_hist(struct oomtrace_bpf *skel, struct ev_counters *e)
{
	int fd = bpf_map__fd(skel->maps.fail_hist), ncpu = libbpf_num_possible_cpus();
	uint64_t *vals;

	if (fd < 0 || ncpu <= 0)
		return -1;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -1;
	for (uint32_t k = 0; k < FAIL_HIST_SLOTS; k++) {
		e->fail_hist[k] = 0;
		if (bpf_map_lookup_elem(fd, &k, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			e->fail_hist[k] += vals[c];
	}
	free(vals);
	return 0;
}
