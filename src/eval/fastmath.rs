//! Sine and cosine over a batch of values, written without branches or calls so
//! that the compiler can vectorize the loop: the argument is reduced by multiples
//! of π/2 (π/2 split in three parts, the reduction error kept as a tail), then
//! minimax polynomials on [−π/4, π/4] (the classic fdlibm kernel coefficients)
//! give the result, to within about one unit in the last place of the system
//! library's. Arguments beyond [`LIMIT`] and non-finite ones go to the system
//! library.

use std::f64::consts::FRAC_2_PI;

/// |x| up to this keeps the quadrant below 2^20, so `q * PIO2_1` is exact.
pub const LIMIT: f64 = 1.0e6;

/// Adding 1.5 * 2^52 rounds a double below 2^51 to an integer, found in the low bits.
pub(crate) const SHIFTER: f64 = 6_755_399_441_055_744.0;
/// π/2 in three parts: the first 33 bits, the next 33 bits, and the rest.
pub(crate) const PIO2_1: f64 = 1.5707963267341256;
pub(crate) const PIO2_2: f64 = 6.077100506303966e-11;
pub(crate) const PIO2_2T: f64 = 2.0222662487959506e-21;

pub(crate) const S1: f64 = -0.16666666666666632;
pub(crate) const S2: f64 = 0.00833333333332249;
pub(crate) const S3: f64 = -0.0001984126982985795;
pub(crate) const S4: f64 = 2.7557313707070068e-06;
pub(crate) const S5: f64 = -2.5050760253406863e-08;
pub(crate) const S6: f64 = 1.58969099521155e-10;

pub(crate) const C1: f64 = 0.0416666666666666;
pub(crate) const C2: f64 = -0.001388888888887411;
pub(crate) const C3: f64 = 2.480158728947673e-05;
pub(crate) const C4: f64 = -2.7557314351390663e-07;
pub(crate) const C5: f64 = 2.087572321298175e-09;
pub(crate) const C6: f64 = -1.1359647557788195e-11;

/// x = q*π/2 + (y + tail) with |y + tail| <= π/4 (about), and q mod 4.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64, u64) {
    let shifted = x * FRAC_2_PI + SHIFTER;
    let quadrant = shifted.to_bits() & 3;
    let q = shifted - SHIFTER;
    // Exact: q has at most 20 bits and PIO2_1 33.
    let t = x - q * PIO2_1;
    let w = q * PIO2_2;
    // t - w as s + e exactly (two-sum), then the last part of π/2.
    let s = t - w;
    let b = s - t;
    let e = (t - (s - b)) - (w + b);
    let tail = e - q * PIO2_2T;
    let y = s + tail;
    let y_tail = tail - (y - s);
    (y, y_tail, quadrant)
}

/// sin(y + tail) for |y| <= π/4.
#[inline(always)]
fn kernel_sin(y: f64, tail: f64) -> f64 {
    let z = y * y;
    let v = z * y;
    let r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    y - ((z * (0.5 * tail - v * r) - tail) - v * S1)
}

/// cos(y + tail) for |y| <= π/4.
#[inline(always)]
fn kernel_cos(y: f64, tail: f64) -> f64 {
    let z = y * y;
    let r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - y * tail))
}

/// `v` with its sign flipped when bit 1 of `bits` is set.
#[inline(always)]
fn negate_if(v: f64, bits: u64) -> f64 {
    f64::from_bits(v.to_bits() ^ ((bits & 2) << 62))
}

/// sin of every value of `xs` into `out`.
pub fn sin_into(out: &mut [f64], xs: &[f64]) {
    shifted_sin_into::<0>(out, xs);
    fix_large(out, xs, f64::sin);
}

/// cos of every value of `xs` into `out`.
pub fn cos_into(out: &mut [f64], xs: &[f64]) {
    // cos(x) = sin(x + π/2): one quadrant on.
    shifted_sin_into::<1>(out, xs);
    fix_large(out, xs, f64::cos);
}

/// sin(x + QUARTERS*π/2) of every value of `xs` into `out` (within [`LIMIT`]).
fn shifted_sin_into<const QUARTERS: u64>(out: &mut [f64], xs: &[f64]) {
    for (o, &x) in out.iter_mut().zip(xs) {
        let (y, tail, k) = reduce(x);
        let k = k + QUARTERS;
        // sin(q*π/2 + y) is s, c, -s, -c for q mod 4 = 0, 1, 2, 3.
        // Both, then a select: no branch in the loop, so that it vectorizes.
        let (s, c) = (kernel_sin(y, tail), kernel_cos(y, tail));
        let v = if k & 1 == 0 { s } else { c };
        *o = negate_if(v, k);
    }
}

/// sin and cos of every value of `xs` into `sin_out` and `cos_out`, with one
/// reduction.
pub fn sin_cos_into(sin_out: &mut [f64], cos_out: &mut [f64], xs: &[f64]) {
    for ((so, co), &x) in sin_out.iter_mut().zip(cos_out.iter_mut()).zip(xs) {
        let (y, tail, k) = reduce(x);
        let (s, c) = (kernel_sin(y, tail), kernel_cos(y, tail));
        let (sv, cv) = if k & 1 == 0 { (s, c) } else { (c, s) };
        *so = negate_if(sv, k);
        *co = negate_if(cv, k + 1);
    }
    fix_large(sin_out, xs, f64::sin);
    fix_large(cos_out, xs, f64::cos);
}

/// The system library's value where the reduction does not hold.
fn fix_large(out: &mut [f64], xs: &[f64], f: fn(f64) -> f64) {
    for (o, &x) in out.iter_mut().zip(xs) {
        if x.is_nan() || x.abs() > LIMIT {
            *o = f(x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units in the last place between `a` and `b`, at the scale of the larger.
    fn ulps(a: f64, b: f64) -> f64 {
        let scale = a.abs().max(b.abs()).max(f64::MIN_POSITIVE);
        (a - b).abs() / (scale * f64::EPSILON)
    }

    fn check(xs: &[f64]) {
        let mut s = vec![0.0; xs.len()];
        let mut c = vec![0.0; xs.len()];
        sin_into(&mut s, xs);
        cos_into(&mut c, xs);
        let mut s2 = vec![0.0; xs.len()];
        let mut c2 = vec![0.0; xs.len()];
        sin_cos_into(&mut s2, &mut c2, xs);
        assert!(s == s2 && c == c2, "sin_cos_into differs from sin_into and cos_into");
        for (i, &x) in xs.iter().enumerate() {
            let (ws, wc) = (x.sin(), x.cos());
            // Within 2 ulps of the library, or 1e-16 absolute next to a zero.
            let close = |a: f64, b: f64| ulps(a, b) <= 2.0 || (a - b).abs() <= 1e-16;
            assert!(close(s[i], ws), "sin({x:e}) = {:e}, library {ws:e}", s[i]);
            assert!(close(c[i], wc), "cos({x:e}) = {:e}, library {wc:e}", c[i]);
        }
    }

    #[test]
    fn agrees_with_the_library_over_the_range() {
        // A deterministic spread over [-LIMIT, LIMIT], dense near 0.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut xs = Vec::new();
        for _ in 0..200_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let scale = 10f64.powf(u * 12.0 - 6.0).min(LIMIT);
            let sign = if state & 1 == 0 { 1.0 } else { -1.0 };
            xs.push(sign * u * scale);
        }
        check(&xs);
    }

    #[test]
    fn near_multiples_of_half_pi() {
        let mut xs = Vec::new();
        for k in -2000i32..2000 {
            let m = f64::from(k) * std::f64::consts::FRAC_PI_2;
            let mut x = m;
            for _ in 0..4 {
                xs.push(x);
                x = f64::from_bits(x.to_bits() + 1);
            }
            xs.push(m * 499.0);
        }
        check(&xs);
    }

    #[test]
    fn special_values() {
        let xs = [0.0, -0.0, 1e-300, -1e-300, 5e-324, LIMIT, -LIMIT, 2e6, 1e300, f64::INFINITY, f64::NAN];
        let mut s = vec![0.0; xs.len()];
        let mut c = vec![0.0; xs.len()];
        sin_into(&mut s, &xs);
        cos_into(&mut c, &xs);
        for (i, &x) in xs.iter().enumerate() {
            if x.is_nan() || x.is_infinite() {
                assert!(s[i].is_nan() && c[i].is_nan());
            } else {
                assert!(ulps(s[i], x.sin()) <= 2.0 || (s[i] - x.sin()).abs() <= 1e-16, "sin({x:e})");
                assert!(ulps(c[i], x.cos()) <= 2.0, "cos({x:e})");
            }
        }
    }
}
