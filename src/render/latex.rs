//! Expressions as LaTeX that KaTeX and pdflatex (amsmath) render.

use num_traits::{One, Signed, ToPrimitive};

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
}

/// One displayed relation: `lhs = rhs[0] = rhs[1] …`, then the value if any.
pub struct Equation {
    pub lhs: String,
    pub rhs: Vec<String>,
    pub value: Option<Value>,
}

/// Equations set as the options ask: lines, an `align*` block aligned on the first
/// `=`, or one `equation*` environment per equation. Ends with a newline.
pub fn block(eqs: &[Equation], opts: &LatexOptions) -> String {
    let body = |eq: &Equation, rel: &str| {
        let mut line = eq.lhs.clone();
        for (i, r) in eq.rhs.iter().enumerate() {
            line.push_str(if i == 0 { rel } else { " = " });
            line.push_str(r);
        }
        match &eq.value {
            Some(Value::Closed(c)) if !opts.values.float => {
                line.push_str(&format!(" = {} \\approx {}", c.latex, approx(c.float, &opts.values)))
            }
            Some(Value::Exact(q)) if !opts.values.float => line.push_str(&format!(" = {}", rational(q))),
            Some(v @ (Value::Exact(_) | Value::Closed(_) | Value::Float(_) | Value::Wide(_))) => {
                line.push_str(&format!(" \\approx {}", value(Some(v), &opts.values)))
            }
            Some(Value::Undefined(why)) => {
                line.push_str(&format!(" \\quad \\text{{(undefined: {})}}", text_escape(why)))
            }
            None => {}
        }
        line
    };
    match opts.env {
        Env::None => eqs.iter().map(|e| body(e, " = ") + "\n").collect(),
        Env::Equation => {
            eqs.iter().map(|e| format!("\\begin{{equation*}}\n{}\n\\end{{equation*}}\n", body(e, " = "))).collect()
        }
        Env::Align => {
            let lines: Vec<String> = eqs.iter().map(|e| body(e, " &= ")).collect();
            format!("\\begin{{align*}}\n{}\n\\end{{align*}}\n", lines.join(" \\\\\n"))
        }
    }
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
    Printer { opts }.write_alone(s, id, &mut out);
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
            Node::Num(_) | Node::Var(_) | Node::Const(_) | Node::Call(..) => Prec::Atom,
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
                out.push_str("\\left(");
                self.write(s, inner, Prec::Sum, out);
                out.push_str("\\right)");
            }
            None => self.write(s, id, Prec::Sum, out),
        }
    }

    fn write(&self, s: &mut Store, id: ExprId, ctx: Prec, out: &mut String) {
        if self.prec(s, id) < ctx {
            out.push_str("\\left(");
            self.write(s, id, Prec::Sum, out);
            out.push_str("\\right)");
            return;
        }
        match s.node(id) {
            Node::Num(q) => write_rational(q, out),
            Node::Var(v) => write_variable(v, out),
            Node::Const(Constant::Pi) => out.push_str("\\pi"),
            Node::Const(Constant::E) => out.push('e'),
            &Node::Call(f, _) => self.write_call(s, f, id, None, out),
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
            Latex::Radical { open, close } | Latex::Delimited { open, close } => {
                out.push_str(open);
                self.write_alone(s, arg(s, 0), out);
                out.push_str(close);
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
        out.push_str("\\left(");
        let count = match s.node(call) {
            Node::Call(_, args) => args.len(),
            _ => 0,
        };
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            self.write_alone(s, arg(s, i), out);
        }
        out.push_str("\\right)");
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
        assert_eq!(tex("2*x+2*y"), "2 \\left(x + y\\right)");
        assert_eq!(tex("sin(2*y-2*x-2*z)"), "\\sin\\left(-2 \\left(x - y + z\\right)\\right)");
        assert_eq!(tex("(x^2-2*x-1)/(x-1)^2"), "\\frac{x^{2} - 2 x - 1}{\\left(x - 1\\right)^{2}}");
        assert_eq!(tex("sin(x)"), "\\sin\\left(x\\right)");
        assert_eq!(tex("sqrt(x)"), "\\sqrt{x}");
        assert_eq!(tex("sin(x)^2"), "\\sin^{2}\\left(x\\right)");
        assert_eq!(tex("exp(x)"), "e^{x}");
        assert_eq!(tex("2*α"), "2 \\alpha");
        assert_eq!(tex("abs(x)"), "\\left|x\\right|");
        assert_eq!(tex("cbrt(x)"), "\\sqrt[3]{x}");
        assert_eq!(tex("2*3^x"), "2 \\cdot 3^{x}");
        assert_eq!(tex("x*2^x"), "2^{x} x");
        assert_eq!(tex("(-2)^x"), "\\left(-2\\right)^{x}");
        assert_eq!(tex("x/(y/z)"), "\\frac{x z}{y}");
        assert_eq!(tex("(e^-2)^x"), "\\left(e^{-2}\\right)^{x}");
    }
}
