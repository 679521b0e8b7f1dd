"""Type stubs of the native module ``corpusforge._corpusforge``."""

import sys
from typing import Dict, Literal, Optional, Tuple, Union

if sys.version_info >= (3, 12):
    from typing import TypedDict, Unpack
else:
    from typing_extensions import TypedDict, Unpack

__all__ = ["__version__", "normalize", "normalize_with_report"]

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
