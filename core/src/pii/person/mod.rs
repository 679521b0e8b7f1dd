//! PERSON: names announced by a title or salutation (`Mr.`, `Dr`, `Pr`, `M.`, `Herr`,
//! `Mme`, `Sra.`, `Dott.`, `Dhr.`) or by a context cue (`Dear`, `Hi`, `Ciao`, `name:`,
//! `signed by`, `contact`, `calls me`, `maiden name is`, `Regards,` on the line before),
//! followed by one to three capitalised words (an initial allowed; one word only when
//! addressed: `Hi Martín,`); a given name followed by a surname (an initial between them
//! allowed), or a surname, a comma and a given name, both from public-domain lists (the
//! US Census's given names and surnames, and Moby's given names: `data/`); and a name after the role of its bearer (`patient`, `el
//! cliente`, `Kundin`) or a verb of saying (`says`, `told`) when one of its words is
//! listed. Names found by their shape and place in the sentence (a middle initial, a
//! surname known by its form as in `Pakkanen` or `Ottová`, a list of given names, a
//! speaker's label, a relative, `called`, what only people do) are in `context`. Bare
//! capitalised words are never tagged, nor a given name alone without a cue.

pub(crate) mod addressee;
mod context;
mod coordinated;
mod firms;
mod form;
mod surnames;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Found;

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:Mr|Mrs|Ms|Mx|Miss|Dr|Dra|Prof|Pr|M\.|Sir|Dame|Lady|Lord|Herr|Frau|Mme|Mlle|Sr|Sra|Srta|Sig|Sig\.ra|Dott|Dott\.ssa|Dhr|Mevr|Mevrouw|Meneer|Madame|Monsieur|Señor|Señora|Signor|Signora|Ing|ir|Ir|Shri|Smt)\.?[ \t]+(\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*(?:[ \t]+\p{Lu}\.)?(?:[ \t]+(?:van (?:der |den |de |'t |het )?|de la |de |der |den |ten |ter |von (?:der )?|di |da |del |della |dos |das |du |le )?\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*){0,2})")
        .expect("titled name")
});

/// A name after a cue (group 2), or after the role of the person it names (group 1 holds
/// the role: `patient`, `el cliente`, `Kundin`; such a name needs a listed word). One
/// pattern for both, so the text is scanned once.
static CUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i:(?-u:\b)dear|(?-u:\b)hi|(?-u:\b)hello|(?-u:\b)name(?: on (?:file|the account|the card|record))?\s*[:?]|(?-u:\b)i'm|(?-u:\b)i’m|(?-u:\b)i am|(?-u:\b)(?:my|his|her) name is|(?-u:\b)your name\?|(?-u:\b)(?:first|last|family|maiden|middle|given) name(?: is|\?|\s*:)|(?-u:\b)(?:call|calls|called) me|(?-u:\b)signed(?: by)?|(?-u:\b)contact(?: person)?\s*:|(?-u:\b)regards,\s*\n|(?-u:\b)sincerely,\s*\n|(?-u:\b)cheers,\s*\n|(?-u:\b)(?:kind|best|warm) regards,\s*|mit freundlichen grüßen,\s*|(?-u:\b)freundliche grüße,\s*|(?-u:\b)cordialement,\s*|(?-u:\b)bien à vous,\s*|(?-u:\b)saludos,\s*|(?-u:\b)un saludo,\s*|(?-u:\b)atentamente,\s*|(?-u:\b)cordiali saluti,\s*|(?-u:\b)distinti saluti,\s*|(?-u:\b)met vriendelijke groet(?:en)?,\s*|(?-u:\b)liebe[rs]?|(?-u:\b)sehr geehrte[rs]?|(?-u:\b)cher|(?-u:\b)chère|(?-u:\b)estimad[oa]|(?-u:\b)gentile|(?-u:\b)beste|(?-u:\b)geachte|(?-u:\b)nom\s*:|(?-u:\b)nombre\s*:|(?-u:\b)nome\s*:|(?-u:\b)naam\s*:|(?-u:\b)hey|(?-u:\b)ciao|(?-u:\b)hola|(?-u:\b)bonjour|(?-u:\b)salut|(?-u:\b)hallo|(?-u:\b)moin|(?-u:\b)hoi|(?-u:\b)buongiorno|(?-u:\b)querid[oa]|(?-u:\b)lieve|(?-u:\b)((?:directed|written|sung|produced|performed|composed|painted) by|starring|featuring|producer|director|songwriter|singer|actor|actress|author|player|assistant to|says|said|asked|replied|told|patient|patiente|paciente|paziente|client|cliente|customer|candidate|candidat|candidata|employee|empleado|empleada|dipendente|mitarbeiter|mitarbeiterin|kunde|kundin|bewerber|bewerberin|klant)["”]?[ \t]*:?[ \t]*["“]?)[ \t]*(\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*(?:[ \t]+\p{Lu}\.)?(?:[ \t]+(?:van (?:der |den |de |'t |het )?|de la |de |der |den |ten |ter |von (?:der )?|di |da |del |della |dos |das |du )?\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*){0,2})"#)
        .expect("cued name")
});

/// Capitalised words that follow cues but are not names.
const NOT_NAMES: &[&str] = &[
    "World",
    "There",
    "Everybody",
    "Folks",
    "Guys",
    "Again",
    "Thanks",
    "Please",
    "Good",
    "Service",
    "Care",
    "Team",
    "All",
    "Sir",
    "Madam",
    "Customer",
    "Client",
    "Colleagues",
    "Friends",
    "Everyone",
    "Support",
    "Service",
    "The",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Herr",
    "Frau",
    "Damen",
    "Herren",
];

static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?:[ \t]+\p{Lu}\.)?,?[ \t]+(?:(?:van|von|der|den|het|ten|ter|'t)[ \t]+){0,2}(\p{Lu}\p{Ll}+(?:[\-’']\p{Lu}\p{Ll}+)?)",
    )
    .expect("full name")
});

fn list(data: &'static str) -> foldhash::HashSet<&'static str> {
    data.lines().filter(|l| !l.is_empty()).collect()
}

static GIVEN: LazyLock<foldhash::HashSet<&'static str>> = LazyLock::new(|| {
    let mut names = list(include_str!("../data/given-names.txt"));
    names.extend(list(include_str!("../data/given-names-moby.txt")));
    names.extend(list(include_str!("../data/given-names-census2020.txt")));
    names
});
static SURNAMES: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| list(include_str!("../data/surnames.txt")));

/// Whether `w` is a listed given name that can stand for a person without a surname:
/// not an everyday word (`Will`, `May`) nor a function word. A compound given name
/// (`Peter-Michael`, `Anne-Marie`) counts when each of its parts does.
fn listed_given(w: &str) -> bool {
    let l = w.to_lowercase();
    let one = |p: &str| GIVEN.contains(p) && !NOT_GIVEN.contains(&p) && !AMBIGUOUS.contains(&p);
    one(&l) || (l.contains('-') && l.split('-').all(one))
}

/// Whether every part of `w` (`Smith-Jones`) is a listed surname, and `w` is not an
/// everyday word or the second word of an organisation.
fn listed_surname(w: &str) -> bool {
    let l = w.to_lowercase();
    l.split(['-', '’', '\'']).all(|p| SURNAMES.contains(p))
        && !AMBIGUOUS.contains(&l.as_str())
        && !NOT_SURNAME.contains(&l.as_str())
}

/// Given names that are also everyday words: tagged only before a listed surname.
const AMBIGUOUS: &[&str] = &[
    "will",
    "may",
    "june",
    "april",
    "august",
    "mark",
    "bill",
    "grant",
    "rose",
    "frank",
    "faith",
    "hope",
    "joy",
    "art",
    "dean",
    "drew",
    "guy",
    "ray",
    "sue",
    "pat",
    "rich",
    "chance",
    "clay",
    "dale",
    "lane",
    "major",
    "miles",
    "rod",
    "sky",
    "summer",
    "autumn",
    "winter",
    "page",
    "penny",
    "ruby",
    "amber",
    "crystal",
    "dawn",
    "eve",
    "grace",
    "ivy",
    "iris",
    "lily",
    "holly",
    "rocky",
    "sandy",
    "wade",
    "gene",
    "glen",
    "jack",
    "jean",
    "don",
    "tom",
    "long",
    "young",
    "king",
    "christian",
    "china",
    "paris",
    "france",
    "georgia",
    "virginia",
    "carolina",
    "jordan",
    "victoria",
    "florence",
    "austin",
    "houston",
    "dallas",
    "chase",
    "hunter",
    "price",
    "love",
];

/// Census "given names" that are function words or titles in running text.
const NOT_GIVEN: &[&str] = &[
    "my", "in", "an", "so", "me", "we", "he", "be", "by", "do", "go", "no", "on", "or", "to", "up",
    "us", "an", "la", "le", "el", "de", "ok", "golden", "princess", "prince", "king", "queen",
    "duke", "van", "carry", "baby", "sunny", "lord", "lady", "general", "sister", "brother",
    "saint", "royal", "national", "united", "new", "north", "south", "east", "west", "aunt",
    "uncle",
];

/// Second words that make the pair an organisation or a place, not a person.
const NOT_SURNAME: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "corp",
    "corporation",
    "co",
    "group",
    "research",
    "consulting",
    "insurance",
    "investments",
    "orchestra",
    "lines",
    "park",
    "street",
    "royal",
    "bank",
    "university",
    "college",
    "school",
    "hospital",
    "hotel",
    "airlines",
    "records",
    "foundation",
    "institute",
    "company",
    "partners",
    "associates",
    "capital",
    "holdings",
    "systems",
    "technologies",
    "solutions",
    "services",
    "states",
    "kingdom",
    "river",
    "lake",
    "mountain",
    "island",
    "city",
    "county",
    "church",
    "center",
    "centre",
    "museum",
    "library",
    "stadium",
    "station",
    "airport",
    "road",
    "avenue",
    "square",
    "hall",
    "house",
    "press",
    "media",
    "motors",
    "industries",
    "labs",
    "studios",
    "productions",
    "bros",
    "brothers",
    "pictures",
    "films",
    "entertainment",
    "music",
    "band",
    "quartet",
    "trio",
    "ensemble",
    "choir",
];

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    let before = out.len();
    find_cased(text, out);
    if hardly_capitalised(text.as_bytes()) {
        find_lower_cased(text, out);
    }
    let everyday = surnames::Everyday::new(text);
    coordinated::find(text, &everyday, out, before);
    // `St. Moritz`, `New York Jets`: a place's name, whatever rule took it for a person's;
    // `Morgan Stanley`: a firm's.
    let firms = match out.len() > before {
        true => firms::mentions(text),
        false => Vec::new(),
    };
    let not_a_person = |f: &Found| {
        after_place_word(&text[..f.span.start])
            || firms
                .iter()
                .any(|r| f.span.start <= r.start && r.end <= f.span.end)
    };
    if out[before..].iter().any(not_a_person) {
        let found = out.split_off(before);
        out.extend(found.into_iter().filter(|f| !not_a_person(f)));
    }
    surnames::find(text, &everyday, out, before);
}

/// The names the rules found, to ask whether a new candidate overlaps one. They may
/// overlap each other until `find_pii` resolves them, so each start keeps the furthest
/// end so far: a question is a binary search, even on a long document full of names.
struct Known {
    /// (start, the largest end among the ranges starting here or before), by start.
    spans: Vec<(usize, usize)>,
}

impl Known {
    fn new(found: &[Found]) -> Self {
        let mut spans: Vec<(usize, usize)> =
            found.iter().map(|f| (f.span.start, f.span.end)).collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for s in &mut spans {
            furthest = furthest.max(s.1);
            s.1 = furthest;
        }
        Known { spans }
    }

    /// Whether `r` overlaps one of the names.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let i = self.spans.partition_point(|&(start, _)| start < r.end);
        i > 0 && self.spans[i - 1].1 > r.start
    }
}

/// Whether fewer than one ASCII letter in 200 is a capital, the word `I` (`I`, `I'm`) not
/// counted. One pass of plain counts (vectorised); the word `I` is looked for only when
/// it could tip the balance.
fn hardly_capitalised(bytes: &[u8]) -> bool {
    let (mut upper, mut lower, mut capital_i) = (0usize, 0usize, 0usize);
    // Byte-wide counts over blocks of 255 bytes, which cannot overflow: the compiler
    // turns them into 32 byte lanes at a time.
    for block in bytes.chunks(255) {
        let (mut u, mut l, mut i) = (0u8, 0u8, 0u8);
        for &b in block {
            u += u8::from(b.is_ascii_uppercase());
            l += u8::from(b.is_ascii_lowercase());
            i += u8::from(b == b'I');
        }
        upper += usize::from(u);
        lower += usize::from(l);
        capital_i += usize::from(i);
    }
    if lower == 0 || (upper - capital_i) * 200 >= lower {
        return false;
    }
    let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    let standalone = |i: usize| !letter(i + 1) && (i == 0 || !letter(i - 1));
    let pronouns = memchr::memchr_iter(b'I', bytes)
        .filter(|&i| standalone(i))
        .count();
    (upper - pronouns) * 200 < lower
}

/// Text written without capitals (chat, transcripts, lower-cased corpora): the rules
/// that need no capital to tell a name run on a copy with each word capitalised (same
/// byte offsets): names after a cue, a title or a role, and a given name and a surname
/// that are both listed. The rules that take capitals as the evidence would tag every
/// word pair there, and do not run.
fn find_lower_cased(text: &str, out: &mut Vec<Found>) {
    let mut titled = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        let mut upper = c.to_uppercase();
        let capital = match (upper.len(), upper.next()) {
            (1, Some(u)) if word_start && u.len_utf8() == c.len_utf8() => u,
            _ => c,
        };
        titled.push(capital);
        word_start = !c.is_alphanumeric() && !matches!(c, '\'' | '’' | '-');
    }
    let mut found = Vec::new();
    find_cased(&titled, &mut found);
    for mut f in found {
        let rule_ok = match f.rule {
            "person:cue" | "person:role" | "person:title" | "person:surname,given" => true,
            "person:given+surname" => f.score >= 0.8,
            _ => false,
        };
        if let Some(end) = rule_ok
            .then(|| plausible_end(&titled, f.span.clone()))
            .flatten()
        {
            f.span.end = end;
            out.push(f);
        }
    }
}

/// Where a name found in capitalised lower-case text ends: after its last word that is
/// listed or a surname by its form (`mr. elliott` of `mr. elliott flew to`), when no word
/// up to there is a closed-class word or a letter (`i'm moving out of`, `ok so`).
fn plausible_end(titled: &str, span: Range<usize>) -> Option<usize> {
    let mut end = None;
    let mut at = span.start;
    for piece in titled[span].split([' ', '\t']) {
        let word = piece.trim_end_matches([',', '.', ':', '?', '!']);
        let start = at;
        at += piece.len() + 1;
        if word.is_empty() {
            continue;
        }
        if word.chars().count() < 2 || context::closed(word) {
            break;
        }
        if listed_given(word) || listed_surname(word) || form::surname_form(word) {
            end = Some(start + word.len());
        }
    }
    end
}

/// PERSON in text that writes names with capitals.
fn find_cased(text: &str, out: &mut Vec<Found>) {
    context::find(text, out);
    let mut pos = 0;
    while let Some(m) = FULL_NAME.find_at(text, pos) {
        // The first and last words of the match (an initial may sit between them); found
        // without capture groups, which would need the slower regex engine.
        let first = m.as_str().split([' ', '\t']).next().unwrap_or("");
        let last_start = m.as_str().rfind([' ', '\t']).map_or(0, |i| i + 1);
        let last = &m.as_str()[last_start..];
        // "Hughes, Jennifer": a listed surname, a comma, a listed given name.
        if let Some(surname) = first.strip_suffix(',') {
            let (surname, given) = (surname.to_lowercase(), last.to_lowercase());
            // "Jones, Mitchell and Williams" names a firm.
            let rest = &text[m.end()..];
            let firm = [" and ", " & ", " und ", " et ", " y ", " e "]
                .iter()
                .any(|j| rest.starts_with(j) && rest[j.len()..].starts_with(char::is_uppercase));
            let inverted = !firm
                && SURNAMES.contains(surname.as_str())
                && GIVEN.contains(given.as_str())
                && !NOT_GIVEN.contains(&given.as_str())
                && !AMBIGUOUS.contains(&given.as_str())
                && !AMBIGUOUS.contains(&surname.as_str())
                && !NOT_SURNAME.contains(&surname.as_str());
            if inverted {
                out.push(Found {
                    kind: "PERSON",
                    span: m.range(),
                    score: 0.7,
                    rule: "person:surname,given",
                });
                pos = m.end();
            } else {
                pos = m.start() + last_start;
            }
            continue;
        }
        let given = first.to_lowercase();
        let surname = last.to_lowercase();
        let surname_listed = surname
            .split(['-', '’', '\''])
            .all(|p| SURNAMES.contains(p));
        let known = given
            .split('-')
            .all(|p| GIVEN.contains(p) && !NOT_GIVEN.contains(&p))
            && !NOT_SURNAME.contains(&surname.as_str());
        let score = match (known, surname_listed) {
            (true, true) => Some(0.8),
            (true, false) if !AMBIGUOUS.contains(&given.as_str()) => Some(0.6),
            _ => None,
        };
        match score {
            Some(score) => {
                out.push(Found {
                    kind: "PERSON",
                    span: m.range(),
                    score,
                    rule: "person:given+surname",
                });
                pos = m.end();
            }
            // Not a name here: the last word may start one.
            None => pos = m.start() + last_start,
        }
    }

    for c in TITLED.captures_iter(text) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // `Abby M. Laidlaw`: after a capitalised word, `M.` is a middle initial, not
        // the French title.
        if all.as_str().starts_with("M.") && after_capitalised_word(&text[..all.start()]) {
            continue;
        }
        // The pattern's word boundary is ASCII: `Finnbogastaðir On` holds no title `ir`.
        if text[..all.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let first = name.as_str().split_whitespace().next().unwrap_or("");
        if NOT_NAMES.contains(&first) {
            continue;
        }
        out.push(Found {
            kind: "PERSON",
            span: all.start()..name.end(),
            score: 0.85,
            rule: "person:title",
        });
    }
    for c in CUED.captures_iter(text) {
        let Some(name) = c.get(2) else { continue };
        let words: Vec<&str> = name.as_str().split_whitespace().collect();
        // The pattern makes the name one word or more; no index relies on it.
        let (Some(&head), Some(&tail)) = (words.first(), words.last()) else {
            continue;
        };
        if NOT_NAMES.contains(&head) {
            continue;
        }
        let single = words.len() == 1;
        let (score, rule) = if let Some(cue) = c.get(1) {
            // `ClientSession`: the cue must stand apart from the name.
            if text[cue.end()..name.start()].is_empty()
                && cue.as_str().ends_with(|ch: char| ch.is_alphabetic())
            {
                continue;
            }
            // After a verb of saying, a listed given name alone (`said Gladys to Logan`);
            // after any role, a surname alone (`says Okafor.`, `starring Lindqvist`).
            let saying = ["says", "said", "asked", "replied", "told"]
                .iter()
                .any(|v| {
                    cue.as_str()
                        .get(..v.len())
                        .is_some_and(|c| c.eq_ignore_ascii_case(v))
                });
            // `patient Monday`: the census lists weekdays as surnames; closed-class words
            // (weekdays and months among them) never are one here.
            let surname = (listed_surname(head) || form::surname_form(head))
                && !context::never_in_a_name(head);
            if single && ((saying && listed_given(head)) || surname) {
                out.push(Found {
                    kind: "PERSON",
                    span: name.range(),
                    score: 0.65,
                    rule: "person:role",
                });
                continue;
            }
            // After a role: two words or more, one of them listed.
            let (first, last) = (head.to_lowercase(), tail.to_lowercase());
            let listed = (GIVEN.contains(first.as_str()) && !NOT_GIVEN.contains(&first.as_str()))
                || last.split(['-', '’', '\'']).all(|p| SURNAMES.contains(p))
                || form::surname_form(tail)
                || named_in_full(&words);
            if single
                || !listed
                || NOT_SURNAME.contains(&last.as_str())
                || NOT_GIVEN.contains(&first.as_str())
            {
                continue;
            }
            (0.75, "person:role")
        } else {
            // One word is a name when addressed ("Hi Martín," "Ciao Rocco!"), or after a
            // "name:" label or "my name is" at the end of its line or sentence.
            let next = text[name.end()..].chars().next();
            if single && !matches!(next, Some(',' | '!' | '.' | '\n' | '\r') | None) {
                continue;
            }
            (if single { 0.7 } else { 0.75 }, "person:cue")
        };
        out.push(Found {
            kind: "PERSON",
            span: name.range(),
            score,
            rule,
        });
    }
}

/// Words that open the names of places and bodies (`New York`, `San Diego`, `General
/// Motors`, `United Airlines`), never a person's given name.
const PLACE_OR_BODY: &[&str] = &[
    "New",
    "San",
    "Santa",
    "Los",
    "Las",
    "Saint",
    "St",
    "North",
    "South",
    "East",
    "West",
    "Upper",
    "Lower",
    "Great",
    "United",
    "Royal",
    "National",
    "General",
    "Central",
    "Grand",
    "Fort",
    "Port",
    "Lake",
    "Mount",
    "Old",
    "Global",
    "International",
    "American",
    "British",
    "Nueva",
    "Nuevo",
    "São",
    "Santo",
    "Porto",
    "Rio",
    "Río",
    "Sankt",
    "Bad",
    "Île",
];

/// After a role or a verb of saying, a name of two or three words none of which is a
/// listed word, judged by its letters: a word with a letter outside ASCII (`Liisa
/// Lepistö`, `Miklós Hajdu`) is a name from a language whose names the lists do not
/// cover; `New York` and `Acme Widgets` have none.
fn named_in_full(words: &[&str]) -> bool {
    words.len() >= 2
        && !PLACE_OR_BODY.contains(&words[0])
        && words.iter().any(|w| !w.is_ascii())
        && words.iter().all(|w| {
            w.len() > 2 && !context::closed(w) && !NOT_SURNAME.contains(&w.to_lowercase().as_str())
        })
}

/// Words that open places' names and never stand before a person's (titles such as
/// `General` do, so this is narrower than [`PLACE_OR_BODY`]).
const PLACE_OPENERS: &[&str] = &[
    "St", "Ste", "Saint", "Sainte", "Sankt", "San", "Santa", "Santo", "São", "New", "Fort", "Port",
    "Porto", "Lake", "Mount", "Mt", "Cape", "Los", "Las", "Nueva", "Nuevo", "Rio", "Río", "Bad",
    "Île",
];

/// Whether `before` ends with a word that opens a place's name (`St.`, `New`) and a space.
fn after_place_word(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.len() < before.len()
        && trimmed
            .rsplit([' ', '\t', '\n'])
            .next()
            .is_some_and(|w| PLACE_OPENERS.contains(&w.trim_end_matches('.')))
}

/// Whether `before` ends with a capitalised word and a space or tab.
fn after_capitalised_word(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[word_start..];
    word.starts_with(char::is_uppercase) && word.chars().skip(1).any(char::is_lowercase)
}

/// The distinct texts `find` tags in `text`, sorted (for the unit tests of this module
/// and of `context`).
#[cfg(test)]
fn names_found(find: fn(&str, &mut Vec<Found>), text: &str) -> Vec<&str> {
    let mut v = crate::pii::spans_found(find, text);
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        names_found(find, text)
    }

    #[test]
    fn overlaps_seen_through_nested_names() {
        let f = |span: Range<usize>| Found {
            kind: "PERSON",
            span,
            score: 0.5,
            rule: "test",
        };
        let known = Known::new(&[f(2..3), f(0..10), f(20..25)]);
        assert!(known.overlaps(&(5..6)));
        assert!(known.overlaps(&(24..30)));
        assert!(!known.overlaps(&(10..20)));
        assert!(!known.overlaps(&(25..26)));
    }

    #[test]
    fn a_given_name_alone_after_a_verb_of_saying() {
        // The one spoken to is named too (`coordinated`).
        assert_eq!(
            found("I'm so jealous! said Gladys to Logan"),
            ["Gladys", "Logan"]
        );
        assert_eq!(found("\"It works,\" says Okafor."), ["Okafor"]);
        assert_eq!(found("a film starring Lindqvist"), ["Lindqvist"]);
        assert!(found("\"It works,\" says Reuters. The patient Monday").is_empty());
        assert!(found("http = aiohttp.ClientSession()").is_empty());
        assert!(found("the mayor said Monday that it rained").is_empty());
        assert!(found("he said May would be late").is_empty());
    }

    #[test]
    fn lists_headed_by_a_plural_noun_for_people() {
        assert_eq!(
            found("Acme is the brainchild of our 3 founders: Eklund, Michael and Hodge. It grew."),
            ["Eklund", "Hodge", "Michael"]
        );
        assert_eq!(
            found("Attendees (last name, first name): Roht, Anatolij; Gertz, Herwig."),
            ["Gertz, Herwig", "Roht, Anatolij"]
        );
        // Not people's names: a word no name holds, digits, or a noun for things.
        assert!(found("Participants: Team Alpha, Group 7 and Bank of Lisbon.").is_empty());
        assert!(found("Speakers: Bose, Sonos and Harman.").is_empty());
        assert!(found("Authors: see below.").is_empty());
    }

    #[test]
    fn compound_given_names_count_when_each_part_is_listed() {
        assert_eq!(
            found("Wire the refund to Peter-Michael Schmiedt today."),
            ["Peter-Michael Schmiedt"]
        );
        assert!(found("Then Klaus-Ulrich says no.").contains(&"Klaus-Ulrich"));
        assert!(listed_given("Anne-Marie") && !listed_given("Anne-Widget"));
    }

    #[test]
    fn names_with_particles_after_titles_and_roles() {
        assert_eq!(
            found("Contactpersoon: Dhr. Nout van 't Houteveen, mobiel"),
            ["Dhr. Nout van 't Houteveen"]
        );
        assert_eq!(
            found("Stuur het naar Dr. Naud van de Ven, Rafaelsingel"),
            ["Dr. Naud van de Ven"]
        );
        assert_eq!(
            found("Ticket 7: klant Ryan van de Wal (mail)"),
            ["Ryan van de Wal"]
        );
    }

    #[test]
    fn places_named_after_people_are_not_people() {
        assert!(found("Round about St. Moritz, there are other resorts.").is_empty());
        assert!(found("The New York Jets won; San Marino Bay is calm.").is_empty());
        assert_eq!(
            found("Analysts at Morgan Stanley and T. Rowe Price told Jane Miller."),
            ["Jane Miller"]
        );
        assert!(found("Rand Corporation and Forrester Research").is_empty());
        // Names that are no place's stay names.
        assert_eq!(
            found("Dear Johannes Brandt, thank you"),
            ["Johannes Brandt"]
        );
    }

    #[test]
    fn names_addressed_by_a_greeting() {
        assert_eq!(found("Hi Martín,\nthanks for your order."), ["Martín"]);
        assert_eq!(found("Ciao Rocco, grazie per l'ordine."), ["Rocco"]);
        assert_eq!(found("Bonjour Roland, merci."), ["Roland"]);
        assert_eq!(found("Hello, my name is Akinori."), ["Akinori"]);
        assert_eq!(found("What's your name? Abbas Kadyrov"), ["Abbas Kadyrov"]);
        assert!(found("The file name is Report. The company name is Acme.").is_empty());
        assert_eq!(found("Dear Laura Bennett, welcome."), ["Laura Bennett"]);
        assert_eq!(
            found("bis Freitag. Mit freundlichen Grüßen, Gisa Klemm"),
            ["Gisa Klemm"]
        );
        assert_eq!(
            found("avant lundi. Cordialement,\nÉlise Mercier"),
            ["Élise Mercier"]
        );
        assert_eq!(found("but everyone calls me Aantje."), ["Aantje"]);
        assert_eq!(found("What's your last name? Boyle"), ["Boyle"]);
        assert_eq!(found("Her maiden name is Chmielewski."), ["Chmielewski"]);
        assert_eq!(
            found("\"Not yet,\" says Hannah Lepisto in a post."),
            ["Hannah Lepisto"]
        );
        assert_eq!(
            found("\"Never,\" says Liisa Lepistö in a post."),
            ["Liisa Lepistö"]
        );
        assert_eq!(
            found("Producer Liviana Palerón explained"),
            ["Liviana Palerón"]
        );
        assert!(found("the mayor said Nueva León and São Tomé would pay").is_empty());
        // After a verb of saying, a name needs a listed word.
        assert!(found("as the report says Acme Widgets do.").is_empty());
        assert!(found("the mayor said New York would pay").is_empty());
        // One capitalised word that is not addressed, or a greeting of everyone.
        assert!(found("Hi Team, Hello World, hey There, hola Mundo feliz").is_empty());
    }

    #[test]
    fn initials_titles_and_inverted_names() {
        assert_eq!(found("Nom : Léon C. Dufour\n"), ["Léon C. Dufour"]);
        assert_eq!(found("à l'attention de Pr Léger."), ["Pr Léger"]);
        assert_eq!(found("HR note: M. Joly (employee 17)"), ["M. Joly"]);
        assert_eq!(found("Name:     Abby M. Laidlaw\n"), ["Abby M. Laidlaw"]);
        assert_eq!(
            found("Stuur het naar ir. Suus Brink, Kaidreef"),
            ["ir. Suus Brink"]
        );
        assert_eq!(found("We met Anna van Voorst today."), ["Anna van Voorst"]);
        assert!(found("Holidays in Sri Lanka.").is_empty());
        assert_eq!(
            found("Participants: Atkins, Jessica; Martin, Raymond."),
            ["Atkins, Jessica", "Martin, Raymond"]
        );
        assert!(found("In Paris, France and London, England.").is_empty());
        assert!(found("She joined Jones, Mitchell and Williams in May.").is_empty());
    }

    #[test]
    fn names_in_text_without_capitals() {
        assert_eq!(
            found("can you block my card? my name is lena andersson."),
            ["lena andersson"]
        );
        assert_eq!(found("please call mary johnson today"), ["mary johnson"]);
        assert_eq!(
            found("ok so I think my name is lena andersson"),
            ["lena andersson"]
        );
        // Pairs of words are not names for their capitals alone.
        assert!(found("will be there. mark the date. said the man").is_empty());
        assert!(found("i'm moving out of the country. i'm originally from ohio").is_empty());
        assert_eq!(
            found("mr. elliott flew to finnbogastaðir on friday"),
            ["mr. elliott"]
        );
    }

    #[test]
    fn names_after_the_role_of_their_bearer() {
        assert_eq!(
            found("Incidencia: el cliente Maria Zorbo (correo)"),
            ["Maria Zorbo"]
        );
        assert_eq!(
            found("record viewed: patient Jennifer Qzx"),
            ["Jennifer Qzx"]
        );
        assert_eq!(
            found("a film directed by Joakim Westgård and"),
            ["Joakim Westgård"]
        );
        assert_eq!(
            found(r#"{"customer": "Marthe Martin", "iban": 1}"#),
            ["Marthe Martin"]
        );
        assert!(found("produced by Warner Bros and starring Golden Helix").is_empty());
        // Neither word listed: a product or a team, not a person.
        assert!(found("the customer Success Portal is down").is_empty());
    }
}
