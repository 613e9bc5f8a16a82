// SPDX-License-Identifier: GPL-2.0
/* The live loop: ring buffer → (user-space additions) → pipeline. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_path.h"
#include "compaction_attempt.h"
#include "events.h"
#include "ksyms.h"
#include "stream_batch.h"
#include "vmlinux_btf.h"
#include "live_session.h"
#include "pipeline.h"
#include "proc_task.h"
#include "record_check.h"
#include "sink.h"
#include "snapshot_mem.h"
#include "slowpath_config.h"
#include "snapshot_zones.h"
#include "tracer.h"

#define POLL_MS 100
#define DROPS_EVERY_NS (1000ULL * 1000 * 1000)
#define ANNOUNCED_MAX 512

struct live_session {
	struct trace_options opts;
	struct tracer tracer;
	struct kernel_names names;
	struct pipeline *pipe;
	struct cgroup_mounts mounts;
	struct ksyms *ksyms;
	pthread_t locate_thread;	/* finds the counters' addresses in /proc/kallsyms */
	bool locating;
	uint64_t announced[ANNOUNCED_MAX];	/* cgroup ids whose names are in the stream */
	int nr_announced;
	uint64_t last_counters[CNT_MAX];
	uint64_t table_total;		/* CNT_ALLOC_FAIL_TOTAL when the failure table was last read */
	bool table_settled;		/* and the table's cells added up to it */
	uint64_t last_drops_ns;
	int fatal;
};

static volatile sig_atomic_t stop_requested, hup_requested;

static void drops__feed(struct live_session *s, uint64_t now, bool force, bool with_table);
static void zones__snapshot(struct live_session *s, uint64_t for_ts, bool always);

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_requested = 1;
	else
		stop_requested = 1;
}

static uint64_t now_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}


/* Put a cgroup's path into the stream once, before the record that uses it. */
static const char *cgroup__announce(struct live_session *s, uint64_t id, enum cgroup_hierarchy hier,
				    uint64_t ts, char *path, size_t len)
{
	struct ev_cgroup_name e;

	path[0] = '\0';
	if (!id || !cgroup__path(&s->mounts, hier, id, path, len))
		return path;
	for (int i = 0; i < s->nr_announced; i++)
		if (s->announced[i] == id)
			return path;
	if (s->nr_announced < ANNOUNCED_MAX)
		s->announced[s->nr_announced++] = id;
	record__init(&e.h, EV_CGROUP_NAME, EV_CGROUP_NAME_V, sizeof(e), ts);
	e.cgroup_id = id;
	e.hierarchy = hier;
	snprintf(e.path, sizeof(e.path), "%s", path);
	pipeline__feed(s->pipe, &e.h, sizeof(e));
	return path;
}

/* Where the kernel's global memory counters live, so the BPF side can read
 * them at a kill (the .bss is shared memory): one pass over /proc/kallsyms,
 * aside from the ring buffer loop. */
static void *counters__locate_thread(void *arg)
{
	static const char *const wanted[] = { "vm_zone_stat", "vm_node_stat", "nr_swap_pages", "total_swap_pages" };
	struct live_session *s = arg;
	uint64_t addrs[4];

	if (ksyms__find_names(wanted, addrs, 4))
		tracer__set_counter_addresses(&s->tracer, addrs[0], addrs[1], addrs[2], addrs[3]);
	return NULL;
}

/* The first frames are our BPF program and the tracepoint machinery that ran
 * it: the user wants the kernel's path, from the function that fired the event. */
static void stack__drop_tracing_frames(char *text)
{
	static const char *const prefixes[] = { "bpf_prog_", "bpf_trace_run", "__traceiter_", "__bpf_trace_",
						"trace_call_bpf", "bpf_get_stack" };
	char *p = text;

	for (;;) {
		bool tracing = false;

		for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
			tracing = tracing || !strncmp(p, prefixes[i], strlen(prefixes[i]));
		char *nl = strchr(p, '\n');

		if (!tracing || !nl)
			break;
		p = nl + 1;
	}
	memmove(text, p, strlen(p) + 1);
}

static void stack__announce(struct live_session *s, int32_t id, uint64_t ts)
{
	struct ev_stack e;
	uint64_t ips[MAX_STACK_DEPTH];

	if (!tracer__stack(&s->tracer, id, ips))
		return;
	record__init(&e.h, EV_STACK, EV_STACK_V, sizeof(e), ts);
	e.stack_id = id;
	for (e.nr = 0; e.nr < MAX_STACK_DEPTH && ips[e.nr]; e.nr++)
		e.ips[e.nr] = ips[e.nr];
	ksyms__format_stack(s->ksyms, (const uint64_t *)e.ips, e.nr, e.symbols, sizeof(e.symbols));
	stack__drop_tracing_frames(e.symbols);
	pipeline__feed(s->pipe, &e.h, sizeof(e));
}

/* The memory cgroup of a process from /proc/PID/cgroup, as an id (the
 * directory's inode), for victim records that carry only a pid. */
static uint64_t proc__memcg_id(const struct cgroup_mounts *m, uint32_t pid)
{
	char path[64], line[512], dir[1024];
	uint64_t id = 0;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/cgroup", pid);
	f = fopen(path, "r");
	if (!f || !m->memory_version)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		char *ctrl = strchr(line, ':'), *cg = ctrl ? strchr(ctrl + 1, ':') : NULL;

		if (!cg)
			continue;
		*cg++ = '\0';
		cg[strcspn(cg, "\n")] = '\0';
		bool v1_memory = strstr(ctrl + 1, "memory") != NULL;
		bool v2 = ctrl[1] == '\0';

		if ((m->memory_version == 1 && v1_memory) || (m->memory_version == 2 && v2)) {
			snprintf(dir, sizeof(dir), "%s%s", m->memory, cg);
			if (stat(dir, &st) == 0)
				id = st.st_ino;
			break;
		}
	}
out:
	if (f)
		fclose(f);
	return id;
}

/* Classic and pre-6.9 victim records have only a thread id: find its process,
 * name and memory cgroup while it is still there (a dying task keeps them).
 * Only files that never pin the dying victim's memory are read. */
static void victim__complete_from_proc(struct live_session *s, struct ev_oom_victim *v)
{
	uint32_t tgid;

	if (!v->victim.memcg_id) {
		struct stat root;

		v->victim.memcg_id = proc__memcg_id(&s->mounts, v->victim.pid);
		/* an exiting task is moved to the root cgroup: that says nothing */
		if (stat(s->mounts.memory, &root) == 0 && v->victim.memcg_id == (uint64_t)root.st_ino)
			v->victim.memcg_id = 0;
	}
	if (v->flags & VICTIM_HAS_TASK)
		return;
	tgid = proc_task__tgid(v->victim.pid);
	if (tgid)
		v->victim.tgid = tgid;
	if (!v->victim.comm[0])
		proc_task__comm(v->victim.pid, v->victim.comm, sizeof(v->victim.comm));
}

static void victim__feed(struct live_session *s, const struct ev_oom_victim *rec)
{
	struct ev_oom_victim v = *rec;
	struct ev_mem_snapshot snap;
	char victim_cg[MEMCG_PATH_LEN], trigger_cg[MEMCG_PATH_LEN], oom_cg[MEMCG_PATH_LEN], tmp[MEMCG_PATH_LEN];
	uint64_t ts = v.h.ts_ns;

	victim__complete_from_proc(s, &v);
	cgroup__announce(s, v.victim.memcg_id, CGROUP_MEMORY, ts, victim_cg, sizeof(victim_cg));
	cgroup__announce(s, v.trigger.memcg_id, CGROUP_MEMORY, ts, trigger_cg, sizeof(trigger_cg));
	cgroup__announce(s, (v.flags & VICTIM_HAS_OC) ? v.oc.memcg_id : v.limit_memcg_id, CGROUP_MEMORY, ts,
			 oom_cg, sizeof(oom_cg));
	if (s->mounts.memory_version == 1) {	/* v2 paths too, for the tasks' own cgroups */
		cgroup__announce(s, v.victim.cgroup_id, CGROUP_DFL, ts, tmp, sizeof(tmp));
		cgroup__announce(s, v.trigger.cgroup_id, CGROUP_DFL, ts, tmp, sizeof(tmp));
	}
	stack__announce(s, v.trigger_stack_id, ts);
	pipeline__feed(s->pipe, &v.h, sizeof(v));
	zones__snapshot(s, ts, true);

	/* read the memory state now, while the victim is still dying */
	record__init(&snap.h, EV_MEM_SNAPSHOT, EV_MEM_SNAPSHOT_V, sizeof(snap), ts);
	snap.for_event_ts = ts;
	mem_snapshot__take(&snap, &s->mounts, oom_cg, trigger_cg, victim_cg);
	pipeline__feed(s->pipe, &snap.h, sizeof(snap));
}

/* The zones' watermarks and free lists right after an OOM kill or an
 * allocation failure (at most 10 a second for failures: reading them costs). */
static void zones__snapshot(struct live_session *s, uint64_t for_ts, bool always)
{
	static struct ev_zone_snapshot snap;
	static uint64_t last_ns;
	uint64_t now = now_mono_ns();

	if (!always && now - last_ns < 100 * 1000 * 1000ULL)
		return;
	last_ns = now;
	if (zone_snapshot__read(&snap))
		return;
	zone_snapshot__header(&snap, for_ts);
	pipeline__feed(s->pipe, &snap.h, sizeof(snap));
}

/* A direct compaction zone that could not make the page: the free lists now, into the stream. */
static void compaction__snapshot(struct live_session *s, const struct event_header *h)
{
	static struct compaction_snapshot_limit limit;
	static struct ev_zone_snapshot snap;

	if (!compaction_snapshot__wanted(&limit, h) || zone_snapshot__read(&snap))
		return;
	zone_snapshot__header(&snap, h->ts_ns);
	pipeline__feed(s->pipe, &snap.h, sizeof(snap));
}

/* What a failure record refers to by id (stack, cgroups) goes in first. */
static void alloc_fail__announce(struct live_session *s, const struct ev_alloc_fail *e)
{
	char path[MEMCG_PATH_LEN];

	cgroup__announce(s, e->task.memcg_id, CGROUP_MEMORY, e->h.ts_ns, path, sizeof(path));
	cgroup__announce(s, e->charge_memcg_id, CGROUP_MEMORY, e->h.ts_ns, path, sizeof(path));
	cgroup__announce(s, e->limit_memcg_id, CGROUP_MEMORY, e->h.ts_ns, path, sizeof(path));
	stack__announce(s, e->stack_id, e->h.ts_ns);
}

static void page_alloc_batch__feed(void *ctx, const struct ev_page_alloc_batch *b)
{
	struct live_session *s = ctx;

	pipeline__feed(s->pipe, &b->h, b->h.size);
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct live_session *s = ctx;
	const struct event_header *h = data;

	if (h->type == EV_PAGE_ALLOC_BATCH) {	/* the hottest record: nothing else to add to it */
		pipeline__feed(s->pipe, h, size);
		if (s->opts.count && pipeline__matched(s->pipe) >= s->opts.count)
			stop_requested = 1;
		return 0;
	}

	/* the machine-wide counters as they stand, so the incident's window has them */
	if (h->type == EV_ALLOC_FAIL || h->type == EV_OOM_VICTIM)
		drops__feed(s, h->ts_ns, false, false);
	if (size >= sizeof(struct ev_alloc_fail) && h->type == EV_ALLOC_FAIL)
		alloc_fail__announce(s, data);
	if (size >= sizeof(struct ev_oom_victim) && h->type == EV_OOM_VICTIM)
		victim__feed(s, data);
	else
		pipeline__feed(s->pipe, h, size);
	if (h->type == EV_COMPACT_ZONE)
		compaction__snapshot(s, h);
	else if (h->type == EV_ALLOC_FAIL)
		zones__snapshot(s, h->ts_ns, false);
	if (s->opts.count && pipeline__matched(s->pipe) >= s->opts.count)
		stop_requested = 1;
	return 0;
}

/* Counters into the stream when they changed, so a capture reports the same
 * losses and the same exact failure table. total: the failures counted. */
static void counters__feed(struct live_session *s, uint64_t now, bool force, uint64_t total)
{
	static struct ev_counters last, cur;
	uint64_t cells = 0;

	record__init(&cur.h, EV_COUNTERS, EV_COUNTERS_V, sizeof(cur), now);
	if (slowpath__read_fail_hist(s->tracer.skel, &cur))
		return;
	for (int k = 0; k < FAIL_HIST_SLOTS; k++)
		cells += cur.fail_hist[k];
	s->table_total = total;
	s->table_settled = cells == total;	/* else a failure was being counted: again next time */
	if (!force && !memcmp(cur.fail_hist, last.fail_hist, sizeof(cur.fail_hist)))
		return;
	last = cur;
	pipeline__feed(s->pipe, &cur.h, sizeof(cur));
}

/* with_table: also the exact failure table (528 keys: on the tick, not per
 * record, and only when the failure count moved: its cells move with it) */
static void drops__feed(struct live_session *s, uint64_t now, bool force, bool with_table)
{
	struct ev_drops e;

	record__init(&e.h, EV_DROPS, EV_DROPS_V, sizeof(e), now);
	tracer__counters(&s->tracer, (uint64_t *)e.counters);
	if (with_table && (force || !s->table_settled || e.counters[CNT_ALLOC_FAIL_TOTAL] != s->table_total))
		counters__feed(s, now, force, e.counters[CNT_ALLOC_FAIL_TOTAL]);
	if (!force && !memcmp(e.counters, s->last_counters, sizeof(e.counters)))
		return;
	memcpy(s->last_counters, e.counters, sizeof(e.counters));
	pipeline__feed(s->pipe, &e.h, sizeof(e));
}

struct live_session *live_session__new(const struct trace_options *o, char *err, size_t errlen)
{
	struct live_session *s = calloc(1, sizeof(*s));
	int ret;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->opts = *o;
	uint64_t t0 = now_mono_ns(), t1 = 0, t2 = 0;

	ret = tracer__open(&s->tracer, o, err, errlen);
	if (!ret && !o->features && !o->dry_run) {
		t1 = now_mono_ns();
		ret = tracer__load(&s->tracer, err, errlen);
		t2 = now_mono_ns();
		if (!ret)
			ret = tracer__attach(&s->tracer, err, errlen);
		if (o->verbose)
			fprintf(stderr, "oomtrace: start-up: detect+open %.1f ms, load %.1f ms, attach %.1f ms; "
				"kernel BTF parsed %d time(s) (%d types kept%s), %d lookups indexed, "
				"CO-RE against %d kernel types\n",
				(t1 - t0) / 1e6, (t2 - t1) / 1e6, (now_mono_ns() - t2) / 1e6,
				vmlinux_btf__parses(), vmlinux_btf__types(), vmlinux_btf__is_subset() ? ", read in part" : "",
				vmlinux_btf__indexed_lookups(), s->tracer.core_btf_types);
		if (o->verbose && vmlinux_btf__part_error()[0])
			fprintf(stderr, "oomtrace: read all of the kernel's BTF: %s\n", vmlinux_btf__part_error());
	}
	if (ret) {
		live_session__free(s);
		return NULL;
	}
	if (kernel_names__from_btf(&s->names, s->tracer.feat.btf))
		kernel_names__for_version(&s->names, s->tracer.feat.kernel_release);
	if (!o->features && !o->dry_run)
		features__drop_btf(&s->tracer.feat);	/* ~6 MB nobody needs once attached */
	cgroup_mounts__find(&s->mounts);
	s->ksyms = ksyms__new();
	s->pipe = pipeline__new(&s->names, &o->filter);
	if (!s->pipe || !s->ksyms) {
		snprintf(err, errlen, "out of memory");
		live_session__free(s);
		return NULL;
	}
	pipeline__set_origin(s->pipe, SOURCE_LIVE, s->tracer.feat.kernel_release, s->tracer.feat.hostname);
	struct timespec rt;

	clock_gettime(CLOCK_REALTIME, &rt);
	pipeline__set_clock(s->pipe, rt.tv_sec * 1000000000LL + rt.tv_nsec - (int64_t)now_mono_ns());
	return s;
}

const struct kernel_names *live_session__names(const struct live_session *s)
{
	return &s->names;
}

const struct features *live_session__features(const struct live_session *s)
{
	return &s->tracer.feat;
}

void live_session__hooks_line(const struct live_session *s, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f) {
		snprintf(buf, len, "?");
		return;
	}
	tracer__report(&s->tracer, f);
	fclose(f);
	buf[len - 1] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

void live_session__print_hooks(const struct live_session *s, FILE *out)
{
	tracer__print_hooks(&s->tracer, out);
}

void live_session__add_sink(struct live_session *s, struct sink *sink)
{
	pipeline__add_sink(s->pipe, sink);
}

static void exit_line(struct live_session *s)
{
	const uint64_t *c = s->last_counters;

	fprintf(stderr, "oomtrace: %llu records, %llu incidents; lost: %llu (ring buffer full)",
		(unsigned long long)pipeline__records(s->pipe), (unsigned long long)pipeline__incidents(s->pipe),
		(unsigned long long)c[CNT_RINGBUF_FULL]);
	if (c[CNT_ALLOC_FAIL_SUPPRESSED] || c[CNT_EXTFRAG_SUPPRESSED])
		fprintf(stderr, ", suppressed by rate limit: %llu failures, %llu extfrag",
			(unsigned long long)c[CNT_ALLOC_FAIL_SUPPRESSED],
			(unsigned long long)c[CNT_EXTFRAG_SUPPRESSED]);
	if (c[CNT_TASK_STATE_FULL])
		fprintf(stderr, ", untracked episodes (state full): %llu",
			(unsigned long long)c[CNT_TASK_STATE_FULL]);
	if (pipeline__malformed(s->pipe))
		fprintf(stderr, ", malformed: %llu", (unsigned long long)pipeline__malformed(s->pipe));
	fprintf(stderr, "\n");
}

int live_session__run(struct live_session *s, const struct session_hooks *hooks)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256];
	uint64_t start = now_mono_ns(), deadline = 0;
	int ret;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (s->opts.duration_s > 0)
		deadline = start + (uint64_t)(s->opts.duration_s * 1e9);
	ret = tracer__start(&s->tracer, on_record, s, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "oomtrace: %s\n", err);
		return 1;
	}
	if (!s->opts.quiet)
		tracer__report(&s->tracer, stderr);
	s->locating = pthread_create(&s->locate_thread, NULL, counters__locate_thread, s) == 0;
	while (!stop_requested) {
		uint64_t now;

		/* streaming every allocation fills the ring buffer fast: drain it often */
		ret = tracer__poll(&s->tracer, s->opts.stream_every ? POLL_MS / 10 : POLL_MS);
		if (ret < 0) {
			fprintf(stderr, "oomtrace: reading the ring buffer failed: %s\n", strerror(-ret));
			s->fatal = 1;
			break;
		}
		now = now_mono_ns();
		if (now - s->last_drops_ns >= DROPS_EVERY_NS) {
			drops__feed(s, now, false, true);
			s->last_drops_ns = now;
		}
		pipeline__tick(s->pipe, now);
		pipeline__flush(s->pipe);
		if (hup_requested) {
			hup_requested = 0;
			if (hooks && hooks->on_hup)
				hooks->on_hup(hooks->ctx);
		}
		if (hooks && hooks->on_tick)
			hooks->on_tick(hooks->ctx, now);
		if (deadline && now >= deadline)
			break;
	}
	/* what arrived before the stop, then what the CPUs' stream batches still hold */
	tracer__stop_records(&s->tracer);
	tracer__poll(&s->tracer, 0);
	if (s->opts.stream_every)
		tracer__drain_stream(&s->tracer, page_alloc_batch__feed, s);
	drops__feed(s, now_mono_ns(), true, true);
	pipeline__finish(s->pipe);
	if (!s->opts.quiet)
		exit_line(s);
	return s->fatal ? 1 : 0;
}

void live_session__free(struct live_session *s)
{
	if (!s)
		return;
	if (s->locating)	/* it writes into the BPF object: wait before freeing that */
		pthread_join(s->locate_thread, NULL);
	pipeline__free(s->pipe);
	tracer__free(&s->tracer);
	ksyms__free(s->ksyms);
	free(s);
}
