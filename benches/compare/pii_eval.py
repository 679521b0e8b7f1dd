"""Scoring of PII detectors against labelled spans, shared by run.py's PII section and
usable from tests. No dependency beyond the standard library; the Presidio adapter
imports presidio_analyzer and spaCy only when called.

A document is (text, [(kind, start, end), ...]) with Python str offsets; a detector is a
function text -> [(kind, start, end[, score]), ...].

Rules (`score`):
- a labelled span is found when the detected spans, of any kind, together cover at least
  `min_cover` (0.9) of its characters;
- a detected span is correct when it overlaps some labelled span (of any kind, by at least
  one character), and is counted under its own kind: precision of kind K = correct detected
  spans of kind K / all detected spans of kind K;
- detected kinds the data set does not label at all are counted but get no precision
  (`labelled_kinds`), since every one of them would be a "false positive" by construction.
"""

import json
import pathlib
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[2]
FAKER_SET = ROOT / "tests" / "pii" / "faker-set.jsonl"
PRESIDIO_SYNTH = ROOT.parent / "shared" / "corpus" / "pii" / "presidio-synth_dataset_v2.json"

KINDS = ["EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "IP_ADDRESS", "MAC_ADDRESS",
         "URL_CREDENTIALS", "SECRET", "DATE_OF_BIRTH", "PERSON", "STREET_ADDRESS", "IN_AADHAAR",
         "IN_PAN", "UK_NINO"]

# presidio-research's synthetic data set: its labels -> ours. Every other label is dropped.
PRESIDIO_SYNTH_LABELS = {
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "IBAN_CODE": "IBAN", "US_SSN": "US_SSN",
    "CREDIT_CARD": "CREDIT_CARD", "IP_ADDRESS": "IP_ADDRESS", "PERSON": "PERSON",
    "STREET_ADDRESS": "STREET_ADDRESS",
}

# Presidio analyzer's entity names -> ours. Presidio is asked for these only: its other
# recognizers (DATE_TIME, URL, US_DRIVER_LICENSE, CRYPTO, UUID, ...) have no counterpart.
PRESIDIO_ENTITIES = {
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN", "US_SSN": "US_SSN", "IP_ADDRESS": "IP_ADDRESS",
    "MAC_ADDRESS": "MAC_ADDRESS", "PERSON": "PERSON", "IN_PAN": "IN_PAN",
    "IN_AADHAAR": "IN_AADHAAR", "UK_NINO": "UK_NINO",
}


# --- data ---------------------------------------------------------------------------------

def load_faker_set(path=FAKER_SET):
    docs = []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            docs.append((r["text"], [(s["kind"], s["start"], s["end"]) for s in r["spans"]]))
    return docs


def load_presidio_synth(path=PRESIDIO_SYNTH, labels=PRESIDIO_SYNTH_LABELS):
    """(docs, Counter of dropped labels). Spans use `start_position`/`end_position`."""
    docs, dropped = [], Counter()
    for r in json.loads(pathlib.Path(path).read_text(encoding="utf-8")):
        spans = []
        for s in r["spans"]:
            kind = labels.get(s["entity_type"])
            if kind is None:
                dropped[s["entity_type"]] += 1
            else:
                spans.append((kind, s["start_position"], s["end_position"]))
        docs.append((r["full_text"], spans))
    return docs, dropped


def label_counts(docs):
    return Counter(k for _, spans in docs for k, _, _ in spans)


# --- scoring ------------------------------------------------------------------------------

def _covered(start, end, intervals):
    """Characters of [start, end) inside the union of intervals (sorted by start)."""
    n, pos = 0, start
    for a, b in intervals:
        if b <= pos:
            continue
        if a >= end:
            break
        a = max(a, pos)
        b = min(b, end)
        if b > a:
            n += b - a
            pos = b
    return n


def score_doc(labels, detected, min_cover=0.9):
    """Per-document counts: {kind: [labelled, found, found_same_kind]} and
    {kind: [detected, correct]}. `detected` items are (kind, start, end[, score])."""
    lab = defaultdict(lambda: [0, 0, 0])
    det = defaultdict(lambda: [0, 0])
    detected = [d[:3] for d in detected if d[2] > d[1]]
    spans = sorted((s, e) for _, s, e in detected)
    by_kind = defaultdict(list)
    for k, s, e in detected:
        by_kind[k].append((s, e))
    for k in by_kind:
        by_kind[k].sort()
    for kind, s, e in labels:
        need = min_cover * (e - s)
        row = lab[kind]
        row[0] += 1
        row[1] += _covered(s, e, spans) >= need
        row[2] += _covered(s, e, by_kind.get(kind, [])) >= need
    for kind, s, e in detected:
        row = det[kind]
        row[0] += 1
        row[1] += any(s < le and ls < e for _, ls, le in labels)
    return lab, det


def run_detector(docs, detect):
    """(detections per document, first few error messages). A document the detector fails
    on gets no detection."""
    out, errors = [], []
    for text, _ in docs:
        try:
            out.append(list(detect(text)))
        except Exception as e:  # noqa: BLE001 - a failing document scores as no detection
            out.append([])
            if len(errors) < 5:
                errors.append(f"{type(e).__name__}: {str(e)[:100]}")
    return out, errors


def score_detections(docs, detections, min_cover=0.9, min_score=None):
    """Returns {"labelled": {kind: n}, "found": {kind: n}, "found_same_kind": {kind: n},
    "detected": {kind: n}, "correct": {kind: n}, "labelled_kinds": set}. With `min_score`,
    detections carrying a score below it are left out first."""
    out = {k: Counter() for k in ("labelled", "found", "found_same_kind", "detected", "correct")}
    for (_, labels), found in zip(docs, detections):
        if min_score is not None:
            found = [d for d in found if len(d) < 4 or d[3] is None or d[3] >= min_score]
        lab, det = score_doc(labels, found, min_cover)
        for k, (n, f, fs) in lab.items():
            out["labelled"][k] += n
            out["found"][k] += f
            out["found_same_kind"][k] += fs
        for k, (n, c) in det.items():
            out["detected"][k] += n
            out["correct"][k] += c
    out["labelled_kinds"] = {k for _, spans in docs for k, _, _ in spans}
    return out


def score(docs, detect, min_cover=0.9, min_score=None):
    """run_detector then score_detections; the result also has "errors"."""
    detections, errors = run_detector(docs, detect)
    out = score_detections(docs, detections, min_cover, min_score)
    out["errors"] = errors
    return out


def recall(result, kind=None):
    if kind is None:
        n, f = sum(result["labelled"].values()), sum(result["found"].values())
    else:
        n, f = result["labelled"][kind], result["found"][kind]
    return f / n if n else None


def precision(result, kind=None):
    """None when there is nothing to score (no detection, or a kind the set does not label)."""
    if kind is None:
        kinds = [k for k in result["detected"] if k in result["labelled_kinds"]]
        n = sum(result["detected"][k] for k in kinds)
        c = sum(result["correct"][k] for k in kinds)
    else:
        if kind not in result["labelled_kinds"]:
            return None
        n, c = result["detected"][kind], result["correct"][kind]
    return c / n if n else None


# --- detectors ----------------------------------------------------------------------------

def corpusforge_detector(**options):
    """None when corpusforge is missing or has no find_pii yet."""
    try:
        import corpusforge
    except ImportError:
        return None
    if not hasattr(corpusforge, "find_pii"):
        return None

    def detect(text):
        return [(m.kind, m.start, m.end, m.score) for m in corpusforge.find_pii(text, **options)]

    return detect


def blank_spacy_model(folder=None):
    """spacy.blank("en") saved to a folder: Presidio's spaCy engine loads a model from a path,
    and no trained model can be downloaded here. Tokenizes only: no NER, so no PERSON."""
    import tempfile

    import spacy

    folder = pathlib.Path(folder or pathlib.Path(tempfile.gettempdir()) / "corpusforge-spacy-blank-en")
    if not (folder / "config.cfg").exists():
        spacy.blank("en").to_disk(folder)
    return folder


def presidio_analyzer():
    """Presidio's AnalyzerEngine on a blank spaCy model, with its predefined recognizers for
    English plus the disabled-by-default IN_PAN, IN_AADHAAR and UK_NINO ones (kinds corpusforge
    has). Returns (analyzer, entities to ask for)."""
    import tldextract

    # The email recognizer validates domains with tldextract, whose default fetches the public
    # suffix list over the network (none here): use the snapshot the package ships.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())

    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        InAadhaarRecognizer, InPanRecognizer, UkNinoRecognizer,
    )

    model = blank_spacy_model()
    nlp_engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": str(model)}],
    }).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    have = {r.name for r in registry.recognizers}
    for cls in (InPanRecognizer, InAadhaarRecognizer, UkNinoRecognizer):
        if cls.__name__ not in have:
            registry.add_recognizer(cls())
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    return analyzer, list(PRESIDIO_ENTITIES)


def presidio_detector(analyzer=None, entities=None, score_threshold=None):
    if analyzer is None:
        analyzer, entities = presidio_analyzer()

    def detect(text):
        res = analyzer.analyze(text=text, language="en", entities=entities, score_threshold=score_threshold)
        return [(PRESIDIO_ENTITIES.get(r.entity_type, r.entity_type), r.start, r.end, r.score) for r in res]

    return detect
