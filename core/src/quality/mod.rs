//! Quality: every signal computed once per document, datatrove's four filter presets judged
//! on them (the same keep/drop decisions, each explained), a composite 0-100 score, and
//! language identification.
//!
//! ```
//! use corpusforge::quality::{quality, QualityOptions};
//!
//! let text = "Buy now!!!\nBuy now!!!\nBuy now!!!\nClick here\nClick here";
//! let report = quality(text, &QualityOptions::default()).unwrap();
//! assert_eq!(report.filters["gopher_quality"].as_deref(), Some("gopher_quality:min_doc_words"));
//! assert_eq!(report.filters["gopher_repetition"].as_deref(), Some("gopher_repetition:dup_line_frac"));
//! assert!(!report.kept() && report.score < 50.0);
//! ```

pub(crate) mod datatrove_words;
mod language;
mod presets;
mod score;
mod signals;
mod stopwords;
mod trigram_index;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use language::{
    detect_language, detect_language_per_paragraph, supported_languages, Language, SAMPLE_BYTES,
    UNDETERMINED,
};
pub use presets::{Failure, PRESETS, THRESHOLDS};
pub use signals::Signals;

use crate::error::{Error, Result};
use presets::{Facts, Thresholds};

/// Options of [`quality`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualityOptions {
    /// Presets to judge: any of `gopher_quality`, `gopher_repetition`, `c4`, `fineweb`.
    /// Default: all four.
    pub presets: Vec<String>,
    /// Threshold overrides, `preset.name` → value (`null` turns the check off), e.g.
    /// `{"gopher_quality.max_avg_word_length": 12}`. Names and defaults: [`THRESHOLDS`].
    pub thresholds: BTreeMap<String, Option<f64>>,
    /// The text's language (ISO 639-1), or `auto` (default) to detect it. Chooses the
    /// stop-word list of Gopher's check; languages without one skip that check, and a
    /// detection below 0.5 confidence uses English (datatrove's list for every text).
    pub language: String,
    /// Languages to keep (ISO 639-1); empty (default) keeps every language. A document in
    /// another language is dropped with `language:languages`.
    pub languages: Vec<String>,
    /// With `languages`, the least detection confidence to keep a document (default 0.5);
    /// below it: `language:min_language_score`.
    pub min_language_score: f32,
    /// Words whose share of the document's words is `flagged_words_ratio` (lower-case).
    pub flagged_words: Vec<String>,
    /// Drop documents whose `flagged_words_ratio` is above this (`flagged_words:max_ratio`).
    pub max_flagged_words_ratio: Option<f64>,
    /// Also detect the language of each paragraph. Default false.
    pub paragraph_languages: bool,
}

impl Default for QualityOptions {
    fn default() -> Self {
        QualityOptions {
            presets: PRESETS.iter().map(|p| p.to_string()).collect(),
            thresholds: BTreeMap::new(),
            language: "auto".into(),
            languages: Vec::new(),
            min_language_score: 0.5,
            flagged_words: Vec::new(),
            max_flagged_words_ratio: None,
            paragraph_languages: false,
        }
    }
}

impl crate::options::StageOptions for QualityOptions {
    const STAGE: &'static str = "quality";
    const FIELDS: &'static [&'static str] = &[
        "presets",
        "thresholds",
        "language",
        "languages",
        "min_language_score",
        "flagged_words",
        "max_flagged_words_ratio",
        "paragraph_languages",
    ];
}

/// The quality of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// Composite score, 0-100 (formula in the `score` module docs; higher is better).
    pub score: f32,
    /// The document's language (detected, or as given).
    pub language: Language,
    /// Every signal, by name.
    pub signals: Signals,
    /// Preset (and `language`, `flagged_words` when asked) → `None` when kept, or the drop
    /// reason `preset:threshold`.
    pub filters: BTreeMap<String, Option<String>>,
    /// The failures behind the reasons, with the values measured.
    pub failures: Vec<Failure>,
    /// Checks not run, and why (e.g. no stop-word list for the language).
    pub skipped: Vec<String>,
    /// Per-paragraph languages (byte spans), when asked.
    pub paragraph_languages: Vec<(Range<usize>, Language)>,
}

impl QualityReport {
    /// True when no filter dropped the document.
    pub fn kept(&self) -> bool {
        self.filters.values().all(Option::is_none)
    }

    /// The drop reasons, in preset order (empty when kept).
    pub fn drop_reasons(&self) -> Vec<String> {
        self.failures.iter().map(Failure::reason).collect()
    }

    /// One sentence per failure, for people.
    pub fn explain(&self) -> Vec<String> {
        self.failures.iter().map(Failure::explain).collect()
    }

    /// The report as the JSON object every front end prints: `score`, `language`,
    /// `language_score`, `kept`, `filters`, `reasons`, `explanations`, `skipped`,
    /// `signals` (paragraph languages are left to the caller, whose offsets differ).
    pub fn to_json(&self) -> serde_json::Value {
        let signals: serde_json::Map<String, serde_json::Value> = self
            .signals
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .collect();
        serde_json::json!({
            "score": self.score,
            "language": self.language.code,
            "language_score": self.language.score,
            "kept": self.kept(),
            "filters": self.filters,
            "reasons": self.drop_reasons(),
            "explanations": self.explain(),
            "skipped": self.skipped,
            "signals": signals,
        })
    }
}

/// Options checked and compiled once, for judging many documents.
#[derive(Debug, Clone)]
pub struct QualityJudge {
    options: QualityOptions,
    presets: Vec<&'static str>,
    thresholds: Thresholds,
    flagged: HashSet<String>,
    c4: signals::C4Lines,
    /// The given language's code, `None` for `auto` (looked up once, not per document).
    given_language: Option<&'static str>,
}

impl QualityJudge {
    /// Checks `options` (preset and threshold names, language codes).
    pub fn new(options: &QualityOptions) -> Result<Self> {
        let presets = presets::check_presets(&options.presets)?;
        let thresholds = Thresholds::new(&options.thresholds)?;
        let supported = supported_languages();
        if options.language != "auto" && !supported.contains(&options.language.as_str()) {
            return Err(Error::invalid_option(
                "language",
                format!(
                    "`{}` is not `auto` or a supported ISO 639-1 code",
                    options.language
                ),
            ));
        }
        if let Some(bad) = options
            .languages
            .iter()
            .find(|l| !supported.contains(&l.as_str()))
        {
            return Err(Error::invalid_option(
                "languages",
                format!("`{bad}` is not a supported ISO 639-1 code"),
            ));
        }
        let c4 = thresholds.c4_lines();
        let given_language = (options.language != "auto").then(|| {
            supported
                .iter()
                .copied()
                .find(|c| *c == options.language)
                .unwrap_or(UNDETERMINED)
        });
        Ok(QualityJudge {
            given_language,
            presets,
            flagged: options
                .flagged_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            thresholds,
            c4,
            options: options.clone(),
        })
    }

    /// The report of `text`.
    pub fn judge(&self, text: &str) -> QualityReport {
        let o = &self.options;
        let language = match self.given_language {
            None => detect_language(text),
            Some(code) => Language { code, score: 1.0 },
        };
        // An unsure detection (short or mixed text) says little about which stop words to
        // expect: fall back to English, datatrove's only list.
        let rules_language = if language.score >= 0.5 {
            language.code
        } else {
            "en"
        };
        let has_stop_words = !stopwords::for_language(rules_language).is_empty();
        let input = signals::SignalInput {
            language: rules_language,
            flagged_words: &self.flagged,
            c4: &self.c4,
        };
        let (sig, c4) = signals::compute(text, &input);
        let short_len = self.thresholds.short_line_length();
        let short_line_ratio = if short_len == 30 {
            sig.short_line_ratio
        } else {
            let lines: Vec<&str> = text
                .split('\n')
                .filter(|l| !l.trim_matches(datatrove_words::is_py_space).is_empty())
                .collect();
            let short = lines
                .iter()
                .filter(|l| l.chars().count() <= short_len)
                .count();
            if lines.is_empty() {
                0.0
            } else {
                short as f64 / lines.len() as f64
            }
        };
        let facts = Facts {
            signals: &sig,
            c4: &c4,
            has_stop_words,
            short_line_ratio,
            empty: text.is_empty(),
            no_lines: text.trim_matches(datatrove_words::is_py_space).is_empty(),
        };
        let mut filters = BTreeMap::new();
        let mut failures = Vec::new();
        let mut skipped = Vec::new();
        if !has_stop_words && self.presets.contains(&"gopher_quality") {
            skipped.push(format!(
                "gopher_quality:min_stop_words (no stop-word list for `{rules_language}`)"
            ));
        }
        for &p in &self.presets {
            let failure = presets::judge(p, &facts, &self.thresholds);
            filters.insert(p.to_string(), failure.as_ref().map(Failure::reason));
            failures.extend(failure);
        }
        if !o.languages.is_empty() {
            let failure = if !o.languages.iter().any(|l| l == language.code) {
                Some(Failure {
                    preset: "language",
                    check: "languages",
                    value: f64::from(language.score),
                    limit: f64::from(o.min_language_score),
                })
            } else if language.score < o.min_language_score {
                Some(Failure {
                    preset: "language",
                    check: "min_language_score",
                    value: f64::from(language.score),
                    limit: f64::from(o.min_language_score),
                })
            } else {
                None
            };
            filters.insert("language".into(), failure.as_ref().map(Failure::reason));
            failures.extend(failure);
        }
        if let Some(max) = o.max_flagged_words_ratio {
            let failure = (sig.flagged_words_ratio > max).then_some(Failure {
                preset: "flagged_words",
                check: "max_ratio",
                value: sig.flagged_words_ratio,
                limit: max,
            });
            filters.insert(
                "flagged_words".into(),
                failure.as_ref().map(Failure::reason),
            );
            failures.extend(failure);
        }
        let paragraph_languages = if o.paragraph_languages {
            detect_language_per_paragraph(text)
        } else {
            Vec::new()
        };
        QualityReport {
            score: score::score(&sig, has_stop_words),
            language,
            signals: sig,
            filters,
            failures,
            skipped,
            paragraph_languages,
        }
    }
}

/// The quality report of `text`: signals, each preset's decision, score and language.
pub fn quality(text: &str, options: &QualityOptions) -> Result<QualityReport> {
    Ok(QualityJudge::new(options)?.judge(text))
}

/// [`quality`] of many texts, in parallel (rayon), the options checked once.
pub fn quality_batch<S: AsRef<str> + Sync>(
    texts: &[S],
    options: &QualityOptions,
) -> Result<Vec<QualityReport>> {
    use rayon::prelude::*;
    let judge = QualityJudge::new(options)?;
    Ok(texts.par_iter().map(|t| judge.judge(t.as_ref())).collect())
}

/// The text as datatrove's `C4QualityFilter` rewrites it: only the lines C4 keeps
/// (terminal punctuation, at least three words, no javascript or policy phrases,
/// citations removed), joined with `\n`. `c4` judges without rewriting; this is the
/// separate line filter.
pub fn c4_line_filter(text: &str, options: &QualityOptions) -> Result<String> {
    let t = Thresholds::new(&options.thresholds)?;
    let lines = signals::py_splitlines(text);
    Ok(signals::c4_lines(text, &lines, &t.c4_lines(), true, None)
        .kept
        .join("\n")
        .trim_matches(datatrove_words::is_py_space)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "The history of the city is long and full of change. It was founded by traders who came to the river with their goods. Over the centuries, the town grew into a major port, and its people built churches, markets and schools. Today it is known for its museums, which attract visitors from all over the world, and for a university that has taught students for more than five hundred years. Many of the old streets have kept their names, and walking through them is like reading a book about the past.";

    #[test]
    fn prose_is_kept_and_scores_high() {
        let r = quality(PROSE, &QualityOptions::default()).unwrap();
        assert!(r.kept(), "{:?}", r.explain());
        assert_eq!(r.language.code, "en");
        assert!(r.score > 80.0, "score {}", r.score);
        assert_eq!(r.filters.len(), 4);
    }

    #[test]
    fn thresholds_override_and_explain() {
        let mut o = QualityOptions::default();
        o.thresholds
            .insert("gopher_quality.min_doc_words".into(), Some(500.0));
        let r = quality(PROSE, &o).unwrap();
        assert_eq!(
            r.filters["gopher_quality"].as_deref(),
            Some("gopher_quality:min_doc_words")
        );
        assert!(r.explain()[0].contains("threshold 500"));
        // A null turns the check off.
        o.thresholds
            .insert("gopher_quality.min_doc_words".into(), None);
        assert!(quality(PROSE, &o).unwrap().kept());
        o.thresholds.insert("gopher_quality.nope".into(), Some(1.0));
        assert!(quality(PROSE, &o).is_err());
    }

    #[test]
    fn c4_rules() {
        let mut text = PROSE.to_string();
        text.push_str("\nThis site uses cookies to improve your experience.\n");
        let r = quality(&text, &QualityOptions::default()).unwrap();
        assert_eq!(r.filters["c4"], None);
        assert!(r.signals.policy_lines_ratio > 0.0);
        let lorem = format!("{PROSE}\nLorem ipsum dolor sit amet, consectetur.");
        let r = quality(&lorem, &QualityOptions::default()).unwrap();
        assert_eq!(r.filters["c4"].as_deref(), Some("c4:filter_lorem_ipsum"));
        let filtered = c4_line_filter(&text, &QualityOptions::default()).unwrap();
        assert_eq!(filtered, PROSE);
    }

    #[test]
    fn language_filter_and_skipped_checks() {
        let o = QualityOptions {
            languages: vec!["de".into()],
            ..Default::default()
        };
        let r = quality(PROSE, &o).unwrap();
        assert_eq!(r.filters["language"].as_deref(), Some("language:languages"));
        let fi = "Kaupungin historia on pitkä ja täynnä muutoksia. Sen perustivat kauppiaat.";
        let r = quality(fi, &QualityOptions::default()).unwrap();
        assert_eq!(r.language.code, "fi");
        assert!(r.skipped[0].contains("min_stop_words"));
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for t in ["", "\n\n\n", "...", "#", "{", "\u{2028}", "a\r\nb", "…"] {
            let r = quality(t, &QualityOptions::default()).unwrap();
            assert!(!r.kept());
            assert!((0.0..=100.0).contains(&r.score));
        }
    }

    #[test]
    fn signal_names_are_unique() {
        let names: HashSet<&str> = Signals::NAMES.iter().copied().collect();
        assert_eq!(names.len(), Signals::NAMES.len());
    }
}
