//! Pattern rewriting, as MLIR's `PatternMatch.h`: a [`RewritePattern`] matches
//! one kind of op (or any op) and rewrites it through a [`PatternRewriter`];
//! a [`PatternSet`] collects patterns (a dialect adds its canonicalization
//! patterns through the `canonicalize` hook of an op's [`OpInfo`](crate::OpInfo))
//! and [`PatternSet::freeze`] indexes them by op name, best benefit first.
//!
//! Every change a pattern makes goes through the rewriter, which tells its
//! [`RewriteListener`] (a driver's worklist) what was inserted, modified,
//! replaced and erased. The drivers live in `cuwasm-passes` (`rewrite/`): the
//! greedy driver and the dialect conversion framework.
//!
//! A pattern that returns `false` must leave the IR unchanged; one that
//! returns `true` must have changed it.

use crate::{
    Attr, BlockId, Builder, Context, InsertPoint, Location, OpId, OpName, OperationState, RegionId,
    Type, ValueId,
};

/// A rewrite rooted at one kind of operation (or at any operation).
pub trait RewritePattern: Send + Sync {
    /// A name for debugging and for enabling/disabling patterns.
    fn name(&self) -> &str;
    /// The op name this pattern matches, or `None` for any op.
    fn root(&self) -> Option<&'static str>;
    /// Patterns with a higher benefit are tried first.
    fn benefit(&self) -> u16 {
        1
    }
    /// Rewrite `op` and return `true`, or return `false` with the IR unchanged.
    fn match_and_rewrite(&self, op: OpId, rewriter: &mut PatternRewriter<'_>) -> bool;
}

/// The body of a pattern written as a function.
pub type PatternFn = fn(OpId, &mut PatternRewriter<'_>) -> bool;

/// A pattern made of a function: the usual way to write one.
#[derive(Clone, Copy, Debug)]
pub struct FnPattern {
    pub name: &'static str,
    pub root: Option<&'static str>,
    pub benefit: u16,
    pub f: PatternFn,
}

impl RewritePattern for FnPattern {
    fn name(&self) -> &str {
        self.name
    }
    fn root(&self) -> Option<&'static str> {
        self.root
    }
    fn benefit(&self) -> u16 {
        self.benefit
    }
    fn match_and_rewrite(&self, op: OpId, rewriter: &mut PatternRewriter<'_>) -> bool {
        (self.f)(op, rewriter)
    }
}

/// A collection of patterns (MLIR's `RewritePatternSet`).
#[derive(Default)]
pub struct PatternSet {
    patterns: Vec<Box<dyn RewritePattern>>,
}

impl PatternSet {
    pub fn new() -> PatternSet {
        PatternSet::default()
    }

    pub fn add(&mut self, pattern: impl RewritePattern + 'static) -> &mut Self {
        self.patterns.push(Box::new(pattern));
        self
    }

    pub fn add_boxed(&mut self, pattern: Box<dyn RewritePattern>) -> &mut Self {
        self.patterns.push(pattern);
        self
    }

    /// Add a pattern rooted at the op named `root`, written as a function.
    pub fn add_fn(
        &mut self,
        name: &'static str,
        root: &'static str,
        benefit: u16,
        f: PatternFn,
    ) -> &mut Self {
        self.add(FnPattern {
            name,
            root: Some(root),
            benefit,
            f,
        })
    }

    /// Add a pattern that is tried on every op, written as a function.
    pub fn add_any_fn(&mut self, name: &'static str, benefit: u16, f: PatternFn) -> &mut Self {
        self.add(FnPattern {
            name,
            root: None,
            benefit,
            f,
        })
    }

    /// Add the canonicalization patterns of every registered op (their
    /// `canonicalize` hooks), in op-name order.
    pub fn add_canonicalization_patterns(&mut self, ctx: &Context) -> &mut Self {
        for info in ctx.registered_ops() {
            if let Some(hook) = info.canonicalize {
                hook(self);
            }
        }
        self
    }

    /// Keep only the patterns for which `keep(name)` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.patterns.retain(|p| keep(p.name()));
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The names of the patterns, in insertion order.
    pub fn names(&self) -> Vec<&str> {
        self.patterns.iter().map(|p| p.name()).collect()
    }

    /// Index the patterns by root op name for `ctx` (names are interned there
    /// and in every context forked from it).
    pub fn freeze(self, ctx: &Context) -> FrozenPatternSet {
        let mut any: Vec<u32> = Vec::new();
        let mut rooted: Vec<(OpName, u32)> = Vec::new();
        for (i, p) in self.patterns.iter().enumerate() {
            match p.root() {
                None => any.push(i as u32),
                Some(name) => rooted.push((ctx.op_name(name), i as u32)),
            }
        }
        let by_benefit = |list: &mut Vec<u32>, patterns: &[Box<dyn RewritePattern>]| {
            // Stable: among equal benefits, insertion order.
            list.sort_by_key(|&i| std::cmp::Reverse(patterns[i as usize].benefit()));
        };
        by_benefit(&mut any, &self.patterns);
        let size = rooted
            .iter()
            .map(|(n, _)| n.0 as usize + 1)
            .max()
            .unwrap_or(0);
        let mut by_name: Vec<Vec<u32>> = vec![Vec::new(); size];
        for (name, i) in rooted {
            by_name[name.0 as usize].push(i);
        }
        let by_name = by_name
            .into_iter()
            .map(|mut list| {
                if list.is_empty() {
                    return Box::from(&[][..]);
                }
                list.extend_from_slice(&any);
                // Merge by benefit, op-specific patterns first among equals.
                by_benefit(&mut list, &self.patterns);
                list.into_boxed_slice()
            })
            .collect();
        FrozenPatternSet {
            patterns: self.patterns,
            by_name,
            any: any.into_boxed_slice(),
        }
    }
}

/// Patterns indexed by root op name, best benefit first (MLIR's
/// `FrozenRewritePatternSet` plus the default cost model of `PatternApplicator`).
pub struct FrozenPatternSet {
    patterns: Vec<Box<dyn RewritePattern>>,
    /// By `OpName` index: the patterns rooted there merged with the any-op patterns.
    by_name: Vec<Box<[u32]>>,
    any: Box<[u32]>,
}

impl FrozenPatternSet {
    /// An empty set (folding only).
    pub fn empty() -> FrozenPatternSet {
        FrozenPatternSet {
            patterns: Vec::new(),
            by_name: Vec::new(),
            any: Box::from(&[][..]),
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The patterns to try on an op named `name`, best benefit first.
    pub fn candidates(&self, name: OpName) -> impl Iterator<Item = &dyn RewritePattern> {
        let list = match self.by_name.get(name.0 as usize) {
            Some(list) if !list.is_empty() => list,
            _ => &self.any,
        };
        list.iter().map(|&i| &*self.patterns[i as usize])
    }

    /// Try the candidates for `op` in order; the first that rewrites it wins.
    pub fn apply(
        &self,
        op: OpId,
        rewriter: &mut PatternRewriter<'_>,
    ) -> Option<&dyn RewritePattern> {
        let name = rewriter.op_name_of(op);
        for pattern in self.candidates(name) {
            rewriter.set_insertion_point(InsertPoint::Before(op));
            rewriter.loc = rewriter.ctx.loc(op);
            if pattern.match_and_rewrite(op, rewriter) {
                return Some(pattern);
            }
        }
        None
    }
}

/// What a driver hears about the changes a rewriter makes (MLIR's
/// `RewriterBase::Listener`). Each method has the IR as it is at that moment:
/// `op_erased` and `op_replaced` come before the change, the others after.
pub trait RewriteListener {
    /// `op` was created or moved to a new place.
    fn op_inserted(&mut self, _ctx: &Context, _op: OpId) {}
    /// `op` was changed in place (operands, properties, attributes, successors).
    fn op_modified(&mut self, _ctx: &Context, _op: OpId) {}
    /// The results of `op` are about to be replaced with `with`.
    fn op_replaced(&mut self, _ctx: &Context, _op: OpId, _with: &[ValueId]) {}
    /// `op` is about to be erased (ops nested in it are announced first).
    fn op_erased(&mut self, _ctx: &Context, _op: OpId) {}
    /// `block` is about to be erased (its ops are announced first).
    fn block_erased(&mut self, _ctx: &Context, _block: BlockId) {}
}

/// A listener that records every change, in order (for drivers that look at a
/// rewrite afterwards, and for tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RewriteLog {
    pub inserted: Vec<OpId>,
    pub modified: Vec<OpId>,
    pub replaced: Vec<(OpId, Vec<ValueId>)>,
    pub erased: Vec<OpId>,
    pub erased_blocks: Vec<BlockId>,
}

impl RewriteListener for RewriteLog {
    fn op_inserted(&mut self, _: &Context, op: OpId) {
        self.inserted.push(op);
    }
    fn op_modified(&mut self, _: &Context, op: OpId) {
        self.modified.push(op);
    }
    fn op_replaced(&mut self, _: &Context, op: OpId, with: &[ValueId]) {
        self.replaced.push((op, with.to_vec()));
    }
    fn op_erased(&mut self, _: &Context, op: OpId) {
        self.erased.push(op);
    }
    fn block_erased(&mut self, _: &Context, block: BlockId) {
        self.erased_blocks.push(block);
    }
}

/// Makes the changes of a pattern and tells a listener about them. It reads
/// as a `&Context` (through `Deref`); every change goes through its methods.
pub struct PatternRewriter<'a> {
    ctx: &'a mut Context,
    listener: Option<&'a mut dyn RewriteListener>,
    /// Where [`create`](Self::create) puts new ops.
    pub ip: InsertPoint,
    /// The location of new ops.
    pub loc: Location,
}

impl std::ops::Deref for PatternRewriter<'_> {
    type Target = Context;
    fn deref(&self) -> &Context {
        self.ctx
    }
}

impl<'a> PatternRewriter<'a> {
    /// A rewriter that tells no one.
    pub fn new(ctx: &'a mut Context) -> PatternRewriter<'a> {
        let loc = ctx.unknown_loc();
        PatternRewriter {
            ctx,
            listener: None,
            ip: InsertPoint::Detached,
            loc,
        }
    }

    /// A rewriter that reports every change to `listener`, inserting before
    /// `op` with its location (what a driver wants when it rewrites `op`; no
    /// location to intern).
    pub fn with_listener_before(
        ctx: &'a mut Context,
        listener: &'a mut dyn RewriteListener,
        op: OpId,
    ) -> PatternRewriter<'a> {
        let loc = ctx.loc(op);
        PatternRewriter {
            ctx,
            listener: Some(listener),
            ip: InsertPoint::Before(op),
            loc,
        }
    }

    /// A rewriter that reports every change to `listener`.
    pub fn with_listener(
        ctx: &'a mut Context,
        listener: &'a mut dyn RewriteListener,
    ) -> PatternRewriter<'a> {
        let mut r = PatternRewriter::new(ctx);
        r.listener = Some(listener);
        r
    }

    /// The context, for changes no listener needs to hear about (types and
    /// attributes are interned through `&Context` already). Changing ops
    /// through it hides them from the driver.
    pub fn ctx_mut(&mut self) -> &mut Context {
        self.ctx
    }

    pub fn set_insertion_point(&mut self, ip: InsertPoint) {
        self.ip = ip;
    }
    /// New ops go right before `op`, with its location.
    pub fn set_insertion_point_before(&mut self, op: OpId) {
        self.ip = InsertPoint::Before(op);
        self.loc = self.ctx.loc(op);
    }
    /// New ops go right after `op` (in creation order).
    pub fn set_insertion_point_after(&mut self, op: OpId) {
        self.ip = InsertPoint::After(op);
    }

    fn notify_inserted(&mut self, op: OpId) {
        if let Some(l) = self.listener.as_deref_mut() {
            l.op_inserted(self.ctx, op);
        }
    }
    fn notify_modified(&mut self, op: OpId) {
        if let Some(l) = self.listener.as_deref_mut() {
            l.op_modified(self.ctx, op);
        }
    }
    /// The users of `v` (each once per use), when a listener wants to hear of them.
    fn users(&self, v: ValueId) -> Vec<OpId> {
        match self.listener {
            Some(_) => self.ctx.uses(v).iter().map(|u| u.op).collect(),
            None => Vec::new(),
        }
    }
    fn notify_all_modified(&mut self, ops: Vec<OpId>) {
        for op in ops {
            self.notify_modified(op);
        }
    }

    /// A fresh state for op `name` at the current location.
    pub fn state(&self, name: &str) -> OperationState {
        OperationState::new(self.ctx, name, self.loc)
    }

    /// Create an op and insert it at the insertion point.
    pub fn create(&mut self, state: OperationState) -> OpId {
        let op = self.ctx.create_op(state);
        self.insert(op);
        op
    }

    /// Insert a detached op at the insertion point.
    pub fn insert(&mut self, op: OpId) {
        if !self.ip.place(self.ctx, op) {
            return;
        }
        self.notify_inserted(op);
    }

    /// Run `f` with a [`Builder`] at the insertion point (for builders written
    /// against `Builder`, such as the typed views' `build`); every op it
    /// creates and attaches is announced as inserted.
    pub fn build<R>(&mut self, f: impl FnOnce(&mut Builder<'_>) -> R) -> R {
        let first = self.ctx.ops.len();
        let mut b = Builder::new(self.ctx, self.ip, self.loc);
        let r = f(&mut b);
        self.ip = b.ip;
        if self.listener.is_some() {
            for i in first..self.ctx.ops.len() {
                let op = OpId(i as u32);
                if !self.ctx.is_erased(op) && self.ctx.parent_block(op).is_some() {
                    self.notify_inserted(op);
                }
            }
        }
        r
    }

    /// A constant of `dialect` for `value : ty` at the insertion point, through
    /// the dialect's `materialize_constant`.
    pub fn materialize_constant(
        &mut self,
        dialect: &str,
        value: Attr,
        ty: Type,
        loc: Location,
    ) -> Option<ValueId> {
        let materialize = self.ctx.dialect_info(dialect)?.materialize_constant?;
        let saved = self.loc;
        self.loc = loc;
        let v = self.build(|b| materialize(b, value, ty, loc));
        self.loc = saved;
        v
    }

    /// Replace the results of `op` with those of `new`, and erase `op`.
    pub fn replace_op(&mut self, op: OpId, new: OpId) {
        let values: Vec<ValueId> = self.ctx.results(new).collect();
        self.replace_op_with_values(op, &values);
    }

    /// Replace each result of `op` with the value at the same index, and erase `op`.
    pub fn replace_op_with_values(&mut self, op: OpId, values: &[ValueId]) {
        assert_eq!(
            self.ctx.num_results(op),
            values.len(),
            "replace_op: result count mismatch"
        );
        if let Some(l) = self.listener.as_deref_mut() {
            l.op_replaced(self.ctx, op, values);
        }
        for (i, &v) in values.iter().enumerate() {
            let r = self.ctx.result(op, i);
            self.replace_all_uses(r, v);
        }
        self.erase_op(op);
    }

    /// Create an op before `op` from `state` and replace `op` with it.
    pub fn replace_op_with_new(&mut self, op: OpId, state: OperationState) -> OpId {
        let saved = self.ip;
        self.ip = InsertPoint::Before(op);
        let new = self.create(state);
        self.ip = saved;
        self.replace_op(op, new);
        new
    }

    /// Erase `op` and everything nested in it; its results must be unused
    /// outside of it.
    pub fn erase_op(&mut self, op: OpId) {
        if let Some(l) = self.listener.as_deref_mut() {
            if self.ctx.regions(op).is_empty() {
                l.op_erased(self.ctx, op);
            } else {
                for nested in self.ctx.walk_postorder(op) {
                    l.op_erased(self.ctx, nested);
                }
            }
        }
        if matches!(self.ip, InsertPoint::Before(o) | InsertPoint::After(o) if o == op) {
            self.ip = InsertPoint::Detached;
        }
        self.ctx.erase_op(op);
    }

    /// Erase `block` and its ops (it must not be a branch target any more).
    pub fn erase_block(&mut self, block: BlockId) {
        if self.listener.is_some() {
            let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
            for op in ops.into_iter().rev() {
                for nested in self.ctx.walk_postorder(op) {
                    if let Some(l) = self.listener.as_deref_mut() {
                        l.op_erased(self.ctx, nested);
                    }
                }
            }
            if let Some(l) = self.listener.as_deref_mut() {
                l.block_erased(self.ctx, block);
            }
        }
        self.ctx.erase_block(block);
    }

    /// Point every use of `from` at `to`; the users count as modified.
    pub fn replace_all_uses(&mut self, from: ValueId, to: ValueId) {
        if from == to {
            return;
        }
        // Only the users that change hear of it (not those `to` had already).
        let users = self.users(from);
        self.ctx.replace_all_uses(from, to);
        self.notify_all_modified(users);
    }

    /// Point the uses of `from` for which `pred` holds at `to`.
    pub fn replace_uses_if(
        &mut self,
        from: ValueId,
        to: ValueId,
        mut pred: impl FnMut(&Context, crate::Use) -> bool,
    ) {
        let uses = self.ctx.uses(from).to_vec();
        for u in uses {
            if pred(self.ctx, u) {
                self.ctx.set_operand(u.op, u.index as usize, to);
                self.notify_modified(u.op);
            }
        }
    }

    /// Change `op` in place with `f`; the op counts as modified.
    pub fn modify_op_in_place<R>(&mut self, op: OpId, f: impl FnOnce(&mut Context) -> R) -> R {
        let r = f(self.ctx);
        self.notify_modified(op);
        r
    }

    pub fn set_operand(&mut self, op: OpId, i: usize, v: ValueId) {
        self.modify_op_in_place(op, |ctx| ctx.set_operand(op, i, v));
    }
    pub fn set_operands(&mut self, op: OpId, operands: &[ValueId]) {
        self.modify_op_in_place(op, |ctx| ctx.set_operands(op, operands));
    }
    pub fn set_prop(&mut self, op: OpId, name: &str, value: Option<Attr>) {
        self.modify_op_in_place(op, |ctx| ctx.set_prop(op, name, value));
    }

    /// Move `op` right before `before`.
    pub fn move_op_before(&mut self, op: OpId, before: OpId) {
        self.ctx.move_op_before(op, before);
        self.notify_inserted(op);
    }
    /// Move `op` right after `after`.
    pub fn move_op_after(&mut self, op: OpId, after: OpId) {
        self.ctx.detach_op(op);
        self.ctx.insert_op_after(after, op);
        self.notify_inserted(op);
    }

    /// Move the ops of `source` right before `before`, using `args` for its
    /// arguments, and erase `source` (MLIR's `inlineBlockBefore`).
    pub fn inline_block_before(&mut self, source: BlockId, before: OpId, args: &[ValueId]) {
        self.inline_block(source, InsertPoint::Before(before), args);
    }

    /// Move the ops of `source` to the end of `dest`, using `args` for its
    /// arguments, and erase `source` (MLIR's `mergeBlocks`).
    pub fn merge_blocks(&mut self, source: BlockId, dest: BlockId, args: &[ValueId]) {
        self.inline_block(source, InsertPoint::End(dest), args);
    }

    fn inline_block(&mut self, source: BlockId, at: InsertPoint, args: &[ValueId]) {
        let params = self.ctx.block_args(source).to_vec();
        assert_eq!(
            params.len(),
            args.len(),
            "inline_block: argument count mismatch"
        );
        for (p, a) in params.into_iter().zip(args) {
            self.replace_all_uses(p, *a);
        }
        let saved = self.ip;
        self.ip = at;
        while let Some(op) = self.ctx.first_op(source) {
            self.ctx.detach_op(op);
            self.insert(op);
        }
        self.ip = saved;
        self.ctx.detach_block(source);
        self.ctx.erase_block(source);
    }

    /// Move the blocks of `region` into `dest` at position `index`.
    pub fn inline_region_before(&mut self, region: RegionId, dest: RegionId, index: usize) {
        let blocks = self.ctx.region_blocks(region).to_vec();
        for (k, b) in blocks.into_iter().enumerate() {
            self.ctx.detach_block(b);
            self.ctx.insert_block(dest, index + k, b);
            let ops: Vec<OpId> = self.ctx.block_ops(b).collect();
            for op in ops {
                self.notify_inserted(op);
            }
        }
    }

    /// Split `block` before `op` (see [`Context::split_block`]).
    pub fn split_block(&mut self, block: BlockId, op: OpId) -> BlockId {
        let new = self.ctx.split_block(block, op);
        let ops: Vec<OpId> = self.ctx.block_ops(new).collect();
        for op in ops {
            self.notify_inserted(op);
        }
        new
    }

    /// Change the type of value `v` in place (block arguments during type
    /// conversion); its users count as modified.
    pub fn set_value_type(&mut self, v: ValueId, ty: Type) {
        self.ctx.set_value_type(v, ty);
        let users = self.users(v);
        self.notify_all_modified(users);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrintOptions;

    const INPUT: &str = r#""test.func"() ({
^bb0(%arg0: i32):
  %0 = "test.foo"(%arg0) : (i32) -> i32
  %1 = "test.foo"(%0) : (i32) -> i32
  "test.return"(%1) : (i32) -> ()
}) : () -> ()
"#;

    fn parse(ctx: &mut Context, text: &str) -> (OpId, BlockId) {
        ctx.allow_unregistered_dialects = true;
        let module = crate::parse_module(ctx, "t.mlir", text).unwrap();
        let top = ctx.first_op(ctx.entry_block(ctx.region(module, 0)).unwrap());
        let body = ctx.entry_block(ctx.region(top.unwrap(), 0)).unwrap();
        (module, body)
    }

    /// `test.foo(x)` → `test.bar(x)`.
    fn foo_to_bar(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
        let ty = rw.value_type(rw.result(op, 0));
        let x = rw.operand(op, 0);
        let state = rw.state("test.bar").operands(&[x]).results(&[ty]);
        rw.replace_op_with_new(op, state);
        true
    }

    /// Never matches.
    fn never(_: OpId, _: &mut PatternRewriter<'_>) -> bool {
        false
    }

    #[test]
    fn frozen_sets_order_by_benefit_and_merge_any_op_patterns() {
        let ctx = Context::new();
        let mut set = PatternSet::new();
        set.add_fn("low", "test.foo", 1, never)
            .add_fn("high", "test.foo", 5, never)
            .add_any_fn("any", 3, never)
            .add_fn("other", "test.other", 1, never);
        assert_eq!(set.len(), 4);
        let frozen = set.freeze(&ctx);
        let names: Vec<&str> = frozen
            .candidates(ctx.op_name("test.foo"))
            .map(|p| p.name())
            .collect();
        assert_eq!(names, ["high", "any", "low"]);
        let names: Vec<&str> = frozen
            .candidates(ctx.op_name("test.unseen"))
            .map(|p| p.name())
            .collect();
        assert_eq!(names, ["any"]);
    }

    #[test]
    fn rewriter_reports_every_change_to_its_listener() {
        let mut ctx = Context::new();
        let (module, body) = parse(&mut ctx, INPUT);
        let first = ctx.first_op(body).unwrap();
        let second = ctx.next_op(first).unwrap();
        let mut set = PatternSet::new();
        set.add_fn("foo-to-bar", "test.foo", 1, foo_to_bar);
        let frozen = set.freeze(&ctx);
        let mut log = RewriteLog::default();
        let mut rw = PatternRewriter::with_listener(&mut ctx, &mut log);
        let applied = frozen.apply(first, &mut rw).map(|p| p.name().to_string());
        assert_eq!(applied.as_deref(), Some("foo-to-bar"));
        let bar = ctx.first_op(body).unwrap();
        assert!(ctx.is_op(bar, "test.bar"));
        assert_eq!(log.inserted, [bar]);
        assert_eq!(log.replaced, [(first, vec![ctx.result(bar, 0)])]);
        assert_eq!(log.modified, [second]);
        assert_eq!(log.erased, [first]);
        let text = ctx.print_op(module, PrintOptions::default());
        assert!(
            text.contains(r#"%0 = "test.bar"(%arg0) : (i32) -> i32"#),
            "{text}"
        );
    }

    #[test]
    fn build_announces_created_ops_and_inline_moves_a_block() {
        let mut ctx = Context::new();
        let (module, body) = parse(&mut ctx, INPUT);
        let ret = ctx.last_op(body).unwrap();
        let arg = ctx.block_arg(body, 0);
        let ty = ctx.value_type(arg);
        let mut log = RewriteLog::default();
        let mut rw = PatternRewriter::with_listener(&mut ctx, &mut log);
        // A detached block with one argument and one op, inlined before the return.
        let loc = rw.loc;
        let block = rw.ctx_mut().create_block(&[ty], loc);
        let barg = rw.block_arg(block, 0);
        let inner = rw.build(|b| {
            let s = b.state("test.baz").operands(&[barg]).results(&[ty]);
            b.insert(s)
        });
        rw.ctx_mut().append_op(block, inner);
        rw.inline_block_before(block, ret, &[arg]);
        rw.set_operand(ret, 0, rw.result(inner, 0));
        drop(rw);
        // Announced once: when inlined (it was detached when built).
        assert_eq!(log.inserted, [inner]);
        assert!(log.modified.contains(&inner) && log.modified.contains(&ret));
        let text = ctx.print_op(module, PrintOptions::default());
        assert!(
            text.contains(
                r#"%2 = "test.baz"(%arg0) : (i32) -> i32
    "test.return"(%2) : (i32) -> ()"#
            ),
            "{text}"
        );
    }
}
