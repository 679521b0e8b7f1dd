//! Lines to blocks in reading order: columns found by their gutters (a two-column paper
//! reads column by column, a title spanning both columns first), paragraphs split by
//! vertical gaps, font size changes, indentation and list markers, headings told by size.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use crate::document::BlockKind;

/// A block of one page, before headings get their levels.
#[derive(Debug, Clone)]
pub(crate) struct PageBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Font size of the block's first line.
    pub size: f32,
}

/// What paragraph building needs to know about the whole document.
pub(crate) struct DocStyle {
    /// The font size most text is set in.
    pub body_size: f32,
    /// Join a word broken by a hyphen at a line end.
    pub dehyphenate: bool,
}

/// The blocks of a page's content lines (headers and footers already taken out).
pub(crate) fn page_blocks(lines: &[Line], style: &DocStyle) -> Vec<PageBlock> {
    let mut out = Vec::new();
    for dir in 0..4u8 {
        let idx: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].dir == dir).collect();
        if idx.is_empty() {
            continue;
        }
        for leaf in order(lines, idx, 0) {
            paragraphs(lines, &leaf, style, &mut out);
        }
    }
    out
}

/// Reading order: the lines of `idx` as a list of leaves (columns or bands), each leaf's
/// lines top to bottom.
fn order(lines: &[Line], mut idx: Vec<usize>, depth: usize) -> Vec<Vec<usize>> {
    if idx.len() < 6 || depth > 6 {
        sort_top_down(lines, &mut idx);
        return vec![idx];
    }
    let Some((g0, g1)) = gutter(lines, &idx) else {
        sort_top_down(lines, &mut idx);
        return vec![idx];
    };
    // Lines crossing the gutter's middle (titles, wide figures' captions) cut the page into
    // bands; each band reads its left column, then its right one. (A ragged line may reach
    // into the gutter without crossing it.)
    let mid = (g0 + g1) / 2.0;
    let crosses = |i: usize| lines[i].x0 < mid && lines[i].x1 > mid;
    let mut spanning: Vec<usize> = idx.iter().copied().filter(|&i| crosses(i)).collect();
    sort_top_down(lines, &mut spanning);
    let mut out = Vec::new();
    let mut upper = f32::INFINITY;
    let mut rest: Vec<usize> = idx.iter().copied().filter(|&i| !crosses(i)).collect();
    let mut cuts: Vec<Option<usize>> = spanning.iter().map(|&s| Some(s)).collect();
    cuts.push(None);
    for cut in cuts {
        let lower = cut.map_or(f32::NEG_INFINITY, |s| lines[s].y);
        let (band, others): (Vec<usize>, Vec<usize>) = rest
            .iter()
            .partition(|&&i| lines[i].y <= upper && lines[i].y > lower);
        rest = others;
        let (left, right): (Vec<usize>, Vec<usize>) =
            band.into_iter().partition(|&i| lines[i].x1 <= mid);
        if !left.is_empty() {
            out.extend(order(lines, left, depth + 1));
        }
        if !right.is_empty() {
            out.extend(order(lines, right, depth + 1));
        }
        if let Some(s) = cut {
            out.push(vec![s]);
            upper = lines[s].y;
        }
    }
    // Leftovers (on a spanning line's own baseline): read after, not lost.
    if !rest.is_empty() {
        sort_top_down(lines, &mut rest);
        out.push(rest);
    }
    // Single spanning lines next to each other are one leaf, so paragraphs can form.
    let mut merged: Vec<Vec<usize>> = Vec::new();
    for leaf in out {
        match merged.last_mut() {
            Some(last)
                if last.len() == 1
                    && leaf.len() == 1
                    && spanning.contains(&last[0])
                    && spanning.contains(&leaf[0]) =>
            {
                last.extend(leaf)
            }
            _ => merged.push(leaf),
        }
    }
    merged
}

/// Top to bottom, then left to right on one baseline (lines whose baselines are within a
/// third of their size of the band's first line).
fn sort_top_down(lines: &[Line], idx: &mut [usize]) {
    idx.sort_by(|&a, &b| {
        lines[b]
            .y
            .total_cmp(&lines[a].y)
            .then(lines[a].x0.total_cmp(&lines[b].x0))
    });
    let mut start = 0;
    while start < idx.len() {
        let first = &lines[idx[start]];
        let mut end = start + 1;
        while end < idx.len()
            && first.y - lines[idx[end]].y <= 0.3 * first.size.max(lines[idx[end]].size)
        {
            end += 1;
        }
        idx[start..end].sort_by(|&a, &b| lines[a].x0.total_cmp(&lines[b].x0));
        start = end;
    }
}

/// A column gutter of the region: an x band that no more than a few lines cross, with
/// enough text-like lines entirely on each side.
fn gutter(lines: &[Line], idx: &[usize]) -> Option<(f32, f32)> {
    let x0 = idx.iter().map(|&i| lines[i].x0).fold(f32::MAX, f32::min);
    let x1 = idx.iter().map(|&i| lines[i].x1).fold(f32::MIN, f32::max);
    let width = x1 - x0;
    if width.is_nan() || width <= 50.0 {
        return None;
    }
    let mut sizes: Vec<f32> = idx.iter().map(|&i| lines[i].size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2].max(1.0);
    // Coverage in 1-point bins.
    let bins = (width.ceil() as usize).min(4000);
    let scale = bins as f32 / width;
    let mut cover = vec![0u32; bins + 1];
    for &i in idx {
        let a = ((lines[i].x0 - x0) * scale) as usize;
        let b = (((lines[i].x1 - x0) * scale) as usize).min(bins);
        for c in &mut cover[a..=b.max(a)] {
            *c += 1;
        }
    }
    let allowed = (idx.len() / 12).max(1) as u32;
    let lo = (bins as f32 * 0.2) as usize;
    let hi = (bins as f32 * 0.8) as usize;
    // The widest run of bins covered by at most `allowed` lines in the middle of the region.
    let (mut best, mut run_start) = (None::<(usize, usize)>, None::<usize>);
    for (b, &c) in cover.iter().enumerate().take(hi.min(bins) + 1).skip(lo) {
        if c <= allowed {
            run_start.get_or_insert(b);
        } else if let Some(s) = run_start.take() {
            if best.is_none_or(|(bs, be)| b - s > be - bs) {
                best = Some((s, b));
            }
        }
    }
    if let Some(s) = run_start {
        let e = hi.min(bins) + 1;
        if best.is_none_or(|(bs, be)| e - s > be - bs) {
            best = Some((s, e));
        }
    }
    let (s, e) = best?;
    let (g0, g1) = (x0 + s as f32 / scale, x0 + e as f32 / scale);
    if g1 - g0 < 0.8 * size {
        return None;
    }
    // Both sides must look like columns of running text, not table cells.
    let side = |left: bool| -> bool {
        let ls: Vec<&Line> = idx
            .iter()
            .map(|&i| &lines[i])
            .filter(|l| {
                if left {
                    l.x1 <= g0 + 0.5
                } else {
                    l.x0 >= g1 - 0.5
                }
            })
            .collect();
        if ls.len() < 3 {
            return false;
        }
        let mut widths: Vec<f32> = ls.iter().map(|l| l.x1 - l.x0).collect();
        widths.sort_by(f32::total_cmp);
        let median = widths[widths.len() / 2];
        let chars: usize = ls.iter().map(|l| l.text.chars().count()).sum();
        median >= 0.25 * width && chars / ls.len() >= 12
    };
    (side(true) && side(false)).then_some((g0, g1))
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•·◦▪▫‣⁃○●■□➢➤►▶✓✔\-–—*]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s)")
        .expect("list marker pattern compiles")
});

/// Splits one leaf's lines into blocks.
fn paragraphs(lines: &[Line], leaf: &[usize], style: &DocStyle, out: &mut Vec<PageBlock>) {
    if leaf.is_empty() {
        return;
    }
    let left = leaf.iter().map(|&i| lines[i].x0).fold(f32::MAX, f32::min);
    let right = leaf.iter().map(|&i| lines[i].x1).fold(f32::MIN, f32::max);
    let width = (right - left).max(1.0);
    // The usual baseline distance in this leaf.
    let mut pitches: Vec<f32> = leaf
        .windows(2)
        .map(|w| lines[w[0]].y - lines[w[1]].y)
        .filter(|p| *p > 0.5)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches
        .get(pitches.len() / 3)
        .copied()
        .unwrap_or(f32::INFINITY);

    let mut cur: Option<(PageBlock, usize)> = None; // block and its last line
    let mut blocks: Vec<(PageBlock, usize)> = Vec::new();
    for &i in leaf {
        let l = &lines[i];
        let list = LIST_MARKER.is_match(&l.text);
        let new_block = match &cur {
            None => true,
            Some((b, last)) => {
                let p = &lines[*last];
                let same_baseline = (p.y - l.y).abs() <= 0.3 * p.size.max(l.size);
                if same_baseline {
                    false
                } else {
                    let gap = p.y - l.y;
                    let size_change = (l.size - p.size).abs() > 0.12 * p.size.max(l.size);
                    let big_gap =
                        gap > (1.25 * pitch).max(1.45 * p.size.max(l.size)) || gap < -p.size;
                    let heading_end =
                        matches!(b.kind, BlockKind::Heading { .. }) && !l.bold && p.bold;
                    let bold_change = p.bold != l.bold
                        && (p.bold && short(p, width) || l.bold && short(l, width));
                    let indent = l.x0 > left + 1.0 * l.size
                        && l.x0 > p.x0 + 0.8 * l.size
                        && ends_sentence(&p.text)
                        && !matches!(b.kind, BlockKind::ListItem);
                    let short_end = p.x1 < left + 0.7 * width
                        && ends_sentence(&p.text)
                        && starts_upper(&l.text);
                    big_gap
                        || size_change
                        || list
                        || heading_end
                        || bold_change
                        || indent
                        || short_end
                }
            }
        };
        if new_block {
            if let Some(b) = cur.take() {
                blocks.push(b);
            }
            let kind = if list {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            cur = Some((
                PageBlock {
                    kind,
                    text: l.text.clone(),
                    size: l.size,
                },
                i,
            ));
        } else if let Some((b, last)) = &mut cur {
            let p = &lines[*last];
            let same_baseline = (p.y - l.y).abs() <= 0.3 * p.size.max(l.size);
            join_line(&mut b.text, &l.text, style.dehyphenate && !same_baseline);
            *last = i;
        }
    }
    if let Some(b) = cur.take() {
        blocks.push(b);
    }
    for (mut b, _) in blocks {
        if b.kind == BlockKind::Paragraph
            && b.size >= 1.15 * style.body_size
            && b.text.len() <= 200
            && !b.text.ends_with(['.', ',', ';'])
        {
            b.kind = BlockKind::Heading { level: 0 };
        }
        out.push(b);
    }
}

fn short(l: &Line, width: f32) -> bool {
    l.x1 - l.x0 < 0.8 * width && l.text.chars().count() < 90
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', '。', '"', '”', '»'])
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Appends a line to a block's text: a hyphen that broke a word is dropped, CJK lines join
/// without a space, others with one.
fn join_line(text: &mut String, next: &str, dehyphenate: bool) {
    if dehyphenate && text.ends_with('-') && !text.ends_with("--") {
        let before = text[..text.len() - 1].chars().next_back();
        let after = next.chars().next();
        if before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_lowercase) {
            text.pop();
            text.push_str(next);
            return;
        }
    }
    let cjk = |c: char| matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF);
    if text.chars().next_back().is_some_and(cjk) && next.chars().next().is_some_and(cjk) {
        text.push_str(next);
    } else {
        text.push(' ');
        text.push_str(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            text: text.into(),
            x0,
            x1,
            y,
            size: 10.0,
            dir: 0,
            bold: false,
            artifact: false,
        }
    }

    fn style() -> DocStyle {
        DocStyle {
            body_size: 10.0,
            dehyphenate: true,
        }
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut lines = vec![line("A Title Across Both Columns", 150.0, 450.0, 760.0)];
        for k in 0..8 {
            let y = 700.0 - 12.0 * k as f32;
            lines.push(line(
                &format!("left column text line number {k}"),
                50.0,
                290.0,
                y,
            ));
            lines.push(line(
                &format!("right column text line number {k}"),
                310.0,
                550.0,
                y,
            ));
        }
        let blocks = page_blocks(&lines, &style());
        let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text[0], "A Title Across Both Columns");
        assert!(
            text[1].starts_with("left column text line number 0"),
            "{text:?}"
        );
        assert!(text[1].ends_with("number 7"), "{text:?}");
        assert!(text[2].starts_with("right column"), "{text:?}");
    }

    #[test]
    fn table_like_rows_stay_rows() {
        let mut lines = Vec::new();
        for k in 0..8 {
            let y = 700.0 - 12.0 * k as f32;
            lines.push(line(&format!("name{k}"), 50.0, 90.0, y));
            lines.push(line(&format!("{k}00"), 300.0, 320.0, y));
        }
        let blocks = page_blocks(&lines, &style());
        assert!(
            blocks[0].text.starts_with("name0 000 name1 100"),
            "{blocks:?}"
        );
    }

    #[test]
    fn paragraphs_split_on_gaps_and_hyphens_join() {
        let lines = vec![
            line("The first paragraph has a hyphen-", 50.0, 400.0, 700.0),
            line("ated word and ends here.", 50.0, 200.0, 688.0),
            line("A second paragraph after a gap.", 50.0, 300.0, 660.0),
        ];
        let blocks = page_blocks(&lines, &style());
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0].text,
            "The first paragraph has a hyphenated word and ends here."
        );
    }
}
