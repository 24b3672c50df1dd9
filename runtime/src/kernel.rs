//! Kernels by name: what a launch of `kernel<<<...>>>` finds.
//!
//! On the CPU a kernel is a block function (docs/cpu-abi.md): JIT-compiled code
//! that runs every thread of one block per call. On wasmtime it is an export
//! of the device's kernel module (docs/wasm-abi.md), found by name. Its name is
//! the flat symbol `module.kernel` (`cuwasm_dialects::cpu_abi::flat_symbol`),
//! the string that `cuwasm_rt_launch` receives.

use crate::cpu::env::KernelEnv;
use std::collections::HashMap;
use std::sync::Arc;

/// A block function: one call runs one block, all its threads and barriers.
pub type BlockFn = unsafe extern "C" fn(params: *const *const u8, env: *mut KernelEnv);

/// A compiled kernel and the memory each of its blocks needs.
#[derive(Clone, Debug, Default)]
pub struct Kernel {
    /// The flat name, `module.kernel`.
    pub name: String,
    /// The native block function (the CPU device); `None` for a kernel of a
    /// device's own module (wasm), which the device finds by `name`.
    pub entry: Option<BlockFn>,
    /// Bytes of static `__shared__` memory (`cuwasm.static_shared_bytes`).
    pub static_shared_bytes: usize,
    /// Bytes of scratch per thread (`cuwasm.per_thread_bytes`).
    pub per_thread_bytes: usize,
    /// How many arguments a launch must pass.
    pub num_params: usize,
    /// Per parameter, the bytes of a struct passed by value, 0 for the
    /// others; empty when there is none (`cuwasm.byval_bytes`). Host code
    /// passes such an argument as the address of the caller's copy, which a
    /// device with its own memory must copy by value.
    pub by_value_bytes: Vec<usize>,
}

impl Kernel {
    /// Refuse a kernel registered with another parameter count than the
    /// device's code has (`have`, read from `source`: "the module", ...).
    pub fn check_num_params(&self, have: usize, source: &str) -> crate::error::Result<()> {
        if have == self.num_params {
            return Ok(());
        }
        Err(crate::error::RuntimeError::new(
            crate::error::CudaError::InvalidDeviceFunction,
            format!(
                "kernel '{}' takes {have} arguments in {source}, not {}",
                self.name, self.num_params
            ),
        ))
    }
}

/// The kernels a runtime can launch, by flat name.
#[derive(Default, Debug)]
pub struct KernelRegistry {
    kernels: HashMap<String, Arc<Kernel>>,
}

impl KernelRegistry {
    /// Add `kernel`, replacing one of the same name (a reloaded program).
    pub fn insert(&mut self, kernel: Kernel) {
        self.kernels.insert(kernel.name.clone(), Arc::new(kernel));
    }

    pub fn get(&self, name: &str) -> Option<Arc<Kernel>> {
        self.kernels.get(name).cloned()
    }

    /// The names, in no particular order.
    pub fn names(&self) -> Vec<String> {
        self.kernels.keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.kernels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kernels.is_empty()
    }
}
