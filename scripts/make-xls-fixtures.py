#!/usr/bin/env python3
"""Writes the legacy Excel (BIFF8 .xls) fixtures in tests/extract/inputs/ with LibreOffice.

- `ledger.xls`: a workbook written here as flat OpenDocument (FODS), then saved as XLS
  by LibreOffice Calc. It holds what the XLS reader must get right: text in Latin-1
  and beyond (CJK, emoji: stored as UTF-16), numbers as RK, MulRk and Number records,
  dates and date-times by their number format, percentages, booleans, formulas' cached
  numbers, strings, booleans and errors, a shared string table long enough to run over
  several Continue records with strings cut across them, and a hidden, an empty and a
  plain sheet; and document properties (title, author, subject, keywords, comments,
  dates) in its SummaryInformation stream.
- `cells.xls`: `cells.ods` (typed values, repeats, merged cells, comments) saved as XLS.

The XLS reader's tests compare both with calamine's reading; the extract tests keep a
golden of each. Needs `soffice` (LibreOffice Calc). Run from the repository root:
`python3 scripts/make-xls-fixtures.py`. LibreOffice writes the save time into the file,
so a re-run changes the bytes, not the content.
"""

import html
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tests" / "extract" / "inputs"


def cell(value=None, kind="string", style=None, formula=None):
    style_attr = f' table:style-name="{style}"' if style else ""
    if formula is not None:
        return f'<table:table-cell table:formula="of:{html.escape(formula)}"{style_attr}/>'
    attrs = {
        "string": 'office:value-type="string"',
        "float": f'office:value-type="float" office:value="{value}"',
        "percentage": f'office:value-type="percentage" office:value="{value}"',
        "date": f'office:value-type="date" office:date-value="{value}"',
        "time": f'office:value-type="time" office:time-value="{value}"',
        "boolean": f'office:value-type="boolean" office:boolean-value="{value}"',
    }[kind]
    return f"<table:table-cell {attrs}{style_attr}><text:p>{html.escape(str(value))}</text:p></table:table-cell>"


def row(*cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def ledger_fods():
    rows = [
        row(*(cell(h) for h in ("Article", "Prix", "Livré le", "Stock", "Bio", "Total", "Étiquette"))),
        row(cell("Croissant au beurre"), cell(1.15, "float"), cell("2024-03-04", "date", "d"),
            cell(120, "float"), cell("true", "boolean"), cell(formula="[.B2]*[.D2]"),
            cell(formula='[.A2]&" — frais"')),
        row(cell("東京の抹茶ロール"), cell(4.5, "float"), cell("2024-03-05T07:30:00", "date", "dt"),
            cell(-3, "float"), cell("false", "boolean"), cell(formula="[.B3]*[.D3]"),
            cell(formula='IF([.D3]<0;"rupture";"")')),
        row(cell("Pain d’épices 🍯"), cell(12345678.9, "float"), cell("PT07H45M00S", "time"),
            cell(0.125, "percentage", "pct"), cell(formula="[.D4]>0"), cell(formula="1/0"),
            cell(formula='""')),
        row(cell("  espaces  "), cell(1e-7, "float"), cell(1e20, "float"), cell(-0.5, "float"),
            cell(2958465, "float"), cell(formula="PI()"), cell(formula="LEN([.A2])")),
    ]
    # Enough distinct strings (a third with non-Latin-1 characters, so stored as UTF-16)
    # to run the shared string table over several Continue records.
    for i in range(400):
        if i % 3 == 0:
            text = f"Ligne {i} — café crème, thé vert et 抹茶 n°{i}"
        else:
            text = f"Ligne {i} plain ascii text for the shared string table {i * 7}"
        rows.append(row(cell(text), cell(i * 1.5, "float")))
    # Strings longer than a record: cut across Continue records, one switching from
    # one byte per character to two.
    rows.append(row(cell("Un texte très long qui dépasse la taille d’un enregistrement. " * 200 + "FIN")))
    rows.append(row(cell("ascii then wide " * 300 + "終わり" + " encore " * 100)))
    sheets = {
        "Boulangerie": ("", rows),
        "Réserve": (' table:style-name="hidden"', [row(cell("caché"), cell(42, "float"))]),
        "Vide": ("", []),
        "Notes": ("", [row(cell("Note"), cell("dernière ligne"))]),
    }
    tables = "".join(
        f'<table:table table:name="{name}"{style}>{"".join(rs)}</table:table>'
        for name, (style, rs) in sheets.items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:meta>
<dc:title>Registre de la boulangerie</dc:title>
<dc:subject>Ventes et stock</dc:subject>
<dc:description>Données fictives pour les tests</dc:description>
<meta:keyword>boulangerie</meta:keyword>
<meta:initial-creator>Élise Martin</meta:initial-creator>
<dc:creator>Élise Martin</dc:creator>
<meta:creation-date>2024-03-04T08:15:00</meta:creation-date>
<dc:date>2024-03-05T17:40:00</dc:date>
</office:meta>
<office:automatic-styles>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:date-style style:name="N2"><number:day/><number:text>/</number:text><number:month/><number:text>/</number:text><number:year/><number:text> </number:text><number:hours/><number:text>:</number:text><number:minutes/></number:date-style>
<number:percentage-style style:name="N3"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<style:style style:name="d" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="dt" style:family="table-cell" style:data-style-name="N2"/>
<style:style style:name="pct" style:family="table-cell" style:data-style-name="N3"/>
<style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document>
"""


def to_xls(source, out):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xls", "--outdir", tmp, str(source)],
            check=True, capture_output=True,
        )
        shutil.move(pathlib.Path(tmp) / (source.stem + ".xls"), out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fods = pathlib.Path(tmp) / "ledger.fods"
        fods.write_text(ledger_fods(), encoding="utf-8")
        to_xls(fods, INPUTS / "ledger.xls")
    to_xls(INPUTS / "cells.ods", INPUTS / "cells.xls")
    print("wrote", INPUTS / "ledger.xls", "and", INPUTS / "cells.xls")


if __name__ == "__main__":
    main()
