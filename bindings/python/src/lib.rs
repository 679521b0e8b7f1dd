//! Python bindings for corpusforge (PyO3): the native module `corpusforge._corpusforge`.
//! Conversion and error mapping only: every option's default and every check lives in the
//! core crate. Errors are raised as the classes of `corpusforge.errors`, chosen by the core
//! error's kind; a Rust panic becomes `InternalError`, never PyO3's `PanicException`.

mod arrow_io;
mod pipeline;
mod quality;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use corpusforge::offsets::{convert_ranges, OffsetUnit};
use corpusforge::StageOptions;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};

/// The Python class name of each core error kind (see `corpusforge/errors.py`).
fn class_name(kind: corpusforge::ErrorKind) -> &'static str {
    use corpusforge::ErrorKind as K;
    match kind {
        K::UnsupportedFormat => "UnsupportedFormatError",
        K::CorruptDocument => "CorruptDocumentError",
        K::Encrypted => "EncryptedDocumentError",
        K::LimitExceeded => "LimitExceededError",
        K::InvalidOption => "InvalidOptionError",
        K::Io => "CorpusforgeIOError",
        K::Cancelled => "CancelledError",
        _ => "InternalError",
    }
}

/// Converts a core error into an instance of the matching `corpusforge.errors` class.
fn to_py(py: Python<'_>, e: corpusforge::Error) -> PyErr {
    let name = class_name(e.kind());
    let msg = e.to_string();
    let made = py
        .import("corpusforge.errors")
        .and_then(|m| m.getattr(name))
        .and_then(|cls| cls.call1((msg.clone(),)));
    match made {
        Ok(obj) => PyErr::from_value(obj),
        Err(_) => PyRuntimeError::new_err(msg),
    }
}

/// Keyword arguments as a JSON object, for the core's option parsers.
fn kwargs_to_json(kwargs: Option<&Bound<'_, PyDict>>) -> corpusforge::Result<serde_json::Value> {
    let mut map = serde_json::Map::new();
    if let Some(d) = kwargs {
        for (k, v) in d.iter() {
            let key: String = k.extract().map_err(|_| {
                corpusforge::Error::invalid_option("options", "option names must be strings")
            })?;
            let val = py_to_json(&v).ok_or_else(|| {
                corpusforge::Error::invalid_option(
                    key.clone(),
                    format!(
                        "unsupported value type {}",
                        v.get_type()
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    ),
                )
            })?;
            map.insert(key, val);
        }
    }
    Ok(serde_json::Value::Object(map))
}

fn py_to_json(v: &Bound<'_, PyAny>) -> Option<serde_json::Value> {
    if v.is_none() {
        Some(serde_json::Value::Null)
    } else if v.is_instance_of::<PyBool>() {
        v.extract::<bool>().ok().map(serde_json::Value::Bool)
    } else if v.is_instance_of::<PyInt>() {
        v.extract::<i64>().ok().map(Into::into)
    } else if v.is_instance_of::<PyFloat>() {
        v.extract::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
    } else if v.is_instance_of::<PyString>() {
        v.extract::<String>().ok().map(serde_json::Value::String)
    } else if let Ok(d) = v.cast::<PyDict>() {
        let mut m = serde_json::Map::new();
        for (k, x) in d.iter() {
            m.insert(k.extract::<String>().ok()?, py_to_json(&x)?);
        }
        Some(serde_json::Value::Object(m))
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<pyo3::types::PyTuple>() {
        let items: Option<Vec<_>> = v
            .try_iter()
            .ok()?
            .map(|x| x.ok().and_then(|x| py_to_json(&x)))
            .collect();
        items.map(serde_json::Value::Array)
    } else {
        None
    }
}

fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        serde_json::Value::String(s) => PyString::new(py, s).into_any(),
        serde_json::Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| json_to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        serde_json::Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// Keyword arguments parsed into a core options struct (unknown names and bad values raise
/// `InvalidOptionError` naming the option).
fn options<T: StageOptions>(py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    kwargs_to_json(kwargs)
        .and_then(T::from_json)
        .map_err(|e| to_py(py, e))
}

/// Runs `f` without the GIL, a panic becoming `InternalError`.
fn detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> corpusforge::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| corpusforge::catch_panic(f))
        .map_err(|e| to_py(py, e))
}

/// A piece of text with its place: `text[start:end]` (str indices) is `text`.
#[pyclass(frozen, get_all, module = "corpusforge")]
struct Span {
    /// The piece's text.
    text: String,
    /// Start, as a `str` index into the input.
    start: usize,
    /// End (exclusive), as a `str` index into the input.
    end: usize,
}

#[pymethods]
impl Span {
    fn __repr__(&self) -> String {
        format!(
            "Span(start={}, end={}, text={:?})",
            self.start,
            self.end,
            preview(&self.text)
        )
    }
    fn __eq__(&self, other: &Self) -> bool {
        (self.start, self.end, &self.text) == (other.start, other.end, &other.text)
    }
    /// The span as a dict (`text`, `start`, `end`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        Ok(d)
    }
}

/// One chunk: `text`, its place `start`/`end` (str indices) and `n_tokens`.
#[pyclass(frozen, get_all, module = "corpusforge")]
struct Chunk {
    /// The chunk's text.
    text: String,
    /// Start, as a `str` index into the input.
    start: usize,
    /// End (exclusive), as a `str` index into the input.
    end: usize,
    /// Tokens in the chunk, by the configured tokenizer.
    n_tokens: usize,
}

#[pymethods]
impl Chunk {
    fn __repr__(&self) -> String {
        format!(
            "Chunk(start={}, end={}, n_tokens={}, text={:?})",
            self.start,
            self.end,
            self.n_tokens,
            preview(&self.text)
        )
    }
    fn __eq__(&self, other: &Self) -> bool {
        (self.start, self.end, self.n_tokens, &self.text)
            == (other.start, other.end, other.n_tokens, &other.text)
    }
    /// The chunk as a dict (`text`, `start`, `end`, `n_tokens`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("n_tokens", self.n_tokens)?;
        Ok(d)
    }
}

/// The first characters of a text, for reprs.
fn preview(s: &str) -> String {
    let mut p: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        p.push('…');
    }
    p
}

/// Ranges as a list of `str` (or of `Span` when `spans`).
fn pieces<'py>(
    py: Python<'py>,
    text: &str,
    ranges: Vec<std::ops::Range<usize>>,
    spans: bool,
) -> PyResult<Bound<'py, PyList>> {
    if !spans {
        return PyList::new(py, ranges.iter().map(|r| &text[r.clone()]));
    }
    let cps = convert_ranges(text, &ranges, OffsetUnit::CodePoints);
    let items = ranges
        .iter()
        .zip(cps)
        .map(|(r, (start, end))| {
            Py::new(
                py,
                Span {
                    text: text[r.clone()].to_string(),
                    start,
                    end,
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// split_sentences(text, *, spans=False, **options) -> list[str] | list[Span]
///
/// Splits text into sentences by rules (abbreviations, initials, numbers, quotes, ellipses,
/// lists, CJK). Options: `language` ("en" default; de, fr, es, it, pt, nl, ru, pl, "auto").
#[pyfunction]
#[pyo3(signature = (text, *, spans = false, **options))]
fn split_sentences<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    spans: bool,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts: corpusforge::SentenceOptions = self::options(py, options)?;
    if spans {
        let ranges = detached(py, || Ok(corpusforge::split_sentences(&text, &opts)))?;
        return pieces(py, &text, ranges, spans);
    }
    // The strings are built batch by batch while the core splits the next batches on its
    // pool: building them costs about as much as finding them.
    let mut items: Vec<Bound<'py, PyString>> = Vec::with_capacity(text.len() / 64 + 1);
    corpusforge::catch_panic(|| {
        corpusforge::split_sentences_batched(&text, &opts, |batch| {
            items.extend(batch.iter().map(|r| PyString::new(py, &text[r.clone()])));
        });
        Ok(())
    })
    .map_err(|e| to_py(py, e))?;
    PyList::new(py, items)
}

/// split_paragraphs(text, *, spans=False) -> list[str] | list[Span]
///
/// Splits text into paragraphs at blank lines.
#[pyfunction]
#[pyo3(signature = (text, *, spans = false))]
fn split_paragraphs<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    spans: bool,
) -> PyResult<Bound<'py, PyList>> {
    let ranges = detached(py, || Ok(corpusforge::split_paragraphs(&text)))?;
    pieces(py, &text, ranges, spans)
}

/// chunk(text, **options) -> list[Chunk]
///
/// Cuts text into chunks that never exceed `max_chars` or `max_tokens` (give exactly one),
/// at the strongest boundary that fits; `overlap`, `min_chars`/`min_tokens`, `tokenizer`
/// ("estimate", "cl100k_base", "o200k_base" or a tokenizer.json path) and `language`.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn chunk<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts: corpusforge::ChunkOptions = self::options(py, options)?;
    let chunks = detached(py, || corpusforge::chunk(&text, &opts))?;
    let ranges: Vec<_> = chunks.iter().map(|c| c.span.clone()).collect();
    let cps = convert_ranges(&text, &ranges, OffsetUnit::CodePoints);
    let items = chunks
        .into_iter()
        .zip(cps)
        .map(|(c, (start, end))| {
            Py::new(
                py,
                Chunk {
                    text: c.text,
                    start,
                    end,
                    n_tokens: c.n_tokens,
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// count_tokens(text, tokenizer="estimate") -> int
///
/// Tokens in text: "estimate" (built in), "cl100k_base", "o200k_base", or a path to a
/// Hugging Face tokenizer.json.
#[pyfunction]
#[pyo3(signature = (text, tokenizer = "estimate"))]
fn count_tokens(py: Python<'_>, text: PyBackedStr, tokenizer: &str) -> PyResult<usize> {
    let spec = tokenizer.to_string();
    detached(py, || corpusforge::count_tokens(&text, &spec))
}

/// count_words(text) -> int
///
/// Words by Unicode word boundaries (UAX #29), as every corpusforge stage counts them.
#[pyfunction]
fn count_words(py: Python<'_>, text: PyBackedStr) -> PyResult<usize> {
    detached(py, || Ok(corpusforge::count_words(&text)))
}

/// normalize(text, **options) -> str
///
/// Repairs and normalizes text: mojibake, HTML entities, control characters, Unicode form,
/// line endings and whitespace. Options are the fields of the core's `NormalizeOptions`
/// (`fix_mojibake=True`, `unicode_form="nfc"`, `max_blank_lines=2`, ...). The GIL is
/// released while it runs.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn normalize<'py>(
    py: Python<'py>,
    text: Bound<'py, PyString>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyString>> {
    let opts: corpusforge::NormalizeOptions = self::options(py, options)?;
    let src: PyBackedStr = text.extract()?;
    let changed = py
        .detach(|| {
            corpusforge::catch_panic(|| {
                Ok(match corpusforge::normalize(&src, &opts) {
                    std::borrow::Cow::Borrowed(_) => None,
                    std::borrow::Cow::Owned(s) => Some(s),
                })
            })
        })
        .map_err(|e| to_py(py, e))?;
    // Unchanged text returns the very same (immutable) str object: no copy.
    Ok(match changed {
        Some(s) => PyString::new(py, &s),
        None => text,
    })
}

/// normalize_with_report(text, **options) -> tuple[str, dict[str, int | bool]]
///
/// Like `normalize`, and also returns how many changes each step made.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn normalize_with_report<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<(String, Bound<'py, PyAny>)> {
    let opts: corpusforge::NormalizeOptions = self::options(py, options)?;
    let (out, report) = py
        .detach(|| {
            corpusforge::catch_panic(|| {
                let (out, report) = corpusforge::normalize_with_report(&text, &opts);
                Ok((out.into_owned(), report))
            })
        })
        .map_err(|e| to_py(py, e))?;
    let report = serde_json::to_value(report).map_err(|e| {
        to_py(
            py,
            corpusforge::Error::Internal {
                detail: e.to_string(),
            },
        )
    })?;
    Ok((out, json_to_py(py, &report)?))
}

/// A structural unit of a document: `kind` ("heading", "paragraph", "list_item", "table",
/// "code", "quote", "header", "footer", "footnote", "caption", "comment", "note", ...),
/// `text`, `level` (headings), `page`, and `start`/`end` (str indices into the document's
/// text; `None` for blocks left out of it).
#[pyclass(frozen, get_all, module = "corpusforge")]
struct Block {
    /// What kind of block this is.
    kind: String,
    /// Heading level (1 = top), for headings.
    level: Option<u8>,
    /// The block's text.
    text: String,
    /// 1-based page, slide or sheet, where known.
    page: Option<u32>,
    /// Start in the document's text (str index), or None.
    start: Option<usize>,
    /// End (exclusive) in the document's text (str index), or None.
    end: Option<usize>,
}

#[pymethods]
impl Block {
    fn __repr__(&self) -> String {
        match self.level {
            Some(l) => format!(
                "Block(kind={:?}, level={l}, text={:?})",
                self.kind,
                preview(&self.text)
            ),
            None => format!(
                "Block(kind={:?}, text={:?})",
                self.kind,
                preview(&self.text)
            ),
        }
    }
    /// The block as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", &self.kind)?;
        if let Some(l) = self.level {
            d.set_item("level", l)?;
        }
        d.set_item("text", &self.text)?;
        d.set_item("page", self.page)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        Ok(d)
    }
}

/// An extracted document: `text` (reading order), `blocks`, `pages`, `metadata` (dict:
/// title, author, created, modified, language, page_count, producer, extra) and `source`
/// (dict: name, format, byte_len, sha256; sha256 is None unless the `sha256` option asked
/// for it).
///
/// The core's document is kept as it is, and each field becomes a Python object the first
/// time it is read: a caller who wants only the text does not pay for building every
/// block, which cost a fifth of extracting a small office file.
#[pyclass(frozen, module = "corpusforge")]
struct Document {
    doc: corpusforge::Document,
    blocks: PyOnceLock<Py<PyList>>,
    metadata: PyOnceLock<Py<PyDict>>,
    source: PyOnceLock<Py<PyDict>>,
}

impl Document {
    fn new(doc: corpusforge::Document) -> Self {
        Document {
            doc,
            blocks: PyOnceLock::new(),
            metadata: PyOnceLock::new(),
            source: PyOnceLock::new(),
        }
    }

    /// The blocks as `Block` objects, with str offsets into the text.
    fn blocks_list<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyList>> {
        let list = self.blocks.get_or_try_init(py, || -> PyResult<_> {
            let d = &self.doc;
            let ranges: Vec<std::ops::Range<usize>> = d
                .blocks
                .iter()
                .map(|b| b.span.clone().unwrap_or(0..0))
                .collect();
            let cps = convert_ranges(&d.text, &ranges, OffsetUnit::CodePoints);
            let blocks = PyList::empty(py);
            for (b, (start, end)) in d.blocks.iter().zip(cps) {
                let placed = b.span.is_some();
                blocks.append(Py::new(
                    py,
                    Block {
                        kind: b.kind.as_str().to_string(),
                        level: b.kind.level(),
                        text: b.text.clone(),
                        page: b.page,
                        start: placed.then_some(start),
                        end: placed.then_some(end),
                    },
                )?)?;
            }
            Ok(blocks.unbind())
        })?;
        Ok(list.bind(py))
    }

    /// `value` (metadata or source) as a dict, made once.
    fn dict<'py>(
        py: Python<'py>,
        cell: &PyOnceLock<Py<PyDict>>,
        value: impl FnOnce() -> serde_json::Result<serde_json::Value>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let dict = cell.get_or_try_init(py, || -> PyResult<_> {
            let v = value().map_err(|e| {
                to_py(
                    py,
                    corpusforge::Error::Internal {
                        detail: e.to_string(),
                    },
                )
            })?;
            Ok(json_to_py(py, &v)?.cast_into::<PyDict>()?.unbind())
        })?;
        Ok(dict.bind(py).clone())
    }
}

#[pymethods]
impl Document {
    /// The whole text in reading order; blocks joined by blank lines.
    #[getter]
    fn text(&self) -> &str {
        &self.doc.text
    }
    /// Headings, paragraphs, list items, tables, ... in reading order.
    #[getter]
    fn blocks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Ok(self.blocks_list(py)?.clone())
    }
    /// Each page's (slide's, sheet's) text, where the format has pages.
    #[getter]
    fn pages(&self) -> Vec<String> {
        self.doc.pages.clone()
    }
    /// Title, author, dates, ...
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        Self::dict(py, &self.metadata, || {
            serde_json::to_value(&self.doc.metadata)
        })
    }
    /// Name, format, size and hash of the input.
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        Self::dict(py, &self.source, || serde_json::to_value(&self.doc.source))
    }

    fn __repr__(&self) -> String {
        format!(
            "Document(format={:?}, name={:?}, blocks={}, text={:?})",
            self.doc.source.format,
            self.doc.source.name,
            self.doc.blocks.len(),
            preview(&self.doc.text)
        )
    }
    /// A preview for Jupyter: the source, the block and page counts, and the first 3,000
    /// characters of the text with the PII the core finds in them highlighted (the kind on
    /// hover), so what masking would remove is visible before a run.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        const PREVIEW: usize = 3000;
        let text = &self.doc.text;
        let end = text
            .char_indices()
            .nth(PREVIEW)
            .map_or(text.len(), |(i, _)| i);
        let head = &text[..end];
        let matches = detached(py, || {
            corpusforge::find_pii(head, &corpusforge::PiiOptions::default())
        })?;
        let mut body = String::new();
        let mut at = 0;
        for m in &matches {
            if m.span.start < at {
                continue; // overlaps the previous highlight
            }
            body.push_str(&quality::html_escape(&head[at..m.span.start]));
            body.push_str(&format!(
                "<mark title=\"{}\" style=\"background:#ffd8b5\">{}</mark>",
                quality::html_escape(&m.kind),
                quality::html_escape(&head[m.span.clone()])
            ));
            at = m.span.end;
        }
        body.push_str(&quality::html_escape(&head[at..]));
        let more = if end < text.len() {
            format!(
                "<div style=\"color:#57606a\">… {} more characters</div>",
                text[end..].chars().count()
            )
        } else {
            String::new()
        };
        Ok(format!(
            "<div><div><b>{}</b> {} · {} blocks · {} pages · {} PII in the preview</div>\
             <pre style=\"white-space:pre-wrap;max-height:30em;overflow:auto\">{body}</pre>{more}</div>",
            quality::html_escape(&self.doc.source.format),
            quality::html_escape(&self.doc.source.name),
            self.doc.blocks.len(),
            self.doc.pages.len(),
            matches.len(),
        ))
    }

    /// The blocks that are part of the text, as Markdown.
    fn to_markdown(&self) -> String {
        self.doc.to_markdown()
    }
    /// The document as a dict (blocks as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.doc.text)?;
        let blocks = PyList::empty(py);
        for b in self.blocks_list(py)?.iter() {
            blocks.append(b.cast::<Block>()?.get().to_dict(py)?)?;
        }
        d.set_item("blocks", blocks)?;
        d.set_item("pages", &self.doc.pages)?;
        d.set_item("metadata", self.metadata(py)?.copy()?)?;
        d.set_item("source", self.source(py)?.copy()?)?;
        Ok(d)
    }
}

/// extract(path_or_bytes, *, hint=None, **options) -> Document
///
/// Extracts a document's text (reading order), structure and metadata from a path
/// (`str` or `os.PathLike`) or from `bytes` (`hint` names the file or its extension where
/// the bytes cannot tell). Options are the fields of the core's `ExtractOptions`
/// (`include_headers_footers=False`, `table_format="markdown"`, `max_bytes=...`, ...).
/// The GIL is released while it runs.
#[pyfunction]
#[pyo3(signature = (source, *, hint = None, **options))]
fn extract<'py>(
    py: Python<'py>,
    source: Bound<'py, PyAny>,
    hint: Option<String>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Document> {
    let opts: corpusforge::ExtractOptions = self::options(py, options)?;
    let doc = if let Ok(bytes) = source.extract::<pyo3::pybacked::PyBackedBytes>() {
        detached(py, || {
            corpusforge::extract_bytes(&bytes, hint.as_deref(), &opts)
        })?
    } else {
        let path: std::path::PathBuf = source.extract()?;
        detached(py, || corpusforge::extract(&path, &opts))?
    };
    Ok(Document::new(doc))
}

/// A PII match: `kind` ("EMAIL", "CREDIT_CARD", ...), `start`/`end` (str indices into
/// the input), `score`, `text`, the `rule` that fired, and for masking results
/// `masked_start`/`masked_end` (str indices into the masked text).
#[pyclass(frozen, get_all, module = "corpusforge")]
struct PiiMatch {
    /// What was found.
    kind: String,
    /// Start in the input (str index).
    start: usize,
    /// End (exclusive) in the input (str index).
    end: usize,
    /// Confidence, 0 to 1.
    score: f64,
    /// The matched text.
    text: String,
    /// The rule that fired.
    rule: String,
    /// Start of the replacement in the masked text (str index), for `mask_pii`.
    masked_start: Option<usize>,
    /// End of the replacement in the masked text, for `mask_pii`.
    masked_end: Option<usize>,
}

#[pymethods]
impl PiiMatch {
    fn __repr__(&self) -> String {
        format!(
            "PiiMatch(kind={:?}, start={}, end={}, score={:.2}, rule={:?})",
            self.kind, self.start, self.end, self.score, self.rule
        )
    }
    /// The match as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", &self.kind)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("score", self.score)?;
        d.set_item("text", &self.text)?;
        d.set_item("rule", &self.rule)?;
        if self.masked_start.is_some() {
            d.set_item("masked_start", self.masked_start)?;
            d.set_item("masked_end", self.masked_end)?;
        }
        Ok(d)
    }
}

/// The result of `mask_pii`: the masked `text`, the `matches`, the document's
/// `sensitivity` ("public", "internal", "confidential", "restricted"), whether it was
/// `dropped`, and `counts` per kind.
#[pyclass(frozen, get_all, module = "corpusforge")]
struct Masked {
    /// The masked text ("" when dropped).
    text: String,
    /// The matches, with offsets in the input and in the masked text.
    matches: Py<PyList>,
    /// The highest sensitivity level among the kinds found.
    sensitivity: String,
    /// Whether a `drop_document` strategy applied.
    dropped: bool,
    /// Matches per kind.
    counts: Py<PyDict>,
}

#[pymethods]
impl Masked {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Masked(sensitivity={:?}, dropped={}, matches={}, text={:?})",
            self.sensitivity,
            self.dropped,
            self.matches.bind(py).len(),
            preview(&self.text)
        )
    }
}

fn pii_match(
    text: &str,
    m: &corpusforge::PiiMatch,
    at: (usize, usize),
    masked: Option<(usize, usize)>,
) -> PiiMatch {
    PiiMatch {
        kind: m.kind.clone(),
        start: at.0,
        end: at.1,
        score: m.score,
        text: text[m.span.clone()].to_string(),
        rule: m.rule.clone(),
        masked_start: masked.map(|x| x.0),
        masked_end: masked.map(|x| x.1),
    }
}

/// find_pii(text, **options) -> list[PiiMatch]
///
/// Finds PII (emails, phones, cards, IBANs, SSNs, IPs, MACs, credential URLs, secrets,
/// dates of birth, names, Aadhaar, PAN, NINO) validated by checksums, number plans and
/// context. Options: `kinds`, `min_score`, `allow`, `deny`, `custom` (list of dicts with
/// `name`, `kind`, `pattern`, optional `validator`, `context`, `score`).
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn find_pii<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts: corpusforge::PiiOptions = self::options(py, options)?;
    let found = detached(py, || corpusforge::find_pii(&text, &opts))?;
    let ranges: Vec<_> = found.iter().map(|m| m.span.clone()).collect();
    let at = convert_ranges(&text, &ranges, OffsetUnit::CodePoints);
    let items = found
        .iter()
        .zip(at)
        .map(|(m, a)| Py::new(py, pii_match(&text, m, a, None)))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// mask_pii(text, **options) -> Masked
///
/// Finds PII and masks it: `strategy` ("replace" default, "redact", "mask", "hash",
/// "fake", "drop_document"), `strategies` per kind, `template` ("[{kind}]"), `keep_last`,
/// `secret` (for "hash"; else CORPUSFORGE_PII_SECRET), `hash_digits`, `sensitivity` per
/// kind, and the options of `find_pii`.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn mask_pii<'py>(
    py: Python<'py>,
    text: PyBackedStr,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Masked> {
    let opts: corpusforge::PiiOptions = self::options(py, options)?;
    let m = detached(py, || corpusforge::mask_pii(&text, &opts))?;
    let ranges: Vec<_> = m.matches.iter().map(|x| x.found.span.clone()).collect();
    let masked: Vec<_> = m.matches.iter().map(|x| x.masked_span.clone()).collect();
    let at = convert_ranges(&text, &ranges, OffsetUnit::CodePoints);
    let at_masked = convert_ranges(&m.text, &masked, OffsetUnit::CodePoints);
    let items = m
        .matches
        .iter()
        .zip(at.into_iter().zip(at_masked))
        .map(|(x, (a, b))| Py::new(py, pii_match(&text, &x.found, a, Some(b))))
        .collect::<PyResult<Vec<_>>>()?;
    let counts = PyDict::new(py);
    for (k, v) in &m.counts {
        counts.set_item(k, v)?;
    }
    Ok(Masked {
        text: m.text,
        matches: PyList::new(py, items)?.unbind(),
        sensitivity: m.sensitivity.as_str().to_string(),
        dropped: m.dropped,
        counts: counts.unbind(),
    })
}

/// extract_all(path_or_bytes, *, hint=None, **options) -> list[Document | CorpusforgeError]
///
/// Every document in a file: the document itself, or each member of a ZIP, tar or tar.gz
/// archive (named `archive.zip!member.docx`), and e-mail attachments with
/// `attachments=True`. A member that cannot be read is its exception in the list, so one
/// bad file does not lose the others; an unreadable archive raises.
#[pyfunction]
#[pyo3(signature = (source, *, hint = None, **options))]
fn extract_all<'py>(
    py: Python<'py>,
    source: Bound<'py, PyAny>,
    hint: Option<String>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let opts: corpusforge::ExtractOptions = self::options(py, options)?;
    let results = if let Ok(bytes) = source.extract::<pyo3::pybacked::PyBackedBytes>() {
        let name = hint.unwrap_or_else(|| "<bytes>".to_string());
        detached(py, || corpusforge::extract_all_bytes(&bytes, &name, &opts))?
    } else {
        let path: std::path::PathBuf = source.extract()?;
        detached(py, || corpusforge::extract_all(&path, &opts))?
    };
    let out = PyList::empty(py);
    for r in results {
        match r {
            Ok(doc) => out.append(Py::new(py, Document::new(doc))?)?,
            Err(e) => out.append(to_py(py, e).value(py))?,
        }
    }
    Ok(out)
}

/// The native module `corpusforge._corpusforge`.
#[pymodule]
fn _corpusforge(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", corpusforge::VERSION)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_with_report, m)?)?;
    m.add_function(wrap_pyfunction!(split_sentences, m)?)?;
    m.add_function(wrap_pyfunction!(split_paragraphs, m)?)?;
    m.add_function(wrap_pyfunction!(chunk, m)?)?;
    m.add_function(wrap_pyfunction!(count_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(count_words, m)?)?;
    m.add_class::<Span>()?;
    m.add_class::<Chunk>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_all, m)?)?;
    m.add_class::<Block>()?;
    m.add_class::<Document>()?;
    m.add_function(wrap_pyfunction!(find_pii, m)?)?;
    m.add_function(wrap_pyfunction!(mask_pii, m)?)?;
    m.add_class::<PiiMatch>()?;
    m.add_class::<Masked>()?;
    m.add_function(wrap_pyfunction!(quality::quality, m)?)?;
    m.add_function(wrap_pyfunction!(quality::quality_batch, m)?)?;
    m.add_function(wrap_pyfunction!(quality::detect_language, m)?)?;
    m.add_function(wrap_pyfunction!(quality::dedup, m)?)?;
    m.add_function(wrap_pyfunction!(quality::decontaminate, m)?)?;
    m.add_function(wrap_pyfunction!(quality::minhash_signature, m)?)?;
    m.add_function(wrap_pyfunction!(quality::minhash_band_keys, m)?)?;
    m.add_class::<quality::QualityReport>()?;
    m.add_class::<pipeline::Pipeline>()?;
    m.add_class::<pipeline::RecordStream>()?;
    m.add_function(wrap_pyfunction!(pipeline::process_batch, m)?)?;
    m.add_class::<arrow_io::ArrowBatch>()?;
    Ok(())
}
