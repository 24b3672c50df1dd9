//! A loaded kernel module: compiled once, its memory made and initialized,
//! its kernels and device variables read from its exports
//! (docs/wasm-abi.md, "Exports"); and the instances the workers run it in.

use super::imports::{self, MemoryImport};
use super::memory::{Heap, LinearMemory};
use crate::error::{CudaError, Result, RuntimeError};
use std::collections::HashMap;
use wasmtime::{
    Config, Engine, ExternType, Instance, Module, SharedMemory, Store, TypedFunc, ValType,
};

/// The signature of a kernel export: `(params: i64, env: i64) -> ()`.
pub type KernelFn = TypedFunc<(i64, i64), ()>;

/// What the module says about one kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelInfo {
    /// The flat name, `module.kernel` (the export's name).
    pub name: String,
    pub static_shared_bytes: usize,
    pub per_thread_bytes: usize,
    /// Each argument's value (`#param_sizes`).
    pub param_sizes: Vec<ParamSize>,
}

/// What a launch copies for one argument (a `#param_sizes` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamSize {
    /// A value of this many bytes.
    Value(usize),
    /// A by-value struct: the argument is a pointer to this many bytes of
    /// the caller's struct, which travel with the launch (the entry's top bit).
    ByValue(usize),
}

impl ParamSize {
    const BYVAL_FLAG: u32 = 1 << 31;

    fn from_entry(entry: u32) -> ParamSize {
        match entry & Self::BYVAL_FLAG {
            0 => ParamSize::Value(entry as usize),
            _ => ParamSize::ByValue((entry & !Self::BYVAL_FLAG) as usize),
        }
    }

    /// The bytes of the argument's own value (a by-value struct's is its pointer).
    pub fn bytes(self) -> usize {
        match self {
            ParamSize::Value(n) => n,
            ParamSize::ByValue(_) => 8,
        }
    }
}

/// A `__device__`/`__constant__` variable: where it lives in the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variable {
    pub offset: u64,
    pub bytes: usize,
}

/// A module ready to run: shared by every worker of a device.
pub struct Program {
    engine: Engine,
    module: Module,
    pub heap: Heap,
    pub kernels: HashMap<String, KernelInfo>,
    pub variables: HashMap<String, Variable>,
}

/// A load failure (`cudaErrorInitializationError`).
fn load_error(message: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::new(
        CudaError::InitializationError,
        format!("cannot load the kernel module: {message}"),
    )
}

/// The engine: Wasm 2.0 and SIMD (wasmtime's defaults), threads and shared
/// memory, relaxed SIMD.
fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config
        .wasm_threads(true)
        .shared_memory(true)
        .wasm_relaxed_simd(true);
    Engine::new(&config).map_err(load_error)
}

impl Program {
    /// Compile `bytes` (a binary or, for tests, text module), check its
    /// imports, make its memory, run `cuwasm_init` and read its exports.
    pub fn load(bytes: &[u8]) -> Result<Program> {
        let engine = engine()?;
        let module = Module::new(&engine, bytes).map_err(|e| load_error(format!("{e:#}")))?;
        let MemoryImport {
            min_pages,
            max_pages,
        } = imports::check(&engine, &module)?;
        let ty = wasmtime::MemoryType::shared(min_pages as u32, max_pages as u32);
        let shared = SharedMemory::new(&engine, ty).map_err(load_error)?;
        let memory = LinearMemory::new(shared, max_pages);
        let mut program = Program {
            heap: Heap::new(memory, 0),
            engine,
            module,
            kernels: HashMap::new(),
            variables: HashMap::new(),
        };
        let mut instance = program.instantiate()?;
        let init: TypedFunc<(), ()> = instance.func("cuwasm_init")?;
        init.call(&mut instance.store, ())
            .map_err(|e| load_error(format!("cuwasm_init failed: {e:#}")))?;
        let data_end = instance.global_u32("cuwasm_data_end")?;
        program.heap = Heap::new(program.heap.memory().clone(), data_end.into());
        program.read_exports(&mut instance)?;
        Ok(program)
    }

    /// A new instance of the module in a store of its own, on the shared memory.
    pub fn instantiate(&self) -> Result<ModuleInstance> {
        let mut store = Store::new(&self.engine, ());
        let imports = imports::resolve(&mut store, &self.module, self.heap.memory());
        let instance = Instance::new(&mut store, &self.module, &imports)
            .map_err(|e| load_error(format!("{e:#}")))?;
        Ok(ModuleInstance { store, instance })
    }

    /// The kernels (`k#num_params` with the function `k`) and the variables
    /// (`v#offset`, `v#bytes`).
    fn read_exports(&mut self, instance: &mut ModuleInstance) -> Result<()> {
        let names: Vec<(String, ExternType)> = self
            .module
            .exports()
            .map(|e| (e.name().to_string(), e.ty()))
            .collect();
        for (name, _) in &names {
            if let Some(kernel) = name.strip_suffix("#num_params") {
                let info = self.kernel_info(instance, kernel, &names)?;
                self.kernels.insert(kernel.to_string(), info);
            } else if let Some(var) = name.strip_suffix("#offset") {
                let variable = Variable {
                    offset: instance.global_u32(name)?.into(),
                    bytes: instance.global_u32(&format!("{var}#bytes"))? as usize,
                };
                self.variables.insert(var.to_string(), variable);
            }
        }
        Ok(())
    }

    fn kernel_info(
        &self,
        instance: &mut ModuleInstance,
        kernel: &str,
        exports: &[(String, ExternType)],
    ) -> Result<KernelInfo> {
        let is_kernel = |ty: &ExternType| match ty {
            ExternType::Func(f) => {
                f.params()
                    .map(|p| matches!(p, ValType::I64))
                    .eq([true, true])
                    && f.results().len() == 0
            }
            _ => false,
        };
        if !exports.iter().any(|(n, ty)| n == kernel && is_kernel(ty)) {
            return Err(load_error(format!(
                "'{kernel}#num_params' is exported, but no kernel function '{kernel}' of type (i64, i64) -> ()"
            )));
        }
        let mut int = |what: &str| instance.global_u32(&format!("{kernel}#{what}"));
        let num_params = int("num_params")?;
        let static_shared_bytes = int("static_shared_bytes")? as usize;
        let per_thread_bytes = int("per_thread_bytes")? as usize;
        let param_sizes = match num_params {
            0 => Vec::new(),
            n => {
                let at = u64::from(int("param_sizes")?);
                let memory = self.heap.memory();
                (0..u64::from(n))
                    .map(|i| memory.read_u32(at + 4 * i).map(ParamSize::from_entry))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        load_error(format!("'{kernel}#param_sizes' points outside the memory"))
                    })?
            }
        };
        Ok(KernelInfo {
            name: kernel.to_string(),
            static_shared_bytes,
            per_thread_bytes,
            param_sizes,
        })
    }
}

/// One instance of the module and its store (a worker's, or the loader's).
pub struct ModuleInstance {
    pub store: Store<()>,
    instance: Instance,
}

impl ModuleInstance {
    /// The exported function `name` with the type `P -> R`.
    pub fn func<P: wasmtime::WasmParams, R: wasmtime::WasmResults>(
        &mut self,
        name: &str,
    ) -> Result<TypedFunc<P, R>> {
        self.instance
            .get_typed_func::<P, R>(&mut self.store, name)
            .map_err(|e| load_error(format!("export '{name}': {e:#}")))
    }

    /// The exported `i32` global `name`, as unsigned.
    pub fn global_u32(&mut self, name: &str) -> Result<u32> {
        self.instance
            .get_global(&mut self.store, name)
            .and_then(|g| g.get(&mut self.store).i32())
            .map(|v| v as u32)
            .ok_or_else(|| load_error(format!("the module exports no i32 global '{name}'")))
    }
}
