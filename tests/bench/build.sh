#!/usr/bin/env bash
# Build what the benchmarks need beyond `make unit`: the bare mm_page_alloc
# BPF programs (the hot-path floor), their loader, and bpf_cost (the programs'
# run time from the kernel's statistics), into build/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/bench
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
mkdir -p "$out"
if [ tests/bench/bare.bpf.c -nt $out/bare.bpf.o ]; then
	clang -g -O2 -target bpf -D__TARGET_ARCH_$arch -Wall -Werror -Ivmlinux/$arch \
		-c tests/bench/bare.bpf.c -o $out/bare.bpf.o
fi
if [ tests/bench/bare_loader.c -nt $out/bare_loader ]; then
	gcc -O2 -g -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror tests/bench/bare_loader.c \
		-static -lbpf -lelf -lz -lzstd -o $out/bare_loader
fi
if [ tests/bench/bpf_cost.c -nt $out/bpf_cost ]; then
	gcc -O2 -g -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror tests/bench/bpf_cost.c \
		-static -lbpf -lelf -lz -lzstd -o $out/bpf_cost
fi
