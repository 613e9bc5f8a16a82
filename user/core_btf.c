// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf_index.h"
#include "core_btf.h"

enum keep { KEEP_NOT, KEEP_CUT_PTRS, KEEP_FOLLOW_PTRS };

struct closure {
	const struct btf *btf;
	uint8_t *keep;		/* enum keep, per kernel type id */
	uint32_t *stack;
	uint32_t depth, cap;
};

static int closure__push(struct closure *c, uint32_t id, bool follow_ptrs)
{
	uint8_t want = follow_ptrs ? KEEP_FOLLOW_PTRS : KEEP_CUT_PTRS;

	if (!id || c->keep[id] >= want)
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

/* The type ids a type refers to, as pointers into it (so the same walk can
 * rewrite them); returns how many, at most max. */
static int type__refs(struct btf_type *t, __u32 **refs, int max)
{
	int n = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC_PROTO:
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

#define MAX_REFS 65536	/* vlen is 16 bits */

/* Members and array elements are reached with pointers cut; typedef and
 * modifier chains keep what their start had. */
static int closure__run(struct closure *c, __u32 **refs)
{
	while (c->depth) {
		uint32_t id = c->stack[--c->depth];
		struct btf_type *t = (struct btf_type *)btf__type_by_id(c->btf, id);
		bool follow = c->keep[id] == KEEP_FOLLOW_PTRS;
		bool chain = !btf_is_composite(t) && !btf_is_array(t) && !btf_is_func_proto(t);
		int n = type__refs(t, refs, MAX_REFS);

		if (btf_is_ptr(t) && !follow)
			continue;
		for (int i = 0; i < n; i++)
			if (closure__push(c, *refs[i], chain && follow))
				return -ENOMEM;
	}
	return 0;
}

/* "task_struct___old" → 11: what libbpf matches on (an "X___Y" flavor suffix dropped) */
static size_t name__essential_len(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;)
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) && name[i + 4] != '_')
			return i + 1;
	return n;
}

static bool kind__relocatable(int kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
	       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FWD;
}

/* Every kernel type a local type can be matched with: same essential name,
 * same kind (either enum kind for an enum). */
static int closure__seed(struct closure *c, const struct btf *local, const struct btf_index *ix)
{
	char name[256];

	for (uint32_t id = 1; id < btf__type_cnt(local); id++) {
		const struct btf_type *t = btf__type_by_id(local, id);
		const char *full = btf__name_by_offset(local, t->name_off);
		int kinds[2] = { btf_kind(t), -1 };

		if (!full || !*full || !kind__relocatable(btf_kind(t)))
			continue;
		if (btf_is_any_enum(t)) {
			kinds[0] = BTF_KIND_ENUM;
			kinds[1] = BTF_KIND_ENUM64;
		}
		snprintf(name, sizeof(name), "%.*s", (int)name__essential_len(full), full);
		for (int k = 0; k < 2 && kinds[k] >= 0; k++)
			for (int cand = 0; (cand = btf_index__find_after(ix, name, kinds[k], cand)) > 0;)
				if (closure__push(c, cand, true))
					return -ENOMEM;
	}
	return 0;
}

/* Copies the kept types in id order and points their references at the copies. */
static struct btf *closure__emit(struct closure *c, __u32 **refs, int *kept)
{
	uint32_t nr = btf__type_cnt(c->btf), *new_id = calloc(nr, sizeof(*new_id));
	struct btf *out = btf__new_empty();
	int err = new_id && out ? 0 : -ENOMEM;

	*kept = 0;
	for (uint32_t id = 1; id < nr && !err; id++) {
		if (c->keep[id] == KEEP_NOT)
			continue;
		int nid = btf__add_type(out, c->btf, btf__type_by_id(c->btf, id));

		if (nid < 0)
			err = nid;
		else
			new_id[id] = (uint32_t)nid;
		(*kept)++;
	}
	for (uint32_t id = 1; id < nr && !err; id++) {
		if (c->keep[id] == KEEP_NOT)
			continue;
		struct btf_type *t = (struct btf_type *)btf__type_by_id(out, new_id[id]);
		bool cut = btf_is_ptr(t) && c->keep[id] != KEEP_FOLLOW_PTRS;
		int n = type__refs(t, refs, MAX_REFS);

		for (int i = 0; i < n; i++)
			*refs[i] = cut ? 0 : new_id[*refs[i]];
	}
	free(new_id);
	if (err) {
		btf__free(out);
		errno = -err;
		return NULL;
	}
	return out;
}

int core_btf__write(const struct btf *local, const struct btf *kernel, const struct btf_index *kernel_index,
		    int fd)
{
	struct closure c = { .btf = kernel };
	__u32 **refs = malloc(MAX_REFS * sizeof(*refs));
	struct btf *out = NULL;
	int err, kept = 0;

	c.keep = calloc(btf__type_cnt(kernel), 1);
	err = c.keep && refs ? 0 : -ENOMEM;
	if (!err)
		err = closure__seed(&c, local, kernel_index);
	if (!err)
		err = closure__run(&c, refs);
	if (!err) {
		out = closure__emit(&c, refs, &kept);
		err = out ? 0 : -errno;
	}
	if (!err) {
		__u32 size;
		const void *raw = btf__raw_data(out, &size);
		ssize_t n = raw ? write(fd, raw, size) : -1;

		err = n == (ssize_t)size ? 0 : -EIO;
	}
	btf__free(out);
	free(c.keep);
	free(c.stack);
	free(refs);
	return err ? err : kept;
}
