//! PII on any text: spans lie on char boundaries, and the masked text never contains a
//! detected value (values of 4+ characters; shorter ones occur by chance).
#![no_main]

use corpusforge::{find_pii, mask_pii, PiiOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let opts = PiiOptions::default();
    let Ok(found) = find_pii(&text, &opts) else {
        return;
    };
    for m in &found {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
    }
    let Ok(masked) = mask_pii(&text, &opts) else {
        return;
    };
    for m in &masked.matches {
        let value = &text[m.found.span.clone()];
        if value.chars().count() >= 4 && !masked.dropped {
            assert!(
                !masked.text.contains(value),
                "a detected {} leaked",
                m.found.kind
            );
        }
    }
});
