/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A live tracing session: the tracer (BPF side) feeding the pipeline, plus
 * what user space adds to the stream at the right moments (cgroup names,
 * symbolised stacks, the memory snapshot at each kill, drop counters), so
 * that a capture of the stream replays to the same incidents.
 * Used by `oomtrace live` and `oomtrace record`.
 */
#ifndef OOMTRACE_LIVE_SESSION_H
#define OOMTRACE_LIVE_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode.h"
#include "options.h"

struct sink;
struct live_session;
struct features;

struct session_hooks {
	void (*on_tick)(void *ctx, uint64_t now_mono_ns);	/* about every 100 ms */
	void (*on_hup)(void *ctx);				/* SIGHUP received */
	void *ctx;
};

/* Detects features, opens, loads and attaches. NULL with a one-line reason in err. */
struct live_session *live_session__new(const struct trace_options *o, char *err, size_t errlen);
const struct kernel_names *live_session__names(const struct live_session *s);
const struct features *live_session__features(const struct live_session *s);
/* The one-line hook report (what attached, what did not and why). */
void live_session__hooks_line(const struct live_session *s, char *buf, size_t len);
/* --dry-run: every program, chosen or not, and why */
void live_session__print_hooks(const struct live_session *s, FILE *out);
void live_session__add_sink(struct live_session *s, struct sink *sink);
/* Traces until SIGINT/SIGTERM, --duration or --count. Returns the exit code. */
int live_session__run(struct live_session *s, const struct session_hooks *hooks);
void live_session__free(struct live_session *s);

#endif
