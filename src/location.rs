//! Source locations. As in MLIR, a location is an attribute; [`Location`] wraps
//! one so that signatures say what they mean.

use crate::{Attr, AttrData, Context, LocationData};

/// A location attribute (`loc(...)`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Location(pub Attr);

/// A resolved `file:line:col` position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FilePos<'a> {
    pub file: &'a str,
    pub line: u32,
    pub col: u32,
}

impl Context {
    pub fn location(&self, data: LocationData) -> Location {
        Location(self.intern_attr(AttrData::Location(data)))
    }
    pub fn unknown_loc(&self) -> Location {
        self.location(LocationData::Unknown)
    }
    pub fn file_loc(&self, file: &str, line: u32, col: u32) -> Location {
        let file = self.symbol(file);
        self.location(LocationData::FileLineCol { file, line, col })
    }
    pub fn location_data(&self, loc: Location) -> &LocationData {
        match self.attr_data(loc.0) {
            AttrData::Location(data) => data,
            _ => &LocationData::Unknown,
        }
    }

    /// The first file position inside a location (through names, call sites and fusions),
    /// the one a diagnostic points at.
    pub fn file_pos(&self, loc: Location) -> Option<FilePos<'_>> {
        match self.location_data(loc) {
            LocationData::Unknown => None,
            LocationData::FileLineCol { file, line, col }
            | LocationData::FileRange {
                file, line, col, ..
            } => Some(FilePos {
                file: self.symbol_str(*file),
                line: *line,
                col: *col,
            }),
            LocationData::Name { child, .. } => self.file_pos(Location(*child)),
            LocationData::CallSite { callee, .. } => self.file_pos(Location(*callee)),
            LocationData::Fused { locations, .. } => {
                locations.iter().find_map(|l| self.file_pos(Location(*l)))
            }
        }
    }
}
