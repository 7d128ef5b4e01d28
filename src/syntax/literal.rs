//! Number literals: the exact rational a decimal literal denotes, and the check of its
//! exponent against `--max-literal-exponent`.

use num_bigint::BigInt;

use crate::error::{Error, ErrorKind};
use crate::limits::Limits;
use crate::store::Rational;

/// Refuses a literal whose decimal exponent is beyond `--max-literal-exponent`.
pub(crate) fn check_literal(text: &str, limits: Limits) -> Result<(), Error> {
    let Some(i) = text.find(['e', 'E']) else {
        return Ok(());
    };
    let max = limits.max_literal_exponent;
    match text[i + 1..].parse::<i64>() {
        Ok(e) if e.unsigned_abs() <= max => Ok(()),
        _ => Err(Error::new(ErrorKind::Limit, format!("the exponent of '{text}' is beyond ±{max}"))
            .hint("raise the limit with --max-literal-exponent N, or write a power of ten such as 10^20000")),
    }
}

/// An exact rational from a decimal literal: `2.5` is 5/2, `1e-3` is 1/1000. The
/// exponent was bounded by `check_literal` before.
pub(crate) fn parse_number(text: &str) -> Result<Rational, Error> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let (whole, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    let digits = format!("{whole}{frac}");
    let digits = if digits.is_empty() { "0" } else { &digits };
    let numer: BigInt = digits.parse().map_err(|_| Error::new(ErrorKind::Syntax, format!("bad number '{text}'")))?;
    let exp: i64 = if exponent.is_empty() {
        0
    } else {
        exponent.parse().map_err(|_| Error::new(ErrorKind::Limit, format!("the exponent of '{text}' is too large")))?
    };
    let shift = exp - frac.len() as i64;
    let ten = BigInt::from(10);
    let scale = num_traits::pow::Pow::pow(&ten, shift.unsigned_abs());
    Ok(if shift >= 0 { Rational::from_integer(numer * scale) } else { Rational::new(numer, scale) })
}
