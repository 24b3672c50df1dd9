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
mod expr;
mod fnptr;
mod func;
mod global;
mod global_addr;
mod host;
mod math;
mod record;
mod stmt;

#[cfg(test)]
mod abi_tests;
#[cfg(test)]
mod tests;

use super::ast::{self, Decl, DeclKind, FunctionDecl, Loc, TranslationUnit};
use super::diag::Diag;
use super::preprocessor::{PreprocessOptions, Source};
use super::sema::decl::{ConstLookup, Signature, Typedefs, signature};
use super::sema::scope::Scopes;
use super::sema::types::CType;
use super::token::Sym;
use super::{Preprocessed, parse, preprocess};
use cuwasm::{
    Attr, BlockId, Context, InsertPoint, Location, OpId, OperationState, RegionId, Type, ValueId,
};
use rustc_hash::FxHashMap;

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
    lower_host(ctx, module, &hpp, &htu).map_err(|d| convert(ctx, &d, &hpp.sources))?;
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
/// module), then verify. Errors come back rendered.
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
    lower_host(ctx, module, &host, &htu).map_err(|d| super::diag::render_all(&d, &host.sources))?;
    ctx.verify(module).map_err(|d| ctx.render_diagnostic(&d))?;
    Ok(module)
}

/// Lower the host code of `tu` (preprocessed for the host side): `main` and
/// the host functions it calls become `func.func`s at the end of `module`
/// (made by [`lower_device`] from the same file), whose `gpu.module
/// @kernels` the launches refer to. A file without `main` adds nothing.
pub fn lower_host(
    ctx: &mut Context,
    module: OpId,
    pp: &Preprocessed,
    tu: &TranslationUnit,
) -> Result<(), Diags> {
    ast::on_large_stack(move || {
        let mut l = Lowerer::new(ctx, pp, tu);
        l.host = true;
        l.host_module(module);
        match l.diags.is_empty() {
            true => Ok(()),
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

/// A function of the file.
pub(crate) struct FnInfo<'a> {
    pub decl: &'a FunctionDecl,
    pub loc: Loc,
    pub space: Space,
    /// Its symbol in the IR.
    pub symbol: String,
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
    /// The body region; Some in CFG mode (blocks are appended to it).
    pub cfg: Option<RegionId>,
    pub loops: Vec<LoopTargets>,
}

pub(crate) struct Lowerer<'a, 'c> {
    pub ctx: &'c mut Context,
    pub pp: &'a Preprocessed,
    pub typedefs: Typedefs,
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
    /// The values of the file's enumerators (`cudaSuccess`, `cudaMemcpyHostToDevice`).
    pub enum_consts: FxHashMap<Sym, i128>,
    /// File-scope `__device__`/`__constant__` variables by name (index into `global_decls`).
    pub globals: FxHashMap<Sym, usize>,
    pub global_decls: Vec<(&'a ast::VarDecl, Loc)>,
    /// The symbol and type of each global whose `cuda.global_var` exists.
    pub global_done: Vec<Option<(String, CType)>>,
    /// The body of `gpu.module @kernels`.
    pub gpu_body: Option<BlockId>,
}

/// Names in a constant expression of a function body (array sizes, case
/// labels, `const` locals): constant locals, then the file's enumerators.
pub(super) struct VarConsts<'s>(&'s Scopes<Var>, &'s FxHashMap<Sym, i128>);

impl ConstLookup for VarConsts<'_> {
    fn constant(&self, name: Sym) -> Option<i128> {
        match self.0.lookup(name) {
            Some(v) => v.konst,
            None => self.1.get(&name).copied(),
        }
    }
}

/// Names in a constant expression outside function bodies: enumerators.
pub(super) struct EnumConsts<'m>(pub &'m FxHashMap<Sym, i128>);

impl ConstLookup for EnumConsts<'_> {
    fn constant(&self, name: Sym) -> Option<i128> {
        self.0.get(&name).copied()
    }
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
            enum_consts: FxHashMap::default(),
            globals: FxHashMap::default(),
            global_decls: Vec::new(),
            global_done: Vec::new(),
            gpu_body: None,
        };
        l.collect_functions(&tu.decls);
        l
    }

    /// Record every function definition (with a body) of the file.
    fn collect_functions(&mut self, decls: &'a [Decl]) {
        for d in decls {
            match &d.kind {
                DeclKind::Function(f) if f.body.is_some() => {
                    let ast::DeclName::Ident(name) = &f.name else {
                        continue;
                    };
                    let c = &f.specs.cuda;
                    let space = match (c.global, c.device, c.host) {
                        (true, _, _) => Space::Kernel,
                        (false, true, true) => Space::HostDevice,
                        (false, true, false) => Space::Device,
                        _ => Space::Host,
                    };
                    let base = self.pp.sources.spelling(name.sym).to_string();
                    let entry = self.fn_names.entry(name.sym).or_default();
                    let symbol = match entry.len() {
                        0 => base,
                        n => format!("{base}_{n}"),
                    };
                    entry.push(self.fns.len());
                    self.fns.push(FnInfo {
                        decl: f,
                        loc: d.loc,
                        space,
                        symbol,
                    });
                    self.queued.push(false);
                }
                DeclKind::LinkageSpec(l) => self.collect_functions(&l.decls),
                DeclKind::Var(v) => self.collect_global(v, d.loc),
                DeclKind::Enum(e) => self.collect_enumerators(e),
                // A kernel template runs once a launch instantiates it.
                DeclKind::Template(t) if matches!(&t.decl.kind, DeclKind::Function(f) if f.specs.cuda.global) =>
                {
                    let d = self.unsupported(d.loc, "kernel templates");
                    self.diags.push(d);
                }
                DeclKind::Namespace(n) if n.decls.iter().any(has_kernel) => {
                    let d = self.unsupported(d.loc, "kernels inside namespaces");
                    self.diags.push(d);
                }
                _ => {}
            }
        }
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
        let mut done = 0;
        while done < self.queue.len() {
            let i = self.queue[done];
            done += 1;
            self.lower_function(i, gbody);
            if self.diags.len() >= 50 {
                break;
            }
        }
        module
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

    /// The constants visible in the function being lowered.
    pub(super) fn var_consts(&self) -> VarConsts<'_> {
        VarConsts(&self.vars, &self.enum_consts)
    }

    pub fn signature_of(&self, i: usize) -> Result<Signature, Diag> {
        signature(self.pp, &self.typedefs, self.fns[i].decl)
    }

    /// Queue function `i` for lowering (once).
    pub fn request(&mut self, i: usize) {
        if !self.queued[i] {
            self.queued[i] = true;
            self.queue.push(i);
        }
    }
}

/// Does `d` declare a `__global__` function (possibly a template)?
fn has_kernel(d: &Decl) -> bool {
    match &d.kind {
        DeclKind::Function(f) => f.specs.cuda.global,
        DeclKind::Template(t) => has_kernel(&t.decl),
        DeclKind::Namespace(n) => n.decls.iter().any(has_kernel),
        DeclKind::LinkageSpec(l) => l.decls.iter().any(has_kernel),
        _ => false,
    }
}
