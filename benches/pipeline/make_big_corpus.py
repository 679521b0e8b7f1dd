"""Writes a corpus of several GB for the pipeline's memory bar by repeating and varying the
shared corpus: `python3 benches/pipeline/make_big_corpus.py 300 /tmp/big` makes 300 copies
of `../shared/corpus` (about 11 MB each) under `/tmp/big/copy-NNN/`.

Copies vary so the corpus holds what real collections hold: text files (txt, md, tex, html,
csv, jsonl) get a different sentence appended in every copy (near-duplicates of each
other, each copy's own), binary documents (PDF, office, EPUB) get a copy-numbered comment
appended after their end (different bytes, the same text: exact duplicates by content,
as re-uploads of one file are); JSON files are copied as they are. The choice is seeded: every machine gets the same corpus."""

import random
import shutil
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
TEXT = {".txt", ".md", ".tex", ".html", ".csv", ".json", ".jsonl", ""}
WORDS = (
    "archive review budget meeting harbour library schedule report committee survey river "
    "station council garden museum bridge contract invoice patient school village market"
).split()


def main() -> None:
    copies, out = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(7)
    files = sorted(p for p in SHARED.rglob("*") if p.is_file())
    for n in range(copies):
        dest = out / f"copy-{n:03d}"
        for src in files:
            target = dest / src.relative_to(SHARED)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            if src.suffix.lower() == ".json":
                continue  # JSON takes no trailing text: an exact copy
            if src.suffix.lower() in TEXT:
                words = " ".join(rng.choice(WORDS) for _ in range(12))
                with open(target, "a", encoding="utf-8") as f:
                    f.write(f"\nCopy {n}: the {words}.\n")
            else:
                with open(target, "ab") as f:
                    f.write(f"\n% corpusforge big-corpus copy {n}\n".encode())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{copies} copies, {len(files) * copies} files, {size / 1e9:.2f} GB in {out}")


if __name__ == "__main__":
    main()
