//! What the module holds besides code: which functions go in, where device
//! variables and string literals live in memory, the imports, and the
//! exports that tell a host about kernels and variables (docs/wasm-abi.md).

use super::function::{symbol_ref_name, wasm_type};
use cuwasm::{AttrData, BlockId, Builder, Context, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi;
use cuwasm_dialects::cuda::{MemSpace, global_var_bytes};
use cuwasm_dialects::wasm;
use std::collections::{HashMap, HashSet};

/// Where the module's data starts: the first KiB stays unused.
pub const DATA_START: u64 = 1024;
const PAGE: u64 = 65536;
/// The bit of a `#param_sizes` entry marking a by-value struct (docs/wasm-abi.md).
pub const BYVAL_FLAG: u32 = 1 << 31;

/// The kernels and, transitively, the functions they call, in module order.
pub fn device_functions(ctx: &Context, top: BlockId) -> Result<Vec<OpId>, Diagnostic> {
    let funcs: HashMap<&str, OpId> = ctx
        .block_ops(top)
        .filter(|&op| ctx.is_op(op, "func.func"))
        .filter_map(|op| Some((ctx.symbol_name(op)?, op)))
        .collect();
    let mut work: Vec<OpId> = ctx
        .block_ops(top)
        .filter(|&op| ctx.attr(op, cpu_abi::KERNEL_ATTR).is_some())
        .collect();
    let mut seen: HashSet<OpId> = work.iter().copied().collect();
    while let Some(f) = work.pop() {
        for op in ctx.walk_preorder(f) {
            if !ctx.is_op(op, "func.call") {
                continue;
            }
            let callee = ctx.prop(op, "callee").and_then(|a| symbol_ref_name(ctx, a));
            let Some(&target) = callee.and_then(|c| funcs.get(c)) else {
                return Err(ctx.op_error(op, "calls a function the module does not declare"));
            };
            if seen.insert(target) {
                work.push(target);
            }
        }
    }
    Ok(ctx.block_ops(top).filter(|op| seen.contains(op)).collect())
}

/// The module's memory image and symbols, filled while functions convert.
pub struct Layout {
    next: u64,
    data: Vec<(u64, Vec<u8>)>,
    /// Device variables by flat name: (offset, bytes).
    globals: HashMap<String, (u64, u64)>,
    strings: HashMap<Vec<u8>, u64>,
    imports: HashSet<String>,
    exports: Vec<(String, u64)>,
}

impl Layout {
    /// Place every `__device__`/`__constant__` variable of the module.
    pub fn new(ctx: &Context, top: BlockId, funcs: &[OpId]) -> Result<Layout, Diagnostic> {
        let mut l = Layout {
            next: DATA_START,
            data: Vec::new(),
            globals: HashMap::new(),
            strings: HashMap::new(),
            imports: HashSet::new(),
            exports: Vec::new(),
        };
        for op in ctx
            .block_ops(top)
            .filter(|&op| ctx.is_op(op, "cuda.global_var"))
        {
            if MemSpace::from_prop(ctx, op, "space")? == Some(MemSpace::Host) {
                continue;
            }
            let (bytes, align) = global_var_bytes(ctx, op)?;
            let name = ctx.symbol_name(op).unwrap_or("").to_string();
            let size = bytes.len() as u64;
            let offset = l.place(bytes, align);
            l.exports.push((format!("{name}#offset"), offset));
            l.exports.push((format!("{name}#bytes"), size));
            l.globals.insert(name, (offset, size));
        }
        for &f in funcs {
            l.kernel_exports(ctx, f);
        }
        Ok(l)
    }

    fn kernel_exports(&mut self, ctx: &Context, f: OpId) {
        if ctx.attr(f, cpu_abi::KERNEL_ATTR).is_none() {
            return;
        }
        let name = ctx.symbol_name(f).unwrap_or("");
        let int = |key| ctx.attr(f, key).and_then(|a| ctx.attr_int(a)).unwrap_or(0) as u64;
        for (suffix, key) in [
            ("static_shared_bytes", cpu_abi::STATIC_SHARED_BYTES_ATTR),
            ("per_thread_bytes", cpu_abi::PER_THREAD_BYTES_ATTR),
            ("num_params", cpu_abi::NUM_PARAMS_ATTR),
        ] {
            self.exports.push((format!("{name}#{suffix}"), int(key)));
        }
        let array = |key| match ctx.attr(f, key).map(|a| ctx.attr_data(a)) {
            Some(AttrData::DenseArray { values, .. }) => values.clone(),
            _ => Vec::new(),
        };
        let byval = array(cpu_abi::BYVAL_BYTES_ATTR);
        let sizes = array(cpu_abi::PARAM_SIZES_ATTR)
            .into_iter()
            .enumerate()
            .map(|(i, size)| match byval.get(i).copied().unwrap_or(0) {
                0 => size as u32,
                bytes => bytes as u32 | BYVAL_FLAG,
            });
        let bytes: Vec<u8> = sizes.flat_map(u32::to_le_bytes).collect();
        let offset = self.place(bytes, 4);
        self.exports.push((format!("{name}#param_sizes"), offset));
    }

    /// Put `bytes` at the next offset aligned to `align`; returns the offset.
    fn place(&mut self, bytes: Vec<u8>, align: u64) -> u64 {
        let offset = self.next.next_multiple_of(align.max(1));
        self.next = offset + bytes.len() as u64;
        if bytes.iter().any(|&b| b != 0) {
            self.data.push((offset, bytes));
        }
        offset
    }

    /// The offset of device variable `name`.
    pub fn global(&self, name: &str) -> Option<u64> {
        self.globals.get(name).map(|g| g.0)
    }

    /// The offset of a NUL-terminated copy of `bytes` (one per distinct literal).
    pub fn string(&mut self, bytes: &[u8]) -> u64 {
        if let Some(&o) = self.strings.get(bytes) {
            return o;
        }
        let mut data = bytes.to_vec();
        data.push(0);
        let offset = self.place(data, 1);
        self.strings.insert(bytes.to_vec(), offset);
        offset
    }

    /// Import the bodiless `func.func` `f` from `env` under its own name.
    pub fn import(&mut self, ctx: &mut Context, body: BlockId, f: OpId) -> Result<(), Diagnostic> {
        let name = ctx.symbol_name(f).unwrap_or("").to_string();
        let Some((inputs, results)) = cuwasm_dialects::func::function_signature(ctx, f) else {
            return Err(ctx.op_error(f, "has no function type"));
        };
        let convert = |ctx: &Context, tys: &[cuwasm::Type]| -> Result<Vec<_>, Diagnostic> {
            tys.iter().map(|&t| wasm_type(ctx, f, t)).collect()
        };
        let (inputs, results) = (convert(ctx, &inputs)?, convert(ctx, &results)?);
        self.import_function(ctx, body, &name, &inputs, &results);
        Ok(())
    }

    /// Make sure `env.name` of type `inputs -> results` is imported as `@name`.
    pub fn import_function(
        &mut self,
        ctx: &mut Context,
        body: BlockId,
        name: &str,
        inputs: &[cuwasm::Type],
        results: &[cuwasm::Type],
    ) {
        if !self.imports.insert(name.to_string()) {
            return;
        }
        let fty = ctx.function_type(inputs, results);
        let mut b = Builder::at_end(ctx, body);
        let props = [
            ("sym_name", b.string_attr(name)),
            ("module", b.string_attr("env")),
            ("name", b.string_attr(name)),
            ("function_type", b.type_attr(fty)),
        ];
        wasm::ImportFuncOp::build(&mut b, &[], &[], &props);
    }

    /// Write the data segments and exports, and size the memory.
    pub fn finish(self, ctx: &mut Context, module: OpId, body: BlockId) {
        let data_end = self.next.next_multiple_of(16);
        let mut b = Builder::at_end(ctx, body);
        for (offset, bytes) in self.data {
            let props = [
                ("offset", b.int_attr(b.i64(), offset as i128)),
                (
                    "bytes",
                    b.intern_attr(AttrData::String {
                        value: bytes.into(),
                        ty: None,
                    }),
                ),
            ];
            wasm::DataOp::build(&mut b, &[], &[], &props);
        }
        let exports = self
            .exports
            .into_iter()
            .chain([("cuwasm_data_end".to_string(), data_end)]);
        for (name, value) in exports {
            let props = [
                ("export_name", b.string_attr(&name)),
                ("value", b.int_attr(b.i64(), value as i128)),
            ];
            wasm::ExportI32Op::build(&mut b, &[], &[], &props);
        }
        let pages = b.int_attr(b.i64(), data_end.div_ceil(PAGE).max(1) as i128);
        b.set_prop(module, "min_pages", Some(pages));
    }
}
