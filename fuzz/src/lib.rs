//! The fuzz harnesses, shared by the libFuzzer targets (`fuzz_targets/`) and by the
//! stable driver (`src/bin/stable.rs`), which runs them without coverage guidance.
//!
//! Every harness runs under small work limits so that each input stays fast; a
//! panic, abort or stack overflow is a finding.

use gradtape::diff::Differentiator;
use gradtape::eval::{Evaluator, Point};
use gradtape::store::Store;
use gradtape::limits::Limits;
use gradtape::syntax;
use gradtape::pipeline::{self, Request, Task};
use gradtape::render::latex::{to_latex, LatexOptions};
use gradtape::render::text::to_text;
use gradtape::report;

/// Work limits for fuzzing: the defaults for text, small budgets for work.
pub fn limits() -> Limits {
    Limits { max_steps: 50_000, max_nodes: 100_000, max_size: 50_000, ..Limits::default() }
}

/// Runs `f`. The harnesses run on the calling thread: run the fuzzers with a stack
/// as large as the command's worker thread has (`ulimit -s 1048576`, as
/// `fuzz/run.sh` does), so that a stack overflow here is one the command would hit.
fn on_big_stack(f: impl FnOnce()) {
    f()
}

fn text_of(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Any text through the parser, as an expression and as a point; the fast path must
/// build what the grammar builds, or give up where the grammar reports an error.
pub fn parse(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    on_big_stack(|| {
        for limits in [limits(), Limits { max_depth: 4, max_literal_exponent: 30, ..limits() }] {
            let fast = syntax::parse_fast(text, limits);
            let grammar = syntax::parse_with_grammar(text, limits);
            match (fast, grammar) {
                (Some(a), Ok(b)) => assert_eq!(a, b, "the two parsers build different trees for {text:?}"),
                (None, Err(_)) => {}
                (None, Ok(b)) if syntax::left_to_grammar(text, &b) => {}
                (a, b) => panic!("the two parsers disagree on {text:?}: {a:?} and {b:?}"),
            }
        }
        let _ = syntax::parse_with(text, limits());
        let _ = syntax::parse_point(text);
        lowered_agrees(text, limits());
    });
}

/// Building while parsing leaves the store that building the tree leaves.
fn lowered_agrees(text: &str, limits: Limits) {
    let direct = syntax::parse_lowered(text, limits);
    let tree = syntax::parse_with(text, limits).map(|ast| {
        let mut store = Store::with_limits(&limits);
        let expr = ast.lower(&mut store);
        (store, expr, ast.variables())
    });
    match (direct, tree) {
        (Ok(d), Ok((store, expr, variables))) => {
            assert_eq!((d.expr, &d.variables), (expr, &variables), "different results for {text:?}");
            assert!(d.store.nodes().eq(store.nodes()), "different stores for {text:?}");
            assert_eq!((d.store.steps(), d.store.exceeded()), (store.steps(), store.exceeded()), "for {text:?}");
        }
        (Err(a), Err(b)) => assert_eq!((a.message, a.span), (b.message, b.span), "different errors for {text:?}"),
        (a, b) => panic!("the two ways of building disagree on {text:?}: {:?} and {:?}", a.is_ok(), b.is_ok()),
    }
}

/// Parse, build, differentiate by each variable (twice for the first), print.
pub fn diff(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    on_big_stack(|| diff_text(text));
}

fn diff_text(text: &str) {
    let limits = limits();
    let Ok(ast) = syntax::parse_with(text, limits) else { return };
    let mut store = Store::with_limits(&limits);
    let f = ast.lower(&mut store);
    let mut d = Differentiator::new();
    let mut results = vec![f];
    for (i, name) in ast.variables().iter().take(3).enumerate() {
        let v = store.var(name);
        let df = d.diff(&mut store, f, v);
        results.push(df);
        if i == 0 {
            results.push(d.diff(&mut store, df, v));
        }
        if store.exceeded().is_some() {
            return;
        }
    }
    // The series of the expression in its first variable, around 0 and around 1.
    if let Some(name) = ast.variables().first() {
        let v = store.var(name);
        for point in [store.zero(), store.one()] {
            if let Ok(e) = gradtape::series::expand(&mut store, f, &[v], &[point], 4) {
                results.extend(e.terms.iter().map(|t| t.coefficient));
            }
            if store.exceeded().is_some() {
                return;
            }
        }
    }
    let sizes = store.tree_sizes();
    if results.iter().any(|r| sizes[r.index()] > limits.max_size) {
        return;
    }
    store.unlimit();
    for r in results {
        let printed = to_text(&mut store, r);
        let _ = to_latex(&mut store, r, &LatexOptions::default());
        let _ = syntax::parse_with(&printed, Limits { max_depth: 100_000, max_input: usize::MAX, ..limits });
    }
}

/// Values of an expression and its first derivatives at a point; the bytes pick the
/// point from a list of awkward values.
pub fn eval(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Some(text) = text_of(rest) else { return };
    on_big_stack(|| eval_text(pick, text));
}

const VALUES: &[&str] = &["0", "1", "-1", "1/3", "-8", "1e308", "-1e308", "1e-320", "pi/2", "2.5", "1e-400", "e"];

fn eval_text(pick: u8, text: &str) {
    let point: String = ["x", "y", "z", "t"]
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{v}={}", VALUES[(pick as usize + 5 * i) % VALUES.len()]))
        .collect::<Vec<_>>()
        .join(",");
    let request = Request {
        task: Task::Diff { wrt: None, orders: (0, 1 + (pick % 2) as u32) },
        point: syntax::parse_point(&point).ok(),
        table: None,
        limits: limits(),
        jobs: 1, check: None,
    };
    if let Ok(mut o) = pipeline::run(&request, text) {
        let _ = report::plain::outcome(&mut o, &request.task);
        let _ = report::json::outcome(&mut o, &request.task, &LatexOptions::default());
    }
    // And straight through the evaluator, with no point at all.
    let limits = limits();
    if let Ok(ast) = syntax::parse_with(text, limits) {
        let mut store = Store::with_limits(&limits);
        let f = ast.lower(&mut store);
        if store.exceeded().is_none() {
            let empty = Point::default();
            let _ = Evaluator::new(&empty).value(&mut store, f);
        }
    }
}

/// The command path as the binary runs it on standard input: the first byte picks
/// the command, order and format; the rest is read line by line.
pub fn cli(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    on_big_stack(|| cli_lines(pick, rest));
}

fn cli_lines(pick: u8, input: &[u8]) {
    let series = pick % 4 == 3 && pick & 0x20 != 0;
    let task = match pick % 4 {
        0 => Task::Simplify { form: gradtape::simplify::Form::Auto },
        1 => Task::Eval,
        _ if series => Task::Series { wrt: None, around: Vec::new(), order: 2 + u32::from(pick >> 6) },
        _ => Task::Diff { wrt: None, orders: (1, 1 + u32::from(pick >> 6)) },
    };
    let point = if pick % 4 == 2 || series { None } else { syntax::parse_point("x=2,y=1/3,z=-1,t=0").ok() };
    let request = Request { task, point, table: None, limits: limits(), jobs: 1, check: None };
    for line in input.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Ok(text) = std::str::from_utf8(line) else { continue };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim().is_empty() || text.trim().starts_with('#') {
            continue;
        }
        match pipeline::run(&request, text) {
            Ok(mut o) => {
                let _ = match (pick >> 2) % 4 {
                    0 => report::text::outcome(&mut o, &request.task),
                    1 => report::plain::outcome(&mut o, &request.task),
                    2 => report::json::outcome(&mut o, &request.task, &LatexOptions::default()),
                    _ => report::latex::outcome(&mut o, &request.task, &LatexOptions::default()),
                };
            }
            Err(e) => {
                let _ = report::text::error_text(&e, text, Some(1));
                let _ = report::json::error(&e, text, Some(1));
            }
        }
    }
}

/// Bytes as choices that build a well-formed expression (mostly: some choices write
/// a stray token), which then runs through `diff` and `eval`.
pub fn grammar(data: &[u8]) {
    let text = generate(data);
    on_big_stack(|| {
        diff_text(&text);
        eval_text(data.first().copied().unwrap_or(0), &text);
    });
}

const ATOMS: &[&str] =
    &["x", "y", "z", "0", "1", "2", "-1", "1/2", "0.5", "1e-3", "1e308", "1e-400", "pi", "e", "θ", "x_1", "3"];
const FUNCS: &[&str] = &[
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc", "sinh", "cosh", "tanh",
    "coth", "sech", "csch", "asinh", "acosh", "atanh", "exp", "ln", "log", "log2", "log10", "sqrt", "cbrt", "abs",
    "sign", "erf", "erfc", "sigmoid", "softplus", "relu",
];
const OPS: &[&str] = &["+", "-", "*", "/", "^", "**", " ", "−", "×", "·", "÷"];
const STRAY: &[&str] = &["(", ")", ",", "$", "=", "\u{0}", "\u{FEFF}", "'", "１", "“", "\r", "\n", "--", "e999"];

/// Reads one choice at a time from the bytes.
struct Choices<'a> {
    data: &'a [u8],
}

impl Choices<'_> {
    fn next(&mut self, n: usize) -> usize {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b as usize % n
            }
            None => 0,
        }
    }
}

/// The expression the bytes choose.
pub fn generate(data: &[u8]) -> String {
    let mut c = Choices { data };
    let mut out = String::new();
    gen_expr(&mut c, &mut out, 0);
    out
}

fn gen_expr(c: &mut Choices, out: &mut String, depth: usize) {
    if depth > 12 || c.data.is_empty() {
        out.push_str(ATOMS[c.next(ATOMS.len())]);
        return;
    }
    match c.next(8) {
        0 | 1 => out.push_str(ATOMS[c.next(ATOMS.len())]),
        2 | 3 => {
            gen_expr(c, out, depth + 1);
            out.push_str(OPS[c.next(OPS.len())]);
            gen_expr(c, out, depth + 1);
        }
        4 => {
            let f = FUNCS[c.next(FUNCS.len())];
            out.push_str(f);
            out.push('(');
            gen_expr(c, out, depth + 1);
            if c.next(6) == 0 {
                out.push(',');
                gen_expr(c, out, depth + 1);
            }
            out.push(')');
        }
        5 => {
            out.push('(');
            gen_expr(c, out, depth + 1);
            out.push(')');
        }
        6 => {
            out.push_str(["-", "+", "−"][c.next(3)]);
            gen_expr(c, out, depth + 1);
        }
        _ => {
            if c.next(4) == 0 {
                out.push_str(STRAY[c.next(STRAY.len())]);
            }
            gen_expr(c, out, depth + 1);
        }
    }
}
