//! PHONE: numbers written with their country code (`+44 20 7946 0958`, `0049 30 1234567`),
//! checked against the national number lengths of the country code (E.164: 15 digits at
//! most); national formats (NANP with its area/exchange rules; trunk-prefix numbers of
//! the UK, DE, FR, IT, NL, ES; Indian and Spanish mobiles) scored by how phone-like their
//! grouping is, and raised by context words (`tel`, `phone`, `Telefon`, `tél`, `móvil`).

use std::sync::LazyLock;

use regex::Regex;

use super::context::{digits, has_before, longest_digit_run, scan, standalone};
use super::Found;

static INTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+|(?-u:\b)00)[1-9][0-9 .\-/()]{6,24}[0-9]").expect("intl phone")
});
static NANP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)1[ .\-])?(?:\([2-9][0-9]{2}\) ?|(?-u:\b)[2-9][0-9]{2}[ .\-])[2-9][0-9]{2}[ .\-][0-9]{4}(?:(?:x|ext\.? ?)[0-9]{1,5})?(?-u:\b)",
    )
    .expect("nanp")
});
static NATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\(0[1-9][0-9]{0,4}\)|(?-u:\b)0[1-9][0-9]{0,4})(?:[ .\-/]?[0-9]{2,4}){2,5}(?-u:\b)",
    )
    .expect("national")
});
/// Numbers without a trunk prefix: Spanish mobiles `612 345 678` / `612 34 56 78` and
/// landlines `91 123 45 67`, Indian mobiles `98765 43210`.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[6-9][0-9]{2}[ .]?[0-9]{3}[ .]?[0-9]{3}|[6-9][0-9]{2}(?: [0-9]{2}){3}|[89][0-9] [0-9]{3} [0-9]{2} [0-9]{2}|[6-9][0-9]{4}[ \-]?[0-9]{5})(?-u:\b)")
        .expect("mobile")
});

const CONTEXT: &[&str] = &[
    "tel",
    "phone",
    "call",
    "mobile",
    "cell",
    "fax",
    "ring",
    "contact",
    "whatsapp",
    "desk",
    "office",
    "answering",
    "reach",
    "dial",
    "sms",
    "telefon",
    "handy",
    "rufnummer",
    "téléphone",
    "tél",
    "portable",
    "teléfono",
    "móvil",
    "telefono",
    "cellulare",
    "bel ",
    "mobiel",
    "telefoon",
    "nummer",
    "number",
    "numéro",
    "número",
    "numero",
    // "call" in the other languages: appelez, chiama, llame, anrufen, bellen.
    "appel",
    "chiam",
    "llam",
    "anruf",
    "bellen",
    // One-time passwords go to a phone.
    "otp",
];
/// Words right before a phone number.
static CUE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:phone|tel|telephone|mobile|cell|fax|desk|office|call me (?:on|at)|call|answering at|reach me at|telefon|handy|tél|téléphone|portable|teléfono|móvil|telefono|cellulare|mobiel|telefoon)(?-u:\b)\.?:?")
        .expect("phone cue")
});

/// Words right before a number that make it an identifier, not a phone number.
const NOT_PHONE: &[&str] = &[
    "order",
    "invoice",
    "ref",
    "reference",
    "isbn",
    "issn",
    "id",
    "#",
    "no",
    "nr",
    "sku",
    "account",
    "serial",
    "ticket",
    "tracking",
    "version",
    "bestellung",
    "bestellnummer",
    "rechnung",
    "commande",
    "facture",
    "pedido",
    "factura",
    "ordine",
    "fattura",
    "case",
    "item",
    "part",
    "batch",
    "lot",
    "po",
    "receipt",
    "transaction",
    "customer",
    "article",
    "artikel",
    "artikelnummer",
    "kundennummer",
    "articolo",
    "artículo",
    "référence",
    "riferimento",
    "referencia",
];

/// Whether the word just before `start` (or the one before that, for `order no.`) names
/// an identifier.
fn identifier_before(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t', ':', '#', '.']);
    let glued_hash = text[..start].trim_end().ends_with('#');
    let mut words = before.rsplit(char::is_whitespace).filter(|w| !w.is_empty());
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let w1 = words.next().map(clean).unwrap_or_default();
    let w2 = words.next().map(clean).unwrap_or_default();
    glued_hash
        || NOT_PHONE.contains(&w1.as_str())
        || (matches!(w1.as_str(), "no" | "nr" | "number") && NOT_PHONE.contains(&w2.as_str()))
}

/// National significant number lengths by country calling code (common countries).
fn national_lengths(cc: &str) -> Option<(usize, usize)> {
    Some(match cc {
        "1" => (10, 10),
        "7" => (10, 10),
        "20" => (8, 10),
        "27" => (9, 9),
        "30" => (10, 10),
        "31" => (9, 9),
        "32" => (8, 9),
        "33" => (9, 9),
        "34" => (9, 9),
        "36" => (8, 9),
        "39" => (6, 11),
        "40" => (9, 9),
        "41" => (9, 9),
        "43" => (4, 13),
        "44" => (9, 10),
        "45" => (8, 8),
        "46" => (7, 13),
        "47" => (8, 8),
        "48" => (9, 9),
        "49" => (6, 13),
        "52" => (10, 10),
        "55" => (10, 11),
        "61" => (9, 9),
        "62" => (8, 12),
        "63" => (10, 10),
        "64" => (8, 10),
        "65" => (8, 8),
        "66" => (8, 9),
        "81" => (9, 10),
        "82" => (9, 10),
        "84" => (9, 10),
        "86" => (11, 11),
        "90" => (10, 10),
        "91" => (10, 10),
        "234" => (8, 10),
        "254" => (9, 9),
        "351" => (9, 9),
        "353" => (7, 9),
        "358" => (5, 12),
        "380" => (9, 9),
        "420" => (9, 9),
        "421" => (9, 9),
        "852" => (8, 8),
        "971" => (8, 9),
        "972" => (8, 9),
        _ => return None,
    })
}

/// Numbers of any national format right after a phone context word (`Phone: 467 3395`,
/// `mobile: 99 577450`): 7 to 15 digits in groups.
static CUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?[0-9]{1,5}\)?(?:[ .\-]?\(?[0-9]{1,5}\)?){1,6}(?:(?:x|ext\.? ?)[0-9]{1,5})?")
        .expect("cued phone")
});

/// The length of an extension (`x4587`, `ext. 12`) at the start of `rest`.
fn extension(rest: &str) -> usize {
    static EXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:x|ext\.? ?)[0-9]{1,5}(?-u:\b)").expect("extension"));
    EXT.find(rest).map_or(0, |m| m.end())
}

/// The score and rule of an international number, if `s` is one.
fn international(s: &str) -> Option<(f64, &'static str)> {
    // "+44 (0)20 ...": the trunk prefix in brackets is not dialled from abroad.
    let cleaned = s.replace("(0)", "");
    if cleaned.matches('(').count() != cleaned.matches(')').count() {
        return None;
    }
    let d = digits(&cleaned);
    let d = &d[if s.starts_with("00") { 2 } else { 0 }..];
    if !(8..=15).contains(&d.len()) {
        return None;
    }
    let code: String = (1..=3)
        .map(|n| {
            d[..n]
                .iter()
                .map(|x| char::from(b'0' + x))
                .collect::<String>()
        })
        .find(|cc| national_lengths(cc).is_some())
        .unwrap_or_default();
    match national_lengths(&code) {
        Some((lo, hi)) if (lo..=hi).contains(&(d.len() - code.len())) => {
            Some((0.95, "phone:e164+country"))
        }
        Some(_) => None,
        None => Some((0.75, "phone:e164")),
    }
}

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    let digit_run = longest_digit_run(text);
    if digit_run == 0 {
        return;
    }
    // Written numbers hold seven digits or more (international eight, national nine,
    // NANP ten) in one run; only a number after a cue word may be shorter before its
    // extension.
    if digit_run >= 7 {
        numbers(text, digit_run, out);
    }
    cued(text, out);
}

/// The fewest digits in one run (see [`longest_digit_run`]) of a number each rule
/// accepts: international numbers are checked against their country's lengths, NANP
/// numbers hold ten digits, national and mobile ones are accepted with nine or more.
pub(crate) fn least_digits(rule: &str) -> usize {
    match rule {
        "phone:nanp" => 10,
        "phone:national" | "phone:mobile" => 9,
        _ => 7,
    }
}

/// International, NANP, national and mobile numbers, each kind searched for only when
/// `text` holds a run of digits as long as its numbers (`digit_run`, the longest): prose
/// with a date range (`2019-2024`) is not searched for national numbers.
pub(crate) fn numbers(text: &str, digit_run: usize, out: &mut Vec<Found>) {
    scan(&INTL, text, |m| {
        // The longest prefix ending at a group end that is a valid number (the pattern
        // may run on into a following number).
        let s = m.as_str();
        let mut ends: Vec<usize> = s
            .char_indices()
            .filter(|(i, c)| {
                c.is_ascii_digit() && !s[i + 1..].starts_with(|x: char| x.is_ascii_digit())
            })
            .map(|(i, _)| i + 1)
            .collect();
        ends.reverse();
        for end in ends {
            if let Some((score, rule)) = international(&s[..end]) {
                let mut span = m.start()..m.start() + end;
                span.end += extension(&text[span.end..]);
                if text[span.end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                out.push(Found {
                    kind: "PHONE",
                    span,
                    score,
                    rule,
                });
                return true;
            }
        }
        false
    });
    let mut national = |re: &Regex, min: usize, max: usize, base: f64, rule: &'static str| {
        if digit_run < least_digits(rule) {
            return;
        }
        scan(re, text, |m| {
            let span = m.range();
            if !standalone(text, &span, &['-', '/', '.', '+', '_']) {
                return false;
            }
            let d = digits(m.as_str());
            if !(min..=max).contains(&d.len())
                || identifier_before(text, span.start)
                || continues_number(text, span.start)
            {
                return false;
            }
            let separated = m.as_str().bytes().any(|b| !b.is_ascii_digit());
            let context = has_before(text, span.start, 48, CONTEXT);
            let score = match (context, separated) {
                (true, _) => 0.9,
                (false, true) => base,
                (false, false) => base - 0.3,
            };
            out.push(Found {
                kind: "PHONE",
                span,
                score,
                rule,
            });
            true
        });
    };
    national(&NANP, 10, 16, 0.8, "phone:nanp");
    national(&NATIONAL, 9, 12, 0.7, "phone:national");
    national(&MOBILE, 9, 10, 0.55, "phone:mobile");
}

/// Any grouped number right after a context word ("Phone:", "call me on", "Fax").
fn cued(text: &str, out: &mut Vec<Found>) {
    for cue in CUE_WORDS.find_iter(text) {
        if labels_before(cue.as_str()) {
            if let Some(span) = number_before(text, cue.start()) {
                out.push(Found {
                    kind: "PHONE",
                    span,
                    score: 0.8,
                    rule: "phone:label-after",
                });
            }
        }
        let rest_start = cue.end();
        let mut end = (rest_start + 40).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[rest_start..end];
        let Some(m) = CUED.find(window) else { continue };
        // The number follows the cue closely (punctuation and a few words allowed).
        if m.start() > 16 || window[..m.start()].chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let span = rest_start + m.start()..rest_start + m.end();
        let d = digits(m.as_str());
        // As sure as a national format after a cue, so that the whole cued number wins
        // over a shorter national one inside it ("Phone: 21 284 698 2548").
        if (7..=15).contains(&d.len()) && standalone(text, &span, &['-', '/', '.']) {
            out.push(Found {
                kind: "PHONE",
                span,
                score: 0.9,
                rule: "phone:cue",
            });
        }
    }
}

/// Whether a cue word also labels the number written before it (`781 1704 office`,
/// `082 490 1693-Office`, `555 0199 (fax)`).
fn labels_before(cue: &str) -> bool {
    let w = cue.trim_end_matches(['.', ':']).to_ascii_lowercase();
    matches!(
        w.as_str(),
        "office" | "fax" | "mobile" | "cell" | "phone" | "tel"
    )
}

/// A grouped number of 7 to 15 digits ending right before the label separator at `at`,
/// standing alone on its left and not named an identifier.
fn number_before(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let head = text[..at].trim_end_matches(' ');
    let head = head
        .strip_suffix(['-', '('])
        .unwrap_or(head)
        .trim_end_matches(' ');
    let end = head.len();
    if !head.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let start = end
        - head
            .bytes()
            .rev()
            .take(24)
            .take_while(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b'-' | b'(' | b')'))
            .count();
    // The run may start with separators ("Box 12, 781 1704"): begin at its first digit
    // or bracket.
    let start = start + text[start..end].find(|c: char| c.is_ascii_digit() || c == '(')?;
    let span = start..end;
    let d = digits(&text[span.clone()]);
    let mut left = text[..span.start].chars().rev();
    let (p1, p2) = (left.next(), left.next());
    let glued = p1.is_some_and(char::is_alphanumeric)
        || p1.is_some_and(|c| matches!(c, '-' | '/' | '.' | '+' | '_'))
            && p2.is_some_and(char::is_alphanumeric);
    let ok = (7..=15).contains(&d.len()) && !glued && !identifier_before(text, span.start);
    ok.then_some(span)
}

/// Whether a number starting at `start` continues a digit group just before it
/// (`5423 0972 7145 1403`: a number inside a longer one).
fn continues_number(text: &str, start: usize) -> bool {
    let mut before = text[..start].bytes().rev();
    matches!(before.next(), Some(b' ' | b'-')) && before.next().is_some_and(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phone numbers `find` reports at score 0.5 or more (the default threshold).
    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(text, &mut out);
        let mut v: Vec<&str> = out
            .iter()
            .filter(|f| f.score >= 0.5)
            .map(|f| &text[f.span.clone()])
            .collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v
    }

    #[test]
    fn call_verbs_of_other_languages_are_context() {
        assert_eq!(
            found("Pour toute question, appelez le 0444433689."),
            ["0444433689"]
        );
        assert_eq!(
            found("Per informazioni chiama il 0639549978."),
            ["0639549978"]
        );
        assert_eq!(
            found("Si tienes dudas llama al 95 701 42 71."),
            ["95 701 42 71"]
        );
        assert_eq!(found("OTP not delivered to 8981616634."), ["8981616634"]);
    }

    #[test]
    fn a_label_after_the_number_is_context() {
        assert_eq!(found("APO AA 61487\n416 60 039 office\n"), ["416 60 039"]);
        assert_eq!(found("South Africa 89082\n3660170548-Fax"), ["3660170548"]);
        assert_eq!(
            found("Hungary 34796\n(37) 788-063-Office"),
            ["(37) 788-063"]
        );
        assert!(found("Order 1234567 office supplies").is_empty());
    }

    #[test]
    fn the_whole_cued_number_wins() {
        let text = "Phone:\n21 284 698 2548\n";
        let got = crate::pii::find_pii(text, &crate::pii::PiiOptions::default()).unwrap();
        let got: Vec<&str> = got.iter().map(|m| &text[m.span.clone()]).collect();
        assert_eq!(got, ["21 284 698 2548"]);
    }

    #[test]
    fn identifiers_and_numbers_inside_longer_ones_are_not_phones() {
        assert!(found("Artikelnummer 0764-7930-871: neuer Preis").is_empty());
        assert!(found("Numero di tracking 5423 0972 7145 1403, pacco consegnato").is_empty());
    }
}
