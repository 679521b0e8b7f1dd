//! Words by Unicode's word boundaries (UAX #29), the one definition every stage uses.

use unicode_segmentation::UnicodeSegmentation;

/// The words of `text`: UAX #29 word segments that contain a letter or digit
/// (`can't`, `3.5`, `e-mail` → `e`, `mail`; CJK ideographs count one each).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// The number of [`words`] in `text`.
///
/// ```
/// assert_eq!(corpusforge::count_words("Don't panic: it's 3.5 km, 東京!"), 7);
/// ```
pub fn count_words(text: &str) -> usize {
    text.unicode_words().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("Hello, world!"), 2);
        assert_eq!(count_words("can't stop e-mail 3.5 1,000 U.S.A. a_b"), 8);
        assert_eq!(
            count_words("日本語のテキスト"),
            words("日本語のテキスト").count()
        );
    }
}
