// SPDX-License-Identifier: GPL-2.0
/*
 * vm_hog: grow anonymous memory until the OOM killer takes us (VM tests only).
 *   vm_hog plain   touch each new page (swappable, compressible)
 *   vm_hog mlock   mlockall() first, so nothing we own can go to swap
 *   vm_hog fill    fill every page with one constant byte: zram keeps such
 *                  pages for free, so swap fills before RAM runs out
 * Sets its own oom_score_adj to 1000 so it, not the harness, is the victim.
 * With "thread" as the second argument the memory is grown by a second thread
 * named "hog_worker": the task that triggers the OOM is then not the process
 * leader, so tid/pid and thread/process names can be told apart.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#define CHUNK (1UL << 20)

static void set_adj(const char *v)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "w");

	if (!f || fputs(v, f) < 0 || fclose(f) != 0)
		perror("vm_hog: oom_score_adj");
}

static const char *mode = "plain";

static void *grow(void *named)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long total = 0;

	if (named)
		prctl(PR_SET_NAME, "hog_worker", 0, 0, 0);
	printf("vm_hog: pid %d tid %d mode %s\n", getpid(), gettid(), mode);
	fflush(stdout);
	for (;;) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			/* mlock's MCL_FUTURE populates at mmap time and can fail
			 * with EAGAIN/ENOMEM before the OOM killer acts: retry. */
			usleep(1000);
			continue;
		}
		for (unsigned long off = 0; off < CHUNK; off += page) {
			if (!strcmp(mode, "fill"))
				memset(p + off, 0x5a, page);
			else
				p[off] = (char)(off / page + 1);
		}
		total += CHUNK;
		if (total % (32 * CHUNK) == 0) {
			printf("vm_hog: %lu MB\n", total >> 20);
			fflush(stdout);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t worker;

	if (argc > 1)
		mode = argv[1];
	if ((strcmp(mode, "plain") && strcmp(mode, "mlock") && strcmp(mode, "fill")) ||
	    (argc > 2 && strcmp(argv[2], "thread"))) {
		fprintf(stderr, "usage: vm_hog plain|mlock|fill [thread]\n");
		return 2;
	}
	set_adj("1000");
	if (!strcmp(mode, "mlock") && mlockall(MCL_CURRENT | MCL_FUTURE)) {
		perror("vm_hog: mlockall");
		return 1;
	}
	if (argc < 3)
		grow(NULL);
	if (pthread_create(&worker, NULL, grow, (void *)1)) {
		fprintf(stderr, "vm_hog: cannot start the worker thread\n");
		return 1;
	}
	pthread_join(worker, NULL);
	return 0;
}
