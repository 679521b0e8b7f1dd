//! Columns of delimited text (CSV, TSV, `;`- or `|`-separated, Markdown tables) whose
//! header names a kind: the values under `dob`, `phone`, `name` or `address` are PII of
//! that kind even though nothing in their row says so. Each value must still look like its
//! kind (a calendar date, a grouped number of 7 to 15 digits, capitalised words, a number
//! and a word).

use std::ops::Range;

use super::{dob, Found};

/// The kind a column header names, from its normalised form (lower case, `_` between
/// words).
fn header_kind(h: &str) -> Option<&'static str> {
    Some(match h {
        "dob"
        | "d_o_b"
        | "date_of_birth"
        | "birth_date"
        | "birthdate"
        | "birthday"
        | "geburtsdatum"
        | "geboren"
        | "date_de_naissance"
        | "fecha_de_nacimiento"
        | "fecha_nacimiento"
        | "data_di_nascita"
        | "data_nascita"
        | "geboortedatum" => "DATE_OF_BIRTH",
        "phone" | "phone_number" | "phone_no" | "telephone" | "tel" | "mobile" | "mobile_phone"
        | "cell" | "cell_phone" | "fax" | "telefon" | "telefonnummer" | "handy" | "telefono"
        | "teléfono" | "téléphone" | "telephone_number" | "mobiel" | "telefoon" | "cellulare" => {
            "PHONE"
        }
        "email" | "e_mail" | "mail" | "email_address" | "courriel" => "EMAIL",
        "full_name" | "fullname" | "first_name" | "firstname" | "last_name" | "lastname"
        | "surname" | "given_name" | "family_name" | "customer_name" | "client_name"
        | "patient_name" | "employee_name" | "contact_name" | "vorname" | "nachname" | "prénom"
        | "prenom" | "apellido" | "apellidos" | "cognome" | "voornaam" | "achternaam" => "PERSON",
        // A bare "name" may name a product: a person's only beside another personal column.
        "name" | "contact" | "nom" | "nombre" | "nome" | "naam" => NAME,
        "address" | "street" | "street_address" | "home_address" | "postal_address" | "adresse"
        | "anschrift" | "strasse" | "straße" | "dirección" | "direccion" | "indirizzo"
        | "adres" => "STREET_ADDRESS",
        _ => return None,
    })
}

/// A generic name column, see [`header`].
const NAME: &str = "NAME";

/// The delimiters tried, most specific first.
const DELIMITERS: [u8; 4] = [b'\t', b'|', b';', b','];

/// The fields of `line` (starting at byte `at` of the text) split at `delim` outside
/// double quotes, each trimmed of blanks and its quotes; a Markdown row's outer pipes
/// make no field.
fn fields(line: &str, at: usize, delim: u8) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            quoted = !quoted;
        } else if c == delim && !quoted {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..b.len());
    if delim == b'|' {
        if out
            .first()
            .is_some_and(|r| line[r.clone()].trim().is_empty())
        {
            out.remove(0);
        }
        if out
            .last()
            .is_some_and(|r| line[r.clone()].trim().is_empty())
        {
            out.pop();
        }
    }
    out.into_iter()
        .map(|r| {
            let s = &line[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let t = s.trim();
            let (q, t) = match t.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                Some(inner) => (1, inner),
                None => (0, t),
            };
            let from = at + r.start + lead + q;
            from..from + t.len()
        })
        .collect()
}

/// The kind of each column when `line` is a header: two fields or more, all short names
/// (letters, digits, blanks, `_`, `-`, `.`), at least one naming a personal kind. EMAIL
/// columns only mark the table as one about people (the e-mail recognizer finds their
/// values).
fn header(line: &str, delim: u8) -> Option<Vec<Option<&'static str>>> {
    let cols = fields(line, 0, delim);
    let is_name = |name: &str| {
        !name.is_empty()
            && name.len() <= 40
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
    };
    if cols.len() < 2 || !cols.iter().all(|r| is_name(&line[r.clone()])) {
        return None;
    }
    let mut kinds = Vec::with_capacity(cols.len());
    for r in cols {
        let name = &line[r];
        let norm: String = name
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        kinds.push(header_kind(&norm));
    }
    let personal = kinds.iter().any(|k| k.is_some_and(|k| k != NAME));
    for k in &mut kinds {
        if *k == Some(NAME) {
            *k = personal.then_some("PERSON");
        }
    }
    personal.then_some(kinds)
}

/// Whether `v` looks like a value of `kind`.
fn plausible(kind: &str, v: &str) -> bool {
    match kind {
        "DATE_OF_BIRTH" => v.bytes().any(|b| b.is_ascii_digit()) && dob::plausible(v),
        "PHONE" => {
            let digits = v.bytes().filter(u8::is_ascii_digit).count();
            (7..=15).contains(&digits)
                && v.chars().all(|c| {
                    c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '+')
                })
        }
        "PERSON" => {
            let words: Vec<&str> = v.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
                })
        }
        "EMAIL" => false,
        "STREET_ADDRESS" => {
            v.len() >= 6
                && v.bytes().any(|b| b.is_ascii_digit())
                && v.chars().filter(|c| c.is_alphabetic()).count() >= 3
        }
        _ => false,
    }
}

/// Values under headers that name a kind, for the kinds `wants` accepts.
pub(crate) fn find(text: &str, wants: impl Fn(&str) -> bool, out: &mut Vec<Found>) {
    let b = text.as_bytes();
    // A header needs a delimiter; prose without any has no table.
    if memchr::memchr3(b',', b'\t', b'|', b).is_none() && memchr::memchr(b';', b).is_none() {
        return;
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', b).chain(std::iter::once(b.len())) {
        let line = text[start..end].trim_end_matches('\r');
        lines.push((start, line));
        start = end + 1;
        if start > b.len() {
            break;
        }
    }
    let mut i = 0;
    while i < lines.len() {
        let (_, line) = lines[i];
        i += 1;
        if line.len() > 1024 {
            continue;
        }
        // A header's names are short: prose, with a comma every few dozen words, is not
        // split any further.
        let short_fields = |&&d: &&u8| {
            let n = memchr::memchr_iter(d, line.as_bytes()).count();
            n > 0 && line.len() <= 41 * (n + 1)
        };
        let Some((delim, kinds)) = DELIMITERS
            .iter()
            .filter(short_fields)
            .find_map(|&d| header(line, d).map(|k| (d, k)))
        else {
            continue;
        };
        // The rows under the header: as many fields, until a blank line.
        while i < lines.len() {
            let (at, row) = lines[i];
            if row.trim().is_empty() {
                break;
            }
            let cells = fields(row, at, delim);
            let rule_row = delim == b'|'
                && cells.iter().all(|r| {
                    text[r.clone()]
                        .chars()
                        .all(|c| matches!(c, '-' | ':' | ' '))
                });
            if cells.len() != kinds.len() {
                break;
            }
            i += 1;
            if rule_row {
                continue; // a Markdown table's |---|---| line
            }
            for (cell, kind) in cells.into_iter().zip(&kinds) {
                let Some(kind) = *kind else { continue };
                if wants(kind) && !cell.is_empty() && plausible(kind, &text[cell.clone()]) {
                    out.push(Found {
                        kind,
                        span: cell,
                        score: 0.85,
                        rule: "table:column",
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        find(text, |_| true, &mut out);
        out.iter()
            .map(|f| (f.kind, &text[f.span.clone()]))
            .collect()
    }

    #[test]
    fn csv_columns_named_by_their_header() {
        let t = "employee_id,name,email,phone,dob\n\
                 497,Joséphine Leroy,gmarie@example.org,+33604103752,1961-10-22\n\
                 356,\"Pushti Ramaswamy\",tgolla@example.net,08477119696,1956-10-27\n";
        assert_eq!(
            found(t),
            [
                ("PERSON", "Joséphine Leroy"),
                ("PHONE", "+33604103752"),
                ("DATE_OF_BIRTH", "1961-10-22"),
                ("PERSON", "Pushti Ramaswamy"),
                ("PHONE", "08477119696"),
                ("DATE_OF_BIRTH", "1956-10-27"),
            ]
        );
    }

    #[test]
    fn markdown_and_tab_tables() {
        let md = "| Name | Date of birth |\n|---|---|\n| Ada Lovelace | 10 December 1815 |\n";
        assert_eq!(found(md), [("PERSON", "Ada Lovelace")]); // 1815: no living person
        let tsv = "Street address\tPhone\n12 Baker Street\t020 7946 0958\n";
        assert_eq!(
            found(tsv),
            [
                ("STREET_ADDRESS", "12 Baker Street"),
                ("PHONE", "020 7946 0958")
            ]
        );
    }

    #[test]
    fn values_that_do_not_fit_and_prose_are_left_alone() {
        // A product table: "name" is no person's, and a bad value is skipped.
        let t = "sku,name,price\nA-1,Red Lamp,12.50\n";
        assert!(found(t).is_empty());
        let t = "name,phone,email\nblue widget,n/a,x@example.org\nAda Lovelace,12,\n";
        assert_eq!(found(t), [("PERSON", "Ada Lovelace")]);
        assert!(
            found("Name, rank and phone, please. Dob, the cat, sat.\nJohn, 1990-01-01\n")
                .is_empty()
        );
        // A row with another field count ends the table.
        assert!(found("name,phone\nsome prose, with a comma, or two\n").is_empty());
    }
}
