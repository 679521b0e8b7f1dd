"""Dataset writing side by side: corpusforge's writers against pyarrow (and the standard
library's json for JSON lines), on the same records in memory.

`cf-bench-write` (benches/src/bin/write.rs) turns short real-text rows into the records the
default pipeline writes (the output schema: text, source fields, counts, quality signals,
PII counts, ...), times its own Parquet, Arrow IPC, JSON-lines and CSV writers on them, and
leaves the records as JSON lines and the Parquet file. Here the same records are loaded into
Python dicts (not timed) and written with pyarrow using the schema and the settings of
corpusforge's Parquet file (zstd level 3, row groups of 10,000, dictionary pages only where
corpusforge uses them). Two pyarrow times: from the dicts a Python pipeline holds
(`Table.from_pylist` + write, what the Python stack does) and the write alone from a built
table. Run through `make compare` (this section alone: `CF_COMPARE_STAGES=writers make compare`).
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from dedup_eval import median_time  # noqa: E402
from pipeline_eval import short_records  # noqa: E402

TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", pathlib.Path.home() / ".cache/corpusforge-target"))
RECORDS = int(os.environ.get("CF_WRITERS_RECORDS", "100000"))
RUNS = 3  # median_time's default too


def dictionary_columns(parquet_file):
    """The columns corpusforge dictionary-encodes, read from its file's metadata."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(parquet_file).metadata
    out = set()
    group = meta.row_group(0)
    for i in range(group.num_columns):
        col = group.column(i)
        if any("DICTIONARY" in e for e in col.encodings):
            out.add(col.path_in_schema)
    return sorted(out)


def section():
    import pyarrow as pa
    import pyarrow.parquet as pq

    work = pathlib.Path(tempfile.gettempdir()) / "cf-writers-eval"
    work.mkdir(exist_ok=True)
    rows = short_records(RECORDS, work)
    out = work / "out"
    ours = json.loads(subprocess.run([str(TARGET / "release" / "cf-bench-write"), str(rows), str(out), str(RUNS)],
                                     check=True, capture_output=True).stdout)
    records_file = out / "records.jsonl"
    mb_jsonl = records_file.stat().st_size / 1e6
    records = [json.loads(line) for line in records_file.open(encoding="utf-8")]
    schema = pq.read_schema(out / "records.parquet")
    dictionary = dictionary_columns(out / "records.parquet")
    parquet_args = dict(compression="zstd", compression_level=3, row_group_size=10_000,
                        use_dictionary=dictionary, write_statistics=True)
    table = pa.Table.from_pylist(records, schema=schema)
    py_parquet = work / "pyarrow.parquet"
    py_arrow = work / "pyarrow.arrow"
    py_jsonl = work / "python.jsonl"

    def parquet_from_dicts():
        pq.write_table(pa.Table.from_pylist(records, schema=schema), py_parquet, **parquet_args)

    def parquet_from_table():
        pq.write_table(table, py_parquet, **parquet_args)

    def arrow_from_dicts():
        t = pa.Table.from_pylist(records, schema=schema)
        with pa.OSFile(str(py_arrow), "wb") as f, pa.ipc.new_file(f, schema) as w:
            w.write_table(t, max_chunksize=10_000)

    def arrow_from_table():
        with pa.OSFile(str(py_arrow), "wb") as f, pa.ipc.new_file(f, schema) as w:
            w.write_table(table, max_chunksize=10_000)

    def jsonl_from_dicts():
        with py_jsonl.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False))
                f.write("\n")

    # corpusforge's median comes from its own process above; pyarrow's are taken here.
    peer = {
        "parquet_dicts": median_time(parquet_from_dicts),
        "parquet_table": median_time(parquet_from_table),
        "arrow_dicts": median_time(arrow_from_dicts),
        "arrow_table": median_time(arrow_from_table),
        "jsonl_dicts": median_time(jsonl_from_dicts),
    }
    # Same result: pyarrow reads corpusforge's Parquet back to the table it wrote itself.
    same = pq.read_table(out / "records.parquet").equals(pq.read_table(py_parquet))
    sizes = {
        "parquet": py_parquet.stat().st_size,
        "arrow": py_arrow.stat().st_size,
        "jsonl": py_jsonl.stat().st_size,
    }
    f = ours["formats"]
    n = ours["records"]
    text_mb = ours["text_bytes"] / 1e6

    def row(fmt, tool, seconds, size, ref):
        ratio = "" if ref is None else f"{seconds / ref:.2f}x"
        return (f"| {fmt} | {tool} | {seconds:.3f} | {n / seconds:,.0f} | {size / 1e6:.1f} | {ratio} |")

    lines = [
        "## Dataset writers: corpusforge vs pyarrow",
        "",
        f"pyarrow {pa.__version__}, corpusforge 0.1.0. {n:,} records of the output schema (short real "
        f"text rows from `benches/pipeline/make_short_records.py`, {text_mb:.1f} MB of text, "
        f"{mb_jsonl:.0f} MB as JSON lines: each record carries its quality signals and PII counts) "
        "in memory, written to local disk; median of 3 runs. corpusforge: `cf-bench-write` "
        "(`ShardWriter`, what `corpusforge build` writes with, from its records in Rust). pyarrow: the "
        "same records as Python dicts, the schema and settings of corpusforge's Parquet file (zstd 3, "
        "row groups of 10,000, the same dictionary columns); \"from dicts\" includes "
        "`Table.from_pylist` (what a Python pipeline holding dicts pays), \"table\" is the write alone. "
        "JSON lines: Python's `json.dumps` per record (pyarrow writes no JSON). pyarrow has no CSV "
        "writer for nested columns (quality signals, PII counts, drop reasons), so CSV has no peer row. "
        f"pyarrow reads both Parquet files back to equal tables: {'yes' if same else '**no**'}.",
        "",
        "| format | tool | seconds | records/s | file MB | time vs corpusforge |",
        "|---|---|---:|---:|---:|---:|",
        row("Parquet", "corpusforge", f["parquet"]["seconds"], f["parquet"]["bytes"], None),
        row("Parquet", "pyarrow from dicts", peer["parquet_dicts"], sizes["parquet"], f["parquet"]["seconds"]),
        row("Parquet", "pyarrow table", peer["parquet_table"], sizes["parquet"], f["parquet"]["seconds"]),
        row("Arrow IPC", "corpusforge", f["arrow"]["seconds"], f["arrow"]["bytes"], None),
        row("Arrow IPC", "pyarrow from dicts", peer["arrow_dicts"], sizes["arrow"], f["arrow"]["seconds"]),
        row("Arrow IPC", "pyarrow table", peer["arrow_table"], sizes["arrow"], f["arrow"]["seconds"]),
        row("JSON lines", "corpusforge", f["jsonl"]["seconds"], f["jsonl"]["bytes"], None),
        row("JSON lines", "Python json", peer["jsonl_dicts"], sizes["jsonl"], f["jsonl"]["seconds"]),
        row("CSV", "corpusforge", f["csv"]["seconds"], f["csv"]["bytes"], None),
        "",
        "A time vs corpusforge above 1 means corpusforge is faster by that factor; below 1, the peer is.",
        "",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(section()))
