//! Options and report of the normalization stage: the single source of truth for names and
//! defaults in Rust, Python, Node, the CLI and config files.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::options::StageOptions;

/// Unicode normalization form applied to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnicodeForm {
    /// Canonical composition (the default): `e` + U+0301 becomes `é`; nothing else changes.
    #[default]
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts.
    Nfkc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility decomposition.
    Nfkd,
    /// Leave the form as it is.
    None,
}

impl UnicodeForm {
    /// The snake_case name (`"nfc"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            UnicodeForm::Nfc => "nfc",
            UnicodeForm::Nfkc => "nfkc",
            UnicodeForm::Nfd => "nfd",
            UnicodeForm::Nfkd => "nfkd",
            UnicodeForm::None => "none",
        }
    }
}

impl std::str::FromStr for UnicodeForm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "nfc" => Ok(UnicodeForm::Nfc),
            "nfkc" => Ok(UnicodeForm::Nfkc),
            "nfd" => Ok(UnicodeForm::Nfd),
            "nfkd" => Ok(UnicodeForm::Nfkd),
            "none" => Ok(UnicodeForm::None),
            _ => Err(Error::invalid_option(
                "unicode_form",
                "expected one of nfc, nfkc, nfd, nfkd, none",
            )),
        }
    }
}

/// What [`normalize`](crate::normalize) does. Every step is one field; the defaults repair
/// encoding damage and make the text uniform without changing its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeOptions {
    /// Remove a leading byte-order mark (U+FEFF). Default on.
    pub remove_bom: bool,
    /// Repair mojibake: UTF-8 that was decoded as Windows-1252, Latin-1, Windows-1250/1251/1257,
    /// ISO-8859-2, Mac Roman or CP437, once or several times, wholly or in parts. Correct
    /// text is never altered on purpose: a fix must be backed by evidence. Default on.
    pub fix_mojibake: bool,
    /// Replace C1 control characters (U+0080-U+009F) that stand for Windows-1252 punctuation
    /// (`\u{93}` → `“`). Default on.
    pub fix_c1_controls: bool,
    /// Decode HTML character references, named (`&eacute;`) and numeric (`&#233;`, `&#xE9;`).
    /// Default on.
    pub decode_entities: bool,
    /// Remove control and invisible format characters (C0 except `\n` and `\t`, DEL, C1,
    /// zero-width space, soft hyphen, interlinear annotations, stray BOMs). Zero-width
    /// joiners and bidirectional marks are kept: they carry meaning. Default on.
    pub remove_control_chars: bool,
    /// Unicode normalization form. Default `nfc`.
    pub unicode_form: UnicodeForm,
    /// Turn `\r\n`, `\r`, U+2028 and U+2029 into `\n`. Default on.
    pub normalize_line_endings: bool,
    /// Remove spaces and tabs at the end of each line. Default on.
    pub strip_trailing_whitespace: bool,
    /// At most this many consecutive blank lines (`None`: no cap). Default 2.
    pub max_blank_lines: Option<usize>,
    /// Collapse runs of spaces (and other horizontal whitespace such as U+00A0) inside a line
    /// into one space. Default off.
    pub collapse_whitespace: bool,
    /// Replace each tab by this many spaces. Default off (`None`).
    pub tabs_to_spaces: Option<usize>,
    /// Remove HTML/XML tags (and the contents of `<script>` and `<style>`). Default off.
    pub strip_html_tags: bool,
    /// Curly quotes and primes to ASCII `"` and `'`. Default off.
    pub straighten_quotes: bool,
    /// Expand Latin typographic ligatures (`ﬁ` → `fi`, `ﬀ` → `ff`). Default off.
    pub fix_ligatures: bool,
    /// Full-width ASCII forms (`ＡＢＣ１２３`) and the ideographic space to ASCII. Default off:
    /// wrong for CJK text, where full-width forms are the norm.
    pub fullwidth_to_ascii: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            remove_bom: true,
            fix_mojibake: true,
            fix_c1_controls: true,
            decode_entities: true,
            remove_control_chars: true,
            unicode_form: UnicodeForm::Nfc,
            normalize_line_endings: true,
            strip_trailing_whitespace: true,
            max_blank_lines: Some(2),
            collapse_whitespace: false,
            tabs_to_spaces: None,
            strip_html_tags: false,
            straighten_quotes: false,
            fix_ligatures: false,
            fullwidth_to_ascii: false,
        }
    }
}

impl NormalizeOptions {
    /// Only the encoding-repair steps (mojibake, C1 controls, entities); everything else off.
    /// This is what ftfy's `fix_encoding` compares with.
    pub fn encoding_repair_only() -> Self {
        NormalizeOptions {
            remove_bom: false,
            fix_mojibake: true,
            fix_c1_controls: true,
            decode_entities: true,
            remove_control_chars: false,
            unicode_form: UnicodeForm::None,
            normalize_line_endings: false,
            strip_trailing_whitespace: false,
            max_blank_lines: None,
            collapse_whitespace: false,
            tabs_to_spaces: None,
            strip_html_tags: false,
            straighten_quotes: false,
            fix_ligatures: false,
            fullwidth_to_ascii: false,
        }
    }

    /// Every step off: `normalize` returns its input unchanged.
    pub fn none() -> Self {
        NormalizeOptions {
            fix_mojibake: false,
            fix_c1_controls: false,
            decode_entities: false,
            ..Self::encoding_repair_only()
        }
    }
}

impl StageOptions for NormalizeOptions {
    const STAGE: &'static str = "normalize";
    const FIELDS: &'static [&'static str] = &[
        "remove_bom",
        "fix_mojibake",
        "fix_c1_controls",
        "decode_entities",
        "remove_control_chars",
        "unicode_form",
        "normalize_line_endings",
        "strip_trailing_whitespace",
        "max_blank_lines",
        "collapse_whitespace",
        "tabs_to_spaces",
        "strip_html_tags",
        "straighten_quotes",
        "fix_ligatures",
        "fullwidth_to_ascii",
    ];
}

/// How much each normalization step changed. Counts are of changes (characters, sequences
/// or lines, as each field says), so a pipeline can sum them over a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizeReport {
    /// Whether the output differs from the input at all.
    pub changed: bool,
    /// Leading BOMs removed (0 or 1).
    pub bom_removed: u64,
    /// Mojibake sequences repaired (each a character restored from its mis-decoded bytes).
    pub mojibake_fixed: u64,
    /// C1 control characters replaced by the Windows-1252 character they stood for.
    pub c1_controls_fixed: u64,
    /// HTML character references decoded.
    pub entities_decoded: u64,
    /// Control and invisible format characters removed.
    pub control_chars_removed: u64,
    /// Characters whose Unicode form changed (counted in the input).
    pub unicode_changed: u64,
    /// Line breaks rewritten to `\n`.
    pub line_endings_fixed: u64,
    /// Lines whose trailing whitespace was removed.
    pub trailing_whitespace_removed: u64,
    /// Blank lines removed by the blank-line cap.
    pub blank_lines_removed: u64,
    /// Runs of whitespace collapsed or tabs expanded.
    pub whitespace_collapsed: u64,
    /// HTML tags removed.
    pub html_tags_stripped: u64,
    /// Curly quotes straightened.
    pub quotes_straightened: u64,
    /// Ligatures expanded.
    pub ligatures_fixed: u64,
    /// Full-width characters converted.
    pub fullwidth_converted: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_list_matches_struct() {
        let v = serde_json::to_value(NormalizeOptions::default()).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        let mut fields: Vec<String> = NormalizeOptions::FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        fields.sort();
        assert_eq!(keys_sorted, fields);
    }

    #[test]
    fn from_json_names_the_bad_key() {
        let e = NormalizeOptions::from_json(serde_json::json!({"fix_mojibak": true})).unwrap_err();
        assert!(e.to_string().contains("fix_mojibak"));
        let e =
            NormalizeOptions::from_json(serde_json::json!({"unicode_form": "nfx"})).unwrap_err();
        assert!(e.to_string().contains("unicode_form"), "{e}");
        let o = NormalizeOptions::from_json(
            serde_json::json!({"unicode_form": "nfkc", "max_blank_lines": null}),
        )
        .unwrap();
        assert_eq!(o.unicode_form, UnicodeForm::Nfkc);
        assert_eq!(o.max_blank_lines, None);
        assert!(o.fix_mojibake);
    }
}
