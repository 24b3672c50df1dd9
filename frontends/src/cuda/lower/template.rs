//! Function templates and kernel templates: instantiated on use.
//!
//! A call `f<float>(x)` or `f(x)` of a function template binds the
//! template's parameters (explicit arguments, then those deduced from the
//! argument types, then defaults) and makes an instance: a [`FnInfo`] of
//! the same declaration under those [`Bindings`], lowered like any function
//! under the symbol [`mangle`] gives (`f__float`).
//!
//! A kernel template is instantiated by the launches of the host code,
//! which is lowered after the device code and from another preprocessing
//! of the file. The host side records each launched instance as a
//! [`KernelInstance`] (its arguments in a form that does not depend on the
//! host's AST) and launches its symbol; [`lower_kernel_instances`] then
//! lowers those instances on the device side into the same `gpu.module`.
//!
//! [`FnInfo`]: super::FnInfo

use super::{Diags, Lowerer};
use crate::cuda::Diag;
use crate::cuda::Preprocessed;
use crate::cuda::ast::{self, DeclKind, Expr, Loc, TemplateArg, TemplateDecl, TranslationUnit};
use crate::cuda::sema::decl::{complete_targs, eval_targs};
use crate::cuda::sema::record::StructType;
use crate::cuda::sema::template::{Bindings, TArg, deduce, mangle};
use crate::cuda::sema::types::CType;
use cuwasm::{Context, OpId};
use std::rc::Rc;

type R<T> = Result<T, Diag>;

/// An instance: the declaration (by address), its class (a member's) and
/// the template arguments.
pub(crate) type InstanceKey = (usize, Option<String>, Vec<TArg>);

/// A kernel template instance that host code launches.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KernelInstance {
    /// The kernel template's name.
    pub kernel: String,
    pub args: Vec<ArgKey>,
    /// The instance's symbol in `gpu.module @kernels`.
    pub symbol: String,
}

/// A template argument named without reference to one side's AST.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgKey {
    Value(i128),
    Type(TypeKey),
}

/// A type named without reference to one side's AST (and `Send`): scalars
/// and structs by their C names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKey {
    Scalar(String),
    Pointer(Box<TypeKey>),
    Array(Box<TypeKey>, u64),
    Struct(String),
}

fn type_key(t: &CType) -> Option<TypeKey> {
    Some(match t {
        CType::Pointer(p) => TypeKey::Pointer(Box::new(type_key(p)?)),
        CType::Array(e, n) => TypeKey::Array(Box::new(type_key(e)?), *n),
        CType::Struct(s) if s.origin.as_ref().is_some_and(|o| o.args.is_empty()) => {
            TypeKey::Struct(s.name.clone())
        }
        t if t.is_arithmetic() || *t == CType::Void => TypeKey::Scalar(t.name()),
        _ => return None,
    })
}

/// The scalar type C spells `name` (as [`CType::name`] spells it).
fn scalar_named(name: &str) -> Option<CType> {
    use crate::cuda::sema::types::{FloatKind, IntKind};
    let ints = [
        IntKind::Char,
        IntKind::Short,
        IntKind::Int,
        IntKind::Long,
        IntKind::LongLong,
    ];
    let floats = [FloatKind::Half, FloatKind::Float, FloatKind::Double];
    let ints = ints
        .into_iter()
        .flat_map(|kind| [true, false].map(|signed| CType::Int { kind, signed }));
    [CType::Void, CType::Bool]
        .into_iter()
        .chain(ints)
        .chain(floats.map(CType::Float))
        .find(|t| t.name() == name)
}

/// The function a function template declares, and its name.
fn template_function(t: &TemplateDecl) -> Option<(&ast::FunctionDecl, crate::cuda::token::Sym)> {
    match &t.decl.kind {
        DeclKind::Function(f) => match &f.name {
            ast::DeclName::Ident(n) => Some((f, n.sym)),
            _ => None,
        },
        _ => None,
    }
}

/// Lower, into `module`'s `gpu.module @kernels`, the kernel template
/// instances that the host code of the same file launches (`pp` and `tu`
/// are the device side's). Functions already in the `gpu.module` are not
/// lowered again.
pub fn lower_kernel_instances(
    ctx: &mut Context,
    module: OpId,
    pp: &Preprocessed,
    tu: &TranslationUnit,
    instances: &[KernelInstance],
) -> Result<(), Diags> {
    if instances.is_empty() {
        return Ok(());
    }
    ast::on_large_stack(move || {
        let mut l = Lowerer::new(ctx, pp, tu);
        l.attach_to_module(module);
        for inst in instances {
            if let Err(d) = l.request_kernel_instance(inst) {
                l.diags.push(d);
            }
        }
        if let Some(gpu_body) = l.gpu_body {
            l.run_queue(gpu_body);
        }
        match l.diags.is_empty() {
            true => Ok(()),
            false => Err(l.diags),
        }
    })
}

impl<'a> Lowerer<'a, '_> {
    /// Record a function template (a class template's members are found
    /// through the class: see `method.rs`).
    pub(super) fn collect_template(&mut self, t: &'a TemplateDecl) {
        let DeclKind::Function(f) = &t.decl.kind else {
            return;
        };
        let (ast::DeclName::Ident(name), Some(_)) = (&f.name, &f.body) else {
            return;
        };
        if f.qualifier.is_empty() {
            self.fn_templates.entry(name.sym).or_default().push(t);
        }
    }

    /// The instance of function template `t` for `args` (made once).
    pub(super) fn instantiate(
        &mut self,
        t: &'a TemplateDecl,
        args: Vec<TArg>,
        owner: Option<Rc<StructType>>,
    ) -> R<usize> {
        let DeclKind::Function(f) = &t.decl.kind else {
            unreachable!("function templates only")
        };
        if f.spec_args.is_some() || t.params.is_empty() {
            return Err(
                self.unsupported(t.decl.loc, "explicit specializations of function templates")
            );
        }
        let key: InstanceKey = (
            &**f as *const ast::FunctionDecl as usize,
            owner.as_ref().map(|o| o.name.clone()),
            args.clone(),
        );
        if let Some(&i) = self.instances.get(&key) {
            return Ok(i);
        }
        let bindings = Rc::new(Bindings::bind(&t.params, &args));
        let symbol = self.instance_symbol(t, &args);
        let i = self.add_fn(f, t.decl.loc, symbol, owner, bindings);
        self.instances.insert(key, i);
        Ok(i)
    }

    /// The instance a call of the function templates `cands` (one name)
    /// with explicit arguments `written` and call arguments `args` makes.
    pub(super) fn template_target(
        &mut self,
        cands: &[&'a TemplateDecl],
        written: Option<&[TemplateArg]>,
        args: &[Expr],
        loc: Loc,
    ) -> R<usize> {
        let (t, targs) = self.template_args_for(cands, written, args, loc)?;
        self.instantiate(t, targs, None)
    }

    /// The template among `cands` that a call with `args` uses, and its
    /// arguments: explicit, deduced, defaults.
    fn template_args_for(
        &mut self,
        cands: &[&'a TemplateDecl],
        written: Option<&[TemplateArg]>,
        args: &[Expr],
        loc: Loc,
    ) -> R<(&'a TemplateDecl, Vec<TArg>)> {
        let fits: Vec<&'a TemplateDecl> = cands
            .iter()
            .copied()
            .filter(|t| match &t.decl.kind {
                DeclKind::Function(f) => super::call::arity_fits(f, args.len()),
                _ => false,
            })
            .collect();
        let name = cands
            .first()
            .and_then(|t| template_function(t))
            .map_or("", |(_, s)| self.spelling(s));
        let [t] = fits.as_slice() else {
            let what = match fits.len() {
                0 => format!(
                    "no matching function template for call to '{name}' with {} arguments",
                    args.len()
                ),
                _ => format!(
                    "overloaded function templates ('{name}') are not supported yet by cuwasm"
                ),
            };
            return Err(self.err(loc, what));
        };
        let explicit = match written {
            Some(w) => eval_targs(self.pp, &self.typedefs, &self.var_consts(), w, 0)?,
            None => Vec::new(),
        };
        let DeclKind::Function(f) = &t.decl.kind else {
            unreachable!("filtered")
        };
        let mut deduced = vec![None; t.params.len()];
        if explicit.len() < t.params.len() {
            let types = self.arg_types(args)?;
            for (p, a) in f.params.iter().zip(&types) {
                if let Err(sym) = deduce(&t.params, &p.ty, a, &mut deduced) {
                    return Err(self.err(
                        loc,
                        format!(
                            "conflicting types deduced for the template parameter '{}' of '{name}'",
                            self.spelling(sym)
                        ),
                    ));
                }
            }
        }
        let targs = complete_targs(
            self.pp,
            &self.typedefs,
            &self.var_consts(),
            name,
            &t.params,
            explicit,
            &deduced,
            loc,
        )?;
        Ok((t, targs))
    }

    /// A launch of kernel template `name` (candidates `cands`) from host
    /// code: the instance's symbol, recorded for the device side.
    pub(super) fn kernel_template_launch(
        &mut self,
        cands: &[&'a TemplateDecl],
        written: Option<&[TemplateArg]>,
        args: &[Expr],
        loc: Loc,
    ) -> R<usize> {
        let (t, targs) = self.template_args_for(cands, written, args, loc)?;
        let name = template_function(t)
            .map_or("", |(_, s)| self.spelling(s))
            .to_string();
        let i = self.instantiate(t, targs.clone(), None)?;
        let mut keys = Vec::new();
        for a in &targs {
            keys.push(match a {
                TArg::Value(v) => ArgKey::Value(*v),
                TArg::Type(t) => match type_key(t) {
                    Some(k) => ArgKey::Type(k),
                    None => {
                        return Err(self.unsupported(
                            loc,
                            &format!("the type '{}' as a kernel template's argument", t.name()),
                        ));
                    }
                },
            });
        }
        let inst = KernelInstance {
            kernel: name,
            args: keys,
            symbol: self.fns[i].symbol.clone(),
        };
        if !self.kernel_instances.contains(&inst) {
            self.kernel_instances.push(inst);
        }
        Ok(i)
    }

    /// The symbol of function template `t`'s instance for `args`: the
    /// template's name (with its rank among same-named templates when it
    /// is not the first), mangled with the arguments.
    fn instance_symbol(&self, t: &TemplateDecl, args: &[TArg]) -> String {
        let Some((_, sym)) = template_function(t) else {
            return String::new();
        };
        let name = self.spelling(sym);
        let nth = self
            .fn_templates
            .get(&sym)
            .and_then(|v| v.iter().position(|x| std::ptr::eq(*x, t)));
        match nth {
            Some(n) if n > 0 => mangle(&format!("{name}_{n}"), args),
            _ => mangle(name, args),
        }
    }

    /// Queue, on the device side, the kernel instance the host launches.
    fn request_kernel_instance(&mut self, inst: &KernelInstance) -> R<()> {
        let sym = self.pp.sources.spellings.lookup(&inst.kernel);
        let cands = sym
            .and_then(|s| self.fn_templates.get(&s))
            .cloned()
            .unwrap_or_default();
        let loc = cands.first().map_or(Loc::default(), |t| t.decl.loc);
        let mut args = Vec::new();
        for k in &inst.args {
            args.push(match k {
                ArgKey::Value(v) => TArg::Value(*v),
                ArgKey::Type(t) => TArg::Type(self.type_of_key(t, loc)?),
            });
        }
        let t = cands.iter().copied().find(|t| {
            t.params.len() == args.len() && self.instance_symbol(t, &args) == inst.symbol
        });
        let Some(t) = t else {
            return Err(self.err(
                loc,
                format!(
                    "no kernel template '{}' on the device side for the host's launch",
                    inst.kernel
                ),
            ));
        };
        let i = self.instantiate(t, args, None)?;
        self.request(i);
        Ok(())
    }

    fn type_of_key(&self, k: &TypeKey, loc: Loc) -> R<CType> {
        Ok(match k {
            TypeKey::Scalar(name) => match scalar_named(name) {
                Some(t) => t,
                None => return Err(self.err(loc, format!("no scalar type '{name}'"))),
            },
            TypeKey::Pointer(p) => self.type_of_key(p, loc)?.pointer_to(),
            TypeKey::Array(e, n) => CType::Array(Box::new(self.type_of_key(e, loc)?), *n),
            TypeKey::Struct(name) => {
                let rec = self
                    .pp
                    .sources
                    .spellings
                    .lookup(name)
                    .and_then(|s| self.typedefs.record(s));
                let Some(rec) = rec else {
                    return Err(self.err(loc, format!("no struct '{name}' on the device side")));
                };
                let consts = self.file_consts();
                crate::cuda::sema::record::record_type(
                    self.pp,
                    &self.typedefs,
                    &consts,
                    rec,
                    &[],
                    loc,
                    0,
                )?
            }
        })
    }
}
