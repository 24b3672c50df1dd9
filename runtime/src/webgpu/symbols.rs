//! Device variables: one buffer per `__device__`/`__constant__` variable
//! that any kernel uses (a [`VariableSlot`] by flat name), shared by all the
//! kernels that use it; and the host code addresses mapped to them, so that
//! `cudaMemcpyToSymbol(&var, ...)` reaches the variable's buffer.

use super::memory::{Allocation, Allocations, Kind};
use super::transfer::Gpu;
use crate::device::DevicePtr;
use crate::error::{CudaError, Result, RuntimeError};
use cuwasm_dialects::webgpu_abi::VariableSlot;
use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

/// A variable's buffer, as a device allocation.
#[derive(Clone, Debug)]
pub struct Variable {
    pub ptr: DevicePtr,
    pub bytes: u64,
    pub buffer: wgpu::Buffer,
}

/// The program's variables by flat name, and host addresses mapped to them.
#[derive(Debug, Default)]
pub struct Variables {
    pub by_name: HashMap<String, Variable>,
    /// Host code address → variable name.
    mapped: RwLock<BTreeMap<u64, String>>,
}

impl Variables {
    /// Make a buffer for each variable of `slots` (several kernels may name
    /// one; they must agree on its size), holding its initial value.
    pub fn create<'a>(
        gpu: &Gpu,
        memory: &Allocations,
        slots: impl Iterator<Item = &'a VariableSlot>,
    ) -> Result<Variables> {
        let mut variables = Variables::default();
        for slot in slots {
            if let Some(v) = variables.by_name.get(&slot.name) {
                if v.bytes != u64::from(slot.bytes) {
                    return Err(RuntimeError::new(
                        CudaError::InitializationError,
                        format!(
                            "device variable '{}' has {} bytes in one kernel and {} in another",
                            slot.name, v.bytes, slot.bytes
                        ),
                    ));
                }
                continue;
            }
            let bytes = u64::from(slot.bytes);
            let usage = wgpu::BufferUsages::STORAGE
                | wgpu::BufferUsages::COPY_SRC
                | wgpu::BufferUsages::COPY_DST;
            let buffer = gpu.buffer(&slot.name, bytes.max(1).next_multiple_of(4), usage)?;
            let ptr = memory.insert(Allocation {
                buffer: buffer.clone(),
                bytes: bytes.max(1),
                kind: Kind::Variable,
            })?;
            if !slot.init.is_empty() {
                let range = memory.checked_range(ptr, slot.init.len() as u64, "initializer")?;
                gpu.write(&range, &slot.init)?;
            }
            let variable = Variable { ptr, bytes, buffer };
            variables.by_name.insert(slot.name.clone(), variable);
        }
        Ok(variables)
    }

    /// Host code's copy of variable `name` is at `host_address`; an unknown
    /// name is `cudaErrorInvalidSymbol`.
    pub fn map(&self, host_address: u64, name: &str) -> Result<()> {
        if !self.by_name.contains_key(name) {
            return Err(RuntimeError::new(
                CudaError::InvalidSymbol,
                format!("no webgpu kernel uses a device variable '{name}'"),
            ));
        }
        let mut mapped = self.mapped.write().unwrap();
        mapped.retain(|_, n| n != name);
        mapped.insert(host_address, name.to_string());
        Ok(())
    }

    /// The device address of `bytes` bytes at `offset` into the variable
    /// whose host address `symbol` is (or lies inside).
    pub fn address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        let mapped = self.mapped.read().unwrap();
        let (host, variable) = mapped
            .range(..=symbol)
            .next_back()
            .and_then(|(&host, name)| Some((host, self.by_name.get(name)?)))
            .filter(|&(host, v)| symbol - host < v.bytes.max(1))
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::InvalidSymbol,
                    format!("{symbol:#x} is not a device variable of the webgpu kernels (see WebGpuDevice::map_symbol)"),
                )
            })?;
        let start = (symbol - host).checked_add(offset as u64);
        match start.and_then(|s| Some((s, s.checked_add(bytes as u64)?))) {
            Some((start, end)) if end <= variable.bytes => Ok(variable.ptr + start),
            _ => Err(RuntimeError::new(
                CudaError::InvalidValue,
                format!(
                    "{bytes} bytes at offset {offset} leave the {}-byte device variable",
                    variable.bytes
                ),
            )),
        }
    }
}
