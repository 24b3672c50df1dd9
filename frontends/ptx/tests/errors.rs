//! Bad input: every error is a diagnostic located at `t.ptx:LINE:COL` with the
//! source line and a caret; nothing panics on truncated input, random bytes,
//! token soup, mutated programs or deep nesting.

mod common;
use common::{HEADER, context, errors, expect_error, kernel};
use std::path::Path;

/// The line of the kernel body in [`kernel`] (its first body line).
fn body_line() -> usize {
    kernel("").lines().position(|l| l == "// BODY").unwrap() + 2
}

/// `body` in a kernel fails with `message` at column `col` of its first line.
fn body_error(body: &str, col: usize, message: &str) {
    let want = format!("t.ptx:{}:{col}: error: {message}", body_line());
    expect_error(&kernel(body), &want);
}

#[test]
fn unknown_instructions_and_modifiers_are_named() {
    body_error(
        "frobnicate.b32 %r4, %r1;",
        1,
        "unknown or unsupported instruction 'frobnicate'",
    );
    body_error(
        "add.q32 %r4, %r1, %r2;",
        4,
        "unknown or unsupported modifier '.q32' for 'add'",
    );
    body_error(
        "exit.foo;",
        5,
        "unknown or unsupported modifier '.foo' for 'exit'",
    );
    body_error(
        "wgmma.mma_async.sync.aligned.m64n8k16.f32.f16.f16 {%f1}, %rd2, %rd3;",
        1,
        "unknown or unsupported instruction 'wgmma'",
    );
    body_error(
        "add.cc.f32 %f4, %f1, %f2;",
        1,
        "'add' is not defined on .f32",
    );
    body_error(
        "div.f32 %f4, %f1, %f2;",
        1,
        "float 'div' needs one of .rn, .rz, .rm, .rp, .approx, .full",
    );
    body_error(
        "fma.f32 %f4, %f1, %f2, %f3;",
        1,
        "'fma' needs a rounding modifier",
    );
    body_error("sin.f32 %f4, %f1;", 1, "'sin' needs .approx");
    body_error(
        "mul.s32 %r4, %r1, %r2;",
        1,
        "integer 'mul' needs .lo, .hi or .wide",
    );
    body_error(
        "cvt.rzi.f32.s32 %f4, %r1;",
        1,
        "an integer rounding modifier for cvt from .s32 to .f32",
    );
    body_error(
        "cvt.s32.f32 %r4, %f1;",
        1,
        "a missing integer rounding modifier",
    );
}

#[test]
fn wrong_operand_counts() {
    body_error(
        "add.s32 %r4, %r1;",
        1,
        "'add' takes 3 operands, but 2 were given",
    );
    body_error("mov.u32 %r4;", 1, "'mov' takes 2 operands, but 1 was given");
    body_error("ret %r1;", 1, "'ret' takes 0 operands, but 1 was given");
    body_error(
        "shfl.sync.down.b32 %r4, %r1, 1, 31;",
        1,
        "'shfl' takes 5 operands, but 4 were given",
    );
    body_error(
        "ld.global.v4.u32 {%r4, %r5}, [%rd2];",
        18,
        "expected 4 destination register(s)",
    );
}

#[test]
fn undefined_registers_labels_and_symbols() {
    body_error("add.s32 %r4, %r1, %r99;", 19, "undefined register '%r99'");
    body_error("add.s32 %r4, %r1, %r01;", 19, "undefined register '%r01'");
    body_error(
        "add.s32 %r4, %r1, %bogus;",
        19,
        "undefined register '%bogus'",
    );
    body_error("bra $L__nowhere;", 5, "undefined label '$L__nowhere'");
    body_error("@%q1 bra $L__x;", 2, "undefined register '%q1'");
    body_error(
        "ld.global.u32 %r4, [nothing];",
        20,
        "undefined symbol 'nothing'",
    );
    body_error(
        "call.uni foo, (%r1);",
        10,
        "call to undefined function 'foo'",
    );
    body_error(
        "brx.idx %r1, $L_tab;",
        14,
        "'$L_tab' is not a .branchtargets list",
    );
    body_error(
        "mov.u32 %r4, %clock_hi;",
        14,
        "the special register %clock_hi is not supported",
    );
    body_error(
        "mov.u32 %r4, %tid;",
        14,
        "%tid needs a component .x, .y or .z",
    );
}

#[test]
fn type_and_operand_mismatches() {
    body_error(
        "add.s32 %rd4, %r1, %r2;",
        9,
        "register '%rd4' has type .b64, which does not fit the instruction type .s32",
    );
    body_error(
        "add.s32 %r4, %r1, %p1;",
        19,
        "register '%p1' has type .pred",
    );
    body_error(
        "ld.global.u32 %r4, %r1;",
        20,
        "expected an address operand '[...]'",
    );
    body_error(
        "add.s32 %r4, %r1, 1.5;",
        19,
        "a float constant where .s32 is expected",
    );
    body_error(
        "st.const.u32 [%rd2], %r1;",
        1,
        "stores to .const memory are not allowed",
    );
    body_error(
        "add.s32 [%rd2], %r1, %r2;",
        9,
        "expected a destination register",
    );
    body_error(
        "ld.global.u32 %r4, [%p1];",
        20,
        "an address register must be 32 or 64 bits, not .pred",
    );
    body_error(
        "shfl.sync.up.b32 %r4, %r1, 1, 0, -1, 5;",
        1,
        "'shfl' takes 5 operands, but 6 were given",
    );
}

#[test]
fn module_level_errors() {
    let cases: &[(&str, &str)] = &[
        (
            ".version 8.0\n.target sm_80\n.address_size 48\n",
            "t.ptx:3:15: error: address size must be 32 or 64, not 48",
        ),
        (
            ".version x\n",
            "t.ptx:1:10: error: expected a version number such as 8.0, found 'x'",
        ),
        (
            ".version 8.0\nadd.s32 %r1, %r2, %r3;\n",
            "t.ptx:2:1: error: expected a directive, found 'add'",
        ),
        (
            ".version 8.0\n.texref tex;\n",
            "t.ptx:2:1: error: unknown or unsupported directive '.texref' at module scope",
        ),
        (
            ".version 8.0\n.global .align 3 .u32 x;\n",
            "t.ptx:2:1: error: alignment 3 is not a power of two",
        ),
        (
            ".version 8.0\n.global .u8 x[2] = {1, 2, 3};\n",
            "t.ptx:2:27: error: 3 initializers for 2 elements",
        ),
        (
            ".version 8.0\n.global .u32 x = generic(y);\n",
            "initializers holding addresses are not supported",
        ),
        (
            ".version 8.0\n.local .u32 x;\n",
            "t.ptx:2:1: error: module-scope .local variables are not supported",
        ),
        (
            ".version 8.0\n.entry k() { $L: ret; $L: ret; }\n",
            "t.ptx:2:23: error: label '$L' is defined twice",
        ),
        (
            ".version 8.0\n.func f() { ret; }\n.func f() { ret; }\n",
            "t.ptx:3:7: error: redefinition of function 'f'",
        ),
        (
            ".version 8.0\n.entry k() { ret; }\n.entry m() { call k; ret; }\n",
            "t.ptx:3:19: error: 'k' is a kernel (.entry); it cannot be called",
        ),
        (
            ".version 8.0\n.func f(.param .b32 a) { ret; }\n.entry m() { call f; ret; }\n",
            "'f' takes 1 argument(s) and returns 0 value(s), but the call has 0 and 0",
        ),
        (
            ".version 8.0\n.func f() { exit; }\n",
            "t.ptx:2:13: error: 'exit' in a .func (ending the thread from a callee) is not supported",
        ),
        (
            ".version 8.0\n.shared .u32 s;\n.func f() { .reg .b32 %r; ld.shared.u32 %r, [s]; ret; }\n",
            "the module-scope .shared variable 's' is used in a .func",
        ),
        (
            ".version 8.0\n.entry k(.param .b32 a, .param .b32 a) { ret; }\n",
            "t.ptx:2:25: error: duplicate parameter 'a'",
        ),
        (
            ".version 8.0\n.entry k() { .reg .v4 .b32 %v; ret; }\n",
            "vector registers (.reg .v2/.v4) are not supported",
        ),
        (
            ".version 8.0\n.entry k() { .reg .b32 %r; call %r, (); ret; }\n",
            "indirect calls are not supported",
        ),
    ];
    for (src, want) in cases {
        let text = errors(src);
        assert!(
            text.contains(want),
            "expected '{want}' in:\n{text}\nfor:\n{src}"
        );
    }
}

#[test]
fn diagnostics_show_the_line_and_a_caret() {
    let text = errors(&kernel("add.s32 %r4, %r1, %r99;"));
    let want = format!(
        "t.ptx:{}:19: error: undefined register '%r99'\nadd.s32 %r4, %r1, %r99;\n                  ^\n",
        body_line()
    );
    assert_eq!(text, want);
}

#[test]
fn each_function_reports_its_first_error() {
    let src = format!(
        "{HEADER}.entry a() {{ bogus; ret; }}\n.entry b() {{ ret; }}\n.entry c() {{ .reg .b32 %r; add.s32 %r, %r, %x; ret; }}\n"
    );
    let text = errors(&src);
    assert!(
        text.contains("t.ptx:4:14: error: unknown or unsupported instruction 'bogus'"),
        "{text}"
    );
    assert!(
        text.contains("t.ptx:6:44: error: undefined register '%x'"),
        "{text}"
    );
    assert_eq!(text.matches("error:").count(), 2, "{text}");
}

/// Lower `src`; it must succeed and verify, or fail with located diagnostics. Never panic.
fn survives(src: &str) {
    let mut ctx = context();
    match cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "t.ptx", src) {
        Ok(module) => {
            if let Err(d) = ctx.verify(module) {
                panic!(
                    "lowered but does not verify: {}\ninput:\n{src}",
                    ctx.render_diagnostic(&d)
                );
            }
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in &ds {
                let text = ctx.render_diagnostic(d);
                assert!(
                    text.starts_with("t.ptx:"),
                    "unlocated: {text}\ninput:\n{src}"
                );
            }
        }
    }
}

fn corpus_file(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/ptx")
        .join(path);
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn truncated_input() {
    for (file, step) in [
        ("clang/01_vector_add.ptx", 1),
        ("nvcc/04_reduce_warp_shuffle.ptx", 13),
        ("clang/32_control_flow.ptx", 29),
    ] {
        let text = corpus_file(file);
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                survives(&text[..cut]);
            }
            cut += step;
        }
    }
}

/// xorshift64*: reproducible pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x5eed_1234);
    for _ in 0..500 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        survives(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn token_soup() {
    const WORDS: &[&str] = &[
        ".version 8.0",
        ".target sm_80",
        ".address_size 64",
        ".visible",
        ".entry",
        ".func",
        ".param",
        ".reg",
        ".b32",
        ".u64",
        ".f32",
        ".pred",
        ".global",
        ".shared",
        ".local",
        ".const",
        ".align 4",
        ".ptr",
        "k",
        "f",
        "%r1",
        "%r<4>",
        "%rd1",
        "%p1",
        "%f1",
        "%tid.x",
        "%laneid",
        "$L1",
        "$L1:",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        ";",
        "+",
        "-",
        "4",
        "0x10",
        "0f3F800000",
        "1.5",
        "@",
        "!",
        "|",
        "_",
        "add.s32",
        "ld.global.u32",
        "st.shared.b32",
        "mov.b64",
        "bra",
        "ret",
        "exit",
        "call",
        "setp.lt.s32",
        "selp.b32",
        "cvt.rn.f32.s32",
        "shfl.sync.down.b32",
        "atom.global.add.u32",
        "bar.sync 0",
        "brx.idx",
        ".branchtargets",
        "= {1, 2}",
        "\n",
    ];
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let n = rng.below(60);
        let text: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        survives(&text.join(" "));
    }
}

#[test]
fn mutated_programs() {
    // valid programs with tokens deleted, duplicated or swapped
    for (file, seed) in [
        ("clang/27_warp_vote.ptx", 7),
        ("nvcc/21_fp16.ptx", 8),
        ("nvcc/26_atomics.ptx", 9),
    ] {
        let text = corpus_file(file);
        let words: Vec<&str> = text
            .split_inclusive(|c: char| c.is_whitespace() || ",;[]{}".contains(c))
            .collect();
        let mut rng = Rng(seed);
        for _ in 0..200 {
            let mut w = words.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(w.len());
                match rng.below(3) {
                    0 => {
                        w.remove(i);
                    }
                    1 => w.insert(i, w[rng.below(w.len())]),
                    _ => {
                        let j = rng.below(w.len());
                        w.swap(i, j);
                    }
                }
            }
            survives(&w.concat());
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let parens = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let text = errors(&kernel(&format!("mov.u32 %r4, {parens};")));
    assert!(text.contains("nesting deeper than 256 levels"), "{text}");
    let braces = format!(
        "{HEADER}.global .u32 x[1] = {}1{};\n",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    let text = errors(&braces);
    assert!(text.contains("t.ptx:4:"), "{text}");
    let unary = format!("{HEADER}.global .u32 x = {}1;\n", "-".repeat(100_000));
    assert!(errors(&unary).contains("nesting deeper than 256 levels"));
}
