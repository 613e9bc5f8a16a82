// SPDX-License-Identifier: GPL-2.0
/*
 * capture_check FILE...: reads captures written by capture_gen (in the order
 * given) and checks every record against the one capture_gen made for its
 * index. Prints one line:
 *   records N bad B first F last L gaps G tail T skipped S lost X damaged D
 * gaps: places where the index did not continue (lost blocks, rotated away).
 * Exit 0 if every file opened and no record was wrong, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "capture_reader.h"
#include "capture_gen.h"

int main(int argc, char **argv)
{
	unsigned long long records = 0, bad = 0, first = 0, last = 0, gaps = 0, tail = 0, skipped = 0;
	unsigned long long lost = 0, damaged = 0;
	int failed = 0, have = 0;

	for (int a = 1; a < argc; a++) {
		const struct capture_read_stats *st;
		const struct event_header *h;
		struct capture_reader *r;
		union gen_record want;
		char err[512];

		r = capture_reader__open(argv[a], capture_warn_quiet, NULL, err, sizeof(err));
		if (!r) {
			fprintf(stderr, "capture_check: %s: %s\n", argv[a], err);
			failed = 1;
			continue;
		}
		while (capture_reader__next(r, &h) == 1) {
			unsigned long long i;

			if (h->type == EV_CAPTURE_LOST)
				continue;
			i = (h->ts_ns - GEN_TS(0)) / 1000;
			gen_record(i, &want);
			if (h->ts_ns < GEN_TS(0) || h->size != want.h.size || memcmp(h, &want, h->size)) {
				bad++;
				continue;
			}
			if (have && i != last + 1)
				gaps++;
			if (!have)
				first = i;
			have = 1;
			last = i;
			records++;
		}
		st = capture_reader__stats(r);
		tail += st->tail_bytes;
		skipped += st->skipped_bytes;
		lost += st->lost_records;
		damaged += st->bad_blocks;
		capture_reader__free(r);
	}
	printf("records %llu bad %llu first %llu last %llu gaps %llu tail %llu skipped %llu lost %llu damaged %llu\n",
	       records, bad, first, last, gaps, tail, skipped, lost, damaged);
	return failed || bad ? 1 : 0;
}
