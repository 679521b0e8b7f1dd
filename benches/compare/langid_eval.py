"""Language identification: corpusforge.detect_language beside lingua, langid.py and langdetect
on the labelled set tests/quality/langid-set.jsonl (translated Debian man pages; see
tests/quality/LANGID.md).

    ~/.cache/corpusforge-peers/bin/python benches/compare/langid_eval.py [--tools lingua,langid]

prints the Markdown section (accuracy per length and per language, speed, most common wrong
answers); run.py's `langid` stage (`CF_COMPARE_STAGES=langid make compare`) puts the same
section in benches/RESULTS.md. corpusforge is left out, with a note, when the installed
package has no `detect_language` yet.

Rules:
- a sample counts as right when the tool's answer, as an ISO 639-1 code, equals its label;
  no answer (a tool that declines, an error) is wrong. langdetect's zh-cn/zh-tw are `zh`;
- every tool runs over all its languages (no restriction to the languages of the set), as a
  user would run it on unknown text;
- "languages every tool knows" leaves out the set's languages some peer cannot answer
  (langdetect has no Serbian); the per-language table shows "n/a" there;
- speed: every sample once, one call per sample, single thread, the tools alternating in each
  of `--runs` rounds (3); median; MB is UTF-8 bytes. Model loading is not timed (lingua
  preloads its models). The answers of the first round are the ones scored.
"""

import argparse
import importlib.metadata as md
import json
import os
import pathlib
import statistics
import sys
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "quality" / "langid-set.jsonl"
LENGTHS = ["short", "medium", "long"]
RUNS = int(os.environ.get("CF_LANGID_RUNS", "3"))

NAMES = {
    "cs": "Czech", "da": "Danish", "de": "German", "en": "English", "es": "Spanish",
    "fi": "Finnish", "fr": "French", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sl": "Slovene", "sr": "Serbian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}


def load_set(path=SET):
    return [json.loads(l) for l in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


# --- tools: name -> (label, detect(text) -> ISO 639-1 or None, supported codes or None) ---------

class Tool:
    def __init__(self, name, label, detect, supported=None, confidence=None):
        self.name, self.label, self.detect, self.supported = name, label, detect, supported
        self.confidence = confidence  # text -> (code, score), for corpusforge only


def corpusforge_tool():
    """None, with the reason, when corpusforge or its detect_language is missing."""
    try:
        import corpusforge
    except ImportError as e:
        return None, f"corpusforge not importable ({e})"
    fn = getattr(corpusforge, "detect_language", None)
    if fn is None:
        return None, f"corpusforge {getattr(corpusforge, '__version__', '?')} has no `detect_language` yet"

    def code_of(result):
        if result is None:
            return None
        code = result[0] if isinstance(result, (tuple, list)) else getattr(result, "code", result)
        return str(code).lower() if code else None

    def detect(text):
        return code_of(fn(text))

    def confidence(text):
        r = fn(text)
        if r is None:
            return None, 0.0
        score = r[1] if isinstance(r, (tuple, list)) and len(r) > 1 else getattr(r, "confidence", 0.0)
        return code_of(r), float(score or 0.0)

    return Tool("corpusforge", f"corpusforge {getattr(corpusforge, '__version__', '?')}", detect,
                None, confidence), None


def lingua_tool(low_accuracy=False):
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text):
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else None

    supported = {l.iso_code_639_1.name.lower() for l in Language.all()}
    version = md.version("lingua-language-detector")
    if low_accuracy:
        return Tool("lingua-low", f"lingua {version} (low accuracy mode)", detect, supported)
    return Tool("lingua", f"lingua {version} (high accuracy mode)", detect, supported)


def langid_tool():
    import langid
    import langid.langid as ll

    langid.classify("warm up: loads the model")

    def detect(text):
        return langid.classify(text)[0]

    return Tool("langid", f"langid.py {md.version('langid')}", detect, set(ll.identifier.nb_classes))


def langdetect_tool():
    import langdetect
    from langdetect import DetectorFactory, LangDetectException
    from langdetect import detect as ld_detect

    DetectorFactory.seed = 0  # langdetect samples at random: fixed seed, repeatable answers
    ld_detect("warm up: loads the profiles")

    def detect(text):
        try:
            code = ld_detect(text)
        except LangDetectException:
            return None
        return code.split("-")[0]

    profiles = pathlib.Path(langdetect.__file__).parent / "profiles"
    supported = {p.name.split("-")[0] for p in profiles.iterdir()}
    return Tool("langdetect", f"langdetect {md.version('langdetect')}", detect, supported)


PEERS = {"lingua": lingua_tool, "lingua-low": lambda: lingua_tool(True),
         "langid": langid_tool, "langdetect": langdetect_tool}


def load_tools(names=None):
    """(tools, notes). corpusforge first when it can answer; a peer that fails to load is noted."""
    tools, notes = [], []
    wanted = names or ["corpusforge", *PEERS]
    if "corpusforge" in wanted:
        tool, why = corpusforge_tool()
        if tool:
            tools.append(tool)
        else:
            notes.append(why)
    for name in wanted:
        if name in PEERS:
            try:
                tools.append(PEERS[name]())
            except Exception as e:  # noqa: BLE001 - one missing peer must not hide the others
                notes.append(f"{name} not available ({type(e).__name__}: {e})")
    return tools, notes


# --- running and scoring ------------------------------------------------------------------

def run(tools, samples, runs=RUNS):
    """({tool: [answers]}, {tool: median seconds over all samples}); rounds alternate tools."""
    texts = [s["text"] for s in samples]
    answers, times = {}, defaultdict(list)
    for r in range(runs):
        for tool in tools:
            t0 = time.perf_counter()
            out = [tool.detect(t) for t in texts]
            times[tool.name].append(time.perf_counter() - t0)
            if r == 0:
                answers[tool.name] = out
    return answers, {k: statistics.median(v) for k, v in times.items()}


# Languages so close that telling them apart is a fine distinction which whatlang does not
# make (it has no Bosnian, Malay or Nynorsk): the "close pairs merged" column takes any answer
# from the same group as right.
CLOSE = [{"hr", "bs", "sr"}, {"id", "ms"}, {"da", "nb", "nn", "no"}]


def right(label, answer, merge_close=False):
    if answer == label:
        return True
    return merge_close and any(label in g and answer in g for g in CLOSE)


def accuracy(samples, answers, keep=lambda s: True, merge_close=False):
    pairs = [(s, a) for s, a in zip(samples, answers) if keep(s)]
    if not pairs:
        return None, 0
    return sum(right(s["lang"], a, merge_close) for s, a in pairs) / len(pairs), len(pairs)


def confusions(samples, answers):
    return Counter((s["lang"], a or "none") for s, a in zip(samples, answers) if a != s["lang"])


def pct(x):
    return "" if x is None else f"{100 * x:.1f}"


def section_lines(samples, tools, notes, answers, times, runs=RUNS):
    langs = sorted({s["lang"] for s in samples})
    by_len = Counter(s["length"] for s in samples)
    peers = [t for t in tools if t.supported is not None]
    common = [l for l in langs if all(l in t.supported for t in peers)]
    mb = sum(len(s["text"].encode("utf-8")) for s in samples) / 1e6

    out = ["## Language identification: corpusforge vs lingua, langid.py, langdetect", ""]
    out += [
        f"{', '.join(t.label for t in tools)}. Set: `tests/quality/langid-set.jsonl` "
        f"({len(samples)} samples from translated Debian man pages, {len(langs)} languages; "
        f"{by_len['short']} short of 40-80 characters, {by_len['medium']} medium of about 200, "
        f"{by_len['long']} long of about 1000; Chinese and Japanese may be shorter, see "
        "`tests/quality/LANGID.md`). Right = the ISO 639-1 code equals the label; no answer is "
        "wrong. Each tool runs over all the languages it knows. Rules and script: "
        "`benches/compare/langid_eval.py`.",
        "",
    ]
    out += [f"Note: {n}." for n in notes] + ([""] if notes else [])

    # Accuracy per length.
    head = "| tool | " + " | ".join(f"{l} (%)" for l in LENGTHS) + " | all (%) | all, close languages merged (%) |"
    rows = []
    for subset_name, keep_lang in (("all languages", lambda l: True),
                                   ("languages every tool knows", lambda l: l in common)):
        for t in tools:
            cells = [pct(accuracy(samples, answers[t.name],
                                  lambda s, n=n: s["length"] == n and keep_lang(s["lang"]))[0]) for n in LENGTHS]
            cells.append(pct(accuracy(samples, answers[t.name], lambda s: keep_lang(s["lang"]))[0]))
            cells.append(pct(accuracy(samples, answers[t.name], lambda s: keep_lang(s["lang"]), True)[0]))
            rows.append(f"| {t.label} ({subset_name}) | " + " | ".join(cells) + " |")
    left_out = [l for l in langs if l not in common]
    out += [
        "### Accuracy per length",
        "",
        "Languages every tool knows: "
        + ("all but " + ", ".join(NAMES.get(l, l) for l in left_out) if left_out else "all")
        + " (corpusforge counted as knowing every language of the set). Close languages merged: "
        "an answer of " + "; ".join("/".join(sorted(g)) for g in CLOSE) + " is right for any label of its group.",
        "",
        head,
        "|---|" + "---:|" * (len(LENGTHS) + 2),
        *rows,
        "",
    ]

    # Accuracy per language.
    out += [
        "### Accuracy per language",
        "",
        "Percent right, short / medium / long; n = samples per length; n/a = the tool does not know the language.",
        "",
        "| language | n | " + " | ".join(t.name for t in tools) + " |",
        "|---|---|" + "---|" * len(tools),
    ]
    for lang in langs:
        ns = [sum(1 for s in samples if s["lang"] == lang and s["length"] == n) for n in LENGTHS]
        cells = []
        for t in tools:
            if t.supported is not None and lang not in t.supported:
                cells.append("n/a")
                continue
            accs = [accuracy(samples, answers[t.name], lambda s, n=n: s["lang"] == lang and s["length"] == n)[0]
                    for n in LENGTHS]
            cells.append(" / ".join("-" if a is None else f"{100 * a:.0f}" for a in accs))
        out.append(f"| {NAMES.get(lang, lang)} ({lang}) | {'/'.join(map(str, ns))} | " + " | ".join(cells) + " |")
    out.append("")

    # Most common wrong answers.
    out += ["### Most common wrong answers", "",
            "label → answer (count, all lengths); `none` = no answer.", ""]
    for t in tools:
        c = confusions(samples, answers[t.name])
        top = ", ".join(f"{g}→{a} {k}" for (g, a), k in c.most_common(12))
        out.append(f"- {t.label}: {sum(c.values())} wrong" + (f"; {top}" if top else ""))
    out.append("")

    # corpusforge's confidence.
    cf = next((t for t in tools if t.confidence), None)
    if cf is not None:
        right, wrong = [], []
        for s in samples:
            code, score = cf.confidence(s["text"])
            (right if code == s["lang"] else wrong).append(score)
        mean = lambda xs: f"{statistics.mean(xs):.2f}" if xs else "-"  # noqa: E731
        out += [f"corpusforge's confidence: mean {mean(right)} on right answers ({len(right)}), "
                f"{mean(wrong)} on wrong ones ({len(wrong)}).", ""]

    # Speed.
    rows = [f"| {t.label} | {mb / times[t.name]:.2f} | {len(samples) / times[t.name]:,.0f} |" for t in tools]
    out += [
        "### Speed",
        "",
        f"Every sample once ({len(samples)} calls, {mb:.2f} MB), single thread, median of {runs} "
        "rounds in which the tools alternate; model loading not timed.",
        "",
        "| tool | MB/s | samples/s |",
        "|---|---:|---:|",
        *rows,
        "",
    ]
    return out


def section(tool_names=None, runs=RUNS, set_path=SET) -> str:
    """The Markdown section for benches/RESULTS.md."""
    samples = load_set(set_path)
    tools, notes = load_tools(tool_names)
    answers, times = run(tools, samples, runs)
    return "\n".join(section_lines(samples, tools, notes, answers, times, runs))


def main():
    ap = argparse.ArgumentParser(description="Language identification accuracy and speed on the man-page set.")
    ap.add_argument("--tools", help="comma-separated subset of: corpusforge," + ",".join(PEERS))
    ap.add_argument("--runs", type=int, default=RUNS, help="timed rounds (median)")
    ap.add_argument("--set", type=pathlib.Path, default=SET)
    ap.add_argument("--confusions", type=int, default=25, help="wrong answers to list per tool, with examples")
    args = ap.parse_args()
    samples = load_set(args.set)
    tools, notes = load_tools(args.tools.split(",") if args.tools else None)
    answers, times = run(tools, samples, args.runs)
    print("\n".join(section_lines(samples, tools, notes, answers, times, args.runs)))
    # Details for whoever tunes a detector: confusion pairs with one example each, to stderr.
    for t in tools:
        print(f"\n# {t.label}: most common wrong answers (label -> answer: count; an example)", file=sys.stderr)
        example = {}
        for s, a in zip(samples, answers[t.name]):
            if a != s["lang"]:
                key = (s["lang"], a or "none")
                if key not in example or len(s["text"]) < len(example[key]["text"]):
                    example[key] = s
        for (g, a), k in confusions(samples, answers[t.name]).most_common(args.confusions):
            ex = example[(g, a)]
            print(f"{g} -> {a}: {k}; {ex['length']} {ex['source']}: {ex['text'][:100]!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
