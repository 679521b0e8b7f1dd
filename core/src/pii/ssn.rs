//! US_SSN: `AAA-GG-SSSS` (dashes or spaces, consistently) with the SSA's rules: area not
//! 000, 666 or 900-999, group not 00, serial not 0000, and not a known advertising
//! number; nine undivided digits only next to words like `SSN` or `social security`.

use std::sync::LazyLock;

use regex::Regex;

use super::context::{digits, has_before, standalone};
use super::Found;

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{3}([ \-]?)[0-9]{2}[ \-]?[0-9]{4}(?-u:\b)").expect("ssn pattern")
});

const CONTEXT: &[&str] = &[
    "ssn",
    "social security",
    "social sec",
    "ss#",
    "ss #",
    "tax id",
    "tin",
];

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for c in RE.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let span = m.range();
        if !standalone(text, &span, &['-', '.', '/', ',']) {
            continue;
        }
        let s = m.as_str();
        let sep = c.get(1).map_or("", |g| g.as_str());
        // The same separator in both places, or none.
        let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        if seps.iter().any(|&x| !sep.starts_with(x)) || (sep.is_empty() != seps.is_empty()) {
            continue;
        }
        let d = digits(s);
        let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
        let group = u32::from(d[3]) * 10 + u32::from(d[4]);
        let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
        if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
            continue;
        }
        // Numbers the SSA says were used in advertising and never issued.
        if matches!(
            (area, group, serial),
            (78, 5, 1120) | (219, 9, 9999) | (123, 45, 6789)
        ) && !has_before(text, span.start, 40, CONTEXT)
        {
            continue;
        }
        let context = has_before(text, span.start, 40, CONTEXT);
        let (score, rule) = match (sep.is_empty(), context) {
            (false, true) => (1.0, "ssn:format+context"),
            (false, false) => (0.85, "ssn:format"),
            (true, true) => (0.85, "ssn:digits+context"),
            (true, false) => continue,
        };
        out.push(Found {
            kind: "US_SSN",
            span,
            score,
            rule,
        });
    }
}
