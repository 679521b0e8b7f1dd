//! National identifiers: IN_AADHAAR (12 digits, first 2-9, Verhoeff check), IN_PAN (five
//! letters with the holder-type letter in fourth place, four digits, a letter) and UK_NINO
//! (two prefix letters from the allowed set, not BG/GB/KN/NK/NT/TN/ZZ, six digits, a
//! suffix A-D). PAN and NINO carry no public check digit: context words raise their score.

use std::sync::LazyLock;

use regex::Regex;

use super::context::{digits, has_before, standalone};
use super::validate::verhoeff;
use super::Found;

static AADHAAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[2-9][0-9]{3}([ \-]?)[0-9]{4}[ \-]?[0-9]{4}(?-u:\b)").expect("aadhaar")
});
static PAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z](?-u:\b)").expect("pan")
});
static NINO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?-u:\b)")
        .expect("nino")
});

pub(crate) fn find_aadhaar(text: &str, out: &mut Vec<Found>) {
    for m in AADHAAR.find_iter(text) {
        let span = m.range();
        if !standalone(text, &span, &['-', '.', '/']) {
            continue;
        }
        let seps: Vec<char> = m.as_str().chars().filter(|c| !c.is_ascii_digit()).collect();
        if !(seps.is_empty() || seps.len() == 2 && seps[0] == seps[1]) {
            continue;
        }
        if !verhoeff(&digits(m.as_str())) {
            continue;
        }
        let context = has_before(text, span.start, 32, &["aadhaar", "aadhar", "uid", "uidai"]);
        let score = if context {
            1.0
        } else if seps.is_empty() {
            0.6
        } else {
            0.8
        };
        out.push(Found {
            kind: "IN_AADHAAR",
            span,
            score,
            rule: "aadhaar:verhoeff",
        });
    }
}

pub(crate) fn find_pan(text: &str, out: &mut Vec<Found>) {
    for m in PAN.find_iter(text) {
        let context = has_before(
            text,
            m.start(),
            32,
            &["pan", "permanent account", "income tax"],
        );
        let score = if context { 1.0 } else { 0.8 };
        out.push(Found {
            kind: "IN_PAN",
            span: m.range(),
            score,
            rule: "pan:format",
        });
    }
}

pub(crate) fn find_nino(text: &str, out: &mut Vec<Found>) {
    for c in NINO.captures_iter(text) {
        let (Some(m), Some(prefix)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if matches!(
            prefix.as_str(),
            "BG" | "GB" | "KN" | "NK" | "NT" | "TN" | "ZZ"
        ) {
            continue;
        }
        let context = has_before(
            text,
            m.start(),
            40,
            &["national insurance", "nino", "ni number", "ni no"],
        );
        let score = if context { 1.0 } else { 0.8 };
        out.push(Found {
            kind: "UK_NINO",
            span: m.range(),
            score,
            rule: "nino:format",
        });
    }
}
