/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal checks for unit tests: each CHECK prints one line the runner counts. */
#ifndef OOMTRACE_TEST_CHECK_H
#define OOMTRACE_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond, name, ...)                                              \
	do {                                                                \
		if (cond) {                                                 \
			printf("ok - %s\n", name);                          \
		} else {                                                    \
			check_failures++;                                   \
			printf("FAIL - %s: ", name);                        \
			printf(__VA_ARGS__);                                \
			printf(" (%s:%d)\n", __FILE__, __LINE__);           \
		}                                                           \
	} while (0)

#define CHECK_INT(got, want, name)                                          \
	CHECK((long long)(got) == (long long)(want), name, "got %lld, want %lld", \
	      (long long)(got), (long long)(want))

#define CHECK_STR(got, want, name)                                          \
	CHECK(strcmp((got), (want)) == 0, name, "got \"%s\", want \"%s\"", (got), (want))

#define CHECK_DONE() return check_failures ? 1 : 0

#endif
