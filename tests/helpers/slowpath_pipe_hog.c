// SPDX-License-Identifier: GPL-2.0
/*
 * Produces real page allocation failures: joins a memory cgroup (v1, with
 * oom_kill_disable=1 set by the caller), fills it with pipe buffers until a
 * write fails with ENOMEM, then makes EXTRA more writes that fail the same
 * way. Each such write is one failed __GFP_ACCOUNT charge of an order-0
 * page, which the kernel reports as mm_page_alloc with a NULL page.
 *
 * With the OOM killer disabled for the group, a charge that does not come
 * from a user page fault fails instead of killing: nothing here faults in
 * user memory after joining the group (no heap, buffers touched before).
 *
 * usage: slowpath_pipe_hog CGROUP_DIR EXTRA
 * prints: pipes=N pages=N enomem=N (enomem counts the failed writes)
 *
 * With CGROUP_DIR "-" it stays where it is and fills EXTRA pipes (64K each):
 * unmovable pages in bulk, which makes the allocator steal pageblocks from
 * other migratetypes (mm_page_alloc_extfrag).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_PIPES 4096

static int fds[MAX_PIPES][2];
static char page[4096];
static char line[256];

static int join_cgroup(const char *dir)
{
	char path[512];
	int fd, n;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = snprintf(line, sizeof(line), "%d\n", getpid());
	if (write(fd, line, n) != n) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	long extra, pages = 0, enomem = 0;
	int npipes = 0, last = -1, n;

	if (argc != 3) {
		fprintf(stderr, "usage: slowpath_pipe_hog CGROUP_DIR EXTRA\n");
		return 2;
	}
	extra = atol(argv[2]);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(page, 'x', sizeof(page));
	memset(fds, 0, sizeof(fds));
	memset(line, 0, sizeof(line));
	if (!strcmp(argv[1], "-")) {
		for (; npipes < MAX_PIPES && npipes < extra; npipes++) {
			if (pipe2(fds[npipes], O_NONBLOCK))
				break;
			while (write(fds[npipes][1], page, sizeof(page)) > 0)
				pages++;
		}
		n = snprintf(line, sizeof(line), "pipes=%d pages=%ld enomem=0\n", npipes, pages);
		if (write(1, line, n) != n)
			return 1;
		return 0;
	}
	if (join_cgroup(argv[1])) {
		fprintf(stderr, "slowpath_pipe_hog: cannot join %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* fill: one page per write until the group refuses a page */
	while (npipes < MAX_PIPES) {
		if (pipe2(fds[npipes], O_NONBLOCK))
			break;
		npipes++;
		for (;;) {
			ssize_t w = write(fds[npipes - 1][1], page, sizeof(page));

			if (w > 0) {
				pages++;
				continue;
			}
			if (errno == ENOMEM) {
				enomem++;
				last = npipes - 1;
			}
			break;
		}
		if (last >= 0)
			break;
	}
	/* the burst: the same pipe has room, the group has none */
	for (long i = 0; last >= 0 && i < extra; i++) {
		if (write(fds[last][1], page, sizeof(page)) < 0 && errno == ENOMEM)
			enomem++;
		else
			pages++;
	}
	/* give the group its memory back before writing anything (stdout's
	 * page cache would be charged to it too) */
	for (int i = 0; i < npipes; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	n = snprintf(line, sizeof(line), "pipes=%d pages=%ld enomem=%ld\n", npipes, pages, enomem);
	if (write(1, line, n) != n)
		_exit(1);
	/* _exit: libc's exit path could fault in a page the full group refuses,
	 * and with the OOM killer disabled that fault would wait forever */
	_exit(last >= 0 ? 0 : 3);
}
