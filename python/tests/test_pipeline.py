"""The whole job from Python: Pipeline(config).run(inputs, out), and the dataset it writes
loading with the same row counts in pyarrow, pandas, polars, DuckDB and Hugging Face
datasets, for every output format."""

import glob
import json
import os
from pathlib import Path

import datasets
import duckdb
import pandas as pd
import polars as pl
import pyarrow.csv as pa_csv
import pyarrow.ipc as pa_ipc
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

import corpusforge

REPO = Path(__file__).resolve().parents[2]
INPUTS = [REPO / "examples", REPO / ".." / "shared" / "corpus" / "office" / "documents"]


def build(tmp_path, fmt, **config):
    out = tmp_path / fmt
    cfg = {"keep_dropped": True, "output": {"format": fmt, "splits": {"train": 0.8, "validation": 0.1, "test": 0.1}}}
    cfg.update(config)
    summary = corpusforge.Pipeline(cfg).run([str(p) for p in INPUTS], out)
    return out, summary


def reader_counts(out, fmt):
    files = sorted(glob.glob(str(out / "data" / "*")))
    if fmt == "parquet":
        return {
            "pyarrow": sum(pq.read_table(f).num_rows for f in files),
            "pandas": sum(len(pd.read_parquet(f)) for f in files),
            "polars": pl.read_parquet(str(out / "data" / "*.parquet")).height,
            "duckdb": duckdb.sql(f"select count(*) from '{out}/data/*.parquet'").fetchall()[0][0],
        }
    if fmt == "jsonl":
        return {
            "pyarrow": sum(pa_json.read_json(f).num_rows for f in files),
            "pandas": sum(len(pd.read_json(f, lines=True)) for f in files),
            "polars": sum(pl.read_ndjson(f).height for f in files),
            "duckdb": duckdb.sql(f"select count(*) from read_json_auto('{out}/data/*.jsonl')").fetchall()[0][0],
        }
    if fmt == "csv":
        return {
            "pyarrow": sum(pa_csv.read_csv(f).num_rows for f in files),
            "pandas": sum(len(pd.read_csv(f)) for f in files),
            "polars": sum(pl.read_csv(f).height for f in files),
            "duckdb": duckdb.sql(f"select count(*) from read_csv_auto('{out}/data/*.csv')").fetchall()[0][0],
        }
    assert fmt == "arrow"
    tables = [pa_ipc.open_file(f).read_all() for f in files]
    return {
        "pyarrow": sum(t.num_rows for t in tables),
        "pandas": sum(len(pa_ipc.open_file(f).read_pandas()) for f in files),
        "polars": sum(pl.read_ipc(f).height for f in files),
        "duckdb": sum(duckdb.from_arrow(t).aggregate("count(*)").fetchall()[0][0] for t in tables),
    }


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv", "arrow"])
def test_every_reader_sees_the_same_rows(tmp_path, fmt):
    out, summary = build(tmp_path, fmt)
    n = summary["records_out"]
    assert n > 15
    counts = reader_counts(out, fmt)
    datasets.disable_progress_bars()
    # A cache of its own: the shared one keys datasets by folder name and file hashes, and
    # can hand back an older build of a folder of the same name.
    ds = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "hf-cache"))
    counts["datasets"] = sum(len(ds[s]) for s in ds)
    assert counts == {k: n for k in counts}, counts
    stats = json.loads((out / "stats.json").read_text())
    for split in ds:
        assert len(ds[split]) == stats["records"][split]
    assert set(ds) <= {"train", "validation", "test"}


def test_parquet_columns_and_card(tmp_path):
    out, summary = build(tmp_path, "parquet")
    t = pq.read_table(sorted(glob.glob(str(out / "data" / "train-*.parquet")))[0])
    for col in ["id", "doc_id", "chunk_index", "text", "language", "quality_score", "quality_signals",
                "drop_reasons", "pii_counts", "sensitivity", "duplicate_of", "split"]:
        assert col in t.column_names
    row = t.slice(0, 1).to_pylist()[0]
    assert row["id"] == f"{row['doc_id']}:0"
    assert isinstance(row["quality_signals"]["n_words"], float)
    card = (out / "README.md").read_text()
    assert card.startswith("---\n") and "configs:" in card and "dataset score" in card.lower()
    run = json.loads((out / "run.json").read_text())
    assert run["summary"]["records_out"] == summary["records_out"]


def test_progress_callback_and_summary(tmp_path):
    events = []
    summary = corpusforge.Pipeline({"output": {"format": "jsonl"}}).run(
        str(REPO / "examples"), tmp_path / "out", progress=events.append
    )
    assert events and events[-1]["inputs_done"] == events[-1]["inputs_total"] == summary["inputs"]
    assert summary["documents_in"] >= 12
    assert sum(summary["rejected"].values()) >= 0
    assert "data/train-00000-of-00001.jsonl" in summary["output_files"]


def test_config_errors_name_the_key(tmp_path):
    with pytest.raises(corpusforge.InvalidOptionError, match="formatt"):
        corpusforge.Pipeline({"output": {"formatt": "csv"}})
    with pytest.raises(corpusforge.InvalidOptionError, match="splits"):
        corpusforge.Pipeline({"output": {"splits": {"train": 0.5}}})
    toml = tmp_path / "cf.toml"
    toml.write_text('granularity = "chunk"\n[segment]\nmax_chars = 200\n')
    p = corpusforge.Pipeline(str(toml))
    assert p.config()["granularity"] == "chunk"
    with pytest.raises(corpusforge.CorpusforgeIOError):
        p.run(str(tmp_path / "missing"), tmp_path / "out")


def test_process_text_gives_masked_records():
    p = corpusforge.Pipeline({"stages": ["normalize", "pii"]})
    (rec,) = p.process_text("Write to jane@example.org about the cafÃ© order.")
    assert rec["text"] == "Write to [EMAIL] about the café order."
    assert rec["pii_counts"]["EMAIL"] == 1
    assert rec["split"] == "train"


def test_records_stream_into_pyarrow_polars_and_pandas_without_files(tmp_path):
    import pyarrow as pa

    p = corpusforge.Pipeline({"keep_dropped": True})
    table = pa.table(p.records(str(REPO / "examples")))
    assert table.num_rows >= 10
    assert "quality_signals" in table.column_names
    stream = p.records(str(REPO / "examples"))
    assert pl.from_arrow(pa.RecordBatchReader.from_stream(stream)).height == table.num_rows
    with pytest.raises(ValueError, match="consumed"):
        stream.__arrow_c_stream__()
    df = p.to_pandas([str(REPO / "examples")])
    assert len(df) == table.num_rows
