//! The simplifier's polynomial coefficients: an exact rational held as n/d in
//! machine integers when it fits, boxed otherwise, one representation per value.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};

use crate::store::Rational;

/// A polynomial's coefficient: n/d in machine integers (reduced, d > 0) when it
/// fits, else an exact rational that does not fit. Either way one value has one
/// representation, so equal coefficients compare equal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Coef {
    Small(i64, i64),
    Big(Box<Rational>),
}

impl Coef {
    pub(crate) const ONE: Coef = Coef::Small(1, 1);

    pub(crate) fn of(q: &Rational) -> Coef {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(q.clone())),
        }
    }

    pub(crate) fn of_owned(q: Rational) -> Coef {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(q)),
        }
    }

    pub(crate) fn ratio(n: i64, d: i64) -> Coef {
        Coef::reduce(i128::from(n), i128::from(d))
    }

    /// n/d reduced, for d != 0.
    pub(crate) fn reduce(n: i128, d: i128) -> Coef {
        if d == 1 {
            if let Ok(n) = i64::try_from(n) {
                return Coef::Small(n, 1);
            }
        }
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
            if d64 > 0 && n64 != i64::MIN {
                let (mut a, mut b) = (n64.unsigned_abs(), d64.unsigned_abs());
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                let g = a.max(1) as i64;
                return Coef::Small(n64 / g, d64 / g);
            }
        }
        let (mut a, mut b) = (n.unsigned_abs(), d.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let g = a.max(1);
        let (n, d) = if d < 0 { (-(n / g as i128), (-d) as u128 / g) } else { (n / g as i128, d as u128 / g) };
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(Rational::new_raw(BigInt::from(n), BigInt::from(d)))),
        }
    }

    pub(crate) fn to_rational(&self) -> Rational {
        match self {
            Coef::Small(n, d) => Rational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Coef::Big(q) => Rational::clone(q),
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        matches!(self, Coef::Small(0, _))
    }

    pub(crate) fn is_one(&self) -> bool {
        matches!(self, Coef::Small(1, 1))
    }

    pub(crate) fn is_negative(&self) -> bool {
        match self {
            Coef::Small(n, _) => *n < 0,
            Coef::Big(q) => q.is_negative(),
        }
    }

    /// Whether the numerator is 1 or -1.
    pub(crate) fn numer_is_unit(&self) -> bool {
        match self {
            Coef::Small(n, _) => n.unsigned_abs() == 1,
            Coef::Big(q) => q.numer().magnitude().is_one(),
        }
    }

    pub(crate) fn denom_is_one(&self) -> bool {
        match self {
            Coef::Small(_, d) => *d == 1,
            Coef::Big(q) => q.denom().is_one(),
        }
    }

    /// More than `bits` bits (at least 64) in the numerator or denominator.
    pub(crate) fn exceeds_bits(&self, bits: u64) -> bool {
        match self {
            Coef::Small(..) => false,
            Coef::Big(q) => q.numer().bits() > bits || q.denom().bits() > bits,
        }
    }

    pub(crate) fn add(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                let n = i128::from(*an) * i128::from(*bd) + i128::from(*bn) * i128::from(*ad);
                Coef::reduce(n, i128::from(*ad) * i128::from(*bd))
            }
            _ => Coef::of_owned(crate::store::rat_add(&self.to_rational(), &o.to_rational())),
        }
    }

    pub(crate) fn mul(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                Coef::reduce(i128::from(*an) * i128::from(*bn), i128::from(*ad) * i128::from(*bd))
            }
            _ => Coef::of_owned(crate::store::rat_mul(&self.to_rational(), &o.to_rational())),
        }
    }

    /// self / o, for o != 0.
    pub(crate) fn div(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) if *bn != 0 => {
                Coef::reduce(i128::from(*an) * i128::from(*bd), i128::from(*ad) * i128::from(*bn))
            }
            _ => Coef::of_owned(crate::store::rat_div(&self.to_rational(), &o.to_rational())),
        }
    }

    pub(crate) fn neg(&self) -> Coef {
        match self {
            Coef::Small(n, d) => Coef::reduce(-i128::from(*n), i128::from(*d)),
            Coef::Big(q) => Coef::of_owned(-Rational::clone(q)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_leave_machine_integers_and_come_back() {
        assert!(std::mem::size_of::<Coef>() <= 24);
        let max = Coef::ratio(i64::MAX, 1);
        let big = max.add(&Coef::ONE);
        assert!(matches!(big, Coef::Big(_)));
        assert_eq!(big.to_rational(), Rational::from_integer(BigInt::from(i64::MAX) + 1));
        assert_eq!(big.add(&Coef::ONE.neg()), max);
        let third = Coef::ratio(2, -6);
        assert_eq!(third, Coef::Small(-1, 3));
        assert_eq!(third.mul(&Coef::ratio(3, 1)), Coef::Small(-1, 1));
        assert_eq!(third.div(&Coef::ratio(-1, 3)), Coef::ONE);
        assert!(Coef::ratio(i64::MIN, 1).neg().to_rational() == Rational::from_integer(-BigInt::from(i64::MIN)));
    }
}
