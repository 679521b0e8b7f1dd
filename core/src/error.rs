//! The one error type of corpusforge.
//!
//! Every fallible function returns [`Result<T>`]. Each variant is one cause, and the
//! bindings map the variant to the same kind in every language (see [`ErrorKind`]):
//! a Python exception class, a Node `code` string and a CLI exit status. Messages name
//! the file and the cause; they never contain the document's text, which may hold PII.

use std::fmt;

/// `Result` with corpusforge's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in corpusforge, one variant per cause.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is of a format corpusforge does not read (or does not read yet).
    #[error("{source_name}: unsupported format: {detail}")]
    UnsupportedFormat {
        /// Path or name of the input.
        source_name: String,
        /// What was detected, e.g. "legacy Word 97-2003 (OLE2)".
        detail: String,
    },
    /// The input claims a format but its bytes are broken (truncated, bad structure).
    #[error("{source_name}: corrupt document: {detail}")]
    CorruptDocument {
        /// Path or name of the input.
        source_name: String,
        /// What is broken, e.g. "truncated ZIP central directory".
        detail: String,
    },
    /// The input is encrypted and no (correct) password was given.
    #[error("{source_name}: encrypted document: {detail}")]
    Encrypted {
        /// Path or name of the input.
        source_name: String,
        /// e.g. "wrong or missing password".
        detail: String,
    },
    /// A configured limit was exceeded (size, ratio, depth, time budget, ...).
    #[error("{source_name}: limit exceeded: {limit} (limit {max}, got {actual})")]
    LimitExceeded {
        /// Path or name of the input.
        source_name: String,
        /// The option name of the limit, e.g. `max_bytes`.
        limit: String,
        /// The configured maximum.
        max: u64,
        /// The value that exceeded it (or the value reached when work stopped).
        actual: u64,
    },
    /// An option has an unknown name or a value out of range.
    #[error("invalid option `{option}`: {detail}")]
    InvalidOption {
        /// The option's name as the user wrote it.
        option: String,
        /// Why it is invalid, e.g. "expected one of nfc, nfkc, nfd, nfkd, none".
        detail: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The path that was being read or written.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The work was cancelled by the caller (Ctrl-C, KeyboardInterrupt, a cancel token).
    #[error("cancelled")]
    Cancelled,
    /// A bug in corpusforge: a caught panic or a broken internal invariant.
    #[error("internal error: {detail}")]
    Internal {
        /// What failed; never document text.
        detail: String,
    },
}

/// The kind of an [`Error`], stable across languages: Python class, Node code, CLI exit status.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// See [`Error::UnsupportedFormat`].
    UnsupportedFormat,
    /// See [`Error::CorruptDocument`].
    CorruptDocument,
    /// See [`Error::Encrypted`].
    Encrypted,
    /// See [`Error::LimitExceeded`].
    LimitExceeded,
    /// See [`Error::InvalidOption`].
    InvalidOption,
    /// See [`Error::Io`].
    Io,
    /// See [`Error::Cancelled`].
    Cancelled,
    /// See [`Error::Internal`].
    Internal,
}

impl ErrorKind {
    /// Every kind, in the order of ARCHITECTURE.md's table.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::UnsupportedFormat,
        ErrorKind::CorruptDocument,
        ErrorKind::Encrypted,
        ErrorKind::LimitExceeded,
        ErrorKind::InvalidOption,
        ErrorKind::Io,
        ErrorKind::Cancelled,
        ErrorKind::Internal,
    ];

    /// The Node `code` string, e.g. `UNSUPPORTED_FORMAT`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            ErrorKind::CorruptDocument => "CORRUPT_DOCUMENT",
            ErrorKind::Encrypted => "ENCRYPTED",
            ErrorKind::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorKind::InvalidOption => "INVALID_OPTION",
            ErrorKind::Io => "IO",
            ErrorKind::Cancelled => "CANCELLED",
            ErrorKind::Internal => "INTERNAL",
        }
    }

    /// The snake_case name used in JSON (`rejects.jsonl`, summaries): e.g. `unsupported_format`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnsupportedFormat => "unsupported_format",
            ErrorKind::CorruptDocument => "corrupt_document",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::InvalidOption => "invalid_option",
            ErrorKind::Io => "io",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Internal => "internal",
        }
    }

    /// The CLI's exit status for this kind (ARCHITECTURE.md).
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::UnsupportedFormat
            | ErrorKind::CorruptDocument
            | ErrorKind::Encrypted
            | ErrorKind::LimitExceeded => 3,
            ErrorKind::InvalidOption => 2,
            ErrorKind::Io => 1,
            ErrorKind::Cancelled => 130,
            ErrorKind::Internal => 70,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::UnsupportedFormat { .. } => ErrorKind::UnsupportedFormat,
            Error::CorruptDocument { .. } => ErrorKind::CorruptDocument,
            Error::Encrypted { .. } => ErrorKind::Encrypted,
            Error::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Error::InvalidOption { .. } => ErrorKind::InvalidOption,
            Error::Io { .. } => ErrorKind::Io,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// An [`Error::InvalidOption`] for `option`.
    pub fn invalid_option(option: impl Into<String>, detail: impl Into<String>) -> Self {
        Error::InvalidOption {
            option: option.into(),
            detail: detail.into(),
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::Internal`] from a caught panic's payload. The payload of a panic inside
    /// corpusforge is a message written by corpusforge (never document text).
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "panic with a non-string payload".to_string()
        };
        // A panic message may quote the data it failed on (string slicing quotes the
        // string in backticks): keep the message up to the first quote, never the data.
        let detail: String = detail
            .split('`')
            .next()
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        Error::Internal {
            detail: format!("caught panic: {}", detail.trim_end()),
        }
    }
}

/// Runs `f`, turning a panic into [`Error::Internal`] so it never crosses an FFI boundary
/// or aborts a batch.
pub fn catch_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(Error::from_panic(payload.as_ref())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_codes_and_names() {
        let codes: std::collections::HashSet<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let names: std::collections::HashSet<_> =
            ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn message_names_option() {
        let e = Error::invalid_option("unicode_form", "expected one of nfc, nfkc, nfd, nfkd, none");
        assert_eq!(e.kind(), ErrorKind::InvalidOption);
        assert_eq!(e.kind().exit_code(), 2);
        assert!(e.to_string().contains("unicode_form"));
    }

    #[test]
    fn panic_messages_never_carry_the_data() {
        let secret = String::from("é secret@example.org");
        let r: Result<()> = catch_panic(|| {
            let _ = &secret[..1]; // not a char boundary: std quotes the string
            Ok(())
        });
        let e = r.unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(e.to_string().contains("char boundary"), "{e}");
    }

    #[test]
    fn panics_become_internal_errors() {
        let r: Result<()> = catch_panic(|| panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Internal);
        assert!(e.to_string().contains("boom"));
    }
}
