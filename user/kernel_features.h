/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel offers, detected at run time (never from version
 * numbers): BTF, raw_tp, the form of each tracepoint, fentry, kprobes,
 * tracefs. `oomtrace --features` prints it.
 */
#ifndef OOMTRACE_FEATURES_H
#define OOMTRACE_FEATURES_H

#include <stdbool.h>
#include <stdio.h>

struct btf;

struct features {
	struct btf *btf;		/* the kernel's BTF (or --btf FILE) */
	char btf_path[256];
	bool btf_custom;		/* from --btf */
	bool raw_tp;			/* raw_tp programs can be used (kernel BTF at hand) */
	bool mark_victim_task;		/* mark_victim(struct task_struct *, uid_t) (6.9+ and backports) */
	bool fentry;			/* a test fentry program loaded and attached */
	int fentry_err;			/* errno of the fentry probe */
	bool kprobe;			/* the kernel has kprobe support */
	bool kasan_stack;		/* KASAN doubles the kernel stack (task_struct.kasan_depth) */
	bool tracefs;			/* tracefs mounted (needed by classic tracepoints only) */
	char tracefs_path[64];
	bool tracefs_mounted_by_us;
	bool lockdown_known;
	char lockdown[32];		/* "none", "integrity", "confidentiality" */
	char kernel_release[64];
	char hostname[64];
	int page_size;
};

/* The kernel BTF names the probe reads, for a reader that keeps only those. */
int features__btf_wants(int (*want)(const char *name));
/* Probes everything. Returns 0, or -errno with a one-line reason in err. */
int features__probe(struct features *f, const char *btf_path, bool probe_fentry, char *err, size_t errlen);
void features__free(struct features *f);
/* After start-up: the BTF is large and no longer needed (the has_* calls then say no). */
void features__drop_btf(struct features *f);
/* fentry/fexit on this function would load; else why not */
bool features__fentry_can_attach(const struct features *f, const char *name, const char **why);
bool features__has_raw_tp(const struct features *f, const char *event);
bool features__has_tracepoint(const struct features *f, const char *category, const char *event);
void features__print(const struct features *f, FILE *out);
/* Does struct `type` of this BTF have a member so named? */
bool btf_struct__has_member(const struct btf *btf, const char *type, const char *member);

#endif
