/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A part of a BTF, closed over what CO-RE and oomtrace can reach from some
 * root types, written out as a BTF of its own. Members, array elements,
 * typedef and modifier chains are followed; a pointer inside a struct, union
 * or array keeps its kind but points to void, because nothing that reads the
 * part follows it (a CO-RE relocation never crosses a pointer: the pointee is
 * a relocation of its own). Pointers on a root's own chain (a typedef of a
 * function pointer, as btf_trace_<event> is) are followed.
 *
 * The source is read through callbacks, so the whole BTF need not be in
 * memory (btf_subset.c reads the kernel's piece by piece).
 */
#ifndef OOMTRACE_BTF_CLOSURE_H
#define OOMTRACE_BTF_CLOSURE_H

#include <stddef.h>
#include <stdint.h>

struct btf_type;

struct btf_source {
	/* type id → its bytes, valid until the closure is freed; NULL on error */
	const struct btf_type *(*type)(void *ctx, uint32_t id);
	/* string offset → the string, valid until the next call; NULL on error */
	const char *(*str)(void *ctx, uint32_t off);
	void *ctx;
	uint32_t nr_types;	/* ids 0 (void) .. nr_types - 1 */
};

struct btf_closure;

/* Bytes a type takes with what follows its header; 0 for an unknown kind. */
size_t btf_type__size(const struct btf_type *t);

struct btf_closure *btf_closure__new(const struct btf_source *src);
void btf_closure__free(struct btf_closure *c);
/* Adds a root type (0 on success, -errno). */
int btf_closure__add(struct btf_closure *c, uint32_t id);
/* Closes over what the roots reach. */
int btf_closure__run(struct btf_closure *c);
/* Calls fn for every kept type id, in order. */
int btf_closure__each_kept(const struct btf_closure *c, int (*fn)(uint32_t id, void *ctx), void *ctx);
/* The kept types in id order as raw BTF (malloc'd, *size bytes); old_ids[i]
 * (malloc'd too, when old_ids is not NULL) is the source id of new id i.
 * NULL with errno on error. */
void *btf_closure__emit(struct btf_closure *c, uint32_t *size, uint32_t **old_ids, uint32_t *nr_kept);

#endif
