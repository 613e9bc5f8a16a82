/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny hand-written scanners shared by the kernel-log parsers. No regex:
 * explain must read well over 100 MB/s of log text on one core.
 * Every function takes [s, e) and never reads past e.
 */
#ifndef OOMTRACE_LOGPARSE_SCAN_H
#define OOMTRACE_LOGPARSE_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline bool sc_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool sc_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static inline char sc_lower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static inline const char *sc_ws(const char *s, const char *e)
{
	while (s < e && sc_space(*s))
		s++;
	return s;
}

/* Does [s,e) start with lit? */
static inline bool sc_pre(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && memcmp(s, lit, n) == 0;
}

/* Same, ASCII case-insensitive. */
static inline bool sc_prei(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(e - s) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (sc_lower(s[i]) != sc_lower(lit[i]))
			return false;
	return true;
}

/* lit in [s,e), found by memchr for its byte k and a memcmp around it: for
 * the literals looked for on every line, k names a byte that is rare in log
 * text ('-' or 'v', not the 'o' found every few bytes). memmem's setup costs
 * more than a log line's search. */
static inline const char *sc_find_at(const char *s, const char *e, const char *lit, size_t k)
{
	size_t n = strlen(lit);

	if (k >= n || (size_t)(e - s) < n)
		return NULL;
	for (const char *p = s + k, *last = e - n + k; p <= last; p++) {
		p = memchr(p, lit[k], last - p + 1);
		if (!p)
			return NULL;
		if (!memcmp(p - k, lit, n))
			return p - k;
	}
	return NULL;
}

static inline const char *sc_find(const char *s, const char *e, const char *lit)
{
	return sc_find_at(s, e, lit, 0);
}

/* Decimal (optionally negative), saturating at +-2^62. *pp moves past it. */
static inline bool sc_int(const char **pp, const char *e, int64_t *out)
{
	const char *s = *pp;
	bool neg = false;
	int64_t v = 0;

	if (s < e && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	if (s >= e || !sc_digit(*s))
		return false;
	while (s < e && sc_digit(*s)) {
		if (v < (INT64_C(1) << 58))
			v = v * 10 + (*s - '0');
		else
			v = INT64_C(1) << 62;
		s++;
	}
	*out = neg ? -v : v;
	*pp = s;
	return true;
}

static inline bool sc_hex(const char **pp, const char *e, int64_t *out)
{
	const char *s = *pp;
	uint64_t v = 0;
	int n = 0;

	if (e - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < e; s++, n++) {
		char c = sc_lower(*s);
		int d;

		if (sc_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			break;
		if (n < 16)
			v = (v << 4) | (uint64_t)d;
	}
	if (!n)
		return false;
	*out = (int64_t)(v & INT64_MAX);
	*pp = s;
	return true;
}

/* A number right after "key" somewhere in [s,e): "free:1234kB" -> 1234. */
static inline bool sc_after(const char *s, const char *e, const char *key, int64_t *out)
{
	const char *p = sc_find(s, e, key);

	if (!p)
		return false;
	p += strlen(key);
	p = sc_ws(p, e);
	return sc_int(&p, e, out);
}

/* Copy [s,e) into dst (size n), trimmed of blanks, always NUL-terminated. */
static inline void sc_copy(char *dst, size_t n, const char *s, const char *e)
{
	s = sc_ws(s, e);
	while (e > s && sc_space(e[-1]))
		e--;
	/* an end before the start (a phrase found overlapping its prefix) is empty */
	size_t len = e > s ? (size_t)(e - s) : 0;

	if (!n)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* End of the whitespace-delimited token at s. */
static inline const char *sc_tok_end(const char *s, const char *e)
{
	while (s < e && !sc_space(*s))
		s++;
	return s;
}

#endif
