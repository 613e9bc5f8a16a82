/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnosis: from an incident's evidence to verdict codes (docs/verdicts.md),
 * each with the numbers that prove it. Used on live, replayed and parsed
 * incidents alike; never gives a code without evidence in the incident.
 */
#ifndef OOMTRACE_DIAGNOSE_H
#define OOMTRACE_DIAGNOSE_H

struct incident;

/* Appends verdicts to inc->verdicts (keeps any already there). */
void diagnose__incident(struct incident *inc);

#endif
