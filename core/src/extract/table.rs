//! Tables as text: Markdown pipe tables (first row as header) or tab-separated lines.

use super::TableFormat;

/// Renders `rows` (cells as text) in `format`. Empty rows are dropped; short rows are
/// padded so every row has as many cells as the widest.
pub(crate) fn render(rows: &[Vec<String>], format: TableFormat) -> String {
    let rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let size: usize = rows.iter().flat_map(|r| r.iter()).map(String::len).sum();
    // Written straight into one string: a table of a few hundred cells allocated a few
    // strings per cell when each was cleaned and joined on its own.
    let mut out = String::with_capacity(size + rows.len() * (width * 3 + 4));
    for (i, row) in rows.iter().enumerate() {
        if format == TableFormat::Markdown {
            out.push_str("| ");
        }
        for j in 0..width {
            if j > 0 {
                out.push_str(match format {
                    TableFormat::Tsv => "\t",
                    TableFormat::Markdown => " | ",
                });
            }
            push_clean(&mut out, row.get(j).map_or("", String::as_str), format);
        }
        if format == TableFormat::Markdown {
            out.push_str(" |");
            if i == 0 {
                out.push_str("\n|");
                out.push_str(&"---|".repeat(width));
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// Appends a cell's text on one line (runs of white space, line breaks included, as one
/// space; no-break spaces kept), with the table's separator escaped.
fn push_clean(out: &mut String, cell: &str, format: TableFormat) {
    let start = out.len();
    let mut space = false;
    for c in cell.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
            continue;
        }
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        if c == '|' && format == TableFormat::Markdown {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_tsv() {
        let rows = vec![
            vec!["Name".to_string(), "Value".to_string()],
            vec!["a|b".to_string()],
            vec![String::new(), " ".to_string()],
        ];
        assert_eq!(
            render(&rows, TableFormat::Markdown),
            "| Name | Value |\n|---|---|\n| a\\|b |  |"
        );
        assert_eq!(render(&rows, TableFormat::Tsv), "Name\tValue\na|b");
    }

    proptest::proptest! {
        /// Rendering in one pass gives what cleaning each cell on its own and joining the
        /// cells gives.
        #[test]
        fn one_pass_rendering_equals_cell_by_cell(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a| \t\n\u{a0}é]{0,6}", 0..4),
                0..5,
            ),
        ) {
            for format in [TableFormat::Markdown, TableFormat::Tsv] {
                let kept: Vec<&Vec<String>> = rows
                    .iter()
                    .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                    .collect();
                let width = kept.iter().map(|r| r.len()).max().unwrap_or(0);
                let mut want = String::new();
                for (i, row) in kept.iter().enumerate() {
                    let cells: Vec<String> = (0..width)
                        .map(|j| {
                            let c = super::super::builder::collapse_ws(row.get(j).map_or("", String::as_str));
                            match format {
                                TableFormat::Markdown => c.replace('|', "\\|"),
                                TableFormat::Tsv => c,
                            }
                        })
                        .collect();
                    match format {
                        TableFormat::Tsv => want.push_str(&cells.join("\t")),
                        TableFormat::Markdown => {
                            want.push_str(&format!("| {} |", cells.join(" | ")));
                            if i == 0 {
                                want.push_str(&format!("\n|{}", "---|".repeat(width)));
                            }
                        }
                    }
                    want.push('\n');
                }
                want.truncate(want.trim_end().len());
                proptest::prop_assert_eq!(render(&rows, format), want);
            }
        }
    }
}
