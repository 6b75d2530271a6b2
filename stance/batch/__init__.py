"""Batch tagging at corpus scale: files, folders and stdin in; one row per sentence out.

- :mod:`stance.batch.readers`: inputs (text, JSONL, CSV files, folders, stdin) into documents or failures;
- :mod:`stance.batch.engine`: bounded batches tagged in order here, in joblib processes or on Dask;
  :func:`tag_files` (``stance tag``), :func:`tag_corpus`, checkpoints and resume;
- :mod:`stance.batch.writers`: JSONL, CSV, Parquet and table output, written atomically, and read back.
"""

from .engine import BatchReport, tag_corpus, tag_files
from .readers import Document, Failure
from .writers import COLUMNS, FLAT_COLUMNS, read_rows

__all__ = ["COLUMNS", "FLAT_COLUMNS", "BatchReport", "Document", "Failure", "read_rows", "tag_corpus", "tag_files"]
