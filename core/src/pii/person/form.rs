//! Surnames recognised by their form: the endings and prefixes that mark a family name in
//! the languages that use them (Nordic `-sson`, `-sen`, `-dóttir`; Slavic `-ová`, `-ski`,
//! `-wicz`, `-vić`, `-enko`, `-ov`; Finnish `-nen`; Greek `-poulos`; Romanian `-escu`;
//! Georgian `-shvili`; Armenian `-yan`; Irish and Scottish `Mc`, `Mac`, `O’`). The name
//! lists come from the US census and miss most names of these languages; their form
//! finds them without a list, and without any list drawn from the data they are scored on.

/// Endings that mark a surname wherever they stand.
const ENDINGS: &[&str] = &[
    "sson", "ström", "strom", "qvist", "quist", "gård", "dóttir", "dottir", "ová", "ski", "ska",
    "sky", "cki", "cka", "wicz", "vić", "vič", "enko", "ovich", "evich", "ovna", "evna", "poulos",
    "poulou", "akis", "idis", "escu", "eanu", "shvili", "dze", "yan", "inen", "anen", "onen",
    "änen", "önen",
];

/// Endings that mark a surname after a consonant (`Hansen`, `Petrović`, `Ivanov`,
/// `Ivanova`), not after a vowel (`chosen`, `Kiev`).
const AFTER_CONSONANT: &[&str] = &["sen", "ić", "ič", "ov", "ova", "ev", "eva"];

/// Endings of common words that the endings above would take for surnames: German
/// plurals (`Versionen`, `Adressen`, `Maschinen`, `allgemeinen`), English words
/// (`Lesson`, `Whisky`, `Alaska`) and Swedish adjectives (`tekniska`, `svenska`).
const NOT_ENDINGS: &[&str] = &[
    "ionen", "einen", "chinen", "binen", "esson", "isky", "usky", "aska", "iska", "nska",
];

/// Words with a surname's form that are places, products or common words.
const NOT_SURNAMES: &[&str] = &[
    "linen",
    "geneva",
    "casanova",
    "villanova",
    "supernova",
    "improv",
    "maelstrom",
    "personen",
    "organen",
    "zonen",
    "tränen",
    "macbook",
    "macos",
    "macintosh",
    "mcdonald",
    "o'hare",
    "o’hare",
];

/// Whether the capitalised word `w` has the form of a surname. Its endings are compared
/// as written (a capitalised word's tail is in lower case), so most words are turned
/// down without being lower-cased.
pub(super) fn surname_form(w: &str) -> bool {
    let prefixed = ["Mc", "Mac", "O'", "O’"].iter().any(|p| {
        w.strip_prefix(p)
            .is_some_and(|rest| rest.chars().count() >= 3 && rest.starts_with(char::is_uppercase))
    });
    let shaped = prefixed || {
        let letters = w.chars().count();
        let ending = ENDINGS.iter().any(|e| w.ends_with(e))
            && (!w.ends_with("sky") || letters >= 6)
            || AFTER_CONSONANT.iter().any(|e| {
                w.strip_suffix(e)
                    .and_then(|stem| stem.chars().last())
                    .is_some_and(|c| c.is_alphabetic() && !"aeiouyäöüåæøéèáíóú".contains(c))
            });
        // `Adressen`, `Klassen` (German) but `Rasmussen` (Danish).
        let german = w.ends_with("ssen") && !w.ends_with("ussen");
        letters >= 5 && ending && !german && !NOT_ENDINGS.iter().any(|e| w.ends_with(e))
    };
    shaped && !NOT_SURNAMES.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::surname_form;

    #[test]
    fn surnames_by_their_form() {
        for w in [
            "Larsson",
            "Magnusson",
            "Hansen",
            "Rasmussen",
            "Lillqvist",
            "Guðmundsdóttir",
            "Ottová",
            "Kowalski",
            "Szczepańska",
            "Dziemidowicz",
            "Jelenovič",
            "Petrović",
            "Gnatenko",
            "Ivanov",
            "Ivanova",
            "Belyshev",
            "Yaroshevich",
            "Mavroyanopoulos",
            "Popescu",
            "Gugushvili",
            "Petrosyan",
            "Aaltonen",
            "Vainikainen",
            "McConnan",
            "MacLeod",
            "O’Neil",
        ] {
            assert!(surname_form(w), "{w}");
        }
        for w in [
            "Chosen",
            "Lesson",
            "Whisky",
            "Alaska",
            "Tekniska",
            "Versionen",
            "Adressen",
            "Maschinen",
            "Allgemeinen",
            "Kiev",
            "Geneva",
            "Linen",
            "Smith",
            "Market",
            "Mac",
            "MacBook",
            "Ivan",
            "Nova",
            "Husky",
        ] {
            assert!(!surname_form(w), "{w}");
        }
    }
}
