// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output: escaping (quotes, control characters, UTF-8 passthrough,
 * invalid bytes), nulls for unknown numbers, one object per line; and a
 * whole incident through the JSON sink, read back by python3's json module.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diagnose.h"
#include "incident.h"
#include "json_writer.h"
#include "sink.h"

static void check_escape(const char *in, size_t len, const char *want, const char *name)
{
	char buf[256];

	json__escape(in, len, buf, sizeof(buf));
	CHECK_STR(buf, want, name);
}

static void test_escape(void)
{
	char buf[8];
	size_t need;

	check_escape("plain", 5, "plain", "escape: plain text unchanged");
	check_escape("a\"b\\c", 5, "a\\\"b\\\\c", "escape: quote and backslash");
	check_escape("l1\nl2\tx\r", 8, "l1\\nl2\\tx\\r", "escape: newline tab CR");
	check_escape("\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f", "escape: other control characters");
	check_escape("gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x99\x82", 16,
		     "gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x99\x82", "escape: valid UTF-8 passes through");
	check_escape("a\xff" "b", 3, "a\\u00ffb", "escape: invalid byte escaped");
	check_escape("\xc3", 1, "\\u00c3", "escape: truncated UTF-8 sequence escaped");
	check_escape("\xc0\xaf", 2, "\\u00c0\\u00af", "escape: overlong UTF-8 escaped");
	check_escape("\xed\xa0\x80", 3, "\\u00ed\\u00a0\\u0080", "escape: UTF-16 surrogate escaped");
	check_escape("a\0b", 3, "a\\u0000b", "escape: NUL inside a counted string");
	need = json__escape("0123456789", 10, buf, sizeof(buf));
	CHECK(need == 10 && strlen(buf) == 7, "escape: truncates safely", "need %zu len %zu", need, strlen(buf));
}

static char *capture(void (*fn)(FILE *f, void *arg), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fn(f, arg);
	fclose(f);
	return buf;
}

static void write_values(FILE *f, void *arg)
{
	struct json_writer w;

	(void)arg;
	jw__init(&w, f);
	jw__object_begin(&w, NULL);
	jw__int(&w, "known", 42);
	jw__int(&w, "unknown", UNKNOWN);
	jw__string_or_null(&w, "empty", "");
	jw__hex(&w, "gfp", 0xcc0);
	jw__array_begin(&w, "list");
	jw__int(&w, NULL, -1);
	jw__bool(&w, NULL, true);
	jw__null(&w, NULL);
	jw__array_end(&w);
	jw__object_begin(&w, "inner");
	jw__object_end(&w);
	jw__object_end(&w);
	jw__object_begin(&w, NULL);
	jw__string(&w, "second", "line");
	jw__object_end(&w);
}

static void test_writer(void)
{
	char *out = capture(write_values, NULL);

	CHECK_STR(out ? out : "",
		  "{\"known\":42,\"unknown\":null,\"empty\":null,\"gfp\":\"0xcc0\",\"list\":[-1,true,null],\"inner\":{}}\n"
		  "{\"second\":\"line\"}\n",
		  "writer: commas, nulls, nesting, one object per line");
	free(out);
}

static void incident_line(FILE *f, void *arg)
{
	struct sink *s = sink_json__new(f, NULL);

	s->ops->incident(s, arg);
	sink__free(s);
}

static void test_sink_roundtrip(void)
{
	struct incident inc;
	struct inc_victim *v;
	char path[] = "/tmp/oomtrace-test-json-XXXXXX";
	char cmd[2048];
	int fd, rc;
	char *out;

	incident__init(&inc, INCIDENT_OOM_KILL, SOURCE_KERNEL_LOG);
	snprintf(inc.kernel_version, sizeof(inc.kernel_version), "5.10.0");
	snprintf(inc.trigger.comm, sizeof(inc.trigger.comm), "we\"ird\n\x01name\xff");
	snprintf(inc.trigger.cgroup, sizeof(inc.trigger.cgroup), "/sys\xc3\xa9/a\\b");
	inc.trigger.pid = 7;
	inc.order = 0;
	inc.gfp_raw = 0xcc0;
	inc.swap_total_kb = 0;
	inc.swap_free_kb = 0;
	v = incident__add_victim(&inc);
	snprintf(v->task.comm, sizeof(v->task.comm), "hog");
	v->task.pid = 9;
	v->anon_rss_kb = 123456;
	diagnose__incident(&inc);
	out = capture(incident_line, &inc);
	incident__free(&inc);
	CHECK(out && strchr(out, '\n') == out + strlen(out) - 1, "sink: exactly one line per incident", "%s",
	      out ? out : "(null)");

	fd = mkstemp(path);
	if (fd < 0 || !out) {
		CHECK(0, "sink: temp file", "mkstemp failed");
		free(out);
		return;
	}
	if (write(fd, out, strlen(out)) != (ssize_t)strlen(out))
		CHECK(0, "sink: temp file write", "short write");
	close(fd);
	free(out);
	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		printf("skip - sink JSON read back by python3: python3 not installed\n");
		unlink(path);
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys\n"
		 "o=json.loads(open(sys.argv[1],encoding=\"utf-8\").read())\n"
		 "assert o[\"type\"]==\"incident\" and o[\"kind\"]==\"oom_kill\", o[\"kind\"]\n"
		 "assert o[\"trigger\"][\"comm\"]==\"we\\\"ird\\n\\x01name\\xff\", repr(o[\"trigger\"][\"comm\"])\n"
		 "assert o[\"trigger\"][\"cgroup\"]==\"/sys\\u00e9/a\\\\b\", repr(o[\"trigger\"][\"cgroup\"])\n"
		 "assert o[\"trigger\"][\"tid\"] is None and o[\"trigger\"][\"uid\"] is None\n"
		 "assert o[\"gfp\"][\"raw\"]==\"0xcc0\" and o[\"gfp\"][\"flags\"]==[\"GFP_KERNEL\"], o[\"gfp\"]\n"
		 "assert o[\"victim\"][\"anon_rss_kb\"]==123456 and o[\"victim\"][\"file_rss_kb\"] is None\n"
		 "assert o[\"swap\"]==dict(total_kb=0,free_kb=0)\n"
		 "assert [v[\"code\"] for v in o[\"verdict\"]]==[\"NO_SWAP\"], o[\"verdict\"]\n"
		 "assert o[\"memcg\"][\"usage_kb\"] is None and o[\"history\"] is None\n"
		 "' %s",
		 path);
	rc = system(cmd);
	CHECK(rc == 0, "sink: incident line parses with python3 json, values and nulls round-trip", "python3 rc %d", rc);
	unlink(path);
}

int main(void)
{
	test_escape();
	test_writer();
	test_sink_roundtrip();
	CHECK_DONE();
}
