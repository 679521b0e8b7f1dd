//! CREDIT_CARD: 12 to 19 digits, in groups separated by one kind of space or dash (or
//! none), passing Luhn's check and starting with an issuer's range (Visa, Mastercard incl.
//! 2-series, American Express, Discover, JCB, Diners, UnionPay, Maestro).

use std::sync::LazyLock;

use regex::Regex;

use super::context::{digits, has_before, scan, standalone};
use super::validate::luhn;
use super::Found;

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9](?:[ \-]?[0-9]){11,18}(?-u:\b)").expect("card pattern")
});

/// Whether the number's prefix and length belong to a card issuer.
pub(crate) fn issuer(d: &[u8]) -> Option<&'static str> {
    let n = d.len();
    let p = |k: usize| {
        d[..k.min(n)]
            .iter()
            .fold(0u32, |a, &x| a * 10 + u32::from(x))
    };
    let (p1, p2, p3, p4, p6) = (p(1), p(2), p(3), p(4), p(6));
    Some(match () {
        _ if p1 == 4 && matches!(n, 13 | 16 | 19) => "visa",
        _ if (51..=55).contains(&p2) && n == 16 => "mastercard",
        _ if (2221..=2720).contains(&p4) && n == 16 => "mastercard",
        _ if matches!(p2, 34 | 37) && n == 15 => "amex",
        _ if (p4 == 6011
            || p2 == 65
            || (644..=649).contains(&p3)
            || (622126..=622925).contains(&p6))
            && (16..=19).contains(&n) =>
        {
            "discover"
        }
        _ if (3528..=3589).contains(&p4) && (16..=19).contains(&n) => "jcb",
        _ if ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39))
            && (14..=19).contains(&n) =>
        {
            "diners"
        }
        _ if p2 == 62 && (16..=19).contains(&n) => "unionpay",
        _ if (p2 == 50 || (56..=69).contains(&p2)) && (12..=19).contains(&n) => "maestro",
        _ => return None,
    })
}

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    scan(&RE, text, |m| {
        // The candidate, or a shorter one ending at one of its group ends (a card number
        // followed by another number).
        let s = m.as_str();
        let mut ends: Vec<usize> = s
            .char_indices()
            .filter(|(_, c)| !c.is_ascii_digit())
            .map(|(i, _)| i)
            .collect();
        ends.push(s.len());
        for &end in ends.iter().rev() {
            let span = m.start()..m.start() + end;
            if valid(text, &span) {
                out.push(Found {
                    kind: "CREDIT_CARD",
                    span,
                    score: 1.0,
                    rule: "card:luhn+issuer",
                });
                return true;
            }
        }
        false
    });
}

/// Whether `span` holds a card number: standalone, one kind of separator in groups of at
/// least three digits, 12-19 digits passing Luhn, an issuer's prefix and length.
fn valid(text: &str, span: &std::ops::Range<usize>) -> bool {
    let s = &text[span.clone()];
    if !standalone(text, span, &['-', '.', ',', '/']) {
        return false;
    }
    let has_space = s.contains(' ');
    let has_dash = s.contains('-');
    if has_space && has_dash {
        return false;
    }
    if (has_space || has_dash) && s.split([' ', '-']).any(|g| g.len() < 3) {
        return false;
    }
    let d = digits(s);
    // A number no issuer range covers still counts right after words about cards.
    let context = || {
        has_before(
            text,
            span.start,
            32,
            &[
                "card",
                "cc ",
                "cc#",
                "credit",
                "debit",
                "visa",
                "amex",
                "mastercard",
                "karte",
                "carte",
                "tarjeta",
                "carta",
            ],
        )
    };
    (12..=19).contains(&d.len())
        && luhn(&d)
        && !d.iter().all(|&x| x == d[0])
        && (issuer(&d).is_some() || context())
}
