// SPDX-License-Identifier: GPL-2.0
/*
 * oomtrace report FILE...: replay capture files through the same pipeline as
 * a live run (correlate → diagnose → sinks). Several files (a rotated set)
 * are read as one stream, ordered by their headers, not by their names.
 * Needs no privileges and no BPF: the kernel names come from the capture.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "capture_reader.h"
#include "commands.h"
#include "decode.h"
#include "events.h"
#include "incident.h"
#include "pipeline.h"
#include "record_check.h"
#include "report_allocs.h"
#include "sink.h"
#include "sink_records.h"
#include "sink_compaction.h"
#include "sink_slowpath.h"
#include "stream_batch.h"

#define MAX_FILES 4096

struct report_opts {
	bool json;
	bool stats;
	bool dump;
	bool allocs;
	bool info;
	bool quiet;
	bool show_adj;
	struct pipeline_filter filter;
	struct sink_options sink;
};

struct input {
	const char *path;
	struct capture_reader *r;
	const struct capture_info *info;
	int argi;
	uint64_t session_start;	/* earliest creation time among files of its session */
	uint64_t mtime_ns;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: oomtrace report [OPTIONS] FILE...\n"
		"Replay capture files written by 'oomtrace record' through the same analysis as a\n"
		"live run. Rotated files (FILE, FILE.1, ...) may be given in any order.\n\n"
		"output:\n"
		"  -j, --json           JSON lines instead of text\n"
		"      --stats          capture statistics only: records, bytes, bytes/record,\n"
		"                       compression ratio, bytes per hour (with --json: one object)\n"
		"      --dump           one line per record (type, size, time), no analysis; streamed\n"
		"                       allocations one per line (thread, order, migratetype, GFP)\n"
		"      --allocs         who was allocating (--stream-allocs captures): by thread,\n"
		"                       order and migratetype, whole capture and the second before\n"
		"                       each OOM kill\n"
		"      --info           the file headers: host, kernel, boot, times, hooks; no analysis\n"
		"      --min-stall-ms MS  show reclaim/compaction stalls at least this long (default 100)\n"
		"      --show-adj       also print every oom_score_adj change\n"
		"  -v, --verbose        more detail\n"
		"  -q, --quiet          no warnings about damaged or truncated files\n"
		"filters:\n"
		"  -p, --pid PID        incidents involving this process or thread\n"
		"  -c, --comm COMM      incidents involving this command name\n"
		"  -g, --cgroup PATH    incidents in this cgroup or below\n");
}

static void warn_quiet(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	(void)path;
	(void)msg;
}

static int input__cmp(const void *a, const void *b)
{
	const struct input *x = a, *y = b;
	int c;

	/* damaged headers go last, in the order given */
	if (x->info->header_ok != y->info->header_ok)
		return x->info->header_ok ? -1 : 1;
	if (!x->info->header_ok)
		return x->argi - y->argi;
	if (x->session_start != y->session_start)
		return x->session_start < y->session_start ? -1 : 1;
	c = memcmp(x->info->hdr.session_id, y->info->hdr.session_id, sizeof(x->info->hdr.session_id));
	if (c)
		return c;
	if (x->info->hdr.file_seq != y->info->hdr.file_seq)
		return x->info->hdr.file_seq < y->info->hdr.file_seq ? -1 : 1;
	return x->argi - y->argi;
}

static void inputs__order(struct input *in, int n)
{
	for (int i = 0; i < n; i++) {
		in[i].session_start = in[i].info->hdr.created_realtime_ns;
		for (int j = 0; j < n; j++)
			if (in[j].info->header_ok &&
			    !memcmp(in[j].info->hdr.session_id, in[i].info->hdr.session_id,
				    sizeof(in[i].info->hdr.session_id)) &&
			    in[j].info->hdr.created_realtime_ns < in[i].session_start)
				in[i].session_start = in[j].info->hdr.created_realtime_ns;
	}
	qsort(in, n, sizeof(*in), input__cmp);
}

/* Consecutive files of one recording should continue each other's numbers. */
static void inputs__check_gaps(const struct input *in, int n, bool quiet)
{
	for (int i = 1; i < n && !quiet; i++) {
		const struct capture_file_header *a = &in[i - 1].info->hdr, *b = &in[i].info->hdr;

		if (!in[i].info->header_ok || !in[i - 1].info->header_ok)
			continue;
		if (in[0].info->header_ok && strcmp(in[0].info->hdr.kernel_release, b->kernel_release))
			fprintf(stderr, "oomtrace: %s was recorded on kernel %s, %s on %s; "
				"numbers are decoded with the names of the first\n",
				in[i].path, b->kernel_release, in[0].path, in[0].info->hdr.kernel_release);
		if (memcmp(a->session_id, b->session_id, sizeof(a->session_id))) {
			if (strcmp(a->boot_id, b->boot_id))
				fprintf(stderr, "oomtrace: %s and %s come from different boots; their times are not comparable\n",
					in[i - 1].path, in[i].path);
			continue;
		}
		if (b->file_seq != a->file_seq + 1)
			fprintf(stderr, "oomtrace: %s follows %s, but %" PRIu64 " file(s) of that recording are missing "
				"(rotated away or not given)\n", in[i].path, in[i - 1].path,
				(uint64_t)(b->file_seq - a->file_seq - 1));
	}
}

static const char *type__name(uint16_t t)
{
	switch (t) {
	case EV_OOM_VICTIM: return "oom_victim";
	case EV_OOM_INVOKE: return "oom_invoke";
	case EV_OOM_REAPER: return "oom_reaper";
	case EV_OOM_SCORE_ADJ: return "oom_score_adj";
	case EV_ALLOC_FAIL: return "alloc_fail";
	case EV_RECLAIM: return "reclaim";
	case EV_KSWAPD: return "kswapd";
	case EV_THROTTLED: return "throttled";
	case EV_RETRY_ZONE: return "retry_zone";
	case EV_COMPACT_RETRY: return "compact_retry";
	case EV_EXTFRAG: return "extfrag";
	case EV_PAGE_ALLOC: return "page_alloc";
	case EV_PAGE_ALLOC_BATCH: return "page_alloc_batch";
	case EV_WARN_ALLOC: return "warn_alloc";
	case EV_COMPACT_TRY: return "compact_try";
	case EV_COMPACT_ZONE: return "compact_zone";
	case EV_COMPACT_DEFER: return "compact_defer";
	case EV_KCOMPACTD: return "kcompactd";
	case EV_MEM_SNAPSHOT: return "mem_snapshot";
	case EV_DROPS: return "drops";
	case EV_COUNTERS: return "counters";
	case EV_CGROUP_NAME: return "cgroup_name";
	case EV_STACK: return "stack";
	case EV_CAPTURE_LOST: return "capture_lost";
	default: return "unknown";
	}
}

struct type_count {
	uint16_t type;
	uint64_t n, bytes;
};

struct totals {
	uint64_t files, file_bytes, records, raw_bytes, stored_bytes, blocks;
	uint64_t bad_blocks, skipped, tail, bad_records, missing_blocks, lost;
	uint64_t first_ts, last_ts;
	uint64_t start_realtime, end_realtime;	/* creation of the first file .. last mtime */
	struct type_count types[64];
	int nr_types;
};

/* Counted by event: a batch of streamed allocations counts as its items, under page_alloc. */
static void totals__type(struct totals *t, const struct event_header *h)
{
	uint16_t type = h->type == EV_PAGE_ALLOC_BATCH ? EV_PAGE_ALLOC : h->type;
	uint32_t n = record__items(h);

	for (int i = 0; i < t->nr_types; i++)
		if (t->types[i].type == type) {
			t->types[i].n += n;
			t->types[i].bytes += h->size;
			return;
		}
	if (t->nr_types < (int)(sizeof(t->types) / sizeof(t->types[0])))
		t->types[t->nr_types++] = (struct type_count){ type, n, h->size };
}

static void totals__file(struct totals *t, const struct input *in)
{
	const struct capture_read_stats *s = capture_reader__stats(in->r);

	t->files++;
	t->file_bytes += s->file_size;
	t->records += s->records;
	t->raw_bytes += s->raw_bytes;
	t->stored_bytes += s->stored_bytes;
	t->blocks += s->blocks;
	t->bad_blocks += s->bad_blocks;
	t->skipped += s->skipped_bytes;
	t->tail += s->tail_bytes;
	t->bad_records += s->bad_records;
	t->missing_blocks += s->missing_blocks;
	t->lost += s->lost_records;
	if (s->records) {
		if (!t->first_ts || s->first_ts < t->first_ts)
			t->first_ts = s->first_ts;
		if (s->last_ts > t->last_ts)
			t->last_ts = s->last_ts;
	}
	if (in->info->header_ok &&
	    (!t->start_realtime || in->info->hdr.created_realtime_ns < t->start_realtime))
		t->start_realtime = in->info->hdr.created_realtime_ns;
	if (in->mtime_ns > t->end_realtime)
		t->end_realtime = in->mtime_ns;
}

static void totals__print(const struct totals *t, bool json)
{
	double span = t->end_realtime > t->start_realtime && t->start_realtime ?
		      (t->end_realtime - t->start_realtime) / 1e9 : 0;
	double covered = t->last_ts > t->first_ts ? (t->last_ts - t->first_ts) / 1e9 : 0;
	double per_rec = t->records ? (double)t->file_bytes / t->records : 0;
	double raw_per_rec = t->records ? (double)t->raw_bytes / t->records : 0;
	double ratio = t->stored_bytes ? (double)t->raw_bytes / t->stored_bytes : 0;
	/* per hour: blocks only; the file header is a fixed cost per file */
	double per_hour = span > 0 ? t->stored_bytes / span * 3600 : 0;

	if (json) {
		printf("{\"files\":%" PRIu64 ",\"file_bytes\":%" PRIu64 ",\"block_bytes\":%" PRIu64
		       ",\"records\":%" PRIu64
		       ",\"raw_bytes\":%" PRIu64 ",\"blocks\":%" PRIu64 ",\"bytes_per_record\":%.2f"
		       ",\"raw_bytes_per_record\":%.2f,\"compression_ratio\":%.2f"
		       ",\"recorded_seconds\":%.3f,\"records_span_seconds\":%.3f,\"bytes_per_hour\":%.0f"
		       ",\"damaged_blocks\":%" PRIu64 ",\"skipped_bytes\":%" PRIu64 ",\"tail_bytes\":%" PRIu64
		       ",\"bad_records\":%" PRIu64 ",\"missing_blocks\":%" PRIu64 ",\"lost_records\":%" PRIu64
		       ",\"types\":{",
		       t->files, t->file_bytes, t->stored_bytes, t->records, t->raw_bytes, t->blocks, per_rec, raw_per_rec, ratio,
		       span, covered, per_hour, t->bad_blocks, t->skipped, t->tail, t->bad_records,
		       t->missing_blocks, t->lost);
		for (int i = 0; i < t->nr_types; i++)
			printf("%s\"%s\":{\"records\":%" PRIu64 ",\"bytes\":%" PRIu64 "}", i ? "," : "",
			       type__name(t->types[i].type), t->types[i].n, t->types[i].bytes);
		printf("}}\n");
		return;
	}
	printf("files               %" PRIu64 "\n", t->files);
	printf("records             %" PRIu64 " in %" PRIu64 " blocks\n", t->records, t->blocks);
	printf("file bytes          %" PRIu64 " (%" PRIu64 " in blocks, the rest file headers)\n",
	       t->file_bytes, t->stored_bytes);
	printf("bytes/record        %.1f on disk, %.1f uncompressed\n", per_rec, raw_per_rec);
	printf("compression         %.2fx\n", ratio);
	printf("recorded            %.1f s (file creation .. last write); records span %.1f s\n", span, covered);
	printf("bytes/hour          %.0f (blocks; plus one file header per file)\n", per_hour);
	printf("damaged             %" PRIu64 " blocks, %" PRIu64 " bytes skipped, %" PRIu64
	       " bytes unusable at the end, %" PRIu64 " bad records, %" PRIu64 " blocks missing\n",
	       t->bad_blocks, t->skipped, t->tail, t->bad_records, t->missing_blocks);
	printf("lost by recorder    %" PRIu64 " records\n", t->lost);
	for (int i = 0; i < t->nr_types; i++)
		printf("  %-16s  %10" PRIu64 " records %12" PRIu64 " bytes\n", type__name(t->types[i].type),
		       t->types[i].n, t->types[i].bytes);
}

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "stats", no_argument, NULL, 'S' },
		{ "dump", no_argument, NULL, 'D' },
		{ "allocs", no_argument, NULL, 'L' },
		{ "info", no_argument, NULL, 'I' },
		{ "min-stall-ms", required_argument, NULL, 'm' },
		{ "show-adj", no_argument, NULL, 'A' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "cgroup", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char *end;
	int c;

	o->sink.min_stall_ms = 100;	/* as live */
	optind = 1;
	while ((c = getopt_long(argc, argv, "jvqp:c:g:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'S': o->stats = true; break;
		case 'D': o->dump = true; break;
		case 'L': o->allocs = true; break;
		case 'I': o->info = true; break;
		case 'A': o->show_adj = true; break;
		case 'v': o->sink.verbose++; break;
		case 'q': o->quiet = true; break;
		case 'm':
			o->sink.min_stall_ms = strtol(optarg, &end, 10);
			if (*end || o->sink.min_stall_ms < 0) {
				fprintf(stderr, "oomtrace: --min-stall-ms '%s' is not a number of milliseconds\n", optarg);
				return -1;
			}
			break;
		case 'p':
			o->filter.pid = strtoll(optarg, &end, 10);
			if (*end || o->filter.pid <= 0) {
				fprintf(stderr, "oomtrace: --pid '%s' is not a process id\n", optarg);
				return -1;
			}
			break;
		case 'c': snprintf(o->filter.comm, sizeof(o->filter.comm), "%s", optarg); break;
		case 'g': snprintf(o->filter.cgroup, sizeof(o->filter.cgroup), "%s", optarg); break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (o->allocs && (o->filter.pid || o->filter.comm[0] || o->filter.cgroup[0])) {
		fprintf(stderr, "oomtrace: --allocs counts every thread; --pid, --comm and --cgroup do not apply to it\n");
		return -1;
	}
	if (optind >= argc) {
		fprintf(stderr, "oomtrace: report needs at least one capture file; try 'oomtrace report --help'\n");
		return -1;
	}
	if (argc - optind > MAX_FILES) {
		fprintf(stderr, "oomtrace: too many files (%d, at most %d)\n", argc - optind, MAX_FILES);
		return -1;
	}
	return 0;
}

static double dump__wall(const struct input *in, uint64_t ts_ns)
{
	const struct capture_file_header *fh = &in->info->hdr;

	return in->info->header_ok ?
	       (fh->created_realtime_ns + (double)((int64_t)(ts_ns - fh->created_monotonic_ns))) / 1e9 : 0;
}

struct dump_ctx {
	const struct input *in;
	const struct kernel_names *names;
};

/* A streamed allocation: who, what order, which flags, where it came from. */
static void dump__alloc(void *ctx, const struct ev_page_alloc *a)
{
	const struct dump_ctx *d = ctx;
	char gfp[256];

	gfp__format(d->names, a->gfp, gfp, sizeof(gfp));
	printf("%.6f %.6f cpu%u   alloc tid %u order %u %s %s ", a->h.ts_ns / 1e9, dump__wall(d->in, a->h.ts_ns),
	       a->h.cpu, a->pid, a->order, migratetype__name(d->names, a->migratetype), gfp);
	if (a->pfn == ~0ull)
		printf("failed\n");
	else
		printf("%s 0x%llx\n", a->pad[0] & PAGE_ALLOC_PFN_IS_PAGE ? "page" : "pfn", (unsigned long long)a->pfn);
}

static void dump__record(const struct input *in, const struct kernel_names *names, const struct event_header *h)
{
	struct dump_ctx d = { in, names };

	printf("%.6f %.6f cpu%u %-14s v%u %u bytes", h->ts_ns / 1e9, dump__wall(in, h->ts_ns), h->cpu,
	       type__name(h->type), h->version, h->size);
	if (h->type == EV_PAGE_ALLOC_BATCH)
		printf(", %u allocations", record__items(h));
	putchar('\n');
	stream_batch__each(h, dump__alloc, &d);
}

/* CLOCK_REALTIME - CLOCK_MONOTONIC when the file was made; 0: its header is damaged. */
static int64_t info__clock_offset(const struct capture_info *info)
{
	return info->header_ok ? (int64_t)(info->hdr.created_realtime_ns - info->hdr.created_monotonic_ns) : 0;
}

/* The names the file carries, else the built-in table for its kernel release. */
static void names__for_input(const struct capture_info *info, struct kernel_names *names)
{
	if (info->has_names)
		*names = info->names;	/* keeps its source: a table era matters for decoding */
	else
		kernel_names__for_version(names, info->header_ok ? info->hdr.kernel_release : "");
}

static void info__print(const struct input *in)
{
	const struct capture_info *info = in->info;
	const struct capture_file_header *h = &info->hdr;
	time_t secs = h->created_realtime_ns / 1000000000ull;
	char when[64] = "?";
	struct tm tm;

	printf("%s\n", in->path);
	if (!info->header_ok) {
		printf("  header      damaged: host, kernel and names unknown\n");
		return;
	}
	if (gmtime_r(&secs, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("  recording   session %02x%02x%02x%02x%02x%02x%02x%02x, file %" PRIu64 ", blocks from %" PRIu64 "\n",
	       h->session_id[0], h->session_id[1], h->session_id[2], h->session_id[3], h->session_id[4],
	       h->session_id[5], h->session_id[6], h->session_id[7], (uint64_t)h->file_seq,
	       (uint64_t)h->first_block_seq);
	printf("  host        %s, kernel %s (%s), page size %u\n", h->hostname, h->kernel_release, h->machine,
	       h->page_size);
	printf("  boot id     %s\n", h->boot_id);
	printf("  created     %s (monotonic %.3f s)\n", when, h->created_monotonic_ns / 1e9);
	printf("  written by  %s, blocks of %u bytes\n", h->tool_version, h->block_size);
	if (info->has_names)
		printf("  names       carried in the file (from %.*s)\n", (int)sizeof(info->names.source),
		       info->names.source[0] ? info->names.source : "?");
	else
		printf("  names       not in the file: built-in table for its kernel release\n");
	printf("  hooks       %s\n", info->hooks[0] ? info->hooks : "(not given)");
}

static struct pipeline *pipeline__for_replay(const struct report_opts *o, const struct input *first,
					     struct kernel_names *names)
{
	const struct capture_info *info = first->info;
	struct record_print_options ro = { .json = o->json, .show_adj = o->show_adj,
					   .min_stall_ms = o->sink.min_stall_ms };
	struct pipeline *p;
	struct sink *s;

	names__for_input(info, names);
	p = pipeline__new(names, &o->filter);
	if (!p)
		return NULL;
	pipeline__set_origin(p, SOURCE_CAPTURE, info->header_ok ? info->hdr.kernel_release : "",
			     info->header_ok ? info->hdr.hostname : "");
	if (info->header_ok)
		pipeline__set_clock(p, info__clock_offset(info));
	/* the same sinks, in the same order, as 'oomtrace live' */
	pipeline__add_sink(p, sink_records__new(stdout, &ro));
	pipeline__add_sink(p, sink_compaction__new(stdout, &ro));
	pipeline__add_sink(p, sink_slowpath__new(stdout, &ro, false));
	s = o->json ? sink_json__new(stdout, &o->sink) : sink_text__new(stdout, &o->sink);
	if (!s) {
		pipeline__free(p);
		return NULL;
	}
	pipeline__add_sink(p, s);
	return p;
}

/* The windows before each kill are known only once the kills are: read again. */
static void allocs__second_pass(struct report_allocs *ra, const struct input *in, int n)
{
	for (int i = 0; i < n; i++) {
		const struct event_header *h;
		struct capture_reader *r;
		char err[256];

		r = capture_reader__open(in[i].path, warn_quiet, NULL, err, sizeof(err));
		if (!r) {
			fprintf(stderr, "oomtrace: %s: %s\n", in[i].path, err);
			continue;
		}
		while (capture_reader__next(r, &h) == 1)
			report_allocs__second(ra, h);
		capture_reader__free(r);
	}
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct kernel_names names;
	struct totals t = { 0 };
	struct pipeline *p = NULL;
	struct report_allocs *ra = NULL;
	struct input *in;
	int n = 0, failed = 0, ret = 0;

	if (parse_opts(argc, argv, &o))
		return 2;
	in = calloc(argc - optind, sizeof(*in));
	if (!in) {
		fprintf(stderr, "oomtrace: out of memory\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		char err[512];
		struct stat st;

		in[n].r = capture_reader__open(argv[i], o.quiet ? warn_quiet : NULL, NULL, err, sizeof(err));
		if (!in[n].r) {
			fprintf(stderr, "oomtrace: %s: %s\n", argv[i], err);
			failed++;
			continue;
		}
		in[n].path = argv[i];
		in[n].info = capture_reader__info(in[n].r);
		in[n].argi = i;
		if (stat(argv[i], &st) == 0)
			in[n].mtime_ns = st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec;
		n++;
	}
	if (!n) {
		free(in);
		return 1;
	}
	inputs__order(in, n);
	inputs__check_gaps(in, n, o.quiet);

	if (o.info) {
		for (int i = 0; i < n; i++)
			info__print(&in[i]);
		goto out;
	}
	if (o.dump || o.allocs)
		names__for_input(in[0].info, &names);
	if (o.allocs && !(ra = report_allocs__new(&names))) {
		fprintf(stderr, "oomtrace: out of memory\n");
		ret = 1;
		goto out;
	}
	if (!o.stats && !o.dump && !o.allocs) {
		p = pipeline__for_replay(&o, &in[0], &names);
		if (!p) {
			fprintf(stderr, "oomtrace: cannot set up the analysis: out of memory\n");
			ret = 1;
			goto out;
		}
	}

	for (int i = 0; i < n; i++) {
		const struct capture_read_stats *s;
		const struct event_header *h;
		uint64_t last_tick = 0;
		int err;

		while ((err = capture_reader__next(in[i].r, &h)) == 1) {
			if (o.stats)
				totals__type(&t, h);
			if (o.dump)
				dump__record(&in[i], &names, h);
			if (ra)
				report_allocs__first(ra, h);
			if (!p)
				continue;
			/* time passes in the replay as it did live: let pending state expire */
			if (h->ts_ns > last_tick) {
				pipeline__tick(p, h->ts_ns);
				last_tick = h->ts_ns;
			}
			pipeline__feed(p, h, h->size);
		}
		if (err < 0) {
			fprintf(stderr, "oomtrace: %s: read failed: %s\n", in[i].path, strerror(-err));
			ret = 1;
		}
		s = capture_reader__stats(in[i].r);
		if (s->skipped_bytes || s->tail_bytes || s->bad_records)
			fprintf(stderr, "oomtrace: %s: %" PRIu64 " records read; %" PRIu64 " damaged bytes skipped, %"
				PRIu64 " bytes at the end unusable, %" PRIu64 " bad records\n",
				in[i].path, s->records, s->skipped_bytes, s->tail_bytes, s->bad_records);
		if (s->lost_records)
			fprintf(stderr, "oomtrace: %s: the recorder lost %" PRIu64 " records (write errors)\n",
				in[i].path, s->lost_records);
		totals__file(&t, &in[i]);
	}
	if (p) {
		pipeline__finish(p);
		if (pipeline__malformed(p))
			fprintf(stderr, "oomtrace: %" PRIu64 " malformed records ignored\n", pipeline__malformed(p));
		pipeline__free(p);
	}
	if (o.stats)
		totals__print(&t, o.json);
	if (ra) {
		if (report_allocs__kills(ra))
			allocs__second_pass(ra, in, n);
		report_allocs__print(ra, info__clock_offset(in[0].info), o.json);
		report_allocs__free(ra);
	}
out:
	for (int i = 0; i < n; i++)
		capture_reader__free(in[i].r);
	free(in);
	fflush(stdout);
	return ret ? ret : failed ? 1 : 0;
}
