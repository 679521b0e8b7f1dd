//! The dataset card: `README.md` with the YAML front matter Hugging Face reads (`configs`
//! mapping splits to files, license, languages, size category) and a summary for people.

use std::fmt::Write as _;

use arrow_schema::DataType;

use super::record::RecordSchema;
use super::stats::DatasetStats;
use super::writers::SPLIT_NAMES;

/// What the card describes beyond the statistics.
pub struct CardInfo<'a> {
    /// The dataset's title.
    pub name: &'a str,
    /// License id for the front matter.
    pub license: &'a str,
    /// Data file extension (`parquet`, `jsonl.gz`, ...).
    pub extension: &'a str,
    /// Stages that ran, in order.
    pub stages: &'a [String],
    /// `document` or `chunk`.
    pub granularity: &'a str,
    /// Documents that entered the pipeline (kept, dropped and rejected).
    pub documents_in: u64,
    /// The records' columns, declared as the card's `dataset_info.features` so every
    /// split loads with the same types (a column that is all null in one split would
    /// otherwise be inferred differently there).
    pub schema: &'a RecordSchema,
    /// CSV holds nested columns as JSON text: declared as strings.
    pub nested_as_text: bool,
}

/// `dataset_info.features` in the YAML of Hugging Face dataset cards.
fn features_yaml(out: &mut String, schema: &RecordSchema, nested_as_text: bool) {
    out.push_str("dataset_info:\n  features:\n");
    for field in schema.arrow().fields() {
        let _ = writeln!(out, "  - name: {}", field.name());
        match field.data_type() {
            DataType::Struct(children) if !nested_as_text => {
                out.push_str("    struct:\n");
                for c in children {
                    let _ = writeln!(
                        out,
                        "    - name: {}\n      dtype: {}",
                        yaml_str(c.name()),
                        dtype(c.data_type())
                    );
                }
            }
            DataType::List(item) if !nested_as_text => {
                let _ = writeln!(out, "    sequence: {}", dtype(item.data_type()));
            }
            other => {
                let _ = writeln!(out, "    dtype: {}", dtype(other));
            }
        }
    }
}

/// The `datasets` dtype name of a flat Arrow type (nested types as text).
fn dtype(t: &DataType) -> &'static str {
    match t {
        DataType::Int32 => "int32",
        DataType::Int64 => "int64",
        DataType::Float32 => "float32",
        DataType::Float64 => "float64",
        DataType::Boolean => "bool",
        _ => "string",
    }
}

/// Hugging Face's size category for a row count.
fn size_category(rows: u64) -> &'static str {
    match rows {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        100_000_000..1_000_000_000 => "100M<n<1B",
        _ => "n>1B",
    }
}

/// The card's text. Deterministic: depends only on `info` and `stats`.
pub fn dataset_card(info: &CardInfo, stats: &DatasetStats) -> String {
    let mut s = String::new();
    let splits: Vec<&str> = SPLIT_NAMES
        .iter()
        .copied()
        .filter(|sp| stats.records.get(*sp).copied().unwrap_or(0) > 0)
        .collect();
    s.push_str("---\n");
    let _ = writeln!(s, "license: {}", yaml_str(info.license));
    let langs: Vec<&String> = stats
        .languages
        .keys()
        .filter(|l| l.as_str() != crate::quality::UNDETERMINED)
        .collect();
    if !langs.is_empty() {
        s.push_str("language:\n");
        for l in langs {
            let _ = writeln!(s, "- {l}");
        }
    }
    let _ = writeln!(
        s,
        "size_categories:\n- {}",
        size_category(stats.total_records())
    );
    let _ = writeln!(s, "pretty_name: {}", yaml_str(info.name));
    features_yaml(&mut s, info.schema, info.nested_as_text);
    s.push_str("tags:\n- corpusforge\nconfigs:\n- config_name: default\n  data_files:\n");
    for sp in &splits {
        let _ = writeln!(
            s,
            "  - split: {sp}\n    path: data/{sp}-*.{}",
            info.extension
        );
    }
    s.push_str("---\n\n");

    let _ = writeln!(s, "# {}\n", info.name);
    let _ = writeln!(
        s,
        "Built by corpusforge {} from {} documents: stages {}, one record per {}.\n",
        crate::VERSION,
        info.documents_in,
        info.stages.join(" → "),
        info.granularity
    );
    s.push_str("## Splits\n\n| split | documents | records |\n|---|---:|---:|\n");
    for sp in SPLIT_NAMES {
        let _ = writeln!(
            s,
            "| {sp} | {} | {} |",
            stats.documents.get(sp).copied().unwrap_or(0),
            stats.records.get(sp).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        s,
        "\n{} characters, {} words, {} tokens in all.\n",
        stats.chars, stats.words, stats.tokens
    );
    table(&mut s, "Sources by format", "format", &stats.formats);
    table(&mut s, "Languages", "language", &stats.languages);
    s.push_str(
        "## Quality\n\nDocuments per quality score (0-100):\n\n| score | documents |\n|---|---:|\n",
    );
    for (l, c) in stats
        .quality_histogram
        .labels
        .iter()
        .zip(&stats.quality_histogram.counts)
    {
        let _ = writeln!(s, "| {l} | {c} |");
    }
    s.push('\n');
    table(&mut s, "PII masked", "kind", &stats.pii_masked);
    table(&mut s, "Sensitivity", "level", &stats.sensitivity);
    table(&mut s, "Dropped documents", "reason", &stats.dropped);
    table(&mut s, "Rejected inputs", "error", &stats.rejected);

    s.push_str("## Dataset quality\n\n| measure | value |\n|---|---:|\n");
    for (name, v) in &stats.completeness {
        let _ = writeln!(s, "| completeness of `{name}` | {v} |");
    }
    let _ = writeln!(
        s,
        "| language balance (evenness, 0-1) | {} |",
        stats.language_balance
    );
    let _ = writeln!(
        s,
        "| format balance (evenness, 0-1) | {} |",
        stats.format_balance
    );
    let _ = writeln!(
        s,
        "| lexical diversity (mean type-token ratio) | {} |",
        stats.lexical_diversity
    );
    let _ = writeln!(s, "| duplicate rate | {} |", stats.duplicate_rate);
    let _ = writeln!(
        s,
        "| PII residue (re-scanned records still holding PII) | {} of {} |",
        stats.pii_residue.with_pii, stats.pii_residue.scanned
    );
    let _ = writeln!(s, "| mean quality score | {} |", stats.mean_quality);
    let _ = writeln!(s, "| **dataset score** | **{}** |\n", stats.dataset_score);
    let _ = writeln!(s, "Dataset score = {}.\n", DatasetStats::SCORE_FORMULA);
    s.push_str(
        "## Columns\n\n`id` (`{doc_id}:{chunk_index}`), `doc_id` (SHA-256 of the source), `chunk_index`, \
         `text`, `source`, `format`, `sha256`, `title`, `author`, `created`, `page_count`, \
         `language`, `language_score`, `n_chars`, `n_words`, `n_sentences`, `n_tokens`, \
         `quality_score`, `quality_signals`, `drop_reasons`, `pii_counts`, `sensitivity`, \
         `duplicate_of`, `split`, `metadata`. `stats.json` holds the figures above.\n",
    );
    s
}

fn table(s: &mut String, title: &str, key: &str, counts: &std::collections::BTreeMap<String, u64>) {
    if counts.is_empty() {
        return;
    }
    let _ = writeln!(s, "## {title}\n\n| {key} | count |\n|---|---:|");
    for (k, v) in counts {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    s.push('\n');
}

/// A YAML scalar, quoted when it needs to be.
fn yaml_str(v: &str) -> String {
    if v.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_. ".contains(c))
        && !v.is_empty()
    {
        v.to_string()
    } else {
        serde_json::to_string(v).unwrap_or_default()
    }
}
