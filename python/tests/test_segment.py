"""Tests of sentences, paragraphs, chunks and token counts from Python."""

import json
import pathlib

import pytest

import corpusforge

ROOT = pathlib.Path(__file__).resolve().parents[2]
SENTENCE_CASES = json.loads((ROOT / "tests" / "segment" / "sentences-en.json").read_text(encoding="utf-8"))
MULTI_CASES = json.loads((ROOT / "tests" / "segment" / "sentences-multi.json").read_text(encoding="utf-8"))
GOLDEN = ROOT.parent / "shared" / "corpus" / "segment" / "golden-rules-en.jsonl"


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[c["text"][:30] for c in SENTENCE_CASES])
def test_shared_sentence_cases(case):
    assert corpusforge.split_sentences(case["text"]) == case["sentences"]


@pytest.mark.parametrize("case", MULTI_CASES, ids=[c["language"] + ":" + c["text"][:20] for c in MULTI_CASES])
def test_shared_multilingual_cases(case):
    assert corpusforge.split_sentences(case["text"], language=case["language"]) == case["sentences"]


def test_golden_rules():
    if not GOLDEN.exists():
        pytest.skip(f"{GOLDEN} is absent")
    cases = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    failed = [c["rule"] for c in cases if corpusforge.split_sentences(c["text"]) != c["sentences"]]
    assert failed == []
    assert len(cases) == 48


def test_spans_are_str_indices():
    text = "Café é 東京 👍🏽 ok. Ünïcode 😀 next! 日本語です。終わり。"
    spans = corpusforge.split_sentences(text, spans=True)
    assert [s.text for s in spans] == corpusforge.split_sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert s.to_dict() == {"text": s.text, "start": s.start, "end": s.end}
    assert "Span(" in repr(spans[0])


def test_paragraphs():
    text = "Première ligne\nsuite.\n\n  \n😀 Deuxième."
    assert corpusforge.split_paragraphs(text) == ["Première ligne\nsuite.", "😀 Deuxième."]
    for p in corpusforge.split_paragraphs(text, spans=True):
        assert text[p.start : p.end] == p.text


def test_language_option():
    assert corpusforge.split_sentences("Das ist z.B. gut. Er kam.", language="de") == ["Das ist z.B. gut.", "Er kam."]
    with pytest.raises(corpusforge.InvalidOptionError, match="langauge"):
        corpusforge.split_sentences("x", langauge="de")


def test_chunk_offsets_and_capacity():
    text = ("Émile a vu 東京. " * 30) + "\n\n" + ("Emoji 👍🏽 here. " * 30)
    chunks = corpusforge.chunk(text, max_chars=80, overlap=10)
    assert len(chunks) > 5
    for c in chunks:
        assert len(c.text) <= 80
        assert text[c.start : c.end] == c.text
        assert c.n_tokens > 0
    assert chunks[0].to_dict()["text"] == chunks[0].text


def test_chunk_by_tokens_exact():
    text = "The quick brown fox jumps over the lazy dog. " * 50
    chunks = corpusforge.chunk(text, max_tokens=32, tokenizer="cl100k_base")
    assert all(c.n_tokens <= 32 for c in chunks)
    assert all(corpusforge.count_tokens(c.text, "cl100k_base") == c.n_tokens for c in chunks)


def test_chunk_needs_exactly_one_capacity():
    with pytest.raises(corpusforge.InvalidOptionError, match="max_chars"):
        corpusforge.chunk("text")
    with pytest.raises(ValueError, match="overlap"):
        corpusforge.chunk("text", max_chars=10, overlap=10)


def test_count_tokens():
    assert corpusforge.count_tokens("Hello world") == 2
    assert corpusforge.count_tokens("Hello world", "cl100k_base") == 2
    assert corpusforge.count_tokens("Hello world", tokenizer="o200k_base") == 2
    with pytest.raises(corpusforge.InvalidOptionError, match="tokenizer"):
        corpusforge.count_tokens("x", "gpt-17")


def test_count_words():
    assert corpusforge.count_words("Don't panic: it's 3.5 km, 東京!") == 7
