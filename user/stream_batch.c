// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "record_check.h"
#include "stream_batch.h"

static void item__emit(const struct page_alloc_item *it, uint64_t ts, uint32_t cpu, page_alloc_fn fn, void *ctx)
{
	struct ev_page_alloc rec = {
		.h = { .type = EV_PAGE_ALLOC, .version = EV_PAGE_ALLOC_V, .size = sizeof(rec), .ts_ns = ts, .cpu = cpu },
		.pfn = it->pfn,
		.gfp = it->gfp,
		.pid = it->pid,
		.order = it->order,
		.migratetype = it->migratetype,
	};

	rec.pad[0] = it->flags;
	fn(ctx, &rec);
}

void stream_batch__expand(const struct ev_page_alloc_batch *b, page_alloc_fn fn, void *ctx)
{
	uint32_t nr = record__items(&b->h);

	for (uint32_t i = 0; i < nr; i++)
		item__emit(&b->items[i], stream_batch__item_ts(b->first_ts, b->h.ts_ns, nr, i), b->h.cpu, fn, ctx);
}

void stream_batch__each(const struct event_header *h, page_alloc_fn fn, void *ctx)
{
	if ((h->type != EV_PAGE_ALLOC_BATCH && h->type != EV_PAGE_ALLOC) || record__check(h, h->size) != RECORD_OK)
		return;
	if (h->type == EV_PAGE_ALLOC_BATCH)
		stream_batch__expand((const struct ev_page_alloc_batch *)h, fn, ctx);
	else
		fn(ctx, (const struct ev_page_alloc *)h);
}

long stream_batch__drain(int map_fd, int nr_cpus, page_alloc_batch_fn fn, void *ctx)
{
	struct stream_batch *all = calloc(nr_cpus, sizeof(*all));
	struct ev_page_alloc_batch rec;
	uint32_t zero = 0;
	long items = 0;

	if (!all)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &zero, all)) {
		free(all);
		return -errno;
	}
	for (int c = 0; c < nr_cpus; c++) {
		uint32_t nr = all[c].nr > STREAM_BATCH ? STREAM_BATCH : all[c].nr;

		if (!nr)
			continue;
		/* the last item's time is not known: all of them get the first's */
		memset(&rec, 0, sizeof(rec));
		rec.h = (struct event_header){ .type = EV_PAGE_ALLOC_BATCH, .version = EV_PAGE_ALLOC_BATCH_V,
					       .size = PAGE_ALLOC_BATCH_SIZE(nr), .ts_ns = all[c].first_ts,
					       .cpu = (uint32_t)c };
		rec.first_ts = all[c].first_ts;
		rec.nr = nr;
		memcpy(rec.items, all[c].items, nr * sizeof(rec.items[0]));
		fn(ctx, &rec);
		items += nr;
	}
	memset(all, 0, nr_cpus * sizeof(*all));
	bpf_map_update_elem(map_fd, &zero, all, BPF_ANY);
	free(all);
	return items;
}
