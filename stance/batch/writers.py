"""Tag rows in files: JSONL, CSV, Parquet and a readable table, written atomically; and read back.

A row is one tagged sentence: ``doc, sentence, start, end, text, stance, stance_scores,
speaker, name, canonical, speaker_score`` (:data:`COLUMNS`), then any metadata fields of the
input kept with ``keep_fields`` and, with ``why``, the row's ``why``. JSONL keeps
``stance_scores`` and ``why`` as objects; CSV, Parquet and DataFrames flatten them into
``stance_scores.<stance>`` columns (:data:`FLAT_COLUMNS`), as ``pandas.json_normalize`` would,
and ``why.stance`` / ``why.speaker`` columns holding one line each (:meth:`stance.Why.compact`).
A :class:`Layout` says which columns a run writes.

A file writer writes into ``OUT.partial`` and renames it to ``OUT`` only when the run is
complete, so ``OUT`` is never half-written. :meth:`Writer.commit` flushes to disk and
returns a position that a resumed run truncates back to.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import (
    InputError,
    InputTypeError,
    ReadError,
    StanceError,
    WriteError,
    check_choice,
    describe,
    json_reason,
    message,
    os_reason,
)
from ..labels import STANCES

#: The fields of a row, in order.
COLUMNS: tuple[str, ...] = (
    "doc",
    "sentence",
    "start",
    "end",
    "text",
    "stance",
    "stance_scores",
    "speaker",
    "name",
    "canonical",
    "speaker_score",
)
#: Fields of a row that output written by an older ``stance`` lacks ("" when read back).
OPTIONAL_COLUMNS: tuple[str, ...] = ("canonical",)
#: The flat columns of a row's ``why`` (CSV, Parquet, DataFrame, ``--why``).
WHY_COLUMNS: tuple[str, ...] = ("why.stance", "why.speaker")


def flat_columns(stances: Iterable[str] = STANCES) -> tuple[str, ...]:
    """The flat columns of a row whose stances are ``stances``: ``stance_scores`` spread over one column each."""
    return (*COLUMNS[:6], *(f"stance_scores.{stance}" for stance in stances), *COLUMNS[7:])


#: The columns of a flat row (CSV, Parquet, DataFrame): ``stance_scores`` spread over one column per stance.
FLAT_COLUMNS: tuple[str, ...] = flat_columns()


@dataclass(frozen=True)
class Layout:
    """The columns one run writes: the stances of its model, the input fields it keeps, and ``why``."""

    stances: tuple[str, ...] = STANCES
    keep: tuple[str, ...] = ()
    why: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return (*COLUMNS, *self.keep, *(("why",) if self.why else ()))

    @property
    def flat(self) -> tuple[str, ...]:
        return (*flat_columns(self.stances), *self.keep, *(WHY_COLUMNS if self.why else ()))

    @property
    def floats(self) -> tuple[str, ...]:
        return (*(f"stance_scores.{stance}" for stance in self.stances), "speaker_score")

    def flatten(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return flatten(row, self.stances, self.keep)


#: Output formats; ``table`` is for reading on screen.
FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet", "xlsx", "table")

_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
}
#: The formats :func:`read_rows` reads back (all but ``xlsx`` and ``table``).
READ_FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet")
_READ_SUFFIXES = {suffix: fmt for suffix, fmt in _SUFFIX_FORMATS.items() if fmt in READ_FORMATS}
#: The formats that need a file (not a stream) to write to.
FILE_FORMATS: tuple[str, ...] = ("parquet", "xlsx")
#: The flat columns that hold integers and floats (the others hold strings).
INT_COLUMNS = ("sentence", "start", "end")
FLOAT_COLUMNS = Layout().floats
#: The most rows an Excel sheet holds below its header.
EXCEL_ROWS = 1_048_575


def format_for(path: str | Path | None) -> str:
    """The output format a file name asks for by its ending (JSONL for a stream, ``None``).

    Raises
    ------
    InputError
        When the ending names no format: nothing is written in a format the name does not say.
    """
    if path is None:
        return "jsonl"
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        choices = ", ".join(_SUFFIX_FORMATS)
        raise InputError(message("UNKNOWN_OUTPUT", path=path, suffix=Path(path).suffix, choices=choices))
    return fmt


def flatten(row: Mapping[str, Any], stances: Iterable[str] | None = None, keep: Iterable[str] = ()) -> dict[str, Any]:
    """A row with ``stance_scores`` spread over ``stance_scores.<stance>`` columns, kept fields as text and
    ``why`` (when the row has one) as the ``why.stance`` and ``why.speaker`` lines."""
    flat = {key: row[key] for key in COLUMNS[:6]}
    scores = row["stance_scores"]
    for stance in scores if stances is None else stances:
        flat[f"stance_scores.{stance}"] = scores[stance]
    for key in COLUMNS[7:]:
        flat[key] = row.get(key, "") if key in OPTIONAL_COLUMNS else row[key]
    for key in keep:
        value = row.get(key)
        flat[key] = "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    why = row.get("why")
    if isinstance(why, Mapping):
        from ..explain import Why

        flat.update(Why.from_dict(why).compact())
    return flat


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten` (the ``why`` lines and kept fields stay as they are)."""
    row = {key: flat[key] for key in COLUMNS[:6]}
    row["stance_scores"] = {
        key.removeprefix("stance_scores."): value for key, value in flat.items() if key.startswith("stance_scores.")
    }
    for key in COLUMNS[7:]:
        row[key] = flat.get(key, "") if key in OPTIONAL_COLUMNS else flat[key]
    for key, value in flat.items():
        if key not in row and not key.startswith("stance_scores."):
            row[key] = value
    return row


def partial_path(path: Path) -> Path:
    """Where an output is written until it is complete."""
    return path.with_name(path.name + ".partial")


def checkpoint_path(output: str | Path) -> Path:
    """The checkpoint of an unfinished run writing ``output``."""
    output = Path(output)
    return output.with_name(output.name + ".checkpoint")


def temporary_path(path: Path) -> Path:
    """Where a file is written before it is renamed into place in one step."""
    return path.with_name(path.name + ".tmp")


def errors_path_for(output: str | Path) -> Path:
    """The errors file next to an output: ``tags.jsonl`` -> ``tags.errors.jsonl``."""
    output = Path(output)
    return output.with_name(output.stem + ".errors.jsonl")


def require(module: str, feature: str, package: str, extra: str) -> Any:
    """Import an optional dependency, or fail with the pip command that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise StanceError(message("MISSING_EXTRA", feature=feature, package=package, extra=extra)) from None


# --- the table format ---------------------------------------------------------------------------------

_DOC, _TEXT, _SPEAKER = 24, 64, 30
_WHY_TOP = 3  # features a table's why line shows
TABLE_HEADER = f"{'doc':<{_DOC}}  {'sentence':<{_TEXT}}  {'speaker':<{_SPEAKER}}  {'stance':<16} {'conf':>4}"


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters: broken at spaces, else after ``/``, else anywhere."""
    if len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    out = []
    for line in lines:
        while len(line) > width:
            cut = line.rfind("/", 0, width) + 1 or width
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out or [""]


def table_line(row: Mapping[str, Any]) -> str:
    """One row as lines of the readable table: the whole document id, sentence and speaker, wrapped in their
    columns (the document only on its first sentence's row); with ``why``, one more line for each part."""
    first = row.get("sentence", 0) == 0
    doc = _wrap(str(row["doc"]), _DOC) if first else [""]
    text = _wrap(" ".join(row["text"].split()), _TEXT)
    speaker = row["speaker"] + (f" ({row['name']})" if row["name"] else "")
    canonical = row.get("canonical", "")
    if canonical and canonical != row["name"]:
        speaker += f" = {canonical}"
    who = _wrap(speaker, _SPEAKER)
    confidence = row["stance_scores"][row["stance"]]
    lines = []
    for i in range(max(len(doc), len(text), len(who))):
        cells = [part[i] if i < len(part) else "" for part in (doc, text, who)]
        line = f"{cells[0]:<{_DOC}}  {cells[1]:<{_TEXT}}  {cells[2]:<{_SPEAKER}}"
        line += f"  {row['stance']:<16} {confidence:4.2f}" if i == 0 else ""
        lines.append(line.rstrip())
    why = row.get("why")
    if isinstance(why, Mapping):
        from ..explain import Why

        reason = Why.from_dict(why)
        line = f"why: {reason.stance.compact(top=_WHY_TOP)} | {reason.speaker.compact()}"
        indent = " " * (_DOC + 2)
        lines += textwrap.wrap(line, len(TABLE_HEADER), initial_indent=indent, subsequent_indent=indent + "     ")
    return "\n".join(lines)


# --- writers -----------------------------------------------------------------------------------------


class ResumeMismatch(Exception):
    """A partial file is not what the checkpoint recorded: ``args[0]`` says how (internal; see checkpoint.py)."""


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


class Writer:
    """Writes rows to a file (atomically) or a stream; see the module docstring.

    A file writer keeps a SHA-256 of what it has written, so that a resumed run can check the
    partial file against its checkpoint (:meth:`digest`; the ``resume`` argument of each writer).
    """

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def commit(self) -> int:
        """Flush everything written to disk; the position to resume from."""
        raise NotImplementedError

    def digest(self) -> str:
        """The SHA-256 of what was committed (call after :meth:`commit`)."""
        return self.hash.hexdigest()

    def finish(self) -> None:
        """Complete the output: ``OUT.partial`` becomes ``OUT``."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop without completing; a later run can resume from the last commit."""

    def leftovers(self) -> list[Path]:
        """The files this writer leaves when it stops without finishing."""
        return []


class LineWriter(Writer):
    """JSONL, CSV, TSV or table lines, to a file (``target`` a path) or to a text stream.

    ``resume``: ``(position, digest)`` from a checkpoint; the partial file must hold exactly that
    many bytes with that SHA-256 up to there (else :class:`ResumeMismatch`); what follows is cut off.
    """

    def __init__(
        self, target: Path | IO[str], fmt: str, resume: tuple[int, str] | None = None, layout: Layout | None = None
    ) -> None:
        super().__init__()
        self.fmt = fmt
        self.layout = layout or Layout()
        self.target = target
        self.stream: IO[str] | None = None
        self.handle: IO[bytes] | None = None
        if isinstance(target, Path):
            partial = partial_path(target)
            if resume is not None:
                try:
                    self.handle = partial.open("r+b")
                except FileNotFoundError:
                    raise ResumeMismatch("is missing") from None
                try:
                    self._verify(*resume)
                except ResumeMismatch:
                    self.handle.close()
                    raise
                self.handle.truncate(resume[0])
                self.handle.seek(resume[0])
            else:
                self.handle = partial.open("wb")
        else:
            self.stream = target
        self.header = resume is None and fmt in ("csv", "tsv", "table")

    def _verify(self, position: int, digest: str) -> None:
        assert self.handle is not None
        left = position
        while left:
            data = self.handle.read(min(left, 1 << 20))
            if not data:
                raise ResumeMismatch(f"holds {position - left:,} bytes where {position:,} were written")
            self.hash.update(data)
            left -= len(data)
        if self.hash.hexdigest() != digest:
            raise ResumeMismatch("holds other bytes than were written")

    def _lines(self, rows: list[dict[str, Any]]) -> str:
        if self.fmt == "jsonl":
            return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        if self.fmt == "table":
            lines = [table_line(row) for row in rows]
            if self.header:
                lines[:0] = [TABLE_HEADER, "-" * len(TABLE_HEADER)]
            return "".join(line + "\n" for line in lines)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n", delimiter="\t" if self.fmt == "tsv" else ",")
        if self.header:
            writer.writerow(self.layout.flat)
        writer.writerows([self.layout.flatten(row).values() for row in rows])
        return buffer.getvalue()

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows and not self.header:
            return
        text = self._lines(rows)
        self.header = False
        if self.handle is not None:
            data = text.encode("utf-8")
            self.handle.write(data)
            self.hash.update(data)
        elif self.stream is not None:
            self.stream.write(text)

    def commit(self) -> int:
        if self.header:
            self.write([])
        if self.handle is None:
            if self.stream is not None:
                self.stream.flush()
            return 0
        self.handle.flush()
        os.fsync(self.handle.fileno())
        return self.handle.tell()

    def finish(self) -> None:
        self.commit()
        if self.handle is not None:
            self.handle.close()
            assert isinstance(self.target, Path)
            os.replace(partial_path(self.target), self.target)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def leftovers(self) -> list[Path]:
        return [partial_path(self.target)] if isinstance(self.target, Path) else []


class ExcelWriter(LineWriter):
    """Excel (``.xlsx``): rows go to ``OUT.partial`` as CSV (so a run resumes as a CSV one does) and
    become the sheet when the run is complete, through pandas' Excel writer and openpyxl.

    Characters an Excel cell cannot hold (control characters other than tab and newlines) are
    written as U+FFFD.
    """

    def __init__(self, target: Path, resume: tuple[int, str] | None = None, layout: Layout | None = None) -> None:
        self.pandas = require("pandas", "Excel output", "pandas and openpyxl", "excel")
        require("openpyxl", "Excel output", "openpyxl", "excel")
        super().__init__(target, "csv", resume, layout)
        self.rows = 0 if resume is None else -1  # unknown after a resume: counted when the sheet is made

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.rows >= 0:
            self.rows += len(rows)
            if self.rows > EXCEL_ROWS:
                raise WriteError(message("TOO_MANY_ROWS", path=self.target, limit=EXCEL_ROWS))
        super().write(rows)

    def finish(self) -> None:
        assert isinstance(self.target, Path)
        self.commit()
        self.close()
        pd = self.pandas
        partial, temporary = partial_path(self.target), temporary_path(self.target)
        types = {name: "int64" for name in INT_COLUMNS} | {name: "float64" for name in self.layout.floats}
        strings = {name: str for name in self.layout.flat if name not in types}
        frame = pd.read_csv(partial, dtype=types | strings, keep_default_na=False)
        if len(frame) > EXCEL_ROWS:
            raise WriteError(message("TOO_MANY_ROWS", path=self.target, limit=EXCEL_ROWS))
        for column in strings:
            frame[column] = frame[column].str.replace(_EXCEL_ILLEGAL, "\ufffd", regex=True)
        frame.to_excel(temporary, index=False, engine="openpyxl", sheet_name="tags")
        _fsync(temporary)
        os.replace(temporary, self.target)
        partial.unlink()

    def leftovers(self) -> list[Path]:
        return [partial_path(self.target), temporary_path(self.target)]  # type: ignore[arg-type]


#: Characters an Excel cell cannot hold (as openpyxl's ILLEGAL_CHARACTERS_RE).
_EXCEL_ILLEGAL = r"[\000-\010]|[\013-\014]|[\016-\037]"


class ParquetWriter(Writer):
    """Parquet: committed rows go to numbered part files in ``OUT.partial/``, merged into ``OUT`` at the end.

    ``resume``: ``(parts, digest)``: the first ``parts`` part files must be there with that SHA-256
    over their bytes (else :class:`ResumeMismatch`); later ones are removed.
    """

    PART_ROWS = 50_000

    def __init__(self, target: Path, resume: tuple[int, str] | None = None, layout: Layout | None = None) -> None:
        super().__init__()
        self.layout = layout or Layout()
        self.pa = require("pyarrow", "Parquet output", "pyarrow", "parquet")
        self.pq = require("pyarrow.parquet", "Parquet output", "pyarrow", "parquet")
        self.target = target
        self.folder = partial_path(target)
        self.rows: list[dict[str, Any]] = []
        if resume is None:
            if self.folder.is_dir():
                shutil.rmtree(self.folder)
            elif self.folder.exists():
                self.folder.unlink()
            self.folder.mkdir()
            self.parts = 0
        else:
            self.parts, digest = resume
            for index in range(self.parts):
                try:
                    self.hash.update(self._part(index).read_bytes())
                except FileNotFoundError:
                    raise ResumeMismatch(f"lacks its part {self._part(index).name}") from None
            if self.hash.hexdigest() != digest:
                raise ResumeMismatch("holds other parts than were written")
            for part in self.folder.glob("part-*.parquet"):
                if int(part.stem.split("-")[1]) >= self.parts:
                    part.unlink()

    def _part(self, index: int) -> Path:
        return self.folder / f"part-{index:06d}.parquet"

    def schema(self) -> Any:
        pa = self.pa
        types = {name: pa.int64() for name in INT_COLUMNS} | {name: pa.float64() for name in self.layout.floats}
        return pa.schema([(name, types.get(name, pa.string())) for name in self.layout.flat])

    def _flush(self) -> None:
        if not self.rows:
            return
        table = self.pa.Table.from_pylist(self.rows, schema=self.schema())
        part = self._part(self.parts)
        temporary = part.with_suffix(".tmp")
        self.pq.write_table(table, temporary)
        _fsync(temporary)
        self.hash.update(temporary.read_bytes())
        os.replace(temporary, part)
        self.parts += 1
        self.rows = []

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            flat = self.layout.flatten(row)  # a new dict: the caller's row is kept as it was
            flat["doc"] = str(flat["doc"])
            self.rows.append(flat)
        if len(self.rows) >= self.PART_ROWS:
            self._flush()

    def commit(self) -> int:
        self._flush()
        return self.parts

    def finish(self) -> None:
        self._flush()
        temporary = temporary_path(self.target)
        with self.pq.ParquetWriter(temporary, self.schema()) as writer:
            for index in range(self.parts):
                writer.write_table(self.pq.read_table(self._part(index)))
        _fsync(temporary)
        os.replace(temporary, self.target)
        shutil.rmtree(self.folder)

    def leftovers(self) -> list[Path]:
        return [self.folder, temporary_path(self.target)]


def open_writer(
    target: Path | IO[str] | None, fmt: str, resume: tuple[int, str] | None = None, layout: Layout | None = None
) -> Writer:
    """A writer of ``fmt`` rows to the file ``target``, or to a text stream (stdout when None), with the
    columns of ``layout`` (default: the built-in stances, no kept fields, no ``why``).

    Raises
    ------
    ResumeMismatch
        When resuming and the partial file is not what ``resume`` says was written.
    OSError
        When the partial file cannot be made.
    """
    check_choice("format", fmt, FORMATS)
    if fmt in FILE_FORMATS:
        if not isinstance(target, Path):
            raise InputError(message("NEEDS_OUTPUT", option=f"--format {fmt} (format={fmt!r})"))
        return ParquetWriter(target, resume, layout) if fmt == "parquet" else ExcelWriter(target, resume, layout)
    return LineWriter(sys.stdout if target is None else target, fmt, resume, layout)


def written_by_stance(path: Path) -> bool:
    """True when ``path`` is missing, empty, or begins as ``stance tag`` rows or errors do (so replacing it loses
    no document); False for any other file."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 16).decode("utf-8", errors="replace").rstrip("\r\n")
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not first:
        return True
    if any(first.startswith(sep.join(COLUMNS[:6]) + sep + "stance_scores.") for sep in ",\t"):
        return True
    try:
        row = json.loads(first)
    except (ValueError, RecursionError):
        return False
    core = set(COLUMNS) - set(OPTIONAL_COLUMNS)
    return isinstance(row, dict) and (core <= set(row) or set(row) == {"file", "line", "doc", "message"})


# --- reading rows back -------------------------------------------------------------------------------


#: The flat columns every row has, whatever its stances (``stance_scores.*``) and extra columns.
_CORE_FLAT = tuple(column for column in flat_columns(()) if column not in OPTIONAL_COLUMNS)


def _typed(flat: dict[str, Any], name: str, line: int) -> dict[str, Any]:
    missing = [column for column in _CORE_FLAT if column not in flat]
    if not missing and not any(key.startswith("stance_scores.") for key in flat):
        missing = [f"stance_scores.{STANCES[0]}"]
    if missing:
        raise ReadError(message("NOT_TAG_ROWS", path=name, line=line, reason=f"no column {missing[0]!r}"))
    try:
        for key in INT_COLUMNS:
            flat[key] = int(flat[key])
        for key in flat:
            if key.startswith("stance_scores.") or key == "speaker_score":
                flat[key] = float(flat[key])
    except (TypeError, ValueError) as err:
        raise ReadError(message("NOT_TAG_ROWS", path=name, line=line, reason=err)) from None
    return unflatten(flat)


def _jsonl_rows(lines: Iterable[str], name: str) -> Iterator[dict[str, Any]]:
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as err:
            raise ReadError(message("NOT_TAG_ROWS", path=name, line=line, reason=json_reason(err))) from None
        except RecursionError:
            raise ReadError(message("NOT_TAG_ROWS", path=name, line=line, reason="nested too deeply")) from None
        if not isinstance(row, dict) or not all(key in row for key in COLUMNS if key not in OPTIONAL_COLUMNS):
            missing = next(
                (
                    key
                    for key in COLUMNS
                    if key not in OPTIONAL_COLUMNS and (not isinstance(row, dict) or key not in row)
                ),
                "",
            )
            raise ReadError(message("NOT_TAG_ROWS", path=name, line=line, reason=f"no field {missing!r}"))
        for key in OPTIONAL_COLUMNS:
            row.setdefault(key, "")
        yield row


def read_rows(path: str | Path, format: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a ``stance tag`` output file (JSONL, CSV, TSV or Parquet by ending; ``-``: JSONL from stdin).

    Rows come one at a time, so files of any size can be read.

    Parameters
    ----------
    path : str or Path
        The file, or ``-`` for JSONL on stdin.
    format : str, optional
        One of :data:`READ_FORMATS`, for a file whose ending does not tell (e.g. ``--format jsonl -o out.txt``);
        only ``jsonl`` for ``-``.

    Raises
    ------
    StanceError
        When the file is missing, unreadable or not ``stance tag`` output, or ``format`` is not one of them.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(
            message("WRONG_OBJECT", what="path", expected="a path (str or Path)", found=describe(path))
        )
    name = str(path)
    if format is not None:
        check_choice("format", format, ("jsonl",) if name == "-" else READ_FORMATS)  # stdin is read as JSONL only
    if name == "-":
        yield from _jsonl_rows(sys.stdin, "-")
        return
    path = Path(path)
    fmt = format or _READ_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        choices = ", ".join(_READ_SUFFIXES)
        raise ReadError(message("UNKNOWN_SUFFIX", path=name, suffix=path.suffix, choices=choices))
    if not path.is_file():
        raise ReadError(message("FILE_NOT_FOUND", path=name))
    try:
        if fmt == "parquet":
            pq = require("pyarrow.parquet", "Reading Parquet", "pyarrow", "parquet")
            parquet = pq.ParquetFile(path)
            line = 0
            for batch in parquet.iter_batches(batch_size=10_000):
                for flat in batch.to_pylist():
                    line += 1
                    yield _typed(flat, name, line)
            return
        with path.open(encoding="utf-8", newline="") as handle:
            if fmt == "jsonl":
                yield from _jsonl_rows(handle, name)
            else:
                reader = csv.DictReader(handle, delimiter="\t" if fmt == "tsv" else ",")
                for flat in reader:
                    yield _typed(flat, name, reader.line_num)
    except UnicodeDecodeError as err:
        raise ReadError(message("NOT_UTF8", path=name, offset=err.start, reason=err.reason)) from None
    except csv.Error as err:
        raise ReadError(message("NOT_TAG_ROWS", path=name, line=reader.line_num, reason=err)) from None
    except ReadError:
        raise
    except OSError as err:
        raise ReadError(message("FILE_UNREADABLE", path=name, reason=os_reason(err))) from None
    except Exception as err:
        if type(err).__module__.startswith("pyarrow"):
            raise ReadError(message("NOT_TAG_ROWS", path=name, line=0, reason=err)) from None
        raise
