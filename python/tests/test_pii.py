"""find_pii() and mask_pii() from Python: str offsets, strategies, options, errors."""

import pytest

import corpusforge
from corpusforge.errors import InvalidOptionError

TEXT = "Café owner Dr. Ana López (ana.lopez@example.es, +34 612 345 678) paid 🙂 with 4111 1111 1111 1111."


def test_matches_have_str_offsets():
    found = corpusforge.find_pii(TEXT)
    kinds = [m.kind for m in found]
    assert kinds == ["PERSON", "EMAIL", "PHONE", "CREDIT_CARD"]
    for m in found:
        assert TEXT[m.start : m.end] == m.text
        assert 0.5 <= m.score <= 1.0 and m.rule
    assert "PiiMatch(" in repr(found[0])
    assert found[1].to_dict()["kind"] == "EMAIL"


def test_mask_strategies_and_offsets():
    m = corpusforge.mask_pii(TEXT)
    assert m.text == "Café owner [PERSON] ([EMAIL], [PHONE]) paid 🙂 with [CREDIT_CARD]."
    assert m.sensitivity == "restricted" and not m.dropped
    assert m.counts == {"CREDIT_CARD": 1, "EMAIL": 1, "PERSON": 1, "PHONE": 1}
    for x in m.matches:
        assert TEXT[x.start : x.end] == x.text
        assert m.text[x.masked_start : x.masked_end] == f"[{x.kind}]"
    h1 = corpusforge.mask_pii(TEXT, strategy="hash", secret="s3cret")
    h2 = corpusforge.mask_pii(TEXT, strategy="hash", secret="s3cret")
    assert h1.text == h2.text and "[EMAIL_" in h1.text
    masked = corpusforge.mask_pii(TEXT, strategies={"CREDIT_CARD": "mask"}, keep_last=4)
    assert "**** **** **** 1111" in masked.text
    dropped = corpusforge.mask_pii(TEXT, strategies={"CREDIT_CARD": "drop_document"})
    assert dropped.dropped and dropped.text == ""


def test_options():
    only = corpusforge.find_pii(TEXT, kinds=["EMAIL"])
    assert [m.kind for m in only] == ["EMAIL"]
    custom = corpusforge.find_pii(
        "Employee E-482913 joined.",
        custom=[{"name": "employee", "kind": "EMPLOYEE_ID", "pattern": r"E-\d{6}", "context": ["employee"]}],
    )
    assert [(m.kind, m.rule) for m in custom] == [("EMPLOYEE_ID", "custom:employee")]
    with pytest.raises(InvalidOptionError, match="kinds"):
        corpusforge.find_pii(TEXT, kinds=["NOPE"])
    with pytest.raises(InvalidOptionError, match="strategy"):
        corpusforge.mask_pii(TEXT, strategy="shred")
    with pytest.raises(InvalidOptionError, match="secret"):
        corpusforge.mask_pii(TEXT, strategy="hash", secret="")
