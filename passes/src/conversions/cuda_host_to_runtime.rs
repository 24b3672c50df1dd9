//! `convert-cuda-host-to-runtime`: host ops of the cuda dialect into calls of
//! cuwasm's runtime and the C library (docs/cpu-abi.md, "Host code → runtime
//! calls").
//!
//! Every `cuda.rt_*`, `cuda.launch` and `cuda.libc_*` op of host code becomes a
//! `func.call` of the `extern "C"` function the table of docs/cpu-abi.md names,
//! declared once per module as a bodiless `func.func` with `sym_visibility =
//! "private"` (an existing declaration of the same name is reused; one with
//! another signature is an error). The JIT then resolves those names to
//! `cuwasm_runtime::abi::symbols()` or to the process's C library.
//!
//! What the C functions take by address is built on the stack with
//! `cuda.alloca`: the out-parameter of `cudaMalloc`, the kernel arguments of a
//! launch (one slot each, plus an array of their addresses: CUDA's
//! `kernelParams`) and printf's arguments (an array of 8-byte slots). Names are
//! `cuda.string_literal`s; device variables named by symbol copies are
//! `cuda.global_addr`s of their flat names (`cpu_abi::flat_symbol`), which
//! `convert-gpu-to-simd` has moved to the top level by the time this runs.
//!
//! Device code is left alone: `gpu.module`s, and functions marked
//! `cuwasm.kernel` (block functions made by `convert-gpu-to-simd`).

use crate::conversions::build;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{AttrData, Builder, Context, Diagnostic, OpId, OpView, Type, ValueId, WalkResult};
use cuwasm_dialects::cpu_abi::{KERNEL_ATTR, flat_symbol};
use cuwasm_dialects::cuda::{self, MemcpyKind, OutStream};
use cuwasm_dialects::func::{CallOp, FuncOp, function_signature};
use cuwasm_dialects::ptr;

pub const INFO: PassInfo = PassInfo {
    name: "convert-cuda-host-to-runtime",
    description: "Host ops of the cuda dialect (cudaMalloc, launches, printf, ...) into calls of cuwasm's runtime",
    anchor: Some("builtin.module"),
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(CudaHostToRuntime)),
};

struct CudaHostToRuntime;

impl Pass for CudaHostToRuntime {
    fn run(
        &self,
        ctx: &mut Context,
        module: OpId,
        state: &mut PassState,
    ) -> Result<(), Diagnostic> {
        let ops = host_ops(ctx, module);
        let ptr_ty = ptr::ptr_type(ctx, "#ptr.generic_space");
        let lowering = Lowering { module, ptr_ty };
        for &op in &ops {
            lowering.lower(ctx, op)?;
        }
        state.stat("num-ops-converted", ops.len() as u64);
        Ok(())
    }
}

/// Ops whose operands go to the callee unchanged and whose results are the
/// call's: (op, callee).
const DIRECT: &[(&str, &str)] = &[
    ("cuda.rt_free", "cuwasm_rt_free"),
    ("cuda.rt_memset", "cuwasm_rt_memset"),
    ("cuda.rt_device_synchronize", "cuwasm_rt_device_synchronize"),
    ("cuda.rt_get_last_error", "cuwasm_rt_get_last_error"),
    ("cuda.rt_peek_at_last_error", "cuwasm_rt_peek_at_last_error"),
    ("cuda.rt_get_error_string", "cuwasm_rt_get_error_string"),
    ("cuda.rt_set_device", "cuwasm_rt_set_device"),
    (
        "cuda.rt_get_device_properties",
        "cuwasm_rt_get_device_properties",
    ),
    ("cuda.rt_stream_synchronize", "cuwasm_rt_stream_synchronize"),
    ("cuda.rt_stream_destroy", "cuwasm_rt_stream_destroy"),
    ("cuda.rt_event_record", "cuwasm_rt_event_record"),
    ("cuda.rt_event_synchronize", "cuwasm_rt_event_synchronize"),
    ("cuda.rt_event_destroy", "cuwasm_rt_event_destroy"),
    ("cuda.libc_exit", "cuwasm_rt_exit"),
    ("cuda.libc_malloc", "malloc"),
    ("cuda.libc_free", "free"),
    ("cuda.libc_memset", "memset"),
    ("cuda.libc_memcpy", "memcpy"),
    ("cuda.libc_qsort", "qsort"),
    ("cuda.libc_clock", "clock"),
    ("cuda.libc_time", "time"),
    ("cuda.libc_gettimeofday", "gettimeofday"),
];

/// Ops whose first result the callee stores through a pointer it takes
/// first (CUDA's out-parameters), followed by the op's operands; its
/// `i32` result is the op's error: (op, callee).
const OUT_PARAM: &[(&str, &str)] = &[
    ("cuda.rt_malloc", "cuwasm_rt_malloc"),
    ("cuda.rt_malloc_managed", "cuwasm_rt_malloc_managed"),
    ("cuda.rt_get_device_count", "cuwasm_rt_get_device_count"),
    ("cuda.rt_get_device", "cuwasm_rt_get_device"),
    ("cuda.rt_stream_create", "cuwasm_rt_stream_create"),
    ("cuda.rt_event_create", "cuwasm_rt_event_create"),
    ("cuda.rt_event_elapsed_time", "cuwasm_rt_event_elapsed_time"),
];

/// Ops that need more than passing their operands on.
const SPECIAL: &[&str] = &[
    "cuda.rt_memcpy",
    "cuda.rt_memcpy_to_symbol",
    "cuda.rt_memcpy_from_symbol",
    "cuda.launch",
    "cuda.libc_printf",
];

/// The host ops under `module`, in program order, skipping device code.
fn host_ops(ctx: &Context, module: OpId) -> Vec<OpId> {
    let mut ops = Vec::new();
    ctx.walk(module, |op| {
        let device = ctx.is_op(op, "gpu.module")
            || (ctx.is_op(op, FuncOp::NAME) && ctx.inherent_or_attr(op, KERNEL_ATTR).is_some());
        if device {
            return WalkResult::Skip;
        }
        let name = ctx.op_name_text(op);
        let known = |table: &[(&str, &str)]| table.iter().any(|d| d.0 == name);
        if known(DIRECT) || known(OUT_PARAM) || SPECIAL.contains(&name) {
            ops.push(op);
        }
        WalkResult::Advance
    });
    ops
}

/// The state of one run: where declarations go and the pointer type of new values.
struct Lowering {
    module: OpId,
    ptr_ty: Type,
}

impl Lowering {
    /// Replace `op` by its call(s), built right before it.
    fn lower(&self, ctx: &mut Context, op: OpId) -> Result<(), Diagnostic> {
        let name = ctx.op_name_text(op).to_string();
        let operands = ctx.operands(op).to_vec();
        let results = ctx.result_types(op);
        let mut b = Builder::before(ctx, op);
        let values = match name.as_str() {
            "cuda.rt_memcpy" => {
                let kind = memcpy_kind(&mut b, op)?;
                self.call(
                    &mut b,
                    op,
                    "cuwasm_rt_memcpy",
                    &[&operands[..], &[kind]].concat(),
                    &results,
                )?
            }
            "cuda.rt_memcpy_to_symbol" => {
                let (sym, kind) = (self.symbol_addr(&mut b, op)?, memcpy_kind(&mut b, op)?);
                let args = [sym, operands[0], operands[1], operands[2], kind];
                self.call(&mut b, op, "cuwasm_rt_memcpy_to_symbol", &args, &results)?
            }
            "cuda.rt_memcpy_from_symbol" => {
                let (sym, kind) = (self.symbol_addr(&mut b, op)?, memcpy_kind(&mut b, op)?);
                let args = [operands[0], sym, operands[1], operands[2], kind];
                self.call(&mut b, op, "cuwasm_rt_memcpy_from_symbol", &args, &results)?
            }
            "cuda.launch" => self.launch(&mut b, op, &operands)?,
            "cuda.libc_printf" => self.printf(&mut b, op, &operands)?,
            _ => match OUT_PARAM.iter().find(|d| d.0 == name) {
                Some(&(_, callee)) => self.out_param(&mut b, op, callee, &operands)?,
                None => {
                    let callee = DIRECT
                        .iter()
                        .find(|d| d.0 == name)
                        .expect("host_ops picks known ops")
                        .1;
                    self.call(&mut b, op, callee, &operands, &results)?
                }
            },
        };
        ctx.replace_op(op, &values);
        ctx.erase_op(op);
        Ok(())
    }

    /// An out-parameter (`cudaMalloc`, `cudaEventCreate`, ...): the callee
    /// stores the value to a stack slot, which is loaded back so that the op's
    /// results (value, error) keep their types.
    fn out_param(
        &self,
        b: &mut Builder<'_>,
        op: OpId,
        callee: &str,
        operands: &[ValueId],
    ) -> Result<Vec<ValueId>, Diagnostic> {
        let value_ty = b.value_type(b.result(op, 0));
        let slot = cuda::alloca(b, value_ty, 1, self.ptr_ty);
        let i32 = b.i32();
        let err = self.call(b, op, callee, &[&[slot], operands].concat(), &[i32])?[0];
        Ok(vec![build::load(b, slot, value_ty), err])
    }

    /// `kernel<<<...>>>(args)`: each argument in its own slot, their addresses
    /// in an array, the flat kernel name as a C string.
    fn launch(
        &self,
        b: &mut Builder<'_>,
        op: OpId,
        operands: &[ValueId],
    ) -> Result<Vec<ValueId>, Diagnostic> {
        let (module, kernel) = nested_symbol(b, op, "kernel")?;
        let name = b.string_attr(&flat_symbol(&module, &kernel));
        let name = string_literal(b, name, self.ptr_ty);
        let (config, args) = operands.split_at(8);
        let slots: Vec<ValueId> = args
            .iter()
            .map(|&a| {
                let ty = b.value_type(a);
                let slot = cuda::alloca(b, ty, 1, self.ptr_ty);
                build::store(b, a, slot);
                slot
            })
            .collect();
        let params = self.slot_array(b, self.ptr_ty, &slots);
        let nparams = build::int(b, b.integer_type(32), args.len() as i64);
        let call_args = [&[name], config, &[params, nparams]].concat();
        self.call(b, op, "cuwasm_rt_launch", &call_args, &[])
    }

    /// `printf(format, args...)`: the arguments as 8-byte slots (integers
    /// sign-extended as C promoted them to `int`/`long`, floats as `double`).
    fn printf(
        &self,
        b: &mut Builder<'_>,
        op: OpId,
        operands: &[ValueId],
    ) -> Result<Vec<ValueId>, Diagnostic> {
        // The format attribute is reused as is: its bytes need not be UTF-8.
        let format = b
            .prop(op, "format")
            .filter(|&a| matches!(b.attr_data(a), AttrData::String { .. }));
        let format = format.ok_or_else(|| b.op_error(op, "property 'format' must be a string"))?;
        let stream = match OutStream::from_prop(b, op, "stream")? {
            Some(OutStream::Stderr) => 2,
            _ => 1,
        };
        let format = string_literal(b, format, self.ptr_ty);
        let slots: Vec<ValueId> = operands.iter().map(|&a| widen_to_slot(b, a)).collect();
        let i64 = b.i64();
        let args = self.slot_array(b, i64, &slots);
        let (stream, nargs) = (
            build::int(b, b.integer_type(32), stream),
            build::int(b, b.integer_type(32), operands.len() as i64),
        );
        let i32 = b.i32();
        self.call(
            b,
            op,
            "cuwasm_rt_printf",
            &[stream, format, args, nargs],
            &[i32],
        )
    }

    /// A stack array of `values.len()` elements of `element` holding `values`
    /// (8 bytes each), or null when there are none.
    fn slot_array(&self, b: &mut Builder<'_>, element: Type, values: &[ValueId]) -> ValueId {
        if values.is_empty() {
            let null = b.dialect_attr("ptr.null", None);
            let op = ptr::ConstantOp::build(b, &[], &[self.ptr_ty], &[("value", null)]);
            return b.result(op.0, 0);
        }
        let array = cuda::alloca(b, element, values.len() as i64, self.ptr_ty);
        for (i, &v) in values.iter().enumerate() {
            let offset = build::int(b, b.integer_type(64), 8 * i as i64);
            let op = ptr::PtrAddOp::build(b, &[array, offset], &[self.ptr_ty], &[]);
            let at = b.result(op.0, 0);
            build::store(b, v, at);
        }
        array
    }

    /// The address of the device variable named by `op`'s `symbol` (`@m::@g`),
    /// under its flat name.
    fn symbol_addr(&self, b: &mut Builder<'_>, op: OpId) -> Result<ValueId, Diagnostic> {
        let (module, name) = nested_symbol(b, op, "symbol")?;
        let flat = flat_symbol(&module, &name);
        if b.lookup_symbol_in(self.module, &flat).is_none() {
            return Err(b.op_error(
                op,
                format!("device variable '@\"{flat}\"' is not in the top-level module (run convert-gpu-to-simd first)"),
            ));
        }
        let sym = b.symbol_ref_attr(&flat, &[]);
        let op = cuda::GlobalAddrOp::build(b, &[], &[self.ptr_ty], &[("global_name", sym)]);
        Ok(b.result(op.0, 0))
    }

    /// `func.call @callee(args)`, declaring `callee` first if the module lacks it.
    fn call(
        &self,
        b: &mut Builder<'_>,
        op: OpId,
        callee: &str,
        args: &[ValueId],
        results: &[Type],
    ) -> Result<Vec<ValueId>, Diagnostic> {
        let inputs: Vec<Type> = args.iter().map(|&a| b.value_type(a)).collect();
        self.declare(b.ctx, op, callee, &inputs, results)?;
        let callee = b.symbol_ref_attr(callee, &[]);
        let call = CallOp::build(b, args, results, &[("callee", callee)]);
        Ok(b.results(call.0).collect())
    }

    /// Make sure the module declares `name` with this signature: reuse a
    /// declaration (or definition) already there, else add a private one.
    fn declare(
        &self,
        ctx: &mut Context,
        at: OpId,
        name: &str,
        inputs: &[Type],
        results: &[Type],
    ) -> Result<(), Diagnostic> {
        if let Some(existing) = ctx.lookup_symbol_in(self.module, name) {
            let same = ctx.is_op(existing, FuncOp::NAME)
                && function_signature(ctx, existing)
                    .is_some_and(|(i, r)| i == inputs && r == results);
            if same {
                return Ok(());
            }
            let want = ctx.type_to_string(ctx.function_type(inputs, results));
            return Err(ctx.op_error(at, format!("cannot call the runtime's '{name}': the module's symbol of that name is not a function of type {want}")));
        }
        let block = ctx
            .entry_block(ctx.region(self.module, 0))
            .expect("a module has a body");
        let mut d = Builder::at_end(ctx, block);
        let sig = d.function_type(inputs, results);
        let props = [
            ("sym_name", d.string_attr(name)),
            ("function_type", d.type_attr(sig)),
            ("sym_visibility", d.string_attr("private")),
        ];
        FuncOp::build(&mut d, &[], &[], &props);
        Ok(())
    }
}

/// The `(module, name)` of a nested symbol reference property `@module::@name`.
fn nested_symbol(ctx: &Context, op: OpId, prop: &str) -> Result<(String, String), Diagnostic> {
    match ctx.prop(op, prop).map(|a| ctx.attr_data(a)) {
        Some(AttrData::SymbolRef { root, nested }) if nested.len() == 1 => Ok((
            ctx.symbol_str(*root).to_string(),
            ctx.symbol_str(nested[0]).to_string(),
        )),
        _ => Err(ctx.op_error(
            op,
            format!("property '{prop}' must be a nested symbol reference @module::@name"),
        )),
    }
}

/// The `cudaMemcpyKind` number of `op`'s `kind` property, as an `i32` constant.
fn memcpy_kind(b: &mut Builder<'_>, op: OpId) -> Result<ValueId, Diagnostic> {
    let kind = MemcpyKind::from_prop(b, op, "kind")?
        .ok_or_else(|| b.op_error(op, "property 'kind' is required"))?;
    let code = match kind {
        MemcpyKind::HostToHost => 0,
        MemcpyKind::HostToDevice => 1,
        MemcpyKind::DeviceToHost => 2,
        MemcpyKind::DeviceToDevice => 3,
        MemcpyKind::Default => 4,
    };
    Ok(build::int(b, b.integer_type(32), code))
}

/// A printf argument as the value its 8-byte slot holds: narrower integers
/// sign-extended (C promoted them to `int`, whose conversions read the low 32
/// bits back), `f32` extended to `f64`; `i64`, `f64` and pointers as they are.
fn widen_to_slot(b: &mut Builder<'_>, v: ValueId) -> ValueId {
    let ty = b.value_type(v);
    let (name, to) = match b.int_width(ty) {
        Some(w) if w < 64 => ("arith.extsi", b.i64()),
        _ if ty == b.f32() => ("arith.extf", b.f64()),
        _ => return v,
    };
    let state = b.state(name).operands(&[v]).results(&[to]);
    let op = b.insert(state);
    b.result(op, 0)
}

/// `cuda.string_literal`: the address of a NUL-terminated copy of the string attribute `value`.
fn string_literal(b: &mut Builder<'_>, value: cuwasm::Attr, ptr_ty: Type) -> ValueId {
    let op = cuda::StringLiteralOp::build(b, &[], &[ptr_ty], &[("value", value)]);
    b.result(op.0, 0)
}
