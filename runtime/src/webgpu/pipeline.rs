//! Compute pipelines, made per kernel and launch shape
//! ([`Specialization`]) and cached.
//!
//! The bind group layout comes from the kernel's [`KernelLayout`] (group 0:
//! the parameter block with a dynamic offset, one storage buffer per
//! pointer parameter and per device variable), with each storage binding
//! read-only where the shader declares it so: wgpu requires the two to agree.

use super::errors;
use super::shader::{Code, Compile, Reflection, Specialization};
use crate::error::{CudaError, Result};
use cuwasm_dialects::webgpu_abi::{KernelLayout, PARAMS_BINDING, ParamSlot};
use std::collections::HashMap;
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};

/// A kernel as [`super::WebGpuDevice::new`] loaded it.
pub struct KernelProgram {
    pub layout: KernelLayout,
    pub code: Code,
    pub reflection: Reflection,
    compile: Compile,
    /// Made on first use, per specialization.
    pipelines: Mutex<HashMap<Specialization, Arc<Pipeline>>>,
}

/// A pipeline and the layout of its bind group.
pub struct Pipeline {
    pub pipeline: wgpu::ComputePipeline,
    pub bind_group_layout: wgpu::BindGroupLayout,
}

impl KernelProgram {
    pub fn new(
        layout: KernelLayout,
        code: Code,
        reflection: Reflection,
        compile: Compile,
    ) -> KernelProgram {
        KernelProgram {
            layout,
            code,
            reflection,
            compile,
            pipelines: Mutex::new(HashMap::new()),
        }
    }

    /// The storage bindings: pointer parameters' and variables'.
    pub fn storage_bindings(&self) -> impl Iterator<Item = u32> + '_ {
        let params = self.layout.params.iter().filter_map(|p| match p {
            ParamSlot::Buffer { binding, .. } => Some(*binding),
            ParamSlot::Value { .. } => None,
        });
        params.chain(self.layout.variables.iter().map(|v| v.binding))
    }

    /// Whether storage `binding` is read-only in the shader.
    pub fn read_only(&self, binding: u32) -> bool {
        self.reflection.read_only.contains(&binding)
    }

    /// The pipeline for `spec`, made on first use.
    pub fn pipeline(&self, device: &wgpu::Device, spec: Specialization) -> Result<Arc<Pipeline>> {
        if let Some(p) = self.pipelines.lock().unwrap().get(&spec) {
            return Ok(p.clone());
        }
        // Made outside the lock: another thread may make the same one, and
        // the cache keeps the first.
        let made = Arc::new(self.make_pipeline(device, &spec)?);
        let mut cache = self.pipelines.lock().unwrap();
        Ok(cache.entry(spec).or_insert(made).clone())
    }

    fn make_pipeline(&self, device: &wgpu::Device, spec: &Specialization) -> Result<Pipeline> {
        let name = &self.layout.name;
        let (module, constants) = self.code.module(
            device,
            name,
            &self.layout.entry,
            &self.reflection,
            spec,
            self.compile,
        )?;
        let constants: Vec<(&str, f64)> = constants.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        errors::scoped(device, CudaError::InvalidDeviceFunction, name, || {
            let bind_group_layout = self.bind_group_layout(device, spec.all_writable);
            let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some(name),
                bind_group_layouts: &[Some(&bind_group_layout)],
                immediate_size: 0,
            });
            let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                label: Some(name),
                layout: Some(&pipeline_layout),
                module: &module,
                entry_point: Some(&self.layout.entry),
                compilation_options: wgpu::PipelineCompilationOptions {
                    constants: &constants,
                    // CUDA leaves shared memory uninitialized.
                    zero_initialize_workgroup_memory: false,
                },
                cache: None,
            });
            Pipeline {
                pipeline,
                bind_group_layout,
            }
        })
    }

    fn bind_group_layout(
        &self,
        device: &wgpu::Device,
        all_writable: bool,
    ) -> wgpu::BindGroupLayout {
        let buffer =
            |binding, ty, has_dynamic_offset, min_binding_size| wgpu::BindGroupLayoutEntry {
                binding,
                visibility: wgpu::ShaderStages::COMPUTE,
                ty: wgpu::BindingType::Buffer {
                    ty,
                    has_dynamic_offset,
                    min_binding_size,
                },
                count: None,
            };
        let params_bytes = NonZeroU64::new(u64::from(self.layout.param_words) * 4);
        let mut entries = vec![buffer(
            PARAMS_BINDING,
            wgpu::BufferBindingType::Uniform,
            true,
            params_bytes,
        )];
        entries.extend(self.storage_bindings().map(|binding| {
            let read_only = !all_writable && self.read_only(binding);
            buffer(
                binding,
                wgpu::BufferBindingType::Storage { read_only },
                false,
                None,
            )
        }));
        device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some(&self.layout.name),
            entries: &entries,
        })
    }
}
