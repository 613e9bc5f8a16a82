/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of the kernel's BTF oomtrace needs, read from
 * /sys/kernel/btf/vmlinux mapped or piece by piece: the whole is 5+ MB (and libbpf's
 * struct btf would copy it once more), the part a few hundred types. Kept:
 * every type of a wanted name (struct, union, enum, typedef, forward
 * declaration, function), every anonymous enum (BTF_KIND_ENUM, not ENUM64)
 * whose first value has a wanted name, and what they reach (btf_closure.h).
 * Type ids change; kernel_ids maps them back for what the kernel must be told
 * (fentry attach targets).
 */
#ifndef OOMTRACE_BTF_SUBSET_H
#define OOMTRACE_BTF_SUBSET_H

#include <stdint.h>

struct btf;
struct name_set;

struct name_set *name_set__new(void);
void name_set__free(struct name_set *s);
int name_set__add(struct name_set *s, const char *name);	/* 0 or -ENOMEM */

/* NULL with errno (and a one-line reason in err) when the file cannot be
 * read or is not BTF this code understands. */
struct btf *btf_subset__read(const char *path, const struct name_set *wanted, uint32_t **kernel_ids,
			     char *err, size_t errlen);

#endif
