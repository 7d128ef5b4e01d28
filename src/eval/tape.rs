//! Compiled evaluation at many points: expressions turned once into a flat list of
//! f64 instructions over numbered registers (a tape), then run over the points a
//! batch of [`LANES`] at a time, one instruction over every lane before the next.
//!
//! The tape follows the float semantics of [`crate::eval::Evaluator`]: a value that
//! is undefined there (a domain error, a division by zero, an overflow anywhere on
//! the way) is NaN here, and NaN stays NaN to the end. Shared subexpressions of the
//! hash-consed store are computed once per point, and so is everything an
//! expression and its derivatives have in common.

use std::collections::{HashMap, HashSet};

use num_traits::{Signed, ToPrimitive};

use crate::eval::rational_to_f64;
use crate::func::{Func, TapeOp};
use crate::store::{Constant, ExprId, Node, Store};

/// Points evaluated together: each instruction runs over this many lanes.
pub const LANES: usize = 64;

type Lanes = [f64; LANES];

/// One instruction: the result goes to register `dst`, operands are registers.
#[derive(Clone, Copy, Debug)]
struct Instr {
    op: Op,
    dst: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    Neg(u32),
    Recip(u32),
    Square(u32),
    Powi(u32, i32),
    /// x^c for a constant c that is not a small integer (x < 0 gives NaN).
    Powf(u32, f64),
    /// x^y with both at run time.
    Pow(u32, u32),
    Sqrt(u32),
    Exp(u32),
    Ln(u32),
    Sin(u32),
    Cos(u32),
    /// sin of the operand to `dst`, and its cos to the second register.
    SinCos(u32, u32),
    Atan(u32),
    Call1(Func, u32),
    Call2(Func, u32, u32),
    /// x + c, x * c, c - x, c / x, x / c with a constant c held in the instruction.
    AddC(u32, f64),
    MulC(u32, f64),
    RSubC(u32, f64),
    RDivC(u32, f64),
    DivC(u32, f64),
}

impl Op {
    /// The same operation on registers `a` (and `b`, for two operands).
    fn on(self, a: u32, b: u32) -> Op {
        use Op::*;
        match self {
            Add(..) => Add(a, b),
            Sub(..) => Sub(a, b),
            Mul(..) => Mul(a, b),
            Div(..) => Div(a, b),
            Pow(..) => Pow(a, b),
            Call2(g, ..) => Call2(g, a, b),
            Neg(_) => Neg(a),
            Recip(_) => Recip(a),
            Square(_) => Square(a),
            Powi(_, n) => Powi(a, n),
            Powf(_, c) => Powf(a, c),
            Sqrt(_) => Sqrt(a),
            Exp(_) => Exp(a),
            Ln(_) => Ln(a),
            Sin(_) => Sin(a),
            Cos(_) => Cos(a),
            SinCos(_, c) => SinCos(a, c),
            Atan(_) => Atan(a),
            Call1(g, _) => Call1(g, a),
            AddC(_, c) => AddC(a, c),
            MulC(_, c) => MulC(a, c),
            RSubC(_, c) => RSubC(a, c),
            RDivC(_, c) => RDivC(a, c),
            DivC(_, c) => DivC(a, c),
        }
    }
}

/// A variable the tape needs that the inputs do not name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingInput(pub String);

/// Expressions compiled for evaluation at many points.
///
/// Registers `0..inputs` hold the inputs, then come the constants (filled once per
/// [`Workspace`]), then the temporaries, which are reused once their last reader
/// has run.
#[derive(Clone, Debug)]
pub struct Tape {
    inputs: usize,
    constants: Vec<f64>,
    code: Vec<Instr>,
    outputs: Vec<u32>,
    registers: usize,
}

/// Scratch space for [`Tape::eval_into`]; reuse it across calls to avoid allocating.
pub struct Workspace {
    regs: Vec<Lanes>,
}

/// A value while compiling: an input, a constant, or the result of an instruction.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Val {
    Input(u32),
    Const(u32),
    Tmp(u32),
}

/// The compiler's state: instructions in SSA form, before register allocation.
struct Builder<'s> {
    store: &'s Store,
    inputs: &'s [String],
    constants: Vec<f64>,
    const_ids: HashMap<u64, u32>,
    ssa: Vec<SsaOp>,
    ssa_ids: HashMap<SsaKey, Val>,
    values: HashMap<ExprId, Val>,
    /// Arguments whose sine and cosine are both needed: emitted side by side, so
    /// that they become one [`Op::SinCos`].
    sin_cos_args: HashSet<ExprId>,
}

#[derive(Clone, Copy, Debug)]
struct SsaOp {
    op: OpOn,
}

/// An instruction whose operands are [`Val`]s.
#[derive(Clone, Copy, Debug, PartialEq)]
struct OpOn {
    op: Op,
    a: Val,
    b: Option<Val>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct SsaKey(u64, u64, u64);

fn val_key(v: Val) -> u64 {
    match v {
        Val::Input(i) => u64::from(i),
        Val::Const(i) => (1 << 32) | u64::from(i),
        Val::Tmp(i) => (2 << 32) | u64::from(i),
    }
}

impl<'s> Builder<'s> {
    fn constant(&mut self, c: f64) -> Val {
        let n = self.constants.len() as u32;
        let id = *self.const_ids.entry(c.to_bits()).or_insert(n);
        if id == n {
            self.constants.push(c);
        }
        Val::Const(id)
    }

    /// Emits `op` on `a` (and `b`); the register numbers inside `op` are ignored.
    fn emit(&mut self, op: Op, a: Val, b: Option<Val>) -> Val {
        let tag = std::mem::discriminant(&op);
        let extra = match op {
            Op::Powi(_, n) => n as u64,
            Op::Powf(_, c) => c.to_bits(),
            Op::Call1(f, _) | Op::Call2(f, _, _) => f as u64,
            _ => 0,
        };
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&tag, &mut h);
        let key =
            SsaKey(std::hash::Hasher::finish(&h) ^ extra.rotate_left(17), val_key(a), b.map_or(u64::MAX, val_key));
        if let Some(&v) = self.ssa_ids.get(&key) {
            if let Val::Tmp(i) = v {
                if self.ssa[i as usize].op == (OpOn { op, a, b }) {
                    return v;
                }
            }
        }
        let v = Val::Tmp(self.ssa.len() as u32);
        self.ssa.push(SsaOp { op: OpOn { op, a, b } });
        self.ssa_ids.insert(key, v);
        v
    }

    fn unary(&mut self, make: fn(u32) -> Op, a: Val) -> Val {
        self.emit(make(0), a, None)
    }

    fn binary(&mut self, make: fn(u32, u32) -> Op, a: Val, b: Val) -> Val {
        self.emit(make(0, 0), a, Some(b))
    }

    fn value(&self, id: ExprId) -> Val {
        // Children are compiled before their parents (ids are topological).
        self.values[&id]
    }

    fn compile_node(&mut self, id: ExprId) -> Result<Val, MissingInput> {
        let v = match self.store.node(id) {
            Node::Num(q) => self.constant(rational_to_f64(q)),
            Node::Const(c) => self.constant(c.value()),
            Node::Var(name) => match self.inputs.iter().position(|n| **n == **name) {
                Some(i) => Val::Input(i as u32),
                None => return Err(MissingInput(name.to_string())),
            },
            Node::Add(ts) => self.sum(ts),
            Node::Mul(fs) => self.product(fs, false),
            Node::Pow(b, e) => self.power(*b, *e),
            // No tape computes an abstract function: its name is the input it lacks.
            Node::Apply(h, _) => return Err(MissingInput(self.store.head_def(*h).name.to_string())),
            Node::Call(f, args) => {
                let f = *f;
                let a = self.value(args[0]);
                if f.arity() == 2 {
                    let b = self.value(args[1]);
                    self.emit(Op::Call2(f, 0, 0), a, Some(b))
                } else {
                    match f.def().tape {
                        TapeOp::Sin | TapeOp::Cos if self.sin_cos_args.contains(&args[0]) => {
                            let sin = self.unary(Op::Sin, a);
                            let cos = self.unary(Op::Cos, a);
                            if f.def().tape == TapeOp::Sin {
                                sin
                            } else {
                                cos
                            }
                        }
                        TapeOp::Sin => self.unary(Op::Sin, a),
                        TapeOp::Cos => self.unary(Op::Cos, a),
                        TapeOp::Atan => self.unary(Op::Atan, a),
                        TapeOp::Ln => self.unary(Op::Ln, a),
                        TapeOp::Call => self.emit(Op::Call1(f, 0), a, None),
                    }
                }
            }
        };
        Ok(v)
    }

    /// A sum, with terms that carry a minus sign subtracted.
    fn sum(&mut self, terms: &[ExprId]) -> Val {
        let mut plus = Vec::new();
        let mut minus = Vec::new();
        for &t in terms {
            match self.store.node(t) {
                Node::Mul(fs) if self.store.has_minus_sign(t) => {
                    let m = self.product(fs, true);
                    minus.push(m);
                }
                Node::Num(q) if q.is_negative() => {
                    let m = self.constant(-rational_to_f64(q));
                    minus.push(m);
                }
                _ => plus.push(self.value(t)),
            }
        }
        let mut acc = match plus.split_first() {
            Some((&first, rest)) => rest.iter().fold(first, |acc, &p| self.binary(Op::Add, acc, p)),
            None => {
                let first = minus.remove(0);
                self.unary(Op::Neg, first)
            }
        };
        for m in minus {
            acc = self.binary(Op::Sub, acc, m);
        }
        acc
    }

    /// A product, as numerator / denominator; `negate` drops a negative coefficient's sign.
    fn product(&mut self, factors: &[ExprId], negate: bool) -> Val {
        let mut num = Vec::new();
        let mut den = Vec::new();
        let mut sign_flip = false;
        for &f in factors {
            match self.store.node(f) {
                Node::Num(q) => {
                    let mut c = rational_to_f64(q);
                    if negate && c < 0.0 {
                        c = -c;
                    }
                    if c == -1.0 {
                        sign_flip = true;
                    } else if c != 1.0 {
                        num.push(self.constant(c));
                    }
                }
                Node::Pow(b, e) => match self.store.as_num(*e).filter(|q| q.is_negative()) {
                    Some(q) => {
                        let (b, e, q) = (*b, *e, -q.clone());
                        let whole = q.is_integer().then(|| q.to_integer().to_i32()).flatten();
                        if whole.is_some_and(|n| n > 4) {
                            // x^-n in one step (see `power`), a factor above the bar.
                            num.push(self.power(b, e));
                            continue;
                        }
                        let base = self.value(b);
                        let d = if let Some(n) = whole {
                            self.int_power(base, n)
                        } else if q == num_rational::BigRational::new(1.into(), 2.into()) {
                            self.unary(Op::Sqrt, base)
                        } else {
                            self.emit(Op::Powf(0, rational_to_f64(&q)), base, None)
                        };
                        den.push(d);
                    }
                    None => num.push(self.value(f)),
                },
                _ => num.push(self.value(f)),
            }
        }
        let top =
            num.split_first().map(|(&first, rest)| rest.iter().fold(first, |acc, &p| self.binary(Op::Mul, acc, p)));
        let bottom =
            den.split_first().map(|(&first, rest)| rest.iter().fold(first, |acc, &p| self.binary(Op::Mul, acc, p)));
        let v = match (top, bottom) {
            (Some(t), Some(b)) => self.binary(Op::Div, t, b),
            (Some(t), None) => t,
            (None, Some(b)) => self.unary(Op::Recip, b),
            (None, None) => self.constant(1.0),
        };
        if sign_flip {
            self.unary(Op::Neg, v)
        } else {
            v
        }
    }

    /// x^n for a whole n ≥ 1.
    fn int_power(&mut self, x: Val, n: i32) -> Val {
        match n {
            1 => x,
            2 => self.unary(Op::Square, x),
            3 => {
                let sq = self.unary(Op::Square, x);
                self.binary(Op::Mul, sq, x)
            }
            4 => {
                let sq = self.unary(Op::Square, x);
                self.unary(Op::Square, sq)
            }
            _ => self.emit(Op::Powi(0, n), x, None),
        }
    }

    fn power(&mut self, b: ExprId, e: ExprId) -> Val {
        if matches!(self.store.node(b), Node::Const(Constant::E)) {
            let x = self.value(e);
            return self.unary(Op::Exp, x);
        }
        let x = self.value(b);
        let Some(q) = self.store.as_num(e) else {
            let y = self.value(e);
            return self.binary(Op::Pow, x, y);
        };
        let half = num_rational::BigRational::new(1.into(), 2.into());
        if q.is_integer() {
            if let Some(n) = q.to_integer().to_i32().filter(|n| n.abs() < 1024) {
                return if n > 0 {
                    self.int_power(x, n)
                } else if n < -4 {
                    // x^-n in one step (1/x^n inside powi): x^n may overflow where
                    // x^-n is only a tiny number, as the evaluator has it.
                    self.emit(Op::Powi(0, n), x, None)
                } else {
                    let d = self.int_power(x, -n);
                    self.unary(Op::Recip, d)
                };
            }
        } else if *q == half {
            return self.unary(Op::Sqrt, x);
        } else if *q == -half {
            let r = self.unary(Op::Sqrt, x);
            return self.unary(Op::Recip, r);
        }
        let c = rational_to_f64(q);
        self.emit(Op::Powf(0, c), x, None)
    }
}

impl Tape {
    /// Compiles `outputs` (expressions of `store`) as functions of `inputs`, in that
    /// order. Every variable of the outputs must be among the inputs.
    pub fn compile(store: &Store, outputs: &[ExprId], inputs: &[String]) -> Result<Tape, MissingInput> {
        let mut b = Builder {
            store,
            inputs,
            constants: Vec::new(),
            const_ids: HashMap::new(),
            ssa: Vec::new(),
            ssa_ids: HashMap::new(),
            values: HashMap::new(),
            sin_cos_args: HashSet::new(),
        };
        let order = reachable(store, outputs);
        let arg_of = |op: TapeOp| {
            order.iter().filter_map(move |&id| match store.node(id) {
                Node::Call(g, args) if g.def().tape == op => Some(args[0]),
                _ => None,
            })
        };
        let cos_args: HashSet<ExprId> = arg_of(TapeOp::Cos).collect();
        b.sin_cos_args = arg_of(TapeOp::Sin).filter(|u| cos_args.contains(u)).collect();
        for id in order {
            let v = b.compile_node(id)?;
            b.values.insert(id, v);
        }
        let outs: Vec<Val> = outputs.iter().map(|&o| b.values[&o]).collect();
        Ok(allocate(inputs.len(), b.constants, &b.ssa, &outs))
    }

    /// How many inputs each point has.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// How many values each point gives.
    pub fn outputs(&self) -> usize {
        self.outputs.len()
    }

    /// How many instructions run per batch of points.
    pub fn len(&self) -> usize {
        self.code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// A workspace sized for this tape.
    pub fn workspace(&self) -> Workspace {
        let mut regs = vec![[0.0; LANES]; self.registers.max(1)];
        for (i, &c) in self.constants.iter().enumerate() {
            regs[self.inputs + i] = [c; LANES];
        }
        Workspace { regs }
    }

    /// Evaluates at every point of `points` (row-major: one row of [`Tape::inputs`]
    /// values per point) and returns the values row-major, one row of
    /// [`Tape::outputs`] values per point; NaN where a value is undefined.
    pub fn eval(&self, points: &[f64]) -> Vec<f64> {
        let n = points.len() / self.inputs.max(1);
        let mut out = vec![0.0; n * self.outputs.len()];
        let mut ws = self.workspace();
        self.eval_into(&mut ws, points, &mut out);
        out
    }

    /// Like [`Tape::eval`], into `out`, with a workspace from [`Tape::workspace`]
    /// of this tape. Points beyond what `out` can hold are left out.
    pub fn eval_into(&self, ws: &mut Workspace, points: &[f64], out: &mut [f64]) {
        let n_in = self.inputs;
        let n_out = self.outputs.len();
        let fit = out.len().checked_div(n_out).unwrap_or(0);
        let n = points.len().checked_div(n_in).unwrap_or(fit).min(fit);
        let mut start = 0;
        while start < n {
            let len = LANES.min(n - start);
            for (k, reg) in ws.regs[..n_in].iter_mut().enumerate() {
                for (l, lane) in reg.iter_mut().enumerate().take(len) {
                    *lane = points[(start + l) * n_in + k];
                }
            }
            self.run(&mut ws.regs);
            for (l, row) in out[start * n_out..(start + len) * n_out].chunks_exact_mut(n_out).enumerate() {
                for (slot, &r) in row.iter_mut().zip(&self.outputs) {
                    *slot = ws.regs[r as usize][l];
                }
            }
            start += len;
        }
    }

    fn run(&self, regs: &mut [Lanes]) {
        for ins in &self.code {
            let d = ins.dst as usize;
            let (lo, rest) = regs.split_at_mut(d);
            let Some((dst, hi)) = rest.split_first_mut() else { return };
            let get = |r: u32| -> &Lanes {
                let r = r as usize;
                if r < d {
                    &lo[r]
                } else {
                    &hi[r - d - 1]
                }
            };
            match ins.op {
                Op::Add(a, b) => zip2(dst, get(a), get(b), |x, y| x + y),
                Op::Sub(a, b) => zip2(dst, get(a), get(b), |x, y| x - y),
                Op::Mul(a, b) => zip2(dst, get(a), get(b), |x, y| x * y),
                Op::Div(a, b) => zip2(dst, get(a), get(b), |x, y| x / y),
                Op::Pow(a, b) => zip2(dst, get(a), get(b), pow_runtime),
                Op::Call2(f, a, b) => zip2(dst, get(a), get(b), |x, y| call(f, &[x, y])),
                Op::AddC(a, c) => map1(dst, get(a), |x| x + c),
                Op::MulC(a, c) => map1(dst, get(a), |x| x * c),
                Op::RSubC(a, c) => map1(dst, get(a), |x| c - x),
                Op::RDivC(a, c) => map1(dst, get(a), |x| c / x),
                Op::DivC(a, c) => map1(dst, get(a), |x| x / c),
                Op::Neg(a) => map1(dst, get(a), |x| -x),
                Op::Recip(a) => map1(dst, get(a), |x| 1.0 / x),
                Op::Square(a) => map1(dst, get(a), |x| x * x),
                Op::Powi(a, n) => map1(dst, get(a), |x| x.powi(n)),
                Op::Powf(a, c) => map1(dst, get(a), |x| x.powf(c)),
                Op::Sqrt(a) => map1(dst, get(a), f64::sqrt),
                Op::Exp(a) => map1(dst, get(a), f64::exp),
                Op::Ln(a) => map1(dst, get(a), f64::ln),
                Op::Sin(a) => crate::eval::fastmath::sin_into(dst, get(a)),
                Op::Cos(a) => crate::eval::fastmath::cos_into(dst, get(a)),
                Op::SinCos(a, c) => {
                    let mut cos = [0.0; LANES];
                    crate::eval::fastmath::sin_cos_into(dst, &mut cos, get(a));
                    regs[c as usize] = cos;
                }
                Op::Atan(a) => map1(dst, get(a), f64::atan),
                Op::Call1(f, a) => map1(dst, get(a), |x| call(f, &[x])),
            }
        }
    }
}

/// Overflow and domain errors become NaN, as the evaluator calls them undefined.
#[inline(always)]
#[allow(clippy::eq_op)]
fn finite(v: f64) -> f64 {
    // v - v is 0 exactly when v is finite: a float comparison, which vectorizes
    // (a test of the exponent bits needs 64-bit integer compares, which SSE2 lacks).
    if v - v == 0.0 {
        v
    } else {
        f64::NAN
    }
}

#[inline(always)]
fn map1(dst: &mut Lanes, a: &Lanes, f: impl Fn(f64) -> f64) {
    for (d, &x) in dst.iter_mut().zip(a) {
        *d = finite(f(x));
    }
}

#[inline(always)]
fn zip2(dst: &mut Lanes, a: &Lanes, b: &Lanes, f: impl Fn(f64, f64) -> f64) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(b) {
        *d = finite(f(x, y));
    }
}

/// x^y with both known only at run time, as [`crate::eval::pow_float`] has it.
fn pow_runtime(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    x.powf(y)
}

fn call(f: Func, args: &[f64]) -> f64 {
    if args.iter().any(|a| a.is_nan()) {
        return f64::NAN;
    }
    f.eval(args).unwrap_or(f64::NAN)
}

/// Every node the outputs depend on, children before parents.
fn reachable(store: &Store, outputs: &[ExprId]) -> Vec<ExprId> {
    let mut seen: HashMap<ExprId, ()> = HashMap::new();
    let mut stack: Vec<ExprId> = outputs.to_vec();
    while let Some(id) = stack.pop() {
        if seen.insert(id, ()).is_some() {
            continue;
        }
        match store.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => {}
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
            Node::Pow(b, e) => stack.extend([*b, *e]),
        }
    }
    let mut ids: Vec<ExprId> = seen.into_keys().collect();
    ids.sort_unstable();
    ids
}

/// An arithmetic instruction with a constant operand, as one that holds the constant
/// itself, and the other operand.
fn with_constant(s: OpOn, constants: &[f64]) -> Option<(Op, Val)> {
    let konst = |v: Val| match v {
        Val::Const(i) => Some(constants[i as usize]),
        _ => None,
    };
    let b = s.b?;
    match (s.op, konst(s.a), konst(b)) {
        (_, Some(_), Some(_)) => None,
        (Op::Add(..), Some(c), None) => Some((Op::AddC(0, c), b)),
        (Op::Add(..), None, Some(c)) => Some((Op::AddC(0, c), s.a)),
        (Op::Mul(..), Some(c), None) => Some((Op::MulC(0, c), b)),
        (Op::Mul(..), None, Some(c)) => Some((Op::MulC(0, c), s.a)),
        (Op::Sub(..), Some(c), None) => Some((Op::RSubC(0, c), b)),
        (Op::Sub(..), None, Some(c)) => Some((Op::AddC(0, -c), s.a)),
        (Op::Div(..), Some(c), None) => Some((Op::RDivC(0, c), b)),
        (Op::Div(..), None, Some(c)) => Some((Op::DivC(0, c), s.a)),
        _ => None,
    }
}

/// Register allocation: a temporary's register is free again after its last reader.
fn allocate(inputs: usize, constants: Vec<f64>, ssa: &[SsaOp], outputs: &[Val]) -> Tape {
    let n = ssa.len();
    // Instructions nothing reads (a term compiled before its sum chose to subtract
    // it instead) are dropped.
    let mut live = vec![false; n];
    for v in outputs {
        if let Val::Tmp(t) = v {
            live[*t as usize] = true;
        }
    }
    for i in (0..n).rev() {
        if live[i] {
            for v in [Some(ssa[i].op.a), ssa[i].op.b].into_iter().flatten() {
                if let Val::Tmp(t) = v {
                    live[t as usize] = true;
                }
            }
        }
    }
    let mut last_use = vec![0usize; n];
    for (i, s) in ssa.iter().enumerate().filter(|(i, _)| live[*i]) {
        for v in [Some(s.op.a), s.op.b].into_iter().flatten() {
            if let Val::Tmp(t) = v {
                last_use[t as usize] = i;
            }
        }
    }
    for v in outputs {
        if let Val::Tmp(t) = v {
            last_use[*t as usize] = usize::MAX;
        }
    }
    let fixed = inputs + constants.len();
    let mut reg_of = vec![0u32; n];
    let mut free: Vec<u32> = Vec::new();
    let mut next = fixed as u32;
    let mut code = Vec::with_capacity(n);
    let place = |v: Val, reg_of: &[u32]| -> u32 {
        match v {
            Val::Input(i) => i,
            Val::Const(c) => (inputs as u32) + c,
            Val::Tmp(t) => reg_of[t as usize],
        }
    };
    for (i, s) in ssa.iter().enumerate().filter(|(i, _)| live[*i]) {
        let dst = free.pop().unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        reg_of[i] = dst;
        let a = place(s.op.a, &reg_of);
        let b = s.op.b.map(|b| place(b, &reg_of));
        let op = match with_constant(s.op, &constants) {
            Some((op, v)) => op.on(place(v, &reg_of), 0),
            None => s.op.op.on(a, b.unwrap_or(a)),
        };
        code.push(Instr { op, dst });
        for v in [Some(s.op.a), s.op.b].into_iter().flatten() {
            if let Val::Tmp(t) = v {
                if last_use[t as usize] == i && !free.contains(&reg_of[t as usize]) {
                    free.push(reg_of[t as usize]);
                }
            }
        }
    }
    fuse_sin_cos(&mut code);
    let outputs = outputs.iter().map(|&v| place(v, &reg_of)).collect();
    Tape { inputs, constants, code, outputs, registers: next as usize }
}

/// A sine followed by the cosine of the same register (the compiler emits them
/// side by side, see [`Builder::sin_cos_args`]) become one instruction, which
/// reduces the argument once.
fn fuse_sin_cos(code: &mut Vec<Instr>) {
    let mut out: Vec<Instr> = Vec::with_capacity(code.len());
    for ins in code.drain(..) {
        if let (Some(prev), Op::Cos(a)) = (out.last_mut(), ins.op) {
            if prev.op == Op::Sin(a) && prev.dst != ins.dst {
                prev.op = Op::SinCos(a, ins.dst);
                continue;
            }
        }
        out.push(ins);
    }
    *code = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Evaluator, Point};
    use crate::syntax::parse_into;
    use proptest::prelude::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn evaluates_at_many_points() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "x^2*y - 3/x + sin(y)").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x", "y"])).unwrap();
        let pts: Vec<f64> = (0..200).flat_map(|i| [1.0 + i as f64 * 0.01, 0.5 - i as f64 * 0.003]).collect();
        let vals = tape.eval(&pts);
        assert_eq!(vals.len(), 200);
        for (i, v) in vals.iter().enumerate() {
            let (x, y) = (pts[2 * i], pts[2 * i + 1]);
            let want = x * x * y - 3.0 / x + y.sin();
            assert!((v - want).abs() <= 1e-12 * want.abs().max(1.0), "{v} vs {want}");
        }
    }

    #[test]
    fn undefined_values_are_nan() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "ln(x) + 1/(x - 2)").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x"])).unwrap();
        let vals = tape.eval(&[-1.0, 0.0, 2.0, 3.0]);
        assert!(vals[0].is_nan() && vals[1].is_nan() && vals[2].is_nan());
        assert!((vals[3] - (3f64.ln() + 1.0)).abs() < 1e-15);
    }

    #[test]
    fn a_missing_variable_is_named() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "x*y").unwrap();
        assert_eq!(Tape::compile(&s, &[f], &names(&["x"])).unwrap_err(), MissingInput("y".into()));
    }

    #[test]
    fn constant_outputs_need_no_inputs() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "2*pi").unwrap();
        let tape = Tape::compile(&s, &[f, f], &[]).unwrap();
        let mut out = vec![0.0; 6];
        tape.eval_into(&mut tape.workspace(), &[], &mut out);
        assert!(out.iter().all(|&v| v == 2.0 * std::f64::consts::PI));
    }

    #[test]
    fn shared_subexpressions_are_computed_once() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "sin(x*y)^2 + cos(x*y)*sin(x*y)").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x", "y"])).unwrap();
        let sines = tape.code.iter().filter(|i| matches!(i.op, Op::Sin(_) | Op::SinCos(..))).count();
        assert_eq!(sines, 1);
    }

    #[test]
    fn an_overflow_on_the_way_is_undefined() {
        let mut s = Store::new();
        // exp(800) and 1e200*1e200 overflow: undefined, as the evaluator has them.
        let f = parse_into(&mut s, "exp(x) + x*y").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x", "y"])).unwrap();
        let vals = tape.eval(&[800.0, 1.0, 1e200, 1e200, 0.0, 3.0]);
        assert!(vals[0].is_nan() && vals[1].is_nan(), "{vals:?}");
        assert_eq!(vals[2], 1.0);
    }

    #[test]
    fn a_high_negative_power_underflows_without_overflowing() {
        let mut s = Store::new();
        // z^729/x^729: x^729 overflows at x = -2.8, but x^-729 is only tiny, so the
        // value at z = 0 is 0, as the evaluator has it.
        let f = parse_into(&mut s, "(z/x)^729 + (z/x)^2000").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x", "z"])).unwrap();
        let vals = tape.eval(&[-2.8, 0.0, 2.0, 1.0]);
        assert_eq!(vals[0], 0.0, "{vals:?}");
        assert!((vals[1] - (0.5f64.powi(729) + 0.5f64.powi(2000))).abs() < 1e-300, "{vals:?}");
        // The same for a lone power: x^-729 at x = -2.8 is a tiny negative number.
        let g = parse_into(&mut s, "x^-729").unwrap();
        let tape = Tape::compile(&s, &[g], &names(&["x"])).unwrap();
        let v = tape.eval(&[-2.8])[0];
        assert!(v <= 0.0 && v > -1e-300, "{v}");
    }

    #[test]
    fn sine_and_cosine_of_one_argument_are_fused() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "sin(x + y)*exp(x) + cos(x + y)*y + sin(x)").unwrap();
        let tape = Tape::compile(&s, &[f], &names(&["x", "y"])).unwrap();
        let fused = tape.code.iter().filter(|i| matches!(i.op, Op::SinCos(..))).count();
        let cosines = tape.code.iter().filter(|i| matches!(i.op, Op::Cos(_))).count();
        assert_eq!((fused, cosines), (1, 0), "{:?}", tape.code);
        let mut out = vec![0.0; 3];
        tape.eval_into(&mut tape.workspace(), &[0.3, -1.2, 2.0, 0.5, -4.0, 7.0], &mut out);
        for (k, (x, y)) in [(0.3f64, -1.2f64), (2.0, 0.5), (-4.0, 7.0)].into_iter().enumerate() {
            let want = (x + y).sin() * x.exp() + (x + y).cos() * y + x.sin();
            assert!((out[k] - want).abs() <= 1e-14 * want.abs().max(1.0), "{} vs {want}", out[k]);
        }
    }

    /// A random expression over x, y, z in the input language.
    fn expr_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("x".to_string()),
            Just("y".to_string()),
            Just("z".to_string()),
            (1u32..9).prop_map(|n| n.to_string()),
            Just("pi".to_string()),
            (1u32..9, 2u32..5).prop_map(|(a, b)| format!("({a}/{b})")),
        ];
        leaf.prop_recursive(5, 40, 3, |inner| {
            let fns = prop::sample::select(vec![
                "sin", "cos", "tan", "exp", "ln", "sqrt", "atan", "sinh", "tanh", "abs", "erf", "asin", "cbrt",
                "sigmoid",
            ]);
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
                (inner.clone(), -3i32..5).prop_map(|(a, n)| format!("({a})^({n})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("atan2({a}, {b})")),
                (fns, inner).prop_map(|(f, a)| format!("{f}({a})")),
            ]
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The tape agrees with the evaluator on an expression and its derivative
        /// wherever the evaluator gives a value; where it gives none, so does the tape.
        #[test]
        fn tape_agrees_with_the_evaluator(
            text in expr_text(),
            pts in prop::collection::vec((-3.0f64..3.0, -3.0f64..3.0, -3.0f64..3.0), 1..80),
        ) {
            let mut s = Store::new();
            let Ok(f) = parse_into(&mut s, &text) else { return Ok(()) };
            let x = s.var("x");
            let df = crate::diff::Differentiator::new().diff(&mut s, f, x);
            let inputs = names(&["x", "y", "z"]);
            let tape = Tape::compile(&s, &[f, df], &inputs).unwrap();
            let flat: Vec<f64> = pts.iter().flat_map(|&(a, b, c)| [a, b, c]).collect();
            let got = tape.eval(&flat);
            for (i, &(a, b, c)) in pts.iter().enumerate() {
                let mut point = Point::default();
                for (n, v) in inputs.iter().zip([a, b, c]) {
                    point.float.insert(n.clone(), v);
                }
                let mut ev = Evaluator::new(&point);
                for (k, &e) in [f, df].iter().enumerate() {
                    let t = got[2 * i + k];
                    match ev.float(&s, e) {
                        Ok(want) => prop_assert!(
                            close(t, want) || intermediate_extreme(&s, e, &mut ev),
                            "{text} output {k} at {a},{b},{c}: tape {t} evaluator {want}"
                        ),
                        Err(why) => prop_assert!(
                            t.is_nan() || intermediate_extreme(&s, e, &mut ev),
                            "{text} output {k} at {a},{b},{c}: tape {t}, evaluator undefined ({why})"
                        ),
                    }
                }
            }
        }
    }

    /// A sine of an argument near -4e9: the tape (y * z^-4) and the evaluator
    /// (y / z^4) round the argument differently, which moves the sine by 1e-6;
    /// the comparison calls that ill-conditioned rather than a disagreement.
    #[test]
    fn a_sine_of_a_huge_argument_is_ill_conditioned() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "sin(y/z^4)").unwrap();
        let inputs = names(&["x", "y", "z"]);
        let (y, z) = (-2.732782234659286, 0.005096409369967627);
        let tape = Tape::compile(&s, &[f], &inputs).unwrap();
        let t = tape.eval(&[0.0, y, z])[0];
        let mut point = Point::default();
        point.float.insert("y".to_string(), y);
        point.float.insert("z".to_string(), z);
        let mut ev = Evaluator::new(&point);
        let want = ev.float(&s, f).unwrap();
        assert!(close(t, want) || ill_conditioned(&s, f, &mut ev), "tape {t} evaluator {want}");
        let g = parse_into(&mut s, "sin(y/z)").unwrap();
        assert!(!ill_conditioned(&s, g, &mut ev), "a moderate argument is well-conditioned");
    }

    /// True when a subexpression is so large or small in magnitude that the tape's
    /// different (but equivalent) order of operations may round or overflow
    /// differently from the evaluator: then the two need not agree.
    fn intermediate_extreme(s: &Store, e: ExprId, ev: &mut Evaluator) -> bool {
        reachable(s, &[e]).into_iter().any(|id| match ev.float(s, id) {
            Ok(v) => v != 0.0 && !(1e-100..1e100).contains(&v.abs()),
            // A factor that overflows, multiplied by an exact 0: the evaluator's
            // product is 0, the tape's 0 * inf is NaN.
            Err(why) => crate::check::is_overflow(&why),
        }) || ill_conditioned(s, e, ev)
    }

    /// A sum whose terms cancel to far below their size loses digits in any order,
    /// and so does a periodic function of a large argument (the argument's last
    /// bits decide the value: sin(-4e9) is off by 1e-6 when the argument is off by
    /// one unit in the last place).
    fn ill_conditioned(s: &Store, e: ExprId, ev: &mut Evaluator) -> bool {
        reachable(s, &[e]).into_iter().any(|id| match s.node(id) {
            Node::Add(ts) => {
                let total = ev.float(s, id).unwrap_or(0.0).abs();
                let biggest = ts.iter().filter_map(|&t| ev.float(s, t).ok()).fold(0.0f64, |m, v| m.max(v.abs()));
                biggest > 1e4 * total
            }
            Node::Call(Func::Sin | Func::Cos | Func::Tan | Func::Cot | Func::Sec | Func::Csc, args) => {
                args.iter().any(|&a| ev.float(s, a).is_ok_and(|v| v.abs() > 1e5))
            }
            _ => false,
        })
    }
}
