//! XML reading for the office formats: a `quick-xml` reader that turns entity and
//! character references and CDATA into text, skips comments, processing instructions and
//! DTDs (no entity is ever expanded, so "billion laughs" cannot happen), and enforces the
//! nesting-depth limit.

use std::borrow::Cow;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::Reader;

use super::Ctx;
use crate::error::Result;

/// One event of [`XmlReader`].
pub(crate) enum Ev<'a> {
    /// An element opens (`<w:p>`); `empty` for `<w:br/>`, which has no end event.
    Start { e: BytesStart<'a>, empty: bool },
    /// An element closes (its local name: [`end_name`]); the event itself, so that no
    /// name is copied per element.
    End(BytesEnd<'a>),
    /// Character data, references resolved.
    Text(Cow<'a, str>),
    /// End of input.
    Eof,
}

/// A pull reader over one XML part.
pub(crate) struct XmlReader<'a, 'c> {
    r: Reader<&'a [u8]>,
    depth: u64,
    ctx: &'c Ctx<'c>,
    part: &'a str,
}

impl<'a, 'c> XmlReader<'a, 'c> {
    /// A reader over `xml`, the part named `part` (for errors).
    pub fn new(xml: &'a str, part: &'a str, ctx: &'c Ctx<'c>) -> Self {
        let mut r = Reader::from_str(xml);
        let c = r.config_mut();
        c.check_end_names = false;
        c.trim_text(false);
        XmlReader {
            r,
            depth: 0,
            ctx,
            part,
        }
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Ev<'a>> {
        loop {
            let ev = self.r.read_event().map_err(|e| {
                self.ctx.corrupt(format!(
                    "{}: malformed XML at byte {}: {e}",
                    self.part,
                    self.r.buffer_position()
                ))
            })?;
            return Ok(match ev {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.ctx.opts.max_depth {
                        return Err(self.ctx.limit(
                            "max_depth",
                            self.ctx.opts.max_depth,
                            self.depth,
                        ));
                    }
                    Ev::Start { e, empty: false }
                }
                Event::Empty(e) => Ev::Start { e, empty: true },
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End(e)
                }
                Event::Text(t) => Ev::Text(t.xml10_content()),
                Event::CData(t) => Ev::Text(t.into_inner()),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        Ev::Text(Cow::Owned(c.to_string()))
                    } else {
                        match predefined(&r) {
                            Some(s) => Ev::Text(Cow::Borrowed(s)),
                            None => continue, // a DTD-declared entity: never expanded
                        }
                    }
                }
                Event::Eof => Ev::Eof,
                _ => continue,
            });
        }
    }

    /// Skips to the end of the element just opened (non-empty), returning its text.
    pub fn text_until_end(&mut self) -> Result<String> {
        let mut depth = 1;
        let mut out = String::new();
        while depth > 0 {
            match self.next()? {
                Ev::Start { empty: false, .. } => depth += 1,
                Ev::End(_) => depth -= 1,
                Ev::Text(t) => out.push_str(&t),
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// Skips the element just opened (non-empty).
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 1;
        while depth > 0 {
            match self.next()? {
                Ev::Start { empty: false, .. } => depth += 1,
                Ev::End(_) => depth -= 1,
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The local name of a closing tag (`w:p` → `p`).
pub(crate) fn end_name<'e>(e: &'e BytesEnd<'_>) -> &'e str {
    let name: &str = e;
    name.rfind(':').map_or(name, |i| &name[i + 1..])
}

fn predefined(r: &quick_xml::events::BytesRef) -> Option<&'static str> {
    Some(match &**r {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        "nbsp" => "\u{a0}",
        _ => return None,
    })
}

/// The local name of an element (`p` for `w:p`).
pub(crate) fn local<'b>(e: &'b BytesStart) -> &'b str {
    e.local_name().into_inner()
}

/// The value of the attribute whose local name is `name`, references resolved.
pub(crate) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.local_name().into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
    })
}

/// The values of every attribute whose local name is `name` (`id` and `r:id`).
pub(crate) fn attrs(e: &BytesStart, name: &str) -> Vec<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .filter(|a| a.key.local_name().into_inner() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
        .collect()
}

/// Like [`xml_text`], taking the bytes: valid UTF-8 (the usual case) is not copied.
pub(crate) fn into_text(bytes: Vec<u8>) -> String {
    if encoding_rs::Encoding::for_bom(&bytes).is_none() {
        return String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }
    xml_text(&bytes).into_owned()
}

/// An XML part's bytes as text: UTF-8 (BOM stripped) or UTF-16 by its BOM.
pub(crate) fn xml_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let (s, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            return Cow::Owned(s.into_owned());
        }
        return String::from_utf8_lossy(&bytes[bom..]);
    }
    String::from_utf8_lossy(bytes)
}
