//! The filter presets: datatrove's `GopherQualityFilter`, `GopherRepetitionFilter`,
//! `C4QualityFilter` and `FineWebQualityFilter` with their default thresholds, checks in
//! datatrove's order (the first failing check is the reason), and datatrove's quirks: a
//! Gopher threshold of 0 disables its check (Python truthiness), Gopher's hash and
//! ellipsis ratios divide by all words while its length checks count only words with a
//! non-punctuation character, FineWeb's lines are not stripped before the punctuation test.
//!
//! Every threshold is overridable by `preset.name` (for example
//! `gopher_quality.max_avg_word_length`); `null` disables a check.

use std::collections::BTreeMap;

use super::signals::{C4Lines, C4Outcome, Signals};
use crate::error::{Error, Result};

/// Preset names, in the order they are judged and reported.
pub const PRESETS: [&str; 4] = ["gopher_quality", "gopher_repetition", "c4", "fineweb"];

/// Every threshold: (preset, name, datatrove's default; `None` = off by default).
pub const THRESHOLDS: &[(&str, &str, Option<f64>)] = &[
    ("gopher_quality", "min_doc_words", Some(50.0)),
    ("gopher_quality", "max_doc_words", Some(100_000.0)),
    ("gopher_quality", "min_avg_word_length", Some(3.0)),
    ("gopher_quality", "max_avg_word_length", Some(10.0)),
    ("gopher_quality", "max_symbol_word_ratio", Some(0.1)),
    ("gopher_quality", "max_bullet_lines_ratio", Some(0.9)),
    ("gopher_quality", "max_ellipsis_lines_ratio", Some(0.3)),
    ("gopher_quality", "max_non_alpha_words_ratio", Some(0.8)),
    ("gopher_quality", "min_stop_words", Some(2.0)),
    ("gopher_repetition", "dup_para_frac", Some(0.3)),
    ("gopher_repetition", "dup_para_char_frac", Some(0.2)),
    ("gopher_repetition", "dup_line_frac", Some(0.3)),
    ("gopher_repetition", "dup_line_char_frac", Some(0.2)),
    ("gopher_repetition", "top_2_gram_frac", Some(0.2)),
    ("gopher_repetition", "top_3_gram_frac", Some(0.18)),
    ("gopher_repetition", "top_4_gram_frac", Some(0.16)),
    ("gopher_repetition", "dup_5_gram_frac", Some(0.15)),
    ("gopher_repetition", "dup_6_gram_frac", Some(0.14)),
    ("gopher_repetition", "dup_7_gram_frac", Some(0.13)),
    ("gopher_repetition", "dup_8_gram_frac", Some(0.12)),
    ("gopher_repetition", "dup_9_gram_frac", Some(0.11)),
    ("gopher_repetition", "dup_10_gram_frac", Some(0.10)),
    ("c4", "min_num_sentences", Some(5.0)),
    ("c4", "min_words_per_line", Some(3.0)),
    ("c4", "max_word_length", Some(1000.0)),
    ("c4", "remove_citations", Some(1.0)),
    ("c4", "filter_no_terminal_punct", Some(1.0)),
    ("c4", "filter_lorem_ipsum", Some(1.0)),
    ("c4", "filter_javascript", Some(1.0)),
    ("c4", "filter_curly_bracket", Some(1.0)),
    ("c4", "filter_policy", Some(1.0)),
    ("fineweb", "line_punct_thr", Some(0.12)),
    ("fineweb", "line_punct_exclude_zero", Some(0.0)),
    ("fineweb", "short_line_thr", Some(0.67)),
    ("fineweb", "short_line_length", Some(30.0)),
    ("fineweb", "char_duplicates_ratio", Some(0.01)),
    ("fineweb", "new_line_ratio", Some(0.3)),
];

/// Thresholds after overrides (hashed: every document looks up some forty).
#[derive(Debug, Clone)]
pub(crate) struct Thresholds(foldhash::HashMap<(&'static str, &'static str), Option<f64>>);

impl Thresholds {
    /// Defaults with `overrides` (`preset.name` → value or `None`) applied; an unknown
    /// name is an [`Error::InvalidOption`] that lists the known ones.
    pub fn new(overrides: &BTreeMap<String, Option<f64>>) -> Result<Self> {
        let mut map: foldhash::HashMap<(&'static str, &'static str), Option<f64>> =
            THRESHOLDS.iter().map(|&(p, n, d)| ((p, n), d)).collect();
        for (key, value) in overrides {
            let slot = key
                .split_once('.')
                .and_then(|(p, n)| map.iter_mut().find(|((pp, nn), _)| *pp == p && *nn == n));
            match slot {
                Some((_, v)) => *v = *value,
                None => {
                    let known: Vec<String> = THRESHOLDS
                        .iter()
                        .map(|(p, n, _)| format!("{p}.{n}"))
                        .collect();
                    return Err(Error::invalid_option(
                        "thresholds",
                        format!("unknown threshold `{key}`; known: {}", known.join(", ")),
                    ));
                }
            }
        }
        Ok(Thresholds(map))
    }

    fn get(&self, preset: &'static str, name: &'static str) -> Option<f64> {
        self.0.get(&(preset, name)).copied().flatten()
    }

    /// A Gopher threshold as datatrove tests it: `None` or 0 disables the check.
    fn on(&self, preset: &'static str, name: &'static str) -> Option<f64> {
        self.get(preset, name).filter(|v| *v != 0.0)
    }

    fn flag(&self, name: &'static str) -> bool {
        self.get("c4", name).is_some_and(|v| v != 0.0)
    }

    /// C4's line rules from the `c4.*` thresholds (`-1` disables a count, as in datatrove).
    pub fn c4_lines(&self) -> C4Lines {
        let count = |name| {
            self.get("c4", name)
                .filter(|v| *v >= 0.0)
                .map(|v| v as usize)
        };
        C4Lines {
            remove_citations: self.flag("remove_citations"),
            filter_no_terminal_punct: self.flag("filter_no_terminal_punct"),
            min_words_per_line: count("min_words_per_line"),
            max_word_length: count("max_word_length"),
            filter_javascript: self.flag("filter_javascript"),
            filter_policy: self.flag("filter_policy"),
            filter_lorem_ipsum: self.flag("filter_lorem_ipsum"),
            filter_curly_bracket: self.flag("filter_curly_bracket"),
            min_num_sentences: count("min_num_sentences"),
        }
    }

    /// FineWeb's short-line length.
    pub fn short_line_length(&self) -> usize {
        self.get("fineweb", "short_line_length")
            .map_or(30, |v| v as usize)
    }
}

/// Why a preset dropped a document: the threshold that failed, with the value it saw.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Failure {
    /// The preset (`gopher_quality`, ...).
    pub preset: &'static str,
    /// The threshold's name (`max_avg_word_length`), or `empty` for an empty document.
    pub check: &'static str,
    /// The signal's value.
    pub value: f64,
    /// The threshold it failed.
    pub limit: f64,
}

impl Failure {
    /// `preset:check`, the drop reason written to records.
    pub fn reason(&self) -> String {
        format!("{}:{}", self.preset, self.check)
    }

    /// A sentence for people: what was measured against what.
    pub fn explain(&self) -> String {
        if self.check == "empty" {
            return format!("{}: the document is empty", self.preset);
        }
        format!(
            "{}: {} is {} (threshold {})",
            self.preset,
            self.check,
            trim_float(self.value),
            trim_float(self.limit)
        )
    }
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

/// What the presets see besides the signals.
pub(crate) struct Facts<'a> {
    pub signals: &'a Signals,
    pub c4: &'a C4Outcome,
    /// False when the language has no stop-word list (the check is skipped).
    pub has_stop_words: bool,
    /// Non-empty lines of at most FineWeb's short-line length / non-empty lines, when the
    /// length differs from the signal's 30.
    pub short_line_ratio: f64,
    /// True for an empty text.
    pub empty: bool,
    /// True when no line is non-empty (FineWeb's `empty`).
    pub no_lines: bool,
}

/// Judges `preset`: `None` when the document is kept.
pub(crate) fn judge(preset: &'static str, f: &Facts, t: &Thresholds) -> Option<Failure> {
    let s = f.signals;
    let fail = |check: &'static str, value: f64, limit: f64| {
        Some(Failure {
            preset,
            check,
            value,
            limit,
        })
    };
    match preset {
        "gopher_quality" => {
            let p = "gopher_quality";
            let words = s.dt_non_symbol_words;
            if let Some(m) = t.on(p, "min_doc_words").filter(|&m| words < m) {
                return fail("min_doc_words", words, m);
            }
            if let Some(m) = t.on(p, "max_doc_words").filter(|&m| words > m) {
                return fail("max_doc_words", words, m);
            }
            // NumPy's mean of no words is NaN, which fails no comparison.
            let avg = if words == 0.0 {
                f64::NAN
            } else {
                s.dt_mean_word_length
            };
            if let Some(m) = t.on(p, "min_avg_word_length").filter(|&m| avg < m) {
                return fail("min_avg_word_length", avg, m);
            }
            if let Some(m) = t.on(p, "max_avg_word_length").filter(|&m| avg > m) {
                return fail("max_avg_word_length", avg, m);
            }
            if let Some(m) = t.on(p, "max_symbol_word_ratio") {
                if s.hash_word_ratio > m {
                    return fail("max_symbol_word_ratio", s.hash_word_ratio, m);
                }
                if s.ellipsis_word_ratio > m {
                    return fail("max_symbol_word_ratio", s.ellipsis_word_ratio, m);
                }
            }
            if let Some(m) = t
                .on(p, "max_bullet_lines_ratio")
                .filter(|&m| s.bullet_lines_ratio > m)
            {
                return fail("max_bullet_lines_ratio", s.bullet_lines_ratio, m);
            }
            if let Some(m) = t
                .on(p, "max_ellipsis_lines_ratio")
                .filter(|&m| s.ellipsis_lines_ratio > m)
            {
                return fail("max_ellipsis_lines_ratio", s.ellipsis_lines_ratio, m);
            }
            if let Some(m) = t
                .on(p, "max_non_alpha_words_ratio")
                .filter(|&m| s.alpha_words_ratio < m)
            {
                return fail("max_non_alpha_words_ratio", s.alpha_words_ratio, m);
            }
            if f.has_stop_words {
                if let Some(m) = t.on(p, "min_stop_words").filter(|&m| s.stop_words < m) {
                    return fail("min_stop_words", s.stop_words, m);
                }
            }
            None
        }
        "gopher_repetition" => {
            let p = "gopher_repetition";
            if f.empty {
                return fail("empty", 0.0, 0.0);
            }
            let checks: [(&'static str, f64); 4] = [
                ("dup_para_frac", s.dup_para_frac),
                ("dup_para_char_frac", s.dup_para_char_frac),
                ("dup_line_frac", s.dup_line_frac),
                ("dup_line_char_frac", s.dup_line_char_frac),
            ];
            for (name, value) in checks {
                if let Some(m) = t.on(p, name).filter(|&m| value > m) {
                    return fail(name, value, m);
                }
            }
            let grams: [(&'static str, f64); 9] = [
                ("top_2_gram_frac", s.top_2_gram_frac),
                ("top_3_gram_frac", s.top_3_gram_frac),
                ("top_4_gram_frac", s.top_4_gram_frac),
                ("dup_5_gram_frac", s.dup_5_gram_frac),
                ("dup_6_gram_frac", s.dup_6_gram_frac),
                ("dup_7_gram_frac", s.dup_7_gram_frac),
                ("dup_8_gram_frac", s.dup_8_gram_frac),
                ("dup_9_gram_frac", s.dup_9_gram_frac),
                ("dup_10_gram_frac", s.dup_10_gram_frac),
            ];
            for (name, value) in grams {
                // datatrove tests these without truthiness: only `None` turns one off.
                if let Some(m) = t.get(p, name).filter(|&m| value > m) {
                    return fail(name, value, m);
                }
            }
            None
        }
        "c4" => {
            match f.c4.dropped {
                Some("lorem_ipsum") => return fail("filter_lorem_ipsum", 1.0, 0.0),
                Some(_) => return fail("filter_curly_bracket", 1.0, 0.0),
                None => {}
            }
            let sentences = f.c4.sentences as f64;
            if let Some(m) = t
                .get("c4", "min_num_sentences")
                .filter(|&m| m >= 0.0 && sentences < m)
            {
                return fail("min_num_sentences", sentences, m);
            }
            None
        }
        "fineweb" => {
            let p = "fineweb";
            if f.no_lines {
                return fail("empty", 0.0, 0.0);
            }
            if let Some(m) = t.get(p, "line_punct_thr") {
                let exclude_zero = t
                    .get(p, "line_punct_exclude_zero")
                    .is_some_and(|v| v != 0.0);
                let r = s.line_punct_ratio;
                if r < m && !(r == 0.0 && exclude_zero) {
                    return fail("line_punct_thr", r, m);
                }
            }
            if let Some(m) = t
                .get(p, "short_line_thr")
                .filter(|&m| f.short_line_ratio > m)
            {
                return fail("short_line_thr", f.short_line_ratio, m);
            }
            if let Some(m) = t
                .get(p, "char_duplicates_ratio")
                .filter(|&m| s.char_dup_ratio > m)
            {
                return fail("char_duplicates_ratio", s.char_dup_ratio, m);
            }
            if let Some(m) = t
                .get(p, "new_line_ratio")
                .filter(|&m| s.newline_word_ratio > m)
            {
                return fail("new_line_ratio", s.newline_word_ratio, m);
            }
            None
        }
        _ => None,
    }
}

/// Checks preset names.
pub(crate) fn check_presets(presets: &[String]) -> Result<Vec<&'static str>> {
    presets
        .iter()
        .map(|p| {
            PRESETS.iter().copied().find(|k| k == p).ok_or_else(|| {
                Error::invalid_option(
                    "presets",
                    format!("unknown preset `{p}`; known: {}", PRESETS.join(", ")),
                )
            })
        })
        .collect()
}
