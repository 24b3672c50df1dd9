//! What the wasm device gives a kernel module (docs/wasm-abi.md, "Imports"):
//! the shared memory, `memory_base`, the C library's math functions by their
//! C names, and `cuwasm_rt_printf`.
//!
//! The math functions are the C library's own (declared here and linked from
//! the process's libm, as the CPU path's JIT resolves them), so a kernel gets
//! the same bits on wasm as on the CPU. A module's imports are checked once,
//! when it is loaded: anything the device does not provide, or provides with
//! another type, is an error naming the import.

use super::memory::LinearMemory;
use crate::error::{CudaError, Result, RuntimeError};
use crate::printf;
use wasmtime::{
    Engine, Extern, ExternType, Func, FuncType, Global, GlobalType, Module, Mutability, Store,
    ValType,
};

/// Declares the C library's math functions and the table of them by name:
/// `unary` / `binary` / `ternary` list `float` and `double` pairs.
macro_rules! libm {
    (unary: $($u32:ident $u64:ident),*;
     binary: $($b32:ident $b64:ident),*;
     ternary: $($t32:ident $t64:ident),*;) => {
        mod c {
            unsafe extern "C" {
                $(pub safe fn $u32(x: f32) -> f32; pub safe fn $u64(x: f64) -> f64;)*
                $(pub safe fn $b32(x: f32, y: f32) -> f32;
                  pub safe fn $b64(x: f64, y: f64) -> f64;)*
                $(pub safe fn $t32(x: f32, y: f32, z: f32) -> f32;
                  pub safe fn $t64(x: f64, y: f64, z: f64) -> f64;)*
            }
        }

        /// Every math function by C name.
        const LIBM: &[(&str, HostFn)] = &[
            $((stringify!($u32), HostFn::F32x1(c::$u32)), (stringify!($u64), HostFn::F64x1(c::$u64)),)*
            $((stringify!($b32), HostFn::F32x2(c::$b32)), (stringify!($b64), HostFn::F64x2(c::$b64)),)*
            $((stringify!($t32), HostFn::F32x3(c::$t32)), (stringify!($t64), HostFn::F64x3(c::$t64)),)*
        ];
    };
}

// What the CPU path calls (targets/src/cranelift/math.rs and arith.rs' `remf`),
// plus what Wasm has no exact instruction for: `fma` (Wasm's relaxed one may
// round twice) and C's `fmin`/`fmax` (NaN operands give the other one).
libm! {
    unary: expf exp, exp2f exp2, exp10f exp10, expm1f expm1, logf log, log2f log2,
        log10f log10, log1pf log1p, sinf sin, cosf cos, tanf tan, sinhf sinh, coshf cosh,
        tanhf tanh, asinf asin, acosf acos, atanf atan, asinhf asinh, acoshf acosh,
        atanhf atanh, cbrtf cbrt, erff erf, erfcf erfc, roundf round;
    binary: powf pow, atan2f atan2, fmodf fmod, fminf fmin, fmaxf fmax;
    ternary: fmaf fma;
}

/// The printf entry point's import name.
pub const PRINTF: &str = "cuwasm_rt_printf";

/// A function the device provides, by its C type.
#[derive(Clone, Copy)]
enum HostFn {
    F32x1(extern "C" fn(f32) -> f32),
    F32x2(extern "C" fn(f32, f32) -> f32),
    F32x3(extern "C" fn(f32, f32, f32) -> f32),
    F64x1(extern "C" fn(f64) -> f64),
    F64x2(extern "C" fn(f64, f64) -> f64),
    F64x3(extern "C" fn(f64, f64, f64) -> f64),
    /// `cuwasm_rt_printf(stream: i32, format: i64, args: i64, nargs: i32) -> i32`.
    Printf,
}

impl HostFn {
    fn named(name: &str) -> Option<HostFn> {
        if name == PRINTF {
            return Some(HostFn::Printf);
        }
        LIBM.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
    }

    /// The Wasm type of the function.
    fn ty(self, engine: &Engine) -> FuncType {
        use ValType::{F32, F64, I32, I64};
        let (params, result) = match self {
            HostFn::F32x1(_) => (vec![F32], F32),
            HostFn::F32x2(_) => (vec![F32; 2], F32),
            HostFn::F32x3(_) => (vec![F32; 3], F32),
            HostFn::F64x1(_) => (vec![F64], F64),
            HostFn::F64x2(_) => (vec![F64; 2], F64),
            HostFn::F64x3(_) => (vec![F64; 3], F64),
            HostFn::Printf => (vec![I32, I64, I64, I32], I32),
        };
        FuncType::new(engine, params, [result])
    }

    /// The function in `store`.
    fn instantiate(self, store: &mut Store<()>, memory: &LinearMemory) -> Func {
        match self {
            HostFn::F32x1(f) => Func::wrap(store, move |x: f32| f(x)),
            HostFn::F32x2(f) => Func::wrap(store, move |x: f32, y: f32| f(x, y)),
            HostFn::F32x3(f) => Func::wrap(store, move |x: f32, y: f32, z: f32| f(x, y, z)),
            HostFn::F64x1(f) => Func::wrap(store, move |x: f64| f(x)),
            HostFn::F64x2(f) => Func::wrap(store, move |x: f64, y: f64| f(x, y)),
            HostFn::F64x3(f) => Func::wrap(store, move |x: f64, y: f64, z: f64| f(x, y, z)),
            HostFn::Printf => {
                let memory = memory.clone();
                Func::wrap(
                    store,
                    move |stream: i32, format: i64, args: i64, nargs: i32| {
                        printf_from(&memory, stream, format as u64, args as u64, nargs)
                    },
                )
            }
        }
    }
}

/// `cuwasm_rt_printf` of a kernel: the format and the argument slots must lie
/// in the linear memory (else -1, printing nothing). `%s` arguments are
/// pointers like any other (host addresses inside the memory).
fn printf_from(memory: &LinearMemory, stream: i32, format: u64, args: u64, nargs: i32) -> i32 {
    let Some(start) = memory.offset(format, 1) else {
        return -1;
    };
    let mut text = Vec::new();
    let mut at = start;
    loop {
        match memory.read::<1>(at) {
            Some([0]) => break,
            Some([b]) => text.push(b),
            None => return -1,
        }
        at += 1;
    }
    let nargs = u64::try_from(nargs).unwrap_or(0);
    let Some(slots) = memory.offset(args, nargs * 8).or((nargs == 0).then_some(0)) else {
        return -1;
    };
    let slots: Vec<u64> = (0..nargs)
        .map(|i| u64::from_le_bytes(memory.read::<8>(slots + 8 * i).unwrap()))
        .collect();
    // SAFETY: `%s` arguments are the kernel's string pointers (printf's contract).
    printf::write(stream, &unsafe { printf::format(&text, &slots) })
}

/// The shape of the memory a module imports.
#[derive(Clone, Copy, Debug)]
pub struct MemoryImport {
    pub min_pages: u64,
    pub max_pages: u64,
}

/// The name of an import for messages (`env.sinf`).
fn import_name(module: &str, name: &str) -> String {
    format!("{module}.{name}")
}

/// Check that the device provides every import of `module` with its type;
/// returns the shape of the imported memory. Every unprovided import is named.
pub fn check(engine: &Engine, module: &Module) -> Result<MemoryImport> {
    let mut problems = Vec::new();
    let mut memory = None;
    for import in module.imports() {
        let what = import_name(import.module(), import.name());
        let env = import.module() == "env";
        match import.ty() {
            ExternType::Memory(m) if env && import.name() == "memory" => {
                if !m.is_shared() || m.is_64() {
                    problems.push(format!("{what} must be a shared 32-bit memory"));
                } else {
                    memory = Some(MemoryImport {
                        min_pages: m.minimum(),
                        max_pages: m.maximum().unwrap_or(65536).min(65536),
                    });
                }
            }
            ExternType::Global(g) if env && import.name() == "memory_base" => {
                if !matches!(g.content(), ValType::I64) || g.mutability() != Mutability::Const {
                    problems.push(format!("{what} must be an immutable i64 global"));
                }
            }
            ExternType::Func(ty) if env => match HostFn::named(import.name()) {
                Some(f) if FuncType::eq(&ty, &f.ty(engine)) => {}
                Some(f) => problems.push(format!(
                    "{what} has type {ty}, but the device's is {}",
                    f.ty(engine)
                )),
                None => problems.push(format!(
                    "{what} (a function {ty}) is not provided by the wasm device"
                )),
            },
            other => problems.push(format!(
                "{what} ({}) is not provided by the wasm device",
                kind(&other)
            )),
        }
    }
    if memory.is_none() {
        problems.push("the module does not import its memory as env.memory".into());
    }
    match (memory, problems.is_empty()) {
        (Some(m), true) => Ok(m),
        _ => Err(RuntimeError::new(
            CudaError::InitializationError,
            format!("cannot load the kernel module: {}", problems.join("; ")),
        )),
    }
}

fn kind(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "a function",
        ExternType::Global(_) => "a global",
        ExternType::Table(_) => "a table",
        ExternType::Memory(_) => "a memory",
        ExternType::Tag(_) => "a tag",
    }
}

/// The imports of `module` (which passed [`check`]) in `store`, in order.
pub fn resolve(store: &mut Store<()>, module: &Module, memory: &LinearMemory) -> Vec<Extern> {
    module
        .imports()
        .map(|import| match import.ty() {
            ExternType::Memory(_) => memory.shared().clone().into(),
            ExternType::Global(_) => {
                let ty = GlobalType::new(ValType::I64, Mutability::Const);
                let base = wasmtime::Val::I64(memory.base() as i64);
                Global::new(&mut *store, ty, base)
                    .expect("memory_base matches its checked type")
                    .into()
            }
            _ => HostFn::named(import.name())
                .expect("checked when the module was loaded")
                .instantiate(store, memory)
                .into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c_function_a_kernel_may_import_is_provided_in_both_widths() {
        // What convert-simd-to-wasm imports: the math ops' C functions, and
        // fma, fmod and exp10 (cuda.fast_math's __exp10f).
        let libm = cuwasm_dialects::math::LIBM.iter().map(|&(_, c)| c);
        for base in libm.chain(["fma", "fmod", "exp10"]) {
            for name in [base.to_string(), format!("{base}f")] {
                assert!(HostFn::named(&name).is_some(), "{name} is not provided");
            }
        }
        assert!(matches!(HostFn::named(PRINTF), Some(HostFn::Printf)));
        assert!(HostFn::named("system").is_none());
    }
}
