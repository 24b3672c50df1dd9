//! The persistent worker threads of a device (the CPU's and wasmtime's), and
//! how a launch hands its blocks to them.
//!
//! Spawning threads for every launch costs tens of microseconds, more than
//! most kernels run. The pool's threads are started once and wait for work;
//! a launch publishes a job (a generation number and a pointer to a closure),
//! wakes them, works on the job itself, then withdraws the job and waits for
//! the workers that joined it. A worker that wakes after the job was withdrawn
//! skips it, so the caller never waits for threads that were still asleep.
//! Workers spin briefly before sleeping, which makes back-to-back launches
//! cheap without burning a core between programs' launches.
//!
//! Every participant keeps a state of the backend's type `S` for its whole
//! life (the CPU's block buffers; a wasmtime store and instance), created by
//! `S::default()` on its own thread and passed to each job.

use crate::device::LaunchConfig;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// How many times an idle worker checks for a new job before it sleeps.
const SPIN_CHECKS: u32 = 1 << 12;

/// What every participant of a launch runs, with its own state.
pub type Work<'a, S> = dyn Fn(&mut S) + Sync + 'a;

/// A job's closure with its lifetime erased: valid while it is published,
/// because [`WorkerPool::run`] withdraws it and waits for every worker that
/// took it before returning.
struct JobRef<S>(*const Work<'static, S>);

impl<S> Clone for JobRef<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for JobRef<S> {}

// SAFETY: the closure is `Sync` and outlives every use (see `JobRef`).
unsafe impl<S> Send for JobRef<S> {}

struct State<S> {
    generation: u64,
    job: Option<JobRef<S>>,
    /// Workers running the current job.
    active: usize,
    /// A worker's job panicked (reported to the launching thread).
    panicked: bool,
    shutdown: bool,
}

impl<S> Default for State<S> {
    fn default() -> Self {
        State {
            generation: 0,
            job: None,
            active: 0,
            panicked: false,
            shutdown: false,
        }
    }
}

struct Shared<S> {
    state: Mutex<State<S>>,
    /// `state.generation`, readable without the lock while spinning.
    generation: AtomicU64,
    wake: Condvar,
    idle: Condvar,
}

impl<S> Default for Shared<S> {
    fn default() -> Self {
        Shared {
            state: Mutex::default(),
            generation: AtomicU64::new(0),
            wake: Condvar::new(),
            idle: Condvar::new(),
        }
    }
}

impl<S> Shared<S> {
    fn lock(&self) -> MutexGuard<'_, State<S>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Threads that run launches, plus the calling thread's own state.
pub struct WorkerPool<S> {
    shared: Arc<Shared<S>>,
    threads: Vec<JoinHandle<()>>,
    /// The launching thread's state; holding the lock also makes launches
    /// from several host threads take turns.
    caller: Mutex<S>,
}

impl<S: Default + 'static> WorkerPool<S> {
    /// A pool of `participants` (at least 1): the launching thread and
    /// `participants - 1` workers, whose threads are named `{name}-{i}`.
    pub fn new(participants: usize, name: &str) -> WorkerPool<S> {
        let shared = Arc::new(Shared::default());
        let threads = (1..participants.max(1))
            .map(|i| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name(format!("{name}-{i}"))
                    .spawn(move || worker(&shared))
                    .expect("cannot start a worker thread")
            })
            .collect();
        WorkerPool {
            shared,
            threads,
            caller: Mutex::new(S::default()),
        }
    }
}

impl<S> WorkerPool<S> {
    /// Threads working on a launch: the workers and the caller.
    pub fn participants(&self) -> usize {
        self.threads.len() + 1
    }

    /// Run `work` on the calling thread only.
    pub fn run_here(&self, work: &Work<'_, S>) {
        work(&mut self.caller.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// Run `work` on every participant at once; returns when all have finished.
    /// `work` must return once there is nothing left to do (the participants
    /// share a work counter), as some workers may join late or not at all.
    pub fn run_everywhere(&self, work: &Work<'_, S>) {
        let mut caller = self.caller.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: only the lifetime is erased; the job is withdrawn below
        // before `work` goes out of scope.
        let job = JobRef(unsafe {
            std::mem::transmute::<*const Work<'_, S>, *const Work<'static, S>>(work)
        });
        {
            let mut st = self.shared.lock();
            st.generation += 1;
            st.job = Some(job);
            self.shared
                .generation
                .store(st.generation, Ordering::Release);
        }
        self.shared.wake.notify_all();
        let mine = catch_unwind(AssertUnwindSafe(|| work(&mut caller)));
        let mut st = self.shared.lock();
        st.job = None;
        while st.active > 0 {
            st = self.shared.idle.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        let panicked = std::mem::take(&mut st.panicked);
        drop(st);
        if let Err(p) = mine {
            std::panic::resume_unwind(p);
        }
        assert!(!panicked, "a block function panicked on a worker thread");
    }

    /// Run the work of a launch of `config`: on the calling thread alone when
    /// the grid is small ([`runs_inline`]), else on every participant.
    pub fn run_launch(&self, config: &LaunchConfig, work: &Work<'_, S>) {
        if runs_inline(config, self.participants()) {
            self.run_here(work);
        } else {
            self.run_everywhere(work);
        }
    }
}

impl<S> Drop for WorkerPool<S> {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl<S> std::fmt::Debug for WorkerPool<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WorkerPool({} participants)", self.participants())
    }
}

/// A worker: wait for each new generation, run its job if it is still
/// published, repeat until shutdown.
fn worker<S: Default>(shared: &Shared<S>) {
    let mut state = S::default();
    let mut seen = 0;
    loop {
        for _ in 0..SPIN_CHECKS {
            if shared.generation.load(Ordering::Acquire) != seen {
                break;
            }
            std::hint::spin_loop();
        }
        let Some(job) = next_job(shared, &mut seen) else {
            return;
        };
        let Some(JobRef(work)) = job else {
            continue;
        };
        // SAFETY: the job stays valid until `active` drops back (see `JobRef`).
        let ok = catch_unwind(AssertUnwindSafe(|| unsafe { (*work)(&mut state) })).is_ok();
        let mut st = shared.lock();
        st.panicked |= !ok;
        st.active -= 1;
        if st.active == 0 {
            shared.idle.notify_all();
        }
    }
}

/// Sleep until a generation after `seen`; `None` at shutdown, else the job
/// (`Some(None)` when it was already withdrawn), counted as active.
fn next_job<S>(shared: &Shared<S>, seen: &mut u64) -> Option<Option<JobRef<S>>> {
    let mut st = shared.lock();
    loop {
        if st.shutdown {
            return None;
        }
        if st.generation != *seen {
            *seen = st.generation;
            if st.job.is_some() {
                st.active += 1;
            }
            return Some(st.job);
        }
        st = shared.wake.wait(st).unwrap_or_else(|e| e.into_inner());
    }
}

/// Grids of at most this many threads in all run on the launching thread:
/// waking workers would cost more than the blocks.
pub const INLINE_THREADS: u64 = 1024;

/// Whether a launch of `config` runs on the launching thread only, with a
/// pool of `participants`.
pub fn runs_inline(config: &LaunchConfig, participants: usize) -> bool {
    let blocks = config.num_blocks();
    participants == 1
        || blocks <= 1
        || blocks.saturating_mul(config.threads_per_block()) <= INLINE_THREADS
}

/// The `(x, y, z)` block index of linear block number `n` (x fastest, as CUDA).
pub fn block_index(n: u64, grid: [u32; 3]) -> [u32; 3] {
    let (gx, gy) = (grid[0] as u64, grid[1] as u64);
    [
        (n % gx) as u32,
        ((n / gx) % gy) as u32,
        (n / (gx * gy)) as u32,
    ]
}

/// The blocks of one launch, handed to its participants from one atomic
/// counter (which balances blocks of uneven cost).
pub struct BlockQueue {
    next: AtomicU64,
    blocks: u64,
    grid: [u32; 3],
}

impl BlockQueue {
    pub fn new(config: &LaunchConfig) -> BlockQueue {
        BlockQueue {
            next: AtomicU64::new(0),
            blocks: config.num_blocks(),
            grid: config.grid,
        }
    }

    /// The index of a block nobody has taken yet, or `None` when all are taken.
    pub fn take(&self) -> Option<[u32; 3]> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        (n < self.blocks).then(|| block_index(n, self.grid))
    }

    /// Hand out no more blocks (the launch failed).
    pub fn stop(&self) {
        self.next.store(u64::MAX / 2, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn block_numbers_cover_the_grid_x_fastest() {
        let grid = [3, 2, 2];
        let all: Vec<[u32; 3]> = (0..12).map(|n| block_index(n, grid)).collect();
        assert_eq!(all[0], [0, 0, 0]);
        assert_eq!(all[1], [1, 0, 0]);
        assert_eq!(all[3], [0, 1, 0]);
        assert_eq!(all[6], [0, 0, 1]);
        assert_eq!(all[11], [2, 1, 1]);
    }

    #[test]
    fn a_queue_hands_out_every_block_once_until_stopped() {
        let config = LaunchConfig {
            grid: [2, 3, 1],
            block: [1, 1, 1],
            dynamic_shared_bytes: 0,
        };
        let q = BlockQueue::new(&config);
        let taken: Vec<_> = std::iter::from_fn(|| q.take()).collect();
        assert_eq!(taken.len(), 6);
        assert_eq!(taken[5], [1, 2, 0]);
        let q = BlockQueue::new(&config);
        assert_eq!(q.take(), Some([0, 0, 0]));
        q.stop();
        assert_eq!(q.take(), None);
    }

    #[test]
    fn every_launch_is_shared_out_and_finished_before_run_returns() {
        let pool = WorkerPool::<()>::new(3, "test");
        for round in 0..200usize {
            let next = AtomicUsize::new(0);
            let done = AtomicUsize::new(0);
            let work = |_: &mut ()| {
                while next.fetch_add(1, Ordering::Relaxed) < round {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            };
            pool.run_everywhere(&work);
            assert_eq!(done.load(Ordering::Relaxed), round);
        }
    }

    #[test]
    fn a_panicking_worker_is_reported_to_the_caller() {
        let pool = WorkerPool::<()>::new(2, "test");
        let caller = std::thread::current().id();
        let joined = std::sync::atomic::AtomicBool::new(false);
        let work = |_: &mut ()| {
            if std::thread::current().id() != caller {
                joined.store(true, Ordering::Release);
                panic!("boom");
            }
            // Keep the job published until the worker has taken it.
            while !joined.load(Ordering::Acquire) {
                std::thread::yield_now();
            }
        };
        let r = catch_unwind(AssertUnwindSafe(|| pool.run_everywhere(&work)));
        assert!(r.is_err());
        // The pool still works afterwards.
        let n = AtomicUsize::new(0);
        pool.run_everywhere(&|_: &mut ()| {
            n.fetch_add(1, Ordering::Relaxed);
        });
        assert!((1..=2).contains(&n.load(Ordering::Relaxed)));
    }
}
