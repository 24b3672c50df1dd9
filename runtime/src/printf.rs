//! C's `printf` for `cuwasm_rt_printf`: the format is split at each conversion
//! and every piece is formatted by the C library's `snprintf` with one argument
//! of the C type its length modifier and conversion letter name, so the output
//! is the C library's own, byte for byte (`%g`, `%#x`, `%+.3e`, `(null)`, ...).
//!
//! Arguments arrive as 8-byte slots (docs/cpu-abi.md): integers extended to 64
//! bits as C promotes them, floats as `f64`, pointers as addresses. A
//! conversion takes the low bits its type needs. Output goes through Rust's
//! locked `stdout`/`stderr`, the same buffers as the rest of the process, so
//! lines appear in program order.

use libc::{c_char, c_int, c_long, c_longlong, c_uint, c_ulong, c_ulonglong, c_void};
use std::ffi::CString;
use std::io::Write;

/// The C type one conversion passes to `snprintf`.
#[derive(Clone, Copy, Debug)]
enum CArg {
    Int(c_int),
    Long(c_long),
    LongLong(c_longlong),
    UInt(c_uint),
    ULong(c_ulong),
    ULongLong(c_ulonglong),
    Double(f64),
    Ptr(*const c_void),
}

/// The argument slots, consumed left to right; missing ones read as zero
/// (C leaves that undefined; zero keeps `%s` at `(null)` instead of a crash).
struct Slots<'a> {
    slots: &'a [u64],
    next: usize,
}

impl Slots<'_> {
    fn take(&mut self) -> u64 {
        let v = self.slots.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        v
    }
}

/// Format `format` with the argument `slots` as C's `printf` would.
///
/// # Safety
/// Every slot that a `%s` conversion consumes must be null or point to a
/// NUL-terminated string.
pub unsafe fn format(format: &[u8], slots: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(format.len());
    let mut args = Slots { slots, next: 0 };
    let mut i = 0;
    while i < format.len() {
        let Some(pct) = format[i..].iter().position(|&b| b == b'%') else {
            out.extend_from_slice(&format[i..]);
            break;
        };
        out.extend_from_slice(&format[i..i + pct]);
        i += pct;
        // SAFETY: forwarded from the caller.
        i += unsafe { conversion(&format[i..], &mut args, &mut out) };
    }
    out
}

/// Format the conversion at the start of `spec` (which starts with `%`) into
/// `out`; returns how many bytes of `spec` it took.
unsafe fn conversion(spec: &[u8], args: &mut Slots<'_>, out: &mut Vec<u8>) -> usize {
    let mut c_spec = b"%".to_vec();
    let mut i = 1;
    let flags = spec[i..]
        .iter()
        .take_while(|b| b"-+ #0'".contains(b))
        .count();
    c_spec.extend_from_slice(&spec[i..i + flags]);
    i += flags;
    i += count(&spec[i..], args, &mut c_spec);
    if spec.get(i) == Some(&b'.') {
        c_spec.push(b'.');
        i += 1 + count(&spec[i + 1..], args, &mut c_spec);
    }
    let length = spec[i..]
        .iter()
        .take_while(|b| b"hlLqjzt".contains(b))
        .count()
        .min(2);
    let modifier = &spec[i..i + length];
    i += length;
    let Some(&conv) = spec.get(i) else {
        // A format ending inside a conversion: printed as written.
        out.extend_from_slice(spec);
        return spec.len();
    };
    i += 1;
    let arg = match conv {
        b'%' => {
            out.push(b'%');
            return i;
        }
        b'd' | b'i' => signed(modifier, args.take()),
        b'u' | b'o' | b'x' | b'X' => unsigned(modifier, args.take()),
        b'c' => CArg::Int(args.take() as c_int),
        b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => {
            CArg::Double(f64::from_bits(args.take()))
        }
        b's' | b'p' => CArg::Ptr(args.take() as *const c_void),
        b'n' => {
            // Writing through a pointer on a format's say-so is never done.
            args.take();
            return i;
        }
        _ => {
            out.extend_from_slice(&spec[..i]);
            return i;
        }
    };
    // Length modifiers that this port passes differently: `L` (no long double:
    // the value is a double) and `l` on `%c`/`%s` (no wide characters).
    if !(modifier.contains(&b'L') || matches!(conv, b'c' | b's' | b'p')) {
        c_spec.extend_from_slice(modifier);
    }
    c_spec.push(conv);
    let c_spec = CString::new(c_spec).expect("a conversion spec has no NUL");
    // SAFETY: the argument's type is the one `c_spec` converts.
    out.extend_from_slice(&unsafe { snprintf_one(&c_spec, arg) });
    i
}

/// A width or precision at the start of `s`: digits copied to `c_spec`, or `*`
/// replaced by the value of the next argument (an `int`). Returns the bytes taken.
fn count(s: &[u8], args: &mut Slots<'_>, c_spec: &mut Vec<u8>) -> usize {
    if s.first() == Some(&b'*') {
        c_spec.extend_from_slice((args.take() as c_int).to_string().as_bytes());
        return 1;
    }
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    c_spec.extend_from_slice(&s[..digits]);
    digits
}

/// A `%d`/`%i` argument of the C type the length modifier names (`hh`/`h`
/// values are promoted to `int`, and `snprintf` narrows them itself).
fn signed(modifier: &[u8], v: u64) -> CArg {
    match modifier {
        b"ll" | b"q" => CArg::LongLong(v as c_longlong),
        b"l" | b"j" | b"z" | b"t" => CArg::Long(v as c_long),
        _ => CArg::Int(v as c_int),
    }
}

/// A `%u`/`%o`/`%x`/`%X` argument, as [`signed`].
fn unsigned(modifier: &[u8], v: u64) -> CArg {
    match modifier {
        b"ll" | b"q" => CArg::ULongLong(v as c_ulonglong),
        b"l" | b"j" | b"z" | b"t" => CArg::ULong(v as c_ulong),
        _ => CArg::UInt(v as c_uint),
    }
}

/// `snprintf(spec, arg)` into a vector of exactly the output's length.
unsafe fn snprintf_one(spec: &CString, arg: CArg) -> Vec<u8> {
    let call = |buf: *mut c_char, n: usize| -> c_int {
        let f = spec.as_ptr();
        // SAFETY: `buf` has room for `n` bytes; the argument matches the spec.
        unsafe {
            match arg {
                CArg::Int(v) => libc::snprintf(buf, n, f, v),
                CArg::Long(v) => libc::snprintf(buf, n, f, v),
                CArg::LongLong(v) => libc::snprintf(buf, n, f, v),
                CArg::UInt(v) => libc::snprintf(buf, n, f, v),
                CArg::ULong(v) => libc::snprintf(buf, n, f, v),
                CArg::ULongLong(v) => libc::snprintf(buf, n, f, v),
                CArg::Double(v) => libc::snprintf(buf, n, f, v),
                CArg::Ptr(v) => libc::snprintf(buf, n, f, v),
            }
        }
    };
    let Ok(len) = usize::try_from(call(std::ptr::null_mut(), 0)) else {
        return Vec::new();
    };
    let mut buf = vec![0u8; len + 1];
    call(buf.as_mut_ptr().cast(), buf.len());
    buf.truncate(len);
    buf
}

/// Write `bytes` to stdout (`stream` 1) or stderr (2); the count written, or -1.
pub fn write(stream: i32, bytes: &[u8]) -> i32 {
    let ok = match stream {
        1 => std::io::stdout().lock().write_all(bytes),
        2 => std::io::stderr().lock().write_all(bytes),
        _ => return -1,
    };
    match ok {
        Ok(()) => i32::try_from(bytes.len()).unwrap_or(i32::MAX),
        Err(_) => -1,
    }
}

/// Flush both streams (before the process exits).
pub fn flush() {
    let _ = std::io::stdout().lock().flush();
    let _ = std::io::stderr().lock().flush();
}
