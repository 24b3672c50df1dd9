//! The [`Builder`]: creates operations at an insertion point.

use crate::{BlockId, Context, Location, OpId, OperationState};

/// Where a [`Builder`] puts new operations.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InsertPoint {
    /// At the end of a block.
    End(BlockId),
    /// At the start of a block (later ops follow earlier ones).
    Start(BlockId),
    /// Right before an op.
    Before(OpId),
    /// Right after an op (later ops follow earlier ones).
    After(OpId),
    /// Nowhere: ops stay detached.
    Detached,
}

/// Creates operations at an insertion point with a current location.
pub struct Builder<'c> {
    pub ctx: &'c mut Context,
    pub ip: InsertPoint,
    pub loc: Location,
}

impl<'c> Builder<'c> {
    pub fn new(ctx: &'c mut Context, ip: InsertPoint, loc: Location) -> Builder<'c> {
        Builder { ctx, ip, loc }
    }
    pub fn at_end(ctx: &'c mut Context, block: BlockId) -> Builder<'c> {
        let loc = ctx.unknown_loc();
        Builder {
            ctx,
            ip: InsertPoint::End(block),
            loc,
        }
    }
    pub fn before(ctx: &'c mut Context, op: OpId) -> Builder<'c> {
        let loc = ctx.loc(op);
        Builder {
            ctx,
            ip: InsertPoint::Before(op),
            loc,
        }
    }

    /// A fresh state for op `name` at the current location.
    pub fn state(&self, name: &str) -> OperationState {
        OperationState::new(self.ctx, name, self.loc)
    }

    /// Create the op and insert it at the insertion point.
    pub fn insert(&mut self, state: OperationState) -> OpId {
        let op = self.ctx.create_op(state);
        self.ip.place(self.ctx, op);
        op
    }
}

impl InsertPoint {
    /// Attach the detached `op` here, then move past it where later ops must
    /// follow it (`Start`, `After`). Returns false for `Detached`.
    pub fn place(&mut self, ctx: &mut Context, op: OpId) -> bool {
        match *self {
            InsertPoint::End(b) => ctx.append_op(b, op),
            InsertPoint::Start(b) => {
                ctx.prepend_op(b, op);
                *self = InsertPoint::After(op);
            }
            InsertPoint::Before(anchor) => ctx.insert_op_before(anchor, op),
            InsertPoint::After(anchor) => {
                ctx.insert_op_after(anchor, op);
                *self = InsertPoint::After(op);
            }
            InsertPoint::Detached => return false,
        }
        true
    }
}

impl std::ops::Deref for Builder<'_> {
    type Target = Context;
    fn deref(&self) -> &Context {
        self.ctx
    }
}

impl std::ops::DerefMut for Builder<'_> {
    fn deref_mut(&mut self) -> &mut Context {
        self.ctx
    }
}
