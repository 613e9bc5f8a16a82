// SPDX-License-Identifier: GPL-2.0
/* Validation of records before anything looks inside them (live or from a file). */
#include <stddef.h>
#include <string.h>

#include "events.h"
#include "record_check.h"

static const struct {
	uint16_t type;
	uint32_t size;
} known_sizes[] = {
	{ EV_OOM_VICTIM, sizeof(struct ev_oom_victim) },
	{ EV_OOM_INVOKE, sizeof(struct ev_oom_invoke) },
	{ EV_OOM_REAPER, sizeof(struct ev_oom_reaper) },
	{ EV_OOM_SCORE_ADJ, sizeof(struct ev_oom_score_adj) },
	{ EV_ALLOC_FAIL, sizeof(struct ev_alloc_fail) },
	{ EV_RECLAIM, sizeof(struct ev_reclaim) },
	{ EV_KSWAPD, sizeof(struct ev_kswapd) },
	{ EV_THROTTLED, sizeof(struct ev_throttled) },
	{ EV_RETRY_ZONE, sizeof(struct ev_retry_zone) },
	{ EV_COMPACT_RETRY, sizeof(struct ev_compact_retry) },
	{ EV_EXTFRAG, sizeof(struct ev_extfrag) },
	{ EV_PAGE_ALLOC, sizeof(struct ev_page_alloc) },
	{ EV_PAGE_ALLOC_BATCH, PAGE_ALLOC_BATCH_SIZE(0) },
	{ EV_WARN_ALLOC, sizeof(struct ev_warn_alloc) },
	{ EV_COMPACT_TRY, sizeof(struct ev_compact_try) },
	{ EV_COMPACT_ZONE, sizeof(struct ev_compact_zone) },
	{ EV_COMPACT_DEFER, sizeof(struct ev_compact_defer) },
	{ EV_KCOMPACTD, sizeof(struct ev_kcompactd) },
	{ EV_MEM_SNAPSHOT, sizeof(struct ev_mem_snapshot) },
	{ EV_DROPS, sizeof(struct ev_drops) },
	{ EV_COUNTERS, sizeof(struct ev_counters) },
	{ EV_CGROUP_NAME, sizeof(struct ev_cgroup_name) },
	{ EV_STACK, sizeof(struct ev_stack) },
	{ EV_ZONE_SNAPSHOT, sizeof(struct ev_zone_snapshot) },
};

uint32_t record__expected_size(uint16_t type)
{
	for (size_t i = 0; i < sizeof(known_sizes) / sizeof(known_sizes[0]); i++)
		if (known_sizes[i].type == type)
			return known_sizes[i].size;
	return 0;
}

enum record_verdict record__check(const struct event_header *h, size_t len)
{
	uint32_t want;

	if (len < sizeof(*h) || h->size < sizeof(*h) || h->size > len)
		return RECORD_MALFORMED;
	want = record__expected_size(h->type);
	if (!want)
		return RECORD_UNKNOWN_TYPE;
	/* a newer writer may append fields; an older layout is too short to read */
	if (h->size < want)
		return RECORD_MALFORMED;
	if (h->type == EV_PAGE_ALLOC_BATCH) {
		uint32_t nr = ((const struct ev_page_alloc_batch *)h)->nr;

		if (nr > STREAM_BATCH || h->size < PAGE_ALLOC_BATCH_SIZE(nr))
			return RECORD_MALFORMED;
	}
	return RECORD_OK;
}

uint32_t record__items(const struct event_header *h)
{
	uint32_t nr, fit;

	if (h->type != EV_PAGE_ALLOC_BATCH || h->size < PAGE_ALLOC_BATCH_SIZE(0))
		return 1;
	/* never more than the record holds, checked or not */
	nr = ((const struct ev_page_alloc_batch *)h)->nr;
	fit = (h->size - PAGE_ALLOC_BATCH_SIZE(0)) / sizeof(struct page_alloc_item);
	return nr < fit ? nr : fit;
}

void record__init(struct event_header *h, uint16_t type, uint16_t version, uint32_t size, uint64_t ts_ns)
{
	memset(h, 0, size);
	h->type = type;
	h->version = version;
	h->size = size;
	h->ts_ns = ts_ns;
}
