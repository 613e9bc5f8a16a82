// SPDX-License-Identifier: GPL-2.0
/* /proc/meminfo, swappiness and memcg limits, read at an OOM kill. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot_mem.h"

#define UNLIMITED_KB (-2)	/* "max", or v1's PAGE_COUNTER_MAX */

static int64_t file__int(const char *dir, const char *name)
{
	char path[600], buf[64];
	FILE *f;
	int64_t v = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		if (!strncmp(buf, "max", 3))
			v = UNLIMITED_KB;
		else
			v = strtoll(buf, NULL, 10);
	}
	fclose(f);
	return v;
}

/* bytes → kB; v1 reports "unlimited" as a huge page-aligned number */
static int64_t bytes_to_kb(int64_t v)
{
	if (v < 0)
		return v;
	if (v >= (INT64_C(1) << 60))
		return UNLIMITED_KB;
	return v / 1024;
}

static void meminfo__read(struct ev_mem_snapshot *s)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
#define K(name, field) { name ":", offsetof(struct ev_mem_snapshot, field) }
		K("MemTotal", mem_total_kb), K("MemFree", mem_free_kb),
		K("MemAvailable", mem_available_kb), K("SwapTotal", swap_total_kb),
		K("SwapFree", swap_free_kb), K("SwapCached", swap_cached_kb),
		K("Active(anon)", active_anon_kb), K("Inactive(anon)", inactive_anon_kb),
		K("Active(file)", active_file_kb), K("Inactive(file)", inactive_file_kb),
		K("Unevictable", unevictable_kb), K("Mlocked", mlocked_kb), K("Shmem", shmem_kb),
		K("SReclaimable", slab_reclaimable_kb), K("SUnreclaim", slab_unreclaimable_kb),
		K("Dirty", dirty_kb), K("Writeback", writeback_kb), K("CmaTotal", cma_total_kb),
		K("CmaFree", cma_free_kb), K("Hugetlb", hugetlb_kb),
#undef K
	};
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t n = strlen(keys[i].key);

			if (!strncmp(line, keys[i].key, n)) {
				*(__s64 *)((char *)s + keys[i].off) = strtoll(line + n, NULL, 10);
				break;
			}
		}
	}
	fclose(f);
}

bool memcg__read(struct ev_mem_snapshot *s, const struct cgroup_mounts *m, const char *path)
{
	char dir[600];

	if (!m->memory_version || !path[0])
		return false;
	snprintf(dir, sizeof(dir), "%s%s", m->memory, strcmp(path, "/") ? path : "");
	s->memcg_version = m->memory_version;
	snprintf(s->memcg_path, sizeof(s->memcg_path), "%s", path);
	if (m->memory_version == 2) {
		s->memcg_usage_kb = bytes_to_kb(file__int(dir, "memory.current"));
		s->memcg_limit_kb = bytes_to_kb(file__int(dir, "memory.max"));
		s->memcg_swap_usage_kb = bytes_to_kb(file__int(dir, "memory.swap.current"));
		s->memcg_swap_limit_kb = bytes_to_kb(file__int(dir, "memory.swap.max"));
		return s->memcg_usage_kb != -1;
	}
	int64_t memsw_usage = bytes_to_kb(file__int(dir, "memory.memsw.usage_in_bytes"));

	s->memcg_usage_kb = bytes_to_kb(file__int(dir, "memory.usage_in_bytes"));
	s->memcg_limit_kb = bytes_to_kb(file__int(dir, "memory.limit_in_bytes"));
	s->memcg_memsw_limit_kb = bytes_to_kb(file__int(dir, "memory.memsw.limit_in_bytes"));
	s->memcg_failcnt = file__int(dir, "memory.failcnt");
	s->memcg_swappiness = file__int(dir, "memory.swappiness");
	if (memsw_usage >= 0 && s->memcg_usage_kb >= 0)
		s->memcg_swap_usage_kb = memsw_usage - s->memcg_usage_kb;
	if (s->memcg_memsw_limit_kb >= 0 && s->memcg_limit_kb >= 0)
		s->memcg_swap_limit_kb = s->memcg_memsw_limit_kb - s->memcg_limit_kb;
	else if (s->memcg_memsw_limit_kb == UNLIMITED_KB)
		s->memcg_swap_limit_kb = UNLIMITED_KB;
	return s->memcg_usage_kb != -1;
}

/* Was this memcg's limit reached? Usage within 1/32 of the limit (at least 1 MiB):
 * the kill happens at the limit and the victim has not exited yet when we read. */
static bool memcg__at_limit(const struct ev_mem_snapshot *s)
{
	int64_t limit = s->memcg_limit_kb, usage = s->memcg_usage_kb;
	int64_t slack;

	if (limit >= 0 && usage >= 0) {
		slack = limit / 32 > 1024 ? limit / 32 : 1024;
		if (usage + slack >= limit)
			return true;
	}
	if (s->memcg_memsw_limit_kb >= 0 && usage >= 0 && s->memcg_swap_usage_kb >= 0) {
		int64_t memsw = usage + s->memcg_swap_usage_kb;

		slack = s->memcg_memsw_limit_kb / 32 > 1024 ? s->memcg_memsw_limit_kb / 32 : 1024;
		return memsw + slack >= s->memcg_memsw_limit_kb;
	}
	return false;
}

static bool path__is_prefix(const char *prefix, const char *path)
{
	size_t n = strlen(prefix);

	if (!strcmp(prefix, "/"))
		return true;
	return !strncmp(prefix, path, n) && (path[n] == '\0' || path[n] == '/');
}

/* Without the oom_control: the deepest ancestor of the trigger's memcg that
 * also contains the victim and sits at its limit is the OOM memcg. */
static bool memcg__infer_oom(struct ev_mem_snapshot *s, const struct cgroup_mounts *m,
			     const char *trigger_memcg, const char *victim_memcg)
{
	char path[MEMCG_PATH_LEN];

	snprintf(path, sizeof(path), "%s", trigger_memcg[0] ? trigger_memcg : victim_memcg);
	while (path[0] && strcmp(path, "/") != 0) {
		struct ev_mem_snapshot probe = *s;

		if ((!victim_memcg[0] || path__is_prefix(path, victim_memcg)) &&
		    memcg__read(&probe, m, path) && memcg__at_limit(&probe)) {
			*s = probe;
			return true;
		}
		char *slash = strrchr(path, '/');

		if (!slash || slash == path)
			break;
		*slash = '\0';
	}
	return false;
}

void mem_snapshot__take(struct ev_mem_snapshot *s, const struct cgroup_mounts *m, const char *oom_memcg,
			const char *trigger_memcg, const char *victim_memcg)
{
	__s64 *first = &s->mem_total_kb, *last = &s->memcg_swappiness;

	for (__s64 *p = first; p <= last; p++)
		*p = -1;
	s->memcg_version = 0;
	s->constraint_hint = 0;
	s->memcg_path[0] = '\0';
	meminfo__read(s);
	s->swappiness = file__int("/proc/sys/vm", "swappiness");

	if (oom_memcg && oom_memcg[0]) {
		memcg__read(s, m, oom_memcg);
	} else if (memcg__infer_oom(s, m, trigger_memcg, victim_memcg)) {
		s->constraint_hint = OOM_CONSTRAINT_MEMCG + 1;
	} else {
		/* no memcg on the way was at its limit: the machine itself ran out */
		s->constraint_hint = OOM_CONSTRAINT_NONE + 1;
		memcg__read(s, m, victim_memcg);
	}
}
