/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's BTF for oomtrace and libbpf alike. When the caller
 * says up front which names it needs (vmlinux_btf__want), only those types
 * and what they reach are read (btf_subset.h): a few hundred types instead of
 * 5+ MB. The binary is linked with -Wl,--wrap for btf__load_vmlinux_btf,
 * btf__free and btf__find_by_name_kind (see Makefile): libbpf's own calls land
 * here, get our BTF instead of parsing theirs, and when it is the subset,
 * their lookups are answered with the kernel's type ids (what libbpf hands
 * the kernel for fentry attach targets). Lookups go through a hash index.
 */
#ifndef OOMTRACE_VMLINUX_BTF_H
#define OOMTRACE_VMLINUX_BTF_H

#include <stdbool.h>

struct btf;
struct btf_index;

/* Before the first get: a name whose types are needed (0 or -ENOMEM). */
int vmlinux_btf__want(const char *name);
/* libbpf parses the whole BTF itself (CO-RE against all of it, to compare). */
void vmlinux_btf__libbpf_parses_own(bool own);
/* The kernel's BTF, read on the first call: the wanted part, or all of it
 * when nothing was wanted or the part cannot be read; NULL (errno set) when
 * the kernel has none. */
struct btf *vmlinux_btf__get(void);
/* Frees it: libbpf parses its own again if it needs one after this. */
void vmlinux_btf__put(void);
/* The kernel's id for an id of ours (the same unless ours is the subset). */
int vmlinux_btf__kernel_id(int id);
bool vmlinux_btf__is_subset(void);
int vmlinux_btf__types(void);	/* types in ours */
/* Why the wanted part was not read and the whole was instead ("" if it was, or nothing was wanted). */
const char *vmlinux_btf__part_error(void);
/* Its name index; NULL when not read (or out of memory). */
const struct btf_index *vmlinux_btf__index(void);
/* Reads of the kernel's BTF so far, by anyone in this process:
 * 1 when libbpf used ours (the -v start-up line shows it). */
int vmlinux_btf__parses(void);
/* name lookups in ours answered by the index (ours and libbpf's) */
int vmlinux_btf__indexed_lookups(void);

#endif
