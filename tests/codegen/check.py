"""Imports generated Python modules and compares them with gradtape's values.

Usage: check.py CASES.json LANG DTYPE
CASES.json holds {"dir": ..., "cases": [{"module", "at", "want", "autodiff"}]}, where
"want" has, per point, the value, the gradient by x, y, z and the Hessian row-major.
Every function of a module is called once on all points as arrays (python: once per
point); for jax, tensorflow and torch with "autodiff", the framework's own first and
second derivatives through the generated function are compared too. Prints one line
per disagreement and a closing line "N passed, N failed".
"""
import importlib
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")

cases_file, lang, dtype = sys.argv[1], sys.argv[2], sys.argv[3]
spec = json.load(open(cases_file))
sys.path.insert(0, spec["dir"])
# "f64-x32": code generated for f64, run by jax with x64 off (so in float32).
x32 = dtype == "f64-x32"
TOL = 1e-12 if dtype == "f64" else 1e-5
# Second derivatives the framework computes by differentiating the generated first
# derivatives: a different order of operations than gradtape's Hessian.
TOL2 = 1e-9 if dtype == "f64" else 1e-4

if lang == "jax":
    import jax

    jax.config.update("jax_enable_x64", not x32 and dtype == "f64")
    import jax.numpy as jnp
elif lang == "tensorflow":
    import tensorflow as tf
elif lang == "torch":
    import torch
import numpy as np

np.seterr(all="ignore")
passed = 0
failed = 0


def agree(want, got, tol):
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return True
    got = float(got)
    if math.isinf(want) or math.isinf(got):
        return want == got or (math.isinf(want) and math.isnan(got))
    return abs(want - got) <= tol * max(abs(want), abs(got), 1.0)


def check(case, what, k, point, want, got, tol=TOL):
    global passed, failed
    if agree(want, got, tol):
        passed += 1
    else:
        failed += 1
        if failed <= 30:
            print(f"{case['module']} ({case['expr']}) {what}[{k}] at {point}: want {want}, got {got}")


def to_numpy(v):
    if lang == "torch":
        return v.detach().numpy()
    if lang == "tensorflow":
        return v.numpy()
    return np.asarray(v)


def columns(at):
    cols = [np.array([p[i] for p in at]) for i in range(3)]
    if lang == "torch":
        return [torch.tensor(c, dtype=torch.float64 if dtype == "f64" else torch.float32) for c in cols]
    if lang == "tensorflow":
        return [tf.constant(c, dtype=tf.float64 if dtype == "f64" else tf.float32) for c in cols]
    if lang == "jax":
        return [jnp.asarray(c) for c in cols]
    return [c.astype(np.float64 if dtype == "f64" else np.float32) for c in cols]


def outputs_at(m, args):
    """value, 3 partials, 9 Hessian entries, and value_and_grad's, per point."""
    value = m.f(*args)
    grad = m.f_grad(*args)
    hess = m.f_hessian(*args)
    v2, g2 = m.f_value_and_grad(*args)
    flat = [value] + list(grad) + [h for row in hess for h in row]
    return flat, [v2] + list(g2)


def check_values(case, m):
    at, want = case["at"], case["want"]
    if lang == "python":
        # math raises where a value is undefined: each function on its own
        for p, w in zip(at, want):
            for what, first, count, call in [
                ("value", 0, 1, lambda: [m.f(*p)]),
                ("grad", 1, 3, lambda: list(m.f_grad(*p))),
                ("hessian", 4, 9, lambda: [h for row in m.f_hessian(*p) for h in row]),
                ("value_and_grad", 0, 4, lambda: (lambda v, g: [v] + list(g))(*m.f_value_and_grad(*p))),
            ]:
                try:
                    got = call()
                except OverflowError:
                    continue  # math raises where a float overflows
                except (ValueError, ZeroDivisionError):
                    if any(math.isnan(w[first + k]) or math.isinf(w[first + k]) for k in range(count)):
                        continue
                    got = [float("nan")] * count
                for k in range(count):
                    check(case, what, k, p, w[first + k], got[k])
        return
    flat, again = outputs_at(m, columns(at))
    for k in range(13):
        col = np.broadcast_to(to_numpy(flat[k]), (len(at),))
        for i, p in enumerate(at):
            check(case, "out", k, p, want[i][k], col[i])
    for k in range(4):
        col = np.broadcast_to(to_numpy(again[k]), (len(at),))
        for i, p in enumerate(at):
            check(case, "value_and_grad", k, p, want[i][k], col[i])


def framework_derivatives(m, args):
    """The framework's own gradient and Hessian of m.f, per point."""
    if lang == "jax":
        total = lambda *a: jnp.sum(m.f(*a))
        grad = jax.jit(jax.grad(total, argnums=(0, 1, 2)))(*args)
        hess = jax.vmap(jax.hessian(m.f, argnums=(0, 1, 2)))(*args)
        return list(grad), [hess[i][j] for i in range(3) for j in range(3)]
    if lang == "tensorflow":
        with tf.GradientTape(persistent=True) as outer:
            outer.watch(args)
            with tf.GradientTape() as inner:
                inner.watch(args)
                y = tf.reduce_sum(m.f(*args))
            grad = inner.gradient(y, args)
            grad = [tf.zeros_like(args[0]) if g is None else g for g in grad]
            sums = [tf.reduce_sum(g) for g in grad]
        hess = [outer.gradient(s, args) for s in sums]
        zero = tf.zeros_like(args[0])
        return list(grad), [zero if hess[i][j] is None else hess[i][j] for i in range(3) for j in range(3)]
    args = [a.clone().requires_grad_(True) for a in args]
    y = m.f(*args).sum()
    grad = torch.autograd.grad(y, args, create_graph=True, allow_unused=True)
    zero = torch.zeros_like(args[0])
    grad = [zero if g is None else g for g in grad]
    hess = [
        torch.autograd.grad(g.sum(), args, retain_graph=True, allow_unused=True) if g.requires_grad else [None] * 3
        for g in grad
    ]
    return list(grad), [hess[i][j] if hess[i][j] is not None else zero for i in range(3) for j in range(3)]


def check_autodiff(case, m):
    at, want = case["at"], case["want"]
    grad, hess = framework_derivatives(m, columns(at))
    # Where the value or a first partial is undefined, so is the framework's
    # second derivative (0 * nan), though gradtape's may be a plain 0.
    want = [w if not any(math.isnan(v) for v in w[:4]) else [None] * 13 for w in want]
    for k in range(3):
        col = np.broadcast_to(to_numpy(grad[k]), (len(at),))
        for i, p in enumerate(at):
            check(case, "framework grad", k, p, want[i][1 + k], col[i])
    for k in range(9):
        col = np.broadcast_to(to_numpy(hess[k]), (len(at),))
        for i, p in enumerate(at):
            check(case, "framework hessian", k, p, want[i][4 + k], col[i], TOL2)


for case in spec["cases"]:
    m = importlib.import_module(case["module"])
    try:
        check_values(case, m)
        if case["autodiff"] and lang in ("jax", "tensorflow", "torch"):
            check_autodiff(case, m)
    except Exception as e:  # a crash in generated code is a failure
        failed += 1
        print(f"{case['module']} ({case['expr']}): {type(e).__name__}: {e}")

print(f"{lang}: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
