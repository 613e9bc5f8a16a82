// SPDX-License-Identifier: GPL-2.0
/*
 * Live: load bpf/slowpath.bpf.c's programs (only those) and make the kernel
 * fail real allocations and reclaim in memory cgroups (v1) this test creates.
 *
 * Phase 1, failures: a cgroup of 16M with the OOM killer disabled; the
 * helper slowpath_pipe_hog fills it with pipe pages, then keeps writing:
 * every write that fails with ENOMEM is one __GFP_ACCOUNT page whose charge
 * failed, which mm_page_alloc reports with a NULL page. The rate limit is 1
 * record per second, so nearly all are held back, and the counting must be
 * exact:
 *   records + CNT_ALLOC_FAIL_SUPPRESSED == CNT_ALLOC_FAIL_TOTAL
 *   records + sum(suppressed_before) + what each CPU still carries == TOTAL
 *   sum(fail_hist) == TOTAL, all in order 0 / Normal / Unmovable's row
 *   TOTAL >= the helper's ENOMEM count
 * and every charge failure reclaimed first: memcg reclaim passes from the
 * helper, each preceded by a failed charge (memory.failcnt delta >= passes).
 * The records then go through the correlator: one alloc_failure incident
 * per record, with the task's memcg reclaim history and the zones from an
 * EV_ZONE_SNAPSHOT.
 *
 * Phase 2, reclaim: a 64M cgroup (swappiness 0, no swap needed) where dd
 * writes 256M to a file: memcg reclaim passes of the page cache with
 * plausible durations, file pages scanned and reclaimed, no anon.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "check.h"
#include "correlate.h"
#include "correlate_slowpath.h"
#include "decode.h"
#include "events.h"
#include "incident.h"
#include "oomtrace.skel.h"
#include "percpu_array.h"
#include "snapshot_zones.h"
#include "record_check.h"
#include "stream_batch.h"
#include "summary.h"

#define CG_ROOT "/sys/fs/cgroup/memory"
#define MAX_KEEP 8192

static const char *const my_progs[] = {
	"raw_tp_mm_page_alloc",
	"raw_tp_mm_vmscan_direct_reclaim_begin", "raw_tp_mm_vmscan_direct_reclaim_end",
	"raw_tp_mm_vmscan_memcg_reclaim_begin", "raw_tp_mm_vmscan_memcg_reclaim_end",
	"raw_tp_mm_vmscan_memcg_softlimit_reclaim_begin", "raw_tp_mm_vmscan_memcg_softlimit_reclaim_end",
	"raw_tp_mm_vmscan_node_reclaim_begin", "raw_tp_mm_vmscan_node_reclaim_end",
	"raw_tp_mm_vmscan_lru_shrink_inactive", "tp_mm_vmscan_write_folio",
	"raw_tp_mm_vmscan_kswapd_wake", "raw_tp_mm_vmscan_kswapd_sleep", "raw_tp_mm_vmscan_wakeup_kswapd",
	"raw_tp_reclaim_retry_zone", "raw_tp_compact_retry", "tp_mm_page_alloc_extfrag",
};

struct collected {
	struct ev_alloc_fail fails[MAX_KEEP];
	int nr_fails;
	struct ev_reclaim reclaims[MAX_KEEP];
	int nr_reclaims;
	long extfrag;
	long page_allocs, page_allocs_addr, page_allocs_failed, page_alloc_batches, bad_batches;
	long other;
};

static struct collected col;
static char cg_fail[256], cg_reclaim[256];
static const char *mode = "btf";	/* "btf": raw_tp programs; "tp": their classic twins */

/* A check's name, with the program family it ran on. */
static const char *N(const char *what)
{
	static char bufs[4][96];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "slowpath_%s_%s", mode, what);
	return b;
}

static int on_record(void *ctx, void *data, size_t len);

/* streamed allocations come in per-CPU batches: count them as the records they hold */
static void page_alloc__count(void *ctx, const struct ev_page_alloc *rec)
{
	on_record(ctx, (void *)rec, sizeof(*rec));
}

static void page_alloc_batch__count(void *ctx, const struct ev_page_alloc_batch *b)
{
	stream_batch__expand(b, page_alloc__count, ctx);
}

static int on_record(void *ctx, void *data, size_t len)
{
	const struct event_header *h = data;

	if (len < sizeof(*h))
		return 0;
	if (h->type == EV_PAGE_ALLOC_BATCH) {
		/* the program sizes it to its items: what a capture stores */
		if (record__check(h, len) != RECORD_OK ||
		    h->size != PAGE_ALLOC_BATCH_SIZE(((const struct ev_page_alloc_batch *)h)->nr))
			col.bad_batches++;
		col.page_alloc_batches++;
		stream_batch__expand(data, page_alloc__count, ctx);
		return 0;
	}
	if (h->type == EV_ALLOC_FAIL && col.nr_fails < MAX_KEEP)
		memcpy(&col.fails[col.nr_fails++], data, sizeof(struct ev_alloc_fail));
	else if (h->type == EV_RECLAIM && col.nr_reclaims < MAX_KEEP)
		memcpy(&col.reclaims[col.nr_reclaims++], data, sizeof(struct ev_reclaim));
	else if (h->type == EV_EXTFRAG)
		col.extfrag++;
	else if (h->type == EV_PAGE_ALLOC) {
		const struct ev_page_alloc *a = data;

		col.page_allocs++;
		if (a->pad[0] & PAGE_ALLOC_PFN_IS_PAGE)
			col.page_allocs_addr++;
		if (a->pfn == ~0ULL)
			col.page_allocs_failed++;
	} else
		col.other++;
	return 0;
}

static int file__write(const char *dir, const char *name, const char *val)
{
	char path[512];
	int fd, n = strlen(val);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, val, n) != n) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static long long file__read_ll(const char *dir, const char *name)
{
	char path[512];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Remove a cgroup: move anything left to the root first (killed helpers are gone). */
static void cgroup__remove(const char *dir)
{
	if (!dir[0])
		return;
	file__write(dir, "memory.oom_control", "0");
	file__write(dir, "memory.force_empty", "0");
	rmdir(dir);
}

static void cleanup(void)
{
	cgroup__remove(cg_fail);
	cgroup__remove(cg_reclaim);
	unlink("/var/tmp/oomtrace-slowpath-test.dat");
}

static void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static uint64_t counter__sum(struct oomtrace_bpf *skel, int fd, uint32_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu > 0 ? ncpu : 1], sum = 0;

	if (ncpu <= 0 || bpf_map_lookup_elem(fd, &key, vals))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += vals[i];
	(void)skel;
	return sum;
}

/* Run argv with its stdout in buf, polling the ring buffer meanwhile. */
static int run_polling(struct ring_buffer *rb, char *const argv[], char *buf, size_t len, int timeout_s)
{
	int pfd[2], status = -1;
	size_t got = 0;
	pid_t pid;
	time_t end = time(NULL) + timeout_s;

	if (pipe2(pfd, O_NONBLOCK))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n;

		ring_buffer__poll(rb, 50);
		while (got + 1 < len && (n = read(pfd[0], buf + got, len - 1 - got)) > 0)
			got += n;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (time(NULL) > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
	}
	while (got + 1 < len && read(pfd[0], buf + got, len - 1 - got) > 0)
		got = strlen(buf);
	buf[got] = '\0';
	close(pfd[0]);
	ring_buffer__consume(rb);
	return status;
}

struct emitted {
	int n;
	int with_zones, with_history, with_gfp;
	int64_t trigger_pid;
	char gfp_text[INC_TEXT_LEN];
};

static void on_incident(void *ctx, struct incident *inc)
{
	struct emitted *e = ctx;

	if (inc->kind != INCIDENT_ALLOC_FAILURE)
		return;
	e->n++;
	e->trigger_pid = inc->trigger.pid;
	if (inc->nr_zones > 0 && inc->zones[0].nr_orders > 0 && known(inc->zones[0].min_kb))
		e->with_zones++;
	if (inc->history.present && inc->history.memcg_reclaims > 0)
		e->with_history++;
	if (inc->gfp_flags_known && (inc->gfp_flags & GFPF_ACCOUNT))
		e->with_gfp++;
	snprintf(e->gfp_text, sizeof(e->gfp_text), "%s", inc->gfp_text);
}

static void phase_failures(struct oomtrace_bpf *skel, struct ring_buffer *rb, const struct kernel_names *names)
{
	char helper[512], out[256] = "", extra[] = "300";
	char *argv[] = { helper, cg_fail, extra, NULL };
	long long failcnt0, failcnt1;
	long pipes = 0, pages = 0, enomem = -1;
	uint64_t total, suppressed, hist = 0, carried = 0, supp_seen = 0;
	int cnt_fd = bpf_map__fd(skel->maps.counters), ncpu = libbpf_num_possible_cpus();
	int hog_reclaims = 0, hog_fails = 0, bad_ctx = 0, plausible = 1;
	pid_t hog_pid = -1;

	snprintf(helper, sizeof(helper), "%s/tests/helpers/slowpath_pipe_hog",
		 getenv("BUILD_DIR") ? getenv("BUILD_DIR") : "build");
	snprintf(cg_fail, sizeof(cg_fail), CG_ROOT "/oomtrace-sp-fail-%d", getpid());
	if (mkdir(cg_fail, 0755) || file__write(cg_fail, "memory.limit_in_bytes", "16M") ||
	    file__write(cg_fail, "memory.oom_control", "1")) {
		printf("skip - slowpath_fail: cannot set up %s: %s\n", cg_fail, strerror(errno));
		return;
	}
	failcnt0 = file__read_ll(cg_fail, "memory.failcnt");
	col.nr_fails = col.nr_reclaims = 0;
	run_polling(rb, argv, out, sizeof(out), 60);
	failcnt1 = file__read_ll(cg_fail, "memory.failcnt");
	if (sscanf(out, "pipes=%ld pages=%ld enomem=%ld", &pipes, &pages, &enomem) != 3 || enomem <= 0) {
		printf("FAIL - slowpath_hog: helper did not fail allocations: \"%s\"\n", out);
		check_failures++;
		return;
	}
	printf("# helper: %s", out);

	total = counter__sum(skel, cnt_fd, CNT_ALLOC_FAIL_TOTAL);
	suppressed = counter__sum(skel, cnt_fd, CNT_ALLOC_FAIL_SUPPRESSED);
	for (uint32_t k = 0; k < FAIL_HIST_SLOTS; k++)
		hist += counter__sum(skel, bpf_map__fd(skel->maps.fail_hist), k);
	carried = counter__sum(skel, bpf_map__fd(skel->maps.rate_carry), 0);
	for (int i = 0; i < col.nr_fails; i++) {
		supp_seen += col.fails[i].suppressed_before;
		if (col.fails[i].task.comm[0] && !strncmp(col.fails[i].task.comm, "slowpath_pipe_h", 15)) {
			hog_fails++;
			hog_pid = col.fails[i].task.tgid;
			if (col.fails[i].ctx != 0)
				bad_ctx++;
		}
	}
	printf("# total %llu suppressed %llu records %d carried %llu hist %llu\n", (unsigned long long)total,
	       (unsigned long long)suppressed, col.nr_fails, (unsigned long long)carried,
	       (unsigned long long)hist);
	CHECK(total >= (uint64_t)enomem, N("fail_counted"),
	      "in-kernel total %llu < %ld ENOMEM writes", (unsigned long long)total, enomem);
	CHECK_INT(col.nr_fails + suppressed, total, N("fail_records_plus_suppressed_exact"));
	CHECK_INT(col.nr_fails + supp_seen + carried, total, N("fail_suppressed_before_exact"));
	CHECK_INT(hist, total, N("fail_hist_exact"));
	CHECK(col.nr_fails >= 1 && col.nr_fails <= 8, N("fail_rate_limited"),
	      "%d records for %llu failures at 1/s", col.nr_fails, (unsigned long long)total);
	CHECK(hog_fails >= 1, N("fail_from_helper"), "no failure record from the helper");
	{
		/* the charge failed in the helper's group: the record names it (kernfs id = inode) */
		struct stat cst;
		int named = 0, full = 0;

		stat(cg_fail, &cst);
		for (int i = 0; i < col.nr_fails; i++) {
			const struct ev_alloc_fail *f = &col.fails[i];

			if ((pid_t)f->task.tgid != hog_pid)
				continue;
			if (f->charge_memcg_id == (uint64_t)cst.st_ino && f->limit_memcg_id == (uint64_t)cst.st_ino)
				named++;
			if (f->limit_max_pages == (16ULL << 20) / (uint64_t)sysconf(_SC_PAGESIZE) &&
			    f->limit_usage_pages + 1 > f->limit_max_pages)
				full++;
		}
		CHECK(named == hog_fails && hog_fails > 0, N("fail_names_full_memcg"),
		      "%d of %d records name the group (ino %llu; first: charge %llu limit %llu)", named, hog_fails,
		      (unsigned long long)cst.st_ino, (unsigned long long)col.fails[0].charge_memcg_id,
		      (unsigned long long)col.fails[0].limit_memcg_id);
		CHECK(full == hog_fails && hog_fails > 0, N("fail_memcg_at_limit"),
		      "%d of %d at the 16M limit (first: usage %llu max %llu)", full, hog_fails,
		      (unsigned long long)col.fails[0].limit_usage_pages,
		      (unsigned long long)col.fails[0].limit_max_pages);
	}
	CHECK_INT(bad_ctx, 0, N("fail_task_context"));
	{
		/* the helper's pages: order 0, highest zone Normal (GFP_HIGHUSER on 64-bit) */
		uint64_t row = 0;
		int normal = -1;

		for (int z = 0; z < names->nr_zones; z++)
			if (!strcmp(names->zone[z], "Normal"))
				normal = z;
		for (int mt = 0; normal >= 0 && mt < MAX_MIGRATETYPES; mt++) {
			uint32_t k = fail_hist_slot(0, normal, mt);

			row += counter__sum(skel, bpf_map__fd(skel->maps.fail_hist), k);
		}
		CHECK(normal >= 0 && row >= (uint64_t)enomem, N("fail_hist_order0_normal"),
		      "order-0 Normal row %llu < %ld (Normal = zone %d)", (unsigned long long)row, enomem, normal);
	}
	(void)ncpu;

	/* memcg reclaim: the helper's charges reclaimed before failing */
	for (int i = 0; i < col.nr_reclaims; i++) {
		const struct ev_reclaim *r = &col.reclaims[i];

		if ((pid_t)r->task.tgid != hog_pid)
			continue;
		if (r->kind == RECLAIM_MEMCG)
			hog_reclaims++;
		if (r->duration_ns == 0 || r->duration_ns > 5000000000ULL)
			plausible = 0;
	}
	printf("# helper memcg reclaim passes %d, failcnt delta %lld\n", hog_reclaims, failcnt1 - failcnt0);
	CHECK(hog_reclaims >= enomem, N("fail_reclaimed_first"), "%d memcg reclaim passes for %ld failures",
	      hog_reclaims, enomem);
	CHECK(failcnt1 - failcnt0 >= hog_reclaims, N("reclaim_vs_failcnt"),
	      "failcnt grew by %lld, %d reclaim passes", failcnt1 - failcnt0, hog_reclaims);
	CHECK(plausible, N("reclaim_durations_plausible"), "a pass of 0 ns or > 5 s");

	/* through the correlator: an incident per record, with history and zones */
	{
		struct emitted em = { 0 };
		struct correlator *c = correlator__new(names, on_incident, &em);
		struct ev_zone_snapshot *snap = calloc(1, sizeof(*snap));

		if (!c || !snap) {
			printf("FAIL - slowpath_correlate: out of memory\n");
			check_failures++;
			return;
		}
		zone_snapshot__read(snap);
		/* the reclaim passes first (they happened before the failures) */
		for (int i = 0; i < col.nr_reclaims; i++)
			correlator__record(c, &col.reclaims[i].h);
		for (int i = 0; i < col.nr_fails; i++) {
			correlator__record(c, &col.fails[i].h);
			zone_snapshot__header(snap, col.fails[i].h.ts_ns);
			correlator__record(c, &snap->h);
		}
		correlate_slowpath__flush(c);
		CHECK_INT(em.n, col.nr_fails, N("incident_per_failure"));
		CHECK_INT(em.with_zones, col.nr_fails, N("incident_has_zones"));
		CHECK(em.with_history >= 1, N("incident_has_reclaim_history"), "no incident had memcg reclaims");
		CHECK(em.with_gfp == col.nr_fails && strstr(em.gfp_text, "__GFP_ACCOUNT"), N("incident_gfp"),
		      "gfp_text \"%s\"", em.gfp_text);
		CHECK(c->summary && c->summary->fail_records == (uint64_t)col.nr_fails, N("summary_fed"),
		      "summary missing or wrong count");
		correlate_slowpath__free(c);
		correlator__free(c);
		free(snap);
	}
}

static void phase_reclaim(struct ring_buffer *rb)
{
	char dd[] = "/bin/dd", of[] = "of=/var/tmp/oomtrace-slowpath-test.dat", bs[] = "bs=1M", count[] = "count=256",
	     iff[] = "if=/dev/zero", conv[] = "conv=fsync", quiet[] = "status=none";
	char *argv[] = { dd, iff, of, bs, count, conv, quiet, NULL };
	char out[64];
	pid_t me = getpid();
	uint64_t file_scanned = 0, file_reclaimed = 0, anon_scanned = 0, nr = 0;
	int passes = 0, plausible = 1;
	char pidbuf[32];

	snprintf(cg_reclaim, sizeof(cg_reclaim), CG_ROOT "/oomtrace-sp-reclaim-%d", me);
	if (mkdir(cg_reclaim, 0755) || file__write(cg_reclaim, "memory.limit_in_bytes", "64M") ||
	    file__write(cg_reclaim, "memory.swappiness", "0")) {
		printf("skip - slowpath_reclaim: cannot set up %s: %s\n", cg_reclaim, strerror(errno));
		return;
	}
	/* dd inherits the group from us: join, fork, leave */
	snprintf(pidbuf, sizeof(pidbuf), "%d", me);
	col.nr_reclaims = 0;
	if (file__write(cg_reclaim, "cgroup.procs", pidbuf)) {
		printf("skip - slowpath_reclaim: cannot join %s\n", cg_reclaim);
		return;
	}
	run_polling(rb, argv, out, sizeof(out), 120);
	file__write(CG_ROOT, "cgroup.procs", pidbuf);
	unlink("/var/tmp/oomtrace-slowpath-test.dat");

	for (int i = 0; i < col.nr_reclaims; i++) {
		const struct ev_reclaim *r = &col.reclaims[i];

		if (r->kind != RECLAIM_MEMCG || strncmp(r->task.comm, "dd", 3))
			continue;
		passes++;
		file_scanned += r->scanned_file;
		file_reclaimed += r->reclaimed_file;
		anon_scanned += r->scanned_anon;
		nr += r->nr_reclaimed;
		if (r->duration_ns == 0 || r->duration_ns > 5000000000ULL)
			plausible = 0;
	}
	printf("# dd: %d memcg reclaim passes, file scanned %llu reclaimed %llu, anon scanned %llu, nr_reclaimed %llu\n",
	       passes, (unsigned long long)file_scanned, (unsigned long long)file_reclaimed,
	       (unsigned long long)anon_scanned, (unsigned long long)nr);
	CHECK(passes > 0, N("reclaim_memcg_passes"), "no memcg reclaim pass from dd");
	CHECK(file_reclaimed > 0 && file_scanned >= file_reclaimed, N("reclaim_file_figures"),
	      "file scanned %llu reclaimed %llu", (unsigned long long)file_scanned, (unsigned long long)file_reclaimed);
	CHECK_INT(anon_scanned, 0, N("reclaim_no_anon_at_swappiness0"));
	CHECK(nr >= file_reclaimed, N("reclaim_total_covers_lru"), "nr_reclaimed %llu < file %llu",
	      (unsigned long long)nr, (unsigned long long)file_reclaimed);
	CHECK(plausible, N("reclaim_pass_durations"), "a pass of 0 ns or > 5 s");
}

static struct oomtrace_bpf *skel__open(bool classic);

/* Fragmenting fallbacks: 128M of unmovable pipe pages make the allocator
 * steal pageblocks; counted exactly under the rate limit. */
static void phase_extfrag(struct oomtrace_bpf *skel, struct ring_buffer *rb)
{
	char helper[512], out[128] = "", where[] = "-", npipes[] = "2000";
	char *argv[] = { helper, where, npipes, NULL };
	int fd = bpf_map__fd(skel->maps.counters);
	uint64_t total, supp;

	snprintf(helper, sizeof(helper), "%s/tests/helpers/slowpath_pipe_hog",
		 getenv("BUILD_DIR") ? getenv("BUILD_DIR") : "build");
	run_polling(rb, argv, out, sizeof(out), 60);
	total = counter__sum(skel, fd, CNT_EXTFRAG_TOTAL);
	supp = counter__sum(skel, fd, CNT_EXTFRAG_SUPPRESSED);

	printf("# extfrag: %llu in the kernel, %ld records, %llu held back\n", (unsigned long long)total,
	       col.extfrag, (unsigned long long)supp);
	if (total)
		CHECK_INT(col.extfrag + supp, total, N("extfrag_exact"));
	else
		printf("skip - %s: no fallback happened (plenty of free unmovable blocks)\n", N("extfrag_exact"));
}

/* --stream-allocs=16: one allocation in 16 per CPU, the rest counted. The
 * workload faults 8192 anonymous pages on one CPU: 512 sent, so full batches
 * come through the ring buffer (a dd to a file made few allocations: large
 * folios). */
static void phase_stream(void)
{
	char helper[512], cpu_opt[] = "-c", cpu[] = "0", n_opt[] = "-n", pages[] = "8192";
	char *argv[] = { helper, cpu_opt, cpu, n_opt, pages, NULL };
	struct oomtrace_bpf *skel;
	struct ring_buffer *rb;
	uint64_t sampled, lost;
	int ncpu = libbpf_num_possible_cpus(), cpus_used = 0;
	char out[16];

	mode = "btf";
	memset(&col, 0, sizeof(col));
	skel = skel__open(false);
	if (!skel)
		return;
	skel->rodata->cfg_stream_allocs = true;
	skel->rodata->cfg_stream_every = 16;
	snprintf(helper, sizeof(helper), "%s/tests/helpers/bench_pagefault",
		 getenv("BUILD_DIR") ? getenv("BUILD_DIR") : "build");
	if (oomtrace_bpf__load(skel) || oomtrace_bpf__attach(skel)) {
		printf("FAIL - %s: %s\n", N("stream_load"), strerror(errno));
		oomtrace_bpf__destroy(skel);
		return;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, NULL, NULL);
	skel->bss->tracing_ready = true;
	run_polling(rb, argv, out, sizeof(out), 60);
	skel->bss->tracing_ready = false;
	usleep(2000);
	ring_buffer__consume(rb);
	long drained = stream_batch__drain(bpf_map__fd(skel->maps.stream_batches), ncpu, page_alloc_batch__count, NULL);

	/* full (or stale) batches came through the ring buffer, the rest was left per CPU */
	CHECK(drained >= 0 && drained <= (long)STREAM_BATCH * ncpu &&
	      (col.page_alloc_batches > 0 || drained == col.page_allocs),
	      N("stream_batches"), "%ld batches, %ld items left in the CPUs' batches, %ld records",
	      col.page_alloc_batches, drained, col.page_allocs);
	CHECK(col.page_alloc_batches > 0 && !col.bad_batches, N("stream_batch_sizes"),
	      "%ld of %ld batches not sized to their items", col.bad_batches, col.page_alloc_batches);
	sampled = counter__sum(skel, bpf_map__fd(skel->maps.counters), CNT_PAGE_ALLOC_SAMPLED_OUT);
	lost = counter__sum(skel, bpf_map__fd(skel->maps.counters), CNT_RINGBUF_FULL);
	for (int c = 0; c < ncpu; c++) {
		uint32_t zero = 0;
		uint64_t v[ncpu];

		if (!bpf_map_lookup_elem(bpf_map__fd(skel->maps.stream_seq), &zero, v) && v[c])
			cpus_used++;
	}
	{
		/* per CPU: n allocations send ceil(n/16) and skip the rest */
		uint64_t sent = col.page_allocs + lost;

		printf("# stream: %ld records (%ld failed), %llu sampled out, %llu lost, %d CPUs\n", col.page_allocs,
		       col.page_allocs_failed, (unsigned long long)sampled, (unsigned long long)lost, cpus_used);
		CHECK(col.page_allocs > 0 && col.page_allocs_addr == col.page_allocs - col.page_allocs_failed,
		      N("stream_records"), "%ld records, %ld with a page address", col.page_allocs,
		      col.page_allocs_addr);
		CHECK(sampled <= 15 * sent && sampled + 15ULL * cpus_used >= 15 * sent, N("stream_every_16"),
		      "%llu sampled out for %llu sent on %d CPUs", (unsigned long long)sampled,
		      (unsigned long long)sent, cpus_used);
	}
	ring_buffer__free(rb);
	oomtrace_bpf__destroy(skel);
}

/* Open with only this family's programs: raw_tp ones, or their classic twins. */
static struct oomtrace_bpf *skel__open(bool classic)
{
	struct oomtrace_bpf *skel = oomtrace_bpf__open();
	struct bpf_program *p;

	if (!skel)
		return NULL;
	bpf_object__for_each_program(p, skel->obj) {
		const char *name = bpf_program__name(p);
		bool mine = false;

		for (size_t i = 0; i < sizeof(my_progs) / sizeof(my_progs[0]); i++) {
			const char *want = my_progs[i];
			char twin[128];

			if (classic && !strncmp(want, "raw_tp_", 7)) {
				snprintf(twin, sizeof(twin), "tp_%s", want + 7);
				want = twin;
			}
			if (!strcmp(name, want))
				mine = true;
		}
		bpf_program__set_autoload(p, mine);
	}
	return skel;
}

static int run(bool classic, const struct kernel_names *names)
{
	struct oomtrace_bpf *skel;
	struct ring_buffer *rb;

	mode = classic ? "tp" : "btf";
	memset(&col, 0, sizeof(col));
	skel = skel__open(classic);
	if (!skel) {
		printf("FAIL - %s: %s\n", N("open"), strerror(errno));
		return 1;
	}
	skel->rodata->cfg_alloc_fail_per_sec = 1;
	if (oomtrace_bpf__load(skel) || oomtrace_bpf__attach(skel)) {
		printf("FAIL - %s: %s\n", N("load"), strerror(errno));
		oomtrace_bpf__destroy(skel);
		return 1;
	}
	CHECK(1, N("load_attach"), "%s", "");
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, NULL, NULL);
	if (!rb) {
		printf("FAIL - %s: %s\n", N("ringbuf"), strerror(errno));
		oomtrace_bpf__destroy(skel);
		return 1;
	}
	skel->bss->tracing_ready = true;

	phase_failures(skel, rb, names);
	cgroup__remove(cg_fail);
	phase_reclaim(rb);
	cgroup__remove(cg_reclaim);
	phase_extfrag(skel, rb);

	ring_buffer__free(rb);
	oomtrace_bpf__destroy(skel);
	return 0;
}

/* The per-CPU sums the tick reads (drop counters, failure table): 200 keys,
 * more than one batch, each CPU's value different. */
static void check_percpu_sum(void)
{
	int ncpus = libbpf_num_possible_cpus(), fd, bad = 0;
	uint64_t *vals = calloc(ncpus > 0 ? ncpus : 1, sizeof(*vals)), sums[200];

	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "sum_test", 4, 8, 200, NULL);
	for (uint32_t k = 0; fd >= 0 && vals && k < 200; k++) {
		for (int c = 0; c < ncpus; c++)
			vals[c] = k * 1000 + c;
		bpf_map_update_elem(fd, &k, vals, BPF_ANY);
	}
	int err = fd >= 0 ? percpu_array__sum(fd, 200, ncpus, sums) : -1;

	for (uint32_t k = 0; !err && k < 200; k++)
		bad += sums[k] != (uint64_t)k * 1000 * ncpus + (uint64_t)ncpus * (ncpus - 1) / 2;
	CHECK(!err && !bad, "percpu_array: sums of 200 keys over every CPU", "err %d, %d keys wrong", err, bad);
	if (fd >= 0)
		close(fd);
	free(vals);
}

int main(void)
{
	static struct kernel_names names;
	struct stat st;

	if (geteuid() != 0) {
		printf("skip - slowpath_live: needs root\n");
		return 0;
	}
	if (stat(CG_ROOT "/memory.limit_in_bytes", &st)) {
		printf("skip - slowpath_live: no cgroup v1 memory controller at " CG_ROOT "\n");
		return 0;
	}
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	kernel_names__from_btf(&names, NULL);

	check_percpu_sum();
	run(false, &names);
	run(true, &names);
	phase_stream();
	CHECK_DONE();
}
