//! Tags of plainly written XML parts read by a scan for `<`, without the XML reader.
//!
//! Spreadsheet cells are most of a workbook's XML and are written the same way by every
//! office suite: short tags, quoted attributes, no comments or CDATA between them. Read
//! this way they cost a few instructions a byte, several times less than through the XML
//! reader. The readers that use it (XLSX worksheets, ODS bodies) fall back to the XML
//! reader as soon as anything else shows up, and it reports what is wrong with the part.

use std::borrow::Cow;

/// One tag: its qualified name, whether it closes or is empty, its attributes' bytes and
/// where it ends.
pub(crate) struct Tag<'x> {
    /// The name as written, namespace prefix included (`table:table-cell`).
    pub name: &'x [u8],
    /// `</name>`.
    pub close: bool,
    /// `<name/>`.
    pub empty: bool,
    /// What lies between the name and the `>` (or `/>`).
    pub attrs: &'x [u8],
    /// The index just past the tag's `>`.
    pub end: usize,
}

/// Where the tag whose attributes start `b` ends: its first `>` outside a quoted value.
/// Tags are short, so a byte loop (one table look-up per byte outside quotes) beats a
/// vector search started at each quote.
fn tag_end(b: &[u8]) -> Option<usize> {
    const fn specials() -> [bool; 256] {
        let mut t = [false; 256];
        t[b'>' as usize] = true;
        t[b'"' as usize] = true;
        t[b'\'' as usize] = true;
        t
    }
    static SPECIAL: [bool; 256] = specials();
    let mut i = 0;
    loop {
        while !SPECIAL[usize::from(*b.get(i)?)] {
            i += 1;
        }
        let c = b[i];
        if c == b'>' {
            return Some(i);
        }
        i += 1 + b[i + 1..].iter().position(|&x| x == c)? + 1;
    }
}

/// The bytes of a tag name: ASCII letters, digits, `:`, `-`, `_` and `.`.
static NAME: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.');
        c += 1;
    }
    t
};

/// Where the next tag (or other markup) starts at or after `at`: the first `<`. Tags
/// mostly follow each other with nothing between, so that is looked at before a search.
pub(crate) fn next_lt(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at) {
        Some(b'<') => Some(at),
        Some(_) => memchr::memchr(b'<', &b[at..]).map(|i| at + i),
        None => None,
    }
}

impl<'x> Tag<'x> {
    /// The tag starting at `b[at]` (a `<`), or `None` when there is none there or it is
    /// not a start or end tag (a comment, CDATA, a processing instruction), or has no end.
    pub fn at(b: &'x [u8], at: usize) -> Option<Tag<'x>> {
        let rest = b.get(at..)?.strip_prefix(b"<")?;
        let (close, rest) = match rest.strip_prefix(b"/") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let name_len = rest
            .iter()
            .position(|&c| !NAME[usize::from(c)])
            .filter(|&n| n > 0)?;
        // The tag ends at the first `>` outside a quoted value.
        let gt = name_len + tag_end(&rest[name_len..])?;
        let inner = &rest[name_len..gt];
        // After the name: white space, `/` or `>`.
        if !inner
            .first()
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/'))
        {
            return None;
        }
        let empty = inner.ends_with(b"/");
        let attrs = if empty {
            &inner[..inner.len() - 1]
        } else {
            inner
        };
        Some(Tag {
            name: &rest[..name_len],
            close,
            empty,
            attrs,
            end: at + 1 + usize::from(close) + gt + 1,
        })
    }

    /// The name without its namespace prefix.
    pub fn local(&self) -> &'x [u8] {
        local(self.name)
    }

    /// The attributes as (qualified name, raw value), until one is not well formed
    /// ([`Attrs::rest`] then holds what is left).
    pub fn attrs(&self) -> Attrs<'x> {
        Attrs { rest: self.attrs }
    }
}

/// A name without its namespace prefix (`office:value` → `value`).
pub(crate) fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&c| c == b':').next().unwrap_or(name)
}

/// The attributes of a [`Tag`].
pub(crate) struct Attrs<'x> {
    rest: &'x [u8],
}

impl<'x> Attrs<'x> {
    /// What was not read: only white space once every attribute was well formed.
    pub fn rest(&self) -> &'x [u8] {
        self.rest
    }
}

impl<'x> Iterator for Attrs<'x> {
    type Item = (&'x [u8], &'x [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        let eq = memchr::memchr(b'=', rest)?;
        let name = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let q = *after.first().filter(|c| matches!(c, b'"' | b'\''))?;
        let close = memchr::memchr(q, &after[1..])? + 1;
        self.rest = &after[close + 1..];
        Some((name, &after[1..close]))
    }
}

/// Text with its references resolved: the five predefined entities and character
/// references. `None` for any other reference (one a DTD declares), which the XML reader
/// skips: the caller hands the part to it.
pub(crate) fn unescape(text: &str) -> Option<Cow<'_, str>> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Some(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(body) = rest.strip_prefix('&') {
        let semi = body.find(';')?;
        let name = &body[..semi];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x") {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => name.strip_prefix('#')?.parse().ok()?,
                };
                char::from_u32(code).filter(|&c| c != '\0')?
            }
        };
        out.push(c);
        rest = &body[semi + 1..];
        let next = rest.find('&').unwrap_or(rest.len());
        out.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    Some(Cow::Owned(out))
}

/// An attribute's value as the XML reader gives it: tabs and line breaks written as such
/// become spaces (attribute-value normalization), then references are resolved.
pub(crate) fn attr_value(raw: &[u8]) -> Option<Cow<'_, str>> {
    let s = std::str::from_utf8(raw).ok()?;
    // Values are short: one loop over them beats a search for each of four bytes.
    if !raw
        .iter()
        .any(|&c| matches!(c, b'&' | b'\t' | b'\n' | b'\r'))
    {
        return Some(Cow::Borrowed(s));
    }
    if s.contains(['\t', '\n', '\r']) {
        let spaced = s.replace(['\t', '\n', '\r'], " ");
        return Some(Cow::Owned(unescape(&spaced)?.into_owned()));
    }
    unescape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_ends_outside_quoted_values() {
        assert_eq!(tag_end(b" r=\"A1\"/>rest"), Some(8));
        assert_eq!(tag_end(b" a='x>y' b=\"'>\">"), Some(15));
        assert_eq!(tag_end(b">"), Some(0));
        assert_eq!(tag_end(b" a=\"x>"), None);
        assert_eq!(tag_end(b" a=\"x\""), None);
    }

    #[test]
    fn reads_prefixed_tags_and_attributes() {
        let b = br#"x<table:table-cell office:value="3.5" table:name='A &amp; B'/>"#;
        let t = Tag::at(b, 1).unwrap();
        assert_eq!(t.name, b"table:table-cell");
        assert_eq!(t.local(), b"table-cell");
        assert!(t.empty && !t.close);
        assert_eq!(t.end, b.len());
        let mut attrs = t.attrs();
        assert_eq!(attrs.next(), Some((&b"office:value"[..], &b"3.5"[..])));
        let (_, v) = attrs.next().unwrap();
        assert_eq!(attr_value(v).unwrap(), "A & B");
        assert_eq!(attrs.next(), None);
        assert!(attrs.rest().trim_ascii().is_empty());
        assert!(Tag::at(b"<!-- c -->", 0).is_none());
        assert!(Tag::at(b"<a:b x='1'", 0).is_none());
    }

    #[test]
    fn resolves_references() {
        assert_eq!(
            unescape("Pain d&apos;&#233;pices &lt;&#x41;&gt;").unwrap(),
            "Pain d'épices <A>"
        );
        assert_eq!(unescape("plain"), Some(Cow::Borrowed("plain")));
        assert!(unescape("&nbsp;").is_none());
        assert!(unescape("&#0;").is_none());
        assert!(unescape("a & b").is_none());
        assert_eq!(attr_value(b"a\tb&#10;c").unwrap(), "a b\nc");
    }
}
