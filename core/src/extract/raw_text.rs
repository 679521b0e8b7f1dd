//! Empties `<style>` and `<script>` elements, and drops the attributes nothing reads,
//! before a page goes to html5ever.
//!
//! Their contents are never text of the page, but html5ever tokenizes them a character
//! run at a time, one token per line: a pandoc page is half stylesheet, and inline
//! scripts of web pages are often larger than their text. A byte scan that follows the
//! HTML tokenizer's states (comments, attribute quotes, the raw-text and RCDATA elements,
//! script escapes) finds where each of these elements ends, and their contents are cut
//! out. Where the scan cannot be sure what the parser would do (foreign content such as
//! `<svg>` or `<math>`, `<select>`, `<frameset>`, `<plaintext>`, scripts holding `<!--`, markup that
//! ends early), it stops and leaves the rest of the page as it is.

use std::borrow::Cow;

/// The page with the contents of its `<style>` and `<script>` elements removed, and the
/// attributes of its start tags that are not [`read`]: parsed to the same tree otherwise.
pub(crate) fn strip(html: &str) -> Cow<'_, str> {
    let cuts = cuts(html.as_bytes());
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// Whether an attribute (its name as written) is one the extraction reads, or one that
/// changes how the page is parsed (`type` of a hidden input in a table, the
/// `shadowroot...` of a declarative shadow root). The others (`class`, `id`, `href`,
/// `src` with a whole image as a data URL) are cut: html5ever reads attributes a
/// character at a time.
fn read(attr: &[u8]) -> bool {
    super::html::READ_ATTRS
        .iter()
        .any(|k| attr.eq_ignore_ascii_case(k.as_bytes()))
        || attr.len() > 10 && attr[..10].eq_ignore_ascii_case(b"shadowroot")
}

/// The byte ranges to cut (style and script contents, attributes not read), in order.
/// Every range starts after an ASCII byte (`>`, white space, `/` or a quote) and ends at
/// one or just past a quote, so both ends are char boundaries.
fn cuts(b: &[u8]) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let next = match b.get(lt + 1) {
            Some(&c) => c,
            None => break,
        };
        let resume = match next {
            b'!' if b[lt + 2..].starts_with(b"--") => comment_end(b, lt + 4),
            // Doctypes, bogus comments and CDATA outside foreign content end at the first `>`.
            b'!' | b'?' => memchr::memchr(b'>', &b[lt + 1..]).map(|e| lt + 1 + e + 1),
            b'/' => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    tag_end(b, lt + 2, |_, _, _| {}).map(|(_, end)| end)
                }
                Some(b'>') => Some(lt + 3),
                Some(_) => memchr::memchr(b'>', &b[lt + 2..]).map(|e| lt + 2 + e + 1),
                None => None,
            },
            c if c.is_ascii_alphabetic() => {
                let Some((name, end)) = tag_end(b, lt + 1, |attr, from, to| {
                    if !read(attr) {
                        cuts.push((from, to));
                    }
                }) else {
                    break;
                };
                match Element::of(&b[lt + 1..lt + 1 + name]) {
                    Element::Other => Some(end),
                    Element::Stop => None,
                    Element::Text(tag) => close_of(b, end, tag),
                    Element::Style => close_of(b, end, b"style").inspect(|&close| {
                        cuts.push((end, close));
                    }),
                    Element::Script => match close_of(b, end, b"script") {
                        // `<!--` in a script starts the escaped states, where a nested
                        // `<script>` changes which end tag closes it: too subtle to follow.
                        Some(close) if memchr::memmem::find(&b[end..close], b"<!--").is_none() => {
                            cuts.push((end, close));
                            Some(close)
                        }
                        _ => None,
                    },
                }
            }
            // A `<` that opens nothing is text.
            _ => Some(lt + 1),
        };
        match resume {
            Some(r) => i = r,
            None => break,
        }
    }
    cuts.retain(|(s, e)| s < e);
    cuts
}

/// What a start tag means to the scan.
enum Element {
    /// Its contents are cut (raw text).
    Style,
    /// Its contents are cut unless they hold `<!--` (script data).
    Script,
    /// Raw text or RCDATA that stays: skipped to its end tag.
    Text(&'static [u8]),
    /// The parser's handling is not followed past this tag.
    Stop,
    /// Ordinary markup.
    Other,
}

impl Element {
    fn of(name: &[u8]) -> Element {
        const TEXT: [&[u8]; 7] = [
            b"textarea",
            b"title",
            b"xmp",
            b"iframe",
            b"noembed",
            b"noframes",
            b"noscript",
        ];
        // In foreign content `<style>` is an ordinary element and CDATA sections exist; in
        // a select or a frameset `<style>` is ignored and its contents become text; after
        // `<plaintext>` everything is text.
        const STOP: [&[u8]; 5] = [b"svg", b"math", b"select", b"frameset", b"plaintext"];
        if name.eq_ignore_ascii_case(b"style") {
            Element::Style
        } else if name.eq_ignore_ascii_case(b"script") {
            Element::Script
        } else if let Some(t) = TEXT.iter().find(|t| name.eq_ignore_ascii_case(t)) {
            Element::Text(t)
        } else if STOP.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            Element::Stop
        } else {
            Element::Other
        }
    }
}

/// HTML's whitespace after the tokenizer has turned `\r` into `\n` (both count here).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Where a comment whose body starts at `body` ends (just past it), or `None` if it runs
/// to the end of the page. `<!-->` and `<!--->` are complete comments; otherwise the
/// comment ends at `-->` or `--!>`.
fn comment_end(b: &[u8], body: usize) -> Option<usize> {
    let rest = &b[body..];
    if rest.starts_with(b">") {
        return Some(body + 1);
    }
    if rest.starts_with(b"->") {
        return Some(body + 2);
    }
    let mut from = 0;
    while let Some(off) = memchr::memmem::find(&rest[from..], b"--") {
        let dashes = from + off;
        let after = &rest[dashes + 2..];
        if after.starts_with(b">") {
            return Some(body + dashes + 3);
        }
        if after.starts_with(b"!>") {
            return Some(body + dashes + 4);
        }
        from = dashes + 1;
    }
    None
}

/// Reads a tag from its name at `at` (just past `<` or `</`): the name's length and the
/// index just past the `>` that closes the tag, following the attribute states (a `>`
/// inside a quoted value does not close it). Each attribute goes to `on_attr` as its
/// name and the byte range it takes (name, `=` and value). `None` if the page ends
/// inside the tag.
fn tag_end(
    b: &[u8],
    at: usize,
    mut on_attr: impl FnMut(&[u8], usize, usize),
) -> Option<(usize, usize)> {
    #[derive(Clone, Copy)]
    enum S {
        Name,
        BeforeAttr,
        Attr,
        AfterAttr,
        BeforeValue,
        Unquoted,
    }
    let mut s = S::Name;
    let mut name = 0;
    // The attribute being read: where it starts and where its name ends.
    let (mut start, mut name_end) = (0, 0);
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        match (s, c) {
            (S::Name, b'>') | (S::BeforeAttr, b'>') => return Some((name, i + 1)),
            (S::Name, c) if is_space(c) || c == b'/' => s = S::BeforeAttr,
            (S::Name, _) => name = i + 1 - at,
            (S::BeforeAttr, c) if is_space(c) || c == b'/' => {}
            // `=` opening an attribute name is part of the name.
            (S::BeforeAttr, _) => (s, start) = (S::Attr, i),
            (S::Attr, b'>') => {
                on_attr(&b[start..i], start, i);
                return Some((name, i + 1));
            }
            (S::Attr, b'/') => {
                on_attr(&b[start..i], start, i);
                s = S::BeforeAttr;
            }
            (S::Attr, b'=') => (s, name_end) = (S::BeforeValue, i),
            (S::Attr, c) if is_space(c) => (s, name_end) = (S::AfterAttr, i),
            (S::Attr, _) => {}
            (S::AfterAttr, c) if is_space(c) => {}
            (S::AfterAttr, b'=') => s = S::BeforeValue,
            (S::AfterAttr, c) => {
                on_attr(&b[start..name_end], start, name_end);
                match c {
                    b'>' => return Some((name, i + 1)),
                    b'/' => s = S::BeforeAttr,
                    _ => (s, start) = (S::Attr, i), // the next attribute's name
                }
            }
            (S::BeforeValue, c) if is_space(c) => {}
            (S::BeforeValue, q @ (b'"' | b'\'')) => {
                let close = i + 1 + memchr::memchr(q, &b[i + 1..])?;
                on_attr(&b[start..name_end], start, close + 1);
                i = close;
                // After a quoted value anything but `>` or `/` starts the next attribute.
                s = S::BeforeAttr;
            }
            (S::BeforeValue, b'>') => {
                on_attr(&b[start..name_end], start, i);
                return Some((name, i + 1));
            }
            (S::BeforeValue, _) => s = S::Unquoted,
            (S::Unquoted, b'>') => {
                on_attr(&b[start..name_end], start, i);
                return Some((name, i + 1));
            }
            (S::Unquoted, c) if is_space(c) => {
                on_attr(&b[start..name_end], start, i);
                s = S::BeforeAttr;
            }
            (S::Unquoted, _) => {}
        }
        i += 1;
    }
    None
}

/// Where the raw text or RCDATA of element `tag` that starts at `from` ends: the index of
/// the `<` of the first `</tag` followed by whitespace, `/` or `>` (letters compared
/// without case). `None` if there is none: the element runs to the end of the page.
fn close_of(b: &[u8], from: usize, tag: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
        let lt = i + off;
        let name = &b[lt + 2..];
        if name.len() > tag.len()
            && name[..tag.len()].eq_ignore_ascii_case(tag)
            && (is_space(name[tag.len()]) || matches!(name[tag.len()], b'/' | b'>'))
        {
            return Some(lt);
        }
        i = lt + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::{Html, Node};

    /// The parsed tree as a flat list, with the text inside style and script elements
    /// and the attributes not read left out: what stripping may change.
    fn tree(html: &str) -> Vec<String> {
        fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut Vec<String>) {
            out.push(match node.value() {
                Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().filter(|(k, _)| read(k.as_bytes())).collect();
                    attrs.sort();
                    format!("<{} {attrs:?}", e.name())
                }
                Node::Text(t) => {
                    let parent = node
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| e.name()));
                    if matches!(parent, Some("style" | "script")) {
                        return;
                    }
                    format!("#{}", &**t)
                }
                Node::Comment(c) => format!("!{}", &**c),
                other => format!("{other:?}"),
            });
            for child in node.children() {
                walk(child, out);
            }
            out.push("/".to_string());
        }
        let mut out = Vec::new();
        walk(Html::parse_document(html).tree.root(), &mut out);
        out
    }

    #[test]
    fn cuts_style_and_script_contents() {
        let page = "<html><head><style>\np { color: red }\n</style><script src=x.js></script>\
            <script>let a = 1 < 2;</script></head><body><p>Hi</p></body></html>";
        assert_eq!(
            strip(page),
            "<html><head><style></style><script ></script><script></script></head>\
             <body><p>Hi</p></body></html>"
        );
    }

    #[test]
    fn leaves_lookalikes_alone() {
        for page in [
            "<!-- <style> --><p>kept</p></style>",
            "<p title='<style>'>kept</p></style>",
            "<p alt='<style>'>kept</p></style>",
            "<title><style></title><p>kept</p></style>",
            "<svg><style><p>kept</p></style></svg>",
            "<select><style>kept</style></select>",
            "<script><!--<script></script>kept</script>",
            "<styles>kept</styles>",
        ] {
            assert_eq!(tree(&strip(page)), tree(page), "{page}");
            assert!(strip(page).contains("kept"), "{page}");
        }
    }

    #[test]
    fn stops_where_markup_ends_early() {
        for page in [
            "<style>a",
            "<!-- <style>a</style>",
            "<p a='<style>a</style>",
            "<style",
        ] {
            assert_eq!(strip(page), page);
        }
    }

    const PIECES: &[&str] = &[
        "<style>",
        "</style>",
        "<STYLE a='>'>",
        "<img alt=",
        " ALT='x y'",
        " hidden",
        " class=c",
        "<ol start=3>",
        "<input type=hidden>",
        "<template shadowrootmode=open>",
        " lang=fr",
        "<p style=\"x\">",
        " a=\"1\"b='2'",
        "<td colspan=2 id=x>",
        "<a href=x/>",
        "</style ",
        "<style/>",
        "<script>",
        "</script>",
        "</SCRIPT\n>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!",
        "<?",
        ">",
        "<",
        "/",
        "'",
        "\"",
        "=",
        " ",
        "\n",
        "<p>",
        "</p>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<svg>",
        "</svg>",
        "<select>",
        "<math>",
        "<noscript>",
        "</noscript>",
        "<a href=",
        "x",
        "é",
        "<div ",
        "</",
        "<plaintext>",
        "<![CDATA[",
        "]]>",
        "<iframe>",
        "</iframe>",
        "<table>",
        "<template>",
        "</template>",
        "<xmp>",
        "<frameset>",
        "<noframes>",
        "<body>",
        "<head>",
        "</head>",
        "<html>",
        "<!DOCTYPE html>",
        "<td>",
        "<b>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the markup, cutting changes nothing but the text of style and script
        /// elements: html5ever builds the same tree otherwise.
        #[test]
        fn same_tree_but_for_cut_text(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
            let page = pieces.concat();
            prop_assert_eq!(tree(&strip(&page)), tree(&page));
        }
    }
}
