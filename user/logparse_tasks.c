// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM report's task table. Its columns changed across eras (nr_ptes,
 * nr_pmds, pgtables_bytes, rss_anon/rss_file/rss_shmem, cpu/oom_adj on 2.6),
 * so rows are read by the header's column names, not by position.
 */
#include <string.h>

#include "logparse_int.h"
#include "logparse_scan.h"

static uint8_t column_role(const char *s, const char *e)
{
	static const struct {
		const char *name;
		uint8_t role;
	} names[] = {
		{ "uid", COL_UID }, { "tgid", COL_TGID }, { "total_vm", COL_TOTAL_VM },
		{ "rss", COL_RSS }, { "nr_ptes", COL_NR_PTES }, { "nr_pmds", COL_NR_PTES },
		{ "pgtables_bytes", COL_PGTABLES_BYTES }, { "swapents", COL_SWAPENTS },
		{ "oom_score_adj", COL_OOM_SCORE_ADJ },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((size_t)(e - s) == strlen(names[i].name) && !memcmp(s, names[i].name, e - s))
			return names[i].role;
	return COL_SKIP;	/* rss_anon, rss_file, rss_shmem, cpu, oom_adj, ... */
}

/* "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name" */
bool lp_tasks__header(struct lp_stream *st, const char *s, const char *e)
{
	const char *close = memchr(s, ']', e - s);
	const char *p;

	if (!close || !sc_find(s, close, "pid") || !sc_find(close, e, "uid"))
		return false;
	st->ncols = 0;
	for (p = sc_ws(close + 1, e); p < e; p = sc_ws(p, e)) {
		const char *te = sc_tok_end(p, e);

		if (te - p == 4 && !memcmp(p, "name", 4))
			return st->ncols > 0;
		if (st->ncols >= LP_MAX_COLS)
			return false;
		st->cols[st->ncols++] = column_role(p, te);
		p = te;
	}
	/* wrapped before "name": fine when the columns are the kernel's */
	return st->ncols >= 4 && st->cols[0] == COL_UID && st->cols[1] == COL_TGID;
}

/*
 * "[  273]     0   273     4869       50      13        0             0 upstart-udev-br".
 * A row cut by a mail client (numbers or name on the next line) is kept in
 * st->partial and completed by the next line.
 */
static bool row_parse(struct lp_stream *st, const char *s, const char *e, bool may_wait)
{
	struct incident *inc = &st->inc;
	struct inc_task_row *row;
	int64_t pid, v[LP_MAX_COLS];
	const char *p = sc_ws(s + 1, e);

	if (!sc_int(&p, e, &pid) || p >= e || *p != ']')
		return false;
	p++;
	for (int i = 0; i < st->ncols; i++) {
		p = sc_ws(p, e);
		if (p == e && may_wait)
			goto wait;
		if (!sc_int(&p, e, &v[i]))
			return false;
	}
	if (sc_ws(p, e) == e && may_wait)
		goto wait;
	if (inc->nr_tasks >= LOGPARSE_MAX_TASKS) {
		st->dropped_tasks++;
		return true;
	}
	row = incident__add_task_row(inc);
	if (!row)
		return true;
	row->pid = pid;
	for (int i = 0; i < st->ncols; i++) {
		switch (st->cols[i]) {
		case COL_UID: row->uid = v[i]; break;
		case COL_TGID: row->tgid = v[i]; break;
		case COL_TOTAL_VM: row->total_vm_pages = v[i]; break;
		case COL_RSS: row->rss_pages = v[i]; break;
		case COL_NR_PTES:
			/* page-table pages; pgtables_bytes replaced them in 4.15 */
			row->pgtables_bytes = (known(row->pgtables_bytes) ? row->pgtables_bytes : 0) +
					      v[i] * inc->page_size;
			break;
		case COL_PGTABLES_BYTES: row->pgtables_bytes = v[i]; break;
		case COL_SWAPENTS: row->swapents = v[i]; break;
		case COL_OOM_SCORE_ADJ: row->oom_score_adj = v[i]; break;
		}
	}
	sc_copy(row->name, sizeof(row->name), p, e);
	return true;
wait:
	if ((size_t)(e - s) >= sizeof(st->partial))
		return false;
	memcpy(st->partial, s, e - s);
	st->partial_len = e - s;
	return true;
}

bool lp_tasks__row(struct lp_stream *st, const char *s, const char *e)
{
	if (st->partial_len) {
		/* a cut row followed by a whole one: keep what the cut one had */
		size_t n = st->partial_len;

		st->partial_len = 0;
		row_parse(st, st->partial, st->partial + n, false);
	}
	return row_parse(st, s, e, true);
}

/* A wrapped task table: "name" alone after the header, or the rest of a cut row. */
bool lp_tasks__wrapped(struct lp_stream *st, const char *s, const char *e)
{
	char buf[sizeof(st->partial) * 2];
	size_t n = st->partial_len;

	if (e - s == 4 && !memcmp(s, "name", 4) && st->inc.nr_tasks == 0 && !n)
		return true;
	if (!n || (size_t)(e - s) + n + 2 > sizeof(buf))
		return false;
	memcpy(buf, st->partial, n);
	buf[n] = ' ';
	memcpy(buf + n + 1, s, e - s);
	st->partial_len = 0;
	return row_parse(st, buf, buf + n + 1 + (e - s), false);
}

/* What the kill line did not say about a victim, its task-table row may. */
void lp_tasks__fill_victims(struct incident *inc)
{
	int64_t kb_per_page = inc->page_size / 1024;

	for (int i = 0; i < inc->nr_victims; i++) {
		struct inc_victim *v = &inc->victims[i];
		struct inc_task_row *row = NULL;

		if (!known(v->task.pid))
			continue;
		for (int j = 0; j < inc->nr_tasks && !row; j++)
			if (inc->tasks[j].pid == v->task.pid)
				row = &inc->tasks[j];
		if (!row)
			continue;
		if (!known(v->task.uid))
			v->task.uid = row->uid;
		if (!known(v->task.oom_score_adj))
			v->task.oom_score_adj = row->oom_score_adj;
		if (!v->task.comm[0])
			memcpy(v->task.comm, row->name, sizeof(v->task.comm));
		if (known(row->swapents))
			v->swapents_kb = row->swapents * kb_per_page;
		if (!known(v->total_vm_kb) && known(row->total_vm_pages))
			v->total_vm_kb = row->total_vm_pages * kb_per_page;
		if (!known(v->pgtables_kb) && known(row->pgtables_bytes))
			v->pgtables_kb = row->pgtables_bytes / 1024;
	}
}
