//! Known exact values of functions: sin(pi/6) = 1/2, log2(8) = 3, abs(-3) = 3,
//! asin(1/2) = pi/6, cbrt(-27/8) = -3/2, ln(e^a) = a. One entry point per family of
//! functions, each of the shape [`KnownValue`], so that a function's row can name
//! the family that folds it; [`known_values_of`] says which family that is.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Constant, ExprId, Node, Rational, Store, ONE};
use crate::func::Func;
use crate::number::{exact_root, gcd_u64};

/// The exact value of `f(u)` when it is known, for the functions of one family;
/// None leaves the call as it is.
pub(crate) type KnownValue = fn(&mut Store, Func, ExprId) -> Option<ExprId>;

/// The family that knows exact values of `f`, if any.
pub(crate) fn known_values_of(f: Func) -> Option<KnownValue> {
    use Func::*;
    let family: KnownValue = match f {
        Sin | Cos | Tan | Cot | Sec | Csc => trig,
        Asin | Acos | Atan | Acot | Asec | Acsc => inverse_trig,
        Sinh | Cosh | Tanh | Coth | Sech | Csch | Asinh | Acosh | Atanh => hyperbolic,
        Ln | Log2 | Log10 => logarithm,
        Cbrt => cube_root,
        Abs | Sign | Relu => piecewise,
        Erf | Erfc | Sigmoid => special_at_zero,
        Atan2 | Softplus => return None,
    };
    Some(family)
}

impl Store {
    /// Known exact values: sin(pi/6) = 1/2, ln(1) = 0, abs(-3) = 3, ...
    pub(super) fn fold_known(&mut self, f: Func, u: ExprId) -> Option<ExprId> {
        known_values_of(f)?(self, f, u)
    }
}

/// sin, cos, tan, cot, sec, csc: at 0 (where defined) and at multiples of pi/6 and
/// pi/4.
pub(crate) fn trig(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    if let Some(q) = s.as_num(u) {
        return match f {
            Sin | Tan if q.is_zero() => Some(s.zero()),
            Cos | Sec if q.is_zero() => Some(s.one()),
            _ => None,
        };
    }
    let k = s.pi_multiple(u)?;
    s.trig_at_pi_multiple(f, &k)
}

/// asin, acos, atan, acot, asec, acsc at 0, ±1/2, ±1 (and their reciprocals).
pub(crate) fn inverse_trig(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    let q = s.as_num(u)?.clone();
    match f {
        Asin | Atan if q.is_zero() => Some(s.zero()),
        Acos if q.is_one() => Some(s.zero()),
        _ => s.inverse_trig_number(f, &q),
    }
}

/// The hyperbolic functions and their inverses at 0, and acosh at 1.
pub(crate) fn hyperbolic(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    let q = s.as_num(u)?;
    match f {
        Sinh | Tanh | Asinh | Atanh if q.is_zero() => Some(s.zero()),
        Cosh | Sech if q.is_zero() => Some(s.one()),
        Acosh if q.is_one() => Some(s.zero()),
        _ => None,
    }
}

/// ln, log2, log10 at 1 and at integer powers of their base; ln(e) = 1 and
/// ln(e^a) = a for real a.
pub(crate) fn logarithm(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    if let Some(q) = s.as_num(u) {
        let q = q.clone();
        return match f {
            _ if q.is_one() => Some(s.zero()),
            Log2 => s.exact_log(&q, 2),
            Log10 => s.exact_log(&q, 10),
            _ => None,
        };
    }
    if f != Ln {
        return None;
    }
    match *s.node(u) {
        Node::Const(Constant::E) => Some(ONE),
        Node::Pow(b, a) if matches!(s.node(b), Node::Const(Constant::E)) => Some(a),
        _ => None,
    }
}

/// cbrt of a rational that is a cube.
pub(crate) fn cube_root(s: &mut Store, _: Func, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?;
    if q.is_zero() {
        return Some(s.zero());
    }
    let r = exact_root(&q.numer().abs(), 3, s.max_exact_bits)?;
    let d = exact_root(q.denom(), 3, s.max_exact_bits)?;
    let v = Rational::new(r, d);
    let v = if q.is_negative() { -v } else { v };
    Some(s.num(v))
}

/// abs, sign and relu of numbers; abs of what is never negative (an abs, a
/// constant, a power of e).
pub(crate) fn piecewise(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    if let Some(q) = s.as_num(u) {
        let q = q.clone();
        return match f {
            Relu => Some(if q.is_negative() { s.zero() } else { s.num(q) }),
            Abs => Some(s.num(q.abs())),
            Sign => Some(s.int(if q.is_positive() {
                1
            } else if q.is_negative() {
                -1
            } else {
                0
            })),
            _ => None,
        };
    }
    if f != Abs {
        return None;
    }
    match *s.node(u) {
        Node::Call(Abs, _) | Node::Const(_) => Some(u),
        Node::Pow(b, _) if matches!(s.node(b), Node::Const(Constant::E)) => Some(u),
        _ => None,
    }
}

/// erf, erfc and the logistic sigmoid at 0.
pub(crate) fn special_at_zero(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    use Func::*;
    if !s.as_num(u)?.is_zero() {
        return None;
    }
    match f {
        Erf => Some(s.zero()),
        Erfc => Some(s.one()),
        Sigmoid => Some(s.frac(1, 2)),
        _ => None,
    }
}

// The tables and the exact arithmetic behind the families.

impl Store {
    /// log_base(q) when q is an integer power of the base.
    fn exact_log(&mut self, q: &Rational, base: u32) -> Option<ExprId> {
        let b = BigInt::from(base);
        let (mut n, d) = (q.numer().clone(), q.denom().clone());
        let (mut k, sign) = if d.is_one() {
            (0i64, 1)
        } else if n.is_one() {
            n = d;
            (0i64, -1)
        } else {
            return None;
        };
        if !n.is_positive() {
            return None;
        }
        while n > BigInt::one() {
            let (quot, rem) = n.div_rem(&b);
            if !rem.is_zero() {
                return None;
            }
            n = quot;
            k += 1;
        }
        Some(self.int(sign * k))
    }

    /// asin(1/2) = pi/6 and the like, for the values in the standard table.
    fn inverse_trig_number(&mut self, f: Func, q: &Rational) -> Option<ExprId> {
        use Func::*;
        let half = Rational::new(BigInt::from(1), BigInt::from(2));
        let table: &[(Rational, (i64, i64))] =
            &[(Rational::zero(), (0, 1)), (half.clone(), (1, 6)), (Rational::one(), (1, 2))];
        let arg = match f {
            Asec | Acsc => {
                if q.is_zero() {
                    return None;
                }
                q.recip()
            }
            _ => q.clone(),
        };
        let a = arg.abs();
        let neg = arg.is_negative();
        let k = match f {
            Asin | Acsc => table.iter().find(|(v, _)| *v == a)?.1,
            Acos | Asec => {
                // acos(a) = pi/2 - asin(a)
                let (n, d) = table.iter().find(|(v, _)| *v == a)?.1;
                let (n, d) = (d - 2 * n, 2 * d);
                if neg {
                    // acos(-a) = pi - acos(a) = (d - n)/d * pi
                    let (n, d) = lowest_terms(d - n, d);
                    return Some(self.pi_times(n, d));
                }
                let (n, d) = lowest_terms(n, d);
                return Some(self.pi_times(n, d));
            }
            Atan => {
                if a.is_zero() {
                    (0, 1)
                } else if a.is_one() {
                    (1, 4)
                } else {
                    return None;
                }
            }
            Acot => {
                // acot(a) = pi/2 - atan(a) for a >= 0, odd
                if a.is_zero() {
                    return Some(self.pi_times(1, 2));
                } else if a.is_one() {
                    (1, 4)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let v = self.pi_times(k.0, k.1);
        Some(if neg { self.neg(v) } else { v })
    }

    fn pi_times(&mut self, n: i64, d: i64) -> ExprId {
        let c = self.frac(n, d);
        let pi = self.constant(Constant::Pi);
        self.mul(&[c, pi])
    }

    /// k when the expression is k*pi for a rational k.
    fn pi_multiple(&self, u: ExprId) -> Option<Rational> {
        match self.node(u) {
            Node::Const(Constant::Pi) => Some(Rational::one()),
            Node::Mul(fs) if fs.len() == 2 => match (self.node(fs[0]), self.node(fs[1])) {
                (Node::Num(k), Node::Const(Constant::Pi)) => Some(k.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// sin, cos, ... at k*pi for k a multiple of 1/6 or 1/4.
    fn trig_at_pi_multiple(&mut self, f: Func, k: &Rational) -> Option<ExprId> {
        use Func::*;
        // Reduce k to [0, 2).
        let two = Rational::from_integer(BigInt::from(2));
        let mut k = k % &two;
        if k.is_negative() {
            k += &two;
        }
        let twelfths = (&k * Rational::from_integer(BigInt::from(12))).to_integer();
        if Rational::from_integer(twelfths.clone()) != &k * Rational::from_integer(BigInt::from(12)) {
            return None;
        }
        let t = twelfths.to_i64()?; // 0..24, angle = t * 15 degrees
        let (s, c) = sin_cos_table(t)?;
        let sin = self.table_value(s);
        let cos = self.table_value(c);
        match f {
            Sin => Some(sin),
            Cos => Some(cos),
            Tan | Cot | Sec | Csc => {
                let (num, den) = match f {
                    Tan => (sin, cos),
                    Cot => (cos, sin),
                    Sec => (self.one(), cos),
                    _ => (self.one(), sin),
                };
                // At a pole (tan(pi/2)) this is 1/0, which evaluates as undefined: the
                // float of the argument is only near the pole and would give 1.6e16.
                Some(self.div(num, den))
            }
            _ => None,
        }
    }

    /// The exact value of a table entry: (sign, which) with which 0 = 0, 1 = 1/2,
    /// 2 = sqrt(2)/2, 3 = sqrt(3)/2, 4 = 1.
    fn table_value(&mut self, (sign, which): (i64, u8)) -> ExprId {
        let v = match which {
            0 => self.zero(),
            1 => self.frac(1, 2),
            2 | 3 => {
                let r = self.int(which as i64);
                let s = self.sqrt(r);
                let h = self.frac(1, 2);
                self.mul(&[h, s])
            }
            _ => self.one(),
        };
        if sign < 0 {
            self.neg(v)
        } else {
            v
        }
    }
}

/// sin and cos of t*15 degrees (t in 0..24) as (sign, which) pairs, for the
/// multiples of 30 and 45 degrees; None for other angles.
fn sin_cos_table(t: i64) -> Option<((i64, u8), (i64, u8))> {
    // sin at multiples of 15 degrees over a quarter turn: 0, -, 1/2, sqrt2/2, sqrt3/2, -, 1
    const QUARTER: [Option<u8>; 7] = [Some(0), None, Some(1), Some(2), Some(3), None, Some(4)];
    let sin_of = |t: i64| -> Option<(i64, u8)> {
        let t = t.rem_euclid(24);
        let (sign, r) = if t < 12 { (1, t) } else { (-1, t - 12) };
        let r = if r > 6 { 12 - r } else { r };
        QUARTER[r as usize].map(|w| (sign, w))
    };
    Some((sin_of(t)?, sin_of(t + 6)?))
}

/// n/d in lowest terms, for d > 0.
fn lowest_terms(n: i64, d: i64) -> (i64, i64) {
    let g = gcd_u64(n.unsigned_abs(), d.unsigned_abs()) as i64;
    (n / g, d / g)
}
