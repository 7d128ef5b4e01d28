"""Compares gradtape's derivatives with abstract functions (and --depends) with
SymPy's, case by case, over tests/sympy/abstract.jsonl (make_abstract.py writes it).

    python3 tests/sympy/check_abstract.py EXE [CORPUS]

Each case runs `EXE diff ... --format json`; its derivative, read into SymPy by
gradtape_sympy.to_sympy, passes when its difference from SymPy's answer simplifies
to 0 (after `doit()`), or else when, with concrete functions put in for f, g, h and
the dependent variables, the two agree at random points. Prints each failure, then
`abstract: passed/total`, and exits 1 on any failure.
"""

import json
import random
import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gradtape_sympy import parse_depends, run_gradtape, to_sympy  # noqa: E402

# Concrete functions by arity, in their arguments a, b, c.
A, B, C = sp.symbols("a b c", real=True)
CONCRETE = {
    1: [((A,), sp.sin(A) + A**2 / 3), ((A,), sp.exp(A / 2) - A)],
    2: [((A, B), A * B**2 + sp.sin(A)), ((A, B), sp.cos(A - B) + A)],
    3: [((A, B, C), sp.cos(A) + A * B + C), ((A, B, C), A * C - sp.sin(B))],
}
REL = 1e-8


def applied_functions(expr):
    """The undefined functions of `expr` with their arities."""
    out = {}
    for app in expr.atoms(sp.core.function.AppliedUndef):
        out[app.func.__name__] = len(app.args)
    for d in expr.atoms(sp.Derivative):
        for app in d.expr.atoms(sp.core.function.AppliedUndef):
            out[app.func.__name__] = len(app.args)
    return out


def with_concrete(expr, arities, variant):
    """`expr` with a concrete function for each undefined one, derivatives done."""
    for name, n in arities.items():
        params, body = CONCRETE[min(n, 3)][variant]
        expr = expr.replace(sp.Function(name), sp.Lambda(params[:n], body))
    return expr.doit()


def numerically_equal(ours, theirs, variables, seed):
    arities = applied_functions(ours)
    arities.update(applied_functions(theirs))
    rng = random.Random(seed)
    for variant in (0, 1):
        a = with_concrete(ours, arities, variant)
        b = with_concrete(theirs, arities, variant)
        for _ in range(3):
            point = {v: sp.Rational(rng.randint(-150, 150), 100) for v in variables}
            va = complex(a.subs(point).evalf(30))
            vb = complex(b.subs(point).evalf(30))
            if abs(va - vb) > REL * (1 + max(abs(va), abs(vb))):
                return False
    return True


def judge(ours, theirs, variables, seed):
    """'simplify' or 'numeric' when equal, None when not."""
    diff = (ours - theirs).doit()
    if diff == 0 or sp.expand(diff) == 0 or sp.simplify(diff) == 0:
        return "simplify"
    return "numeric" if numerically_equal(ours, theirs, variables, seed) else None


def check_case(exe, case, seed):
    """(True, how it was judged equal) when the case passes, else (False, what went
    wrong)."""
    out = run_gradtape(exe, case["args"])
    if "error" in out:
        return False, f"gradtape error: {out['error']}"
    derivatives = out.get("derivatives", [])
    if len(derivatives) != 1:
        return False, f"expected one derivative, got {len(derivatives)}"
    text = derivatives[0]["expression"]
    depends = parse_depends(case["depends"])
    ours = to_sympy(text, depends=depends)
    theirs = eval_srepr(case["sympy"])
    variables = sorted({s.name for s in ours.free_symbols | theirs.free_symbols if not s.name.startswith(("xi", "d_"))})
    variables = [sp.Symbol(v, real=True) for v in variables]
    how = judge(ours, theirs, variables, seed)
    if how is None:
        return False, f"gradtape {text!r} is not SymPy's {sp.sstr(theirs)!r}"
    return True, how


def eval_srepr(text):
    """An expression written by `srepr`, read back."""
    return sp.sympify(text, locals={name: getattr(sp, name) for name in dir(sp) if not name.startswith("_")})


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    exe = sys.argv[1]
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent / "abstract.jsonl"
    cases = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    failed, how = 0, {"simplify": 0, "numeric": 0}
    for i, case in enumerate(cases):
        try:
            ok, why = check_case(exe, case, seed=i)
        except Exception as e:  # a crash of either side is a failure of the case
            ok, why = False, f"{type(e).__name__}: {e}"
        if ok:
            how[why] += 1
        else:
            failed += 1
            print(f"FAIL {case['id']}: {' '.join(case['args'])}: {why}")
    print(f"abstract: {len(cases) - failed}/{len(cases)} passed "
          f"({how['simplify']} by simplify, {how['numeric']} numerically)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
