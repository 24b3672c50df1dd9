//! The harness: each instruction form becomes one `.entry` kernel that loads
//! its operands from a record of 64-bit words per thread, runs the
//! instruction, and stores its results into a record of 64-bit words. A
//! [`Suite`] puts its forms into one PTX module, compiles it once with
//! [`Jit::ptx`], launches every kernel on all its cases (one thread per case)
//! and compares each result with the [`Want`] that the form's reference gives.
//! All mismatches of a suite are reported together.

use cuwasm_tools::devices::DeviceChoice;
use cuwasm_tools::jit::Jit;
use std::fmt::Write;

/// The register class of an operand (`.reg .b32 %a0;` ...). Predicates travel
/// through memory as 32-bit 0/1; everything else as its bits, zero-extended
/// to 64.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum R {
    Pred,
    B16,
    B32,
    B64,
    F32,
    F64,
}

impl R {
    fn decl(self) -> &'static str {
        match self {
            R::Pred => ".pred",
            R::B16 => ".b16",
            R::B32 => ".b32",
            R::B64 => ".b64",
            R::F32 => ".f32",
            R::F64 => ".f64",
        }
    }

    /// The type of the `ld`/`st` that moves it (predicates go through `%t`).
    fn mem(self) -> &'static str {
        match self {
            R::Pred => "u32",
            R::B16 => "b16",
            R::B32 => "b32",
            R::B64 => "b64",
            R::F32 => "f32",
            R::F64 => "f64",
        }
    }

    pub fn bits(self) -> u32 {
        match self {
            R::Pred => 1,
            R::B16 => 16,
            R::B32 | R::F32 => 32,
            R::B64 | R::F64 => 64,
        }
    }

    pub fn mask(self) -> u64 {
        match self.bits() {
            64 => u64::MAX,
            b => (1u64 << b) - 1,
        }
    }
}

/// What a result must be.
#[derive(Clone, Debug, PartialEq)]
pub enum Want {
    /// These bits exactly (of the register's width; predicates 0 or 1).
    Bits(u64),
    /// Any NaN of the register's float width (16, 32 or 64 bits).
    Nan,
    /// A float of the register's width within `rel` relative or `abs`
    /// absolute error of `value` (either suffices); infinities and NaN must
    /// match exactly in kind.
    Near { value: f64, rel: f64, abs: f64 },
    /// An f32 within `ulps` units in the last place of the exact `value`
    /// (the spacing of f32 at `value`); infinities, zeros of a zero value and
    /// NaN must match in kind.
    Ulps { value: f64, ulps: f64 },
    /// A NaN of a 16-bit format (f16 or bf16) in the low 16 bits.
    Nan16(crate::float::Fmt),
    /// The two 16-bit halves of a packed result, each checked on its own.
    Halves(Box<Want>, Box<Want>),
    /// One of these bit patterns (where PTX allows either).
    OneOf(Vec<u64>),
    /// PTX leaves the result unspecified: only that the kernel runs.
    Any,
}

/// A result from a Rust `f32`.
pub fn wf(x: f32) -> Want {
    if x.is_nan() {
        Want::Nan
    } else {
        Want::Bits(x.to_bits() as u64)
    }
}

/// A result from a Rust `f64`.
pub fn wd(x: f64) -> Want {
    if x.is_nan() {
        Want::Nan
    } else {
        Want::Bits(x.to_bits())
    }
}

/// A reference: the wanted results of one case from its inputs.
pub type Reference = Box<dyn Fn(&[u64]) -> Vec<Want>>;

/// One instruction form: its PTX (operands `%a0..%a3`, results `%d0, %d1`;
/// any number of lines), the classes of its results and inputs, the inputs
/// to run, and the reference.
pub struct Form {
    pub name: String,
    pub body: String,
    pub outs: Vec<R>,
    pub ins: Vec<R>,
    pub cases: Vec<Vec<u64>>,
    pub reference: Reference,
    /// Why this form cannot run on the CPU path (the compile error must say
    /// it); `None` for forms that run and are checked.
    pub cannot_run: Option<&'static str>,
}

impl Form {
    pub fn new(
        body: &str,
        outs: &[R],
        ins: &[R],
        cases: Vec<Vec<u64>>,
        reference: impl Fn(&[u64]) -> Vec<Want> + 'static,
    ) -> Form {
        let name = body.lines().next().unwrap_or("").trim().to_string();
        Form {
            name,
            body: body.to_string(),
            outs: outs.to_vec(),
            ins: ins.to_vec(),
            cases,
            reference: Box::new(reference),
            cannot_run: None,
        }
    }

    /// The `.entry` kernel `k{index}` of this form.
    fn kernel(&self, index: usize) -> String {
        let mut decls = String::new();
        let mut body = String::new();
        for (k, r) in self.ins.iter().enumerate() {
            writeln!(decls, "  .reg {} %a{k};", r.decl()).unwrap();
            if *r == R::Pred {
                writeln!(body, "  ld.global.u32 %t, [%pin+{}];", 8 * k).unwrap();
                writeln!(body, "  setp.ne.u32 %a{k}, %t, 0;").unwrap();
            } else {
                writeln!(body, "  ld.global.{} %a{k}, [%pin+{}];", r.mem(), 8 * k).unwrap();
            }
        }
        for (k, r) in self.outs.iter().enumerate() {
            writeln!(decls, "  .reg {} %d{k};", r.decl()).unwrap();
        }
        for line in self.body.lines() {
            writeln!(body, "  {}", line.trim()).unwrap();
        }
        for (k, r) in self.outs.iter().enumerate() {
            if *r == R::Pred {
                writeln!(body, "  selp.u32 %t, 1, 0, %d{k};").unwrap();
                writeln!(body, "  st.global.u32 [%pout+{}], %t;", 8 * k).unwrap();
            } else {
                writeln!(body, "  st.global.{} [%pout+{}], %d{k};", r.mem(), 8 * k).unwrap();
            }
        }
        let (nin, nout) = (self.ins.len().max(1), self.outs.len().max(1));
        entry(&format!("k{index}"), &decls, nin, nout, &body)
    }
}

/// `.entry name(.param .u64 in_ptr, .param .u64 out_ptr)`: `%i` is the
/// global thread index (x), `%t`/`%nt`/`%ct` its parts, `%out0` the output
/// pointer, `%pin`/`%pout` advanced to the thread's records of `in_words`
/// and `out_words` 64-bit words; `decls` declares the body's own names.
pub fn entry(name: &str, decls: &str, in_words: usize, out_words: usize, body: &str) -> String {
    let mut s = String::new();
    writeln!(
        s,
        ".visible .entry {name}(.param .u64 in_ptr, .param .u64 out_ptr)\n{{"
    )
    .unwrap();
    s += "  .reg .b32 %i, %t, %nt, %ct;\n  .reg .b64 %pin, %pout, %out0, %off;\n";
    s += decls;
    s += "\n  ld.param.u64 %pin, [in_ptr];\n  ld.param.u64 %out0, [out_ptr];\n";
    s += "  mov.u32 %t, %tid.x;\n  mov.u32 %nt, %ntid.x;\n  mov.u32 %ct, %ctaid.x;\n";
    s += "  mad.lo.u32 %i, %ct, %nt, %t;\n";
    writeln!(s, "  mul.wide.u32 %off, %i, {};", 8 * in_words).unwrap();
    s += "  add.s64 %pin, %pin, %off;\n";
    writeln!(s, "  mul.wide.u32 %off, %i, {};", 8 * out_words).unwrap();
    s += "  add.s64 %pout, %out0, %off;\n";
    s += body;
    s += "\n  ret;\n}\n";
    s
}

/// The module header every test kernel uses.
pub const HEADER: &str = ".version 8.0\n.target sm_90\n.address_size 64\n";

/// The environment variable naming the device the suites run on.
pub const DEVICE_VAR: &str = "PTX_SEMANTICS_DEVICE";

/// The device the suites run on, as `cuwasm-run --device` names it: `cpu`
/// unless [`DEVICE_VAR`] names another (main.rs runs this binary again for
/// each other device).
pub fn device() -> String {
    std::env::var(DEVICE_VAR).unwrap_or_else(|_| "cpu".into())
}

/// Compile PTX text for [`device`].
pub fn compile(ptx: &str) -> Result<Jit, cuwasm_tools::jit::JitError> {
    let device = DeviceChoice::parse(&device()).unwrap_or_else(|e| panic!("{DEVICE_VAR}: {e}"));
    Jit::ptx_on(ptx, device)
}

/// Compile PTX text for [`device`], panicking with the diagnostics.
pub fn jit(ptx: &str) -> Jit {
    compile(ptx).unwrap_or_else(|e| {
        eprintln!("--- PTX ---\n{ptx}");
        panic!("PTX did not compile:\n{e}")
    })
}

/// Does `got` (a result of class `r`) satisfy `want`?
pub fn matches(r: R, got: u64, want: &Want) -> bool {
    let got = got & r.mask();
    match want {
        Want::Bits(b) => got == (b & r.mask()),
        Want::OneOf(v) => v.iter().any(|b| got == (b & r.mask())),
        Want::Any => true,
        Want::Nan => as_f64(r, got).is_nan(),
        Want::Nan16(f) => crate::float::is_nan16(got & 0xffff, *f),
        Want::Halves(lo, hi) => matches(R::B16, got & 0xffff, lo) && matches(R::B16, got >> 16, hi),
        Want::Near { value, rel, abs } => {
            let g = as_f64(r, got);
            if value.is_nan() || g.is_nan() || value.is_infinite() || g.is_infinite() {
                return g == *value || (g.is_nan() && value.is_nan());
            }
            let err = (g - value).abs();
            err <= *abs || err <= rel * value.abs()
        }
        Want::Ulps { value, ulps } => {
            let g = as_f64(r, got);
            if !value.is_finite() || !g.is_finite() || *value == 0.0 {
                return g == *value || (g.is_nan() && value.is_nan());
            }
            let v = (*value as f32).abs();
            let ulp = if v.is_finite() {
                (v.next_up() - v) as f64
            } else {
                f32::MAX as f64
            };
            (g - value).abs() <= ulps * ulp
        }
    }
}

/// The float value of the bits of a result of class `r` (16 bits as f16).
pub fn as_f64(r: R, bits: u64) -> f64 {
    match r {
        R::F32 | R::B32 => f32::from_bits(bits as u32) as f64,
        R::F64 | R::B64 => f64::from_bits(bits),
        R::B16 => crate::float::f16_to_f64(bits as u16),
        R::Pred => bits as f64,
    }
}

/// Forms compiled together into one module.
pub struct Suite {
    pub forms: Vec<Form>,
}

impl Suite {
    pub fn new() -> Suite {
        Suite { forms: Vec::new() }
    }

    /// Add a form; one that `gaps.rs` lists as not running on [`device`]
    /// is marked so.
    pub fn add(&mut self, mut f: Form) {
        if f.cannot_run.is_none() {
            f.cannot_run = crate::gaps::gap(&device(), &f.body);
        }
        self.forms.push(f);
    }

    /// The PTX module of the forms that run.
    pub fn module(&self) -> String {
        let mut s = HEADER.to_string();
        for (i, f) in self.forms.iter().enumerate() {
            if f.cannot_run.is_none() {
                s += &f.kernel(i);
            }
        }
        s
    }

    /// Compile, run every form on its cases, compare; panic with every
    /// mismatch. Forms marked [`Form::cannot_run`] are compiled alone and
    /// must fail with their reason; they are listed on stderr. Returns the
    /// number of kernels run.
    pub fn run(self) -> usize {
        let j = self.compile_all();
        let mut failures = Vec::new();
        let mut ran = 0;
        for (i, f) in self.forms.iter().enumerate() {
            if let Some(reason) = f.cannot_run {
                let alone = HEADER.to_string() + &f.kernel(i);
                match compile(&alone) {
                    Ok(_) => failures.push(format!(
                        "  {}: marked as not running on {} ({reason}) but it compiles: \
                         remove the mark so that it is checked",
                        f.name,
                        device()
                    )),
                    Err(e) if reason.split('|').any(|r| e.to_string().contains(r)) => {
                        eprintln!("cannot run on {}: {}: {reason}", device(), f.name)
                    }
                    Err(e) => failures.push(format!(
                        "  {}: expected the compile error '{reason}', got:\n{e}",
                        f.name
                    )),
                }
                continue;
            }
            ran += 1;
            failures.extend(run_form(&j, i, f));
        }
        eprintln!(
            "suite: {} instruction forms, {ran} run and checked, {} cannot run on {}",
            self.forms.len(),
            self.forms.len() - ran,
            device()
        );
        if !failures.is_empty() {
            let n = failures.len();
            failures.truncate(60);
            panic!(
                "{n} mismatches:\n{}{}",
                failures.join("\n"),
                if n > 60 { "\n..." } else { "" }
            );
        }
        ran
    }

    /// The module of the forms that run, compiled; when it does not compile,
    /// a panic that names every form failing on its own, with its error.
    fn compile_all(&self) -> Jit {
        if let Ok(j) = compile(&self.module()) {
            return j;
        }
        let failing: Vec<String> = (self.forms.iter().enumerate())
            .filter(|(_, f)| f.cannot_run.is_none())
            .filter_map(|(i, f)| {
                let alone = HEADER.to_string() + &f.kernel(i);
                let e = compile(&alone).err()?;
                Some(format!("  {}  [{}]\n{e}", f.name, f.body))
            })
            .collect();
        panic!(
            "{} forms do not compile on {}:\n{}",
            failing.len(),
            device(),
            failing.join("\n")
        )
    }
}

/// Launch form `f` (kernel `k{index}`) on its cases; the mismatches as text.
fn run_form(j: &Jit, index: usize, f: &Form) -> Vec<String> {
    let n = f.cases.len();
    assert!(n > 0, "{}: no cases", f.name);
    let (nin, nout) = (f.ins.len().max(1), f.outs.len().max(1));
    // one thread per case, in blocks of 32 (the last padded with the first case)
    let threads = n.div_ceil(32) * 32;
    let mut input = vec![0u64; threads * nin];
    for t in 0..threads {
        let case = &f.cases[if t < n { t } else { 0 }];
        assert_eq!(case.len(), f.ins.len(), "{}: case arity", f.name);
        for (k, v) in case.iter().enumerate() {
            input[t * nin + k] = v & f.ins[k].mask();
        }
    }
    let inb = j.upload(&input).unwrap();
    let outb = j.alloc::<u64>(threads * nout).unwrap();
    let name = format!("k{index}");
    if let Err(e) = j.launch(&name, (threads / 32) as u32, 32, &[&inb, &outb]) {
        return vec![format!("{}: launch failed: {e}", f.name)];
    }
    let out = outb.to_vec().unwrap();
    let mut bad = Vec::new();
    for (t, case) in f.cases.iter().enumerate() {
        // the reference sees the operands as the registers hold them
        let case: Vec<u64> = case.iter().zip(&f.ins).map(|(v, r)| v & r.mask()).collect();
        let wants = (f.reference)(&case);
        assert_eq!(wants.len(), f.outs.len(), "{}: reference arity", f.name);
        for (k, w) in wants.iter().enumerate() {
            let got = out[t * nout + k] & f.outs[k].mask();
            if !matches(f.outs[k], got, w) {
                bad.push(format!(
                    "  {}  inputs {}  result {k}: got {:#x} ({}), want {:?}",
                    f.name,
                    case.iter()
                        .zip(&f.ins)
                        .map(|(v, r)| show(*r, *v))
                        .collect::<Vec<_>>()
                        .join(", "),
                    got,
                    show(f.outs[k], got),
                    w
                ));
            }
        }
    }
    bad
}

/// An operand for messages: hex, with the float value where it is one.
pub fn show(r: R, v: u64) -> String {
    let v = v & r.mask();
    match r {
        R::F32 | R::F64 => format!("{:#x}={}", v, as_f64(r, v)),
        _ => format!("{v:#x}"),
    }
}

/// xorshift64*, seeded per test so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// `n` values: bits of width `bits`, biased towards the edges.
    pub fn words(&mut self, n: usize, bits: u32) -> Vec<u64> {
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        (0..n)
            .map(|_| {
                let x = self.next();
                match x % 4 {
                    // small magnitudes of either sign
                    0 => ((x >> 8) % 64).wrapping_sub(32) & mask,
                    _ => (x >> 2) & mask,
                }
            })
            .collect()
    }

    /// `n` finite floats (as f64) spread over many magnitudes.
    pub fn floats(&mut self, n: usize, max_exp: i32) -> Vec<f64> {
        (0..n)
            .map(|_| {
                let x = self.next();
                let m = 1.0 + (x >> 11) as f64 / (1u64 << 53) as f64;
                let e = ((x >> 3) % (2 * max_exp as u64 + 1)) as i32 - max_exp;
                let s = if x & 1 == 0 { 1.0 } else { -1.0 };
                s * m * 2f64.powi(e)
            })
            .collect()
    }
}

/// Every tuple of `values` taken `arity` at a time (cartesian power).
pub fn product(values: &[u64], arity: usize) -> Vec<Vec<u64>> {
    let mut out: Vec<Vec<u64>> = vec![vec![]];
    for _ in 0..arity {
        out = out
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    out
}

/// Tuples of `arity` random picks from `values` (for arities whose full
/// product is too large).
pub fn picks(rng: &mut Rng, values: &[u64], arity: usize, n: usize) -> Vec<Vec<u64>> {
    (0..n)
        .map(|_| {
            (0..arity)
                .map(|_| values[(rng.next() % values.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// A whole-kernel test's compile: `None` where `gaps.rs` says [`device`]
/// cannot run kernel `what` (the compile error must contain that text; it is
/// listed on stderr), else the compiled module (a compile error fails the
/// test).
pub fn compile_or_gap(what: &str, ptx: &str) -> Option<Jit> {
    let device = device();
    match crate::gaps::gap(&device, what) {
        None => Some(jit(ptx)),
        Some(reason) => match compile(ptx) {
            Ok(_) => panic!(
                "{what}: marked as not running on {device} ({reason}) but it compiles: \
                 remove the mark so that it is checked"
            ),
            Err(e) if reason.split('|').any(|r| e.to_string().contains(r)) => {
                eprintln!("cannot run on {device}: {what}: {reason}");
                None
            }
            Err(e) => panic!("{what}: expected the compile error '{reason}', got:\n{e}"),
        },
    }
}

/// Launch `entry(in_ptr, out_ptr)` on `input` (64-bit words) with an output
/// of `out_len` zeroed words; returns the output.
pub fn launch(
    j: &Jit,
    entry: &str,
    grid: impl Into<cuwasm_tools::jit::Dim3>,
    block: impl Into<cuwasm_tools::jit::Dim3>,
    input: &[u64],
    out_len: usize,
) -> Vec<u64> {
    let inb = j.upload(input).unwrap();
    let outb = j.alloc::<u64>(out_len).unwrap();
    j.launch(entry, grid, block, &[&inb, &outb])
        .unwrap_or_else(|e| panic!("{entry}: launch failed: {e}"));
    outb.to_vec().unwrap()
}
