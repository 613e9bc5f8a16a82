/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A per-CPU array map of u64 values, summed over CPUs: the drop counters and
 * the failure table, read on the live session's tick.
 */
#ifndef OOMTRACE_PERCPU_ARRAY_H
#define OOMTRACE_PERCPU_ARRAY_H

#include <stdint.h>

/* out[k] = the sum over ncpus CPUs of key k, for keys 0..nr_keys-1 (0 for a
 * key that cannot be read). 0, or -errno when nothing could be read. */
int percpu_array__sum(int fd, uint32_t nr_keys, int ncpus, uint64_t *out);

#endif
