//! Expressions as gradtape syntax: the text reads back as the same expression.

use std::fmt::Write as _;

use num_bigint::{BigInt, BigUint};
use num_traits::{One, Signed, ToPrimitive};

use crate::render::layout::{fraction, negated, sum_content, sum_terms, Fraction, Negated};
use crate::store::{Constant, ExprId, HeadDef, Node, Rational, Store};

/// Binding strength of what was printed, loosest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Product,
    Power,
    Atom,
}

/// The expression in gradtape's own syntax: `2*x + 2*y`, `x^x*(ln(x) + 1)`.
pub fn to_text(s: &mut Store, id: ExprId) -> String {
    let mut out = String::new();
    write_text(s, id, &mut out);
    out
}

/// [`to_text`], appended to `out`.
pub fn write_text(s: &mut Store, id: ExprId, out: &mut String) {
    write_alone(s, id, out);
}

/// A sum standing alone (the whole expression, an argument) with its integer
/// content outside where shorter ([`sum_content`]); anything else as it is.
fn write_alone(s: &mut Store, id: ExprId, out: &mut String) {
    match sum_content(s, id) {
        Some((c, inner)) => {
            write_number(&c, out);
            out.push_str("*(");
            write(s, inner, Prec::Sum, out);
            out.push(')');
        }
        None => write(s, id, Prec::Sum, out),
    }
}

fn prec_of(s: &Store, id: ExprId) -> Prec {
    match s.node(id) {
        Node::Num(q) => {
            if q.is_negative() || !q.is_integer() {
                Prec::Product
            } else {
                Prec::Atom
            }
        }
        Node::Var(_) | Node::Const(_) | Node::Call(..) | Node::Apply(..) => Prec::Atom,
        Node::Add(_) => Prec::Sum,
        Node::Mul(_) => Prec::Product,
        Node::Pow(b, e) => {
            if matches!(s.node(*b), Node::Const(Constant::E)) {
                return Prec::Atom;
            }
            match s.as_num(*e) {
                Some(q) if q.is_negative() => Prec::Product,
                Some(q) if is_half(q) => Prec::Atom,
                _ => Prec::Power,
            }
        }
    }
}

fn is_half(q: &Rational) -> bool {
    q.numer().is_one() && q.denom().to_u8() == Some(2)
}

/// Writes a number as its `Display` does (`-3`, `5/2`), without building a string
/// first when it fits in a machine word.
pub fn write_number(q: &Rational, out: &mut String) {
    write_integer(q.numer(), out);
    if !q.denom().is_one() {
        out.push('/');
        write_integer(q.denom(), out);
    }
}

/// Writes an integer as its `Display` does.
pub fn write_integer(n: &BigInt, out: &mut String) {
    if n.is_negative() {
        out.push('-');
    }
    write_natural(n.magnitude(), out);
}

/// Writes a natural number as its `Display` does.
pub fn write_natural(n: &BigUint, out: &mut String) {
    match n.to_u64() {
        Some(small) => write_u64(small, out),
        // Writing to a String cannot fail.
        None => {
            let _ = write!(out, "{n}");
        }
    }
}

/// Writes a machine integer in decimal, without the formatting machinery.
fn write_u64(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// The `i`-th operand of a sum, product or call.
fn operand(s: &Store, id: ExprId, i: usize) -> ExprId {
    match s.node(id) {
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => xs[i],
        _ => id,
    }
}

fn write(s: &mut Store, id: ExprId, ctx: Prec, out: &mut String) {
    let p = prec_of(s, id);
    if p < ctx {
        out.push('(');
        write(s, id, Prec::Sum, out);
        out.push(')');
        return;
    }
    match s.node(id) {
        Node::Num(q) => write_number(q, out),
        Node::Var(v) => out.push_str(v),
        Node::Const(c) => out.push_str(c.name()),
        Node::Call(..) | Node::Apply(..) => {
            let args = match s.node(id) {
                Node::Call(f, args) => {
                    out.push_str(f.name());
                    args.len()
                }
                Node::Apply(h, args) => {
                    write_head(s.head_def(*h), args.len(), out);
                    args.len()
                }
                _ => 0,
            };
            out.push('(');
            for i in 0..args {
                if i > 0 {
                    out.push_str(", ");
                }
                let a = operand(s, id, i);
                write_alone(s, a, out);
            }
            out.push(')');
        }
        Node::Add(terms) => {
            let terms = sum_terms(s, terms);
            for (i, &t) in terms.iter().enumerate() {
                if s.has_minus_sign(t) {
                    out.push_str(if i == 0 { "-" } else { " - " });
                    write_negated(s, t, out);
                } else {
                    if i > 0 {
                        out.push_str(" + ");
                    }
                    write(s, t, Prec::Product, out);
                }
            }
        }
        Node::Mul(_) => write_product(s, id, out),
        &Node::Pow(b, e) => {
            if matches!(s.node(b), Node::Const(Constant::E)) {
                out.push_str("exp(");
                write_alone(s, e, out);
                out.push(')');
                return;
            }
            if s.as_num(e).is_some_and(Signed::is_negative) {
                write_product(s, id, out);
                return;
            }
            if s.as_num(e).is_some_and(is_half) {
                out.push_str("sqrt(");
                write_alone(s, b, out);
                out.push(')');
                return;
            }
            write(s, b, Prec::Atom, out);
            out.push('^');
            write(s, e, Prec::Atom, out);
        }
    }
}

/// An abstract function's head as the language writes it: `f`, primes for up to
/// three derivatives of a function of one argument (`f'''`), and `D[1,2](g)` in
/// general.
pub fn write_head(def: &HeadDef, arity: usize, out: &mut String) {
    if def.slots.is_empty() {
        out.push_str(&def.name);
    } else if arity == 1 && def.slots.len() <= 3 {
        out.push_str(&def.name);
        out.extend(def.slots.iter().map(|_| '\''));
    } else {
        out.push_str("D[");
        for (i, slot) in def.slots.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_u64(u64::from(*slot), out);
        }
        out.push_str("](");
        out.push_str(&def.name);
        out.push(')');
    }
}

/// A term with a minus sign, the sign left out: `-3*x` as `3*x`.
fn write_negated(s: &mut Store, t: ExprId, out: &mut String) {
    match negated(s, t) {
        Negated::Number(n) => {
            if let Some(q) = s.as_num(n) {
                write_natural(q.numer().magnitude(), out);
                if !q.denom().is_one() {
                    out.push('/');
                    write_integer(q.denom(), out);
                }
            }
        }
        Negated::Expr(x) => write(s, x, Prec::Product, out),
        Negated::Product(f) => write_fraction(s, &f, out),
    }
}

/// A product as `-3*x*y/(2*z^2)`.
fn write_product(s: &mut Store, id: ExprId, out: &mut String) {
    let f = fraction(s, id);
    write_fraction(s, &f, out);
}

fn write_fraction(s: &mut Store, f: &Fraction, out: &mut String) {
    if f.negative {
        out.push('-');
    }
    let mut first = true;
    if let Some(n) = f.coeff_num(s) {
        write_natural(n, out);
        first = false;
    }
    for &x in f.num() {
        if !first {
            out.push('*');
        }
        write(s, x, Prec::Power, out);
        first = false;
    }
    if first {
        out.push('1');
    }
    let den_count = f.den().len() + usize::from(f.coeff_den(s).is_some());
    if den_count == 0 {
        return;
    }
    out.push('/');
    if den_count > 1 {
        out.push('(');
    }
    let mut first = true;
    if let Some(d) = f.coeff_den(s) {
        write_integer(d, out);
        first = false;
    }
    for &x in f.den() {
        if !first {
            out.push('*');
        }
        // A lone denominator factor must bind tighter than '/': x^2 is fine, a
        // product or sum is parenthesized.
        write(s, x, Prec::Power, out);
        first = false;
    }
    if den_count > 1 {
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_into;

    fn show(src: &str) -> String {
        let mut s = Store::new();
        let id = parse_into(&mut s, src).unwrap();
        to_text(&mut s, id)
    }

    #[test]
    fn reads_like_a_person_wrote_it() {
        assert_eq!(show("x^2+2*x*y+y^2"), "x^2 + 2*x*y + y^2");
        assert_eq!(show("-x + 1"), "1 - x");
        assert_eq!(show("1/(2*x)"), "1/(2*x)");
        assert_eq!(show("3*x^(1/2)/2"), "3*sqrt(x)/2");
        assert_eq!(show("-sin(x)"), "-sin(x)");
        assert_eq!(show("x^x*(ln(x)+1)"), "x^x*(ln(x) + 1)");
        assert_eq!(show("exp(-x^2)"), "exp(-x^2)");
        assert_eq!(show("(x^2-2*x-1)/(x-1)^2"), "(x^2 - 2*x - 1)/(x - 1)^2");
        assert_eq!(show("x^(-1/2)"), "1/sqrt(x)");
        assert_eq!(show("(-2)^x"), "(-2)^x");
        assert_eq!(show("2^(x+1)"), "2^(x + 1)");
    }

    /// A term's minus sign is taken off as building its negation would.
    #[test]
    fn negated_terms_read_as_their_negation() {
        for src in [
            "-3*x*y/(2*z^2)",
            "-x",
            "-1/2",
            "-7",
            "-2*sin(x)^2",
            "-x^(-3/2)*y",
            "-123456789012345678901234567890*x/7",
            "-x*y",
            "-(x+1)^-2*y",
            "-2/(x*y)",
            "-3*2^(-1/2)*x",
        ] {
            let mut s = Store::new();
            let t = parse_into(&mut s, src).unwrap();
            assert!(s.has_minus_sign(t), "{src}");
            let mut direct = String::new();
            write_negated(&mut s, t, &mut direct);
            let pos = s.neg(t);
            let mut built = String::new();
            write(&mut s, pos, Prec::Product, &mut built);
            assert_eq!(direct, built, "{src}");
        }
    }
}
