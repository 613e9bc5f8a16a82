// SPDX-License-Identifier: GPL-2.0
/*
 * Speed of the kernel-log parser behind 'oomtrace explain', on one core,
 * without diagnosis or printing: reads FILE (or builds SIZE_MB of synthetic
 * log from the fixtures and noise lines), parses it ROUNDS times from memory,
 * prints "explain-parse: N MB/s (best of R), I incidents, M MB".
 * Build and run: tests/bench/explain_speed.sh [FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "incident.h"
#include "logparse.h"

static void count(struct incident *inc, void *ctx)
{
	(void)inc;
	(*(long *)ctx)++;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : NULL;
	int rounds = getenv("ROUNDS") ? atoi(getenv("ROUNDS")) : 5;
	double best = 0;
	size_t len = 0;
	long incidents = 0;
	char *text;

	if (!file) {
		fprintf(stderr, "usage: explain_speed FILE (tests/bench/explain_speed.sh builds one)\n");
		return 2;
	}
	text = slurp(file, &len);
	if (!text) {
		fprintf(stderr, "oomtrace: cannot read %s; check the path\n", file);
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		struct logparse *p = logparse__new(count, &incidents);
		double t0 = now(), dt;

		incidents = 0;
		/* feed in 1 MB chunks like explain's read loop */
		for (size_t off = 0; off < len; off += 1 << 20)
			logparse__feed(p, text + off, len - off < (1 << 20) ? len - off : (1 << 20));
		logparse__finish(p);
		dt = now() - t0;
		logparse__free(p);
		if (len / 1e6 / dt > best)
			best = len / 1e6 / dt;
	}
	printf("explain-parse: %.1f MB/s (best of %d), %ld incidents, %.1f MB\n", best, rounds, incidents,
	       len / 1e6);
	free(text);
	return 0;
}
