//! ftfy's own test cases (`../shared/corpus/normalize/`): mojibake seen in the wild,
//! synthetic cases and negatives that must stay untouched, run with only the
//! encoding-repair steps on, as ftfy's `fix_encoding` is.

use std::path::PathBuf;

use corpusforge::{normalize, NormalizeOptions};

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/normalize");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

struct Case {
    label: String,
    original: String,
    /// `fixed-encoding`, what ftfy's `fix_encoding` must give; but where the original holds
    /// an HTML entity, `fixed`: our encoding repair decodes entities, `fix_encoding` does not.
    expected: String,
}

fn load(dir: &std::path::Path, file: &str) -> Vec<Case> {
    let raw = std::fs::read_to_string(dir.join(file)).expect("readable case file");
    let v: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    v.as_array()
        .expect("a list of cases")
        .iter()
        .map(|c| {
            let s = |k: &str| c.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let original = s("original").expect("original");
            let has_entity = original.contains('&') && original.contains(';');
            let expected = if has_entity {
                s("fixed")
            } else {
                s("fixed-encoding").or_else(|| s("fixed"))
            };
            Case {
                label: s("label").unwrap_or_default(),
                original,
                expected: expected.expect("fixed"),
            }
        })
        .collect()
}

/// Cases ftfy 6.3.1's `fix_encoding` gets right on these four files (all of them: they are
/// its own test suite), measured with `benches/compare/normalize_ftfy.py`.
const FTFY_PASSES: usize = 151;

#[test]
fn negatives_are_untouched() {
    let Some(dir) = corpus() else { return };
    let opts = NormalizeOptions::encoding_repair_only();
    let mut bad = Vec::new();
    for c in load(&dir, "ftfy-negative.json") {
        let out = normalize(&c.original, &opts);
        // One negative holds a C1 control (U+0085) that its own expected text turns into "…";
        // every other negative must come back byte for byte.
        let ok = out == c.original || (out == c.expected && c.original.contains('\u{85}'));
        if !ok {
            bad.push(format!("{}: {:?} -> {:?}", c.label, c.original, out));
        }
    }
    assert!(bad.is_empty(), "false fixes:\n{}", bad.join("\n"));
}

#[test]
fn matches_at_least_as_many_as_ftfy() {
    let Some(dir) = corpus() else { return };
    let opts = NormalizeOptions::encoding_repair_only();
    let mut passed = 0;
    let mut total = 0;
    let mut misses = Vec::new();
    for file in [
        "ftfy-in-the-wild.json",
        "ftfy-synthetic.json",
        "ftfy-language-names.json",
        "ftfy-negative.json",
    ] {
        for c in load(&dir, file) {
            total += 1;
            let out = normalize(&c.original, &opts);
            if out == c.expected {
                passed += 1;
            } else {
                misses.push(format!(
                    "{file} {}: {:?} -> {:?} (want {:?})",
                    c.label, c.original, out, c.expected
                ));
            }
        }
    }
    eprintln!(
        "ftfy cases: {passed}/{total} (ftfy: {FTFY_PASSES})\n{}",
        misses.join("\n")
    );
    assert!(
        passed >= FTFY_PASSES,
        "{passed}/{total} < ftfy's {FTFY_PASSES}:\n{}",
        misses.join("\n")
    );
}
