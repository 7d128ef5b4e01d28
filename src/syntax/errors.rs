//! Error wording for the parser: what the grammar refused and why, in the user's
//! words (unclosed parentheses, operators without operands, lookalike characters),
//! and the errors about names, calls and implicit multiplication.

use super::notation;
use crate::error::{did_you_mean, Error, ErrorKind};
use crate::func;

/// The error for an expression of nothing but whitespace.
pub(crate) fn empty_expression() -> Error {
    Error::new(ErrorKind::Syntax, "empty expression").hint("write an expression such as x^2")
}

/// The hint for a point the grammar refuses.
pub(crate) const POINT_HINT: &str = "write the point as name=value pairs, e.g. --at x=2,y=1/3";

/// The error for a function or constant given as a variable (in `--wrt` or `--at`).
pub(crate) fn not_a_variable(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Usage, format!("'{name}' is a function or constant, not a variable")).at(start, end)
}

/// The error for a number written right after a bare name: `x 2`.
pub(crate) fn juxtaposed_after_name(name: &str, next: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("expected an operator between '{name}' and '{next}'"))
        .at(start, end)
        .hint(format!("a number after a name needs an operator: write {name}*{next}"))
}

/// The error for a factor after a function applied without parentheses, where the
/// argument might or might not extend: `sin x y`.
pub(crate) fn ambiguous_argument(name: &str, arg: &str, next: &str, start: usize, end: usize) -> Error {
    Error::new(
        ErrorKind::Syntax,
        format!("'{name} {arg} {next}' is ambiguous: is '{next}' part of the argument of {name}?"),
    )
    .at(start, end)
    .hint(format!("write {name}({arg}*{next}) or {name}({arg})*{next}"))
}

/// The error for bars written right after an operand other than a number: `x|y|`,
/// `|x| |y|`, where a bar might open or close an absolute value.
pub(crate) fn ambiguous_bar(at: usize) -> Error {
    Error::new(ErrorKind::Syntax, "a '|' right after an operand is ambiguous: does it open or close an absolute value?")
        .at(at, at + 1)
        .hint("put an operator before an absolute value, or write abs(...) for it: write |x|*|y|")
}

/// The error for a function power other than a positive integer or -1: `sin^-2(x)`.
pub(crate) fn function_power(name: &str, exp: &str, arg: &str, start: usize, end: usize) -> Error {
    Error::new(
        ErrorKind::Syntax,
        format!("'{name}^{exp}' is ambiguous: a power of a function is a positive integer, or -1 for the inverse"),
    )
    .at(start, end)
    .hint(format!("for a power of the value, write {name}({arg})^({exp})"))
}

/// The error for `f^-1` where `f` has no inverse function in the language: `ln^-1(x)`.
pub(crate) fn no_inverse(name: &str, arg: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("'{name}^-1' is ambiguous: {name} has no inverse function here"))
        .at(start, end)
        .hint(format!("for the reciprocal, write 1/{name}({arg})"))
}

/// The error for `nthroot(x, n)` with `n` not a positive integer.
pub(crate) fn nthroot_degree(args: &[String], start: usize, end: usize) -> Error {
    let (x, n) = match args {
        [x, n] => (x.as_str(), n.as_str()),
        _ => ("x", "n"),
    };
    Error::new(ErrorKind::Syntax, "the degree of nthroot must be a positive integer, as in nthroot(x, 3)")
        .at(start, end)
        .hint(format!("for another degree, write ({x})^(1/({n}))"))
}

/// The error for a function name written without arguments: `sin`.
pub(crate) fn function_without_argument(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("'{name}' is a function: it needs an argument"))
        .at(start, end)
        .hint(format!("write {name}(x)"))
}

/// The error for a call of something that is not a function: `pi(2)`, `sine(x)`,
/// `x(y)`, `factorial(5)`. `args` is the text between the parentheses.
pub(crate) fn not_a_function(name: &str, args: &str, start: usize, end: usize) -> Error {
    let multiply = |err: Error| {
        if args.trim().is_empty() || args.contains(',') {
            err
        } else {
            err.hint(format!("to multiply, write {name}*({args})"))
        }
    };
    if name == "pi" || name == "π" || name == "e" {
        return multiply(
            Error::new(ErrorKind::UnknownFunction, format!("{name} is a constant, not a function")).at(start, end),
        );
    }
    if notation::NOT_YET.contains(&name) {
        return Error::new(ErrorKind::UnknownFunction, format!("the function '{name}' is not supported yet"))
            .at(start, end)
            .hint("see docs/grammar.md for the functions gradtape knows");
    }
    let names = func::NAMES.iter().map(|(n, _)| *n).chain(notation::ALIASES);
    let err = Error::new(ErrorKind::UnknownFunction, format!("unknown function '{name}'")).at(start, end);
    match did_you_mean(name, names) {
        Some(s) => Error { message: format!("unknown function '{name}' — did you mean '{s}'?"), ..err },
        None => multiply(Error { message: format!("{name} is not a function"), ..err }),
    }
}

/// The error for a call with a wrong number of arguments (between `lo` and `hi`).
pub(crate) fn arity(name: &str, (lo, hi): (usize, usize), got: usize, start: usize, end: usize) -> Error {
    let want = if lo == hi { format!("{lo}") } else { format!("{lo} or {hi}") };
    let plural = if hi == 1 { "argument" } else { "arguments" };
    Error::new(ErrorKind::Arity, format!("{name} takes {want} {plural}, got {got}")).at(start, end)
}

/// The error for text the grammar refuses at byte `pos`, in the user's words.
pub(crate) fn syntax_error(text: &str, pos: usize) -> Error {
    let rest = &text[pos.min(text.len())..];
    let next = rest.chars().next();
    let before = text[..pos.min(text.len())].trim_end();
    let last = before.chars().last();
    let unclosed = unclosed_paren(&text[..pos.min(text.len())]);
    let end_of_input = rest.trim().is_empty();
    let at = |err: Error, len: usize| err.at(pos, pos + len);
    let next_len = next.map_or(0, char::len_utf8);
    let op_before = |c: char| if c == '*' && before.ends_with("**") { "**".to_string() } else { c.to_string() };
    if end_of_input {
        if let Some(c) = last.filter(|c| "+-*/^×·÷−".contains(*c)) {
            let op = op_before(c);
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand after '{op}'")), 0)
                .hint("the expression ends in an operator");
        }
        if unclosed_bar(text) {
            return at(Error::new(ErrorKind::Syntax, "unclosed '|'"), 0).hint("close the absolute value with '|'");
        }
        if let Some(open) = unclosed {
            return Error::new(ErrorKind::Syntax, "unclosed '('").at(open, open + 1).hint("add the missing ')'");
        }
        if last == Some(',') {
            return at(Error::new(ErrorKind::Syntax, "expected an argument after ','"), 0);
        }
        return at(Error::new(ErrorKind::Syntax, "expected an expression"), 0);
    }
    let c = next.unwrap_or(' ');
    if c == ')' {
        if unclosed.is_none() {
            return at(Error::new(ErrorKind::Syntax, "unmatched ')'"), 1).hint("remove it or add a '(' before it");
        }
        if last == Some('(') {
            return at(Error::new(ErrorKind::Syntax, "empty parentheses"), 1);
        }
        if let Some(op) = last.filter(|c| "+-*/^×·÷−,".contains(*c)) {
            let op = op_before(op);
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand after '{op}'")), 1);
        }
    }
    if let Some(op) = last.filter(|c| "+-*/^×·÷−(,".contains(*c)) {
        if "*/^)×·÷,".contains(c) {
            let what = format!("after '{}'", op_before(op));
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand {what}, found '{c}'")), next_len);
        }
    }
    if c == '=' {
        return at(Error::new(ErrorKind::Syntax, "unexpected '='"), 1)
            .hint("an expression has no '='; a point is written --at x=1");
    }
    if c.is_ascii_digit() || c.is_alphabetic() || c == '(' || c == '.' {
        return at(
            Error::new(ErrorKind::Syntax, format!("expected an operator before '{}'", token_at(rest))),
            token_at(rest).len(),
        );
    }
    let hint = match c {
        '[' | '{' => Some("use ( and ) for grouping"),
        '!' => Some("factorial is not supported yet"),
        '%' => Some("write percentages as /100"),
        '\'' | '"' => Some("quote the whole expression for the shell, not parts of it"),
        _ => lookalike(c),
    };
    let err = at(Error::new(ErrorKind::Syntax, format!("unexpected character '{}'", shown(c))), next_len);
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

/// A hint for a character that looks like one the language knows (the minus sign
/// U+2212, `×`, `·` and `÷` are accepted as they are).
fn lookalike(c: char) -> Option<&'static str> {
    match c {
        '\u{FF10}'..='\u{FF19}' => Some("a fullwidth digit: write the digits 0-9"),
        '\u{2010}'..='\u{2015}' | '\u{FE63}' | '\u{FF0D}' => Some("a dash: write - for minus"),
        '\u{FF01}'..='\u{FF5E}' => Some("a fullwidth character: write its plain form (+ * / ^ ( ) ...)"),
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
            Some("a curly quote: quote the whole expression for the shell with straight quotes")
        }
        '\u{207A}' | '\u{207B}' => Some("a superscript sign needs superscript digits after it, as in x⁻¹"),
        '\u{221C}' => Some("write a fourth root as nthroot(x, 4)"),
        '\u{2217}' | '\u{2715}' | '\u{2716}' | '\u{2062}' => Some("write * for multiplication"),
        '\u{2044}' | '\u{2215}' => Some("write / for division"),
        '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{3000}' => {
            Some("a non-breaking or wide space: use a plain space")
        }
        '\u{0}'..='\u{1F}' | '\u{7F}' => Some("a control character: the input may be binary or in another encoding"),
        _ => None,
    }
}

/// A character as the user typed it, but escaped where it would not be seen: control
/// characters, spaces other than the plain one, invisible format characters.
fn shown(c: char) -> String {
    let invisible = c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{AD}')
        || ('\u{300}'..='\u{36F}').contains(&c);
    if invisible {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

/// True when `text` leaves an absolute value open: an odd number of bars.
fn unclosed_bar(text: &str) -> bool {
    text.bytes().filter(|&b| b == b'|').count() % 2 == 1
}

/// The identifier, number or character at the start of `rest`.
fn token_at(rest: &str) -> &str {
    let end = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    let end = if end == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { end };
    &rest[..end]
}

/// The byte offset of the last '(' left open in `text`.
fn unclosed_paren(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

// ------------------------------------------------------------ abstract functions

/// `f''''(x)`: primes stop at three.
pub(crate) fn too_many_primes(name: &str, count: usize, start: usize, end: usize) -> Error {
    let slots = vec!["1"; count].join(",");
    Error::new(ErrorKind::Syntax, format!("{count} primes on {name}: primes stop at three"))
        .at(start, end)
        .hint(format!("write D[{slots}]({name})(x) for the derivative of order {count}"))
}

/// `f()`: an abstract function takes at least one argument.
pub(crate) fn no_arguments(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Arity, format!("{name} is an abstract function and takes at least one argument, got 0"))
        .at(start, end)
}

/// `g'(x, y)`: a prime does not say which argument.
pub(crate) fn primes_of_several(name: &str, count: usize, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("a prime on {name} of {count} arguments does not say which one"))
        .at(start, end)
        .hint(format!("write D[1]({name})(...) for the partial derivative in the first argument"))
}

/// `sin'(x)`: built-in functions have their derivatives worked out.
pub(crate) fn primes_of_builtin(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("a prime on the built-in function {name}"))
        .at(start, end)
        .hint(format!("write diff({name}(x), x), or run gradtape diff on {name}(x)"))
}

/// `y'(x)` where y is no function: the abstract functions and the variables declared
/// to depend on others take primes.
pub(crate) fn primes_of_unknown(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("a prime on {name}, which is not a function"))
        .at(start, end)
        .hint(format!(
            "declare --depends \"{name}(x)\" for a variable {name} that depends on x, or --function {name} for an abstract function"
        ))
}

/// `D[1](sin)(x)`: only abstract functions are written with `D`.
pub(crate) fn not_abstract(name: &str, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::UnknownFunction, format!("{name} is not an abstract function"))
        .at(start, end)
        .hint("D[...] takes an abstract function: f, g, h, or one named by --function")
}

/// `D[3](g)(x, y)`: a slot names one of the arguments.
pub(crate) fn bad_slot(name: &str, slot: &str, arity: usize, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Syntax, format!("D[...] of {name} lists slot {slot}, but {name} has {arity} arguments"))
        .at(start, end)
        .hint(format!("slots count the arguments from 1 to {arity}"))
}

/// `D[1,1,...](f)(x)` beyond the limit.
pub(crate) fn too_many_slots(name: &str, count: usize, most: usize, start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Limit, format!("D[...] of {name} lists {count} slots, more than {most}")).at(start, end)
}

/// `diff(u)` or `diff(u, 2)`: what the derivative operator takes.
pub(crate) fn diff_arguments(start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Arity, "diff takes an expression and the variables to differentiate by")
        .at(start, end)
        .hint("write diff(u, x), diff(u, x, y) or diff(u, x, 3) for the third derivative in x")
}

/// `diff(u, x, 1000)`: beyond the order limit.
pub(crate) fn diff_order(start: usize, end: usize) -> Error {
    Error::new(ErrorKind::Limit, format!("diff asks for more than {} derivatives", crate::limits::MAX_ORDER))
        .at(start, end)
}
