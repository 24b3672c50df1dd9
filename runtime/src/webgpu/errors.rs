//! wgpu's errors as [`RuntimeError`]s, never panics.
//!
//! wgpu reports a failed call not through its return value but to the
//! innermost error scope of the calling thread, or else to the device's
//! uncaptured-error handler, whose default panics. Each backend call that
//! can fail runs inside [`scoped`], which turns what the scopes caught into
//! the call's error; what escapes them (and a lost device) goes to the
//! handlers [`capture_uncaptured`] installs, which keep it as the device's
//! sticky fault for `synchronize`.

use crate::device::Fault;
use crate::error::{CudaError, Result, RuntimeError};
use std::sync::Arc;

/// Install handlers that record uncaptured errors and a device loss in
/// `fault` instead of panicking.
pub fn capture_uncaptured(device: &wgpu::Device, fault: &Arc<Fault>) {
    let uncaptured = fault.clone();
    device.on_uncaptured_error(Arc::new(move |error: wgpu::Error| {
        uncaptured.record(|| from_wgpu(&error, CudaError::LaunchFailure, "webgpu"))
    }));
    let lost = fault.clone();
    device.set_device_lost_callback(move |reason, message| {
        // Dropping the device reports `Destroyed`: not a failure of the program.
        if reason != wgpu::DeviceLostReason::Destroyed {
            lost.record(|| {
                RuntimeError::new(
                    CudaError::LaunchFailure,
                    format!("the webgpu device was lost ({reason:?}): {message}"),
                )
            })
        }
    });
}

/// `error` as a runtime error: out of memory is `cudaErrorMemoryAllocation`,
/// the rest `code`; the message names `what` failed and carries wgpu's
/// description (which has its causes, for a shader naga's message).
pub fn from_wgpu(error: &wgpu::Error, code: CudaError, what: &str) -> RuntimeError {
    let code = match error {
        wgpu::Error::OutOfMemory { .. } => CudaError::MemoryAllocation,
        _ => code,
    };
    RuntimeError::new(code, format!("{what}: {error}"))
}

/// Run `f` (wgpu calls on `device`) inside error scopes for every kind of
/// error; the first error caught is the result, with `code` (out of memory:
/// `cudaErrorMemoryAllocation`) and a message naming `what`.
pub fn scoped<T>(
    device: &wgpu::Device,
    code: CudaError,
    what: &str,
    f: impl FnOnce() -> T,
) -> Result<T> {
    let scopes = [
        wgpu::ErrorFilter::OutOfMemory,
        wgpu::ErrorFilter::Validation,
        wgpu::ErrorFilter::Internal,
    ]
    .map(|filter| device.push_error_scope(filter));
    let value = f();
    // Scopes pop innermost first.
    let mut first = None;
    for scope in scopes.into_iter().rev() {
        if let Some(error) = pollster::block_on(scope.pop()) {
            first.get_or_insert(error);
        }
    }
    match first {
        Some(error) => Err(from_wgpu(&error, code, what)),
        None => Ok(value),
    }
}
