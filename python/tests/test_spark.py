"""Scale-out: process_batch as the unit of Spark's mapInArrow and Ray Data's map_batches, and
corpusforge.spark.build_dataset in local[2] mode giving the single-machine pipeline's
records (ids, texts, splits, duplicates), rejects, card and statistics on the shared
corpus plus planted duplicates, a broken file and an archive."""

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import corpusforge

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "corpus"

PARA = (
    "The committee met on Tuesday to discuss the budget. Members reviewed the figures from the "
    "last quarter and agreed that the plan should go ahead as written. A short report will "
    "follow next week, with the decisions and the open questions. The chair thanked the "
    "volunteers who had counted the votes. Several residents asked about the timetable for the "
    "repairs. The next meeting will be held in the library on the first Monday of the month."
)


def test_process_batch_takes_and_gives_arrow():
    batch = pa.record_batch(
        {
            "path": ["a.txt", "broken.docx", "b.txt"],
            "content": [PARA.encode(), b"PK\x03\x04 not a zip", PARA.encode()],
        }
    )
    out = corpusforge.process_batch(batch)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema == corpusforge.Pipeline().batch_schema()
    rows = out.to_pylist()
    assert [r["source"] for r in rows] == ["a.txt", "broken.docx", "b.txt"]
    assert rows[1]["error"] == "corrupt_document" and "broken.docx" in rows[1]["error_message"]
    assert rows[2]["drop_reasons"] == ["dedup:exact"] and rows[2]["duplicate_of"] == rows[0]["id"]
    facts = corpusforge.Pipeline().process_batch(batch, dedup="facts").to_pylist()
    assert facts[0]["dedup_exact_key"] == facts[2]["dedup_exact_key"] is not None
    assert facts[2]["drop_reasons"] == [] and len(facts[0]["dedup_signature"]) > 0
    # A table (several batches) in gives a table out, indexed across its batches.
    two = pa.Table.from_batches([batch.slice(0, 2), batch.slice(2)])
    as_table = corpusforge.process_batch(two)
    assert isinstance(as_table, pa.Table) and as_table.to_pylist() == rows
    # Text rows, from any Arrow producer.
    polars = pytest.importorskip("polars")
    texts = polars.DataFrame({"name": ["x"], "text": [PARA]}).to_arrow().to_batches()[0]
    assert corpusforge.process_batch(texts, {"stages": ["normalize"]}).column("source").to_pylist() == ["x"]
    with pytest.raises(corpusforge.InvalidOptionError, match="dedup"):
        corpusforge.process_batch(batch, dedup="cluster")
    with pytest.raises(TypeError):
        corpusforge.process_batch([1, 2, 3])


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark's local mode")
    from pyspark.sql import SparkSession

    # The executors' Python is this one, where corpusforge is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    session = (
        SparkSession.builder.master("local[2]")
        .appName("corpusforge-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    assert pyspark.__version__
    yield session
    session.stop()


def corpus(tmp_path):
    """The shared corpus, plus an exact copy, a near copy, a broken file and an archive."""
    root = tmp_path / "corpus"
    shutil.copytree(SHARED, root / "shared")
    extra = root / "extra"
    extra.mkdir()
    (extra / "minutes.txt").write_text(PARA)
    (extra / "minutes-copy.txt").write_text(PARA)
    (extra / "minutes-near.txt").write_text(PARA.replace("first Monday", "second Monday"))
    (extra / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    with zipfile.ZipFile(extra / "bundle.zip", "w") as z:
        z.writestr("one.txt", PARA.replace("budget", "harbour wall and the new ferry timetable"))
        z.writestr("two.txt", PARA)
    return root


def table(out):
    return pq.read_table(str(out / "data")).to_pylist()


def test_build_dataset_matches_the_single_machine_pipeline(spark, tmp_path):
    from corpusforge.spark import build_dataset

    root = corpus(tmp_path)
    config = {
        "keep_dropped": True,
        "output": {"name": "parity", "splits": {"train": 0.8, "validation": 0.1, "test": 0.1}},
    }
    local = corpusforge.Pipeline(config).run([str(root)], tmp_path / "local")
    summary = build_dataset(spark, [str(root)], config, tmp_path / "spark", partitions=3)
    a, b = table(tmp_path / "local"), table(tmp_path / "spark")
    assert len(a) == len(b) == local["records_out"] == summary["records_out"]
    # Identical files share a doc_id (the SHA-256 of their bytes), so rows are matched by
    # source and chunk.
    key = lambda r: (r["source"], r["chunk_index"])  # noqa: E731
    mine = {key(r): r for r in a}
    assert len(mine) == len(a) and set(mine) == {key(r) for r in b}
    for r in b:
        for field in ("id", "text", "split", "duplicate_of", "drop_reasons", "quality_score", "language"):
            assert r[field] == mine[key(r)][field], (r["source"], field)
    # The planted cluster: three copies and a near copy; the archive member comes first in
    # the pipeline's order (bundle.zip sorts before minutes.txt), so it is the one kept.
    cluster = [r for r in b if r["source"].endswith(("minutes.txt", "minutes-copy.txt", "minutes-near.txt", "bundle.zip!two.txt"))]
    kept = [r for r in cluster if not r["duplicate_of"]]
    assert len(cluster) == 4 and [r["source"].endswith("bundle.zip!two.txt") for r in kept] == [True]
    assert {tuple(r["drop_reasons"]) for r in cluster if r["duplicate_of"]} == {("dedup:exact",), ("dedup:near",)}
    for key in ("documents_in", "documents_out", "dropped", "dropped_documents", "rejected"):
        assert summary[key] == local[key], key
    for name in ("rejects.jsonl", "stats.json", "README.md"):
        assert (tmp_path / "spark" / name).read_text() == (tmp_path / "local" / name).read_text(), name
    assert sorted(p.name for p in (tmp_path / "spark" / "data").iterdir()) == sorted(
        p.name for p in (tmp_path / "local" / "data").iterdir()
    )
    # Without keep_dropped, the dropped documents are left out, as in a run.
    config["keep_dropped"] = False
    kept = build_dataset(spark, [str(root)], config, tmp_path / "kept")
    assert kept["records_out"] == corpusforge.Pipeline(config).run([str(root)], tmp_path / "kept-local")["records_out"]
    assert all(r["drop_reasons"] == [] for r in table(tmp_path / "kept"))
    run = json.loads((tmp_path / "kept" / "run.json").read_text())
    assert run["engine"] == "spark"


def test_build_dataset_from_a_dataframe_of_texts(spark, tmp_path):
    from corpusforge.spark import build_dataset

    df = spark.createDataFrame([(PARA, "a"), (PARA, "b"), ("Too short.", "c")], ["body", "name"])
    summary = build_dataset(
        spark, df, {"keep_dropped": True}, tmp_path / "rows", text_column="body", name_column="name"
    )
    rows = {r["source"]: r for r in table(tmp_path / "rows")}
    assert summary["documents_in"] == 3 and set(rows) == {"a", "b", "c"}
    assert rows["b"]["drop_reasons"] == ["dedup:exact"] and rows["b"]["duplicate_of"] == rows["a"]["id"]
    assert rows["c"]["drop_reasons"] and rows["c"]["duplicate_of"] is None


def test_ray_data_map_batches_gives_the_pipeline_records(tmp_path):
    ray = pytest.importorskip("ray")
    examples = REPO / "examples"
    config = {"keep_dropped": True, "stages": ["normalize", "pii", "quality"]}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        ds = ray.data.read_binary_files(str(examples), include_paths=True)
        ds = ds.map_batches(lambda b: corpusforge.process_batch(b, config), batch_format="pyarrow")
        got = {(Path(r["source"]).name, r["chunk_index"]): r["text"] for r in ds.take_all() if r["error"] is None}
    finally:
        ray.shutdown()
    corpusforge.Pipeline(config).run([str(examples)], tmp_path / "local")
    want = {(Path(r["source"]).name, r["chunk_index"]): r["text"] for r in table(tmp_path / "local")}
    assert got == want
