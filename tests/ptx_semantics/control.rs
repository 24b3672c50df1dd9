//! Control flow and calls: guards on value instructions (a select) and on
//! stores, atomics and branches (a branch around), loops with `bra`,
//! `brx.idx` jump tables, `ret` and `exit` in the middle, and `call` of
//! `.func` functions with parameters, return values and `.param` aggregates.

use crate::harness::{HEADER, Rng, compile_or_gap, entry, launch};

/// A kernel `k(in, out)` on one input word `%x` (u32, `in[i]`) and one
/// output word (`out[i]`, written from `%y`); `body` computes `%y`.
fn kernel(funcs: &str, body: &str) -> String {
    let regs = "  .reg .b32 %x, %y, %r<8>;\n  .reg .pred %p<4>;";
    let body = format!(
        "  ld.global.u32 %x, [%pin];\n  mov.u32 %y, 0;\n  {body}\n  st.global.u32 [%pout], %y;"
    );
    format!("{HEADER}{funcs}\n{}", entry("k", regs, 1, 1, &body))
}

fn inputs(seed: u64) -> Vec<u64> {
    let mut rng = Rng(seed);
    let mut v: Vec<u64> = (0..256).map(|_| rng.next() % 1000).collect();
    v[..8].copy_from_slice(&[0, 1, 2, 3, 999, 500, 7, 64]);
    v
}

/// Run `body` on the inputs and compare each result with `f(x)`.
fn check(what: &str, funcs: &str, body: &str, f: impl Fn(u64) -> u64) {
    check_i(what, funcs, body, |_, x| f(x))
}

/// [`check`] with a reference of the thread index `i` and `x`.
fn check_i(what: &str, funcs: &str, body: &str, f: impl Fn(u64, u64) -> u64) {
    let Some(j) = compile_or_gap(what, &kernel(funcs, body)) else {
        return;
    };
    let x = inputs(what.len() as u64);
    let out = launch(&j, "k", 4, 64, &x, x.len());
    for (k, (o, x)) in out.iter().zip(&x).enumerate() {
        assert_eq!(
            *o & 0xffff_ffff,
            f(k as u64, *x),
            "{what}: thread {k}, x = {x}"
        );
    }
}

#[test]
fn guards_select_or_branch() {
    // guarded value instructions keep the old value where the guard fails
    check(
        "guarded add/mov",
        "",
        "setp.lt.u32 %p1, %x, 500;
  mov.u32 %y, 7;
  @%p1 add.u32 %y, %x, 100;
  @!%p1 shl.b32 %y, %x, 1;
  setp.eq.u32 %p2, %x, 3;
  @%p2 mov.u32 %y, 0xffffffff;",
        |x| {
            if x == 3 {
                0xffff_ffff
            } else if x < 500 {
                x + 100
            } else {
                x << 1
            }
        },
    );
    // a guarded store and a guarded atomic only happen where the guard holds
    check(
        "guarded st/atom",
        "",
        "st.global.u32 [%pout], 5;
  setp.gt.u32 %p1, %x, 600;
  @%p1 st.global.u32 [%pout], %x;
  @!%p1 atom.global.add.u32 %r1, [%pout], 1000;
  ld.global.u32 %y, [%pout];",
        |x| if x > 600 { x } else { 1005 },
    );
}

#[test]
fn loops_and_jump_tables() {
    // sum of 0..x with a backward branch; a nested loop counting pairs
    check(
        "loop",
        "",
        "mov.u32 %r1, 0;
LOOP:
  setp.ge.u32 %p1, %r1, %x;
  @%p1 bra DONE;
  add.u32 %y, %y, %r1;
  add.u32 %r1, %r1, 1;
  bra.uni LOOP;
DONE:",
        |x| x * x.saturating_sub(1) / 2,
    );
    check(
        "nested loops",
        "",
        "and.b32 %r3, %x, 31;
  mov.u32 %r1, 0;
OUTER:
  setp.ge.u32 %p1, %r1, %r3;
  @%p1 bra END;
  mov.u32 %r2, 0;
INNER:
  setp.ge.u32 %p2, %r2, %r1;
  @%p2 bra NEXT;
  add.u32 %y, %y, 1;
  add.u32 %r2, %r2, 1;
  bra INNER;
NEXT:
  add.u32 %r1, %r1, 1;
  bra OUTER;
END:",
        |x| {
            let n = x & 31;
            n * n.saturating_sub(1) / 2
        },
    );
    // brx.idx: a jump table on x % 4
    check(
        "brx.idx",
        "",
        "rem.u32 %r1, %x, 4;
  TABLE: .branchtargets C0, C1, C2, C3;
  brx.idx %r1, TABLE;
C0:
  mov.u32 %y, 100;
  bra J;
C1:
  mul.lo.u32 %y, %x, 3;
  bra J;
C2:
  sub.u32 %y, 0, %x;
  bra J;
C3:
  mov.u32 %y, %x;
J:",
        |x| match x % 4 {
            0 => 100,
            1 => x * 3,
            2 => (x as u32).wrapping_neg() as u64,
            _ => x,
        },
    );
    // ret in the middle: threads with odd x leave before the store (their
    // output keeps the value stored first)
    check(
        "early ret",
        "",
        "st.global.u32 [%pout], 77;
  and.b32 %r1, %x, 1;
  setp.eq.u32 %p1, %r1, 1;
  @%p1 ret;
  add.u32 %y, %x, 1;",
        |x| if x % 2 == 1 { 77 } else { x + 1 },
    );
    check(
        "early exit",
        "",
        "st.global.u32 [%pout], 66;
  setp.gt.u32 %p1, %x, 300;
  @%p1 exit;
  add.u32 %y, %x, 2;",
        |x| if x > 300 { 66 } else { x + 2 },
    );
}

const FUNCS: &str = "
.func (.param .b32 ret) poly(.param .b32 a, .param .b32 b)
{
  .reg .b32 %a, %b, %r;
  ld.param.b32 %a, [a];
  ld.param.b32 %b, [b];
  mad.lo.u32 %r, %a, %a, %b;
  st.param.b32 [ret], %r;
  ret;
}

.func (.param .b64 ret) pair(.param .align 8 .b8 s[16])
{
  .reg .b32 %lo, %hi, %c;
  .reg .b64 %r;
  .reg .pred %p;
  ld.param.b32 %lo, [s];
  ld.param.b32 %hi, [s+8];
  setp.gt.u32 %p, %lo, %hi;
  @%p bra SWAP;
  mov.b64 %r, {%lo, %hi};
  st.param.b64 [ret], %r;
  ret;
SWAP:
  mov.b64 %r, {%hi, %lo};
  st.param.b64 [ret], %r;
  ret;
}

.func collatz_steps(.param .b32 n, .param .b64 out)
{
  .reg .b32 %n, %s, %r;
  .reg .b64 %o;
  .reg .pred %p, %q;
  ld.param.b32 %n, [n];
  ld.param.b64 %o, [out];
  mov.u32 %s, 0;
L:
  setp.le.u32 %p, %n, 1;
  @%p bra E;
  and.b32 %r, %n, 1;
  setp.eq.u32 %q, %r, 1;
  @%q mad.lo.u32 %n, %n, 3, 1;
  @!%q shr.u32 %n, %n, 1;
  add.u32 %s, %s, 1;
  bra L;
E:
  st.u32 [%o], %s;
  ret;
}
";

#[test]
fn calls_with_parameters_and_results() {
    check_i(
        "call with scalar parameters and a result",
        FUNCS,
        "{
  .param .b32 p0;
  .param .b32 p1;
  .param .b32 r0;
  st.param.b32 [p0], %x;
  st.param.b32 [p1], %i;
  call.uni (r0), poly, (p0, p1);
  ld.param.b32 %y, [r0];
  }",
        |i, x| (x * x + i) & 0xffff_ffff,
    );
    check_i(
        "call with an aggregate parameter and a 64-bit result",
        FUNCS,
        "{
  .param .align 8 .b8 s[16];
  .param .b64 r;
  st.param.b32 [s], %x;
  st.param.b32 [s+8], %i;
  call.uni (r), pair, (s);
  ld.param.b64 %off, [r];
  }
  mov.b64 {%r1, %r2}, %off;
  mad.lo.u32 %y, %r1, 1000, %r2;",
        |i, x| {
            let (lo, hi) = if x > i { (i, x) } else { (x, i) };
            lo * 1000 + hi
        },
    );
    check(
        "call of a function with a loop, storing through a pointer",
        FUNCS,
        "{
  .param .b32 n;
  .param .b64 o;
  st.param.b32 [n], %x;
  st.param.b64 [o], %pout;
  call.uni collatz_steps, (n, o);
  }
  ld.global.u32 %y, [%pout];",
        |x| {
            let (mut n, mut s) = (x, 0);
            while n > 1 {
                n = if n % 2 == 1 { 3 * n + 1 } else { n / 2 };
                s += 1;
            }
            s
        },
    );
}
