"""Helpers for scripts/make-pdf-fixtures.sh (standard library only). See tests/pdf/README.md.

    python3 make-pdf-fixtures.py man-truth OUT.txt < rendered.txt   ground truth of a man page
    python3 make-pdf-fixtures.py lo-truth NAME IN.txt OUT.txt       truth of a LibreOffice PDF
    python3 make-pdf-fixtures.py stabilize FILE.pdf ...             fixed dates and ids
    python3 make-pdf-fixtures.py check DIR                          pdftotext vs truth, per file
"""
import pathlib
import re
import subprocess
import sys

FIXED_DATE = b"20240101000000"  # 2024-01-01T00:00:00Z, as SOURCE_DATE_EPOCH in the .sh


def man_truth(out):
    """groff -Tutf8 output (SGR off, overstrikes removed by col -b) -> the page's text.

    groff's nroff output shows the page header (`LS(1)  User Commands  LS(1)`) once at the
    top and the footer (`GNU coreutils 9.1  September 2022  LS(1)`) once at the bottom; the
    PDF repeats them on every page with a page number. Neither is document text: both go.
    Lines are right-trimmed, runs of inner spaces (justification, two spaces after a full
    stop) become one space, indentation is kept, and runs of blank lines become one."""
    lines = sys.stdin.read().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) < 3 or "(" not in lines[0] or "(" not in lines[-1]:
        sys.exit(f"man-truth: no header/footer where expected: {lines[:1]} … {lines[-1:]}")
    body = []
    for line in lines[1:-1]:
        line = line.rstrip()
        indent = len(line) - len(line.lstrip(" "))
        line = " " * indent + re.sub(r" {2,}", " ", line.strip())
        if not line and (not body or not body[-1]):
            continue
        body.append(line)
    while body and not body[-1]:
        body.pop()
    pathlib.Path(out).write_text("\n".join(body) + "\n", encoding="utf-8")


# Where a LibreOffice PDF's reading order differs from the source's: a table that crosses a
# page break gets its header row repeated at the top of the next page, and a footnote sits at
# the foot of the page that references it, not at the end of the document. Keyed by source
# name; each fix names the exact line of the truth it acts on, and the script stops if that
# line is missing (a different LibreOffice or pandoc version moved things: check the PDF).
LO_FIXES = {
    # 2 pages (LibreOffice 7.4, A4 from the pandoc DOCX): page 1 ends inside the table after
    # the `Semi` row and carries the footnote; page 2 starts with the repeated header row.
    "orchard-guide": [
        ("move_footnotes_after", "  Semi        four metres    five metres"),
        ("repeat_table_header_before", "  Standard    seven metres   eight metres"),
    ],
}


def lo_truth(name, src, out):
    lines = pathlib.Path(src).read_text(encoding="utf-8").rstrip("\n").split("\n")
    for fix, anchor in LO_FIXES.get(name, []):
        if anchor not in lines:
            sys.exit(f"lo-truth {name}: line {anchor!r} not found in {src}")
        at = lines.index(anchor) + 1
        if fix == "move_footnotes_after":
            first = next(i for i, l in enumerate(lines) if re.match(r"\[\d+\] ", l))
            notes = lines[first:]
            del lines[first:]
            while lines and not lines[-1]:
                lines.pop()
            lines[at:at] = [""] + notes + [""]
        elif fix == "repeat_table_header_before":
            # The header row and its rule are the two lines above the first data row, which is
            # the first line after a dashed rule going back from the anchor.
            rule = max(i for i in range(at) if re.fullmatch(r"[ -]+", lines[i]) and "-" in lines[i])
            header = lines[rule - 1]
            lines[at - 1:at - 1] = ([] if not lines[at - 2] else [""]) + [header]
    pathlib.Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def stabilize(paths):
    """Overwrite the creation/modification dates, the trailer /ID and LibreOffice's
    /DocChecksum with fixed values of the same length, so xref offsets stay valid and re-runs differ only where the content does."""
    for p in map(pathlib.Path, paths):
        data = p.read_bytes()
        data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})",
                      lambda m: m.group(1) + FIXED_DATE, data)
        data = re.sub(rb"(<(?:xmp|xap):(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)",
                      lambda m: m.group(1) + b"2024-01-01T00:00:00", data)
        data = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)",
                      lambda m: m.group(1) + b"0" * len(m.group(2)) + m.group(3) + b"0" * len(m.group(4)) + m.group(5),
                      data)
        # LibreOffice: a checksum of the document including its dates.
        data = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)", lambda m: m.group(1) + b"0" * len(m.group(2)), data)
        p.write_bytes(data)


def check(folder):
    """Scores pdftotext's text of every PDF in FOLDER against its truth (a sanity check of
    the truth: differences should be layout only, such as table columns read one by one)."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
    from scoring import order_similarity, word_f1
    for pdf in sorted(pathlib.Path(folder).glob("*.pdf")):
        truth = pdf.with_name(pdf.name[:-4] + ".expected.txt").read_text(encoding="utf-8")
        got = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        print(f"  {pdf.name:40} f1={word_f1(got, truth):.4f} order={order_similarity(got, truth):.4f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "man-truth":
        man_truth(*args)
    elif cmd == "lo-truth":
        lo_truth(*args)
    elif cmd == "stabilize":
        stabilize(args)
    elif cmd == "check":
        check(*args)
    else:
        sys.exit(f"unknown command {cmd}")
