//! naga's words fitted to the ABI (docs/webgpu-abi.md, and what
//! runtime/src/webgpu/spirv.rs specializes), with rspirv: each pinned
//! constant (see `pins`) becomes
//!
//! - for an override the pipeline sets: an `OpSpecConstant` of its default,
//!   named like it, with a `SpecId` (composites of it become
//!   `OpSpecConstantComposite`s);
//! - for one computed from those (WGSL's block thread count): the
//!   computation, at the start of each function that uses it; an array it
//!   sizes gets the most it can be, a block's thread limit. SPIR-V could
//!   size it by an `OpSpecConstantOp`, but naga's SPIR-V reader, which the
//!   runtime uses, takes none.

use super::pins::{Formula, Meaning, Pin};
use cuwasm_dialects::webgpu_abi::{BLOCK_DIM_OVERRIDES, DYNAMIC_SHARED_WORDS_OVERRIDE};
use naga::BinaryOperator;
use rspirv::binary::Assemble;
use rspirv::dr::{self, Instruction, Module, Operand};
use rspirv::spirv::{Decoration, Op, Word};
use std::collections::HashSet;

/// CUDA's limit of threads per block: the length of an array sized by the
/// block's thread count.
const MAX_BLOCK_THREADS: u32 = 1024;

/// `words` (naga's, of a module pinned as `pins` say) fitted to the ABI.
pub fn fit_abi(words: &[u32], pins: &[Pin]) -> Result<Vec<u32>, String> {
    let module = dr::load_words(words).map_err(|e| format!("rspirv cannot load it: {e}"))?;
    let ids = pins
        .iter()
        .map(|p| pinned_id(&module, p))
        .collect::<Result<Vec<_>, _>>()?;
    let bound = module.header.as_ref().map_or(1, |h| h.bound);
    let mut fit = Fit {
        module,
        bound,
        pins,
        ids,
    };
    fit.spec_constants();
    fit.spec_composites()?;
    for (i, pin) in pins.iter().enumerate() {
        if let Meaning::Computed(f) = &pin.meaning {
            fit.computed(i, f)?;
        }
    }
    let mut module = fit.module;
    if let Some(h) = module.header.as_mut() {
        h.bound = fit.bound;
    }
    Ok(module.assemble())
}

/// The id of the `OpConstant` naga wrote for `pin`: named like it, of its
/// value.
fn pinned_id(module: &Module, pin: &Pin) -> Result<Word, String> {
    let named: HashSet<Word> = module
        .debug_names
        .iter()
        .filter_map(|i| match i.operands.as_slice() {
            [Operand::IdRef(id), Operand::LiteralString(name)] if *name == pin.name => Some(*id),
            _ => None,
        })
        .collect();
    let mut found = module.types_global_values.iter().filter(|i| {
        i.class.opcode == Op::Constant
            && i.result_id.is_some_and(|id| named.contains(&id))
            && i.operands == [Operand::LiteralBit32(pin.value)]
    });
    match (found.next(), found.next()) {
        (Some(i), None) => Ok(i.result_id.unwrap()),
        _ => Err(format!("no single constant for override '{}'", pin.name)),
    }
}

/// The `SpecId` of the override `name`, the `index`th pin: the ABI's in
/// their order, then the others'.
fn spec_id(name: &str, index: usize) -> u32 {
    let abi = BLOCK_DIM_OVERRIDES
        .iter()
        .chain([&DYNAMIC_SHARED_WORDS_OVERRIDE])
        .position(|o| *o == name);
    match abi {
        Some(i) => i as u32,
        None => (BLOCK_DIM_OVERRIDES.len() + 1 + index) as u32,
    }
}

/// The module being fitted.
struct Fit<'p> {
    module: Module,
    /// The next free id.
    bound: Word,
    pins: &'p [Pin],
    /// The pinned constant of each pin.
    ids: Vec<Word>,
}

impl Fit<'_> {
    fn fresh(&mut self) -> Word {
        self.bound += 1;
        self.bound - 1
    }

    /// The global instruction defining `id`.
    fn global(&mut self, id: Word) -> Option<&mut Instruction> {
        self.module
            .types_global_values
            .iter_mut()
            .find(|i| i.result_id == Some(id))
    }

    /// The pins the pipeline sets, as named spec constants with `SpecId`s.
    fn spec_constants(&mut self) {
        for (i, pin) in self.pins.iter().enumerate() {
            let Meaning::Set { default } = pin.meaning else {
                continue;
            };
            let id = self.ids[i];
            let inst = self.global(id).expect("pinned_id found it");
            *inst = Instruction::new(
                Op::SpecConstant,
                inst.result_type,
                Some(id),
                vec![Operand::LiteralBit32(default)],
            );
            self.module.annotations.push(Instruction::new(
                Op::Decorate,
                None,
                None,
                vec![
                    Operand::IdRef(id),
                    Operand::Decoration(Decoration::SpecId),
                    Operand::LiteralBit32(spec_id(&pin.name, i)),
                ],
            ));
        }
    }

    /// Constant composites of spec constants made spec constant composites.
    fn spec_composites(&mut self) -> Result<(), String> {
        let mut spec: HashSet<Word> = self
            .pins
            .iter()
            .zip(&self.ids)
            .filter(|(p, _)| matches!(p.meaning, Meaning::Set { .. }))
            .map(|(_, id)| *id)
            .collect();
        let computed: HashSet<Word> = self
            .ids
            .iter()
            .copied()
            .filter(|id| !spec.contains(id))
            .collect();
        for inst in &mut self.module.types_global_values {
            if inst.class.opcode != Op::ConstantComposite {
                continue;
            }
            let parts = inst.operands.iter().filter_map(|o| o.id_ref_any());
            if parts.clone().any(|id| computed.contains(&id)) {
                return Err("a constant composite of a computed override".into());
            }
            if parts.clone().any(|id| spec.contains(&id)) {
                *inst = Instruction::new(
                    Op::SpecConstantComposite,
                    inst.result_type,
                    inst.result_id,
                    inst.operands.clone(),
                );
                spec.extend(inst.result_id);
            }
        }
        Ok(())
    }

    /// Computed pin `index` (`formula`): computed in each function that
    /// uses it; the arrays it sizes get [`MAX_BLOCK_THREADS`].
    fn computed(&mut self, index: usize, formula: &Formula) -> Result<(), String> {
        let id = self.ids[index];
        let name = self.pins[index].name.clone();
        let uint = self
            .global(id)
            .and_then(|i| i.result_type)
            .expect("a constant has a type");
        let mut sizes_arrays = false;
        for inst in &self.module.types_global_values {
            if inst.result_id == Some(id) || !uses(inst, id) {
                continue;
            }
            match (inst.class.opcode, inst.operands.as_slice()) {
                (Op::TypeArray, [_, Operand::IdRef(length)]) if *length == id => {
                    sizes_arrays = true
                }
                (op, _) => return Err(format!("'{name}' is used by Op{op:?}")),
            }
        }
        for f in 0..self.module.functions.len() {
            if self.module.functions[f]
                .all_inst_iter()
                .any(|i| uses(i, id))
            {
                self.compute_in_function(f, id, &name, uint, formula)?;
            }
        }
        self.module
            .debug_names
            .retain(|i| i.operands.first() != Some(&Operand::IdRef(id)));
        if sizes_arrays {
            if !is_block_thread_count(formula, self.pins) {
                return Err(format!("an array is sized by '{name}', which has no limit"));
            }
            let inst = self.global(id).expect("pinned_id found it");
            inst.operands = vec![Operand::LiteralBit32(MAX_BLOCK_THREADS)];
        } else {
            self.module
                .types_global_values
                .retain(|i| i.result_id != Some(id));
        }
        Ok(())
    }

    /// Function `f` computes `formula` at its start, as the value `name`,
    /// and uses it for `id`.
    fn compute_in_function(
        &mut self,
        f: usize,
        id: Word,
        name: &str,
        uint: Word,
        formula: &Formula,
    ) -> Result<(), String> {
        let mut code = Vec::new();
        let value = self.emit(formula, uint, &mut code)?;
        for inst in self.module.functions[f].all_inst_iter_mut() {
            for o in &mut inst.operands {
                if *o == Operand::IdRef(id) {
                    *o = Operand::IdRef(value);
                }
            }
        }
        let entry = &mut self.module.functions[f].blocks[0].instructions;
        let at = entry
            .iter()
            .take_while(|i| i.class.opcode == Op::Variable)
            .count();
        entry.splice(at..at, code);
        self.module.debug_names.push(Instruction::new(
            Op::Name,
            None,
            None,
            vec![Operand::IdRef(value), Operand::LiteralString(name.into())],
        ));
        Ok(())
    }

    /// Instructions into `code` computing `formula` (a `uint`); its id.
    fn emit(
        &mut self,
        formula: &Formula,
        uint: Word,
        code: &mut Vec<Instruction>,
    ) -> Result<Word, String> {
        match formula {
            Formula::Override(i) => match &self.pins[*i].meaning {
                Meaning::Set { .. } => Ok(self.ids[*i]),
                Meaning::Computed(f) => self.emit(f, uint, code),
            },
            Formula::Literal(v) => Ok(self.constant(uint, *v)),
            Formula::Binary(op, a, b) => {
                let op = match op {
                    BinaryOperator::Add => Op::IAdd,
                    BinaryOperator::Subtract => Op::ISub,
                    BinaryOperator::Multiply => Op::IMul,
                    op => return Err(format!("an override computed with {op:?}")),
                };
                let a = self.emit(a, uint, code)?;
                let b = self.emit(b, uint, code)?;
                let id = self.fresh();
                let operands = vec![Operand::IdRef(a), Operand::IdRef(b)];
                code.push(Instruction::new(op, Some(uint), Some(id), operands));
                Ok(id)
            }
        }
    }

    /// An `OpConstant` of type `ty` and value `v` (not a pinned one).
    fn constant(&mut self, ty: Word, v: u32) -> Word {
        let value = [Operand::LiteralBit32(v)];
        let existing = self.module.types_global_values.iter().find(|i| {
            i.class.opcode == Op::Constant
                && i.result_type == Some(ty)
                && i.operands == value
                && !i.result_id.is_some_and(|id| self.ids.contains(&id))
        });
        if let Some(id) = existing.and_then(|i| i.result_id) {
            return id;
        }
        let id = self.fresh();
        self.module.types_global_values.push(Instruction::new(
            Op::Constant,
            Some(ty),
            Some(id),
            value.to_vec(),
        ));
        id
    }
}

/// Whether `inst` has `id` among its operands.
fn uses(inst: &Instruction, id: Word) -> bool {
    inst.operands.iter().any(|o| o.id_ref_any() == Some(id))
}

/// Whether `formula` is the product of the three block dimensions, the
/// block's thread count.
fn is_block_thread_count(formula: &Formula, pins: &[Pin]) -> bool {
    fn factors<'p>(f: &Formula, pins: &'p [Pin], out: &mut Vec<&'p str>) {
        match f {
            Formula::Binary(BinaryOperator::Multiply, a, b) => {
                factors(a, pins, out);
                factors(b, pins, out);
            }
            Formula::Override(i) => out.push(&pins[*i].name),
            _ => out.push(""),
        }
    }
    let mut names = Vec::new();
    factors(formula, pins, &mut names);
    names.sort_unstable();
    let mut block = BLOCK_DIM_OVERRIDES.to_vec();
    block.sort_unstable();
    names == block
}
