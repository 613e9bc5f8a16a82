// SPDX-License-Identifier: GPL-2.0
/*
 * capture_gen: writes real-looking records (victims, reclaim passes,
 * allocation failures, memory snapshots) through the capture writer, the
 * way 'oomtrace record' does, for the capture tests: bursts to be killed
 * with -9, rotation, SIGHUP, a full disk.
 *
 *   capture_gen -o FILE [-n RECORDS] [-r PER_SECOND] [-s MAX_SIZE] [-f MAX_FILES]
 *               [-R ROTATE_MS] [-b BLOCK_SIZE]
 *
 * Record i has ts_ns = 1e9 + i * 1000 and contents derived from i, so a
 * reader can check every record it gets back (capture_check does).
 * -n 0 runs until SIGTERM/SIGINT. SIGHUP reopens. At exit it prints
 * "generated N written W lost L errors E files F" on stdout.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "decode.h"
#include "capture_writer.h"
#include "capture_gen.h"

static volatile sig_atomic_t stop, hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup = 1;
	else
		stop = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct capture_writer_opts o = { .hooks = "capture_gen: synthetic records\n" };
	const struct capture_writer_stats *st;
	uint64_t n = 1000, rate = 0, i, last_tick = 0, t0;
	static struct kernel_names names;
	union gen_record rec;
	struct capture_writer *w;
	struct sigaction sa = { .sa_handler = on_signal };
	char err[512];
	int c;

	while ((c = getopt(argc, argv, "o:n:r:s:f:R:b:")) != -1) {
		switch (c) {
		case 'o': o.path = optarg; break;
		case 'n': n = strtoull(optarg, NULL, 0); break;
		case 'r': rate = strtoull(optarg, NULL, 0); break;
		case 's': o.max_size = strtoull(optarg, NULL, 0); break;
		case 'f': o.max_files = atoi(optarg); break;
		case 'R': o.rotate_every_ns = strtoull(optarg, NULL, 0) * 1000000ull; break;
		case 'b': o.block_size = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: capture_gen -o FILE [-n N] [-r RATE] [-s MAX_SIZE] [-f MAX_FILES] "
				"[-R ROTATE_MS] [-b BLOCK]\n");
			return 2;
		}
	}
	kernel_names__for_version(&names, "");
	o.names = &names;
	w = capture_writer__open(&o, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "capture_gen: %s\n", err);
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	t0 = now_ns();
	for (i = 0; !stop && (!n || i < n); i++) {
		uint64_t now;

		gen_record(i, &rec);
		capture_writer__append(w, &rec.h);
		if (hup) {
			hup = 0;
			capture_writer__reopen(w);
		}
		if (rate && i % (rate / 100 + 1) == 0) {
			/* pace to the rate: sleep until record i is due */
			uint64_t due = t0 + i * 1000000000ull / rate;

			now = now_ns();
			if (due > now)
				usleep((due - now) / 1000);
		}
		if ((i & 255) == 0 || rate) {
			now = now_ns();
			if (now - last_tick > 100000000ull) {
				capture_writer__tick(w, now);
				last_tick = now;
			}
		}
	}
	st = capture_writer__stats(w);
	printf("generated %llu written %llu lost %llu errors %llu files %llu\n", (unsigned long long)i,
	       (unsigned long long)st->records, (unsigned long long)st->lost_records,
	       (unsigned long long)st->write_errors, (unsigned long long)st->files);
	fflush(stdout);
	/* the counts after the final flush */
	capture_writer__flush(w);
	printf("final written %llu lost %llu\n", (unsigned long long)st->records,
	       (unsigned long long)st->lost_records);
	fflush(stdout);
	return capture_writer__close(w) ? 3 : 0;
}
