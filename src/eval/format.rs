//! How values are written: floats to N significant digits, numbers beyond the range
//! of f64 ([`Wide`]) in scientific notation from their logarithm, and the choices of
//! `--exact`, `--float` and `--digits` ([`ValueStyle`]).

use crate::limits::{WIDE_DEFAULT_DIGITS, WIDE_MAX_DIGITS};

/// How values are shown, chosen once per run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueStyle {
    /// `--exact`: plain output prints closed forms (`sqrt(2)/2`) instead of floats.
    pub exact: bool,
    /// `--float`: every value printed as a decimal, exact ones too (`1/5` is `0.2`).
    pub float: bool,
    /// `--digits N`: significant digits of every float printed (None: the shortest
    /// text that reads back to the same f64).
    pub digits: Option<usize>,
}

impl ValueStyle {
    /// A finite float as this style writes it.
    pub fn float_text(&self, f: f64) -> String {
        match self.digits {
            Some(n) => digits_text(f, n),
            None => super::float_text(f),
        }
    }

    /// A number beyond f64 as this style writes it (at most [`WIDE_MAX_DIGITS`]
    /// digits, the ones its logarithm determines).
    pub fn wide_text(&self, w: Wide) -> String {
        w.text(self.digits.unwrap_or(WIDE_DEFAULT_DIGITS).min(WIDE_MAX_DIGITS))
    }

    /// A float, finite or wide, as this style writes it.
    pub fn approx_text(&self, a: Approx) -> String {
        match a {
            Approx::Finite(f) => self.float_text(f),
            Approx::Wide(w) => self.wide_text(w),
        }
    }
}

/// A real number too large (or too small) in magnitude for an f64, held as its sign
/// and the natural logarithm of its magnitude: `exp(1000)` is `+, 1000`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wide {
    pub negative: bool,
    pub ln_abs: f64,
}

impl Wide {
    /// `1.97007e434` with `digits` significant digits (trailing zeros dropped).
    pub fn text(self, digits: usize) -> String {
        let digits = digits.max(1);
        let log10 = self.ln_abs / std::f64::consts::LN_10;
        let mut exponent = log10.floor();
        let mut mantissa = 10f64.powf(log10 - exponent);
        // Rounding to `digits` may carry into the next power of ten: 9.9999995 is 10.
        let scale = 10f64.powi(digits as i32 - 1);
        mantissa = (mantissa * scale).round() / scale;
        if mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1.0;
        }
        let m = trim_zeros(format!("{mantissa:.*}", digits - 1));
        let sign = if self.negative { "-" } else { "" };
        format!("{sign}{m}e{exponent}")
    }

    /// The f64 value: ±infinity or ±0 when out of range.
    pub fn to_f64(self) -> f64 {
        let m = self.ln_abs.exp();
        if self.negative {
            -m
        } else {
            m
        }
    }
}

/// A float value: an f64, or a number beyond its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Approx {
    Finite(f64),
    Wide(Wide),
}

impl Approx {
    /// The value of a logarithm of its magnitude and a sign: finite when an f64
    /// holds it (not infinite and not a denormal or zero from underflow).
    pub fn from_ln(negative: bool, ln_abs: f64) -> Approx {
        let m = ln_abs.exp();
        if m.is_finite() && m >= f64::MIN_POSITIVE {
            Approx::Finite(if negative { -m } else { m })
        } else {
            Approx::Wide(Wide { negative, ln_abs })
        }
    }

    /// As (sign, ln of the magnitude); None for zero.
    pub fn ln_parts(self) -> Option<(bool, f64)> {
        match self {
            Approx::Finite(0.0) => None,
            Approx::Finite(f) => Some((f < 0.0, f.abs().ln())),
            Approx::Wide(w) => Some((w.negative, w.ln_abs)),
        }
    }

    /// True when `self` and `other` agree to `rel` relative (compared through their
    /// logarithms when either is beyond f64).
    pub fn agrees(self, other: Approx, rel: f64) -> bool {
        match (self, other) {
            (Approx::Finite(a), Approx::Finite(b)) => (a - b).abs() <= rel * a.abs().max(b.abs()),
            _ => match (self.ln_parts(), other.ln_parts()) {
                (Some((sa, la)), Some((sb, lb))) => sa == sb && (la - lb).abs() <= rel,
                _ => false,
            },
        }
    }
}

/// `f` to `n` significant digits, as `%g` writes it: fixed notation for decimal
/// exponents from -4 to n - 1, scientific otherwise, trailing zeros dropped.
pub fn digits_text(f: f64, n: usize) -> String {
    let n = n.max(1);
    if f == 0.0 {
        return "0".into();
    }
    if !f.is_finite() {
        return super::float_text(f);
    }
    let sci = format!("{f:.*e}", n - 1);
    let Some((m, e)) = sci.split_once('e') else { return sci };
    let exponent: i32 = e.parse().unwrap_or(0);
    if exponent < -4 || exponent >= n as i32 {
        return format!("{}e{exponent}", trim_zeros(m.to_string()));
    }
    let decimals = (n as i32 - 1 - exponent).max(0) as usize;
    trim_zeros(format!("{f:.decimals$}"))
}

/// `1.2300` is `1.23`, `2.000` is `2`; text without a point is kept.
fn trim_zeros(t: String) -> String {
    if !t.contains('.') {
        return t;
    }
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        assert_eq!(digits_text(std::f64::consts::FRAC_1_SQRT_2, 4), "0.7071");
        assert_eq!(digits_text(0.2, 5), "0.2");
        assert_eq!(digits_text(12345.678, 3), "1.23e4");
        assert_eq!(digits_text(-0.000012345, 2), "-1.2e-5");
        assert_eq!(digits_text(1.0 / 3.0, 3), "0.333");
        assert_eq!(digits_text(99.96, 3), "100");
    }

    #[test]
    fn wide_numbers_from_their_logarithm() {
        assert_eq!(Wide { negative: false, ln_abs: 1000.0 }.text(6), "1.97007e434");
        assert_eq!(Wide { negative: true, ln_abs: -1000.0 }.text(3), "-5.08e-435");
        // 10^400 exactly: no mantissa of 9.99999.
        assert_eq!(Wide { negative: false, ln_abs: 400.0 * std::f64::consts::LN_10 }.text(6), "1e400");
        assert!(Approx::from_ln(false, 1000.0) != Approx::Finite(f64::INFINITY));
        assert_eq!(Approx::from_ln(true, 0.0), Approx::Finite(-1.0));
    }
}
