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
//!
//! The scanner is generic over what it builds ([`Build`]): the syntax tree, or the
//! expression itself, lowered into a store as it is read ([`Lowering`]), which makes
//! the same constructor calls in the same order as `Ast::lower` on the tree, without
//! the tree.

use num_bigint::BigInt;

use crate::expr::{Constant, ExprId, Rational, Store};
use crate::func::{self, Builtin};
use crate::limits::Limits;
use crate::parse::{append, check_literal, lower_call, parse_number, Ast};

/// Binding powers of the infix operators, as in the Pratt table of `parse.rs` (where
/// signs are at 30, between products and powers).
const SUM: u8 = 10;
const PRODUCT: u8 = 20;
const POWER: u8 = 40;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Infix {
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
    run(text, limits, Tree)
}

/// Parses `text` straight into `store`, as `parse` then `Ast::lower` would build it;
/// `None` when the pest path must run, or when the text holds a form this path
/// leaves to the tree (a parenthesized product as a divisor, whose factors the tree
/// inverts one by one). After `None` the store holds partial work: discard it.
pub(crate) fn parse_into(text: &str, limits: Limits, store: &mut Store) -> Option<ExprId> {
    run(text, limits, Lowering { store, stack: Vec::new() })
}

fn run<B: Build>(text: &str, limits: Limits, builder: B) -> Option<B::Done> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, limits, base: 0, chain: 0, after_name: false, builder };
    let value = p.expr(0)?;
    p.skip_space();
    if p.pos != p.bytes.len() {
        return None;
    }
    Some(p.builder.done(value))
}

/// What the parser makes of what it reads. The parser calls these in reading order;
/// `open` comes when an infix operator is seen, before its right operand is read.
trait Build {
    /// A parsed operand or operand sequence.
    type Val;
    /// The arguments of a call being read.
    type Args;
    /// The whole expression.
    type Done;
    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Self::Val>;
    fn var(&mut self, name: &str) -> Self::Val;
    fn constant(&mut self, c: Constant) -> Self::Val;
    /// `a` under `n` minus signs (`n` may be 0).
    fn negated(&mut self, n: usize, a: Self::Val) -> Self::Val;
    /// `base` is about to be raised to a power that is read next.
    fn base(&mut self, base: Self::Val) -> Self::Val;
    fn pow(&mut self, base: Self::Val, exp: Self::Val) -> Self::Val;
    fn args(&mut self) -> Self::Args;
    fn arg(&mut self, args: &mut Self::Args, a: Self::Val);
    fn call(&mut self, b: Builtin, args: Self::Args) -> Self::Val;
    /// `lhs` is the left operand of `op`, whose right operand is read next.
    fn open(&mut self, lhs: Self::Val, op: Infix) -> Self::Val;
    /// `lhs op rhs`; `None` gives up.
    fn join(&mut self, lhs: Self::Val, op: Infix, rhs: Self::Val) -> Option<Self::Val>;
    fn done(self, v: Self::Val) -> Self::Done;
}

struct Parser<'a, B> {
    builder: B,
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
        self.chain += 1;
        (self.base + self.chain < self.limits.max_depth).then_some(())
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
                _ => self.chain = 0,
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
        let saved = (self.base, self.chain);
        self.base = depth;
        self.chain = 0;
        let out = f(self);
        (self.base, self.chain) = saved;
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

/// Builds the syntax tree, as the grammar path does.
struct Tree;

impl Build for Tree {
    type Val = Ast;
    type Args = Vec<Ast>;
    type Done = Ast;

    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Ast> {
        match plain {
            Some(n) => Some(Ast::Num(Rational::from_integer(BigInt::from(n)))),
            None => parse_number(text).ok(),
        }
    }

    fn var(&mut self, name: &str) -> Ast {
        Ast::Var(name.to_string())
    }

    fn constant(&mut self, c: Constant) -> Ast {
        Ast::Const(c)
    }

    fn negated(&mut self, n: usize, mut a: Ast) -> Ast {
        for _ in 0..n {
            a = Ast::Neg(Box::new(a));
        }
        a
    }

    fn base(&mut self, base: Ast) -> Ast {
        base
    }

    fn pow(&mut self, base: Ast, exp: Ast) -> Ast {
        Ast::Pow(Box::new(base), Box::new(exp))
    }

    fn args(&mut self) -> Vec<Ast> {
        Vec::with_capacity(1)
    }

    fn arg(&mut self, args: &mut Vec<Ast>, a: Ast) {
        args.push(a);
    }

    fn call(&mut self, b: Builtin, args: Vec<Ast>) -> Ast {
        Ast::Call(b, args)
    }

    fn open(&mut self, lhs: Ast, _: Infix) -> Ast {
        lhs
    }

    fn join(&mut self, lhs: Ast, op: Infix, rhs: Ast) -> Option<Ast> {
        Some(match op {
            Infix::Add => append(lhs, rhs, true),
            Infix::Sub => append(lhs, Ast::Neg(Box::new(rhs)), true),
            Infix::Div => append(lhs, Ast::Recip(Box::new(rhs)), false),
            _ => append(lhs, rhs, false),
        })
    }

    fn done(self, v: Ast) -> Ast {
        v
    }
}

/// Builds the expression in a store while reading, making the constructor calls
/// `Ast::lower` makes on the tree, in its order (so ids, and all that depends on
/// them, come out the same). The tree flattens chains (`(a+b)+c` is one sum of
/// three terms) and takes the minus signs off a product's factors; so a sum or
/// product stays open (its operands on `stack`) until no operator can extend it,
/// and signs stay pending until it is known whether they are a factor's.
struct Lowering<'s> {
    store: &'s mut Store,
    /// The operands of the open sums, products and calls, innermost last.
    stack: Vec<ExprId>,
}

/// A value while it is read.
enum Low {
    Id(ExprId),
    /// `id` under this many minus signs, not applied yet.
    Neg(usize, ExprId),
    /// An open sum: its terms are `stack[start..]`.
    Sum(usize),
    /// An open product: its factors are `stack[start..]`, times -1 when `negative`.
    Product(usize, bool),
}

impl Lowering<'_> {
    /// Builds what is pending of `v`.
    fn resolve(&mut self, v: Low) -> ExprId {
        match v {
            Low::Id(id) => id,
            Low::Neg(n, mut id) => {
                for _ in 0..n {
                    id = self.store.neg(id);
                }
                id
            }
            Low::Sum(start) => {
                let r = self.store.add(&self.stack[start..]);
                self.stack.truncate(start);
                r
            }
            Low::Product(start, negative) => {
                if negative {
                    let m1 = self.store.int(-1);
                    self.stack.push(m1);
                }
                let r = self.store.mul(&self.stack[start..]);
                self.stack.truncate(start);
                r
            }
        }
    }

    /// Opens a list with `first` as its first operand; gives its start.
    fn start_with(&mut self, first: ExprId) -> usize {
        self.stack.push(first);
        self.stack.len() - 1
    }
}

impl Build for Lowering<'_> {
    type Val = Low;
    type Args = usize;
    type Done = ExprId;

    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Low> {
        let id = match plain.map(i64::try_from) {
            Some(Ok(n)) => self.store.small_int(n),
            Some(Err(_)) | None => match Tree.number(text, plain)? {
                Ast::Num(q) => self.store.num(q),
                _ => return None,
            },
        };
        Some(Low::Id(id))
    }

    fn var(&mut self, name: &str) -> Low {
        Low::Id(self.store.var(name))
    }

    fn constant(&mut self, c: Constant) -> Low {
        Low::Id(self.store.constant(c))
    }

    fn negated(&mut self, n: usize, a: Low) -> Low {
        if n == 0 {
            return a;
        }
        match a {
            Low::Id(id) => Low::Neg(n, id),
            Low::Neg(k, id) => Low::Neg(n + k, id),
            open => Low::Neg(n, self.resolve(open)),
        }
    }

    fn base(&mut self, base: Low) -> Low {
        Low::Id(self.resolve(base))
    }

    fn pow(&mut self, base: Low, exp: Low) -> Low {
        let b = self.resolve(base);
        let e = self.resolve(exp);
        Low::Id(self.store.pow(b, e))
    }

    fn args(&mut self) -> usize {
        self.stack.len()
    }

    fn arg(&mut self, _: &mut usize, a: Low) {
        let id = self.resolve(a);
        self.stack.push(id);
    }

    fn call(&mut self, b: Builtin, start: usize) -> Low {
        let r = lower_call(self.store, b, &self.stack[start..]);
        self.stack.truncate(start);
        Low::Id(r)
    }

    fn open(&mut self, lhs: Low, op: Infix) -> Low {
        match (op, lhs) {
            (Infix::Add | Infix::Sub, Low::Sum(start)) => Low::Sum(start),
            (Infix::Add | Infix::Sub, lhs) => {
                let first = self.resolve(lhs);
                Low::Sum(self.start_with(first))
            }
            (_, Low::Product(start, negative)) => Low::Product(start, negative),
            (_, Low::Neg(n, id)) => Low::Product(self.start_with(id), n % 2 == 1),
            (_, lhs) => {
                let first = self.resolve(lhs);
                Low::Product(self.start_with(first), false)
            }
        }
    }

    fn join(&mut self, lhs: Low, op: Infix, rhs: Low) -> Option<Low> {
        match op {
            Infix::Add => {
                let t = self.resolve(rhs);
                self.stack.push(t);
            }
            Infix::Sub => {
                let t = self.resolve(rhs);
                let t = self.store.neg(t);
                self.stack.push(t);
            }
            Infix::Div => {
                // The tree inverts a parenthesized product factor by factor, each
                // right after it is built: leave that to the tree.
                if let Low::Product(..) = rhs {
                    return None;
                }
                let d = self.resolve(rhs);
                let d = self.store.recip(d);
                self.stack.push(d);
            }
            Infix::Mul | Infix::Juxtaposed | Infix::Pow => {
                if let (Low::Neg(n, id), Low::Product(start, negative)) = (&rhs, &lhs) {
                    self.stack.push(*id);
                    return Some(Low::Product(*start, *negative != (n % 2 == 1)));
                }
                let f = self.resolve(rhs);
                self.stack.push(f);
            }
        }
        Some(lhs)
    }

    fn done(mut self, v: Low) -> ExprId {
        self.resolve(v)
    }
}
