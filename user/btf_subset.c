// SPDX-License-Identifier: GPL-2.0
/*
 * Passes over the file: strings (where do the wanted names live), types
 * (where does each type start, which are roots), the closure (the types it
 * reaches), the names those types carry. Where the kernel lets its BTF be
 * mapped (6.16+) the passes walk the mapping and the types and names point
 * into it; elsewhere no pass holds more than a 64 KiB window, and the closure's
 * types and names are fetched and copied (the names in file order).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <bpf/btf.h>

#include "btf_closure.h"
#include "btf_subset.h"
#include "hash.h"

#define WINDOW (64 * 1024)

/* ---- 64 Kbit filters: "maybe" or a sure "no" before the exact test ---- */

struct sketch {
	uint64_t bits[1024];
};

static inline void sketch__add(struct sketch *s, uint32_t k)
{
	s->bits[(k & 0xffff) / 64] |= 1ULL << (k % 64);
}

static inline bool sketch__may_have(const struct sketch *s, uint32_t k)
{
	return s->bits[(k & 0xffff) / 64] >> (k % 64) & 1;
}

/* ---- a set of names ---- */

struct name_set {
	char **slots;
	uint32_t mask, used;
	struct sketch filter;	/* name__sketch(): names that may be in the set */
};

struct name_set *name_set__new(void)
{
	struct name_set *s = calloc(1, sizeof(*s));

	if (s && !(s->slots = calloc(256, sizeof(*s->slots)))) {
		free(s);
		return NULL;
	}
	if (s)
		s->mask = 255;
	return s;
}

void name_set__free(struct name_set *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i <= s->mask; i++)
		free(s->slots[i]);
	free(s->slots);
	free(s);
}

/* 16 bits from the length and three of the bytes: cheap, and with a few
 * hundred names in the set only ~1 % of other strings get past it. */
static inline uint32_t name__sketch(const char *name, size_t n)
{
	const uint8_t *b = (const uint8_t *)name;
	uint32_t h = (uint32_t)n * 0x9E3779B1u ^ b[0] * 0x85EBCA77u ^ b[n / 2] * 0xC2B2AE3Du ^ b[n - 1] * 0x27D4EB2Fu;

	return (h ^ h >> 15) * 0x2C1B3C6Du >> 16;
}

static inline bool name_set__has(const struct name_set *s, const char *name, size_t n)
{
	uint32_t k;

	/* most of the kernel's 100 000+ strings stop here, unhashed */
	if (!n || n >= 256)
		return false;
	k = name__sketch(name, n);
	if (!sketch__may_have(&s->filter, k))
		return false;
	for (uint32_t i = hash__bytes(name, n, HASH_BYTES_SEED) & s->mask; s->slots[i]; i = (i + 1) & s->mask)
		if (!strncmp(s->slots[i], name, n) && !s->slots[i][n])
			return true;
	return false;
}

static int name_set__grow(struct name_set *s)
{
	uint32_t size = (s->mask + 1) * 2;
	char **slots = calloc(size, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (uint32_t i = 0; i <= s->mask; i++) {
		char *name = s->slots[i];

		if (!name)
			continue;
		uint32_t j = hash__bytes(name, strlen(name), HASH_BYTES_SEED) & (size - 1);

		while (slots[j])
			j = (j + 1) & (size - 1);
		slots[j] = name;
	}
	free(s->slots);
	s->slots = slots;
	s->mask = size - 1;
	return 0;
}

int name_set__add(struct name_set *s, const char *name)
{
	size_t n = strlen(name);
	uint32_t i;

	if (!n || n >= 256 || name_set__has(s, name, n))
		return 0;
	if ((s->used + 1) * 2 > s->mask && name_set__grow(s))
		return -ENOMEM;
	for (i = hash__bytes(name, n, HASH_BYTES_SEED) & s->mask; s->slots[i]; i = (i + 1) & s->mask)
		;
	if (!(s->slots[i] = strdup(name)))
		return -ENOMEM;
	s->used++;
	uint32_t k = name__sketch(name, n);

	sketch__add(&s->filter, k);
	return 0;
}

/* ---- a window over the file ---- */

struct reader {
	int fd;
	char *buf;
	size_t cap, len;
	uint64_t base;
	const char *map;	/* the whole file, when the kernel lets it be mapped */
	size_t map_len;
};

/* Bytes [off, off + n) of the file, reading `ahead` bytes when it must read
 * (sysfs gives at most a page per read); valid until the next call. Mapped:
 * a pointer into the file, the window being all of it. */
static const char *reader__at(struct reader *r, uint64_t off, size_t n, size_t ahead)
{
	size_t want = n > ahead ? n : ahead, got = 0;

	if (r->map) {
		r->base = 0;
		r->len = r->map_len;
		if (off + n > r->map_len) {
			errno = EIO;
			return NULL;
		}
		return r->map + off;
	}
	if (off >= r->base && off + n <= r->base + r->len)
		return r->buf + (off - r->base);
	if (want > r->cap) {
		char *b = realloc(r->buf, want);

		if (!b)
			return NULL;
		r->buf = b;
		r->cap = want;
	}
	while (got < want) {
		ssize_t k = pread(r->fd, r->buf + got, want - got, (off_t)(off + got));

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	r->base = off;
	r->len = got;
	if (got < n) {
		errno = EIO;
		return NULL;
	}
	return r->buf;
}

/* The kernel's own BTF can be mapped (Linux 6.16+): no copy, no read per page,
 * and its pages are the kernel's, not counted in our RSS. Only sysfs: a
 * regular file could shrink under the mapping (SIGBUS). */
static void reader__map(struct reader *r)
{
	struct statfs fs;
	struct stat st;
	void *p;

	if (fstatfs(r->fd, &fs) || fs.f_type != SYSFS_MAGIC || fstat(r->fd, &st) || st.st_size <= 0)
		return;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (p == MAP_FAILED)
		return;		/* older kernels: read it a page at a time */
	r->map = p;
	r->map_len = (size_t)st.st_size;
}

/* ---- the passes ---- */

struct subset {
	struct reader seq, one;		/* passes; single types */
	struct btf_header hdr;
	uint64_t types_at, strs_at;	/* file offsets of the sections */
	const struct name_set *wanted;
	uint32_t *wanted_offs;		/* string offsets of wanted names */
	struct sketch offs_filter;	/* off__bit(): offsets that may be wanted */
	uint32_t nr_wanted_offs, cap_wanted_offs;
	uint32_t *type_off;		/* per type id, from the type section's start */
	uint32_t nr_types, cap_types;
	uint32_t *roots, nr_roots, cap_roots;
	struct btf_type **cache;	/* fetched types, per id of the closure (open addressing) */
	uint32_t *cache_ids, cache_mask, cache_used;
	uint32_t *names;		/* string offsets the kept types carry, then their text */
	uint32_t nr_names, cap_names;
	char **name_text;
};

static int u32__push(uint32_t **arr, uint32_t *nr, uint32_t *cap, uint32_t v)
{
	if (*nr == *cap) {
		uint32_t ncap = *cap ? *cap * 2 : 256, *a = realloc(*arr, ncap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		*arr = a;
		*cap = ncap;
	}
	(*arr)[(*nr)++] = v;
	return 0;
}

/* The index of v in a sorted array, or -1. */
static int64_t u32__find(const uint32_t *arr, uint32_t nr, uint32_t v)
{
	uint32_t lo = 0, hi = nr;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (arr[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nr && arr[lo] == v ? (int64_t)lo : -1;
}

/* wanted_offs is sorted: the strings pass finds them in file order. Most
 * types' names are not wanted: a 64 Kbit filter answers for them. */
static inline uint32_t off__bit(uint32_t off)
{
	return hash__u32(off) >> 16;
}

static bool offs__has(const struct subset *s, uint32_t off)
{
	uint32_t k = off__bit(off);

	if (!sketch__may_have(&s->offs_filter, k))
		return false;
	return u32__find(s->wanted_offs, s->nr_wanted_offs, off) >= 0;
}

/* Up to `len` bytes of the file from `off` (all of them mapped, a window
 * read): the pointer, and in *avail how many are there (0: error in errno). */
static const char *reader__span(struct reader *r, uint64_t off, size_t len, size_t *avail)
{
	const char *p;
	size_t have;

	r->len = 0;	/* a window read from off, not the tail of the last one */
	p = reader__at(r, off, 1, r->map ? len : WINDOW);
	have = p ? r->base + r->len - off : 0;

	*avail = have < len ? have : len;
	return p;
}

static int pass__strings(struct subset *s)
{
	uint32_t pos = 0, len = s->hdr.str_len;

	while (pos < len) {
		size_t avail, used = 0;
		const char *w = reader__span(&s->seq, s->strs_at + pos, len - pos, &avail), *nul;

		if (!w)
			return -errno;
		while (used < avail && (nul = memchr(w + used, '\0', avail - used))) {
			const char *p = w + used;
			size_t n = (size_t)(nul - p);

			if (name_set__has(s->wanted, p, n)) {
				uint32_t off = pos + (uint32_t)used;

				if (u32__push(&s->wanted_offs, &s->nr_wanted_offs, &s->cap_wanted_offs, off))
					return -ENOMEM;
				sketch__add(&s->offs_filter, off__bit(off));
			}
			used += n + 1;
		}
		if (!used)	/* longer than a window, or not terminated */
			return -EINVAL;
		pos += (uint32_t)used;	/* a string cut by the window's end: read again from it */
	}
	return 0;
}

static bool kind__wanted(int kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
	       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FWD ||
	       kind == BTF_KIND_FUNC;
}

/* A type to start the closure from: of a wanted name, or an anonymous enum
 * whose first value has one. */
static bool type__is_root(const struct subset *s, const struct btf_type *t)
{
	if (t->name_off)
		return kind__wanted(btf_kind(t)) && offs__has(s, t->name_off);
	return btf_is_enum(t) && btf_vlen(t) && offs__has(s, btf_enum(t)->name_off);
}

static int pass__types(struct subset *s)
{
	uint32_t pos = 0, len = s->hdr.type_len;
	int err = u32__push(&s->type_off, &s->nr_types, &s->cap_types, 0);	/* id 0: void */

	while (!err && pos < len) {
		size_t avail, used = 0, size;
		const char *w = reader__span(&s->seq, s->types_at + pos, len - pos, &avail);

		if (!w)
			return -errno;
		while (!err && used + sizeof(struct btf_type) <= avail) {
			const struct btf_type *t = (const void *)(w + used);

			size = btf_type__size(t);
			if (!size)
				return -EINVAL;	/* a kind this code does not know */
			if (used + size > avail) {
				if (used || size > len - pos)
					break;	/* cut by the window: from here next time (or cut short) */
				/* one type longer than a window (a huge enum): read it whole */
				w = reader__at(&s->seq, s->types_at + pos, size, size);
				if (!w)
					return -errno;
				t = (const void *)w;
				avail = size;
			}
			err = u32__push(&s->type_off, &s->nr_types, &s->cap_types, pos + (uint32_t)used);
			if (!err && type__is_root(s, t))
				err = u32__push(&s->roots, &s->nr_roots, &s->cap_roots, s->nr_types - 1);
			used += size;
		}
		if (!used)	/* cut short */
			return -EINVAL;
		pos += (uint32_t)used;
	}
	return err;
}

/* One type of the closure, fetched once and kept until the end. */
static const struct btf_type *subset__type(void *ctx, uint32_t id)
{
	struct subset *s = ctx;
	uint32_t i;

	if (!id || id >= s->nr_types)
		return NULL;
	if (s->seq.map)		/* whole and complete: pass__types checked each */
		return (const void *)(s->seq.map + s->types_at + s->type_off[id]);
	if ((s->cache_used + 1) * 2 > s->cache_mask) {
		uint32_t size = (s->cache_mask + 1) * 2, *ids = calloc(size, sizeof(*ids));
		struct btf_type **types = calloc(size, sizeof(*types));

		if (!ids || !types) {
			free(ids);
			free(types);
			return NULL;
		}
		for (uint32_t j = 0; s->cache_ids && j <= s->cache_mask; j++) {
			uint32_t k;

			if (!s->cache_ids[j])
				continue;
			for (k = hash__u32(s->cache_ids[j]) & (size - 1); ids[k]; k = (k + 1) & (size - 1))
				;
			ids[k] = s->cache_ids[j];
			types[k] = s->cache[j];
		}
		free(s->cache_ids);
		free(s->cache);
		s->cache_ids = ids;
		s->cache = types;
		s->cache_mask = size - 1;
	}
	for (i = hash__u32(id) & s->cache_mask; s->cache_ids[i]; i = (i + 1) & s->cache_mask)
		if (s->cache_ids[i] == id)
			return s->cache[i];
	uint64_t at = s->types_at + s->type_off[id];
	const struct btf_type *t = (const void *)reader__at(&s->one, at, sizeof(*t), sizeof(*t));
	size_t size = t ? btf_type__size(t) : 0;
	const char *bytes = size ? reader__at(&s->one, at, size, size) : NULL;
	struct btf_type *copy = bytes ? malloc(size) : NULL;

	if (!copy)
		return NULL;
	memcpy(copy, bytes, size);
	s->cache_ids[i] = id;
	s->cache[i] = copy;
	s->cache_used++;
	return copy;
}

static int u32__cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int names__collect(uint32_t id, void *ctx)
{
	struct subset *s = ctx;
	const struct btf_type *t = subset__type(s, id);
	int err;

	if (!t)
		return -EIO;
	err = t->name_off ? u32__push(&s->names, &s->nr_names, &s->cap_names, t->name_off) : 0;
	for (int i = 0; !err && i < btf_vlen(t); i++) {
		uint32_t off = btf_is_composite(t) ? btf_members(t)[i].name_off :
			       btf_is_enum(t)	   ? btf_enum(t)[i].name_off :
			       btf_is_enum64(t)	   ? btf_enum64(t)[i].name_off :
			       btf_is_func_proto(t) ? btf_params(t)[i].name_off : 0;

		if (off)
			err = u32__push(&s->names, &s->nr_names, &s->cap_names, off);
	}
	return err;
}

/* The names the kept types carry, read in file order (windows, not a read
 * each). Not when mapped: subset__str points into the file. */
static int pass__names(struct subset *s, struct btf_closure *c)
{
	uint32_t n = 0;
	int err = btf_closure__each_kept(c, names__collect, s);

	if (err)
		return err;
	qsort(s->names, s->nr_names, sizeof(*s->names), u32__cmp);
	for (uint32_t i = 0; i < s->nr_names; i++)
		if (!n || s->names[n - 1] != s->names[i])
			s->names[n++] = s->names[i];
	s->nr_names = n;
	s->name_text = calloc(n ? n : 1, sizeof(*s->name_text));
	if (!s->name_text)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = s->names[i];
		const char *p = off < s->hdr.str_len ? reader__at(&s->seq, s->strs_at + off, 1, WINDOW) : NULL;
		size_t avail = p ? s->seq.base + s->seq.len - (s->strs_at + off) : 0;

		if (p && !memchr(p, '\0', avail)) {	/* cut by the window: from here */
			s->seq.len = 0;
			p = reader__at(&s->seq, s->strs_at + off, 1, WINDOW);
			avail = p ? s->seq.len : 0;
		}
		if (!p)
			return -errno;
		if (!memchr(p, '\0', avail))
			return -EINVAL;		/* not terminated */
		if (!(s->name_text[i] = strdup(p)))
			return -ENOMEM;
	}
	return 0;
}

static const char *subset__str(void *ctx, uint32_t off)
{
	struct subset *s = ctx;
	int64_t i;

	if (s->seq.map) {
		const char *p = s->seq.map + s->strs_at + off;

		return off < s->hdr.str_len && memchr(p, '\0', s->hdr.str_len - off) ? p : NULL;
	}
	i = u32__find(s->names, s->nr_names, off);

	return i >= 0 ? s->name_text[i] : NULL;
}

static void subset__free(struct subset *s)
{
	for (uint32_t i = 0; s->cache && i <= s->cache_mask; i++)
		free(s->cache[i]);
	for (uint32_t i = 0; s->name_text && i < s->nr_names; i++)
		free(s->name_text[i]);
	free(s->cache);
	free(s->cache_ids);
	free(s->name_text);
	free(s->names);
	free(s->roots);
	free(s->type_off);
	free(s->wanted_offs);
	free(s->seq.buf);
	free(s->one.buf);
	if (s->seq.map)
		munmap((void *)s->seq.map, s->seq.map_len);
	if (s->seq.fd >= 0)
		close(s->seq.fd);
}

static int subset__header(struct subset *s)
{
	const struct btf_header *h = (const void *)reader__at(&s->seq, 0, sizeof(*h), sizeof(*h));

	if (!h)
		return -errno;
	if (h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h))
		return -EPROTO;	/* not BTF, or of the other byte order */
	s->hdr = *h;
	s->types_at = h->hdr_len + (uint64_t)h->type_off;
	s->strs_at = h->hdr_len + (uint64_t)h->str_off;
	s->seq.len = 0;
	return 0;
}

struct btf *btf_subset__read(const char *path, const struct name_set *wanted, uint32_t **kernel_ids,
			     char *err, size_t errlen)
{
	struct subset s = { .seq.fd = open(path, O_RDONLY | O_CLOEXEC), .wanted = wanted };
	struct btf_source src = { subset__type, subset__str, &s, 0 };
	struct btf_closure *c = NULL;
	struct btf *btf = NULL;
	uint32_t size = 0, kept = 0, *ids = NULL;
	void *raw = NULL;
	int ret = s.seq.fd >= 0 ? 0 : -errno;
	const char *step = "open";

	if (!ret)
		reader__map(&s.seq);
	s.one = s.seq;
	if (!ret && (ret = subset__header(&s)))
		step = "header";
	if (!ret && (ret = pass__strings(&s)))
		step = "strings";
	if (!ret && (ret = pass__types(&s)))
		step = "types";
	if (!ret) {
		src.nr_types = s.nr_types;
		c = btf_closure__new(&src);
		ret = c ? 0 : -ENOMEM;
		for (uint32_t i = 0; !ret && i < s.nr_roots; i++)
			ret = btf_closure__add(c, s.roots[i]);
		if (!ret)
			ret = btf_closure__run(c);
		if (ret)
			step = "closure";
	}
	if (!ret && !s.seq.map && (ret = pass__names(&s, c)))
		step = "names";
	if (!ret) {
		raw = btf_closure__emit(c, &size, &ids, &kept);
		btf = raw ? btf__new(raw, size) : NULL;
		ret = btf ? 0 : -errno;
		step = "write";
	}
	if (ret) {
		snprintf(err, errlen, "cannot read the kernel's BTF from %s (%s): %s", path, step, strerror(-ret));
		free(ids);
	} else {
		*kernel_ids = ids;
	}
	free(raw);
	btf_closure__free(c);
	subset__free(&s);
	if (!btf)
		errno = -ret;
	return btf;
}
