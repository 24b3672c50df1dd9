//! `cuwasm-run PROGRAM.cu [options] [-- ARGS...]`: compile a whole CUDA program
//! (host code and kernels) and run it. The program's stdout, stderr and exit
//! status pass through; a compile error is a diagnostic and exit status 1.

use clap::Parser;
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_tools::cpu_path;
use cuwasm_tools::devices::{self, DeviceChoice, ShaderLanguage};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "cuwasm-run",
    version,
    about = "Compile a CUDA program with cuwasm and run it"
)]
struct Args {
    /// The CUDA program (.cu).
    program: String,
    /// Where kernels run: `auto` picks the fastest device present (a CUDA
    /// GPU, a hardware WebGPU adapter, else the CPU); `cpu` the
    /// Cranelift-compiled CPU backend; `wasm` a Wasm module of the kernels on
    /// wasmtime; `cuda[:N]` PTX on the CUDA driver; `hip[:N]` HIP on an AMD
    /// GPU; `webgpu[:N]` WGSL on wgpu adapter N (software ones only when
    /// named). Host code always runs natively.
    #[arg(long, default_value = "auto", value_name = "DEVICE")]
    device: String,
    /// What kernels are given to wgpu as, on a `webgpu` device: `wgsl`,
    /// `spirv` (the same kernels written as SPIR-V by targets/spirv, read
    /// by naga), or `spirv-passthrough` (that SPIR-V given to the driver).
    #[arg(long, value_enum, default_value_t = ShaderLanguage::Wgsl)]
    shader: ShaderLanguage,
    /// Add a folder to the include search path.
    #[arg(short = 'I', value_name = "DIR")]
    include_dirs: Vec<String>,
    /// Define a macro (`NAME` or `NAME=VALUE`).
    #[arg(short = 'D', value_name = "MACRO")]
    defines: Vec<String>,
    /// Undefine a macro.
    #[arg(short = 'U', value_name = "MACRO")]
    undefs: Vec<String>,
    /// Check every device-memory access of the kernels: an out-of-bounds one
    /// is reported (kernel, block, thread, address), skipped, and makes the
    /// program see cudaErrorIllegalAddress.
    #[arg(long = "check-bounds")]
    check_bounds: bool,
    /// Optimization level: `-O2` (the default) runs every optimization, the
    /// e-graph pass included; `-O1` all but the e-graph pass; `-O0` none
    /// (only what lowering needs, and Cranelift without its optimizer).
    #[arg(short = 'O', default_value = "2", value_name = "LEVEL")]
    opt_level: String,
    /// Arguments for the program's `main`.
    #[arg(last = true)]
    args: Vec<String>,
}

fn main() -> ExitCode {
    quiet_vulkan_layers();
    let args = Args::parse();
    match run(&args) {
        Ok(status) => ExitCode::from(status as u8),
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
    }
}

/// Mesa's implicit device-select Vulkan layer prints an error to stderr
/// when XDG_RUNTIME_DIR is unset (CI, containers) each time wgpu enumerates
/// adapters, which `--device=auto` does; it chooses a default GPU, which
/// cuwasm does itself, so it is turned off unless the user set it.
fn quiet_vulkan_layers() {
    if std::env::var_os("NODEVICE_SELECT").is_none() {
        // SAFETY: the first thing main does, before any thread exists.
        unsafe { std::env::set_var("NODEVICE_SELECT", "1") };
    }
}

fn run(args: &Args) -> Result<i32, String> {
    let device = DeviceChoice::parse(&args.device)?.with_shader(args.shader);
    let text = std::fs::read_to_string(&args.program)
        .map_err(|e| format!("error: cannot read '{}': {e}", args.program))?;
    let pre = PreprocessOptions {
        include_dirs: args.include_dirs.iter().map(PathBuf::from).collect(),
        defines: args.defines.clone(),
        undefs: args.undefs.clone(),
        ..Default::default()
    };
    let opts = cpu_path::CpuOptions {
        check_bounds: args.check_bounds,
        opt_level: cpu_path::OptLevel::parse(&args.opt_level)?,
    };
    let mut argv = vec![args.program.clone()];
    argv.extend(args.args.iter().cloned());
    devices::run_program(device, &args.program, &text, &pre, &opts, &argv)
}
