#!/usr/bin/env bash
# A real memcg OOM (cgroup v1, 32M limit, swap fenced off with memsw) recorded
# live with 'oomtrace record --json': 'oomtrace report --json' of the capture,
# run without privileges, must give the same incident as the live output of
# the same run, field by field (only "source" differs: live vs capture).
source "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/oomtrace-record-oom.XXXXXX)
[ -n "${KEEP:-}" ] || on_exit rm -rf "$tmp"
cp "$OOMTRACE" "$tmp/oomtrace" && OOMTRACE=$tmp/oomtrace	# others may rebuild meanwhile
cp "$HELPERS/live_hog" "$tmp/live_hog" && HELPERS=$tmp

memcg_v1_cgroup record-oom 32

cap=$tmp/oom.cap
"$OOMTRACE" record -o "$cap" --json >"$tmp/live.json" 2>"$tmp/err" &
rec=$!
on_exit kill -INT $rec
if ! wait_for 10 grep -q "hooks attached" "$tmp/err"; then
	fail record-oom/starts "$(head -3 "$tmp/err")"
	exit 1
fi
ok record-oom/starts
"$HELPERS/live_hog" --cgroup-procs "$cg/cgroup.procs" --adj 123 --max-mb 512 2>/dev/null &
hog=$!
{ wait $hog; } 2>/dev/null
rc=$?
check_eq record-oom/hog-killed "$rc" 137
wait_for 5 grep -q "\"type\":\"incident\".*\"victim\":{[^}]*\"pid\":$hog," "$tmp/live.json" && ok record-oom/live-incident ||
	fail record-oom/live-incident "no incident live; stderr: $(tail -2 "$tmp/err")"
kill -INT $rec
wait $rec
check_eq record-oom/record-exits-0 "$?" 0
grep -q "^oomtrace: $cap: [0-9]* records in [0-9]* blocks" "$tmp/err" && ok record-oom/exit-line ||
	fail record-oom/exit-line "$(tail -2 "$tmp/err")"
check_eq record-oom/capture-mode "$(stat -c %a "$cap")" 600
info=$("$OOMTRACE" report --info "$cap" 2>&1)
grep -q "boot id     $(cat /proc/sys/kernel/random/boot_id)" <<<"$info" &&
	grep -q "host        $(hostname), kernel $(uname -r) ($(uname -m)), page size $(getconf PAGESIZE)" <<<"$info" &&
	grep -q "hooks       .*hooks attached" <<<"$info" && grep -q "names       carried in the file (from btf" <<<"$info" &&
	ok record-oom/header-describes-the-host || fail record-oom/header-describes-the-host "$info"

# report as nobody: no privileges, no BPF (a readable copy: the capture is 0600 root)
cp "$cap" "$tmp/copy.cap" && chmod 644 "$tmp/copy.cap" && chmod 755 "$tmp"
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$OOMTRACE" report --json "$tmp/copy.cap" >"$tmp/report.json" 2>"$tmp/report.err"
	check_eq record-oom/report-unprivileged-exit-0 "$?" 0
else
	"$OOMTRACE" report --json "$tmp/copy.cap" >"$tmp/report.json" 2>"$tmp/report.err"
	skip record-oom/report-unprivileged "setpriv not installed; ran report as root"
fi

python3 - "$tmp/live.json" "$tmp/report.json" "$hog" <<'PY'
import json, sys
def incidents(path):
    out = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            o = json.loads(line)
            if o.get("type") == "incident" and (o.get("victim") or {}).get("pid") == hog:
                out.append(o)
    return out
hog = int(sys.argv[3])
live, rep = incidents(sys.argv[1]), incidents(sys.argv[2])
def res(name, good, why=""):
    print(("ok - %s" % name) if good else ("FAIL - %s: %s" % (name, why)))
res("record-oom/report-same-incident-count", len(live) == len(rep) == 1,
    "live %d, report %d" % (len(live), len(rep)))
if live and rep:
    a, b = live[0], rep[0]
    res("record-oom/victim-is-the-hog", b.get("victim", {}).get("pid") == hog, "report victim %s" % b.get("victim"))
    res("record-oom/same-victim", a.get("victim") == b.get("victim"), "%s vs %s" % (a.get("victim"), b.get("victim")))
    codes = lambda o: [v.get("code") for v in o.get("verdict", [])]
    res("record-oom/same-verdicts", codes(a) == codes(b) and codes(a), "%s vs %s" % (codes(a), codes(b)))
    res("record-oom/source-is-capture", b.get("source") == "capture", "source %s" % b.get("source"))
    diffs = []
    def walk(x, y, p):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                walk(x.get(k), y.get(k), p + "." + k)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (u, v) in enumerate(zip(x, y)):
                walk(u, v, "%s[%d]" % (p, i))
        elif x != y and p != ".source":
            diffs.append("%s: %r != %r" % (p, x, y))
    walk(a, b, "")
    res("record-oom/identical-but-source", not diffs, "; ".join(diffs)[:600])
PY
[ $? -eq 0 ] || FAILED=1
exit ${FAILED:-0}
