//! Parsing option structs from JSON objects, with errors that name the offending option.
//! The Python binding passes keyword arguments through this and config files use the same
//! structs, so every front end accepts the same names and reports mistakes the same way.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// `Debug` for an options struct holding a secret (a password, an HMAC key): its fields
/// as JSON, with the secret field shown as `"<redacted>"`, so logging the options never
/// writes the secret.
pub(crate) fn debug_redacted<T: serde::Serialize>(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    options: &T,
    secret: &str,
) -> std::fmt::Result {
    let mut value = serde_json::to_value(options).map_err(|_| std::fmt::Error)?;
    if let Some(v) = value.get_mut(secret).filter(|v| !v.is_null()) {
        *v = serde_json::Value::from("<redacted>");
    }
    write!(f, "{name} {value}")
}

/// An options struct of a stage (`NormalizeOptions`, `ChunkOptions`, ...).
pub trait StageOptions: DeserializeOwned + Default {
    /// The option names, in declaration order.
    const FIELDS: &'static [&'static str];
    /// The stage, for error messages (`normalize`, `chunk`).
    const STAGE: &'static str;

    /// Builds options from a JSON object of option names (snake_case) to values; missing
    /// keys keep their defaults. Unknown keys and wrong types are an
    /// [`Error::InvalidOption`] naming the key.
    fn from_json(value: serde_json::Value) -> Result<Self> {
        let map = match value {
            serde_json::Value::Object(m) if m.is_empty() => return Ok(Self::default()),
            serde_json::Value::Object(m) => m,
            serde_json::Value::Null => return Ok(Self::default()),
            _ => {
                return Err(Error::invalid_option(
                    "options",
                    "expected an object of option names to values",
                ))
            }
        };
        for (key, val) in &map {
            if !Self::FIELDS.contains(&key.as_str()) {
                return Err(Error::invalid_option(
                    key.clone(),
                    format!(
                        "unknown {} option; known: {}",
                        Self::STAGE,
                        Self::FIELDS.join(", ")
                    ),
                ));
            }
            // Check each value alone so the error names the offending option.
            let mut single = serde_json::Map::new();
            single.insert(key.clone(), val.clone());
            if let Err(e) = serde_json::from_value::<Self>(serde_json::Value::Object(single)) {
                let msg = e.to_string();
                let detail = msg.split(" at line").next().unwrap_or(&msg).to_string();
                return Err(Error::invalid_option(key.clone(), detail));
            }
        }
        serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| Error::invalid_option("options", e.to_string()))
    }
}

#[cfg(test)]
mod redaction_tests {
    use crate::{ExtractOptions, PiiOptions};

    #[test]
    fn debug_never_shows_a_password_or_secret() {
        let e = ExtractOptions {
            password: Some("hunter2-secret".into()),
            ..ExtractOptions::default()
        };
        let p = PiiOptions {
            secret: Some("hmac-key-secret".into()),
            ..PiiOptions::default()
        };
        let (e, p) = (format!("{e:?}"), format!("{p:#?}"));
        assert!(!e.contains("hunter2") && e.contains("<redacted>") && e.contains("max_bytes"));
        assert!(!p.contains("hmac-key") && p.contains("<redacted>") && p.contains("keep_last"));
        assert!(!format!("{:?}", ExtractOptions::default()).contains("<redacted>"));
    }
}
