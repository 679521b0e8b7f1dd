//! Typographic folds (quotes, ligatures, full-width forms) and the Unicode normalization form.

use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::UnicodeForm;

fn map_chars(
    text: &str,
    count: &mut u64,
    f: impl Fn(char) -> Option<&'static str>,
) -> Option<String> {
    if !text.chars().any(|c| f(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match f(c) {
            Some(r) => {
                out.push_str(r);
                *count += 1;
            }
            None => out.push(c),
        }
    }
    Some(out)
}

/// Curly quotes, primes and guillemet-free apostrophes to ASCII.
pub(super) fn quotes(text: &str, count: &mut u64) -> Option<String> {
    map_chars(text, count, |c| match c {
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => Some("'"),
        '“' | '”' | '„' | '‟' | '″' => Some("\""),
        _ => None,
    })
}

/// Latin ligatures (U+FB00-U+FB06) and the two Latin-1-era ones (Ĳ, ĳ are left: they are
/// letters in Dutch).
pub(super) fn ligatures(text: &str, count: &mut u64) -> Option<String> {
    map_chars(text, count, |c| match c {
        'ﬀ' => Some("ff"),
        'ﬁ' => Some("fi"),
        'ﬂ' => Some("fl"),
        'ﬃ' => Some("ffi"),
        'ﬄ' => Some("ffl"),
        'ﬅ' | 'ﬆ' => Some("st"),
        _ => None,
    })
}

/// Full-width ASCII (U+FF01-U+FF5E) and the ideographic space to ASCII.
pub(super) fn fullwidth(text: &str, count: &mut u64) -> Option<String> {
    let is_fw = |c: char| ('\u{ff01}'..='\u{ff5e}').contains(&c) || c == '\u{3000}';
    if !text.chars().any(is_fw) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{3000}' {
            out.push(' ');
            *count += 1;
        } else if is_fw(c) {
            out.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c));
            *count += 1;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Applies the Unicode normalization form; `count` gets the number of input characters
/// that were not already in that form (a cheap measure of how much changed).
pub(super) fn unicode_form(text: &str, form: UnicodeForm, count: &mut u64) -> Option<String> {
    // Every character below U+0300 (lead bytes below 0xCC) is in NFC and NFKC... except
    // compatibility characters in Latin-1 (NBSP, ª, ², ¼, ...), which NFKC folds.
    let below_combining = text.bytes().all(|b| b < 0xcc);
    if below_combining && form == UnicodeForm::Nfc {
        return None;
    }
    let quick = match form {
        UnicodeForm::None => return None,
        UnicodeForm::Nfc => is_nfc_quick(text.chars()),
        UnicodeForm::Nfkc => is_nfkc_quick(text.chars()),
        UnicodeForm::Nfd => unicode_normalization::is_nfd_quick(text.chars()),
        UnicodeForm::Nfkd => unicode_normalization::is_nfkd_quick(text.chars()),
    };
    if quick == IsNormalized::Yes {
        return None;
    }
    let out: String = match form {
        UnicodeForm::Nfc => text.nfc().collect(),
        UnicodeForm::Nfkc => text.nfkc().collect(),
        UnicodeForm::Nfd => text.nfd().collect(),
        UnicodeForm::Nfkd => text.nfkd().collect(),
        UnicodeForm::None => return None,
    };
    if out == text {
        return None;
    }
    let same_prefix = text
        .chars()
        .zip(out.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let in_len = text.chars().count();
    let out_len = out.chars().count();
    *count += (in_len.max(out_len) - same_prefix).max(1) as u64;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let mut n = 0;
        assert_eq!(
            unicode_form("Cafe\u{301}", UnicodeForm::Nfc, &mut n).unwrap(),
            "Café"
        );
        assert!(unicode_form("Café", UnicodeForm::Nfc, &mut n).is_none());
        assert_eq!(
            unicode_form("ﬁ²", UnicodeForm::Nfkc, &mut n).unwrap(),
            "fi2"
        );
        assert_eq!(
            unicode_form("é", UnicodeForm::Nfd, &mut n).unwrap(),
            "e\u{301}"
        );
        assert!(unicode_form("Cafe\u{301}", UnicodeForm::None, &mut n).is_none());
    }

    #[test]
    fn folds() {
        let mut n = 0;
        assert_eq!(quotes("“it’s”", &mut n).unwrap(), "\"it's\"");
        assert_eq!(ligatures("ﬁnd ﬄy", &mut n).unwrap(), "find ffly");
        assert_eq!(fullwidth("ＡＢＣ　１", &mut n).unwrap(), "ABC 1");
        assert!(fullwidth("日本語", &mut n).is_none());
    }
}
