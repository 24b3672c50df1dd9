//! Interning of immutable IR data (strings, types, attributes, operation names).
//!
//! Interned data lives in append-only storage shared by every [`Context`](crate::Context)
//! created from the same root, so handles are `Copy`, compare in O(1), and stay
//! valid when the IR is split across threads.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::sync::{Mutex, MutexGuard};

/// Append-only, deduplicating storage: `intern` returns the same index for equal data.
/// Each item is stored once; the hash table holds only indices into `items`.
pub(crate) struct Interner<T> {
    items: boxcar::Vec<T>,
    index: Mutex<HashTable<u32>>,
}

impl<T: Hash + Eq> Interner<T> {
    pub(crate) fn new() -> Self {
        Interner {
            items: boxcar::Vec::new(),
            index: Mutex::new(HashTable::new()),
        }
    }

    pub(crate) fn intern(&self, data: T) -> u32 {
        let hash = FxBuildHasher.hash_one(&data);
        let mut index = self.lock();
        match self.find(&index, hash, &data) {
            Some(id) => id,
            None => self.insert(&mut index, hash, data),
        }
    }

    /// Interns `key`, building the owned item with `make` only when it is new
    /// (so that looking up a known string allocates nothing).
    pub(crate) fn intern_ref<Q>(&self, key: &Q, make: impl FnOnce() -> T) -> u32
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = FxBuildHasher.hash_one(key);
        let mut index = self.lock();
        match self.find(&index, hash, key) {
            Some(id) => id,
            None => self.insert(&mut index, hash, make()),
        }
    }

    /// Make room for `additional` more items in the index, so that interning
    /// them does not rehash it as it grows.
    pub(crate) fn reserve(&self, additional: usize) {
        let items = &self.items;
        self.lock().reserve(additional, |&id| {
            FxBuildHasher.hash_one(&items[id as usize])
        });
    }

    fn lock(&self) -> MutexGuard<'_, HashTable<u32>> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn find<Q>(&self, index: &HashTable<u32>, hash: u64, key: &Q) -> Option<u32>
    where
        T: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let items = &self.items;
        index
            .find(hash, |&id| items[id as usize].borrow() == key)
            .copied()
    }

    fn insert(&self, index: &mut HashTable<u32>, hash: u64, data: T) -> u32 {
        let items = &self.items;
        let id = items.push(data) as u32;
        index.insert_unique(hash, id, |&id| FxBuildHasher.hash_one(&items[id as usize]));
        id
    }

    pub(crate) fn get(&self, id: u32) -> &T {
        &self.items[id as usize]
    }
}

/// An interned string (identifier, attribute name, file name).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Symbol(pub(crate) u32);
