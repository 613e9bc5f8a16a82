// SPDX-License-Identifier: GPL-2.0
/*
 * Live: load bpf/compaction.bpf.c's programs (only those), write
 * /proc/sys/vm/compact_memory from this process, and check what came back
 * against the kernel's own view:
 *   - one EV_COMPACT_ZONE per populated zone of every node, from this task,
 *     origin manual, order -1, with the zone's pfn span from /proc/zoneinfo;
 *   - every zone's begin..end inside the write() and plausible;
 *   - the scanners' totals equal the /proc/vmstat deltas where both count
 *     the same thing (order -1 takes no untraced fast-search path):
 *       compact_migrate_scanned == sum isolate_migratepages.nr_scanned
 *       compact_free_scanned    == sum isolate_freepages(+fast).nr_scanned
 *       compact_isolated        == sum of both nr_taken
 *       compact_stall/fail/success unchanged (compact_memory is not direct)
 *       pgmigrate_success       == sum migratepages.nr_migrated (single node, quiet)
 * Other compaction in the window (kcompactd, a direct compactor) is allowed
 * and summed too: the counters are global and so are the records.
 *
 * With --dump SECONDS it only prints every compaction record as a JSON line
 * (a development loader until `oomtrace --json` shows them).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "check.h"
#include "decode.h"
#include "events.h"
#include "oomtrace.skel.h"

#define MAX_RECS 4096

struct collected {
	struct ev_compact_zone zones[MAX_RECS];
	int nr_zones;
	int nr_try, nr_defer, nr_kcompactd_wake, nr_other;
	int dump;
};

static struct collected col;
static struct kernel_names names;

static int on_record(void *ctx, void *data, size_t len)
{
	const struct event_header *h = data;

	(void)ctx;
	if (len < sizeof(*h))
		return 0;
	if (col.dump) {
		printf("{\"type\":%u,\"ts\":%llu,\"size\":%u", h->type, (unsigned long long)h->ts_ns, h->size);
		if (h->type == EV_COMPACT_ZONE) {
			const struct ev_compact_zone *z = data;

			printf(",\"pid\":%u,\"comm\":\"%s\",\"origin\":%u,\"node\":%d,\"zone\":\"%s\",\"order\":%d,"
			       "\"status\":\"%s\",\"duration_us\":%llu,\"migrated\":%llu,\"failed\":%llu,"
			       "\"mig_scanned\":%llu,\"mig_taken\":%llu,\"free_scanned\":%llu,\"free_taken\":%llu,"
			       "\"zone_start\":%llu,\"zone_end\":%llu,\"finished\":%d,\"suitable\":%d,\"try_ts\":%llu",
			       z->task.pid, z->task.comm, z->origin, z->nid, zone__name(&names, z->zone_idx), z->order,
			       compact_result__name(&names, z->status), (unsigned long long)z->duration_ns / 1000,
			       (unsigned long long)z->nr_migrated, (unsigned long long)z->nr_failed,
			       (unsigned long long)z->isolate_scanned, (unsigned long long)z->isolate_taken,
			       (unsigned long long)z->free_scanned, (unsigned long long)z->free_taken,
			       (unsigned long long)z->zone_start, (unsigned long long)z->zone_end, z->finished,
			       z->suitable, (unsigned long long)z->try_ts);
		} else if (h->type == EV_COMPACT_TRY) {
			const struct ev_compact_try *t = data;

			printf(",\"pid\":%u,\"comm\":\"%s\",\"step\":%u,\"order\":%d,\"gfp\":\"0x%llx\",\"prio\":%d,"
			       "\"end_reason\":%u,\"try_ts\":%llu",
			       t->task.pid, t->task.comm, t->step, t->order, (unsigned long long)t->gfp, t->priority,
			       t->end_reason, (unsigned long long)t->try_ts);
		} else if (h->type == EV_COMPACT_DEFER) {
			const struct ev_compact_defer *d = data;

			printf(",\"pid\":%u,\"comm\":\"%s\",\"step\":%u,\"node\":%d,\"zone\":\"%s\",\"order\":%d,"
			       "\"considered\":%u,\"defer_shift\":%u,\"order_failed\":%d",
			       d->task.pid, d->task.comm, d->step, d->nid, zone__name(&names, d->zone_idx), d->order,
			       d->considered, d->defer_shift, d->order_failed);
		} else if (h->type == EV_KCOMPACTD) {
			const struct ev_kcompactd *k = data;

			printf(",\"step\":%u,\"node\":%d,\"order\":%d,\"highest_zone\":%d", k->step, k->nid, k->order,
			       k->highest_zone);
		}
		printf("}\n");
		fflush(stdout);
	}
	switch (h->type) {
	case EV_COMPACT_ZONE:
		if (col.nr_zones < MAX_RECS && len >= sizeof(struct ev_compact_zone))
			memcpy(&col.zones[col.nr_zones++], data, sizeof(struct ev_compact_zone));
		break;
	case EV_COMPACT_TRY:
		col.nr_try++;
		break;
	case EV_COMPACT_DEFER:
		col.nr_defer++;
		break;
	case EV_KCOMPACTD:
		if (((const struct ev_kcompactd *)data)->step == KCOMPACTD_STEP_WAKE)
			col.nr_kcompactd_wake++;
		break;
	default:
		col.nr_other++;
	}
	return 0;
}

static long long vmstat(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long long v = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			v = atoll(line + klen + 1);
			break;
		}
	fclose(f);
	return v;
}

static const char *const vm_keys[] = {
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated", "compact_stall",
	"compact_fail", "compact_success", "pgmigrate_success", "compact_daemon_wake",
};
#define NR_KEYS (int)(sizeof(vm_keys) / sizeof(vm_keys[0]))

static void vmstat_all(long long *v)
{
	for (int i = 0; i < NR_KEYS; i++)
		v[i] = vmstat(vm_keys[i]);
}

/* populated zones from /proc/zoneinfo: node, name, start_pfn, end_pfn */
struct zinfo {
	int node;
	char name[16];
	unsigned long long start, spanned, present;
};

static int zoneinfo_read(struct zinfo *z, int max)
{
	char line[256];
	int n = -1;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		int node;
		char name[16];
		unsigned long long v;

		if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
			if (n + 1 >= max)
				break;
			n++;
			memset(&z[n], 0, sizeof(z[n]));
			z[n].node = node;
			snprintf(z[n].name, sizeof(z[n].name), "%s", name);
		} else if (n >= 0 && sscanf(line, " spanned %llu", &v) == 1) {
			z[n].spanned = v;
		} else if (n >= 0 && sscanf(line, " present %llu", &v) == 1) {
			z[n].present = v;
		} else if (n >= 0 && sscanf(line, " start_pfn: %llu", &v) == 1) {
			z[n].start = v;
		}
	}
	fclose(f);
	return n + 1;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * The choice the tracer makes for every family, for compaction's programs
 * only: raw_tp where vmlinux BTF has the event (unless classic_only), else
 * the classic twin "compact_X_tp" where tracefs has it; begin/end/migratepages
 * are classic only.
 */
static const char *sec_of(const struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p);

	return sec[0] == '?' ? sec + 1 : sec;
}

static bool tracefs_has(const char *sec)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s", sec + strlen("tracepoint/"));
	return access(path, F_OK) == 0;
}

static bool btf_has_event(const struct btf *btf, const char *event)
{
	char tdef[128];

	snprintf(tdef, sizeof(tdef), "btf_trace_%s", event);
	return btf && btf__find_by_name_kind(btf, tdef, BTF_KIND_TYPEDEF) > 0;
}

static void select_progs(struct bpf_object *obj, bool classic_only, int *nr_btf, int *nr_classic)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *p;

	if (libbpf_get_error(vmlinux))
		vmlinux = NULL;
	*nr_btf = *nr_classic = 0;
	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p), *sec = sec_of(p);
		size_t len = strlen(name);
		bool on;

		if (strncmp(name, "compact_", 8)) {
			bpf_program__set_autoload(p, false);
			continue;
		}
		if (!strncmp(sec, "raw_tp/", 7)) {
			on = !classic_only && btf_has_event(vmlinux, sec + 7);
			*nr_btf += on;
		} else {
			char twin[128];
			struct bpf_program *b = NULL;

			if (len > 3 && !strcmp(name + len - 3, "_tp")) {
				snprintf(twin, sizeof(twin), "%.*s", (int)(len - 3), name);
				b = bpf_object__find_program_by_name(obj, twin);
			}
			on = tracefs_has(sec) && (classic_only || !b || !btf_has_event(vmlinux, sec_of(b) + 7));
			*nr_classic += on;
		}
		bpf_program__set_autoload(p, on);
	}
	btf__free(vmlinux);
}

static struct oomtrace_bpf *skel;
static struct ring_buffer *rb;

/* Only the compaction programs: the rest of the object is someone else's to load. */
static int load(bool classic_only)
{
	struct bpf_program *prog;
	int err, nr_btf, nr_classic;

	libbpf_set_print(NULL);
	skel = oomtrace_bpf__open();
	if (!skel) {
		fprintf(stderr, "oomtrace: opening the BPF object failed: %s\n", strerror(errno));
		return -1;
	}
	select_progs(skel->obj, classic_only, &nr_btf, &nr_classic);
	prog = bpf_object__find_program_by_name(skel->obj, "compact_end");
	if (!prog || !bpf_program__autoload(prog)) {
		fprintf(stderr, "oomtrace: compaction tracepoints missing on this kernel\n");
		return -1;
	}
	err = oomtrace_bpf__load(skel);
	if (err) {
		fprintf(stderr, "oomtrace: loading BPF failed: %s\n", strerror(-err));
		return -1;
	}
	bpf_object__for_each_program(prog, skel->obj) {
		if (!bpf_program__autoload(prog))
			continue;
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "oomtrace: attaching %s failed: %s\n", bpf_program__name(prog), strerror(errno));
			return -1;
		}
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, NULL, NULL);
	if (!rb)
		return -1;
	printf("# compaction programs: %d raw_tp, %d classic\n", nr_btf, nr_classic);
	skel->bss->tracing_ready = true;
	return 0;
}

static void drain(int ms)
{
	unsigned long long until = now_ns() + ms * 1000000ULL;

	while (!stop && now_ns() < until)
		ring_buffer__poll(rb, 50);
	ring_buffer__consume(rb);
}

static int dump(int seconds)
{
	col.dump = 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	drain(seconds * 1000);
	return 0;
}

static int compact_memory(void)
{
	int fd = open("/proc/sys/vm/compact_memory", O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "1\n", 2) != 2)
		ret = -errno;
	close(fd);
	return ret;
}

/* check names carry the mode: "compaction_live raw_tp: ..." */
static const char *label(const char *mode, const char *what)
{
	static char buf[4][160];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "compaction_live %s: %s", mode, what);
	return b;
}
#define N(what) label(mode, what)

/*
 * Counters and records must agree exactly; but compaction by someone else
 * that straddles the interval (kcompactd, another test) shows up in one and
 * not the other, so a mismatch with other compaction around is a skip.
 */
static void exact(const char *mode, unsigned long long got, long long want, int others, const char *what)
{
	if ((long long)got != want && others) {
		printf("skip - %s: other compaction ran meanwhile (%d zones): records %llu, counter %lld\n",
		       label(mode, what), others, got, want);
		return;
	}
	CHECK_INT(got, want, label(mode, what));
}

static int run(bool classic_only)
{
	long long before[NR_KEYS], after[NR_KEYS];
	unsigned long long t0, t1;
	struct zinfo zi[64];
	int nzi, populated = 0, ours = 0, matched = 0, bad_span = 0, bad_origin = 0, bad_time = 0, other_origin = 0;
	unsigned long long sum_mig_scanned = 0, sum_free_scanned = 0, sum_taken = 0, sum_migrated = 0;
	unsigned long long max_dur = 0, sum_dur = 0;
	char why[256];

	const char *mode = classic_only ? "classic" : "raw_tp";

	if (load(classic_only)) {
		printf("skip - compaction_live %s: cannot load the compaction programs here\n", mode);
		return 0;
	}
	memset(&col, 0, sizeof(col));

	drain(200);
	col.nr_zones = col.nr_try = col.nr_defer = col.nr_kcompactd_wake = 0;
	vmstat_all(before);
	t0 = now_ns();
	if (compact_memory()) {
		printf("skip - compaction_live %s: writing /proc/sys/vm/compact_memory failed\n", mode);
		return 0;
	}
	t1 = now_ns();
	drain(300);
	vmstat_all(after);

	nzi = zoneinfo_read(zi, 64);
	for (int i = 0; i < col.nr_zones; i++) {
		const struct ev_compact_zone *z = &col.zones[i];

		sum_mig_scanned += z->isolate_scanned;
		sum_free_scanned += z->free_scanned;
		sum_taken += z->isolate_taken + z->free_taken;
		sum_migrated += z->nr_migrated;
		if (z->task.pid != (unsigned)getpid()) {
			other_origin++;
			continue;
		}
		ours++;
		if (z->origin != COMPACT_ORIGIN_MANUAL || z->order != -1 || z->is_kcompactd)
			bad_origin++;
		if (z->h.ts_ns - z->duration_ns < t0 || z->h.ts_ns > t1 || z->duration_ns == 0)
			bad_time++;
		sum_dur += z->duration_ns;
		if (z->duration_ns > max_dur)
			max_dur = z->duration_ns;
		for (int j = 0; j < nzi; j++)
			if (zi[j].node == z->nid && !strcmp(zi[j].name, zone__name(&names, z->zone_idx))) {
				/* zone_end is zone_end_pfn(); some kernels (this 6.18 build) span less than
				 * zoneinfo's "spanned", so only its range is checked */
				if (zi[j].start == z->zone_start && z->zone_end > z->zone_start &&
				    z->zone_end <= zi[j].start + zi[j].spanned)
					matched++;
				else
					bad_span++;
			}
	}
	for (int j = 0; j < nzi; j++)
		if (zi[j].present)
			populated++;

	snprintf(why, sizeof(why), "%d zone records from this task, %d populated zones in /proc/zoneinfo", ours,
		 populated);
	CHECK(ours == populated && populated > 0, N("one zone record per populated zone"), "%s", why);
	CHECK_INT(matched, populated, N("zone names and start pfns match /proc/zoneinfo"));
	CHECK_INT(bad_span, 0, N("no zone record outside its zone"));
	CHECK_INT(bad_origin, 0, N("origin manual, order -1, not kcompactd"));
	CHECK(bad_time == 0 && sum_dur <= t1 - t0, N("durations inside the write()"),
	      "%d zones outside [t0,t1]; sum %llu ns vs write %llu ns", bad_time, sum_dur, t1 - t0);
	printf("# write took %.3f ms; zones: sum %.3f ms, max %.3f ms; %d other zone records, %d tries, %d defers\n",
	       (t1 - t0) / 1e6, sum_dur / 1e6, max_dur / 1e6, other_origin, col.nr_try, col.nr_defer);
	exact(mode, sum_mig_scanned, after[0] - before[0], other_origin, "compact_migrate_scanned == sum of migrate scanner");
	exact(mode, sum_free_scanned, after[1] - before[1], other_origin, "compact_free_scanned == sum of free scanner");
	exact(mode, sum_taken, after[2] - before[2], other_origin, "compact_isolated == sum of pages taken");
	if (col.nr_try == 0) {
		CHECK_INT(after[3] - before[3], 0, N("no direct compaction: compact_stall unchanged"));
		CHECK_INT((after[4] - before[4]) + (after[5] - before[5]), 0,
			  N("compact_fail/success unchanged"));
	} else {
		printf("skip - compaction_live: compact_stall: direct compaction ran meanwhile\n");
	}
	exact(mode, sum_migrated, after[6] - before[6], other_origin, "pgmigrate_success == sum of nr_migrated");
	CHECK_INT(col.nr_kcompactd_wake, after[7] - before[7], N("compact_daemon_wake == kcompactd wake records"));

	ring_buffer__free(rb);
	oomtrace_bpf__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	kernel_names__from_btf(&names, NULL);
	if (geteuid() != 0) {
		printf("skip - compaction_live: needs root\n");
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "--dump")) {
		if (load(argc == 4 && !strcmp(argv[3], "--classic"))) {
			fprintf(stderr, "oomtrace: cannot load the compaction programs here\n");
			return 1;
		}
		return dump(atoi(argv[2]));
	}
	run(false);
	run(true);
	CHECK_DONE();
}
