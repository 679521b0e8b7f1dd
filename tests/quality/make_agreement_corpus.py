#!/usr/bin/env python3
"""Builds tests/quality/agreement-corpus.jsonl: a few hundred real documents of mixed kinds on
which corpusforge's quality presets are checked against Hugging Face datatrove's filters
(benches/compare/quality_eval.py writes datatrove's decisions beside it).

Reads files on this machine only (Debian documentation, licenses and man pages, Python
sources and package metadata, ../shared/corpus); no network. Standard library only, plus
`man` and `col` to render man pages. Deterministic for a given machine, but machines differ
(installed packages, man's version), so the committed JSONL is the reference: rerun this
only to build a new corpus, and then rerun quality_eval.py to refresh the decisions.

    python3 tests/quality/make_agreement_corpus.py            # writes the JSONL, prints stats

One JSON object a line: {"id", "kind", "source", "text"}.
"""

import ast
import gzip
import hashlib
import html
import html.parser
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
OUT = pathlib.Path(__file__).resolve().parent / "agreement-corpus.jsonl"
DOC = pathlib.Path("/usr/share/doc")
MAN = pathlib.Path("/usr/share/man")
PYLIB = pathlib.Path("/usr/lib/python3.11")
SITE_DIRS = [pathlib.Path.home() / ".cache/corpusforge-peers/lib/python3.11/site-packages",
             pathlib.Path("/usr/lib/python3/dist-packages")]

MAX_CHARS = 12_000      # longer texts are cut at the last line break before this
LONG_MAX_CHARS = 40_000  # a few prose documents are kept longer


# --- helpers -------------------------------------------------------------------------------

def rank(key: str, salt: str) -> str:
    """Stable pseudo-random order: the same files are picked on every run."""
    return hashlib.sha1(f"{salt}\0{key}".encode()).hexdigest()


def pick(paths, n, salt, key=str):
    return sorted(paths, key=lambda p: rank(key(p), salt))[:n]


def read_text(path: pathlib.Path):
    """UTF-8 text of a (possibly gzipped) file, or None when it is binary or not UTF-8."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        return None
    if "\x00" in text:
        return None
    return text.replace("\r\n", "\n")


def cut(text: str, limit=MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    nl = head.rfind("\n", limit // 2)
    return head[:nl + 1] if nl > 0 else head


def files_under(root: pathlib.Path, pattern: str):
    try:
        return sorted(p for p in root.glob(pattern) if p.is_file() and not p.is_symlink())
    except OSError:
        return []


def render_man(path: pathlib.Path):
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "MANWIDTH": "80",
           "MAN_KEEP_FORMATTING": "", "MANPAGER": "cat", "PAGER": "cat", "HOME": "/tmp"}
    try:
        roff = subprocess.run(["man", "-l", str(path)], env=env, capture_output=True, timeout=60)
        plain = subprocess.run(["col", "-bx"], input=roff.stdout, env=env, capture_output=True, timeout=60)
        text = plain.stdout.decode("utf-8")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    return text if len(text) > 200 else None


class HtmlText(html.parser.HTMLParser):
    """Visible text of an HTML page: block elements become line breaks, scripts and styles
    are skipped, runs of spaces collapse (a crude stand-in for a web page rendered to text)."""

    BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
             "pre", "dt", "dd", "dl", "section", "article", "header", "footer", "nav", "hr", "blockquote",
             "title", "td", "th"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.pre = [], 0, 0
        self.links = []  # (text, href)
        self._a = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "pre":
            self.pre += 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "a":
            self._a = [dict(attrs).get("href") or "", []]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "a" and self._a is not None:
            label = " ".join("".join(self._a[1]).split())
            if label:
                self.links.append((label, self._a[0]))
            self._a = None

    def handle_data(self, data):
        if self.skip:
            return
        if not self.pre:
            data = re.sub(r"[ \t\r\n]+", " ", data)
        self.parts.append(data)
        if self._a is not None:
            self._a[1].append(data)

    def text(self):
        lines = [line.strip() if not self.pre else line for line in "".join(self.parts).split("\n")]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html_to_text(raw: str):
    p = HtmlText()
    try:
        p.feed(raw)
        p.close()
    except Exception:  # noqa: BLE001 - a broken page is skipped
        return None, []
    return p.text(), p.links


# --- kinds ---------------------------------------------------------------------------------

DOCS = []


def add(kind, source, text, ident):
    if text is None:
        return False
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return False
    DOCS.append({"id": f"{kind}:{ident}", "kind": kind, "source": source, "text": text})
    return True


def take(kind, candidates, n, salt, load, ident, source=lambda p: str(p), min_chars=200, group=None,
         per_group=3):
    """Adds up to n documents from candidates (in a stable pseudo-random order), at most
    per_group of them from one group (a package's documentation, say) when group is given."""
    got, seen, groups = 0, set(), Counter()
    for p in sorted(candidates, key=lambda p: rank(str(p), salt)):
        if got >= n:
            break
        if group is not None and groups[group(p)] >= per_group:
            continue
        text = load(p)
        if text is None or len(text.strip()) < min_chars:
            continue
        digest = hashlib.sha1(text.encode()).hexdigest()
        if digest in seen or any(d["text"] == text for d in DOCS[-200:]):
            continue
        seen.add(digest)
        if add(kind, source(p), text, ident(p)):
            got += 1
            if group is not None:
                groups[group(p)] += 1
    return got


def doc_pkg(p):
    return p.relative_to(DOC).parts[0]


def prose():
    pats = ["*/FAQ*", "*/faq*", "*/*.txt", "*/*.txt.gz", "*/*manual*", "*/*HOWTO*", "*/*policy*",
            "*/spec/*.txt", "*/README.Debian*", "*/NOTES*", "*/TODO*", "*/THANKS*", "*/AUTHORS*"]
    cands = sorted({p for pat in pats for p in files_under(DOC, pat)})
    cands = [p for p in cands if "changelog" not in p.name.lower() and "copyright" not in p.name]
    take("prose", cands, 40, "prose", lambda p: cut(read_text(p) or "", LONG_MAX_CHARS) or None,
         lambda p: f"{doc_pkg(p)}/{p.name}", group=doc_pkg, per_group=2)
    # the shared corpus: an EPUB novel-like text cut into sections, OCR output, slides
    office = SHARED / "office" / "expected_result"
    epub = read_text(office / "winter-sports.epub.txt")
    if epub:  # one paragraph a line; cut into sections of about 8,000 characters
        chunk, k = [], 0
        for para in epub.split("\n"):
            chunk.append(para)
            if sum(len(c) for c in chunk) > 8000:
                if k % 2 == 0:  # every other section, to keep the corpus small
                    add("prose", "../shared/corpus/office/expected_result/winter-sports.epub.txt "
                        f"(section {k})", "\n".join(chunk).strip() + "\n", f"winter-sports-{k}")
                chunk, k = [], k + 1
    for name in ["eng-ocr.pdf.txt", "deu-ocr.pdf.txt", "ara-ocr.png.txt", "science-exploration-1p.pptx.txt",
                 "category-level.docx.txt", "simple.odt.txt", "bug_16.docx.txt"]:
        add("prose" if "ocr" in name else "short", f"../shared/corpus/office/expected_result/{name}",
            read_text(office / name), name)
    for tex in files_under(SHARED / "pdf", "*/*.tex"):
        add("source-code", f"../shared/corpus/pdf/{tex.parent.name}/{tex.name}", read_text(tex), tex.name)
    readme = read_text(SHARED / "normalize" / "ftfy-README.md")
    add("readme", "../shared/corpus/normalize/ftfy-README.md", readme, "ftfy-README.md")


def changelogs():
    cands = [p for p in files_under(DOC, "*/*") if re.match(r"(changelog|NEWS|CHANGELOG|CHANGES|HISTORY)", p.name)]
    take("changelog", cands, 45, "changelog", lambda p: cut(read_text(p) or "") or None,
         lambda p: f"{doc_pkg(p)}/{p.name}", group=doc_pkg, per_group=1)
    rel = files_under(DOC / "git" / "RelNotes", "*.txt")
    take("changelog", rel, 6, "relnotes", lambda p: cut(read_text(p) or "") or None,
         lambda p: f"git-RelNotes-{p.stem}")


def licenses():
    seen = set()
    for p in sorted(pathlib.Path("/usr/share/common-licenses").iterdir()):
        real = p.resolve()
        if real in seen or not real.is_file():
            continue
        seen.add(real)
        add("license", f"/usr/share/common-licenses/{p.name}", cut(read_text(real) or "", LONG_MAX_CHARS) or None,
            p.name)
    cands = files_under(DOC, "*/copyright")
    take("license", cands, 16, "copyright", lambda p: cut(read_text(p) or "") or None,
         lambda p: f"copyright-{doc_pkg(p)}")


def man_pages():
    def src(p):
        return f"{p} (man -l, MANWIDTH=80, col -bx)"

    en = []
    for sec in ("man1", "man5", "man7", "man8"):
        en += files_under(MAN / sec, "*.gz")
    gcloud = [p for p in en if p.name.startswith(("gcloud", "bq", "gsutil"))]
    other = [p for p in en if p not in set(gcloud)]
    take("man", other, 50, "man-en", lambda p: cut(render_man(p) or "") or None, lambda p: p.name[:-3], src)
    take("man", gcloud, 4, "man-gcloud", lambda p: cut(render_man(p) or "") or None, lambda p: p.name[:-3], src)
    quota = {"de": 14, "fr": 14, "es": 8, "it": 6, "pt": 5, "pl": 4, "nl": 4, "sv": 3, "ru": 5, "ja": 4,
             "zh_CN": 3, "uk": 2, "cs": 1, "tr": 2}
    for lang, n in quota.items():
        cands = files_under(MAN / lang, "man*/*.gz")
        take("man-i18n", cands, n, f"man-{lang}", lambda p: cut(render_man(p) or "") or None,
             lambda p, lang=lang: f"{lang}/{p.name[:-3]}", src)


def readmes():
    cands = [p for p in files_under(DOC, "*/*") if p.name.upper().startswith("README") and "Debian" not in p.name]
    take("readme", cands, 30, "readme", lambda p: cut(read_text(p) or "") or None, lambda p: f"{doc_pkg(p)}/{p.name}",
         group=doc_pkg, per_group=1)
    meta = [p for d in SITE_DIRS for p in files_under(d, "*.dist-info/METADATA")]
    take("package-metadata", meta, 22, "metadata", lambda p: cut(read_text(p) or "") or None,
         lambda p: p.parent.name.removesuffix(".dist-info"),
         lambda p: str(p).replace(str(pathlib.Path.home()), "~"))


def code_docs():
    def docstring(p):
        src = read_text(p)
        if not src:
            return None
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError):
            return None
        parts = []
        d = ast.get_docstring(tree)
        if d:
            parts.append(d)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                nd = ast.get_docstring(node)
                if nd:
                    parts.append(f"{node.name}\n\n{nd}")
        text = "\n\n".join(parts)
        return cut(text) + "\n" if len(text) > 600 else None

    cands = files_under(PYLIB, "*.py") + files_under(PYLIB, "*/*.py")
    take("code-doc", cands, 32, "docstrings", docstring, lambda p: str(p.relative_to(PYLIB)),
         lambda p: f"{p} (module, class and function docstrings)")


def source_code():
    cands = (files_under(PYLIB, "*.py") + files_under(pathlib.Path("/usr/include"), "*.h")
             + files_under(DOC, "*/examples/*") + files_under(pathlib.Path("/usr/share/doc/nodejs/api"), "*.json.gz"))
    take("source-code", cands, 22, "source", lambda p: cut(read_text(p) or "") or None,
         lambda p: p.name)


def html_pages():
    cands = files_under(DOC, "**/*.html")
    big = {p for p in cands if p.stat().st_size > 3_000_000}
    cands = [p for p in cands if p not in big]

    def load(p):
        raw = read_text(p)
        if not raw:
            return None
        text, _ = html_to_text(raw)
        return cut(text) if text else None

    take("html-text", cands, 30, "html", load, lambda p: str(p.relative_to(DOC)),
         lambda p: f"{p} (HTML to text: block tags become line breaks)", group=doc_pkg, per_group=4)


def data_files():
    cands = [pathlib.Path(p) for p in [
        "/usr/share/i18n/SUPPORTED", "/etc/services", "/etc/protocols", "/usr/share/zoneinfo/tzdata.zi",
        "/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/iso3166.tab",
        "/usr/share/doc/gcc-12-base/C++/libstdc++_symbols.txt.amd64",
        "/usr/share/doc/libdb5.3/build_signature_amd64.txt", "/usr/share/doc/publicsuffix/examples/test_psl.txt",
        "/usr/share/doc/python3-pip/requirements.txt", "/usr/share/doc/apt/examples/sources.list",
        "/usr/share/doc/adduser/examples/adduser.conf", "/usr/share/doc/yq/cli-doc.txt",
    ]] + files_under(SHARED / "office" / "documents", "*.csv")
    for p in cands:
        text = read_text(p)
        if text and len(text.strip()) > 50:
            add("data", str(p).replace(f"{ROOT.parent}/", "../"), cut(text), p.name)
    aapl = read_text(SHARED / "office" / "expected_result" / "2022_Q3_AAPL.pdf.txt")
    if aapl:
        for k, start in enumerate(range(0, min(len(aapl), 48_000), 12_000)):
            add("data", f"../shared/corpus/office/expected_result/2022_Q3_AAPL.pdf.txt (chars {start}-)",
                cut(aapl[start:]), f"2022_Q3_AAPL-{k}")


# --- realistic low-quality pages ------------------------------------------------------------
# Web crawls are full of pages that are mostly boilerplate. These are built from templates
# (the boilerplate phrases below are the stock phrases such pages use) around real text and
# real link lists taken from the HTML documentation on this machine.

COOKIE = [
    "This website uses cookies to ensure you get the best experience on our website.",
    "We use cookies to personalise content and ads, and to analyse our traffic. By continuing to browse you agree to our use of cookies.",
    "Accept all cookies",
    "Manage preferences",
    "Read our Privacy Policy and Terms of Use.",
    "Cookie Policy",
]
JS = [
    "Please enable JavaScript to view this page.",
    "JavaScript is disabled in your browser. For the best experience, please enable JavaScript.",
    "You need to enable JavaScript to run this app.",
    "This site requires JavaScript.",
]
NAV = ["Home", "About", "Products", "Blog", "Contact", "Login", "Sign up", "Search", "Menu", "Help",
       "Careers", "Press", "Terms", "Privacy", "Sitemap", "Back to top"]
FOOTER = ["Copyright © 2024 All rights reserved.", "Follow us on Twitter, Facebook and Instagram.",
          "Subscribe to our newsletter", "Share this page:", "Powered by WordPress"]


def lorem_text():
    for pattern in ["/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3*/site-packages/setuptools/_vendor/jaraco/text/Lorem ipsum.txt",
                    "/usr/lib/python3*/site-packages/setuptools/_vendor/jaraco/text/Lorem ipsum.txt"]:
        for p in sorted(pathlib.Path("/").glob(pattern.lstrip("/"))):
            t = read_text(p)
            if t:
                return t, str(p)
    return ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
            "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
            "laboris nisi ut aliquip ex ea commodo consequat.\n", "built-in")


def paragraphs_from(paths, n, salt):
    """Real prose paragraphs (3+ sentences) from the given files."""
    out = []
    for p in sorted(paths, key=lambda p: rank(str(p), salt)):
        t = read_text(p)
        if not t:
            continue
        for para in re.split(r"\n\s*\n", t):
            para = " ".join(para.split())
            if 300 < len(para) < 1500 and para.count(". ") >= 2 and not para.startswith(("*", "-", "#")):
                out.append((para, str(p)))
                break
        if len(out) >= n:
            break
    return out


def repeated_pages(paras):
    """Real paragraphs with the repetition scraped pages show: a block pasted twice, a header
    and footer on every page, a sentence duplicated by a copy-paste slip, a stock phrase."""
    if len(paras) < 8:
        return
    for i in range(36):
        body, src = paras[i % len(paras)]
        others = [paras[(i + k) % len(paras)][0] for k in range(1, 4)]
        sents = [x for x in re.split(r"(?<=[.!?]) ", body) if x]
        v = i % 6
        if v == 0:    # the same paragraph pasted several times
            text = "\n\n".join([body] * (2 + i % 3))
        elif v == 1:  # a running header and footer around every sentence
            text = "\n".join(x for s_ in sents for x in ("Company Name - Internal Documentation", s_, "Page footer"))
        elif v == 2:  # distinct paragraphs, the first one again at the end
            text = "\n\n".join([body] + others[: 1 + i % 3] + [body])
        elif v == 3:  # a sentence duplicated inside its paragraph
            k = len(sents) // 2
            text = " ".join(sents[: k + 1] + sents[k: k + 1] + sents[k + 1:]) + "\n\n" + others[0]
        elif v == 4:  # several paragraphs, one sentence repeated as a pull quote
            text = "\n\n".join([body, sents[0], others[0], sents[0], others[1]])
        else:         # a stock phrase after every paragraph
            text = "\n\n".join(x for p_ in [body] + others for x in (p_, "Click here to read more about this topic."))
        add("repeated", f"paragraphs of {src} (and neighbours), arranged with repetition", text + "\n", f"repeat-{i}")


def boilerplate():
    texts = []
    html_files = [p for p in files_under(DOC, "**/*.html") if p.stat().st_size < 3_000_000]
    link_pages = []
    for p in sorted(html_files, key=lambda p: rank(str(p), "links")):
        raw = read_text(p)
        if not raw:
            continue
        _, links = html_to_text(raw)
        links = [(t, h) for t, h in links if len(t) < 80]
        if len(links) >= 20:
            link_pages.append((p, links))
        if len(link_pages) >= 12:
            break
    prose_files = [p for p in files_under(DOC, "*/README*") + files_under(DOC, "*/FAQ*")]
    paras = paragraphs_from(prose_files, 40, "paras")
    repeated_pages(paragraphs_from(prose_files, 120, "repeat")[40:])
    lorem, lorem_src = lorem_text()
    lorem_paras = [" ".join(x.split()) for x in lorem.split("\n") if x.strip()]

    def para(i):
        return paras[i % len(paras)] if paras else ("", "none")

    # 1. link lists (navigation / sitemap / index pages)
    for i, (p, links) in enumerate(link_pages[:8]):
        lines = [f"{t}" if i % 2 else f"* [{t}]({h})" for t, h in links[:120]]
        texts.append(("link-list", f"link texts and targets of {p}", "\n".join(lines) + "\n", f"links-{i}"))
    # 2. cookie / privacy banners around a short real paragraph
    for i in range(6):
        body, src = para(i)
        lines = NAV[: 6 + i] + [""] + [body] + [""] + COOKIE[: 2 + i % 4] + FOOTER[: 1 + i % 4]
        texts.append(("cookie-banner", f"template + paragraph of {src}", "\n".join(lines) + "\n", f"cookie-{i}"))
    # 3. "enable JavaScript" pages: short, or around real text
    for i in range(6):
        body, src = para(10 + i)
        lines = [JS[i % len(JS)]]
        if i % 2:
            lines += ["", body, "", JS[(i + 1) % len(JS)]]
        lines += FOOTER[: i % 3]
        texts.append(("javascript-warning", f"template + paragraph of {src}", "\n".join(lines) + "\n", f"js-{i}"))
    # 4. lorem ipsum placeholder pages, alone or mixed with real text
    for i in range(5):
        body, src = para(20 + i)
        parts = lorem_paras[: 1 + i]
        if i % 2:
            parts = [body] + parts + [body]
        texts.append(("lorem-ipsum", f"{lorem_src} + paragraph of {src}", "\n\n".join(parts) + "\n", f"lorem-{i}"))
    # 6. tables of numbers
    for i in range(4):
        rows = []
        for r in range(20 + 10 * i):
            h = hashlib.sha1(f"table{i}-{r}".encode()).digest()
            rows.append(" | ".join(str(b * (r + 1)) for b in h[: 4 + i]))
        texts.append(("number-table", "generated table of numbers", "\n".join(rows) + "\n", f"numbers-{i}"))
    # 7. teaser lists ending in ellipses, hashtag spam, bullet-only pages
    for i in range(4):
        body, src = para(31 + i)
        sents = [s for s in re.split(r"(?<=\.) ", body) if len(s) > 20]
        lines = [s.rstrip(".") + "..." for s in sents] + ["Read more…"] * (1 + i)
        texts.append(("teasers", f"sentences of {src}", "\n".join(lines) + "\n", f"teasers-{i}"))
    for i in range(3):
        body, src = para(35 + i)
        words = [w.strip(".,;:()") for w in body.split() if len(w) > 4][:30]
        tags = " ".join("#" + w.lower() for w in words)
        texts.append(("hashtags", f"words of {src}", f"{body}\n\n{tags}\n", f"hashtags-{i}"))
    for i, (p, links) in enumerate(link_pages[8:12]):
        lines = [("• " if i % 2 else "- ") + t for t, _ in links[:80]]
        texts.append(("bullets", f"link texts of {p}", "\n".join(lines) + "\n", f"bullets-{i}"))
    # 8. tiny pages
    for i, t in enumerate(["404 Not Found\n\nThe requested URL was not found on this server.\n",
                           "Loading...\n", "Redirecting to the new site. If you are not redirected, click here.\n",
                           "Access denied\n", "Under construction. Please come back later!\n",
                           "Sign in to continue\n\nEmail\nPassword\nForgot password?\nSign in\n"]):
        texts.append(("tiny", "template", t, f"tiny-{i}"))
    for sub, src, text, ident in texts:
        add("boilerplate", f"{sub}: {src}", text, ident)


def main():
    prose()
    changelogs()
    licenses()
    man_pages()
    readmes()
    code_docs()
    source_code()
    html_pages()
    data_files()
    boilerplate()
    ids = Counter(d["id"] for d in DOCS)
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        sys.exit(f"duplicate ids: {dup}")
    with open(OUT, "w", encoding="utf-8") as f:
        for d in DOCS:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    kinds = Counter(d["kind"] for d in DOCS)
    print(f"{len(DOCS)} documents, {OUT.stat().st_size / 1e6:.2f} MB -> {OUT}")
    for k, c in sorted(kinds.items()):
        print(f"  {k:18} {c}")


if __name__ == "__main__":
    main()
