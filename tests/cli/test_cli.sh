#!/usr/bin/env bash
# The command line: help, bad input, missing privileges and missing BTF give
# one clear line and a non-zero exit; --features and --dry-run tell the truth.
source "$(dirname "$0")/../lib.sh"

expect_error() {	# expect_error NAME WANT_RC PATTERN CMD...
	local name=$1 want=$2 pattern=$3; shift 3
	local err rc
	err=$("$@" 2>&1 >/dev/null); rc=$?
	if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, want $want ($err)"; return; fi
	if [ "$(printf '%s\n' "$err" | grep -c .)" -ne 1 ]; then fail "$name" "not one line: $err"; return; fi
	[[ "$err" =~ $pattern ]] && ok "$name" || fail "$name" "message '$err' lacks /$pattern/"
}

"$OOMTRACE" help | grep -q "explain" && ok cli/help-lists-commands || fail cli/help-lists-commands "no explain"
"$OOMTRACE" --help | grep -q -- "--no-enrich" && ok cli/live-help || fail cli/live-help "no --no-enrich"
"$OOMTRACE" record --help | grep -q -- "--max-files" && ok cli/record-help || fail cli/record-help "no --max-files"
expect_error cli/unknown-command 2 "unknown command 'frobnicate'" "$OOMTRACE" frobnicate
expect_error cli/unknown-option 2 "unknown option '--frobnicate'" "$OOMTRACE" --frobnicate
expect_error cli/bad-duration 2 "invalid duration 'soon'" "$OOMTRACE" --duration soon
expect_error cli/bad-pid 2 "invalid pid" "$OOMTRACE" --pid -3
expect_error cli/bad-ringbuf 2 "ring buffer size" "$OOMTRACE" --ringbuf-kb 1
expect_error cli/stray-argument 2 "unexpected argument 'foo'" "$OOMTRACE" live --duration 1 foo
expect_error cli/missing-value 2 "option '--duration' needs a value" "$OOMTRACE" --duration
expect_error cli/record-needs-output 2 "record needs -o FILE" "$OOMTRACE" record
expect_error cli/missing-btf 1 "cannot read BTF from /nonexistent.btf" "$OOMTRACE" --btf /nonexistent.btf --duration 1

# without privileges: one line that says how to run it
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	expect_error cli/needs-root 1 "run as root: sudo oomtrace" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$OOMTRACE" --duration 1
else
	skip cli/needs-root "no 'nobody' user or setpriv"
fi

# --features: what this kernel really offers
feat=$("$OOMTRACE" --features)
grep -q "^raw_tp: *yes" <<<"$feat" && ok cli/features-raw_tp || fail cli/features-raw_tp "$feat"
want_fentry=no
"$OOMTRACE" --dry-run | grep -q "chosen    fentry/out_of_memory" && want_fentry=yes
grep -q "^fentry: *$want_fentry" <<<"$feat" && ok cli/features-agree-with-dry-run ||
	fail cli/features-agree-with-dry-run "fentry line vs dry run ($want_fentry)"
uname_r=$(uname -r)
grep -q "^kernel: *$uname_r " <<<"$feat" && ok cli/features-kernel || fail cli/features-kernel "$feat"

# --dry-run: exactly one form of mark_victim chosen, its classic twin skipped
dry=$("$OOMTRACE" --dry-run)
n=$(grep -c "^  chosen .*mark_victim" <<<"$dry")
check_eq cli/dry-run-one-victim-hook "$n" 1
grep -q "skipped   tracepoint/oom/mark_victim .*raw_tp used instead" <<<"$dry" &&
	ok cli/dry-run-classic-twin-skipped || fail cli/dry-run-classic-twin-skipped "$(grep mark_victim <<<"$dry")"
# --btf FILE: raw_tp cannot use a foreign BTF, so the classic tracepoints take over
dry=$("$OOMTRACE" --dry-run --btf /sys/kernel/btf/vmlinux)
grep -q "chosen    tracepoint/oom/mark_victim" <<<"$dry" && ok cli/btf-file-uses-classic-tracepoints ||
	fail cli/btf-file-uses-classic-tracepoints "$(grep mark_victim <<<"$dry")"

# --duration ends the run by itself with the summary line
err=$("$OOMTRACE" --duration 0.5 2>&1 >/dev/null)
grep -q "records, .* incidents; lost: 0" <<<"$err" && ok cli/duration-ends-with-summary ||
	fail cli/duration-ends-with-summary "$err"
# SIGTERM ends it cleanly too
"$OOMTRACE" >/dev/null 2>"${TMPDIR:-/tmp}/cli.$$" & p=$!
on_exit rm -f "${TMPDIR:-/tmp}/cli.$$"
wait_for 10 grep -q "hooks attached" "${TMPDIR:-/tmp}/cli.$$"
kill -TERM $p; wait $p; rc=$?
check_eq cli/sigterm-exit-0 "$rc" 0
grep -q "records, .* incidents" "${TMPDIR:-/tmp}/cli.$$" && ok cli/sigterm-summary-line ||
	fail cli/sigterm-summary-line "$(cat "${TMPDIR:-/tmp}/cli.$$")"
exit ${FAILED:-0}
