//! Typed indices into the [`Context`](crate::Context) arenas.
//!
//! Every IR object is named by a `Copy` id; the context owns the data. Ids are
//! only meaningful for the context that created them.

macro_rules! arena_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The raw arena index (stable for the life of the object).
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

arena_id!(
    /// An operation.
    OpId, "op"
);
arena_id!(
    /// A basic block.
    BlockId, "block"
);
arena_id!(
    /// A region (a list of blocks owned by an operation).
    RegionId, "region"
);
arena_id!(
    /// An SSA value: an operation result or a block argument.
    ValueId, "value"
);
