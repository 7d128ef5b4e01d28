//! Variables named on the command line that no expression of the run uses: a
//! `--wrt` or `--partial` variable (its derivatives are all 0) or an `--at` value
//! (never read), each pointed out by a warning at the end of the run.

use std::collections::BTreeSet;

use gradtape::limits::Dependency;
use gradtape::pipeline::{Request, Task};

/// The named variables no expression has used yet, and while there are any, every
/// variable the expressions do use.
#[derive(Default)]
pub struct Unused {
    /// `--wrt` or `--partial`, and its variables not used yet.
    by: (&'static str, Vec<String>),
    /// The `--at` variables not used yet.
    at: Vec<String>,
    used: BTreeSet<String>,
    /// The variables declared to depend on others (`--depends`).
    depends: &'static [Dependency],
    /// How many expressions have succeeded.
    seen: usize,
    /// True for `gradtape series`, whose `--wrt` variables are expanded in, not
    /// differentiated by.
    series: bool,
}

impl Unused {
    /// The variables the request names explicitly (none: nothing to warn about).
    pub fn of(request: &Request) -> Unused {
        let by = match &request.task {
            Task::Diff { wrt: Some(w), .. }
            | Task::Hessian { wrt: Some(w) }
            | Task::Jacobian { wrt: Some(w) }
            | Task::Laplacian { wrt: Some(w) }
            | Task::Directional { wrt: Some(w), .. }
            | Task::Divergence { wrt: Some(w) }
            | Task::Curl { wrt: Some(w) }
            | Task::Series { wrt: Some(w), .. } => ("--wrt", w.clone()),
            Task::Partials { partials } => {
                let mut names: Vec<String> = Vec::new();
                for n in partials.iter().flatten() {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
                ("--partial", names)
            }
            _ => ("", Vec::new()),
        };
        let at = request.point.iter().flatten().map(|(name, _)| name.clone()).collect();
        let series = matches!(request.task, Task::Series { .. });
        Unused { by, at, depends: request.limits.depends, series, ..Unused::default() }
    }

    /// Notes the variables of an expression that succeeded.
    pub fn saw(&mut self, variables: &[String]) {
        self.seen += 1;
        if self.by.1.is_empty() && self.at.is_empty() {
            return;
        }
        self.by.1.retain(|m| !variables.contains(m));
        // A variable declared to depend on others counts as used where they are.
        let depends = self.depends;
        let used = |m: &String| {
            variables.contains(m)
                || depends.iter().any(|d| d.name == m && d.args.iter().any(|a| variables.iter().any(|v| v == a)))
        };
        self.at.retain(|m| !used(m));
        self.used.extend(variables.iter().cloned());
    }

    /// The warnings for the end of the run: none when every named variable was used
    /// (or no expression succeeded).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.seen == 0 {
            return out;
        }
        let used = if self.used.is_empty() {
            let one = self.seen == 1;
            (if one { "the expression has no variables" } else { "the expressions have no variables" }).to_string()
        } else {
            format!("the variables are {}", self.used.iter().cloned().collect::<Vec<_>>().join(", "))
        };
        let (flag, missing) = &self.by;
        if !missing.is_empty() {
            let (them, verb) = if missing.len() == 1 { ("it", "occurs") } else { ("them", "occur") };
            // A series in a variable an expression lacks is the expression itself.
            let so = if self.series {
                format!("the series in {them} is the expression itself")
            } else {
                format!("every derivative by {them} is 0")
            };
            out.push(format!("warning: {flag} {} {verb} in no expression, so {so} ({used})\n", missing.join(", ")));
        }
        // Constant expressions take no point (but `eval` asks for one): only a point
        // beside variables that occur can be a mismatch.
        if !self.at.is_empty() && !self.used.is_empty() {
            let (value, verb) = if self.at.len() == 1 { ("a value", "occurs") } else { ("values", "occur") };
            out.push(format!(
                "warning: --at gives {value} for {}, which {verb} in no expression ({used})\n",
                self.at.join(", ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradtape::syntax::{self, Limits};

    fn request(task: Task, at: Option<&str>) -> Request {
        let point = at.map(|p| syntax::parse_point_with(p, Limits::default()).expect("a point"));
        Request { task, point, table: None, limits: Limits::default(), jobs: 1, check: None }
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_variable_used_by_any_expression_is_not_reported() {
        let task = Task::Diff { wrt: Some(strings(&["x", "z"])), orders: (1, 1) };
        let mut u = Unused::of(&request(task, Some("x=1,y=2,z=3")));
        u.saw(&strings(&["x", "y"]));
        assert_eq!(u.warnings().len(), 2);
        u.saw(&strings(&["z"]));
        assert!(u.warnings().is_empty());
    }

    #[test]
    fn the_warnings_name_what_is_unused_and_what_is_used() {
        let task = Task::Partials { partials: vec![strings(&["x", "q"]), strings(&["q", "q"])] };
        let mut u = Unused::of(&request(task, Some("x=1,t=2")));
        u.saw(&strings(&["x"]));
        assert_eq!(
            u.warnings(),
            [
                "warning: --partial q occurs in no expression, so every derivative by it is 0 (the variables are x)\n",
                "warning: --at gives a value for t, which occurs in no expression (the variables are x)\n",
            ]
        );
    }

    #[test]
    fn nothing_is_reported_before_an_expression_succeeds_or_without_names() {
        let task = Task::Diff { wrt: Some(strings(&["x"])), orders: (1, 1) };
        assert!(Unused::of(&request(task, Some("y=1"))).warnings().is_empty());
        let mut u = Unused::of(&request(Task::Eval, Some("x=1")));
        u.saw(&[]);
        assert!(u.warnings().is_empty(), "a constant evaluated at a point");
        let mut u = Unused::of(&request(Task::Diff { wrt: None, orders: (1, 1) }, None));
        u.saw(&[]);
        assert!(u.warnings().is_empty());
    }
}
