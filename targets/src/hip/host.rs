//! Host code: the CUDA runtime ops as calls of the HIP runtime (which has the
//! same functions under `hip` names, and the same `0 = success` error codes
//! read through `hipGetErrorString`; device properties through a helper that
//! lays them out as host code reads them), kernel launches as `<<<...>>>`,
//! the C library ops as the C library, and function pointers as C++'s.

use super::function::FnEmitter;
use super::types::{Scalar, scalar, string_literal};
use cuwasm::{AttrData, Diagnostic, OpId, TypeData};
use cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR;
use cuwasm_dialects::cpu_abi::device_prop::{self, Elem};
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
        "cuda.rt_get_device_count" => return out_call(e, op, "hipGetDeviceCount((int *)&"),
        "cuda.rt_get_device" => return out_call(e, op, "hipGetDevice((int *)&"),
        "cuda.rt_set_device" => format!("hipSetDevice((int){})", arg(0)),
        "cuda.rt_get_device_properties" => {
            format!("cuwasm_get_device_properties({}, (int){})", arg(0), arg(1))
        }
        "cuda.rt_stream_create" => return out_call(e, op, "hipStreamCreate((hipStream_t *)&"),
        "cuda.rt_stream_synchronize" => format!("hipStreamSynchronize((hipStream_t){})", arg(0)),
        "cuda.rt_stream_destroy" => format!("hipStreamDestroy((hipStream_t){})", arg(0)),
        "cuda.rt_event_create" => return out_call(e, op, "hipEventCreate((hipEvent_t *)&"),
        "cuda.rt_event_record" => format!(
            "hipEventRecord((hipEvent_t){}, (hipStream_t){})",
            arg(0),
            arg(1)
        ),
        "cuda.rt_event_synchronize" => format!("hipEventSynchronize((hipEvent_t){})", arg(0)),
        "cuda.rt_event_elapsed_time" => {
            let call = format!(
                "hipEventElapsedTime(&MS, (hipEvent_t){}, (hipEvent_t){})",
                arg(0),
                arg(1)
            );
            let ms = e.declare(op, ctx.result(op, 0), Some("0.0f".to_string()))?;
            e.define(op, 1, call.replace("MS", &ms))?;
            return Ok(true);
        }
        "cuda.rt_event_destroy" => format!("hipEventDestroy((hipEvent_t){})", arg(0)),
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
        "cuda.libc_qsort" => {
            e.line(format!(
                "qsort({}, {}, {}, (int (*)(const void *, const void *)){});",
                arg(0),
                arg(1),
                arg(2),
                arg(3)
            ));
            return Ok(true);
        }
        "cuda.libc_clock" => "(int64_t)clock()".to_string(),
        "cuda.libc_time" => format!("(int64_t)time((time_t *){})", arg(0)),
        "cuda.libc_gettimeofday" => format!(
            "gettimeofday((struct timeval *){}, (struct timezone *){})",
            arg(0),
            arg(1)
        ),
        "cuda.func_addr" => {
            let f = ctx
                .prop(op, "callee")
                .and_then(|a| e.symbols.function(ctx, a))
                .ok_or_else(|| ctx.op_error(op, "names a function the HIP target does not know"))?;
            format!("(char *)&{f}")
        }
        "cuda.call_indirect" => return call_indirect(e, op, &args),
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

/// A runtime call that returns result 0 through a pointer (`call_head`
/// then the address of a local holding it) and its error code as result 1.
fn out_call(e: &mut FnEmitter, op: OpId, call_head: &str) -> Result<bool, Diagnostic> {
    let out = e.declare(op, e.ctx.result(op, 0), Some("{}".to_string()))?;
    e.define(op, 1, format!("{call_head}{out})"))?;
    Ok(true)
}

/// `cuda.call_indirect`: the pointer cast to the function type, then called.
fn call_indirect(e: &mut FnEmitter, op: OpId, args: &[String]) -> Result<bool, Diagnostic> {
    let ctx = e.ctx;
    let fty = ctx.prop(op, "function_type").and_then(|a| ctx.attr_type(a));
    let Some(TypeData::Function { inputs, results }) = fty.map(|t| ctx.type_data(t)) else {
        return Err(ctx.op_error(op, "has no 'function_type'"));
    };
    let params = inputs
        .iter()
        .map(|&t| scalar(ctx, op, t).map(Scalar::cpp))
        .collect::<Result<Vec<_>, _>>()?;
    let ret = super::return_type(ctx, op, results, "calls a function that returns")?;
    let call = format!(
        "(({ret} (*)({})){})({})",
        params.join(", "),
        args[0],
        args[1..].join(", ")
    );
    match results.is_empty() {
        true => e.line(format!("{call};")),
        false => e.define1(op, call)?,
    }
    Ok(true)
}

/// The fields of cuwasm's `struct cudaDeviceProp` that `hipDeviceProp_t`
/// lacks in some HIP releases (ROCm 5 has none of them): left zero.
const NOT_IN_HIP: &[&str] = &[
    "deviceOverlap",
    "sharedMemPerMultiprocessor",
    "regsPerMultiprocessor",
    "maxBlocksPerMultiProcessor",
];

/// `cuwasm_get_device_properties(out, device)`: `hipGetDeviceProperties`
/// copied field by field into the `struct cudaDeviceProp` that host code
/// reads (laid out as `cpu_abi::device_prop`); the others zero.
pub(super) fn device_properties_helper() -> String {
    let (fields, size) = device_prop::layout();
    let mut body = format!("  memset(out, 0, {size});\n");
    for f in fields.iter().filter(|f| !NOT_IN_HIP.contains(&f.name)) {
        let (name, at) = (f.name, f.offset);
        let line = match f.elem {
            Elem::Char => format!("  strncpy(out + {at}, p.{name}, {});\n", f.count - 1),
            Elem::Int | Elem::SizeT => {
                let ty = if f.elem == Elem::Int {
                    "int32_t"
                } else {
                    "uint64_t"
                };
                let size = f.elem.size();
                (0..f.count)
                    .map(|i| {
                        let index = if f.count > 1 {
                            format!("[{i}]")
                        } else {
                            String::new()
                        };
                        let at = at + i * size;
                        format!("  cuwasm_store<{ty}>(out + {at}, ({ty})p.{name}{index});\n")
                    })
                    .collect()
            }
        };
        body.push_str(&line);
    }
    format!(
        "static hipError_t cuwasm_get_device_properties(char *out, int device) {{\n  \
         hipDeviceProp_t p;\n  const hipError_t e = hipGetDeviceProperties(&p, device);\n  \
         if (e != hipSuccess) return e;\n{body}  return hipSuccess;\n}}\n"
    )
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
