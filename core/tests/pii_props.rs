//! Masking never leaks: after `replace`, `redact`, `hash` or `fake`, no detected value
//! survives in the output, and every match's offsets point at its value and its
//! replacement.

use corpusforge::{find_pii, mask_pii, PiiOptions, Strategy as Mask};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{2,8}".prop_map(|s| s),
        "[A-Z][a-z]{2,7}".prop_map(|s| s),
        ("[a-z]{1,8}", "[a-z]{2,8}").prop_map(|(u, d)| format!("{u}.x@{d}.example")),
        Just("4111 1111 1111 1111".to_string()),
        Just("5500-0000-0000-0004".to_string()),
        Just("+44 20 7946 0958".to_string()),
        Just("(415) 555-0132".to_string()),
        Just("DE89 3704 0044 0532 0130 00".to_string()),
        Just("10.20.30.40".to_string()),
        Just("2001:db8:85a3::8a2e:370:7334".to_string()),
        Just("AKIAIOSFODNN7EXAMPLE".to_string()),
        Just("password=Tr0ub4dor&3".to_string()),
        Just("Mr. John Carter".to_string()),
        Just("born on 12 March 1985".to_string()),
        "[0-9]{1,6}".prop_map(|s| s),
        // Address and name cues, units, line breaks and long words for the STREET_ADDRESS
        // and PERSON context rules.
        Just("lives at".to_string()),
        Just("my address is".to_string()),
        Just("the corner of".to_string()),
        Just("Apt. 4".to_string()),
        Just("Suite 12\n".to_string()),
        Just("Hauptstraße 5".to_string()),
        Just("PSC 1234, Box 5678\nAPO AE 09876".to_string()),
        Just("my kid".to_string()),
        Just("called".to_string()),
        Just("\n".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        "[A-Z][a-z]{40,160}".prop_map(|s| s),
        "[A-Z]\\.".prop_map(|s| s),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("🙂".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..12).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn masking_never_leaks(t in text(), which in 0usize..4) {
        let strategy = [Mask::Replace, Mask::Redact, Mask::Hash, Mask::Fake][which];
        let opts = PiiOptions { strategy, secret: Some("test-secret".into()), ..PiiOptions::default() };
        let found = find_pii(&t, &opts).unwrap();
        let masked = mask_pii(&t, &opts).unwrap();
        prop_assert_eq!(found.len(), masked.matches.len());
        for m in &masked.matches {
            let value = &t[m.found.span.clone()];
            prop_assert!(t.is_char_boundary(m.found.span.start) && t.is_char_boundary(m.found.span.end));
            prop_assert!(masked.text.get(m.masked_span.clone()).is_some());
            if value.chars().count() >= 4 {
                prop_assert!(!masked.text.contains(value), "{} survived {:?} in {:?}", value, strategy, masked.text);
            }
        }
    }

    #[test]
    fn matches_are_ordered_and_disjoint(t in text()) {
        let found = find_pii(&t, &PiiOptions::default()).unwrap();
        for w in found.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start);
        }
    }
}
