// SPDX-License-Identifier: GPL-2.0
/* Streaming JSON output: see json_writer.h. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "json_writer.h"

void jw__init(struct json_writer *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->first[0] = true;
}

/* length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one */
static size_t utf8__seq_len(const unsigned char *s, size_t left)
{
	size_t n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF are not valid UTF-8 */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

size_t json__escape(const char *str, size_t len, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t out = 0;
	char tmp[8];

#define EMIT(p, l)                                                      \
	do {                                                            \
		for (size_t k_ = 0; k_ < (l); k_++, out++)              \
			if (out + 1 < size)                             \
				buf[out] = (p)[k_];                     \
	} while (0)

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;

		if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = c;
			EMIT(tmp, 2);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			const char *e = NULL;

			switch (c) {
			case '\n': e = "\\n"; break;
			case '\t': e = "\\t"; break;
			case '\r': e = "\\r"; break;
			case '\b': e = "\\b"; break;
			case '\f': e = "\\f"; break;
			}
			if (e) {
				EMIT(e, 2);
			} else {
				snprintf(tmp, sizeof(tmp), "\\u%04x", c);
				EMIT(tmp, 6);
			}
			i++;
			continue;
		}
		n = utf8__seq_len(s + i, len - i);
		if (n == 0) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);	/* invalid byte: its Latin-1 reading */
			EMIT(tmp, 6);
			i++;
			continue;
		}
		EMIT((const char *)s + i, n);
		i += n;
	}
	if (size)
		buf[out < size ? out : size - 1] = '\0';
#undef EMIT
	return out;
}

static void jw__put_string(struct json_writer *w, const char *s, size_t len)
{
	char buf[512];
	size_t i = 0;

	fputc('"', w->f);
	/* in chunks, split only where a chunk boundary cannot cut an escape or a UTF-8 sequence */
	while (i < len) {
		size_t chunk = len - i < 64 ? len - i : 64;

		while (chunk < len - i && chunk > 1 && ((unsigned char)s[i + chunk] & 0xc0) == 0x80)
			chunk--;
		json__escape(s + i, chunk, buf, sizeof(buf));
		fputs(buf, w->f);
		i += chunk;
	}
	fputc('"', w->f);
}

void json__fputs(FILE *f, const char *s, size_t max)
{
	struct json_writer w;

	jw__init(&w, f);
	jw__put_string(&w, s, strnlen(s, max));
}

static void jw__key(struct json_writer *w, const char *key)
{
	if (!w->first[w->depth])
		fputc(',', w->f);
	w->first[w->depth] = false;
	if (key) {
		jw__put_string(w, key, strlen(key));
		fputc(':', w->f);
	}
}

static void jw__open(struct json_writer *w, const char *key, char c)
{
	jw__key(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void jw__close(struct json_writer *w, char c)
{
	fputc(c, w->f);
	if (w->depth > 0)
		w->depth--;
	if (w->depth == 0) {
		fputc('\n', w->f);
		w->first[0] = true;	/* next top-level value starts a new line, no comma */
	}
}

void jw__object_begin(struct json_writer *w, const char *key) { jw__open(w, key, '{'); }
void jw__object_end(struct json_writer *w) { jw__close(w, '}'); }
void jw__array_begin(struct json_writer *w, const char *key) { jw__open(w, key, '['); }
void jw__array_end(struct json_writer *w) { jw__close(w, ']'); }

void jw__string_len(struct json_writer *w, const char *key, const char *s, size_t len)
{
	jw__key(w, key);
	jw__put_string(w, s, len);
}

void jw__string(struct json_writer *w, const char *key, const char *s)
{
	jw__string_len(w, key, s ? s : "", s ? strlen(s) : 0);
}

void jw__string_or_null(struct json_writer *w, const char *key, const char *s)
{
	if (!s || !*s)
		jw__null(w, key);
	else
		jw__string(w, key, s);
}

void jw__int(struct json_writer *w, const char *key, int64_t v)
{
	jw__key(w, key);
	if (v == INT64_MIN)
		fputs("null", w->f);
	else
		fprintf(w->f, "%" PRId64, v);
}

void jw__limit(struct json_writer *w, const char *key, int64_t v)
{
	if (v == INT64_MAX) {	/* UNLIMITED: cgroup "max" */
		jw__key(w, key);
		fputs("\"max\"", w->f);
		return;
	}
	jw__int(w, key, v);
}

void jw__uint(struct json_writer *w, const char *key, uint64_t v)
{
	jw__key(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void jw__double(struct json_writer *w, const char *key, double v)
{
	jw__key(w, key);
	if (isnan(v) || isinf(v))
		fputs("null", w->f);
	else
		fprintf(w->f, "%.6g", v);
}

void jw__bool(struct json_writer *w, const char *key, bool v)
{
	jw__key(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jw__null(struct json_writer *w, const char *key)
{
	jw__key(w, key);
	fputs("null", w->f);
}

void jw__hex(struct json_writer *w, const char *key, uint64_t v)
{
	jw__key(w, key);
	fprintf(w->f, "\"0x%" PRIx64 "\"", v);
}
