//! Matching check strings against the input, as LLVM's `FileCheck::checkInput`
//! and `FileCheckString::Check`: CHECK-LABEL partitions the input into blocks,
//! each check searches from the end of the previous match, CHECK-DAG groups
//! match in any order, CHECK-NOT must not match between two matches.
//! Positions are offsets into the (canonicalized) input.

use crate::Options;
use crate::checkfile::CheckString;
use crate::pattern::{Found, Pattern, Ty, Undefined, Vars};
use crate::source::Source;
use std::fmt::Write;

pub(crate) struct Checker<'a> {
    /// The check file (0) and the `--implicit-check-not` buffers.
    pub checks: &'a [Source],
    pub input: &'a Source,
    pub vars: Vars,
    pub opts: &'a Options,
    pub out: String,
}

impl Checker<'_> {
    /// Runs every check; true if all passed.
    pub fn check_input(&mut self, strings: &[CheckString]) -> bool {
        let mut failed = false;
        let (mut i, mut j) = (0, 0);
        let mut rest = 0;
        let end = self.input.text.len();
        loop {
            let region = if j == strings.len() {
                (rest, end)
            } else {
                if strings[j].pat.ty != Ty::Label {
                    j += 1;
                    continue;
                }
                // Scan to the next label, ignoring its DAG/NOT patterns.
                let Some((pos, len)) = self.check(&strings[j], rest, end, true) else {
                    return false;
                };
                let region = (rest, pos + len);
                rest = pos + len;
                j += 1;
                region
            };
            if i != 0 && self.opts.enable_var_scope {
                self.vars.retain(|name, _| name.starts_with('$'));
            }
            let mut from = region.0;
            while i != j {
                match self.check(&strings[i], from, region.1, false) {
                    Some((pos, len)) => from = pos + len,
                    None => {
                        failed = true;
                        i = j;
                        break;
                    }
                }
                i += 1;
            }
            if j == strings.len() {
                break;
            }
        }
        !failed
    }

    /// One check string within `start..end`: its DAG/NOT patterns, then its own
    /// pattern (`count` times), then its NEXT/SAME/NOT conditions. Gives the
    /// match's position and length.
    fn check(
        &mut self,
        cs: &CheckString,
        start: usize,
        end: usize,
        label_scan: bool,
    ) -> Option<(usize, usize)> {
        let mut nots: Vec<&Pattern> = Vec::new();
        let last = if label_scan {
            start
        } else {
            self.check_dag(cs, start, end, &mut nots)?
        };
        let pat = &cs.pat;
        let (mut first, mut match_end) = (last, last);
        for i in 1..=pat.count {
            match self.search(pat, match_end, end) {
                Ok(Some(found)) => {
                    if i == 1 {
                        first = match_end + found.pos;
                    }
                    match_end += found.pos + found.len;
                }
                result => {
                    self.no_match(true, pat, i, match_end, end, result.err());
                    return None;
                }
            }
        }
        if !label_scan
            && (self.check_next(pat, last, first)
                || self.check_same(pat, last, first)
                || self.check_not(&nots, last, first))
        {
            return None;
        }
        Some((first, match_end - first))
    }

    fn search(
        &mut self,
        pat: &Pattern,
        start: usize,
        end: usize,
    ) -> Result<Option<Found>, Undefined> {
        pat.find(&self.input.text[start..end], &mut self.vars)
    }

    /// The CHECK-DAG groups (and CHECK-NOTs between them) before a check.
    /// Gives where the check's own search starts; leaves the CHECK-NOTs after
    /// the last group in `nots`.
    fn check_dag<'p>(
        &mut self,
        cs: &'p CheckString,
        start: usize,
        end: usize,
        nots: &mut Vec<&'p Pattern>,
    ) -> Option<usize> {
        let mut start_pos = start;
        // Sorted, non-overlapping matches of the current group.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for (k, pat) in cs.dag_not.iter().enumerate() {
            if pat.ty == Ty::Not {
                nots.push(pat);
                continue;
            }
            let mut from = start_pos;
            let mut next_range = 0;
            loop {
                let found = match self.search(pat, from, end) {
                    Ok(Some(found)) => found,
                    result => {
                        self.no_match(true, pat, 1, from, end, result.err());
                        return None;
                    }
                };
                let m = (from + found.pos, from + found.pos + found.len);
                let mut overlap = false;
                while next_range < ranges.len() {
                    if m.0 < ranges[next_range].1 {
                        overlap = ranges[next_range].0 < m.1;
                        break;
                    }
                    next_range += 1;
                }
                if !overlap {
                    ranges.insert(next_range, m);
                    break;
                }
                // Search again after the match it overlaps.
                from = ranges[next_range].1;
                next_range += 1;
            }
            let group_ends = cs.dag_not.get(k + 1).is_none_or(|p| p.ty == Ty::Not);
            if group_ends {
                if !nots.is_empty() {
                    if self.check_not(nots, start_pos, ranges[0].0) {
                        return None;
                    }
                    nots.clear();
                }
                start_pos = ranges.last().unwrap().1;
                ranges.clear();
            }
        }
        Some(start_pos)
    }

    /// Reports CHECK-NOT patterns found in `start..end`; true if any was.
    fn check_not(&mut self, nots: &[&Pattern], start: usize, end: usize) -> bool {
        let mut failed = false;
        for pat in nots {
            match self.search(pat, start, end) {
                Ok(None) => {}
                Ok(Some(found)) => {
                    self.excluded_match(pat, start, &found);
                    failed = true;
                }
                Err(undefined) => {
                    self.no_match(false, pat, 1, start, end, Some(undefined));
                    failed = true;
                }
            }
        }
        failed
    }

    /// CHECK-NEXT and CHECK-EMPTY: exactly one newline in `start..end` (from
    /// the end of the previous match to this match).
    fn check_next(&mut self, pat: &Pattern, start: usize, end: usize) -> bool {
        if !matches!(pat.ty, Ty::Next | Ty::Empty) {
            return false;
        }
        let name = format!(
            "{}{}",
            pat.prefix,
            if pat.ty == Ty::Empty {
                "-EMPTY"
            } else {
                "-NEXT"
            }
        );
        let (newlines, first_line) = count_newlines(&self.input.text[start..end]);
        match newlines {
            1 => false,
            0 => {
                self.wrong_line(
                    pat,
                    &format!("{name}: is on the same line as previous match"),
                    start,
                    end,
                );
                true
            }
            _ => {
                self.wrong_line(
                    pat,
                    &format!("{name}: is not on the line after the previous match"),
                    start,
                    end,
                );
                let msg = "non-matching line after previous match is here";
                self.input
                    .message(&mut self.out, start + first_line, "note", msg, None);
                true
            }
        }
    }

    /// CHECK-SAME: no newline in `start..end`.
    fn check_same(&mut self, pat: &Pattern, start: usize, end: usize) -> bool {
        if pat.ty != Ty::Same || count_newlines(&self.input.text[start..end]).0 == 0 {
            return false;
        }
        let msg = format!(
            "{}-SAME: is not on the same line as the previous match",
            pat.prefix
        );
        self.wrong_line(pat, &msg, start, end);
        true
    }

    fn wrong_line(&mut self, pat: &Pattern, msg: &str, prev_end: usize, match_start: usize) {
        self.error_at_pattern(pat, msg);
        self.input.message(
            &mut self.out,
            match_start,
            "note",
            "'next' match was here",
            None,
        );
        self.input.message(
            &mut self.out,
            prev_end,
            "note",
            "previous match ended here",
            None,
        );
    }

    fn error_at_pattern(&mut self, pat: &Pattern, msg: &str) {
        self.checks[pat.src].message(&mut self.out, pat.loc, "error", msg, None);
    }

    /// An expected pattern not found in `start..end`, or an excluded one that
    /// could not be searched for; as LLVM's `printNoMatch`.
    fn no_match(
        &mut self,
        expected: bool,
        pat: &Pattern,
        matched: usize,
        start: usize,
        end: usize,
        undefined: Option<Undefined>,
    ) {
        let undefined = undefined.unwrap_or_default();
        for (name, loc) in &undefined {
            self.checks[pat.src].message(
                &mut self.out,
                *loc,
                "error",
                &format!("undefined variable: {name}"),
                None,
            );
        }
        if !expected && undefined.is_empty() {
            return;
        }
        if undefined.is_empty() {
            let mut msg = format!("{}: expected string not found in input", describe(pat));
            if pat.count > 1 {
                let _ = write!(msg, " ({matched} out of {})", pat.count);
            }
            self.error_at_pattern(pat, &msg);
            self.input
                .message(&mut self.out, start, "note", "scanning from here", None);
        }
        self.substitutions(pat, start);
        if expected {
            self.fuzzy_match(pat, start, end);
        }
    }

    /// A CHECK-NOT pattern found; as LLVM's `printMatch` for an excluded match.
    fn excluded_match(&mut self, pat: &Pattern, start: usize, found: &Found) {
        let at = start + found.pos;
        self.error_at_pattern(
            pat,
            &format!("{}: excluded string found in input", describe(pat)),
        );
        self.input.message(
            &mut self.out,
            at,
            "note",
            "found here",
            Some(at..at + found.len),
        );
        self.substitutions(pat, at);
        let mut captures = found.captures.clone();
        captures.sort_by_key(|(_, r)| r.start);
        for (name, r) in captures {
            let range = start + r.start..start + r.end;
            self.input.message(
                &mut self.out,
                range.start,
                "note",
                &format!("captured var \"{name}\""),
                Some(range),
            );
        }
    }

    /// `with "X" equal to "value"` for each variable use of the pattern.
    fn substitutions(&mut self, pat: &Pattern, at: usize) {
        for (name, value) in pat.uses(&self.vars) {
            let Some(value) = value else { continue };
            let msg = format!(
                "with \"{}\" equal to {}",
                escape(name.as_bytes()),
                quote_value(value)
            );
            self.input.message(&mut self.out, at, "note", &msg, None);
        }
    }

    /// The "possible intended match here" note: the place in the next 4096
    /// bytes whose line start is closest (in edit distance) to the pattern.
    fn fuzzy_match(&mut self, pat: &Pattern, start: usize, end: usize) {
        let buf = &self.input.text[start..end];
        let example = &pat.example;
        let limit = buf.len().min(4096);
        if 4096 * 2048 < limit * example.len() {
            return;
        }
        let mut lines = 0usize;
        let mut best: Option<(usize, f64)> = None;
        for i in 0..limit {
            if buf[i] == b'\n' {
                lines += 1;
            }
            if buf[i] == b' ' || buf[i] == b'\t' {
                continue;
            }
            let prefix = &buf[i..(i + example.len()).min(buf.len())];
            let prefix = prefix.split(|c| *c == b'\n').next().unwrap();
            let quality = edit_distance(prefix, example) as f64 + lines as f64 / 100.0;
            if best.is_none_or(|(_, q)| quality < q) {
                best = Some((i, quality));
            }
        }
        if let Some((at, quality)) = best
            && at != 0
            && quality < 50.0
        {
            let msg = "possible intended match here";
            self.input
                .message(&mut self.out, start + at, "note", msg, None);
        }
    }
}

/// `CHECK-NEXT`, `CHECK-COUNT`, `CHECK{LITERAL}`, ... as in the messages.
fn describe(pat: &Pattern) -> String {
    let suffix = match pat.ty {
        Ty::Plain if pat.count > 1 => "-COUNT",
        Ty::Plain => "",
        Ty::Next => "-NEXT",
        Ty::Same => "-SAME",
        Ty::Not => "-NOT",
        Ty::Dag => "-DAG",
        Ty::Label => "-LABEL",
        Ty::Empty => "-EMPTY",
        Ty::Eof => return "implicit EOF".to_string(),
    };
    let modifiers = if pat.literal { "{LITERAL}" } else { "" };
    format!("{}{suffix}{modifiers}", pat.prefix)
}

/// The number of line breaks (`\r\n` and `\n\r` count once) and the offset
/// just after the first.
fn count_newlines(text: &[u8]) -> (usize, usize) {
    let (mut count, mut first, mut i) = (0, 0, 0);
    while i < text.len() {
        if text[i] == b'\n' || text[i] == b'\r' {
            count += 1;
            if i + 1 < text.len() && matches!(text[i + 1], b'\n' | b'\r') && text[i + 1] != text[i]
            {
                i += 1;
            }
            if count == 1 {
                first = i + 1;
            }
        }
        i += 1;
    }
    (count, first)
}

/// Levenshtein distance, as LLVM's `StringRef::edit_distance`.
fn edit_distance(from: &[u8], to: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=to.len()).collect();
    for (y, &a) in from.iter().enumerate() {
        let mut previous = row[0];
        row[0] = y + 1;
        for (x, &b) in to.iter().enumerate() {
            let old = row[x + 1];
            row[x + 1] = (previous + usize::from(a != b))
                .min(row[x] + 1)
                .min(old + 1);
            previous = old;
        }
    }
    row[to.len()]
}

/// LLVM's `raw_ostream::write_escaped`.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &c in bytes {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\{:03o}", c);
            }
        }
    }
    out
}

/// A variable's value in quotes, escaped (and said so) when it holds
/// characters that do not print or a quote.
fn quote_value(value: &[u8]) -> String {
    if value
        .iter()
        .any(|&c| !(0x20..=0x7e).contains(&c) || c == b'"')
    {
        format!("\"{}\" (escaped value)", escape(value))
    } else {
        format!("\"{}\"", String::from_utf8_lossy(value))
    }
}
