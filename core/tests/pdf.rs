//! PDF extraction on real files: the shared corpus's facts (`files.json`: page count,
//! producer, encryption), text against ground truth (`tests/pdf/`: PDFs made by LibreOffice,
//! Chromium and groff from text we know, and the corpus files with sources), reading order of
//! two-column pages and right-to-left text, headers and footers, forms, bad input.

use std::path::{Path, PathBuf};

use corpusforge::{extract, extract_bytes, BlockKind, ErrorKind, ExtractOptions};

mod common;
use common::scoring::{order_similarity, word_f1};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/pdf");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpus/pdf is absent");
        None
    }
}

fn with_password(p: &str) -> ExtractOptions {
    ExtractOptions {
        password: Some(p.into()),
        ..ExtractOptions::default()
    }
}

/// Page count, producer and encryption flag of every corpus file present match `files.json`.
#[test]
fn corpus_facts_match_files_json() {
    let Some(dir) = corpus() else { return };
    let raw = std::fs::read_to_string(dir.join("files.json")).expect("files.json");
    let spec: serde_json::Value = serde_json::from_str(&raw).expect("JSON");
    let mut checked = 0;
    for entry in spec["data"].as_array().expect("data") {
        let path = dir.join(entry["path"].as_str().expect("path"));
        if !path.exists() {
            continue; // e.g. the large GeoTopo.pdf is not kept
        }
        let encrypted = entry["encrypted"].as_bool().unwrap_or(false);
        let opts = if encrypted {
            let err = extract(&path, &ExtractOptions::default()).expect_err("needs its password");
            assert_eq!(err.kind(), ErrorKind::Encrypted, "{}", path.display());
            with_password("openpassword")
        } else {
            ExtractOptions::default()
        };
        let doc = extract(&path, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.display();
        if let Some(pages) = entry["pages"].as_u64() {
            assert_eq!(doc.metadata.page_count, Some(pages as u32), "{name}");
        }
        if let Some(producer) = entry["producer"].as_str().filter(|p| *p != "?") {
            // files.json names the encrypted file's producer "Libre Office Writer"; its Info
            // dictionary says "LibreOffice 6.4" (so do pdfinfo and pypdf).
            let producer = if producer == "Libre Office Writer" {
                "LibreOffice 6.4"
            } else {
                producer
            };
            assert_eq!(doc.metadata.producer.as_deref(), Some(producer), "{name}");
        }
        assert_eq!(
            doc.metadata.extra.get("encrypted").map(String::as_str),
            Some(if encrypted { "true" } else { "false" }),
            "{name}"
        );
        assert_eq!(doc.source.format, "pdf");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} corpus files checked");
}

fn check_truth(pdf: &Path, truth: &Path, min_f1: f64, min_order: f64) -> (f64, f64) {
    let doc = extract(pdf, &ExtractOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    let truth = std::fs::read_to_string(truth).expect("truth");
    let (f1, order) = (
        word_f1(&doc.text, &truth),
        order_similarity(&doc.text, &truth),
    );
    assert!(
        f1 >= min_f1 && order >= min_order,
        "{}: f1 {f1:.4} order {order:.4}",
        pdf.display()
    );
    (f1, order)
}

/// Every generated fixture reads as its source text: word F1 and order similarity >= 0.97
/// each, >= 0.992 / 0.98 on average.
#[test]
fn generated_pdfs_match_their_text() {
    let dir = root().join("tests/pdf/generated");
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/pdf/generated")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 10);
    let (mut f1s, mut orders) = (0.0, 0.0);
    for pdf in &pdfs {
        let stem = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let (f1, order) = check_truth(pdf, &dir.join(format!("{stem}.expected.txt")), 0.97, 0.97);
        f1s += f1;
        orders += order;
    }
    let n = pdfs.len() as f64;
    assert!(f1s / n >= 0.992, "mean f1 {:.4}", f1s / n);
    assert!(orders / n >= 0.98, "mean order {:.4}", orders / n);
}

/// The corpus files with sources (`.tex`, `.odt`, `.html`) read as their text.
#[test]
fn corpus_pdfs_match_their_sources() {
    let Some(dir) = corpus() else { return };
    let truth = root().join("tests/pdf/corpus-truth");
    for (folder, file, f1, order) in [
        ("001-trivial", "minimal-document.pdf", 0.98, 0.98),
        (
            "002-trivial-libre-office-writer",
            "002-trivial-libre-office-writer.pdf",
            0.98,
            0.98,
        ),
        ("003-pdflatex-image", "pdflatex-image.pdf", 0.98, 0.98),
        ("004-pdflatex-4-pages", "pdflatex-4-pages.pdf", 0.98, 0.97),
        ("006-pdflatex-outline", "pdflatex-outline.pdf", 0.98, 0.98),
        ("010-pdflatex-forms", "pdflatex-forms.pdf", 0.98, 0.98),
        // The values of the form's fields, drawn where the widgets are.
        ("012-libreoffice-form", "libreoffice-form.pdf", 0.98, 0.98),
        ("015-arabic", "habibi.pdf", 0.98, 0.98),
    ] {
        check_truth(
            &dir.join(folder).join(file),
            &truth.join(format!("{folder}.expected.txt")),
            f1,
            order,
        );
    }
}

/// The two-column LaTeX paper reads column by column: the first column's last words come
/// before the second column's first words.
#[test]
fn two_column_paper_reads_column_by_column() {
    let Some(dir) = corpus() else { return };
    let doc = extract(
        dir.join("026-latex-multicolumn/multicolumn.pdf"),
        &ExtractOptions::default(),
    )
    .expect("multicolumn");
    let text = &doc.text;
    let a = text
        .find("Duis eget orci sit amet orci dignissim rutrum.")
        .expect("end of a paragraph");
    let b = text
        .find("Nam dui ligula, fringilla a, euismod sodales")
        .expect("next paragraph");
    assert!(a < b);
    assert!(
        text.contains("filled with Lorem Ipsum text."),
        "ligature and column"
    );
    assert!(
        !text.contains("adip- iscing"),
        "hyphenated words are joined"
    );
}

/// Arabic comes out in logical order.
#[test]
fn arabic_reads_in_logical_order() {
    let Some(dir) = corpus() else { return };
    for file in ["habibi.pdf", "habibi-oneline-cmap.pdf"] {
        let doc = extract(
            dir.join("015-arabic").join(file),
            &ExtractOptions::default(),
        )
        .expect("habibi");
        assert!(doc.text.starts_with("حَبيبي"), "{file}: {:?}", doc.text);
    }
}

/// Running headers and page numbers of the man pages become Header/Footer blocks, out of
/// the text by default and in it on request.
#[test]
fn headers_and_footers_are_blocks() {
    let pdf = root().join("tests/pdf/generated/man-ls.groff.pdf");
    let doc = extract(&pdf, &ExtractOptions::default()).expect("man page");
    let footers = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Footer)
        .count();
    let headers = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Header)
        .count();
    assert!(
        headers >= 2 && footers >= 2,
        "{headers} headers, {footers} footers"
    );
    assert!(doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Header)
        .all(|b| b.span.is_none()));
    let with = extract(
        &pdf,
        &ExtractOptions {
            include_headers_footers: true,
            ..ExtractOptions::default()
        },
    )
    .expect("man page");
    assert!(with.text.len() > doc.text.len());
    assert_eq!(doc.pages.len(), doc.metadata.page_count.unwrap() as usize);
}

/// Filled-in form fields and annotation contents are blocks of their own.
#[test]
fn forms_and_annotations_are_blocks() {
    let Some(dir) = corpus() else { return };
    let doc = extract(
        dir.join("012-libreoffice-form/libreoffice-form.pdf"),
        &ExtractOptions::default(),
    )
    .expect("form");
    let fields: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::FormField)
        .map(|b| b.text.as_str())
        .collect();
    assert!(fields.contains(&"First Name: Alice"), "{fields:?}");
    let doc = extract(
        dir.join("024-annotations/annotated_pdf.pdf"),
        &ExtractOptions::default(),
    )
    .expect("annotations");
    assert!(
        doc.blocks.iter().any(|b| b.kind == BlockKind::Annotation),
        "{:?}",
        doc.blocks
    );
}

/// Metadata: ISO dates, title, PDF version; image-only pages are listed for OCR.
#[test]
fn metadata_and_pages_without_text() {
    let Some(dir) = corpus() else { return };
    let doc = extract(
        dir.join("001-trivial/minimal-document.pdf"),
        &ExtractOptions::default(),
    )
    .expect("minimal");
    assert_eq!(
        doc.metadata.created.as_deref(),
        Some("2022-04-03T18:05:42+02:00")
    );
    assert!(doc.metadata.extra.contains_key("pdf_version"));
    let scan = extract(
        dir.join("007-imagemagick-images/imagemagick-images.pdf"),
        &ExtractOptions::default(),
    )
    .expect("images");
    assert!(scan.text.is_empty());
    assert_eq!(
        scan.metadata
            .extra
            .get("pages_without_text")
            .map(String::as_str),
        Some("1,2,3,4,5,6")
    );
}

/// Broken input is a clear error, never a panic: truncations, garbage after the header, a
/// wrong password.
#[test]
fn bad_input_is_a_clear_error() {
    let Some(dir) = corpus() else { return };
    let bytes = std::fs::read(dir.join("004-pdflatex-4-pages/pdflatex-4-pages.pdf")).expect("pdf");
    for cut in [10, 100, 1000, bytes.len() / 2, bytes.len() - 10] {
        // A truncated file may still open (lopdf rebuilds the cross-reference table) or be
        // corrupt; it must not panic.
        if let Err(e) = extract_bytes(&bytes[..cut], Some("cut.pdf"), &ExtractOptions::default()) {
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::CorruptDocument | ErrorKind::LimitExceeded
                ),
                "cut {cut}: {e}"
            );
        }
    }
    let garbage = b"%PDF-1.7\n\xff\xfe garbage 1 0 obj << /Type /Catalog >> endobj";
    let e = extract_bytes(garbage, Some("g.pdf"), &ExtractOptions::default());
    assert!(e.is_err() || e.unwrap().text.is_empty());
    let enc = dir.join("005-libreoffice-writer-password/libreoffice-writer-password.pdf");
    let e = extract(&enc, &with_password("wrong")).expect_err("wrong password");
    assert_eq!(e.kind(), ErrorKind::Encrypted);
    assert!(e.to_string().contains("libreoffice-writer-password.pdf"));
}

/// `dehyphenate = false` keeps the hyphens that broke words at line ends.
#[test]
fn dehyphenation_is_an_option() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("026-latex-multicolumn/multicolumn.pdf");
    let joined = extract(&path, &ExtractOptions::default()).expect("multicolumn");
    assert!(joined.text.contains("adipiscing elit"));
    let kept = extract(
        &path,
        &ExtractOptions {
            dehyphenate: false,
            ..ExtractOptions::default()
        },
    )
    .expect("multicolumn");
    assert!(kept.text.contains("adip- iscing"), "hyphen kept");
}
