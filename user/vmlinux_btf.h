/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's BTF, parsed once for oomtrace and libbpf alike, with a
 * name index. libbpf 1.1 would parse /sys/kernel/btf/vmlinux a second time in
 * bpf_object__load and find each attach target by walking all its types; the
 * binary is linked with -Wl,--wrap for btf__load_vmlinux_btf, btf__free and
 * btf__find_by_name_kind so that libbpf's own calls land here (see Makefile).
 */
#ifndef OOMTRACE_VMLINUX_BTF_H
#define OOMTRACE_VMLINUX_BTF_H

struct btf;
struct btf_index;

/* Readies the memory the parse will need, aside (see vmlinux_btf.c); the
 * caller goes on with work that does not need the BTF. */
void vmlinux_btf__prefault(void);
/* The kernel's BTF, parsed on the first call; NULL (errno set) without one. */
struct btf *vmlinux_btf__get(void);
/* Frees it: libbpf parses its own again if it needs one after this. */
void vmlinux_btf__put(void);
/* Its name index; NULL when not parsed (or out of memory). */
const struct btf_index *vmlinux_btf__index(void);
/* Parses of /sys/kernel/btf/vmlinux so far, by anyone in this process:
 * 1 when libbpf used ours (the -v start-up line shows it). */
int vmlinux_btf__parses(void);
/* name lookups in the shared BTF answered by the index (ours and libbpf's) */
int vmlinux_btf__indexed_lookups(void);

#endif
