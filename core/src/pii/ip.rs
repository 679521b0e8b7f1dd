//! IP_ADDRESS: IPv4 with every octet 0-255 and no leading zeros (not a version number:
//! not part of a longer dotted number, not after version words such as `version`, `build`
//! or `fixed in`, not a container tag `app:1.2.3.4`), IPv6 full or compressed as the
//! standard library parses it (so times like `12:30:45` are not addresses).

use std::net::Ipv6Addr;
use std::sync::LazyLock;

use regex::Regex;

use super::context::standalone;
use super::Found;

static V4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?-u:\b)").expect("ipv4")
});
static V6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?:/[0-9]{1,3})?")
        .expect("ipv6")
});

/// Words that, among the few before a dotted quad, make it a version: `version 1.2.3.4`,
/// `fixed in 2.10.3.27`, `Build 458 of 8.0.6.135`, `upgraded the agent from 5.2.12.24`,
/// `Docker image app:9.12.0.30`.
const VERSION_CUES: &[&str] = &[
    "version",
    "versions",
    "ver",
    "v",
    "release",
    "released",
    "build",
    "firmware",
    "fw",
    "rev",
    "revision",
    "fixed",
    "upgrade",
    "upgraded",
    "upgrading",
    "downgrade",
    "downgraded",
    "update",
    "updated",
    "patch",
    "patched",
    "image",
    "package",
    "pkg",
    "tag",
    "tagged",
];

/// Whether the dotted quad at `span` reads as a version number, not an address: a version
/// cue among the four words before it (in the same line), `name:1.2.3.4` (a container tag),
/// or another version-like dotted number as a neighbouring word (`from 10.0.25291.4452 to
/// 9.6.6.67`).
fn version_context(text: &str, span: &std::ops::Range<usize>) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..span.start];
    // "app:9.12.0.30": a word glued to the quad by a colon names an image or package.
    if let Some(head) = before.strip_suffix(':') {
        let word: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
            .collect();
        let word: String = word.chars().rev().collect::<String>().to_lowercase();
        const ADDRESS_WORDS: &[&str] = &[
            "ip", "ipv4", "addr", "address", "host", "server", "client", "src", "dst", "peer",
            "remote", "gateway", "gw", "dns", "proxy", "from", "to",
        ];
        if !word.is_empty() && !ADDRESS_WORDS.contains(&word.as_str()) {
            return true;
        }
    }
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
            .to_lowercase()
    };
    let versionish = |w: &str| {
        let parts: Vec<&str> = w.trim_end_matches('.').split('.').collect();
        parts.len() >= 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && (parts.len() != 4
                || parts
                    .iter()
                    .any(|p| p.parse::<u32>().map_or(true, |v| v > 255)))
    };
    let words: Vec<String> = before
        .split(|c: char| c.is_whitespace() || c == '=' || c == ':')
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(clean)
        .collect();
    if words.iter().any(|w| VERSION_CUES.contains(&w.as_str())) {
        return true;
    }
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let after = text[span.end..line_end]
        .split_whitespace()
        .take(2)
        .map(clean);
    words.iter().take(2).any(|w| versionish(w)) || after.into_iter().any(|w| versionish(&w))
}

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
            let versioned = version_context(text, &span);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::pii::spans_found(find, text)
    }

    #[test]
    fn addresses_in_prose_and_logs() {
        for t in [
            "Your session came from 203.0.113.42 yesterday.",
            "src=10.0.0.12 dst=192.168.1.20",
            "Connect to host:10.1.2.3 and retry.",
            "The server at 8.8.4.4 answered.",
            "We updated the DNS record so it points to 1.2.3.4 now.",
        ] {
            assert!(!found(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn versions_are_not_addresses() {
        for t in [
            "closed: duplicate of #17985, fixed in 2.10.3.27.",
            "Build 211 of 7.0.5.198 published at 2024-01-02",
            "Upgraded the agent from 5.2.12.24 to 10.0.23054.2475 on all nodes.",
            "Upgraded the agent from 10.0.25291.4452 to 9.6.6.67 on all 488 nodes.",
            "timeout=6s, retries=25, version=10.8.2.165",
            "Docker image app:9.12.0.30 pushed with digest",
            "Requires v1.2.3.4 or later; also 1.2.3.4.5 and 300.1.1.1.",
        ] {
            assert_eq!(found(t), Vec::<&str>::new(), "{t}");
        }
    }
}
