"""corpusforge: documents to training-ready datasets for language models.

A pure-Rust core does the work; this package exposes it to Python::

    >>> import corpusforge
    >>> corpusforge.normalize("The cafÃ© is open &amp; busy.")
    'The café is open & busy.'
"""

from ._corpusforge import (  # noqa: F401 - re-exported through __all__
    ArrowBatch,
    Block,
    Chunk,
    Document,
    Masked,
    PiiMatch,
    Pipeline,
    QualityReport,
    RecordStream,
    Span,
    __version__,
    chunk,
    count_tokens,
    count_words,
    decontaminate,
    dedup,
    detect_language,
    extract,
    extract_all,
    find_pii,
    mask_pii,
    minhash_band_keys,
    minhash_signature,
    normalize,
    normalize_with_report,
    process_batch,
    quality,
    quality_batch,
    split_paragraphs,
    split_sentences,
)
from .errors import (  # noqa: F401 - re-exported through __all__
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

from . import _corpusforge, errors

# The native module's names and the error classes, each listed once where they are defined.
__all__ = list(_corpusforge.__all__) + list(errors.__all__)
