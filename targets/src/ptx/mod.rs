//! `targets/ptx`: gpu-dialect kernels to PTX text.
//!
//! Input: a `gpu.module` after `GPU_PIPELINE` (tools/src/gpu_path.rs): its
//! `gpu.func` kernels over `arith`, `math`, `scf` (and `cf` branches), `ptr`,
//! the `gpu` ids, barrier and shuffle, and the `cuda` ops that stay until a
//! target (shared, dynamic shared and local memory, `__device__` and
//! `__constant__` variables, atomics, votes, `__syncthreads_count/and/or`,
//! fences, `__ldg`, fast-math intrinsics, and the PTX-level ops the PTX
//! frontend makes). Output: one PTX module (ISA 7.8 or 8.x, `sm_70` to
//! `sm_90`, `.address_size 64`) whose `.visible .entry` names are the kernels'
//! symbol names and whose `.global`/`.const` variables keep their names, so a
//! driver finds both (`cuModuleGetFunction`, `cuModuleGetGlobal`). Anything the
//! target cannot express, or does not support yet, is a located diagnostic
//! naming the construct and "the PTX target".
//!
//! How values are kept: one virtual register per SSA value (`types.rs`);
//! pointers in the narrowest state space the analysis of `spaces.rs` proves
//! (kernel pointer parameters are global, `cvta.to.global` once; shared
//! memory through 32-bit `.shared` addresses; local arrays in `.local`),
//! converted to generic addresses only where spaces meet. Structured control
//! flow becomes labels and branches (`control.rs`).
//!
//! Floating point follows nvcc's defaults: `add`/`sub`/`mul` without a
//! rounding modifier (ptxas may fuse them into `fma`, as `--fmad=true` does)
//! unless the IR forbids contraction (`fastmath<none>`, PTX's `.rn`);
//! division, `sqrt` and reciprocal are IEEE (`div.rn`, `sqrt.rn`); the
//! approximate instructions only for the fast intrinsics (`__expf`, ...); the
//! C library functions (`expf`, `logf`, `sinf`, ...) are software sequences
//! of IEEE operations whose error bounds `libm.rs` documents.
//!
//! Files: `types.rs` (register classes), `module.rs` (header, variables, the
//! driver), `function.rs` (entry signature, registers, op dispatch),
//! `spaces.rs` (state-space analysis), `control.rs`, `arith.rs`, `casts.rs`, `bits.rs`,
//! `memory.rs`,
//! `math.rs`, `libm.rs`, `warp.rs`, `sync.rs` (barriers, fences), `atomics.rs`,
//! `unroll.rs` (small loops with a constant trip count), `promote.rs` (local
//! variables in registers), `vectorize.rs` (vector loads and stores).

use cuwasm::{Context, Diagnostic, OpId};

mod arith;
mod atomics;
mod bits;
mod casts;
mod control;
mod function;
mod libm;
mod math;
mod memory;
mod module;
mod promote;
mod spaces;
mod sync;
mod types;
mod unroll;
mod vectorize;
mod warp;

/// What to emit for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PtxOptions {
    /// The `sm_XX` target, 70 to 90.
    pub sm: u32,
    /// The PTX ISA version (`.version major.minor`): 7.8 or 8.x.
    pub ptx_version: (u32, u32),
}

impl Default for PtxOptions {
    fn default() -> Self {
        PtxOptions {
            sm: 90,
            ptx_version: (8, 0),
        }
    }
}

/// The `sm_XX` targets the PTX target emits for.
pub const SUPPORTED_SM: &[u32] = &[70, 72, 75, 80, 86, 87, 89, 90];

impl PtxOptions {
    /// Check the target and ISA version; the error says what is accepted.
    pub fn check(&self) -> Result<(), String> {
        if !SUPPORTED_SM.contains(&self.sm) {
            let list: Vec<String> = SUPPORTED_SM.iter().map(|s| format!("sm_{s}")).collect();
            return Err(format!(
                "the PTX target emits for sm_70 to sm_90 ({}), not sm_{}",
                list.join(", "),
                self.sm
            ));
        }
        let (major, minor) = self.ptx_version;
        if !matches!((major, minor), (7, 8) | (8, 0..=8)) {
            return Err(format!(
                "the PTX target emits PTX ISA 7.8 or 8.0 to 8.8, not {major}.{minor}"
            ));
        }
        Ok(())
    }
}

/// The PTX module of `gpu_module` (a `gpu.module`).
pub fn emit(ctx: &Context, gpu_module: OpId, opts: &PtxOptions) -> Result<String, Diagnostic> {
    opts.check()
        .map_err(|m| Diagnostic::error(ctx.loc(gpu_module), m))?;
    if !ctx.is_op(gpu_module, "gpu.module") {
        return Err(ctx.op_error(gpu_module, "is not a 'gpu.module' (the PTX target's input)"));
    }
    module::emit_module(ctx, gpu_module, opts)
}

#[cfg(test)]
mod tests {
    use super::PtxOptions;

    #[test]
    fn options_accept_sm_70_to_90_and_isa_7_8_or_8_x() {
        for sm in super::SUPPORTED_SM {
            for v in [(7, 8), (8, 0), (8, 5)] {
                let o = PtxOptions {
                    sm: *sm,
                    ptx_version: v,
                };
                assert_eq!(o.check(), Ok(()), "{o:?}");
            }
        }
        let old = PtxOptions {
            sm: 60,
            ..Default::default()
        };
        let err = old.check().unwrap_err();
        assert!(
            err.contains("sm_70 to sm_90") && err.contains("not sm_60"),
            "{err}"
        );
        assert!(
            PtxOptions {
                sm: 100,
                ..Default::default()
            }
            .check()
            .is_err()
        );
        let isa = PtxOptions {
            ptx_version: (7, 0),
            ..Default::default()
        };
        assert!(isa.check().unwrap_err().contains("not 7.0"));
    }
}
