//! The module-level driver: declare every function and data object, then
//! lower each function body and define it (or print it, for `emit_clif`).
//!
//! Module-wide state ([`ModuleState`]) is shared by the function lowerings:
//! the declared functions and globals, the deduplicated string literals, the
//! C library functions imported so far, and every import to resolve.

use super::function::lower_function;
use super::types::signature;
use cranelift_codegen::ir::Signature;
use cranelift_codegen::{Context as ClifContext, ir::UserFuncName};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::JITModule;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cuwasm::{Context, Diagnostic, Location, OpId};
use cuwasm_dialects::cuda::{Address, global_var_addresses, global_var_bytes};
use std::collections::HashMap;

/// What lowering a module produced.
pub(super) struct Lowered {
    /// Defined functions by `sym_name`.
    pub defined: Vec<(String, FuncId)>,
    /// Imports to resolve, with where each was first needed.
    pub imports: Vec<(String, Location)>,
    /// The CLIF text of each function (only when printing).
    pub clif: Vec<String>,
    /// The `cuda.global_var` data objects by `sym_name`.
    pub globals: Vec<(String, cranelift_module::DataId)>,
}

/// State shared by the lowerings of one module's functions.
pub(super) struct ModuleState<'m> {
    pub jit: &'m mut JITModule,
    pub funcs: HashMap<String, FuncId>,
    pub globals: HashMap<String, DataId>,
    strings: HashMap<Vec<u8>, DataId>,
    libcalls: HashMap<String, FuncId>,
    pub imports: Vec<(String, Location)>,
}

impl ModuleState<'_> {
    /// The read-only, NUL-terminated data object holding `bytes`, one per
    /// distinct string.
    pub fn string_literal(&mut self, bytes: &[u8], loc: Location) -> Result<DataId, Diagnostic> {
        if let Some(&id) = self.strings.get(bytes) {
            return Ok(id);
        }
        let id = self
            .jit
            .declare_anonymous_data(false, false)
            .map_err(|e| super::backend_error(loc, &e))?;
        let mut data = DataDescription::new();
        data.define([bytes, &[0]].concat().into_boxed_slice());
        self.jit
            .define_data(id, &data)
            .map_err(|e| super::backend_error(loc, &e))?;
        self.strings.insert(bytes.to_vec(), id);
        Ok(id)
    }

    /// An empty signature in the host's calling convention.
    pub fn jit_signature(&self) -> Signature {
        self.jit.make_signature()
    }

    /// The C library function `name` with signature `sig`, imported once.
    pub fn libcall(
        &mut self,
        name: &str,
        sig: &Signature,
        loc: Location,
    ) -> Result<FuncId, Diagnostic> {
        if let Some(&id) = self.libcalls.get(name) {
            return Ok(id);
        }
        // A declaration of the same function in the module is the same import;
        // a definition of that name would shadow the C library's function.
        if let Some(&id) = self.funcs.get(name) {
            let decl = self.jit.declarations().get_function_decl(id);
            if decl.linkage == Linkage::Import && decl.signature == *sig {
                return Ok(id);
            }
            return Err(Diagnostic::error(
                loc,
                format!(
                    "needs the C library's '{name}', but the module declares a function \
                     of that name with another definition or signature"
                ),
            ));
        }
        let id = self
            .jit
            .declare_function(name, Linkage::Import, sig)
            .map_err(|e| super::backend_error(loc, &e))?;
        self.libcalls.insert(name.to_string(), id);
        self.imports.push((name.to_string(), loc));
        Ok(id)
    }
}

/// Lower every function of the top-level `builtin.module` `module`: defined
/// into `jit`, or, with `print`, only printed.
pub(super) fn lower_module(
    ctx: &Context,
    module: OpId,
    jit: &mut JITModule,
    print: bool,
) -> Result<Lowered, Diagnostic> {
    if !ctx.is_op(module, "builtin.module") {
        return Err(ctx.op_error(module, "the Cranelift target expects a 'builtin.module'"));
    }
    let mut state = ModuleState {
        jit,
        funcs: HashMap::new(),
        globals: HashMap::new(),
        strings: HashMap::new(),
        libcalls: HashMap::new(),
        imports: Vec::new(),
    };
    let bodies = declare_symbols(ctx, module, &mut state)?;
    let mut lowered = Lowered {
        defined: Vec::new(),
        imports: Vec::new(),
        clif: Vec::new(),
        globals: Vec::new(),
    };
    let mut clif_ctx = state.jit.make_context();
    let mut builder_ctx = FunctionBuilderContext::new();
    for (op, name, id, sig) in bodies {
        clif_ctx.func.signature = sig;
        clif_ctx.func.name = UserFuncName::user(0, id.as_u32());
        lower_function(ctx, &mut state, op, &mut clif_ctx.func, &mut builder_ctx)?;
        if print {
            lowered
                .clif
                .push(format!("; @{name}\n{}\n", clif_ctx.func.display()));
        } else {
            define(ctx, &mut state, op, id, &mut clif_ctx)?;
        }
        state.jit.clear_context(&mut clif_ctx);
        lowered.defined.push((name, id));
    }
    lowered.imports = state.imports;
    lowered.globals = state.globals.into_iter().collect();
    Ok(lowered)
}

/// Compile one lowered function; Cranelift's verifier errors name the op.
fn define(
    ctx: &Context,
    state: &mut ModuleState,
    op: OpId,
    id: FuncId,
    clif_ctx: &mut ClifContext,
) -> Result<(), Diagnostic> {
    state.jit.define_function(id, clif_ctx).map_err(|e| {
        let detail = match &e {
            cranelift_module::ModuleError::Compilation(
                cranelift_codegen::CodegenError::Verifier(errors),
            ) => format!("{errors}"),
            other => format!("{other}"),
        };
        ctx.op_error(
            op,
            format!("the Cranelift target failed to compile it: {detail}"),
        )
    })
}

/// A function with a body to lower: the op, its name, its id and signature.
type Body = (OpId, String, FuncId, Signature);

/// Declare every function and global of the module (so calls and addresses
/// may refer forward) and define the globals' data.
fn declare_symbols(
    ctx: &Context,
    module: OpId,
    state: &mut ModuleState,
) -> Result<Vec<Body>, Diagnostic> {
    let mut bodies = Vec::new();
    let Some(block) = ctx.entry_block(ctx.region(module, 0)) else {
        return Ok(bodies);
    };
    let mut globals = Vec::new();
    for op in ctx.block_ops(block) {
        match ctx.op_name_text(op) {
            "func.func" => {
                if let Some(body) = declare_function(ctx, op, state)? {
                    bodies.push(body);
                }
            }
            "cuda.global_var" => globals.push((op, declare_global(ctx, op, state)?)),
            _ => return Err(super::function::unsupported(ctx, op)),
        }
    }
    // Defined once every symbol is declared: an initializer may hold the
    // address of a function or variable declared after it.
    for (op, id) in globals {
        define_global(ctx, op, id, state)?;
    }
    Ok(bodies)
}

fn symbol_name(ctx: &Context, op: OpId) -> Result<String, Diagnostic> {
    ctx.symbol_name(op)
        .map(str::to_string)
        .ok_or_else(|| ctx.op_error(op, "has no 'sym_name'"))
}

fn declare_function(
    ctx: &Context,
    op: OpId,
    state: &mut ModuleState,
) -> Result<Option<Body>, Diagnostic> {
    let name = symbol_name(ctx, op)?;
    let sig = signature(ctx, op, state.jit.make_signature())?;
    let has_body = !ctx.region_is_empty(ctx.region(op, 0));
    let linkage = if has_body {
        Linkage::Export
    } else {
        Linkage::Import
    };
    let id = state
        .jit
        .declare_function(&name, linkage, &sig)
        .map_err(|e| ctx.op_error(op, format!("cannot be declared to Cranelift: {e}")))?;
    state.funcs.insert(name.clone(), id);
    if !has_body {
        state.imports.push((name, ctx.loc(op)));
        return Ok(None);
    }
    Ok(Some((op, name, id, sig)))
}

/// `cuda.global_var`: a writable data object, declared.
fn declare_global(ctx: &Context, op: OpId, state: &mut ModuleState) -> Result<DataId, Diagnostic> {
    let name = symbol_name(ctx, op)?;
    let id = state
        .jit
        .declare_data(&name, Linkage::Local, true, false)
        .map_err(|e| ctx.op_error(op, format!("cannot be declared: {e}")))?;
    state.globals.insert(name, id);
    Ok(id)
}

/// Define the data object `id` of `cuda.global_var` `op`: laid out by
/// `cuda::global_var_bytes` (`initial_value` or zeros, aligned), with a
/// relocation for each address it is initialized with
/// (`cuda::global_var_addresses`).
fn define_global(
    ctx: &Context,
    op: OpId,
    id: DataId,
    state: &mut ModuleState,
) -> Result<(), Diagnostic> {
    let (bytes, align) = global_var_bytes(ctx, op)?;
    let mut data = DataDescription::new();
    data.define(bytes.into_boxed_slice());
    data.set_align(align);
    for (offset, address) in global_var_addresses(ctx, op)? {
        let offset = u32::try_from(offset)
            .map_err(|_| ctx.op_error(op, "is too large to hold addresses"))?;
        match address {
            Address::Null => {}
            Address::String(text) => {
                let s = state.string_literal(&text, ctx.loc(op))?;
                let gv = state.jit.declare_data_in_data(s, &mut data);
                data.write_data_addr(offset, gv, 0);
            }
            Address::Symbol(name) => {
                if let Some(&f) = state.funcs.get(&name) {
                    let f = state.jit.declare_func_in_data(f, &mut data);
                    data.write_function_addr(offset, f);
                } else if let Some(&g) = state.globals.get(&name) {
                    let gv = state.jit.declare_data_in_data(g, &mut data);
                    data.write_data_addr(offset, gv, 0);
                } else {
                    return Err(ctx.op_error(
                        op,
                        format!("holds the address of '@{name}', which is no function or variable of the module"),
                    ));
                }
            }
        }
    }
    state
        .jit
        .define_data(id, &data)
        .map_err(|e| ctx.op_error(op, format!("cannot be defined: {e}")))
}
