/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a capture: validates the file header, then hands out records one
 * by one from every block that checks out. A damaged block is skipped with a
 * warning and reading resumes at the next block magic; an incomplete block at
 * the end (the recorder was killed, the power went) is counted, not fatal.
 * Every length read from the file is checked against the file's size and the
 * format's maxima before anything is allocated.
 */
#ifndef OOMTRACE_CAPTURE_READER_H
#define OOMTRACE_CAPTURE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture_format.h"
#include "decode.h"

struct event_header;

struct capture_info {
	struct capture_file_header hdr;	/* strings are NUL-terminated */
	bool header_ok;			/* the header's CRC matched */
	bool has_names;			/* names below came from the file */
	struct kernel_names names;
	char *hooks;			/* "" if none */
};

struct capture_read_stats {
	uint64_t file_size;
	uint64_t blocks;		/* good blocks read */
	uint64_t records;		/* events in the records handed out (a batch counts its items) */
	uint64_t raw_bytes;		/* their bytes, uncompressed */
	uint64_t stored_bytes;		/* block headers + payloads of good blocks */
	uint64_t bad_blocks;		/* damaged blocks skipped */
	uint64_t skipped_bytes;		/* bytes passed over to resynchronise */
	uint64_t tail_bytes;		/* bytes at the end no complete block covers */
	uint64_t bad_records;		/* records in good blocks that did not parse */
	uint64_t missing_blocks;	/* gaps in the block sequence */
	uint64_t lost_records;		/* the recorder's own EV_CAPTURE_LOST counts */
	uint64_t first_seq, last_seq;
	uint64_t first_ts, last_ts;
};

typedef void (*capture_warn_fn)(void *ctx, const char *path, const char *msg);

struct capture_reader;

/* NULL with a one-line reason in err when the file is not a capture we can read.
 * Warnings (damage, truncation) go to warn, or with warn NULL to stderr as
 * "oomtrace: PATH: msg"; capture_warn_quiet drops them. */
struct capture_reader *capture_reader__open(const char *path, capture_warn_fn warn, void *ctx,
					    char *err, size_t errlen);
/* Same, from an open descriptor (not closed by the reader); name is for messages. */
struct capture_reader *capture_reader__open_fd(int fd, const char *name, capture_warn_fn warn, void *ctx,
					       char *err, size_t errlen);
void capture_warn_quiet(void *ctx, const char *path, const char *msg);
const struct capture_info *capture_reader__info(const struct capture_reader *r);
/* The next record: 1 and *rec set (valid until the next call), 0 at the end,
 * -errno on an I/O error. A record's h.size is at least sizeof(event_header). */
int capture_reader__next(struct capture_reader *r, const struct event_header **rec);
const struct capture_read_stats *capture_reader__stats(const struct capture_reader *r);
void capture_reader__free(struct capture_reader *r);

/* Validate a block header (magic, CRC, limits); exposed for tests. */
bool capture_block__valid(const struct capture_block_header *bh);

#endif
