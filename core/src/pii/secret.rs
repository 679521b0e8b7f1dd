//! SECRET: API keys by their issuers' formats (AWS access key ids, GitHub, GitLab, Slack,
//! Stripe, Google), JSON Web Tokens, PEM private keys, and values assigned to
//! `password=`, `token:`, `api_key=` and the like (high-entropy, or any non-trivial value
//! after a password label).

use std::sync::LazyLock;

use regex::Regex;

use super::validate::entropy;
use super::Found;

static KEYS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("secret:aws-access-key", r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?-u:\b)"),
        ("secret:github", r"(?-u:\b)gh[pousr]_[A-Za-z0-9]{36,255}(?-u:\b)|(?-u:\b)github_pat_[A-Za-z0-9_]{60,255}(?-u:\b)"),
        ("secret:gitlab", r"(?-u:\b)glpat-[A-Za-z0-9_\-]{20,}"),
        ("secret:slack", r"(?-u:\b)xox[abposr]-[A-Za-z0-9\-]{10,}"),
        ("secret:stripe", r"(?-u:\b)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
        ("secret:google-api-key", r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}"),
        ("secret:jwt", r"(?-u:\b)eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"),
        (
            "secret:pem-private-key",
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
        ),
    ]
    .into_iter()
    .map(|(rule, p)| (rule, Regex::new(p).expect("secret pattern")))
    .collect()
});

static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(password|passwd|pwd|passphrase|secret|client_secret|token|auth_token|access_token|api[_\-]?key|access[_\-]?key|secret[_\-]?key|private[_\-]?key)["']?\s*(?:=|:|=>)\s*["']?([^\s"',;<>]{6,})"#)
        .expect("assigned secret")
});

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    for (rule, re) in KEYS.iter() {
        for m in re.find_iter(text) {
            out.push(Found {
                kind: "SECRET",
                span: m.range(),
                score: 0.99,
                rule,
            });
        }
    }
    // An assignment needs its '=' or ':'.
    if memchr::memchr2(b'=', b':', text.as_bytes()).is_none() {
        return;
    }
    for c in ASSIGNED.captures_iter(text) {
        let (Some(label), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let value = v.as_str();
        let is_password = label.as_str().to_ascii_lowercase().starts_with("pass")
            || label.as_str().eq_ignore_ascii_case("pwd");
        // Placeholders and references are not secrets.
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("${")
            || lower.starts_with('<')
            || lower.contains("xxxx")
            || lower == "password"
            || lower == "changeme" && !is_password
            || lower.chars().all(|c| c == '*')
        {
            continue;
        }
        let mixed = value.bytes().any(|b| b.is_ascii_digit())
            && value.bytes().any(|b| b.is_ascii_alphabetic());
        let strong = entropy(value) >= 3.0 && value.len() >= 12;
        let score = match (is_password, strong || mixed) {
            (true, _) => 0.9,
            (false, true) => 0.85,
            (false, false) => continue,
        };
        out.push(Found {
            kind: "SECRET",
            span: v.range(),
            score,
            rule: "secret:assignment",
        });
    }
}
