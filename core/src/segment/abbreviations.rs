//! Abbreviation and sentence-starter lists per language, for the sentence splitter.

//!
//! Words are stored lower-case and without their final period; multi-period abbreviations
//! keep their inner periods (`e.g`, `ph.d`). Three kinds, because they behave differently
//! before a capitalised word:
//!
//! * **titles** precede a name and never end a sentence (`Mr. Smith`, `Mt. Fuji`);
//! * **numeric** abbreviations precede a number (`p. 55`, `No. 5`, `Abs. 3`);
//! * **general** abbreviations can end a sentence (`... and Co. It closed`), which is
//!   decided by the next word (see [`starters`]).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the sets hold short words looked up at every period, where SipHash's setup
/// costs more than the lookup.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of short lower-case words. Most words looked up at a period are ordinary words;
/// a bit per (length, first byte) rules nearly all of them out before any hashing.
pub(crate) struct WordSet {
    words: HashSet<&'static str, BuildHasherDefault<Fnv>>,
    /// Bit `b % 64` of `prefilter[min(len, 15)]`: some word of that length starts with `b`.
    prefilter: [u64; 16],
}

impl WordSet {
    fn new(words: &[&'static str]) -> Self {
        let mut prefilter = [0u64; 16];
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                prefilter[w.len().min(15)] |= 1 << (b & 63);
            }
        }
        WordSet {
            words: words.iter().copied().collect(),
            prefilter,
        }
    }

    /// Whether `w` is in the set.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        match w.as_bytes().first() {
            Some(&b) if self.prefilter[w.len().min(15)] & (1 << (b & 63)) == 0 => false,
            _ => self.words.contains(w),
        }
    }
}

/// The abbreviation lists of one language.
pub(crate) struct Abbreviations {
    pub titles: &'static [&'static str],
    pub numeric: &'static [&'static str],
    pub general: &'static [&'static str],
    /// Capitalised words that usually begin a sentence (function words): after an
    /// ambiguous abbreviation, one of these means a new sentence.
    pub starters: &'static [&'static str],
}

/// The lists of one language as hash sets, built once, for lookups at every period.
pub(crate) struct Lookup {
    pub titles: WordSet,
    pub numeric: WordSet,
    pub general: WordSet,
    pub starters: WordSet,
}

/// The lookup sets of `language`, if it has lists.
pub(crate) fn lookup(language: &str) -> Option<&'static Lookup> {
    static SETS: OnceLock<Vec<Lookup>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        LANGUAGES
            .iter()
            .filter_map(|l| for_language(l))
            .map(|a| Lookup {
                titles: WordSet::new(a.titles),
                numeric: WordSet::new(a.numeric),
                general: WordSet::new(a.general),
                starters: WordSet::new(a.starters),
            })
            .collect()
    });
    let i = LANGUAGES.iter().position(|l| *l == language)?;
    sets.get(i)
}

const EN: Abbreviations = Abbreviations {
    titles: &[
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "ft", "gen", "rev", "sen", "rep", "gov",
        "capt", "cpt", "col", "lt", "sgt", "cmdr", "adm", "maj", "hon", "pres", "supt", "messrs",
        "mme", "mlle", "fr", "sr", "sra", "srta", "ave", "blvd", "pt", "rd",
    ],
    numeric: &[
        "p", "pp", "no", "nos", "nr", "vol", "vols", "fig", "figs", "art", "sec", "sect", "ch",
        "chap", "para", "par", "eq", "eqs", "ex", "ed", "eds", "n°", "nº", "tel", "ref", "refs",
        "approx", "ca", "cf", "op", "col", "tab", "l", "ll", "v", "vv",
    ],
    // Only words that are not also ordinary English words ("long", "sun", "in" end
    // sentences too often to be listed).
    general: &[
        "etc", "e.g", "i.e", "vs", "viz", "al", "co", "corp", "inc", "ltd", "llc", "plc", "jr",
        "bros", "dept", "univ", "assn", "govt", "intl", "natl", "misc", "esp", "incl", "jan",
        "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "tues", "thu", "thur",
        "thurs", "a.m", "p.m", "u.s", "u.s.a", "u.k", "e.u", "u.n", "ph.d", "m.d", "b.a", "m.a",
        "b.sc", "m.sc", "d.c", "n.y", "l.a", "approx", "avg", "oz", "lbs", "yd", "hrs", "sq",
        "mgr", "mfg", "attn", "encl",
    ],
    starters: &[
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "i",
        "he",
        "she",
        "it",
        "we",
        "you",
        "they",
        "there",
        "here",
        "what",
        "when",
        "where",
        "why",
        "how",
        "who",
        "whom",
        "whose",
        "which",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "in",
        "on",
        "at",
        "as",
        "after",
        "before",
        "because",
        "although",
        "though",
        "while",
        "during",
        "for",
        "from",
        "to",
        "with",
        "without",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "my",
        "our",
        "your",
        "his",
        "her",
        "its",
        "their",
        "then",
        "now",
        "also",
        "however",
        "therefore",
        "thus",
        "meanwhile",
        "still",
        "some",
        "many",
        "most",
        "all",
        "each",
        "every",
        "no",
        "not",
        "let",
        "please",
        "yes",
        "since",
        "until",
        "once",
        "later",
        "today",
        "yesterday",
        "tomorrow",
        "finally",
        "first",
        "next",
        "instead",
        "otherwise",
        "nevertheless",
    ],
};

const DE: Abbreviations = Abbreviations {
    titles: &[
        "hr", "hrn", "fr", "frl", "dr", "prof", "dipl", "ing", "mag", "st", "hl", "sr", "gebr",
    ],
    numeric: &[
        "nr", "s", "abs", "art", "bd", "bde", "kap", "abb", "tab", "ziff", "anm", "fn", "vgl",
        "ca", "tel", "no", "jg", "jh", "lfd",
    ],
    general: &[
        "z.b",
        "d.h",
        "u.a",
        "usw",
        "bzw",
        "ggf",
        "evtl",
        "inkl",
        "exkl",
        "bspw",
        "etc",
        "sog",
        "v.a",
        "z.t",
        "u.u",
        "o.ä",
        "u.ä",
        "i.d.r",
        "m.e",
        "s.o",
        "s.u",
        "vs",
        "gmbh",
        "ag",
        "e.v",
        "mio",
        "mrd",
        "jan",
        "feb",
        "mär",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dez",
        "str",
        "allg",
        "bzgl",
        "zzgl",
        "ggü",
        "urspr",
        "verf",
        "hg",
        "hrsg",
        "aufl",
        "erg",
        "geb",
        "gest",
        "einschl",
        "entspr",
        "insb",
        "ursprüngl",
    ],
    starters: &[
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "ich",
        "du",
        "er",
        "sie",
        "es",
        "wir",
        "ihr",
        "aber",
        "und",
        "oder",
        "dann",
        "denn",
        "doch",
        "wenn",
        "als",
        "wie",
        "was",
        "wer",
        "wo",
        "warum",
        "dies",
        "diese",
        "dieser",
        "im",
        "in",
        "am",
        "auf",
        "mit",
        "nach",
        "bei",
        "seit",
        "heute",
        "danach",
        "deshalb",
        "außerdem",
        "jedoch",
    ],
};

const FR: Abbreviations = Abbreviations {
    titles: &[
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste",
    ],
    numeric: &[
        "p", "pp", "n°", "no", "art", "chap", "vol", "fig", "tél", "éd", "env", "al",
    ],
    general: &[
        "etc", "c.-à-d", "cf", "ex", "p.ex", "av", "apr", "j.-c", "env", "bd", "sté", "cie", "ss",
        "vs", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "min", "max", "approx",
        "resp", "id", "ibid",
    ],
    starters: &[
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "je",
        "tu",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
        "elles",
        "on",
        "ce",
        "cette",
        "ces",
        "mais",
        "et",
        "ou",
        "donc",
        "puis",
        "alors",
        "ensuite",
        "enfin",
        "cependant",
        "pourtant",
        "ainsi",
        "toutefois",
        "néanmoins",
        "aussi",
        "quand",
        "si",
        "en",
        "dans",
        "pour",
        "avec",
        "après",
        "avant",
        "aujourd'hui",
    ],
};

const ES: Abbreviations = Abbreviations {
    titles: &[
        "sr", "sra", "srta", "sres", "dr", "dra", "d", "dña", "lic", "ing", "prof", "arq", "sto",
        "sta",
    ],
    numeric: &[
        "p", "pp", "pág", "págs", "n", "n°", "nº", "núm", "art", "cap", "vol", "fig", "tel",
    ],
    general: &[
        "etc", "ej", "p.ej", "aprox", "av", "avda", "cía", "s.a", "s.l", "ee.uu", "dpto", "ene",
        "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic", "vs", "máx",
        "mín", "ud", "uds", "vd", "vds", "admón", "adj",
    ],
    starters: &[
        "el", "la", "los", "las", "un", "una", "yo", "tú", "él", "ella", "nosotros", "ellos",
        "ellas", "pero", "y", "o", "entonces", "cuando", "si", "en", "con", "para", "este", "esta",
        "eso", "esto", "hoy", "después", "luego",
    ],
};

const IT: Abbreviations = Abbreviations {
    titles: &[
        "sig", "sigg", "sig.ra", "sig.na", "dott", "dott.ssa", "prof", "prof.ssa", "avv", "ing",
        "arch", "geom", "rag", "on", "s", "mons",
    ],
    numeric: &[
        "p", "pp", "pag", "n", "nr", "art", "cap", "vol", "fig", "tel", "c.a",
    ],
    general: &[
        "ecc", "es", "cfr", "ca", "pres", "s.p.a", "s.r.l", "gen", "feb", "mar", "apr", "mag",
        "giu", "lug", "ago", "sett", "ott", "nov", "dic", "vs", "min", "max", "ved", "cit",
    ],
    starters: &[
        "il", "lo", "la", "i", "gli", "le", "un", "una", "io", "tu", "lui", "lei", "noi", "voi",
        "loro", "ma", "e", "o", "poi", "quando", "se", "in", "con", "per", "questo", "questa",
        "oggi", "dopo",
    ],
};

const PT: Abbreviations = Abbreviations {
    titles: &[
        "sr", "sra", "srta", "dr", "dra", "prof", "profa", "eng", "exmo", "exma", "v.exa", "d",
        "sto", "sta",
    ],
    numeric: &[
        "p", "pp", "pág", "págs", "n", "nº", "n°", "art", "cap", "vol", "fig", "tel",
    ],
    general: &[
        "etc", "ex", "p.ex", "aprox", "av", "cia", "ltda", "s.a", "jan", "fev", "mar", "abr",
        "mai", "jun", "jul", "ago", "set", "out", "nov", "dez", "vs", "máx", "mín", "obs",
    ],
    starters: &[
        "o", "a", "os", "as", "um", "uma", "eu", "tu", "ele", "ela", "nós", "vós", "eles", "elas",
        "mas", "e", "ou", "então", "quando", "se", "em", "com", "para", "este", "esta", "isso",
        "isto", "hoje", "depois",
    ],
};

const NL: Abbreviations = Abbreviations {
    titles: &[
        "dhr", "mevr", "mw", "mej", "dr", "drs", "prof", "ir", "ing", "mr", "st",
    ],
    numeric: &["nr", "blz", "p", "pp", "art", "hfst", "fig", "tel", "vol"],
    general: &[
        "bijv", "bv", "d.w.z", "o.a", "m.b.t", "t.a.v", "enz", "etc", "i.p.v", "z.g.a.n", "jl",
        "a.s", "vs", "ca", "resp", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept",
        "okt", "nov", "dec", "b.v", "n.v", "max", "min",
    ],
    starters: &[
        "de", "het", "een", "ik", "jij", "je", "hij", "zij", "ze", "wij", "we", "jullie", "maar",
        "en", "of", "dan", "toen", "als", "in", "op", "met", "voor", "dit", "dat", "deze",
        "vandaag", "daarna",
    ],
};

const RU: Abbreviations = Abbreviations {
    titles: &["гн", "г-н", "г-жа", "проф", "акад", "тов", "св"],
    numeric: &[
        "с", "стр", "т", "№", "рис", "табл", "гл", "п", "ст", "ч", "вып",
    ],
    general: &[
        "г", "т.е", "т.к", "т.п", "т.д", "и т.д", "и т.п", "др", "пр", "см", "ср", "напр", "т.н",
        "млн", "млрд", "тыс", "руб", "коп", "г.г", "гг", "вв", "в", "ул", "пр-т", "д", "кв", "обл",
        "р-н", "янв", "февр", "апр", "авг", "сент", "окт", "нояб", "дек", "им", "ок",
    ],
    starters: &[
        "я",
        "ты",
        "он",
        "она",
        "оно",
        "мы",
        "вы",
        "они",
        "это",
        "этот",
        "эта",
        "но",
        "и",
        "а",
        "или",
        "тогда",
        "когда",
        "если",
        "в",
        "на",
        "с",
        "по",
        "сегодня",
        "потом",
        "затем",
    ],
};

const PL: Abbreviations = Abbreviations {
    titles: &[
        "p", "pan", "dr", "prof", "inż", "mgr", "hab", "ks", "św", "płk", "gen", "kpt",
    ],
    numeric: &[
        "nr", "s", "str", "t", "rozdz", "art", "ust", "pkt", "poz", "rys", "tab", "tel", "zob",
    ],
    general: &[
        "itd", "itp", "np", "m.in", "tj", "tzn", "tzw", "ok", "wg", "ul", "al", "pl", "os", "godz",
        "min", "r", "w", "wyd", "zł", "gr", "sp", "z o.o", "jw", "br", "ub", "sty", "lut", "mar",
        "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
    ],
    starters: &[
        "ja",
        "ty",
        "on",
        "ona",
        "ono",
        "my",
        "wy",
        "oni",
        "one",
        "to",
        "ten",
        "ta",
        "ale",
        "i",
        "a",
        "lub",
        "albo",
        "wtedy",
        "kiedy",
        "jeśli",
        "w",
        "na",
        "z",
        "do",
        "dziś",
        "dzisiaj",
        "potem",
        "następnie",
    ],
};

/// The languages with abbreviation lists, by ISO 639-1 code.
pub(crate) const LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl"];

/// The lists of `language` (an ISO 639-1 code), if it has some.
pub(crate) fn for_language(language: &str) -> Option<&'static Abbreviations> {
    Some(match language {
        "en" => &EN,
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "it" => &IT,
        "pt" => &PT,
        "nl" => &NL,
        "ru" => &RU,
        "pl" => &PL,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_never_hides_a_word() {
        for a in LANGUAGES.iter().filter_map(|l| for_language(l)) {
            let set = WordSet::new(a.general);
            assert!(a.general.iter().all(|w| set.contains(w)));
            assert!(!set.contains("ordinary") && !set.contains(""));
        }
    }

    #[test]
    fn lists_are_lowercase_without_final_period() {
        for a in LANGUAGES.iter().filter_map(|l| for_language(l)) {
            for w in a
                .titles
                .iter()
                .chain(a.numeric)
                .chain(a.general)
                .chain(a.starters)
            {
                assert_eq!(*w, w.to_lowercase(), "{w}");
                assert!(!w.ends_with('.'), "{w}");
            }
        }
    }
}
