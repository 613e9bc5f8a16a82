// SPDX-License-Identifier: GPL-2.0
/*
 * The zones' state at an allocation failure (or a compaction stall): free
 * pages against the watermarks and lowmem reserves (/proc/zoneinfo), free
 * blocks per order (/proc/buddyinfo) and per migratetype
 * (/proc/pagetypeinfo, root only), plus RAM and swap from /proc/meminfo.
 * The live source adds it to the stream as EV_ZONE_SNAPSHOT right after the
 * record it belongs to, so a replay builds the same incident.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot_zones.h"

static struct zone_snap *zone__find(struct ev_zone_snapshot *s, int node, const char *name, bool create)
{
	struct zone_snap *z;

	for (uint32_t i = 0; i < s->nr_zones; i++)
		if (s->zones[i].node == node && !strcmp(s->zones[i].name, name))
			return &s->zones[i];
	if (!create || s->nr_zones >= SNAP_MAX_ZONES)
		return NULL;
	z = &s->zones[s->nr_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%.15s", name);
	z->free = z->min = z->low = z->high = -1;
	z->spanned = z->present = z->managed = z->free_cma = -1;
	for (int i = 0; i < MAX_ZONES; i++)
		z->protection[i] = -1;
	for (int o = 0; o < SNAP_MAX_ORDERS; o++) {
		z->free_blocks[o] = -1;
		for (int m = 0; m < SNAP_MAX_MT; m++)
			z->free_by_mt[m][o] = -1;
	}
	return z;
}

/* "protection: (0, 2818, 23855, 23855)" */
static void protection__parse(struct zone_snap *z, const char *p)
{
	char *end;

	p = strchr(p, '(');
	if (!p)
		return;
	p++;
	z->nr_protection = 0;
	while (z->nr_protection < MAX_ZONES) {
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		z->protection[z->nr_protection++] = v;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

static int zoneinfo__read(struct ev_zone_snapshot *s, const char *path)
{
	struct zone_snap *z = NULL;
	char line[512], name[32], key[64];
	long long v;
	int node;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %31s", &node, name) == 2) {
			z = zone__find(s, node, name, true);
			continue;
		}
		if (!z)
			continue;
		if (sscanf(line, " pages free %lld", &v) == 1)
			z->free = v;
		else if (strstr(line, "protection:"))
			protection__parse(z, line);
		else if (sscanf(line, " %63s %lld", key, &v) == 2) {
			if (!strcmp(key, "min"))
				z->min = v;
			else if (!strcmp(key, "low"))
				z->low = v;
			else if (!strcmp(key, "high"))
				z->high = v;
			else if (!strcmp(key, "spanned"))
				z->spanned = v;
			else if (!strcmp(key, "present"))
				z->present = v;
			else if (!strcmp(key, "managed"))
				z->managed = v;
			else if (!strcmp(key, "nr_free_cma"))
				z->free_cma = v;
		}
	}
	fclose(f);
	return 0;
}

/* "Node 0, zone   Normal   12  5  ..." after the zone name: one count per order */
static uint32_t counts__parse(const char *p, __s64 *out, uint32_t max)
{
	uint32_t n = 0;
	char *end;

	while (n < max) {
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		out[n++] = v;
		p = end;
	}
	return n;
}

static int buddyinfo__read(struct ev_zone_snapshot *s, const char *path)
{
	char line[512], name[32];
	int node, off;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct zone_snap *z;

		if (sscanf(line, "Node %d, zone %31s%n", &node, name, &off) != 2)
			continue;
		z = zone__find(s, node, name, true);
		if (z)
			z->nr_orders = counts__parse(line + off, z->free_blocks, SNAP_MAX_ORDERS);
	}
	fclose(f);
	s->flags |= SNAP_HAS_BUDDY;
	return 0;
}

/* "Node    0, zone   Normal, type    Movable   1  2 ..." */
static int pagetypeinfo__read(struct ev_zone_snapshot *s, const char *path)
{
	char line[1024], name[32], mt[32];
	int node, off;
	bool any = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct zone_snap *z;
		__s64 counts[SNAP_MAX_ORDERS];
		uint32_t m, n;

		if (sscanf(line, "Node %d, zone %31[^,], type %31s%n", &node, name, mt, &off) != 3)
			continue;
		z = zone__find(s, node, name, true);
		if (!z)
			continue;
		for (m = 0; m < z->nr_mt; m++)
			if (!strcmp(z->mt_name[m], mt))
				break;
		if (m == z->nr_mt) {
			if (z->nr_mt >= SNAP_MAX_MT)
				continue;
			snprintf(z->mt_name[z->nr_mt++], sizeof(z->mt_name[0]), "%.15s", mt);
		}
		n = counts__parse(line + off, counts, SNAP_MAX_ORDERS);
		for (uint32_t o = 0; o < n; o++)
			z->free_by_mt[m][o] = counts[o];
		any = true;
	}
	fclose(f);
	if (any)
		s->flags |= SNAP_HAS_PAGETYPE;
	return 0;
}

static void meminfo__read(struct ev_zone_snapshot *s, const char *path)
{
	char line[256], key[64];
	long long v;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: %lld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemTotal"))
			s->mem_total_kb = v;
		else if (!strcmp(key, "MemFree"))
			s->mem_free_kb = v;
		else if (!strcmp(key, "MemAvailable"))
			s->mem_available_kb = v;
		else if (!strcmp(key, "SwapTotal"))
			s->swap_total_kb = v;
		else if (!strcmp(key, "SwapFree"))
			s->swap_free_kb = v;
	}
	fclose(f);
}

int zone_snapshot__read_from(struct ev_zone_snapshot *s, const char *proc_dir)
{
	char path[256];
	int err;

	memset(s, 0, sizeof(*s));
	s->page_size = sysconf(_SC_PAGESIZE);
	s->mem_total_kb = s->mem_free_kb = s->mem_available_kb = -1;
	s->swap_total_kb = s->swap_free_kb = -1;
	snprintf(path, sizeof(path), "%s/zoneinfo", proc_dir);
	err = zoneinfo__read(s, path);
	snprintf(path, sizeof(path), "%s/buddyinfo", proc_dir);
	buddyinfo__read(s, path);
	snprintf(path, sizeof(path), "%s/pagetypeinfo", proc_dir);
	pagetypeinfo__read(s, path);
	snprintf(path, sizeof(path), "%s/meminfo", proc_dir);
	meminfo__read(s, path);
	return err;
}

int zone_snapshot__read(struct ev_zone_snapshot *s)
{
	return zone_snapshot__read_from(s, "/proc");
}

void zone_snapshot__header(struct ev_zone_snapshot *s, uint64_t for_event_ts)
{
	s->h.type = EV_ZONE_SNAPSHOT;
	s->h.version = EV_ZONE_SNAPSHOT_V;
	s->h.size = sizeof(*s);
	s->h.ts_ns = for_event_ts;
	s->h.cpu = 0;
	s->h.pad = 0;
	s->for_event_ts = for_event_ts;
}

static int64_t kb(const struct ev_zone_snapshot *s, int64_t pages)
{
	return pages < 0 ? UNKNOWN : pages * (s->page_size > 0 ? s->page_size : 4096) / 1024;
}

/* The letters the kernel's show_mem prints per order: (UMEHCI) */
static char mt__letter(const char *name)
{
	if (!strcmp(name, "Unmovable"))
		return 'U';
	if (!strcmp(name, "Movable"))
		return 'M';
	if (!strcmp(name, "Reclaimable"))
		return 'E';
	if (!strcmp(name, "HighAtomic"))
		return 'H';
	if (!strcmp(name, "CMA"))
		return 'C';
	if (!strcmp(name, "Isolate"))
		return 'I';
	return '?';
}

void zone_snapshot__apply(const struct ev_zone_snapshot *s, struct incident *inc)
{
	uint32_t nz = s->nr_zones < SNAP_MAX_ZONES ? s->nr_zones : SNAP_MAX_ZONES;
	bool buddy = false;

	if (s->page_size > 0)
		inc->page_size = s->page_size;
	/* figures an OOM kill's record took at the kill itself are kept */
	if (s->swap_total_kb >= 0 && !known(inc->swap_total_kb)) {
		inc->swap_total_kb = s->swap_total_kb;
		if (s->swap_free_kb >= 0)
			inc->swap_free_kb = s->swap_free_kb;
	}
	if (s->mem_total_kb >= 0)
		inc->mem.mem_total_kb = s->mem_total_kb;
	if (s->mem_available_kb >= 0)
		inc->mem.mem_available_kb = s->mem_available_kb;
	if (s->mem_free_kb >= 0 && s->page_size > 0 && !known(inc->mem.free))
		inc->mem.free = s->mem_free_kb * 1024 / s->page_size;
	for (uint32_t i = 0; i < nz; i++) {
		const struct zone_snap *zs = &s->zones[i];
		char name[sizeof(zs->name) + 1];
		struct inc_zone *z;
		uint32_t no;

		if (zs->managed == 0 && zs->nr_orders == 0)
			continue;	/* an empty zone (Movable, Device): reports leave them out */
		snprintf(name, sizeof(name), "%.*s", (int)sizeof(zs->name), zs->name);
		z = incident__add_zone(inc, zs->node, name);
		if (!z)
			break;
		z->free_kb = kb(s, zs->free);
		z->min_kb = kb(s, zs->min);
		z->low_kb = kb(s, zs->low);
		z->high_kb = kb(s, zs->high);
		z->present_kb = kb(s, zs->present);
		z->managed_kb = kb(s, zs->managed);
		z->free_cma_kb = kb(s, zs->free_cma);
		z->nr_reserve = zs->nr_protection < INC_MAX_RESERVE ? zs->nr_protection : INC_MAX_RESERVE;
		for (int r = 0; r < z->nr_reserve && r < MAX_ZONES; r++)
			z->lowmem_reserve[r] = zs->protection[r];
		no = zs->nr_orders < INC_MAX_ORDERS ? zs->nr_orders : INC_MAX_ORDERS;
		z->nr_orders = no;
		for (uint32_t o = 0; o < no; o++) {
			int k = 0;

			z->free_blocks[o] = zs->free_blocks[o];
			for (uint32_t m = 0; m < zs->nr_mt && m < SNAP_MAX_MT && k < 7; m++)
				if (zs->free_by_mt[m][o] > 0)
					z->block_types[o][k++] = mt__letter(zs->mt_name[m]);
			z->block_types[o][k] = '\0';
		}
		if (no)
			buddy = true;
	}
	if (nz)
		inc->incomplete &= ~INC_MISSING_ZONES;
	if (buddy)
		inc->incomplete &= ~INC_MISSING_BUDDY;
}
