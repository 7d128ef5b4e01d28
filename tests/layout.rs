//! The house rules of the source tree, checked on every test run: each module opens with
//! a `//!` line, no file is over 1,000 lines, no function over 100, the top-level modules of
//! the library depend on each other without a cycle, and the command-line crates are used
//! only by the binary (`main.rs` and `src/cli/`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 1_000;
const MAX_FN_LINES: usize = 100;
/// Crates that belong to the command line, not to the library.
const CLI_CRATES: [&str; 4] = ["clap", "clap_complete", "clap_mangen", "anstream"];

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir).expect("src is readable").flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

fn relative(p: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// The top-level module a file belongs to (`store/add.rs` → `store`), or None for the
/// crate roots and the binary's own modules.
fn top_module(rel: &str) -> Option<String> {
    if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("cli/") || rel == "cli.rs" {
        return None;
    }
    let first = rel.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn every_module_says_what_it_owns() {
    let missing: Vec<String> = sources()
        .iter()
        .filter(|p| {
            let text = fs::read_to_string(p).unwrap_or_default();
            !text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("//!"))
        })
        .map(|p| relative(p))
        .collect();
    assert!(missing.is_empty(), "modules without a //! line at the top: {missing:?}");
}

#[test]
fn no_file_is_too_long() {
    let long: Vec<(String, usize)> = sources()
        .iter()
        .map(|p| (relative(p), fs::read_to_string(p).unwrap_or_default().lines().count()))
        .filter(|(_, n)| *n > MAX_FILE_LINES)
        .collect();
    assert!(long.is_empty(), "files over {MAX_FILE_LINES} lines: {long:?}");
}

/// The functions of a file with their lengths: a line that starts an item `fn` (after
/// `pub`, `const`, `unsafe` …) up to the line that closes its body at the same indent.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        for prefix in ["pub(crate) ", "pub(super) ", "pub ", "const ", "unsafe ", "async ", "extern \"C\" "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(sig) = rest.strip_prefix("fn ") else { continue };
        let name: String = sig.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // A declaration without a body (in a trait) ends with ';' before any '{'.
        let closing = format!("{}}}", " ".repeat(indent));
        if let Some(end) = lines[i..].iter().position(|l| *l == closing || l.starts_with(&format!("{closing} "))) {
            let body_on_one_line = lines[i..=i + end].iter().any(|l| l.trim_end().ends_with(';')) && end == 0;
            if !body_on_one_line {
                out.push((name, end + 1));
            }
        }
    }
    out
}

#[test]
fn no_function_is_too_long() {
    let mut long = Vec::new();
    for p in sources() {
        let text = fs::read_to_string(&p).unwrap_or_default();
        for (name, n) in function_lengths(&text) {
            if n > MAX_FN_LINES {
                long.push(format!("{}: {name} ({n} lines)", relative(&p)));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines: {long:#?}");
}

/// Every `crate::a::b::…` path a file's code mentions outside its unit tests and
/// comments, as its segments; `use crate::{a, b::c}` gives `a` and `b::c`.
fn crate_paths(text: &str) -> BTreeSet<Vec<String>> {
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let code = code.as_str();
    let segments = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|seg| seg.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
            .take_while(|seg| !seg.is_empty())
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[i + 7..];
        if let Some(inner) = rest.strip_prefix('{') {
            let inner = &inner[..inner.find(';').unwrap_or(inner.len())];
            for part in inner.split(',') {
                let path = segments(part.trim().trim_start_matches('{'));
                if !path.is_empty() {
                    out.insert(path);
                }
            }
        } else {
            let path = segments(rest);
            if !path.is_empty() {
                out.insert(path);
            }
        }
    }
    out
}

/// The library's module path of a file (`store/add.rs` → `store::add`, `store/mod.rs` →
/// `store`), or None for the crate roots and the binary's own modules.
fn module_path(rel: &str) -> Option<String> {
    top_module(rel)?;
    let path = rel.trim_end_matches(".rs").trim_end_matches("/mod").replace('/', "::");
    Some(path)
}

#[test]
fn modules_depend_on_each_other_without_a_cycle() {
    let files: Vec<(String, String)> = sources()
        .iter()
        .filter_map(|p| Some((module_path(&relative(p))?, fs::read_to_string(p).unwrap_or_default())))
        // Unit tests (`tests.rs` beside a module) may use anything.
        .filter(|(m, _)| m != "tests" && !m.ends_with("::tests"))
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    // An edge between two files counts between the modules just below their common
    // ancestor (`func::trig` → `store::add` is `func` → `store`; `render::latex` →
    // `render::text` stays as it is): a directory is one unit to the modules beside it.
    // A module and its own descendants are one unit.
    let lift = |a: &str, b: &str| -> Option<(String, String)> {
        let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split("::").collect(), b.split("::").collect());
        let common = pa.iter().zip(&pb).take_while(|(x, y)| x == y).count();
        if common == pa.len() || common == pb.len() {
            return None;
        }
        Some((pa[..=common].join("::"), pb[..=common].join("::")))
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, text) in &files {
        for path in crate_paths(text) {
            // The longest prefix of the path that is a module.
            let target = (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains(m));
            if let Some((a, b)) = target.and_then(|to| lift(from, &to)) {
                graph.entry(a).or_default().insert(b);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(1) => {
                let start = path.iter().position(|p| p == m).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            Some(_) => return None,
            None => {}
        }
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut state, &mut Vec::new()) {
            panic!("a module cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn command_line_crates_stay_in_the_binary() {
    let mut found = Vec::new();
    for p in sources() {
        let rel = relative(&p);
        if top_module(&rel).is_none() && rel != "lib.rs" {
            continue;
        }
        let text = fs::read_to_string(&p).unwrap_or_default();
        for c in CLI_CRATES {
            if text.contains(&format!("{c}::")) {
                found.push(format!("{rel}: {c}"));
            }
        }
    }
    assert!(found.is_empty(), "command-line crates used in the library: {found:?}");
}

#[test]
fn the_checks_themselves_see_what_they_look_for() {
    let text = "fn short() {\n    1\n}\n\npub fn long() {\n    a\n    b\n}\n";
    assert_eq!(function_lengths(text), vec![("short".to_string(), 3), ("long".to_string(), 4)]);
    let paths =
        crate_paths("use crate::store::{Store, ExprId};\nuse crate::{eval, func::Func};\nx = crate::limits::A;");
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["eval", "func::Func", "limits::A", "store"]);
    assert_eq!(module_path("store/mod.rs").as_deref(), Some("store"));
    assert_eq!(module_path("render/latex.rs").as_deref(), Some("render::latex"));
    assert_eq!(top_module("store/add.rs").as_deref(), Some("store"));
    assert_eq!(top_module("cli/args.rs"), None);
}
