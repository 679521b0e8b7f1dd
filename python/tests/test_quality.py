"""Quality, language identification and dedup from Python."""

import pytest

import corpusforge

PROSE = (
    "The history of the city is long and full of change. It was founded by traders who came "
    "to the river with their goods. Over the centuries, the town grew into a major port, and "
    "its people built churches, markets and schools. Today it is known for its museums, which "
    "attract visitors from all over the world, and for a university that has taught students "
    "for more than five hundred years. Many of the old streets have kept their names."
)


def test_quality_report_of_prose():
    r = corpusforge.quality(PROSE)
    assert r.kept and r.reasons == []
    assert r.language == "en" and 0 < r.language_score <= 1
    assert 80 < r.score <= 100
    assert set(r.filters) == {"gopher_quality", "gopher_repetition", "c4", "fineweb"}
    assert r.signals["n_words"] == corpusforge.count_words(PROSE)
    assert "kept" in r._repr_html_()
    assert r.to_dict()["filters"]["c4"] is None
    assert "QualityReport(score=" in repr(r)


def test_quality_drops_and_explains():
    spam = "Buy now!\n" * 20
    r = corpusforge.quality(spam)
    assert not r.kept
    assert r.reasons == [
        "gopher_quality:min_doc_words",
        "gopher_repetition:dup_line_frac",
        "c4:min_num_sentences",
        "fineweb:short_line_thr",
    ]
    assert r.explanations[1] == "gopher_repetition: dup_line_frac is 0.9048 (threshold 0.3)"


def test_thresholds_and_presets_by_name():
    r = corpusforge.quality(PROSE, thresholds={"gopher_quality.min_doc_words": 1000})
    assert r.filters["gopher_quality"] == "gopher_quality:min_doc_words"
    r = corpusforge.quality(PROSE, presets=["fineweb"])
    assert list(r.filters) == ["fineweb"]
    with pytest.raises(corpusforge.InvalidOptionError, match="thresholds"):
        corpusforge.quality(PROSE, thresholds={"gopher_quality.nope": 1})
    with pytest.raises(ValueError, match="presets"):
        corpusforge.quality(PROSE, presets=["gopher"])


def test_language_filter_and_paragraph_offsets():
    text = "Le café est ouvert tous les jours de la semaine.\n\nThe café is open every day of the week."
    r = corpusforge.quality(text, languages=["de"], paragraph_languages=True)
    assert r.filters["language"] == "language:languages"
    (a, b, code_a, _), (c, d, code_b, _) = r.paragraph_languages
    assert (code_a, code_b) == ("fr", "en")
    assert text[a:b].startswith("Le café") and text[c:d].endswith("week.")


def test_detect_language():
    assert corpusforge.detect_language("Der schnelle braune Fuchs springt über den Hund.")[0] == "de"
    assert corpusforge.detect_language("1234 !!!") == ("und", 0.0)


def test_quality_batch_matches_single_calls():
    texts = [PROSE, "short", "Buy now!\n" * 10]
    batch = corpusforge.quality_batch(texts)
    assert [r.reasons for r in batch] == [corpusforge.quality(t).reasons for t in texts]


def test_dedup_lists_and_tables():
    a = PROSE
    b = PROSE.replace("traders", "merchants")
    c = "Something else entirely: a recipe for bread with flour, water, salt and yeast, baked hot."
    assert corpusforge.dedup([a, b, c, a]) == [None, 0, None, 0]
    # The higher score survives.
    assert corpusforge.dedup([a, b], scores=[0.1, 0.9]) == [1, None]
    assert corpusforge.dedup([a, b], near=False) == [None, None]

    class Table:  # the part of pyarrow.Table that dedup uses
        def __init__(self, cols):
            self.cols = cols

        def column(self, name):
            col = self.cols[name]

            class Col:
                def to_pylist(self):
                    return col

            return Col()

    assert corpusforge.dedup(Table({"body": [a, c, a]}), text_column="body") == [None, None, 0]


def test_minhash_api():
    sig = corpusforge.minhash_signature(PROSE)
    assert sig is not None and len(sig) == 120
    keys = corpusforge.minhash_band_keys(sig)
    assert len(keys) == 20
    assert corpusforge.minhash_signature("...") is None
    dt = corpusforge.minhash_signature(PROSE, preset="datatrove")
    assert len(dt) == 112 and len(corpusforge.minhash_band_keys(dt, preset="datatrove")) == 14
    with pytest.raises(corpusforge.InvalidOptionError, match="signature"):
        corpusforge.minhash_band_keys(sig, preset="datatrove")


def test_decontaminate():
    question = "Question: what is the capital city of France and why did it become the capital at all?"
    texts = [
        "A blog post. QUESTION what is the capital city of France, and why did it become the capital at all. More.",
        "The capital city of France is Paris; it became the capital long ago.",
    ]
    assert corpusforge.decontaminate(texts, [question]) == [True, False]
    assert corpusforge.decontaminate(texts, [question], ngram=5) == [True, True]
