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
 * memory (btf_subset.c maps the kernel's, or reads it a window at a time).
 */
#ifndef OOMTRACE_BTF_CLOSURE_H
#define OOMTRACE_BTF_CLOSURE_H

#include <stddef.h>
#include <stdint.h>

#include <bpf/btf.h>

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

/* Bytes of a type with what follows its header; 0 for a kind this code does not know. */
static inline size_t btf_type__size(const struct btf_type *t)
{
	size_t base = sizeof(*t), vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return base + sizeof(__u32);
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return base + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return base + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return base + vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return base + sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return base + vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return base + sizeof(struct btf_decl_tag);
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	default:
		return 0;
	}
}


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
