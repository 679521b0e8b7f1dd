//! `report.html` rendered in headless Chromium: the page loads without errors, and every
//! chart with data has marks. Chromium comes from Debian (`make chromium`, run by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
        {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !p.is_empty() {
                return PathBuf::from(p);
            }
        }
    }
    panic!("Chromium is not installed: run `make chromium` (Debian package `chromium`)");
}

#[test]
fn the_report_renders_in_headless_chromium_with_marks_in_every_chart() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::temp_dir().join(format!("cf-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_corpusforge"))
        .args(["build", "-q", "--keep-dropped", "-o"])
        .arg(&out)
        .arg(repo.join("examples"))
        .arg(repo.join("../shared/corpus/office/documents"))
        .status()
        .unwrap();
    assert!(status.success());
    let report = out.join("report.html");
    let url = format!("file://{}", report.canonicalize().unwrap().display());
    let profile = out.join("chromium-profile");
    let base = |cmd: &mut Command| {
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    };

    let mut dump = Command::new(chromium());
    base(&mut dump);
    let dom = dump.args(["--dump-dom", &url]).output().unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let html = String::from_utf8_lossy(&dom.stdout);
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(
        !stderr.contains("Uncaught") && !stderr.contains(":CONSOLE"),
        "{stderr}"
    );
    let charts: Vec<&str> = html.split("<svg").skip(1).collect();
    assert!(
        charts.len() >= 4,
        "expected the charts in the rendered page"
    );
    for chart in &charts {
        let body = chart.split("</svg>").next().unwrap();
        assert!(
            body.contains("class=\"mark\""),
            "a chart without marks: {body:.200}"
        );
    }
    for id in ["quality", "length", "languages", "formats", "pii", "drops"] {
        assert!(
            html.contains(&format!("data-chart=\"{id}\"")),
            "chart {id} missing"
        );
    }

    let png = out.join("report.png");
    let mut shot = Command::new(chromium());
    base(&mut shot);
    let s = shot
        .arg(format!("--screenshot={}", png.display()))
        .args(["--window-size=1400,1800", &url])
        .output()
        .unwrap();
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{} bytes",
        bytes.len()
    );
    std::fs::remove_dir_all(&out).unwrap();
}
