//! One check pattern: its parse (`{{regex}}`, `[[VAR:regex]]`, `[[VAR]]`,
//! `[[@LINE+n]]`) and its search in the input.
//!
//! LLVM's regexes are POSIX EREs searched with `REG_NEWLINE`; they become Rust
//! regexes in multi-line mode, with `[^...]` made not to match a newline as
//! under `REG_NEWLINE`. Alternation is leftmost-first here rather than POSIX
//! leftmost-longest, which only matters for alternatives that are prefixes of
//! one another.

use regex::bytes::Regex;
use std::collections::HashMap;

/// The kinds of directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Plain,
    Next,
    Same,
    Not,
    Dag,
    Label,
    Empty,
    /// The implicit end-of-input check that carries trailing DAG/NOT patterns.
    Eof,
}

/// Variable values, by name (`$NAME` are global under `--enable-var-scope`).
pub(crate) type Vars = HashMap<String, Vec<u8>>;

/// A parse error: where it is in the pattern's buffer, and the message.
pub(crate) struct ParseError {
    pub at: usize,
    pub msg: String,
    /// LLVM reports errors in variable names through `logAllUnhandledErrors`,
    /// which adds an empty line.
    pub blank_line: bool,
}

fn error<T>(at: usize, msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        at,
        msg: msg.into(),
        blank_line: false,
    })
}

fn name_error<T>(at: usize, msg: &str) -> Result<T, ParseError> {
    Err(ParseError {
        at,
        msg: msg.to_string(),
        blank_line: true,
    })
}

/// How a pattern is spelled on its check line, with what it needs to parse.
pub(crate) struct Spec<'a> {
    pub ty: Ty,
    pub count: usize,
    pub literal: bool,
    /// The prefix as used (`CHECK`, or `IMPLICIT-CHECK`).
    pub prefix: &'a str,
    /// Which buffer the pattern is in, and where it starts there.
    pub src: usize,
    pub loc: usize,
    /// 1-based line of the directive, for `@LINE`.
    pub line: usize,
}

#[derive(Clone)]
pub(crate) struct Pattern {
    pub ty: Ty,
    pub count: usize,
    pub literal: bool,
    pub prefix: String,
    pub src: usize,
    pub loc: usize,
    /// Defines or uses a variable, or `@LINE` (not allowed in CHECK-LABEL).
    pub has_variable: bool,
    parts: Vec<Part>,
    /// The regex, compiled once when the pattern uses no variables.
    compiled: Option<Regex>,
    regex_flags: &'static str,
    /// What the fuzzy "possible intended match" compares the input against:
    /// LLVM's fixed string, or LLVM's regex text.
    pub example: Vec<u8>,
}

#[derive(Clone)]
enum Part {
    /// Regex text, ready to be concatenated.
    Re(String),
    /// `[[NAME:re]]`: a named group.
    Def {
        name: String,
        group: String,
        re: String,
    },
    /// `[[NAME]]`: the variable's value, escaped; `loc` is where NAME is.
    Use { name: String, loc: usize },
}

/// A match: where it is (relative to the searched slice), how long, and the
/// ranges that variable definitions captured.
pub(crate) struct Found {
    pub pos: usize,
    pub len: usize,
    pub captures: Vec<(String, std::ops::Range<usize>)>,
}

/// Undefined variables that a search needed: their names and locations.
pub(crate) type Undefined = Vec<(String, usize)>;

impl Pattern {
    /// The implicit end-of-input pattern.
    pub fn eof(prefix: &str, src: usize, loc: usize) -> Pattern {
        let spec = Spec {
            ty: Ty::Eof,
            count: 1,
            literal: false,
            prefix,
            src,
            loc,
            line: 0,
        };
        Pattern::with_parts(&spec, Vec::new(), "", Vec::new())
    }

    fn with_parts(spec: &Spec, parts: Vec<Part>, flags: &'static str, example: Vec<u8>) -> Pattern {
        let mut pattern = Pattern {
            ty: spec.ty,
            count: spec.count,
            literal: spec.literal,
            prefix: spec.prefix.to_string(),
            src: spec.src,
            loc: spec.loc,
            has_variable: false,
            parts,
            compiled: None,
            regex_flags: flags,
            example,
        };
        if spec.ty != Ty::Eof && !pattern.parts.iter().any(|p| matches!(p, Part::Use { .. })) {
            let text = pattern.regex_text(&Vars::new());
            pattern.compiled =
                Some(Regex::new(&text).expect("patterns are validated while parsing"));
        }
        pattern
    }

    /// Parses the text of a check line (from `spec.loc` in its buffer), as
    /// LLVM's `Pattern::parsePattern`.
    pub fn parse(text: &[u8], spec: &Spec, opts: &crate::Options) -> Result<Pattern, ParseError> {
        let full_lines = opts.match_full_lines && spec.ty != Ty::Not;
        let strict = opts.strict_whitespace;
        let flags = if opts.ignore_case { "(?mi)" } else { "(?m)" };
        let mut text = text;
        if !(strict && opts.match_full_lines) {
            while let [rest @ .., b' ' | b'\t'] = text {
                text = rest;
            }
        }
        let prefix = spec.prefix;
        if text.is_empty() && spec.ty != Ty::Empty {
            return error(
                spec.loc,
                format!("found empty check string with prefix '{prefix}:'"),
            );
        }
        if !text.is_empty() && spec.ty == Ty::Empty {
            let msg =
                format!("found non-empty check string for empty check with prefix '{prefix}:'");
            return error(spec.loc, msg);
        }
        if spec.ty == Ty::Empty {
            let parts = vec![Part::Re("\n$".to_string())];
            return Ok(Pattern::with_parts(spec, parts, flags, b"(\n$)".to_vec()));
        }
        let has_blocks = contains(text, b"{{") || contains(text, b"[[");
        if spec.literal || (!full_lines && (text.len() < 2 || !has_blocks)) {
            let parts = vec![Part::Re(escape_bytes(text))];
            return Ok(Pattern::with_parts(spec, parts, flags, text.to_vec()));
        }

        let mut parts = Vec::new();
        let mut example = Vec::new();
        if full_lines {
            let start = if strict { "^" } else { "^ *" };
            parts.push(Part::Re(start.to_string()));
            example.extend_from_slice(start.as_bytes());
        }
        let mut defined: Vec<String> = Vec::new();
        let mut has_variable = false;
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let at = spec.loc + i;
            if rest.starts_with(b"{{") {
                let Some(end) = find(rest, b"}}", 0) else {
                    return error(at, "found start of regex string with no end '}}'");
                };
                let re = &rest[2..end];
                let translated = check_regex(re, at + 2)?;
                let alternation = contains(rest, b"|");
                example.extend_from_slice(if alternation { b"(" } else { b"" });
                example.extend_from_slice(re);
                example.extend_from_slice(if alternation { b")" } else { b"" });
                parts.push(Part::Re(format!("(?:{translated})")));
                i += end + 2;
                continue;
            }
            if rest.starts_with(b"[[") && !rest.starts_with(b"[[[") {
                let block = &rest[2..];
                let Some(end) = find_var_end(block, at + 2)? else {
                    return error(at, "Invalid substitution block, no ]] found");
                };
                let part = parse_block(&block[..end], at + 2, spec, &defined)?;
                has_variable = true;
                match &part {
                    Part::Def { name, re, .. } => {
                        defined.push(name.clone());
                        example.push(b'(');
                        example.extend_from_slice(re.as_bytes());
                        example.push(b')');
                    }
                    Part::Re(number) => example.extend_from_slice(number.as_bytes()),
                    Part::Use { .. } => {}
                }
                let part = match part {
                    Part::Def { name, re, .. } => {
                        let group = format!("v{}", parts.len());
                        let translated = check_regex(re.as_bytes(), at + 2 + name.len() + 1)?;
                        Part::Def {
                            name,
                            group,
                            re: translated,
                        }
                    }
                    other => other,
                };
                parts.push(part);
                i += 2 + end + 2;
                continue;
            }
            let end = [find(rest, b"{{", 1), find(rest, b"[[", 1)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(rest.len());
            parts.push(Part::Re(escape_bytes(&rest[..end])));
            example.extend_from_slice(llvm_escape(&rest[..end]).as_slice());
            i += end;
        }
        if full_lines {
            let end = if strict { "$" } else { " *$" };
            parts.push(Part::Re(end.to_string()));
            example.extend_from_slice(end.as_bytes());
        }
        let mut pattern = Pattern::with_parts(spec, parts, flags, example);
        pattern.has_variable = has_variable;
        Ok(pattern)
    }

    /// The names and values of the variables this pattern uses, in order, for
    /// the "with X equal to Y" notes.
    pub fn uses<'v>(&self, vars: &'v Vars) -> Vec<(&str, Option<&'v [u8]>)> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Use { name, .. } => Some((name.as_str(), vars.get(name).map(Vec::as_slice))),
                _ => None,
            })
            .collect()
    }

    fn regex_text(&self, vars: &Vars) -> String {
        let mut text = self.regex_flags.to_string();
        for part in &self.parts {
            match part {
                Part::Re(re) => text.push_str(re),
                Part::Def { group, re, .. } => text.push_str(&format!("(?P<{group}>{re})")),
                Part::Use { name, .. } => text.push_str(&escape_bytes(&vars[name])),
            }
        }
        text
    }

    /// Searches `buf` (the whole of it is the search range, so `^` and `$`
    /// match at its ends as well as at line breaks). A match defines the
    /// pattern's variables in `vars`.
    pub fn find(&self, buf: &[u8], vars: &mut Vars) -> Result<Option<Found>, Undefined> {
        if self.ty == Ty::Eof {
            return Ok(Some(Found {
                pos: buf.len(),
                len: 0,
                captures: Vec::new(),
            }));
        }
        let undefined: Undefined = self
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Use { name, loc } if !vars.contains_key(name) => Some((name.clone(), *loc)),
                _ => None,
            })
            .collect();
        if !undefined.is_empty() {
            return Err(undefined);
        }
        let built;
        let regex = match &self.compiled {
            Some(r) => r,
            None => {
                built =
                    Regex::new(&self.regex_text(vars)).expect("escaped values are valid regexes");
                &built
            }
        };
        let Some(caps) = regex.captures(buf) else {
            return Ok(None);
        };
        let whole = caps.get(0).unwrap();
        let mut captures = Vec::new();
        for part in &self.parts {
            if let Part::Def { name, group, .. } = part {
                let m = caps.name(group).unwrap();
                vars.insert(name.clone(), m.as_bytes().to_vec());
                captures.push((name.clone(), m.range()));
            }
        }
        // As in LLVM, CHECK-EMPTY's match starts after the newline it consumes.
        let skip = usize::from(self.ty == Ty::Empty);
        Ok(Some(Found {
            pos: whole.start() + skip,
            len: whole.len() - skip,
            captures,
        }))
    }
}

/// Parses the inside of `[[...]]` (at offset `at` of the buffer).
fn parse_block(
    block: &[u8],
    at: usize,
    spec: &Spec,
    defined: &[String],
) -> Result<Part, ParseError> {
    if let Some(expr) = block.strip_prefix(b"#") {
        let msg = "numeric substitution blocks other than [[#@LINE+n]] are not supported by cuwasm-filecheck";
        return line_expr(expr, spec.line).map_or_else(|| error(at, msg), Ok);
    }
    let colon = block.iter().position(|&c| c == b':');
    let head = &block[..colon.unwrap_or(block.len())];
    if let Some(space) = head.iter().position(|&c| c == b' ' || c == b'\t') {
        return error(at + space, "unexpected whitespace");
    }
    if block.first() == Some(&b'@') {
        if colon.is_none() {
            let msg = format!(
                "invalid pseudo numeric variable '{}'",
                String::from_utf8_lossy(block)
            );
            return line_expr(block, spec.line).map_or_else(|| error(at, msg), Ok);
        }
        return error(at, "invalid name in string variable definition");
    }
    let sigil = usize::from(block.first() == Some(&b'$'));
    if block.is_empty() {
        return name_error(at, "empty variable name");
    }
    if sigil == block.len() {
        return name_error(at + sigil, "empty global variable name");
    }
    if !(block[sigil] == b'_' || block[sigil].is_ascii_alphabetic()) {
        return name_error(at, "invalid variable name");
    }
    let name_len = sigil
        + block[sigil..]
            .iter()
            .take_while(|c| **c == b'_' || c.is_ascii_alphanumeric())
            .count();
    let name = String::from_utf8_lossy(&block[..name_len]).into_owned();
    let rest = &block[name_len..];
    if colon.is_some() {
        let Some(re) = rest.strip_prefix(b":") else {
            return error(at, "invalid name in string variable definition");
        };
        let re = String::from_utf8_lossy(re).into_owned();
        return Ok(Part::Def {
            name,
            group: String::new(),
            re,
        });
    }
    if !rest.is_empty() {
        return error(at, "invalid name in string variable use");
    }
    if defined.contains(&name) {
        return error(
            at,
            "cuwasm-filecheck does not support using a variable on the line that defines it",
        );
    }
    Ok(Part::Use { name, loc: at })
}

/// `@LINE`, `@LINE+n`, `@LINE-n` (spaces allowed), as the line's number.
fn line_expr(expr: &[u8], line: usize) -> Option<Part> {
    let expr: String = String::from_utf8_lossy(expr)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let rest = expr.strip_prefix("@LINE")?;
    let value = match rest.as_bytes().first() {
        None => line as i64,
        Some(b'+') => line as i64 + rest[1..].parse::<i64>().ok()?,
        Some(b'-') => line as i64 - rest[1..].parse::<i64>().ok()?,
        Some(_) => return None,
    };
    Some(Part::Re(escape_bytes(value.to_string().as_bytes())))
}

/// The end of a `[[...]]` block (the offset of its `]]`), skipping nested
/// brackets and backslash escapes, as LLVM's `FindRegexVarEnd`.
fn find_var_end(s: &[u8], at: usize) -> Result<Option<usize>, ParseError> {
    let (mut i, mut depth) = (0, 0usize);
    while i < s.len() {
        if s[i..].starts_with(b"]]") && depth == 0 {
            return Ok(Some(i));
        }
        match s[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' if depth == 0 => {
                return error(at + i, "missing closing \"]\" for regex variable");
            }
            b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// Validates one regex of the check file and translates it from POSIX to
/// Rust syntax; errors point at its start, as LLVM's "invalid regex".
fn check_regex(re: &[u8], at: usize) -> Result<String, ParseError> {
    let translated = posix_to_rust(&String::from_utf8_lossy(re));
    match regex::bytes::RegexBuilder::new(&translated)
        .multi_line(true)
        .build()
    {
        Ok(_) => Ok(translated),
        Err(e) => {
            let text = e.to_string();
            let reason = text
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or(&text);
            error(at, format!("invalid regex: {reason}"))
        }
    }
}

/// POSIX bracket expressions in Rust syntax: `[^...]` does not match a
/// newline (as under `REG_NEWLINE`), and a `[` inside brackets is literal.
fn posix_to_rust(re: &str) -> String {
    let chars: Vec<char> = re.chars().collect();
    let mut out = String::with_capacity(re.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == '\\' {
            out.push(c);
            if i < chars.len() {
                out.push(chars[i]);
                i += 1;
            }
            continue;
        }
        out.push(c);
        if c != '[' {
            continue;
        }
        if chars.get(i) == Some(&'^') {
            out.push_str("^\\n");
            i += 1;
        }
        if chars.get(i) == Some(&']') {
            out.push_str("\\]");
            i += 1;
        }
        while i < chars.len() && chars[i] != ']' {
            let c = chars[i];
            if c == '[' && matches!(chars.get(i + 1), Some(':' | '=' | '.')) {
                let close = chars.get(i + 1).copied().unwrap();
                let end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == close && chars[j + 1] == ']')
                    .map_or(chars.len(), |j| j + 2);
                out.extend(&chars[i..end]);
                i = end;
                continue;
            }
            match c {
                '[' => out.push_str("\\["),
                '\\' if i + 1 < chars.len() => {
                    out.push(c);
                    out.push(chars[i + 1]);
                    i += 1;
                }
                '&' | '~' | '-' if chars.get(i + 1) == Some(&c) => out.push_str(&format!("\\{c}")),
                _ => out.push(c),
            }
            i += 1;
        }
    }
    out
}

/// A byte string as a regex matching exactly it (invalid UTF-8 as raw bytes).
pub(crate) fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&regex::escape(chunk.valid()));
        for b in chunk.invalid() {
            out.push_str(&format!("(?-u:\\x{b:02X})"));
        }
    }
    out
}

/// LLVM's `Regex::escape`, for the fuzzy-match example text.
fn llvm_escape(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b"()^$|*+?.[]\\{}".contains(&b) {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..=hay.len().checked_sub(needle.len())?).find(|&i| hay[i..].starts_with(needle))
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle, 0).is_some()
}
