"""corpusforge's quality presets against Hugging Face datatrove's filters, on the agreement
corpus (tests/quality/agreement-corpus.jsonl). Run with the peers' Python:

    ~/.cache/corpusforge-peers/bin/python benches/compare/quality_eval.py [--no-timing]

For every document it calls datatrove's GopherQualityFilter(), GopherRepetitionFilter(),
C4QualityFilter() and FineWebQualityFilter() (all defaults, English) directly through
`.filter(Document(text=..., id=...))`, not through a pipeline executor, and records keep or
the drop reason in tests/quality/datatrove-decisions.jsonl (committed, so that Rust tests
check agreement without Python). When `corpusforge.quality` exists it then compares
decisions and times both tools. `section()` returns the Markdown section run.py puts in
benches/RESULTS.md (`CF_COMPARE_STAGES=quality`).

Decisions file: one JSON object a line, in corpus order:
  {"id", "text_sha1", "gopher_quality", "gopher_repetition", "c4", "fineweb",
   "words", "non_symbol_words", "datatrove", "spacy"}
where each preset holds None (kept) or datatrove's own reason string (e.g. "gopher_short_doc"),
`words` / `non_symbol_words` are len(split_into_words(text)) and the Gopher count of words
with a character outside PUNCTUATION_SET (to debug tokenizer differences), and `datatrove` /
`spacy` are the versions that decided.

corpusforge's reason for a preset is "preset:name". `name` may be datatrove's reason string
itself or the name of the threshold that fired (REASON_NAMES below); both count as the same
reason.
"""

import hashlib
import json
import os
import pathlib
import statistics
import sys
import time
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "quality" / "agreement-corpus.jsonl"
DECISIONS = ROOT / "tests" / "quality" / "datatrove-decisions.jsonl"
PRESETS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"]
FILTER_NAMES = {"gopher_quality": "GopherQualityFilter", "gopher_repetition": "GopherRepetitionFilter",
                "c4": "C4QualityFilter", "fineweb": "FineWebQualityFilter"}
RUNS = int(os.environ.get("CF_QUALITY_RUNS", "3"))
# corpusforge's calls per round (the round's median): they take a fraction of a second.
CF_REPEATS = int(os.environ.get("CF_QUALITY_CF_REPEATS", "7"))
MAX_LISTED = 25  # disagreements listed per preset in the Markdown section

# datatrove's reason -> the name of the threshold (constructor argument) that fired.
REASON_NAMES = {
    "gopher_quality": {
        "gopher_short_doc": "min_doc_words", "gopher_long_doc": "max_doc_words",
        "gopher_below_avg_threshold": "min_avg_word_length", "gopher_above_avg_threshold": "max_avg_word_length",
        "gopher_too_many_hashes": "max_symbol_word_ratio", "gopher_too_many_ellipsis": "max_symbol_word_ratio",
        "gopher_too_many_bullets": "max_bullet_lines_ratio",
        "gopher_too_many_end_ellipsis": "max_ellipsis_lines_ratio",
        "gopher_below_alpha_threshold": "max_non_alpha_words_ratio",
        "gopher_enough_stop_words": "min_stop_words",
    },
    "gopher_repetition": {
        "empty": "empty", "dup_para_frac": "dup_para_frac", "dup_para_char_frac": "dup_para_char_frac",
        "dup_line_frac": "dup_line_frac", "dup_line_char_frac": "dup_line_char_frac",
        **{f"top_{n}_gram": f"top_{n}_gram_frac" for n in (2, 3, 4)},
        **{f"duplicated_{n}_n_grams": f"dup_{n}_gram_frac" for n in range(5, 11)},
    },
    "c4": {"lorem_ipsum": "filter_lorem_ipsum", "curly_bracket": "filter_curly_bracket",
           "too_few_sentences": "min_num_sentences"},
    "fineweb": {"empty": "empty", "line_punct_ratio": "line_punct_thr", "short_line_ratio": "short_line_thr",
                "char_dup_ratio": "char_duplicates_ratio", "list_ratio": "new_line_ratio"},
}


def version(dist):
    from importlib.metadata import version as v

    try:
        return v(dist)
    except Exception:  # noqa: BLE001 - a missing version is reported, not fatal
        return "?"


def load_corpus(path=CORPUS):
    return [json.loads(line) for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


# --- datatrove -----------------------------------------------------------------------------

def datatrove_filters():
    """preset -> a datatrove filter with its defaults (English)."""
    from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                            GopherRepetitionFilter)

    return {"gopher_quality": GopherQualityFilter(), "gopher_repetition": GopherRepetitionFilter(),
            "c4": C4QualityFilter(), "fineweb": FineWebQualityFilter()}


def run_filter(flt, doc):
    """None when datatrove keeps the document, else its reason. A fresh Document each call:
    C4QualityFilter rewrites doc.text (the kept lines) when it keeps a document."""
    from datatrove.data import Document

    out = flt.filter(Document(text=doc["text"], id=doc["id"]))
    if out is True:
        return None
    if isinstance(out, tuple):
        return out[1] if len(out) > 1 and out[1] else "dropped"
    return None if out else "dropped"


def datatrove_decisions(docs):
    from datatrove.utils.text import PUNCTUATION_SET, split_into_words

    filters = datatrove_filters()
    dt_version, spacy_version = version("datatrove"), version("spacy")
    out = []
    for doc in docs:
        words = split_into_words(doc["text"])
        rec = {"id": doc["id"], "text_sha1": hashlib.sha1(doc["text"].encode("utf-8")).hexdigest()}
        for preset, flt in filters.items():
            rec[preset] = run_filter(flt, doc)
        rec["words"] = len(words)
        rec["non_symbol_words"] = sum(1 for w in words if any(ch not in PUNCTUATION_SET for ch in w))
        rec["datatrove"], rec["spacy"] = dt_version, spacy_version
        out.append(rec)
    return out


def write_decisions(decisions, path=DECISIONS):
    with open(path, "w", encoding="utf-8") as f:
        for rec in decisions:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def datatrove_timer():
    """A function () -> {preset: seconds} timing each datatrove filter once over all documents
    (single thread), spaCy and friends loaded before."""
    from datatrove.data import Document
    from datatrove.utils.text import split_into_parts

    filters = datatrove_filters()
    for flt in filters.values():  # load spaCy and friends outside the clock
        flt.filter(Document(text="Warm up. " * 20, id="warm-up"))

    def once(docs):
        times = {}
        for preset, flt in filters.items():
            split_into_parts.cache_clear()  # its lru_cache must not carry words from one filter to the next
            t0 = time.perf_counter()
            for doc in docs:
                flt.filter(Document(text=doc["text"], id=doc["id"]))
            times[preset] = time.perf_counter() - t0
        return times

    return once


# --- corpusforge ---------------------------------------------------------------------------

def corpusforge_quality():
    """A function text -> {preset: None | reason} using corpusforge.quality, or None when the
    installed corpusforge has no `quality`."""
    try:
        import corpusforge
    except ImportError:
        return None
    if not hasattr(corpusforge, "quality"):
        return None
    kwargs = {"presets": PRESETS, "language": "en"}
    try:
        corpusforge.quality("A test. " * 10, **kwargs)
    except TypeError:
        kwargs.pop("language")

    def run(text):
        report = corpusforge.quality(text, **kwargs)
        filters = report["filters"] if isinstance(report, dict) else report.filters
        if callable(filters):
            filters = filters()
        return {p: filters.get(p) for p in PRESETS}

    run.kwargs = kwargs
    return run


def time_corpusforge(cf, docs):
    """Seconds for `quality` called on each document in turn."""
    t0 = time.perf_counter()
    for doc in docs:
        cf(doc["text"])
    return time.perf_counter() - t0


def time_corpusforge_batch(docs, kwargs):
    """Seconds for one `quality_batch` call over all documents, or None without it."""
    import corpusforge

    if not hasattr(corpusforge, "quality_batch"):
        return None
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    corpusforge.quality_batch(texts, **kwargs)
    return time.perf_counter() - t0


def time_rounds(docs, cf, runs=RUNS, cf_repeats=CF_REPEATS):
    """Interleaved rounds: each round times every datatrove filter once, then corpusforge
    `cf_repeats` times (median) one call per document and as one batch, so a slow spell of
    this shared machine slows both sides of a round alike. Returns the median seconds of
    each and the median of the rounds' speed-ups (slowest filter / corpusforge)."""
    datatrove_once = datatrove_timer()
    dt = {p: [] for p in PRESETS}
    single, batch, up_single, up_batch = [], [], [], []
    for _ in range(runs):
        t = datatrove_once(docs)
        for p in PRESETS:
            dt[p].append(t[p])
        slowest = max(t.values())
        if cf is None:
            continue
        ts = statistics.median(time_corpusforge(cf, docs) for _ in range(cf_repeats))
        single.append(ts)
        up_single.append(slowest / ts)
        tb = [time_corpusforge_batch(docs, cf.kwargs) for _ in range(cf_repeats)]
        if tb[0] is not None:
            batch.append(statistics.median(tb))
            up_batch.append(slowest / batch[-1])
    med = lambda xs: statistics.median(xs) if xs else None  # noqa: E731
    return {
        "dt_times": {p: statistics.median(ts) for p, ts in dt.items()},
        "cf_time": med(single),
        "cf_batch_time": med(batch),
        "cf_speedup": med(up_single),
        "cf_batch_speedup": med(up_batch),
        "cf_batch_speedups": up_batch,
    }


def reason_name(preset, reason):
    """The part after 'preset:' of a corpusforge reason, or datatrove's reason."""
    if reason is None:
        return None
    return reason.split(":", 1)[1] if reason.startswith(preset + ":") else reason


def same_reason(preset, datatrove_reason, cf_reason):
    ours = reason_name(preset, cf_reason)
    return ours == datatrove_reason or ours == REASON_NAMES[preset].get(datatrove_reason)


def compare(decisions, cf_results):
    """preset -> summary dict of the comparison."""
    out = {}
    for preset in PRESETS:
        s = Counter()
        disagree = []
        for rec, cf in zip(decisions, cf_results):
            dt, ours = rec[preset], cf[preset]
            s["dt_keep" if dt is None else "dt_drop"] += 1
            s["cf_keep" if ours is None else "cf_drop"] += 1
            if dt is None and ours is None:
                s["both_keep"] += 1
            elif dt is not None and ours is not None:
                if same_reason(preset, dt, ours):
                    s["both_drop_same"] += 1
                else:
                    s["both_drop_other"] += 1
                    disagree.append((rec["id"], dt, ours, "reason"))
            elif dt is None:
                s["only_cf_drops"] += 1
                disagree.append((rec["id"], dt, ours, "keep/drop"))
            else:
                s["only_dt_drops"] += 1
                disagree.append((rec["id"], dt, ours, "keep/drop"))
        n = len(decisions)
        agree = s["both_keep"] + s["both_drop_same"] + s["both_drop_other"]
        out[preset] = {"counts": s, "n": n, "agreement": agree / n if n else 0.0,
                       "reason_agreement": (s["both_keep"] + s["both_drop_same"]) / n if n else 0.0,
                       "disagree": disagree}
    return out


# --- report --------------------------------------------------------------------------------

def evaluate(timing=True):
    """Everything section() and the command line report; writes the decisions file."""
    docs = load_corpus()
    decisions = datatrove_decisions(docs)
    write_decisions(decisions)
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    res = {"docs": docs, "decisions": decisions, "mb": mb, "cf": None, "cf_version": None, "cf_error": None}
    try:
        import corpusforge
        res["cf_version"] = getattr(corpusforge, "__version__", "?")
    except ImportError as e:
        res["cf_error"] = f"{type(e).__name__}: {e}"
    cf = corpusforge_quality()
    if cf is not None:
        cf_results = [cf(d["text"]) for d in docs]
        res["cf"] = compare(decisions, cf_results)
        res["cf_kwargs"] = cf.kwargs
    if timing:
        res.update(time_rounds(docs, cf))
    return res


def pct(x):
    return f"{x:.1%}"


def markdown(res, max_listed=MAX_LISTED):
    docs, decisions, mb = res["docs"], res["decisions"], res["mb"]
    kinds = Counter(d["kind"] for d in docs)
    dt_version = decisions[0]["datatrove"] if decisions else version("datatrove")
    out = [
        "## Quality filters: corpusforge vs datatrove",
        "",
        f"datatrove {dt_version} (spaCy {version('spacy')} `blank(\"en\")` words) filters with their defaults, "
        "`GopherQualityFilter()`, `GopherRepetitionFilter()`, `C4QualityFilter()`, `FineWebQualityFilter()`, "
        "each called as `.filter(Document(text, id))` on a fresh document (no pipeline executor), against "
        "corpusforge's presets `gopher_quality`, `gopher_repetition`, `c4`, `fineweb` "
        "(`corpusforge.quality(text, presets=[...], language=\"en\")`: datatrove judges every document "
        "with English rules). "
        f"Corpus: `tests/quality/agreement-corpus.jsonl`, {len(docs)} real documents, {mb:.2f} MB "
        f"({', '.join(f'{k} {c}' for k, c in sorted(kinds.items()))}); datatrove's decisions are committed "
        "in `tests/quality/datatrove-decisions.jsonl`. Agreement = keep/drop decided alike; "
        "\"same reason\" also needs the same reason (datatrove's reason string or the threshold it "
        "belongs to).",
        "",
        "### datatrove's decisions on the corpus",
        "",
        "| preset | datatrove filter | keep | drop | drop reasons |",
        "|---|---|---:|---:|---|",
    ]
    for p in PRESETS:
        reasons = Counter(r[p] for r in decisions if r[p] is not None)
        keep = sum(1 for r in decisions if r[p] is None)
        out.append(f"| {p} | `{FILTER_NAMES[p]}` | {keep} | {len(decisions) - keep} | "
                   + ", ".join(f"{k} {c}" for k, c in reasons.most_common()) + " |")
    out.append("")
    cf = res["cf"]
    if cf is None:
        why = (f"corpusforge could not be imported (`{res['cf_error']}`)" if res["cf_version"] is None
               else f"corpusforge {res['cf_version']} has no `quality` yet")
        out += [f"Not compared: {why}; only datatrove's decisions were computed "
                "(written to `tests/quality/datatrove-decisions.jsonl`).", ""]
    else:
        out += [
            f"### Agreement (corpusforge {res['cf_version']})",
            "",
            "| preset | agreement | same reason | datatrove keep / drop | corpusforge keep / drop | both keep "
            "| both drop, same reason | both drop, other reason | only datatrove drops | only corpusforge drops |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for p in PRESETS:
            c = cf[p]["counts"]
            out.append(f"| {p} | {pct(cf[p]['agreement'])} | {pct(cf[p]['reason_agreement'])} "
                       f"| {c['dt_keep']} / {c['dt_drop']} | {c['cf_keep']} / {c['cf_drop']} | {c['both_keep']} "
                       f"| {c['both_drop_same']} | {c['both_drop_other']} | {c['only_dt_drops']} "
                       f"| {c['only_cf_drops']} |")
        out.append("")
        for p in PRESETS:
            dis = cf[p]["disagree"]
            if not dis:
                continue
            out.append(f"Disagreements, {p} ({len(dis)}): "
                       + "; ".join(f"`{i}` datatrove {dt or 'keep'}, corpusforge {ours or 'keep'}"
                                   for i, dt, ours, _ in dis[:max_listed])
                       + (f"; and {len(dis) - max_listed} more (`quality_eval.py` lists all)"
                          if len(dis) > max_listed else "") + ".")
            out.append("")
    if "dt_times" in res:
        t = res["dt_times"]
        slowest = max(t, key=t.get)
        total = sum(t.values())
        rows = [f"| datatrove `{FILTER_NAMES[p]}` | {t[p]:.2f} | {mb / t[p]:.2f} | |" for p in PRESETS]
        rows.append(f"| datatrove, the four filters | {total:.2f} | {mb / total:.2f} | |")
        if res.get("cf_time"):
            tc = res["cf_time"]
            rows.append(f"| corpusforge, four presets in one call | {tc:.3f} | {mb / tc:.1f} "
                        f"| {res['cf_speedup']:.0f}x ({total / tc:.0f}x) |")
            if res.get("cf_batch_time"):
                tb = res["cf_batch_time"]
                rows.append(f"| corpusforge `quality_batch` (all cores) | {tb:.3f} | {mb / tb:.1f} "
                            f"| {res['cf_batch_speedup']:.0f}x ({total / tb:.0f}x) |")
        else:
            rows.append("| corpusforge | | | not built |")
        out += [
            "### Speed",
            "",
            f"All {len(docs)} documents ({mb:.2f} MB) one after another, single thread unless said; spaCy "
            f"loaded before the clock starts. {RUNS} interleaved rounds: each times the four datatrove "
            f"filters once, then corpusforge {CF_REPEATS} times (the round's median), so a slow spell of "
            "this shared VM, which moves timings by a fifth or more within minutes, slows both sides of a "
            "round alike. Seconds are medians over the rounds. Speed-up = the median over the rounds of "
            "the round's slowest datatrove filter's time (by median "
            f"`{FILTER_NAMES[slowest]}`) / corpusforge's time, and in brackets the four datatrove "
            "filters' total / corpusforge's time (medians)."
            + (f" The rounds' `quality_batch` speed-ups: "
               f"{', '.join(f'{x:.0f}x' for x in res['cf_batch_speedups'])}."
               if res.get("cf_batch_speedups") else ""),
            "",
            "| tool | seconds | MB/s | speed-up |",
            "|---|---:|---:|---:|",
            *rows,
            "",
        ]
    return "\n".join(out) + "\n"


def section() -> str:
    """The Markdown section for benches/RESULTS.md (run.py's `quality` stage)."""
    return markdown(evaluate(timing=True))


def main(argv):
    timing = "--no-timing" not in argv
    res = evaluate(timing=timing)
    print(f"datatrove {res['decisions'][0]['datatrove']}: decisions for {len(res['decisions'])} documents "
          f"written to {DECISIONS.relative_to(ROOT)}", file=sys.stderr)
    print(markdown(res, max_listed=10**9))
    if res["cf"] is not None:
        for p in PRESETS:
            for i, dt, ours, what in res["cf"][p]["disagree"]:
                print(f"{p}\t{what}\t{i}\tdatatrove={dt or 'keep'}\tcorpusforge={ours or 'keep'}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
