//! Tables as text: Markdown pipe tables (first row as header) or tab-separated lines.

use super::TableFormat;

/// Renders `rows` (cells as text) in `format`. Empty rows are dropped; short rows are
/// padded so every row has as many cells as the widest.
pub(crate) fn render(rows: &[Vec<String>], format: TableFormat) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| r.iter().map(|c| clean(c, format)).collect())
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells = (0..width).map(|j| row.get(j).map_or("", String::as_str));
        match format {
            TableFormat::Tsv => {
                out.push_str(&cells.collect::<Vec<_>>().join("\t"));
            }
            TableFormat::Markdown => {
                out.push_str("| ");
                out.push_str(&cells.collect::<Vec<_>>().join(" | "));
                out.push_str(" |");
                if i == 0 {
                    out.push_str("\n|");
                    out.push_str(&"---|".repeat(width));
                }
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// A cell's text on one line, with the table's separator escaped.
fn clean(cell: &str, format: TableFormat) -> String {
    let one_line = super::builder::collapse_ws(cell);
    match format {
        TableFormat::Markdown => one_line.replace('|', "\\|"),
        TableFormat::Tsv => one_line,
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
}
