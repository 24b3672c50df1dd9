//! C printf formatting of `cuwasm_rt_printf`, against the strings C gives.

use cuwasm_runtime::printf::format;
use std::ffi::CString;

/// An 8-byte argument slot, as the compiled host code fills them.
enum A {
    I(i64),
    F(f64),
    S(&'static str),
}

/// Format `fmt` with `args` into a `String`.
fn fmt(fmt: &str, args: &[A]) -> String {
    let strings: Vec<CString> = args
        .iter()
        .filter_map(|a| match a {
            A::S(s) => Some(CString::new(*s).unwrap()),
            _ => None,
        })
        .collect();
    let mut next_string = strings.iter();
    let slots: Vec<u64> = args
        .iter()
        .map(|a| match a {
            A::I(v) => *v as u64,
            A::F(v) => v.to_bits(),
            A::S(_) => next_string.next().unwrap().as_ptr() as u64,
        })
        .collect();
    String::from_utf8(unsafe { format(fmt.as_bytes(), &slots) }).unwrap()
}

#[test]
fn integer_conversions() {
    use A::I;
    assert_eq!(fmt("%d|%i|%u", &[I(-42), I(7), I(-1)]), "-42|7|4294967295");
    assert_eq!(
        fmt("%x %X %o", &[I(255), I(0xabcdef), I(8)]),
        "ff ABCDEF 10"
    );
    assert_eq!(fmt("%#x %#o", &[I(255), I(8)]), "0xff 010");
    assert_eq!(
        fmt("[%5d][%-8d][%+d][%05d]", &[I(42), I(42), I(42), I(-42)]),
        "[   42][42      ][+42][-0042]"
    );
    assert_eq!(fmt("% d|%.3d", &[I(5), I(7)]), " 5|007");
    assert_eq!(
        fmt("%ld %lld", &[I(-5_000_000_000), I(i64::MIN)]),
        "-5000000000 -9223372036854775808"
    );
    assert_eq!(
        fmt("%lu %llx", &[I(-1), I(-1)]),
        "18446744073709551615 ffffffffffffffff"
    );
    assert_eq!(
        fmt("%zu %hd %hhu", &[I(123), I(70000), I(257)]),
        "123 4464 1"
    );
    // An i32 sign-extended into its slot still prints as the 32-bit value.
    assert_eq!(
        fmt("%d %u %x", &[I(-1), I(u32::MAX as i32 as i64), I(-16)]),
        "-1 4294967295 fffffff0"
    );
}

#[test]
fn float_conversions() {
    use A::F;
    assert_eq!(fmt("%f", &[F(3.14159)]), "3.141590");
    assert_eq!(
        fmt("%e|%E", &[F(12345.678), F(0.00012)]),
        "1.234568e+04|1.200000E-04"
    );
    assert_eq!(
        fmt("%g %g %g", &[F(0.0001), F(1e20), F(100.0)]),
        "0.0001 1e+20 100"
    );
    assert_eq!(
        fmt("[%5.2f][%08.3f][%-9.1f]", &[F(3.14159), F(-2.5), F(1.25)]),
        "[ 3.14][-002.500][1.2      ]"
    );
    assert_eq!(fmt("%+.1e %.0f", &[F(1.0), F(2.5)]), "+1.0e+00 2");
    assert_eq!(fmt("%f %f", &[F(f64::INFINITY), F(f64::NAN)]), "inf nan");
    assert_eq!(fmt("%Lf", &[F(0.5)]), "0.500000");
}

#[test]
fn characters_strings_pointers_and_percent() {
    use A::{I, S};
    assert_eq!(
        fmt("%c%c%c", &[I(b'a' as i64), I(b'B' as i64), I(b'!' as i64)]),
        "aB!"
    );
    assert_eq!(
        fmt(
            "<%s> <%10s> <%-6s> <%.3s>",
            &[S("hi"), S("right"), S("left"), S("truncate")]
        ),
        "<hi> <     right> <left  > <tru>"
    );
    assert_eq!(fmt("%s", &[I(0)]), "(null)");
    assert_eq!(fmt("%p", &[I(0x1234)]), "0x1234");
    assert_eq!(fmt("100%% done %d%%", &[I(5)]), "100% done 5%");
}

#[test]
fn star_width_and_precision_come_from_the_arguments() {
    use A::{F, I};
    assert_eq!(fmt("[%*d]", &[I(6), I(42)]), "[    42]");
    assert_eq!(fmt("[%-*d]", &[I(4), I(7)]), "[7   ]");
    assert_eq!(
        fmt("[%*d]", &[I(-4), I(7)]),
        "[7   ]",
        "a negative width is the - flag"
    );
    assert_eq!(fmt("[%.*f]", &[I(2), F(3.14159)]), "[3.14]");
    assert_eq!(fmt("[%*.*f]", &[I(8), I(3), F(-1.5)]), "[  -1.500]");
}

#[test]
fn text_without_conversions_and_odd_formats() {
    assert_eq!(fmt("plain text\n", &[]), "plain text\n");
    assert_eq!(fmt("", &[]), "");
    assert_eq!(fmt("missing %d", &[]), "missing 0");
    assert_eq!(fmt("unknown %y!", &[]), "unknown %y!");
    assert_eq!(fmt("trailing %", &[]), "trailing %");
    assert_eq!(fmt("%n|%d", &[A::I(0), A::I(3)]), "|3", "%n writes nothing");
    assert_eq!(fmt("ünïcode %d €", &[A::I(1)]), "ünïcode 1 €");
}
