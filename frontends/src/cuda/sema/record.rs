//! C structs: a record's fields, their offsets, and the record's size and
//! alignment as nvcc lays them out (each field at the next multiple of its
//! alignment, the size rounded up to the largest alignment), so that host
//! and device agree byte for byte on `cudaMemcpy`'d arrays of structs.

use super::decl::{ConstLookup, Typedefs, resolve_nested};
use super::expr::const_eval;
use super::template::{TArg, instance_name};
use super::types::CType;
use crate::cuda::Preprocessed;
use crate::cuda::ast::{DeclKind, DeclName, Loc, RecordDecl, Storage, TagKind};
use crate::cuda::diag::Diag;
use crate::cuda::token::Sym;
use std::rc::Rc;

/// A struct type: its name (for diagnostics) and layout. `fields` is None
/// for a declared but not defined struct (`struct CUstream_st;`), which
/// only pointers may refer to.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct StructType {
    pub name: String,
    pub fields: Option<Vec<Field>>,
    pub size: u64,
    pub align: u64,
    /// The declaration it comes from (for its member functions), with the
    /// template arguments of a class template's instance.
    pub origin: Option<RecordKey>,
}

/// A record declaration: by tag name, or an anonymous one by its `anon_id`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum RecordId {
    Named(Sym),
    Anon(u32),
}

/// A struct type's declaration and template arguments.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RecordKey {
    pub id: RecordId,
    pub args: Vec<TArg>,
}

/// A field and its byte offset in the struct.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Field {
    pub name: Sym,
    pub ty: CType,
    pub offset: u64,
}

impl StructType {
    /// The field named `name`, if the struct is complete and has one.
    pub fn field(&self, name: Sym) -> Option<&Field> {
        self.fields.as_ref()?.iter().find(|f| f.name == name)
    }
}

/// Lay out fields in order: C's rules, no packing; the struct is at least
/// `min_align`-aligned. A struct without fields takes one byte, as in C++
/// (`struct SumOp {}` passed by value has a size).
pub fn layout(name: String, fields: Vec<(Sym, CType)>, min_align: u64) -> StructType {
    let (mut offset, mut align) = (0u64, min_align);
    let mut out = Vec::with_capacity(fields.len());
    for (fname, ty) in fields {
        let a = ty.align();
        offset = offset.next_multiple_of(a);
        align = align.max(a);
        let size = ty.size().unwrap_or(0);
        out.push(Field {
            name: fname,
            ty,
            offset,
        });
        offset += size;
    }
    StructType {
        name,
        fields: Some(out),
        size: offset.max(1).next_multiple_of(align),
        align,
        origin: None,
    }
}

/// The struct type of a record declaration: `struct`/`class` with data
/// members (scalars, pointers, arrays, other structs); member functions,
/// constructors and operators are the lowering's (found through
/// [`StructType::origin`]). `args` are a class template instance's
/// arguments (`consts` binds them). Unions, bases, static data members
/// and bit-fields are "not supported yet" errors at the member.
pub fn record_type(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    rec: &RecordDecl,
    args: &[TArg],
    at: Loc,
    depth: u32,
) -> Result<CType, Diag> {
    let name = match &rec.name {
        Some(n) if args.is_empty() => pp.sources.spelling(n.sym).to_string(),
        Some(n) => instance_name(pp.sources.spelling(n.sym), args),
        None => "(anonymous struct)".to_string(),
    };
    let origin = Some(RecordKey {
        id: rec
            .name
            .map_or(RecordId::Anon(rec.anon_id), |n| RecordId::Named(n.sym)),
        args: args.to_vec(),
    });
    let unsupported =
        |loc: Loc, what: &str| Err(loc.error(pp, format!("{what} is not supported yet by cuwasm")));
    let Some(members) = &rec.members else {
        return Ok(CType::Struct(Rc::new(StructType {
            name,
            fields: None,
            size: 0,
            align: 1,
            origin,
        })));
    };
    if rec.tag == TagKind::Union {
        return unsupported(at, "unions");
    }
    if let Some(b) = rec.bases.first() {
        return unsupported(b.loc, "base classes");
    }
    // `alignas(n)` / `__align__(n)` raises the alignment (and so the size).
    let min_align = match &rec.align {
        None => 1,
        Some(a) => match const_eval(pp, a, consts) {
            Some(n) if n > 0 && (n as u64).is_power_of_two() && n <= 4096 => n as u64,
            _ => return Err(a.loc.error(pp, "requested alignment is not a power of 2")),
        },
    };
    let mut fields = Vec::new();
    for m in members {
        let v = match &m.decl.kind {
            DeclKind::Var(v) => v,
            DeclKind::Function(f)
                if matches!(f.name, DeclName::Destructor(_))
                    && f.body.as_ref().is_some_and(|b| !b.stmts.is_empty()) =>
            {
                return unsupported(m.decl.loc, "a destructor with a body");
            }
            // Member functions, templates and types have no storage.
            DeclKind::Function(_)
            | DeclKind::Template(_)
            | DeclKind::Typedef(_)
            | DeclKind::StaticAssert(_) => continue,
            _ => return unsupported(m.decl.loc, "a nested struct, union or enum member"),
        };
        if v.specs.storage == Storage::Static {
            return unsupported(m.decl.loc, "static data members");
        }
        if v.bit_width.is_some() {
            return unsupported(m.decl.loc, "bit-fields");
        }
        let ty = resolve_nested(pp, typedefs, consts, &v.ty, depth + 1)?;
        if ty.size().is_none() || matches!(ty, CType::Array(_, 0)) {
            return Err(v.name.loc.error(pp, "field has incomplete type"));
        }
        fields.push((v.name.sym, ty));
    }
    let mut st = layout(name, fields, min_align);
    st.origin = origin;
    Ok(CType::Struct(Rc::new(st)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cuda::sema::types::IntKind;

    #[test]
    fn c_layout() {
        let ch = CType::Int {
            kind: IntKind::Char,
            signed: true,
        };
        let s = layout(
            "S".into(),
            vec![
                (Sym(1), ch.clone()),
                (Sym(2), CType::DOUBLE),
                (Sym(3), CType::INT),
                (Sym(4), CType::Array(Box::new(ch), 3)),
            ],
            1,
        );
        let offsets: Vec<u64> = s
            .fields
            .as_ref()
            .unwrap()
            .iter()
            .map(|f| f.offset)
            .collect();
        assert_eq!(offsets, [0, 8, 16, 20]);
        assert_eq!((s.size, s.align), (24, 8));
        let nested = layout(
            "T".into(),
            vec![(Sym(5), CType::INT), (Sym(6), CType::Struct(Rc::new(s)))],
            1,
        );
        assert_eq!(nested.field(Sym(6)).unwrap().offset, 8);
        assert_eq!((nested.size, nested.align), (32, 8));
        let f4 = layout("float4".into(), vec![(Sym(7), CType::FLOAT)], 16);
        assert_eq!((f4.size, f4.align), (16, 16));
    }
}
