//! Printing one expression in a target's syntax: parentheses from precedence,
//! literals as floats of the dtype, integer powers as products or `powi`, and each
//! function as the target spells it (the `code` field of its row in `func`).

use std::collections::{BTreeSet, HashMap};

use num_traits::{One, Signed, ToPrimitive, Zero};

use super::spelling::spell;
use super::{Dtype, Lang};
use crate::error::{Error, ErrorKind};
use crate::eval::{Evaluator, Point};
use crate::func::code::Helper;
use crate::func::Func;
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// How tightly printed code binds, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Prec {
    Sum,
    Product,
    Unary,
    Power,
    Atom,
}

/// Printed code and how tightly it binds.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    pub text: String,
    pub prec: Prec,
}

impl Code {
    pub(crate) fn new(text: String, prec: Prec) -> Code {
        Code { text, prec }
    }

    /// The text, in parentheses unless it binds at least as tightly as `min`.
    pub(crate) fn at(&self, min: Prec) -> String {
        if self.prec >= min {
            self.text.clone()
        } else {
            format!("({})", self.text)
        }
    }
}

/// What a node prints as. Operands are nodes of the store, printed in turn.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    /// A number, or a constant subexpression folded to its float value.
    Literal(f64),
    Var(String),
    Sum(Vec<ExprId>),
    /// `sign * num[0] * ... / (den...)`, with a numeric coefficient split into
    /// its numerator and denominator; each denominator factor with its positive power.
    Product {
        negative: bool,
        coef: Option<(f64, f64)>,
        num: Vec<ExprId>,
        den: Vec<(ExprId, Rational)>,
    },
    /// `base ^ q` for a positive rational q.
    Power(ExprId, Rational),
    PowerOf(ExprId, ExprId),
    Exp(ExprId),
    Call(Func, Vec<ExprId>),
    /// `ln(1 + e^u)`, printed as the stable softplus.
    Softplus(ExprId),
}

impl Shape {
    /// The nodes the printed code refers to.
    pub(crate) fn operands(&self) -> Vec<ExprId> {
        match self {
            Shape::Literal(_) | Shape::Var(_) => Vec::new(),
            Shape::Sum(xs) | Shape::Call(_, xs) => xs.clone(),
            Shape::Product { num, den, .. } => num.iter().copied().chain(den.iter().map(|d| d.0)).collect(),
            Shape::Power(b, _) | Shape::Exp(b) | Shape::Softplus(b) => vec![*b],
            Shape::PowerOf(b, e) => vec![*b, *e],
        }
    }
}

/// The shapes of every node reachable from some roots.
pub(crate) struct Shapes {
    map: HashMap<ExprId, Shape>,
}

impl Shapes {
    pub(crate) fn new(store: &Store, roots: &[ExprId]) -> Shapes {
        let mut has_var: HashMap<ExprId, bool> = HashMap::new();
        let mut ids: Vec<ExprId> = Vec::new();
        let mut todo = roots.to_vec();
        while let Some(id) = todo.pop() {
            if has_var.insert(id, false).is_none() {
                ids.push(id);
                todo.extend(children(store, id));
            }
        }
        ids.sort();
        for &id in &ids {
            let v = matches!(store.node(id), Node::Var(_)) || children(store, id).iter().any(|c| has_var[c]);
            has_var.insert(id, v);
        }
        let mut shapes = Shapes { map: HashMap::new() };
        let mut todo = roots.to_vec();
        let mut evaluator = Evaluator::new(&NO_POINT);
        while let Some(id) = todo.pop() {
            if shapes.map.contains_key(&id) {
                continue;
            }
            let shape = if has_var[&id] { shape_of(store, id, &has_var) } else { folded(store, id, &mut evaluator) };
            todo.extend(shape.operands());
            shapes.map.insert(id, shape);
        }
        shapes
    }

    pub(crate) fn get(&self, id: ExprId) -> &Shape {
        &self.map[&id]
    }

    pub(crate) fn operands(&self, id: ExprId) -> Vec<ExprId> {
        self.map.get(&id).map_or_else(Vec::new, Shape::operands)
    }

    /// Leaves: never worth a temporary.
    pub(crate) fn trivial(&self, id: ExprId) -> bool {
        matches!(self.map.get(&id), Some(Shape::Literal(_) | Shape::Var(_)))
    }
}

static NO_POINT: std::sync::LazyLock<Point> = std::sync::LazyLock::new(Point::default);

fn children(store: &Store, id: ExprId) -> Vec<ExprId> {
    match store.node(id) {
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => xs.to_vec(),
        Node::Pow(b, e) => vec![*b, *e],
        Node::Num(_) | Node::Var(_) | Node::Const(_) => Vec::new(),
    }
}

/// A subexpression without variables, as its float value (NaN where undefined).
fn folded(store: &Store, id: ExprId, evaluator: &mut Evaluator) -> Shape {
    match store.node(id) {
        Node::Num(q) => Shape::Literal(crate::eval::rational_to_f64(q)),
        Node::Const(Constant::Pi) => Shape::Literal(std::f64::consts::PI),
        Node::Const(Constant::E) => Shape::Literal(std::f64::consts::E),
        _ => Shape::Literal(evaluator.float(store, id).unwrap_or(f64::NAN)),
    }
}

fn shape_of(store: &Store, id: ExprId, has_var: &HashMap<ExprId, bool>) -> Shape {
    match store.node(id) {
        Node::Var(v) => Shape::Var(v.to_string()),
        Node::Add(xs) => Shape::Sum(xs.to_vec()),
        Node::Mul(xs) => product(store, xs, has_var),
        Node::Pow(b, e) => match (store.node(*b), store.as_num(*e)) {
            (Node::Const(Constant::E), _) => Shape::Exp(*e),
            (_, Some(q)) if q.is_negative() => {
                Shape::Product { negative: false, coef: None, num: Vec::new(), den: vec![(*b, -q.clone())] }
            }
            (_, Some(q)) => Shape::Power(*b, q.clone()),
            _ => Shape::PowerOf(*b, *e),
        },
        Node::Call(Func::Ln, xs) => match softplus_argument(store, xs[0]) {
            Some(u) => Shape::Softplus(u),
            None => Shape::Call(Func::Ln, xs.to_vec()),
        },
        Node::Call(f, xs) => Shape::Call(*f, xs.to_vec()),
        // Never reached: `Plan::build` refuses expressions with abstract functions.
        Node::Apply(..) => Shape::Literal(f64::NAN),
        Node::Num(q) => Shape::Literal(crate::eval::rational_to_f64(q)),
        Node::Const(c) => Shape::Literal(c.value()),
    }
}

/// `u` when `id` is `1 + e^u`.
fn softplus_argument(store: &Store, id: ExprId) -> Option<ExprId> {
    let Node::Add(xs) = store.node(id) else { return None };
    let [one, p] = xs[..] else { return None };
    let Node::Pow(b, u) = store.node(p) else { return None };
    (store.is_one(one) && matches!(store.node(*b), Node::Const(Constant::E))).then_some(*u)
}

/// A product: its coefficient, factors over the line and under it.
fn product(store: &Store, xs: &[ExprId], has_var: &HashMap<ExprId, bool>) -> Shape {
    let (coef, factors) = match store.as_num(xs[0]) {
        Some(q) => (q.clone(), &xs[1..]),
        None => (Rational::one(), xs),
    };
    let mut num = Vec::new();
    let mut den = Vec::new();
    for &x in factors {
        match store.node(x) {
            Node::Pow(b, e) if store.as_num(*e).is_some_and(|q| q.is_negative()) && has_var[&x] => {
                let q = store.as_num(*e).map(|q| -q.clone()).unwrap_or_else(Rational::zero);
                if matches!(store.node(*b), Node::Const(Constant::E)) {
                    num.push(x);
                } else {
                    den.push((*b, q));
                }
            }
            _ => num.push(x),
        }
    }
    let negative = coef.is_negative();
    let magnitude = coef.abs();
    let coef = if magnitude.is_one() {
        None
    } else {
        let exact = |n: &num_bigint::BigInt| n.to_f64().filter(|f| f.abs() < 9.007_199_254_740_992e15);
        match (exact(magnitude.numer()), exact(magnitude.denom())) {
            (Some(n), Some(d)) => Some((n, d)),
            _ => Some((crate::eval::rational_to_f64(&magnitude), 1.0)),
        }
    };
    Shape::Product { negative, coef, num, den }
}

/// Prints expressions of one store for one target.
pub(crate) struct Printer<'a> {
    pub shapes: &'a Shapes,
    pub lang: Lang,
    pub dtype: Dtype,
    /// The file's function name, which prefixes helpers.
    pub name: &'a str,
    /// Each variable's identifier.
    pub idents: &'a HashMap<String, String>,
    /// Nodes held in temporaries, by name.
    pub temps: HashMap<ExprId, String>,
    /// Helpers the printed code calls.
    pub helpers: BTreeSet<Helper>,
}

impl Printer<'_> {
    /// The code for `id`.
    pub(crate) fn print(&mut self, id: ExprId) -> Result<Code, Error> {
        if let Some(t) = self.temps.get(&id) {
            return Ok(Code::new(t.clone(), Prec::Atom));
        }
        let shapes = self.shapes;
        Ok(match shapes.get(id) {
            Shape::Literal(v) => self.literal(*v),
            Shape::Var(v) => Code::new(self.idents.get(v).cloned().unwrap_or_else(|| v.clone()), Prec::Atom),
            Shape::Sum(xs) => self.sum(xs)?,
            Shape::Product { negative, coef, num, den } => {
                let magnitude = self.product(*coef, num, den)?;
                if *negative {
                    negate(&magnitude)
                } else {
                    magnitude
                }
            }
            Shape::Power(b, q) => {
                let base = self.print(*b)?;
                self.power(base, q)
            }
            Shape::PowerOf(b, e) => {
                let (base, exp) = (self.print(*b)?, self.print(*e)?);
                self.real_power(base, exp)
            }
            Shape::Exp(u) => {
                let u = self.print(*u)?;
                self.call(self.exp_name(), &[u])
            }
            Shape::Call(f, xs) => self.function(*f, xs)?,
            Shape::Softplus(u) => {
                let u = self.print(*u)?;
                self.spelled(Func::Softplus, spell(Func::Softplus, self.lang), vec![u])?
            }
        })
    }

    /// `id` as a magnitude and a sign, for terms of a sum.
    fn signed(&mut self, id: ExprId) -> Result<(bool, Code), Error> {
        if self.temps.contains_key(&id) {
            return Ok((false, self.print(id)?));
        }
        let shapes = self.shapes;
        match shapes.get(id) {
            Shape::Literal(v) if *v < 0.0 => Ok((true, self.literal(-v))),
            Shape::Product { negative: true, coef, num, den } => Ok((true, self.product(*coef, num, den)?)),
            _ => Ok((false, self.print(id)?)),
        }
    }

    fn sum(&mut self, terms: &[ExprId]) -> Result<Code, Error> {
        // A sum that starts with a number reads better with the number last.
        let mut order: Vec<ExprId> = terms.to_vec();
        if order.len() > 1
            && matches!(self.shapes.get(order[0]), Shape::Literal(_))
            && !self.temps.contains_key(&order[0])
        {
            order.rotate_left(1);
        }
        let mut text = String::new();
        for (i, &t) in order.iter().enumerate() {
            let (neg, m) = self.signed(t)?;
            let m = if m.prec == Prec::Unary { format!("({})", m.text) } else { m.at(Prec::Product) };
            match (i, neg) {
                (0, false) => text.push_str(&m),
                (0, true) => {
                    text.push('-');
                    text.push_str(&m);
                }
                (_, false) => {
                    text.push_str(" + ");
                    text.push_str(&m);
                }
                (_, true) => {
                    text.push_str(" - ");
                    text.push_str(&m);
                }
            }
        }
        Ok(Code::new(text, Prec::Sum))
    }

    fn product(&mut self, coef: Option<(f64, f64)>, num: &[ExprId], den: &[(ExprId, Rational)]) -> Result<Code, Error> {
        let mut top: Vec<Code> = Vec::new();
        let mut bottom: Vec<Code> = Vec::new();
        if let Some((n, d)) = coef {
            if n != 1.0 || num.is_empty() {
                top.push(self.literal(n));
            }
            if d != 1.0 {
                bottom.push(self.literal(d));
            }
        }
        for &x in num {
            top.push(self.print(x)?);
        }
        for (b, q) in den {
            let base = self.print(*b)?;
            bottom.push(if q.is_one() { base } else { self.power(base, q) });
        }
        if top.is_empty() {
            top.push(self.literal(1.0));
        }
        let text = if top.len() == 1 && top[0].prec != Prec::Unary {
            top[0].clone()
        } else if top.len() == 1 {
            Code::new(format!("({})", top[0].text), Prec::Atom)
        } else {
            Code::new(top.iter().map(|c| c.at(Prec::Power)).collect::<Vec<_>>().join(" * "), Prec::Product)
        };
        if bottom.is_empty() {
            return Ok(text);
        }
        let under = if bottom.len() == 1 {
            bottom[0].at(Prec::Power)
        } else {
            format!("({})", bottom.iter().map(|c| c.at(Prec::Power)).collect::<Vec<_>>().join(" * "))
        };
        Ok(Code::new(format!("{} / {under}", text.at(Prec::Product)), Prec::Product))
    }
}

/// `-c`, parenthesizing what would not read as one operand.
pub(crate) fn negate(c: &Code) -> Code {
    let wrap = c.prec == Prec::Sum || c.prec == Prec::Unary || c.text.starts_with('-');
    let inner = if wrap { format!("({})", c.text) } else { c.text.clone() };
    Code::new(format!("-{inner}"), Prec::Unary)
}

/// The error for a function the target cannot express.
pub(crate) fn unsupported(f: Func, lang: Lang) -> Error {
    Error::new(ErrorKind::Usage, format!("{f} cannot be written in {}", lang.name()))
        .hint("choose another --lang, or rewrite the expression without it")
}

/// One function's code: its temporaries (name, definition) and its outputs.
pub(crate) struct Body {
    pub temps: Vec<(String, String)>,
    pub outputs: Vec<String>,
    /// The variables the code uses.
    pub uses: BTreeSet<String>,
    /// For each output, the variables it uses.
    pub output_uses: Vec<BTreeSet<String>>,
}

impl Printer<'_> {
    /// The code of a function computing `roots`, with a temporary for each node
    /// it refers to more than once.
    pub(crate) fn body(&mut self, roots: &[ExprId]) -> Result<Body, Error> {
        let shapes = self.shapes;
        let temps = super::plan::temporaries(roots, &|id| shapes.operands(id), &|id| shapes.trivial(id));
        self.temps.clear();
        let mut defs = Vec::new();
        for (i, &t) in temps.iter().enumerate() {
            let code = self.print(t)?;
            let name = format!("t{i}");
            defs.push((name.clone(), code.text));
            self.temps.insert(t, name);
        }
        let outputs = roots.iter().map(|&r| self.print(r).map(|c| c.text)).collect::<Result<_, _>>()?;
        let output_uses: Vec<BTreeSet<String>> = roots.iter().map(|&r| self.variables(&[r])).collect();
        let uses = output_uses.iter().flatten().cloned().collect();
        Ok(Body { temps: defs, outputs, uses, output_uses })
    }

    /// The variables that `roots` use.
    fn variables(&self, roots: &[ExprId]) -> BTreeSet<String> {
        let mut uses = BTreeSet::new();
        let mut seen = std::collections::HashSet::new();
        let mut todo = roots.to_vec();
        while let Some(id) = todo.pop() {
            if seen.insert(id) {
                if let Shape::Var(v) = self.shapes.get(id) {
                    uses.insert(v.clone());
                }
                todo.extend(self.shapes.operands(id));
            }
        }
        uses
    }
}
