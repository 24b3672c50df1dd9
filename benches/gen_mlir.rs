//! `gen-mlir --ops N [--seed S] [--redundant [--funcs F]]`: print to stdout a
//! valid MLIR module in generic syntax with about `N` ops, the input of the
//! parse + verify + print benchmark (see `benches/parse_print.sh` and
//! `BENCHMARKS.md`), or with `--redundant` the input of the canonicalize + CSE
//! benchmark (`benches/canonicalize_cse.sh`; see [`Redundant`]).
//!
//! The module holds functions of about 1,000 ops each, all of type
//! `(i32, i32, f32) -> i32`. Their bodies mix `arith.constant`,
//! `arith.addi/subi/muli/xori`, `arith.addf/mulf`, `arith.cmpi`,
//! `arith.select` and nests of `scf.if` / `scf.for` (with results and
//! iteration arguments); every operand is picked pseudo-randomly among the
//! values of the right type visible at that point. The output only uses
//! registered upstream dialects (builtin, func, arith, scf), so
//! `mlir-opt-22 --verify-each` accepts it without
//! `--allow-unregistered-dialect`, and it is deterministic for a given
//! `(N, seed)` (a 64-bit LCG, no dependencies).
//!
//! Every op counts towards `N`: `builtin.module`, `func.func`, `func.return`,
//! the `scf.yield` terminators and everything nested inside regions.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

/// Ops per function (including `func.func` and `func.return`).
const OPS_PER_FUNC: usize = 1000;
/// Deepest nest of `scf.if` / `scf.for` regions inside a function body.
const MAX_DEPTH: usize = 3;

/// Knuth's MMIX linear congruential generator; the high bits are the output.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Self {
        let mut lcg = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
        lcg.next();
        lcg
    }
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
    /// Uniform-ish in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u64 * n as u64) >> 32) as usize
    }
    /// Uniform-ish in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    I32,
    F32,
    I1,
    Index,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::I32 => "i32",
            Ty::F32 => "f32",
            Ty::I1 => "i1",
            Ty::Index => "index",
        }
    }
}

/// An SSA value: `%argN` (block argument) or `%N` (op result); numbering is
/// per function, like mlir-opt's printer (which renumbers anyway).
#[derive(Clone, Copy)]
enum Val {
    Arg(u32),
    Res(u32),
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Arg(n) => write!(f, "%arg{n}"),
            Val::Res(n) => write!(f, "%{n}"),
        }
    }
}

/// Values visible at the current point, by type; regions push onto these and
/// truncate back on exit, so values never escape their region.
#[derive(Default)]
struct Scope {
    i32s: Vec<Val>,
    f32s: Vec<Val>,
    i1s: Vec<Val>,
    indices: Vec<Val>,
}

impl Scope {
    fn pool(&mut self, ty: Ty) -> &mut Vec<Val> {
        match ty {
            Ty::I32 => &mut self.i32s,
            Ty::F32 => &mut self.f32s,
            Ty::I1 => &mut self.i1s,
            Ty::Index => &mut self.indices,
        }
    }
    fn mark(&self) -> [usize; 4] {
        [
            self.i32s.len(),
            self.f32s.len(),
            self.i1s.len(),
            self.indices.len(),
        ]
    }
    fn reset(&mut self, m: [usize; 4]) {
        self.i32s.truncate(m[0]);
        self.f32s.truncate(m[1]);
        self.i1s.truncate(m[2]);
        self.indices.truncate(m[3]);
    }
}

struct Gen {
    rng: Lcg,
    out: String,
    scope: Scope,
    next_res: u32,
    next_arg: u32,
    /// Ops printed so far (all of them, nested ones included).
    ops: usize,
}

impl Gen {
    fn res(&mut self, ty: Ty) -> Val {
        let v = Val::Res(self.next_res);
        self.next_res += 1;
        self.scope.pool(ty).push(v);
        v
    }
    fn arg(&mut self, ty: Ty) -> Val {
        let v = Val::Arg(self.next_arg);
        self.next_arg += 1;
        self.scope.pool(ty).push(v);
        v
    }
    /// A visible value of type `ty`: half the time one of the 16 most recent,
    /// otherwise any of them. Every pool is seeded at function entry.
    fn pick(&mut self, ty: Ty) -> Val {
        let n = self.scope.pool(ty).len();
        let i = if self.rng.below(2) == 0 {
            n - 1 - self.rng.below(n.min(16))
        } else {
            self.rng.below(n)
        };
        self.scope.pool(ty)[i]
    }
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth + 2 {
            self.out.push_str("  ");
        }
    }

    fn constant(&mut self, depth: usize, ty: Ty) {
        let lit = match ty {
            Ty::I32 => format!("{} : i32", self.rng.below(2001) as i64 - 1000),
            Ty::F32 => format!(
                "{}.{}00000e+00 : f32",
                self.rng.range(1, 9),
                self.rng.below(10)
            ),
            Ty::Index => format!("{} : index", self.rng.below(17)),
            Ty::I1 => (if self.rng.below(2) == 0 {
                "true"
            } else {
                "false"
            })
            .to_string(),
        };
        self.indent(depth);
        let r = self.res(ty);
        let t = ty.name();
        writeln!(
            self.out,
            "{r} = \"arith.constant\"() <{{value = {lit}}}> : () -> {t}"
        )
        .unwrap();
        self.ops += 1;
    }

    /// One non-region op.
    fn simple_op(&mut self, depth: usize) {
        let k = self.rng.below(100);
        match k {
            0..=11 => {
                let ty = [Ty::I32, Ty::I32, Ty::F32, Ty::Index][self.rng.below(4)];
                self.constant(depth, ty);
            }
            12..=51 => {
                let (op, flags) = [
                    ("addi", true),
                    ("addi", true),
                    ("subi", true),
                    ("muli", true),
                    ("xori", false),
                ][self.rng.below(5)];
                let (a, b) = (self.pick(Ty::I32), self.pick(Ty::I32));
                self.indent(depth);
                let r = self.res(Ty::I32);
                let props = if flags {
                    " <{overflowFlags = #arith.overflow<none>}>"
                } else {
                    ""
                };
                writeln!(
                    self.out,
                    "{r} = \"arith.{op}\"({a}, {b}){props} : (i32, i32) -> i32"
                )
                .unwrap();
            }
            52..=71 => {
                let op = ["addf", "mulf"][self.rng.below(2)];
                let (a, b) = (self.pick(Ty::F32), self.pick(Ty::F32));
                self.indent(depth);
                let r = self.res(Ty::F32);
                writeln!(
                    self.out,
                    "{r} = \"arith.{op}\"({a}, {b}) <{{fastmath = #arith.fastmath<none>}}> : (f32, f32) -> f32"
                )
                .unwrap();
            }
            72..=85 => {
                let pred = self.rng.below(10);
                let (a, b) = (self.pick(Ty::I32), self.pick(Ty::I32));
                self.indent(depth);
                let r = self.res(Ty::I1);
                writeln!(self.out, "{r} = \"arith.cmpi\"({a}, {b}) <{{predicate = {pred} : i64}}> : (i32, i32) -> i1")
                    .unwrap();
            }
            _ => {
                let ty = if self.rng.below(3) == 0 {
                    Ty::F32
                } else {
                    Ty::I32
                };
                let c = self.pick(Ty::I1);
                let (a, b) = (self.pick(ty), self.pick(ty));
                self.indent(depth);
                let r = self.res(ty);
                let t = ty.name();
                writeln!(
                    self.out,
                    "{r} = \"arith.select\"({c}, {a}, {b}) : (i1, {t}, {t}) -> {t}"
                )
                .unwrap();
            }
        }
        if k > 11 {
            self.ops += 1;
        }
    }

    /// `"scf.yield"(%v) : (ty) -> ()`, closing a region.
    fn yield_(&mut self, depth: usize, ty: Ty) {
        let v = self.pick(ty);
        self.indent(depth);
        writeln!(self.out, "\"scf.yield\"({v}) : ({}) -> ()", ty.name()).unwrap();
        self.ops += 1;
    }

    /// `scf.if` with one result and both regions: 3 ops plus the two bodies.
    fn scf_if(&mut self, depth: usize, budget: usize) {
        let ty = if self.rng.below(3) == 0 {
            Ty::F32
        } else {
            Ty::I32
        };
        let inner = budget - 3;
        let then_ops = self.rng.range(0, inner);
        let c = self.pick(Ty::I1);
        self.indent(depth);
        let r = Val::Res(self.next_res);
        self.next_res += 1;
        writeln!(self.out, "{r} = \"scf.if\"({c}) ({{").unwrap();
        self.ops += 1;
        let m = self.scope.mark();
        self.body(depth + 1, then_ops);
        self.yield_(depth + 1, ty);
        self.scope.reset(m);
        self.indent(depth);
        self.out.push_str("}, {\n");
        self.body(depth + 1, inner - then_ops);
        self.yield_(depth + 1, ty);
        self.scope.reset(m);
        self.indent(depth);
        writeln!(self.out, "}}) : (i1) -> {}", ty.name()).unwrap();
        self.scope.pool(ty).push(r);
    }

    /// `scf.for` over index bounds with one iteration argument: 2 ops plus the body.
    fn scf_for(&mut self, depth: usize, budget: usize) {
        let ty = if self.rng.below(3) == 0 {
            Ty::F32
        } else {
            Ty::I32
        };
        let t = ty.name();
        let (lb, ub, step, init) = (
            self.pick(Ty::Index),
            self.pick(Ty::Index),
            self.pick(Ty::Index),
            self.pick(ty),
        );
        self.indent(depth);
        let r = Val::Res(self.next_res);
        self.next_res += 1;
        writeln!(
            self.out,
            "{r} = \"scf.for\"({lb}, {ub}, {step}, {init}) ({{"
        )
        .unwrap();
        self.ops += 1;
        let m = self.scope.mark();
        let (iv, acc) = (self.arg(Ty::Index), self.arg(ty));
        self.indent(depth);
        writeln!(self.out, "^bb0({iv}: index, {acc}: {t}):").unwrap();
        self.body(depth + 1, budget - 2);
        self.yield_(depth + 1, ty);
        self.scope.reset(m);
        self.indent(depth);
        writeln!(self.out, "}}) : (index, index, index, {t}) -> {t}").unwrap();
        self.scope.pool(ty).push(r);
    }

    /// Exactly `n` ops (nested ones included) in the current block, before its terminator.
    fn body(&mut self, depth: usize, n: usize) {
        let end = self.ops + n;
        while self.ops < end {
            let left = end - self.ops;
            let k = self.rng.below(100);
            if depth < MAX_DEPTH && left >= 6 && k < 4 {
                // A nest of at most 60 ops, fewer the deeper it is.
                let size = self.rng.range(6, left.min(60 >> depth).max(6));
                if k < 2 {
                    self.scf_if(depth, size)
                } else {
                    self.scf_for(depth, size)
                }
            } else {
                self.simple_op(depth);
            }
        }
    }

    /// `func.func` with `n >= 8` ops in all.
    fn func(&mut self, index: usize, n: usize) {
        self.scope = Scope::default();
        self.next_res = 0;
        self.next_arg = 0;
        let (a0, a1, a2) = (self.arg(Ty::I32), self.arg(Ty::I32), self.arg(Ty::F32));
        writeln!(
            self.out,
            "  \"func.func\"() <{{function_type = (i32, i32, f32) -> i32, sym_name = \"f{index}\"}}> ({{\n  ^bb0({a0}: i32, {a1}: i32, {a2}: f32):"
        )
        .unwrap();
        self.ops += 1;
        // Seed the pools of i1 and index values: 4 ops.
        self.constant(0, Ty::Index);
        self.constant(0, Ty::Index);
        self.constant(0, Ty::Index);
        let (a, b) = (self.pick(Ty::I32), self.pick(Ty::I32));
        self.indent(0);
        let r = self.res(Ty::I1);
        writeln!(
            self.out,
            "{r} = \"arith.cmpi\"({a}, {b}) <{{predicate = 2 : i64}}> : (i32, i32) -> i1"
        )
        .unwrap();
        self.ops += 1;
        self.body(0, n - 6);
        let v = self.pick(Ty::I32);
        writeln!(
            self.out,
            "    \"func.return\"({v}) : (i32) -> ()\n  }}) : () -> ()"
        )
        .unwrap();
        self.ops += 1;
    }
}

/// What the command line asks for.
struct Args {
    ops: usize,
    seed: u64,
    redundant: bool,
    funcs: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut ops = None;
    let mut seed = 1u64;
    let mut redundant = false;
    let mut funcs = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--ops" => ops = Some(value("--ops")?.parse().map_err(|e| format!("--ops: {e}"))?),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--redundant" => redundant = true,
            "--funcs" => {
                funcs = value("--funcs")?
                    .parse()
                    .map_err(|e| format!("--funcs: {e}"))?;
                if funcs == 0 {
                    return Err("--funcs must be at least 1".into());
                }
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(Args {
        ops: ops.ok_or("--ops is required")?,
        seed,
        redundant,
        funcs,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-mlir: {e}");
            }
            eprintln!("usage: gen-mlir --ops N [--seed S] [--redundant [--funcs F]]");
            return ExitCode::from(if e.is_empty() { 0 } else { 2 });
        }
    };
    let (n, seed) = (args.ops, args.seed);
    if args.redundant {
        return Redundant::write_module(n, seed, args.funcs);
    }
    let mut g = Gen {
        rng: Lcg::new(seed),
        out: String::new(),
        scope: Scope::default(),
        next_res: 0,
        next_arg: 0,
        ops: 0,
    };
    let mut stdout = std::io::stdout().lock();
    let write = |stdout: &mut std::io::StdoutLock, s: &str| stdout.write_all(s.as_bytes()).is_ok();
    if !write(&mut stdout, "\"builtin.module\"() ({\n") {
        return ExitCode::from(1);
    }
    g.ops = 1;
    // Functions of OPS_PER_FUNC ops; the last one takes the remainder (at least 8 ops).
    let funcs = n.saturating_sub(1).div_ceil(OPS_PER_FUNC).max(1);
    for i in 0..funcs {
        let left = n.saturating_sub(g.ops);
        let size = if i + 1 == funcs {
            left
        } else {
            OPS_PER_FUNC.min(left)
        };
        g.func(i, size.max(8));
        if !write(&mut stdout, &g.out) {
            return ExitCode::from(1);
        }
        g.out.clear();
    }
    if !write(&mut stdout, "}) : () -> ()\n") {
        return ExitCode::from(1);
    }
    eprintln!("gen-mlir: {} ops in {funcs} functions (seed {seed})", g.ops);
    ExitCode::SUCCESS
}

/// `--redundant`: the input of the canonicalize + CSE benchmark. `F`
/// functions (default 1) of type `(i32, i32, f32) -> (i32, f32)` share the
/// `N` ops; their bodies are straight-line `arith` code full of what
/// canonicalize and CSE remove:
///
/// - constants drawn from a small set of values, so most are duplicates;
/// - identities: `x+0`, `x-0`, `x*1`, `x^0`, `x|0`, `x&-1`, `x&x`, `x|x`,
///   `select(c, x, x)`, `cmpi(x, x)`, `addf(x, -0.0)`, `mulf(x, 1.0)`, and
///   rarely `x*0`, `x-x`, `x^x`;
/// - constant chains: `(x+c1)+c2`, `(x-c1)-c2`, `(x*c1)*c2`, `(c1-x)+c2`,
///   and ops of two constants;
/// - duplicated subexpressions: an op repeating one of the last 64 ops with
///   the same operands;
/// - `xori(cmpi(..), true)` (a cmpi with the inverse predicate) and selects
///   of `true`/`false` conditions.
///
/// Operands prefer values not used yet, and the values left unused at the
/// end are summed into the returned results, so that the work is live and
/// only the redundancy goes away.
struct Redundant {
    rng: Lcg,
    out: String,
    next: u32,
    ops: usize,
    i32s: Vec<u32>,
    f32s: Vec<u32>,
    i1s: Vec<u32>,
    /// Values not used by any op yet, by type.
    unused_i32: Vec<u32>,
    unused_f32: Vec<u32>,
    /// The last ops that can be repeated verbatim (their text after ` = `).
    recent: Vec<(Ty, String)>,
}

/// The constants the generator draws from (few, so they repeat; no zero,
/// which would absorb too much through `muli` and `andi`).
const SMALL: [i64; 12] = [1, 2, 3, 4, 5, 7, 8, 16, 42, -1, 100, -3];

impl Redundant {
    fn write_module(n: usize, seed: u64, funcs: usize) -> ExitCode {
        let mut g = Redundant {
            rng: Lcg::new(seed),
            out: String::new(),
            next: 0,
            ops: 1,
            i32s: Vec::new(),
            f32s: Vec::new(),
            i1s: Vec::new(),
            unused_i32: Vec::new(),
            unused_f32: Vec::new(),
            recent: Vec::new(),
        };
        let mut stdout = std::io::stdout().lock();
        let mut ok = stdout.write_all(b"\"builtin.module\"() ({\n").is_ok();
        for i in 0..funcs {
            let left = n.saturating_sub(g.ops);
            let size = if i + 1 == funcs {
                left
            } else {
                left / (funcs - i)
            };
            g.func(i, size.max(16));
            ok &= stdout.write_all(g.out.as_bytes()).is_ok();
            g.out.clear();
        }
        ok &= stdout.write_all(b"}) : () -> ()\n").is_ok();
        if !ok {
            return ExitCode::from(1);
        }
        eprintln!(
            "gen-mlir: {} ops in {funcs} redundant function(s) (seed {seed})",
            g.ops
        );
        ExitCode::SUCCESS
    }

    fn fresh(&mut self, ty: Ty) -> u32 {
        let v = self.next;
        self.next += 1;
        match ty {
            Ty::I32 => {
                self.i32s.push(v);
                self.unused_i32.push(v);
            }
            Ty::F32 => {
                self.f32s.push(v);
                self.unused_f32.push(v);
            }
            Ty::I1 => self.i1s.push(v),
            Ty::Index => unreachable!("no index values here"),
        }
        v
    }

    /// A value of `ty`: mostly one not used yet, else a recent one, else any.
    fn pick(&mut self, ty: Ty) -> String {
        let k = self.rng.below(10);
        let (all, unused) = match ty {
            Ty::I32 => (&self.i32s, &mut self.unused_i32),
            Ty::F32 => (&self.f32s, &mut self.unused_f32),
            _ => (&self.i1s, &mut Vec::new()),
        };
        let v = if k < 6 && !unused.is_empty() {
            let i = unused.len() - 1 - self.rng.below(unused.len().min(8));
            unused.swap_remove(i)
        } else if k < 9 {
            all[all.len() - 1 - self.rng.below(all.len().min(32))]
        } else {
            all[self.rng.below(all.len())]
        };
        self.val(v)
    }

    fn val(&self, v: u32) -> String {
        match v {
            0..=2 => format!("%arg{v}"),
            _ => format!("%{}", v - 3),
        }
    }

    /// Emit `%r = <text>` (one op) and remember it for repetition.
    fn emit(&mut self, ty: Ty, text: String, repeatable: bool) -> String {
        let r = self.fresh(ty);
        let r = self.val(r);
        writeln!(self.out, "    {r} = {text}").unwrap();
        self.ops += 1;
        if repeatable {
            if self.recent.len() == 64 {
                self.recent.remove(0);
            }
            self.recent.push((ty, text));
        }
        r
    }

    fn constant(&mut self, ty: Ty, value: i64) -> String {
        let text = match ty {
            Ty::I32 => format!("\"arith.constant\"() <{{value = {value} : i32}}> : () -> i32"),
            Ty::F32 => {
                format!("\"arith.constant\"() <{{value = {value}.000000e+00 : f32}}> : () -> f32")
            }
            Ty::I1 => format!(
                "\"arith.constant\"() <{{value = {}}}> : () -> i1",
                value != 0
            ),
            Ty::Index => unreachable!(),
        };
        let r = self.emit(ty, text, false);
        // Constants are operands, not results to keep alive.
        match ty {
            Ty::I32 => self.unused_i32.pop(),
            Ty::F32 => self.unused_f32.pop(),
            _ => None,
        };
        r
    }

    fn small(&mut self) -> i64 {
        SMALL[self.rng.below(SMALL.len())]
    }

    fn int_op(&mut self, op: &str, a: &str, b: &str) -> String {
        let flags = match op {
            "addi" | "subi" | "muli" => " <{overflowFlags = #arith.overflow<none>}>",
            _ => "",
        };
        let text = format!("\"arith.{op}\"({a}, {b}){flags} : (i32, i32) -> i32");
        self.emit(Ty::I32, text, true)
    }

    fn float_op(&mut self, op: &str, a: &str, b: &str) -> String {
        let text = format!(
            "\"arith.{op}\"({a}, {b}) <{{fastmath = #arith.fastmath<none>}}> : (f32, f32) -> f32"
        );
        self.emit(Ty::F32, text, true)
    }

    /// One group of ops (1 to 4 of them).
    fn step(&mut self) {
        const INT_OPS: [&str; 6] = ["addi", "subi", "muli", "xori", "andi", "ori"];
        match self.rng.below(100) {
            0..=7 => {
                let c = self.small();
                self.constant(Ty::I32, c);
            }
            8..=32 => {
                let op = INT_OPS[self.rng.below(INT_OPS.len())];
                let (a, b) = (self.pick(Ty::I32), self.pick(Ty::I32));
                self.int_op(op, &a, &b);
            }
            33..=46 => {
                // A repeated subexpression.
                if self.recent.is_empty() {
                    return;
                }
                let (ty, text) = self.recent[self.rng.below(self.recent.len())].clone();
                self.emit(ty, text, false);
            }
            47..=60 => {
                // An identity.
                let x = self.pick(Ty::I32);
                // Mostly identities that give x back; rarely one that gives a
                // constant (which then absorbs whatever uses it).
                let (op, c) = if self.rng.below(16) == 0 {
                    [("muli", Some(0)), ("subi", None), ("xori", None)][self.rng.below(3)]
                } else {
                    [
                        ("addi", Some(0)),
                        ("subi", Some(0)),
                        ("muli", Some(1)),
                        ("xori", Some(0)),
                        ("ori", Some(0)),
                        ("andi", Some(-1)),
                        ("andi", None),
                        ("ori", None),
                    ][self.rng.below(8)]
                };
                let b = match c {
                    Some(c) => self.constant(Ty::I32, c),
                    None => x.clone(),
                };
                if self.rng.below(2) == 0 && c.is_some() && op != "subi" {
                    self.int_op(op, &b, &x);
                } else {
                    self.int_op(op, &x, &b);
                }
            }
            61..=72 => {
                // A constant chain.
                let x = self.pick(Ty::I32);
                let (c1, c2) = (self.small(), self.small());
                let (k1, k2) = (self.constant(Ty::I32, c1), self.constant(Ty::I32, c2));
                let (outer, inner, swap) = [
                    ("addi", "addi", false),
                    ("subi", "subi", false),
                    ("muli", "muli", false),
                    ("addi", "subi", false),
                    ("addi", "subi", true),
                    ("subi", "addi", false),
                ][self.rng.below(6)];
                let y = if swap {
                    self.int_op(inner, &k1, &x)
                } else {
                    self.int_op(inner, &x, &k1)
                };
                self.int_op(outer, &y, &k2);
            }
            73..=76 => {
                // An op of two constants.
                let op = INT_OPS[self.rng.below(INT_OPS.len())];
                let (c1, c2) = (self.small(), self.small());
                let (k1, k2) = (self.constant(Ty::I32, c1), self.constant(Ty::I32, c2));
                self.int_op(op, &k1, &k2);
            }
            77..=86 => {
                // Comparisons and selects.
                let (a, b) = (self.pick(Ty::I32), self.pick(Ty::I32));
                let same = self.rng.below(4) == 0;
                let b = if same { a.clone() } else { b };
                let pred = self.rng.below(10);
                let c = self.emit(
                    Ty::I1,
                    format!(
                        "\"arith.cmpi\"({a}, {b}) <{{predicate = {pred} : i64}}> : (i32, i32) -> i1"
                    ),
                    true,
                );
                let c = if self.rng.below(3) == 0 {
                    let t = self.constant(Ty::I1, 1);
                    self.emit(
                        Ty::I1,
                        format!("\"arith.xori\"({c}, {t}) : (i1, i1) -> i1"),
                        true,
                    )
                } else {
                    c
                };
                let (x, y) = (self.pick(Ty::I32), self.pick(Ty::I32));
                let y = if self.rng.below(4) == 0 { x.clone() } else { y };
                self.emit(
                    Ty::I32,
                    format!("\"arith.select\"({c}, {x}, {y}) : (i1, i32, i32) -> i32"),
                    true,
                );
            }
            _ => {
                // Floats, with their identities.
                let x = self.pick(Ty::F32);
                match self.rng.below(4) {
                    0 => {
                        let z = self.emit(
                            Ty::F32,
                            "\"arith.constant\"() <{value = -0.000000e+00 : f32}> : () -> f32"
                                .into(),
                            false,
                        );
                        self.unused_f32.pop();
                        self.float_op("addf", &x, &z);
                    }
                    1 => {
                        let one = self.constant(Ty::F32, 1);
                        self.float_op("mulf", &x, &one);
                    }
                    _ => {
                        let op = ["addf", "mulf"][self.rng.below(2)];
                        let y = self.pick(Ty::F32);
                        self.float_op(op, &x, &y);
                    }
                }
            }
        }
    }

    /// A function of `n >= 16` ops in all.
    fn func(&mut self, index: usize, n: usize) {
        self.next = 0;
        self.i32s.clear();
        self.f32s.clear();
        self.i1s.clear();
        self.unused_i32.clear();
        self.unused_f32.clear();
        self.recent.clear();
        self.fresh(Ty::I32);
        self.fresh(Ty::I32);
        self.fresh(Ty::F32);
        writeln!(
            self.out,
            "  \"func.func\"() <{{function_type = (i32, i32, f32) -> (i32, f32), sym_name = \"r{index}\"}}> ({{\n  ^bb0(%arg0: i32, %arg1: i32, %arg2: f32):"
        )
        .unwrap();
        let end = self.ops + n;
        self.ops += 1;
        // Seed the i1 pool.
        let (a, b) = (self.val(0), self.val(1));
        self.emit(
            Ty::I1,
            format!("\"arith.cmpi\"({a}, {b}) <{{predicate = 2 : i64}}> : (i32, i32) -> i1"),
            false,
        );
        // Leave room for the sums of unused values and the return.
        while self.ops + 2 + self.unused_i32.len() + self.unused_f32.len() < end {
            self.step();
        }
        let sum = |g: &mut Self, ty: Ty| -> String {
            let unused = match ty {
                Ty::I32 => std::mem::take(&mut g.unused_i32),
                _ => std::mem::take(&mut g.unused_f32),
            };
            let mut acc = match ty {
                Ty::I32 => g.val(0),
                _ => g.val(2),
            };
            for v in unused {
                let v = g.val(v);
                acc = match ty {
                    Ty::I32 => g.int_op("addi", &acc, &v),
                    _ => g.float_op("addf", &acc, &v),
                };
            }
            acc
        };
        let (i, f) = (sum(self, Ty::I32), sum(self, Ty::F32));
        writeln!(
            self.out,
            "    \"func.return\"({i}, {f}) : (i32, f32) -> ()\n  }}) : () -> ()"
        )
        .unwrap();
        self.ops += 1;
    }
}
