"""corpusforge: documents to training-ready datasets for language models.

A pure-Rust core does the work; this package exposes it to Python::

    >>> import corpusforge
    >>> corpusforge.normalize("The cafÃ© is open &amp; busy.")
    'The café is open & busy.'
"""

from ._corpusforge import (
    Chunk,
    Span,
    __version__,
    chunk,
    count_tokens,
    count_words,
    normalize,
    normalize_with_report,
    split_paragraphs,
    split_sentences,
)
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
    "split_sentences",
    "split_paragraphs",
    "chunk",
    "count_tokens",
    "count_words",
    "Span",
    "Chunk",
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
