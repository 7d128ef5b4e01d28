//! Floats beyond the range of f64: an expression evaluated through the logarithms of
//! its magnitudes where an f64 overflows (`exp(1000)` is e^1000 ≈ 1.97007e434, not
//! infinity). Sums are added relative to their largest term, products add
//! logarithms, powers multiply them; a function of a number beyond f64 is taken from
//! its limit where the function has one (`tanh`, `atan`, `ln`), and is otherwise not
//! computable in floating point.

use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use super::format::{Approx, Wide};
use super::{abstract_has_no_value, pow_float, rational_to_f64};
use crate::func::Func;
use crate::limits::WIDE_MAX_LN;
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// Why a value is a number that floats cannot compute: a function of an argument
/// beyond f64 without a limit to take (sin of 1e400).
pub const BEYOND: &str = "a function of a number beyond 64-bit floats, which floats cannot compute";

/// Evaluates through logarithms where f64 overflows, remembering sub-results.
pub struct WideEval<'p> {
    point: &'p HashMap<String, f64>,
    memo: HashMap<ExprId, Result<Approx, String>>,
}

impl<'p> WideEval<'p> {
    pub fn new(point: &'p HashMap<String, f64>) -> WideEval<'p> {
        WideEval { point, memo: HashMap::new() }
    }

    /// The value of `id`, finite or beyond f64, or why it is undefined.
    pub fn value(&mut self, s: &Store, id: ExprId) -> Result<Approx, String> {
        if let Some(r) = self.memo.get(&id) {
            return r.clone();
        }
        let r = self.node(s, id).and_then(|a| match a {
            Approx::Finite(f) if f.is_nan() => Err("not a real number".to_string()),
            Approx::Finite(f) if f.is_infinite() => Err(BEYOND.to_string()),
            // Past this, an f64 logarithm no longer fixes the leading digits.
            Approx::Wide(w) if w.ln_abs.is_nan() || w.ln_abs.abs() > WIDE_MAX_LN => Err(super::OVERFLOW.to_string()),
            a => Ok(a),
        });
        self.memo.insert(id, r.clone());
        r
    }

    fn node(&mut self, s: &Store, id: ExprId) -> Result<Approx, String> {
        match s.node(id) {
            Node::Num(q) => Ok(rational(q)),
            Node::Const(c) => Ok(Approx::Finite(c.value())),
            Node::Var(name) => {
                self.point.get(&**name).map(|&f| Approx::Finite(f)).ok_or_else(|| format!("no value for {name}"))
            }
            Node::Add(ts) => {
                let mut terms = Vec::with_capacity(ts.len());
                for &t in ts.iter() {
                    terms.push(self.value(s, t)?);
                }
                Ok(sum(&terms))
            }
            Node::Mul(fs) => {
                let (mut negative, mut ln) = (false, 0.0);
                for &f in fs.iter() {
                    match self.value(s, f)?.ln_parts() {
                        None => return Ok(Approx::Finite(0.0)),
                        Some((n, l)) => {
                            negative ^= n;
                            ln += l;
                        }
                    }
                }
                Ok(Approx::from_ln(negative, ln))
            }
            Node::Pow(b, e) => {
                let (b, e) = (*b, *e);
                let y = match self.value(s, e)? {
                    Approx::Finite(y) => y,
                    Approx::Wide(_) => return Err(BEYOND.to_string()),
                };
                if matches!(s.node(b), Node::Const(Constant::E)) {
                    return Ok(Approx::from_ln(false, y));
                }
                let exact_exp = s.as_num(e).cloned();
                power(self.value(s, b)?, y, exact_exp.as_ref())
            }
            Node::Call(f, args) => {
                let mut xs = Vec::with_capacity(args.len());
                for &a in args.iter() {
                    xs.push(self.value(s, a)?);
                }
                call(*f, &xs)
            }
            Node::Apply(h, _) => Err(abstract_has_no_value(s, *h)),
        }
    }
}

/// A rational of any size: its f64, or its logarithm from its leading bits.
pub fn rational(q: &Rational) -> Approx {
    let f = rational_to_f64(q);
    if f.is_finite() && (f != 0.0 || q.is_zero()) && (f == 0.0 || f.abs() >= f64::MIN_POSITIVE) {
        return Approx::Finite(f);
    }
    Approx::from_ln(q.is_negative(), big_ln(q.numer()) - big_ln(q.denom()))
}

/// ln|n| for an integer of any size, from its top 64 bits.
fn big_ln(n: &BigInt) -> f64 {
    let n = n.abs();
    let bits = n.bits();
    if bits <= 1000 {
        return n.to_f64().map_or(f64::INFINITY, f64::ln);
    }
    let shift = bits - 64;
    let top: BigInt = &n >> shift;
    top.to_f64().map_or(f64::INFINITY, f64::ln) + shift as f64 * std::f64::consts::LN_2
}

/// A sum, relative to its largest term where an f64 would overflow.
fn sum(terms: &[Approx]) -> Approx {
    if let Some(fs) =
        terms.iter().map(|t| if let Approx::Finite(f) = t { Some(*f) } else { None }).collect::<Option<Vec<_>>>()
    {
        let total: f64 = fs.iter().sum();
        if total.is_finite() {
            return Approx::Finite(total);
        }
    }
    let parts: Vec<(bool, f64)> = terms.iter().filter_map(|t| t.ln_parts()).collect();
    let Some(top) = parts.iter().map(|p| p.1).fold(None, |m: Option<f64>, l| Some(m.map_or(l, |m| m.max(l)))) else {
        return Approx::Finite(0.0);
    };
    let scaled: f64 = parts.iter().map(|&(n, l)| if n { -(l - top).exp() } else { (l - top).exp() }).sum();
    if scaled == 0.0 {
        return Approx::Finite(0.0);
    }
    Approx::from_ln(scaled < 0.0, top + scaled.abs().ln())
}

/// b^y over the reals, through logarithms.
fn power(b: Approx, y: f64, exact_exp: Option<&Rational>) -> Result<Approx, String> {
    if let Approx::Finite(x) = b {
        let r = pow_float(x, y, exact_exp)?;
        if r.is_finite() && (r != 0.0 || x == 0.0) {
            return Ok(Approx::Finite(r));
        }
    }
    let Some((negative, ln)) = b.ln_parts() else {
        return pow_float(0.0, y, exact_exp).map(Approx::Finite);
    };
    // The domain of a negative base is the one pow_float decides (any magnitude).
    pow_float(if negative { -2.0 } else { 2.0 }, y, exact_exp)?;
    let odd = exact_exp.is_some_and(|q| q.is_integer() && q.numer().bit(0)) || (exact_exp.is_none() && y % 2.0 != 0.0);
    Ok(Approx::from_ln(negative && odd, ln * y))
}

/// A function of values, some beyond f64.
fn call(f: Func, xs: &[Approx]) -> Result<Approx, String> {
    let finite: Option<Vec<f64>> = xs.iter().map(|x| if let Approx::Finite(v) = x { Some(*v) } else { None }).collect();
    if let Some(args) = &finite {
        let v = f.eval(args).map_err(str::to_string)?;
        if v.is_finite() {
            return Ok(Approx::Finite(v));
        }
    }
    let one = match xs {
        [x] => *x,
        _ => return limit(f, xs),
    };
    let ln_of = |x: Approx, base: f64| -> Result<Approx, String> {
        match x.ln_parts() {
            Some((false, l)) => Ok(Approx::Finite(l / base)),
            Some((true, _)) => f.eval(&[-1.0]).map(Approx::Finite).map_err(str::to_string),
            None => f.eval(&[0.0]).map(Approx::Finite).map_err(str::to_string),
        }
    };
    match (f, one) {
        (Func::Ln, x) => ln_of(x, 1.0),
        (Func::Log2, x) => ln_of(x, std::f64::consts::LN_2),
        (Func::Log10, x) => ln_of(x, std::f64::consts::LN_10),
        (Func::Abs, x) => Ok(x.ln_parts().map_or(Approx::Finite(0.0), |(_, l)| Approx::from_ln(false, l))),
        (Func::Cbrt, x) => Ok(x.ln_parts().map_or(Approx::Finite(0.0), |(n, l)| Approx::from_ln(n, l / 3.0))),
        // relu and softplus of a large positive number are that number.
        (Func::Relu | Func::Softplus, Approx::Wide(w)) if !w.negative => Ok(Approx::Wide(w)),
        (Func::Relu, Approx::Wide(_)) => Ok(Approx::Finite(0.0)),
        // cosh and sinh of a large finite argument: e^|x| / 2.
        (Func::Cosh, Approx::Finite(x)) => Ok(Approx::from_ln(false, x.abs() - std::f64::consts::LN_2)),
        (Func::Sinh, Approx::Finite(x)) => Ok(Approx::from_ln(x < 0.0, x.abs() - std::f64::consts::LN_2)),
        // 2^x and e^x - 1 of a large finite argument.
        (Func::Exp2, Approx::Finite(x)) if x > 0.0 => Ok(Approx::from_ln(false, x * std::f64::consts::LN_2)),
        (Func::Expm1, Approx::Finite(x)) if x > 0.0 => Ok(Approx::from_ln(false, x)),
        // ln(1 + x) of a number beyond f64 is ln(x).
        (Func::Log1p, x) => match x.ln_parts() {
            Some((false, l)) => Ok(Approx::Finite(l)),
            _ => f.eval(&[-2.0]).map(Approx::Finite).map_err(str::to_string),
        },
        _ => limit(f, xs),
    }
}

/// The function at the infinities and zeros its arguments round to, where that
/// is a finite number (tanh(1e400) = 1); otherwise not computable.
fn limit(f: Func, xs: &[Approx]) -> Result<Approx, String> {
    let rounded: Vec<f64> = xs
        .iter()
        .map(|x| match x {
            Approx::Finite(v) => *v,
            Approx::Wide(w) => Wide::to_f64(*w),
        })
        .collect();
    match f.eval(&rounded) {
        Ok(v) if v.is_finite() && bounded(f) => Ok(Approx::Finite(v)),
        _ => Err(BEYOND.to_string()),
    }
}

/// Functions whose value at an infinite argument is their limit there.
fn bounded(f: Func) -> bool {
    matches!(
        f,
        Func::Tanh
            | Func::Atan
            | Func::Acot
            | Func::Atan2
            | Func::Coth
            | Func::Sech
            | Func::Csch
            | Func::Erf
            | Func::Erfc
            | Func::Sigmoid
            | Func::Sign
            | Func::Acoth
            | Func::Acsch
            | Func::Expm1
            | Func::Softsign
    )
}
