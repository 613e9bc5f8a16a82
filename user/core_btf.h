/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's types that CO-RE relocation of a BPF object can look at, and
 * nothing else, as a small BTF file for libbpf's btf_custom_path. libbpf 1.1
 * compares each local type against all 100 000+ kernel types to find its
 * candidates; against this BTF that search is over a few hundred. Relocation
 * results are the same: every kernel type of a local type's name is kept with
 * what relocation can reach inside it (members, arrays, typedefs); a pointer
 * member keeps its kind but points to void, because relocation never follows
 * a pointer inside a type (that is a relocation of its own, on the pointee).
 */
#ifndef OOMTRACE_CORE_BTF_H
#define OOMTRACE_CORE_BTF_H

struct btf;
struct btf_index;

/* Calls fn with the essential name (flavor suffix dropped) and kind of every
 * local type a CO-RE relocation can name; stops at fn's first error. */
int core_btf__each_local_name(const struct btf *local, int (*fn)(const char *name, int kind, void *ctx), void *ctx);
/* Writes it to fd. Returns the number of kernel types kept, or -errno. */
int core_btf__write(const struct btf *local, const struct btf *kernel, const struct btf_index *kernel_index,
		    int fd);

#endif
