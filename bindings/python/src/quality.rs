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
///
/// The Python values are made when first read, not when the report is: a batch of
/// thousands of reports whose callers read only `kept` or `score` does not pay for fifty
/// dict entries and formatted explanations per document.
#[pyclass(frozen, module = "corpusforge")]
pub struct QualityReport {
    report: corpusforge::QualityReport,
    /// (start, end, code, score) per paragraph, str indices; empty unless asked.
    paragraph_languages: Vec<(usize, usize, String, f32)>,
    signals: PyOnceLock<Py<PyDict>>,
    filters: PyOnceLock<Py<PyDict>>,
}

#[pymethods]
impl QualityReport {
    /// Composite score, 0-100.
    #[getter]
    fn score(&self) -> f32 {
        self.report.score
    }

    /// ISO 639-1 code ("und" when undetermined).
    #[getter]
    fn language(&self) -> &'static str {
        self.report.language.code
    }

    /// Language confidence, 0 to 1.
    #[getter]
    fn language_score(&self) -> f32 {
        self.report.language.score
    }

    /// Every signal by name (the same dict on every read).
    #[getter]
    fn signals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        if let Some(d) = self.signals.get(py) {
            return Ok(d.bind(py).clone());
        }
        let d = PyDict::new(py);
        for (k, (_, v)) in signal_names(py).iter().zip(self.report.signals.iter()) {
            d.set_item(k.bind(py), v)?;
        }
        Ok(self.signals.get_or_init(py, || d.unbind()).bind(py).clone())
    }

    /// Preset → None (kept) or the drop reason (the same dict on every read).
    #[getter]
    fn filters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        if let Some(d) = self.filters.get(py) {
            return Ok(d.bind(py).clone());
        }
        let d = PyDict::new(py);
        for (k, v) in &self.report.filters {
            d.set_item(k, v)?;
        }
        Ok(self.filters.get_or_init(py, || d.unbind()).bind(py).clone())
    }

    /// Drop reasons, in preset order.
    #[getter]
    fn reasons(&self) -> Vec<String> {
        self.report.drop_reasons()
    }

    /// One sentence per drop reason.
    #[getter]
    fn explanations(&self) -> Vec<String> {
        self.report.explain()
    }

    /// Checks not run, and why.
    #[getter]
    fn skipped(&self) -> Vec<String> {
        self.report.skipped.clone()
    }

    /// True when no filter dropped the document.
    #[getter]
    fn kept(&self) -> bool {
        self.report.kept()
    }

    /// (start, end, code, score) per paragraph, str indices; empty unless asked.
    #[getter]
    fn paragraph_languages(&self) -> Vec<(usize, usize, String, f32)> {
        self.paragraph_languages.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "QualityReport(score={:.1}, language={:?}, kept={}, reasons={:?})",
            self.report.score,
            self.report.language.code,
            if self.report.kept() { "True" } else { "False" },
            self.report.drop_reasons()
        )
    }

    /// The report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("score", self.score())?;
        d.set_item("language", self.language())?;
        d.set_item("language_score", self.language_score())?;
        d.set_item("signals", self.signals(py)?.copy()?)?;
        d.set_item("filters", self.filters(py)?.copy()?)?;
        d.set_item("reasons", self.reasons())?;
        d.set_item("explanations", self.explanations())?;
        d.set_item("skipped", self.skipped())?;
        d.set_item("kept", self.kept())?;
        d.set_item("paragraph_languages", self.paragraph_languages())?;
        Ok(d)
    }

    /// A small HTML table for Jupyter: score, language, each preset's decision.
    fn _repr_html_(&self) -> String {
        let mut rows = String::new();
        for (preset, reason) in &self.report.filters {
            let verdict = match reason {
                None => "<span style=\"color:#1a7f37\">kept</span>".to_string(),
                Some(r) => format!(
                    "<span style=\"color:#cf222e\">dropped: {}</span>",
                    html_escape(r)
                ),
            };
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{verdict}</td></tr>",
                html_escape(preset)
            ));
        }
        format!(
            "<table><caption>Quality {:.1} / 100 · language {} ({:.2})</caption>{rows}</table>",
            self.report.score,
            html_escape(self.report.language.code),
            self.report.language.score
        )
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

fn report_to_py(text: &str, report: corpusforge::QualityReport) -> QualityReport {
    let ranges: Vec<_> = report
        .paragraph_languages
        .iter()
        .map(|(s, _)| s.clone())
        .collect();
    let at = convert_ranges(text, &ranges, OffsetUnit::CodePoints);
    let paragraph_languages = report
        .paragraph_languages
        .iter()
        .zip(at)
        .map(|((_, l), (a, b))| (a, b, l.code.to_string(), l.score))
        .collect();
    QualityReport {
        report,
        paragraph_languages,
        signals: PyOnceLock::new(),
        filters: PyOnceLock::new(),
    }
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
    Ok(report_to_py(&text, r))
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
        .map(|(t, r)| Py::new(py, report_to_py(t, r)))
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
