"""Writes N short JSONL records (~200 characters each) for the pipeline bench:
`python3 benches/pipeline/make_short_records.py 1000000 /tmp/short.jsonl`.

Each record is consecutive sentences (about 180-300 characters) from the real documents of
`tests/quality/agreement-corpus.jsonl` (prose, changelogs, licences, man pages, READMEs, in
several languages), so records read like short real text, not word salad. The choice is
seeded: the file is the same on every machine. About 1 in 20 records gets an e-mail address
or phone number, and about 1 in 50 repeats an earlier record (the duplicates dedup must find)."""

import json
import random
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "quality" / "agreement-corpus.jsonl"


def sentences():
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s.strip()) > 20]
            out.append(parts)
    return [s for p in out for s in p]


def main() -> None:
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(7)
    flat = sentences()
    earlier = []
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            if earlier and rng.random() < 0.02:
                text = rng.choice(earlier)
            else:
                start = rng.randrange(len(flat))
                picked = []
                for s in flat[start:] + flat[:start]:
                    picked.append(s)
                    if sum(len(x) + 1 for x in picked) >= 180:
                        break
                text = " ".join(picked)[:300]
                r = rng.random()
                if r < 0.03:
                    text += f" Contact jane.doe{i}@example.org for details."
                elif r < 0.05:
                    text += f" Call +44 20 7946 {i % 10000:04d} today."
                if len(earlier) < 10000:
                    earlier.append(text)
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
