//! Declarations: resolving written types ([`ast::Type`]) into semantic ones
//! ([`CType`]) through the file's typedefs, and function signatures.

use super::expr::const_eval;
use super::record::RecordId;
use super::record::record_type;
use super::template::{Bindings, TArg};
use super::types::{CType, FloatKind, IntKind};
use crate::cuda::Preprocessed;
use crate::cuda::ast::{self, BuiltinType, Decl, DeclKind, TypeKind};
use crate::cuda::diag::Diag;
use crate::cuda::token::Sym;
use rustc_hash::{FxHashMap, FxHashSet};

/// Typedefs are resolved at most this deep (a cycle is impossible in valid
/// C, but the parser accepts anything).
const MAX_TYPEDEF_DEPTH: u32 = 64;

/// The file's typedefs and aliases (global ones, and those inside
/// `extern "C"` and namespaces, by their unqualified name), its structs
/// (by tag name, the definition winning over forward declarations, and
/// anonymous ones by `anon_id`), class templates, enums and namespace names.
#[derive(Default, Debug)]
pub struct Typedefs<'a> {
    map: FxHashMap<Sym, ast::Type>,
    records: FxHashMap<Sym, &'a ast::RecordDecl>,
    anon_records: FxHashMap<u32, &'a ast::RecordDecl>,
    record_templates: FxHashMap<Sym, &'a ast::TemplateDecl>,
    /// Class templates with explicit or partial specializations (which
    /// cuwasm does not pick yet: using one is an error, not a wrong pick).
    specialized: FxHashSet<Sym>,
    enums: FxHashMap<Sym, &'a ast::EnumDecl>,
    namespaces: FxHashSet<Sym>,
}

impl<'a> Typedefs<'a> {
    pub fn collect(decls: &'a [Decl]) -> Typedefs<'a> {
        let mut t = Typedefs::default();
        t.add_all(decls);
        t
    }
    fn add_all(&mut self, decls: &'a [Decl]) {
        for d in decls {
            match &d.kind {
                DeclKind::Typedef(td) => {
                    self.map.insert(td.name.sym, td.ty.clone());
                }
                DeclKind::Record(r) => self.add_record(r),
                DeclKind::Enum(e) => {
                    if let Some(n) = e.name {
                        self.enums.insert(n.sym, e);
                    }
                }
                DeclKind::Template(t) => self.add_template(t),
                DeclKind::LinkageSpec(l) => self.add_all(&l.decls),
                DeclKind::Namespace(n) => {
                    self.namespaces.extend(n.name.map(|i| i.sym));
                    self.add_all(&n.decls)
                }
                _ => {}
            }
        }
    }
    fn add_template(&mut self, t: &'a ast::TemplateDecl) {
        let DeclKind::Record(r) = &t.decl.kind else {
            return;
        };
        let Some(name) = r.name else { return };
        if r.spec_args.is_some() || t.params.is_empty() {
            self.specialized.insert(name.sym);
        } else if r.members.is_some() || !self.record_templates.contains_key(&name.sym) {
            self.record_templates.insert(name.sym, t);
        }
    }
    fn add_record(&mut self, r: &'a ast::RecordDecl) {
        let Some(name) = r.name else {
            self.anon_records.insert(r.anon_id, r);
            return;
        };
        if r.members.is_some() || !self.records.contains_key(&name.sym) {
            self.records.insert(name.sym, r);
        }
    }
    pub fn add(&mut self, name: Sym, ty: ast::Type) {
        self.map.insert(name, ty);
    }
    pub fn get(&self, name: Sym) -> Option<&ast::Type> {
        self.map.get(&name)
    }
    /// The struct or class named `name`.
    pub fn record(&self, name: Sym) -> Option<&'a ast::RecordDecl> {
        self.records.get(&name).copied()
    }
    /// The record of a struct type's [`RecordId`].
    pub fn record_by_id(&self, id: RecordId) -> Option<&'a ast::RecordDecl> {
        match id {
            RecordId::Named(s) => self
                .record(s)
                .or_else(|| self.record_template(s).and_then(|t| template_record(t))),
            RecordId::Anon(n) => self.anon_records.get(&n).copied(),
        }
    }
    pub fn record_template(&self, name: Sym) -> Option<&'a ast::TemplateDecl> {
        self.record_templates.get(&name).copied()
    }
    pub fn enum_decl(&self, name: Sym) -> Option<&'a ast::EnumDecl> {
        self.enums.get(&name).copied()
    }
    pub fn is_namespace(&self, name: Sym) -> bool {
        self.namespaces.contains(&name)
    }
}

/// The class a class template declares.
pub fn template_record(t: &ast::TemplateDecl) -> Option<&ast::RecordDecl> {
    match &t.decl.kind {
        DeclKind::Record(r) => Some(r),
        _ => None,
    }
}

/// What a type resolution can ask of its surroundings: the value of a named
/// constant (`const int N = 16;`, an enumerator, a template's value
/// parameter) for array sizes, the type a template's type parameter is
/// bound to, and the enumerators of scoped enums.
pub trait ConstLookup {
    fn constant(&self, name: Sym) -> Option<i128>;
    /// The type bound to the template type parameter `name`.
    fn type_param(&self, _name: Sym) -> Option<CType> {
        None
    }
    /// `E::name` of a scoped enum `E` (`enum class`).
    fn scoped_constant(&self, _scope: Sym, _name: Sym) -> Option<i128> {
        None
    }
}

impl ConstLookup for () {
    fn constant(&self, _: Sym) -> Option<i128> {
        None
    }
}

/// A template's parameters bound over an outer lookup.
pub struct Bound<'b> {
    pub bindings: &'b Bindings,
    pub outer: &'b dyn ConstLookup,
}

impl ConstLookup for Bound<'_> {
    fn constant(&self, name: Sym) -> Option<i128> {
        self.bindings
            .value(name)
            .or_else(|| self.outer.constant(name))
    }
    fn type_param(&self, name: Sym) -> Option<CType> {
        self.bindings
            .type_param(name)
            .or_else(|| self.outer.type_param(name))
    }
    fn scoped_constant(&self, scope: Sym, name: Sym) -> Option<i128> {
        self.outer.scoped_constant(scope, name)
    }
}

/// Resolve a written type. Unsupported types (classes, references, function
/// types, ...) are a located "not supported yet" error.
pub fn resolve_type(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    ty: &ast::Type,
) -> Result<CType, Diag> {
    resolve_nested(pp, typedefs, consts, ty, 0)
}

/// [`resolve_type`] inside another type's resolution, `depth` levels down
/// (bounds typedef chains and structs nested in structs).
pub(super) fn resolve_nested(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
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
        TypeKind::Named(q) => named_type(pp, typedefs, consts, q, ty.loc, depth),
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
        TypeKind::Tag(ast::TagKind::Enum, q) => match typedefs.enum_decl(q.name.ident.sym) {
            Some(e) => enum_type(pp, typedefs, consts, e, depth),
            None => Ok(CType::INT),
        },
        TypeKind::AnonTag(ast::TagKind::Enum, _) => Ok(CType::INT),
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
            let rec = typedefs.record(sym).unwrap_or(&forward);
            if depth >= MAX_TYPEDEF_DEPTH {
                return Err(ty.loc.error(pp, "struct types nest too deeply"));
            }
            record_type(pp, typedefs, consts, rec, &[], ty.loc, depth + 1)
        }
        TypeKind::AnonTag(ast::TagKind::Struct | ast::TagKind::Class, id)
            if typedefs.anon_records.contains_key(id) =>
        {
            if depth >= MAX_TYPEDEF_DEPTH {
                return Err(ty.loc.error(pp, "struct types nest too deeply"));
            }
            let rec = typedefs.anon_records[id];
            record_type(pp, typedefs, consts, rec, &[], ty.loc, depth + 1)
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

/// A type named by a (possibly qualified, possibly templated) name: a bound
/// template parameter, a typedef, a struct, an enum (its underlying type)
/// or a class template's instance. Namespaces in the qualifier are skipped:
/// names are collected by their last component.
fn named_type(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    q: &ast::QualName,
    loc: ast::Loc,
    depth: u32,
) -> Result<CType, Diag> {
    let sym = q.name.ident.sym;
    let name = pp.sources.spelling(sym);
    if depth >= MAX_TYPEDEF_DEPTH {
        return Err(loc.error(pp, format!("type '{name}' nests too deeply")));
    }
    if let Some(s) = q
        .qualifier
        .iter()
        .find(|s| !typedefs.is_namespace(s.ident.sym))
    {
        let outer = pp.sources.spelling(s.ident.sym);
        return Err(s.ident.loc.error(
            pp,
            format!("the member type '{outer}::{name}' is not supported yet by cuwasm"),
        ));
    }
    if let Some(targs) = &q.name.targs {
        let Some(t) = typedefs.record_template(sym) else {
            return Err(loc.error(pp, format!("'{name}' is not a class template")));
        };
        let args = eval_targs(pp, typedefs, consts, targs, depth)?;
        return instantiate_record(pp, typedefs, consts, t, args, loc, depth);
    }
    if q.qualifier.is_empty()
        && let Some(t) = consts.type_param(sym)
    {
        return Ok(t);
    }
    if let Some(t) = typedefs.get(sym) {
        return resolve_nested(pp, typedefs, consts, t, depth + 1);
    }
    if let Some(r) = typedefs
        .record(sym)
        .filter(|r| r.tag != ast::TagKind::Union)
    {
        return record_type(pp, typedefs, consts, r, &[], loc, depth + 1);
    }
    if let Some(e) = typedefs.enum_decl(sym) {
        return enum_type(pp, typedefs, consts, e, depth);
    }
    if typedefs.record_template(sym).is_some() {
        return Err(loc.error(
            pp,
            format!("use of class template '{name}' requires template arguments"),
        ));
    }
    match typedefs.record(sym) {
        Some(_) => Err(loc.error(
            pp,
            format!("type '{name}' (a union) is not supported yet by cuwasm"),
        )),
        None => Err(loc.error(pp, format!("unknown type name '{name}'"))),
    }
}

/// An enum's type: its underlying type (`int` unless written).
fn enum_type(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    e: &ast::EnumDecl,
    depth: u32,
) -> Result<CType, Diag> {
    match &e.underlying {
        Some(t) => resolve_nested(pp, typedefs, consts, t, depth + 1),
        None => Ok(CType::INT),
    }
}

/// Evaluate written template arguments: types resolved, values evaluated
/// as integer constant expressions. (An expression that is a bound type
/// parameter's name is a type: the parser could not know.)
pub fn eval_targs(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    written: &[ast::TemplateArg],
    depth: u32,
) -> Result<Vec<TArg>, Diag> {
    let mut out = Vec::with_capacity(written.len());
    for a in written {
        out.push(match a {
            ast::TemplateArg::Type(t) => {
                TArg::Type(resolve_nested(pp, typedefs, consts, t, depth + 1)?)
            }
            ast::TemplateArg::Expr(e) => match &e.ignore_parens().kind {
                ast::ExprKind::Ident(id) if consts.type_param(id.sym).is_some() => {
                    TArg::Type(consts.type_param(id.sym).expect("checked"))
                }
                _ => match const_eval(pp, e, consts) {
                    Some(v) => TArg::Value(v),
                    None => {
                        return Err(e.loc.error(
                            pp,
                            "template argument is not a constant cuwasm can evaluate",
                        ));
                    }
                },
            },
        });
    }
    Ok(out)
}

/// The arguments of an instantiation of a template named `name` with
/// `params`: the explicit ones, then those deduced, then the parameters'
/// defaults (evaluated with the earlier parameters bound). Too many, too
/// few or of the wrong kind (a type for a value) is an error at `loc`.
#[allow(clippy::too_many_arguments)]
pub fn complete_targs(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    name: &str,
    params: &[ast::TemplateParam],
    explicit: Vec<TArg>,
    deduced: &[Option<TArg>],
    loc: ast::Loc,
) -> Result<Vec<TArg>, Diag> {
    if explicit.len() > params.len() {
        return Err(loc.error(pp, format!("too many template arguments for '{name}'")));
    }
    let mut args = explicit;
    for (k, p) in params.iter().enumerate().skip(args.len()) {
        let bound = Bindings::bind(params, &args);
        let inner = Bound {
            bindings: &bound,
            outer: consts,
        };
        let arg = match (&p.kind, deduced.get(k).cloned().flatten()) {
            (_, Some(a)) => a,
            (ast::TemplateParamKind::Type { default: Some(t) }, None) => {
                TArg::Type(resolve_type(pp, typedefs, &inner, t)?)
            }
            (
                ast::TemplateParamKind::NonType {
                    default: Some(e), ..
                },
                None,
            ) => match const_eval(pp, e, &inner) {
                Some(v) => TArg::Value(v),
                None => {
                    return Err(e
                        .loc
                        .error(pp, "default template argument is not a constant"));
                }
            },
            _ => {
                let pname = p.name.map_or("", |n| pp.sources.spelling(n.sym));
                return Err(loc.error(
                    pp,
                    format!("cannot deduce the template argument '{pname}' of '{name}'"),
                ));
            }
        };
        args.push(arg);
    }
    for (p, a) in params.iter().zip(&args) {
        if super::template::is_type_param(p) != matches!(a, TArg::Type(_)) {
            let what = if super::template::is_type_param(p) {
                "a type"
            } else {
                "a value"
            };
            return Err(loc.error(
                pp,
                format!(
                    "template argument '{}' of '{name}' must be {what}",
                    a.name()
                ),
            ));
        }
    }
    Ok(args)
}

/// `S<args>` of class template `t`: the class's fields laid out with the
/// parameters bound.
fn instantiate_record(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    t: &ast::TemplateDecl,
    args: Vec<TArg>,
    loc: ast::Loc,
    depth: u32,
) -> Result<CType, Diag> {
    let rec = template_record(t).expect("a class template");
    let name = rec.name.map_or("", |n| pp.sources.spelling(n.sym));
    if rec
        .name
        .is_some_and(|n| typedefs.specialized.contains(&n.sym))
    {
        return Err(loc.error(
            pp,
            format!(
                "specializations of the class template '{name}' are not supported yet by cuwasm"
            ),
        ));
    }
    let args = complete_targs(pp, typedefs, consts, name, &t.params, args, &[], loc)?;
    let bound = Bindings::bind(&t.params, &args);
    let inner = Bound {
        bindings: &bound,
        outer: consts,
    };
    record_type(pp, typedefs, &inner, rec, &args, loc, depth + 1)
}

/// A written function type (`int (const void *, const void *)`, as in a
/// function pointer's declarator): parameters decayed, `(void)` none.
fn function_type(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
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
    let param_refs = vec![false; params.len()];
    Ok(CType::Function(std::rc::Rc::new(Signature {
        ret,
        params,
        param_refs,
        ret_ref: false,
    })))
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
/// parameters decay to pointers). A reference (`T &`) is passed and
/// returned as the referent's address: `params[k]` and `ret` are then the
/// referent's type and `param_refs[k]` / `ret_ref` say so.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub ret: CType,
    pub params: Vec<CType>,
    pub param_refs: Vec<bool>,
    pub ret_ref: bool,
}

/// The referent of a reference type (`T &`, `T &&`), or None.
pub fn referent(ty: &ast::Type) -> Option<&ast::Type> {
    match &ty.kind {
        TypeKind::Reference { pointee, .. } => Some(pointee),
        _ => None,
    }
}

/// The signature of `f`, its types resolved with `consts` (a template
/// instance's bindings).
impl Signature {
    /// The parameter types as C writes them between the parentheses.
    pub fn param_names(&self) -> String {
        let names: Vec<String> = self.params.iter().map(CType::name).collect();
        names.join(", ")
    }
}

pub fn signature(
    pp: &Preprocessed,
    typedefs: &Typedefs<'_>,
    consts: &dyn ConstLookup,
    f: &ast::FunctionDecl,
) -> Result<Signature, Diag> {
    let ret_ref = referent(&f.ret).is_some();
    let ret = resolve_type(pp, typedefs, consts, referent(&f.ret).unwrap_or(&f.ret))?;
    if matches!(ret, CType::Array(..)) {
        return Err(f.ret.loc.error(pp, "a function cannot return an array"));
    }
    let (mut params, mut param_refs) = (Vec::new(), Vec::new());
    for p in &f.params {
        let is_ref = referent(&p.ty).is_some();
        let t = resolve_type(pp, typedefs, consts, referent(&p.ty).unwrap_or(&p.ty))?;
        // `f(void)`.
        if t == CType::Void && f.params.len() == 1 && p.name.is_none() {
            break;
        }
        if t == CType::Void {
            return Err(p.loc.error(pp, "a parameter cannot have type 'void'"));
        }
        params.push(if is_ref { t } else { t.decay() });
        param_refs.push(is_ref);
    }
    if f.variadic {
        return Err(f
            .name
            .loc()
            .error(pp, "variadic functions are not supported yet by cuwasm"));
    }
    Ok(Signature {
        ret,
        params,
        param_refs,
        ret_ref,
    })
}
