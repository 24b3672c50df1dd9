//! Walking nested IR without recursion (deep nesting never overflows the stack).

use crate::{Context, OpId};

/// Whether a walk callback wants to go on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalkResult {
    Advance,
    /// Do not visit the ops nested in this one (pre-order walks only).
    Skip,
    Interrupt,
}

impl Context {
    /// `root` and every op nested in it, in pre-order.
    pub fn walk_preorder(&self, root: OpId) -> Vec<OpId> {
        let mut out = Vec::new();
        self.walk_into(root, &mut out);
        out
    }

    pub(crate) fn walk_into(&self, root: OpId, out: &mut Vec<OpId>) {
        let mut stack = vec![root];
        while let Some(op) = stack.pop() {
            out.push(op);
            self.push_children_reversed(op, &mut stack);
        }
    }

    fn push_children_reversed(&self, op: OpId, stack: &mut Vec<OpId>) {
        let start = stack.len();
        for &r in self.regions(op) {
            for &b in self.region_blocks(r) {
                stack.extend(self.block_ops(b));
            }
        }
        stack[start..].reverse();
    }

    /// Visit `root` and its nested ops in pre-order; the callback may skip subtrees
    /// or stop. Returns `Interrupt` if the walk was stopped.
    pub fn walk(&self, root: OpId, mut f: impl FnMut(OpId) -> WalkResult) -> WalkResult {
        let mut stack = vec![root];
        while let Some(op) = stack.pop() {
            match f(op) {
                WalkResult::Interrupt => return WalkResult::Interrupt,
                WalkResult::Skip => {}
                WalkResult::Advance => self.push_children_reversed(op, &mut stack),
            }
        }
        WalkResult::Advance
    }

    /// Every op nested in `root` (and `root`), children before parents.
    pub fn walk_postorder(&self, root: OpId) -> Vec<OpId> {
        let mut out = Vec::new();
        let mut stack = vec![(root, false)];
        while let Some((op, expanded)) = stack.pop() {
            if expanded {
                out.push(op);
                continue;
            }
            stack.push((op, true));
            let mut children = Vec::new();
            self.push_children_reversed(op, &mut children);
            stack.extend(children.into_iter().map(|c| (c, false)));
        }
        out
    }

    /// Nesting depth of `op` (number of enclosing ops).
    pub fn op_depth(&self, op: OpId) -> usize {
        let mut depth = 0;
        let mut cur = self.parent_op(op);
        while let Some(p) = cur {
            depth += 1;
            cur = self.parent_op(p);
        }
        depth
    }
}
