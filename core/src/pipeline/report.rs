//! `report.html`: one self-contained page (inline CSS and SVG, no script, no CDN) with the
//! charts people look at before they read the card: quality scores, lengths, languages,
//! formats, PII per kind and drop reasons. Deterministic, like the card.

use std::fmt::Write as _;

use crate::dataset::DatasetStats;

/// A chart: its id, title and (label, count) bars.
type Chart<'a> = (&'a str, &'a str, Vec<(String, u64)>);

/// Bar geometry of the horizontal charts.
const BAR_HEIGHT: usize = 22;
const LABEL_WIDTH: usize = 230;
const PLOT_WIDTH: usize = 420;

/// The report's HTML.
pub fn report_html(name: &str, documents_in: u64, stats: &DatasetStats) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let title = escape(name);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — corpusforge report</title><style>{CSS}</style></head><body>\
         <h1>{title}</h1><p class=\"sub\">corpusforge {} dataset report</p><div class=\"cards\">",
        crate::VERSION
    );
    let dropped: u64 = stats.dropped.values().sum();
    let rejected: u64 = stats.rejected.values().sum();
    for (label, value) in [
        ("documents in", documents_in.to_string()),
        ("documents out", stats.total_documents().to_string()),
        ("records", stats.total_records().to_string()),
        ("drop decisions", dropped.to_string()),
        ("rejected", rejected.to_string()),
        ("tokens", stats.tokens.to_string()),
        ("dataset score", format!("{:.1}", stats.dataset_score)),
    ] {
        let _ = write!(
            s,
            "<div class=\"card\"><div class=\"v\">{value}</div><div class=\"l\">{label}</div></div>"
        );
    }
    s.push_str("</div><div class=\"grid\">");
    let pairs = |labels: &[String], counts: &[u64]| -> Vec<(String, u64)> {
        labels.iter().cloned().zip(counts.iter().copied()).collect()
    };
    let sorted = |m: &std::collections::BTreeMap<String, u64>| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = m.iter().map(|(k, v)| (k.clone(), *v)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(20);
        v
    };
    let charts: [Chart; 6] = [
        (
            "quality",
            "Quality score (documents per bin, 0-100)",
            pairs(
                &stats.quality_histogram.labels,
                &stats.quality_histogram.counts,
            ),
        ),
        (
            "length",
            "Length (documents per character count)",
            pairs(
                &stats.length_histogram.labels,
                &stats.length_histogram.counts,
            ),
        ),
        (
            "languages",
            "Languages (documents)",
            sorted(&stats.languages),
        ),
        (
            "formats",
            "Source formats (documents)",
            sorted(&stats.formats),
        ),
        (
            "pii",
            "PII masked (matches per kind)",
            sorted(&stats.pii_masked),
        ),
        ("drops", "Drop reasons (documents)", sorted(&stats.dropped)),
    ];
    for (id, title, data) in &charts {
        chart(&mut s, id, title, data);
    }
    let _ = write!(
        s,
        "</div><h2>Dataset quality</h2><table><tr><th>measure</th><th>value</th></tr>\
         <tr><td>duplicate rate</td><td>{}</td></tr>\
         <tr><td>language balance (0-1)</td><td>{}</td></tr>\
         <tr><td>format balance (0-1)</td><td>{}</td></tr>\
         <tr><td>lexical diversity (mean type-token ratio)</td><td>{}</td></tr>\
         <tr><td>PII residue (re-scanned records still holding PII)</td><td>{} of {}</td></tr>\
         <tr><td>mean quality score</td><td>{}</td></tr>",
        stats.duplicate_rate,
        stats.language_balance,
        stats.format_balance,
        stats.lexical_diversity,
        stats.pii_residue.with_pii,
        stats.pii_residue.scanned,
        stats.mean_quality
    );
    for (col, v) in &stats.completeness {
        let _ = write!(
            s,
            "<tr><td>completeness of {}</td><td>{v}</td></tr>",
            escape(col)
        );
    }
    let _ = writeln!(
        s,
        "</table><p class=\"formula\">Dataset score = {}.</p></body></html>",
        escape(DatasetStats::SCORE_FORMULA)
    );
    s
}

/// A horizontal bar chart as inline SVG; a note instead when there is nothing to draw, so
/// every chart on the page has marks.
fn chart(s: &mut String, id: &str, title: &str, data: &[(String, u64)]) {
    let _ = write!(s, "<section><h2>{}</h2>", escape(title));
    let max = data.iter().map(|d| d.1).max().unwrap_or(0);
    if max == 0 {
        let _ = write!(
            s,
            "<p class=\"empty\" data-chart=\"{id}\">none</p></section>"
        );
        return;
    }
    let height = data.len() * BAR_HEIGHT + 8;
    let width = LABEL_WIDTH + PLOT_WIDTH + 60;
    let _ = write!(
        s,
        "<svg class=\"chart\" data-chart=\"{id}\" role=\"img\" aria-label=\"{}\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">",
        escape(title)
    );
    for (i, (label, value)) in data.iter().enumerate() {
        let y = 4 + i * BAR_HEIGHT;
        let w = if *value == 0 {
            0
        } else {
            ((*value as f64 / max as f64) * PLOT_WIDTH as f64)
                .round()
                .max(2.0) as usize
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"mark\" x=\"{LABEL_WIDTH}\" y=\"{}\" width=\"{w}\" height=\"{}\"><title>{}: {value}</title></rect>\
             <text x=\"{}\" y=\"{}\" class=\"n\">{value}</text>",
            LABEL_WIDTH - 8,
            y + 15,
            escape(&shorten(label)),
            y + 3,
            BAR_HEIGHT - 6,
            escape(label),
            LABEL_WIDTH + w + 6,
            y + 15,
        );
    }
    s.push_str("</svg></section>");
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= 34 {
        label.to_string()
    } else {
        let mut t: String = label.chars().take(33).collect();
        t.push('…');
        t
    }
}

fn escape(v: &str) -> String {
    html_escape::encode_text(v).replace('"', "&quot;")
}

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;\
max-width:1500px;padding:0 1.5rem;color:#1f2933;background:#fbfcfd}h1{margin:0;font-size:1.7rem}\
.sub{color:#616e7c;margin:.2rem 0 1.2rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}\
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{background:#fff;border:1px solid #e4e7eb;\
border-radius:8px;padding:.7rem 1.1rem;min-width:120px}.card .v{font-size:1.5rem;font-weight:600}\
.card .l{color:#616e7c;font-size:.85rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,\
minmax(720px,1fr));gap:0 2rem}svg text{font-size:12px;fill:#323f4b}svg .n{fill:#616e7c}\
rect.mark{fill:#3b82c4}.empty{color:#9aa5b1}table{border-collapse:collapse;background:#fff}\
td,th{border:1px solid #e4e7eb;padding:.3rem .7rem;text-align:left}.formula{color:#616e7c;max-width:70rem}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_with_data_have_marks_and_labels_are_escaped() {
        let mut stats = DatasetStats::default();
        stats.languages.insert("en".into(), 3);
        stats.dropped.insert("<script>".into(), 1);
        stats.quality_histogram.counts[9] = 3;
        let html = report_html("a & b", 4, &stats);
        assert!(html.contains("a &amp; b"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("data-chart=\"languages\""));
        assert!(html.contains("<p class=\"empty\" data-chart=\"pii\">none</p>"));
        assert_eq!(html.matches("<svg").count(), 3, "quality, languages, drops");
    }
}
