"""Compares gradtape's series (`gradtape series ... --format json`) with SymPy's, case
by case, over tests/sympy/series.jsonl (make_series.py writes it).

    python3 tests/sympy/check_series.py EXE [CORPUS]

A case passes when

- gradtape answers (exit 0) with the fields of the case: input, order, wrt, around,
  a remainder O(...^(n+1)) and series_latex;
- each of its terms' coefficients, read into SymPy by gradtape_sympy.to_sympy, is
  exactly SymPy's (their difference is 0, after `doit`, `expand` or `simplify`;
  with abstract functions also with concrete functions put in for f, g, h), the
  powers SymPy has and gradtape has not counting as coefficient 0;
- its `series` is the sum of its terms;
- numerically, the function less the series, at the point moved by h = 1e-4 and
  1e-5 (along a fixed direction with several variables; with numbers for symbolic
  points and parameters and concrete abstract functions), falls like h^(n+1) or
  faster;

and, for a case with an `error`, when gradtape exits 2 with that error kind.

A difference that `simplify` cannot prove 0 (symbolic coefficients) is checked at
random points to 50 digits, and counted as passed "numerically". Prints each
failure, how many passed by which check, then `series: P passed, F failed`, and
exits 1 on any failure. The cases run on two processes; the output is in corpus
order.
"""

import json
import math
import multiprocessing
import random
import re
import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gradtape_sympy import from_srepr, run_gradtape_status, to_sympy  # noqa: E402


def parse(text):
    """gradtape text in SymPy, cbrt as gradtape's real cube root."""
    return to_sympy(text, real_cbrt=True)

WORKERS = 2
# The offsets of the numeric check, and how much faster than h^(n+1) the
# difference may fall (in powers of h) to count as O(h^(n+1)).
H1, H2, SLACK = sp.Rational(1, 10 ** 4), sp.Rational(1, 10 ** 5), 0.5
# Directions of the numeric check with several variables.
DIRECTION = [sp.Integer(1), sp.Rational(-2, 3), sp.Rational(3, 7)]
# Values for the symbols other than the variables (symbolic points, parameters).
VALUES = [sp.Rational(7, 10), sp.Rational(3, 10), sp.Rational(6, 5), sp.Rational(2, 5)]

# Concrete functions for the abstract ones, by name, in their argument A: nonzero
# at 0, so that quotients by them stay finite, and with their first derivatives
# nonzero there, so that a wrong coefficient shows.
A = sp.Symbol("A", real=True)
CONCRETE = {
    "f": [sp.cos(A) + sp.sin(A) / 2 + A ** 2 / 3, sp.exp(A / 2) - A / 3],
    "g": [sp.exp(A) + A ** 3, 2 + sp.sin(A) + A ** 2],
    "h": [sp.exp(-A) + A / 2, sp.cosh(A) + A],
}


def real(name):
    return sp.Symbol(name, real=True)


def abstract_names(expr):
    names = {app.func.__name__ for app in expr.atoms(sp.core.function.AppliedUndef)}
    for d in expr.atoms(sp.Derivative):
        names |= {app.func.__name__ for app in d.expr.atoms(sp.core.function.AppliedUndef)}
    return sorted(names)


def with_concrete(expr, variant):
    """`expr` with a concrete function for each abstract one, derivatives done."""
    for name in abstract_names(expr):
        expr = expr.replace(sp.Function(name), sp.Lambda((A,), CONCRETE[name][variant]))
    return expr.doit()


def is_zero_exactly(d):
    """Whether SymPy proves `d` to be 0."""
    if d == 0:
        return True
    d = d.doit()
    if d == 0 or sp.expand(d) == 0:
        return True
    if sp.simplify(d) == 0:
        return True
    return d.has(sp.tan, sp.cot, sp.sec, sp.csc, sp.tanh, sp.sinh, sp.cosh) and sp.simplify(d.rewrite(sp.exp)) == 0


def is_zero_numerically(d, seed):
    """Whether `d` is 0 at random (positive) values of its symbols, to 50 digits."""
    rng = random.Random(seed)
    symbols = sorted(d.free_symbols, key=lambda s: s.name)
    for _ in range(3):
        point = {s: sp.Rational(rng.randint(20, 120), 100) for s in symbols}
        v = complex(d.xreplace(point).evalf(60))
        if abs(v) > 1e-45:
            return False
    return True


def judge(ours, theirs, seed):
    """'exact' or 'numeric' when equal, None when not."""
    d = ours - theirs
    if abstract_names(d):
        if d == 0 or sp.expand(d.doit()) == 0:
            return "exact"
        how = "exact"
        for variant in (0, 1):
            c = with_concrete(d, variant)
            if abstract_names(c):
                return None
            if not is_zero_exactly(c):
                if not is_zero_numerically(c, seed):
                    return None
                how = "numeric"
        return how
    if is_zero_exactly(d):
        return "exact"
    return "numeric" if is_zero_numerically(d, seed) else None


def show(e):
    return sp.sstr(e)


def monomial(wrt, point, powers):
    return sp.Mul(*[(real(v) - point[v]) ** p for v, p in zip(wrt, powers)])


def check_fields(case, out, point):
    """What is wrong with gradtape's fields other than the series, or None."""
    wrt, n = case["wrt"], case["order"]
    if out.get("input") != case["expr"]:
        return f"input is {out.get('input')!r}"
    if out.get("order") != n:
        return f"order is {out.get('order')!r}, not {n}"
    if out.get("wrt") != wrt:
        return f"wrt is {out.get('wrt')!r}, not {wrt}"
    if not set(wrt) <= set(out.get("variables", [])):
        return f"variables {out.get('variables')!r} lack some of {wrt}"
    around = out.get("around")
    if not isinstance(around, dict) or sorted(around) != sorted(wrt):
        return f"around is {around!r}"
    for v in wrt:
        if not is_zero_exactly(parse(around[v]) - point[v]):
            return f"around {v} is {around[v]!r}, not {case['around'][v]!r}"
    rem = out.get("remainder", "")
    top = re.search(r"\^(\d+)\)$", rem)
    if not rem.startswith("O(") or (int(top.group(1)) if top else 1) != n + 1:
        return f"remainder {rem!r} is not O(...^{n + 1})"
    if not isinstance(out.get("series_latex"), str) or not out["series_latex"]:
        return "no series_latex"
    return None


def read_terms(case, out):
    """gradtape's terms as {powers: coefficient}; raises ValueError when malformed."""
    wrt, n = case["wrt"], case["order"]
    terms = {}
    for t in out.get("terms", []):
        powers = t.get("powers", {})
        if sorted(powers) != sorted(wrt) or not all(isinstance(p, int) for p in powers.values()):
            raise ValueError(f"term powers {powers!r} are not of {wrt}")
        key = tuple(powers[v] for v in wrt)
        if key in terms:
            raise ValueError(f"powers {powers!r} twice")
        if sum(key) > n or (len(wrt) > 1 and min(key) < 0):
            raise ValueError(f"term of powers {powers!r} beyond order {n}")
        terms[key] = parse(t["coefficient"])
    return terms


def numeric_check(case, expr, series, point):
    """None when expr - series falls like h^(n+1) at point + h*direction (with each
    set of concrete functions for abstract ones), else what it does."""
    for variant in ((0, 1) if abstract_names(expr) or abstract_names(series) else (0,)):
        wrong = numeric_check_with(case, expr, series, point, variant)
        if wrong:
            return wrong
    return None


def numeric_check_with(case, expr, series, point, variant):
    wrt, n = case["wrt"], case["order"]
    others = sorted((expr.free_symbols | series.free_symbols) - {real(v) for v in wrt}, key=lambda s: s.name)
    values = {s: VALUES[i % len(VALUES)] for i, s in enumerate(others)}
    expr = with_concrete(expr, variant).xreplace(values)
    series = with_concrete(series, variant).xreplace(values)
    at = {v: point[v].xreplace(values) for v in wrt}
    directions = [sp.Integer(1)] if len(wrt) == 1 else DIRECTION[:len(wrt)]
    dps = 5 * (n + 1) + 40
    errors, scale = [], 1
    for h in (H1, H2):
        sub = {real(v): at[v] + h * d for v, d in zip(wrt, directions)}
        fv = complex(expr.xreplace(sub).evalf(dps))
        # complex() keeps 16 digits: the difference is taken at full precision.
        diff = abs(complex((expr - series).xreplace(sub).evalf(dps)))
        scale = max(scale, abs(fv))
        errors.append(diff)
    tol = scale * 10.0 ** (-(dps - 20))
    e1, e2 = errors
    if e2 <= tol:
        return None
    if e1 <= tol:
        return f"|f - series| is {e1:.3g} at h = {H1} but {e2:.3g} at h = {H2}"
    slope = math.log10(e1 / e2)
    if slope < n + 1 - SLACK:
        return f"|f - series| falls like h^{slope:.2f} (h = {H1}: {e1:.3g}; {H2}: {e2:.3g}), not h^{n + 1}"
    return None


def check_case(exe, case, seed):
    """(True, how) when the case passes, else (False, what went wrong)."""
    rc, out = run_gradtape_status(exe, case["args"])
    if not isinstance(out, dict):
        return False, f"expected one JSON object, got {len(out)}"
    if "error" in case:
        err = out.get("error")
        if err is None:
            return False, (f"expected error {case['error']} (SymPy: {case['sympy_reason']}), "
                           f"got series {out.get('series')!r}")
        if rc != 2 or err.get("kind") != case["error"] or not err.get("message"):
            return False, f"expected error {case['error']} with exit 2, got {err!r} with exit {rc}"
        if out.get("input") != case["expr"]:
            return False, f"error input is {out.get('input')!r}"
        return True, "error"
    if "error" in out or rc != 0:
        return False, f"gradtape exit {rc}: {out.get('error')!r}"
    wrt = case["wrt"]
    point = {v: parse(p) for v, p in case["around"].items()}
    wrong = check_fields(case, out, point)
    if wrong:
        return False, wrong
    try:
        ours = read_terms(case, out)
    except ValueError as e:
        return False, str(e)
    theirs = {tuple(t["powers"][v] for v in wrt): from_srepr(t["coefficient"]) for t in case["terms"]}
    hows, bad = set(), []
    for key in sorted(set(ours) | set(theirs), key=lambda k: (sum(k), k)):
        a, b = ours.get(key, sp.Integer(0)), theirs.get(key, sp.Integer(0))
        how = judge(a, b, seed)
        if how is None:
            mono = "*".join(f"{v}^{p}" for v, p in zip(wrt, key))
            bad.append(f"coefficient of {mono}: gradtape {show(a)}, SymPy {show(b)}")
        else:
            hows.add(how)
    if bad:
        return False, "; ".join(bad) + f" [gradtape series: {out['series']}]"
    total = sp.Add(*[c * monomial(wrt, point, k) for k, c in ours.items()])
    series = parse(out["series"])
    if judge(series, total, seed) is None:
        return False, f"series {out['series']!r} is not the sum of its terms {show(total)}"
    wrong = numeric_check(case, parse(case["expr"]), series, point)
    if wrong:
        return False, f"numeric: {wrong} [gradtape series: {out['series']}]"
    return True, "numeric" if "numeric" in hows else "exact"


def run_one(job):
    exe, i, case = job
    try:
        ok, why = check_case(exe, case, seed=i)
    except Exception as e:  # a crash of either side is a failure of the case
        ok, why = False, f"{type(e).__name__}: {e}"
    return ok, why


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    exe = sys.argv[1]
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent / "series.jsonl"
    cases = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    failed, how = 0, {"exact": 0, "numeric": 0, "error": 0}
    jobs = [(exe, i, c) for i, c in enumerate(cases)]
    with multiprocessing.Pool(WORKERS) as pool:
        for case, (ok, why) in zip(cases, pool.imap(run_one, jobs)):
            if ok:
                how[why] += 1
            else:
                failed += 1
                print(f"FAIL {case['id']}: gradtape {' '.join(case['args'])}: {why}", flush=True)
    print(f"({how['exact']} exactly, {how['numeric']} with a coefficient only numerically equal, "
          f"{how['error']} refused as expected)")
    print(f"series: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
