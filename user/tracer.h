/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF side's lifecycle, libbpf-tools style: open the skeleton → choose
 * the programs this kernel can run and configure rodata → load → attach →
 * set the ready flag → poll the ring buffer. Also reads the drop counters
 * and the stack map.
 */
#ifndef OOMTRACE_TRACER_H
#define OOMTRACE_TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "events.h"
#include "kernel_features.h"
#include "stream_batch.h"
#include "options.h"

#define TRACER_MAX_HOOKS 160
#define TRACER_MAX_REJECTED 32

enum hook_state {
	HOOK_SKIPPED = 0,	/* not chosen: a better hook covers it, or the kernel lacks it */
	HOOK_ATTACHED,
	HOOK_FAILED,		/* chosen, but the kernel refused it */
};

struct hook_status {
	const char *prog;	/* program name in the skeleton */
	const char *section;	/* "raw_tp/mark_victim" */
	enum hook_state state;
	int err;		/* -errno when failed */
	const char *why;	/* when skipped */
};

struct oomtrace_bpf;
struct ring_buffer;

struct tracer {
	struct oomtrace_bpf *skel;
	struct features feat;
	struct ring_buffer *rb;
	struct hook_status hooks[TRACER_MAX_HOOKS];
	int nr_hooks;
	const char *oc_via;	/* "fentry", "kprobe" or NULL: how the oom_control is read */
	int ncpus;
	const struct trace_options *opts;
	/* programs the verifier rejected: loaded again without them */
	char rejected[TRACER_MAX_REJECTED][64];
	char rejected_why[TRACER_MAX_REJECTED][160];
	int nr_rejected;
	/* the kernel types CO-RE needs, for libbpf's btf_custom_path (core_btf.h) */
	int core_btf_fd;
	char core_btf_path[32];
	int core_btf_types;	/* kept in it; 0 before it is written, -errno when it failed */
};

typedef int (*tracer_record_fn)(void *ctx, void *data, size_t size);

int tracer__open(struct tracer *t, const struct trace_options *o, char *err, size_t errlen);
int tracer__load(struct tracer *t, char *err, size_t errlen);
int tracer__attach(struct tracer *t, char *err, size_t errlen);
/* Creates the ring buffer reader and flips the ready flag. */
int tracer__start(struct tracer *t, tracer_record_fn fn, void *ctx, char *err, size_t errlen);
/* Waits up to timeout_ms for a wakeup, then drains everything batched. */
int tracer__poll(struct tracer *t, int timeout_ms);
/* No more records from the programs (the end of a run). */
void tracer__stop_records(struct tracer *t);
/* The streamed allocations still in the per-CPU batches, after tracer__stop_records. */
long tracer__drain_stream(struct tracer *t, page_alloc_batch_fn fn, void *ctx);
void tracer__counters(const struct tracer *t, uint64_t out[CNT_MAX]);
bool tracer__stack(const struct tracer *t, int32_t id, uint64_t ips[MAX_STACK_DEPTH]);
/* The one line that says what attached and what did not, and why. */
void tracer__report(const struct tracer *t, FILE *out);
void tracer__print_hooks(const struct tracer *t, FILE *out);	/* --dry-run / -v */
void tracer__free(struct tracer *t);

/* Addresses of the kernel's global counters (0: unknown), for reading at a kill. */
void tracer__set_counter_addresses(struct tracer *t, uint64_t vm_zone_stat, uint64_t vm_node_stat,
				   uint64_t nr_swap_pages, uint64_t total_swap_pages);

/* Each BPF family's rodata from the options (tracer_config.c). */
void tracer__configure_families(struct tracer *t, const struct trace_options *o);

#endif
