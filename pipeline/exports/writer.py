"""Write export rows as JSONL or Parquet, one file per split, plus a manifest saying what is in them.

Files are written to a temporary name and renamed, so a reader never sees half a file. Empty splits are
not written: ``datasets.load_dataset`` refuses an empty data file, and a missing split says the same thing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

FileFormat = Literal["jsonl", "parquet"]
MANIFEST = "export.json"


def write_rows(rows: Sequence[BaseModel], path: Path, file_format: FileFormat) -> None:
    """Write ``rows`` to ``path`` atomically (JSONL: one object per line; Parquet: one table)."""
    tmp = path.with_name(path.name + ".tmp")
    dicts = [row.model_dump(mode="json") for row in rows]
    if file_format == "parquet":
        import pyarrow as pa  # only the parquet path needs it
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(dicts), tmp)
    else:
        with tmp.open("w", encoding="utf-8") as handle:
            for row in dicts:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def write_splits(
    splits: dict[str, Sequence[BaseModel]], output: Path, file_format: FileFormat
) -> dict[str, str]:
    """Write each non-empty split as ``<split>.<ext>`` in ``output``; return split -> file name."""
    output.mkdir(parents=True, exist_ok=True)
    files = {}
    for split, rows in splits.items():
        target = output / f"{split}.{file_format}"
        if not rows:
            target.unlink(missing_ok=True)  # a stale file from an earlier export would be read as this one
            continue
        write_rows(rows, target, file_format)
        files[split] = target.name
    return files


def write_manifest(manifest: BaseModel, output: Path) -> Path:
    path = output / MANIFEST
    tmp = path.with_name(MANIFEST + ".tmp")
    tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
