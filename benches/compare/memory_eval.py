"""Peak memory per stage, corpusforge beside each peer, on the inputs the speed sections use.

Every (stage, tool) runs in its own Python process (`python memory_eval.py STAGE TOOL`): it
imports the tool, loads the input and builds what the tool needs (a spaCy model, a splitter,
an analyzer), which is the baseline; then it runs the stage once over the input. The child
reports its peak RSS (`VmHWM`, see peak.py) before and after the work: the peak is the
process's whole high-water mark; "added by the work" is how far the work pushed it past the
baseline, i.e. the stage's own working memory. Run through `make compare` (this section
alone: `CF_COMPARE_STAGES=memory make compare`).
"""

import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import peak  # noqa: E402


def _text(kind, size):
    import run

    return run.bench_input(kind, size)


# --- cases: (stage, tool) -> setup() returning the zero-argument work -----------------------
# Set-up ends with one call on a short text, so lazily built tables (compiled regexes,
# language profiles, spaCy pipes) count as set-up for every tool alike; extractors read the
# first file once.

WARM_UP = ("Dr. Jane Roe wrote to jane.roe@example.com on 3 March 2024. She called +1 202 555 0143 "
           "twice. The report, version 2.1, is attached.\n\nKind regards, the team. ") * 4


def normalize_cf():
    import corpusforge

    text = _text("utf8_clean", 1 << 20)
    corpusforge.normalize(WARM_UP)
    return lambda: corpusforge.normalize(text)


def normalize_ftfy():
    import ftfy

    text = _text("utf8_clean", 1 << 20)
    ftfy.fix_text(WARM_UP)
    return lambda: ftfy.fix_text(text)


def sentences_cf():
    import corpusforge

    text = _text("ascii_clean", 1 << 20)
    corpusforge.split_sentences(WARM_UP)
    return lambda: corpusforge.split_sentences(text)


def sentences_sentencex():
    import sentencex

    text = _text("ascii_clean", 1 << 20)
    list(sentencex.segment("en", WARM_UP))
    return lambda: list(sentencex.segment("en", text))


def sentences_pysbd():
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    text = _text("ascii_clean", 1 << 20)[:100_000]
    seg.segment(WARM_UP)
    return lambda: seg.segment(text)


def sentences_cf_small():
    import corpusforge

    text = _text("ascii_clean", 1 << 20)[:100_000]
    corpusforge.split_sentences(WARM_UP)
    return lambda: corpusforge.split_sentences(text)


def _chunk_text():
    return _text("utf8_clean", 1 << 20) + _text("ascii_clean", 1 << 20)


def chunking_cf():
    import corpusforge

    text = _chunk_text()
    corpusforge.chunk(WARM_UP, max_chars=1000)
    return lambda: [c.text for c in corpusforge.chunk(text, max_chars=1000)]


def chunking_sts():
    from semantic_text_splitter import TextSplitter

    sts, text = TextSplitter(1000), _chunk_text()
    sts.chunks(WARM_UP)
    return lambda: sts.chunks(text)


def chunking_langchain():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    lc, text = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0), _chunk_text()
    lc.split_text(WARM_UP)
    return lambda: lc.split_text(text)


def chunking_chonkie():
    from chonkie import RecursiveChunker

    ch, text = RecursiveChunker(tokenizer="character", chunk_size=1000), _chunk_text()
    ch.chunk(WARM_UP)
    return lambda: [c.text for c in ch.chunk(text)]


def _office_paths():
    import run

    return [p for _, p, _ in run.extraction_inputs()]


def extraction_cf():
    import corpusforge

    paths = _office_paths()
    corpusforge.extract(str(paths[0]))
    return lambda: [corpusforge.extract(str(p)).text for p in paths]


def extraction_kreuzberg():
    import kreuzberg

    paths, config = _office_paths(), kreuzberg.ExtractionConfig(use_cache=False)
    kreuzberg.extract_file_sync(str(paths[0]), config=config)
    return lambda: [kreuzberg.extract_file_sync(str(p), config=config).content for p in paths]


def _pdf_tool(name):
    import pdf_eval

    tools, _ = pdf_eval.extractors(only=name)
    fn = tools[name][1]
    paths = [p for _, p, _ in pdf_eval.inputs()]
    fn(paths[0])
    return lambda: [fn(p) for p in paths]


def _pii_texts():
    import pii_eval

    return [text for text, _ in pii_eval.load_faker_set()]


def pii_cf():
    import corpusforge

    texts = _pii_texts()
    corpusforge.find_pii(WARM_UP)
    return lambda: [corpusforge.find_pii(t) for t in texts]


def pii_presidio():
    import pii_eval

    detect, texts = pii_eval.presidio_detector(), _pii_texts()
    detect(WARM_UP)
    return lambda: [detect(t) for t in texts]


def _quality_texts():
    import quality_eval

    return quality_eval.load_corpus()


def quality_cf():
    import corpusforge
    import quality_eval

    docs = _quality_texts()
    corpusforge.quality(WARM_UP, presets=quality_eval.PRESETS, language="en")
    return lambda: [corpusforge.quality(d["text"], presets=quality_eval.PRESETS, language="en") for d in docs]


def quality_datatrove():
    import quality_eval
    from datatrove.data import Document

    docs, filters = _quality_texts(), quality_eval.datatrove_filters()
    for flt in filters.values():
        flt.filter(Document(text=WARM_UP, id="warm-up"))
    return lambda: [quality_eval.run_filter(f, d) for d in docs for f in filters.values()]


def dedup_cf():
    import corpusforge
    import dedup_eval

    texts = dedup_eval.load_corpus()
    corpusforge.dedup([WARM_UP, WARM_UP])
    return lambda: corpusforge.dedup(texts)


def dedup_datasketch():
    import dedup_eval

    texts = dedup_eval.load_corpus()
    _, _, dedup = dedup_eval.datasketch_tools()
    dedup([WARM_UP, WARM_UP])
    return lambda: dedup(texts)


CASES = {
    "normalize (1 MB multilingual)": [("corpusforge", normalize_cf), ("ftfy `fix_text`", normalize_ftfy)],
    "sentences (1 MB)": [("corpusforge", sentences_cf), ("sentencex", sentences_sentencex)],
    "sentences (0.1 MB)": [("corpusforge", sentences_cf_small), ("pySBD", sentences_pysbd)],
    "chunking (2 MB, 1000 chars)": [("corpusforge", chunking_cf), ("semantic-text-splitter", chunking_sts),
                                    ("LangChain recursive", chunking_langchain),
                                    ("chonkie recursive", chunking_chonkie)],
    "extraction (office + generated files)": [("corpusforge", extraction_cf), ("kreuzberg", extraction_kreuzberg)],
    "PDF (22 files)": [(name, lambda name=name: _pdf_tool(name))
                       for name in ("corpusforge (Python)", "PyMuPDF", "pypdf", "pdfminer.six", "pdf_oxide",
                                    "kreuzberg")],
    "PII (faker set)": [("corpusforge", pii_cf), ("Presidio", pii_presidio)],
    "quality (518 documents, 4 presets)": [("corpusforge", quality_cf), ("datatrove, 4 filters", quality_datatrove)],
    "dedup (1036 texts)": [("corpusforge `dedup`", dedup_cf), ("datasketch MinHash + LSH", dedup_datasketch)],
}


def child(stage, tool):
    setup = dict(CASES[stage])[tool]
    work = setup()
    before = peak.hwm_mib()
    work()
    print(json.dumps({"before": before, "after": peak.hwm_mib()}))


def measure(stage, tool):
    r = subprocess.run([sys.executable, __file__, stage, tool], capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        tail = (r.stderr.strip().splitlines() or ["failed"])[-1]
        return None, tail[:120]
    return json.loads(r.stdout.strip().splitlines()[-1]), None


def section():
    rows = []
    for stage, tools in CASES.items():
        for tool, _ in tools:
            m, err = measure(stage, tool)
            if m is None:
                rows.append(f"| {stage} | {tool} | failed: `{err}` | |")
            else:
                rows.append(f"| {stage} | {tool} | {m['after']:.0f} | {m['after'] - m['before']:.0f} |")
    return [
        "## Memory: peak RSS per stage",
        "",
        "Each tool in its own process on the stage's input from the sections above: imports, input and "
        "set-up (models, splitters, analyzers) first, then one pass of the stage. Peak = the process's "
        "peak RSS (`VmHWM`); added = how far the pass pushed the peak past the set-up's, the stage's "
        "own working memory (0 when the pass fits in what set-up already touched). The whole pipeline's "
        "peak RSS, and how it grows with input, is in the Pipeline section.",
        "",
        "| stage (input) | tool | peak RSS (MiB) | added by the pass (MiB) |",
        "|---|---|---:|---:|",
        *rows,
        "",
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], sys.argv[2])
    else:
        print("\n".join(section()))
