//! Soundness of the `egraph` pass: random arithmetic functions, run before and
//! after the pass by a small interpreter written here (independently of the
//! pass and its folder), must give the same results on random inputs, for
//! every target and with tight limits.
//!
//! The functions have two blocks (values of the first used in the second),
//! `scf.if` regions that use outer values and yield results, integer ops of
//! i1/i32/i64/index (divisions only by constants that cannot trap, shifts
//! only by amounts below the width, so nothing is poison), casts, compares,
//! selects, and f32 ops without fast-math flags (whose results must not
//! change by a single bit).

use super::super::utils::testing::{check, context, run, run_with_stats};
use cuwasm::{AttrData, BlockId, Context, OpId, ValueId};
use rustc_hash::FxHashMap;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// An integer of `w` bits, often a special one.
    fn int(&mut self, w: u32) -> i128 {
        let special = [
            0i128,
            1,
            -1,
            2,
            3,
            4,
            7,
            8,
            16,
            255,
            -8,
            1 << (w - 1),
            (1 << (w - 1)) - 1,
        ];
        match self.below(3) {
            0 => (self.next() as i128) & ((1i128 << w) - 1),
            _ => *self.pick(&special),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    I1,
    I32,
    I64,
    Index,
    F32,
}

impl T {
    fn name(self) -> &'static str {
        match self {
            T::I1 => "i1",
            T::I32 => "i32",
            T::I64 => "i64",
            T::Index => "index",
            T::F32 => "f32",
        }
    }
    fn width(self) -> u32 {
        match self {
            T::I1 => 1,
            T::I32 | T::F32 => 32,
            T::I64 | T::Index => 64,
        }
    }
}

/// Builds the text of a random function.
struct Gen {
    rng: Rng,
    out: String,
    vals: Vec<(String, T)>,
    next: usize,
}

impl Gen {
    fn fresh(&mut self, t: T) -> String {
        self.next += 1;
        let name = format!("%v{}", self.next);
        self.vals.push((name.clone(), t));
        name
    }

    fn line(&mut self, depth: usize, text: String) {
        self.out += &"  ".repeat(depth + 1);
        self.out += &text;
        self.out += "\n";
    }

    fn constant(&mut self, depth: usize, t: T, v: i128) -> String {
        let value = match t {
            T::I1 => (if v & 1 == 1 { "true" } else { "false" }).to_string(),
            T::F32 => format!(
                "{:?} : f32",
                [0.0f32, -0.0, 1.0, 2.0, 0.5, -3.0][(v as usize) % 6]
            ),
            _ => format!("{v} : {}", t.name()),
        };
        let r = self.fresh(t);
        self.line(
            depth,
            format!(
                "{r} = \"arith.constant\"() <{{value = {value}}}> : () -> {}",
                t.name()
            ),
        );
        r
    }

    /// An existing value of type `t`, or a new constant.
    fn operand(&mut self, depth: usize, t: T) -> String {
        let have: Vec<String> = self
            .vals
            .iter()
            .filter(|v| v.1 == t)
            .map(|v| v.0.clone())
            .collect();
        if have.is_empty() || self.rng.below(5) == 0 {
            let v = self.rng.int(t.width());
            return self.constant(depth, t, v);
        }
        // Mostly recent values, so that expressions grow deep.
        let recent = &have[have.len().saturating_sub(3)..];
        match self.rng.below(3) {
            0 => self.rng.pick(&have).clone(),
            _ => self.rng.pick(recent).clone(),
        }
    }

    fn op(&mut self, depth: usize) {
        let t = *self
            .rng
            .pick(&[T::I32, T::I32, T::I64, T::I64, T::I1, T::Index, T::F32]);
        let tn = t.name();
        match (t, self.rng.below(10)) {
            (T::F32, k) => {
                let (a, b) = (self.operand(depth, t), self.operand(depth, t));
                let fm = "<{fastmath = #arith.fastmath<none>}>";
                let r = self.fresh(t);
                let text = match k % 4 {
                    3 => format!("{r} = \"arith.negf\"({a}) {fm} : (f32) -> f32"),
                    k => {
                        let name = ["addf", "subf", "mulf"][k];
                        format!("{r} = \"arith.{name}\"({a}, {b}) {fm} : (f32, f32) -> f32")
                    }
                };
                self.line(depth, text);
            }
            (_, 0..=4) => {
                let (a, b) = (self.operand(depth, t), self.operand(depth, t));
                let names = [
                    "addi", "subi", "muli", "andi", "ori", "xori", "maxsi", "minsi", "maxui",
                    "minui",
                ];
                let name = *self.rng.pick(&names);
                let flags = match (name, self.rng.below(3)) {
                    ("addi" | "subi" | "muli", 0) => " <{overflowFlags = #arith.overflow<nsw>}>",
                    ("addi" | "subi" | "muli", _) => " <{overflowFlags = #arith.overflow<none>}>",
                    _ => "",
                };
                let r = self.fresh(t);
                self.line(
                    depth,
                    format!("{r} = \"arith.{name}\"({a}, {b}){flags} : ({tn}, {tn}) -> {tn}"),
                );
            }
            (T::I1, _) => {
                // A comparison of wider values.
                let ct = *self.rng.pick(&[T::I32, T::I64, T::Index]);
                let (a, b) = (self.operand(depth, ct), self.operand(depth, ct));
                let p = self.rng.below(10);
                let r = self.fresh(t);
                let ctn = ct.name();
                self.line(depth, format!("{r} = \"arith.cmpi\"({a}, {b}) <{{predicate = {p} : i64}}> : ({ctn}, {ctn}) -> i1"));
            }
            (_, 5) => {
                let a = self.operand(depth, t);
                let k = self.rng.below(t.width() as usize) as i128;
                let amount = self.constant(depth, t, k);
                let name = *self.rng.pick(&["shli", "shrsi", "shrui"]);
                let r = self.fresh(t);
                self.line(
                    depth,
                    format!("{r} = \"arith.{name}\"({a}, {amount}) : ({tn}, {tn}) -> {tn}"),
                );
            }
            (_, 6) => {
                let a = self.operand(depth, t);
                let name = *self.rng.pick(&[
                    "divsi",
                    "divui",
                    "remsi",
                    "remui",
                    "ceildivsi",
                    "floordivsi",
                    "ceildivui",
                ]);
                let d = *self
                    .rng
                    .pick(&[1i128, 2, 3, 4, 8, 16, 64, 7, -4, -8, 1 << 20]);
                let d = self.constant(depth, t, d);
                let r = self.fresh(t);
                self.line(
                    depth,
                    format!("{r} = \"arith.{name}\"({a}, {d}) : ({tn}, {tn}) -> {tn}"),
                );
            }
            (_, 7) => {
                let c = self.operand(depth, T::I1);
                let (a, b) = (self.operand(depth, t), self.operand(depth, t));
                let r = self.fresh(t);
                self.line(
                    depth,
                    format!("{r} = \"arith.select\"({c}, {a}, {b}) : (i1, {tn}, {tn}) -> {tn}"),
                );
            }
            (_, _) => {
                let (from, name) = match t {
                    T::I32 => *self.rng.pick(&[
                        (T::I64, "trunci"),
                        (T::I1, "extui"),
                        (T::I1, "extsi"),
                        (T::Index, "index_cast"),
                    ]),
                    T::I64 => *self.rng.pick(&[
                        (T::I32, "extsi"),
                        (T::I32, "extui"),
                        (T::Index, "index_castui"),
                    ]),
                    _ => *self.rng.pick(&[
                        (T::I32, "index_cast"),
                        (T::I32, "index_castui"),
                        (T::I64, "index_cast"),
                    ]),
                };
                let a = self.operand(depth, from);
                let r = self.fresh(t);
                self.line(
                    depth,
                    format!("{r} = \"arith.{name}\"({a}) : ({}) -> {tn}", from.name()),
                );
            }
        }
    }

    fn ops(&mut self, depth: usize, n: usize) {
        for _ in 0..n {
            if depth == 0 && self.rng.below(12) == 0 {
                self.scf_if(depth);
            } else {
                self.op(depth);
            }
        }
    }

    /// `scf.if` whose regions compute from outer values and yield one.
    fn scf_if(&mut self, depth: usize) {
        let t = *self.rng.pick(&[T::I32, T::I64, T::F32]);
        let c = self.operand(depth, T::I1);
        let r = format!("%v{}", self.next + 1000);
        self.line(depth, format!("{r} = \"scf.if\"({c}) ({{"));
        for i in 0..2 {
            let outer = self.vals.len();
            let n = 1 + self.rng.below(4);
            self.ops(depth + 1, n);
            let y = self.operand(depth + 1, t);
            self.line(
                depth + 1,
                format!("\"scf.yield\"({y}) : ({}) -> ()", t.name()),
            );
            self.vals.truncate(outer);
            if i == 0 {
                self.line(depth, "}, {".to_string());
            }
        }
        self.line(depth, format!("}}) : (i1) -> {}", t.name()));
        self.vals.push((r, t));
    }
}

const RESULTS: [T; 6] = [T::I32, T::I32, T::I64, T::I64, T::F32, T::I1];

/// A random two-block function `@f`.
fn random_function(seed: u64) -> String {
    let mut g = Gen {
        rng: Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
        out: String::new(),
        vals: Vec::new(),
        next: 0,
    };
    let args = [T::I32, T::I32, T::I64, T::I64, T::F32, T::F32, T::I1];
    for (i, t) in args.iter().enumerate() {
        g.vals.push((format!("%a{i}"), *t));
    }
    let n = 4 + g.rng.below(24);
    g.ops(0, n);
    let (x, y) = (g.operand(0, T::I32), g.operand(0, T::I64));
    g.line(0, format!("\"cf.br\"({x}, {y})[^bb1] : (i32, i64) -> ()"));
    g.out += "^bb1(%p0: i32, %p1: i64):\n";
    g.vals.push(("%p0".into(), T::I32));
    g.vals.push(("%p1".into(), T::I64));
    let n = 2 + g.rng.below(10);
    g.ops(0, n);
    let results: Vec<String> = RESULTS.iter().map(|t| g.operand(0, *t)).collect();
    let types: Vec<&str> = RESULTS.iter().map(|t| t.name()).collect();
    g.line(
        0,
        format!(
            "\"func.return\"({}) : ({}) -> ()",
            results.join(", "),
            types.join(", ")
        ),
    );
    let arg_list: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, t)| format!("%a{i}: {}", t.name()))
        .collect();
    let arg_types: Vec<&str> = args.iter().map(|t| t.name()).collect();
    format!(
        "\"func.func\"() <{{function_type = ({}) -> ({}), sym_name = \"f\"}}> ({{\n^bb0({}):\n{}}}) : () -> ()\n",
        arg_types.join(", "),
        types.join(", "),
        arg_list.join(", "),
        g.out
    )
}

/// A value of the interpreter: integer bits of a width, or an f32.
#[derive(Clone, Copy, Debug)]
enum V {
    I(u64, u32),
    F(f32),
}

impl PartialEq for V {
    fn eq(&self, other: &V) -> bool {
        match (self, other) {
            (V::I(a, w), V::I(b, v)) => a == b && w == v,
            (V::F(a), V::F(b)) => (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

fn mask(w: u32) -> u64 {
    if w == 64 { u64::MAX } else { (1u64 << w) - 1 }
}
fn signed(v: u64, w: u32) -> i64 {
    ((v << (64 - w)) as i64) >> (64 - w)
}
fn int(v: i128, w: u32) -> V {
    V::I(v as u64 & mask(w), w)
}

fn width_of(ctx: &Context, v: ValueId) -> u32 {
    let ty = ctx.value_type(v);
    ctx.int_width(ty)
        .unwrap_or(if ctx.is_index(ty) { 64 } else { 32 })
}

/// Run `@f` of `module` on `args`.
fn interpret(ctx: &Context, module: OpId, args: &[V]) -> Vec<V> {
    let func = ctx
        .walk_preorder(module)
        .into_iter()
        .find(|op| ctx.is_op(*op, "func.func"))
        .unwrap();
    let mut env: FxHashMap<ValueId, V> = FxHashMap::default();
    let entry = ctx.region_blocks(ctx.region(func, 0))[0];
    run_block(ctx, entry, args, &mut env)
}

/// Run `block` (and its successors) with `args`; the values of the terminator
/// that leaves (`func.return` or `scf.yield`).
fn run_block(
    ctx: &Context,
    mut block: BlockId,
    args: &[V],
    env: &mut FxHashMap<ValueId, V>,
) -> Vec<V> {
    let mut args = args.to_vec();
    'blocks: loop {
        for (a, v) in ctx.block_args(block).iter().zip(&args) {
            env.insert(*a, *v);
        }
        for op in ctx.block_ops(block) {
            let ins: Vec<V> = ctx.operands(op).iter().map(|v| env[v]).collect();
            let name = ctx.op_name_text(op).to_string();
            let result = match name.as_str() {
                "func.return" | "scf.yield" => return ins,
                "cf.br" => {
                    block = ctx.successors(op)[0];
                    args = ins;
                    continue 'blocks;
                }
                "scf.if" => {
                    let V::I(c, _) = ins[0] else { panic!() };
                    let region = ctx.region(op, if c != 0 { 0 } else { 1 });
                    let out = run_block(ctx, ctx.region_blocks(region)[0], &[], env);
                    for (r, v) in ctx.results(op).zip(out) {
                        env.insert(r, v);
                    }
                    continue;
                }
                _ => eval(ctx, op, &name, &ins),
            };
            env.insert(ctx.result(op, 0), result);
        }
        panic!("block without terminator");
    }
}

fn eval(ctx: &Context, op: OpId, name: &str, ins: &[V]) -> V {
    let w = width_of(ctx, ctx.result(op, 0));
    if name == "arith.constant" {
        return match ctx.attr_data(ctx.prop(op, "value").unwrap()) {
            AttrData::Integer { value, .. } => int(*value, w),
            AttrData::Float { bits, .. } => V::F(f32::from_bits(*bits as u32)),
            d => panic!("constant {d:?}"),
        };
    }
    match ins {
        [V::F(a)] if name == "arith.negf" => V::F(-a),
        [V::F(a), V::F(b)] => V::F(match name {
            "arith.addf" => a + b,
            "arith.subf" => a - b,
            "arith.mulf" => a * b,
            _ => panic!("{name}"),
        }),
        [V::F(a), V::F(b), V::F(c)] if name == "math.fma" => V::F(a.mul_add(*b, *c)),
        [V::I(c, 1), x, y] if name == "arith.select" => {
            if *c != 0 {
                *x
            } else {
                *y
            }
        }
        [V::I(a, v)] => {
            let wide = match name {
                "arith.extsi" | "arith.index_cast" => signed(*a, *v) as i128,
                _ => *a as i128,
            };
            int(wide, w)
        }
        [V::I(a, v), V::I(b, _)] => {
            let v = *v;
            let (sa, sb) = (signed(*a, v) as i128, signed(*b, v) as i128);
            let (ua, ub) = (*a as i128, *b as i128);
            if name == "arith.cmpi" {
                let p = ctx.attr_int(ctx.prop(op, "predicate").unwrap()).unwrap();
                let r = [
                    sa == sb,
                    sa != sb,
                    sa < sb,
                    sa <= sb,
                    sa > sb,
                    sa >= sb,
                    ua < ub,
                    ua <= ub,
                    ua > ub,
                    ua >= ub,
                ][p as usize];
                return int(r as i128, 1);
            }
            let r = match name {
                "arith.addi" => ua + ub,
                "arith.subi" => ua - ub,
                "arith.muli" => ua.wrapping_mul(ub),
                "arith.andi" => ua & ub,
                "arith.ori" => ua | ub,
                "arith.xori" => ua ^ ub,
                "arith.maxsi" => sa.max(sb),
                "arith.minsi" => sa.min(sb),
                "arith.maxui" => ua.max(ub),
                "arith.minui" => ua.min(ub),
                "arith.shli" => ua << ub,
                "arith.shrsi" => sa >> ub,
                "arith.shrui" => ua >> ub,
                "arith.divsi" => sa / sb,
                "arith.remsi" => sa % sb,
                "arith.divui" => ua / ub,
                "arith.remui" => ua % ub,
                "arith.ceildivui" => (ua + ub - 1) / ub,
                "arith.ceildivsi" => {
                    let q = sa / sb;
                    if sa % sb != 0 && (sa < 0) == (sb < 0) {
                        q + 1
                    } else {
                        q
                    }
                }
                "arith.floordivsi" => {
                    let q = sa / sb;
                    if sa % sb != 0 && (sa < 0) != (sb < 0) {
                        q - 1
                    } else {
                        q
                    }
                }
                _ => panic!("{name}"),
            };
            int(r, v)
        }
        _ => panic!("{name} {ins:?}"),
    }
}

fn random_args(rng: &mut Rng) -> Vec<V> {
    let f = |rng: &mut Rng| {
        V::F(*rng.pick(&[0.0f32, -0.0, 1.0, -2.5, 1e30, -1e-30, 3.25, f32::INFINITY]))
    };
    vec![
        int(rng.int(32), 32),
        int(rng.int(32), 32),
        int(rng.int(64), 64),
        int(rng.int(64), 64),
        f(rng),
        f(rng),
        int(rng.int(1), 1),
    ]
}

fn module_of(ctx: &mut Context, text: &str) -> OpId {
    cuwasm::parse_module(ctx, "t.mlir", text.to_string())
        .unwrap_or_else(|d| panic!("{}\n{text}", ctx.render_diagnostic(&d)))
}

#[test]
fn random_functions_keep_their_results() {
    let configs = [
        "egraph",
        "egraph{target=ptx}",
        "egraph{target=wasm}",
        "egraph{target=spirv}",
        "egraph{reassociate=full}",
        "egraph{reassociate=full target=wasm node-limit=200}",
        "egraph{node-limit=60 iter-limit=2}",
        "egraph{time-limit-ms=0}",
    ];
    let mut rng = Rng(0x1234_5678);
    let mut rewritten = 0;
    for seed in 0..320u64 {
        let text = random_function(seed);
        let config = configs[seed as usize % configs.len()];
        let pipeline = format!("builtin.module(func.func({config}))");
        let (out, stats) = run_with_stats(&pipeline, &text);
        rewritten += u32::from(!stats.contains("num-blocks-rewritten: 0"));
        let (mut before, mut after) = (context(), context());
        let (m0, m1) = (module_of(&mut before, &text), module_of(&mut after, &out));
        for _ in 0..12 {
            let args = random_args(&mut rng);
            let want = interpret(&before, m0, &args);
            let got = interpret(&after, m1, &args);
            assert_eq!(
                got, want,
                "seed {seed}, {config}, args {args:?}\n--- input:\n{text}\n--- output:\n{out}"
            );
        }
    }
    assert!(
        rewritten > 160,
        "only {rewritten} of 320 functions were rewritten"
    );
}

#[test]
fn pass_is_idempotent_on_its_output() {
    for seed in 200..230u64 {
        let text = random_function(seed);
        // No time limit: a run stopped early by a loaded machine could find
        // more the second time.
        let pipeline = "builtin.module(func.func(egraph{time-limit-ms=100000}))";
        let once = run(pipeline, &text);
        check(pipeline, &once, &once);
    }
}
