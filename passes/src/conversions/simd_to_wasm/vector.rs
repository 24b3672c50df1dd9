//! 128-bit vectors (the lanes of `vectorize-thread-loops`) as `v128`.
//!
//! A `vector<4xf32>` or `vector<4xi32>` is a `v128` of that shape; a mask
//! `vector<4xi1>` is an `i32x4` of all-ones or zero lanes, as Wasm's vector
//! comparisons give them and `v128.bitselect` takes them. Lane-wise `arith`
//! and `math` ops with a SIMD128 instruction become it ([`FnConv::native`]);
//! the rest are converted one lane at a time by the scalar conversions
//! ([`FnConv::scalarize`]), so every op the scalar path takes works on
//! vectors too. The `simd` ops: splat, lane access, select, masked gather and
//! scatter (a branch per lane), reductions, any/all.

use super::function::FnConv;
use cuwasm::{Attr, AttrData, DenseValues, Diagnostic, OpId, Type, TypeData, ValueId};
use cuwasm_dialects::simd::ReduceKind;

/// `arith` vector ops with one SIMD128 instruction: (op, instruction by
/// lane kind: (integer, float)).
const NATIVE: &[(&str, &str)] = &[
    ("arith.addi", "add"),
    ("arith.subi", "sub"),
    ("arith.muli", "mul"),
    ("arith.maxsi", "max_s"),
    ("arith.minsi", "min_s"),
    ("arith.maxui", "max_u"),
    ("arith.minui", "min_u"),
    ("arith.addf", "add"),
    ("arith.subf", "sub"),
    ("arith.mulf", "mul"),
    ("arith.divf", "div"),
    ("arith.maximumf", "max"),
    ("arith.minimumf", "min"),
    ("arith.negf", "neg"),
    ("math.sqrt", "sqrt"),
    ("math.absf", "abs"),
    ("math.ceil", "ceil"),
    ("math.floor", "floor"),
    ("math.trunc", "trunc"),
    ("math.roundeven", "nearest"),
];

/// `arith.cmpi` predicates with a SIMD128 comparison (on 32-bit lanes).
const CMPI: [&str; 10] = [
    "eq", "ne", "lt_s", "le_s", "gt_s", "ge_s", "lt_u", "le_u", "gt_u", "ge_u",
];
/// `arith.cmpf` predicates 1-5 (ordered) and 13 (`une`).
const CMPF: [(usize, &str); 6] = [
    (1, "eq"),
    (2, "gt"),
    (3, "ge"),
    (4, "lt"),
    (5, "le"),
    (13, "ne"),
];

impl FnConv<'_> {
    /// The lanes and MLIR element type of a vector type.
    fn lanes(&self, ty: Type) -> Option<(i64, Type)> {
        match self.ctx.type_data(ty) {
            TypeData::Vector { shape, element, .. } if shape.len() == 1 => {
                Some((shape[0], *element))
            }
            _ => None,
        }
    }

    fn is_mask(&self, v: ValueId) -> bool {
        self.lanes(self.ctx.value_type(v))
            .is_some_and(|(_, e)| self.ctx.int_width(e) == Some(1))
    }

    pub(super) fn vector_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        for i in 0..self.ctx.num_results(op) {
            self.result_ty(op, i)?;
        }
        if let Some(v) = self.native(op)? {
            self.set_result(op, 0, v);
            return Ok(true);
        }
        self.scalarize(op)
    }

    /// The one-instruction conversion of a vector op, if it has one.
    fn native(&mut self, op: OpId) -> Result<Option<ValueId>, Diagnostic> {
        let ctx = &*self.ctx;
        if ctx.num_results(op) != 1 || ctx.num_operands(op) == 0 {
            return Ok(None);
        }
        let name = ctx.op_name_text(op).to_string();
        let first = ctx.operand(op, 0);
        let Some((n, elem)) = self.lanes(ctx.value_type(first)) else {
            return Ok(None);
        };
        let masks = self.is_mask(first);
        let width = ctx.int_width(elem);
        let float = ctx.float_kind(elem).is_some();
        if n != 4 || !(float || width == Some(32) || masks) {
            return Ok(None);
        }
        let shape = if float { "f32x4" } else { "i32x4" };
        let args = self.vs(op);
        let result_mask = self.is_mask(self.ctx.result(op, 0));
        Ok(Some(match name.as_str() {
            "arith.andi" => self.binary("v128.and", args[0], args[1]),
            "arith.ori" => self.binary("v128.or", args[0], args[1]),
            "arith.xori" => self.binary("v128.xor", args[0], args[1]),
            "arith.select" if self.is_mask(first) => self.emit1(
                "wasm.bitselect",
                &[args[1], args[2], args[0]],
                self.ctx.value_type(args[1]),
                &[],
            ),
            "arith.select" => self.select(args[0], args[1], args[2]),
            "arith.cmpi" if !masks => {
                let pred = self
                    .ctx
                    .prop(op, "predicate")
                    .and_then(|a| self.ctx.attr_int(a))
                    .unwrap_or(0) as usize;
                self.compare(&format!("i32x4.{}", CMPI[pred.min(9)]), args[0], args[1])
            }
            "arith.cmpf" => {
                let pred = self
                    .ctx
                    .prop(op, "predicate")
                    .and_then(|a| self.ctx.attr_int(a))
                    .unwrap_or(0) as usize;
                let Some(&(_, inst)) = CMPF.iter().find(|(p, _)| *p == pred) else {
                    return Ok(None);
                };
                self.compare(&format!("f32x4.{inst}"), args[0], args[1])
            }
            "arith.sitofp" | "arith.uitofp" if !masks => {
                let sign = if name == "arith.sitofp" { "s" } else { "u" };
                let to = self.result_ty(op, 0)?;
                self.convert(&format!("f32x4.convert_i32x4_{sign}"), args[0], to)
            }
            "arith.fptosi" if float && !result_mask => {
                let to = self.result_ty(op, 0)?;
                self.convert("i32x4.trunc_sat_f32x4_s", args[0], to)
            }
            // relaxed_madd may or may not round once: only when asked for.
            "math.fma" if float && self.options.relaxed_simd => {
                self.emit1("wasm.f32x4_fma", &args, self.ctx.value_type(args[0]), &[])
            }
            "arith.extsi" if masks && !result_mask => args[0],
            "arith.extui" if masks && !result_mask => {
                let i32 = self.ctx.i32();
                let one = self.const_int(i32, 1);
                let ones = self.splat(one, self.ctx.value_type(args[0]));
                self.binary("v128.and", args[0], ones)
            }
            _ if masks || result_mask => return Ok(None),
            _ => {
                let Some(&(_, inst)) = NATIVE.iter().find(|(n, _)| *n == name) else {
                    return Ok(None);
                };
                match (args.len(), inst) {
                    (_, "sqrt" | "abs" | "ceil" | "floor" | "trunc" | "nearest" | "neg") => {
                        self.unary(&format!("{shape}.{inst}"), args[0])
                    }
                    (2, _) => self.binary(&format!("{shape}.{inst}"), args[0], args[1]),
                    _ => return Ok(None),
                }
            }
        }))
    }

    /// Convert `op` lane by lane: each lane's operands extracted, the op's
    /// scalar conversion run on them, the lanes put back together.
    fn scalarize(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let operands: Vec<ValueId> = self.ctx.operands(op).to_vec();
        let results: Vec<ValueId> = self.ctx.results(op).collect();
        let n = results
            .iter()
            .chain(&operands)
            .find_map(|&v| self.lanes(self.ctx.value_type(v)))
            .map_or(1, |(n, _)| n);
        let saved: Vec<(ValueId, ValueId)> = operands.iter().map(|&v| (v, self.v(v))).collect();
        let mut lanes: Vec<Vec<ValueId>> = vec![Vec::new(); results.len()];
        for lane in 0..n {
            for &(old, vector) in &saved {
                let value = match self.lanes(self.ctx.value_type(old)) {
                    Some(_) => self.lane(vector, old, lane),
                    None => vector,
                };
                self.remap(old, value);
            }
            self.lane_mode = true;
            let handled = self.scalar_op(op);
            self.lane_mode = false;
            if !handled? {
                return Ok(false);
            }
            for (k, &r) in results.iter().enumerate() {
                lanes[k].push(self.v(r));
            }
        }
        for (old, vector) in saved {
            self.remap(old, vector);
        }
        for (k, &r) in results.iter().enumerate() {
            let v = self.assemble(&lanes[k], op, r)?;
            self.set_result(op, k, v);
        }
        Ok(true)
    }

    fn scalar_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op).split_once('.').map(|(d, _)| d) {
            Some("arith") => self.arith(op),
            Some("math") => self.math(op),
            _ => Ok(false),
        }
    }

    /// Lane `lane` of the Wasm vector `vector` (the value of MLIR `old`) as
    /// the scalar conversions represent the element (a mask lane as 0/1).
    fn lane(&mut self, vector: ValueId, old: ValueId, lane: i64) -> ValueId {
        let (_, elem) = self.lanes(self.ctx.value_type(old)).expect("a vector");
        let wty = self.ctx.value_type(vector);
        let shape = self.shape(wty);
        let scalar = self.ctx.element_type(wty);
        let scalar = match self.ctx.int_width(scalar) {
            Some(8 | 16) => self.ctx.i32(),
            _ => scalar,
        };
        let suffix = if matches!(shape, "i8x16" | "i16x8") {
            "extract_lane_u"
        } else {
            "extract_lane"
        };
        let props = [
            ("opcode", self.str_attr(&format!("{shape}.{suffix}"))),
            ("lane", self.int_attr(lane as i128)),
        ];
        let v = self.emit1("wasm.extract_lane", &[vector], scalar, &props);
        match self.ctx.int_width(elem) {
            Some(1) => {
                let one = self.const_int(scalar, 1);
                self.binary(&format!("{}.and", self.shape(scalar)), v, one)
            }
            _ => v,
        }
    }

    /// The vector of MLIR type `old`'s type from scalar `lanes`.
    fn assemble(
        &mut self,
        lanes: &[ValueId],
        op: OpId,
        old: ValueId,
    ) -> Result<ValueId, Diagnostic> {
        let (_, elem) = self.lanes(self.ctx.value_type(old)).expect("a vector");
        let wty = self.ty(op, self.ctx.value_type(old))?;
        let mask = self.ctx.int_width(elem) == Some(1);
        let lanes: Vec<ValueId> = match mask {
            true => lanes.iter().map(|&l| self.mask_lane(l)).collect(),
            false => lanes.to_vec(),
        };
        Ok(self.build_vector(&lanes, wty))
    }

    /// A mask lane (all ones or zero) from an `i1` in its `i32` (1 or 0).
    fn mask_lane(&mut self, x: ValueId) -> ValueId {
        let i1 = self.ctx.integer_type(1);
        self.signed(x, i1)
    }

    /// The vector of Wasm type `ty` whose lanes are `lanes` (one value: a splat).
    fn build_vector(&mut self, lanes: &[ValueId], ty: Type) -> ValueId {
        let mut v = self.splat(lanes[0], ty);
        for (i, &l) in lanes.iter().enumerate().skip(1) {
            v = self.replace_lane(v, i as i128, l);
        }
        v
    }

    /// `vector` with lane `lane` replaced by the scalar `x`.
    fn replace_lane(&mut self, vector: ValueId, lane: i128, x: ValueId) -> ValueId {
        let ty = self.ctx.value_type(vector);
        let props = [
            (
                "opcode",
                self.str_attr(&format!("{}.replace_lane", self.shape(ty))),
            ),
            ("lane", self.int_attr(lane)),
        ];
        self.emit1("wasm.replace_lane", &[vector, x], ty, &props)
    }

    fn splat(&mut self, x: ValueId, vector: Type) -> ValueId {
        self.emit1("wasm.v128_splat", &[x], vector, &[])
    }

    pub(super) fn vector_constant(
        &mut self,
        op: OpId,
        attr: Attr,
        ty: Type,
    ) -> Result<ValueId, Diagnostic> {
        let AttrData::Dense { values, splat, .. } = self.ctx.attr_data(attr).clone() else {
            return Err(self
                .ctx
                .op_error(op, "has a constant the Wasm target does not support"));
        };
        let result = self.ctx.result(op, 0);
        let (n, elem) = self.lanes(self.ctx.value_type(result)).expect("a vector");
        let scalar = self.ctx.element_type(ty);
        let mask = self.ctx.int_width(elem) == Some(1);
        let count = if splat { 1 } else { n as usize };
        let mut lanes = Vec::new();
        for i in 0..count {
            let v = match &values {
                DenseValues::Int(v) => {
                    let x = v.get(i).copied().unwrap_or(0);
                    self.const_int(scalar, if mask && x != 0 { -1 } else { x })
                }
                DenseValues::Float(v) => {
                    self.const_float_bits(scalar, v.get(i).copied().unwrap_or(0))
                }
            };
            lanes.push(v);
        }
        Ok(self.build_vector(&lanes, ty))
    }

    pub(super) fn simd(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = self.ctx.op_name_text(op).to_string();
        let v = match name.as_str() {
            "simd.lane_id" => {
                let ty = self.result_ty(op, 0)?;
                let lanes: Vec<ValueId> =
                    (0..4).map(|i| self.const_int(self.ctx.i32(), i)).collect();
                self.build_vector(&lanes, ty)
            }
            "simd.splat" => {
                let ty = self.result_ty(op, 0)?;
                let mut x = self.operand(op, 0);
                if self.is_mask(self.ctx.result(op, 0)) {
                    x = self.mask_lane(x);
                }
                self.splat(x, ty)
            }
            "simd.extract" => {
                let lane = self
                    .ctx
                    .prop(op, "lane")
                    .and_then(|a| self.ctx.attr_int(a))
                    .unwrap_or(0) as i64;
                let old = self.ctx.operand(op, 0);
                self.lane(self.v(old), old, lane)
            }
            "simd.insert" => {
                let lane = self
                    .ctx
                    .prop(op, "lane")
                    .and_then(|a| self.ctx.attr_int(a))
                    .unwrap_or(0);
                let (vector, mut x) = (self.operand(op, 0), self.operand(op, 1));
                if self.is_mask(self.ctx.operand(op, 0)) {
                    x = self.mask_lane(x);
                }
                self.replace_lane(vector, lane, x)
            }
            "simd.select" => {
                let (mask, a, b) = (
                    self.operand(op, 0),
                    self.operand(op, 1),
                    self.operand(op, 2),
                );
                let ty = self.ctx.value_type(a);
                self.emit1("wasm.bitselect", &[a, b, mask], ty, &[])
            }
            "simd.any" => self.unary("v128.any_true", self.operand(op, 0)),
            "simd.all" => self.unary("i32x4.all_true", self.operand(op, 0)),
            "simd.reduce" => self.reduce(op)?,
            "simd.gather" => self.gather(op)?,
            "simd.scatter" => {
                self.scatter(op)?;
                return Ok(true);
            }
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// The MLIR lanes of operand `i` of `op`, as scalars.
    fn operand_lanes(&mut self, op: OpId, i: usize) -> Vec<ValueId> {
        let old = self.ctx.operand(op, i);
        let n = self.lanes(self.ctx.value_type(old)).map_or(1, |(n, _)| n);
        let vector = self.v(old);
        (0..n).map(|l| self.lane(vector, old, l)).collect()
    }

    fn reduce(&mut self, op: OpId) -> Result<ValueId, Diagnostic> {
        let Some(kind) = ReduceKind::from_prop(self.ctx, op, "kind")? else {
            return Err(self.ctx.op_error(op, "requires 'kind'"));
        };
        let lanes = self.operand_lanes(op, 0);
        let ty = self.ctx.value_type(lanes[0]);
        let shape = self.shape(ty);
        let float = shape.starts_with('f');
        let mut acc = lanes[0];
        for &x in &lanes[1..] {
            acc = match kind {
                ReduceKind::Add => self.binary(&format!("{shape}.add"), acc, x),
                ReduceKind::Mul => self.binary(&format!("{shape}.mul"), acc, x),
                ReduceKind::And => self.binary(&format!("{shape}.and"), acc, x),
                ReduceKind::Or => self.binary(&format!("{shape}.or"), acc, x),
                ReduceKind::Xor => self.binary(&format!("{shape}.xor"), acc, x),
                ReduceKind::Minnumf if float => self.float_num_minmax("min", acc, x),
                ReduceKind::Maxnumf if float => self.float_num_minmax("max", acc, x),
                _ => {
                    let cmp = match kind {
                        ReduceKind::Minsi => "lt_s",
                        ReduceKind::Maxsi => "gt_s",
                        ReduceKind::Minui => "lt_u",
                        _ => "gt_u",
                    };
                    let keep = self.compare(&format!("{shape}.{cmp}"), acc, x);
                    self.select(keep, acc, x)
                }
            };
        }
        Ok(acc)
    }

    /// `if mask[i] { f(i) } else { otherwise(i) }` for each lane, as a Wasm
    /// `if` with a result of `ty` (or none).
    fn per_lane_if(
        &mut self,
        mask: &[ValueId],
        ty: Option<Type>,
        mut then: impl FnMut(&mut Self, usize) -> Option<ValueId>,
        mut otherwise: impl FnMut(&mut Self, usize) -> Option<ValueId>,
    ) -> Vec<ValueId> {
        let mut out = Vec::new();
        for (i, &m) in mask.iter().enumerate() {
            let results: Vec<Type> = ty.into_iter().collect();
            let (wif, [then_block, else_block]) = self.emit_if(m, &results);
            self.inside(then_block, |c| {
                let v: Vec<ValueId> = then(c, i).into_iter().collect();
                c.emit("wasm.end", &v, &[], &[]);
            });
            self.inside(else_block, |c| {
                let v: Vec<ValueId> = otherwise(c, i).into_iter().collect();
                c.emit("wasm.end", &v, &[], &[]);
            });
            if ty.is_some() {
                out.push(self.ctx.result(wif, 0));
            }
        }
        out
    }

    /// Lane `i`'s address: `base + offsets[i]`.
    fn lane_address(&mut self, base: ValueId, offsets: &[ValueId], i: usize) -> ValueId {
        let i64 = self.ctx.i64();
        let off = self.int_resize(offsets[i], i64, true);
        self.binary("i64.add", base, off)
    }

    fn gather(&mut self, op: OpId) -> Result<ValueId, Diagnostic> {
        let base = self.operand(op, 0);
        let offsets = self.operand_lanes(op, 1);
        let mask = self.operand_lanes(op, 2);
        let passthru = self.operand_lanes(op, 3);
        let result = self.ctx.result(op, 0);
        let (_, elem) = self.lanes(self.ctx.value_type(result)).expect("a vector");
        let scalar = self.ty(op, elem)?;
        let mut error = None;
        let lanes = self.per_lane_if(
            &mask,
            Some(scalar),
            |c, i| {
                let p = c.lane_address(base, &offsets, i);
                match c.load(op, p, elem) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        error = Some(e);
                        Some(passthru[i])
                    }
                }
            },
            |_, i| Some(passthru[i]),
        );
        if let Some(e) = error {
            return Err(e);
        }
        self.assemble(&lanes, op, result)
    }

    fn scatter(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let values = self.operand_lanes(op, 0);
        let base = self.operand(op, 1);
        let offsets = self.operand_lanes(op, 2);
        let mask = self.operand_lanes(op, 3);
        let (_, elem) = self
            .lanes(self.ctx.value_type(self.ctx.operand(op, 0)))
            .expect("a vector");
        let mut error = None;
        self.per_lane_if(
            &mask,
            None,
            |c, i| {
                let p = c.lane_address(base, &offsets, i);
                if let Err(e) = c.store(op, p, values[i], elem) {
                    error = Some(e);
                }
                None
            },
            |_, _| None,
        );
        error.map_or(Ok(()), Err)
    }
}
