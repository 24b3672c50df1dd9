//! Which names are types: the scoped table that C++ parsing needs.
//!
//! The parser records every name it sees declared, with its [`NameKind`], in
//! the scope it was declared in: namespaces and classes are persistent scopes
//! (reopened by `namespace ns { ... }`, searched by `ns::T` and `S::type`,
//! and by `using namespace`), blocks, function prototypes and template
//! parameter lists are temporary. Lookup goes from the innermost scope out,
//! and through each scope's `using namespace` directives and base classes.
//! A variable or parameter declared with the name of a type hides the type
//! (`int T; T * x;` multiplies), as in C++.

use crate::cuda::token::Sym;
use rustc_hash::FxHashMap;

/// What a name denotes, as far as parsing cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NameKind {
    /// A variable, function, enumerator, parameter.
    Value,
    /// A typedef, class, struct, union, enum, type template parameter.
    Type,
    /// A class template or alias template (`S<int>` is a type).
    TypeTemplate,
    /// A function or variable template (`f<float>(x)`).
    ValueTemplate,
    /// A namespace.
    Namespace,
}

impl NameKind {
    pub fn is_type(self) -> bool {
        matches!(self, NameKind::Type | NameKind::TypeTemplate)
    }
    pub fn is_template(self) -> bool {
        matches!(self, NameKind::TypeTemplate | NameKind::ValueTemplate)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ScopeId(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Namespace,
    Class,
    Block,
    Prototype,
    TemplateParams,
}

#[derive(Debug)]
struct Scope {
    kind: ScopeKind,
    names: FxHashMap<Sym, NameKind>,
    /// Named namespaces and classes declared here.
    children: FxHashMap<Sym, ScopeId>,
    /// `using namespace` targets and base classes, searched after `names`.
    usings: Vec<ScopeId>,
}

/// The scopes of one parse.
pub struct Scopes {
    arena: Vec<Scope>,
    stack: Vec<ScopeId>,
    /// Freed temporary scopes, kept for their tables' memory.
    spare: Vec<Scope>,
}

/// The global namespace.
pub const GLOBAL: ScopeId = ScopeId(0);

impl Scopes {
    pub fn new() -> Scopes {
        Scopes {
            arena: vec![Scope::new(ScopeKind::Namespace)],
            stack: vec![GLOBAL],
            spare: Vec::new(),
        }
    }

    fn get(&self, id: ScopeId) -> &Scope {
        &self.arena[id.0 as usize]
    }

    fn get_mut(&mut self, id: ScopeId) -> &mut Scope {
        &mut self.arena[id.0 as usize]
    }

    pub fn top(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&GLOBAL)
    }

    /// Enter a new temporary scope (block, prototype, template parameters).
    pub fn push(&mut self, kind: ScopeKind) -> ScopeId {
        let id = ScopeId(self.arena.len() as u32);
        let scope = match self.spare.pop() {
            Some(mut s) => {
                s.kind = kind;
                s
            }
            None => Scope::new(kind),
        };
        self.arena.push(scope);
        self.stack.push(id);
        id
    }

    /// Re-enter a persistent scope (a namespace or class).
    pub fn push_existing(&mut self, id: ScopeId) {
        self.stack.push(id);
    }

    /// Leave the innermost scope; a temporary scope that is the last one
    /// made is freed.
    pub fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(id) = self.stack.pop() {
            let temporary = !matches!(self.get(id).kind, ScopeKind::Namespace | ScopeKind::Class);
            if temporary
                && id.0 as usize + 1 == self.arena.len()
                && let Some(mut s) = self.arena.pop()
            {
                s.names.clear();
                s.children.clear();
                s.usings.clear();
                self.spare.push(s);
            }
        }
    }

    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Pop scopes until `depth` remain (after an error unwound the parser).
    pub fn truncate(&mut self, depth: usize) {
        while self.stack.len() > depth.max(1) {
            self.pop();
        }
    }

    /// The scope that declarations go into: the innermost one that is not a
    /// template parameter list.
    pub fn decl_scope(&self) -> ScopeId {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|&s| self.get(s).kind != ScopeKind::TemplateParams)
            .unwrap_or(GLOBAL)
    }

    /// Declare a name in the declaration scope.
    pub fn declare(&mut self, sym: Sym, kind: NameKind) {
        let s = self.decl_scope();
        self.declare_in(s, sym, kind);
    }

    /// Declare a name in the innermost scope (parameters).
    pub fn declare_here(&mut self, sym: Sym, kind: NameKind) {
        let s = self.top();
        self.declare_in(s, sym, kind);
    }

    pub fn declare_in(&mut self, scope: ScopeId, sym: Sym, kind: NameKind) {
        let names = &mut self.get_mut(scope).names;
        // A template stays a template when a non-template overload of the
        // same name is declared (`f<int>(x)` still parses).
        match (names.get(&sym), kind) {
            (Some(NameKind::ValueTemplate), NameKind::Value) => {}
            (Some(NameKind::TypeTemplate), NameKind::Type) => {}
            _ => {
                names.insert(sym, kind);
            }
        }
    }

    /// The persistent scope for namespace or class `sym` declared in the
    /// declaration scope, made if new.
    pub fn child_scope(&mut self, sym: Sym, kind: ScopeKind) -> ScopeId {
        let parent = self.decl_scope();
        if let Some(&id) = self.get(parent).children.get(&sym) {
            return id;
        }
        let id = ScopeId(self.arena.len() as u32);
        self.arena.push(Scope::new(kind));
        self.get_mut(parent).children.insert(sym, id);
        id
    }

    /// A new persistent scope not reachable by name (anonymous namespaces
    /// and classes); an anonymous namespace's names stay visible through a
    /// using-directive in the parent.
    pub fn anonymous_scope(&mut self, kind: ScopeKind) -> ScopeId {
        let id = ScopeId(self.arena.len() as u32);
        self.arena.push(Scope::new(kind));
        id
    }

    /// Add `target` to the scopes searched after the innermost scope's names.
    pub fn add_using(&mut self, scope: ScopeId, target: ScopeId) {
        if scope != target && !self.get(scope).usings.contains(&target) {
            self.get_mut(scope).usings.push(target);
        }
    }

    /// Unqualified lookup.
    pub fn lookup(&self, sym: Sym) -> Option<NameKind> {
        self.stack
            .iter()
            .rev()
            .find_map(|&s| self.lookup_in(s, sym))
    }

    /// Lookup in one scope: its names, then (one level of) its usings.
    pub fn lookup_in(&self, scope: ScopeId, sym: Sym) -> Option<NameKind> {
        self.search(scope, |s| s.names.get(&sym).copied())
    }

    /// The namespace or class named `sym`, found by unqualified lookup.
    pub fn lookup_scope(&self, sym: Sym) -> Option<ScopeId> {
        self.stack.iter().rev().find_map(|&s| self.child_in(s, sym))
    }

    /// The namespace or class `sym` inside `scope` (or its usings).
    pub fn child_in(&self, scope: ScopeId, sym: Sym) -> Option<ScopeId> {
        self.search(scope, |s| s.children.get(&sym).copied())
    }

    /// `find` in a scope, then in the scopes it uses.
    fn search<T>(&self, scope: ScopeId, find: impl Fn(&Scope) -> Option<T>) -> Option<T> {
        let s = self.get(scope);
        find(s).or_else(|| s.usings.iter().find_map(|&u| find(self.get(u))))
    }
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes::new()
    }
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            names: FxHashMap::default(),
            children: FxHashMap::default(),
            usings: Vec::new(),
        }
    }
}
