#!/usr/bin/env bash
# Fetch and unpack one Debian cloud kernel line into tests/vm/cache/LINE/:
#   vmlinuz, config, version, modules/*.ko (zram and its dependencies, uncompressed).
# Usage: fetch_kernel.sh 6.1|6.12    prints the cache directory on success.
# The exact package is resolved through the meta-package (never a glob:
# `apt-get download` of a pattern fetches every version on the mirror).
set -euo pipefail
line=${1:?usage: fetch_kernel.sh 6.1|6.12}
here=$(cd "$(dirname "$0")" && pwd)
cache=${VM_CACHE:-$here/cache}
case "$line" in
6.1) meta=linux-image-cloud-amd64 ;;
6.12) meta=linux-image-6.12-cloud-amd64 ;;
*) echo "fetch_kernel: unknown kernel line '$line' (6.1 or 6.12)" >&2; exit 2 ;;
esac
dir=$cache/$line
mkdir -p "$cache"
exec 9>"$cache/.lock-$line"	# one fetch per line at a time (concurrent test runs)
flock 9
if [ -s "$dir/vmlinuz" ] && [ -s "$dir/version" ] && [ -e "$dir/modules/zram.ko" ]; then
	echo "$dir"; exit 0
fi

resolve() {
	apt-cache depends "$meta" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(resolve)
if [ -z "$pkg" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(resolve)
fi
[ -n "$pkg" ] || { echo "fetch_kernel: cannot resolve $meta to a kernel package (apt-cache depends)" >&2; exit 1; }

work=$(mktemp -d "$cache/.fetch-$line.XXXXXX")
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download -q "$pkg" ) >"$work/download.log" 2>&1 || {
	tail -3 "$work/download.log" >&2
	echo "fetch_kernel: apt-get download $pkg failed (no route to the Debian mirror?)" >&2; exit 1; }
deb=$(ls "$work"/*.deb)
mkdir "$work/x"
dpkg-deb -x "$deb" "$work/x"

kver=$(ls "$work/x/lib/modules" | head -1)
moddir=$work/x/lib/modules/$kver
mkdir -p "$work/out/modules"
cp "$work/x/boot/vmlinuz-$kver" "$work/out/vmlinuz"
cp "$work/x/boot/config-$kver" "$work/out/config"
echo "$kver" >"$work/out/version"
echo "$pkg" >"$work/out/package"

# zram plus everything it needs, in load order (dependencies first), plus the
# compressors zram can use (they are not hard dependencies).
find_ko() { find "$moddir" -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" | head -1; }
order=()
add_mod() {
	local m=$1 f d
	for d in "${order[@]}"; do [ "$d" = "$m" ] && return 0; done
	f=$(find_ko "$m")
	[ -n "$f" ] || return 0	# built in, or absent: nothing to load
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do add_mod "$d"; done
	order+=("$m")
	case "$f" in
	*.xz) xz -dc "$f" >"$work/out/modules/$m.ko" ;;
	*.zst) zstd -qdc "$f" >"$work/out/modules/$m.ko" ;;
	*) cp "$f" "$work/out/modules/$m.ko" ;;
	esac
}
for m in lzo lzo_rle lzo-rle lz4_compress lz4 lz4hc_compress lz4hc zsmalloc zram; do add_mod "$m"; done
printf '%s\n' "${order[@]}" >"$work/out/modules/order"
[ -e "$work/out/modules/zram.ko" ] || grep -q '^CONFIG_ZRAM=y' "$work/out/config" ||
	{ echo "fetch_kernel: $pkg has no zram module" >&2; exit 1; }
touch "$work/out/modules/zram.ko"	# marks a complete cache even when zram is built in

rm -rf "$dir"
mv "$work/out" "$dir"
echo "$dir"
