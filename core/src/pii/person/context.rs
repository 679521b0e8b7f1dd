//! PERSON from the shape and place of a name in its sentence, where no title or cue
//! word stands before it:
//! - a given name, a middle initial and a surname (`Faina D. Yefremova`; without the dot
//!   the given name must be listed: `Kate M Begum`);
//! - an enumeration of three or more capitalised words, most of them listed given names
//!   (`Gaetane, Hannah, Anthony, Derek and Andrew`);
//! - a speaker's label at the start of a line (`Nicole: ...`) and a name addressed in a
//!   sentence (`Remember me, Mary?`, `Leif, can I ...`), both listed given names;
//! - a name after a relative or a relation with a possessive (`my kid Lukas`, `her boss
//!   Ana Silva`);
//! - a name after `called` or `named`, its first word a listed given name or its last a
//!   listed surname;
//! - two capitalised words opening a sentence before what only people do (`lives at`,
//!   `was born`, `will be talking`, `listed his`), or a listed given name alone before
//!   such a verb (`Michael spent a year`);
//! - the labels of a dialogue's lines when at least half of them are listed given names
//!   (`Ubul: ...` beside `Nicole: ...`);
//! - a name after a verb whose object is a person (`shouted at Gary`, `had given Alma`);
//! - a display name before an e-mail address (`Grégoire Neveu <gneveu@...>`);
//! - a name before a word saying its date of birth follows (`Sibylla Stiebitz, geb.`);
//! - `Surname, Given` as an item of a list or a quoted value (`Wohlgemut, Emma;`).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::super::Found;
use super::form::surname_form;
use super::{listed_given, listed_surname, NOT_NAMES, NOT_SURNAME};

/// Closed-class and calendar words: never part of a name found by shape alone.
const CLOSED: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "with",
    "from",
    "and",
    "or",
    "but",
    "if",
    "when",
    "then",
    "there",
    "here",
    "what",
    "which",
    "who",
    "how",
    "why",
    "where",
    "after",
    "before",
    "since",
    "while",
    "as",
    "so",
    "no",
    "not",
    "all",
    "any",
    "some",
    "each",
    "every",
    "our",
    "your",
    "their",
    "his",
    "her",
    "my",
    "me",
    "us",
    "them",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "new",
    "old",
    "see",
    "note",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    // Articles, prepositions and determiners of other languages, whose nouns may be
    // capitalised (`Im Allgemeinen`, `Alle Versionen`).
    "der",
    "die",
    "das",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "einem",
    "einer",
    "im",
    "am",
    "zum",
    "zur",
    "vom",
    "beim",
    "alle",
    "mit",
    "für",
    "und",
    "oder",
    "auf",
    "aus",
    "bei",
    "nach",
    "über",
    "unter",
    "vor",
    "wie",
    "ihre",
    "seine",
    "meine",
    "unsere",
    "les",
    "une",
    "du",
    "aux",
    "et",
    "los",
    "las",
    "una",
    "il",
    "gli",
    "het",
    "een",
    "och",
    "og",
    "det",
];

/// Words that number or letter things (`Appendix B. Results`, `Vitamin D Levels`).
pub(super) const LETTERED: &[&str] = &[
    "appendix",
    "section",
    "part",
    "chapter",
    "figure",
    "fig",
    "table",
    "tab",
    "exhibit",
    "schedule",
    "annex",
    "article",
    "class",
    "type",
    "group",
    "plan",
    "level",
    "grade",
    "vitamin",
    "hepatitis",
    "model",
    "series",
    "phase",
    "unit",
    "room",
    "block",
    "building",
    "gate",
    "row",
    "step",
    "option",
    "volume",
    "vol",
    "book",
    "act",
    "scene",
    "box",
    "item",
    "form",
    "lot",
    "zone",
    "area",
    "sector",
    "division",
    "team",
    "company",
    "platoon",
    "battalion",
    "plate",
    "sec",
    "category",
    "list",
    "tier",
    "stage",
    "wing",
    "floor",
    "hall",
    "pier",
    "track",
    "route",
    "line",
    "size",
    "cup",
    "blood",
    "star",
    "square",
    "league",
    "formula",
    "exit",
    "terminal",
    "channel",
    "region",
];

/// A capitalised word of a name: a capital, then lower-case letters, maybe hyphenated
/// or with an apostrophe (`Szöllösy`, `Jean-Luc`, `O’Neil`).
const WORD: &str = r"\p{Lu}\p{Ll}+(?:[\-’']\p{Lu}\p{Ll}+)?";

// The patterns below are anchored: they run at the start of a capitalised word that
// [`find`]'s one scan over the text has checked the next bytes of, so the text is read
// once for all the rules rather than once a rule.

static INITIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{WORD}[ \t]+\p{{Lu}}\.?[ \t]+{WORD}")).expect("initial name")
});

/// A capitalised word (an initial may follow) and a word that may have a surname's form
/// (`Jussi Pakkanen`, `Maja S Hermansen`, `Hannah McConnan`).
static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{WORD}(?:[ \t]+\p{{Lu}}\.?)?[ \t]+(?:Mc|Mac|O['’])?{WORD}"
    ))
    .expect("name with a surname's form")
});

static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{WORD}(?:,[ \t]+{WORD}){{1,12}},?[ \t]+(?:and|&|und|et|y|e|en|och|og|i)[ \t]+{WORD}"
    ))
    .expect("enumeration of names")
});

/// `Wohlgemut, Emma` (surname, comma, given names): anchored at the surname.
static INVERTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{WORD},[ \t]+{WORD}(?:[ \t]+{WORD})?")).expect("inverted name")
});

/// A name of one or two words, after a relative.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{WORD}(?:[ \t]+{WORD})?")).expect("name after a relative")
});

/// Relatives and relations whose name may follow them after a possessive.
const KIN: &[&str] = &[
    "kid",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "mother",
    "father",
    "mom",
    "mum",
    "dad",
    "friend",
    "boss",
    "colleague",
    "partner",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancé",
    "fiancee",
    "fiancée",
    "grandson",
    "granddaughter",
    "grandfather",
    "grandmother",
    "grandma",
    "grandpa",
    "cousin",
    "nephew",
    "niece",
    "neighbor",
    "neighbour",
    "uncle",
    "aunt",
    "child",
    "baby",
    "manager",
    "assistant",
    "roommate",
    "teacher",
    "doctor",
    "lawyer",
];

const POSSESSIVES: &[&str] = &["my", "his", "her", "our", "their", "your"];

static CALLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:called|named)[ \t]+({WORD}(?:[ \t]+\p{{Lu}}\.?)?(?:[ \t]+{WORD}){{1,2}}(?:[ \t]+(?:II|III|IV|Jr\.?|Sr\.?)(?-u:\b))?)"
    ))
    .expect("name after called")
});

/// Verbs whose object is a person (`shouted at`, `had given`, `named him`, `between
/// him and`, lower case but where a sentence opens with them), found by one automaton
/// that keeps case (ignoring it costs the automaton its fast scan); the name is read right
/// after each (a regex over the whole text per cue list cost more than the rest of the
/// person rules).
static OBJECT_CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let mut cues: Vec<String> = Vec::new();
    for verb in ["shouted", "yelled", "screamed", "smiled", "waved", "winked"] {
        cues.push(format!("{verb} at"));
    }
    for verb in [
        "spoke",
        "talked",
        "listened",
        "whispered",
        "replied",
        "wrote",
    ] {
        cues.push(format!("{verb} to"));
    }
    for aux in ["had", "has", "have"] {
        for verb in [
            "given", "told", "asked", "thanked", "met", "married", "hired", "invited", "called",
        ] {
            cues.push(format!("{aux} {verb}"));
        }
    }
    for who in ["him", "her", "me", "you", "them", "us"] {
        cues.push(format!("between {who} and"));
    }
    for verb in [
        "leave", "tell", "ask", "thank", "Leave", "Tell", "Ask", "Thank",
    ] {
        cues.push(format!("{verb} me"));
    }
    cues.extend(
        [
            "named him",
            "named her",
            "follow up with",
            "Follow up with",
            "thanked",
            "married",
            "hugged",
            "kissed",
            "hired",
            "texted",
            "emailed",
            "phoned",
        ]
        .map(String::from),
    );
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(cues)
        .expect("object cues")
});

/// The name right after a cue (group 1): a word, an optional initial, up to two words.
static NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[ \t]+({WORD}(?:[ \t]+\p{{Lu}}(?:\.|(?-u:\b)))?(?:[ \t]+{WORD}){{0,2}})"
    ))
    .expect("name after a cue")
});

/// A display name before its address (`Grégoire Neveu <gneveu@example.net>`): group 1
/// the name, group 2 the address's local part.
static DISPLAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"({WORD}(?:[ \t]+\p{{Lu}}\.?)?(?:[ \t]+{WORD}){{0,2}})"?[ \t]*<([^<>@\s]+)@[^<>\s]+>"#
    ))
    .expect("display name")
});

/// Words that say a date of birth follows (`DOB`, `geb.`, `née`, `nacido`).
static BORN_CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build([
            "DOB",
            "D.O.B.",
            "date of birth",
            "Date of birth",
            "born",
            "geb.",
            "geboren",
            "née",
            "né",
            "nata",
            "nato",
            "data di nascita",
            "nacido",
            "nacida",
            "fecha de nacimiento",
        ])
        .expect("birth cues")
});

/// A name ending where a birth cue starts (`Noémi Laine, `, `Patient Gigli (`): group 1.
static NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({WORD}(?:[ \t]+\p{{Lu}}\.?)?(?:[ \t]+{WORD}){{1,2}}),?[ \t]+\(?$"
    ))
    .expect("name before a birth cue")
});

static DOER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{WORD}(?:[ \t]+\p{{Lu}}\.?)?[ \t]+{WORD}[ \t]+(?:lives|lived|was born|married|will be (?:talking|speaking|presenting)|had given|has given|spent (?:a|his|her|two|three)|\p{{Ll}}+ed (?:his|her)|said (?:his|her|that)|told (?:his|her|me|us|him))(?-u:\b)"
    ))
    .expect("name before what people do")
});

pub(super) fn lower(w: &str) -> String {
    w.trim_end_matches([',', '.', ':', '?', '!']).to_lowercase()
}

pub(super) fn closed(w: &str) -> bool {
    CLOSED.contains(&lower(w).as_str())
}

/// The capitalised words of a match, with their byte ranges in `text`.
fn words(text: &str, span: Range<usize>) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let s = &text[span.clone()];
    let mut i = 0;
    for piece in s.split([' ', '\t', ',']) {
        let start = span.start + i;
        i += piece.len() + 1;
        let w = piece.trim_end_matches(['.', ':', '?', '!']);
        if w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase) {
            out.push((start..start + w.len(), &text[start..start + w.len()]));
        }
    }
    out
}

fn push(out: &mut Vec<Found>, span: Range<usize>, score: f64, rule: &'static str) {
    out.push(Found {
        kind: "PERSON",
        span,
        score,
        rule,
    });
}

/// Where each capitalised word of `text` starts: an upper-case letter after a character
/// that is no letter or digit, followed by a lower-case letter.
fn capitalised_words(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(at) = next_upper_or_lead(bytes, i) {
            i = at + 1;
            let upper = bytes[at].is_ascii_uppercase()
                || text[at..].chars().next().is_some_and(char::is_uppercase);
            if upper
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
                && text[at..].chars().nth(1).is_some_and(char::is_lowercase)
            {
                return Some(at);
            }
        }
        i = bytes.len();
        None
    })
}

/// The first byte at or after `from` that is an ASCII capital or starts a multi-byte
/// character (which may be a capital: `Š`, `Ł`). Eight bytes are tested at a time: most
/// of a text is neither.
fn next_upper_or_lead(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let x = w & LOW7;
        // Per byte: the top bit of x + 0x3F is set from 0x41 (`A`) up, and that of
        // x + 0x25 from 0x5B (past `Z`) up; neither sum carries into the next byte.
        let capital = (x + 0x3F3F_3F3F_3F3F_3F3F) & !(x + 0x2525_2525_2525_2525) & !w & HIGH;
        // Lead bytes of multi-byte characters have their two top bits set.
        let lead = w & (w << 1) & HIGH;
        let hits = capital | lead;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0xC0)
        .map(|p| i + p)
}

/// The length in bytes of the word at the start of `rest`: letters, hyphens and
/// apostrophes (ASCII read byte by byte).
fn word_length(rest: &str) -> usize {
    let ascii = rest
        .bytes()
        .position(|b| !(b.is_ascii_alphabetic() || b == b'-' || b == b'\''))
        .unwrap_or(rest.len());
    if rest.as_bytes().get(ascii).is_some_and(|b| *b >= 0x80) {
        rest.find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '’' | '\'')))
            .unwrap_or(rest.len())
    } else {
        ascii
    }
}

/// Whether `before` ends with a possessive, a relative and a space (`my kid `).
fn after_relative(before: &str) -> bool {
    let (kin, earlier) = last_word(before);
    // Relatives are 3 to 13 bytes long: most words are ruled out before the list.
    if !(3..=13).contains(&kin.len()) || !KIN.iter().any(|k| k.eq_ignore_ascii_case(kin)) {
        return false;
    }
    let (possessive, _) = last_word(earlier);
    POSSESSIVES
        .iter()
        .any(|k| k.eq_ignore_ascii_case(possessive))
}

/// Whether a sentence starts after `before`: at the start of the text or a line, or after
/// `.`, `!` or `?` and a space.
fn sentence_start(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.is_empty()
        || trimmed.ends_with('\n')
        || (trimmed.len() < before.len() && trimmed.ends_with(['.', '!', '?']))
}

/// The last word of `before` (ASCII letters and `é`), and what stands before it.
fn last_word(before: &str) -> (&str, &str) {
    let trimmed = before.trim_end_matches([' ', '\t']);
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic() || *c == 'é')
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    (&trimmed[start..], &trimmed[..start])
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let mut listed_until = 0; // the end of the last enumeration
    for p in capitalised_words(text) {
        let (before, rest) = text.split_at(p);
        let word_len = word_length(rest);
        let after = &rest.as_bytes()[word_len..];
        let at = |i: usize| after.get(i).copied().unwrap_or(0);
        let space = |b: u8| b == b' ' || b == b'\t';
        // Most capitalised words open a sentence before a lower-case word: only the
        // relative rule can apply to them, and only after a space.
        let (a0, a1) = (at(0), at(1));
        let plain = space(a0) && a1.is_ascii_lowercase();
        if plain && what_people_do(after) {
            let word = &rest[..word_len];
            if listed_given(word) && !closed(word) {
                push(out, p..p + word_len, 0.65, "person:doer");
            }
        }
        if !plain {
            let starts_sentence = sentence_start(before);
            if space(a0) && a1.is_ascii_uppercase() && (at(2) == b'.' || space(at(2))) {
                if let Some(m) = INITIAL.find(rest) {
                    initial(p, m.as_str(), out);
                }
            }
            if space(a0) && (a1.is_ascii_uppercase() || a1 >= 0xC0) {
                if let Some(m) = SHAPED.find(rest) {
                    shaped(p, m.as_str(), out);
                }
            }
            if p >= listed_until && a0 == b',' && space(a1) {
                if let Some(m) = ENUMERATION.find(rest) {
                    listed_until = p + m.end();
                    enumeration(text, p..listed_until, out);
                }
            }
            if a0 == b',' && space(a1) && opens_item(before) {
                if let Some(m) = INVERTED.find(rest) {
                    inverted(text, p..p + m.end(), out);
                }
            }
            addressed(text, p, word_len, starts_sentence, out);
            if starts_sentence && space(a0) && a1.is_ascii_uppercase() {
                if let Some(m) = DOER.find(rest) {
                    doer(text, p..p + m.end(), out);
                }
            }
        }
        if before.ends_with(' ') && after_relative(before) {
            if let Some(m) = NAME.find(rest) {
                relative(text, p..p + m.end(), out);
            }
        }
    }
    if memchr::memmem::find(text.as_bytes(), b":").is_some() {
        speakers(text, out);
        rosters(text, out);
    }
    if memchr::memchr(b'<', text.as_bytes()).is_some() {
        for c in DISPLAY.captures_iter(text) {
            let (Some(name), Some(local)) = (c.get(1), c.get(2)) else {
                continue;
            };
            display_name(text, name.range(), local.as_str(), out);
        }
    }
    born(text, out);
    for m in OBJECT_CUES.find_iter(text) {
        let bytes = text.as_bytes();
        let apart = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
        if let (true, Some(c)) = (apart, NAME_AFTER.captures(&text[m.end()..])) {
            if let Some(name) = c.get(1) {
                object(text, m.end() + name.start()..m.end() + name.end(), out);
            }
        }
    }
    for c in CALLED.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let ws = words(text, name.range());
        let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
            continue;
        };
        let listed = listed_given(first.1) || listed_surname(last.1);
        let odd = ws
            .iter()
            .any(|(_, w)| closed(w) || NOT_SURNAME.contains(&lower(w).as_str()));
        if listed && !odd {
            push(out, name.range(), 0.7, "person:called");
        }
    }
}

/// Plural nouns for people that head a list of their names.
const ROSTERS: &[&str] = &[
    "founders",
    "cofounders",
    "attendees",
    "participants",
    "panelists",
    "panellists",
    "presenters",
    "organizers",
    "organisers",
    "volunteers",
    "judges",
    "authors",
    "coauthors",
    "instructors",
    "teachers",
    "guests",
    "invitees",
    "signatories",
    "witnesses",
    "trustees",
    "teilnehmer",
    "teilnehmende",
    "participantes",
    "partecipanti",
    "deelnemers",
    "auteurs",
    "autores",
    "autori",
    "autoren",
];

/// Lower-case words a name holds between its capitalised ones (`Anna van Voorst`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "ten", "ter",
    "'t", "bin", "al",
];

/// `Founders: Eklund, Michael and Hodge`, `Attendees (last name, first name): Roht,
/// Anatolij; Wohlgemut, Emma.`: after a plural noun for people and a colon, each item of
/// the list up to the end of its line or sentence, when every item is a name's shape
/// (capitalised words, initials and particles; none a word no name holds). Items are
/// split at `;` when there is one (then `Surname, Given` is one item), else at commas, and
/// the last ones at `and`, `&` and their equivalents.
fn rosters(text: &str, out: &mut Vec<Found>) {
    for colon in memchr::memchr_iter(b':', text.as_bytes()) {
        let mut head = text[..colon].trim_end_matches([' ', '\t']);
        // `Attendees (last name, first name):`
        if head.ends_with(')') {
            if let Some(open) = head.rfind('(').filter(|&o| head.len() - o < 60) {
                head = head[..open].trim_end_matches([' ', '\t']);
            }
        }
        let (noun, _) = last_word(head);
        if noun.len() < 5 || !ROSTERS.iter().any(|r| r.eq_ignore_ascii_case(noun)) {
            continue;
        }
        let start = colon + 1;
        let rest = &text[start..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                c == '\n'
                    || (matches!(c, '.' | '!' | '?')
                        && rest[i + 1..].chars().next().is_none_or(char::is_whitespace))
            })
            .map_or(rest.len(), |(i, _)| i);
        let list = &rest[..len];
        let seps: &[char] = if list.contains(';') { &[';'] } else { &[','] };
        let mut items: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        for piece in list.split(seps) {
            let piece_start = at;
            at += piece.len() + 1;
            // The last items: `Michael and Hodge`.
            for (i, part) in split_conjunctions(piece) {
                let trimmed = part.trim_matches([' ', '\t']);
                if !trimmed.is_empty() {
                    let lead = part.len() - part.trim_start_matches([' ', '\t']).len();
                    let s = start + piece_start + i + lead;
                    items.push(s..s + trimmed.len());
                }
            }
        }
        let name_shaped = |r: &Range<usize>| {
            let words: Vec<&str> = text[r.clone()]
                .split([' ', '\t', ','])
                .filter(|w| !w.is_empty())
                .collect();
            (1..=5).contains(&words.len())
                && words
                    .iter()
                    .any(|w| w.chars().nth(1).is_some_and(char::is_lowercase))
                && words.iter().all(|w| {
                    let mut cs = w.chars();
                    let initial = w.len() <= 3 && w.ends_with('.');
                    PARTICLES.contains(w)
                        || (cs.next().is_some_and(char::is_uppercase)
                            && (initial
                                || cs.all(|c| {
                                    c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')
                                }))
                            && !never_in_a_name(w))
                })
        };
        let several = items.len() >= 2;
        if !items.is_empty()
            && items.iter().all(name_shaped)
            && (several || text[items[0].clone()].contains(' '))
        {
            for r in items {
                push(out, r, 0.65, "person:roster");
            }
        }
    }
}

/// The parts of a list item split at `and`, `&` and their equivalents in the languages
/// of the other rules, with each part's offset in `item`.
fn split_conjunctions(item: &str) -> Vec<(usize, &str)> {
    const JOINS: &[&str] = &[
        " and ", " & ", " und ", " et ", " y ", " e ", " en ", " och ", " og ",
    ];
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((i, j)) = JOINS
        .iter()
        .filter_map(|j| item[from..].find(j).map(|i| (from + i, j.len())))
        .min()
    {
        out.push((from, &item[from..i]));
        from = i + j;
    }
    out.push((from, &item[from..]));
    out
}

/// Labels that open lines but name no speaker (`Note:`, `Subject:`, `Q:`).
const FIELDS: &[&str] = &[
    "Note",
    "Notes",
    "Subject",
    "Answer",
    "Question",
    "From",
    "To",
    "Cc",
    "Bcc",
    "Re",
    "Date",
    "Time",
    "Address",
    "Phone",
    "Tel",
    "Fax",
    "Email",
    "Mail",
    "Web",
    "Website",
    "Name",
    "Title",
    "Summary",
    "Warning",
    "Caution",
    "Tip",
    "Hint",
    "Update",
    "Edit",
    "Source",
    "Example",
    "Step",
    "Result",
    "Results",
    "Error",
    "Status",
    "Total",
    "Price",
    "Location",
    "Comment",
    "Comments",
    "Reply",
    "Response",
    "User",
    "Admin",
    "Moderator",
    "Host",
    "Guest",
    "Interviewer",
    "Narrator",
    "Chorus",
    "Verse",
    "Bridge",
    "Intro",
    "Outro",
    "Input",
    "Output",
    "Description",
    "Reason",
    "Category",
    "Tags",
    "Author",
    "Editor",
    "Director",
    "Producer",
    "Contact",
    "Company",
    "Customer",
    "Client",
    "Agent",
    "Support",
    "Team",
    "Everyone",
    "All",
    "Both",
    "Audience",
    "Speaker",
    "Voice",
    "Caller",
    "Operator",
];

/// `Ubul: What a wife.` then `Nicole: Remember me?`: the labels that open the lines of a
/// dialogue are its speakers. When at least half of the distinct label words are listed
/// given names, the others are names too (one listed speaker alone is `addressed`).
fn speakers(text: &str, out: &mut Vec<Found>) {
    let mut labels: Vec<(Range<usize>, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t', '>']);
        let lead = at + line.len() - body.len();
        at += line.len();
        if !body.starts_with(char::is_uppercase) {
            continue;
        }
        let len = word_length(body);
        let word = &body[..len];
        let after = &body.as_bytes()[len..];
        let spoken = after.first() == Some(&b':')
            && matches!(after.get(1), Some(b' ' | b'\t' | b'"') | Some(0xE2));
        if spoken && word.chars().count() >= 2 && word.chars().skip(1).all(char::is_lowercase) {
            labels.push((lead..lead + len, word));
        }
    }
    if labels.len() < 2 {
        return;
    }
    let mut distinct: Vec<&str> = labels.iter().map(|(_, w)| *w).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let listed = distinct.iter().filter(|w| listed_given(w)).count();
    if distinct.len() < 2 || listed == 0 || listed * 2 < distinct.len() {
        return;
    }
    for (span, word) in labels {
        if !closed(word) && !FIELDS.contains(&word) && !NOT_NAMES.contains(&word) {
            push(out, span, 0.6, "person:speaker");
        }
    }
}

/// `shouted at Gary`, `had given Alma Ruiz`: a name after a verb whose object is a
/// person, one word when it is a listed given name, more when its first word is a
/// listed given name or its last a listed surname or of a surname's form.
fn object(text: &str, span: Range<usize>, out: &mut Vec<Found>) {
    let ws = words(text, span);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return;
    };
    let odd = ws.iter().any(|(_, w)| never_in_a_name(w));
    let listed = listed_given(first.1)
        || (ws.len() >= 2 && (listed_surname(last.1) || surname_form(last.1)));
    if listed && !odd {
        push(out, first.0.start..last.0.end, 0.65, "person:object");
    }
}

/// `Sibylla Stiebitz, geb. 29.07.1992`, `Noémi Laine, née le`: a name just before a
/// word that says its date of birth follows.
fn born(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    for m in BORN_CUES.find_iter(text) {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        // `geb.` ends with its dot; the others end before a space or a mark.
        let ended = text[m.range()].ends_with('.')
            || matches!(
                after,
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b':' | b';' | b')')
            );
        let apart = matches!(before, Some(b' ' | b'\t' | b'(')) && ended;
        if !apart {
            continue;
        }
        let from = crate::offsets::floor_char_boundary(text, m.start().saturating_sub(80));
        let Some(c) = NAME_BEFORE.captures(&text[from..m.start()]) else {
            continue;
        };
        let Some(name) = c.get(1) else { continue };
        let ws = words(text, from + name.start()..from + name.end());
        let odd = ws.iter().any(|(_, w)| never_in_a_name(w));
        if let (false, Some(first), Some(last)) = (odd, ws.first(), ws.last()) {
            push(out, first.0.start..last.0.end, 0.7, "person:born");
        }
    }
}

/// `Grégoire Neveu <gneveu@example.net>`: a display name is a person's when a word of it
/// is a listed given name or is written with letters the lists do not cover, or when
/// the address holds the surname and more (`thale@` for Tom Hale; `billing@` alone is a
/// team, `Acme Billing` too).
fn display_name(text: &str, span: Range<usize>, local: &str, out: &mut Vec<Found>) {
    let ws = words(text, span);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return;
    };
    let odd = ws.iter().any(|(_, w)| never_in_a_name(w));
    let (local, surname) = (local.to_lowercase(), last.1.to_lowercase());
    let person = listed_given(first.1)
        || ws.iter().any(|(_, w)| !w.is_ascii())
        || (ws.len() >= 2 && local != surname && local.contains(&surname));
    if person && !odd {
        push(out, first.0.start..last.0.end, 0.7, "person:display-name");
    }
}

/// Whether `before` ends where an item of a list or a quoted value opens: the start of
/// the text or of a line, or `;`, `:`, a quote or a bracket (spaces allowed after).
fn opens_item(before: &str) -> bool {
    before
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '\n' | ';' | ':' | '"' | '“' | '(' | '['))
}

/// `Roht, Anatolij; Wohlgemut, Emma`, `patient "Baum, Rudi"`: a surname, a comma and a
/// listed given name, as one item of a list or a quoted value (it must end at `;`, a
/// quote, a bracket, a full stop or the end of its line: `Richmond, Virginia is` does
/// not).
fn inverted(text: &str, span: Range<usize>, out: &mut Vec<Found>) {
    let next = text[span.end..].chars().next();
    let then = text[span.end..].chars().nth(1);
    let ends = match next {
        None | Some(';' | '"' | '”' | ')' | ']' | '\n' | '\r') => true,
        Some('.') => then.is_none_or(char::is_whitespace),
        _ => false,
    };
    let ws = words(text, span);
    let (Some(surname), Some(given)) = (ws.first(), ws.get(1)) else {
        return;
    };
    let odd = ws.iter().any(|(_, w)| never_in_a_name(w));
    // (`Emma, Anna` is then one span for two people: masked all the same.)
    if ends && !odd && listed_given(given.1) {
        push(
            out,
            surname.0.start..ws[ws.len() - 1].0.end,
            0.65,
            "person:inverted",
        );
    }
}

/// Whether `w` is a word no name holds: a closed-class word, a word that follows cues
/// without being a name (`Team`), or a word of an organisation or place (`Inc`, `Bank`).
pub(super) fn never_in_a_name(w: &str) -> bool {
    closed(w) || NOT_NAMES.contains(&w) || NOT_SURNAME.contains(&lower(w).as_str())
}

/// `my kid Lukas`: the name after a relative.
fn relative(text: &str, span: Range<usize>, out: &mut Vec<Found>) {
    let ws = words(text, span);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return;
    };
    if !ws.iter().any(|(_, w)| never_in_a_name(w)) {
        push(out, first.0.start..last.0.end, 0.7, "person:kin");
    }
}

/// `Tomomi Nishiyama lives at`: a name before what only people do (`span` holds both;
/// the name is its capitalised words).
fn doer(text: &str, span: Range<usize>, out: &mut Vec<Found>) {
    let ws = words(text, span);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return;
    };
    let odd = ws
        .iter()
        .any(|(_, w)| closed(w) || NOT_SURNAME.contains(&lower(w).as_str()));
    if ws.len() >= 2 && !odd && !NOT_NAMES.contains(&first.1) {
        push(out, first.0.start..last.0.end, 0.65, "person:doer");
    }
}

/// Whether `after` (what follows a word) starts with a verb that only people do, after
/// a given name alone (`Samuel says`, `Leon shouted`, `Andrew had given`, `Ann was
/// born`). The next word is matched whole, by its length first.
fn what_people_do(after: &[u8]) -> bool {
    let Some(rest) = after.strip_prefix(b" ") else {
        return false;
    };
    let len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (word, tail) = rest.split_at(len);
    let then = |next: &[u8]| {
        tail.strip_prefix(b" ")
            .and_then(|t| t.strip_prefix(next))
            .is_some_and(|t| !t.first().is_some_and(u8::is_ascii_alphabetic))
    };
    match word {
        b"says" | b"said" | b"asked" | b"told" | b"wrote" | b"replied" | b"shouted"
        | b"whispered" | b"lives" | b"lived" | b"studied" | b"graduated" | b"married" => true,
        b"had" | b"has" => then(b"given"),
        b"spent" => then(b"a") || then(b"his") || then(b"her") || then(b"two"),
        b"began" | b"started" => then(b"writing") || then(b"working") || then(b"studying"),
        b"grew" => then(b"up"),
        b"was" => then(b"born") || person_trait(tail),
        b"is" | b"seems" => person_trait(tail),
        b"so" | b"very" => person_trait(after),
        _ => false,
    }
}

/// Whether `after` is ` [very|so|really|...] TRAIT`: a trait of character that only a
/// person has (`Scott is a very sympathetic person`, `Why is Ivan so impulsive?`).
/// Traits that things share (`reliable`, `fast`) are left out: `Ruby is very reliable`.
fn person_trait(after: &[u8]) -> bool {
    const INTENSIFIERS: &[&[u8]] = &[
        b"very",
        b"so",
        b"really",
        b"quite",
        b"extremely",
        b"incredibly",
        b"such",
        b"a",
        b"an",
    ];
    const TRAITS: &[&[u8]] = &[
        b"sympathetic",
        b"impulsive",
        b"jealous",
        b"honest",
        b"friendly",
        b"kind",
        b"rude",
        b"polite",
        b"shy",
        b"generous",
        b"stubborn",
        b"lazy",
        b"selfish",
        b"arrogant",
        b"ambitious",
        b"loyal",
        b"cheerful",
        b"grumpy",
        b"talented",
        b"thoughtful",
        b"caring",
        b"brave",
        b"clever",
        b"funny",
        b"pregnant",
        b"naive",
        b"moody",
        b"bossy",
    ];
    let mut rest = after;
    for _ in 0..3 {
        let Some(r) = rest.strip_prefix(b" ") else {
            return false;
        };
        let len = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let (word, tail) = r.split_at(len);
        if TRAITS.contains(&word) {
            return !tail.first().is_some_and(u8::is_ascii_alphabetic);
        }
        if !INTENSIFIERS.contains(&word) {
            return false;
        }
        rest = tail;
    }
    false
}

/// `Faina D. Yefremova`, `Kate M Begum`, found at `start`.
fn initial(start: usize, s: &str, out: &mut Vec<Found>) {
    let first = s.split([' ', '\t']).next().unwrap_or("");
    let last = s.rsplit([' ', '\t']).next().unwrap_or("");
    let dotted = s.contains('.');
    // A Roman numeral after a word is a plate or a part (`Frost V. Black`) unless the word
    // is a given name.
    let initial = s.split([' ', '\t']).nth(1).unwrap_or("");
    let roman = matches!(initial.trim_end_matches('.'), "I" | "V" | "X");
    let head_ok = if dotted {
        (!roman || listed_given(first))
            && !LETTERED.contains(&lower(first).as_str())
            && !closed(first)
    } else {
        listed_given(first)
            || ((listed_surname(last) || surname_form(last))
                && !LETTERED.contains(&lower(first).as_str())
                && !closed(first))
    };
    if head_ok && !closed(last) && !NOT_SURNAME.contains(&lower(last).as_str()) {
        push(out, start..start + s.len(), 0.7, "person:initial");
    }
}

/// `Jussi Pakkanen`: a capitalised word that is no closed-class or lettering word, and a
/// surname by its form (`form`), found at `start`.
fn shaped(start: usize, s: &str, out: &mut Vec<Found>) {
    let first = s.split([' ', '\t']).next().unwrap_or("");
    let last = s.rsplit([' ', '\t']).next().unwrap_or("");
    // The surname's form first: it turns most pairs down without allocating.
    if !surname_form(last) {
        return;
    }
    let odd = closed(first)
        || NOT_NAMES.contains(&first)
        || LETTERED.contains(&lower(first).as_str())
        || NOT_SURNAME.contains(&lower(last).as_str());
    if !odd {
        push(out, start..start + s.len(), 0.6, "person:surname-form");
    }
}

/// `Gaetane, Hannah, Anthony, Derek and Andrew`: each word of a list of names, when
/// two thirds of them (and at least two) are listed given names and none is only a
/// surname.
fn enumeration(text: &str, span: Range<usize>, out: &mut Vec<Found>) {
    let ws = words(text, span);
    let listed = ws.iter().filter(|(_, w)| listed_given(w)).count();
    // A surname that is no given name makes it a firm (`Jones, Mitchell and Williams`) or
    // a list of surnames, which this rule does not judge.
    let odd = |w: &str| closed(w) || (listed_surname(w) && !listed_given(w));
    if ws.len() >= 3 && listed >= 2 && listed * 3 >= ws.len() * 2 && !ws.iter().any(|(_, w)| odd(w))
    {
        for (span, _) in ws {
            push(out, span, 0.65, "person:list");
        }
    }
}

/// `Nicole: ...` (a label at the start of a line), `Remember me, Mary?` (after a comma,
/// at the end of a clause), `Leif, can I ...` (at the start of a sentence): listed given
/// names only.
fn addressed(text: &str, p: usize, len: usize, starts_sentence: bool, out: &mut Vec<Found>) {
    let (before, rest) = text.split_at(p);
    let after = &rest.as_bytes()[len..];
    let at = |i: usize| after.get(i).copied().unwrap_or(0);
    let space = |b: u8| b == b' ' || b == b'\t';
    let after_comma =
        before.trim_end_matches([' ', '\t']).ends_with(',') && before.ends_with([' ', '\t']);
    // Only a word before `: ` needs the start of its line, and only a short way back.
    let label = at(0) == b':' && space(at(1)) && {
        let indent = before.bytes().rev().take_while(|&b| space(b)).count();
        indent == before.len() || before.as_bytes()[before.len() - indent - 1] == b'\n'
    };
    let vocative = after_comma && matches!(at(0), b'?' | b'!' | b'.');
    let opening = starts_sentence && at(0) == b',' && space(at(1));
    if !(label || vocative || opening) {
        return;
    }
    // `Martin, Raymond.` is a surname and a given name, not a name addressed.
    if vocative && !(label || opening) {
        let (prev, _) = last_word(before.trim_end_matches([' ', '\t']).trim_end_matches(','));
        if prev.starts_with(char::is_uppercase) && (listed_given(prev) || listed_surname(prev)) {
            return;
        }
    }
    let word = &rest[..len];
    if listed_given(word) && !closed(word) {
        push(out, p..p + len, 0.65, "person:addressed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        super::super::names_found(find, text)
    }

    #[test]
    fn the_word_scan_finds_every_capital_and_lead_byte() {
        let text = "abc def Ghi jkl mnopqrstuvwxyz Šárka [x] @Z 0 Łódź";
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(at) = next_upper_or_lead(text.as_bytes(), i) {
            found.push(at);
            i = at + 1;
        }
        let plain: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase() || *b >= 0xC0)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, plain);
        // Every byte value, at every offset within a block of eight.
        for shift in 0..8 {
            let bytes: Vec<u8> = (0..shift).map(|_| b'a').chain(0..=255u8).collect();
            let mut found = Vec::new();
            let mut i = 0;
            while let Some(at) = next_upper_or_lead(&bytes, i) {
                found.push(at);
                i = at + 1;
            }
            let plain: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_uppercase() || bytes[i] >= 0xC0)
                .collect();
            assert_eq!(found, plain, "shift {shift}");
        }
    }

    #[test]
    fn names_with_a_middle_initial() {
        assert_eq!(
            found("the verses from Faina D. Yefremova's tale"),
            ["Faina D. Yefremova"]
        );
        assert_eq!(found("(also features Kate M Begum. What"), ["Kate M Begum"]);
        assert_eq!(found("Ask Maja S Hermansen first."), ["Maja S Hermansen"]);
        for text in [
            "See Appendix B. Results follow.",
            "Take Vitamin D. Then rest.",
            "We chose Plan B. The rest failed.",
            "Faina D. The end.",
            "Plate Frost V. Black and white.",
            "Vitamin C Deficiency is rare.",
            "The X Font Service Protocol",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_whose_surname_has_its_form() {
        assert_eq!(
            found("Thanks to Jussi Pakkanen and Hannah McConnan for the patch."),
            ["Hannah McConnan", "Jussi Pakkanen"]
        );
        assert_eq!(
            found("Producer Liviana Ottová explained"),
            ["Liviana Ottová"]
        );
        for text in [
            "Im Allgemeinen gilt das. Neue Versionen folgen.",
            "The First Lesson is free; Scotch Whisky and Kungliga Tekniska too.",
            "Visit Lake Geneva or Fine Linen Co.",
            "The Kowalski Institute",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn lists_of_given_names() {
        assert_eq!(
            found("They had 4: Gaetane, Hannah, Derek and Andrew."),
            ["Andrew", "Derek", "Gaetane", "Hannah"]
        );
        for text in [
            "We visited Paris, London, Berlin and Rome.",
            "Sales rose in Texas, Ohio and Florida.",
            "Monday, Tuesday and Friday are free.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn speakers_and_names_addressed() {
        assert_eq!(
            found("Nicole: Remember me, Mary? I talked like this!\nKevin: You saved my life!"),
            ["Kevin", "Mary", "Nicole"]
        );
        assert_eq!(found("Leif, can I please speak to your boss?"), ["Leif"]);
        assert_eq!(
            found("Ubul: What a wife.\nNicole: Remember me?\nUbul: Yes."),
            ["Nicole", "Ubul"]
        );
        assert_eq!(
            found("Koppány: \"Who are you?\"\nElizabeth:\"I'm her daughter\"."),
            ["Elizabeth", "Koppány"]
        );
        // Labels of a form or a transcript, and speakers none of whom is listed.
        for text in [
            "Subject: hello\nNote: see below\nLisa: ok",
            "Interviewer: Why?\nGuest: Because.",
            "Ubul: What a wife.\nZorg: Remember me?",
        ] {
            assert!(
                !found(text).iter().any(|w| matches!(
                    *w,
                    "Subject" | "Note" | "Interviewer" | "Guest" | "Ubul" | "Zorg"
                )),
                "{text}: {:?}",
                found(text)
            );
        }
        for text in [
            "Note: see the manual.",
            "Summary: it works, Fine.",
            "However, the test passed.",
            "We moved to Paris, France.",
            "Sent Thu, 4 May. See, it works.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn surname_comma_given_as_an_item() {
        assert_eq!(
            found("Attendees: Roht, Anatolij; Wohlgemut, Emma; Gertz, Herwig."),
            ["Gertz, Herwig", "Roht, Anatolij", "Wohlgemut, Emma"]
        );
        assert_eq!(
            found("viewed: patient \"Baum, Rudy\" by root"),
            ["Baum, Rudy"]
        );
        for text in [
            "We live in Richmond, Virginia and love it.",
            "Moved: Paris, France.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn display_names_and_names_before_a_birth_date() {
        assert_eq!(
            found("From: Grégoire Neveu <agnes@example.net>\nSubject: hi"),
            ["Grégoire Neveu"]
        );
        assert_eq!(
            found("Reply-To: Tom Hale <thale@example.org>"),
            ["Tom Hale"]
        );
        assert!(found("From: Acme Billing <billing@acme.example>").is_empty());
        assert_eq!(
            found("Personalakte: Sibylla Stiebitz, geb. 29.07.1992"),
            ["Sibylla Stiebitz"]
        );
        assert_eq!(
            found("Dossier RH : Noémi Laine, née le 12/12/1942"),
            ["Noémi Laine"]
        );
        assert!(found("The Eiffel Tower, born of steel").is_empty());
    }

    #[test]
    fn names_after_a_verb_whose_object_is_a_person() {
        assert_eq!(
            found("Enrico shouted at Gary: \"Why?\""),
            ["Enrico", "Gary"]
        );
        assert_eq!(found("Kevin had given Alma his address"), ["Alma", "Kevin"]);
        assert_eq!(found("She named him Timothy."), ["Timothy"]);
        assert_eq!(found("a thing between him and Frances's kid"), ["Frances"]);
        assert_eq!(
            found("Follow up with Maria Lopez in a month."),
            ["Maria Lopez"]
        );
        // Not a listed given name, or not a person after all.
        assert!(found("They had given Widget Corp the contract.").is_empty());
        assert!(found("He waved at Zorblat.").is_empty());
    }

    #[test]
    fn traits_of_character() {
        assert_eq!(found("Scott is a very sympathetic person."), ["Scott"]);
        assert_eq!(found("Why is Ivan so impulsive?"), ["Ivan"]);
        assert!(found("Ruby is very reliable. Python is so slow.").is_empty());
        assert!(found("Scott is a very large county.").is_empty());
    }

    #[test]
    fn relatives_called_and_what_people_do() {
        assert_eq!(found("remove my kid Lukas from the will"), ["Lukas"]);
        assert_eq!(found("Michael spent a year at Acme."), ["Michael"]);
        assert_eq!(found("Nora grew up in Oslo."), ["Nora"]);
        assert_eq!(
            found("My grandfather was called Kevin Veitonen II, and"),
            // The surname's form finds the name too; the longer match wins later.
            ["Kevin Veitonen", "Kevin Veitonen II"]
        );
        assert_eq!(
            found("Tomomi Nishiyama lives at 12 Rua do Sol"),
            ["Tomomi Nishiyama"]
        );
        assert_eq!(
            found("Escalated: Samuel says the login failed. Andrew had given it. Ann was born"),
            ["Andrew", "Ann", "Samuel"]
        );
        assert_eq!(
            found("Hi. Krisztián Szöllösy listed his top 20 songs"),
            ["Krisztián Szöllösy"]
        );
        for text in [
            "a company called Blue Origin launched",
            "The Beatles released their album.",
            "General Motors said that sales fell.",
            "my friend The Doctor arrived",
            "Will said no. The Committee said yes. Sayings of Paris said nothing.",
            "Andrew has givenness. Ann was borne away. Samuel saysay",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
