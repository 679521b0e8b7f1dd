"""Tests of corpusforge.normalize from Python: shared fixtures, options, errors, threads."""

import json
import pathlib
from concurrent.futures import ThreadPoolExecutor

import pytest

import corpusforge

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests"
CASES = json.loads((FIXTURES / "normalize" / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_fixtures(case):
    assert corpusforge.normalize(case["input"], **case["options"]) == case["expected"]


def test_version():
    assert isinstance(corpusforge.__version__, str)
    assert corpusforge.__version__.count(".") == 2


def test_report_counts_steps():
    text, report = corpusforge.normalize_with_report("cafÃ© &amp;\r\n")
    assert text == "café &\n"
    assert report["changed"] is True
    assert report["mojibake_fixed"] == 1
    assert report["entities_decoded"] == 1
    assert report["line_endings_fixed"] == 1
    clean, report = corpusforge.normalize_with_report("clean")
    assert clean == "clean" and report["changed"] is False


def test_unknown_option_names_it():
    with pytest.raises(corpusforge.InvalidOptionError, match="fix_mojibak") as e:
        corpusforge.normalize("x", fix_mojibak=True)
    assert isinstance(e.value, ValueError)
    assert isinstance(e.value, corpusforge.CorpusforgeError)


def test_bad_value_names_option():
    with pytest.raises(ValueError, match="unicode_form"):
        corpusforge.normalize("x", unicode_form="nfx")
    with pytest.raises(corpusforge.InvalidOptionError, match="max_blank_lines"):
        corpusforge.normalize("x", max_blank_lines=[1])


def test_error_hierarchy():
    assert issubclass(corpusforge.CorpusforgeIOError, OSError)
    for cls in (
        corpusforge.UnsupportedFormatError,
        corpusforge.CorruptDocumentError,
        corpusforge.EncryptedDocumentError,
        corpusforge.LimitExceededError,
        corpusforge.CancelledError,
        corpusforge.InternalError,
    ):
        assert issubclass(cls, corpusforge.CorpusforgeError)
        assert issubclass(cls, Exception)


def test_threads_agree_with_serial():
    texts = [c["input"] for c in CASES] * 20
    serial = [corpusforge.normalize(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(corpusforge.normalize, texts))
    assert parallel == serial


def test_non_str_input_is_type_error():
    with pytest.raises(TypeError):
        corpusforge.normalize(b"bytes")  # type: ignore[arg-type]


def test_public_names_exist():
    for name in corpusforge.__all__:
        assert hasattr(corpusforge, name), name
