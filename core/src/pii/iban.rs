//! IBAN: country code, two check digits and the country's BBAN length (written in groups
//! of four or not, in upper case or all in lower case), passing ISO 7064 mod 97-10.

use std::sync::LazyLock;

use regex::Regex;

use super::context::standalone;
use super::validate::iban_mod97;
use super::Found;

static RE: LazyLock<Regex> = LazyLock::new(|| {
    // Upper case as printed, or all lower case as typed in a chat ("my iban is gb42...").
    Regex::new(r"(?-u:\b)(?:[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}|[a-z]{2}[0-9]{2}(?: ?[a-z0-9]){11,30})(?-u:\b)")
        .expect("iban pattern")
});

/// Total IBAN length per country (SWIFT registry).
pub(crate) fn length(country: &str) -> Option<usize> {
    Some(match country {
        "AD" => 24,
        "AE" => 23,
        "AL" => 28,
        "AT" => 20,
        "AZ" => 28,
        "BA" => 20,
        "BE" => 16,
        "BG" => 22,
        "BH" => 22,
        "BR" => 29,
        "BY" => 28,
        "CH" => 21,
        "CR" => 22,
        "CY" => 28,
        "CZ" => 24,
        "DE" => 22,
        "DK" => 18,
        "DO" => 28,
        "EE" => 20,
        "EG" => 29,
        "ES" => 24,
        "FI" => 18,
        "FO" => 18,
        "FR" => 27,
        "GB" => 22,
        "GE" => 22,
        "GI" => 23,
        "GL" => 18,
        "GR" => 27,
        "GT" => 28,
        "HR" => 21,
        "HU" => 28,
        "IE" => 22,
        "IL" => 23,
        "IQ" => 23,
        "IS" => 26,
        "IT" => 27,
        "JO" => 30,
        "KW" => 30,
        "KZ" => 20,
        "LB" => 28,
        "LC" => 32,
        "LI" => 21,
        "LT" => 20,
        "LU" => 20,
        "LV" => 21,
        "MC" => 27,
        "MD" => 24,
        "ME" => 22,
        "MK" => 19,
        "MR" => 27,
        "MT" => 31,
        "MU" => 30,
        "NL" => 18,
        "NO" => 15,
        "PK" => 24,
        "PL" => 28,
        "PS" => 29,
        "PT" => 25,
        "QA" => 29,
        "RO" => 24,
        "RS" => 22,
        "SA" => 24,
        "SC" => 31,
        "SE" => 24,
        "SI" => 19,
        "SK" => 24,
        "SM" => 27,
        "ST" => 25,
        "SV" => 28,
        "TL" => 23,
        "TN" => 24,
        "TR" => 26,
        "UA" => 29,
        "VA" => 22,
        "VG" => 24,
        "XK" => 20,
        _ => return None,
    })
}

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    let mut pos = 0;
    while let Some(m) = RE.find_at(text, pos) {
        // Resume after the IBAN found (the pattern may have run on into the next one), or
        // one byte on (all ASCII here) when there is none.
        pos = match at(text, m) {
            Some(end) => {
                out.push(Found {
                    kind: "IBAN",
                    span: m.start()..end,
                    score: 1.0,
                    rule: "iban:length+mod97",
                });
                end
            }
            None => m.start() + 1,
        };
    }

    /// The IBAN at the start of `m`, cut to its country's length: its end when valid.
    fn at(text: &str, m: regex::Match) -> Option<usize> {
        let raw = m.as_str();
        let len = length(&raw[..2].to_ascii_uppercase())?;
        let mut end = None;
        let mut seen = 0;
        for (i, c) in raw.char_indices() {
            if c != ' ' {
                seen += 1;
            }
            if seen == len {
                end = Some(m.start() + i + 1);
                break;
            }
        }
        let end = end?;
        let span = m.start()..end;
        if !standalone(text, &span, &[]) {
            return None;
        }
        let iban: String = text[span.clone()]
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        iban_mod97(&iban).then_some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::pii::spans_found(find, text)
    }

    #[test]
    fn printed_grouped_and_lower_case_ibans() {
        assert_eq!(
            found("IBAN GB82 WEST 1234 5698 7654 32."),
            ["GB82 WEST 1234 5698 7654 32"]
        );
        assert_eq!(
            found("my iban is gb82west12345698765432"),
            ["gb82west12345698765432"]
        );
        // One digit off fails mod 97; mixed case is not an IBAN as written.
        assert!(found("my iban is gb82west12345698765433").is_empty());
        assert!(found("Gb82West12345698765432").is_empty());
    }
}
