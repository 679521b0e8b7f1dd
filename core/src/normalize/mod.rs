//! Text normalization: repair what went wrong on the way (mojibake, HTML entities, stray
//! control characters), then make the text uniform (Unicode form, line endings, whitespace).
//!
//! [`normalize`] runs every enabled step in a fixed order and returns the text borrowed
//! when nothing changed, so clean text costs one scan per step and no allocation.
//! [`normalize_with_report`] also says how much each step changed.
//!
//! Order of the steps: BOM → HTML tags → HTML entities → control characters that cannot be
//! mojibake bytes → mojibake and C1 controls → BOM → remaining control characters → line
//! endings → ligatures → full-width → quotes → Unicode form → whitespace. Entities come
//! before mojibake repair because an entity can hide one byte of a mojibake sequence; the
//! BOM, line-ending and control steps follow the repair because it can produce what they
//! remove; Unicode composition comes after every step that can produce decomposed text.

mod charmap;
mod controls;
mod entities;
mod mojibake;
mod options;
mod typography;
mod whitespace;

use std::borrow::Cow;

pub use options::{NormalizeOptions, NormalizeReport, UnicodeForm};

/// Normalizes `text` with `options`. Returns the input borrowed when no step changed it.
///
/// ```
/// use corpusforge::{normalize, NormalizeOptions};
/// let opts = NormalizeOptions::default();
/// assert_eq!(normalize("The cafÃ© is open &amp; busy.\r\n", &opts), "The café is open & busy.\n");
/// // Clean text is not copied.
/// assert!(matches!(normalize("clean text", &opts), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn normalize<'a>(text: &'a str, options: &NormalizeOptions) -> Cow<'a, str> {
    let mut report = NormalizeReport::default();
    run(text, options, &mut report)
}

/// Like [`normalize`], and also reports how many changes each step made.
pub fn normalize_with_report<'a>(
    text: &'a str,
    options: &NormalizeOptions,
) -> (Cow<'a, str>, NormalizeReport) {
    let mut report = NormalizeReport::default();
    let out = run(text, options, &mut report);
    report.changed = matches!(out, Cow::Owned(ref s) if s != text);
    (out, report)
}

/// Applies `step` to the current text, keeping it borrowed when the step changes nothing.
fn apply<'a>(cur: Cow<'a, str>, step: impl FnOnce(&str) -> Option<String>) -> Cow<'a, str> {
    match step(&cur) {
        Some(s) => Cow::Owned(s),
        None => cur,
    }
}

/// Removes one leading U+FEFF.
fn strip_bom<'a>(cur: Cow<'a, str>, r: &mut NormalizeReport) -> Cow<'a, str> {
    if !cur.starts_with('\u{feff}') {
        return cur;
    }
    r.bom_removed += 1;
    match cur {
        Cow::Borrowed(b) => Cow::Borrowed(&b[3..]),
        Cow::Owned(s) => Cow::Owned(s[3..].to_string()),
    }
}

/// [`run_once`], and once more when the whitespace steps changed a text that may still hold
/// mojibake: a no-break space or a trailing space next to a mojibake sequence reads as one
/// of its bytes (`Ü` and U+00A0 are the bytes of `ܠ`), so the repair declines; once the
/// space is gone it would not, and a second `normalize` would change the text again.
fn run<'a>(text: &'a str, o: &NormalizeOptions, r: &mut NormalizeReport) -> Cow<'a, str> {
    let spaces = |r: &NormalizeReport| {
        r.whitespace_collapsed + r.trailing_whitespace_removed + r.blank_lines_removed
    };
    let before = spaces(r);
    let out = run_once(text, o, r);
    if (o.fix_mojibake || o.fix_c1_controls) && spaces(r) != before && !out.is_ascii() {
        return Cow::Owned(run_once(&out, o, r).into_owned());
    }
    out
}

/// Every step once, in order.
fn run_once<'a>(text: &'a str, o: &NormalizeOptions, r: &mut NormalizeReport) -> Cow<'a, str> {
    let mut cur = Cow::Borrowed(text);
    if o.remove_bom {
        cur = strip_bom(cur, r);
    }
    if o.strip_html_tags {
        cur = apply(cur, |t| entities::strip_tags(t, &mut r.html_tags_stripped));
    }
    if o.decode_entities {
        cur = apply(cur, |t| entities::decode(t, &mut r.entities_decoded));
    }
    if o.remove_control_chars {
        // Controls that cannot be bytes of mojibake go first, so the repair sees the text
        // as it will finally read; C1 controls and soft hyphens wait for the repair.
        cur = apply(cur, |t| {
            controls::remove(t, true, &mut r.control_chars_removed)
        });
    }
    if (o.fix_mojibake || o.fix_c1_controls) && !cur.is_ascii() {
        cur = apply(cur, |t| {
            mojibake::repair(
                t,
                o.fix_mojibake,
                o.fix_c1_controls,
                &mut r.mojibake_fixed,
                &mut r.c1_controls_fixed,
            )
        });
    }
    // A BOM, a line separator or a control can come out of the repair (`ï»¿` is a UTF-8
    // BOM read as Windows-1252), so these steps follow it.
    if o.remove_bom {
        cur = strip_bom(cur, r);
    }
    if o.remove_control_chars {
        cur = apply(cur, |t| {
            controls::remove(t, false, &mut r.control_chars_removed)
        });
    }
    if o.normalize_line_endings {
        cur = apply(cur, |t| {
            whitespace::line_endings(t, &mut r.line_endings_fixed)
        });
    }
    if !cur.is_ascii() {
        if o.fix_ligatures {
            cur = apply(cur, |t| typography::ligatures(t, &mut r.ligatures_fixed));
        }
        if o.fullwidth_to_ascii {
            cur = apply(cur, |t| {
                typography::fullwidth(t, &mut r.fullwidth_converted)
            });
        }
        if o.straighten_quotes {
            cur = apply(cur, |t| typography::quotes(t, &mut r.quotes_straightened));
        }
        cur = apply(cur, |t| {
            typography::unicode_form(t, o.unicode_form, &mut r.unicode_changed)
        });
    }
    if o.tabs_to_spaces.is_some() || o.collapse_whitespace {
        cur = apply(cur, |t| {
            whitespace::inline(
                t,
                o.tabs_to_spaces,
                o.collapse_whitespace,
                &mut r.whitespace_collapsed,
            )
        });
    }
    if o.strip_trailing_whitespace {
        cur = apply(cur, |t| {
            whitespace::strip_trailing(t, &mut r.trailing_whitespace_removed)
        });
    }
    if let Some(max) = o.max_blank_lines {
        cur = apply(cur, |t| {
            whitespace::cap_blank_lines(t, max, &mut r.blank_lines_removed)
        });
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_before_a_trailing_no_break_space_is_repaired_in_one_call() {
        let o = NormalizeOptions::default();
        for t in ["Â“Ð™Ü&nbsp; ", "Â“Ð™Ü\u{a0}", "Â“Ð™Ü "] {
            let once = normalize(t, &o).into_owned();
            assert_eq!(once, "“ЙÜ", "{t:?}");
            assert_eq!(normalize(&once, &o), once);
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        let o = NormalizeOptions::default();
        for t in [
            "",
            "plain ascii\nline two\n",
            "café naïve — “quoted” 日本語\n",
        ] {
            assert!(matches!(normalize(t, &o), Cow::Borrowed(_)), "{t:?}");
        }
    }

    #[test]
    fn default_steps() {
        let o = NormalizeOptions::default();
        let input = "\u{feff}Cafe\u{301}\r\nline\u{0}two  \n\n\n\n\nend &eacute;";
        let (out, rep) = normalize_with_report(input, &o);
        assert_eq!(out, "Café\nlinetwo\n\n\nend é");
        assert_eq!(rep.bom_removed, 1);
        assert_eq!(rep.line_endings_fixed, 1);
        assert_eq!(rep.control_chars_removed, 1);
        assert_eq!(rep.entities_decoded, 1);
        assert!(rep.unicode_changed > 0);
        assert!(rep.changed);
    }

    #[test]
    fn opt_in_steps_are_off_by_default() {
        let o = NormalizeOptions::default();
        let t = "“ﬁne”  ＡＢ\tx";
        assert_eq!(normalize(t, &o), t);
        let all = NormalizeOptions {
            straighten_quotes: true,
            fix_ligatures: true,
            fullwidth_to_ascii: true,
            collapse_whitespace: true,
            tabs_to_spaces: Some(2),
            ..NormalizeOptions::default()
        };
        assert_eq!(normalize(t, &all), "\"fine\" AB x");
    }
}
