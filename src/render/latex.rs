//! Expressions as LaTeX that KaTeX and pdflatex (amsmath) render.

use std::cell::RefCell;

use num_traits::{One, Signed, ToPrimitive};
use rustc_hash::FxHashMap as HashMap;

use crate::eval::format::{Approx, ValueStyle};
use crate::eval::Value;
use crate::func::{Func, Latex};
use crate::render::layout::{fraction, negated, sum_content, sum_terms, Fraction, Negated};
use crate::render::text::{write_integer, write_natural};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// How products are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MulStyle {
    #[default]
    Space,
    Cdot,
    Times,
}

/// How several results are set: one line each, one `align*` block, or one
/// `equation*` environment each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Env {
    #[default]
    None,
    Align,
    Equation,
}

/// How derivatives are labelled: `\frac{d f}{d x}` (Leibniz) or `f'\left(x\right)`
/// (Lagrange's prime, for functions of one variable only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Notation {
    #[default]
    Leibniz,
    Prime,
}

/// LaTeX printing options.
#[derive(Clone, Copy, Debug, Default)]
pub struct LatexOptions {
    pub mul: MulStyle,
    /// Write the natural logarithm as `\log` instead of `\ln`.
    pub log: bool,
    pub env: Env,
    pub notation: Notation,
    /// How values are written (`--float`, `--digits`).
    pub values: ValueStyle,
    /// Hessians and Jacobians at a point: their values as one matrix
    /// (`\left.\mathbf{H}_{f}\right|_{x=1} = \begin{pmatrix}…\end{pmatrix}`)
    /// instead of one equation per entry.
    pub values_matrix: bool,
}

/// One displayed relation, `lhs = rhs`, then, with a point, the value as an
/// equation of its own: `label = value` where `label` names the point
/// (`f(2, 3) = 13`, `\left.\frac{d f}{d x}\right|_{x=2} = 4`), never a chain
/// `lhs = rhs = value`.
pub struct Equation {
    pub lhs: String,
    pub rhs: String,
    /// The label at the point and the value there.
    pub value: Option<(String, Value)>,
}

impl Equation {
    pub fn new(lhs: String, rhs: String) -> Equation {
        Equation { lhs, rhs, value: None }
    }

    /// Only a value, `at = value` (an entry of a matrix shown above); none
    /// without a value.
    pub fn value_only(at: String, value: Option<Value>) -> Option<Equation> {
        value.map(|v| Equation { lhs: String::new(), rhs: String::new(), value: Some((at, v)) })
    }

    /// The equation with its value at the point, labelled `at`.
    pub fn at(mut self, at: String, value: Option<Value>) -> Equation {
        self.value = value.map(|v| (at, v));
        self
    }
}

/// The relation of a value line: `= 13`, `\approx 0.84`, or the reason it is
/// undefined at the point; `rel` is the `=` as the environment writes it.
fn value_relation(v: &Value, rel: &str, style: &ValueStyle) -> String {
    let approx_rel = rel.replace('=', "\\approx");
    match v {
        Value::Exact(q) if !style.float => format!("{rel}{}", rational(q)),
        // The closed form, then its float: two values, not an expression and its value.
        Value::Closed(crate::eval::Closed { latex, float: Some(f), .. }) if !style.float => {
            format!("{rel}{latex} \\approx {}", approx(*f, style))
        }
        Value::Closed(crate::eval::Closed { latex, float: None, .. }) => format!("{rel}{latex}"),
        Value::Undefined(why) => {
            format!("{}\\text{{is undefined: {}}}", rel.replace('=', "\\quad"), text_escape(why))
        }
        v => format!("{approx_rel}{}", value(Some(v), style)),
    }
}

/// Equations set as the options ask: lines, an `align*` block aligned on the first
/// relation, or one `equation*` environment per relation. Ends with a newline.
pub fn block(eqs: &[Equation], opts: &LatexOptions) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    for eq in eqs {
        if !eq.lhs.is_empty() {
            lines.push((eq.lhs.clone(), format!("= {}", eq.rhs)));
        }
        if let Some((at, v)) = &eq.value {
            // A number is its own value: no second line saying so again.
            if !opts.values.float && matches!(v, Value::Exact(q) if rational(q) == eq.rhs) {
                continue;
            }
            lines.push((at.clone(), value_relation(v, "= ", &opts.values)));
        }
    }
    match opts.env {
        Env::None => lines.iter().map(|(l, r)| format!("{l} {r}\n")).collect(),
        Env::Equation => {
            lines.iter().map(|(l, r)| format!("\\begin{{equation*}}\n{l} {r}\n\\end{{equation*}}\n")).collect()
        }
        Env::Align => {
            let rows: Vec<String> = lines.iter().map(|(l, r)| format!("{l} &{r}")).collect();
            format!("\\begin{{align*}}\n{}\n\\end{{align*}}\n", rows.join(" \\\\\n"))
        }
    }
}

/// `f(2, 3)`: a function's label applied to the values of a point, in `names`
/// order (`\left(…\right)` only around a fraction).
pub fn applied(name: &str, names: &[String], point: &[(String, Value)], style: &ValueStyle) -> String {
    let values: Vec<&Value> = names.iter().filter_map(|n| point.iter().find(|(p, _)| p == n).map(|(_, v)| v)).collect();
    if values.is_empty() {
        return name.to_string();
    }
    let tall = values.iter().any(|v| value_is_tall(v, style));
    let texts: Vec<String> = values.iter().map(|v| value(Some(v), style)).collect();
    format!("{name}{}{}{}", open_paren(tall), texts.join(", "), close_paren(tall))
}

/// `\left.LABEL\right|_{x=2,\,y=3}`: a label evaluated at a point, the
/// variables in `names` order; `label` itself when no variable has a value.
pub fn evaluated(label: &str, names: &[String], point: &[(String, Value)], style: &ValueStyle) -> String {
    let at: Vec<String> = names
        .iter()
        .filter_map(|n| {
            point.iter().find(|(p, _)| p == n).map(|(_, v)| format!("{}={}", variable(n), value(Some(v), style)))
        })
        .collect();
    if at.is_empty() {
        return label.to_string();
    }
    format!("\\left.{label}\\right|_{{{}}}", at.join(",\\,"))
}

/// A value on its own, as in a matrix of values: `\frac{1}{2}`, `\frac{\sqrt{2}}{2}`,
/// `0.25`, `\text{undefined}`; with `--float` every value as a float.
pub fn value(v: Option<&Value>, style: &ValueStyle) -> String {
    match v {
        Some(Value::Exact(q)) if !style.float => rational(q),
        Some(Value::Closed(c)) if !style.float => c.latex.clone(),
        Some(v @ (Value::Exact(_) | Value::Closed(_) | Value::Float(_) | Value::Wide(_))) => {
            v.approx().map_or_else(String::new, |a| approx(a, style))
        }
        Some(Value::Undefined(_)) => "\\text{undefined}".to_string(),
        None => String::new(),
    }
}

/// Text for `\text{…}`: characters special to LaTeX escaped, other non-ASCII
/// characters (which pdflatex may not know) replaced by `?`.
pub fn text_escape(t: &str) -> String {
    let mut out = String::new();
    for c in t.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '{' | '}' | '_' | '%' | '#' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Product,
    Power,
    Atom,
}

/// The expression as LaTeX: `2 x + 2 y`, `\frac{1}{2 x}`, `\sin\left(x\right)`.
pub fn to_latex(s: &mut Store, id: ExprId, opts: &LatexOptions) -> String {
    let mut out = String::new();
    Printer { opts, heights: RefCell::default() }.write_alone(s, id, &mut out);
    out
}

/// A rational as LaTeX: `\frac{14}{3}`, `-12`.
pub fn rational(q: &Rational) -> String {
    if q.is_integer() {
        q.to_string()
    } else {
        let sign = if q.is_negative() { "-" } else { "" };
        format!("{sign}\\frac{{{}}}{{{}}}", q.numer().abs(), q.denom())
    }
}

/// A float as LaTeX: `1.5`, `2.5 \cdot 10^{-7}`.
pub fn float(f: f64) -> String {
    approx(Approx::Finite(f), &ValueStyle::default())
}

/// A float, finite or beyond f64, as LaTeX with the digits of `style`:
/// `1.97007 \cdot 10^{434}`.
pub fn approx(a: Approx, style: &ValueStyle) -> String {
    let t = style.approx_text(a);
    match t.split_once('e') {
        Some((m, e)) => format!("{m} \\cdot 10^{{{e}}}"),
        None => t,
    }
}

const GREEK: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
    "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
    "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
];

const GREEK_LETTERS: &[(char, &str)] = &[
    ('α', "alpha"),
    ('β', "beta"),
    ('γ', "gamma"),
    ('δ', "delta"),
    ('ε', "epsilon"),
    ('ζ', "zeta"),
    ('η', "eta"),
    ('θ', "theta"),
    ('ι', "iota"),
    ('κ', "kappa"),
    ('λ', "lambda"),
    ('μ', "mu"),
    ('ν', "nu"),
    ('ξ', "xi"),
    ('π', "pi"),
    ('ρ', "rho"),
    ('σ', "sigma"),
    ('τ', "tau"),
    ('υ', "upsilon"),
    ('φ', "phi"),
    ('χ', "chi"),
    ('ψ', "psi"),
    ('ω', "omega"),
    ('Γ', "Gamma"),
    ('Δ', "Delta"),
    ('Θ', "Theta"),
    ('Λ', "Lambda"),
    ('Ξ', "Xi"),
    ('Π', "Pi"),
    ('Σ', "Sigma"),
    ('Φ', "Phi"),
    ('Ψ', "Psi"),
    ('Ω', "Omega"),
];

/// A variable name as LaTeX: `x`, `\theta`, `x_{1}`, `\mathit{rate}`.
pub fn variable(name: &str) -> String {
    let (head, sub) = match name.split_once('_') {
        Some((h, s)) if !h.is_empty() && !s.is_empty() => (h, Some(s)),
        _ => (name, None),
    };
    let head_tex = name_part(head);
    match sub {
        Some(s) => format!("{head_tex}_{{{}}}", name_part(s)),
        None => head_tex,
    }
}

fn name_part(part: &str) -> String {
    if GREEK.contains(&part) {
        return format!("\\{part}");
    }
    let mut chars = part.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some((_, g)) = GREEK_LETTERS.iter().find(|(l, _)| *l == c) {
            return format!("\\{g}");
        }
        if c.is_ascii_alphanumeric() {
            return c.to_string();
        }
    }
    // Letters then digits (x1, y12): the digits as a subscript.
    let letters: String = part.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = &part[letters.len()..];
    if letters.len() == 1 && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
        return format!("{letters}_{{{rest}}}");
    }
    let escaped: String = part
        .chars()
        .map(|c| match GREEK_LETTERS.iter().find(|(l, _)| *l == c) {
            Some((_, g)) => format!("\\{g} "),
            None if c.is_ascii_alphanumeric() => c.to_string(),
            None if c == '_' => "\\_".to_string(),
            None => format!("\\text{{{c}}}"),
        })
        .collect();
    format!("\\mathit{{{}}}", escaped.trim_end())
}

struct Printer<'a> {
    opts: &'a LatexOptions,
    /// [`Printer::tall`] and [`Printer::raised`] by node.
    heights: RefCell<HashMap<ExprId, Height>>,
}

/// How high an expression is set, for the choice of its parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Height {
    /// Letters, digits and operators on one line: `2 x + \sin(y)`.
    Flat,
    /// A superscript or a root sign over flat contents: `x^{2} + 1`, `\sqrt{x}`;
    /// plain parentheses still cover it.
    Raised,
    /// A fraction, a root over a raised expression, a superscript within a
    /// superscript: taller than plain parentheses, so `\left(…\right)`.
    Tall,
}

impl Printer<'_> {
    fn times(&self) -> &'static str {
        match self.opts.mul {
            MulStyle::Space => " ",
            MulStyle::Cdot => " \\cdot ",
            MulStyle::Times => " \\times ",
        }
    }

    fn prec(&self, s: &Store, id: ExprId) -> Prec {
        match s.node(id) {
            Node::Num(q) if q.is_negative() => Prec::Product,
            Node::Num(_) | Node::Var(_) | Node::Const(_) | Node::Call(..) | Node::Apply(..) => Prec::Atom,
            Node::Add(_) => Prec::Sum,
            Node::Mul(_) => Prec::Product,
            // e^{…} is written as a power whatever its exponent.
            Node::Pow(b, _) if matches!(s.node(*b), Node::Const(Constant::E)) => Prec::Power,
            Node::Pow(_, e) => match s.as_num(*e) {
                Some(q) if q.is_negative() => Prec::Atom, // a \frac
                Some(q) if *q.denom() == 2.into() && q.numer() == &1.into() => Prec::Atom,
                _ => Prec::Power,
            },
        }
    }

    /// A sum standing alone (the whole expression, an argument) with its integer
    /// content outside where shorter ([`sum_content`]), as the text printer does.
    fn write_alone(&self, s: &mut Store, id: ExprId, out: &mut String) {
        match sum_content(s, id) {
            Some((c, inner)) => {
                write_rational(&c, out);
                out.push_str(self.times());
                let tall = self.tall(s, inner);
                out.push_str(open_paren(tall));
                self.write(s, inner, Prec::Sum, out);
                out.push_str(close_paren(tall));
            }
            None => self.write(s, id, Prec::Sum, out),
        }
    }

    fn write(&self, s: &mut Store, id: ExprId, ctx: Prec, out: &mut String) {
        if self.prec(s, id) < ctx {
            let tall = self.tall(s, id);
            out.push_str(open_paren(tall));
            self.write(s, id, Prec::Sum, out);
            out.push_str(close_paren(tall));
            return;
        }
        match s.node(id) {
            Node::Num(q) => write_rational(q, out),
            Node::Var(v) => write_variable(v, out),
            Node::Const(Constant::Pi) => out.push_str("\\pi"),
            Node::Const(Constant::E) => out.push('e'),
            &Node::Call(f, _) => self.write_call(s, f, id, None, out),
            Node::Apply(..) => self.write_apply(s, id, out),
            Node::Add(terms) => {
                let terms = sum_terms(s, terms);
                for (i, &t) in terms.iter().enumerate() {
                    if s.has_minus_sign(t) {
                        out.push_str(if i == 0 { "-" } else { " - " });
                        self.write_negated(s, t, out);
                    } else {
                        if i > 0 {
                            out.push_str(" + ");
                        }
                        self.write(s, t, Prec::Product, out);
                    }
                }
            }
            Node::Mul(_) => self.write_product(s, id, out),
            &Node::Pow(b, e) => self.write_pow(s, id, b, e, out),
        }
    }

    /// A term with a minus sign, the sign left out.
    fn write_negated(&self, s: &mut Store, t: ExprId, out: &mut String) {
        match negated(s, t) {
            Negated::Number(n) => {
                if let Some(q) = s.as_num(n) {
                    if q.is_integer() {
                        write_natural(q.numer().magnitude(), out);
                    } else {
                        write_frac(q, out);
                    }
                }
            }
            Negated::Expr(x) => self.write(s, x, Prec::Product, out),
            Negated::Product(f) => self.write_fraction(s, &f, out),
        }
    }

    /// The call `call` (a `Call` node of `f`), raised to `power` when given.
    fn write_call(&self, s: &mut Store, f: Func, call: ExprId, power: Option<ExprId>, out: &mut String) {
        let sup = |me: &Self, s: &mut Store, out: &mut String| {
            if let Some(p) = power {
                out.push_str("^{");
                me.write(s, p, Prec::Sum, out);
                out.push('}');
            }
        };
        let arg = |s: &Store, i: usize| match s.node(call) {
            Node::Call(_, args) => args[i],
            _ => call,
        };
        match f.def().latex {
            Latex::Radical { open, close } => {
                out.push_str(open);
                self.write_alone(s, arg(s, 0), out);
                out.push_str(close);
                sup(self, s, out);
                return;
            }
            Latex::Delimited { open, close } => {
                // `\left|x\right|` only around tall contents: `|x|` otherwise.
                let tall = self.tall(s, arg(s, 0));
                out.push_str(if tall { open } else { open.strip_prefix("\\left").unwrap_or(open) });
                self.write(s, arg(s, 0), Prec::Sum, out);
                out.push_str(if tall { close } else { close.strip_prefix("\\right").unwrap_or(close) });
                sup(self, s, out);
                return;
            }
            Latex::Command(command) => out.push_str(command),
            Latex::NaturalLog => out.push_str(if self.opts.log { "\\log" } else { "\\ln" }),
            Latex::Operator => {
                out.push_str("\\operatorname{");
                out.push_str(f.name());
                out.push('}');
            }
        }
        sup(self, s, out);
        self.write_args(s, call, out);
    }

    /// The parenthesized arguments of a call or an abstract function.
    fn write_args(&self, s: &mut Store, call: ExprId, out: &mut String) {
        let arg = |s: &Store, i: usize| match s.node(call) {
            Node::Call(_, args) | Node::Apply(_, args) => args[i],
            _ => call,
        };
        let count = match s.node(call) {
            Node::Call(_, args) | Node::Apply(_, args) => args.len(),
            _ => 0,
        };
        let tall = (0..count).any(|i| self.tall(s, arg(s, i)));
        out.push_str(open_paren(tall));
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            self.write_alone(s, arg(s, i), out);
        }
        out.push_str(close_paren(tall));
    }

    /// An abstract function at its arguments: `f\left(x\right)`, primes for up to
    /// three derivatives of a function of one argument (`f'''`), `f^{(4)}` beyond,
    /// and `\partial_{1,2} g` for partial derivatives of a function of several.
    fn write_apply(&self, s: &mut Store, id: ExprId, out: &mut String) {
        let (name, slots, arity) = match s.node(id) {
            Node::Apply(h, args) => {
                let def = s.head_def(*h);
                (def.name.to_string(), def.slots.to_vec(), args.len())
            }
            _ => return,
        };
        if !slots.is_empty() && arity > 1 {
            out.push_str("\\partial_{");
            let list: Vec<String> = slots.iter().map(u32::to_string).collect();
            out.push_str(&list.join(","));
            out.push_str("} ");
        }
        write_variable(&name, out);
        if arity == 1 && !slots.is_empty() {
            if slots.len() <= 3 {
                out.extend(slots.iter().map(|_| '\''));
            } else {
                out.push_str("^{(");
                out.push_str(&slots.len().to_string());
                out.push_str(")}");
            }
        }
        self.write_args(s, id, out);
    }

    /// True when `id` is set taller than plain parentheses (see [`Height`]).
    fn tall(&self, s: &Store, id: ExprId) -> bool {
        self.height(s, id) == Height::Tall
    }

    /// The height of `id` as the printer sets it: the rule that chooses between
    /// `(…)` and `\left(…\right)`.
    fn height(&self, s: &Store, id: ExprId) -> Height {
        if let Some(&h) = self.heights.borrow().get(&id) {
            return h;
        }
        let max = |xs: &[ExprId]| xs.iter().map(|&x| self.height(s, x)).max().unwrap_or(Height::Flat);
        let h = match s.node(id) {
            Node::Num(q) if !q.is_integer() => Height::Tall,
            Node::Num(_) | Node::Var(_) | Node::Const(_) => Height::Flat,
            Node::Add(xs) => max(xs),
            Node::Mul(xs) => {
                let below = xs.iter().any(|&x| match s.node(x) {
                    Node::Pow(_, e) => s.as_num(*e).is_some_and(|q| q.is_negative()),
                    Node::Num(q) => !q.is_integer(),
                    _ => false,
                });
                if below {
                    Height::Tall
                } else {
                    max(xs)
                }
            }
            &Node::Pow(b, e) => match s.as_num(e) {
                Some(q) if q.is_negative() && !matches!(s.node(b), Node::Const(Constant::E)) => Height::Tall,
                // A root sign (`\sqrt{b}`), or a superscript over the base.
                _ => {
                    // e^(1/2) is written as a power of e (`e^{\frac{1}{2}}`), not as a root.
                    let root = s.as_num(e).is_some_and(|q| q.numer().is_one() && q.denom().to_u8() == Some(2))
                        && !matches!(s.node(b), Node::Const(Constant::E));
                    let inner = if root { self.height(s, b) } else { self.height(s, b).max(self.height(s, e)) };
                    if inner == Height::Flat {
                        Height::Raised
                    } else {
                        Height::Tall
                    }
                }
            },
            Node::Call(f, xs) => {
                let inner = max(xs);
                match f.def().latex {
                    Latex::Radical { .. } if inner != Height::Flat => Height::Tall,
                    Latex::Radical { .. } => Height::Raised,
                    _ => inner,
                }
            }
            Node::Apply(_, xs) => max(xs),
        };
        self.heights.borrow_mut().insert(id, h);
        h
    }

    fn write_pow(&self, s: &mut Store, id: ExprId, b: ExprId, e: ExprId, out: &mut String) {
        if matches!(s.node(b), Node::Const(Constant::E)) {
            out.push_str("e^{");
            self.write_alone(s, e, out);
            out.push('}');
            return;
        }
        if let Some(q) = s.as_num(e) {
            if q.is_negative() {
                self.write_product(s, id, out);
                return;
            }
            if q.numer().is_one() && q.denom().to_u8() == Some(2) {
                out.push_str("\\sqrt{");
                self.write_alone(s, b, out);
                out.push('}');
                return;
            }
        }
        // sin^2(x) style for powers of functions with a positive integer exponent.
        if let &Node::Call(f, _) = s.node(b) {
            let delimited = matches!(f.def().latex, Latex::Delimited { .. });
            if s.as_num(e).is_some_and(|q| q.is_integer() && q.is_positive()) && !delimited {
                self.write_call(s, f, b, Some(e), out);
                return;
            }
        }
        self.write(s, b, Prec::Atom, out);
        out.push_str("^{");
        self.write(s, e, Prec::Sum, out);
        out.push('}');
    }

    /// Appends one factor of a product; `any` tells whether one was written before.
    /// Juxtaposed digits would read as one number (`2 3^{x}`), so a factor that
    /// starts with a digit is set off by `\cdot` even when products are written with
    /// a space.
    fn push_factor(&self, s: &mut Store, x: ExprId, ctx: Prec, any: &mut bool, out: &mut String) {
        let start = out.len();
        self.write(s, x, ctx, out);
        if *any {
            let digit_next = out[start..].starts_with(|c: char| c.is_ascii_digit());
            out.insert_str(
                start,
                if digit_next && self.opts.mul == MulStyle::Space { " \\cdot " } else { self.times() },
            );
        }
        *any = true;
    }

    fn write_product(&self, s: &mut Store, id: ExprId, out: &mut String) {
        let f = fraction(s, id);
        self.write_fraction(s, &f, out);
    }

    fn write_fraction(&self, s: &mut Store, f: &Fraction, out: &mut String) {
        if f.negative {
            out.push('-');
        }
        let has_num = f.coeff_num(s).is_some();
        let has_den = !f.den().is_empty() || f.coeff_den(s).is_some();
        // Alone above or below a fraction bar, a factor needs no parentheses.
        let alone = |count: usize| if count == 1 && has_den { Prec::Sum } else { Prec::Power };
        if has_den {
            out.push_str("\\frac{");
        }
        let mut any = false;
        if let Some(n) = f.coeff_num(s) {
            write_natural(n, out);
            any = true;
        }
        let top_ctx = alone(f.num().len() + usize::from(has_num));
        for &x in f.num() {
            self.push_factor(s, x, top_ctx, &mut any, out);
        }
        if !has_den {
            return;
        }
        if !any {
            out.push('1');
        }
        out.push_str("}{");
        let mut any = false;
        let coeff_den = f.coeff_den(s).is_some();
        if let Some(d) = f.coeff_den(s) {
            write_integer(d, out);
            any = true;
        }
        let bottom_ctx = alone(f.den().len() + usize::from(coeff_den));
        for &x in f.den() {
            self.push_factor(s, x, bottom_ctx, &mut any, out);
        }
        out.push('}');
    }
}

/// The opening parenthesis around contents of that height: `\left(` around tall
/// contents, `(` otherwise (`f(x)`, `\sin(x)` read better than `f\left(x\right)`).
pub fn open_paren(tall: bool) -> &'static str {
    if tall {
        "\\left("
    } else {
        "("
    }
}

/// The closing parenthesis matching [`open_paren`].
pub fn close_paren(tall: bool) -> &'static str {
    if tall {
        "\\right)"
    } else {
        ")"
    }
}

/// True when a value is set taller than plain parentheses: a fraction (exact, or
/// in a closed form).
pub fn value_is_tall(v: &Value, style: &ValueStyle) -> bool {
    match v {
        Value::Exact(q) => !style.float && !q.is_integer(),
        Value::Closed(c) => !style.float && c.latex.contains("\\frac"),
        _ => false,
    }
}

/// [`rational`], appended to `out`.
fn write_rational(q: &Rational, out: &mut String) {
    if q.is_integer() {
        write_integer(q.numer(), out);
    } else {
        if q.is_negative() {
            out.push('-');
        }
        write_frac(q, out);
    }
}

/// `\frac{|numerator|}{denominator}`.
fn write_frac(q: &Rational, out: &mut String) {
    out.push_str("\\frac{");
    write_natural(q.numer().magnitude(), out);
    out.push_str("}{");
    write_integer(q.denom(), out);
    out.push('}');
}

/// [`variable`], appended to `out`; a one-letter name without building a string.
fn write_variable(name: &str, out: &mut String) {
    // A placeholder whose LaTeX is given (the factors of a series' terms).
    if let Some(verbatim) = name.strip_prefix('\u{1}') {
        out.push_str(verbatim);
        return;
    }
    match name.as_bytes() {
        [c] if c.is_ascii_alphanumeric() => out.push(char::from(*c)),
        _ => out.push_str(&variable(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_into;

    fn tex(src: &str) -> String {
        let mut s = Store::new();
        let id = parse_into(&mut s, src).unwrap();
        to_latex(&mut s, id, &LatexOptions::default())
    }

    #[test]
    fn renders_the_usual_forms() {
        assert_eq!(tex("2*x+3*y"), "2 x + 3 y");
        // A lone sum shows its integer content, as the text printer does.
        assert_eq!(tex("2*x+2*y"), "2 (x + y)");
        assert_eq!(tex("sin(2*y-2*x-2*z)"), "\\sin(-2 (x - y + z))");
        assert_eq!(tex("(x^2-2*x-1)/(x-1)^2"), "\\frac{x^{2} - 2 x - 1}{(x - 1)^{2}}");
        assert_eq!(tex("sin(x)"), "\\sin(x)");
        assert_eq!(tex("sqrt(x)"), "\\sqrt{x}");
        assert_eq!(tex("sin(x)^2"), "\\sin^{2}(x)");
        assert_eq!(tex("exp(x)"), "e^{x}");
        assert_eq!(tex("2*α"), "2 \\alpha");
        assert_eq!(tex("abs(x)"), "|x|");
        assert_eq!(tex("cbrt(x)"), "\\sqrt[3]{x}");
        assert_eq!(tex("2*3^x"), "2 \\cdot 3^{x}");
        assert_eq!(tex("x*2^x"), "2^{x} x");
        assert_eq!(tex("(-2)^x"), "(-2)^{x}");
        assert_eq!(tex("x/(y/z)"), "\\frac{x z}{y}");
        assert_eq!(tex("(e^-2)^x"), "(e^{-2})^{x}");
    }

    #[test]
    fn left_right_only_around_tall_contents() {
        // As tall as plain parentheses: a line, a superscript, one root.
        assert_eq!(tex("sin(x^2 + 1)"), "\\sin(x^{2} + 1)");
        assert_eq!(tex("sin(sqrt(x))"), "\\sin(\\sqrt{x})");
        assert_eq!(tex("(x + 1)^2*y^3"), "y^{3} (x + 1)^{2}");
        // Taller: a fraction, a root over a raised expression, a superscript in
        // a superscript, and everything around them.
        assert_eq!(tex("sin(x/2)"), "\\sin\\left(\\frac{x}{2}\\right)");
        assert_eq!(tex("abs(1/x)"), "\\left|\\frac{1}{x}\\right|");
        assert_eq!(tex("(x + 1/x)^2"), "\\left(x + \\frac{1}{x}\\right)^{2}");
        assert_eq!(tex("sin(sqrt(sqrt(x) + 1))"), "\\sin\\left(\\sqrt{\\sqrt{x} + 1}\\right)");
        assert_eq!(tex("(x^(y^2))^z"), "\\left(x^{y^{2}}\\right)^{z}");
        assert_eq!(tex("cos(sin(x/2))"), "\\cos\\left(\\sin\\left(\\frac{x}{2}\\right)\\right)");
        // e^(1/2) is a superscript fraction, not a root sign.
        assert_eq!(tex("x*(x - e^(1/2))"), "x \\left(x - e^{\\frac{1}{2}}\\right)");
        assert_eq!(tex("sin(sqrt(x))*(x - sqrt(y))"), "\\sin(\\sqrt{x}) (x - \\sqrt{y})");
    }
}
