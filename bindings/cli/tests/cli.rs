//! End-to-end tests of the `corpusforge` binary.

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_corpusforge"))
}

fn run_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn corpusforge");
    // A run that rejects its options exits before reading stdin: a broken pipe is expected then.
    if let Err(e) = child.stdin.take().expect("stdin").write_all(input) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("wait")
}

#[test]
fn normalize_stdin_to_stdout() {
    let out = run_stdin(&["normalize"], "cafÃ© &amp; bar\r\n".as_bytes());
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café & bar\n");
}

#[test]
fn normalize_file_with_report_and_options() {
    let dir = std::env::temp_dir().join(format!("cf-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.txt");
    std::fs::write(&f, "“ﬁne”  text\n").unwrap();
    let out = bin()
        .args([
            "normalize",
            "--straighten-quotes",
            "--fix-ligatures",
            "--collapse-whitespace",
            "--report",
        ])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "\"fine\" text\n");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(report["ligatures_fixed"], 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_option_exits_2_and_names_it() {
    let out = run_stdin(&["normalize", "--unicode-form", "nfx"], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unicode_form"));
}

#[test]
fn missing_file_exits_1_and_names_it() {
    let out = bin()
        .args(["normalize", "/no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
}

#[test]
fn non_utf8_exits_3_without_echoing_content() {
    let out = run_stdin(&["normalize"], b"secret \xff\xfe data");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not UTF-8"));
    assert!(!err.contains("secret"));
}

#[test]
fn version_and_help() {
    let v = bin().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")));
    let h = bin().args(["normalize", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&h.stdout).contains("Examples:"));
}

#[test]
fn segment_sentences_as_json_lines() {
    let out = run_stdin(&["segment"], "Mr. Smith came. He left 😀! Done.".as_bytes());
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let texts: Vec<&str> = lines.iter().map(|v| v["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Mr. Smith came.", "He left 😀!", "Done."]);
    assert_eq!(lines[2]["start"], 27); // code points (bytes would be 30)
}

#[test]
fn segment_chunks_and_counts() {
    let text = "One two three. Four five six.\n\nSeven eight nine.";
    let out = run_stdin(
        &["segment", "--unit", "chunk", "--max-chars", "20"],
        text.as_bytes(),
    );
    assert!(out.status.success());
    let n = String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(n, 3);
    let out = run_stdin(
        &["segment", "--count", "--tokenizer", "cl100k_base"],
        text.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n_sentences"], 3);
    assert_eq!(v["n_paragraphs"], 2);
    assert_eq!(v["n_words"], 9);
    let out = run_stdin(&["segment", "--unit", "chunk"], text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn extract_text_json_and_markdown() {
    let f = repo().join("tests/extract/generated/orchard-guide.pandoc.docx");
    let out = bin().arg("extract").arg(&f).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Keeping a Small Orchard\n\n"), "{text}");
    let out = bin()
        .args(["extract", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["format"], "docx");
    assert_eq!(doc["blocks"][0]["kind"], "heading");
    let out = bin()
        .args(["extract", "--format", "markdown"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("# Keeping a Small Orchard"));
}

#[test]
fn extract_refuses_unsupported_input_with_status_3() {
    let dir = std::env::temp_dir().join(format!("cf-cli-x-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("blob.bin");
    std::fs::write(&f, [0u8, 1, 2, 3, 0, 0, 9, 200]).unwrap();
    let out = bin().arg("extract").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("blob.bin"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pii_lists_and_masks() {
    let text = "Write to ana@example.es or call +34 612 345 678.\n";
    let out = run_stdin(&["pii"], text.as_bytes());
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "EMAIL");
    let out = run_stdin(&["pii", "--mask", "replace", "--report"], text.as_bytes());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Write to [EMAIL] or call [PHONE].\n"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(report["sensitivity"], "internal");
    let out = run_stdin(&["pii", "--kinds", "NOPE"], text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn enum_options_are_checked_by_the_core() {
    let out = run_stdin(&["pii", "--mask", "shred"], b"a@b.example\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("strategy"));
    let f = repo().join("tests/extract/inputs/budget-latin1.csv");
    let out = bin()
        .args(["extract", "--table-format", "latex"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("table_format"));
    let out = bin()
        .args(["extract", "--table-format", "tsv"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Poste\t"));
}

const PROSE: &str = "The history of the city is long and full of change. It was founded by traders who came to the river with their goods. Over the centuries, the town grew into a major port, and its people built churches, markets and schools. Today it is known for its museums, which attract visitors from all over the world, and for a university that has taught students for more than five hundred years. Many of the old streets have kept their names.";

#[test]
fn quality_report_as_json() {
    let out = run_stdin(&["quality"], PROSE.as_bytes());
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["kept"], true);
    assert_eq!(r["language"], "en");
    assert!(r["signals"]["n_words"].as_f64().unwrap() > 50.0);
    let out = run_stdin(
        &[
            "quality",
            "--threshold",
            "gopher_quality.min_doc_words=1000",
        ],
        PROSE.as_bytes(),
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["reasons"][0], "gopher_quality:min_doc_words");
    let bad = run_stdin(&["quality", "--threshold", "nope.x=1"], PROSE.as_bytes());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope.x"));
}

#[test]
fn quality_and_dedup_over_jsonl() {
    let near = PROSE.replace("traders", "merchants");
    let lines = [
        serde_json::json!({"id": "a", "text": PROSE, "q": 1.0}),
        serde_json::json!({"id": "b", "text": "Buy now!\nBuy now!", "q": 0.0}),
        serde_json::json!({"id": "c", "text": near, "q": 5.0}),
    ];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let out = run_stdin(&["quality", "--jsonl"], input.as_bytes());
    let reports: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 3);
    assert_eq!(
        (reports[0]["id"].as_str(), reports[0]["kept"].as_bool()),
        (Some("a"), Some(true))
    );
    assert_eq!(reports[1]["kept"], false);

    let out = run_stdin(&["dedup"], input.as_bytes());
    assert!(out.status.success());
    let recs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dups: Vec<&serde_json::Value> = recs.iter().map(|r| &r["duplicate_of"]).collect();
    assert_eq!(
        dups,
        [
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::json!("a")
        ]
    );
    // The highest score survives; --drop keeps only survivors.
    let out = run_stdin(&["dedup", "--drop", "--score-field", "q"], input.as_bytes());
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["b", "c"]);
    let bad = run_stdin(&["dedup"], b"{\"text\": 1}\nnot json\n");
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2"));
}

#[test]
fn dedup_marks_and_drops_contaminated_records() {
    let dir = std::env::temp_dir().join(format!("cf-cli-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let eval = dir.join("eval.txt");
    std::fs::write(
        &eval,
        "Question: what is the capital city of France and why did it become the capital at all?\n",
    )
    .unwrap();
    let input = [
        serde_json::json!({"id": 1, "text": "Copied: what is the capital city of France and why did it become the capital at all."}),
        serde_json::json!({"id": 2, "text": PROSE}),
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect::<String>();
    let out = run_stdin(
        &["dedup", "--eval", eval.to_str().unwrap()],
        input.as_bytes(),
    );
    assert!(out.status.success());
    let flags: Vec<bool> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["contaminated"]
                .as_bool()
                .unwrap()
        })
        .collect();
    assert_eq!(flags, [true, false]);
    let out = run_stdin(
        &["dedup", "--drop", "--eval", eval.to_str().unwrap()],
        input.as_bytes(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cf-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn build_writes_a_dataset_and_strict_exits_4_on_rejects() {
    let out = scratch("build");
    let examples = repo().join("examples");
    let o = bin()
        .args(["build", "-q", "--format", "jsonl", "-o"])
        .arg(&out)
        .arg(&examples)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("documents in") && table.contains("records out"),
        "{table}"
    );
    for f in [
        "README.md",
        "stats.json",
        "report.html",
        "rejects.jsonl",
        "run.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    assert!(out.join("data/train-00000-of-00001.jsonl").exists());
    // Every example reads: --strict passes. A broken file is rejected, the run goes on,
    // and --strict turns the reject into exit 4.
    let o = bin()
        .args(["build", "-q", "--strict", "-o"])
        .arg(&out)
        .arg(&examples)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let broken = scratch("broken-input");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::copy(
        examples.join("field-notes.md"),
        broken.join("field-notes.md"),
    )
    .unwrap();
    std::fs::write(broken.join("broken.docx"), b"PK\x03\x04 not a zip at all").unwrap();
    let o = bin()
        .args(["build", "-q", "--strict", "-o"])
        .arg(&out)
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(4));
    let rejects = std::fs::read_to_string(out.join("rejects.jsonl")).unwrap();
    assert!(rejects.contains("broken.docx"), "{rejects}");
    std::fs::remove_dir_all(&broken).unwrap();
    let o = bin()
        .args(["build", "--format", "xls", "-o"])
        .arg(&out)
        .arg(&examples)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("format"));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn build_dry_run_lists_inputs_and_writes_nothing() {
    let out = scratch("dry");
    let o = bin()
        .args(["build", "--dry-run", "-o"])
        .arg(&out)
        .arg(repo().join("examples"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("docx") && text.contains("category-level.docx"),
        "{text}"
    );
    assert!(
        text.contains("stages: extract, normalize, pii, quality, dedup"),
        "{text}"
    );
    assert!(!out.exists());
}

#[test]
fn init_writes_a_config_that_build_accepts() {
    let dir = scratch("init");
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("cf.toml");
    assert!(bin().arg("init").arg(&cfg).status().unwrap().success());
    assert!(
        !bin().arg("init").arg(&cfg).status().unwrap().success(),
        "never overwrites"
    );
    let o = bin()
        .args(["build", "--dry-run", "--config"])
        .arg(&cfg)
        .arg("-o")
        .arg(dir.join("out"))
        .arg(repo().join("examples"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(&cfg, "[output]\nformatt = \"csv\"\n").unwrap();
    let o = bin()
        .args(["build", "--config"])
        .arg(&cfg)
        .arg("-o")
        .arg(dir.join("out"))
        .arg(repo().join("examples"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("formatt"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_run_killed_mid_way_leaves_no_dataset_and_resume_completes_it_identically() {
    let out = scratch("kill");
    let clean = scratch("kill-clean");
    let build = |dir: &std::path::Path, extra: &[&str], abort: Option<&str>| {
        let mut cmd = bin();
        if let Some(n) = abort {
            cmd.env("CORPUSFORGE_TEST_ABORT_AFTER", n);
        }
        cmd.args(["build", "-q", "--keep-dropped", "-o"])
            .arg(dir)
            .args(extra)
            .arg(repo().join("examples"))
            .arg(repo().join("../shared/corpus/office/documents"))
            .output()
            .unwrap()
    };
    assert!(build(&clean, &[], None).status.success());
    let o = build(&out, &[], Some("12"));
    assert!(!o.status.success());
    assert!(!out.join("data").exists() && !out.join("README.md").exists());
    let o = build(&out, &["--resume"], None);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("inputs reused (--resume)"));
    assert!(!out.join(".corpusforge-work").exists());
    // The card and report are titled by the folder's name: compare the rest.
    let shard = "data/train-00000-of-00001.parquet";
    for f in ["stats.json", "rejects.jsonl", shard] {
        let same = std::fs::read(out.join(f)).unwrap() == std::fs::read(clean.join(f)).unwrap();
        assert!(same, "{f} differs");
    }
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::remove_dir_all(&clean).unwrap();
}

/// Document text never reaches the run's reports: a marker planted in every input (a good
/// document, a corrupt one, a PII value) is absent from stdout, stderr, the card, stats,
/// report, rejects and run files; so is the HMAC secret of hashed pseudonyms.
#[test]
fn reports_and_logs_never_contain_document_text_or_the_secret() {
    let input = scratch("markers-in");
    let out = scratch("markers-out");
    std::fs::create_dir_all(&input).unwrap();
    let marker = "Zqxv7MarkerWord";
    std::fs::write(
        input.join("good.md"),
        format!("# Notes\n\nThe {marker} appears in a good document. Mail jane.doe@example.com today.\n"),
    )
    .unwrap();
    std::fs::write(
        input.join("broken.docx"),
        format!("PK\x03\x04{marker} broken zip"),
    )
    .unwrap();
    std::fs::write(
        input.join("broken.pdf"),
        format!("%PDF-1.7\n{marker} garbage"),
    )
    .unwrap();
    let secret = "s3cr3t-Hmac-Key-9431";
    let config = input.join("config.toml");
    std::fs::write(
        &config,
        format!("[pii]\nstrategy = \"hash\"\nsecret = \"{secret}\"\n\n[input]\nexclude = [\"*.toml\"]\n"),
    )
    .unwrap();
    let o = bin()
        .args(["build", "--format", "jsonl", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut streams = vec![
        (
            "stdout".to_string(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        ),
        (
            "stderr".to_string(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
    ];
    for f in [
        "README.md",
        "stats.json",
        "report.html",
        "rejects.jsonl",
        "run.json",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        streams.push((f.to_string(), text));
    }
    let rejects = &streams
        .iter()
        .find(|(n, _)| n == "rejects.jsonl")
        .unwrap()
        .1;
    assert!(rejects.contains("broken.docx"), "{rejects}");
    for (name, text) in &streams {
        assert!(!text.contains(marker), "document text in {name}");
        assert!(!text.contains("jane.doe@example.com"), "PII in {name}");
        assert!(!text.contains(secret), "the HMAC secret in {name}");
    }
    // The dataset holds the text, masked.
    let data = std::fs::read_to_string(out.join("data/train-00000-of-00001.jsonl"))
        .unwrap_or_default()
        + &std::fs::read_to_string(out.join("dropped.jsonl")).unwrap_or_default();
    assert!(!data.contains("jane.doe@example.com") && !data.contains(secret));
    std::fs::remove_dir_all(&input).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}
