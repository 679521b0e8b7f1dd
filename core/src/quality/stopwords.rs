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
