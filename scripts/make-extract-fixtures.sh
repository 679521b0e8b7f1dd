#!/usr/bin/env bash
# Regenerate the document-extraction fixtures in tests/extract/generated/ from the
# Markdown sources in tests/extract/sources/. See tests/extract/README.md.
#
# Needs pandoc; LibreOffice (soffice) is optional: without it the *.lo.* files are
# skipped (and any old ones are left as they are). The outputs are committed, so
# tests and CI need neither tool. Run from the repository root:
#
#     bash scripts/make-extract-fixtures.sh
set -euo pipefail

cd "$(dirname "$0")/.."
SRC=tests/extract/sources
OUT=tests/extract/generated
mkdir -p "$OUT"

command -v pandoc >/dev/null || { echo "error: pandoc not found" >&2; exit 1; }

# Fixed timestamps so re-runs give byte-identical pandoc outputs (pandoc uses
# SOURCE_DATE_EPOCH for DOCX zip entry times, the docProps/meta.xml dates and
# the EPUB dc:date/modified; no date is put in the metadata, so none is shown). 2024-01-01T00:00:00Z.
export SOURCE_DATE_EPOCH=1704067200
export TZ=UTC LC_ALL=C.UTF-8

echo "pandoc: $(pandoc --version | head -n 1)"

# pandoc 2.17 stamps ODT/EPUB zip entries (LibreOffice: all its zip entries) with
# the current time; LibreOffice also writes a random Rsid into an ODT's
# settings.xml and random list ids into its content.xml. Rewrite the zip-based
# outputs with fixed entry times (order, compression method and content kept, so
# mimetype stays first and stored), the Rsid zeroed and the list ids numbered, so
# that re-runs are byte-identical. Needs python3; skipped without it.
normalize_zip() {
    if ! command -v python3 >/dev/null; then
        echo "warning: python3 not found: $1 keeps its non-deterministic zip timestamps" >&2
        return 0
    fi
    python3 - "$1" <<'PY'
import os, re, sys, zipfile
path = sys.argv[1]
tmp = path + ".tmp"
with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w") as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == "settings.xml":
            data = re.sub(rb'(config:name="Rsid" config:type="int">)\d+', rb"\g<1>0", data)
        if info.filename in ("content.xml", "styles.xml"):
            # LibreOffice gives some lists a random xml:id="list<N>"; number them.
            ids = {}
            data = re.sub(rb'"list(\d{6,})"',
                          lambda m: b'"listfx%d"' % ids.setdefault(m.group(1), len(ids) + 1), data)
        out = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
        out.compress_type = info.compress_type
        out.external_attr = info.external_attr
        out.create_system = 3
        zout.writestr(out, data)
os.replace(tmp, path)
PY
}

shopt -s nullglob
sources=("$SRC"/*.md)
[ ${#sources[@]} -gt 0 ] || { echo "error: no sources in $SRC" >&2; exit 1; }

for src in "${sources[@]}"; do
    name=$(basename "$src" .md)
    # Title from the YAML block (needed explicitly for the EPUB).
    title=$(sed -n 's/^title: *//p' "$src" | head -n 1)
    [ -n "$title" ] || title=$name
    echo "== $name ($title)"

    common=(--from=markdown "$src")
    pandoc "${common[@]}" --to=docx -o "$OUT/$name.pandoc.docx"
    pandoc "${common[@]}" --to=odt -o "$OUT/$name.pandoc.odt"
    pandoc "${common[@]}" --to=epub3 -o "$OUT/$name.pandoc.epub" \
        --metadata title="$title" \
        --metadata identifier="urn:corpusforge:fixture:$name"
    for z in docx odt epub; do normalize_zip "$OUT/$name.pandoc.$z"; done
    pandoc "${common[@]}" --to=rtf --standalone -o "$OUT/$name.pandoc.rtf"
    pandoc "${common[@]}" --to=html5 --standalone -o "$OUT/$name.pandoc.html"
    # Markdown as pandoc normalises it (not a copy of the source: tables, footnotes
    # and lists come out in pandoc's own syntax). -smart keeps curly quotes and
    # dashes as the Unicode characters instead of turning them back into ASCII.
    pandoc "${common[@]}" --to=markdown-smart --standalone --wrap=none -o "$OUT/$name.pandoc.md"

    # Ground truth: the document's plain text in reading order. --standalone so
    # the title (YAML metadata) is included; footnotes come last, as "[1] ...".
    pandoc "${common[@]}" --to=plain --standalone --wrap=none -o "$OUT/$name.expected.txt"
done

if command -v soffice >/dev/null; then
    echo "soffice: $(soffice --version | head -n 1)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # A throwaway profile so the user's LibreOffice settings play no part.
    lo=(soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile")
    for src in "${sources[@]}"; do
        name=$(basename "$src" .md)
        # LibreOffice converts from the pandoc ODT (keeps real footnotes, tables and
        # list structure); copy it to <name>.lo.odt so the outputs get the right names.
        mkdir -p "$tmp/in" "$tmp/out"
        cp "$OUT/$name.pandoc.odt" "$tmp/in/$name.lo.odt"
        for fmt in "docx:MS Word 2007 XML" "odt:writer8" "rtf:Rich Text Format"; do
            ext=${fmt%%:*}
            "${lo[@]}" --convert-to "$fmt" --outdir "$tmp/out" "$tmp/in/$name.lo.odt" >/dev/null 2>&1
            [ -s "$tmp/out/$name.lo.$ext" ] || { echo "error: soffice gave no $name.lo.$ext" >&2; exit 1; }
            mv "$tmp/out/$name.lo.$ext" "$OUT/$name.lo.$ext"
            [ "$ext" = rtf ] || normalize_zip "$OUT/$name.lo.$ext"
        done
        echo "== $name: LibreOffice docx/odt/rtf"
    done
else
    echo "soffice not found: skipping the LibreOffice outputs (*.lo.docx, *.lo.odt, *.lo.rtf)"
fi

echo "done: $(find "$OUT" -type f | wc -l) files, $(du -sk --apparent-size "$OUT" | cut -f1) KiB in $OUT"
