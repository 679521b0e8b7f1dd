//! Glyphs to text lines: runs in content-stream order, merged into lines by baseline, words
//! split where the gap between glyphs is wider than a fraction of the font size (not where
//! a `TJ` number says), duplicate overstrikes dropped, right-to-left lines put in logical
//! order.

use super::interp::{Char, PageContent};

/// Largest gap between glyphs shown one after the other that keeps them in one line
/// segment, in font sizes; wider gaps separate segments (table cells, columns), which the
/// reading-order step places.
const MAX_GAP: f32 = 1.6;
/// Largest gap between runs shown apart in the content stream that joins them into one
/// line: narrower than a column gutter (LaTeX's is 1 em at 10 pt), wider than word spaces.
const MAX_JOIN_GAP: f32 = 0.7;
/// Smallest gap read as a space between words, in font sizes.
const WORD_GAP: f32 = 0.14;
/// Baselines closer than this (in font sizes) are one line.
const SAME_BASELINE: f32 = 0.3;

/// One line segment of a page.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Baseline (larger is higher on the page).
    pub y: f32,
    /// Font size (the largest in the line).
    pub size: f32,
    pub dir: u8,
    /// Most of its characters are bold.
    pub bold: bool,
    /// Every character is inside `/Artifact` marked content.
    pub artifact: bool,
}

/// The lines of a page, in no particular order.
pub(crate) fn page_lines(page: &PageContent) -> Vec<Line> {
    // 1. Runs: consecutive glyphs in stream order that continue one line.
    let mut runs: Vec<Vec<Char>> = Vec::new();
    for c in &page.chars {
        let text = page.text_of(c);
        if text.trim().is_empty() && !runs.last().is_some_and(|r| continues(r, c)) {
            continue; // a space that starts nothing
        }
        match runs.last_mut() {
            Some(run) if continues(run, c) => run.push(*c),
            _ => runs.push(vec![*c]),
        }
    }
    // 2. Runs on one baseline and close together become one line.
    runs.sort_by(|a, b| {
        a[0].dir
            .cmp(&b[0].dir)
            .then(b[0].y.total_cmp(&a[0].y))
            .then(a[0].x0.total_cmp(&b[0].x0))
    });
    let mut bands: Vec<Vec<Vec<Char>>> = Vec::new();
    for run in runs {
        match bands.last_mut() {
            Some(band)
                if band[0][0].dir == run[0].dir
                    && (band[0][0].y - run[0].y).abs()
                        <= SAME_BASELINE * band[0][0].size.max(run[0].size) =>
            {
                band.push(run)
            }
            _ => bands.push(vec![run]),
        }
    }
    let bands = join_scripts(bands);
    let mut lines = Vec::new();
    for mut band in bands {
        band.sort_by(|a, b| a[0].x0.total_cmp(&b[0].x0));
        let mut cur: Vec<Char> = Vec::new();
        for run in band {
            let start_new = match cur.iter().map(|c| c.x1).reduce(f32::max) {
                Some(x1) => {
                    let size = cur[0].size.max(run[0].size);
                    run[0].x0 - x1 > MAX_JOIN_GAP * size
                }
                None => false,
            };
            if start_new {
                lines.extend(make_line(page, std::mem::take(&mut cur)));
            }
            cur.extend(run);
        }
        lines.extend(make_line(page, cur));
    }
    lines
}

/// Bands of a few small glyphs just above or below a band of larger ones, next to its
/// glyphs (subscripts and superscripts drawn apart from their line, as TeX does for math),
/// join that band.
fn join_scripts(bands: Vec<Vec<Vec<Char>>>) -> Vec<Vec<Vec<Char>>> {
    let size_of = |band: &[Vec<Char>]| band.iter().flatten().map(|c| c.size).fold(0.0, f32::max);
    // Whether `script` is a band of short runs set smaller than `base`, each beside one of
    // `base`'s runs, within `reach` (in base font sizes) of its baseline.
    let attaches = |script: &[Vec<Char>], base: &[Vec<Char>], reach: f32| -> bool {
        let (ss, bs) = (size_of(script), size_of(base));
        let (sy, by) = (script[0][0].y, base[0][0].y);
        script[0][0].dir == base[0][0].dir
            && ss < 0.85 * bs
            && (sy - by).abs() <= reach * bs
            && script.iter().all(|run| {
                run.len() <= 8
                    && base.iter().any(|b| {
                        let (bx0, bx1) = (b[0].x0, b.last().map_or(b[0].x1, |c| c.x1));
                        run[0].x0 <= bx1 + 0.5 * bs && run[run.len() - 1].x1 >= bx0 - 0.5 * bs
                    })
            })
    };
    let mut out: Vec<Vec<Vec<Char>>> = Vec::with_capacity(bands.len());
    for band in bands {
        // A subscript band right below a line joins the line above.
        if let Some(prev) = out.last_mut() {
            if attaches(&band, prev, 0.45) {
                prev.extend(band);
                continue;
            }
        }
        // The line right below superscript bands takes them.
        let mut band = band;
        while out.last().is_some_and(|p| attaches(p, &band, 0.6)) {
            band.extend(out.pop().unwrap_or_default());
        }
        out.push(band);
    }
    out
}

/// Whether glyph `c` continues `run` in stream order.
fn continues(run: &[Char], c: &Char) -> bool {
    let Some(last) = run.last() else {
        return false;
    };
    let size = last.size.max(c.size);
    let dy = (c.y - last.y).abs();
    // A superscript or subscript (a footnote mark, an exponent) is set smaller and off the
    // baseline, and stays in its line.
    let script = (c.size < 0.9 * last.size || last.size < 0.9 * c.size) && dy <= 0.6 * size;
    c.dir == last.dir
        && (dy <= SAME_BASELINE * size || script)
        && c.x0 >= last.x0 - 0.1 * size
        && c.x0 - last.x1 <= MAX_GAP * size
}

/// A line from its glyphs: sorted along the line, words separated, duplicates dropped.
fn make_line(page: &PageContent, mut chars: Vec<Char>) -> Option<Line> {
    chars.retain(|c| !page.text_of(c).is_empty());
    if chars.is_empty() {
        return None;
    }
    chars.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.seq.cmp(&b.seq)));
    // Glyph texts in visual order (left to right); spaces are units of their own.
    let mut units: Vec<&str> = Vec::with_capacity(chars.len() + 8);
    let mut prev: Option<&Char> = None;
    let mut size: f32 = 0.0;
    let mut bold = 0usize;
    let mut artifact = true;
    let mut shown = 0usize;
    for c in &chars {
        let t = page.text_of(c);
        if t.trim().is_empty() {
            if units.last().is_some_and(|u| *u != " ") {
                units.push(" ");
            }
            continue;
        }
        if let Some(p) = prev {
            // The same glyph drawn again at (almost) the same place: fake bold or a shadow.
            if page.text_of(p) == t && (c.x0 - p.x0).abs() < 0.15 * c.size.max(p.size) {
                continue;
            }
            let gap = c.x0 - p.x1;
            if gap > WORD_GAP * c.size.max(p.size) && units.last().is_some_and(|u| *u != " ") {
                units.push(" ");
            }
        }
        units.push(t);
        size = size.max(c.size);
        bold += usize::from(c.bold);
        artifact &= c.artifact;
        shown += 1;
        prev = Some(c);
    }
    while units.last() == Some(&" ") {
        units.pop();
    }
    if units.is_empty() {
        return None;
    }
    let text = logical_order(&units);
    Some(Line {
        text,
        x0: chars.iter().map(|c| c.x0).fold(f32::MAX, f32::min),
        x1: chars.iter().map(|c| c.x1).fold(f32::MIN, f32::max),
        y: chars
            .iter()
            .max_by(|a, b| a.size.total_cmp(&b.size))
            .map_or(0.0, |c| c.y),
        size,
        dir: chars[0].dir,
        bold: bold * 2 > shown,
        artifact,
    })
}

/// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn is_ltr(c: char) -> bool {
    c.is_alphabetic() && !is_rtl(c)
}

/// Direction class of a glyph's text: its first strong character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Rtl,
    Ltr,
    Neutral,
}

fn class(unit: &str) -> Class {
    for c in unit.chars() {
        if is_rtl(c) {
            return Class::Rtl;
        }
        if is_ltr(c) || c.is_ascii_digit() {
            return Class::Ltr;
        }
    }
    Class::Neutral
}

/// The text of a line from its glyphs in visual order (left to right on the page).
///
/// A line with more right-to-left letters than left-to-right ones reads from the right:
/// its glyphs are reversed, then each run of left-to-right glyphs (words, numbers, with
/// what lies between them) is turned back. In a left-to-right line, runs of right-to-left
/// glyphs are reversed. Glyphs are the units: a glyph that maps to several characters (a
/// ligature, a cluster) is already in logical order inside.
fn logical_order(units: &[&str]) -> String {
    let classes: Vec<Class> = units.iter().map(|u| class(u)).collect();
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in units.iter().flat_map(|u| u.chars()) {
        if is_rtl(c) {
            rtl += 1;
        } else if is_ltr(c) {
            ltr += 1;
        }
    }
    let rtl_line = rtl > ltr;
    if !rtl_line && !classes.contains(&Class::Rtl) {
        return units.concat();
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    let flip = if rtl_line {
        order.reverse();
        Class::Ltr
    } else {
        Class::Rtl
    };
    // Reverse each maximal run that starts and ends with a `flip` glyph, over neutrals.
    let mut i = 0;
    while i < order.len() {
        if classes[order[i]] != flip {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut j = i + 1;
        while j < order.len() && classes[order[j]] != opposite(flip) {
            if classes[order[j]] == flip {
                end = j + 1;
            }
            j += 1;
        }
        order[i..end].reverse();
        i = end;
    }
    let mut out = String::new();
    for k in order {
        let u = units[k];
        let mut cs = u.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if rtl_line => out.push(mirror(c)),
            _ => out.push_str(u),
        }
    }
    out
}

fn opposite(c: Class) -> Class {
    match c {
        Class::Rtl => Class::Ltr,
        Class::Ltr => Class::Rtl,
        Class::Neutral => Class::Neutral,
    }
}

/// Brackets swap when a run changes direction.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<String> {
        s.chars().map(String::from).collect()
    }

    fn order(s: &str) -> String {
        let u = units(s);
        let refs: Vec<&str> = u.iter().map(String::as_str).collect();
        logical_order(&refs)
    }

    #[test]
    fn rtl_line_in_logical_order() {
        // "سلام عالم 42" in a right-to-left line shows as "42" left of the Arabic words,
        // whose letters are drawn from right to left.
        assert_eq!(order("42 ملاع مالس"), "سلام عالم 42");
        assert_eq!(order("abc ملاع مالس"), "سلام عالم abc");
        assert_eq!(order("(مالس)"), "(سلام)");
    }

    #[test]
    fn rtl_runs_inside_ltr_text() {
        assert_eq!(order("the word مالس here"), "the word سلام here");
    }

    #[test]
    fn a_cluster_glyph_keeps_its_inner_order() {
        let units = ["حَبيبي", " ", "h", "a", "b", "i", "b", "i", "!"];
        assert_eq!(logical_order(&units), "حَبيبي habibi!");
    }
}
