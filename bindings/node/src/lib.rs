//! Node.js bindings for corpusforge (napi-rs). Conversion and error mapping only: every
//! option's default and every check lives in the core crate.
//!
//! Options arrive as camelCase objects (`{ fixMojibake: false }`) and map field by field to
//! the core's option structs; errors become JS `Error`s whose `code` is the core
//! [`ErrorKind`](corpusforge::ErrorKind) code (`INVALID_OPTION`, ...).

pub mod pipeline;
pub mod quality;

use corpusforge::offsets::{convert_ranges, OffsetUnit};
use napi::bindgen_prelude::{Either, Null};
use napi::JsValue;
use napi_derive::napi;

/// A JS error with the core error kind's `code`.
fn to_js(e: corpusforge::Error) -> napi::Error<String> {
    napi::Error::new(e.kind().code().to_string(), e.to_string())
}

/// Runs a core call, turning a panic into an `INTERNAL` error instead of crashing Node.
fn guarded<T>(f: impl FnOnce() -> corpusforge::Result<T>) -> napi::Result<T, String> {
    corpusforge::catch_panic(f).map_err(to_js)
}

/// Options of `normalize`; every field is optional and defaults as in the core
/// (`NormalizeOptions` in Rust, the keyword arguments of Python's `normalize`).
#[napi(object)]
#[derive(Default)]
pub struct NormalizeOptions {
    /// Remove a leading byte-order mark. Default true.
    pub remove_bom: Option<bool>,
    /// Repair mojibake (UTF-8 mis-decoded as Windows-125x, Latin-1, Mac Roman, CP437). Default true.
    pub fix_mojibake: Option<bool>,
    /// Replace C1 controls standing for Windows-1252 punctuation. Default true.
    pub fix_c1_controls: Option<bool>,
    /// Decode HTML character references. Default true.
    pub decode_entities: Option<bool>,
    /// Remove control and invisible format characters. Default true.
    pub remove_control_chars: Option<bool>,
    /// Unicode form: "nfc" (default), "nfkc", "nfd", "nfkd" or "none".
    pub unicode_form: Option<String>,
    /// Turn \r\n, \r, U+2028 and U+2029 into \n. Default true.
    pub normalize_line_endings: Option<bool>,
    /// Remove spaces and tabs at the end of lines. Default true.
    pub strip_trailing_whitespace: Option<bool>,
    /// At most this many blank lines in a row; null for no cap. Default 2.
    pub max_blank_lines: Option<Either<u32, Null>>,
    /// Collapse runs of horizontal whitespace into one space. Default false.
    pub collapse_whitespace: Option<bool>,
    /// Replace each tab by this many spaces; null to keep tabs. Default null.
    pub tabs_to_spaces: Option<Either<u32, Null>>,
    /// Remove HTML/XML tags. Default false.
    pub strip_html_tags: Option<bool>,
    /// Curly quotes to ASCII quotes. Default false.
    pub straighten_quotes: Option<bool>,
    /// Expand Latin ligatures (ﬁ → fi). Default false.
    pub fix_ligatures: Option<bool>,
    /// Full-width ASCII forms to ASCII. Default false (wrong for CJK).
    pub fullwidth_to_ascii: Option<bool>,
}

fn nullable(v: Either<u32, Null>) -> Option<usize> {
    match v {
        Either::A(n) => Some(n as usize),
        Either::B(_) => None,
    }
}

impl NormalizeOptions {
    fn into_core(self) -> corpusforge::Result<corpusforge::NormalizeOptions> {
        let mut o = corpusforge::NormalizeOptions::default();
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { o.$f = v; } )* };
        }
        set!(
            remove_bom,
            fix_mojibake,
            fix_c1_controls,
            decode_entities,
            remove_control_chars,
            normalize_line_endings,
            strip_trailing_whitespace,
            collapse_whitespace,
            strip_html_tags,
            straighten_quotes,
            fix_ligatures,
            fullwidth_to_ascii
        );
        if let Some(f) = self.unicode_form {
            o.unicode_form = f.parse()?;
        }
        if let Some(v) = self.max_blank_lines {
            o.max_blank_lines = nullable(v);
        }
        if let Some(v) = self.tabs_to_spaces {
            o.tabs_to_spaces = nullable(v);
        }
        Ok(o)
    }
}

/// How much each normalization step changed (counts, as in the core's `NormalizeReport`).
#[napi(object)]
pub struct NormalizeReport {
    /// Whether the output differs from the input.
    pub changed: bool,
    /// Leading BOMs removed.
    pub bom_removed: i64,
    /// Mojibake sequences repaired.
    pub mojibake_fixed: i64,
    /// C1 controls replaced.
    pub c1_controls_fixed: i64,
    /// HTML character references decoded.
    pub entities_decoded: i64,
    /// Control characters removed.
    pub control_chars_removed: i64,
    /// Characters whose Unicode form changed.
    pub unicode_changed: i64,
    /// Line breaks rewritten.
    pub line_endings_fixed: i64,
    /// Lines whose trailing whitespace was removed.
    pub trailing_whitespace_removed: i64,
    /// Blank lines removed by the cap.
    pub blank_lines_removed: i64,
    /// Whitespace runs collapsed or tabs expanded.
    pub whitespace_collapsed: i64,
    /// HTML tags removed.
    pub html_tags_stripped: i64,
    /// Curly quotes straightened.
    pub quotes_straightened: i64,
    /// Ligatures expanded.
    pub ligatures_fixed: i64,
    /// Full-width characters converted.
    pub fullwidth_converted: i64,
}

impl From<corpusforge::NormalizeReport> for NormalizeReport {
    fn from(r: corpusforge::NormalizeReport) -> Self {
        let n = |x: u64| i64::try_from(x).unwrap_or(i64::MAX);
        NormalizeReport {
            changed: r.changed,
            bom_removed: n(r.bom_removed),
            mojibake_fixed: n(r.mojibake_fixed),
            c1_controls_fixed: n(r.c1_controls_fixed),
            entities_decoded: n(r.entities_decoded),
            control_chars_removed: n(r.control_chars_removed),
            unicode_changed: n(r.unicode_changed),
            line_endings_fixed: n(r.line_endings_fixed),
            trailing_whitespace_removed: n(r.trailing_whitespace_removed),
            blank_lines_removed: n(r.blank_lines_removed),
            whitespace_collapsed: n(r.whitespace_collapsed),
            html_tags_stripped: n(r.html_tags_stripped),
            quotes_straightened: n(r.quotes_straightened),
            ligatures_fixed: n(r.ligatures_fixed),
            fullwidth_converted: n(r.fullwidth_converted),
        }
    }
}

/// The result of `normalizeWithReport`.
#[napi(object)]
pub struct NormalizeResult {
    /// The normalized text.
    pub text: String,
    /// What each step changed.
    pub report: NormalizeReport,
}

/// Repairs and normalizes `text` (mojibake, entities, controls, Unicode form, line endings,
/// whitespace). Synchronous: it takes microseconds to milliseconds per document.
#[napi]
pub fn normalize(text: String, options: Option<NormalizeOptions>) -> napi::Result<String, String> {
    guarded(|| {
        let o = options.unwrap_or_default().into_core()?;
        Ok(corpusforge::normalize(&text, &o).into_owned())
    })
}

/// Like `normalize`, and also reports how many changes each step made.
#[napi]
pub fn normalize_with_report(
    text: String,
    options: Option<NormalizeOptions>,
) -> napi::Result<NormalizeResult, String> {
    guarded(|| {
        let o = options.unwrap_or_default().into_core()?;
        let (out, report) = corpusforge::normalize_with_report(&text, &o);
        Ok(NormalizeResult {
            text: out.into_owned(),
            report: report.into(),
        })
    })
}

/// A piece of text with its place: `input.slice(start, end) === text` (UTF-16 indices).
#[napi(object)]
pub struct Span {
    /// The piece's text.
    pub text: String,
    /// Start, as a UTF-16 index into the input.
    pub start: u32,
    /// End (exclusive), as a UTF-16 index into the input.
    pub end: u32,
}

/// One chunk: its text, place (UTF-16 indices) and token count.
#[napi(object)]
pub struct Chunk {
    /// The chunk's text.
    pub text: String,
    /// Start, as a UTF-16 index into the input.
    pub start: u32,
    /// End (exclusive), as a UTF-16 index into the input.
    pub end: u32,
    /// Tokens in the chunk, by the configured tokenizer.
    pub n_tokens: u32,
}

/// Options of `splitSentences` and `splitParagraphs`.
#[napi(object)]
#[derive(Default)]
pub struct SentenceOptions {
    /// ISO 639-1 language for abbreviations: "en" (default), de, fr, es, it, pt, nl, ru, pl, "auto".
    pub language: Option<String>,
    /// Return `{ text, start, end }` objects instead of strings.
    pub spans: Option<bool>,
}

/// Options of `chunk`: give exactly one of `maxChars` and `maxTokens`.
#[napi(object)]
#[derive(Default)]
pub struct ChunkOptions {
    /// Capacity in characters (code points).
    pub max_chars: Option<u32>,
    /// Capacity in tokens of `tokenizer`.
    pub max_tokens: Option<u32>,
    /// Avoid chunks shorter than this many characters when a longer end fits.
    pub min_chars: Option<u32>,
    /// Avoid chunks shorter than this many tokens when a longer end fits.
    pub min_tokens: Option<u32>,
    /// How much of the previous chunk the next repeats, in the capacity's unit. Default 0.
    pub overlap: Option<u32>,
    /// "estimate" (default), "cl100k_base", "o200k_base" or a tokenizer.json path.
    pub tokenizer: Option<String>,
    /// Language for sentence boundaries. Default "en".
    pub language: Option<String>,
}

fn to_usize(v: Option<u32>) -> Option<usize> {
    v.map(|n| n as usize)
}

impl ChunkOptions {
    fn into_core(self) -> corpusforge::ChunkOptions {
        let d = corpusforge::ChunkOptions::default();
        corpusforge::ChunkOptions {
            max_chars: to_usize(self.max_chars),
            max_tokens: to_usize(self.max_tokens),
            min_chars: to_usize(self.min_chars),
            min_tokens: to_usize(self.min_tokens),
            overlap: to_usize(self.overlap).unwrap_or(d.overlap),
            tokenizer: self.tokenizer.unwrap_or(d.tokenizer),
            language: self.language.unwrap_or(d.language),
        }
    }
}

/// Byte ranges as UTF-16 index pairs.
fn utf16_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<(u32, u32)> {
    convert_ranges(text, ranges, OffsetUnit::Utf16)
        .into_iter()
        .map(|(a, b)| (a as u32, b as u32))
        .collect()
}

fn pieces(
    text: &str,
    ranges: Vec<std::ops::Range<usize>>,
    spans: bool,
) -> Either<Vec<String>, Vec<Span>> {
    if !spans {
        return Either::A(ranges.into_iter().map(|r| text[r].to_string()).collect());
    }
    let units = utf16_ranges(text, &ranges);
    Either::B(
        ranges
            .into_iter()
            .zip(units)
            .map(|(r, (start, end))| Span {
                text: text[r].to_string(),
                start,
                end,
            })
            .collect(),
    )
}

/// Splits text into sentences (abbreviations, initials, numbers, quotes, ellipses, lists,
/// CJK). Strings by default; `{ spans: true }` gives `{ text, start, end }` objects.
#[napi]
pub fn split_sentences(
    text: String,
    options: Option<SentenceOptions>,
) -> napi::Result<Either<Vec<String>, Vec<Span>>, String> {
    let o = options.unwrap_or_default();
    let spans = o.spans.unwrap_or(false);
    let mut opts = corpusforge::SentenceOptions::default();
    if let Some(l) = o.language {
        opts.language = l;
    }
    guarded(|| {
        Ok(pieces(
            &text,
            corpusforge::split_sentences(&text, &opts),
            spans,
        ))
    })
}

/// Splits text into paragraphs at blank lines. `{ spans: true }` gives objects with offsets.
#[napi]
pub fn split_paragraphs(
    text: String,
    options: Option<SentenceOptions>,
) -> napi::Result<Either<Vec<String>, Vec<Span>>, String> {
    let spans = options.and_then(|o| o.spans).unwrap_or(false);
    guarded(|| Ok(pieces(&text, corpusforge::split_paragraphs(&text), spans)))
}

/// Cuts text into chunks that never exceed the capacity, at the strongest boundary that fits.
#[napi]
pub fn chunk(text: String, options: ChunkOptions) -> napi::Result<Vec<Chunk>, String> {
    guarded(|| {
        let chunks = corpusforge::chunk(&text, &options.into_core())?;
        let ranges: Vec<_> = chunks.iter().map(|c| c.span.clone()).collect();
        let units = utf16_ranges(&text, &ranges);
        Ok(chunks
            .into_iter()
            .zip(units)
            .map(|(c, (start, end))| Chunk {
                text: c.text,
                start,
                end,
                n_tokens: c.n_tokens as u32,
            })
            .collect())
    })
}

/// Tokens in `text`: "estimate" (default), "cl100k_base", "o200k_base" or a tokenizer.json path.
#[napi]
pub fn count_tokens(text: String, tokenizer: Option<String>) -> napi::Result<u32, String> {
    guarded(|| {
        let n = corpusforge::count_tokens(&text, tokenizer.as_deref().unwrap_or("estimate"))?;
        Ok(n as u32)
    })
}

/// Words by Unicode word boundaries (UAX #29), as every corpusforge stage counts them.
#[napi]
pub fn count_words(text: String) -> u32 {
    corpusforge::count_words(&text) as u32
}

/// The version of the corpusforge core library.
#[napi]
pub fn version() -> String {
    corpusforge::VERSION.to_string()
}

/// Options of `extract` and `extractSync`; every field is optional and defaults as in the
/// core's `ExtractOptions` (Python's keyword arguments of `extract`).
#[napi(object)]
#[derive(Default)]
pub struct ExtractOptions {
    /// File name or extension (`"report.docx"`, `"md"`) for a Buffer, used only where the
    /// bytes cannot tell the format; it also names the document in errors.
    pub hint: Option<String>,
    /// Put page headers and footers into `text`. Default false.
    pub include_headers_footers: Option<bool>,
    /// Put reviewers' comments into `text`. Default false.
    pub include_comments: Option<bool>,
    /// Put speaker notes into `text`. Default false.
    pub include_notes: Option<bool>,
    /// Put images' alternative text into `text`. Default false.
    pub include_alt_text: Option<bool>,
    /// "markdown" (default) or "tsv".
    pub table_format: Option<String>,
    /// Password of an encrypted document.
    pub password: Option<String>,
    /// PDF: join words a hyphen broke at a line's end. Default true.
    pub dehyphenate: Option<bool>,
    /// HTML: keep only the main content. Default false.
    pub main_content: Option<bool>,
    /// Plain text: the encoding to decode with (a WHATWG label); detected when absent.
    pub encoding: Option<String>,
    /// `extractAll`: e-mail attachments as documents of their own. Default false.
    pub attachments: Option<bool>,
    /// Fill `source.sha256` with the hash of the input's bytes. Default false (the hash
    /// reads every byte, images included).
    pub sha256: Option<bool>,
    /// Largest input accepted, in bytes. Default 256 MiB.
    pub max_bytes: Option<i64>,
    /// Most bytes decompressed from one container. Default 1 GiB.
    pub max_decompressed_bytes: Option<i64>,
    /// Highest compression ratio of a large container entry. Default 100.
    pub max_compression_ratio: Option<i64>,
    /// Most entries in a container. Default 10,000.
    pub max_entries: Option<i64>,
    /// Deepest XML or HTML nesting. Default 512.
    pub max_depth: Option<i64>,
    /// Time budget per document in milliseconds; 0 for none. Default 60,000.
    pub timeout_ms: Option<i64>,
}

impl ExtractOptions {
    /// The core options, checked by the core's parser (so errors name the option in
    /// snake_case, as in every front end).
    fn into_core(self) -> corpusforge::Result<(Option<String>, corpusforge::ExtractOptions)> {
        use corpusforge::StageOptions;
        let mut m = serde_json::Map::new();
        macro_rules! put {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { m.insert(stringify!($f).into(), serde_json::json!(v)); } )* };
        }
        put!(
            include_headers_footers,
            include_comments,
            include_notes,
            include_alt_text,
            table_format,
            password,
            dehyphenate,
            main_content,
            encoding,
            attachments,
            sha256,
            max_bytes,
            max_decompressed_bytes,
            max_compression_ratio,
            max_entries,
            max_depth,
            timeout_ms
        );
        let opts = corpusforge::ExtractOptions::from_json(serde_json::Value::Object(m))?;
        Ok((self.hint, opts))
    }
}

/// A structural unit of a document. `text.slice(start, end) === block.text` (UTF-16
/// indices) for blocks that are part of the text.
#[napi(object)]
pub struct Block {
    /// "heading", "paragraph", "list_item", "table", "code", "quote", "header", "footer",
    /// "footnote", "caption", "comment", "note", ...
    pub kind: String,
    /// Heading level (1 = top), for headings.
    pub level: Option<u32>,
    /// The block's text.
    pub text: String,
    /// 1-based page, slide or sheet, where known.
    pub page: Option<u32>,
    /// Start in the document's text (UTF-16 index); absent for blocks left out of it.
    pub start: Option<u32>,
    /// End (exclusive) in the document's text (UTF-16 index).
    pub end: Option<u32>,
}

/// Document metadata; fields the format does not have are absent.
#[napi(object)]
pub struct Metadata {
    /// Title.
    pub title: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Creation date, ISO 8601.
    pub created: Option<String>,
    /// Last modification date, ISO 8601.
    pub modified: Option<String>,
    /// Declared language.
    pub language: Option<String>,
    /// Pages, slides or sheets.
    pub page_count: Option<u32>,
    /// The program that produced the file.
    pub producer: Option<String>,
    /// Any other metadata, by name.
    pub extra: std::collections::HashMap<String, String>,
}

/// Where a document came from.
#[napi(object)]
pub struct Source {
    /// Path, or the hint given for a Buffer.
    pub name: String,
    /// Detected format: "docx", "html", "text", ...
    pub format: String,
    /// Length of the original bytes.
    pub byte_len: f64,
    /// Hex SHA-256 of the original bytes, when asked for with the `sha256` option.
    pub sha256: Option<String>,
}

/// An extracted document: its text in reading order, blocks, per-page text, metadata, source.
#[napi(object)]
pub struct Document {
    /// The whole text in reading order; blocks joined by blank lines.
    pub text: String,
    /// Headings, paragraphs, list items, tables, ... in reading order.
    pub blocks: Vec<Block>,
    /// Each page's (slide's, sheet's) text, where the format has pages.
    pub pages: Vec<String>,
    /// Title, author, dates, ...
    pub metadata: Metadata,
    /// Name, format, size and hash of the input.
    pub source: Source,
}

impl From<corpusforge::Document> for Document {
    fn from(d: corpusforge::Document) -> Self {
        let ranges: Vec<std::ops::Range<usize>> = d
            .blocks
            .iter()
            .map(|b| b.span.clone().unwrap_or(0..0))
            .collect();
        let units = utf16_ranges(&d.text, &ranges);
        let blocks = d
            .blocks
            .into_iter()
            .zip(units)
            .map(|(b, (start, end))| Block {
                kind: b.kind.as_str().to_string(),
                level: b.kind.level().map(u32::from),
                text: b.text,
                page: b.page,
                start: b.span.as_ref().map(|_| start),
                end: b.span.as_ref().map(|_| end),
            })
            .collect();
        let m = d.metadata;
        Document {
            text: d.text,
            blocks,
            pages: d.pages,
            metadata: Metadata {
                title: m.title,
                author: m.author,
                created: m.created,
                modified: m.modified,
                language: m.language,
                page_count: m.page_count,
                producer: m.producer,
                extra: m.extra.into_iter().collect(),
            },
            source: Source {
                name: d.source.name,
                format: d.source.format,
                byte_len: d.source.byte_len as f64,
                sha256: d.source.sha256,
            },
        }
    }
}

/// What to extract: a path or the bytes of a file.
pub enum Input {
    /// A file's path.
    Path(String),
    /// A file's bytes (copied out of the Buffer, so the work can leave the main thread).
    Bytes(Vec<u8>),
}

fn run_extract(
    input: &Input,
    options: Option<ExtractOptions>,
) -> corpusforge::Result<corpusforge::Document> {
    let (hint, opts) = options.unwrap_or_default().into_core()?;
    corpusforge::catch_panic(|| match input {
        Input::Path(p) => corpusforge::extract(p, &opts),
        Input::Bytes(b) => corpusforge::extract_bytes(b, hint.as_deref(), &opts),
    })
}

fn input_of(input: Either<String, napi::bindgen_prelude::Buffer>) -> Input {
    match input {
        Either::A(p) => Input::Path(p),
        Either::B(b) => Input::Bytes(b.to_vec()),
    }
}

/// Extracts a document (a path, or a Buffer with `options.hint` naming its type) on the
/// calling thread. Prefer `extract`, which runs off the main thread.
#[napi]
pub fn extract_sync(
    input: Either<String, napi::bindgen_prelude::Buffer>,
    options: Option<ExtractOptions>,
) -> napi::Result<Document, String> {
    run_extract(&input_of(input), options)
        .map(Document::from)
        .map_err(to_js)
}

/// The error a Promise is rejected with: a JS `Error` whose `code` is the core error's kind.
fn rejection(env: &napi::Env, e: corpusforge::Error) -> napi::Result<napi::Error> {
    let mut err = env.create_error(napi::Error::new(
        napi::Status::GenericFailure,
        e.to_string(),
    ))?;
    err.set("code", e.kind().code())?;
    Ok(napi::Error::from(err.to_unknown()))
}

/// The work of `extract`, run on the libuv thread pool.
pub struct ExtractTask {
    input: Input,
    options: Option<ExtractOptions>,
}

impl napi::Task for ExtractTask {
    type Output = corpusforge::Result<corpusforge::Document>;
    type JsValue = Document;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(run_extract(&self.input, self.options.take()))
    }

    fn resolve(&mut self, env: napi::Env, output: Self::Output) -> napi::Result<Document> {
        match output {
            Ok(d) => Ok(Document::from(d)),
            Err(e) => Err(rejection(&env, e)?),
        }
    }
}

/// Extracts a document (a path, or a Buffer with `options.hint` naming its type) off the
/// main thread: a Promise of the document, rejected with an Error whose `code` says why
/// (`UNSUPPORTED_FORMAT`, `CORRUPT_DOCUMENT`, `ENCRYPTED`, `LIMIT_EXCEEDED`, `IO`, ...).
#[napi(ts_return_type = "Promise<Document>")]
pub fn extract(
    input: Either<String, napi::bindgen_prelude::Buffer>,
    options: Option<ExtractOptions>,
) -> napi::bindgen_prelude::AsyncTask<ExtractTask> {
    napi::bindgen_prelude::AsyncTask::new(ExtractTask {
        input: input_of(input),
        options,
    })
}

/// A recognizer of your own for `findPii`/`maskPii`.
#[napi(object)]
pub struct CustomRecognizer {
    /// Its name, reported as the rule `custom:<name>`.
    pub name: String,
    /// The kind it reports, UPPER_SNAKE.
    pub kind: String,
    /// The pattern (Rust regex syntax).
    pub pattern: String,
    /// "luhn", "mod97" or "verhoeff".
    pub validator: Option<String>,
    /// Words of which one must occur shortly before a match.
    pub context: Option<Vec<String>>,
    /// The score of its matches. Default 0.8.
    pub score: Option<f64>,
}

/// Options of `findPii` and `maskPii`; every field is optional and defaults as in the
/// core's `PiiOptions` (Python's keyword arguments of `find_pii`/`mask_pii`).
#[napi(object)]
#[derive(Default)]
pub struct PiiOptions {
    /// Only these kinds ("EMAIL", "PHONE", ...); all when absent.
    pub kinds: Option<Vec<String>>,
    /// Matches scoring below this are dropped. Default 0.5.
    pub min_score: Option<f64>,
    /// Values never reported.
    pub allow: Option<Vec<String>>,
    /// Values always reported (kind DENY_LIST).
    pub deny: Option<Vec<String>>,
    /// Recognizers of your own.
    pub custom: Option<Vec<CustomRecognizer>>,
    /// "replace" (default), "redact", "mask", "hash", "fake" or "drop_document".
    pub strategy: Option<String>,
    /// A strategy per kind.
    pub strategies: Option<std::collections::HashMap<String, String>>,
    /// The replacement of "replace"; `{kind}` is the kind. Default "[{kind}]".
    pub template: Option<String>,
    /// Characters kept at the end by "mask". Default 4.
    pub keep_last: Option<u32>,
    /// HMAC key of "hash" (else CORPUSFORGE_PII_SECRET).
    pub secret: Option<String>,
    /// Hex digits of the "hash" token. Default 16.
    pub hash_digits: Option<u32>,
    /// Sensitivity level per kind ("public", "internal", "confidential", "restricted").
    pub sensitivity: Option<std::collections::HashMap<String, String>>,
}

impl PiiOptions {
    fn into_core(self) -> corpusforge::Result<corpusforge::PiiOptions> {
        use corpusforge::StageOptions;
        let mut m = serde_json::Map::new();
        macro_rules! put {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { m.insert(stringify!($f).into(), serde_json::json!(v)); } )* };
        }
        put!(
            kinds,
            min_score,
            allow,
            deny,
            strategy,
            strategies,
            template,
            keep_last,
            secret,
            hash_digits,
            sensitivity
        );
        if let Some(cs) = self.custom {
            let list: Vec<serde_json::Value> = cs
                .into_iter()
                .map(|c| {
                    let mut o =
                        serde_json::json!({"name": c.name, "kind": c.kind, "pattern": c.pattern});
                    if let Some(v) = c.validator {
                        o["validator"] = v.into();
                    }
                    if let Some(v) = c.context {
                        o["context"] = v.into();
                    }
                    if let Some(v) = c.score {
                        o["score"] = v.into();
                    }
                    o
                })
                .collect();
            m.insert("custom".into(), list.into());
        }
        corpusforge::PiiOptions::from_json(serde_json::Value::Object(m))
    }
}

/// A PII match: `text.slice(start, end) === match.text` (UTF-16 indices); for `maskPii`
/// also its place in the masked text.
#[napi(object)]
pub struct PiiMatch {
    /// "EMAIL", "PHONE", "CREDIT_CARD", ...
    pub kind: String,
    /// Start in the input (UTF-16 index).
    pub start: u32,
    /// End (exclusive) in the input.
    pub end: u32,
    /// Confidence, 0 to 1.
    pub score: f64,
    /// The matched text.
    pub text: String,
    /// The rule that fired.
    pub rule: String,
    /// Start of the replacement in the masked text (UTF-16 index), for `maskPii`.
    pub masked_start: Option<u32>,
    /// End of the replacement in the masked text, for `maskPii`.
    pub masked_end: Option<u32>,
}

/// The result of `maskPii`.
#[napi(object)]
pub struct Masked {
    /// The masked text ("" when dropped).
    pub text: String,
    /// The matches, with offsets in the input and in the masked text.
    pub matches: Vec<PiiMatch>,
    /// "public", "internal", "confidential" or "restricted".
    pub sensitivity: String,
    /// Whether a "drop_document" strategy applied.
    pub dropped: bool,
    /// Matches per kind.
    pub counts: std::collections::HashMap<String, u32>,
}

fn js_match(
    text: &str,
    m: &corpusforge::PiiMatch,
    at: (u32, u32),
    masked: Option<(u32, u32)>,
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

/// Finds PII (emails, phones, cards, IBANs, SSNs, IPs, MACs, credential URLs, secrets,
/// dates of birth, names, Aadhaar, PAN, NINO), validated by checksums and context.
#[napi]
pub fn find_pii(text: String, options: Option<PiiOptions>) -> napi::Result<Vec<PiiMatch>, String> {
    let found =
        guarded(|| corpusforge::find_pii(&text, &options.unwrap_or_default().into_core()?))?;
    let ranges: Vec<_> = found.iter().map(|m| m.span.clone()).collect();
    let at = utf16_ranges(&text, &ranges);
    Ok(found
        .iter()
        .zip(at)
        .map(|(m, a)| js_match(&text, m, a, None))
        .collect())
}

/// Finds PII and masks it with a strategy per kind; returns the masked text, the matches
/// (offsets in both texts), the sensitivity level and counts per kind.
#[napi]
pub fn mask_pii(text: String, options: Option<PiiOptions>) -> napi::Result<Masked, String> {
    let m = guarded(|| corpusforge::mask_pii(&text, &options.unwrap_or_default().into_core()?))?;
    let ranges: Vec<_> = m.matches.iter().map(|x| x.found.span.clone()).collect();
    let masked: Vec<_> = m.matches.iter().map(|x| x.masked_span.clone()).collect();
    let at = utf16_ranges(&text, &ranges);
    let at_masked = utf16_ranges(&m.text, &masked);
    let matches = m
        .matches
        .iter()
        .zip(at.into_iter().zip(at_masked))
        .map(|(x, (a, b))| js_match(&text, &x.found, a, Some(b)))
        .collect();
    Ok(Masked {
        matches,
        sensitivity: m.sensitivity.as_str().to_string(),
        dropped: m.dropped,
        counts: m.counts.into_iter().map(|(k, v)| (k, v as u32)).collect(),
        text: m.text,
    })
}

/// Why one member of `extractAll` could not be read.
#[napi(object)]
pub struct ExtractError {
    /// The error's kind: `UNSUPPORTED_FORMAT`, `CORRUPT_DOCUMENT`, `LIMIT_EXCEEDED`, ...
    pub code: String,
    /// What went wrong, naming the member.
    pub message: String,
}

/// One member of `extractAll`: its document, or why it could not be read.
#[napi(object)]
pub struct ExtractResult {
    /// The member's document.
    pub document: Option<Document>,
    /// Why the member could not be read.
    pub error: Option<ExtractError>,
}

fn run_extract_all(
    input: &Input,
    options: Option<ExtractOptions>,
) -> corpusforge::Result<Vec<corpusforge::Result<corpusforge::Document>>> {
    let (hint, opts) = options.unwrap_or_default().into_core()?;
    corpusforge::catch_panic(|| match input {
        Input::Path(p) => corpusforge::extract_all(p, &opts),
        Input::Bytes(b) => {
            corpusforge::extract_all_bytes(b, hint.as_deref().unwrap_or("<bytes>"), &opts)
        }
    })
}

fn results(rs: Vec<corpusforge::Result<corpusforge::Document>>) -> Vec<ExtractResult> {
    rs.into_iter()
        .map(|r| match r {
            Ok(d) => ExtractResult {
                document: Some(Document::from(d)),
                error: None,
            },
            Err(e) => ExtractResult {
                document: None,
                error: Some(ExtractError {
                    code: e.kind().code().to_string(),
                    message: e.to_string(),
                }),
            },
        })
        .collect()
}

/// Every document in a file (a path, or a Buffer with `options.hint`): the document itself,
/// or each member of a ZIP, tar or tar.gz archive (`archive.zip!member.docx`), and e-mail
/// attachments with `attachments: true`, on the calling thread. Prefer `extractAll`.
#[napi]
pub fn extract_all_sync(
    input: Either<String, napi::bindgen_prelude::Buffer>,
    options: Option<ExtractOptions>,
) -> napi::Result<Vec<ExtractResult>, String> {
    run_extract_all(&input_of(input), options)
        .map(results)
        .map_err(to_js)
}

/// The work of `extractAll`, run on the libuv thread pool.
pub struct ExtractAllTask {
    input: Input,
    options: Option<ExtractOptions>,
}

impl napi::Task for ExtractAllTask {
    type Output = corpusforge::Result<Vec<corpusforge::Result<corpusforge::Document>>>;
    type JsValue = Vec<ExtractResult>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(run_extract_all(&self.input, self.options.take()))
    }

    fn resolve(
        &mut self,
        env: napi::Env,
        output: Self::Output,
    ) -> napi::Result<Vec<ExtractResult>> {
        match output {
            Ok(rs) => Ok(results(rs)),
            Err(e) => Err(rejection(&env, e)?),
        }
    }
}

/// Every document in a file, off the main thread: a Promise of one result per member
/// (`{ document }` or `{ error: { code, message } }`), so one bad member does not lose the
/// others; rejected when the container itself cannot be read.
#[napi(ts_return_type = "Promise<Array<ExtractResult>>")]
pub fn extract_all(
    input: Either<String, napi::bindgen_prelude::Buffer>,
    options: Option<ExtractOptions>,
) -> napi::bindgen_prelude::AsyncTask<ExtractAllTask> {
    napi::bindgen_prelude::AsyncTask::new(ExtractAllTask {
        input: input_of(input),
        options,
    })
}
