//! The device ranges a driver backend knows: its live allocations, by base.
//!
//! The driver keeps its own books; this table lets the runtime answer
//! [`Device::contains`](crate::Device::contains) (how `cudaMemcpyDefault`
//! tells device from host pointers), refuse a free of something never
//! allocated, and check copies before they reach the driver.

use std::collections::BTreeMap;

/// Non-overlapping ranges `[base, base + bytes)`, by base.
#[derive(Debug, Default)]
pub struct RangeTable {
    ranges: BTreeMap<u64, usize>,
}

impl RangeTable {
    pub fn insert(&mut self, base: u64, bytes: usize) {
        self.ranges.insert(base, bytes);
    }

    /// Remove the range starting at `base`; whether there was one.
    pub fn remove(&mut self, base: u64) -> bool {
        self.ranges.remove(&base).is_some()
    }

    /// Whether `[ptr, ptr + bytes)` lies inside one range.
    pub fn contains(&self, ptr: u64, bytes: usize) -> bool {
        self.ranges
            .range(..=ptr)
            .next_back()
            .is_some_and(|(&base, &size)| {
                ptr.checked_add(bytes as u64)
                    .is_some_and(|end| ptr < base + size.max(1) as u64 && end <= base + size as u64)
            })
    }

    /// The ranges, as `(base, bytes)`.
    pub fn iter(&self) -> impl Iterator<Item = (u64, usize)> + '_ {
        self.ranges.iter().map(|(&b, &s)| (b, s))
    }
}

#[cfg(test)]
mod tests {
    use super::RangeTable;

    #[test]
    fn ranges_hold_exactly_their_bytes() {
        let mut t = RangeTable::default();
        t.insert(0x1000, 256);
        t.insert(0x2000, 16);
        assert!(t.contains(0x1000, 256));
        assert!(t.contains(0x10ff, 1));
        assert!(!t.contains(0x10ff, 2));
        assert!(!t.contains(0x0fff, 1));
        assert!(t.contains(0x2000, 0));
        assert!(!t.contains(0x1100, 0));
        assert!(!t.contains(u64::MAX, 2));
        assert!(t.remove(0x1000));
        assert!(!t.remove(0x1000));
        assert!(!t.contains(0x1000, 1));
    }
}
