//! Overrides pinned: naga's SPIR-V writer takes no overrides, and its
//! override processing folds them into the code, where they cannot be found
//! again. So each override becomes a constant named like it, whose value
//! (its pin) occurs nowhere else in the module: every use in a function,
//! and every array it sizes, is then the one `OpConstant` of that value
//! (naga writes each constant value once), which `spec_constants` finds by
//! its name and value and rewrites.

use naga::{
    Arena, ArraySize, BinaryOperator, Constant, Expression, Handle, Literal, Module, Override,
    Scalar, Span, Type, TypeInner,
};
use std::collections::HashSet;
use std::num::NonZeroU32;

/// The first pin: far from the values kernels use, and small enough that
/// an array of pinned length keeps naga's sizes within `u32` (16-byte
/// elements).
const FIRST_PIN: u32 = 0x0ACE_0000;

/// One override, pinned.
#[derive(Clone, Debug)]
pub struct Pin {
    pub name: String,
    /// The constant's value in naga's words.
    pub value: u32,
    pub meaning: Meaning,
}

/// What an override's value is.
#[derive(Clone, Debug)]
pub enum Meaning {
    /// Set by the pipeline (the ABI's overrides), this value by default.
    Set { default: u32 },
    /// Computed from others (WGSL's block thread count).
    Computed(Formula),
}

/// An override's `u32` value as naga's expression gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Formula {
    /// The override of this index (the index of its pin).
    Override(usize),
    Literal(u32),
    Binary(BinaryOperator, Box<Formula>, Box<Formula>),
}

impl Formula {
    /// The value with every override at its default.
    pub fn default_value(&self, pins: &[Pin]) -> Result<u32, String> {
        match self {
            Formula::Override(i) => match &pins[*i].meaning {
                Meaning::Set { default } => Ok(*default),
                Meaning::Computed(f) => f.default_value(pins),
            },
            Formula::Literal(v) => Ok(*v),
            Formula::Binary(op, a, b) => {
                let (a, b) = (a.default_value(pins)?, b.default_value(pins)?);
                match op {
                    BinaryOperator::Add => Ok(a.wrapping_add(b)),
                    BinaryOperator::Subtract => Ok(a.wrapping_sub(b)),
                    BinaryOperator::Multiply => Ok(a.wrapping_mul(b)),
                    _ => Err(format!("an override computed with {op:?}")),
                }
            }
        }
    }
}

/// Replace the overrides of `module` by pinned constants; one pin per
/// override, in the order of `module.overrides`.
pub fn pin_overrides(module: &mut Module) -> Result<Vec<Pin>, String> {
    let overrides: Vec<(Handle<Override>, Override)> = module
        .overrides
        .iter()
        .map(|(h, o)| (h, o.clone()))
        .collect();
    let taken = values_used(module);
    let mut free = (FIRST_PIN..).filter(|v| !taken.contains(v));
    let mut pins = Vec::new();
    let mut constants = Vec::new();
    for (handle, o) in &overrides {
        let name = o
            .name
            .clone()
            .unwrap_or_else(|| format!("cuwasm_override{}", handle.index()));
        if module.types[o.ty].inner != TypeInner::Scalar(Scalar::U32) {
            return Err(format!("override '{name}' is not a u32"));
        }
        let init = o
            .init
            .ok_or_else(|| format!("override '{name}' has no default"))?;
        let meaning = match formula(module, init)? {
            Formula::Literal(default) => Meaning::Set { default },
            f => Meaning::Computed(f),
        };
        let value = free.next().expect("a free u32");
        let init = module
            .global_expressions
            .append(Expression::Literal(Literal::U32(value)), Span::UNDEFINED);
        let constant = Constant {
            name: Some(name.clone()),
            ty: o.ty,
            init,
        };
        constants.push(module.constants.append(constant, Span::UNDEFINED));
        pins.push(Pin {
            name,
            value,
            meaning,
        });
    }
    for (_, f) in module.functions.iter_mut() {
        use_constants(&mut f.expressions, &constants);
    }
    for ep in &mut module.entry_points {
        use_constants(&mut ep.function.expressions, &constants);
    }
    pin_array_sizes(module, &pins)?;
    fix_workgroup_sizes(module, &pins)?;
    drop_overrides(module)?;
    Ok(pins)
}

/// Every `u32` value the module writes: literals (`i32` ones as their
/// bits) and array lengths.
fn values_used(module: &Module) -> HashSet<u32> {
    let arenas = std::iter::once(&module.global_expressions)
        .chain(module.functions.iter().map(|(_, f)| &f.expressions))
        .chain(module.entry_points.iter().map(|e| &e.function.expressions));
    let literals = arenas.flat_map(|a| a.iter()).filter_map(|(_, e)| match *e {
        Expression::Literal(Literal::U32(v)) => Some(v),
        Expression::Literal(Literal::I32(v)) => Some(v as u32),
        _ => None,
    });
    let lengths = module.types.iter().filter_map(|(_, t)| match t.inner {
        TypeInner::Array {
            size: ArraySize::Constant(n),
            ..
        } => Some(n.get()),
        _ => None,
    });
    literals.chain(lengths).collect()
}

/// The value of global expression `e` in terms of overrides and literals.
fn formula(module: &Module, e: Handle<Expression>) -> Result<Formula, String> {
    match module.global_expressions[e] {
        Expression::Literal(Literal::U32(v)) => Ok(Formula::Literal(v)),
        Expression::Override(o) => Ok(Formula::Override(o.index())),
        Expression::Constant(c) => formula(module, module.constants[c].init),
        Expression::Binary { op, left, right } => Ok(Formula::Binary(
            op,
            Box::new(formula(module, left)?),
            Box::new(formula(module, right)?),
        )),
        ref other => Err(format!("an override computed as {other:?}")),
    }
}

/// Each use of an override in `expressions` made a use of its constant.
fn use_constants(expressions: &mut Arena<Expression>, constants: &[Handle<Constant>]) {
    for (_, e) in expressions.iter_mut() {
        if let Expression::Override(o) = *e {
            *e = Expression::Constant(constants[o.index()]);
        }
    }
}

/// Arrays sized by an override get the pin's length.
fn pin_array_sizes(module: &mut Module, pins: &[Pin]) -> Result<(), String> {
    let pending: Vec<(Handle<Type>, Type)> = module
        .types
        .iter()
        .filter(|(_, t)| {
            matches!(
                t.inner,
                TypeInner::Array {
                    size: ArraySize::Pending(_),
                    ..
                }
            )
        })
        .map(|(h, t)| (h, t.clone()))
        .collect();
    for (handle, ty) in pending {
        let TypeInner::Array {
            base,
            size: ArraySize::Pending(o),
            stride,
        } = ty.inner
        else {
            continue;
        };
        let length = NonZeroU32::new(pins[o.index()].value).expect("pins are nonzero");
        let pinned = Type {
            name: ty.name,
            inner: TypeInner::Array {
                base,
                size: ArraySize::Constant(length),
                stride,
            },
        };
        if module.types.get(&pinned).is_some() {
            return Err(format!("two arrays sized by '{}'", pins[o.index()].name));
        }
        module.types.replace(handle, pinned);
    }
    Ok(())
}

/// Entry points get their workgroup size at the overrides' defaults (the
/// runtime sets `LocalSize` per launch).
fn fix_workgroup_sizes(module: &mut Module, pins: &[Pin]) -> Result<(), String> {
    let mut sizes = Vec::new();
    for ep in &module.entry_points {
        let mut size = ep.workgroup_size;
        for (dim, e) in ep.workgroup_size_overrides.iter().flatten().enumerate() {
            if let Some(e) = *e {
                size[dim] = formula(module, e)?.default_value(pins)?;
            }
        }
        sizes.push(size);
    }
    for (ep, size) in module.entry_points.iter_mut().zip(sizes) {
        ep.workgroup_size = size;
        ep.workgroup_size_overrides = None;
    }
    Ok(())
}

/// Remove the overrides, now unused, and the expressions only they use.
fn drop_overrides(module: &mut Module) -> Result<(), String> {
    for (_, o) in module.overrides.iter_mut() {
        // Anonymous overrides go when unused; named ones would stay.
        o.name = None;
    }
    naga::compact::compact(module, naga::compact::KeepUnused::Yes);
    match module.overrides.is_empty() {
        true => Ok(()),
        false => Err("an override is used where it cannot be pinned".to_string()),
    }
}
