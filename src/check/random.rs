//! Seeded random points for a check, in ranges that suit most functions' domains.

use std::collections::HashMap;

/// A small, seeded generator (SplitMix64), so that a check reproduces from its seed.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    }
}

/// A random point: attempts cycle through ranges that suit most domains: all of
/// [-2, 2], then (0.05, 2] (logarithms, roots), then (-0.95, 0.95) (asin, atanh),
/// then [1.05, 3] (acosh, asec).
pub fn random_point(rng: &mut SplitMix, names: &[String], attempt: usize) -> HashMap<String, f64> {
    let (lo, hi) = match attempt % 4 {
        0 => (-2.0, 2.0),
        1 => (0.05, 2.0),
        2 => (-0.95, 0.95),
        _ => (1.05, 3.0),
    };
    names.iter().map(|n| (n.clone(), round_to(rng.uniform(lo, hi), 4))).collect()
}

/// Rounds to `digits` decimals, so that the point prints short and can be typed back
/// with --at.
fn round_to(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}
