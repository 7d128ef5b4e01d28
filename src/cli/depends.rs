//! `--depends "y(x)"`: the declarations of variables that depend on others, read
//! and checked, each error pointing into the declaration it is about.

use gradtape::error::{Error, ErrorKind};
use gradtape::limits::Dependency;
use gradtape::syntax::{self, ABSTRACT_FUNCTIONS};

/// An error of the command line, with the text its position points into (a
/// `--depends` declaration) and the label written before the position.
pub struct Refused {
    pub error: Error,
    pub source: String,
    pub label: &'static str,
}

impl From<Error> for Refused {
    fn from(error: Error) -> Refused {
        Refused { error, source: String::new(), label: "" }
    }
}

/// One declaration as written: the name and each argument with their spans.
struct Declaration<'a> {
    text: &'a str,
    name: (&'a str, usize, usize),
    args: Vec<(&'a str, usize, usize)>,
}

const HINT: &str = "declare a variable and the variables it depends on, e.g. --depends \"y(x)\" or \"u(x, t)\"";

/// The declarations of `--depends`, checked, kept for the rest of the process (the
/// parser's limits refer to them). `functions` are the names of `--function`.
pub fn depends_of(texts: &[String], functions: &[&str]) -> Result<&'static [Dependency], Refused> {
    let decls: Vec<Declaration> = texts.iter().map(|t| read(t)).collect::<Result<_, _>>()?;
    for (i, d) in decls.iter().enumerate() {
        let (name, start, end) = d.name;
        if decls[..i].iter().any(|e| e.name.0 == name) {
            let all = format!("{name}({})", names_of(&decls, name).join(", "));
            return Err(refused(
                d.text,
                Error::new(ErrorKind::Usage, format!("{name} is declared twice"))
                    .at(start, end)
                    .hint(format!("declare every variable {name} depends on at once: --depends \"{all}\"")),
            ));
        }
        if ABSTRACT_FUNCTIONS.contains(&name) || functions.contains(&name) {
            return Err(refused(
                d.text,
                Error::new(ErrorKind::Usage, format!("{name} is an abstract function, not a variable"))
                    .at(start, end)
                    .hint(format!("{name}(...) already depends on its arguments; declare a variable of another name")),
            ));
        }
        for &(a, start, end) in &d.args {
            if let Some(e) = decls.iter().find(|e| e.name.0 == a) {
                let theirs = e.args.iter().map(|x| x.0).collect::<Vec<_>>().join(", ");
                return Err(refused(
                    d.text,
                    Error::new(
                        ErrorKind::Usage,
                        format!("{name} cannot depend on {a}, which depends on {theirs} itself"),
                    )
                    .at(start, end)
                    .hint(format!("declare {name} with the variables {a} depends on: --depends \"{name}({theirs})\"")),
                ));
            }
            if ABSTRACT_FUNCTIONS.contains(&a) || functions.contains(&a) {
                return Err(refused(
                    d.text,
                    Error::new(ErrorKind::Usage, format!("{a} is an abstract function, not a variable"))
                        .at(start, end)
                        .hint(HINT),
                ));
            }
        }
    }
    let out: Vec<Dependency> = decls
        .iter()
        .map(|d| {
            let args: Vec<&'static str> = d.args.iter().map(|a| leak(a.0)).collect();
            Dependency { name: leak(d.name.0), args: Box::leak(args.into_boxed_slice()) }
        })
        .collect();
    Ok(Box::leak(out.into_boxed_slice()))
}

/// The arguments of every declaration of `name`, each once.
fn names_of<'a>(decls: &[Declaration<'a>], name: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for a in decls.iter().filter(|d| d.name.0 == name).flat_map(|d| d.args.iter().map(|a| a.0)) {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn refused(text: &str, error: Error) -> Refused {
    Refused { error, source: text.to_string(), label: "--depends: " }
}

/// Reads `y(x)` or `u(x, t)`: a name, then distinct variables in parentheses.
fn read(text: &str) -> Result<Declaration<'_>, Refused> {
    let err = |message: String, start: usize, end: usize| {
        refused(text, Error::new(ErrorKind::Usage, message).at(start, end.max(start + 1)).hint(HINT))
    };
    let mut pos = skip_space(text, 0);
    let name = word(text, pos);
    if name.is_empty() {
        return Err(err("a declaration starts with a variable's name".into(), pos, pos + 1));
    }
    let (n_start, n_end) = (pos, pos + name.len());
    check_name(text, name, n_start, n_end)?;
    pos = skip_space(text, n_end);
    if pos >= text.len() {
        return Err(err(format!("{name} is declared without the variables it depends on"), n_start, n_end));
    }
    if !text[pos..].starts_with('(') {
        return Err(err(format!("expected ( after {name}"), pos, pos + 1));
    }
    let mut args: Vec<(&str, usize, usize)> = Vec::new();
    loop {
        pos = skip_space(text, pos + 1);
        let start = pos;
        let end = text[pos..].find([',', ')']).map_or(text.len(), |i| pos + i);
        let item = text[start..end].trim_end();
        let a_end = start + item.len();
        if item.is_empty() {
            let empty = args.is_empty() && text[end..].starts_with(')');
            let what = if empty { format!("{name}() names no variable") } else { "expected a variable".into() };
            return Err(err(what, start, start + 1));
        }
        if word(item, 0) != item {
            let msg = format!("{name} can depend only on variables, and {item} is not one");
            return Err(err(msg, start, a_end));
        }
        check_name(text, item, start, a_end)?;
        if item == name {
            return Err(err(format!("{name} cannot depend on itself"), start, a_end));
        }
        if args.iter().any(|a| a.0 == item) {
            return Err(err(format!("{name} depends on {item} twice"), start, a_end));
        }
        args.push((item, start, a_end));
        match text[end..].chars().next() {
            Some(',') => pos = end,
            Some(_) => {
                pos = end;
                break;
            }
            None => return Err(err(format!("expected ) after the variables {name} depends on"), end, end + 1)),
        }
    }
    let rest = skip_space(text, pos + 1);
    if rest < text.len() {
        return Err(err("unexpected text after the declaration".into(), rest, text.len()));
    }
    Ok(Declaration { text, name: (name, n_start, n_end), args })
}

/// A variable's name: not a built-in function, a constant or the derivative operator.
fn check_name(text: &str, name: &str, start: usize, end: usize) -> Result<(), Refused> {
    let operator = name == "diff" || name == "D";
    let e = if operator {
        Err(Error::new(ErrorKind::Usage, format!("'{name}' is the derivative operator, not a variable")).at(start, end))
    } else {
        syntax::check_variable_name(name, start, end)
    };
    e.map_err(|e| refused(text, e.hint(HINT)))
}

/// The name starting at `pos` (letters, digits after the first, underscores).
fn word(text: &str, pos: usize) -> &str {
    let rest = &text[pos..];
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        let ok = c.is_alphabetic() || c == '_' || (i > 0 && c.is_numeric());
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    &rest[..end]
}

fn skip_space(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    pos + (text[pos..].len() - text[pos..].trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(decls: &[&str]) -> String {
        let texts: Vec<String> = decls.iter().map(|s| s.to_string()).collect();
        match depends_of(&texts, &["u2"]) {
            Ok(d) => format!("{d:?}"),
            Err(r) => format!("{:?} {}", r.error.span, r.error.message),
        }
    }

    #[test]
    fn declarations_read() {
        assert_eq!(message(&["y(x)"]), r#"[Dependency { name: "y", args: ["x"] }]"#);
        assert_eq!(message(&[" u ( x , t ) "]), r#"[Dependency { name: "u", args: ["x", "t"] }]"#);
        assert_eq!(message(&["y"]), "Some((0, 1)) y is declared without the variables it depends on");
        assert_eq!(message(&["y(y)"]), "Some((2, 3)) y cannot depend on itself");
        assert_eq!(message(&["y(x,x)"]), "Some((4, 5)) y depends on x twice");
        assert_eq!(message(&["y(2)"]), "Some((2, 3)) y can depend only on variables, and 2 is not one");
        assert_eq!(message(&["y()"]), "Some((2, 3)) y() names no variable");
        assert_eq!(message(&["y(x"]), "Some((3, 4)) expected ) after the variables y depends on");
        assert_eq!(message(&["y(x) z"]), "Some((5, 6)) unexpected text after the declaration");
        assert_eq!(message(&["y(x)", "y(t)"]), "Some((0, 1)) y is declared twice");
        assert_eq!(message(&["f(x)"]), "Some((0, 1)) f is an abstract function, not a variable");
        assert_eq!(message(&["u2(x)"]), "Some((0, 2)) u2 is an abstract function, not a variable");
        assert_eq!(message(&["z(y)", "y(x)"]), "Some((2, 3)) z cannot depend on y, which depends on x itself");
        assert!(message(&["sin(x)"]).contains("not a variable"));
        assert!(message(&["pi(x)"]).contains("not a variable"));
        assert!(message(&["y(e)"]).contains("not a variable"));
        assert!(message(&["D(x)"]).contains("derivative operator"));
        assert_eq!(message(&["y(,x)"]), "Some((2, 3)) expected a variable");
        // Nothing the flag is given makes it panic.
        for odd in ["", " ", "((", ")", "y)x(", "y(x))", "ÿ(x", "y(θ,", "y(x y)", "y(\u{301}x)", "é(ö)", "y(x,)"] {
            let _ = message(&[odd]);
        }
    }
}
