//! `--timings`: where the time of a run went, summed over its expressions, as one
//! line on standard error.

use std::time::Duration;

use gradtape::pipeline::Phases;

/// The pipeline's phases, and the command's own: reading the points file and
/// printing the results.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub phases: Phases,
    /// Expressions run.
    pub count: usize,
    /// Reading the `--at-file` table.
    pub read: Duration,
    /// Rendering and writing the results.
    pub print: Duration,
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        Timings { phases: Phases::new(enabled), ..Timings::default() }
    }

    pub fn enabled(&self) -> bool {
        self.phases.enabled
    }

    /// Adds the times of `other` (a worker thread's) to these.
    pub fn absorb(&mut self, other: &Timings) {
        let (p, q) = (&mut self.phases, &other.phases);
        p.parse += q.parse;
        p.simplify += q.simplify;
        p.diff += q.diff;
        p.compile += q.compile;
        p.eval += q.eval;
        self.print += other.print;
    }

    /// The sum of the phases (reading the points file excluded).
    pub fn total(&self) -> Duration {
        let p = &self.phases;
        p.parse + p.simplify + p.diff + p.compile + p.eval + self.print
    }

    /// One line for stderr: `timings: parse 0.120 ms, simplify ..., total ... (N expressions)`.
    pub fn report(&self) -> String {
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        let p = &self.phases;
        let mut parts = vec![
            format!("parse {}", ms(p.parse)),
            format!("simplify {}", ms(p.simplify)),
            format!("diff {}", ms(p.diff)),
        ];
        if p.compile > Duration::ZERO || self.read > Duration::ZERO {
            parts.push(format!("compile {}", ms(p.compile)));
        }
        parts.push(format!("eval {}", ms(p.eval)));
        parts.push(format!("print {}", ms(self.print)));
        parts.push(format!("total {}", ms(self.total())));
        if self.read > Duration::ZERO {
            parts.push(format!("read points {}", ms(self.read)));
        }
        let n = self.count;
        format!("timings: {} ({n} expression{})\n", parts.join(", "), if n == 1 { "" } else { "s" })
    }
}
