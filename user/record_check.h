/* SPDX-License-Identifier: GPL-2.0 */
#ifndef OOMTRACE_RECORD_CHECK_H
#define OOMTRACE_RECORD_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct event_header;

enum record_verdict {
	RECORD_OK = 0,
	RECORD_UNKNOWN_TYPE,	/* well-formed, but from a newer oomtrace: passed on, not read */
	RECORD_MALFORMED,	/* sizes do not add up: dropped and counted */
};

enum record_verdict record__check(const struct event_header *h, size_t len);
uint32_t record__expected_size(uint16_t type);	/* 0 for an unknown type */
/* The events a record stands for: a batch of streamed allocations holds
 * several; every other record is one. Counts say events, not records. */
uint32_t record__items(const struct event_header *h);
/* A record user space makes: zeroed, with its header filled (size covers the whole record). */
void record__init(struct event_header *h, uint16_t type, uint16_t version, uint32_t size, uint64_t ts_ns);

#endif
