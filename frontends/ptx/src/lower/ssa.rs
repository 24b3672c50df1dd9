//! Registers straight into SSA values, as the lowering goes (Braun, Buchwald,
//! Hack, Leißa, Mallon, Zwinkau: "Simple and Efficient Construction of Static
//! Single Assignment Form", CC 2013).
//!
//! Each block remembers the value each register last got in it. A read in a
//! block without a definition looks at the predecessors: one predecessor
//! gives its value (the walk up single-predecessor chains is a loop); several
//! give a φ — a block argument — whose operands are the predecessors'
//! values; a block whose predecessors are not all known yet (a label that a
//! later branch may still target) gets an incomplete φ, completed when the
//! block is sealed. A φ whose operands are all one value (or itself) is
//! trivial: it is replaced by that value and erased, which may make the φs
//! using it trivial in turn. A read that reaches the entry block without a
//! definition is zero (PTX leaves it undefined).
//!
//! Branches are made without operands; [`FnLower::finish_ssa`] gives every
//! terminator the values its successors' φs take along each edge. Internal
//! blocks (of guards and conditional returns) are sealed when they are
//! entered, labels after their definition and last reference, whichever
//! comes later.

use super::FnLower;
use cuwasm::{BlockId, OpId, Type, ValueId};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// A block's predecessors, and the blocks a read walks through.
type Preds = SmallVec<[BlockId; 4]>;
type Path = SmallVec<[BlockId; 8]>;

/// A φ: a block argument standing for register `reg` in `block`.
struct Phi {
    block: BlockId,
    reg: u32,
    /// One value per predecessor edge, in the order of `preds[block]`.
    operands: SmallVec<[ValueId; 2]>,
    /// The φs that have this one among their operands.
    users: Vec<ValueId>,
    dead: bool,
    /// Its operands are being read: not to be judged trivial yet.
    filling: bool,
}

/// What the construction knows of a block.
#[derive(Default)]
struct BlockInfo {
    /// The block (once the construction has heard of it).
    id: Option<BlockId>,
    /// The edges into it: (predecessor, successor index of its terminator).
    preds: SmallVec<[(BlockId, u32); 2]>,
    sealed: bool,
    /// A label: sealed at a statement index, not on entry.
    label: bool,
    /// φs made before it was sealed, waiting for their operands.
    incomplete: Vec<(u32, ValueId)>,
}

/// The state of the SSA construction of one function.
#[derive(Default)]
pub(crate) struct Ssa {
    /// Each register's latest definition and its block (most reads and
    /// writes are there: no hashing); the earlier blocks' are in `defs`.
    last: Vec<Option<(BlockId, ValueId)>>,
    defs: FxHashMap<(u32, BlockId), ValueId>,
    /// The function's blocks by their index less `base` (the entry block's
    /// index: every block of the function is made after it).
    blocks: Vec<BlockInfo>,
    base: usize,
    phis: FxHashMap<ValueId, Phi>,
    /// Trivial φs and what replaced them.
    replaced: FxHashMap<ValueId, ValueId>,
}

impl Ssa {
    fn info(&mut self, b: BlockId) -> &mut BlockInfo {
        let i = b.index() - self.base;
        if i >= self.blocks.len() {
            self.blocks.resize_with(i + 1, BlockInfo::default);
        }
        let info = &mut self.blocks[i];
        info.id = Some(b);
        info
    }

    fn get(&self, b: BlockId) -> Option<&BlockInfo> {
        self.blocks.get(b.index() - self.base)
    }

    /// Mark `b` a label block.
    pub fn label(&mut self, b: BlockId) {
        self.info(b).label = true;
    }
}

impl Ssa {
    /// Room for a function of about `n` statements whose entry block is `entry`.
    pub fn with_capacity(n: usize, entry: BlockId) -> Ssa {
        Ssa {
            defs: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            blocks: Vec::with_capacity(n / 4),
            base: entry.index(),
            ..Ssa::default()
        }
    }
}

impl FnLower<'_, '_, '_> {
    /// Register `r` gets `v` in block `b`.
    pub(crate) fn write_var(&mut self, r: usize, b: BlockId, v: ValueId) {
        let ssa = &mut self.ssa;
        if ssa.last.len() <= r {
            ssa.last.resize(r + 1, None);
        }
        match ssa.last[r] {
            Some((lb, _)) if lb == b => {}
            Some((lb, lv)) => {
                ssa.defs.insert((r as u32, lb), lv);
            }
            None => {}
        }
        ssa.last[r] = Some((b, v));
    }

    /// Register `r`'s definition in block `b`, if it has one there.
    fn def_in(&self, r: usize, b: BlockId) -> Option<ValueId> {
        match self.ssa.last.get(r).copied().flatten() {
            Some((lb, lv)) if lb == b => Some(lv),
            Some(_) => self.ssa.defs.get(&(r as u32, b)).copied(),
            None => None,
        }
    }

    /// The value of register `r` at the end of block `b` (so far).
    ///
    /// Braun et al.'s readVariableRecursive without recursion (a function
    /// may have a chain of thousands of joins): reading a φ's operands
    /// descends into its block's predecessors one after the other, with the
    /// φs waiting for operands on an explicit stack.
    pub(crate) fn read_var(&mut self, r: usize, b: BlockId) -> ValueId {
        let key = r as u32;
        // φs waiting for operands: the φ, its block's predecessors, the next
        // one to read, and the walk of the read that made the φ
        let mut frames: SmallVec<[(ValueId, Preds, usize, Path); 1]> = SmallVec::new();
        let mut cur = b;
        let mut path = Path::new();
        loop {
            // the value at the end of `cur`, up single-predecessor chains
            let found = loop {
                if let Some(v) = self.def_in(r, cur) {
                    break Some(self.resolve(v));
                }
                let info = self.ssa.get(cur);
                if !info.is_some_and(|i| i.sealed) {
                    let phi = self.new_phi(cur, key);
                    self.ssa.info(cur).incomplete.push((key, phi));
                    self.write_var(r, cur, phi);
                    break Some(phi);
                }
                let preds = info.map_or(&[][..], |i| i.preds.as_slice());
                match preds {
                    // an unreachable cycle of single predecessors reads nothing
                    [(p, _)] if path.len() <= self.ssa.blocks.len() => {
                        path.push(cur);
                        cur = *p;
                    }
                    [_, _, ..] => {
                        let preds: Preds = preds.iter().map(|e| e.0).collect();
                        let phi = self.new_phi(cur, key);
                        self.write_var(r, cur, phi);
                        cur = preds[0];
                        frames.push((phi, preds, 0, std::mem::take(&mut path)));
                        break None;
                    }
                    _ => {
                        let ty = self.regs[r].ir;
                        let v = self.undef(ty);
                        self.write_var(r, cur, v);
                        break Some(v);
                    }
                }
            };
            let Some(mut v) = found else {
                continue;
            };
            for p in path.drain(..) {
                self.write_var(r, p, v);
            }
            // give the value to the waiting φ; the next predecessor, or the
            // φ is complete and is the value of the read that made it
            loop {
                let Some((phi, preds, next, _)) = frames.last_mut() else {
                    return v;
                };
                let phi = *phi;
                self.push_operand(phi, v);
                *next += 1;
                if *next < preds.len() {
                    cur = preds[*next];
                    break;
                }
                let (_, _, _, made_by) = frames.pop().expect("a frame");
                v = self.try_remove_trivial(phi);
                for p in made_by {
                    self.write_var(r, p, v);
                }
            }
        }
    }

    /// What `v` stands for now (trivial φs replaced).
    fn resolve(&self, mut v: ValueId) -> ValueId {
        while let Some(&w) = self.ssa.replaced.get(&v) {
            v = w;
        }
        v
    }

    /// The zero of `ty` (a constant of the entry block).
    fn undef(&mut self, ty: Type) -> ValueId {
        match self.ctx.float_kind(ty) {
            Some(_) => self.c_float(ty, 0.0),
            None => self.c_int(ty, 0),
        }
    }

    fn new_phi(&mut self, block: BlockId, reg: u32) -> ValueId {
        let ty = self.regs[reg as usize].ir;
        let loc = self.loc();
        let v = self.ctx.add_block_arg(block, ty, loc);
        self.ssa.phis.insert(
            v,
            Phi {
                block,
                reg,
                operands: SmallVec::new(),
                users: Vec::new(),
                dead: false,
                filling: true,
            },
        );
        v
    }

    /// Append operand `v` to `phi` (and note `phi` among `v`'s users).
    fn push_operand(&mut self, phi: ValueId, v: ValueId) {
        if v != phi
            && let Some(user) = self.ssa.phis.get_mut(&v)
            && !user.dead
        {
            user.users.push(phi);
        }
        self.ssa.phis.get_mut(&phi).expect("a φ").operands.push(v);
    }

    /// Give `phi` one operand per predecessor edge, then drop it if trivial.
    fn add_phi_operands(&mut self, phi: ValueId) -> ValueId {
        let (block, reg) = {
            let p = &self.ssa.phis[&phi];
            (p.block, p.reg)
        };
        let preds: Preds = self.ssa.info(block).preds.iter().map(|e| e.0).collect();
        for p in preds {
            let v = self.read_var(reg as usize, p);
            self.push_operand(phi, v);
        }
        self.try_remove_trivial(phi)
    }

    /// Replace `phi` by its only operand (other than itself), if it has one;
    /// then the φs that used it, which may have become trivial, likewise (a
    /// worklist: the cascade may be long). Returns what `phi` is now.
    fn try_remove_trivial(&mut self, phi: ValueId) -> ValueId {
        self.ssa.phis.get_mut(&phi).expect("a φ").filling = false;
        let mut work: SmallVec<[ValueId; 8]> = smallvec::smallvec![phi];
        while let Some(p) = work.pop() {
            let e = &self.ssa.phis[&p];
            // a φ still reading its operands is judged when it has them all
            if e.dead || e.filling {
                continue;
            }
            let mut same = None;
            let mut trivial = true;
            for &op in &self.ssa.phis[&p].operands {
                let op = self.resolve(op);
                if Some(op) == same || op == p {
                    continue;
                }
                if same.is_some() {
                    trivial = false;
                    break;
                }
                same = Some(op);
            }
            if !trivial {
                continue;
            }
            let e = self.ssa.phis.get_mut(&p).expect("a φ");
            e.dead = true;
            let (block, reg) = (e.block, e.reg);
            let users = std::mem::take(&mut e.users);
            let same = match same {
                Some(s) => s,
                None => {
                    let ty = self.regs[reg as usize].ir;
                    self.undef(ty)
                }
            };
            self.ssa.replaced.insert(p, same);
            self.ctx.replace_all_uses(p, same);
            let index = match self.ctx.value_def(p) {
                cuwasm::ValueDef::BlockArg { index, .. } => index as usize,
                _ => unreachable!("a φ is a block argument"),
            };
            self.ctx.erase_block_arg(block, index);
            if let Some(s) = self.ssa.phis.get_mut(&same) {
                s.users.extend(users.iter().copied().filter(|u| *u != same));
            }
            work.extend(users.into_iter().filter(|u| *u != p));
        }
        self.resolve(phi)
    }

    /// Record the edge from `from`'s terminator (successor `slot`) to `to`.
    pub(crate) fn add_edge(&mut self, from: BlockId, slot: u32, to: BlockId) {
        self.ssa.info(to).preds.push((from, slot));
    }

    /// All predecessors of `b` are known: complete its incomplete φs.
    pub(crate) fn seal(&mut self, b: BlockId) {
        let info = self.ssa.info(b);
        if info.sealed {
            return;
        }
        info.sealed = true;
        for (_, phi) in std::mem::take(&mut info.incomplete) {
            self.add_phi_operands(phi);
        }
    }

    /// Make `b` the current block; a block that is not a label is sealed.
    pub(crate) fn enter(&mut self, b: BlockId) {
        if !self.ssa.info(b).label {
            self.seal(b);
        }
        self.block = Some(b);
    }

    /// Seal what is left, then give every terminator the φ values of its
    /// successors.
    pub(crate) fn finish_ssa(&mut self) {
        let open: Vec<BlockId> = self
            .ssa
            .blocks
            .iter()
            .filter(|i| !i.incomplete.is_empty())
            .filter_map(|i| i.id)
            .collect();
        for b in open {
            self.seal(b);
        }
        let mut per_term: FxHashMap<OpId, Vec<Vec<ValueId>>> = FxHashMap::default();
        for i in 0..self.ssa.blocks.len() {
            let Some(b) = self.ssa.blocks[i].id else {
                continue;
            };
            if self.ssa.blocks[i].preds.is_empty() {
                continue;
            }
            let args = self.ctx.block_args(b).to_vec();
            if args.is_empty() || self.ctx.is_entry_block(b) {
                continue;
            }
            for (k, &(p, slot)) in self.ssa.blocks[i].preds.iter().enumerate() {
                let values: Vec<ValueId> = args
                    .iter()
                    .map(|a| self.resolve(self.ssa.phis[a].operands[k]))
                    .collect();
                let t = self
                    .ctx
                    .terminator(p)
                    .expect("a predecessor ends in a branch");
                let n = self.ctx.successors(t).len();
                per_term.entry(t).or_insert_with(|| vec![Vec::new(); n])[slot as usize] = values;
            }
        }
        for (t, slots) in per_term {
            self.set_branch_operands(t, slots);
        }
    }

    /// Give branch `t` the operands `slots` (one list per successor).
    fn set_branch_operands(&mut self, t: OpId, slots: Vec<Vec<ValueId>>) {
        let first = |ctx: &cuwasm::Context| ctx.operands(t).first().copied();
        match self.ctx.op_name_text(t) {
            "cf.br" => self.ctx.set_operands(t, &slots[0]),
            "cf.cond_br" => {
                let c = first(self.ctx).expect("a condition");
                let mut ops = vec![c];
                ops.extend(&slots[0]);
                ops.extend(&slots[1]);
                self.ctx.set_operands(t, &ops);
                let seg =
                    self.ctx
                        .dense_i32_array(&[1, slots[0].len() as i32, slots[1].len() as i32]);
                self.ctx.set_prop(t, "operandSegmentSizes", Some(seg));
            }
            _ => {
                // cf.switch: the flag, the default's operands, then each case's
                let flag = first(self.ctx).expect("a flag");
                let mut ops = vec![flag];
                ops.extend(&slots[0]);
                let cases: Vec<i32> = slots[1..].iter().map(|s| s.len() as i32).collect();
                for s in &slots[1..] {
                    ops.extend(s);
                }
                self.ctx.set_operands(t, &ops);
                let total: i32 = cases.iter().sum();
                let seg = self.ctx.dense_i32_array(&[1, slots[0].len() as i32, total]);
                self.ctx.set_prop(t, "operandSegmentSizes", Some(seg));
                let cs = self.ctx.dense_i32_array(&cases);
                self.ctx.set_prop(t, "case_operand_segments", Some(cs));
            }
        }
    }
}
