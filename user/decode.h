/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel numbers to names: GFP bits, zones, migratetypes, compaction results
 * and priorities. Live and when recording, the names come from the running
 * kernel's BTF (enums ___GFP_*_BIT, zone_type, migratetype, compact_result,
 * compact_priority); a capture carries them in its header; for kernel log
 * text of an older kernel, from a table for that kernel's era.
 *
 * GFP masks are also translated into GFPF_* flags, which mean the same on
 * every kernel, so that diagnosis can test "__GFP_IO was clear" without
 * knowing which bit held __GFP_IO on the kernel that printed the report.
 */
#ifndef OOMTRACE_DECODE_H
#define OOMTRACE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kernel-independent GFP flags. */
enum gfp_flag {
	GFPF_DMA		= 1ULL << 0,
	GFPF_HIGHMEM		= 1ULL << 1,
	GFPF_DMA32		= 1ULL << 2,
	GFPF_MOVABLE		= 1ULL << 3,
	GFPF_RECLAIMABLE	= 1ULL << 4,
	GFPF_HIGH		= 1ULL << 5,
	GFPF_IO			= 1ULL << 6,
	GFPF_FS			= 1ULL << 7,
	GFPF_ZERO		= 1ULL << 8,
	GFPF_ATOMIC		= 1ULL << 9,	/* the __GFP_ATOMIC bit (<= 6.2) */
	GFPF_DIRECT_RECLAIM	= 1ULL << 10,	/* also the old __GFP_WAIT */
	GFPF_KSWAPD_RECLAIM	= 1ULL << 11,
	GFPF_WRITE		= 1ULL << 12,
	GFPF_NOWARN		= 1ULL << 13,
	GFPF_RETRY_MAYFAIL	= 1ULL << 14,	/* also the old __GFP_REPEAT */
	GFPF_NOFAIL		= 1ULL << 15,
	GFPF_NORETRY		= 1ULL << 16,
	GFPF_MEMALLOC		= 1ULL << 17,
	GFPF_COMP		= 1ULL << 18,
	GFPF_NOMEMALLOC		= 1ULL << 19,
	GFPF_HARDWALL		= 1ULL << 20,
	GFPF_THISNODE		= 1ULL << 21,
	GFPF_ACCOUNT		= 1ULL << 22,
	GFPF_COLD		= 1ULL << 23,	/* old kernels */
	GFPF_NOTRACK		= 1ULL << 24,	/* old kernels */
	GFPF_ZEROTAGS		= 1ULL << 25,
	GFPF_SKIP_KASAN		= 1ULL << 26,
	GFPF_NOLOCKDEP		= 1ULL << 27,
	GFPF_NO_OBJ_EXT		= 1ULL << 28,
	GFPF_UNKNOWN_BITS	= 1ULL << 63,	/* the raw mask had bits this table does not name */
};

#define NAMES_MAX_GFP_BITS 32
#define NAMES_MAX_ZONES 8
#define NAMES_MAX_MT 10
#define NAMES_MAX_COMPACT 12
#define NAME_LEN 32

/* The names one kernel uses. Plain data: stored as-is in a capture header. */
struct kernel_names {
	char gfp_bit[NAMES_MAX_GFP_BITS][NAME_LEN];	/* "__GFP_IO" for the bit at that index, "" if none */
	char zone[NAMES_MAX_ZONES][NAME_LEN];		/* "DMA32" for zone index 1, ... */
	int nr_zones;
	char migratetype[NAMES_MAX_MT][NAME_LEN];	/* "Unmovable", ... */
	int nr_migratetypes;
	char compact_result[NAMES_MAX_COMPACT][NAME_LEN];	/* "COMPACT_SKIPPED" -> "skipped" */
	char compact_priority[4][NAME_LEN];
	char source[NAME_LEN];				/* "btf", "table:4.4", "capture" */
};

/* From a kernel's BTF (NULL: the running kernel's, or the --btf file). 0 or -errno. */
struct btf;
int kernel_names__from_btf(struct kernel_names *n, const struct btf *btf);
/* The BTF names it reads, for a reader that keeps only those. */
int kernel_names__btf_wants(int (*want)(const char *name));
/* A table for a kernel version ("4.7.10-100.fc23.i686+PAE"; "" or NULL: a recent x86_64 kernel). */
void kernel_names__for_version(struct kernel_names *n, const char *kernel_release);
/* The same table, built once: the last few versions asked for are kept (a
 * log's parser, diagnosis and sinks each want it for every incident).
 * Not thread-safe. */
const struct kernel_names *kernel_names__of_version(const char *kernel_release);

/* Decoding with a set of names. Output is always NUL-terminated. */
uint64_t gfp__to_flags(const struct kernel_names *n, uint64_t raw);
/* "GFP_KERNEL|__GFP_NOWARN": composite names first, as the kernel's %pGg prints them */
size_t gfp__format(const struct kernel_names *n, uint64_t raw, char *buf, size_t len);
/* Parse a printed flag list ("GFP_KERNEL_ACCOUNT|__GFP_NOTRACK|0x100000") into GFPF_*. */
uint64_t gfp__flags_from_text(const char *text, bool *all_known);
size_t gfp_flags__format(uint64_t flags, char *buf, size_t len);	/* GFPF_* back to names */
const char *zone__name(const struct kernel_names *n, int idx);		/* "?" when unknown */
const char *migratetype__name(const struct kernel_names *n, int mt);
const char *compact_result__name(const struct kernel_names *n, int result);
const char *compact_priority__name(const struct kernel_names *n, int prio);
/* The highest zone a gfp may use, as the kernel's gfp_zone() computes it. */
int gfp__highest_zone(const struct kernel_names *n, uint64_t flags);

#endif
