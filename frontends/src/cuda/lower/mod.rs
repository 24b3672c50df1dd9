//! Lowering of checked CUDA C++ into IR.
//!
//! Device code becomes a `builtin.module` marked `gpu.container_module` that
//! holds one `gpu.module @kernels`: each `__global__` function is a
//! `gpu.func` with `gpu.kernel`, each `__device__` function a private
//! `func.func` (so that the `inline` pass can inline it), called with
//! `func.call`. Only kernels and the device functions they call are lowered.
//!
//! - Every local variable and parameter is a `cuda.alloca` slot accessed
//!   with `ptr.load` / `ptr.store`; `mem2reg` promotes them.
//! - Structured control flow maps to scf (`scf.if`, `scf.while`). A function
//!   whose body has `break`, `continue` or a `return` before its end is
//!   lowered into a CFG (`cf.br` / `cf.cond_br`) instead, which
//!   `lift-cf-to-scf` structures. `&&`, `||` and `?:` are `scf.if`s that
//!   yield their value in either mode.
//! - Pointers are `!ptr.ptr<#ptr.generic_space>`; `p + n` is a `ptr.ptr_add`
//!   of `n * sizeof(*p)` bytes (an `i64`).
//! - Types and conversions follow C ([`super::sema`]); integers are
//!   signless in the IR and signedness picks the op (`divsi`/`divui`,
//!   `extsi`/`extui`, `cmpi slt`/`ult`).
//!
//! Whatever is not handled yet is a located "X is not supported yet by
//! cuwasm" error; lowering never skips a construct silently.

mod builtins;
mod call;
mod consts;
mod expr;
mod fnptr;
mod func;
mod global;
mod global_addr;
mod host;
mod label;
mod math;
mod method;
mod record;
mod stmt;
mod template;

#[cfg(test)]
mod abi_tests;
#[cfg(test)]
mod tests;

use super::ast::{self, Decl, DeclKind, FunctionDecl, Loc, TranslationUnit};
use super::diag::Diag;
use super::preprocessor::{PreprocessOptions, Source};
use super::sema::decl::{Bound, Signature, Typedefs, signature};
use super::sema::record::StructType;
use super::sema::scope::Scopes;
use super::sema::template::Bindings;
use super::sema::types::CType;
use super::token::Sym;
use super::{Preprocessed, parse, preprocess};
use consts::{FileConsts, VarConsts};
use cuwasm::{
    Attr, BlockId, Context, InsertPoint, Location, OpId, OperationState, RegionId, Type, ValueId,
};
use rustc_hash::FxHashMap;
use std::rc::Rc;
pub use template::{KernelInstance, lower_kernel_instances};

/// Errors of a lowering (at least one).
pub type Diags = Vec<Diag>;

/// Preprocess (device side), parse and lower `source` into `ctx`, then
/// verify the module. Errors come back rendered (clang-style text).
pub fn compile_device(
    ctx: &mut Context,
    source: Source<'_>,
    opts: &PreprocessOptions,
) -> Result<OpId, String> {
    let opts = PreprocessOptions {
        device: true,
        ..opts.clone()
    };
    let pp = preprocess(source, &opts).map_err(|f| f.render())?;
    let tu = parse(&pp).map_err(|d| super::diag::render_all(&d, &pp.sources))?;
    pp.sources.register_sources(ctx);
    let module =
        lower_device(ctx, &pp, &tu).map_err(|d| super::diag::render_all(&d, &pp.sources))?;
    ctx.verify(module).map_err(|d| ctx.render_diagnostic(&d))?;
    Ok(module)
}

/// Preprocess (device side), parse and lower the CUDA `text` of file
/// `file_name` into a new module of `ctx` (which must have cuwasm's
/// dialects registered); the module is not verified. The files read are
/// registered as sources, so diagnostics show their lines (with include and
/// macro notes). The host side (`main` and what it calls) is lowered too,
/// from a second, host-side preprocessing ([`lower_host`]).
pub fn parse_cuda_module(
    ctx: &mut Context,
    file_name: &str,
    text: &str,
    opts: &PreprocessOptions,
) -> Result<OpId, Vec<cuwasm::Diagnostic>> {
    let opts = PreprocessOptions {
        device: true,
        ..opts.clone()
    };
    let source = Source::Text {
        name: file_name,
        text,
    };
    let convert = |ctx: &mut Context, diags: &[Diag], sources: &super::SourceMap| {
        sources.register_sources(ctx);
        let errors = diags.iter().filter(|d| d.is_error());
        errors.map(|d| d.to_diagnostic(sources, ctx)).collect()
    };
    let pp = match preprocess(source, &opts) {
        Ok(pp) => pp,
        Err(f) => return Err(convert(ctx, &f.diagnostics, &f.sources)),
    };
    let tu = parse(&pp).map_err(|d| convert(ctx, &d, &pp.sources))?;
    pp.sources.register_sources(ctx);
    let module = lower_device(ctx, &pp, &tu).map_err(|d| convert(ctx, &d, &pp.sources))?;
    let opts = PreprocessOptions {
        device: false,
        ..opts
    };
    let hpp = match preprocess(source, &opts) {
        Ok(pp) => pp,
        Err(f) => return Err(convert(ctx, &f.diagnostics, &f.sources)),
    };
    let htu = parse(&hpp).map_err(|d| convert(ctx, &d, &hpp.sources))?;
    hpp.sources.register_sources(ctx);
    let instances =
        lower_host(ctx, module, &hpp, &htu).map_err(|d| convert(ctx, &d, &hpp.sources))?;
    lower_kernel_instances(ctx, module, &pp, &tu, &instances)
        .map_err(|d| convert(ctx, &d, &pp.sources))?;
    Ok(module)
}

/// Lower the device code of `tu` (kernels and the device functions they
/// call) into a new `builtin.module`.
pub fn lower_device(
    ctx: &mut Context,
    pp: &Preprocessed,
    tu: &TranslationUnit,
) -> Result<OpId, Diags> {
    ast::on_large_stack(move || {
        let mut l = Lowerer::new(ctx, pp, tu);
        let module = l.device_module();
        match l.diags.is_empty() {
            true => Ok(module),
            false => Err(l.diags),
        }
    })
}

/// Preprocess `source` twice (device side, host side), parse each and lower
/// the whole program (kernels and device functions into `gpu.module
/// @kernels`, `main` and the host functions it calls into the top-level
/// module; then the kernel template instances the host launches), then
/// verify. Errors come back rendered.
pub fn compile_program(
    ctx: &mut Context,
    source: Source<'_>,
    opts: &PreprocessOptions,
) -> Result<OpId, String> {
    let side = |device| PreprocessOptions {
        device,
        ..opts.clone()
    };
    let dev = preprocess(source, &side(true)).map_err(|f| f.render())?;
    let host = preprocess(source, &side(false)).map_err(|f| f.render())?;
    let dtu = parse(&dev).map_err(|d| super::diag::render_all(&d, &dev.sources))?;
    let htu = parse(&host).map_err(|d| super::diag::render_all(&d, &host.sources))?;
    dev.sources.register_sources(ctx);
    let module =
        lower_device(ctx, &dev, &dtu).map_err(|d| super::diag::render_all(&d, &dev.sources))?;
    host.sources.register_sources(ctx);
    let instances = lower_host(ctx, module, &host, &htu)
        .map_err(|d| super::diag::render_all(&d, &host.sources))?;
    lower_kernel_instances(ctx, module, &dev, &dtu, &instances)
        .map_err(|d| super::diag::render_all(&d, &dev.sources))?;
    ctx.verify(module).map_err(|d| ctx.render_diagnostic(&d))?;
    Ok(module)
}

/// Lower the host code of `tu` (preprocessed for the host side): `main` and
/// the host functions it calls become `func.func`s at the end of `module`
/// (made by [`lower_device`] from the same file), whose `gpu.module
/// @kernels` the launches refer to. A file without `main` adds nothing.
/// Returns the kernel template instances the host code launches, which
/// [`lower_kernel_instances`] lowers on the device side.
pub fn lower_host(
    ctx: &mut Context,
    module: OpId,
    pp: &Preprocessed,
    tu: &TranslationUnit,
) -> Result<Vec<KernelInstance>, Diags> {
    ast::on_large_stack(move || {
        let mut l = Lowerer::new(ctx, pp, tu);
        l.host = true;
        l.host_module(module);
        match l.diags.is_empty() {
            true => Ok(l.kernel_instances),
            false => Err(l.diags),
        }
    })
}

/// Where a function may run, from its CUDA specifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    Kernel,
    Device,
    HostDevice,
    Host,
}

/// A function of the file: a plain function, a member function (of
/// `owner`), or an instance of a function template or of a member of a
/// class template (under `bindings`).
pub(crate) struct FnInfo<'a> {
    pub decl: &'a FunctionDecl,
    pub loc: Loc,
    pub space: Space,
    /// Its symbol in the IR.
    pub symbol: String,
    /// A member function's class (`this` points to one unless the member
    /// is `static`).
    pub owner: Option<Rc<StructType>>,
    /// The template parameters its types and body see.
    pub bindings: Rc<Bindings>,
    /// A `static` member function (no `this`).
    pub static_member: bool,
}

impl FnInfo<'_> {
    /// A member function that has a `this`.
    pub fn has_this(&self) -> bool {
        self.owner.is_some() && !self.static_member
    }
}

/// Where a function may run, from its CUDA specifiers.
pub(crate) fn space_of(decl: &FunctionDecl) -> Space {
    let c = &decl.specs.cuda;
    match (c.global, c.device, c.host) {
        (true, _, _) => Space::Kernel,
        (false, true, true) => Space::HostDevice,
        (false, true, false) => Space::Device,
        _ => Space::Host,
    }
}

/// A named local: its slot and type; `konst` is the value of a `const`
/// integer initialized by a constant (for array sizes).
#[derive(Clone, Debug)]
pub(crate) struct Var {
    pub ptr: ValueId,
    pub ty: CType,
    pub konst: Option<i128>,
    /// A `dim3` local: `ptr` holds its x, y, z as three `unsigned int`.
    pub dim3: bool,
}

/// Targets of `break` and `continue` in CFG mode.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoopTargets {
    pub brk: BlockId,
    /// `None` in a `switch` outside any loop (`continue` has no target).
    pub cont: Option<BlockId>,
}

/// The state of the function being lowered.
pub(crate) struct FnState {
    pub ret: CType,
    /// Where a function returning a struct writes it: the hidden first
    /// parameter (see `record.rs`).
    pub sret: Option<ValueId>,
    pub is_kernel: bool,
    /// A function returning a reference returns the referent's address.
    pub ret_ref: bool,
    /// `this` of a member function, and its class.
    pub this: Option<(ValueId, Rc<StructType>)>,
    /// The body region; Some in CFG mode (blocks are appended to it).
    pub cfg: Option<RegionId>,
    pub loops: Vec<LoopTargets>,
    /// The labels of a function with `goto` (`label.rs`).
    pub labels: FxHashMap<Sym, label::Label>,
    /// Where the next stack slot goes in a function with labels (the start
    /// of its entry block); None: where it is declared.
    pub slots_at: Option<InsertPoint>,
}

pub(crate) struct Lowerer<'a, 'c> {
    pub ctx: &'c mut Context,
    pub pp: &'a Preprocessed,
    pub typedefs: Typedefs<'a>,
    pub fns: Vec<FnInfo<'a>>,
    /// Function definitions by name (several: overloads).
    pub fn_names: FxHashMap<Sym, Vec<usize>>,
    pub diags: Diags,
    pub ip: InsertPoint,
    pub loc: Location,
    pub vars: Scopes<Var>,
    pub f: Option<FnState>,
    /// Functions referenced but not yet lowered.
    pub queue: Vec<usize>,
    pub queued: Vec<bool>,
    /// Which side this lowerer lowers: host functions (true) or device code.
    pub host: bool,
    /// The file's named integer constants (enumerators, `constexpr int N`).
    pub consts: FileConsts,
    /// The template parameters of the function being lowered.
    pub bindings: Rc<Bindings>,
    /// Function templates by name.
    pub fn_templates: FxHashMap<Sym, Vec<&'a ast::TemplateDecl>>,
    /// Instances made so far (of templates and of member functions).
    pub instances: FxHashMap<template::InstanceKey, usize>,
    /// Out-of-class member definitions by class name.
    pub out_of_class: FxHashMap<Sym, Vec<&'a FunctionDecl>>,
    /// The function being lowered (an index into `fns`).
    pub current_fn: Option<usize>,
    /// Kernel template instances that host code launches (the device side
    /// lowers them: [`lower_kernel_instances`]).
    pub kernel_instances: Vec<KernelInstance>,
    /// File-scope `__device__`/`__constant__` variables by name (index into `global_decls`).
    pub globals: FxHashMap<Sym, usize>,
    pub global_decls: Vec<(&'a ast::VarDecl, Loc)>,
    /// The symbol and type of each global whose `cuda.global_var` exists.
    pub global_done: Vec<Option<(String, CType)>>,
    /// The body of `gpu.module @kernels`.
    pub gpu_body: Option<BlockId>,
}

impl<'a, 'c> Lowerer<'a, 'c> {
    fn new(ctx: &'c mut Context, pp: &'a Preprocessed, tu: &'a TranslationUnit) -> Self {
        let loc = ctx.unknown_loc();
        let mut l = Lowerer {
            ctx,
            pp,
            typedefs: Typedefs::collect(&tu.decls),
            fns: Vec::new(),
            fn_names: FxHashMap::default(),
            diags: Vec::new(),
            ip: InsertPoint::Detached,
            loc,
            vars: Scopes::default(),
            f: None,
            queue: Vec::new(),
            queued: Vec::new(),
            host: false,
            consts: FileConsts::default(),
            bindings: Rc::default(),
            fn_templates: FxHashMap::default(),
            instances: FxHashMap::default(),
            out_of_class: FxHashMap::default(),
            current_fn: None,
            kernel_instances: Vec::new(),
            globals: FxHashMap::default(),
            global_decls: Vec::new(),
            global_done: Vec::new(),
            gpu_body: None,
        };
        l.collect_functions(&tu.decls);
        l
    }

    /// Record every function definition (with a body) of the file, its
    /// function templates, globals, enumerators and named constants.
    fn collect_functions(&mut self, decls: &'a [Decl]) {
        for d in decls {
            match &d.kind {
                DeclKind::Function(f) if f.body.is_some() && !f.qualifier.is_empty() => {
                    self.collect_out_of_class(f);
                }
                DeclKind::Function(f) if f.body.is_some() => {
                    let ast::DeclName::Ident(name) = &f.name else {
                        continue;
                    };
                    let base = self.pp.sources.spelling(name.sym).to_string();
                    let entry = self.fn_names.entry(name.sym).or_default();
                    let symbol = match entry.len() {
                        0 => base,
                        n => format!("{base}_{n}"),
                    };
                    entry.push(self.fns.len());
                    self.add_fn(f, d.loc, symbol, None, Rc::default());
                }
                DeclKind::LinkageSpec(l) => self.collect_functions(&l.decls),
                DeclKind::Namespace(n) => self.collect_functions(&n.decls),
                DeclKind::Var(v) => self.collect_global(v, d.loc),
                DeclKind::Enum(e) => self.collect_enumerators(e),
                DeclKind::Template(t) => self.collect_template(t),
                _ => {}
            }
        }
    }

    /// Add a function (or an instance) to `fns`; its index.
    fn add_fn(
        &mut self,
        decl: &'a FunctionDecl,
        loc: Loc,
        symbol: String,
        owner: Option<Rc<StructType>>,
        bindings: Rc<Bindings>,
    ) -> usize {
        self.fns.push(FnInfo {
            decl,
            loc,
            space: space_of(decl),
            symbol,
            owner,
            bindings,
            static_member: decl.specs.storage == ast::Storage::Static,
        });
        self.queued.push(false);
        self.fns.len() - 1
    }

    /// The device module: every kernel, then the device functions they call.
    fn device_module(&mut self) -> OpId {
        let unknown = self.ctx.unknown_loc();
        let module = self.create_detached("builtin.module", &[], &[], &[], 1, unknown);
        let unit = self.ctx.unit_attr();
        self.ctx
            .set_attr(module, "gpu.container_module", Some(unit));
        let mbody = self.new_block(self.ctx.region(module, 0), &[]);
        let name = self.ctx.string_attr("kernels");
        let gm = self.create_detached("gpu.module", &[], &[], &[("sym_name", name)], 1, unknown);
        self.ctx.append_op(mbody, gm);
        let gbody = self.new_block(self.ctx.region(gm, 0), &[]);
        self.gpu_body = Some(gbody);
        for i in 0..self.fns.len() {
            if self.fns[i].space == Space::Kernel && self.fns[i].decl.spec_args.is_none() {
                self.queued[i] = true;
                self.queue.push(i);
            }
        }
        self.run_queue(gbody);
        module
    }

    /// Lower the queued functions (and those they queue) at the end of
    /// `parent`, stopping after 50 errors.
    pub(super) fn run_queue(&mut self, parent: BlockId) {
        let mut done = 0;
        while done < self.queue.len() && self.diags.len() < 50 {
            let i = self.queue[done];
            done += 1;
            self.lower_function(i, parent);
        }
    }

    // ---- IR helpers -------------------------------------------------------

    pub fn create_detached(
        &mut self,
        name: &str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&str, Attr)],
        regions: usize,
        loc: Location,
    ) -> OpId {
        let mut st = OperationState::new(self.ctx, name, loc)
            .operands(operands)
            .results(results)
            .regions(regions);
        for (k, v) in props {
            st = st.property(self.ctx, k, *v);
        }
        self.ctx.create_op(st)
    }

    /// Create op `name` at the insertion point (regions as its op info says).
    pub fn op(
        &mut self,
        name: &str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&str, Attr)],
    ) -> OpId {
        let opname = self.ctx.op_name(name);
        let regions = self.ctx.op_name_info(opname).map_or(0, |i| i.regions.len());
        let op = self.create_detached(name, operands, results, props, regions, self.loc);
        self.ip.place(self.ctx, op);
        op
    }

    /// `op` with one result, returned.
    pub fn op1(
        &mut self,
        name: &str,
        operands: &[ValueId],
        result: Type,
        props: &[(&str, Attr)],
    ) -> ValueId {
        let op = self.op(name, operands, &[result], props);
        self.ctx.result(op, 0)
    }

    pub fn new_block(&mut self, region: RegionId, args: &[Type]) -> BlockId {
        let b = self.ctx.create_block(args, self.loc);
        self.ctx.append_block(region, b);
        b
    }

    pub fn set_loc(&mut self, loc: Loc) {
        self.loc = self.pp.sources.token_location(self.ctx, loc.token(self.pp));
    }

    pub fn err(&self, loc: Loc, msg: impl Into<String>) -> Diag {
        loc.error(self.pp, msg)
    }

    pub fn unsupported(&self, loc: Loc, what: &str) -> Diag {
        self.err(loc, format!("{what} is not supported yet by cuwasm"))
    }

    pub fn spelling(&self, sym: Sym) -> &'a str {
        self.pp.sources.spelling(sym)
    }

    pub fn resolve(&self, ty: &ast::Type) -> Result<CType, Diag> {
        super::sema::decl::resolve_type(self.pp, &self.typedefs, &self.var_consts(), ty)
    }

    /// [`Self::resolve`], where an array declared without a size
    /// (`int c[] = {1, 2, 3}`) takes its size from its brace initializer.
    pub fn resolve_with_init(
        &self,
        ty: &ast::Type,
        init: Option<&ast::Initializer>,
    ) -> Result<CType, Diag> {
        match (&ty.kind, init) {
            (ast::TypeKind::Array { elem, size: None }, Some(ast::Initializer::List(l)))
                if !l.items.is_empty() =>
            {
                Ok(CType::Array(
                    Box::new(self.resolve(elem)?),
                    l.items.len() as u64,
                ))
            }
            _ => self.resolve(ty),
        }
    }

    /// The constants and template parameters visible in the function
    /// being lowered.
    pub(super) fn var_consts(&self) -> VarConsts<'_> {
        VarConsts {
            vars: Some(&self.vars),
            file: &self.consts,
            bindings: Some(&self.bindings),
        }
    }

    /// The file's constants, without locals or template parameters.
    pub(super) fn file_consts(&self) -> VarConsts<'_> {
        VarConsts {
            vars: None,
            file: &self.consts,
            bindings: None,
        }
    }

    /// Function `i`'s signature, its types resolved under its bindings.
    pub fn signature_of(&self, i: usize) -> Result<Signature, Diag> {
        let outer = self.file_consts();
        let consts = Bound {
            bindings: &self.fns[i].bindings,
            outer: &outer,
        };
        signature(self.pp, &self.typedefs, &consts, self.fns[i].decl)
    }

    /// Queue function `i` for lowering (once).
    pub fn request(&mut self, i: usize) {
        if !self.queued[i] {
            self.queued[i] = true;
            self.queue.push(i);
        }
    }
}
