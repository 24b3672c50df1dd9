//! A small interpreter for the func + arith + cf + scf subset, written for
//! these tests only (it shares no code with the pass): integers of any
//! width up to 64 bits and `index`, blocks and branches, the structured ops,
//! and calls. A call to a function without a body is an observable event:
//! it is recorded (callee, arguments) and returns the next numbers of a
//! fixed pseudo-random sequence, so two programs that make the same calls in
//! the same order see the same results. A run stops after a given number
//! of events, which keeps non-terminating programs comparable.

use cuwasm::{AttrData, BlockId, Context, OpId, RegionId, Type, TypeData, ValueId};
use rustc_hash::FxHashMap;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    Returned(Vec<i128>),
    /// The event limit was reached.
    OutOfEvents,
    /// The step limit was reached (a loop without events).
    OutOfSteps,
    Error(String),
}

/// A run's end and its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub end: End,
    pub events: Vec<(String, Vec<i128>)>,
}

enum Stop {
    Events,
    Steps,
    Error(String),
}

/// How a region was left.
enum Exit {
    Values(Vec<i128>),
    Condition(bool, Vec<i128>),
}

pub struct Interp<'a> {
    ctx: &'a Context,
    module: OpId,
    env: FxHashMap<ValueId, i128>,
    events: Vec<(String, Vec<i128>)>,
    max_events: usize,
    steps: u64,
    max_steps: u64,
    rng: u64,
}

/// Run function `name` of `module` on `args`.
pub fn run(ctx: &Context, module: OpId, name: &str, args: &[i128], max_events: usize) -> Run {
    let mut it = Interp {
        ctx,
        module,
        env: FxHashMap::default(),
        events: Vec::new(),
        max_events,
        steps: 0,
        max_steps: 20_000,
        rng: 0x2545_f491_4f6c_dd1d,
    };
    let end = match it.call(name, args) {
        Ok(v) => End::Returned(v),
        Err(Stop::Events) => End::OutOfEvents,
        Err(Stop::Steps) => End::OutOfSteps,
        Err(Stop::Error(e)) => End::Error(e),
    };
    Run {
        end,
        events: it.events,
    }
}

/// The functions with bodies under `module` (func.func and gpu.func), by name.
pub fn functions(ctx: &Context, module: OpId) -> Vec<(String, OpId)> {
    ctx.walk_preorder(module)
        .into_iter()
        .filter(|&o| ctx.is_op(o, "func.func") || ctx.is_op(o, "gpu.func"))
        .filter(|&o| !ctx.region_is_empty(ctx.region(o, 0)))
        .filter_map(|o| {
            let name = ctx.inherent_or_attr(o, "sym_name")?;
            Some((ctx.attr_str(name)?.to_string(), o))
        })
        .collect()
}

fn width(ctx: &Context, ty: Type) -> u32 {
    match ctx.type_data(ty) {
        TypeData::Integer { width, .. } => *width,
        TypeData::Index => 64,
        _ => 64,
    }
}

/// `v` wrapped to `w` bits, sign-extended.
fn wrap(v: i128, w: u32) -> i128 {
    if w == 0 {
        return 0;
    }
    let s = 128 - w;
    (v << s) >> s
}

fn unsigned(v: i128, w: u32) -> i128 {
    if w >= 128 { v } else { v & ((1i128 << w) - 1) }
}

impl Interp<'_> {
    fn func(&self, name: &str) -> Option<OpId> {
        functions(self.ctx, self.module)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o)
            .or_else(|| {
                self.ctx.walk_preorder(self.module).into_iter().find(|&o| {
                    self.ctx.is_op(o, "func.func")
                        && self
                            .ctx
                            .prop(o, "sym_name")
                            .and_then(|a| self.ctx.attr_str(a))
                            == Some(name)
                })
            })
    }

    fn call(&mut self, name: &str, args: &[i128]) -> Result<Vec<i128>, Stop> {
        let f = self
            .func(name)
            .ok_or_else(|| Stop::Error(format!("no function @{name}")))?;
        let body = self.ctx.region(f, 0);
        if self.ctx.region_is_empty(body) {
            if self.events.len() >= self.max_events {
                return Err(Stop::Events);
            }
            self.events.push((name.to_string(), args.to_vec()));
            let results = match self
                .ctx
                .prop(f, "function_type")
                .and_then(|a| self.ctx.attr_type(a))
            {
                Some(t) => match self.ctx.type_data(t) {
                    TypeData::Function { results, .. } => results.clone(),
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            return Ok(results
                .iter()
                .map(|t| {
                    self.rng ^= self.rng << 13;
                    self.rng ^= self.rng >> 7;
                    self.rng ^= self.rng << 17;
                    wrap((self.rng % 16) as i128, width(self.ctx, *t))
                })
                .collect());
        }
        let saved = std::mem::take(&mut self.env);
        let out = self.region(body, args);
        self.env = saved;
        match out? {
            Exit::Values(v) => Ok(v),
            Exit::Condition(..) => Err(Stop::Error("scf.condition ends a function".into())),
        }
    }

    fn get(&self, v: ValueId) -> Result<i128, Stop> {
        self.env
            .get(&v)
            .copied()
            .ok_or_else(|| Stop::Error(format!("value {v:?} read before it was defined")))
    }

    fn gets(&self, vs: &[ValueId]) -> Result<Vec<i128>, Stop> {
        vs.iter().map(|v| self.get(*v)).collect()
    }

    fn bind(&mut self, block: BlockId, args: &[i128]) -> Result<(), Stop> {
        let params = self.ctx.block_args(block);
        if params.len() != args.len() {
            return Err(Stop::Error("argument count mismatch".into()));
        }
        for (p, a) in params.iter().zip(args) {
            let w = width(self.ctx, self.ctx.value_type(*p));
            self.env.insert(*p, wrap(*a, w));
        }
        Ok(())
    }

    /// Run `region` from its entry with `args` until a terminator leaves it.
    fn region(&mut self, region: RegionId, args: &[i128]) -> Result<Exit, Stop> {
        let ctx = self.ctx;
        let mut block = ctx
            .entry_block(region)
            .ok_or_else(|| Stop::Error("empty region".into()))?;
        self.bind(block, args)?;
        'blocks: loop {
            for op in ctx.block_ops(block) {
                self.steps += 1;
                if self.steps > self.max_steps {
                    return Err(Stop::Steps);
                }
                let name = ctx.op_name_text(op);
                match name {
                    "cf.br" | "cf.cond_br" | "cf.switch" => {
                        let k = self.successor(op)?;
                        let ranges = ctx.op_info(op).unwrap().successor_operands.unwrap();
                        let vals = self.gets(&ctx.operands(op)[ranges(ctx, op, k)])?;
                        block = ctx.successors(op)[k];
                        self.bind(block, &vals)?;
                        continue 'blocks;
                    }
                    "func.return" | "gpu.return" | "scf.yield" => {
                        return Ok(Exit::Values(self.gets(ctx.operands(op))?));
                    }
                    "scf.condition" => {
                        let vals = self.gets(ctx.operands(op))?;
                        return Ok(Exit::Condition(vals[0] != 0, vals[1..].to_vec()));
                    }
                    _ => {
                        let results = self.op(op)?;
                        for (r, v) in ctx.results(op).zip(results) {
                            let w = width(ctx, ctx.value_type(r));
                            self.env.insert(r, wrap(v, w));
                        }
                    }
                }
            }
            return Err(Stop::Error("block without terminator".into()));
        }
    }

    /// Which successor a cf terminator takes.
    fn successor(&self, op: OpId) -> Result<usize, Stop> {
        let ctx = self.ctx;
        Ok(match ctx.op_name_text(op) {
            "cf.br" => 0,
            "cf.cond_br" => usize::from(self.get(ctx.operand(op, 0))? == 0),
            _ => {
                let flag = self.get(ctx.operand(op, 0))?;
                let w = width(ctx, ctx.value_type(ctx.operand(op, 0)));
                let cases: Vec<i128> = match ctx.prop(op, "case_values").map(|a| ctx.attr_data(a)) {
                    Some(AttrData::Dense {
                        values: cuwasm::DenseValues::Int(v),
                        splat,
                        ..
                    }) => {
                        let n = ctx.successors(op).len() - 1;
                        if *splat { vec![v[0]; n] } else { v.clone() }
                    }
                    _ => Vec::new(),
                };
                cases
                    .iter()
                    .position(|c| wrap(*c, w) == flag)
                    .map_or(0, |i| i + 1)
            }
        })
    }

    /// Execute a non-terminator; its results.
    fn op(&mut self, op: OpId) -> Result<Vec<i128>, Stop> {
        let ctx = self.ctx;
        let name = ctx.op_name_text(op);
        let ops = self.gets(ctx.operands(op))?;
        let w = ctx
            .operands(op)
            .first()
            .map(|v| width(ctx, ctx.value_type(*v)))
            .unwrap_or(64);
        let bin =
            |f: fn(i128, i128) -> i128| -> Result<Vec<i128>, Stop> { Ok(vec![f(ops[0], ops[1])]) };
        let u = |x: i128| unsigned(x, w);
        match name {
            // MLIR's lift-cf-to-scf passes poison where no value matters.
            "ub.poison" => Ok(vec![0]),
            "arith.constant" => {
                let a = ctx.prop(op, "value").unwrap();
                let v = ctx
                    .attr_int(a)
                    .ok_or_else(|| Stop::Error("non-integer constant".into()))?;
                Ok(vec![v])
            }
            "arith.addi" => bin(|a, b| a + b),
            "arith.subi" => bin(|a, b| a - b),
            "arith.muli" => bin(|a, b| a.wrapping_mul(b)),
            "arith.andi" => bin(|a, b| a & b),
            "arith.ori" => bin(|a, b| a | b),
            "arith.xori" => bin(|a, b| a ^ b),
            "arith.maxsi" => bin(|a, b| a.max(b)),
            "arith.minsi" => bin(|a, b| a.min(b)),
            "arith.shli" => Ok(vec![if u(ops[1]) >= w as i128 {
                0
            } else {
                ops[0] << u(ops[1])
            }]),
            "arith.divsi" | "arith.remsi" | "arith.divui" | "arith.remui" => {
                if ops[1] == 0 {
                    return Err(Stop::Error("division by zero".into()));
                }
                Ok(vec![match name {
                    "arith.divsi" => ops[0] / ops[1],
                    "arith.remsi" => ops[0] % ops[1],
                    "arith.divui" => u(ops[0]) / u(ops[1]),
                    _ => u(ops[0]) % u(ops[1]),
                }])
            }
            "arith.cmpi" => {
                let p = ctx
                    .prop(op, "predicate")
                    .and_then(|a| ctx.attr_int(a))
                    .unwrap();
                let (a, b) = (ops[0], ops[1]);
                let r = match p {
                    0 => a == b,
                    1 => a != b,
                    2 => a < b,
                    3 => a <= b,
                    4 => a > b,
                    5 => a >= b,
                    6 => u(a) < u(b),
                    7 => u(a) <= u(b),
                    8 => u(a) > u(b),
                    _ => u(a) >= u(b),
                };
                Ok(vec![r as i128])
            }
            "arith.select" => Ok(vec![if ops[0] != 0 { ops[1] } else { ops[2] }]),
            "arith.index_cast" | "arith.extsi" | "arith.trunci" => Ok(vec![ops[0]]),
            "arith.index_castui" | "arith.extui" => Ok(vec![u(ops[0])]),
            "func.call" => {
                let callee = ctx.prop(op, "callee").unwrap();
                let name = match ctx.attr_data(callee) {
                    AttrData::SymbolRef { root, .. } => ctx.symbol_str(*root).to_string(),
                    _ => return Err(Stop::Error("bad callee".into())),
                };
                self.call(&name, &ops)
            }
            "scf.if" => {
                let r = if ops[0] != 0 { 0 } else { 1 };
                let region = ctx.region(op, r);
                if ctx.region_is_empty(region) {
                    return Ok(Vec::new());
                }
                self.values(region, &[])
            }
            "scf.index_switch" => {
                let cases = ctx
                    .prop(op, "cases")
                    .and_then(|a| ctx.attr_dense_array(a))
                    .unwrap_or(&[]);
                let r = cases.iter().position(|c| *c == ops[0]).map_or(0, |i| i + 1);
                self.values(ctx.region(op, r), &[])
            }
            "scf.execute_region" => self.values(ctx.region(op, 0), &[]),
            "scf.while" => {
                let mut args = ops;
                loop {
                    match self.region(ctx.region(op, 0), &args)? {
                        Exit::Condition(true, vals) => {
                            args = self.values(ctx.region(op, 1), &vals)?
                        }
                        Exit::Condition(false, vals) => return Ok(vals),
                        Exit::Values(_) => return Err(Stop::Error("before region yielded".into())),
                    }
                }
            }
            "scf.for" => {
                let (lb, ub, step) = (ops[0], ops[1], ops[2]);
                let unsigned_cmp = ctx.prop(op, "unsignedCmp").is_some();
                let mut iter = ops[3..].to_vec();
                let mut iv = lb;
                while if unsigned_cmp { u(iv) < u(ub) } else { iv < ub } {
                    let mut args = vec![iv];
                    args.extend(&iter);
                    iter = self.values(ctx.region(op, 0), &args)?;
                    iv = wrap(iv + step, w);
                }
                Ok(iter)
            }
            _ => Err(Stop::Error(format!("cannot interpret {name}"))),
        }
    }

    fn values(&mut self, region: RegionId, args: &[i128]) -> Result<Vec<i128>, Stop> {
        match self.region(region, args)? {
            Exit::Values(v) => Ok(v),
            Exit::Condition(..) => Err(Stop::Error("unexpected scf.condition".into())),
        }
    }
}
