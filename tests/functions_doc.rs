//! docs/functions.md against the function table: one row per function in each of its
//! two tables, in the table's order. The names, derivative and code-generation
//! columns are generated here from the rows (`gradtape::func::FUNCS`, `NAMES`, the
//! derivative as `gradtape diff` prints it, each target's spelling); the domain and
//! exact-value columns are written by hand and must not be empty.
//!
//! `GRADTAPE_DOCS_UPDATE=1 cargo test --test functions_doc` rewrites the generated
//! columns (keeping the written ones, and leaving new rows' written cells empty, so
//! the test fails until they are filled).

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use gradtape::func::code::Spell;
use gradtape::func::{Builtin, FuncDef, FUNCS, NAMES};
use gradtape::pipeline::{self, Request, Task};
use gradtape::render::text::to_text;
use gradtape::syntax::Limits;

const CALCULUS: &str = "| function | other names | domain | derivative | exact values |";
const CODE: &str = "| function | python | numpy | jax | tensorflow | torch | C | Rust |";

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/functions.md")
}

/// The call as the tables name it: `sin(x)`, `hypot(x, y)`.
fn call(row: &FuncDef) -> String {
    if row.arity == 2 {
        format!("{}(x, y)", row.name)
    } else {
        format!("{}(x)", row.name)
    }
}

fn aliases(row: &FuncDef) -> String {
    let names: Vec<String> = NAMES
        .iter()
        .filter(|(n, b)| *b == Builtin::Func(row.func) && *n != row.name)
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    if names.is_empty() {
        "—".to_string()
    } else {
        names.join(", ")
    }
}

/// The derivative as `gradtape diff` prints it (each partial for two arguments).
fn derivative(row: &FuncDef) -> String {
    let wrt: Vec<String> = ["x", "y"][..row.arity].iter().map(|s| s.to_string()).collect();
    let request = Request {
        task: Task::Diff { wrt: Some(wrt.clone()), orders: (1, 1) },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let mut outcome = pipeline::run(&request, &call(row)).expect("differentiates");
    let ds: Vec<_> = outcome.derivatives.iter().map(|d| (d.wrt.join(","), d.expr)).collect();
    let texts: Vec<String> = ds
        .iter()
        .map(|(w, e)| (w.clone(), to_text(&mut outcome.store, *e)))
        .map(|(w, t)| (w, t.replace('|', "\\|")))
        .map(|(w, t)| if row.arity == 1 { format!("`{t}`") } else { format!("by {w}: `{t}`") })
        .collect();
    texts.join("; ")
}

fn spelling(s: Spell) -> String {
    match s {
        Spell::Name(n) => format!("`{n}`"),
        Spell::Recip(n) => format!("`1/{n}(u)`"),
        Spell::OfRecip(n) => format!("`{n}(1/u)`"),
        Spell::Over(n, c) => format!("`{n}(u)/{c:.6}`"),
        Spell::WithZero(n) => format!("`{n}(u, 0)`"),
        Spell::ZeroFirst(n) => format!("`{n}(0, u)`"),
        Spell::Defined(h) => format!("helper `{}`", h.suffix()),
        Spell::DefinedF64(h, n) => format!("helper `{}` (f32: `{n}`)", h.suffix()),
        Spell::Unsupported => "unsupported".to_string(),
    }
}

/// The cells of a table's rows, by their first cell, from the line after `header`.
fn written(text: &str, header: &str) -> HashMap<String, Vec<String>> {
    let Some(start) = text.find(header) else { return HashMap::new() };
    text[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<String> = split_cells(l);
            (cells[0].clone(), cells)
        })
        .collect()
}

/// The cells of a table line, `\|` kept inside a cell.
fn split_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'|') {
            cells.last_mut().unwrap().push_str("\\|");
            chars.next();
        } else if c == '|' {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// The two tables as they should be, the written cells taken from `text`.
fn tables(text: &str) -> (String, String) {
    let old = written(text, CALCULUS);
    let mut calculus = format!("{CALCULUS}\n|---|---|---|---|---|\n");
    let mut code = format!("{CODE}\n|---|---|---|---|---|---|---|---|\n");
    for row in FUNCS.iter() {
        let name = format!("`{}`", call(row));
        let kept = old.get(&name);
        let cell = |i: usize| kept.and_then(|c| c.get(i)).cloned().unwrap_or_default();
        calculus.push_str(&format!(
            "| {name} | {} | {} | {} | {} |\n",
            aliases(row),
            cell(2),
            derivative(row),
            cell(4)
        ));
        let c = &row.code;
        let spelled: Vec<String> =
            [c.python, c.numpy, c.jax, c.tensorflow, c.torch, c.c, c.rust].into_iter().map(spelling).collect();
        code.push_str(&format!("| {name} | {} |\n", spelled.join(" | ")));
    }
    (calculus, code)
}

/// `text` with the table under `header` replaced by `table`.
fn replaced(text: &str, header: &str, table: &str) -> String {
    let start = text.find(header).unwrap_or_else(|| panic!("docs/functions.md has no table {header}"));
    let len: usize = text[start..].lines().take_while(|l| l.starts_with('|')).map(|l| l.len() + 1).sum();
    format!("{}{}{}", &text[..start], table, &text[(start + len).min(text.len())..])
}

#[test]
fn the_function_page_lists_every_function_as_the_table_defines_it() {
    let text = fs::read_to_string(path()).expect("docs/functions.md");
    let (calculus, code) = tables(&text);
    let want = replaced(&replaced(&text, CALCULUS, &calculus), CODE, &code);
    if std::env::var("GRADTAPE_DOCS_UPDATE").as_deref() == Ok("1") {
        fs::write(path(), &want).expect("docs/functions.md is writable");
    } else {
        for (got, want) in text.lines().zip(want.lines()) {
            assert_eq!(
                got, want,
                "docs/functions.md is stale (GRADTAPE_DOCS_UPDATE=1 cargo test --test functions_doc)"
            );
        }
        assert_eq!(text.lines().count(), want.lines().count(), "docs/functions.md is stale");
    }
    for line in calculus.lines().skip(2) {
        let cells = split_cells(line);
        assert!(
            !cells[2].is_empty() && !cells[4].is_empty(),
            "docs/functions.md: write the domain and exact values of {}",
            cells[0]
        );
    }
}
