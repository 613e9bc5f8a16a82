// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf_closure.h"
#include "btf_index.h"
#include "core_btf.h"

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

int core_btf__each_local_name(const struct btf *local, int (*fn)(const char *name, int kind, void *ctx), void *ctx)
{
	char name[256];

	for (uint32_t id = 1; id < btf__type_cnt(local); id++) {
		const struct btf_type *t = btf__type_by_id(local, id);
		const char *full = btf__name_by_offset(local, t->name_off);
		int err;

		if (!full || !*full || !kind__relocatable(btf_kind(t)))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)name__essential_len(full), full);
		err = fn(name, btf_kind(t), ctx);
		if (err)
			return err;
	}
	return 0;
}

struct seeding {
	struct btf_closure *closure;
	const struct btf_index *ix;
};

/* Every kernel type a local type can be matched with: same essential name,
 * same kind (either enum kind for an enum). */
static int seed__name(const char *name, int kind, void *ctx)
{
	struct seeding *s = ctx;
	int kinds[2] = { kind, -1 };

	if (kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64) {
		kinds[0] = BTF_KIND_ENUM;
		kinds[1] = BTF_KIND_ENUM64;
	}
	for (int k = 0; k < 2 && kinds[k] >= 0; k++)
		for (int cand = 0; (cand = btf_index__find_after(s->ix, name, kinds[k], cand)) > 0;) {
			int err = btf_closure__add(s->closure, cand);

			if (err)
				return err;
		}
	return 0;
}

static const struct btf_type *btf_source__type(void *ctx, uint32_t id)
{
	return btf__type_by_id(ctx, id);
}

static const char *btf_source__str(void *ctx, uint32_t off)
{
	return btf__str_by_offset(ctx, off);
}

int core_btf__write(const struct btf *local, const struct btf *kernel, const struct btf_index *kernel_index,
		    int fd)
{
	struct btf_source src = { btf_source__type, btf_source__str, (void *)kernel, btf__type_cnt(kernel) };
	struct btf_closure *c = btf_closure__new(&src);
	struct seeding seeding = { c, kernel_index };
	uint32_t size = 0, kept = 0;
	void *raw = NULL;
	int err = c ? 0 : -ENOMEM;

	if (!err)
		err = core_btf__each_local_name(local, seed__name, &seeding);
	if (!err)
		err = btf_closure__run(c);
	if (!err) {
		raw = btf_closure__emit(c, &size, NULL, &kept);
		err = raw ? 0 : -errno;
	}
	if (!err && write(fd, raw, size) != (ssize_t)size)
		err = -EIO;
	free(raw);
	btf_closure__free(c);
	return err ? err : (int)kept;
}
