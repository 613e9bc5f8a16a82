// SPDX-License-Identifier: GPL-2.0
/*
 * The capture sink: every record that enters the pipeline goes to the file.
 * No flush op on purpose: the pipeline flushes sinks every poll (~100 ms),
 * and a block per poll would waste space; the writer's own tick flushes at
 * least once a second, and closing it (sink free) writes the rest.
 */
#include <stdlib.h>

#include "events.h"
#include "sink.h"
#include "capture_writer.h"

struct sink_capture {
	struct sink sink;
	struct capture_writer *w;
};

static void capture__record(struct sink *s, const struct event_header *rec)
{
	capture_writer__append(((struct sink_capture *)s)->w, rec);
}

static void capture__free(struct sink *s)
{
	capture_writer__close(((struct sink_capture *)s)->w);
	free(s);
}

static const struct sink_ops capture_ops = {
	.record = capture__record,
	.free = capture__free,
};

struct sink *sink_capture__new(struct capture_writer *w)
{
	struct sink_capture *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->sink.ops = &capture_ops;
	s->w = w;
	return &s->sink;
}

struct capture_writer *sink_capture__writer(struct sink *s)
{
	return ((struct sink_capture *)s)->w;
}
