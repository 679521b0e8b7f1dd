//! The pipeline's configuration: one section per stage whose fields are that stage's own
//! options struct (the single source of truth for names and defaults), read from TOML or
//! JSON or built in code. Unknown keys are an error that names the key.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::dataset::OutputOptions;
use crate::error::{Error, Result};
use crate::{
    ChunkOptions, DedupOptions, ExtractOptions, NormalizeOptions, PiiOptions, QualityOptions,
};

/// A stage that can be switched off (extraction always runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Repair and normalize the text.
    Normalize,
    /// Find and mask PII.
    Pii,
    /// Quality signals, presets and language; documents a preset rejects are dropped.
    Quality,
    /// Exact and near-duplicate removal across the corpus.
    Dedup,
}

impl Stage {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Normalize => "normalize",
            Stage::Pii => "pii",
            Stage::Quality => "quality",
            Stage::Dedup => "dedup",
        }
    }
}

/// One record per document, or per chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One record per document (default).
    #[default]
    Document,
    /// One record per chunk of `[segment]`'s size; chunks inherit their document's
    /// quality and dedup decisions and split.
    Chunk,
}

impl Granularity {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Document => "document",
            Granularity::Chunk => "chunk",
        }
    }
}

/// Which files of the inputs are read, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputOptions {
    /// Glob patterns (relative to a folder given as input) of the files to read; all when
    /// empty (default). E.g. `["**/*.pdf", "**/*.docx"]`.
    pub include: Vec<String>,
    /// Glob patterns of files to skip, e.g. `["**/drafts/**"]`.
    pub exclude: Vec<String>,
    /// Read files and folders whose names start with a dot. Default false.
    pub hidden: bool,
    /// Treat JSONL, CSV/TSV and Parquet inputs as datasets: each row is a document whose
    /// text is `text_column` (other columns become its `metadata`). Default false: they
    /// are documents like any other.
    pub rows: bool,
    /// The text column of dataset rows. Default `text`.
    pub text_column: String,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            include: Vec::new(),
            exclude: Vec::new(),
            hidden: false,
            rows: false,
            text_column: "text".into(),
        }
    }
}

/// The whole configuration of a [`Pipeline`](super::Pipeline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Stages to run after extraction, in the fixed order normalize → pii → quality →
    /// dedup. Default: all four.
    pub stages: Vec<Stage>,
    /// One record per `document` (default) or per `chunk`.
    pub granularity: Granularity,
    /// Keep-and-mark: drop nothing; fill `drop_reasons` and `duplicate_of` instead, for
    /// teams that filter later. Default false.
    pub keep_dropped: bool,
    /// Which inputs are read.
    pub input: InputOptions,
    /// Extraction options.
    pub extract: ExtractOptions,
    /// Normalization options.
    pub normalize: NormalizeOptions,
    /// PII detection and masking options.
    pub pii: PiiOptions,
    /// Sentence language, tokenizer (for `n_tokens`) and, with `granularity = "chunk"`,
    /// the chunk size (default 512 tokens when neither `max_chars` nor `max_tokens` is set).
    pub segment: ChunkOptions,
    /// Quality presets, thresholds and language filter.
    pub quality: QualityOptions,
    /// Deduplication options.
    pub dedup: DedupOptions,
    /// Output format, shards and splits.
    pub output: OutputOptions,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            stages: vec![Stage::Normalize, Stage::Pii, Stage::Quality, Stage::Dedup],
            granularity: Granularity::Document,
            keep_dropped: false,
            input: InputOptions::default(),
            extract: ExtractOptions::default(),
            normalize: NormalizeOptions::default(),
            pii: PiiOptions::default(),
            segment: ChunkOptions::default(),
            quality: QualityOptions::default(),
            dedup: DedupOptions::default(),
            output: OutputOptions::default(),
        }
    }
}

impl Config {
    /// Parses a TOML config. Unknown keys and wrong types are an [`Error::InvalidOption`]
    /// naming the key.
    pub fn from_toml(text: &str) -> Result<Config> {
        toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            let key = e
                .span()
                .and_then(|r| text.get(r))
                .map(|s| s.lines().next().unwrap_or(s).trim().to_string())
                .filter(|s| !s.is_empty() && s.len() < 80)
                .unwrap_or_else(|| "config".into());
            Error::invalid_option(key, msg)
        })
    }

    /// Parses a JSON config, with the same errors as [`Config::from_toml`].
    pub fn from_json(text: &str) -> Result<Config> {
        serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let key = msg
                .split('`')
                .nth(1)
                .map(str::to_string)
                .unwrap_or_else(|| "config".into());
            Error::invalid_option(key, msg)
        })
    }

    /// Reads a config file: JSON when it ends in `.json`, TOML otherwise.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Config> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&name, e))?;
        let parsed = if path.extension().is_some_and(|e| e == "json") {
            Config::from_json(&text)
        } else {
            Config::from_toml(&text)
        };
        parsed.map_err(|e| match e {
            Error::InvalidOption { option, detail } => Error::InvalidOption {
                option,
                detail: format!("{detail} (in {name})"),
            },
            other => other,
        })
    }

    /// True when `stage` runs.
    pub fn runs(&self, stage: Stage) -> bool {
        self.stages.contains(&stage)
    }

    /// A commented config with every section and its defaults, for `corpusforge init`.
    pub fn template() -> &'static str {
        TEMPLATE
    }
}

const TEMPLATE: &str = r#"# corpusforge build configuration. Every key is optional; the values shown are the defaults.
# Run: corpusforge build ./documents -o ./dataset --config corpusforge.toml

# Stages after extraction, always in this order: normalize → pii → quality → dedup.
stages = ["normalize", "pii", "quality", "dedup"]
# One record per "document", or per "chunk" (size from [segment]).
granularity = "document"
# Keep-and-mark: drop nothing, fill drop_reasons and duplicate_of instead.
keep_dropped = false

[input]
include = []            # globs relative to an input folder, e.g. ["**/*.pdf", "**/*.docx"]; empty: all files
exclude = []            # e.g. ["**/drafts/**"]
hidden = false          # read dot-files and dot-folders
rows = false            # JSONL / CSV / Parquet inputs are datasets: one document per row
text_column = "text"    # the text column of dataset rows; other columns go to `metadata`

[extract]
include_headers_footers = false
include_comments = false
include_notes = false
table_format = "markdown"   # or "tsv"
dehyphenate = true          # PDF: join words broken by a hyphen at a line's end
main_content = false        # HTML: keep only the main content
max_bytes = 268435456       # 256 MiB per input
timeout_ms = 60000          # per document; 0 for none

[normalize]
fix_mojibake = true
unicode_form = "nfc"        # nfc, nfkc, nfd, nfkd, none

[pii]
strategy = "replace"        # replace, redact, mask, hash, fake, drop_document
template = "[{kind}]"
min_score = 0.5
# kinds = ["EMAIL", "PHONE", "CREDIT_CARD"]   # default: every built-in kind
# allow = ["press@example.com"]
# [pii.strategies]
# CREDIT_CARD = "drop_document"

[segment]
language = "en"             # sentence rules; "auto" uses every language's abbreviations
tokenizer = "estimate"      # n_tokens: estimate, cl100k_base, o200k_base or a tokenizer.json path
# max_tokens = 512          # chunk size with granularity = "chunk" (default 512 tokens)
# max_chars = 2000
overlap = 0

[quality]
presets = ["gopher_quality", "gopher_repetition", "c4", "fineweb"]
language = "auto"
languages = []              # keep only these languages, e.g. ["en", "de"]; empty: all
min_language_score = 0.5
# [quality.thresholds]
# "gopher_quality.min_doc_words" = 20
# "c4.min_num_sentences" = 1       # datatrove's default is 5

[dedup]
exact = true
near = true                 # MinHash LSH
threshold = 0.8             # estimated Jaccard
# preset = "datatrove"      # datatrove's 14 × 8 bands, no verification

[output]
format = "parquet"          # parquet, jsonl, csv, arrow, hf
jsonl_compression = "none"  # none, gzip, zstd
parquet_compression = "zstd"  # zstd, snappy, none
row_group_size = 10000
shard_bytes = 500000000
seed = 42
# stratify_by = "language"  # exact shares per language (or "format")
# temporal_by = "created"   # oldest share to train, newest to test (or a date column of dataset rows)
write_dropped = false       # dropped.jsonl with every dropped document and its reasons
license = "other"
nested = []                 # document granularity: list columns "sentences", "paragraphs", "chunks"

[output.splits]
train = 1.0
validation = 0.0
test = 0.0
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_to_the_defaults() {
        assert_eq!(Config::from_toml(TEMPLATE).unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = Config::from_toml("[quality]\npresetz = []\n").unwrap_err();
        assert!(e.to_string().contains("presetz"), "{e}");
        let e = Config::from_toml("granularityy = \"chunk\"\n").unwrap_err();
        assert!(e.to_string().contains("granularityy"), "{e}");
        let e = Config::from_json(r#"{"output": {"formatt": "csv"}}"#).unwrap_err();
        assert!(e.to_string().contains("formatt"), "{e}");
        let e = Config::from_toml("[output]\nformat = \"xls\"\n").unwrap_err();
        assert!(e.to_string().contains("xls"), "{e}");
    }

    #[test]
    fn sections_use_the_stages_options() {
        let c = Config::from_toml(
            "granularity = \"chunk\"\nstages = [\"pii\"]\n[segment]\nmax_chars = 100\n[pii]\nstrategy = \"mask\"\n",
        )
        .unwrap();
        assert_eq!(c.granularity, Granularity::Chunk);
        assert_eq!(c.segment.max_chars, Some(100));
        assert!(c.runs(Stage::Pii) && !c.runs(Stage::Quality));
        assert_eq!(c.pii.strategy, crate::Strategy::Mask);
    }
}
