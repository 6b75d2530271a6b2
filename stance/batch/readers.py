"""Reading a corpus into documents: text files, JSONL and CSV files, folders and stdin.

Every input becomes a stream of *items* in a fixed order (arguments in the order given,
folders walked in sorted order, records in file order): a :class:`Document` to tag, or a
:class:`Failure` saying what could not be read (file, line, reason). Nothing is dropped
silently, and the same inputs always give the same items, which is what lets an
interrupted run resume by counting items.

Memory stays bounded: files are read record by record, a line or record over
``max_bytes`` is skipped without being held, and a text file longer than ``piece_chars``
is read in bounded pieces (cut between lines) instead of whole.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, message

#: File name endings searched for in folders, and the format each is read as.
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}

#: ``input_format`` values: ``auto`` decides by file ending (text when unknown).
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "jsonl", "csv")

#: The largest document accepted, in bytes: a text file, a JSONL line or a CSV record.
MAX_BYTES = 50_000_000

#: Documents longer than this many characters are tagged in pieces of at most this size.
PIECE_CHARS = 200_000

#: The path that means standard input.
STDIN = "-"

_CHUNK = 1 << 20
_BLANK = re.compile(r"\S")


@dataclass(frozen=True)
class Document:
    """One document to tag.

    ``pieces`` yields ``(offset, text)``: the document cut between lines into pieces of at
    most ``piece_chars`` characters; offsets are character offsets into the whole document.
    """

    id: object
    source: str
    line: int | None
    nbytes: int
    pieces: Iterable[tuple[int, str]]


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or is not a document; ``message`` names file, line and reason."""

    source: str
    line: int | None
    doc: str | None
    message: str
    nbytes: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"file": self.source, "line": self.line, "doc": self.doc, "message": self.message}


Item = Document | Failure


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read; see :func:`read_inputs`."""

    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    max_bytes: int = MAX_BYTES
    piece_chars: int = PIECE_CHARS

    def __post_init__(self) -> None:
        if self.input_format not in INPUT_FORMATS:
            raise InputError(
                message(
                    "BAD_OPTION",
                    option="input_format",
                    reason=repr(self.input_format),
                    choices=", ".join(INPUT_FORMATS),
                )
            )
        for name in ("max_bytes", "piece_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise InputError(message("BAD_OPTION", option=name, reason=f"{value!r}", choices="an integer >= 1"))
        for name in ("text_field", "id_field"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise InputError(message("BAD_OPTION", option=name, reason="empty", choices="a field name"))


@dataclass
class ReadStats:
    """What reading saw besides items: bytes skipped on resume, files left out of folders."""

    skipped_bytes: int = 0
    ignored_files: int = 0
    ignored_example: str = ""


# --- pieces ------------------------------------------------------------------------------------------


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end the piece ``text[start:]`` (longer than ``limit``): after a newline, else a space."""
    end = start + limit
    newline = text.rfind("\n", start, end)
    if newline >= start:
        return newline + 1
    for position in range(end - 1, start + limit // 2, -1):
        if text[position].isspace():
            return position + 1
    return end


def cut(chunks: Iterable[str], limit: int) -> Iterator[tuple[int, str]]:
    """Cut text arriving in ``chunks`` into ``(offset, piece)`` of at most ``limit`` characters.

    Pieces end after a newline when there is one (sentences never span lines, so splitting
    pieces gives the same sentences as splitting the whole), else after a space, else at the
    limit. The cuts depend only on the text, not on how it arrived in chunks.
    """
    buffer, start, offset = "", 0, 0
    for chunk in chunks:
        buffer = buffer[start:] + chunk
        start = 0
        while len(buffer) - start > limit:
            end = _cut_point(buffer, start, limit)
            yield offset, buffer[start:end]
            offset += end - start
            start = end
    if len(buffer) > start:
        yield offset, buffer[start:]


def _decoded_chunks(path: Path) -> Iterator[str]:
    """The text of a UTF-8 file in chunks (checked before; a byte-order mark is dropped)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    with path.open("rb") as handle:
        while data := handle.read(_CHUNK):
            yield decoder.decode(data)
        yield decoder.decode(b"", final=True)


def _binary(data: bytes, name: str, position: int) -> str | None:
    """The error message when ``data`` (starting at byte ``position`` of a file) is binary or UTF-16."""
    if position == 0 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return message("NOT_UTF8", path=name, offset=0, reason="UTF-16 byte-order mark; convert the file to UTF-8")
    nul = data.find(b"\x00")
    return message("BINARY_FILE", path=name, offset=position + nul) if nul >= 0 else None


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    """A whole file's text and ``None``, or ``""`` and the error message when it is binary or not UTF-8.

    A UTF-8 byte-order mark is dropped; the offset of a bad byte counts from the start of the file.
    """
    problem = _binary(data, name, 0)
    if problem:
        return "", problem
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:  # its offset counts from after a byte-order mark
        offset = err.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        return "", message("NOT_UTF8", path=name, offset=offset, reason=err.reason)


def _check_stream(handle: BinaryIO, name: str) -> str | None:
    """Read a file in chunks; the error message when it is binary, not UTF-8 or blank."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    position, blank = 0, True
    try:
        while data := handle.read(_CHUNK):
            problem = _binary(data, name, position)
            if problem:
                return problem
            pending = len(decoder.getstate()[0])
            text = decoder.decode(data)
            blank = blank and not _BLANK.search(text)
            position += len(data)
        pending = len(decoder.getstate()[0])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as err:
        return message("NOT_UTF8", path=name, offset=position - pending + err.start, reason=err.reason)
    return message("BLANK_FILE", path=name) if blank else None


def _text_document(doc_id: str, name: str, data: bytes, options: ReadOptions) -> Item:
    text, problem = _decode(data, name)
    if problem:
        return Failure(name, None, doc_id, problem, len(data))
    if not _BLANK.search(text):
        return Failure(name, None, doc_id, message("BLANK_FILE", path=name), len(data))
    return Document(doc_id, name, None, len(data), tuple(cut([text], options.piece_chars)))


def _whole_text(handle: BinaryIO, name: str, options: ReadOptions) -> Item:
    """One text document read whole from ``handle``, or why not (over ``max_bytes``, empty)."""
    data = handle.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        problem = message("TOO_LARGE", path=name, size=f"{len(data)}+", limit=options.max_bytes)
        return Failure(name, None, name, problem, len(data))
    if not data:
        return Failure(name, None, name, message("EMPTY_FILE", path=name))
    return _text_document(name, name, data, options)


def _read_text_file(path: Path, name: str, options: ReadOptions) -> Item:
    """A text file as one document, or the failure reading it."""
    try:
        size = path.stat().st_size
        if path.is_file() and size == 0:
            return Failure(name, None, name, message("EMPTY_FILE", path=name))
        if size > options.max_bytes:
            return Failure(name, None, name, message("TOO_LARGE", path=name, size=size, limit=options.max_bytes), size)
        with path.open("rb") as handle:
            if size <= options.piece_chars or not path.is_file():
                return _whole_text(handle, name, options)
            problem = _check_stream(handle, name)
    except OSError as err:
        reason = err.strerror or str(err)
        return Failure(name, None, name, message("FILE_UNREADABLE", path=name, reason=reason))
    if problem:
        return Failure(name, None, name, problem, size)
    return Document(name, name, None, size, _Pieces(path, options.piece_chars))


@dataclass(frozen=True)
class _Pieces:
    """The pieces of a large text file, read from disk when iterated (never held whole)."""

    path: Path
    limit: int

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return cut(_decoded_chunks(self.path), self.limit)


# --- records: JSONL and CSV ------------------------------------------------------------------------


def _lines(handle: BinaryIO, limit: int, bad: dict[int, str], name: str) -> Iterator[str]:
    """Decoded lines; a line over ``limit`` bytes or not UTF-8 is noted in ``bad`` and replaced by a newline."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, chunk by chunk
                raw = handle.readline(_CHUNK)
                size += len(raw)
            bad[number] = message("TOO_LARGE", path=f"{name}:{number}", size=size, limit=limit)
            yield "\n"
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad[number] = message("NOT_UTF8", path=f"{name}:{number}", offset=err.start, reason=err.reason)
            yield "\n"


def _short(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"


def _record(obj: object, name: str, line: int, nbytes: int, options: ReadOptions) -> Item:
    """A parsed JSONL object or CSV row (a dict) as a document, or why it is not one."""
    where = f"{name}:{line}"
    text = obj.get(options.text_field)
    doc_id = obj.get(options.id_field)
    doc = str(doc_id) if doc_id not in (None, "") else where
    if text is None:
        return Failure(
            name, line, doc, message("NO_TEXT_FIELD", path=name, line=line, field=options.text_field), nbytes
        )
    if not isinstance(text, str):
        problem = message("NOT_A_STRING", path=name, line=line, field=options.text_field, found=_short(text))
        return Failure(name, line, doc, problem, nbytes)
    if not _BLANK.search(text):
        return Failure(name, line, doc, message("EMPTY_TEXT", path=name, line=line, field=options.text_field), nbytes)
    return Document(doc, name, line, nbytes, tuple(cut([text], options.piece_chars)))


def _read_jsonl(handle: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    bad: dict[int, str] = {}
    for line, text in enumerate(_lines(handle, options.max_bytes, bad, name), start=1):
        if line in bad:
            yield Failure(name, line, f"{name}:{line}", bad.pop(line), len(text))
            continue
        if not text.strip():
            continue
        nbytes = len(text)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            reason = f"{err.msg.removesuffix(' at')}, column {err.colno}"
            yield Failure(
                name, line, f"{name}:{line}", message("BAD_JSON", path=name, line=line, reason=reason), nbytes
            )
            continue
        if not isinstance(obj, dict):
            reason = f"found {type(obj).__name__}"
            yield Failure(
                name, line, f"{name}:{line}", message("BAD_JSON", path=name, line=line, reason=reason), nbytes
            )
            continue
        yield _record(obj, name, line, nbytes, options)


def _read_csv(handle: BinaryIO, name: str, options: ReadOptions, delimiter: str) -> Iterator[Item]:
    bad: dict[int, str] = {}
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(options.max_bytes)
    try:
        reader = csv.reader(_lines(handle, options.max_bytes, bad, name), delimiter=delimiter, strict=True)
        header: list[str] | None = None
        end = 0
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                end = reader.line_num
                yield Failure(name, start, f"{name}:{start}", message("BAD_CSV", path=name, line=start, reason=err))
                continue
            end = reader.line_num
            problems = [bad.pop(line) for line in sorted(bad) if line <= end]
            if problems:
                yield Failure(name, start, f"{name}:{start}", problems[0])
                continue
            if not row or row == [""]:
                continue
            if header is None:
                header = row
                if options.text_field not in header:
                    columns = ", ".join(repr(c) for c in header)
                    option = "--text-field"
                    problem = message("NO_COLUMN", path=name, field=options.text_field, option=option, columns=columns)
                    yield Failure(name, None, None, problem)
                    return
                continue
            nbytes = sum(len(value) + 1 for value in row)
            if len(row) != len(header):
                problem = message("CSV_FIELDS", path=name, line=start, found=len(row), expected=len(header))
                yield Failure(name, start, f"{name}:{start}", problem, nbytes)
                continue
            yield _record(dict(zip(header, row)), name, start, nbytes, options)
    finally:
        csv.field_size_limit(previous_limit)


def _read_records(handle: BinaryIO, name: str, fmt: str, options: ReadOptions) -> Iterator[Item]:
    head = handle.peek(8192)[:8192] if hasattr(handle, "peek") else b""
    nul = head.find(b"\x00")
    if nul >= 0:
        yield Failure(name, None, None, message("BINARY_FILE", path=name, offset=nul))
        return
    if fmt == "jsonl":
        yield from _read_jsonl(handle, name, options)
    else:
        yield from _read_csv(handle, name, options, "\t" if name.lower().endswith(".tsv") else ",")


def _read_record_file(path: Path, name: str, fmt: str, options: ReadOptions) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(name, None, None, message("FILE_UNREADABLE", path=name, reason=err.strerror or err))
        return
    with handle:
        try:
            if path.is_file() and path.stat().st_size == 0:
                yield Failure(name, None, None, message("EMPTY_FILE", path=name))
                return
            yield from _read_records(handle, name, fmt, options)
        except OSError as err:
            yield Failure(name, None, None, message("FILE_UNREADABLE", path=name, reason=err.strerror or err))


# --- sources -------------------------------------------------------------------------------------


def _walk(folder: Path, stats: ReadStats, above: frozenset[str] = frozenset()) -> Iterator[Path | Failure]:
    """Files under ``folder`` with a known ending, in sorted order; hidden files and folders are left out.

    Symbolic links to folders are followed, except back into a folder being walked (``above``).
    """
    real = os.path.realpath(folder)
    if real in above:
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as err:
        name = folder.as_posix()
        yield Failure(name, None, None, message("FILE_UNREADABLE", path=name, reason=err.strerror or err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir():
            yield from _walk(path, stats, above | {real})
        elif Path(entry.name).suffix.lower() in SUFFIXES:
            yield path
        else:
            stats.ignored_files += 1
            stats.ignored_example = stats.ignored_example or path.as_posix()


def _format(path: Path, options: ReadOptions, named: bool) -> str:
    if named and options.input_format != "auto":
        return options.input_format
    return SUFFIXES.get(path.suffix.lower(), "text")


def _sources(
    paths: Iterable[str | Path], options: ReadOptions, stats: ReadStats
) -> Iterator[tuple[Path | None, str, str] | Failure]:
    """``(path, name, format)`` of every input file in order (``path`` is None for stdin), or a failure."""
    for argument in paths:
        if str(argument) == STDIN:
            fmt = options.input_format if options.input_format != "auto" else "text"
            yield None, STDIN, fmt
            continue
        path = Path(argument)
        if path.is_dir():
            for found in _walk(path, stats):
                yield found if isinstance(found, Failure) else (found, found.as_posix(), _format(found, options, False))
        elif path.exists():
            yield path, path.as_posix(), _format(path, options, True)
        else:
            name = path.as_posix()
            if path.is_symlink():
                problem = message("FILE_UNREADABLE", path=name, reason="broken symbolic link")
            else:
                problem = message("FILE_NOT_FOUND", path=name)
            yield Failure(name, None, name, problem)


def _read_stdin(fmt: str, options: ReadOptions) -> Iterator[Item]:
    stream = sys.stdin.buffer
    if fmt == "text":
        yield _whole_text(stream, STDIN, options)
    else:
        yield from _read_records(stream, STDIN, fmt, options)


def read_inputs(
    paths: Iterable[str | Path], options: ReadOptions | None = None, skip: int = 0, stats: ReadStats | None = None
) -> Iterator[Item]:
    """Every document of the inputs, or the failure in its place, in a fixed order.

    Parameters
    ----------
    paths : iterable of path
        Files, folders (searched recursively, in sorted order, for the endings in
        :data:`SUFFIXES`; hidden entries are left out) and ``"-"`` for standard input.
    options : ReadOptions
        Formats, fields and limits.
    skip : int
        Leave out the first ``skip`` items (documents and failures) without tagging them:
        how an interrupted run resumes. Text files are then not even read.
    stats : ReadStats, optional
        Filled with the bytes skipped and the files left out of folders.

    Yields
    ------
    Document or Failure
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    for source in _sources(paths, options, stats):
        if isinstance(source, Failure):
            if skip:
                skip -= 1
                continue
            yield source
            continue
        path, name, fmt = source
        if fmt == "text" and path is not None:
            if skip:
                skip -= 1
                stats.skipped_bytes += _size(path)
                continue
            yield _read_text_file(path, name, options)
            continue
        records = _read_stdin(fmt, options) if path is None else _read_record_file(path, name, fmt, options)
        for item in records:
            if skip:
                skip -= 1
                stats.skipped_bytes += item.nbytes
                continue
            yield item


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def input_size(paths: Iterable[str | Path]) -> int | None:
    """Total bytes of the input files (for a progress bar); None when reading standard input."""
    total = 0
    stats = ReadStats()
    for source in _sources(paths, ReadOptions(), stats):
        if isinstance(source, Failure):
            continue
        if source[0] is None:
            return None
        total += _size(source[0])
    return total


def as_documents(documents: Iterable[object], options: ReadOptions | None = None) -> Iterator[Document]:
    """Documents from Python objects: ``str`` (id = position), ``(id, text)`` or mappings with a text field.

    Raises
    ------
    InputError
        When a text is not a string. Missing (None) and empty texts give documents without sentences.
    """
    options = options or ReadOptions()
    for index, item in enumerate(documents):
        if isinstance(item, str):
            doc_id, text = index, item
        elif isinstance(item, Mapping):
            doc_id, text = item.get(options.id_field, index), item.get(options.text_field)
        elif isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
        else:
            raise InputError(message("NOT_TEXTS", what="documents", index=index, found=type(item).__name__))
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputError(message("NOT_TEXTS", what="documents", index=index, found=type(text).__name__))
        yield Document(doc_id, "", None, len(text), tuple(cut([text], options.piece_chars)))
