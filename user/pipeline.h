/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one pipeline, live and offline: records in (from the ring buffer or a
 * capture file) → validate/decode → correlate → diagnose → sinks.
 * Replaying the records of a live run gives the same incidents, because
 * everything the correlator uses is in the records (user space adds its
 * /proc and memcg snapshots to the stream as EV_MEM_SNAPSHOT records).
 */
#ifndef OOMTRACE_PIPELINE_H
#define OOMTRACE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incident.h"

struct event_header;
struct sink;
struct kernel_names;
struct summary;

struct pipeline_filter {
	int64_t pid;		/* 0: any; matches victim/trigger/task tgid or tid */
	char comm[64];		/* "": any */
	char cgroup[256];	/* "": any; a path prefix of the victim's/OOM memcg */
	bool all_failures;	/* also failures the caller marked __GFP_NOWARN (expected, handled) */
};

struct pipeline;

struct pipeline *pipeline__new(const struct kernel_names *names, const struct pipeline_filter *filter);
/* Where the records come from, stamped on every incident. */
void pipeline__set_origin(struct pipeline *p, enum incident_source source, const char *kernel_release,
			  const char *hostname);
/* CLOCK_REALTIME - CLOCK_MONOTONIC where the records were made: incidents
 * then carry their wall-clock time (UTC), live and in a replay alike. */
void pipeline__set_clock(struct pipeline *p, int64_t realtime_minus_mono_ns);
/* Push buffered sink output out (live: after each batch of records). */
void pipeline__flush(struct pipeline *p);
void pipeline__add_sink(struct pipeline *p, struct sink *s);	/* the pipeline frees its sinks */
/* One record. len is what the source has; the record's own size must fit in it.
 * Returns 0, or -EINVAL for a malformed record (counted, not fatal). */
int pipeline__feed(struct pipeline *p, const struct event_header *rec, size_t len);
/* Time passes (live: now; replay: each record's ts): lets pending state expire. */
void pipeline__tick(struct pipeline *p, uint64_t now_ns);
/* End of input: flush pending incidents, give every sink the summary. */
void pipeline__finish(struct pipeline *p);
void pipeline__free(struct pipeline *p);

uint64_t pipeline__incidents(const struct pipeline *p);
uint64_t pipeline__records(const struct pipeline *p);
uint64_t pipeline__malformed(const struct pipeline *p);
/* count of incidents/records the filter let through (for --count) */
uint64_t pipeline__matched(const struct pipeline *p);
const struct summary *pipeline__summary(const struct pipeline *p);

#endif
