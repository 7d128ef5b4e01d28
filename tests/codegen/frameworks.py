"""Framework wiring of generated modules: broadcasting, shapes of constant
derivatives, gradients reduced to each input's shape, jit, jacfwd, hessian,
gradcheck, nested tapes. Usage: frameworks.py DIR LANG; DIR holds `bcast.py`
(x*y^2 + 3*z, args x,y,z, order 2) and `lin.py` (2*x + 3*y, args x,y, order 2).
Prints "N passed, N failed"."""
import importlib
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])
lang = sys.argv[2]
passed = failed = 0


def expect(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED:", what)


def close(a, b):
    return np.allclose(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), rtol=1e-12, atol=1e-12)


if lang == "jax":
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
if lang == "tensorflow":
    import tensorflow as tf
if lang == "torch":
    import torch

bcast = importlib.import_module("bcast")
lin = importlib.import_module("lin")
X = np.linspace(0.5, 1.5, 3).reshape(3, 1)
Y = np.linspace(-1.0, 1.0, 4).reshape(1, 4)
Z = 0.25


def arr(v):
    if lang == "torch":
        return torch.tensor(v, dtype=torch.float64)
    if lang == "tensorflow":
        return tf.constant(v, dtype=tf.float64)
    return np.asarray(v, dtype=np.float64)


def host(v):
    return v.detach().numpy() if lang == "torch" else np.asarray(v)


# Elementwise with broadcasting: every output has the broadcast shape (3, 4).
value = bcast.f(arr(X), arr(Y), arr(Z))
grad = bcast.f_grad(arr(X), arr(Y), arr(Z))
hess = bcast.f_hessian(arr(X), arr(Y), arr(Z))
expect("value shape", tuple(host(value).shape) == (3, 4))
expect("value", close(host(value), X * Y**2 + 3 * Z))
expect("grad shapes", all(tuple(host(g).shape) == (3, 4) for g in grad))
expect("grad", close(host(grad[0]), Y**2 + 0 * X) and close(host(grad[2]), np.full((3, 4), 3.0)))
expect("hessian shapes", all(tuple(host(h).shape) == (3, 4) for row in hess for h in row))
expect("hessian", close(host(hess[0][1]), 2 * Y + 0 * X) and close(host(hess[2][2]), np.zeros((3, 4))))
# A constant derivative is an array of the broadcast shape, not a bare number.
g = lin.f_grad(arr(X), arr(Y))
expect("constant derivative shape", all(tuple(host(d).shape) == (3, 4) for d in g))
expect("constant derivative values", close(host(g[0]), np.full((3, 4), 2.0)) and close(host(g[1]), np.full((3, 4), 3.0)))
h = lin.f_hessian(arr(X), arr(Y))
expect("zero hessian shape", all(tuple(host(d).shape) == (3, 4) for row in h for d in row))
v, g2 = bcast.f_value_and_grad(arr(X), arr(Y), arr(Z))
expect("value_and_grad", close(host(v), host(value)) and all(close(host(a), host(b)) for a, b in zip(g2, grad)))

if lang == "jax":
    total = lambda x, y, z: jnp.sum(bcast.f(x, y, z))
    gx, gy, gz = jax.jit(jax.grad(total, argnums=(0, 1, 2)))(jnp.asarray(X), jnp.asarray(Y), jnp.asarray(Z))
    expect("jax.grad reduces to input shapes", gx.shape == (3, 1) and gy.shape == (1, 4) and gz.shape == ())
    expect("jax.grad by x", close(gx, (Y**2).sum() + 0 * X))
    expect("jax.grad by z", close(gz, 36.0))
    J = jax.jacfwd(bcast.f, argnums=(0, 1, 2))(1.5, -0.5, 2.0)
    expect("jax.jacfwd", close(J[0], 0.25) and close(J[1], -1.5) and close(J[2], 3.0))
    H = jax.jit(jax.hessian(bcast.f, argnums=(0, 1, 2)))(1.5, -0.5, 2.0)
    expect("jax.hessian", close(H[0][1], -1.0) and close(H[1][1], 3.0) and close(H[2][2], 0.0))
if lang == "tensorflow":
    x, y, z = tf.Variable(X), tf.Variable(Y), tf.Variable(Z, dtype=tf.float64)
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            out = tf.reduce_sum(bcast.f(x, y, z))
        gx, gy, gz = inner.gradient(out, [x, y, z])
        s = tf.reduce_sum(gy)
    expect("tf gradient reduces to input shapes", gx.shape == (3, 1) and gy.shape == (1, 4) and gz.shape == ())
    expect("tf gradient by x", close(gx.numpy(), (Y**2).sum() + 0 * X))
    expect("tf gradient by z", close(gz.numpy(), 36.0))
    hyx = outer.gradient(s, x)
    expect("nested tapes: second derivative", close(hyx.numpy(), (2 * Y).sum() + 0 * X))
    fn = tf.function(lambda a, b, c: bcast.f_grad(a, b, c))
    expect("tf.function", close(fn(x, y, z)[0].numpy(), Y**2 + 0 * X))
if lang == "torch":
    x = torch.tensor(X, requires_grad=True)
    y = torch.tensor(Y, requires_grad=True)
    z = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    gx, gy, gz = torch.autograd.grad(bcast.f(x, y, z).sum(), (x, y, z), create_graph=True)
    expect("torch grad reduces to input shapes", gx.shape == (3, 1) and gy.shape == (1, 4) and gz.shape == ())
    expect("torch grad by z", close(gz.detach().numpy(), 36.0))
    (hyx,) = torch.autograd.grad(gy.sum(), (x,))
    expect("torch double backward", close(hyx.numpy(), (2 * Y).sum() + 0 * X))
    args = tuple(torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.7, -1.2, 0.4))
    expect("torch gradcheck", torch.autograd.gradcheck(bcast.f, args))
    expect("torch gradgradcheck", torch.autograd.gradgradcheck(bcast.f, args))
    H = torch.autograd.functional.hessian(bcast.f, args)
    expect("torch functional hessian", close(H[0][1].numpy(), -2.4) and close(H[1][1].numpy(), 1.4))
    y_only = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    (gy,) = torch.autograd.grad(bcast.f(torch.tensor(2.0, dtype=torch.float64), y_only, 1.0), (y_only,))
    expect("torch: no gradient asked of a constant input", close(gy.numpy(), 1.2))

print(f"{lang}: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
