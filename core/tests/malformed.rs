//! The malformed-input suite of `tests/malformed/` (issue 11): truncated files, bit flips,
//! random bytes behind magic numbers, zip bombs, XML bombs and deep nesting, PDF
//! reference cycles, huge streams and lines, broken encodings and wrong extensions,
//! written by `scripts/make-malformed.py` and listed in `tests/malformed/manifest.json`.
//!
//! Each case runs in a child process — this test binary again, selecting the case with
//! `CORPUSFORGE_MALFORMED_CASE` — under an address-space limit (`prlimit --as`, else
//! `ulimit -v`) and a wall-clock timeout, so a crash, abort, stack overflow, allocation
//! failure or hang is seen as such instead of taking the test run down. Each case must end
//! in one of the outcomes its manifest entry allows (an `ErrorKind` name, or `ok` for a
//! `Document`); error messages must name the input and hold none of its text.
//!
//! Cases marked `known_failure` in the manifest are skipped with a note. Environment:
//! `MALFORMED_FILTER=substring` runs the matching cases only, `MALFORMED_JOBS=n` sets
//! how many children run at once (default: the number of CPUs).

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use corpusforge::{extract_all_bytes, extract_bytes, Document, Error, ErrorKind, ExtractOptions};
use serde::{Deserialize, Serialize};

const CASE_ENV: &str = "CORPUSFORGE_MALFORMED_CASE";
const OUTCOME_TAG: &str = "MALFORMED-OUTCOME ";
/// Error details are checked for runs of this many bytes copied from the input.
const LEAK_WINDOW: usize = 32;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[derive(Deserialize)]
struct Manifest {
    defaults: Defaults,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Defaults {
    timeout_s: u64,
    memory_mib: u64,
}

#[derive(Deserialize, Clone)]
struct Case {
    file: Option<String>,
    family: String,
    what: String,
    allowed: Vec<String>,
    api: String,
    hint: String,
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default)]
    forbidden_text: Vec<String>,
    max_text_bytes: Option<u64>,
    /// Built at test time: `[text, count]` pairs, each text repeated `count` times.
    generate: Option<Vec<(String, u64)>>,
    timeout_s: Option<u64>,
    memory_mib: Option<u64>,
    known_failure: Option<String>,
    /// An outcome outside `allowed` that the core gives today, and why it is wrong: the
    /// case still runs (a crash or hang fails it), and the note is printed.
    known_outcome: Option<KnownOutcome>,
}

#[derive(Deserialize, Clone)]
struct KnownOutcome {
    outcome: String,
    why: String,
}

impl Case {
    fn id(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.hint)
    }

    fn bytes(&self) -> Vec<u8> {
        match (&self.file, &self.generate) {
            (Some(f), _) => std::fs::read(root().join("tests/malformed").join(f))
                .unwrap_or_else(|e| panic!("{f}: {e}")),
            (None, Some(parts)) => {
                let len: u64 = parts.iter().map(|(t, n)| t.len() as u64 * n).sum();
                let mut out = Vec::with_capacity(len as usize);
                for (text, n) in parts {
                    out.extend_from_slice(text.repeat(*n as usize).as_bytes());
                }
                out
            }
            (None, None) => panic!("{}: neither file nor generate", self.hint),
        }
    }
}

fn manifest() -> Manifest {
    let path = root().join("tests/malformed/manifest.json");
    let text = std::fs::read_to_string(&path).expect("tests/malformed/manifest.json");
    serde_json::from_str(&text).expect("manifest.json parses")
}

/// What the child reports on one line of its stdout.
#[derive(Serialize, Deserialize, Debug)]
struct Report {
    /// The outer outcome: `ok` or an `ErrorKind` name.
    outcome: String,
    /// `extract_all_bytes`: the outcome of each member.
    members: Vec<String>,
    /// Problems the child found: messages without the name, text in messages, ...
    problems: Vec<String>,
    /// The first error message (for the record).
    message: Option<String>,
    elapsed_ms: u64,
    peak_rss_kib: Option<u64>,
}

fn outcome_of(r: &Result<Document, Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => format!("{:?}", e.kind()),
    }
}

/// The error-message checks: names the input, holds no document text.
fn check_error(case: &Case, input: &[u8], e: &Error, problems: &mut Vec<String>) {
    let msg = e.to_string();
    let named = matches!(
        e.kind(),
        ErrorKind::UnsupportedFormat
            | ErrorKind::CorruptDocument
            | ErrorKind::Encrypted
            | ErrorKind::LimitExceeded
            | ErrorKind::Io
    );
    // A gzip member is named after its container without the `.gz`.
    let stem = case
        .hint
        .strip_suffix(".gz")
        .or_else(|| case.hint.strip_suffix(".tgz"))
        .unwrap_or(&case.hint);
    if named && !msg.contains(stem) {
        problems.push(format!("message does not name {:?}: {msg}", case.hint));
    }
    // The detail: what follows the source name (member names of archives included).
    let detail = match msg.find(stem) {
        Some(i) => {
            let rest = &msg[i + stem.len()..];
            rest.find(": ").map_or(rest, |j| &rest[j + 2..])
        }
        None => msg.as_str(),
    };
    let lower = detail.to_lowercase();
    for m in &case.markers {
        if lower.contains(&m.to_lowercase()) {
            problems.push(format!("message holds document text {m:?}: {msg}"));
        }
    }
    if input.len() <= 16 << 20 {
        let d = detail.as_bytes();
        if let Some(w) = d
            .windows(LEAK_WINDOW)
            .find(|w| memchr::memmem::find(input, w).is_some())
        {
            problems.push(format!(
                "message copies {LEAK_WINDOW} bytes of the input ({:?}): {msg}",
                String::from_utf8_lossy(w)
            ));
        }
    }
}

fn check_doc(case: &Case, doc: &Document, problems: &mut Vec<String>) {
    if let Some(max) = case.max_text_bytes {
        if doc.text.len() as u64 > max {
            problems.push(format!("text of {} bytes, over {max}", doc.text.len()));
        }
    }
    for f in &case.forbidden_text {
        if doc.text.contains(f.as_str()) {
            problems.push(format!("text holds forbidden {f:?}"));
        }
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs one case in this process and prints its report: the child's side.
fn run_case_here(case: &Case, timeout_s: u64) -> Report {
    let bytes = case.bytes();
    // The cooperative time budget fires at half the wall-clock kill.
    let opts = ExtractOptions {
        timeout_ms: timeout_s * 500,
        ..ExtractOptions::default()
    };
    let mut problems = Vec::new();
    let start = Instant::now();
    let (outcome, members, message) = if case.api == "extract_all_bytes" {
        let r = extract_all_bytes(&bytes, &case.hint, &opts);
        match r {
            Err(e) => {
                check_error(case, &bytes, &e, &mut problems);
                (format!("{:?}", e.kind()), Vec::new(), Some(e.to_string()))
            }
            Ok(results) => {
                let mut message = None;
                for r in &results {
                    match r {
                        Ok(doc) => check_doc(case, doc, &mut problems),
                        Err(e) => {
                            check_error(case, &bytes, e, &mut problems);
                            message.get_or_insert_with(|| e.to_string());
                        }
                    }
                }
                let members = results.iter().map(outcome_of).collect();
                ("ok".into(), members, message)
            }
        }
    } else {
        let r = extract_bytes(&bytes, Some(&case.hint), &opts);
        match &r {
            Ok(doc) => check_doc(case, doc, &mut problems),
            Err(e) => check_error(case, &bytes, e, &mut problems),
        }
        let message = r.as_ref().err().map(|e| e.to_string());
        (outcome_of(&r), Vec::new(), message)
    };
    Report {
        outcome,
        members,
        problems,
        message,
        elapsed_ms: start.elapsed().as_millis() as u64,
        peak_rss_kib: peak_rss_kib(),
    }
}

/// The child: does nothing unless the suite started this process for one case.
#[test]
fn malformed_child() {
    let Ok(id) = std::env::var(CASE_ENV) else {
        return;
    };
    let m = manifest();
    let case = m
        .cases
        .iter()
        .find(|c| c.id() == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    let timeout = case.timeout_s.unwrap_or(m.defaults.timeout_s);
    let report = run_case_here(case, timeout);
    println!("\n{OUTCOME_TAG}{}", serde_json::to_string(&report).unwrap());
}

/// How a child ended, seen from the parent.
enum End {
    Reported(Report),
    Timeout,
    Signal(i32, String),
    Exit(i32, String),
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        _ => "signal",
    }
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn run_child(case: &Case, timeout: Duration, memory_mib: u64) -> (End, Duration) {
    let exe = std::env::current_exe().expect("current_exe");
    let bytes = memory_mib << 20;
    let args = [
        "--exact",
        "malformed_child",
        "--nocapture",
        "--test-threads=1",
    ];
    let mut cmd = if which("prlimit") {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={bytes}"))
            .arg("--")
            .arg(&exe)
            .args(args);
        c
    } else {
        let mut c = Command::new("bash");
        c.arg("-c")
            .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", bytes >> 10))
            .arg(&exe)
            .args(args);
        c
    };
    cmd.env(CASE_ENV, case.id())
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn child");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            break Some(st);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    let Some(status) = status else {
        return (End::Timeout, elapsed);
    };
    if let Some(sig) = status.signal() {
        return (End::Signal(sig, tail(&stderr, 40)), elapsed);
    }
    let report = stdout
        .lines()
        .find_map(|l| l.find(OUTCOME_TAG).map(|i| &l[i + OUTCOME_TAG.len()..]))
        .map(|j| serde_json::from_str::<Report>(j).expect("report"));
    match report {
        Some(r) if status.success() => (End::Reported(r), elapsed),
        _ => (
            End::Exit(
                status.code().unwrap_or(-1),
                tail(&format!("{stdout}\n{stderr}"), 40),
            ),
            elapsed,
        ),
    }
}

fn which(prog: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(prog).is_file()))
}

/// One case's result in the parent.
struct Outcome {
    family: String,
    id: String,
    label: String,
    failure: Option<String>,
    wall: Duration,
    rss_kib: Option<u64>,
}

fn judge(case: &Case, end: End, timeout: Duration) -> (String, Option<String>, Option<u64>) {
    match end {
        End::Timeout => (
            "timeout".into(),
            Some(format!("no result within {timeout:?} (killed)")),
            None,
        ),
        End::Signal(sig, err) => (
            format!("crash:{}", signal_name(sig)),
            Some(format!(
                "killed by {} ({sig}); stderr:\n{err}",
                signal_name(sig)
            )),
            None,
        ),
        End::Exit(code, out) => (
            format!("exit:{code}"),
            Some(format!("child exited with {code} and no report:\n{out}")),
            None,
        ),
        End::Reported(r) => {
            let mut problems = r.problems.clone();
            let outcomes: Vec<&String> = if r.outcome == "ok" && !r.members.is_empty() {
                r.members.iter().collect()
            } else {
                vec![&r.outcome]
            };
            let label = if r.outcome == "ok" && !r.members.is_empty() {
                let mut m: Vec<&String> = r.members.iter().collect();
                m.sort();
                m.dedup();
                format!(
                    "ok[{}]",
                    m.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
                )
            } else {
                r.outcome.clone()
            };
            let mut bad: BTreeMap<&String, usize> = BTreeMap::new();
            for o in outcomes {
                if case.known_outcome.as_ref().is_some_and(|k| &k.outcome == o) {
                    continue;
                }
                if !case.allowed.contains(o) {
                    *bad.entry(o).or_default() += 1;
                }
            }
            for (o, n) in bad {
                problems.push(format!(
                    "outcome {o} ({n}x) not in {:?} (first message: {:?})",
                    case.allowed, r.message
                ));
            }
            let budget_ms = timeout.as_millis() as u64 / 2;
            if r.elapsed_ms > budget_ms + 1000 {
                eprintln!(
                    "over budget {}: {} ms, past the time budget of {budget_ms} ms ({})",
                    case.id(),
                    r.elapsed_ms,
                    r.outcome
                );
            }
            if let Some(k) = &case.known_outcome {
                let seen = r.outcome == k.outcome || r.members.contains(&k.outcome);
                eprintln!(
                    "known outcome {} {}: {}{}",
                    case.id(),
                    k.outcome,
                    k.why,
                    if seen {
                        ""
                    } else {
                        " (not seen this run: drop the note?)"
                    }
                );
            }
            problems.sort();
            problems.dedup();
            let failure = (!problems.is_empty()).then(|| problems.join("; "));
            (label, failure, r.peak_rss_kib)
        }
    }
}

/// The whole suite: every case of the manifest in a child process.
#[test]
fn malformed_inputs_end_in_allowed_outcomes() {
    if std::env::var_os(CASE_ENV).is_some() {
        return;
    }
    let m = manifest();
    let filter = std::env::var("MALFORMED_FILTER").ok();
    let cases: Vec<&Case> = m
        .cases
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.id().contains(f)))
        .collect();
    let jobs = std::env::var("MALFORMED_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Outcome>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                if let Some(why) = &case.known_failure {
                    eprintln!("skipped (known failure) {}: {why}", case.id());
                    results.lock().unwrap().push(Outcome {
                        family: case.family.clone(),
                        id: case.id().into(),
                        label: "skipped".into(),
                        failure: None,
                        wall: Duration::ZERO,
                        rss_kib: None,
                    });
                    continue;
                }
                let timeout = Duration::from_secs(case.timeout_s.unwrap_or(m.defaults.timeout_s));
                let memory = case.memory_mib.unwrap_or(m.defaults.memory_mib);
                let (end, wall) = run_child(case, timeout, memory);
                let (label, failure, rss_kib) = judge(case, end, timeout);
                results.lock().unwrap().push(Outcome {
                    family: case.family.clone(),
                    id: case.id().into(),
                    label,
                    failure: failure.map(|f| format!("{} ({}): {f}", case.id(), case.what)),
                    wall,
                    rss_kib,
                });
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.id.cmp(&b.id));
    summarize(&results, started.elapsed());
    let failures: Vec<&String> = results.iter().filter_map(|o| o.failure.as_ref()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} malformed cases failed:\n\n{}",
        failures.len(),
        results.len(),
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// Prints the table of outcomes per family, the slowest cases and the largest peak RSS,
/// and writes every case's outcome to `malformed-outcomes.json` in the target's tmp dir.
fn summarize(results: &[Outcome], total: Duration) {
    let mut table: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for o in results {
        *table
            .entry(&o.family)
            .or_default()
            .entry(&o.label)
            .or_default() += 1;
    }
    println!(
        "malformed: {} cases in {:.1} s",
        results.len(),
        total.as_secs_f64()
    );
    for (family, outcomes) in &table {
        let n: usize = outcomes.values().sum();
        let parts: Vec<String> = outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  {family:<10} {n:>4}  {}", parts.join(", "));
    }
    let mut slow: Vec<&Outcome> = results.iter().collect();
    slow.sort_by_key(|o| std::cmp::Reverse(o.wall));
    println!("slowest:");
    for o in slow.iter().take(8) {
        println!("  {:>7.2} s  {}  {}", o.wall.as_secs_f64(), o.id, o.label);
    }
    let mut fat: Vec<&Outcome> = results.iter().filter(|o| o.rss_kib.is_some()).collect();
    fat.sort_by_key(|o| std::cmp::Reverse(o.rss_kib));
    println!("largest peak RSS:");
    for o in fat.iter().take(8) {
        println!(
            "  {:>7.1} MiB  {}  {}",
            o.rss_kib.unwrap_or(0) as f64 / 1024.0,
            o.id,
            o.label
        );
    }
    let rows: Vec<serde_json::Value> = results
        .iter()
        .map(|o| {
            serde_json::json!({
                "case": o.id, "family": o.family, "outcome": o.label,
                "wall_ms": o.wall.as_millis() as u64, "peak_rss_kib": o.rss_kib,
                "failure": o.failure,
            })
        })
        .collect();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("malformed-outcomes.json");
    if std::fs::write(&path, serde_json::to_string_pretty(&rows).unwrap()).is_ok() {
        println!("outcomes written to {}", path.display());
    }
}
