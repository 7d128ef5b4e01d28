//! Splitting work on a table of points over `--jobs` threads: the rows cut into
//! contiguous chunks, one per thread, and the chunks' results returned in row order,
//! so that what is built from them never depends on the number of threads.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// Below this many values (cells read, values computed or written) per thread, a
/// thread costs more than it saves.
pub const MIN_VALUES_PER_THREAD: usize = 4096;

/// Stack of each thread: reading a cell may parse a constant expression, whose
/// recursion is bounded by the nesting limit (as on the command's own thread).
const STACK_BYTES: usize = crate::limits::THREAD_STACK_BYTES;

/// How many threads `values` values are worth, at most `jobs` (at least 1).
pub fn threads_for(values: usize, jobs: usize) -> usize {
    jobs.min(values / MIN_VALUES_PER_THREAD).max(1)
}

/// `0..count` cut into at most `parts` contiguous ranges of nearly equal length,
/// in order, each starting at a multiple of `align` (the last one ends at `count`);
/// no range is empty, and there is one empty range for a `count` of 0.
pub fn split(count: usize, parts: usize, align: usize) -> Vec<Range<usize>> {
    let align = align.max(1);
    let blocks = count.div_ceil(align);
    let parts = parts.clamp(1, blocks.max(1));
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    for k in 1..=parts {
        let end = (blocks * k / parts * align).min(count);
        if end > start || ranges.is_empty() && k == parts {
            ranges.push(start..end);
            start = end;
        }
    }
    ranges
}

/// `work` applied to each of `ranges`, each on its own thread (the first on the
/// calling one), the results in the order of `ranges`. A chunk whose thread cannot
/// be started runs on the calling thread.
pub fn map<T, F>(ranges: &[Range<usize>], work: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> T + Sync,
{
    let Some((first, rest)) = ranges.split_first() else { return Vec::new() };
    if rest.is_empty() {
        return vec![work(first.clone())];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest
            .iter()
            .map(|r| {
                let chunk = r.clone();
                let spawned =
                    std::thread::Builder::new().stack_size(STACK_BYTES).spawn_scoped(scope, move || work(chunk));
                (r.clone(), spawned)
            })
            .collect();
        let mut out = Vec::with_capacity(ranges.len());
        out.push(work(first.clone()));
        for (r, spawned) in handles {
            out.push(match spawned {
                Ok(h) => h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => work(r),
            });
        }
        out
    })
}

/// `work(rows, out)` for each of `ranges` (ranges of rows, in order, covering
/// `out` at `width` values per row), each on its own thread (the first on the
/// calling one), `out` being the part of `out` that holds those rows. A chunk whose
/// thread cannot be started runs on the calling thread.
pub fn fill<T, F>(out: &mut [T], width: usize, ranges: &[Range<usize>], work: F)
where
    T: Send,
    F: Fn(Range<usize>, &mut [T]) + Sync,
{
    // Each chunk's rows and part of `out`, taken by the thread that does it.
    let mut slots = Vec::with_capacity(ranges.len());
    let mut rest = out;
    for r in ranges {
        let (part, tail) = rest.split_at_mut((r.len() * width).min(rest.len()));
        slots.push(Mutex::new(Some((r.clone(), part))));
        rest = tail;
    }
    let run = |slot: &Mutex<Option<(Range<usize>, &mut [T])>>| {
        let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some((rows, part)) = taken {
            work(rows, part);
        }
    };
    let Some((first, others)) = slots.split_first() else { return };
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .filter_map(|slot| {
                let run = &run;
                std::thread::Builder::new().stack_size(STACK_BYTES).spawn_scoped(scope, move || run(slot)).ok()
            })
            .collect();
        run(first);
        for h in handles {
            h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
    // The chunks whose thread could not be started.
    for slot in others {
        run(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_in_order() {
        for count in [0, 1, 7, 8, 9, 100, 1001] {
            for parts in [1, 2, 3, 8, 200] {
                for align in [1, 8] {
                    let ranges = split(count, parts, align);
                    assert!(!ranges.is_empty() && ranges.len() <= parts);
                    assert_eq!(ranges[0].start, 0);
                    assert_eq!(ranges[ranges.len() - 1].end, count);
                    for w in ranges.windows(2) {
                        assert_eq!(w[0].end, w[1].start);
                        assert!(w[0].start < w[0].end && w[1].start % align == 0);
                    }
                }
            }
        }
        assert_eq!(split(10, 3, 1), [0..3, 3..6, 6..10]);
        assert_eq!(split(0, 3, 8), vec![0..0]);
    }

    #[test]
    fn results_come_back_in_order() {
        let ranges = split(1000, 3, 1);
        let sums = map(&ranges, |r| r.sum::<usize>());
        assert_eq!(sums.iter().sum::<usize>(), (0..1000).sum::<usize>());
        assert_eq!(sums.len(), 3);
        assert_eq!(map(&split(5, 1, 1), |r| r.len()), [5]);
    }

    #[test]
    fn each_chunk_fills_its_own_rows() {
        let mut out = vec![0usize; 2 * 1000];
        fill(&mut out, 2, &split(1000, 3, 8), |rows, part| {
            for (row, pair) in rows.zip(part.chunks_exact_mut(2)) {
                pair.copy_from_slice(&[row, row * 2]);
            }
        });
        assert!(out.chunks_exact(2).enumerate().all(|(i, p)| p == [i, i * 2]));
    }

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(threads_for(100, 8), 1);
        assert_eq!(threads_for(3 * MIN_VALUES_PER_THREAD, 8), 3);
        assert_eq!(threads_for(usize::MAX, 2), 2);
        assert_eq!(threads_for(usize::MAX, 0), 1);
    }
}
