"""Exports the word-splitting rules datatrove's quality filters depend on, so the Rust
presets reproduce datatrove's decisions without Python at run time.

datatrove splits English words with spaCy's blank English tokenizer (and counts C4
sentences with spaCy's sentencizer), and tests characters against its own punctuation
sets. This script writes those rules as data: spaCy's prefix, suffix and infix patterns,
its URL pattern, its English special cases (tokenizer exceptions), the sentencizer's
punctuation, and datatrove's PUNCTUATION_SET and TERMINAL_PUNCTUATION.

Run with the peers venv (pinned versions in benches/compare/requirements.txt):
    ~/.cache/corpusforge-peers/bin/python scripts/export-datatrove-rules.py
Output: core/src/quality/data/datatrove_en.json (spaCy: MIT; datatrove: Apache-2.0).
"""

import importlib.metadata
import json
import pathlib

import spacy
import spacy.symbols
from datatrove.utils.text import PUNCTUATION_SET, TERMINAL_PUNCTUATION
from spacy.pipeline.sentencizer import Sentencizer

OUT = pathlib.Path(__file__).resolve().parents[1] / "core/src/quality/data/datatrove_en.json"

nlp = spacy.blank("en")
tok = nlp.tokenizer
assert tok.prefix_search.__self__.pattern == "|".join("^" + p for p in nlp.Defaults.prefixes if p.strip())
assert tok.suffix_search.__self__.pattern == "|".join(p + "$" for p in nlp.Defaults.suffixes if p.strip())
assert tok.infix_finditer.__self__.pattern == "|".join(p for p in nlp.Defaults.infixes if p.strip())
specials = {key: [piece[spacy.symbols.ORTH] for piece in pieces]
            for key, pieces in sorted(tok.rules.items())}
data = {
    "spacy_version": spacy.__version__,
    "datatrove_version": importlib.metadata.version("datatrove"),
    # The rule lists in spaCy's order (the compiled patterns are these joined with `|`,
    # prefixes each anchored with `^`, suffixes with `$`).
    "prefixes": [p for p in nlp.Defaults.prefixes if p.strip()],
    "suffixes": [p for p in nlp.Defaults.suffixes if p.strip()],
    "infixes": [p for p in nlp.Defaults.infixes if p.strip()],
    "url": tok.url_match.__self__.pattern,
    "specials": specials,
    "sentencizer_punct": sorted(Sentencizer.default_punct_chars),
    "punctuation_set": sorted(PUNCTUATION_SET),
    "terminal_punctuation": sorted(TERMINAL_PUNCTUATION),
}
OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(specials)} special cases)")
