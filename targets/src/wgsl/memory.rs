//! Memory: each buffer of a kernel ([`Base`]) as a WGSL variable, and loads
//! and stores at a byte offset.
//!
//! | buffer | WGSL |
//! |---|---|
//! | pointer parameter, `__device__`/`__constant__` variable | `var<storage, read_write or read>` runtime-sized array |
//! | by-value struct parameter | words of `cuwasm_params` (the uniform block) |
//! | static `__shared__` array | `var<workgroup>` array of its size |
//! | `extern __shared__` | `var<workgroup>` array of `cuwasm_dynamic_shared_words` |
//! | local array (`cuda.alloca`) | a function-scope `var` array |
//!
//! The element type follows the accesses: a buffer accessed with one 32-bit
//! type is `array<f32>` or `array<i32>`; with several types, 64-bit or
//! 8/16-bit accesses it is `array<u32>` of words read with bitcasts and
//! shifts; with any atomic it is `array<atomic<u32>>` (`atomic<i32>` where
//! a signed min/max needs it) and every access to it is atomic. An 8/16-bit
//! store into memory other threads may also write (anything but a local
//! array) clears and sets its bits in the containing word with
//! `atomicAnd`/`atomicOr`, so the buffer is atomic too.

use super::kernel::Kernel;
use super::pointers::{AccessKind, Base};
use super::types::{Repr, Scalar, f16_bits, f16_from_bits, identifier};
use cuwasm::{Diagnostic, OpId, ValueId};
use cuwasm_dialects::cuda::AtomicKind;

/// The element type of a buffer's WGSL array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    F32,
    I32,
    /// 32-bit words.
    U32,
}

impl Elem {
    pub fn wgsl(self) -> &'static str {
        match self {
            Elem::F32 => "f32",
            Elem::I32 => "i32",
            Elem::U32 => "u32",
        }
    }
}

/// Where a buffer lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Space {
    /// A storage buffer at `binding` of group 0.
    Storage { binding: u32, writable: bool },
    /// Workgroup memory of `words` words (`None`: the dynamic size).
    Workgroup { words: Option<u32> },
    /// A thread's function-scope array of `words` words.
    Private { words: u32 },
    /// The parameter block.
    Params,
}

/// One buffer as the shader declares it.
#[derive(Clone, Debug)]
pub struct Buffer {
    pub name: String,
    pub elem: Elem,
    pub atomic: bool,
    pub space: Space,
}

impl Buffer {
    /// The array's element type (`atomic<u32>`, `f32`, ...).
    fn element(&self) -> String {
        match self.atomic {
            true => format!("atomic<{}>", self.elem.wgsl()),
            false => self.elem.wgsl().to_string(),
        }
    }

    /// The declaration (module scope, or the kernel's first lines for a
    /// private array).
    pub fn declaration(&self) -> String {
        let (name, elem) = (&self.name, self.element());
        match &self.space {
            Space::Storage { binding, writable } => {
                let access = if *writable { "read_write" } else { "read" };
                format!(
                    "@group(0) @binding({binding}) var<storage, {access}> {name}: array<{elem}>;"
                )
            }
            Space::Workgroup { words: Some(n) } => {
                format!("var<workgroup> {name}: array<{elem}, {}>;", self.length(*n))
            }
            Space::Workgroup { words: None } => format!(
                "var<workgroup> {name}: array<{elem}, {}>;",
                cuwasm_dialects::webgpu_abi::DYNAMIC_SHARED_WORDS_OVERRIDE
            ),
            Space::Private { words } => {
                format!("var {name}: array<{elem}, {}>;", self.length(*words))
            }
            Space::Params => String::new(),
        }
    }

    /// Elements of an array of `words` words (every element type is 4 bytes).
    fn length(&self, words: u32) -> u32 {
        words.max(1)
    }
}

/// The element type and atomicity a buffer's accesses call for.
pub fn choose_elem(base: &Base, accesses: &[super::pointers::Access]) -> (Elem, bool) {
    let shared_by_threads = !matches!(base, Base::Private(_));
    let subword_store = accesses
        .iter()
        .any(|a| a.kind == AccessKind::Store && a.scalar.bytes() < 4);
    let atomic = accesses
        .iter()
        .any(|a| matches!(a.kind, AccessKind::Atomic(_)))
        || (shared_by_threads && subword_store);
    if atomic {
        let signed = accesses.iter().any(|a| {
            a.kind == AccessKind::Atomic(Some(AtomicKind::Min))
                || a.kind == AccessKind::Atomic(Some(AtomicKind::Max))
        });
        return (if signed { Elem::I32 } else { Elem::U32 }, true);
    }
    let first = accesses.first().map(|a| a.scalar);
    let one_type = accesses.iter().all(|a| Some(a.scalar) == first);
    match first {
        Some(Scalar::F32) if one_type => (Elem::F32, false),
        Some(Scalar::Int(32)) if one_type => (Elem::I32, false),
        _ => (Elem::U32, false),
    }
}

/// The WGSL variable name of a buffer.
pub fn buffer_name(ctx: &cuwasm::Context, base: &Base, index: usize) -> String {
    match base {
        Base::Param(i) => format!("p{i}"),
        Base::Global(name) => identifier("g_", name),
        Base::Shared(op) => {
            let name = ctx
                .prop(*op, "name")
                .and_then(|a| ctx.attr_str(a))
                .unwrap_or("");
            identifier(&format!("s{index}_"), name)
        }
        Base::Private(_) => format!("a{index}"),
        Base::DynamicShared => "cuwasm_dynamic_shared".to_string(),
        Base::Byval(_) | Base::Null => "cuwasm_params".to_string(),
    }
}

/// A pointer's byte offset: an optional run-time part (a `u32` name) plus a
/// constant.
#[derive(Clone, Debug, Default)]
pub struct Offset {
    pub dynamic: Option<String>,
    pub konst: u32,
}

impl Offset {
    pub fn constant(k: u32) -> Offset {
        Offset {
            dynamic: None,
            konst: k,
        }
    }

    /// The byte offset as a `u32` expression.
    pub fn expr(&self) -> String {
        match (&self.dynamic, self.konst) {
            (None, k) => format!("{k}u"),
            (Some(d), 0) => d.clone(),
            (Some(d), k) => format!("({d} + {k}u)"),
        }
    }

    /// The index of the word holding byte `self + 4 * plus`.
    pub fn word(&self, plus: u32) -> String {
        match &self.dynamic {
            None => format!("{}u", self.konst / 4 + plus),
            Some(_) if plus == 0 => format!("({} >> 2u)", self.expr()),
            Some(_) => format!("(({} >> 2u) + {plus}u)", self.expr()),
        }
    }

    /// The bit position of the byte within its word.
    pub fn bit_shift(&self) -> String {
        match &self.dynamic {
            None => format!("{}u", (self.konst % 4) * 8),
            Some(_) => format!("(({} & 3u) * 8u)", self.expr()),
        }
    }
}

impl Kernel<'_> {
    /// The buffer pointer `ptr` points into, and its offset.
    pub fn place(&self, op: OpId, ptr: ValueId) -> Result<(&Buffer, Offset), Diagnostic> {
        let base = self
            .ptrs
            .base(ptr)
            .ok_or_else(|| self.ctx.op_error(op, "uses an untraced pointer"))?;
        let buffer = self.buffers.get(base).ok_or_else(|| {
            self.ctx
                .op_error(op, "uses a buffer the WGSL target did not lay out")
        })?;
        Ok((buffer, self.offset(ptr)))
    }

    /// A reference to word `index` of `buffer`, as a `u32` expression
    /// (loaded atomically where the buffer is atomic).
    pub fn read_word(&self, buffer: &Buffer, index: &str) -> String {
        let name = &buffer.name;
        let raw = match (&buffer.space, buffer.atomic) {
            (Space::Params, _) => return params_word(index),
            (_, true) => format!("atomicLoad(&{name}[{index}])"),
            (_, false) => format!("{name}[{index}]"),
        };
        match buffer.elem {
            Elem::U32 => raw,
            _ => format!("bitcast<u32>({raw})"),
        }
    }

    /// `ptr.load` and friends: the value of type `scalar` at `ptr`.
    pub fn load(
        &mut self,
        op: OpId,
        ptr: ValueId,
        scalar: Scalar,
        repr: Repr,
    ) -> Result<String, Diagnostic> {
        let (buffer, off) = self.place(op, ptr)?;
        let buffer = buffer.clone();
        let typed = !buffer.atomic && buffer.elem != Elem::U32 && buffer.space != Space::Params;
        if typed {
            return Ok(format!("{}[{}]", buffer.name, off.word(0)));
        }
        let w0 = self.read_word(&buffer, &off.word(0));
        Ok(match scalar {
            Scalar::F32 => format!("bitcast<f32>({w0})"),
            Scalar::Int(32) => format!("bitcast<i32>({w0})"),
            Scalar::Int(64) if repr == Repr::Wide => {
                let w1 = self.read_word(&buffer, &off.word(1));
                format!("vec2<u32>({w0}, {w1})")
            }
            Scalar::Int(64) => format!("bitcast<i32>({w0})"),
            Scalar::Int(_) => format!("bitcast<i32>({w0} >> {})", off.bit_shift()),
            Scalar::Bool => format!("((({w0} >> {}) & 0xffu) != 0u)", off.bit_shift()),
            Scalar::F16 => {
                self.f16 = true;
                f16_from_bits(&format!("({w0} >> {})", off.bit_shift()))
            }
            Scalar::Ptr => return Err(self.ctx.op_error(op, "loads a pointer")),
        })
    }

    /// `ptr.store`: write `value` (of type `scalar`) at `ptr`.
    pub fn store(
        &mut self,
        op: OpId,
        ptr: ValueId,
        value: &str,
        scalar: Scalar,
    ) -> Result<(), Diagnostic> {
        let (buffer, off) = self.place(op, ptr)?;
        let buffer = buffer.clone();
        if buffer.space == Space::Params {
            return Err(self.ctx.op_error(op, "writes to the parameter block"));
        }
        let typed = !buffer.atomic && buffer.elem != Elem::U32;
        if typed {
            self.line(&format!("{}[{}] = {value};", buffer.name, off.word(0)));
            return Ok(());
        }
        match scalar {
            Scalar::F32 | Scalar::Int(32) => {
                self.write_word(&buffer, &off.word(0), &format!("bitcast<u32>({value})"));
            }
            Scalar::Int(64) => {
                self.write_word(&buffer, &off.word(0), &format!("{value}.x"));
                self.write_word(&buffer, &off.word(1), &format!("{value}.y"));
            }
            _ => {
                let (bits, mask) = match scalar {
                    Scalar::Bool => (format!("select(0u, 1u, {value})"), "0xffu"),
                    Scalar::Int(8) => (format!("bitcast<u32>({value})"), "0xffu"),
                    Scalar::F16 => {
                        self.f16 = true;
                        (f16_bits(value), "0xffffu")
                    }
                    _ => (format!("bitcast<u32>({value})"), "0xffffu"),
                };
                self.write_bits(&buffer, &off, &bits, mask);
            }
        }
        Ok(())
    }

    /// Store the `u32` expression `word` at word `index`.
    fn write_word(&mut self, buffer: &Buffer, index: &str, word: &str) {
        let name = &buffer.name;
        let word = match buffer.elem {
            Elem::U32 => word.to_string(),
            e => format!("bitcast<{}>({word})", e.wgsl()),
        };
        match buffer.atomic {
            true => self.line(&format!("atomicStore(&{name}[{index}], {word});")),
            false => self.line(&format!("{name}[{index}] = {word};")),
        }
    }

    /// Store the low bits (`mask`) of `bits` at the byte offset `off` within
    /// its word, leaving the word's other bytes as they are.
    fn write_bits(&mut self, buffer: &Buffer, off: &Offset, bits: &str, mask: &str) {
        let (name, index, shift) = (&buffer.name, off.word(0), off.bit_shift());
        let field = format!("({mask} << {shift})");
        let new = format!("(({bits} & {mask}) << {shift})");
        if buffer.atomic {
            let cast = |w: String| match buffer.elem {
                Elem::U32 => w,
                e => format!("bitcast<{}>({w})", e.wgsl()),
            };
            self.line(&format!(
                "atomicAnd(&{name}[{index}], {});",
                cast(format!("~{field}"))
            ));
            self.line(&format!("atomicOr(&{name}[{index}], {});", cast(new)));
        } else {
            self.line(&format!(
                "{name}[{index}] = ({name}[{index}] & ~{field}) | {new};"
            ));
        }
    }
}

/// Word `index` (a `u32` expression) of the parameter block.
pub fn params_word(index: &str) -> String {
    match index.strip_suffix('u').and_then(|k| k.parse::<u32>().ok()) {
        Some(k) => format!(
            "cuwasm_params[{}].{}",
            k / 4,
            ["x", "y", "z", "w"][k as usize % 4]
        ),
        None => format!("cuwasm_params[{index} >> 2u][{index} & 3u]"),
    }
}
