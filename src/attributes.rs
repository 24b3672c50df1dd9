//! Attributes: interned, `Copy`, compared in O(1). Locations are attributes too,
//! as in MLIR (see [`location`](crate::location)).

use crate::{Context, Symbol, Type, TypeData};

/// A handle to an interned attribute.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Attr(pub(crate) u32);

/// Elements of a `dense<...>` attribute, in row-major order.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum DenseValues {
    /// Integer (and `i1`) elements, sign-extended.
    Int(Vec<i128>),
    /// Float elements as raw bits of the element type.
    Float(Vec<u64>),
}

/// The data behind an [`Attr`].
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum AttrData {
    /// `unit`.
    Unit,
    /// An integer written without a type (`16`), as native properties print them;
    /// it means an `i64`.
    UntypedInteger(i128),
    /// `42 : i32`. Signless and signed values are stored sign-extended, unsigned and
    /// `i1` (printed `true`/`false`) zero-extended.
    Integer { value: i128, ty: Type },
    /// `1.5 : f32`; `bits` is the raw bit pattern in `ty`'s format.
    Float { bits: u64, ty: Type },
    /// `"text"`, optionally typed (`"text" : i32`). Bytes, as in MLIR: not always UTF-8.
    String { value: Box<[u8]>, ty: Option<Type> },
    /// A type in attribute position.
    Type(Type),
    /// `[a, b]`.
    Array(Vec<Attr>),
    /// `{a = 1, b}`, sorted by name.
    Dictionary(Vec<(Symbol, Attr)>),
    /// `@root::@nested::@leaf`.
    SymbolRef { root: Symbol, nested: Vec<Symbol> },
    /// `dense<...> : type`.
    Dense {
        ty: Type,
        values: DenseValues,
        splat: bool,
    },
    /// `array<i32: 1, 2>`: integers sign-extended, floats as raw bits.
    DenseArray { element: Type, values: Vec<i128> },
    /// `#dialect.name<body>` or `#dialect<body>`, optionally typed (`#ptr.null : !ptr.ptr<...>`).
    Dialect {
        name: Symbol,
        body: Option<Box<str>>,
        ty: Option<Type>,
    },
    /// A decimal constant of a float format cuwasm does not compute with (f80, f128,
    /// the f8 family), kept as written.
    FloatLiteral { text: Box<str>, ty: Type },
    /// A source location.
    Location(LocationData),
    /// A builtin attribute kept as text: `affine_map<(d0) -> (d0)>`, `strided<[1]>`.
    Keyword { keyword: Symbol, body: Box<str> },
}

/// The kinds of location, as in MLIR.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum LocationData {
    /// `loc(unknown)`.
    Unknown,
    /// `loc("file":line:col)`.
    FileLineCol { file: Symbol, line: u32, col: u32 },
    /// `loc("file":line:col to line:col)`.
    FileRange {
        file: Symbol,
        line: u32,
        col: u32,
        end_line: u32,
        end_col: u32,
    },
    /// `loc("name"(child))`.
    Name { name: Box<str>, child: Attr },
    /// `loc(callsite(callee at caller))`.
    CallSite { callee: Attr, caller: Attr },
    /// `loc(fused<metadata>[a, b])`.
    Fused {
        locations: Vec<Attr>,
        metadata: Option<Attr>,
    },
}

/// `{}`: the first attribute every context interns (see `Context::new`), so
/// that ops without properties or attributes need no lookup.
pub(crate) const EMPTY_DICTIONARY: Attr = Attr(0);

impl Context {
    /// Intern an attribute.
    pub fn intern_attr(&self, data: AttrData) -> Attr {
        Attr(self.uniq.attrs.intern(data))
    }

    /// Make room for `additional` more distinct attributes (locations
    /// included), for a frontend that knows it will make about that many.
    pub fn reserve_attributes(&self, additional: usize) {
        self.uniq.attrs.reserve(additional);
    }

    /// The data of an interned attribute.
    pub fn attr_data(&self, attr: Attr) -> &AttrData {
        self.uniq.attrs.get(attr.0)
    }

    pub fn unit_attr(&self) -> Attr {
        self.intern_attr(AttrData::Unit)
    }
    /// `true` / `false`: an `i1` integer, as in MLIR.
    pub fn bool_attr(&self, value: bool) -> Attr {
        self.int_attr(self.i1(), value as i128)
    }
    /// An integer attribute; the value is normalized to the type's width and signedness.
    pub fn int_attr(&self, ty: Type, value: i128) -> Attr {
        let value = self.normalize_int(ty, value);
        self.intern_attr(AttrData::Integer { value, ty })
    }
    /// A float attribute from an `f64` value, rounded to `ty`'s format.
    pub fn float_attr(&self, ty: Type, value: f64) -> Attr {
        let kind = self.float_kind(ty).expect("float_attr needs a float type");
        self.intern_attr(AttrData::Float {
            bits: crate::float::to_bits(kind, value),
            ty,
        })
    }
    pub fn string_attr(&self, value: &str) -> Attr {
        self.intern_attr(AttrData::String {
            value: value.as_bytes().into(),
            ty: None,
        })
    }
    pub fn type_attr(&self, ty: Type) -> Attr {
        self.intern_attr(AttrData::Type(ty))
    }
    pub fn array_attr(&self, items: Vec<Attr>) -> Attr {
        self.intern_attr(AttrData::Array(items))
    }
    pub fn symbol_ref_attr(&self, root: &str, nested: &[&str]) -> Attr {
        let root = self.symbol(root);
        let nested = nested.iter().map(|n| self.symbol(n)).collect();
        self.intern_attr(AttrData::SymbolRef { root, nested })
    }
    pub fn dense_i32_array(&self, values: &[i32]) -> Attr {
        let element = self.i32();
        self.intern_attr(AttrData::DenseArray {
            element,
            values: values.iter().map(|&v| v as i128).collect(),
        })
    }
    /// `#name<body>` of another dialect (`name` includes the dialect prefix).
    pub fn dialect_attr(&self, name: &str, body: Option<&str>) -> Attr {
        let name = self.symbol(name);
        self.intern_attr(AttrData::Dialect {
            name,
            body: body.map(Into::into),
            ty: None,
        })
    }
    /// A dictionary; entries are sorted by name and later duplicates win.
    pub fn dictionary_attr(&self, mut entries: Vec<(Symbol, Attr)>) -> Attr {
        entries.sort_by(|a, b| self.symbol_str(a.0).cmp(self.symbol_str(b.0)));
        entries.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                earlier.1 = later.1;
            }
            same
        });
        self.intern_attr(AttrData::Dictionary(entries))
    }
    pub fn empty_dictionary(&self) -> Attr {
        EMPTY_DICTIONARY
    }

    /// Look up `name` in a dictionary attribute.
    pub fn dict_get(&self, dict: Attr, name: &str) -> Option<Attr> {
        match self.attr_data(dict) {
            AttrData::Dictionary(entries) => entries
                .iter()
                .find(|(k, _)| self.symbol_str(*k) == name)
                .map(|(_, v)| *v),
            _ => None,
        }
    }
    /// A copy of `dict` with `name` set to `value` (or removed when `None`).
    pub fn dict_set(&self, dict: Attr, name: &str, value: Option<Attr>) -> Attr {
        let key = self.symbol(name);
        let mut entries = match self.attr_data(dict) {
            AttrData::Dictionary(e) => e.clone(),
            _ => Vec::new(),
        };
        entries.retain(|(k, _)| *k != key);
        if let Some(v) = value {
            entries.push((key, v));
        }
        self.dictionary_attr(entries)
    }
    pub fn dict_entries(&self, dict: Attr) -> &[(Symbol, Attr)] {
        match self.attr_data(dict) {
            AttrData::Dictionary(entries) => entries,
            _ => &[],
        }
    }

    /// The value of an integer or bool attribute.
    pub fn attr_int(&self, attr: Attr) -> Option<i128> {
        match self.attr_data(attr) {
            AttrData::Integer { value, .. } | AttrData::UntypedInteger(value) => Some(*value),
            _ => None,
        }
    }
    /// The value of a float attribute, widened to `f64`.
    pub fn attr_float(&self, attr: Attr) -> Option<f64> {
        match self.attr_data(attr) {
            AttrData::Float { bits, ty } => {
                let kind = self
                    .float_kind(*ty)
                    .filter(|k| crate::float::is_computable(*k))?;
                Some(crate::float::from_bits(kind, *bits))
            }
            _ => None,
        }
    }
    pub fn attr_str(&self, attr: Attr) -> Option<&str> {
        match self.attr_data(attr) {
            AttrData::String { value, .. } => std::str::from_utf8(value).ok(),
            _ => None,
        }
    }
    pub fn attr_type(&self, attr: Attr) -> Option<Type> {
        match self.attr_data(attr) {
            AttrData::Type(t) => Some(*t),
            _ => None,
        }
    }
    /// The values of an `array<iN: ...>` attribute.
    pub fn attr_dense_array(&self, attr: Attr) -> Option<&[i128]> {
        match self.attr_data(attr) {
            AttrData::DenseArray { values, .. } => Some(values),
            _ => None,
        }
    }
    /// `(name, body)` of a dialect attribute such as `#gpu<dim x>` (`("gpu", Some("dim x"))`).
    pub fn attr_dialect(&self, attr: Attr) -> Option<(&str, Option<&str>)> {
        match self.attr_data(attr) {
            AttrData::Dialect { name, body, .. } => Some((self.symbol_str(*name), body.as_deref())),
            _ => None,
        }
    }
    /// The type an attribute carries (integers, floats, dense, typed strings).
    pub fn attr_value_type(&self, attr: Attr) -> Option<Type> {
        match self.attr_data(attr) {
            AttrData::Integer { ty, .. }
            | AttrData::Float { ty, .. }
            | AttrData::Dense { ty, .. } => Some(*ty),
            AttrData::FloatLiteral { ty, .. } => Some(*ty),
            AttrData::UntypedInteger(_) => Some(self.i64()),
            AttrData::Dialect { ty, .. } => *ty,
            AttrData::String { ty, .. } => *ty,
            _ => None,
        }
    }

    /// Wrap `value` to `ty`'s width: sign-extend signless/signed, zero-extend unsigned.
    pub fn normalize_int(&self, ty: Type, value: i128) -> i128 {
        match self.type_data(ty) {
            TypeData::Integer { width, signedness } if *width < 128 => {
                let w = *width;
                let mask = (1i128 << w) - 1;
                let v = value & mask;
                let signless_bool = w == 1 && *signedness == crate::Signedness::Signless;
                if *signedness == crate::Signedness::Unsigned || signless_bool || w == 0 {
                    v
                } else if v >> (w - 1) & 1 == 1 {
                    v | !mask
                } else {
                    v
                }
            }
            TypeData::Index => value as i64 as i128,
            _ => value,
        }
    }
}
