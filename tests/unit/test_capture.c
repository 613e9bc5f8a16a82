// SPDX-License-Identifier: GPL-2.0
/*
 * Capture writer + reader: round trip over many blocks, every truncation of a
 * small file, bit flips, random bytes, rotation and reopen. Records are real
 * event layouts from bpf/events.h with varying contents.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "events.h"
#include "decode.h"
#include "capture_format.h"
#include "capture_reader.h"
#include "capture_writer.h"
#include "crc32c.h"
#include "record_check.h"

static char dir[] = "/tmp/oomtrace-test-capture-XXXXXX";
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Record i: a victim, a reclaim pass or an allocation failure, contents from i. */
static size_t make_record(uint64_t i, void *buf)
{
	memset(buf, 0, sizeof(struct ev_oom_victim));
	switch (i % 3) {
	case 0: {
		struct ev_oom_victim *v = buf;

		v->h.type = EV_OOM_VICTIM;
		v->h.size = sizeof(*v);
		v->victim.pid = v->victim.tgid = 1000 + i;
		snprintf(v->victim.comm, sizeof(v->victim.comm), "hog%llu", (unsigned long long)i);
		v->anon_rss_kb = i * 4;
		break;
	}
	case 1: {
		struct ev_reclaim *r = buf;

		r->h.type = EV_RECLAIM;
		r->h.size = sizeof(*r);
		r->nr_reclaimed = i;
		r->duration_ns = (i * 0x9e3779b97f4a7c15ull) >> 40;	/* not everything compresses */
		break;
	}
	default: {
		struct ev_alloc_fail *a = buf;

		a->h.type = EV_ALLOC_FAIL;
		a->h.size = sizeof(*a);
		a->order = i % 11;
		a->gfp = 0xcc0;
		break;
	}
	}
	((struct event_header *)buf)->version = 1;
	((struct event_header *)buf)->ts_ns = 1000000000ull + i * 1000;
	((struct event_header *)buf)->cpu = i & 1;
	return ((struct event_header *)buf)->size;
}

static void quiet(void *ctx, const char *path, const char *msg)
{
	(void)path;
	(void)msg;
	if (ctx)
		(*(int *)ctx)++;
}

/* Read all of path; check every record against make_record(first + k). Returns records read. */
static long read_check(const char *path, uint64_t first, int *bad, struct capture_read_stats *st, int *warnings)
{
	char err[256], want[512];
	struct capture_reader *r;
	const struct event_header *h;
	long n = 0;
	int ret;

	*bad = 0;
	r = capture_reader__open(path, quiet, warnings, err, sizeof(err));
	if (!r)
		return -1;
	while ((ret = capture_reader__next(r, &h)) == 1) {
		if (h->type == EV_CAPTURE_LOST)
			continue;
		make_record(first + n, want);
		if (h->size != ((struct event_header *)want)->size || memcmp(h, want, h->size))
			(*bad)++;
		n++;
	}
	if (ret < 0)
		(*bad)++;
	if (st)
		*st = *capture_reader__stats(r);
	capture_reader__free(r);
	return n;
}

static struct capture_writer *writer(const char *path, uint64_t max_size, int max_files)
{
	struct capture_writer_opts o = {
		.path = path, .max_size = max_size, .max_files = max_files,
		.hooks = "raw_tp/mark_victim\ntracepoint/oom/reclaim_retry_zone\n",
	};
	static struct kernel_names names;
	char err[256];
	struct capture_writer *w;

	kernel_names__for_version(&names, "");
	o.names = &names;
	w = capture_writer__open(&o, err, sizeof(err));
	if (!w)
		printf("# writer: %s\n", err);
	return w;
}

static void test_crc(void)
{
	CHECK_INT(crc32c(0, "123456789", 9), 0xE3069283, "crc32c check value");
	CHECK_INT(crc32c(crc32c(0, "1234", 4), "56789", 5), 0xE3069283, "crc32c continues");
	CHECK_INT(crc32c(0, "", 0), 0, "crc32c of nothing");
}

static void test_round_trip(void)
{
	char path[512], buf[512];
	struct capture_read_stats st;
	struct capture_writer *w;
	const uint64_t N = 20000;
	int bad = 0, warnings = 0;
	struct stat sb;
	long n;

	snprintf(path, sizeof(path), "%s/rt.cap", dir);
	w = writer(path, 0, 0);
	CHECK(w, "writer opens", "see above");
	if (!w)
		return;
	for (uint64_t i = 0; i < N; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	CHECK(capture_writer__stats(w)->blocks > 10, "many blocks written", "%llu",
	      (unsigned long long)capture_writer__stats(w)->blocks);
	CHECK_INT(capture_writer__close(w), 0, "writer closes clean");
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "capture mode 0600", "mode %o", sb.st_mode & 0777);

	n = read_check(path, 0, &bad, &st, &warnings);
	CHECK_INT(n, N, "round trip: every record back");
	CHECK_INT(bad, 0, "round trip: records identical");
	CHECK_INT(warnings, 0, "round trip: no warnings");
	CHECK_INT(st.tail_bytes + st.skipped_bytes + st.bad_blocks, 0, "round trip: nothing skipped");
	CHECK(st.stored_bytes < st.raw_bytes / 2, "round trip: compressed", "%llu of %llu",
	      (unsigned long long)st.stored_bytes, (unsigned long long)st.raw_bytes);

	{
		char err[256];
		struct capture_reader *r = capture_reader__open(path, NULL, NULL, err, sizeof(err));
		const struct capture_info *in = r ? capture_reader__info(r) : NULL;

		CHECK(in && in->header_ok && in->has_names, "header: ok with names", "%s", r ? "" : err);
		CHECK(in && strstr(in->hooks, "raw_tp/mark_victim"), "header: hooks text", "%s", in ? in->hooks : "");
		CHECK(in && strlen(in->hdr.boot_id) == 36, "header: boot id", "%s", in ? in->hdr.boot_id : "");
		CHECK(in && in->hdr.page_size == (uint32_t)sysconf(_SC_PAGESIZE), "header: page size", "%u",
		      in ? in->hdr.page_size : 0);
		capture_reader__free(r);
	}
}

static int copy_prefix(const char *from, const char *to, off_t len)
{
	char *buf = malloc(len ? len : 1);
	int fd = open(from, O_RDONLY), ok;

	ok = fd >= 0 && pread(fd, buf, len, 0) == len;
	close(fd);
	fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok = ok && fd >= 0 && write(fd, buf, len) == len;
	close(fd);
	free(buf);
	return ok ? 0 : -1;
}

/* A small file of a few blocks, cut at every byte offset: never a crash, never
 * a wrong record, and exactly the complete blocks before the cut are read. */
static void test_truncation(void)
{
	char path[512], cut[512], buf[512];
	struct capture_writer_opts o = { 0 };
	struct capture_writer *w;
	struct stat sb;
	int wrong = 0, notail = 0, opened = 0, bad;
	long prev = 0, dips = 0;

	snprintf(path, sizeof(path), "%s/small.cap", dir);
	snprintf(cut, sizeof(cut), "%s/cut.cap", dir);
	o.path = path;
	o.block_size = 4096;
	w = capture_writer__open(&o, buf, sizeof(buf));
	if (!w) {
		CHECK(0, "truncation: writer", "%s", buf);
		return;
	}
	for (uint64_t i = 0; i < 120; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__close(w);
	stat(path, &sb);
	for (off_t len = 0; len <= sb.st_size; len++) {
		struct capture_read_stats st;
		long n;

		copy_prefix(path, cut, len);
		n = read_check(cut, 0, &bad, &st, NULL);
		if (n < 0)
			continue;	/* clear error: not even a magic */
		opened++;
		wrong += bad;
		if (n < prev)
			dips++;
		prev = n;
		if (len < sb.st_size && n < 120 && st.tail_bytes == 0 && len > (off_t)sizeof(struct capture_file_header) + 4 &&
		    st.blocks == 0 && len > 0)
			notail++;
	}
	CHECK(opened > sb.st_size - 16, "truncation: opens at nearly every length", "%d of %lld", opened,
	      (long long)sb.st_size);
	CHECK_INT(wrong, 0, "truncation: no wrong record at any length");
	CHECK_INT(dips, 0, "truncation: records read never decrease as the file grows");
	CHECK_INT(prev, 120, "truncation: the whole file reads everything");
	CHECK_INT(notail, 0, "truncation: unread bytes are always reported");
}

static void test_bitflips(void)
{
	char path[512], flip[512], buf[512];
	struct capture_writer_opts o = { 0 };
	struct capture_writer *w;
	struct stat sb;
	unsigned char *data;
	int wrong = 0, fd, skipped_reported = 0, trials = 0, mostly = 0, bad;

	snprintf(path, sizeof(path), "%s/flip.cap", dir);
	snprintf(flip, sizeof(flip), "%s/flipped.cap", dir);
	o.path = path;
	o.block_size = 4096;
	w = capture_writer__open(&o, buf, sizeof(buf));
	if (!w)
		return;
	for (uint64_t i = 0; i < 600; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__close(w);
	stat(path, &sb);
	data = malloc(sb.st_size);
	fd = open(path, O_RDONLY);
	if (read(fd, data, sb.st_size) != sb.st_size)
		return;
	close(fd);
	for (int t = 0; t < 400; t++) {
		struct capture_read_stats st;
		off_t at = sizeof(struct capture_file_header) + 1024 +
			   rnd() % (sb.st_size - sizeof(struct capture_file_header) - 1024);
		unsigned char bit = 1u << (rnd() % 8);
		const struct event_header *h;
		struct capture_reader *r;
		long n = 0;

		data[at] ^= bit;
		fd = open(flip, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (write(fd, data, sb.st_size) != sb.st_size)
			wrong++;
		close(fd);
		data[at] ^= bit;

		/* records are read in order; a flipped block drops out, others stay identical */
		r = capture_reader__open(flip, quiet, NULL, buf, sizeof(buf));
		if (!r) {
			wrong++;
			continue;
		}
		while (capture_reader__next(r, &h) == 1) {
			char want[512];
			uint64_t i = (h->ts_ns - 1000000000ull) / 1000;

			make_record(i, want);
			if (i >= 600 || memcmp(h, want, h->size))
				wrong++;
			n++;
		}
		st = *capture_reader__stats(r);
		capture_reader__free(r);
		trials++;
		if (n < 600 && (st.skipped_bytes || st.tail_bytes))
			skipped_reported++;
		if (n >= 600 - 120)
			mostly++;	/* one block lost at most */
		(void)bad;
	}
	free(data);
	CHECK_INT(wrong, 0, "bit flips: no wrong record ever");
	CHECK_INT(skipped_reported, trials - (trials - skipped_reported), "bit flips: damage is reported");
	CHECK_INT(mostly, trials, "bit flips: only the damaged block is lost");
}

/* A write cut short in the middle of a file (the writer could not cut it
 * back): the torn block is skipped, the block after it is read. */
static void test_torn_middle(void)
{
	char path[512], torn[512], buf[512];
	struct capture_writer_opts o = { 0 };
	struct capture_read_stats st;
	struct capture_writer *w;
	unsigned char *d;
	long offs[16], n = 0, got, nr1 = 0;
	struct stat sb;
	int fd, bad = 0;

	snprintf(path, sizeof(path), "%s/torn.cap", dir);
	snprintf(torn, sizeof(torn), "%s/torn2.cap", dir);
	o.path = path;
	o.block_size = 4096;
	w = capture_writer__open(&o, buf, sizeof(buf));
	if (!w)
		return;
	for (uint64_t i = 0; i < 80; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__close(w);
	stat(path, &sb);
	d = malloc(sb.st_size);
	fd = open(path, O_RDONLY);
	if (read(fd, d, sb.st_size) != sb.st_size)
		bad++;
	close(fd);
	for (long i = 0; i + 8 <= sb.st_size && n < 16; i++)
		if (!memcmp(d + i, CAPTURE_BLOCK_MAGIC, 8))
			offs[n++] = i;
	CHECK(n >= 3, "torn middle: at least three blocks", "%ld", n);
	if (n < 3) {
		free(d);
		return;
	}
	nr1 = ((struct capture_block_header *)(d + offs[1]))->nr_records;
	/* keep block 0, the first half of block 1, then blocks 2.. */
	fd = open(torn, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (write(fd, d, offs[1] + (offs[2] - offs[1]) / 2) < 0 ||
	    write(fd, d + offs[2], sb.st_size - offs[2]) < 0)
		bad++;
	close(fd);
	free(d);
	(void)st;
	got = 0;
	{
		char err[256];
		struct capture_reader *r = capture_reader__open(torn, capture_warn_quiet, NULL, err, sizeof(err));
		const struct event_header *h;
		uint64_t last = 0, after = 0;

		while (r && capture_reader__next(r, &h) == 1) {
			uint64_t i = (h->ts_ns - 1000000000ull) / 1000;

			if (i < last)
				bad++;
			if (last && i > last + 1)
				after++;	/* a jump over the torn block, then more */
			last = i;
			got++;
		}
		CHECK_INT(got, 80 - nr1, "torn middle: every record but the torn block's");
		CHECK(after == 1 && last == 79, "torn middle: the blocks after it are read", "jumps %llu last %llu",
		      (unsigned long long)after, (unsigned long long)last);
		CHECK(r && capture_reader__stats(r)->bad_blocks == 1 && !capture_reader__stats(r)->tail_bytes,
		      "torn middle: one damaged block, no tail", "bad %llu",
		      r ? (unsigned long long)capture_reader__stats(r)->bad_blocks : 0);
		capture_reader__free(r);
	}
}

static void test_random_files(void)
{
	char path[512], hpath[512], err[256];
	unsigned char hdr[4096];
	const struct event_header *h;
	int opened = 0, invented = 0, fd;
	ssize_t hlen;
	struct capture_writer *w;

	/* a real header (an empty capture) to put random bytes behind */
	snprintf(hpath, sizeof(hpath), "%s/empty.cap", dir);
	w = writer(hpath, 0, 1);
	capture_writer__close(w);
	fd = open(hpath, O_RDONLY);
	hlen = read(fd, hdr, sizeof(hdr));
	close(fd);
	CHECK(hlen > (ssize_t)sizeof(struct capture_file_header), "empty capture: header only", "%zd", hlen);
	if (hlen <= 0)
		return;

	snprintf(path, sizeof(path), "%s/random.cap", dir);
	for (int t = 0; t < 300; t++) {
		size_t len = rnd() % 20000, from = 0;
		unsigned char *b = malloc(len + hlen);
		struct capture_reader *r;

		if (t % 2) {	/* half behind a valid header */
			memcpy(b, hdr, hlen);
			from = hlen;
		}
		for (size_t i = from; i < len + from; i++)
			b[i] = rnd();
		if (t % 4 == 1 && len > 100)	/* some with block magics sprinkled in */
			for (int k = 0; k < 5; k++)
				memcpy(b + from + rnd() % (len - 60), CAPTURE_BLOCK_MAGIC, CAPTURE_MAGIC_LEN);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (write(fd, b, len + from) != (ssize_t)(len + from))
			invented++;
		close(fd);
		free(b);
		r = capture_reader__open(path, capture_warn_quiet, NULL, err, sizeof(err));
		if (!r)
			continue;
		opened++;
		while (capture_reader__next(r, &h) == 1)
			invented++;	/* random bytes hold no valid block */
		if (capture_reader__stats(r)->tail_bytes + capture_reader__stats(r)->skipped_bytes != len)
			invented++;	/* every random byte is reported as unusable */
		capture_reader__free(r);
	}
	CHECK_INT(opened, 150, "random files: only those with a real header open");
	CHECK_INT(invented, 0, "random files: no record invented, every byte accounted");
}

static int count_files(const char *prefix_name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, prefix_name, strlen(prefix_name)))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_rotation(void)
{
	char path[512], name[600], buf[512];
	struct capture_writer *w;
	uint64_t total = 0, i;
	int too_big = 0, bad = 0;
	long seen = 0;

	snprintf(path, sizeof(path), "%s/rot.cap", dir);
	w = writer(path, 64 << 10, 4);
	if (!w)
		return;
	for (i = 0; i < 30000; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__close(w);
	CHECK_INT(count_files("rot.cap"), 4, "rotation: max-files kept");
	for (int k = 0; k < 6; k++) {
		struct stat sb;

		if (k)
			snprintf(name, sizeof(name), "%s.%d", path, k);
		else
			snprintf(name, sizeof(name), "%s", path);
		if (stat(name, &sb))
			continue;
		if (sb.st_size > 64 << 10)
			too_big++;
	}
	CHECK_INT(too_big, 0, "rotation: no file over max-size");
	/* the kept files, oldest first, hold the last records without a gap */
	for (int k = 3; k >= 0; k--) {
		struct capture_read_stats st;
		char err[256];
		struct capture_reader *r;
		const struct event_header *h;

		if (k)
			snprintf(name, sizeof(name), "%s.%d", path, k);
		else
			snprintf(name, sizeof(name), "%s", path);
		r = capture_reader__open(name, NULL, NULL, err, sizeof(err));
		if (!r) {
			bad++;
			continue;
		}
		if (capture_reader__info(r)->hdr.file_seq == 0)
			bad++;	/* the first files were rotated out */
		while (capture_reader__next(r, &h) == 1) {
			static uint64_t last;
			uint64_t idx = (h->ts_ns - 1000000000ull) / 1000;

			if (seen && idx != last + 1)
				bad++;
			last = idx;
			seen++;
			total = idx;
		}
		st = *capture_reader__stats(r);
		if (st.tail_bytes || st.skipped_bytes)
			bad++;
		capture_reader__free(r);
	}
	CHECK_INT(bad, 0, "rotation: kept files continue each other");
	CHECK_INT(total, i - 1, "rotation: newest file ends with the last record");
	CHECK(seen > 1000, "rotation: kept files hold data", "%ld", seen);
}

static void test_reopen(void)
{
	char path[512], moved[600], buf[512];
	struct capture_writer *w;
	int bad;
	long a, b;

	snprintf(path, sizeof(path), "%s/hup.cap", dir);
	snprintf(moved, sizeof(moved), "%s/hup.cap.moved", dir);
	w = writer(path, 0, 1);
	if (!w)
		return;
	for (uint64_t i = 0; i < 100; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	rename(path, moved);		/* what logrotate does */
	capture_writer__reopen(w);	/* what SIGHUP does */
	for (uint64_t i = 100; i < 150; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__flush(w);
	a = read_check(moved, 0, &bad, NULL, NULL);
	CHECK(a == 100 && !bad, "reopen: moved file complete", "%ld records, %d bad", a, bad);
	b = read_check(path, 100, &bad, NULL, NULL);
	CHECK(b == 50 && !bad, "reopen: new file continues", "%ld records, %d bad", b, bad);

	/* logrotate copytruncate: the same file, emptied in place */
	if (truncate(path, 0) == 0)
		capture_writer__reopen(w);
	for (uint64_t i = 150; i < 170; i++) {
		make_record(i, buf);
		capture_writer__append(w, (void *)buf);
	}
	capture_writer__close(w);
	b = read_check(path, 150, &bad, NULL, NULL);
	CHECK(b == 20 && !bad, "reopen: truncated in place gets a new header", "%ld records, %d bad", b, bad);
}

static void test_tick_flush(void)
{
	char path[512], buf[512];
	struct capture_writer *w;
	struct timespec ts;
	struct stat sb;
	long n;
	int bad;

	snprintf(path, sizeof(path), "%s/tick.cap", dir);
	w = writer(path, 0, 1);
	if (!w)
		return;
	make_record(0, buf);
	capture_writer__append(w, (void *)buf);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	capture_writer__tick(w, ts.tv_sec * 1000000000ull + ts.tv_nsec);
	stat(path, &sb);
	n = read_check(path, 0, &bad, NULL, NULL);
	CHECK_INT(n, 0, "tick: a fresh record waits for the interval");
	capture_writer__tick(w, ts.tv_sec * 1000000000ull + ts.tv_nsec + 1100000000ull);
	n = read_check(path, 0, &bad, NULL, NULL);
	CHECK_INT(n, 1, "tick: flushed after a second, writer still open");
	capture_writer__close(w);
}

static void fsize_limit(rlim_t bytes)
{
	struct rlimit rl;

	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = bytes;
	setrlimit(RLIMIT_FSIZE, &rl);
}

static int count_lines(const char *path, const char *needle)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

/* A disk at the edge of full fails, lets a block through, fails again: one
 * failure line and one resume line, not one pair per flap; every loss is
 * still counted, in the stats and in the file. RLIMIT_FSIZE stands in for
 * the full disk: it fails writes past a size, like ENOSPC, without a mount. */
static void test_flapping_failure(void)
{
	char path[512], errpath[512], buf[512];
	struct capture_read_stats st;
	struct capture_writer *w;
	struct rlimit saved;
	struct stat sb;
	uint64_t i = 0;
	int bad, saved_fd, efd;
	long n;

	snprintf(path, sizeof(path), "%s/flap.cap", dir);
	snprintf(errpath, sizeof(errpath), "%s/flap.err", dir);
	w = writer(path, 0, 1);
	if (!w)
		return;
	getrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, SIG_IGN);
	fflush(stderr);
	saved_fd = dup(2);
	efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(efd, 2);
	close(efd);

	for (int flap = 0; flap < 3; flap++) {
		make_record(i++, buf);
		capture_writer__append(w, (void *)buf);
		capture_writer__flush(w);		/* goes through */
		stat(path, &sb);
		fsize_limit(sb.st_size);		/* "full" */
		for (int k = 0; k < 5; k++) {
			make_record(i++, buf);
			capture_writer__append(w, (void *)buf);
			capture_writer__flush(w);	/* fails, counted */
		}
		setrlimit(RLIMIT_FSIZE, &saved);
	}
	make_record(i++, buf);
	capture_writer__append(w, (void *)buf);
	CHECK_INT(capture_writer__stats(w)->lost_records, 15, "flapping: every record that failed is counted");
	CHECK_INT(capture_writer__close(w), -EIO, "flapping: close says records were lost");
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	signal(SIGXFSZ, SIG_DFL);

	CHECK_INT(count_lines(errpath, "failed: File too large"), 1, "flapping: one failure line for three failures");
	CHECK_INT(count_lines(errpath, "resumed; 5 records were lost"), 1, "flapping: one resume line");
	CHECK_INT(count_lines(errpath, "15 records ("), 1, "flapping: the closing line counts all three failures");
	n = read_check(path, 0, &bad, &st, NULL);
	CHECK_INT(n, 4, "flapping: the blocks that got through read back");
	CHECK_INT(st.lost_records, 15, "flapping: the file says 15 records are missing");
}

/* Batches of streamed allocations are stored whole; counts are of allocations;
 * a batch whose nr does not fit its size is refused, never read past. */
static void test_batches(void)
{
	struct ev_page_alloc_batch b = { 0 };
	struct capture_read_stats st;
	const struct event_header *h;
	char path[512], err[256];
	struct capture_writer *w;
	struct capture_reader *r;
	long got = 0, items = 0;

	snprintf(path, sizeof(path), "%s/batch.cap", dir);
	w = writer(path, 0, 1);
	if (!w)
		return;
	for (uint32_t n = 1; n <= STREAM_BATCH; n++) {
		b.h = (struct event_header){ .type = EV_PAGE_ALLOC_BATCH, .version = EV_PAGE_ALLOC_BATCH_V,
					     .size = PAGE_ALLOC_BATCH_SIZE(n), .ts_ns = 1000 + n };
		b.first_ts = 1000;
		b.nr = n;
		for (uint32_t i = 0; i < n; i++)
			b.items[i] = (struct page_alloc_item){ .pfn = n * 100 + i, .pid = n, .order = i % 4 };
		capture_writer__append(w, &b.h);
	}
	capture_writer__flush(w);
	CHECK_INT(capture_writer__stats(w)->records, STREAM_BATCH * (STREAM_BATCH + 1) / 2,
		  "batches: the writer counts allocations");
	CHECK_INT(capture_writer__close(w), 0, "batches: written");
	r = capture_reader__open(path, quiet, NULL, err, sizeof(err));
	if (!r) {
		printf("FAIL - batches: %s\n", err);
		return;
	}
	while (capture_reader__next(r, &h) == 1) {
		const struct ev_page_alloc_batch *rb = (const void *)h;

		if (h->type != EV_PAGE_ALLOC_BATCH)
			continue;
		got++;
		if (record__check(h, h->size) == RECORD_OK && h->size == PAGE_ALLOC_BATCH_SIZE(rb->nr) &&
		    rb->items[rb->nr - 1].pfn == rb->nr * 100 + rb->nr - 1)
			items += rb->nr;
	}
	st = *capture_reader__stats(r);
	capture_reader__free(r);
	CHECK_INT(got, STREAM_BATCH, "batches: read back one record each");
	CHECK_INT(items, STREAM_BATCH * (STREAM_BATCH + 1) / 2, "batches: sized to their items, items intact");
	CHECK_INT(st.records, STREAM_BATCH * (STREAM_BATCH + 1) / 2, "batches: the reader counts allocations");

	b.nr = STREAM_BATCH + 1;
	b.h.size = sizeof(b);
	CHECK_INT(record__check(&b.h, sizeof(b)), RECORD_MALFORMED, "batches: more items than a batch holds");
	b.nr = 5;
	b.h.size = PAGE_ALLOC_BATCH_SIZE(4);
	CHECK_INT(record__check(&b.h, sizeof(b)), RECORD_MALFORMED, "batches: more items than its size holds");
	CHECK_INT(record__items(&b.h), 4, "batches: items never counted past the size");
	b.h.size = PAGE_ALLOC_BATCH_SIZE(5);
	CHECK_INT(record__check(&b.h, sizeof(b)), RECORD_OK, "batches: a partial batch");
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(dir)) {
		printf("FAIL - capture: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_crc();
	test_round_trip();
	test_truncation();
	test_bitflips();
	test_torn_middle();
	test_random_files();
	test_rotation();
	test_reopen();
	test_tick_flush();
	test_flapping_failure();
	test_batches();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	CHECK_DONE();
}
