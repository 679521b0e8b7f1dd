#!/usr/bin/env bash
# Runs corpusforge's fuzz targets (fuzz/, cargo fuzz on the nightly toolchain).
#
#   scripts/fuzz.sh SECONDS TARGET...   fuzz each target for SECONDS; append the run to
#                                       fuzz/runs.tsv and rewrite RELIABILITY.md's table
#   scripts/fuzz.sh smoke TARGET...     replay each target's seeds and fuzz/regressions/
#                                       once (no mutation): what CI runs
#
# Seeds come from the repository's fixtures and ../shared/corpus (copied, never edited);
# the corpus a target grows is kept in ~/.cache/corpusforge-fuzz/<target> so minutes add up
# across sessions. Limits per input: 5 s, 512 MiB. A crash leaves its input in
# fuzz/artifacts/<target>/; turn it into a regression test and a file in fuzz/regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=$1; shift
WORK=${CORPUSFORGE_FUZZ_WORK:-$HOME/.cache/corpusforge-fuzz}
TARGET_DIR=${CORPUSFORGE_FUZZ_TARGET_DIR:-$HOME/.cache/corpusforge-fuzz-target}
SHARED=../shared/corpus
# AddressSanitizer keeps freed memory in a 256 MiB quarantine by default, which counts
# toward the 512 MiB RSS limit and ends runs with false out-of-memory reports.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32}"

max_len() { # target -> largest input, bytes
  case $1 in extract_*) echo 262144 ;; *) echo 16384 ;; esac
}

seed() { # target -> seed directory
  local t=$1 d="$WORK/seeds/$t"
  rm -rf "$d"; mkdir -p "$d"
  case $t in
    extract_pdf) find tests/pdf/generated $SHARED/pdf -name '*.pdf' -size -2M 2>/dev/null ;;
    extract_zip) find tests/extract/generated tests/extract/encrypted tests/extract/inputs examples $SHARED/office -regextype egrep \
                   -regex '.*\.(docx|xlsx|pptx|odt|ods|odp|epub|zip|xls)' 2>/dev/null ;;
    extract_markup) find tests/extract/generated examples -regextype egrep -regex '.*\.(html|xml|md)' ;;
    extract_rtf) find tests/extract/generated examples -name '*.rtf' ;;
    extract_text) find examples tests/extract -regextype egrep -regex '.*\.(txt|eml|csv|tsv)' ;;
    normalize) find tests/normalize $SHARED/normalize -name '*.json' 2>/dev/null ;;
    pii|segment|quality) find tests/pii tests/extract/generated -name '*.txt' -o -name '*.jsonl' ;;
  esac | head -200 | while read -r f; do
    # Big files slow every execution; keep seeds small (the fuzzer grows them as it needs):
    # whole documents for the extractors, 16 KiB of text for the text stages.
    head -c "$(max_len "$t")" "$f" > "$d/$(echo "$f" | tr '/' '_')"
  done
  if [ -d "fuzz/regressions/$t" ]; then cp fuzz/regressions/$t/* "$d/" 2>/dev/null || true; fi
  echo "$d"
}

for t in "$@"; do
  seeds=$(seed "$t")
  corpus="$WORK/corpus/$t"; mkdir -p "$corpus" "fuzz/artifacts/$t"
  if [ "$MODE" = smoke ]; then
    (cd fuzz && cargo +nightly fuzz run "$t" --target-dir "$TARGET_DIR" "$seeds" -- \
      -runs=0 -timeout=5 -rss_limit_mb=512 -artifact_prefix="artifacts/$t/")
    continue
  fi
  log="$WORK/$t.log"
  (cd fuzz && cargo +nightly fuzz build "$t" --target-dir "$TARGET_DIR")
  status=ok
  (cd fuzz && cargo +nightly fuzz run "$t" --target-dir "$TARGET_DIR" "$corpus" "$seeds" -- \
    -max_total_time="$MODE" -timeout=5 -rss_limit_mb=512 -max_len="$(max_len "$t")" \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1) >"$log" 2>&1 || status=crash
  # libFuzzer's own account, "Done N runs in S second(s)"; a crash ends the run before that
  # line, and then the seconds come from the last status line's executions and rate.
  secs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE 'in [0-9]+' | grep -oE '[0-9]+' | tail -1)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  if [ -z "$secs" ]; then
    last=$(grep -oE '^#[0-9]+.*exec/s: [0-9]+' "$log" | tail -1)
    execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#')
    rate=$(echo "$last" | grep -oE 'exec/s: [0-9]+' | grep -oE '[0-9]+')
    secs=$(( ${execs:-0} / (${rate:-0} > 0 ? ${rate:-1} : 1) ))
  fi
  echo -e "$(date -u +%F)\t$t\t$secs\t${execs:-0}\t$status" >> fuzz/runs.tsv
  echo "$t: $secs s, ${execs:-0} executions, $status (log: $log)"
done

# RELIABILITY.md's fuzz table: minutes and executions per target, summed over fuzz/runs.tsv.
if [ "$MODE" != smoke ] && [ -f fuzz/runs.tsv ]; then
  python3 - <<'PY'
import collections, pathlib, re
rows = [l.split("\t") for l in pathlib.Path("fuzz/runs.tsv").read_text().splitlines() if l.strip()]
tot = collections.OrderedDict()
for date, t, secs, execs, status in rows:
    s = tot.setdefault(t, [0, 0, 0, 0, date])
    s[0] += int(secs); s[1] += int(execs); s[2] += 1; s[3] += status.strip() != "ok"; s[4] = date
table = ["| target | minutes | executions | runs | runs with a crash | last run |", "|---|---:|---:|---:|---:|---|"]
for t, (secs, execs, runs, crashes, last) in tot.items():
    table.append(f"| {t} | {secs / 60:.1f} | {execs:,} | {runs} | {crashes} | {last} |")
p = pathlib.Path("RELIABILITY.md")
text = p.read_text()
text = re.sub(r"<!-- fuzz-table -->.*<!-- /fuzz-table -->",
              "<!-- fuzz-table -->\n" + "\n".join(table) + "\n<!-- /fuzz-table -->", text, flags=re.S)
p.write_text(text)
PY
fi
