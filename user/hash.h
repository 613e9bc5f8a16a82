/* SPDX-License-Identifier: GPL-2.0 */
/* The two hashes the open-addressing tables use: one for names, one for ids. */
#ifndef OOMTRACE_HASH_H
#define OOMTRACE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_BYTES_SEED 2166136261u

/* FNV-1a over n bytes; seed HASH_BYTES_SEED, or that mixed with a key's other part */
static inline uint32_t hash__bytes(const void *data, size_t n, uint32_t seed)
{
	const uint8_t *p = data;
	uint32_t h = seed;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Knuth's multiplicative hash: mask the result to the table size */
static inline uint32_t hash__u32(uint32_t v)
{
	return v * 2654435761u;
}

#endif
