//! Buffers and their diagnostics, as LLVM's `SourceMgr` prints them:
//! `NAME:LINE:COL: KIND: MESSAGE`, the source line (tabs expanded) and a caret
//! line with `~` under a range.

use std::fmt::Write;
use std::ops::Range;

/// One buffer: the check file, the input, or a fake `command line` buffer.
pub(crate) struct Source {
    pub name: String,
    pub text: Vec<u8>,
    /// Offsets of the first byte of each line.
    line_starts: Vec<usize>,
}

impl Source {
    /// A buffer as FileCheck sees it: `\r\n` becomes `\n`, and unless
    /// `strict_whitespace`, every run of spaces and tabs becomes one space.
    pub fn canonical(name: &str, raw: &[u8], strict_whitespace: bool) -> Source {
        let mut text = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i];
            i += 1;
            if c == b'\r' && raw.get(i) == Some(&b'\n') {
                continue;
            }
            if strict_whitespace || (c != b' ' && c != b'\t') {
                text.push(c);
                continue;
            }
            text.push(b' ');
            while i < raw.len() && (raw[i] == b' ' || raw[i] == b'\t') {
                i += 1;
            }
        }
        Source::verbatim(name, text)
    }

    pub fn verbatim(name: &str, text: Vec<u8>) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_all(b'\n', &text).map(|i| i + 1));
        Source {
            name: name.to_string(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, pos: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= pos);
        (line, pos - self.line_starts[line - 1] + 1)
    }

    /// Appends one diagnostic to `out`. `range` underlines part of the line
    /// (clipped to it) with `~`.
    pub fn message(
        &self,
        out: &mut String,
        pos: usize,
        kind: &str,
        msg: &str,
        range: Option<Range<usize>>,
    ) {
        let (line, col) = self.line_col(pos);
        let _ = writeln!(out, "{}:{line}:{col}: {kind}: {msg}", self.name);
        let is_break = |c: &u8| *c == b'\n' || *c == b'\r';
        let start = self.text[..pos]
            .iter()
            .rposition(is_break)
            .map_or(0, |i| i + 1);
        let end = self.text[pos..]
            .iter()
            .position(is_break)
            .map_or(self.text.len(), |i| pos + i);
        let contents = &self.text[start..end];
        if !contents.is_ascii() {
            // As LLVM: columns would be wrong, so the line is shown without a caret.
            out.push_str(&String::from_utf8_lossy(contents));
            out.push('\n');
            return;
        }
        let mut caret = vec![b' '; contents.len() + 1];
        if let Some(r) = range
            && r.start <= end
            && r.end >= start
        {
            let (a, b) = (r.start.max(start) - start, r.end.min(end) - start);
            caret[a..b].fill(b'~');
        }
        let column = (pos - start).min(contents.len());
        caret[column] = b'^';
        while caret.last() == Some(&b' ') {
            caret.pop();
        }
        // Tabs expand to the next multiple of 8, in both lines.
        let (mut shown, mut under) = (String::new(), String::new());
        for (i, &c) in contents.iter().enumerate() {
            let mark = caret.get(i).copied().unwrap_or(b' ') as char;
            if c == b'\t' {
                loop {
                    shown.push(' ');
                    under.push(mark);
                    if shown.len() % 8 == 0 {
                        break;
                    }
                }
            } else {
                shown.push(c as char);
                under.push(mark);
            }
        }
        if caret.len() > contents.len() {
            under.push(caret[contents.len()] as char);
        }
        let under = under.trim_end();
        let _ = writeln!(out, "{shown}\n{under}");
    }
}

fn memchr_all(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack
        .iter()
        .enumerate()
        .filter(move |(_, c)| **c == needle)
        .map(|(i, _)| i)
}
