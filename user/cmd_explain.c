// SPDX-License-Identifier: GPL-2.0
/*
 * oomtrace explain [--json] [FILE ...]: find the OOM reports, allocation
 * failures and container kills in kernel log text (stdin when no FILE or
 * "-"), diagnose each and print it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdio_ext.h>
#include <zlib.h>

#include "commands.h"
#include "diagnose.h"
#include "incident.h"
#include "logparse.h"
#include "sink.h"

#define READ_CHUNK (1 << 20)

static void usage(FILE *f)
{
	fprintf(f, "usage: oomtrace explain [--json] [FILE ...]\n"
		   "Explain the OOM kills, page allocation failures and container kills in kernel\n"
		   "log text: dmesg (also -T, -x, -H), journalctl -k (-o short*, cat, json, export),\n"
		   "syslog (also .gz), /dev/kmsg records, serial consoles, mail pastes.\n"
		   "Reads stdin when no FILE or FILE is '-'.\n\n"
		   "  --json     one JSON object per incident, one per line\n"
		   "  -h, --help this help\n\n"
		   "Exit: 0 at least one incident found, 1 none found, 2 a file could not be read.\n");
}

struct explain {
	struct sink *sink;
	int64_t found;
};

static void on_incident(struct incident *inc, void *ctx)
{
	struct explain *x = ctx;

	diagnose__incident(inc);
	if (x->sink->ops->incident)
		x->sink->ops->incident(x->sink, inc);
	x->found++;
	fflush(stdout);	/* each incident out whole as it comes (journalctl -kf | oomtrace explain) */
}

/*
 * Feed one file (gzip-compressed or plain: zlib reads both) to the parser.
 * 0 done; 1 a .gz cut short, what it held was read; -1 could not open or
 * read; -2 compressed data damaged before anything could be read. Why in err.
 */
static int explain_file(struct logparse *lp, const char *path, char *buf, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(STDIN_FILENO);
	long total = 0;
	gzFile gz;
	int n, zerr;

	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	gz = gzdopen(fd, "rb");
	if (!gz) {
		snprintf(err, errlen, "%s", strerror(errno ? errno : ENOMEM));
		close(fd);
		return -1;
	}
	gzbuffer(gz, READ_CHUNK);
	while ((n = gzread(gz, buf, READ_CHUNK)) > 0) {
		logparse__feed(lp, buf, (size_t)n);
		total += n;
	}
	logparse__finish(lp);
	/* a .gz cut short ends like a file (n == 0) with the error set */
	const char *msg = gzerror(gz, &zerr);

	if (n < 0 || zerr != Z_OK) {
		bool io = zerr == Z_ERRNO;

		if (!io && msg && msg[0] == '<' && strstr(msg, ">: "))
			msg = strstr(msg, ">: ") + 3;	/* zlib names the fd: "<fd:3>: ..." */
		snprintf(err, errlen, "%s", io ? strerror(errno) : msg);
		gzclose(gz);
		/* a cut .gz still gave what it held: say so, keep what was found */
		return total ? 1 : io ? -1 : -2;
	}
	gzclose(gz);
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	struct sink_options opts = { .min_stall_ms = 0 };
	struct explain x = { 0 };
	const char *files[256];
	int nr_files = 0, rc = 0;
	bool json = false;
	char *buf;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "oomtrace: explain: unknown option '%s'; see 'oomtrace explain --help'\n",
				argv[i]);
			return 2;
		} else if (nr_files < (int)(sizeof(files) / sizeof(files[0]))) {
			files[nr_files++] = argv[i];
		} else {
			fprintf(stderr, "oomtrace: explain: too many files (max %zu); concatenate them: cat ... | oomtrace explain\n",
				sizeof(files) / sizeof(files[0]));
			return 2;
		}
	}
	if (!nr_files)
		files[nr_files++] = "-";

	/* thousands of short writes per incident: into a larger buffer, and no
	 * lock per call (explain runs on one thread) */
	static char out_buf[1 << 16];

	setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	buf = malloc(READ_CHUNK);
	x.sink = json ? sink_json__new(stdout, &opts) : sink_text__new(stdout, &opts);
	if (!buf || !x.sink) {
		fprintf(stderr, "oomtrace: explain: out of memory; free some memory and retry\n");
		free(buf);
		sink__free(x.sink);
		return 2;
	}
	for (int i = 0; i < nr_files; i++) {
		/* one parser per file: reports never span files */
		struct logparse *lp = logparse__new(on_incident, &x);
		const char *name = strcmp(files[i], "-") ? files[i] : "standard input";
		int64_t before = x.found;
		char why[160];
		int err;

		if (!lp) {
			fprintf(stderr, "oomtrace: explain: out of memory; free some memory and retry\n");
			rc = 2;
			break;
		}
		err = explain_file(lp, files[i], buf, why, sizeof(why));
		logparse__free(lp);
		if (err == -1) {
			fprintf(stderr, "oomtrace: cannot read %s: %s; check the path and its permissions\n",
				name, why);
			rc = 2;
		} else if (err == -2) {
			fprintf(stderr, "oomtrace: cannot read %s: compressed data damaged (%s); check the file is complete\n",
				name, why);
			rc = 2;
		} else if (err > 0) {
			fprintf(stderr, "oomtrace: %s: compressed data ends early (%s); reports up to there are shown\n",
				name, why);
		}
		if (err >= 0 && x.found == before) {
			fprintf(stderr, "oomtrace: no OOM or allocation-failure report found in %s\n", name);
		}
	}
	if (x.sink->ops->flush)
		x.sink->ops->flush(x.sink);
	sink__free(x.sink);
	free(buf);
	fflush(stdout);
	if (rc)
		return rc;
	return x.found ? 0 : 1;
}
