"""Type stubs of the native module ``corpusforge._corpusforge``."""

import sys
import os
from typing import Any, Callable, Dict, List, Literal, Optional, Sequence, Tuple, Union, final, overload

if sys.version_info >= (3, 12):
    from typing import TypedDict, Unpack
else:
    from typing_extensions import TypedDict, Unpack

__all__ = [
    "ArrowBatch",
    "Block",
    "Chunk",
    "Document",
    "Masked",
    "PiiMatch",
    "Pipeline",
    "QualityReport",
    "RecordStream",
    "Span",
    "__version__",
    "chunk",
    "count_tokens",
    "count_words",
    "decontaminate",
    "dedup",
    "detect_language",
    "extract",
    "extract_all",
    "find_pii",
    "mask_pii",
    "minhash_band_keys",
    "minhash_signature",
    "normalize",
    "normalize_with_report",
    "process_batch",
    "quality",
    "quality_batch",
    "split_paragraphs",
    "split_sentences",
]

__version__: str

_UnicodeForm = Literal["nfc", "nfkc", "nfd", "nfkd", "none"]

class _NormalizeOptions(TypedDict, total=False):
    """Keyword options of :func:`normalize`; defaults as in the Rust core."""

    remove_bom: bool
    fix_mojibake: bool
    fix_c1_controls: bool
    decode_entities: bool
    remove_control_chars: bool
    unicode_form: _UnicodeForm
    normalize_line_endings: bool
    strip_trailing_whitespace: bool
    max_blank_lines: Optional[int]
    collapse_whitespace: bool
    tabs_to_spaces: Optional[int]
    strip_html_tags: bool
    straighten_quotes: bool
    fix_ligatures: bool
    fullwidth_to_ascii: bool

def normalize(text: str, **options: Unpack[_NormalizeOptions]) -> str:
    """Repairs and normalizes text (mojibake, entities, controls, Unicode form, whitespace)."""

def normalize_with_report(
    text: str, **options: Unpack[_NormalizeOptions]
) -> Tuple[str, Dict[str, Union[int, bool]]]:
    """Like :func:`normalize`, and also returns how many changes each step made."""

class _SentenceOptions(TypedDict, total=False):
    """Keyword options of :func:`split_sentences`."""

    language: str

class _ChunkOptions(TypedDict, total=False):
    """Keyword options of :func:`chunk`; give exactly one of ``max_chars``/``max_tokens``."""

    max_chars: Optional[int]
    max_tokens: Optional[int]
    min_chars: Optional[int]
    min_tokens: Optional[int]
    overlap: int
    tokenizer: str
    language: str

@final
class Span:
    """A piece of text with its place: ``input[start:end] == text``."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]:
        """The span as a dict (``text``, ``start``, ``end``)."""

@final
class Chunk:
    """One chunk: its text, place (``start``/``end``, str indices) and token count."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def n_tokens(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]:
        """The chunk as a dict (``text``, ``start``, ``end``, ``n_tokens``)."""

@overload
def split_sentences(text: str, *, spans: Literal[False] = ..., **options: Unpack[_SentenceOptions]) -> List[str]: ...
@overload
def split_sentences(text: str, *, spans: Literal[True], **options: Unpack[_SentenceOptions]) -> List[Span]: ...
@overload
def split_paragraphs(text: str, *, spans: Literal[False] = ...) -> List[str]: ...
@overload
def split_paragraphs(text: str, *, spans: Literal[True]) -> List[Span]: ...
def chunk(text: str, **options: Unpack[_ChunkOptions]) -> List[Chunk]:
    """Cuts text into chunks that never exceed the capacity, at the strongest boundary."""

def count_tokens(text: str, tokenizer: str = "estimate") -> int:
    """Tokens in text by the named tokenizer."""

def count_words(text: str) -> int:
    """Words by Unicode word boundaries (UAX #29)."""

class _ExtractOptions(TypedDict, total=False):
    """Keyword options of :func:`extract`; defaults as in the Rust core."""

    include_headers_footers: bool
    include_comments: bool
    include_notes: bool
    include_alt_text: bool
    table_format: Literal["markdown", "tsv"]
    password: Optional[str]
    dehyphenate: bool
    main_content: bool
    encoding: Optional[str]
    attachments: bool
    sha256: bool
    max_bytes: int
    max_decompressed_bytes: int
    max_compression_ratio: int
    max_entries: int
    max_depth: int
    timeout_ms: int

@final
class Block:
    """A structural unit of a document; ``doc.text[start:end] == text`` when placed."""

    @property
    def kind(self) -> str: ...
    @property
    def level(self) -> Optional[int]: ...
    @property
    def text(self) -> str: ...
    @property
    def page(self) -> Optional[int]: ...
    @property
    def start(self) -> Optional[int]: ...
    @property
    def end(self) -> Optional[int]: ...
    def to_dict(self) -> Dict[str, Any]:
        """The block as a dict."""

@final
class Document:
    """An extracted document: text in reading order, blocks, pages, metadata, source."""

    @property
    def text(self) -> str: ...
    @property
    def blocks(self) -> List[Block]: ...
    @property
    def pages(self) -> List[str]: ...
    @property
    def metadata(self) -> Dict[str, Any]: ...
    @property
    def source(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str:
        """A Jupyter preview: source, counts, and the first 3,000 characters with PII highlighted."""
    def to_markdown(self) -> str:
        """The blocks that are part of the text, as Markdown."""
    def to_dict(self) -> Dict[str, Any]:
        """The document as a dict (blocks as dicts)."""

def extract(
    source: Union[str, "os.PathLike[str]", bytes, bytearray],
    *,
    hint: Optional[str] = None,
    **options: Unpack[_ExtractOptions],
) -> Document:
    """Extracts a document's text, structure and metadata from a path or bytes."""

def extract_all(
    source: Union[str, "os.PathLike[str]", bytes, bytearray],
    *,
    hint: Optional[str] = None,
    **options: Unpack[_ExtractOptions],
) -> List[Union[Document, Exception]]:
    """Every document in a file: archive members and e-mail attachments each on their own;
    a member that cannot be read is its exception."""

_Strategy = Literal["replace", "redact", "mask", "hash", "fake", "drop_document"]
_Sensitivity = Literal["public", "internal", "confidential", "restricted"]

class _CustomRecognizer(TypedDict, total=False):
    """A recognizer of your own: ``name``, ``kind`` and ``pattern`` are required."""

    name: str
    kind: str
    pattern: str
    validator: Optional[Literal["luhn", "mod97", "verhoeff"]]
    context: List[str]
    score: float

class _PiiOptions(TypedDict, total=False):
    """Keyword options of :func:`find_pii` and :func:`mask_pii`; defaults as in the Rust core."""

    kinds: Optional[List[str]]
    min_score: float
    allow: List[str]
    deny: List[str]
    custom: List[_CustomRecognizer]
    strategy: _Strategy
    strategies: Dict[str, _Strategy]
    template: str
    keep_last: int
    secret: Optional[str]
    hash_digits: int
    sensitivity: Dict[str, _Sensitivity]

@final
class PiiMatch:
    """A PII match: ``input[start:end] == text``; masked offsets for :func:`mask_pii`."""

    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def score(self) -> float: ...
    @property
    def text(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def masked_start(self) -> Optional[int]: ...
    @property
    def masked_end(self) -> Optional[int]: ...
    def to_dict(self) -> Dict[str, Any]:
        """The match as a dict."""

@final
class Masked:
    """The result of :func:`mask_pii`."""

    @property
    def text(self) -> str: ...
    @property
    def matches(self) -> List[PiiMatch]: ...
    @property
    def sensitivity(self) -> _Sensitivity: ...
    @property
    def dropped(self) -> bool: ...
    @property
    def counts(self) -> Dict[str, int]: ...

def find_pii(text: str, **options: Unpack[_PiiOptions]) -> List[PiiMatch]:
    """Finds validated PII: emails, phones, cards, IBANs, SSNs, IPs, secrets, names, ..."""

def mask_pii(text: str, **options: Unpack[_PiiOptions]) -> Masked:
    """Finds PII and masks it with a strategy per kind."""

_Preset = Literal["gopher_quality", "gopher_repetition", "c4", "fineweb"]

class _QualityOptions(TypedDict, total=False):
    """Keyword options of :func:`quality`; defaults as in the Rust core."""

    presets: List[_Preset]
    thresholds: Dict[str, Optional[float]]
    language: str
    languages: List[str]
    min_language_score: float
    flagged_words: List[str]
    max_flagged_words_ratio: Optional[float]
    paragraph_languages: bool

@final
class QualityReport:
    """The quality of one document: score, language, signals and each preset's decision."""

    @property
    def score(self) -> float: ...
    @property
    def language(self) -> str: ...
    @property
    def language_score(self) -> float: ...
    @property
    def signals(self) -> Dict[str, float]: ...
    @property
    def filters(self) -> Dict[str, Optional[str]]: ...
    @property
    def reasons(self) -> List[str]: ...
    @property
    def explanations(self) -> List[str]: ...
    @property
    def skipped(self) -> List[str]: ...
    @property
    def kept(self) -> bool: ...
    @property
    def paragraph_languages(self) -> List[Tuple[int, int, str, float]]: ...
    def to_dict(self) -> Dict[str, Any]:
        """The report as a dict."""
    def _repr_html_(self) -> str:
        """A small HTML table for Jupyter."""

def quality(text: str, **options: Unpack[_QualityOptions]) -> QualityReport:
    """Signals, datatrove's presets, a 0-100 score and the language of one text."""

def quality_batch(texts: List[str], **options: Unpack[_QualityOptions]) -> List[QualityReport]:
    """:func:`quality` over many texts, in parallel."""

def detect_language(text: str) -> Tuple[str, float]:
    """ISO 639-1 code (``"und"`` when undetermined) and confidence."""

class _DedupOptions(TypedDict, total=False):
    """Keyword options of :func:`dedup` and the MinHash functions."""

    exact: bool
    near: bool
    ngram: int
    bands: int
    rows: int
    threshold: float
    seed: int
    preset: Optional[Literal["datatrove"]]

def dedup(
    texts: Any,
    *,
    scores: Optional[List[float]] = None,
    text_column: str = "text",
    **options: Unpack[_DedupOptions],
) -> List[Optional[int]]:
    """For each text, None when kept, or the index of the kept text it duplicates."""

def minhash_signature(text: str, **options: Unpack[_DedupOptions]) -> Optional[List[int]]:
    """The MinHash signature of a text (None when it has no words)."""

def minhash_band_keys(signature: List[int], **options: Unpack[_DedupOptions]) -> List[int]:
    """The LSH band keys of a signature."""

def decontaminate(texts: List[str], eval_texts: List[str], *, ngram: int = 13) -> List[bool]:
    """For each text, whether it shares a word n-gram with an evaluation text."""

@final
class Pipeline:
    """The whole job: files and folders in, a dataset folder out (``data/`` shards,
    ``README.md`` card, ``stats.json``, ``rejects.jsonl``).

    ``config`` is a dict of the config file's sections (``{"output": {"format": "jsonl"}}``),
    a path to a TOML or JSON config, or ``None`` for the defaults. Unknown keys raise
    :class:`InvalidOptionError` naming the key.
    """

    def __new__(cls, config: Union[Dict[str, Any], str, "os.PathLike[str]", None] = None) -> "Pipeline": ...
    def config(self) -> Dict[str, Any]:
        """The configuration in effect, every default filled in."""
    def run(
        self,
        inputs: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
        out: Union[str, "os.PathLike[str]"],
        progress: Union[bool, Callable[[Dict[str, Any]], Any], None] = None,
        limit: Optional[int] = None,
        resume: bool = False,
    ) -> Dict[str, Any]:
        """Runs the pipeline; returns the run summary (documents in and out, dropped per
        reason, rejected per error kind, PII per kind, bytes, duration, output files).
        ``progress=True`` shows a tqdm bar; a callable receives a dict per event.
        ``resume=True`` reuses the work of inputs an interrupted run into ``out`` finished."""
    def records(
        self,
        inputs: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
        progress: Union[bool, Callable[[Dict[str, Any]], Any], None] = None,
        limit: Optional[int] = None,
    ) -> "RecordStream":
        """The run's records as an Arrow stream: ``pyarrow.table(p.records(inputs))``,
        ``polars.from_arrow(...)``, DuckDB; no copy."""
    def to_pandas(
        self,
        inputs: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
        progress: Union[bool, Callable[[Dict[str, Any]], Any], None] = None,
        limit: Optional[int] = None,
    ) -> Any:
        """``records(inputs)`` as a pandas DataFrame (needs pyarrow and pandas)."""
    def process_text(self, text: str, name: str = "<text>") -> List[Dict[str, Any]]:
        """The records one text would become (without corpus-wide dedup)."""
    def process_batch(self, batch: Any, dedup: str = "batch") -> Any:
        """An Arrow record batch (or table) of documents (``text``, or ``content`` named by
        ``path``, or ``path``) to a ``pyarrow.RecordBatch`` (or table) of records plus ``input_index``,
        ``member_index``, ``error`` and ``error_message``; ``dedup="facts"`` adds each
        document's dedup facts instead of resolving duplicates within the batch. The unit of
        Spark's ``mapInArrow`` and Ray Data's ``map_batches``."""
    def batch_schema(self, dedup: str = "batch") -> Any:
        """The ``pyarrow.Schema`` of ``process_batch``'s output."""
    def dedup_rule(self) -> Optional[Dict[str, Any]]:
        """The dedup rule in effect (threshold, bands, ..., ``verify_per_bucket``), or
        ``None`` when the dedup stage is off."""
    def finish_dataset(self, out_dir: Union[str, "os.PathLike[str]"], facts: Dict[str, Any]) -> Dict[str, Any]:
        """Writes the card, ``stats.json`` and ``report.html`` of a dataset folder whose
        ``data/*.parquet`` shards another engine wrote; returns the statistics."""

def process_batch(
    batch: Any,
    config: Union[Dict[str, Any], str, "os.PathLike[str]", None] = None,
    dedup: str = "batch",
) -> Any:
    """``Pipeline(config).process_batch(batch, dedup)`` for a one-off batch."""

@final
class ArrowBatch:
    """A record batch through the Arrow PyCapsule interface (what ``process_batch`` returns
    when pyarrow is not installed)."""

    def __arrow_c_array__(self, requested_schema: Optional[Any] = None) -> Any:
        """``(arrow_schema, arrow_array)`` capsules; the batch can be taken once."""

@final
class RecordStream:
    """A run's records, read once through the Arrow PyCapsule interface."""

    def __arrow_c_stream__(self, requested_schema: Optional[Any] = None) -> Any:
        """A capsule named ``arrow_array_stream``."""
