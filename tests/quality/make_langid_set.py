#!/usr/bin/env python3
"""Builds tests/quality/langid-set.jsonl, the labelled set for language identification, from
the translated manual pages installed under /usr/share/man/<locale>/ (and the English pages in
/usr/share/man/man*/ for English). See LANGID.md for what is kept and why.

Deterministic: no randomness, every choice is ordered by a SHA-256 of its content. Its output
depends on the man pages installed and on man-db/groff, so the committed jsonl is the reference;
run this again only to rebuild it on purpose (`python3 tests/quality/make_langid_set.py`), and
`--check` compares a fresh build to the committed file.

Needs `man` (man-db) and `col` (bsdextrautils), as on Debian.
"""

import argparse
import gzip
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict

MAN = pathlib.Path("/usr/share/man")
OUT = pathlib.Path(__file__).resolve().parent / "langid-set.jsonl"
PER_BUCKET = 100          # samples wanted per (language, length)
MIN_BUCKET = 20           # a (language, length) with fewer candidates is left out
MIN_LANG_SAMPLES = 40     # a language with fewer samples in all is left out

# Locale directory -> ISO 639-1. Variants fold into their language (the locale is kept in the record).
LOCALES = {
    "cs": "cs", "da": "da", "de": "de", "es": "es", "fi": "fi", "fr": "fr", "hr": "hr",
    "hu": "hu", "id": "id", "it": "it", "ja": "ja", "ko": "ko", "nl": "nl", "pl": "pl",
    "pt": "pt", "pt_BR": "pt", "ro": "ro", "ru": "ru", "sl": "sl", "sr": "sr", "sv": "sv",
    "tr": "tr", "uk": "uk", "zh_CN": "zh", "zh_TW": "zh",
}
CJK = {"ja", "zh"}
# Languages written in another script than Latin, and the Unicode name prefix of that script.
SCRIPT = {
    "ru": ("CYRILLIC",), "uk": ("CYRILLIC",), "sr": ("CYRILLIC",),
    "ja": ("CJK", "HIRAGANA", "KATAKANA"), "zh": ("CJK",), "ko": ("HANGUL",),
}

# (min, max) characters per length; short is one sentence.
LENGTHS = {"short": (40, 80), "medium": (170, 260), "long": (900, 1150)}
# Chinese and Japanese say in one character what takes two to three letters elsewhere (and
# three bytes of UTF-8): their pieces may be shorter, down to about the same content.
LENGTHS_CJK = {"short": (20, 80), "medium": (80, 260), "long": (400, 1150)}

# A word is "English" for a language when it is at least this many times more frequent (per
# word) in the English pages than in that language's pages; a sentence of a translated page
# whose words are at least ENGLISH_SHARE English (and two or more) was left untranslated.
ENGLISH_RATIO = 5.0
ENGLISH_SHARE = 0.3
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")

SENT_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
ABBREV_OK = re.compile(r"^\d+\.?$")
ABBREVS = set(
    "etc usw bzw vgl ggf evtl inkl bzgl resp bsp sog ca vs approx dvs osv mfl bl eks ex pex cit "
    "pág pag núm sig ecc pp np itd itp tzn tj zb např tzv atd apod напр см пр др рис стр гл ил "
    "вб örn vb bkz yak dll dsb sbg".split()
)
CODE_CHARS = set("/=_$<>{}[]|\\`*#@~^")


def render(path: pathlib.Path) -> str:
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", MANWIDTH="4000", MAN_KEEP_FORMATTING="")
    env.pop("MANPAGER", None)
    env.pop("PAGER", None)
    p = subprocess.run(["man", "--nh", "--nj", "-l", str(path)], env=env, capture_output=True, check=True)
    p = subprocess.run(["col", "-bx"], input=p.stdout, env=env, capture_output=True, check=True)
    return p.stdout.decode("utf-8")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def collapse_cjk_spaces(s: str) -> str:
    # zh_TW pages put a space between every character.
    cjk = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
    return re.sub(rf"(?<={cjk}) (?={cjk})", "", s)


def paragraphs(rendered: str):
    """Yields (section index, list of text lines) per paragraph of the body of a page: a run
    of lines at one indentation. A one-line run followed at once by deeper lines is the tag of
    a tagged paragraph (an option, a file, a keyword) and is left out."""
    lines = rendered.splitlines()
    if len(lines) > 2:
        lines = lines[1:-1]  # header and footer
    blocks = []  # [section, indent, [lines], followed_by_blank]
    section = -1
    for line in lines:
        if not line.strip():
            if blocks:
                blocks[-1][3] = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            section += 1
            if blocks:
                blocks[-1][3] = True
            continue
        body = line.strip()
        # A tag that fits in the margin: "c      text". Keep the text.
        m = re.match(r"^(\S.{0,24}?) {3,}(\S.*)$", body)
        if m:
            body = m.group(2)
        if re.search(r"\S {3,}\S", body):
            if blocks:
                blocks[-1][3] = True
            continue  # a row of a table
        last = blocks[-1] if blocks else None
        if last and not last[3] and last[0] == section and last[1] == indent and not m:
            last[2].append(body)
        else:
            blocks.append([section, indent, [body], False])
    for i, (section, indent, body, blank_after) in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if len(body) == 1 and not blank_after and nxt and nxt[0] == section and nxt[1] > indent:
            continue  # a tag on its own line
        yield section, body


def sentences(text: str):
    """Splits a paragraph into sentences, not after an abbreviation or a number."""
    out = []
    cur = ""
    pieces = SENT_END.split(text)
    for i, piece in enumerate(pieces):
        cur = f"{cur} {piece}" if cur and not re.search(r"[。！？]$", cur) else cur + piece
        if i == len(pieces) - 1:
            break
        last = cur.rsplit(" ", 1)[-1]
        word = last.rstrip(".!?")
        if last.endswith(".") and (len(word) <= 2 or "." in word or ABBREV_OK.match(last)
                                   or word.lower() in ABBREVS):
            continue  # "z. B.", "e.g.", "т.е.", "1.", "usw."
        out.append(cur.strip())
        cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def script_share(text: str, prefixes) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    hits = sum(1 for c in letters if unicodedata.name(c, "").startswith(prefixes))
    return hits / len(letters)


def is_code(token: str) -> bool:
    return (any(c in CODE_CHARS for c in token) or "::" in token or "()" in token
            or (token.startswith("-") and len(token) > 1) or re.search(r"\w\(\d", token) is not None)


def clean(sentence: str, lang: str, english: set, englishness, common: set) -> bool:
    """True when a sentence is prose in `lang`: not an option, not code, not left in English."""
    s = sentence
    if not s or s[0] in "-+/$#[(<'\"`*" or s.startswith(("•", "·")):
        return False
    if MOJIBAKE.search(s) or "http" in s or "@" in s or "www." in s:
        return False
    nonspace = [c for c in s if not c.isspace()]
    letters = sum(1 for c in nonspace if c.isalpha())
    if letters < 0.75 * len(nonspace):
        return False
    if sum(1 for c in nonspace if c in CODE_CHARS) > 0.03 * len(nonspace):
        return False
    tokens = s.split()
    code = sum(1 for t in tokens if is_code(t))
    if (code > 2) if lang in CJK else (len(tokens) < 3 or code > 0.2 * len(tokens)):
        return False
    if lang not in SCRIPT and not any(w in common for w in WORD.findall(s.lower())):
        return False  # no everyday word of the language: a list of names, an example
    if lang == "en":
        return True
    if norm(s) in english:
        return False
    if lang in SCRIPT:
        return script_share(s, SCRIPT[lang]) >= 0.5
    return englishness(s) < ENGLISH_SHARE


def word_counts(pages):
    """Word frequencies of the body of (rendered page, its English sentences) pairs, leaving out
    the sentences found in the English page (left untranslated)."""
    counts = {}
    for rendered, english in pages:
        for section, lines in paragraphs(rendered):
            if section < 2:
                continue
            for s in sentences(re.sub(r"\s+", " ", " ".join(lines))):
                if norm(s) not in english:
                    for w in WORD.findall(s.lower()):
                        counts[w] = counts.get(w, 0) + 1
    return counts


def common_words(counts, n=100):
    return {w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def englishness_for(lang_counts, en_counts):
    """text -> share of its words that are English rather than `lang` (0 when fewer than two)."""
    n_lang = sum(lang_counts.values()) or 1
    n_en = sum(en_counts.values()) or 1

    def english(w):
        e = en_counts.get(w, 0)
        return e >= 3 and e / n_en >= ENGLISH_RATIO * (lang_counts.get(w, 0) + 1) / n_lang

    def share(text):
        words = WORD.findall(text.lower())
        hits = sum(1 for w in words if english(w))
        return hits / len(words) if words and hits >= 2 else 0.0

    return share


def units_of_page(rendered: str, lang: str, english: set, englishness, common: set):
    """Clean sentences of a page, in order, each with its paragraph number."""
    out = []
    for p_idx, (section, lines) in enumerate(paragraphs(rendered)):
        if section <= 1:
            continue  # NAME and SYNOPSIS
        text = " ".join(lines)
        if lang in CJK:
            text = collapse_cjk_spaces(text)
        text = re.sub(r"\s+", " ", text).strip()
        for s in sentences(text):
            if clean(s, lang, english, englishness, common):
                out.append((p_idx, s))
    return out


def chunks(units, lo, hi):
    """Consecutive sentences packed into non-overlapping pieces of lo..hi characters;
    sentences of one paragraph are joined by a space, paragraphs by a newline."""
    out, cur, cur_len, last_p = [], [], 0, None

    def joined(parts):
        text = ""
        for i, (p, s) in enumerate(parts):
            if i:
                text += "\n" if p != parts[i - 1][0] else ("" if re.search(r"[。！？]$", text) else " ")
            text += s
        return text

    for p, s in units:
        candidate = cur + [(p, s)]
        if len(joined(candidate)) <= hi:
            cur = candidate
            if len(joined(cur)) >= lo:
                out.append(joined(cur))
                cur = []
        else:
            cur = [(p, s)] if len(s) <= hi else []
            if cur and len(s) >= lo:
                out.append(s)
                cur = []
    return out


def page_id(path: pathlib.Path):
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    stem, _, sec = name.rpartition(".")
    return stem, sec


def english_page(stem: str, sec: str):
    for cand in sorted(MAN.glob(f"man{sec[:1]}/{stem}.{sec}*")):
        if cand.name in (f"{stem}.{sec}.gz", f"{stem}.{sec}"):
            return cand
    return None


def sha(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def pick(cands_by_page, n):
    """Up to n candidates, taking from the pages in turn (in a fixed hashed order) so that
    no one long page fills a bucket."""
    pages = sorted(cands_by_page, key=lambda page: sha("/".join(page)))
    queues = {p: sorted(cands_by_page[p], key=sha) for p in pages}
    chosen = []
    while len(chosen) < n and any(queues.values()):
        for p in pages:
            if queues[p] and len(chosen) < n:
                chosen.append((p, queues[p].pop(0)))
    return chosen


def build():
    english_cache = {}
    rendered_cache = {}

    def render_once(path):
        if path not in rendered_cache:
            rendered_cache[path] = render(path)
        return rendered_cache[path]

    def english_sentences(stem, sec):
        key = (stem, sec)
        if key not in english_cache:
            path = english_page(stem, sec)
            sents = set()
            if path is not None:
                for _, lines in paragraphs(render_once(path)):
                    for s in sentences(re.sub(r"\s+", " ", " ".join(lines))):
                        sents.add(norm(s))
            english_cache[key] = sents
        return english_cache[key]

    # Translated pages, one copy of each content.
    pages_by_lang = defaultdict(list)  # lang -> [(locale, stem, sec, path)]
    seen = set()
    translated_names = set()
    for locale in sorted(LOCALES):
        root = MAN / locale
        if not root.is_dir():
            continue
        for path in sorted(root.glob("man*/*")):
            if path.is_symlink() or not path.is_file():
                continue
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            if raw.lstrip().startswith(b".so ") or sha(raw.decode("latin-1")) in seen:
                continue
            seen.add(sha(raw.decode("latin-1")))
            stem, sec = page_id(path)
            translated_names.add((stem, sec))
            pages_by_lang[LOCALES[locale]].append((locale, stem, sec, path))
    # English: the original pages of the translated ones, so that every language speaks of the
    # same things (package management, users, processes, manuals).
    for stem, sec in sorted(translated_names):
        path = english_page(stem, sec)
        if path is not None and not path.is_symlink():
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            if raw.lstrip().startswith(b".so "):
                continue
            pages_by_lang["en"].append(("en", stem, sec, path))

    records = []
    report = []
    en_counts = word_counts((render_once(path), set()) for _, _, _, path in pages_by_lang["en"])
    for lang in sorted(pages_by_lang):
        pages = []
        for locale, stem, sec, path in pages_by_lang[lang]:
            rendered = render_once(path)
            if "\ufffd" in rendered or len(MOJIBAKE.findall(rendered)) >= 3:
                print(f"skip {path}: not UTF-8 after rendering, or mojibake", file=sys.stderr)
                continue
            english = set() if lang == "en" else english_sentences(stem, sec)
            pages.append((locale, stem, sec, rendered, english))
        freq = word_counts((r, e) for *_, r, e in pages)
        englishness = englishness_for(freq, en_counts)
        common = common_words(freq)
        seen_sent = set()
        units_by_page = {}
        for locale, stem, sec, rendered, english in pages:
            units = []
            for p, s in units_of_page(rendered, lang, english, englishness, common):
                k = norm(s)
                if k in seen_sent:
                    continue  # boilerplate repeated across pages, or the same page twice
                seen_sent.add(k)
                units.append((p, s))
            if units:
                units_by_page[(locale, f"{stem}({sec})")] = units
        lang_records = []
        counts = {}
        for length, (lo, hi) in (LENGTHS_CJK if lang in CJK else LENGTHS).items():
            cands = {}
            for page, units in units_by_page.items():
                if length == "short":
                    c = [s for _, s in units if lo <= len(s) <= hi and re.search(r"[.!?。！？]$", s)]
                else:
                    c = chunks(units, lo, hi)
                if c:
                    cands[page] = c
            chosen = pick(cands, PER_BUCKET)
            if len(chosen) < MIN_BUCKET:
                counts[length] = 0
                continue
            counts[length] = len(chosen)
            for (locale, source), text in chosen:
                lang_records.append({"lang": lang, "length": length, "source": source,
                                     "locale": locale, "text": text})
        total = sum(counts.values())
        if total < MIN_LANG_SAMPLES:
            report.append(f"{lang}: left out ({counts})")
            continue
        report.append(f"{lang}: {counts} from {len(units_by_page)} pages")
        records += lang_records
    return records, report


def dump(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare a fresh build to the committed file")
    ap.add_argument("-o", "--output", type=pathlib.Path, default=OUT)
    args = ap.parse_args()
    records, report = build()
    for line in report:
        print(line, file=sys.stderr)
    text = dump(records)
    if args.check:
        same = args.output.read_text(encoding="utf-8") == text
        print("same as committed" if same else "differs from committed", file=sys.stderr)
        sys.exit(0 if same else 1)
    args.output.write_text(text, encoding="utf-8")
    print(f"{len(records)} samples, {len(text.encode('utf-8')) / 1e6:.2f} MB -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
