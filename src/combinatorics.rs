//! Multisets of variables, counted and listed: the mixed partial derivatives of each
//! order (∂²f/∂x∂y is the multiset {x, y}), for the derivative chain and for the
//! jets of the numerical check alike.

/// How many multisets of size k there are over n items, C(n + k - 1, k), saturating.
pub fn multiset_count(n: usize, k: usize) -> u64 {
    if n == 0 {
        return u64::from(k == 0);
    }
    // C(n - 1 + k, k) = prod over i in 1..=k of (n - 1 + i) / i, exact at every step.
    let mut c: u128 = 1;
    for i in 1..=k as u128 {
        c = c.saturating_mul(n as u128 - 1 + i) / i;
        if c > u64::MAX as u128 {
            return u64::MAX;
        }
    }
    c as u64
}

/// The multisets of size k over n items, as sorted index lists, in lexicographic
/// order: for n = 2, k = 2: [0,0], [0,1], [1,1].
pub fn multisets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return if k == 0 { vec![vec![]] } else { vec![] };
    }
    let mut out = Vec::new();
    let mut cur = vec![0usize; k];
    loop {
        out.push(cur.clone());
        // Advance: find the rightmost position that can grow.
        let Some(i) = (0..k).rev().find(|&i| cur[i] + 1 < n) else {
            return out;
        };
        let v = cur[i] + 1;
        for c in cur.iter_mut().skip(i) {
            *c = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multisets_list_each_mixed_partial_once() {
        assert_eq!(multisets(2, 2), vec![vec![0, 0], vec![0, 1], vec![1, 1]]);
        assert_eq!(multisets(3, 1), vec![vec![0], vec![1], vec![2]]);
        assert_eq!(multisets(2, 0), vec![Vec::<usize>::new()]);
        assert_eq!(multisets(3, 3).len(), 10);
    }
}
