// SPDX-License-Identifier: GPL-2.0
/* Options → bpf/slowpath.bpf.c's rodata, set between open and load. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

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

void slowpath__configure(struct oomtrace_bpf *skel, const struct trace_options *o)
{
	skel->rodata->cfg_alloc_fail_per_sec = o->alloc_fail_rate;
	skel->rodata->cfg_stream_allocs = o->stream_every > 0;
	skel->rodata->cfg_stream_every = o->stream_every > 0 ? o->stream_every : 1;
	if (kernel__has_kasan())
		skel->rodata->cfg_thread_size = 32768;
}
