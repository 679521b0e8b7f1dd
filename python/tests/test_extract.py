"""extract(): the same documents as the Rust tests, through Python."""

import hashlib
import json
import pathlib

import pytest

import corpusforge
from corpusforge.errors import (
    CorruptDocumentError,
    InvalidOptionError,
    UnsupportedFormatError,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATED = ROOT / "tests" / "extract" / "generated"
GOLDEN = ROOT / "tests" / "extract" / "golden"


def test_path_str_and_bytes_give_the_same_document():
    path = GENERATED / "orchard-guide.pandoc.docx"
    a = corpusforge.extract(path)
    b = corpusforge.extract(str(path))
    c = corpusforge.extract(path.read_bytes(), hint="orchard.docx")
    assert a.text == b.text == c.text
    assert a.source["format"] == "docx"
    assert c.source["name"] == "orchard.docx"
    assert a.metadata["title"] == "Keeping a Small Orchard"
    assert "Document(" in repr(a)


def test_the_source_is_hashed_only_when_asked():
    path = GENERATED / "orchard-guide.pandoc.docx"
    assert corpusforge.extract(path).source["sha256"] is None
    want = hashlib.sha256(path.read_bytes()).hexdigest()
    assert corpusforge.extract(path, sha256=True).source["sha256"] == want
    assert corpusforge.extract(path.read_bytes(), sha256=True).source["sha256"] == want


def test_matches_the_golden_documents():
    for name in ["carnet-canal.pandoc.html", "wartung-de.lo.rtf", "orchard-guide.lo.odt"]:
        want = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
        doc = corpusforge.extract(GENERATED / name)
        assert doc.text == want["text"], name
        assert [b.kind for b in doc.blocks] == [b["kind"] for b in want["blocks"]], name


def test_block_offsets_are_str_indices():
    doc = corpusforge.extract(GENERATED / "multilingual-notes.pandoc.docx")
    assert any(ord(ch) > 0xFFFF for ch in doc.text)  # an emoji is in there
    placed = [b for b in doc.blocks if b.start is not None]
    assert placed
    for b in placed:
        assert doc.text[b.start : b.end] == b.text
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert heading.level >= 1
    d = doc.to_dict()
    assert d["blocks"][0]["kind"] == doc.blocks[0].kind
    assert doc.to_markdown().startswith("#")


def test_errors_name_the_cause():
    docx = (GENERATED / "orchard-guide.pandoc.docx").read_bytes()
    with pytest.raises(CorruptDocumentError, match="cut.docx"):
        corpusforge.extract(docx[: len(docx) // 2], hint="cut.docx")
    with pytest.raises(UnsupportedFormatError):
        corpusforge.extract(b"\x00\x01\xfe\x00\x13\x37binary")
    with pytest.raises(InvalidOptionError, match="table_format"):
        corpusforge.extract(docx, table_format="latex")
    with pytest.raises(InvalidOptionError, match="no_such_option"):
        corpusforge.extract(docx, no_such_option=True)
    with pytest.raises(OSError):
        corpusforge.extract(ROOT / "no-such-file.docx")


def test_options_reach_the_core():
    html = b"<html><body><header><nav>Menu</nav><p>Site name</p></header><p>Body text.</p></body></html>"
    assert corpusforge.extract(html, hint="page.html").text == "Body text."
    tsv = corpusforge.extract(b"a,b\n1,2\n", hint="t.csv", table_format="tsv")
    assert tsv.text == "a\tb\n1\t2"


def test_extract_all_members_and_errors():
    bundle = ROOT / "tests" / "extract" / "inputs" / "bundle.zip"
    results = corpusforge.extract_all(bundle)
    names = [r.source["name"] for r in results if isinstance(r, corpusforge.Document)]
    assert names == [f"{bundle}!notes/field-notes.md", f"{bundle}!mail/quarterly.eml"]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], CorruptDocumentError)
    assert "broken.docx" in str(errors[0])
    from_bytes = corpusforge.extract_all(bundle.read_bytes(), hint="b.zip")
    assert [type(r).__name__ for r in from_bytes] == ["Document", "Document", "CorruptDocumentError"]
    single = corpusforge.extract_all(GENERATED / "wartung-de.pandoc.md")
    assert len(single) == 1 and single[0].text.startswith("Wartungsprotokoll")


PDFS = ROOT / "tests" / "pdf" / "generated"
CORPUS_PDF = ROOT.parent / "shared" / "corpus" / "pdf"


def test_pdf_pages_blocks_and_str_offsets():
    doc = corpusforge.extract(PDFS / "multilingual-notes.chromium.pdf")
    assert doc.source["format"] == "pdf"
    assert doc.metadata["page_count"] == len(doc.pages) >= 1
    placed = [b for b in doc.blocks if b.start is not None]
    assert placed and all(doc.text[b.start : b.end] == b.text for b in placed)
    assert any(b.kind == "heading" for b in doc.blocks)


def test_encrypted_pdf_needs_its_password():
    path = CORPUS_PDF / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
    if not path.exists():
        pytest.skip("../shared/corpus/pdf is absent")
    with pytest.raises(corpusforge.errors.EncryptedDocumentError) as e:
        corpusforge.extract(path)
    assert "libreoffice-writer-password.pdf" in str(e.value)
    doc = corpusforge.extract(path, password="openpassword")
    assert doc.text.strip()


def test_encrypted_office_files_open_with_their_password():
    encrypted = ROOT / "tests" / "extract" / "encrypted"
    for name, plain in [
        ("orchard-guide.agile-sha512.docx", "orchard-guide.pandoc.docx"),
        ("orchard-guide.lo-encrypted.odt", "orchard-guide.lo.odt"),
        ("sheet-boulangerie.lo-encrypted.xls", "sheet-boulangerie.lo.xls"),
    ]:
        with pytest.raises(corpusforge.errors.EncryptedDocumentError) as e:
            corpusforge.extract(encrypted / name)
        assert name in str(e.value) and "password" in str(e.value)
        doc = corpusforge.extract(encrypted / name, password="Tidepool-7")
        assert doc.text == corpusforge.extract(GENERATED / plain).text
        assert doc.metadata["extra"]["encrypted"] == "true"


def test_threads_get_the_same_results_as_serial_calls():
    """Many threads calling extract and mask_pii at once (the GIL is released in the core)
    get exactly what serial calls get."""
    from concurrent.futures import ThreadPoolExecutor

    files = sorted(GENERATED.glob("*.pandoc.*")) + sorted(PDFS.glob("*.pdf"))[:4]
    serial = [corpusforge.extract(f).text for f in files]
    texts = [t[:4000] + " Write to jane.doe@example.com or +44 20 7946 0958." for t in serial]
    masked = [corpusforge.mask_pii(t).text for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda f: corpusforge.extract(f).text, files * 3))
        got_masked = list(pool.map(lambda t: corpusforge.mask_pii(t).text, texts * 3))
    assert got == serial * 3
    assert got_masked == masked * 3
    assert all("jane.doe@example.com" not in m for m in got_masked)


def test_documents_preview_in_jupyter_with_pii_highlighted():
    text = 'Mail jane.doe@example.org about the "<x>" tag & more.'
    doc = corpusforge.extract(text.encode(), hint="note.txt")
    preview = doc._repr_html_()
    assert '<mark title="EMAIL"' in preview and "jane.doe@example.org</mark>" in preview
    assert "&quot;&lt;x&gt;&quot; tag &amp; more" in preview and "<x>" not in preview, "escaped"
    assert "1 PII in the preview" in preview
    long = corpusforge.extract(("word " * 2000).encode(), hint="long.txt")._repr_html_()
    assert "more characters" in long
