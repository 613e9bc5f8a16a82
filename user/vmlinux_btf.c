// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
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

/*
 * Parsing allocates ~2.1 times the file (libbpf reads it, copies it, adds an
 * offset table): ~11 MB here, faulted in page by page at ~4 ms, more than the
 * parse itself. Instead, the main heap is grown by that much up front (large
 * blocks come from the heap until the BTF is dropped) and faulted in with one
 * MADV_POPULATE_WRITE (5.14+; elsewhere a no-op) by a thread, on another CPU,
 * while the caller goes on opening the BPF object.
 */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define HEAP_TRIM_DEFAULT (128 * 1024)

static pthread_t prefaulter;
static bool prefaulting;
static struct { char *start; size_t len; } prefault_range;

static void *prefault__thread(void *arg)
{
	(void)arg;
	madvise(prefault_range.start, prefault_range.len, MADV_POPULATE_WRITE);
	return NULL;
}

void vmlinux_btf__prefault(void)
{
	struct stat st;
	size_t page = (size_t)getpagesize(), want;
	char *block;

	if (shared || prefaulting || stat("/sys/kernel/btf/vmlinux", &st) || st.st_size <= 0)
		return;
	want = (size_t)st.st_size * 2 + (size_t)st.st_size / 8;
	mallopt(M_MMAP_THRESHOLD, (int)(want + (1 << 20)));
	mallopt(M_TRIM_THRESHOLD, (int)(want + (1 << 20)));
	block = malloc(want);
	if (!block)
		return;
	prefault_range.start = (char *)(((uintptr_t)block + page - 1) & ~(uintptr_t)(page - 1));
	prefault_range.len = (want - page) & ~(page - 1);
	free(block);	/* the heap's top now spans it: the parse allocates there */
	prefaulting = pthread_create(&prefaulter, NULL, prefault__thread, NULL) == 0;
}

/* The id of the kernel's own BTF object (not a module's), 0 if none is found. */
static __u32 vmlinux_btf__kernel_id(void)
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

/* The kernel hands its BTF over in one bpf() call; /sys/kernel/btf/vmlinux
 * gives it 4 KiB per read, ~1 350 reads (~3 ms). */
static struct btf *vmlinux_btf__read(void)
{
	__u32 id = vmlinux_btf__kernel_id();
	struct btf *btf = id ? btf__load_from_kernel_by_id(id) : NULL;

	return btf ? btf : __real_btf__load_vmlinux_btf();
}

struct btf *vmlinux_btf__get(void)
{
	if (shared)
		return shared;
	if (prefaulting) {
		pthread_join(prefaulter, NULL);
		prefaulting = false;
	}
	parses++;
	shared = vmlinux_btf__read();
	if (shared)
		shared_index = btf_index__new(shared);	/* without it lookups walk, as before */
	return shared;
}

void vmlinux_btf__put(void)
{
	if (prefaulting) {
		pthread_join(prefaulter, NULL);
		prefaulting = false;
	}
	btf_index__free(shared_index);
	shared_index = NULL;
	__real_btf__free(shared);
	shared = NULL;
	/* back to glibc's defaults, and the heap given back */
	mallopt(M_MMAP_THRESHOLD, HEAP_TRIM_DEFAULT);
	mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_DEFAULT);
	malloc_trim(0);
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
