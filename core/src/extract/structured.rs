//! Data formats read for their text: JSON (every string value that holds words, in
//! document order) and XML (each element's text as a paragraph; no entity is expanded).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::builder::DocBuilder;
use super::xml::{Ev, XmlReader};
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

fn parse_json(bytes: &[u8], ctx: &Ctx) -> Result<Value> {
    let text = super::text::decode_str(bytes, ctx)?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| ctx.corrupt(json_error(&e)))
}

/// What is wrong with a JSON document, by place, never quoting it: serde's messages for
/// a value of the wrong type quote the value, which may be personal data.
pub(crate) fn json_error(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Data => format!(
            "JSON: a value of an unexpected type at line {} column {}",
            e.line(),
            e.column()
        ),
        _ => format!("JSON: {e}"),
    }
}

pub(crate) fn extract_json(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let v = parse_json(bytes, ctx)?;
    let mut b = DocBuilder::new();
    strings(&v, &mut b);
    Ok(b.finish(Metadata::default()))
}

/// Every string value with a letter in it, depth first.
fn strings(v: &Value, b: &mut DocBuilder) {
    match v {
        Value::String(s) if s.chars().any(char::is_alphabetic) => b.push(BlockKind::Paragraph, s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, b)),
        Value::Object(o) => o.values().for_each(|x| strings(x, b)),
        _ => {}
    }
}

pub(crate) fn extract_xml(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let text = super::xml::xml_text(bytes);
    let mut r = XmlReader::new(&text, "XML", ctx);
    let mut b = DocBuilder::new();
    // An element's text as read, and as a paragraph (buffers kept for their capacity).
    let (mut buf, mut para) = (String::new(), String::new());
    loop {
        match r.next()? {
            Ev::Text(t) => buf.push_str(&t),
            Ev::Start { .. } | Ev::End(_) => {
                // Most texts hold no `<`; the pattern runs on those that do.
                if buf.contains('<') && HTML_TAG.is_match(&buf) {
                    super::html::fragment_into(&buf, ctx, &mut b)?;
                } else {
                    para.clear();
                    super::builder::collapse_ws_into(&buf, &mut para);
                    if !para.is_empty() {
                        b.push(BlockKind::Paragraph, &para);
                    }
                }
                buf.clear();
            }
            Ev::Eof => break,
        }
    }
    Ok(b.finish(Metadata::default()))
}

/// An HTML tag in an element's text: markup escaped or wrapped in CDATA, as feeds carry
/// an entry's content (Atom `type="html"`, RSS `<description>`). Only HTML's own tag
/// names count, so `a <b> c` in prose is a tag and `x < y > z` is not.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|table|tr|td|th|blockquote|pre|code|figure|figcaption|hr|sup|sub|small)(?:\s[^<>]*)?/?>",
    )
    .expect("HTML tag pattern")
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractOptions;

    #[test]
    fn json_and_xml() {
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("t", &opts);
        let d = extract_json(
            br#"{"id": 7, "title": "Hello world", "tags": ["a b", "12"]}"#,
            &ctx,
        )
        .unwrap();
        assert_eq!(d.text, "Hello world\n\na b");
        let d = extract_xml(b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"boom\">]><r><t>One &amp; two</t><t>&x;three</t></r>", &ctx).unwrap();
        assert_eq!(d.text, "One & two\n\nthree");
        // A feed entry's HTML, escaped or in CDATA, is read as HTML.
        let feed = br#"<feed><title>News &lt;3</title><entry><summary type="html">Crane &lt;b&gt;closed&lt;/b&gt; &amp;amp; moved</summary><content><![CDATA[<p>Night work.</p><ul><li>Lock A</li></ul>]]></content></entry></feed>"#;
        let d = extract_xml(feed, &ctx).unwrap();
        assert_eq!(
            d.text,
            "News <3\n\nCrane closed & moved\n\nNight work.\n\n- Lock A"
        );
    }
}
