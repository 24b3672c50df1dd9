//! The persistent worker threads of a [`CpuDevice`](super::CpuDevice).
//!
//! Spawning threads for every launch costs tens of microseconds, more than
//! most kernels run. The pool's threads are started once and wait for work;
//! a launch publishes a job (a generation number and a pointer to a closure),
//! wakes them, works on the job itself, then withdraws the job and waits for
//! the workers that joined it. A worker that wakes after the job was withdrawn
//! skips it, so the caller never waits for threads that were still asleep.
//! Workers spin briefly before sleeping, which makes back-to-back launches
//! cheap without burning a core between programs' launches.

use super::buffers::BlockBuffers;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// How many times an idle worker checks for a new job before it sleeps.
const SPIN_CHECKS: u32 = 1 << 12;

/// What every participant of a launch runs, with its own buffers.
pub type Work<'a> = dyn Fn(&mut BlockBuffers) + Sync + 'a;

/// A job's closure with its lifetime erased: valid while it is published,
/// because [`WorkerPool::run`] withdraws it and waits for every worker that
/// took it before returning.
#[derive(Clone, Copy)]
struct JobRef(*const Work<'static>);

// SAFETY: the closure is `Sync` and outlives every use (see `JobRef`).
unsafe impl Send for JobRef {}

#[derive(Default)]
struct State {
    generation: u64,
    job: Option<JobRef>,
    /// Workers running the current job.
    active: usize,
    /// A worker's job panicked (reported to the launching thread).
    panicked: bool,
    shutdown: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// `state.generation`, readable without the lock while spinning.
    generation: AtomicU64,
    wake: Condvar,
    idle: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Threads that run launches, plus the calling thread's own buffers.
pub struct WorkerPool {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    /// The launching thread's buffers; holding the lock also makes launches
    /// from several host threads take turns.
    caller: Mutex<BlockBuffers>,
}

impl WorkerPool {
    /// A pool of `participants` (at least 1): the launching thread and
    /// `participants - 1` workers.
    pub fn new(participants: usize) -> WorkerPool {
        let shared = Arc::new(Shared::default());
        let threads = (1..participants.max(1))
            .map(|i| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name(format!("cuwasm-cpu-{i}"))
                    .spawn(move || worker(&shared))
                    .expect("cannot start a CPU worker thread")
            })
            .collect();
        WorkerPool {
            shared,
            threads,
            caller: Mutex::new(BlockBuffers::default()),
        }
    }

    /// Threads working on a launch: the workers and the caller.
    pub fn participants(&self) -> usize {
        self.threads.len() + 1
    }

    /// Run `work` on the calling thread only.
    pub fn run_here(&self, work: &Work<'_>) {
        work(&mut self.caller.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// Run `work` on every participant at once; returns when all have finished.
    /// `work` must return once there is nothing left to do (the participants
    /// share a work counter), as some workers may join late or not at all.
    pub fn run_everywhere(&self, work: &Work<'_>) {
        let mut caller = self.caller.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: only the lifetime is erased; the job is withdrawn below
        // before `work` goes out of scope.
        let job =
            JobRef(unsafe { std::mem::transmute::<*const Work<'_>, *const Work<'static>>(work) });
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
        assert!(!panicked, "a block function panicked on a CPU worker");
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WorkerPool({} participants)", self.participants())
    }
}

/// A worker: wait for each new generation, run its job if it is still
/// published, repeat until shutdown.
fn worker(shared: &Shared) {
    let mut buffers = BlockBuffers::default();
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
        let ok = catch_unwind(AssertUnwindSafe(|| unsafe { (*work)(&mut buffers) })).is_ok();
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
fn next_job(shared: &Shared, seen: &mut u64) -> Option<Option<JobRef>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn every_launch_is_shared_out_and_finished_before_run_returns() {
        let pool = WorkerPool::new(3);
        for round in 0..200usize {
            let next = AtomicUsize::new(0);
            let done = AtomicUsize::new(0);
            let work = |_: &mut BlockBuffers| {
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
        let pool = WorkerPool::new(2);
        let caller = std::thread::current().id();
        let joined = std::sync::atomic::AtomicBool::new(false);
        let work = |_: &mut BlockBuffers| {
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
        pool.run_everywhere(&|_: &mut BlockBuffers| {
            n.fetch_add(1, Ordering::Relaxed);
        });
        assert!((1..=2).contains(&n.load(Ordering::Relaxed)));
    }
}
