//! The series of an expression, bottom-up over its DAG (memoized per node): each
//! variable of the expansion is p + t·X, every other leaf a constant, sums and
//! products by the truncated arithmetic, powers by the binomial recurrence or
//! exp/ln, each function by its row's [`Expansion`], and abstract functions (and
//! variables declared to depend on the expanded ones) by their Taylor series in
//! their derivatives at the point.

use rustc_hash::FxHashMap;

use super::truncated::{self as ts, Failure, Series};
use crate::eval::{beyond_f64, Evaluator, Point};
use crate::func::{Expansion, Func, Jump};
use crate::number::Rational;
use crate::store::{ExprId, Head, Node, Store};

/// Why a subexpression has no series.
#[derive(Clone, Debug)]
pub enum Stop {
    /// The operation failed at the subexpression.
    Failed(Failure, ExprId),
    /// The function's value is undefined at the point (ln at -1), with the reason.
    Undefined(ExprId, String),
    /// The subexpression is a kink or jump at the point (abs(x) at 0).
    NotSmooth(ExprId),
    /// A limit of the store ran out.
    Limit,
}

/// One expansion: the variables' series and the memo of every node's.
pub struct Walk {
    /// The expansion variables with their series p + t·X.
    leaves: Vec<(ExprId, Series)>,
    /// Placeholders standing for series (a derivative rule's arguments).
    bound: Vec<(ExprId, Series)>,
    memo: FxHashMap<ExprId, Series>,
    /// The number of terms every series is computed to.
    len: usize,
}

impl Walk {
    /// A walk with the variables' series given, to `len` terms.
    pub fn new(leaves: Vec<(ExprId, Series)>, len: usize) -> Walk {
        Walk { leaves, bound: Vec::new(), memo: FxHashMap::default(), len }
    }

    /// The series of `id`.
    pub fn series(&mut self, s: &mut Store, id: ExprId) -> Result<Series, Stop> {
        if let Some(r) = self.memo.get(&id) {
            return Ok(r.clone());
        }
        let r = if self.is_constant(s, id) { Series::constant(s, id, self.len) } else { self.node_series(s, id)? };
        if s.exceeded().is_some() {
            return Err(Stop::Limit);
        }
        self.memo.insert(id, r.clone());
        Ok(r)
    }

    /// True when `id` contains no variable of the expansion and no placeholder.
    fn is_constant(&self, s: &Store, id: ExprId) -> bool {
        !self.leaves.iter().chain(&self.bound).any(|(v, _)| s.may_contain(id, *v))
    }

    fn node_series(&mut self, s: &mut Store, id: ExprId) -> Result<Series, Stop> {
        match s.node(id).clone() {
            Node::Var(name) => self.variable(s, id, &name),
            Node::Add(terms) => {
                let mut acc = self.series(s, terms[0])?;
                for &t in &terms[1..] {
                    let b = self.series(s, t)?;
                    acc = ts::add(s, &acc, &b);
                }
                Ok(acc)
            }
            Node::Mul(factors) => self.product(s, &factors),
            Node::Pow(b, e) => self.power(s, id, b, e),
            Node::Call(f, args) => self.call(s, id, f, &args),
            Node::Apply(h, args) => {
                let args: Vec<Series> = args.iter().map(|&a| self.series(s, a)).collect::<Result<_, _>>()?;
                self.taylor(s, id, h, &args)
            }
            Node::Num(_) | Node::Const(_) => Ok(Series::constant(s, id, self.len)),
        }
    }

    /// A variable: an expansion variable's or a placeholder's series, or the Taylor
    /// series of a variable declared to depend on expanded ones (y is y(x)).
    fn variable(&mut self, s: &mut Store, id: ExprId, name: &str) -> Result<Series, Stop> {
        if let Some((_, r)) = self.leaves.iter().chain(&self.bound).find(|(v, _)| *v == id) {
            return Ok(r.clone());
        }
        match s.dependency(name) {
            Some(dep) => {
                let h = s.head(dep.name, &[]);
                let args: Vec<ExprId> = s.dependency_args(dep);
                let series: Vec<Series> = args.iter().map(|&a| self.series(s, a)).collect::<Result<_, _>>()?;
                self.taylor(s, id, h, &series)
            }
            None => Ok(Series::constant(s, id, self.len)),
        }
    }

    /// A product: the constant factors multiplied once, then the series.
    fn product(&mut self, s: &mut Store, factors: &[ExprId]) -> Result<Series, Stop> {
        let (constant, varying): (Vec<ExprId>, Vec<ExprId>) = factors.iter().partition(|&&f| self.is_constant(s, f));
        let mut acc: Option<Series> = None;
        for &f in &varying {
            let b = self.series(s, f)?;
            acc = Some(match acc {
                Some(a) => ts::mul(s, &a, &b),
                None => b,
            });
        }
        let c = s.mul(&constant);
        Ok(match acc {
            Some(a) => a.scale(s, c),
            None => Series::constant(s, c, self.len),
        })
    }

    /// base^exp: a power of a series by an exponent free of the variables, an
    /// exponential of one, or exp(exp·ln(base)).
    fn power(&mut self, s: &mut Store, id: ExprId, b: ExprId, e: ExprId) -> Result<Series, Stop> {
        let failed = |f| Stop::Failed(f, id);
        if self.is_constant(s, e) {
            let base = self.series(s, b)?;
            let whole = s.as_num(e).filter(|q| q.is_integer()).and_then(|q| i64::try_from(q.numer()).ok());
            return match whole {
                Some(n) if n >= 0 => Ok(ts::powi(s, &base, n as u64, self.len)),
                Some(n) => {
                    let p = ts::powi(s, &base, n.unsigned_abs(), self.len);
                    ts::recip(s, &p).map_err(failed)
                }
                None => {
                    let base = base.settled(s);
                    if base.val != 0 && !base.coef.is_empty() {
                        return Err(failed(Failure::Branch));
                    }
                    let lead = match base.coef.first() {
                        Some(&c) => s.pow(c, e),
                        None => return Err(failed(Failure::Precision)),
                    };
                    self.defined(s, id, lead)?;
                    ts::pow(s, &base, e, lead).map_err(failed)
                }
            };
        }
        let exponent = self.series(s, e)?;
        if self.is_constant(s, b) {
            // b^u = b^(u_0) · exp(ln(b)·(u - u_0))
            let mut u = exponent.dense(s).map_err(failed)?;
            let u0 = u[0];
            let e0 = s.pow(b, u0);
            self.defined(s, id, e0)?;
            u[0] = s.zero();
            let ln_b = if matches!(s.node(b), Node::Const(crate::number::Constant::E)) {
                s.one()
            } else {
                s.call(Func::Ln, &[b])
            };
            // A negative base has no real power near a point: (-2)^x.
            self.defined(s, id, ln_b)?;
            let scaled: Vec<ExprId> = u.iter().map(|&c| s.mul2(c, ln_b)).collect();
            let e = ts::exp(s, &scaled, e0);
            return Ok(Series::from_dense(s, e));
        }
        // b^e = exp(e·ln(b)), for b and e both varying.
        let ln_b = s.call(Func::Ln, &[b]);
        let log = self.series(s, ln_b)?;
        let product = ts::mul(s, &exponent, &log);
        let mut u = product.dense(s).map_err(failed)?;
        let u0 = u[0];
        u[0] = s.zero();
        let e0 = s.exp(u0);
        let e = ts::exp(s, &u, e0);
        Ok(Series::from_dense(s, e))
    }

    /// A built-in function of series, by its row's expansion.
    fn call(&mut self, s: &mut Store, id: ExprId, f: Func, args: &[ExprId]) -> Result<Series, Stop> {
        let failed = |x| Stop::Failed(x, id);
        let series: Vec<Series> = args.iter().map(|&a| self.series(s, a)).collect::<Result<_, _>>()?;
        let mut dense = Vec::with_capacity(series.len());
        for a in &series {
            dense.push(a.clone().settled(s).dense(s).map_err(failed)?);
        }
        let point: Vec<ExprId> = dense.iter().map(|d| d[0]).collect();
        match f.def().expansion {
            Expansion::Pair { hyperbolic, cosine } => {
                let (sf, cf) = if hyperbolic { (Func::Sinh, Func::Cosh) } else { (Func::Sin, Func::Cos) };
                let (s0, c0) = (s.call(sf, &point), s.call(cf, &point));
                let mut u = dense[0].clone();
                u[0] = s.zero();
                let (sin, cos) = ts::sin_cos(s, &u, s0, c0, hyperbolic);
                Ok(Series::from_dense(s, if cosine { cos } else { sin }))
            }
            Expansion::Rewrite(rewrite) => {
                // The arguments' own stops came above; one inside the equal form is
                // the call's (hypot(x, y) at 0, not sqrt(x^2 + y^2)).
                let equal = rewrite(s, args);
                self.series(s, equal).map_err(|stop| reattributed(stop, id))
            }
            Expansion::Root(q) => {
                let base = series[0].clone().settled(s);
                if base.val != 0 {
                    return Err(failed(Failure::Branch));
                }
                let lead = s.call(f, &[base.coef[0]]);
                let p = s.frac(1, q);
                ts::pow(s, &base, p, lead).map_err(failed)
            }
            Expansion::Piecewise { local } => {
                let p = point[0];
                if s.is_zero(p) {
                    return Err(Stop::NotSmooth(id));
                }
                let near = local(s, p, args[0]);
                self.series(s, near)
            }
            Expansion::Integral { jump } => self.integral(s, id, f, &point, &dense, jump),
        }
    }

    /// g(u) = g(p) + ∫ Σ_i ∂_i g(u) u_i' dt, each partial from the derivative rule
    /// at placeholders bound to the arguments' series.
    fn integral(
        &mut self,
        s: &mut Store,
        id: ExprId,
        f: Func,
        point: &[ExprId],
        dense: &[Vec<ExprId>],
        jump: Jump,
    ) -> Result<Series, Stop> {
        let jumps = match jump {
            Jump::None => false,
            Jump::AtZero => s.is_zero(point[0]),
            Jump::NegativeAxis => {
                s.is_zero(point[0]) && s.as_num(point[1]).is_some_and(|q| !num_traits::Signed::is_positive(q))
            }
        };
        if jumps {
            return Err(Stop::NotSmooth(id));
        }
        let value = s.call(f, point);
        self.defined(s, id, value)?;
        let placeholders: Vec<ExprId> = (0..point.len()).map(|i| s.var(&format!("\u{1}u{i}"))).collect();
        let mut inner = Walk {
            leaves: self.leaves.clone(),
            bound: placeholders.iter().zip(dense).map(|(&u, d)| (u, Series::from_dense(s, d.clone()))).collect(),
            memo: FxHashMap::default(),
            len: self.len,
        };
        let mut acc: Option<Series> = None;
        for (i, d) in dense.iter().enumerate() {
            let slope = ts::derivative(s, d);
            let slope = Series::from_dense(s, slope);
            if slope.coef.is_empty() && slope.val >= d.len() as i64 - 1 {
                continue;
            }
            let partial = (f.def().derivative)(s, &placeholders, i);
            let g = inner.series(s, partial).map_err(|stop| reattributed(stop, id))?;
            let term = ts::mul(s, &g, &slope);
            acc = Some(match acc {
                Some(a) => ts::add(s, &a, &term),
                None => term,
            });
        }
        let zero = s.zero();
        let h = acc.unwrap_or_else(|| Series::constant(s, zero, self.len.saturating_sub(1)));
        let g = ts::integrate(s, value, &h).map_err(|x| Stop::Failed(x, id))?;
        Ok(Series::from_dense(s, g))
    }

    /// The Taylor series of the abstract function `h` of series: Σ over multi-indices
    /// α of D^α h(p)/α! · Π (u_i - p_i)^α_i, to the walk's length.
    fn taylor(&mut self, s: &mut Store, id: ExprId, h: Head, args: &[Series]) -> Result<Series, Stop> {
        let mut point = Vec::with_capacity(args.len());
        let mut offsets = Vec::with_capacity(args.len());
        for a in args {
            let mut d = a.clone().settled(s).dense(s).map_err(|x| Stop::Failed(x, id))?;
            point.push(d[0]);
            d[0] = s.zero();
            offsets.push(Series::from_dense(s, d));
        }
        let zero = s.zero();
        let mut acc = Series::constant(s, zero, self.len);
        let one = s.one();
        let product = Series::constant(s, one, self.len);
        let term = Partial { head: h, weight: Rational::from_integer(1.into()), product, degree: 0 };
        self.taylor_terms(s, &point, &offsets, 0, term, &mut acc)?;
        Ok(acc)
    }

    /// Adds the terms D^α h(p)/α! · Π (u_i - p_i)^α_i whose α agrees with `term`'s
    /// before `slot`: each next α_slot one more derivative, one more factor.
    fn taylor_terms(
        &mut self,
        s: &mut Store,
        point: &[ExprId],
        offsets: &[Series],
        slot: usize,
        mut term: Partial,
        acc: &mut Series,
    ) -> Result<(), Stop> {
        if slot == offsets.len() {
            let value = s.apply(term.head, point);
            let w = s.num(term.weight);
            let c = s.mul2(value, w);
            let t = term.product.scale(s, c);
            *acc = ts::add(s, acc, &t);
            return if s.exceeded().is_some() { Err(Stop::Limit) } else { Ok(()) };
        }
        let offset = &offsets[slot];
        let step = offset.val.max(1);
        let mut k: i64 = 0;
        loop {
            self.taylor_terms(s, point, offsets, slot + 1, term.clone(), acc)?;
            k += 1;
            // The factor (u_i - p_i)^k starts at t^(k·step): past the length, nothing.
            if offset.coef.is_empty() || term.degree + step >= self.len as i64 {
                return Ok(());
            }
            term.head = s.head_derivative(term.head, slot as u32 + 1);
            term.weight /= Rational::from_integer(k.into());
            term.product = ts::mul(s, &term.product, offset);
            term.degree += step;
        }
    }

    /// Refuses a leading value without variables that is undefined (ln(-1),
    /// sqrt(-2)): the function has no real series there. A value beyond f64
    /// (exp(10^100)) is defined.
    fn defined(&self, s: &mut Store, id: ExprId, value: ExprId) -> Result<(), Stop> {
        if !s.free_vars(value).is_empty() || s.abstract_in(&[value]).is_some() {
            return Ok(());
        }
        let point = Point::default();
        match Evaluator::new(&point).float(s, value) {
            Err(why) if !beyond_f64(&why) => Err(Stop::Undefined(id, why)),
            _ => Ok(()),
        }
    }
}

/// One term of an abstract function's Taylor series being built: the head
/// differentiated so far, 1/α!, the product of the offsets' powers and its lowest
/// power of t.
#[derive(Clone)]
struct Partial {
    head: Head,
    weight: Rational,
    product: Series,
    degree: i64,
}

/// A stop inside a derivative rule's expansion, said of the call it expands.
fn reattributed(stop: Stop, id: ExprId) -> Stop {
    match stop {
        Stop::Failed(f, _) => Stop::Failed(f, id),
        Stop::Undefined(_, why) => Stop::Undefined(id, why),
        Stop::NotSmooth(_) => Stop::NotSmooth(id),
        Stop::Limit => Stop::Limit,
    }
}
