"""Writes tests/sympy/abstract.jsonl: derivatives with abstract functions (f, g, h of
one and several arguments, nested, higher orders, mixed partials) and with variables
that depend on others (--depends, implicit differentiation), each with SymPy's
answer as `srepr`.

    python3 tests/sympy/make_abstract.py [OUT]

The cases are drawn from templates with a fixed seed and written sorted by id, so
that the file is the same on every run (with the same SymPy).
"""

import json
import random
import re
import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gradtape_sympy import as_subs, numbered, parse_depends, to_sympy, write_corpus  # noqa: E402

SEED = 20261203

# Inner expressions of x, and of x and y.
INNER_X = ["x", "x^2", "sin(x)", "exp(x)", "x^3 - x", "1/x", "ln(x)", "sqrt(x)", "cos(2*x)", "x*exp(-x)"]
INNER_XY = ["x*y", "x + y", "x^2 - y", "sin(x)*y", "exp(x*y)", "x/y", "y^2"]

# One-argument templates, by category: {a}, {b}, {c} are inner expressions of x.
PRODUCT = ["f({a})*g({b})", "f({a})*g({b})*h({c})", "f({a})/g({b})", "({a})*f({b})", "f({a})^2*g({b})",
           "exp(f({a}))*g({b})", "sin({a})*h({b})"]
CHAIN = ["f({a})", "sin(f({a}))", "exp(g({a}))", "ln(h({a}))", "sqrt(f({a}))", "f({a})^3", "atan(f({a}))",
         "cosh(g({a}))*{b}"]
NESTED = ["f(g({a}))", "f(g(h({a})))", "g(f({a}))*h({b})", "f(f({a}))", "sin(f(g({a})))", "f(g({a})*h({b}))"]
# Several arguments: {p}, {q}, {r} are inner expressions of x and y.
SEVERAL = ["g({p}, {q})", "h({p}, {q}, {r})", "g(x, f({a}))", "g({p}, {q})*f({a})", "sin(g({p}, {q}))",
           "g(f({p}), h({q}, {r}))"]
MIXED = ["g({p}, {q})", "h(x, y, {p})", "f({p})*g(x, y)", "g(f(x), h(y))", "exp(g({p}, {q}))"]

# Variables that depend on others.
DEPENDS_Y = ["x^2*y", "sin(x*y)", "exp(y)/x", "y^3 - x*y", "f(y)", "ln(1 + y^2)", "y*f(x)", "g(x, y)",
             "sqrt(x + y^2)", "y'(x)*y"]
DEPENDS_U = ["u^2*x", "sin(u*t)", "u*exp(x - t)", "f(u)*t", "x*t*u^3"]
IMPLICIT = ["x^2 + y^2 - 1", "x^3 + y^3 - 3*x*y", "sin(x*y) + x - y", "exp(x*y) - y", "x*y^2 + y - x^2",
            "ln(y) + x*y", "atan(y/x) - x"]


def fill(rng, template):
    """The template with random inner expressions."""
    pick = lambda pool: rng.choice(pool)  # noqa: E731
    return template.format(a=pick(INNER_X), b=pick(INNER_X), c=pick(INNER_X),
                           p=pick(INNER_XY), q=pick(INNER_XY), r=pick(INNER_XY))


def stable_srepr(e):
    """`srepr` with SymPy's bound variables (Dummies, numbered anew on every run) as
    named symbols, so that the file is the same on every run; Subs compares up to a
    renaming of its variables, so the expression read back is equal."""
    return re.sub(r"Dummy\('(\w+)', dummy_index=-?\d+\)", r"Symbol('d_\1')", sp.srepr(e))


def case(category, expr, wrt, depends=(), functions=("f", "g", "h")):
    """One case: gradtape's arguments and SymPy's derivative."""
    if len(set(wrt)) == 1:
        args = ["diff", expr, "--wrt", wrt[0], "--order", str(len(wrt))]
    else:
        args = ["diff", expr, "--partial", ",".join(wrt)]
    for d in depends:
        args += ["--depends", d]
    # SymPy differentiates the abstract functions as classes whose partials are
    # classes again (gradtape_sympy.abstract_class), which keeps its answers in the
    # plain Subs(Derivative(...)) form even for mixed partials at expressions.
    f = to_sympy(expr, functions, parse_depends(depends), partials="classes")
    answer = as_subs(sp.diff(f, *[sp.Symbol(v, real=True) for v in wrt]))
    f = as_subs(f)
    return {
        "category": category,
        "expr": expr,
        "wrt": list(wrt),
        "depends": list(depends),
        "args": args,
        "sympy_input": sp.srepr(f),
        "sympy": stable_srepr(answer),
    }


def cases():
    rng = random.Random(SEED)
    out = []
    for category, templates, count in [("product", PRODUCT, 20), ("chain", CHAIN, 20), ("nested", NESTED, 14)]:
        for _ in range(count):
            out.append(case(category, fill(rng, rng.choice(templates)), ["x"]))
    for _ in range(16):
        order = rng.choice([2, 3, 4, 5])
        out.append(case("higher", fill(rng, rng.choice(PRODUCT + CHAIN + NESTED)), ["x"] * order))
    for _ in range(14):
        out.append(case("several", fill(rng, rng.choice(SEVERAL)), [rng.choice("xy")]))
    for _ in range(16):
        wrt = rng.choice([["x", "y"], ["y", "x"], ["x", "x", "y"], ["x", "y", "y"]])
        out.append(case("mixed", fill(rng, rng.choice(MIXED)), wrt))
    for expr in DEPENDS_Y:
        for order in (1, 2, 3):
            out.append(case("depends", expr, ["x"] * order, depends=["y(x)"]))
    for expr in DEPENDS_U:
        for wrt in (["x"], ["t"], ["x", "t"], ["t", "t"]):
            out.append(case("depends", expr, wrt, depends=["u(x, t)"]))
    for expr in IMPLICIT:
        for order in (1, 2):
            out.append(case("implicit", expr, ["x"] * order, depends=["y(x)"]))
    # Each case once, numbered within its category in the order drawn.
    seen, unique = set(), []
    for c in out:
        key = json.dumps(c["args"])
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return numbered(unique)


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "abstract.jsonl"
    rows = cases()
    write_corpus(path, rows)


if __name__ == "__main__":
    main()
