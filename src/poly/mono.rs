//! Monomials: products of numbered kernels to integer powers, and their product,
//! quotient and order.

use std::cmp::Ordering;

/// Kernel powers a monomial holds without allocating.
pub(crate) const MONO_INLINE: usize = 2;

/// A monomial: (kernel number, exponent) pairs sorted by kernel number, held
/// inline up to [`MONO_INLINE`] pairs (24 bytes in all, which keeps the
/// polynomial's map nodes small). Compared, ordered and hashed as the slice of
/// its pairs.
#[derive(Clone)]
pub(crate) enum Mono {
    Inline(u8, [(u32, u32); MONO_INLINE]),
    Heap(Box<[(u32, u32)]>),
}

impl Mono {
    pub(crate) const fn new() -> Mono {
        Mono::Inline(0, [(0, 0); MONO_INLINE])
    }

    pub(crate) fn one(k: u32, e: u32) -> Mono {
        Mono::Inline(1, [(k, e), (0, 0)])
    }

    pub(crate) fn from_vec(v: Vec<(u32, u32)>) -> Mono {
        if v.len() <= MONO_INLINE {
            let mut xs = [(0, 0); MONO_INLINE];
            xs[..v.len()].copy_from_slice(&v);
            Mono::Inline(v.len() as u8, xs)
        } else {
            Mono::Heap(v.into_boxed_slice())
        }
    }

    pub(crate) fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Mono::Inline(n, xs) => &xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [(u32, u32)] {
        match self {
            Mono::Inline(n, xs) => &mut xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    pub(crate) fn push(&mut self, x: (u32, u32)) {
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

impl Default for Mono {
    fn default() -> Mono {
        Mono::new()
    }
}

impl std::ops::Deref for Mono {
    type Target = [(u32, u32)];
    fn deref(&self) -> &[(u32, u32)] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Mono {
    fn deref_mut(&mut self) -> &mut [(u32, u32)] {
        self.as_mut_slice()
    }
}

impl std::borrow::Borrow<[(u32, u32)]> for Mono {
    fn borrow(&self) -> &[(u32, u32)] {
        self.as_slice()
    }
}

impl PartialEq for Mono {
    fn eq(&self, other: &Mono) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Mono {}

impl PartialOrd for Mono {
    fn partial_cmp(&self, other: &Mono) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Mono {
    fn cmp(&self, other: &Mono) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl std::hash::Hash for Mono {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_slice().hash(h);
    }
}

impl std::fmt::Debug for Mono {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl FromIterator<(u32, u32)> for Mono {
    fn from_iter<I: IntoIterator<Item = (u32, u32)>>(it: I) -> Mono {
        Mono::from_vec(it.into_iter().collect())
    }
}

pub(crate) fn mono_exp(m: &Mono, k: u32) -> u32 {
    m.iter().find(|x| x.0 == k).map_or(0, |x| x.1)
}

pub(crate) fn mono_mul(a: &Mono, b: &Mono) -> Mono {
    // Merged on the stack when short enough, else in a vector.
    const STACK: usize = 8;
    let mut buf = [(0u32, 0u32); STACK];
    let mut heap = Vec::new();
    let on_stack = a.len() + b.len() <= STACK;
    let mut n = 0;
    let mut put = |x: (u32, u32)| {
        if on_stack {
            buf[n] = x;
        } else {
            heap.push(x);
        }
        n += 1;
    };
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
                put((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    a[i..].iter().chain(&b[j..]).for_each(|&x| put(x));
    if !on_stack {
        return Mono::from_vec(heap);
    }
    if n <= MONO_INLINE {
        let mut xs = [(0, 0); MONO_INLINE];
        xs[..n].copy_from_slice(&buf[..n]);
        Mono::Inline(n as u8, xs)
    } else {
        Mono::Heap(buf[..n].into())
    }
}

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
pub(crate) fn lex_cmp(a: &Mono, b: &Mono) -> Ordering {
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
        let a = Mono::one(1, 2);
        let b: Mono = [(0, 1), (2, 3)].into_iter().collect();
        let ab = mono_mul(&a, &b);
        assert_eq!(ab.as_slice(), &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(mono_div(&ab, &b).as_deref(), Some(a.as_slice()));
    }
}
