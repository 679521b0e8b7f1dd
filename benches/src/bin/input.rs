//! Writes a bench input to stdout so `benches/compare/` scripts time peers on the same text:
//! `cf-bench-input ascii_clean|utf8_clean|mojibake BYTES`.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "ascii_clean".into());
    let bytes: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1 << 20);
    let text = match kind.as_str() {
        "ascii_clean" => corpusforge_benches::ascii_prose(bytes),
        "utf8_clean" => corpusforge_benches::utf8_prose(bytes),
        "mojibake" => corpusforge_benches::mojibake_prose(bytes),
        other => {
            eprintln!(
                "cf-bench-input: unknown input {other:?} (ascii_clean, utf8_clean, mojibake)"
            );
            std::process::exit(2);
        }
    };
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}
