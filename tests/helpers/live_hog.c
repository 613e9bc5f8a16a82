// SPDX-License-Identifier: GPL-2.0
/*
 * A memory hog for live tests: optionally joins a cgroup and raises its
 * oom_score_adj, then touches memory 1 MiB at a time until it is killed
 * (or until a cap, so that it never threatens the machine).
 * usage: live_hog [--cgroup-procs FILE] [--adj N] [--max-mb N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(val, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	long max_mb = 1024;
	char buf[32];

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--cgroup-procs")) {
			snprintf(buf, sizeof(buf), "%d", getpid());
			write_file(argv[i + 1], buf);
		} else if (!strcmp(argv[i], "--adj")) {
			write_file("/proc/self/oom_score_adj", argv[i + 1]);
		} else if (!strcmp(argv[i], "--max-mb")) {
			max_mb = atol(argv[i + 1]);
		}
	}
	for (long mb = 0; mb < max_mb; mb++) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return 3;
		for (int off = 0; off < (1 << 20); off += 4096)
			p[off] = 1;
	}
	fprintf(stderr, "live_hog: reached %ld MiB without being killed\n", max_mb);
	return 4;
}
