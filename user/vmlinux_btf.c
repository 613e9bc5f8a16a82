// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_index.h"
#include "vmlinux_btf.h"

struct btf *__real_btf__load_vmlinux_btf(void);
void __real_btf__free(struct btf *btf);
__s32 __real_btf__find_by_name_kind(const struct btf *btf, const char *name, __u32 kind);

static struct btf *shared;		/* ours; libbpf borrows it */
static struct btf_index *shared_index;
static int parses;
static int indexed_lookups;

struct btf *vmlinux_btf__get(void)
{
	if (shared)
		return shared;
	parses++;
	shared = __real_btf__load_vmlinux_btf();
	if (shared)
		shared_index = btf_index__new(shared);	/* without it lookups walk, as before */
	return shared;
}

void vmlinux_btf__put(void)
{
	btf_index__free(shared_index);
	shared_index = NULL;
	__real_btf__free(shared);
	shared = NULL;
}

const struct btf_index *vmlinux_btf__index(void)
{
	return shared_index;
}

int vmlinux_btf__parses(void)
{
	return parses;
}

int vmlinux_btf__indexed_lookups(void)
{
	return indexed_lookups;
}

/* libbpf's bpf_object__load asks here for the kernel's BTF ... */
struct btf *__wrap_btf__load_vmlinux_btf(void)
{
	if (shared)
		return shared;
	parses++;
	return __real_btf__load_vmlinux_btf();
}

/* ... and frees it when done: the shared one stays, it is still ours. */
void __wrap_btf__free(struct btf *btf)
{
	if (btf && btf == shared)
		return;
	__real_btf__free(btf);
}

__s32 __wrap_btf__find_by_name_kind(const struct btf *btf, const char *name, __u32 kind)
{
	if (btf && btf == shared && shared_index && btf_index__covers(kind) && name && strcmp(name, "void")) {
		int id = btf_index__find(shared_index, name, kind);

		indexed_lookups++;
		if (id < 0)
			errno = -id;	/* as libbpf's own answer does */
		return id;
	}
	return __real_btf__find_by_name_kind(btf, name, kind);
}
