//! Parsing option structs from JSON objects, with errors that name the offending option.
//! The Python binding passes keyword arguments through this and config files use the same
//! structs, so every front end accepts the same names and reports mistakes the same way.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

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
