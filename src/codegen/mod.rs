//! `gradtape codegen`: the value and derivatives of expressions as source code for
//! Python (math, numpy, jax, tensorflow, torch), C and Rust.
//!
//! One entry point, [`generate`], takes the command's options and returns the
//! whole file. The stages: [`plan`] differentiates and simplifies as `gradtape diff`
//! does and finds the shared subexpressions; `emit` prints expressions in a target's
//! syntax; `python`, `c` and `rust` lay out the file.
//!
//! ```
//! use gradtape::codegen::{generate, Lang, Options};
//!
//! let options = Options::new(Lang::from_name("c").unwrap());
//! let code = generate(&["x^2 + 2*x*y + y^2"], &options).unwrap();
//! assert!(code.contains("static double f(double x, double y)"));
//! assert!(code.contains("static void f_grad(double x, double y, double *out)"));
//! ```

mod c;
mod emit;
mod names;
pub mod plan;
mod python;
mod rust;
mod spelling;

use crate::error::{Error, ErrorKind};

/// A target language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Python's `math` module, on scalars.
    Python,
    Numpy,
    Jax,
    Tensorflow,
    Torch,
    /// C99 with `<math.h>`.
    C,
    Rust,
}

impl Lang {
    /// Every target, in the order the help lists them.
    pub const ALL: [Lang; 7] =
        [Lang::Python, Lang::Numpy, Lang::Jax, Lang::Tensorflow, Lang::Torch, Lang::C, Lang::Rust];

    /// The target named `name` (`tf` and `pytorch` are aliases); a usage error otherwise.
    pub fn from_name(name: &str) -> Result<Lang, Error> {
        Ok(match name {
            "python" => Lang::Python,
            "numpy" => Lang::Numpy,
            "jax" => Lang::Jax,
            "tensorflow" | "tf" => Lang::Tensorflow,
            "torch" | "pytorch" => Lang::Torch,
            "c" => Lang::C,
            "rust" => Lang::Rust,
            _ => {
                return Err(Error::new(ErrorKind::Usage, format!("--lang '{name}' is not a target"))
                    .hint("use one of python, numpy, jax, tensorflow (tf), torch (pytorch), c, rust"))
            }
        })
    }

    /// The target's name as `--lang` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Numpy => "numpy",
            Lang::Jax => "jax",
            Lang::Tensorflow => "tensorflow",
            Lang::Torch => "torch",
            Lang::C => "c",
            Lang::Rust => "rust",
        }
    }

    /// True for the five Python targets.
    pub fn is_python(self) -> bool {
        !matches!(self, Lang::C | Lang::Rust)
    }
}

/// The floating-point type of the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Dtype {
    #[default]
    F64,
    F32,
}

impl Dtype {
    /// `f64` or `f32`; a usage error otherwise.
    pub fn from_name(name: &str) -> Result<Dtype, Error> {
        match name {
            "f64" | "float64" | "double" => Ok(Dtype::F64),
            "f32" | "float32" | "float" => Ok(Dtype::F32),
            _ => Err(Error::new(ErrorKind::Usage, format!("--dtype '{name}' is not a type")).hint("use f64 or f32")),
        }
    }
}

/// The options of `gradtape codegen`, one field per flag.
#[derive(Clone, Debug)]
pub struct Options {
    /// `--lang`.
    pub lang: Lang,
    /// `--args a,b,...`: the parameters in order; None: the free variables, sorted.
    pub args: Option<Vec<String>>,
    /// `--wrt`: the gradient's variables in order; None: every argument.
    pub wrt: Option<Vec<String>>,
    /// `--order`: 1 (value and gradient) or 2 (also the Hessian).
    pub order: u32,
    /// `--name`: the value function's name; the others add `_grad`, `_hessian`, ...
    pub name: String,
    /// `--dtype`.
    pub dtype: Dtype,
    /// `--header` (C only): a header with the prototypes and, where
    /// `NAME_IMPLEMENTATION` is defined, the definitions, not static.
    pub header: bool,
}

impl Options {
    /// The defaults for `lang`: order 1, name `f`, f64, no header.
    pub fn new(lang: Lang) -> Options {
        Options { lang, args: None, wrt: None, order: 1, name: "f".to_string(), dtype: Dtype::F64, header: false }
    }
}

/// Names the generated code uses for its own locals: no variable takes one.
pub(crate) const RESERVED_LOCALS: &[&str] = &[
    "out", "value", "values", "grad", "upstream", "ctx", "primals", "tangents", "partials", "shape", "zeros",
    "jacobian", "hessian",
];

/// The whole generated file for `exprs` (one or more expressions in gradtape's
/// syntax), or a usage error (exit 2) for bad options, names or functions the
/// target cannot express, or the error parsing or differentiating an expression.
pub fn generate(exprs: &[&str], options: &Options) -> Result<String, Error> {
    check_options(exprs, options)?;
    names::check_function_name(options.lang, &options.name)?;
    let plan = plan::Plan::build(exprs, options.args.as_deref(), options.wrt.as_deref(), options.order)?;
    let source = Source { exprs, plan: &plan, options };
    match options.lang {
        Lang::C => c::file(&source),
        Lang::Rust => rust::file(&source),
        _ => python::file(&source),
    }
}

/// What a target's file is made from.
pub(crate) struct Source<'a> {
    pub exprs: &'a [&'a str],
    pub plan: &'a plan::Plan,
    pub options: &'a Options,
}

fn check_options(exprs: &[&str], options: &Options) -> Result<(), Error> {
    let usage = |m: String| Err(Error::new(ErrorKind::Usage, m));
    if exprs.is_empty() {
        return usage("codegen needs at least one expression".to_string());
    }
    if !(1..=2).contains(&options.order) {
        return usage(format!("--order {} is not available for codegen: use 1 or 2", options.order));
    }
    if options.header && options.lang != Lang::C {
        return usage(format!("--header is for --lang c, not {}", options.lang.name()));
    }
    if options.dtype == Dtype::F32 && options.lang == Lang::Python {
        return Err(Error::new(
            ErrorKind::Usage,
            "--dtype f32 is not available for --lang python (math computes in double precision)",
        )
        .hint("use --lang numpy for float32"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

/// What every target needs while it writes: the shapes of all outputs, the
/// identifiers of the arguments, and the helpers used so far.
pub(crate) struct Context<'a> {
    pub source: &'a Source<'a>,
    pub shapes: emit::Shapes,
    /// Each variable's identifier in the target.
    pub idents: std::collections::HashMap<String, String>,
    /// The parameters' identifiers, in `--args` order.
    pub params: Vec<String>,
    /// The wrt variables' identifiers, in `--wrt` order.
    pub wrt: Vec<String>,
    /// (variable, identifier) for each variable renamed.
    pub renamed: Vec<(String, String)>,
    pub helpers: std::collections::BTreeSet<crate::func::code::Helper>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(source: &'a Source<'a>) -> Context<'a> {
        let plan = source.plan;
        let mut roots = plan.values.clone();
        roots.extend(plan.jacobian.iter().flatten());
        roots.extend(plan.hessians.iter().flatten().flatten());
        let shapes = emit::Shapes::new(&plan.store, &roots);
        let (params, renamed) = names::identifiers(source.options.lang, &source.options.name, &plan.args);
        let idents: std::collections::HashMap<String, String> =
            plan.args.iter().cloned().zip(params.iter().cloned()).collect();
        let wrt = plan.wrt.iter().map(|w| idents[w].clone()).collect();
        Context { source, shapes, idents, params, wrt, renamed, helpers: Default::default() }
    }

    /// The function name from `--name`.
    pub(crate) fn name(&self) -> &str {
        &self.source.options.name
    }

    pub(crate) fn lang(&self) -> Lang {
        self.source.options.lang
    }

    pub(crate) fn dtype(&self) -> Dtype {
        self.source.options.dtype
    }

    /// The code computing `roots`, temporaries first.
    pub(crate) fn body(&mut self, roots: &[crate::store::ExprId]) -> Result<emit::Body, Error> {
        let o = self.source.options;
        let mut printer = emit::Printer {
            shapes: &self.shapes,
            lang: o.lang,
            dtype: o.dtype,
            name: &o.name,
            idents: &self.idents,
            temps: Default::default(),
            helpers: Default::default(),
        };
        let body = printer.body(roots)?;
        self.helpers.extend(printer.helpers);
        Ok(body)
    }

    /// The lines of the opening comment, without comment markers: what the file
    /// was generated from, and the renamed variables.
    pub(crate) fn preamble(&self) -> Vec<String> {
        let o = self.source.options;
        let mut lines = vec![format!("Generated by gradtape codegen --lang {} from:", o.lang.name())];
        for e in self.source.exprs {
            lines.push(format!("    {}", comment_text(e)));
        }
        if !self.renamed.is_empty() {
            let pairs: Vec<String> = self.renamed.iter().map(|(a, b)| format!("{} -> {b}", comment_text(a))).collect();
            lines.push(format!("Variables renamed (keywords or names the code uses): {}", pairs.join(", ")));
        }
        lines
    }

    /// The value roots, the Jacobian's rows flattened, the Hessians flattened.
    pub(crate) fn values(&self) -> Vec<crate::store::ExprId> {
        self.source.plan.values.clone()
    }

    pub(crate) fn jacobian(&self) -> Vec<crate::store::ExprId> {
        self.source.plan.jacobian.iter().flatten().copied().collect()
    }

    pub(crate) fn hessians(&self) -> Vec<crate::store::ExprId> {
        self.source.plan.hessians.iter().flatten().flatten().copied().collect()
    }

    /// True with several expressions (a vector of values and a Jacobian).
    pub(crate) fn several(&self) -> bool {
        self.source.plan.values.len() > 1
    }

    /// True with `--order 2`.
    pub(crate) fn second_order(&self) -> bool {
        !self.source.plan.hessians.is_empty()
    }
}

/// Text safe inside any comment of any target: one line, no comment closers.
fn comment_text(text: &str) -> String {
    let one_line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    one_line.split_whitespace().collect::<Vec<_>>().join(" ").replace("*/", "* /").replace("/*", "/ *")
}
