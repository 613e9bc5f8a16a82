#!/usr/bin/env bash
# Build the guest initramfs for one cached kernel:
#   mkinitrd.sh KERNEL_CACHE_DIR OUT.cpio.gz [OOMTRACE]
# Holds busybox (static), /init (tests/vm/guest/init), the test helpers
# (build/tests/helpers/vm_*), the kernel's zram modules, and oomtrace when given.
# VM_EXTRA_FILES="PATH ..." adds more files to /bin (make bench: its workload and loader);
# VM_EXTRA_PROGRAMS="PATH ..." adds dynamically linked programs with the libraries ldd names.
set -euo pipefail
kdir=${1:?usage: mkinitrd.sh KERNEL_CACHE_DIR OUT [OOMTRACE]}
out=${2:?usage: mkinitrd.sh KERNEL_CACHE_DIR OUT [OOMTRACE]}
tool=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
helpers=${HELPERS_DIR:-$root/build/tests/helpers}
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "mkinitrd: busybox not found (apt-get install busybox-static)" >&2; exit 1; }
file -L "$busybox" 2>/dev/null | grep -q 'dynamically linked' &&
	{ echo "mkinitrd: $busybox is not static (apt-get install busybox-static)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
kver=$(cat "$kdir/version")
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,lib/modules/$kver}
cp "$busybox" "$stage/bin/busybox"
cp "$here/guest/init" "$stage/init"
for h in vm_hog vm_frag; do
	[ -x "$helpers/$h" ] || { echo "mkinitrd: $helpers/$h missing: run 'make unit'" >&2; exit 1; }
	cp "$helpers/$h" "$stage/bin/$h"
done
if [ -n "$tool" ]; then
	cp "$tool" "$stage/bin/oomtrace"
fi
for f in ${VM_EXTRA_FILES:-}; do
	cp "$f" "$stage/bin/" || { echo "mkinitrd: cannot add $f" >&2; exit 1; }
done
for f in ${VM_EXTRA_PROGRAMS:-}; do
	cp "$f" "$stage/bin/" || { echo "mkinitrd: cannot add $f" >&2; exit 1; }
	for lib in $(ldd "$f" | grep -oE '/[^ ]+'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib" || { echo "mkinitrd: cannot add $lib for $f" >&2; exit 1; }
	done
done
cp "$kdir"/modules/*.ko "$kdir/modules/order" "$stage/lib/modules/$kver/"
mknod "$stage/dev/console" c 5 1 2>/dev/null || true
( cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1 ) >"$out.tmp"
mv "$out.tmp" "$out"
