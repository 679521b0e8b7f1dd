//! Page furniture: running headers, running footers and page numbers.
//!
//! A line near the top or bottom edge is furniture when the same text (digits ignored, so
//! "Page 3 of 9" matches "Page 4 of 9") sits in that zone on at least half the pages, when
//! it is a bare page number, or when the producer marked it as an `/Artifact`.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use crate::document::BlockKind;

/// Share of the page height at the top and at the bottom searched for furniture.
const ZONE: f32 = 0.16;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s\-–—|]*(?:page|seite|página|pagina|p\.)?\s*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|of|von|de|sur|di)\s*\d{1,4})?[\s\-–—|]*$",
    )
    .expect("page number pattern compiles")
});

/// Which lines of which pages are furniture, and whether each is a header or a footer.
pub(crate) struct Furniture {
    /// Per page: (line index, is header).
    marks: Vec<Vec<(usize, bool)>>,
}

impl Furniture {
    /// Whether line `i` of page `page` (0-based) is furniture.
    pub fn is_furniture(&self, page: usize, i: usize) -> bool {
        self.marks
            .get(page)
            .is_some_and(|m| m.iter().any(|&(j, _)| j == i))
    }

    /// The page's headers (`top`) or footers as blocks, top to bottom.
    pub fn blocks(&self, page: usize, lines: &[Line], top: bool) -> Vec<(BlockKind, String)> {
        let Some(marks) = self.marks.get(page) else {
            return Vec::new();
        };
        let mut picked: Vec<&Line> = marks
            .iter()
            .filter(|&&(_, h)| h == top)
            .filter_map(|&(i, _)| lines.get(i))
            .collect();
        picked.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
        let kind = if top {
            BlockKind::Header
        } else {
            BlockKind::Footer
        };
        picked
            .into_iter()
            .map(|l| (kind.clone(), l.text.clone()))
            .collect()
    }
}

/// The text a running header or footer keeps from page to page.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Finds the furniture of a document's pages (`boxes`: each page's `[x0 y0 x1 y1]`).
pub(crate) fn find(pages: &[Vec<Line>], boxes: &[[f32; 4]]) -> Furniture {
    // Candidates: upright lines in the top or bottom zone of their page.
    let mut candidates: Vec<Vec<(usize, bool)>> = Vec::with_capacity(pages.len());
    for (lines, b) in pages.iter().zip(boxes) {
        let h = (b[3] - b[1]).max(1.0);
        let mut c = Vec::new();
        // Lines between the edge and the candidate must be candidates too: only the
        // outermost lines of the page qualify.
        let content_top = lines
            .iter()
            .filter(|l| l.dir == 0)
            .map(|l| l.y)
            .fold(f32::MIN, f32::max);
        let content_bottom = lines
            .iter()
            .filter(|l| l.dir == 0)
            .map(|l| l.y)
            .fold(f32::MAX, f32::min);
        for (i, l) in lines.iter().enumerate() {
            if l.dir != 0 {
                continue;
            }
            if l.y > b[3] - ZONE * h && content_top - l.y < 0.06 * h {
                c.push((i, true));
            } else if l.y < b[1] + ZONE * h && l.y - content_bottom < 0.06 * h {
                c.push((i, false));
            }
        }
        candidates.push(c);
    }
    let n = pages.len();
    let mut counts: foldhash::HashMap<(String, bool), usize> = Default::default();
    for (lines, c) in pages.iter().zip(&candidates) {
        let mut seen = foldhash::HashSet::default();
        for &(i, top) in c {
            let k = (key(&lines[i].text), top);
            if seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let repeated = |text: &str, top: bool| -> bool {
        n >= 2
            && counts
                .get(&(key(text), top))
                .is_some_and(|&k| k >= 2 && k * 2 >= n)
    };
    let marks = pages
        .iter()
        .zip(candidates)
        .map(|(lines, c)| {
            // Repeated text is a running header only beside a body: a page that holds
            // nothing else (the same short page several times) keeps it as content.
            let has_body = lines.len() > c.len();
            c.into_iter()
                .filter(|&(i, top)| {
                    let l = &lines[i];
                    l.artifact
                        || (isolated(lines, i)
                            && (PAGE_NUMBER.is_match(&l.text)
                                || (has_body && repeated(&l.text, top))))
                })
                .collect()
        })
        .collect();
    Furniture { marks }
}

/// Furniture stands apart from the body: no other line within 1.5 of its font sizes above
/// or below (body lines follow each other at about 1.2). A line of running text that
/// happens to repeat at the top of several pages is not isolated.
fn isolated(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    lines.iter().enumerate().all(|(j, o)| {
        let dy = (o.y - l.y).abs();
        j == i || o.dir != l.dir || dy <= 0.3 * l.size || dy >= 1.5 * l.size.max(o.size)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f32) -> Line {
        Line {
            text: text.into(),
            x0: 72.0,
            x1: 300.0,
            y,
            size: 10.0,
            dir: 0,
            bold: false,
            artifact: false,
        }
    }

    #[test]
    fn running_headers_and_page_numbers() {
        let pages: Vec<Vec<Line>> = (1..=3)
            .map(|p| {
                vec![
                    line(&format!("Annual Report 2024 — chapter {p}"), 760.0),
                    line(
                        "Body text that differs on every page, of course.",
                        600.0 + p as f32,
                    ),
                    line(&format!("Page {p} of 3"), 30.0),
                ]
            })
            .collect();
        let boxes = vec![[0.0, 0.0, 612.0, 792.0]; 3];
        let f = find(&pages, &boxes);
        for p in 0..3 {
            assert!(f.is_furniture(p, 0));
            assert!(!f.is_furniture(p, 1));
            assert!(f.is_furniture(p, 2));
        }
        assert_eq!(f.blocks(0, &pages[0], false)[0].1, "Page 1 of 3");
    }

    #[test]
    fn a_single_page_keeps_its_first_line() {
        let pages = vec![vec![
            line("A Title", 760.0),
            line("Text.", 600.0),
            line("1", 30.0),
        ]];
        let f = find(&pages, &[[0.0, 0.0, 612.0, 792.0]]);
        assert!(!f.is_furniture(0, 0));
        assert!(f.is_furniture(0, 2));
    }
}
