//! HTML character references and tags.

/// Windows-1252 meaning of numeric references 128-159, as the HTML standard decodes them.
const NUMERIC_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Longest named reference in the HTML table (`&CounterClockwiseContourIntegral;`).
const MAX_NAME: usize = 32;

fn named(name: &str) -> Option<&'static str> {
    html_escape::NAMED_ENTITIES
        .binary_search_by(|(n, _)| (*n).cmp(name.as_bytes()))
        .ok()
        .map(|i| html_escape::NAMED_ENTITIES[i].1)
}

fn numeric(digits: &str, hex: bool) -> Option<char> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let n = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
    Some(match n {
        0 => '\u{fffd}',
        0x80..=0x9f => NUMERIC_C1[(n - 0x80) as usize],
        _ => char::from_u32(n).unwrap_or('\u{fffd}'),
    })
}

/// Decodes `&name;`, `&#NNN;` and `&#xHHHH;`. References without the closing semicolon are
/// left alone: in plain text `&copy` is more often part of a URL than an entity.
pub(super) fn decode(text: &str, count: &mut u64) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    for amp in memchr::memchr_iter(b'&', bytes) {
        if amp < last {
            continue;
        }
        let rest = &text[amp + 1..];
        let Some(semi) = rest
            .as_bytes()
            .iter()
            .take(MAX_NAME + 2)
            .position(|&b| b == b';')
        else {
            continue;
        };
        let body = &rest[..semi];
        let decoded: Option<std::borrow::Cow<'static, str>> =
            if let Some(num) = body.strip_prefix('#') {
                let (digits, hex) = match num.strip_prefix(['x', 'X']) {
                    Some(h) => (h, true),
                    None => (num, false),
                };
                numeric(digits, hex).map(|c| c.to_string().into())
            } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric()) {
                named(body).map(Into::into)
            } else {
                None
            };
        if let Some(d) = decoded {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[last..amp]);
            o.push_str(&d);
            last = amp + 1 + semi + 1;
            *count += 1;
        }
    }
    let mut o = out?;
    o.push_str(&text[last..]);
    Some(o)
}

/// Removes HTML/XML tags, comments and the contents of `<script>` and `<style>`. A `<` that
/// does not start a tag (`a < b`) is kept. Block-level tags leave a line break so words of
/// adjacent paragraphs do not merge.
pub(super) fn strip_tags(text: &str, count: &mut u64) -> Option<String> {
    memchr::memchr(b'<', text.as_bytes())?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    let mut pending_break = false;
    let push_text = |out: &mut String, t: &str, pending: &mut bool| {
        if t.is_empty() {
            return;
        }
        if *pending && !out.is_empty() && !out.ends_with('\n') && !t.starts_with('\n') {
            out.push('\n');
        }
        *pending = false;
        out.push_str(t);
    };
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt], &mut pending_break);
        let after = &rest[lt..];
        let Some((tag_len, name)) = tag_at(after) else {
            push_text(&mut out, "<", &mut pending_break);
            rest = &rest[lt + 1..];
            continue;
        };
        changed = true;
        *count += 1;
        let lname = name.to_ascii_lowercase();
        rest = &after[tag_len..];
        if lname == "script" || lname == "style" {
            let close = format!("</{lname}");
            match find_ascii_ci(rest, &close) {
                Some(i) => {
                    let tail = &rest[i..];
                    let end = tail.find('>').map_or(tail.len(), |j| j + 1);
                    rest = &tail[end..];
                }
                None => rest = "",
            }
        } else if is_block(&lname) {
            pending_break = true;
        }
    }
    push_text(&mut out, rest, &mut pending_break);
    changed.then_some(out)
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn is_block(name: &str) -> bool {
    matches!(
        name.trim_start_matches('/'),
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "hr"
            | "dd"
            | "dt"
            | "title"
    )
}

/// If `s` starts with a tag, comment or declaration, its length and the tag name.
fn tag_at(s: &str) -> Option<(usize, &str)> {
    let b = s.as_bytes();
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->").map_or(s.len(), |i| i + 4 + 3);
        return Some((end, "!--"));
    }
    let mut i = 1;
    if b.get(i) == Some(&b'/') || b.get(i) == Some(&b'!') || b.get(i) == Some(&b'?') {
        i += 1;
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == start || !b[start].is_ascii_alphabetic() {
        return None;
    }
    let name = &s[start..i];
    // Find the closing '>' outside quotes.
    let mut quote = None;
    while i < b.len() {
        match (b[i], quote) {
            (b'"' | b'\'', None) => quote = Some(b[i]),
            (q, Some(open)) if q == open => quote = None,
            (b'>', None) => return Some((i + 1, name)),
            (b'<', None) => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric() {
        let mut n = 0;
        let out = decode(
            "caf&eacute; &amp; &#233; &#xE9; &#150; &nosuch; AT&T &copy",
            &mut n,
        )
        .unwrap();
        assert_eq!(out, "café & é é – &nosuch; AT&T &copy");
        assert_eq!(n, 5);
        assert!(decode("no refs here", &mut n).is_none());
        assert_eq!(decode("&#0;&#xD800;", &mut 0).unwrap(), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn strips_tags() {
        let mut n = 0;
        let out = strip_tags(
            "<p>Hi <b>there</b></p><script>x<y</script><p>a < b</p>",
            &mut n,
        )
        .unwrap();
        assert_eq!(out, "Hi there\na < b");
        assert!(strip_tags("a < b and c > d", &mut n).is_none());
    }
}
