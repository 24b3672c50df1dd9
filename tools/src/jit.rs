//! Kernels from Rust in a few lines: compile CUDA source, put typed buffers
//! on a device, launch, read back. Meant for tests (`cargo test` JIT-runs
//! kernels) and for tools that drive cuwasm from Rust.
//!
//! ```no_run
//! use cuwasm_tools::jit::Jit;
//! let jit = Jit::cuda(r#"
//!     __global__ void scale(int n, float a, float *x) {
//!         int i = blockIdx.x * blockDim.x + threadIdx.x;
//!         if (i < n) x[i] *= a;
//!     }"#)?;
//! let x = jit.upload(&[1.0f32, 2.0, 3.0])?;
//! jit.launch("scale", 1, 32, &[&3i32, &2.0f32, &x])?;
//! assert_eq!(x.to_vec()?, vec![2.0, 4.0, 6.0]);
//! # Ok::<(), cuwasm_tools::jit::JitError>(())
//! ```
//!
//! Launches are synchronous: `launch` returns the kernel's failure, if any.

use crate::cpu_path::{self, CpuOptions, CpuProgram, Language, OptLevel};
use cuwasm_frontends::cuda::PreprocessOptions;
use cuwasm_runtime::{DevicePtr, KernelParams, LaunchConfig, Runtime, RuntimeError};
use std::marker::PhantomData;
use std::sync::Arc;

/// What can go wrong: the source does not compile (rendered diagnostics), or
/// the runtime reports a CUDA error.
#[derive(Debug)]
pub enum JitError {
    Compile(String),
    Runtime(RuntimeError),
}

impl std::fmt::Display for JitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JitError::Compile(s) => f.write_str(s),
            JitError::Runtime(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for JitError {}

impl From<RuntimeError> for JitError {
    fn from(e: RuntimeError) -> JitError {
        JitError::Runtime(e)
    }
}

pub type Result<T> = std::result::Result<T, JitError>;

/// Compiled kernels and the device they run on.
pub struct Jit {
    runtime: Arc<Runtime>,
    /// The compiled code (host functions, and the CPU device's kernels),
    /// which must outlive every launch; none for PTX loaded as it is.
    _program: Option<CpuProgram>,
}

impl Jit {
    /// Compile CUDA source (kernels, device functions, `__constant__` data) for
    /// the CPU device, at `-O2`.
    pub fn cuda(source: &str) -> Result<Jit> {
        Jit::cuda_opt(source, OptLevel::default())
    }

    /// [`Jit::cuda`] at optimization level `opt` (`OptLevel::O0` turns every
    /// optimization off).
    pub fn cuda_opt(source: &str, opt: OptLevel) -> Result<Jit> {
        let pre = PreprocessOptions::default();
        Jit::cuda_with_level(source, &pre, Runtime::cpu(), opt)
    }

    /// [`Jit::cuda`] with preprocessor options and a chosen runtime (device).
    pub fn cuda_with(source: &str, pre: &PreprocessOptions, runtime: Runtime) -> Result<Jit> {
        Jit::cuda_with_level(source, pre, runtime, OptLevel::default())
    }

    /// [`Jit::cuda_with`] at optimization level `opt`.
    pub fn cuda_with_level(
        source: &str,
        pre: &PreprocessOptions,
        runtime: Runtime,
        opt: OptLevel,
    ) -> Result<Jit> {
        let opts = CpuOptions {
            opt_level: opt,
            ..CpuOptions::default()
        };
        let program = cpu_path::compile_cuda_with("<jit>.cu", source, pre, &opts)
            .map_err(JitError::Compile)?;
        program.load_into(&runtime).map_err(JitError::Compile)?;
        Ok(Jit {
            runtime: Arc::new(runtime),
            _program: Some(program),
        })
    }

    /// Compile PTX assembly (one module: its `.entry` kernels, `.func`
    /// functions and variables) for the CPU device: the PTX frontend, then
    /// the pipeline CUDA source takes ([`cpu_path::lower_for_cpu`]). Kernels
    /// are launched by their PTX names (mangled names as written).
    pub fn ptx(text: &str) -> Result<Jit> {
        Jit::ptx_with(text, Runtime::cpu())
    }

    /// [`Jit::ptx`] on a chosen runtime (device).
    pub fn ptx_with(text: &str, runtime: Runtime) -> Result<Jit> {
        let opts = CpuOptions::default();
        let program = cpu_path::compile_source("jit.ptx", text, Language::Ptx, &opts)
            .map_err(JitError::Compile)?;
        program.load_into(&runtime).map_err(JitError::Compile)?;
        Ok(Jit {
            runtime: Arc::new(runtime),
            _program: Some(program),
        })
    }

    /// [`Jit::cuda`] with the kernels in a Wasm module on the wasm device
    /// (wasmtime; docs/wasm-abi.md); buffers live in its linear memory.
    #[cfg(feature = "wasm")]
    pub fn cuda_wasm(source: &str) -> Result<Jit> {
        Jit::cuda_on(source, crate::devices::DeviceChoice::Wasm)
    }

    /// [`Jit::cuda`] for any device of this build (`DeviceChoice::parse`
    /// names them as `cuwasm-run --device` does): PTX on a CUDA GPU, WGSL on
    /// a wgpu adapter, ...
    pub fn cuda_on(source: &str, device: crate::devices::DeviceChoice) -> Result<Jit> {
        let pre = PreprocessOptions::default();
        Jit::compile_on("jit.cu", source, Language::Cuda(&pre), device)
    }

    /// [`Jit::ptx`] for any device of this build: the PTX frontend's output
    /// through the device's pipeline and target (on a CUDA GPU, PTX that
    /// cuwasm wrote again; see [`Jit::ptx_on_cuda`] for PTX as it is).
    pub fn ptx_on(text: &str, device: crate::devices::DeviceChoice) -> Result<Jit> {
        Jit::compile_on("jit.ptx", text, Language::Ptx, device)
    }

    fn compile_on(
        file_name: &str,
        text: &str,
        language: Language<'_>,
        device: crate::devices::DeviceChoice,
    ) -> Result<Jit> {
        let opts = CpuOptions::default();
        let (runtime, program) =
            crate::devices::compile_for(device, file_name, text, language, &opts)
                .map_err(JitError::Compile)?;
        program.load_into(&runtime).map_err(JitError::Compile)?;
        Ok(Jit {
            runtime: Arc::new(runtime),
            _program: Some(program),
        })
    }

    /// PTX text (from any compiler: nvcc, clang) loaded as it is by the CUDA
    /// driver on GPU `ordinal`; kernels under `ptx.NAME` with their PTX
    /// names (launch them by those, e.g. of `extern "C"` kernels).
    #[cfg(feature = "cuda")]
    pub fn ptx_on_cuda(text: &str, ordinal: usize) -> Result<Jit> {
        let device = cuwasm_runtime::cuda::CudaDevice::new(ordinal, text)?;
        let kernels = device.kernels("ptx")?;
        let runtime = Runtime::new(Box::new(device));
        for k in kernels {
            runtime.register_kernel(k)?;
        }
        Ok(Jit {
            runtime: Arc::new(runtime),
            _program: None,
        })
    }

    /// The runtime kernels run on.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// A buffer of `len` zeroed elements on the device.
    pub fn alloc<T: Element>(&self, len: usize) -> Result<Buffer<T>> {
        let ptr = self.runtime.malloc(len * size_of::<T>())?;
        self.runtime.memset(ptr, 0, len * size_of::<T>())?;
        Ok(Buffer {
            ptr,
            len,
            runtime: self.runtime.clone(),
            _t: PhantomData,
        })
    }

    /// A device copy of `data`.
    pub fn upload<T: Element>(&self, data: &[T]) -> Result<Buffer<T>> {
        let buf = self.alloc::<T>(data.len())?;
        self.runtime.copy_to_device(buf.ptr, as_bytes(data))?;
        Ok(buf)
    }

    /// Run kernel `name` (as written in the source) on `grid` blocks of `block`
    /// threads and wait for it. `args` are the kernel's arguments in order:
    /// scalars (`i32`, `u32`, `i64`, `u64`, `f32`, `f64`) and buffers.
    pub fn launch(
        &self,
        name: &str,
        grid: impl Into<Dim3>,
        block: impl Into<Dim3>,
        args: &[&dyn KernelArg],
    ) -> Result<()> {
        self.launch_with_shared(name, grid, block, 0, args)
    }

    /// [`Jit::launch`] with `shared_bytes` of dynamic shared memory per block.
    pub fn launch_with_shared(
        &self,
        name: &str,
        grid: impl Into<Dim3>,
        block: impl Into<Dim3>,
        shared_bytes: usize,
        args: &[&dyn KernelArg],
    ) -> Result<()> {
        let flat = self.kernel_name(name);
        let values: Vec<[u8; 8]> = args.iter().map(|a| a.value()).collect();
        let ptrs: Vec<*const u8> = values.iter().map(|v| v.as_ptr()).collect();
        let config = LaunchConfig {
            grid: grid.into().0,
            block: block.into().0,
            dynamic_shared_bytes: shared_bytes,
        };
        let params = KernelParams {
            ptr: ptrs.as_ptr(),
            len: ptrs.len(),
        };
        // SAFETY: every pointer in `params` points into `values`, alive for the
        // whole (synchronous) launch; scalars are stored little-endian in 8 bytes,
        // which reads correctly at any smaller width.
        unsafe { self.runtime.launch(&flat, &config, params)? };
        self.runtime.synchronize()?;
        Ok(())
    }

    /// The flat name of a kernel written `name` in the source (the runtime
    /// knows every kernel, whichever device compiled it).
    fn kernel_name(&self, name: &str) -> String {
        let kernels = self.runtime.kernel_names();
        kernels
            .into_iter()
            .find(|k| k == name || k.rsplit('.').next() == Some(name))
            .unwrap_or_else(|| name.to_string())
    }
}

/// A launch shape: `3`, `(4, 2)` or `(4, 2, 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dim3(pub [u32; 3]);

impl From<u32> for Dim3 {
    fn from(x: u32) -> Dim3 {
        Dim3([x, 1, 1])
    }
}
impl From<(u32, u32)> for Dim3 {
    fn from((x, y): (u32, u32)) -> Dim3 {
        Dim3([x, y, 1])
    }
}
impl From<(u32, u32, u32)> for Dim3 {
    fn from((x, y, z): (u32, u32, u32)) -> Dim3 {
        Dim3([x, y, z])
    }
}

/// Plain values that can live in device buffers.
///
/// # Safety
/// Every bit pattern of `size_of::<Self>()` bytes must be a valid value.
pub unsafe trait Element: Copy + 'static {}
macro_rules! elements { ($($t:ty)*) => { $(unsafe impl Element for $t {})* } }
elements!(i8 u8 i16 u16 i32 u32 i64 u64 f32 f64);

fn as_bytes<T: Element>(data: &[T]) -> &[u8] {
    // SAFETY: Element types are plain data.
    unsafe { std::slice::from_raw_parts(data.as_ptr().cast(), size_of_val(data)) }
}

/// Device memory holding `len` values of `T`; freed on drop.
pub struct Buffer<T: Element> {
    ptr: DevicePtr,
    len: usize,
    runtime: Arc<Runtime>,
    _t: PhantomData<T>,
}

impl<T: Element> Buffer<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The device address (what a kernel's pointer argument holds).
    pub fn device_ptr(&self) -> DevicePtr {
        self.ptr
    }

    /// Copy the contents back to the host.
    pub fn to_vec(&self) -> Result<Vec<T>> {
        let mut bytes = vec![0u8; self.len * size_of::<T>()];
        self.runtime.copy_to_host(&mut bytes, self.ptr)?;
        // SAFETY: Element types accept any bytes; read_unaligned copes with Vec<u8>'s alignment.
        Ok((0..self.len)
            .map(|i| unsafe { bytes.as_ptr().cast::<T>().add(i).read_unaligned() })
            .collect())
    }

    /// Overwrite the contents from `data` (same length).
    pub fn write(&self, data: &[T]) -> Result<()> {
        assert_eq!(
            data.len(),
            self.len,
            "Buffer::write needs {} elements",
            self.len
        );
        self.runtime.copy_to_device(self.ptr, as_bytes(data))?;
        Ok(())
    }
}

impl<T: Element> Drop for Buffer<T> {
    fn drop(&mut self) {
        let _ = self.runtime.free(self.ptr);
    }
}

/// A kernel argument: its value as the kernel reads it (little-endian, in 8 bytes).
pub trait KernelArg {
    fn value(&self) -> [u8; 8];
}

macro_rules! scalar_args { ($($t:ty)*) => { $(impl KernelArg for $t {
    fn value(&self) -> [u8; 8] {
        let mut v = [0u8; 8];
        v[..size_of::<$t>()].copy_from_slice(&self.to_le_bytes());
        v
    }
})* } }
scalar_args!(i32 u32 i64 u64 f32 f64);

impl<T: Element> KernelArg for Buffer<T> {
    fn value(&self) -> [u8; 8] {
        self.ptr.to_le_bytes()
    }
}
