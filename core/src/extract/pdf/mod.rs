//! PDF: lopdf parses the objects; the text engine here interprets content streams
//! ([`interp`]), maps fonts to Unicode ([`font`]), builds lines from glyph positions
//! ([`lines`]) and blocks in reading order ([`layout`]).
//!
//! Lines repeated at the same place on most pages, page numbers and `/Artifact` content at
//! the page edges become Header/Footer blocks, left out of the text by default. Form fields
//! and annotation contents are blocks of their own. Metadata comes from the Info dictionary
//! and XMP; pages without a text layer (scans) and pages whose text looks garbled are
//! listed in `metadata.extra` so users know which pages need OCR.

mod font;
mod furniture;
mod glyphs;
mod interp;
mod layout;
mod lexer;
mod lines;
mod meta;
mod obj;
mod std14;

use lopdf::{Dictionary, Document as PdfDoc, LoadOptions, Object, ObjectId};

use super::builder::DocBuilder;
use super::Ctx;
use crate::document::{BlockKind, Document};
use crate::error::{Error, Result};
use interp::{Interpreter, PageContent};
use layout::{DocStyle, PageBlock};
use lines::Line;
use obj::{dict_of, get, num_of, text_of};

/// Extracts a PDF's text, structure and metadata.
pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let doc = load(bytes, ctx)?;
    let pages = doc.get_pages();
    let mut interp = Interpreter::new(&doc);
    let mut page_lines: Vec<Vec<Line>> = Vec::with_capacity(pages.len());
    let mut report = PageReport::default();
    for (&number, &page_id) in &pages {
        ctx.check_time()?;
        let (content, complete) = page_content(&doc, page_id, &mut interp, ctx)?;
        if !complete {
            report.unreadable.push(number);
        }
        report.add(number, &content);
        page_lines.push(lines::page_lines(&content));
    }

    let body_size = body_size(&page_lines);
    let style = DocStyle {
        body_size,
        dehyphenate: ctx.opts.dehyphenate,
    };
    let boxes: Vec<[f32; 4]> = pages.values().map(|&id| media_box(&doc, id)).collect();
    let furniture = furniture::find(&page_lines, &boxes);

    let mut b = DocBuilder::new();
    let mut page_blocks: Vec<(u32, Vec<PageBlock>)> = Vec::new();
    for (k, lines) in page_lines.iter().enumerate() {
        let content: Vec<Line> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !furniture.is_furniture(k, *i))
            .map(|(_, l)| l.clone())
            .collect();
        page_blocks.push((k as u32 + 1, layout::page_blocks(&content, &style)));
    }
    let levels = heading_levels(&page_blocks);
    let opts = ctx.opts;
    for ((number, blocks), (&_, &page_id)) in page_blocks.into_iter().zip(&pages) {
        b.set_page(Some(number));
        let k = number as usize - 1;
        for (kind, text) in furniture.blocks(k, &page_lines[k], true) {
            b.push_maybe(kind, &text, opts.include_headers_footers);
        }
        for block in blocks {
            let kind = match block.kind {
                BlockKind::Heading { .. } => BlockKind::Heading {
                    level: levels(block.size),
                },
                other => other,
            };
            b.push(kind, &block.text);
        }
        for text in annotations(&doc, page_id) {
            b.push_maybe(BlockKind::Annotation, &text, opts.include_comments);
        }
        for (kind, text) in furniture.blocks(k, &page_lines[k], false) {
            b.push_maybe(kind, &text, opts.include_headers_footers);
        }
    }
    b.set_page(None);
    // Values shown by widget appearances are in the text already; the fields are blocks of
    // their own either way, and go into the text when no widget showed them.
    let shown = need_appearances(&doc)
        || pages
            .values()
            .any(|&id| !widget_appearances(&doc, id).is_empty());
    for field in meta::form_fields(&doc) {
        b.push_maybe(BlockKind::FormField, &field, !shown);
    }
    let mut metadata = meta::metadata(&doc, page_count(&doc, pages.len()));
    report.write(&mut metadata.extra);
    Ok(b.finish(metadata))
}

/// Pages found in the page tree; when a damaged tree yields none, the count it declares
/// (or a linearized file's page count).
fn page_count(doc: &PdfDoc, found: usize) -> usize {
    if found > 0 {
        return found;
    }
    let declared = doc
        .catalog()
        .ok()
        .and_then(|c| get(doc, c, b"Pages"))
        .and_then(|p| match p {
            Object::Dictionary(d) => get(doc, d, b"Count").and_then(|n| num_of(doc, n)),
            _ => None,
        })
        .or_else(|| {
            doc.objects.values().find_map(|o| match o {
                Object::Dictionary(d) if d.has(b"Linearized") => {
                    d.get(b"N").ok().and_then(|n| num_of(doc, n))
                }
                _ => None,
            })
        });
    declared.map_or(0, |n| n.clamp(0.0, 1e6) as usize)
}

/// Opens the file with lopdf: decompression capped, the password (or the empty one) tried.
fn load(bytes: &[u8], ctx: &Ctx) -> Result<PdfDoc> {
    let cap = usize::try_from(ctx.opts.max_decompressed_bytes).unwrap_or(usize::MAX);
    let mut options = LoadOptions::with_max_decompressed_size(cap);
    options.password = ctx.opts.password.clone();
    let doc = PdfDoc::load_mem_with_options(bytes, options).map_err(|e| load_error(e, ctx))?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        let detail = if ctx.opts.password.is_some() {
            "wrong password"
        } else {
            "a password is needed to open it (the `password` option)"
        };
        return Err(ctx.encrypted(detail));
    }
    Ok(doc)
}

fn load_error(e: lopdf::Error, ctx: &Ctx) -> Error {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            ctx.limit("max_decompressed_bytes", limit as u64, limit as u64 + 1)
        }
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            ctx.encrypted("wrong or missing password")
        }
        other => {
            let mut detail = format!("unreadable PDF structure ({other})");
            detail.truncate(200);
            ctx.corrupt(detail)
        }
    }
}

/// Runs a page's content streams, and says whether all of them could be read: a stream
/// that does not decode is left out (its compressed bytes are not content), so one broken
/// stream does not lose the page or the document; limits end the document.
fn page_content<'d>(
    doc: &'d PdfDoc,
    page_id: ObjectId,
    interp: &mut Interpreter<'d>,
    ctx: &Ctx,
) -> Result<(PageContent, bool)> {
    let mut content = Vec::new();
    let mut complete = true;
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            complete = false;
            continue;
        };
        match decode_stream(stream, interp.decompressed + content.len() as u64, ctx)? {
            Some(data) => content.extend_from_slice(&data),
            None => complete = false,
        }
        content.push(b'\n');
    }
    interp.decompressed += content.len() as u64;
    let resources = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| inherited(doc, page, b"Resources"))
        .and_then(|r| match r {
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
    // With /NeedAppearances the viewer draws the fields from their values and ignores the
    // stored appearances; so do we.
    let need_appearances = need_appearances(doc);
    let widgets = if need_appearances {
        Vec::new()
    } else {
        widget_appearances(doc, page_id)
    };
    let mut content =
        interp.run_page(&content, resources, media_box(doc, page_id), &widgets, ctx)?;
    if need_appearances {
        for (value, rect, size) in widget_values(doc, page_id) {
            let y = rect[1] + ((rect[3] - rect[1]) - size).max(0.0) / 2.0 + 0.25 * size;
            content.push_text(&value, rect[0] + 2.0, y, size);
        }
    }
    Ok((content, complete))
}

/// Decodes one stream within the document's budgets: what is left of
/// `max_decompressed_bytes` after `decompressed` bytes, and `max_compression_ratio` for a
/// stream that expands past the first MiB (a few kilobytes of flate that inflate to a
/// gigabyte are a bomb, not a page; real content streams compress 3 to 30 times).
/// `Ok(None)` for a stream that does not decode: its bytes are not content.
pub(super) fn decode_stream(
    stream: &lopdf::Stream,
    decompressed: u64,
    ctx: &Ctx,
) -> Result<Option<Vec<u8>>> {
    let opts = ctx.opts;
    let left = opts.max_decompressed_bytes.saturating_sub(decompressed);
    let raw = stream.content.len() as u64;
    let by_ratio = raw
        .max(1)
        .saturating_mul(opts.max_compression_ratio)
        .max(super::container::RATIO_FLOOR);
    let cap = left.min(by_ratio);
    match stream.decompressed_content_with_limit(usize::try_from(cap).unwrap_or(usize::MAX)) {
        // lopdf decodes leniently: a broken stream comes back empty, not failed.
        Ok(data) if data.is_empty() && raw > 8 && stream.filters().is_ok_and(|f| !f.is_empty()) => {
            Ok(None)
        }
        Ok(data) => Ok(Some(data)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(if by_ratio < left {
                ctx.limit(
                    "max_compression_ratio",
                    opts.max_compression_ratio,
                    cap.saturating_add(1) / raw.max(1),
                )
            } else {
                decompressed_limit(ctx)
            })
        }
        Err(_) => Ok(None),
    }
}

fn decompressed_limit(ctx: &Ctx) -> Error {
    let max = ctx.opts.max_decompressed_bytes;
    ctx.limit("max_decompressed_bytes", max, max.saturating_add(1))
}

/// The form-field widgets among a page's annotations (at most 10,000).
fn widgets(doc: &PdfDoc, page_id: ObjectId) -> impl Iterator<Item = &Dictionary> {
    doc.get_page_annotations(page_id)
        .unwrap_or_default()
        .into_iter()
        .take(10_000)
        .filter(|a| a.get(b"Subtype").ok().and_then(obj::name_of) == Some(b"Widget"))
}

/// The AcroForm asks viewers to build the fields' appearances.
fn need_appearances(doc: &PdfDoc) -> bool {
    doc.catalog()
        .ok()
        .and_then(|c| get(doc, c, b"AcroForm"))
        .and_then(|f| match f {
            Object::Dictionary(d) => get(doc, d, b"NeedAppearances"),
            _ => None,
        })
        .is_some_and(|v| matches!(v, Object::Boolean(true)))
}

/// A field attribute of a widget, looked up its parent fields when the widget lacks it.
fn field_attr<'a>(doc: &'a PdfDoc, widget: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    inherited(doc, widget, key)
}

/// The text and choice fields of a page that hold a value: the value, the widget's
/// rectangle and the font size of its default appearance.
fn widget_values(doc: &PdfDoc, page_id: ObjectId) -> Vec<(String, [f32; 4], f32)> {
    let mut out = Vec::new();
    for a in widgets(doc, page_id) {
        let kind = field_attr(doc, a, b"FT").and_then(obj::name_of);
        if !matches!(kind, Some(b"Tx" | b"Ch")) {
            continue;
        }
        let value = match field_attr(doc, a, b"V") {
            Some(v @ Object::String(..)) => lopdf::decode_text_string(v).ok(),
            _ => None,
        };
        let (Some(value), Some(rect)) = (value, widget_rect(doc, a)) else {
            continue;
        };
        let size = field_attr(doc, a, b"DA")
            .and_then(|da| da.as_str().ok())
            .and_then(da_font_size)
            .filter(|s| *s > 0.0)
            .unwrap_or(10.0)
            .min((rect[3] - rect[1]).max(4.0));
        out.push((value, rect, size));
    }
    out
}

/// The font size of a default appearance string (`/Helv 12 Tf 0 g`).
fn da_font_size(da: &[u8]) -> Option<f32> {
    let s = std::str::from_utf8(da).ok()?;
    let words: Vec<&str> = s.split_whitespace().collect();
    let tf = words.iter().position(|w| *w == "Tf")?;
    words.get(tf.checked_sub(1)?)?.parse().ok()
}

/// An annotation's rectangle, normalised to `[x0 y0 x1 y1]`.
fn widget_rect(doc: &PdfDoc, a: &Dictionary) -> Option<[f32; 4]> {
    let Some(Object::Array(r)) = get(doc, a, b"Rect") else {
        return None;
    };
    let r: Vec<f32> = r.iter().filter_map(|v| num_of(doc, v)).collect();
    let r = <[f32; 4]>::try_from(r).ok()?;
    Some([
        r[0].min(r[2]),
        r[1].min(r[3]),
        r[0].max(r[2]),
        r[1].max(r[3]),
    ])
}

/// The visible form fields of a page: each widget's normal appearance (the state `/AS`
/// names, for check boxes) and its rectangle. Rendered with the page, a filled-in value
/// reads where the reader sees it.
fn widget_appearances(doc: &PdfDoc, page_id: ObjectId) -> Vec<(&lopdf::Stream, [f32; 4])> {
    let mut out = Vec::new();
    for a in widgets(doc, page_id) {
        let hidden = a
            .get(b"F")
            .ok()
            .and_then(|f| num_of(doc, f))
            .is_some_and(|f| (f as i64) & 2 != 0);
        let Some(rect) = widget_rect(doc, a) else {
            continue;
        };
        let Some(normal) = get(doc, a, b"AP").and_then(|ap| match ap {
            Object::Dictionary(d) => get(doc, d, b"N"),
            _ => None,
        }) else {
            continue;
        };
        let stream = match normal {
            Object::Stream(s) => Some(s),
            Object::Dictionary(states) => a
                .get(b"AS")
                .ok()
                .and_then(obj::name_of)
                .and_then(|state| get(doc, states, state))
                .and_then(|s| match s {
                    Object::Stream(s) => Some(s),
                    _ => None,
                }),
            _ => None,
        };
        if let (Some(s), false) = (stream, hidden) {
            out.push((s, rect));
        }
    }
    out
}

/// A page attribute, looked up the page tree's parents when the page lacks it.
fn inherited<'a>(doc: &'a PdfDoc, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..32 {
        if let Some(v) = get(doc, d, key) {
            return Some(v);
        }
        d = dict_of(doc, d.get(b"Parent").ok()?)?;
    }
    None
}

/// The page's crop box (or media box), `[x0 y0 x1 y1]`; US Letter when missing.
fn media_box(doc: &PdfDoc, page_id: ObjectId) -> [f32; 4] {
    let page = doc.get_dictionary(page_id).ok();
    for key in [&b"CropBox"[..], b"MediaBox"] {
        if let Some(Object::Array(a)) = page.and_then(|p| inherited(doc, p, key)) {
            let v: Vec<f32> = a.iter().filter_map(|o| num_of(doc, o)).collect();
            if v.len() == 4 {
                return [
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ];
            }
        }
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// The font size most characters are set in.
fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut counts: foldhash::HashMap<u32, usize> = Default::default();
    for l in pages.iter().flatten() {
        *counts.entry((l.size * 2.0).round() as u32).or_default() += l.text.len();
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map_or(10.0, |(s, _)| s as f32 / 2.0)
}

/// Heading levels from font sizes: the largest heading size is level 1.
fn heading_levels(pages: &[(u32, Vec<PageBlock>)]) -> impl Fn(f32) -> u8 {
    let mut sizes: Vec<u32> = pages
        .iter()
        .flat_map(|(_, bs)| bs.iter())
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| (b.size * 2.0).round() as u32)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    move |size: f32| {
        let s = (size * 2.0).round() as u32;
        let rank = sizes.iter().position(|&x| x == s).unwrap_or(sizes.len());
        (rank + 1).min(6) as u8
    }
}

/// Contents of a page's annotations (comments, notes, highlights), not links or widgets.
fn annotations(doc: &PdfDoc, page_id: ObjectId) -> Vec<String> {
    let Ok(annots) = doc.get_page_annotations(page_id) else {
        return Vec::new();
    };
    annots
        .into_iter()
        .filter(|a| {
            !matches!(
                a.get(b"Subtype").ok().and_then(obj::name_of),
                Some(b"Link" | b"Widget" | b"Popup")
            )
        })
        .filter_map(|a| text_of(doc, a, b"Contents"))
        .take(10_000)
        .collect()
}

/// Per-page facts for the metadata: pages without a text layer, garbled pages, unmapped
/// glyphs.
#[derive(Default)]
struct PageReport {
    /// Pages whose content stream could not be read (the document is partial).
    unreadable: Vec<u32>,
    no_text: Vec<u32>,
    garbled: Vec<u32>,
    unmapped: u64,
}

impl PageReport {
    fn add(&mut self, number: u32, page: &PageContent) {
        let shown = page.chars.len() as u64 + u64::from(page.unmapped);
        self.unmapped += u64::from(page.unmapped);
        if page.chars.is_empty() {
            if page.has_image || page.unmapped > 0 {
                self.no_text.push(number);
            }
            return;
        }
        let bad = page
            .text
            .chars()
            .filter(|&c| {
                matches!(c as u32, 0xE000..=0xF8FF | 0xFFFD)
                    || (c.is_control() && !c.is_whitespace())
            })
            .count() as u64
            + u64::from(page.unmapped);
        if shown >= 20 && bad * 10 > shown * 3 {
            self.garbled.push(number);
        }
    }

    fn write(&self, extra: &mut std::collections::BTreeMap<String, String>) {
        let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        if !self.unreadable.is_empty() {
            extra.insert("partial".into(), "true".into());
            extra.insert("unreadable_pages".into(), list(&self.unreadable));
        }
        if !self.no_text.is_empty() {
            extra.insert("pages_without_text".into(), list(&self.no_text));
        }
        if !self.garbled.is_empty() {
            extra.insert("garbled_pages".into(), list(&self.garbled));
        }
        if self.unmapped > 0 {
            extra.insert("unmapped_glyphs".into(), self.unmapped.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract_bytes, ExtractOptions};
    use lopdf::{dictionary, Stream};

    /// A PDF with one page per content stream, Helvetica without widths (the standard 14
    /// metrics apply).
    fn pdf(pages: &[Stream]) -> Vec<u8> {
        let mut doc = PdfDoc::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
        let kids: Vec<Object> = pages
            .iter()
            .map(|s| {
                let content = doc.add_object(s.clone());
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                    "Resources" => resources,
                    "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Count" => kids.len() as i64, "Kids" => kids,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    fn text_page(ops: &str) -> Stream {
        Stream::new(dictionary! {}, ops.as_bytes().to_vec())
    }

    #[test]
    fn words_from_positions_with_standard_metrics() {
        // "Hello" and "world" placed apart with Td, no space glyph between them; a TJ kern
        // inside a word does not split it.
        let bytes = pdf(&[text_page(
            "BT /F1 12 Tf 72 700 Td (Hello) Tj 40 0 Td [(wo) -20 (rld)] TJ ET",
        )]);
        let doc = extract_bytes(&bytes, Some("t.pdf"), &ExtractOptions::default()).unwrap();
        assert_eq!(doc.text, "Hello world");
        assert_eq!(doc.metadata.page_count, Some(1));
    }

    #[test]
    fn an_unreadable_page_marks_the_document_partial() {
        let broken = Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            b"this is not deflate data".to_vec(),
        );
        let bytes = pdf(&[text_page("BT /F1 12 Tf 72 700 Td (Kept) Tj ET"), broken]);
        let doc = extract_bytes(&bytes, Some("t.pdf"), &ExtractOptions::default()).unwrap();
        assert_eq!(doc.text, "Kept");
        assert_eq!(
            doc.metadata.extra.get("partial").map(String::as_str),
            Some("true")
        );
        assert_eq!(
            doc.metadata
                .extra
                .get("unreadable_pages")
                .map(String::as_str),
            Some("2")
        );
    }

    #[test]
    fn vertical_writing_reads_down_the_columns_right_to_left() {
        let mut doc = PdfDoc::with_version("1.5");
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            /CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            4 beginbfchar <0001> <65E5> <0002> <672C> <0003> <8A9E> <0004> <6587> endbfchar\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test", "DW" => 1000,
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test",
            "Encoding" => "Identity-V", "DescendantFonts" => vec![cid.into()],
            "ToUnicode" => to_unicode,
        });
        // Two columns: 日本 on the right, 語文 on its left; each reads downwards.
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf 1 0 0 1 300 700 Tm <00010002> Tj 1 0 0 1 280 700 Tm <00030004> Tj ET"
                .to_vec(),
        ));
        let pages_id = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Count" => 1, "Kids" => vec![page.into()] },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let got = extract_bytes(&bytes, Some("v.pdf"), &ExtractOptions::default()).unwrap();
        assert_eq!(got.text, "日本語文");
    }

    #[test]
    fn a_flate_bomb_is_stopped_by_the_compression_ratio() {
        let deflate = |ops: &[u8]| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            std::io::Write::write_all(&mut e, ops).unwrap();
            Stream::new(
                dictionary! { "Filter" => "FlateDecode" },
                e.finish().unwrap(),
            )
        };
        // Ordinary compressed content decodes; 16 MiB of spaces in a few kilobytes does not.
        let page = deflate(b"BT /F1 12 Tf 72 700 Td (Kept) Tj ET");
        let doc = extract_bytes(&pdf(&[page]), Some("t.pdf"), &ExtractOptions::default());
        assert_eq!(doc.unwrap().text, "Kept");
        let bomb = deflate(&vec![b' '; 16 << 20]);
        let err =
            extract_bytes(&pdf(&[bomb]), Some("t.pdf"), &ExtractOptions::default()).unwrap_err();
        assert!(
            matches!(&err, Error::LimitExceeded { limit, .. } if limit == "max_compression_ratio"),
            "{err}"
        );
    }

    #[test]
    fn operators_and_time_are_limited() {
        let many = "1 0 0 1 0 0 cm ".repeat(20_000);
        let bytes = pdf(&[text_page(&many)]);
        let opts = ExtractOptions {
            timeout_ms: 1,
            ..ExtractOptions::default()
        };
        // Either finished within the first check or stopped by the budget; never a panic.
        if let Err(e) = extract_bytes(&bytes, Some("t.pdf"), &opts) {
            assert_eq!(e.kind(), crate::ErrorKind::LimitExceeded);
        }
    }
}
