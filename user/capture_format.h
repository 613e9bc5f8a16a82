/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture file as it lies on disk (docs/capture-format.md says why).
 *
 *   file header | names | hooks text | crc32c   -- once, at offset 0
 *   block header | payload                      -- repeated
 *
 * A payload is a run of records exactly as bpf/events.h defines them (each
 * starts with struct event_header, whose size delimits it), zstd-compressed
 * or stored as is. Every header carries a CRC-32C, every payload too, so a
 * reader can tell a complete block from a torn or damaged one and find the
 * next good block by its magic. Integers are in the recording host's byte
 * order (the endian field tells); the format is only read on little-endian
 * hosts today.
 */
#ifndef OOMTRACE_CAPTURE_FORMAT_H
#define OOMTRACE_CAPTURE_FORMAT_H

#include <linux/types.h>

#define CAPTURE_FILE_MAGIC	"OOMTRCAP"	/* 8 bytes, no NUL */
#define CAPTURE_BLOCK_MAGIC	"OOMTBLK\x01"	/* 8 bytes, no NUL */
#define CAPTURE_MAGIC_LEN	8
#define CAPTURE_VERSION		1
#define CAPTURE_ENDIAN_MARK	0x01020304u

/* Sane maxima: a reader refuses anything larger instead of allocating it. */
#define CAPTURE_MAX_HEADER	(1u << 20)
#define CAPTURE_MAX_HOOKS	(64u << 10)
#define CAPTURE_MAX_NAMES	(64u << 10)
#define CAPTURE_MAX_RAW		(4u << 20)	/* uncompressed bytes in one block */
#define CAPTURE_MAX_STORED	(CAPTURE_MAX_RAW + (CAPTURE_MAX_RAW >> 7) + 4096)
#define CAPTURE_MAX_RECORD	(64u << 10)
#define CAPTURE_DEFAULT_BLOCK	(64u << 10)

struct capture_file_header {
	char magic[CAPTURE_MAGIC_LEN];
	__u32 version;
	__u32 header_size;	/* this struct + names + hooks + the 4-byte CRC */
	__u32 endian;		/* CAPTURE_ENDIAN_MARK as the writer stored it */
	__u32 flags;
	__u64 file_seq;		/* 0 for a recording's first file, +1 per rotation/reopen */
	__u8 session_id[16];	/* random; the same in every file of one recording */
	__u64 created_realtime_ns;	/* CLOCK_REALTIME when the file was started ... */
	__u64 created_monotonic_ns;	/* ... and CLOCK_MONOTONIC (the clock of ts_ns) then */
	__u64 created_boottime_ns;
	__u64 first_block_seq;	/* seq of this file's first block (seq runs across files) */
	__u32 page_size;
	__u32 names_size;	/* bytes of struct kernel_names that follow */
	__u32 hooks_len;	/* bytes of hooks text after the names, no NUL */
	__u32 block_size;	/* the writer's uncompressed block target */
	char kernel_release[128];	/* uname -r */
	char machine[32];	/* uname -m */
	char boot_id[40];	/* /proc/sys/kernel/random/boot_id */
	char hostname[256];
	char tool_version[32];
};

#define CAPTURE_COMP_NONE	0
#define CAPTURE_COMP_ZSTD	1

struct capture_block_header {
	char magic[CAPTURE_MAGIC_LEN];
	__u32 header_crc;	/* crc32c of this header with header_crc = 0 */
	__u32 payload_crc;	/* crc32c of the stored payload bytes */
	__u64 seq;		/* block number, continuous across a recording's files */
	__u32 raw_len;		/* payload bytes after decompression */
	__u32 stored_len;	/* payload bytes in the file */
	__u32 nr_records;
	__u16 compression;	/* CAPTURE_COMP_* */
	__u16 flags;
	__u64 first_ts;		/* ts_ns of the first and last record */
	__u64 last_ts;
};

#endif
