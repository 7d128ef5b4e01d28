//! Values at a point: exact rationals where the expression folds to one, otherwise a
//! float, or the reason the expression is undefined there. Many points at once go
//! through [`tape`] (expressions compiled to a flat list of float instructions) over a
//! [`points`] table, with batched sine and cosine from [`fastmath`].

pub mod fastmath;
pub mod points;
pub mod tape;

use std::collections::HashMap;

use num_traits::{Signed, ToPrimitive, Zero};

use crate::limits::EXACT_MAX_NODES;
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// The value of an expression at a point.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Exact: `14/3`, `-12`.
    Exact(Rational),
    /// Not rational (or not known to be): the nearest f64.
    Float(f64),
    /// Undefined at the point, with the reason (`ln of a negative number`).
    Undefined(String),
}

impl Value {
    /// The value as an f64, or None when undefined.
    pub fn to_f64(&self) -> Option<f64> {
        match self {
            Value::Exact(q) => Some(rational_to_f64(q)),
            Value::Float(f) => Some(*f),
            Value::Undefined(_) => None,
        }
    }

    /// The value as text: `14/3`, `0.5403023058681398`, or `undefined: reason`.
    pub fn text(&self) -> String {
        match self {
            Value::Exact(q) => q.to_string(),
            Value::Float(f) => float_text(*f),
            Value::Undefined(why) => format!("undefined: {why}"),
        }
    }
}

/// The shortest text that reads back to the same f64 (`0.1`, `1e-7`, `2.5e+300` as `2.5e300`).
pub fn float_text(f: f64) -> String {
    if f == 0.0 {
        return "0.0".into();
    }
    format!("{f:?}")
}

/// A rational as the nearest f64 (correct for huge numerators and denominators).
pub fn rational_to_f64(q: &Rational) -> f64 {
    q.to_f64().unwrap_or_else(|| if q.is_negative() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// A point: each variable's exact expression and its float value.
#[derive(Clone, Default)]
pub struct Point {
    pub exact: HashMap<String, ExprId>,
    pub float: HashMap<String, f64>,
}

/// Why a float is undefined when it overflowed.
const OVERFLOW: &str = "too large for a 64-bit float";

/// Evaluates expressions of one store at one point, remembering sub-results, so
/// that a function and its derivatives share work.
pub struct Evaluator<'p> {
    point: &'p Point,
    floats: HashMap<ExprId, Result<f64, String>>,
    /// False once an exact value ran into a work limit of the store: from then on
    /// values are floats.
    exact: bool,
}

impl<'p> Evaluator<'p> {
    pub fn new(point: &'p Point) -> Evaluator<'p> {
        Evaluator { point, floats: HashMap::new(), exact: true }
    }

    /// `id` with the point's exact values substituted, unless that runs into a work
    /// limit of the store (then None, and values are floats from then on).
    fn substituted(&mut self, s: &mut Store, id: ExprId) -> Option<ExprId> {
        // A limit hit before (building the point itself) is the caller's to report:
        // it is not forgotten here.
        if !self.exact || s.exceeded().is_some() || s.dag_size(id, EXACT_MAX_NODES) > EXACT_MAX_NODES {
            return None;
        }
        let exact = s.substitute(id, &self.point.exact);
        if s.exceeded().is_some() {
            // The ids built since are placeholders: drop them and stay with floats.
            s.recover();
            self.exact = false;
            return None;
        }
        Some(exact)
    }

    /// The value of `id`: exact when substituting the point folds to a number.
    pub fn value(&mut self, s: &mut Store, id: ExprId) -> Value {
        match self.float(s, id) {
            // A float overflow may still have an exact value: 10*x at x=1e308.
            Err(why) if why == OVERFLOW => match self.substituted(s, id).and_then(|e| s.as_num(e).cloned()) {
                Some(q) => Value::Exact(q),
                None => Value::Undefined(why),
            },
            Err(why) => Value::Undefined(why),
            Ok(f) => {
                let Some(exact) = self.substituted(s, id) else {
                    return Value::Float(f);
                };
                match s.as_num(exact) {
                    Some(q) => Value::Exact(q.clone()),
                    // The exact form may show a pole that floats step over: tan(x) at
                    // x=pi/2 is 1/0.
                    None => match self.float(s, exact) {
                        Err(why) => Value::Undefined(why),
                        Ok(_) => Value::Float(f),
                    },
                }
            }
        }
    }

    /// The f64 value of `id`, or why it is undefined.
    pub fn float(&mut self, s: &Store, id: ExprId) -> Result<f64, String> {
        if let Some(r) = self.floats.get(&id) {
            return r.clone();
        }
        let r = self.float_node(s, id).and_then(|v| {
            if v.is_nan() {
                Err("not a real number".to_string())
            } else if v.is_infinite() {
                Err(OVERFLOW.to_string())
            } else {
                Ok(v)
            }
        });
        self.floats.insert(id, r.clone());
        r
    }

    fn float_node(&mut self, s: &Store, id: ExprId) -> Result<f64, String> {
        match s.node(id) {
            Node::Num(q) => Ok(rational_to_f64(q)),
            Node::Const(c) => Ok(c.value()),
            Node::Var(name) => self.point.float.get(name).copied().ok_or_else(|| format!("no value for {name}")),
            Node::Add(ts) => {
                let mut sum = 0.0;
                for &t in ts.iter() {
                    sum += self.float(s, t)?;
                }
                Ok(sum)
            }
            Node::Mul(fs) => {
                let mut prod = 1.0;
                for &f in fs.iter() {
                    prod *= self.float(s, f)?;
                }
                Ok(prod)
            }
            Node::Pow(b, e) => {
                let (b, e) = (*b, *e);
                if matches!(s.node(b), Node::Const(Constant::E)) {
                    return Ok(self.float(s, e)?.exp());
                }
                let x = self.float(s, b)?;
                let exact_exp = s.as_num(e).cloned();
                let y = self.float(s, e)?;
                pow_float(x, y, exact_exp.as_ref())
            }
            Node::Call(f, args) => {
                let mut xs = Vec::with_capacity(args.len());
                for &a in args.iter() {
                    xs.push(self.float(s, a)?);
                }
                f.eval(&xs).map_err(str::to_string)
            }
        }
    }
}

/// x^y over the reals: negative bases only with integer exponents, no division by
/// zero.
pub fn pow_float(x: f64, y: f64, exact_exp: Option<&Rational>) -> Result<f64, String> {
    if x == 0.0 && y < 0.0 {
        return Err("division by zero".into());
    }
    let integer = match exact_exp {
        Some(q) => q.is_integer(),
        None => y.fract() == 0.0,
    };
    if x < 0.0 && !integer {
        let half = exact_exp.is_some_and(|q| q.denom() == &2.into());
        return Err(if half {
            "square root of a negative number".into()
        } else {
            "negative number to a fractional power".into()
        });
    }
    if integer && y.abs() < 1024.0 {
        if let Some(q) = exact_exp {
            if let Some(n) = q.to_integer().to_i32() {
                return Ok(x.powi(n));
            }
        }
    }
    Ok(x.powf(y))
}

/// True when `q` is zero.
pub fn is_zero(q: &Rational) -> bool {
    q.is_zero()
}
