#!/usr/bin/env python3
"""`gradtape series` side by side with SymPy's `series`, in one run on one machine.

    python3 bench/series.py [--gradtape target/release/gradtape] [--repeats 7]
                            [--sympy-repeats 3] [--sympy-timeout 25] [--out FILE]

Everything runs one process at a time (never two timed processes at once):
  1. gradtape: for every workload, one warm-up run, then --repeats runs of the whole
     process (`gradtape series EXPR --order N --format plain`), wall time, median; then
     one process reading the expression K times from stdin (`--jobs 1 --timings`), giving
     the wall time per expression with the process start paid once, and gradtape's own
     in-process total from --timings, per expression;
  2. SymPy: one child Python process per workload (this script with --sympy-child), which
     times `import sympy`, then `sp.series(f, x, x0, N+1)` --sympy-repeats times, each after
     `sympy.core.cache.clear_cache()` (fewer repeats when one run is slow), median; a child
     still busy after --sympy-timeout seconds is killed and the row reads "> T s";
  3. checks that both give the same coefficients exactly: gradtape's JSON `terms`
     (`^` -> `**`, `ln` -> `log`, `e` -> E, sympify) against SymPy's series coefficients
     in (x - x0), with sp.simplify(a - b) == 0 for every power up to N. Where SymPy's
     `series` timed out, the reference is SymPy's truncated power-series arithmetic
     (sympy.polys.ring_series, exact rationals), named as such in the table.
Any mismatch, refusal or failure is printed loudly and the exit status is 1.

The Markdown table goes to stdout; with --out FILE it is also written between
`<!-- series:generated:start -->` and `<!-- series:generated:end -->` in FILE (the markers
are appended at the end of the file if absent; all other text is kept).
Needs: python3 with sympy (pip install sympy).
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN, END = "<!-- series:generated:start -->", "<!-- series:generated:end -->"

# name, gradtape expression, SymPy expression (x, a are symbols), point (None = 0),
# order N (degree <= N), SymPy repeats (None = --sympy-repeats), ring_series reference
# (for rows where SymPy's series is too slow to finish).
CASES = [
    ("exp(sin(x))", "exp(sin(x))", "sp.exp(sp.sin(x))", None, 10, None, "expsin"),
    ("exp(sin(x))", "exp(sin(x))", "sp.exp(sp.sin(x))", None, 14, 1, "expsin"),
    ("exp(sin(x))", "exp(sin(x))", "sp.exp(sp.sin(x))", None, 20, 1, "expsin"),
    ("exp(sin(x))", "exp(sin(x))", "sp.exp(sp.sin(x))", None, 100, 1, "expsin"),
    ("1/sin(x) (Laurent)", "1/sin(x)", "1/sp.sin(x)", None, 20, None, None),
    ("tan(x)", "tan(x)", "sp.tan(x)", None, 30, None, None),
    ("ln(cos(x))", "ln(cos(x))", "sp.log(sp.cos(x))", None, 20, None, None),
    ("exp(x)*sin(x) around x=1", "exp(x)*sin(x)", "sp.exp(x)*sp.sin(x)", "1", 10, None, None),
    ("exp(x)*sin(x) around x=a", "exp(x)*sin(x)", "sp.exp(x)*sp.sin(x)", "a", 10, None, None),
    ("atan(x)/(1+x)", "atan(x)/(1+x)", "sp.atan(x)/(1+x)", None, 40, None, None),
]


# ---------------------------------------------------------------- SymPy child process

def sympy_child(spec):
    """Runs in a fresh Python: times the import and the series calls, prints JSON."""
    t0 = time.perf_counter()
    import sympy as sp
    from sympy.core.cache import clear_cache
    import_s = time.perf_counter() - t0
    x, a = sp.Symbol("x"), sp.Symbol("a")
    f = eval(spec["expr"], {"sp": sp, "x": x, "a": a})
    x0 = 0 if spec["point"] is None else sp.sympify(spec["point"], locals={"a": a})
    n1 = spec["order"] + 1
    times, s = [], None
    for _ in range(spec["repeats"]):
        clear_cache()
        t = time.perf_counter()
        s = sp.series(f, x, x0, n1)
        times.append(time.perf_counter() - t)
        # another repeat only if it still fits in the budget
        if sum(times) + times[-1] > spec["budget"]:
            break
    coeffs = series_coeffs(sp, s.removeO(), x, x0)
    print(json.dumps({
        "import_s": import_s,
        "times": times,
        "coeffs": {str(k): sp.srepr(c) for k, c in coeffs.items()},
        "O": str(s.getO()),
    }))


def series_coeffs(sp, s, x, x0):
    """{power of (x - x0): coefficient} of a truncated series (negative powers too)."""
    t = sp.Dummy("t")
    s = sp.expand(s.subs(x, t + x0))
    out = {}
    for term in sp.Add.make_args(s):
        c, k = term.as_coeff_exponent(t)
        if c.has(t) or not k.is_Integer:
            raise ValueError(f"unexpected term {term}")
        out[int(k)] = out.get(int(k), 0) + c
    return {k: c for k, c in out.items() if c != 0}


# ---------------------------------------------------------------- helpers

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def wall(cmd, stdin=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    return time.perf_counter() - t, p


def gradtape_cmd(gt, case, fmt, expr=True):
    _, gexpr, _, point, order, _, _ = case
    cmd = [gt, "series"] + ([gexpr] if expr else []) + ["--order", str(order), "--format", fmt]
    if point is not None:
        cmd += ["--wrt", "x", "--around", f"x={point}"]
    return cmd


def ms(s):
    v = s * 1e3
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:.0f}"


def sha256(path):
    import hashlib
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def write_out(path, block):
    old = open(path).read() if os.path.exists(path) else ""
    gen = f"{BEGIN}\n{block}\n{END}"
    if BEGIN in old and END in old and old.index(BEGIN) < old.index(END):
        new = old[:old.index(BEGIN)] + gen + old[old.index(END) + len(END):]
    else:
        sep = "" if old == "" or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
        new = old + sep + gen + "\n"
    with open(path, "w") as f:
        f.write(new)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gradtape", default=os.path.join(ROOT, "target", "release", "gradtape"))
    ap.add_argument("--repeats", type=int, default=7, help="gradtape process runs (after a warm-up)")
    ap.add_argument("--batch-seconds", type=float, default=0.5,
                    help="about how long the stdin batch of one workload runs")
    ap.add_argument("--sympy-repeats", type=int, default=3)
    ap.add_argument("--sympy-timeout", type=float, default=25.0,
                    help="seconds of series calls per workload before the SymPy child is killed")
    ap.add_argument("--out", help="write the table between the series:generated markers in this file")
    ap.add_argument("--sympy-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.sympy_child:
        sympy_child(json.loads(args.sympy_child))
        return 0

    t_start = time.perf_counter()
    import sympy as sp
    gt = args.gradtape
    if not os.path.exists(gt):
        print(f"building {gt} (cargo build --release)", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    gt_version = subprocess.run([gt, "--version"], capture_output=True, text=True).stdout.strip()
    gt_hash, load_start = sha256(gt), loadavg()
    x, a = sp.Symbol("x"), sp.Symbol("a")
    failures = []
    rows = []

    for case in CASES:
        name, gexpr, sexpr, point, order, srep, ref = case
        label = f"{name} order {order}"
        print(f"[{time.perf_counter() - t_start:6.1f} s] {label}", file=sys.stderr)
        row = {"name": name, "order": order}

        # 1. gradtape, whole process
        cmd = gradtape_cmd(gt, case, "plain")
        _, p = wall(cmd)  # warm-up
        if p.returncode != 0:
            msg = f"gradtape REFUSED {label}: exit {p.returncode}: {p.stderr.strip()}"
            print("!!! " + msg, file=sys.stderr)
            failures.append(msg)
            row["gt"] = None
        else:
            walls = [wall(cmd)[0] for _ in range(args.repeats)]
            row["gt"] = statistics.median(walls)
            row["gt_range"] = (min(walls), max(walls))
            # same expression K times on stdin, one thread: process start paid once
            k = max(5, min(500, int(args.batch_seconds / max(row["gt"], 1e-4))))
            bcmd = gradtape_cmd(gt, case, "plain", expr=False) + ["--jobs", "1", "--timings"]
            bw, bp = wall(bcmd, stdin=(gexpr + "\n") * k)
            m = re.search(r"total ([0-9.]+) ms \((\d+) expressions?\)", bp.stderr)
            lines = [l for l in bp.stdout.splitlines() if l.strip()]
            if bp.returncode != 0 or len(lines) != k or len(set(lines)) != 1 \
                    or lines[0].strip() != p.stdout.strip():
                msg = f"gradtape batch of {k} for {label} failed or differs from the single run"
                print("!!! " + msg, file=sys.stderr)
                failures.append(msg)
            row["batch_k"] = k
            row["batch_per"] = bw / k
            row["inproc_per"] = float(m.group(1)) / 1e3 / int(m.group(2)) if m else None

        # gradtape's coefficients (JSON, untimed)
        gcoef = None
        jp = subprocess.run(gradtape_cmd(gt, case, "json"), capture_output=True, text=True)
        if jp.returncode == 0:
            obj = json.loads(jp.stdout.splitlines()[0])
            loc = {"x": x, "a": a, "e": sp.E, "log": sp.log}
            gcoef = {}
            for term in obj["terms"]:
                c = re.sub(r"\bln\b", "log", term["coefficient"].replace("^", "**"))
                gcoef[int(term["powers"]["x"])] = sp.sympify(c, locals=loc)
            row["gt_remainder"] = obj.get("remainder")

        # 2. SymPy, in a child process
        spec = {"expr": sexpr, "point": point, "order": order,
                "repeats": srep or args.sympy_repeats, "budget": args.sympy_timeout}
        child = [sys.executable, os.path.abspath(__file__), "--sympy-child", json.dumps(spec)]
        row["sympy_planned"] = spec["repeats"]
        try:
            cp = subprocess.run(child, capture_output=True, text=True,
                                timeout=args.sympy_timeout + 5)
            if cp.returncode != 0:
                raise RuntimeError(cp.stderr.strip()[-500:])
            res = json.loads(cp.stdout.strip().splitlines()[-1])
            row["sympy"] = statistics.median(res["times"])
            row["sympy_n"] = len(res["times"])
            row["import_s"] = res["import_s"]
            scoef = {int(k): sp.sympify(v) for k, v in res["coeffs"].items()}
            row["ref"] = "series"
        except subprocess.TimeoutExpired:
            row["sympy"] = None
            row["sympy_timeout"] = True
            scoef = None
        except Exception as e:  # noqa: BLE001
            msg = f"SymPy failed on {label}: {e}"
            print("!!! " + msg, file=sys.stderr)
            failures.append(msg)
            row["sympy"] = None
            scoef = None

        # reference where SymPy's series did not finish: SymPy's ring_series
        if scoef is None and ref == "expsin":
            from sympy import QQ
            from sympy.polys.rings import ring
            from sympy.polys.ring_series import rs_exp, rs_sin
            R, X = ring("x", QQ)
            t = time.perf_counter()
            p_ = rs_exp(rs_sin(X, X, order + 1), X, order + 1)
            row["ring_s"] = time.perf_counter() - t
            scoef = {m_[0]: sp.Rational(int(c.numerator), int(c.denominator))
                     for m_, c in p_.terms()}
            row["ref"] = "ring_series"

        # 3. same coefficients?
        if gcoef is None or scoef is None:
            row["equal"] = None
            if gcoef is not None or row.get("gt") is not None:
                msg = f"coefficients of {label} not checked (no reference)"
                print("!!! " + msg, file=sys.stderr)
                failures.append(msg)
        else:
            bad = []
            for kk in sorted(set(gcoef) | set(scoef)):
                if kk > order:
                    continue
                ga, sb = gcoef.get(kk, sp.Integer(0)), scoef.get(kk, sp.Integer(0))
                if sp.simplify(ga - sb) != 0:
                    bad.append((kk, ga, sb))
            row["equal"] = not bad
            row["nterms"] = len(gcoef)
            if bad:
                for kk, ga, sb in bad[:5]:
                    print(f"!!! MISMATCH {label}: power {kk}: gradtape {ga} vs SymPy {sb}",
                          file=sys.stderr)
                failures.append(f"coefficient mismatch in {label} ({len(bad)} powers)")
        rows.append(row)

    total = time.perf_counter() - t_start
    load_end = loadavg()
    if sha256(gt) != gt_hash:
        msg = f"{gt} changed during the run (rebuilt by someone else?): the timings mix two builds"
        print("!!! " + msg, file=sys.stderr)
        failures.append(msg)

    # ---------------------------------------------------------------- table
    imports = [r["import_s"] for r in rows if r.get("import_s") is not None]
    head = [
        f"Measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} on {cpu_model()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}, SymPy {sp.__version__}, "
        f"{gt_version} (binary sha256 {gt_hash}…); `python3 bench/series.py`, {total:.0f} s in all; "
        f"1-min load average {load_start} at the start, {load_end} at the end.",
        "",
        f"gradtape process: whole process (`gradtape series EXPR --order N --format plain`), wall "
        f"time, median (min–max) of {args.repeats} after a warm-up. Batch: the same expression K times on stdin "
        f"in one process (`--jobs 1 --timings`), wall time / K; in-process: gradtape's own `--timings` "
        f"total / K. SymPy: `sp.series(f, x, x0, N+1)` in process, fresh cache each run "
        f"(`clear_cache()`), median of the runs given; `import sympy` not included "
        f"(median {ms(statistics.median(imports)) if imports else '?'} ms, "
        f"one fresh process per row). Ratio: SymPy ms / gradtape process ms.",
        "",
        "| workload | order | gradtape process ms | gradtape batch ms/expr (K) | gradtape in-process ms "
        "| SymPy ms (runs) | ratio SymPy/gradtape | coefficients equal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    body = []
    notes = []
    for r in rows:
        g = r.get("gt")
        gcell = (f"{ms(g)} ({ms(r['gt_range'][0])}–{ms(r['gt_range'][1])})"
                 if g is not None else "refused")
        bcell = f"{ms(r['batch_per'])} ({r['batch_k']})" if r.get("batch_per") else "–"
        icell = ms(r["inproc_per"]) if r.get("inproc_per") else "–"
        if r.get("sympy") is not None:
            scell = f"{ms(r['sympy'])} ({r['sympy_n']})"
            ratio = f"{r['sympy'] / g:.0f}x" if g else "–"
            if g and r["sympy"] / g < 1:
                ratio = f"{r['sympy'] / g:.2f}x"
        elif r.get("sympy_timeout"):
            scell = f"> {args.sympy_timeout * 1e3:.0f} (killed in run 1)"
            ratio = f"> {args.sympy_timeout / g:.0f}x" if g else "–"
        else:
            scell, ratio = "failed", "–"
        if r["equal"] is None:
            eq = "not checked"
        else:
            eq = ("yes" if r["equal"] else "**NO**")
            if r.get("ref") == "ring_series":
                eq += " (vs SymPy ring_series)"
        body.append(f"| {r['name']} | {r['order']} | {gcell} | {bcell} | {icell} | {scell} | {ratio} | {eq} |")
        if r.get("ring_s") is not None:
            notes.append(f"{r['name']} order {r['order']}: SymPy's `series` did not finish within "
                         f"{args.sympy_timeout:.0f} s; the coefficients were checked against "
                         f"`rs_exp(rs_sin(x))` from sympy.polys.ring_series (exact rationals), which "
                         f"took {ms(r['ring_s'])} ms in process.")
        if r.get("sympy") is not None and r["sympy_n"] < r["sympy_planned"]:
            notes.append(f"{r['name']} order {r['order']}: SymPy ran {r['sympy_n']} of "
                         f"{r['sympy_planned']} planned runs (time budget {args.sympy_timeout:.0f} s).")
        elif r.get("sympy") is not None and r["sympy_planned"] < args.sympy_repeats:
            notes.append(f"{r['name']} order {r['order']}: SymPy capped at {r['sympy_planned']} run "
                         f"(slow).")
    block = "\n".join(head + body + ([""] + [f"- {n}" for n in notes] if notes else []))
    print(block)
    if args.out:
        write_out(args.out, block)
        print(f"(written to {args.out})", file=sys.stderr)
    print(f"total runtime {total:.1f} s", file=sys.stderr)
    if failures:
        print("\n!!! FAILURES:\n" + "\n".join("!!!   " + f for f in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
