//! E-mail messages (RFC 5322 / MIME) through mail-parser: the subject as the first
//! heading and as the title, sender and date as metadata, the text/plain body (or the
//! HTML body through the HTML reader when there is no plain one), and the names of the
//! attachments in `metadata.extra["attachments"]`.

use mail_parser::{MessageParser, MimeHeaders};

use super::builder::DocBuilder;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let msg = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| ctx.corrupt("not a readable e-mail message"))?;
    let mut meta = Metadata::default();
    let mut b = DocBuilder::new();
    if let Some(s) = msg.subject().map(str::trim).filter(|s| !s.is_empty()) {
        meta.title = Some(s.to_string());
        b.push(BlockKind::Heading { level: 1 }, s);
    }
    if let Some(from) = msg.from().and_then(|a| a.first()) {
        let who = match (from.name(), from.address()) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (Some(n), None) => n.to_string(),
            (None, Some(a)) => a.to_string(),
            (None, None) => String::new(),
        };
        if !who.is_empty() {
            meta.author = Some(who);
        }
    }
    if let Some(d) = msg.date() {
        meta.created = Some(d.to_rfc3339());
    }
    if let Some(id) = msg.message_id() {
        meta.extra.insert("message_id".into(), id.to_string());
    }
    let has_plain = msg.text_bodies().any(|p| p.is_text() && !p.is_text_html());
    if let Some(plain) = msg.body_text(0).filter(|_| has_plain) {
        for r in crate::segment::split_paragraphs(&plain) {
            b.push(BlockKind::Paragraph, &plain[r]);
        }
    } else if let Some(html) = msg.body_html(0) {
        let page = super::html::page(&html, ctx)?;
        super::html::blocks_into(&page, ctx, &mut b)?;
    }
    let names: Vec<String> = msg
        .attachments()
        .filter_map(|a| a.attachment_name().map(str::to_string))
        .collect();
    if !names.is_empty() {
        meta.extra.insert("attachments".into(), names.join("\n"));
    }
    Ok(b.finish(meta))
}

/// The attachments of a message: (file name, bytes); unnamed ones get `attachment-N`.
pub(crate) fn attachments(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let Some(msg) = MessageParser::default().parse(bytes) else {
        return Vec::new();
    };
    msg.attachments()
        .enumerate()
        .map(|(i, a)| {
            let name = a
                .attachment_name()
                .map(|n| n.replace(['/', '\\', '!'], "_"))
                .unwrap_or_else(|| format!("attachment-{}", i + 1));
            (name, a.contents().to_vec())
        })
        .collect()
}
