// SPDX-License-Identifier: GPL-2.0
/* Defines the maps and globals every BPF file shares (common.bpf.h). */
#define OOMTRACE_DEFINE_SHARED
#include "common.bpf.h"
#include "stream.bpf.h"

char LICENSE[] SEC("license") = "GPL";
