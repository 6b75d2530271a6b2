"""Every input and model-file fault of issue 16, made for real at test time (nothing binary is committed).

:func:`make_corpus` writes a folder of good documents mixed with bad inputs, plus bad inputs named as
arguments, and says what must happen: which documents must be tagged (exactly once) and which inputs
must be named in the errors file, with what. :func:`zip_bomb` and :func:`rewrite_model` make model
files that must be refused.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"

#: How deep the deep folder is, and how deep the deep JSON record is nested (the issue's numbers).
FOLDER_DEPTH = 1_200
JSON_DEPTH = 100_000


def seed_lines() -> list[str]:
    """The non-blank lines of the seed articles, in order."""
    return [
        line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text("utf-8").splitlines() if line.strip()
    ]


@dataclass
class Corpus:
    """A generated corpus: the arguments to give ``stance tag``, and what must come of each input."""

    root: Path
    arguments: list[str | bytes] = field(default_factory=list)
    good: dict[str, str] = field(default_factory=dict)  # doc id -> its text: tagged, each exactly once
    bad: dict[str, str] = field(default_factory=dict)  # "file" or "file:line" -> what its error must say


def make_corpus(root: Path) -> Corpus:
    """Write the fault corpus under ``root`` (a fresh folder); see the module docstring."""
    lines = seed_lines()
    texts = iter("\n".join(lines[k : k + 2]) for k in range(0, len(lines), 2))
    one_line = iter(" ".join(lines[k : k + 2]) for k in range(1, len(lines), 2))  # for records of one line
    corpus = Corpus(root)
    folder = root / "in"
    folder.mkdir(parents=True)
    name = folder.as_posix()

    def text_file(path: Path) -> None:
        text = next(texts)
        path.write_text(text, encoding="utf-8")
        corpus.good[path.as_posix()] = text

    text_file(folder / "a.txt")
    text_file(folder / "notes.md")

    # JSONL: a lone surrogate escape in a text and in an id, a record nested 100,000 deep; good records around them
    j1, j4 = next(texts), next(texts)
    records = [
        json.dumps({"id": "j1", "text": j1}),
        json.dumps({"id": "s2", "text": "Nvidia said \ud800 nothing."}),  # json.dumps writes the escape \ud800
        '{"id": "deep", "text": ' + "[" * JSON_DEPTH + "]" * JSON_DEPTH + "}",
        json.dumps({"id": "j4", "text": j4}),
        json.dumps({"id": "\udc00x", "text": "China said so."}),
        '{"id": "café", "text": nope}',  # the column counts characters, as an editor does
    ]
    (folder / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    corpus.good.update({"j1": j1, "j4": j4})
    corpus.bad[f"{name}/records.jsonl:2"] = "field 'text' holds the lone surrogate escape \\ud800"
    corpus.bad[f"{name}/records.jsonl:3"] = "not a JSON object (nested too deeply to read)"
    corpus.bad[f"{name}/records.jsonl:5"] = "field 'id' holds the lone surrogate escape \\udc00"
    corpus.bad[f"{name}/records.jsonl:6"] = "records.jsonl:6: not a JSON object (Expecting value, column 24)"

    # CSV: an unterminated quote and a bad byte inside a quoted field, between good (quoted) records
    c1, c3, c5, c7 = (next(one_line) for _ in range(4))
    c6 = next(texts)
    table = (
        b"id,text\n"
        + b'c1,"'
        + c1.replace('"', '""').encode()
        + b'"\n'
        + b'c2,"an unterminated quote, and the next record follows\n'
        + b'c3,"'
        + c3.replace('"', '""').encode()
        + b'"\n'
        + b'c4,"a bad byte \xff inside, a quoted field"\n'
        + b'c5,"'
        + c5.replace('"', '""').encode()
        + b'"\n'
        + b'c6,"'
        + c6.replace('"', '""').encode()
        + b'"\n'  # c6 holds a newline: a record of two lines
        + b'c7,"'
        + c7.replace('"', '""').encode()
        + b'"\n'
    )
    (folder / "table.csv").write_bytes(table)
    corpus.good.update({"c1": c1, "c3": c3, "c5": c5, "c6": c6, "c7": c7})
    corpus.bad[f"{name}/table.csv:3"] = "malformed CSV (a quoted field of this record ends badly on line 4"
    corpus.bad[f"{name}/table.csv:5"] = "not UTF-8 text"
    # ... and a quote never closed: the rest of the file is one broken record, none of its lines a document
    t1 = next(one_line)
    quoted = t1.replace('"', '""')
    (folder / "tail.csv").write_text(f'id,text\nt1,"{quoted}"\nt2,"never closed\nt3,plain line\nt4,another\n', "utf-8")
    corpus.good["t1"] = t1
    corpus.bad[f"{name}/tail.csv:3"] = "a quoted field opened on line 3 is never closed; lines 3-5 are left out"

    # a file name that is not UTF-8
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "wb") as handle:
        handle.write(b"Nvidia denied it.")
    corpus.bad[f"{name}/bad\\xffname.txt"] = "the file name is not UTF-8 (shown with \\x escapes); rename the file"

    # symbolic link loops inside the folder: a link to itself, and a folder linking back to its parent
    (folder / "loop.txt").symlink_to("loop.txt")
    corpus.bad[f"{name}/loop.txt"] = "a loop of symbolic links (Too many levels of symbolic links)"
    (folder / "sub").mkdir()
    text_file(folder / "sub" / "c.txt")
    (folder / "sub" / "back").symlink_to("..")
    corpus.bad[f"{name}/sub/back"] = f"a loop of symbolic links (leads back to {os.path.realpath(folder)})"

    # a FIFO: opening it to read would wait for a writer forever
    os.mkfifo(folder / "pipe.txt")
    corpus.bad[f"{name}/pipe.txt"] = "not a regular file but a FIFO (named pipe); left out"

    # folders nested 1,200 deep, a document at the bottom: tagged like any other
    deep = folder / "deep"
    deep.mkdir()
    for _ in range(FOLDER_DEPTH):  # os.makedirs recurses once per level: too deep for it
        deep = deep / "d"
        deep.mkdir()
    text_file(deep / "bottom.txt")

    # named as arguments: a symbolic link loop, a FIFO, a file name that is not UTF-8
    (root / "arg_loop.txt").symlink_to("arg_loop.txt")
    corpus.bad[(root / "arg_loop.txt").as_posix()] = "a loop of symbolic links"
    os.mkfifo(root / "arg_pipe.txt")
    corpus.bad[(root / "arg_pipe.txt").as_posix()] = "not a regular file but a FIFO (named pipe)"
    bad_name = os.fsencode(root) + b"/arg\xfe.txt"
    with open(bad_name, "wb") as handle:
        handle.write(b"Beijing said so.")
    corpus.bad[f"{root.as_posix()}/arg\\xfe.txt"] = "the file name is not UTF-8"
    corpus.arguments = [str(folder), str(root / "arg_loop.txt"), str(root / "arg_pipe.txt"), bad_name]
    return corpus


def remove_deep_folder(corpus: Corpus) -> None:
    """Remove the deep folder level by level from the bottom (``shutil.rmtree`` recurses once per level)."""
    deep = corpus.root / "in" / "deep"
    if not deep.exists():
        return
    bottom = Path(os.path.join(deep, *["d"] * FOLDER_DEPTH))
    (bottom / "bottom.txt").unlink(missing_ok=True)
    while bottom != deep.parent:
        bottom.rmdir()
        bottom = bottom.parent


# --- model files ------------------------------------------------------------------------------------------


def zip_bomb(path: Path, member: str = "stance_coef.npy", gigabytes: int = 2) -> None:
    """A real ``.npz`` whose one member unpacks to ``gigabytes`` GiB of zeros from about 2 MB on disk.

    The deflate stream repeats one fully flushed block of 16 MiB of zeros (a full flush resets the
    compressor, so every such block compresses to the same bytes); the CRC is the real one.
    """
    chunk = bytes(1 << 24)
    count = gigabytes * 64
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (count << 21,)})
    head = header.getvalue()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = first + block * count + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + count * len(chunk)
    name = member.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0) + name
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)


def rewrite_model(source: Path, target: Path, meta=None, arrays=None) -> None:
    """Copy a model file with its metadata changed by ``meta(dict)`` and its arrays by ``arrays(dict)``."""
    with np.load(source, allow_pickle=False) as archive:
        members = {key: archive[key].copy() for key in archive.files}
    content = json.loads(str(members["meta"]))
    if meta is not None:
        content = meta(content) or content
    members["meta"] = np.array(json.dumps(content))
    if arrays is not None:
        arrays(members)
    np.savez(target, **members)


def declared_shape_model(source: Path, target: Path, shape: tuple[int, ...]) -> None:
    """A model file whose ``stance_coef`` header declares ``shape`` (10^12 values) over a few real bytes."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "stance_coef.npy":
                header = io.BytesIO()
                np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": shape})
                data = header.getvalue() + bytes(64)
            out.writestr(info.filename, data)
