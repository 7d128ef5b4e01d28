//! The hand-written fast parser against the grammar of record: on every input, it
//! either builds the very tree the pest path builds, or gives up where the pest path
//! reports an error. Inputs are glued from the language's tokens (well-formed or
//! not), and expressions are generated whole with random spacing and spellings.
//! Building while parsing (`parse_lowered`) must leave the very store that building
//! the tree leaves.

use gradtape::store::Store;
use gradtape::syntax::{left_to_grammar, parse_fast, parse_lowered, parse_with, parse_with_grammar, Limits};
use proptest::prelude::*;

/// Asserts that the two paths agree on `text` under `limits`.
fn agree(text: &str, limits: Limits) {
    let fast = parse_fast(text, limits);
    let grammar = parse_with_grammar(text, limits);
    match (&fast, &grammar) {
        (Some(a), Ok(b)) => assert_eq!(a, b, "different trees for {text:?}"),
        (None, Err(_)) => {}
        (Some(a), Err(e)) => panic!("fast path accepts {text:?} as {a:?}; the grammar says {e:?}"),
        (None, Ok(b)) if left_to_grammar(text, b) => {}
        (None, Ok(b)) => panic!("fast path gives up on {text:?}, which the grammar reads as {b:?}"),
    }
    // And the parser as used gives the grammar's answer, errors included.
    let used = parse_with(text, limits);
    match (used, grammar) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => {
            assert_eq!((a.kind, a.message, a.hint, a.span), (b.kind, b.message, b.hint, b.span), "for {text:?}")
        }
        (a, b) => panic!("parse_with and the grammar disagree on {text:?}: {a:?} vs {b:?}"),
    }
    lowered_agree(text, limits);
    lowered_agree(text, Limits { max_steps: 25, max_nodes: 20, max_exact_bits: 40, ..limits });
}

/// Asserts that building while parsing gives what building the tree gives: the same
/// nodes made in the same order, the same steps spent, the same limit hit, the same
/// variables, or the same error.
fn lowered_agree(text: &str, limits: Limits) {
    let direct = parse_lowered(text, limits);
    let tree = parse_with(text, limits).map(|ast| {
        let mut store = Store::with_limits(&limits);
        let expr = ast.lower(&mut store);
        (store, expr, ast.variables())
    });
    match (direct, tree) {
        (Ok(d), Ok((store, expr, variables))) => {
            assert_eq!(d.expr, expr, "for {text:?}");
            assert_eq!(d.variables, variables, "for {text:?}");
            assert!(d.store.nodes().eq(store.nodes()), "different stores for {text:?}");
            assert_eq!(d.store.steps(), store.steps(), "for {text:?}");
            assert_eq!(d.store.exceeded(), store.exceeded(), "for {text:?}");
        }
        (Err(a), Err(b)) => {
            assert_eq!((a.kind, a.message, a.hint, a.span), (b.kind, b.message, b.hint, b.span), "for {text:?}")
        }
        (a, b) => panic!(
            "building while parsing and building the tree disagree on {text:?}: {:?} vs {:?}",
            a.map(|l| l.expr),
            b.map(|t| t.1)
        ),
    }
}

fn small_limits() -> Limits {
    Limits { max_depth: 6, max_literal_exponent: 20, ..Limits::default() }
}

const TOKENS: &[&str] = &[
    "x",
    "y",
    "z",
    "xy",
    "x_1",
    "_a",
    "θ",
    "α2",
    "pi",
    "π",
    "e",
    "E",
    "2",
    "0",
    "10",
    "007",
    "12345678901234567890123",
    "2.5",
    ".5",
    "1.",
    ".",
    "1e3",
    "1E-3",
    "1e+2",
    "2e",
    "1e40",
    "1.5e-2",
    "(",
    ")",
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "−",
    "×",
    "·",
    "⋅",
    "÷",
    ",",
    "sin",
    "cos",
    "exp",
    "ln",
    "log",
    "sqrt",
    "atan2",
    "arctan2",
    "abs",
    "relu",
    "f",
    "sine",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\u{FEFF}",
    "=",
    "[",
    "!",
    "%",
    "９",
    "²",
    "\u{A0}",
    "٣",
    "ǅ",
    "\u{345}",
    // Natural notation: bars, roots, superscripts, function powers, aliases.
    "|",
    "|",
    "√",
    "∛",
    "∜",
    "²",
    "³",
    "¹",
    "⁰",
    "⁻",
    "⁺",
    "⁻¹",
    "¹²",
    "sin²",
    "tanh",
    "asin",
    "^-1",
    "^2",
    "^0",
    "^ -1",
    "πr",
    "2π",
    "2x",
    "xπ",
    "pow",
    "nthroot",
    "sgn",
    "factorial",
    "max",
    "€",
    " sin ",
    " x ",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 1..24).prop_map(|ts| ts.concat())
}

/// Spellings of the same operator or separator, with optional spaces around.
fn spaced(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    (prop::sample::select(options), prop::sample::select(&["", "", " ", "\t", "\n"][..]))
        .prop_map(|(op, space)| format!("{space}{op}{space}"))
}

/// Superscript exponents, some malformed.
const SUPERSCRIPTS: &[&str] = &["²", "³", "⁻¹", "¹⁰", "⁺²", "⁰", "⁻²", " ²", "⁻"];

/// Function powers after a name, some not powers a function may take.
const FUNCTION_POWERS: &[&str] = &["^2", "^-1", "²", "⁻¹", "^0", "^-2", "**2", "^ -1", "^−1", "^2.5", "^+1", "^x", ""];

/// Names and signs that may stand before an argument without parentheses.
const APPLIED: &[&str] =
    &["sin", "cos", "ln", "tanh", "sqrt", "√", "∛", "sgn", "atan2", "pow", "log", "x", "cosh", "sec", "exp"];

/// Written by textbook rules: juxtaposition by spaces, superscripts, function powers,
/// functions without parentheses, bars, roots and aliases, around `inner`.
fn notation(inner: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let space = || prop::sample::select(&["", " ", " ", "  ", "\t"][..]);
    prop_oneof![
        (inner.clone(), prop::sample::select(SUPERSCRIPTS)).prop_map(|(a, s)| format!("{a}{s}")),
        (prop::sample::select(APPLIED), prop::sample::select(FUNCTION_POWERS), space(), inner.clone())
            .prop_map(|(f, p, s, a)| format!("{f}{p}{s}{a}")),
        (prop::sample::select(APPLIED), prop::sample::select(FUNCTION_POWERS), space(), inner.clone())
            .prop_map(|(f, p, s, a)| format!("{f}{p}{s}({a})")),
        (space(), inner.clone(), space()).prop_map(|(s, a, t)| format!("|{s}{a}{t}|")),
        (inner.clone(), space(), inner.clone()).prop_map(|(a, s, b)| format!("{a}{s}{b}")),
        (prop::sample::select(&["pow", "nthroot", "sgn", "max", "factorial"][..]), inner.clone(), inner.clone())
            .prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
        (inner.clone(), prop::sample::select(&["1", "2", "3", "4", "5", "0", "-3", "2.5", "x", "7"][..]))
            .prop_map(|(a, n)| format!("nthroot({a}, {n})")),
    ]
}

/// Well-formed expressions (most of the time: a few have wrong arities, unknown
/// names or implicit factors after a name).
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(
        &[
            "x",
            "y",
            "z2",
            "pi",
            "π",
            "e",
            "3",
            "0",
            "2.25",
            ".5",
            "1.",
            "1e-3",
            "6.02E23",
            "18446744073709551616",
            "θ",
            "sin",
            "1e25",
            "2x",
            "πr",
            "2π",
            "x²",
            "a b",
            "|x|",
            "√x",
        ][..],
    )
    .prop_map(str::to_string);
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            (inner.clone(), spaced(&["+", "-", "−", "*", "×", "·", "⋅", "/", "÷", "^", "**", ""]), inner.clone())
                .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
            (spaced(&["-", "+", "−", "--"]), inner.clone()).prop_map(|(s, a)| format!("{s}{a}")),
            inner.clone().prop_map(|a| format!("({a})")),
            (
                prop::sample::select(&["sin", "exp", "log", "atan2", "sqrt", "abs", "x", "pi", "sine", "cbrt"][..]),
                prop::sample::select(&["", " "][..]),
                prop::collection::vec(inner.clone(), 0..3),
            )
                .prop_map(|(f, space, args)| format!("{f}{space}({})", args.join(", "))),
            notation(inner),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_agrees(text in token_soup()) {
        agree(&text, Limits::default());
        agree(&text, small_limits());
    }

    #[test]
    fn expressions_agree(text in expression()) {
        agree(&text, Limits::default());
        agree(&text, small_limits());
    }

    #[test]
    fn any_text_agrees(text in "\\PC{0,30}") {
        agree(&text, Limits::default());
    }
}

#[test]
fn traps_and_limits_agree() {
    let cases = [
        "-x^2",
        "2^3^2",
        "2^-x",
        "x^-1^2",
        "x**2",
        "xy",
        "1/2x",
        "2x^2",
        "(x+1)(x-1)",
        "(x+1)y",
        "2 sin(x)",
        "sin (x)",
        "x y",
        "x(y)",
        "pi x",
        "2 3",
        "2e",
        "2ex",
        "2e3x",
        "1.5.3",
        "1..5",
        "1.e5",
        "(a+b)+c",
        "a+(b+c)",
        "(a*b)*c",
        "-(a+b)+c",
        "--x",
        "+-+x",
        "x^2y",
        "2^x y",
        "2^x 3",
        "sin(x)y",
        "sin(x)(y)",
        "log(x, 2)",
        "log(x,)",
        "sin()",
        "atan2(x)",
        "e(x)",
        "pi(2)",
        "x +",
        "(x",
        "x)",
        "",
        "   ",
        "\u{FEFF}x\u{FEFF}",
        "x\u{A0}+ y",
        "−x − y",
        "3×4÷5·6⋅7",
        "1e10000",
        "1e10001",
        "1e-10001",
        "1e99999999999999999999",
        "0.000",
        "00",
        ".",
        "x.",
        "* *x",
        "x * * y",
        "2 .5",
        "θ_1^α",
        "ǅx",
        "x\u{345}",
        "sinh(x)^-cosh(x)",
        "sqrt(sqrt(sqrt(x)))",
        "1/(2*(x+1))",
        "1/(-(x*y))",
        "x/(y z)",
        "-(a*b)*c",
        "(-a*b)*c",
        "-(-a*b)*c",
        "(-(-a))*b",
        "a*(-b*c)",
        "(a*b)c/(d)",
        "(a+b)^2*(c*d)^-2",
        "-(a+b)^2",
        "-a^-b^c",
        "0*x + y",
        "x - x",
        "2*(x+1) - 2*x",
        "log(x, 10) + log(8, 2) + exp(-x) + sqrt(4)",
        "18446744073709551616*x + 9223372036854775808 - 9223372036854775807",
        // Natural notation.
        "x sin(x)",
        "2x sin(x)",
        "π x^2",
        "2 pi x",
        "a b",
        "2πr",
        "rπ2",
        "x²",
        "x³y",
        "x⁻¹",
        "x²³",
        "x²^3",
        "2^x²",
        "-x²",
        "x ²",
        "x² ²",
        "x⁻",
        "√x",
        "√(x+1)",
        "√ x",
        "∛x",
        "√2√3",
        "√x²",
        "√x y",
        "|x|",
        "|x|y|",
        "|x|y|z|",
        "||x||",
        "||x|-1|",
        "|x |y| z|",
        "|x|*|y|",
        "|x| |y|",
        "|sin x|",
        "|sin |x||",
        "(|x|)|y|",
        "|(x|y|)|",
        "sin^2(x)",
        "sin²(x)",
        "sin^2 x",
        "sin^2x",
        "sin^-1(x)",
        "sin⁻¹ x",
        "sin^(-1)(x)",
        "sin^2.5(x)",
        "sin^2e",
        "ln^2(x)",
        "ln^-1(x)",
        "sin^0(x)",
        "sin^-2 x",
        "log^2(x, 2)",
        "sin x",
        "ln x",
        "sqrt x",
        "sin 2x",
        "sin 2 x",
        "sin x cos x",
        "sin x cos(x)",
        "sin x^2",
        "sin x^2 y",
        "sin x + 1",
        "sin x/2",
        "sin 2x y",
        "sin x y",
        "sin -x",
        "sin cos x",
        "sin cos x y",
        "sin πx",
        "sin π2",
        "sin 2cos x",
        "sin xcos x",
        "sin x (y)",
        "sin x |y|",
        "sin x|y|",
        "2^sin x",
        "x^sin x y",
        "atan2 x",
        "pow x",
        "(sin x) y",
        "sin(x) y",
        "sinπ",
        "pow(x, 3)",
        "pow(x)",
        "sgn(x)",
        "sgn x",
        "nthroot(x, 5)",
        "nthroot(-x, 4)",
        "nthroot(x, 0)",
        "nthroot(x, y)",
        "x 2",
        "x .5",
        "x(y)",
        "x (x+1)",
        "factorial(5)",
        "max(x, y)",
        "2**",
        "x€",
    ];
    for text in cases {
        agree(text, Limits::default());
        agree(text, small_limits());
    }
}

#[test]
fn nesting_limits_agree_at_the_boundary() {
    for max_depth in [1, 2, 3, 5, 10] {
        let limits = Limits { max_depth, ..Limits::default() };
        for n in 0..max_depth + 3 {
            let parens = format!("{}x{}", "(".repeat(n), ")".repeat(n));
            let calls = format!("{}x{}", "sin(".repeat(n), ")".repeat(n));
            let signs = format!("{}x", "-".repeat(n));
            let tower = vec!["x"; n + 1].join("^");
            let mixed = format!("{}x{}", "(-2^".repeat(n), ")".repeat(n));
            let reset = format!("{}*y", vec!["x"; n + 1].join("^"));
            let juxt = format!("2^x{}", " 3^y".repeat(n));
            let args = format!("atan2({}, {})", "-".repeat(n) + "x", "(".repeat(n) + "y" + &")".repeat(n));
            let bars = format!("{}x{}", "|".repeat(n), "|".repeat(n));
            let applied = format!("{}x", "sin ".repeat(n));
            let roots = format!("{}x", "√".repeat(n));
            let sups = format!("{}x{}", "(".repeat(n), ")²".repeat(n));
            let powers = format!("{}x{}", "sin^2(".repeat(n), ")".repeat(n));
            for text in [parens, calls, signs, tower, mixed, reset, juxt, args, bars, applied, roots, sups, powers] {
                agree(&text, limits);
            }
        }
    }
}

#[test]
fn long_inputs_agree() {
    let sum: Vec<String> = (1..2000).map(|k| format!("{k}*sin({k}*x) + ln(x + {k})")).collect();
    agree(&sum.join(" + "), Limits::default());
    let signs = "-".repeat(5000) + "x";
    agree(&signs, Limits::default());
    let tower = vec!["x"; 5000].join("^");
    agree(&tower, Limits::default());
    // Nested up to the depth limit before failing: on a stack as large as the
    // binary's worker thread has (a test thread's is too small for 1000 levels).
    let deep = std::thread::Builder::new().stack_size(512 << 20).spawn(|| {
        for text in [
            format!("{}x{}", "|".repeat(3000), "|".repeat(3000)),
            format!("{}x", "sin ".repeat(3000)),
            format!("{}x", "√".repeat(3000)),
            format!("{}x{}", "sin^2(".repeat(999), ")".repeat(999)),
            format!("{}x", "sin ".repeat(999)),
        ] {
            agree(&text, Limits::default());
        }
    });
    assert!(deep.is_ok_and(|t| t.join().is_ok()));
    let notation: Vec<String> = (1..1000).map(|k| format!("{k}x² sin x + |x - {k}| √x")).collect();
    agree(&notation.join(" + "), Limits::default());
}
