//! Host code: the CUDA runtime ops as calls of the HIP runtime (which has the
//! same functions under `hip` names, and the same `0 = success` error codes
//! read through `hipGetErrorString`), kernel launches as `<<<...>>>`, and the
//! C library ops as the C library.

use super::function::FnEmitter;
use super::types::{Scalar, string_literal};
use cuwasm::{AttrData, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR;
use cuwasm_dialects::cuda::{MemcpyKind, OutStream};

/// A host op of the cuda dialect; `false` if not one.
pub(super) fn emit(e: &mut FnEmitter, op: OpId) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let name = ctx.op_name_text(op);
    let args: Vec<String> = (0..ctx.num_operands(op))
        .map(|i| e.operand(op, i))
        .collect();
    let arg = |i: usize| args[i].clone();
    let expr = match name {
        "cuda.rt_malloc" | "cuda.rt_malloc_managed" => {
            let ptr = e.declare(op, ctx.result(op, 0), Some("nullptr".to_string()))?;
            let call = if name == "cuda.rt_malloc" {
                format!("hipMalloc((void **)&{ptr}, {})", arg(0))
            } else {
                format!("hipMallocManaged((void **)&{ptr}, {}, {})", arg(0), arg(1))
            };
            e.define(op, 1, call)?;
            return Ok(true);
        }
        "cuda.rt_free" => format!("hipFree({})", arg(0)),
        "cuda.rt_memcpy" => format!(
            "hipMemcpy({}, {}, {}, {})",
            arg(0),
            arg(1),
            arg(2),
            memcpy_kind(e, op)?
        ),
        "cuda.rt_memset" => format!("hipMemset({}, (int){}, {})", arg(0), arg(1), arg(2)),
        "cuda.rt_memcpy_to_symbol" => format!(
            "hipMemcpyToSymbol(HIP_SYMBOL({}), {}, {}, {}, {})",
            symbol(e, op)?,
            arg(0),
            arg(1),
            arg(2),
            memcpy_kind(e, op)?
        ),
        "cuda.rt_memcpy_from_symbol" => format!(
            "hipMemcpyFromSymbol({}, HIP_SYMBOL({}), {}, {}, {})",
            arg(0),
            symbol(e, op)?,
            arg(1),
            arg(2),
            memcpy_kind(e, op)?
        ),
        "cuda.rt_device_synchronize" => "hipDeviceSynchronize()".to_string(),
        "cuda.rt_get_last_error" => "hipGetLastError()".to_string(),
        "cuda.rt_peek_at_last_error" => "hipPeekAtLastError()".to_string(),
        "cuda.rt_get_error_string" => {
            format!("(char *)hipGetErrorString((hipError_t){})", arg(0))
        }
        "cuda.launch" => {
            let launch = launch(e, op)?;
            e.line(launch);
            return Ok(true);
        }
        "cuda.libc_malloc" => format!("(char *)malloc({})", arg(0)),
        "cuda.libc_free" => {
            let p = arg(0);
            e.line(format!("free({p});"));
            return Ok(true);
        }
        "cuda.libc_memset" => format!("(char *)memset({}, (int){}, {})", arg(0), arg(1), arg(2)),
        "cuda.libc_memcpy" => format!("(char *)memcpy({}, {}, {})", arg(0), arg(1), arg(2)),
        "cuda.libc_printf" => {
            let head = match OutStream::from_prop(ctx, op, "stream")? {
                Some(OutStream::Stderr) => "fprintf(stderr, ",
                _ => "printf(",
            };
            printf_call(e, op, head)?
        }
        "cuda.libc_exit" => {
            let status = arg(0);
            e.line(format!("exit((int){status});"));
            return Ok(true);
        }
        _ => return Ok(false),
    };
    e.define1(op, expr)?;
    Ok(true)
}

/// `head` (`printf(` or `fprintf(stderr, `) with the op's format and its
/// arguments, as C's default promotions pass them.
pub(super) fn printf_call(e: &FnEmitter, op: OpId, head: &str) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    let format = ctx
        .prop(op, "format")
        .and_then(|a| match ctx.attr_data(a) {
            AttrData::String { value, .. } => Some(value.clone()),
            _ => None,
        })
        .ok_or_else(|| ctx.op_error(op, "has no format string"))?;
    let mut call = format!("{head}{}", string_literal(&format));
    for i in 0..ctx.num_operands(op) {
        let v = e.operand(op, i);
        let arg = match e.operand_scalar(op, i)? {
            Scalar::Int(64) => format!("(long long){v}"),
            Scalar::Int(_) => format!("(int){v}"),
            Scalar::F16 => format!("(double)__half2float({v})"),
            Scalar::F32 => format!("(double){v}"),
            Scalar::F64 | Scalar::Ptr => v,
        };
        call.push_str(", ");
        call.push_str(&arg);
    }
    call.push(')');
    Ok(call)
}

fn memcpy_kind(e: &FnEmitter, op: OpId) -> Result<&'static str, Diagnostic> {
    Ok(match MemcpyKind::from_prop(e.ctx, op, "kind")? {
        Some(MemcpyKind::HostToHost) => "hipMemcpyHostToHost",
        Some(MemcpyKind::HostToDevice) => "hipMemcpyHostToDevice",
        Some(MemcpyKind::DeviceToHost) => "hipMemcpyDeviceToHost",
        Some(MemcpyKind::DeviceToDevice) => "hipMemcpyDeviceToDevice",
        _ => "hipMemcpyDefault",
    })
}

/// The C++ name of the device variable a `*_symbol` copy names.
fn symbol(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    ctx.prop(op, "symbol")
        .and_then(|a| e.symbols.global(ctx, a))
        .map(|(name, _)| name)
        .ok_or_else(|| ctx.op_error(op, "names a variable the HIP target does not know"))
}

/// `cuda.launch` as `kernel<<<grid, block, shared bytes, stream>>>(args)`;
/// a by-value struct argument (a pointer to the host's copy in the IR) is
/// passed as the kernel's `cuwasm_byval<N>` parameter.
fn launch(e: &FnEmitter, op: OpId) -> Result<String, Diagnostic> {
    let ctx = e.ctx;
    let sym = ctx
        .prop(op, "kernel")
        .ok_or_else(|| ctx.op_error(op, "has no 'kernel'"))?;
    let kernel = e
        .symbols
        .function(ctx, sym)
        .ok_or_else(|| ctx.op_error(op, "launches a kernel the HIP target does not know"))?;
    let byval: Vec<i128> = ctx
        .lookup_symbol_from(op, sym)
        .and_then(|k| ctx.attr(k, BYVAL_BYTES_ATTR))
        .and_then(|a| ctx.attr_dense_array(a))
        .map(<[i128]>::to_vec)
        .unwrap_or_default();
    let a: Vec<String> = (0..ctx.num_operands(op))
        .map(|i| e.operand(op, i))
        .collect();
    if a.len() < 8 {
        return Err(ctx.op_error(op, "has fewer than 8 launch operands"));
    }
    let args: Vec<String> = a[8..]
        .iter()
        .enumerate()
        .map(|(i, v)| match byval.get(i) {
            Some(&n) if n > 0 => format!("cuwasm_byval_of<{n}>({v})"),
            _ => v.clone(),
        })
        .collect();
    Ok(format!(
        "{kernel}<<<dim3({}, {}, {}), dim3({}, {}, {}), {}, (hipStream_t){}>>>({});",
        a[0],
        a[1],
        a[2],
        a[3],
        a[4],
        a[5],
        a[6],
        a[7],
        args.join(", ")
    ))
}
