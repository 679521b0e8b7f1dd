//! Finding the inputs: files, folders (recursive, sorted, glob include/exclude) and
//! datasets read row by row (JSONL, CSV/TSV, Parquet).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::{Map, Value};

use super::config::InputOptions;
use crate::error::{Error, Result};

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A document file (or an archive of them).
    File(PathBuf),
    /// A dataset whose rows are documents.
    Rows(PathBuf),
}

impl Input {
    /// The path.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Rows(p) => p,
        }
    }
}

fn globset(patterns: &[String], option: &str) -> Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| Error::invalid_option(option, e.to_string()))?);
    }
    b.build()
        .map(Some)
        .map_err(|e| Error::invalid_option(option, e.to_string()))
}

/// Whether a file of this name is a dataset when `rows` is on.
fn is_dataset(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    [".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The inputs under `paths`, in a deterministic order: each path in the order given;
/// inside a folder, files sorted by name, recursively. `skip` (the output folder) is never
/// read. A path that does not exist is an error.
pub fn discover(paths: &[PathBuf], options: &InputOptions, skip: &Path) -> Result<Vec<Input>> {
    let include = globset(&options.include, "input.include")?;
    let exclude = globset(&options.exclude, "input.exclude")?;
    let skip = skip.canonicalize().ok();
    let wrap = |p: PathBuf| {
        if options.rows && is_dataset(&p) {
            Input::Rows(p)
        } else {
            Input::File(p)
        }
    };
    let mut out = Vec::new();
    for root in paths {
        let name = root.display().to_string();
        let meta = std::fs::metadata(root).map_err(|e| Error::io(&name, e))?;
        if !meta.is_dir() {
            out.push(wrap(root.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let skipped = e.file_type().is_dir()
                    && skip.is_some()
                    && e.path().canonicalize().ok() == skip;
                (options.hidden || !hidden) && !skipped
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| name.clone());
                Error::io(path, std::io::Error::other(e.to_string()))
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if include.as_ref().is_some_and(|g| !g.is_match(rel))
                || exclude.as_ref().is_some_and(|g| g.is_match(rel))
            {
                continue;
            }
            out.push(wrap(entry.into_path()));
        }
    }
    Ok(out)
}

/// One row of a dataset input: its text, its other columns as a JSON object, and its name
/// (`file#row`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `path#N`, N counting data rows from 1.
    pub name: String,
    /// The text column's value, or the reason the row is unusable.
    pub text: std::result::Result<String, String>,
    /// The other columns, as a JSON object; `None` when there are none.
    pub metadata: Option<String>,
}

/// Reads the rows of a dataset input, calling `f` with blocks of up to `block` rows.
pub fn read_rows(
    path: &Path,
    text_column: &str,
    block: usize,
    f: &mut dyn FnMut(Vec<Row>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let lower = name.to_lowercase();
    if lower.ends_with(".parquet") {
        read_parquet(path, &name, text_column, block, f)
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        read_csv(path, &name, text_column, block, lower.ends_with(".tsv"), f)
    } else {
        read_jsonl(path, &name, text_column, block, f)
    }
}

fn split_row(
    mut obj: Map<String, Value>,
    text_column: &str,
) -> (std::result::Result<String, String>, Option<String>) {
    let text = match obj.remove(text_column) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("column `{text_column}` is not a string")),
        None => Err(format!("no column `{text_column}`")),
    };
    let meta = (!obj.is_empty()).then(|| Value::Object(obj).to_string());
    (text, meta)
}

fn read_jsonl(
    path: &Path,
    name: &str,
    text_column: &str,
    block: usize,
    f: &mut dyn FnMut(Vec<Row>) -> Result<()>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(name, e))?;
    let mut rows = Blocks::new(block, f);
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(name, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let row_name = format!("{name}#{}", i + 1);
        let (text, metadata) = match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(obj)) => split_row(obj, text_column),
            Ok(_) => (Err("the line is not a JSON object".to_string()), None),
            Err(e) => (Err(format!("invalid JSON: {e}")), None),
        };
        rows.push(Row {
            name: row_name,
            text,
            metadata,
        })?;
    }
    rows.finish()
}

fn read_csv(
    path: &Path,
    name: &str,
    text_column: &str,
    block: usize,
    tabs: bool,
    f: &mut dyn FnMut(Vec<Row>) -> Result<()>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tabs { b'\t' } else { b',' })
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::io(name, std::io::Error::other(e.to_string())))?;
    let headers = reader
        .headers()
        .map_err(|e| corrupt(name, format!("CSV header: {e}")))?
        .clone();
    if !headers.iter().any(|h| h == text_column) {
        return Err(Error::invalid_option(
            "input.text_column",
            format!("{name} has no column `{text_column}`"),
        ));
    }
    let mut rows = Blocks::new(block, f);
    for (i, rec) in reader.records().enumerate() {
        let row_name = format!("{name}#{}", i + 1);
        let (text, metadata) = match rec {
            Ok(rec) => {
                let obj: Map<String, Value> = headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                    .collect();
                split_row(obj, text_column)
            }
            Err(e) => (Err(format!("CSV: {e}")), None),
        };
        rows.push(Row {
            name: row_name,
            text,
            metadata,
        })?;
    }
    rows.finish()
}

fn read_parquet(
    path: &Path,
    name: &str,
    text_column: &str,
    block: usize,
    f: &mut dyn FnMut(Vec<Row>) -> Result<()>,
) -> Result<()> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type};
    use arrow_array::Array;
    use arrow_schema::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let file = File::open(path).map_err(|e| Error::io(name, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| corrupt(name, format!("Parquet: {e}")))?
        .with_batch_size(block)
        .build()
        .map_err(|e| corrupt(name, format!("Parquet: {e}")))?;
    let mut row_no = 0usize;
    for batch in reader {
        let batch = batch.map_err(|e| corrupt(name, format!("Parquet: {e}")))?;
        let schema = batch.schema();
        if schema.index_of(text_column).is_err() {
            return Err(Error::invalid_option(
                "input.text_column",
                format!("{name} has no column `{text_column}`"),
            ));
        }
        let mut rows = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            row_no += 1;
            let mut obj = Map::new();
            for (field, col) in schema.fields().iter().zip(batch.columns()) {
                let v = if col.is_null(i) {
                    Value::Null
                } else {
                    match field.data_type() {
                        DataType::Utf8 => Value::from(col.as_string::<i32>().value(i)),
                        DataType::LargeUtf8 => Value::from(col.as_string::<i64>().value(i)),
                        DataType::Utf8View => Value::from(col.as_string_view().value(i)),
                        DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(i)),
                        DataType::Int64 => Value::from(col.as_primitive::<Int64Type>().value(i)),
                        DataType::Float32 => {
                            Value::from(col.as_primitive::<Float32Type>().value(i))
                        }
                        DataType::Float64 => {
                            Value::from(col.as_primitive::<Float64Type>().value(i))
                        }
                        DataType::Boolean => Value::from(col.as_boolean().value(i)),
                        // Nested and binary columns are not carried into metadata.
                        _ => continue,
                    }
                };
                obj.insert(field.name().clone(), v);
            }
            let (text, metadata) = split_row(obj, text_column);
            rows.push(Row {
                name: format!("{name}#{row_no}"),
                text,
                metadata,
            });
        }
        f(rows)?;
    }
    Ok(())
}

/// Rows collected into blocks, each handed to the callback when full.
struct Blocks<'f> {
    rows: Vec<Row>,
    block: usize,
    f: &'f mut dyn FnMut(Vec<Row>) -> Result<()>,
}

impl<'f> Blocks<'f> {
    fn new(block: usize, f: &'f mut dyn FnMut(Vec<Row>) -> Result<()>) -> Self {
        Blocks {
            rows: Vec::with_capacity(block),
            block,
            f,
        }
    }

    fn push(&mut self, row: Row) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= self.block {
            (self.f)(std::mem::take(&mut self.rows))?;
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        (self.f)(self.rows)
    }
}

fn corrupt(name: &str, detail: String) -> Error {
    Error::CorruptDocument {
        source_name: name.to_string(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_sorted_with_globs_and_hidden_files_skipped() {
        let dir = std::env::temp_dir().join(format!("cf-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in [
            "b/2.txt",
            "b/1.md",
            "a.txt",
            ".hidden/x.txt",
            "drafts/d.txt",
            "out/o.txt",
        ] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let opts = InputOptions {
            exclude: vec!["drafts/**".into()],
            ..Default::default()
        };
        let found = discover(std::slice::from_ref(&dir), &opts, &dir.join("out")).unwrap();
        let rel: Vec<String> = found
            .iter()
            .map(|i| i.path().strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, ["a.txt", "b/1.md", "b/2.txt"]);
        let opts = InputOptions {
            include: vec!["**/*.md".into()],
            ..Default::default()
        };
        assert_eq!(
            discover(std::slice::from_ref(&dir), &opts, &dir.join("out"))
                .unwrap()
                .len(),
            1
        );
        let missing = discover(&[dir.join("nope")], &opts, &dir).unwrap_err();
        assert_eq!(missing.kind(), crate::ErrorKind::Io);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn jsonl_rows_split_text_from_metadata() {
        let dir = std::env::temp_dir().join(format!("cf-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("d.jsonl");
        std::fs::write(
            &p,
            "{\"text\": \"a\", \"url\": \"u\"}\n\nnot json\n{\"body\": 1}\n",
        )
        .unwrap();
        let mut all = Vec::new();
        read_rows(&p, "text", 2, &mut |rows| {
            all.extend(rows);
            Ok(())
        })
        .unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].text, Ok("a".to_string()));
        assert_eq!(all[0].metadata.as_deref(), Some("{\"url\":\"u\"}"));
        assert!(all[1].text.is_err() && all[2].text.is_err());
        assert!(all[2].name.ends_with("#4"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
