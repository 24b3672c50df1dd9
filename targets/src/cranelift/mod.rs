//! `targets/cranelift`: func-level IR to native code through the Cranelift JIT.
//!
//! The CPU path (docs/cpu-abi.md) ends here: after `convert-gpu-to-simd` and
//! `convert-cuda-host-to-runtime`, the top-level `builtin.module` holds plain
//! `func.func`s over scalars and `!ptr.ptr`s. [`compile`] JIT-compiles every
//! function with a body; bodiless declarations are imports, resolved first from
//! [`JitOptions::symbols`] (the runtime's `cuwasm_rt_*` functions), then from the
//! process (`dlsym`, with `libm.so.6` as a last resort, for `sinf`, `malloc`, ...).
//! [`emit_clif`] gives the same functions as Cranelift IR text, for inspection
//! (`cuwasm-opt --emit=clif`).
//!
//! Input: the ops of `func`, `arith`, `math`, `scf`, `cf`, `ptr`, and the `cuda`
//! ops that stay until the emitter (`string_literal`, `global_var`/`global_addr`,
//! `alloca`, `atomic_rmw`, `atomic_cas`, `ldg`, `fast_math`, `addrspace_cast`,
//! `threadfence`), over `i1`..`i64`, `index`, `f32`, `f64` and `!ptr.ptr`.
//! Anything else is a located diagnostic naming the op, never a panic.
//!
//! Semantics chosen where MLIR leaves room (GPU code never traps):
//! - integer division by zero gives `x / 0 = x` and `x % 0 = 0`, and
//!   `INT_MIN / -1` wraps to `INT_MIN` (`% -1` is 0); divisors that are known
//!   safe constants are not guarded ([`int_div`](self));
//! - float-to-integer casts saturate (NaN is 0), like Rust's `as`;
//! - shifts by at least the bit width (poison in MLIR) use Cranelift's masked
//!   shift amount (`x << (n mod width)`);
//! - `cuda.fast_math` calls the precise libm function (its error is within the
//!   intrinsic's documented bound), `__fdividef` is a plain division.
//!
//! Files, in the order a function goes through them: [`types`](self) (type and
//! signature mapping), `module.rs` (declarations, data objects, the driver),
//! `function.rs` (the per-function lowering and op dispatch), `control.rs`,
//! `arith.rs`, `int_div.rs`, `compare.rs`, `casts.rs`, `math.rs`, `memory.rs`,
//! `atomics.rs`, and `resolve.rs` (import resolution).

use cranelift_codegen::settings::{self, Configurable};
use cranelift_jit::{JITBuilder, JITModule};
use cuwasm::{Context, Diagnostic, Location, OpId};
use std::collections::HashMap;
use std::sync::Mutex;

mod arith;
mod atomics;
mod casts;
mod compare;
mod control;
mod function;
mod int_div;
mod math;
mod memory;
mod module;
mod resolve;
mod simd;
mod types;
mod vector;

/// How to compile.
#[derive(Clone, Debug)]
pub struct JitOptions {
    /// Addresses of imported functions by name, tried before the process's own
    /// symbols (the runtime passes its `cuwasm_rt_*` functions here).
    pub symbols: HashMap<String, *const u8>,
    /// Run Cranelift's optimizations (`opt_level=speed`); off gives the
    /// fastest compile.
    pub optimize: bool,
}

impl Default for JitOptions {
    fn default() -> Self {
        JitOptions {
            symbols: HashMap::new(),
            optimize: true,
        }
    }
}

impl JitOptions {
    /// Add (or replace) the address of the import `name`.
    pub fn with_symbol(mut self, name: impl Into<String>, address: *const u8) -> Self {
        self.symbols.insert(name.into(), address);
        self
    }
}

/// Compiled functions. The code stays mapped as long as this lives; the
/// pointers [`JitModule::function`] gives must not be called after it is dropped.
/// `Send + Sync`: the code is immutable once finalized, so kernels may run on
/// several threads at once.
pub struct JitModule {
    functions: HashMap<String, usize>,
    /// Addresses of the `cuda.global_var`s.
    data: HashMap<String, usize>,
    /// Owns the code and data memory (behind a mutex only to be `Sync`; it is
    /// never touched again until drop).
    _memory: Mutex<OwnedJit>,
}

impl JitModule {
    /// The entry address of the defined function `name` (its `sym_name`), to be
    /// transmuted to an `extern "C" fn` of the matching signature.
    pub fn function(&self, name: &str) -> Option<*const u8> {
        self.functions.get(name).map(|&a| a as *const u8)
    }

    /// The address of the `cuda.global_var` `name` (host code's copy of a
    /// device variable, or a host global).
    pub fn data(&self, name: &str) -> Option<*const u8> {
        self.data.get(name).map(|&a| a as *const u8)
    }

    /// The names of the compiled functions.
    pub fn function_names(&self) -> impl Iterator<Item = &str> {
        self.functions.keys().map(String::as_str)
    }
}

/// A `JITModule` whose memory is freed when dropped (cranelift-jit itself
/// leaks it), on success and on every error path alike.
struct OwnedJit(Option<JITModule>);

impl OwnedJit {
    fn get(&mut self) -> &mut JITModule {
        self.0.as_mut().expect("the JIT module lives until drop")
    }
}

impl Drop for OwnedJit {
    fn drop(&mut self) {
        if let Some(jit) = self.0.take() {
            // SAFETY: the module is dropped only with its owner (a JitModule or
            // a failed compilation), after which no pointer into it may be used.
            unsafe { jit.free_memory() };
        }
    }
}

/// JIT-compile every `func.func` with a body in the top-level `builtin.module`
/// `module`. An import that neither `opts.symbols` nor the process resolves is
/// an error naming it.
pub fn compile(ctx: &Context, module: OpId, opts: &JitOptions) -> Result<JitModule, Diagnostic> {
    let resolver = resolve::Resolver::new(&opts.symbols);
    let mut owned = OwnedJit(Some(new_jit(ctx, module, opts, Some(&resolver))?));
    let jit = owned.get();
    let lowered = module::lower_module(ctx, module, jit, false)?;
    for (name, loc) in &lowered.imports {
        if resolver.resolve(name).is_none() {
            return Err(Diagnostic::error(
                *loc,
                format!(
                    "cannot resolve the imported function '{name}': it is neither in \
                     JitOptions::symbols nor in the process"
                ),
            ));
        }
    }
    let loc = ctx.loc(module);
    jit.finalize_definitions()
        .map_err(|e| backend_error(loc, &e))?;
    let functions = lowered
        .defined
        .iter()
        .map(|(name, id)| (name.clone(), jit.get_finalized_function(*id) as usize))
        .collect();
    let data = lowered
        .globals
        .iter()
        .map(|(name, id)| (name.clone(), jit.get_finalized_data(*id).0 as usize))
        .collect();
    Ok(JitModule {
        functions,
        data,
        _memory: Mutex::new(owned),
    })
}

/// The Cranelift IR of every function with a body, before Cranelift's own
/// optimizations, each preceded by a `; @name` line.
pub fn emit_clif(ctx: &Context, module: OpId, opts: &JitOptions) -> Result<String, Diagnostic> {
    let mut owned = OwnedJit(Some(new_jit(ctx, module, opts, None)?));
    let lowered = module::lower_module(ctx, module, owned.get(), true)?;
    Ok(lowered.clif.concat())
}

/// A JIT module for the host: `cranelift_native`'s ISA with its default
/// (SystemV on Linux) calling convention, so Rust calls the code through
/// `extern "C" fn` pointers.
fn new_jit(
    ctx: &Context,
    module: OpId,
    opts: &JitOptions,
    resolver: Option<&resolve::Resolver>,
) -> Result<JITModule, Diagnostic> {
    let loc = ctx.loc(module);
    let mut flags = settings::builder();
    let opt_level = if opts.optimize { "speed" } else { "none" };
    for (name, value) in [
        ("opt_level", opt_level),
        // cranelift-jit needs both: absolute relocations and far libcalls.
        ("is_pic", "false"),
        ("use_colocated_libcalls", "false"),
    ] {
        flags.set(name, value).map_err(|e| backend_error(loc, &e))?;
    }
    let isa = cranelift_native::builder()
        .map_err(|e| {
            Diagnostic::error(
                loc,
                format!("the Cranelift target: host not supported: {e}"),
            )
        })?
        .finish(settings::Flags::new(flags))
        .map_err(|e| backend_error(loc, &e))?;
    let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
    if let Some(r) = resolver {
        builder.symbol_lookup_fn(r.lookup_fn());
    }
    Ok(JITModule::new(builder))
}

/// A Cranelift failure (settings, verifier, relocation) as a diagnostic.
fn backend_error(loc: Location, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(loc, format!("the Cranelift target failed: {e}"))
}
