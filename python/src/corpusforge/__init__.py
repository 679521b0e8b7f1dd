"""corpusforge: documents to training-ready datasets for language models.

A pure-Rust core does the work; this package exposes it to Python::

    >>> import corpusforge
    >>> corpusforge.normalize("The cafÃ© is open &amp; busy.")
    'The café is open & busy.'
"""

from ._corpusforge import __version__, normalize, normalize_with_report
from .errors import (
    CancelledError,
    CorpusforgeError,
    CorpusforgeIOError,
    CorruptDocumentError,
    EncryptedDocumentError,
    InternalError,
    InvalidOptionError,
    LimitExceededError,
    UnsupportedFormatError,
)

__all__ = [
    "__version__",
    "normalize",
    "normalize_with_report",
    "CorpusforgeError",
    "UnsupportedFormatError",
    "CorruptDocumentError",
    "EncryptedDocumentError",
    "LimitExceededError",
    "InvalidOptionError",
    "CorpusforgeIOError",
    "CancelledError",
    "InternalError",
]
