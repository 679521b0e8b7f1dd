//! Extraction against ground truth: the generated fixtures of `tests/extract/` (text we
//! wrote, converted by pandoc and LibreOffice), the office corpus of `../shared/corpus`
//! (Apache Tika's text), golden `Document` JSON per format, and bad input.
//!
//! Scores are those of `../shared/scoring.py`: word tokens are runs of `\w` after NFKC
//! and lower-casing; word F1 over the token multisets; order similarity is one minus
//! the token-level Levenshtein distance over the longer length.

use std::path::{Path, PathBuf};

use corpusforge::{extract, extract_bytes, ErrorKind, ExtractOptions};

mod common;
use common::scoring::{order_similarity, word_f1};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every generated fixture: pandoc and LibreOffice outputs of text we wrote.
#[test]
fn generated_fixtures_match_their_source_text() {
    let dir = root().join("tests/extract/generated");
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/extract/generated")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".expected.txt") {
            continue;
        }
        let stem = name.split('.').next().unwrap();
        let truth = std::fs::read_to_string(dir.join(format!("{stem}.expected.txt"))).unwrap();
        let doc =
            extract(&path, &ExtractOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let f1 = word_f1(&doc.text, &truth);
        let order = order_similarity(&doc.text, &truth);
        assert!(f1 >= 0.995, "{name}: word F1 {f1:.4}");
        // pandoc's EPUB puts each footnote at the end of its chapter, the plain-text truth
        // at the end of the book: the words are all there, a footnote's place differs.
        let min_order = if name.ends_with(".epub") { 0.8 } else { 0.995 };
        assert!(order >= min_order, "{name}: order {order:.4}");
        for b in &doc.blocks {
            if let Some(r) = &b.span {
                assert_eq!(&doc.text[r.clone()], b.text, "{name}: block span");
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures");
}

/// The office documents of the shared corpus against Tika's text: word F1 ≥ 0.98 for
/// every file that is not a scan (OCR), a legacy OLE2 file, or a PDF.
#[test]
fn office_corpus_word_f1() {
    let dir = root().join("../shared/corpus/office");
    if !dir.exists() {
        eprintln!("skipped: ../shared/corpus/office is absent");
        return;
    }
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("documents")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let skip = name.ends_with(".pdf") || name.ends_with(".png") || name.ends_with(".doc");
        let truth_path = dir.join("expected_result").join(format!("{name}.txt"));
        if skip || !truth_path.exists() {
            continue;
        }
        let truth = std::fs::read_to_string(&truth_path).unwrap();
        let doc =
            extract(&path, &ExtractOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let f1 = word_f1(&doc.text, &truth);
        assert!(f1 >= 0.98, "{name}: word F1 {f1:.4}");
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} office files");
}

/// Legacy formats and images are refused with a clear error naming the format.
#[test]
fn unsupported_formats_are_named() {
    let dir = root().join("../shared/corpus/office/documents");
    if !dir.exists() {
        return;
    }
    let e = extract(dir.join("simple.doc"), &ExtractOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedFormat);
    assert!(e.to_string().contains("Word 97-2003"), "{e}");
    let e = extract(dir.join("ara-ocr.png"), &ExtractOptions::default()).unwrap_err();
    assert!(e.to_string().contains("OCR"), "{e}");
    let e = extract_bytes(
        &[0x00, 0x01, 0xfe, 0x00, 0x13, 0x37],
        None,
        &ExtractOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedFormat);
}

/// Golden `Document` JSON per format (`tests/extract/golden/`): any change in output shows
/// in review. `CORPUSFORGE_BLESS=1 cargo test --test extract golden` rewrites them.
#[test]
fn golden_documents() {
    let golden = root().join("tests/extract/golden");
    let inputs = [
        "tests/extract/generated/orchard-guide.pandoc.docx",
        "tests/extract/generated/orchard-guide.lo.odt",
        "tests/extract/generated/carnet-canal.pandoc.epub",
        "tests/extract/generated/carnet-canal.pandoc.html",
        "tests/extract/generated/wartung-de.pandoc.md",
        "tests/extract/generated/wartung-de.lo.rtf",
        "tests/extract/generated/slides-tidepools.pandoc.pptx",
        "tests/extract/generated/slides-tidepools.lo.odp",
        "tests/extract/generated/sheet-boulangerie.lo.xlsx",
        "tests/extract/generated/sheet-boulangerie.lo.xls",
        "tests/extract/generated/sheet-boulangerie.lo.ods",
        "tests/extract/inputs/quarterly.eml",
        "tests/extract/inputs/budget-latin1.csv",
        "tests/extract/inputs/notes-cp1252.txt",
        "tests/extract/inputs/harbour-log.txt",
        "tests/extract/inputs/analysis.ipynb",
        "tests/extract/inputs/river-survey.ipynb",
        "tests/extract/inputs/gauges-v3.ipynb",
        "tests/extract/inputs/catalog.json",
        "tests/extract/inputs/feed.xml",
        "tests/extract/inputs/schedule.tsv",
        "tests/extract/inputs/cells.ods",
        "tests/extract/inputs/cells.xls",
        "tests/extract/inputs/ledger.xls",
        "tests/extract/encrypted/sheet-boulangerie.default-password.xlsx",
        "examples/field-notes.md",
        "examples/press-release.html",
    ];
    let bless = std::env::var_os("CORPUSFORGE_BLESS").is_some();
    std::fs::create_dir_all(&golden).unwrap();
    // With the hash, so that a change in what is hashed shows too.
    let opts = ExtractOptions {
        sha256: true,
        ..ExtractOptions::default()
    };
    for input in inputs {
        let path = root().join(input);
        let mut doc = extract(&path, &opts).unwrap_or_else(|e| panic!("{input}: {e}"));
        doc.source.name = input.to_string();
        let json = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        let file = golden.join(format!(
            "{}.json",
            Path::new(input).file_name().unwrap().to_string_lossy()
        ));
        if bless || !file.exists() {
            std::fs::write(&file, &json).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            json,
            want,
            "{input}: output differs from {} (CORPUSFORGE_BLESS=1 to accept)",
            file.display()
        );
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

/// Truncated and corrupt containers give `CorruptDocument`, never a panic; a zip bomb
/// and deep nesting give `LimitExceeded` naming the limit.
#[test]
fn bad_input_gives_clear_errors() {
    let opts = ExtractOptions::default();
    let docx =
        std::fs::read(root().join("tests/extract/generated/orchard-guide.pandoc.docx")).unwrap();
    for cut in [10, 100, docx.len() / 2, docx.len() - 10] {
        let e = extract_bytes(&docx[..cut], Some("cut.docx"), &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CorruptDocument, "cut at {cut}: {e}");
        assert!(e.to_string().contains("cut.docx"), "{e}");
    }
    // 64 MiB of zeros in one entry: a ratio far above 100.
    let zeros = vec![0u8; 64 << 20];
    let bomb = zip_of(&[("word/document.xml", &zeros)]);
    let e = extract_bytes(&bomb, Some("bomb.docx"), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e}");
    assert!(e.to_string().contains("max_compression_ratio"), "{e}");
    // Deep nesting.
    let deep = format!(
        "<w:document>{}{}</w:document>",
        "<w:p>".repeat(2000),
        "</w:p>".repeat(2000)
    );
    let nested = zip_of(&[("word/document.xml", deep.as_bytes())]);
    let e = extract_bytes(&nested, Some("deep.docx"), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e}");
    assert!(e.to_string().contains("max_depth"), "{e}");
    let e = extract_bytes(
        b"x",
        None,
        &ExtractOptions {
            max_bytes: 0,
            ..opts.clone()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("max_bytes"), "{e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// No input makes extraction panic; blocks always point into the text.
    #[test]
    fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
                    prefix in proptest::sample::select(vec![&b""[..], b"{\\rtf1 ", b"<html><body>", b"PK\x03\x04", b"From: a@b\nTo: c@d\nSubject: x\n\n", b"{\"cells\": ["])) {
        let mut input = prefix.to_vec();
        input.extend_from_slice(&bytes);
        if let Ok(doc) = extract_bytes(&input, Some("fuzz.bin"), &ExtractOptions::default()) {
            for b in &doc.blocks {
                if let Some(r) = &b.span {
                    proptest::prop_assert_eq!(&doc.text[r.clone()], b.text.as_str());
                }
            }
        }
    }
}

/// Password-protected DOCX, XLSX, PPTX, ODT, ODP, ODS and XLS (`tests/extract/encrypted/`,
/// written by `scripts/make-encrypted-fixtures.py`, the OOXML and CryptoAPI XLS ones
/// checked there with msoffcrypto-tool, the others saved by LibreOffice): with the password
/// each gives exactly the plain file's document; without it, or with a wrong one, a clear
/// `Encrypted` error; a damaged file an error, never a panic.
#[test]
fn encrypted_office_files_open_with_their_password() {
    let dir = root().join("tests/extract/encrypted");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let entries = manifest.as_array().unwrap();
    assert!(entries.len() >= 5);
    for entry in entries {
        let file = entry["file"].as_str().unwrap();
        let password = entry["password"].as_str().unwrap();
        let path = dir.join(file);
        let plain = extract(
            root()
                .join("tests/extract/generated")
                .join(entry["plain"].as_str().unwrap()),
            &ExtractOptions::default(),
        )
        .unwrap();
        let opts = ExtractOptions {
            password: Some(password.into()),
            ..Default::default()
        };
        let doc = extract(&path, &opts).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(doc.text, plain.text, "{file}");
        assert_eq!(doc.blocks, plain.blocks, "{file}");
        assert_eq!(doc.source.format, plain.source.format, "{file}");
        let extra = &doc.metadata.extra;
        assert_eq!(extra.get("encrypted").map(String::as_str), Some("true"));
        assert_eq!(
            extra.get("encryption"),
            entry["method"].as_str().map(String::from).as_ref()
        );

        let wrong = ExtractOptions {
            password: Some(format!("{password}x")),
            ..Default::default()
        };
        let err = extract(&path, &wrong).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Encrypted, "{file}");
        assert!(err.to_string().contains("wrong password"), "{err}");
        assert!(err.to_string().contains(file), "{err}");

        // Without a password, only Excel's default one opens a file.
        let none = extract(&path, &ExtractOptions::default());
        if password == "VelvetSweatshop" {
            assert_eq!(none.unwrap().text, plain.text, "{file}");
        } else {
            let err = none.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Encrypted, "{file}");
            assert!(err.to_string().contains("`password` option"), "{err}");
        }

        // Damage anywhere: an error or (in unused bytes) the same text, never a panic.
        // RC4-encrypted workbooks carry no checksum, so there a damaged cell reads as
        // another value, as in a damaged plain workbook: only the absence of a panic holds.
        let checked = !entry["method"].as_str().unwrap().starts_with("xls-");
        let bytes = std::fs::read(&path).unwrap();
        for at in (0..bytes.len()).step_by(bytes.len() / 8) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            if let Ok(d) = extract_bytes(&damaged, Some(file), &opts) {
                if checked {
                    assert_eq!(d.text, plain.text, "{file}: byte {at}");
                }
            }
        }
    }
}

/// An OLE2 file whose allocation table runs past its end (found by fuzzing
/// `extract_zip`): calamine's own reader panicked on it; it is a corrupt document.
#[test]
fn a_broken_ole2_workbook_is_corrupt_not_a_panic() {
    let path = root().join("fuzz/regressions/extract_zip/ole2-fat-past-eof.xls");
    let err = extract(&path, &ExtractOptions::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CorruptDocument, "{err}");
    assert!(err.to_string().contains("ole2-fat-past-eof.xls"), "{err}");
}
