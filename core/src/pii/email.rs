//! EMAIL: `local@domain.tld` with RFC 5321 limits (local part ≤ 64, labels ≤ 63, no
//! leading, trailing or doubled dots) and a letters-only top-level domain.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)+")
        .expect("email pattern")
});

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if memchr::memchr(b'@', text.as_bytes()).is_none() {
        return;
    }
    for m in RE.find_iter(text) {
        let s = m.as_str();
        let Some((local, domain)) = s.rsplit_once('@') else {
            continue;
        };
        // Trailing punctuation of the sentence is not part of the address.
        let local = local.trim_start_matches(['.', '\'', '`', '{', '|', '}']);
        let start = m.end() - domain.len() - 1 - local.len();
        if local.is_empty()
            || local.len() > 64
            || local.starts_with('.')
            || local.ends_with('.')
            || local.contains("..")
        {
            continue;
        }
        let tld = domain.rsplit('.').next().unwrap_or("");
        if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) || domain.len() > 253 {
            continue;
        }
        if domain.split('.').any(|l| l.len() > 63) {
            continue;
        }
        out.push(Found {
            kind: "EMAIL",
            span: start..m.end(),
            score: 1.0,
            rule: "email:rfc5321",
        });
    }
}
