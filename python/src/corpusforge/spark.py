"""corpusforge on Apache Spark: when one machine is not enough.

``build_dataset(spark, inputs, config, out)`` runs the same pipeline as
``Pipeline(config).run(inputs, out)``, spread over a cluster:

1. documents are read with Spark's ``binaryFile`` source (or taken from a DataFrame with a
   text column) and go through ``Pipeline.process_batch`` in ``mapInArrow`` on the
   executors: extraction, normalization, PII masking, quality, segmentation, each
   document's dedup facts (folded exact key, band keys, 8-bit MinHash signature, score);
2. duplicates are found across the cluster in Spark SQL with the core's rule: exact keys
   grouped, band keys grouped into buckets, each document verified against the first
   members of its buckets, clusters as connected components (label propagation, no
   GraphFrames), and in each cluster the highest score survives (then the earliest);
3. the records are written with Spark's Parquet writer in the Hugging Face layout
   (``data/{split}-NNNNN-of-NNNNN.parquet``), and the dataset card, ``stats.json``,
   ``report.html`` and ``rejects.jsonl`` are made by the core from the written shards.

On the same inputs and config the records (ids, texts, splits, duplicates) and the card
are those of the single-machine pipeline; the test suite checks it in ``local[2]`` mode.
Needs pyspark and pyarrow; the executors need corpusforge installed (a wheel on every
node, or ``--py-files``).

Not yet: stratified and temporal splits (``output.stratify_by``/``temporal_by``),
``input.include``/``exclude`` globs, ``output.write_dropped``, dataset rows
(``input.rows``) as inputs, and output folders outside the local filesystem.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import urllib.parse
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

from . import _corpusforge
from .errors import InvalidOptionError

__all__ = ["build_dataset"]

# The columns process_batch adds after the record schema's.
_BATCH_EXTRA = ["input_index", "member_index", "error", "error_message"]
_DEDUP_EXTRA = ["dedup_exact_key", "dedup_band_keys", "dedup_signature", "dedup_score"]


def _local_path(uri: str) -> str:
    """A ``file:`` URI as Spark's binaryFile gives it, as the local path the single-machine
    pipeline names the document by."""
    if uri.startswith("file:"):
        return urllib.parse.unquote(uri[len("file:"):])
    return uri


def _order_of(path: str, roots: Sequence[str]) -> tuple:
    """Where a file falls in the single-machine pipeline's order: the input it was found
    under, then its path components (a folder's files sorted by name, depth first)."""
    for i, root in enumerate(roots):
        if path == root:
            return i, [os.path.basename(path)]
        prefix = root.rstrip("/") + "/"
        if path.startswith(prefix):
            return i, path[len(prefix):].split("/")
    return len(roots), path.split("/")


def _process_files(config: Dict[str, Any], roots: List[str]):
    """The mapInArrow function over binaryFile rows: each partition builds one Pipeline."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        pipeline = _corpusforge.Pipeline(config)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            paths = [_local_path(u) for u in batch.column("path").to_pylist()]
            inputs = pa.record_batch({"path": pa.array(paths, pa.string()), "content": batch.column("content")})
            out = pipeline.process_batch(inputs, dedup="facts")
            order = [_order_of(p, roots) for p in paths]
            rows = out.column("input_index").to_pylist()
            yield _with_order(out, [order[i][0] for i in rows], [order[i][1] for i in rows])

    return run


def _process_texts(config: Dict[str, Any]):
    """The mapInArrow function over rows with ``text``, ``name`` and ``_row`` columns."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        pipeline = _corpusforge.Pipeline(config)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            out = pipeline.process_batch(batch.select(["name", "text"]), dedup="facts")
            rows = out.column("input_index").to_pylist()
            row_ids = batch.column("_row").to_pylist()
            yield _with_order(out, [0] * len(rows), [["%020d" % row_ids[i]] for i in rows])

    return run


def _with_order(out: Any, roots: List[int], parts: List[List[str]]) -> Any:
    import pyarrow as pa

    return pa.RecordBatch.from_arrays(
        list(out.columns) + [pa.array(roots, pa.int32()), pa.array(parts, pa.list_(pa.string()))],
        names=list(out.schema.names) + ["ord_root", "ord_parts"],
    )


def build_dataset(
    spark: Any,
    inputs: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], Any],
    config: Optional[Union[dict, str, os.PathLike]] = None,
    out: Union[str, os.PathLike] = "dataset",
    *,
    text_column: Optional[str] = None,
    name_column: Optional[str] = None,
    partitions: Optional[int] = None,
) -> Dict[str, Any]:
    """Builds a dataset with Spark: ``inputs`` (paths of files and folders, read with the
    ``binaryFile`` source, or a DataFrame whose ``text_column`` holds the documents and
    ``name_column`` their names) through the pipeline of ``config`` (a dict, a TOML/JSON
    path, or None for the defaults) into the folder ``out`` (local). ``partitions``
    repartitions the documents before processing (default: as Spark read them).

    Returns the run summary as a dict (``documents_in``, ``documents_out``,
    ``records_out``, ``dropped``, ``dropped_documents``, ``rejected``, ``output_files``,
    ``dataset_score``), as ``Pipeline.run`` does.
    """
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    driver = _corpusforge.Pipeline(config)
    cfg = driver.config()
    output = cfg["output"]
    for option in ("stratify_by", "temporal_by"):
        if output.get(option):
            raise InvalidOptionError(f"output.{option}: not supported by corpusforge.spark yet")
    out = os.path.abspath(os.fspath(out))
    if "://" in out:
        raise InvalidOptionError("out: corpusforge.spark writes to a local folder")

    # 1. Documents through the per-document stages, on the executors.
    schema = driver.batch_schema("facts")
    import pyarrow as pa

    schema = schema.append(pa.field("ord_root", pa.int32(), False)).append(
        pa.field("ord_parts", pa.list_(pa.string()), False)
    )
    spark_schema = from_arrow_schema(schema)
    if isinstance(inputs, DataFrame):
        column = text_column or cfg["input"]["text_column"]
        name = F.col(name_column).cast("string") if name_column else F.lit(None).cast("string")
        docs = inputs.select(F.col(column).cast("string").alias("text"), name.alias("name"))
        docs = docs.withColumn("_row", F.monotonically_increasing_id())
        docs = docs.withColumn("name", F.coalesce("name", F.format_string("<row %d>", "_row")))
        if partitions:
            docs = docs.repartition(partitions)
        processed = docs.mapInArrow(_process_texts(cfg), spark_schema)
    else:
        if isinstance(inputs, (str, os.PathLike)):
            inputs = [inputs]
        roots = [os.path.abspath(os.fspath(p)) for p in inputs]
        for root in roots:
            if not os.path.exists(root):
                raise _corpusforge_io_error(root)
        files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(roots)
        files = files.select("path", "content")
        if partitions:
            files = files.repartition(partitions)
        processed = files.mapInArrow(_process_files(cfg, roots), spark_schema)
    processed = processed.withColumn(
        "ord", F.struct(F.col("ord_root").alias("root"), F.col("ord_parts").alias("parts"), F.col("member_index").alias("member"))
    ).persist()

    try:
        return _finish(spark, driver, cfg, processed, out)
    finally:
        processed.unpersist()


def _corpusforge_io_error(path: str) -> Exception:
    from .errors import CorpusforgeIOError

    return CorpusforgeIOError(f"{path}: no such file or directory")


def _finish(spark: Any, driver: Any, cfg: Dict[str, Any], processed: Any, out: str) -> Dict[str, Any]:
    from pyspark.sql import functions as F

    records = processed.where(F.col("error").isNull())
    rejects = processed.where(F.col("error").isNotNull())
    firsts = records.where(F.col("chunk_index") == 0)

    # 2. Duplicates across the cluster.
    rule = driver.dedup_rule()
    dups = _duplicates(firsts, rule) if rule else None
    if dups is not None:
        records = records.join(dups, on="ord", how="left")
        records = records.withColumn(
            "drop_reasons",
            F.when(F.col("_reason").isNotNull(), F.concat("drop_reasons", F.array("_reason"))).otherwise(
                F.col("drop_reasons")
            ),
        ).withColumn("duplicate_of", F.col("_of"))
    if not cfg["keep_dropped"]:
        records = records.where(F.size("drop_reasons") == 0)
    columns = [n for n in driver.batch_schema("batch").names if n not in _BATCH_EXTRA]
    records = records.persist()

    # 3. The shards, in the pipeline's order, then the card and statistics from them.
    staging = os.path.join(out, ".corpusforge-spark")
    shutil.rmtree(staging, ignore_errors=True)
    output = cfg["output"]
    per_split = {
        r["split"]: (r["rows"], r["bytes"] or 0)
        for r in records.groupBy("split").agg(F.count("*").alias("rows"), F.sum(F.length("text")).alias("bytes")).collect()
    }
    files = []
    data = os.path.join(staging, "data")
    os.makedirs(data, exist_ok=True)
    for split in ("train", "validation", "test"):
        rows, size = per_split.get(split, (0, 0))
        if rows == 0 and (split != "train" or per_split):
            continue
        count = max(1, math.ceil(size / output["shard_bytes"]) if output["shard_bytes"] else 1)
        if output.get("shard_rows"):
            count = max(count, math.ceil(rows / output["shard_rows"]))
        part = (
            records.where(F.col("split") == split)
            .repartitionByRange(count, "ord", "chunk_index")
            .sortWithinPartitions("ord", "chunk_index")
            .select(*columns)
        )
        tmp = os.path.join(staging, "parts-" + split)
        compression = output.get("parquet_compression", "zstd")
        part.write.option("compression", "uncompressed" if compression == "none" else compression).parquet(
            "file://" + tmp
        )
        parts = sorted(f for f in os.listdir(tmp) if f.startswith("part-") and f.endswith(".parquet"))
        # An empty split still gets one (empty) shard when it is the whole dataset.
        for i, f in enumerate(parts):
            name = f"{split}-{i:05d}-of-{len(parts):05d}.parquet"
            os.replace(os.path.join(tmp, f), os.path.join(data, name))
            files.append("data/" + name)

    summary = _summary(firsts, rejects, records, dups)
    reject_rows = rejects.orderBy("ord").select("source", "error", "error_message").collect()
    with open(os.path.join(staging, "rejects.jsonl"), "w", encoding="utf-8") as f:
        for r in reject_rows:
            line = {"source": r["source"], "error": r["error"], "message": r["error_message"]}
            f.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    records.unpersist()

    # Move into place: data/ in one rename, complete; the rest after it.
    os.makedirs(out, exist_ok=True)
    final = os.path.join(out, "data")
    if os.path.exists(final):
        shutil.rmtree(final)
    os.replace(data, final)
    os.replace(os.path.join(staging, "rejects.jsonl"), os.path.join(out, "rejects.jsonl"))
    shutil.rmtree(staging, ignore_errors=True)
    stats = driver.finish_dataset(out, summary.pop("_facts"))
    summary["dataset_score"] = stats["dataset_score"]
    summary["output_files"] = files + ["README.md", "stats.json", "report.html", "rejects.jsonl", "run.json"]
    with open(os.path.join(out, "run.json"), "w", encoding="utf-8") as f:
        json.dump({"corpusforge": _corpusforge.__version__, "engine": "spark", "summary": summary}, f, indent=2)
    return summary


def _duplicates(firsts: Any, rule: Dict[str, Any]) -> Any:
    """Per duplicate document: its ``ord``, the reason (``dedup:exact``/``dedup:near``) as
    ``_reason`` and the kept twin's first record id as ``_of``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    docs = firsts.where(F.col("dedup_score").isNotNull()).select(
        "ord", "doc_id", F.col("dedup_exact_key").alias("exact"), F.col("dedup_band_keys").alias("bands"),
        F.col("dedup_signature").alias("sig"), F.col("dedup_score").alias("score"),
    ).persist()
    # Exact copies: each joins the first document with its key.
    by_key = Window.partitionBy("exact").orderBy("ord")
    exact_first = docs.where(F.col("exact").isNotNull()).select(
        "ord", F.first("ord").over(by_key).alias("exact_first")
    )
    edges = exact_first.where(F.col("ord") != F.col("exact_first")).select(
        F.col("ord").alias("a"), F.col("exact_first").alias("b")
    )
    # Near copies: in each band bucket, a document against the bucket's first members
    # before it, verified on the 8-bit signatures (the core's estimate, to the bit).
    entries = docs.select("ord", "sig", F.explode("bands").alias("band"))
    entries = entries.withColumn("rn", F.row_number().over(Window.partitionBy("band").orderBy("ord")))
    heads = entries.where(F.col("rn") <= rule["verify_per_bucket"]).select(
        "band", F.col("ord").alias("h_ord"), F.col("sig").alias("h_sig"), F.col("rn").alias("h_rn")
    )
    pairs = entries.join(heads, on="band").where((F.col("h_rn") < F.col("rn")) & (F.col("h_ord") != F.col("ord")))
    same = F.aggregate(F.zip_with("sig", "h_sig", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0), lambda acc, v: acc + v)
    share = same / F.size("sig")
    chance = 1.0 / 256.0
    similarity = F.greatest(F.least((share - F.lit(chance)) / F.lit(1.0 - chance), F.lit(1.0)), F.lit(0.0))
    near = pairs.where(similarity >= F.lit(float(rule["threshold"]))).select(F.col("ord").alias("a"), F.col("h_ord").alias("b"))
    edges = edges.unionByName(near).distinct()
    edges = edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).persist()

    # Connected components: every document takes the smallest label among its neighbours'
    # until none changes.
    labels = docs.select("ord", F.col("ord").alias("label")).localCheckpoint()
    while True:
        offered = edges.join(labels.withColumnRenamed("ord", "b"), on="b").select(F.col("a").alias("ord"), "label")
        updated = labels.unionByName(offered).groupBy("ord").agg(F.min("label").alias("label")).localCheckpoint()
        changed = updated.alias("u").join(labels.alias("l"), on="ord").where(F.col("u.label") < F.col("l.label")).limit(1).count()
        labels = updated
        if not changed:
            break
    edges.unpersist()

    # The survivor of each component: the highest score, then the earliest.
    members = docs.join(labels, on="ord")
    best = members.groupBy("label").agg(F.min(F.struct(-F.col("score"), F.col("ord"))).alias("best"))
    members = members.join(best, on="label").withColumn("keep", F.col("best.ord"))
    keep_info = docs.select(F.col("ord").alias("keep"), F.col("doc_id").alias("keep_id"))
    firsts_of = exact_first.select(F.col("ord").alias("o"), "exact_first")
    dup = members.where(F.col("keep") != F.col("ord")).join(keep_info, on="keep")
    dup = dup.join(firsts_of, dup["ord"] == firsts_of["o"], "left").drop("o").withColumnRenamed("exact_first", "mine")
    dup = dup.join(firsts_of.withColumnRenamed("exact_first", "theirs"), dup["keep"] == firsts_of["o"], "left")
    exact = F.col("mine").isNotNull() & (F.col("mine") == F.col("theirs"))
    result = dup.select(
        "ord",
        F.when(exact, F.lit("dedup:exact")).otherwise(F.lit("dedup:near")).alias("_reason"),
        F.concat(F.col("keep_id"), F.lit(":0")).alias("_of"),
    ).localCheckpoint()
    docs.unpersist()
    return result


def _summary(firsts: Any, rejects: Any, records: Any, dups: Any) -> Dict[str, Any]:
    """The run summary, and the facts the card needs (under ``_facts``)."""
    from pyspark.sql import functions as F

    documents = firsts.count()
    rejected = {r["error"]: r["n"] for r in rejects.groupBy("error").agg(F.count("*").alias("n")).collect()}
    own_dropped = firsts.where(F.size("drop_reasons") > 0).count()
    own_reasons = {
        r["reason"]: r["n"]
        for r in firsts.select(F.explode("drop_reasons").alias("reason")).groupBy("reason").agg(F.count("*").alias("n")).collect()
    }
    dropped = dict(own_reasons)
    duplicates = 0
    if dups is not None:
        for r in dups.groupBy("_reason").agg(F.count("*").alias("n")).collect():
            dropped[r["_reason"]] = dropped.get(r["_reason"], 0) + r["n"]
            duplicates += r["n"]
    firsts_out = records.where(F.col("chunk_index") == 0)
    documents_out = firsts_out.count()
    records_out = records.count()
    dropped_documents = own_dropped + duplicates
    total_in = documents + sum(rejected.values())
    return {
        "documents_in": total_in,
        "documents_out": documents_out,
        "records_out": records_out,
        "dropped": dropped,
        "dropped_documents": dropped_documents,
        "rejected": rejected,
        "_facts": {
            "documents_in": total_in,
            "dropped": dropped,
            "rejected": rejected,
            "duplicates": duplicates,
            "documents_before_dedup": documents - own_dropped,
        },
    }
