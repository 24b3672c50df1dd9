//! `cuda`: what CUDA C++ and PTX mean, before anything is made target-neutral.
//!
//! The CUDA and PTX frontends lower to this dialect (plus arith, math, scf, cf,
//! ptr, func, gpu); `convert-cuda-to-gpu` and the target emitters read it. It
//! keeps exactly the meaning CUDA gives, so that no target can drift from it:
//!
//! * **Built-in variables** (`threadIdx`, `blockIdx`, `blockDim`, `gridDim`) are
//!   `i32`. CUDA declares them `unsigned int`; MLIR integers are signless, so the
//!   value is to be read as unsigned (it is always below 2^31 in practice).
//!   `cuda.lane_id` is `%laneid`, `cuda.warp_size` is always 32.
//! * **Barriers**: `__syncthreads()` and its `_count/_and/_or` reductions (a
//!   predicate `i1` in, an `i32` out), `__syncwarp(mask)`, `__threadfence*()`.
//!   They carry no effect summary, so every pass treats them as touching all
//!   memory and never moves ops across them.
//! * **Warp operations** use CUDA's warp of 32 lanes and its `_sync` masks
//!   (`__shfl_sync`, `__vote`/`__ballot_sync`). They are not speculatable: a pass
//!   may delete an unused one but never hoist one out of a branch, because the
//!   lanes named in the mask must all execute it.
//! * **Atomics** with CUDA's semantics (`atomicAdd` on floats, `atomicInc`'s
//!   wrap-around, `atomicCAS`), optionally scoped `_block`/`_system`.
//! * **Memory**: `__ldg`, static and dynamic `__shared__` arrays, `__constant__`
//!   and `__device__` variables. Pointers are MLIR 22's `!ptr.ptr<#space>`;
//!   which memory space a pointer type names is left to the ptr dialect's
//!   conventions, these ops accept any.
//! * **Fast math intrinsics** (`__expf`, `__sinf`, ...) with the precision the
//!   CUDA Programming Guide gives them, distinct from `math.exp` (the accurate
//!   `expf`).
//!
//! * **PTX-level operations** that upstream dialects cannot express, for the PTX
//!   frontend: IEEE arithmetic with a directed rounding mode (`cuda.rounded`),
//!   PTX's approximate instructions (`cuda.approx`), flushing of subnormals
//!   (`cuda.flush_denormal`, PTX's `.ftz`), saturating float-to-integer
//!   conversions, bit-field extract/insert, byte permute, bit reversal,
//!   `activemask`, `redux.sync`, named barriers, address-space casts (`cvta`)
//!   and the hardware special registers (`%clock64`, `%smid`, ...).
//!
//! Enumerated properties are dialect attributes of the form `#cuda<KIND VALUE>`:
//! `#cuda<dim x>`, `#cuda<shfl_mode down>`, `#cuda<vote_mode ballot>`,
//! `#cuda<atomic_kind add>`, `#cuda<scope block>`, `#cuda<space constant>`,
//! `#cuda<fast_math __expf>`. Each has a Rust enum below with `attr` and
//! `from_attr`.

use crate::ptr::is_ptr;
use cuwasm::{
    Attr, AttrData, Builder, Context, Diagnostic, DialectInfo, Effect, EffectKind, OpId, OpView,
    Type, TypeData, ValueId, op,
};

/// Declares a Rust enum mirrored by the dialect attribute `#DIALECT<MNEMONIC KEYWORD>`,
/// with `keyword`, `from_keyword`, `attr`, `from_attr` and `from_prop` (a verifier
/// helper). Also used by the `simd` dialect.
macro_rules! attr_enum {
    (
        $(#[doc = $doc:literal])*
        $E:ident = $dialect:literal<$mnemonic:literal> { $($(#[doc = $vdoc:literal])* $V:ident = $kw:literal),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum $E {
            $($(#[doc = $vdoc])* $V),*
        }

        #[allow(dead_code)]
        impl $E {
            pub const ALL: &'static [$E] = &[$($E::$V),*];

            /// The keyword in the attribute (`x` in `#cuda<dim x>`).
            pub fn keyword(self) -> &'static str {
                match self {
                    $($E::$V => $kw),*
                }
            }

            pub fn from_keyword(s: &str) -> Option<$E> {
                match s {
                    $($kw => Some($E::$V),)*
                    _ => None,
                }
            }

            /// The attribute, e.g. `#cuda<dim x>`.
            pub fn attr(self, ctx: &cuwasm::Context) -> cuwasm::Attr {
                ctx.dialect_attr($dialect, Some(&format!("{} {}", $mnemonic, self.keyword())))
            }

            /// The value an attribute holds, if it is one of these.
            pub fn from_attr(ctx: &cuwasm::Context, a: cuwasm::Attr) -> Option<$E> {
                let (d, body) = ctx.attr_dialect(a)?;
                let (m, kw) = body?.split_once(' ')?;
                if d != $dialect || m != $mnemonic {
                    return None;
                }
                Self::from_keyword(kw.trim())
            }

            /// The value of property `name` of `op` (`None` when absent), or an error
            /// naming the accepted attributes.
            pub fn from_prop(ctx: &cuwasm::Context, op: cuwasm::OpId, name: &str) -> Result<Option<$E>, cuwasm::Diagnostic> {
                let Some(a) = ctx.prop(op, name) else { return Ok(None) };
                Self::from_attr(ctx, a).map(Some).ok_or_else(|| {
                    let all: &[&str] = &[$($kw),*];
                    ctx.op_error(op, format!(
                        "property '{name}' must be #{}<{} {}>, but got {}",
                        $dialect,
                        $mnemonic,
                        all.join("|"),
                        ctx.attr_to_string(a)
                    ))
                })
            }
        }
    };
}
pub(crate) use attr_enum;

attr_enum! {
    /// The direction of a `cudaMemcpy` (`cudaMemcpyKind`).
    MemcpyKind = "cuda"<"memcpy_kind"> {
        HostToHost = "host_to_host",
        HostToDevice = "host_to_device",
        DeviceToHost = "device_to_host",
        DeviceToDevice = "device_to_device",
        /// `cudaMemcpyDefault`: inferred from the pointers (unified addressing).
        Default = "default",
    }
}

attr_enum! {
    /// The C stream a `cuda.libc_printf` writes to.
    OutStream = "cuda"<"stream"> { Stdout = "stdout", Stderr = "stderr" }
}

attr_enum! {
    /// A dimension of the CUDA built-in `dim3` variables.
    Dim = "cuda"<"dim"> { X = "x", Y = "y", Z = "z" }
}

attr_enum! {
    /// The four `__shfl*_sync` variants.
    ShflMode = "cuda"<"shfl_mode"> {
        /// `__shfl_sync`: read lane `lane` (modulo `width`) of this lane's segment.
        Idx = "idx",
        /// `__shfl_up_sync`: read lane `id - delta`; lanes below `delta` keep their value.
        Up = "up",
        /// `__shfl_down_sync`: read lane `id + delta`; lanes past the segment end keep their value.
        Down = "down",
        /// `__shfl_xor_sync`: read lane `id ^ lane_mask`.
        Xor = "xor",
    }
}

attr_enum! {
    /// The warp votes.
    VoteMode = "cuda"<"vote_mode"> {
        /// `__any_sync`: some active lane's predicate is true (`i1`).
        Any = "any",
        /// `__all_sync`: every active lane's predicate is true (`i1`).
        All = "all",
        /// `__uni_sync`: the predicate is the same on every active lane (`i1`).
        Uni = "uni",
        /// `__ballot_sync`: bit `i` is lane `i`'s predicate (`i32`).
        Ballot = "ballot",
    }
}

attr_enum! {
    /// The read-modify-write of `cuda.atomic_rmw` (`*p = f(old, v)`, returning `old`).
    AtomicKind = "cuda"<"atomic_kind"> {
        /// `atomicAdd`: integers of 32/64 bits, `f16`, `bf16`, `f32`, `f64`.
        Add = "add",
        /// `atomicSub`: `i32` only.
        Sub = "sub",
        /// `atomicMin` on `int`/`long long` (signed).
        Min = "min",
        /// `atomicMax` on `int`/`long long` (signed).
        Max = "max",
        /// `atomicMin` on `unsigned`/`unsigned long long`.
        Umin = "umin",
        /// `atomicMax` on `unsigned`/`unsigned long long`.
        Umax = "umax",
        /// `atomicAnd`: 32/64-bit integers.
        And = "and",
        /// `atomicOr`: 32/64-bit integers.
        Or = "or",
        /// `atomicXor`: 32/64-bit integers.
        Xor = "xor",
        /// `atomicExch`: 32/64-bit integers and `f32`.
        Exch = "exch",
        /// `atomicInc`: `old >= v ? 0 : old + 1`, unsigned `i32` only.
        Inc = "inc",
        /// `atomicDec`: `(old == 0 || old > v) ? v : old - 1`, unsigned `i32` only.
        Dec = "dec",
    }
}

attr_enum! {
    /// The set of threads an atomic or a fence is coherent with.
    Scope = "cuda"<"scope"> {
        /// `_block` variants, `__threadfence_block()`.
        Block = "block",
        /// The default: all threads of the device.
        Device = "device",
        /// `_system` variants, `__threadfence_system()`: also the host and peer devices.
        System = "system",
    }
}

attr_enum! {
    /// Where a `cuda.global_var` lives.
    MemSpace = "cuda"<"space"> {
        /// `__constant__`: read-only for kernels, cached, written by the host.
        Constant = "constant",
        /// `__device__`: global memory.
        Global = "global",
        /// A file-scope variable of host code (not visible to kernels).
        Host = "host",
    }
}

attr_enum! {
    /// The fast intrinsics of CUDA's single-precision math, with their documented
    /// accuracy (CUDA C++ Programming Guide, "Intrinsic Functions"; `-use_fast_math`
    /// maps `expf` to `__expf` and so on). All flush denormals like `-ftz=true`.
    FastMath = "cuda"<"fast_math"> {
        /// `__expf(x)`: max ulp error `2 + floor(abs(1.173 * x))`.
        Exp = "__expf",
        /// `__exp10f(x)`: max ulp error `2 + floor(abs(2.97 * x))`.
        Exp10 = "__exp10f",
        /// `__logf(x)`: max abs error 2^-21.41 for x in [0.5, 2], else max 3 ulp.
        Log = "__logf",
        /// `__log2f(x)`: max abs error 2^-22 for x in [0.5, 2], else max 2 ulp.
        Log2 = "__log2f",
        /// `__log10f(x)`: max abs error 2^-24 for x in [0.5, 2], else max 3 ulp.
        Log10 = "__log10f",
        /// `__sinf(x)`: max abs error 2^-21.41 for x in [-pi, pi], larger outside.
        Sin = "__sinf",
        /// `__cosf(x)`: max abs error 2^-21.19 for x in [-pi, pi], larger outside.
        Cos = "__cosf",
        /// `__tanf(x)`: `__sinf(x) * (1 / __cosf(x))`, error follows from those.
        Tan = "__tanf",
        /// `__powf(x, y)`: `exp2f(y * __log2f(x))`, error follows from those.
        Pow = "__powf",
        /// `__fdividef(x, y)`: max 2 ulp for 2^-126 <= |y| <= 2^126; 0 for larger finite |y|.
        Divide = "__fdividef",
    }
}

impl FastMath {
    /// How many `f32` operands the intrinsic takes.
    pub fn arity(self) -> usize {
        match self {
            FastMath::Pow | FastMath::Divide => 2,
            _ => 1,
        }
    }
}

attr_enum! {
    /// IEEE 754 rounding directions (PTX's `.rn`, `.rz`, `.rm`, `.rp`).
    Rounding = "cuda"<"rounding"> {
        /// To nearest, ties to even (what arith ops do).
        Rn = "rn",
        /// Toward zero.
        Rz = "rz",
        /// Toward negative infinity.
        Rm = "rm",
        /// Toward positive infinity.
        Rp = "rp",
    }
}

attr_enum! {
    /// The correctly rounded operations of `cuda.rounded`.
    RoundedFn = "cuda"<"rounded_op"> {
        /// `a + b`.
        Add = "add",
        /// `a - b`.
        Sub = "sub",
        /// `a * b`.
        Mul = "mul",
        /// `a / b`.
        Div = "div",
        /// `a * b + c`, rounded once.
        Fma = "fma",
        /// `sqrt(a)`.
        Sqrt = "sqrt",
        /// `1 / a`.
        Rcp = "rcp",
        /// A signed integer to a float.
        Sitofp = "sitofp",
        /// An unsigned integer to a float.
        Uitofp = "uitofp",
    }
}

impl RoundedFn {
    /// How many operands the operation takes.
    pub fn arity(self) -> usize {
        match self {
            RoundedFn::Fma => 3,
            RoundedFn::Sqrt | RoundedFn::Rcp | RoundedFn::Sitofp | RoundedFn::Uitofp => 1,
            _ => 2,
        }
    }
}

attr_enum! {
    /// PTX's approximate floating-point instructions, with the maximum errors
    /// the PTX ISA (8.x) gives for `f32` (subnormal handling follows `.ftz`,
    /// expressed separately with `cuda.flush_denormal`).
    Approx = "cuda"<"approx"> {
        /// `rcp.approx`: max 1 ulp.
        Rcp = "rcp",
        /// `sqrt.approx`: max relative error 2^-23.
        Sqrt = "sqrt",
        /// `rsqrt.approx`: max relative error 2^-22.9.
        Rsqrt = "rsqrt",
        /// `ex2.approx`: 2^a, max 2 ulp (full range).
        Ex2 = "ex2",
        /// `lg2.approx`: log2(a), max abs error 2^-22.6 in (0.5, 2), else max relative 2^-22.
        Lg2 = "lg2",
        /// `sin.approx`: max abs error 2^-20.9 in [-pi, pi].
        Sin = "sin",
        /// `cos.approx`: max abs error 2^-20.9 in [-pi, pi].
        Cos = "cos",
        /// `tanh.approx`: max relative error 2^-11.
        Tanh = "tanh",
        /// `div.approx`: a * (1 / b), max 2 ulp for |b| in [2^-126, 2^126]; 0 for |b| in (2^126, 2^128).
        Div = "div",
        /// `div.full`: max 2 ulp over the full range.
        DivFull = "div_full",
    }
}

attr_enum! {
    /// The reductions of `redux.sync`.
    ReduxKind = "cuda"<"redux_kind"> {
        /// Sum (wrapping).
        Add = "add",
        /// Signed minimum.
        Min = "min",
        /// Signed maximum.
        Max = "max",
        /// Unsigned minimum.
        Umin = "umin",
        /// Unsigned maximum.
        Umax = "umax",
        /// Bitwise and.
        And = "and",
        /// Bitwise or.
        Or = "or",
        /// Bitwise xor.
        Xor = "xor",
    }
}

attr_enum! {
    /// The byte-selection modes of `prmt` (absent: the generic mode).
    PrmtMode = "cuda"<"prmt_mode"> {
        /// Forward 4 extract.
        F4e = "f4e",
        /// Backward 4 extract.
        B4e = "b4e",
        /// Replicate 8.
        Rc8 = "rc8",
        /// Edge clamp left.
        Ecl = "ecl",
        /// Edge clamp right.
        Ecr = "ecr",
        /// Replicate 16.
        Rc16 = "rc16",
    }
}

attr_enum! {
    /// Hardware special registers whose value is not a function of the launch
    /// (`cuda.read_sreg`); they may change between two reads.
    SpecialReg = "cuda"<"sreg"> {
        /// `%clock`: a 32-bit cycle counter (i32).
        Clock = "clock",
        /// `%clock64`: a 64-bit cycle counter (i64).
        Clock64 = "clock64",
        /// `%globaltimer`: nanoseconds (i64).
        GlobalTimer = "globaltimer",
        /// `%warpid`: the warp's slot on its multiprocessor (i32), not `tid / 32`.
        WarpId = "warpid",
        /// `%nwarpid`: the number of warp slots (i32).
        NWarpId = "nwarpid",
        /// `%smid`: the multiprocessor running the thread (i32).
        SmId = "smid",
        /// `%nsmid`: the number of multiprocessor ids (i32).
        NSmId = "nsmid",
        /// `%gridid`: the launch's grid id (i64).
        GridId = "gridid",
        /// `%dynamic_smem_size`: the launch's dynamic shared memory in bytes (i32).
        DynamicSmemSize = "dynamic_smem_size",
        /// `%total_smem_size`: the block's shared memory in bytes (i32).
        TotalSmemSize = "total_smem_size",
    }
}

impl SpecialReg {
    /// The width of the register's value.
    pub fn width(self) -> u32 {
        match self {
            SpecialReg::Clock64 | SpecialReg::GlobalTimer | SpecialReg::GridId => 64,
            _ => 32,
        }
    }
}

// ---- built-in variables -------------------------------------------------------

op! {
    /// `threadIdx.{x,y,z}`: this thread's index in its block.
    ThreadIdxOp = "cuda.thread_idx",
    results: [result: One],
    properties: [dimension: Required],
    traits: [PURE],
    verify: verify_dim_builtin,
}

op! {
    /// `blockIdx.{x,y,z}`: this block's index in the grid.
    BlockIdxOp = "cuda.block_idx",
    results: [result: One],
    properties: [dimension: Required],
    traits: [PURE],
    verify: verify_dim_builtin,
}

op! {
    /// `blockDim.{x,y,z}`: the number of threads of a block.
    BlockDimOp = "cuda.block_dim",
    results: [result: One],
    properties: [dimension: Required],
    traits: [PURE],
    verify: verify_dim_builtin,
}

op! {
    /// `gridDim.{x,y,z}`: the number of blocks of the grid.
    GridDimOp = "cuda.grid_dim",
    results: [result: One],
    properties: [dimension: Required],
    traits: [PURE],
    verify: verify_dim_builtin,
}

op! {
    /// PTX `%laneid`: this thread's lane in its warp, 0..32.
    LaneIdOp = "cuda.lane_id",
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| expect_result_i32(ctx, op),
}

op! {
    /// `warpSize`: always 32.
    WarpSizeOp = "cuda.warp_size",
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| expect_result_i32(ctx, op),
}

// ---- barriers and fences --------------------------------------------------------

op! {
    /// `__syncthreads()`: wait until every thread of the block gets here; orders its memory accesses.
    SyncThreadsOp = "cuda.syncthreads",
}

op! {
    /// `__syncthreads_count(p)`: a block barrier returning how many threads had `p` true.
    SyncThreadsCountOp = "cuda.syncthreads_count",
    operands: [predicate: One],
    results: [result: One],
    verify: verify_sync_reduce,
}

op! {
    /// `__syncthreads_and(p)`: a block barrier returning 1 iff `p` is true for every thread.
    SyncThreadsAndOp = "cuda.syncthreads_and",
    operands: [predicate: One],
    results: [result: One],
    verify: verify_sync_reduce,
}

op! {
    /// `__syncthreads_or(p)`: a block barrier returning 1 iff `p` is true for some thread.
    SyncThreadsOrOp = "cuda.syncthreads_or",
    operands: [predicate: One],
    results: [result: One],
    verify: verify_sync_reduce,
}

op! {
    /// `__syncwarp(mask)`: the lanes in `mask` (i32) wait for one another.
    SyncWarpOp = "cuda.syncwarp",
    operands: [mask: One],
    verify: |ctx, op| expect_i32(ctx, op, ctx.operand(op, 0), "mask"),
}

op! {
    /// `__threadfence{_block,,_system}()`: orders this thread's memory accesses (scope defaults to device).
    ThreadFenceOp = "cuda.threadfence",
    properties: [scope: Optional],
    verify: |ctx, op| Scope::from_prop(ctx, op, "scope").map(|_| ()),
}

// ---- warp operations ---------------------------------------------------------------

op! {
    /// `__shfl{,_up,_down,_xor}_sync(mask, value, lane, width)`: read `value` from another lane.
    ///
    /// `lane` is the source lane (`idx`), the delta (`up`/`down`) or the lane mask
    /// (`xor`). `width` (a power of two up to 32) splits the warp into segments; it
    /// defaults to 32 when the operand is absent, as CUDA's default argument does.
    /// `value` is a 32- or 64-bit integer or float, `f16`, or `vector<2xf16>`; the
    /// result has its type. Unlike `gpu.shuffle` there is no validity result.
    ShflSyncOp = "cuda.shfl_sync",
    operands: [mask: One, value: One, lane: One, width: Optional],
    results: [result: One],
    properties: [mode: Required],
    traits: [NO_MEMORY_EFFECT],
    verify: verify_shfl,
}

op! {
    /// `__{any,all,uni,ballot}_sync(mask, predicate)`: a vote over the lanes in `mask`.
    ///
    /// `any`/`all`/`uni` give an `i1`, `ballot` the `i32` bit set of lanes whose predicate is true.
    VoteSyncOp = "cuda.vote_sync",
    operands: [mask: One, predicate: One],
    results: [result: One],
    properties: [mode: Required],
    traits: [NO_MEMORY_EFFECT],
    verify: verify_vote,
}

// ---- atomics -------------------------------------------------------------------------

op! {
    /// `atomic{Add,Sub,Min,Max,And,Or,Xor,Exch,Inc,Dec}(ptr, value)`: returns the old value.
    AtomicRmwOp = "cuda.atomic_rmw",
    operands: [ptr: One, value: One],
    results: [result: One],
    properties: [kind: Required, scope: Optional],
    verify: verify_atomic_rmw,
    effects: read_write_ptr,
}

op! {
    /// `atomicCAS(ptr, compare, value)`: stores `value` if `*ptr == compare`; returns the old value.
    AtomicCasOp = "cuda.atomic_cas",
    operands: [ptr: One, compare: One, value: One],
    results: [result: One],
    properties: [scope: Optional],
    verify: verify_atomic_cas,
    effects: read_write_ptr,
}

// ---- memory ----------------------------------------------------------------------------

op! {
    /// `__ldg(ptr)`: a load through the read-only data cache; memory must not change during the kernel.
    LdgOp = "cuda.ldg",
    operands: [ptr: One],
    results: [result: One],
    verify: verify_ldg,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// A static `__shared__ T name[count]` of the kernel: a pointer to the block's copy.
    ///
    /// Each op is its own variable (`name` is for reading only and need not be
    /// unique); every execution in a block yields the same address.
    SharedAllocOp = "cuda.shared_alloc",
    results: [result: One],
    properties: [name: Required, element_type: Required, count: Required, alignment: Optional],
    verify: verify_shared_alloc,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
}

op! {
    /// A local variable `T x[count]` of one thread (C's automatic storage): a
    /// fresh slot per execution, private to the thread. `mem2reg` promotes the
    /// slots that are only loaded and stored.
    AllocaOp = "cuda.alloca",
    results: [result: One],
    properties: [element_type: Required, count: Required, alignment: Optional],
    verify: verify_slot,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
}

op! {
    /// `extern __shared__ T name[]`: the base of the block's dynamic shared memory (launch-time size).
    DynamicSharedOp = "cuda.dynamic_shared",
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| expect_ptr(ctx, op, ctx.result(op, 0), "result"),
}

op! {
    /// A module-level `__constant__` or `__device__` variable `T sym_name[count]`, with an optional initializer.
    ///
    /// `initial_value` is a `dense<...>` attribute of `count` elements of `element_type`,
    /// or, for pointers in space `host`, an array of `count` addresses (see [`Address`]):
    /// a string (the address of a NUL-terminated copy, as a C string literal), a
    /// symbol reference `@name` (a function's or a variable's address), or `#ptr.null`;
    /// `alignment` (a power of two, bytes) is the variable's, when more than its element's.
    GlobalVarOp = "cuda.global_var",
    properties: [sym_name: Required, element_type: Required, count: Required, space: Required, initial_value: Optional, alignment: Optional],
    traits: [SYMBOL],
    verify: verify_global_var,
}

op! {
    /// The address of the `cuda.global_var` named `global_name`.
    GlobalAddrOp = "cuda.global_addr",
    results: [result: One],
    properties: [global_name: Required],
    traits: [PURE],
    verify: verify_global_addr,
}

// ---- math --------------------------------------------------------------------------------

op! {
    /// A fast single-precision intrinsic (`__expf`, `__sinf`, `__fdividef`, ...); see [`FastMath`] for the precision.
    FastMathOp = "cuda.fast_math",
    operands: [operands: Variadic],
    results: [result: One],
    properties: [intrinsic: Required],
    traits: [PURE],
    verify: verify_fast_math,
}

// ---- PTX-level operations ------------------------------------------------------------

op! {
    /// An IEEE operation (`op`) correctly rounded in direction `rounding`, for the
    /// rounding modes arith cannot express (`add.rz.f32`, `cvt.rm.f32.s32`, ...).
    ///
    /// Operands and result are one float type, except `sitofp`/`uitofp`, which take
    /// an integer.
    RoundedOp = "cuda.rounded",
    operands: [operands: Variadic],
    results: [result: One],
    properties: [op: Required, rounding: Required],
    traits: [PURE],
    verify: verify_rounded,
}

op! {
    /// A PTX approximate instruction (`function`, see [`Approx`] for its error bounds)
    /// on `f32` (`rcp`, `sqrt`, `rsqrt` also on `f64`; `ex2`, `tanh` also on `f16`).
    ApproxOp = "cuda.approx",
    operands: [operands: Variadic],
    results: [result: One],
    properties: [function: Required],
    traits: [PURE],
    verify: verify_approx,
}

op! {
    /// PTX's `.ftz`: a subnormal `operand` becomes a zero of its sign; other values pass unchanged.
    FlushDenormalOp = "cuda.flush_denormal",
    operands: [operand: One],
    results: [result: One],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE],
    verify: |ctx, op| expect_float(ctx, op, ctx.operand(op, 0), "operand"),
}

op! {
    /// Float to signed integer, rounding toward zero and saturating: out-of-range values
    /// give the type's minimum or maximum, NaN gives 0 (PTX's `cvt.rzi.sN.fM`).
    FpToSiSatOp = "cuda.fptosi_sat",
    operands: [operand: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_fp_to_int,
}

op! {
    /// Float to unsigned integer, rounding toward zero and saturating: negative values give
    /// 0, too large ones the maximum, NaN 0 (PTX's `cvt.rzi.uN.fM`).
    FpToUiSatOp = "cuda.fptoui_sat",
    operands: [operand: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_fp_to_int,
}

op! {
    /// PTX `bfe`: bits `pos .. pos+len` of `value` (pos and len taken modulo 256 from
    /// i32 operands, bits past the msb dropped), zero-extended, or sign-extended from the
    /// last extracted bit when `signed` is set (`len == 0` gives 0).
    BfeOp = "cuda.bfe",
    operands: [value: One, pos: One, len: One],
    results: [result: One],
    properties: [signed: Optional],
    traits: [PURE],
    verify: verify_bits,
}

op! {
    /// PTX `bfi`: `base` with bits `pos .. pos+len` replaced by the low bits of `insert`
    /// (pos and len modulo 256, bits past the msb dropped).
    BfiOp = "cuda.bfi",
    operands: [insert: One, base: One, pos: One, len: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_bits,
}

op! {
    /// PTX `prmt.b32`: four bytes picked from the eight bytes of `{b, a}` by `selector`
    /// (generic mode: nibble i selects byte i, its bit 3 replicates the sign), or by `mode`.
    PrmtOp = "cuda.prmt",
    operands: [a: One, b: One, selector: One],
    results: [result: One],
    properties: [mode: Optional],
    traits: [PURE],
    verify: verify_prmt,
}

op! {
    /// PTX `brev`: the bits of a 32- or 64-bit integer in reverse order.
    BrevOp = "cuda.brev",
    operands: [operand: One],
    results: [result: One],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE],
    verify: verify_bits,
}

op! {
    /// `__activemask()` / PTX `activemask.b32`: the lanes of the warp executing this op (i32).
    ///
    /// No traits (effects unknown): its value depends on where it runs, so it
    /// must not be merged with another one (CSE), moved out of a branch or
    /// loop, or speculated. (`vote_sync`, `shfl_sync` and `redux_sync` may:
    /// every lane of their mask runs each of them, so two with the same
    /// operands give the same result.)
    ActiveMaskOp = "cuda.activemask",
    results: [result: One],
    verify: |ctx, op| expect_result_i32(ctx, op),
}

op! {
    /// PTX `redux.sync`: the `kind` reduction of the i32 `value` over the lanes in `mask`.
    ReduxSyncOp = "cuda.redux_sync",
    operands: [mask: One, value: One],
    results: [result: One],
    properties: [kind: Required],
    traits: [NO_MEMORY_EFFECT],
    verify: verify_redux,
}

op! {
    /// PTX `bar.sync`/`bar.arrive` on named barrier `id` (i32, 0..16) for `count` threads
    /// (i32, a multiple of 32; absent: every thread of the block). With `arrive` the
    /// thread does not wait. Barrier 0 without `count` and without `arrive` is `cuda.syncthreads`.
    BarrierOp = "cuda.barrier",
    operands: [id: One, count: Optional],
    properties: [arrive: Optional],
    verify: verify_barrier,
}

op! {
    /// PTX `cvta`: the same memory byte named in another address space (as LLVM's
    /// `addrspacecast`): a shared/local/constant pointer to a generic one or back.
    AddrSpaceCastOp = "cuda.addrspace_cast",
    operands: [ptr: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| {
        expect_ptr(ctx, op, ctx.operand(op, 0), "ptr")?;
        expect_ptr(ctx, op, ctx.result(op, 0), "result")
    },
}

op! {
    /// Read a hardware special register (`register`, see [`SpecialReg`]); the value may
    /// differ between two reads, so the op is never merged or moved.
    ReadSregOp = "cuda.read_sreg",
    results: [result: One],
    properties: [register: Required],
    verify: verify_sreg,
}

// ---- host code: the CUDA runtime API and the C library ---------------------------------
//
// Host functions are `func.func`s of the top-level module. The runtime calls
// (`cuda.rt_*`) and launches (`cuda.launch`) are what the CPU path's JIT turns
// into calls of cuwasm's runtime; `cuda.libc_*` are the C library functions it
// resolves from the process. Every runtime op that CUDA declares returning
// `cudaError_t` has an `i32` `error` result (0 = `cudaSuccess`, else the
// `cudaError` code): a failure is returned, never hidden. Ops without an
// effect summary (synchronize, last error, launch, printf, exit) count as
// touching all memory, so no pass moves or deletes them.

op! {
    /// `cudaMalloc(&p, size)`: allocate `size` (i64) bytes of device memory. Results:
    /// the pointer (null on failure) and the error code (`i32`); the frontend
    /// stores the pointer into `*devPtr`.
    RtMallocOp = "cuda.rt_malloc",
    operands: [size: One],
    results: [ptr: One, error: One],
    verify: verify_rt_malloc,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
}

op! {
    /// `cudaMallocManaged(&p, size, flags)`: allocate `size` (i64) bytes of managed
    /// memory, addressable from host and device; `flags` (i32) is
    /// `cudaMemAttachGlobal` (1) or `cudaMemAttachHost` (2). Results as `cuda.rt_malloc`.
    RtMallocManagedOp = "cuda.rt_malloc_managed",
    operands: [size: One, flags: One],
    results: [ptr: One, error: One],
    verify: verify_rt_malloc,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
}

op! {
    /// `cudaFree(p)`: free device or managed memory (a null `ptr` is a no-op); the
    /// `i32` error code (`cudaErrorInvalidDevicePointer` for a pointer not allocated).
    RtFreeOp = "cuda.rt_free",
    operands: [ptr: One],
    results: [error: One],
    verify: |ctx, op| { expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'ptr'")?; expect_i32(ctx, op, ctx.result(op, 0), "result 'error'") },
    effects: |ctx, op| vec![Effect { kind: EffectKind::Free, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// `cudaMemcpy(dst, src, count, kind)`: copy `count` (i64) bytes from `src` to
    /// `dst` in the direction `kind` (`#cuda<memcpy_kind host_to_device>`, ...,
    /// `default` infers it from the pointers); synchronous with the host. The `i32`
    /// error code (`cudaErrorInvalidValue`, `cudaErrorInvalidMemcpyDirection`, ...).
    RtMemcpyOp = "cuda.rt_memcpy",
    operands: [dst: One, src: One, count: One],
    results: [error: One],
    properties: [kind: Required],
    verify: verify_rt_memcpy,
    effects: |ctx, op| vec![
        Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) },
        Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 1)) },
    ],
}

op! {
    /// `cudaMemset(ptr, value, count)`: set `count` (i64) bytes of device memory at
    /// `ptr` to the low byte of `value` (i32); the `i32` error code.
    RtMemsetOp = "cuda.rt_memset",
    operands: [ptr: One, value: One, count: One],
    results: [error: One],
    verify: verify_rt_memset,
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// `cudaMemcpyToSymbol(symbol, src, count, offset, kind)`: copy `count` (i64)
    /// bytes from `src` to `offset` (i64) bytes into the `cuda.global_var` named
    /// `symbol` (`@module::@name`); `kind` is `host_to_device` (CUDA's default),
    /// `device_to_device` or `default`. Synchronous with the host; the `i32` error code.
    RtMemcpyToSymbolOp = "cuda.rt_memcpy_to_symbol",
    operands: [src: One, count: One, offset: One],
    results: [error: One],
    properties: [symbol: Required, kind: Required],
    verify: verify_rt_memcpy_symbol,
    effects: |ctx, op| vec![
        Effect { kind: EffectKind::Write, on: None },
        Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 0)) },
    ],
}

op! {
    /// `cudaMemcpyFromSymbol(dst, symbol, count, offset, kind)`: copy `count` (i64)
    /// bytes from `offset` (i64) bytes into the `cuda.global_var` named `symbol`
    /// (`@module::@name`) to `dst`; `kind` is `device_to_host` (CUDA's default),
    /// `device_to_device` or `default`. Synchronous with the host; the `i32` error code.
    RtMemcpyFromSymbolOp = "cuda.rt_memcpy_from_symbol",
    operands: [dst: One, count: One, offset: One],
    results: [error: One],
    properties: [symbol: Required, kind: Required],
    verify: verify_rt_memcpy_symbol,
    effects: |ctx, op| vec![
        Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) },
        Effect { kind: EffectKind::Read, on: None },
    ],
}

op! {
    /// `cudaDeviceSynchronize()`: wait until every launched kernel and copy has
    /// finished; the `i32` error code (a kernel's failure, e.g. `cudaErrorIllegalAddress`).
    RtDeviceSynchronizeOp = "cuda.rt_device_synchronize",
    results: [error: One],
    verify: |ctx, op| expect_i32(ctx, op, ctx.result(op, 0), "result 'error'"),
}

op! {
    /// `cudaGetLastError()`: the last error a runtime call or launch produced
    /// (`i32`), resetting it to `cudaSuccess`.
    RtGetLastErrorOp = "cuda.rt_get_last_error",
    results: [error: One],
    verify: |ctx, op| expect_i32(ctx, op, ctx.result(op, 0), "result 'error'"),
}

op! {
    /// `cudaPeekAtLastError()`: the last error (`i32`), left as it is.
    RtPeekAtLastErrorOp = "cuda.rt_peek_at_last_error",
    results: [error: One],
    verify: |ctx, op| expect_i32(ctx, op, ctx.result(op, 0), "result 'error'"),
}

op! {
    /// `cudaGetErrorString(error)`: a pointer to the static NUL-terminated
    /// description of the `i32` error code (unknown codes get a generic text).
    RtGetErrorStringOp = "cuda.rt_get_error_string",
    operands: [error: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| { expect_i32(ctx, op, ctx.operand(op, 0), "operand 'error'")?; expect_ptr(ctx, op, ctx.result(op, 0), "result") },
}

op! {
    /// `cudaGetDeviceCount(&count)`: the devices the runtime drives (`i32`), and
    /// the error code; the frontend stores the count into `*count`.
    RtGetDeviceCountOp = "cuda.rt_get_device_count",
    results: [count: One, error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[], &[Kind::I32, Kind::I32]),
}

op! {
    /// `cudaSetDevice(device)`: make device `device` (i32) current; the `i32`
    /// error code (`cudaErrorInvalidDevice` for one the runtime does not have).
    RtSetDeviceOp = "cuda.rt_set_device",
    operands: [device: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::I32], &[Kind::I32]),
}

op! {
    /// `cudaGetDevice(&device)`: the current device (`i32`) and the error code.
    RtGetDeviceOp = "cuda.rt_get_device",
    results: [device: One, error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[], &[Kind::I32, Kind::I32]),
}

op! {
    /// `cudaGetDeviceProperties(prop, device)`: fill the `struct cudaDeviceProp`
    /// at `prop` (as cuwasm's `driver_types.h` lays it out) with what device
    /// `device` (i32) reports; the `i32` error code.
    RtGetDevicePropertiesOp = "cuda.rt_get_device_properties",
    operands: [prop: One, device: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr, Kind::I32], &[Kind::I32]),
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// `cudaStreamCreate(&stream)`: a new stream (a `!ptr.ptr` handle) and the
    /// error code; the frontend stores the handle into `*stream`.
    RtStreamCreateOp = "cuda.rt_stream_create",
    results: [stream: One, error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[], &[Kind::Ptr, Kind::I32]),
}

op! {
    /// `cudaStreamSynchronize(stream)`: wait for the work queued on `stream`
    /// (null: the default stream); the `i32` error code (a kernel's failure too).
    RtStreamSynchronizeOp = "cuda.rt_stream_synchronize",
    operands: [stream: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr], &[Kind::I32]),
}

op! {
    /// `cudaStreamDestroy(stream)`; the `i32` error code
    /// (`cudaErrorInvalidResourceHandle` for a stream that is not live).
    RtStreamDestroyOp = "cuda.rt_stream_destroy",
    operands: [stream: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr], &[Kind::I32]),
}

op! {
    /// `cudaEventCreate(&event)`: a new event (a `!ptr.ptr` handle) and the
    /// error code; the frontend stores the handle into `*event`.
    RtEventCreateOp = "cuda.rt_event_create",
    results: [event: One, error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[], &[Kind::Ptr, Kind::I32]),
}

op! {
    /// `cudaEventRecord(event, stream)`: `event` completes when the work queued
    /// on `stream` (null: the default stream) before it has; the `i32` error code.
    RtEventRecordOp = "cuda.rt_event_record",
    operands: [event: One, stream: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr, Kind::Ptr], &[Kind::I32]),
}

op! {
    /// `cudaEventSynchronize(event)`: wait until `event` has completed; the
    /// `i32` error code.
    RtEventSynchronizeOp = "cuda.rt_event_synchronize",
    operands: [event: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr], &[Kind::I32]),
}

op! {
    /// `cudaEventElapsedTime(&ms, start, end)`: the milliseconds (`f32`) between
    /// two completed events, by the device's timer, and the error code
    /// (`cudaErrorInvalidResourceHandle` for an event never recorded); the
    /// frontend stores the time into `*ms`.
    RtEventElapsedTimeOp = "cuda.rt_event_elapsed_time",
    operands: [start: One, end: One],
    results: [ms: One, error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr, Kind::Ptr], &[Kind::F32, Kind::I32]),
}

op! {
    /// `cudaEventDestroy(event)`; the `i32` error code.
    RtEventDestroyOp = "cuda.rt_event_destroy",
    operands: [event: One],
    results: [error: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr], &[Kind::I32]),
}

op! {
    /// `kernel<<<grid, block, shared_bytes, stream>>>(args...)`: launch the
    /// `gpu.func` named `kernel` (`@module::@kernel`) on a grid of
    /// `grid_x*grid_y*grid_z` blocks of `block_x*block_y*block_z` threads (all i32,
    /// read as unsigned), with `shared_bytes` (i64) of dynamic shared memory on
    /// `stream` (a `!ptr.ptr`, null for the default stream); `args` are the
    /// kernel's arguments in order, of its parameter types. Asynchronous: it
    /// returns nothing, a bad configuration or a failing kernel is reported by
    /// `cuda.rt_get_last_error` / `cuda.rt_device_synchronize`.
    LaunchOp = "cuda.launch",
    operands: [grid_x: One, grid_y: One, grid_z: One, block_x: One, block_y: One, block_z: One, shared_bytes: One, stream: One, args: Variadic],
    properties: [kernel: Required],
    verify: verify_launch,
}

op! {
    /// C's `malloc(size)`: `size` (i64) bytes of host memory, or null.
    LibcMallocOp = "cuda.libc_malloc",
    operands: [size: One],
    results: [result: One],
    verify: |ctx, op| { expect_i64(ctx, op, ctx.operand(op, 0), "operand 'size'")?; expect_ptr(ctx, op, ctx.result(op, 0), "result") },
    effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
}

op! {
    /// C's `free(ptr)`: release host memory from `cuda.libc_malloc` (null: no-op).
    LibcFreeOp = "cuda.libc_free",
    operands: [ptr: One],
    verify: |ctx, op| expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'ptr'"),
    effects: |ctx, op| vec![Effect { kind: EffectKind::Free, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// C's `memset(ptr, value, count)`: set `count` (i64) bytes of host memory at
    /// `ptr` to `(unsigned char)value` (`value` i32); the result is `ptr`.
    LibcMemsetOp = "cuda.libc_memset",
    operands: [ptr: One, value: One, count: One],
    results: [result: One],
    verify: |ctx, op| {
        expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'ptr'")?;
        expect_i32(ctx, op, ctx.operand(op, 1), "operand 'value'")?;
        expect_i64(ctx, op, ctx.operand(op, 2), "operand 'count'")?;
        expect_ptr(ctx, op, ctx.result(op, 0), "result")
    },
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// C's `memcpy(dst, src, count)`: copy `count` (i64) bytes of host memory from
    /// `src` to `dst` (the two must not overlap); the result is `dst`.
    LibcMemcpyOp = "cuda.libc_memcpy",
    operands: [dst: One, src: One, count: One],
    results: [result: One],
    verify: |ctx, op| {
        expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'dst'")?;
        expect_ptr(ctx, op, ctx.operand(op, 1), "operand 'src'")?;
        expect_i64(ctx, op, ctx.operand(op, 2), "operand 'count'")?;
        expect_ptr(ctx, op, ctx.result(op, 0), "result")
    },
    effects: |ctx, op| vec![
        Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 0)) },
        Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 1)) },
    ],
}

op! {
    /// C's `printf(format, args...)` (`stream` `#cuda<stream stdout>`) and
    /// `fprintf(stderr, ...)` (`#cuda<stream stderr>`): `format` is the format
    /// string (a string attribute), `args` the values after C's default argument
    /// promotions (i32/i64 integers, f64, `!ptr.ptr` for `%s`/`%p`). Result: the
    /// number of bytes written, or negative on error (i32).
    LibcPrintfOp = "cuda.libc_printf",
    operands: [args: Variadic],
    results: [result: One],
    properties: [format: Required, stream: Required],
    verify: verify_printf,
}

op! {
    /// C's `exit(status)` (i32): flush the C streams and end the program with
    /// `status`; control does not come back (what follows is unreachable).
    LibcExitOp = "cuda.libc_exit",
    operands: [status: One],
    verify: |ctx, op| expect_i32(ctx, op, ctx.operand(op, 0), "operand 'status'"),
}

op! {
    /// C's `qsort(base, count, size, compare)`: sort `count` (i64) elements of
    /// `size` (i64) bytes at `base` with the host function at `compare`
    /// (`int (*)(const void *, const void *)`, a `!ptr.ptr`). The comparison
    /// may do anything, so the op counts as touching all memory.
    LibcQsortOp = "cuda.libc_qsort",
    operands: [base: One, count: One, size: One, compare: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr, Kind::I64, Kind::I64, Kind::Ptr], &[]),
}

op! {
    /// C's `clock()`: the processor time the program has used, in
    /// `CLOCKS_PER_SEC` (1000000) units (i64), or -1 when it is not known.
    LibcClockOp = "cuda.libc_clock",
    results: [result: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[], &[Kind::I64]),
}

op! {
    /// C's `time(t)`: the seconds since the Unix epoch (i64), also stored at
    /// `t` (a `!ptr.ptr` to an i64) unless it is null.
    LibcTimeOp = "cuda.libc_time",
    operands: [t: One],
    results: [result: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr], &[Kind::I64]),
}

op! {
    /// POSIX's `gettimeofday(tv, tz)`: the wall-clock time stored at `tv` (a
    /// `struct timeval`: i64 seconds, i64 microseconds); `tz` is ignored (null
    /// in any program POSIX still allows). Result: 0, or -1 on error (i32).
    LibcGettimeofdayOp = "cuda.libc_gettimeofday",
    operands: [tv: One, tz: One],
    results: [result: One],
    verify: |ctx, op| verify_rt_types(ctx, op, &[Kind::Ptr, Kind::Ptr], &[Kind::I32]),
}

op! {
    /// The address of the function `callee` (a `func.func` of the module), as a
    /// `!ptr.ptr`: a C function pointer of host code.
    FuncAddrOp = "cuda.func_addr",
    results: [result: One],
    properties: [callee: Required],
    traits: [PURE],
    verify: verify_func_addr,
}

op! {
    /// A call through a function pointer: `callee` (a `!ptr.ptr`, the address of
    /// a function of type `function_type`) applied to `args`, giving the
    /// function's results. Calling through an address of a function of another
    /// type is undefined, as in C.
    CallIndirectOp = "cuda.call_indirect",
    operands: [callee: One, args: Variadic],
    results: [results: Variadic],
    properties: [function_type: Required],
    verify: verify_call_indirect,
}

op! {
    /// A C string literal: the address of a constant NUL-terminated `char` array
    /// with static storage duration holding `value` (a string attribute) and a NUL.
    StringLiteralOp = "cuda.string_literal",
    results: [result: One],
    properties: [value: Required],
    traits: [PURE],
    verify: |ctx, op| {
        if ctx.prop(op, "value").and_then(|a| ctx.attr_str(a)).is_none() {
            return Err(ctx.op_error(op, "property 'value' must be a string"));
        }
        expect_ptr(ctx, op, ctx.result(op, 0), "result")
    },
}

// ---- verifiers -------------------------------------------------------------------------------

fn type_str(ctx: &Context, ty: Type) -> String {
    ctx.type_to_string(ty)
}

fn expect_i32(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if ty == ctx.i32() {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!("{what} must be i32, but got '{}'", type_str(ctx, ty)),
        ))
    }
}

fn expect_result_i32(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_i32(ctx, op, ctx.result(op, 0), "result")
}

fn expect_ptr(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if is_ptr(ctx, ty) {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!("{what} must be a !ptr.ptr, but got '{}'", type_str(ctx, ty)),
        ))
    }
}

fn expect_i64(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if ty == ctx.i64() {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!("{what} must be i64, but got '{}'", type_str(ctx, ty)),
        ))
    }
}

fn verify_rt_malloc(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_i64(ctx, op, ctx.operand(op, 0), "operand 'size'")?;
    if ctx.num_operands(op) == 2 {
        expect_i32(ctx, op, ctx.operand(op, 1), "operand 'flags'")?;
    }
    expect_ptr(ctx, op, ctx.result(op, 0), "result 'ptr'")?;
    expect_i32(ctx, op, ctx.result(op, 1), "result 'error'")
}

fn verify_rt_memcpy(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'dst'")?;
    expect_ptr(ctx, op, ctx.operand(op, 1), "operand 'src'")?;
    expect_i64(ctx, op, ctx.operand(op, 2), "operand 'count'")?;
    if MemcpyKind::from_prop(ctx, op, "kind")?.is_none() {
        return Err(ctx.op_error(op, "property 'kind' is required"));
    }
    expect_i32(ctx, op, ctx.result(op, 0), "result 'error'")
}

fn verify_rt_memset(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'ptr'")?;
    expect_i32(ctx, op, ctx.operand(op, 1), "operand 'value'")?;
    expect_i64(ctx, op, ctx.operand(op, 2), "operand 'count'")?;
    expect_i32(ctx, op, ctx.result(op, 0), "result 'error'")
}

fn verify_rt_memcpy_symbol(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_ptr(ctx, op, ctx.operand(op, 0), "operand 0")?;
    expect_i64(ctx, op, ctx.operand(op, 1), "operand 'count'")?;
    expect_i64(ctx, op, ctx.operand(op, 2), "operand 'offset'")?;
    if MemcpyKind::from_prop(ctx, op, "kind")?.is_none() {
        return Err(ctx.op_error(op, "property 'kind' is required"));
    }
    let sym = ctx.prop(op, "symbol").map(|a| ctx.attr_data(a));
    if !matches!(sym, Some(AttrData::SymbolRef { nested, .. }) if nested.len() == 1) {
        return Err(ctx.op_error(
            op,
            "property 'symbol' must be a nested symbol reference @module::@name",
        ));
    }
    expect_i32(ctx, op, ctx.result(op, 0), "result 'error'")
}

/// The value kinds of the runtime ops' operands and results.
#[derive(Clone, Copy)]
enum Kind {
    I32,
    I64,
    F32,
    Ptr,
}

/// `op`'s operands and results are of `operands` and `results` kinds.
fn verify_rt_types(
    ctx: &Context,
    op: OpId,
    operands: &[Kind],
    results: &[Kind],
) -> Result<(), Diagnostic> {
    let check = |v: ValueId, kind: Kind, what: String| match kind {
        Kind::I32 => expect_i32(ctx, op, v, &what),
        Kind::I64 => expect_i64(ctx, op, v, &what),
        Kind::Ptr => expect_ptr(ctx, op, v, &what),
        Kind::F32 if ctx.value_type(v) == ctx.f32() => Ok(()),
        Kind::F32 => Err(ctx.op_error(
            op,
            format!(
                "{what} must be f32, but got '{}'",
                type_str(ctx, ctx.value_type(v))
            ),
        )),
    };
    for (i, &k) in operands.iter().enumerate() {
        check(ctx.operand(op, i), k, format!("operand #{i}"))?;
    }
    for (i, &k) in results.iter().enumerate() {
        check(ctx.result(op, i), k, format!("result #{i}"))?;
    }
    Ok(())
}

fn verify_func_addr(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let sym = ctx
        .prop(op, "callee")
        .filter(|&a| matches!(ctx.attr_data(a), AttrData::SymbolRef { .. }))
        .ok_or_else(|| ctx.op_error(op, "property 'callee' must be a symbol reference"))?;
    let target = ctx.lookup_symbol_from(op, sym);
    if !target.is_some_and(|t| ctx.is_op(t, "func.func")) {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' does not reference a 'func.func'",
                ctx.attr_to_string(sym)
            ),
        ));
    }
    expect_ptr(ctx, op, ctx.result(op, 0), "result")
}

fn verify_call_indirect(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_ptr(ctx, op, ctx.operand(op, 0), "operand 'callee'")?;
    let ty = ctx.prop(op, "function_type").and_then(|a| ctx.attr_type(a));
    let Some(TypeData::Function { inputs, results }) = ty.map(|t| ctx.type_data(t)) else {
        return Err(ctx.op_error(op, "property 'function_type' must be a function type"));
    };
    if ctx.operand_types(op)[1..] != inputs[..] || ctx.result_types(op) != *results {
        return Err(ctx.op_error(op, "argument or result types do not match 'function_type'"));
    }
    Ok(())
}

fn verify_launch(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let names = [
        "grid_x", "grid_y", "grid_z", "block_x", "block_y", "block_z",
    ];
    for (i, n) in names.iter().enumerate() {
        expect_i32(ctx, op, ctx.operand(op, i), &format!("operand '{n}'"))?;
    }
    expect_i64(ctx, op, ctx.operand(op, 6), "operand 'shared_bytes'")?;
    expect_ptr(ctx, op, ctx.operand(op, 7), "operand 'stream'")?;
    let nested = ctx.prop(op, "kernel").map(|a| ctx.attr_data(a));
    if !matches!(nested, Some(AttrData::SymbolRef { nested, .. }) if nested.len() == 1) {
        return Err(ctx.op_error(
            op,
            "property 'kernel' must be a nested symbol reference @module::@kernel",
        ));
    }
    Ok(())
}

fn verify_printf(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    if ctx
        .prop(op, "format")
        .and_then(|a| ctx.attr_str(a))
        .is_none()
    {
        return Err(ctx.op_error(op, "property 'format' must be a string"));
    }
    if OutStream::from_prop(ctx, op, "stream")?.is_none() {
        return Err(ctx.op_error(op, "property 'stream' is required"));
    }
    for &v in ctx.operands(op) {
        let ty = ctx.value_type(v);
        let ok = ty == ctx.i32() || ty == ctx.i64() || ty == ctx.f64() || is_ptr(ctx, ty);
        if !ok {
            return Err(ctx.op_error(
                op,
                format!(
                    "printf arguments must be i32, i64, f64 or !ptr.ptr (promoted), but got '{}'",
                    type_str(ctx, ty)
                ),
            ));
        }
    }
    expect_i32(ctx, op, ctx.result(op, 0), "result")
}

fn verify_dim_builtin(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    Dim::from_prop(ctx, op, "dimension")?;
    expect_result_i32(ctx, op)
}

fn verify_sync_reduce(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let p = ctx.value_type(ctx.operand(op, 0));
    if p != ctx.i1() {
        return Err(ctx.op_error(
            op,
            format!("predicate must be i1, but got '{}'", type_str(ctx, p)),
        ));
    }
    expect_result_i32(ctx, op)
}

fn verify_shfl(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    ShflMode::from_prop(ctx, op, "mode")?;
    let view = ShflSyncOp(op);
    expect_i32(ctx, op, view.mask(ctx), "mask")?;
    expect_i32(ctx, op, view.lane(ctx), "lane")?;
    if let Some(w) = view.width(ctx) {
        expect_i32(ctx, op, w, "width")?;
    }
    let ty = ctx.value_type(view.value(ctx));
    let ok = match ctx.type_data(ty) {
        TypeData::Integer { width, .. } => matches!(width, 32 | 64),
        TypeData::Float(_) => true,
        TypeData::Vector { shape, element, .. } => {
            shape[..] == [2] && ctx.float_kind(*element) == Some(cuwasm::FloatKind::F16)
        }
        _ => false,
    };
    if !ok {
        return Err(ctx.op_error(
            op,
            format!(
                "value must be a 32/64-bit integer, a float or vector<2xf16>, but got '{}'",
                type_str(ctx, ty)
            ),
        ));
    }
    if ctx.value_type(view.result(ctx)) != ty {
        return Err(ctx.op_error(op, "result type must match the value type"));
    }
    Ok(())
}

fn verify_vote(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let mode = VoteMode::from_prop(ctx, op, "mode")?;
    expect_i32(ctx, op, ctx.operand(op, 0), "mask")?;
    let p = ctx.value_type(ctx.operand(op, 1));
    if p != ctx.i1() {
        return Err(ctx.op_error(
            op,
            format!("predicate must be i1, but got '{}'", type_str(ctx, p)),
        ));
    }
    let want = if mode == Some(VoteMode::Ballot) {
        ctx.i32()
    } else {
        ctx.i1()
    };
    let got = ctx.value_type(ctx.result(op, 0));
    if got != want {
        let kw = mode.map_or("?", |m| m.keyword());
        return Err(ctx.op_error(
            op,
            format!(
                "result of a '{kw}' vote must be {}, but got '{}'",
                type_str(ctx, want),
                type_str(ctx, got)
            ),
        ));
    }
    Ok(())
}

fn read_write_ptr(ctx: &Context, op: OpId) -> Vec<Effect> {
    let p = Some(ctx.operand(op, 0));
    vec![
        Effect {
            kind: EffectKind::Read,
            on: p,
        },
        Effect {
            kind: EffectKind::Write,
            on: p,
        },
    ]
}

fn verify_atomic_rmw(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let kind = AtomicKind::from_prop(ctx, op, "kind")?;
    Scope::from_prop(ctx, op, "scope")?;
    expect_ptr(ctx, op, ctx.operand(op, 0), "ptr")?;
    let ty = ctx.value_type(ctx.operand(op, 1));
    if ctx.value_type(ctx.result(op, 0)) != ty {
        return Err(ctx.op_error(op, "result type must match the value type"));
    }
    let int = ctx.int_width(ty);
    let float = ctx.float_kind(ty);
    let ok = match kind {
        Some(AtomicKind::Add) => matches!(int, Some(32 | 64)) || float.is_some(),
        Some(AtomicKind::Sub | AtomicKind::Inc | AtomicKind::Dec) => int == Some(32),
        Some(AtomicKind::Exch) => {
            matches!(int, Some(32 | 64)) || float == Some(cuwasm::FloatKind::F32)
        }
        _ => matches!(int, Some(32 | 64)),
    };
    if !ok {
        let kw = kind.map_or("?", |k| k.keyword());
        return Err(ctx.op_error(
            op,
            format!("atomic '{kw}' is not defined on '{}'", type_str(ctx, ty)),
        ));
    }
    Ok(())
}

fn verify_atomic_cas(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    Scope::from_prop(ctx, op, "scope")?;
    expect_ptr(ctx, op, ctx.operand(op, 0), "ptr")?;
    let ty = ctx.value_type(ctx.operand(op, 1));
    if ctx.value_type(ctx.operand(op, 2)) != ty || ctx.value_type(ctx.result(op, 0)) != ty {
        return Err(ctx.op_error(op, "compare, value and result must have one type"));
    }
    if !matches!(ctx.int_width(ty), Some(16 | 32 | 64)) {
        return Err(ctx.op_error(
            op,
            format!(
                "atomicCAS is defined on 16/32/64-bit integers, not '{}'",
                type_str(ctx, ty)
            ),
        ));
    }
    Ok(())
}

/// Scalars and vectors of integers or floats (what `__ldg` has overloads for).
fn is_loadable(ctx: &Context, ty: Type) -> bool {
    let e = ctx.element_type(ty);
    let vector_ok = match ctx.type_data(ty) {
        TypeData::Vector { shape, .. } => shape.len() == 1,
        _ => true,
    };
    vector_ok && (ctx.is_integer(e) || ctx.is_float(e))
}

fn verify_ldg(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_ptr(ctx, op, ctx.operand(op, 0), "ptr")?;
    let ty = ctx.value_type(ctx.result(op, 0));
    if !is_loadable(ctx, ty) {
        return Err(ctx.op_error(
            op,
            format!(
                "result must be an integer, a float or a vector of them, but got '{}'",
                type_str(ctx, ty)
            ),
        ));
    }
    Ok(())
}

/// `element_type` and a positive `count`, shared by shared_alloc and global_var.
/// The element may be a `!ptr.ptr` (C's pointer-valued variables).
fn verify_array_props(ctx: &Context, op: OpId) -> Result<Type, Diagnostic> {
    let elem = ctx.prop(op, "element_type").and_then(|a| ctx.attr_type(a));
    let Some(elem) = elem.filter(|t| is_loadable(ctx, *t) || crate::ptr::is_ptr(ctx, *t)) else {
        return Err(ctx.op_error(
            op,
            "property 'element_type' must be an integer, float, vector or pointer type",
        ));
    };
    let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a));
    if !count.is_some_and(|c| c > 0) {
        return Err(ctx.op_error(op, "property 'count' must be a positive integer"));
    }
    Ok(elem)
}

fn verify_shared_alloc(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    if ctx.prop(op, "name").and_then(|a| ctx.attr_str(a)).is_none() {
        return Err(ctx.op_error(op, "property 'name' must be a string"));
    }
    verify_slot(ctx, op)
}

/// A memory slot: element type, positive count, power-of-two alignment, pointer result.
fn verify_slot(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_array_props(ctx, op)?;
    verify_alignment(ctx, op)?;
    expect_ptr(ctx, op, ctx.result(op, 0), "result")
}

fn verify_alignment(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    if let Some(a) = ctx.prop(op, "alignment") {
        if !ctx.attr_int(a).is_some_and(|v| v > 0 && (v & (v - 1)) == 0) {
            return Err(ctx.op_error(op, "property 'alignment' must be a power of two"));
        }
    }
    Ok(())
}

fn verify_global_var(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let elem = verify_array_props(ctx, op)?;
    verify_alignment(ctx, op)?;
    if MemSpace::from_prop(ctx, op, "space")?.is_none() {
        return Err(ctx.op_error(op, "requires attribute 'space'"));
    }
    if let Some(parent) = ctx.parent_op(op) {
        if !ctx.is_op(parent, "gpu.module") && !ctx.is_op(parent, "builtin.module") {
            return Err(ctx.op_error(op, "expects parent op 'gpu.module' or 'builtin.module'"));
        }
    }
    let Some(init) = ctx.prop(op, "initial_value") else {
        return Ok(());
    };
    let count = ctx
        .prop(op, "count")
        .and_then(|a| ctx.attr_int(a))
        .unwrap_or(0);
    if is_ptr(ctx, elem) && matches!(ctx.attr_data(init), AttrData::Array(_)) {
        // Only host code's JIT places addresses (the device targets lay
        // variables out as bytes).
        if MemSpace::from_prop(ctx, op, "space")? != Some(MemSpace::Host) {
            return Err(ctx.op_error(op, "only a variable of space host may hold addresses"));
        }
        return global_var_addresses(ctx, op).map(drop);
    }
    let ok = match ctx.attr_data(init) {
        AttrData::Dense { ty, .. } => match ctx.type_data(*ty) {
            TypeData::Vector { shape, element, .. }
            | TypeData::Tensor {
                shape: Some(shape),
                element,
                ..
            } => *element == elem && shape[..] == [count as i64],
            _ => false,
        },
        _ => false,
    };
    if !ok {
        return Err(ctx.op_error(
            op,
            format!(
                "property 'initial_value' must be a dense attribute of type tensor<{count}x{}>",
                type_str(ctx, elem)
            ),
        ));
    }
    Ok(())
}

fn verify_global_addr(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let sym = ctx.prop(op, "global_name").expect("required");
    let target = ctx.lookup_symbol_from(op, sym);
    if !target.is_some_and(|t| ctx.is_op(t, GlobalVarOp::NAME)) {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' does not reference a 'cuda.global_var'",
                ctx.attr_to_string(sym)
            ),
        ));
    }
    expect_ptr(ctx, op, ctx.result(op, 0), "result")
}

fn verify_fast_math(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let Some(f) = FastMath::from_prop(ctx, op, "intrinsic")? else {
        return Ok(());
    };
    if ctx.num_operands(op) != f.arity() {
        return Err(ctx.op_error(
            op,
            format!(
                "{} takes {} operand(s), but got {}",
                f.keyword(),
                f.arity(),
                ctx.num_operands(op)
            ),
        ));
    }
    let f32 = ctx.f32();
    if ctx
        .operand_types(op)
        .iter()
        .chain(&ctx.result_types(op))
        .any(|t| *t != f32)
    {
        return Err(ctx.op_error(op, format!("{} takes and returns f32", f.keyword())));
    }
    Ok(())
}

fn expect_float(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if ctx.is_float(ty) {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!("{what} must be a float, but got '{}'", type_str(ctx, ty)),
        ))
    }
}

fn verify_rounded(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    Rounding::from_prop(ctx, op, "rounding")?;
    let Some(f) = RoundedFn::from_prop(ctx, op, "op")? else {
        return Ok(());
    };
    if ctx.num_operands(op) != f.arity() {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' takes {} operand(s), but got {}",
                f.keyword(),
                f.arity(),
                ctx.num_operands(op)
            ),
        ));
    }
    let result = ctx.result(op, 0);
    expect_float(ctx, op, result, "result")?;
    if matches!(f, RoundedFn::Sitofp | RoundedFn::Uitofp) {
        let ty = ctx.value_type(ctx.operand(op, 0));
        if !ctx.is_integer(ty) {
            return Err(ctx.op_error(
                op,
                format!(
                    "operand must be an integer, but got '{}'",
                    type_str(ctx, ty)
                ),
            ));
        }
        return Ok(());
    }
    let ty = ctx.value_type(result);
    if ctx.operand_types(op).iter().any(|t| *t != ty) {
        return Err(ctx.op_error(op, "operands and result must have one float type"));
    }
    Ok(())
}

fn verify_approx(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let Some(f) = Approx::from_prop(ctx, op, "function")? else {
        return Ok(());
    };
    let arity = if matches!(f, Approx::Div | Approx::DivFull) {
        2
    } else {
        1
    };
    if ctx.num_operands(op) != arity {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' takes {arity} operand(s), but got {}",
                f.keyword(),
                ctx.num_operands(op)
            ),
        ));
    }
    let ty = ctx.value_type(ctx.result(op, 0));
    if ctx.operand_types(op).iter().any(|t| *t != ty) {
        return Err(ctx.op_error(op, "operands and result must have one type"));
    }
    use cuwasm::FloatKind::{F16, F32, F64};
    let ok = match (f, ctx.float_kind(ty)) {
        (_, Some(F32)) => true,
        (Approx::Rcp | Approx::Sqrt | Approx::Rsqrt, Some(F64)) => true,
        (Approx::Ex2 | Approx::Tanh, Some(F16)) => true,
        _ => false,
    };
    if !ok {
        return Err(ctx.op_error(
            op,
            format!(
                "approximate '{}' is not defined on '{}'",
                f.keyword(),
                type_str(ctx, ty)
            ),
        ));
    }
    Ok(())
}

fn verify_fp_to_int(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_float(ctx, op, ctx.operand(op, 0), "operand")?;
    let ty = ctx.value_type(ctx.result(op, 0));
    if !ctx.is_integer(ty) {
        return Err(ctx.op_error(
            op,
            format!("result must be an integer, but got '{}'", type_str(ctx, ty)),
        ));
    }
    Ok(())
}

/// bfe/bfi/brev: a 32/64-bit value (first operand, second too for bfi) and result,
/// i32 positions and lengths.
fn verify_bits(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(ctx.result(op, 0));
    if !matches!(ctx.int_width(ty), Some(32 | 64)) {
        return Err(ctx.op_error(
            op,
            format!("result must be i32 or i64, but got '{}'", type_str(ctx, ty)),
        ));
    }
    let values = if ctx.is_op(op, BfiOp::NAME) { 2 } else { 1 };
    for (i, &v) in ctx.operands(op).iter().enumerate() {
        if i < values {
            if ctx.value_type(v) != ty {
                return Err(ctx.op_error(op, "the value operands must have the result's type"));
            }
        } else {
            expect_i32(ctx, op, v, "position and length")?;
        }
    }
    Ok(())
}

fn verify_prmt(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    PrmtMode::from_prop(ctx, op, "mode")?;
    for (i, &v) in ctx.operands(op).iter().enumerate() {
        expect_i32(ctx, op, v, ["a", "b", "selector"][i.min(2)])?;
    }
    expect_result_i32(ctx, op)
}

fn verify_redux(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    ReduxKind::from_prop(ctx, op, "kind")?;
    expect_i32(ctx, op, ctx.operand(op, 0), "mask")?;
    expect_i32(ctx, op, ctx.operand(op, 1), "value")?;
    expect_result_i32(ctx, op)
}

fn verify_barrier(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    for &v in ctx.operands(op) {
        expect_i32(ctx, op, v, "barrier id and thread count")?;
    }
    Ok(())
}

fn verify_sreg(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let Some(r) = SpecialReg::from_prop(ctx, op, "register")? else {
        return Ok(());
    };
    let ty = ctx.value_type(ctx.result(op, 0));
    if ctx.int_width(ty) != Some(r.width()) {
        return Err(ctx.op_error(
            op,
            format!(
                "%{} is i{}, but the result is '{}'",
                r.keyword(),
                r.width(),
                type_str(ctx, ty)
            ),
        ));
    }
    Ok(())
}

// ---- builders ------------------------------------------------------------------------------------

fn dim_builtin<T: OpView>(b: &mut Builder<'_>, dim: Dim) -> ValueId {
    let (i32, d) = (b.i32(), dim.attr(b));
    let op = cuwasm::op_macro::build_op(b, &T::info(), &[], &[i32], &[("dimension", d)]);
    b.result(op, 0)
}

/// `threadIdx.<dim>` as `i32`.
pub fn thread_idx(b: &mut Builder<'_>, dim: Dim) -> ValueId {
    dim_builtin::<ThreadIdxOp>(b, dim)
}

/// `blockIdx.<dim>` as `i32`.
pub fn block_idx(b: &mut Builder<'_>, dim: Dim) -> ValueId {
    dim_builtin::<BlockIdxOp>(b, dim)
}

/// `blockDim.<dim>` as `i32`.
pub fn block_dim(b: &mut Builder<'_>, dim: Dim) -> ValueId {
    dim_builtin::<BlockDimOp>(b, dim)
}

/// `gridDim.<dim>` as `i32`.
pub fn grid_dim(b: &mut Builder<'_>, dim: Dim) -> ValueId {
    dim_builtin::<GridDimOp>(b, dim)
}

/// `%laneid` as `i32`.
pub fn lane_id(b: &mut Builder<'_>) -> ValueId {
    let i32 = b.i32();
    let op = LaneIdOp::build(b, &[], &[i32], &[]);
    b.result(op.0, 0)
}

/// `__syncthreads()`.
pub fn syncthreads(b: &mut Builder<'_>) -> OpId {
    SyncThreadsOp::build(b, &[], &[], &[]).0
}

/// `__shfl*_sync(mask, value, lane[, width])`; `width: None` means 32.
pub fn shfl_sync(
    b: &mut Builder<'_>,
    mode: ShflMode,
    mask: ValueId,
    value: ValueId,
    lane: ValueId,
    width: Option<ValueId>,
) -> ValueId {
    let ty = b.value_type(value);
    let m = mode.attr(b);
    let mut operands = vec![mask, value, lane];
    operands.extend(width);
    let op = ShflSyncOp::build(b, &operands, &[ty], &[("mode", m)]);
    b.result(op.0, 0)
}

/// `__{any,all,uni,ballot}_sync(mask, predicate)`.
pub fn vote_sync(
    b: &mut Builder<'_>,
    mode: VoteMode,
    mask: ValueId,
    predicate: ValueId,
) -> ValueId {
    let ty = if mode == VoteMode::Ballot {
        b.i32()
    } else {
        b.i1()
    };
    let m = mode.attr(b);
    let op = VoteSyncOp::build(b, &[mask, predicate], &[ty], &[("mode", m)]);
    b.result(op.0, 0)
}

/// `atomicXxx(ptr, value)` at device scope; returns the old value.
pub fn atomic_rmw(b: &mut Builder<'_>, kind: AtomicKind, ptr: ValueId, value: ValueId) -> ValueId {
    let ty = b.value_type(value);
    let k = kind.attr(b);
    let op = AtomicRmwOp::build(b, &[ptr, value], &[ty], &[("kind", k)]);
    b.result(op.0, 0)
}

/// `atomicCAS(ptr, compare, value)`; returns the old value.
pub fn atomic_cas(b: &mut Builder<'_>, ptr: ValueId, compare: ValueId, value: ValueId) -> ValueId {
    let ty = b.value_type(value);
    let op = AtomicCasOp::build(b, &[ptr, compare, value], &[ty], &[]);
    b.result(op.0, 0)
}

/// `__ldg(ptr)` loading a `ty`.
pub fn ldg(b: &mut Builder<'_>, ptr: ValueId, ty: Type) -> ValueId {
    let op = LdgOp::build(b, &[ptr], &[ty], &[]);
    b.result(op.0, 0)
}

/// `__shared__ element name[count]`, as a pointer of type `ptr_ty`.
pub fn shared_alloc(
    b: &mut Builder<'_>,
    name: &str,
    element: Type,
    count: i64,
    ptr_ty: Type,
) -> ValueId {
    let (n, e, c) = (
        b.string_attr(name),
        b.type_attr(element),
        b.int_attr(b.i64(), count as i128),
    );
    let op = SharedAllocOp::build(
        b,
        &[],
        &[ptr_ty],
        &[("count", c), ("element_type", e), ("name", n)],
    );
    b.result(op.0, 0)
}

/// A thread-local `element x[count]`, as a pointer of type `ptr_ty`.
pub fn alloca(b: &mut Builder<'_>, element: Type, count: i64, ptr_ty: Type) -> ValueId {
    let (e, c) = (b.type_attr(element), b.int_attr(b.i64(), count as i128));
    let op = AllocaOp::build(b, &[], &[ptr_ty], &[("count", c), ("element_type", e)]);
    b.result(op.0, 0)
}

/// A fast intrinsic applied to `f32` operands.
pub fn fast_math(b: &mut Builder<'_>, f: FastMath, operands: &[ValueId]) -> ValueId {
    let (f32, a) = (b.f32(), f.attr(b));
    let op = FastMathOp::build(b, operands, &[f32], &[("intrinsic", a)]);
    b.result(op.0, 0)
}

/// The dimension of any of the four `dim3` built-ins.
pub fn builtin_dim(ctx: &Context, op: OpId) -> Option<Dim> {
    Dim::from_attr(ctx, ctx.prop(op, "dimension")?)
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "cuda",
        summary: "What CUDA and PTX mean: built-in variables, barriers, warp operations, atomics, shared/constant memory, fast math",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<ThreadIdxOp>();
    ctx.register::<BlockIdxOp>();
    ctx.register::<BlockDimOp>();
    ctx.register::<GridDimOp>();
    ctx.register::<LaneIdOp>();
    ctx.register::<WarpSizeOp>();
    ctx.register::<SyncThreadsOp>();
    ctx.register::<SyncThreadsCountOp>();
    ctx.register::<SyncThreadsAndOp>();
    ctx.register::<SyncThreadsOrOp>();
    ctx.register::<SyncWarpOp>();
    ctx.register::<ThreadFenceOp>();
    ctx.register::<ShflSyncOp>();
    ctx.register::<VoteSyncOp>();
    ctx.register::<AtomicRmwOp>();
    ctx.register::<AtomicCasOp>();
    ctx.register::<LdgOp>();
    ctx.register::<SharedAllocOp>();
    ctx.register::<AllocaOp>();
    ctx.register::<DynamicSharedOp>();
    ctx.register::<GlobalVarOp>();
    ctx.register::<GlobalAddrOp>();
    ctx.register::<FastMathOp>();
    ctx.register::<RoundedOp>();
    ctx.register::<ApproxOp>();
    ctx.register::<FlushDenormalOp>();
    ctx.register::<FpToSiSatOp>();
    ctx.register::<FpToUiSatOp>();
    ctx.register::<BfeOp>();
    ctx.register::<BfiOp>();
    ctx.register::<PrmtOp>();
    ctx.register::<BrevOp>();
    ctx.register::<ActiveMaskOp>();
    ctx.register::<ReduxSyncOp>();
    ctx.register::<BarrierOp>();
    ctx.register::<AddrSpaceCastOp>();
    ctx.register::<ReadSregOp>();
    ctx.register::<RtMallocOp>();
    ctx.register::<RtMallocManagedOp>();
    ctx.register::<RtFreeOp>();
    ctx.register::<RtMemcpyOp>();
    ctx.register::<RtMemsetOp>();
    ctx.register::<RtMemcpyToSymbolOp>();
    ctx.register::<RtMemcpyFromSymbolOp>();
    ctx.register::<RtDeviceSynchronizeOp>();
    ctx.register::<RtGetLastErrorOp>();
    ctx.register::<RtPeekAtLastErrorOp>();
    ctx.register::<RtGetErrorStringOp>();
    ctx.register::<LaunchOp>();
    ctx.register::<RtGetDeviceCountOp>();
    ctx.register::<RtSetDeviceOp>();
    ctx.register::<RtGetDeviceOp>();
    ctx.register::<RtGetDevicePropertiesOp>();
    ctx.register::<RtStreamCreateOp>();
    ctx.register::<RtStreamSynchronizeOp>();
    ctx.register::<RtStreamDestroyOp>();
    ctx.register::<RtEventCreateOp>();
    ctx.register::<RtEventRecordOp>();
    ctx.register::<RtEventSynchronizeOp>();
    ctx.register::<RtEventElapsedTimeOp>();
    ctx.register::<RtEventDestroyOp>();
    ctx.register::<LibcQsortOp>();
    ctx.register::<LibcClockOp>();
    ctx.register::<LibcTimeOp>();
    ctx.register::<LibcGettimeofdayOp>();
    ctx.register::<FuncAddrOp>();
    ctx.register::<CallIndirectOp>();
    ctx.register::<LibcMallocOp>();
    ctx.register::<LibcMemsetOp>();
    ctx.register::<LibcMemcpyOp>();
    ctx.register::<LibcFreeOp>();
    ctx.register::<LibcPrintfOp>();
    ctx.register::<LibcExitOp>();
    ctx.register::<StringLiteralOp>();
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A module with one function `(!ptr.ptr, f32) -> ()`, its `func.return` and arguments.
    pub(crate) fn harness(ctx: &mut Context, args: &str) -> (OpId, OpId, Vec<ValueId>) {
        crate::register_all(ctx);
        let names: Vec<String> = args
            .split(", ")
            .enumerate()
            .map(|(i, t)| format!("%arg{i}: {t}"))
            .collect();
        let src = format!(
            "\"builtin.module\"() ({{\n  \"func.func\"() <{{function_type = ({args}) -> (), sym_name = \"t\"}}> ({{\n  ^bb0({}):\n    \"func.return\"() : () -> ()\n  }}) : () -> ()\n}}) : () -> ()\n",
            names.join(", ")
        );
        let module = cuwasm::parse_module(ctx, "t.mlir", src.as_str())
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let ret = ctx
            .walk_preorder(module)
            .into_iter()
            .find(|o| ctx.is_op(*o, "func.return"))
            .unwrap();
        let args = ctx.block_args(ctx.parent_block(ret).unwrap()).to_vec();
        (module, ret, args)
    }

    #[test]
    fn enum_attributes_round_trip() {
        let ctx = Context::new();
        for d in Dim::ALL {
            assert_eq!(Dim::from_attr(&ctx, d.attr(&ctx)), Some(*d));
        }
        for k in AtomicKind::ALL {
            assert_eq!(AtomicKind::from_attr(&ctx, k.attr(&ctx)), Some(*k));
        }
        assert_eq!(
            ctx.attr_to_string(ShflMode::Xor.attr(&ctx)),
            "#cuda<shfl_mode xor>"
        );
        assert_eq!(
            ctx.attr_to_string(FastMath::Exp.attr(&ctx)),
            "#cuda<fast_math __expf>"
        );
        assert_eq!(
            Dim::from_attr(&ctx, ctx.dialect_attr("gpu", Some("dim x"))),
            None
        );
    }

    #[test]
    fn builders_make_verified_ops() {
        let mut ctx = Context::new();
        let (module, ret, args) = harness(&mut ctx, "!ptr.ptr<#ptr.generic_space>, f32, i1");
        let (p, x, pred) = (args[0], args[1], args[2]);
        let mut b = Builder::before(&mut ctx, ret);
        let tx = thread_idx(&mut b, Dim::X);
        block_idx(&mut b, Dim::Y);
        block_dim(&mut b, Dim::Z);
        grid_dim(&mut b, Dim::X);
        let lane = lane_id(&mut b);
        syncthreads(&mut b);
        let s = shfl_sync(&mut b, ShflMode::Down, tx, x, lane, None);
        vote_sync(&mut b, VoteMode::Ballot, tx, pred);
        atomic_rmw(&mut b, AtomicKind::Add, p, s);
        atomic_cas(&mut b, p, tx, lane);
        let f32 = b.f32();
        ldg(&mut b, p, f32);
        let ptr_ty = b.value_type(p);
        shared_alloc(&mut b, "tile", f32, 64, ptr_ty);
        fast_math(&mut b, FastMath::Divide, &[x, s]);
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let text = ctx.print_op(module, Default::default());
        assert!(
            text.contains(r#""cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32"#),
            "{text}"
        );
        assert!(
            text.contains(r#"<{count = 64 : i64, element_type = f32, name = "tile"}>"#),
            "{text}"
        );
        assert_eq!(
            builtin_dim(&ctx, ctx.defining_op(tx).unwrap()),
            Some(Dim::X)
        );
    }
    /// The PTX-level ops' verifiers: one bad instance each, and its message.
    #[test]
    fn ptx_level_ops_reject_bad_operands() {
        let cases = [
            (
                r#""cuda.rounded"(%arg1) <{op = #cuda<rounded_op add>, rounding = #cuda<rounding rz>}> : (f32) -> f32"#,
                "'add' takes 2 operand(s), but got 1",
            ),
            (
                r#""cuda.rounded"(%arg1) <{op = #cuda<rounded_op sitofp>, rounding = #cuda<rounding rz>}> : (f32) -> f32"#,
                "operand must be an integer",
            ),
            (
                r#""cuda.approx"(%arg2) <{function = #cuda<approx sin>}> : (f64) -> f64"#,
                "approximate 'sin' is not defined on 'f64'",
            ),
            (
                r#""cuda.fptosi_sat"(%arg1) : (f32) -> f32"#,
                "result must be an integer",
            ),
            (
                r#""cuda.bfe"(%arg1, %arg3, %arg3) : (f32, i32, i32) -> f32"#,
                "result must be i32 or i64",
            ),
            (
                r#""cuda.read_sreg"() <{register = #cuda<sreg clock64>}> : () -> i32"#,
                "%clock64 is i64",
            ),
            (
                r#""cuda.redux_sync"(%arg3, %arg3) <{kind = #cuda<redux_kind mul>}> : (i32, i32) -> i32"#,
                "property 'kind' must be #cuda<redux_kind",
            ),
        ];
        for (op, want) in cases {
            let mut ctx = Context::new();
            crate::register_all(&mut ctx);
            let src = format!(
                "\"builtin.module\"() ({{\n  \"func.func\"() <{{function_type = (!ptr.ptr<#ptr.generic_space>, f32, f64, i32) -> (), sym_name = \"t\"}}> ({{\n  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>, %arg1: f32, %arg2: f64, %arg3: i32):\n    %0 = {op}\n    \"func.return\"() : () -> ()\n  }}) : () -> ()\n}}) : () -> ()\n"
            );
            let module = cuwasm::parse_module(&mut ctx, "t.mlir", src.as_str())
                .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
            let err = ctx.verify(module).expect_err(op);
            assert!(err.message.contains(want), "{op}: {}", err.message);
        }
    }

    /// A module of `cuda.global_var`s (and a function `@f` they may name).
    fn globals_module(ctx: &mut Context, vars: &str) -> OpId {
        crate::register_all(ctx);
        let src = format!(
            "\"builtin.module\"() ({{\n{vars}\n  \"func.func\"() <{{function_type = () -> (), sym_name = \"f\"}}> ({{\n    \"func.return\"() : () -> ()\n  }}) : () -> ()\n}}) : () -> ()\n"
        );
        cuwasm::parse_module(ctx, "t.mlir", src.as_str())
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)))
    }

    /// A host variable of pointers holds strings, symbols and nulls, 8
    /// bytes apart, and its bytes are zeros for the target to fill in.
    #[test]
    fn global_var_addresses_read_back() {
        let mut ctx = Context::new();
        let var = r#"  "cuda.global_var"() <{count = 4 : i64, element_type = !ptr.ptr<#ptr.generic_space>, initial_value = ["ab", @f, #ptr.null, @table], space = #cuda<space host>, sym_name = "names"}> : () -> ()
  "cuda.global_var"() <{count = 2 : i64, element_type = i32, space = #cuda<space host>, sym_name = "table"}> : () -> ()"#;
        let module = globals_module(&mut ctx, var);
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let op = ctx
            .walk_preorder(module)
            .into_iter()
            .find(|&o| ctx.symbol_name(o) == Some("names"))
            .unwrap();
        let addresses = global_var_addresses(&ctx, op).unwrap();
        assert_eq!(
            addresses,
            [
                (0, Address::String(b"ab".to_vec())),
                (8, Address::Symbol("f".into())),
                (16, Address::Null),
                (24, Address::Symbol("table".into())),
            ]
        );
        assert_eq!(global_var_bytes(&ctx, op).unwrap(), (vec![0; 32], 8));
    }

    /// Addresses only in space host, one per element, each a string, a
    /// symbol or null.
    #[test]
    fn global_var_addresses_reject_bad_initializers() {
        let ptr = "!ptr.ptr<#ptr.generic_space>";
        let cases = [
            (
                format!(
                    r#"count = 1 : i64, element_type = {ptr}, initial_value = ["a"], space = #cuda<space global>"#
                ),
                "only a variable of space host may hold addresses",
            ),
            (
                format!(
                    r#"count = 2 : i64, element_type = {ptr}, initial_value = ["a"], space = #cuda<space host>"#
                ),
                "must hold one address per element",
            ),
            (
                format!(
                    r#"count = 1 : i64, element_type = {ptr}, initial_value = [3 : i64], space = #cuda<space host>"#
                ),
                "element 0 of 'initial_value' must be a string, a symbol reference or #ptr.null, but got 3",
            ),
        ];
        for (props, want) in cases {
            let mut ctx = Context::new();
            let var = format!(r#"  "cuda.global_var"() <{{{props}, sym_name = "v"}}> : () -> ()"#);
            let module = globals_module(&mut ctx, &var);
            let err = ctx.verify(module).expect_err(want);
            assert!(err.message.contains(want), "{props}: {}", err.message);
        }
    }
}

/// The bytes of `cuda.global_var` `op` as every target lays it out: `count`
/// elements of the element type's store size (`i1` takes a byte, pointers and
/// `index` 8), little-endian, from `initial_value` or zeros; and its alignment
/// (`alignment`, at least the element's size).
pub fn global_var_bytes(ctx: &Context, op: OpId) -> Result<(Vec<u8>, u64), Diagnostic> {
    let elem = ctx.prop(op, "element_type").and_then(|a| ctx.attr_type(a));
    let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a));
    let (Some(elem), Some(count)) = (elem, count) else {
        return Err(ctx.op_error(op, "needs 'element_type' and 'count'"));
    };
    let size = match (ctx.int_width(elem), ctx.float_kind(elem)) {
        (Some(w @ (1 | 8 | 16 | 32 | 64)), _) => w.div_ceil(8) as usize,
        (_, Some(k @ (cuwasm::FloatKind::F32 | cuwasm::FloatKind::F64))) => k.width() as usize / 8,
        _ if ctx.is_index(elem) || is_ptr(ctx, elem) => 8,
        _ => {
            let ty = ctx.type_to_string(elem);
            return Err(ctx.op_error(op, format!("has an element type '{ty}' no target lays out")));
        }
    };
    let count = count.max(0) as usize;
    let mut bytes = Vec::with_capacity(size * count);
    match ctx.prop(op, "initial_value").map(|a| ctx.attr_data(a)) {
        None => bytes.resize(size * count, 0),
        Some(AttrData::Dense { values, splat, .. }) => {
            let words: Vec<u64> = match values {
                cuwasm::DenseValues::Int(v) => v.iter().map(|x| *x as u64).collect(),
                cuwasm::DenseValues::Float(v) => v.clone(),
            };
            for i in 0..count {
                let word = if *splat { words.first() } else { words.get(i) };
                bytes.extend_from_slice(&word.copied().unwrap_or(0).to_le_bytes()[..size]);
            }
        }
        // Addresses: zeros here, filled in where the variable is placed
        // (`global_var_addresses`).
        Some(AttrData::Array(_)) if is_ptr(ctx, elem) => bytes.resize(size * count, 0),
        Some(_) => return Err(ctx.op_error(op, "'initial_value' must be a dense attribute")),
    }
    let align = ctx.prop(op, "alignment").and_then(|a| ctx.attr_int(a));
    Ok((
        bytes,
        align.map_or(size as u64, |a| (a as u64).max(size as u64)),
    ))
}

impl FastMath {
    /// The precise C function (`f64` name; the `f32` one ends in `f`) whose
    /// error is within the intrinsic's bound, as targets without the
    /// approximation call it; `None` for `__fdividef`, a plain division.
    pub fn c_function(self) -> Option<&'static str> {
        Some(match self {
            FastMath::Divide => return None,
            FastMath::Exp => "exp",
            FastMath::Exp10 => "exp10",
            FastMath::Log => "log",
            FastMath::Log2 => "log2",
            FastMath::Log10 => "log10",
            FastMath::Sin => "sin",
            FastMath::Cos => "cos",
            FastMath::Tan => "tan",
            FastMath::Pow => "pow",
        })
    }
}

/// What an element of a `cuda.global_var` of pointers is initialized to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    Null,
    /// The address of a NUL-terminated copy of these bytes (a C string literal).
    String(Vec<u8>),
    /// The address of the function or variable of this top-level symbol.
    Symbol(String),
}

/// The addresses a `cuda.global_var` of pointers holds initially, with the
/// byte offset of each (8 bytes per element); none without an array
/// `initial_value`. Anything else in the array is an error.
pub fn global_var_addresses(ctx: &Context, op: OpId) -> Result<Vec<(u64, Address)>, Diagnostic> {
    let Some(AttrData::Array(items)) = ctx.prop(op, "initial_value").map(|a| ctx.attr_data(a))
    else {
        return Ok(Vec::new());
    };
    let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a));
    if count != Some(items.len() as i128) {
        return Err(ctx.op_error(
            op,
            "property 'initial_value' must hold one address per element",
        ));
    }
    let address = |a: Attr| match ctx.attr_data(a) {
        AttrData::String { value, .. } => Some(Address::String(value.to_vec())),
        AttrData::SymbolRef { root, nested } if nested.is_empty() => {
            Some(Address::Symbol(ctx.symbol_str(*root).to_string()))
        }
        AttrData::Dialect {
            name, body: None, ..
        } if ctx.symbol_str(*name) == "ptr.null" => Some(Address::Null),
        _ => None,
    };
    items
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let at = address(a).ok_or_else(|| {
                ctx.op_error(
                    op,
                    format!(
                        "element {i} of 'initial_value' must be a string, a symbol reference or #ptr.null, but got {}",
                        ctx.attr_to_string(a)
                    ),
                )
            })?;
            Ok((8 * i as u64, at))
        })
        .collect()
}
