//! MLIR's textual pass pipeline grammar:
//!
//! ```text
//! pipeline := element (',' element)*
//! element  := pass-name options? | op-name '(' pipeline? ')'
//! options  := '{' (key ('=' value)?)* '}'       values may nest braces or be quoted
//! ```
//!
//! `builtin.module(func.func(canonicalize,cse),symbol-dce)`: a name followed by
//! `(` anchors a nested pipeline on an op name (or `any`); other names are passes.

use std::fmt;

/// One element of a parsed pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PipelineElement {
    Pass {
        name: String,
        options: Vec<(String, String)>,
        /// Byte offset in the pipeline text, for errors.
        pos: usize,
    },
    Nested {
        anchor: String,
        elements: Vec<PipelineElement>,
        pos: usize,
    },
}

/// A pipeline error: a message and the byte offset it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineError {
    pub message: String,
    pub pos: usize,
}

impl PipelineError {
    /// The error with the pipeline text and a caret under the offending column.
    pub fn render(&self, text: &str) -> String {
        let col = text[..self.pos.min(text.len())].chars().count();
        format!(
            "<pass-pipeline>:1:{}: error: {}\n{text}\n{}^\n",
            col + 1,
            self.message,
            " ".repeat(col)
        )
    }
}

/// Parse a pipeline (the text inside `--pass-pipeline='...'`).
pub fn parse_pipeline(text: &str) -> Result<Vec<PipelineElement>, PipelineError> {
    let mut p = Parser { text, pos: 0 };
    let elements = p.elements()?;
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.error(format!("unexpected '{}'", p.peek_char())));
    }
    Ok(elements)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> PipelineError {
        PipelineError {
            message: message.into(),
            pos: self.pos,
        }
    }

    fn skip_ws(&mut self) {
        while self.rest().starts_with(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek_char(&self) -> char {
        self.rest().chars().next().unwrap_or('\0')
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            return true;
        }
        false
    }

    fn elements(&mut self) -> Result<Vec<PipelineElement>, PipelineError> {
        let mut out = Vec::new();
        loop {
            out.push(self.element()?);
            if !self.eat(',') {
                return Ok(out);
            }
        }
    }

    fn name(&mut self) -> Result<(String, usize), PipelineError> {
        self.skip_ws();
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_-.$".contains(c)))
            .unwrap_or(self.rest().len());
        if len == 0 {
            let msg = match self.peek_char() {
                '\0' => "expected a pass or op name, got the end of the pipeline".to_string(),
                c => format!("expected a pass or op name, got '{c}'"),
            };
            return Err(self.error(msg));
        }
        self.pos += len;
        Ok((self.text[start..self.pos].to_string(), start))
    }

    fn element(&mut self) -> Result<PipelineElement, PipelineError> {
        let (name, pos) = self.name()?;
        if self.eat('(') {
            let elements = match self.eat(')') {
                true => Vec::new(),
                false => {
                    let e = self.elements()?;
                    if !self.eat(')') {
                        return Err(self.error(format!(
                            "expected ',' or ')' to close the '{name}(' pipeline"
                        )));
                    }
                    e
                }
            };
            return Ok(PipelineElement::Nested {
                anchor: name,
                elements,
                pos,
            });
        }
        let options = match self.eat('{') {
            true => self.options()?,
            false => Vec::new(),
        };
        Ok(PipelineElement::Pass { name, options, pos })
    }

    /// `key=value key2 key3=1,2}`: up to and including the closing brace.
    fn options(&mut self) -> Result<Vec<(String, String)>, PipelineError> {
        let mut out = Vec::new();
        loop {
            if self.eat('}') {
                return Ok(out);
            }
            self.skip_ws();
            let start = self.pos;
            let key_len = self
                .rest()
                .find(|c: char| c == '=' || c == '}' || c.is_whitespace())
                .unwrap_or(self.rest().len());
            if key_len == 0 {
                return Err(self.error("expected an option name or '}'"));
            }
            let key = self.text[start..start + key_len].to_string();
            self.pos += key_len;
            let value = match self.rest().starts_with('=') {
                true => {
                    self.pos += 1;
                    self.option_value()?
                }
                false => String::new(),
            };
            out.push((key, value));
        }
    }

    /// A value: quoted, braced (nested), or up to whitespace or the closing brace.
    fn option_value(&mut self) -> Result<String, PipelineError> {
        let start = self.pos;
        if let Some(q @ ('"' | '\'')) = self.rest().chars().next() {
            let Some(end) = self.rest()[1..].find(q) else {
                return Err(self.error("unterminated quoted option value"));
            };
            self.pos += end + 2;
            return Ok(self.text[start + 1..self.pos - 1].to_string());
        }
        let mut depth = 0usize;
        for (i, c) in self.rest().char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    self.pos += i;
                    return Ok(self.text[start..self.pos].to_string());
                }
                '}' => depth -= 1,
                c if c.is_whitespace() && depth == 0 => {
                    self.pos += i;
                    return Ok(self.text[start..self.pos].to_string());
                }
                _ => {}
            }
        }
        self.pos = self.text.len();
        Err(self.error("expected '}' to close the pass options"))
    }
}

impl fmt::Display for PipelineElement {
    /// The canonical text of an element, as `--dump-pass-pipeline` would show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineElement::Pass { name, options, .. } => {
                f.write_str(name)?;
                if !options.is_empty() {
                    let items: Vec<String> = options
                        .iter()
                        .map(|(k, v)| match v.is_empty() {
                            true => k.clone(),
                            false => format!("{k}={v}"),
                        })
                        .collect();
                    write!(f, "{{{}}}", items.join(" "))?;
                }
                Ok(())
            }
            PipelineElement::Nested {
                anchor, elements, ..
            } => {
                write!(f, "{anchor}(")?;
                write_list(f, elements)?;
                f.write_str(")")
            }
        }
    }
}

/// `a,b(c)`: elements joined by commas.
pub fn write_list(f: &mut impl fmt::Write, elements: &[PipelineElement]) -> fmt::Result {
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) -> String {
        let mut s = String::new();
        write_list(&mut s, &parse_pipeline(text).unwrap()).unwrap();
        s
    }

    #[test]
    fn nested_and_options() {
        let t = "builtin.module(func.func(canonicalize, cse),loop-unroll{factor=4 full},any(dce))";
        assert_eq!(
            roundtrip(t),
            "builtin.module(func.func(canonicalize,cse),loop-unroll{factor=4 full},any(dce))"
        );
        let p = parse_pipeline("x{list=1,2 s='a b' n={c=1}}").unwrap();
        let PipelineElement::Pass { options, .. } = &p[0] else {
            panic!()
        };
        assert_eq!(options[0], ("list".into(), "1,2".into()));
        assert_eq!(options[1], ("s".into(), "a b".into()));
        assert_eq!(options[2], ("n".into(), "{c=1}".into()));
    }

    #[test]
    fn errors_point_at_the_fault() {
        let e = parse_pipeline("builtin.module(cse").unwrap_err();
        assert!(e.message.contains("close the 'builtin.module('"), "{e:?}");
        assert_eq!(e.pos, 18);
        let e = parse_pipeline("cse,,dce").unwrap_err();
        assert_eq!(e.pos, 4);
        assert!(e.render("cse,,dce").contains("\n    ^"));
        assert!(parse_pipeline("x{a=1").is_err());
        assert!(parse_pipeline("a) b").is_err());
    }
}
