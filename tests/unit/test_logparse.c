// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-log parser against the real fixtures (tests/fixtures): what each
 * report says, as its .json records it; then every paste format (dmesg, -T,
 * journalctl -o short/iso/precise/monotonic/cat, syslog, kmsg, <N>, serial
 * stamps, "> " quotes, #012 joins, CRLF, mail wrapping, 1-byte chunks,
 * interleaved hosts) must give the same incidents as the bare text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "incident.h"
#include "logparse.h"
#include "logparse_line.h"

#define MAX_INC 16

struct got {
	int n;
	struct incident inc[MAX_INC];	/* shallow copies; victims/tasks copied below */
	struct inc_victim victims[MAX_INC][32];
	int nr_tasks[MAX_INC];
	char fp[MAX_INC][1024];
};

static void fingerprint(const struct incident *inc, char *buf, size_t len)
{
	size_t n = 0;

	n += snprintf(buf + n, len - n, "%s|%s|%lld|%lld|%lld|%s|%lld|%lld|%d|%lld|%lld|%x|%d|",
		      incident_kind__name(inc->kind), inc->trigger.comm, (long long)inc->trigger.pid,
		      (long long)inc->order, (long long)inc->gfp_raw,
		      incident_constraint__name(inc->constraint), (long long)inc->swap_total_kb,
		      (long long)inc->swap_free_kb, inc->nr_tasks, (long long)inc->mem.active_anon,
		      (long long)inc->mem.free, inc->incomplete, inc->nr_victims);
	for (int i = 0; i < inc->nr_victims && n < len; i++)
		n += snprintf(buf + n, len - n, "v%lld:%s:%lld,", (long long)inc->victims[i].task.pid,
			      inc->victims[i].task.comm, (long long)inc->victims[i].anon_rss_kb);
	for (int i = 0; i < inc->nr_zones && n < len; i++) {
		const struct inc_zone *z = &inc->zones[i];

		n += snprintf(buf + n, len - n, "z%s:%lld:%lld:%d:%d:%lld,", z->name, (long long)z->free_kb,
			      (long long)z->present_kb, z->nr_reserve, z->nr_orders,
			      (long long)(z->nr_orders ? z->free_blocks[0] : -1));
	}
}

static void collect(struct incident *inc, void *ctx)
{
	struct got *g = ctx;

	if (g->n >= MAX_INC)
		return;
	fingerprint(inc, g->fp[g->n], sizeof(g->fp[0]));
	g->inc[g->n] = *inc;
	for (int i = 0; i < inc->nr_victims && i < 32; i++)
		g->victims[g->n][i] = inc->victims[i];
	g->inc[g->n].victims = g->victims[g->n];
	g->nr_tasks[g->n] = inc->nr_tasks;
	g->inc[g->n].tasks = NULL;
	g->n++;
}

static void parse(const char *text, size_t len, size_t chunk, struct got *g)
{
	struct logparse *p = logparse__new(collect, g);

	memset(g, 0, sizeof(*g));
	for (size_t off = 0; off < len; off += chunk)
		logparse__feed(p, text + off, len - off < chunk ? len - off : chunk);
	logparse__finish(p);
	logparse__free(p);
}

static char *slurp(const char *name, size_t *len)
{
	const char *dir = getenv("TESTS_DIR") ? getenv("TESTS_DIR") : "tests";
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/fixtures/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (fread(buf, 1, n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	*len = n;
	return buf;
}

/* A growing text buffer for building variants. */
struct sb {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
	char tmp[70000];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_add(b, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* The bare kernel messages of a fixture, one per line (what `journalctl -o cat` shows). */
static char **bare_lines(const char *text, int *nr)
{
	char **out = NULL;
	int n = 0;

	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		const char *e = nl ? nl : s + strlen(s);
		struct log_line ll;

		log_line__parse(&ll, s, e);
		out = realloc(out, (n + 1) * sizeof(*out));
		out[n++] = strndup(ll.text, ll.end - ll.text);
		s = nl ? nl + 1 : e;
	}
	*nr = n;
	return out;
}

enum fmt {
	F_CAT, F_DMESG, F_DMESG_T, F_SHORT, F_SHORT_ISO, F_SHORT_PRECISE, F_SHORT_MONO,
	F_SYSLOG_NOHOST, F_RSYSLOG_ISO, F_KMSG, F_LEVEL, F_LEVEL_DMESG, F_SERIAL, F_QUOTE,
	F_CALLER, F_CRLF, F_SHORT_FULL, F_DMESG_ISO, F_DMESG_X, F_DMESG_H, F_SHORT_UNIX, F_SERIAL_HMS,
	F_JSON, F_EXPORT, F_QP, F_JOIN012, F_WRAP, NR_FMT,
};

static const char *fmt_name[NR_FMT] = {
	"cat", "dmesg", "dmesg -T", "journal short", "journal short-iso", "journal short-precise",
	"journal short-monotonic", "syslog no host", "rsyslog iso", "kmsg", "<N> level",
	"<N> + dmesg", "serial console", "> quote", "printk caller", "crlf", "journal short-full",
	"dmesg iso", "dmesg -x", "dmesg -H", "journal short-unix", "serial hh:mm:ss", "#012 joins",
	"mail wrap 80",
};

/* Wrap at ~80 columns on blanks like a mail client, for zone and buddy lines. */
static void wrap80(struct sb *b, const char *l)
{
	size_t n = strlen(l);

	if (n <= 80) {
		sb_printf(b, "%s\n", l);
		return;
	}
	while (strlen(l) > 80) {
		const char *cut = l + 80;

		while (cut > l && *cut != ' ')
			cut--;
		if (cut == l)
			break;
		sb_add(b, l, cut - l);
		sb_add(b, "\n", 1);
		l = cut + 1;
	}
	sb_printf(b, "%s\n", l);
}

static void variant(struct sb *b, char **lines, int nr, enum fmt f)
{
	for (int i = 0; i < nr; i++) {
		const char *l = lines[i];
		int us = 123456 + i * 7;

		switch (f) {
		case F_CAT: sb_printf(b, "%s\n", l); break;
		case F_DMESG: sb_printf(b, "[%5d.%06d] %s\n", 3902 + i / 100, us, l); break;
		case F_DMESG_T: sb_printf(b, "[Sat Nov 21 10:00:%02d 2026] %s\n", i / 50, l); break;
		case F_SHORT: sb_printf(b, "Nov 21 10:00:%02d myhost kernel: %s\n", i / 50, l); break;
		case F_SHORT_ISO: sb_printf(b, "2026-11-21T10:00:%02d+0100 myhost kernel: %s\n", i / 50, l); break;
		case F_SHORT_PRECISE: sb_printf(b, "Nov 21 10:00:00.%06d myhost kernel: %s\n", us, l); break;
		case F_SHORT_MONO: sb_printf(b, "[ 3902.%06d] myhost kernel: %s\n", us, l); break;
		case F_SYSLOG_NOHOST: sb_printf(b, "Nov  1 10:00:00 kernel: [ 12.%06d] %s\n", us, l); break;
		case F_RSYSLOG_ISO: sb_printf(b, "2026-11-21T10:00:00.%06d+01:00 myhost kernel: %s\n", us, l); break;
		case F_KMSG: sb_printf(b, "6,%d,%lld,-;%s\n", 1000 + i, 3902000000LL + i, l); break;
		case F_LEVEL: sb_printf(b, "<4>%s\n", l); break;
		case F_LEVEL_DMESG: sb_printf(b, "<6>[ 3902.%06d] %s\n", us, l); break;
		case F_SERIAL: sb_printf(b, "[2026-11-21 10:00:00.%03d] [ 3902.%06d] %s\n", i % 1000, us, l); break;
		case F_QUOTE: sb_printf(b, "%s%s\n", i % 2 ? "> " : ">> ", l); break;
		case F_CALLER: sb_printf(b, "[ 3902.%06d][  T2345] %s\n", us, l); break;
		case F_CRLF: sb_printf(b, "[ 3902.%06d] %s\r\n", us, l); break;
		case F_SHORT_FULL: sb_printf(b, "Sat 2026-11-21 10:00:00 UTC myhost kernel: %s\n", l); break;
		case F_DMESG_ISO: sb_printf(b, "2026-11-21T10:00:00,%06d+00:00 %s\n", us, l); break;
		case F_DMESG_X: sb_printf(b, "kern  :%s: [ 3902.%06d] %s\n", i % 2 ? "warn  " : "info  ", us, l); break;
		case F_DMESG_H:
			if (i == 0)
				sb_printf(b, "[Nov21 10:00] %s\n", l);
			else
				sb_printf(b, "[  +0.%06d] %s\n", i, l);
			break;
		case F_SHORT_UNIX: sb_printf(b, "1763719200.%06d myhost kernel: %s\n", us, l); break;
		case F_JSON:
			sb_printf(b, "{\"__CURSOR\":\"s=1;i=%x\",\"__MONOTONIC_TIMESTAMP\":\"%lld\",\"_TRANSPORT\":\"kernel\","
				  "\"PRIORITY\":\"4\",\"_HOSTNAME\":\"myhost\",\"MESSAGE\":\"", i, 3902000000LL + i);
			for (const char *c = l; *c; c++)
				sb_printf(b, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
			sb_printf(b, "\",\"SYSLOG_IDENTIFIER\":\"kernel\"}\n");
			if (i % 7 == 0)
				sb_printf(b, "{\"_TRANSPORT\":\"syslog\",\"_HOSTNAME\":\"myhost\",\"MESSAGE\":\"Started Session.\"}\n");
			break;
		case F_EXPORT:
			sb_printf(b, "__CURSOR=s=1;i=%x\n__MONOTONIC_TIMESTAMP=%lld\n_TRANSPORT=kernel\nMESSAGE=%s\n\n", i,
				  3902000000LL + i, l);
			break;
		case F_QP: {
			/* '=' as =3D, lines longer than 76 soft-broken with a trailing '=' */
			char enc[70000];
			size_t n = 0, col = 0;

			for (const char *c = l; *c && n < sizeof(enc) - 8; c++) {
				if (col >= 72) {
					memcpy(enc + n, "=\n", 2);
					n += 2;
					col = 0;
				}
				if (*c == '=' || (unsigned char)*c >= 0x80) {
					n += snprintf(enc + n, 4, "=%02X", (unsigned char)*c);
					col += 3;
				} else {
					enc[n++] = *c;
					col++;
				}
			}
			enc[n] = '\0';
			sb_printf(b, "> %s\n", enc);
			break;
		}
		case F_SERIAL_HMS: sb_printf(b, "[10:00:%02d.%03d] %s\n", i / 50, i % 1000, l); break;
		case F_JOIN012:
			/* rsyslog: a multi-line message becomes one line, newlines as #012 */
			if (i % 5 == 0)
				sb_printf(b, "%sNov 21 10:00:00 myhost kernel: %s", i ? "\n" : "", l);
			else
				sb_printf(b, "#012 %s", l);
			if (i == nr - 1)
				sb_add(b, "\n", 1);
			break;
		case F_WRAP: wrap80(b, l); break;
		case NR_FMT: break;
		}
	}
}

struct fixture {
	const char *file;
	int nr_incidents;
	int which;		/* the incident the .json describes */
	const char *kind;
	const char *comm;
	long long pid;
	long long order;
	long long gfp;
	const char *gfp_text;	/* NULL: not printed by that kernel */
	const char *constraint;
	long long victim_pid;	/* -1: none */
	const char *victim_comm;
	long long swap_total, swap_free;	/* UNKNOWN: not in the report */
	const char *version;
	bool highmem;
};

#define U ((long long)UNKNOWN)
static const struct fixture fixtures[] = {
	{ "01_cadvisor_memcg_v1_mem2.log", 1, 0, "oom_kill", "memorymonster", 13536, 0, 0xd0, NULL,
	  "memcg", 13536, "memorymonster", U, U, "3.13.0-43-generic", false },
	{ "02_cadvisor_global_gce_noswap.log", 1, 0, "oom_kill", "badsysprogram", 1532, 0, 0x280da, NULL,
	  "global", 1532, "badsysprogram", 0, 0, "3.13.0-27-generic", false },
	{ "03_cadvisor_docker_memsw_4.8.log", 1, 0, "oom_kill", "gunpowder-memho", 1381, 0, 0x24000c0,
	  "GFP_KERNEL", "memcg", 1381, "gunpowder-memho", U, U, "4.8.0-gentoo", false },
	{ "05_order2_fork_fragmentation_4.4.log", 1, 0, "oom_kill", "kthreadd", 2, 2, 0x27000c0,
	  "GFP_KERNEL|GFP_NOTRACK|0x100000", "global", 687, "firewalld", 0, 0, "4.4.0-rc6-next-20151222", false },
	{ "07_gfp_atomic_order1_tcp_2.6.34.log", 1, 0, "alloc_failure", "kswapd0", 139, 1, 0x20, NULL,
	  "unknown", -1, NULL, 995992, 995636, "2.6.34.1", false },
	{ "14_swap_full_anon_2.6.30.log", 1, 0, "oom_kill", "apt-check", 23105, 0, 0x201da, NULL,
	  "global", -1, NULL, 979956, 0, "2.6.30", false },
	/* the java kill lines come first and belong to an earlier OOM (20:28 vs 22:09):
	 * incident 1 is that headerless kill, incident 2 the mysqld report without its victim */
	{ "seed_000_d567676a32853d8b.txt", 2, 1, "oom_kill", "mysqld", 670, 1, 0x27000c0,
	  "GFP_KERNEL_ACCOUNT|__GFP_NOTRACK", "global", -1, NULL, 1048572, 1036992,
	  "4.7.10-100.fc23.i686+PAE", true },
};

static void check_fixture(const struct fixture *fx)
{
	char name[160];
	size_t len;
	char *text = slurp(fx->file, &len);
	struct got *g = calloc(1, sizeof(*g));

#define N(what) (snprintf(name, sizeof(name), "%s: %s", fx->file, what), name)
	CHECK(text != NULL, N("fixture readable"), "cannot read %s", fx->file);
	if (!text) {
		free(g);
		return;
	}
	parse(text, len, len, g);
	CHECK_INT(g->n, fx->nr_incidents, N("incidents found"));
	if (g->n > fx->which) {
		struct incident *inc = &g->inc[fx->which];

		CHECK_STR(incident_kind__name(inc->kind), fx->kind, N("kind"));
		CHECK_STR(inc->trigger.comm, fx->comm, N("trigger comm"));
		CHECK_INT(inc->trigger.pid, fx->pid, N("trigger pid"));
		CHECK_INT(inc->order, fx->order, N("order"));
		CHECK_INT(inc->gfp_raw, fx->gfp, N("gfp raw"));
		if (fx->gfp_text)
			CHECK_STR(inc->gfp_text, fx->gfp_text, N("gfp text as printed"));
		CHECK(inc->gfp_flags_known && inc->gfp_text[0], N("gfp decoded"), "flags_known=%d text='%s'",
		      inc->gfp_flags_known, inc->gfp_text);
		CHECK_STR(incident_constraint__name(inc->constraint), fx->constraint, N("constraint"));
		CHECK_INT(inc->swap_total_kb, fx->swap_total, N("swap total"));
		CHECK_INT(inc->swap_free_kb, fx->swap_free, N("swap free"));
		CHECK_STR(inc->kernel_version, fx->version, N("kernel version"));
		CHECK_INT(inc->highmem_layout, fx->highmem, N("highmem layout"));
		if (fx->victim_pid >= 0) {
			CHECK(inc->nr_victims >= 1 && inc->victims[0].killed, N("victim killed"), "%d victims",
			      inc->nr_victims);
			if (inc->nr_victims) {
				CHECK_INT(inc->victims[0].task.pid, fx->victim_pid, N("victim pid"));
				CHECK_STR(inc->victims[0].task.comm, fx->victim_comm, N("victim comm"));
			}
		} else if (inc->kind == INCIDENT_ALLOC_FAILURE) {
			CHECK_INT(inc->nr_victims, 0, N("allocation failure: no victim"));
		} else {
			CHECK(inc->incomplete & INC_MISSING_VICTIM, N("no victim, flagged"), "incomplete=%#x",
			      inc->incomplete);
		}
	}
	free(text);
	free(g);
#undef N
}

/* Field-level checks that go beyond the .json. */
static void check_details(void)
{
	size_t len;
	char *text;
	struct got *g = calloc(1, sizeof(*g));
	struct incident *inc;

	text = slurp("02_cadvisor_global_gce_noswap.log", &len);
	parse(text, len, len, g);
	inc = &g->inc[0];
	CHECK_INT(inc->nr_zones, 2, "02: two zones");
	CHECK_STR(inc->zones[1].name, "DMA32", "02: zone name");
	CHECK_INT(inc->zones[1].free_kb, 44592, "02: DMA32 free");
	CHECK_INT(inc->zones[1].min_kb, 44640, "02: DMA32 min");
	CHECK_INT(inc->zones[1].managed_kb, 1722912, "02: DMA32 managed");
	CHECK_INT(inc->zones[1].all_unreclaimable, 1, "02: all_unreclaimable yes");
	CHECK_INT(inc->zones[0].lowmem_reserve[1], 1679, "02: lowmem_reserve of DMA");
	CHECK_INT(inc->zones[1].nr_orders, 11, "02: buddy orders");
	CHECK_INT(inc->zones[1].free_blocks[10], 3, "02: order-10 blocks");
	CHECK_STR(inc->zones[1].block_types[10], "UR", "02: order-10 migratetypes");
	CHECK_INT(inc->mem.active_anon, 405991, "02: Mem-Info active_anon");
	CHECK_INT(inc->mem.free_cma, 0, "02: Mem-Info free_cma (continuation line)");
	CHECK_INT(inc->mem.ram_pages, 445340, "02: pages RAM");
	CHECK_INT(inc->mem.reserved_pages, 10614, "02: pages reserved");
	CHECK_INT(inc->mem.pagecache_pages, 204, "02: pagecache pages");
	CHECK_INT(inc->mem.kernel_stack_kb, 592, "02: kernel stacks summed over zones");
	CHECK_INT(g->nr_tasks[0], 28, "02: task rows");
	CHECK_INT(inc->victims[0].task.uid, 1020, "02: victim uid from the task table");
	CHECK_INT(inc->victims[0].score, 919, "02: victim score");
	CHECK_INT(inc->victims[0].anon_rss_kb, 1595164, "02: victim anon-rss");
	CHECK_INT(inc->incomplete, 0, "02: complete report");
	CHECK_STR(inc->host, "localhost", "02: host");
	CHECK(inc->log_time > 455.49 && inc->log_time < 455.5, "02: log time", "%f", inc->log_time);
	CHECK(strstr(inc->trigger_stack, "out_of_memory\n") != NULL &&
	      !strstr(inc->trigger_stack, "[<"), "02: trace symbolised, no addresses", "%s", inc->trigger_stack);
	free(text);

	text = slurp("03_cadvisor_docker_memsw_4.8.log", &len);
	parse(text, len, len, g);
	inc = &g->inc[0];
	CHECK_INT(inc->memcg.usage_kb, 20480, "03: memcg usage");
	CHECK_INT(inc->memcg.limit_kb, 20480, "03: memcg limit");
	CHECK_INT(inc->memcg.failcnt, 1204, "03: memcg failcnt");
	CHECK_INT(inc->memcg.memsw_limit_kb, 40960, "03: memory+swap limit");
	CHECK_INT(inc->memcg.stat_swap_kb, 20460, "03: memcg stats swap");
	CHECK_INT(inc->memcg.version, 1, "03: memcg v1");
	CHECK(!strncmp(inc->memcg_oom, "/docker/2e088fe4", 16), "03: memcg_oom", "%s", inc->memcg_oom);
	CHECK(inc->victims[0].reaped && inc->victims[0].reaped_anon_kb == 0, "03: reaper result",
	      "reaped=%d", inc->victims[0].reaped);
	CHECK_INT(inc->victims[0].shmem_rss_kb, 0, "03: shmem-rss");
	CHECK_INT(inc->incomplete, 0, "03: complete report");
	free(text);

	text = slurp("07_gfp_atomic_order1_tcp_2.6.34.log", &len);
	parse(text, len, len, g);
	inc = &g->inc[0];
	CHECK(inc->in_interrupt, "07: softirq context from the trace", "in_interrupt=0");
	CHECK_INT(inc->zones[0].present_kb, 15868, "07: wrapped zone line continued (present)");
	CHECK_INT(inc->zones[1].slab_unreclaimable_kb, 4028, "07: wrapped zone line continued (slab)");
	CHECK_INT(inc->zones[1].all_unreclaimable, 0, "07: wrapped all_unreclaimable");
	CHECK_INT(inc->zones[0].nr_orders, 11, "07: wrapped buddy line continued");
	CHECK_INT(inc->zones[1].free_blocks[0], 750, "07: Normal order-0 blocks");
	CHECK_INT(inc->incomplete, 0, "07: complete allocation-failure report");
	free(text);

	text = slurp("14_swap_full_anon_2.6.30.log", &len);
	parse(text, len, len, g);
	inc = &g->inc[0];
	CHECK_INT(inc->mem.active_anon, 290797, "14: 2.6.30 'Active_anon' counter");
	CHECK(inc->incomplete & INC_MISSING_TASKS, "14: truncated: no task table flagged", "%#x", inc->incomplete);
	free(text);

	text = slurp("seed_000_d567676a32853d8b.txt", &len);
	parse(text, len, len, g);
	if (g->n == 2) {
		CHECK_INT(g->inc[0].victims[0].task.pid, 4348, "seed_000: earlier kill: victim pid");
		CHECK_STR(g->inc[0].victims[0].task.comm, "java", "seed_000: earlier kill: victim comm");
		CHECK_INT(g->inc[0].victims[0].anon_rss_kb, 411284, "seed_000: earlier kill: anon-rss");
		CHECK(g->inc[0].incomplete & INC_MISSING_HEADER, "seed_000: earlier kill has no header",
		      "%#x", g->inc[0].incomplete);
		CHECK_STR(incident_constraint__name(g->inc[0].constraint), "unknown",
			  "seed_000: earlier kill: constraint not in the log");
		CHECK_INT(g->nr_tasks[1], 9, "seed_000: task rows (no-break spaces)");
		CHECK_INT(g->inc[1].nr_zones, 3, "seed_000: DMA, Normal, HighMem");
		CHECK_INT(g->inc[1].mem.free, 271310, "seed_000: #012-joined Mem-Info");
		CHECK_STR(g->inc[1].arch, "i686", "seed_000: arch");
		CHECK_STR(g->inc[1].host, "{VMNAME}", "seed_000: host");
	}
	free(text);

	text = slurp("seed_001_c4043c6eec84482e.txt", &len);
	parse(text, len, len, g);
	CHECK_INT(g->n, 0, "seed_001: prose only, no incident");
	free(text);

	text = slurp("seed_002_00ba44426b1ed2a5.txt", &len);
	parse(text, len, len, g);
	CHECK(g->n >= 1, "seed_002: container kill found", "%d", g->n);
	if (g->n >= 1) {
		inc = &g->inc[0];
		CHECK_STR(incident_kind__name(inc->kind), "container_kill", "seed_002: kind");
		CHECK_INT(inc->container.ve_id, 13516, "seed_002: ve");
		CHECK_INT(inc->nr_victims, 20, "seed_002: victims of the burst");
		CHECK_STR(inc->victims[19].task.comm, "grep", "seed_002: last victim");
		CHECK_INT(inc->victims[19].task.pid, 21375, "seed_002: last victim pid");
		CHECK_INT(inc->container.free_pages, 132167, "seed_002: free after the burst");
		CHECK_STR(inc->host, "EL135", "seed_002: host");
	}
	/* later kill_signal bursts (20:03:57, 20:04:53, 20:07:14) signalled tasks whose exits were not logged */
	for (int i = 1; i < g->n; i++)
		CHECK(g->inc[i].kind == INCIDENT_CONTAINER_KILL && g->inc[i].incomplete & INC_MISSING_VICTIM,
		      "seed_002: later bursts flagged without victims", "incident %d", i);
	free(text);
	free(g);
}

static void check_formats(void)
{
	static const char *files[] = {
		"01_cadvisor_memcg_v1_mem2.log", "02_cadvisor_global_gce_noswap.log",
		"03_cadvisor_docker_memsw_4.8.log", "05_order2_fork_fragmentation_4.4.log",
		"07_gfp_atomic_order1_tcp_2.6.34.log", "14_swap_full_anon_2.6.30.log",
		"seed_000_d567676a32853d8b.txt", "seed_002_00ba44426b1ed2a5.txt",
	};
	struct got *base = calloc(1, sizeof(*base)), *g = calloc(1, sizeof(*g));

	for (size_t fi = 0; fi < sizeof(files) / sizeof(files[0]); fi++) {
		size_t len;
		char *text = slurp(files[fi], &len);
		int nr;
		char **lines = bare_lines(text, &nr);
		struct sb b = { 0 };
		int bad = 0;
		char first_bad[600] = "";

		variant(&b, lines, nr, F_CAT);
		parse(b.s, b.len, b.len, base);
		for (int f = 0; f < NR_FMT; f++) {
			/* #012 joins and wrapping change what shares a line: reports only, not OpenVZ */
			if (((f == F_JOIN012 || f == F_DMESG_ISO) && fi >= 6) || (f == F_WRAP && fi >= 7))
				continue;
			b.len = 0;
			variant(&b, lines, nr, f);
			parse(b.s, b.len, b.len, g);
			bool same = g->n == base->n;

			for (int i = 0; same && i < g->n; i++)
				same = !strcmp(g->fp[i], base->fp[i]);
			if (!same && !bad++)
				snprintf(first_bad, sizeof(first_bad), "%s: %d vs %d incidents; got %.200s want %.200s",
					 fmt_name[f], g->n, base->n, g->n ? g->fp[0] : "", base->n ? base->fp[0] : "");
		}
		char name[128];

		snprintf(name, sizeof(name), "%s: every paste format gives the same incidents", files[fi]);
		CHECK(!bad, name, "%d formats differ; first: %s", bad, first_bad);

		/* 1-byte and 7-byte chunks: lines split across feeds */
		b.len = 0;
		variant(&b, lines, nr, F_SHORT);
		parse(b.s, b.len, b.len, base);
		parse(b.s, b.len, 1, g);
		bool same = g->n == base->n;

		for (int i = 0; same && i < g->n; i++)
			same = !strcmp(g->fp[i], base->fp[i]);
		snprintf(name, sizeof(name), "%s: fed one byte at a time", files[fi]);
		CHECK(same, name, "%d vs %d incidents", g->n, base->n);

		for (int i = 0; i < nr; i++)
			free(lines[i]);
		free(lines);
		free(b.s);
		free(text);
	}
	free(base);
	free(g);
}

/* Two hosts' reports interleaved line by line in one syslog file, with other programs' noise. */
static void check_interleaved(void)
{
	size_t l1, l2;
	char *t1 = slurp("02_cadvisor_global_gce_noswap.log", &l1);
	char *t2 = slurp("05_order2_fork_fragmentation_4.4.log", &l2);
	int n1, n2;
	char **a = bare_lines(t1, &n1), **b = bare_lines(t2, &n2);
	struct sb s = { 0 };
	struct got *g = calloc(1, sizeof(*g)), *ref = calloc(1, sizeof(*ref));
	char want1[1024], want2[1024];

	for (int i = 0; i < n1 || i < n2; i++) {
		if (i < n1)
			sb_printf(&s, "Nov 21 10:00:00 alpha kernel: [  455.%06d] %s\n", i, a[i]);
		sb_printf(&s, "Nov 21 10:00:00 alpha systemd[1]: Started Session %d of user root.\n", i);
		if (i < n2)
			sb_printf(&s, "Nov 21 10:00:00 beta kernel: [ 3902.%06d] %s\n", i, b[i]);
		if (i % 3 == 0)
			sb_printf(&s, "Nov 21 10:00:00 beta kernel: [ 3902.%06d] e1000e: eth0 NIC Link is Up\n", i);
	}
	parse(t1, l1, l1, ref);
	snprintf(want1, sizeof(want1), "%s", ref->fp[0]);
	parse(t2, l2, l2, ref);
	snprintf(want2, sizeof(want2), "%s", ref->fp[0]);
	parse(s.s, s.len, s.len, g);
	CHECK_INT(g->n, 2, "interleaved hosts: two incidents");
	if (g->n == 2) {
		int i1 = strcmp(g->inc[0].host, "alpha") ? 1 : 0;

		CHECK_STR(g->fp[i1], want1, "interleaved hosts: alpha's report intact");
		CHECK_STR(g->fp[1 - i1], want2, "interleaved hosts: beta's report intact");
	}
	for (int i = 0; i < n1; i++)
		free(a[i]);
	for (int i = 0; i < n2; i++)
		free(b[i]);
	free(a);
	free(b);
	free(s.s);
	free(t1);
	free(t2);
	free(g);
	free(ref);
}

/* Reports cut short still give what they hold, flagged incomplete. */
static void check_truncated(void)
{
	struct got *g = calloc(1, sizeof(*g));
	size_t len;
	char *text = slurp("02_cadvisor_global_gce_noswap.log", &len);
	size_t half = len / 2;

	parse(text, half, half, g);
	CHECK_INT(g->n, 1, "02 cut in half: one incident");
	if (g->n) {
		struct incident *inc = &g->inc[0];

		CHECK_STR(inc->trigger.comm, "badsysprogram", "02 cut in half: trigger kept");
		CHECK_INT(inc->order, 0, "02 cut in half: order kept");
		CHECK(inc->incomplete & INC_MISSING_VICTIM && inc->incomplete & INC_MISSING_SWAP,
		      "02 cut in half: flagged incomplete", "incomplete=%#x", inc->incomplete);
		CHECK(inc->nr_zones >= 1, "02 cut in half: zones so far kept", "%d zones", inc->nr_zones);
	}
	/* only the second half: the kill without its header */
	parse(text + half, len - half, len - half, g);
	CHECK_INT(g->n, 1, "02 second half: one incident");
	if (g->n) {
		CHECK(g->inc[0].incomplete & INC_MISSING_HEADER, "02 second half: header missing flagged",
		      "incomplete=%#x", g->inc[0].incomplete);
		CHECK(g->inc[0].nr_victims == 1 && g->inc[0].victims[0].task.pid == 1532,
		      "02 second half: victim found", "%d victims", g->inc[0].nr_victims);
	}
	free(text);
	free(g);
}

/* Newer kernels' wording: memcg v2 (5.x/6.x), oom-kill: summary, 6.x task table. */
static void check_modern(void)
{
	static const char v2[] =
		"[ 1000.000001] stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[ 1000.000002] CPU: 1 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.0-1-amd64 #1 Debian 6.12.5-1\n"
		"[ 1000.000003] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)\n"
		"[ 1000.000004] Call Trace:\n"
		"[ 1000.000005]  <TASK>\n"
		"[ 1000.000006]  dump_stack_lvl+0x5d/0x80\n"
		"[ 1000.000007]  dump_header+0x43/0x1a0\n"
		"[ 1000.000008]  oom_kill_process+0xfe/0x200\n"
		"[ 1000.000009]  out_of_memory+0x24e/0x590\n"
		"[ 1000.000010]  mem_cgroup_out_of_memory+0x131/0x150\n"
		"[ 1000.000011]  ? srso_return_thunk+0x5/0x5f\n"
		"[ 1000.000011]  do_syscall_64+0x82/0x170\n"
		"[ 1000.000012]  </TASK>\n"
		"[ 1000.000013] memory: usage 102400kB, limit 102400kB, failcnt 77\n"
		"[ 1000.000014] swap: usage 0kB, limit 0kB, failcnt 0\n"
		"[ 1000.000015] Memory cgroup stats for /test.slice/stress.service:\n"
		"[ 1000.000016] anon 104321024\n"
		"[ 1000.000017] file 0\n"
		"[ 1000.000018] kernel 1052672\n"
		"[ 1000.000019] Tasks state (memory values in pages):\n"
		"[ 1000.000020] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n"
		"[ 1000.000021] [   4241]     0  4241      618      384        0      384         0    45056        0             0 sh\n"
		"[ 1000.000022] [   4242]  1000  4242    26232    25600    25472      128         0   249856        0           500 stress\n"
		"[ 1000.000023] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/test.slice/stress.service,task_memcg=/test.slice/stress.service,task=stress,pid=4242,uid=1000\n"
		"[ 1000.000024] Memory cgroup out of memory: Killed process 4242 (stress) total-vm:104928kB, anon-rss:101888kB, file-rss:512kB, shmem-rss:0kB, UID:1000 pgtables:244kB oom_score_adj:500\n"
		"[ 1000.000025] oom_reaper: reaped process 4242 (stress), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n";
	struct got *g = calloc(1, sizeof(*g));
	struct incident *inc;

	parse(v2, sizeof(v2) - 1, sizeof(v2) - 1, g);
	CHECK_INT(g->n, 1, "memcg v2: one incident");
	inc = &g->inc[0];
	CHECK_STR(incident_constraint__name(inc->constraint), "memcg", "memcg v2: constraint");
	CHECK_STR(inc->memcg_oom, "/test.slice/stress.service", "memcg v2: oom_memcg");
	CHECK_INT(inc->memcg.version, 2, "memcg v2: version");
	CHECK_INT(inc->memcg.swap_limit_kb, 0, "memcg v2: swap limit");
	CHECK_INT(inc->memcg.stat_anon_kb, 101876, "memcg v2: anon from memory.stat");
	CHECK_INT(inc->trigger.pid, 4242, "6.x CPU line with UID: trigger pid");
	CHECK_STR(inc->arch, "x86_64", "6.x: arch from do_syscall_64 (release says amd64 too)");
	CHECK_STR(inc->kernel_version, "6.12.0-1-amd64", "6.x CPU line: version");
	CHECK_INT(g->nr_tasks[0], 2, "6.x task table rows");
	CHECK_INT(inc->nr_victims, 1, "memcg v2: oom-kill line and kill line are one victim");
	CHECK_INT(inc->victims[0].task.uid, 1000, "memcg v2: victim uid");
	CHECK_INT(inc->victims[0].task.oom_score_adj, 500, "memcg v2: victim oom_score_adj");
	CHECK_INT(inc->victims[0].pgtables_kb, 244, "memcg v2: victim pgtables");
	CHECK(inc->victims[0].reaped, "memcg v2: reaped", "no");
	CHECK_INT(inc->incomplete, 0, "memcg v2: complete");
	CHECK(strstr(inc->trigger_stack, "? srso_return_thunk") && !strstr(inc->trigger_stack, "<TASK>"),
	      "6.x trace: frames without addresses", "%s", inc->trigger_stack);

	static const char interrupt[] =
		"swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.10.0-28-amd64 #1 Debian 5.10.209-2\n"
		"Call Trace:\n"
		" <IRQ>\n"
		" dump_stack+0x6b/0x83\n"
		" warn_alloc.cold+0x7b/0xdf\n"
		" </IRQ>\n"
		"Mem-Info:\n";
	parse(interrupt, sizeof(interrupt) - 1, 64, g);
	CHECK_INT(g->n, 1, "<IRQ> failure: one incident");
	CHECK(g->inc[0].in_interrupt, "<IRQ> in the trace: in_interrupt", "no");
	CHECK_STR(g->inc[0].cpuset, "/", "5.x failure header: cpuset");
	CHECK_STR(g->inc[0].trigger.comm, "swapper/0", "5.x failure header: comm");
	CHECK(g->inc[0].incomplete & INC_MISSING_ZONES, "cut failure report: zones missing flagged", "%#x",
	      g->inc[0].incomplete);

	static const char garbage[] = "\x00\x01[<<<[ 1.2.3]]]] invoked oom-killer:\xff\xfe gfp_mask=0x order= "
				      "Killed process (\nNode 0 : 1*\n[ pid ] name\n[ 1]\n";
	parse(garbage, sizeof(garbage) - 1, 3, g);
	CHECK(g->n <= 2, "garbage: no crash, bounded", "%d", g->n);
	free(g);
}


/* Kernel eras and architectures beyond the fixtures. */
static void check_eras(void)
{
	struct got *g = calloc(1, sizeof(*g));

	static const char arm[] =
		"[  812.112233] mmcqd/0 invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n"
		"[  812.112240] CPU: 0 PID: 91 Comm: mmcqd/0 Not tainted 3.18.7-v7+ #755\n"
		"[  812.112250] [<80015ed0>] (unwind_backtrace) from [<80012c28>] (show_stack+0x20/0x24)\n"
		"[  812.112260] [<80012c28>] (show_stack) from [<8055ff90>] (dump_stack+0x98/0xd8)\n"
		"[  812.112270] [<8055ff90>] (dump_stack) from [<800ff1b8>] (dump_header.isra.13+0x78/0x1c4)\n"
		"[  812.112280] [<800ff1b8>] (dump_header.isra.13) from [<800ff880>] (oom_kill_process+0x2ac/0x400)\n"
		"[  812.112290] Mem-Info:\n"
		"[  812.112300] active_anon:200000 inactive_anon:10000 isolated_anon:0\n"
		"[  812.112310] Normal free:8348kB min:8192kB low:10240kB high:12288kB active_anon:800000kB present:970752kB managed:949580kB all_unreclaimable? yes\n"
		"[  812.112320] lowmem_reserve[]: 0 0\n"
		"[  812.112330] Normal: 77*4kB (UEM) 51*8kB (UEMR) 4*16kB (R) = 8348kB\n"
		"[  812.112340] Free swap  = 0kB\n"
		"[  812.112350] Total swap = 102396kB\n"
		"[  812.112360] Out of memory: Kill process 1234 (python3) score 800 or sacrifice child\n"
		"[  812.112370] Killed process 1234 (python3) total-vm:900000kB, anon-rss:790000kB, file-rss:1000kB, shmem-rss:0kB\n";
	parse(arm, sizeof(arm) - 1, sizeof(arm) - 1, g);
	CHECK_INT(g->n, 1, "ARM: one incident");
	CHECK_STR(g->inc[0].arch, "arm", "ARM: arch from '(func) from' frames");
	CHECK(!strncmp(g->inc[0].trigger_stack, "unwind_backtrace\nshow_stack\ndump_stack\n", 39),
	      "ARM: frames without a Call Trace line", "%s", g->inc[0].trigger_stack);
	CHECK_INT(g->inc[0].zones[0].nr_orders, 3, "ARM: buddy line");
	CHECK_INT(g->inc[0].victims[0].task.pid, 1234, "ARM: victim");

	static const char arm64[] =
		"[  100.000000] stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
		"[  100.000001] CPU: 2 PID: 345 Comm: stress Not tainted 5.4.0-1030-raspi #33-Ubuntu\n"
		"[  100.000002] Hardware name: Raspberry Pi 4 Model B Rev 1.1 (DT)\n"
		"[  100.000003] Call trace:\n"
		"[  100.000004]  dump_backtrace+0x0/0x198\n"
		"[  100.000005]  show_stack+0x28/0x38\n"
		"[  100.000006]  dump_stack+0xd8/0x134\n"
		"[  100.000006]  el0_svc+0x1c/0x28\n"
		"[  100.000007] Mem-Info:\n";
	parse(arm64, sizeof(arm64) - 1, sizeof(arm64) - 1, g);
	CHECK(g->n == 1 && !strncmp(g->inc[0].trigger_stack, "dump_backtrace\nshow_stack\ndump_stack", 36),
	      "arm64: 'Call trace:' frames", "%s", g->n ? g->inc[0].trigger_stack : "");
	CHECK_STR(g->inc[0].gfp_text, "GFP_HIGHUSER_MOVABLE", "arm64: gfp names as printed");
	CHECK_STR(g->inc[0].arch, "aarch64", "arm64: arch from el0_svc");

	static const char page64k[] =
		"[ 9.0] a invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
		"[ 9.0] Mem-Info:\n"
		"[ 9.0] Node 0 Normal: 10*64kB (U) 2*128kB (M) 0*256kB = 896kB\n"
		"[ 9.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n"
		"[ 9.0] [    100]     0   100     1000      900    65536       10             0 a\n"
		"[ 9.0] Out of memory: Killed process 100 (a) total-vm:64000kB, anon-rss:57600kB, file-rss:0kB, shmem-rss:0kB\n";
	parse(page64k, sizeof(page64k) - 1, sizeof(page64k) - 1, g);
	CHECK_INT(g->inc[0].page_size, 65536, "64kB pages: page size from the buddy list");
	CHECK_INT(g->inc[0].victims[0].swapents_kb, 640, "64kB pages: victim swap in kB");

	static const char rhel5[] =
		"Linux version 2.6.18-398.el5 (mockbuild@x86-027.build.eng.bos.redhat.com) (gcc version 4.1.2) #1 SMP\n"
		"oom-killer: gfp_mask=0x201d2, order=0\n"
		"\n"
		"Call Trace:\n"
		" [<ffffffff800c8e9f>] out_of_memory+0x8e/0x2f3\n"
		" [<ffffffff8000f48e>] __alloc_pages+0x245/0x2ce\n"
		"Mem-info:\n"
		"Node 0 DMA per-cpu:\n"
		"cpu 0 hot: high 0, batch 1 used:0\n"
		"Node 0 DMA free:11108kB min:20kB low:24kB high:28kB active:0kB inactive:0kB present:10616kB pages_scanned:0 all_unreclaimable? yes\n"
		"lowmem_reserve[]: 0 3000 3000 3000\n"
		"Node 0 DMA: 3*4kB 5*8kB 3*16kB 6*32kB 4*64kB 3*128kB 0*256kB 0*512kB 2*1024kB 0*2048kB 2*4096kB = 11108kB\n"
		"Free swap  = 0kB\n"
		"Total swap = 0kB\n"
		"Out of memory: Killed process 2345, UID 0, (java).\n";
	parse(rhel5, sizeof(rhel5) - 1, sizeof(rhel5) - 1, g);
	CHECK_INT(g->n, 1, "2.6.18: one incident");
	CHECK_INT(g->inc[0].gfp_raw, 0x201d2, "2.6.18: header without comm");
	CHECK(g->inc[0].nr_victims == 1 && g->inc[0].victims[0].task.pid == 2345 &&
	      !strcmp(g->inc[0].victims[0].task.comm, "java") && g->inc[0].victims[0].task.uid == 0,
	      "2.6.18: 'Killed process 2345, UID 0, (java).'", "%d victims", g->inc[0].nr_victims);
	CHECK_INT(g->inc[0].zones[0].free_kb, 11108, "2.6.18: 'Mem-info:' zone");
	CHECK_STR(g->inc[0].kernel_version, "2.6.18-398.el5", "2.6.18: version from the boot banner");

	static const char el6[] =
		"Jun  1 12:00:00 db kernel: mysqld invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0\n"
		"Jun  1 12:00:00 db kernel: Pid: 3333, comm: mysqld Not tainted 2.6.32-431.el6.x86_64 #1\n"
		"Jun  1 12:00:00 db kernel: Out of memory: Kill process 3333 (mysqld) score 901 or sacrifice child\n"
		"Jun  1 12:00:00 db kernel: Killed process 3334, UID 27, (mysqld_child) total-vm:100kB, anon-rss:50kB, file-rss:4kB\n"
		"Jun  1 12:00:05 db kernel: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0\n"
		"Jun  1 12:00:05 db kernel: Out of memory (oom_kill_allocating_task): Kill process 4444 (java) score 0 or sacrifice child\n"
		"Jun  1 12:00:05 db kernel: Killed process 4444, UID 0, (java) total-vm:200kB, anon-rss:150kB, file-rss:4kB\n";
	parse(el6, sizeof(el6) - 1, 5, g);
	CHECK_INT(g->n, 2, "2.6.32: two reports");
	if (g->n == 2) {
		CHECK_INT(g->inc[0].trigger.oom_score_adj, 0, "2.6.32: oom_adj then oom_score_adj");
		CHECK_STR(g->inc[0].arch, "x86_64", "2.6.32: arch from the release");
		CHECK(g->inc[0].nr_victims == 1 && g->inc[0].victims[0].task.pid == 3334 &&
		      g->inc[0].victims[0].score == 901 && g->inc[0].victims[0].task.uid == 27,
		      "2.6.32: selected parent, killed child", "pid %lld", (long long)g->inc[0].victims[0].task.pid);
		CHECK(strstr(g->inc[1].notes, "oom_kill_allocating_task") != NULL,
		      "oom_kill_allocating_task noted", "%s", g->inc[1].notes);
		CHECK_INT(g->inc[1].victims[0].task.pid, 4444, "oom_kill_allocating_task: victim");
	}

	static const char cpuset[] =
		"[ 50.1] a invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"[ 50.2] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=pinned,mems_allowed=1,task_memcg=/,task=a,pid=7,uid=0\n"
		"[ 50.3] Out of memory: Killed process 7 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"[ 60.1] b invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"[ 60.2] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0-2,4,cpuset=/,mems_allowed=0,2-4,global_oom,task_memcg=/,task=b,pid=8,uid=0\n"
		"[ 60.3] Out of memory: Killed process 8 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	parse(cpuset, sizeof(cpuset) - 1, sizeof(cpuset) - 1, g);
	CHECK_INT(g->n, 2, "constraints: two reports");
	if (g->n == 2) {
		CHECK_STR(incident_constraint__name(g->inc[0].constraint), "cpuset", "CONSTRAINT_CPUSET");
		CHECK_STR(g->inc[0].cpuset, "pinned", "CONSTRAINT_CPUSET: cpuset");
		CHECK_STR(incident_constraint__name(g->inc[1].constraint), "mempolicy", "CONSTRAINT_MEMORY_POLICY");
		CHECK_STR(g->inc[1].mems_allowed, "0,2-4", "mems_allowed with commas");
		CHECK_INT(g->inc[1].nr_victims, 1, "oom-kill line and kill line: one victim");
	}

	static const char global6[] =
		"[  7.1] hog invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0\n"
		"[  7.1] CPU: 0 PID: 99 Comm: hog Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
		"[  7.1] Mem-Info:\n"
		"[  7.1] active_anon:1 inactive_anon:238000 isolated_anon:0\n"
		"[  7.1]  active_file:20 inactive_file:10 isolated_file:0\n"
		"[  7.1]  free:1234 free_pcp:0 free_cma:0\n"
		"[  7.1] Node 0 active_anon:4kB inactive_anon:952000kB active_file:80kB inactive_file:40kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB writeback:0kB shmem:0kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 0kB writeback_tmp:0kB kernel_stack:1000kB pagetables:2000kB sec_pagetables:0kB all_unreclaimable? yes\n"
		"[  7.1] Node 0 DMA32 free:4936kB boost:0kB min:5000kB low:6000kB high:7000kB reserved_highatomic:0KB active_anon:4kB inactive_anon:900000kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:1048412kB managed:1000000kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
		"[  7.1] lowmem_reserve[]: 0 0 0 0 0\n"
		"[  7.1] Node 0 DMA32: 2*4kB (U) 1*8kB (M) 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 1*4096kB (M) = 4112kB\n"
		"[  7.1] Node 0 hugepages_total=2 hugepages_free=1 hugepages_surp=0 hugepages_size=1048576kB\n"
		"[  7.1] Node 0 hugepages_total=10 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB\n"
		"[  7.1] Free swap  = 0kB\n"
		"[  7.1] Total swap = 0kB\n"
		"[  7.1] 262000 pages RAM\n"
		"[  7.1] Tasks state (memory values in pages):\n"
		"[  7.1] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n"
		"[  7.1] [     99]     0    99   240000   238000  1937408        0             0 hog\n"
		"[  7.1] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=hog,pid=99,uid=0\n"
		"[  7.1] Out of memory: Killed process 99 (hog) total-vm:960000kB, anon-rss:952000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1892kB oom_score_adj:0\n";
	parse(global6, sizeof(global6) - 1, sizeof(global6) - 1, g);
	CHECK_INT(g->n, 1, "6.1 global: one incident");
	CHECK_STR(incident_constraint__name(g->inc[0].constraint), "global", "6.1 global: CONSTRAINT_NONE is global");
	CHECK_INT(g->inc[0].zones[0].all_unreclaimable, 1, "6.1: all_unreclaimable from the per-node line");
	CHECK_INT(g->inc[0].zones[0].nr_reserve, 5, "6.1: lowmem_reserve of five zones");
	CHECK_INT(g->inc[0].zones[0].free_blocks[10], 1, "6.1: buddy order 10");
	CHECK_INT(g->inc[0].mem.hugetlb_kb, 2 * 1048576 + 10 * 2048, "6.1: hugetlb summed over sizes");
	CHECK_INT(g->inc[0].mem.inactive_anon, 238000, "6.1: Mem-Info");
	CHECK_INT(g->inc[0].mem.kernel_stack_kb, 1000, "6.1: kernel stacks from the per-node line");
	CHECK_INT(g->inc[0].incomplete, 0, "6.1 global: complete");
	CHECK_STR(g->inc[0].victims[0].task.cgroup, "/user.slice", "6.1: victim's cgroup");

	/* from mails: wrapped failure headers, nested quotes, inlined frames */
	static const char mails[] =
		"> >>>   [    0.247713] swapper/0: page allocation failure: order:1, mode:0xcc1(GFP_KERNEL|GFP_DMA), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"> >>>   [    0.274706] Call trace:\n"
		"> >>>   [    0.277170]  dump_backtrace+0x0/0x208\n"
		"\n"
		"kworker/u33:5: page allocation failure: order:7, mode:0xc04(GFP_NOIO|GFP_DMA32),\n"
		"nodemask=(null),cpuset=/,mems_allowed=0\n"
		"\n"
		"kworker/u8:7: page allocation failure: order:3,\n"
		"    mode:0x60820(GFP_ATOMIC|__GFP_COMP|__GFP_MEMALLOC)\n"
		"\n"
		"page allocation failure: order:0, mode:0x800(GFP_NOWAIT)\n"
		"Call Trace:\n"
		"warn_alloc+0xf4/0x190\n"
		"adjust_va_to_fit_type\n"
		"__alloc_vmap_area\n"
		"alloc_vmap_area+0x298/0x7fc\n";
	parse(mails, sizeof(mails) - 1, sizeof(mails) - 1, g);
	CHECK_INT(g->n, 4, "mail pastes: four allocation failures");
	if (g->n == 4) {
		CHECK_STR(g->inc[0].trigger.comm, "swapper/0", "nested quotes: comm");
		CHECK_INT(g->inc[0].order, 1, "nested quotes: order");
		CHECK_STR(g->inc[1].mems_allowed, "0", "wrapped failure header: mems_allowed");
		CHECK_INT(g->inc[1].gfp_raw, 0xc04, "wrapped failure header: mode");
		CHECK_INT(g->inc[2].gfp_raw, 0x60820, "mode on the next line");
		CHECK_STR(g->inc[2].gfp_text, "GFP_ATOMIC|__GFP_COMP|__GFP_MEMALLOC", "mode text on the next line");
		CHECK_STR(g->inc[3].trigger_stack, "warn_alloc\nadjust_va_to_fit_type\n__alloc_vmap_area\nalloc_vmap_area",
			  "inlined frames without offsets");
	}

	static const char ppc[] =
		"[ 1.0] kswapd0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[ 1.0] CPU: 1 PID: 40 Comm: kswapd0 Not tainted 6.5.9-PMacG4 #5\n"
		"[ 1.0] Call Trace:\n"
		"[ 1.0] [f1aa7a54] [c0c4e944] dump_stack_lvl+0x60/0x94 (unreliable)\n"
		"[ 1.0] [f1aa7a74] [c02453c8] warn_alloc+0x154/0x2e0\n"
		"[ 1.0] [f1aa7b34] [c02462a4] __alloc_pages+0xd94/0x10c0\n"
		"[ 1.0] Mem-Info:\n";
	parse(ppc, sizeof(ppc) - 1, sizeof(ppc) - 1, g);
	CHECK(g->n == 1 && !strcmp(g->inc[0].trigger_stack, "dump_stack_lvl\nwarn_alloc\n__alloc_pages"),
	      "powerpc frames", "%s", g->n ? g->inc[0].trigger_stack : "");

	static const char vz7[] =
		"[1982048.529636] Out of memory in UB 317592: OOM killed process 2946 (npm) score 0 vm:1506164kB, rss:237752kB, swap:120052kB\n"
		"[1982048.629636] Out of memory in UB 317592: OOM killed process 2947 (node) score 0 vm:1000kB, rss:500kB, swap:0kB\n"
		"[1982101.466212] Out of memory in UB 317592: OOM killed process 2955 (npm) score 0 vm:1510820kB, rss:244616kB, swap:111180kB\n";
	parse(vz7, sizeof(vz7) - 1, sizeof(vz7) - 1, g);
	CHECK_INT(g->n, 2, "Virtuozzo 'Out of memory in UB': two bursts 53 s apart");
	if (g->n == 2) {
		CHECK_STR(incident_kind__name(g->inc[0].kind), "container_kill", "Virtuozzo UB: kind");
		CHECK_INT(g->inc[0].container.ve_id, 317592, "Virtuozzo UB: id");
		CHECK_INT(g->inc[0].nr_victims, 2, "Virtuozzo UB: victims of the first burst");
		CHECK_INT(g->inc[0].victims[0].swapents_kb, 120052, "Virtuozzo UB: victim swap");
		CHECK_STR(g->inc[1].victims[0].task.comm, "npm", "Virtuozzo UB: second burst victim");
	}

	static const char stale[] =
		"[ 5.0] a invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n"
		"[ 5.0] Call Trace:\n"
		"[ 5.0]  [<ffffffff81720bf6>] dump_stack+0x45/0x56\n"
		"[ 5.0]  [<ffffffff81720bf6>] ? irq_exit+0x45/0x56\n"
		"[ 5.0]  [<ffffffff81720bf6>] page_fault+0x28/0x30\n";
	parse(stale, sizeof(stale) - 1, sizeof(stale) - 1, g);
	CHECK(g->n == 1 && !g->inc[0].in_interrupt, "one stale '? irq_exit' frame is not an interrupt", "in_interrupt=1");

	static const char vmalloc[] =
		"[ 3.0] insmod: vmalloc: allocation failure: 8192 bytes, mode:0x24000c2(GFP_KERNEL|__GFP_HIGHMEM)\n"
		"[ 3.1] CPU: 0 PID: 77 Comm: insmod Not tainted 4.9.0 #1\n"
		"[ 4.0] modprobe: vmalloc error: size 1048576, page order 0, failed to allocate pages, mode:0xcc2(GFP_KERNEL|__GFP_HIGHMEM), nodemask=(null),cpuset=/,mems_allowed=0\n";
	parse(vmalloc, sizeof(vmalloc) - 1, sizeof(vmalloc) - 1, g);
	CHECK_INT(g->n, 2, "vmalloc failures: two incidents");
	if (g->n == 2) {
		CHECK_STR(incident_kind__name(g->inc[0].kind), "alloc_failure", "vmalloc 4.x: kind");
		CHECK_STR(g->inc[0].trigger.comm, "insmod", "vmalloc 4.x: comm");
		CHECK_INT(g->inc[0].gfp_raw, 0x24000c2, "vmalloc 4.x: mode");
		CHECK_INT(g->inc[1].order, 0, "vmalloc 5.x: page order");
		CHECK_STR(g->inc[1].trigger.comm, "modprobe", "vmalloc 5.x: comm");
	}
	free(g);
}

/* Two tasks' reports interleaved line by line, told apart by the printk caller id. */
static void check_callers(void)
{
	size_t l1, l2;
	char *t1 = slurp("02_cadvisor_global_gce_noswap.log", &l1);
	char *t2 = slurp("05_order2_fork_fragmentation_4.4.log", &l2);
	int n1, n2;
	char **a = bare_lines(t1, &n1), **b = bare_lines(t2, &n2);
	struct sb s = { 0 };
	struct got *g = calloc(1, sizeof(*g)), *ref = calloc(1, sizeof(*ref));
	char want1[1024];

	for (int i = 0; i < n1 || i < n2; i++) {
		if (i < n1)
			sb_printf(&s, "[  455.%06d] [ T1532] %s\n", 2 * i, a[i]);
		if (i < n2)
			sb_printf(&s, "[  455.%06d] [    T2] %s\n", 2 * i + 1, b[i]);
	}
	parse(t1, l1, l1, ref);
	snprintf(want1, sizeof(want1), "%s", ref->fp[0]);
	parse(s.s, s.len, s.len, g);
	CHECK_INT(g->n, 2, "printk callers interleaved: two incidents");
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->inc[i].trigger.comm, "badsysprogram"))
			CHECK_STR(g->fp[i], want1, "printk callers interleaved: T1532's report intact");
	for (int i = 0; i < n1; i++)
		free(a[i]);
	for (int i = 0; i < n2; i++)
		free(b[i]);
	free(a);
	free(b);
	free(s.s);
	free(t1);
	free(t2);
	free(g);
	free(ref);
}

/* Many hosts at once: up to LOGPARSE_MAX_STREAMS stay whole; beyond, the stalest report is completed. */
static int64_t hosts_run(int hosts)
{
	struct sb b = { 0 };
	struct logparse *p = logparse__new(NULL, NULL);
	int64_t n;

	for (int round = 0; round < 2; round++)
		for (int h = 0; h < hosts; h++)
			sb_printf(&b, round ? "Nov 21 10:00:01 host%d kernel: Killed process %d (p%d) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n"
					    : "Nov 21 10:00:00 host%d kernel: p%d invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0\n",
				  h, round ? 1000 + h : h, h);
	logparse__feed(p, b.s, b.len);
	logparse__finish(p);
	n = logparse__nr_incidents(p);
	logparse__free(p);
	free(b.s);
	return n;
}

static void check_many_hosts(void)
{
	CHECK_INT(hosts_run(LOGPARSE_MAX_STREAMS), LOGPARSE_MAX_STREAMS, "as many hosts as streams: one incident each");
	CHECK_INT(hosts_run(100), 200, "100 hosts at once: bounded; each header and each kill still reported");
}

/* Garbled memcg lines the fuzzer found: a "killed as a result of" phrase that
 * overlaps "Task in " (an end before the start once read past the end of the
 * line), and figures at the parser's saturation that overflowed a subtraction. */
static void check_garbled_memcg(void)
{
	static const char text[] =
		"[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[ 1.1] Task in killed as a result of limit of /x\n"
		"[ 1.2] memory: usage -99999999999999999999kB, limit -99999999999999999999kB, failcnt 1\n"
		"[ 1.3] memory+swap: usage 99999999999999999999kB, limit 99999999999999999999kB, failcnt 1\n"
		"[ 1.4] Memory cgroup out of memory: Killed process 7 (a) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n";
	static struct got g;

	parse(text, sizeof(text) - 1, sizeof(text), &g);
	CHECK_INT(g.n, 1, "garbled memcg: one incident");
	if (g.n != 1)
		return;
	CHECK_STR(g.inc[0].memcg_task, "", "garbled memcg: no task cgroup from an overlapping phrase");
	CHECK_STR(g.inc[0].memcg_oom, "/x", "garbled memcg: the limit's cgroup");
	CHECK(!known(g.inc[0].memcg.swap_usage_kb) && !known(g.inc[0].memcg.swap_limit_kb),
	      "garbled memcg: no swap figures from negative usage and limit", "usage %lld limit %lld",
	      (long long)g.inc[0].memcg.swap_usage_kb, (long long)g.inc[0].memcg.swap_limit_kb);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		check_fixture(&fixtures[i]);
	check_details();
	check_formats();
	check_interleaved();
	check_truncated();
	check_modern();
	check_eras();
	check_callers();
	check_many_hosts();
	check_garbled_memcg();
	CHECK_DONE();
}
