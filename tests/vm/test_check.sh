#!/usr/bin/env bash
# The VM checker (tests/vm/check.py) must pass real serial logs and must fail
# when oomtrace's report disagrees with the kernel's. Runs without QEMU: it
# replays two recorded 6.12 logs (tests/vm/fixtures/) with one thing changed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null || { echo "FAIL - vm/check: python3 not found"; exit 1; }
export VM_CHECK_EXPLAIN=0	# this tests the checker; test_vm.sh holds `oomtrace explain` to the same checks

# mutate IN OUT 'python statement on d (each oomtrace JSON object)' ['python on the line list L']
mutate() {
	rm -f "$2"
	python3 - "$1" "$2" "$3" "${4:-pass}" <<'EOF'
import json, sys
src, dst, stmt, lstmt = sys.argv[1:5]
L = open(src).read().split("\n")
for i, ln in enumerate(L):
    if ln.startswith("{") and '"type":"incident"' in ln:
        d = json.loads(ln)
        exec(stmt)
        L[i] = json.dumps(d, separators=(",", ":"))
exec(lstmt)
open(dst, "w").write("\n".join(L))
EOF
}

expect() {	# expect NAME SCENARIO LOG ok|'FAIL pattern'
	local name=$1 scenario=$2 log=$3 want=$4 got
	got=$(python3 "$here/check.py" "x" "$scenario" "$log" 2>&1 | grep -v '^# note - ')
	case "$want" in
	ok)
		if [ "$got" = "ok - x" ]; then echo "ok - vm/check/$name"
		else echo "FAIL - vm/check/$name: expected ok, got: ${got:0:300}"; fi ;;
	*)
		if grep -q '^FAIL - x: ' <<<"$got" && grep -qF -- "$want" <<<"$got"; then echo "ok - vm/check/$name"
		else echo "FAIL - vm/check/$name: expected a FAIL naming '$want', got: ${got:0:300}"; fi ;;
	esac
}

g=$fx/6.12-global_noswap.log
m=$fx/6.12-memcg_noswap.log
expect real_global_log global_noswap "$g" ok
expect real_memcg_log memcg_noswap "$m" ok

mutate "$g" "$tmp/a" 'd["victim"]["pid"] += 1; d["victims"][0]["pid"] += 1'
expect wrong_victim_pid global_noswap "$tmp/a" "victim pid"
mutate "$g" "$tmp/a" 'd["victim"]["comm"] = "sh"'
expect wrong_victim_comm global_noswap "$tmp/a" "victim comm"
mutate "$g" "$tmp/a" 'd["victim"]["anon_rss_kb"] -= 4'
expect wrong_anon_rss global_noswap "$tmp/a" "anon_rss_kb"
mutate "$g" "$tmp/a" 'd["victim"]["shmem_rss_kb"] = None'
expect unknown_shmem_rss global_noswap "$tmp/a" "shmem_rss_kb"
mutate "$g" "$tmp/a" 'd["order"] = 1'
expect wrong_order global_noswap "$tmp/a" "order 1"
mutate "$g" "$tmp/a" 'd["gfp"]["raw"] = "0xcc0"'
expect wrong_gfp_raw global_noswap "$tmp/a" "gfp.raw"
mutate "$g" "$tmp/a" 'd["gfp"]["flags"] = ["GFP_KERNEL"]'
expect wrong_gfp_flags global_noswap "$tmp/a" "gfp.flags"
mutate "$g" "$tmp/a" 'd["constraint"] = "memcg"'
expect wrong_constraint global_noswap "$tmp/a" "constraint"
mutate "$g" "$tmp/a" 'd["verdict"] = [v for v in d["verdict"] if v["code"] != "NO_SWAP"]'
expect missing_verdict global_noswap "$tmp/a" "NO_SWAP"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if "\"kind\":\"oom_kill\"" not in l]'
expect missing_incident global_noswap "$tmp/a" "0 oom_kill incidents"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if not l.startswith("@@VMTEST RESULT")]'
expect no_result_marker global_noswap "$tmp/a" "no result marker"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if not l.startswith("@@VMTEST RESULT")] + ["[    9.68] Kernel panic - not syncing: System is deadlocked on memory", "[    9.69] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1", "[    9.70] Call Trace:", "[    9.71]  <TASK>", "[    9.72]  dump_stack_lvl+0x44/0x5c", "[    9.73]  panic+0x118/0x2f4", "[    9.74]  R13: 0 R14: 0", "[    9.75]  </TASK>", "[    9.76] Kernel Offset: 0x1"]'
expect panic_named global_noswap "$tmp/a" "no result marker (panic or hang); Kernel panic - not syncing: System is deadlocked on memory / CPU: 0 PID: 1 Comm: init"
# the replayed log (panic_print=0x20) names the last OOM's task and the largest task of its table
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if not l.startswith("@@VMTEST RESULT")] + ["[    9.60] sh invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=1, oom_score_adj=-1000", "[    9.61] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name", "[    9.62] [     91]     0    91    20826     1251    61440        0         -1000 oomtrace", "[    9.63] [    117]     0   117    90826    41249    61440        0         -1000 runaway", "[    9.64] [    151]     0   151      565       19    28672        0         -1000 timeout", "[    9.68] Kernel panic - not syncing: System is deadlocked on memory", "[    9.69] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1", "[    9.76] Kernel Offset: 0x1"]'
expect panic_last_oom global_noswap "$tmp/a" "last OOM: sh order 1 oom_score_adj -1000, largest task then: runaway pid 117 rss 41249 pages oom_score_adj -1000"
# the same from a 6.12 guest: "CPU: 0 UID: 0 PID:", and rss_anon/rss_file/rss_shmem columns
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if not l.startswith("@@VMTEST RESULT")] + ["[   13.25] vm_hog invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=-1000", "[   13.26] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name", "[   13.27] [    166]     0   166    20731     1214      249      512       453    61440        0         -1000 oomtrace", "[   13.28] [    186]     0   186    45835    45583    45440        0       143   405504        0         -1000 vm_hog", "[   13.29] Kernel panic - not syncing: System is deadlocked on memory", "[   13.30] CPU: 0 UID: 0 PID: 186 Comm: vm_hog Not tainted 6.12.117+deb12-cloud-amd64 #1", "[   13.31] Kernel Offset: 0x1"]'
expect panic_612 global_noswap "$tmp/a" "System is deadlocked on memory / CPU: 0 UID: 0 PID: 186 Comm: vm_hog Not tainted 6.12.117+deb12-cloud-amd64 #1; last OOM: vm_hog order 0 oom_score_adj -1000, largest task then: vm_hog pid 186 rss 45583 pages oom_score_adj -1000"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l.replace("CORE_RELOS same", "CORE_RELOS differ: trimmed 496 full") for l in L]'
expect core_relos_differ global_noswap "$tmp/a" "trimmed BTF differs"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l for l in L if "CORE_RELOS" not in l]'
expect core_relos_missing global_noswap "$tmp/a" "no CO-RE comparison"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l.replace("oom_control via fentry", "oom_control not available") for l in L]'
expect no_fentry_kprobe global_noswap "$tmp/a" "oom_control via"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l.replace("@@VMTEST tracer t exit 0", "@@VMTEST tracer t exit 139") for l in L]'
expect tracer_crash global_noswap "$tmp/a" "exited 139"
mutate "$g" "$tmp/a" 'pass' 'L[:] = [l.replace("Total swap = 0kB", "Total swap = 131068kB") for l in L]'
expect scenario_not_built global_noswap "$tmp/a" "scenario not built"
mutate "$g" "$tmp/a" 'pass' 'L.insert(next(i for i, l in enumerate(L) if l.startswith("{")), "{not json")'
expect bad_json global_noswap "$tmp/a" "not JSON"

mutate "$m" "$tmp/a" 'd["memcg"]["path"] = "/"'
expect wrong_memcg_path memcg_noswap "$tmp/a" "memcg.path"
mutate "$m" "$tmp/a" 'd["verdict"] = [v for v in d["verdict"] if v["code"] != "MEMCG_SWAP_LIMIT"]'
expect missing_memcg_swap_verdict memcg_noswap "$tmp/a" "MEMCG_SWAP_LIMIT"
mutate "$m" "$tmp/a" 'd["memcg"]["limit_kb"] = 65536'
expect wrong_memcg_limit memcg_noswap "$tmp/a" "memcg.limit_kb"
mutate "$m" "$tmp/a" 'd["memcg"]["swap_limit_kb"] = None'
expect unknown_memcg_swap_limit memcg_noswap "$tmp/a" "memcg.swap_limit_kb"
mutate "$g" "$tmp/a" 'd["history"]["swapouts"] = 5'
expect invented_swapouts global_noswap "$tmp/a" "pswpout is 0"
mutate "$m" "$tmp/a" 'd["trigger"]["tid"] = d["trigger"]["pid"]'
expect trigger_tid_not_thread memcg_noswap "$tmp/a" "trigger tid"
mutate "$m" "$tmp/a" 'd["trigger"]["pid"] = d["trigger"]["tid"]'
expect trigger_pid_is_thread memcg_noswap "$tmp/a" "trigger pid"
