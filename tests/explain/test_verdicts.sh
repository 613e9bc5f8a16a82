#!/usr/bin/env bash
# Verdicts for the real-world fixtures: `oomtrace explain --json` must give
# the codes each fixture's source established (the .json "diagnosis"), and
# must not give codes the evidence contradicts. Also checks that every line
# is valid JSON with the fields docs/json-schema.md promises.
set -uo pipefail
: "${OOMTRACE:=$(dirname "$0")/../../build/oomtrace}"
: "${TESTS_DIR:=$(dirname "$0")/..}"
fx=$TESTS_DIR/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$OOMTRACE" ]; then
	echo "FAIL - verdicts: $OOMTRACE not built"
	exit 1
fi

# check NAME FILE INDEX "MUST CODES" "MUST-NOT CODES"
# INDEX: which incident of the file (0-based; -1 = the last)
check() {
	local name=$1 file=$2 idx=$3 must=$4 mustnot=$5
	local out=$tmp/$name.json
	if ! "$OOMTRACE" explain --json "$fx/$file" >"$out" 2>"$tmp/$name.err"; then
		echo "FAIL - verdicts $name: explain exited non-zero: $(head -c 300 "$tmp/$name.err")"
		return
	fi
	python3 - "$out" "$idx" "$must" "$mustnot" "$name" <<'PY'
import json, sys
path, idx, must, mustnot, name = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
objs = []
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    try:
        objs.append(json.loads(line))
    except Exception as e:
        print(f"FAIL - verdicts {name}: line {n} is not JSON: {e}")
        sys.exit(0)
incs = [o for o in objs if o.get("type") == "incident"]
if not incs:
    print(f"FAIL - verdicts {name}: no incident")
    sys.exit(0)
inc = incs[idx]
for k in ("kind", "source", "kernel_version", "trigger", "order", "gfp", "constraint", "memcg",
          "victim", "swap", "zones", "verdict", "incomplete", "short_answer"):
    if k not in inc:
        print(f"FAIL - verdicts {name}: field {k} missing")
        sys.exit(0)
codes = [v["code"] for v in inc["verdict"]]
for v in inc["verdict"]:
    if not v.get("evidence") or not any(ch.isdigit() for ch in v["evidence"]):
        print(f"FAIL - verdicts {name}: {v['code']} has no figures in its evidence: {v.get('evidence')!r}")
        sys.exit(0)
missing = [c for c in must if c not in codes]
wrong = [c for c in mustnot if c in codes]
if missing or wrong:
    print(f"FAIL - verdicts {name}: got {codes}; missing {missing}; must not have {wrong}")
else:
    print(f"ok - verdicts {name}: {' '.join(codes)}")
PY
}

check 01_memcg_v1        01_cadvisor_memcg_v1_mem2.log          0 "MEMCG_LIMIT" \
	"MEMCG_SWAP_LIMIT NO_SWAP SWAP_EXHAUSTED FRAGMENTATION HIGH_ORDER ZONE_RESTRICTED ATOMIC"
check 02_global_noswap   02_cadvisor_global_gce_noswap.log      0 "NO_SWAP" \
	"MEMCG_LIMIT SWAP_EXHAUSTED FRAGMENTATION HIGH_ORDER ZONE_RESTRICTED ATOMIC GFP_NOIO GFP_NOFS"
check 03_docker_memsw    03_cadvisor_docker_memsw_4.8.log       0 "MEMCG_LIMIT MEMCG_SWAP_LIMIT" \
	"NO_SWAP SWAP_EXHAUSTED FRAGMENTATION HIGH_ORDER ATOMIC"
check 05_order2_frag     05_order2_fork_fragmentation_4.4.log   0 "HIGH_ORDER FRAGMENTATION NO_SWAP" \
	"MEMCG_LIMIT SWAP_EXHAUSTED ZONE_RESTRICTED ATOMIC COSTLY_ORDER GFP_NOIO"
check 07_atomic_order1   07_gfp_atomic_order1_tcp_2.6.34.log    0 "ATOMIC HIGH_ORDER FRAGMENTATION" \
	"NO_SWAP SWAP_EXHAUSTED ZONE_RESTRICTED MEMCG_LIMIT GFP_NOIO COSTLY_ORDER"
check 14_swap_full       14_swap_full_anon_2.6.30.log           0 "SWAP_EXHAUSTED" \
	"NO_SWAP MEMCG_LIMIT FRAGMENTATION HIGH_ORDER ATOMIC"
check seed000_i686_lowmem seed_000_d567676a32853d8b.txt         -1 "ZONE_RESTRICTED HIGH_ORDER FRAGMENTATION" \
	"NO_SWAP SWAP_EXHAUSTED MEMCG_LIMIT ATOMIC GFP_NOIO"
check seed002_openvz     seed_002_00ba44426b1ed2a5.txt          0 "CONTAINER_LIMIT" \
	"NO_SWAP SWAP_EXHAUSTED MEMCG_LIMIT FRAGMENTATION"

# the text sink prints the short answer first and a what-to-do section
if "$OOMTRACE" explain "$fx/05_order2_fork_fragmentation_4.4.log" >"$tmp/05.txt" 2>&1 &&
   grep -q '^Verdicts:' "$tmp/05.txt" && grep -q '^What to do:' "$tmp/05.txt" &&
   sed -n 2p "$tmp/05.txt" | grep -q 'kthreadd'; then
	echo "ok - text sink: short answer, verdicts, what to do"
else
	echo "FAIL - text sink layout: $(head -c 400 "$tmp/05.txt")"
fi
