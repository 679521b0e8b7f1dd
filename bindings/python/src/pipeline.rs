//! `Pipeline`: the whole job from Python. Conversion only: the config goes to the core's
//! parser as JSON, the summary comes back as a dict, progress events as dicts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use corpusforge::pipeline::{Progress, RunControl};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::{json_to_py, py_to_json, to_py};

/// A configured pipeline: `Pipeline(config)` with `config` a dict (the TOML file's
/// sections as nested dicts), a path to a TOML or JSON file, or `None` for the defaults.
#[pyclass(frozen, module = "corpusforge")]
pub struct Pipeline {
    inner: corpusforge::Pipeline,
}

fn config_from_py(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<corpusforge::Config> {
    let parsed = match config {
        None => Ok(corpusforge::Config::default()),
        Some(c) if c.is_none() => Ok(corpusforge::Config::default()),
        Some(c) if c.is_instance_of::<PyDict>() => match py_to_json(c) {
            Some(v) => corpusforge::Config::from_json(&v.to_string()),
            None => Err(corpusforge::Error::invalid_option(
                "config",
                "values must be str, int, float, bool, None, list or dict",
            )),
        },
        Some(c) => match c.extract::<PathBuf>() {
            Ok(path) => corpusforge::Config::from_path(path),
            Err(_) => Err(corpusforge::Error::invalid_option(
                "config",
                "expected a dict, a path to a TOML or JSON file, or None",
            )),
        },
    };
    parsed.map_err(|e| to_py(py, e))
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config = config_from_py(py, config)?;
        let inner = corpusforge::Pipeline::new(config).map_err(|e| to_py(py, e))?;
        Ok(Pipeline { inner })
    }

    /// The configuration in effect, every default filled in, as a dict.
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(self.inner.config()).unwrap_or_default();
        json_to_py(py, &v)
    }

    /// Reads `inputs` (a path or a list of paths: files and folders) and writes the dataset
    /// into `out`. `progress`: `True` for a tqdm bar (when tqdm is installed), or a callable
    /// that receives a dict per event (`docs_done`, `inputs_done`, `inputs_total`,
    /// `bytes_done`, `records_out`, `dropped`, `rejected`, `elapsed`, `phase`). `limit`
    /// stops after that many documents; `resume=True` reuses the work of inputs an interrupted
    /// run into `out` finished. Returns the run summary as a dict. Ctrl-C
    /// (KeyboardInterrupt) stops the run cleanly and leaves no dataset that looks complete.
    #[pyo3(signature = (inputs, out, progress=None, limit=None, resume=false))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
        out: PathBuf,
        progress: Option<Bound<'py, PyAny>>,
        limit: Option<u64>,
        resume: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let paths: Vec<PathBuf> = if inputs.is_instance_of::<PyString>() {
            vec![inputs.extract()?]
        } else if let Ok(p) = inputs.extract::<PathBuf>() {
            vec![p]
        } else {
            inputs.extract()?
        };
        let callback: Option<Py<PyAny>> = match progress {
            Some(p) if p.is_instance_of::<pyo3::types::PyBool>() => {
                if p.extract::<bool>()? {
                    tqdm_bar(py)?
                } else {
                    None
                }
            }
            Some(p) if p.is_none() => None,
            Some(p) => Some(p.unbind()),
            None => None,
        };
        let cancel = AtomicBool::new(false);
        let on_progress = |p: &Progress| {
            Python::attach(|py| {
                if py.check_signals().is_err() {
                    cancel.store(true, Ordering::Relaxed);
                    return;
                }
                if let Some(cb) = &callback {
                    let v = serde_json::to_value(p).unwrap_or_default();
                    if let Ok(d) = json_to_py(py, &v) {
                        if cb.call1(py, (d,)).is_err() {
                            cancel.store(true, Ordering::Relaxed);
                        }
                    }
                }
            })
        };
        let control = RunControl {
            progress: Some(&on_progress),
            cancel: Some(&cancel),
            limit,
            resume,
        };
        let result =
            py.detach(|| corpusforge::catch_panic(|| self.inner.run_with(&paths, &out, &control)));
        if let Some(cb) = &callback {
            if let Ok(close) = cb.getattr(py, "close") {
                let _ = close.call0(py);
            }
        }
        let summary = match result {
            Err(e) if e.kind() == corpusforge::ErrorKind::Cancelled => {
                // Raise what the user pressed (KeyboardInterrupt) when that was the cause.
                py.check_signals()?;
                return Err(to_py(py, e));
            }
            other => other.map_err(|e| to_py(py, e))?,
        };
        json_to_py(py, &serde_json::to_value(&summary).unwrap_or_default())
    }

    /// Runs the per-document stages on one text (named `name`) and returns its records as
    /// dicts, as they would be written (duplicates need the whole corpus: not marked here).
    #[pyo3(signature = (text, name="<text>"))]
    fn process_text<'py>(
        &self,
        py: Python<'py>,
        text: pyo3::pybacked::PyBackedStr,
        name: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let records = crate::detached(py, || self.inner.process_text(&text, name))?;
        let schema = self.inner.schema();
        let v: Vec<serde_json::Value> = records.iter().map(|r| schema.to_json(r)).collect();
        json_to_py(py, &serde_json::Value::Array(v))
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        let stages: Vec<&str> = c.stages.iter().map(|s| s.as_str()).collect();
        format!(
            "Pipeline(stages={stages:?}, granularity={:?}, format={:?})",
            c.granularity.as_str(),
            c.output.format.as_str()
        )
    }
}

/// A callable that drives a tqdm bar over inputs, with a `close` method; `None` when tqdm
/// is not installed.
fn tqdm_bar(py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
    let Ok(tqdm) = py.import("tqdm.auto") else {
        return Ok(None);
    };
    let code = c"
class _Bar:
    def __init__(self, tqdm):
        self.bar = tqdm(total=0, unit='input', desc='corpusforge')
    def __call__(self, p):
        self.bar.total = p['inputs_total']
        self.bar.n = p['inputs_done']
        self.bar.set_postfix(docs=p['docs_done'], out=p['records_out'], dropped=p['dropped'], rejected=p['rejected'], refresh=False)
        self.bar.refresh()
    def close(self):
        self.bar.close()
";
    let module = PyModule::from_code(
        py,
        code,
        c"corpusforge_progress.py",
        c"corpusforge_progress",
    )?;
    let bar = module.getattr("_Bar")?.call1((tqdm.getattr("tqdm")?,))?;
    Ok(Some(bar.unbind()))
}
