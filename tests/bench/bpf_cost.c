// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_cost: what BPF programs cost while a command runs, from the kernel's own
 * accounting (BPF_ENABLE_STATS: run count and run time of every program).
 * Wall-clock ratios on a shared machine swing by more than the 0.5 point the
 * hot-path bar asks about; this measures the programs' part alone, to the
 * nanosecond, in the same workload.
 *
 *   bpf_cost --ids                 the ids of the programs loaded now
 *   bpf_cost IDS_FILE -- CMD...    run CMD with statistics on; print the sums
 *                                  over programs not listed in IDS_FILE:
 *                                  "programs=N runs=R run_ns=T"
 * The programs of the tool under test are those loaded after --ids was taken.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PROGS 4096

struct prog_stat {
	__u32 id;
	__u64 runs, run_ns;
};

/* Every program's counters; returns how many (at most MAX_PROGS). */
static int stats__take(struct prog_stat *out)
{
	__u32 id = 0;
	int n = 0;

	while (n < MAX_PROGS && !bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue;	/* gone meanwhile */
		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			out[n++] = (struct prog_stat){ id, info.run_cnt, info.run_time_ns };
		close(fd);
	}
	return n;
}

static bool ids__has(const __u32 *ids, int n, __u32 id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static struct prog_stat before[MAX_PROGS], after[MAX_PROGS];
	static __u32 old[MAX_PROGS];
	int nb, na, nold = 0, stats_fd, status;
	__u64 runs = 0, run_ns = 0, progs = 0;
	unsigned int v;
	pid_t pid;
	FILE *f;

	if (argc == 2 && !strcmp(argv[1], "--ids")) {
		na = stats__take(after);
		for (int i = 0; i < na; i++)
			printf("%u\n", after[i].id);
		return 0;
	}
	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: bpf_cost --ids | bpf_cost IDS_FILE -- CMD...\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "bpf_cost: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	while (nold < MAX_PROGS && fscanf(f, "%u", &v) == 1)
		old[nold++] = v;
	fclose(f);
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0) {
		fprintf(stderr, "bpf_cost: cannot turn on BPF run-time statistics: %s\n", strerror(errno));
		return 1;
	}
	nb = stats__take(before);
	pid = fork();
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "bpf_cost: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "bpf_cost: cannot run %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	na = stats__take(after);
	close(stats_fd);
	for (int i = 0; i < na; i++) {
		if (ids__has(old, nold, after[i].id))
			continue;
		progs++;
		runs += after[i].runs;
		run_ns += after[i].run_ns;
		for (int j = 0; j < nb; j++)
			if (before[j].id == after[i].id) {
				runs -= before[j].runs;
				run_ns -= before[j].run_ns;
			}
	}
	printf("programs=%llu runs=%llu run_ns=%llu\n", (unsigned long long)progs, (unsigned long long)runs,
	       (unsigned long long)run_ns);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
