// SPDX-License-Identifier: GPL-2.0
/* Command-line options of `oomtrace [live]` and `oomtrace record`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
	OPT_JSON = 256, OPT_SUMMARY, OPT_FEATURES, OPT_DRY_RUN, OPT_NO_ENRICH, OPT_PID, OPT_COMM,
	OPT_CGROUP, OPT_DURATION, OPT_COUNT, OPT_RINGBUF_KB, OPT_BTF, OPT_MIN_STALL, OPT_ALLOC_RATE,
	OPT_STREAM, OPT_ALL_FAILURES, OPT_MAX_SIZE, OPT_MAX_FILES, OPT_ROTATE, OPT_SHOW_ADJ, OPT_QUIET,
};

static const struct option long_opts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "features", no_argument, NULL, OPT_FEATURES },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "no-enrich", no_argument, NULL, OPT_NO_ENRICH },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "ringbuf-kb", required_argument, NULL, OPT_RINGBUF_KB },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "min-stall-ms", required_argument, NULL, OPT_MIN_STALL },
	{ "alloc-fail-rate", required_argument, NULL, OPT_ALLOC_RATE },
	{ "stream-allocs", optional_argument, NULL, OPT_STREAM },
	{ "all-failures", no_argument, NULL, OPT_ALL_FAILURES },
	{ "show-adj", no_argument, NULL, OPT_SHOW_ADJ },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "output", required_argument, NULL, 'o' },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "max-files", required_argument, NULL, OPT_MAX_FILES },
	{ "rotate-every", required_argument, NULL, OPT_ROTATE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static void usage(bool record)
{
	printf("usage: oomtrace %s[OPTIONS]\n\n", record ? "record -o FILE " : "[live] ");
	printf(record ? "Trace to a capture file; read it later with 'oomtrace report FILE...'.\n\n"
		      : "Trace OOM kills, allocation failures, reclaim and compaction; explain each kill.\n\n");
	printf("Output:\n"
	       "  --json               one JSON object per line (schema: docs/json-schema.md)\n"
	       "  --summary            print the summary of failures, reclaim and compaction at exit\n"
	       "  --min-stall-ms MS    show reclaim/compaction stalls at least this long (default 100)\n"
	       "  --show-adj           also print every oom_score_adj change\n"
	       "  --all-failures       also non-blocking failures marked __GFP_NOWARN (GFP_NOWAIT, ...)\n"
	       "  --quiet              no hook line and no exit summary on stderr\n"
	       "Filters:\n"
	       "  --pid PID            only incidents whose trigger or victim has this pid\n"
	       "  --comm NAME          only incidents whose trigger or victim has this name\n"
	       "  --cgroup PATH        only incidents in this cgroup (memory hierarchy path)\n"
	       "  --duration DUR       stop after DUR (30s, 10m, 1h)\n"
	       "  --count N            stop after N incidents\n"
	       "Kernel:\n"
	       "  --features           print what this kernel supports and exit\n"
	       "  --dry-run            show which hooks would attach, attach nothing\n"
	       "  --no-enrich          tracepoints only (no fentry/kprobe for the oom_control)\n"
	       "  --btf FILE           kernel BTF when /sys/kernel/btf/vmlinux is missing\n"
	       "  --ringbuf-kb KB      ring buffer size (default 1024; 8192 with --stream-allocs)\n"
	       "  --alloc-fail-rate N  allocation-failure records per second before suppression (default 50)\n"
	       "  --stream-allocs[=N]  stream every (Nth) page allocation (for capture files)\n");
	if (record)
		printf("Capture:\n"
		       "  -o, --output FILE    capture file (required)\n"
		       "  --max-size SIZE      rotate when a file reaches SIZE (e.g. 64M)\n"
		       "  --max-files N        keep at most N files (oldest deleted)\n"
		       "  --rotate-every DUR   rotate every DUR (e.g. 1h)\n"
		       "  SIGHUP reopens the file (logrotate).\n");
}

double parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	if (!*end || !strcmp(end, "s"))
		return v;
	if (!strcmp(end, "ms"))
		return v / 1000;
	if (!strcmp(end, "m"))
		return v * 60;
	if (!strcmp(end, "h"))
		return v * 3600;
	if (!strcmp(end, "d"))
		return v * 86400;
	return -1;
}

uint64_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v <= 0)
		return 0;
	switch (*end) {
	case '\0': return v;
	case 'k': case 'K': return v * 1024;
	case 'm': case 'M': return v * 1024 * 1024;
	case 'g': case 'G': return v * 1024 * 1024 * 1024;
	}
	return 0;
}

static int bad(const char *what, const char *value)
{
	fprintf(stderr, "oomtrace: invalid %s '%s'; see 'oomtrace --help'\n", what, value);
	return -1;
}

static bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || *end || v > UINT32_MAX)
		return false;
	*out = v;
	return true;
}

int trace_options__parse(struct trace_options *o, int argc, char **argv, bool record)
{
	bool ringbuf_given = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->ringbuf_kb = 1024;
	o->min_stall_ms = 100;
	o->alloc_fail_rate = 50;
	optind = 1;
	opterr = 0;	/* one line of our own, not getopt's */
	while ((c = getopt_long(argc, argv, record ? ":o:vh" : ":vh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: o->json = true; break;
		case OPT_SUMMARY: o->summary = true; break;
		case OPT_FEATURES: o->features = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case OPT_NO_ENRICH: o->no_enrich = true; break;
		case OPT_SHOW_ADJ: o->show_adj = true; break;
		case OPT_QUIET: o->quiet = true; break;
		case OPT_PID: {
			char *end;

			o->filter.pid = strtoll(optarg, &end, 10);
			if (end == optarg || *end || o->filter.pid <= 0)
				return bad("pid", optarg);
			break;
		}
		case OPT_COMM: snprintf(o->filter.comm, sizeof(o->filter.comm), "%s", optarg); break;
		case OPT_CGROUP: snprintf(o->filter.cgroup, sizeof(o->filter.cgroup), "%s", optarg); break;
		case OPT_DURATION:
			o->duration_s = parse_duration(optarg);
			if (o->duration_s <= 0)
				return bad("duration", optarg);
			break;
		case OPT_COUNT: {
			char *end;

			o->count = strtoull(optarg, &end, 10);
			if (end == optarg || *end || !o->count)
				return bad("count", optarg);
			break;
		}
		case OPT_RINGBUF_KB:
			ringbuf_given = true;
			if (!parse_u32(optarg, &o->ringbuf_kb) || o->ringbuf_kb < 4)
				return bad("ring buffer size (KB, at least 4)", optarg);
			break;
		case OPT_BTF: o->btf_path = optarg; break;
		case OPT_MIN_STALL: {
			uint32_t v;

			if (!parse_u32(optarg, &v))
				return bad("--min-stall-ms", optarg);
			o->min_stall_ms = v;
			break;
		}
		case OPT_ALLOC_RATE:
			if (!parse_u32(optarg, &o->alloc_fail_rate))
				return bad("--alloc-fail-rate", optarg);
			break;
		case OPT_ALL_FAILURES: o->filter.all_failures = true; break;
		case OPT_STREAM:
			o->stream_every = 1;
			if (optarg && (!parse_u32(optarg, &o->stream_every) || !o->stream_every))
				return bad("--stream-allocs", optarg);
			break;
		case 'o':
			if (!record)
				return bad("option", "-o (only with 'record')");
			o->output = optarg;
			break;
		case OPT_MAX_SIZE:
			o->max_size = parse_size(optarg);
			if (!record || !o->max_size)
				return bad("--max-size", optarg);
			break;
		case OPT_MAX_FILES:
			if (!record || !parse_u32(optarg, &o->max_files) || !o->max_files)
				return bad("--max-files", optarg);
			break;
		case OPT_ROTATE:
			o->rotate_every_s = parse_duration(optarg);
			if (!record || o->rotate_every_s <= 0)
				return bad("--rotate-every", optarg);
			break;
		case 'v': o->verbose++; break;
		case 'h': usage(record); return 1;
		case ':':
			fprintf(stderr, "oomtrace: option '%s' needs a value; see 'oomtrace %s--help'\n",
				argv[optind - 1], record ? "record " : "");
			return -1;
		default:
			fprintf(stderr, "oomtrace: unknown option '%s'; see 'oomtrace %s--help'\n", argv[optind - 1],
				record ? "record " : "");
			return -1;
		}
	}
	/* every allocation through the ring buffer, ~26 B each in batches (~36 MB/s
	 * from one busy CPU): 1 MB would overflow within milliseconds, 8 MB holds
	 * ~200 ms in case the reader is held up. Mapped twice, so twice in RSS. */
	if (o->stream_every && !ringbuf_given)
		o->ringbuf_kb = 8192;
	if (optind < argc) {
		fprintf(stderr, "oomtrace: unexpected argument '%s'; see 'oomtrace --help'\n", argv[optind]);
		return -1;
	}
	if (record && !o->output && !o->features && !o->dry_run) {
		fprintf(stderr, "oomtrace: record needs -o FILE; see 'oomtrace record --help'\n");
		return -1;
	}
	return 0;
}
