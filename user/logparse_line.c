// SPDX-License-Identifier: GPL-2.0
/* Strips the prefixes log tools put in front of kernel messages. */
#include <stdio.h>
#include <string.h>

#include "logparse_line.h"
#include "logparse_scan.h"

/* "Nov" -> 10; s must have 3 bytes */
static int month3(const char *s)
{
	static const char m[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (!memcmp(s, m + 3 * i, 3))
			return i;
	return -1;
}

static int month_idx(const char *s, const char *e)
{
	if (e - s < 4 || s[3] != ' ')
		return -1;
	return month3(s);
}

static bool is_wday(const char *s, const char *e)
{
	static const char d[] = "MonTueWedThuFriSatSun";

	if (e - s < 4 || s[3] != ' ')
		return false;
	for (int i = 0; i < 7; i++)
		if (!memcmp(s, d + 3 * i, 3))
			return true;
	return false;
}

static bool two_digits(const char *s, const char *e, int *v)
{
	if (e - s < 2 || !sc_digit(s[0]) || !sc_digit(s[1]))
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

/* "HH:MM:SS[.frac]" -> seconds of the day; returns the end or NULL. */
static const char *parse_hms(const char *s, const char *e, double *secs)
{
	int h, m, sec;

	if (!two_digits(s, e, &h) || e - s < 8 || s[2] != ':' || !two_digits(s + 3, e, &m) ||
	    s[5] != ':' || !two_digits(s + 6, e, &sec))
		return NULL;
	*secs = h * 3600.0 + m * 60.0 + sec;
	s += 8;
	if (s < e && (*s == '.' || *s == ',') && s + 1 < e && sc_digit(s[1])) {
		double f = 0.1;

		for (s++; s < e && sc_digit(*s); s++, f /= 10)
			*secs += (*s - '0') * f;
	}
	return s;
}

static void set_wall(struct log_line *ll, const char *s, const char *e)
{
	if (!ll->wall_time[0])
		sc_copy(ll->wall_time, sizeof(ll->wall_time), s, e);
}

/* "Nov 21 10:00:00[.123456][ 2026]" (syslog, journalctl short/short-precise) */
static const char *month_stamp(const char *s, const char *e, struct log_line *ll)
{
	int mon = month_idx(s, e);
	const char *p = s + 4;
	int64_t day;
	double secs;

	if (mon < 0)
		return NULL;
	p = sc_ws(p, e);
	if (!sc_int(&p, e, &day) || day < 1 || day > 31 || p >= e || *p != ' ')
		return NULL;
	p = parse_hms(p + 1, e, &secs);
	if (!p)
		return NULL;
	/* dmesg -T and ctime() add the year */
	if (e - p >= 5 && p[0] == ' ' && sc_digit(p[1]) && sc_digit(p[2]) && sc_digit(p[3]) &&
	    sc_digit(p[4]) && (e - p == 5 || !sc_digit(p[5])))
		p += 5;
	set_wall(ll, s, p);
	if (ll->t < 0)
		ll->t = ((mon * 31) + day) * 86400.0 + secs;
	return p;
}

/* "[Www ]2026-11-21[T ]10:00:00[.frac][Z|+01:00|+0100][ UTC]" */
static const char *iso_stamp(const char *s, const char *e, struct log_line *ll)
{
	const char *p = s;
	int y1, y2, mo, d;
	double secs;
	bool wday = is_wday(p, e);

	if (wday)
		p += 4;
	if (!two_digits(p, e, &y1) || !two_digits(p + 2, e, &y2) || e - p < 11 || p[4] != '-' ||
	    !two_digits(p + 5, e, &mo) || p[7] != '-' || !two_digits(p + 8, e, &d) ||
	    (p[10] != 'T' && p[10] != ' '))
		return NULL;
	p = parse_hms(p + 11, e, &secs);
	if (!p)
		return NULL;
	if (p < e && *p == 'Z')
		p++;
	else if (p < e && (*p == '+' || *p == '-') && p + 1 < e && sc_digit(p[1]))
		for (p++; p < e && (sc_digit(*p) || *p == ':'); p++)
			;
	/* journalctl short-full: "Sat 2026-11-21 10:00:00 UTC" */
	if (wday && e - p >= 4 && p[0] == ' ' && p[1] >= 'A' && p[1] <= 'Z' && p[2] >= 'A' && p[2] <= 'Z') {
		const char *q = p + 1;

		while (q < e && q - p <= 6 && ((*q >= 'A' && *q <= 'Z') || sc_digit(*q) || *q == '+' || *q == '-'))
			q++;
		if (q < e && *q == ' ' && q - p >= 3)
			p = q;
	}
	set_wall(ll, s, p);
	if (ll->t < 0)
		ll->t = (((y1 * 100 + y2) * 372.0 + mo * 31 + d) * 86400.0) + secs;
	return p;
}

static const char *host_tag(const char *p, const char *e, struct log_line *ll, bool may_be_foreign);

/* journalctl -o short-unix: "1700000000.123456 host kernel: " */
static const char *unix_stamp(const char *s, const char *e, struct log_line *ll)
{
	const char *p = s;
	int64_t sec;

	if (!sc_int(&p, e, &sec) || p - s < 9 || p - s > 11 || p >= e || *p != '.')
		return NULL;
	for (p++; p < e && sc_digit(*p); p++)
		;
	if (p >= e || *p != ' ')
		return NULL;
	const char *q = host_tag(p, e, ll, false);

	if (q == p || q == sc_ws(p, e))
		return NULL;	/* a bare number, not a journal stamp */
	set_wall(ll, s, p);
	if (ll->t < 0)
		ll->t = (double)sec;
	return q;
}

/* After a wall-clock stamp: "host kernel: ", "kernel: ", "host prog[12]: ". */
static const char *host_tag(const char *p, const char *e, struct log_line *ll, bool may_be_foreign)
{
	p = sc_ws(p, e);
	const char *t1 = sc_tok_end(p, e);

	if (t1 - p >= 7 && (sc_pre(p, t1, "kernel:") || (sc_pre(p, t1, "kernel[") && t1[-1] == ':')))
		return t1;
	if (t1 >= e || t1 - p >= (long)sizeof(ll->host))
		return p;
	const char *q = t1 + 1;
	const char *t2 = sc_tok_end(q, e);

	if (t2 == q || t2[-1] != ':')
		return p;
	if ((t2 - q == 7 && sc_pre(q, t2, "kernel:")) || (sc_pre(q, t2, "kernel[") && t2[-2] == ']')) {
		sc_copy(ll->host, sizeof(ll->host), p, t1);
		return t2;
	}
	if (!may_be_foreign)
		return p;
	/* "prog:" or "prog[pid]:" of some other program */
	for (const char *c = q; c < t2 - 1; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || sc_digit(*c) ||
		      *c == '_' || *c == '-' || *c == '.' || *c == '/' || *c == '[' || *c == ']' || *c == '@'))
			return p;
	sc_copy(ll->host, sizeof(ll->host), p, t1);
	ll->foreign = true;
	return t2;
}

/* "6,1234,5678,-;text" (/dev/kmsg, journalctl -o export MESSAGE excluded) */
static const char *kmsg_record(const char *s, const char *e, struct log_line *ll)
{
	const char *p = s;
	int64_t v[3];
	int n = 0;

	while (n < 3) {
		if (!sc_int(&p, e, &v[n]) || p >= e || *p != ',')
			return NULL;
		p++;
		n++;
	}
	for (const char *q = p; q < e && q - s < 64; q++) {
		if (*q == ';') {
			if (ll->log_time < 0)
				ll->log_time = v[2] / 1e6;
			if (ll->t < 0)
				ll->t = ll->log_time;
			return q + 1;
		}
		if (!(*q == ',' || *q == '-' || *q == '+' || *q == 'c' || sc_digit(*q) ||
		      (*q >= 'a' && *q <= 'z') || *q == '='))
			return NULL;
	}
	return NULL;
}

/* "[ 123.456789]", "[T1234]", "[Sat Nov 21 10:00:00 2026]", "[2026-11-21 10:00:00]" */
static const char *bracket(const char *s, const char *e, struct log_line *ll)
{
	const char *close = memchr(s, ']', (size_t)(e - s) < 64 ? (size_t)(e - s) : 64);
	const char *p = sc_ws(s + 1, close ? close : e);

	if (!close || p >= close)
		return NULL;
	if (sc_digit(*p)) {
		/* a dmesg stamp has a dot; the task table's "[  273]" has none */
		const char *q = p;
		int dots = 0;

		for (; q < close && (sc_digit(*q) || *q == '.'); q++)
			dots += *q == '.';
		if (q == close && dots == 1) {
			/* the fraction as an integer, scaled once: a division per
			 * digit was a fifth of all line parsing */
			static const double scale[] = { 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9 };
			double v = 0;
			uint64_t frac = 0;
			int nd = 0;

			for (q = p; q < close && *q != '.'; q++)
				v = v * 10 + (*q - '0');
			for (q++; q < close && nd < 9; q++, nd++)
				frac = frac * 10 + (uint64_t)(*q - '0');
			v += (double)frac * scale[nd];
			if (ll->log_time < 0)
				ll->log_time = v;
			if (ll->t < 0)
				ll->t = v;
			return close + 1;
		}
		if (iso_stamp(p, close, ll))
			return close + 1;
		/* serial consoles: "[10:00:00.123]" */
		double secs;

		if (parse_hms(p, close, &secs) == close) {
			set_wall(ll, p, close);
			if (ll->t < 0)
				ll->t = secs;
			return close + 1;
		}
		return NULL;
	}
	/* dmesg -H: "[  +0.000123]" (relative) and "[Nov21 10:00]" */
	if (*p == '+' && p + 1 < close && sc_digit(p[1])) {
		const char *q = p + 1;

		while (q < close && (sc_digit(*q) || *q == '.'))
			q++;
		return q == close ? close + 1 : NULL;
	}
	if (close - p >= 9 && month3(p) >= 0 && sc_digit(p[3])) {
		set_wall(ll, p, close);
		return close + 1;
	}
	if ((*p == 'T' || *p == 'C') && p + 1 < close && sc_digit(p[1])) {
		const char *q = p + 1;

		while (q < close && sc_digit(*q))
			q++;
		if (q != close)
			return NULL;
		sc_copy(ll->caller, sizeof(ll->caller), p, close);
		return close + 1;
	}
	if (is_wday(p, close) && month_stamp(p + 4, close, ll)) {
		/* dmesg -T: keep the stamp whole, weekday and year too */
		ll->wall_time[0] = '\0';
		set_wall(ll, p, close);
		return close + 1;
	}
	if (iso_stamp(p, close, ll))
		return close + 1;
	/* dmesg -T in other locales ("[二 9月  3 05:57:48 2024]"): any bracket holding a clock */
	for (const char *q = p; q + 8 <= close; q++) {
		double secs;

		if (q[2] == ':' && parse_hms(q, close, &secs)) {
			set_wall(ll, p, close);
			return close + 1;
		}
	}
	return NULL;
}

/* A JSON string value after "key": [*vs, *ve), escapes left as they are */
static bool json_str(const char *s, const char *e, const char *key, const char **vs, const char **ve)
{
	const char *p = sc_find(s, e, key);

	if (!p)
		return false;
	p += strlen(key);
	for (const char *q = p; q < e; q++) {
		if (*q == '\\') {
			q++;
			continue;
		}
		if (*q == '"') {
			*vs = p;
			*ve = q;
			return true;
		}
	}
	return false;
}

/* journalctl -o json: {"MESSAGE":"...","_HOSTNAME":"...","_TRANSPORT":"kernel",...} */
static bool journal_json(struct log_line *ll, const char *s, const char *e)
{
	const char *vs, *ve;

	if (!json_str(s, e, "\"MESSAGE\":\"", &vs, &ve))
		return false;
	ll->text = vs;
	ll->end = ve;
	ll->foreign = !sc_find(s, e, "\"_TRANSPORT\":\"kernel\"");
	if (json_str(s, e, "\"_HOSTNAME\":\"", &vs, &ve))
		sc_copy(ll->host, sizeof(ll->host), vs, ve);
	if (json_str(s, e, "\"__MONOTONIC_TIMESTAMP\":\"", &vs, &ve)) {
		int64_t us;

		if (sc_int(&vs, ve, &us))
			ll->log_time = ll->t = us / 1e6;
	}
	return true;
}

void log_line__parse(struct log_line *ll, const char *s, const char *e)
{
	const char *p;

	/* per line: set only what is read, not the whole struct */
	ll->wall_time[0] = ll->host[0] = ll->caller[0] = '\0';
	ll->foreign = ll->kmsg_cont = false;
	ll->log_time = ll->t = -1;
	while (e > s && (sc_space(e[-1]) || e[-1] == '\n'))
		e--;
	if (s < e && *s == ' ' && sc_find(s, e < s + 40 ? e : s + 40, "=") &&
	    (sc_pre(s, e, " SUBSYSTEM=") || sc_pre(s, e, " DEVICE=")))
		ll->kmsg_cont = true;

	if (s < e && *s == '{' && journal_json(ll, s, e))
		return;
	/* journalctl -o export: one field per line */
	if (sc_pre(s, e, "MESSAGE="))
		s += 8;

	/* Prefixes stack ("Nov 21 10:00:00 host kernel: [ 12.3] ..."): peel until none matches. */
	for (int round = 0; round < 8; round++) {
		s = sc_ws(s, e);
		if (s >= e)
			break;
		p = NULL;
		switch (*s) {
		case '>':
			/* "> >> >>> " mail quotes, any depth */
			for (p = s; p < e && (*p == '>' || *p == ' ' || *p == '\t'); p++)
				;
			break;
		case '<':
			if (s + 2 < e && sc_digit(s[1])) {
				const char *q = s + 1;

				while (q < e && q - s < 5 && sc_digit(*q))
					q++;
				if (q < e && *q == '>')
					p = q + 1;
			}
			break;
		case '[':
			p = bracket(s, e, ll);
			if (p && p < e && *p == ':')
				p++;	/* "[2026-07-25T09:19:58.802464523Z]: " */
			/* journalctl -o short-monotonic: "[ 12.3] host kernel: " */
			if (p)
				p = host_tag(p, e, ll, false);
			break;
		case 'k':
			if (sc_pre(s, e, "kernel: ")) {
				p = s + 7;
			} else if (sc_pre(s, e, "kern ") || sc_pre(s, e, "kern:")) {
				/* dmesg -x "kern  :warn  : ", Talos "kern:    info: [time]: " */
				const char *c1 = memchr(s, ':', e - s < 16 ? e - s : 16);
				const char *c2 = c1 ? memchr(c1 + 1, ':', e - c1 - 1 < 16 ? e - c1 - 1 : 16) : NULL;

				if (c2 && c2 + 1 < e && c2[1] == ' ')
					p = c2 + 1;
			}
			break;
		default:
			if (sc_digit(*s)) {
				p = kmsg_record(s, e, ll);
				if (!p)
					p = unix_stamp(s, e, ll);
				/* dmesg --time-format=iso ("10:00:00,123456") has no host or tag */
				if (!p && (p = iso_stamp(s, e, ll)))
					p = host_tag(p, e, ll, !(s + 19 < e && s[19] == ','));
			} else if (*s >= 'A' && *s <= 'Z') {
				p = month_stamp(s, e, ll);
				if (!p && is_wday(s, e))
					p = iso_stamp(s, e, ll);
				if (p)
					p = host_tag(p, e, ll, true);
			}
			break;
		}
		if (!p || p == s)
			break;
		s = p;
		if (ll->foreign)
			break;
	}
	ll->text = sc_ws(s, e);
	ll->end = e;
}
