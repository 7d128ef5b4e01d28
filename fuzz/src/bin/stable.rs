//! A fuzz driver for stable Rust, without libFuzzer: runs a harness on N seeded
//! pseudo-random inputs (raw bytes, and tokens of the language glued together).
//! On a panic it writes the input to `crash-stable` and aborts.
//!
//!     cargo run --release --bin stable -- TARGET COUNT [SEED]

use std::sync::Mutex;

static CURRENT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

const TOKENS: &[&str] = &[
    "x", "y", "2", "0", "1e308", "1e-400", ".5", "pi", "e", "(", ")", "+", "-", "*", "/", "^", "**", ",", "sin", "exp",
    "ln", "log", "sqrt", "cbrt", "abs", "atan2", "relu", " ", "−", "×", "\u{FEFF}", "\n", "\r", "\u{0}", "９", "“",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = args.get(1).map(String::as_str).unwrap_or("grammar");
    let count: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut state: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1) | 1;
    let run: fn(&[u8]) = match target {
        "parse" => gradtape_fuzz::parse,
        "diff" => gradtape_fuzz::diff,
        "eval" => gradtape_fuzz::eval,
        "cli" => gradtape_fuzz::cli,
        "grammar" => gradtape_fuzz::grammar,
        other => {
            eprintln!("unknown target {other}: parse, diff, eval, cli or grammar");
            std::process::exit(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let input = CURRENT.lock().map(|g| g.clone()).unwrap_or_default();
        let _ = std::fs::write("crash-stable", &input);
        eprintln!("panic: {info}\ninput written to crash-stable ({} bytes)", input.len());
        std::process::abort();
    }));
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut input = Vec::new();
    for _ in 0..count {
        input.clear();
        let len = (next() % 64) as usize;
        if next() % 2 == 0 {
            input.extend((0..len * 2).map(|_| next() as u8));
        } else {
            for _ in 0..len {
                input.extend_from_slice(TOKENS[(next() % TOKENS.len() as u64) as usize].as_bytes());
            }
        }
        if let Ok(mut g) = CURRENT.lock() {
            g.clone_from(&input);
        }
        run(&input);
    }
    println!("{target}: {count} inputs, no crash");
}
