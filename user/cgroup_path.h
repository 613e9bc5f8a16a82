/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgroup ids (kernfs node ids, which are the directories' inode numbers)
 * to paths, for the v2 hierarchy and for the hierarchy holding the memory
 * controller (v1 or v2). Resolved by walking the mounted tree, cached.
 */
#ifndef OOMTRACE_CGROUP_PATH_H
#define OOMTRACE_CGROUP_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cgroup_hierarchy {
	CGROUP_DFL = 2,		/* cgroup v2 */
	CGROUP_MEMORY = 1,	/* where the memory controller is: v1 "memory" or v2 */
};

struct cgroup_mounts {
	char v2[256];		/* "" when not mounted */
	char memory[256];	/* mount point of the memory controller's hierarchy */
	int memory_version;	/* 1 or 2, 0 when there is none */
};

int cgroup_mounts__find(struct cgroup_mounts *m);
/* Path relative to the hierarchy's root ("/a/b"); false when not found. */
bool cgroup__path(const struct cgroup_mounts *m, enum cgroup_hierarchy h, uint64_t id, char *buf, size_t len);

#endif
