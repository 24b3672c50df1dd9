//! A kernel's shader: its code as given, what the runtime reads from it
//! (which ABI overrides it declares, its block shape when fixed, which
//! storage bindings it only reads and their element sizes), and the wgpu
//! shader module made from it for one launch shape.

use super::errors;
use super::spirv::SpirvKernel;
use crate::error::{CudaError, Result, RuntimeError};
use cuwasm_dialects::webgpu_abi::{BLOCK_DIM_OVERRIDES, DYNAMIC_SHARED_WORDS_OVERRIDE};
use std::borrow::Cow;
use std::collections::HashMap;
use wgpu::naga;

/// A kernel's compiled code, one module per kernel (docs/webgpu-abi.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shader {
    /// WGSL source.
    Wgsl(String),
    /// A SPIR-V binary for Vulkan compute.
    SpirV(Vec<u32>),
}

/// How the block shape reaches the shader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockShape {
    /// Set per launch (the ABI's `cuwasm_block_*` overrides).
    Overridable,
    /// Written in the shader: launches must use this shape.
    Fixed([u32; 3]),
}

/// What the runtime reads from a kernel's shader.
#[derive(Clone, Debug)]
pub struct Reflection {
    pub block: BlockShape,
    /// Whether the shader declares the dynamic shared memory override.
    pub dynamic_shared: bool,
    /// The pipeline-constant key of each ABI override it declares (WGSL:
    /// the name, or the `@id` where it has one).
    pub constant_keys: HashMap<String, String>,
    /// Storage bindings (group 0) the shader declares read-only.
    pub read_only: Vec<u32>,
    /// Byte size of the elements of each storage binding's array: a pointer
    /// argument's offset must be a multiple of it.
    pub element_bytes: HashMap<u32, u64>,
}

/// A launch shape a module is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Specialization {
    pub block: [u32; 3],
    pub dynamic_shared_words: u32,
    /// Every storage binding read-write (a buffer bound both read-only and
    /// read-write in one launch, which WebGPU refuses otherwise).
    pub all_writable: bool,
}

/// A kernel's code in the form pipelines are made from.
pub enum Code {
    /// WGSL: its naga module, and the wgpu module made once (overrides are
    /// pipeline constants).
    Wgsl {
        module: Box<naga::Module>,
        compiled: wgpu::ShaderModule,
    },
    /// SPIR-V, specialized by rewriting it ([`SpirvKernel`]); read by naga,
    /// or with `passthrough` handed to the driver as is.
    SpirV {
        words: Vec<u32>,
        kernel: SpirvKernel,
        passthrough: bool,
    },
}

/// The overrides of the ABI, all of them.
const ABI_OVERRIDES: [&str; 4] = [
    BLOCK_DIM_OVERRIDES[0],
    BLOCK_DIM_OVERRIDES[1],
    BLOCK_DIM_OVERRIDES[2],
    DYNAMIC_SHARED_WORDS_OVERRIDE,
];

/// A load failure of kernel `name` (`cudaErrorInitializationError`).
fn load_error(name: &str, why: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::new(
        CudaError::InitializationError,
        format!("cannot load webgpu kernel '{name}': {why}"),
    )
}

/// How kernels' shader modules are made (from [`super::WebGpuOptions`]).
#[derive(Clone, Copy, Debug)]
pub struct Compile {
    /// SPIR-V goes to the driver as it is.
    pub passthrough: bool,
    /// The checks naga adds to the code (bounds checks may be left out).
    pub checks: wgpu::ShaderRuntimeChecks,
}

/// A wgpu module of `source` for kernel `name`; wgpu's complaint is the
/// error, with `code` and naming `what`.
fn make_module(
    device: &wgpu::Device,
    name: &str,
    source: wgpu::ShaderSource,
    compile: Compile,
    code: CudaError,
    what: &str,
) -> Result<wgpu::ShaderModule> {
    let descriptor = wgpu::ShaderModuleDescriptor {
        label: Some(name),
        source,
    };
    errors::scoped(device, code, what, || {
        // SAFETY: the checks are wgpu's own unless the caller left out bounds
        // checks (WebGpuOptions::unchecked_memory), making an out-of-bounds
        // access undefined, as it is in CUDA.
        unsafe { device.create_shader_module_trusted(descriptor, compile.checks) }
    })
}

/// Read SPIR-V with naga's reader, as wgpu does.
fn read_spirv(words: &[u32]) -> std::result::Result<naga::Module, naga::front::spv::Error> {
    let options = naga::front::spv::Options {
        adjust_coordinate_space: false,
        strict_capabilities: true,
        block_ctx_dump_prefix: None,
    };
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    naga::front::spv::parse_u8_slice(&bytes, &options)
}

impl Code {
    /// Read and check `shader` of kernel `name` (entry point `entry`), and
    /// make what can be made before a launch shape is known. A shader that
    /// does not compile is `cudaErrorInitializationError` with naga's or
    /// wgpu's message.
    pub fn load(
        device: &wgpu::Device,
        name: &str,
        entry: &str,
        shader: Shader,
        compile: Compile,
    ) -> Result<(Code, Reflection)> {
        let passthrough = compile.passthrough;
        let load = CudaError::InitializationError;
        match shader {
            Shader::Wgsl(source) => {
                let module = naga::front::wgsl::parse_str(&source)
                    .map_err(|e| load_error(name, e.emit_to_string(&source)))?;
                let reflection = reflect(&module, entry).map_err(|e| load_error(name, e))?;
                let source = wgpu::ShaderSource::Wgsl(Cow::Owned(source));
                let compiled = make_module(device, name, source, compile, load, "WGSL")
                    .map_err(|e| load_error(name, e.message))?;
                let module = Box::new(module);
                Ok((Code::Wgsl { module, compiled }, reflection))
            }
            Shader::SpirV(words) => {
                let kernel = SpirvKernel::read(&words, entry)?;
                let mut reflection = match passthrough {
                    // The driver reads it; the runtime knows only the ABI.
                    true => Reflection {
                        block: BlockShape::Fixed(kernel.fixed_block),
                        dynamic_shared: false,
                        constant_keys: HashMap::new(),
                        read_only: Vec::new(),
                        element_bytes: HashMap::new(),
                    },
                    false => {
                        // Read as it will be at launch, with the ABI's spec
                        // constants made constants (here of their defaults).
                        let defaults = kernel.defaults(&words, &ABI_OVERRIDES);
                        let frozen = kernel.specialize(&words, &defaults, None);
                        let module = read_spirv(&frozen).map_err(|e| load_error(name, e))?;
                        let reflection =
                            reflect(&module, entry).map_err(|e| load_error(name, e))?;
                        // Validate it as wgpu will, once, now.
                        let source = wgpu::ShaderSource::Naga(Cow::Owned(module));
                        make_module(device, name, source, compile, load, "SPIR-V")
                            .map_err(|e| load_error(name, e.message))?;
                        reflection
                    }
                };
                // Spec constants, not naga overrides, carry the ABI's values.
                reflection.constant_keys.clear();
                if BLOCK_DIM_OVERRIDES.iter().all(|o| kernel.has(o)) {
                    reflection.block = BlockShape::Overridable;
                }
                reflection.dynamic_shared = kernel.has(DYNAMIC_SHARED_WORDS_OVERRIDE);
                Ok((
                    Code::SpirV {
                        words,
                        kernel,
                        passthrough,
                    },
                    reflection,
                ))
            }
        }
    }

    /// The shader module of kernel `name` (entry point `entry`) for `spec`,
    /// and the pipeline constants it needs.
    pub fn module(
        &self,
        device: &wgpu::Device,
        name: &str,
        entry: &str,
        reflection: &Reflection,
        spec: &Specialization,
        compile: Compile,
    ) -> Result<(wgpu::ShaderModule, Vec<(String, f64)>)> {
        let values = abi_values(reflection, spec);
        let make = |source| {
            make_module(
                device,
                name,
                source,
                compile,
                CudaError::InvalidDeviceFunction,
                name,
            )
        };
        match self {
            Code::Wgsl { module, compiled } => {
                let constants = values
                    .iter()
                    .filter_map(|(o, v)| {
                        Some((reflection.constant_keys.get(*o)?.clone(), *v as f64))
                    })
                    .collect();
                let module = match spec.all_writable {
                    false => compiled.clone(),
                    true => make(wgpu::ShaderSource::Naga(Cow::Owned(all_writable(module))))?,
                };
                Ok((module, constants))
            }
            Code::SpirV {
                words,
                kernel,
                passthrough,
            } => {
                let block = (reflection.block == BlockShape::Overridable).then_some(spec.block);
                let words = kernel.specialize(words, &values, block);
                let module = match passthrough {
                    true => errors::scoped(device, CudaError::InvalidDeviceFunction, name, || {
                        // SAFETY: the module is the caller's SPIR-V, which the
                        // caller asked to pass to the driver unchecked.
                        unsafe {
                            device.create_shader_module_passthrough(
                                wgpu::ShaderModuleDescriptorPassthrough {
                                    label: Some(name),
                                    entry_points: Cow::Owned(vec![
                                        wgpu::PassthroughShaderEntryPoint {
                                            name: Cow::Borrowed(entry),
                                            workgroup_size: spec.block.into(),
                                        },
                                    ]),
                                    spirv: Some(Cow::Owned(words)),
                                    ..Default::default()
                                },
                            )
                        }
                    })?,
                    false => {
                        let mut module = read_spirv(&words).map_err(|e| {
                            RuntimeError::new(
                                CudaError::InvalidDeviceFunction,
                                format!("{name}: {e}"),
                            )
                        })?;
                        if spec.all_writable {
                            module = all_writable(&module);
                        }
                        make(wgpu::ShaderSource::Naga(Cow::Owned(module)))?
                    }
                };
                Ok((module, Vec::new()))
            }
        }
    }
}

/// The ABI overrides' values for `spec`, those the shader declares.
fn abi_values(reflection: &Reflection, spec: &Specialization) -> Vec<(&'static str, u32)> {
    let mut values = Vec::new();
    if reflection.block == BlockShape::Overridable {
        values.extend(BLOCK_DIM_OVERRIDES.into_iter().zip(spec.block));
    }
    if reflection.dynamic_shared {
        values.push((DYNAMIC_SHARED_WORDS_OVERRIDE, spec.dynamic_shared_words));
    }
    values
}

/// `module` with every storage variable read-write.
fn all_writable(module: &naga::Module) -> naga::Module {
    let mut module = module.clone();
    for (_, var) in module.global_variables.iter_mut() {
        if let naga::AddressSpace::Storage { access } = &mut var.space {
            *access |= naga::StorageAccess::LOAD | naga::StorageAccess::STORE;
        }
    }
    module
}

/// What the runtime needs of `module`, whose compute entry point is `entry`.
fn reflect(module: &naga::Module, entry: &str) -> std::result::Result<Reflection, String> {
    let ep = module
        .entry_points
        .iter()
        .find(|ep| ep.name == entry && ep.stage == naga::ShaderStage::Compute)
        .ok_or_else(|| format!("the shader has no compute entry point '{entry}'"))?;
    let constant_keys: HashMap<String, String> = module
        .overrides
        .iter()
        .filter_map(|(_, o)| {
            let name = o.name.clone()?;
            let key = o.id.map_or_else(|| name.clone(), |id| id.to_string());
            Some((name, key))
        })
        .collect();
    let block = match ep.workgroup_size_overrides {
        None => BlockShape::Fixed(ep.workgroup_size),
        Some(_)
            if BLOCK_DIM_OVERRIDES
                .iter()
                .all(|o| constant_keys.contains_key(*o)) =>
        {
            BlockShape::Overridable
        }
        Some(_) => {
            return Err(format!(
                "the workgroup size depends on overrides, but not on all of {BLOCK_DIM_OVERRIDES:?}"
            ));
        }
    };
    let mut read_only = Vec::new();
    let mut element_bytes = HashMap::new();
    for (_, var) in module.global_variables.iter() {
        let (naga::AddressSpace::Storage { access }, Some(binding)) = (var.space, &var.binding)
        else {
            continue;
        };
        if binding.group != 0 {
            return Err(format!(
                "binding group {} (the ABI uses group 0 only)",
                binding.group
            ));
        }
        if !access.contains(naga::StorageAccess::STORE) {
            read_only.push(binding.binding);
        }
        element_bytes.insert(binding.binding, element_size(module, var.ty));
    }
    Ok(Reflection {
        block,
        dynamic_shared: constant_keys.contains_key(DYNAMIC_SHARED_WORDS_OVERRIDE),
        constant_keys,
        read_only,
        element_bytes,
    })
}

/// The element stride of the (runtime-sized) array a storage variable of
/// type `ty` holds, or of its last member's; 4 for anything else.
fn element_size(module: &naga::Module, ty: naga::Handle<naga::Type>) -> u64 {
    match &module.types[ty].inner {
        naga::TypeInner::Array { stride, .. } => u64::from(*stride),
        naga::TypeInner::Struct { members, .. } => {
            members.last().map_or(4, |m| element_size(module, m.ty))
        }
        _ => 4,
    }
}
