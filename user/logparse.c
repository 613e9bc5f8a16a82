// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-log parser driver: cuts the input into lines (and rsyslog's "#012"
 * joins back into lines), normalises each, routes it to the stream of its
 * host/printk caller, and opens, feeds and closes incidents there.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logparse_int.h"
#include "logparse_scan.h"

/* A report is over when this many lines of its stream went by unclaimed,
 * or when its stream's clock jumped by more than LP_GAP_S seconds. */
#define LP_IDLE_LINES 64
#define LP_GAP_S 30.0

struct logparse *logparse__new(logparse_cb cb, void *ctx)
{
	struct logparse *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->line = malloc(LOGPARSE_MAX_LINE);
	p->qp = malloc(LOGPARSE_MAX_LINE);
	if (!p->line || !p->qp) {
		free(p->line);
		free(p->qp);
		free(p);
		return NULL;
	}
	p->cb = cb;
	p->cb_ctx = ctx;
	return p;
}

void logparse__free(struct logparse *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nr_streams; i++) {
		incident__free(&p->streams[i]->inc);
		incident__free(&p->streams[i]->vz);
		free(p->streams[i]);
	}
	free(p->line);
	free(p->qp);
	free(p);
}

int64_t logparse__nr_incidents(const struct logparse *p)
{
	return p->seq;
}

void lp__note(struct incident *inc, const char *fmt, ...)
{
	size_t n = strlen(inc->notes);
	va_list ap;

	if (n + 3 >= sizeof(inc->notes))
		return;
	if (n) {
		memcpy(inc->notes + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(inc->notes + n, sizeof(inc->notes) - n, fmt, ap);
	va_end(ap);
}

void lp__emit(struct logparse *p, struct incident *inc)
{
	inc->seq = ++p->seq;
	if (p->cb)
		p->cb(inc, p->cb_ctx);
	incident__free(inc);
}

void lp__open(struct logparse *p, struct lp_stream *st, const struct log_line *ll,
	      enum incident_kind kind)
{
	lp__close(p, st);
	incident__init(&st->inc, kind, SOURCE_KERNEL_LOG);
	st->inc.log_time = ll->log_time;
	snprintf(st->inc.wall_time, sizeof(st->inc.wall_time), "%s", ll->wall_time);
	snprintf(st->inc.host, sizeof(st->inc.host), "%s", ll->host);
	st->open = true;
	st->sec = SEC_NONE;
	st->last_t = ll->t;
	st->idle = 0;
	st->zone = st->buddy = -1;
	st->stack_len = 0;
	st->has_header = st->has_meminfo = st->has_swap = st->has_buddy = false;
	st->has_tasks = st->memcg_seen = st->mem_counters = false;
	st->ncols = 0;
	st->dropped_tasks = 0;
	st->memcg_trace = st->arm_frames = st->seen_64bit_x86 = st->seen_arm64 = false;
	st->addr_digits = 0;
	st->want_version = false;
	st->kstack_zones = st->kstack_nodes = UNKNOWN;
	st->order0_kb = UNKNOWN;
	st->irq_guesses = 0;
	st->partial_len = 0;
	memset(st->node_unrecl, -1, sizeof(st->node_unrecl));
}

void lp__close(struct logparse *p, struct lp_stream *st)
{
	if (!st->open)
		return;
	st->open = false;
	if (!st->inc.kernel_version[0] && p->boot_version[0]) {
		memcpy(st->inc.kernel_version, p->boot_version, sizeof(st->inc.kernel_version));
		lp__note(&st->inc, "kernel version from the boot banner");
	}
	lp_report__finalize(st);
	/* a Mem-Info dump alone (sysrq-m) or stray lines are not a report */
	if (st->has_header || st->inc.nr_victims || st->memcg_seen)
		lp__emit(p, &st->inc);
	else
		incident__free(&st->inc);
}

static struct lp_stream *stream_for(struct logparse *p, const struct log_line *ll)
{
	struct lp_stream *st;
	int lru = 0;

	/* almost every line belongs to the stream of the line before */
	st = p->last;
	if (st && st->host[0] == ll->host[0] && st->caller[0] == ll->caller[0] &&
	    (!ll->host[0] || !strcmp(st->host, ll->host)) && (!ll->caller[0] || !strcmp(st->caller, ll->caller))) {
		st->last_use = ++p->tick;
		return st;
	}
	for (int i = 0; i < p->nr_streams; i++) {
		st = p->streams[i];
		if (!strcmp(st->host, ll->host) && !strcmp(st->caller, ll->caller)) {
			st->last_use = ++p->tick;
			return p->last = st;
		}
		if (st->last_use < p->streams[lru]->last_use)
			lru = i;
	}
	if (p->nr_streams < LOGPARSE_MAX_STREAMS) {
		st = calloc(1, sizeof(*st));
		if (!st)
			return NULL;
		p->streams[p->nr_streams++] = st;
	} else {
		/* too many at once: the stalest one is done */
		st = p->streams[lru];
		lp__close(p, st);
		lp_openvz__close(p, st);
	}
	snprintf(st->host, sizeof(st->host), "%s", ll->host);
	snprintf(st->caller, sizeof(st->caller), "%s", ll->caller);
	st->last_use = ++p->tick;
	return p->last = st;
}

static void process(struct logparse *p, const struct log_line *ll)
{
	struct lp_stream *st;
	bool handled;

	if (ll->kmsg_cont || ll->foreign)
		return;
	st = stream_for(p, ll);
	if (!st)
		return;
	if (st->open && ll->t >= 0 && st->last_t >= 0 &&
	    (ll->t - st->last_t > LP_GAP_S || ll->t + 1 < st->last_t))
		lp__close(p, st);

	if (sc_pre(ll->text, ll->end, "Linux version ")) {
		const char *v = ll->text + 14;

		sc_copy(p->boot_version, sizeof(p->boot_version), v, sc_tok_end(v, ll->end));
		return;
	}
	handled = lp_openvz__line(p, st, ll) || lp_report__line(p, st, ll);
	if (!st->open)
		return;
	if (handled) {
		st->idle = 0;
		if (ll->t >= 0)
			st->last_t = ll->t;
	} else if (++st->idle > LP_IDLE_LINES) {
		lp__close(p, st);
	}
}

static int hex_up(char c)
{
	return sc_digit(c) ? c - '0' : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

/*
 * Mail in quoted-printable ("gfp_mask=3D0x280da", lines soft-broken with a
 * trailing "="): decode into p->qp and join soft breaks. Returns false while
 * the line waits for its rest.
 */
static bool quoted_printable(struct logparse *p, const char **ps, const char **pe)
{
	const char *s = *ps, *e = *pe;
	bool soft;

	while (e > s && e[-1] == '\r')
		e--;
	soft = e > s && e[-1] == '=';
	if (soft)
		e--;
	for (; s < e && p->qp_len < LOGPARSE_MAX_LINE; s++) {
		int hi, lo;

		if (*s == '=' && e - s >= 3 && (hi = hex_up(s[1])) >= 0 && (lo = hex_up(s[2])) >= 0) {
			p->qp[p->qp_len++] = (char)(hi * 16 + lo);
			s += 2;
		} else {
			p->qp[p->qp_len++] = *s;
		}
	}
	if (soft && p->qp_len < LOGPARSE_MAX_LINE)
		return false;
	*ps = p->qp;
	*pe = p->qp + p->qp_len;
	p->qp_len = 0;
	return true;
}

/* One raw line: rsyslog escapes the newlines of multi-line messages as "#012". */
static void raw_line(struct logparse *p, const char *s, const char *e)
{
	struct log_line ll;
	const char *hash;

	if (!p->qp_mode && memchr(s, '=', e - s) && sc_find(s, e, "=3D"))
		p->qp_mode = true;
	if (p->qp_mode && !quoted_printable(p, &s, &e))
		return;

	/* web pastes carry no-break spaces (UTF-8 C2 A0) for blanks */
	if (memchr(s, 0xc2, e - s) && sc_find(s, e, "\xc2\xa0")) {
		size_t n = e - s;

		if (s != p->line)
			memcpy(p->line, s, n);
		for (size_t i = 0; i + 1 < n; i++)
			if ((unsigned char)p->line[i] == 0xc2 && (unsigned char)p->line[i + 1] == 0xa0)
				p->line[i] = p->line[i + 1] = ' ';
		s = p->line;
		e = p->line + n;
	}
	log_line__parse(&ll, s, e);
	hash = memchr(ll.text, '#', ll.end - ll.text);
	if (!hash || !(hash = sc_find(hash, ll.end, "#012"))) {
		process(p, &ll);
		return;
	}
	const char *end = ll.end;

	for (const char *seg = ll.text;;) {
		ll.text = sc_ws(seg, hash);
		ll.end = hash;
		process(p, &ll);
		if (hash == end)
			break;
		seg = hash + 4;
		hash = sc_find(seg, end, "#012");
		if (!hash)
			hash = end;
	}
}

void logparse__feed(struct logparse *p, const char *buf, size_t len)
{
	const char *s = buf, *e = buf + len;

	while (s < e) {
		const char *nl = memchr(s, '\n', e - s);
		const char *le = nl ? nl : e;

		if (p->line_len || !nl) {
			/* a line split across chunks: assemble it, cut at the cap */
			size_t n = le - s;

			if (n > LOGPARSE_MAX_LINE - p->line_len)
				n = LOGPARSE_MAX_LINE - p->line_len;
			memcpy(p->line + p->line_len, s, n);
			p->line_len += n;
			if (!nl)
				return;
			raw_line(p, p->line, p->line + p->line_len);
			p->line_len = 0;
		} else {
			raw_line(p, s, le - s > LOGPARSE_MAX_LINE ? s + LOGPARSE_MAX_LINE : le);
		}
		s = nl + 1;
	}
}

void logparse__finish(struct logparse *p)
{
	if (p->line_len) {
		raw_line(p, p->line, p->line + p->line_len);
		p->line_len = 0;
	}
	if (p->qp_len) {
		/* a soft break at the very end: what was joined so far is the line */
		size_t n = p->qp_len;

		memcpy(p->line, p->qp, n);
		p->qp_len = 0;
		p->qp_mode = false;
		raw_line(p, p->line, p->line + n);
	}
	for (int i = 0; i < p->nr_streams; i++) {
		lp__close(p, p->streams[i]);
		lp_openvz__close(p, p->streams[i]);
	}
}
