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

# memcg_v1_group NAME DIR FILE=VALUE...: the group with memory.FILE set to each
# VALUE, or a skip; memcg_v1_remove DIR undoes it, the OOM killer back on first.
memcg_v1_group() {
	local name=$1 dir=$2 kv
	shift 2
	mkdir "$dir" || { echo "skip - $name: cannot set up $dir"; exit 0; }
	for kv in "$@"; do
		echo "${kv#*=}" > "$dir/memory.${kv%%=*}" || { echo "skip - $name: cannot set up $dir"; exit 0; }
	done
}

memcg_v1_remove() {
	[ -d "$1" ] || return 0
	echo 0 > "$1/memory.oom_control" 2>/dev/null
	rmdir "$1" 2>/dev/null
}
