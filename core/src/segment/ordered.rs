//! An ordered parallel map whose caller consumes the results as they come and helps compute
//! them while it waits.
//!
//! `rayon`'s `par_iter().map().collect()` hands back nothing until everything is done, so a
//! consumer that turns each result into something else (a binding building Python strings)
//! could only start afterwards. Here the calling thread receives result `0`, then `1`, ... as
//! soon as each exists, and when the next one is not ready it computes a pending item itself
//! instead of sleeping, so no core idles.

use std::any::Any;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Shared state of one [`ordered_map`] call.
struct Shared<T> {
    /// The next item nobody has claimed yet.
    next: AtomicUsize,
    /// Finished items not yet consumed.
    results: Mutex<Vec<Option<T>>>,
    /// Signalled whenever an item finishes or a worker fails.
    ready: Condvar,
    /// Set when a worker panicked; its payload waits in `panic`.
    failed: AtomicBool,
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

impl<T> Shared<T> {
    fn results(&self) -> MutexGuard<'_, Vec<Option<T>>> {
        self.results.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Claims and computes the next unclaimed item; false when none is left.
    fn work_one(&self, n: usize, compute: &(impl Fn(usize) -> T + Sync)) -> bool {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= n {
            return false;
        }
        let value = compute(i);
        self.results()[i] = Some(value);
        self.ready.notify_all();
        true
    }
}

/// Computes `compute(0..n)` on the rayon pool and the calling thread, and calls `sink` with
/// each result in index order, on the calling thread only.
///
/// Must not be called from a rayon pool thread: the caller blocks while waiting, and a pool
/// thread that blocks can starve the pool. A panic in `compute` is raised again here.
pub(crate) fn ordered_map<T: Send>(
    n: usize,
    compute: impl Fn(usize) -> T + Sync,
    mut sink: impl FnMut(T),
) {
    let shared = Shared {
        next: AtomicUsize::new(0),
        results: Mutex::new((0..n).map(|_| None).collect()),
        ready: Condvar::new(),
        failed: AtomicBool::new(false),
        panic: Mutex::new(None),
    };
    let (shared, compute) = (&shared, &compute);
    rayon::in_place_scope(|scope| {
        for _ in 0..rayon::current_num_threads().min(n) {
            scope.spawn(move |_| {
                let run = catch_unwind(AssertUnwindSafe(|| while shared.work_one(n, compute) {}));
                if let Err(payload) = run {
                    *shared.panic.lock().unwrap_or_else(PoisonError::into_inner) = Some(payload);
                    shared.failed.store(true, Ordering::Release);
                    // Taking the lock orders this wake-up after the consumer's check.
                    drop(shared.results());
                    shared.ready.notify_all();
                }
            });
        }
        for i in 0..n {
            let value = loop {
                if let Some(v) = shared.results()[i].take() {
                    break Some(v);
                }
                if shared.failed.load(Ordering::Acquire) {
                    break None;
                }
                // Not ready: help with the pending items, or wait when all are taken.
                if !shared.work_one(n, compute) {
                    let mut results = shared.results();
                    while results[i].is_none() && !shared.failed.load(Ordering::Acquire) {
                        results = shared
                            .ready
                            .wait(results)
                            .unwrap_or_else(PoisonError::into_inner);
                    }
                }
            };
            match value {
                Some(v) => sink(v),
                None => break,
            }
        }
    });
    let payload = shared
        .panic
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(payload) = payload {
        resume_unwind(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order_and_complete() {
        for n in [0, 1, 2, 7, 100] {
            let mut got = Vec::new();
            ordered_map(n, |i| i * i, |v| got.push(v));
            assert_eq!(got, (0..n).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_item_is_raised_in_the_caller() {
        let run = catch_unwind(|| {
            ordered_map(
                50,
                |i| {
                    assert!(i != 31, "item 31 fails");
                    i
                },
                |_| {},
            )
        });
        assert!(run.is_err());
    }
}
