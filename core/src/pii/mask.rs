//! Masking found PII: a strategy per kind (`replace`, `redact`, `mask`, `hash`, `fake`,
//! `drop_document`), each match's place in the original and in the masked text, and the
//! document's sensitivity level from the kinds found.

use std::collections::BTreeMap;
use std::ops::Range;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{find_pii, PiiMatch, PiiOptions};
use crate::error::{Error, Result};

/// How a match is masked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The template, `[{kind}]` by default: `[EMAIL]`.
    #[default]
    Replace,
    /// Removed.
    Redact,
    /// Every letter and digit but the last `keep_last` replaced by `*`.
    Mask,
    /// `[KIND_<hmac>]`: HMAC-SHA256 of the value with a secret, the same value giving the
    /// same token everywhere (pseudonymisation).
    Hash,
    /// A surrogate of the same shape: an address at example.com, a card number from a
    /// test range that passes Luhn, an IP from the documentation ranges, ...
    Fake,
    /// The whole document is dropped.
    DropDocument,
}

impl std::str::FromStr for Strategy {
    type Err = Error;
    /// Parses the snake_case name (`replace`, ..., `drop_document`), as every front end spells it.
    fn from_str(s: &str) -> Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| {
            Error::invalid_option(
                "strategy",
                "expected one of replace, redact, mask, hash, fake, drop_document",
            )
        })
    }
}

/// How sensitive a document is, from the PII it holds.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// No PII found.
    #[default]
    Public,
    /// Contact details of people: PERSON, EMAIL, PHONE, IP_ADDRESS, MAC_ADDRESS.
    Internal,
    /// Identity and money: DATE_OF_BIRTH, IBAN, IN_PAN, UK_NINO, custom kinds.
    Confidential,
    /// Credentials and identifiers that enable fraud: SECRET, URL_CREDENTIALS,
    /// CREDIT_CARD, US_SSN, IN_AADHAAR.
    Restricted,
}

impl Sensitivity {
    /// The default level of a kind (see the variants).
    pub fn of_kind(kind: &str) -> Sensitivity {
        match kind {
            "SECRET" | "URL_CREDENTIALS" | "CREDIT_CARD" | "US_SSN" | "IN_AADHAAR" => {
                Sensitivity::Restricted
            }
            "PERSON" | "EMAIL" | "PHONE" | "IP_ADDRESS" | "MAC_ADDRESS" | "STREET_ADDRESS" => {
                Sensitivity::Internal
            }
            _ => Sensitivity::Confidential,
        }
    }

    /// The name used in records and JSON: `public`, `internal`, `confidential`, `restricted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Internal => "internal",
            Sensitivity::Confidential => "confidential",
            Sensitivity::Restricted => "restricted",
        }
    }
}

/// A match with its place in the masked text too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaskedMatch {
    /// The match, with its byte range in the original text.
    #[serde(flatten)]
    pub found: PiiMatch,
    /// Byte range of its replacement in the masked text (empty for `redact`).
    pub masked_span: Range<usize>,
}

/// The result of [`mask_pii`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Masked {
    /// The masked text; empty when the document was dropped.
    pub text: String,
    /// Every match, in text order.
    pub matches: Vec<MaskedMatch>,
    /// The highest level among the kinds found.
    pub sensitivity: Sensitivity,
    /// Whether a `drop_document` strategy applied.
    pub dropped: bool,
    /// Matches found per kind.
    pub counts: BTreeMap<String, usize>,
}

/// Finds PII in `text` and masks it.
///
/// ```
/// use corpusforge::{mask_pii, PiiOptions, Sensitivity};
/// let m = mask_pii("Card 4111 1111 1111 1111, mail a@b.example", &PiiOptions::default())?;
/// assert_eq!(m.text, "Card [CREDIT_CARD], mail [EMAIL]");
/// assert_eq!(m.sensitivity, Sensitivity::Restricted);
/// # Ok::<(), corpusforge::Error>(())
/// ```
pub fn mask_pii(text: &str, options: &PiiOptions) -> Result<Masked> {
    let found = find_pii(text, options)?;
    let uses_hash = options.strategy == Strategy::Hash
        || options.strategies.values().any(|s| *s == Strategy::Hash);
    let secret = if uses_hash {
        let s = options
            .secret
            .clone()
            .or_else(|| std::env::var("CORPUSFORGE_PII_SECRET").ok())
            .filter(|s| !s.is_empty());
        Some(s.ok_or_else(|| {
            Error::invalid_option(
                "secret",
                "the hash strategy needs a secret (option `secret` or CORPUSFORGE_PII_SECRET)",
            )
        })?)
    } else {
        None
    };
    if options.hash_digits == 0 || options.hash_digits > 64 {
        return Err(Error::invalid_option(
            "hash_digits",
            "must be between 1 and 64",
        ));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut sensitivity = Sensitivity::Public;
    let mut dropped = false;
    for m in &found {
        *counts.entry(m.kind.clone()).or_default() += 1;
        let level = options
            .sensitivity
            .get(&m.kind)
            .copied()
            .unwrap_or_else(|| Sensitivity::of_kind(&m.kind));
        sensitivity = sensitivity.max(level);
        if strategy_of(options, &m.kind) == Strategy::DropDocument {
            dropped = true;
        }
    }
    if dropped {
        let matches = found
            .into_iter()
            .map(|m| MaskedMatch {
                found: m,
                masked_span: 0..0,
            })
            .collect();
        return Ok(Masked {
            text: String::new(),
            matches,
            sensitivity,
            dropped,
            counts,
        });
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut matches = Vec::with_capacity(found.len());
    for m in found {
        out.push_str(&text[last..m.span.start]);
        let value = &text[m.span.clone()];
        let start = out.len();
        match strategy_of(options, &m.kind) {
            Strategy::Replace => out.push_str(&options.template.replace("{kind}", &m.kind)),
            Strategy::Redact | Strategy::DropDocument => {}
            Strategy::Mask => out.push_str(&mask_chars(value, options.keep_last)),
            Strategy::Hash => {
                let key = secret.as_deref().unwrap_or_default();
                out.push_str(&format!(
                    "[{}_{}]",
                    m.kind,
                    hmac_hex(key, value, options.hash_digits)
                ));
            }
            Strategy::Fake => out.push_str(&fake(&m.kind, value)),
        }
        last = m.span.end;
        matches.push(MaskedMatch {
            masked_span: start..out.len(),
            found: m,
        });
    }
    out.push_str(&text[last..]);
    Ok(Masked {
        text: out,
        matches,
        sensitivity,
        dropped,
        counts,
    })
}

fn strategy_of(options: &PiiOptions, kind: &str) -> Strategy {
    options
        .strategies
        .get(kind)
        .copied()
        .unwrap_or(options.strategy)
}

/// Letters and digits but the last `keep` replaced by `*`; separators kept.
fn mask_chars(value: &str, keep: usize) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen + keep > total {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

fn hmac_hex(key: &str, value: &str, digits: usize) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    let bytes = mac.finalize().into_bytes();
    let hex = crate::hex::lower(&bytes);
    hex[..digits].to_string()
}

/// A deterministic surrogate of the same shape as `value`.
fn fake(kind: &str, value: &str) -> String {
    let h = Sha256::digest(value.as_bytes());
    let mut stream = h.iter().flat_map(|b| [b >> 4, b & 15]).cycle();
    let mut next = |m: u8| stream.next().unwrap_or(0) % m;
    match kind {
        "EMAIL" => {
            let user: String = (0..8).map(|_| char::from(b'a' + next(26))).collect();
            format!("{user}@example.com")
        }
        "IP_ADDRESS" if value.contains(':') => format!(
            "2001:db8::{:x}",
            u16::from(next(16)) * 256 + u16::from(next(16))
        ),
        "IP_ADDRESS" => format!("192.0.2.{}", 1 + u16::from(next(16)) * 15 % 254),
        "CREDIT_CARD" => {
            // A Visa test-range number of the same length and grouping, valid by Luhn.
            let n = value.chars().filter(char::is_ascii_digit).count();
            let mut d: Vec<u8> = vec![4, 0, 0, 0, 0, 0];
            while d.len() < n.saturating_sub(1) {
                d.push(next(10));
            }
            d.push(super::validate::luhn_digit(&d));
            let mut it = d.into_iter();
            value
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        char::from(b'0' + it.next().unwrap_or(0))
                    } else {
                        c
                    }
                })
                .collect()
        }
        "IBAN" => {
            let compact: String = value.chars().filter(|c| *c != ' ').collect();
            let country = &compact[..2.min(compact.len())];
            let bban: String = (4..compact.len())
                .map(|_| char::from(b'0' + next(10)))
                .collect();
            let rem = super::validate::iban_remainder(&format!("{country}00{bban}")).unwrap_or(0);
            format!("{country}{:02}{bban}", 98 - rem)
        }
        _ => value
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from(b'0' + next(10)),
                'a'..='z' => char::from(b'a' + next(26)),
                'A'..='Z' => char::from(b'A' + next(26)),
                c if c.is_alphabetic() => 'x',
                c => c,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Dr. Jane Smith (jane@corp.example) paid with 5555 5555 5555 4444 from 10.1.2.3.";

    fn with(strategy: Strategy) -> Masked {
        let opts = PiiOptions {
            strategy,
            secret: Some("k".into()),
            ..PiiOptions::default()
        };
        mask_pii(TEXT, &opts).unwrap()
    }

    #[test]
    fn strategies() {
        assert_eq!(
            with(Strategy::Replace).text,
            "[PERSON] ([EMAIL]) paid with [CREDIT_CARD] from [IP_ADDRESS]."
        );
        assert_eq!(with(Strategy::Redact).text, " () paid with  from .");
        assert!(with(Strategy::Mask).text.contains("**** **** **** 4444"));
        let h = with(Strategy::Hash);
        assert!(h.text.contains("[EMAIL_"), "{}", h.text);
        assert_eq!(with(Strategy::Hash).text, h.text, "deterministic");
        let f = with(Strategy::Fake).text;
        assert!(f.contains("@example.com") && f.contains("192.0.2."), "{f}");
        let d = with(Strategy::DropDocument);
        assert!(d.dropped && d.text.is_empty());
        assert_eq!(d.sensitivity, Sensitivity::Restricted);
    }

    #[test]
    fn masked_spans_point_into_the_output() {
        for s in [
            Strategy::Replace,
            Strategy::Mask,
            Strategy::Hash,
            Strategy::Fake,
        ] {
            let m = with(s);
            for x in &m.matches {
                assert!(!x.found.span.is_empty());
                assert!(m.text.get(x.masked_span.clone()).is_some());
            }
        }
    }

    #[test]
    fn fake_card_passes_luhn_and_fake_iban_mod97() {
        let card = fake("CREDIT_CARD", "5555 5555 5555 4444");
        let d: Vec<u8> = card
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        assert!(
            super::super::validate::luhn(&d) && card.len() == 19,
            "{card}"
        );
        let iban = fake("IBAN", "DE89 3704 0044 0532 0130 00");
        assert!(super::super::validate::iban_mod97(&iban), "{iban}");
    }

    #[test]
    fn hash_without_secret_is_an_option_error() {
        if std::env::var_os("CORPUSFORGE_PII_SECRET").is_some() {
            return;
        }
        let opts = PiiOptions {
            strategy: Strategy::Hash,
            ..PiiOptions::default()
        };
        assert!(mask_pii(TEXT, &opts)
            .unwrap_err()
            .to_string()
            .contains("secret"));
    }
}
