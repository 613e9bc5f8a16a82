/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a capture: records are buffered into blocks, each block is
 * compressed and written with one write(), at least every flush interval
 * (driven by capture_writer__tick) and whenever the block is full.
 *
 * Files rotate by size and/or age: FILE is the live file, FILE.1 the newest
 * finished one, ... FILE.<max_files-1> the oldest kept. capture_writer__reopen
 * (on SIGHUP) starts a new FILE if somebody moved or truncated the old one.
 *
 * Write errors (disk full) never stop tracing: the records that could not be
 * written are counted, one warning is printed (at most one a minute when the
 * disk flaps at the edge of full), and the next block that can be
 * written starts with an EV_CAPTURE_LOST record saying what is missing.
 */
#ifndef OOMTRACE_CAPTURE_WRITER_H
#define OOMTRACE_CAPTURE_WRITER_H

#include <stddef.h>
#include <stdint.h>

struct event_header;
struct kernel_names;

struct capture_writer_opts {
	const char *path;
	uint64_t max_size;		/* bytes per file, header included; 0: no limit */
	int max_files;			/* files kept, the live one included; 0: 10 when rotating, else 1 */
	uint64_t rotate_every_ns;	/* 0: never */
	uint32_t block_size;		/* uncompressed bytes per block; 0: 64 KiB */
	uint64_t flush_interval_ns;	/* 0: 1 s */
	int level;			/* zstd level; 0: 1; <0: store uncompressed */
	int mode;			/* 0: 0600 */
	const struct kernel_names *names;	/* copied into every file header (may be NULL) */
	const char *hooks;		/* text describing what was attached (may be NULL) */
};

struct capture_writer_stats {
	uint64_t records;		/* events written (a batch counts its items) */
	uint64_t blocks;
	uint64_t raw_bytes;		/* record bytes written, before compression */
	uint64_t file_bytes;		/* bytes written to files, headers included */
	uint64_t lost_records;		/* events that could not be written */
	uint64_t lost_bytes;
	uint64_t write_errors;		/* failed block writes */
	uint64_t files;			/* files started */
	uint64_t rejected;		/* malformed records refused by append */
};

struct capture_writer;

/* NULL on error, with a one-line reason in err. */
struct capture_writer *capture_writer__open(const struct capture_writer_opts *opts,
					    char *err, size_t errlen);
/* Copy one record (its header's size says how long) into the current block.
 * 0, or -EINVAL for a malformed record. Write errors are not returned: they
 * are counted (stats) and warned about once. */
int capture_writer__append(struct capture_writer *w, const struct event_header *rec);
/* Call about once a second with CLOCK_MONOTONIC ns: flushes a block that has
 * waited a flush interval, rotates a file that is older than rotate_every. */
void capture_writer__tick(struct capture_writer *w, uint64_t now_ns);
/* Write the current block now. 0 or -errno (already counted and warned). */
int capture_writer__flush(struct capture_writer *w);
/* SIGHUP: flush, and start a new FILE if the old one was moved away or truncated. */
int capture_writer__reopen(struct capture_writer *w);
/* Rotate now (as if max_size had been reached). */
int capture_writer__rotate(struct capture_writer *w);
const struct capture_writer_stats *capture_writer__stats(const struct capture_writer *w);
/* Flush, sync and close; prints a line about lost records if any. Returns 0,
 * or -EIO if records were lost. */
int capture_writer__close(struct capture_writer *w);

/* A sink that appends every record the pipeline sees to w. The sink owns w:
 * freeing the sink closes the writer. */
struct sink;
struct sink *sink_capture__new(struct capture_writer *w);
struct capture_writer *sink_capture__writer(struct sink *s);

#endif
