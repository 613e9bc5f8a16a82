/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the kernel-log parser's files: the per-stream state
 * (one per host and printk caller, so interleaved reports stay apart) and the
 * section parsers the driver (logparse.c) dispatches lines to.
 */
#ifndef OOMTRACE_LOGPARSE_INT_H
#define OOMTRACE_LOGPARSE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "incident.h"
#include "logparse.h"
#include "logparse_line.h"

enum lp_section {
	SEC_NONE = 0,
	SEC_HEADER,	/* after "invoked oom-killer" / "page allocation failure" */
	SEC_TRACE,	/* after "Call Trace:" */
	SEC_MEMCG,	/* memcg usage / stats lines */
	SEC_MEMINFO,	/* after "Mem-Info:" */
	SEC_ZONE,	/* after a zone line: wrapped continuations belong to it */
	SEC_BUDDY,	/* after a buddy line: same */
	SEC_TASKS,	/* after the task-table header */
	SEC_KILL,	/* after the victim lines */
};

/* Task-table columns, in the order the header names them. */
enum lp_col {
	COL_SKIP = 0, COL_UID, COL_TGID, COL_TOTAL_VM, COL_RSS, COL_NR_PTES, COL_PGTABLES_BYTES,
	COL_SWAPENTS, COL_OOM_SCORE_ADJ,
};
#define LP_MAX_COLS 16

struct lp_stream {
	char host[64];
	char caller[16];
	uint64_t last_use;

	struct incident inc;
	bool open;
	enum lp_section sec;
	double last_t;		/* time of the last line that belonged to the report */
	int idle;		/* lines since the last one that belonged to it */
	int zone;		/* index of the last zone line, -1 none */
	int buddy;		/* index of the zone the last buddy line filled, -1 none */
	size_t stack_len;
	bool has_header, has_meminfo, has_swap, has_buddy, has_tasks, memcg_seen;
	bool mem_counters;	/* Mem-Info counters seen (joined or on their own lines) */
	bool memcg_trace;	/* mem_cgroup_out_of_memory & co. in the trace */
	int addr_digits;	/* width of "[<address>]" in the trace: 8 or 16 */
	bool arm_frames;	/* "(func) from [<...>]" frames */
	bool seen_64bit_x86;	/* trace addresses in ffffffff8..., or x86_64 entry frames */
	bool seen_arm64;	/* arm64 exception-entry frames (el0_svc, el1h_64_sync, ...) */
	int8_t node_unrecl[8];
	int64_t kstack_zones, kstack_nodes;	/* "kernel_stack:NkB" summed over zone / node lines */
	int64_t order0_kb;	/* size of the first buddy block: the page size */
	int irq_guesses;	/* unreliable ("?") interrupt frames seen */
	bool want_version;	/* a CPU line without its release (wrapped) */
	char partial[160];	/* a task row a wrap cut short, waiting for its rest */
	size_t partial_len;	/* "Node N ... all_unreclaimable? yes" (4.8+ per-node line): -1 unknown */
	int ncols;
	uint8_t cols[LP_MAX_COLS];
	unsigned dropped_tasks;

	/* OpenVZ/Virtuozzo burst, kept apart from the report above */
	struct incident vz;
	bool vz_open;
	double vz_last_t;
	int64_t vz_signalled;
};

struct logparse {
	logparse_cb cb;
	void *cb_ctx;
	char *line;		/* the line being assembled across chunks */
	size_t line_len;
	struct lp_stream *streams[LOGPARSE_MAX_STREAMS];
	int nr_streams;
	struct lp_stream *last;	/* the stream of the previous line */
	char boot_version[64];
	char *qp;		/* quoted-printable mail: a soft-broken line being joined */
	size_t qp_len;
	bool qp_mode;		/* "=3D" seen: the text is quoted-printable */	/* "Linux version X" seen at boot, for reports without a CPU line */
	uint64_t tick;
	int64_t seq;
};

/* driver (logparse.c) */
void lp__open(struct logparse *p, struct lp_stream *st, const struct log_line *ll,
	      enum incident_kind kind);
void lp__close(struct logparse *p, struct lp_stream *st);
void lp__emit(struct logparse *p, struct incident *inc);
void lp__note(struct incident *inc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* reports (logparse_report.c): true when the line belonged to a report */
bool lp_report__line(struct logparse *p, struct lp_stream *st, const struct log_line *ll);
void lp_report__finalize(struct lp_stream *st);
/* Mem-Info, zones, buddy lists, summary counts (logparse_mem.c) */
bool lp_mem__kv_line(const char *s, const char *e);	/* "word:123 ..." */
bool lp_mem__counters(struct lp_stream *st, const char *s, const char *e);
bool lp_mem__zone_more(struct lp_stream *st, const char *s, const char *e);
bool lp_mem__buddy_more(struct lp_stream *st, const char *s, const char *e);
void lp_mem__lowmem_reserve(struct lp_stream *st, const char *s, const char *e);
bool lp_mem__zone_line(struct lp_stream *st, const char *s, const char *e);
bool lp_mem__count_line(struct lp_stream *st, const char *s, const char *e);
/* CPU line and call trace (logparse_trace.c) */
void lp_trace__cpu_line(struct lp_stream *st, const char *s, const char *e);
bool lp_trace__line(struct lp_stream *st, const char *s, const char *e);	/* false: trace over */
/* task table (logparse_tasks.c) */
bool lp_tasks__header(struct lp_stream *st, const char *s, const char *e);
bool lp_tasks__row(struct lp_stream *st, const char *s, const char *e);
bool lp_tasks__wrapped(struct lp_stream *st, const char *s, const char *e);
void lp_tasks__fill_victims(struct incident *inc);
/* OpenVZ (logparse_openvz.c) */
bool lp_openvz__line(struct logparse *p, struct lp_stream *st, const struct log_line *ll);
void lp_openvz__close(struct logparse *p, struct lp_stream *st);

#endif
