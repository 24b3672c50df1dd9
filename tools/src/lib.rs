//! # cuwasm-tools
//!
//! The command-line tools: `cuwasm-opt` (read .mlir, verify, run passes, print
//! or emit a target) and `cuwasm-run` (compile a CUDA program and run it; the
//! CPU path is [`cpu_path`]). Shared driver code lives here so that tests can
//! call it in-process.

use cuwasm::{Context, Diagnostic, OpId, PrintOptions, Severity};
use cuwasm_passes::PassManager;
use std::io::Write;
use std::sync::Arc;

pub mod cpu_path;
pub mod devices;
pub mod emit;
pub mod gpu_path;
pub mod jit;
pub mod verify_diagnostics;
pub mod wasm_path;

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

/// Parse, verify and print `text`, streaming the output into `w`.
pub fn opt_to(
    file_name: &str,
    text: String,
    opts: OptOptions,
    w: &mut dyn Write,
) -> Result<(), String> {
    let mut err = Vec::new();
    let ok = Driver::new(opts)
        .run(file_name, text, w, &mut err)
        .map_err(|e| format!("error: cannot write output: {e}"))?;
    match ok {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&err).into_owned()),
    }
}

/// The language of an input: MLIR (generic syntax), PTX assembly or CUDA C++.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputKind {
    #[default]
    Mlir,
    Ptx,
    Cuda,
}

impl InputKind {
    /// The kind `-x NAME` names (`mlir`, `ptx`, `cuda`).
    pub fn from_name(name: &str) -> Option<InputKind> {
        match name {
            "mlir" => Some(InputKind::Mlir),
            "ptx" => Some(InputKind::Ptx),
            "cuda" | "cu" => Some(InputKind::Cuda),
            _ => None,
        }
    }

    /// The kind a file name's extension implies: `.ptx` is PTX, `.cu` and
    /// `.cuh` CUDA, anything else MLIR.
    pub fn from_path(path: &str) -> InputKind {
        if path.ends_with(".ptx") {
            InputKind::Ptx
        } else if path.ends_with(".cu") || path.ends_with(".cuh") {
            InputKind::Cuda
        } else {
            InputKind::Mlir
        }
    }
}

/// A whole `cuwasm-opt` run: input handling, the pass pipeline and reports.
pub struct Driver {
    pub opts: OptOptions,
    /// How to read the input: MLIR is parsed, PTX goes through the PTX frontend.
    pub input_kind: InputKind,
    /// `-I`, `-D`, `-U` for CUDA input.
    pub cuda: cuwasm_frontends::cuda::PreprocessOptions,
    pub pipeline: Option<PassManager>,
    /// Process each `// -----`-separated chunk on its own.
    pub split_input_file: bool,
    /// Check diagnostics against `expected-*` comments instead of printing them.
    pub verify_diagnostics: bool,
    /// Print the pipeline's timing table (`--timing`).
    pub timing: bool,
    /// Print the passes' statistics (`--pass-statistics`).
    pub statistics: bool,
    /// Dialect registrations of loaded plugins, applied to every context.
    pub dialects: Vec<fn(&mut Context)>,
    /// What to write after the pipeline (`--emit`).
    pub emit: emit::Emit,
}

/// The line `--split-input-file` splits on, and prints between outputs.
const SPLIT_MARKER: &str = "// -----";

impl Driver {
    pub fn new(opts: OptOptions) -> Driver {
        Driver {
            opts,
            input_kind: InputKind::Mlir,
            cuda: Default::default(),
            pipeline: None,
            split_input_file: false,
            verify_diagnostics: false,
            timing: false,
            statistics: false,
            dialects: Vec::new(),
            emit: emit::Emit::Mlir,
        }
    }

    /// Process `text`: the IR goes to `out`, diagnostics and reports to `err`.
    /// Returns whether every chunk succeeded.
    pub fn run(
        &self,
        file_name: &str,
        text: String,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> std::io::Result<bool> {
        if !self.split_input_file {
            return self.run_chunk(file_name, text.into(), out, err);
        }
        let mut ok = true;
        for (i, chunk) in split_chunks(&text).into_iter().enumerate() {
            if i > 0 {
                writeln!(out, "{SPLIT_MARKER}")?;
            }
            ok &= self.run_chunk(file_name, chunk.into(), out, err)?;
        }
        Ok(ok)
    }

    fn run_chunk(
        &self,
        file_name: &str,
        text: Arc<str>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> std::io::Result<bool> {
        let mut ctx = registered_context();
        for register in &self.dialects {
            register(&mut ctx);
        }
        ctx.allow_unregistered_dialects = self.opts.allow_unregistered_dialect;
        let mut diags = Vec::new();
        let module = self.process(&mut ctx, file_name, &text, &mut diags, err)?;
        let ok = match self.verify_diagnostics {
            true => match verify_diagnostics::verify(&ctx, file_name, &text, &diags) {
                Ok(()) => true,
                Err(mismatches) => {
                    err.write_all(mismatches.as_bytes())?;
                    false
                }
            },
            false => {
                for d in &diags {
                    err.write_all(ctx.render_diagnostic(d).as_bytes())?;
                }
                !diags.iter().any(|d| d.severity == Severity::Error)
            }
        };
        if let Some(module) = module.filter(|_| ok)
            && let Err(d) = emit::write(&ctx, module, self.emit, self.opts.print, out)?
        {
            err.write_all(ctx.render_diagnostic(&d).as_bytes())?;
            return Ok(false);
        }
        Ok(ok)
    }

    /// Parse, verify and run the pipeline; diagnostics are collected, and the
    /// module comes back when every step succeeded.
    fn process(
        &self,
        ctx: &mut Context,
        file_name: &str,
        text: &Arc<str>,
        diags: &mut Vec<Diagnostic>,
        err: &mut dyn Write,
    ) -> std::io::Result<Option<OpId>> {
        let parsed = match self.input_kind {
            InputKind::Mlir => {
                cuwasm::parse_module(ctx, file_name, text.clone()).map_err(|d| vec![d])
            }
            InputKind::Ptx => cuwasm_frontend_ptx::parse_ptx_module(ctx, file_name, text),
            InputKind::Cuda => {
                cuwasm_frontends::cuda::lower::parse_cuda_module(ctx, file_name, text, &self.cuda)
            }
        };
        let module = match parsed {
            Ok(m) => m,
            Err(ds) => {
                diags.extend(ds);
                return Ok(None);
            }
        };
        if self.opts.verify
            && let Err(d) = ctx.verify(module)
        {
            diags.push(d);
            return Ok(None);
        }
        let Some(pm) = &self.pipeline else {
            return Ok(Some(module));
        };
        // a reproducer quotes the input only when it is MLIR; for PTX and CUDA it prints the IR
        let input = (self.input_kind == InputKind::Mlir).then_some(&**text);
        let (log, failure) = match pm.run_on_input(ctx, module, input) {
            Ok(log) => (log, None),
            Err(f) => (f.log, Some(f.diagnostic)),
        };
        err.write_all(log.dumps.as_bytes())?;
        diags.extend(log.warnings.iter().cloned());
        if self.timing {
            err.write_all(log.timing_report().as_bytes())?;
        }
        if self.statistics {
            err.write_all(log.statistics_report().as_bytes())?;
        }
        Ok(match failure {
            Some(d) => {
                diags.push(d);
                None
            }
            None => Some(module),
        })
    }
}

/// The chunks of a `--split-input-file` input. Each keeps its lines where they
/// were (it is padded with the newlines before it), so diagnostics name the
/// line of the whole file.
fn split_chunks(text: &str) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end() == SPLIT_MARKER {
            chunks.push(std::mem::take(&mut current));
            current = "\n".repeat(index + 1);
        } else {
            current.push_str(line);
        }
    }
    chunks.push(current);
    chunks
}
