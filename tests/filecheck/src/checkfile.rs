//! Reading the check file into check strings, as LLVM's `readCheckFile`:
//! finding prefixes and directives, and attaching each run of CHECK-DAG and
//! CHECK-NOT patterns to the positive check that follows it.

use crate::Options;
use crate::pattern::{ParseError, Pattern, Spec, Ty};
use crate::source::Source;

/// A positive check with the DAG/NOT patterns that come before it.
pub(crate) struct CheckString {
    pub pat: Pattern,
    pub dag_not: Vec<Pattern>,
}

/// The directive after a prefix.
enum Directive {
    None,
    Comment,
    Check { ty: Ty, count: usize, literal: bool },
    Misspelled,
    BadNot,
    BadCount,
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// What follows a prefix at `rest`: the directive and where its text begins
/// (`None` when nothing valid follows), as LLVM's `FindCheckType`.
fn directive(rest: &[u8], is_comment: bool) -> (Directive, Option<usize>) {
    if rest.is_empty() {
        return (Directive::None, None);
    }
    if is_comment {
        return match rest[0] {
            b':' => (Directive::Comment, Some(1)),
            _ => (Directive::None, None),
        };
    }
    // `:` or `{LITERAL}:` after the directive's name, which ends at `i`.
    let modifiers = |i: usize, ty: Ty, count: usize| -> (Directive, Option<usize>) {
        if rest.get(i) == Some(&b':') {
            return (
                Directive::Check {
                    ty,
                    count,
                    literal: false,
                },
                Some(i + 1),
            );
        }
        if rest.get(i) != Some(&b'{') {
            return (Directive::None, None);
        }
        let mut j = i + 1;
        let skip_ws = |j: &mut usize| {
            while rest.get(*j).is_some_and(|c| c.is_ascii_whitespace()) {
                *j += 1;
            }
        };
        loop {
            skip_ws(&mut j);
            if !rest[j..].starts_with(b"LITERAL") {
                return (Directive::None, Some(j));
            }
            j += "LITERAL".len();
            skip_ws(&mut j);
            if rest.get(j) != Some(&b',') {
                break;
            }
            j += 1;
        }
        if !rest[j..].starts_with(b"}:") {
            return (Directive::None, Some(j));
        }
        (
            Directive::Check {
                ty,
                count,
                literal: true,
            },
            Some(j + 2),
        )
    };
    if rest[0] == b':' || rest[0] == b'{' {
        return modifiers(0, Ty::Plain, 1);
    }
    let misspelled = rest[0] == b'_';
    if !misspelled && rest[0] != b'-' {
        return (Directive::None, None);
    }
    let after = &rest[1..];
    let (found, end) = if let Some(digits) = after.strip_prefix(b"COUNT-") {
        let at = 1 + "COUNT-".len();
        let sign = usize::from(digits.first() == Some(&b'-'));
        let n = sign
            + digits[sign..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
        let count = std::str::from_utf8(&digits[..n])
            .ok()
            .and_then(|d| d.parse::<i64>().ok());
        let end = at + n;
        match count {
            Some(c)
                if c > 0
                    && c <= i64::from(i32::MAX)
                    && matches!(rest.get(end), Some(b':' | b'{')) =>
            {
                modifiers(end, Ty::Plain, c as usize)
            }
            _ => return (Directive::BadCount, Some(if n == sign { at } else { end })),
        }
    } else {
        const BAD_NOT: [&[u8]; 8] = [
            b"DAG-NOT:",
            b"NOT-DAG:",
            b"NEXT-NOT:",
            b"NOT-NEXT:",
            b"SAME-NOT:",
            b"NOT-SAME:",
            b"EMPTY-NOT:",
            b"NOT-EMPTY:",
        ];
        if BAD_NOT.iter().any(|b| after.starts_with(b)) {
            return (Directive::BadNot, Some(1));
        }
        const NAMES: [(&[u8], Ty); 6] = [
            (b"NEXT", Ty::Next),
            (b"SAME", Ty::Same),
            (b"NOT", Ty::Not),
            (b"DAG", Ty::Dag),
            (b"LABEL", Ty::Label),
            (b"EMPTY", Ty::Empty),
        ];
        match NAMES.iter().find(|(name, _)| after.starts_with(name)) {
            Some((name, ty)) => modifiers(1 + name.len(), *ty, 1),
            None => (Directive::None, Some(1)),
        }
    };
    match found {
        Directive::Check { .. } if misspelled => (Directive::Misspelled, end),
        _ => (found, end),
    }
}

/// The next prefix occurrence at or after `from`: the earliest, and at one
/// position the longest.
fn next_prefix<'p>(text: &[u8], from: usize, prefixes: &[&'p str]) -> Option<(usize, &'p str)> {
    prefixes
        .iter()
        .filter_map(|p| crate::pattern::find(text, p.as_bytes(), from).map(|at| (at, *p)))
        .min_by_key(|(at, p)| (*at, std::cmp::Reverse(p.len())))
}

/// Reads the check file. Errors are printed to `out` and give `Err`.
/// `implicit` are the `--implicit-check-not` patterns.
pub(crate) fn read(
    src: &Source,
    implicit: &[Pattern],
    opts: &Options,
    prefixes: &[&str],
    comments: &[&str],
    out: &mut String,
) -> Result<Vec<CheckString>, ()> {
    let text = &src.text;
    let fail = |out: &mut String, at: usize, msg: &str| {
        src.message(out, at, "error", msg, None);
        Err(())
    };
    let all: Vec<&str> = prefixes.iter().chain(comments).copied().collect();
    let mut not_found: Vec<&str> = prefixes.to_vec();
    let mut checks: Vec<CheckString> = Vec::new();
    let mut dag_not: Vec<Pattern> = clone_all(implicit);
    let mut pos = 0;
    while let Some((at, prefix)) = next_prefix(text, pos, &all) {
        let is_comment = comments.contains(&prefix);
        let rest = &text[at + prefix.len()..];
        let (found, after) = if at == pos || !is_word(text[at - 1]) {
            directive(rest, is_comment)
        } else {
            (Directive::None, None)
        };
        let (ty, count, literal) = match found {
            Directive::None => {
                pos = at + prefix.len() + rest.iter().take_while(|c| is_word(**c)).count();
                continue;
            }
            Directive::Comment => (Ty::Plain, 0, false),
            Directive::Check { ty, count, literal } => (ty, count, literal),
            Directive::Misspelled => {
                let used = String::from_utf8_lossy(&text[at..at + prefix.len() + after.unwrap()]);
                return fail(out, at, &format!("misspelled directive '{used}'"));
            }
            Directive::BadNot => {
                let msg = format!("unsupported -NOT combo on prefix '{prefix}'");
                return fail(out, at + prefix.len() + after.unwrap(), &msg);
            }
            Directive::BadCount => {
                let msg = format!("invalid count in -COUNT specification on prefix '{prefix}'");
                return fail(out, at + prefix.len() + after.unwrap(), &msg);
            }
        };
        if !is_comment {
            not_found.retain(|p| *p != prefix);
        }
        let mut start = at + prefix.len() + after.unwrap_or(0);
        if !(opts.strict_whitespace && opts.match_full_lines) {
            while matches!(text.get(start), Some(b' ' | b'\t')) {
                start += 1;
            }
        }
        let end = text[start..]
            .iter()
            .position(|c| *c == b'\n' || *c == b'\r')
            .map_or(text.len(), |i| start + i);
        pos = end;
        if is_comment {
            continue;
        }
        let line = src.line_col(at).0;
        let spec = Spec {
            ty,
            count,
            literal,
            prefix,
            src: 0,
            loc: start,
            line,
        };
        let pat = match Pattern::parse(&text[start..end], &spec, opts) {
            Ok(p) => p,
            Err(ParseError {
                at,
                msg,
                blank_line,
            }) => {
                let result = fail(out, at, &msg);
                out.push_str(if blank_line { "\n" } else { "" });
                return result;
            }
        };
        if ty == Ty::Label && pat.has_variable {
            return fail(
                out,
                at,
                &format!("found '{prefix}-LABEL:' with variable definition or use"),
            );
        }
        if matches!(ty, Ty::Next | Ty::Same | Ty::Empty) && checks.is_empty() {
            let kind = match ty {
                Ty::Next => "NEXT",
                Ty::Empty => "EMPTY",
                _ => "SAME",
            };
            return fail(
                out,
                at,
                &format!("found '{prefix}-{kind}' without previous '{prefix}: line"),
            );
        }
        if matches!(ty, Ty::Dag | Ty::Not) {
            dag_not.push(pat);
            continue;
        }
        let dag_not = std::mem::replace(&mut dag_not, clone_all(implicit));
        checks.push(CheckString { pat, dag_not });
    }

    let none_found = not_found.len() == prefixes.len();
    let some_unused = !opts.allow_unused_prefixes && !not_found.is_empty();
    if (none_found || some_unused) && (implicit.is_empty() || !opts.check_prefixes.is_empty()) {
        let list: Vec<String> = not_found.iter().map(|p| format!("'{p}:'")).collect();
        let plural = if not_found.len() > 1 { "es" } else { "" };
        out.push_str(&format!(
            "error: no check strings found with prefix{plural} {}\n",
            list.join(", ")
        ));
        return Err(());
    }
    if !dag_not.is_empty() {
        checks.push(CheckString {
            pat: Pattern::eof(prefixes[0], 0, pos),
            dag_not,
        });
    }
    Ok(checks)
}

fn clone_all(patterns: &[Pattern]) -> Vec<Pattern> {
    patterns.iter().map(Pattern::clone).collect()
}
