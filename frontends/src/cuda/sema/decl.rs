//! Declarations: resolving written types ([`ast::Type`]) into semantic ones
//! ([`CType`]) through the file's typedefs, and function signatures.

use super::expr::const_eval;
use super::record::record_type;
use super::types::{CType, FloatKind, IntKind};
use crate::cuda::Preprocessed;
use crate::cuda::ast::{self, BuiltinType, Decl, DeclKind, TypeKind};
use crate::cuda::diag::Diag;
use crate::cuda::token::Sym;
use rustc_hash::FxHashMap;

/// Typedefs are resolved at most this deep (a cycle is impossible in valid
/// C, but the parser accepts anything).
const MAX_TYPEDEF_DEPTH: u32 = 64;

/// The file's typedefs and aliases (global ones, and those inside
/// `extern "C"` and namespaces, by their unqualified name), and its structs
/// (by tag name, the definition winning over forward declarations, and
/// anonymous ones by `anon_id`).
#[derive(Default, Debug)]
pub struct Typedefs {
    map: FxHashMap<Sym, ast::Type>,
    records: FxHashMap<Sym, ast::RecordDecl>,
    anon_records: FxHashMap<u32, ast::RecordDecl>,
}

impl Typedefs {
    pub fn collect(decls: &[Decl]) -> Typedefs {
        let mut t = Typedefs::default();
        t.add_all(decls);
        t
    }
    fn add_all(&mut self, decls: &[Decl]) {
        for d in decls {
            match &d.kind {
                DeclKind::Typedef(td) => {
                    self.map.insert(td.name.sym, td.ty.clone());
                }
                DeclKind::Record(r) => self.add_record(r),
                DeclKind::LinkageSpec(l) => self.add_all(&l.decls),
                DeclKind::Namespace(n) => self.add_all(&n.decls),
                _ => {}
            }
        }
    }
    fn add_record(&mut self, r: &ast::RecordDecl) {
        let Some(name) = r.name else {
            self.anon_records.insert(r.anon_id, r.clone());
            return;
        };
        if r.members.is_some() || !self.records.contains_key(&name.sym) {
            self.records.insert(name.sym, r.clone());
        }
    }
    pub fn add(&mut self, name: Sym, ty: ast::Type) {
        self.map.insert(name, ty);
    }
    pub fn get(&self, name: Sym) -> Option<&ast::Type> {
        self.map.get(&name)
    }
}

/// What a type resolution can ask of its surroundings: the value of a named
/// constant (`const int N = 16;`) for array sizes.
pub trait ConstLookup {
    fn constant(&self, name: Sym) -> Option<i128>;
}

impl ConstLookup for () {
    fn constant(&self, _: Sym) -> Option<i128> {
        None
    }
}

/// Resolve a written type. Unsupported types (classes, references, function
/// types, ...) are a located "not supported yet" error.
pub fn resolve_type(
    pp: &Preprocessed,
    typedefs: &Typedefs,
    consts: &dyn ConstLookup,
    ty: &ast::Type,
) -> Result<CType, Diag> {
    resolve_nested(pp, typedefs, consts, ty, 0)
}

/// [`resolve_type`] inside another type's resolution, `depth` levels down
/// (bounds typedef chains and structs nested in structs).
pub(super) fn resolve_nested(
    pp: &Preprocessed,
    typedefs: &Typedefs,
    consts: &dyn ConstLookup,
    ty: &ast::Type,
    depth: u32,
) -> Result<CType, Diag> {
    let unsupported = |what: &str| {
        Err(ty
            .loc
            .error(pp, format!("{what} is not supported yet by cuwasm")))
    };
    match &ty.kind {
        TypeKind::Builtin(b) => {
            builtin(*b).map_or_else(|| unsupported(&format!("type '{}'", b.name())), Ok)
        }
        TypeKind::Named(q) => {
            let name = pp.sources.spelling(q.name.ident.sym);
            if !q.qualifier.is_empty() || q.name.targs.is_some() {
                return unsupported(&format!("qualified or template type '{name}'"));
            }
            if depth >= MAX_TYPEDEF_DEPTH {
                return Err(ty.loc.error(pp, format!("type '{name}' nests too deeply")));
            }
            match typedefs.get(q.name.ident.sym) {
                Some(t) => resolve_nested(pp, typedefs, consts, t, depth + 1),
                None => match typedefs.records.get(&q.name.ident.sym) {
                    Some(r) if r.tag != ast::TagKind::Union => {
                        record_type(pp, typedefs, consts, r, ty.loc, depth + 1)
                    }
                    _ => unsupported(&format!(
                        "type '{name}' (a union, enum or template parameter)"
                    )),
                },
            }
        }
        TypeKind::Pointer(p) => {
            Ok(resolve_nested(pp, typedefs, consts, p, depth + 1)?.pointer_to())
        }
        TypeKind::Array { elem, size } => {
            let e = resolve_nested(pp, typedefs, consts, elem, depth + 1)?;
            let Some(size) = size else {
                return unsupported("an array without a size");
            };
            match const_eval(pp, size, consts) {
                Some(n) if n > 0 && n < (1 << 40) => Ok(CType::Array(Box::new(e), n as u64)),
                Some(_) => Err(size.loc.error(pp, "array size must be positive")),
                None => Err(size.loc.error(
                    pp,
                    "array size is not an integer constant cuwasm can evaluate",
                )),
            }
        }
        // C enums (`cudaError_t`, `enum cudaMemcpyKind`): their values are ints.
        TypeKind::Tag(ast::TagKind::Enum, _) | TypeKind::AnonTag(ast::TagKind::Enum, _) => {
            Ok(CType::INT)
        }
        TypeKind::Tag(ast::TagKind::Struct | ast::TagKind::Class, q)
            if q.qualifier.is_empty() && q.name.targs.is_none() =>
        {
            let sym = q.name.ident.sym;
            let forward = ast::RecordDecl {
                tag: ast::TagKind::Struct,
                name: Some(q.name.ident),
                qualifier: Vec::new(),
                anon_id: 0,
                spec_args: None,
                bases: Vec::new(),
                members: None,
                align: None,
            };
            // `struct S *` names S even where S is never defined.
            let rec = typedefs.records.get(&sym).unwrap_or(&forward);
            if depth >= MAX_TYPEDEF_DEPTH {
                return Err(ty.loc.error(pp, "struct types nest too deeply"));
            }
            record_type(pp, typedefs, consts, rec, ty.loc, depth + 1)
        }
        TypeKind::AnonTag(ast::TagKind::Struct | ast::TagKind::Class, id)
            if typedefs.anon_records.contains_key(id) =>
        {
            if depth >= MAX_TYPEDEF_DEPTH {
                return Err(ty.loc.error(pp, "struct types nest too deeply"));
            }
            let rec = &typedefs.anon_records[id];
            record_type(pp, typedefs, consts, rec, ty.loc, depth + 1)
        }
        TypeKind::Tag(kind, _) | TypeKind::AnonTag(kind, _) => {
            unsupported(&format!("'{}' types", kind.keyword()))
        }
        TypeKind::Reference { .. } => unsupported("a reference type"),
        TypeKind::Function(f) => function_type(pp, typedefs, consts, f, depth),
        TypeKind::Auto => unsupported("'auto'"),
        TypeKind::Decltype(_) => unsupported("'decltype'"),
        TypeKind::Error => Err(ty.loc.error(pp, "invalid type")),
    }
}

/// A written function type (`int (const void *, const void *)`, as in a
/// function pointer's declarator): parameters decayed, `(void)` none.
fn function_type(
    pp: &Preprocessed,
    typedefs: &Typedefs,
    consts: &dyn ConstLookup,
    f: &ast::FunctionType,
    depth: u32,
) -> Result<CType, Diag> {
    if f.variadic {
        return Err(f.ret.loc.error(
            pp,
            "variadic function types are not supported yet by cuwasm",
        ));
    }
    let ret = resolve_nested(pp, typedefs, consts, &f.ret, depth + 1)?;
    let mut params = Vec::new();
    for p in &f.params {
        match resolve_nested(pp, typedefs, consts, p, depth + 1)? {
            CType::Void if f.params.len() == 1 => break,
            CType::Void => return Err(p.loc.error(pp, "a parameter cannot have type 'void'")),
            t => params.push(t.decay()),
        }
    }
    Ok(CType::Function(std::rc::Rc::new(Signature { ret, params })))
}

/// The semantic type of a builtin type, if cuwasm handles it.
pub fn builtin(b: BuiltinType) -> Option<CType> {
    use BuiltinType as B;
    let int = |kind, signed| CType::Int { kind, signed };
    Some(match b {
        B::Void => CType::Void,
        B::Bool => CType::Bool,
        B::Char | B::SChar | B::Char8 => int(IntKind::Char, true),
        B::UChar => int(IntKind::Char, false),
        B::Short => int(IntKind::Short, true),
        B::UShort | B::Char16 => int(IntKind::Short, false),
        B::Int | B::WChar => int(IntKind::Int, true),
        B::UInt | B::Char32 => int(IntKind::Int, false),
        B::Long => int(IntKind::Long, true),
        B::ULong => int(IntKind::Long, false),
        B::LongLong => int(IntKind::LongLong, true),
        B::ULongLong => int(IntKind::LongLong, false),
        B::Float16 => CType::Float(FloatKind::Half),
        B::Float => CType::FLOAT,
        B::Double => CType::DOUBLE,
        B::Int128 | B::UInt128 | B::LongDouble | B::VaList => return None,
    })
}

/// A function's signature: return type and parameter types (arrays as
/// parameters decay to pointers).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub ret: CType,
    pub params: Vec<CType>,
}

impl Signature {
    /// The parameter types as C writes them between the parentheses.
    pub fn param_names(&self) -> String {
        let names: Vec<String> = self.params.iter().map(CType::name).collect();
        names.join(", ")
    }
}

pub fn signature(
    pp: &Preprocessed,
    typedefs: &Typedefs,
    f: &ast::FunctionDecl,
) -> Result<Signature, Diag> {
    let ret = resolve_type(pp, typedefs, &(), &f.ret)?;
    if matches!(ret, CType::Array(..)) {
        return Err(f.ret.loc.error(pp, "a function cannot return an array"));
    }
    let mut params = Vec::new();
    for p in &f.params {
        let t = resolve_type(pp, typedefs, &(), &p.ty)?;
        // `f(void)`.
        if t == CType::Void && f.params.len() == 1 && p.name.is_none() {
            break;
        }
        if t == CType::Void {
            return Err(p.loc.error(pp, "a parameter cannot have type 'void'"));
        }
        params.push(t.decay());
    }
    if f.variadic {
        return Err(f
            .name
            .loc()
            .error(pp, "variadic functions are not supported yet by cuwasm"));
    }
    Ok(Signature { ret, params })
}
