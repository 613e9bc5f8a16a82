// SPDX-License-Identifier: GPL-2.0
/*
 * The capture reader: header validation, block validation, resynchronising
 * after damage, and record iteration. Reads with pread() so a file that is
 * still being written, truncated or huge is never mapped or slurped whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "events.h"
#include "capture_reader.h"
#include "record_check.h"
#include "crc32c.h"

#define SCAN_CHUNK (1u << 20)

struct capture_reader {
	char *path;
	int fd;
	bool own_fd;
	uint64_t size;
	uint64_t pos;			/* next block header */
	struct capture_info info;
	capture_warn_fn warn;
	void *warn_ctx;

	unsigned char *stored;		/* payload as in the file */
	unsigned char *raw;		/* payload decompressed */
	size_t buf_cap;			/* of both */
	uint32_t raw_len;
	uint32_t rpos;			/* next record in raw */
	uint32_t left;			/* records the block header promised */
	uint64_t blk_seq;
	bool have_seq;
	bool done;
	unsigned char *rec;		/* an aligned copy when a record is not */

	struct capture_read_stats stats;
};

static void default_warn(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "oomtrace: %s: %s\n", path, msg);
}

static void warnf(struct capture_reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->warn(r->warn_ctx, r->path, msg);
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

/* pread all of len, or fail: -errno, or -ENODATA past the end */
static int read_at(struct capture_reader *r, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(r->fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

bool capture_block__valid(const struct capture_block_header *bh)
{
	struct capture_block_header copy = *bh;

	if (memcmp(bh->magic, CAPTURE_BLOCK_MAGIC, CAPTURE_MAGIC_LEN))
		return false;
	copy.header_crc = 0;
	if (crc32c(0, &copy, sizeof(copy)) != bh->header_crc)
		return false;
	if (bh->raw_len > CAPTURE_MAX_RAW || bh->stored_len > CAPTURE_MAX_STORED)
		return false;
	if (bh->compression == CAPTURE_COMP_NONE && bh->stored_len != bh->raw_len)
		return false;
	if (bh->compression > CAPTURE_COMP_ZSTD)
		return false;
	if (bh->nr_records > bh->raw_len / sizeof(struct event_header))
		return false;
	return true;
}

/* The offset of the first valid block header at or after from, or size if none. */
static uint64_t scan_for_block(struct capture_reader *r, uint64_t from)
{
	const size_t hlen = sizeof(struct capture_block_header);
	size_t cap = r->size - from < SCAN_CHUNK ? r->size - from : SCAN_CHUNK;
	unsigned char *chunk;
	uint64_t off = from;

	if (from >= r->size)
		return r->size;
	chunk = malloc(cap);
	if (!chunk)
		return r->size;
	while (off + hlen <= r->size) {
		size_t want = r->size - off < cap ? r->size - off : cap;
		size_t i;

		if (read_at(r, chunk, want, off))
			break;
		for (i = 0; i + hlen <= want; i++) {
			unsigned char *m = memchr(chunk + i, CAPTURE_BLOCK_MAGIC[0], want - hlen + 1 - i);
			struct capture_block_header bh;

			if (!m)
				break;
			i = m - chunk;
			memcpy(&bh, m, hlen);
			if (capture_block__valid(&bh)) {
				free(chunk);
				return off + i;
			}
		}
		/* the last hlen-1 bytes are looked at again with the next chunk */
		if (want < hlen)
			break;
		off += want - hlen + 1;
	}
	free(chunk);
	return r->size;
}

static int bufs__reserve(struct capture_reader *r, size_t need)
{
	unsigned char *s, *w;

	if (need <= r->buf_cap)
		return 0;
	s = realloc(r->stored, need);
	if (!s)
		return -ENOMEM;
	r->stored = s;
	w = realloc(r->raw, need);
	if (!w)
		return -ENOMEM;
	r->raw = w;
	r->buf_cap = need;
	return 0;
}

/* Skip from a bad spot at pos to the next good block, searching from 'from'. */
static void resync(struct capture_reader *r, uint64_t bad, uint64_t from, const char *why)
{
	uint64_t next = scan_for_block(r, from);

	if (next >= r->size) {
		r->stats.tail_bytes += r->size - bad;
		warnf(r, "%llu bytes at offset %llu could not be used (%s); no complete block follows",
		      (unsigned long long)(r->size - bad), (unsigned long long)bad, why);
		r->pos = r->size;
		return;
	}
	r->stats.bad_blocks++;
	r->stats.skipped_bytes += next - bad;
	warnf(r, "damaged data at offset %llu (%s): skipped %llu bytes, reading on at the next block",
	      (unsigned long long)bad, why, (unsigned long long)(next - bad));
	r->pos = next;
}

/* Load the next good block into raw. 1: loaded, 0: end of file, -errno. */
static int block__load(struct capture_reader *r)
{
	const size_t hlen = sizeof(struct capture_block_header);
	struct capture_block_header bh;
	int err;

	while (r->pos < r->size) {
		uint64_t at = r->pos;

		if (r->size - at < hlen) {
			r->stats.tail_bytes += r->size - at;
			warnf(r, "the last %llu bytes are an incomplete block (the recording was interrupted); ignored",
			      (unsigned long long)(r->size - at));
			r->pos = r->size;
			return 0;
		}
		err = read_at(r, &bh, hlen, at);
		if (err)
			return err == -ENODATA ? 0 : err;
		if (!capture_block__valid(&bh)) {
			resync(r, at, at + 1, "not a valid block header");
			continue;
		}
		if (bh.stored_len > r->size - at - hlen) {
			/* a torn last block; a good block after it cannot exist */
			r->stats.tail_bytes += r->size - at;
			warnf(r, "the last %llu bytes are an incomplete block (the recording was interrupted); ignored",
			      (unsigned long long)(r->size - at));
			r->pos = r->size;
			return 0;
		}
		if (bufs__reserve(r, bh.stored_len > bh.raw_len ? bh.stored_len : bh.raw_len))
			return -ENOMEM;
		err = read_at(r, r->stored, bh.stored_len, at + hlen);
		if (err)
			return err == -ENODATA ? 0 : err;
		/* on damage, look for the next block from right after this header:
		 * a torn block (a write cut short mid-file) is shorter than it says */
		if (crc32c(0, r->stored, bh.stored_len) != bh.payload_crc) {
			resync(r, at, at + 1, "block payload CRC mismatch");
			continue;
		}
		if (bh.compression == CAPTURE_COMP_ZSTD) {
			size_t n = ZSTD_decompress(r->raw, bh.raw_len, r->stored, bh.stored_len);

			if (ZSTD_isError(n) || n != bh.raw_len) {
				resync(r, at, at + 1, "block does not decompress");
				continue;
			}
		} else {
			memcpy(r->raw, r->stored, bh.raw_len);
		}

		if (r->have_seq && bh.seq > r->blk_seq + 1)
			r->stats.missing_blocks += bh.seq - r->blk_seq - 1;
		if (!r->have_seq)
			r->stats.first_seq = bh.seq;
		r->have_seq = true;
		r->blk_seq = bh.seq;
		r->stats.last_seq = bh.seq;
		r->stats.blocks++;
		r->stats.stored_bytes += hlen + bh.stored_len;
		r->raw_len = bh.raw_len;
		r->rpos = 0;
		r->left = bh.nr_records;
		r->pos = at + hlen + bh.stored_len;
		return 1;
	}
	return 0;
}

static void record__seen(struct capture_reader *r, const struct event_header *h)
{
	r->stats.records += record__items(h);
	r->stats.raw_bytes += h->size;
	if (!r->stats.first_ts)
		r->stats.first_ts = h->ts_ns;
	if (h->ts_ns > r->stats.last_ts)
		r->stats.last_ts = h->ts_ns;
	if (h->type == EV_CAPTURE_LOST && h->size >= sizeof(struct ev_capture_lost)) {
		const struct ev_capture_lost *l = (const void *)h;

		r->stats.lost_records += l->records;
		warnf(r, "the recorder could not write %llu records (%s) before this point",
		      (unsigned long long)l->records, l->error > 0 ? strerror(l->error) : "write error");
	}
}

int capture_reader__next(struct capture_reader *r, const struct event_header **rec)
{
	for (;;) {
		struct event_header h;
		uint32_t room;
		int err;

		if (r->done)
			return 0;
		if (r->rpos >= r->raw_len || !r->left) {
			if (r->rpos < r->raw_len) {
				r->stats.bad_records++;
				warnf(r, "block %llu has %u bytes after its last record; ignored",
				      (unsigned long long)r->blk_seq, r->raw_len - r->rpos);
			}
			r->raw_len = r->rpos = 0;
			err = block__load(r);
			if (err <= 0) {
				r->done = true;
				return err;
			}
			continue;
		}
		room = r->raw_len - r->rpos;
		if (room < sizeof(h)) {
			r->stats.bad_records++;
			r->rpos = r->raw_len;
			continue;
		}
		memcpy(&h, r->raw + r->rpos, sizeof(h));
		if (h.size < sizeof(h) || h.size > room || h.size > CAPTURE_MAX_RECORD) {
			r->stats.bad_records += r->left;
			warnf(r, "block %llu: a record with a bad size (%u); the rest of the block is skipped",
			      (unsigned long long)r->blk_seq, h.size);
			r->rpos = r->raw_len;
			r->left = 0;
			continue;
		}
		if ((uintptr_t)(r->raw + r->rpos) & 7) {
			memcpy(r->rec, r->raw + r->rpos, h.size);
			*rec = (const struct event_header *)r->rec;
		} else {
			*rec = (const struct event_header *)(r->raw + r->rpos);
		}
		r->rpos += h.size;
		r->left--;
		record__seen(r, *rec);
		return 1;
	}
}

static int header__read(struct capture_reader *r, char *err, size_t errlen)
{
	struct capture_file_header *h = &r->info.hdr;
	unsigned char *buf;
	uint32_t crc, want;
	size_t off;

	if (r->size < CAPTURE_MAGIC_LEN) {
		seterr(err, errlen, "not an oomtrace capture: %s (%llu bytes)",
		       r->size ? "too short" : "empty file", (unsigned long long)r->size);
		return -EINVAL;
	}
	memset(h, 0, sizeof(*h));
	if (read_at(r, h, r->size < sizeof(*h) ? r->size : sizeof(*h), 0))
		goto io;
	if (memcmp(h->magic, CAPTURE_FILE_MAGIC, CAPTURE_MAGIC_LEN)) {
		seterr(err, errlen, "not an oomtrace capture (no \"%s\" magic at the start); "
		       "for kernel log text use 'oomtrace explain'", CAPTURE_FILE_MAGIC);
		return -EINVAL;
	}
	r->pos = sizeof(*h);
	if (r->size < sizeof(*h)) {
		warnf(r, "the file header is incomplete (%llu of %zu bytes): the recording stopped as it began",
		      (unsigned long long)r->size, sizeof(*h));
		r->stats.tail_bytes = r->size;
		r->pos = r->size;
		return 0;
	}
	if (h->endian != CAPTURE_ENDIAN_MARK) {
		seterr(err, errlen, "capture was written on a host of the other byte order; read it there");
		return -EINVAL;
	}
	if (h->version != CAPTURE_VERSION) {
		seterr(err, errlen, "capture format version %u is not supported (this oomtrace reads version %u); "
		       "use a newer oomtrace", h->version, CAPTURE_VERSION);
		return -EINVAL;
	}
	h->kernel_release[sizeof(h->kernel_release) - 1] = 0;
	h->machine[sizeof(h->machine) - 1] = 0;
	h->boot_id[sizeof(h->boot_id) - 1] = 0;
	h->hostname[sizeof(h->hostname) - 1] = 0;
	h->tool_version[sizeof(h->tool_version) - 1] = 0;

	want = sizeof(*h) + (uint64_t)h->names_size + h->hooks_len + 4;
	if (h->header_size < sizeof(*h) + 4 || h->header_size > CAPTURE_MAX_HEADER ||
	    h->names_size > CAPTURE_MAX_NAMES || h->hooks_len > CAPTURE_MAX_HOOKS ||
	    h->header_size != want) {
		warnf(r, "the file header is damaged (impossible sizes); kernel names are not taken from it");
		return 0;	/* blocks are still found by their magic */
	}
	if (h->header_size > r->size) {
		warnf(r, "the file header is incomplete (%llu of %u bytes): the recording stopped as it began",
		      (unsigned long long)r->size, h->header_size);
		r->stats.tail_bytes = r->size;
		r->pos = r->size;
		return 0;
	}
	buf = malloc(h->header_size);
	if (!buf) {
		seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (read_at(r, buf, h->header_size, 0)) {
		free(buf);
		goto io;
	}
	memcpy(&crc, buf + h->header_size - 4, 4);
	if (crc32c(0, buf, h->header_size - 4) != crc) {
		free(buf);
		warnf(r, "the file header is damaged (CRC mismatch); kernel names and host details are not trusted");
		return 0;
	}
	off = sizeof(*h);
	if (h->names_size == sizeof(r->info.names)) {
		memcpy(&r->info.names, buf + off, sizeof(r->info.names));
		r->info.has_names = true;
	} else if (h->names_size) {
		warnf(r, "the kernel names in this capture have another layout (%u bytes); using built-in names",
		      h->names_size);
	}
	off += h->names_size;
	r->info.hooks = calloc(1, h->hooks_len + 1);
	if (!r->info.hooks) {
		free(buf);
		seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	memcpy(r->info.hooks, buf + off, h->hooks_len);
	free(buf);
	r->info.header_ok = true;
	r->pos = h->header_size;
	return 0;
io:
	seterr(err, errlen, "cannot read: %s", strerror(errno));
	return -EIO;
}

void capture_warn_quiet(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	(void)path;
	(void)msg;
}

struct capture_reader *capture_reader__open_fd(int fd, const char *name, capture_warn_fn warn, void *ctx,
					       char *err, size_t errlen)
{
	struct capture_reader *r;
	struct stat st;

	if (fstat(fd, &st) < 0) {
		seterr(err, errlen, "cannot stat: %s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "not a regular file");
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(name ? name : "capture")) ||
	    !(r->rec = malloc(CAPTURE_MAX_RECORD))) {
		if (r)
			free(r->path);
		free(r);
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	r->fd = fd;
	r->size = st.st_size;
	r->stats.file_size = st.st_size;
	r->warn = warn ? warn : default_warn;
	r->warn_ctx = ctx;
	if (header__read(r, err, errlen) < 0) {
		capture_reader__free(r);
		return NULL;
	}
	if (!r->info.hooks)
		r->info.hooks = strdup("");
	if (!r->info.hooks) {
		capture_reader__free(r);
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	return r;
}

struct capture_reader *capture_reader__open(const char *path, capture_warn_fn warn, void *ctx,
					    char *err, size_t errlen)
{
	struct capture_reader *r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	r = capture_reader__open_fd(fd, path, warn, ctx, err, errlen);
	if (!r) {
		close(fd);
		return NULL;
	}
	r->own_fd = true;
	return r;
}

const struct capture_info *capture_reader__info(const struct capture_reader *r)
{
	return &r->info;
}

const struct capture_read_stats *capture_reader__stats(const struct capture_reader *r)
{
	return &r->stats;
}

void capture_reader__free(struct capture_reader *r)
{
	if (!r)
		return;
	if (r->own_fd)
		close(r->fd);
	free(r->stored);
	free(r->raw);
	free(r->rec);
	free(r->info.hooks);
	free(r->path);
	free(r);
}
