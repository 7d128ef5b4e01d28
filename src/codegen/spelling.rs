//! The target-specific pieces of printing: literals, calls, powers and functions
//! as each language writes them.

use num_traits::ToPrimitive;

use super::emit::{unsupported, Code, Prec, Printer, Shape};
use super::{Dtype, Lang};
use crate::error::Error;
use crate::func::code::Spell;
use crate::func::Func;
use crate::store::{ExprId, Rational};

impl Printer<'_> {
    /// A float literal of the dtype: `2.0`, `2.0f`, `2.0_f64`.
    pub(crate) fn literal(&self, v: f64) -> Code {
        let f32 = self.dtype == Dtype::F32;
        let text = if v.is_nan() {
            match self.lang {
                Lang::C => "NAN".to_string(),
                Lang::Rust => format!("{}::NAN", self.float_type()),
                _ => "float(\"nan\")".to_string(),
            }
        } else if v.is_infinite() || (f32 && (v as f32).is_infinite()) {
            let sign = if v < 0.0 { "-" } else { "" };
            match self.lang {
                Lang::C => format!("{sign}INFINITY"),
                Lang::Rust => format!("{sign}{}::INFINITY", self.float_type()),
                _ => format!("{sign}float(\"inf\")"),
            }
        } else {
            match (self.lang, f32) {
                (Lang::C, true) => format!("{:?}f", v as f32),
                (Lang::Rust, true) => rust_f32_literal(v),
                (Lang::Rust, false) => format!("{v:?}_f64"),
                _ => format!("{v:?}"),
            }
        };
        let prec = if text.starts_with('-') { Prec::Unary } else { Prec::Atom };
        Code::new(text, prec)
    }

    /// `f64` or `f32`.
    pub(crate) fn float_type(&self) -> &'static str {
        match self.dtype {
            Dtype::F64 => "f64",
            Dtype::F32 => "f32",
        }
    }

    /// A call of a library function spelled as in the function table.
    pub(crate) fn call(&self, name: &str, args: &[Code]) -> Code {
        let args: Vec<&str> = args.iter().map(|a| a.text.as_str()).collect();
        let callee = match (self.lang, self.dtype) {
            (Lang::C, Dtype::F32) => format!("{name}f"),
            (Lang::Rust, _) => format!("{}::{name}", self.float_type()),
            _ => name.to_string(),
        };
        Code::new(format!("{callee}({})", args.join(", ")), Prec::Atom)
    }

    /// A call of a helper the file defines.
    fn helper_call(&self, suffix: &str, args: &[Code]) -> Code {
        let args: Vec<&str> = args.iter().map(|a| a.text.as_str()).collect();
        let name =
            if self.lang.is_python() { format!("_{}_{suffix}", self.name) } else { format!("{}_{suffix}", self.name) };
        Code::new(format!("{name}({})", args.join(", ")), Prec::Atom)
    }

    pub(crate) fn exp_name(&self) -> &'static str {
        match self.lang {
            Lang::Python => "math.exp",
            Lang::Numpy => "np.exp",
            Lang::Jax => "jnp.exp",
            Lang::Tensorflow => "tf.math.exp",
            Lang::Torch => "torch.exp",
            Lang::C | Lang::Rust => "exp",
        }
    }

    fn sqrt_name(&self) -> &'static str {
        match self.lang {
            Lang::Python => "math.sqrt",
            Lang::Numpy => "np.sqrt",
            Lang::Jax => "jnp.sqrt",
            Lang::Tensorflow => "tf.math.sqrt",
            Lang::Torch => "torch.sqrt",
            Lang::C | Lang::Rust => "sqrt",
        }
    }

    /// `base ^ q` for a positive rational q: products or `powi` for integers,
    /// `sqrt` for 1/2.
    pub(crate) fn power(&self, base: Code, q: &Rational) -> Code {
        if q.is_integer() {
            if let Some(n) = q.to_i32() {
                return self.integer_power(base, n);
            }
        }
        if *q == Rational::new(1.into(), 2.into()) {
            return self.call(self.sqrt_name(), &[base]);
        }
        let exp = self.literal(crate::eval::rational_to_f64(q));
        self.real_power(base, exp)
    }

    fn integer_power(&self, base: Code, n: i32) -> Code {
        match self.lang {
            // A product for a square or cube of a name; a call would run thrice.
            Lang::C if (n == 2 || n == 3) && base.text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                Code::new(vec![base.text.as_str(); n as usize].join(" * "), Prec::Product)
            }
            Lang::C => self.call("pow", &[base, self.literal(f64::from(n))]),
            Lang::Rust => Code::new(format!("{}::powi({}, {n})", self.float_type(), base.text), Prec::Atom),
            _ => Code::new(format!("{}**{n}", base.at(Prec::Atom)), Prec::Power),
        }
    }

    /// `base ^ exp` for a real exponent.
    pub(crate) fn real_power(&self, base: Code, exp: Code) -> Code {
        match self.lang {
            Lang::Python => self.call("math.pow", &[base, exp]),
            Lang::C => self.call("pow", &[base, exp]),
            Lang::Rust => self.call("powf", &[base, exp]),
            _ => Code::new(format!("{}**{}", base.at(Prec::Atom), exp.at(Prec::Atom)), Prec::Power),
        }
    }

    /// A call of a built-in function.
    pub(crate) fn function(&mut self, f: Func, xs: &[ExprId]) -> Result<Code, Error> {
        let mut args = Vec::new();
        for &x in xs {
            let code = self.print(x)?;
            let literal = !self.temps.contains_key(&x) && matches!(self.shapes.get(x), Shape::Literal(_));
            args.push(if literal { self.tensor(code) } else { code });
        }
        self.spelled(f, spell(f, self.lang), args)
    }

    /// A literal argument of a framework function, as a tensor of the dtype
    /// (tensorflow and torch functions do not take a Python float beside a tensor).
    fn tensor(&self, code: Code) -> Code {
        let dtype = match self.dtype {
            Dtype::F64 => "float64",
            Dtype::F32 => "float32",
        };
        match self.lang {
            Lang::Tensorflow => Code::new(format!("tf.constant({}, dtype=tf.{dtype})", code.text), Prec::Atom),
            Lang::Torch => Code::new(format!("torch.tensor({}, dtype=torch.{dtype})", code.text), Prec::Atom),
            _ => code,
        }
    }

    /// `f` applied to `args` as `how` says.
    pub(crate) fn spelled(&mut self, f: Func, how: Spell, args: Vec<Code>) -> Result<Code, Error> {
        let one = self.literal(1.0);
        Ok(match how {
            Spell::Name(n) => self.call(n, &args),
            Spell::Recip(n) => Code::new(format!("{} / {}", one.text, self.call(n, &args).text), Prec::Product),
            Spell::OfRecip(n) => {
                let inner = Code::new(format!("{} / {}", one.text, args[0].at(Prec::Power)), Prec::Product);
                self.call(n, &[inner])
            }
            Spell::Over(n, c) => {
                Code::new(format!("{} / {}", self.call(n, &args).text, self.literal(c).text), Prec::Product)
            }
            Spell::WithZero(n) => self.call(n, &[args[0].clone(), self.literal(0.0)]),
            Spell::ZeroFirst(n) => self.call(n, &[self.literal(0.0), args[0].clone()]),
            Spell::Defined(h) => {
                self.helpers.insert(h);
                self.helper_call(h.suffix(), &args)
            }
            Spell::DefinedF64(h, _) if self.dtype == Dtype::F64 => {
                self.helpers.insert(h);
                self.helper_call(h.suffix(), &args)
            }
            Spell::DefinedF64(_, n) => self.call(n, &args),
            Spell::Unsupported => return Err(unsupported(f, self.lang)),
        })
    }
}

/// A Rust f32 literal: the f32 nearest the value, shortest text.
fn rust_f32_literal(v: f64) -> String {
    let f = v as f32;
    if f.is_nan() {
        "f32::NAN".to_string()
    } else if f.is_infinite() {
        format!("{}f32::INFINITY", if f < 0.0 { "-" } else { "" })
    } else {
        format!("{f:?}_f32")
    }
}

/// How `f` is written in `lang`: the `code` field of its row.
pub(crate) fn spell(f: Func, lang: Lang) -> Spell {
    let code = &f.def().code;
    match lang {
        Lang::Python => code.python,
        Lang::Numpy => code.numpy,
        Lang::Jax => code.jax,
        Lang::Tensorflow => code.tensorflow,
        Lang::Torch => code.torch,
        Lang::C => code.c,
        Lang::Rust => code.rust,
    }
}
