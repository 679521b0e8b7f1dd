//! IP_ADDRESS: IPv4 with every octet 0-255 and no leading zeros (not a version number:
//! not after `v`/`version`, not followed by another `.N`), IPv6 full or compressed as the
//! standard library parses it (so times like `12:30:45` are not addresses).

use std::net::Ipv6Addr;
use std::sync::LazyLock;

use regex::Regex;

use super::context::{prev_word, standalone};
use super::Found;

static V4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?-u:\b)").expect("ipv4")
});
static V6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?:/[0-9]{1,3})?")
        .expect("ipv6")
});

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    let b = text.as_bytes();
    if memchr::memchr(b'.', b).is_some() {
        for m in V4.find_iter(text) {
            let span = m.range();
            // Part of a longer dotted number (1.2.3.4.5) or of a word.
            if !standalone(text, &span, &['.', '-', '_']) {
                continue;
            }
            let ok = m.as_str().split('.').all(|o| {
                o.parse::<u16>().is_ok_and(|v| v <= 255) && !(o.len() > 1 && o.starts_with('0'))
            });
            let versioned = matches!(
                prev_word(text, span.start).as_str(),
                "version"
                    | "v"
                    | "ver"
                    | "ver."
                    | "release"
                    | "build"
                    | "firmware"
                    | "rev"
                    | "rev."
            );
            if !ok || versioned {
                continue;
            }
            out.push(Found {
                kind: "IP_ADDRESS",
                span,
                score: 0.9,
                rule: "ip:v4",
            });
        }
    }
    if memchr::memchr(b':', b).is_some() {
        for m in V6.find_iter(text) {
            let s = m.as_str();
            let addr = s.split('/').next().unwrap_or(s);
            if addr.matches(':').count() < 2 || addr.len() < 3 {
                continue;
            }
            let span = m.range();
            if !standalone(text, &span, &[':', '.', '_']) {
                continue;
            }
            // "::" alone or a time: the standard parser decides what is an address.
            if addr.parse::<Ipv6Addr>().is_err() || addr == "::" {
                continue;
            }
            // Hex-only words glued by colons, like "ab:cd:ef", need at least one digit.
            if !addr.bytes().any(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push(Found {
                kind: "IP_ADDRESS",
                span,
                score: 0.95,
                rule: "ip:v6",
            });
        }
    }
}
