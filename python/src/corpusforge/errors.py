"""Exception classes of corpusforge, one per kind of the core's error enum.

Every class subclasses :class:`CorpusforgeError`; a few also subclass the built-in
exception users already catch (``InvalidOptionError`` is a ``ValueError``,
``CorpusforgeIOError`` an ``OSError``). Messages name the file and the cause, never
the document's text.
"""


class CorpusforgeError(Exception):
    """Base class of every error raised by corpusforge."""


class UnsupportedFormatError(CorpusforgeError):
    """The input is of a format corpusforge does not read."""


class CorruptDocumentError(CorpusforgeError):
    """The input claims a format but its bytes are broken."""


class EncryptedDocumentError(CorpusforgeError):
    """The input is encrypted and no (correct) password was given."""


class LimitExceededError(CorpusforgeError):
    """A configured limit (size, ratio, depth, time budget) was exceeded."""


class InvalidOptionError(CorpusforgeError, ValueError):
    """An option has an unknown name or a value out of range; the message names it."""


class CorpusforgeIOError(CorpusforgeError, OSError):
    """Reading or writing a file failed."""


class CancelledError(CorpusforgeError):
    """The work was cancelled (KeyboardInterrupt, a cancel token)."""


class InternalError(CorpusforgeError):
    """A bug in corpusforge (a caught panic). Please report it."""


__all__ = [
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
