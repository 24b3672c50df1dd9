//! Interning of immutable IR data (strings, types, attributes, operation names).
//!
//! Interned data lives in append-only storage shared by every [`Context`](crate::Context)
//! created from the same root, so handles are `Copy`, compare in O(1), and stay
//! valid when the IR is split across threads.

use rustc_hash::FxHashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Append-only, deduplicating storage: `intern` returns the same index for equal data.
pub(crate) struct Interner<T> {
    items: boxcar::Vec<T>,
    index: Mutex<FxHashMap<T, u32>>,
}

impl<T: Hash + Eq + Clone> Interner<T> {
    pub(crate) fn new() -> Self {
        Interner {
            items: boxcar::Vec::new(),
            index: Mutex::new(FxHashMap::default()),
        }
    }

    pub(crate) fn intern(&self, data: T) -> u32 {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = index.get(&data) {
            return id;
        }
        let id = self.items.push(data.clone()) as u32;
        index.insert(data, id);
        id
    }

    pub(crate) fn get(&self, id: u32) -> &T {
        &self.items[id as usize]
    }
}

/// An interned string (identifier, attribute name, file name).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Symbol(pub(crate) u32);
