//! `Pipeline`: the whole job from Node. The config object has the config file's shape
//! (sections and snake_case keys, as in `corpusforge.toml`); the core parses and checks it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use corpusforge::pipeline::{JsonRecords, RecordStream};
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

use crate::{guarded, rejection};

/// Options of `Pipeline.run`.
#[napi(object)]
#[derive(Default)]
pub struct RunOptions {
    /// Stop after this many documents.
    pub limit: Option<i64>,
    /// Reuse the work of inputs an interrupted run into the same folder finished.
    pub resume: Option<bool>,
}

/// Where a run stands (the core's `Progress`), passed to `onProgress`.
#[napi(object)]
#[derive(Clone)]
pub struct Progress {
    /// `extract` during the first pass, `write` during the second.
    pub phase: String,
    /// Inputs (files, datasets) finished.
    pub inputs_done: i64,
    /// Inputs in all.
    pub inputs_total: i64,
    /// Documents finished.
    pub docs_done: i64,
    /// Bytes of input read so far.
    pub bytes_done: i64,
    /// Records written (second pass).
    pub records_out: i64,
    /// Documents dropped so far.
    pub dropped: i64,
    /// Documents rejected so far.
    pub rejected: i64,
    /// Seconds since the run started.
    pub elapsed: f64,
}

impl From<&corpusforge::pipeline::Progress> for Progress {
    fn from(p: &corpusforge::pipeline::Progress) -> Self {
        Progress {
            phase: p.phase.to_string(),
            inputs_done: p.inputs_done as i64,
            inputs_total: p.inputs_total as i64,
            docs_done: p.docs_done as i64,
            bytes_done: p.bytes_done as i64,
            records_out: p.records_out as i64,
            dropped: p.dropped as i64,
            rejected: p.rejected as i64,
            elapsed: p.elapsed,
        }
    }
}

/// The `onProgress` callback: called from the worker thread, run on the main thread.
type OnProgress = ThreadsafeFunction<Progress, (), Progress, napi::Status, false>;

/// What a run did (the core's `RunSummary`).
#[napi(object)]
pub struct RunSummary {
    /// Inputs found (files and datasets).
    pub inputs: i64,
    /// Documents read or rejected (archive members and dataset rows count one each).
    pub documents_in: i64,
    /// Documents in the dataset.
    pub documents_out: i64,
    /// Records in the dataset.
    pub records_out: i64,
    /// Documents dropped, per reason (a document with several reasons counts under each).
    pub dropped: HashMap<String, i64>,
    /// Documents dropped (each once).
    pub dropped_documents: i64,
    /// Documents rejected, per error kind.
    pub rejected: HashMap<String, i64>,
    /// PII matches found, per kind.
    pub pii: HashMap<String, i64>,
    /// Bytes of input read.
    pub bytes_in: i64,
    /// Bytes of the data shards written.
    pub bytes_out: i64,
    /// Wall-clock seconds.
    pub duration_secs: f64,
    /// Files of the dataset, relative to the output folder.
    pub output_files: Vec<String>,
    /// The dataset score, 0-100.
    pub dataset_score: f64,
    /// Inputs whose work was reused from an interrupted run (`resume`).
    pub resumed_inputs: i64,
}

fn counts(m: std::collections::BTreeMap<String, u64>) -> HashMap<String, i64> {
    m.into_iter().map(|(k, v)| (k, v as i64)).collect()
}

impl From<corpusforge::RunSummary> for RunSummary {
    fn from(s: corpusforge::RunSummary) -> Self {
        RunSummary {
            inputs: s.inputs as i64,
            documents_in: s.documents_in as i64,
            documents_out: s.documents_out as i64,
            records_out: s.records_out as i64,
            dropped: counts(s.dropped),
            dropped_documents: s.dropped_documents as i64,
            rejected: counts(s.rejected),
            pii: counts(s.pii),
            bytes_in: s.bytes_in as i64,
            bytes_out: s.bytes_out as i64,
            duration_secs: s.duration_secs,
            output_files: s.output_files,
            dataset_score: s.dataset_score,
            resumed_inputs: s.resumed_inputs as i64,
        }
    }
}

/// A configured pipeline: files and folders in, a dataset folder out.
#[napi]
pub struct Pipeline {
    inner: Arc<corpusforge::Pipeline>,
}

/// The core pipeline of a config object (the config file's shape); the default without one.
fn core_pipeline(config: Option<serde_json::Value>) -> corpusforge::Result<corpusforge::Pipeline> {
    let config = match config {
        None | Some(serde_json::Value::Null) => corpusforge::Config::default(),
        Some(v) => corpusforge::Config::from_json(&v.to_string())?,
    };
    corpusforge::Pipeline::new(config)
}

fn paths(inputs: Either<String, Vec<String>>) -> Vec<PathBuf> {
    match inputs {
        Either::A(one) => vec![PathBuf::from(one)],
        Either::B(many) => many.into_iter().map(PathBuf::from).collect(),
    }
}

fn control(options: &Option<RunOptions>) -> (Option<u64>, bool) {
    let limit = options
        .as_ref()
        .and_then(|o| o.limit)
        .map(|l| l.max(0) as u64);
    let resume = options.as_ref().and_then(|o| o.resume).unwrap_or(false);
    (limit, resume)
}

#[napi]
impl Pipeline {
    /// `new Pipeline(config?)`: `config` has the config file's sections and snake_case keys,
    /// e.g. `{ output: { format: "jsonl" }, quality: { languages: ["en"] } }`. Unknown keys
    /// throw an Error with code `INVALID_OPTION` naming the key.
    #[napi(constructor)]
    pub fn new(config: Option<serde_json::Value>) -> napi::Result<Self, String> {
        Ok(Pipeline {
            inner: Arc::new(guarded(|| core_pipeline(config))?),
        })
    }

    /// The configuration in effect, every default filled in.
    #[napi]
    pub fn config(&self) -> serde_json::Value {
        serde_json::to_value(self.inner.config()).unwrap_or_default()
    }

    /// Reads `inputs` (a path or paths: files and folders) and writes the dataset into
    /// `outDir`, off the main thread. Resolves to the run summary; rejects with an Error
    /// whose `code` says why (`IO` for a missing input, ...). Documents that cannot be
    /// read do not reject: they are counted in `rejected` and listed in `rejects.jsonl`.
    /// `onProgress`, when given, receives a `Progress` after each batch of documents.
    #[napi(ts_return_type = "Promise<RunSummary>")]
    pub fn run(
        &self,
        inputs: Either<String, Vec<String>>,
        out_dir: String,
        options: Option<RunOptions>,
        #[napi(ts_arg_type = "(progress: Progress) => void")] on_progress: Option<OnProgress>,
    ) -> AsyncTask<RunTask> {
        AsyncTask::new(RunTask {
            pipeline: Arc::clone(&self.inner),
            inputs: paths(inputs),
            out: PathBuf::from(out_dir),
            control: control(&options),
            on_progress: on_progress.map(Arc::new),
        })
    }

    /// `run`, blocking the calling thread.
    #[napi]
    pub fn run_sync(
        &self,
        inputs: Either<String, Vec<String>>,
        out_dir: String,
        options: Option<RunOptions>,
    ) -> napi::Result<RunSummary, String> {
        let task = RunTask {
            pipeline: Arc::clone(&self.inner),
            inputs: paths(inputs),
            out: PathBuf::from(out_dir),
            control: control(&options),
            on_progress: None,
        };
        guarded(|| task.execute()).map(RunSummary::from)
    }

    /// The records one text would become (as the dataset writes them; duplicates need the
    /// whole corpus and are not marked here).
    #[napi(ts_return_type = "Array<Record<string, any>>")]
    pub fn process_text(
        &self,
        text: String,
        name: Option<String>,
    ) -> napi::Result<serde_json::Value, String> {
        let records = guarded(|| {
            self.inner
                .process_text(&text, name.as_deref().unwrap_or("<text>"))
        })?;
        let schema = self.inner.schema();
        Ok(serde_json::Value::Array(
            records.iter().map(|r| schema.to_json(r)).collect(),
        ))
    }

    /// Processes a batch of texts through the configured stages, off the main thread:
    /// per text, in order, its records as the dataset would hold them with `keep_dropped`
    /// (`dropReasons`, `duplicate_of` and `split` filled; duplicates are resolved within the
    /// batch), or the error that rejected it. One bad text never rejects the batch.
    #[napi(ts_return_type = "Promise<Array<TextResult>>")]
    pub fn process_texts(
        &self,
        texts: Vec<Either<String, TextInput>>,
    ) -> AsyncTask<ProcessTextsTask> {
        AsyncTask::new(ProcessTextsTask {
            pipeline: Arc::clone(&self.inner),
            texts: named(texts),
        })
    }

    /// `processTexts`, blocking the calling thread.
    #[napi]
    pub fn process_texts_sync(&self, texts: Vec<Either<String, TextInput>>) -> Vec<TextResult> {
        process_batch(&self.inner, &named(texts))
    }

    /// A reader of the records a run on `inputs` makes, one batch per `nextBatch()`; the
    /// package's `records()` wraps it in an async iterator. The run starts on the first call.
    #[napi]
    pub fn record_reader(
        &self,
        inputs: Either<String, Vec<String>>,
        options: Option<RecordsOptions>,
    ) -> RecordReader {
        let options = options.unwrap_or_default();
        let control = (options.limit.map(|l| l.max(0) as u64), false);
        RecordReader {
            state: Arc::new(Mutex::new(ReaderState::Pending {
                pipeline: Arc::clone(&self.inner),
                inputs: paths(inputs),
                limit: control.0,
                arrow: options.arrow.unwrap_or(false),
            })),
        }
    }
}

/// The work of `Pipeline.run`, on the libuv thread pool.
pub struct RunTask {
    pipeline: Arc<corpusforge::Pipeline>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    /// The document limit and whether to resume.
    control: (Option<u64>, bool),
    on_progress: Option<Arc<OnProgress>>,
}

impl RunTask {
    fn execute(&self) -> corpusforge::Result<corpusforge::RunSummary> {
        let report = |p: &corpusforge::pipeline::Progress| {
            if let Some(cb) = &self.on_progress {
                cb.call(Progress::from(p), ThreadsafeFunctionCallMode::NonBlocking);
            }
        };
        let control = corpusforge::pipeline::RunControl {
            limit: self.control.0,
            resume: self.control.1,
            progress: Some(&report),
            ..Default::default()
        };
        self.pipeline.run_with(&self.inputs, &self.out, &control)
    }
}

impl napi::Task for RunTask {
    type Output = corpusforge::Result<corpusforge::RunSummary>;
    type JsValue = RunSummary;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(corpusforge::catch_panic(|| self.execute()))
    }

    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(s) => Ok(RunSummary::from(s)),
            Err(e) => Err(rejection(&env, e)?),
        }
    }
}

/// One text of `processTexts`: the text and the name its records carry as `source`.
#[napi(object)]
pub struct TextInput {
    /// The text.
    pub text: String,
    /// The source name of its records; default `<text N>`, N its position in the batch.
    pub name: Option<String>,
}

/// Why one item of a batch was rejected.
#[napi(object)]
pub struct ItemError {
    /// The error kind's code (`LIMIT_EXCEEDED`, ...).
    pub code: String,
    /// The message, naming the item and the cause.
    pub message: String,
}

/// What one text of `processTexts` became: its records, or the error that rejected it.
#[napi(object)]
pub struct TextResult {
    /// The records (empty when rejected).
    #[napi(ts_type = "Array<Record<string, any>>")]
    pub records: serde_json::Value,
    /// Set when the text was rejected.
    pub error: Option<ItemError>,
}

/// Options of `records`.
#[napi(object)]
#[derive(Default)]
pub struct RecordsOptions {
    /// Yield Arrow IPC stream buffers (one record batch each, for apache-arrow's
    /// `tableFromIPC`) instead of record objects.
    pub arrow: Option<bool>,
    /// Stop after this many documents.
    pub limit: Option<i64>,
}

fn named(texts: Vec<Either<String, TextInput>>) -> Vec<(String, String)> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| match t {
            Either::A(text) => (format!("<text {i}>"), text),
            Either::B(t) => (t.name.unwrap_or_else(|| format!("<text {i}>")), t.text),
        })
        .collect()
}

fn process_batch(pipeline: &corpusforge::Pipeline, texts: &[(String, String)]) -> Vec<TextResult> {
    let items: Vec<corpusforge::BatchItem> = texts
        .iter()
        .map(|(name, text)| corpusforge::BatchItem::Text { name, text })
        .collect();
    let schema = pipeline.schema();
    pipeline
        .process_batch(&items, corpusforge::pipeline::BatchDedup::Within)
        .into_iter()
        // A text is one document.
        .map(|docs| match docs.into_iter().next() {
            Some(Ok(doc)) => TextResult {
                records: serde_json::Value::Array(
                    doc.records.iter().map(|r| schema.to_json(r)).collect(),
                ),
                error: None,
            },
            Some(Err(e)) => TextResult {
                records: serde_json::Value::Array(Vec::new()),
                error: Some(ItemError {
                    code: e.kind().code().to_string(),
                    message: e.to_string(),
                }),
            },
            None => TextResult {
                records: serde_json::Value::Array(Vec::new()),
                error: None,
            },
        })
        .collect()
}

/// The work of `processTexts`, on the libuv thread pool.
pub struct ProcessTextsTask {
    pipeline: Arc<corpusforge::Pipeline>,
    texts: Vec<(String, String)>,
}

impl napi::Task for ProcessTextsTask {
    type Output = corpusforge::Result<Vec<TextResult>>;
    type JsValue = Vec<TextResult>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(corpusforge::catch_panic(|| {
            Ok(process_batch(&self.pipeline, &self.texts))
        }))
    }

    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.or_else(|e| Err(rejection(&env, e)?))
    }
}

/// `processTexts(texts, config?)`: a batch of texts through a pipeline of `config` (the
/// config file's shape), off the main thread. See `Pipeline.processTexts`.
#[napi(ts_return_type = "Promise<Array<TextResult>>")]
pub fn process_texts(
    texts: Vec<Either<String, TextInput>>,
    config: Option<serde_json::Value>,
) -> napi::Result<AsyncTask<ProcessTextsTask>, String> {
    Ok(AsyncTask::new(ProcessTextsTask {
        pipeline: Arc::new(guarded(|| core_pipeline(config))?),
        texts: named(texts),
    }))
}

/// `processTexts`, blocking the calling thread.
#[napi]
pub fn process_texts_sync(
    texts: Vec<Either<String, TextInput>>,
    config: Option<serde_json::Value>,
) -> napi::Result<Vec<TextResult>, String> {
    let pipeline = guarded(|| core_pipeline(config))?;
    Ok(process_batch(&pipeline, &named(texts)))
}

enum ReaderState {
    Pending {
        pipeline: Arc<corpusforge::Pipeline>,
        inputs: Vec<PathBuf>,
        limit: Option<u64>,
        arrow: bool,
    },
    Json(JsonRecords),
    Arrow(RecordStream),
    Done,
}

/// Records of a run, a batch at a time (see `Pipeline.recordReader`).
#[napi]
pub struct RecordReader {
    state: Arc<Mutex<ReaderState>>,
}

#[napi]
impl RecordReader {
    /// The next batch: a JSON array of records, or an Arrow IPC stream buffer with
    /// `arrow: true`; `null` after the last. The first call runs the pipeline, off the main
    /// thread; a run that fails rejects with an Error whose `code` says why.
    #[napi(ts_return_type = "Promise<string | Buffer | null>")]
    pub fn next_batch(&self) -> AsyncTask<NextBatchTask> {
        AsyncTask::new(NextBatchTask {
            state: Arc::clone(&self.state),
        })
    }
}

/// Records per `nextBatch()` in object mode.
const OBJECT_BATCH: usize = 1024;

/// The work of `RecordReader.nextBatch`, on the libuv thread pool.
pub struct NextBatchTask {
    state: Arc<Mutex<ReaderState>>,
}

/// What one `nextBatch()` read.
pub enum NextBatch {
    /// A JSON array of records (parsed by the package's `records()`: V8's `JSON.parse` is
    /// quicker than building the objects through Node-API).
    Objects(String),
    /// One record batch as an Arrow IPC stream.
    Arrow(Vec<u8>),
    /// No more records.
    End,
}

impl NextBatchTask {
    fn read(&self) -> corpusforge::Result<NextBatch> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let ReaderState::Pending {
            pipeline,
            inputs,
            limit,
            arrow,
        } = &*state
        {
            let control = corpusforge::pipeline::RunControl {
                limit: *limit,
                ..Default::default()
            };
            let next = if *arrow {
                ReaderState::Arrow(pipeline.records(inputs, &control)?.0)
            } else {
                ReaderState::Json(pipeline.json_records(inputs, &control)?.0)
            };
            *state = next;
        }
        let batch = match &mut *state {
            ReaderState::Json(records) => {
                let batch = records
                    .by_ref()
                    .take(OBJECT_BATCH)
                    .collect::<corpusforge::Result<Vec<_>>>()?;
                (!batch.is_empty())
                    .then(|| NextBatch::Objects(serde_json::Value::Array(batch).to_string()))
            }
            ReaderState::Arrow(stream) => match stream.next() {
                Some(batch) => {
                    let batch = batch.map_err(|e| corpusforge::Error::Internal {
                        detail: format!("reading the run's Arrow shards: {e}"),
                    })?;
                    Some(NextBatch::Arrow(corpusforge::dataset::ipc_stream_bytes(
                        &batch,
                    )?))
                }
                None => None,
            },
            ReaderState::Pending { .. } | ReaderState::Done => None,
        };
        Ok(batch.unwrap_or_else(|| {
            // The run's temporary folder goes as soon as the last batch is read.
            *state = ReaderState::Done;
            NextBatch::End
        }))
    }
}

impl napi::Task for NextBatchTask {
    type Output = corpusforge::Result<NextBatch>;
    type JsValue = Option<Either<String, Buffer>>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(corpusforge::catch_panic(|| self.read()))
    }

    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(NextBatch::Objects(json)) => Ok(Some(Either::A(json))),
            Ok(NextBatch::Arrow(bytes)) => Ok(Some(Either::B(bytes.into()))),
            Ok(NextBatch::End) => Ok(None),
            Err(e) => {
                *self.state.lock().unwrap_or_else(|p| p.into_inner()) = ReaderState::Done;
                Err(rejection(&env, e)?)
            }
        }
    }
}
