/* SPDX-License-Identifier: GPL-2.0 */
/* Name and kind to BTF type id by hashing instead of libbpf's walk over
 * every type (vmlinux BTF has 100 000+): built in one pass, ~0.5 MB.
 * Functions are left out: 60 000 of the kernel's types, which only fentry
 * looks up, a handful of times. */
#ifndef OOMTRACE_BTF_INDEX_H
#define OOMTRACE_BTF_INDEX_H

#include <stdbool.h>
#include <stdint.h>

struct btf;
struct btf_index;

struct btf_index *btf_index__new(const struct btf *btf);	/* NULL when out of memory */
bool btf_index__covers(uint32_t kind);	/* false: ask btf__find_by_name_kind */
void btf_index__free(struct btf_index *ix);
/* The lowest id of that name and kind, as btf__find_by_name_kind answers;
 * -ENOENT when there is none. */
int btf_index__find(const struct btf_index *ix, const char *name, uint32_t kind);
/* The next one above id `after`: all types of one name and kind, in order. */
int btf_index__find_after(const struct btf_index *ix, const char *name, uint32_t kind, int after);

#endif
