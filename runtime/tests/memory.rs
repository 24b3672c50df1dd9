//! Device memory through the runtime: allocation, free, copies in every
//! direction, memset, symbol copies, and the error code of each misuse.

use cuwasm_runtime::{CpuDevice, CudaError, MemcpyKind, Runtime};

fn rt() -> Runtime {
    Runtime::new(Box::new(CpuDevice::with_workers(1)))
}

fn addr<T>(v: &[T]) -> u64 {
    v.as_ptr() as u64
}

fn addr_mut<T>(v: &mut [T]) -> u64 {
    v.as_mut_ptr() as u64
}

#[test]
fn absurd_sizes_fail_with_memory_allocation() {
    let rt = rt();
    for bytes in [1usize << 60, usize::MAX, isize::MAX as usize] {
        assert_eq!(
            rt.malloc(bytes).unwrap_err().code,
            CudaError::MemoryAllocation
        );
        assert_eq!(rt.get_last_error(), CudaError::MemoryAllocation);
    }
    assert_eq!(rt.malloc(0).unwrap(), 0, "zero bytes give null");
}

#[test]
fn freeing_what_was_never_allocated_is_invalid_device_pointer() {
    let rt = rt();
    let p = rt.malloc(64).unwrap();
    let host = [0u8; 4];
    for bad in [p + 8, addr(&host), 0x1234] {
        assert_eq!(
            rt.free(bad).unwrap_err().code,
            CudaError::InvalidDevicePointer
        );
    }
    rt.free(p).unwrap();
    assert_eq!(
        rt.free(p).unwrap_err().code,
        CudaError::InvalidDevicePointer,
        "double free"
    );
    rt.free(0).unwrap();
}

#[test]
fn copies_round_trip_in_every_direction() {
    let rt = rt();
    let src: Vec<u8> = (0..=255).collect();
    let (a, b) = (rt.malloc(256).unwrap(), rt.malloc(256).unwrap());
    unsafe {
        rt.memcpy(a, addr(&src), 256, MemcpyKind::HostToDevice as i32)
            .unwrap();
        rt.memcpy(b, a + 16, 200, MemcpyKind::DeviceToDevice as i32)
            .unwrap();
    }
    let mut back = vec![0u8; 200];
    unsafe {
        rt.memcpy(addr_mut(&mut back), b, 200, MemcpyKind::DeviceToHost as i32)
            .unwrap()
    };
    assert_eq!(back, src[16..216]);
    // cudaMemcpyDefault tells device from host pointers by the allocation table.
    let mut again = vec![0u8; 256];
    unsafe {
        rt.memcpy(addr_mut(&mut again), a, 256, MemcpyKind::Default as i32)
            .unwrap()
    };
    assert_eq!(again, src);
    let mut host_copy = vec![0u8; 10];
    unsafe {
        rt.memcpy(addr_mut(&mut host_copy), addr(&src[5..]), 10, 0)
            .unwrap()
    };
    assert_eq!(host_copy, src[5..15]);
}

#[test]
fn memset_sets_the_low_byte() {
    let rt = rt();
    let p = rt.malloc(32).unwrap();
    rt.memset(p, 0x1ab, 32).unwrap();
    rt.memset(p + 4, 0, 8).unwrap();
    let mut back = [0u8; 32];
    rt.copy_to_host(&mut back, p).unwrap();
    let expected: Vec<u8> = (0..32)
        .map(|i| if (4..12).contains(&i) { 0 } else { 0xab })
        .collect();
    assert_eq!(back.to_vec(), expected);
    assert_eq!(
        rt.memset(p + 30, 0, 3).unwrap_err().code,
        CudaError::InvalidValue
    );
}

#[test]
fn bad_directions_and_pointers_are_refused() {
    let rt = rt();
    let p = rt.malloc(16).unwrap();
    let host = [1u8; 16];
    for kind in [5, -1, 1000] {
        let e = unsafe { rt.memcpy(p, addr(&host), 16, kind) }.unwrap_err();
        assert_eq!(e.code, CudaError::InvalidMemcpyDirection);
        assert_eq!(rt.get_last_error(), CudaError::InvalidMemcpyDirection);
    }
    let cases = [
        (0, addr(&host), MemcpyKind::HostToDevice),
        (addr(&host), addr(&host), MemcpyKind::HostToDevice),
        (p + 8, addr(&host), MemcpyKind::HostToDevice),
        (addr(&host), 0, MemcpyKind::DeviceToHost),
        (p, 0x1000, MemcpyKind::DeviceToDevice),
    ];
    for (dst, src, kind) in cases {
        let e = unsafe { rt.memcpy(dst, src, 16, kind as i32) }.unwrap_err();
        assert_eq!(
            e.code,
            CudaError::InvalidValue,
            "{dst:#x} <- {src:#x} {kind:?}"
        );
    }
    // The failed copies wrote nothing.
    let mut back = [9u8; 16];
    rt.copy_to_host(&mut back, p).unwrap();
    assert_eq!(back, [0u8; 16]);
}

#[test]
fn symbol_copies_use_the_offset_and_check_the_direction() {
    let rt = rt();
    let mut symbol = [0u32; 8];
    let src = [7u32, 8, 9];
    let sym = addr_mut(&mut symbol);
    unsafe {
        rt.memcpy_to_symbol(sym, addr(&src), 12, 8, MemcpyKind::HostToDevice as i32)
            .unwrap()
    };
    assert_eq!(symbol, [0, 0, 7, 8, 9, 0, 0, 0]);
    // From device memory into the symbol, and back out into device memory.
    let d = rt.malloc(12).unwrap();
    rt.copy_to_device(d, &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
        .unwrap();
    unsafe {
        rt.memcpy_to_symbol(sym, d, 12, 20, MemcpyKind::DeviceToDevice as i32)
            .unwrap()
    };
    assert_eq!(symbol, [0, 0, 7, 8, 9, 1, 2, 3]);
    let mut out = [0u32; 2];
    unsafe {
        rt.memcpy_from_symbol(
            addr_mut(&mut out),
            sym,
            8,
            12,
            MemcpyKind::DeviceToHost as i32,
        )
        .unwrap()
    };
    assert_eq!(out, [8, 9]);
    let e = unsafe { rt.memcpy_to_symbol(sym, addr(&src), 4, 0, MemcpyKind::DeviceToHost as i32) };
    assert_eq!(e.unwrap_err().code, CudaError::InvalidMemcpyDirection);
    let e = unsafe {
        rt.memcpy_from_symbol(addr_mut(&mut out), 0, 4, 0, MemcpyKind::DeviceToHost as i32)
    };
    assert_eq!(e.unwrap_err().code, CudaError::InvalidSymbol);
}
