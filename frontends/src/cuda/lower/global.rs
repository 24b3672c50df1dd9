//! Module-level `__device__` and `__constant__` variables: a
//! `cuda.global_var` in `gpu.module @kernels` (made on first use, from
//! device or host code), whose address in device code is a
//! `cuda.global_addr`. An initializer must be constant (C: static storage);
//! it becomes the `dense<...>` `initial_value`, missing elements zero.

use super::Lowerer;
use super::stmt::flatten;
use crate::cuda::Diag;
use crate::cuda::ast::{Expr, ExprKind, Initializer, Loc, Storage, UnaryOp, VarDecl};
use crate::cuda::literal::FloatSuffix;
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::{CType, generic_ptr};
use crate::cuda::token::Sym;
use cuwasm::{Attr, AttrData, DenseValues, InsertPoint, OperationState, TypeData, ValueId};

type R<T> = Result<T, Diag>;

/// The most elements an initialized global may have.
const MAX_INITIALIZED: u64 = 1 << 20;

/// A constant of an initializer.
#[derive(Clone, Copy)]
enum Num {
    I(i128),
    F(f64),
}

impl<'a> Lowerer<'a, '_> {
    /// Record a file-scope variable declaration: `__device__` and
    /// `__constant__` ones are device globals, plain non-`const` ones host
    /// globals (a top-level `cuda.global_var` of space `host`).
    pub(super) fn collect_global(&mut self, v: &'a VarDecl, loc: Loc) {
        if v.qualifier.is_empty()
            && (v.ty.quals.is_const || v.specs.constexpr)
            && !v.specs.cuda.constant
        {
            self.collect_file_const(v);
        }
        if !v.qualifier.is_empty()
            || v.ty.quals.is_const
            || v.specs.constexpr
            || v.specs.storage == Storage::Extern
        {
            return;
        }
        self.globals.insert(v.name.sym, self.global_decls.len());
        self.global_decls.push((v, loc));
        self.global_done.push(None);
    }

    /// Is `sym` a device global (not hidden by a local)?
    pub(super) fn is_global(&self, sym: Sym) -> bool {
        self.vars.lookup(sym).is_none() && self.globals.contains_key(&sym)
    }

    /// The C type of global `sym`.
    pub(super) fn global_type(&mut self, sym: Sym) -> Option<R<CType>> {
        let i = *self.globals.get(&sym)?;
        Some(self.global_var(i).map(|(_, t)| t))
    }

    /// The address and type of device global `sym` in device code (its
    /// `cuda.global_var` made if needed); None when `sym` names none.
    pub(super) fn global_place(&mut self, sym: Sym, loc: Loc) -> Option<R<(ValueId, CType)>> {
        let i = *self.globals.get(&sym)?;
        let host_var = is_host_var(self.global_decls[i].0);
        if self.host && !host_var {
            return Some(Err(self.unsupported(
                loc,
                "reading or writing a __device__ or __constant__ variable in host code (use cudaMemcpyToSymbol/cudaMemcpyFromSymbol)",
            )));
        }
        if !self.host && host_var {
            return Some(Err(
                self.err(loc, "a host variable cannot be used in device code")
            ));
        }
        Some(self.global_var(i).map(|(name, ty)| {
            self.set_loc(loc);
            let sym = self.ctx.symbol_ref_attr(&name, &[]);
            let p = generic_ptr(self.ctx);
            (
                self.op1("cuda.global_addr", &[], p, &[("global_name", sym)]),
                ty,
            )
        }))
    }

    /// The symbol name and C type of global `i`, making its `cuda.global_var`
    /// in `gpu.module @kernels` when it is not there yet.
    pub(super) fn global_var(&mut self, i: usize) -> R<(String, CType)> {
        if let Some(done) = &self.global_done[i] {
            return Ok(done.clone());
        }
        let (v, loc) = self.global_decls[i];
        let specs = &v.specs;
        if specs.storage == Storage::Extern {
            return Err(self.unsupported(loc, "'extern' __device__ or __constant__ variables"));
        }
        if specs.cuda.managed || specs.cuda.shared {
            return Err(self.unsupported(loc, "file-scope __managed__ or __shared__ variables"));
        }
        let ty = self.resolve_with_init(&v.ty, v.init.as_ref())?;
        // Structs (and arrays of them) are stored as the integers of their
        // alignment, as locals are; their initializer is laid out in bytes.
        let has_struct = matches!(flatten(&ty).0, CType::Struct(_));
        let (elem, count) = match has_struct {
            true => super::record::storage(&ty),
            false => flatten(&ty),
        };
        let host_var = is_host_var(v);
        let addresses = host_var && matches!(elem, CType::Pointer(_));
        if !(addresses || elem.is_integer() || matches!(elem, CType::Bool | CType::Float(_))) {
            return Err(self.unsupported(
                loc,
                &format!("a file-scope variable of type '{}'", ty.name()),
            ));
        }
        let name = self.spelling(v.name.sym).to_string();
        let Some(gpu_body) = self.gpu_body else {
            return Err(self.unsupported(loc, "device globals without a gpu.module"));
        };
        // Host variables live in the top-level module, next to the gpu.module.
        let body = match host_var {
            true => self
                .ctx
                .block_parent_op(gpu_body)
                .and_then(|m| self.ctx.parent_block(m))
                .expect("gpu.module in a module"),
            false => gpu_body,
        };
        let exists = self.ctx.block_ops(body).any(|op| {
            self.ctx.is_op(op, "cuda.global_var")
                && self
                    .ctx
                    .prop(op, "sym_name")
                    .and_then(|a| self.ctx.attr_str(a))
                    == Some(name.as_str())
        });
        if v.init.is_some() && count > MAX_INITIALIZED {
            return Err(self.unsupported(
                loc,
                &format!("initializers of globals of more than {MAX_INITIALIZED} elements"),
            ));
        }
        if !exists {
            // Marked made first: an initializer may name the variable itself.
            self.global_done[i] = Some((name.clone(), ty.clone()));
            let elem_ir = elem.ir(self.ctx).expect("not void");
            let i64 = self.ctx.i64();
            let space = match (host_var, specs.cuda.constant) {
                (true, _) => "space host",
                (false, true) => "space constant",
                (false, false) => "space global",
            };
            let mut props = vec![
                ("sym_name", self.ctx.string_attr(&name)),
                ("element_type", self.ctx.type_attr(elem_ir)),
                ("count", self.ctx.int_attr(i64, count as i128)),
                ("space", self.ctx.dialect_attr("cuda", Some(space))),
            ];
            if let Some(init) = &v.init {
                let value = match addresses {
                    true => self.address_inits(&ty, init),
                    false => self.dense_init(&ty, (&elem, count), has_struct, init, loc),
                };
                match value {
                    Ok(value) => props.push(("initial_value", value)),
                    Err(d) => {
                        self.global_done[i] = None;
                        return Err(d);
                    }
                }
            }
            let l = self.pp.sources.token_location(self.ctx, loc.token(self.pp));
            let mut st = OperationState::new(self.ctx, "cuda.global_var", l);
            for (k, a) in props {
                st = st.property(self.ctx, k, a);
            }
            let op = self.ctx.create_op(st);
            // After the globals already made, before the functions.
            let first_fn = self
                .ctx
                .block_ops(body)
                .find(|&op| !self.ctx.is_op(op, "cuda.global_var"));
            match first_fn {
                Some(first) => {
                    InsertPoint::Before(first).place(self.ctx, op);
                }
                None => self.ctx.append_op(body, op),
            }
        }
        self.global_done[i] = Some((name.clone(), ty.clone()));
        Ok((name, ty))
    }

    /// The `dense<...>` initial value of a global of type `ty` stored as
    /// `count` elements of `elem` (`has_struct`: the integers of its bytes).
    fn dense_init(
        &self,
        ty: &CType,
        (elem, count): (&CType, u64),
        has_struct: bool,
        init: &Initializer,
        loc: Loc,
    ) -> R<Attr> {
        let values = match has_struct {
            true => self.struct_init_values(ty, elem, init, loc)?,
            false => {
                let mut flat = Vec::new();
                self.flat_init(ty, init, &mut flat)?;
                self.dense_values(elem, &flat, loc)?
            }
        };
        let tty = self.ctx.intern_type(TypeData::Tensor {
            shape: Some(vec![count as i64]),
            element: elem.ir(self.ctx).expect("not void"),
            encoding: None,
        });
        Ok(self.ctx.intern_attr(AttrData::Dense {
            ty: tty,
            values,
            splat: false,
        }))
    }

    /// The initial value of a struct-holding global of type `ty` as the
    /// `unit` integers it is stored as: the initializer laid out in bytes.
    fn struct_init_values(
        &self,
        ty: &CType,
        unit: &CType,
        init: &Initializer,
        loc: Loc,
    ) -> R<DenseValues> {
        let mut bytes = vec![0u8; ty.size().unwrap_or(0) as usize];
        self.init_bytes(ty, init, &mut bytes, loc)?;
        let width = unit.size().unwrap_or(1) as usize;
        let ir = unit.ir(self.ctx).expect("an integer");
        let units = bytes.chunks(width).map(|c| {
            let v = c.iter().rev().fold(0u128, |acc, &b| (acc << 8) | b as u128);
            self.ctx.normalize_int(ir, v as i128)
        });
        Ok(DenseValues::Int(units.collect()))
    }

    /// Write the constants of `init` for an object of type `ty` into `out`
    /// (its bytes, little-endian, at the fields' offsets).
    fn init_bytes(&self, ty: &CType, init: &Initializer, out: &mut [u8], loc: Loc) -> R<()> {
        let list = match init {
            Initializer::List(l) => Some(l),
            _ => None,
        };
        match (list, ty) {
            (Some(l), CType::Array(elem, n)) => {
                let size = elem.size().unwrap_or(0) as usize;
                if l.items.len() as u64 > *n {
                    return Err(self.err(l.loc, "excess elements in array initializer"));
                }
                for (i, item) in l.items.iter().enumerate() {
                    self.init_bytes(elem, &item.value, &mut out[i * size..], loc)?;
                }
            }
            (Some(l), CType::Struct(s)) => {
                let fields = s.fields.as_deref().unwrap_or(&[]);
                if l.items.len() > fields.len() {
                    return Err(self.err(l.loc, "excess elements in struct initializer"));
                }
                for (item, f) in l.items.iter().zip(fields) {
                    if !item.designators.is_empty() {
                        return Err(self.unsupported(l.loc, "designated initializers"));
                    }
                    self.init_bytes(&f.ty, &item.value, &mut out[f.offset as usize..], loc)?;
                }
            }
            (None, CType::Array(..) | CType::Struct(_)) => {
                return Err(
                    self.unsupported(init.loc(), "initializing an aggregate from an expression")
                );
            }
            _ => {
                let mut flat = Vec::new();
                self.flat_init(ty, init, &mut flat)?;
                let size = ty.size().unwrap_or(0) as usize;
                let bits: u128 = match self.dense_values(ty, &flat, loc)? {
                    DenseValues::Int(v) => v[0] as u128,
                    DenseValues::Float(v) => v[0] as u128,
                };
                out[..size].copy_from_slice(&bits.to_le_bytes()[..size]);
            }
        }
        Ok(())
    }

    /// The constants of `init` for an object of type `ty`, in memory order,
    /// zero-filled to the object's size.
    fn flat_init(&self, ty: &CType, init: &Initializer, out: &mut Vec<Num>) -> R<()> {
        let mut exprs = Vec::new();
        self.flat_exprs(ty, init, &mut exprs)?;
        for e in exprs {
            out.push(match e {
                Some(e) => self.const_num(e)?,
                None => Num::I(0),
            });
        }
        Ok(())
    }

    /// The scalar initializers of `init` for an object of type `ty`, in
    /// memory order; `None` for each element it leaves zero.
    pub(super) fn flat_exprs<'e>(
        &self,
        ty: &CType,
        init: &'e Initializer,
        out: &mut Vec<Option<&'e Expr>>,
    ) -> R<()> {
        let start = out.len();
        match (init, ty) {
            (Initializer::List(l), CType::Array(elem, n)) => {
                for item in &l.items {
                    if !item.designators.is_empty() {
                        return Err(self.unsupported(l.loc, "designated initializers"));
                    }
                    if matches!(**elem, CType::Array(..))
                        && !matches!(item.value, Initializer::List(_))
                    {
                        return Err(self.unsupported(
                            item.value.loc(),
                            "brace elision in a global's initializer",
                        ));
                    }
                }
                if l.items.len() as u64 > *n {
                    return Err(self.err(l.loc, "excess elements in array initializer"));
                }
                for item in &l.items {
                    self.flat_exprs(elem, &item.value, out)?;
                }
            }
            (Initializer::List(l), _) => match l.items.as_slice() {
                [] => {}
                [item] if item.designators.is_empty() => self.flat_exprs(ty, &item.value, out)?,
                _ => return Err(self.err(l.loc, "excess elements in scalar initializer")),
            },
            (_, CType::Array(..)) => {
                return Err(
                    self.unsupported(init.loc(), "initializing an array from an expression")
                );
            }
            (Initializer::Expr(e), _) => out.push(Some(e)),
            (Initializer::Paren(args, loc), _) => match args.as_slice() {
                [e] => out.push(Some(e)),
                _ => return Err(self.err(*loc, "expected one value to initialize a scalar")),
            },
        }
        let total = flatten(ty).1 as usize;
        out.resize(start + total, None);
        Ok(())
    }

    /// A constant initializer value: an integer constant expression, or a
    /// float literal with optional signs.
    fn const_num(&self, e: &Expr) -> R<Num> {
        match &e.ignore_parens().kind {
            ExprKind::FloatLit(f) => match f.suffix {
                FloatSuffix::F => Ok(Num::F(f.f32_value as f64)),
                FloatSuffix::None => Ok(Num::F(f.f64_value)),
                FloatSuffix::L => Err(self.unsupported(e.loc, "'long double'")),
            },
            ExprKind::Unary(UnaryOp::Minus, x) => match self.const_num(x)? {
                Num::F(v) => Ok(Num::F(-v)),
                Num::I(v) => Ok(Num::I(-v)),
            },
            ExprKind::Unary(UnaryOp::Plus, x) => self.const_num(x),
            _ => match const_eval(self.pp, e, &self.file_consts()) {
                Some(v) => Ok(Num::I(v)),
                None => Err(self.unsupported(
                    e.loc,
                    "a global's initializer that is not an integer constant or a float literal",
                )),
            },
        }
    }

    /// The dense values of `flat` converted to `elem` as C converts.
    fn dense_values(&self, elem: &CType, flat: &[Num], loc: Loc) -> R<DenseValues> {
        let ir = elem.ir(self.ctx).expect("not void");
        if let Some(k) = self.ctx.float_kind(ir) {
            return Ok(DenseValues::Float(
                flat.iter()
                    .map(|n| match *n {
                        Num::I(v) => cuwasm::float::to_bits(k, v as f64),
                        Num::F(v) => cuwasm::float::to_bits(k, v),
                    })
                    .collect(),
            ));
        }
        let mut out = Vec::with_capacity(flat.len());
        for n in flat {
            let v = match (*n, elem) {
                (Num::I(v), CType::Bool) => (v != 0) as i128,
                (Num::F(v), CType::Bool) => (v != 0.0) as i128,
                (Num::I(v), _) => self.ctx.normalize_int(ir, v),
                (Num::F(v), _) => {
                    let t = v.trunc();
                    let bits = elem.size().unwrap_or(8) * 8;
                    let (lo, hi) = match elem.is_signed() {
                        true => (-(2f64.powi(bits as i32 - 1)), 2f64.powi(bits as i32 - 1)),
                        false => (0.0, 2f64.powi(bits as i32)),
                    };
                    if !(t >= lo && t < hi) {
                        return Err(self.err(
                            loc,
                            "a float initializer out of the range of the integer element type",
                        ));
                    }
                    self.ctx.normalize_int(ir, t as i128)
                }
            };
            out.push(v);
        }
        Ok(DenseValues::Int(out))
    }
}

/// A file-scope variable of host code (neither `__device__` nor `__constant__`).
pub(super) fn is_host_var(v: &VarDecl) -> bool {
    !(v.specs.cuda.device || v.specs.cuda.constant)
}
