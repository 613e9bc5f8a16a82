// SPDX-License-Identifier: GPL-2.0
/*
 * vm_hog: grow anonymous memory until the OOM killer takes us (VM tests only).
 *   vm_hog plain   touch each new page (swappable, compressible)
 *   vm_hog mlock   mlockall() first, so nothing we own can go to swap
 *   vm_hog fill    fill every page with one constant byte: zram keeps such
 *                  pages for free, so swap fills before RAM runs out
 * Sets its own oom_score_adj to 1000 so it, not the harness, is the victim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (1UL << 20)

static void set_adj(const char *v)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "w");

	if (!f || fputs(v, f) < 0 || fclose(f) != 0)
		perror("vm_hog: oom_score_adj");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "plain";
	long page = sysconf(_SC_PAGESIZE);
	unsigned long total = 0;

	if (strcmp(mode, "plain") && strcmp(mode, "mlock") && strcmp(mode, "fill")) {
		fprintf(stderr, "usage: vm_hog plain|mlock|fill\n");
		return 2;
	}
	set_adj("1000");
	if (!strcmp(mode, "mlock") && mlockall(MCL_CURRENT | MCL_FUTURE)) {
		perror("vm_hog: mlockall");
		return 1;
	}
	printf("vm_hog: pid %d mode %s\n", getpid(), mode);
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
}
