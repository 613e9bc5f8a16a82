# Shared by the slow-path live tests. shellcheck shell=bash
# require_live_memcg_v1 NAME HOG: root, the cgroup v1 memory controller and the
# built binaries, or a skip (what this machine lacks) / FAIL (what the build lacks).
require_live_memcg_v1() {
	local name=$1 hog=$2

	if [ "$(id -u)" -ne 0 ]; then echo "skip - $name: needs root"; exit 0; fi
	if [ ! -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
		echo "skip - $name: no cgroup v1 memory controller"; exit 0
	fi
	if [ ! -x "$hog" ] || [ ! -x "${OOMTRACE:-}" ]; then
		echo "FAIL - $name: build first (missing $hog or \$OOMTRACE)"; exit 1
	fi
}
