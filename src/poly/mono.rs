//! The one monomial type: a product of numbered kernels (see [`super::Kernels`]) to
//! integer powers, with its product, quotient and order. The simplifier's
//! polynomials use natural exponents (`Mono<u32>`), the derivative chain's signed
//! ones (`Mono<i32>`).

use std::cmp::Ordering;
use std::fmt::Debug;
use std::hash::Hash;
use std::ops::Add;

/// The exponent of a kernel in a monomial: `u32` or `i32`.
pub trait Exponent: Copy + Eq + Ord + Hash + Debug + Add<Output = Self> {
    const ZERO: Self;
}

impl Exponent for u32 {
    const ZERO: u32 = 0;
}

impl Exponent for i32 {
    const ZERO: i32 = 0;
}

/// Kernel powers a monomial holds without allocating.
pub(crate) const MONO_INLINE: usize = 2;

/// A monomial: (kernel number, exponent) pairs sorted by kernel number, held
/// inline up to [`MONO_INLINE`] pairs (24 bytes in all, which keeps the
/// polynomial's map nodes small). Compared, ordered and hashed as the slice of
/// its pairs.
#[derive(Clone)]
pub enum Mono<E: Exponent = u32> {
    Inline(u8, [(u32, E); MONO_INLINE]),
    Heap(Box<[(u32, E)]>),
}

impl<E: Exponent> Mono<E> {
    pub(crate) fn new() -> Mono<E> {
        Mono::Inline(0, [(0, E::ZERO); MONO_INLINE])
    }

    /// `k^e`.
    pub(crate) fn one(k: u32, e: E) -> Mono<E> {
        Mono::Inline(1, [(k, e), (0, E::ZERO)])
    }

    pub(crate) fn from_vec(v: Vec<(u32, E)>) -> Mono<E> {
        if v.len() <= MONO_INLINE {
            let mut xs = [(0, E::ZERO); MONO_INLINE];
            xs[..v.len()].copy_from_slice(&v);
            Mono::Inline(v.len() as u8, xs)
        } else {
            Mono::Heap(v.into_boxed_slice())
        }
    }

    pub(crate) fn as_slice(&self) -> &[(u32, E)] {
        match self {
            Mono::Inline(n, xs) => &xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [(u32, E)] {
        match self {
            Mono::Inline(n, xs) => &mut xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    pub(crate) fn push(&mut self, x: (u32, E)) {
        match self {
            Mono::Inline(n, xs) if usize::from(*n) < MONO_INLINE => {
                xs[usize::from(*n)] = x;
                *n += 1;
            }
            _ => {
                let mut v = self.as_slice().to_vec();
                v.push(x);
                *self = Mono::from_vec(v);
            }
        }
    }

    pub(crate) fn remove(&mut self, i: usize) {
        match self {
            Mono::Inline(n, xs) => {
                xs.copy_within(i + 1..usize::from(*n), i);
                *n -= 1;
            }
            Mono::Heap(v) => {
                let mut v = v.to_vec();
                v.remove(i);
                *self = Mono::from_vec(v);
            }
        }
    }
}

impl<E: Exponent> Default for Mono<E> {
    fn default() -> Mono<E> {
        Mono::new()
    }
}

impl<E: Exponent> std::ops::Deref for Mono<E> {
    type Target = [(u32, E)];
    fn deref(&self) -> &[(u32, E)] {
        self.as_slice()
    }
}

impl<E: Exponent> std::ops::DerefMut for Mono<E> {
    fn deref_mut(&mut self) -> &mut [(u32, E)] {
        self.as_mut_slice()
    }
}

impl<E: Exponent> std::borrow::Borrow<[(u32, E)]> for Mono<E> {
    fn borrow(&self) -> &[(u32, E)] {
        self.as_slice()
    }
}

impl<E: Exponent> PartialEq for Mono<E> {
    fn eq(&self, other: &Mono<E>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<E: Exponent> Eq for Mono<E> {}

impl<E: Exponent> PartialOrd for Mono<E> {
    fn partial_cmp(&self, other: &Mono<E>) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E: Exponent> Ord for Mono<E> {
    fn cmp(&self, other: &Mono<E>) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl<E: Exponent> std::hash::Hash for Mono<E> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_slice().hash(h);
    }
}

impl<E: Exponent> std::fmt::Debug for Mono<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<E: Exponent> FromIterator<(u32, E)> for Mono<E> {
    fn from_iter<I: IntoIterator<Item = (u32, E)>>(it: I) -> Mono<E> {
        Mono::from_vec(it.into_iter().collect())
    }
}

/// The exponent of kernel `k` in `m` (0 when absent).
pub(crate) fn mono_exp<E: Exponent>(m: &Mono<E>, k: u32) -> E {
    m.iter().find(|x| x.0 == k).map_or(E::ZERO, |x| x.1)
}

/// `a * b`: exponents of a shared kernel add, and a kernel whose exponent comes to
/// 0 drops out (only signed exponents can).
pub(crate) fn mono_mul<E: Exponent>(a: &Mono<E>, b: &Mono<E>) -> Mono<E> {
    if a.is_empty() {
        return b.clone();
    }
    if b.is_empty() {
        return a.clone();
    }
    // Merged on the stack when short enough, else in a vector.
    const STACK: usize = 8;
    if a.len() + b.len() > STACK {
        let mut out = Vec::with_capacity(a.len() + b.len());
        merge(a, b, |x| out.push(x));
        return Mono::from_vec(out);
    }
    let mut buf = [(0u32, E::ZERO); STACK];
    let mut n = 0;
    merge(a, b, |x| {
        buf[n] = x;
        n += 1;
    });
    if n <= MONO_INLINE {
        let mut xs = [(0, E::ZERO); MONO_INLINE];
        xs[..n].copy_from_slice(&buf[..n]);
        Mono::Inline(n as u8, xs)
    } else {
        Mono::Heap(buf[..n].into())
    }
}

/// The pairs of `a * b` in kernel order, each given to `put`.
#[inline(always)]
fn merge<E: Exponent>(a: &[(u32, E)], b: &[(u32, E)], mut put: impl FnMut((u32, E))) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => {
                put(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                put(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                let e = a[i].1 + b[j].1;
                if e != E::ZERO {
                    put((a[i].0, e));
                }
                i += 1;
                j += 1;
            }
        }
    }
    a[i..].iter().chain(&b[j..]).for_each(|&x| put(x));
}

/// `a / b` when `b` divides `a` (natural exponents).
pub(crate) fn mono_div(a: &Mono, b: &Mono) -> Option<Mono> {
    let mut out = a.clone();
    for &(k, e) in b.iter() {
        let p = out.iter().position(|x| x.0 == k)?;
        if out[p].1 < e {
            return None;
        }
        out[p].1 -= e;
        if out[p].1 == 0 {
            out.remove(p);
        }
    }
    Some(out)
}

/// Lexicographic order on exponent vectors, kernel 0 most significant.
pub(crate) fn lex_cmp<E: Exponent>(a: &Mono<E>, b: &Mono<E>) -> Ordering {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => return Ordering::Equal,
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                Ordering::Less => return Ordering::Greater,
                Ordering::Greater => return Ordering::Less,
                Ordering::Equal => {
                    if x.1 != y.1 {
                        return x.1.cmp(&y.1);
                    }
                    i += 1;
                    j += 1;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monomials_stay_small() {
        // Larger keys push the polynomial's map nodes past the allocator's fast sizes.
        assert_eq!(std::mem::size_of::<Mono>(), 24);
        assert_eq!(std::mem::size_of::<Mono<i32>>(), 24);
        let a = Mono::<u32>::one(1, 2);
        let b: Mono = [(0, 1), (2, 3)].into_iter().collect();
        let ab = mono_mul(&a, &b);
        assert_eq!(ab.as_slice(), &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(mono_div(&ab, &b).as_deref(), Some(a.as_slice()));
    }
}
