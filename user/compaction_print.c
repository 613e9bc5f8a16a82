// SPDX-License-Identifier: GPL-2.0
/* Printers for compaction attempts: a text line, a JSON line. */
#include <ctype.h>
#include <string.h>

#include "compaction_attempt.h"
#include "compaction_print.h"
#include "json_writer.h"
#include "decode.h"
#include "events.h"

/* "COMPACT_PRIO_SYNC_LIGHT" → "sync_light" */
static void priority__name(const struct kernel_names *names, int prio, char *buf, size_t len)
{
	const char *n = compact_priority__name(names, prio);
	size_t k = 0;

	if (!strncmp(n, "COMPACT_PRIO_", 13))
		n += 13;
	for (; n[k] && k < len - 1; k++)
		buf[k] = tolower((unsigned char)n[k]);
	buf[k] = '\0';
}


static const char *zone__status(const struct kernel_names *names, const struct attempt_zone *z)
{
	return z->deferred ? "deferred" : compact_result__name(names, z->status);
}

void compaction_attempt__print_text(const struct compaction_attempt *a, const struct kernel_names *names, FILE *out)
{
	char prio[32], gfp[256];

	fprintf(out, "compaction: %s", compact_origin__name(a->origin));
	if (a->order >= 0)
		fprintf(out, " order %d", a->order);
	if (a->origin == COMPACT_ORIGIN_DIRECT || a->origin == COMPACT_ORIGIN_MANUAL)
		fprintf(out, " by %.16s (%u)", a->comm, a->tgid);
	else
		fprintf(out, " on node %d", a->node);
	if (a->origin == COMPACT_ORIGIN_DIRECT) {
		gfp__format(names, a->gfp, gfp, sizeof(gfp));
		priority__name(names, a->priority, prio, sizeof(prio));
		fprintf(out, " gfp %s prio %s", gfp, prio);
	}
	fprintf(out, ": %s after %.3f ms", compaction_outcome__name(a->outcome), a->stall_ns / 1e6);
	if (a->migrated || a->failed)
		fprintf(out, ", %llu pages migrated, %llu failed", (unsigned long long)a->migrated,
			(unsigned long long)a->failed);
	if (a->nr_zones) {
		fprintf(out, "; zones:");
		for (int i = 0; i < a->nr_zones; i++) {
			const struct attempt_zone *z = &a->zones[i];

			fprintf(out, "%s %d/%s %s", i ? "," : "", z->node, zone__name(names, z->zone_idx),
				zone__status(names, z));
			if (!z->deferred && z->duration_ns)
				fprintf(out, " %.3fms", z->duration_ns / 1e6);
			if (z->migrated || z->failed)
				fprintf(out, " %llu/%llu migrated", (unsigned long long)z->migrated,
					(unsigned long long)(z->migrated + z->failed));
		}
		if (a->zones_dropped)
			fprintf(out, " (+%d more)", a->zones_dropped);
	} else {
		fprintf(out, "; no zone was compacted");
	}
	fputc('\n', out);
	for (int i = 0; i < a->nr_buddy; i++) {
		const struct attempt_buddy *b = &a->buddy[i];

		fprintf(out, "  free blocks by order, node %d %-7s", b->node, b->name);
		for (int k = 0; k < b->nr_orders; k++)
			fprintf(out, " %lld", (long long)b->free_blocks[k]);
		fputc('\n', out);
	}
}

void compaction_attempt__print_json(const struct compaction_attempt *a, const struct kernel_names *names,
				    unsigned long long suppressed_before, FILE *out)
{
	char prio[32], gfp[256];

	fprintf(out, "{\"type\":\"compaction\",\"ts_ns\":%llu,\"start_ns\":%llu,\"origin\":\"%s\",\"task\":{\"pid\":%u,"
		"\"tid\":%u,\"comm\":",
		(unsigned long long)a->end_ts, (unsigned long long)a->start_ts, compact_origin__name(a->origin), a->tgid,
		a->tid);
	json__fputs(out, a->comm, sizeof(a->comm));
	fprintf(out, ",\"cgroup_id\":%llu}", (unsigned long long)a->cgroup_id);
	if (a->node >= 0)
		fprintf(out, ",\"node\":%d", a->node);
	else
		fprintf(out, ",\"node\":null");
	fprintf(out, ",\"order\":%d", a->order);
	if (a->origin == COMPACT_ORIGIN_DIRECT) {
		gfp__format(names, a->gfp, gfp, sizeof(gfp));
		priority__name(names, a->priority, prio, sizeof(prio));
		fprintf(out, ",\"gfp\":\"0x%llx\",\"gfp_text\":", (unsigned long long)a->gfp);
		json__fputs(out, gfp, sizeof(gfp));
		fprintf(out, ",\"priority\":%d,\"priority_name\":", a->priority);
		json__fputs(out, prio, sizeof(prio));
	} else {
		fprintf(out, ",\"gfp\":null,\"gfp_text\":null,\"priority\":null,\"priority_name\":null");
	}
	fprintf(out, ",\"zones\":[");
	for (int i = 0; i < a->nr_zones; i++) {
		const struct attempt_zone *z = &a->zones[i];

		fprintf(out, "%s{\"node\":%d,\"zone\":", i ? "," : "", z->node);
		json__fputs(out, zone__name(names, z->zone_idx), 32);
		fprintf(out, ",\"zone_idx\":%d,\"status\":", z->zone_idx);
		json__fputs(out, zone__status(names, z), 32);
		fprintf(out, ",\"duration_us\":%.1f,\"migrated\":%llu,\"failed\":%llu,\"migrate_scanned\":%llu,"
			"\"free_scanned\":%llu,\"isolated\":%llu",
			z->duration_ns / 1e3, (unsigned long long)z->migrated, (unsigned long long)z->failed,
			(unsigned long long)z->migrate_scanned, (unsigned long long)z->free_scanned,
			(unsigned long long)z->isolated);
		if (z->deferred)
			fprintf(out, ",\"considered\":%u,\"defer_shift\":%u", z->considered, z->defer_shift);
		fputc('}', out);
	}
	fprintf(out, "],\"zones_dropped\":%d,\"stall_us\":%.1f,\"zone_us\":%.1f,\"migrated\":%llu,\"failed\":%llu,"
		"\"result\":",
		a->zones_dropped, a->stall_ns / 1e3, a->zone_ns / 1e3, (unsigned long long)a->migrated,
		(unsigned long long)a->failed);
	if (a->result >= 0)
		json__fputs(out, compact_result__name(names, a->result), 32);
	else
		fprintf(out, "null");
	fprintf(out, ",\"outcome\":\"%s\"", compaction_outcome__name(a->outcome));
	if (suppressed_before)
		fprintf(out, ",\"suppressed_before\":%llu", suppressed_before);
	if (a->buddy_ts) {
		fprintf(out, ",\"free_blocks\":[");
		for (int i = 0; i < a->nr_buddy; i++) {
			const struct attempt_buddy *b = &a->buddy[i];

			fprintf(out, "%s{\"node\":%d,\"zone\":", i ? "," : "", b->node);
			json__fputs(out, b->name, sizeof(b->name));
			fprintf(out, ",\"per_order\":[");
			for (int k = 0; k < b->nr_orders; k++)
				fprintf(out, "%s%lld", k ? "," : "", (long long)b->free_blocks[k]);
			fprintf(out, "]");
			if (b->nr_orders && b->movable_blocks[0] >= 0) {
				fprintf(out, ",\"movable_per_order\":[");
				for (int k = 0; k < b->nr_orders; k++)
					fprintf(out, "%s%lld", k ? "," : "", (long long)b->movable_blocks[k]);
				fprintf(out, "]");
			}
			fputc('}', out);
		}
		fputc(']', out);
	}
	fprintf(out, "}\n");
}
