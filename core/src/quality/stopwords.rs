//! Stop words for Gopher's "enough stop words" check: a document of real prose uses a few
//! of its language's most common function words. Gopher's list is English (eight words);
//! the others are the same kind of list, the eight most frequent function words of each
//! language, lower-case, matched case-sensitively as datatrove does.

/// Gopher's English stop words (datatrove's `STOP_WORDS`).
const EN: &[&str] = &["the", "be", "to", "of", "and", "that", "have", "with"];
const DE: &[&str] = &["der", "die", "und", "in", "den", "von", "zu", "das"];
const FR: &[&str] = &["de", "la", "le", "et", "les", "des", "en", "un"];
const ES: &[&str] = &["de", "la", "que", "el", "en", "y", "los", "del"];
const IT: &[&str] = &["di", "e", "il", "la", "che", "per", "un", "in"];
const PT: &[&str] = &["de", "a", "o", "que", "e", "do", "da", "em"];
const NL: &[&str] = &["de", "en", "van", "het", "een", "in", "is", "dat"];
const PL: &[&str] = &["i", "w", "na", "z", "nie", "do", "to", "się"];
const RU: &[&str] = &["и", "в", "не", "на", "что", "с", "по", "это"];
const SV: &[&str] = &["och", "i", "att", "det", "som", "en", "på", "är"];
const DA: &[&str] = &["og", "i", "at", "det", "en", "til", "er", "som"];
const CS: &[&str] = &["a", "v", "se", "na", "je", "že", "s", "z"];

/// The stop words of the language with ISO 639-1 `code`; empty when there is no list
/// (the check is then skipped). Undetermined text uses the English list, as datatrove does.
pub(crate) fn for_language(code: &str) -> &'static [&'static str] {
    match code {
        "en" | "und" | "" => EN,
        "de" => DE,
        "fr" => FR,
        "es" => ES,
        "it" => IT,
        "pt" => PT,
        "nl" => NL,
        "pl" => PL,
        "ru" => RU,
        "sv" => SV,
        "da" => DA,
        "cs" => CS,
        _ => &[],
    }
}

/// A word of at most 8 bytes as one integer (bytes little-endian, length in the top
/// byte), so a stop-word test is a few integer compares instead of string compares.
fn pack(w: &[u8]) -> Option<u128> {
    if w.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..w.len()].copy_from_slice(w);
    Some(u128::from(u64::from_le_bytes(buf)) | (w.len() as u128) << 64)
}

/// Counts the distinct stop words of one list among the words fed to it.
pub(crate) struct StopWordCounter {
    packed: Vec<u128>,
    /// Whether some stop word starts with this byte: most words are ruled out by it.
    first: [bool; 256],
    seen: u64,
}

impl StopWordCounter {
    /// A counter for `list` (every stop word is at most 8 bytes and a list at most 64
    /// words; a test holds the lists to that).
    pub(crate) fn new(list: &[&str]) -> Self {
        let mut first = [false; 256];
        for w in list {
            if let Some(&b) = w.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        StopWordCounter {
            packed: list.iter().filter_map(|w| pack(w.as_bytes())).collect(),
            first,
            seen: 0,
        }
    }

    /// Notes `word` if it is one of the stop words.
    #[inline]
    pub(crate) fn feed(&mut self, word: &str) {
        let b = word.as_bytes();
        if b.len() > 8 || !b.first().is_some_and(|&f| self.first[usize::from(f)]) {
            return;
        }
        if let Some(k) = pack(b) {
            for (i, &p) in self.packed.iter().enumerate() {
                if p == k {
                    self.seen |= 1 << i;
                }
            }
        }
    }

    /// How many distinct stop words were fed.
    pub(crate) fn distinct(&self) -> usize {
        self.seen.count_ones() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_fits_the_packed_counter() {
        for code in [
            "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "da", "cs",
        ] {
            let list = for_language(code);
            assert!(list.len() <= 64, "{code}");
            assert!(list.iter().all(|w| w.len() <= 8), "{code}");
        }
    }

    #[test]
    fn counts_distinct_stop_words_case_sensitively() {
        let mut c = StopWordCounter::new(for_language("en"));
        for w in [
            "the", "The", "the", "of", "the\0", "thee", "with", "withh", "",
        ] {
            c.feed(w);
        }
        assert_eq!(c.distinct(), 3);
        let mut c = StopWordCounter::new(for_language("ru"));
        for w in ["это", "что", "эт", "и"] {
            c.feed(w);
        }
        assert_eq!(c.distinct(), 3);
    }
}
