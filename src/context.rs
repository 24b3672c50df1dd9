//! The [`Context`]: arenas for operations, blocks, regions and values, plus the
//! shared uniquer for interned data and the op registry.

use crate::op_info::Registry;
use crate::uniquer::{Interner, Symbol};
use crate::{Attr, AttrData, DialectInfo, OpInfo, TypeData};
use crate::{block::BlockData, operation::OpData, region::RegionData, value::ValueData};
use std::sync::Arc;

/// Interned data shared by every context split off the same root.
pub(crate) struct Uniquer {
    pub(crate) strings: Interner<Box<str>>,
    pub(crate) types: Interner<TypeData>,
    pub(crate) attrs: Interner<AttrData>,
    pub(crate) op_names: Interner<Box<str>>,
}

/// Source texts by file name, for diagnostics that show the offending line.
#[derive(Clone, Default)]
pub(crate) struct SourceMap {
    pub(crate) files: Vec<(Box<str>, Arc<str>)>,
}

/// The owner of all IR. Reading goes through `&Context`, mutation through `&mut Context`.
pub struct Context {
    pub(crate) uniq: Arc<Uniquer>,
    pub(crate) registry: Arc<Registry>,
    pub(crate) sources: SourceMap,
    pub(crate) ops: Vec<OpData>,
    pub(crate) blocks: Vec<BlockData>,
    pub(crate) regions: Vec<RegionData>,
    pub(crate) values: Vec<ValueData>,
    /// Accept ops of dialects that are not registered (mlir-opt's `--allow-unregistered-dialect`).
    pub allow_unregistered_dialects: bool,
}

/// An interned operation name (`"arith.addi"`), registered or not.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct OpName(pub(crate) u32);

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

impl Context {
    /// An empty context with no dialects registered.
    pub fn new() -> Context {
        let uniq = Uniquer {
            strings: Interner::new(),
            types: Interner::new(),
            attrs: Interner::new(),
            op_names: Interner::new(),
        };
        let empty = uniq.attrs.intern(AttrData::Dictionary(Vec::new()));
        debug_assert_eq!(Attr(empty), crate::attributes::EMPTY_DICTIONARY);
        Context {
            uniq: Arc::new(uniq),
            registry: Arc::default(),
            sources: SourceMap::default(),
            ops: Vec::new(),
            blocks: Vec::new(),
            regions: Vec::new(),
            values: Vec::new(),
            allow_unregistered_dialects: false,
        }
    }

    /// A context with no IR that shares this one's interned data and registrations,
    /// so types, attributes and names mean the same in both.
    pub fn fork_empty(&self) -> Context {
        Context {
            uniq: self.uniq.clone(),
            registry: self.registry.clone(),
            sources: self.sources.clone(),
            ops: Vec::new(),
            blocks: Vec::new(),
            regions: Vec::new(),
            values: Vec::new(),
            allow_unregistered_dialects: self.allow_unregistered_dialects,
        }
    }

    /// Intern a string.
    pub fn symbol(&self, s: &str) -> Symbol {
        Symbol(self.uniq.strings.intern_ref(s, || s.into()))
    }
    pub fn symbol_str(&self, s: Symbol) -> &str {
        self.uniq.strings.get(s.0)
    }

    /// Intern an operation name.
    pub fn op_name(&self, name: &str) -> OpName {
        OpName(self.uniq.op_names.intern_ref(name, || name.into()))
    }
    pub fn op_name_str(&self, name: OpName) -> &str {
        self.uniq.op_names.get(name.0)
    }

    /// Register an op; a later registration of the same name replaces the earlier one.
    pub fn register_op(&mut self, info: OpInfo) {
        let name = self.op_name(info.name);
        let registry = Arc::make_mut(&mut self.registry);
        if registry.ops.len() <= name.0 as usize {
            registry.ops.resize(name.0 as usize + 1, None);
        }
        registry.ops[name.0 as usize] = Some(Arc::new(info));
    }

    /// Register a dialect (its ops are registered separately).
    pub fn register_dialect(&mut self, info: DialectInfo) {
        Arc::make_mut(&mut self.registry)
            .dialects
            .insert(info.name, Arc::new(info));
    }

    pub fn dialect_info(&self, name: &str) -> Option<&DialectInfo> {
        self.registry.dialects.get(name).map(|d| &**d)
    }

    /// The registration of an op name, if any.
    pub fn op_name_info(&self, name: OpName) -> Option<&OpInfo> {
        self.registry.ops.get(name.0 as usize)?.as_deref()
    }

    /// All registered ops, sorted by name.
    pub fn registered_ops(&self) -> Vec<&OpInfo> {
        let mut ops: Vec<&OpInfo> = self.registry.ops.iter().flatten().map(|i| &**i).collect();
        ops.sort_by_key(|i| i.name);
        ops
    }

    /// Remember a source text so diagnostics can quote it.
    pub fn add_source(&mut self, name: &str, text: Arc<str>) {
        self.sources.files.retain(|(n, _)| &**n != name);
        self.sources.files.push((name.into(), text));
    }

    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources
            .files
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, t)| &**t)
    }

    /// Reserve arena room for parsing `bytes` of text, so that the arenas do
    /// not grow by copying. The estimate is generous (an op per 40 bytes,
    /// where generic syntax spends about 80): room that is never written is
    /// never touched, so it costs address space, not memory.
    pub fn reserve_for_text(&mut self, bytes: usize) {
        self.ops.reserve(bytes / 40);
        self.values.reserve(bytes / 40);
        self.blocks.reserve(bytes / 400);
        self.regions.reserve(bytes / 400);
    }

    /// Number of live operations (for statistics and tests).
    pub fn num_live_ops(&self) -> usize {
        self.ops.iter().filter(|o| !o.erased).count()
    }
}
