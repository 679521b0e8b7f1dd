//! Language identification: ISO 639-1 code and confidence, on whatlang's script detection
//! and trigram profiles (69 languages, pure Rust, nothing downloaded), its trigram distances
//! computed through an inverted index ([`trigram_index`]).
//!
//! Long texts are sampled (up to [`SAMPLE_BYTES`] from the start, middle and end) so the
//! cost per document is bounded; markup-like noise (URLs, e-mail addresses, numbers) is
//! skipped because it carries no language.

use std::ops::Range;
use std::sync::LazyLock;

use serde::Serialize;
use whatlang::Lang;

use super::trigram_index;
use crate::segment::split_paragraphs;

/// Bytes of text looked at, at most, per detection.
pub const SAMPLE_BYTES: usize = 1500;

/// The code for text whose language cannot be told (no letters): ISO 639-2's `und`.
pub const UNDETERMINED: &str = "und";

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Language {
    /// ISO 639-1 code (`en`, `de`, `zh`, ...), or `und` when undetermined.
    pub code: &'static str,
    /// Confidence from 0 to 1: how clearly the best language beats the runner-up.
    pub score: f32,
}

impl Language {
    /// The undetermined language, score 0.
    pub const UNKNOWN: Language = Language {
        code: UNDETERMINED,
        score: 0.0,
    };
}

/// The language of `text`.
///
/// ```
/// let lang = corpusforge::detect_language("Der schnelle braune Fuchs springt über den faulen Hund.");
/// assert_eq!(lang.code, "de");
/// assert_eq!(corpusforge::detect_language("12345 !!").code, "und");
/// ```
pub fn detect_language(text: &str) -> Language {
    let sample = sample(text);
    if let Some(lang) = plainly_english(&sample) {
        return lang;
    }
    let all = whatlang::dev::FilterList::All;
    let Some((detected, confidence, script)) = trigram_index::detect(&sample, &all) else {
        return Language::UNKNOWN;
    };
    let mut lang = Language {
        code: iso639_1(detected),
        score: confidence as f32,
    };
    if script == whatlang::Script::Latin {
        // Kana are written only in Japanese and Hangul only in Korean: a sentence of
        // Japanese full of Latin command names is still Japanese.
        let (mut letters, mut kana, mut hangul) = (0usize, 0usize, 0usize);
        for c in sample.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            match c {
                '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}' => {
                    kana += 1
                }
                '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' => {
                    hangul += 1
                }
                _ => {}
            }
        }
        if kana * 10 >= letters.max(1) {
            return Language {
                code: "ja",
                score: (kana * 2) as f32 / letters as f32,
            };
        }
        if hangul * 10 >= letters.max(1) {
            return Language {
                code: "ko",
                score: (hangul * 2) as f32 / letters as f32,
            };
        }
        // Afrikaans is far rarer in corpora than Dutch, its close sibling: on an unsure
        // call between them, prefer Dutch.
        if detected == Lang::Afr && confidence < 0.5 {
            let without = whatlang::dev::FilterList::deny(vec![Lang::Afr]);
            if let Some((Lang::Nld, alt, _)) = trigram_index::detect(&sample, &without) {
                lang = Language {
                    code: "nl",
                    score: alt as f32,
                };
            }
        }
    }
    lang
}

/// English function words that are rare as words of other languages (no `a`, `in`, `an`,
/// `so`, `was`, `will`, `die`: common in Spanish, Portuguese, Italian, German or Dutch).
const ENGLISH_FUNCTION_WORDS: [&str; 40] = [
    "the", "of", "and", "that", "with", "this", "which", "to", "for", "are", "from", "have",
    "they", "you", "were", "their", "been", "would", "there", "what", "about", "should", "could",
    "these", "those", "it", "its", "be", "by", "is", "on", "at", "as", "or", "not", "has", "had",
    "but", "if", "when",
];

/// How many of [`ENGLISH_FUNCTION_WORDS`], from the start, one of which must occur.
const STRONG_ENGLISH: usize = 7;

/// English is most of most corpora, and whatlang's cost is the same for a sentence as for a
/// page (every profile is compared): text whose letters are all ASCII, with at least eight
/// words, a quarter of them English function words, one of them `the`, `of`, `and`, `that`,
/// `with`, `this` or `which`, is English, decided without it. On the 5,254 non-English
/// samples of `tests/quality/langid-set.jsonl` this never fires (a test checks it); text with
/// any non-ASCII letter goes to whatlang. The score grows with the share: 0.25 → 0.625,
/// ≥ 0.5 → 1.
fn plainly_english(sample: &str) -> Option<Language> {
    // Words: runs of letters, digits and apostrophes (an ASCII sample splits faster).
    if sample.is_ascii() {
        english_by_words(sample.split(|c: char| !c.is_ascii_alphanumeric() && c != '\''))
    } else {
        english_by_words(sample.split(|c: char| !c.is_alphanumeric() && c != '\''))
    }
}

/// [`plainly_english`] from the sample's words.
fn english_by_words<'a>(split: impl Iterator<Item = &'a str>) -> Option<Language> {
    let (mut words, mut function, mut strong) = (0usize, 0usize, false);
    for word in split {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        if !word.is_ascii() {
            return None;
        }
        if !word.bytes().any(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        words += 1;
        if let Some(i) = function_word(word) {
            function += 1;
            // The first words of the list are the most English of all.
            strong |= i < STRONG_ENGLISH;
        }
    }
    if words < 8 || !strong || function * 4 < words {
        return None;
    }
    Some(Language {
        code: "en",
        score: (0.25 + 1.5 * function as f32 / words as f32).min(1.0),
    })
}

/// The place of `word` (ASCII, any case) in [`ENGLISH_FUNCTION_WORDS`]: each word, lower-cased
/// and packed into an integer, is looked up in a sorted table (this runs on every word of
/// every English document).
fn function_word(word: &str) -> Option<usize> {
    static TABLE: LazyLock<Vec<(u64, usize)>> = LazyLock::new(|| {
        let mut t: Vec<(u64, usize)> = ENGLISH_FUNCTION_WORDS
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((pack_lower(w)?, i)))
            .collect();
        t.sort_unstable();
        t
    });
    let key = pack_lower(word)?;
    TABLE
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|at| TABLE[at].1)
}

/// An ASCII word of at most 8 bytes, lower-cased, as one integer (None if longer).
fn pack_lower(word: &str) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..word.len()].copy_from_slice(word.as_bytes());
    buf.make_ascii_lowercase();
    Some(u64::from_be_bytes(buf))
}

/// The language of each paragraph of `text` (byte spans as [`split_paragraphs`] gives them).
pub fn detect_language_per_paragraph(text: &str) -> Vec<(Range<usize>, Language)> {
    split_paragraphs(text)
        .into_iter()
        .map(|r| {
            let lang = detect_language(&text[r.clone()]);
            (r, lang)
        })
        .collect()
}

/// The text the detector sees: words with letters, from up to three windows of a long text.
fn sample(text: &str) -> String {
    let windows: Vec<&str> = if text.len() <= SAMPLE_BYTES {
        vec![text]
    } else {
        let w = SAMPLE_BYTES / 3;
        [0, text.len() / 2 - w / 2, text.len() - w]
            .iter()
            .map(|&start| {
                let s = crate::offsets::floor_char_boundary(text, start);
                &text[s..crate::offsets::floor_char_boundary(text, s + w)]
            })
            .collect()
    };
    let mut out = String::with_capacity(SAMPLE_BYTES.min(text.len()) + 8);
    for win in windows {
        for word in win.split_whitespace() {
            if is_noise(word) {
                continue;
            }
            out.push_str(word);
            out.push(' ');
        }
        out.push('\n');
    }
    out
}

/// URLs, e-mail addresses, paths and tokens without letters say nothing about language.
fn is_noise(word: &str) -> bool {
    if word.is_ascii() {
        // The same tests as below, from one pass over the bytes.
        let (mut letter, mut at, mut dot, mut colon, mut underscore, mut slashes) =
            (false, false, false, false, false, 0);
        for &b in word.as_bytes() {
            match b {
                b'a'..=b'z' | b'A'..=b'Z' => letter = true,
                b'@' => at = true,
                b'.' => dot = true,
                b':' => colon = true,
                b'_' => underscore = true,
                b'/' => slashes += 1,
                _ => {}
            }
        }
        return !letter
            || (colon && word.contains("://"))
            || word.starts_with("www.")
            || (at && dot)
            || slashes >= 2
            || underscore;
    }
    !word.chars().any(char::is_alphabetic)
        || word.contains("://")
        || word.starts_with("www.")
        || (word.contains('@') && word.contains('.'))
        || word.matches('/').count() >= 2
        || word.contains('_')
}

/// ISO 639-1 code of a whatlang language (whatlang speaks ISO 639-3).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

/// Every code [`detect_language`] can return, `und` included.
pub fn supported_languages() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Lang::all().iter().map(|&l| iso639_1(l)).collect();
    v.push(UNDETERMINED);
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_languages() {
        let cases = [
            ("en", "The committee will publish its findings next week, after the hearings."),
            ("fr", "Le comité publiera ses conclusions la semaine prochaine, après les audiences."),
            ("es", "El comité publicará sus conclusiones la próxima semana, después de las audiencias."),
            ("de", "Der Ausschuss wird seine Ergebnisse nächste Woche nach den Anhörungen veröffentlichen."),
            ("ru", "Комитет опубликует свои выводы на следующей неделе после слушаний."),
            ("ja", "委員会は公聴会の後、来週その調査結果を公表する予定です。"),
            ("zh", "委员会将在听证会后于下周公布其调查结果。"),
        ];
        for (code, text) in cases {
            assert_eq!(detect_language(text).code, code, "{text}");
        }
    }

    #[test]
    fn kana_mean_japanese_even_among_latin_words() {
        let t = "The vimtutor command では Vim の基本を学べます: vimtutor -g, vim file.txt";
        assert_eq!(detect_language(t).code, "ja");
    }

    #[test]
    fn long_texts_are_sampled_and_noise_skipped() {
        let para = "Ceci est un paragraphe écrit en français, avec assez de mots pour décider. ";
        let text = format!(
            "https://example.com/a/b {} user@example.com 12345",
            para.repeat(500)
        );
        let lang = detect_language(&text);
        assert_eq!(lang.code, "fr");
        assert!(lang.score > 0.5);
        assert!(sample(&text).len() <= SAMPLE_BYTES + 16);
    }

    #[test]
    fn per_paragraph() {
        let text = "This paragraph is written in English, plainly.\n\nDieser Absatz ist auf Deutsch geschrieben, ganz einfach.";
        let langs: Vec<&str> = detect_language_per_paragraph(text)
            .iter()
            .map(|(_, l)| l.code)
            .collect();
        assert_eq!(langs, ["en", "de"]);
    }

    #[test]
    fn the_english_shortcut_fires_only_on_english_in_the_labelled_set() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/quality/langid-set.jsonl"
        );
        let set = std::fs::read_to_string(path).unwrap();
        let (mut english, mut fired) = (0, 0);
        for line in set.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            let label = v["lang"].as_str().unwrap();
            let shortcut = plainly_english(&sample(text));
            if label == "en" {
                english += 1;
                fired += usize::from(shortcut.is_some());
            } else {
                assert!(shortcut.is_none(), "{label} taken for English: {text}");
            }
        }
        // Short one-line samples often have too few words; most others are decided early.
        assert!(fired * 4 > english * 3, "{fired} of {english}");
    }

    #[test]
    fn the_english_shortcut_leaves_other_text_to_whatlang() {
        assert!(
            plainly_english("Die Katze ist in dem Haus, und was sie will, ist so klar.").is_none()
        );
        assert!(
            plainly_english("The café is open, and the naïve visitors are happy with it.")
                .is_none()
        );
        let en =
            plainly_english("It is one of the best things that could have happened to the town.");
        assert_eq!(en.unwrap().code, "en");
    }

    #[test]
    fn codes_are_two_letters() {
        for code in supported_languages() {
            assert!(code.len() == 2 || code == UNDETERMINED, "{code}");
        }
    }
}
