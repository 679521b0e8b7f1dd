//! MAC_ADDRESS: six hex pairs separated consistently by `:` or `-`, or three groups of
//! four separated by `.` (Cisco style).

use std::sync::LazyLock;

use regex::Regex;

use super::context::standalone;
use super::Found;

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:[0-9a-f]{2}(?:[:\-][0-9a-f]{2}){5}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?-u:\b)",
    )
    .expect("mac")
});

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    for m in RE.find_iter(text) {
        let s = m.as_str();
        let span = m.range();
        if !standalone(text, &span, &[':', '-', '.']) {
            continue;
        }
        let seps: Vec<char> = s.chars().filter(|c| matches!(c, ':' | '-' | '.')).collect();
        if seps.windows(2).any(|w| w[0] != w[1]) {
            continue;
        }
        // A run of digits only with dots is a number, not a MAC.
        if !s.bytes().any(|b| b.is_ascii_alphabetic()) && seps[0] == '.' {
            continue;
        }
        out.push(Found {
            kind: "MAC_ADDRESS",
            span,
            score: 0.95,
            rule: "mac:hex-groups",
        });
    }
}
