"""Exports whatlang's trigram profiles as data, so corpusforge can score them through an
inverted index (core/src/quality/trigram_index.rs) instead of whatlang's per-language walk.

whatlang keeps its profiles in generated Rust source that the crate does not expose: for
each script with several languages (Latin, Cyrillic, Arabic, Devanagari, Hebrew), each
language's 300 most common trigrams in rank order. This script reads that file from the
crate cargo has downloaded and writes one line per language:

    <script>\t<ISO 639-3 code>\t<the trigrams, three characters each, concatenated>

Lines keep whatlang's order (scripts, then languages within a script): ties between equal
scores are broken the way whatlang breaks them only if the order is the same.

Run after changing the whatlang version in core/Cargo.toml:
    python3 scripts/export-whatlang-profiles.py
Output: core/src/quality/data/whatlang-trigrams.txt (whatlang: MIT, see the data README).
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "core/src/quality/data/whatlang-trigrams.txt"


def whatlang_version():
    text = (ROOT / "core/Cargo.toml").read_text(encoding="utf-8")
    m = re.search(r'^whatlang = "=?([0-9.]+)"', text, re.M)
    if not m:
        sys.exit("whatlang's version not found in core/Cargo.toml")
    return m.group(1)


def profiles_source(version):
    registry = pathlib.Path.home() / ".cargo/registry/src"
    for src in registry.glob(f"*/whatlang-{version}/src/trigrams/profiles.rs"):
        return src.read_text(encoding="utf-8")
    sys.exit(f"whatlang {version} not in {registry}: run `cargo fetch` first")


def main():
    version = whatlang_version()
    source = profiles_source(version)
    lines = []
    script = None
    lang = None
    trigrams = []

    def flush():
        if lang is not None:
            if any(len(t) != 3 for t in trigrams):
                sys.exit(f"{lang}: a trigram is not three characters")
            lines.append(f"{script}\t{lang}\t{''.join(trigrams)}")

    for line in source.splitlines():
        m = re.match(r"pub static ([A-Z]+)_LANGS", line)
        if m:
            flush()
            script, lang, trigrams = m.group(1).capitalize(), None, []
            continue
        m = re.match(r"\s*Lang::([A-Z][a-z]{2}),", line)
        if m:
            flush()
            lang, trigrams = m.group(1).lower(), []
            continue
        m = re.match(r"\s*Trigram\('(.)', '(.)', '(.)'\),", line)
        if m:
            trigrams.append("".join(m.groups()))
        elif "Trigram(" in line:
            sys.exit(f"unparsed profile line: {line.strip()}")
    flush()
    OUT.write_text(f"# whatlang {version} trigram profiles (MIT); see README.md\n" + "\n".join(lines) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(lines)} languages")


if __name__ == "__main__":
    main()
