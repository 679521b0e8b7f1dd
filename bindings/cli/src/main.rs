//! The `corpusforge` command line: a thin skin over the core library.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod build;

use clap::{Args, Parser, Subcommand, ValueEnum};
use corpusforge::offsets::{convert_ranges, OffsetUnit};
use corpusforge::{
    ChunkOptions, Error, ExtractOptions, NormalizeOptions, SentenceOptions, UnicodeForm,
};

/// mimalloc instead of the system allocator: the pipeline's many small per-document
/// allocations across threads cost glibc malloc about 15% of a run on short records.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  corpusforge build ./documents -o ./dataset                  # the main job: a Parquet dataset with a card
  corpusforge build ./documents -o ./ds --format jsonl --config cf.toml --keep-dropped
  corpusforge build --rows crawl.jsonl -o ./clean              # each JSONL/CSV/Parquet row is a document
  corpusforge init cf.toml                                    # a commented config with every default
  corpusforge normalize notes.txt > clean.txt
  curl -s https://example.com | corpusforge normalize --strip-html-tags
  echo 'cafÃ© &amp; bar' | corpusforge normalize          # café & bar
  corpusforge normalize --unicode-form nfkc --collapse-whitespace --report doc.txt
  corpusforge segment --unit sentence article.txt             # one JSON object per sentence
  corpusforge segment --unit chunk --max-tokens 512 --overlap 64 --tokenizer cl100k_base doc.md
  corpusforge segment --count doc.txt                         # chars, words, sentences, tokens
  corpusforge extract report.docx                             # the text, in reading order
  corpusforge extract --format json slides.pptx               # blocks, pages, metadata, source
  corpusforge extract --format markdown page.html > page.md
  corpusforge pii notes.txt                                   # one JSON object per match
  corpusforge pii --mask replace --report notes.txt > masked.txt
  CORPUSFORGE_PII_SECRET=... corpusforge pii --mask hash notes.txt
  corpusforge quality page.txt                                # score, language, each preset's verdict
  corpusforge quality --jsonl crawl.jsonl --threshold gopher_quality.min_doc_words=20
  corpusforge dedup crawl.jsonl > crawl.dedup.jsonl           # adds duplicate_of to each record
  corpusforge dedup --drop --score-field quality_score crawl.jsonl
  corpusforge dedup --eval benchmark-questions.txt --drop crawl.jsonl   # also drops 13-gram overlaps";

/// Turn documents into training-ready datasets for language models.
#[derive(Parser)]
#[command(name = "corpusforge", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The main job: read files and folders (any format; datasets row by row with `--rows`),
    /// extract, normalize, mask PII, judge quality, deduplicate, split and write a dataset
    /// folder (`data/` shards, `README.md` card, `stats.json`, `rejects.jsonl`).
    #[command(after_help = EXAMPLES)]
    Build(build::BuildArgs),
    /// Write a commented config file with every option and its default.
    Init(build::InitArgs),
    /// Repair and normalize text: mojibake, HTML entities, control characters, Unicode
    /// form, line endings and whitespace. Reads FILE (or stdin), writes stdout.
    #[command(after_help = EXAMPLES)]
    Normalize(NormalizeArgs),
    /// Split text into sentences, paragraphs or chunks: one JSON object per line with
    /// `text`, `start`, `end` (code point offsets) and, for chunks, `n_tokens`. Reads FILE
    /// (or stdin).
    #[command(after_help = EXAMPLES)]
    Segment(SegmentArgs),
    /// Extract a document's text, structure and metadata (DOCX, PPTX, XLSX, ODT, EPUB,
    /// HTML, Markdown, RTF, CSV, e-mail, JSON, XML, plain text in any encoding); each
    /// member of a ZIP, tar or tar.gz archive.
    #[command(after_help = EXAMPLES)]
    Extract(ExtractArgs),
    /// Find PII (JSON lines: kind, start, end as code points, score, rule, text), or mask it
    /// with `--mask STRATEGY` (the masked text on stdout). Reads FILE (or stdin).
    #[command(after_help = EXAMPLES)]
    Pii(PiiArgs),
    /// Judge quality: datatrove's Gopher, C4 and FineWeb presets, every signal, a 0-100
    /// score and the language, as one JSON object (one per line with `--jsonl`). Reads FILE
    /// (or stdin).
    #[command(after_help = EXAMPLES)]
    Quality(QualityArgs),
    /// Find exact and near duplicates (MinHash LSH) among the records of a JSONL file, and
    /// with `--eval` the records that overlap an evaluation set; writes every record with
    /// `duplicate_of` (the kept twin's id, or null), or only the kept ones with `--drop`.
    #[command(after_help = EXAMPLES)]
    Dedup(DedupArgs),
}

#[derive(Args)]
struct QualityArgs {
    /// Input file (UTF-8); stdin when absent or `-`.
    file: Option<PathBuf>,
    /// The input is JSON lines: judge the `--text-field` of each record, print one report
    /// per line (with the record's `id` when it has one).
    #[arg(long)]
    jsonl: bool,
    /// The field holding the text, with `--jsonl`.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Presets to judge, comma-separated (gopher_quality,gopher_repetition,c4,fineweb).
    #[arg(long, value_delimiter = ',')]
    presets: Option<Vec<String>>,
    /// Override a threshold: `preset.name=value`, or `preset.name=none` to turn it off.
    /// Repeatable.
    #[arg(long = "threshold", value_name = "PRESET.NAME=VALUE")]
    thresholds: Vec<String>,
    /// The text's language (ISO 639-1), or `auto` to detect it.
    #[arg(long)]
    language: Option<String>,
    /// Keep only these languages, comma-separated.
    #[arg(long, value_delimiter = ',')]
    languages: Option<Vec<String>>,
}

impl QualityArgs {
    fn options(&self) -> corpusforge::Result<corpusforge::QualityOptions> {
        let d = corpusforge::QualityOptions::default();
        let mut thresholds = std::collections::BTreeMap::new();
        for t in &self.thresholds {
            let (k, v) = t.split_once('=').ok_or_else(|| {
                Error::invalid_option("threshold", format!("`{t}` is not PRESET.NAME=VALUE"))
            })?;
            let value = match v.trim() {
                "none" | "null" => None,
                n => Some(n.parse::<f64>().map_err(|_| {
                    Error::invalid_option("threshold", format!("`{v}` is not a number or none"))
                })?),
            };
            thresholds.insert(k.trim().to_string(), value);
        }
        Ok(corpusforge::QualityOptions {
            presets: self.presets.clone().unwrap_or(d.presets.clone()),
            thresholds,
            language: self.language.clone().unwrap_or(d.language.clone()),
            languages: self.languages.clone().unwrap_or_default(),
            ..d
        })
    }
}

fn quality(args: QualityArgs) -> corpusforge::Result<()> {
    let opts = args.options()?;
    let input = read_input(args.file.as_ref())?;
    if !args.jsonl {
        let report = corpusforge::quality(&input, &opts)?;
        return write_out(&format!("{}\n", report.to_json()));
    }
    let records = parse_jsonl(&input, args.file.as_ref())?;
    let texts = text_fields(&records, &args.text_field);
    let reports = corpusforge::quality::quality_batch(&texts, &opts)?;
    let mut out = String::new();
    for (rec, report) in records.iter().zip(reports) {
        let mut j = report.to_json();
        if let Some(id) = rec.get("id") {
            j["id"] = id.clone();
        }
        out.push_str(&j.to_string());
        out.push('\n');
    }
    write_out(&out)
}

#[derive(Args)]
struct DedupArgs {
    /// JSONL file; stdin when absent or `-`.
    file: Option<PathBuf>,
    /// The field holding the text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// The field holding each record's id (the line number, from 0, when absent).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// A numeric field: each cluster keeps its record with the highest value.
    #[arg(long)]
    score_field: Option<String>,
    /// Write only the kept records.
    #[arg(long)]
    drop: bool,
    /// Only exact copies (no MinHash).
    #[arg(long, conflicts_with = "no_exact")]
    no_near: bool,
    /// Only near copies.
    #[arg(long)]
    no_exact: bool,
    /// Estimated Jaccard similarity at or above which records are near copies (default 0.8).
    #[arg(long)]
    threshold: Option<f64>,
    /// `datatrove`: datatrove's MinHash settings (14 bands × 8 rows, no verification).
    #[arg(long)]
    preset: Option<String>,
    /// Evaluation texts (JSONL with `--text-field`, or one text per line): records sharing
    /// a word 13-gram with any get `"contaminated": true` (and are left out with `--drop`).
    #[arg(long, value_name = "FILE")]
    eval: Option<PathBuf>,
}

fn dedup(args: DedupArgs) -> corpusforge::Result<()> {
    let d = corpusforge::DedupOptions::default();
    let opts = corpusforge::DedupOptions {
        exact: !args.no_exact,
        near: !args.no_near,
        threshold: args.threshold.unwrap_or(d.threshold),
        preset: args.preset.clone(),
        ..d
    };
    let input = read_input(args.file.as_ref())?;
    let mut records = parse_jsonl(&input, args.file.as_ref())?;
    let texts = text_fields(&records, &args.text_field);
    let scores: Option<Vec<f32>> = args.score_field.as_ref().map(|f| {
        records
            .iter()
            .map(|r| r.get(f).and_then(|v| v.as_f64()).unwrap_or(0.0) as f32)
            .collect()
    });
    let found = corpusforge::dedup::dedup_with_scores(&texts, scores.as_deref(), &opts)?;
    let contaminated = match &args.eval {
        Some(path) => {
            let raw = read_input(Some(path))?;
            let evals: Vec<String> = if path.extension().is_some_and(|e| e == "jsonl") {
                parse_jsonl(&raw, Some(path))?
                    .iter()
                    .filter_map(|r| r.get(&args.text_field)?.as_str().map(str::to_string))
                    .collect()
            } else {
                raw.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            };
            Some(corpusforge::dedup::decontaminate(
                &texts,
                &evals,
                corpusforge::dedup::DECONTAMINATION_NGRAM,
            ))
        }
        None => None,
    };
    let ids: Vec<serde_json::Value> = records
        .iter()
        .enumerate()
        .map(|(i, r)| r.get(&args.id_field).cloned().unwrap_or_else(|| i.into()))
        .collect();
    let (mut out, mut dropped) = (String::new(), 0usize);
    for (i, (rec, dup)) in records.iter_mut().zip(&found).enumerate() {
        let tainted = contaminated.as_ref().is_some_and(|c| c[i]);
        if args.drop && (dup.is_some() || tainted) {
            dropped += 1;
            continue;
        }
        rec["duplicate_of"] = dup.map_or(serde_json::Value::Null, |d| ids[d.of].clone());
        if contaminated.is_some() {
            rec["contaminated"] = tainted.into();
        }
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    let dups = found.iter().filter(|d| d.is_some()).count();
    let tainted = contaminated.map_or(String::new(), |c| {
        format!(", {} contaminated", c.iter().filter(|&&x| x).count())
    });
    eprintln!(
        "corpusforge dedup: {} records, {dups} duplicates ({} exact){tainted}{}",
        records.len(),
        found.iter().filter(|d| d.is_some_and(|d| d.exact)).count(),
        if args.drop {
            format!(", {dropped} dropped")
        } else {
            String::new()
        }
    );
    write_out(&out)
}

/// The string in `field` of each record ("" where it is missing or not a string).
fn text_fields<'a>(records: &'a [serde_json::Value], field: &str) -> Vec<&'a str> {
    records
        .iter()
        .map(|r| r.get(field).and_then(|v| v.as_str()).unwrap_or(""))
        .collect()
}

/// JSON lines as objects; a bad line is an error naming the file and line.
fn parse_jsonl(input: &str, file: Option<&PathBuf>) -> corpusforge::Result<Vec<serde_json::Value>> {
    let name = file.map_or("<stdin>".to_string(), |p| p.display().to_string());
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(
            |(i, l)| match serde_json::from_str::<serde_json::Value>(l) {
                Ok(v) if v.is_object() => Ok(v),
                _ => Err(Error::CorruptDocument {
                    source_name: name.clone(),
                    detail: format!("line {} is not a JSON object", i + 1),
                }),
            },
        )
        .collect()
}

#[derive(Args)]
struct PiiArgs {
    /// Input file (UTF-8); stdin when absent or `-`.
    file: Option<PathBuf>,
    /// Mask with this strategy (replace, redact, mask, hash, fake, drop_document) and print
    /// the masked text instead of the matches.
    #[arg(long, value_name = "STRATEGY")]
    mask: Option<String>,
    /// Only these kinds, comma-separated (EMAIL,PHONE,...).
    #[arg(long, value_delimiter = ',')]
    kinds: Option<Vec<String>>,
    /// Drop matches scoring below this (0-1).
    #[arg(long)]
    min_score: Option<f64>,
    /// The replacement of `--mask replace`; `{kind}` is the kind.
    #[arg(long)]
    template: Option<String>,
    /// Characters kept at the end by `--mask mask`.
    #[arg(long)]
    keep_last: Option<usize>,
    /// HMAC key of `--mask hash` (prefer the CORPUSFORGE_PII_SECRET environment variable:
    /// arguments show in process lists).
    #[arg(long)]
    secret: Option<String>,
    /// With `--mask`: print the sensitivity level and counts per kind as JSON on stderr.
    #[arg(long)]
    report: bool,
}

fn pii(args: PiiArgs) -> corpusforge::Result<()> {
    let text = read_input(args.file.as_ref())?;
    let d = corpusforge::PiiOptions::default();
    let opts = corpusforge::PiiOptions {
        kinds: args.kinds.clone(),
        min_score: args.min_score.unwrap_or(d.min_score),
        template: args.template.clone().unwrap_or(d.template.clone()),
        keep_last: args.keep_last.unwrap_or(d.keep_last),
        secret: args.secret.clone(),
        strategy: match &args.mask {
            Some(m) => m.parse()?,
            None => d.strategy,
        },
        ..d
    };
    if args.mask.is_some() {
        let m = corpusforge::mask_pii(&text, &opts)?;
        write_out(&m.text)?;
        if args.report {
            let summary = serde_json::json!({
                "sensitivity": m.sensitivity.as_str(),
                "dropped": m.dropped,
                "counts": m.counts,
            });
            eprintln!("{summary}");
        }
        return Ok(());
    }
    let found = corpusforge::find_pii(&text, &opts)?;
    let ranges: Vec<_> = found.iter().map(|m| m.span.clone()).collect();
    let places = convert_ranges(&text, &ranges, OffsetUnit::CodePoints);
    let mut out = String::new();
    for (m, (start, end)) in found.iter().zip(places) {
        let obj = serde_json::json!({
            "kind": m.kind, "start": start, "end": end, "score": m.score,
            "rule": m.rule, "text": &text[m.span.clone()],
        });
        out.push_str(&obj.to_string());
        out.push('\n');
    }
    write_out(&out)
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// The document's text.
    Text,
    /// The whole document as JSON: text, blocks, pages, metadata, source.
    Json,
    /// The blocks as Markdown (headings, lists, tables, code, quotes).
    Markdown,
}

#[derive(Args)]
struct ExtractArgs {
    /// The document.
    file: PathBuf,
    /// What to print.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Put page headers and footers into the text.
    #[arg(long)]
    include_headers_footers: bool,
    /// Put reviewers' comments into the text.
    #[arg(long)]
    include_comments: bool,
    /// Put speaker notes into the text.
    #[arg(long)]
    include_notes: bool,
    /// Put images' alternative text into the text.
    #[arg(long)]
    include_alt_text: bool,
    /// How tables appear in the text: markdown or tsv.
    #[arg(long, value_name = "FORMAT")]
    table_format: Option<String>,
    /// Password of an encrypted document.
    #[arg(long)]
    password: Option<String>,
    /// PDF: keep hyphens that break words at line ends (they are joined by default).
    #[arg(long)]
    keep_hyphens: bool,
    /// HTML: keep only the main content.
    #[arg(long)]
    main_content: bool,
    /// E-mail: extract attachments as documents of their own.
    #[arg(long)]
    attachments: bool,
    /// Plain text: decode with this encoding (e.g. windows-1252, shift_jis).
    #[arg(long)]
    encoding: Option<String>,
    /// Hash the input's bytes into `source.sha256` (JSON output).
    #[arg(long)]
    sha256: bool,
}

impl ExtractArgs {
    fn options(&self) -> corpusforge::Result<ExtractOptions> {
        let d = ExtractOptions::default();
        Ok(ExtractOptions {
            include_headers_footers: self.include_headers_footers,
            include_comments: self.include_comments,
            include_notes: self.include_notes,
            include_alt_text: self.include_alt_text,
            table_format: match &self.table_format {
                Some(t) => t.parse()?,
                None => d.table_format,
            },
            password: self.password.clone(),
            dehyphenate: !self.keep_hyphens,
            main_content: self.main_content,
            attachments: self.attachments,
            sha256: self.sha256,
            encoding: self.encoding.clone(),
            ..d
        })
    }
}

fn extract(args: ExtractArgs) -> corpusforge::Result<()> {
    let results = corpusforge::extract_all(&args.file, &args.options()?)?;
    let many = results.len() != 1;
    let mut out = String::new();
    let mut first_error = None;
    let mut json = Vec::new();
    for r in results {
        let doc = match r {
            Ok(d) => d,
            Err(e) => {
                // A member that failed: reported (the first on exit, with its status),
                // the others still printed.
                match first_error {
                    None => first_error = Some(e),
                    Some(_) => eprintln!("corpusforge: {e}"),
                }
                continue;
            }
        };
        if many && !matches!(args.format, OutputFormat::Json) {
            out.push_str(&format!("==> {} <==\n", doc.source.name));
        }
        match args.format {
            OutputFormat::Text => out.push_str(doc.text.trim_end()),
            OutputFormat::Markdown => out.push_str(doc.to_markdown().trim_end()),
            OutputFormat::Json => json.push(doc),
        }
        out.push_str(if many { "\n\n" } else { "\n" });
    }
    if matches!(args.format, OutputFormat::Json) {
        let s = if many {
            serde_json::to_string_pretty(&json)
        } else {
            serde_json::to_string_pretty(&json.first())
        };
        out = s.map_err(|e| Error::Internal {
            detail: e.to_string(),
        })? + "\n";
    }
    write_out(&out)?;
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Unit {
    Sentence,
    Paragraph,
    Chunk,
}

#[derive(Args)]
struct SegmentArgs {
    /// Input file (UTF-8); stdin when absent or `-`.
    file: Option<PathBuf>,
    /// What to split into.
    #[arg(long, value_enum, default_value = "sentence")]
    unit: Unit,
    /// Chunk capacity in characters (with `--unit chunk`).
    #[arg(long, value_name = "N", conflicts_with = "max_tokens")]
    max_chars: Option<usize>,
    /// Chunk capacity in tokens of `--tokenizer` (with `--unit chunk`).
    #[arg(long, value_name = "N")]
    max_tokens: Option<usize>,
    /// Avoid chunks shorter than N characters when a longer end fits (with `--max-chars`).
    #[arg(long, value_name = "N")]
    min_chars: Option<usize>,
    /// Avoid chunks shorter than N tokens when a longer end fits (with `--max-tokens`).
    #[arg(long, value_name = "N")]
    min_tokens: Option<usize>,
    /// Overlap between chunks, in the capacity's unit (default 0).
    #[arg(long, value_name = "N")]
    overlap: Option<usize>,
    /// Token counter: estimate (default), cl100k_base, o200k_base, or a tokenizer.json path.
    #[arg(long)]
    tokenizer: Option<String>,
    /// Language for sentence boundaries: en (default), de, fr, es, it, pt, nl, ru, pl, auto.
    #[arg(long)]
    language: Option<String>,
    /// Print counts (chars, words, sentences, paragraphs, tokens) as one JSON object instead.
    #[arg(long)]
    count: bool,
}

#[derive(Args)]
struct NormalizeArgs {
    /// Input file (UTF-8); stdin when absent or `-`.
    file: Option<PathBuf>,
    /// Print what each step changed, as JSON, to stderr.
    #[arg(long)]
    report: bool,
    /// Keep a leading byte-order mark.
    #[arg(long)]
    keep_bom: bool,
    /// Do not repair mojibake.
    #[arg(long)]
    no_fix_mojibake: bool,
    /// Do not replace C1 controls by the Windows-1252 punctuation they stand for.
    #[arg(long)]
    no_fix_c1_controls: bool,
    /// Do not decode HTML character references.
    #[arg(long)]
    no_decode_entities: bool,
    /// Keep control and invisible format characters.
    #[arg(long)]
    keep_control_chars: bool,
    /// Unicode normalization form: nfc (default), nfkc, nfd, nfkd or none.
    #[arg(long)]
    unicode_form: Option<String>,
    /// Keep \r\n and \r line endings.
    #[arg(long)]
    keep_line_endings: bool,
    /// Keep trailing whitespace on lines.
    #[arg(long)]
    keep_trailing_whitespace: bool,
    /// At most N blank lines in a row (default 2); `none` for no cap.
    #[arg(long, value_name = "N|none")]
    max_blank_lines: Option<String>,
    /// Collapse runs of horizontal whitespace into one space.
    #[arg(long)]
    collapse_whitespace: bool,
    /// Replace each tab by N spaces.
    #[arg(long, value_name = "N")]
    tabs_to_spaces: Option<usize>,
    /// Remove HTML/XML tags.
    #[arg(long)]
    strip_html_tags: bool,
    /// Curly quotes to ASCII quotes.
    #[arg(long)]
    straighten_quotes: bool,
    /// Expand Latin ligatures (ﬁ → fi).
    #[arg(long)]
    fix_ligatures: bool,
    /// Full-width ASCII forms to ASCII (wrong for CJK text).
    #[arg(long)]
    fullwidth_to_ascii: bool,
}

impl NormalizeArgs {
    fn options(&self) -> corpusforge::Result<NormalizeOptions> {
        // Flags left out keep the core's defaults.
        let d = NormalizeOptions::default();
        let max_blank_lines = match self.max_blank_lines.as_deref() {
            None => d.max_blank_lines,
            Some("none") => None,
            Some(n) => Some(n.parse().map_err(|_| {
                Error::invalid_option("max_blank_lines", "expected a number or `none`")
            })?),
        };
        let unicode_form = match &self.unicode_form {
            Some(f) => f.parse::<UnicodeForm>()?,
            None => d.unicode_form,
        };
        Ok(NormalizeOptions {
            remove_bom: !self.keep_bom,
            fix_mojibake: !self.no_fix_mojibake,
            fix_c1_controls: !self.no_fix_c1_controls,
            decode_entities: !self.no_decode_entities,
            remove_control_chars: !self.keep_control_chars,
            unicode_form,
            normalize_line_endings: !self.keep_line_endings,
            strip_trailing_whitespace: !self.keep_trailing_whitespace,
            max_blank_lines,
            collapse_whitespace: self.collapse_whitespace,
            tabs_to_spaces: self.tabs_to_spaces,
            strip_html_tags: self.strip_html_tags,
            straighten_quotes: self.straighten_quotes,
            fix_ligatures: self.fix_ligatures,
            fullwidth_to_ascii: self.fullwidth_to_ascii,
        })
    }
}

/// Reads the input as UTF-8 (a UTF-8 or UTF-16 BOM is honoured).
fn read_input(file: Option<&PathBuf>) -> corpusforge::Result<String> {
    let (name, bytes) = match file {
        Some(p) if p.as_os_str() != "-" => {
            let name = p.display().to_string();
            let bytes = std::fs::read(p).map_err(|e| Error::io(&name, e))?;
            (name, bytes)
        }
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| Error::io("<stdin>", e))?;
            ("<stdin>".to_string(), b)
        }
    };
    let (text, _, had_errors) = encoding_rs::UTF_8.decode(&bytes);
    if had_errors {
        return Err(Error::UnsupportedFormat {
            source_name: name,
            detail: "not UTF-8 text (legacy encodings are read by `extract`)".into(),
        });
    }
    Ok(text.into_owned())
}

fn write_out(s: &str) -> corpusforge::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(s.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn segment(args: SegmentArgs) -> corpusforge::Result<()> {
    let text = read_input(args.file.as_ref())?;
    // Flags left out keep the core's defaults.
    let d = ChunkOptions::default();
    let language = args.language.clone().unwrap_or(d.language);
    let tokenizer = args.tokenizer.clone().unwrap_or(d.tokenizer);
    let sentence_opts = SentenceOptions {
        language: language.clone(),
    };
    if args.count {
        let counts = serde_json::json!({
            "n_chars": text.chars().count(),
            "n_words": corpusforge::count_words(&text),
            "n_sentences": corpusforge::split_sentences(&text, &sentence_opts).len(),
            "n_paragraphs": corpusforge::split_paragraphs(&text).len(),
            "n_tokens": corpusforge::count_tokens(&text, &tokenizer)?,
            "tokenizer": tokenizer,
        });
        return write_out(&format!("{counts}\n"));
    }
    let (ranges, tokens): (Vec<std::ops::Range<usize>>, Option<Vec<usize>>) = match args.unit {
        Unit::Sentence => (corpusforge::split_sentences(&text, &sentence_opts), None),
        Unit::Paragraph => (corpusforge::split_paragraphs(&text), None),
        Unit::Chunk => {
            let opts = ChunkOptions {
                max_chars: args.max_chars,
                max_tokens: args.max_tokens,
                min_chars: args.min_chars,
                min_tokens: args.min_tokens,
                overlap: args.overlap.unwrap_or(d.overlap),
                tokenizer,
                language,
            };
            let chunks = corpusforge::chunk(&text, &opts)?;
            let tokens = chunks.iter().map(|c| c.n_tokens).collect();
            (chunks.into_iter().map(|c| c.span).collect(), Some(tokens))
        }
    };
    let places = convert_ranges(&text, &ranges, OffsetUnit::CodePoints);
    let mut out = String::new();
    for (k, r) in ranges.iter().enumerate() {
        let mut obj = serde_json::json!({
            "text": &text[r.clone()],
            "start": places[k].0,
            "end": places[k].1,
        });
        if let Some(t) = &tokens {
            obj["n_tokens"] = t[k].into();
        }
        out.push_str(&obj.to_string());
        out.push('\n');
    }
    write_out(&out)
}

fn run(cli: Cli) -> corpusforge::Result<()> {
    match cli.command {
        Command::Build(args) => {
            if build::build(args)? {
                std::process::exit(4);
            }
            Ok(())
        }
        Command::Init(args) => build::init(args),
        Command::Segment(args) => segment(args),
        Command::Extract(args) => extract(args),
        Command::Pii(args) => pii(args),
        Command::Quality(args) => quality(args),
        Command::Dedup(args) => dedup(args),
        Command::Normalize(args) => {
            let opts = args.options()?;
            let text = read_input(args.file.as_ref())?;
            let (out, report) = corpusforge::normalize_with_report(&text, &opts);
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
            if args.report {
                let json = serde_json::to_string(&report).map_err(|e| Error::Internal {
                    detail: e.to_string(),
                })?;
                eprintln!("{json}");
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match corpusforge::catch_panic(|| run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpusforge: {e}");
            ExitCode::from(u8::try_from(e.kind().exit_code()).unwrap_or(1))
        }
    }
}
