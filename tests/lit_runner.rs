//! A lit-style runner for the files under `tests/lit/` (used by `tests/lit.rs`).
//!
//! Each `.mlir`, `.cu` or `.ptx` file (folders named `Inputs` are skipped)
//! holds `// RUN:` lines: a line whose first word after its comment leader
//! (`//`, `#` or `;`) is `RUN:`, continued onto the next RUN line by a final
//! `\`. Substitutions: `%s` the file, `%S` its folder, `%t` a scratch path of
//! the file's own, `%T` that path's folder, `%%` a `%`. A RUN line is a
//! sh-like command without a shell: words with `'...'`, `"..."` and `\`
//! quoting, pipelines `|` (pipefail: every command must succeed), `&&`,
//! redirections `>`, `>>`, `<`, `2>`, `2>&1`, `1>&2` (applied left to right as
//! in sh), and `not CMD`, which expects CMD to exit non-zero. `cuwasm-*`
//! commands run the workspace's freshly built binaries; `FileCheck` runs
//! `cuwasm-filecheck` in process; anything else is looked up on PATH, under the
//! external-tool rule of `external_tool`. Files run in parallel and are
//! reported in path order.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long one command may run.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);
/// The extensions of lit files.
const EXTENSIONS: [&str; 3] = ["mlir", "cu", "ptx"];

/// The outcome of a suite: counts, failing files, and the printable report.
pub struct Report {
    pub passed: usize,
    pub failed: Vec<String>,
    pub unsupported: Vec<String>,
    pub text: String,
}

/// Runs the lit files under `root` whose path (relative to `root`) contains
/// `filter`, with `scratch` as the folder for `%t` and the working folder.
pub fn run_suite(root: &Path, scratch: &Path, filter: Option<&str>) -> Report {
    let mut files = Vec::new();
    discover(root, &mut files);
    files.sort();
    let relative = |p: &PathBuf| p.strip_prefix(root).unwrap().display().to_string();
    files.retain(|p| filter.is_none_or(|f| relative(p).contains(f)));
    let mut text = String::new();
    if files.is_empty() {
        text.push_str(&format!(
            "lit: no files under {} match LIT_FILTER={filter:?}\n",
            root.display()
        ));
        let failed = vec![format!("(no files matching {filter:?})")];
        return Report {
            passed: 0,
            failed,
            unsupported: Vec::new(),
            text,
        };
    }
    let tests: Vec<LitFile> = files
        .iter()
        .map(|p| LitFile::parse(p, &relative(p), scratch))
        .collect();
    let missing = missing_tools(&tests);

    // Files run on worker threads; results land in their file's slot.
    let results: Vec<std::sync::Mutex<Option<(Status, String)>>> =
        tests.iter().map(|_| Default::default()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(tests.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(test) = tests.get(i) else { break };
                    *results[i].lock().unwrap() = Some(test.run(&missing));
                }
            });
        }
    });

    let (mut passed, mut failed, mut unsupported) = (0, Vec::new(), Vec::new());
    for (test, result) in tests.iter().zip(results) {
        let (status, log) = result.into_inner().unwrap().unwrap();
        match status {
            Status::Pass => passed += 1,
            Status::Fail => {
                text.push_str(&format!(
                    "{0} FAIL: {1} {0}\n{log}\n",
                    "*".repeat(20),
                    test.relative
                ));
                failed.push(test.relative.clone());
            }
            Status::Unsupported => {
                text.push_str(&format!("UNSUPPORTED: {} ({log})\n", test.relative));
                unsupported.push(test.relative.clone());
            }
        }
    }
    if !failed.is_empty() {
        text.push_str(&format!("Failed files ({}):\n", failed.len()));
        for f in &failed {
            text.push_str(&format!("  {f}\n"));
        }
    }
    text.push_str(&format!(
        "lit: {} files: {passed} passed, {} failed, {} unsupported\n",
        tests.len(),
        failed.len(),
        unsupported.len()
    ));
    Report {
        passed,
        failed,
        unsupported,
        text,
    }
}

fn discover(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if !path.ends_with("Inputs") {
                discover(&path, files);
            }
        } else if path
            .extension()
            .is_some_and(|x| EXTENSIONS.iter().any(|e| x == *e))
        {
            files.push(path);
        }
    }
}

/// The external programs (not `cuwasm-*`, not `FileCheck`) that the files
/// run and that are not installed; `external_tool` fails the test for them
/// under CI and says loudly that they are skipped elsewhere.
fn missing_tools(tests: &[LitFile]) -> Vec<String> {
    let mut names: Vec<&str> = tests
        .iter()
        .flat_map(|t| t.commands.iter())
        .filter_map(|c| c.parsed.as_ref().ok())
        .flat_map(|pipelines| pipelines.iter().flatten())
        .filter_map(|stage| program(&stage.argv).map(|(_, argv)| argv[0].as_str()))
        .filter(|name| *name != "FileCheck" && !name.starts_with("cuwasm-"))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| !crate::external_tool(n))
        .map(str::to_string)
        .collect()
}

enum Status {
    Pass,
    Fail,
    Unsupported,
}

/// A lit file: its RUN lines, substituted and parsed.
struct LitFile {
    relative: String,
    commands: Vec<RunLine>,
    /// Why the file cannot run at all (no RUN lines, an unfinished one).
    error: Option<String>,
    scratch: PathBuf,
}

struct RunLine {
    line: usize,
    text: String,
    parsed: Result<Vec<Pipeline>, String>,
}

impl LitFile {
    fn parse(path: &Path, relative: &str, scratch: &Path) -> LitFile {
        let tmp = scratch.join(format!("{relative}.tmp"));
        let _ = std::fs::create_dir_all(tmp.parent().unwrap());
        let mut lit = LitFile {
            relative: relative.to_string(),
            commands: Vec::new(),
            error: None,
            scratch: scratch.to_path_buf(),
        };
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                lit.error = Some(format!("cannot read {}: {e}", path.display()));
                return lit;
            }
        };
        // (first line, command) of each RUN line, continuations joined.
        let mut lines: Vec<(usize, String)> = Vec::new();
        let mut pending: Option<(usize, String)> = None;
        for (n, line) in source.lines().enumerate() {
            let Some(command) = run_line(line) else {
                continue;
            };
            let (first, mut text) = pending.take().unwrap_or((n + 1, String::new()));
            text.push_str(command.trim());
            match text.strip_suffix('\\') {
                Some(continued) => pending = Some((first, format!("{continued} "))),
                None => lines.push((first, text)),
            }
        }
        if let Some((line, _)) = pending {
            lit.error = Some(format!(
                "the RUN line at line {line} ends with '\\' but no RUN line follows"
            ));
        } else if lines.is_empty() {
            lit.error =
                Some("no RUN lines (a lit file needs at least one `// RUN:` line)".to_string());
        }
        lit.commands = lines
            .into_iter()
            .map(|(line, text)| {
                let text = substitute(&text, path, &tmp);
                let parsed = parse_command(&text);
                RunLine { line, text, parsed }
            })
            .collect();
        lit
    }

    /// Runs the RUN lines in order, up to the first that fails.
    fn run(&self, missing: &[String]) -> (Status, String) {
        if let Some(e) = &self.error {
            return (Status::Fail, format!("error: {e}\n"));
        }
        let mut log = String::new();
        for command in &self.commands {
            log.push_str(&format!(
                "RUN: at line {}: {}\n",
                command.line, command.text
            ));
            let pipelines = match &command.parsed {
                Ok(p) => p,
                Err(e) => {
                    log.push_str(&format!("error: cannot parse the RUN line: {e}\n"));
                    return (Status::Fail, log);
                }
            };
            let mut needed = pipelines
                .iter()
                .flatten()
                .filter_map(|s| program(&s.argv))
                .map(|(_, argv)| &argv[0]);
            if let Some(tool) = needed.find(|name| missing.contains(name)) {
                return (Status::Unsupported, format!("{tool} is not installed"));
            }
            for pipeline in pipelines {
                if !self.run_pipeline(pipeline, &mut log) {
                    return (Status::Fail, log);
                }
            }
        }
        (Status::Pass, log)
    }

    /// Runs one pipeline, feeding each command's output to the next; true if
    /// every command succeeded.
    fn run_pipeline(&self, pipeline: &[Stage], log: &mut String) -> bool {
        let mut input = Vec::new();
        let mut all_ok = true;
        let mut piped = Vec::new();
        for stage in pipeline {
            let result = self.run_stage(stage, std::mem::take(&mut input));
            log.push_str(&format!("$ {}\n", result.shown));
            append_block(log, "stderr", &result.stderr);
            if let Some(problem) = &result.problem {
                log.push_str(&format!("error: {problem}\n"));
                all_ok = false;
            }
            piped.push(result.stdout.clone());
            input = result.stdout;
        }
        if !all_ok {
            // What each command wrote to its output, as the next one saw it.
            for (stage, output) in pipeline.iter().zip(&piped) {
                let name = stage
                    .argv
                    .iter()
                    .find(|a| *a != "not")
                    .map_or("", String::as_str);
                append_block(log, &format!("stdout of {name}"), output);
            }
        }
        all_ok
    }

    fn run_stage(&self, stage: &Stage, input: Vec<u8>) -> StageResult {
        let mut result = StageResult {
            shown: stage.argv.join(" "),
            stdout: Vec::new(),
            stderr: Vec::new(),
            problem: None,
        };
        let Some((inverted, argv)) = program(&stage.argv) else {
            result.problem = Some("`not` needs a command".to_string());
            return result;
        };
        let mut io = match Io::new(&stage.redirects, &self.scratch, input) {
            Ok(io) => io,
            Err(e) => {
                result.problem = Some(e);
                return result;
            }
        };
        let status = if argv[0] == "FileCheck" {
            let outcome = cuwasm_filecheck::run(&argv[1..], &io.input);
            io.write_stderr(outcome.stderr.as_bytes());
            Ok(Some(outcome.status))
        } else {
            let exe = if argv[0].starts_with("cuwasm-") {
                crate::tool(&argv[0])
            } else {
                PathBuf::from(&argv[0])
            };
            result.shown = format!(
                "{}{}",
                if inverted { "not " } else { "" },
                shown_command(&exe, &argv[1..])
            );
            io.run_external(&exe, &argv[1..], &self.scratch)
        };
        (result.stdout, result.stderr) = (io.stdout, io.stderr);
        result.problem = match status {
            Err(e) => Some(e),
            Ok(None) => Some("the command crashed (killed by a signal)".to_string()),
            Ok(Some(0)) if inverted => {
                Some("the command succeeded, but `not` expects it to fail".to_string())
            }
            Ok(Some(0)) => None,
            Ok(Some(_)) if inverted => None,
            Ok(Some(code)) => Some(format!("the command failed with exit status {code}")),
        };
        result
    }
}

struct StageResult {
    shown: String,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    problem: Option<String>,
}

/// `cuwasm-opt a b` with the binary's path, for the log.
fn shown_command(exe: &Path, args: &[String]) -> String {
    let quote = |a: &String| {
        if a.contains([' ', '\'', '"', '(', '|', '{']) {
            format!("'{a}'")
        } else {
            a.clone()
        }
    };
    std::iter::once(exe.display().to_string())
        .chain(args.iter().map(quote))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Strips the leading `not`s: whether the status is inverted, and the rest.
fn program(argv: &[String]) -> Option<(bool, &[String])> {
    let nots = argv.iter().take_while(|a| *a == "not").count();
    (nots < argv.len()).then(|| (nots % 2 == 1, &argv[nots..]))
}

/// Up to 60 lines of `bytes`, indented under a title, into the log.
fn append_block(log: &mut String, title: &str, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    log.push_str(&format!("  {title}:\n"));
    for line in lines.iter().take(60) {
        log.push_str(&format!("  | {line}\n"));
    }
    if lines.len() > 60 {
        log.push_str(&format!("  | ... ({} more lines)\n", lines.len() - 60));
    }
}

/// The command of a RUN line: the text after `RUN:` when that is the first
/// word after the line's comment leader.
fn run_line(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let body = ["//", "#", ";"]
        .iter()
        .find_map(|leader| line.strip_prefix(leader))?;
    body.trim_start().strip_prefix("RUN:")
}

/// lit's substitutions.
pub fn substitute(text: &str, file: &Path, tmp: &Path) -> String {
    let folder = |p: &Path| p.parent().unwrap_or(Path::new("/")).display().to_string();
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let value = match (c, chars.peek()) {
            ('%', Some('s')) => file.display().to_string(),
            ('%', Some('S')) => folder(file),
            ('%', Some('t')) => tmp.display().to_string(),
            ('%', Some('T')) => folder(tmp),
            ('%', Some('%')) => "%".to_string(),
            _ => {
                out.push(c);
                continue;
            }
        };
        chars.next();
        out.push_str(&value);
    }
    out
}

/// One command of a pipeline: its words and redirections, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct Stage {
    pub argv: Vec<String>,
    pub redirects: Vec<Redirect>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `< path`
    Input(String),
    /// `N> path` or `N>> path`
    File { fd: u32, path: String, append: bool },
    /// `N>&M`
    Dup { fd: u32, to: u32 },
}

/// Commands joined by `|`.
pub type Pipeline = Vec<Stage>;

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Pipe,
    And,
    Redirect {
        fd: u32,
        op: &'static str,
        to: Option<u32>,
    },
}

/// Splits a RUN line into pipelines (joined by `&&`) of stages.
pub fn parse_command(text: &str) -> Result<Vec<Pipeline>, String> {
    let mut pipelines = vec![Vec::new()];
    let mut stage = Stage {
        argv: Vec::new(),
        redirects: Vec::new(),
    };
    let mut tokens = tokenize(text)?.into_iter();
    let end_stage = |stage: &mut Stage, pipelines: &mut Vec<Pipeline>| {
        if stage.argv.is_empty() {
            return Err("a `|` or `&&` without a command on one side".to_string());
        }
        let done = std::mem::replace(
            stage,
            Stage {
                argv: Vec::new(),
                redirects: Vec::new(),
            },
        );
        pipelines.last_mut().unwrap().push(done);
        Ok(())
    };
    while let Some(token) = tokens.next() {
        match token {
            Token::Word(w) => stage.argv.push(w),
            Token::Pipe => end_stage(&mut stage, &mut pipelines)?,
            Token::And => {
                end_stage(&mut stage, &mut pipelines)?;
                pipelines.push(Vec::new());
            }
            Token::Redirect {
                fd, to: Some(to), ..
            } => stage.redirects.push(Redirect::Dup { fd, to }),
            Token::Redirect { fd, op, to: None } => {
                let Some(Token::Word(path)) = tokens.next() else {
                    return Err(format!("`{op}` needs a file name"));
                };
                stage.redirects.push(match op {
                    "<" => Redirect::Input(path),
                    _ => Redirect::File {
                        fd,
                        path,
                        append: op == ">>",
                    },
                });
            }
        }
    }
    end_stage(&mut stage, &mut pipelines)?;
    Ok(pipelines)
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('|', Some('|')) => return Err("`||` is not supported".to_string()),
            ('|', _) => {
                tokens.push(Token::Pipe);
                i += 1;
                continue;
            }
            ('&', Some('&')) => {
                tokens.push(Token::And);
                i += 2;
                continue;
            }
            ('&' | ';' | '`' | '$' | '*' | '?' | '(' | ')', _) => {
                return Err(format!(
                    "`{c}` is not supported (RUN lines run without a shell); quote it"
                ));
            }
            _ => {}
        }
        // A redirection: optional file descriptor digits, then `<`, `>`, `>>` or `>&N`.
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if matches!(chars.get(i + digits), Some('<' | '>')) {
            let fd_text: String = chars[i..i + digits].iter().collect();
            let op_at = i + digits;
            let (op, len) = match (chars[op_at], chars.get(op_at + 1)) {
                ('<', _) => ("<", 1),
                ('>', Some('>')) => (">>", 2),
                ('>', Some('&')) => (">&", 2),
                _ => (">", 1),
            };
            let default_fd = if op == "<" { 0 } else { 1 };
            let fd = if digits == 0 {
                default_fd
            } else {
                fd_text.parse().map_err(|_| "bad file descriptor")?
            };
            i = op_at + len;
            let to = if op == ">&" {
                let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return Err("`>&` needs a file descriptor number".to_string());
                }
                let to: String = chars[i..i + n].iter().collect();
                i += n;
                Some(to.parse().map_err(|_| "bad file descriptor")?)
            } else {
                None
            };
            tokens.push(Token::Redirect { fd, op, to });
            continue;
        }
        // A word, with sh quoting.
        let mut word = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() || matches!(c, '|' | '&' | ';' | '<' | '>') {
                break;
            }
            i += 1;
            match c {
                '\'' => {
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == '\'')
                        .ok_or("unterminated '")?;
                    word.extend(&chars[i..i + end]);
                    i += end + 1;
                }
                '"' => loop {
                    match chars.get(i) {
                        None => return Err("unterminated \"".to_string()),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            word.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(&c) => {
                            word.push(c);
                            i += 1;
                        }
                    }
                },
                '\\' => {
                    let escaped = chars.get(i).ok_or("`\\` at the end of the command")?;
                    word.push(*escaped);
                    i += 1;
                }
                '`' | '$' | '*' | '?' | '(' | ')' => {
                    return Err(format!(
                        "`{c}` is not supported (RUN lines run without a shell); quote it"
                    ));
                }
                _ => word.push(c),
            }
        }
        tokens.push(Token::Word(word));
    }
    Ok(tokens)
}

/// Where file descriptors 1 and 2 of a command go.
#[derive(Clone)]
enum Target {
    /// The pipeline's next command (or nothing, after the last).
    Stdout,
    /// The command's stderr, shown in the log.
    Stderr,
    File(std::sync::Arc<File>),
}

/// A command's input and its output targets after its redirections.
struct Io {
    input: Vec<u8>,
    targets: [Target; 2],
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Io {
    fn new(redirects: &[Redirect], cwd: &Path, input: Vec<u8>) -> Result<Io, String> {
        let mut io = Io {
            input,
            targets: [Target::Stdout, Target::Stderr],
            stdout: Vec::new(),
            stderr: Vec::new(),
        };
        let slot = |fd: u32| match fd {
            1 | 2 => Ok(fd as usize - 1),
            _ => Err(format!(
                "only file descriptors 1 and 2 can be redirected (not {fd})"
            )),
        };
        for redirect in redirects {
            match redirect {
                Redirect::Input(path) => {
                    io.input = std::fs::read(cwd.join(path))
                        .map_err(|e| format!("cannot read {path}: {e}"))?;
                }
                Redirect::File { fd, path, append } => {
                    let file = File::options()
                        .create(true)
                        .write(true)
                        .append(*append)
                        .truncate(!*append)
                        .open(cwd.join(path))
                        .map_err(|e| format!("cannot write {path}: {e}"))?;
                    io.targets[slot(*fd)?] = Target::File(std::sync::Arc::new(file));
                }
                Redirect::Dup { fd, to } => io.targets[slot(*fd)?] = io.targets[slot(*to)?].clone(),
            }
        }
        Ok(io)
    }

    /// What the in-process FileCheck wrote on its stderr.
    fn write_stderr(&mut self, bytes: &[u8]) {
        match &self.targets[1] {
            Target::Stdout => self.stdout.extend_from_slice(bytes),
            Target::Stderr => self.stderr.extend_from_slice(bytes),
            Target::File(f) => {
                if let Err(e) = (&**f).write_all(bytes) {
                    self.stderr.extend_from_slice(
                        format!("cannot write the redirected output: {e}\n").as_bytes(),
                    );
                }
            }
        }
    }

    /// Runs a program with this input and these targets; gives its exit code
    /// (`None` if a signal killed it).
    fn run_external(
        &mut self,
        exe: &Path,
        args: &[String],
        cwd: &Path,
    ) -> Result<Option<i32>, String> {
        let (out_read, out_write) = std::io::pipe().map_err(|e| e.to_string())?;
        let (err_read, err_write) = std::io::pipe().map_err(|e| e.to_string())?;
        let stdio = |target: &Target| -> std::io::Result<Stdio> {
            Ok(match target {
                Target::Stdout => out_write.try_clone()?.into(),
                Target::Stderr => err_write.try_clone()?.into(),
                Target::File(f) => f.try_clone()?.into(),
            })
        };
        let mut command = Command::new(exe);
        command.args(args).current_dir(cwd).stdin(Stdio::piped());
        command.stdout(stdio(&self.targets[0]).map_err(|e| e.to_string())?);
        command.stderr(stdio(&self.targets[1]).map_err(|e| e.to_string())?);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        // Only the child may hold the write ends, so that reading ends with it.
        drop((command, out_write, err_write));
        let mut stdin = child.stdin.take().unwrap();
        let input = std::mem::take(&mut self.input);
        std::thread::scope(|scope| {
            // A command may exit without reading its input.
            scope.spawn(move || stdin.write_all(&input));
            let out = scope.spawn(|| read_all(out_read));
            let err = scope.spawn(|| read_all(err_read));
            let status = wait(&mut child, COMMAND_TIMEOUT);
            self.stdout = out.join().unwrap();
            self.stderr = err.join().unwrap();
            status.map(|s| s.code())
        })
    }
}

fn read_all(mut reader: impl Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = reader.read_to_end(&mut bytes);
    bytes
}

/// Waits for a child, killing it after `limit`.
fn wait(child: &mut Child, limit: Duration) -> Result<ExitStatus, String> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the command ran longer than {} s and was killed",
                limit.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
