// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_closure.h"
#include "hash.h"

enum keep { KEEP_NOT, KEEP_CUT_PTRS, KEEP_FOLLOW_PTRS };

struct btf_closure {
	const struct btf_source *src;
	uint8_t *keep;		/* enum keep, per source type id */
	uint32_t *stack;
	uint32_t depth, cap;
};

struct btf_closure *btf_closure__new(const struct btf_source *src)
{
	struct btf_closure *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->src = src;
	c->keep = calloc(src->nr_types ? src->nr_types : 1, 1);
	if (!c->keep) {
		free(c);
		return NULL;
	}
	return c;
}

void btf_closure__free(struct btf_closure *c)
{
	if (!c)
		return;
	free(c->keep);
	free(c->stack);
	free(c);
}

static int closure__push(struct btf_closure *c, uint32_t id, bool follow_ptrs)
{
	uint8_t want = follow_ptrs ? KEEP_FOLLOW_PTRS : KEEP_CUT_PTRS;

	if (!id)
		return 0;
	if (id >= c->src->nr_types)
		return -EINVAL;
	if (c->keep[id] >= want)
		return 0;
	c->keep[id] = want;
	if (c->depth == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 1024, *s = realloc(c->stack, cap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		c->stack = s;
		c->cap = cap;
	}
	c->stack[c->depth++] = id;
	return 0;
}

int btf_closure__add(struct btf_closure *c, uint32_t id)
{
	return closure__push(c, id, true);
}

/* The type ids a type refers to, as pointers into it (so that one walk both
 * follows and rewrites them); returns how many. */
static int type__refs(struct btf_type *t, __u32 **refs, int max)
{
	int n = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC: case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		refs[n++] = &t->type;
		break;
	case BTF_KIND_ARRAY:
		refs[n++] = &btf_array(t)->type;
		refs[n++] = &btf_array(t)->index_type;
		break;
	default:
		break;
	}
	if (btf_is_composite(t))
		for (int i = 0; i < btf_vlen(t) && n < max; i++)
			refs[n++] = &btf_members(t)[i].type;
	if (btf_is_func_proto(t))
		for (int i = 0; i < btf_vlen(t) && n < max; i++)
			refs[n++] = &btf_params(t)[i].type;
	return n;
}

#define MAX_REFS 65538	/* vlen is 16 bits, plus a return type */

/* A chain (typedef, modifier, pointer, function) passes on what its start
 * had; members, elements and parameters start with pointers cut. */
static bool kind__is_chain(const struct btf_type *t)
{
	return !btf_is_composite(t) && !btf_is_array(t) && !btf_is_func_proto(t);
}

int btf_closure__run(struct btf_closure *c)
{
	__u32 **refs = malloc(MAX_REFS * sizeof(*refs));
	int err = refs ? 0 : -ENOMEM;

	while (!err && c->depth) {
		uint32_t id = c->stack[--c->depth];
		struct btf_type *t = (struct btf_type *)c->src->type(c->src->ctx, id);
		bool follow = c->keep[id] == KEEP_FOLLOW_PTRS;

		if (!t || !btf_type__size(t)) {
			err = -EINVAL;
			break;
		}
		if (btf_is_ptr(t) && !follow)
			continue;
		int n = type__refs(t, refs, MAX_REFS);

		for (int i = 0; i < n && !err; i++)
			err = closure__push(c, *refs[i], kind__is_chain(t) && follow);
	}
	free(refs);
	return err;
}

int btf_closure__each_kept(const struct btf_closure *c, int (*fn)(uint32_t id, void *ctx), void *ctx)
{
	for (uint32_t id = 1; id < c->src->nr_types; id++) {
		int err = c->keep[id] ? fn(id, ctx) : 0;

		if (err)
			return err;
	}
	return 0;
}

/* The output being built: types, strings, and old string offset → new. */
struct emit {
	char *types;
	size_t types_len, types_cap;
	char *strs;
	size_t strs_len, strs_cap;
	uint32_t *str_old, *str_new;	/* open addressing on old offsets */
	uint32_t str_mask;
};

static int buf__append(char **buf, size_t *len, size_t *cap, const void *data, size_t n)
{
	if (*len + n > *cap) {
		size_t ncap = *cap ? *cap : 4096;
		char *nb;

		while (ncap < *len + n)
			ncap *= 2;
		nb = realloc(*buf, ncap);
		if (!nb)
			return -ENOMEM;
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf + *len, data, n);
	*len += n;
	return 0;
}

/* A source string offset → its offset in the output, copied on first use. */
static int emit__str(struct emit *e, const struct btf_source *src, __u32 *off)
{
	uint32_t i = hash__u32(*off) & e->str_mask;
	const char *s;

	if (!*off)
		return 0;
	for (; e->str_old[i]; i = (i + 1) & e->str_mask)
		if (e->str_old[i] == *off) {
			*off = e->str_new[i];
			return 0;
		}
	s = src->str(src->ctx, *off);
	if (!s)
		return -EINVAL;
	e->str_old[i] = *off;
	e->str_new[i] = (uint32_t)e->strs_len;
	*off = e->str_new[i];
	return buf__append(&e->strs, &e->strs_len, &e->strs_cap, s, strlen(s) + 1);
}

/* Every name a type carries: its own, its members', values' and parameters'. */
static int emit__names(struct emit *e, const struct btf_source *src, struct btf_type *t)
{
	int err = emit__str(e, src, &t->name_off);

	for (int i = 0; !err && i < btf_vlen(t); i++) {
		if (btf_is_composite(t))
			err = emit__str(e, src, &btf_members(t)[i].name_off);
		else if (btf_is_enum(t))
			err = emit__str(e, src, &btf_enum(t)[i].name_off);
		else if (btf_is_enum64(t))
			err = emit__str(e, src, &btf_enum64(t)[i].name_off);
		else if (btf_is_func_proto(t))
			err = emit__str(e, src, &btf_params(t)[i].name_off);
	}
	return err;
}

void *btf_closure__emit(struct btf_closure *c, uint32_t *size, uint32_t **old_ids, uint32_t *nr_kept)
{
	const struct btf_source *src = c->src;
	uint32_t *new_id = calloc(src->nr_types, sizeof(*new_id)), *olds = NULL, kept = 0, slots = 1024;
	__u32 **refs = malloc(MAX_REFS * sizeof(*refs));
	struct emit e = { 0 };
	struct btf_header hdr = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(hdr) };
	char *out = NULL;
	int err = new_id && refs ? 0 : -ENOMEM;

	uint64_t names = 0;

	for (uint32_t id = 1; id < src->nr_types && !err; id++) {
		if (!c->keep[id])
			continue;
		const struct btf_type *t = src->type(src->ctx, id);

		new_id[id] = ++kept;
		names += t ? 1 + (uint64_t)btf_vlen(t) : 0;
	}
	while (slots < names * 2 && slots < (1u << 30))	/* load <= 0.5: probes end */
		slots <<= 1;
	e.str_old = calloc(slots, sizeof(uint32_t));
	e.str_new = calloc(slots, sizeof(uint32_t));
	e.str_mask = slots - 1;
	olds = calloc(kept + 1, sizeof(*olds));
	if (!e.str_old || !e.str_new || !olds)
		err = -ENOMEM;
	if (!err)
		err = buf__append(&e.strs, &e.strs_len, &e.strs_cap, "", 1);
	for (uint32_t id = 1; id < src->nr_types && !err; id++) {
		if (!c->keep[id])
			continue;
		const struct btf_type *st = src->type(src->ctx, id);
		size_t sz = st ? btf_type__size(st) : 0;
		size_t at = e.types_len;

		if (!sz || buf__append(&e.types, &e.types_len, &e.types_cap, st, sz)) {
			err = sz ? -ENOMEM : -EINVAL;
			break;
		}
		struct btf_type *t = (struct btf_type *)(e.types + at);
		bool cut = btf_is_ptr(t) && c->keep[id] != KEEP_FOLLOW_PTRS;
		int n = type__refs(t, refs, MAX_REFS);

		for (int i = 0; i < n; i++)
			*refs[i] = cut || *refs[i] >= src->nr_types ? 0 : new_id[*refs[i]];
		olds[new_id[id]] = id;
		err = emit__names(&e, src, t);
	}
	if (!err) {
		hdr.type_len = (uint32_t)e.types_len;
		hdr.str_off = (uint32_t)e.types_len;
		hdr.str_len = (uint32_t)e.strs_len;
		out = malloc(sizeof(hdr) + e.types_len + e.strs_len);
		if (!out)
			err = -ENOMEM;
	}
	if (!err) {
		memcpy(out, &hdr, sizeof(hdr));
		memcpy(out + sizeof(hdr), e.types, e.types_len);
		memcpy(out + sizeof(hdr) + e.types_len, e.strs, e.strs_len);
		*size = (uint32_t)(sizeof(hdr) + e.types_len + e.strs_len);
		*nr_kept = kept;
		if (old_ids) {
			*old_ids = olds;
			olds = NULL;
		}
	}
	free(new_id);
	free(refs);
	free(olds);
	free(e.types);
	free(e.strs);
	free(e.str_old);
	free(e.str_new);
	if (err) {
		errno = -err;
		return NULL;
	}
	return out;
}
