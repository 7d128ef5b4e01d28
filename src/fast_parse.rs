//! The fast path of the parser: a hand-written scanner and Pratt parser that turn
//! well-formed text into the same [`Ast`] as the pest grammar and its Pratt table, in
//! one pass over the bytes.
//!
//! It accepts exactly what `grammar/gradtape.pest` accepts and builds exactly what
//! `parse.rs` builds from it, and it gives up (`None`) at the first thing it would
//! have to report: a syntax error, an unknown name, a wrong number of arguments, a
//! nesting or literal limit. The caller then runs the pest path on the same text,
//! which finds the error and words it. So the fast path never has to produce an
//! error, and pest stays the grammar of record. See docs/grammar.md, "Two parsers".

use num_bigint::BigInt;

use crate::expr::{Constant, Rational};
use crate::func::{self, Builtin};
use crate::limits::Limits;
use crate::parse::{append, check_literal, parse_number, Ast};

/// Binding powers of the infix operators, as in the Pratt table of `parse.rs` (where
/// signs are at 30, between products and powers).
const SUM: u8 = 10;
const PRODUCT: u8 = 20;
const POWER: u8 = 40;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Infix {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    /// Implicit multiplication: an operand right after another. Takes no text.
    Juxtaposed,
}

impl Infix {
    fn power(self) -> u8 {
        match self {
            Infix::Add | Infix::Sub => SUM,
            Infix::Mul | Infix::Div | Infix::Juxtaposed => PRODUCT,
            Infix::Pow => POWER,
        }
    }
}

/// Parses `text` if it is a well-formed expression within `limits`; `None` when the
/// pest path must run (and will report an error).
pub(crate) fn parse(text: &str, limits: Limits) -> Option<Ast> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, limits, base: 0, chain: 0, after_name: false };
    let ast = p.expr(0)?;
    p.skip_space();
    (p.pos == p.bytes.len()).then_some(ast)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: Limits,
    /// The nesting depth the current operand sequence starts at (`check_depth`'s
    /// `base`): the depth of the group or call it is in.
    base: usize,
    /// `^` and signs since the last `+ - * /` of the current sequence (`check_depth`'s
    /// `chain`).
    chain: usize,
    /// True when the last operand of the current sequence was a bare name, which may
    /// not be followed by an implicit factor.
    after_name: bool,
}

impl<'a> Parser<'a> {
    /// Skips the grammar's whitespace: space, tab, CR, LF and the byte order mark.
    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                0xEF if self.bytes[self.pos..].starts_with("\u{FEFF}".as_bytes()) => self.pos += 3,
                _ => break,
            }
        }
    }

    /// The character at the current position, when it is not ASCII.
    fn wide_char(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    /// A sign that starts an operand: (negative, length).
    fn sign(&self) -> Option<(bool, usize)> {
        match self.bytes.get(self.pos)? {
            b'-' => Some((true, 1)),
            b'+' => Some((false, 1)),
            0xE2 if self.wide_char() == Some('\u{2212}') => Some((true, 3)),
            _ => None,
        }
    }

    /// The operator after an operand, with its length; `Juxtaposed` when another
    /// operand starts right there.
    fn infix(&self) -> Option<(Infix, usize)> {
        let b = *self.bytes.get(self.pos)?;
        Some(match b {
            b'+' => (Infix::Add, 1),
            b'-' => (Infix::Sub, 1),
            b'^' => (Infix::Pow, 1),
            b'*' if self.bytes.get(self.pos + 1) == Some(&b'*') => (Infix::Pow, 2),
            b'*' => (Infix::Mul, 1),
            b'/' => (Infix::Div, 1),
            b'0'..=b'9' | b'.' | b'(' | b'_' | b'a'..=b'z' | b'A'..=b'Z' => (Infix::Juxtaposed, 0),
            _ if b.is_ascii() => return None,
            _ => {
                let c = self.wide_char()?;
                match c {
                    '\u{2212}' => (Infix::Sub, c.len_utf8()),
                    '\u{00D7}' | '\u{00B7}' | '\u{22C5}' => (Infix::Mul, c.len_utf8()),
                    '\u{00F7}' => (Infix::Div, c.len_utf8()),
                    _ if pest::unicode::LETTER(c) => (Infix::Juxtaposed, 0),
                    _ => return None,
                }
            }
        })
    }

    /// Counts one more `^` or sign on the current path; `None` past the depth limit.
    fn deeper(&mut self) -> Option<()> {
        self.chain += 1;
        (self.base + self.chain < self.limits.max_depth).then_some(())
    }

    /// An operand sequence, down to operators that bind at `min` or looser. Only
    /// `+ - * /` and implicit products are left here: [`Parser::operand`] takes the
    /// signs and powers.
    fn expr(&mut self, min: u8) -> Option<Ast> {
        let mut lhs = self.operand()?;
        loop {
            self.skip_space();
            let Some((op, len)) = self.infix() else { break };
            if op.power() <= min {
                break;
            }
            self.pos += len;
            match op {
                Infix::Pow => return None,
                Infix::Juxtaposed if self.after_name => return None,
                Infix::Juxtaposed => {}
                _ => self.chain = 0,
            }
            let rhs = self.expr(op.power())?;
            lhs = match op {
                Infix::Add => append(lhs, rhs, true),
                Infix::Sub => append(lhs, Ast::Neg(Box::new(rhs)), true),
                Infix::Div => append(lhs, Ast::Recip(Box::new(rhs)), false),
                _ => append(lhs, rhs, false),
            };
        }
        Some(lhs)
    }

    /// Signs, a primary, and a tower of powers, each of whose exponents may have
    /// signs of its own: `-a^-b^c` is `-(a^(-(b^c)))`. Signs bind looser than `^`
    /// and tighter than `*`, and `^` is right-associative, so an operand is every
    /// `^` up to the next other operator. Built without recursion, however tall.
    fn operand(&mut self) -> Option<Ast> {
        // (negative signs before it, primary) for each base of the tower.
        let mut bases: Vec<(usize, Ast)> = Vec::new();
        let mut negs = self.signs()?;
        let mut top = self.primary()?;
        loop {
            self.skip_space();
            match self.infix() {
                Some((Infix::Pow, len)) => {
                    self.pos += len;
                    self.deeper()?;
                    bases.push((negs, top));
                    negs = self.signs()?;
                    top = self.primary()?;
                }
                _ => break,
            }
        }
        while let Some((below, base)) = bases.pop() {
            top = Ast::Pow(Box::new(base), Box::new(negated(negs, top)));
            negs = below;
        }
        Some(negated(negs, top))
    }

    /// The signs before an operand: how many are negative.
    fn signs(&mut self) -> Option<usize> {
        let mut negs = 0;
        loop {
            self.skip_space();
            let Some((negative, len)) = self.sign() else { return Some(negs) };
            self.pos += len;
            self.deeper()?;
            negs += usize::from(negative);
        }
    }

    /// A number, a name, a call or a parenthesized group.
    fn primary(&mut self) -> Option<Ast> {
        let depth = self.base + self.chain + 1;
        if depth > self.limits.max_depth {
            return None;
        }
        let b = *self.bytes.get(self.pos)?;
        let ast = match b {
            b'0'..=b'9' | b'.' => self.number()?,
            b'(' => {
                self.pos += 1;
                let inner = self.nested(depth, |p| p.expr(0))?;
                self.skip_space();
                self.expect(b')')?;
                inner
            }
            _ => {
                let name = self.name()?;
                self.skip_space();
                if self.bytes.get(self.pos) == Some(&b'(') {
                    self.pos += 1;
                    self.call(name, depth)?
                } else {
                    self.after_name = true;
                    return match name {
                        "pi" | "π" => Some(Ast::Const(Constant::Pi)),
                        "e" => Some(Ast::Const(Constant::E)),
                        _ if func::lookup(name).is_some() => None,
                        _ => Some(Ast::Var(name.to_string())),
                    };
                }
            }
        };
        self.after_name = false;
        Some(ast)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&b)).then(|| self.pos += 1)
    }

    /// Runs `f` on a sequence nested at `depth` (in a group or a call), then returns
    /// to the enclosing sequence.
    fn nested(&mut self, depth: usize, f: impl FnOnce(&mut Self) -> Option<Ast>) -> Option<Ast> {
        let saved = (self.base, self.chain);
        self.base = depth;
        self.chain = 0;
        let out = f(self);
        (self.base, self.chain) = saved;
        out
    }

    /// The arguments of a call, after its `(`; the function must be known and take
    /// that many arguments.
    fn call(&mut self, name: &str, depth: usize) -> Option<Ast> {
        let builtin: Builtin = func::lookup(name)?;
        let mut args = Vec::with_capacity(1);
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b')') {
            loop {
                args.push(self.nested(depth, |p| p.expr(0))?);
                self.skip_space();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    _ => break,
                }
            }
        }
        self.expect(b')')?;
        let (lo, hi) = builtin.arity();
        (lo..=hi).contains(&args.len()).then_some(Ast::Call(builtin, args))
    }

    /// A name: a letter or `_`, then letters, ASCII digits and `_` (letters as pest's
    /// `LETTER`: any Unicode letter).
    fn name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let letter = |c: char| c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && pest::unicode::LETTER(c));
        let text: &'a str = self.text;
        let first = text.get(start..)?.chars().next()?;
        if !letter(first) {
            return None;
        }
        let mut end = start + first.len_utf8();
        for c in text.get(end..)?.chars() {
            if letter(c) || c.is_ascii_digit() {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        self.pos = end;
        text.get(start..end)
    }

    /// A decimal literal: `12`, `2.5`, `.5`, `1.`, `6.02E23`, `1e-3`.
    fn number(&mut self) -> Option<Ast> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        let whole = digits(self);
        let mut plain = true;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            plain = false;
            if digits(self) == 0 && whole == 0 {
                return None;
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            // An exponent needs a digit; without one the `e` starts a name (`2e` is
            // 2 times e).
            let mut at = self.pos + 1;
            if matches!(self.bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if self.bytes.get(at).is_some_and(u8::is_ascii_digit) {
                self.pos = at;
                digits(self);
                plain = false;
            }
        }
        let text = self.text.get(start..self.pos)?;
        if plain && whole <= 19 {
            if let Ok(n) = text.parse::<u64>() {
                return Some(Ast::Num(Rational::from_integer(BigInt::from(n))));
            }
        }
        check_literal(text, self.limits).ok()?;
        parse_number(text).ok()
    }
}

/// `a` under `n` minus signs.
fn negated(n: usize, mut a: Ast) -> Ast {
    for _ in 0..n {
        a = Ast::Neg(Box::new(a));
    }
    a
}
