//! The fast path of the parser: a hand-written scanner and precedence loop that turn
//! well-formed text into the same [`Ast`] as the grammar path, in one pass over the
//! bytes.
//!
//! It accepts exactly what `grammar/gradtape.pest` accepts and builds exactly what
//! the grammar path builds from it, and it gives up (`None`) at the first thing it
//! would have to report: a syntax error, an unknown name, a wrong number of
//! arguments, a nesting or literal limit; and, by design, at abstract functions, their
//! derivatives and `diff(...)`, which are rare enough to leave to the grammar (see
//! [`super::left_to_grammar`]). The caller then runs the grammar path on
//! the same text, which finds the error and words it. So the fast path never has to
//! produce an error, and pest stays the grammar of record. See docs/grammar.md, "Two
//! parsers".
//!
//! The notation beyond plain operators is read here as `sequence.rs` reads it on the
//! grammar path, rule for rule: superscripts, function powers, functions applied
//! without parentheses, bars, root signs, π as a token of its own.
//!
//! The scanner is generic over what it builds ([`Build`]): the syntax tree
//! ([`Tree`]), or the expression itself, lowered into a store as it is read
//! ([`Lowering`]).

use super::ast::Ast;
use super::build::{Build, Tree};
use super::depth::Nesting;
use super::literal::check_literal;
use super::lower::Lowering;
use super::notation::{self, Callee};
use super::precedence::{Assoc, Infix, INFIX};
use crate::func::{Builtin, Func};
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
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        limits,
        nesting,
        after_name: false,
        after_number: false,
        applied: false,
        in_bars: false,
        last_end: 0,
        builder,
    };
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
    /// True when the last primary read was a bare name (a variable or constant),
    /// which no number may follow side by side.
    after_name: bool,
    /// True when the last primary read was a number, which bars may follow.
    after_number: bool,
    /// True when the last primary read was a function applied without parentheses,
    /// which only a function may follow side by side.
    applied: bool,
    /// True between bars, where a bar after an operand closes them.
    in_bars: bool,
    /// Where the last primary (with its superscript) ends.
    last_end: usize,
}

/// A function power read after a function's name: `^2`, `^-1`, `²`.
struct FnPower {
    negative: bool,
    digits: String,
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
        self.char_at(self.pos)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
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
            b'|' if !self.in_bars => (Infix::Juxtaposed, 0),
            _ if b.is_ascii() => return None,
            _ => {
                let c = self.wide_char()?;
                match c {
                    '\u{2212}' => (Infix::Sub, c.len_utf8()),
                    '\u{00D7}' | '\u{00B7}' | '\u{22C5}' => (Infix::Mul, c.len_utf8()),
                    '\u{00F7}' => (Infix::Div, c.len_utf8()),
                    '\u{221A}' | '\u{221B}' => (Infix::Juxtaposed, 0),
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
                Infix::Juxtaposed if !self.juxtaposable() => return None,
                Infix::Juxtaposed => {}
                _ => self.nesting.separator(),
            }
            let open = self.builder.open(lhs, op);
            let rhs = self.expr(op.power())?;
            lhs = self.builder.join(open, op, rhs)?;
        }
        Some(lhs)
    }

    /// Whether the primary at the current position may stand right after the last
    /// one: only a function after a function applied without parentheses (`sin x cos
    /// x`, not `sin x y`), bars only after a number (`2|x|`, not `x|y|`), no number
    /// after a bare name (`x 2`).
    fn juxtaposable(&self) -> bool {
        if self.applied {
            return self.function_here();
        }
        match self.bytes.get(self.pos) {
            Some(b'|') => self.after_number,
            Some(b'0'..=b'9' | b'.') => !self.after_name,
            _ => true,
        }
    }

    /// True when a function starts here: a root sign, a function's name, or a name
    /// right before `(` (a call).
    fn function_here(&self) -> bool {
        if matches!(self.wide_char(), Some('\u{221A}' | '\u{221B}')) {
            return true;
        }
        let Some(end) = self.name_end(self.pos) else { return false };
        let name = &self.text[self.pos..end];
        if notation::lookup(name).is_some() {
            return true;
        }
        let mut at = end;
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(at) {
            at += 1;
        }
        while self.bytes[at..].starts_with("\u{FEFF}".as_bytes()) {
            at += 3;
            while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(at) {
                at += 1;
            }
        }
        self.bytes.get(at) == Some(&b'(')
    }

    /// Signs, a primary, and a tower of powers, each of whose exponents may have
    /// signs of its own: `-a^-b^c` is `-(a^(-(b^c)))`. Signs bind looser than `^`
    /// and tighter than `*`, and `^` is right-associative, so an operand is every
    /// `^` up to the next other operator. Built without recursion, however tall.
    #[inline(always)]
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

    /// A number, a name, a call, a parenthesized group, bars or a function applied
    /// without parentheses; then its superscript exponent, if it has one.
    fn primary(&mut self) -> Option<B::Val> {
        let depth = self.nesting.primary()?;
        let b = *self.bytes.get(self.pos)?;
        let mut name = false;
        let number = matches!(b, b'0'..=b'9' | b'.');
        let val = match b {
            b'0'..=b'9' | b'.' => self.number()?,
            b'(' => {
                self.pos += 1;
                let inner = self.nested(depth, false, |p| p.expr(0))?;
                self.skip_space();
                self.expect(b')')?;
                inner
            }
            b'|' => {
                self.pos += 1;
                let mut args = self.builder.args();
                let inner = self.nested(depth, true, |p| p.expr(0))?;
                self.skip_space();
                self.expect(b'|')?;
                self.builder.arg(&mut args, inner);
                self.builder.call(Builtin::Func(Func::Abs), args)
            }
            0xE2 if matches!(self.wide_char(), Some('\u{221A}' | '\u{221B}')) => {
                let callee = Callee::Builtin(self.wide_char().and_then(notation::root)?);
                self.pos += 3;
                self.skip_space();
                if self.bytes.get(self.pos) == Some(&b'(') {
                    self.pos += 1;
                    self.call(callee, depth)?
                } else {
                    return self.application(callee, depth);
                }
            }
            _ => {
                let text = self.name()?;
                let end = self.pos;
                self.skip_space();
                if self.bytes.get(self.pos) == Some(&b'(') {
                    self.pos += 1;
                    self.call(notation::lookup(text)?, depth)?
                } else {
                    let val = match text {
                        "pi" | "π" => self.builder.constant(Constant::Pi),
                        "e" => self.builder.constant(Constant::E),
                        _ => match notation::lookup(text) {
                            Some(callee) => return self.application(callee, depth),
                            None => self.builder.var(text),
                        },
                    };
                    name = true;
                    self.pos = end;
                    val
                }
            }
        };
        self.applied = false;
        self.after_name = name;
        self.after_number = number;
        self.last_end = self.pos;
        self.superscript(val)
    }

    /// `a` to the superscript exponent after it, if there is one.
    #[inline(always)]
    fn superscript(&mut self, a: B::Val) -> Option<B::Val> {
        match self.bytes.get(self.pos) {
            Some(0xC2 | 0xE2) => {}
            // Whitespace may stand before a superscript too (every caller skips it
            // next anyway).
            Some(b' ' | b'\t' | b'\r' | b'\n' | 0xEF) => {
                self.skip_space();
                if !matches!(self.bytes.get(self.pos), Some(0xC2 | 0xE2)) {
                    return Some(a);
                }
            }
            _ => return Some(a),
        }
        let Some((negative, digits)) = self.read_superscript()? else { return Some(a) };
        let base = self.builder.base(a);
        let exp = self.exponent(negative, &digits)?;
        self.after_name = false;
        self.after_number = false;
        Some(self.builder.pow(base, exp))
    }

    /// A superscript exponent here, read and counted as a `^` (and a sign): `None`
    /// gives up, `Some(None)` when there is none.
    #[allow(clippy::option_option)]
    fn read_superscript(&mut self) -> Option<Option<(bool, String)>> {
        let rest = self.text.get(self.pos..)?;
        if !rest.chars().next().is_some_and(notation::starts_superscript) {
            return Some(None);
        }
        let (sup, len) = notation::superscript(rest)?;
        self.pos += len;
        self.last_end = self.pos;
        self.deeper()?;
        if sup.signed {
            self.deeper()?;
        }
        Some(Some((sup.negative, sup.digits)))
    }

    /// The exponent `digits`, negated when `negative`, as the tree has it (`x^-n`).
    fn exponent(&mut self, negative: bool, digits: &str) -> Option<B::Val> {
        let plain = (digits.len() <= 19)
            .then(|| digits.bytes().fold(0u64, |v, b| v.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))));
        if plain.is_none() {
            check_literal(digits, self.limits).ok()?;
        }
        let n = self.builder.number(digits, plain)?;
        Some(self.builder.negated(usize::from(negative), n))
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&b)).then(|| self.pos += 1)
    }

    /// Runs `f` on a sequence nested at `depth` (in a group, bars, a call or a
    /// function's argument), between bars when `bars`, then returns to the enclosing
    /// sequence.
    fn nested(&mut self, depth: usize, bars: bool, f: impl FnOnce(&mut Self) -> Option<B::Val>) -> Option<B::Val> {
        let saved = self.nesting.enter(depth);
        let in_bars = std::mem::replace(&mut self.in_bars, bars);
        let out = f(self);
        self.in_bars = in_bars;
        self.nesting.leave(saved);
        out
    }

    /// The arguments of a call, after its `(`; the callee must take that many.
    fn call(&mut self, callee: Callee, depth: usize) -> Option<B::Val> {
        let mut args = self.builder.args();
        let mut count = 0;
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b')') {
            loop {
                let a = self.nested(depth, false, |p| p.expr(0))?;
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
        let (lo, hi) = callee.arity();
        if !(lo..=hi).contains(&count) {
            return None;
        }
        match callee {
            Callee::Builtin(b) => Some(self.builder.call(b, args)),
            _ => self.builder.alias(callee, args),
        }
    }

    /// A function named without `(` right after it: its power (`sin^2`, `sin²`,
    /// `sin^-1` the inverse), then its argument, in parentheses after a power, or the
    /// factor after it.
    fn application(&mut self, callee: Callee, depth: usize) -> Option<B::Val> {
        let power = self.function_power()?;
        let mut b = match callee {
            Callee::Builtin(b) if b.arity().0 == 1 => b,
            _ => return None,
        };
        if let Some(p) = &power {
            let n: u64 = p.digits.parse().unwrap_or(u64::MAX);
            match (p.negative, n) {
                (_, 0) => return None,
                (true, 1) => b = notation::inverse(b)?,
                (true, _) => return None,
                _ => {}
            }
        }
        self.skip_space();
        let mut args = self.builder.args();
        let paren = power.is_some() && self.bytes.get(self.pos) == Some(&b'(');
        let arg = if paren {
            self.pos += 1;
            let a = self.nested(depth, false, |p| p.expr(0))?;
            self.skip_space();
            self.expect(b')')?;
            self.last_end = self.pos;
            a
        } else {
            if !self.argument_start() {
                return None;
            }
            self.nested(depth, self.in_bars, |p| p.argument())?
        };
        self.builder.arg(&mut args, arg);
        let mut val = self.builder.call(b, args);
        if let Some(p) = power.filter(|p| !p.negative) {
            let base = self.builder.base(val);
            let exp = self.exponent(false, &p.digits)?;
            val = self.builder.pow(base, exp);
        }
        self.applied = !paren;
        self.after_name = false;
        self.after_number = false;
        Some(val)
    }

    /// A function power after a function's name, counted as a `^` (and a sign):
    /// `None` gives up, `Some(None)` when there is none.
    #[allow(clippy::option_option)]
    fn function_power(&mut self) -> Option<Option<FnPower>> {
        self.skip_space();
        if let Some((negative, digits)) = self.read_superscript()? {
            return Some(Some(FnPower { negative, digits }));
        }
        let mut at = match self.bytes.get(self.pos) {
            Some(b'^') => self.pos + 1,
            Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'*') => self.pos + 2,
            _ => return Some(None),
        };
        let space = |p: &Self, mut at: usize| {
            while let Some(b' ' | b'\t' | b'\r' | b'\n') = p.bytes.get(at) {
                at += 1;
            }
            at
        };
        at = space(self, at);
        let negative = match self.bytes.get(at) {
            Some(b'-') => true,
            Some(0xE2) if self.char_at(at) == Some('\u{2212}') => true,
            _ => false,
        };
        if negative {
            at = space(self, at + if self.bytes[at] == b'-' { 1 } else { 3 });
        }
        let start = at;
        while self.bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        // A plain integer literal: not `2.5`, `2.`, `1e3`, nor one with a superscript.
        let longer = match self.bytes.get(at) {
            Some(b'.') => true,
            Some(b'e' | b'E') => {
                let k = at + 1 + usize::from(matches!(self.bytes.get(at + 1), Some(b'+' | b'-')));
                self.bytes.get(k).is_some_and(u8::is_ascii_digit)
            }
            _ => false,
        };
        let after = space(self, at);
        if at == start || longer || self.char_at(after).is_some_and(notation::starts_superscript) {
            return None;
        }
        let digits = self.text.get(start..at)?.to_string();
        self.pos = at;
        self.deeper()?;
        if negative {
            self.deeper()?;
        }
        Some(Some(FnPower { negative, digits }))
    }

    /// True when a function's argument without parentheses may start here.
    fn argument_start(&self) -> bool {
        match self.bytes.get(self.pos) {
            Some(b'0'..=b'9' | b'.' | b'(' | b'_' | b'a'..=b'z' | b'A'..=b'Z') => true,
            Some(b'|') => !self.in_bars,
            Some(b) if !b.is_ascii() => {
                self.wide_char().is_some_and(|c| matches!(c, '\u{221A}' | '\u{221B}') || pest::unicode::LETTER(c))
            }
            _ => false,
        }
    }

    /// The argument of a function without parentheses: one factor, the primaries
    /// written after it with no space between them, each with its powers (`2x`,
    /// `x^2`, `2πr`), up to a space, an operator, or a function.
    fn argument(&mut self) -> Option<B::Val> {
        let mut lhs = self.operand()?;
        loop {
            self.skip_space();
            if self.pos != self.last_end || !self.tight_item() {
                break;
            }
            let open = self.builder.open(lhs, Infix::Juxtaposed);
            let rhs = self.operand()?;
            lhs = self.builder.join(open, Infix::Juxtaposed, rhs)?;
        }
        Some(lhs)
    }

    /// True when a primary that extends a function's argument starts here: not a
    /// function, not a number after a bare name, bars only after a number.
    fn tight_item(&self) -> bool {
        match self.bytes.get(self.pos) {
            Some(b'0'..=b'9' | b'.') => !self.after_name,
            Some(b'(') => true,
            Some(b'|') => !self.in_bars && self.after_number,
            Some(_) => self.argument_start() && !self.function_here(),
            None => false,
        }
    }

    /// A name: a letter or `_`, then letters, ASCII digits and `_` (letters as pest's
    /// `LETTER`: any Unicode letter), but π, which is a name of its own.
    #[inline(always)]
    fn name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let end = self.name_end(start)?;
        self.pos = end;
        self.text.get(start..end)
    }

    /// Where the name starting at `start` ends; `None` when none starts there.
    #[inline(always)]
    fn name_end(&self, start: usize) -> Option<usize> {
        let letter =
            |c: char| c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && c != 'π' && pest::unicode::LETTER(c));
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
            return (end > start).then_some(end);
        }
        let first = self.text.get(start..)?.chars().next()?;
        if first == 'π' {
            return Some(start + first.len_utf8());
        }
        if !letter(first) {
            return None;
        }
        let mut end = start + first.len_utf8();
        for c in self.text.get(end..)?.chars() {
            if letter(c) || c.is_ascii_digit() {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        Some(end)
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
