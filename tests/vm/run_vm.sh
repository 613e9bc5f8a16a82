#!/usr/bin/env bash
# Boot one VM for one scenario and save its serial log (\r stripped):
#   run_vm.sh KERNEL_CACHE_DIR INITRD SCENARIO LOG [TIMEOUT_S]
# Exit: 0 when the guest printed its result marker, 1 otherwise (panic, hang, timeout).
# VM_QEMU_OPTS: more QEMU options (make bench: -icount, to count instructions);
# VM_APPEND: more kernel command-line words.
set -uo pipefail
kdir=$1 initrd=$2 scenario=$3 log=$4 limit=${5:-${VM_TIMEOUT:-90}}
mem=${VM_MEM:-256}
# panic_print=0x20: a panic replays the whole kernel log to the console, so a
# guest that died says why (the OOM reports before it, their task tables),
# which loglevel=1 keeps off the console otherwise
# shellcheck disable=SC2086 # VM_QEMU_OPTS is a list of options
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -smp 1 ${VM_QEMU_OPTS:-} \
	-kernel "$kdir/vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 quiet loglevel=1 panic=-1 oops=panic panic_print=0x20 vmtest_scenario=$scenario${VM_VERBOSE:+ vmtest_verbose=1}${VM_APPEND:+ $VM_APPEND}" \
	-display none -monitor none -serial stdio -nodefaults -no-reboot </dev/null 2>&1 |
	tr -d '\r' >"$log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 124 ] && echo "@@HOST timeout after ${limit}s" >>"$log"
grep -q '^@@VMTEST RESULT ' "$log"
