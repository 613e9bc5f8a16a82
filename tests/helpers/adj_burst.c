// SPDX-License-Identifier: GPL-2.0
/* Fires oom:oom_score_adj_update N times as fast as it can (same value: no privilege needed).
 * usage: adj_burst N [VALUE]   prints the number of successful writes */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, ok = 0;
	const char *val = argc > 2 ? argv[2] : "500";
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);

	if (fd < 0) {
		perror("oom_score_adj");
		return 2;
	}
	for (long i = 0; i < n; i++)
		if (pwrite(fd, val, strlen(val), 0) == (ssize_t)strlen(val))
			ok++;
	printf("%ld\n", ok);
	return ok == n ? 0 : 1;
}
