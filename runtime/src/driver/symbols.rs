//! Host code's `__device__` / `__constant__` variables mapped to the
//! module's copies on the device.
//!
//! Host code keeps its own copy of each variable (the JIT's data object) and
//! passes that address to `cudaMemcpyToSymbol`; the backend's `map_symbol`
//! records which module global (found by the driver) the address stands for,
//! and [`Device::symbol_address`](crate::Device::symbol_address) looks it up
//! here.

use crate::device::DevicePtr;
use crate::error::{CudaError, Result, RuntimeError};
use std::collections::BTreeMap;

/// A module global: its flat name, device address and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Global {
    pub name: String,
    pub address: DevicePtr,
    pub bytes: usize,
}

/// Host code addresses → module globals.
#[derive(Debug, Default)]
pub struct SymbolMap {
    by_host_address: BTreeMap<u64, Global>,
}

impl SymbolMap {
    /// Map `host_address` to `global`, replacing an earlier mapping of the same global.
    pub fn insert(&mut self, host_address: u64, global: Global) {
        self.by_host_address.retain(|_, g| g.name != global.name);
        self.by_host_address.insert(host_address, global);
    }

    /// The device address of `bytes` at `offset` into the variable whose host
    /// address covers `symbol`: unknown addresses are `cudaErrorInvalidSymbol`,
    /// ranges leaving the variable `cudaErrorInvalidValue`.
    pub fn device_address(&self, symbol: u64, offset: usize, bytes: usize) -> Result<DevicePtr> {
        let (&host, global) = self
            .by_host_address
            .range(..=symbol)
            .next_back()
            .filter(|&(&host, g)| symbol - host < g.bytes.max(1) as u64)
            .ok_or_else(|| {
                RuntimeError::new(
                    CudaError::InvalidSymbol,
                    format!("{symbol:#x} is not a mapped device variable (see map_symbol)"),
                )
            })?;
        let start = (symbol - host).checked_add(offset as u64);
        match start.and_then(|s| Some((s, s.checked_add(bytes as u64)?))) {
            Some((start, end)) if end <= global.bytes as u64 => Ok(global.address + start),
            _ => Err(RuntimeError::new(
                CudaError::InvalidValue,
                format!(
                    "{bytes} bytes at offset {offset} leave the {}-byte variable '{}'",
                    global.bytes, global.name
                ),
            )),
        }
    }

    /// Whether `[ptr, ptr + bytes)` lies in one mapped global's device memory.
    pub fn contains_device_range(&self, ptr: DevicePtr, bytes: usize) -> bool {
        self.by_host_address.values().any(|g| {
            ptr >= g.address
                && ptr
                    .checked_add(bytes as u64)
                    .is_some_and(|end| end <= g.address + g.bytes as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Global, SymbolMap};
    use crate::CudaError;

    fn global(name: &str, address: u64, bytes: usize) -> Global {
        Global {
            name: name.into(),
            address,
            bytes,
        }
    }

    #[test]
    fn host_addresses_map_to_device_addresses_inside_the_variable() {
        let mut m = SymbolMap::default();
        m.insert(0x5000, global("m.table", 0x9000_0000, 64));
        assert_eq!(m.device_address(0x5000, 0, 64), Ok(0x9000_0000));
        assert_eq!(m.device_address(0x5008, 8, 4), Ok(0x9000_0010));
        let e = m.device_address(0x5000, 60, 8).unwrap_err();
        assert_eq!(e.code, CudaError::InvalidValue);
        assert!(e.message.contains("m.table"), "{e}");
        let e = m.device_address(0x5040, 0, 1).unwrap_err();
        assert_eq!(e.code, CudaError::InvalidSymbol);
        assert!(m.contains_device_range(0x9000_0020, 32));
        assert!(!m.contains_device_range(0x9000_0020, 33));
        // Mapping the same variable again moves it.
        m.insert(0x6000, global("m.table", 0x9000_0000, 64));
        assert_eq!(
            m.device_address(0x5000, 0, 1).unwrap_err().code,
            CudaError::InvalidSymbol
        );
        assert_eq!(m.device_address(0x6001, 0, 1), Ok(0x9000_0001));
    }
}
