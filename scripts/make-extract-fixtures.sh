#!/usr/bin/env bash
# Regenerate the document-extraction fixtures in tests/extract/generated/ from the
# sources in tests/extract/sources/: Markdown documents (<name>.md), Markdown slide
# decks (slides-<topic>.md) and CSV tables (sheet-<topic>.csv). See
# tests/extract/README.md.
#
# Needs pandoc; LibreOffice (soffice, with Writer, Impress and Calc) is optional:
# without it the *.lo.* files are skipped (and any old ones are left as they are).
# python3 (standard library) writes the sheets' ground truth and makes the zip-based
# outputs deterministic. The outputs are committed, so
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pandoc 2.17 stamps ODT/EPUB zip entries (LibreOffice: all its zip entries) with
# the current time; LibreOffice also writes a random Rsid into an ODT's
# settings.xml and random list ids into its content.xml. Rewrite the zip-based
# outputs with fixed entry times (order, compression method and content kept, so
# mimetype stays first and stored), the Rsid zeroed and the list ids numbered, so
# that re-runs are byte-identical. Needs python3; skipped without it.
# Impress/Calc outputs (ODP, ODS) have two more: when one font family is declared
# twice with different attributes (style:name "X" and "X1"), which one gets "X"
# changes from run to run, and settings.xml names the profile's palette directory
# $(user), $(userpath) or $(userdataurl) depending on the run. For those files the
# duplicate font faces are named in a fixed order (by their other attributes, with
# every style:font-name* reference renamed to match) and the palette paths say $(user).
normalize_zip() {
    if ! command -v python3 >/dev/null; then
        echo "warning: python3 not found: $1 keeps its non-deterministic zip timestamps" >&2
        return 0
    fi
    python3 - "$1" <<'PY'
import os, re, sys, zipfile
path = sys.argv[1]
tmp = path + ".tmp"
impress_calc = path.endswith((".odp", ".ods"))

def name_of(face):
    return re.search(rb'style:name="([^"]*)"', face).group(1)

def canonical_fonts(data):
    m = re.search(rb"<office:font-face-decls>(.*?)</office:font-face-decls>", data, re.S)
    if not m:
        return data
    faces = re.findall(rb"<style:font-face\b[^>]*/>", m.group(1))
    if b"".join(faces) != m.group(1):
        return data  # not only self-closing faces: leave as is
    families = {}
    for f in faces:
        fam = re.search(rb'svg:font-family="([^"]*)"', f)
        families.setdefault(fam.group(1) if fam else name_of(f), []).append(f)
    rename = {}
    for group in families.values():
        names = sorted((name_of(f) for f in group), key=lambda n: (len(n), n))
        rest = lambda f: re.sub(rb'style:name="[^"]*"', b"", f)
        for f, new in zip(sorted(group, key=rest), names):
            rename[name_of(f)] = new
    if all(k == v for k, v in rename.items()):
        return data
    sub = lambda mm: mm.group(1) + rename.get(mm.group(2), mm.group(2)) + mm.group(3)
    renamed = {}
    for f in faces:
        f2 = re.sub(rb'(style:name=")([^"]*)(")', sub, f, count=1)
        renamed[name_of(f2)] = f2
    decls = b"".join(renamed[name_of(f)] for f in faces)  # same names, same order
    data = data[:m.start(1)] + decls + data[m.end(1):]
    return re.sub(rb'(style:font-name(?:-asian|-complex)?=")([^"]*)(")', sub, data)

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
            if impress_calc:
                data = canonical_fonts(data)
        if impress_calc and info.filename == "settings.xml":
            data = re.sub(rb"\$\((?:userpath|userdataurl)\)/config/", b"$(user)/config/", data)
        out = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
        out.compress_type = info.compress_type
        out.external_attr = info.external_attr
        out.create_system = 3
        zout.writestr(out, data)
os.replace(tmp, path)
PY
}

shopt -s nullglob
# Markdown documents, and slide decks (slides-*.md) that only become presentations.
sources=() slides=()
for src in "$SRC"/*.md; do
    case $(basename "$src") in
        slides-*) slides+=("$src") ;;
        *) sources+=("$src") ;;
    esac
done
sheets=("$SRC"/sheet-*.csv)
[ ${#sources[@]} -gt 0 ] || { echo "error: no sources in $SRC" >&2; exit 1; }

# A sheet-<topic>.csv becomes a workbook with one sheet named <Topic> (first letter
# upper-cased); LibreOffice names the sheet after the CSV file it imports.
sheet_name() {
    local topic=${1#sheet-}
    echo "${topic^}"
}

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

# Slide decks: PPTX from pandoc (slide level from the headings; the YAML title gives a
# title slide; ::: notes blocks become speaker notes in ppt/notesSlides/). The ground
# truth is the slide text without the notes (extractors leave notes out by default):
# pandoc's plain text of the source with the notes divs dropped by a Lua filter.
cat >"$tmp/drop-notes.lua" <<'LUA'
function Div(d)
  if d.classes:includes("notes") then return {} end
end
LUA
for src in "${slides[@]}"; do
    name=$(basename "$src" .md)
    echo "== $name (slides)"
    pandoc --from=markdown "$src" --to=pptx -o "$OUT/$name.pandoc.pptx"
    normalize_zip "$OUT/$name.pandoc.pptx"
    pandoc --from=markdown "$src" --lua-filter="$tmp/drop-notes.lua" \
        --to=plain --standalone --wrap=none -o "$OUT/$name.expected.txt"
done

# Sheets: the ground truth is the sheet name (extractors emit it as a heading), a
# blank line, then one line per CSV row with the cells separated by spaces.
for src in "${sheets[@]}"; do
    name=$(basename "$src" .csv)
    echo "== $name (sheet $(sheet_name "$name"))"
    if ! command -v python3 >/dev/null; then
        echo "warning: python3 not found: $name.expected.txt not written" >&2
        continue
    fi
    python3 - "$src" "$(sheet_name "$name")" >"$OUT/$name.expected.txt" <<'PY'
import csv, sys
src, sheet = sys.argv[1:3]
with open(src, newline="", encoding="utf-8") as f:
    rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
print(sheet)
print()
for r in rows:
    print(" ".join(c.strip() for c in r))
PY
done

if command -v soffice >/dev/null; then
    echo "soffice: $(soffice --version | head -n 1)"
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
    # Presentations: Impress converts pandoc's PPTX to ODP (notes pages kept).
    for src in "${slides[@]}"; do
        name=$(basename "$src" .md)
        mkdir -p "$tmp/in" "$tmp/out"
        cp "$OUT/$name.pandoc.pptx" "$tmp/in/$name.lo.pptx"
        "${lo[@]}" --convert-to odp:impress8 --outdir "$tmp/out" "$tmp/in/$name.lo.pptx" >/dev/null 2>&1
        [ -s "$tmp/out/$name.lo.odp" ] || { echo "error: soffice gave no $name.lo.odp (is Impress installed?)" >&2; exit 1; }
        mv "$tmp/out/$name.lo.odp" "$OUT/$name.lo.odp"
        normalize_zip "$OUT/$name.lo.odp"
        echo "== $name: LibreOffice odp"
    done
    # Spreadsheets: Calc imports the CSV (44 = comma, 34 = '"' quotes, 76 = UTF-8,
    # from line 1, default column types, 1033 = en-US for numbers and dates) from a
    # copy named <Topic>.csv, which becomes the sheet name. ISO dates become date cells
    # with format YYYY-MM-DD; numbers stay numbers.
    for src in "${sheets[@]}"; do
        name=$(basename "$src" .csv)
        sheet=$(sheet_name "$name")
        mkdir -p "$tmp/csv" "$tmp/out"
        cp "$src" "$tmp/csv/$sheet.csv"
        for fmt in "xlsx:Calc MS Excel 2007 XML" "ods:calc8" "xls:MS Excel 97"; do
            ext=${fmt%%:*}
            "${lo[@]}" --infilter=CSV:44,34,76,1,,1033 --convert-to "$fmt" --outdir "$tmp/out" \
                "$tmp/csv/$sheet.csv" >/dev/null 2>&1
            [ -s "$tmp/out/$sheet.$ext" ] || { echo "error: soffice gave no $name.lo.$ext (is Calc installed?)" >&2; exit 1; }
            mv "$tmp/out/$sheet.$ext" "$OUT/$name.lo.$ext"
            # XLS is a binary compound file with no timestamps from Calc: stable as is.
            [ "$ext" = xls ] || normalize_zip "$OUT/$name.lo.$ext"
        done
        echo "== $name: LibreOffice xlsx/ods/xls"
    done
else
    echo "soffice not found: skipping the LibreOffice outputs (*.lo.*)"
fi

echo "done: $(find "$OUT" -type f | wc -l) files, $(du -sk --apparent-size "$OUT" | cut -f1) KiB in $OUT"
