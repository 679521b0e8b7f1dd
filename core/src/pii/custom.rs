//! Custom recognizers: a named regex with an optional check-digit validator and context
//! words, from any front end or the config file.

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::context::{digits, has_before};
use super::validate::{iban_mod97, luhn, verhoeff};
use super::PiiMatch;
use crate::error::{Error, Result};

/// A recognizer of your own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRecognizer {
    /// Its name, reported as the match's rule (`custom:<name>`).
    pub name: String,
    /// The kind it reports, UPPER_SNAKE (e.g. `EMPLOYEE_ID`).
    pub kind: String,
    /// The pattern (Rust `regex` syntax).
    pub pattern: String,
    /// A check the match must pass: `luhn`, `mod97` (IBAN) or `verhoeff`.
    #[serde(default)]
    pub validator: Option<String>,
    /// Words of which one must occur shortly before the match (case-insensitive); none to
    /// always report.
    #[serde(default)]
    pub context: Vec<String>,
    /// The score of its matches. Default 0.8.
    #[serde(default = "default_score")]
    pub score: f64,
}

fn default_score() -> f64 {
    0.8
}

impl CustomRecognizer {
    pub(crate) fn find(&self, text: &str, out: &mut Vec<PiiMatch>) -> Result<()> {
        let re = Regex::new(&self.pattern).map_err(|e| {
            Error::invalid_option("custom", format!("recognizer {:?}: {e}", self.name))
        })?;
        let words: Vec<String> = self.context.iter().map(|w| w.to_lowercase()).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        for m in re.find_iter(text) {
            let ok = match self.validator.as_deref() {
                None => true,
                Some("luhn") => luhn(&digits(m.as_str())),
                Some("verhoeff") => verhoeff(&digits(m.as_str())),
                Some("mod97") => iban_mod97(&m.as_str().replace(' ', "").to_ascii_uppercase()),
                Some(other) => {
                    return Err(Error::invalid_option(
                        "custom",
                        format!(
                            "recognizer {:?}: unknown validator {other:?} (luhn, mod97, verhoeff)",
                            self.name
                        ),
                    ))
                }
            };
            if !ok
                || (!words.is_empty() && !has_before(text, m.start(), 48, &words))
                || m.is_empty()
            {
                continue;
            }
            out.push(PiiMatch {
                kind: self.kind.clone(),
                span: m.range(),
                score: self.score,
                rule: format!("custom:{}", self.name),
            });
        }
        Ok(())
    }
}
