//! Derivatives by finite differences: a central stencil per variable, extrapolated to a
//! zero step by Richardson's method (Ridders' tableau), with the tableau's own error
//! estimate.

use std::collections::HashMap;

use super::{Estimate, Function};

/// Steps shrink by this factor down the Richardson table.
const SHRINK: f64 = 1.4;
/// Rows of the Richardson table.
const ROWS: usize = 12;
/// Stop when the diagonal's error grows past this multiple of the best error.
const SAFE: f64 = 2.0;

/// The first step for a derivative of total order `order`, before scaling by the
/// size of each coordinate: larger for higher orders, whose roundoff grows as
/// ε/h^order.
fn first_step(order: usize) -> f64 {
    0.1 * 1.5f64.powi(order as i32 - 1)
}

/// The mixed partial ∂^k f/∂wrt_1…∂wrt_k at `point` by central differences
/// (a tensor product of one central stencil per variable, step h·max(1, |x_i|))
/// extrapolated to h → 0 by Richardson's method (Ridders' tableau); the error bound
/// is the tableau's own estimate. The first step shrinks while any stencil point
/// falls outside the domain.
pub fn finite_difference(f: &mut Function, point: &HashMap<String, f64>, wrt: &[String]) -> Result<Estimate, String> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for w in wrt {
        match counts.iter_mut().find(|(n, _)| n == w) {
            Some((_, c)) => *c += 1,
            None => counts.push((w.clone(), 1)),
        }
    }
    if counts.is_empty() {
        return f(point).map(|value| Estimate { value, error: 0.0 });
    }
    let scales: Vec<f64> = counts.iter().map(|(n, _)| point.get(n).map_or(1.0, |v| v.abs().max(1.0))).collect();
    let mut h = first_step(wrt.len());
    let mut last_err = String::new();
    for _ in 0..12 {
        match ridders(f, point, &counts, &scales, h) {
            Ok(e) => return Ok(second_opinion(f, point, &counts, &scales, h, e)),
            Err(why) => last_err = why,
        }
        h /= 4.0;
    }
    Err(last_err)
}

/// A tableau can settle on a false plateau when the first step is too large for the
/// function (near a singularity): a second one from an 8 times smaller step keeps the
/// better estimate, and widens the bound to the distance between the two when they
/// disagree beyond their own bounds.
fn second_opinion(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h: f64,
    first: Estimate,
) -> Estimate {
    let Ok(second) = ridders(f, point, counts, scales, h / 8.0) else {
        return first;
    };
    let best = if second.error < first.error { second } else { first };
    let gap = (first.value - second.value).abs();
    if gap > first.error + second.error {
        Estimate { value: best.value, error: best.error.max(gap) }
    } else {
        best
    }
}

fn ridders(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h0: f64,
) -> Result<Estimate, String> {
    let mut table: Vec<Vec<f64>> = Vec::with_capacity(ROWS);
    let mut h = h0;
    let mut best = Estimate { value: f64::NAN, error: f64::INFINITY };
    for i in 0..ROWS {
        let (base, roundoff) = stencil(f, point, counts, scales, h)?;
        let mut row = vec![base];
        let mut fac = SHRINK * SHRINK;
        for j in 1..=i {
            let e = (row[j - 1] * fac - table[i - 1][j - 1]) / (fac - 1.0);
            fac *= SHRINK * SHRINK;
            // Extrapolation amplifies the roundoff of the stencils by at most about 3.
            let err = (e - row[j - 1]).abs().max((e - table[i - 1][j - 1]).abs()).max(3.0 * roundoff);
            if err <= best.error {
                best = Estimate { value: e, error: err };
            }
            row.push(e);
        }
        if i > 0 && (row[i] - table[i - 1][i - 1]).abs() >= SAFE * best.error {
            table.push(row);
            break;
        }
        table.push(row);
        h /= SHRINK;
    }
    if best.value.is_finite() && best.error.is_finite() {
        Ok(best)
    } else {
        Err("finite differences did not converge".into())
    }
}

/// The tensor-product central difference with base step h: for a variable taken k
/// times, Σ_j (-1)^j C(k, j) f(x + (k/2 - j)·h_i) / h_i^k; and its roundoff bound,
/// a few ε times Σ |weight·f| over the same denominator.
fn stencil(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h: f64,
) -> Result<(f64, f64), String> {
    let steps: Vec<f64> = scales.iter().map(|s| h * s).collect();
    let mut idx = vec![0u32; counts.len()];
    let mut sum = 0.0;
    let mut size = 0.0;
    let mut p = point.clone();
    loop {
        let mut weight = 1.0;
        for (v, ((name, k), step)) in counts.iter().zip(&steps).enumerate() {
            let j = idx[v];
            let x0 = point.get(name).copied().unwrap_or(0.0);
            p.insert(name.clone(), x0 + (f64::from(*k) / 2.0 - f64::from(j)) * step);
            let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
            weight *= sign * binomial(*k, j);
        }
        let term = weight * f(&p)?;
        sum += term;
        size += term.abs();
        // Next multi-index.
        let mut v = 0;
        loop {
            if v == idx.len() {
                let denom: f64 = counts.iter().zip(&steps).map(|((_, k), s)| s.powi(*k as i32)).product();
                return Ok((sum / denom, 4.0 * f64::EPSILON * size / denom));
            }
            idx[v] += 1;
            if idx[v] <= counts[v].1 {
                break;
            }
            idx[v] = 0;
            v += 1;
        }
    }
}

fn binomial(n: u32, k: u32) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}
