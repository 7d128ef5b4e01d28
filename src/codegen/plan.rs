//! What a generated file computes: the arguments, the values, the Jacobian (one
//! row per expression) and the Hessians, all in one store, derived and simplified
//! exactly as `gradtape diff` derives them.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind};
use crate::pipeline::{self, Request, Task};
use crate::store::{ExprId, Node, Store};
use crate::syntax::{self, Limits};

/// The outputs of a generated file.
pub struct Plan {
    /// Every expression and derivative below lives here; shared nodes are shared.
    pub store: Store,
    /// The parameters, in order (the variables as written).
    pub args: Vec<String>,
    /// The variables of the gradient, in order (a subset of `args`).
    pub wrt: Vec<String>,
    /// One value per expression.
    pub values: Vec<ExprId>,
    /// `jacobian[i][j]`: expression i by `wrt[j]`.
    pub jacobian: Vec<Vec<ExprId>>,
    /// With order 2, `hessians[i][j][k]`: expression i by `wrt[j]` and `wrt[k]`.
    pub hessians: Vec<Vec<Vec<ExprId>>>,
}

/// One expression's results, as `gradtape diff` gives them, keyed by the sorted
/// variable names of each derivative (empty: the value).
struct Derived {
    store: Store,
    variables: Vec<String>,
    by_wrt: HashMap<Vec<String>, ExprId>,
}

impl Plan {
    /// Differentiates each of `exprs` to `order` by `wrt` (default: all arguments)
    /// over `args` (default: the free variables of all, sorted).
    pub fn build(exprs: &[&str], args: Option<&[String]>, wrt: Option<&[String]>, order: u32) -> Result<Plan, Error> {
        if let Some(a) = args {
            check_names("--args", a)?;
        }
        if let Some(w) = wrt {
            check_names("--wrt", w)?;
        }
        // Without --args and --wrt each expression is differentiated by its own
        // variables; a variable it does not use gives 0.
        let wanted = wrt.or(args).map(<[String]>::to_vec);
        let derived: Vec<Derived> = exprs.iter().map(|e| derive(e, wanted.clone(), order)).collect::<Result<_, _>>()?;
        let args = match args {
            Some(a) => a.to_vec(),
            None => {
                let mut all: Vec<String> = derived.iter().flat_map(|d| d.variables.iter().cloned()).collect();
                all.sort();
                all.dedup();
                all
            }
        };
        for (d, text) in derived.iter().zip(exprs) {
            if let Some(v) = d.variables.iter().find(|v| !args.contains(v)) {
                return Err(Error::new(ErrorKind::Usage, format!("'{text}' uses {v}, which --args does not list"))
                    .hint(format!("add {v} to --args")));
            }
        }
        let wrt = wrt.map_or_else(|| args.clone(), <[String]>::to_vec);
        if let Some(w) = wrt.iter().find(|w| !args.contains(w)) {
            return Err(Error::new(ErrorKind::Usage, format!("--wrt {w} is not one of the arguments"))
                .hint(format!("add {w} to --args, or drop it from --wrt")));
        }
        let mut plan =
            Plan { store: Store::new(), args, wrt, values: Vec::new(), jacobian: Vec::new(), hessians: Vec::new() };
        for d in &derived {
            plan.add(d, order);
        }
        Ok(plan)
    }

    /// Copies one expression's value and derivatives into the plan's store.
    fn add(&mut self, d: &Derived, order: u32) {
        let mut copy = Copier::default();
        let mut get = |store: &mut Store, names: &[&String]| {
            let mut key: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            key.sort();
            match d.by_wrt.get(&key) {
                Some(&id) => copy.copy(&d.store, id, store),
                None => store.zero(),
            }
        };
        let value = get(&mut self.store, &[]);
        self.values.push(value);
        let row = self.wrt.iter().map(|w| get(&mut self.store, &[w])).collect();
        self.jacobian.push(row);
        if order >= 2 {
            let h = self.wrt.iter().map(|a| self.wrt.iter().map(|b| get(&mut self.store, &[a, b])).collect()).collect();
            self.hessians.push(h);
        }
    }
}

/// Parses, differentiates and simplifies one expression as `gradtape diff` does.
fn derive(text: &str, wrt: Option<Vec<String>>, order: u32) -> Result<Derived, Error> {
    let request = Request {
        task: Task::Diff { wrt, orders: (0, order) },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let outcome = pipeline::run(&request, text)?;
    let results: Vec<ExprId> = outcome.derivatives.iter().map(|d| d.expr).chain([outcome.expr]).collect();
    if let Some(name) = outcome.store.abstract_in(&results) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("'{text}' uses the abstract function {name}, which has no code"),
        )
        .hint(format!("write {name} out as an expression of its arguments")));
    }
    let by_wrt = outcome
        .derivatives
        .iter()
        .map(|d| {
            let mut key = d.wrt.clone();
            key.sort();
            (key, d.expr)
        })
        .collect();
    Ok(Derived { store: outcome.store, variables: outcome.variables, by_wrt })
}

/// Checks a list of variable names given on the command line.
fn check_names(flag: &str, names: &[String]) -> Result<(), Error> {
    for (i, n) in names.iter().enumerate() {
        let valid = n.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !valid {
            let shown: String = n.chars().flat_map(char::escape_default).collect();
            return Err(Error::new(ErrorKind::Usage, format!("{flag} '{shown}' is not a variable name")));
        }
        syntax::check_variable_name(n, 0, 0).map_err(|mut e| {
            e.span = None;
            e
        })?;
        if names[..i].contains(n) {
            return Err(Error::new(ErrorKind::Usage, format!("{flag} lists {n} twice")));
        }
    }
    Ok(())
}

/// Copies expressions from one store into another through its constructors,
/// remembering what it has copied.
#[derive(Default)]
struct Copier {
    done: HashMap<ExprId, ExprId>,
}

impl Copier {
    fn copy(&mut self, src: &Store, root: ExprId, dst: &mut Store) -> ExprId {
        // Children come before their parents in a store: copy in index order.
        let mut todo = vec![root];
        let mut order = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = todo.pop() {
            if self.done.contains_key(&id) || !seen.insert(id) {
                continue;
            }
            order.push(id);
            match src.node(id) {
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => {
                    todo.extend(xs.iter().copied())
                }
                Node::Pow(b, e) => todo.extend([*b, *e]),
                Node::Num(_) | Node::Var(_) | Node::Const(_) => {}
            }
        }
        order.sort();
        for id in order {
            let new = self.copy_node(src, id, dst);
            self.done.insert(id, new);
        }
        self.done[&root]
    }

    fn copy_node(&self, src: &Store, id: ExprId, dst: &mut Store) -> ExprId {
        let map = |xs: &[ExprId]| -> Vec<ExprId> { xs.iter().map(|x| self.done[x]).collect() };
        match src.node(id) {
            Node::Num(q) => dst.num((**q).clone()),
            Node::Var(v) => dst.var(v),
            Node::Const(c) => dst.constant(*c),
            Node::Add(xs) => dst.add(&map(xs)),
            Node::Mul(xs) => dst.mul(&map(xs)),
            Node::Pow(b, e) => dst.pow(self.done[b], self.done[e]),
            Node::Call(f, xs) => dst.call(*f, &map(xs)),
            Node::Apply(h, xs) => {
                let def = src.head_def(*h);
                let h = dst.head(&def.name, &def.slots);
                dst.apply(h, &map(xs))
            }
        }
    }
}

/// The temporaries of a function computing `roots`: every node that the printed
/// code refers to more than once (leaves and literals aside), in dependency order.
pub(crate) fn temporaries(
    roots: &[ExprId],
    operands: &dyn Fn(ExprId) -> Vec<ExprId>,
    trivial: &dyn Fn(ExprId) -> bool,
) -> Vec<ExprId> {
    let mut uses: HashMap<ExprId, usize> = HashMap::new();
    let mut todo: Vec<ExprId> = roots.to_vec();
    while let Some(id) = todo.pop() {
        let n = uses.entry(id).or_insert(0);
        *n += 1;
        if *n == 1 {
            todo.extend(operands(id));
        }
    }
    let mut temps: Vec<ExprId> = uses.into_iter().filter(|&(id, n)| n > 1 && !trivial(id)).map(|(id, _)| id).collect();
    temps.sort();
    temps
}
