//! CUDA's error names and strings, and the last-error semantics.

use cuwasm_runtime::error::{error_name, error_string};
use cuwasm_runtime::{CpuDevice, CudaError, Runtime};

#[test]
fn codes_names_and_strings_are_cudas() {
    let table = [
        (0, "cudaSuccess", "no error"),
        (1, "cudaErrorInvalidValue", "invalid argument"),
        (2, "cudaErrorMemoryAllocation", "out of memory"),
        (
            9,
            "cudaErrorInvalidConfiguration",
            "invalid configuration argument",
        ),
        (13, "cudaErrorInvalidSymbol", "invalid device symbol"),
        (
            17,
            "cudaErrorInvalidDevicePointer",
            "invalid device pointer",
        ),
        (
            21,
            "cudaErrorInvalidMemcpyDirection",
            "invalid copy direction for memcpy",
        ),
        (
            100,
            "cudaErrorNoDevice",
            "no CUDA-capable device is detected",
        ),
        (
            400,
            "cudaErrorInvalidResourceHandle",
            "invalid resource handle",
        ),
        (600, "cudaErrorNotReady", "device not ready"),
        (
            700,
            "cudaErrorIllegalAddress",
            "an illegal memory access was encountered",
        ),
        (719, "cudaErrorLaunchFailure", "unspecified launch failure"),
    ];
    for (code, name, text) in table {
        let e = CudaError::from_code(code).unwrap();
        assert_eq!(e.code(), code);
        assert_eq!(error_name(code).to_str().unwrap(), name);
        assert_eq!(error_string(code).to_str().unwrap(), text);
    }
    assert_eq!(
        error_string(12345).to_str().unwrap(),
        "unrecognized error code"
    );
    assert_eq!(error_name(-1).to_str().unwrap(), "unrecognized error code");
}

#[test]
fn the_last_error_is_returned_once_and_kept_per_thread() {
    let rt = Runtime::new(Box::new(CpuDevice::with_workers(1)));
    assert_eq!(rt.get_last_error(), CudaError::Success);
    rt.free(0xdead).unwrap_err();
    rt.malloc(1 << 60).unwrap_err();
    // The latest failure wins; a success in between does not clear it.
    rt.malloc(8).unwrap();
    assert_eq!(rt.peek_last_error(), CudaError::MemoryAllocation);
    // Another host thread has its own.
    std::thread::scope(|s| {
        s.spawn(|| assert_eq!(rt.get_last_error(), CudaError::Success));
    });
    assert_eq!(rt.get_last_error(), CudaError::MemoryAllocation);
    assert_eq!(rt.get_last_error(), CudaError::Success);
}
