//! The extent of an address: what follows a street on its line (unit, town, postcode,
//! country) and on the lines below; postal blocks found by their unit line; US military
//! addresses.

use std::sync::LazyLock;

use regex::Regex;

use super::{case_forms, Candidate};

/// A unit, box or floor: `Apt. 4`, `Suite 408`, `Flat 2`, `P.O. Box 12`, `Piso 3`.
const UNIT: &str = r"(?i:apt\.?|apartment|suite|ste\.|unit|flat|p\.?\s?o\.?\s?box|postfach|apartado|piso|étage|bldg\.?|building)\s*(?:no\.?\s*)?\#?\s*[0-9]{1,5}[A-Za-z]?(?-u:\b)";

/// A word of a place name: a letter, then letters, marks, apostrophes, dots and hyphens.
const PLACE_WORD: &str = r"\p{L}[\p{L}\p{M}'’.\-]*";

/// What may follow a street on its line, one piece at a time.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    let cap = r"(?:\p{Lu}|\p{Lo})[\p{L}\p{M}'’\-]*";
    let words =
        format!(r"{cap}(?:[ \t]+(?:{cap}|de|del|la|le|du|des|am|an|der|upon|on|sur|en)){{0,4}}");
    let postcode = r"[0-9]{4,6}(?:-[0-9]{3,4})?(?-u:\b)";
    Regex::new(&format!(
        r"^(?:,?[ \t]+{UNIT}|,\s*{words}|,?[ \t]+{postcode}(?:[ \t]+{words})?|,?[ \t]+[A-Z]{{2}}[ \t]+{postcode}|[ \t]+\({words}\))"
    ))
    .expect("address continuation pattern")
});

/// A line that continues an address: a unit, or place words with at most a postcode
/// (`TYSTBERGA`, `Sweden 99178`, `, CO`, `delmas, mp 35739`, `75008 Paris`).
static PLACE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let piece = format!(
        r"(?:{PLACE_WORD}|\({PLACE_WORD}(?:\s+{PLACE_WORD})*\)|[0-9]{{5}}-[0-9]{{4}}|[0-9]{{2,6}})"
    );
    Regex::new(&format!(
        r"^(?:{UNIT}.{{0,40}}|,?[ \t]*{piece}(?:,?[ \t]+{piece}){{0,5}})$"
    ))
    .expect("address line pattern")
});

/// A unit at the start of a line's text.
static UNIT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{UNIT}")).expect("unit start pattern"));

/// Place words and a postcode, or place words closing a sentence, at the start of a line
/// that goes on in prose (`Spain 97197 in case of an issue`, `New Zealand. Please call`).
static PLACE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^,?[ \t]*(?:(?:{PLACE_WORD}[ \t]+){{0,4}}(?:[0-9]{{5}}-[0-9]{{4}}|[0-9]{{4,6}})(?:[ \t,.;]|$)|{PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,3}}[.!?;,][ \t])"
    ))
    .expect("place opening pattern")
});

/// A unit at the start of a line, after any quoting (`> `) or bullet.
static UNIT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?m)^[ \t>*•?\-]*{UNIT}")).expect("unit line pattern"));

/// The last words before a street that ends a line of prose.
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[:?.!]|(?-u:\b)(?:in|at|to|on|is|with))[ \t]+").expect("lead-in pattern")
});

/// What every military address holds, found by a literal search: a text without it is
/// not scanned with [`MILITARY`].
static MILITARY_GATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:[adf]po)\s+(?i:a[aep])\s+[0-9]").expect("military gate pattern")
});

/// A unit and its number anywhere, found by a literal search: a text without one has no
/// postal block and is not scanned with [`UNIT_LINE`].
static UNIT_GATE: LazyLock<Regex> = LazyLock::new(|| {
    let forms = case_forms(&[
        "apt",
        "apartment",
        "suite",
        "ste.",
        "unit",
        "flat",
        "box",
        "postfach",
        "apartado",
        "piso",
        "étage",
        "bldg",
        "building",
    ]);
    Regex::new(&format!(
        r"(?:{})\.?[ \t]*(?:[Nn]o\.?[ \t]*)?\#?[ \t]*[0-9]",
        forms.join("|")
    ))
    .expect("unit gate pattern")
});

/// US military addresses: a unit and box or a ship, then APO/FPO/DPO, the zone and ZIP.
static MILITARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:PSC|Unit|CMR)\s+[0-9]{3,5},?\s+Box\s+[0-9]{3,5}|(?:USNS|USNV|USS|USCGC)\s+\p{L}+(?:\s+\p{L}+)?)[\s,]+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+[0-9]{5}(?-u:\b)",
    )
    .expect("military address pattern")
});

/// Lower-case words a street line may hold (`12 rue de la Paix`, `Via dei Mille 3`).
const STREET_WORDS: [&str; 15] = [
    "street", "road", "avenue", "lane", "drive", "place", "court", "rue", "calle", "strasse",
    "gasse", "gatan", "vej", "laan", "straat",
];

/// Quoting and bullets before a line's text.
fn skip_decoration(line: &str) -> usize {
    line.len()
        - line
            .trim_start_matches([' ', '\t', '>', '*', '•', '?', '-'])
            .len()
}

/// The line of `text` that holds `pos`, as a byte range without its newline.
///
/// Only [`LINE_REACH`] bytes are read each way: address lines are short, and a text of
/// one long line must not be read whole for each match in it. Past that reach the range
/// stops at a character boundary that is no line break, and callers that step to the
/// next line check for the break (see [`is_break`]).
fn line_at(text: &str, pos: usize) -> std::ops::Range<usize> {
    let mut from = pos.saturating_sub(LINE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (pos + LINE_REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let start = text[from..pos].rfind('\n').map_or(from, |i| from + i + 1);
    let end = text[pos..to].find('\n').map_or(to, |i| pos + i);
    start..end
}

/// How far [`line_at`] reads from its position each way, in bytes.
const LINE_REACH: usize = 512;

/// Whether a line break stands at `i`.
fn is_break(text: &str, i: usize) -> bool {
    text.as_bytes().get(i) == Some(&b'\n')
}

/// Whether a line (without decoration) continues an address.
fn is_place_line(line: &str) -> bool {
    let line = line.trim_end();
    !line.is_empty() && line.len() <= 48 && PLACE_LINE.is_match(line)
}

/// Whether a line ends with a postcode: the last line of a postal block.
fn ends_with_postcode(line: &str) -> bool {
    let last = line
        .trim_end()
        .rsplit([' ', '\t', ','])
        .next()
        .unwrap_or("");
    let digits = last.bytes().filter(u8::is_ascii_digit).count();
    digits >= 4 && last.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// A street line above a unit line: short, not a unit itself, nothing that marks a field
/// or a sentence, and a number beside a name (`353 Buerlia 227`, `Edeby 55`).
fn is_street_line(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 60 || line.contains([':', '@', '/', '=', '?', '!']) || UNIT_LINE.is_match(line)
    {
        return false;
    }
    let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    // Prose has lower-case words; a street line only short links and street words.
    let prose = |w: &&str| {
        w.len() >= 4
            && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'.')
            && !STREET_WORDS.contains(&w.trim_end_matches('.'))
    };
    if words.iter().any(prose) {
        return false;
    }
    let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit()) && w.len() <= 6;
    let name = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            || w.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
    };
    words
        .windows(2)
        .any(|p| (number(p[0]) && name(p[1])) || (name(p[0]) && number(p[1])))
}

/// Where an address that starts at `start` starts once a house or postal number just
/// before it on its line is taken in (`66029 ` before `138 Consul Place`).
pub(super) fn number_before(text: &str, start: usize) -> usize {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', ',']);
    if trimmed.len() == before.len() {
        return start;
    }
    let word_len = trimmed.len()
        - trimmed
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
            .len();
    let word = &trimmed[trimmed.len() - word_len..];
    let numeric = (1..=6).contains(&word.bytes().filter(u8::is_ascii_digit).count())
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && word.bytes().filter(u8::is_ascii_alphabetic).count() <= 1;
    let at_word_start = trimmed[..trimmed.len() - word_len]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    if numeric && at_word_start {
        trimmed.len() - word_len
    } else {
        start
    }
}

/// Where an address whose street ends at `end` ends: the unit, town, postcode and country
/// after it on its line, then, when its line holds nothing else, the lines below that
/// continue it (see [`extend_lines`]).
pub(super) fn extend(text: &str, mut end: usize) -> usize {
    while let Some(m) = AFTER.find(&text[end..]) {
        if m.is_empty() {
            break;
        }
        end += m.end();
    }
    let line = line_at(text, end);
    if text[end..line.end].trim().is_empty() {
        extend_lines(text, end)
    } else {
        end
    }
}

/// Where an address ending at `end` (the end of its line's text) ends once the lines
/// below that continue it are taken in: units and place lines, up to four, through the
/// first that ends with a postcode, or the place words and postcode that open a line of
/// prose. One blank line may stand before a last line with a postcode. When the first
/// line already ends with a number that could be a postcode, the lines below count only
/// when they hold a unit or end with a postcode.
pub(super) fn extend_lines(text: &str, end: usize) -> usize {
    let first_has_postcode = ends_with_postcode(&text[line_at(text, end).start..end]);
    let (mut new_end, mut complete, mut unit) = (end, false, false);
    let mut next = line_at(text, end).end;
    for _ in 0..4 {
        if !is_break(text, next) {
            break;
        }
        let mut line = line_at(text, next + 1);
        let mut content = &text[line.clone()];
        if content.trim().is_empty() && is_break(text, line.end) {
            // One blank line, then the postcode line.
            let after = line_at(text, line.end + 1);
            let c = &text[after.clone()];
            let c = &c[skip_decoration(c)..];
            if !(is_place_line(c) && ends_with_postcode(c)) {
                break;
            }
            line = after;
            content = &text[line.clone()];
        }
        let skip = skip_decoration(content);
        let body = &content[skip..];
        if !is_place_line(body) {
            // Prose after the address on its last line: `Spain 97197 in case of ...`.
            if let Some(m) = PLACE_OPENING.find(body) {
                new_end = line.start
                    + skip
                    + m.as_str()
                        .trim_end_matches(['.', ',', ';', ' ', '\t'])
                        .len();
                complete = true;
            }
            break;
        }
        unit |= UNIT_START.is_match(body);
        new_end = line.start + content.trim_end().len();
        next = line.end;
        if ends_with_postcode(body) {
            complete = true;
            break;
        }
    }
    if first_has_postcode && !(complete || unit) {
        end
    } else {
        new_end
    }
}

/// Postal blocks: a unit line under a street line, and the lines that continue them.
pub(super) fn find_blocks(text: &str, out: &mut Vec<Candidate>) {
    if !UNIT_GATE.is_match(text) {
        return;
    }
    for m in UNIT_LINE.find_iter(text) {
        let line = line_at(text, m.start());
        if line.start == 0 || !is_break(text, line.start - 1) {
            continue;
        }
        let above = line_at(text, line.start - 1);
        let street = &text[above.clone()];
        let mut skip = skip_decoration(street);
        if !is_street_line(&street[skip..]) {
            // A sentence that ends with the street: `It's in Λεωφόρος Συγγρού 119`.
            match LEAD_IN.find_iter(street).last() {
                Some(m) if is_street_line(&street[m.end()..]) => skip = m.end(),
                _ => continue,
            }
        }
        let start = above.start + skip;
        let unit = &text[line.clone()];
        let unit_end = line.start + unit.trim_end().len();
        out.push(Candidate {
            span: start..extend_lines(text, unit_end),
            score: 0.75,
            rule: "address:block",
        });
    }
}

/// US military addresses (`PSC 1234, Box 5678 / APO AE 09876`, `USS Lorenzen / FPO AE
/// 25990`).
pub(super) fn find_military(text: &str, out: &mut Vec<Candidate>) {
    if !MILITARY_GATE.is_match(text) {
        return;
    }
    for m in MILITARY.find_iter(text) {
        out.push(Candidate {
            span: m.range(),
            score: 0.9,
            rule: "address:military",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_lines() {
        for line in [
            "TYSTBERGA",
            "Sweden 99178",
            ", CO",
            "delmas, mp 35739",
            "75008 Paris",
            "Apt. 297",
            "Cyprus (Greek) 25572",
            "Suite 979 BIBER Upper Austria",
        ] {
            assert!(is_place_line(line), "{line}");
        }
        for line in [
            "Phone: 555 1234",
            "see you soon!",
            "jane@example.org",
            "This line is much too long to be a town or a country name, surely",
        ] {
            assert!(!is_place_line(line), "{line}");
        }
    }

    #[test]
    fn the_number_before_a_street() {
        let t = "66029 138 Consul Place";
        assert_eq!(number_before(t, 6), 0);
        let t = "Room 12 138 Consul Place";
        assert_eq!(number_before(t, 8), 5);
        let t = "Room B12 138 Consul Place";
        assert_eq!(number_before(t, 9), 9);
        let t = "Flight AB123 138 Consul Place";
        assert_eq!(number_before(t, 13), 13);
    }
}
