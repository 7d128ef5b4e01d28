#!/usr/bin/env python3
"""The generated C of a workload's derivative against gradtape's own tape, side by side.

    python3 bench/codegen_c.py [--exe target/release/gradtape] [--suite ../shared/bench]
                               [--workload eval100000] [--repeats 7] [--work target/bench-codegen]

For an evaluation workload (one expression, its derivative by --wrt, evaluated at every
row of a table), it times:
  - gradtape's tape: `gradtape diff --at-file` with --timings, the compile + eval phases
    (in-process, median of --repeats runs);
  - the generated C: `gradtape codegen --lang c` compiled with `cc -O2` into a driver that
    reads the same table and calls NAME_grad at every row (the loop timed with
    CLOCK_MONOTONIC, once per process as the tape is, median of --repeats processes),
    its results checked against the tape's (1e-12 relative, else exit 1).
The runs alternate, tape then C, so that both sides see the same load on a shared
machine. Prints one line per side, their ratio, and the load average.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DRIVER = r"""
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "gen.c"

int main(int argc, char **argv)
{
    FILE *in = fopen(argv[1], "r");
    int repeats = atoi(argv[2]);
    int n = 0, cap = 1024;
    double *x = malloc(cap * sizeof *x), *y = malloc(cap * sizeof *y);
    char header[256];
    if (!in || !fgets(header, sizeof header, in)) return 2;
    while (1) {
        if (n == cap) { cap *= 2; x = realloc(x, cap * sizeof *x); y = realloc(y, cap * sizeof *y); }
        if (fscanf(in, "%lf,%lf", &x[n], &y[n]) != 2) break;
        n++;
    }
    double *out = malloc(n * sizeof *out);
    for (int r = 0; r < repeats; r++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < n; i++) {
            double g[1];
            f_grad(x[i], y[i], g);
            out[i] = g[0];
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("ns %lld\n", (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
    }
    for (int i = 0; i < n; i++) printf("%.17g\n", out[i]);
    return 0;
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", default=os.path.join(ROOT, "target", "release", "gradtape"))
    ap.add_argument("--suite", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--workload", default="eval100000")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench-codegen"))
    a = ap.parse_args()
    a.work = os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(a.suite, "suite.py"), "write", a.work], check=True,
                   capture_output=True)
    sys.path.insert(0, a.suite)
    import suite as S  # noqa: E402

    w = json.load(open(os.path.join(a.work, a.workload + ".json")))
    assert w["op"] == "eval" and w["args"] == ["x", "y"] and w["vars"] == ["x"], "a workload in x, y by x"
    expr = open(os.path.join(a.work, a.workload + ".txt")).read().strip()
    points = os.path.join(a.work, a.workload + ".csv")
    rows = S.eval_points(w)
    with open(points, "w") as f:
        f.write("x,y\n")
        for r in rows:
            f.write(f"{float(r[0])!r},{float(r[1])!r}\n")

    gen = subprocess.run([a.exe, "codegen", expr, "--lang", "c", "--args", "x,y", "--wrt", "x"],
                         capture_output=True, check=True).stdout
    open(os.path.join(a.work, "gen.c"), "wb").write(gen)
    open(os.path.join(a.work, "driver.c"), "w").write(DRIVER)
    exe = os.path.join(a.work, "driver")
    subprocess.run(["cc", "-O2", "-std=c99", "-o", exe, os.path.join(a.work, "driver.c"), "-lm"], check=True,
                   cwd=a.work)
    load = os.getloadavg()[0]
    tape_ms, tape_out, c_ms, c_out = [], None, [], None
    for _ in range(a.repeats):
        p = subprocess.run([a.exe, "diff", "--wrt", "x", "--format", "plain", "--at-file", points, "--timings"],
                           input=expr.encode(), capture_output=True, check=True)
        t = dict(re.findall(r"(\w[\w ]*?) ([\d.]+) ms", p.stderr.decode()))
        tape_ms.append(float(t["compile"]) + float(t["eval"]))
        tape_out = p.stdout.decode().split()
        p = subprocess.run([exe, points, "1"], capture_output=True, check=True)
        lines = p.stdout.decode().split("\n")
        c_ms += [int(l.split()[1]) / 1e6 for l in lines if l.startswith("ns ")]
        c_out = [l for l in lines if l and not l.startswith("ns ")]
    load = max(load, os.getloadavg()[0])

    if not len(c_out) == len(tape_out) == len(rows):
        sys.exit(f"{len(c_out)} C values and {len(tape_out)} tape values for {len(rows)} points")
    worst = max(abs(float(u) - float(v)) / max(1.0, abs(float(v))) for u, v in zip(c_out, tape_out))
    if not worst <= 1e-12:
        sys.exit(f"the C values differ from the tape's by {worst:.1e} relative (more than 1e-12)")
    tm, cm = statistics.median(tape_ms), statistics.median(c_ms)
    print(f"workload {a.workload}: {len(rows)} points, d/dx, {len(expr)} characters")
    print(f"gradtape tape (compile + eval, in-process): median {tm:.2f} ms over {a.repeats} runs "
          f"(range {min(tape_ms):.2f}-{max(tape_ms):.2f})")
    print(f"generated C (cc -O2), the loop over the rows: median {cm:.2f} ms over {a.repeats} runs "
          f"(range {min(c_ms):.2f}-{max(c_ms):.2f})")
    print(f"ratio C / tape: {cm / tm:.2f}; largest relative difference of the values: {worst:.1e}")
    print(f"machine: {os.cpu_count()} cores, load average (1 min) up to {load:.2f} during the runs")


if __name__ == "__main__":
    main()
