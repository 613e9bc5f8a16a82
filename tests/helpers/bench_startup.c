// SPDX-License-Identifier: GPL-2.0
/*
 * bench_startup: launch a tracing tool and keep firing oom:oom_score_adj_update
 * so the benchmark can tell when the tool really started tracing.
 *
 * Every event carries its sequence number in the task's comm ("oa%08u"): the
 * kernel writes the writer's comm into the tracepoint record. The launch time
 * and the time each event fired are written to TIMES, so afterwards the first
 * sequence number the tool captured says when it was ready, whether the tool
 * prints live (bpftrace, perf trace, oomtrace) or writes a file that is only
 * decoded later (trace-cmd record, perf record). Writing the current value again
 * is enough: __set_oom_adj() fires the tracepoint on every accepted write.
 *
 * The tool's stderr goes through a pipe and every line is stored with the time
 * (us since launch) it arrived, so "ready" lines can be timed too.
 *
 * Usage: bench_startup [-p PERIOD_US] [-d DURATION_MS] -t TIMES -o OUT -e ERR -- CMD ARGS...
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct timespec t0;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - t0.tv_sec) * 1000000000LL + (ts.tv_nsec - t0.tv_nsec);
}

struct err_pump {
	int fd;
	FILE *out;
};

/* Copy the tool's stderr line by line, each prefixed with its arrival time. */
static void *err_pump__run(void *arg)
{
	struct err_pump *p = arg;
	FILE *in = fdopen(p->fd, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!in)
		return NULL;
	while (getline(&line, &cap, in) > 0) {
		fprintf(p->out, "%lld %s", now_ns() / 1000, line);
		fflush(p->out);
	}
	free(line);
	fclose(in);
	return NULL;
}

static int child_wait(pid_t pid, int timeout_ms)
{
	int status;

	for (int waited = 0; waited < timeout_ms; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		usleep(10000);
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *times_path = NULL, *out_path = NULL, *err_path = NULL;
	long period_us = 200, duration_ms = 1000;
	int opt;

	while ((opt = getopt(argc, argv, "+p:d:t:o:e:")) != -1) {
		switch (opt) {
		case 'p': period_us = atol(optarg); break;
		case 'd': duration_ms = atol(optarg); break;
		case 't': times_path = optarg; break;
		case 'o': out_path = optarg; break;
		case 'e': err_path = optarg; break;
		default: goto usage;
		}
	}
	if (!times_path || !out_path || !err_path || optind >= argc || period_us <= 0)
		goto usage;

	int adj = open("/proc/self/oom_score_adj", O_RDWR);
	char cur[16] = "0";
	if (adj < 0 || read(adj, cur, sizeof(cur) - 1) <= 0) {
		fprintf(stderr, "bench_startup: cannot read /proc/self/oom_score_adj: %s\n", strerror(errno));
		return 1;
	}
	size_t cur_len = strcspn(cur, "\n");

	FILE *err_out = fopen(err_path, "w");
	int out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int errp[2];
	if (!err_out || out_fd < 0 || pipe(errp)) {
		fprintf(stderr, "bench_startup: cannot create outputs: %s\n", strerror(errno));
		return 1;
	}
	long max_events = duration_ms * 1000 / period_us + 1;
	long long *fired = calloc(max_events, sizeof(*fired));
	if (!fired)
		return 1;
	prctl(PR_SET_TIMERSLACK, 1UL);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_startup: fork");
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(out_fd, 1);
		dup2(errp[1], 2);
		close(errp[0]);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "bench_startup: exec %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	close(errp[1]);
	struct err_pump pump = { .fd = errp[0], .out = err_out };
	pthread_t thr;
	pthread_create(&thr, NULL, err_pump__run, &pump);

	long n = 0;
	int status, exited = 0;
	for (; n < max_events; n++) {
		char comm[16];
		struct timespec next = t0;
		long long at = (long long)(n + 1) * period_us * 1000;

		snprintf(comm, sizeof(comm), "oa%08u", (unsigned)(n % 100000000));
		prctl(PR_SET_NAME, comm);
		fired[n] = now_ns();
		if (pwrite(adj, cur, cur_len, 0) < 0) {
			fprintf(stderr, "bench_startup: write oom_score_adj: %s\n", strerror(errno));
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			exited = 1;
			n++;
			break;
		}
		next.tv_sec += at / 1000000000LL;
		next.tv_nsec += at % 1000000000LL;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}

	int rc = 0;
	if (exited) {
		fprintf(stderr, "bench_startup: %s exited early (status %d)\n", argv[optind], status);
		rc = 2;
	} else {
		kill(pid, SIGINT);
		if (child_wait(pid, 20000) < 0) {
			kill(-pid, SIGKILL);
			child_wait(pid, 5000);
			fprintf(stderr, "bench_startup: %s ignored SIGINT; killed\n", argv[optind]);
			rc = 3;
		}
	}
	pthread_join(thr, NULL);
	fclose(err_out);

	FILE *tf = fopen(times_path, "w");
	if (!tf)
		return 1;
	for (long i = 0; i < n; i++)
		fprintf(tf, "%ld %lld\n", i, fired[i] / 1000);
	fclose(tf);
	return rc;

usage:
	fprintf(stderr, "usage: bench_startup [-p PERIOD_US] [-d DURATION_MS] -t TIMES -o OUT -e ERR -- CMD ARGS...\n");
	return 2;
}
