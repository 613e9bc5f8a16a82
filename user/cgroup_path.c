// SPDX-License-Identifier: GPL-2.0
/* cgroup id → path by walking the mounted hierarchy (ids are inode numbers). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup_path.h"

#define WALK_MAX_DEPTH 16
#define WALK_MAX_DIRS 100000
#define CACHE_SIZE 256

static struct {
	uint64_t id;
	int h;
	char path[256];
} cache[CACHE_SIZE];
static int cache_next;

int cgroup_mounts__find(struct cgroup_mounts *m)
{
	char line[1024], mnt[256], fstype[64], opts[512];
	FILE *f = fopen("/proc/self/mountinfo", "r");

	memset(m, 0, sizeof(*m));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS ... - FSTYPE SOURCE SUPEROPTS */
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, opts) != 2)
			continue;
		if (!strcmp(fstype, "cgroup2") && !m->v2[0]) {
			snprintf(m->v2, sizeof(m->v2), "%s", mnt);
		} else if (!strcmp(fstype, "cgroup")) {
			for (char *tok = strtok(opts, ","); tok; tok = strtok(NULL, ","))
				if (!strcmp(tok, "memory")) {
					snprintf(m->memory, sizeof(m->memory), "%s", mnt);
					m->memory_version = 1;
				}
		}
	}
	fclose(f);
	if (!m->memory_version && m->v2[0]) {
		char path[300], buf[512] = "";
		FILE *c;

		snprintf(path, sizeof(path), "%s/cgroup.controllers", m->v2);
		c = fopen(path, "r");
		if (c) {
			if (fgets(buf, sizeof(buf), c) && strstr(buf, "memory")) {
				snprintf(m->memory, sizeof(m->memory), "%s", m->v2);
				m->memory_version = 2;
			}
			fclose(c);
		}
	}
	return 0;
}

static bool walk(const char *root, size_t root_len, char *path, size_t len, uint64_t id, int depth, int *budget)
{
	size_t n = strlen(path);
	struct dirent *de;
	DIR *d;
	bool found = false;

	if (depth > WALK_MAX_DEPTH || --*budget < 0)
		return false;
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		struct stat st;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (n + 1 + strlen(de->d_name) >= len)
			continue;
		snprintf(path + n, len - n, "/%s", de->d_name);
		if (stat(path, &st) == 0 && (uint64_t)st.st_ino == id)
			found = true;
		else
			found = walk(root, root_len, path, len, id, depth + 1, budget);
		if (!found)
			path[n] = '\0';
	}
	closedir(d);
	return found;
}

bool cgroup__path(const struct cgroup_mounts *m, enum cgroup_hierarchy h, uint64_t id, char *buf, size_t len)
{
	const char *root = h == CGROUP_DFL ? m->v2 : m->memory;
	char path[4096];
	struct stat st;
	int budget = WALK_MAX_DIRS;

	if (!id || !root[0])
		return false;
	for (int i = 0; i < CACHE_SIZE; i++)
		if (cache[i].id == id && cache[i].h == (int)h) {
			snprintf(buf, len, "%s", cache[i].path);
			return true;
		}
	snprintf(path, sizeof(path), "%s", root);
	if (stat(root, &st) == 0 && (uint64_t)st.st_ino == id) {
		snprintf(buf, len, "/");
	} else if (walk(root, strlen(root), path, sizeof(path), id, 0, &budget)) {
		snprintf(buf, len, "%s", path + strlen(root));
	} else {
		return false;
	}
	int slot = cache_next++ % CACHE_SIZE;

	cache[slot].id = id;
	cache[slot].h = h;
	snprintf(cache[slot].path, sizeof(cache[slot].path), "%s", buf);
	return true;
}
