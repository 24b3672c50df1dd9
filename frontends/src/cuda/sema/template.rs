//! Templates: the arguments an instantiation binds to a template's
//! parameters ([`TArg`], [`Bindings`]), deduction of type parameters from
//! argument types ([`deduce`]), and the symbol of an instance ([`mangle`]).
//!
//! cuwasm instantiates on use: a template is kept as syntax, and each use
//! with new arguments lowers the syntax again under new [`Bindings`], which
//! name resolution ([`super::decl::ConstLookup::type_param`] and
//! [`super::decl::ConstLookup::constant`]) consults.

use super::types::CType;
use crate::cuda::ast::{TemplateParam, TemplateParamKind, Type, TypeKind};
use crate::cuda::token::Sym;

/// A template argument: a type or an integer value.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TArg {
    Type(CType),
    Value(i128),
}

impl TArg {
    /// As C++ writes it (`float`, `128`).
    pub fn name(&self) -> String {
        match self {
            TArg::Type(t) => t.name(),
            TArg::Value(v) => v.to_string(),
        }
    }
}

/// `A<float, 128>`: a template's name and its arguments, as C++ writes them.
pub fn instance_name(template: &str, args: &[TArg]) -> String {
    let args: Vec<String> = args.iter().map(TArg::name).collect();
    format!("{template}<{}>", args.join(", "))
}

/// Template parameters bound to arguments (the innermost instantiation's).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Bindings {
    pub params: Vec<(Sym, TArg)>,
}

impl Bindings {
    /// Bind `params` to `args` in order. A missing argument is an error
    /// unless the caller fills defaults first.
    pub fn bind(params: &[TemplateParam], args: &[TArg]) -> Bindings {
        let params = params
            .iter()
            .zip(args)
            .filter_map(|(p, a)| Some((p.name?.sym, a.clone())))
            .collect();
        Bindings { params }
    }
    pub fn get(&self, sym: Sym) -> Option<&TArg> {
        self.params.iter().find(|(s, _)| *s == sym).map(|(_, a)| a)
    }
    pub fn type_param(&self, sym: Sym) -> Option<CType> {
        match self.get(sym)? {
            TArg::Type(t) => Some(t.clone()),
            TArg::Value(_) => None,
        }
    }
    pub fn value(&self, sym: Sym) -> Option<i128> {
        match self.get(sym)? {
            TArg::Value(v) => Some(*v),
            TArg::Type(_) => None,
        }
    }
}

/// Is `p` a type parameter?
pub fn is_type_param(p: &TemplateParam) -> bool {
    matches!(p.kind, TemplateParamKind::Type { .. })
}

/// Deduce type parameters from a function parameter's written type `param`
/// and the type of the argument passed to it (C++ [temp.deduct.call], the
/// common forms: `T`, `T *`, `const T &`, `T[]`). What `param` does not
/// mention is left alone; a conflict (`T` deduced as two types) is an `Err`
/// naming the parameter.
pub fn deduce(
    params: &[TemplateParam],
    param: &Type,
    arg: &CType,
    out: &mut [Option<TArg>],
) -> Result<(), Sym> {
    match (&param.kind, arg) {
        (TypeKind::Reference { pointee, .. }, _) => deduce(params, pointee, arg, out),
        (TypeKind::Pointer(p) | TypeKind::Array { elem: p, .. }, CType::Pointer(a)) => {
            deduce(params, p, a, out)
        }
        (TypeKind::Named(q), _) if q.is_simple() => {
            let sym = q.name.ident.sym;
            let Some(k) = params
                .iter()
                .position(|p| is_type_param(p) && p.name.is_some_and(|n| n.sym == sym))
            else {
                return Ok(());
            };
            let t = TArg::Type(arg.decay());
            match &out[k] {
                Some(prev) if *prev != t => Err(sym),
                _ => {
                    out[k] = Some(t);
                    Ok(())
                }
            }
        }
        _ => Ok(()),
    }
}

/// The symbol of template `name` instantiated with `args`: `name__A_B`,
/// each argument spelled with letters, digits and `_` only (every target
/// accepts those in symbol names). Deterministic, so that the host and the
/// device side of a file agree on a launched kernel's name.
pub fn mangle(name: &str, args: &[TArg]) -> String {
    let mut s = format!("{name}_");
    for a in args {
        s.push('_');
        match a {
            TArg::Value(v) if *v < 0 => s.push_str(&format!("m{}", v.unsigned_abs())),
            TArg::Value(v) => s.push_str(&v.to_string()),
            TArg::Type(t) => s.push_str(&sanitize(&t.name())),
        }
    }
    s
}

/// `unsigned int *` → `unsigned_int_p`; `A<float, 2>` → `A_float_2_`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c),
            '*' => out.push('p'),
            ' ' if out.ends_with('_') => {}
            _ => out.push('_'),
        }
    }
    out.trim_start_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangled_names_use_symbol_characters() {
        let args = [TArg::Type(CType::UINT.pointer_to()), TArg::Value(-3)];
        assert_eq!(mangle("k", &args), "k__unsigned_int_p_m3");
        assert_eq!(mangle("k", &[TArg::Value(128)]), "k__128");
        assert_eq!(
            instance_name("A", &[TArg::Type(CType::FLOAT), TArg::Value(2)]),
            "A<float, 2>"
        );
    }
}
