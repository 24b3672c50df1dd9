//! Host code: `main` and the host functions it calls become `func.func`s of
//! the top-level module; the CUDA runtime API and launches are `cuda.rt_*`
//! and `cuda.launch` ops, the C library `cuda.libc_*` ops. Expressions and
//! statements are the device lowering's ([`super::expr`], [`super::stmt`]):
//! only calls, launches and string literals differ by side.

use super::expr::Val;
use super::record::kernel_param_by_address;
use super::{Lowerer, Space};
use crate::cuda::Diag;
use crate::cuda::ast::{DeclKind, Expr, ExprKind, LaunchExpr, Loc, QualName, TypeKind};
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::{CType, generic_ptr};
use cuwasm::{OpId, ValueId};

type R<T> = Result<T, Diag>;

/// `cudaMemcpyKind` values and their `#cuda<memcpy_kind ...>` keywords.
const MEMCPY_KINDS: &[&str] = &[
    "host_to_host",
    "host_to_device",
    "device_to_host",
    "device_to_device",
    "default",
];

impl Lowerer<'_, '_> {
    /// Lower `main` (and, through the queue, the host functions it calls) at
    /// the end of `module`'s body.
    pub(super) fn host_module(&mut self, module: OpId) {
        let Some(body) = self.attach_to_module(module) else {
            return;
        };
        for i in 0..self.fns.len() {
            if self.fns[i].space == Space::Host && self.fns[i].symbol == "main" {
                self.request(i);
            }
        }
        self.run_queue(body);
    }

    /// Find `module`'s `gpu.module @kernels` (for globals and launches);
    /// the module's body.
    pub(super) fn attach_to_module(&mut self, module: OpId) -> Option<cuwasm::BlockId> {
        let region = self.ctx.region(module, 0);
        let body = self.ctx.region_blocks(region).first().copied()?;
        let gm = self
            .ctx
            .block_ops(body)
            .find(|&op| self.ctx.is_op(op, "gpu.module"));
        self.gpu_body = gm.and_then(|gm| {
            let r = self.ctx.region(gm, 0);
            self.ctx.region_blocks(r).first().copied()
        });
        Some(body)
    }

    /// A string literal in host code: `cuda.string_literal`.
    pub(super) fn string_literal(&mut self, s: &crate::cuda::literal::StrLit, loc: Loc) -> R<Val> {
        let text = self.string_text(s, loc)?;
        let a = self.ctx.string_attr(&text);
        let p = generic_ptr(self.ctx);
        let v = self.op1("cuda.string_literal", &[], p, &[("value", a)]);
        let ch = CType::Int {
            kind: crate::cuda::sema::types::IntKind::Char,
            signed: true,
        };
        Ok(Val {
            v,
            ty: ch.pointer_to(),
        })
    }

    pub(super) fn string_text(&self, s: &crate::cuda::literal::StrLit, loc: Loc) -> R<String> {
        if s.encoding != crate::cuda::literal::Encoding::Plain || s.units.iter().any(|&u| u > 0xff)
        {
            return Err(self.unsupported(loc, "wide and Unicode string literals"));
        }
        let bytes: Vec<u8> = s.units.iter().map(|&u| u as u8).collect();
        String::from_utf8(bytes).map_err(|_| self.unsupported(loc, "non-UTF-8 string literals"))
    }

    /// Calls of the C library and the CUDA runtime in host code; None when
    /// `name` is none of them.
    pub(super) fn host_call(
        &mut self,
        loc: Loc,
        name: &str,
        args: &[Expr],
    ) -> R<Option<Option<Val>>> {
        let arity = |l: &Self, n: usize| -> R<()> {
            match args.len() == n {
                true => Ok(()),
                false => Err(l.err(loc, format!("'{name}' takes {n} argument(s)"))),
            }
        };
        let i64t = CType::SIZE_T;
        let err = |l: &mut Self, op: OpId, i: usize| {
            Some(Some(Val {
                v: l.ctx.result(op, i),
                ty: CType::INT,
            }))
        };
        let ptr = generic_ptr(self.ctx);
        let (i32, i64) = (self.ctx.i32(), self.ctx.i64());
        Ok(match name {
            "printf" | "fprintf" => {
                let (stream, rest) = match name {
                    "printf" => ("stdout", args),
                    _ => {
                        let Some((s, rest)) = args.split_first() else {
                            return Err(self.err(loc, "'fprintf' needs a stream and a format"));
                        };
                        let stream = match &s.ignore_parens().kind {
                            ExprKind::Ident(id) => self.spelling(id.sym),
                            _ => "",
                        };
                        if !matches!(stream, "stdout" | "stderr") {
                            return Err(self.unsupported(
                                s.loc,
                                "'fprintf' to a stream other than stdout or stderr",
                            ));
                        }
                        (stream, rest)
                    }
                };
                let Some((fmt, rest)) = rest.split_first() else {
                    return Err(self.err(loc, format!("'{name}' needs a format string")));
                };
                let ExprKind::StringLit(f) = &fmt.ignore_parens().kind else {
                    return Err(self.unsupported(fmt.loc, "a format that is not a string literal"));
                };
                let format = self.string_text(f, fmt.loc)?;
                let mut vals = Vec::new();
                for a in rest {
                    let v = self.rvalue(a)?;
                    // C's default argument promotions.
                    let to = match &v.ty {
                        CType::Float(_) => CType::DOUBLE,
                        t if t.is_integer() => {
                            let p = t.promote();
                            if p.size() == Some(8) { p } else { CType::INT }
                        }
                        CType::Pointer(_) => v.ty.clone(),
                        t => {
                            return Err(self.err(
                                a.loc,
                                format!("cannot pass a value of type '{}' to '{name}'", t.name()),
                            ));
                        }
                    };
                    vals.push(self.convert(v, &to, a.loc)?);
                }
                self.set_loc(loc);
                let format = self.ctx.string_attr(&format);
                let stream = self
                    .ctx
                    .dialect_attr("cuda", Some(&format!("stream {stream}")));
                let v = self.op1(
                    "cuda.libc_printf",
                    &vals,
                    i32,
                    &[("format", format), ("stream", stream)],
                );
                Some(Some(Val { v, ty: CType::INT }))
            }
            "malloc" => {
                arity(self, 1)?;
                let n = self.arg_as(&args[0], &i64t)?;
                let v = self.op1("cuda.libc_malloc", &[n], ptr, &[]);
                Some(Some(Val {
                    v,
                    ty: CType::Void.pointer_to(),
                }))
            }
            // `calloc(n, size)`: `malloc(n * size)` then `memset(0)`, so the
            // host conversion needs no C function beyond those two.
            "calloc" => {
                arity(self, 2)?;
                let n = self.arg_as(&args[0], &i64t)?;
                let size = self.arg_as(&args[1], &i64t)?;
                self.set_loc(loc);
                let bytes = self.op1("arith.muli", &[n, size], i64, &[]);
                let p = self.op1("cuda.libc_malloc", &[bytes], ptr, &[]);
                let zero = self.int_const(&CType::INT, 0);
                self.op1("cuda.libc_memset", &[p, zero, bytes], ptr, &[]);
                Some(Some(Val {
                    v: p,
                    ty: CType::Void.pointer_to(),
                }))
            }
            "free" => {
                arity(self, 1)?;
                let p = self.pointer_arg(&args[0])?;
                self.op("cuda.libc_free", &[p], &[], &[]);
                Some(None)
            }
            "memset" => {
                arity(self, 3)?;
                let p = self.pointer_arg(&args[0])?;
                let v = self.arg_as(&args[1], &CType::INT)?;
                let n = self.arg_as(&args[2], &i64t)?;
                self.set_loc(loc);
                let r = self.op1("cuda.libc_memset", &[p, v, n], ptr, &[]);
                Some(Some(Val {
                    v: r,
                    ty: CType::Void.pointer_to(),
                }))
            }
            "memcpy" => {
                arity(self, 3)?;
                let d = self.pointer_arg(&args[0])?;
                let s = self.pointer_arg(&args[1])?;
                let n = self.arg_as(&args[2], &i64t)?;
                self.set_loc(loc);
                let r = self.op1("cuda.libc_memcpy", &[d, s, n], ptr, &[]);
                Some(Some(Val {
                    v: r,
                    ty: CType::Void.pointer_to(),
                }))
            }
            "exit" => {
                arity(self, 1)?;
                let s = self.arg_as(&args[0], &CType::INT)?;
                self.op("cuda.libc_exit", &[s], &[], &[]);
                Some(None)
            }
            "cudaMalloc" | "cudaMallocManaged" => {
                let managed = name == "cudaMallocManaged";
                if args.len() != 2 && !(managed && args.len() == 3) {
                    return Err(self.err(
                        loc,
                        format!("'{name}' takes a pointer's address and a size"),
                    ));
                }
                let out = self.pointer_arg(&args[0])?;
                let mut ops = vec![self.arg_as(&args[1], &i64t)?];
                let opname = if managed {
                    let flags = match args.get(2) {
                        Some(f) => self.arg_as(f, &CType::INT)?,
                        None => self.int_const(&CType::INT, 1),
                    };
                    ops.push(flags);
                    "cuda.rt_malloc_managed"
                } else {
                    "cuda.rt_malloc"
                };
                self.set_loc(loc);
                let op = self.op(opname, &ops, &[ptr, i32], &[]);
                let p = self.ctx.result(op, 0);
                self.store(p, out);
                err(self, op, 1)
            }
            "cudaFree" => {
                arity(self, 1)?;
                let p = self.pointer_arg(&args[0])?;
                let op = self.op("cuda.rt_free", &[p], &[i32], &[]);
                err(self, op, 0)
            }
            "cudaMemcpy" => {
                arity(self, 4)?;
                let dst = self.pointer_arg(&args[0])?;
                let src = self.pointer_arg(&args[1])?;
                let n = self.arg_as(&args[2], &i64t)?;
                let kind = match self.constant_of(&args[3]) {
                    Some(k) if (0..5).contains(&k) => MEMCPY_KINDS[k as usize],
                    _ => {
                        return Err(self
                            .unsupported(args[3].loc, "a cudaMemcpyKind that is not a constant"));
                    }
                };
                self.set_loc(loc);
                let kind = self
                    .ctx
                    .dialect_attr("cuda", Some(&format!("memcpy_kind {kind}")));
                let op = self.op("cuda.rt_memcpy", &[dst, src, n], &[i32], &[("kind", kind)]);
                err(self, op, 0)
            }
            "cudaMemcpyToSymbol" | "cudaMemcpyFromSymbol" => {
                let to = name == "cudaMemcpyToSymbol";
                if !(3..=5).contains(&args.len()) {
                    return Err(self.err(loc, format!("'{name}' takes 3 to 5 arguments")));
                }
                let (sym_arg, ptr_arg) = match to {
                    true => (&args[0], &args[1]),
                    false => (&args[1], &args[0]),
                };
                let sym = match &sym_arg.ignore_parens().kind {
                    ExprKind::Ident(id) if self.is_global(id.sym) => id.sym,
                    _ => {
                        return Err(self.unsupported(
                            sym_arg.loc,
                            "a symbol that is not a __device__ or __constant__ variable's name",
                        ));
                    }
                };
                let i = self.globals[&sym];
                let (gname, _) = self.global_var(i)?;
                let p = self.pointer_arg(ptr_arg)?;
                let n = self.arg_as(&args[2], &i64t)?;
                let off = match args.get(3) {
                    Some(o) => self.arg_as(o, &i64t)?,
                    None => self.int_const(&i64t, 0),
                };
                // CUDA's defaults: cudaMemcpyHostToDevice / cudaMemcpyDeviceToHost.
                let kind = match args.get(4).map(|k| (k, self.constant_of(k))) {
                    None => MEMCPY_KINDS[if to { 1 } else { 2 }],
                    Some((_, Some(k))) if (0..5).contains(&k) => MEMCPY_KINDS[k as usize],
                    Some((k, _)) => {
                        return Err(
                            self.unsupported(k.loc, "a cudaMemcpyKind that is not a constant")
                        );
                    }
                };
                self.set_loc(loc);
                let kind = self
                    .ctx
                    .dialect_attr("cuda", Some(&format!("memcpy_kind {kind}")));
                let symbol = self.ctx.symbol_ref_attr("kernels", &[&gname]);
                let opname = match to {
                    true => "cuda.rt_memcpy_to_symbol",
                    false => "cuda.rt_memcpy_from_symbol",
                };
                let op = self.op(
                    opname,
                    &[p, n, off],
                    &[i32],
                    &[("kind", kind), ("symbol", symbol)],
                );
                err(self, op, 0)
            }
            "cudaMemset" => {
                arity(self, 3)?;
                let p = self.pointer_arg(&args[0])?;
                let v = self.arg_as(&args[1], &CType::INT)?;
                let n = self.arg_as(&args[2], &i64t)?;
                self.set_loc(loc);
                let op = self.op("cuda.rt_memset", &[p, v, n], &[i32], &[]);
                err(self, op, 0)
            }
            "cudaDeviceSynchronize"
            | "cudaThreadSynchronize"
            | "cudaGetLastError"
            | "cudaPeekAtLastError" => {
                arity(self, 0)?;
                let opname = match name {
                    "cudaGetLastError" => "cuda.rt_get_last_error",
                    "cudaPeekAtLastError" => "cuda.rt_peek_at_last_error",
                    _ => "cuda.rt_device_synchronize",
                };
                let op = self.op(opname, &[], &[i32], &[]);
                err(self, op, 0)
            }
            "cudaGetErrorString" => {
                arity(self, 1)?;
                let e = self.arg_as(&args[0], &CType::INT)?;
                let v = self.op1("cuda.rt_get_error_string", &[e], ptr, &[]);
                let ch = CType::Int {
                    kind: crate::cuda::sema::types::IntKind::Char,
                    signed: true,
                };
                Some(Some(Val {
                    v,
                    ty: ch.pointer_to(),
                }))
            }
            "qsort" => {
                arity(self, 4)?;
                let base = self.pointer_arg(&args[0])?;
                let n = self.arg_as(&args[1], &i64t)?;
                let size = self.arg_as(&args[2], &i64t)?;
                let compare = self.comparison_arg(&args[3])?;
                self.set_loc(loc);
                self.op("cuda.libc_qsort", &[base, n, size, compare], &[], &[]);
                Some(None)
            }
            // The C library's clocks, called as they are.
            "clock" => {
                arity(self, 0)?;
                let v = self.op1("cuda.libc_clock", &[], i64, &[]);
                Some(Some(Val { v, ty: CType::LONG }))
            }
            "time" => {
                arity(self, 1)?;
                let t = self.pointer_arg(&args[0])?;
                self.set_loc(loc);
                let v = self.op1("cuda.libc_time", &[t], i64, &[]);
                Some(Some(Val { v, ty: CType::LONG }))
            }
            "gettimeofday" => {
                arity(self, 2)?;
                let tv = self.pointer_arg(&args[0])?;
                let tz = self.pointer_arg(&args[1])?;
                self.set_loc(loc);
                let v = self.op1("cuda.libc_gettimeofday", &[tv, tz], i32, &[]);
                Some(Some(Val { v, ty: CType::INT }))
            }
            _ => return self.runtime_call(loc, name, args),
        })
    }

    /// `new T`, `new T(args)`, `new T[n]`: `malloc` of the bytes, then the
    /// objects constructed (a class's default constructor for each element
    /// of an array).
    pub(super) fn new_expr(&mut self, n: &crate::cuda::ast::NewExpr, loc: Loc) -> R<Val> {
        let ty = self.resolve(&n.ty)?;
        let Some(size) = ty.size().filter(|&s| s > 0) else {
            return Err(self.err(
                n.ty.loc,
                format!("allocation of incomplete type '{}'", ty.name()),
            ));
        };
        let count = match &n.array_size {
            Some(e) => self.arg_as(e, &CType::SIZE_T)?,
            None => self.int_const(&CType::SIZE_T, 1),
        };
        self.set_loc(loc);
        let size_v = self.int_const(&CType::SIZE_T, size as i128);
        let i64 = self.ctx.i64();
        let bytes = self.op1("arith.muli", &[count, size_v], i64, &[]);
        let ptr = generic_ptr(self.ctx);
        let p = self.op1("cuda.libc_malloc", &[bytes], ptr, &[]);
        match (&n.init, &ty, n.array_size.is_some()) {
            (None, _, _) => self.default_init_each(p, &ty, count, loc)?,
            (Some(_), _, true) => return Err(self.unsupported(loc, "initializers of 'new[]'")),
            (Some(crate::cuda::ast::Initializer::Paren(args, l)), CType::Struct(st), false) => {
                self.construct(p, &st.clone(), args, *l)?
            }
            (Some(init), _, false) => self.initialize(p, &ty, init)?,
        }
        Ok(Val {
            v: p,
            ty: ty.pointer_to(),
        })
    }

    /// `delete p` / `delete[] p`: `free` (cuwasm's classes have no
    /// destructors to run).
    pub(super) fn delete_expr(&mut self, e: &Expr, loc: Loc) -> R<()> {
        let p = self.rvalue(e)?;
        if !p.ty.is_pointer() {
            return Err(self.err(
                e.loc,
                format!("cannot delete expression of type '{}'", p.ty.name()),
            ));
        }
        self.set_loc(loc);
        self.op("cuda.libc_free", &[p.v], &[], &[]);
        Ok(())
    }

    /// The CUDA runtime's device, stream and event functions; None when
    /// `name` is none of them.
    fn runtime_call(&mut self, loc: Loc, name: &str, args: &[Expr]) -> R<Option<Option<Val>>> {
        let (min, max) = match name {
            "cudaGetDeviceCount" | "cudaGetDevice" | "cudaSetDevice" => (1, 1),
            "cudaStreamCreate" | "cudaStreamSynchronize" | "cudaStreamDestroy" => (1, 1),
            "cudaEventCreate" | "cudaEventSynchronize" | "cudaEventDestroy" => (1, 1),
            "cudaGetDeviceProperties" => (2, 2),
            // The stream defaults to 0, as CUDA's prototype says.
            "cudaEventRecord" => (1, 2),
            "cudaEventElapsedTime" => (3, 3),
            _ => return Ok(None),
        };
        if !(min..=max).contains(&args.len()) {
            return Err(self.err(loc, format!("'{name}' takes {max} argument(s)")));
        }
        let int = |t: &CType| t.is_integer() && t.size() == Some(4);
        let handle = |t: &CType| t.is_pointer();
        let float = |t: &CType| *t == CType::FLOAT;
        // The op, and for an out-parameter the check of its pointee and the type it names.
        let (opname, out): (&str, Option<(fn(&CType) -> bool, &str)>) = match name {
            "cudaGetDeviceCount" => ("cuda.rt_get_device_count", Some((int, "int *"))),
            "cudaGetDevice" => ("cuda.rt_get_device", Some((int, "int *"))),
            "cudaSetDevice" => ("cuda.rt_set_device", None),
            "cudaGetDeviceProperties" => ("cuda.rt_get_device_properties", None),
            "cudaStreamCreate" => ("cuda.rt_stream_create", Some((handle, "cudaStream_t *"))),
            "cudaStreamSynchronize" => ("cuda.rt_stream_synchronize", None),
            "cudaStreamDestroy" => ("cuda.rt_stream_destroy", None),
            "cudaEventCreate" => ("cuda.rt_event_create", Some((handle, "cudaEvent_t *"))),
            "cudaEventRecord" => ("cuda.rt_event_record", None),
            "cudaEventSynchronize" => ("cuda.rt_event_synchronize", None),
            "cudaEventElapsedTime" => ("cuda.rt_event_elapsed_time", Some((float, "float *"))),
            _ => ("cuda.rt_event_destroy", None),
        };
        let (out_ptr, rest) = match out {
            Some((check, want)) => (Some(self.out_arg(&args[0], check, want)?), &args[1..]),
            None => (None, args),
        };
        let mut operands = Vec::new();
        for (i, a) in rest.iter().enumerate() {
            operands.push(match (name, i) {
                ("cudaSetDevice", 0) | ("cudaGetDeviceProperties", 1) => {
                    self.arg_as(a, &CType::INT)?
                }
                ("cudaGetDeviceProperties", 0) => self.device_prop_arg(a)?,
                _ => self.pointer_arg(a)?,
            });
        }
        self.set_loc(loc);
        if name == "cudaEventRecord" && operands.len() == 1 {
            operands.push(self.zero(&CType::Void.pointer_to()));
        }
        let i32 = self.ctx.i32();
        let results = match name {
            "cudaGetDeviceCount" | "cudaGetDevice" => vec![i32, i32],
            "cudaStreamCreate" | "cudaEventCreate" => vec![generic_ptr(self.ctx), i32],
            "cudaEventElapsedTime" => vec![self.ctx.f32(), i32],
            _ => vec![i32],
        };
        let op = self.op(opname, &operands, &results, &[]);
        if let Some(out) = out_ptr {
            let value = self.ctx.result(op, 0);
            self.store(value, out);
        }
        let error = self.ctx.result(op, results.len() - 1);
        Ok(Some(Some(Val {
            v: error,
            ty: CType::INT,
        })))
    }

    /// An out-parameter: a pointer whose pointee passes `check` (`want` names
    /// the type expected).
    fn out_arg(&mut self, e: &Expr, check: fn(&CType) -> bool, want: &str) -> R<ValueId> {
        let v = self.rvalue(e)?;
        match &v.ty {
            CType::Pointer(t) if check(t) => Ok(v.v),
            t => Err(self.err(
                e.loc,
                format!("cannot pass a value of type '{}' as '{want}'", t.name()),
            )),
        }
    }

    /// `cudaGetDeviceProperties`'s first argument: a `cudaDeviceProp *`.
    fn device_prop_arg(&mut self, e: &Expr) -> R<ValueId> {
        let v = self.rvalue(e)?;
        match &v.ty {
            CType::Pointer(t) if matches!(&**t, CType::Struct(s) if s.name.ends_with("cudaDeviceProp")) => {
                Ok(v.v)
            }
            t => Err(self.err(
                e.loc,
                format!(
                    "cannot pass a value of type '{}' as 'cudaDeviceProp *'",
                    t.name()
                ),
            )),
        }
    }

    /// `qsort`'s comparison: a pointer to a function `int (const void *, const void *)`.
    fn comparison_arg(&mut self, e: &Expr) -> R<ValueId> {
        let v = self.rvalue(e)?;
        let ok = match &v.ty {
            CType::Pointer(f) => match &**f {
                CType::Function(sig) => {
                    sig.ret == CType::INT
                        && sig.params.len() == 2
                        && sig.params.iter().all(CType::is_pointer)
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            return Err(self.err(
                e.loc,
                format!(
                    "cannot pass a value of type '{}' as 'int (*)(const void *, const void *)'",
                    v.ty.name()
                ),
            ));
        }
        Ok(v.v)
    }

    /// An argument converted to `ty` (as a call of a prototyped function does).
    fn arg_as(&mut self, e: &Expr, ty: &CType) -> R<ValueId> {
        let v = self.rvalue(e)?;
        if !v.ty.is_arithmetic() {
            return Err(self.err(
                e.loc,
                format!(
                    "cannot pass a value of type '{}' as '{}'",
                    v.ty.name(),
                    ty.name()
                ),
            ));
        }
        self.convert(v, ty, e.loc)
    }

    /// A pointer argument (any pointer type, or a null constant).
    fn pointer_arg(&mut self, e: &Expr) -> R<ValueId> {
        let v = self.rvalue(e)?;
        match &v.ty {
            CType::Pointer(_) => Ok(v.v),
            _ => self.convert(v, &CType::Void.pointer_to(), e.loc),
        }
    }

    /// An integer constant expression's value (enumerators included).
    fn constant_of(&self, e: &Expr) -> Option<i128> {
        const_eval(self.pp, e, &self.var_consts())
    }

    /// `kernel<<<grid, block, shmem, stream>>>(args)`: `cuda.launch`.
    pub(super) fn launch(&mut self, l: &LaunchExpr, loc: Loc) -> R<()> {
        let q = match &l.kernel.ignore_parens().kind {
            ExprKind::Ident(id) => QualName::simple(*id),
            ExprKind::Name(q)
                if q.qualifier
                    .iter()
                    .all(|s| self.typedefs.is_namespace(s.ident.sym)) =>
            {
                (**q).clone()
            }
            _ => {
                return Err(self.unsupported(
                    l.kernel.loc,
                    "launching this kind of kernel expression (pointers, members)",
                ));
            }
        };
        let i = self.launched_kernel(&q, &l.args, loc)?;
        let name = self.fns[i].symbol.clone();
        if !(2..=4).contains(&l.config.len()) {
            return Err(self.err(
                loc,
                "a launch configuration is <<<grid, block[, shared bytes[, stream]]>>>",
            ));
        }
        let sig = self.signature_of(i)?;
        if sig.params.len() != l.args.len() {
            return Err(self.err(
                loc,
                format!(
                    "'{name}' takes {} argument(s), {} given",
                    sig.params.len(),
                    l.args.len()
                ),
            ));
        }
        let mut operands = self.dim3(&l.config[0])?;
        operands.extend(self.dim3(&l.config[1])?);
        operands.push(match l.config.get(2) {
            Some(e) => self.arg_as(e, &CType::SIZE_T)?,
            None => self.int_const(&CType::SIZE_T, 0),
        });
        operands.push(match l.config.get(3) {
            Some(e) => self.pointer_arg(e)?,
            None => self.zero(&CType::Void.pointer_to()),
        });
        for (a, t) in l.args.iter().zip(&sig.params) {
            let v = self.rvalue(a)?;
            let v = self.convert(v, t, a.loc)?;
            operands.push(match t {
                // a `__half` goes by address (record::kernel_param_by_address)
                CType::Float(_) if kernel_param_by_address(t) => {
                    let copy = self.slot(t, a.loc)?;
                    self.store(v, copy);
                    copy
                }
                _ => v,
            });
        }
        self.set_loc(loc);
        let kernel = self.ctx.symbol_ref_attr("kernels", &[&self.fns[i].symbol]);
        self.op("cuda.launch", &operands, &[], &[("kernel", kernel)]);
        Ok(())
    }

    /// The kernel a launch names: a `__global__` function, or the instance
    /// of a kernel template (explicit arguments, then deduced ones).
    fn launched_kernel(&mut self, q: &QualName, args: &[Expr], loc: Loc) -> R<usize> {
        let sym = q.name.ident.sym;
        let name = self.spelling(sym);
        let templates: Vec<_> = self
            .fn_templates
            .get(&sym)
            .into_iter()
            .flatten()
            .copied()
            .filter(|t| matches!(&t.decl.kind, DeclKind::Function(f) if f.specs.cuda.global))
            .collect();
        if !templates.is_empty() {
            return self.kernel_template_launch(&templates, q.name.targs.as_deref(), args, loc);
        }
        if q.name.targs.is_some() {
            return Err(self.err(q.loc(), format!("'{name}' is not a kernel template")));
        }
        let defs = self.fn_names.get(&sym).cloned().unwrap_or_default();
        let kernels: Vec<usize> = defs
            .into_iter()
            .filter(|&i| self.fns[i].space == Space::Kernel)
            .collect();
        match kernels.as_slice() {
            [i] => Ok(*i),
            [] => Err(self.err(
                q.loc(),
                format!("'{name}' is not a __global__ function defined in this file"),
            )),
            _ => Err(self.unsupported(loc, &format!("overloaded kernels ('{name}')"))),
        }
    }

    /// A launch's grid or block, or a `dim3` initializer: an integer (`n` is
    /// `dim3(n, 1, 1)`), `dim3(x[, y[, z]])` or a `dim3` variable, as three i32.
    pub(super) fn dim3(&mut self, e: &Expr) -> R<Vec<ValueId>> {
        let parts: Vec<&Expr> = match &e.ignore_parens().kind {
            ExprKind::Construct(c) if matches!(&c.ty.kind, TypeKind::Named(q) if self.spelling(q.name.ident.sym) == "dim3") => {
                c.args.iter().collect()
            }
            ExprKind::Call(callee, args) if matches!(&callee.ignore_parens().kind, ExprKind::Ident(id) if self.spelling(id.sym) == "dim3" && self.vars.lookup(id.sym).is_none()) => {
                args.iter().collect()
            }
            ExprKind::Ident(id) if self.vars.lookup(id.sym).is_some_and(|v| v.dim3) => {
                let ptr = self.vars.lookup(id.sym).expect("looked up").ptr;
                self.set_loc(e.loc);
                return Ok((0..3)
                    .map(|k| {
                        let at = self.offset_bytes(ptr, 4 * k);
                        self.load(at, &CType::UINT)
                    })
                    .collect());
            }
            _ => vec![e],
        };
        self.dim3_values(&parts, e.loc)
    }

    /// `dim3(parts...)`: each an integer converted to `unsigned int`, the
    /// missing ones 1.
    pub(super) fn dim3_values(&mut self, parts: &[&Expr], loc: Loc) -> R<Vec<ValueId>> {
        if parts.len() > 3 {
            return Err(self.err(loc, "dim3 takes at most 3 values"));
        }
        let mut out = Vec::new();
        for p in parts {
            let v = self.rvalue(p)?;
            if !v.ty.is_integer() {
                return Err(self.unsupported(
                    p.loc,
                    &format!("a dim3 component of type '{}'", v.ty.name()),
                ));
            }
            out.push(self.convert(v, &CType::UINT, p.loc)?);
        }
        self.set_loc(loc);
        while out.len() < 3 {
            out.push(self.int_const(&CType::UINT, 1));
        }
        Ok(out)
    }
}
