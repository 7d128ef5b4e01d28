//! Expressions as gradtape syntax: the text reads back as the same expression.

use num_traits::Signed;

use crate::expr::{Constant, ExprId, Node, Store};
use crate::render::layout::{fraction, sum_terms};

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
    write(s, id, Prec::Sum, &mut out);
    out
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
        Node::Var(_) | Node::Const(_) | Node::Call(..) => Prec::Atom,
        Node::Add(_) => Prec::Sum,
        Node::Mul(_) => Prec::Product,
        Node::Pow(b, e) => {
            if matches!(s.node(*b), Node::Const(Constant::E)) {
                return Prec::Atom;
            }
            match s.as_num(*e) {
                Some(q) if q.is_negative() => Prec::Product,
                Some(q) if q == &half() => Prec::Atom,
                _ => Prec::Power,
            }
        }
    }
}

fn half() -> crate::expr::Rational {
    crate::expr::Rational::new(1.into(), 2.into())
}

fn write(s: &mut Store, id: ExprId, ctx: Prec, out: &mut String) {
    let p = prec_of(s, id);
    if p < ctx {
        out.push('(');
        write(s, id, Prec::Sum, out);
        out.push(')');
        return;
    }
    match s.node(id).clone() {
        Node::Num(q) => out.push_str(&q.to_string()),
        Node::Var(v) => out.push_str(&v),
        Node::Const(c) => out.push_str(c.name()),
        Node::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (i, &a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(s, a, Prec::Sum, out);
            }
            out.push(')');
        }
        Node::Add(terms) => {
            let terms = sum_terms(s, &terms);
            for (i, &t) in terms.iter().enumerate() {
                if s.has_minus_sign(t) {
                    out.push_str(if i == 0 { "-" } else { " - " });
                    let pos = s.neg(t);
                    write(s, pos, Prec::Product, out);
                } else {
                    if i > 0 {
                        out.push_str(" + ");
                    }
                    write(s, t, Prec::Product, out);
                }
            }
        }
        Node::Mul(_) => write_product(s, id, out),
        Node::Pow(b, e) => {
            if matches!(s.node(b), Node::Const(Constant::E)) {
                out.push_str("exp(");
                write(s, e, Prec::Sum, out);
                out.push(')');
                return;
            }
            if s.as_num(e).is_some_and(Signed::is_negative) {
                write_product(s, id, out);
                return;
            }
            if s.as_num(e).is_some_and(|q| *q == half()) {
                out.push_str("sqrt(");
                write(s, b, Prec::Sum, out);
                out.push(')');
                return;
            }
            write(s, b, Prec::Atom, out);
            out.push('^');
            write(s, e, Prec::Atom, out);
        }
    }
}

/// A product as `-3*x*y/(2*z^2)`.
fn write_product(s: &mut Store, id: ExprId, out: &mut String) {
    let f = fraction(s, id);
    if f.negative {
        out.push('-');
    }
    let mut first = true;
    if let Some(n) = &f.coeff_num {
        out.push_str(&n.to_string());
        first = false;
    }
    for &x in &f.num {
        if !first {
            out.push('*');
        }
        write(s, x, Prec::Power, out);
        first = false;
    }
    if first {
        out.push('1');
    }
    let den_count = f.den.len() + usize::from(f.coeff_den.is_some());
    if den_count == 0 {
        return;
    }
    out.push('/');
    if den_count > 1 {
        out.push('(');
    }
    let mut first = true;
    if let Some(d) = &f.coeff_den {
        out.push_str(&d.to_string());
        first = false;
    }
    for &x in &f.den {
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
    use crate::parse::parse_into;

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
}
