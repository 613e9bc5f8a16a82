// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "btf_index.h"
#include "btf_subset.h"
#include "vmlinux_btf.h"

#define VMLINUX_BTF_PATH "/sys/kernel/btf/vmlinux"

struct btf *__real_btf__load_vmlinux_btf(void);
void __real_btf__free(struct btf *btf);
__s32 __real_btf__find_by_name_kind(const struct btf *btf, const char *name, __u32 kind);

static struct name_set *wanted;		/* names asked for before the first get */
static struct btf *shared;		/* ours: the subset, or the whole BTF */
static struct btf_index *shared_index;
static uint32_t *kernel_ids;		/* subset id → kernel id; NULL: shared is the whole BTF */
static uint32_t nr_kernel_ids;
static struct btf *libbpf_view;		/* what libbpf gets: the subset again, answering kernel ids */
static bool libbpf_parses_own;
static int parses;
static int indexed_lookups;
static char part_error[160];		/* why the part could not be read, when it could not */

int vmlinux_btf__want(const char *name)
{
	if (!wanted && !(wanted = name_set__new()))
		return -ENOMEM;
	return name_set__add(wanted, name);
}

void vmlinux_btf__libbpf_parses_own(bool own)
{
	libbpf_parses_own = own;
}

/* The id of the kernel's own BTF object (not a module's), 0 if none is found. */
static __u32 vmlinux_btf__object_id(void)
{
	__u32 id = 0;

	while (!bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info = { 0 };
		__u32 len = sizeof(info);
		char name[16] = "";
		int fd = bpf_btf_get_fd_by_id(id);

		if (fd < 0)
			continue;
		info.name = (uintptr_t)name;
		info.name_len = sizeof(name);
		bool found = !bpf_obj_get_info_by_fd(fd, &info, &len) && info.kernel_btf && !strcmp(name, "vmlinux");

		close(fd);
		if (found)
			return id;
	}
	return 0;
}

/* The whole BTF: the kernel hands it over in one bpf() call, where
 * /sys/kernel/btf/vmlinux gives it 4 KiB per read. */
static struct btf *vmlinux_btf__read_whole(void)
{
	__u32 id = vmlinux_btf__object_id();
	struct btf *btf = id ? btf__load_from_kernel_by_id(id) : NULL;

	return btf ? btf : __real_btf__load_vmlinux_btf();
}

struct btf *vmlinux_btf__get(void)
{
	char *err = part_error;

	if (shared)
		return shared;
	parses++;
	if (wanted)
		shared = btf_subset__read(VMLINUX_BTF_PATH, wanted, &kernel_ids, err, sizeof(part_error));
	if (shared) {
		__u32 size;
		const void *raw = btf__raw_data(shared, &size);

		nr_kernel_ids = btf__type_cnt(shared);
		libbpf_view = raw ? btf__new(raw, size) : NULL;
		if (!libbpf_view) {	/* the part's ids are not the kernel's: never hand it over bare */
			snprintf(part_error, sizeof(part_error), "no copy of the part for libbpf: %s", strerror(errno));
			__real_btf__free(shared);
			shared = NULL;
			free(kernel_ids);
			kernel_ids = NULL;
			nr_kernel_ids = 0;
		}
	}
	if (!shared)
		shared = vmlinux_btf__read_whole();	/* nothing wanted, or the part failed: all of it */
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
	__real_btf__free(libbpf_view);
	libbpf_view = NULL;
	free(kernel_ids);
	kernel_ids = NULL;
	nr_kernel_ids = 0;
	name_set__free(wanted);
	wanted = NULL;
}

int vmlinux_btf__kernel_id(int id)
{
	if (id <= 0 || !kernel_ids)
		return id;
	return (uint32_t)id < nr_kernel_ids ? (int)kernel_ids[id] : -ENOENT;
}

bool vmlinux_btf__is_subset(void)
{
	return kernel_ids != NULL;
}

const char *vmlinux_btf__part_error(void)
{
	return part_error;
}

int vmlinux_btf__types(void)
{
	return shared ? (int)btf__type_cnt(shared) - 1 : 0;
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

/* libbpf's bpf_object__load asks here for the kernel's BTF (for fentry's
 * attach targets; CO-RE has btf_custom_path) ... */
struct btf *__wrap_btf__load_vmlinux_btf(void)
{
	if (shared && !libbpf_parses_own)
		return libbpf_view ? libbpf_view : shared;
	parses++;
	return __real_btf__load_vmlinux_btf();
}

/* ... and frees it when done: ours stay, they are still in use. */
void __wrap_btf__free(struct btf *btf)
{
	if (btf && (btf == shared || btf == libbpf_view))
		return;
	__real_btf__free(btf);
}

/* Lookups in ours by the index; in libbpf's view of the subset the answer is
 * the kernel's id, which is what libbpf hands the kernel. */
__s32 __wrap_btf__find_by_name_kind(const struct btf *btf, const char *name, __u32 kind)
{
	bool view = btf && btf == libbpf_view;

	if (btf && (btf == shared || view) && shared_index && btf_index__covers(kind) && name &&
	    strcmp(name, "void")) {
		int id = btf_index__find(shared_index, name, kind);

		indexed_lookups++;
		if (id > 0 && view)
			id = vmlinux_btf__kernel_id(id);
		if (id < 0)
			errno = -id;	/* as libbpf's own answer does */
		return id;
	}
	if (view) {	/* functions, not indexed: a walk over the subset, kernel id out */
		int id = __real_btf__find_by_name_kind(shared, name, kind);

		return id > 0 ? vmlinux_btf__kernel_id(id) : id;
	}
	return __real_btf__find_by_name_kind(btf, name, kind);
}
