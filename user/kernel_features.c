// SPDX-License-Identifier: GPL-2.0
/* Run-time detection of the kernel's tracing features. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "kernel_features.h"
#include "vmlinux_btf.h"

static bool path__exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* tracefs: at /sys/kernel/tracing (mounted here if it is not), else under debugfs */
static void tracefs__find(struct features *f)
{
	if (path__exists("/sys/kernel/tracing/events")) {
		snprintf(f->tracefs_path, sizeof(f->tracefs_path), "/sys/kernel/tracing");
	} else if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0 &&
		   path__exists("/sys/kernel/tracing/events")) {
		snprintf(f->tracefs_path, sizeof(f->tracefs_path), "/sys/kernel/tracing");
		f->tracefs_mounted_by_us = true;
	} else if (path__exists("/sys/kernel/debug/tracing/events")) {
		snprintf(f->tracefs_path, sizeof(f->tracefs_path), "/sys/kernel/debug/tracing");
	}
	f->tracefs = f->tracefs_path[0] != '\0';
}

static void lockdown__read(struct features *f)
{
	char buf[128] = "";
	FILE *fp = fopen("/sys/kernel/security/lockdown", "r");

	if (!fp)
		return;
	if (fgets(buf, sizeof(buf), fp)) {
		/* "none [integrity] confidentiality": the bracketed one is in force */
		char *l = strchr(buf, '['), *r = l ? strchr(l, ']') : NULL;

		if (l && r) {
			*r = '\0';
			snprintf(f->lockdown, sizeof(f->lockdown), "%s", l + 1);
			f->lockdown_known = true;
		}
	}
	fclose(fp);
}

/* The KASAN modes that double the kernel stack (generic, software tags) are
 * the ones that give task_struct its kasan_depth: the BTF tells, no config. */
bool btf_struct__has_member(const struct btf *btf, const char *type, const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off) ?: "", member))
			return true;
	return false;
}

/* A tracepoint's arguments, from its btf_trace_<event> typedef → pointer → func_proto. */
static const struct btf_type *tracepoint__proto(const struct btf *btf, const char *event, int *nargs)
{
	char name[128];
	int id;
	const struct btf_type *t;

	snprintf(name, sizeof(name), "btf_trace_%s", event);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return NULL;
	t = btf__type_by_id(btf, id);
	t = t ? btf__type_by_id(btf, t->type) : NULL;	/* pointer */
	t = t ? btf__type_by_id(btf, t->type) : NULL;	/* func_proto */
	if (!t || !btf_is_func_proto(t))
		return NULL;
	*nargs = btf_vlen(t);
	return t;
}

/* Load and attach a program that only returns 0 on fentry/out_of_memory:
 * lockdown and kernels without trampolines refuse it here, not mid-load. */
static int fentry__probe(const struct btf *btf)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY);
	int id = btf__find_by_name_kind(btf, "out_of_memory", BTF_KIND_FUNC);
	int prog, link;

	if (id < 0)
		return -ENOENT;
	opts.attach_btf_id = vmlinux_btf__kernel_id(id);	/* ours may be a part, renumbered */
	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "oomtrace_probe", "GPL", insns, 2, &opts);
	if (prog < 0)
		return -errno;
	link = bpf_link_create(prog, 0, BPF_TRACE_FENTRY, NULL);
	if (link < 0) {
		int err = -errno;

		close(prog);
		return err;
	}
	close(link);
	close(prog);
	return 0;
}

int features__btf_wants(int (*want)(const char *name))
{
	int err = want("btf_trace_mark_victim");

	if (!err)
		err = want("task_struct");
	return err ? err : want("out_of_memory");
}

int features__probe(struct features *f, const char *btf_path, bool probe_fentry, char *err, size_t errlen)
{
	struct utsname u;
	int nargs = 0;

	memset(f, 0, sizeof(*f));
	f->page_size = getpagesize();
	if (uname(&u) == 0) {
		snprintf(f->kernel_release, sizeof(f->kernel_release), "%s", u.release);
		snprintf(f->hostname, sizeof(f->hostname), "%s", u.nodename);
	}
	lockdown__read(f);
	if (btf_path) {
		f->btf = btf__parse(btf_path, NULL);
		f->btf_custom = true;
		snprintf(f->btf_path, sizeof(f->btf_path), "%s", btf_path);
		if (!f->btf) {
			snprintf(err, errlen, "cannot read BTF from %s: %s; pass a vmlinux or .btf file of this kernel",
				 btf_path, strerror(errno));
			return -ENOENT;
		}
	} else {
		snprintf(f->btf_path, sizeof(f->btf_path), "/sys/kernel/btf/vmlinux");
		f->btf = vmlinux_btf__get();
		if (!f->btf) {
			snprintf(err, errlen, "kernel BTF not found at /sys/kernel/btf/vmlinux; "
				 "pass --btf FILE (e.g. from BTFHub) for this kernel");
			return -ENOENT;
		}
	}
	/* raw_tp programs read the tracepoint's arguments as the running kernel's BTF
	 * lays them out; a --btf file may not match it: classic records describe themselves */
	f->raw_tp = !f->btf_custom && tracepoint__proto(f->btf, "mark_victim", &nargs);
	f->mark_victim_task = tracepoint__proto(f->btf, "mark_victim", &nargs) && nargs == 3;
	f->kprobe = path__exists("/sys/bus/event_source/devices/kprobe/type");
	f->kasan_stack = btf_struct__has_member(f->btf, "task_struct", "kasan_depth");
	tracefs__find(f);
	if (probe_fentry && !f->btf_custom) {
		f->fentry_err = fentry__probe(f->btf);
		f->fentry = f->fentry_err == 0;
	} else {
		f->fentry_err = -EOPNOTSUPP;
	}
	return 0;
}

void features__drop_btf(struct features *f)
{
	if (f->btf && !f->btf_custom)
		vmlinux_btf__put();
	else
		btf__free(f->btf);
	f->btf = NULL;
}

void features__free(struct features *f)
{
	features__drop_btf(f);
}

bool features__fentry_can_attach(const struct features *f, const char *name, const char **why)
{
	int id = f->btf ? btf__find_by_name_kind(f->btf, name, BTF_KIND_FUNC) : -1;
	const struct btf_type *t = id >= 0 ? btf__type_by_id(f->btf, id) : NULL;

	if (!f->fentry) {
		*why = "fentry refused by this kernel";
		return false;
	}
	if (!t) {
		*why = "no such kernel function";
		return false;
	}
	t = btf__type_by_id(f->btf, t->type);	/* func_proto */
	if (t && btf_is_func_proto(t) && btf_vlen(t)) {
		const struct btf_param *last = btf_params(t) + btf_vlen(t) - 1;

		/* "..." is a last parameter without a type: trampolines cannot handle it */
		if (!last->type) {
			*why = "variadic function: fentry impossible";
			return false;
		}
	}
	return true;
}

bool features__has_raw_tp(const struct features *f, const char *event)
{
	int nargs;

	return f->raw_tp && f->btf && tracepoint__proto(f->btf, event, &nargs);
}

bool features__has_tracepoint(const struct features *f, const char *category, const char *event)
{
	char path[256];

	if (!f->tracefs)
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s", f->tracefs_path, category, event);
	return path__exists(path);
}

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

void features__print(const struct features *f, FILE *out)
{
	fprintf(out, "kernel:            %s (%s)\n", f->kernel_release, f->hostname);
	fprintf(out, "btf:               %s\n", f->btf_path);
	fprintf(out, "lockdown:          %s\n", f->lockdown_known ? f->lockdown : "unknown");
	fprintf(out, "raw_tp:            %s\n", yes_no(f->raw_tp));
	fprintf(out, "mark_victim form:  %s\n", f->mark_victim_task ? "(task, uid)" : "(pid)");
	fprintf(out, "fentry:            %s", yes_no(f->fentry));
	if (!f->fentry)
		fprintf(out, " (%s)", strerror(-f->fentry_err));
	fprintf(out, "\nkprobe:            %s\n", yes_no(f->kprobe));
	fprintf(out, "tracefs:           %s%s\n", f->tracefs ? f->tracefs_path : "not mounted",
		f->tracefs_mounted_by_us ? " (mounted by oomtrace)" : "");
	fprintf(out, "oom_control:       %s\n",
		f->fentry ? "via fentry" : f->kprobe ? "via kprobe" : "not available (needs fentry or kprobe)");
	fprintf(out, "page size:         %d\n", f->page_size);
	fprintf(out, "kernel stack:      %s\n", f->kasan_stack ? "doubled by KASAN" : "as built (no KASAN)");
}
