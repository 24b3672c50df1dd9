//! # cuwasm-tools
//!
//! The command-line tools: `cuwasm-opt` (read .mlir, verify, run passes, print
//! or emit a target) and, with later issues, `cuwasm-run`. Shared driver code
//! lives here so that tests can call it in-process.

use cuwasm::{Context, Diagnostic, OpId, PrintOptions};

/// A context with every dialect of cuwasm registered.
pub fn registered_context() -> Context {
    let mut ctx = Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    ctx
}

/// Options of one `cuwasm-opt` run that do not concern I/O.
#[derive(Clone, Copy, Debug, Default)]
pub struct OptOptions {
    pub allow_unregistered_dialect: bool,
    pub verify: bool,
    pub print: PrintOptions,
}

/// Parse, verify and print one buffer; errors come back rendered.
pub fn opt_buffer(file_name: &str, text: &str, opts: OptOptions) -> Result<String, String> {
    let mut out = Vec::new();
    opt_to(file_name, text.to_string(), opts, &mut out)?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Parse, verify and print `text`, streaming the output into `w`. The input is
/// taken by value: the context keeps this one copy for diagnostics.
pub fn opt_to(
    file_name: &str,
    text: String,
    opts: OptOptions,
    w: &mut dyn std::io::Write,
) -> Result<(), String> {
    let mut ctx = registered_context();
    ctx.allow_unregistered_dialects = opts.allow_unregistered_dialect;
    let render = |ctx: &Context, d: Diagnostic| ctx.render_diagnostic(&d);
    let module: OpId =
        cuwasm::parse_module(&mut ctx, file_name, text).map_err(|d| render(&ctx, d))?;
    if opts.verify {
        ctx.verify(module).map_err(|d| render(&ctx, d))?;
    }
    ctx.print_op_to(module, opts.print, w)
        .map_err(|e| format!("error: cannot write output: {e}"))
}
