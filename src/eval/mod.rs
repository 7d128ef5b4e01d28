//! Values at a point: exact rationals where the expression folds to one, closed
//! forms where it folds to a small constant expression (`sqrt(2)/2`, `ln(5)`), otherwise
//! a float (beyond the range of f64 through logarithms, [`wide`]), or the reason the
//! expression is undefined there; [`format`] writes them. Many points at once go
//! through [`tape`] (expressions compiled to a flat list of float instructions) over a
//! [`points`] table, with batched sine and cosine from [`fastmath`]; floats are
//! written by [`shortest`].

pub mod fastmath;
pub mod format;
pub mod parallel;
pub mod points;
pub mod shortest;
pub mod tape;
pub mod wide;

use std::collections::HashMap;

use num_traits::{Signed, ToPrimitive, Zero};

use format::{Approx, ValueStyle, Wide};
use wide::WideEval;

use crate::limits::{CLOSED_AGREE_REL, CLOSED_MAX_NODES, EXACT_MAX_NODES};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// The value of an expression at a point.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Exact: `14/3`, `-12`.
    Exact(Rational),
    /// Exact, not rational: a small expression without variables (`sqrt(2)/2`,
    /// `pi/6`, `ln(5)`, `exp(1000)`) and its float.
    Closed(Closed),
    /// Not rational (or not known to be) and without a closed form: the nearest f64.
    Float(f64),
    /// As `Float`, beyond the range of f64.
    Wide(Wide),
    /// Undefined at the point, with the reason (`ln of a negative number`).
    Undefined(String),
}

/// A closed form: the expression in the store, its text (gradtape syntax, filled in
/// by the pipeline, which can print), its LaTeX (filled in by the LaTeX reporters,
/// which know its options) and its float: none when an abstract function stays in
/// it (`2*f(2)*f'(2)`).
#[derive(Clone, Debug, PartialEq)]
pub struct Closed {
    pub expr: ExprId,
    pub text: String,
    pub latex: String,
    pub float: Option<Approx>,
}

impl Value {
    /// The value as an f64, or None when undefined (±infinity beyond f64).
    pub fn to_f64(&self) -> Option<f64> {
        match self.approx()? {
            Approx::Finite(f) => Some(f),
            Approx::Wide(w) => Some(w.to_f64()),
        }
    }

    /// The float of the value, finite or beyond f64; None when undefined.
    pub fn approx(&self) -> Option<Approx> {
        match self {
            Value::Exact(q) => Some(wide::rational(q)),
            Value::Closed(c) => c.float,
            Value::Float(f) => Some(Approx::Finite(*f)),
            Value::Wide(w) => Some(Approx::Wide(*w)),
            Value::Undefined(_) => None,
        }
    }

    /// The value as text: `14/3`, `sqrt(2)/2`, `0.5403023058681398`, or
    /// `undefined: reason`.
    pub fn text(&self) -> String {
        self.exact_text(&ValueStyle::default())
    }

    /// The exact form where there is one, otherwise the float, as `style` writes
    /// it; `--float` writes every value as a float.
    pub fn exact_text(&self, style: &ValueStyle) -> String {
        match self {
            Value::Undefined(why) => format!("undefined: {why}"),
            Value::Closed(Closed { text, float: None, .. }) => text.clone(),
            _ if style.float => self.float_text(style),
            Value::Exact(q) => q.to_string(),
            Value::Closed(c) => c.text.clone(),
            _ => self.float_text(style),
        }
    }

    /// The value as a float (`0.2` for 1/5), as `style` writes it.
    pub fn float_text(&self, style: &ValueStyle) -> String {
        match self.approx() {
            Some(a) => style.approx_text(a),
            None => self.text(),
        }
    }

    /// What a person reads: the exact form, then `≈` its float when it is not a
    /// plain rational (`sqrt(2)/2 ≈ 0.7071067811865476`).
    pub fn shown(&self, style: &ValueStyle) -> String {
        match self {
            Value::Closed(Closed { text, float: Some(f), .. }) if !style.float => {
                format!("{text} ≈ {}", style.approx_text(*f))
            }
            // No number to show: the closed form is the value.
            Value::Closed(Closed { text, float: None, .. }) => text.clone(),
            _ => self.exact_text(style),
        }
    }

    /// What a script reads: a number (a rational as it is, otherwise the float),
    /// or the closed form with `--exact`.
    pub fn number(&self, style: &ValueStyle) -> String {
        match self {
            Value::Closed(c) if style.exact && !style.float => c.text.clone(),
            Value::Closed(_) => self.float_text(style),
            _ => self.exact_text(style),
        }
    }

    /// The closed form's expression, if the value has one.
    pub fn closed_mut(&mut self) -> Option<&mut Closed> {
        match self {
            Value::Closed(c) => Some(c),
            _ => None,
        }
    }
}

/// The shortest text that reads back to the same f64 (`0.1`, `1e-7`, `2.5e+300` as `2.5e300`).
pub fn float_text(f: f64) -> String {
    let mut out = String::new();
    push_float(&mut out, f);
    out
}

/// Appends [`float_text`] of `f` to `out`.
pub fn push_float(out: &mut String, f: f64) {
    if f == 0.0 {
        out.push_str("0.0");
    } else {
        shortest::push_debug(out, f);
    }
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

/// Why a float is undefined when it overflowed, even through logarithms.
const OVERFLOW: &str = "too large for a 64-bit float";

/// True when `why` (a reason from [`Evaluator::float`]) says only that the number is
/// beyond f64, not that it is undefined.
pub fn beyond_f64(why: &str) -> bool {
    why == OVERFLOW || why == wide::BEYOND
}

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

    /// The value of `id`: exact when substituting the point folds to a number, a
    /// closed form when it folds to a small expression without variables whose
    /// float agrees with the float evaluation, otherwise the float.
    pub fn value(&mut self, s: &mut Store, id: ExprId) -> Value {
        if s.abstract_in(&[id]).is_some() || self.has_symbolic_value(s, id) {
            // An abstract function has no number: the value is the expression at the point.
            return match self.substituted(s, id) {
                Some(exact) => {
                    Value::Closed(Closed { expr: exact, text: String::new(), latex: String::new(), float: None })
                }
                None => Value::Undefined("an abstract function's value has no number".to_string()),
            };
        }
        let approx = self.approx(s, id);
        // A float beyond f64 may still have an exact value: 10*x at x=1e308.
        if let Err(why) = &approx {
            if !beyond_f64(why) {
                return Value::Undefined(why.clone());
            }
        }
        let Some(exact) = self.substituted(s, id) else {
            return approx.map_or_else(Value::Undefined, plain_float);
        };
        if let Some(q) = s.as_num(exact) {
            return Value::Exact(q.clone());
        }
        let approx = match approx {
            Ok(a) => a,
            Err(why) => return Value::Undefined(why),
        };
        // The exact form may show a pole that floats step over: tan(x) at x=pi/2 is 1/0.
        let exact_float = match self.approx(s, exact) {
            Ok(a) => a,
            Err(why) if beyond_f64(&why) => return plain_float(approx),
            Err(why) => return Value::Undefined(why),
        };
        if is_closed(s, exact) && exact_float.agrees(approx, CLOSED_AGREE_REL) {
            return Value::Closed(Closed {
                expr: exact,
                text: String::new(),
                latex: String::new(),
                float: Some(exact_float),
            });
        }
        plain_float(approx)
    }

    /// True when a variable of `id` has an expression but no number at the point: a
    /// variable declared to depend on others, not given a value (`y` is `y(2)`).
    fn has_symbolic_value(&self, s: &Store, id: ExprId) -> bool {
        !s.dependencies().is_empty()
            && s.free_vars(id).iter().any(|v| self.point.exact.contains_key(v) && !self.point.float.contains_key(v))
    }

    /// The float of `id`, through logarithms where f64 overflows.
    fn approx(&mut self, s: &Store, id: ExprId) -> Result<Approx, String> {
        match self.float(s, id) {
            Ok(f) => Ok(Approx::Finite(f)),
            Err(why) if why == OVERFLOW => WideEval::new(&self.point.float).value(s, id),
            Err(why) => Err(why),
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
            Node::Var(name) => self.point.float.get(&**name).copied().ok_or_else(|| format!("no value for {name}")),
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
            Node::Apply(h, _) => Err(abstract_has_no_value(s, *h)),
        }
    }
}

/// Why a value with an abstract function in it is no number.
pub fn abstract_has_no_value(s: &Store, h: crate::store::Head) -> String {
    format!("{} is an abstract function, so the value has no number", s.head_def(h).name)
}

/// A float without a closed form.
fn plain_float(a: Approx) -> Value {
    match a {
        Approx::Finite(f) => Value::Float(f),
        Approx::Wide(w) => Value::Wide(w),
    }
}

/// True when `id` is a closed form worth showing: no variables, at most
/// [`CLOSED_MAX_NODES`] distinct nodes.
fn is_closed(s: &Store, id: ExprId) -> bool {
    s.dag_size(id, CLOSED_MAX_NODES) <= CLOSED_MAX_NODES && !has_variable(s, id)
}

/// True when a variable occurs in `id` (walked as a tree: only for small ones).
fn has_variable(s: &Store, id: ExprId) -> bool {
    match s.node(id) {
        Node::Var(_) => true,
        Node::Num(_) | Node::Const(_) => false,
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => {
            xs.iter().any(|&x| has_variable(s, x))
        }
        Node::Pow(b, e) => has_variable(s, *b) || has_variable(s, *e),
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
