//! Property tests of normalization: no panic on any input, idempotence, and no change to
//! text that holds nothing to repair.

use corpusforge::{normalize, NormalizeOptions, UnicodeForm};
use proptest::prelude::*;

fn any_options() -> impl Strategy<Value = NormalizeOptions> {
    (
        proptest::collection::vec(any::<bool>(), 13),
        prop_oneof![
            Just(UnicodeForm::Nfc),
            Just(UnicodeForm::Nfkc),
            Just(UnicodeForm::Nfd),
            Just(UnicodeForm::Nfkd),
            Just(UnicodeForm::None)
        ],
        proptest::option::of(0usize..4),
        proptest::option::of(0usize..8),
    )
        .prop_map(|(b, form, blanks, tabs)| NormalizeOptions {
            remove_bom: b[0],
            fix_mojibake: b[1],
            fix_c1_controls: b[2],
            decode_entities: b[3],
            remove_control_chars: b[4],
            unicode_form: form,
            normalize_line_endings: b[5],
            strip_trailing_whitespace: b[6],
            max_blank_lines: blanks,
            collapse_whitespace: b[7],
            tabs_to_spaces: tabs,
            strip_html_tags: b[8],
            straighten_quotes: b[9],
            fix_ligatures: b[10],
            fullwidth_to_ascii: b[11] && b[12],
        })
}

/// Text made of the characters real documents (and their mojibake) are made of; with
/// `junk`, also raw C1 controls, soft hyphens and other invisible debris.
fn realistic_text() -> impl Strategy<Value = String> {
    text_of(true)
}

fn text_of(junk: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => "[a-zA-Z]{1,8}",
            2 => Just(" ".to_string()),
            1 => Just("\n".to_string()),
            1 => Just("\r\n".to_string()),
            1 => "[.,;:!?'\"()&#;<>/-]",
            1 => "[éèàçüöäßñÉÀÜ]",
            1 => "[’“”–—…€™©®°±²³¼½¾×÷¬¦§¨ª«»µ¶·¸¹º¿]",
            1 => "[ÃÂÅÄÐÑâ][€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿]",
            1 => "[\\u{80}-\\u{9f}\\u{a0}\\u{ad}\\u{200b}\\u{feff}\\t\\u{0}\\u{7}]",
            1 => "[日本語中文한국어Ελληνικάрусский]{1,3}",
            1 => "&(amp|lt|eacute|#233|#x201C|nbsp);",
        ],
        0..60,
    )
    .prop_map(move |parts| {
        let s = parts.concat();
        if junk {
            s
        } else {
            s.chars()
                .filter(|c| !matches!(c, '\u{0}'..='\u{8}' | '\u{80}'..='\u{9f}' | '\u{ad}' | '\u{200b}' | '\u{feff}'))
                .collect()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn never_panics(text in "\\PC*", opts in any_options()) {
        let _ = normalize(&text, &opts);
    }

    #[test]
    fn never_panics_on_realistic_text(text in realistic_text(), opts in any_options()) {
        let _ = normalize(&text, &opts);
    }

    /// Repair decisions depend on context, and removing debris (a C1 control Windows-1252
    /// leaves undefined, a soft hyphen) changes context; so idempotence is asserted on text
    /// without such debris, where a second pass must find nothing left to do.
    #[test]
    fn default_is_idempotent(text in text_of(false)) {
        let opts = NormalizeOptions::default();
        let once = normalize(&text, &opts).into_owned();
        let twice = normalize(&once, &opts).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn text_without_candidates_is_borrowed(text in "[a-zA-Z0-9 .,;:!?()\\n\\u{4e00}-\\u{4e20}\\u{1f600}-\\u{1f610}]{0,200}") {
        let opts = NormalizeOptions::encoding_repair_only();
        prop_assert!(matches!(normalize(&text, &opts), std::borrow::Cow::Borrowed(_)));
    }
}
