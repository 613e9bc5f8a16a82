// SPDX-License-Identifier: GPL-2.0
/* Per-task episode state: a fixed-size open-addressing table keyed by tid. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "task_state.h"

#define TABLE_SIZE (TASK_STATES_MAX * 2)	/* power of two, load factor <= 0.5 */

struct task_states {
	struct task_state *slots;
	int used;
	uint64_t evicted;
	struct inc_history system;
	uint64_t system_first_ts;
};

static void history__zero(struct inc_history *h)
{
	memset(h, 0, sizeof(*h));
}

struct task_states *task_states__new(void)
{
	struct task_states *ts = calloc(1, sizeof(*ts));

	if (!ts)
		return NULL;
	ts->slots = calloc(TABLE_SIZE, sizeof(*ts->slots));
	if (!ts->slots) {
		free(ts);
		return NULL;
	}
	return ts;
}

void task_states__free(struct task_states *ts)
{
	if (!ts)
		return;
	free(ts->slots);
	free(ts);
}

static uint32_t slot_of(uint32_t tid)
{
	return hash__u32(tid) & (TABLE_SIZE - 1);
}

struct task_state *task_states__find(struct task_states *ts, uint32_t tid)
{
	for (uint32_t i = slot_of(tid), n = 0; n < TABLE_SIZE; i = (i + 1) & (TABLE_SIZE - 1), n++) {
		if (!ts->slots[i].used)
			return NULL;
		if (ts->slots[i].tid == tid)
			return &ts->slots[i];
	}
	return NULL;
}

/* Remove slot i and re-place the run after it (linear probing deletion). */
static void table__remove(struct task_states *ts, uint32_t i)
{
	ts->slots[i].used = 0;
	ts->used--;
	for (uint32_t j = (i + 1) & (TABLE_SIZE - 1); ts->slots[j].used; j = (j + 1) & (TABLE_SIZE - 1)) {
		struct task_state moved = ts->slots[j];

		ts->slots[j].used = 0;
		ts->used--;
		struct task_state *dst = NULL;

		for (uint32_t k = slot_of(moved.tid);; k = (k + 1) & (TABLE_SIZE - 1))
			if (!ts->slots[k].used) {
				dst = &ts->slots[k];
				break;
			}
		*dst = moved;
		ts->used++;
	}
}

/* Full: drop the task that has been quiet longest, and count it. */
static void table__evict_oldest(struct task_states *ts)
{
	uint32_t oldest = 0;
	uint64_t oldest_ts = UINT64_MAX;

	for (uint32_t i = 0; i < TABLE_SIZE; i++)
		if (ts->slots[i].used && ts->slots[i].last_ts < oldest_ts) {
			oldest_ts = ts->slots[i].last_ts;
			oldest = i;
		}
	table__remove(ts, oldest);
	ts->evicted++;
}

void task_state__reset_episode(struct task_state *t, uint64_t now)
{
	history__zero(&t->hist);
	t->first_ts = now;
	t->compact_try_ts = 0;
}

struct task_state *task_states__get(struct task_states *ts, uint32_t tid, uint64_t now)
{
	struct task_state *t = task_states__find(ts, tid);

	if (t) {
		if (now > t->last_ts + EPISODE_GAP_NS)
			task_state__reset_episode(t, now);
		if (now > t->last_ts)
			t->last_ts = now;
		return t;
	}
	if (ts->used >= TASK_STATES_MAX)
		table__evict_oldest(ts);
	for (uint32_t i = slot_of(tid);; i = (i + 1) & (TABLE_SIZE - 1)) {
		if (ts->slots[i].used)
			continue;
		t = &ts->slots[i];
		memset(t, 0, sizeof(*t));
		t->used = 1;
		t->tid = tid;
		t->first_ts = t->last_ts = now;
		t->oom_score_adj = 0;
		ts->used++;
		return t;
	}
}

uint64_t task_states__evicted(const struct task_states *ts)
{
	return ts->evicted;
}

struct inc_history *task_states__system(struct task_states *ts)
{
	return &ts->system;
}
