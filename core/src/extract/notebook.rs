//! Jupyter notebooks, nbformat 4 and nbformat 3 (cells inside `worksheets`): Markdown
//! cells through the Markdown reader, code cells as code, nbformat 3 heading cells as
//! headings, raw cells as paragraphs, the kernel's language as metadata. Outputs (results,
//! images as base64) and attachments are not prose: the parser steps over them without
//! copying them, so a notebook full of plots costs about what its cells' text costs.
//!
//! The notebook is deserialized into the few fields read, leniently: a cell field of an
//! unexpected type reads as empty rather than failing the notebook.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::builder::DocBuilder;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

#[derive(Deserialize)]
struct Notebook {
    /// nbformat 4.
    #[serde(default)]
    cells: Option<Vec<Cell>>,
    /// nbformat 3: the cells are in worksheets (in practice one).
    #[serde(default)]
    worksheets: Option<Vec<Worksheet>>,
    #[serde(default)]
    metadata: NotebookMetadata,
}

#[derive(Deserialize)]
struct Worksheet {
    #[serde(default)]
    cells: Vec<Cell>,
}

/// The metadata read: small objects, kept as JSON values so that an odd shape is
/// ignored rather than an error. The rest (widget state can be megabytes) is skipped.
#[derive(Deserialize, Default)]
struct NotebookMetadata {
    #[serde(default)]
    kernelspec: Option<Value>,
    #[serde(default)]
    language_info: Option<Value>,
}

#[derive(Deserialize)]
struct Cell {
    #[serde(default)]
    cell_type: Text,
    #[serde(default)]
    source: Text,
    /// nbformat 3 code cells hold their code here.
    #[serde(default)]
    input: Text,
    /// nbformat 3 heading cells' level.
    #[serde(default)]
    level: Option<Value>,
}

/// A notebook string: a JSON string, or a list of strings (lines) joined as they are;
/// any other value reads as empty.
#[derive(Default)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Text, E> {
                Ok(Text(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Text, E> {
                Ok(Text(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Text, A::Error> {
                let mut out = String::new();
                while let Some(Text(line)) = seq.next_element::<Text>()? {
                    out.push_str(&line);
                }
                Ok(Text(out))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Text, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text::default())
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Text, E> {
                Ok(Text::default())
            }
        }
        d.deserialize_any(V)
    }
}

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let text = super::text::decode_str(bytes, ctx)?;
    let nb: Notebook = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| ctx.corrupt(super::structured::json_error(&e)))?;
    let cells = match (nb.cells, nb.worksheets) {
        (Some(cells), _) => cells,
        (None, Some(sheets)) => sheets.into_iter().flat_map(|w| w.cells).collect(),
        (None, None) => return Err(ctx.corrupt("notebook without a `cells` list")),
    };
    let mut meta = Metadata::default();
    let language = [
        (&nb.metadata.kernelspec, "language"),
        (&nb.metadata.language_info, "name"),
    ]
    .into_iter()
    .find_map(|(v, key)| v.as_ref()?.get(key)?.as_str());
    if let Some(lang) = language {
        meta.extra
            .insert("kernel_language".into(), lang.to_string());
    }
    let mut b = DocBuilder::new();
    for cell in cells {
        let before = b.blocks().len();
        match cell.cell_type.0.as_str() {
            "markdown" => super::markdown::read_into(&cell.source.0, ctx, &mut b, &mut meta)?,
            "code" => {
                let code = if cell.source.0.is_empty() {
                    cell.input.0
                } else {
                    cell.source.0
                };
                b.push(BlockKind::Code, code.trim_end());
            }
            "heading" => {
                let level = cell.level.as_ref().and_then(Value::as_u64).unwrap_or(1);
                let level = level.clamp(1, 6) as u8;
                b.push(BlockKind::Heading { level }, &cell.source.0);
            }
            _ => b.push(BlockKind::Paragraph, &cell.source.0),
        }
        if meta.title.is_none() {
            meta.title = b.blocks()[before..]
                .iter()
                .find(|blk| matches!(blk.kind, BlockKind::Heading { level: 1 }))
                .map(|blk| blk.text.clone());
        }
    }
    Ok(b.finish(meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractOptions;

    fn read(json: &str) -> Result<Document> {
        let opts = ExtractOptions::default();
        extract(json.as_bytes(), &Ctx::new("nb", &opts))
    }

    #[test]
    fn cells_in_order_outputs_left_out() {
        let nb = r##"{"cells": [
            {"cell_type": "markdown", "source": ["# Title\n", "Some *text*."]},
            {"cell_type": "code", "source": "print(1)\n", "outputs": [
                {"output_type": "stream", "text": ["1\n"]},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}}]},
            {"cell_type": "raw", "source": ["raw ", "text"]}],
            "metadata": {"kernelspec": {"language": "python"}, "widgets": {"x": [1, 2]}},
            "nbformat": 4}"##;
        let d = read(nb).unwrap();
        assert_eq!(d.text, "Title\n\nSome text.\n\nprint(1)\n\nraw text");
        assert_eq!(d.metadata.title.as_deref(), Some("Title"));
        assert_eq!(d.metadata.extra["kernel_language"], "python");
        assert!(matches!(d.blocks[2].kind, BlockKind::Code));
    }

    #[test]
    fn nbformat_3_worksheets() {
        let nb = r##"{"metadata": {"name": "old"}, "nbformat": 3, "worksheets": [{"cells": [
            {"cell_type": "heading", "level": 2, "source": ["Setup"]},
            {"cell_type": "code", "language": "python", "input": ["x = 1\n", "x"], "outputs": []},
            {"cell_type": "markdown", "source": "A *note*."}]}]}"##;
        let d = read(nb).unwrap();
        assert_eq!(d.text, "Setup\n\nx = 1\nx\n\nA note.");
        assert!(matches!(d.blocks[0].kind, BlockKind::Heading { level: 2 }));
    }

    #[test]
    fn odd_fields_read_as_empty_and_bad_json_names_no_text() {
        let d = read(r#"{"cells": [{"cell_type": 3, "source": {"a": 1}}, {"cell_type": "code", "source": ["ok", 5, null]}], "metadata": {"kernelspec": "python"}}"#).unwrap();
        assert_eq!(d.text, "ok");
        let e = read(r#"{"cells": "secret words"}"#)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
        let e = read(r#"{"metadata": {}}"#).unwrap_err().to_string();
        assert!(e.contains("cells"), "{e}");
        assert!(read(r#"{"cells": [{"cell_type": "code""#).is_err());
    }
}
