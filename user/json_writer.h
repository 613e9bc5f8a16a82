/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for the JSON-lines sink (and anyone else who
 * prints JSON): objects, arrays and fields written straight to a FILE, with
 * commas and string escaping handled here. One top-level value per line.
 *
 * Strings: '"', '\\' and control characters are escaped; valid UTF-8 passes
 * through; a byte that is not valid UTF-8 becomes \u00XX (its Latin-1 reading),
 * so the output is always valid JSON. Integers equal to INT64_MIN (the
 * incident model's UNKNOWN) print as null.
 */
#ifndef OOMTRACE_JSON_WRITER_H
#define OOMTRACE_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 32

struct json_writer {
	FILE *f;
	int depth;
	bool first[JW_MAX_DEPTH];	/* no value written yet at this depth */
};

void jw__init(struct json_writer *w, FILE *f);
/* One escaped JSON string (quotes included) of at most max bytes, for printers
 * that write their own punctuation. */
void json__fputs(FILE *f, const char *s, size_t max);
/* key is NULL inside arrays and for the top-level value */
void jw__object_begin(struct json_writer *w, const char *key);
void jw__object_end(struct json_writer *w);	/* ends the line at depth 0 */
void jw__array_begin(struct json_writer *w, const char *key);
void jw__array_end(struct json_writer *w);
void jw__string(struct json_writer *w, const char *key, const char *s);
void jw__string_len(struct json_writer *w, const char *key, const char *s, size_t len);
void jw__string_or_null(struct json_writer *w, const char *key, const char *s);	/* "" -> null */
void jw__int(struct json_writer *w, const char *key, int64_t v);	/* INT64_MIN -> null */
/* like jw__int, but INT64_MAX (an unset limit) is the string "max" */
void jw__limit(struct json_writer *w, const char *key, int64_t v);
void jw__uint(struct json_writer *w, const char *key, uint64_t v);
void jw__double(struct json_writer *w, const char *key, double v);	/* NaN/inf -> null */
void jw__bool(struct json_writer *w, const char *key, bool v);
void jw__null(struct json_writer *w, const char *key);
void jw__hex(struct json_writer *w, const char *key, uint64_t v);	/* "0x1a2b" */
/* escape s into buf as JSON string contents (no quotes); returns the length it needed */
size_t json__escape(const char *s, size_t len, char *buf, size_t size);

#endif
