// SPDX-License-Identifier: GPL-2.0
/*
 * The floor for the hot-path benchmark: programs on mm_page_alloc that do
 * nothing but return. Whatever oomtrace costs above bare_btf is its own work.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/mm_page_alloc")
int BPF_PROG(bare_btf)
{
	return 0;
}

SEC("tracepoint/kmem/mm_page_alloc")
int bare_tp(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
