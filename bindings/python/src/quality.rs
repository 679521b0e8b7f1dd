//! Quality, language identification and dedup for Python: conversion only.

use corpusforge::offsets::{convert_ranges, OffsetUnit};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use super::{detached, options};

/// The quality of one document: `score` (0-100), `language` and `language_score`,
/// `signals` (name → number), `filters` (preset → None when kept, else the reason
/// "preset:threshold"), `reasons` (the drop reasons), `explanations` (one sentence per
/// reason), `skipped` (checks not run, and why), `kept`, and with
/// `paragraph_languages=True` the language of each paragraph as (start, end, code, score).
#[pyclass(frozen, get_all, module = "corpusforge")]
pub struct QualityReport {
    /// Composite score, 0-100.
    score: f32,
    /// ISO 639-1 code ("und" when undetermined).
    language: String,
    /// Language confidence, 0 to 1.
    language_score: f32,
    /// Every signal by name.
    signals: Py<PyDict>,
    /// Preset → None (kept) or the drop reason.
    filters: Py<PyDict>,
    /// Drop reasons, in preset order.
    reasons: Vec<String>,
    /// One sentence per drop reason.
    explanations: Vec<String>,
    /// Checks not run, and why.
    skipped: Vec<String>,
    /// True when no filter dropped the document.
    kept: bool,
    /// (start, end, code, score) per paragraph, str indices; empty unless asked.
    paragraph_languages: Vec<(usize, usize, String, f32)>,
}

#[pymethods]
impl QualityReport {
    fn __repr__(&self) -> String {
        format!(
            "QualityReport(score={:.1}, language={:?}, kept={}, reasons={:?})",
            self.score, self.language, self.kept, self.reasons
        )
    }

    /// The report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("score", self.score)?;
        d.set_item("language", &self.language)?;
        d.set_item("language_score", self.language_score)?;
        d.set_item("signals", self.signals.bind(py).copy()?)?;
        d.set_item("filters", self.filters.bind(py).copy()?)?;
        d.set_item("reasons", &self.reasons)?;
        d.set_item("explanations", &self.explanations)?;
        d.set_item("skipped", &self.skipped)?;
        d.set_item("kept", self.kept)?;
        d.set_item("paragraph_languages", &self.paragraph_languages)?;
        Ok(d)
    }

    /// A small HTML table for Jupyter: score, language, each preset's decision.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let mut rows = String::new();
        for (k, v) in self.filters.bind(py).iter() {
            let preset: String = k.extract()?;
            let verdict = if v.is_none() {
                "<span style=\"color:#1a7f37\">kept</span>".to_string()
            } else {
                format!(
                    "<span style=\"color:#cf222e\">dropped: {}</span>",
                    html_escape(&v.extract::<String>()?)
                )
            };
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{verdict}</td></tr>",
                html_escape(&preset)
            ));
        }
        Ok(format!(
            "<table><caption>Quality {:.1} / 100 · language {} ({:.2})</caption>{rows}</table>",
            self.score,
            html_escape(&self.language),
            self.language_score
        ))
    }
}

/// Escapes text for HTML (`&`, `<`, `>`, `\"`).
pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The signal names as Python strings, made once: a report's dict reuses them instead of
/// making fifty new strings per document.
fn signal_names(py: Python<'_>) -> &Vec<Py<PyString>> {
    static NAMES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
    NAMES.get_or_init(py, || {
        corpusforge::quality::Signals::NAMES
            .iter()
            .map(|n| PyString::intern(py, n).unbind())
            .collect()
    })
}

fn report_to_py(
    py: Python<'_>,
    text: &str,
    r: corpusforge::QualityReport,
) -> PyResult<QualityReport> {
    let signals = PyDict::new(py);
    for (k, (_, v)) in signal_names(py).iter().zip(r.signals.iter()) {
        signals.set_item(k.bind(py), v)?;
    }
    let filters = PyDict::new(py);
    for (k, v) in &r.filters {
        filters.set_item(k, v)?;
    }
    let ranges: Vec<_> = r
        .paragraph_languages
        .iter()
        .map(|(s, _)| s.clone())
        .collect();
    let at = convert_ranges(text, &ranges, OffsetUnit::CodePoints);
    Ok(QualityReport {
        score: r.score,
        language: r.language.code.to_string(),
        language_score: r.language.score,
        signals: signals.unbind(),
        filters: filters.unbind(),
        reasons: r.drop_reasons(),
        explanations: r.explain(),
        skipped: r.skipped.clone(),
        kept: r.kept(),
        paragraph_languages: r
            .paragraph_languages
            .iter()
            .zip(at)
            .map(|((_, l), (a, b))| (a, b, l.code.to_string(), l.score))
            .collect(),
    })
}

/// quality(text, **options) -> QualityReport
///
/// Signals, datatrove's presets (gopher_quality, gopher_repetition, c4, fineweb), a 0-100
/// score and the language. Options: `presets`, `thresholds` ({"preset.name": value or
/// None}), `language` ("auto"), `languages` (allow-list), `min_language_score`,
/// `flagged_words`, `max_flagged_words_ratio`, `paragraph_languages`.
#[pyfunction]
#[pyo3(signature = (text, **options))]
pub fn quality<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<QualityReport> {
    let opts: corpusforge::QualityOptions = self::options(py, options)?;
    let r = detached(py, || corpusforge::quality(&text, &opts))?;
    report_to_py(py, &text, r)
}

/// quality_batch(texts, **options) -> list[QualityReport]
///
/// `quality` over many texts, in parallel, the options checked once.
#[pyfunction]
#[pyo3(signature = (texts, **options))]
pub fn quality_batch<'py>(
    py: Python<'py>,
    texts: Vec<PyBackedStr>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts: corpusforge::QualityOptions = self::options(py, options)?;
    let reports = detached(py, || corpusforge::quality::quality_batch(&texts, &opts))?;
    let items = texts
        .iter()
        .zip(reports)
        .map(|(t, r)| Py::new(py, report_to_py(py, t, r)?))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// detect_language(text) -> tuple[str, float]
///
/// The ISO 639-1 code of the text's language ("und" when it has no letters) and a
/// confidence from 0 to 1.
#[pyfunction]
pub fn detect_language(py: Python<'_>, text: PyBackedStr) -> PyResult<(String, f32)> {
    let l = detached(py, || Ok(corpusforge::detect_language(&text)))?;
    Ok((l.code.to_string(), l.score))
}

/// dedup(texts, *, scores=None, text_column="text", **options) -> list[int | None]
///
/// For each text, None when it is kept, or the index of the kept text it duplicates
/// (exact copies and near copies by MinHash LSH). `texts` is a list of str or a table
/// with a `column(name)` method (a pyarrow Table), read from `text_column`. With
/// `scores`, each cluster keeps its highest-scoring text. Options: `exact`, `near`,
/// `ngram`, `bands`, `rows`, `threshold`, `seed`, `preset` ("datatrove").
#[pyfunction]
#[pyo3(signature = (texts, *, scores = None, text_column = "text", **options))]
pub fn dedup<'py>(
    py: Python<'py>,
    texts: Bound<'py, PyAny>,
    scores: Option<Vec<f32>>,
    text_column: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Vec<Option<usize>>> {
    let opts: corpusforge::DedupOptions = self::options(py, options)?;
    let texts: Vec<PyBackedStr> = if texts.hasattr("column")? && !texts.is_instance_of::<PyList>() {
        texts
            .call_method1("column", (text_column,))?
            .call_method0("to_pylist")?
            .extract()?
    } else {
        texts.extract()?
    };
    let found = detached(py, || {
        let refs: Vec<&str> = texts.iter().map(|t| &**t).collect();
        corpusforge::dedup::dedup_with_scores(&refs, scores.as_deref(), &opts)
    })?;
    Ok(found.into_iter().map(|d| d.map(|d| d.of)).collect())
}

/// minhash_signature(text, **options) -> list[int] | None
///
/// The MinHash signature (bands × rows 32-bit values) of the text, None when it has no
/// words; with the dedup options (`ngram`, `bands`, `rows`, `seed`, `preset`).
#[pyfunction]
#[pyo3(signature = (text, **options))]
pub fn minhash_signature<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Option<Vec<u32>>> {
    let opts: corpusforge::DedupOptions = self::options(py, options)?;
    detached(py, || Ok(opts.resolved()?.hasher().signature(&text)))
}

/// minhash_band_keys(signature, **options) -> list[int]
///
/// One 64-bit key per LSH band of a signature: texts sharing a key are near-duplicate
/// candidates. A distributed engine groups by these.
#[pyfunction]
#[pyo3(signature = (signature, **options))]
pub fn minhash_band_keys<'py>(
    py: Python<'py>,
    signature: Vec<u32>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Vec<u64>> {
    let opts: corpusforge::DedupOptions = self::options(py, options)?;
    detached(py, || corpusforge::dedup::band_keys(&signature, &opts))
}

/// decontaminate(texts, eval_texts, *, ngram=13) -> list[bool]
///
/// For each text, whether it shares a word n-gram with any evaluation text (lower-cased,
/// digits folded, punctuation dropped), so benchmarks do not leak into training data.
#[pyfunction]
#[pyo3(
    signature = (texts, eval_texts, *, ngram = corpusforge::dedup::DECONTAMINATION_NGRAM),
    text_signature = "(texts, eval_texts, *, ngram=13)"
)]
pub fn decontaminate(
    py: Python<'_>,
    texts: Vec<PyBackedStr>,
    eval_texts: Vec<PyBackedStr>,
    ngram: usize,
) -> PyResult<Vec<bool>> {
    detached(py, || {
        Ok(corpusforge::dedup::decontaminate(
            &texts,
            &eval_texts,
            ngram,
        ))
    })
}
