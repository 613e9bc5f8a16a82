// SPDX-License-Identifier: GPL-2.0
/*
 * btf_subset against the running kernel's whole BTF: the part, mapped or read
 * a window at a time, must say the same as the whole wherever oomtrace looks (the names
 * decoded from enums, the tracepoint prototype, the kernel ids handed to
 * libbpf, every member of a struct CO-RE reads), stay small, and refuse a
 * missing, foreign or truncated file with a reason instead of crashing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf_index.h"
#include "btf_subset.h"
#include "core_btf.h"
#include "check.h"
#include "decode.h"
#include "kernel_features.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static struct name_set *wanted;

static int want(const char *name)
{
	return name_set__add(wanted, name);
}

/* Same member names, offsets and kinds of member types, in order. */
static bool struct__same(const struct btf *a, int ida, const struct btf *b, int idb)
{
	const struct btf_type *ta = btf__type_by_id(a, ida), *tb = btf__type_by_id(b, idb);

	if (!ta || !tb || btf_vlen(ta) != btf_vlen(tb) || ta->size != tb->size)
		return false;
	for (int i = 0; i < btf_vlen(ta); i++) {
		const struct btf_member *ma = btf_members(ta) + i, *mb = btf_members(tb) + i;

		if (strcmp(btf__name_by_offset(a, ma->name_off), btf__name_by_offset(b, mb->name_off)) ||
		    ma->offset != mb->offset ||
		    btf_kind(btf__type_by_id(a, ma->type)) != btf_kind(btf__type_by_id(b, mb->type)))
			return false;
	}
	return true;
}

static void check_bad_file(const char *name, const void *data, size_t len)
{
	char path[] = "/tmp/oomtrace-btf-XXXXXX", err[200] = "";
	int fd = mkstemp(path);
	uint32_t *ids = NULL;
	struct btf *b;

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		CHECK(false, name, "cannot write %s", path);
		return;
	}
	close(fd);
	b = btf_subset__read(path, wanted, &ids, err, sizeof(err));
	CHECK(!b && !ids && strstr(err, "cannot read the kernel's BTF"), name, "btf %p, err \"%s\"", (void *)b, err);
	btf__free(b);
	unlink(path);
}

/* The same bytes read from a regular file a window at a time (how kernels
 * before 6.16 serve /sys/kernel/btf/vmlinux) as from the kernel's mapping. */
static void check_windows_equal_map(const struct btf *whole, const struct btf *part, const uint32_t *ids)
{
	char path[] = "/tmp/oomtrace-btf-XXXXXX", err[200] = "";
	int fd = mkstemp(path);
	uint32_t *ids2 = NULL, size, size2 = 0;
	const void *raw = btf__raw_data(whole, &size), *a, *b;
	struct btf *part2 = NULL;

	if (fd >= 0 && write(fd, raw, size) == (ssize_t)size)
		part2 = btf_subset__read(path, wanted, &ids2, err, sizeof(err));
	a = btf__raw_data(part, &size);
	b = part2 ? btf__raw_data(part2, &size2) : NULL;
	CHECK(b && size == size2 && !memcmp(a, b, size) &&
	      !memcmp(ids, ids2, btf__type_cnt(part) * sizeof(*ids)),
	      "btf_subset: read in windows from a file, the same part as from sysfs",
	      "%u vs %u bytes: %s", size2, size, err);
	btf__free(part2);
	free(ids2);
	if (fd >= 0)
		close(fd);
	unlink(path);
}

/* A type longer than the 64 KiB window (an enum of 9 000 values) read whole
 * from a file: once it was refused as "cut short". */
static void check_huge_type(void)
{
	struct btf *b = btf__new_empty(), *part = NULL;
	char path[] = "/tmp/oomtrace-btf-XXXXXX", err[200] = "", name[16];
	int fd = mkstemp(path), id = -1;
	uint32_t *ids = NULL, size;
	const void *raw;

	btf__add_struct(b, "before", 4);
	btf__add_field(b, "x", btf__add_int(b, "int", 4, BTF_INT_SIGNED), 0, 0);
	btf__add_enum(b, "huge_enum", 4);
	for (int i = 0; i < 9000; i++) {
		snprintf(name, sizeof(name), "HUGE_%d", i);
		btf__add_enum_value(b, name, i);
	}
	raw = btf__raw_data(b, &size);
	if (fd >= 0 && raw && write(fd, raw, size) == (ssize_t)size)
		part = btf_subset__read(path, wanted, &ids, err, sizeof(err));
	if (part)
		id = btf__find_by_name_kind(part, "huge_enum", BTF_KIND_ENUM);
	CHECK(id > 0 && btf_vlen(btf__type_by_id(part, id)) == 9000 &&
	      !strcmp(btf__name_by_offset(part, btf_enum(btf__type_by_id(part, id))[8999].name_off), "HUGE_8999"),
	      "btf_subset: a type longer than a window read whole", "id %d: %s", id, err);
	btf__free(part);
	btf__free(b);
	free(ids);
	if (fd >= 0)
		close(fd);
	unlink(path);
}

/* KASAN's stack doubling is read from task_struct.kasan_depth. */
static void check_kasan_member(const struct btf *whole, const struct btf *part)
{
	struct btf *b = btf__new_empty();
	int u32 = btf__add_int(b, "unsigned int", 4, 0);

	btf__add_struct(b, "task_struct", 8);
	btf__add_field(b, "pid", u32, 0, 0);
	btf__add_field(b, "kasan_depth", u32, 32, 0);
	btf__add_struct(b, "mm_struct", 4);
	btf__add_field(b, "kasan_depth_not", u32, 0, 0);
	CHECK(btf_struct__has_member(b, "task_struct", "kasan_depth") &&
	      !btf_struct__has_member(b, "task_struct", "kasan") &&
	      !btf_struct__has_member(b, "mm_struct", "kasan_depth") &&
	      !btf_struct__has_member(b, "no_such_struct", "kasan_depth"),
	      "kernel_features: kasan_depth found in task_struct only", "wrong answer");
	CHECK(btf_struct__has_member(whole, "task_struct", "kasan_depth") ==
	      btf_struct__has_member(part, "task_struct", "kasan_depth") &&
	      btf_struct__has_member(part, "task_struct", "pid"),
	      "kernel_features: the part answers for task_struct as the whole", "differs");
	btf__free(b);
}

/* core_btf on a made-up kernel BTF with one struct of 1 100 named members:
 * more names than the emitter's first guess at its string table. */
static void check_many_names(void)
{
	struct btf *kernel = btf__new_empty(), *local = btf__new_empty(), *back = NULL;
	int kint = btf__add_int(kernel, "int", 4, BTF_INT_SIGNED);
	int ks = btf__add_struct(kernel, "wide", 4400);
	char name[16], path[] = "/tmp/oomtrace-core-XXXXXX";
	int fd = mkstemp(path), kept;

	for (int i = 0; i < 1100; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		btf__add_field(kernel, name, kint, i * 32, 0);
	}
	btf__add_struct(local, "wide", 4);
	btf__add_field(local, "f7", btf__add_int(local, "int", 4, BTF_INT_SIGNED), 0, 0);
	struct btf_index *ix = btf_index__new(kernel);

	kept = fd >= 0 && ks > 0 && ix ? core_btf__write(local, kernel, ix, fd) : -1;
	back = kept > 0 ? btf__parse(path, NULL) : NULL;
	int id = back ? btf__find_by_name_kind(back, "wide", BTF_KIND_STRUCT) : -1;

	CHECK(kept == 2 && id > 0 && btf_vlen(btf__type_by_id(back, id)) == 1100 &&
	      !strcmp(btf__name_by_offset(back, btf_members(btf__type_by_id(back, id))[1099].name_off), "f1099"),
	      "core_btf: a struct with 1 100 member names written whole", "kept %d, id %d", kept, id);
	btf_index__free(ix);
	btf__free(back);
	btf__free(kernel);
	btf__free(local);
	if (fd >= 0)
		close(fd);
	unlink(path);
}

int main(void)
{
	struct kernel_names from_whole, from_part;
	uint32_t *kernel_ids = NULL;
	char err[200] = "";

	if (access(VMLINUX, R_OK)) {
		printf("skip - btf_subset: no %s\n", VMLINUX);
		return 0;
	}
	struct btf *whole = btf__parse(VMLINUX, NULL);

	wanted = name_set__new();
	features__btf_wants(want);
	kernel_names__btf_wants(want);
	want("task_struct");
	want("mm_struct");
	want("btf_trace_mm_page_alloc");
	struct btf *part = btf_subset__read(VMLINUX, wanted, &kernel_ids, err, sizeof(err));

	CHECK(whole && part && kernel_ids, "btf_subset: read", "%s", err);
	if (!whole || !part || !kernel_ids)
		CHECK_DONE();
	CHECK(btf__type_cnt(part) > 10 && btf__type_cnt(part) < 5000, "btf_subset: a few hundred types",
	      "%u of %u", btf__type_cnt(part), btf__type_cnt(whole));

	memset(&from_whole, 0, sizeof(from_whole));
	memset(&from_part, 0, sizeof(from_part));
	kernel_names__from_btf(&from_whole, whole);
	kernel_names__from_btf(&from_part, part);
	CHECK(!memcmp(&from_whole, &from_part, sizeof(from_whole)), "btf_subset: decoded names equal the whole's",
	      "gfp bit 0 \"%s\" vs \"%s\", zone 1 \"%s\" vs \"%s\"", from_part.gfp_bit[0], from_whole.gfp_bit[0],
	      from_part.zone[1], from_whole.zone[1]);

	static const struct { const char *name; int kind; } named[] = {
		{ "task_struct", BTF_KIND_STRUCT }, { "mm_struct", BTF_KIND_STRUCT },
		{ "btf_trace_mark_victim", BTF_KIND_TYPEDEF }, { "btf_trace_mm_page_alloc", BTF_KIND_TYPEDEF },
		{ "out_of_memory", BTF_KIND_FUNC }, { "zone_type", BTF_KIND_ENUM },
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		int w = btf__find_by_name_kind(whole, named[i].name, named[i].kind);
		int p = btf__find_by_name_kind(part, named[i].name, named[i].kind);
		char what[96];

		snprintf(what, sizeof(what), "btf_subset: %s kept, mapped to the kernel's id", named[i].name);
		CHECK(w > 0 && p > 0 && kernel_ids[p] == (uint32_t)w, what, "whole %d, part %d -> %u", w, p,
		      p > 0 ? kernel_ids[p] : 0);
	}
	CHECK(struct__same(whole, btf__find_by_name_kind(whole, "task_struct", BTF_KIND_STRUCT), part,
			   btf__find_by_name_kind(part, "task_struct", BTF_KIND_STRUCT)),
	      "btf_subset: task_struct's members as in the whole", "differ");

	/* the tracepoint's prototype: typedef -> pointer -> function prototype, same arity */
	const struct btf_type *tw = btf__type_by_id(whole, btf__find_by_name_kind(whole, "btf_trace_mark_victim",
										  BTF_KIND_TYPEDEF));
	const struct btf_type *tp = btf__type_by_id(part, btf__find_by_name_kind(part, "btf_trace_mark_victim",
										 BTF_KIND_TYPEDEF));
	tw = btf__type_by_id(whole, btf__type_by_id(whole, tw->type)->type);
	tp = btf__type_by_id(part, btf__type_by_id(part, tp->type)->type);
	CHECK(btf_is_func_proto(tp) && btf_vlen(tp) == btf_vlen(tw), "btf_subset: mark_victim's prototype",
	      "vlen %d vs %d", btf_vlen(tp), btf_vlen(tw));

	check_windows_equal_map(whole, part, kernel_ids);
	check_kasan_member(whole, part);
	want("huge_enum");
	check_huge_type();

	/* bad files: missing, not BTF, cut short */
	uint32_t *ids = NULL;
	struct btf *none = btf_subset__read("/nonexistent/btf", wanted, &ids, err, sizeof(err));

	CHECK(!none && !ids && strstr(err, "/nonexistent/btf"), "btf_subset: missing file refused", "%s", err);
	check_bad_file("btf_subset: garbage refused", "this is not BTF at all, just text\n", 35);
	__u32 size;
	const char *raw = btf__raw_data(whole, &size);

	check_bad_file("btf_subset: truncated BTF refused", raw, size / 3);
	btf__free(part);
	btf__free(whole);
	free(kernel_ids);
	name_set__free(wanted);
	check_many_names();
	CHECK_DONE();
}
