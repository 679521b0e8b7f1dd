//! PII detection: one recognizer per kind, each a pattern plus a validator (checksums,
//! number plans, issuer ranges, context words), never a bare regex. Every match has its
//! kind, byte span, score and the rule that fired; overlaps are resolved by score, then
//! length. Masking ([`mask_pii`]) and sensitivity levels build on the matches.
//!
//! Matched text is never written to errors or logs: only kinds, offsets and rule names.

mod address;
mod card;
mod context;
mod custom;
mod dob;
mod email;
mod iban;
mod ip;
mod mac;
mod mask;
mod national_id;
mod person;
mod phone;
mod secret;
mod ssn;
mod table;
mod url;
pub(crate) mod validate;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use custom::CustomRecognizer;
pub use mask::{mask_pii, Masked, MaskedMatch, Sensitivity, Strategy};

/// A recognizer: adds the candidates it finds in the text.
type Finder = fn(&str, &mut Vec<Found>);

/// The texts of the candidates one recognizer finds in `text`, in the order found (for
/// the recognizers' unit tests).
#[cfg(test)]
pub(crate) fn spans_found(find: Finder, text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    find(text, &mut out);
    out.iter().map(|f| &text[f.span.clone()]).collect()
}

/// The letter-digit adjacency a recognizer's matches always hold (see
/// [`context::adjacency`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing: always run.
    Nothing,
    /// An ASCII letter right before a digit.
    LetterDigit,
    /// An upper-case letter right before a digit.
    UpperDigit,
    /// An upper-case letter right before a digit, or before a space and a digit.
    UpperDigitOrSpaced,
}

impl Needs {
    fn met(self, a: context::Adjacency) -> bool {
        match self {
            Needs::Nothing => true,
            Needs::LetterDigit => a.letter_digit,
            Needs::UpperDigit => a.upper_digit,
            Needs::UpperDigitOrSpaced => a.upper_digit || a.upper_space_digit,
        }
    }
}

/// Every built-in recognizer with its kind, the fewest digits its numbers hold in one run
/// (see [`context::longest_digit_run`]; 0: not a number, always run) and the adjacency
/// its matches hold, in the order they run. Both are prefilters: text without them is
/// not scanned.
const RECOGNIZERS: [(&str, Finder, usize, Needs); 15] = [
    ("EMAIL", email::find, 0, Needs::Nothing),
    // A cue word lets a short number with an extension through: the phone recognizer
    // gates its number patterns itself.
    ("PHONE", phone::find, 0, Needs::Nothing),
    ("CREDIT_CARD", card::find, 12, Needs::Nothing),
    ("IBAN", iban::find, 2, Needs::LetterDigit),
    ("US_SSN", ssn::find, 9, Needs::Nothing),
    ("IP_ADDRESS", ip::find, 0, Needs::Nothing),
    ("MAC_ADDRESS", mac::find, 0, Needs::Nothing),
    ("URL_CREDENTIALS", url::find, 0, Needs::Nothing),
    ("SECRET", secret::find, 0, Needs::Nothing),
    // Every date form holds a four-digit year or a day.month.year run of four digits.
    ("DATE_OF_BIRTH", dob::find, 4, Needs::Nothing),
    ("PERSON", person::find, 0, Needs::Nothing),
    ("STREET_ADDRESS", address::find, 1, Needs::Nothing),
    ("IN_AADHAAR", national_id::find_aadhaar, 12, Needs::Nothing),
    ("IN_PAN", national_id::find_pan, 4, Needs::UpperDigit),
    (
        "UK_NINO",
        national_id::find_nino,
        6,
        Needs::UpperDigitOrSpaced,
    ),
];

/// The kinds corpusforge finds, UPPER_SNAKE as in every front end.
pub const KINDS: [&str; RECOGNIZERS.len()] = {
    let mut k = [""; RECOGNIZERS.len()];
    let mut i = 0;
    while i < k.len() {
        k[i] = RECOGNIZERS[i].0;
        i += 1;
    }
    k
};

/// One PII match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PiiMatch {
    /// What was found: `EMAIL`, `CREDIT_CARD`, ... or a custom recognizer's kind.
    pub kind: String,
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Confidence, 0 to 1.
    pub score: f64,
    /// The rule that fired, e.g. `card:luhn+issuer` or `phone:e164`.
    pub rule: String,
}

/// Options of [`find_pii`] and [`mask_pii`]: what to look for and how to mask it. `Debug`
/// shows the secret as `<redacted>`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PiiOptions {
    /// Only these kinds (UPPER_SNAKE); all built-in kinds when absent.
    pub kinds: Option<Vec<String>>,
    /// Matches scoring below this are dropped. Default 0.5.
    pub min_score: f64,
    /// Values never reported or masked (exact text, e.g. a support address you publish).
    pub allow: Vec<String>,
    /// Values always reported and masked wherever they occur (kind `DENY_LIST`).
    pub deny: Vec<String>,
    /// Recognizers of your own: a named regex with an optional validator and context words.
    pub custom: Vec<CustomRecognizer>,
    /// Masking: the default strategy (`replace`, `redact`, `mask`, `hash`, `fake`,
    /// `drop_document`). Default `replace`.
    pub strategy: Strategy,
    /// Masking: a strategy per kind, overriding `strategy`.
    pub strategies: BTreeMap<String, Strategy>,
    /// Masking: the replacement for `replace`; `{kind}` is the match's kind. Default `[{kind}]`.
    pub template: String,
    /// Masking: characters kept at the end by `mask`. Default 4.
    pub keep_last: usize,
    /// Masking: the HMAC key for `hash` (else the `CORPUSFORGE_PII_SECRET` environment
    /// variable). Never written anywhere.
    pub secret: Option<String>,
    /// Masking: hex digits of the `hash` token. Default 16.
    pub hash_digits: usize,
    /// Sensitivity level per kind, overriding the defaults (see [`Sensitivity`]).
    pub sensitivity: BTreeMap<String, Sensitivity>,
}

impl std::fmt::Debug for PiiOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::options::debug_redacted(f, "PiiOptions", self, "secret")
    }
}

impl Default for PiiOptions {
    fn default() -> Self {
        PiiOptions {
            kinds: None,
            min_score: 0.5,
            allow: Vec::new(),
            deny: Vec::new(),
            custom: Vec::new(),
            strategy: Strategy::Replace,
            strategies: BTreeMap::new(),
            template: "[{kind}]".into(),
            keep_last: 4,
            secret: None,
            hash_digits: 16,
            sensitivity: BTreeMap::new(),
        }
    }
}

impl crate::options::StageOptions for PiiOptions {
    const STAGE: &'static str = "pii";
    const FIELDS: &'static [&'static str] = &[
        "kinds",
        "min_score",
        "allow",
        "deny",
        "custom",
        "strategy",
        "strategies",
        "template",
        "keep_last",
        "secret",
        "hash_digits",
        "sensitivity",
    ];
}

impl PiiOptions {
    fn wants(&self, kind: &str) -> bool {
        self.kinds
            .as_ref()
            .is_none_or(|ks| ks.iter().any(|k| k == kind))
    }

    fn check(&self) -> Result<()> {
        if let Some(ks) = &self.kinds {
            for k in ks {
                let custom = self.custom.iter().any(|c| &c.kind == k);
                if !KINDS.contains(&k.as_str()) && !custom && k != "DENY_LIST" {
                    return Err(Error::invalid_option(
                        "kinds",
                        format!("unknown kind {k:?}; known: {}", KINDS.join(", ")),
                    ));
                }
            }
        }
        if !(0.0..=1.0).contains(&self.min_score) {
            return Err(Error::invalid_option(
                "min_score",
                "must be between 0 and 1",
            ));
        }
        Ok(())
    }
}

/// A candidate found by a recognizer, before overlaps are resolved.
pub(crate) struct Found {
    pub kind: &'static str,
    pub span: Range<usize>,
    pub score: f64,
    pub rule: &'static str,
}

/// Finds PII in `text`: matches in text order, no two overlapping.
///
/// ```
/// use corpusforge::{find_pii, PiiOptions};
/// let text = "Mail jane.doe@example.org or call +44 20 7946 0958; card 4111 1111 1111 1111.";
/// let kinds: Vec<String> = find_pii(text, &PiiOptions::default())?
///     .into_iter()
///     .map(|m| m.kind)
///     .collect();
/// assert_eq!(kinds, ["EMAIL", "PHONE", "CREDIT_CARD"]);
/// # Ok::<(), corpusforge::Error>(())
/// ```
pub fn find_pii(text: &str, options: &PiiOptions) -> Result<Vec<PiiMatch>> {
    options.check()?;
    let mut found: Vec<Found> = Vec::new();
    let digit_run = context::longest_digit_run(text);
    let adjacency = (digit_run > 0).then(|| context::adjacency(text));
    for (kind, find, min_digits, needs) in RECOGNIZERS {
        let shaped = needs == Needs::Nothing || adjacency.is_some_and(|a| needs.met(a));
        if options.wants(kind) && digit_run >= min_digits && shaped {
            find(text, &mut found);
        }
    }
    table::find(text, |kind| options.wants(kind), &mut found);
    if options.wants("PERSON") {
        person::addressee::find(text, &mut found);
    }
    let mut matches: Vec<Hit> = found
        .into_iter()
        .filter(|f| f.score >= options.min_score)
        .map(|f| Hit {
            kind: Cow::Borrowed(f.kind),
            span: f.span,
            score: f.score,
            rule: Cow::Borrowed(f.rule),
        })
        .collect();
    let mut custom = Vec::new();
    for c in &options.custom {
        if options.wants(&c.kind) {
            c.find(text, &mut custom)?;
        }
    }
    matches.extend(custom.into_iter().map(|m| Hit {
        kind: Cow::Owned(m.kind),
        span: m.span,
        score: m.score,
        rule: Cow::Owned(m.rule),
    }));
    for value in options.deny.iter().filter(|v| !v.is_empty()) {
        for (i, _) in text.match_indices(value.as_str()) {
            matches.push(Hit {
                kind: Cow::Borrowed("DENY_LIST"),
                span: i..i + value.len(),
                score: 1.0,
                rule: Cow::Borrowed("deny_list"),
            });
        }
    }
    if !options.allow.is_empty() {
        matches.retain(|m| !options.allow.iter().any(|a| a == &text[m.span.clone()]));
    }
    let found = resolve_overlaps(matches);
    Ok(with_repeats(text, found)
        .into_iter()
        .map(|h| PiiMatch {
            kind: h.kind.into_owned(),
            span: h.span,
            score: h.score,
            rule: h.rule.into_owned(),
        })
        .collect())
}

/// A match while overlaps are resolved: its kind and rule are borrowed where they are
/// the built-in ones, so the candidates that lose cost no allocation.
struct Hit {
    kind: Cow<'static, str>,
    span: Range<usize>,
    score: f64,
    rule: Cow<'static, str>,
}

/// Adds every other occurrence of a value already found (four characters or more): a value
/// is PII wherever it appears, even where its context alone would not say so, so masking
/// never leaves a copy behind.
fn with_repeats(text: &str, found: Vec<Hit>) -> Vec<Hit> {
    let mut seen = foldhash::HashSet::default();
    let mut values: Vec<(&str, &Hit)> = Vec::new();
    for m in &found {
        let v = &text[m.span.clone()];
        if v.chars().count() >= 4 && seen.insert(v) {
            values.push((v, m));
        }
    }
    if values.is_empty() {
        return found;
    }
    let mut extra = Vec::new();
    for (i, range) in occurrences(text, &values) {
        let m = values[i].1;
        extra.push(Hit {
            kind: m.kind.clone(),
            span: range,
            score: m.score,
            rule: Cow::Borrowed("repeat"),
        });
    }
    if extra.len() == values.len() {
        // Every value occurs once: nothing to add.
        return found;
    }
    // The matches found keep priority over their repeats.
    let mut all: Vec<Hit> = found
        .into_iter()
        .map(|mut m| {
            m.score += 2.0;
            m
        })
        .collect();
    all.extend(extra.into_iter().map(|mut m| {
        m.score += 1.0;
        m
    }));
    let mut out = resolve_overlaps(all);
    for m in &mut out {
        m.score -= if m.rule == "repeat" { 1.0 } else { 2.0 };
    }
    out
}

/// Where each value occurs in `text`, as (index into `values`, byte range), overlapping
/// occurrences included. Every value is at least four characters long.
fn occurrences(text: &str, values: &[(&str, &Hit)]) -> Vec<(usize, Range<usize>)> {
    // A document holds a handful of values: scanning for each (memchr's SIMD search) is
    // cheaper than building an automaton, which cost more than all recognizers together.
    if values.len() <= FEW_VALUES {
        occurrences_each(text, values)
    } else {
        occurrences_by_prefix(text, values)
    }
}

/// [`occurrences`] by one search per value.
fn occurrences_each(text: &str, values: &[(&str, &Hit)]) -> Vec<(usize, Range<usize>)> {
    let mut hits = Vec::new();
    for (i, (v, _)) in values.iter().enumerate() {
        let finder = memchr::memmem::Finder::new(v.as_bytes());
        let mut from = 0;
        while let Some(at) = finder.find(&text.as_bytes()[from..]) {
            let start = from + at;
            hits.push((i, start..start + v.len()));
            // Next search from the next character: occurrences may overlap.
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    hits
}

/// [`occurrences`] in one pass for many values.
fn occurrences_by_prefix(text: &str, values: &[(&str, &Hit)]) -> Vec<(usize, Range<usize>)> {
    // A dense text holds thousands: one pass over the text, looking each position's first
    // four bytes up among the values' (every value has four characters or more). A bit
    // table rejects most positions before the map is consulted. Building an Aho-Corasick
    // automaton over thousands of values cost more than the search itself.
    let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let slot = |w: u32| (w.wrapping_mul(0x9E37_79B1) >> 16) as usize;
    let mut by_prefix: foldhash::HashMap<u32, Vec<usize>> = Default::default();
    let mut seen = vec![0u64; 1 << 10];
    for (i, (v, _)) in values.iter().enumerate() {
        let w = word(v.as_bytes());
        by_prefix.entry(w).or_default().push(i);
        seen[slot(w) >> 6] |= 1 << (slot(w) & 63);
    }
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    for (start, window) in bytes.windows(4).enumerate() {
        let w = word(window);
        if seen[slot(w) >> 6] & (1 << (slot(w) & 63)) == 0 {
            continue;
        }
        for &i in by_prefix.get(&w).into_iter().flatten() {
            // A value starts with a character's first byte, so any hit is on a boundary.
            let v = values[i].0;
            if bytes[start..].starts_with(v.as_bytes()) {
                hits.push((i, start..start + v.len()));
            }
        }
    }
    hits
}

/// Up to this many distinct values, [`occurrences`] scans for each value on its own.
const FEW_VALUES: usize = 16;

/// Keeps the best of overlapping matches (higher score, then longer, then earlier), in
/// text order.
fn resolve_overlaps(mut ms: Vec<Hit>) -> Vec<Hit> {
    ms.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((b.span.len()).cmp(&a.span.len()))
            .then(a.span.start.cmp(&b.span.start))
    });
    // Kept spans are disjoint: a new one overlaps a kept one exactly when the kept span
    // starting last before the new one's end reaches past its start.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Hit> = Vec::with_capacity(ms.len());
    for m in ms {
        let clash = taken
            .range(..m.span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > m.span.start);
        if !clash && !m.span.is_empty() {
            taken.insert(m.span.start, m.span.end);
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.span.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, String)> {
        find_pii(text, &PiiOptions::default())
            .unwrap()
            .into_iter()
            .map(|m| (m.kind, text[m.span].to_string()))
            .collect()
    }

    #[test]
    fn a_value_found_once_is_found_wherever_it_repeats() {
        // Only the salutation tells that this unusual name is a person's.
        let text = "Dear Quorva Zemblith, thanks. Quorva Zemblith wrote from q@example.org; \
                    Zemblith, Quorva Zemblith and q@example.org again.";
        let found = find_pii(text, &PiiOptions::default()).unwrap();
        let names: Vec<(&str, &str)> = found
            .iter()
            .filter(|m| m.kind == "PERSON")
            .map(|m| (&text[m.span.clone()], m.rule.as_str()))
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(names[2], ("Zemblith", "person:surname"));
        assert!([names[1], names[3]]
            .iter()
            .all(|&(v, rule)| v == "Quorva Zemblith" && rule == "repeat"));
        let emails = found.iter().filter(|m| m.kind == "EMAIL").count();
        assert_eq!(emails, 2);
    }

    #[test]
    fn finds_the_validated_kinds() {
        let got = kinds(
            "Contact ana.lopez@example.es, +34 612 345 678. Card 5500-0000-0000-0004, \
             IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, host 10.0.0.12, \
             MAC 00:1A:2B:3C:4D:5E, key AKIAIOSFODNN7EXAMPLE.",
        );
        let k: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            k,
            [
                "EMAIL",
                "PHONE",
                "CREDIT_CARD",
                "IBAN",
                "US_SSN",
                "IP_ADDRESS",
                "MAC_ADDRESS",
                "SECRET"
            ],
            "{got:?}"
        );
    }

    #[test]
    fn hard_negatives_are_left_alone() {
        for t in [
            "Order 4111 1111 1111 1112 was shipped.", // fails Luhn
            "Version 1.2.3 released on 2024-03-05 at 12:30:45.",
            "ISBN 978-3-16-148410-0 costs 12.50 EUR.",
            "SSN-like 000-12-3456 and 666-12-3456 are invalid.",
            "Commit 3f2a9c1b5e7d0a44e1b2c3d4e5f60718293a4b5c.",
        ] {
            assert!(kinds(t).is_empty(), "{t}: {:?}", kinds(t));
        }
    }

    #[test]
    fn allow_and_deny_lists() {
        let opts = PiiOptions {
            allow: vec!["help@example.com".into()],
            deny: vec!["Project Falcon".into()],
            ..PiiOptions::default()
        };
        let t = "Write to help@example.com or bob@corp.example about Project Falcon.";
        let got: Vec<String> = find_pii(t, &opts)
            .unwrap()
            .into_iter()
            .map(|m| t[m.span].to_string())
            .collect();
        assert_eq!(got, ["bob@corp.example", "Project Falcon"]);
    }

    /// The digit-run prefilter skips a recognizer only where it cannot match: on both
    /// labelled sets, every number a gated recognizer finds holds at least its minimum of
    /// digits in one run.
    #[test]
    fn gated_recognizers_find_only_long_enough_digit_runs() {
        let mut texts = crate::test_data::jsonl_texts("tests/pii/faker-set.jsonl");
        let synth = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/pii/presidio-synth_dataset_v2.json"
        );
        // The shared corpus sits beside the repository; a clone elsewhere has only the
        // repository's own set.
        let shared = std::fs::read_to_string(synth);
        let least = if shared.is_ok() { 1000 } else { 500 };
        if let Ok(raw) = shared {
            let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
            texts.extend(
                v.as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|r| r["full_text"].as_str().map(str::to_string)),
            );
        }
        assert!(texts.len() > least, "{}", texts.len());
        let mut checked = 0;
        for text in &texts {
            let mut gated: Vec<(usize, Needs, Vec<Found>)> = Vec::new();
            let gates = RECOGNIZERS
                .into_iter()
                .filter(|r| r.2 > 0 || r.3 != Needs::Nothing);
            for (_, find, min_digits, needs) in gates {
                let mut found = Vec::new();
                find(text, &mut found);
                gated.push((min_digits, needs, found));
            }
            let mut numbers = Vec::new();
            phone::numbers(text, context::ENOUGH_DIGITS, &mut numbers);
            gated.push((0, Needs::Nothing, numbers));
            for (min_digits, needs, found) in gated {
                for f in found {
                    let span = &text[f.span.clone()];
                    let run = context::longest_digit_run(span);
                    let min_digits = match f.kind {
                        "PHONE" => phone::least_digits(f.rule),
                        _ => min_digits,
                    };
                    assert!(
                        run >= min_digits,
                        "{} ({}) holds a run of {run}",
                        f.kind,
                        f.rule
                    );
                    assert!(
                        needs.met(context::adjacency(span)),
                        "{} ({})",
                        f.kind,
                        f.rule
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn no_prefilter_asks_for_more_digits_than_are_counted() {
        assert!(RECOGNIZERS
            .iter()
            .all(|&(_, _, min_digits, _)| min_digits <= context::ENOUGH_DIGITS));
    }

    #[test]
    fn unknown_kind_is_an_invalid_option() {
        let opts = PiiOptions {
            kinds: Some(vec!["EMAILS".into()]),
            ..PiiOptions::default()
        };
        let e = find_pii("x", &opts).unwrap_err();
        assert!(e.to_string().contains("kinds"));
    }

    proptest::proptest! {
        /// Both ways of finding repeats find every occurrence, overlapping ones included.
        #[test]
        fn repeats_are_found_by_either_search(
            text in "[ab é]{0,80}",
            values in proptest::collection::vec("[ab é]{4,6}", 1..40),
        ) {
            let m = Hit { kind: Cow::Borrowed("X"), span: 0..0, score: 1.0, rule: Cow::Borrowed("r") };
            let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
            values.sort_unstable();
            values.dedup();
            let values: Vec<(&str, &Hit)> = values.into_iter().map(|v| (v, &m)).collect();
            let mut want = Vec::new();
            for (i, (v, _)) in values.iter().enumerate() {
                for start in (0..text.len()).filter(|&s| text.is_char_boundary(s)) {
                    if text[start..].starts_with(v) {
                        want.push((i, start..start + v.len()));
                    }
                }
            }
            want.sort_by_key(|(i, r)| (*i, r.start));
            for mut got in [occurrences_each(&text, &values), occurrences_by_prefix(&text, &values)] {
                got.sort_by_key(|(i, r)| (*i, r.start));
                proptest::prop_assert_eq!(&got, &want);
            }
        }
    }
}
