//! Host code: `main` and the host functions it calls become `func.func`s of
//! the top-level module; the CUDA runtime API and launches are `cuda.rt_*`
//! and `cuda.launch` ops, the C library `cuda.libc_*` ops. Expressions and
//! statements are the device lowering's ([`super::expr`], [`super::stmt`]):
//! only calls, launches and string literals differ by side.

use super::expr::Val;
use super::record::kernel_param_by_address;
use super::{EnumConsts, Lowerer, Space};
use crate::cuda::Diag;
use crate::cuda::ast::{EnumDecl, Expr, ExprKind, LaunchExpr, Loc, TypeKind};
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::{CType, generic_ptr};
use crate::cuda::token::Sym;
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
    /// Record the values of an enum's enumerators (C: each is the previous
    /// plus one unless given).
    pub(super) fn collect_enumerators(&mut self, e: &EnumDecl) {
        let mut next = 0i128;
        for en in e.enumerators.iter().flatten() {
            let v = match &en.value {
                Some(x) => const_eval(self.pp, x, &EnumConsts(&self.enum_consts)).unwrap_or(next),
                None => next,
            };
            self.enum_consts.insert(en.name.sym, v);
            next = v + 1;
        }
    }

    /// Lower `main` (and, through the queue, the host functions it calls) at
    /// the end of `module`'s body.
    pub(super) fn host_module(&mut self, module: OpId) {
        let region = self.ctx.region(module, 0);
        let Some(body) = self.ctx.region_blocks(region).first().copied() else {
            return;
        };
        let gm = self
            .ctx
            .block_ops(body)
            .find(|&op| self.ctx.is_op(op, "gpu.module"));
        self.gpu_body = gm.and_then(|gm| {
            let r = self.ctx.region(gm, 0);
            self.ctx.region_blocks(r).first().copied()
        });
        for i in 0..self.fns.len() {
            if self.fns[i].space == Space::Host && self.fns[i].symbol == "main" {
                self.request(i);
            }
        }
        let mut done = 0;
        while done < self.queue.len() && self.diags.len() < 50 {
            let i = self.queue[done];
            done += 1;
            self.lower_function(i, body);
        }
    }

    /// The value of an enumerator named `sym`, if it is one (and no local hides it).
    pub(super) fn enumerator(&mut self, sym: Sym) -> Option<Val> {
        if self.vars.lookup(sym).is_some() {
            return None;
        }
        let v = *self.enum_consts.get(&sym)?;
        Some(Val {
            v: self.int_const(&CType::INT, v),
            ty: CType::INT,
        })
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

    fn string_text(&self, s: &crate::cuda::literal::StrLit, loc: Loc) -> R<String> {
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
            _ => {
                let _ = i64;
                None
            }
        })
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
        const_eval(self.pp, e, &EnumConsts(&self.enum_consts))
    }

    /// `kernel<<<grid, block, shmem, stream>>>(args)`: `cuda.launch`.
    pub(super) fn launch(&mut self, l: &LaunchExpr, loc: Loc) -> R<()> {
        let ExprKind::Ident(id) = &l.kernel.ignore_parens().kind else {
            return Err(self.unsupported(
                l.kernel.loc,
                "launching this kind of kernel expression (templates, pointers)",
            ));
        };
        let name = self.spelling(id.sym);
        let defs = self.fn_names.get(&id.sym).cloned().unwrap_or_default();
        let kernels: Vec<usize> = defs
            .into_iter()
            .filter(|&i| self.fns[i].space == Space::Kernel)
            .collect();
        let i = match kernels.as_slice() {
            [i] => *i,
            [] => {
                return Err(self.err(
                    l.kernel.loc,
                    format!("'{name}' is not a __global__ function defined in this file"),
                ));
            }
            _ => return Err(self.unsupported(loc, &format!("overloaded kernels ('{name}')"))),
        };
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
