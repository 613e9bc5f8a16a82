// SPDX-License-Identifier: GPL-2.0
/*
 * The capture writer: block buffering, compression, flushing, rotation and
 * surviving write errors. One block goes out in one write(), so a crash can
 * tear only the last block; a failed write is cut off again with ftruncate so
 * the file never holds a torn block in the middle.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "events.h"
#include "decode.h"
#include "capture_format.h"
#include "capture_writer.h"
#include "crc32c.h"
#include "record_check.h"

#ifndef OOMTRACE_VERSION
#define OOMTRACE_VERSION "0.1"
#endif

_Static_assert(sizeof(struct capture_file_header) == 584, "file header layout");
_Static_assert(sizeof(struct capture_block_header) == 56, "block header layout");

#define LOST_SLOT sizeof(struct ev_capture_lost)
#define MIN_BLOCK 4096u
#define MAX_BLOCK (1u << 20)
#define MIN_FILE_SIZE (16u << 10)
/* A disk at the edge of full lets a small block through now and then (it fits
 * in the slack of the file's last page): at most one failure line this often. */
#define WARN_INTERVAL_NS (60ull * 1000000000ull)

struct capture_writer {
	char *path;
	uint64_t max_size;
	int max_files;
	uint64_t rotate_every_ns;
	uint32_t block_size;
	uint64_t flush_interval_ns;
	int level;
	int mode;
	struct kernel_names names;
	bool has_names;
	char *hooks;
	size_t hooks_len;

	__u8 session_id[16];
	uint64_t next_file_seq;
	uint64_t block_seq;

	/* the live file */
	int fd;
	bool need_header;
	uint64_t offset;		/* bytes of it that are ours and complete */
	uint64_t writeback_from;	/* bytes before this were handed to writeback */
	uint64_t blocks_in_file;
	uint64_t file_started_ns;	/* CLOCK_MONOTONIC */
	dev_t dev;
	ino_t ino;

	/* the block being filled: [LOST_SLOT][records...] */
	unsigned char *raw;
	size_t raw_cap;
	size_t raw_used;		/* record bytes after the slot */
	uint32_t nr;
	uint64_t items;			/* events in them (a batch counts its items) */
	uint64_t first_ts, last_ts;
	uint64_t buffered_since_ns;

	unsigned char *out;		/* block header + stored payload */
	size_t out_cap;
	ZSTD_CCtx *cctx;

	/* write failures */
	bool failing;
	bool announced;			/* this failure was printed */
	int first_errno;
	uint64_t warned_ns;		/* CLOCK_MONOTONIC of the last failure line; 0: none */
	uint64_t quiet_failures;	/* failures since then that were not printed */
	uint64_t quiet_lost_records;	/* and the records they lost */
	uint64_t pend_lost_records, pend_lost_bytes, pend_first_ts, pend_last_ts;

	struct capture_writer_stats stats;
};

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void read_boot_id(char *buf, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");

	buf[0] = 0;
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/* Header bytes for the next file; caller frees. */
static unsigned char *header__build(struct capture_writer *w, size_t *len)
{
	size_t names_size = w->has_names ? sizeof(w->names) : 0;
	size_t total = sizeof(struct capture_file_header) + names_size + w->hooks_len + 4;
	struct capture_file_header *h;
	unsigned char *buf;
	struct utsname u;
	uint32_t crc;

	buf = calloc(1, total);
	if (!buf)
		return NULL;
	h = (struct capture_file_header *)buf;
	memcpy(h->magic, CAPTURE_FILE_MAGIC, CAPTURE_MAGIC_LEN);
	h->version = CAPTURE_VERSION;
	h->header_size = total;
	h->endian = CAPTURE_ENDIAN_MARK;
	h->file_seq = w->next_file_seq++;
	memcpy(h->session_id, w->session_id, sizeof(h->session_id));
	h->created_realtime_ns = clock_ns(CLOCK_REALTIME);
	h->created_monotonic_ns = clock_ns(CLOCK_MONOTONIC);
	h->created_boottime_ns = clock_ns(CLOCK_BOOTTIME);
	h->first_block_seq = w->block_seq;
	h->page_size = sysconf(_SC_PAGESIZE);
	h->names_size = names_size;
	h->hooks_len = w->hooks_len;
	h->block_size = w->block_size;
	if (uname(&u) == 0) {
		snprintf(h->kernel_release, sizeof(h->kernel_release), "%s", u.release);
		snprintf(h->machine, sizeof(h->machine), "%.31s", u.machine);
	}
	read_boot_id(h->boot_id, sizeof(h->boot_id));
	gethostname(h->hostname, sizeof(h->hostname) - 1);
	snprintf(h->tool_version, sizeof(h->tool_version), "oomtrace %s", OOMTRACE_VERSION);
	if (names_size)
		memcpy(buf + sizeof(*h), &w->names, names_size);
	if (w->hooks_len)
		memcpy(buf + sizeof(*h) + names_size, w->hooks, w->hooks_len);
	crc = crc32c(0, buf, total - 4);
	memcpy(buf + total - 4, &crc, 4);
	*len = total;
	return buf;
}

/* Write all of buf at the end of the file, or cut the file back to what it was. */
static int write__all(struct capture_writer *w, const void *buf, size_t len)
{
	const char *p = buf;
	size_t left = len;

	while (left) {
		ssize_t n = write(w->fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : ENOSPC;

			/* no torn block in the middle of a file: drop the part written
			 * (if even that fails, the reader resyncs past it) */
			if (left != len && ftruncate(w->fd, w->offset) == 0)
				lseek(w->fd, 0, SEEK_END);
			return -err;
		}
		p += n;
		left -= n;
	}
	w->offset += len;
	w->stats.file_bytes += len;
	return 0;
}

static int file__write_header(struct capture_writer *w)
{
	unsigned char *buf;
	size_t len;
	int err;

	buf = header__build(w, &len);
	if (!buf)
		return -ENOMEM;
	err = write__all(w, buf, len);
	free(buf);
	if (err) {
		w->next_file_seq--;	/* the next attempt uses the same number */
		return err;
	}
	w->need_header = false;
	return 0;
}

static int file__open(struct capture_writer *w)
{
	struct stat st;
	int fd;

	fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, w->mode);
	if (fd < 0)
		return -errno;
	/* O_TRUNC keeps an old file's mode: captures hold other users' data */
	if (fchmod(fd, w->mode) < 0 || fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	w->fd = fd;
	w->dev = st.st_dev;
	w->ino = st.st_ino;
	w->offset = 0;
	w->writeback_from = 0;
	w->blocks_in_file = 0;
	w->need_header = true;
	w->file_started_ns = clock_ns(CLOCK_MONOTONIC);
	w->stats.files++;
	return file__write_header(w);
}

static void file__close(struct capture_writer *w)
{
	if (w->fd < 0)
		return;
	fdatasync(w->fd);
	close(w->fd);
	w->fd = -1;
}

static int file__ensure(struct capture_writer *w)
{
	if (w->fd < 0)
		return file__open(w);
	if (w->need_header)
		return file__write_header(w);
	return 0;
}

static void path__numbered(const struct capture_writer *w, int n, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%d", w->path, n);
}

/* FILE.(n-1) -> FILE.n, ..., FILE -> FILE.1; the oldest beyond max_files goes. */
static void files__shift(struct capture_writer *w)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (w->max_files <= 1) {
		unlink(w->path);	/* a fresh inode: a reader of the old one is unaffected */
		return;
	}
	path__numbered(w, w->max_files - 1, to, sizeof(to));
	unlink(to);
	for (int i = w->max_files - 2; i >= 1; i--) {
		path__numbered(w, i, from, sizeof(from));
		path__numbered(w, i + 1, to, sizeof(to));
		rename(from, to);
	}
	path__numbered(w, 1, to, sizeof(to));
	rename(w->path, to);
}

static void lost__warn(struct capture_writer *w, int err)
{
	uint64_t now;

	if (w->failing)
		return;
	w->failing = true;
	w->first_errno = err;
	now = clock_ns(CLOCK_MONOTONIC);
	w->announced = !w->warned_ns || now - w->warned_ns >= WARN_INTERVAL_NS;
	if (!w->announced) {
		w->quiet_failures++;
		return;
	}
	fprintf(stderr, "oomtrace: writing capture %s failed: %s; tracing goes on, "
		"records that cannot be written are counted, writing resumes when possible\n",
		w->path, strerror(err));
	if (w->quiet_failures)
		fprintf(stderr, "oomtrace: writing capture %s: %llu shorter failures since the last such line lost %llu records\n",
			w->path, (unsigned long long)w->quiet_failures,
			(unsigned long long)w->quiet_lost_records);
	w->warned_ns = now;
	w->quiet_failures = w->quiet_lost_records = 0;
}

/* The block that ended a failure was written. */
static void lost__resumed(struct capture_writer *w)
{
	w->failing = false;
	if (!w->announced) {
		w->quiet_lost_records += w->pend_lost_records;
		return;
	}
	fprintf(stderr, "oomtrace: writing capture %s resumed; %llu records were lost while it failed\n",
		w->path, (unsigned long long)w->pend_lost_records);
}

static void lost__fill(struct capture_writer *w, struct ev_capture_lost *r)
{
	memset(r, 0, sizeof(*r));
	r->h.type = EV_CAPTURE_LOST;
	r->h.version = EV_CAPTURE_LOST_V;
	r->h.size = sizeof(*r);
	r->h.ts_ns = w->nr ? w->first_ts : w->pend_last_ts;
	r->records = w->pend_lost_records;
	r->bytes = w->pend_lost_bytes;
	r->first_ts = w->pend_first_ts;
	r->last_ts = w->pend_last_ts;
	r->total_records = w->stats.lost_records;
	r->error = w->first_errno;
}

static void block__reset(struct capture_writer *w)
{
	w->raw_used = 0;
	w->nr = 0;
	w->items = 0;
	w->first_ts = w->last_ts = 0;
}

int capture_writer__flush(struct capture_writer *w)
{
	struct capture_block_header *bh = (struct capture_block_header *)w->out;
	bool with_lost = w->pend_lost_records > 0;
	unsigned char *src = w->raw + LOST_SLOT;
	size_t src_len = w->raw_used, stored;
	uint32_t nr = w->nr;
	uint16_t comp = CAPTURE_COMP_NONE;
	int err;

	if (!w->nr && !with_lost)
		return 0;
	if (with_lost) {
		lost__fill(w, (struct ev_capture_lost *)w->raw);
		src = w->raw;
		src_len += LOST_SLOT;
		nr++;
	}

	stored = src_len;
	if (w->level >= 0) {
		size_t n = ZSTD_compressCCtx(w->cctx, w->out + sizeof(*bh), w->out_cap - sizeof(*bh),
					     src, src_len, w->level);

		if (!ZSTD_isError(n) && n < src_len) {
			stored = n;
			comp = CAPTURE_COMP_ZSTD;
		}
	}
	if (comp == CAPTURE_COMP_NONE)
		memcpy(w->out + sizeof(*bh), src, src_len);

	memset(bh, 0, sizeof(*bh));
	memcpy(bh->magic, CAPTURE_BLOCK_MAGIC, CAPTURE_MAGIC_LEN);
	bh->payload_crc = crc32c(0, w->out + sizeof(*bh), stored);
	bh->seq = w->block_seq;
	bh->raw_len = src_len;
	bh->stored_len = stored;
	bh->nr_records = nr;
	bh->compression = comp;
	bh->first_ts = ((const struct event_header *)src)->ts_ns;
	bh->last_ts = w->nr ? w->last_ts : bh->first_ts;
	bh->header_crc = crc32c(0, bh, sizeof(*bh));

	/* a file never grows past max_size, unless one block alone is larger */
	if (w->fd >= 0 && !w->need_header && w->max_size && w->blocks_in_file &&
	    w->offset + sizeof(*bh) + stored > w->max_size) {
		file__close(w);
		files__shift(w);
		err = file__open(w);
		if (err)
			goto fail;
	}
	err = file__ensure(w);
	if (!err)
		err = write__all(w, w->out, sizeof(*bh) + stored);
	if (err)
		goto fail;

	w->block_seq++;
	w->blocks_in_file++;
	w->stats.blocks++;
	w->stats.records += w->items;
	w->stats.raw_bytes += w->raw_used;
	if (w->failing)
		lost__resumed(w);
	w->pend_lost_records = w->pend_lost_bytes = 0;
	w->pend_first_ts = w->pend_last_ts = 0;
	block__reset(w);
	return 0;

fail:
	lost__warn(w, -err);
	w->stats.write_errors++;
	if (w->nr) {
		if (!w->pend_lost_records)
			w->pend_first_ts = w->first_ts;
		w->pend_last_ts = w->last_ts;
		w->pend_lost_records += w->items;
		w->pend_lost_bytes += w->raw_used;
		w->stats.lost_records += w->items;
		w->stats.lost_bytes += w->raw_used;
	}
	block__reset(w);
	return err;
}

int capture_writer__append(struct capture_writer *w, const struct event_header *rec)
{
	if (!rec || rec->size < sizeof(*rec) || rec->size > CAPTURE_MAX_RECORD) {
		w->stats.rejected++;
		return -EINVAL;
	}
	if (w->nr && w->raw_used + rec->size > w->block_size)
		capture_writer__flush(w);
	if (!w->nr) {
		w->buffered_since_ns = clock_ns(CLOCK_MONOTONIC);
		w->first_ts = rec->ts_ns;
	}
	memcpy(w->raw + LOST_SLOT + w->raw_used, rec, rec->size);
	w->raw_used += rec->size;
	w->nr++;
	w->items += record__items(rec);
	w->last_ts = rec->ts_ns;
	if (w->raw_used >= w->block_size)
		capture_writer__flush(w);
	return 0;
}

int capture_writer__rotate(struct capture_writer *w)
{
	int err = capture_writer__flush(w);

	file__close(w);
	files__shift(w);
	if (file__open(w) < 0 && !err)
		err = -EIO;
	return err;
}

void capture_writer__tick(struct capture_writer *w, uint64_t now_ns)
{
	if ((w->nr && now_ns - w->buffered_since_ns >= w->flush_interval_ns) ||
	    (!w->nr && w->pend_lost_records))
		capture_writer__flush(w);
	else if (w->fd < 0 || w->need_header)
		file__ensure(w);	/* space may be back: have the header ready */
	if (w->rotate_every_ns && now_ns - w->file_started_ns >= w->rotate_every_ns)
		capture_writer__rotate(w);
	/* start writeback now (without waiting for it): after a power cut the
	 * file ends seconds before the cut, not the page cache's 30 s */
	if (w->fd >= 0 && w->offset > w->writeback_from) {
		sync_file_range(w->fd, w->writeback_from, w->offset - w->writeback_from, SYNC_FILE_RANGE_WRITE);
		w->writeback_from = w->offset;
	}
}

int capture_writer__reopen(struct capture_writer *w)
{
	struct stat st;
	int err = capture_writer__flush(w);

	if (w->fd >= 0 && stat(w->path, &st) == 0 && st.st_dev == w->dev && st.st_ino == w->ino) {
		if ((uint64_t)st.st_size >= w->offset)
			return err;
		/* copytruncate: the file is ours but emptied; start it again */
		w->offset = st.st_size;
		w->writeback_from = 0;
		if (st.st_size == 0) {
			w->need_header = true;
			w->blocks_in_file = 0;
			return file__write_header(w);
		}
		return err;
	}
	/* moved away (logrotate) or deleted: a new FILE, the next in the sequence */
	if (w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
	}
	return file__open(w);
}

const struct capture_writer_stats *capture_writer__stats(const struct capture_writer *w)
{
	return &w->stats;
}

static void writer__free(struct capture_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	ZSTD_freeCCtx(w->cctx);
	free(w->raw);
	free(w->out);
	free(w->hooks);
	free(w->path);
	free(w);
}

struct capture_writer *capture_writer__open(const struct capture_writer_opts *o, char *err, size_t errlen)
{
	struct capture_writer *w;
	int ret;

	if (!o->path || !*o->path) {
		seterr(err, errlen, "no capture file given");
		return NULL;
	}
	if (o->max_size && o->max_size < MIN_FILE_SIZE) {
		seterr(err, errlen, "--max-size %llu is too small: use at least %uk",
		       (unsigned long long)o->max_size, MIN_FILE_SIZE >> 10);
		return NULL;
	}
	if (o->hooks && strlen(o->hooks) > CAPTURE_MAX_HOOKS) {
		seterr(err, errlen, "hooks description longer than %u bytes", CAPTURE_MAX_HOOKS);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		goto nomem;
	w->fd = -1;
	w->path = strdup(o->path);
	w->max_size = o->max_size;
	w->max_files = o->max_files > 0 ? o->max_files
		     : (o->max_size || o->rotate_every_ns) ? 10 : 1;
	w->rotate_every_ns = o->rotate_every_ns;
	w->block_size = o->block_size ? o->block_size : CAPTURE_DEFAULT_BLOCK;
	if (w->block_size < MIN_BLOCK)
		w->block_size = MIN_BLOCK;
	if (w->block_size > MAX_BLOCK)
		w->block_size = MAX_BLOCK;
	w->flush_interval_ns = o->flush_interval_ns ? o->flush_interval_ns : 1000000000ull;
	/* level 1: on these small fixed-layout records as small as level 3
	 * (10.5x vs 10.4x on a --stream-allocs capture) for less CPU */
	w->level = o->level ? o->level : 1;
	w->mode = o->mode ? o->mode : 0600;
	if (o->names) {
		w->names = *o->names;
		w->has_names = true;
	}
	w->hooks = strdup(o->hooks ? o->hooks : "");
	w->hooks_len = w->hooks ? strlen(w->hooks) : 0;
	/* two blocks must fit in a file, so rotation never makes a file too big */
	if (w->max_size) {
		uint64_t room = (w->max_size - sizeof(struct capture_file_header) -
				 sizeof(w->names) - w->hooks_len) / 2;

		if (room < MIN_BLOCK) {
			seterr(err, errlen, "--max-size %llu leaves no room for data: use a larger size",
			       (unsigned long long)w->max_size);
			writer__free(w);
			return NULL;
		}
		if (w->block_size > room - sizeof(struct capture_block_header) - 1024)
			w->block_size = room - sizeof(struct capture_block_header) - 1024;
	}
	w->raw_cap = LOST_SLOT + w->block_size + CAPTURE_MAX_RECORD;
	w->raw = malloc(w->raw_cap);
	w->out_cap = sizeof(struct capture_block_header) + ZSTD_compressBound(w->raw_cap);
	w->out = malloc(w->out_cap);
	w->cctx = ZSTD_createCCtx();
	if (!w->path || !w->hooks || !w->raw || !w->out || !w->cctx) {
		writer__free(w);
		goto nomem;
	}
	if (getrandom(w->session_id, sizeof(w->session_id), GRND_NONBLOCK) != sizeof(w->session_id)) {
		uint64_t t = clock_ns(CLOCK_REALTIME) ^ ((uint64_t)getpid() << 32);

		memcpy(w->session_id, &t, sizeof(t));
	}

	/* an existing FILE is kept as FILE.1 when rotating, else replaced */
	if (w->max_files > 1 && access(w->path, F_OK) == 0)
		files__shift(w);
	ret = file__open(w);
	if (ret && w->fd >= 0) {
		lost__warn(w, -ret);	/* created, but no room for the header yet */
		ret = 0;
	}
	if (ret) {
		seterr(err, errlen, "cannot create capture %s: %s; check the directory exists and is writable",
		       w->path, strerror(-ret));
		writer__free(w);
		return NULL;
	}
	return w;
nomem:
	seterr(err, errlen, "out of memory");
	return NULL;
}

int capture_writer__close(struct capture_writer *w)
{
	int ret = 0;

	if (!w)
		return 0;
	capture_writer__flush(w);
	if (w->fd >= 0 && fsync(w->fd) < 0 && !w->stats.lost_records)
		fprintf(stderr, "oomtrace: syncing capture %s failed: %s\n", w->path, strerror(errno));
	if (w->stats.lost_records) {
		fprintf(stderr, "oomtrace: capture %s: %llu records (%llu bytes) could not be written (%s)\n",
			w->path, (unsigned long long)w->stats.lost_records,
			(unsigned long long)w->stats.lost_bytes, strerror(w->first_errno));
		ret = -EIO;
	}
	writer__free(w);
	return ret;
}
