//! `convert-cuda-host-to-runtime`: host ops of the cuda dialect into calls of
//! cuwasm's runtime (docs/cpu-abi.md). Being written; until then it refuses to run.

use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, OpId};

pub const INFO: PassInfo = PassInfo {
    name: "convert-cuda-host-to-runtime",
    description: "Host ops of the cuda dialect (cudaMalloc, launches, printf, ...) into calls of cuwasm's runtime",
    anchor: Some("builtin.module"),
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(CudaHostToRuntime)),
};

struct CudaHostToRuntime;

impl Pass for CudaHostToRuntime {
    fn run(&self, ctx: &mut Context, op: OpId, _state: &mut PassState) -> Result<(), Diagnostic> {
        Err(ctx.op_error(op, "convert-cuda-host-to-runtime is not implemented yet"))
    }
}
