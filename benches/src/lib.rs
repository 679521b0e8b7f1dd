//! Inputs shared by the criterion benches and `benches/compare/` scripts, so every
//! number is measured on the same text.

/// English prose, clean ASCII: what most of a corpus looks like.
pub fn ascii_prose(bytes: usize) -> String {
    let para = "The committee reviewed the proposal in detail and agreed to publish the \
        results next month. Several members asked for more data on costs, schedules and risks; \
        the chair promised a revised draft by Friday. Version 2.3 of the report adds tables \
        for 2019-2024 and corrects two errors in section 4.\n\n";
    repeat(para, bytes)
}

/// Clean multilingual UTF-8 prose (accents, Cyrillic, Greek, CJK, emoji): must pass
/// through untouched.
pub fn utf8_prose(bytes: usize) -> String {
    let para = "Le café de la gare sert une crème brûlée réputée. Über die Brücke gehen \
        täglich Tausende. Москва — столица России. Η Αθήνα είναι η πρωτεύουσα. 東京は日本の首都です。 \
        “Quoted” text — with dashes… and emoji 👍.\n\n";
    repeat(para, bytes)
}

/// Prose where every paragraph went through a Windows-1252 round trip (mojibake).
pub fn mojibake_prose(bytes: usize) -> String {
    let clean = utf8_prose(bytes.min(4096));
    let broken: String = clean
        .split("\n\n")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(p.as_bytes());
            s.into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    repeat(&(broken + "\n\n"), bytes)
}

/// Prose where every paragraph holds PII: names, e-mails, phones, a card, an IBAN, an IP.
pub fn pii_prose(bytes: usize) -> String {
    let para = "Dear Ms. Laura Bennett, thank you for your order. We will call you at \
        +44 20 7946 0958 or write to laura.bennett@example.co.uk once the parcel ships. \
        The payment with card 4111 1111 1111 1111 was accepted; refunds go to IBAN \
        GB82 WEST 1234 5698 7654 32. Your session came from 203.0.113.42 on 12 March 2024.\n\n";
    repeat(para, bytes)
}

fn repeat(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}
