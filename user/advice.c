// SPDX-License-Identifier: GPL-2.0
/*
 * The short answer and the "what to do" lines: words chosen from the
 * verdicts, never new conclusions (every claim here comes from a verdict or
 * a figure in the incident).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "incident.h"

struct code_words {
	const char *code;
	const char *cause;	/* completes "... because " */
	const char *todo;
};

/* in order of how much they explain: the first present verdicts lead the short answer */
static const struct code_words words[] = {
	{ "CONTAINER_LIMIT", "the container hit its OpenVZ/Virtuozzo beancounter limits",
	  "Raise the container's limits (vzctl set VEID --ram/--swap or the privvmpages/oomguarpages beancounters) or reduce what runs in it; check /proc/user_beancounters failcnt." },
	{ "MEMCG_LIMIT", "its memory cgroup reached its limit",
	  "Raise the cgroup's limit (memory.max / memory.limit_in_bytes, docker -m, Kubernetes resources.limits.memory) or reduce the workload's memory; the host may have free memory." },
	{ "MEMCG_SWAP_LIMIT", "the cgroup could not swap any more (its swap or memory+swap limit was reached, or swap is disabled for it)",
	  "Raise memory.swap.max / memory.memsw.limit_in_bytes (docker --memory-swap) if swapping is acceptable, or give the cgroup more memory." },
	{ "ZONE_RESTRICTED", "the request could only use low memory zones, and those were exhausted while other zones had free memory",
	  "On 32-bit kernels move to a 64-bit kernel (lowmem is under 1 GB whatever the RAM size); otherwise find what pins DMA/DMA32/Normal memory (slab, page tables) and raise vm.lowmem_reserve_ratio only with care." },
	{ "FRAGMENTATION", "free memory was fragmented: there was enough in total but no free block of the needed size",
	  "Raise vm.min_free_kbytes, enable proactive compaction (vm.compaction_proactiveness) or trigger it (echo 1 > /proc/sys/vm/compact_memory); avoid bursts of high-order requests (fork storms, jumbo-frame network buffers)." },
	{ "CMA_UNUSABLE", "the free memory was in CMA areas, usable only by movable allocations",
	  "Reduce the CMA reservation (cma= boot option) or make the failing allocation movable." },
	{ "CPUSET_CONSTRAINT", "its cpuset allowed only some NUMA nodes, and those were full",
	  "Widen the cpuset's cpuset.mems or give its nodes more memory; the rest of the machine may have free memory." },
	{ "MEMPOLICY_CONSTRAINT", "a NUMA memory policy bound it to nodes that were full",
	  "Use a preferred (not bind) policy (numactl --preferred) or allow more nodes." },
	{ "NODE_RESTRICTED", "it was bound to NUMA nodes that were full while other nodes had free memory",
	  "Check numactl/cpuset bindings and __GFP_THISNODE callers; allow the request to fall back to other nodes." },
	{ "SWAP_EXHAUSTED", "RAM and swap were both full",
	  "Find the task whose memory grows (the victim's anon-rss, the task table) and fix or limit it; add swap only if the growth is bounded." },
	{ "NO_SWAP", "there is no swap, so anonymous memory could only stay in RAM",
	  "Add RAM or swap (a swap file or zram), or limit the largest consumers with memory cgroups." },
	{ "UNRECLAIMABLE_SLAB", "kernel slab memory that cannot be reclaimed grew larger than all user memory",
	  "Look at /proc/slabinfo or slabtop for the growing cache: usually a kernel leak or a driver; killing processes will not free it." },
	{ "HUGETLB", "a large part of RAM is reserved for hugetlb pages",
	  "Lower vm.nr_hugepages (or the hugepages= boot option) to what the applications really map." },
	{ "SHMEM", "much memory sat in shmem/tmpfs, which killing processes does not free",
	  "Clean up /dev/shm and tmpfs mounts (e.g. /tmp on tmpfs), cap them with size=, or add swap so shmem can be swapped." },
	{ "UNEVICTABLE", "much memory was mlocked or otherwise unevictable",
	  "Find who mlocks (VmLck in /proc/*/status, ramfs, SHM_LOCK) and reduce it; raise RLIMIT_MEMLOCK carefully." },
	{ "DIRTY_WRITEBACK", "many file pages were dirty or under writeback and could not be freed quickly",
	  "Lower vm.dirty_ratio / vm.dirty_background_ratio (or *_bytes) and check for slow storage." },
	{ "ATOMIC", "the request could not wait (atomic context): it could not reclaim, swap or compact",
	  "Usually a driver or network allocation in interrupt context: raise vm.min_free_kbytes so atomic requests find free pages; if the caller copes, the warning is harmless (__GFP_NOWARN)." },
	{ "GFP_NOIO", "the request forbade I/O (GFP_NOIO), so reclaim could not swap or write back",
	  "Often storage/driver paths (memalloc_noio); raise vm.min_free_kbytes so such requests find free pages." },
	{ "GFP_NOFS", "the request forbade filesystem calls (GFP_NOFS), so reclaim could not write dirty file pages",
	  "Often a filesystem holding locks; raise vm.min_free_kbytes, lower dirty limits; check the filesystem for known bugs." },
	{ "HIGH_ORDER", "it needed physically contiguous pages (a high-order block)",
	  "High-order requests depend on fragmentation: see FRAGMENTATION; callers such as fork (kernel stacks) need order 1-2." },
	{ "COSTLY_ORDER", "the request was costly (order > 3 or __GFP_NORETRY) and gave up early by design",
	  "The caller normally falls back to a smaller allocation: the warning is usually harmless unless it repeats with visible failures." },
	{ "OOM_SCORE_ADJ", "oom_score_adj settings, not size, decided which process died",
	  "Review oom_score_adj of the victim and of protected tasks (-1000 makes a task unkillable); systemd OOMScoreAdjust= and container runtimes set these." },
};

static const struct code_words *words__find(const char *code)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].code, code) == 0)
			return &words[i];
	return NULL;
}

const char *advice__todo(const char *code)
{
	const struct code_words *w = words__find(code);

	return w ? w->todo : NULL;
}

struct out {
	char *buf;
	size_t len, pos;
};

static void out__printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out__printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL, o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += n;
}

static const struct inc_verdict *verdict__get(const struct incident *inc, const char *code)
{
	for (int i = 0; i < inc->nr_verdicts; i++)
		if (strcmp(inc->verdicts[i].code, code) == 0)
			return &inc->verdicts[i];
	return NULL;
}

size_t advice__why_not_swap(const struct incident *inc, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	bool high = verdict__get(inc, "FRAGMENTATION") || verdict__get(inc, "ZONE_RESTRICTED");

	if (len)
		buf[0] = '\0';
	if (verdict__get(inc, "CONTAINER_LIMIT"))
		out__printf(&o, "Swap did not help because the container's own limits were reached, whatever the host had.");
	else if (verdict__get(inc, "MEMCG_SWAP_LIMIT"))
		out__printf(&o, "Swap did not help because the cgroup's swap allowance was used up or disabled.");
	else if (verdict__get(inc, "NO_SWAP") && high)
		out__printf(&o, "There is no swap, but it would not have helped: the shortage was of contiguous blocks, "
			    "and swapping frees scattered pages.");
	else if (verdict__get(inc, "NO_SWAP"))
		out__printf(&o, "Swap did not help because there is no swap.");
	else if (verdict__get(inc, "SWAP_EXHAUSTED"))
		out__printf(&o, "Swap did not help because it was full too (%" PRId64 "kB free of %" PRId64 "kB).",
			    inc->swap_free_kb, inc->swap_total_kb);
	else if (verdict__get(inc, "ATOMIC"))
		out__printf(&o, "Swap could not help: an atomic request cannot wait for pages to be written to swap%s.",
			    high ? ", and swapping frees scattered pages, not contiguous blocks" : "");
	else if (verdict__get(inc, "GFP_NOIO"))
		out__printf(&o, "Swap could not help: the request forbade I/O, and swapping out is I/O.");
	else if (high)
		out__printf(&o, "Swap could not help: the shortage was of contiguous blocks%s, and swapping frees scattered "
			    "pages%s.", verdict__get(inc, "ZONE_RESTRICTED") ? " in the zones this request may use" : "",
			    known(inc->swap_free_kb) && inc->swap_free_kb > 0 ? " (swap was mostly free)" : "");
	else if (verdict__get(inc, "MEMCG_LIMIT")) {
		if (known(inc->memcg.stat_swap_kb) && inc->memcg.stat_swap_kb > 0)
			out__printf(&o, "Swap did not keep the cgroup under its limit although it was swapping (%" PRId64
				    "kB in swap): the limit counts RAM.", inc->memcg.stat_swap_kb);
		else if (inc->nr_victims > 0 && known(inc->victims[0].swapents_kb) && inc->victims[0].swapents_kb > 0)
			out__printf(&o, "Swap did not keep the cgroup under its limit although the victim had %" PRId64
				    "kB in swap: the limit counts RAM.", inc->victims[0].swapents_kb);
		else
			out__printf(&o, "Swap did not keep the cgroup under its limit (the report shows no cgroup swap use).");
	}
	else if (verdict__get(inc, "UNRECLAIMABLE_SLAB") || verdict__get(inc, "HUGETLB") ||
		 verdict__get(inc, "UNEVICTABLE"))
		out__printf(&o, "Swap could not help: the memory was held by the kernel, hugetlb or locked pages, which "
			    "cannot be swapped.");
	else if (known(inc->swap_free_kb) && inc->swap_free_kb > 0)
		out__printf(&o, "Swap had %" PRId64 "kB free but the evidence does not show why reclaim did not use it.",
			    inc->swap_free_kb);
	else
		out__printf(&o, "The report does not show swap figures.");
	return o.pos;
}

static void task__describe(struct out *o, const struct inc_task *t)
{
	out__printf(o, "%s", t->comm[0] ? t->comm : "?");
	if (known(t->pid))
		out__printf(o, " (pid %" PRId64 ")", t->pid);
}

size_t advice__short(const struct incident *inc, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char swap[300];
	int causes = 0;
	bool swap_said = false;	/* a swap verdict already given as a cause */

	if (len)
		buf[0] = '\0';
	/* what failed */
	if (inc->kind == INCIDENT_CONTAINER_KILL) {
		/* a burst whose exit lines were not logged still signalled its tasks */
		int kills = inc->nr_victims ? inc->nr_victims : inc->container.nr_kills;

		if (inc->nr_victims || !kills)
			out__printf(&o, "The container's OOM killer killed %d process(es)", kills);
		else
			out__printf(&o, "The container's OOM killer signalled %d process(es) (their exit is not in the log)",
				    kills);
	} else {
		if (inc->kind == INCIDENT_ALLOC_FAILURE)
			out__printf(&o, "An allocation by ");
		else
			out__printf(&o, "A request by ");
		task__describe(&o, &inc->trigger);
		if (known(inc->order) && inc->order >= 0 && inc->order < 32)
			out__printf(&o, " for %" PRId64 "kB%s", (inc->page_size / 1024) << inc->order,
				    inc->order > 0 ? " of contiguous memory" : "");
		if (inc->gfp_text[0])
			out__printf(&o, " (%s)", inc->gfp_text);
		if (inc->kind == INCIDENT_ALLOC_FAILURE) {
			out__printf(&o, " failed");
		} else {
			out__printf(&o, " could not be met, so the OOM killer killed ");
			if (inc->nr_victims > 0) {
				task__describe(&o, &inc->victims[0].task);
				if (known(inc->victims[0].anon_rss_kb))
					out__printf(&o, ", %" PRId64 "kB anon", inc->victims[0].anon_rss_kb);
				if (inc->nr_victims > 1)
					out__printf(&o, " and %d more", inc->nr_victims - 1);
			} else {
				out__printf(&o, "a process the report does not name");
			}
		}
	}
	/* why */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && causes < 3; i++) {
		if (!verdict__get(inc, words[i].code))
			continue;
		/* HIGH_ORDER only adds to a stronger cause; COSTLY_ORDER is a note, not a cause */
		if (strcmp(words[i].code, "COSTLY_ORDER") == 0)
			continue;
		if (strcmp(words[i].code, "HIGH_ORDER") == 0 && verdict__get(inc, "FRAGMENTATION"))
			continue;
		/* with a contiguity problem, swap is not a cause: the swap sentence covers it */
		if ((strcmp(words[i].code, "NO_SWAP") == 0 || strcmp(words[i].code, "SWAP_EXHAUSTED") == 0) &&
		    (verdict__get(inc, "FRAGMENTATION") || verdict__get(inc, "ZONE_RESTRICTED")))
			continue;
		const char *cause = words[i].cause;

		/* inside a cgroup, RAM as a whole was not necessarily full */
		if (strcmp(words[i].code, "NO_SWAP") == 0 && verdict__get(inc, "MEMCG_LIMIT"))
			cause = "there is no swap for the cgroup's anonymous memory";
		out__printf(&o, "%s%s", causes == 0 ? ", because " : (causes == 1 ? "; also " : "; and "), cause);
		swap_said |= strcmp(words[i].code, "NO_SWAP") == 0 || strcmp(words[i].code, "SWAP_EXHAUSTED") == 0 ||
			     strcmp(words[i].code, "MEMCG_SWAP_LIMIT") == 0;
		causes++;
	}
	if (causes == 0)
		out__printf(&o, "; the evidence is not enough to say why");
	out__printf(&o, ".");
	if (!swap_said) {
		advice__why_not_swap(inc, swap, sizeof(swap));
		out__printf(&o, " %s", swap);
	}
	if (verdict__get(inc, "COSTLY_ORDER"))
		out__printf(&o, " The request was costly and the caller normally has a fallback, so this is usually harmless.");
	return o.pos;
}

size_t advice__why_victim(const struct incident *inc, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	const struct inc_verdict *adj = verdict__get(inc, "OOM_SCORE_ADJ");
	const struct inc_task_row *big = NULL;

	if (len)
		buf[0] = '\0';
	if (inc->nr_victims < 1)
		return 0;
	if (adj) {
		out__printf(&o, "chosen by oom_score_adj, not size: %s", adj->evidence);
		return o.pos;
	}
	for (int i = 0; i < inc->nr_tasks; i++) {
		const struct inc_task_row *t = &inc->tasks[i];

		if (known(t->rss_pages) && (!big || t->rss_pages + (known(t->swapents) ? t->swapents : 0) >
							 big->rss_pages + (known(big->swapents) ? big->swapents : 0)))
			big = t;
	}
	if (big && known(inc->victims[0].task.pid) && big->tgid == inc->victims[0].task.pid)
		out__printf(&o, "the largest task by rss+swap in the task table");
	else if (inc->nr_tasks == 1)
		out__printf(&o, "the only eligible task");
	else if (known(inc->victims[0].score))
		out__printf(&o, "highest oom badness score (%" PRId64 ")", inc->victims[0].score);
	return o.pos;
}
