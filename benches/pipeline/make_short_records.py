"""Writes N short JSONL records (~200 characters each) for the pipeline bench:
`python3 benches/pipeline/make_short_records.py 1000000 /tmp/short.jsonl`.

Records are sentences drawn from a fixed vocabulary (seeded, so the file is the same on
every machine), about 1 in 20 with an e-mail address or phone number, and about 1 in 50
repeating an earlier record (the duplicates dedup must find)."""

import json
import random
import sys

WORDS = (
    "the data team reviewed quarterly results and found that revenue grew in every region "
    "while costs stayed flat; customers asked for faster delivery, clearer invoices and "
    "better support, so the company hired engineers, opened an office in Lisbon and "
    "shipped a new version of the platform with improved search, reports and exports"
).replace(",", "").replace(";", "").split()


def main() -> None:
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(7)
    earlier = []
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            if earlier and rng.random() < 0.02:
                text = rng.choice(earlier)
            else:
                sentences = []
                while sum(len(s) for s in sentences) < 200:
                    k = rng.randint(6, 14)
                    s = " ".join(rng.choice(WORDS) for _ in range(k))
                    sentences.append(s[0].upper() + s[1:] + ".")
                r = rng.random()
                if r < 0.03:
                    sentences.append(f"Contact jane.doe{i}@example.org for details.")
                elif r < 0.05:
                    sentences.append(f"Call +44 20 7946 {i % 10000:04d} today.")
                text = " ".join(sentences)
                if len(earlier) < 10000:
                    earlier.append(text)
            f.write(json.dumps({"id": i, "text": text}) + "\n")


if __name__ == "__main__":
    main()
