#!/usr/bin/env bash
# Install the Debian 12 packages oomtrace needs, quietly and only when missing.
#   deps.sh build   compiler, libbpf, bpftool, static libraries, and what the tests use
#   deps.sh bench   the peer tools the benchmarks compare against
set -euo pipefail
case "${1:-build}" in
build) pkgs=(make gcc clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev
	     libc6-dev linux-libc-dev qemu-system-x86 busybox-static cpio xz-utils kmod
	     util-linux procps python3 libclang-rt-14-dev strace) ;;
bench) pkgs=(trace-cmd bpftrace linux-perf hyperfine) ;;
*) echo "usage: $0 build|bench" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "oomtrace: missing packages (${missing[*]}): run as root: sudo make deps" >&2
	exit 1
fi
echo "  DEPS     installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
log=$(mktemp)
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
	cat "$log" >&2; echo "oomtrace: could not install ${missing[*]}" >&2; exit 1
fi
rm -f "$log"
