// SPDX-License-Identifier: GPL-2.0
/* /proc/kallsyms, sorted by address, searched by bisection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *syms;
	size_t nr;
	char *names;	/* one allocation for all names */
	size_t names_len, names_cap;
};

static int ksym__cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ksyms *ksyms__load(void)
{
	return ksyms__load_wanted(NULL, NULL, 0);
}

struct ksyms *ksyms__load_wanted(const char *const *wanted, uint64_t *addrs, int nr_wanted)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	struct ksyms *k = calloc(1, sizeof(*k));
	size_t cap = 0, *offs = NULL;
	char line[512], name[256], type;
	unsigned long long addr;

	if (!f || !k)
		goto fail;
	while (fgets(line, sizeof(line), f)) {
		/* "ffffffff81000000 T _stext\t[module]": parsed by hand, sscanf is too slow here */
		char *p = line, *end;

		addr = strtoull(p, &end, 16);
		if (end == p || !addr || end[0] != ' ' || !end[1] || end[2] != ' ')
			continue;
		type = end[1];
		p = end + 3;
		size_t n0 = strcspn(p, " \t\n");

		if (!n0 || n0 >= sizeof(name))
			continue;
		memcpy(name, p, n0);
		name[n0] = '\0';
		for (int i = 0; i < nr_wanted; i++)
			if (!addrs[i] && !strcmp(name, wanted[i]))
				addrs[i] = addr;
		if (type != 't' && type != 'T' && type != 'W' && type != 'w')
			continue;
		if (k->nr == cap) {
			cap = cap ? cap * 2 : 65536;
			struct ksym *s = realloc(k->syms, cap * sizeof(*s));
			size_t *o = realloc(offs, cap * sizeof(*o));

			if (!s || !o) {
				free(s ? s : k->syms);
				free(o ? o : offs);
				k->syms = NULL;
				offs = NULL;
				goto fail;
			}
			k->syms = s;
			offs = o;
		}
		size_t n = strlen(name) + 1;

		if (k->names_len + n > k->names_cap) {
			size_t ncap = k->names_cap ? k->names_cap * 2 : 1 << 20;
			char *nn = realloc(k->names, ncap);

			if (!nn)
				goto fail;
			k->names = nn;
			k->names_cap = ncap;
		}
		memcpy(k->names + k->names_len, name, n);
		offs[k->nr] = k->names_len;
		k->syms[k->nr++].addr = addr;
		k->names_len += n;
	}
	fclose(f);
	f = NULL;
	if (!k->nr)
		goto fail;
	/* give back what the doubling over-allocated: this table lives as long as the run */
	struct ksym *fit = realloc(k->syms, k->nr * sizeof(*k->syms));
	char *nfit = realloc(k->names, k->names_len);

	if (fit)
		k->syms = fit;
	if (nfit)
		k->names = nfit;
	for (size_t i = 0; i < k->nr; i++)
		k->syms[i].name = k->names + offs[i];
	free(offs);
	qsort(k->syms, k->nr, sizeof(*k->syms), ksym__cmp);
	return k;
fail:
	if (f)
		fclose(f);
	free(offs);
	ksyms__free(k);
	return NULL;
}

void ksyms__free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->names);
	free(k);
}

const char *ksyms__format(const struct ksyms *k, uint64_t addr, char *buf, size_t len)
{
	size_t lo = 0, hi = k ? k->nr : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	else
		snprintf(buf, len, "%s+0x%llx", k->syms[lo - 1].name,
			 (unsigned long long)(addr - k->syms[lo - 1].addr));
	return buf;
}

size_t ksyms__format_stack(const struct ksyms *k, const uint64_t *ips, int nr, char *buf, size_t len)
{
	size_t off = 0;
	char frame[300];

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < nr && ips[i] && off + 1 < len; i++) {
		int n = snprintf(buf + off, len - off, "%s\n", ksyms__format(k, ips[i], frame, sizeof(frame)));

		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
	}
	return off;
}
