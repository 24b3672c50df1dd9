//! `--emit`: what `cuwasm-opt` writes after the pipeline. An enum so that
//! each target adds its value here.

use cuwasm::{Context, Diagnostic, OpId, PrintOptions};
use std::io::Write;

/// The output of a `cuwasm-opt` run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// The IR, in MLIR's generic syntax.
    #[default]
    Mlir,
    /// Cranelift IR of every function (the CPU target's input to the JIT).
    Clif,
}

/// Write `module` as `emit` asks; a target's failure is a diagnostic.
pub fn write(
    ctx: &Context,
    module: OpId,
    emit: Emit,
    print: PrintOptions,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    match emit {
        Emit::Mlir => ctx.print_op_to(module, print, out).map(Ok),
        Emit::Clif => clif(ctx, module, out),
    }
}

#[cfg(feature = "cranelift")]
fn clif(
    ctx: &Context,
    module: OpId,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    let opts = cuwasm_targets::cranelift::JitOptions::default();
    match cuwasm_targets::cranelift::emit_clif(ctx, module, &opts) {
        Ok(text) => out.write_all(text.as_bytes()).map(Ok),
        Err(d) => Ok(Err(d)),
    }
}

#[cfg(not(feature = "cranelift"))]
fn clif(ctx: &Context, module: OpId, _: &mut dyn Write) -> std::io::Result<Result<(), Diagnostic>> {
    Ok(Err(Diagnostic::error(
        ctx.loc(module),
        "--emit=clif needs cuwasm-tools built with the 'cranelift' feature",
    )))
}
