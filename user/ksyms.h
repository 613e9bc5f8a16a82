/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel addresses to "function+0xoff" and symbol names to addresses, from
 * /proc/kallsyms read when asked (no table is kept; answers are cached). */
#ifndef OOMTRACE_KSYMS_H
#define OOMTRACE_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_KSYMS_QUERY 128	/* frames answered per stack */

struct ksyms;

struct ksyms *ksyms__new(void);
void ksyms__free(struct ksyms *k);
/* passes over /proc/kallsyms so far (each costs ~30 ms of kernel time) */
uint64_t ksyms__passes(const struct ksyms *k);
/* Where the named symbols of any type are: addrs[i] = 0 for a name kallsyms
 * lacks. One pass; false when /proc/kallsyms is unreadable. */
bool ksyms__find_names(const char *const *names, uint64_t *addrs, int nr);
/* "func+0x1a", or the hex address when no symbol is known; returns buf */
const char *ksyms__format(struct ksyms *k, uint64_t addr, char *buf, size_t len);
/* one frame per line into buf, up to the first zero address */
size_t ksyms__format_stack(struct ksyms *k, const uint64_t *ips, int nr, char *buf, size_t len);

#endif
