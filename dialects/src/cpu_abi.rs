//! The contract between `convert-gpu-to-simd`, `convert-cuda-host-to-runtime`,
//! the Cranelift target and the runtime's CPU backend (docs/cpu-abi.md): flat
//! symbol names, the attributes of a block function and the `KernelEnv` layout.

/// The top-level name of symbol `name` of `gpu.module @module` on the CPU path.
pub fn flat_symbol(module: &str, name: &str) -> String {
    format!("{module}.{name}")
}

/// Unit attribute marking a block function (one call runs one block).
pub const KERNEL_ATTR: &str = "cuwasm.kernel";
/// `i64` attribute: bytes of static `__shared__` memory the block function uses.
pub const STATIC_SHARED_BYTES_ATTR: &str = "cuwasm.static_shared_bytes";
/// `i64` attribute: bytes of scratch memory per thread of the block.
pub const PER_THREAD_BYTES_ATTR: &str = "cuwasm.per_thread_bytes";

/// `i64` attribute: how many arguments the kernel had (the length of `params`).
pub const NUM_PARAMS_ATTR: &str = "cuwasm.num_params";

/// `array<i64: ...>` attribute: the byte size of each argument's value (what
/// a host that copies arguments, as the Wasm one does, copies).
pub const PARAM_SIZES_ATTR: &str = "cuwasm.param_sizes";

/// `array<i64: ...>` attribute of a kernel (`gpu.func`, then its block
/// function): for each parameter, the bytes of the struct a by-value struct
/// parameter's pointer points at (the caller's copy), 0 for the others.
pub const BYVAL_BYTES_ATTR: &str = "cuwasm.byval_bytes";

/// The [`BYVAL_BYTES_ATTR`] of kernel `op` (empty without one).
pub fn byval_bytes(ctx: &cuwasm::Context, op: cuwasm::OpId) -> Vec<usize> {
    ctx.attr(op, BYVAL_BYTES_ATTR)
        .and_then(|a| ctx.attr_dense_array(a))
        .map(|v| v.iter().map(|&n| n.max(0) as usize).collect())
        .unwrap_or_default()
}

/// Byte offsets of the fields of `KernelEnv` (C layout, 64 bytes).
pub mod env {
    /// `grid_dim[3]: u32`.
    pub const GRID_DIM: i64 = 0;
    /// `block_dim[3]: u32`.
    pub const BLOCK_DIM: i64 = 12;
    /// `block_idx[3]: u32`.
    pub const BLOCK_IDX: i64 = 24;
    /// `shared: *mut u8`, the static `__shared__` memory.
    pub const SHARED: i64 = 40;
    /// `dynamic_shared: *mut u8`, `extern __shared__` memory.
    pub const DYNAMIC_SHARED: i64 = 48;
    /// `scratch: *mut u8`, per-thread values: `per_thread_bytes * threads` bytes.
    pub const SCRATCH: i64 = 56;
    /// The size of the struct.
    pub const SIZE: i64 = 64;
    /// Alignment of the three buffers.
    pub const BUFFER_ALIGN: i64 = 16;
}

/// `struct cudaDeviceProp` as cuwasm's built-in `driver_types.h` declares it
/// (the layout host code reads, C rules): the runtime fills it
/// (`cuwasm_runtime::abi::CudaDeviceProp`, field for field) and the HIP
/// target copies HIP's properties into it. Tests hold the header and the
/// runtime's struct to this table.
pub mod device_prop {
    /// What a field holds, per element.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub enum Elem {
        Char,
        Int,
        SizeT,
    }

    impl Elem {
        /// Size and alignment in bytes (LP64).
        pub fn size(self) -> u64 {
            match self {
                Elem::Char => 1,
                Elem::Int => 4,
                Elem::SizeT => 8,
            }
        }
    }

    use Elem::{Char, Int, SizeT};

    /// The fields in order: C name, element, element count.
    pub const FIELDS: &[(&str, Elem, u64)] = &[
        ("name", Char, 256),
        ("totalGlobalMem", SizeT, 1),
        ("sharedMemPerBlock", SizeT, 1),
        ("regsPerBlock", Int, 1),
        ("warpSize", Int, 1),
        ("memPitch", SizeT, 1),
        ("maxThreadsPerBlock", Int, 1),
        ("maxThreadsDim", Int, 3),
        ("maxGridSize", Int, 3),
        ("clockRate", Int, 1),
        ("totalConstMem", SizeT, 1),
        ("major", Int, 1),
        ("minor", Int, 1),
        ("textureAlignment", SizeT, 1),
        ("deviceOverlap", Int, 1),
        ("multiProcessorCount", Int, 1),
        ("kernelExecTimeoutEnabled", Int, 1),
        ("integrated", Int, 1),
        ("canMapHostMemory", Int, 1),
        ("computeMode", Int, 1),
        ("concurrentKernels", Int, 1),
        ("ECCEnabled", Int, 1),
        ("pciBusID", Int, 1),
        ("pciDeviceID", Int, 1),
        ("memoryClockRate", Int, 1),
        ("memoryBusWidth", Int, 1),
        ("l2CacheSize", Int, 1),
        ("maxThreadsPerMultiProcessor", Int, 1),
        ("sharedMemPerMultiprocessor", SizeT, 1),
        ("regsPerMultiprocessor", Int, 1),
        ("managedMemory", Int, 1),
        ("maxBlocksPerMultiProcessor", Int, 1),
    ];

    /// A field of the struct, placed.
    #[derive(Clone, Copy, Debug)]
    pub struct Field {
        pub name: &'static str,
        pub elem: Elem,
        pub count: u64,
        pub offset: u64,
    }

    /// The fields, placed in order, and the struct's size.
    pub fn layout() -> (Vec<Field>, u64) {
        let mut end = 0u64;
        let mut align = 1;
        let fields = FIELDS
            .iter()
            .map(|&(name, elem, count)| {
                let offset = end.next_multiple_of(elem.size());
                align = align.max(elem.size());
                end = offset + elem.size() * count;
                Field {
                    name,
                    elem,
                    count,
                    offset,
                }
            })
            .collect();
        (fields, end.next_multiple_of(align))
    }
}
