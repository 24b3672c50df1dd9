//! Structs in lowering. A struct lives in memory: a local is a `cuda.alloca`
//! of its size in units of its alignment (so the slot is as aligned as the
//! struct), and a struct-typed value is the address of its bytes (as an
//! array's is). Member access is a `ptr.ptr_add` by the field's offset;
//! copies (`a = b`, `S a = b;`, by-value parameters) are field-by-field
//! loads and stores, which every target handles and `mem2reg`-style passes
//! can see through. A by-value parameter is passed as the address of the
//! caller's struct and copied into the callee's own slot on entry, which is
//! C's by-value semantics as long as the callee starts before the caller
//! writes the struct again (true of calls, and of launches because the CPU
//! runtime runs them synchronously). A function returning a struct takes
//! a hidden first parameter, the address of a caller's slot that `return`
//! copies the result into, and returns nothing.

use super::Lowerer;
use super::expr::Val;
use super::stmt::flatten;
use crate::cuda::Diag;
use crate::cuda::ast::{InitList, Loc, MemberExpr};
use crate::cuda::sema::decl::Signature;
use crate::cuda::sema::record::StructType;
use crate::cuda::sema::types::{CType, FloatKind, IntKind, generic_ptr};
use cuwasm::{Type, ValueId};

type R<T> = Result<T, Diag>;

/// The most scalars a struct copy or initialization is unrolled into.
const MAX_COPY_SCALARS: u64 = 4096;

/// The element type and count of the memory a value of type `ty` occupies:
/// arrays are flattened to their scalars; a struct is its size in integers
/// as wide as its alignment.
pub(super) fn storage(ty: &CType) -> (CType, u64) {
    let (elem, n) = flatten(ty);
    match &elem {
        CType::Struct(s) => {
            let kind = match s.align {
                1 => IntKind::Char,
                2 => IntKind::Short,
                4 => IntKind::Int,
                _ => IntKind::LongLong,
            };
            let unit = s.align.clamp(1, 8);
            let unit_ty = CType::Int {
                kind,
                signed: false,
            };
            (unit_ty, n.saturating_mul(s.size.div_ceil(unit)))
        }
        _ => (elem, n),
    }
}

/// How many scalar loads and stores copying a value of type `ty` takes.
fn scalar_count(ty: &CType) -> u64 {
    match ty {
        CType::Array(e, n) => scalar_count(e).saturating_mul(*n),
        CType::Struct(s) => s
            .fields
            .iter()
            .flatten()
            .fold(0u64, |acc, f| acc.saturating_add(scalar_count(&f.ty))),
        _ => 1,
    }
}

/// Whether a kernel parameter of type `ty` is passed by address, as a
/// pointer to the caller's copy (docs/cpu-abi.md): a struct, and `__half`,
/// which CUDA's headers define as a struct and which nvcc and clang pass
/// to kernels as a 2-byte aggregate (`.param .align 2 .b8 p[2]`), so that
/// kernels compiled from their PTX take what this host code passes.
pub(super) fn kernel_param_by_address(ty: &CType) -> bool {
    matches!(ty, CType::Struct(_) | CType::Float(FloatKind::Half))
}

impl Lowerer<'_, '_> {
    /// The IR parameter and result types of a function: a struct result is
    /// a leading pointer parameter; references are pointers (a reference
    /// result too). `this` is not among them (see `func.rs`).
    pub(super) fn ir_signature(&mut self, sig: &Signature) -> (Vec<Type>, Vec<Type>) {
        let ptr = generic_ptr(self.ctx);
        let mut params: Vec<Type> = Vec::new();
        let mut results: Vec<Type> = match sig.ret_ref {
            true => vec![ptr],
            false => sig.ret.ir(self.ctx).into_iter().collect(),
        };
        if let (CType::Struct(_), false) = (&sig.ret, sig.ret_ref) {
            params.append(&mut results);
        }
        for (t, is_ref) in sig.params.iter().zip(&sig.param_refs) {
            params.push(match is_ref {
                true => ptr,
                false => t.ir(self.ctx).expect("params are not void"),
            });
        }
        (params, results)
    }

    /// `s.m` / `p->m`: the member's address and type.
    pub(super) fn struct_member(&mut self, m: &MemberExpr, loc: Loc) -> R<(ValueId, CType)> {
        let base = self.rvalue(&m.base)?;
        let st = match (&base.ty, m.arrow) {
            (CType::Struct(s), false) => s.clone(),
            (CType::Pointer(t), true) if matches!(**t, CType::Struct(_)) => match &**t {
                CType::Struct(s) => s.clone(),
                _ => unreachable!("matched a struct"),
            },
            (t, arrow) => {
                let what = match arrow {
                    true => "member reference type '{}' is not a pointer to a struct",
                    false => "member reference base type '{}' is not a struct",
                };
                return Err(self.err(loc, what.replace("{}", &t.name())));
            }
        };
        let name = m.member.ident.sym;
        if m.member.targs.is_some() {
            return Err(self.unsupported(loc, "member templates"));
        }
        let Some(field) = st.field(name) else {
            let what = match st.fields {
                Some(_) => format!("no member named '{}' in '{}'", self.spelling(name), st.name),
                None => format!("member access into incomplete type '{}'", st.name),
            };
            return Err(self.err(m.member.ident.loc, what));
        };
        let (offset, ty) = (field.offset as i64, field.ty.clone());
        self.set_loc(loc);
        Ok((self.offset_bytes(base.v, offset), ty))
    }

    /// Copy a value of type `ty` from `src` to `dst`, scalar by scalar.
    pub(super) fn copy_value(&mut self, dst: ValueId, src: ValueId, ty: &CType, loc: Loc) -> R<()> {
        if scalar_count(ty) > MAX_COPY_SCALARS {
            return Err(self.unsupported(loc, "copying a struct of more than 4096 scalars"));
        }
        self.copy_unchecked(dst, src, ty);
        Ok(())
    }

    fn copy_unchecked(&mut self, dst: ValueId, src: ValueId, ty: &CType) {
        match ty {
            CType::Array(elem, n) => {
                let size = elem.size().unwrap_or(0) as i64;
                for k in 0..*n as i64 {
                    let (d, s) = (
                        self.offset_bytes(dst, k * size),
                        self.offset_bytes(src, k * size),
                    );
                    self.copy_unchecked(d, s, elem);
                }
            }
            CType::Struct(st) => {
                for f in st.fields.iter().flatten() {
                    let off = f.offset as i64;
                    let (d, s) = (self.offset_bytes(dst, off), self.offset_bytes(src, off));
                    self.copy_unchecked(d, s, &f.ty);
                }
            }
            t => {
                let v = self.load(src, t);
                self.store(v, dst);
            }
        }
    }

    /// `S s = {a, b, ...}`: fields in order, nested braces for nested
    /// structs and arrays, missing fields zero.
    pub(super) fn init_struct(&mut self, ptr: ValueId, st: &StructType, l: &InitList) -> R<()> {
        let fields = st.fields.as_deref().unwrap_or_default();
        if l.items.len() > fields.len() {
            return Err(self.err(l.loc, "excess elements in struct initializer"));
        }
        if scalar_count(&CType::Struct(st.clone().into())) > MAX_COPY_SCALARS {
            return Err(self.unsupported(l.loc, "initializing a struct of more than 4096 scalars"));
        }
        for (k, f) in fields.iter().enumerate() {
            let at = self.offset_bytes(ptr, f.offset as i64);
            match l.items.get(k) {
                Some(item) if !item.designators.is_empty() => {
                    return Err(self.unsupported(l.loc, "designated initializers"));
                }
                Some(item) => self.initialize(at, &f.ty, &item.value)?,
                None => self.zero_fill(at, &f.ty),
            }
        }
        Ok(())
    }

    /// `S s = e;` or `a = e` for a struct `a`: `e` must have the same struct
    /// type; its bytes are copied field by field.
    pub(super) fn assign_struct(&mut self, dst: ValueId, ty: &CType, v: Val, loc: Loc) -> R<()> {
        if v.ty != *ty {
            return Err(self.err(
                loc,
                format!(
                    "assigning to '{}' from incompatible type '{}'",
                    ty.name(),
                    v.ty.name()
                ),
            ));
        }
        self.copy_value(dst, v.v, ty, loc)
    }
}
