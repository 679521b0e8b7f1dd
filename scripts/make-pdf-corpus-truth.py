"""Writes tests/pdf/corpus-truth/<folder>.expected.txt: the text a reader sees in the PDFs of
../shared/corpus/pdf/ whose sources are there too (LaTeX, ODT, HTML). See tests/pdf/README.md.

    python3 scripts/make-pdf-corpus-truth.py          # from anywhere; needs pandoc and soffice

No page numbers (every LaTeX page has one at its foot); LaTeX's section and chapter numbers
and the table of contents are document text and stay. pandoc does not run LaTeX macros, so
what `\\blindtext` prints is spelled out below (the package's English dummy paragraph, as
it appears in the PDFs). If pdftotext is installed, the script ends by scoring its text of
each PDF against the truth.
"""
import html.parser
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
OUT = ROOT / "tests" / "pdf" / "corpus-truth"

# The PDF each truth is for, by folder (the eval reads this too).
PDFS = {
    "001-trivial": "minimal-document.pdf",
    "002-trivial-libre-office-writer": "002-trivial-libre-office-writer.pdf",
    "003-pdflatex-image": "pdflatex-image.pdf",
    "004-pdflatex-4-pages": "pdflatex-4-pages.pdf",
    "006-pdflatex-outline": "pdflatex-outline.pdf",
    "010-pdflatex-forms": "pdflatex-forms.pdf",
    "012-libreoffice-form": "libreoffice-form.pdf",
    "015-arabic": "habibi.pdf",
}

# blindtext's English paragraph (babel english), one repetition.
BLIND = (
    "Hello, here is some text without a meaning. This text should show what a printed text "
    "will look like at this place. If you read this text, you will get no information. Really? "
    "Is there no information? Is there a difference between this text and some nonsense like "
    "“Huardest gefburn”? Kjift – not at all! A blind text like this gives you information "
    "about the selected font, how the letters are written and an impression of the look. This "
    "text should contain all letters of the alphabet and it should be written in of the "
    "original language. There is no need for special content, but the length of words should "
    "match the language."
)


def pandoc_plain(tex):
    return subprocess.run(["pandoc", "--from=latex", "--to=plain", "--wrap=none", str(tex)],
                          check=True, capture_output=True, text=True).stdout


def libreoffice_text(odt):
    """LibreOffice Writer's own plain-text export of an ODT (UTF-8, BOM removed)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(odt)],
                       check=True, capture_output=True)
        return (pathlib.Path(tmp) / (odt.stem + ".txt")).read_text(encoding="utf-8-sig")


def clean(text):
    """Right-trimmed lines, at most one blank line in a row, one final newline."""
    lines = [l.rstrip() for l in text.strip("\n").split("\n")]
    out = []
    for l in lines:
        if l or (out and out[-1]):
            out.append(l)
    return "\n".join(out).strip("\n") + "\n"


def truth(folder):
    d = CORPUS / folder
    if folder == "001-trivial":
        return pandoc_plain(d / "minimal-document.tex")
    if folder == "003-pdflatex-image":
        # scrreprt numbers the chapter ("1 Your Chapter"); the figure is an image with no text.
        text = pandoc_plain(d / "pdflatex-image.tex")
        text = text.replace("[image]\n", "")
        assert text.startswith("Your Chapter\n"), text[:40]
        return "1 " + text
    if folder == "004-pdflatex-4-pages":
        # \blindtext[23]: the paragraph 23 times, as one paragraph.
        assert "\\blindtext[23]" in (d / "pdflatex-4-pages.tex").read_text()
        return " ".join([BLIND] * 23)
    if folder == "006-pdflatex-outline":
        # \tableofcontents then \newpage, then nine sections cycling Foo/Bar/Baz with
        # \blindtext[2] (two repetitions), \blindtext{7} and \blindtext{5}: the braces are not
        # an option, so those print one repetition followed by a literal 7 or 5. The
        # table of contents shows section number, title and page number.
        tex = (d / "pdflatex-outline.tex").read_text()
        sections = re.findall(r"\\section\{(\w+)\}\s*\\blindtext(\[\d+\]|\{\d+\})", tex)
        assert len(sections) == 9, sections
        pages = [2, 2, 2, 2, 3, 3, 3, 4, 4]  # as printed in the PDF's table of contents
        lines = ["Contents", ""]
        lines += [f"{i} {title} {page}" for i, ((title, _), page) in enumerate(zip(sections, pages), 1)]
        for i, (title, arg) in enumerate(sections, 1):
            n = int(arg[1:-1])
            body = " ".join([BLIND] * n) if arg.startswith("[") else f"{BLIND} {n}"
            lines += ["", f"{i} {title}", "", body]
        return "\n".join(lines)
    if folder == "010-pdflatex-forms":
        # A one-column tabular of \TextField{Name}, \CheckBox{Check}, \Submit{Submit}: hyperref
        # prints the labels Name and Check on the page beside the fields and draws the button
        # with its caption Submit. The fields themselves are empty.
        assert re.search(r"\\TextField\{Name\}.*\\CheckBox.*\{Check\}.*\\Submit\{Submit\}",
                         (d / "pdflatex-forms.tex").read_text(), re.S)
        return "Name\n\nCheck\n\nSubmit"
    if folder == "002-trivial-libre-office-writer":
        return libreoffice_text(d / "source.odt")
    if folder == "012-libreoffice-form":
        # Writer's text export has only the paragraphs: the heading, "Gender:" and
        # "Nationality:". The form controls' labels (fixed-text controls, radio and check box
        # captions) and the two filled-in text fields (Alice, Bob) are drawn on the page too;
        # they are added here in reading order (top to bottom, left to right), by hand from
        # the PDF. The empty fields and the empty list box show no text.
        lo = [l.strip() for l in libreoffice_text(d / "libreoffice-form.odt").split("\n") if l.strip()]
        assert lo == ["Example for a Form", "Gender:", "Nationality:"], lo
        return "\n\n".join([
            "Example for a Form",
            "First Name Alice Last Name",
            "Birthday",
            "Gender:",
            "Female Male",
            "Nationality:",
            "Agree to privacy policy",
            "Other",
            "Bob",
        ])
    if folder == "015-arabic":
        # The body text of habibi.html, in logical (reading) order: the Arabic word first.
        class Body(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.inside, self.text = False, []

            def handle_starttag(self, tag, attrs):
                self.inside |= tag == "body"

            def handle_data(self, data):
                if self.inside:
                    self.text.append(data)

        p = Body()
        p.feed((d / "habibi.html").read_text(encoding="utf-8"))
        return " ".join("".join(p.text).split())
    raise KeyError(folder)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for folder in PDFS:
        (OUT / f"{folder}.expected.txt").write_text(clean(truth(folder)), encoding="utf-8")
    print(f"wrote {len(PDFS)} files in {OUT}")
    try:
        sys.path.insert(0, str(ROOT.parent / "shared"))
        from scoring import order_similarity, word_f1
        for folder, pdf in PDFS.items():
            got = subprocess.run(["pdftotext", "-enc", "UTF-8", str(CORPUS / folder / pdf), "-"],
                                 check=True, capture_output=True, text=True).stdout
            want = (OUT / f"{folder}.expected.txt").read_text(encoding="utf-8")
            print(f"  pdftotext {folder:34} f1={word_f1(got, want):.4f} order={order_similarity(got, want):.4f}")
    except FileNotFoundError:
        print("pdftotext not found: no check")


if __name__ == "__main__":
    main()
