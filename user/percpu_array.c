// SPDX-License-Identifier: GPL-2.0
/*
 * One bpf() call per 64 keys where the kernel can look arrays up in batches
 * (5.6+), one per key elsewhere: the failure table has 528 keys, and a call
 * per key each second was most of what an idle oomtrace did.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "percpu_array.h"

#define BATCH 64

static void values__add(uint64_t *out, uint32_t nr_keys, uint32_t key, const uint64_t *vals, int ncpus)
{
	if (key >= nr_keys)
		return;
	for (int c = 0; c < ncpus; c++)
		out[key] += vals[c];
}

static int sum__per_key(int fd, uint32_t nr_keys, int ncpus, uint64_t *out, uint64_t *vals)
{
	int read = 0;

	for (uint32_t k = 0; k < nr_keys; k++)
		if (!bpf_map_lookup_elem(fd, &k, vals)) {
			values__add(out, nr_keys, k, vals, ncpus);
			read++;
		}
	return read ? 0 : -errno;
}

int percpu_array__sum(int fd, uint32_t nr_keys, int ncpus, uint64_t *out)
{
	uint32_t keys[BATCH], next = 0, done = 0;
	uint64_t *vals = ncpus > 0 ? calloc((size_t)BATCH * ncpus, sizeof(*vals)) : NULL;
	int err = 0;

	memset(out, 0, nr_keys * sizeof(*out));
	if (!vals)
		return -ENOMEM;
	while (done < nr_keys) {
		uint32_t count = nr_keys - done < BATCH ? nr_keys - done : BATCH;
		int ret = bpf_map_lookup_batch(fd, done ? &next : NULL, &next, keys, vals, &count, NULL);

		if (ret && errno != ENOENT) {	/* no batches on this kernel: key by key */
			memset(out, 0, nr_keys * sizeof(*out));
			err = sum__per_key(fd, nr_keys, ncpus, out, vals);
			break;
		}
		for (uint32_t i = 0; i < count; i++)
			values__add(out, nr_keys, keys[i], vals + (size_t)i * ncpus, ncpus);
		done += count;
		if (ret)	/* ENOENT: the last keys came with it */
			break;
	}
	free(vals);
	return err;
}
