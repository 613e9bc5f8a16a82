#!/usr/bin/env bash
# oomtrace explain end to end: every fixture's .json against `explain --json`,
# paste formats made from the fixtures, stdin, several files, truncated and
# garbage input, exit codes and the one-line errors.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
FIX=${TESTS_DIR:-$here/..}/fixtures
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"

# explain_json NAME FILE...: JSON lines of explain into $tmp/NAME.json, exit code into $tmp/NAME.rc
explain_json() {
	local name=$1; shift
	timeout 20 "$OOMTRACE" explain --json "$@" >"$tmp/$name.json" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# 1. Each fixture against what its .json says the report shows.
for js in "$FIX"/*.json; do
	log=${js%.json}.log
	base=$(basename "$log" .log)
	[ -e "$log" ] || continue
	explain_json "$base" "$log"
	out=$(python3 - "$js" "$tmp/$base.json" <<'PY'
import json, sys
want = json.load(open(sys.argv[1]))
incs = [json.loads(l) for l in open(sys.argv[2]) if l.startswith("{")]
incs = [o for o in incs if o.get("type") == "incident"]
errs = []
if not incs:
    print("no incident"); sys.exit()
o = incs[0]
kind = {"memcg_oom": "oom_kill", "global_oom": "oom_kill"}.get(want["kind"], want["kind"])
def eq(what, got, exp):
    if got != exp:
        errs.append("%s: got %r want %r" % (what, got, exp))
eq("kind", o["kind"], kind)
eq("trigger comm", o["trigger"]["comm"], want["trigger_comm"])
eq("order", o["order"], want["trigger_order"])
g = want["trigger_gfp"]
raw = g.split("(")[0]
eq("gfp raw", int(o["gfp"]["raw"], 16), int(raw, 16))
if "(" in g:
    eq("gfp text", o["gfp"]["text"], g[g.index("(") + 1:-1])
eq("kernel version", o["kernel_version"], want["kernel_version"])
eq("swap total", o["swap"]["total_kb"], want["swap_total_kb"])
eq("swap free", o["swap"]["free_kb"], want["swap_free_kb"])
killed = [v for v in (o.get("victims") or []) if v.get("killed")]
if want["victim_pid"] is None:
    eq("victims", len(killed), 0)
else:
    eq("victim pid", killed[0]["pid"] if killed else None, want["victim_pid"])
    eq("victim comm", killed[0]["comm"] if killed else None, want["victim_comm"])
cons = {"memcg_oom": "memcg", "global_oom": "global", "alloc_failure": "unknown"}[want["kind"]]
eq("constraint", o["constraint"], want["constraint"] or cons)
eq("truncated", bool(set(o.get("incomplete") or []) & {"victim", "header"}), want["truncated"])
print("; ".join(errs))
PY
)
	rc=$(cat "$tmp/$base.rc")
	if [ "$rc" != 0 ]; then
		fail "explain $base" "exit $rc: $(head -c 300 "$tmp/$base.err")"
	elif [ -n "$out" ]; then
		fail "explain $base matches its .json" "$out"
	else
		ok "explain $base matches its .json"
	fi
done

# 2. The blog/forum excerpts.
explain_json seed0 "$FIX"/seed_000_*.txt
out=$(python3 - "$tmp/seed0.json" <<'PY'
import json, sys
incs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = []
if len(incs) != 2:
    print("want 2 incidents, got %d" % len(incs)); sys.exit()
java, mysqld = incs
# the java kill (20:28) comes before the mysqld report (22:09): an earlier OOM whose header is not in the excerpt
if not (java["victims"] and java["victims"][0]["pid"] == 4348 and java["victims"][0]["comm"] == "java"):
    errs.append("first incident should be the java 4348 kill: %r" % java["victims"])
if "header" not in (java.get("incomplete") or []):
    errs.append("java kill should be flagged headerless: %r" % java.get("incomplete"))
m = mysqld
for what, got, want in [("comm", m["trigger"]["comm"], "mysqld"), ("pid", m["trigger"]["pid"], 670),
                        ("order", m["order"], 1), ("gfp", m["gfp"]["raw"], "0x27000c0"),
                        ("swap free", m["swap"]["free_kb"], 1036992), ("swap total", m["swap"]["total_kb"], 1048572),
                        ("arch", m["arch"], "i686"), ("constraint", m["constraint"], "global")]:
    if got != want:
        errs.append("mysqld %s: got %r want %r" % (what, got, want))
if "HighMem" not in [z["name"] for z in m["zones"]]:
    errs.append("no HighMem zone")
if "victim" not in (m.get("incomplete") or []):
    errs.append("mysqld report has no victim lines: should be flagged")
print("; ".join(errs))
PY
)
check_eq "explain seed_000 (victim lines before the header belong to an earlier OOM)" "$out" ""

explain_json seed1 "$FIX"/seed_001_*.txt
check_eq "explain seed_001 (article without a log): exit 1" "$(cat "$tmp/seed1.rc")" 1
check_eq "explain seed_001: one clear line on stderr" \
	"$(cat "$tmp/seed1.err")" "oomtrace: no OOM or allocation-failure report found in $(ls "$FIX"/seed_001_*.txt)"

explain_json seed2 "$FIX"/seed_002_*.txt
out=$(python3 - "$tmp/seed2.json" <<'PY'
import json, sys
incs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
if not incs:
    print("no incident"); sys.exit()
o = incs[0]
errs = []
if o["kind"] != "container_kill": errs.append("kind %s" % o["kind"])
if (o.get("container") or {}).get("ve_id") != 13516: errs.append("ve %r" % o.get("container"))
if len(o["victims"]) != 20: errs.append("%d victims" % len(o["victims"]))
if o["host"] != "EL135": errs.append("host %r" % o["host"])
print("; ".join(errs))
PY
)
check_eq "explain seed_002: OpenVZ container kill in ve 13516 with 20 victims" "$out" ""

# 3. Paste formats made from fixture 02 (bare messages first), each must give the same answer.
sed -E 's/^[A-Z][a-z]{2} +[0-9]+ [0-9:]{8} [^ ]+ kernel: \[ *[0-9.]+\] //' "$FIX/02_cadvisor_global_gce_noswap.log" >"$tmp/bare.txt"
summary() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    if not l.startswith("{"): continue
    o = json.loads(l)
    v = [x["pid"] for x in o["victims"] if x["killed"]]
    print(o["kind"], o["trigger"]["comm"], o["order"], o["gfp"]["raw"], o["constraint"], o["swap"]["total_kb"],
          v, len(o["zones"]), len(o["tasks"]) if isinstance(o["tasks"], list) else o["tasks"], sorted(o.get("incomplete") or []))
' "$1"
}
explain_json bare "$tmp/bare.txt"
want=$(summary "$tmp/bare.json")
if [[ "$want" == "oom_kill badsysprogram 0 0x280da global 0 [1532] 2 "* ]]; then ok "explain: journalctl -o cat"; else fail "explain: journalctl -o cat" "$want"; fi
awk '{ printf "[%5d.%06d] %s\n", 455, NR, $0 }' "$tmp/bare.txt" >"$tmp/f_dmesg.txt"
awk '{ printf "[Sat Nov 21 10:00:00 2026] %s\n", $0 }' "$tmp/bare.txt" >"$tmp/f_dmesg_T.txt"
awk '{ printf "2026-11-21T10:00:00+0100 myhost kernel: %s\n", $0 }' "$tmp/bare.txt" >"$tmp/f_short_iso.txt"
awk '{ printf "Nov 21 10:00:00.%06d myhost kernel: %s\n", NR, $0 }' "$tmp/bare.txt" >"$tmp/f_short_precise.txt"
awk '{ printf "[  455.%06d] myhost kernel: %s\n", NR, $0 }' "$tmp/bare.txt" >"$tmp/f_short_mono.txt"
awk '{ printf "6,%d,%d,-;%s\n", 100 + NR, 455000000 + NR, $0 }' "$tmp/bare.txt" >"$tmp/f_kmsg.txt"
awk '{ printf "<4>[  455.%06d] %s\n", NR, $0 }' "$tmp/bare.txt" >"$tmp/f_level.txt"
awk '{ printf "> %s\n", $0 }' "$tmp/bare.txt" >"$tmp/f_quote.txt"
awk '{ printf "%s\r\n", $0 }' "$tmp/bare.txt" >"$tmp/f_crlf.txt"
# rsyslog: continuation lines of a multi-line message joined with #012, lines with a leading space
awk 'BEGIN { ORS = "" } NR > 1 && /^ / { print "#012" $0; next } { if (NR > 1) print "\n"; print " Nov 21 10:00:00 myhost kernel: " $0 } END { print "\n" }' \
	"$tmp/bare.txt" >"$tmp/f_012.txt"
for f in dmesg dmesg_T short_iso short_precise short_mono kmsg level quote crlf 012; do
	explain_json "f_$f" "$tmp/f_$f.txt"
	check_eq "explain: paste format $f gives the same incident" "$(summary "$tmp/f_$f.json")" "$want"
done
grep -c '#012' "$tmp/f_012.txt" >/dev/null || fail "explain: #012 variant" "no #012 in the made-up input"

# 4. stdin, '-', several files, and the exit codes.
timeout 20 "$OOMTRACE" explain --json <"$tmp/f_kmsg.txt" >"$tmp/stdin.json" 2>/dev/null
check_eq "explain: reads stdin" "$(summary "$tmp/stdin.json")" "$want"
explain_json multi "$FIX/01_cadvisor_memcg_v1_mem2.log" - "$FIX/07_gfp_atomic_order1_tcp_2.6.34.log" <"$FIX/03_cadvisor_docker_memsw_4.8.log"
check_eq "explain: several files and '-': one incident each" \
	"$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["trigger"]["comm"] for l in open(sys.argv[1]) if l.startswith("{")))' "$tmp/multi.json")" \
	"memorymonster gunpowder-memho kswapd0"
explain_json missing "$tmp/does-not-exist.log"
check_eq "explain: unreadable file: exit 2" "$(cat "$tmp/missing.rc")" 2
check_eq "explain: unreadable file: one line" "$(wc -l <"$tmp/missing.err")" 1
timeout 20 "$OOMTRACE" explain "$FIX/02_cadvisor_global_gce_noswap.log" >"$tmp/text.out" 2>&1
check_eq "explain: text output by default (exit 0)" "$?" 0
grep -q badsysprogram "$tmp/text.out" && ok "explain: text output names the trigger" || fail "explain: text output names the trigger" "$(head -5 "$tmp/text.out")"

# gzip-compressed logs (rotated kern.log.N.gz) are read as they are
gzip -c "$tmp/f_dmesg.txt" >"$tmp/f_dmesg.txt.gz"
explain_json gz "$tmp/f_dmesg.txt.gz"
check_eq "explain: a .gz log gives the same incident" "$(summary "$tmp/gz.json")" "$want"
printf 'not a log' | gzip -c | head -c 10 >"$tmp/damaged.gz"
explain_json damaged "$tmp/damaged.gz"
check_eq "explain: damaged .gz: exit 2" "$(cat "$tmp/damaged.rc")" 2
grep -q 'compressed data damaged' "$tmp/damaged.err" && ok "explain: damaged .gz: says so" || fail "explain: damaged .gz: says so" "$(cat "$tmp/damaged.err")"

# 5. Truncated: the first half of a report is a partial incident, flagged incomplete.
head -c $(( $(wc -c <"$FIX/02_cadvisor_global_gce_noswap.log") / 2 )) "$FIX/02_cadvisor_global_gce_noswap.log" >"$tmp/half.log"
explain_json half "$tmp/half.log"
out=$(python3 -c '
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][0]
print(o["trigger"]["comm"], o["order"], "victim" in o["incomplete"], "swap" in o["incomplete"])' "$tmp/half.json" 2>&1)
check_eq "explain: report cut in half: partial incident flagged incomplete" "$out" "badsysprogram 0 True True"

# 6. Garbage never crashes or hangs; memory stays bounded.
head -c 4000000 /dev/urandom >"$tmp/random.bin"
( ulimit -v 400000; timeout 20 "$OOMTRACE" explain "$tmp/random.bin" >/dev/null 2>"$tmp/random.err" ); rc=$?
check_eq "explain: 4 MB of random bytes: exit 1, no crash" "$rc" 1
python3 -c '
import sys
line = b"Nov 21 10:00:00 h kernel: [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name\n"
rows = b"".join(b"Nov 21 10:00:00 h kernel: [%7d]     0 %7d    1000      100       4        0             0 task%d\n" % (i, i, i) for i in range(200000))
head = b"Nov 21 10:00:00 h kernel: bigtable invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0\n"
long = b"Nov 21 10:00:00 h kernel: " + b"x" * 3000000 + b"\n"
sys.stdout.buffer.write(head + line + rows + long + b"Nov 21 10:00:00 h kernel: Out of memory: Kill process 5 (task5) score 1 or sacrifice child\n")
' >"$tmp/big.log"
( ulimit -v 600000; timeout 30 "$OOMTRACE" explain --json "$tmp/big.log" >"$tmp/big.json" 2>"$tmp/big.err" ); rc=$?
out=$(python3 -c '
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][0]
print(len(o["tasks"]) if isinstance(o["tasks"], list) else o["tasks"], "task table cut" in (o["notes"] or ""))' "$tmp/big.json" 2>&1)
if [ "$rc" = 0 ] && [[ "$out" == *" True" ]]; then ok "explain: 200000-row task table and a 3 MB line: bounded ($out)"; else fail "explain: huge input bounded" "rc=$rc $out $(head -c 200 "$tmp/big.err")"; fi

exit 0
