#!/usr/bin/env bash
# Start-up work on the kernel's BTF (user/vmlinux_btf.c, user/btf_subset.c,
# user/core_btf.c): one read of the part needed, shared with libbpf, and CO-RE
# against the trimmed BTF patching every instruction exactly as CO-RE against
# the whole BTF does (the same comparison runs on 6.1 and 6.12 in the VM
# scenario global_noswap).
source "$(dirname "$0")/../lib.sh"

[ "$(id -u)" -eq 0 ] || { skip core-btf "needs root"; exit 0; }
[ -r /sys/kernel/btf/vmlinux ] || { skip core-btf "no /sys/kernel/btf/vmlinux"; exit 0; }

relos() {	# relos FILE: what each CO-RE relocation did, type ids left out (they differ by design)
	grep -E 'relo #[0-9]+:.*(patched insn|poison|substitut)' "$1" | sed 's/\[[0-9]*\]//g'
}

compare() {	# compare NAME [OOMTRACE OPTIONS]
	local name=$1 trimmed full
	shift
	trimmed=$(mktemp) full=$(mktemp)
	on_exit rm -f "$trimmed" "$full"
	"$OOMTRACE" -vv --duration 0.2 "$@" >/dev/null 2>"$trimmed"
	OOMTRACE_FULL_CORE=1 "$OOMTRACE" -vv --duration 0.2 "$@" >/dev/null 2>"$full"
	local n; n=$(relos "$full" | wc -l)
	if [ "$n" -gt 100 ] && [ "$(relos "$trimmed")" == "$(relos "$full")" ]; then
		ok "$name/relocations-equal-whole-btf ($n)"
	else
		fail "$name/relocations-equal-whole-btf" "$(diff <(relos "$trimmed") <(relos "$full") | head -4 | tr '\n' ' ') ($n relocations)"
	fi
	local line; line=$(grep "start-up:" "$trimmed")
	local types; types=$(sed -nE 's/.*CO-RE against ([0-9-]+) kernel types.*/\1/p' <<<"$line")
	if [ -n "$types" ] && [ "$types" -gt 0 ] && [ "$types" -lt 5000 ]; then
		ok "$name/trimmed-btf-used ($types types)"
	else
		fail "$name/trimmed-btf-used" "$line"
	fi
	grep -q "hooks attached" "$trimmed" && ok "$name/attached" || fail "$name/attached" "$(grep oomtrace: "$trimmed" | head -2)"
}

compare raw_tp
compare classic --btf /sys/kernel/btf/vmlinux

out=$("$OOMTRACE" -v --duration 0.1 2>&1 >/dev/null | grep "start-up:")
[[ "$out" == *"kernel BTF parsed 1 time(s)"* ]] && ok "vmlinux-btf-parsed-once" || fail "vmlinux-btf-parsed-once" "$out"
# only the part oomtrace needs is read (user/btf_subset.c), not the 100 000+ types
kept=$(sed -nE 's/.*\(([0-9]+) types kept, read in part\).*/\1/p' <<<"$out")
[ -n "$kept" ] && [ "$kept" -lt 5000 ] && ok "vmlinux-btf-read-in-part ($kept types)" ||
	fail "vmlinux-btf-read-in-part" "$out"
lookups=$(sed -nE 's/.* ([0-9]+) lookups indexed.*/\1/p' <<<"$out")
[ "${lookups:-0}" -gt 0 ] && ok "lookups-indexed ($lookups)" || fail "lookups-indexed" "$out"
exit ${FAILED:-0}
