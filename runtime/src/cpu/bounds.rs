//! Bounds checks of kernel memory accesses (`cuwasm-run --check-bounds`).
//!
//! The `cpu-bounds-checks` pass makes every load, store and atomic of a
//! kernel call `cuwasm_rt_check_access` first (docs/cpu-abi.md). An access is
//! valid when it lies inside one live device allocation, one of the running
//! block's buffers (static shared, dynamic shared, scratch) or one registered
//! `__device__`/`__constant__` variable. What the check needs to know about
//! the running block, the launch sets as a thread-local [`Scope`] for each
//! participant ([`enter`]), so the entry point takes only the access itself.
//!
//! The first violation of a launch is printed to stderr (through the runtime's
//! stream, so it keeps its place among the program's output) and becomes the
//! launch's `cudaErrorIllegalAddress`; the access is skipped.

use super::env::KernelEnv;
use super::memory::AllocationTable;
use super::symbols::SymbolTable;
use std::cell::Cell;
use std::sync::OnceLock;

/// What an access does (the pass's `is_write` operand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessKind {
    Read = 0,
    Write = 1,
    /// An atomic read-modify-write (`atomicAdd`, `atomicCAS`, ...).
    Atomic = 2,
}

impl AccessKind {
    /// The kind of the pass's code (unknown codes are taken as writes).
    pub fn from_code(code: i32) -> AccessKind {
        match code {
            0 => AccessKind::Read,
            2 => AccessKind::Atomic,
            _ => AccessKind::Write,
        }
    }

    fn word(self) -> &'static str {
        match self {
            AccessKind::Read => "read",
            AccessKind::Write => "write",
            AccessKind::Atomic => "atomic access",
        }
    }
}

/// What every participant of one launch checks against, and its first violation.
pub struct LaunchAccess<'a> {
    /// The flat kernel name (`module.kernel`).
    kernel: &'a str,
    memory: &'a AllocationTable,
    symbols: &'a SymbolTable,
    violation: OnceLock<String>,
}

impl<'a> LaunchAccess<'a> {
    pub fn new(
        kernel: &'a str,
        memory: &'a AllocationTable,
        symbols: &'a SymbolTable,
    ) -> LaunchAccess<'a> {
        LaunchAccess {
            kernel,
            memory,
            symbols,
            violation: OnceLock::new(),
        }
    }

    /// The message of the launch's first out-of-bounds access, if any.
    pub fn into_violation(self) -> Option<String> {
        self.violation.into_inner()
    }
}

/// A participant's view of the launch while it runs blocks.
struct Scope {
    launch: *const LaunchAccess<'static>,
    /// The block being run (its index changes from block to block).
    env: *const KernelEnv,
    /// Static shared, dynamic shared and scratch: `(address, bytes)`.
    buffers: [(u64, usize); 3],
    /// The allocation that held the last checked access (most accesses of a
    /// kernel hit the same few arrays).
    last_hit: Cell<(u64, u64)>,
}

thread_local! {
    static SCOPE: Cell<*const Scope> = const { Cell::new(std::ptr::null()) };
}

/// While alive, accesses checked on this thread belong to its launch and block.
pub struct ScopeGuard {
    /// Owned here so that its address stays valid while published.
    _scope: Box<Scope>,
    previous: *const Scope,
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        SCOPE.with(|s| s.set(self.previous));
    }
}

/// Make `launch`, the block of `env` and `buffers` the context of this thread's checks.
pub fn enter(
    launch: &LaunchAccess<'_>,
    env: *const KernelEnv,
    buffers: [(u64, usize); 3],
) -> ScopeGuard {
    let scope = Box::new(Scope {
        // The guard, which ends the scope, lives shorter than the launch.
        launch: (launch as *const LaunchAccess<'_>).cast(),
        env,
        buffers,
        last_hit: Cell::new((0, 0)),
    });
    let previous = SCOPE.with(|s| s.replace(&*scope));
    ScopeGuard {
        _scope: scope,
        previous,
    }
}

/// Whether a kernel may access `bytes` at `address`; a violation is recorded
/// (the first per launch is printed) and the access must be skipped. Outside
/// a launch there is nothing to check against: every access passes.
pub fn check_access(address: u64, bytes: u64, kind: AccessKind, thread: [i32; 3]) -> bool {
    let scope = SCOPE.with(Cell::get);
    if scope.is_null() {
        return true;
    }
    // SAFETY: a non-null scope is the one its guard keeps alive on this thread.
    let scope = unsafe { &*scope };
    if scope.allows(address, bytes) {
        return true;
    }
    scope.report(address, bytes, kind, thread);
    false
}

impl Scope {
    fn launch(&self) -> &LaunchAccess<'_> {
        // SAFETY: the launch outlives the guard that owns this scope.
        unsafe { &*self.launch }
    }

    fn allows(&self, address: u64, bytes: u64) -> bool {
        let Some(end) = address.checked_add(bytes) else {
            return false;
        };
        let inside = |(base, size): (u64, u64)| address >= base && end <= base + size;
        if inside(self.last_hit.get()) || self.buffers.iter().any(|&(b, n)| inside((b, n as u64))) {
            return true;
        }
        let launch = self.launch();
        if let Some((base, size)) = launch.memory.find(address)
            && inside((base, size as u64))
        {
            self.last_hit.set((base, size as u64));
            return true;
        }
        launch.symbols.containing(address, bytes as usize).is_some()
    }

    fn report(&self, address: u64, bytes: u64, kind: AccessKind, thread: [i32; 3]) {
        let launch = self.launch();
        launch.violation.get_or_init(|| {
            // SAFETY: the block function is running with this env.
            let block = unsafe { (*self.env).block_idx };
            let kernel = launch.kernel.rsplit('.').next().unwrap_or(launch.kernel);
            let message = format!(
                "error: out-of-bounds {} of {bytes} bytes at {address:#x}, {}, in kernel '{kernel}', \
                 block ({},{},{}), thread ({},{},{})",
                kind.word(),
                self.whereabouts(address, bytes),
                block[0],
                block[1],
                block[2],
                thread[0],
                thread[1],
                thread[2],
            );
            crate::printf::write(2, format!("{message}\n").as_bytes());
            message
        });
    }

    /// Where a bad access lies relative to the nearest valid range.
    fn whereabouts(&self, address: u64, bytes: u64) -> String {
        let launch = self.launch();
        let names = [
            "static __shared__ memory",
            "dynamic __shared__ memory",
            "scratch memory",
        ];
        let mut regions: Vec<Region> = self
            .buffers
            .iter()
            .zip(names)
            .map(|(&(base, size), what)| {
                Region::new(
                    base,
                    size,
                    format!("the block's {size}-byte {what} at {base:#x}"),
                )
            })
            .collect();
        for (base, size) in launch.memory.neighbours(address).into_iter().flatten() {
            let what = format!("a {size}-byte allocation at {base:#x}");
            regions.push(Region::new(base, size, what));
        }
        for s in launch.symbols.all() {
            let what = format!(
                "the {}-byte variable '{}' at {:#x}",
                s.bytes, s.name, s.address
            );
            regions.push(Region::new(s.address, s.bytes, what));
        }
        regions
            .iter()
            .min_by_key(|r| r.distance(address, bytes))
            .map_or_else(
                || "outside every allocation".into(),
                |r| r.relation(address, bytes),
            )
    }
}

/// A valid range, for describing an access that misses it.
struct Region {
    base: u64,
    size: u64,
    /// A noun phrase naming it: "a 4096-byte allocation at 0x...".
    what: String,
}

impl Region {
    fn new(base: u64, size: usize, what: String) -> Region {
        Region {
            base,
            size: size as u64,
            what,
        }
    }

    fn end(&self) -> u64 {
        self.base + self.size
    }

    /// Bytes between the access and the region (0 when they overlap).
    fn distance(&self, address: u64, bytes: u64) -> u64 {
        if address >= self.end() {
            address - self.end()
        } else {
            self.base.saturating_sub(address.saturating_add(bytes))
        }
    }

    /// "N bytes past the end of a S-byte allocation at B" and the like.
    fn relation(&self, address: u64, bytes: u64) -> String {
        let target = &self.what;
        if address >= self.end() {
            format!("{} bytes past the end of {target}", address - self.end())
        } else if address < self.base {
            format!("{} bytes before the start of {target}", self.base - address)
        } else {
            let over = address + bytes - self.end();
            format!("running {over} bytes past the end of {target}")
        }
    }
}
