//! The benchmark suite's workloads, in process: parse, differentiate and print (and
//! compile and evaluate, for the evaluation workloads), timed by divan.
//!
//! The inputs are not in the repository: `bench/compare.py` writes them, or run
//! `python3 ../shared/bench/suite.py write DIR` and point `GRADTAPE_BENCH_DIR` at DIR:
//!
//! ```text
//! GRADTAPE_BENCH_DIR=target/bench-work/workloads cargo bench --bench suite
//! ```
//!
//! Without the variable, or for a workload whose files are missing, the benchmark
//! says so and measures nothing.

use std::path::PathBuf;
use std::sync::Arc;

use gradtape::eval::points::Table;
use gradtape::pipeline::{self, Request, Task};
use gradtape::syntax::Limits;
use serde_json::Value as Json;

fn main() {
    divan::main();
}

const WORKLOADS: &[&str] = &[
    "poly3_grad",
    "rosen100_grad",
    "rosen20_hess",
    "deep30",
    "expsin_d10",
    "xx_d20",
    "prod50",
    "sum10000",
    "batch10000",
    "eval100000",
    "rosen100_grad_eval10000",
];

/// One workload, ready to run: its expressions and the request for them.
struct Workload {
    exprs: Vec<String>,
    request: Request,
}

fn load(name: &str) -> Option<Workload> {
    let dir = PathBuf::from(std::env::var_os("GRADTAPE_BENCH_DIR")?);
    let meta: Json = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).ok()?).ok()?;
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).ok()?;
    let exprs: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    let strings = |key: &str| -> Vec<String> {
        meta[key]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let vars = strings("vars");
    let orders = match meta["op"].as_str()? {
        "hess" => (2, 2),
        "nth" => {
            let n = meta["order"].as_u64()? as u32;
            (n, n)
        }
        _ => (1, 1),
    };
    let table = (meta["op"].as_str()? == "eval").then(|| {
        let args = strings("args");
        let n = meta["n_points"].as_u64().unwrap_or(1000) as usize;
        let (lo, hi) = (meta["lo"].as_f64().unwrap_or(-1.0), meta["hi"].as_f64().unwrap_or(1.0));
        let values = uniform(n * args.len(), lo, hi);
        Arc::new(Table::new(args, ',', values))
    });
    let task = Task::Diff { wrt: Some(vars), orders };
    Some(Workload {
        exprs,
        request: Request { task, point: None, table, limits: Limits::default(), jobs: 1, check: None },
    })
}

/// Deterministic points, uniform in [lo, hi) (a 64-bit LCG; the values only need
/// to be spread out, not to match any other generator).
fn uniform(n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut state = 0x853c_49e6_748f_ea9bu64;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            lo + (hi - lo) * ((state >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

/// Everything the command does for the workload except reading input: the output
/// text's length is returned so that nothing is optimized away.
fn run(w: &Workload) -> usize {
    let mut size = 0;
    for e in &w.exprs {
        if let Ok(mut o) = pipeline::run(&w.request, e) {
            size += match &o.rows {
                Some(rows) => rows.len(),
                None => gradtape::report::plain::outcome(&mut o, &w.request.task).len(),
            };
        }
    }
    size
}

#[divan::bench(args = WORKLOADS, sample_count = 10, sample_size = 1)]
fn workload(bencher: divan::Bencher, name: &str) {
    let Some(w) = load(name) else {
        eprintln!("{name}: no input (set GRADTAPE_BENCH_DIR to a directory written by suite.py)");
        return;
    };
    bencher.bench(|| run(divan::black_box(&w)));
}
