//! The hand-written kernel module the wasm tests share (the wasmtime device's
//! and the Node.js loader's): it follows docs/wasm-abi.md to the letter —
//! the imported shared memory and `memory_base`, pointers as
//! `memory_base + offset`, `params` as an array of pointers to the argument
//! values, the 64-byte `KernelEnv`, `cuwasm_init` copying passive data, and
//! the `#`-globals describing kernels and device variables.

#![allow(dead_code)]

pub mod node;

pub use node::random;
use std::fmt::Write;

/// Where the module's data starts (docs/wasm-abi.md: the first KiB stays unused).
const DATA: u32 = 1024;

/// The module's data, laid out from [`DATA`]: each kernel's argument sizes,
/// the device variable `k.table`, and printf's format and string.
struct Data {
    bytes: Vec<u8>,
}

impl Data {
    /// Append `bytes` at a multiple of `align`; returns their offset.
    fn put(&mut self, bytes: &[u8], align: usize) -> u32 {
        while !self.bytes.len().is_multiple_of(align) {
            self.bytes.push(0);
        }
        let at = DATA + self.bytes.len() as u32;
        self.bytes.extend_from_slice(bytes);
        at
    }

    fn u32s(&mut self, values: &[u32]) -> u32 {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.put(&bytes, 4)
    }

    /// The data as a WAT string literal.
    fn wat_string(&self) -> String {
        self.bytes.iter().fold(String::new(), |mut s, b| {
            write!(s, "\\{b:02x}").unwrap();
            s
        })
    }
}

/// The exports describing kernel `name`.
fn kernel_globals(
    name: &str,
    sizes_at: u32,
    num_params: u32,
    shared: u32,
    per_thread: u32,
) -> String {
    format!(
        r#"
  (global (export "{name}#num_params") i32 (i32.const {num_params}))
  (global (export "{name}#param_sizes") i32 (i32.const {sizes_at}))
  (global (export "{name}#static_shared_bytes") i32 (i32.const {shared}))
  (global (export "{name}#per_thread_bytes") i32 (i32.const {per_thread}))"#
    )
}

/// A `#param_sizes` entry's mark of a struct passed by value.
pub const BYVAL: u32 = 1 << 31;

/// printf's format, as the kernel prints it.
pub const FORMAT: &str = "printf from wasm: %d %s\n";

/// The test module: kernels `k.saxpy`, `k.env`, `k.reverse`, `k.hist`,
/// `k.oob`, `k.div`, `k.math`, `k.printf`, `k.read_table`, `k.byval`, and the device
/// variable `k.table` (four i32s, initially 11, 22, 33, 44).
pub fn test_module() -> Vec<u8> {
    let mut data = Data { bytes: Vec::new() };
    let mut globals = String::new();
    let kernels: [(&str, &[u32], u32, u32); 10] = [
        ("k.saxpy", &[4, 4, 8, 8], 0, 0),
        ("k.env", &[8], 40, 8),
        ("k.reverse", &[8, 8], 1024, 4),
        ("k.hist", &[4, 8, 8], 0, 0),
        ("k.oob", &[8, 4], 0, 0),
        ("k.div", &[4, 8], 0, 0),
        ("k.math", &[4, 8, 8, 8, 8], 0, 0),
        ("k.printf", &[8], 0, 16),
        ("k.read_table", &[8], 0, 0),
        ("k.byval", &[BYVAL | 16, 8], 0, 0),
    ];
    for (name, sizes, shared, per_thread) in kernels {
        let at = data.u32s(sizes);
        globals += &kernel_globals(name, at, sizes.len() as u32, shared, per_thread);
    }
    let table = data.u32s(&[11, 22, 33, 44]);
    let format = data.put(format!("{FORMAT}\0").as_bytes(), 1);
    let word = data.put(b"wasm\0", 1);
    let data_end = data.put(&[], 16);
    let text = format!(
        r#"(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "env" "memory_base" (global $base i64))
  (import "env" "sinf" (func $sinf (param f32) (result f32)))
  (import "env" "cosf" (func $cosf (param f32) (result f32)))
  (import "env" "expf" (func $expf (param f32) (result f32)))
  (import "env" "logf" (func $logf (param f32) (result f32)))
  (import "env" "tanhf" (func $tanhf (param f32) (result f32)))
  (import "env" "erff" (func $erff (param f32) (result f32)))
  (import "env" "powf" (func $powf (param f32 f32) (result f32)))
  (import "env" "fmaf" (func $fmaf (param f32 f32 f32) (result f32)))
  (import "env" "exp10f" (func $exp10f (param f32) (result f32)))
  (import "env" "cbrtf" (func $cbrtf (param f32) (result f32)))
  (import "env" "sin" (func $sin (param f64) (result f64)))
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (import "env" "log1p" (func $log1p (param f64) (result f64)))
  (import "env" "pow" (func $pow (param f64 f64) (result f64)))
  (import "env" "erfc" (func $erfc (param f64) (result f64)))
  (import "env" "fma" (func $fma (param f64 f64 f64) (result f64)))
  (import "env" "cuwasm_rt_printf" (func $printf (param i32 i64 i64 i32) (result i32)))

  (data $data "{data}")
  (func (export "cuwasm_init")
    (memory.init $data (i32.const {DATA}) (i32.const 0) (i32.const {len})))
  (global (export "cuwasm_data_end") i32 (i32.const {data_end}))
  (global (export "k.table#offset") i32 (i32.const {table}))
  (global (export "k.table#bytes") i32 (i32.const 16))
  {globals}

  ;; The offset of pointer p.
  (func $a (param $p i64) (result i32)
    (i32.wrap_i64 (i64.sub (local.get $p) (global.get $base))))
  ;; The offset of argument i's value.
  (func $arg (param $params i64) (param $i i32) (result i32)
    (call $a (i64.load (i32.add (call $a (local.get $params))
                                (i32.shl (local.get $i) (i32.const 3))))))
  ;; The u32 field of KernelEnv at byte `off`.
  (func $env (param $env i64) (param $off i32) (result i32)
    (i32.load (i32.add (call $a (local.get $env)) (local.get $off))))
  ;; The pointer field of KernelEnv at byte `off`.
  (func $envp (param $env i64) (param $off i32) (result i64)
    (i64.load (i32.add (call $a (local.get $env)) (local.get $off))))
  ;; The offset of element i of 4-byte elements at pointer p.
  (func $at4 (param $p i64) (param $i i32) (result i32)
    (call $a (i64.add (local.get $p) (i64.extend_i32_u (i32.shl (local.get $i) (i32.const 2))))))
  ;; blockIdx.x * blockDim.x + tx
  (func $gid (param $env i64) (param $tx i32) (result i32)
    (i32.add (i32.mul (call $env (local.get $env) (i32.const 24))
                      (call $env (local.get $env) (i32.const 12)))
             (local.get $tx)))

  ;; y[i] = a * x[i] + y[i] for i < n
  (func (export "k.saxpy") (param $params i64) (param $e i64)
    (local $n i32) (local $alpha f32) (local $x i64) (local $y i64) (local $tx i32) (local $g i32) (local $p i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $alpha (f32.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $x (i64.load (call $arg (local.get $params) (i32.const 2))))
    (local.set $y (i64.load (call $arg (local.get $params) (i32.const 3))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $p (call $at4 (local.get $y) (local.get $g)))
        (f32.store (local.get $p)
          (f32.add (f32.mul (local.get $alpha) (f32.load (call $at4 (local.get $x) (local.get $g))))
                   (f32.load (local.get $p))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; 16 u32s per block at out + 64 * linear block: grid, block, block_idx,
  ;; the three buffer pointers mod 16, dynamic - shared, scratch - dynamic,
  ;; and the buffers' offsets' sum being inside the memory (1).
  (func (export "k.env") (param $params i64) (param $e i64)
    (local $o i32) (local $i i32)
    (local.set $o (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 0)))
      (i64.extend_i32_u (i32.shl
        (i32.add (call $env (local.get $e) (i32.const 24))
          (i32.mul (call $env (local.get $e) (i32.const 0))
            (i32.add (call $env (local.get $e) (i32.const 28))
              (i32.mul (call $env (local.get $e) (i32.const 4)) (call $env (local.get $e) (i32.const 32))))))
        (i32.const 6))))))
    (block $done (loop $fields
      (br_if $done (i32.ge_u (local.get $i) (i32.const 9)))
      (i32.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 2)))
                 (call $env (local.get $e) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fields)))
    (i32.store offset=36 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 40))) (i32.const 15)))
    (i32.store offset=40 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 48))) (i32.const 15)))
    (i32.store offset=44 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 56))) (i32.const 15)))
    (i32.store offset=48 (local.get $o) (i32.wrap_i64 (i64.sub (call $envp (local.get $e) (i32.const 48))
                                                            (call $envp (local.get $e) (i32.const 40)))))
    (i32.store offset=52 (local.get $o) (i32.wrap_i64 (i64.sub (call $envp (local.get $e) (i32.const 56))
                                                            (call $envp (local.get $e) (i32.const 48)))))
    ;; Touch the last byte of each buffer (traps if it is outside the memory).
    (i32.store8 offset=39 (call $a (call $envp (local.get $e) (i32.const 40))) (i32.const 1))
    (i32.store offset=56 (local.get $o) (i32.const 1)))

  ;; With blockDim.x = B: shared[t] = in[g], dynamic[t] = 3 in[g],
  ;; scratch[t] = t + 7; then out[g] = 1000 shared[B-1-t] + dynamic[(t+1) % B] + scratch[t].
  (func (export "k.reverse") (param $params i64) (param $e i64)
    (local $in i64) (local $out i64) (local $bd i32) (local $tx i32) (local $v i32)
    (local $sh i32) (local $dyn i32) (local $scr i32)
    (local.set $in (i64.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $out (i64.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $bd (call $env (local.get $e) (i32.const 12)))
    (local.set $sh (call $a (call $envp (local.get $e) (i32.const 40))))
    (local.set $dyn (call $a (call $envp (local.get $e) (i32.const 48))))
    (local.set $scr (call $a (call $envp (local.get $e) (i32.const 56))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (local.get $bd)))
      (local.set $v (i32.load (call $at4 (local.get $in) (call $gid (local.get $e) (local.get $tx)))))
      (i32.store (i32.add (local.get $sh) (i32.shl (local.get $tx) (i32.const 2))) (local.get $v))
      (i32.store (i32.add (local.get $dyn) (i32.shl (local.get $tx) (i32.const 2)))
                 (i32.mul (local.get $v) (i32.const 3)))
      (i32.store (i32.add (local.get $scr) (i32.shl (local.get $tx) (i32.const 2)))
                 (i32.add (local.get $tx) (i32.const 7)))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads)))
    (local.set $tx (i32.const 0))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (local.get $bd)))
      (i32.store (call $at4 (local.get $out) (call $gid (local.get $e) (local.get $tx)))
        (i32.add
          (i32.add
            (i32.mul (i32.const 1000)
              (i32.load (i32.add (local.get $sh)
                (i32.shl (i32.sub (i32.sub (local.get $bd) (i32.const 1)) (local.get $tx)) (i32.const 2)))))
            (i32.load (i32.add (local.get $dyn)
              (i32.shl (i32.rem_u (i32.add (local.get $tx) (i32.const 1)) (local.get $bd)) (i32.const 2)))))
          (i32.load (i32.add (local.get $scr) (i32.shl (local.get $tx) (i32.const 2))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; For i < n: atomically bins[in[i] & 15] += 1 and the u64 at bins + 64 += in[i].
  (func (export "k.hist") (param $params i64) (param $e i64)
    (local $n i32) (local $in i64) (local $bins i64) (local $tx i32) (local $g i32) (local $v i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $in (i64.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $bins (i64.load (call $arg (local.get $params) (i32.const 2))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $v (i32.load (call $at4 (local.get $in) (local.get $g))))
        (drop (i32.atomic.rmw.add (call $at4 (local.get $bins) (i32.and (local.get $v) (i32.const 15)))
                                  (i32.const 1)))
        (drop (i64.atomic.rmw.add offset=64 (call $a (local.get $bins)) (i64.extend_i32_u (local.get $v))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; out[g] = g; block `bad` then reads 16 bytes below 4 GiB (outside the memory).
  (func (export "k.oob") (param $params i64) (param $e i64)
    (local $out i64) (local $tx i32) (local $g i32)
    (local.set $out (i64.load (call $arg (local.get $params) (i32.const 0))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (i32.store (call $at4 (local.get $out) (local.get $g)) (local.get $g))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads)))
    (if (i32.eq (call $env (local.get $e) (i32.const 24))
                (i32.load (call $arg (local.get $params) (i32.const 1))))
      (then (drop (i32.load (call $a (i64.add (global.get $base) (i64.const 0xfffffff0))))))))

  ;; out[0] = 100 / d
  (func (export "k.div") (param $params i64) (param $e i64)
    (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 1))) (i32.const 0))
      (i32.div_s (i32.const 100) (i32.load (call $arg (local.get $params) (i32.const 0))))))

  ;; For i < n: 10 float functions of x[i] to out[10 i ..], 6 double
  ;; functions of xd[i] to outd[6 i ..].
  (func (export "k.math") (param $params i64) (param $e i64)
    (local $n i32) (local $tx i32) (local $g i32) (local $x f32) (local $o i32) (local $xd f64) (local $od i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $x (f32.load (call $at4 (i64.load (call $arg (local.get $params) (i32.const 1))) (local.get $g))))
        (local.set $o (call $at4 (i64.load (call $arg (local.get $params) (i32.const 2)))
                                 (i32.mul (local.get $g) (i32.const 10))))
        (f32.store offset=0 (local.get $o) (call $sinf (local.get $x)))
        (f32.store offset=4 (local.get $o) (call $cosf (local.get $x)))
        (f32.store offset=8 (local.get $o) (call $expf (local.get $x)))
        (f32.store offset=12 (local.get $o) (call $logf (local.get $x)))
        (f32.store offset=16 (local.get $o) (call $tanhf (local.get $x)))
        (f32.store offset=20 (local.get $o) (call $erff (local.get $x)))
        (f32.store offset=24 (local.get $o) (call $powf (local.get $x) (f32.const 1.5)))
        (f32.store offset=28 (local.get $o) (call $fmaf (local.get $x) (local.get $x) (f32.const 0.25)))
        (f32.store offset=32 (local.get $o) (call $exp10f (local.get $x)))
        (f32.store offset=36 (local.get $o) (call $cbrtf (local.get $x)))
        (local.set $xd (f64.load (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 3)))
                                                   (i64.extend_i32_u (i32.shl (local.get $g) (i32.const 3)))))))
        (local.set $od (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 4)))
                                         (i64.extend_i32_u (i32.mul (local.get $g) (i32.const 48))))))
        (f64.store offset=0 (local.get $od) (call $sin (local.get $xd)))
        (f64.store offset=8 (local.get $od) (call $exp (local.get $xd)))
        (f64.store offset=16 (local.get $od) (call $log1p (local.get $xd)))
        (f64.store offset=24 (local.get $od) (call $pow (local.get $xd) (f64.const 2.5)))
        (f64.store offset=32 (local.get $od) (call $erfc (local.get $xd)))
        (f64.store offset=40 (local.get $od) (call $fma (local.get $xd) (local.get $xd) (f64.const 0.1)))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; out[0] = printf(FORMAT, 42, "wasm"), the slots in the scratch buffer.
  (func (export "k.printf") (param $params i64) (param $e i64)
    (local $slots i64)
    (local.set $slots (call $envp (local.get $e) (i32.const 56)))
    (i64.store (call $a (local.get $slots)) (i64.const 42))
    (i64.store offset=8 (call $a (local.get $slots)) (i64.add (global.get $base) (i64.const {word})))
    (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 0))) (i32.const 0))
      (call $printf (i32.const 1) (i64.add (global.get $base) (i64.const {format}))
                    (local.get $slots) (i32.const 2))))

  ;; out[0..4] = k.table
  (func (export "k.read_table") (param $params i64) (param $e i64)
    (local $i i32)
    (block $done (loop $words
      (br_if $done (i32.ge_u (local.get $i) (i32.const 4)))
      (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 0))) (local.get $i))
        (i32.load offset={table} (i32.shl (local.get $i) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $words))))

  ;; s, a struct {{ i32 a; f32 b; i64 c; }} passed by value (params[0] points
  ;; to a pointer to the launch's copy): out = {{ 2 a, b + 0.5, c + 1 }}.
  (func (export "k.byval") (param $params i64) (param $e i64)
    (local $s i32) (local $o i32)
    (local.set $s (call $a (i64.load (call $arg (local.get $params) (i32.const 0)))))
    (local.set $o (call $a (i64.load (call $arg (local.get $params) (i32.const 1)))))
    (i32.store (local.get $o) (i32.mul (i32.load (local.get $s)) (i32.const 2)))
    (f32.store offset=4 (local.get $o) (f32.add (f32.load offset=4 (local.get $s)) (f32.const 0.5)))
    (i64.store offset=8 (local.get $o) (i64.add (i64.load offset=8 (local.get $s)) (i64.const 1))))
)"#,
        data = data.wat_string(),
        len = data.bytes.len(),
    );
    wat::parse_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// What `k.reverse` computes from `input` with blocks of `t` threads.
pub fn reversed(input: &[i32], t: usize) -> Vec<i32> {
    (0..input.len())
        .map(|g| {
            let (b, tx) = (g / t, g % t);
            1000 * input[b * t + t - 1 - tx] + 3 * input[b * t + (tx + 1) % t] + tx as i32 + 7
        })
        .collect()
}

/// What `repeats` launches of `k.hist` over `input` leave in its 16 bins and
/// its 64-bit total.
pub fn histogram(input: &[u32], repeats: u32) -> ([u32; 16], u64) {
    let mut bins = [0u32; 16];
    for v in input {
        bins[(v & 15) as usize] += repeats;
    }
    let total = repeats as u64 * input.iter().map(|&v| v as u64).sum::<u64>();
    (bins, total)
}

/// Check what `k.env` wrote for a launch of `grid` blocks of `block`
/// threads with `dynamic` bytes of dynamic shared memory: 16 words a block.
pub fn check_env_words(words: &[u32], grid: [u32; 3], block: [u32; 3], dynamic: u32) {
    let blocks = grid.iter().product::<u32>() as usize;
    assert_eq!(words.len(), blocks * 16);
    for (b, w) in words.chunks(16).enumerate() {
        let b = b as u32;
        let idx = [
            b % grid[0],
            (b / grid[0]) % grid[1],
            b / (grid[0] * grid[1]),
        ];
        assert_eq!(&w[0..3], &grid, "grid_dim of block {b}");
        assert_eq!(&w[3..6], &block, "block_dim of block {b}");
        assert_eq!(&w[6..9], &idx, "block_idx of block {b}");
        assert_eq!(&w[9..12], &[0, 0, 0], "buffer alignment of block {b}");
        // static shared (40 bytes) < dynamic < scratch, disjoint
        assert!(
            w[12] >= 40 && w[13] >= dynamic,
            "buffer layout of block {b}: {w:?}"
        );
        assert_eq!(w[14], 1);
    }
}

/// A module importing what the device provides, plus `extra`.
pub fn module_importing(extra: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "env" "memory_base" (global i64))
  (import "env" "sinf" (func (param f32) (result f32)))
  {extra}
  (func (export "cuwasm_init"))
  (global (export "cuwasm_data_end") i32 (i32.const 1024)))"#
    ))
    .unwrap()
}

unsafe extern "C" {
    safe fn erff(x: f32) -> f32;
    safe fn exp10f(x: f32) -> f32;
    safe fn erfc(x: f64) -> f64;
}

/// What `k.math` computes from a float, in the C library: sinf, cosf, expf,
/// logf, tanhf, erff, powf(x, 1.5), fmaf(x, x, 0.25), exp10f, cbrtf.
pub fn math_f32(v: f32) -> [f32; 10] {
    [
        v.sin(),
        v.cos(),
        v.exp(),
        v.ln(),
        v.tanh(),
        erff(v),
        v.powf(1.5),
        v.mul_add(v, 0.25),
        exp10f(v),
        v.cbrt(),
    ]
}

/// What `k.math` computes from a double: sin, exp, log1p, pow(x, 2.5),
/// erfc, fma(x, x, 0.1).
pub fn math_f64(v: f64) -> [f64; 6] {
    [
        v.sin(),
        v.exp(),
        v.ln_1p(),
        v.powf(2.5),
        erfc(v),
        v.mul_add(v, 0.1),
    ]
}

/// The struct `k.byval` takes: `{ i32 a; f32 b; i64 c; }` in C layout.
pub fn byval_struct(a: i32, b: f32, c: i64) -> [u8; 16] {
    let mut s = [0u8; 16];
    s[0..4].copy_from_slice(&a.to_le_bytes());
    s[4..8].copy_from_slice(&b.to_le_bytes());
    s[8..16].copy_from_slice(&c.to_le_bytes());
    s
}
