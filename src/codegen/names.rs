//! Identifiers in the generated code: the words each target reserves, the renaming
//! of variables that would clash, and the validation of `--name`.

use std::collections::HashSet;

use super::{Lang, RESERVED_LOCALS};
use crate::error::{Error, ErrorKind};

const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type", "_",
];

/// Builtins and module names a generated Python file uses or a reader expects.
const PYTHON_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bool",
    "callable",
    "complex",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "id",
    "input",
    "int",
    "isinstance",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "min",
    "next",
    "object",
    "open",
    "pow",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "vars",
    "zip",
    "self",
    "cls",
    "math",
    "np",
    "numpy",
    "jax",
    "jnp",
    "tf",
    "tensorflow",
    "torch",
    "__name__",
    "__file__",
];

const C_KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Bool",
    "_Complex",
    "_Imaginary",
    "bool",
    "true",
    "false",
    "NULL",
    "main",
    "errno",
    "assert",
];

/// The `<math.h>` names a C file may call or that are macros there.
const C_MATH: &[&str] = &[
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp",
    "log", "log2", "log10", "log1p", "sqrt", "cbrt", "pow", "fabs", "fmax", "fmin", "erf", "erfc", "NAN", "INFINITY",
    "HUGE_VAL", "M_PI", "M_E", "isnan", "isinf", "signbit", "copysign", "floor", "ceil", "round",
];

const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union", "gen", "_",
    "f32", "f64", "i32", "i64", "u32", "u64", "usize", "isize", "bool", "str", "char", "std", "core", "alloc",
];

/// True when `word` is a keyword, builtin or name the target's generated code uses.
fn reserved_word(lang: Lang, word: &str) -> bool {
    let lists: &[&[&str]] = match lang {
        Lang::C => &[C_KEYWORDS, C_MATH],
        Lang::Rust => &[RUST_KEYWORDS],
        _ => &[PYTHON_KEYWORDS, PYTHON_BUILTINS],
    };
    lists.iter().any(|l| l.contains(&word)) || RESERVED_LOCALS.contains(&word) || is_temporary(word)
}

/// Names of the form `t0`, `t12`: the generated code's temporaries.
fn is_temporary(word: &str) -> bool {
    word.strip_prefix('t').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// True for `[A-Za-z_][A-Za-z0-9_]*`.
fn is_ascii_identifier(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Every name the file defines for function `name` (the functions, their helpers
/// and private pieces): no variable may take one of them.
fn file_names(name: &str) -> Vec<String> {
    let suffixes = [
        "",
        "_grad",
        "_hessian",
        "_jacobian",
        "_value_and_grad",
        "_value_and_jacobian",
        "_sigmoid",
        "_softplus",
        "_sign",
        "_erf",
        "_erfc",
        "_cbrt",
        "_heaviside",
        "_acot",
        "_sinc",
        "_exp2",
        "_hypot",
        "_silu",
        "_softsign",
        "_gelu",
        "_elu",
        "_sin",
        "_cos",
        "_sin_cos",
        "_unbroadcast",
        "_zeros",
        "_value",
        "_custom",
        "_function",
        "_jvp",
        "_dtype",
    ];
    suffixes.iter().flat_map(|s| [format!("{name}{s}"), format!("_{name}{s}")]).collect()
}

/// Checks `--name`: an ASCII identifier that is no keyword or builtin of the target.
pub(crate) fn check_function_name(lang: Lang, name: &str) -> Result<(), Error> {
    let shown: String = name.chars().flat_map(char::escape_default).collect();
    if !is_ascii_identifier(name) {
        return Err(Error::new(ErrorKind::Usage, format!("--name '{shown}' is not an identifier"))
            .hint("use letters, digits and underscores, starting with a letter, such as energy or f"));
    }
    if reserved_word(lang, name) || name.starts_with('_') || (lang == Lang::C && name.contains("__")) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "--name '{name}' is reserved in {} (a keyword, builtin or name the generated code uses)",
                lang.name()
            ),
        )
        .hint(format!("choose another name, such as {name}_fn")));
    }
    Ok(())
}

/// The identifiers of the variables `names` in the target, in order, and the
/// renamings made (original, new). A variable keeps its name unless that name is
/// not an ASCII identifier, is reserved, starts with `_` (C), or is a name the file
/// defines; then it becomes the first free name in `x_`, `x__`, ... (non-ASCII
/// letters spelled as `u` and their code point).
pub(crate) fn identifiers(lang: Lang, function: &str, names: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let defined: HashSet<String> = file_names(function).into_iter().collect();
    let keeps = |w: &str| {
        is_ascii_identifier(w)
            && !reserved_word(lang, w)
            && !defined.contains(w)
            && !(lang == Lang::C && (w.starts_with('_') || w.contains("__")))
    };
    let mut taken: HashSet<String> = names.iter().filter(|n| keeps(n)).cloned().collect();
    let mut out = Vec::new();
    let mut renamed = Vec::new();
    for n in names {
        if keeps(n) {
            out.push(n.clone());
            continue;
        }
        let mut base = ascii_spelling(n);
        if base.starts_with('_') || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, 'v');
        }
        if lang == Lang::C {
            while base.contains("__") {
                base = base.replace("__", "_");
            }
        }
        let mut cand = format!("{base}_");
        while !keeps(&cand) || taken.contains(&cand) {
            cand.push(if lang == Lang::C { 'x' } else { '_' });
        }
        taken.insert(cand.clone());
        renamed.push((n.clone(), cand.clone()));
        out.push(cand);
    }
    (out, renamed)
}

/// The name with every character outside ASCII letters, digits and `_` written as
/// `u` and its code point in hex: `α` is `u3b1`.
fn ascii_spelling(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else {
            s.push_str(&format!("u{:x}", c as u32));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(lang: Lang, names: &[&str]) -> Vec<String> {
        identifiers(lang, "f", &names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).0
    }

    #[test]
    fn clashing_variables_are_renamed_deterministically() {
        assert_eq!(ids(Lang::Python, &["lambda", "x", "lambda_"]), ["lambda__", "x", "lambda_"]);
        assert_eq!(ids(Lang::C, &["double", "int"]), ["double_", "int_"]);
        assert_eq!(ids(Lang::Rust, &["fn", "t0", "f_grad"]), ["fn_", "t0_", "f_grad_"]);
        assert_eq!(ids(Lang::C, &["α", "_x"]), ["u3b1_", "v_x_"]);
    }

    #[test]
    fn hostile_function_names_are_refused() {
        for bad in ["", "1f", "f(x)", "f;", "a b", "def", "lambda", "np", "π", "f\n", "_f"] {
            assert!(check_function_name(Lang::Python, bad).is_err(), "{bad:?}");
        }
        assert!(check_function_name(Lang::C, "double").is_err());
        assert!(check_function_name(Lang::Rust, "fn").is_err());
        assert!(check_function_name(Lang::C, "energy").is_ok());
    }
}
