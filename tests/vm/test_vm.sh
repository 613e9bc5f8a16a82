#!/usr/bin/env bash
# oomtrace on real kernels: boots Debian's 6.1 and 6.12 cloud kernels in QEMU
# (TCG), one VM per scenario, two at a time, and compares what oomtrace reported
# with what the guest kernel printed (tests/vm/check.py).
#   KERNEL=6.1|6.12        only that kernel line      (default: both)
#   SCENARIO=NAME[,NAME]   only those scenarios       (default: all)
#   VM_JOBS=N              VMs at a time               (default: 2)
#   VM_TIMEOUT=S           limit per VM in seconds     (default: 90; 6 rounds fit the runner's 600 s)
#   VM_VERBOSE=1           oomtrace -v in the guest (verifier logs)
# Serial logs of the last run: tests/vm/cache/logs/KERNEL-SCENARIO.log (and
# KERNEL-SCENARIO.failed.log: the last run of that cell that failed)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export OOMTRACE=${OOMTRACE:-$root/build/oomtrace}	# check.py runs `oomtrace explain` with it
# longest first: two VMs at a time pack better
all_scenarios=(enrich_vs_tp global_swap_full global_swap_free fragmentation global_noswap memcg_noswap)
kernels=(6.1 6.12)
[ -n "${KERNEL:-}" ] && IFS=', ' read -r -a kernels <<<"$KERNEL"
scenarios=("${all_scenarios[@]}")
[ -n "${SCENARIO:-}" ] && IFS=', ' read -r -a scenarios <<<"$SCENARIO"
jobs_max=${VM_JOBS:-2}

skip_all() {	# skip_all WHY: every cell skipped, loudly
	echo "################ VM TESTS NOT RUN: $1 ################" >&2
	for k in "${kernels[@]}"; do for s in "${scenarios[@]}"; do echo "skip - vm/$k/$s: $1"; done; done
	exit 0
}
fail_all() {
	for k in "${kernels[@]}"; do for s in "${scenarios[@]}"; do echo "FAIL - vm/$k/$s: $1"; done; done
	exit 1
}

for s in "${scenarios[@]}"; do
	case " ${all_scenarios[*]} " in *" $s "*) ;; *) echo "FAIL - vm: unknown SCENARIO '$s' (one of: ${all_scenarios[*]})"; exit 1 ;; esac
done
for k in "${kernels[@]}"; do
	case "$k" in 6.1|6.12) ;; *) echo "FAIL - vm: unknown KERNEL '$k' (6.1 or 6.12)"; exit 1 ;; esac
done
command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)"
[ "$(id -u)" -eq 0 ] || skip_all "needs root (mknod for the initramfs console)"
command -v python3 >/dev/null || fail_all "python3 not found: the host-side checker needs it"
[ -x "$OOMTRACE" ] || fail_all "$OOMTRACE not built: run 'make'"

tmp=$(mktemp -d)
pids=()
kill_tree() {	# kill_tree PID: the process and everything it started (qemu included)
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
cleanup() {
	for p in "${pids[@]}"; do kill_tree "$p"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Helpers: the ones `make unit` built, else build them here.
helpers=$root/build/tests/helpers
if [ ! -x "$helpers/vm_hog" ] || [ ! -x "$helpers/vm_frag" ]; then
	helpers=$tmp/helpers
	mkdir -p "$helpers"
	for h in vm_hog vm_frag; do
		${CC:-gcc} -O2 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror "$root/tests/helpers/$h.c" \
			-static -o "$helpers/$h" || fail_all "cannot build tests/helpers/$h.c"
	done
fi

logs=${VM_CACHE:-$here/cache}/logs
mkdir -p "$logs"
declare -A kdir initrd
for k in "${kernels[@]}"; do
	if ! d=$("$here/fetch_kernel.sh" "$k" 2>"$tmp/fetch.err"); then
		why=$(tail -1 "$tmp/fetch.err")
		echo "################ VM TESTS FOR $k NOT RUN: cannot fetch the Debian kernel: $why ################" >&2
		for s in "${scenarios[@]}"; do echo "skip - vm/$k/$s: cannot fetch the Debian $k cloud kernel: $why"; done
		continue
	fi
	if ! HELPERS_DIR=$helpers "$here/mkinitrd.sh" "$d" "$tmp/initrd-$k.gz" "$OOMTRACE" 2>"$tmp/mk.err"; then
		for s in "${scenarios[@]}"; do echo "FAIL - vm/$k/$s: initramfs: $(tail -1 "$tmp/mk.err")"; done
		continue
	fi
	kdir[$k]=$d
	initrd[$k]=$tmp/initrd-$k.gz
	echo "# vm: $k = $(cat "$d/package")" >&2
done

cells=()
for s in "${scenarios[@]}"; do
	for k in "${kernels[@]}"; do
		[ -n "${kdir[$k]:-}" ] && cells+=("$k $s")
	done
done

run_cell() {	# run_cell KERNEL SCENARIO: boot, check, write the verdict lines to $tmp/res-K-S
	local k=$1 s=$2 log=$tmp/$1-$2.log part=$tmp/part-$1-$2 t0=$SECONDS
	"$here/run_vm.sh" "${kdir[$k]}" "${initrd[$k]}" "$s" "$log" "${VM_TIMEOUT:-90}"
	python3 "$here/check.py" "vm/$k/$s" "$s" "$log" >"$part" 2>&1 ||
		grep -q '^FAIL - ' "$part" || echo "FAIL - vm/$k/$s: check.py crashed: $(tail -1 "$part")" >>"$part"
	cp "$log" "$logs/$k-$s.log" 2>/dev/null	# kept for reading; concurrent runs do not share $log
	if grep -q '^FAIL - ' "$part"; then
		cp "$log" "$logs/$k-$s.failed.log" 2>/dev/null	# the last failure stays for a later look
		echo "#   serial log: $logs/$k-$s.failed.log ($((SECONDS - t0)) s)" >>"$part"
	fi
	mv "$part" "$tmp/res-$k-$s"	# whole, so report() never reads half of it
}

report() {	# print the lines of every finished cell once
	local f
	for f in "$tmp"/res-*; do
		[ -e "$f" ] || continue
		cat "$f"
		mv "$f" "$tmp/done-${f#"$tmp"/res-}"
	done
}

start=$SECONDS
for cell in "${cells[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
		report
	done
	# shellcheck disable=SC2086
	run_cell $cell &
	pids+=($!)
done
wait
report
# a cell whose job died before its result must not pass unnoticed
for cell in "${cells[@]}"; do
	# shellcheck disable=SC2086
	set -- $cell
	[ -e "$tmp/done-$1-$2" ] || echo "FAIL - vm/$1/$2: the cell's job ended without a result"
done
echo "# vm: ${#cells[@]} VMs in $((SECONDS - start)) s" >&2
