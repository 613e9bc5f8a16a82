/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel addresses to "function+0xoff", from /proc/kallsyms, loaded on first use. */
#ifndef OOMTRACE_KSYMS_H
#define OOMTRACE_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksyms;

struct ksyms *ksyms__load(void);	/* NULL when unreadable */
/* The same, also noting the addresses of the named symbols of any type
 * (addrs[i] stays 0 for a name the table does not have). */
struct ksyms *ksyms__load_wanted(const char *const *wanted, uint64_t *addrs, int nr_wanted);
void ksyms__free(struct ksyms *k);
/* "func+0x1a" or the hex address; returns buf */
const char *ksyms__format(const struct ksyms *k, uint64_t addr, char *buf, size_t len);
/* one frame per line into buf */
size_t ksyms__format_stack(const struct ksyms *k, const uint64_t *ips, int nr, char *buf, size_t len);

#endif
