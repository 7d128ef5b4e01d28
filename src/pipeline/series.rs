//! `gradtape series` as a step of the pipeline: the variables and the point read
//! from the request (each variable's value lowered into the outcome's store, 0 where
//! none is given), then the expansion of `series`.

use super::Outcome;
use crate::error::{Error, ErrorKind};
use crate::eval::{Evaluator, Point, Value};
use crate::series::{expand, Expansion};
use crate::syntax::Ast;

/// The series of an outcome's expression in `wrt` (None: the variables of `around`,
/// or the expression's one free variable) around `around`.
pub fn expand_outcome(
    o: &mut Outcome,
    wrt: Option<&[String]>,
    around: &[(String, Ast)],
    order: u32,
) -> Result<Expansion, Error> {
    let names: Vec<String> = match wrt {
        Some(w) => w.to_vec(),
        None if !around.is_empty() => around.iter().map(|(n, _)| n.clone()).collect(),
        None => match o.variables.as_slice() {
            [one] => vec![one.clone()],
            [] => {
                return Err(Error::new(ErrorKind::Usage, "the expression has no variable to expand in")
                    .hint("name one with --wrt, such as --wrt x"))
            }
            several => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("the expression has several variables ({}): which to expand in?", several.join(", ")),
                )
                .hint(format!("name them with --wrt, such as --wrt {}", several.join(","))))
            }
        },
    };
    if let Some((name, _)) = around.iter().find(|(n, _)| !names.contains(n)) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("--around gives {name}, which is not a variable of the series"),
        )
        .hint(format!("expand in it too with --wrt {},{name}, or leave it out of --around", names.join(","))));
    }
    let vars: Vec<_> = names.iter().map(|n| o.store.var(n)).collect();
    let mut point = Vec::with_capacity(names.len());
    for n in &names {
        let value = match around.iter().find(|(m, _)| m == n) {
            Some((_, ast)) => ast.lower(&mut o.store),
            None => o.store.zero(),
        };
        if o.store.free_vars(value).is_empty() {
            if let Value::Undefined(why) = Evaluator::new(&Point::default()).value(&mut o.store, value) {
                return Err(Error::new(ErrorKind::Usage, format!("the value of {n} in --around is undefined ({why})"))
                    .hint("expand around a point where the value is a number, such as --around x=1"));
            }
        }
        point.push(value);
    }
    expand(&mut o.store, o.expr, &vars, &point, order)
}
