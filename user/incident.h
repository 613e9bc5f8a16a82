/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An incident: one OOM kill, one allocation failure, or one container kill,
 * with every piece of evidence any source could gather about it.
 *
 * Sources fill it (the live correlator from BPF records, the capture replay
 * through the same correlator, the kernel-log parser from text); diagnose
 * reads it and appends verdicts; sinks print it. Nothing here points into a
 * source's buffers: an incident owns all its memory (incident__free).
 *
 * Unknown numbers are UNKNOWN (INT64_MIN), unknown strings are "". A sink
 * prints unknown as null / "?"; diagnose never reasons from an unknown.
 */
#ifndef OOMTRACE_INCIDENT_H
#define OOMTRACE_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNKNOWN INT64_MIN
#define known(v) ((v) != UNKNOWN)
/* a limit that is not set (cgroup "max", v1 "unlimited"): compares above any usage */
#define UNLIMITED INT64_MAX

#define INC_COMM_LEN 64
#define INC_PATH_LEN 256
#define INC_TEXT_LEN 256
#define INC_MAX_ZONES 16	/* nodes x zones */
#define INC_MAX_ORDERS 16
#define INC_MAX_VERDICTS 24
#define INC_MAX_RESERVE 8

enum incident_kind {
	INCIDENT_OOM_KILL = 0,
	INCIDENT_ALLOC_FAILURE,
	INCIDENT_CONTAINER_KILL,	/* OpenVZ/Virtuozzo beancounter kills */
};

enum incident_constraint {
	CONSTRAINT_UNKNOWN = 0,
	CONSTRAINT_GLOBAL,
	CONSTRAINT_CPUSET,
	CONSTRAINT_MEMPOLICY,
	CONSTRAINT_MEMCG,
};

enum incident_source {
	SOURCE_LIVE = 0,
	SOURCE_CAPTURE,
	SOURCE_KERNEL_LOG,
};

struct inc_task {
	char comm[INC_COMM_LEN];
	int64_t pid;		/* tgid (process id) */
	int64_t tid;		/* thread id */
	int64_t uid;
	char cgroup[INC_PATH_LEN];
	int64_t oom_score_adj;
};

struct inc_victim {
	struct inc_task task;
	int64_t total_vm_kb;
	int64_t anon_rss_kb;
	int64_t file_rss_kb;
	int64_t shmem_rss_kb;
	int64_t pgtables_kb;
	int64_t swapents_kb;	/* swapped-out pages of the victim, in kB */
	int64_t mlocked_kb;	/* the victim's mlocked memory (live: mm->locked_vm) */
	int64_t score;		/* "score N" of "Out of memory: Kill process" / chosen_points */
	bool killed;		/* a kill was logged (not only selected) */
	/* reaper */
	int64_t reaped_anon_kb;	/* after reaping ("oom_reaper: reaped process ... now anon-rss:") */
	int64_t reap_ns;	/* start..finish of reaping (live) */
	bool reap_skipped;
	bool reaped;
	/* who set oom_score_adj (live, from oom_score_adj_update) */
	char adj_set_by_comm[INC_COMM_LEN];
	int64_t adj_set_by_pid;
};

/* One zone of one node, as a report or /proc/zoneinfo shows it. */
struct inc_zone {
	int64_t node;
	char name[16];		/* "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" */
	int64_t free_kb;
	int64_t min_kb;
	int64_t low_kb;
	int64_t high_kb;
	int64_t present_kb;
	int64_t managed_kb;
	int64_t free_cma_kb;
	int64_t active_anon_kb, inactive_anon_kb;
	int64_t active_file_kb, inactive_file_kb;
	int64_t unevictable_kb;
	int64_t mlocked_kb;
	int64_t slab_unreclaimable_kb;
	int all_unreclaimable;	/* -1 unknown, 0 no, 1 yes */
	int64_t lowmem_reserve[INC_MAX_RESERVE];	/* pages; UNKNOWN past nr_reserve */
	int nr_reserve;
	/* buddy lists: free blocks per order, and the migratetype letters shown per order */
	int64_t free_blocks[INC_MAX_ORDERS];
	char block_types[INC_MAX_ORDERS][8];
	int nr_orders;		/* 0: no buddy line for this zone */
};

/* Mem-Info counters in pages, where the report (or /proc/meminfo) gives them. */
struct inc_meminfo {
	int64_t active_anon, inactive_anon, isolated_anon;
	int64_t active_file, inactive_file, isolated_file;
	int64_t unevictable, dirty, writeback;
	int64_t slab_reclaimable, slab_unreclaimable;
	int64_t mapped, shmem, pagetables, bounce;
	int64_t free, free_pcp, free_cma;
	int64_t kernel_stack_kb;
	int64_t pagecache_pages;	/* "N total pagecache pages" */
	int64_t swapcache_pages;
	int64_t ram_pages;		/* "N pages RAM" */
	int64_t highmem_pages;		/* "N pages HighMem/MovableOnly" */
	int64_t reserved_pages;
	int64_t hugetlb_kb;		/* hugepages_total * size, summed over nodes */
	int64_t hugetlb_free_kb;
	int64_t mem_total_kb;		/* live: /proc/meminfo */
	int64_t mem_available_kb;
	int64_t swappiness;
};

/* memory cgroup figures (v1: memory / memory+swap / kmem lines; v2: memory.* files) */
struct inc_memcg {
	int version;		/* 0 unknown, 1, 2 */
	int64_t usage_kb, limit_kb, failcnt;
	int64_t memsw_usage_kb, memsw_limit_kb, memsw_failcnt;	/* v1 memory+swap */
	int64_t swap_usage_kb, swap_limit_kb;	/* v2 swap, or v1 memsw - memory */
	int64_t kmem_usage_kb, kmem_limit_kb, kmem_failcnt;
	int64_t stat_anon_kb, stat_file_kb, stat_shmem_kb, stat_unevictable_kb;
	int64_t stat_swap_kb;	/* "swap:" in the v1 stats line */
	int64_t swappiness;
};

/* OpenVZ/Virtuozzo container kill (beancounters) */
struct inc_container {
	int64_t ve_id;
	int64_t free_pages;	/* "free=" after the last kill */
	int nr_kills;
};

/* A row of the kernel's task table ("[ pid ]   uid  tgid total_vm  rss ...") */
struct inc_task_row {
	int64_t pid, uid, tgid, total_vm_pages, rss_pages, pgtables_bytes, swapents, oom_score_adj;
	char name[INC_COMM_LEN];
};

/* Who was allocating just before an OOM kill, when allocations were streamed
 * (--stream-allocs; live and capture only). */
#define INC_ALLOCS_TOP 3
struct inc_allocs {
	bool known;
	uint64_t window_ns;		/* the time before the kill they cover */
	uint64_t total, failed, above_order_0;
	int nr_top;
	struct {
		uint32_t tid;		/* 0: the idle task */
		uint64_t allocations;
	} top[INC_ALLOCS_TOP];
};

/* What the kernel tried before the incident (live and capture only). */
struct inc_history {
	int64_t window_ns;		/* how far back the history reaches */
	int64_t direct_reclaims, direct_reclaim_ns, direct_reclaimed_pages;
	int64_t memcg_reclaims, memcg_reclaim_ns, memcg_reclaimed_pages;
	int64_t scanned_anon, scanned_file, reclaimed_anon, reclaimed_file;
	int64_t swapouts;		/* pages sent to swap in the window (this task) */
	int64_t swapouts_system;	/* pages sent to swap in the window (whole machine) */
	int64_t compact_attempts, compact_ns, compact_migrated, compact_failed;
	int64_t compact_last_status;	/* enum compact_result of the last zone tried */
	int64_t compact_deferred;
	int64_t retry_zone_checks, retry_gave_up;	/* reclaim_retry_zone: wmark_check false at the end */
	int64_t compact_retry_gave_up;
	int64_t no_progress_loops;	/* the largest seen */
	int64_t kswapd_wakeups;
	int64_t throttled, throttled_us;
	int64_t alloc_failures;		/* this task's failures in the window */
	int64_t alloc_failures_system;
	int64_t extfrag_events;
	bool present;			/* anything was gathered */
};

struct inc_verdict {
	char code[24];
	char evidence[INC_TEXT_LEN * 2];
};

#define INC_MISSING_HEADER	0x0001	/* no "invoked oom-killer" / "page allocation failure" line */
#define INC_MISSING_MEMINFO	0x0002
#define INC_MISSING_ZONES	0x0004
#define INC_MISSING_BUDDY	0x0008
#define INC_MISSING_SWAP	0x0010
#define INC_MISSING_TASKS	0x0020
#define INC_MISSING_VICTIM	0x0040
#define INC_MISSING_OC		0x0080	/* live: no oom_control (no fentry/kprobe) */
#define INC_MISSING_MEMCG	0x0100

struct incident {
	enum incident_kind kind;
	enum incident_source source;
	int64_t seq;			/* 1, 2, ... in order of appearance */
	char kernel_version[64];
	char arch[16];			/* "x86_64", "i686", "aarch64", ... where known */
	bool highmem_layout;		/* 32-bit with a HighMem zone */
	int64_t page_size;		/* bytes; 4096 when unknown */
	double log_time;		/* seconds as printed ([ 3902.43]) or monotonic seconds live */
	char wall_time[40];		/* syslog/journal/dmesg -T time as printed, or live wall clock */
	char host[64];

	struct inc_task trigger;
	char trigger_stack[1024];	/* symbolised, one frame per line */
	int64_t order;
	int64_t gfp_raw;
	char gfp_text[INC_TEXT_LEN];	/* flags as printed or decoded: "GFP_KERNEL|__GFP_NOWARN" */
	uint64_t gfp_flags;		/* GFPF_* (decode.h): the raw mask translated for its kernel */
	bool gfp_flags_known;
	bool in_interrupt;		/* softirq/hardirq context */
	enum incident_constraint constraint;
	char memcg_oom[INC_PATH_LEN];	/* the cgroup whose limit was hit */
	char memcg_task[INC_PATH_LEN];	/* the trigger's cgroup */
	char cpuset[INC_PATH_LEN];
	char mems_allowed[64];
	int64_t totalpages;		/* oc->totalpages: RAM+swap, or the memcg limit */

	struct inc_victim *victims;
	int nr_victims;

	int64_t swap_total_kb;
	int64_t swap_free_kb;
	struct inc_meminfo mem;
	struct inc_zone zones[INC_MAX_ZONES];
	int nr_zones;
	struct inc_memcg memcg;
	struct inc_container container;
	struct inc_task_row *tasks;
	int nr_tasks;
	struct inc_history history;
	struct inc_allocs allocs;

	unsigned incomplete;		/* INC_MISSING_* */
	char notes[INC_TEXT_LEN * 2];	/* free text: what the source could not parse, etc. */

	struct inc_verdict verdicts[INC_MAX_VERDICTS];
	int nr_verdicts;
};

/* Every field UNKNOWN / empty. */
void incident__init(struct incident *inc, enum incident_kind kind, enum incident_source source);
void incident__free(struct incident *inc);
struct inc_victim *incident__add_victim(struct incident *inc);
struct inc_task_row *incident__add_task_row(struct incident *inc);
struct inc_zone *incident__add_zone(struct incident *inc, int64_t node, const char *name);
/* Append a verdict; evidence is printf-style. Returns false when full. */
bool incident__add_verdict(struct incident *inc, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool incident__has_verdict(const struct incident *inc, const char *code);

/* ns since the epoch as "2026-11-22T07:02:00.112Z" (UTC, so that a replay
 * elsewhere prints the same time); "" if it cannot be. */
void wall_time__format(int64_t ns, char *buf, size_t len);
const char *incident_kind__name(enum incident_kind kind);		/* "oom_kill", ... */
const char *incident_constraint__name(enum incident_constraint c);	/* "global", ... */

#endif /* OOMTRACE_INCIDENT_H */
