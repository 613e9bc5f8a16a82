/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every BPF file shares: the maps (defined once in maps.bpf.c, linked
 * into one object), the ready flag, and helpers that fill the common parts
 * of a record. All BPF files are linked into one object with one ring buffer.
 */
#ifndef OOMTRACE_COMMON_BPF_H
#define OOMTRACE_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "events.h"

/* maps.bpf.c defines the shared maps; every other file sees them extern */
#ifdef OOMTRACE_DEFINE_SHARED
#define SHARED
#else
#define SHARED extern
#endif

SHARED struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

SHARED struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1024);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* User space sets this after everything is attached: no half-set-up records. */
SHARED volatile bool tracing_ready;

static __always_inline void counter__add(__u32 id, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &id);

	if (v)
		*v += n;
}

/* Reserve a record of a type; counts a drop when the ring buffer is full. */
static __always_inline void *record__reserve(__u32 size, __u16 type, __u16 version)
{
	struct event_header *h = bpf_ringbuf_reserve(&events, size, 0);

	if (!h) {
		counter__add(CNT_RINGBUF_FULL, 1);
		return NULL;
	}
	h->type = type;
	h->version = version;
	h->size = size;
	h->ts_ns = bpf_ktime_get_ns();
	h->cpu = bpf_get_smp_processor_id();
	h->pad = 0;
	return h;
}

/* Submit: OOM-path records wake the reader at once, high-rate ones do not. */
static __always_inline void record__submit(void *rec, bool urgent)
{
	bpf_ringbuf_submit(rec, urgent ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

static __always_inline __u64 task__cgroup_id(struct task_struct *t)
{
	return BPF_CORE_READ(t, cgroups, dfl_cgrp, kn, id);
}

/* The cgroup of the memory controller (v1 hierarchy or v2), 0 without memcg. */
static __always_inline struct cgroup *task__memcg_cgroup(struct task_struct *t)
{
	int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	struct cgroup_subsys_state *css;

	if (id < 0 || id >= CGROUP_SUBSYS_COUNT)
		return NULL;
	css = BPF_CORE_READ(t, cgroups, subsys[id]);
	return css ? BPF_CORE_READ(css, cgroup) : NULL;
}

static __always_inline void task__ident(struct task_struct *t, struct task_ident *id)
{
	struct cgroup *cg;

	id->pid = BPF_CORE_READ(t, pid);
	id->tgid = BPF_CORE_READ(t, tgid);
	id->cgroup_id = task__cgroup_id(t);
	cg = task__memcg_cgroup(t);
	id->memcg_id = cg ? BPF_CORE_READ(cg, kn, id) : 0;
	bpf_probe_read_kernel_str(id->comm, sizeof(id->comm), &t->comm);
}

static __always_inline void current__ident(struct task_ident *id)
{
	task__ident(bpf_get_current_task_btf(), id);
}

#endif
