//! `cuwasm-run --device=NAME`: the devices this build can run a program on,
//! how `auto` picks one, and running a whole program on the one chosen.
//!
//! `auto` takes the fastest real device present (shared/DESIGN.md, "Device
//! choice"): a CUDA GPU, then a hardware WebGPU adapter, then the CPU JIT.
//! Software adapters (lavapipe, SwiftShader) and the Wasm engine are slower
//! than the CPU JIT and run only when named.

use crate::cpu_path::{self, CpuOptions, CpuProgram, Language};
#[cfg(any(feature = "cuda", feature = "hip", feature = "webgpu"))]
use crate::gpu_path;
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_runtime::Runtime;
#[cfg(feature = "webgpu")]
use {cuwasm_dialects::webgpu_abi::KernelLayout, cuwasm_runtime::webgpu::Shader};

/// A device of this build, with the index of the GPU or adapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceChoice {
    Cpu,
    #[cfg(feature = "wasm")]
    Wasm,
    #[cfg(feature = "cuda")]
    Cuda(usize),
    #[cfg(feature = "hip")]
    Hip(usize),
    #[cfg(feature = "webgpu")]
    WebGpu(usize, ShaderLanguage),
}

/// `--shader`: what kernels are given to wgpu as (ignored by other
/// devices). Both come from the same lowering (targets/spirv writes the
/// WGSL target's modules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ShaderLanguage {
    /// WGSL (targets/wgsl), read by naga.
    #[default]
    Wgsl,
    /// SPIR-V (targets/spirv), read by naga's SPIR-V reader.
    Spirv,
    /// The same SPIR-V handed to the driver as it is (wgpu's passthrough
    /// shaders, where the adapter has them).
    SpirvPassthrough,
}

/// The `--device` names of this build (`cuda` also as `cuda:N`, and so on).
pub const NAMES: &[&str] = &[
    "auto",
    "cpu",
    #[cfg(feature = "wasm")]
    "wasm",
    #[cfg(feature = "cuda")]
    "cuda[:N]",
    #[cfg(feature = "hip")]
    "hip[:N]",
    #[cfg(feature = "webgpu")]
    "webgpu[:N]",
];

impl DeviceChoice {
    /// `--device=NAME`.
    pub fn parse(name: &str) -> Result<DeviceChoice, String> {
        let (kind, index) = match name.split_once(':') {
            Some((kind, n)) => (kind, Some(parse_index(name, n)?)),
            None => (name, None),
        };
        let index = index.unwrap_or(0);
        match kind {
            "auto" if name == "auto" => Ok(auto()),
            "cpu" if name == "cpu" => Ok(DeviceChoice::Cpu),
            #[cfg(feature = "wasm")]
            "wasm" if name == "wasm" => Ok(DeviceChoice::Wasm),
            #[cfg(feature = "cuda")]
            "cuda" => Ok(DeviceChoice::Cuda(index)),
            #[cfg(feature = "hip")]
            "hip" => Ok(DeviceChoice::Hip(index)),
            #[cfg(feature = "webgpu")]
            "webgpu" => Ok(DeviceChoice::WebGpu(index, ShaderLanguage::Wgsl)),
            _ => Err(format!(
                "error: unknown device '{name}' (this build has: {})",
                NAMES.join(", ")
            )),
        }
    }

    /// This device, giving wgpu its kernels as `language` if it is a
    /// WebGPU adapter.
    pub fn with_shader(self, language: ShaderLanguage) -> DeviceChoice {
        #[cfg(feature = "webgpu")]
        if let DeviceChoice::WebGpu(adapter, _) = self {
            return DeviceChoice::WebGpu(adapter, language);
        }
        // Other devices take no shaders.
        let _ = language;
        self
    }
}

fn parse_index(name: &str, n: &str) -> Result<usize, String> {
    n.parse()
        .map_err(|_| format!("error: bad device index in '{name}' (use e.g. cuda:0)"))
}

/// The fastest real device present.
fn auto() -> DeviceChoice {
    #[cfg(feature = "cuda")]
    if cuwasm_runtime::cuda::devices().is_ok_and(|d| !d.is_empty()) {
        return DeviceChoice::Cuda(0);
    }
    #[cfg(feature = "webgpu")]
    if let Some(a) = cuwasm_runtime::webgpu::adapters()
        .iter()
        .find(|a| !a.software)
    {
        return DeviceChoice::WebGpu(a.index, ShaderLanguage::Wgsl);
    }
    DeviceChoice::Cpu
}

/// Compile CUDA source `text` for `device` and run its `main` with `argv`
/// (the program name first). Returns main's result; a compile or device
/// error comes back rendered.
pub fn run_program(
    device: DeviceChoice,
    file_name: &str,
    text: &str,
    pre: &PreprocessOptions,
    opts: &CpuOptions,
    argv: &[String],
) -> Result<i32, String> {
    let (runtime, host) = compile_for(device, file_name, text, Language::Cuda(pre), opts)?;
    host.run_main(runtime, argv)
}

/// Compile `text`, written in `language`, for `device`: a runtime over the device with
/// the program's kernels loaded (except the CPU's, which the host program
/// holds and registers: `CpuProgram::load_into`), and the host code.
pub fn compile_for(
    device: DeviceChoice,
    file_name: &str,
    text: &str,
    language: Language<'_>,
    opts: &CpuOptions,
) -> Result<(Runtime, CpuProgram), String> {
    match device {
        DeviceChoice::Cpu => {
            let program = cpu_path::compile_source(file_name, text, language, opts)?;
            Ok((Runtime::cpu(), program))
        }
        #[cfg(feature = "wasm")]
        DeviceChoice::Wasm => {
            let program = crate::wasm_path::compile(file_name, text, language, opts)?;
            Ok((program.runtime()?, program.into_host()))
        }
        #[cfg(feature = "cuda")]
        DeviceChoice::Cuda(ordinal) => {
            use cuwasm_runtime::cuda::CudaDevice;
            use cuwasm_targets::ptx::{PtxOptions, emit};
            let program = gpu_path::compile(file_name, text, language, opts, |ctx, gm| {
                emit(ctx, gm, &PtxOptions::default())
            })?;
            let device = CudaDevice::new(ordinal, &program.code).map_err(device_error)?;
            program.into_runtime(device, CudaDevice::map_symbol)
        }
        #[cfg(feature = "hip")]
        DeviceChoice::Hip(ordinal) => {
            use cuwasm_runtime::hip::{self, HipDevice};
            use cuwasm_targets::hip::{HipOptions, emit};
            hip::devices().map_err(device_error)?;
            let program = gpu_path::compile(file_name, text, language, opts, |ctx, gm| {
                emit(ctx, gm, &HipOptions::GFX90A)
            })?;
            let image = hip::compile(&program.code, file_name, "gfx90a").map_err(device_error)?;
            let device = HipDevice::new(ordinal, &image).map_err(device_error)?;
            program.into_runtime(device, HipDevice::map_symbol)
        }
        #[cfg(feature = "webgpu")]
        DeviceChoice::WebGpu(adapter, shader) => {
            use cuwasm_runtime::webgpu::{WebGpuDevice, WebGpuOptions};
            let mut program = gpu_path::compile(file_name, text, language, opts, |ctx, gm| {
                webgpu_shaders(ctx, gm, shader)
            })?;
            let kernels = std::mem::take(&mut program.code);
            let options = WebGpuOptions {
                spirv_passthrough: shader == ShaderLanguage::SpirvPassthrough,
            };
            let device =
                WebGpuDevice::with_options(adapter, kernels, options).map_err(device_error)?;
            program.into_runtime(device, WebGpuDevice::map_symbol)
        }
    }
}

/// The kernels of `gm` as `language` shaders, with their layouts.
#[cfg(feature = "webgpu")]
fn webgpu_shaders(
    ctx: &cuwasm::Context,
    gm: cuwasm::OpId,
    language: ShaderLanguage,
) -> Result<Vec<(KernelLayout, Shader)>, cuwasm::Diagnostic> {
    use cuwasm_targets::wgsl::{self, WgslOptions};
    let opts = WgslOptions::default();
    match language {
        ShaderLanguage::Wgsl => Ok(wgsl::emit(ctx, gm, &opts)?
            .into_iter()
            .map(|k| (k.layout, Shader::Wgsl(k.source)))
            .collect()),
        #[cfg(feature = "spirv")]
        ShaderLanguage::Spirv | ShaderLanguage::SpirvPassthrough => {
            Ok(cuwasm_targets::spirv::emit(ctx, gm, &opts)?
                .into_iter()
                .map(|k| (k.layout, Shader::SpirV(k.words)))
                .collect())
        }
        #[cfg(not(feature = "spirv"))]
        ShaderLanguage::Spirv | ShaderLanguage::SpirvPassthrough => Err(cuwasm::Diagnostic::error(
            ctx.loc(gm),
            "--shader=spirv needs cuwasm-tools built with the 'spirv' feature",
        )),
    }
}

#[cfg(any(feature = "cuda", feature = "hip", feature = "webgpu"))]
fn device_error(e: cuwasm_runtime::RuntimeError) -> String {
    format!("error: {e}\n")
}
