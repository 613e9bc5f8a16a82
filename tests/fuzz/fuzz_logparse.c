// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as kernel log text. The parser must never
 * crash, hang or read out of bounds, and every incident it hands out must
 * respect its limits with NUL-terminated strings. The input is fed in two
 * pieces split at a point chosen by its first byte, so lines that straddle
 * feeds are exercised too. Build/run: make fuzz-explain (FUZZ_SECONDS=N).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "incident.h"
#include "logparse.h"

#define STR_OK(a) (memchr((a), '\0', sizeof(a)) != NULL)

static void check(struct incident *inc, void *ctx)
{
	(void)ctx;
	if (!STR_OK(inc->trigger.comm) || !STR_OK(inc->trigger_stack) || !STR_OK(inc->gfp_text) ||
	    !STR_OK(inc->notes) || !STR_OK(inc->memcg_oom) || !STR_OK(inc->memcg_task) ||
	    !STR_OK(inc->kernel_version) || !STR_OK(inc->host) || !STR_OK(inc->wall_time) ||
	    !STR_OK(inc->cpuset) || !STR_OK(inc->mems_allowed) || !STR_OK(inc->arch))
		abort();
	if (inc->nr_victims > LOGPARSE_MAX_VICTIMS || inc->nr_tasks > LOGPARSE_MAX_TASKS ||
	    inc->nr_zones > INC_MAX_ZONES || inc->nr_zones < 0)
		abort();
	for (int i = 0; i < inc->nr_zones; i++) {
		const struct inc_zone *z = &inc->zones[i];

		if (z->nr_orders > INC_MAX_ORDERS || z->nr_reserve > INC_MAX_RESERVE || !STR_OK(z->name))
			abort();
		for (int j = 0; j < z->nr_orders; j++)
			if (!STR_OK(z->block_types[j]))
				abort();
	}
	for (int i = 0; i < inc->nr_victims; i++)
		if (!STR_OK(inc->victims[i].task.comm) || !STR_OK(inc->victims[i].task.cgroup))
			abort();
	for (int i = 0; i < inc->nr_tasks; i++)
		if (!STR_OK(inc->tasks[i].name))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logparse *p = logparse__new(check, NULL);
	size_t cut = size ? (data[0] * size) / 256 : 0;

	if (!p)
		return 0;
	logparse__feed(p, (const char *)data, cut);
	logparse__feed(p, (const char *)data + cut, size - cut);
	logparse__finish(p);
	logparse__free(p);
	return 0;
}
