#!/usr/bin/env bash
# Regenerate the PDF extraction fixtures in tests/pdf/generated/: PDFs made from text we
# know, each with <name>.expected.txt (its ground truth) beside it. See tests/pdf/README.md.
#
#   <doc>.lo.pdf         LibreOffice (headless) from tests/extract/generated/<doc>.pandoc.docx
#   <doc>.chromium.pdf   Chromium (headless) from tests/extract/generated/<doc>.pandoc.html
#   two-column-*.chromium.pdf   Chromium from tests/pdf/sources/two-column-*.md (pandoc HTML,
#                        CSS column-count: 2)
#   man-<cmd>.groff.pdf  groff -Tpdf (gropdf) from /usr/share/man/man1/<cmd>.1.gz
#
# Needs pandoc, soffice, chromium, groff (the full `groff` package: `groff-base` has no PDF
# device), col (bsdextrautils) and python3. pdftotext (poppler-utils) is optional: with it the
# script ends by scoring pdftotext's text against each truth. The outputs are committed, so
# tests and CI need none of these. Run from anywhere:
#
#     bash scripts/make-pdf-fixtures.sh
set -euo pipefail

cd "$(dirname "$0")/.."
HELP=scripts/make-pdf-fixtures.py
EXTRACT=tests/extract/generated
SRC=tests/pdf/sources
OUT=tests/pdf/generated
mkdir -p "$OUT"

export SOURCE_DATE_EPOCH=1704067200 TZ=UTC LC_ALL=C.UTF-8

for tool in pandoc soffice groff col python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "error: chromium not found (Debian package chromium)" >&2; exit 1; }
command -v gropdf >/dev/null || { echo "error: gropdf not found (install the Debian package groff)" >&2; exit 1; }

echo "pandoc: $(pandoc --version | head -n 1)"
echo "soffice: $(soffice --version | head -n 1)"
echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
echo "groff: $(groff --version | head -n 1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The four hand-written documents of tests/extract: the same text as their committed
# <doc>.expected.txt, so that truth is reused (LibreOffice's layout changes it for one file:
# see LO_FIXES in the helper).
DOCS=(orchard-guide carnet-canal multilingual-notes wartung-de)

# LibreOffice from the pandoc DOCX (not the ODT: pandoc's ODT has a page-number footer).
mkdir -p "$tmp/lo"
for doc in "${DOCS[@]}"; do
    cp "$EXTRACT/$doc.pandoc.docx" "$tmp/lo/$doc.lo.docx"
done
soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
    --convert-to pdf --outdir "$tmp/lo" "$tmp"/lo/*.lo.docx >/dev/null 2>&1
for doc in "${DOCS[@]}"; do
    [ -s "$tmp/lo/$doc.lo.pdf" ] || { echo "error: soffice gave no $doc.lo.pdf" >&2; exit 1; }
    mv "$tmp/lo/$doc.lo.pdf" "$OUT/$doc.lo.pdf"
    python3 "$HELP" lo-truth "$doc" "$EXTRACT/$doc.expected.txt" "$OUT/$doc.lo.expected.txt"
done

# Chromium prints with its default margins and Letter paper; no header/footer (date, title,
# URL, page number) thanks to --no-pdf-header-footer.
print_pdf() {  # print_pdf HTML PDF
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --user-data-dir="$tmp/chromium" --print-to-pdf="$2" "file://$(realpath "$1")" >/dev/null 2>&1
    [ -s "$2" ] || { echo "error: chromium gave no $2" >&2; exit 1; }
}
for doc in "${DOCS[@]}"; do
    print_pdf "$EXTRACT/$doc.pandoc.html" "$OUT/$doc.chromium.pdf"
    cp "$EXTRACT/$doc.expected.txt" "$OUT/$doc.chromium.expected.txt"
done

# Two columns: the title block spans the page, everything after it flows through two
# columns (A4, 2 cm margins). Truth as in tests/extract: pandoc's plain text of the source.
cat >"$tmp/columns.html" <<'CSS'
<style>
@page { size: A4; margin: 2cm; }
body { max-width: none; margin: 0; padding: 0; column-count: 2; column-gap: 1.5cm; }
header#title-block-header { column-span: all; }
</style>
CSS
for src in "$SRC"/two-column-*.md; do
    name=$(basename "$src" .md)
    pandoc --from=markdown "$src" --to=html5 --standalone -H "$tmp/columns.html" -o "$tmp/$name.html"
    print_pdf "$tmp/$name.html" "$OUT/$name.chromium.pdf"
    pandoc --from=markdown "$src" --to=plain --standalone --wrap=none -o "$OUT/$name.chromium.expected.txt"
done

# Man pages: groff's PDF device (A4, no hyphenation so both renderings break no word), and as
# truth the same page through groff's UTF-8 device with a very long line (one paragraph per
# line), SGR escapes off and backspace overstrikes removed by col -b; the helper drops the
# page header and footer lines.
MANS=(ls sed diff gzip grep)
for cmd in "${MANS[@]}"; do
    page=/usr/share/man/man1/$cmd.1.gz
    [ -e "$page" ] || { echo "error: $page not found" >&2; exit 1; }
    zcat "$page" | groff -Tpdf -man -rHY=0 -P-pa4 >"$OUT/man-$cmd.groff.pdf" 2>/dev/null
    zcat "$page" | GROFF_NO_SGR=1 groff -Tutf8 -man -rHY=0 -rLL=1000n 2>/dev/null | col -b -x \
        | python3 "$HELP" man-truth "$OUT/man-$cmd.groff.expected.txt"
done

python3 "$HELP" stabilize "$OUT"/*.pdf

echo "wrote $(ls "$OUT" | wc -l) files, $(du -sh "$OUT" | cut -f1) in $OUT"
if command -v pdftotext >/dev/null; then
    echo "pdftotext against the truth (layout differences only expected, e.g. tables read by column):"
    python3 "$HELP" check "$OUT"
fi
