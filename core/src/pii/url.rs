//! URL_CREDENTIALS: URLs that carry a secret: `user:password@` in the authority, or a
//! token-like query parameter (`token=`, `access_token=`, `api_key=`, `sig=`, ...) with a
//! value of eight or more characters.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;

static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z][a-z0-9+.\-]*://[^\s/:@]+:[^\s/@]+@[^\s/?#]+[^\s]*")
        .expect("url userinfo")
});
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)https?://[^\s?#]+\?[^\s#]*?(?-u:\b)(?:token|access_token|auth|api_key|apikey|key|secret|password|pwd|sig|signature|x-amz-signature|code)=[^&\s#]{8,}[^\s]*")
        .expect("url token")
});

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if memchr::memmem::find(text.as_bytes(), b"://").is_none() {
        return;
    }
    let trim = |s: &str| {
        s.trim_end_matches(['.', ',', ')', ']', '"', '\'', ';', '>'])
            .len()
    };
    for m in USERINFO.find_iter(text) {
        let span = m.start()..m.start() + trim(m.as_str());
        out.push(Found {
            kind: "URL_CREDENTIALS",
            span,
            score: 0.95,
            rule: "url:userinfo",
        });
    }
    for m in TOKEN.find_iter(text) {
        let span = m.start()..m.start() + trim(m.as_str());
        out.push(Found {
            kind: "URL_CREDENTIALS",
            span,
            score: 0.9,
            rule: "url:token-param",
        });
    }
}
