// SPDX-License-Identifier: GPL-2.0
/* Open addressing with linear probing over type ids, inserted in ascending
 * order: of several types with one name and kind the lowest id is met first,
 * the answer a linear walk gives. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_index.h"
#include "hash.h"

struct btf_index {
	const struct btf *btf;
	uint32_t mask, used;
	uint32_t *slots;	/* type ids; 0 (void) marks a free slot */
};

static uint32_t key__hash(const char *name, uint32_t kind)
{
	uint32_t h = hash__bytes(name, strlen(name), HASH_BYTES_SEED ^ kind);

	return h ^ h >> 15;
}

bool btf_index__covers(uint32_t kind)
{
	return kind != BTF_KIND_FUNC && kind != BTF_KIND_UNKN;
}

struct btf_index *btf_index__new(const struct btf *btf)
{
	struct btf_index *ix = calloc(1, sizeof(*ix));
	uint32_t nr = btf__type_cnt(btf), size = 1024;

	if (!ix)
		return NULL;
	/* named types other than functions are about half of all: load <= 0.5 */
	while (size < nr)
		size <<= 1;
	ix->slots = calloc(size, sizeof(*ix->slots));
	if (!ix->slots) {
		free(ix);
		return NULL;
	}
	ix->btf = btf;
	ix->mask = size - 1;
	for (uint32_t id = 1; id < nr; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		const char *name = t->name_off ? btf__name_by_offset(btf, t->name_off) : NULL;

		if (!name || !btf_index__covers(btf_kind(t)))	/* NULL: an offset past the strings */
			continue;
		uint32_t i = key__hash(name, btf_kind(t)) & ix->mask;

		while (ix->slots[i])
			i = (i + 1) & ix->mask;
		ix->slots[i] = id;
		if (++ix->used > ix->mask / 4 * 3) {	/* a BTF unlike the kernel's: give up, callers walk */
			free(ix->slots);
			free(ix);
			return NULL;
		}
	}
	return ix;
}

void btf_index__free(struct btf_index *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix);
}

int btf_index__find_after(const struct btf_index *ix, const char *name, uint32_t kind, int after)
{
	uint32_t i = key__hash(name, kind) & ix->mask;

	for (uint32_t id; (id = ix->slots[i]); i = (i + 1) & ix->mask) {
		const struct btf_type *t = btf__type_by_id(ix->btf, id);
		const char *n = btf__name_by_offset(ix->btf, t->name_off);

		if ((int)id > after && btf_kind(t) == kind && n && !strcmp(n, name))
			return (int)id;
	}
	return -ENOENT;
}

int btf_index__find(const struct btf_index *ix, const char *name, uint32_t kind)
{
	return btf_index__find_after(ix, name, kind, 0);
}
