// SPDX-License-Identifier: GPL-2.0
/* A task's identity from /proc without touching its memory (see proc_task.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_task.h"

/* /proc/TID/task lists the thread group's threads, its leader first (the
 * kernel walks the group from task->group_leader): that tid is the tgid. */
uint32_t proc_task__tgid(uint32_t tid)
{
	char path[64];
	uint32_t tgid = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%u/task", tid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (!tgid && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			tgid = strtoul(d->d_name, NULL, 10);
	closedir(dir);
	return tgid;
}

void proc_task__comm(uint32_t tid, char *comm, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", tid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, size, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}
