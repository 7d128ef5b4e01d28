#!/usr/bin/env python3
"""gradtape side by side with SymPy, SymEngine and Symbolica, in one run on one machine.

    python3 bench/compare.py [--suite ../shared/bench] [--work target/bench-work]
                             [--repeats 7] [--runs 3] [--only W1,W2] [--skip-peers]
                             [--skip-scaling] [--out docs/benchmarks.md]

Steps, one after another (never two timed processes at once; unlicensed Symbolica
allows one process at a time):
  1. writes the suite's workloads (suite.py write WORK/workloads) and the evaluation
     workloads' points (WORK/points/<name>.csv, from suite.eval_points);
  2. builds gradtape (cargo build --release) unless --no-build;
  3. runs gradtape on every workload, --repeats times, on one thread (--jobs 1), reading
     the in-process phase times from --timings and timing the whole process; peak RSS
     per process (wait4); then the whole process on all cores (--jobs N) for the batch
     and the table of points;
     checks the values at the workload's check point against a peer's high-precision
     values;
  4. runs the peers' runners (runner_<peer>.py from the suite directory, one process
     per pair, as bench.py does), results in WORK/peers/<tag>/<workload>.json;
  5. times the whole process for one small expression (hyperfine when installed);
  6. measures scaling: a sum of n terms for n = 10^2..10^5, and derivative orders
     1..20 of x^x and of exp(sin(x))*x^2;
  7. writes the tables into --out between the 'generated' markers (text outside them
     is kept).
With --runs K, steps 3 and 4 are done K times, one after the other (gradtape, peers,
gradtape, peers, ...); the tables are those of the last run, and one more table gives
each run's median ratio and their range.
Needs: python3 with numpy, and `pip install sympy symengine symbolica` for the peers.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN, END = "<!-- generated:start -->", "<!-- generated:end -->"
TIME = "/usr/bin/time"

# Targets of the speed issue: ratio of gradtape's in-process time (one thread) to the
# fastest peer's: 0.5 on every workload; xx_d20 is absolute (<= 1 s, <= 10 kB of output).
TARGETS = {
    "poly3_grad": 0.5,
    "rosen100_grad": 0.5,
    "rosen20_hess": 0.5,
    "deep30": 0.5,
    "expsin_d10": 0.5,
    "xx_d20": None,
    "prod50": 0.5,
    "sum10000": 0.5,
    "batch10000": 0.5,
    "eval100000": 0.5,
    "rosen100_grad_eval10000": 0.5,
}

# On all cores (--jobs N), whole process: batch10000 at most 0.3x the fastest peer's
# in-process time; the table of points within 2x of gradtape's own in-process time.
ALL_CORES = {"batch10000": ("peer", 0.3), "rosen100_grad_eval10000": ("self", 2.0)}

# Peer runs: (workload, peer, variant). The fastest peer of every workload is in
# here; left out are runs that take minutes and are far from the fastest (see NOTES).
def peer_pairs(names):
    out = []
    for w in names:
        if w != "xx_d20":
            out.append((w, "symbolica", ""))
            out.append((w, "symengine", "split" if w == "sum10000" else ""))
        else:
            out.append((w, "sympy", ""))
    return out


NOTES = [
    "SymEngine on xx_d20 is not run (61 s and 850 MB a repeat, 32 MB of output in the baseline); SymPy, the "
    "fastest there, is. Symbolica cannot finish xx_d20 (its expression grows about 3x per order).",
    "SymEngine on sum10000 runs the suite's 'split' variant (terms parsed one by one): its own parser takes "
    "47 s on the whole sum. SymPy runs only on xx_d20: elsewhere it is 10-1000x slower than the fastest peer.",
    "rosen20_hess: gradtape computes the 210 distinct second partials (`--order 2`, mixed partials once); "
    "the peers compute all 400 entries (from the 20 first partials).",
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def run_measured(cmd, stdin_path=None, timeout=600):
    """Runs cmd; returns (wall seconds, stdout bytes, stderr text, exit code, timed out,
    peak RSS MiB from wait4)."""
    import threading
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(rss_wrapped(cmd), stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks = {"out": [], "err": []}

    def drain(stream, key):
        for block in iter(lambda: stream.read(1 << 16), b""):
            chunks[key].append(block)

    readers = [threading.Thread(target=drain, args=(p.stdout, "out")),
               threading.Thread(target=drain, args=(p.stderr, "err"))]
    for r in readers:
        r.start()
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    late = not timer.is_alive()
    timer.cancel()
    for r in readers:
        r.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        fin.close()
    out, err = b"".join(chunks["out"]), b"".join(chunks["err"]).decode(errors="replace")
    rss = None
    m = re.search(r"^@@rss_kb (\d+)$", err, re.M)
    if m:
        rss = int(m.group(1)) / 1024.0
        err = err[:m.start()] + err[m.end():]
    return wall, out, err, p.returncode, late, rss


def rss_wrapped(cmd):
    """cmd run under GNU time for its peak RSS. (A child forked from this Python
    process would count this process's memory in its own peak, up to its exec.)"""
    if os.path.exists(TIME):
        return [TIME, "-f", "@@rss_kb %M"] + cmd
    return cmd


TIMING_RE = re.compile(r"(read points|[a-z]+) ([0-9.]+) ms")


def parse_timings(stderr):
    line = [l for l in stderr.splitlines() if l.startswith("timings:")]
    if not line:
        return None
    return {k: float(v) / 1e3 for k, v in TIMING_RE.findall(line[-1])}


def gradtape_cmd(exe, w, points_csv=None, at=None, jobs=1):
    cmd = [exe, "diff", "--format", "plain", "--wrt", ",".join(w["vars"]), "--jobs", str(jobs)]
    if w["op"] == "hess":
        cmd += ["--order", "2"]
    elif w["op"] == "nth":
        cmd += ["--order", str(w["order"])]
    if points_csv:
        cmd += ["--at-file", points_csv]
    if at:
        cmd += ["--at", at]
    return cmd


def in_process(t, w):
    """The time comparable with the peers' parse + diff + print (+ build + eval)."""
    base = t["parse"] + t["simplify"] + t["diff"]
    if w["op"] == "eval":
        return base + t.get("compile", 0.0) + t["eval"]
    return base + t["print"]


def measure_gradtape(exe, w, work, repeats, timeout):
    name = w["name"]
    src = os.path.join(work, "workloads", name + ".txt")
    pts = os.path.join(work, "points", name + ".csv") if w["op"] == "eval" else None
    cmd = gradtape_cmd(exe, w, pts) + ["--timings"]
    res = dict(workload=name, runs=[], walls=[], rss=[], status="ok", notes=[])
    for r in range(repeats):
        wall, out, err, code, late, rss = run_measured(cmd, src, timeout)
        if late:
            res["status"] = f"timeout ({timeout} s)"
            break
        t = parse_timings(err)
        if t is None or code not in (0, 3):
            res["status"] = f"exit {code}"
            res["notes"].append(err.strip()[-300:])
            break
        res["runs"].append(t)
        res["walls"].append(wall)
        res["rss"].append(rss)
        res["out_chars"] = max(0, len(out.decode()) - 1)
        res["out_chars_unspaced"] = res["out_chars"] - out.decode().count(" ")
        if wall > 20:
            break
    if not res["runs"]:
        return res
    res["in_process"] = [in_process(t, w) for t in res["runs"]]
    res["phases"] = {k: statistics.median(t.get(k, 0.0) for t in res["runs"]) for k in res["runs"][0]}
    res["peak_rss_mib"] = max((v for v in res["rss"] if v is not None), default=None)
    if w["op"] == "eval":
        # the output compared is the derivative expressions as plain text
        res["rows_bytes"] = len(out)
        plain = subprocess.run(gradtape_cmd(exe, w), stdin=open(src, "rb"), capture_output=True, timeout=timeout)
        res["out_chars"] = max(0, len(plain.stdout.decode()) - 1)
        res["out_chars_unspaced"] = res["out_chars"] - plain.stdout.decode().count(" ")
    res["values"] = check_values(exe, w, src, timeout, work)
    if name in ALL_CORES:
        jobs = os.cpu_count() or 1
        walls = []
        for _ in range(repeats):
            wall, _, _, code, late, _ = run_measured(gradtape_cmd(exe, w, pts, jobs=jobs), src, timeout)
            if late or code not in (0, 3):
                break
            walls.append(wall)
        res["all_cores"] = dict(jobs=jobs, walls=walls)
    return res


def check_values(exe, w, src, timeout, work):
    """gradtape's float values at the workload's check point (None where undefined),
    through --at-file with a one-row table."""
    path = os.path.join(work, "points", w["name"] + "-check.csv")
    names = list(w["point"])
    with open(path, "w") as f:
        f.write(",".join(names) + "\n" + ",".join(w["point"][k] for k in names) + "\n")
    try:
        p = subprocess.run(gradtape_cmd(exe, w, points_csv=path), stdin=open(src, "rb"), capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    vals = []
    for line in p.stdout.decode().splitlines():
        for cell in line.split(","):
            try:
                vals.append(float(cell))
            except ValueError:
                vals.append(None)
    return vals


def compare_check(w, ours, peers):
    """'OK n/n' when gradtape's values agree with a peer's high-precision ones."""
    ref = None
    for tag in ("sympy", "sympy-split", "symengine", "symengine-split", "symbolica"):
        r = peers.get(tag)
        if r and r.get("check_values") is not None:
            ref, ref_tag = r, tag
            break
    if ref is None or not ours:
        return "-"
    idx = ref.get("check_index") or list(range(len(ref["check_values"])))
    want = ref["check_values"]
    if w["op"] == "hess":
        # the peer lists all n*n entries; gradtape the distinct ones (i <= j), in order
        n = len(w["vars"])
        want = [want[i * n + j] for i in range(n) for j in range(i, n)]
        idx = list(range(len(want)))
    agree = close = undefined = huge = differ = skipped = 0
    for k, rv in zip(idx, want):
        if rv is None or k >= len(ours):
            skipped += 1
            continue
        re_, im = float(rv[0].replace("*I", "")), float(rv[1].replace("*I", ""))
        if abs(im) > 1e-12 * max(1.0, abs(re_)):
            skipped += 1  # complex at the point: gradtape works over the reals
            continue
        g = ours[k]
        if abs(re_) > 1.7e308:
            huge += 1
        elif g is None:
            undefined += 1
        else:
            err = abs(g - re_)
            if err <= 1e-9 * abs(re_) + 1e-12:
                agree += 1
            elif err <= 1e-3 * abs(re_):
                close += 1
            else:
                differ += 1
    n = agree + close + undefined + huge + differ
    parts = [f"{agree}/{n} agree with {ref_tag} to 1e-9"]
    if close:
        parts.append(f"{close} within 1e-3 (f64 rounding where the expression is ill-conditioned)")
    if undefined:
        parts.append(f"{undefined} undefined in f64 over the reals (the peer's value is real only through "
                     "complex intermediates)")
    if huge:
        parts.append(f"{huge} beyond the f64 range (gradtape: undefined)")
    if differ:
        parts.append(f"{differ} DIFFER")
    if skipped:
        parts.append(f"{skipped} complex or undefined at the point, skipped")
    return ("OK " if differ == 0 else "MISMATCH ") + "; ".join(parts)


def run_peers(suite_dir, work, names, repeats, timeout):
    env = dict(os.environ, SYMBOLICA_HIDE_BANNER="1", PYTHONHASHSEED="0")
    for name, peer, variant in peer_pairs(names):
        tag = peer + (f"-{variant}" if variant else "")
        d = os.path.join(work, "peers", tag)
        os.makedirs(d, exist_ok=True)
        out = os.path.join(d, name + ".json")
        reps = 3 if peer == "sympy" else repeats
        cmd = rss_wrapped([sys.executable, os.path.join(suite_dir, f"runner_{peer}.py"), name, "--out", out,
                           "--repeats", str(reps)])
        if variant:
            cmd += ["--variant", variant]
        t = time.time()
        try:
            subprocess.run(cmd, env=env, timeout=timeout, capture_output=True)
        except subprocess.TimeoutExpired:
            pass
        status = json.load(open(out)).get("status") if os.path.exists(out) else "no output"
        print(f"  {name:26s} {tag:16s} {status} ({time.time() - t:.1f} s)", flush=True)


def load_peers(work):
    R = {}
    base = os.path.join(work, "peers")
    if not os.path.isdir(base):
        return R
    for tag in os.listdir(base):
        for f in os.listdir(os.path.join(base, tag)):
            if f.endswith(".json"):
                R.setdefault(f[:-5], {})[tag] = json.load(open(os.path.join(base, tag, f)))
    return R


def fastest_peer(ps):
    """(median, min, tag, result) of the fastest peer that finished, or None."""
    ok = [(statistics.median(x["total"] for x in p["runs"]), min(x["total"] for x in p["runs"]), tag, p)
          for tag, p in ps.items() if p.get("runs") and p.get("status") == "ok"]
    ok.sort(key=lambda v: v[0])
    return ok[0] if ok else None


def ratio_to_fastest(r, ps):
    """gradtape's median in-process time over the fastest peer's, or None."""
    best = fastest_peer(ps)
    if not r.get("in_process") or best is None:
        return None
    return statistics.median(r["in_process"]) / best[0]


def mib(v):
    return "-" if v is None else f"{v:.0f}"


def fmt_s(t):
    if t is None:
        return "-"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    return f"{t * 1e6:.0f} µs"


def hyperfine(cmds, runs, work, tag):
    """Median and min wall seconds per command (hyperfine when present)."""
    out = {}
    if shutil.which("hyperfine"):
        path = os.path.join(work, f"hyperfine-{tag}.json")
        for label, cmd in cmds:
            subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", path, cmd],
                           capture_output=True, env=dict(os.environ, SYMBOLICA_HIDE_BANNER="1"))
            try:
                r = json.load(open(path))["results"][0]
                out[label] = (r["median"], r["min"], r.get("max"))
            except (OSError, KeyError, IndexError, ValueError):
                out[label] = None
    else:
        for label, cmd in cmds:
            ts = []
            for _ in range(runs):
                t = time.perf_counter()
                subprocess.run(cmd, shell=True, capture_output=True)
                ts.append(time.perf_counter() - t)
            out[label] = (statistics.median(ts), min(ts), max(ts))
    return out


def startup(exe, work):
    expr = "sin(x)*x^2 + ln(x)"
    py = sys.executable
    cmds = [
        ("gradtape", f"{exe} diff '{expr}' --wrt x --format plain"),
        ("symbolica", f"{py} -c \"import symbolica as s; x=s.S('x'); print(s.E('sin(x)*x^2+log(x)').derivative(x))\""),
        ("symengine", f"{py} -c \"import symengine as s; print(s.sympify('{expr}').diff(s.Symbol('x')))\""),
        ("sympy", f"{py} -c \"import sympy as s; print(s.diff(s.sympify('sin(x)*x**2 + log(x)'), s.Symbol('x')))\""),
    ]
    res = hyperfine(cmds[:1], 50, work, "startup-gradtape")
    res.update(hyperfine(cmds[1:], 10, work, "startup-peers"))
    return res, expr


def scaling(exe, work, suite_dir, timeout):
    sys.path.insert(0, suite_dir)
    import suite  # noqa: E402
    rows = []
    os.makedirs(os.path.join(work, "scaling"), exist_ok=True)
    for n in (100, 1000, 10000, 100000):
        path = os.path.join(work, "scaling", f"sum{n}.txt")
        with open(path, "w") as f:
            f.write(suite.long_sum(n) + "\n")
        # The 100,000-term sum is 3.7 MB of text: above the default input limit of 1 MiB.
        rows.append(("sum", n, path, [exe, "diff", "--wrt", "x", "--format", "plain", "--timings", "--jobs", "1",
                                      "--max-input", "16000000"]))
    orders = []
    for fname, text in (("x^x", "x^x"), ("exp(sin(x))*x^2", "exp(sin(x))*x^2")):
        path = os.path.join(work, "scaling", "f.txt" if fname == "x^x" else "g.txt")
        with open(path, "w") as f:
            f.write(text + "\n")
        for k in range(1, 21):
            orders.append((fname, k, path, [exe, "diff", "--wrt", "x", "--order", str(k), "--format", "plain", "--jobs", "1",
                                            "--timings"]))
    out = []
    failed = set()
    for kind, n, path, cmd in rows + orders:
        if kind in failed:
            out.append(dict(kind=kind, n=n, status="skipped", in_process=None, wall=None, out_chars=None))
            continue
        times, walls, size, status = [], [], None, "ok"
        for _ in range(3):
            wall, o, err, code, late, _ = run_measured(cmd, path, timeout)
            t = parse_timings(err)
            if late or t is None or code != 0:
                status = "timeout" if late else f"exit {code}"
                break
            times.append(t["parse"] + t["simplify"] + t["diff"] + t["print"])
            walls.append(wall)
            size = max(0, len(o) - 1)
            if wall > 5:
                break
        if status != "ok" and kind != "sum":
            failed.add(kind)  # a higher order only takes longer
        out.append(dict(kind=kind, n=n, status=status, in_process=statistics.median(times) if times else None,
                        wall=statistics.median(walls) if walls else None, out_chars=size))
        print(f"  scaling {kind} {n}: {status} {fmt_s(out[-1]['in_process'])}", flush=True)
    return out


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(open("/proc/meminfo").readline().split()[1])
        mem = f", {kb / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def versions():
    code = ("import importlib.metadata as m\n"
            "for p in ('sympy','symengine','symbolica'):\n"
            "    try: print(p, m.version(p))\n"
            "    except Exception: print(p, 'not installed')")
    try:
        return sh([sys.executable, "-c", code]).split("\n")
    except subprocess.CalledProcessError:
        return []


def write_doc(path, body):
    old = open(path).read() if os.path.exists(path) else ""
    gen = f"{BEGIN}\n{body}\n{END}"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + gen + old[old.index(END) + len(END):]
    else:
        new = "# Benchmarks\n\n" + gen + "\n" + old
    with open(path, "w") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", default=os.environ.get("GRADTAPE_SUITE", os.path.join(ROOT, "..", "shared", "bench")),
                    help="the suite directory (suite.py, runner_*.py); default \$GRADTAPE_SUITE or ../shared/bench")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench-work"))
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--runs", type=int, default=1, help="whole runs of gradtape and the peers, one after another")
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=int, default=300, help="seconds for one process")
    ap.add_argument("--skip-peers", action="store_true", help="reuse the peers' results in WORK/peers")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    a = ap.parse_args()
    suite_dir = os.path.abspath(a.suite)
    work = os.path.abspath(a.work)
    sys.path.insert(0, suite_dir)
    import suite  # noqa: E402

    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()
    print(f"suite: writing workloads into {work}/workloads", flush=True)
    sh([sys.executable, os.path.join(suite_dir, "suite.py"), "write", os.path.join(work, "workloads")])
    ws = suite.workloads()
    if a.only:
        keep = set(a.only.split(","))
        ws = [w for w in ws if w["name"] in keep]
    os.makedirs(os.path.join(work, "points"), exist_ok=True)
    for w in ws:
        if w["op"] == "eval":
            pts = suite.eval_points(w)
            with open(os.path.join(work, "points", w["name"] + ".csv"), "w") as f:
                f.write(",".join(w["args"]) + "\n")
                for row in pts:
                    f.write(",".join(repr(float(v)) for v in row) + "\n")
    if not a.no_build:
        print("building gradtape (release)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "gradtape")

    run_ratios = []
    for run in range(1, a.runs + 1):
        print(f"gradtape (run {run} of {a.runs}):", flush=True)
        ours = {}
        for w in ws:
            ours[w["name"]] = measure_gradtape(exe, w, work, a.repeats, a.timeout)
            r = ours[w["name"]]
            med = statistics.median(r["in_process"]) if r.get("in_process") else None
            print(f"  {w['name']:26s} {r['status']} {fmt_s(med)}", flush=True)
        load_mid = loadavg()
        if not a.skip_peers:
            print(f"peers (run {run} of {a.runs}):", flush=True)
            run_peers(suite_dir, work, [w["name"] for w in ws], a.repeats, a.timeout * 5)
        peers = load_peers(work)
        run_ratios.append({w["name"]: ratio_to_fastest(ours[w["name"]], peers.get(w["name"], {})) for w in ws})
    print("start-up:", flush=True)
    start, small = startup(exe, work)
    scale = [] if a.skip_scaling else scaling(exe, work, suite_dir, a.timeout)
    load_end = loadavg()
    finished = datetime.datetime.now(datetime.timezone.utc)

    L = []
    L.append(f"Measured {started:%Y-%m-%d %H:%M}–{finished:%H:%M} UTC by `python3 bench/compare.py` on one machine: "
             f"{machine()}. Load average (1, 5, 15 min) at the start {load_start}, after gradtape {load_mid}, "
             f"at the end {load_end}.")
    L.append("Peers: " + ", ".join(v for v in versions() if v) + f"; Python {platform.python_version()}.\n")
    L.append("gradtape's in-process time is the sum of its `--timings` phases that the peers' runners time too: "
             "parse + simplify (building the canonical form) + diff + print, and for the evaluation workloads "
             "compile + eval instead of print (the peers' build + eval; formatting the rows of values is left "
             "out, as the peers return an array). The peers' times are their runners' parse + diff + print "
             "(+ build + eval) with `time.perf_counter`, in process. Medians over the repeats; `min` is the "
             "fastest repeat. Ratio = gradtape / fastest peer (below 1: gradtape is faster). Output chars: "
             "gradtape writes a space around + and - (its text format is for reading); in parentheses its "
             "count without those spaces, comparable with Symbolica's, which writes none.\n")
    L.append("## Side by side\n")
    L.append("| workload | gradtape median (min) | fastest peer, median (min) | ratio median (min) | target | met | "
             "gradtape whole process | peak RSS gradtape / peer | output chars gradtape / smallest peer | "
             "gradtape's values |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for w in ws:
        name = w["name"]
        r = ours[name]
        ps = peers.get(name, {})
        ok_peers = [(statistics.median(x["total"] for x in p["runs"]), min(x["total"] for x in p["runs"]), tag, p)
                    for tag, p in ps.items() if p.get("runs") and p.get("status") == "ok"]
        ok_peers.sort(key=lambda v: v[0])  # all of them: the smallest output is any peer's
        if not r.get("in_process"):
            L.append(f"| {name} | {r['status']} | - | - | - | missed | - | - | - | - |")
            continue
        med, mn = statistics.median(r["in_process"]), min(r["in_process"])
        wall = statistics.median(r["walls"])
        chk = compare_check(w, r["values"], ps)
        if ok_peers:
            pm, pmin, tag, p = ok_peers[0]
            ratio = med / pm
            ratio_min = mn / pmin
            peer_cell = f"{tag} {fmt_s(pm)} ({fmt_s(pmin)})"
            rss = f"{mib(r['peak_rss_mib'])} / {p.get('peak_rss_mb', 0):.0f} MB"
            outs = [q.get("out_chars") for _, _, _, q in ok_peers if q.get("out_chars") is not None]
            least = min(outs) if outs else None
            own = f"{r['out_chars']:,} ({r.get('out_chars_unspaced', r['out_chars']):,} unspaced)"
            out_cell = f"{own} / {least:,}" if least is not None else f"{own} / -"
        else:
            ratio = ratio_min = None
            peer_cell, rss, out_cell = "-", f"{mib(r['peak_rss_mib'])} MB / -", f"{r['out_chars']:,} / -"
        target = TARGETS.get(name)
        if name == "xx_d20":
            tcell = "≤ 1 s, ≤ 10 kB"
            met = "met" if med <= 1.0 and r["out_chars"] <= 10_000 else "missed"
        elif target is None or ratio is None:
            tcell, met = "-", "-"
        else:
            tcell = f"≤ {target}×"
            met = "met" if ratio <= target else "missed"
        rc = f"{ratio:.2f}× ({ratio_min:.2f}×)" if ratio is not None else "-"
        L.append(f"| {name} | {fmt_s(med)} ({fmt_s(mn)}) | {peer_cell} | {rc} | {tcell} | {met} | {fmt_s(wall)} | "
                 f"{rss} | {out_cell} | {chk} |")
    L.append("")
    for n in NOTES:
        L.append(f"- {n}")
    L.append("")
    if a.runs > 1:
        L.append(f"## {a.runs} runs, one after another: median ratio to the fastest peer\n")
        L.append("| workload | " + " | ".join(f"run {i}" for i in range(1, a.runs + 1)) + " | range |")
        L.append("|---|" + "---|" * (a.runs + 1))
        for w in ws:
            rs = [rr.get(w["name"]) for rr in run_ratios]
            cells = [f"{v:.2f}×" if v is not None else "-" for v in rs]
            got = [v for v in rs if v is not None]
            rng = f"{min(got):.2f}–{max(got):.2f}×" if got else "-"
            L.append(f"| {w['name']} | " + " | ".join(cells) + f" | {rng} |")
        L.append("")
    cores = [(w, ours[w["name"]]) for w in ws if ours[w["name"]].get("all_cores", {}).get("walls")]
    if cores:
        L.append("## All cores: whole process with `--jobs N`\n")
        L.append("| workload | whole process, --jobs 1 | whole process, --jobs N (N) | speed-up | compared with | "
                 "target | met |")
        L.append("|---|---|---|---|---|---|---|")
        for w, r in cores:
            c = r["all_cores"]
            one, many = statistics.median(r["walls"]), statistics.median(c["walls"])
            kind, limit = ALL_CORES[w["name"]]
            if kind == "peer":
                best = fastest_peer(peers.get(w["name"], {}))
                base = best[0] if best else None
                what = f"{best[2]} in process {fmt_s(base)}" if best else "-"
            else:
                base = statistics.median(r["in_process"])
                what = f"gradtape in process {fmt_s(base)}"
            ratio = many / base if base else None
            rc = f"{ratio:.2f}× (≤ {limit}×)" if ratio is not None else "-"
            met = "-" if ratio is None else ("met" if ratio <= limit else "missed")
            L.append(f"| {w['name']} | {fmt_s(one)} | {fmt_s(many)} ({c['jobs']}) | {one / many:.2f}× | {what} | "
                     f"{rc} | {met} |")
        L.append("")
    L.append("## gradtape's phases (medians)\n")
    L.append("| workload | parse | simplify | diff | compile | eval | print | rows written (eval) |")
    L.append("|---|---|---|---|---|---|---|---|")
    for w in ws:
        r = ours[w["name"]]
        if not r.get("phases"):
            continue
        ph = r["phases"]
        rows = f"{r['rows_bytes']:,} bytes" if "rows_bytes" in r else "-"
        L.append(f"| {w['name']} | {fmt_s(ph.get('parse'))} | {fmt_s(ph.get('simplify'))} | {fmt_s(ph.get('diff'))} | "
                 f"{fmt_s(ph.get('compile'))} | {fmt_s(ph.get('eval'))} | {fmt_s(ph.get('print'))} | {rows} |")
    L.append("")
    L.append(f"## Whole process, one small expression (`{small}`, d/dx)\n")
    L.append("| command | wall median | min | ratio to gradtape |")
    L.append("|---|---|---|---|")
    g = start.get("gradtape")
    for label, v in start.items():
        if v is None:
            L.append(f"| {label} | failed | - | - |")
            continue
        ratio = f"{v[0] / g[0]:.0f}×" if g and label != "gradtape" else "1×"
        L.append(f"| {label} | {fmt_s(v[0])} | {fmt_s(v[1])} | {ratio} |")
    L.append("")
    if scale:
        L.append("## Scaling\n")
        L.append("Sum of n terms `k*sin(k*x) + ln(x + k)`, d/dx (in-process: parse + simplify + diff + print):\n")
        L.append("| n | in-process | per term | whole process | output chars |")
        L.append("|---|---|---|---|---|")
        for s in scale:
            if s["kind"] == "sum":
                per = fmt_s(s["in_process"] / s["n"]) if s["in_process"] else "-"
                oc = f"{s['out_chars']:,}" if s["out_chars"] is not None else "-"
                L.append(f"| {s['n']:,} | {fmt_s(s['in_process']) if s['in_process'] else s['status']} | {per} | "
                         f"{fmt_s(s['wall'])} | {oc} |")
        per_term = {s["n"]: s["in_process"] / s["n"] for s in scale if s["kind"] == "sum" and s["in_process"]}
        if 1000 in per_term and 100000 in per_term:
            g = per_term[100000] / per_term[1000]
            L.append("")
            L.append(f"Growth: the cost per term at 10^5 terms is {g:.2f}× its cost at 10^3 (target ≤ 1.3×: "
                     f"{'met' if g <= 1.3 else 'missed'}).")
        L.append("")
        L.append("Derivative order k, d^k/dx^k (in-process; output chars of the k-th derivative):\n")
        L.append("| k | x^x | chars | exp(sin(x))*x^2 | chars |")
        L.append("|---|---|---|---|---|")
        by = {(s["kind"], s["n"]): s for s in scale if s["kind"] != "sum"}
        for k in range(1, 21):
            cells = []
            for kind in ("x^x", "exp(sin(x))*x^2"):
                s = by.get((kind, k))
                if s is None or s["in_process"] is None:
                    cells += [s["status"] if s else "-", "-"]
                else:
                    cells += [fmt_s(s["in_process"]), f"{s['out_chars']:,}"]
            L.append(f"| {k} | " + " | ".join(cells) + " |")
        L.append("")
    write_doc(a.out, "\n".join(L))
    print(f"wrote {os.path.relpath(a.out, ROOT)}")


if __name__ == "__main__":
    main()
