//! Source management: the files of one translation unit, the spellings of its
//! tokens and the table of macro expansions.
//!
//! Every file the preprocessor reads gets a [`FileId`], once per inclusion (a
//! header included twice gets two ids that share one text), so that each id has
//! one include chain: [`SourceFile::included_from`] is the location of the
//! `#include` that read it. A [`SrcLoc`] is a file and a byte offset; line and
//! column (1-based, column in bytes) are computed from a per-file table of line
//! starts. Predefined macros live in a virtual file named `<built-in>`, the
//! `-D`/`-U` options in `<command line>`, the shipped headers under
//! `<cuwasm>/NAME`.
//!
//! Diagnostics use physical positions (the file as read). `#line` only changes
//! the *presumed* position ([`SourceMap::presumed`]) that `__FILE__`/`__LINE__`
//! and IR locations use.

use super::token::{ExpansionId, ExpansionInfo, Sym, TokenKind};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A file of the translation unit (one inclusion of it).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FileId(pub u32);

/// A position: a byte offset into a file's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct SrcLoc {
    pub file: FileId,
    pub offset: u32,
}

/// What kind of file a [`SourceFile`] is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileKind {
    /// The file being compiled.
    Main,
    /// A header found on disk.
    User,
    /// A header shipped with cuwasm (`frontends/src/cuda/preprocessor/builtin_headers`).
    Builtin,
    /// Predefined macros and command-line options.
    Virtual,
}

/// A `#line N "name"` directive: from `offset` on, the line after the directive
/// is presumed to be line `line` of file `name`.
#[derive(Clone, Debug)]
pub struct LineDirective {
    /// Offset of the first byte after the directive's line.
    pub offset: u32,
    pub line: u32,
    pub name: Option<Arc<str>>,
}

/// One file: its text, its name and where it was included from.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics and `__FILE__`: the path as given or as
    /// found through the include path, or `<cuwasm>/NAME`, `<built-in>`, ...
    pub name: Arc<str>,
    /// The file on disk (None for virtual and shipped files).
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
    pub kind: FileKind,
    /// The `#include` directive (the location of its `#`) that read this file.
    pub included_from: Option<SrcLoc>,
    line_starts: Vec<u32>,
    line_directives: Vec<LineDirective>,
}

impl SourceFile {
    /// The 0-based line index holding `offset`.
    fn line_index(&self, offset: u32) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1) - 1
    }
}

/// A position as `#line` presents it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PresumedLoc<'a> {
    pub name: &'a str,
    pub line: u32,
    pub col: u32,
}

/// Interned strings: spellings of tokens, macro names.
#[derive(Clone, Debug)]
pub struct Spellings {
    map: FxHashMap<Arc<str>, Sym>,
    strings: Vec<Arc<str>>,
}

impl Default for Spellings {
    fn default() -> Self {
        let mut sp = Spellings {
            map: FxHashMap::default(),
            strings: Vec::new(),
        };
        sp.intern("");
        for (_, text) in TokenKind::punctuators() {
            sp.intern(text);
        }
        sp
    }
}

impl Spellings {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym(self.strings.len() as u32);
        let text: Arc<str> = s.into();
        self.strings.push(text.clone());
        self.map.insert(text, sym);
        sym
    }
    /// The symbol of `s` if it was ever interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }
    pub fn get(&self, sym: Sym) -> &str {
        self.strings.get(sym.0 as usize).map_or("", |s| s)
    }
    /// Number of interned strings (symbols are `0..len`).
    pub fn len(&self) -> usize {
        self.strings.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// The files, spellings and macro expansions of one translation unit.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    expansions: Vec<ExpansionInfo>,
    pub spellings: Spellings,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Add a file (texts longer than `u32::MAX` bytes must be refused by the caller).
    pub fn add_file(
        &mut self,
        name: impl Into<Arc<str>>,
        path: Option<PathBuf>,
        text: Arc<str>,
        kind: FileKind,
        included_from: Option<SrcLoc>,
    ) -> FileId {
        let mut line_starts = vec![0u32];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            name: name.into(),
            path,
            text,
            kind,
            included_from,
            line_starts,
            line_directives: Vec::new(),
        });
        id
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
    pub fn num_files(&self) -> usize {
        self.files.len()
    }

    /// Physical 1-based line and column (bytes) of a location.
    pub fn line_col(&self, loc: SrcLoc) -> (u32, u32) {
        let file = self.file(loc.file);
        let offset = loc.offset.min(file.text.len() as u32);
        let idx = file.line_index(offset);
        (idx as u32 + 1, offset - file.line_starts[idx] + 1)
    }

    /// The offset where 1-based `line` of `file` starts (None past the end).
    pub fn line_offset(&self, file: FileId, line: u32) -> Option<u32> {
        let idx = (line as usize).checked_sub(1)?;
        self.file(file).line_starts.get(idx).copied()
    }

    /// The text of the line holding `loc` (without its newline).
    pub fn line_text(&self, loc: SrcLoc) -> &str {
        let file = self.file(loc.file);
        let idx = file.line_index(loc.offset.min(file.text.len() as u32));
        let start = file.line_starts[idx] as usize;
        let end = file
            .line_starts
            .get(idx + 1)
            .map_or(file.text.len(), |&e| e as usize - 1);
        let line = file.text.get(start..end).unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// Record a `#line` directive of `file`.
    pub fn add_line_directive(&mut self, file: FileId, directive: LineDirective) {
        self.files[file.0 as usize].line_directives.push(directive);
    }

    /// The position as `#line` directives present it (`__FILE__`, `__LINE__`).
    pub fn presumed(&self, loc: SrcLoc) -> PresumedLoc<'_> {
        let file = self.file(loc.file);
        let (line, col) = self.line_col(loc);
        let mut name: &str = &file.name;
        let mut presumed_line = line;
        if let Some(d) = file
            .line_directives
            .iter()
            .rev()
            .find(|d| d.offset <= loc.offset)
        {
            // The directive's own line ends at `d.offset`, the start of line L.
            let (dline, _) = self.line_col(SrcLoc {
                file: loc.file,
                offset: d.offset,
            });
            presumed_line = d.line.wrapping_add(line - dline);
            if let Some(n) = file
                .line_directives
                .iter()
                .rev()
                .filter(|e| e.offset <= loc.offset)
                .find_map(|e| e.name.as_deref())
            {
                name = n;
            }
        }
        PresumedLoc {
            name,
            line: presumed_line,
            col,
        }
    }

    /// The `#include` locations that led to `file`, innermost first.
    pub fn include_chain(&self, file: FileId) -> impl Iterator<Item = SrcLoc> + '_ {
        std::iter::successors(self.file(file).included_from, |loc| {
            self.file(loc.file).included_from
        })
    }

    /// Number of files between `file` and the main file.
    pub fn include_depth(&self, file: FileId) -> usize {
        self.include_chain(file).count()
    }

    pub fn add_expansion(&mut self, info: ExpansionInfo) -> ExpansionId {
        self.expansions.push(info);
        ExpansionId(self.expansions.len() as u32 - 1)
    }
    pub fn expansion(&self, id: ExpansionId) -> &ExpansionInfo {
        &self.expansions[id.0 as usize]
    }
    pub fn num_expansions(&self) -> usize {
        self.expansions.len()
    }

    /// The expansions a token came through, innermost first.
    pub fn expansion_chain(
        &self,
        id: Option<ExpansionId>,
    ) -> impl Iterator<Item = &ExpansionInfo> + '_ {
        std::iter::successors(id.map(|i| self.expansion(i)), |e| {
            e.parent.map(|p| self.expansion(p))
        })
    }

    /// Where a token that came through `expansion` appears in the file: the use
    /// of its outermost macro (or `loc` itself when it was written in the file).
    pub fn expansion_root(&self, loc: SrcLoc, expansion: Option<ExpansionId>) -> SrcLoc {
        self.expansion_chain(expansion)
            .last()
            .map_or(loc, |e| e.use_loc)
    }

    pub fn spelling(&self, sym: Sym) -> &str {
        self.spellings.get(sym)
    }

    /// Give every file's text to a cuwasm [`Context`](cuwasm::Context), so that
    /// it renders source lines under diagnostics.
    pub fn register_sources(&self, ctx: &mut cuwasm::Context) {
        let mut seen = rustc_hash::FxHashSet::default();
        for file in &self.files {
            if seen.insert(file.name.clone()) {
                ctx.add_source(&file.name, file.text.clone());
            }
        }
    }

    /// The cuwasm location (`file:line:col`, physical) of a position.
    pub fn location(&self, ctx: &cuwasm::Context, loc: SrcLoc) -> cuwasm::Location {
        let (line, col) = self.line_col(loc);
        ctx.file_loc(&self.file(loc.file).name, line, col)
    }

    /// The IR location of a token: where it appears in the file (the use of its
    /// outermost macro for a token a macro produced), as `#line` presents it.
    pub fn token_location(
        &self,
        ctx: &cuwasm::Context,
        tok: &super::token::Token,
    ) -> cuwasm::Location {
        self.presumed_location(ctx, self.expansion_root(tok.loc, tok.expansion))
    }

    /// The cuwasm location as `#line` presents it (for IR locations).
    pub fn presumed_location(&self, ctx: &cuwasm::Context, loc: SrcLoc) -> cuwasm::Location {
        let p = self.presumed(loc);
        ctx.file_loc(p.name, p.line, p.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(text: &str) -> (SourceMap, FileId) {
        let mut sm = SourceMap::new();
        let id = sm.add_file("a.cu", None, text.into(), FileKind::Main, None);
        (sm, id)
    }

    #[test]
    fn offsets_to_lines_and_columns() {
        let (sm, f) = map_with("ab\ncd\r\n\nx");
        let at = |offset| sm.line_col(SrcLoc { file: f, offset });
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(8), (4, 1));
        assert_eq!(at(9), (4, 2));
        assert_eq!(at(1000), (4, 2));
        assert_eq!(sm.line_text(SrcLoc { file: f, offset: 4 }), "cd");
        assert_eq!(sm.line_text(SrcLoc { file: f, offset: 7 }), "");
    }

    #[test]
    fn include_chains_and_presumed_lines() {
        let (mut sm, main) = map_with("#include \"b.h\"\nx\n#line 100 \"z.cu\"\ny\nz\n");
        let inc = SrcLoc {
            file: main,
            offset: 0,
        };
        let b = sm.add_file("b.h", None, "".into(), FileKind::User, Some(inc));
        let c = sm.add_file(
            "c.h",
            None,
            "".into(),
            FileKind::User,
            Some(SrcLoc { file: b, offset: 0 }),
        );
        assert_eq!(sm.include_chain(c).collect::<Vec<_>>().len(), 2);
        assert_eq!(sm.include_depth(main), 0);
        sm.add_line_directive(
            main,
            LineDirective {
                offset: 34,
                line: 100,
                name: Some("z.cu".into()),
            },
        );
        let p = sm.presumed(SrcLoc {
            file: main,
            offset: 36,
        });
        assert_eq!((p.name, p.line), ("z.cu", 101));
        let p = sm.presumed(SrcLoc {
            file: main,
            offset: 15,
        });
        assert_eq!((p.name, p.line), ("a.cu", 2));
    }

    #[test]
    fn spellings_intern_once() {
        let mut sp = Spellings::default();
        let a = sp.intern("foo");
        assert_eq!(sp.intern("foo"), a);
        assert_eq!(sp.get(a), "foo");
        assert_eq!(sp.get(Sym::EMPTY), "");
        assert_eq!(sp.lookup("("), TokenKind::LParen.punct_sym());
    }
}
