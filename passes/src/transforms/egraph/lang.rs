//! The e-graph language of the `egraph` pass: the lifted ops as egg nodes.
//!
//! Every value node has its **result type as child 0**, a [`Node::Ty`] leaf.
//! Two nodes of different types therefore never hash-cons into one class, and a
//! rule that binds `?t` for its left side and reuses it on the right cannot mix
//! `i32` and `i64`: `(addi ?t ?x (c ?t 0)) => ?x`. Float ops carry their
//! fast-math flags as child 1, a [`Node::Fm`] leaf, so that an op with
//! `contract` and one without are different nodes and rules test the flags of
//! the op they rewrite. Integer overflow flags (`nsw`/`nuw`) and `isExact` are
//! dropped when an op is lifted: without them an op is defined on more inputs,
//! which is always a valid replacement, and two ops that differ only in those
//! flags become one node.
//!
//! Pattern syntax (what `FromOp` parses): `(addi ?t ?a ?b)`, `(addf ?t ?f ?a ?b)`,
//! `(cmpi.slt ?t ?a ?b)` (the predicate is part of the operator; `?t` is the
//! `i1` result type), `(select ?t ?c ?a ?b)`, casts `(extui ?t ?x)` (`?t` is the
//! result type), integer constants `(c ?t 5)` and float constants `(f ?t BITS)`
//! whose second child is a [`Node::Num`] literal. Integer constants hold their
//! value sign-extended from the type's width (`i1` true is `-1`), so `-1` is all
//! ones at every width.

use cuwasm::Type;
use egg::{FromOp, Id, Language};
use smallvec::SmallVec;
use std::fmt;

/// The kind of a lifted type (of its elements, for a vector). Known ops are
/// lifted only on these; everything else (pointers, other floats, vectors of
/// those, vectors of more than one dimension) is [`Scalar::Other`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Scalar {
    /// A signless integer of this width (1..=64).
    Int(u32),
    /// `index`, computed with 64 bits as MLIR's folders do.
    Index,
    F16,
    BF16,
    F32,
    F64,
    Other,
}

/// A type as the e-graph sees it: the IR type and the kind of its elements.
/// A vector (`vector<4xi32>`, the `simd` dialect's lanes) has `lanes > 1`
/// and its element type in `elem`; for a scalar `lanes` is 1 and `elem` is
/// `ty`. Ops on vectors are lane-wise, so every rule that holds for the
/// element type holds for the vector, with constants as splats.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Ty {
    pub ty: Type,
    pub scalar: Scalar,
    pub lanes: u32,
    pub elem: Type,
}

impl Ty {
    /// The scalar type `ty` of kind `scalar`.
    pub fn scalar(ty: Type, scalar: Scalar) -> Ty {
        Ty {
            ty,
            scalar,
            lanes: 1,
            elem: ty,
        }
    }
    /// Is this a vector type?
    pub fn is_vector(self) -> bool {
        self.lanes > 1
    }
    /// The element type of a vector (the type itself for a scalar).
    pub fn element(self) -> Ty {
        Ty::scalar(self.elem, self.scalar)
    }
    /// The width integer arithmetic wraps at (`index`: 64).
    pub fn int_width(self) -> Option<u32> {
        match self.scalar {
            Scalar::Int(w) => Some(w),
            Scalar::Index => Some(64),
            _ => None,
        }
    }
    pub fn is_int(self) -> bool {
        self.int_width().is_some()
    }
    pub fn is_float(self) -> bool {
        matches!(
            self.scalar,
            Scalar::F16 | Scalar::BF16 | Scalar::F32 | Scalar::F64
        )
    }
    /// Storage width of a float type.
    pub fn float_width(self) -> Option<u32> {
        match self.scalar {
            Scalar::F16 | Scalar::BF16 => Some(16),
            Scalar::F32 => Some(32),
            Scalar::F64 => Some(64),
            _ => None,
        }
    }
}

/// How an op's children are laid out after the type (child 0).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// `[ty, a, b]`: integer binary op.
    Int2,
    /// `[ty, fm, a]`, `[ty, fm, a, b]`, `[ty, fm, a, b, c]`: float op of 1-3 operands.
    Float(usize),
    /// `[ty, cond, a, b]`.
    Select,
    /// `[ty, x]`: cast without fast-math flags.
    Cast,
    /// `[ty, fm, x]`: extf / truncf.
    FloatCast,
}

macro_rules! op_kinds {
    ($($V:ident = $pat:literal, $mlir:literal, $shape:expr;)*) => {
        /// The ops the rules know by name. `CmpI`/`CmpF` hold the predicate.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum OpKind {
            $($V,)*
            /// `arith.cmpi` with predicate 0..=9 (eq ne slt sle sgt sge ult ule ugt uge): `[i1, a, b]`.
            CmpI(u8),
            /// `arith.cmpf` with predicate 0..=15: `[i1, fm, a, b]`.
            CmpF(u8),
        }

        impl OpKind {
            const SIMPLE: &'static [(OpKind, &'static str, &'static str)] =
                &[$((OpKind::$V, $pat, $mlir)),*];

            /// The name in rule patterns (`addi`, `cmpi.slt`).
            pub fn pattern_name(self) -> String {
                match self {
                    OpKind::CmpI(p) => format!("cmpi.{}", CMPI_PREDICATES[p as usize]),
                    OpKind::CmpF(p) => format!("cmpf.{}", CMPF_PREDICATES[p as usize]),
                    $(OpKind::$V => $pat.to_string(),)*
                }
            }
            /// The IR op name (`arith.addi`).
            pub fn mlir_name(self) -> &'static str {
                match self {
                    OpKind::CmpI(_) => "arith.cmpi",
                    OpKind::CmpF(_) => "arith.cmpf",
                    $(OpKind::$V => $mlir,)*
                }
            }
            pub fn shape(self) -> Shape {
                match self {
                    OpKind::CmpI(_) => Shape::Int2,
                    OpKind::CmpF(_) => Shape::Float(2),
                    $(OpKind::$V => $shape,)*
                }
            }
        }
    };
}

op_kinds! {
    AddI = "addi", "arith.addi", Shape::Int2;
    SubI = "subi", "arith.subi", Shape::Int2;
    MulI = "muli", "arith.muli", Shape::Int2;
    DivSI = "divsi", "arith.divsi", Shape::Int2;
    DivUI = "divui", "arith.divui", Shape::Int2;
    CeilDivSI = "ceildivsi", "arith.ceildivsi", Shape::Int2;
    CeilDivUI = "ceildivui", "arith.ceildivui", Shape::Int2;
    FloorDivSI = "floordivsi", "arith.floordivsi", Shape::Int2;
    RemSI = "remsi", "arith.remsi", Shape::Int2;
    RemUI = "remui", "arith.remui", Shape::Int2;
    AndI = "andi", "arith.andi", Shape::Int2;
    OrI = "ori", "arith.ori", Shape::Int2;
    XOrI = "xori", "arith.xori", Shape::Int2;
    ShLI = "shli", "arith.shli", Shape::Int2;
    ShRSI = "shrsi", "arith.shrsi", Shape::Int2;
    ShRUI = "shrui", "arith.shrui", Shape::Int2;
    MaxSI = "maxsi", "arith.maxsi", Shape::Int2;
    MaxUI = "maxui", "arith.maxui", Shape::Int2;
    MinSI = "minsi", "arith.minsi", Shape::Int2;
    MinUI = "minui", "arith.minui", Shape::Int2;
    AddF = "addf", "arith.addf", Shape::Float(2);
    SubF = "subf", "arith.subf", Shape::Float(2);
    MulF = "mulf", "arith.mulf", Shape::Float(2);
    DivF = "divf", "arith.divf", Shape::Float(2);
    RemF = "remf", "arith.remf", Shape::Float(2);
    MaximumF = "maximumf", "arith.maximumf", Shape::Float(2);
    MinimumF = "minimumf", "arith.minimumf", Shape::Float(2);
    MaxNumF = "maxnumf", "arith.maxnumf", Shape::Float(2);
    MinNumF = "minnumf", "arith.minnumf", Shape::Float(2);
    NegF = "negf", "arith.negf", Shape::Float(1);
    Fma = "fma", "math.fma", Shape::Float(3);
    Select = "select", "arith.select", Shape::Select;
    ExtSI = "extsi", "arith.extsi", Shape::Cast;
    ExtUI = "extui", "arith.extui", Shape::Cast;
    TruncI = "trunci", "arith.trunci", Shape::Cast;
    IndexCast = "index_cast", "arith.index_cast", Shape::Cast;
    IndexCastUI = "index_castui", "arith.index_castui", Shape::Cast;
    SIToFP = "sitofp", "arith.sitofp", Shape::Cast;
    UIToFP = "uitofp", "arith.uitofp", Shape::Cast;
    FPToSI = "fptosi", "arith.fptosi", Shape::Cast;
    FPToUI = "fptoui", "arith.fptoui", Shape::Cast;
    Bitcast = "bitcast", "arith.bitcast", Shape::Cast;
    Splat = "splat", "simd.splat", Shape::Cast;
    ExtF = "extf", "arith.extf", Shape::FloatCast;
    TruncF = "truncf", "arith.truncf", Shape::FloatCast;
}

/// `arith.cmpi` predicates in MLIR's numbering.
pub const CMPI_PREDICATES: [&str; 10] = [
    "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
];
/// `arith.cmpf` predicates in MLIR's numbering.
pub const CMPF_PREDICATES: [&str; 16] = [
    "false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq", "ugt", "uge", "ult", "ule",
    "une", "uno", "true",
];

impl OpKind {
    /// The op named `name` in the IR (`arith.cmpi` needs its predicate).
    pub fn from_mlir(name: &str, predicate: Option<i128>) -> Option<OpKind> {
        match name {
            "arith.cmpi" => Some(OpKind::CmpI(
                u8::try_from(predicate?).ok().filter(|p| *p < 10)?,
            )),
            "arith.cmpf" => Some(OpKind::CmpF(
                u8::try_from(predicate?).ok().filter(|p| *p < 16)?,
            )),
            _ => OpKind::SIMPLE
                .iter()
                .find(|(_, _, m)| *m == name)
                .map(|(k, _, _)| *k),
        }
    }

    fn from_pattern(name: &str) -> Option<OpKind> {
        if let Some(p) = name.strip_prefix("cmpi.") {
            let i = CMPI_PREDICATES.iter().position(|q| *q == p)?;
            return Some(OpKind::CmpI(i as u8));
        }
        if let Some(p) = name.strip_prefix("cmpf.") {
            let i = CMPF_PREDICATES.iter().position(|q| *q == p)?;
            return Some(OpKind::CmpF(i as u8));
        }
        OpKind::SIMPLE
            .iter()
            .find(|(_, p, _)| *p == name)
            .map(|(k, _, _)| *k)
    }

    /// Index of the first operand among the children (after type and flags).
    pub fn first_operand(self) -> usize {
        match self.shape() {
            Shape::Float(_) | Shape::FloatCast => 2,
            _ => 1,
        }
    }
    /// Does child 1 hold fast-math flags?
    pub fn has_fastmath(self) -> bool {
        self.first_operand() == 2
    }
    /// The number of children (type, flags, operands).
    pub fn arity(self) -> usize {
        match self.shape() {
            Shape::Int2 => 3,
            Shape::Float(n) => 2 + n,
            Shape::Select => 4,
            Shape::Cast => 2,
            Shape::FloatCast => 3,
        }
    }
    /// A number below 7 + 46 + 10 + 16 for every kind (for [`Node::bit`]).
    fn index(self) -> u32 {
        match self {
            OpKind::CmpI(p) => OpKind::SIMPLE.len() as u32 + p as u32,
            OpKind::CmpF(p) => OpKind::SIMPLE.len() as u32 + 10 + p as u32,
            k => OpKind::SIMPLE
                .iter()
                .position(|(s, _, _)| *s == k)
                .unwrap_or(0) as u32,
        }
    }
    /// Integer ops whose two operands may swap (`a op b == b op a`).
    pub fn is_commutative(self) -> bool {
        use OpKind::*;
        matches!(
            self,
            AddI | MulI | AndI | OrI | XOrI | MaxSI | MinSI | MaxUI | MinUI | CmpI(0 | 1)
        )
    }
    /// Division and remainder: undefined for some divisors.
    pub fn is_division(self) -> bool {
        matches!(
            self,
            OpKind::DivSI
                | OpKind::DivUI
                | OpKind::CeilDivSI
                | OpKind::CeilDivUI
                | OpKind::FloorDivSI
                | OpKind::RemSI
                | OpKind::RemUI
        )
    }
    /// Signed division (INT_MIN / -1 overflows).
    pub fn is_signed_division(self) -> bool {
        matches!(
            self,
            OpKind::DivSI | OpKind::CeilDivSI | OpKind::FloorDivSI | OpKind::RemSI
        )
    }
}

/// Fast-math flag bits, as `#arith.fastmath` numbers them.
pub mod fastmath {
    pub const REASSOC: u8 = 1;
    pub const NNAN: u8 = 2;
    pub const NINF: u8 = 4;
    pub const NSZ: u8 = 8;
    pub const ARCP: u8 = 16;
    pub const CONTRACT: u8 = 32;
    pub const AFN: u8 = 64;
    pub const FAST: u8 = 127;
    const NAMES: [&str; 7] = ["reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn"];

    /// Parse the body of `#arith.fastmath<...>` (`none`, `fast`, `nnan,contract`).
    pub fn parse(body: &str) -> Option<u8> {
        let mut bits = 0;
        for word in body.split(',').map(str::trim) {
            bits |= match word {
                "none" => 0,
                "fast" => FAST,
                w => 1 << NAMES.iter().position(|n| *n == w)?,
            };
        }
        Some(bits)
    }

    /// The body MLIR prints: flags in bit order without spaces, `none`, or `fast`.
    pub fn print(bits: u8) -> String {
        match bits {
            0 => "none".to_string(),
            FAST => "fast".to_string(),
            _ => NAMES
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// An e-node. See the module documentation for the layout of the children.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Node {
    /// A type (leaf; never a value).
    Ty(Ty),
    /// An integer literal (leaf): the payload of a constant.
    Num(i128),
    /// Fast-math flags (leaf).
    Fm(u8),
    /// A value from outside the e-graph (block argument, result of an op that
    /// stays in place, value of an enclosing block), numbered per block: `[ty]`.
    Val(u32, [Id; 1]),
    /// Integer constant `[ty, Num(value)]`.
    Int([Id; 2]),
    /// Float constant `[ty, Num(bits)]`.
    Flt([Id; 2]),
    /// A known op: `[ty, (fm,) operands...]`.
    Op(OpKind, SmallVec<[Id; 4]>),
    /// Any other pure op, by its index in the block's table (name, properties,
    /// attributes): `[ty, operands...]`. Only deduplicated, never rewritten.
    Opaque(u32, SmallVec<[Id; 4]>),
}

impl Node {
    /// The children that are values (not the type, flags or literal).
    pub fn operands(&self) -> &[Id] {
        match self {
            Node::Op(k, ch) => &ch[k.first_operand()..],
            Node::Opaque(_, ch) => &ch[1..],
            _ => &[],
        }
    }
    /// The node's operator as one bit of a `u128` (every opaque op shares
    /// one): a rule needs the operators of its left side in the e-graph.
    pub fn bit(&self) -> u128 {
        let i = match self {
            Node::Ty(_) => 0,
            Node::Num(_) => 1,
            Node::Fm(_) => 2,
            Node::Val(..) => 3,
            Node::Int(_) => 4,
            Node::Flt(_) => 5,
            Node::Opaque(..) => 6,
            Node::Op(k, _) => 7 + k.index(),
        };
        1 << i
    }
    /// Is this node a value (as opposed to a type, literal or flags leaf)?
    pub fn is_value(&self) -> bool {
        !matches!(self, Node::Ty(_) | Node::Num(_) | Node::Fm(_))
    }
    /// The class of the result type, for value nodes.
    pub fn ty_child(&self) -> Option<Id> {
        match self {
            Node::Val(_, [t]) | Node::Int([t, _]) | Node::Flt([t, _]) => Some(*t),
            Node::Op(_, ch) | Node::Opaque(_, ch) => ch.first().copied(),
            _ => None,
        }
    }
}

impl Language for Node {
    type Discriminant = (u8, Option<OpKind>, u32);

    fn discriminant(&self) -> Self::Discriminant {
        match self {
            Node::Ty(_) => (0, None, 0),
            Node::Num(_) => (1, None, 0),
            Node::Fm(_) => (2, None, 0),
            Node::Val(..) => (3, None, 0),
            Node::Int(_) => (4, None, 0),
            Node::Flt(_) => (5, None, 0),
            Node::Op(k, _) => (6, Some(*k), 0),
            Node::Opaque(i, _) => (7, None, *i),
        }
    }

    fn matches(&self, other: &Self) -> bool {
        match (self, other) {
            (Node::Ty(a), Node::Ty(b)) => a == b,
            (Node::Num(a), Node::Num(b)) => a == b,
            (Node::Fm(a), Node::Fm(b)) => a == b,
            (Node::Val(a, _), Node::Val(b, _)) => a == b,
            (Node::Int(_), Node::Int(_)) | (Node::Flt(_), Node::Flt(_)) => true,
            (Node::Op(a, x), Node::Op(b, y)) => a == b && x.len() == y.len(),
            (Node::Opaque(a, x), Node::Opaque(b, y)) => a == b && x.len() == y.len(),
            _ => false,
        }
    }

    fn children(&self) -> &[Id] {
        match self {
            Node::Ty(_) | Node::Num(_) | Node::Fm(_) => &[],
            Node::Val(_, ch) => ch,
            Node::Int(ch) | Node::Flt(ch) => ch,
            Node::Op(_, ch) | Node::Opaque(_, ch) => ch,
        }
    }

    fn children_mut(&mut self) -> &mut [Id] {
        match self {
            Node::Ty(_) | Node::Num(_) | Node::Fm(_) => &mut [],
            Node::Val(_, ch) => ch,
            Node::Int(ch) | Node::Flt(ch) => ch,
            Node::Op(_, ch) | Node::Opaque(_, ch) => ch,
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Ty(t) => write!(f, "ty{:?}", t.scalar),
            Node::Num(n) => write!(f, "{n}"),
            Node::Fm(b) => write!(f, "fm:{}", fastmath::print(*b)),
            Node::Val(n, _) => write!(f, "val{n}"),
            Node::Int(_) => f.write_str("c"),
            Node::Flt(_) => f.write_str("f"),
            Node::Op(k, _) => f.write_str(&k.pattern_name()),
            Node::Opaque(i, _) => write!(f, "opaque{i}"),
        }
    }
}

/// A pattern operator that is not part of the language, or has the wrong arity.
#[derive(Debug)]
pub struct BadOp(pub String);

impl fmt::Display for BadOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an egraph pattern operator: {}", self.0)
    }
}

impl FromOp for Node {
    type Error = BadOp;

    fn from_op(op: &str, children: Vec<Id>) -> Result<Self, Self::Error> {
        let bad = || BadOp(format!("{op}/{}", children.len()));
        match (op, children.len()) {
            ("c", 2) => Ok(Node::Int([children[0], children[1]])),
            ("f", 2) => Ok(Node::Flt([children[0], children[1]])),
            (_, 0) if op.parse::<i128>().is_ok() => Ok(Node::Num(op.parse().unwrap())),
            _ => {
                let kind = OpKind::from_pattern(op).ok_or_else(bad)?;
                if kind.arity() != children.len() {
                    return Err(bad());
                }
                Ok(Node::Op(kind, children.into()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastmath_round_trips_in_mlir_order() {
        assert_eq!(fastmath::parse("none"), Some(0));
        assert_eq!(fastmath::parse("fast"), Some(127));
        assert_eq!(fastmath::parse("contract, nnan"), Some(34));
        assert_eq!(fastmath::print(34), "nnan,contract");
        assert_eq!(fastmath::print(127), "fast");
        assert_eq!(fastmath::parse("bogus"), None);
    }

    #[test]
    fn operator_bits_are_distinct() {
        let mut kinds: Vec<OpKind> = OpKind::SIMPLE.iter().map(|(k, _, _)| *k).collect();
        kinds.extend((0..10).map(OpKind::CmpI));
        kinds.extend((0..16).map(OpKind::CmpF));
        let bits: Vec<u128> = kinds
            .iter()
            .map(|k| Node::Op(*k, SmallVec::new()).bit())
            .collect();
        let all = bits.iter().fold(0u128, |a, b| a | b);
        assert_eq!(all.count_ones() as usize, kinds.len());
        assert_eq!(all & 0x7f, 0, "the leaves' bits are apart");
    }

    #[test]
    fn pattern_names_parse_back() {
        for k in [OpKind::AddI, OpKind::CmpI(3), OpKind::CmpF(13), OpKind::Fma] {
            let n = k.arity();
            let node = Node::from_op(&k.pattern_name(), vec![Id::from(0); n]).unwrap();
            assert_eq!(node, Node::Op(k, vec![Id::from(0); n].into()));
            assert_eq!(
                OpKind::from_mlir(k.mlir_name(), Some(3)).map(|k| k.mlir_name()),
                Some(k.mlir_name())
            );
        }
        assert!(Node::from_op("addi", vec![Id::from(0); 2]).is_err());
        assert_eq!(Node::from_op("-1", vec![]).unwrap(), Node::Num(-1));
    }
}
