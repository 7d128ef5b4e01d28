//! Identities, each valid wherever its left side is defined: Pythagorean
//! rewrites of polynomials, double angles, inverse pairs (`sin(asin(u))` = `u`),
//! shifts by multiples of pi/2, identities between factors and of powers.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};

use super::*;
use crate::func::Func;
use crate::limits::{SIMPLIFY_MAX_POLY_TERMS, SIMPLIFY_MAX_PYTHAGOREAN_FORMS, SIMPLIFY_MAX_PYTHAGOREAN_POWER};
use crate::poly::{mono_exp, mono_mul, Coef, Mono, Poly, Terms};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// f(g(u)) for inverse pairs and their neighbours: sin(asin(u)) = u,
/// cos(asin(u)) = sqrt(1 - u^2), cosh(acosh(u)) = u, ... (each where defined).
pub(super) fn identity_call(s: &mut Store, c: ExprId) -> Option<ExprId> {
    use Func::*;
    let (f, arg) = match s.node(c) {
        Node::Call(f, args) if args.len() == 1 => (*f, args[0]),
        _ => return None,
    };
    if let Some(r) = shift_by_pi(s, f, arg) {
        return Some(r);
    }
    if matches!(f, Abs | Sign | Heaviside) {
        if let Some(r) = super::signs::known_sign_call(s, f, arg) {
            return Some(r);
        }
    }
    let (g, u) = match s.node(arg) {
        Node::Call(g, inner) if inner.len() == 1 => (*g, inner[0]),
        Node::Call(..) => return None,
        // |u^(2k)| = u^(2k)
        Node::Pow(_, e) if f == Abs => {
            let e = *e;
            return s.as_num(e).is_some_and(|q| q.is_integer() && q.to_integer().is_even()).then_some(arg);
        }
        _ => return None,
    };
    let one = s.one();
    let r = match (f, g) {
        (Sin, Asin) | (Cos, Acos) | (Tan, Atan) | (Cot, Acot) | (Sec, Asec) | (Csc, Acsc) => u,
        (Sinh, Asinh) | (Cosh, Acosh) | (Tanh, Atanh) => u,
        (Cos, Asin) | (Sin, Acos) => {
            let u2 = s.powi(u, 2);
            let nu2 = s.neg(u2);
            let d = s.add(&[one, nu2]);
            s.sqrt(d)
        }
        (Cosh, Asinh) => {
            let u2 = s.powi(u, 2);
            let d = s.add(&[u2, one]);
            s.sqrt(d)
        }
        (Sinh, Acosh) => {
            let u2 = s.powi(u, 2);
            let m1 = s.int(-1);
            let d = s.add(&[u2, m1]);
            s.sqrt(d)
        }
        (Abs, Abs) | (Sign, Sign) => arg,
        // cbrt keeps the sign of its argument
        (Sign, Cbrt) => s.call(Sign, &[u]),
        _ => return None,
    };
    Some(r)
}

/// sin(u + k*pi/2), cos(u + pi), tan(u + pi), ... as a function of u alone.
pub(super) fn shift_by_pi(s: &mut Store, f: Func, arg: ExprId) -> Option<ExprId> {
    use Func::*;
    if !matches!(f, Sin | Cos | Tan | Cot | Sec | Csc) {
        return None;
    }
    let Node::Add(ts) = s.node(arg).clone() else { return None };
    let (pos, k) = ts.iter().enumerate().find_map(|(i, &t)| {
        let (c, rest) = s.split_coeff(t);
        matches!(s.node(rest), Node::Const(Constant::Pi)).then_some((i, c))
    })?;
    let halves = &k * Rational::from_integer(BigInt::from(2));
    if !halves.is_integer() {
        return None;
    }
    let n = halves.to_integer().mod_floor(&BigInt::from(4)).to_u8()?;
    let rest: Vec<ExprId> = ts.iter().enumerate().filter(|&(i, _)| i != pos).map(|(_, &t)| t).collect();
    let u = s.add(&rest);
    // (function, negated) after the shift by n quarter turns
    let (g, neg) = match (f, n) {
        (Sin, 0) | (Cos, 3) => (Sin, false),
        (Sin, 1) | (Cos, 0) => (Cos, false),
        (Sin, 2) | (Cos, 1) => (Sin, true),
        (Sin, 3) | (Cos, 2) => (Cos, true),
        (Tan, 0 | 2) => (Tan, false),
        (Tan, _) => (Cot, true),
        (Cot, 0 | 2) => (Cot, false),
        (Cot, _) => (Tan, true),
        (Sec, 0) => (Sec, false),
        (Sec, 1) => (Csc, true),
        (Sec, 2) => (Sec, true),
        (Sec, _) => (Csc, false),
        (Csc, 0) => (Csc, false),
        (Csc, 1) => (Sec, false),
        (Csc, 2) => (Csc, true),
        (Csc, _) => (Sec, true),
        _ => return None,
    };
    let v = s.call(g, &[u]);
    Some(if neg { s.neg(v) } else { v })
}

/// Identities between factors of a product, each valid wherever the product is
/// defined: u*sign(u) = |u|; u/sqrt(u^2) = sign(u); sigmoid(u)*(e^u + 1) = e^u; and
/// those of `signs.rs` (`abs(u)*sign(u)` = u, `sign(u)^2` beside u).
pub(super) fn product_identity(s: &mut Store, m: ExprId) -> Option<ExprId> {
    let Node::Mul(fs) = s.node(m).clone() else { return None };
    if let Some(xs) = super::signs::sign_product(s, &fs) {
        return Some(s.mul(&xs));
    }
    /// The base of a factor, as far as the identities look at it.
    pub(super) enum Base {
        Sign(ExprId),
        Square(ExprId),
        Sigmoid(ExprId),
    }
    for &f in fs.iter() {
        let (b, e) = s.split_pow(f);
        let base = match s.node(b) {
            Node::Call(Func::Sign, args) => Base::Sign(args[0]),
            Node::Pow(u, two) if s.as_num(*two).is_some_and(|q| *q == Rational::from_integer(2.into())) => {
                Base::Square(*u)
            }
            Node::Call(Func::Sigmoid, args) => Base::Sigmoid(args[0]),
            _ => continue,
        };
        match base {
            Base::Sign(u) if s.is_one(e) && fs.contains(&u) => {
                let abs = s.call(Func::Abs, &[u]);
                let abs = identity_call(s, abs).unwrap_or(abs);
                let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != u).collect();
                xs.push(abs);
                return Some(s.mul(&xs));
            }
            Base::Square(u) => {
                let minus_half = Rational::new(BigInt::from(-1), BigInt::from(2));
                if s.as_num(e) == Some(&minus_half) && fs.contains(&u) {
                    let sign = s.call(Func::Sign, &[u]);
                    let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != u).collect();
                    xs.push(sign);
                    return Some(s.mul(&xs));
                }
            }
            Base::Sigmoid(u) if s.is_one(e) => {
                let eu = s.exp(u);
                let one = s.one();
                let sum = s.add(&[eu, one]);
                let hit = fs.iter().position(|&x| {
                    let (xb, xe) = s.split_pow(x);
                    xb == sum && s.as_num(xe).is_some_and(|q| q.is_integer() && q.is_positive())
                });
                if let Some(j) = hit {
                    let (_, xe) = s.split_pow(fs[j]);
                    let m1 = s.int(-1);
                    let ne = s.add(&[xe, m1]);
                    let rest = s.pow(sum, ne);
                    let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != fs[j]).collect();
                    xs.extend([eu, rest]);
                    return Some(s.mul(&xs));
                }
            }
            _ => {}
        }
    }
    None
}

impl Simplifier {
    /// sin^2 = 1 - cos^2 and cosh^2 = 1 + sinh^2 (and back), each tried once.
    pub(super) fn pythagorean(&mut self, s: &mut Store, p: &Poly) -> Vec<Poly> {
        let mut out = Vec::new();
        let kernels = p.kernels();
        for &k in &kernels {
            if out.len() >= SIMPLIFY_MAX_PYTHAGOREAN_FORMS {
                break;
            }
            let (f, u) = match s.node(self.kernels.expr(k)) {
                Node::Call(f, args) if args.len() == 1 => (*f, args[0]),
                _ => continue,
            };
            let (partner, c0, c2) = match f {
                Func::Sin => (Func::Cos, 1, -1),
                Func::Cos => (Func::Sin, 1, -1),
                Func::Cosh => (Func::Sinh, 1, 1),
                Func::Sinh => (Func::Cosh, -1, 1),
                Func::Csc => (Func::Cot, 1, 1),
                Func::Cot => (Func::Csc, -1, 1),
                Func::Sec => (Func::Tan, 1, 1),
                Func::Tan => (Func::Sec, -1, 1),
                Func::Csch => (Func::Coth, -1, 1),
                Func::Coth => (Func::Csch, 1, 1),
                // tanh^2 stays: tanh' is written 1 - tanh^2.
                Func::Sech => (Func::Tanh, 1, -1),
                _ => continue,
            };
            let top = p.0.keys().map(|m| mono_exp(m, k)).max().unwrap_or(0);
            if !(2..=SIMPLIFY_MAX_PYTHAGOREAN_POWER).contains(&top) {
                continue;
            }
            let other = s.call(partner, &[u]);
            let ok = self.kernel_of(other);
            let mut repl = Poly::constant(Coef::ratio(c0, 1));
            repl.add_term(Mono::one(ok, 2), Coef::ratio(c2, 1));
            if let Some(q) = self.substitute_square(p, k, &repl) {
                out.push(q);
            }
            // sin(u)^2 = (1 - cos(2*u))/2, cos(u)^2 = (1 + cos(2*u))/2
            if matches!(f, Func::Sin | Func::Cos) && kernels.contains(&ok) {
                let two = s.int(2);
                let u2 = s.mul(&[two, u]);
                let c2 = s.call(Func::Cos, &[u2]);
                let kc2 = self.kernel_of(c2);
                let half = Coef::ratio(1, 2);
                let mut to_sin = Poly::constant(half.clone());
                to_sin.add_term(Mono::one(kc2, 1), half.neg());
                let mut to_cos = Poly::constant(half.clone());
                to_cos.add_term(Mono::one(kc2, 1), half);
                let (first, second) = if f == Func::Sin { (to_sin, to_cos) } else { (to_cos, to_sin) };
                if let Some(q) = self.substitute_square(p, k, &first) {
                    let q = match self.substitute_square(&q, ok, &second) {
                        Some(q2) => q2,
                        None => q,
                    };
                    out.push(q);
                }
            }
        }
        out
    }

    pub(super) fn substitute_square(&mut self, p: &Poly, k: u32, repl: &Poly) -> Option<Poly> {
        let mut out = Poly::default();
        let mut steps = self.steps;
        // The powers of `repl` met so far, each with the steps its computation
        // took: a power met again is charged the same steps.
        let mut pows: Vec<Option<(Poly, usize)>> = Vec::new();
        for (m, c) in &p.0 {
            let e = mono_exp(m, k);
            let mut rest: Mono = m.iter().copied().filter(|x| x.0 != k).collect();
            if e % 2 == 1 {
                rest = mono_mul(&rest, &Mono::one(k, 1));
            }
            let n = (e / 2) as usize;
            if pows.len() <= n {
                pows.resize(n + 1, None);
            }
            match &pows[n] {
                Some((_, work)) => steps = steps.checked_sub(*work)?,
                None => {
                    let before = steps;
                    let pw = repl.pow(e / 2, &mut steps)?;
                    pows[n] = Some((pw, before - steps));
                }
            }
            let pw = &pows[n].as_ref()?.0;
            let base = Poly(Terms::single(rest, c.clone()));
            let t = base.mul(pw, &mut steps)?;
            for (m, c) in t.0 {
                out.add_term(m, c);
            }
            if out.0.len() > SIMPLIFY_MAX_POLY_TERMS {
                return None;
            }
        }
        self.steps = steps;
        Some(out)
    }

    pub(super) fn double_angle(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        if self.form != Form::Auto {
            return m;
        }
        let Node::Mul(fs) = s.node(m) else {
            return m;
        };
        let sin_base = |f: ExprId| {
            let b = match *s.node(f) {
                Node::Pow(b, _) => b,
                _ => f,
            };
            matches!(s.node(b), Node::Call(Func::Sin, _))
        };
        if !fs.iter().any(|&f| sin_base(f)) {
            return m;
        }
        let fs = fs.clone();
        // sin(u)^k*cos(u)^k = sin(2*u)^k/2^k
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            let Node::Call(Func::Sin, args) = s.node(b).clone() else { continue };
            let Some(k) = s.as_num(e).filter(|q| q.is_integer() && q.is_positive()).cloned() else { continue };
            let c = s.call(Func::Cos, &args);
            let ce = s.num(k.clone());
            let cp = s.pow(c, ce);
            if !fs.contains(&cp) {
                continue;
            }
            let two = s.int(2);
            let u2 = s.mul(&[two, args[0]]);
            let sin2 = s.call(Func::Sin, &[u2]);
            let sp = s.pow(sin2, ce);
            let half = s.num(Rational::new(BigInt::one(), BigInt::from(2)));
            let scale = s.pow(half, ce);
            let mut rest: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != cp).collect();
            rest.extend([sp, scale]);
            let cand = s.mul(&rest);
            return self.cheapest(s, &[m, cand]);
        }
        m
    }

    pub(super) fn power(&mut self, s: &mut Store, p: ExprId) -> ExprId {
        let Node::Pow(b, e) = *s.node(p) else {
            return p;
        };
        if let Some(r) = super::signs::sign_power(s, b, e) {
            return r;
        }
        // cbrt(u)^(3k + r) = u^k*cbrt(u)^r (r of the sign of the exponent): cbrt(u)^3 = u
        if let (Node::Call(Func::Cbrt, args), Some(n)) = (s.node(b), s.as_num(e).and_then(small_integer)) {
            if n.abs() >= 3 {
                let u = args[0];
                let whole = s.powi(u, n / 3);
                let rest = s.powi(b, n % 3);
                return s.mul(&[whole, rest]);
            }
        }
        // |u|^(2k) = u^(2k)
        if let (Node::Call(Func::Abs, args), Some(q)) = (s.node(b), s.as_num(e)) {
            if q.is_integer() && q.to_integer().is_even() {
                let u = args[0];
                return s.pow(u, e);
            }
        }
        // (e^u)^c = e^(c*u): e^u is positive
        if let Node::Pow(b0, e0) = *s.node(b) {
            if matches!(s.node(b0), Node::Const(Constant::E)) {
                let ce = s.mul(&[e0, e]);
                return s.exp(ce);
            }
        }
        // e^softplus(u) = 1 + e^u
        if matches!(s.node(b), Node::Const(Constant::E)) {
            if let Node::Call(Func::Softplus, args) = s.node(e) {
                let u = args[0];
                let eu = s.exp(u);
                let one = s.one();
                return s.add(&[one, eu]);
            }
        }
        p
    }
}
