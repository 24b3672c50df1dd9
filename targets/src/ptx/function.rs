//! A kernel: its `.entry` signature, register declarations, parameter loads,
//! and the dispatch of its ops to the files of each family.

use super::module::ModuleInfo;
use super::promote::{Promoted, Slot};
use super::spaces::{self, Space, Spaces};
use super::types::{Class, Reg, Scalar, is_identifier};
use super::vectorize;
use cuwasm::{Context, Diagnostic, OpId, ValueId};
use std::collections::HashMap;
use std::fmt::{self, Write};

/// The state of one function's emission.
pub(super) struct FnEmitter<'a> {
    pub(super) ctx: &'a Context,
    pub(super) info: &'a ModuleInfo,
    pub(super) spaces: Spaces,
    /// The `.entry` name.
    pub(super) name: String,
    /// The allocas kept in registers, and their slots' registers.
    pub(super) promoted: Promoted,
    slot_regs: HashMap<Slot, Reg>,
    /// The loads and stores emitted as vectors.
    pub(super) vectors: vectorize::Groups,
    /// Integer values known at this point of the emission: the induction
    /// variable of the unrolled loop iteration being emitted.
    pub(super) known: HashMap<ValueId, i128>,
    /// The iterations of the unrolled loops being emitted, innermost last.
    pub(super) unrolling: Vec<super::unroll::Iteration>,
    /// Loads of later iterations already made by a vector load: (op,
    /// iteration) to the register holding the value.
    pub(super) preloaded: HashMap<(OpId, usize), Reg>,
    /// Whether loads from global memory may use the non-coherent cache: the
    /// kernel writes no memory that is not provably shared or local.
    pub(super) read_only_global: bool,
    body: String,
    /// `.shared`/`.local` declarations of the function.
    decls: String,
    counts: [u32; 6],
    vals: HashMap<ValueId, Reg>,
    /// Vector values (only loaded and stored: copies of byte blobs), one
    /// register per element.
    pub(super) aggregates: HashMap<ValueId, Vec<Reg>>,
    labels: u32,
    arrays: u32,
}

/// Emit `f` (a `gpu.func` kernel) as a `.visible .entry`.
pub(super) fn emit_kernel(ctx: &Context, f: OpId, info: &ModuleInfo) -> Result<String, Diagnostic> {
    let name = ctx.symbol_name(f).unwrap_or("").to_string();
    if !is_identifier(&name) {
        return Err(ctx.op_error(
            f,
            format!("'{name}' is not a PTX identifier, so the PTX target cannot name this kernel"),
        ));
    }
    let mut e = FnEmitter {
        ctx,
        info,
        spaces: spaces::analyze(ctx, f, true, &info.globals),
        name,
        promoted: Promoted::analyze(ctx, f),
        slot_regs: HashMap::new(),
        vectors: vectorize::Groups::default(),
        known: HashMap::new(),
        unrolling: Vec::new(),
        preloaded: HashMap::new(),
        read_only_global: false,
        body: String::new(),
        decls: String::new(),
        counts: [0; 6],
        vals: HashMap::new(),
        aggregates: HashMap::new(),
        labels: 0,
        arrays: 0,
    };
    e.read_only_global = !e.writes_global_memory(f);
    let region = ctx.region(f, 0);
    let entry = ctx
        .entry_block(region)
        .ok_or_else(|| ctx.op_error(f, "has no body"))?;
    let params = e.load_params(f, entry)?;
    e.emit_body(region)?;
    let tuning = tuning_directives(ctx, f);
    Ok(e.finish(&params, &tuning))
}

impl<'a> FnEmitter<'a> {
    /// The register of a promoted alloca's slot (made at its first use).
    pub(super) fn slot_reg(&mut self, slot: Slot) -> Reg {
        if let Some(&r) = self.slot_regs.get(&slot) {
            return r;
        }
        let class = self.promoted.classes[&slot];
        let r = self.reg(class);
        self.slot_regs.insert(slot, r);
        r
    }

    /// A fresh register of `class`.
    pub(super) fn reg(&mut self, class: Class) -> Reg {
        let c = &mut self.counts[class.index()];
        *c += 1;
        Reg { class, n: *c }
    }

    /// One instruction line.
    pub(super) fn line(&mut self, args: fmt::Arguments<'_>) {
        self.body.push('\t');
        self.body.write_fmt(args).unwrap();
        self.body.push_str(";\n");
    }

    /// A fresh label name (`$L__<n>`).
    pub(super) fn new_label(&mut self) -> String {
        self.labels += 1;
        format!("$L__{}", self.labels)
    }

    /// Place `label` here.
    pub(super) fn place_label(&mut self, label: &str) {
        writeln!(self.body, "{label}:").unwrap();
    }

    /// Declare a `.shared` or `.local` byte array of the function; its name.
    pub(super) fn declare_array(
        &mut self,
        space: &str,
        base: &str,
        align: u64,
        bytes: u64,
    ) -> String {
        self.arrays += 1;
        let name = format!(
            "__{}_{}_{}",
            space.trim_start_matches('.'),
            self.arrays,
            base
        );
        writeln!(self.decls, "\t{space} .align {align} .b8 {name}[{bytes}];").unwrap();
        name
    }

    /// The scalar of value `v`, or an error at `op` naming its type.
    pub(super) fn scalar(&self, op: OpId, v: ValueId) -> Result<Scalar, Diagnostic> {
        let ty = self.ctx.value_type(v);
        Scalar::of(self.ctx, ty).ok_or_else(|| {
            self.ctx.op_error(
                op,
                format!(
                    "has a value of type '{}', which the PTX target does not support",
                    self.ctx.type_to_string(ty)
                ),
            )
        })
    }

    /// The register class value `v` takes (pointers by their space).
    pub(super) fn class_of(&self, op: OpId, v: ValueId) -> Result<Class, Diagnostic> {
        if self.is_pointer(v) {
            return Ok(self.spaces.get(v).class());
        }
        self.scalar(op, v).map(Scalar::class)
    }

    pub(super) fn is_pointer(&self, v: ValueId) -> bool {
        cuwasm_dialects::ptr::is_ptr(self.ctx, self.ctx.value_type(v))
    }

    /// A fresh register for `v` (defined by `op`), bound to it.
    pub(super) fn def(&mut self, op: OpId, v: ValueId) -> Result<Reg, Diagnostic> {
        let class = self.class_of(op, v)?;
        let r = self.reg(class);
        self.vals.insert(v, r);
        Ok(r)
    }

    /// A fresh register for result `i` of `op`.
    pub(super) fn def_result(&mut self, op: OpId, i: usize) -> Result<Reg, Diagnostic> {
        let v = self.ctx.result(op, i);
        self.def(op, v)
    }

    /// Bind `v` to an existing register (a value that needs no instruction).
    pub(super) fn bind(&mut self, v: ValueId, r: Reg) {
        self.vals.insert(v, r);
    }

    /// The register of `v`, used by `op`.
    pub(super) fn get(&self, op: OpId, v: ValueId) -> Result<Reg, Diagnostic> {
        self.vals.get(&v).copied().ok_or_else(|| {
            self.ctx.op_error(
                op,
                "uses a value the PTX target has not emitted (not dominated by its definition)",
            )
        })
    }

    /// The register of operand `i` of `op`.
    pub(super) fn operand(&self, op: OpId, i: usize) -> Result<Reg, Diagnostic> {
        self.get(op, self.ctx.operand(op, i))
    }

    /// Operand `i` of `op` as a 64-bit register: a 32-bit id (`gpu.thread_id`,
    /// ...) widened.
    pub(super) fn operand_wide(&mut self, op: OpId, i: usize) -> Result<Reg, Diagnostic> {
        let r = self.operand(op, i)?;
        Ok(self.widen_index(r))
    }

    /// A 32-bit index register as 64 bits (zero-extended); others unchanged.
    pub(super) fn widen_index(&mut self, r: Reg) -> Reg {
        if r.class != Class::B32 {
            return r;
        }
        let d = self.reg(Class::B64);
        self.line(format_args!("cvt.u64.u32 \t{d}, {r}"));
        d
    }

    /// `mov` of a whole register.
    pub(super) fn mov(&mut self, d: Reg, s: Reg) {
        self.line(format_args!("mov{} \t{d}, {s}", d.class.decl()));
    }

    /// A move between registers of one size (`mov.b32` between an integer
    /// and a float register).
    pub(super) fn mov_bits(&mut self, d: Reg, s: Reg) {
        if d.class == s.class {
            return self.mov(d, s);
        }
        let bits = match d.class {
            Class::B16 => 16,
            Class::B32 | Class::F32 => 32,
            _ => 64,
        };
        self.line(format_args!("mov.b{bits} \t{d}, {s}"));
    }

    /// `v` (used by `op`) in the form of the value `to` receiving it: a
    /// pointer converted to `to`'s space, an id widened to 64 bits.
    pub(super) fn value_for(
        &mut self,
        op: OpId,
        v: ValueId,
        to: ValueId,
    ) -> Result<Reg, Diagnostic> {
        if self.is_pointer(to) {
            let space = self.spaces.get(to);
            return self.pointer_in(op, v, space);
        }
        let r = self.get(op, v)?;
        let want = self.class_of(op, to)?;
        Ok(if want == Class::B64 {
            self.widen_index(r)
        } else {
            r
        })
    }

    /// Copy the values `from` into the values `to` (their registers) at
    /// once, as a parallel copy: a source that is also a destination is read
    /// before any write.
    pub(super) fn copy_into(
        &mut self,
        op: OpId,
        from: &[ValueId],
        to: &[ValueId],
    ) -> Result<(), Diagnostic> {
        let mut moves = Vec::new();
        for (&src, &dst) in from.iter().zip(to) {
            let s = self.value_for(op, src, dst)?;
            let d = self.get(op, dst)?;
            if s != d {
                moves.push((d, s));
            }
        }
        let clash = moves.iter().any(|(_, s)| moves.iter().any(|(d, _)| d == s));
        if clash {
            for m in &mut moves {
                let t = self.reg(m.1.class);
                self.mov(t, m.1);
                m.1 = t;
            }
        }
        for (d, s) in moves {
            self.mov(d, s);
        }
        Ok(())
    }

    /// Does `f` write memory that is not provably shared or local (stores,
    /// atomics, unknown ops that might)?
    fn writes_global_memory(&self, f: OpId) -> bool {
        let ctx = self.ctx;
        ctx.walk_preorder(f).into_iter().any(|op| {
            let target = match ctx.op_name_text(op) {
                "ptr.store" => ctx.operand(op, 1),
                "cuda.atomic_rmw" | "cuda.atomic_cas" => ctx.operand(op, 0),
                _ => return false,
            };
            !matches!(self.spaces.get(target), Space::Shared | Space::Local)
        })
    }

    /// A struct passed by value (the host passes its bytes): copied into a
    /// `.local` array, which `arg` points at, since the kernel may take its
    /// fields' addresses.
    fn copy_by_value(
        &mut self,
        f: OpId,
        arg: cuwasm::ValueId,
        pname: &str,
        bytes: usize,
    ) -> Result<(), Diagnostic> {
        let name = self.declare_array(".local", "byval", 16, bytes as u64);
        let (step, ty, class) = match bytes % 4 {
            0 => (4, ".u32", Class::B32),
            _ => (1, ".u8", Class::B16),
        };
        let r = self.reg(class);
        for at in (0..bytes).step_by(step) {
            self.line(format_args!("ld.param{ty} 	{r}, [{pname}+{at}]"));
            self.line(format_args!("st.local{ty} 	[{name}+{at}], {r}"));
        }
        let d = self.def(f, arg)?;
        let ty = if d.class == Class::B32 {
            ".u32"
        } else {
            ".u64"
        };
        self.line(format_args!("mov{ty} 	{d}, {name}"));
        Ok(())
    }

    /// The `.param` list of the entry and the loads of its parameters.
    fn load_params(&mut self, f: OpId, entry: cuwasm::BlockId) -> Result<Vec<String>, Diagnostic> {
        let ctx = self.ctx;
        let mut params = Vec::new();
        let byval = cuwasm_dialects::cpu_abi::byval_bytes(ctx, f);
        for (i, &arg) in ctx.block_args(entry).to_vec().iter().enumerate() {
            let s = self.scalar(f, arg)?;
            let pname = format!("{}_param_{i}", self.name);
            if let Some(&bytes) = byval.get(i).filter(|&&n| n > 0) {
                params.push(format!(".param .align 8 .b8 {pname}[{bytes}]"));
                self.copy_by_value(f, arg, &pname, bytes)?;
                continue;
            }
            params.push(format!(".param {} {pname}", s.mem()));
            if self.is_pointer(arg) {
                let raw = self.reg(Class::B64);
                self.line(format_args!("ld.param.u64 \t{raw}, [{pname}]"));
                let d = self.def(f, arg)?;
                match self.spaces.get(arg) {
                    Space::Global => self.line(format_args!("cvta.to.global.u64 \t{d}, {raw}")),
                    _ => self.mov(d, raw),
                }
            } else if s == Scalar::I1 {
                let byte = self.reg(Class::B16);
                self.line(format_args!("ld.param.u8 \t{byte}, [{pname}]"));
                let d = self.def(f, arg)?;
                self.line(format_args!("setp.ne.s16 \t{d}, {byte}, 0"));
            } else {
                let d = self.def(f, arg)?;
                self.line(format_args!("ld.param{} \t{d}, [{pname}]", s.mem()));
            }
        }
        Ok(params)
    }

    /// The function's region: one block, or several joined by `cf` branches
    /// (each block a label, its arguments registers).
    fn emit_body(&mut self, region: cuwasm::RegionId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let blocks = ctx.region_blocks(region).to_vec();
        for &b in &blocks[1..] {
            let op = ctx.block_parent_op(b).expect("in a function");
            for &arg in ctx.block_args(b) {
                self.def(op, arg)?;
            }
        }
        for (i, &b) in blocks.iter().enumerate() {
            if i > 0 {
                let l = self.block_label(b);
                self.place_label(&l);
            }
            for op in ctx.block_ops(b).collect::<Vec<_>>() {
                self.emit_op(op)?;
            }
        }
        Ok(())
    }

    /// The label of a block of the function's region.
    pub(super) fn block_label(&self, b: cuwasm::BlockId) -> String {
        format!("$L__BB_{}", b.index())
    }

    /// Emit one op.
    pub(super) fn emit_op(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let name = self.ctx.op_name_text(op);
        let dialect = name.split_once('.').map_or("", |(d, _)| d);
        let done = match dialect {
            "arith" => self.arith(op)?,
            "math" => self.math(op)?,
            "ptr" => self.ptr_op(op)?,
            "scf" | "cf" => self.control(op)?,
            "gpu" => self.gpu_op(op)?,
            "cuda" => self.cuda_op(op)?,
            _ => false,
        };
        if done {
            Ok(())
        } else {
            Err(self.ctx.op_error(op, "is not supported by the PTX target"))
        }
    }

    /// The `gpu` dialect's ops that are not warp operations.
    fn gpu_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let sreg = match ctx.op_name_text(op) {
            "gpu.thread_id" => "%tid",
            "gpu.block_id" => "%ctaid",
            "gpu.block_dim" => "%ntid",
            "gpu.grid_dim" => "%nctaid",
            "gpu.return" => {
                self.line(format_args!("ret"));
                return Ok(true);
            }
            "gpu.barrier" => {
                self.line(format_args!("bar.sync \t0"));
                return Ok(true);
            }
            "gpu.dynamic_shared_memory" => return self.dynamic_shared(op).map(|_| true),
            _ => return self.warp_op(op),
        };
        let dim = ctx
            .prop(op, "dimension")
            .and_then(|a| ctx.attr_dialect(a))
            .and_then(|(_, body)| body)
            .and_then(|b| b.strip_prefix("dim "))
            .map(str::trim)
            .unwrap_or("x");
        // the ids are 32-bit; `widen_index` makes 64 bits where an op needs them
        let d = self.reg(Class::B32);
        self.bind(ctx.result(op, 0), d);
        self.line(format_args!("mov.u32 \t{d}, {sreg}.{dim}"));
        Ok(true)
    }

    /// The `cuda` ops that reach the target, by family.
    fn cuda_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        if self.memory_op(op)? || self.atomic_op(op)? || self.sync_op(op)? || self.warp_op(op)? {
            return Ok(true);
        }
        self.cuda_arith(op)
    }

    /// The whole `.entry`.
    fn finish(self, params: &[String], tuning: &str) -> String {
        let mut out = String::new();
        writeln!(out, ".visible .entry {}(", self.name).unwrap();
        let list: Vec<String> = params.iter().map(|p| format!("\t{p}")).collect();
        if !list.is_empty() {
            writeln!(out, "{}", list.join(",\n")).unwrap();
        }
        out.push_str(")\n");
        out.push_str(tuning);
        out.push_str("{\n");
        for class in Class::ALL {
            let n = self.counts[class.index()];
            if n > 0 {
                writeln!(
                    out,
                    "\t.reg {} \t{}<{}>;",
                    class.decl(),
                    class.prefix(),
                    n + 1
                )
                .unwrap();
            }
        }
        out.push_str(&self.decls);
        out.push('\n');
        out.push_str(&self.body);
        out.push_str("}\n");
        out
    }
}

/// The performance-tuning directives of kernel `f` (`.reqntid` from
/// `known_block_size`, and `.maxntid`, `.minnctapersm`, `.maxnreg` from the
/// PTX frontend's `cuda.*` attributes), one per line.
fn tuning_directives(ctx: &Context, f: OpId) -> String {
    let dims = |a: cuwasm::Attr| {
        let v: Vec<String> = ctx
            .attr_dense_array(a)?
            .iter()
            .map(i128::to_string)
            .collect();
        Some(v.join(", "))
    };
    let int = |a: cuwasm::Attr| ctx.attr_int(a).map(|v| v.to_string());
    let mut out = String::new();
    let directives = [
        (
            ".reqntid",
            ctx.inherent_or_attr(f, "known_block_size").and_then(dims),
        ),
        (".maxntid", ctx.attr(f, "cuda.maxntid").and_then(dims)),
        (
            ".minnctapersm",
            ctx.attr(f, "cuda.minnctapersm").and_then(int),
        ),
        (".maxnreg", ctx.attr(f, "cuda.maxnreg").and_then(int)),
    ];
    for (name, value) in directives {
        if let Some(v) = value {
            writeln!(out, "{name} {v}").unwrap();
        }
    }
    out
}
