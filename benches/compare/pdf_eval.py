"""PDF text extraction: corpusforge beside pdftotext, PyMuPDF, pypdf, pdfminer.six, pdf_oxide
and kreuzberg, scored against known text.

Inputs: every PDF with a ground truth, i.e. `tests/pdf/generated/<name>.pdf` (truth
`<name>.expected.txt` beside it) and the shared corpus PDFs listed in
`scripts/make-pdf-corpus-truth.py` (truth `tests/pdf/corpus-truth/<folder>.expected.txt`).
See tests/pdf/README.md. Quality: word F1 and order similarity from ../shared/scoring.py, per
file and as a mean over the files (a file a tool fails on scores 0). Speed: seconds to extract
all files, median of CF_PDF_RUNS (default 3) runs alternating the tools, and input MB/s.

    python benches/compare/pdf_eval.py [--verbose]      # Markdown on stdout

corpusforge runs as its CLI, `corpusforge extract FILE --format text` (CF_CLI, else
$CARGO_TARGET_DIR/release/corpusforge, default ~/.cache/corpusforge-target), one process per
file, since `extract` takes a single file: its time includes a process start per file. When
the corpusforge Python package is importable, `corpusforge.extract(path).text` is timed too,
in process like the Python peers, and the speed ratio is taken against it. Every peer is
optional: one that is not installed is skipped with a note. Run through run.py (stage `pdf`)
or on its own with the peers' venv python.
"""

import importlib.util
import logging
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "pdf"
GENERATED = ROOT / "tests" / "pdf" / "generated"
CORPUS_TRUTH = ROOT / "tests" / "pdf" / "corpus-truth"
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", pathlib.Path.home() / ".cache/corpusforge-target"))
RUNS = int(os.environ.get("CF_PDF_RUNS", "3"))
CLI_TIMEOUT = 120

sys.path.insert(0, str(SHARED))
from scoring import order_similarity, word_f1  # noqa: E402


def version(dist):
    from importlib.metadata import version as v

    try:
        return v(dist)
    except Exception:  # noqa: BLE001 - a missing version is reported, not fatal
        return "?"


def inputs():
    """[(label, pdf, truth)]: the generated fixtures, then the shared corpus files."""
    items = []
    for pdf in sorted(GENERATED.glob("*.pdf")):
        items.append((f"generated/{pdf.name}", pdf, pdf.with_name(pdf.name[:-4] + ".expected.txt")))
    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "scripts" / "make-pdf-corpus-truth.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for folder, name in mod.PDFS.items():
        truth = CORPUS_TRUTH / f"{folder}.expected.txt"
        pdf = CORPUS / folder / name
        if truth.exists() and pdf.exists():
            items.append((f"corpus/{folder}/{name}", pdf, truth))
    return items


# --- extractors: name -> (version, fn(path) -> text); notes for the skipped ones ---------------


def cli_path():
    return pathlib.Path(os.environ.get("CF_CLI") or TARGET / "release" / "corpusforge")


def extractors(only=None):
    """name -> (version, fn); `only` (a tool name) imports that tool alone (for memory_eval)."""
    tools, notes = {}, []

    def wanted(name):
        return only is None or only == name

    if wanted("corpusforge"):
        cli = cli_path()
        if cli.exists():
            def cf_cli(path, cli=str(cli)):
                r = subprocess.run([cli, "extract", str(path), "--format", "text"], capture_output=True,
                                   timeout=CLI_TIMEOUT)
                if r.returncode != 0:
                    raise RuntimeError(r.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or r.returncode)
                return r.stdout.decode("utf-8", "replace")
            v = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout.split()
            tools["corpusforge"] = (v[-1] if v else "?", cf_cli)
        else:
            notes.append(f"corpusforge: no CLI at `{cli}` (set CF_CLI or build with `cargo build --release -p corpusforge-cli`)")

    if wanted("corpusforge (Python)"):
        try:
            import corpusforge
            if hasattr(corpusforge, "extract"):
                tools["corpusforge (Python)"] = (corpusforge.__version__, lambda p: corpusforge.extract(str(p)).text)
        except ImportError:
            notes.append("corpusforge (Python): package not importable, only the CLI is timed")

    if wanted("pdftotext"):
        exe = shutil.which("pdftotext")
        if exe:
            def pdftotext(path):
                r = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=CLI_TIMEOUT)
                if r.returncode != 0:
                    raise RuntimeError(r.stderr.decode("utf-8", "replace").strip()[:200])
                return r.stdout.decode("utf-8", "replace")
            v = subprocess.run([exe, "-v"], capture_output=True, text=True)
            first = (v.stderr or v.stdout).split("\n")[0].split()
            tools["pdftotext"] = (first[-1] if first else "?", pdftotext)
        else:
            notes.append("pdftotext: not installed (Debian package poppler-utils)")

    if wanted("PyMuPDF"):
        try:
            try:
                import pymupdf
            except ImportError:
                import fitz as pymupdf

            def pymupdf_text(path):
                with pymupdf.open(str(path)) as doc:
                    return "\n".join(page.get_text() for page in doc)
            tools["PyMuPDF"] = (version("PyMuPDF"), pymupdf_text)
        except ImportError:
            notes.append("PyMuPDF: not installed")

    if wanted("pypdf"):
        try:
            import pypdf
            logging.getLogger("pypdf").setLevel(logging.ERROR)

            def pypdf_text(path):
                return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
            tools["pypdf"] = (pypdf.__version__, pypdf_text)
        except ImportError:
            notes.append("pypdf: not installed")

    if wanted("pdfminer.six"):
        try:
            from pdfminer.high_level import extract_text as pdfminer_text
            logging.getLogger("pdfminer").setLevel(logging.ERROR)
            tools["pdfminer.six"] = (version("pdfminer.six"), lambda p: pdfminer_text(str(p)))
        except ImportError:
            notes.append("pdfminer.six: not installed")

    if wanted("pdf_oxide"):
        try:
            import pdf_oxide
            try:
                pdf_oxide.disable_logging()
            except Exception:  # noqa: BLE001 - only quiets its warnings
                pass

            def pdf_oxide_text(path):
                doc = pdf_oxide.PdfDocument(str(path))
                return "\n".join(doc.extract_text(i) for i in range(doc.page_count()))
            tools["pdf_oxide"] = (version("pdf_oxide"), pdf_oxide_text)
        except ImportError:
            notes.append("pdf_oxide: not installed")

    if wanted("kreuzberg"):
        try:
            import kreuzberg
            config = kreuzberg.ExtractionConfig(use_cache=False)  # every timed call extracts
            tools["kreuzberg"] = (version("kreuzberg"),
                                  lambda p: kreuzberg.extract_file_sync(str(p), config=config).content)
        except ImportError:
            notes.append("kreuzberg: not installed")

    return tools, notes


# --- scoring and timing -----------------------------------------------------------------------


def score(tools, items):
    """{tool: [(f1, order, error or None) per item]}; also warms every tool up."""
    out = {}
    for name, (_, fn) in tools.items():
        rows = []
        for _, pdf, truth in items:
            want = truth.read_text(encoding="utf-8")
            try:
                got, err = fn(pdf), None
            except Exception as e:  # noqa: BLE001 - a failure scores 0 for that file, not a crash
                got, err = "", f"{type(e).__name__}: {str(e)[:160]}"
            rows.append((word_f1(got, want), order_similarity(got, want), err))
        out[name] = rows
    return out


def race(tools, paths, runs=RUNS):
    """Median seconds per tool to extract all the files, alternating tools in each round (the
    starting tool rotates from round to round); a failing call is timed like any other."""
    names = list(tools)
    times = {n: [] for n in names}
    for r in range(runs):
        for n in names[r % len(names):] + names[:r % len(names)]:
            fn = tools[n][1]
            t0 = time.perf_counter()
            for p in paths:
                try:
                    fn(p)
                except Exception:  # noqa: BLE001 - scored separately
                    pass
            times[n].append(time.perf_counter() - t0)
    return {n: statistics.median(ts) for n, ts in times.items()}


def section(verbose=False):
    items = inputs()
    tools, notes = extractors()
    scores = score(tools, items)
    paths = [pdf for _, pdf, _ in items]
    mb = sum(p.stat().st_size for p in paths) / 1e6
    secs = race(tools, paths)
    ok = {n: sum(err is None for _, _, err in rows) for n, rows in scores.items()}
    base = next((n for n in ("corpusforge (Python)", "corpusforge") if n in tools and ok[n]), None)

    n_gen = sum(label.startswith("generated/") for label, _, _ in items)
    lines = [
        "## PDF extraction: corpusforge vs pdftotext, PyMuPDF, pypdf, pdfminer.six, pdf_oxide, kreuzberg",
        "",
        f"{len(items)} PDFs with known text ({mb:.2f} MB): {n_gen} made by "
        "`scripts/make-pdf-fixtures.sh` in `tests/pdf/generated/` (LibreOffice, Chromium, groff man "
        f"pages, a two-column page) and {len(items) - n_gen} of `../shared/corpus/pdf/` with the truth "
        "in `tests/pdf/corpus-truth/` (see `tests/pdf/README.md`). Quality: mean over the files of "
        "word F1 and order similarity (`../shared/scoring.py`) against the truth, a failed file "
        "scoring 0. Speed: seconds to extract every file once, median of "
        f"{RUNS} runs alternating the tools (a failed call counts its time; a tool that failed on "
        "every file gets its seconds in brackets and no speed); MB/s = input MB / seconds; time vs corpusforge = "
        f"tool seconds / {base or 'corpusforge'} seconds. Each tool with its defaults: "
        "`corpusforge extract FILE --format text` (one process per file: `extract` takes one file, so "
        "its time includes a process start per file), `corpusforge.extract(path).text` (Python "
        "package, in process), `pdftotext -enc UTF-8 FILE -` (one process per file), PyMuPDF "
        "`page.get_text()`, pypdf `page.extract_text()`, pdfminer.six `extract_text`, pdf_oxide "
        "`PdfDocument.extract_text(page)`, kreuzberg `extract_file_sync` (cache off).",
        "",
        "| tool | version | files OK | mean F1 | mean order | seconds | MB/s | time vs corpusforge |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (ver, _) in tools.items():
        rows = scores[name]
        f1 = statistics.mean(r[0] for r in rows) if rows else 0.0
        order = statistics.mean(r[1] for r in rows) if rows else 0.0
        if ok[name]:
            ratio = f"{secs[name] / secs[base]:.2f}x" if base else "–"
            speed = f"{secs[name]:.3f} | {mb / secs[name]:.2f} | {ratio}"
        else:  # failing at once on every file is not speed
            speed = f"({secs[name]:.3f}) | – | –"
        lines.append(f"| {name} | {ver} | {ok[name]}/{len(items)} | {f1:.3f} | {order:.3f} | {speed} |")
    lines.append("")
    if not base:
        lines += ["corpusforge extracted none of the files, so no speed ratio.", ""]
    for n in notes:
        lines.append(f"- skipped {n}")
    for name, rows in scores.items():
        errs = [(label, err) for (label, _, _), (_, _, err) in zip(items, rows) if err]
        if errs:
            shown = "; ".join(f"`{label.split('/')[-1]}`" for label, _ in errs[:6])
            more = f" and {len(errs) - 6} more" if len(errs) > 6 else ""
            lines.append(f"- {name} failed on {len(errs)} file(s): {shown}{more}: `{errs[0][1]}`")
    if notes or any(err for rows in scores.values() for _, _, err in rows):
        lines.append("")
    if verbose:
        names = list(tools)
        lines += [
            "Per file, F1 / order (`fail` = the tool raised or exited non-zero):",
            "",
            "| file | KB | " + " | ".join(names) + " |",
            "|---|---:|" + "---:|" * len(names),
        ]
        for i, (label, pdf, _) in enumerate(items):
            cells = []
            for n in names:
                f1, order, err = scores[n][i]
                cells.append("fail" if err else f"{f1:.3f} / {order:.3f}")
            lines.append(f"| {label} | {pdf.stat().st_size / 1024:.0f} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


if __name__ == "__main__":
    print("\n".join(section(verbose="--verbose" in sys.argv[1:] or "-v" in sys.argv[1:])))
