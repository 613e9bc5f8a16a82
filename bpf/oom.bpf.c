// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer: victims (oom:mark_victim), the oom_control of the kill
 * (out_of_memory, where fentry or kprobe is allowed), the OOM reaper, and
 * who set which oom_score_adj.
 *
 * mark_victim runs inside out_of_memory() in the context of the task whose
 * allocation or charge failed, so `current` there is the trigger.
 */
#include "common.bpf.h"
#include "stream.bpf.h"

const volatile __u32 cfg_page_shift = 12;	/* user space sets the real one */

/* Where the kernel keeps its global counters, from /proc/kallsyms (only with
 * CONFIG_KALLSYMS_ALL). User space fills these in the background after start;
 * until then, or without them, the kill's figures come from /proc afterwards. */
volatile __u64 kaddr_vm_zone_stat = 0;
volatile __u64 kaddr_vm_node_stat = 0;
volatile __u64 kaddr_nr_swap_pages = 0;
volatile __u64 kaddr_total_swap_pages = 0;

/* out_of_memory()'s oom_control, by thread, while that thread is inside it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);	/* struct oom_control * */
} oom_control_by_tid SEC(".maps");

/* Up to 6.1 mm->rss_stat is struct mm_rss_stat { atomic_long_t count[]; };
 * from 6.2 it is struct percpu_counter rss_stat[]. Both flavours, so that
 * CO-RE resolves whichever this kernel has. */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

struct mm_struct___new {
	struct percpu_counter rss_stat[4];
} __attribute__((preserve_access_index));

/* The same value the kernel's get_mm_counter() prints in "Killed process". */
static __always_inline __u64 mm__counter_pages(struct mm_struct *mm, int member)
{
	long v = 0;

	if (bpf_core_field_exists(struct mm_struct___new, rss_stat)) {
		struct mm_struct___new *m = (void *)mm;

		v = BPF_CORE_READ(m, rss_stat[member].count);
	} else if (bpf_core_field_exists(struct mm_struct___old, rss_stat)) {
		struct mm_struct___old *m = (void *)mm;

		v = BPF_CORE_READ(m, rss_stat.count[member].counter);
	}
	return v > 0 ? v : 0;
}

static __always_inline __u64 pages_to_kb(__u64 pages)
{
	return pages << (cfg_page_shift - 10);
}

static __always_inline void cgroup__leaf_name(struct cgroup *cg, char *buf, int len)
{
	const char *name;

	if (!cg) {
		buf[0] = '\0';
		return;
	}
	name = BPF_CORE_READ(cg, kn, name);
	bpf_probe_read_kernel_str(buf, len, name);
}

static __always_inline void oom_control__read(struct oom_control *oc, struct oom_control_info *out)
{
	struct mem_cgroup *memcg = BPF_CORE_READ(oc, memcg);
	nodemask_t *nm = BPF_CORE_READ(oc, nodemask);

	out->gfp_mask = BPF_CORE_READ(oc, gfp_mask);
	out->order = BPF_CORE_READ(oc, order);
	out->constraint = BPF_CORE_READ(oc, constraint);
	out->totalpages = BPF_CORE_READ(oc, totalpages);
	out->chosen_points = BPF_CORE_READ(oc, chosen_points);
	out->nodemask = nm ? BPF_CORE_READ(nm, bits[0]) : 0;
	if (memcg) {
		struct cgroup *cg = BPF_CORE_READ(memcg, css.cgroup);

		out->memcg_id = BPF_CORE_READ(cg, kn, id);
		cgroup__leaf_name(cg, out->memcg_name, sizeof(out->memcg_name));
	} else {
		out->memcg_id = 0;
		out->memcg_name[0] = '\0';
	}
}

/* A charge fails when usage + the charge would pass max; the kill follows at
 * once, so the OOM memcg's usage is within a small charge of its max. */
#define LIMIT_SLACK_PAGES 512
#define MEMCG_MAX_DEPTH 8

static __always_inline bool counter__at_limit(struct page_counter *pc, __u64 *usage, __u64 *max)
{
	*usage = BPF_CORE_READ(pc, usage.counter);
	*max = BPF_CORE_READ(pc, max);
	return *max < (1ULL << 50) && *usage + LIMIT_SLACK_PAGES >= *max;
}

/* Walk up from t's memcg (the victim's, or without it the charging task's:
 * a memcg OOM's memcg contains both). */
static __always_inline void victim__find_limit_memcg(struct ev_oom_victim *e, struct task_struct *t)
{
	int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	struct cgroup_subsys_state *css;
	__u64 usage, max;

	if (id < 0 || id >= CGROUP_SUBSYS_COUNT)
		return;
	css = BPF_CORE_READ(t, cgroups, subsys[id]);
	for (int depth = 0; css && depth < MEMCG_MAX_DEPTH; depth++) {
		/* css is the first member of struct mem_cgroup */
		struct mem_cgroup *memcg = (struct mem_cgroup *)css;
		__u32 kind = 0;

		if (!BPF_CORE_READ(css, parent))
			break;	/* the root has no limit */
		if (counter__at_limit(&memcg->memory, &usage, &max))
			kind = 1;
		else if (counter__at_limit(&memcg->memsw, &usage, &max))
			kind = 2;
		if (kind) {
			struct cgroup *cg = BPF_CORE_READ(css, cgroup);

			e->limit_memcg_id = BPF_CORE_READ(cg, kn, id);
			e->limit_usage_pages = usage;
			e->limit_max_pages = max;
			e->limit_kind = kind;
			cgroup__leaf_name(cg, e->limit_memcg_name, sizeof(e->limit_memcg_name));
			return;
		}
		css = BPF_CORE_READ(css, parent);
	}
}

static __always_inline void victim__fill_from_task(struct ev_oom_victim *e, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);

	task__ident(t, &e->victim);
	e->flags |= VICTIM_HAS_TASK;
	e->oom_score_adj = BPF_CORE_READ(t, signal, oom_score_adj);
	e->start_time_ns = BPF_CORE_READ(t, start_time);
	cgroup__leaf_name(task__memcg_cgroup(t), e->victim_cgroup_name, sizeof(e->victim_cgroup_name));
	victim__find_limit_memcg(e, t);
	if (!mm)
		return;
	/* MM_FILEPAGES..MM_SHMEMPAGES live in an anonymous enum (no CO-RE
	 * relocation possible); their values have not changed since 4.5. */
	e->total_vm_kb = pages_to_kb(BPF_CORE_READ(mm, total_vm));
	e->file_rss_kb = pages_to_kb(mm__counter_pages(mm, MM_FILEPAGES));
	e->anon_rss_kb = pages_to_kb(mm__counter_pages(mm, MM_ANONPAGES));
	e->shmem_rss_kb = pages_to_kb(mm__counter_pages(mm, MM_SHMEMPAGES));
	e->swapents = mm__counter_pages(mm, MM_SWAPENTS);
	e->pgtables_kb = BPF_CORE_READ(mm, pgtables_bytes.counter) >> 10;
	e->locked_vm_kb = pages_to_kb(BPF_CORE_READ(mm, locked_vm));
	e->flags |= VICTIM_HAS_RSS;
}

static __always_inline __s64 kernel_long__read(__u64 addr, int index)
{
	long v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)(addr + index * sizeof(long)));
	return v;
}

/* The machine at the moment of the kill: what /proc shows a moment later has
 * the victim's memory back already. */
static __always_inline void victim__read_machine(struct ev_oom_victim *e)
{
	__u64 zone_stat = kaddr_vm_zone_stat, node_stat = kaddr_vm_node_stat;
	__u64 swap_free = kaddr_nr_swap_pages, swap_total = kaddr_total_swap_pages;

	if (zone_stat) {
		e->at_kill_free_pages = kernel_long__read(zone_stat,
							  bpf_core_enum_value(enum zone_stat_item, NR_FREE_PAGES));
		e->at_kill_valid |= AT_KILL_FREE;
	}
	if (node_stat) {
		e->at_kill_unevictable_pages =
			kernel_long__read(node_stat, bpf_core_enum_value(enum node_stat_item, NR_UNEVICTABLE));
		e->at_kill_valid |= AT_KILL_UNEVICTABLE;
	}
	if (swap_free && swap_total) {
		e->at_kill_swap_free_pages = kernel_long__read(swap_free, 0);
		e->at_kill_swap_total_pages = kernel_long__read(swap_total, 0);
		e->at_kill_valid |= AT_KILL_SWAP;
	}
}

/* The trigger, its stack and (with enrichment) the oom_control: common to both forms. */
static __always_inline struct oom_control *victim__fill_trigger(void *ctx, struct ev_oom_victim *e)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *ocp;

	current__ident(&e->trigger);
	victim__read_machine(e);
	e->trigger_stack_id = bpf_get_stackid(ctx, &stacks, 0);
	if (e->trigger_stack_id < 0)
		counter__add(CNT_STACK_LOST, 1);
	ocp = bpf_map_lookup_elem(&oom_control_by_tid, &tid);
	if (ocp && *ocp) {
		oom_control__read((struct oom_control *)*ocp, &e->oc);
		e->flags |= VICTIM_HAS_OC;
		return (struct oom_control *)*ocp;
	}
	return NULL;
}

/* Forms of mark_victim without the task: the oom_control's chosen task is it. */
static __always_inline void victim__fill_from_chosen(struct ev_oom_victim *e, struct oom_control *oc)
{
	struct task_struct *chosen = oc ? BPF_CORE_READ(oc, chosen) : NULL;

	if (chosen && BPF_CORE_READ(chosen, pid) == (int)e->victim.pid)
		victim__fill_from_task(e, chosen);
}

static __always_inline struct ev_oom_victim *victim__reserve(void)
{
	struct ev_oom_victim *e;

	if (!tracing_ready)
		return NULL;
	/* what this CPU streamed up to the kill comes before it in the stream */
	stream__flush_before_kill();
	e = record__reserve(sizeof(*e), EV_OOM_VICTIM, EV_OOM_VICTIM_V);
	if (!e)
		return NULL;
	__builtin_memset((void *)e + sizeof(e->h), 0, sizeof(*e) - sizeof(e->h));
	return e;
}

/* 6.9+ (and backports): mark_victim(struct task_struct *task, uid_t uid) */
SEC("raw_tp/mark_victim")
int BPF_PROG(mark_victim_task, struct task_struct *task, uid_t uid)
{
	struct ev_oom_victim *e = victim__reserve();

	if (!e)
		return 0;
	victim__fill_from_task(e, task);
	e->uid = uid;
	victim__fill_trigger(ctx, e);
	record__submit(e, true);
	return 0;
}

/* up to 6.8: mark_victim(int pid); the task is not at hand, only its id */
SEC("raw_tp/mark_victim")
int BPF_PROG(mark_victim_pid, int pid)
{
	struct ev_oom_victim *e = victim__reserve();

	if (!e)
		return 0;
	e->victim.pid = pid;
	e->victim.tgid = pid;	/* user space corrects it from /proc when it can */
	victim__find_limit_memcg(e, bpf_get_current_task_btf());
	victim__fill_from_chosen(e, victim__fill_trigger(ctx, e));
	record__submit(e, true);
	return 0;
}

/* Without raw_tp: the classic record. It has the rss fields from 6.9 on. */
SEC("tracepoint/oom/mark_victim")
int tp_mark_victim(struct trace_event_raw_mark_victim *rec)
{
	struct ev_oom_victim *e = victim__reserve();

	if (!e)
		return 0;
	e->victim.pid = BPF_CORE_READ(rec, pid);
	e->victim.tgid = e->victim.pid;
	if (bpf_core_field_exists(rec->total_vm)) {
		unsigned short loc = BPF_CORE_READ(rec, __data_loc_comm) & 0xffff;

		bpf_probe_read_kernel_str(e->victim.comm, sizeof(e->victim.comm), (void *)rec + loc);
		e->total_vm_kb = BPF_CORE_READ(rec, total_vm);
		e->anon_rss_kb = BPF_CORE_READ(rec, anon_rss);
		e->file_rss_kb = BPF_CORE_READ(rec, file_rss);
		e->shmem_rss_kb = BPF_CORE_READ(rec, shmem_rss);
		e->pgtables_kb = BPF_CORE_READ(rec, pgtables);
		e->uid = BPF_CORE_READ(rec, uid);
		e->oom_score_adj = BPF_CORE_READ(rec, oom_score_adj);
		e->flags |= VICTIM_HAS_RSS;
	}
	victim__find_limit_memcg(e, bpf_get_current_task_btf());
	victim__fill_from_chosen(e, victim__fill_trigger(rec, e));
	record__submit(e, true);
	return 0;
}

/* ---- enrichment: the oom_control (fentry, else kprobe) ---- */

static __always_inline void oom_control__enter(struct oom_control *oc)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 v = (__u64)oc;

	bpf_map_update_elem(&oom_control_by_tid, &tid, &v, BPF_ANY);
}

static __always_inline void oom_control__exit(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&oom_control_by_tid, &tid);
}

SEC("fentry/out_of_memory")
int BPF_PROG(fentry_out_of_memory, struct oom_control *oc)
{
	oom_control__enter(oc);
	return 0;
}

SEC("fexit/out_of_memory")
int BPF_PROG(fexit_out_of_memory, struct oom_control *oc, bool ret)
{
	oom_control__exit();
	return 0;
}

SEC("kprobe/out_of_memory")
int BPF_KPROBE(kprobe_out_of_memory, struct oom_control *oc)
{
	oom_control__enter(oc);
	return 0;
}

SEC("kretprobe/out_of_memory")
int BPF_KRETPROBE(kretprobe_out_of_memory)
{
	oom_control__exit();
	return 0;
}

/* ---- the OOM reaper ---- */

static __always_inline int reaper__emit(int pid, __u32 step)
{
	struct ev_oom_reaper *e;

	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_OOM_REAPER, EV_OOM_REAPER_V);
	if (!e)
		return 0;
	e->pid = pid;
	e->step = step;
	record__submit(e, true);
	return 0;
}

SEC("raw_tp/wake_reaper")
int BPF_PROG(wake_reaper, int pid) { return reaper__emit(pid, REAPER_WAKE); }

SEC("raw_tp/start_task_reaping")
int BPF_PROG(start_task_reaping, int pid) { return reaper__emit(pid, REAPER_START); }

SEC("raw_tp/finish_task_reaping")
int BPF_PROG(finish_task_reaping, int pid) { return reaper__emit(pid, REAPER_FINISH); }

SEC("raw_tp/skip_task_reaping")
int BPF_PROG(skip_task_reaping, int pid) { return reaper__emit(pid, REAPER_SKIP); }

SEC("tracepoint/oom/wake_reaper")
int tp_wake_reaper(struct trace_event_raw_wake_reaper *rec)
{
	return reaper__emit(BPF_CORE_READ(rec, pid), REAPER_WAKE);
}

SEC("tracepoint/oom/start_task_reaping")
int tp_start_task_reaping(struct trace_event_raw_start_task_reaping *rec)
{
	return reaper__emit(BPF_CORE_READ(rec, pid), REAPER_START);
}

SEC("tracepoint/oom/finish_task_reaping")
int tp_finish_task_reaping(struct trace_event_raw_finish_task_reaping *rec)
{
	return reaper__emit(BPF_CORE_READ(rec, pid), REAPER_FINISH);
}

SEC("tracepoint/oom/skip_task_reaping")
int tp_skip_task_reaping(struct trace_event_raw_skip_task_reaping *rec)
{
	return reaper__emit(BPF_CORE_READ(rec, pid), REAPER_SKIP);
}

/* ---- oom_score_adj: who made whom cheap to kill ---- */

static __always_inline int score_adj__emit(struct task_struct *task, __u32 pid, int adj)
{
	struct ev_oom_score_adj *e;

	if (!tracing_ready)
		return 0;
	e = record__reserve(sizeof(*e), EV_OOM_SCORE_ADJ, EV_OOM_SCORE_ADJ_V);
	if (!e)
		return 0;
	__builtin_memset(&e->task, 0, sizeof(e->task));
	if (task)
		task__ident(task, &e->task);
	else
		e->task.pid = e->task.tgid = pid;
	current__ident(&e->setter);
	e->oom_score_adj = adj;
	e->pad = 0;
	record__submit(e, false);
	return 0;
}

SEC("raw_tp/oom_score_adj_update")
int BPF_PROG(oom_score_adj_update, struct task_struct *task)
{
	return score_adj__emit(task, 0, BPF_CORE_READ(task, signal, oom_score_adj));
}

SEC("tracepoint/oom/oom_score_adj_update")
int tp_oom_score_adj_update(struct trace_event_raw_oom_score_adj_update *rec)
{
	return score_adj__emit(NULL, BPF_CORE_READ(rec, pid), BPF_CORE_READ(rec, oom_score_adj));
}
