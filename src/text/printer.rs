//! The printer of MLIR's generic textual format, byte-compatible with
//! `mlir-opt --mlir-print-op-generic --mlir-print-local-scope` (plus
//! `--mlir-print-debuginfo` when locations are asked for).

use super::lexer::escape;
use crate::{
    Attr, AttrData, BlockId, Context, DYNAMIC, DenseValues, Location, LocationData, OpId, RegionId,
    Signedness, Type, TypeData, ValueId, float,
};
use rustc_hash::FxHashMap;
use std::fmt::Write;

/// What to print besides the IR itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrintOptions {
    /// Print `loc(...)` after every op and block argument.
    pub debug_info: bool,
}

#[derive(Clone, Copy)]
enum ValueName {
    Unnamed,
    Arg(u32),
    Value(u32),
    /// Result `index` of a multi-result op named `%base`.
    Result {
        base: u32,
        index: u32,
    },
}

/// SSA and block names, numbered as MLIR's generic printer does (unique ids
/// across the whole output): a stack of regions, the last pushed numbered first;
/// after a region is numbered, the regions of its ops are pushed in order.
struct Names {
    values: Vec<ValueName>,
    blocks: FxHashMap<BlockId, u32>,
}

impl Names {
    fn new(ctx: &Context, root: OpId) -> Names {
        let mut names = Names {
            values: vec![ValueName::Unnamed; ctx.values.len()],
            blocks: FxHashMap::default(),
        };
        let (mut next_value, mut next_arg) = (0u32, 0u32);
        let mut stack: Vec<RegionId> = ctx.regions(root).to_vec();
        while let Some(region) = stack.pop() {
            for (i, &block) in ctx.region_blocks(region).iter().enumerate() {
                names.blocks.insert(block, i as u32);
                for &arg in ctx.block_args(block) {
                    names.values[arg.index()] = if i == 0 {
                        next_arg += 1;
                        ValueName::Arg(next_arg - 1)
                    } else {
                        next_value += 1;
                        ValueName::Value(next_value - 1)
                    };
                }
                for op in ctx.block_ops(block) {
                    names.number_results(ctx, op, &mut next_value);
                }
            }
            for &block in ctx.region_blocks(region) {
                for op in ctx.block_ops(block) {
                    stack.extend_from_slice(ctx.regions(op));
                }
            }
        }
        names
    }

    fn number_results(&mut self, ctx: &Context, op: OpId, next_value: &mut u32) {
        let n = ctx.num_results(op);
        if n == 0 {
            return;
        }
        let base = *next_value;
        *next_value += 1;
        for (i, r) in ctx.results(op).enumerate() {
            self.values[r.index()] = if n == 1 {
                ValueName::Value(base)
            } else {
                ValueName::Result {
                    base,
                    index: i as u32,
                }
            };
        }
    }
}

struct Printer<'a> {
    ctx: &'a Context,
    opts: PrintOptions,
    names: Names,
    out: String,
    /// Where full lines go once `out` grows past a chunk (streaming keeps memory flat).
    sink: Option<&'a mut dyn std::io::Write>,
    error: Option<std::io::Error>,
}

impl Printer<'_> {
    fn flush_chunk(&mut self, force: bool) {
        if !(force || self.out.len() > 1 << 16) {
            return;
        }
        if let Some(sink) = self.sink.as_mut() {
            if let Err(e) = sink.write_all(self.out.as_bytes()) {
                self.error.get_or_insert(e);
            }
            self.out.clear();
        }
    }
}

impl Context {
    /// Print `op` (usually a module) in generic form, with a trailing newline.
    pub fn print_op(&self, op: OpId, opts: PrintOptions) -> String {
        let mut p = Printer {
            ctx: self,
            opts,
            names: Names::new(self, op),
            out: String::with_capacity(4096),
            sink: None,
            error: None,
        };
        p.op(op, 0);
        p.out.push('\n');
        p.out
    }

    /// Print `op` like [`print_op`](Self::print_op), streaming into `w` as it goes.
    pub fn print_op_to(
        &self,
        op: OpId,
        opts: PrintOptions,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut p = Printer {
            ctx: self,
            opts,
            names: Names::new(self, op),
            out: String::with_capacity(1 << 17),
            sink: Some(w),
            error: None,
        };
        p.op(op, 0);
        p.out.push('\n');
        p.flush_chunk(true);
        match p.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    pub fn type_to_string(&self, ty: Type) -> String {
        let mut s = String::new();
        write_type(self, ty, &mut s);
        s
    }

    pub fn attr_to_string(&self, attr: Attr) -> String {
        let mut s = String::new();
        write_attr(self, attr, &mut s);
        s
    }

    pub fn loc_to_string(&self, loc: Location) -> String {
        let mut s = String::new();
        write_attr(self, loc.0, &mut s);
        s
    }
}

impl Printer<'_> {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    fn value(&mut self, v: ValueId) {
        let name = self
            .names
            .values
            .get(v.index())
            .copied()
            .unwrap_or(ValueName::Unnamed);
        let _ = match name {
            ValueName::Unnamed => write!(self.out, "%<<UNKNOWN SSA VALUE>>"),
            ValueName::Arg(n) => write!(self.out, "%arg{n}"),
            ValueName::Value(n) => write!(self.out, "%{n}"),
            ValueName::Result { base, index } => write!(self.out, "%{base}#{index}"),
        };
    }

    fn block_name(&mut self, b: BlockId) {
        match self.names.blocks.get(&b) {
            Some(n) => {
                let _ = write!(self.out, "^bb{n}");
            }
            None => self.out.push_str("<<UNKNOWN BLOCK>>"),
        }
    }

    fn op(&mut self, op: OpId, level: usize) {
        let ctx = self.ctx;
        self.indent(level);
        let n = ctx.num_results(op);
        if n > 0 {
            let first = ctx.result(op, 0);
            match self.names.values[first.index()] {
                ValueName::Result { base, .. } => {
                    let _ = write!(self.out, "%{base}:{n}");
                }
                _ => self.value(first),
            }
            self.out.push_str(" = ");
        }
        self.out.push('"');
        escape(ctx.op_name_text(op).as_bytes(), &mut self.out);
        self.out.push_str("\"(");
        for (i, v) in ctx.operands(op).iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.value(*v);
        }
        self.out.push(')');
        if !ctx.successors(op).is_empty() {
            self.out.push('[');
            for (i, b) in ctx.successors(op).iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.block_name(*b);
            }
            self.out.push(']');
        }
        let props = ctx.properties(op);
        if !ctx.dict_entries(props).is_empty() {
            self.out.push_str(" <");
            write_attr(ctx, props, &mut self.out);
            self.out.push('>');
        }
        if !ctx.regions(op).is_empty() {
            self.out.push_str(" (");
            for (i, r) in ctx.regions(op).iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.region(*r, level);
            }
            self.out.push(')');
        }
        let attrs = ctx.attributes(op);
        if !ctx.dict_entries(attrs).is_empty() {
            self.out.push(' ');
            write_attr(ctx, attrs, &mut self.out);
        }
        self.out.push_str(" : (");
        for (i, v) in ctx.operands(op).iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            write_type(ctx, ctx.value_type(*v), &mut self.out);
        }
        self.out.push_str(") -> ");
        let results: Vec<Type> = ctx.results(op).map(|v| ctx.value_type(v)).collect();
        write_result_types(ctx, &results, &mut self.out);
        self.loc(ctx.loc(op));
    }

    fn loc(&mut self, loc: Location) {
        if self.opts.debug_info {
            self.out.push(' ');
            write_attr(self.ctx, loc.0, &mut self.out);
        }
    }

    fn region(&mut self, region: RegionId, level: usize) {
        let ctx = self.ctx;
        self.out.push_str("{\n");
        let blocks = ctx.region_blocks(region);
        let preds = predecessor_lists(ctx, blocks);
        for (i, &b) in blocks.iter().enumerate() {
            let header = i > 0 || !ctx.block_args(b).is_empty() || ctx.block_is_empty(b);
            if header {
                self.block_header(b, i == 0, &preds[i], level);
            }
            for op in ctx.block_ops(b) {
                self.op(op, level + 1);
                self.out.push('\n');
                self.flush_chunk(false);
            }
        }
        self.indent(level);
        self.out.push('}');
    }

    fn block_header(&mut self, b: BlockId, entry: bool, preds: &[BlockId], level: usize) {
        let ctx = self.ctx;
        self.indent(level);
        self.block_name(b);
        let args = ctx.block_args(b);
        if !args.is_empty() {
            self.out.push('(');
            for (i, &a) in args.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.value(a);
                self.out.push_str(": ");
                write_type(ctx, ctx.value_type(a), &mut self.out);
                self.loc(ctx.block_arg_loc(b, i));
            }
            self.out.push(')');
        }
        self.out.push(':');
        match preds.len() {
            0 if !entry => self.out.push_str("  // no predecessors"),
            0 => {}
            1 => {
                self.out.push_str("  // pred: ");
                self.block_name(preds[0]);
            }
            n => {
                let _ = write!(self.out, "  // {n} preds: ");
                for (i, p) in preds.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.block_name(*p);
                }
            }
        }
        self.out.push('\n');
    }
}

/// For each block of a region, its predecessors (with repeats, in block order).
fn predecessor_lists(ctx: &Context, blocks: &[BlockId]) -> Vec<Vec<BlockId>> {
    let mut preds = vec![Vec::new(); blocks.len()];
    if blocks.len() < 2 {
        return preds;
    }
    let index: FxHashMap<BlockId, usize> =
        blocks.iter().enumerate().map(|(i, b)| (*b, i)).collect();
    for &b in blocks {
        for s in ctx.block_successors(b) {
            if let Some(&i) = index.get(s) {
                preds[i].push(b);
            }
        }
    }
    preds
}

fn write_result_types(ctx: &Context, results: &[Type], out: &mut String) {
    let single_plain =
        results.len() == 1 && !matches!(ctx.type_data(results[0]), TypeData::Function { .. });
    if single_plain {
        write_type(ctx, results[0], out);
        return;
    }
    out.push('(');
    write_type_list(ctx, results, out);
    out.push(')');
}

fn write_type_list(ctx: &Context, types: &[Type], out: &mut String) {
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_type(ctx, *t, out);
    }
}

fn write_dims(shape: &[i64], scalable: Option<&[bool]>, out: &mut String) {
    for (i, d) in shape.iter().enumerate() {
        let sc = scalable.is_some_and(|s| s[i]);
        if sc {
            out.push('[');
        }
        if *d == DYNAMIC {
            out.push('?');
        } else {
            let _ = write!(out, "{d}");
        }
        if sc {
            out.push(']');
        }
        out.push('x');
    }
}

fn write_type(ctx: &Context, ty: Type, out: &mut String) {
    match ctx.type_data(ty) {
        TypeData::Integer { width, signedness } => {
            let prefix = match signedness {
                Signedness::Signless => "i",
                Signedness::Signed => "si",
                Signedness::Unsigned => "ui",
            };
            let _ = write!(out, "{prefix}{width}");
        }
        TypeData::Index => out.push_str("index"),
        TypeData::Float(k) => out.push_str(k.keyword()),
        TypeData::None => out.push_str("none"),
        TypeData::Vector {
            shape,
            scalable,
            element,
        } => {
            out.push_str("vector<");
            write_dims(shape, Some(scalable), out);
            write_type(ctx, *element, out);
            out.push('>');
        }
        TypeData::Tensor {
            shape,
            element,
            encoding,
        } => {
            out.push_str("tensor<");
            match shape {
                Some(s) => write_dims(s, None, out),
                None => out.push_str("*x"),
            }
            write_type(ctx, *element, out);
            if let Some(e) = encoding {
                out.push_str(", ");
                write_attr(ctx, *e, out);
            }
            out.push('>');
        }
        TypeData::MemRef {
            shape,
            element,
            layout,
            space,
        } => {
            out.push_str("memref<");
            match shape {
                Some(s) => write_dims(s, None, out),
                None => out.push_str("*x"),
            }
            write_type(ctx, *element, out);
            for a in [layout, space].into_iter().flatten() {
                out.push_str(", ");
                write_memory_space(ctx, *a, out);
            }
            out.push('>');
        }
        TypeData::Complex(e) => {
            out.push_str("complex<");
            write_type(ctx, *e, out);
            out.push('>');
        }
        TypeData::Tuple(elems) => {
            out.push_str("tuple<");
            write_type_list(ctx, elems, out);
            out.push('>');
        }
        TypeData::Function { inputs, results } => {
            out.push('(');
            write_type_list(ctx, inputs, out);
            out.push_str(") -> ");
            write_result_types(ctx, results, out);
        }
        TypeData::Dialect { name, body } => {
            out.push('!');
            out.push_str(ctx.symbol_str(*name));
            write_body(body.as_deref(), out);
        }
    }
}

/// Integer memory spaces print bare (`memref<4xf32, 1>`), as MLIR elides their `i64`.
fn write_memory_space(ctx: &Context, attr: Attr, out: &mut String) {
    match ctx.attr_data(attr) {
        AttrData::Integer { value, ty } if ctx.int_width(*ty) == Some(64) => {
            let _ = write!(out, "{value}");
        }
        _ => write_attr(ctx, attr, out),
    }
}

fn write_body(body: Option<&str>, out: &mut String) {
    if let Some(b) = body {
        out.push('<');
        out.push_str(b);
        out.push('>');
    }
}

fn is_bare_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.'))
}

/// MLIR's `isBareIdentifier`: a letter or `_`, then letters, digits, `_`, `$`, `.`.
fn is_bare_symbol(s: &str) -> bool {
    let b = s.as_bytes();
    b.first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.'))
}

fn write_quoted(s: &str, out: &mut String) {
    write_quoted_bytes(s.as_bytes(), out);
}

fn write_quoted_bytes(s: &[u8], out: &mut String) {
    out.push('"');
    escape(s, out);
    out.push('"');
}

fn write_symbol(s: &str, out: &mut String) {
    out.push('@');
    if is_bare_symbol(s) {
        out.push_str(s);
    } else {
        write_quoted(s, out);
    }
}

fn write_int(ctx: &Context, value: i128, ty: Type, out: &mut String) {
    match ctx.type_data(ty) {
        TypeData::Integer {
            width: 1,
            signedness: Signedness::Signless,
        } => out.push_str(if value != 0 { "true" } else { "false" }),
        TypeData::Integer {
            signedness: Signedness::Unsigned,
            ..
        } => {
            let _ = write!(out, "{}", value as u128);
        }
        _ => {
            let _ = write!(out, "{value}");
        }
    }
}

fn write_float(ctx: &Context, bits: u64, ty: Type, out: &mut String) {
    match ctx.float_kind(ty) {
        Some(kind) => out.push_str(&float::format(kind, bits)),
        None => {
            let _ = write!(out, "0x{bits:X}");
        }
    }
}

fn write_attr(ctx: &Context, attr: Attr, out: &mut String) {
    match ctx.attr_data(attr) {
        AttrData::Unit => out.push_str("unit"),
        AttrData::UntypedInteger(value) => {
            let _ = write!(out, "{value}");
        }
        AttrData::Integer { value, ty } => {
            write_int(ctx, *value, *ty, out);
            if *ctx.type_data(*ty)
                != (TypeData::Integer {
                    width: 1,
                    signedness: Signedness::Signless,
                })
            {
                out.push_str(" : ");
                write_type(ctx, *ty, out);
            }
        }
        AttrData::Float { bits, ty } => {
            write_float(ctx, *bits, *ty, out);
            out.push_str(" : ");
            write_type(ctx, *ty, out);
        }
        AttrData::String { value, ty } => {
            write_quoted_bytes(value, out);
            if let Some(t) = ty {
                out.push_str(" : ");
                write_type(ctx, *t, out);
            }
        }
        AttrData::Type(t) => write_type(ctx, *t, out),
        AttrData::Array(items) => {
            out.push('[');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_attr(ctx, *a, out);
            }
            out.push(']');
        }
        AttrData::Dictionary(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let key = ctx.symbol_str(*k);
                if is_bare_identifier(key) {
                    out.push_str(key);
                } else {
                    write_quoted(key, out);
                }
                if !matches!(ctx.attr_data(*v), AttrData::Unit) {
                    out.push_str(" = ");
                    write_attr(ctx, *v, out);
                }
            }
            out.push('}');
        }
        AttrData::SymbolRef { root, nested } => {
            write_symbol(ctx.symbol_str(*root), out);
            for n in nested {
                out.push_str("::");
                write_symbol(ctx.symbol_str(*n), out);
            }
        }
        AttrData::Dense { ty, values, splat } => {
            out.push_str("dense<");
            let element = ctx.element_type(*ty);
            let shape = match ctx.type_data(*ty) {
                TypeData::Vector { shape, .. }
                | TypeData::Tensor {
                    shape: Some(shape), ..
                } => shape.clone(),
                _ => Vec::new(),
            };
            let write_elem = |i: usize, out: &mut String| match values {
                DenseValues::Int(v) => write_int(ctx, v[i], element, out),
                DenseValues::Float(v) => write_float(ctx, v[i], element, out),
            };
            let count = match values {
                DenseValues::Int(v) => v.len(),
                DenseValues::Float(v) => v.len(),
            };
            if count == 0 {
            } else if *splat || shape.is_empty() {
                write_elem(0, out);
            } else {
                write_nested(&shape, 0, &mut 0, out, &write_elem);
            }
            out.push_str("> : ");
            write_type(ctx, *ty, out);
        }
        AttrData::DenseArray { element, values } => {
            out.push_str("array<");
            write_type(ctx, *element, out);
            for (i, v) in values.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { ", " });
                if ctx.is_float(*element) {
                    write_float(ctx, *v as u64, *element, out);
                } else {
                    write_int(ctx, *v, *element, out);
                }
            }
            out.push('>');
        }
        AttrData::Dialect { name, body, ty } => {
            out.push('#');
            out.push_str(ctx.symbol_str(*name));
            write_body(body.as_deref(), out);
            if let Some(t) = ty {
                out.push_str(" : ");
                write_type(ctx, *t, out);
            }
        }
        AttrData::FloatLiteral { text, ty } => {
            out.push_str(text);
            out.push_str(" : ");
            write_type(ctx, *ty, out);
        }
        AttrData::Keyword { keyword, body } => {
            out.push_str(ctx.symbol_str(*keyword));
            write_body(Some(body), out);
        }
        AttrData::Location(_) => {
            out.push_str("loc(");
            write_location(ctx, attr, out);
            out.push(')');
        }
    }
}

/// Row-major elements as nested `[...]` lists following `shape`.
fn write_nested(
    shape: &[i64],
    dim: usize,
    next: &mut usize,
    out: &mut String,
    elem: &dyn Fn(usize, &mut String),
) {
    if dim == shape.len() {
        elem(*next, out);
        *next += 1;
        return;
    }
    out.push('[');
    for i in 0..shape[dim] {
        if i > 0 {
            out.push_str(", ");
        }
        write_nested(shape, dim + 1, next, out, elem);
    }
    out.push(']');
}

/// A location without the `loc(...)` wrapper.
fn write_location(ctx: &Context, attr: Attr, out: &mut String) {
    let AttrData::Location(data) = ctx.attr_data(attr) else {
        write_attr(ctx, attr, out);
        return;
    };
    match data {
        LocationData::Unknown => out.push_str("unknown"),
        LocationData::FileLineCol { file, line, col } => {
            write_quoted(ctx.symbol_str(*file), out);
            let _ = write!(out, ":{line}:{col}");
        }
        LocationData::FileRange {
            file,
            line,
            col,
            end_line,
            end_col,
        } => {
            write_quoted(ctx.symbol_str(*file), out);
            let _ = write!(out, ":{line}:{col} to ");
            if end_line != line {
                let _ = write!(out, "{end_line}");
            }
            let _ = write!(out, ":{end_col}");
        }
        LocationData::Name { name, child } => {
            write_quoted(name, out);
            if !matches!(
                ctx.attr_data(*child),
                AttrData::Location(LocationData::Unknown)
            ) {
                out.push('(');
                write_location(ctx, *child, out);
                out.push(')');
            }
        }
        LocationData::CallSite { callee, caller } => {
            out.push_str("callsite(");
            write_location(ctx, *callee, out);
            out.push_str(" at ");
            write_location(ctx, *caller, out);
            out.push(')');
        }
        LocationData::Fused {
            locations,
            metadata,
        } => {
            out.push_str("fused");
            if let Some(m) = metadata {
                out.push('<');
                write_attr(ctx, *m, out);
                out.push('>');
            }
            out.push('[');
            for (i, l) in locations.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_location(ctx, *l, out);
            }
            out.push(']');
        }
    }
}
