/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory state read the moment an OOM kill arrives: /proc/meminfo,
 * swappiness, and the memory cgroup that hit its limit (or the victim's),
 * as an EV_MEM_SNAPSHOT record that enters the stream like any other.
 */
#ifndef OOMTRACE_SNAPSHOT_MEM_H
#define OOMTRACE_SNAPSHOT_MEM_H

#include <stdbool.h>

#include "cgroup_path.h"
#include "events.h"

/* Fill s for a kill. victim_memcg / trigger_memcg are paths in the memory
 * hierarchy ("" when unknown); oom_memcg is the OOM memcg when the kernel told
 * us (oom_control), else "" and the constraint is inferred from the limits. */
void mem_snapshot__take(struct ev_mem_snapshot *s, const struct cgroup_mounts *m, const char *oom_memcg,
			const char *trigger_memcg, const char *victim_memcg);

/* Exposed for tests: the memcg figures of one cgroup directory. */
bool memcg__read(struct ev_mem_snapshot *s, const struct cgroup_mounts *m, const char *path);

#endif
