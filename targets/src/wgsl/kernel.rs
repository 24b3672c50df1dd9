//! One `gpu.func` kernel to the WGSL text of its module: the analyses, the
//! walk over its ops, and the assembly of declarations, helpers and the
//! entry point.
//!
//! Every SSA value is a WGSL `let` named after it (`v12`), constants are
//! literals at their uses, and the values structured ops carry live in
//! `var`s (see `control`).

use super::Helper;
use super::int64::{self, Wide};
use super::layout::Layout;
use super::memory::{Buffer, Offset, Space};
use super::pointers::{Base, Pointers};
use super::types::{Repr, Scalar, checked_scalar, f16_from_bits, f32_from_bits, scalar};
use super::uniformity::{Mode, Uniformity, is_sync};
use cuwasm::{AttrData, BlockId, Context, Diagnostic, OpId, ValueId};
use cuwasm_dialects::webgpu_abi::{BLOCK_DIM_OVERRIDES, DYNAMIC_SHARED_WORDS_OVERRIDE};
use std::collections::BTreeMap;
use std::collections::HashMap;

/// The predicate that guards side effects in predicated code (`None`:
/// every thread that gets here runs them).
pub type Pred<'p> = Option<&'p str>;

/// The emitter of one kernel.
pub struct Kernel<'a> {
    pub ctx: &'a Context,
    pub func: OpId,
    pub ptrs: Pointers,
    pub uni: Uniformity,
    pub wide: Wide,
    pub buffers: BTreeMap<Base, Buffer>,
    /// Module-scope helpers the body calls, by name.
    pub helpers: BTreeMap<&'static str, &'static Helper>,
    /// Does the module need `enable f16;`?
    pub f16: bool,
    names: HashMap<ValueId, String>,
    offsets: HashMap<ValueId, Offset>,
    body: String,
    indent: usize,
    next_temp: usize,
}

impl<'a> Kernel<'a> {
    pub fn new(
        ctx: &'a Context,
        func: OpId,
        ptrs: Pointers,
        uni: Uniformity,
        layout: &Layout,
    ) -> Self {
        Kernel {
            ctx,
            func,
            wide: int64::analyze(ctx, func),
            buffers: layout.buffers.clone(),
            ptrs,
            uni,
            helpers: BTreeMap::new(),
            f16: false,
            names: HashMap::new(),
            offsets: HashMap::new(),
            body: String::new(),
            indent: 1,
            next_temp: 0,
        }
    }

    // ---- text ---------------------------------------------------------------------

    pub fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.body.push_str("    ");
        }
        self.body.push_str(s);
        self.body.push('\n');
    }

    /// Write `head {` and indent.
    pub fn open(&mut self, head: &str) {
        self.line(&format!("{head} {{"));
        self.indent += 1;
    }

    pub fn close(&mut self) {
        self.indent -= 1;
        self.line("}");
    }

    /// A fresh name for a temporary.
    pub fn temp(&mut self, prefix: &str) -> String {
        self.next_temp += 1;
        format!("{prefix}{}", self.next_temp)
    }

    /// Use helper `h` (and what it uses).
    pub fn need(&mut self, h: &'static Helper) {
        if self.helpers.insert(h.name, h).is_none() {
            for d in h.deps {
                self.need(d);
            }
        }
    }

    // ---- values -------------------------------------------------------------------

    /// The WGSL form of `v`.
    pub fn repr(&self, op: OpId, v: ValueId) -> Result<Repr, Diagnostic> {
        let s = checked_scalar(self.ctx, op, self.ctx.value_type(v))?;
        Ok(Repr::of(s, self.wide.contains(v)))
    }

    /// The scalar type of `v` (checked up front by `types::check_types`).
    pub fn scalar(&self, v: ValueId) -> Scalar {
        scalar(self.ctx, self.ctx.value_type(v)).unwrap_or(Scalar::Int(32))
    }

    /// The expression for `v`: a literal for a constant, else its name.
    pub fn val(&self, v: ValueId) -> String {
        if let Some(def) = self.ctx.defining_op(v)
            && self.ctx.is_op(def, "arith.constant")
            && let Some(lit) = self.literal(def, v)
        {
            return lit;
        }
        match self.names.get(&v) {
            Some(n) => n.clone(),
            None => format!("v{}", v.index()),
        }
    }

    /// The integer an `arith.constant` gives `v`, if it is one.
    pub fn const_int(&self, v: ValueId) -> Option<i128> {
        let def = self.ctx.defining_op(v)?;
        if !self.ctx.is_op(def, "arith.constant") {
            return None;
        }
        self.ctx.attr_int(self.ctx.prop(def, "value")?)
    }

    fn literal(&self, def: OpId, v: ValueId) -> Option<String> {
        let attr = self.ctx.prop(def, "value")?;
        let repr = Repr::of(
            scalar(self.ctx, self.ctx.value_type(v))?,
            self.wide.contains(v),
        );
        Some(match (self.ctx.attr_data(attr), repr) {
            (AttrData::Integer { value, .. }, Repr::Bool) => (*value != 0).to_string(),
            (AttrData::Integer { value, .. }, Repr::Wide) => int64::constant(*value),
            (AttrData::Integer { value, .. }, _) => i32_literal(*value as i32),
            (AttrData::Float { bits, .. }, Repr::F32) => f32_literal(f32::from_bits(*bits as u32)),
            (AttrData::Float { bits, .. }, Repr::F16) => {
                let bits = *bits as u16;
                let zero = if half_is_finite(bits) {
                    ""
                } else {
                    " + cuwasm_zero"
                };
                f16_from_bits(&format!("{bits}u{zero}"))
            }
            _ => return None,
        })
    }

    /// Name `v` by `let`-binding `expr`.
    pub fn bind(&mut self, v: ValueId, expr: &str) {
        let name = format!("v{}", v.index());
        self.line(&format!("let {name} = {expr};"));
        self.names.insert(v, name);
    }

    /// Name `v` by `expr`: directly when it is a name or a literal (a value
    /// that never changes, such as a cast that is no op here), else by a
    /// `let`.
    pub fn define(&mut self, v: ValueId, expr: String) {
        match expr.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            true => self.alias(v, expr),
            false => self.bind(v, &expr),
        }
    }

    /// Name `v` by an existing name or expression, without a binding.
    pub fn alias(&mut self, v: ValueId, expr: String) {
        self.names.insert(v, expr);
    }

    /// The byte offset of pointer value `v`.
    pub fn offset(&self, v: ValueId) -> Offset {
        self.offsets.get(&v).cloned().unwrap_or_default()
    }

    pub fn set_offset(&mut self, v: ValueId, off: Offset) {
        self.offsets.insert(v, off);
    }

    /// `value` (of `from`) as a value of `to` (a wide `i64` narrowed to its
    /// low word where a lane of the IR only needs that).
    pub fn coerce(&self, value: String, from: Repr, to: Repr) -> String {
        match (from, to) {
            (Repr::Wide, Repr::I32) => format!("bitcast<i32>({value}.x)"),
            (Repr::I32, Repr::Wide) => int64::sign_extend(&value),
            _ => value,
        }
    }

    /// The value `v` as the carrier of representation `to` (a `var` of a
    /// structured op) holds it; pointers give their offset.
    pub fn carried(&self, op: OpId, v: ValueId, to: Repr) -> Result<String, Diagnostic> {
        let from = self.repr(op, v)?;
        if from == Repr::Offset {
            return Ok(self.offset(v).expr());
        }
        Ok(self.coerce(self.val(v), from, to))
    }

    /// Name `v` (of a structured op) after its carrier variable `var`.
    pub fn take_carried(&mut self, op: OpId, v: ValueId, var: &str) -> Result<(), Diagnostic> {
        if self.repr(op, v)? == Repr::Offset {
            let name = format!("v{}", v.index());
            self.line(&format!("let {name} = {var};"));
            self.set_offset(
                v,
                Offset {
                    dynamic: Some(name),
                    konst: 0,
                },
            );
        } else {
            self.bind(v, var);
        }
        Ok(())
    }

    // ---- ops ----------------------------------------------------------------------

    pub fn block(&mut self, block: BlockId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
        for op in ops {
            self.op(op, mode, pred)?;
        }
        Ok(())
    }

    fn op(&mut self, op: OpId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "scf.yield" | "scf.condition" | "gpu.return" | "arith.constant" => Ok(()),
            "scf.if" => self.if_op(op, mode, pred),
            "scf.while" => self.while_op(op, mode, pred),
            "scf.for" => self.for_op(op, mode, pred),
            "scf.index_switch" => self.switch_op(op, mode, pred),
            "ptr.ptr_add"
            | "cuda.addrspace_cast"
            | "ptr.constant"
            | "cuda.shared_alloc"
            | "cuda.dynamic_shared"
            | "gpu.dynamic_shared_memory"
            | "cuda.alloca"
            | "cuda.global_addr" => {
                self.pointer_op(op);
                Ok(())
            }
            "ptr.load" | "cuda.ldg" => {
                let r = ctx.result(op, 0);
                let repr = self.repr(op, r)?;
                let e = self.load(op, ctx.operand(op, 0), self.scalar(r), repr)?;
                self.bind(r, &e);
                Ok(())
            }
            "ptr.store" => {
                let v = ctx.operand(op, 0);
                let (value, scalar) = (self.val(v), self.scalar(v));
                self.guarded(pred, |k| k.store(op, ctx.operand(op, 1), &value, scalar))
            }
            "cuda.atomic_rmw" | "cuda.atomic_cas" => self.atomic(op, pred),
            "ptr.ptr_diff" => {
                let r = ctx.result(op, 0);
                let [a, b] = [0, 1].map(|i| self.offset(ctx.operand(op, i)).expr());
                let diff = format!("bitcast<i32>({a} - {b})");
                let e = self.coerce(diff, Repr::I32, self.repr(op, r)?);
                self.bind(r, &e);
                Ok(())
            }
            "arith.mulsi_extended" | "arith.mului_extended" | "arith.addui_extended" => {
                self.extended(op)
            }
            _ if is_sync(ctx, op) => self.sync_op(op, pred),
            _ => {
                let e = self.pure(op)?;
                let r = ctx.result(op, 0);
                if self.repr(op, r)? == Repr::Offset {
                    let msg = "makes a pointer the WGSL target cannot trace";
                    return Err(ctx.op_error(op, msg));
                }
                self.define(r, e);
                Ok(())
            }
        }
    }

    /// Run `f` (which writes statements) where `pred` holds.
    pub fn guarded(
        &mut self,
        pred: Pred,
        f: impl FnOnce(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        match pred {
            None => f(self),
            Some(p) => {
                self.open(&format!("if {p}"));
                f(self)?;
                self.close();
                Ok(())
            }
        }
    }

    /// An op with side effects and one result: `f` writes its statements
    /// and gives the result's expression; under a predicate the result goes
    /// through a `var` (zero where the predicate is false).
    pub fn guarded_value(
        &mut self,
        op: OpId,
        pred: Pred,
        f: impl FnOnce(&mut Self) -> Result<String, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let r = self.ctx.result(op, 0);
        match pred {
            None => {
                let e = f(self)?;
                self.bind(r, &e);
            }
            Some(p) => {
                let var = self.temp("r");
                let ty = self.repr(op, r)?.wgsl();
                self.line(&format!("var {var}: {ty};"));
                self.open(&format!("if {p}"));
                let e = f(self)?;
                self.line(&format!("{var} = {e};"));
                self.close();
                self.bind(r, &var);
            }
        }
        Ok(())
    }

    /// Ops that make a pointer: its offset.
    fn pointer_op(&mut self, op: OpId) {
        let ctx = self.ctx;
        let r = ctx.result(op, 0);
        let off = match ctx.op_name_text(op) {
            "ptr.ptr_add" => {
                let (base, add) = (ctx.operand(op, 0), ctx.operand(op, 1));
                let mut off = self.offset(base);
                match self.const_int(add) {
                    Some(k) => off.konst = off.konst.wrapping_add(k as u32),
                    None => {
                        let add = format!("bitcast<u32>({})", self.low_word(add));
                        let name = format!("v{}", r.index());
                        let sum = match &off.dynamic {
                            Some(d) => format!("{d} + {add}"),
                            None => add,
                        };
                        self.line(&format!("let {name} = {sum};"));
                        off.dynamic = Some(name);
                    }
                }
                off
            }
            "cuda.addrspace_cast" => self.offset(ctx.operand(op, 0)),
            _ => Offset::constant(0),
        };
        self.set_offset(r, off);
    }

    /// The low word of integer `v`, as an `i32`.
    pub fn low_word(&self, v: ValueId) -> String {
        match self.wide.contains(v) {
            true => format!("bitcast<i32>({}.x)", self.val(v)),
            false => self.val(v),
        }
    }

    // ---- the kernel -----------------------------------------------------------------

    /// The kernel's body, after its parameters are read.
    pub fn emit_body(&mut self, layout: &Layout) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let entry = ctx.entry_block(ctx.region(self.func, 0)).unwrap();
        for b in self.buffers.values().cloned().collect::<Vec<_>>() {
            if let Space::Private { .. } = b.space {
                let decl = b.declaration();
                self.line(&decl);
            }
        }
        for (i, &arg) in ctx.block_args(entry).iter().enumerate() {
            self.param(i, arg, layout)?;
        }
        self.block(entry, Mode::Uniform, None)
    }

    /// Read parameter `i` from the parameter block.
    fn param(&mut self, i: usize, arg: ValueId, layout: &Layout) -> Result<(), Diagnostic> {
        let word = layout.param_word[i];
        let w = |k: u32| super::memory::params_word(&format!("{}u", word + k));
        let expr = match self.repr(self.func, arg)? {
            Repr::Offset => {
                let off = match self.ptrs.base(arg) {
                    Some(Base::Byval(_)) => Offset::constant(word * 4),
                    _ => {
                        let name = format!("v{}", arg.index());
                        self.line(&format!("let {name} = {};", w(0)));
                        Offset {
                            dynamic: Some(name),
                            konst: 0,
                        }
                    }
                };
                self.set_offset(arg, off);
                return Ok(());
            }
            Repr::Bool => format!("{} != 0u", w(0)),
            Repr::I32 => format!("bitcast<i32>({})", w(0)),
            Repr::F32 => format!("bitcast<f32>({})", w(0)),
            Repr::F16 => {
                self.f16 = true;
                f16_from_bits(&w(0))
            }
            // A PTX address is one word, its offset.
            Repr::Wide if self.ptrs.is_address_param(i) => format!("vec2<u32>({}, 0u)", w(0)),
            Repr::Wide => format!("vec2<u32>({}, {})", w(0), w(1)),
        };
        self.bind(arg, &expr);
        Ok(())
    }

    /// The whole module: enables, overrides, bindings, workgroup memory,
    /// helpers and the entry point.
    pub fn module_text(&self, layout: &Layout) -> String {
        let mut out = String::new();
        if self.f16 {
            out.push_str("enable f16;\n\n");
        }
        for o in BLOCK_DIM_OVERRIDES {
            out.push_str(&format!("override {o}: u32 = 1u;\n"));
        }
        let uses_dynamic = self.buffers.contains_key(&Base::DynamicShared);
        if uses_dynamic {
            out.push_str(&format!(
                "override {DYNAMIC_SHARED_WORDS_OVERRIDE}: u32 = 1u;\n"
            ));
        }
        let helpers_use = |name: &str| self.helpers.values().any(|h| h.text.contains(name));
        if helpers_use("cuwasm_zero") || self.body.contains("cuwasm_zero") {
            out.push_str("var<private> cuwasm_zero: u32;\n");
        }
        if helpers_use("cuwasm_threads") {
            out.push_str(
                "override cuwasm_threads: u32 = cuwasm_block_x * cuwasm_block_y * cuwasm_block_z;\n",
            );
        }
        out.push('\n');
        out.push_str(&format!(
            "@group(0) @binding(0) var<uniform> cuwasm_params: array<vec4<u32>, {}>;\n",
            layout.param_words / 4
        ));
        for b in self.buffers.values() {
            if !matches!(b.space, Space::Private { .. } | Space::Params) {
                out.push_str(&b.declaration());
                out.push('\n');
            }
        }
        for h in self.helpers.values() {
            out.push('\n');
            out.push_str(h.text);
            out.push('\n');
        }
        out.push_str(
            "\n@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)\n",
        );
        out.push_str("fn main(@builtin(local_invocation_id) cuwasm_tid: vec3<u32>, @builtin(local_invocation_index) cuwasm_li: u32, @builtin(workgroup_id) cuwasm_wid: vec3<u32>) {\n");
        out.push_str(&self.body);
        out.push_str("}\n");
        out
    }
}

/// An `i32` literal (the minimum through a bitcast: `-2147483648i` does not
/// parse, its magnitude is out of range).
pub fn i32_literal(v: i32) -> String {
    match v {
        i32::MIN => "bitcast<i32>(0x80000000u)".to_string(),
        v if v < 0 => format!("({v}i)"),
        v => format!("{v}i"),
    }
}

/// Is `f16` bit pattern `bits` finite?
fn half_is_finite(bits: u16) -> bool {
    bits & 0x7c00 != 0x7c00
}

/// An `f32` literal with its exact value (through its bits where decimal
/// text would not give them back, or be out of range for WGSL: infinities,
/// NaNs, subnormals, -0, text beyond the largest finite value).
pub fn f32_literal(f: f32) -> String {
    let exact_text = f.is_finite() && (f == 0.0 && f.is_sign_positive() || f.is_normal());
    if exact_text {
        let text = format!("{f:e}");
        let in_range = text
            .parse::<f64>()
            .is_ok_and(|d| d.abs() <= f32::MAX as f64);
        if in_range && text.parse::<f32>().ok() == Some(f) {
            return match f < 0.0 {
                true => format!("({text}f)"),
                false => format!("{text}f"),
            };
        }
    }
    f32_from_bits(f.to_bits())
}
