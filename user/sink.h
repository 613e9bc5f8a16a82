/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sinks: where the pipeline's output goes (text, JSON lines, capture file,
 * metrics). Each concrete sink embeds struct sink first and fills ops; the
 * pipeline calls every sink in turn. Any op may be NULL.
 */
#ifndef OOMTRACE_SINK_H
#define OOMTRACE_SINK_H

#include <stddef.h>

struct incident;
struct event_header;
struct summary;
struct kernel_names;

struct sink;
struct sink_ops {
	/* every record as it enters the pipeline (capture files, per-record lines) */
	void (*record)(struct sink *s, const struct event_header *rec);
	/* an incident, after diagnosis */
	void (*incident)(struct sink *s, const struct incident *inc);
	/* at exit, or on demand (--summary) */
	void (*summary)(struct sink *s, const struct summary *sum);
	void (*flush)(struct sink *s);
	void (*free)(struct sink *s);
};

struct sink {
	const struct sink_ops *ops;
	const struct kernel_names *names;	/* for decoding numbers in records */
};

struct sink_options {
	int min_stall_ms;	/* print reclaim/compaction stalls at least this long */
	int verbose;
};

struct sink *sink_text__new(void *file /* FILE * */, const struct sink_options *opts);
struct sink *sink_json__new(void *file /* FILE * */, const struct sink_options *opts);

static inline void sink__free(struct sink *s)
{
	if (s && s->ops->free)
		s->ops->free(s);
}

#endif
