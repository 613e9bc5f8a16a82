// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/kallsyms, read as a stream when a question comes and never kept: a
 * table of the kernel's 100 000+ text symbols costs ~5 MB for the whole run,
 * while stacks arrive only with OOM kills and allocation failures. One pass
 * (~30 ms, the kernel's formatting) answers a whole stack; answers are cached
 * per address, so stacks that share frames cost no further pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksyms.h"

#define READ_CHUNK (64 * 1024)
#define NAME_MAX_LEN 128
#define CACHE_SLOTS 512		/* direct-mapped: frames of the stacks of one incident */

struct ksym_answer {
	uint64_t addr;		/* 0: empty slot */
	uint64_t sym;		/* 0: no symbol at or below addr */
	char name[NAME_MAX_LEN];
};

struct ksyms {
	struct ksym_answer cache[CACHE_SLOTS];
	uint64_t passes;
};

struct ksyms *ksyms__new(void)
{
	return calloc(1, sizeof(struct ksyms));
}

void ksyms__free(struct ksyms *k)
{
	free(k);
}

uint64_t ksyms__passes(const struct ksyms *k)
{
	return k ? k->passes : 0;
}

/* One line of /proc/kallsyms: "ffffffff81000000 T _stext\t[module]"; the
 * address is parsed only by those who want it (line__addr). */
struct kallsyms_line {
	const char *addr_text;
	char type;
	const char *name;
	size_t name_len;
};

static int hex__digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* By hand: strtoull and sscanf cost more than the kernel's formatting here. */
static uint64_t line__addr(const struct kallsyms_line *l)
{
	uint64_t a = 0;
	int d;

	for (const char *q = l->addr_text; (d = hex__digit(*q)) >= 0; q++)
		a = a << 4 | (uint64_t)d;
	return a;
}

static bool line__parse(const char *p, const char *end, struct kallsyms_line *l)
{
	const char *q = memchr(p, ' ', (size_t)(end - p));

	if (!q || q == p || end - q < 4 || q[2] != ' ')
		return false;
	l->addr_text = p;
	l->type = q[1];
	l->name = q + 3;
	for (q = l->name; q < end && *q != '\t' && *q != ' ' && *q != '\n'; q++)
		;
	l->name_len = (size_t)(q - l->name);
	return l->name_len != 0;
}

typedef void (*kallsyms_line_fn)(const struct kallsyms_line *l, void *ctx);

/* Calls fn for every line; false when /proc/kallsyms cannot be read. */
static bool kallsyms__each(kallsyms_line_fn fn, void *ctx)
{
	int fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	char *buf = fd >= 0 ? malloc(READ_CHUNK) : NULL;
	size_t have = 0;
	bool any = false;

	if (!buf) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	for (;;) {
		ssize_t n = read(fd, buf + have, READ_CHUNK - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			any = false;	/* a pass cut short must not be cached as the answer */
		if (n <= 0)
			break;
		have += (size_t)n;
		char *p = buf, *end = buf + have, *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			struct kallsyms_line l;

			if (line__parse(p, nl, &l)) {
				fn(&l, ctx);
				any = true;
			}
			p = nl + 1;
		}
		have = (size_t)(end - p);	/* a partial last line waits for the next read */
		if (have == READ_CHUNK)	/* no line is that long: drop it */
			have = 0;
		memmove(buf, p, have);
	}
	free(buf);
	close(fd);
	return any;
}

struct name_query {
	const char *const *names;
	uint64_t *addrs;
	int nr;
};

static void name_query__line(const struct kallsyms_line *l, void *ctx)
{
	struct name_query *q = ctx;

	for (int i = 0; i < q->nr; i++)
		if (!q->addrs[i] && strlen(q->names[i]) == l->name_len &&
		    !memcmp(q->names[i], l->name, l->name_len))
			q->addrs[i] = line__addr(l);
}

bool ksyms__find_names(const char *const *names, uint64_t *addrs, int nr)
{
	struct name_query q = { names, addrs, nr };

	memset(addrs, 0, (size_t)nr * sizeof(*addrs));
	return kallsyms__each(name_query__line, &q);
}

static bool type__is_text(char t)
{
	return t == 't' || t == 'T' || t == 'w' || t == 'W';
}

/* The nearest text symbol at or below each wanted address. kallsyms is not
 * one sorted list (modules follow the core kernel), so every line is a
 * candidate; names are copied only when a line beats the best so far. */
struct addr_query {
	struct ksym_answer *want[MAX_KSYMS_QUERY];
	int nr;
};

static void addr_query__line(const struct kallsyms_line *l, void *ctx)
{
	struct addr_query *q = ctx;
	uint64_t addr;

	if (!type__is_text(l->type) || !(addr = line__addr(l)))
		return;
	for (int i = 0; i < q->nr; i++) {
		struct ksym_answer *a = q->want[i];

		if (addr <= a->addr && addr > a->sym) {
			size_t n = l->name_len < NAME_MAX_LEN ? l->name_len : NAME_MAX_LEN - 1;	/* long Rust names: cut */

			a->sym = addr;
			memcpy(a->name, l->name, n);
			a->name[n] = '\0';
		}
	}
}

static struct ksym_answer *cache__slot(struct ksyms *k, uint64_t addr)
{
	return &k->cache[(addr ^ addr >> 12) % CACHE_SLOTS];
}

/* Fills ans[i] for every address, from the cache or else from one pass for
 * all that it did not hold; the answers then go into the cache. */
static void ksyms__resolve(struct ksyms *k, const uint64_t *ips, int nr, struct ksym_answer *ans)
{
	struct addr_query q = { .nr = 0 };

	for (int i = 0; i < nr; i++) {
		const struct ksym_answer *c = cache__slot(k, ips[i]);

		if (c->addr == ips[i]) {
			ans[i] = *c;
			continue;
		}
		ans[i].addr = ips[i];
		ans[i].sym = 0;
		ans[i].name[0] = '\0';
		q.want[q.nr++] = &ans[i];
	}
	if (!q.nr)
		return;
	k->passes++;
	if (!kallsyms__each(addr_query__line, &q))
		return;		/* unreadable now: not cached, the next stack tries again */
	for (int i = 0; i < q.nr; i++)
		*cache__slot(k, q.want[i]->addr) = *q.want[i];
}

static void answer__format(const struct ksym_answer *a, char *buf, size_t len)
{
	if (a->sym)
		snprintf(buf, len, "%s+0x%llx", a->name, (unsigned long long)(a->addr - a->sym));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)a->addr);
}

const char *ksyms__format(struct ksyms *k, uint64_t addr, char *buf, size_t len)
{
	struct ksym_answer a;

	ksyms__resolve(k, &addr, 1, &a);
	answer__format(&a, buf, len);
	return buf;
}

size_t ksyms__format_stack(struct ksyms *k, const uint64_t *ips, int nr, char *buf, size_t len)
{
	struct ksym_answer ans[MAX_KSYMS_QUERY];
	char frame[NAME_MAX_LEN + 24];
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < nr; i++)
		if (!ips[i] || i == MAX_KSYMS_QUERY)
			nr = i;
	ksyms__resolve(k, ips, nr, ans);
	for (int i = 0; i < nr && off + 1 < len; i++) {
		int n;

		answer__format(&ans[i], frame, sizeof(frame));
		n = snprintf(buf + off, len - off, "%s\n", frame);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
	}
	return off;
}
