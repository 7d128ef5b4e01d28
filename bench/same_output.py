#!/usr/bin/env python3
"""Everything gradtape prints on a fixed corpus, one file per run, for comparing two builds.

    python3 bench/same_output.py EXE OUTDIR [--suite ../shared/bench] [--oracle ../shared/oracle]
    diff -r OUTDIR_BEFORE OUTDIR_AFTER        # no output: byte-identical behaviour

The corpus: every public oracle case in every format (json with its point, text, latex,
plain, and with --check), every benchmark workload (plain, and the evaluation workloads
through --at-file), and a set of commands covering jacobian, hessian, eval, simplify and
the error paths. Each run's stdout, stderr and exit code go into one file.

    python3 bench/same_output.py EXE OUTDIR --instructions

also counts each benchmark workload's instructions with valgrind's cachegrind (the
batch on its first 2,000 lines) and writes OUTDIR/instructions.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def at_string(point):
    return ",".join(f"{k}={v}" for k, v in point.items())


def run(exe, args, stdin=None, timeout=120):
    try:
        p = subprocess.run([exe] + args, input=stdin, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def record(outdir, name, args, result):
    code, out, err = result
    args = [os.path.basename(a) if os.path.isabs(a) else a for a in args]
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(("$ gradtape " + " ".join(args) + f"\nexit {code}\n--- stdout\n").encode())
        f.write(out)
        f.write(b"--- stderr\n")
        f.write(err)


def oracle_runs(oracle):
    with open(os.path.join(oracle, "cases.jsonl")) as f:
        for line in f:
            c = json.loads(line)
            mode = c.get("mode", "diff")
            base = [mode, c["expr"], "--wrt", ",".join(c["wrt"])]
            if mode == "diff" and c["order"] != 1:
                base += ["--order", str(c["order"])]
            at = ["--at", at_string(c["point"])]
            yield c["id"] + ".json", base + at + ["--format", "json"]
            yield c["id"] + ".text", base + ["--color", "never"]
            yield c["id"] + ".latex", base + at + ["--format", "latex"]
            yield c["id"] + ".plain", base + ["--format", "plain"]
            yield c["id"] + ".check", base + at + ["--check", "--color", "never"]
            yield c["id"] + ".simplify", ["simplify", c["expr"]]


def workload_cmd(w):
    cmd = ["diff", "--format", "plain", "--wrt", ",".join(w["vars"])]
    if w["op"] == "hess":
        cmd += ["--order", "2"]
    elif w["op"] == "nth":
        cmd += ["--order", str(w["order"])]
    return cmd


def workloads(suite, work):
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(suite, "suite.py"), "write", work], check=True,
                   capture_output=True)
    sys.path.insert(0, suite)
    import suite as S  # noqa: E402

    out = []
    for name in S.names():
        w = json.load(open(os.path.join(work, name + ".json")))
        w["name"] = name
        src = os.path.join(work, name + ".txt")
        points = None
        if w["op"] == "eval":
            rows = S.eval_points(w)
            points = os.path.join(work, name + ".csv")
            with open(points, "w") as f:
                f.write(",".join(w["args"]) + "\n")
                for r in rows[:2000]:
                    f.write(",".join(repr(float(v)) for v in r) + "\n")
        out.append((w, src, points))
    return out


EXTRA = [
    ["jacobian", "x*y", "sin(x)+y^2", "--wrt", "x,y", "--at", "x=1,y=2"],
    ["jacobian", "x*y", "sin(x)+y^2", "--wrt", "x,y", "--format", "latex"],
    ["jacobian", "x*y", "exp(x)", "--wrt", "x,y", "--format", "json", "--check"],
    ["hessian", "x^2*y + y^3", "--at", "x=1,y=2"],
    ["hessian", "x^2*y + y^3", "--format", "latex", "--latex-env", "align"],
    ["hessian", "x^2*y + y^3", "--format", "json", "--check"],
    ["eval", "sin(x)^2", "--at", "x=pi/6", "--format", "plain"],
    ["eval", "ln(x)", "--at", "x=-1"],
    ["eval", "x^x", "--at", "x=1.5", "--format", "json"],
    ["simplify", "x + x + x*x^2"],
    ["simplify", "(x+1)^3", "--form", "expanded"],
    ["simplify", "x^2+2*x+1", "--form", "factored"],
    ["diff", "x^x", "--order", "1..5", "--format", "json"],
    ["diff", "sin(x)*exp(y)", "--wrt", "x,y", "--order", "3", "--format", "text", "--color", "never"],
    ["diff", "x^3", "--order", "1..2", "--format", "latex", "--latex-env", "align"],
    ["diff", "2**"],
    ["diff", "sin x"],
    ["diff", "sinn(x)"],
    ["diff", "x^2", "--wrt", "z"],
    ["diff", "x^2", "--at", "y=1"],
    ["diff", "((((((((((x))))))))))"],
    ["diff", "x^99999999999"],
    ["diff", "tan(x)", "--at", "x=pi/2"],
    ["diff", "x^3", "--order", "0"],
    ["diff", "sin(x*y)^2", "--wrt", "x,y", "--check", "--seed", "7"],
    ["diff", "relu(x)*abs(x)", "--at", "x=0", "--check"],
]

BATCH = b"# comment\nx^3\n\nsin(x)*exp(x)\n2**\nln(x)\nx^y\n"


def capture(exe, outdir, suite, oracle):
    os.makedirs(outdir, exist_ok=True)
    for name, args in oracle_runs(oracle):
        record(outdir, "oracle-" + name, args, run(exe, args))
    work = os.path.join(outdir, "..", os.path.basename(outdir) + "-workloads")
    for w, src, points in workloads(suite, work):
        data = open(src, "rb").read()
        cmd = workload_cmd(w)
        record(outdir, "workload-" + w["name"], cmd, run(exe, cmd, data))
        if points:
            c2 = cmd + ["--at-file", os.path.abspath(points)]
            record(outdir, "workload-" + w["name"] + "-at-file", c2, run(exe, c2, data))
    for i, args in enumerate(EXTRA):
        record(outdir, f"extra-{i:02}", args, run(exe, args))
    for fmt in ("text", "plain", "json", "latex"):
        args = ["diff", "--at", "x=1,y=2", "--format", fmt, "--color", "never"]
        record(outdir, "batch-" + fmt, args, run(exe, args, BATCH))
        args = ["eval", "--at", "x=1,y=2", "--format", fmt, "--color", "never"]
        record(outdir, "batch-eval-" + fmt, args, run(exe, args, BATCH))
    return work


def instructions(exe, outdir, suite):
    work = os.path.join(outdir, "..", os.path.basename(outdir) + "-workloads")
    counts = {}
    for w, src, points in workloads(suite, work):
        data = open(src, "rb").read()
        if w["name"] == "batch10000":
            data = b"".join(data.splitlines(keepends=True)[:2000])
        cmd = workload_cmd(w) + (["--at-file", points] if points else [])
        p = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                            exe] + cmd, input=data, capture_output=True)
        m = re.search(rb"I\s+refs:\s+([\d,]+)", p.stderr)
        counts[w["name"]] = int(m.group(1).replace(b",", b"")) if m else None
        print(f"{w['name']:28} {counts[w['name']]:>15,}" if m else f"{w['name']}: no count", flush=True)
    with open(os.path.join(outdir, "instructions.json"), "w") as f:
        json.dump(counts, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("outdir")
    ap.add_argument("--suite", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--oracle", default=os.path.join(ROOT, "..", "shared", "oracle"))
    ap.add_argument("--instructions", action="store_true")
    a = ap.parse_args()
    exe = os.path.abspath(a.exe)
    if a.instructions:
        os.makedirs(a.outdir, exist_ok=True)
        instructions(exe, a.outdir, a.suite)
    else:
        capture(exe, a.outdir, a.suite, a.oracle)


if __name__ == "__main__":
    main()
