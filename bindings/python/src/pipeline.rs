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
        let paths = input_paths(inputs)?;
        let summary = controlled(py, progress, limit, resume, |control| {
            self.inner.run_with(&paths, &out, control)
        })?;
        json_to_py(py, &serde_json::to_value(&summary).unwrap_or_default())
    }

    /// Runs the pipeline on `inputs` and returns its records as an Arrow stream (an object
    /// with `__arrow_c_stream__`): `pyarrow.table(p.records(...))`, `polars.from_arrow(...)`
    /// or DuckDB read it without a copy. The run's files stay in a private temporary folder,
    /// removed when the stream is consumed and dropped.
    #[pyo3(signature = (inputs, progress=None, limit=None))]
    fn records<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
        progress: Option<Bound<'py, PyAny>>,
        limit: Option<u64>,
    ) -> PyResult<RecordStream> {
        let paths = input_paths(inputs)?;
        let stream = controlled(py, progress, limit, false, |control| {
            self.inner.records(&paths, control).map(|(s, _)| s)
        })?;
        Ok(RecordStream {
            inner: std::sync::Mutex::new(Some(stream)),
        })
    }

    /// `records(inputs)` as a pandas DataFrame (needs pyarrow and pandas).
    #[pyo3(signature = (inputs, progress=None, limit=None))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
        progress: Option<Bound<'py, PyAny>>,
        limit: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let stream = self.records(py, inputs, progress, limit)?;
        py.import("pyarrow")?
            .call_method1("table", (stream,))?
            .call_method0("to_pandas")
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

    /// Processes an Arrow record batch of documents (any object with `__arrow_c_array__`,
    /// e.g. a `pyarrow.RecordBatch`; a table, with `__arrow_c_stream__`, gives a table back,
    /// as Ray Data's `map_batches` wants): a `text` column (named by `name` or `path`), or
    /// `content` (bytes, named by `path`: Spark's `binaryFile` rows), or `path` (files read
    /// from disk). Returns a `pyarrow.RecordBatch` of the record schema plus `input_index`,
    /// `member_index` (archive members), and `error`/`error_message` on the row of a
    /// rejected input, so nothing is lost. `dedup="batch"` resolves duplicates within the
    /// batch; `dedup="facts"` marks none and adds each document's dedup facts
    /// (`dedup_exact_key`, `dedup_band_keys`, `dedup_signature`, `dedup_score`) for a
    /// corpus-wide pass such as `corpusforge.spark.build_dataset`. The unit Spark's
    /// `mapInArrow` and Ray Data's `map_batches(batch_format="pyarrow")` call.
    #[pyo3(signature = (batch, dedup="batch"))]
    fn process_batch<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        dedup: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mode = batch_dedup(dedup)?;
        // A table in (Ray Data's map_batches) gives a table out; a batch gives a batch.
        let table = !batch.hasattr("__arrow_c_array__")?;
        let input = crate::arrow_io::import_batch(batch)?;
        let out = crate::detached(py, || self.inner.process_arrow(&input, mode))?;
        let out = crate::arrow_io::export_batch(py, out)?;
        if table && out.hasattr("to_pylist")? {
            return py
                .import("pyarrow")?
                .getattr("Table")?
                .call_method1("from_batches", (vec![out],));
        }
        Ok(out)
    }

    /// The schema of `process_batch`'s output (a `pyarrow.Schema`), for Spark's
    /// `mapInArrow` and other engines that need it before the first batch.
    #[pyo3(signature = (dedup="batch"))]
    fn batch_schema<'py>(&self, py: Python<'py>, dedup: &str) -> PyResult<Bound<'py, PyAny>> {
        let schema = self.inner.batch_schema(batch_dedup(dedup)?);
        crate::arrow_io::export_schema(py, &schema)
    }

    /// The dedup rule in effect as a dict (`threshold`, `bands`, `rows`, `exact`, `near`,
    /// ..., and `verify_per_bucket`), or `None` when the dedup stage is off: what a
    /// corpus-wide dedup over `process_batch(..., dedup="facts")` must apply to find the
    /// duplicates a run finds.
    fn dedup_rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.dedup_options() {
            None => Ok(py.None().into_bound(py)),
            Some(d) => {
                let mut v = serde_json::to_value(d).unwrap_or_default();
                v["verify_per_bucket"] = corpusforge::dedup::MAX_VERIFY_PER_BUCKET.into();
                json_to_py(py, &v)
            }
        }
    }

    /// Completes a dataset folder whose `data/*.parquet` shards another engine wrote
    /// (`corpusforge.spark` does): computes the statistics from the shards as a run does and
    /// writes `README.md` (the card), `stats.json` and `report.html`. `facts` holds what only
    /// the writer knows: `documents_in`, `dropped` and `rejected` (counts per reason and per
    /// error kind), `duplicates` and `documents_before_dedup`. Returns the statistics.
    fn finish_dataset<'py>(
        &self,
        py: Python<'py>,
        out_dir: PathBuf,
        facts: &Bound<'py, PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let facts: corpusforge::pipeline::DatasetFacts = py_to_json(facts)
            .and_then(|v| serde_json::from_value(v).ok())
            .ok_or_else(|| {
                to_py(
                    py,
                    corpusforge::Error::invalid_option(
                        "facts",
                        "expected documents_in, dropped, rejected, duplicates and documents_before_dedup",
                    ),
                )
            })?;
        let stats = crate::detached(py, || self.inner.finish_dataset(&out_dir, &facts))?;
        json_to_py(py, &serde_json::to_value(&stats).unwrap_or_default())
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

/// The records of a run as an Arrow C stream, read once.
#[pyclass(module = "corpusforge")]
pub struct RecordStream {
    inner: std::sync::Mutex<Option<corpusforge::pipeline::RecordStream>>,
}

#[pymethods]
impl RecordStream {
    /// The Arrow PyCapsule interface: a capsule named `arrow_array_stream`. The stream can be
    /// taken once; `requested_schema` is not supported (the records have one schema).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, pyo3::types::PyCapsule>> {
        let _ = requested_schema;
        let stream = self
            .inner
            .lock()
            .map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("stream lock poisoned"))?
            .take()
            .ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err("the record stream was already consumed")
            })?;
        let ffi = arrow_array::ffi_stream::FFI_ArrowArrayStream::new(Box::new(stream));
        pyo3::types::PyCapsule::new_with_value(py, ffi, c"arrow_array_stream")
    }

    fn __repr__(&self) -> String {
        let open = self.inner.lock().map(|g| g.is_some()).unwrap_or(false);
        format!("RecordStream({})", if open { "unread" } else { "consumed" })
    }
}

/// Runs `f` without the GIL under a [`RunControl`] that reports to `progress` (a tqdm bar,
/// a callable, or nothing) and is cancelled by Ctrl-C or a raising callback.
fn controlled<T: Send>(
    py: Python<'_>,
    progress: Option<Bound<'_, PyAny>>,
    limit: Option<u64>,
    resume: bool,
    f: impl FnOnce(&RunControl) -> corpusforge::Result<T> + Send,
) -> PyResult<T> {
    let callback = progress_callback(py, progress)?;
    let cancel = AtomicBool::new(false);
    let on_progress = |p: &Progress| report(&callback, &cancel, p);
    let control = RunControl {
        progress: Some(&on_progress),
        cancel: Some(&cancel),
        limit,
        resume,
    };
    let result = py.detach(|| corpusforge::catch_panic(|| f(&control)));
    close(py, &callback);
    finish(py, result)
}

/// A path, or a list of paths.
fn input_paths(inputs: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if inputs.is_instance_of::<PyString>() {
        Ok(vec![inputs.extract()?])
    } else if let Ok(p) = inputs.extract::<PathBuf>() {
        Ok(vec![p])
    } else {
        inputs.extract()
    }
}

/// `progress`: `True` for a tqdm bar, a callable, or nothing.
fn progress_callback(
    py: Python<'_>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<Py<PyAny>>> {
    Ok(match progress {
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
    })
}

/// Hands one progress event to Python; Ctrl-C or a raising callback cancels the run.
fn report(callback: &Option<Py<PyAny>>, cancel: &AtomicBool, p: &Progress) {
    Python::attach(|py| {
        if py.check_signals().is_err() {
            cancel.store(true, Ordering::Relaxed);
            return;
        }
        if let Some(cb) = callback {
            let v = serde_json::to_value(p).unwrap_or_default();
            if let Ok(d) = json_to_py(py, &v) {
                if cb.call1(py, (d,)).is_err() {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        }
    })
}

/// Closes a tqdm bar (anything with `close`).
fn close(py: Python<'_>, callback: &Option<Py<PyAny>>) {
    if let Some(cb) = callback {
        if let Ok(close) = cb.getattr(py, "close") {
            let _ = close.call0(py);
        }
    }
}

/// The result of a run, a cancellation by Ctrl-C raised as KeyboardInterrupt.
fn finish<T>(py: Python<'_>, result: corpusforge::Result<T>) -> PyResult<T> {
    match result {
        Err(e) if e.kind() == corpusforge::ErrorKind::Cancelled => {
            py.check_signals()?;
            Err(to_py(py, e))
        }
        other => other.map_err(|e| to_py(py, e)),
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

fn batch_dedup(dedup: &str) -> PyResult<corpusforge::pipeline::BatchDedup> {
    use corpusforge::pipeline::BatchDedup;
    match dedup {
        "batch" => Ok(BatchDedup::Within),
        "facts" => Ok(BatchDedup::Facts),
        other => Err(Python::attach(|py| {
            to_py(
                py,
                corpusforge::Error::invalid_option(
                    "dedup",
                    format!("expected \"batch\" or \"facts\", got {other:?}"),
                ),
            )
        })),
    }
}

/// `process_batch(batch, config=None, dedup="batch")`: `Pipeline(config).process_batch(batch,
/// dedup)`, for a one-off batch. Where many batches go through one config (a Spark
/// partition), build the `Pipeline` once and call its method.
#[pyfunction]
#[pyo3(signature = (batch, config=None, dedup="batch"))]
pub fn process_batch<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
    dedup: &str,
) -> PyResult<Bound<'py, PyAny>> {
    Pipeline::new(py, config)?.process_batch(py, batch, dedup)
}
