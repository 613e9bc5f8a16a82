// SPDX-License-Identifier: GPL-2.0
/*
 * bench_pagefault: the hot-path workload. Maps anonymous memory, writes one
 * byte per page (one page fault, one mm_page_alloc each), unmaps, repeats,
 * pinned to one CPU so the cost of whatever is attached to mm_page_alloc shows
 * up as elapsed time on that CPU.
 *
 * Usage: bench_pagefault [-c CPU] [-m MB_PER_MAP] [-n PAGES] [-r REPS]
 * Prints: pages=N ns=N ns_per_page=X pages_per_s=N pid=N cpu_ns_pp=X
 * With -r, PAGES are faulted REPS times and the fastest repetition is printed
 * (interference only ever adds time); pages= is the total faulted.
 * cpu_ns_pp is the task's own CPU time per page: what runs in the faulting
 * task's context (the BPF programs included) without the time it sat
 * preempted by other work, so it is the quieter figure on a busy machine.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static long long clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long cpu = 1, mb = 64, pages = 1400000, reps = 1;
	int opt;

	while ((opt = getopt(argc, argv, "c:m:n:r:")) != -1) {
		switch (opt) {
		case 'c': cpu = atol(optarg); break;
		case 'm': mb = atol(optarg); break;
		case 'n': pages = atol(optarg); break;
		case 'r': reps = atol(optarg) > 0 ? atol(optarg) : 1; break;
		default:
			fprintf(stderr, "usage: bench_pagefault [-c CPU] [-m MB_PER_MAP] [-n PAGES] [-r REPS]\n");
			return 2;
		}
	}
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("bench_pagefault: sched_setaffinity");
		return 1;
	}
	long psz = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)mb << 20;
	long per_map = len / psz;
	long long best = -1, best_cpu = -1;

	for (long r = 0; r < reps; r++) {
		long long start = clock_ns(CLOCK_MONOTONIC), cpu_start = clock_ns(CLOCK_THREAD_CPUTIME_ID);

		for (long done = 0; done < pages;) {
			long n = pages - done < per_map ? pages - done : per_map;
			char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED) {
				perror("bench_pagefault: mmap");
				return 1;
			}
			/* 4 KiB pages only: one fault is one page allocation. */
			madvise(p, len, MADV_NOHUGEPAGE);
			for (long i = 0; i < n; i++)
				((volatile char *)p)[i * psz] = 1;
			munmap(p, len);
			done += n;
		}
		long long ns = clock_ns(CLOCK_MONOTONIC) - start;
		long long cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start;

		if (best < 0 || ns < best)
			best = ns;
		if (best_cpu < 0 || cpu_ns < best_cpu)
			best_cpu = cpu_ns;
	}
	printf("pages=%ld ns=%lld ns_per_page=%.1f pages_per_s=%.0f pid=%d cpu_ns_pp=%.1f\n",
	       pages * reps, best, (double)best / pages, pages * 1e9 / best, getpid(),
	       (double)best_cpu / pages);
	return 0;
}
