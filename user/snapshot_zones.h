/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EV_ZONE_SNAPSHOT: the zones' watermarks, reserves and free lists, read by
 * the live source right after an allocation failure (or anything else that
 * wants them, e.g. a compaction stall) and added to the stream.
 *
 * Live source, after feeding the EV_ALLOC_FAIL record `rec`:
 *	struct ev_zone_snapshot snap;
 *	zone_snapshot__read(&snap);
 *	zone_snapshot__header(&snap, rec->ts_ns);
 *	pipeline__feed(pipe, &snap.h, sizeof(snap));
 */
#ifndef OOMTRACE_SNAPSHOT_ZONES_H
#define OOMTRACE_SNAPSHOT_ZONES_H

#include <stdint.h>

#include "events.h"
#include "incident.h"

/* Reads /proc/{zoneinfo,buddyinfo,pagetypeinfo,meminfo}. 0, or -1 without zoneinfo. */
int zone_snapshot__read(struct ev_zone_snapshot *s);
/* The same from another directory holding those files (tests). */
int zone_snapshot__read_from(struct ev_zone_snapshot *s, const char *proc_dir);
/* Header and for_event_ts for the record it belongs to. */
void zone_snapshot__header(struct ev_zone_snapshot *s, uint64_t for_event_ts);
/* Zones, buddy lists, RAM and swap into an incident. */
void zone_snapshot__apply(const struct ev_zone_snapshot *s, struct incident *inc);

#endif
