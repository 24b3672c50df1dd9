//! Pages in headless Chromium: a page served by a Node.js server
//! (examples/*/serve.mjs) computes something and POSTs the result to the
//! server's `/report`, which prints it as `REPORT <json>` (reading the DOM
//! with `--dump-dom` is not reliable; shared/DESIGN.md).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The Chromium binary of Debian's `chromium` package.
pub const CHROMIUM: &str = "chromium";

/// How long a page may take before the run is a failure.
const PAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// Kills a child process when dropped (a failing test must not leave
/// servers or browsers behind).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Serve with `node SERVE_MJS --port=0 FILES...`, open the page at
/// `page_query` (e.g. `index.html?module=/k.wasm&report=/report`) in
/// headless Chromium with `flags` added to the usual ones, and return the
/// JSON the page reported, or what went wrong.
pub fn report_of_page(
    serve_mjs: &Path,
    files: &[&Path],
    page_query: &str,
    flags: &[&str],
) -> Result<String, String> {
    let mut server = Killed(
        Command::new("node")
            .arg(serve_mjs)
            .arg("--port=0")
            .args(files)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?,
    );
    let lines = stdout_lines(&mut server.0);
    let index = lines
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the server printed no address".to_string())?;
    let origin = index
        .strip_suffix("/index.html")
        .ok_or_else(|| format!("unexpected server line '{index}'"))?;
    let profile = tempdir("chromium-profile");
    let _browser = Killed(
        Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(flags)
            .arg(format!("{origin}/{page_query}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMIUM}: {e}"))?,
    );
    let deadline = std::time::Instant::now() + PAGE_TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(json) = line.strip_prefix("REPORT ") {
                    return Ok(json.to_string());
                }
            }
            Err(_) => return Err(format!("the page reported nothing in {PAGE_TIMEOUT:?}")),
        }
    }
}

/// Query-string encoding of an argument (`f32[]:1.5,-2` has `[`, `]`, `,`).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The lines `child` prints, as they come.
fn stdout_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().expect("stdout is piped");
    let (send, recv) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    recv
}

/// A fresh, empty folder of this process.
fn tempdir(tag: &str) -> std::path::PathBuf {
    let dir = crate::scratch_dir(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
