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
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    InputError,
    InputTypeError,
    check_choice,
    check_int,
    describe,
    json_reason,
    kind,
    message,
    os_reason,
)

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
    fields: Mapping[str, object] = field(default_factory=dict)  # the record's fields kept (keep_fields)


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
    keep_fields: tuple[str, ...] = ()  # record fields copied into every row of the document

    def __post_init__(self) -> None:
        check_choice("input_format", self.input_format, INPUT_FORMATS)
        check_int("max_bytes", self.max_bytes)
        check_int("piece_chars", self.piece_chars)
        for name in ("text_field", "id_field"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise InputError(message("BAD_VALUE", name=name, value=repr(value), expected="a field name"))
        object.__setattr__(self, "keep_fields", keep_fields(self.keep_fields))

    def kept(self, record: Mapping[str, object]) -> dict[str, object]:
        """The kept fields of a record (None for one it lacks)."""
        return {name: record.get(name) for name in self.keep_fields}


def keep_fields(value: object) -> tuple[str, ...]:
    """Field names to keep: a comma-separated string (``"outlet,date"``) or a sequence of names.

    Raises
    ------
    InputError
        When a name is empty or is a column every row has (``doc``, ``text``, ...).
    """
    from .writers import COLUMNS

    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        expected = "field names (a list, or one string with commas)"
        raise InputTypeError(message("WRONG_OBJECT", what="keep_fields", expected=expected, found=describe(value)))
    names = tuple(dict.fromkeys(value))
    for name in names:
        if not isinstance(name, str) or not name or name in COLUMNS or name == "why":
            expected = f"a field name other than {', '.join(COLUMNS)}, why"
            raise InputError(message("BAD_VALUE", name="keep_fields", value=repr(name), expected=expected))
    return names


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
    position, blank, pending = 0, True, 0
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


#: What a file that is not a regular file is, by its ``stat`` mode.
KINDS = (
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "folder"),
)


def _open(path: Path, name: str) -> tuple[BinaryIO, int] | Failure:
    """A regular file opened for reading and its size, or the failure in its place.

    The file is opened without blocking, so a FIFO without a writer cannot hang the run: it, and
    any other file that is not a regular file (socket, device), is reported and left out.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Failure(name, None, name, message("SYMLINK_LOOP", path=name, reason=os_reason(err)))
        if err.errno == errno.ENOENT and os.path.islink(path):
            return Failure(name, None, name, message("FILE_UNREADABLE", path=name, reason="broken symbolic link"))
        return Failure(name, None, name, message("FILE_UNREADABLE", path=name, reason=os_reason(err)))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = next((what for test, what in KINDS if test(info.st_mode)), "special file")
        return Failure(name, None, name, message("NOT_REGULAR", path=name, kind=what))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), info.st_size


def _read_text_file(path: Path, name: str, options: ReadOptions) -> Item:
    """A text file as one document, or the failure reading it."""
    opened = _open(path, name)
    if isinstance(opened, Failure):
        return opened
    handle, size = opened
    with handle:
        if size == 0:
            return Failure(name, None, name, message("EMPTY_FILE", path=name))
        if size > options.max_bytes:
            return Failure(name, None, name, message("TOO_LARGE", path=name, size=size, limit=options.max_bytes), size)
        try:
            if size <= options.piece_chars:
                return _whole_text(handle, name, options)
            problem = _check_stream(handle, name)
        except OSError as err:
            return Failure(name, None, name, message("FILE_UNREADABLE", path=name, reason=os_reason(err)))
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


def _lines(handle: BinaryIO, limit: int, name: str) -> Iterator[tuple[str, str | None]]:
    """Each line, decoded, with the problem it has (None when it is sound).

    A line that is not UTF-8 is decoded with U+FFFD for its bad bytes; a line over ``limit``
    bytes is skipped chunk by chunk without being held, and stands as a line holding only as
    many quote characters as it had, modulo two (so a CSV reader stays in step with the file).
    """
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size, quotes = len(raw), raw.count(b'"')
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, chunk by chunk
                raw = handle.readline(_CHUNK)
                size += len(raw)
                quotes += raw.count(b'"')
            yield '"' * (quotes % 2) + "\n", message("TOO_LARGE", path=f"{name}:{number}", size=size, limit=limit)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8"), None
        except UnicodeDecodeError as err:
            problem = message("NOT_UTF8", path=f"{name}:{number}", offset=err.start, reason=err.reason)
            yield raw.decode("utf-8", errors="replace"), problem


_SURROGATES = re.compile("[\ud800-\udfff]")


def _surrogate(text: str, name: str, line: int, field: str) -> str | None:
    """The error message when ``text`` holds a lone surrogate (JSON allows ``"\\ud800"``; UTF-8 cannot hold it)."""
    found = _SURROGATES.search(text)
    if found is None:
        return None
    escape = f"\\u{ord(found.group()):04x}"
    return message("SURROGATE", path=name, line=line, field=field, escape=escape, offset=found.start())


def _record(obj: Mapping[str, object], name: str, line: int, nbytes: int, options: ReadOptions) -> Item:
    """A parsed JSONL object or CSV row (a dict) as a document, or why it is not one."""
    where = f"{name}:{line}"
    text = obj.get(options.text_field)
    doc_id = obj.get(options.id_field)
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, float))):
        found = describe(doc_id)
        problem = message(
            "NOT_A_STRING", path=name, line=line, field=options.id_field, expected="a string", found=found
        )
        return Failure(name, line, where, problem, nbytes)
    doc = str(doc_id) if doc_id not in (None, "") else where
    surrogate = _surrogate(doc, name, line, options.id_field)
    if surrogate:
        return Failure(name, line, where, surrogate, nbytes)
    if text is None:
        problem = message("NO_TEXT_FIELD", path=name, line=line, field=options.text_field)
        return Failure(name, line, doc, problem, nbytes)
    if not isinstance(text, str):
        found = describe(text)
        problem = message(
            "NOT_A_STRING", path=name, line=line, field=options.text_field, expected="a string", found=found
        )
        return Failure(name, line, doc, problem, nbytes)
    if not _BLANK.search(text):
        return Failure(name, line, doc, message("EMPTY_TEXT", path=name, line=line, field=options.text_field), nbytes)
    surrogate = _surrogate(text, name, line, options.text_field)
    if surrogate:
        return Failure(name, line, doc, surrogate, nbytes)
    return Document(doc, name, line, nbytes, tuple(cut([text], options.piece_chars)), options.kept(obj))


def _read_jsonl(handle: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    for line, (text, problem) in enumerate(_lines(handle, options.max_bytes, name), start=1):
        where = f"{name}:{line}"
        nbytes = len(text)
        if problem:
            yield Failure(name, line, where, problem, nbytes)
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            yield Failure(name, line, where, message("BAD_JSON", path=name, line=line, reason=json_reason(err)), nbytes)
            continue
        except RecursionError:
            reason = "nested too deeply to read"
            yield Failure(name, line, where, message("BAD_JSON", path=name, line=line, reason=reason), nbytes)
            continue
        if not isinstance(obj, dict):
            reason = f"found {kind(obj)}"
            yield Failure(name, line, where, message("BAD_JSON", path=name, line=line, reason=reason), nbytes)
            continue
        yield _record(obj, name, line, nbytes, options)


_END_OF_DATA = "unexpected end of data"


def _csv_state(line: str, inside: bool, delimiter: str) -> str | None:
    """How a CSV line leaves its record: ``"closed"``, ``"open"`` (inside a quoted field) or the error.

    ``inside``: the line starts inside a quoted field (one opened on an earlier line of the record).
    """
    if not inside and '"' not in line:
        return "closed" if "\r" not in line.rstrip("\r\n") else _csv_error(line, delimiter)
    return _csv_error('"' + line if inside else line, delimiter)


def _csv_error(text: str, delimiter: str) -> str:
    try:
        next(csv.reader([text], delimiter=delimiter, strict=True), None)
    except csv.Error as err:
        return "open" if str(err) == _END_OF_DATA else str(err)
    return "closed"


@dataclass
class _CsvRecord:
    """The lines of one CSV record as they are read: where it starts, its text and its first problem."""

    line: int
    parts: list[str] | None  # None once the record is over the size limit
    nbytes: int = 0
    problem: str | None = None


def _csv_records(
    lines: Iterable[tuple[str, str | None]], name: str, delimiter: str, limit: int
) -> Iterator[tuple[int, str | None, str | None, int]]:
    """``(line, text, problem, nbytes)`` of each CSV record: its text, or why it is left out.

    Records may span lines (a quoted field holding newlines). A record is broken when a quote
    is out of place: a quoted field that is never closed runs to the end of the file, and one
    closed badly on a later line ends the record before that line, which starts the next record;
    so a broken record swallows no record that follows a well-quoted line, and its pieces never
    become documents.
    """
    record: _CsvRecord | None = None
    number = 0
    for number, (line, problem) in enumerate(lines, start=1):
        inside = record is not None
        state = _csv_state(line, inside, delimiter)
        if record is not None and state not in ("open", "closed"):
            reason = message("CSV_BROKEN", path=name, line=record.line, reason=state, end=number, last=number - 1)
            yield record.line, None, reason, record.nbytes
            record, state = None, _csv_state(line, False, delimiter)
        if record is None:
            record = _CsvRecord(number, [])
        record.nbytes += len(line)
        record.problem = record.problem or problem
        if record.parts is not None:
            if record.nbytes > limit:
                record.parts = None
            else:
                record.parts.append(line)
        if state == "open":
            continue
        if state != "closed":
            yield record.line, None, message("BAD_CSV", path=name, line=record.line, reason=state), record.nbytes
        elif record.parts is None:
            size = f"{record.nbytes}+"
            problem = message("TOO_LARGE", path=f"{name}:{record.line}", size=size, limit=limit)
            yield record.line, None, problem, record.nbytes
        else:
            yield record.line, "".join(record.parts), record.problem, record.nbytes
        record = None
    if record is not None:
        yield record.line, None, message("CSV_UNCLOSED", path=name, line=record.line, end=number), record.nbytes


def _read_csv(handle: BinaryIO, name: str, options: ReadOptions, delimiter: str) -> Iterator[Item]:
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, options.max_bytes))
    try:
        header: list[str] | None = None
        records = _csv_records(_lines(handle, options.max_bytes, name), name, delimiter, options.max_bytes)
        for line, text, problem, nbytes in records:
            where = f"{name}:{line}"
            if text is None or problem:
                yield Failure(name, line, where, problem or "", nbytes)
                continue
            row = next(csv.reader([text], delimiter=delimiter, strict=True), [])
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
            if len(row) != len(header):
                problem = message("CSV_FIELDS", path=name, line=line, found=len(row), expected=len(header))
                yield Failure(name, line, where, problem, nbytes)
                continue
            yield _record(dict(zip(header, row)), name, line, nbytes, options)
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
    opened = _open(path, name)
    if isinstance(opened, Failure):
        yield Failure(name, None, None, opened.message)
        return
    handle, size = opened
    with handle:
        if size == 0:
            yield Failure(name, None, None, message("EMPTY_FILE", path=name))
            return
        try:
            yield from _read_records(handle, name, fmt, options)
        except OSError as err:
            yield Failure(name, None, None, message("FILE_UNREADABLE", path=name, reason=os_reason(err)))


# --- sources -------------------------------------------------------------------------------------


def _printable(name: str) -> tuple[str, int | None]:
    """A file name as messages and rows show it, and its first byte that is not UTF-8 (None when all are).

    The operating system hands over a name that is not UTF-8 with its bad bytes as lone
    surrogates, which no UTF-8 output can hold: they are shown as ``\\xff`` escapes.
    """
    if not _SURROGATES.search(name):
        return name, None
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return raw.decode("utf-8", "backslashreplace"), err.start


def _shown(path: Path) -> str:
    return _printable(path.as_posix())[0]


def _unreadable(name: str, err: OSError) -> Failure:
    key = "SYMLINK_LOOP" if err.errno == errno.ELOOP else "FILE_UNREADABLE"
    return Failure(name, None, name, message(key, path=name, reason=os_reason(err)))


def _walk(top: Path, stats: ReadStats, exclude: frozenset[str] = frozenset()) -> Iterator[Path | Failure]:
    """Files under ``top`` with a known ending, in sorted order, depth first; hidden files and folders are left out.

    Walks without recursion, so no depth of folders is too deep, and tells folders apart by device
    and inode, so each level costs the same. Symbolic links to folders are followed, except back
    into a folder being walked, which is reported as a loop, as are links that loop on themselves.
    This run's own files (``exclude``: real paths) are left out.
    """
    own_names = {os.path.basename(own) for own in exclude}
    stack: list[tuple[Iterator[os.DirEntry[str]], tuple[int, int], Path]] = []  # (entries, (device, inode), path)

    def enter(folder: Path) -> Failure | None:
        try:
            info = os.stat(folder)
            identity = (info.st_dev, info.st_ino)
            above = next((path for _, seen, path in stack if seen == identity), None)
            if above is not None:
                name = _shown(folder)
                reason = f"leads back to {_shown(above)}"
                return Failure(name, None, name, message("SYMLINK_LOOP", path=name, reason=reason))
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as err:
            return _unreadable(_shown(folder), err)
        stack.append((iter(listed), identity, folder))
        return None

    failure = enter(top)
    if failure is not None:
        yield failure
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.name in own_names and os.path.realpath(path) in exclude:
            continue
        try:
            folder = entry.is_dir()
        except OSError as err:
            yield _unreadable(_shown(path), err)
            continue
        if folder:
            failure = enter(path)
            if failure is not None:
                yield failure
        elif Path(entry.name).suffix.lower() in SUFFIXES:
            yield path
        else:
            stats.ignored_files += 1
            stats.ignored_example = stats.ignored_example or _shown(path)


def _format(path: Path, options: ReadOptions, named: bool) -> str:
    if named and options.input_format != "auto":
        return options.input_format
    return SUFFIXES.get(path.suffix.lower(), "text")


def _sources(
    paths: Iterable[str | Path], options: ReadOptions, stats: ReadStats, exclude: frozenset[str] = frozenset()
) -> Iterator[tuple[Path | None, str, str] | Failure]:
    """``(path, name, format)`` of every input file in order (``path`` is None for stdin), or a failure."""
    for argument in paths:
        if str(argument) == STDIN:
            fmt = options.input_format if options.input_format != "auto" else "text"
            yield None, STDIN, fmt
            continue
        path = Path(argument)
        try:
            folder = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as err:
            name = _shown(path)
            if err.errno == errno.ENOENT and os.path.islink(path):
                yield Failure(name, None, name, message("FILE_UNREADABLE", path=name, reason="broken symbolic link"))
            elif err.errno == errno.ENOENT:
                yield Failure(name, None, name, message("FILE_NOT_FOUND", path=name))
            else:
                yield _unreadable(name, err)
            continue
        found = _walk(path, stats, exclude) if folder else iter([path])
        for source in found:
            if isinstance(source, Failure):
                yield source
                continue
            name, bad_byte = _printable(source.as_posix())
            if bad_byte is not None:  # its rows could not be written with this name
                yield Failure(name, None, name, message("BAD_FILE_NAME", path=name))
                continue
            yield source, name, _format(source, options, not folder)


def _read_stdin(fmt: str, options: ReadOptions) -> Iterator[Item]:
    stream = sys.stdin.buffer
    if fmt == "text":
        yield _whole_text(stream, STDIN, options)
    else:
        yield from _read_records(stream, STDIN, fmt, options)


def read_inputs(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    skip: int = 0,
    stats: ReadStats | None = None,
    exclude: frozenset[str] = frozenset(),
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
    exclude : frozenset of str
        Real paths of files that folders must not yield: the run's own outputs.

    Yields
    ------
    Document or Failure
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    for source in _sources(paths, options, stats, exclude):
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
    if isinstance(documents, (str, bytes)) or not isinstance(documents, Iterable):
        expected = "an iterable of texts, (id, text) pairs or mappings (for one text: [text])"
        raise InputTypeError(message("WRONG_OBJECT", what="documents", expected=expected, found=describe(documents)))
    for index, item in enumerate(documents):
        doc_id: object
        text: object
        if isinstance(item, str):
            doc_id, text = index, item
        elif isinstance(item, Mapping):
            doc_id, text = item.get(options.id_field, index), item.get(options.text_field)
        elif isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
        else:
            raise InputTypeError(message("NOT_TEXTS", what="documents", index=index, found=describe(item)))
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputTypeError(message("NOT_TEXTS", what="documents", index=index, found=describe(text)))
        kept = options.kept(item) if isinstance(item, Mapping) else options.kept({})
        yield Document(doc_id, "", None, len(text), tuple(cut([text], options.piece_chars)), kept)
