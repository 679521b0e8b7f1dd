//! PERSON: names announced by a title or salutation (`Mr.`, `Dr`, `Herr`, `Mme`, `Sra.`,
//! `Dott.`, `Dhr.`) or by a context cue (`Dear`, `name:`, `signed by`, `contact`,
//! `Regards,` on the line before), followed by one to three capitalised words. Bare
//! capitalised words are never tagged.

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

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
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
