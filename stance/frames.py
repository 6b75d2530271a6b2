"""Tagging tables: a pandas DataFrame, a Dask DataFrame or a Dask bag, into sentence rows.

The rows are those of :func:`stance.tag_corpus`, flattened like ``stance tag --format csv``
(:data:`stance.batch.FLAT_COLUMNS`). pandas and Dask are optional: ``pip install
'stance[pandas]'`` or ``'stance[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batch.engine import BATCH_SIZE, Model, tag_corpus
from .batch.readers import PIECE_CHARS
from .batch.writers import FLAT_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, flat_columns, flatten, require
from .errors import InputError, InputTypeError, describe, message


def _pandas() -> Any:
    return require("pandas", "Tagging a DataFrame", "pandas", "pandas")


def tag_dataframe(
    frame: Any,
    text: str = "text",
    id: str | None = None,
    *,
    model: Model = None,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    piece_chars: int = PIECE_CHARS,
) -> Any:
    """Tag a DataFrame's text column into a DataFrame with one row per sentence.

    Parameters
    ----------
    frame : pandas.DataFrame
        The documents, one per row.
    text : str
        The column holding the text. Missing values (None, NaN) and empty texts give no rows.
    id : str, optional
        The column identifying each document; by default its index label.
    model, jobs, batch_size, piece_chars
        As for :func:`stance.tag_corpus`.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc, sentence, start, end, text, stance, stance_scores.<stance>..., speaker,
        name, canonical, speaker_score``; ``doc`` keeps the type of the ids, so the result joins back on them.

    Examples
    --------
    >>> import pandas as pd, stance
    >>> articles = pd.DataFrame({"id": ["a1"], "body": ["Nvidia denied the chips have backdoors."]})
    >>> stance.tag_dataframe(articles, text="body", id="id")[["doc", "speaker", "stance"]]
      doc speaker  stance
    0  a1  nvidia  denial
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError(
            message("WRONG_OBJECT", what="frame", expected="a pandas DataFrame", found=describe(frame))
        )
    for option, column in (("text", text), ("id", id)):
        if column is not None and column not in frame.columns:
            columns = ", ".join(repr(c) for c in frame.columns)
            raise InputError(message("NO_COLUMN_IN", what=option, column=column, columns=columns))
    ids = frame.index.to_series() if id is None else frame[id]
    texts = frame[text].tolist()
    documents = ((position, None if _missing(pd, value) else value) for position, value in enumerate(texts))
    rows = tag_corpus(documents, model=model, jobs=jobs, batch_size=batch_size, piece_chars=piece_chars)
    return _frame(pd, rows, ids)


def _missing(pd: Any, value: object) -> bool:
    """None, NaN, NA or NaT: a missing text."""
    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str) and bool(pd.isna(value)))


def _frame(pd: Any, rows: Iterator[dict[str, Any]], ids: Any, stances: tuple[str, ...] | None = None) -> Any:
    """The flat DataFrame of rows whose ``doc`` is a position into ``ids``."""
    columns: dict[str, list[Any]] = {}
    for row in rows:
        flat = flatten(row)
        if not columns:  # the first row says the columns: its model's stances (a codebook of its own: others)
            columns = {name: [] for name in flat}
        for key, value in flat.items():
            columns[key].append(value)
    columns = columns or {name: [] for name in (FLAT_COLUMNS if stances is None else flat_columns(stances))}
    data = {"doc": ids.iloc[columns["doc"]].reset_index(drop=True)}
    for name in list(columns)[1:]:
        floats = name in FLOAT_COLUMNS or name.startswith("stance_scores.")
        dtype = "int64" if name in INT_COLUMNS else "float64" if floats else str
        data[name] = pd.Series(columns[name], dtype=dtype)
    return pd.DataFrame(data)


def _tag_records(items: list[Any], text: str, id: str | None, partition: int, options: dict[str, Any]) -> list[dict]:
    """One bag partition: items are str, ``(id, text)`` or mappings; ids default to ``PARTITION:INDEX``."""
    documents = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            key = item.get(id) if id is not None else None
            documents.append((f"{partition}:{index}" if key is None else key, item.get(text)))
        elif isinstance(item, tuple):
            documents.append(item)
        else:
            documents.append((f"{partition}:{index}", item))
    return list(tag_corpus(documents, **options))


def tag_dask(
    collection: Any,
    text: str = "text",
    id: str | None = None,
    *,
    model: str | Path | None = None,
    batch_size: int = BATCH_SIZE,
    piece_chars: int = PIECE_CHARS,
) -> Any:
    """Tag a Dask DataFrame or bag partition by partition, lazily; compute it on any Dask scheduler.

    Each task loads the tagger itself (once per worker process) from ``model``, a path the
    workers can read (default: the built-in model of the ``stance`` installed on the workers).

    Parameters
    ----------
    collection : dask.dataframe.DataFrame or dask.bag.Bag
        A DataFrame with a ``text`` column (ids from the ``id`` column, else the index), or a
        bag of texts, ``(id, text)`` pairs or dicts with ``text`` (and ``id``) keys; texts
        without an id get ``"PARTITION:INDEX"``.
    text, id : str
        The text column / key and the id column / key.

    Returns
    -------
    dask.dataframe.DataFrame or dask.bag.Bag
        Sentence rows: a DataFrame like :func:`tag_dataframe`'s, or a bag of row dicts
        like :func:`stance.tag_corpus`'s.
    """
    dask = require("dask", "Tagging with Dask", "dask", "dask")
    bag = require("dask.bag", "Tagging a Dask bag", "dask[bag]", "dask")
    dataframe = require("dask.dataframe", "Tagging a Dask DataFrame", "dask[dataframe]", "dask")
    model = None if model is None else str(Path(model).resolve())  # workers may run elsewhere than here
    options = {"model": model, "batch_size": batch_size, "piece_chars": piece_chars}
    if isinstance(collection, dataframe.DataFrame):
        empty = collection._meta  # an empty partition: the columns and dtypes, without tagging anything
        from .tagger import model_labels

        stances = model_labels(model)[0]  # the model's own: a codebook of its own has other stance columns
        meta = _frame(_pandas(), iter(()), empty.index.to_series() if id is None else empty[id], stances)
        return collection.map_partitions(tag_dataframe, text, id, **options, meta=meta)
    if isinstance(collection, bag.Bag):
        parts = collection.to_delayed()
        tagged = [dask.delayed(_tag_records)(part, text, id, index, options) for index, part in enumerate(parts)]
        return bag.from_delayed(tagged)
    expected = "a Dask DataFrame or bag"
    raise InputTypeError(message("WRONG_OBJECT", what="collection", expected=expected, found=describe(collection)))
