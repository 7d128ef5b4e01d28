//! The shortest text that reads back to the same f64, written straight onto a
//! string: the digits come from `zmij` (shortest round-trip digits, as Rust's `{:?}`
//! chooses them), laid out exactly as `{:?}` lays them out.
//!
//! The two layouts agree from 1e-4 to 1e16 (fixed notation) and differ elsewhere:
//! `zmij` writes `1e+16` where `{:?}` writes `1e16`, and `0.00001` (fixed down to
//! 1e-5) where `{:?}` writes `1e-5`. Both are rewritten here. The digits differ
//! only where a value lies exactly halfway between two shortest candidates
//! (2^-25 = 2.98023223876953125e-8): `zmij` then takes the even last digit
//! (`…312e-8`), `{:?}` the one above (`…313e-8`); such values are found exactly
//! ([`halfway_to_even`]) and written by `{:?}` itself. The tests compare every case
//! with `{:?}`.

use std::fmt::Write;

/// Appends `f` as `format!("{f:?}")` writes it (`0.1`, `1e-7`, `2.5e300`, `-0.0`,
/// `NaN`, `inf`).
pub fn push_debug(out: &mut String, f: f64) {
    if !f.is_finite() || f == 0.0 {
        let _ = write!(out, "{f:?}");
        return;
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(f);
    if halfway_to_even(f, text) {
        let _ = write!(out, "{f:?}");
        return;
    }
    // Both write fixed notation from 1e-4 up to 1e16: the digits of a value in that
    // range read back to it, so they lie in it too, where `zmij` writes fixed
    // notation (shortest digits from 1e-5 up to 1e16).
    if (1e-4..1e16).contains(&f.abs()) {
        out.push_str(text);
        return;
    }
    match text.split_once('e') {
        // Scientific notation, as `{:?}` writes it below 1e-5 and from 1e16: the
        // same mantissa, the exponent without its `+`.
        Some((mantissa, exponent)) => {
            out.push_str(mantissa);
            out.push('e');
            out.push_str(exponent.strip_prefix('+').unwrap_or(exponent));
        }
        None => match text.strip_prefix('-').unwrap_or(text).strip_prefix("0.0000") {
            // From 1e-5 to 1e-4 `zmij` writes fixed notation (`0.000015`), `{:?}`
            // scientific (`1.5e-5`): the digits after `0.0000` are the mantissa's.
            Some(digits) if !digits.starts_with('0') => {
                if f < 0.0 {
                    out.push('-');
                }
                let (first, rest) = digits.split_at(1);
                out.push_str(first);
                if !rest.is_empty() {
                    out.push('.');
                    out.push_str(rest);
                }
                out.push_str("e-5");
            }
            _ => out.push_str(text),
        },
    }
}

/// True when `f` (finite, not zero) lies exactly halfway between the number its
/// shortest digits `text` write and the next one up with as many digits, and those
/// digits end in an even one: a tie that `zmij` rounds to even and `{:?}` rounds
/// up (`562949953421312.25` is `…312.2` in one, `…312.3` in the other).
fn halfway_to_even(f: f64, text: &str) -> bool {
    // f = m * 2^e with m odd.
    let bits = f.to_bits();
    let (fraction, biased) = (bits & ((1 << 52) - 1), ((bits >> 52) & 0x7ff) as i32);
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    if m == 0 {
        return false;
    }
    let shift = m.trailing_zeros();
    let (m, e) = (m >> shift, e + shift as i32);
    // A halfway point (2D + 1) * 10^-p / 2 with p decimals after its digits D is
    // (2D + 1) / 5^p * 2^-(p + 1): f has p + 1 bits after the point, and 5^p
    // divides 2D + 1 (below 2 * 10^17, so p is at most 24).
    let p = -e - 1;
    if !(1..=24).contains(&p) {
        return false;
    }
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, x)) => (m, x.strip_prefix('+').unwrap_or(x).parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    if !mantissa.ends_with(['0', '2', '4', '6', '8']) {
        return false;
    }
    // The digits as an integer D, and the exponent k of its last digit: D * 10^k.
    let (mut digits, mut count, mut after_point, mut point) = (0u64, 0u32, 0i32, false);
    for b in mantissa.bytes() {
        match b {
            b'.' => point = true,
            b'0'..=b'9' => {
                if point {
                    after_point += 1;
                }
                if count > 0 || b != b'0' {
                    if count == 18 {
                        return false;
                    }
                    digits = digits * 10 + u64::from(b - b'0');
                    count += 1;
                }
            }
            _ => {}
        }
    }
    let mut k = exponent - after_point;
    while digits > 0 && digits % 10 == 0 {
        digits /= 10;
        k += 1;
    }
    if digits % 2 == 1 || k != -p {
        return false;
    }
    let five = 5u64.pow(p.unsigned_abs());
    let twice = 2 * digits + 1;
    twice % five == 0 && twice / five == m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn debug(f: f64) -> String {
        let mut s = String::new();
        push_debug(&mut s, f);
        s
    }

    fn same(f: f64) {
        assert_eq!(debug(f), format!("{f:?}"), "bits {:#018x}", f.to_bits());
    }

    /// `f` and its neighbours, a few ulps either way, both signs.
    fn around(f: f64) {
        let bits = f.abs().to_bits();
        for d in 0..=4u64 {
            for b in [bits.saturating_sub(d), bits.saturating_add(d)] {
                let g = f64::from_bits(b);
                same(g);
                same(-g);
            }
        }
    }

    #[test]
    fn edge_cases_match_debug() {
        for f in [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::from_bits(1),
            f64::from_bits(0x000f_ffff_ffff_ffff),
            1.0,
            0.1,
            1e-5,
            1.5e-5,
            9.99e-5,
            1e-4,
            1e-7,
            1e15,
            1e16,
            1.5e16,
            2.5e300,
            5e-324,
            123456789012345.0,
            9007199254740993.0,
            // Halfway between two 17-digit numbers.
            f64::from_bits(0x3e60_0000_0000_0000),
            f64::from_bits(0x42e6_bcc4_1e90_0004),
            1785297795974709.0 + 0.25,
            26467247466522.0 + 0.5625,
            562949953421312.0 + 0.25,
            900000000000000.0 + 0.25,
        ] {
            same(f);
            same(-f);
        }
    }

    #[test]
    fn powers_of_ten_and_their_neighbours_match_debug() {
        for e in -324..=308 {
            let p: f64 = format!("1e{e}").parse().unwrap_or(0.0);
            around(p);
            for m in [2.0, 5.0, 9.0, 9.5, 9.999_999_999_999_998, 1.000_000_000_000_000_2] {
                around(p * m);
            }
        }
    }

    #[test]
    fn powers_of_two_match_debug() {
        for e in -1074..=1023 {
            around(2f64.powi(e));
        }
    }

    #[test]
    fn short_decimals_match_debug() {
        // Numbers with few digits at every scale: where a shortest form must be chosen.
        for digits in [1u64, 7, 12, 99, 123, 4567, 99_999, 1_234_567, 987_654_321_012] {
            for e in -330..=310 {
                let f: f64 = format!("{digits}e{e}").parse().unwrap_or(0.0);
                same(f);
                same(-f);
            }
        }
    }

    #[test]
    fn ties_are_found_exactly() {
        assert!(halfway_to_even(2f64.powi(-25), "2.9802322387695312e-8"));
        assert!(!halfway_to_even(2f64.powi(-25), "2.9802322387695313e-8"));
        assert!(!halfway_to_even(0.1, "0.1"));
        assert!(!halfway_to_even(1e16, "1e+16"));
        // Every power of two whose halfway point has 18 digits.
        let ties = (-1074..1024).filter(|&e| {
            let f = 2f64.powi(e);
            f != 0.0 && halfway_to_even(f, zmij::Buffer::new().format_finite(f))
        });
        assert!(ties.count() > 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn random_bit_patterns_match_debug(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assert_eq!(debug(f), format!("{f:?}"));
        }

        #[test]
        fn random_values_of_every_scale_match_debug(m in 1.0f64..10.0, e in -330i32..310) {
            let f = m * 10f64.powi(e);
            prop_assert_eq!(debug(f), format!("{f:?}"));
            prop_assert_eq!(debug(-f), format!("{:?}", -f));
        }

        #[test]
        fn random_values_with_few_bits_after_the_point_match_debug(m in 1u64..1 << 53, bits in 1i32..=30) {
            // Where ties between two shortest candidates happen.
            let f = m as f64 * 2f64.powi(-bits);
            prop_assert_eq!(debug(f), format!("{f:?}"));
        }

        #[test]
        fn random_values_near_the_layout_switches_match_debug(m in 0.5f64..20.0, e in prop::sample::select(vec![-6, -5, -4, -3, 14, 15, 16, 17])) {
            let f = m * 10f64.powi(e);
            prop_assert_eq!(debug(f), format!("{f:?}"));
        }
    }

    /// A long run over random bit patterns, random values between 1e-6 and 1e17 and
    /// random values with few bits after the point:
    /// `cargo test --release --lib shortest -- --ignored`.
    #[test]
    #[ignore]
    fn many_random_values_match_debug() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..50_000_000 {
            let bits = next();
            same(f64::from_bits(bits));
            let scaled = (bits >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((next() % 24) as i32 - 6);
            same(scaled);
            let few_bits = (next() >> 11) as f64 * 2f64.powi(-((next() % 40) as i32));
            same(few_bits);
        }
    }
}
