"""Writes tests/sympy/series.jsonl: Taylor and Laurent series (`gradtape series`) of
elementary functions, compositions, products and quotients, removable
singularities, poles, expansions around other and symbolic points, abstract
functions, several variables, and the points where there is no series, each with
SymPy's answer.

    python3 tests/sympy/make_series.py [OUT]

gradtape's `--order n` keeps the powers up to n (the total degree, with several
variables): SymPy's ``series(expr, x, a, n + 1).removeO()``, also for a Laurent
series. SymPy has no series in several variables; there the answer is the
total-degree Taylor polynomial, found by putting x = a + t*X, y = b + t*Y, taking
the series in t to t^n and then t = 1. gradtape's cbrt is the real cube root,
SymPy's real_root(u, 3) (gradtape_sympy.to_sympy with real_cbrt).

Each line has the case's id and category, the expression, gradtape's arguments
(`args`, the argv after the binary), the variables (`wrt`), the point (`around`,
as gradtape takes it), the order, and either SymPy's answer, as `srepr`: the
polynomial (`sympy`, in x - a, ...) and its nonzero coefficients by powers of
x - a, ... (`terms`), or the error expected (`error`: "no-series", with the reason
SymPy gives for there being no series in `sympy_reason`).

The cases are written sorted by id, so that the file is the same on every run (with
the same SymPy).
"""

import sys
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gradtape_sympy import numbered, stable_srepr, to_sympy, write_corpus  # noqa: E402


def parse(text):
    """gradtape text in SymPy, cbrt as gradtape's real cube root."""
    return to_sympy(text, real_cbrt=True)

# (expression, orders): the series at 0 in x.
ELEMENTARY = [
    ("exp(x)", [0, 6, 20]), ("sin(x)", [9, 17]), ("cos(x)", [0, 16]), ("tan(x)", [7, 15]), ("sec(x)", [8]),
    ("tanh(x)", [9]), ("asin(x)", [20]), ("acos(x)", [5]), ("atan(x)", [19]), ("atanh(x)", [18]),
    ("ln(1 + x)", [0, 12]), ("sqrt(1 + x)", [5]), ("cbrt(1 + x)", [4]), ("erf(x)", [15]), ("erfc(x)", [5]),
    ("1/(1 - x)", [10]), ("1/(1 + x^2)", [8]), ("(1 + x)^(3/2)", [5]), ("2^x", [4]), ("sigmoid(x)", [7]),
    ("softplus(x)", [6]), ("log2(1 + x)", [3]), ("e^(2*x)", [4]), ("sqrt(4 + x)", [3]),
    ("x^3 - 2*x + 1", [2, 5]), ("x", [0]),
]
COMPOSITION = [
    ("exp(sin(x))", [6]), ("ln(cos(x))", [8]), ("sin(tan(x))", [7]), ("tan(sin(x)) - sin(tan(x))", [13]),
    ("exp(exp(x))", [4]), ("sqrt(1 + sin(x))", [5]), ("exp(x^2)", [10]), ("sin(x^2)", [9]),
    ("atan(sin(x))", [7]), ("ln(1 + ln(1 + x))", [5]), ("exp(tan(x))", [5]), ("sqrt(cos(x))", [6]),
    ("(1 + x)^(1/x)", [4]), ("tanh(sinh(x))", [7]), ("cos(cos(x))", [4]), ("sin(sin(sin(x)))", [9]),
    ("tan(tan(x))", [20]),
]
PRODUCT = [
    ("exp(x)*sin(x)", [8]), ("exp(x)/(1 + x)", [5]), ("sin(x)/(1 - x)", [5]), ("(1 + x)^5", [3, 7]),
    ("(x^3 + 2*x - 1)*exp(-x)", [5]), ("ln(1 + x)*exp(x)", [5]), ("sinh(x)*sin(x)", [10]),
    ("atan(x)/(1 + x^2)", [7]), ("exp(x)/cos(x)", [6]), ("exp(-x^2)*cos(x)", [8]),
    ("sqrt(1 + x)*sqrt(1 - x)", [6]), ("(1 + 2*x)/(1 + x + x^2)", [6]),
]
# (expression, point, orders): a removable singularity at the point.
REMOVABLE = [
    ("sin(x)/x", "0", [0, 8]), ("(exp(x) - 1)/x", "0", [6]), ("(1 - cos(x))/x^2", "0", [6]),
    ("x/sin(x)", "0", [8]), ("(sin(x) - x)/x^3", "0", [6]), ("ln(1 + x)/x", "0", [5]),
    ("x/(exp(x) - 1)", "0", [10]), ("x^2/(1 - cos(x))", "0", [6]), ("sin(x)^2/x^2", "0", [6]),
    ("(x^2 - 1)/(x - 1)", "1", [2]), ("ln(x)/(x - 1)", "1", [4]), ("sin(x - 1)/(x - 1)", "1", [5]),
    ("(cos(x) + 1)/(x - pi)^2", "pi", [4]), ("csc(x) - 1/x", "0", [5]),
]
# A pole at the point: a Laurent series.
LAURENT = [
    ("1/sin(x)", "0", [0, 15]), ("cot(x)", "0", [1, 9]), ("csc(x)", "0", [20]), ("csc(x)^2", "0", [6]),
    ("1/(x^2*(1 - x))", "0", [5]), ("1/(exp(x) - 1)", "0", [7]), ("1/(1 - cos(x))", "0", [4]),
    ("exp(x)/x^3", "0", [3]), ("coth(x)", "0", [7]), ("1/(sin(x) - x)", "0", [2]), ("1/atan(x)^2", "0", [4]),
    ("1/x^4", "0", [0]), ("tan(x)", "pi/2", [5]), ("sec(x)", "pi/2", [3]), ("1/ln(x)", "1", [3]),
    ("1/(x^2 - 1)", "1", [3]), ("cot(x)", "pi", [4]), ("1/sin(x)^3", "0", [3]), ("exp(x)/sin(x)^2", "0", [3]),
    ("1/(x^2 - a^2)", "a", [2]),
]
# Expansions around points other than 0.
AROUND = [
    ("ln(x)", "1", [8]), ("ln(x)", "e", [3]), ("sin(x)", "pi/6", [6]), ("cos(x)", "pi/3", [4]),
    ("tan(x)", "pi/4", [5]), ("sqrt(x)", "4", [6]), ("1/x", "1", [5]), ("atan(x)", "1", [4]),
    ("asin(x)", "1/2", [3]), ("x^x", "1", [6]), ("cbrt(x)", "8", [3]), ("cbrt(x)", "-8", [3]),
    ("sin(x)/x", "pi", [3]), ("erf(x)", "1", [3]), ("cosh(x)", "ln(2)", [3]), ("acosh(x)", "2", [3]),
    ("sigmoid(x)", "ln(2)", [3]), ("acot(x)", "1", [3]), ("abs(x)", "1", [2]), ("sign(x)", "2", [2]),
    ("sqrt(x^2)", "-2", [2]), ("relu(x)", "-1", [1]),
]
# Symbolic points (a is a real symbol), and other variables as parameters.
SYMBOLIC = [
    ("exp(x)", "a", [5]), ("sin(x)", "a", [4]), ("cos(x)", "a", [3]), ("ln(x)", "a", [4]), ("1/x", "a", [4]),
    ("x^3 + 1", "a", [5]), ("sqrt(x)", "a", [3]), ("atan(x)", "a", [3]), ("tan(x)", "a", [3]),
    ("x*exp(x)", "a", [3]),
]
PARAMETER = [("exp(x*y)", [4]), ("sin(y*x)", [5]), ("1/(1 - y*x)", [4]), ("ln(1 + y*x)/x", [3])]
# Abstract functions f, g.
ABSTRACT = [
    ("f(x)", "0", [0, 3]), ("f(x)", "a", [3]), ("f(x)*g(x)", "0", [2, 3]), ("f(sin(x))", "0", [3]),
    ("exp(f(x))", "0", [2]), ("1/f(x)", "0", [3]), ("f(x)^2", "0", [3]), ("sin(f(x))", "0", [2]),
    ("f(g(x))", "0", [2]), ("f(x^2)", "0", [3]), ("f(2*x)", "0", [3]), ("f(x)/g(x)", "0", [2]),
    ("f(x + 1)", "0", [2]), ("f(x)", "1", [2]), ("x*f(x)", "a", [2]), ("f(exp(x))", "0", [3]),
    ("f(ln(x))", "1", [2]), ("f(x)/x", "0", [2]), ("f(x)/sin(x)", "0", [2]),
]
# (expression, variables, point (None: 0 in each), orders).
SEVERAL = [
    ("exp(x)*sin(y)", "x,y", None, [3]), ("1/(1 - x - y)", "x,y", None, [4]),
    ("sin(x + y)", "x,y", "y=1", [3]), ("cos(x*y)", "x,y", None, [6]), ("exp(x + y)", "x,y", None, [5]),
    ("ln(1 + x + y)", "x,y", None, [4]), ("1/(1 + x^2 + y^2)", "x,y", None, [6]),
    ("exp(x*y)", "x,y", "x=1,y=1", [3]), ("atan(y/x)", "x,y", "x=1,y=0", [3]),
    ("atan2(y, x)", "x,y", "x=1,y=1", [3]), ("x^y", "x,y", "x=1,y=1", [3]), ("ln(x + y)", "x,y", "x=1,y=1", [3]),
    ("sin(x)*exp(y)", "x,y", "x=pi/2,y=0", [3]), ("exp(x)*sin(y)", "x,y", "x=a,y=b", [2]),
    ("f(x)*g(y)", "x,y", None, [2]), ("(x + y)^3", "x,y", None, [2]), ("exp(x + 2*y + 3*z)", "x,y,z", None, [3]),
    ("x*y*z + sin(x)", "x,y,z", None, [3]), ("sin(x*y)/(x*y)", "x,y", None, [4]),
]
# No series at the point: branch points, logarithms of 0, essential singularities,
# kinks and jumps, and points where the function is not real.
REFUSAL = [
    ("sqrt(x)", "x", None, [3]), ("ln(x)", "x", None, [2]), ("exp(1/x)", "x", None, [3]),
    ("abs(x)", "x", None, [2]), ("cbrt(x)", "x", None, [2]), ("x^x", "x", None, [2]),
    ("sqrt(x - 1)", "x", "x=1", [2]), ("abs(sin(x))", "x", None, [3]), ("sign(x)", "x", None, [1]),
    ("heaviside(x)", "x", None, [1]), ("relu(x)", "x", None, [1]), ("exp(-1/x^2)", "x", None, [4]),
    ("sin(1/x)", "x", None, [2]), ("ln(sin(x))", "x", None, [3]), ("acos(x)", "x", "x=1", [2]),
    ("atanh(x)", "x", "x=1", [2]), ("sqrt(x^2)", "x", None, [2]), ("exp(1/(x - 1))", "x", "x=1", [2]),
    ("acot(x)", "x", None, [3]), ("sqrt(x)", "x", "x=-4", [2]), ("ln(x)", "x", "x=-1", [2]),
    ("sqrt(x^2 + y^2)", "x,y", None, [2]), ("ln(x + y)", "x,y", None, [1]),
]

T = sp.Symbol("t")


def real(name):
    return sp.Symbol(name, real=True)


def smooth_forms(e):
    """`e` as SymPy expands it: relu's Max(0, u) as u*Heaviside(u), which SymPy
    has series of."""
    def relu(z):
        u = z.args[1] if z.args[0] == 0 else z.args[0]
        return u * sp.Heaviside(u, 0)

    return e.replace(lambda z: isinstance(z, sp.Max) and len(z.args) == 2 and 0 in z.args, relu)


def point_of(wrt, around):
    """{variable: value} (SymPy) from gradtape's --around text; 0 for the others."""
    given = {}
    if around:
        for part in around.split(","):
            name, value = part.split("=")
            given[name.strip()] = value.strip()
    return {v: given.get(v, "0") for v in wrt}


def shifted(e, wrt, point):
    """`e` at x = a + t*X, ... (X, ... the directions; with one variable, X = 1)."""
    if len(wrt) == 1:
        return e.xreplace({real(wrt[0]): point[wrt[0]] + T}), []
    dirs = [sp.Symbol(f"D_{v}") for v in wrt]
    return e.xreplace({real(v): point[v] + T * d for v, d in zip(wrt, dirs)}), dirs


def t_series(e, order, direction="+"):
    """The series of `e` in t at 0 to t^order, as SymPy gives it with its O term
    beyond t^order; None when the O term is not (SymPy counting from the leading
    power in some cases)."""
    s = sp.series(e, T, 0, order + 1, dir=direction)
    o = s.getO()
    if o is not None:
        _, k = o.expr.as_coeff_exponent(T)
        if not (k.is_number and k > order):
            return None
    return s


def split_terms(poly, dirs, order):
    """{powers: coefficient} of a polynomial in t (and the directions), each power of
    t the sum of the direction powers with several variables."""
    out = {}
    for term in sp.Add.make_args(sp.expand(poly)):
        if term == 0:
            continue
        c, k = term.as_coeff_exponent(T)
        powers = []
        for d in dirs:
            c, j = c.as_coeff_exponent(d)
            powers.append(j)
        if not dirs:
            powers = [k]
        if any(s in c.free_symbols for s in [T, *dirs]) or not all(p.is_integer for p in powers):
            raise ValueError(f"not a Laurent polynomial: {poly}")
        if dirs and sum(powers) != k:
            raise ValueError(f"not homogeneous in t: {poly}")
        if k > order:
            continue
        key = tuple(int(p) for p in powers)
        out[key] = out.get(key, 0) + c
    return {k: v for k, v in out.items() if sp.expand(v) != 0}


def sympy_series(e, wrt, point, order):
    """SymPy's series of `e` in `wrt` at `point` to total degree `order`:
    {powers: coefficient}."""
    shifted_e, dirs = shifted(smooth_forms(e), wrt, point)
    for extra in range(0, 6):
        s = t_series(shifted_e, order + extra)
        if s is not None:
            return split_terms(s.removeO(), dirs, order)
    raise RuntimeError(f"SymPy's series of {e} is short")


def subs_form(e):
    """`e` with SymPy's derivatives in an expression (Derivative(f(g(0)), g(0))) as
    Subs(Derivative(f(xi), xi), xi, g(0)), the form gradtape_sympy reads f'(g(0)) as,
    which concrete functions can be put into."""
    def as_subs(d):
        (u, n), = d.variable_count
        xi = sp.Symbol("xi")
        return sp.Subs(sp.Derivative(d.expr.xreplace({u: xi}), (xi, n)), xi, u)

    return e.replace(lambda d: isinstance(d, sp.Derivative) and len(d.variable_count) == 1
                     and not isinstance(d.variable_count[0][0], sp.Symbol), as_subs)


def laurent_reason(s, dirs):
    """Why a one-sided series in t is no Laurent polynomial, or None."""
    try:
        split_terms(s.removeO(), dirs, 10 ** 6)
    except ValueError:
        return f"SymPy's series is {sp.sstr(s)}"
    return None


def sympy_no_series(e, wrt, point, order):
    """SymPy's reason why `e` has no Taylor or Laurent series at the point; raises
    when SymPy finds one."""
    shifted_e, dirs = shifted(smooth_forms(e), wrt, point)
    # A function of something with a pole there: an essential singularity.
    for app in shifted_e.atoms(sp.Function):
        for arg in app.args:
            if arg.has(T):
                try:
                    lead = sp.series(arg, T, 0, 1).removeO()
                except Exception:  # noqa: BLE001
                    continue
                if any(term.as_coeff_exponent(T)[1] < 0 for term in sp.Add.make_args(sp.expand(lead))):
                    return f"{sp.sstr(app.xreplace({T: sp.Symbol('t')}))}: a function of a pole at t = 0"
    sides = {}
    for direction in ("+", "-"):
        try:
            s = sp.series(shifted_e, T, 0, order + 1, dir=direction)
        except Exception as exc:  # noqa: BLE001
            return f"SymPy cannot expand it ({type(exc).__name__})"
        why = laurent_reason(s, dirs)
        if why:
            return f"from the {'right' if direction == '+' else 'left'}: {why}"
        if any(sp.simplify(sp.im(c)) != 0 for c in split_terms(s.removeO(), dirs, order).values()):
            return f"not real there: SymPy's series is {sp.sstr(s)}"
        sides[direction] = s.removeO()
    if sp.simplify(sides["+"] - sides["-"]) != 0:
        return f"the series from the right, {sp.sstr(sides['+'])}, is not that from the left, {sp.sstr(sides['-'])}"
    raise RuntimeError(f"SymPy finds a series of {e}: {sides['+']}")


def case(category, expr, wrt, around, order, refuse=False):
    """One case: gradtape's arguments and SymPy's answer."""
    wrt = wrt.split(",")
    args = ["series", expr]
    if len(wrt) > 1 or category == "parameter":
        args += ["--wrt", ",".join(wrt)]
    point_text = point_of(wrt, around)
    if around:
        args += ["--around", around]
    args += ["--order", str(order)]
    e = parse(expr)
    point = {v: parse(p) for v, p in point_text.items()}
    out = {
        "category": category,
        "expr": expr,
        "args": args,
        "wrt": wrt,
        "around": point_text,
        "order": order,
        "sympy_input": sp.srepr(e),
    }
    if refuse:
        out["error"] = "no-series"
        out["sympy_reason"] = sympy_no_series(e, wrt, point, order)
        return out
    terms = {k: subs_form(c) for k, c in sympy_series(e, wrt, point, order).items()}
    keys = sorted(terms, key=lambda k: (sum(k), tuple(-p for p in k)))
    poly = sp.Add(*[terms[k] * sp.Mul(*[(real(v) - point[v]) ** p for v, p in zip(wrt, k)]) for k in keys])
    out["sympy"] = stable_srepr(poly)
    out["terms"] = [{"powers": dict(zip(wrt, k)), "coefficient": stable_srepr(terms[k])} for k in keys]
    return out


def cases():
    out = []
    for category, table in [("elementary", ELEMENTARY), ("composition", COMPOSITION), ("product", PRODUCT)]:
        for expr, orders in table:
            out += [case(category, expr, "x", None, n) for n in orders]
    for category, table in [("removable", REMOVABLE), ("laurent", LAURENT), ("around", AROUND),
                            ("symbolic", SYMBOLIC), ("abstract", ABSTRACT)]:
        for expr, at, orders in table:
            around = None if at == "0" else f"x={at}"
            out += [case(category, expr, "x", around, n) for n in orders]
    for expr, orders in PARAMETER:
        out += [case("parameter", expr, "x", None, n) for n in orders]
    for expr, wrt, around, orders in SEVERAL:
        out += [case("several", expr, wrt, around, n) for n in orders]
    for expr, wrt, around, orders in REFUSAL:
        out += [case("no-series", expr, wrt, around, n, refuse=True) for n in orders]
    return numbered(out)


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "series.jsonl"
    rows = cases()
    write_corpus(path, rows)


if __name__ == "__main__":
    main()
