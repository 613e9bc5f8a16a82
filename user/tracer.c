// SPDX-License-Identifier: GPL-2.0
/* Open → choose programs → configure → load → attach → ready → poll. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "btf_index.h"
#include "core_btf.h"
#include "decode.h"
#include "oomtrace.skel.h"
#include "percpu_array.h"
#include "tracer.h"
#include "vmlinux_btf.h"

/* libbpf's messages: kept quiet unless -v, but the name of a program the
 * verifier rejected and the last line of its log are remembered. */
static int libbpf_verbose;
static char failed_prog[64];
static char failed_line[160];
static char log_last_line[160];

/* The verifier's reason: the last line of the log before its "processed N insns" summary. */
static void verifier_log__reason(const char *log, char *out, size_t len)
{
	const char *end = strstr(log, "\nprocessed ");
	const char *start;

	if (!end)
		end = strstr(log, "-- END PROG LOAD LOG");
	if (!end)
		return;
	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	snprintf(out, len, "%.*s", (int)(end - start), start);
}

static int libbpf__print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static char buf[65536];
	const char *p;

	/* thousands of debug lines per load (CO-RE): not even formatted unless shown */
	if (level == LIBBPF_DEBUG && libbpf_verbose < 2)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (libbpf_verbose > (level == LIBBPF_DEBUG ? 1 : 0))
		fputs(buf, stderr);
	p = strstr(buf, "prog '");
	if (p && strstr(buf, "BEGIN PROG LOAD LOG"))
		verifier_log__reason(buf, log_last_line, sizeof(log_last_line));
	else if (p && strstr(buf, "failed to load")) {
		sscanf(p, "prog '%63[^']'", failed_prog);
		snprintf(failed_line, sizeof(failed_line), "%s", log_last_line);
	}
	return 0;
}

static bool str__starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Programs that exist in several forms for one tracepoint: only the form
 * matching this kernel's prototype may load. */
static bool variant__fits(const struct tracer *t, const char *name)
{
	if (!strcmp(name, "mark_victim_task"))
		return t->feat.mark_victim_task;
	if (!strcmp(name, "mark_victim_pid"))
		return !t->feat.mark_victim_task;
	return true;
}

static const char *raw_tp_event(const char *sec)
{
	return str__starts(sec, "raw_tp/") ? sec + strlen("raw_tp/") : NULL;
}

/* Is a raw_tp program for this event chosen already? Then its classic twin is not needed. */
static bool raw_tp__chosen(const struct tracer *t, const char *event)
{
	for (int i = 0; i < t->nr_hooks; i++) {
		const char *ev = raw_tp_event(t->hooks[i].section);

		if (ev && !strcmp(ev, event) && !t->hooks[i].why)
			return true;
	}
	return false;
}

static const char *prog__skip_reason(const struct tracer *t, const struct trace_options *o,
				     const char *sec, const char *name)
{
	static char why[128];
	const char *fn;

	for (int i = 0; i < t->nr_rejected; i++)
		if (!strcmp(t->rejected[i], name))
			return t->rejected_why[i];

	if (raw_tp_event(sec)) {
		if (!t->feat.raw_tp)
			return t->feat.btf_custom ? "raw_tp needs the running kernel's BTF" : "no raw_tp";
		if (!features__has_raw_tp(&t->feat, raw_tp_event(sec)))
			return "kernel has no such tracepoint";
		if (!variant__fits(t, name))
			return "other prototype on this kernel";
		return NULL;
	}
	if (str__starts(sec, "tracepoint/")) {
		char cat[64], ev[64];

		if (sscanf(sec, "tracepoint/%63[^/]/%63s", cat, ev) != 2)
			return "bad section";
		if (raw_tp__chosen(t, ev))
			return "raw_tp used instead";
		if (!t->feat.tracefs)
			return "tracefs not mounted";
		if (!features__has_tracepoint(&t->feat, cat, ev))
			return "kernel has no such tracepoint";
		return NULL;
	}
	if (str__starts(sec, "fentry/") || str__starts(sec, "fexit/")) {
		const char *reason;

		fn = strchr(sec, '/') + 1;
		if (o->no_enrich)
			return "--no-enrich";
		if (!features__fentry_can_attach(&t->feat, fn, &reason)) {
			if (t->feat.fentry_err && !t->feat.fentry) {
				snprintf(why, sizeof(why), "fentry refused: %s", strerror(-t->feat.fentry_err));
				return why;
			}
			return reason;
		}
		return NULL;
	}
	if (str__starts(sec, "kprobe/") || str__starts(sec, "kretprobe/")) {
		const char *reason;

		fn = strchr(sec, '/') + 1;
		if (o->no_enrich)
			return "--no-enrich";
		if (features__fentry_can_attach(&t->feat, fn, &reason))
			return "fentry used instead";
		if (!t->feat.kprobe)
			return "no kprobe support in this kernel";
		return NULL;
	}
	return NULL;
}

static void hooks__choose(struct tracer *t, const struct trace_options *o)
{
	struct bpf_program *p;

	/* two passes: classic tracepoints only where no raw_tp twin was chosen */
	for (int pass = 0; pass < 2; pass++) {
		bpf_object__for_each_program(p, t->skel->obj) {
			const char *sec = bpf_program__section_name(p);
			bool classic = str__starts(sec, "tracepoint/");
			struct hook_status *h;

			if (classic != (pass == 1) || t->nr_hooks == TRACER_MAX_HOOKS)
				continue;
			h = &t->hooks[t->nr_hooks++];
			h->prog = bpf_program__name(p);
			h->section = sec;
			h->why = prog__skip_reason(t, o, sec, h->prog);
			bpf_program__set_autoload(p, h->why == NULL);
		}
	}
}

/* rodata: what the BPF side must know before load */
static void rodata__configure(struct tracer *t, const struct trace_options *o)
{
	int shift = 0;

	for (int ps = t->feat.page_size; ps > 1; ps >>= 1)
		shift++;
	t->skel->rodata->cfg_page_shift = shift;
	tracer__configure_families(t, o);
}

static uint32_t ringbuf__bytes(uint32_t kb)
{
	uint32_t want = kb * 1024, sz = 4096;

	while (sz < want && sz < (1u << 30))
		sz <<= 1;
	return sz;
}

/* libbpf reads btf_custom_path at load but takes it at open, before the
 * object's own BTF (which says what to keep) can be read: a memfd, filled
 * right after the first open. OOMTRACE_FULL_CORE=1 relocates against all of
 * the kernel's BTF instead (to compare). */
static void core_btf__prepare(struct tracer *t)
{
	t->core_btf_fd = -1;
	if (getenv("OOMTRACE_FULL_CORE")) {
		vmlinux_btf__libbpf_parses_own(true);
		return;
	}
	t->core_btf_fd = memfd_create("oomtrace-core-btf", MFD_CLOEXEC);
	if (t->core_btf_fd >= 0)
		snprintf(t->core_btf_path, sizeof(t->core_btf_path), "/proc/self/fd/%d", t->core_btf_fd);
}

static bool core_btf__fill(struct tracer *t)
{
	const struct btf_index *ix = t->feat.btf_custom ? NULL : vmlinux_btf__index();
	struct btf_index *own = ix || !t->feat.btf ? NULL : btf_index__new(t->feat.btf);

	t->core_btf_types = !t->feat.btf ? -ENOENT :
			    ix || own ? core_btf__write(bpf_object__btf(t->skel->obj), t->feat.btf, ix ? ix : own,
							t->core_btf_fd)
				      : -ENOMEM;
	btf_index__free(own);
	if (t->core_btf_types > 0)
		return true;
	close(t->core_btf_fd);
	t->core_btf_fd = -1;
	t->core_btf_path[0] = '\0';
	return false;
}

static int skeleton__open_object(struct tracer *t, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts,
		    .btf_custom_path = t->core_btf_path[0] ? t->core_btf_path : t->opts->btf_path);

	t->skel = oomtrace_bpf__open_opts(&opts);
	if (!t->skel) {
		snprintf(err, errlen, "cannot open the BPF object: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

/* Once the object is open and the features known: what to load, and how. */
static int skeleton__configure(struct tracer *t, char *err, size_t errlen)
{
	if (t->core_btf_path[0] && !t->core_btf_types && !core_btf__fill(t)) {
		int ret;

		oomtrace_bpf__destroy(t->skel);		/* opened with a path that stays empty */
		t->skel = NULL;
		vmlinux_btf__libbpf_parses_own(true);	/* CO-RE against the whole, not our part */
		ret = skeleton__open_object(t, err, errlen);
		if (ret)
			return ret;
	}
	bpf_map__set_max_entries(t->skel->maps.events, ringbuf__bytes(t->opts->ringbuf_kb));
	t->nr_hooks = 0;
	hooks__choose(t, t->opts);
	rodata__configure(t, t->opts);
	return 0;
}

static int skeleton__open(struct tracer *t, char *err, size_t errlen)
{
	int ret = skeleton__open_object(t, err, errlen);

	return ret ? ret : skeleton__configure(t, err, errlen);
}

static int btf_want__local(const char *name, int kind, void *ctx)
{
	(void)kind;
	(void)ctx;
	return vmlinux_btf__want(name);
}

/* What of the kernel's BTF this run reads: each hook's tracepoint prototype
 * or function, the kernel types the programs relocate against, and what the
 * feature probe and the name decoder look at. */
static int btf_wants__collect(struct tracer *t)
{
	struct bpf_program *p;
	char name[128];
	int err = features__btf_wants(vmlinux_btf__want);

	if (!err)
		err = kernel_names__btf_wants(vmlinux_btf__want);
	bpf_object__for_each_program(p, t->skel->obj) {
		const char *sec = bpf_program__section_name(p), *fn = strchr(sec, '/');

		if (err || !fn)
			continue;
		if (raw_tp_event(sec)) {
			snprintf(name, sizeof(name), "btf_trace_%s", raw_tp_event(sec));
			err = vmlinux_btf__want(name);
		} else if (str__starts(sec, "fentry/") || str__starts(sec, "fexit/") ||
			   str__starts(sec, "kprobe/") || str__starts(sec, "kretprobe/")) {
			err = vmlinux_btf__want(fn + 1);
		}
	}
	return err ? err : core_btf__each_local_name(bpf_object__btf(t->skel->obj), btf_want__local, NULL);
}

int tracer__open(struct tracer *t, const struct trace_options *o, char *err, size_t errlen)
{
	int ret;

	memset(t, 0, sizeof(*t));
	t->opts = o;
	t->ncpus = libbpf_num_possible_cpus();
	libbpf_verbose = o->verbose;
	libbpf_set_print(libbpf__print);
	if (o->features)
		return features__probe(&t->feat, o->btf_path, !o->no_enrich, err, errlen);
	core_btf__prepare(t);
	ret = skeleton__open_object(t, err, errlen);
	if (!ret && !o->btf_path)
		ret = btf_wants__collect(t);
	if (!ret)
		ret = features__probe(&t->feat, o->btf_path, !o->no_enrich, err, errlen);
	return ret ? ret : skeleton__configure(t, err, errlen);
}

/* A program the verifier rejects on this kernel costs only itself: the object
 * is opened and loaded again without it (never without the victim hook). */
int tracer__load(struct tracer *t, char *err, size_t errlen)
{
	for (;;) {
		int ret;

		failed_prog[0] = failed_line[0] = '\0';
		ret = oomtrace_bpf__load(t->skel);
		if (!ret)
			return 0;
		if (ret == -EPERM || errno == EPERM) {
			snprintf(err, errlen, "loading BPF programs was refused (EPERM): run as root "
				 "(CAP_BPF and CAP_PERFMON), and check kernel.unprivileged_bpf_disabled and lockdown");
			return ret;
		}
		bool again = false;

		for (int i = 0; i < t->nr_rejected; i++)
			again = again || !strcmp(t->rejected[i], failed_prog);
		if (!failed_prog[0] || strstr(failed_prog, "mark_victim") || t->nr_rejected == TRACER_MAX_REJECTED || again) {
			snprintf(err, errlen, "loading BPF program %s failed%s: %s (%s); run with -v for the verifier log",
				 failed_prog[0] ? failed_prog : "?", again ? " again after it was left out" : "",
				 strerror(-ret), failed_line);
			return ret;
		}
		snprintf(t->rejected[t->nr_rejected], sizeof(t->rejected[0]), "%s", failed_prog);
		snprintf(t->rejected_why[t->nr_rejected], sizeof(t->rejected_why[0]), "verifier rejected: %s",
			 failed_line);
		t->nr_rejected++;
		oomtrace_bpf__destroy(t->skel);
		t->skel = NULL;
		ret = skeleton__open(t, err, errlen);
		if (ret)
			return ret;
	}
}

int tracer__attach(struct tracer *t, char *err, size_t errlen)
{
	bool victim_hook = false;

	for (int i = 0; i < t->nr_hooks; i++) {
		struct hook_status *h = &t->hooks[i];
		struct bpf_program *p;

		if (h->why)
			continue;
		p = bpf_object__find_program_by_name(t->skel->obj, h->prog);
		if (!p || !bpf_program__attach(p)) {
			h->state = HOOK_FAILED;
			h->err = p ? -errno : -ENOENT;
			continue;
		}
		h->state = HOOK_ATTACHED;
		if (strstr(h->section, "mark_victim"))
			victim_hook = true;
		if (strstr(h->section, "out_of_memory") && !t->oc_via)
			t->oc_via = str__starts(h->section, "fentry/") ? "fentry" : "kprobe";
	}
	if (!victim_hook) {
		snprintf(err, errlen, "cannot attach to oom:mark_victim (no raw_tp and no tracefs tracepoint); "
			 "mount tracefs: mount -t tracefs nodev /sys/kernel/tracing");
		return -ENOENT;
	}
	/* every hook is in: records flow from now on, the ring buffer keeps them
	 * until the reader starts (tracer__start) */
	t->skel->bss->tracing_ready = true;
	return 0;
}

int tracer__start(struct tracer *t, tracer_record_fn fn, void *ctx, char *err, size_t errlen)
{
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), fn, ctx, NULL);
	if (!t->rb) {
		snprintf(err, errlen, "cannot read the ring buffer: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

int tracer__poll(struct tracer *t, int timeout_ms)
{
	int n = ring_buffer__poll(t->rb, timeout_ms);

	if (n < 0 && n != -EINTR)
		return n;
	/* records submitted without a wakeup are waiting too */
	n = ring_buffer__consume(t->rb);
	return n < 0 && n != -EINTR ? n : 0;
}

void tracer__stop_records(struct tracer *t)
{
	if (!t->skel || !t->skel->bss)
		return;
	t->skel->bss->tracing_ready = false;
	usleep(2000);	/* a program that saw it still true finishes in microseconds */
}

long tracer__drain_stream(struct tracer *t, page_alloc_batch_fn fn, void *ctx)
{
	return t->skel ? stream_batch__drain(bpf_map__fd(t->skel->maps.stream_batches), t->ncpus, fn, ctx) : 0;
}

void tracer__counters(const struct tracer *t, uint64_t out[CNT_MAX])
{
	percpu_array__sum(bpf_map__fd(t->skel->maps.counters), CNT_MAX, t->ncpus, out);
}

bool tracer__stack(const struct tracer *t, int32_t id, uint64_t ips[MAX_STACK_DEPTH])
{
	if (id < 0)
		return false;
	memset(ips, 0, MAX_STACK_DEPTH * sizeof(uint64_t));
	return bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.stacks), &id, ips) == 0;
}

void tracer__report(const struct tracer *t, FILE *out)
{
	int raw_tp = 0, classic = 0, other = 0, failed = 0;

	for (int i = 0; i < t->nr_hooks; i++) {
		const struct hook_status *h = &t->hooks[i];

		if (h->state == HOOK_FAILED)
			failed++;
		if (h->state != HOOK_ATTACHED)
			continue;
		if (raw_tp_event(h->section))
			raw_tp++;
		else if (str__starts(h->section, "tracepoint/"))
			classic++;
		else
			other++;
	}
	fprintf(out, "oomtrace: tracing on %s: %d hooks attached (%d raw_tp, %d tracepoint, %d fentry/kprobe)",
		t->feat.kernel_release, raw_tp + classic + other, raw_tp, classic, other);
	if (t->oc_via)
		fprintf(out, "; oom_control via %s", t->oc_via);
	else if (t->opts && t->opts->no_enrich)
		fprintf(out, "; oom_control not read (--no-enrich): order/gfp of kills unknown");
	else
		fprintf(out, "; oom_control not available (fentry: %s; kprobe: %s): order/gfp of kills unknown",
			t->feat.fentry ? "failed to attach" : strerror(-t->feat.fentry_err),
			t->feat.kprobe ? "failed to attach" : "not supported");
	for (int i = 0; i < t->nr_rejected; i++)
		fprintf(out, "%s %s (%s)", i ? "," : "; not loaded:", t->rejected[i], t->rejected_why[i]);
	if (failed) {
		fprintf(out, "; not attached:");
		for (int i = 0, n = 0; i < t->nr_hooks; i++)
			if (t->hooks[i].state == HOOK_FAILED)
				fprintf(out, "%s %s (%s)", n++ ? "," : "", t->hooks[i].section,
					strerror(-t->hooks[i].err));
	}
	fprintf(out, "\n");
}

void tracer__print_hooks(const struct tracer *t, FILE *out)
{
	for (int i = 0; i < t->nr_hooks; i++) {
		const struct hook_status *h = &t->hooks[i];
		const char *state = h->state == HOOK_ATTACHED ? "attached" :
				    h->state == HOOK_FAILED ? "FAILED" : h->why ? "skipped" : "chosen";

		fprintf(out, "  %-9s %-45s %s", state, h->section, h->prog);
		if (h->state == HOOK_FAILED)
			fprintf(out, " (%s)", strerror(-h->err));
		else if (h->why)
			fprintf(out, " (%s)", h->why);
		fprintf(out, "\n");
	}
}

void tracer__free(struct tracer *t)
{
	ring_buffer__free(t->rb);
	oomtrace_bpf__destroy(t->skel);
	if (t->core_btf_fd > 0)
		close(t->core_btf_fd);
	features__free(&t->feat);
	memset(t, 0, sizeof(*t));
}

void tracer__set_counter_addresses(struct tracer *t, uint64_t vm_zone_stat, uint64_t vm_node_stat,
				   uint64_t nr_swap_pages, uint64_t total_swap_pages)
{
	if (!t->skel || !t->skel->bss)
		return;
	t->skel->bss->kaddr_vm_zone_stat = vm_zone_stat;
	t->skel->bss->kaddr_vm_node_stat = vm_node_stat;
	t->skel->bss->kaddr_total_swap_pages = total_swap_pages;
	t->skel->bss->kaddr_nr_swap_pages = nr_swap_pages;
}
