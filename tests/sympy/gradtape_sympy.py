"""gradtape's expression syntax as SymPy expressions, and gradtape run as a program.

The corpora under tests/sympy compare gradtape with SymPy; this module is what they
share:

- ``to_sympy(text, functions=("f", "g", "h"), depends=None)`` reads what gradtape
  prints (and the inputs it takes, as far as the corpora write them): numbers,
  ``+ - * / ^`` with gradtape's precedence (``-x^2`` is ``-(x^2)``, ``^`` is right
  associative), ``pi``, ``e``, gradtape's function names, abstract functions
  (``f(u)``, ``f'(u)``, ``f''(u)``, ``f'''(u)``, ``D[1,2](g)(u, v)``) and variables
  declared to depend on others (``depends={"y": ["x"]}``: ``y`` is ``y(x)``,
  ``y'(u)`` its derivative at u).
- ``run_gradtape(exe, args, stdin=None)`` runs the binary with ``--format json`` and
  returns the parsed JSON: one object, or a list of them for several lines of output;
  ``run_gradtape_status`` returns the exit status with it.
- ``stable_srepr(expr)`` / ``from_srepr(text)`` write an expression as the corpora
  store it and read it back.

A derivative of an abstract function is ``Subs(Derivative(f(ξ1, ...), ξi, ...), (ξ1,
...), args)`` as SymPy builds it when the arguments are not the plain variables,
and ``Derivative(f(x), x)`` when they are.
"""

import json
import os
import re
import subprocess

import sympy as sp

__all__ = ["to_sympy", "run_gradtape", "run_gradtape_status", "ParseError", "function_names", "concrete",
           "abstract_class", "as_subs", "derivative_of", "parse_depends", "from_srepr", "stable_srepr"]


class ParseError(ValueError):
    """Text that is not gradtape syntax as this module reads it."""


def _heaviside(u):
    # gradtape's step is 1 where u > 0 and 0 where u <= 0.
    return sp.Heaviside(u, 0)


# gradtape's functions by name, as SymPy functions of the same arity.
_FUNCTIONS = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "cot": sp.cot,
    "sec": sp.sec,
    "csc": sp.csc,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "acot": sp.acot,
    "asec": sp.asec,
    "acsc": sp.acsc,
    "atan2": sp.atan2,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "coth": sp.coth,
    "sech": sp.sech,
    "csch": sp.csch,
    "asinh": sp.asinh,
    "acosh": sp.acosh,
    "atanh": sp.atanh,
    "exp": sp.exp,
    "ln": sp.log,
    "log": lambda u, b=None: sp.log(u) if b is None else sp.log(u) / sp.log(b),
    "log2": lambda u: sp.log(u) / sp.log(2),
    "log10": lambda u: sp.log(u) / sp.log(10),
    "sqrt": sp.sqrt,
    "cbrt": lambda u: sp.Pow(u, sp.Rational(1, 3)),
    "abs": sp.Abs,
    "sign": sp.sign,
    "heaviside": _heaviside,
    "erf": sp.erf,
    "erfc": sp.erfc,
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    "softplus": lambda u: sp.log(1 + sp.exp(u)),
    "relu": lambda u: sp.Max(0, u),
}


def function_names():
    """The names of gradtape's functions this module knows."""
    return sorted(_FUNCTIONS)


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<name>[^\W\d]\w*)|(?P<op>[-+*/^(),\[\]']))"
)


def _tokens(text):
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ParseError(f"unexpected character at {pos}: {text[pos:pos + 10]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _symbol(name):
    # Real symbols, as the corpora's variables are real.
    return sp.Symbol(name, real=True)


def _slot_symbols(n):
    return [sp.Symbol(f"xi{i + 1}", real=True) for i in range(n)]


def derivative_of(name, slots, args):
    """The abstract function `name` differentiated in `slots` (from 1), at `args`."""
    if not slots:
        return sp.Function(name)(*args)
    xs = _slot_symbols(len(args))
    d = sp.Derivative(sp.Function(name)(*xs), *[xs[i - 1] for i in slots])
    # Plain distinct variables need no Subs: Derivative(f(x), x).
    if all(isinstance(a, sp.Symbol) for a in args) and len(set(args)) == len(args):
        return d.xreplace(dict(zip(xs, args)))
    return sp.Subs(d, tuple(xs), tuple(args))


_CLASSES = {}


def abstract_class(name, slots=()):
    """A SymPy function class standing for the abstract function `name`
    differentiated in `slots`, whose partial in argument i is the class with i added:
    SymPy's chain rule then writes every derivative as such a class at the arguments,
    in a form ``as_subs`` turns into Subs and Derivative."""
    key = (name, tuple(sorted(slots)))
    if key not in _CLASSES:
        def fdiff(self, argindex=1, _key=key):
            return abstract_class(_key[0], _key[1] + (argindex,))(*self.args)

        label = name if not key[1] else f"{name}__" + "_".join(map(str, key[1]))
        _CLASSES[key] = type(label, (sp.Function,), {"fdiff": fdiff, "_gradtape": key})
    return _CLASSES[key]


def as_subs(expr):
    """`expr` with every ``abstract_class`` application as ``derivative_of``."""
    return expr.replace(
        lambda e: hasattr(getattr(e, "func", None), "_gradtape"),
        lambda e: derivative_of(e.func._gradtape[0], list(e.func._gradtape[1]), list(e.args)),
    )


class _Reader:
    def __init__(self, text, functions, depends, partials="subs", real_cbrt=False):
        self.partials = partials
        self.real_cbrt = real_cbrt
        self.toks = _tokens(text)
        self.i = 0
        self.functions = set(functions)
        self.depends = dict(depends or {})
        self.text = text

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise ParseError(f"expected {value or 'more'} in {self.text!r} at token {self.i}")
        self.i += 1
        return tok

    def expr(self):
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            left = left + right if op == "+" else left - right
        return left

    def term(self):
        left = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            left = left * right if op == "*" else left / right
        return left

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return -self.unary()
        if self.peek()[1] == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek()[1] == "^":
            self.take()
            return sp.Pow(base, self.unary())
        return base

    def args(self):
        self.take("(")
        out = []
        if self.peek()[1] != ")":
            out.append(self.expr())
            while self.peek()[1] == ",":
                self.take()
                out.append(self.expr())
        self.take(")")
        return out

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return sp.Rational(value)
        if value == "(":
            e = self.expr()
            self.take(")")
            return e
        if kind != "name":
            raise ParseError(f"unexpected {value!r} in {self.text!r}")
        if value == "D" and self.peek()[1] == "[":
            return self.d_form()
        primes = 0
        while self.peek()[1] == "'":
            self.take()
            primes += 1
        if self.peek()[1] == "(":
            return self.call(value, primes)
        if primes:
            raise ParseError(f"primes without arguments in {self.text!r}")
        if value in ("pi", "π"):
            return sp.pi
        if value == "e":
            return sp.E
        if value in self.depends:
            return self.abstract(value, [], [_symbol(a) for a in self.depends[value]])
        return _symbol(value)

    def abstract(self, name, slots, args):
        if self.partials == "classes":
            return abstract_class(name, slots)(*args)
        return derivative_of(name, slots, args)

    def call(self, name, primes):
        args = self.args()
        if name in self.functions or name in self.depends:
            if primes and len(args) != 1:
                raise ParseError(f"primes on {name} of {len(args)} arguments")
            return self.abstract(name, [1] * primes, args)
        if primes or name not in _FUNCTIONS:
            raise ParseError(f"unknown function {name!r} in {self.text!r}")
        if name == "cbrt" and self.real_cbrt and len(args) == 1:
            return sp.real_root(args[0], 3)
        return _FUNCTIONS[name](*args)

    def d_form(self):
        self.take("[")
        slots = [int(self.take()[1])]
        while self.peek()[1] == ",":
            self.take()
            slots.append(int(self.take()[1]))
        self.take("]")
        self.take("(")
        name = self.take()[1]
        self.take(")")
        args = self.args()
        if any(s < 1 or s > len(args) for s in slots):
            raise ParseError(f"slot out of range in {self.text!r}")
        return self.abstract(name, sorted(slots), args)


def to_sympy(text, functions=("f", "g", "h"), depends=None, partials="subs", real_cbrt=False):
    """The SymPy expression of gradtape text. `functions` are the abstract functions'
    names; `depends` maps a dependent variable to the names of its variables
    ({"y": ["x"]}), or is a list of declarations as --depends takes them
    (["y(x)", "u(x, t)"]). With ``partials="classes"``, abstract functions and their
    derivatives are ``abstract_class`` applications (for SymPy to differentiate;
    ``as_subs`` converts the result). ``cbrt(u)`` is ``u^(1/3)``, SymPy's principal
    root, which is gradtape's real cube root for u > 0 only; with ``real_cbrt`` it is
    ``real_root(u, 3)``, gradtape's for every real u."""
    if isinstance(depends, (list, tuple)):
        depends = parse_depends(depends)
    r = _Reader(text, functions, depends, partials, real_cbrt)
    e = r.expr()
    if r.peek()[0] is not None:
        raise ParseError(f"text left over in {text!r} at token {r.i}")
    return e


def parse_depends(decls):
    """["y(x)", "u(x, t)"] as {"y": ["x"], "u": ["x", "t"]}."""
    out = {}
    for d in decls:
        m = re.fullmatch(r"\s*(\w+)\s*\((.*)\)\s*", d)
        if not m:
            raise ParseError(f"not a declaration: {d!r}")
        out[m.group(1)] = [a.strip() for a in m.group(2).split(",")]
    return out


def concrete(expr, replacements):
    """`expr` with abstract functions replaced by concrete ones and the derivatives
    worked out: `replacements` maps a name to (a lambda's variables, its body)."""
    for name, (params, body) in replacements.items():
        expr = expr.replace(sp.Function(name), sp.Lambda(tuple(params), body))
    return expr.doit()


def run_gradtape(exe, args, stdin=None, timeout=30):
    """Runs gradtape with `args` (``--format json`` added unless given) and returns
    the parsed JSON of its output: an object, or a list for several lines. Raises
    RuntimeError with the standard error when it exits with an error and prints no
    JSON."""
    return run_gradtape_status(exe, args, stdin, timeout)[1]


def run_gradtape_status(exe, args, stdin=None, timeout=30):
    """As ``run_gradtape``, but returns ``(exit status, parsed JSON)``: for the cases
    where the status matters (an error is to exit 2)."""
    args = list(args)
    if "--format" not in args:
        args += ["--format", "json"]
    p = subprocess.run(
        [exe, *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )
    lines = [line for line in p.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"gradtape {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    parsed = [json.loads(line) for line in lines]
    return p.returncode, (parsed[0] if len(parsed) == 1 else parsed)


def stable_srepr(expr):
    """`srepr` with SymPy's bound variables (Dummies, numbered anew on every run) as
    named symbols ``d_<name>`` with the same assumptions, so that a corpus is the same
    on every run; Subs compares up to a renaming of its variables, so the expression
    read back is equal to `expr`."""
    def named(text):
        return re.sub(r"Dummy\('(\w+)'(, [^()]*?)?, dummy_index=-?\d+\)",
                      lambda m: f"Symbol('d_{m.group(1)}'{m.group(2) or ''})", text)

    # Read back and written again, the order of the terms, which followed the
    # Dummies' hashes, is that of the named symbols; SymPy's cache, which would
    # give back the equal expressions with the Dummies, is cleared first.
    sp.core.cache.clear_cache()
    return named(sp.srepr(from_srepr(named(sp.srepr(expr)))))


def from_srepr(text):
    """An expression written by `srepr` (or ``stable_srepr``), read back."""
    return sp.sympify(text, locals={name: getattr(sp, name) for name in dir(sp) if not name.startswith("_")})


def numbered(cases):
    """The cases, each given an id numbered within its category in the order drawn
    (`chain-001`), sorted by id."""
    counts = {}
    for c in cases:
        counts[c["category"]] = counts.get(c["category"], 0) + 1
        c["id"] = f"{c['category']}-{counts[c['category']]:03d}"
    return sorted(cases, key=lambda c: c["id"])


def write_corpus(path, rows):
    """Writes the cases as JSON Lines, the id first."""
    with open(path, "w") as fh:
        for c in rows:
            fh.write(json.dumps({"id": c.pop("id"), **c}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} cases written to {path}")
