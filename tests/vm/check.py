#!/usr/bin/env python3
"""Check one VM run: compare what oomtrace reported with what the guest kernel printed.

usage: check.py NAME SCENARIO SERIAL_LOG

Prints `ok - NAME`, or `FAIL - NAME: why; why`, plus `skip - NAME/CHECK: ...`
lines for checks whose feature `oomtrace --features` says is absent. The serial
log holds sections between `@@VMTEST BEGIN X` and `@@VMTEST END X` markers
(written by tests/vm/guest/init) and ends with `@@VMTEST RESULT ...`.
"""
import json
import os
import re
import subprocess
import sys

# Verdict codes that name the cause each scenario builds (any one of a set must be given).
EXPECTED_VERDICTS = {	# docs/verdicts.md
    "global_swap_free": [{"UNEVICTABLE"}],
    "global_swap_full": [{"SWAP_EXHAUSTED"}],
    "global_noswap": [{"NO_SWAP"}],
    "memcg_noswap": [{"MEMCG_LIMIT"}, {"MEMCG_SWAP_LIMIT"}],
    "enrich_vs_tp": [{"NO_SWAP"}],
    "fragmentation": [{"FRAGMENTATION"}],
}
OOM_SCENARIOS = {"global_swap_free", "global_swap_full", "global_noswap", "memcg_noswap", "enrich_vs_tp"}
GFP_RETRY_MAYFAIL, GFP_NOWARN, GFP_COMP = 0x4000, 0x2000, 0x40000


def sections(lines):
    """name -> list of lines between @@VMTEST BEGIN name and @@VMTEST END name."""
    out, cur, name = {}, None, None
    for ln in lines:
        m = re.match(r"@@VMTEST (BEGIN|END) (\S+(?: \S+)?)", ln)
        if m and m.group(1) == "BEGIN":
            name, cur = m.group(2), []
            continue
        if m and m.group(1) == "END" and cur is not None:
            out[name] = cur
            cur = None
            continue
        if cur is not None:
            cur.append(ln)
    return out


def parse_dmesg(lines):
    d = {"kills": [], "invoked": [], "constraints": [], "swap_total": None, "swap_free": None,
         "tasks": {}}
    for ln in lines:
        ln = re.sub(r"^\[\s*[\d.]+\]\s*", "", ln)
        # the task table: "[  pid  ]   uid  tgid total_vm rss ... name" (one row per process)
        m = re.match(r"\[\s*(\d+)\]\s+\d+\s+(\d+)\s.*\s(\S+)$", ln)
        if m:
            d["tasks"][int(m[1])] = {"tgid": int(m[2]), "name": m[3]}
            continue
        # dump_stack() of the task that invoked the OOM killer: its thread id
        m = re.match(r"CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (\S+)", ln)
        if m and d["invoked"] and "tid" not in d["invoked"][-1]:
            d["invoked"][-1].update(tid=int(m[1]), tid_comm=m[2])
            continue
        m = re.search(r"Killed process (\d+) \((.*?)\) total-vm:(\d+)kB, anon-rss:(\d+)kB, "
                      r"file-rss:(\d+)kB, shmem-rss:(\d+)kB", ln)
        if m:
            d["kills"].append({"pid": int(m[1]), "comm": m[2], "total_vm": int(m[3]),
                               "anon": int(m[4]), "file": int(m[5]), "shmem": int(m[6]),
                               "memcg": ln.startswith("Memory cgroup")})
            continue
        m = re.search(r"^(.*?) invoked oom-killer: gfp_mask=(0x[0-9a-f]+)\((.*?)\), order=(-?\d+)", ln)
        if m:
            d["invoked"].append({"comm": m[1], "gfp": int(m[2], 16), "gfp_text": m[3], "order": int(m[4])})
            continue
        m = re.search(r"oom-kill:constraint=(CONSTRAINT_\w+),.*?(?:oom_memcg=(\S+?),)?task_memcg=(\S+?),"
                      r"task=(.*?),pid=(\d+)", ln)
        if m:
            d["constraints"].append({"constraint": m[1], "oom_memcg": m[2], "task_memcg": m[3],
                                     "task": m[4], "pid": int(m[5])})
            continue
        if ln.startswith("Mem-Info:"):
            d["meminfo_at"] = len(d["invoked"])
            d.setdefault("meminfo", {})
            continue
        if d.get("meminfo_at") == len(d["invoked"]) and re.match(r"\s*[a-z_]+:\d+( |$)", ln) and \
                "Node" not in ln:
            for k, v in re.findall(r"([a-z_]+):(\d+)", ln):
                d["meminfo"].setdefault(k, int(v))	# the first OOM's report
            continue
        m = re.match(r"(memory|swap): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)", ln)
        if m:
            d.setdefault("memcg_" + m[1], {"usage": int(m[2]), "limit": int(m[3]), "failcnt": int(m[4])})
            continue
        m = re.match(r"Free swap\s*=\s*(\d+)kB", ln)
        if m:
            d["swap_free"] = int(m[1])
        m = re.match(r"Total swap\s*=\s*(\d+)kB", ln)
        if m:
            d["swap_total"] = int(m[1])
    return d


def parse_json(lines, name, errs):
    recs = []
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        try:
            recs.append(json.loads(ln))
        except ValueError:
            errs.append(f"oomtrace ({name}) printed a line that is not JSON: {ln[:80]!r}")
    return recs


def get(obj, *path):
    for p in path:
        if not isinstance(obj, dict) or p not in obj:
            return None
        obj = obj[p]
    return obj


def as_int(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return int(v, 0)
        except ValueError:
            return None
    return None


def gfp_names(v):
    """The names in a gfp flags value: "A|B", ["A","B"] or {"A":..}."""
    if isinstance(v, str):
        return {x.strip() for x in re.split(r"[|,\s]+", v) if x.strip()}
    if isinstance(v, list):
        return {str(x) for x in v}
    if isinstance(v, dict):
        return set(v)
    return set()


CONSTRAINT_NAMES = {"CONSTRAINT_NONE": {"global", "none", "constraint_none"},
                    "CONSTRAINT_MEMCG": {"memcg", "constraint_memcg"},
                    "CONSTRAINT_CPUSET": {"cpuset", "constraint_cpuset"},
                    "CONSTRAINT_MEMORY_POLICY": {"mempolicy", "memory_policy", "constraint_memory_policy"}}


def feature_absent(features, word):
    """True only when `oomtrace --features` clearly says feature WORD is missing."""
    for ln in features:
        low = ln.lower()
        if word in low and re.search(r"\b(no|absent|missing|unsupported|off|false|not)\b", low) \
                and not re.search(r"\b(yes|present|on|true)\b", low):
            return True
    return False


def check_kill(inc, kill, invoked, cons, tag, errs, with_oc=True, dm=None, scenario=""):
    """One oomtrace oom_kill incident against the kernel's lines for the same kill."""
    v = inc.get("victim") or {}
    # the kernel prints the killed thread's id; oomtrace gives tid, and pid = its process
    tid = as_int(v.get("tid"))
    if (tid if tid is not None else as_int(v.get("pid"))) != kill["pid"]:
        errs.append(f"{tag}victim tid/pid {v.get('tid')}/{v.get('pid')} != kernel {kill['pid']}")
    tasks = (dm or {}).get("tasks") or {}
    procs = {t["tgid"] for t in tasks.values()}
    want_tgid = tasks[kill["pid"]]["tgid"] if kill["pid"] in tasks else None
    if want_tgid is not None and as_int(v.get("pid")) != want_tgid:
        errs.append(f"{tag}victim pid {v.get('pid')} != the kernel's tgid {want_tgid} of thread {kill['pid']}")
    elif want_tgid is None and procs and as_int(v.get("pid")) not in procs:
        errs.append(f"{tag}victim pid {v.get('pid')} is no process of the kernel's task table")
    if invoked and "tid" in invoked:
        ttid = as_int(get(inc, "trigger", "tid"))
        if ttid != invoked["tid"]:
            errs.append(f"{tag}trigger tid {get(inc, 'trigger', 'tid')} != kernel PID {invoked['tid']} (dump_stack)")
        tpid = as_int(get(inc, "trigger", "pid"))
        if tpid is None and invoked["tid"] not in tasks and inc.get("source") == "kernel_log":
            pass	# a log names only the thread: its process is unknowable, null is right
        elif invoked["tid"] in tasks and tpid != tasks[invoked["tid"]]["tgid"]:
            errs.append(f"{tag}trigger pid {tpid} != the kernel's tgid {tasks[invoked['tid']]['tgid']} "
                        f"of thread {invoked['tid']}")
        elif invoked["tid"] not in tasks and procs and tpid not in procs:
            errs.append(f"{tag}trigger pid {tpid} is no process of the kernel's task table")
        if scenario == "memcg_noswap" and tpid is not None and tpid != as_int(v.get("pid")):
            # only the hog charges the cgroup: its worker thread triggered, its process is killed
            errs.append(f"{tag}trigger pid {tpid} != victim pid {v.get('pid')}: the hog's worker thread "
                        "triggered this memcg OOM")
    if v.get("comm") != kill["comm"]:
        errs.append(f"{tag}victim comm {v.get('comm')!r} != kernel {kill['comm']!r}")
    for key, kk in (("anon_rss_kb", "anon"), ("file_rss_kb", "file"), ("shmem_rss_kb", "shmem")):
        if as_int(v.get(key)) != kill[kk]:
            errs.append(f"{tag}victim {key} {v.get(key)} != kernel {kill[kk]}")
    if invoked:
        if get(inc, "trigger", "comm") != invoked["comm"]:
            errs.append(f"{tag}trigger comm {get(inc, 'trigger', 'comm')!r} != kernel {invoked['comm']!r}")
    if not with_oc:
        return
    if invoked:
        if as_int(inc.get("order")) != invoked["order"]:
            errs.append(f"{tag}order {inc.get('order')} != kernel {invoked['order']}")
        raw = as_int(get(inc, "gfp", "raw"))
        if raw != invoked["gfp"]:
            errs.append(f"{tag}gfp.raw {get(inc, 'gfp', 'raw')} != kernel {invoked['gfp']:#x}")
        names = gfp_names(get(inc, "gfp", "flags"))
        kernel_names = gfp_names(invoked["gfp_text"])
        if names != kernel_names:
            errs.append(f"{tag}gfp.flags {sorted(names)} != kernel ({invoked['gfp_text']})")
    if cons:
        c = str(inc.get("constraint") or "").lower()
        if c not in CONSTRAINT_NAMES.get(cons["constraint"], {cons["constraint"].lower()}):
            errs.append(f"{tag}constraint {inc.get('constraint')!r} != kernel {cons['constraint']}")
        if cons["oom_memcg"]:
            path = get(inc, "memcg", "path")
            if path != cons["oom_memcg"]:
                errs.append(f"{tag}memcg.path {path!r} != kernel oom_memcg={cons['oom_memcg']}")
            for key, kk in (("limit_kb", "memcg_memory"), ("swap_limit_kb", "memcg_swap")):
                if kk in dm and as_int(get(inc, "memcg", key)) != dm[kk]["limit"]:
                    errs.append(f"{tag}memcg.{key} {get(inc, 'memcg', key)} != kernel {dm[kk]['limit']}")
            usage = as_int(get(inc, "memcg", "usage_kb"))
            if "memcg_memory" in dm and (usage is None or usage < dm["memcg_memory"]["limit"] * 9 // 10):
                errs.append(f"{tag}memcg.usage_kb {usage}: the kernel had {dm['memcg_memory']['usage']} "
                            f"of {dm['memcg_memory']['limit']} kB at the OOM")


def check_meminfo(inc, dm):
    """The Mem-Info figures oomtrace gives against the kernel's report (pages) for the first OOM.
    Loose bounds: they tell figures read at the OOM from figures read after the victim died."""
    errs = []
    km = dm.get("meminfo") or {}
    tm = get(inc, "memory", "meminfo_pages") or {}
    for key in ("unevictable", "free"):
        k, t = km.get(key), as_int(tm.get(key))
        if k is None:
            continue
        if t is None:
            errs.append(f"memory.meminfo_pages.{key} unknown; the kernel's report at the OOM had {k}")
        elif abs(t - k) > max(k // 4, 2048):	# 2048 pages = 8 MB
            errs.append(f"memory.meminfo_pages.{key} {t} but the kernel had {k} pages at the OOM "
                        "(figures read after the kill?)")
    return errs


def pswpout(sec):
    """Pages the guest kernel swapped out during the run (/proc/vmstat at the end; boot starts at 0)."""
    for ln in sec.get("vmstat", []):
        f = ln.split()
        if len(f) == 2 and f[0] == "pswpout":
            return int(f[1])
    return None


def check_history(inc, scenario, kernel_pswpout):
    """The live reclaim history against the kernel's own swap-out counter."""
    errs = []
    h = inc.get("history") or {}
    task, system = as_int(h.get("swapouts")), as_int(h.get("swapouts_system"))
    if task is not None and system is not None and system < task:
        errs.append(f"history.swapouts_system {system} < history.swapouts {task} (this task's share)")
    if kernel_pswpout == 0 and (task or system):
        errs.append(f"history reports swap-outs (task {task}, system {system}) but the kernel's pswpout is 0")
    if scenario == "global_swap_full" and kernel_pswpout and not system:
        errs.append(f"history.swapouts_system {system} while the kernel swapped out {kernel_pswpout} pages "
                    "(pswpout) filling swap")
    return errs


def explain(dmesg, errs):
    """oomtrace explain --json on the guest's dmesg (the host's oomtrace binary, $OOMTRACE)."""
    tool = os.environ.get("OOMTRACE", "")
    if not tool or not os.access(tool, os.X_OK):
        errs.append(f"cannot run 'oomtrace explain': OOMTRACE={tool!r} is not executable")
        return []
    try:
        p = subprocess.run([tool, "explain", "--json"], input="\n".join(dmesg) + "\n", text=True,
                           capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        errs.append(f"oomtrace explain failed to run: {e}")
        return []
    if p.returncode != 0:
        errs.append(f"oomtrace explain exited {p.returncode} on the guest's dmesg: {p.stderr.strip()[:200]}")
    return parse_json(p.stdout.splitlines(), "explain", errs)


def startup_errors(lines):
    """The lines that say why oomtrace could not start (not the whole verifier log)."""
    keep = [ln for ln in lines if re.search(r"^oomtrace:|failed to resolve CO-RE|is unsupported|unsupported for|"
                                            r"^libbpf: prog '[^']+': failed to load|invalid|unknown func", ln)]
    return keep[:6] or lines[:3]


def scenario_built(scenario, dm):
    """Did the guest build the situation the scenario names? (independent of oomtrace)"""
    errs = []
    cons = {c["constraint"] for c in dm["constraints"]}
    tot, free = dm["swap_total"], dm["swap_free"]
    want = "CONSTRAINT_MEMCG" if scenario == "memcg_noswap" else "CONSTRAINT_NONE"
    if cons and cons != {want}:
        errs.append(f"scenario not built: kernel constraint {sorted(cons)}, wanted {want}")
    if scenario in ("global_swap_free", "global_swap_full"):
        if not tot:
            errs.append(f"scenario not built: kernel shows no swap (Total swap = {tot})")
        elif scenario == "global_swap_free" and free < tot // 2:
            errs.append(f"scenario not built: swap not free at the OOM ({free} of {tot} kB)")
        elif scenario == "global_swap_full" and free > tot // 20:
            errs.append(f"scenario not built: swap not full at the OOM ({free} of {tot} kB)")
    if scenario in ("global_noswap", "enrich_vs_tp") and tot:
        errs.append(f"scenario not built: swap present (Total swap = {tot} kB)")
    if scenario == "memcg_noswap" and not any(c["oom_memcg"] == "/vmtest" for c in dm["constraints"]):
        errs.append("scenario not built: kernel did not name oom_memcg=/vmtest")
    if scenario == "memcg_noswap" and not any(i.get("tid_comm") == "hog_worker" and i["tid"] not in dm["tasks"]
                                              for i in dm["invoked"]):
        errs.append("scenario not built: the OOM was not triggered by vm_hog's worker thread "
                    f"({[(i.get('tid'), i.get('tid_comm')) for i in dm['invoked']]})")
    return errs



def last_oom_summary(lines):
    """After a panic, the guest replays its whole kernel log (panic_print=0x20):
    name the task of the last OOM and who held the most memory then."""
    last = max((i for i, ln in enumerate(lines) if " invoked oom-killer: " in ln), default=None)
    if last is None:
        return ""
    m = re.search(r"\] (.*?) invoked oom-killer: .*?order=(-?\d+), oom_score_adj=(-?\d+)", lines[last])
    said = f"last OOM: {m.group(1)} order {m.group(2)} oom_score_adj {m.group(3)}" if m else "last OOM: ?"
    rows = []
    for ln in lines[last:]:
        # "[pid] uid tgid total_vm rss ... oom_score_adj name": rss is the 4th
        # figure on 6.1 and on 6.12 (which adds rss_anon/file/shmem after it)
        r = re.search(r"\[\s*(\d+)\]((?:\s+-?\d+){7,})\s+(\S+)\s*$", ln)
        if r:
            nums = r.group(2).split()
            rows.append((int(nums[3]), r.group(3), r.group(1), nums[-1]))
        elif "out of memory" in ln.lower() or "Kernel panic" in ln:
            break
    if rows:
        rss, comm, pid, adj = max(rows)
        said += f", largest task then: {comm} pid {pid} rss {rss} pages oom_score_adj {adj}"
    return said + "; "
def main():
    name, scenario, logpath = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(logpath, errors="replace") as f:
        lines = [ln.rstrip("\n").replace("\r", "") for ln in f]
    errs, skips, notes = [], [], []
    sec = sections(lines)
    result = [ln for ln in lines if ln.startswith("@@VMTEST RESULT ")]
    guest_errors = [ln[len("@@VMTEST "):] for ln in lines if ln.startswith("@@VMTEST ERROR")]
    if not result:
        tail = " | ".join(ln for ln in lines[-6:] if ln.strip())
        why = "timed out" if any(ln.startswith("@@HOST timeout") for ln in lines) else "no result marker"
        # a panic names its cause and the task a few lines above the tail
        # the panic's own line and the task it hit (the first CPU line after it:
        # a replayed log repeats both further down)
        at = next((i for i, ln in enumerate(lines) if "Kernel panic - not syncing" in ln), None)
        panic = [] if at is None else [lines[at]] + [
            ln for ln in lines[at + 1:] if re.search(r"\] CPU: \d+ (UID: \d+ )?PID: \d+ Comm: ", ln)][:1]
        panic = [re.sub(r"^\[[ 0-9.]+\] ", "", ln) for ln in panic]
        said = f"{' / '.join(panic)}; " if panic else ""
        said += last_oom_summary(lines)
        print(f"FAIL - {name}: {why} (panic or hang); {said}serial log ends: {tail[-300:]}")
        return 1
    if result[-1] != "@@VMTEST RESULT pass":
        errs.append(f"guest: {result[-1][len('@@VMTEST '):]}")
    errs.extend(f"guest: {e}" for e in guest_errors)
    if any(ln.startswith("@@VMTEST NOTRACER") for ln in lines):
        errs.append("oomtrace was not in the guest image (build/oomtrace missing?)")
    features = sec.get("features", [])
    core = [ln for ln in lines if ln.startswith("@@VMTEST CORE_RELOS")]
    if scenario == "global_noswap" and not core:
        errs.append("no CO-RE comparison (trimmed vs whole kernel BTF) in the serial log")
    for ln in core:
        m = re.match(r"@@VMTEST CORE_RELOS same (\d+)$", ln)
        if not m or int(m[1]) == 0:
            errs.append(f"CO-RE against the trimmed BTF differs from the whole BTF: {ln[len('@@VMTEST '):]}")
    dm = parse_dmesg(sec.get("dmesg", []))
    if "dmesg" not in sec:
        errs.append("no dmesg section in the serial log")

    for ln in lines:
        m = re.match(r"@@VMTEST tracer (\S+) exit (\d+)", ln)
        if m and m[2] != "0":
            errs.append(f"oomtrace ({m[1]}) exited {m[2]} on SIGINT (0 expected)")
    tracers = sorted({k.split(" ", 1)[1] for k in sec if k.startswith("json ")})
    out = {t: parse_json(sec.get(f"json {t}", []), t, errs) for t in tracers}
    hooks = {t: next((ln for ln in sec.get(f"stderr {t}", []) if ln.startswith("oomtrace: tracing on")), "")
             for t in tracers}
    verbose = any("vmtest_verbose=1" in ln for ln in sec.get("dmesg", []) if "Command line:" in ln)
    for t, h in hooks.items():
        first = next((ln for ln in sec.get(f"stderr {t}", []) if ln.strip()), "")
        if h and first != h and not verbose:
            errs.append(f"oomtrace ({t}): the hook line is not the first stderr line (first: {first[:120]!r})")
        rejected = re.findall(r"(\w+) \(verifier rejected: ([^)]*)\)", h)
        if rejected:
            errs.append(f"oomtrace ({t}): {len(rejected)} BPF programs rejected by this kernel's verifier: "
                        + ", ".join(f"{p} ({why})" for p, why in rejected[:4]) + (" ..." if len(rejected) > 4 else ""))
    for k in sec:
        if k.startswith("stderr ") and not any(ln.startswith("oomtrace: tracing on") for ln in sec[k]):
            errs.append(f"oomtrace ({k[7:]}) did not start: " + " | ".join(startup_errors(sec[k])))

    if scenario in OOM_SCENARIOS:
        if not dm["kills"]:
            errs.append("the kernel logged no OOM kill: the scenario did not happen")
        errs.extend(scenario_built(scenario, dm))
        # `oomtrace explain` on the same dmesg must agree with the kernel too
        if "dmesg" in sec and os.environ.get("VM_CHECK_EXPLAIN", "1") != "0":
            out["explain"] = explain(sec["dmesg"], errs)
        for t in tracers + ["explain"]:
            with_oc = not (scenario == "enrich_vs_tp" and t == "tp")
            tag = f"[{t}] " if len(tracers) > 1 or t == "explain" else ""
            if t not in out:
                continue
            kills = [r for r in out[t] if r.get("type") == "incident" and r.get("kind") == "oom_kill"]
            if len(kills) != len(dm["kills"]):
                errs.append(f"{tag}oomtrace reported {len(kills)} oom_kill incidents, kernel logged "
                            f"{len(dm['kills'])}")
            for i, k in enumerate(dm["kills"]):
                match = [r for r in kills if k["pid"] in (as_int(get(r, "victim", "tid")),
                                                           as_int(get(r, "victim", "pid")))]
                if not match:
                    errs.append(f"{tag}no oom_kill incident has the kernel's victim pid {k['pid']} ({k['comm']}); "
                                f"victim pids reported: {[get(r, 'victim', 'pid') for r in kills]}")
                    continue
                inv = dm["invoked"][i] if i < len(dm["invoked"]) else None
                cons = next((c for c in dm["constraints"] if c["pid"] == k["pid"]), None)
                check_kill(match[0], k, inv, cons, tag, errs, with_oc, dm, scenario)
                if with_oc and dm["swap_total"] is not None and cons and cons["constraint"] == "CONSTRAINT_NONE":
                    tot = as_int(get(match[0], "swap", "total_kb"))
                    free = as_int(get(match[0], "swap", "free_kb"))
                    if tot != dm["swap_total"]:
                        errs.append(f"{tag}swap.total_kb {tot} != kernel {dm['swap_total']}")
                    if scenario == "global_swap_free" and (free is None or free < tot // 2):
                        errs.append(f"{tag}swap.free_kb {free}: expected most of {tot} free (kernel: "
                                    f"{dm['swap_free']})")
                    if scenario == "global_swap_full" and (free is None or free > tot // 20):
                        errs.append(f"{tag}swap.free_kb {free}: expected swap full (kernel: {dm['swap_free']})")
                if t != "explain":
                    errs.extend(tag + e for e in check_history(match[0], scenario, pswpout(sec)))
                if with_oc and i == 0 and cons and cons["constraint"] == "CONSTRAINT_NONE":
                    # asserted where a verdict rests on them (mlocked pages); elsewhere a note
                    mi = [tag + e for e in check_meminfo(match[0], dm)]
                    (errs if scenario == "global_swap_free" else notes).extend(mi)
                if with_oc:
                    codes = {get(x, "code") for x in (match[0].get("verdict") or [])}
                    for want in EXPECTED_VERDICTS.get(scenario, []):
                        if not codes & want:
                            errs.append(f"{tag}verdict {sorted(c for c in codes if c)} names none of "
                                        f"{sorted(want)}")
            # the oom_control must come from fentry or kprobe, and the tool must say which
            if not hooks.get(t):
                continue
            enriched = not (scenario == "enrich_vs_tp" and t == "tp")
            via = re.search(r"oom_control via (fentry|kprobe)\b", hooks[t])
            want_via = "kprobe" if scenario == "global_swap_free" else "fentry"
            if want_via and via and via[1] != want_via:
                errs.append(f"{tag}oom_control via {via[1]}, expected {want_via} for this run")
            nprobes = re.search(r"(\d+) fentry/kprobe\)", hooks[t])
            if enriched and not via:
                errs.append(f"{tag}the hook line does not say 'oom_control via fentry|kprobe': {hooks[t][:200]!r}")
            if not enriched and (via or (nprobes and int(nprobes[1]) != 0)):
                errs.append(f"{tag}--no-enrich still attached fentry/kprobe: {hooks[t][:200]!r}")
        if scenario == "enrich_vs_tp" and tracers == ["en", "tp"]:
            vs = {t: sorted((as_int(get(r, "victim", "pid")), get(r, "victim", "comm")) for r in out[t]
                            if r.get("type") == "incident" and r.get("kind") == "oom_kill") for t in tracers}
            if len({repr(v) for v in vs.values()}) != 1:
                errs.append("victims differ: " + ", ".join(f"{t} {v}" for t, v in vs.items()))
        elif scenario == "enrich_vs_tp":
            errs.append(f"expected two tracers (tp, en), found {tracers}")

    if scenario == "fragmentation":
        m = next((re.search(r"asked (\d+) got (\d+)", ln) for ln in lines if "hugepages asked" in ln), None)
        if not m or int(m[2]) >= int(m[1]):
            errs.append(f"the scenario did not produce an order-9 failure ({m[0] if m else 'no hugepage line'})")

        def vmstat(s):
            return {a: int(b) for a, b in (ln.split() for ln in sec.get(s, []) if len(ln.split()) == 2)}
        before, after = vmstat("vmstat_before"), vmstat("vmstat")
        stalls = after.get("compact_stall", 0) - before.get("compact_stall", 0)
        if stalls <= 0:
            errs.append("compact_stall did not rise: no direct compaction happened")
        recs = out.get("t", [])
        fails = [(i, r) for i, r in enumerate(recs) if (r.get("type") == "alloc_failure" or
                 (r.get("type") == "incident" and r.get("kind") == "alloc_failure"))
                 and as_int(r.get("order")) == 9]
        if not fails:
            got = sorted({(r.get("type"), r.get("order")) for r in recs}, key=str)
            errs.append(f"oomtrace reported no order-9 alloc_failure (records: {got[:8]})")
        else:
            i0, f0 = fails[0]
            raw = as_int(get(f0, "gfp", "raw"))
            need = GFP_COMP | GFP_RETRY_MAYFAIL | GFP_NOWARN
            if raw is None or raw & need != need:
                errs.append(f"order-9 failure gfp.raw {get(f0, 'gfp', 'raw')} lacks __GFP_COMP|"
                            "__GFP_RETRY_MAYFAIL|__GFP_NOWARN (hugetlb)")
            if not gfp_names(get(f0, "gfp", "flags")) >= {"__GFP_COMP", "__GFP_RETRY_MAYFAIL", "__GFP_NOWARN"} \
                    and not {"__GFP_COMP", "__GFP_RETRY_MAYFAIL", "__GFP_NOWARN"} <= \
                    set(re.findall(r"__GFP_\w+", json.dumps(get(f0, "gfp", "flags")))):
                errs.append(f"order-9 failure gfp.flags {get(f0, 'gfp', 'flags')!r} lacks the hugetlb flags")
            zones = [z.get("name") for z in (f0.get("zones") or []) if isinstance(z, dict)]
            zone = f0.get("zone") or f0.get("highest_zone") or (zones and zones[0])
            if not zone:
                errs.append("order-9 failure names no zone (no zone/highest_zone field, zones [] empty)")
            codes = {get(x, "code") for x in (f0.get("verdict") or [])}
            for want in EXPECTED_VERDICTS["fragmentation"]:
                if not codes & want:
                    errs.append(f"order-9 failure verdict {sorted(c for c in codes if c)} names none of {sorted(want)}")
            comp = [r for r in recs if r.get("type") == "compaction"]
            direct = [r for r in comp if r.get("origin") == "direct" and as_int(r.get("order")) == 9]
            t_fail = f0.get("time")
            if not comp:
                if feature_absent(features, "compaction"):
                    skips.append(f"skip - {name}/compaction: oomtrace does not report compaction yet")
                else:
                    errs.append(f"oomtrace reported no compaction records (compact_stall rose by {stalls})")
            elif not direct:
                errs.append(f"no direct order-9 compaction record among {len(comp)} "
                            f"(origins/orders: {sorted({(r.get('origin'), r.get('order')) for r in comp}, key=str)})")
            elif isinstance(t_fail, (int, float)) and not any(
                    as_int(r.get("ts_ns")) is not None and as_int(r.get("ts_ns")) / 1e9 <= t_fail + 1e-6
                    for r in direct):
                errs.append(f"no direct order-9 compaction record precedes the failure at {t_fail} s")
            elif not isinstance(t_fail, (int, float)) and not any(recs.index(r) < i0 for r in direct):
                errs.append("no direct order-9 compaction record precedes the first order-9 failure")

    for s in skips:
        print(s)
    for n in notes:
        print(f"# note - {name}: {n}")
    if errs:
        print(f"FAIL - {name}: " + "; ".join(errs))
        return 1
    print(f"ok - {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
