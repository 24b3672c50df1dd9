//! The sections of a module (docs/wasm-abi.md): memory 0 and global 0
//! (`env.memory_base`) imported, then the imported functions; the
//! `wasm.func`s; one immutable `i32` global per `wasm.export_i32`; passive
//! data segments copied by the exported `cuwasm_init`.

use super::function::{self, val_type};
use cuwasm::{AttrData, Context, Diagnostic, OpId, Type};
use std::collections::HashMap;
use wasm_encoder::{
    CodeSection, ConstExpr, DataCountSection, DataSection, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, GlobalSection, GlobalType, ImportSection, Instruction, MemArg,
    MemoryType, Module, TypeSection, ValType,
};

/// Function types, each once.
#[derive(Default)]
pub(super) struct Types {
    section: TypeSection,
    index: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
}

impl Types {
    pub fn get(&mut self, params: Vec<ValType>, results: Vec<ValType>) -> u32 {
        let next = self.index.len() as u32;
        *self
            .index
            .entry((params.clone(), results.clone()))
            .or_insert_with(|| {
                self.section.ty().function(params, results);
                next
            })
    }
}

/// The value types of a function type attribute.
fn signature(ctx: &Context, op: OpId) -> Result<(Vec<ValType>, Vec<ValType>), Diagnostic> {
    let (inputs, results) = cuwasm_dialects::wasm::signature(ctx, op);
    let convert = |tys: Vec<Type>| -> Result<Vec<ValType>, Diagnostic> {
        tys.into_iter().map(|t| val_type(ctx, op, t)).collect()
    };
    Ok((convert(inputs)?, convert(results)?))
}

fn str_prop<'c>(ctx: &'c Context, op: OpId, name: &str) -> &'c str {
    ctx.prop(op, name)
        .and_then(|a| ctx.attr_str(a))
        .unwrap_or("")
}

fn int_prop(ctx: &Context, op: OpId, name: &str) -> u64 {
    ctx.prop(op, name)
        .and_then(|a| ctx.attr_int(a))
        .unwrap_or(0) as u64
}

pub(super) fn encode(ctx: &Context, module_op: OpId) -> Result<Vec<u8>, Diagnostic> {
    let body = ctx.entry_block(ctx.region(module_op, 0)).unwrap();
    let ops: Vec<OpId> = ctx.block_ops(body).collect();
    let of = |name: &'static str| ops.iter().copied().filter(move |&op| ctx.is_op(op, name));
    let mut types = Types::default();

    let mut imports = ImportSection::new();
    let memory64 = ctx.prop(module_op, "memory64").is_some();
    let memory = MemoryType {
        minimum: int_prop(ctx, module_op, "min_pages").max(1),
        // 4 GiB, or 1 TiB for a 64-bit memory.
        maximum: Some(if memory64 { 1 << 24 } else { 1 << 16 }),
        memory64,
        shared: ctx.prop(module_op, "shared_memory").is_some(),
        page_size_log2: None,
    };
    imports.import("env", "memory", memory);
    let base = GlobalType {
        val_type: ValType::I64,
        mutable: false,
        shared: false,
    };
    imports.import("env", "memory_base", base);
    let mut func_index: HashMap<String, u32> = HashMap::new();
    for op in of("wasm.import_func") {
        let (params, results) = signature(ctx, op)?;
        let ty = types.get(params, results);
        imports.import(
            str_prop(ctx, op, "module"),
            str_prop(ctx, op, "name"),
            EntityType::Function(ty),
        );
        let sym = ctx.symbol_name(op).unwrap_or("").to_string();
        func_index.insert(sym, func_index.len() as u32);
    }

    let funcs: Vec<OpId> = of("wasm.func").collect();
    let mut functions = FunctionSection::new();
    let mut exports = ExportSection::new();
    for &f in &funcs {
        let (params, results) = signature(ctx, f)?;
        functions.function(types.get(params, results));
        let index = func_index.len() as u32;
        func_index.insert(ctx.symbol_name(f).unwrap_or("").to_string(), index);
        if let Some(name) = ctx.prop(f, "export_name").and_then(|a| ctx.attr_str(a)) {
            exports.export(name, ExportKind::Func, index);
        }
    }
    let init_index = func_index.len() as u32;
    functions.function(types.get(vec![], vec![]));
    exports.export("cuwasm_init", ExportKind::Func, init_index);

    let mut globals = GlobalSection::new();
    for (i, op) in of("wasm.export_i32").enumerate() {
        let ty = GlobalType {
            val_type: ValType::I32,
            mutable: false,
            shared: false,
        };
        globals.global(
            ty,
            &ConstExpr::i32_const(int_prop(ctx, op, "value") as u32 as i32),
        );
        // Global 0 is the imported memory_base.
        exports.export(
            str_prop(ctx, op, "export_name"),
            ExportKind::Global,
            i as u32 + 1,
        );
    }

    let mut code = CodeSection::new();
    for &f in &funcs {
        code.function(&function::encode(ctx, f, &func_index, &mut types)?);
    }
    let mut data = DataSection::new();
    let mut init = Function::new([]);
    for (k, op) in of("wasm.data").enumerate() {
        let bytes = match ctx.prop(op, "bytes").map(|a| ctx.attr_data(a)) {
            Some(AttrData::String { value, .. }) => value.to_vec(),
            _ => return Err(ctx.op_error(op, "needs string 'bytes'")),
        };
        let k = k as u32;
        let offset = int_prop(ctx, op, "offset");
        init.instruction(&match memory64 {
            true => Instruction::I64Const(offset as i64),
            false => Instruction::I32Const(offset as i32),
        });
        init.instruction(&Instruction::I32Const(0));
        init.instruction(&Instruction::I32Const(bytes.len() as i32));
        init.instruction(&Instruction::MemoryInit {
            mem: 0,
            data_index: k,
        });
        init.instruction(&Instruction::DataDrop(k));
        data.passive(bytes);
    }
    init.instruction(&Instruction::End);
    code.function(&init);

    let mut module = Module::new();
    module.section(&types.section);
    module.section(&imports);
    module.section(&functions);
    module.section(&globals);
    module.section(&exports);
    module.section(&DataCountSection { count: data.len() });
    module.section(&code);
    module.section(&data);
    Ok(module.finish())
}

/// A memory access's immediate: `align` in bytes as the log2 Wasm encodes.
pub(super) fn mem_arg(offset: u64, align: u64) -> MemArg {
    MemArg {
        offset,
        align: align.max(1).trailing_zeros(),
        memory_index: 0,
    }
}
