//! How long code generation takes for the 100-variable Rosenbrock gradient (100
//! partials), in process. Prints the time; asserts only that the code is whole
//! (timings belong to benchmarks, not to tests):
//!
//! ```text
//! cargo test --release --test codegen_speed -- --nocapture
//! ```

use std::time::Instant;

use gradtape::codegen::{generate, Lang, Options};

/// sum over i < 100 of 100*(x(i+1) - x(i)^2)^2 + (1 - x(i))^2.
fn rosenbrock(n: usize) -> String {
    (1..n).map(|i| format!("100*(x{} - x{i}^2)^2 + (1 - x{i})^2", i + 1)).collect::<Vec<_>>().join(" + ")
}

#[test]
fn rosen100_grad_codegen_time() {
    let expr = rosenbrock(100);
    for lang in [Lang::C, Lang::Rust, Lang::Jax] {
        let o = Options::new(lang);
        let start = Instant::now();
        let runs = 5;
        let mut code = String::new();
        for _ in 0..runs {
            code = generate(&[&expr], &o).unwrap();
        }
        let ms = start.elapsed().as_secs_f64() * 1e3 / runs as f64;
        eprintln!("rosen100_grad codegen --lang {}: {ms:.2} ms per run ({} bytes)", lang.name(), code.len());
        assert!(code.contains("x100"));
    }
}
