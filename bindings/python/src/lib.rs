//! Python bindings for corpusforge (PyO3): the native module `corpusforge._corpusforge`.
//! Conversion and error mapping only: every option's default and every check lives in the
//! core crate. Errors are raised as the classes of `corpusforge.errors`, chosen by the core
//! error's kind; a Rust panic becomes `InternalError`, never PyO3's `PanicException`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};

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
            pyo3::types::PyList::new(py, items)?.into_any()
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

fn normalize_options(
    kwargs: Option<&Bound<'_, PyDict>>,
) -> corpusforge::Result<corpusforge::NormalizeOptions> {
    corpusforge::NormalizeOptions::from_json(kwargs_to_json(kwargs)?)
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
    let opts = normalize_options(options).map_err(|e| to_py(py, e))?;
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
    let opts = normalize_options(options).map_err(|e| to_py(py, e))?;
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

/// The native module `corpusforge._corpusforge`.
#[pymodule]
fn _corpusforge(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", corpusforge::VERSION)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_with_report, m)?)?;
    Ok(())
}
