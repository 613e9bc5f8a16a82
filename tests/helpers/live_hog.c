// SPDX-License-Identifier: GPL-2.0
/*
 * A memory hog for live tests: optionally joins a cgroup and raises its
 * oom_score_adj, then touches memory 1 MiB at a time until it is killed
 * (or until a cap, so that it never threatens the machine).
 * usage: live_hog [--cgroup-procs FILE] [--adj N] [--max-mb N] [--leader-exits]
 * --leader-exits: a thread named hog_worker grows the memory and the main
 * thread exits, so the OOM killer's victim is a thread that is not its
 * process's leader (the kernel names its tid, "Killed process TID"); the
 * worker's tid is printed as "live_hog: worker tid N" on stderr.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static long max_mb = 1024;

static void write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(val, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static void *grow(void *named)
{
	if (named) {
		prctl(PR_SET_NAME, "hog_worker", 0, 0, 0);
		fprintf(stderr, "live_hog: worker tid %d\n", gettid());
	}
	for (long mb = 0; mb < max_mb; mb++) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			exit(3);
		for (int off = 0; off < (1 << 20); off += 4096)
			p[off] = 1;
	}
	fprintf(stderr, "live_hog: reached %ld MiB without being killed\n", max_mb);
	exit(4);
}

int main(int argc, char **argv)
{
	bool leader_exits = false;
	char buf[32];
	pthread_t t;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--leader-exits")) {
			leader_exits = true;
		} else if (i + 1 < argc && !strcmp(argv[i], "--cgroup-procs")) {
			snprintf(buf, sizeof(buf), "%d", getpid());
			write_file(argv[++i], buf);
		} else if (i + 1 < argc && !strcmp(argv[i], "--adj")) {
			write_file("/proc/self/oom_score_adj", argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--max-mb")) {
			max_mb = atol(argv[++i]);
		}
	}
	if (!leader_exits)
		grow(NULL);
	if (pthread_create(&t, NULL, grow, "named") != 0) {
		perror("live_hog: pthread_create");
		return 2;
	}
	pthread_exit(NULL);	/* the process lives on in its worker */
}
