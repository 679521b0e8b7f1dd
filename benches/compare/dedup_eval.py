"""MinHash dedup side by side: corpusforge, datasketch and datatrove, on the same texts.

Two measures:
- speed: signatures (and, where the tool has it, LSH and clustering) for a corpus made of
  tests/quality/agreement-corpus.jsonl plus one edited copy of every document;
- the S-curve: pairs of generated texts of known word-5-gram Jaccard similarity, the share
  of pairs each tool calls duplicates, per similarity bucket.

datatrove's MinHash is a disk-based pipeline (signatures, buckets, clusters, filter); its
signature step is what scales with text, so that is what is timed, through its own
`get_shingles` and `get_signature`. xxhash 4 (pulled in by another peer) rejects `str`
where datatrove passes one (datatrove issue #508), so the text is encoded to UTF-8 first,
which is what xxhash 3 did.
"""

import json
import pathlib
import random
import statistics
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "quality" / "agreement-corpus.jsonl"
RUNS = 3


def load_corpus():
    docs = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    rng = random.Random(7)
    edited = []
    for d in docs:
        words = d.split(" ")
        for _ in range(max(1, len(words) // 50)):
            words[rng.randrange(len(words))] = "edited"
        edited.append(" ".join(words))
    return docs + edited


def median_time(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def datasketch_tools():
    try:
        import datasketch
    except ImportError:
        return None

    def shingles(text):
        words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
        if len(words) < 5:
            return {" ".join(words)}
        return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}

    def signatures(texts):
        out = []
        for t in texts:
            m = datasketch.MinHash(num_perm=112, seed=1)
            m.update_batch([s.encode("utf-8") for s in shingles(t)])
            out.append(m)
        return out

    def dedup(texts):
        sigs = signatures(texts)
        lsh = datasketch.MinHashLSH(threshold=0.8, num_perm=112)
        dup = []
        for i, m in enumerate(sigs):
            dup.append(bool(lsh.query(m)))
            lsh.insert(str(i), m)
        return dup

    return datasketch.__version__, signatures, dedup


def datatrove_signatures():
    try:
        import importlib.metadata

        from datatrove.pipeline.dedup.minhash import MinhashDedupSignature
    except ImportError:
        return None
    step = MinhashDedupSignature(output_folder="/tmp/cf-datatrove-minhash")
    raw = step._hash_func
    step._hash_func = lambda s: raw(s.encode("utf-8")) if isinstance(s, str) else raw(s)

    def signatures(texts):
        # datatrove signs only texts with at least one 5-gram, as its pipeline step does.
        out = []
        for t in texts:
            shingles = step.get_shingles(t)
            if shingles.size:
                out.append(step.get_signature(shingles))
        return out

    return importlib.metadata.version("datatrove"), signatures


def word(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))


def jaccard(a, b):
    sa = {tuple(a[i : i + 5]) for i in range(len(a) - 4)}
    sb = {tuple(b[i : i + 5]) for i in range(len(b) - 4)}
    return len(sa & sb) / len(sa | sb)


def generated_pairs(n=400):
    rng = random.Random(11)
    pairs = []
    for i in range(n):
        a = [word(rng) for _ in range(150 + rng.randrange(600))]
        b = list(a)
        for _ in range(int(len(a) * (i % 50) / 400)):
            b[rng.randrange(len(b))] = word(rng)
        pairs.append((" ".join(a), " ".join(b), jaccard(a, b)))
    return pairs


def section():
    import corpusforge

    texts = load_corpus()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows = []
    t_sig = median_time(lambda: [corpusforge.minhash_signature(t) for t in texts])
    t_dedup = median_time(lambda: corpusforge.dedup(texts))
    rows.append(("corpusforge `minhash_signature` per text (one thread)", t_sig))
    rows.append(("corpusforge `dedup` (signatures on all cores + LSH + verify + clusters)", t_dedup))
    versions = [f"corpusforge {corpusforge.__version__}"]
    ds = datasketch_tools()
    if ds:
        versions.append(f"datasketch {ds[0]}")
        rows.append(("datasketch `MinHash` signatures (112 permutations)", median_time(lambda: ds[1](texts))))
        rows.append(("datasketch signatures + `MinHashLSH` (threshold 0.8)", median_time(lambda: ds[2](texts))))
    dt = datatrove_signatures()
    if dt:
        versions.append(f"datatrove {dt[0]}")
        rows.append(("datatrove `MinhashDedupSignature` signatures (14 × 8)", median_time(lambda: dt[1](texts))))
    slowest_peer = max((t for name, t in rows if not name.startswith("corpusforge")), default=None)
    lines = [
        "## Dedup (MinHash)",
        "",
        f"Corpus: the {len(texts) // 2} documents of `tests/quality/agreement-corpus.jsonl` and an edited copy "
        f"of each (one word in 50 replaced): {len(texts)} texts, {mb:.2f} MB. Median of {RUNS} runs. "
        f"Versions: {', '.join(versions)}. Command: `CF_COMPARE_STAGES=dedup make compare`.",
        "",
        "| tool | seconds | MB/s | corpusforge `dedup` is faster by |",
        "|---|---|---|---|",
    ]
    for name, t in rows:
        ratio = f"{t / t_dedup:.1f}x" if not name.startswith("corpusforge") else ""
        lines.append(f"| {name} | {t:.3f} | {mb / t:.1f} | {ratio} |")
    if slowest_peer:
        fastest_peer = min(t for name, t in rows if not name.startswith("corpusforge"))
        lines += ["", f"corpusforge's whole dedup is {fastest_peer / t_dedup:.1f}x faster than the fastest peer step "
                  f"above, and its one-thread signatures {fastest_peer / t_sig:.1f}x."]

    # S-curve.
    pairs = generated_pairs()
    buckets = {}
    tools = {
        "corpusforge (default: 20 × 6, verified at 0.8)": lambda a, b: corpusforge.dedup([a, b], exact=False)[1] is not None,
        "corpusforge `preset=\"datatrove\"` (14 × 8, unverified)": lambda a, b: corpusforge.dedup([a, b], exact=False, preset="datatrove")[1] is not None,
    }
    if ds:
        tools["datasketch MinHashLSH (threshold 0.8, 112 perm)"] = lambda a, b: ds[2]([a, b])[1]
    for a, b, j in pairs:
        k = min(int(j * 10), 9)
        for name, fn in tools.items():
            n, m = buckets.setdefault((name, k), (0, 0))
            buckets[(name, k)] = (n + 1, m + int(fn(a, b)))
    ks = sorted({k for _, k in buckets})
    lines += [
        "",
        f"S-curve: {len(pairs)} generated pairs of known word-5-gram Jaccard similarity (a text of 150-750 random "
        "words and a copy with 0-12% of its words replaced); share of pairs called duplicates per bucket.",
        "",
        "| tool | " + " | ".join(f"J {k / 10:.1f}-{(k + 1) / 10:.1f}" for k in ks) + " |",
        "|---|" + "---|" * len(ks),
    ]
    for name in tools:
        cells = []
        for k in ks:
            n, m = buckets.get((name, k), (0, 0))
            cells.append(f"{m / n:.2f} ({n})" if n else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    hi = [(j, tools[next(iter(tools))](a, b)) for a, b, j in pairs if j >= 0.9]
    lo = [(j, tools[next(iter(tools))](a, b)) for a, b, j in pairs if j <= 0.5]
    lines += ["", f"With defaults, {sum(m for _, m in hi) / max(1, len(hi)):.3f} of the {len(hi)} pairs at J ≥ 0.9 are "
              f"matched and {sum(m for _, m in lo) / max(1, len(lo)):.3f} of the {len(lo)} pairs at J ≤ 0.5 "
              "(bars: ≥ 0.95 and ≤ 0.01; `core/tests/dedup.rs` asserts them on 800 pairs)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(section())
