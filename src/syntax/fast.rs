//! The fast path of the parser: a hand-written scanner and precedence loop that turn
//! well-formed text into the same [`Ast`] as the grammar path, in one pass over the
//! bytes.
//!
//! It accepts exactly what `grammar/gradtape.pest` accepts and builds exactly what
//! the grammar path builds from it, and it gives up (`None`) at the first thing it
//! would have to report: a syntax error, an unknown name, a wrong number of
//! arguments, a nesting or literal limit. The caller then runs the grammar path on
//! the same text, which finds the error and words it. So the fast path never has to
//! produce an error, and pest stays the grammar of record. See docs/grammar.md, "Two
//! parsers".
//!
//! The scanner is generic over what it builds ([`Build`]): the syntax tree
//! ([`Tree`]), or the expression itself, lowered into a store as it is read
//! ([`Lowering`]).

use super::ast::Ast;
use super::build::{Build, Tree};
use super::depth::Nesting;
use super::literal::check_literal;
use super::lower::Lowering;
use super::precedence::{Assoc, Infix, INFIX};
use crate::func::{self, Builtin};
use crate::limits::Limits;
use crate::store::{Constant, ExprId, Store};

// `Parser::operand` reads `^` towers and signs itself, in a loop, and `Parser::expr`
// climbs the rest: that shape holds while `^` is the one operator binding tighter
// than a sign, grouping to the right, and every other operator groups to the left.
const _: () = {
    let mut i = 0;
    while i < INFIX.len() {
        let op = INFIX[i];
        let is_pow = matches!(op, Infix::Pow);
        assert!(op.inside_operand() == is_pow);
        assert!(matches!(op.assoc(), Assoc::Right) == is_pow);
        i += 1;
    }
};

/// Parses `text` if it is a well-formed expression within `limits`; `None` when the
/// grammar path must run (and will report an error).
pub(crate) fn parse(text: &str, limits: Limits) -> Option<Ast> {
    run(text, limits, Tree)
}

/// Parses `text` straight into `store`, as `parse` then `Ast::lower` would build it;
/// `None` when the grammar path must run, or when the text holds a form this path
/// leaves to the tree (a parenthesized product as a divisor, whose factors the tree
/// inverts one by one). After `None` the store holds partial work: discard it.
pub(crate) fn parse_into(text: &str, limits: Limits, store: &mut Store) -> Option<ExprId> {
    run(text, limits, Lowering::new(store))
}

fn run<B: Build>(text: &str, limits: Limits, builder: B) -> Option<B::Done> {
    let nesting = Nesting::new(limits);
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, limits, nesting, after_name: false, builder };
    let value = p.expr(0)?;
    p.skip_space();
    if p.pos != p.bytes.len() {
        return None;
    }
    Some(p.builder.done(value))
}

struct Parser<'a, B> {
    builder: B,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: Limits,
    nesting: Nesting,
    /// True when the last operand of the current sequence was a bare name, which may
    /// not be followed by an implicit factor.
    after_name: bool,
}

impl<'a, B: Build> Parser<'a, B> {
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
        self.nesting.deeper().then_some(())
    }

    /// An operand sequence, down to operators that bind at `min` or looser. Only
    /// `+ - * /` and implicit products are left here: [`Parser::operand`] takes the
    /// signs and powers.
    fn expr(&mut self, min: u8) -> Option<B::Val> {
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
                _ => self.nesting.separator(),
            }
            let open = self.builder.open(lhs, op);
            let rhs = self.expr(op.power())?;
            lhs = self.builder.join(open, op, rhs)?;
        }
        Some(lhs)
    }

    /// Signs, a primary, and a tower of powers, each of whose exponents may have
    /// signs of its own: `-a^-b^c` is `-(a^(-(b^c)))`. Signs bind looser than `^`
    /// and tighter than `*`, and `^` is right-associative, so an operand is every
    /// `^` up to the next other operator. Built without recursion, however tall.
    fn operand(&mut self) -> Option<B::Val> {
        // (negative signs before it, primary) for each base of the tower.
        let mut bases: Vec<(usize, B::Val)> = Vec::new();
        let mut negs = self.signs()?;
        let mut top = self.primary()?;
        loop {
            self.skip_space();
            match self.infix() {
                Some((Infix::Pow, len)) => {
                    self.pos += len;
                    self.deeper()?;
                    let base = self.builder.base(top);
                    bases.push((negs, base));
                    negs = self.signs()?;
                    top = self.primary()?;
                }
                _ => break,
            }
        }
        while let Some((below, base)) = bases.pop() {
            let exp = self.builder.negated(negs, top);
            top = self.builder.pow(base, exp);
            negs = below;
        }
        Some(self.builder.negated(negs, top))
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
    fn primary(&mut self) -> Option<B::Val> {
        let depth = self.nesting.primary()?;
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
                        "pi" | "π" => Some(self.builder.constant(Constant::Pi)),
                        "e" => Some(self.builder.constant(Constant::E)),
                        _ if func::lookup(name).is_some() => None,
                        _ => Some(self.builder.var(name)),
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
    fn nested(&mut self, depth: usize, f: impl FnOnce(&mut Self) -> Option<B::Val>) -> Option<B::Val> {
        let saved = self.nesting.enter(depth);
        let out = f(self);
        self.nesting.leave(saved);
        out
    }

    /// The arguments of a call, after its `(`; the function must be known and take
    /// that many arguments.
    fn call(&mut self, name: &str, depth: usize) -> Option<B::Val> {
        let builtin: Builtin = func::lookup(name)?;
        let mut args = self.builder.args();
        let mut count = 0;
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b')') {
            loop {
                let a = self.nested(depth, |p| p.expr(0))?;
                self.builder.arg(&mut args, a);
                count += 1;
                self.skip_space();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    _ => break,
                }
            }
        }
        self.expect(b')')?;
        let (lo, hi) = builtin.arity();
        if !(lo..=hi).contains(&count) {
            return None;
        }
        Some(self.builder.call(builtin, args))
    }

    /// A name: a letter or `_`, then letters, ASCII digits and `_` (letters as pest's
    /// `LETTER`: any Unicode letter).
    fn name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let letter = |c: char| c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && pest::unicode::LETTER(c));
        let text: &'a str = self.text;
        // ASCII names, the usual ones, byte by byte.
        let mut end = start;
        while let Some(&b) = self.bytes.get(end) {
            if b == b'_' || b.is_ascii_alphabetic() || (end > start && b.is_ascii_digit()) {
                end += 1;
            } else {
                break;
            }
        }
        if self.bytes.get(end).is_none_or(u8::is_ascii) {
            if end == start {
                return None;
            }
            self.pos = end;
            return text.get(start..end);
        }
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
    fn number(&mut self) -> Option<B::Val> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        // The integer part's value, exact for up to 19 digits.
        let mut value = 0u64;
        while let Some(&b) = self.bytes.get(self.pos).filter(|b| b.is_ascii_digit()) {
            value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            self.pos += 1;
        }
        let whole = self.pos - start;
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
            return self.builder.number(text, Some(value));
        }
        check_literal(text, self.limits).ok()?;
        self.builder.number(text, None)
    }
}
