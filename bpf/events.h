/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records that cross from the BPF programs to user space, and the
 * records user space itself adds to the stream (snapshots, drop counts).
 *
 * This is the one definition of the event ABI. Every record starts with
 * struct event_header, is plain data (no pointers), and is written to a
 * capture file verbatim, so a capture replays through the same code as a
 * live run. Change a record's layout only by bumping its version; readers
 * check the version and the size before they look inside.
 */
#ifndef OOMTRACE_EVENTS_H
#define OOMTRACE_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define TASK_COMM_LEN 16
#define CGROUP_NAME_LEN 64	/* leaf name of a cgroup, when the path cannot be resolved later */
#define MAX_STACK_DEPTH 32
#define MAX_ALLOC_ORDER 11	/* orders 0..10 are counted; larger ones land in the last slot */
#define MAX_ZONES 6
#define MAX_MIGRATETYPES 8

enum event_type {
	/* from BPF: OOM killer (bpf/oom.bpf.c) */
	EV_OOM_VICTIM = 1,
	EV_OOM_INVOKE = 2,	/* out_of_memory() entered: the oom_control (fentry/kprobe only) */
	EV_OOM_REAPER = 3,
	EV_OOM_SCORE_ADJ = 4,

	/* from BPF: page allocator slow path (bpf/slowpath.bpf.c) */
	EV_ALLOC_FAIL = 16,
	EV_RECLAIM = 17,	/* one direct/memcg/node reclaim pass, begin..end */
	EV_KSWAPD = 18,
	EV_THROTTLED = 19,
	EV_RETRY_ZONE = 20,	/* oom:reclaim_retry_zone */
	EV_COMPACT_RETRY = 21,	/* oom:compact_retry */
	EV_EXTFRAG = 22,
	EV_PAGE_ALLOC = 23,	/* --stream-allocs: every (or every Nth) allocation */
	EV_WARN_ALLOC = 24,	/* optional enrichment: warn_alloc() reached */
	EV_PAGE_ALLOC_BATCH = 25,	/* one CPU's streamed allocations, kept whole into the
					 * capture (half the bytes of EV_PAGE_ALLOC records) */

	/* from BPF: compaction (bpf/compaction.bpf.c) */
	EV_COMPACT_TRY = 32,	/* mm_compaction_try_to_compact_pages */
	EV_COMPACT_ZONE = 33,	/* one zone's begin..end, with migrate totals */
	EV_COMPACT_DEFER = 34,
	EV_KCOMPACTD = 35,

	/* from user space: added to the stream so a replay sees what the live run saw */
	EV_MEM_SNAPSHOT = 256,	/* /proc/meminfo, swap and memcg state read at an incident */
	EV_DROPS = 257,		/* counters of records that never reached user space */
	EV_COUNTERS = 258,	/* in-kernel exact counters (failures by order x zone x mt) */
	EV_CGROUP_NAME = 259,	/* a cgroup id resolved to its path */
	EV_STACK = 260,		/* a kernel stack, symbolised, for a stack id */
	EV_ZONE_SNAPSHOT = 261,	/* /proc/zoneinfo, buddyinfo, pagetypeinfo read at an allocation failure */
	EV_CAPTURE_LOST = 262,	/* the capture writer could not store some records (disk full) */
};

/* Every record starts with this. size covers the whole record, header included. */
struct event_header {
	__u16 type;
	__u16 version;
	__u32 size;
	__u64 ts_ns;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 cpu;
	__u32 pad;
};

/* A task as seen at the moment of the event. pid is the thread id, tgid the process id. */
struct task_ident {
	__u32 pid;
	__u32 tgid;
	__u64 cgroup_id;	/* cgroup v2 (default hierarchy) id */
	__u64 memcg_id;		/* id of the task's memory-controller cgroup (v1 or v2) */
	char comm[TASK_COMM_LEN];
};

/* Context flags for where an event ran. */
#define CTX_HARDIRQ	0x1
#define CTX_SOFTIRQ	0x2
#define CTX_NMI		0x4
#define CTX_IRQ_STACK	0x8	/* on an interrupt stack: hardirq or softirq, not told apart */

/* struct oom_control as read at out_of_memory() (enrichment: needs fentry or kprobe). */
enum oom_constraint_value {	/* same numbers as the kernel's enum oom_constraint */
	OOM_CONSTRAINT_NONE = 0,
	OOM_CONSTRAINT_CPUSET = 1,
	OOM_CONSTRAINT_MEMORY_POLICY = 2,
	OOM_CONSTRAINT_MEMCG = 3,
};

struct oom_control_info {
	__u64 gfp_mask;
	__s32 order;		/* -1: sysrq or a write to memory.max */
	__u32 constraint;	/* enum oom_constraint_value; filled after constrained_alloc() */
	__u64 memcg_id;		/* 0 for a global OOM */
	__u64 totalpages;
	__s64 chosen_points;
	__u64 nodemask;		/* first 64 nodes */
	char memcg_name[CGROUP_NAME_LEN];
};

#define VICTIM_HAS_OC		0x1	/* oc is valid */
#define VICTIM_HAS_RSS		0x2	/* rss fields came from the kernel (mark_victim with task) */
#define VICTIM_HAS_TASK		0x4	/* pid, tgid and comm were read from the task itself */

#define AT_KILL_FREE		0x1
#define AT_KILL_UNEVICTABLE	0x2
#define AT_KILL_SWAP		0x4	/* both swap figures */

#define EV_OOM_VICTIM_V 1
struct ev_oom_victim {
	struct event_header h;
	struct task_ident victim;
	struct task_ident trigger;	/* current at mark_victim: the allocating/charging task */
	__u32 uid;
	__s32 oom_score_adj;
	__u64 total_vm_kb;
	__u64 anon_rss_kb;
	__u64 file_rss_kb;
	__u64 shmem_rss_kb;
	__u64 pgtables_kb;
	__u64 swapents;		/* pages in swap */
	__u64 start_time_ns;	/* victim's start_time (boot-based monotonic) */
	__s32 trigger_stack_id;	/* into the stack map; <0 if not taken */
	__u32 flags;		/* VICTIM_HAS_* */
	char victim_cgroup_name[CGROUP_NAME_LEN];
	struct oom_control_info oc;
	/* The deepest memcg above the victim that sat at its limit at the kill,
	 * read from the kernel's page counters (works without the oom_control). */
	__u64 limit_memcg_id;		/* 0: no memcg on the way was at its limit */
	__u64 limit_usage_pages;
	__u64 limit_max_pages;
	__u32 limit_kind;		/* 1: memory (v1 limit / v2 memory.max), 2: memory+swap (v1 memsw) */
	__u32 limit_pad;
	__u64 locked_vm_kb;		/* the victim's mlocked memory (mm->locked_vm) */
	/* The machine's counters at the kill (pages), where the kernel's symbol
	 * table shows where they are (CONFIG_KALLSYMS_ALL); see AT_KILL_*. */
	__s64 at_kill_free_pages;
	__s64 at_kill_unevictable_pages;
	__s64 at_kill_swap_free_pages;
	__s64 at_kill_swap_total_pages;
	__u32 at_kill_valid;		/* AT_KILL_* bits */
	__u32 at_kill_pad;
	char limit_memcg_name[CGROUP_NAME_LEN];
};

#define EV_OOM_INVOKE_V 1
struct ev_oom_invoke {
	struct event_header h;
	struct task_ident task;
	struct oom_control_info oc;
	__s32 stack_id;
	__u32 via;		/* HOOK_VIA_* below */
};

#define HOOK_VIA_FENTRY 1
#define HOOK_VIA_KPROBE 2

enum oom_reaper_step {
	REAPER_WAKE = 1,
	REAPER_START = 2,
	REAPER_FINISH = 3,
	REAPER_SKIP = 4,
};

#define EV_OOM_REAPER_V 1
struct ev_oom_reaper {
	struct event_header h;
	__u32 pid;		/* the victim being reaped */
	__u32 step;		/* enum oom_reaper_step */
};

#define EV_OOM_SCORE_ADJ_V 1
struct ev_oom_score_adj {
	struct event_header h;
	struct task_ident task;		/* whose adjustment changed */
	struct task_ident setter;	/* current: who wrote it */
	__s32 oom_score_adj;
	__u32 pad;
};

/* ---- page allocator slow path (owned by bpf/slowpath.bpf.c) ---- */

#define EV_ALLOC_FAIL_V 2	/* 2: the memcg fields */
struct ev_alloc_fail {
	struct event_header h;
	struct task_ident task;
	__u64 gfp;
	__u32 order;
	__s32 migratetype;
	__s32 highest_zone;	/* zone index eligible for this gfp, from the running kernel's zone_type */
	__u32 ctx;		/* CTX_* */
	__s32 stack_id;
	__u32 suppressed_before;	/* records suppressed by the rate limit since the last one sent */
	/* v2: the memory cgroup a __GFP_ACCOUNT page is charged to (current's
	 * active_memcg, else its own), and the first one up from it that has no
	 * room for the request (usage + pages > max): a failed charge, most likely.
	 * Pages; 0 where unknown. limit_* describe the charged memcg when none is full. */
	__u64 charge_memcg_id;
	__u64 limit_memcg_id;		/* 0: no memcg on the way up was full */
	__u64 limit_usage_pages;
	__u64 limit_max_pages;
};

enum reclaim_kind {
	RECLAIM_DIRECT = 1,
	RECLAIM_MEMCG = 2,
	RECLAIM_MEMCG_SOFTLIMIT = 3,
	RECLAIM_NODE = 4,
};

#define EV_RECLAIM_V 2	/* 2: pageout_anon, pageout_file */
struct ev_reclaim {
	struct event_header h;	/* ts_ns is the end of the pass */
	struct task_ident task;
	__u64 gfp;
	__u64 duration_ns;
	__u64 nr_reclaimed;
	/* what lru_shrink_inactive and write_folio reported inside this pass */
	__u64 scanned_anon;
	__u64 scanned_file;
	__u64 reclaimed_anon;
	__u64 reclaimed_file;
	__u64 swapouts;		/* anon write_folio/writepage: pages sent to swap */
	__u32 kind;		/* enum reclaim_kind */
	__s32 order;
	__s32 nid;		/* node reclaim only, else -1 */
	__u32 pad;
	/* v2: reclaim_stat.nr_pageout of lru_shrink_inactive (raw_tp only, else 0):
	 * anon pages written to swap, file pages written back, as vmscan counted them */
	__u64 pageout_anon;
	__u64 pageout_file;
};

enum kswapd_step {
	KSWAPD_STEP_WAKE = 1,	/* kswapd woke (mm_vmscan_kswapd_wake) */
	KSWAPD_STEP_SLEEP = 2,
	KSWAPD_STEP_WAKEUP_REQ = 3,	/* somebody asked (mm_vmscan_wakeup_kswapd) */
};

#define EV_KSWAPD_V 1
struct ev_kswapd {
	struct event_header h;
	struct task_ident task;	/* who asked, for KSWAPD_WAKEUP_REQ */
	__u64 gfp;
	__s32 nid;
	__s32 zid;
	__s32 order;
	__u32 step;
};

#define EV_THROTTLED_V 1
struct ev_throttled {
	struct event_header h;
	struct task_ident task;
	__s32 nid;
	__s32 usec_timeout;
	__s32 usec_delayed;
	__s32 reason;
};

#define EV_RETRY_ZONE_V 1
struct ev_retry_zone {
	struct event_header h;
	struct task_ident task;
	__u64 reclaimable;
	__u64 available;
	__u64 min_wmark;
	__s32 nid;
	__s32 zone_idx;
	__s32 order;
	__s32 no_progress_loops;
	__u32 wmark_check;
	__u32 pad;
};

#define EV_COMPACT_RETRY_V 1
struct ev_compact_retry {
	struct event_header h;
	struct task_ident task;
	__s32 order;
	__s32 priority;
	__s32 result;		/* raw enum compact_result where raw_tp gives it; see flags */
	__s32 retries;
	__s32 max_retries;
	__u32 ret;		/* 1: the allocator will retry */
	__u32 result_is_feedback;	/* 1: classic tracepoint, result is the coarse feedback code */
	__u32 pad;
};

#define EV_EXTFRAG_V 2	/* 2: pad became suppressed_before */
struct ev_extfrag {
	struct event_header h;
	struct task_ident task;
	__s32 alloc_order;
	__s32 fallback_order;
	__s32 alloc_migratetype;
	__s32 fallback_migratetype;
	__u32 change_ownership;
	__u32 suppressed_before;	/* records held back on this CPU since its last one */
};

/* Streamed allocations are gathered per CPU and reach the ring buffer STREAM_BATCH
 * at a time: one reservation and two clock reads per batch instead of per
 * allocation (what made streaming cost more than ftrace). A partial batch goes
 * out with the CPU's next allocation once STREAM_FLUSH_JIFFIES have passed,
 * before an OOM kill is reported on that CPU, or when tracing stops (user
 * space reads what is left in stream_batches). */
#define STREAM_BATCH 32
#define STREAM_FLUSH_JIFFIES 25
#define EV_PAGE_ALLOC_BATCH_V 2	/* 2: h.size covers the nr items only */
struct page_alloc_item {
	__u64 pfn;
	__u32 gfp;
	__u32 pid;
	__u8 order;
	__s8 migratetype;
	__u8 flags;		/* PAGE_ALLOC_* */
	__u8 pad[5];
};

struct stream_batch {		/* the per-CPU gathering place (map value) */
	__u64 first_ts;		/* clock at the first item */
	__u64 first_jiffies;
	__u32 nr;
	__u32 busy;		/* being flushed before a kill (bpf/stream.bpf.h) */
	struct page_alloc_item items[STREAM_BATCH];
};

struct ev_page_alloc_batch {
	struct event_header h;	/* h.ts_ns: clock at the last item; h.size: up to items[nr] */
	__u64 first_ts;
	__u32 nr;
	__u32 pad;
	struct page_alloc_item items[STREAM_BATCH];
};
#define PAGE_ALLOC_BATCH_SIZE(nr) \
	(__builtin_offsetof(struct ev_page_alloc_batch, items) + (nr) * sizeof(struct page_alloc_item))

/* Streaming every allocation: kept small on purpose (bytes per record matter). */
#define EV_PAGE_ALLOC_V 2	/* 2: pad[0] holds PAGE_ALLOC_* flags */
#define PAGE_ALLOC_PFN_IS_PAGE 0x1	/* pfn holds the struct page address (raw_tp has no pfn) */
struct ev_page_alloc {
	struct event_header h;
	__u64 pfn;		/* ~0: the allocation failed */
	__u32 gfp;
	__u32 pid;
	__u8 order;
	__s8 migratetype;
	__u8 pad[6];		/* pad[0]: PAGE_ALLOC_* flags */
};

#define EV_WARN_ALLOC_V 1
struct ev_warn_alloc {
	struct event_header h;
	struct task_ident task;
	__u64 gfp;
	__s32 stack_id;
	__u32 via;
};

/* ---- compaction (owned by bpf/compaction.bpf.c) ---- */

/*
 * EV_COMPACT_TRY opens a direct compaction attempt (try_to_compact_pages) of
 * a task; the zones it tries follow as EV_COMPACT_ZONE/EV_COMPACT_DEFER of the
 * same task. step END closes it when the allocator moved on to reclaim (the
 * tracepoints have no "attempt returned" event); a new BEGIN also closes it.
 */
enum compact_try_step {
	COMPACT_TRY_BEGIN = 0,
	COMPACT_TRY_END = 1,
};

enum compact_try_end {
	COMPACT_END_DIRECT_RECLAIM = 1,	/* mm_vmscan_direct_reclaim_begin */
	COMPACT_END_NODE_RECLAIM = 2,	/* mm_vmscan_node_reclaim_begin */
};

#define EV_COMPACT_TRY_V 2
struct ev_compact_try {
	struct event_header h;
	struct task_ident task;
	__u64 gfp;
	__s32 order;
	__s32 priority;		/* enum compact_priority: 0 sync full, 1 sync light, 2 async */
	/* v2 */
	__u32 step;		/* enum compact_try_step */
	__u32 end_reason;	/* enum compact_try_end, for COMPACT_TRY_END */
	__u64 try_ts;		/* END: ts_ns of the BEGIN it closes */
};

/*
 * One zone of one compaction: mm_compaction_begin..end of a task, with what
 * the scanners and migration did in between. A direct attempt's zone that was
 * not suitable (mm_compaction_suitable != CONTINUE) also gives one, with
 * duration 0 and status = the suitable result.
 */
#define EV_COMPACT_ZONE_V 2
struct ev_compact_zone {
	struct event_header h;	/* ts_ns is the end */
	struct task_ident task;
	__u64 duration_ns;
	__u64 zone_start;
	__u64 zone_end;
	__u64 migrate_pfn_start;
	__u64 migrate_pfn_end;
	__u64 free_pfn_start;
	__u64 free_pfn_end;
	__u64 nr_migrated;
	__u64 nr_failed;
	__u64 isolate_scanned;
	__u64 isolate_taken;
	__s32 nid;
	__s32 zone_idx;
	__s32 order;
	__s32 status;		/* enum compact_result from mm_compaction_end */
	__s32 suitable;		/* last mm_compaction_suitable ret, -1 if none */
	__u32 sync;
	__u32 is_kcompactd;
	__u32 pad;
	/* v2: isolate_scanned/taken above are the migration scanner's
	 * (mm_compaction_isolate_migratepages); the free scanner's follow */
	__u64 free_scanned;	/* isolate_freepages + fast_isolate_freepages */
	__u64 free_taken;
	__u64 try_ts;		/* direct: ts_ns of the EV_COMPACT_TRY this zone belongs to, else 0 */
	__u64 gfp;		/* direct: the attempt's gfp */
	__s32 priority;		/* direct: the attempt's priority, else -1 */
	__u32 origin;		/* enum compact_origin */
	__s32 finished;		/* last mm_compaction_finished ret, -1 if none */
	__u32 migrate_calls;	/* mm_compaction_migratepages events in this zone */
};

/* Who ran a zone's compaction. */
enum compact_origin {
	COMPACT_ORIGIN_DIRECT = 1,	/* an allocating task, inside try_to_compact_pages */
	COMPACT_ORIGIN_KCOMPACTD = 2,	/* kcompactd woken for an order */
	COMPACT_ORIGIN_PROACTIVE = 3,	/* kcompactd on its own (fragmentation score), order -1 */
	COMPACT_ORIGIN_MANUAL = 4,	/* a task writing vm/compact_memory or node/compact, order -1 */
};

enum compact_defer_step {
	DEFER_STEP_DEFERRED = 1,
	DEFER_STEP_DEFER_COMPACTION = 2,
	DEFER_STEP_DEFER_RESET = 3,
};

#define EV_COMPACT_DEFER_V 1
struct ev_compact_defer {
	struct event_header h;
	struct task_ident task;
	__s32 nid;
	__s32 zone_idx;
	__s32 order;
	__u32 considered;
	__u32 defer_shift;
	__s32 order_failed;
	__u32 step;
	__u32 pad;
};

enum kcompactd_step {
	KCOMPACTD_STEP_WAKE = 1,
	KCOMPACTD_STEP_SLEEP = 2,
	KCOMPACTD_STEP_WAKEUP_REQ = 3,
};

#define EV_KCOMPACTD_V 1
struct ev_kcompactd {
	struct event_header h;
	__s32 nid;
	__s32 order;		/* -1: proactive compaction */
	__s32 highest_zone;
	__u32 step;
};

/* ---- counters kept in the kernel (per-CPU arrays, summed by user space) ---- */

enum counter_id {
	CNT_RINGBUF_FULL = 0,	/* bpf_ringbuf_reserve failed: a record was lost */
	CNT_ALLOC_FAIL_SUPPRESSED,	/* failure records held back by the rate limit or a full
					 * ring buffer (counted exactly: records + this == TOTAL) */
	CNT_EXTFRAG_SUPPRESSED,		/* likewise for extfrag records */
	CNT_PAGE_ALLOC_SAMPLED_OUT,	/* streaming allocations skipped by --stream-every */
	CNT_TASK_STATE_FULL,	/* per-task state map full: an episode could not be tracked */
	CNT_STACK_LOST,		/* stack could not be stored */
	CNT_ALLOC_FAIL_TOTAL,
	CNT_EXTFRAG_TOTAL,
	CNT_SWAPOUTS,
	CNT_PAGEOUT_FILE,
	CNT_SCANNED_ANON,
	CNT_SCANNED_FILE,
	CNT_RECLAIMED_ANON,
	CNT_RECLAIMED_FILE,
	CNT_MAX = 32,
};

/* Failures counted by order x eligible zone x migratetype. */
#define FAIL_HIST_SLOTS (MAX_ALLOC_ORDER * MAX_ZONES * MAX_MIGRATETYPES)
static inline int fail_hist_slot(unsigned order, unsigned zone, unsigned mt)
{
	if (order >= MAX_ALLOC_ORDER)
		order = MAX_ALLOC_ORDER - 1;
	if (zone >= MAX_ZONES)
		zone = MAX_ZONES - 1;
	if (mt >= MAX_MIGRATETYPES)
		mt = MAX_MIGRATETYPES - 1;
	return (order * MAX_ZONES + zone) * MAX_MIGRATETYPES + mt;
}

/* ---- records user space adds ---- */

#define MEMCG_PATH_LEN 256

#define EV_MEM_SNAPSHOT_V 1
struct ev_mem_snapshot {
	struct event_header h;	/* ts_ns: the event it belongs to */
	__u64 for_event_ts;	/* ts_ns of the record that prompted it */
	/* /proc/meminfo, kB; -1 where unknown */
	__s64 mem_total_kb;
	__s64 mem_free_kb;
	__s64 mem_available_kb;
	__s64 swap_total_kb;
	__s64 swap_free_kb;
	__s64 swap_cached_kb;
	__s64 active_anon_kb;
	__s64 inactive_anon_kb;
	__s64 active_file_kb;
	__s64 inactive_file_kb;
	__s64 unevictable_kb;
	__s64 mlocked_kb;
	__s64 shmem_kb;
	__s64 slab_reclaimable_kb;
	__s64 slab_unreclaimable_kb;
	__s64 dirty_kb;
	__s64 writeback_kb;
	__s64 cma_total_kb;
	__s64 cma_free_kb;
	__s64 hugetlb_kb;
	__s64 swappiness;
	/* the OOM memcg (or the victim's), v1 or v2; -1 where unknown, -2 for "max" */
	__s64 memcg_usage_kb;
	__s64 memcg_limit_kb;
	__s64 memcg_swap_usage_kb;	/* v2 memory.swap.current; v1 memsw.usage - usage */
	__s64 memcg_swap_limit_kb;	/* v2 memory.swap.max; v1 memsw.limit - limit */
	__s64 memcg_memsw_limit_kb;	/* v1 only */
	__s64 memcg_failcnt;
	__s64 memcg_swappiness;		/* v1 memory.swappiness */
	__u32 memcg_version;		/* 0 none, 1, 2 */
	__u32 constraint_hint;		/* enum oom_constraint_value + 1 when inferred, 0 unknown */
	char memcg_path[MEMCG_PATH_LEN];	/* the OOM memcg when known, else the victim's */
};

#define EV_DROPS_V 1
struct ev_drops {
	struct event_header h;
	__u64 counters[CNT_MAX];	/* totals since start, summed over CPUs */
	__u64 user_dropped;		/* records user space could not handle (e.g. filtered state full) */
};

#define EV_COUNTERS_V 1
struct ev_counters {
	struct event_header h;
	__u64 fail_hist[FAIL_HIST_SLOTS];
};

#define EV_CGROUP_NAME_V 1
struct ev_cgroup_name {
	struct event_header h;
	__u64 cgroup_id;
	__u32 hierarchy;	/* 2: cgroup v2, 1: v1 memory controller */
	__u32 pad;
	char path[MEMCG_PATH_LEN];
};

#define EV_STACK_V 1
#define STACK_TEXT_LEN 1024
struct ev_stack {
	struct event_header h;
	__s32 stack_id;
	__u32 nr;
	__u64 ips[MAX_STACK_DEPTH];
	char symbols[STACK_TEXT_LEN];	/* "func+0x1a\n..." resolved when recorded */
};

/* Written by the capture writer as the first record it stores after writes
 * failed (disk full, I/O error): what was lost in between. */
#define EV_CAPTURE_LOST_V 1
struct ev_capture_lost {
	struct event_header h;	/* ts_ns: when writing resumed */
	__u64 records;		/* records lost since the last successful write */
	__u64 bytes;
	__u64 first_ts;		/* ts_ns of the first and last lost record */
	__u64 last_ts;
	__u64 total_records;	/* lost since the recording began */
	__s32 error;		/* errno of the first failed write */
	__u32 pad;
};

/* Zones and free lists, read by user space right after an allocation failure
 * (user/snapshot_zones.c). Pages, not kB. -1 where unknown. */
#define SNAP_MAX_ZONES 16	/* nodes x zones */
#define SNAP_MAX_ORDERS 16
#define SNAP_MAX_MT 8
#define SNAP_HAS_BUDDY		0x1	/* free_blocks from /proc/buddyinfo */
#define SNAP_HAS_PAGETYPE	0x2	/* free_by_mt from /proc/pagetypeinfo (root only) */

struct zone_snap {
	__s32 node;
	__u32 nr_protection;
	char name[16];		/* "DMA", "DMA32", "Normal", "Movable", ... */
	__s64 free;
	__s64 min;
	__s64 low;
	__s64 high;
	__s64 spanned;
	__s64 present;
	__s64 managed;
	__s64 free_cma;
	__s64 protection[MAX_ZONES];	/* lowmem_reserve against each higher zone index */
	__u32 nr_orders;
	__u32 nr_mt;
	__s64 free_blocks[SNAP_MAX_ORDERS];		/* buddyinfo: free blocks per order */
	__s64 free_by_mt[SNAP_MAX_MT][SNAP_MAX_ORDERS];	/* pagetypeinfo: per migratetype */
	char mt_name[SNAP_MAX_MT][16];			/* pagetypeinfo's names, in its order */
};

#define EV_ZONE_SNAPSHOT_V 1
struct ev_zone_snapshot {
	struct event_header h;	/* ts_ns: the event it belongs to */
	__u64 for_event_ts;	/* ts_ns of the record that prompted it */
	__u32 nr_zones;
	__u32 flags;		/* SNAP_HAS_* */
	__s64 page_size;
	__s64 mem_total_kb;	/* /proc/meminfo, -1 where unknown */
	__s64 mem_free_kb;
	__s64 mem_available_kb;
	__s64 swap_total_kb;
	__s64 swap_free_kb;
	struct zone_snap zones[SNAP_MAX_ZONES];
};

#endif /* OOMTRACE_EVENTS_H */
