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
    if may_hold_mac(text.as_bytes()) {
        find_ungated(text, out);
    }
}

/// The pattern's validated matches.
fn find_ungated(text: &str, out: &mut Vec<Found>) {
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

/// Whether `b` holds the start of an address the pattern accepts: two hex digits, `:` or
/// `-`, two hex digits and the same separator again; or four hex digits, `.` and four
/// more. The pattern has no literal to search for, so over prose it would read every
/// byte; this looks only around the separators.
fn may_hold_mac(b: &[u8]) -> bool {
    let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
    memchr::memchr3_iter(b':', b'-', b'.', b).any(|i| match b[i] {
        b'.' => i >= 4 && (1..=4).all(|k| hex(i - k) && hex(i + k)),
        sep => {
            i >= 2
                && hex(i - 2)
                && hex(i - 1)
                && hex(i + 1)
                && hex(i + 2)
                && b.get(i + 3) == Some(&sep)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The gate lets through every text the recognizer finds an address in.
        #[test]
        fn the_gate_passes_every_address_found(
            text in "[a-f0-9 .:\\-]{0,6}(([0-9a-fA-F]{2}[:\\-]){5}[0-9a-fA-F]{2}|[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4})[a-f0-9 .:\\-]{0,6}",
        ) {
            let mut found = Vec::new();
            find_ungated(&text, &mut found);
            prop_assert!(found.is_empty() || may_hold_mac(text.as_bytes()));
        }
    }

    #[test]
    fn prose_does_not_pass_the_gate() {
        assert!(!may_hold_mac(
            b"Version 2.3 of the report, 2019-2024, section 4. Done: yes."
        ));
        assert!(may_hold_mac(b"nic 00:1A:2B:3C:4D:5E up"));
        assert!(may_hold_mac(b"nic 001a.2b3c.4d5e up"));
    }
}
