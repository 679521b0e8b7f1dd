//! PERSON: names announced by a title or salutation (`Mr.`, `Dr`, `Herr`, `Mme`, `Sra.`,
//! `Dott.`, `Dhr.`) or by a context cue (`Dear`, `name:`, `signed by`, `contact`,
//! `Regards,` on the line before), followed by one to three capitalised words; and a
//! given name followed by a surname (an initial between them allowed), both from the US
//! Census name lists (public domain, `data/`). Bare capitalised words are never tagged,
//! nor a given name alone.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Lady|Lord|Herr|Frau|Mme|Mlle|Sr|Sra|Srta|Sig|Sig\.ra|Dott|Dott\.ssa|Dhr|Mevr|Mevrouw|Meneer|Madame|Monsieur|Señor|Señora|Signor|Signora)\.?[ \t]+(\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*(?:[ \t]+(?:van der |van |de la |de |von |di |da |del |le )?\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*){0,2})")
        .expect("titled name")
});

static CUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:(?-u:\b)dear|(?-u:\b)hi|(?-u:\b)hello|(?-u:\b)name\s*:|(?-u:\b)signed(?: by)?|(?-u:\b)contact(?: person)?\s*:|(?-u:\b)regards,\s*\n|(?-u:\b)sincerely,\s*\n|(?-u:\b)cheers,\s*\n|(?-u:\b)liebe[rs]?|(?-u:\b)sehr geehrte[rs]?|(?-u:\b)cher|(?-u:\b)chère|(?-u:\b)estimad[oa]|(?-u:\b)gentile|(?-u:\b)beste|(?-u:\b)geachte|(?-u:\b)nom\s*:|(?-u:\b)nombre\s*:|(?-u:\b)nome\s*:|(?-u:\b)naam\s*:)[ \t]*(\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}\p{N}'’\-]*){1,2})")
        .expect("cued name")
});

/// Capitalised words that follow cues but are not names.
const NOT_NAMES: &[&str] = &[
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
        r"(?-u:\b)(\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\.)?[ \t]+(\p{Lu}\p{Ll}+(?:[\-’']\p{Lu}\p{Ll}+)?)",
    )
    .expect("full name")
});

fn list(data: &'static str) -> std::collections::HashSet<&'static str> {
    data.lines().filter(|l| !l.is_empty()).collect()
}

static GIVEN: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| list(include_str!("data/given-names.txt")));
static SURNAMES: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| list(include_str!("data/surnames.txt")));

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
    "us", "an", "la", "le", "el", "de", "princess", "prince", "king", "queen", "duke", "van",
    "carry", "baby", "sunny", "lord", "lady", "general", "sister", "brother", "saint", "royal",
    "national", "united", "new", "north", "south", "east", "west", "aunt", "uncle",
];

/// Second words that make the pair an organisation or a place, not a person.
const NOT_SURNAME: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "corp",
    "co",
    "group",
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
];

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    let mut pos = 0;
    while let Some(m) = FULL_NAME.find_at(text, pos) {
        // The first and last words of the match (an initial may sit between them); found
        // without capture groups, which would need the slower regex engine.
        let first = m.as_str().split([' ', '\t']).next().unwrap_or("");
        let last_start = m.as_str().rfind([' ', '\t']).map_or(0, |i| i + 1);
        let last = &m.as_str()[last_start..];
        let given = first.to_lowercase();
        let surname = last.to_lowercase();
        let surname_listed = surname
            .split(['-', '’', '\''])
            .all(|p| SURNAMES.contains(p));
        let known = GIVEN.contains(given.as_str())
            && !NOT_GIVEN.contains(&given.as_str())
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
        let Some(name) = c.get(1) else { continue };
        let first = name.as_str().split_whitespace().next().unwrap_or("");
        if NOT_NAMES.contains(&first) {
            continue;
        }
        out.push(Found {
            kind: "PERSON",
            span: name.range(),
            score: 0.75,
            rule: "person:cue",
        });
    }
}
