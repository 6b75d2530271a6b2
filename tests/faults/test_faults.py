"""``stance tag`` over every fault of issue 16, as a user runs it: a real process on a generated fault corpus.

Each run must end with the exit code the README promises and no traceback; every good document's rows
must be there exactly once; each bad input must be named in the errors file (and on stderr); output
faults must stop with one ``error: ...`` line naming the path and what to do, before anything is tagged
when the output cannot be made at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from fault_corpus import Corpus, make_corpus, remove_deep_folder

import stance
from stance.cli import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

#: Every run gets this long; a run that waits on a FIFO would hit it and fail the test instead of hanging.
TIMEOUT = 120


def stance_tag(*args: str | bytes | Path, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess:
    """``python -m stance tag ARGS`` in a process of its own; stderr as text."""
    result = subprocess.run(
        [sys.executable, "-m", "stance", "tag", *args],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )
    result.stderr = result.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    return result


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Iterator[Corpus]:
    corpus = make_corpus(tmp_path_factory.mktemp("faults"))
    yield corpus
    remove_deep_folder(corpus)  # pytest's clean-up of old temporary folders cannot remove 1,200 levels


@pytest.fixture(scope="module")
def expected_rows(corpus) -> dict[str, list[dict]]:
    """The rows each good document must have: the tagger's own, document by document."""
    rows: dict[str, list[dict]] = {doc: [] for doc in corpus.good}
    for row in stance.tag_corpus(list(corpus.good.items())):
        rows[row["doc"]].append(row)
    return rows


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The fault corpus tagged in one run: its output file and the finished process."""
    out = tmp_path_factory.mktemp("reference") / "tags.jsonl"
    return out, stance_tag(*corpus.arguments, "-o", out)


def assert_all_good_rows_once(out: Path, expected_rows: dict[str, list[dict]]) -> None:
    rows = jsonl(out)
    keys = [(row["doc"], row["sentence"]) for row in rows]
    assert len(keys) == len(set(keys)), "a row is there twice"
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["doc"], []).append(row)
    assert found.keys() == expected_rows.keys(), (
        f"missing: {expected_rows.keys() - found.keys()}, phantom: {found.keys() - expected_rows.keys()}"
    )
    for doc, wanted in expected_rows.items():
        assert found[doc] == wanted, doc


def assert_bad_inputs_named(errors_file: Path, stderr: str, corpus: Corpus) -> None:
    errors = jsonl(errors_file)
    named = {error["file"] + (f":{error['line']}" if error["line"] else ""): error["message"] for error in errors}
    assert named.keys() == corpus.bad.keys(), (
        f"not named: {corpus.bad.keys() - named.keys()}, named but not bad: {named.keys() - corpus.bad.keys()}"
    )
    for where, says in corpus.bad.items():
        assert named[where].startswith(where) and says in named[where], (where, says, named[where])
        assert f"error: {named[where]}" in stderr, where
    assert len(errors) == len(corpus.bad)


# --- bad inputs -------------------------------------------------------------------------------------------


def test_every_bad_input_is_reported_and_every_good_document_tagged_once(corpus, reference, expected_rows):
    out, result = reference
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert_all_good_rows_once(out, expected_rows)
    assert_bad_inputs_named(out.with_name("tags.errors.jsonl"), result.stderr, corpus)
    documents = len(corpus.good)
    assert f"tagged {documents} documents" in result.stderr and f"{len(corpus.bad)} failed" in result.stderr
    assert not out.with_name("tags.jsonl.partial").exists() and not out.with_name("tags.jsonl.checkpoint").exists()


def test_resume_gets_past_every_bad_input(corpus, tmp_path):
    """A run interrupted after some inputs, bad ones among them, resumes to the output and errors of a whole run.

    Both runs tag in batches of two (scores can differ in the last digit between batch sizes).
    """
    arguments = [os.fsdecode(argument) for argument in corpus.arguments]
    reference_out = tmp_path / "whole" / "tags.jsonl"
    reference_out.parent.mkdir()
    stance.tag_files(arguments, reference_out, batch_size=2)
    out = tmp_path / "tags.jsonl"
    batches = []

    def stop(rows: list[dict]) -> None:
        batches.append(rows)
        if len(batches) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stance.tag_files(arguments, out, batch_size=2, on_rows=stop)
    done = json.loads(Path(f"{out}.checkpoint").read_text(encoding="utf-8"))
    assert done["failed"] >= 1 and done["inputs"] < len(corpus.good) + len(corpus.bad)
    result = stance_tag(*corpus.arguments, "-o", out, "--batch-size", "2", "--resume")
    assert result.returncode == EXIT_PARTIAL and f"(resumed after {done['inputs']} inputs)" in result.stderr
    assert out.read_bytes() == reference_out.read_bytes()
    assert jsonl(tmp_path / "tags.errors.jsonl") == jsonl(reference_out.with_name("tags.errors.jsonl"))


def test_a_fifo_named_alone_does_not_hang(corpus):
    result = stance_tag(corpus.root / "arg_pipe.txt")
    assert result.returncode == EXIT_FAILED
    assert "arg_pipe.txt: not a regular file but a FIFO (named pipe); left out" in result.stderr


def test_an_output_inside_an_input_folder_is_not_read_back(corpus, tmp_path, expected_rows):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(corpus.good[(corpus.root / "in" / "a.txt").as_posix()], encoding="utf-8")
    out = folder / "tags.jsonl"
    first = stance_tag(folder, "-o", out)
    second = stance_tag(folder, "-o", out)
    assert first.returncode == second.returncode == EXIT_OK, second.stderr
    assert {row["doc"] for row in jsonl(out)} == {(folder / "a.txt").as_posix()}
    assert "tagged 1 document," in second.stderr and "note: left out" not in second.stderr


def test_an_output_that_is_a_document_of_an_input_folder_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    records = folder / "records.jsonl"
    records.write_text(json.dumps({"id": "a", "text": "Nvidia denied it."}) + "\n", encoding="utf-8")
    before = records.read_bytes()
    result = stance_tag(folder, "-o", records)
    assert result.returncode == EXIT_USAGE
    assert error_lines(result.stderr) == [
        f"error: {records}: is also an input ({folder}); choose another output file than -o {records} "
        "so the input is kept"
    ]
    assert records.read_bytes() == before


# --- output faults -----------------------------------------------------------------------------------------


def test_an_output_that_is_a_folder_is_refused_before_tagging(tmp_path):
    result = stance_tag(SEEDS, "-o", tmp_path)
    assert result.returncode == EXIT_FAILED
    assert error_lines(result.stderr) == [
        f"error: {tmp_path}: is a folder; give a file name for -o (e.g. {tmp_path.as_posix()}/tags.jsonl)"
    ]
    assert "tagged" not in result.stderr and list(tmp_path.iterdir()) == []


def test_a_missing_parent_folder_is_refused_before_tagging(tmp_path):
    out = tmp_path / "no" / "such" / "tags.jsonl"
    result = stance_tag(SEEDS, "-o", out)
    assert result.returncode == EXIT_FAILED
    assert error_lines(result.stderr) == [
        f"error: {out}: the folder {tmp_path / 'no' / 'such'} does not exist; create it first or choose another -o path"
    ]


def test_a_parent_that_is_a_file_is_refused_before_tagging(tmp_path):
    (tmp_path / "file.txt").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "file.txt" / "tags.jsonl"
    result = stance_tag(SEEDS, "-o", out)
    assert result.returncode == EXIT_FAILED
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {out}: cannot be written (Not a directory); choose another output")
    assert "tagged" not in result.stderr


def _unwritable_system_path() -> Path:
    """A path that cannot be created even by root: a new file in /sys (EACCES), else skip."""
    path = Path("/sys/kernel/stance-test.jsonl")
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys/kernel here: no path that even root cannot write")
    return path


def test_no_permission_is_refused_before_tagging():
    out = _unwritable_system_path()
    result = stance_tag(SEEDS, "-o", out)
    assert result.returncode == EXIT_FAILED
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {out}: cannot be written (Permission denied); choose another output (-o, --errors)")
    assert "tagged" not in result.stderr


def test_errors_file_on_a_path_that_cannot_be_written_is_refused_before_tagging(tmp_path):
    errors = _unwritable_system_path()
    result = stance_tag(SEEDS, "-o", tmp_path / "tags.jsonl", "--errors", errors)
    assert result.returncode == EXIT_FAILED
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {errors}: cannot be written (Permission denied)")
    assert "tagged" not in result.stderr and not (tmp_path / "tags.jsonl").exists()


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs mounted on ``folder`` (needs root; else the test is skipped)."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_folder_is_refused_before_tagging(tmp_path):
    """A read-only file system refuses even root (chmod does not)."""
    with tmpfs(tmp_path / "ro", "ro,size=64k") as folder:
        out = folder / "tags.jsonl"
        result = stance_tag(SEEDS, "-o", out)
        assert result.returncode == EXIT_FAILED
        [line] = error_lines(result.stderr)
        assert line.startswith(f"error: {out}: cannot be written (Read-only file system); choose another output")
        assert "tagged" not in result.stderr


def test_a_full_disk_names_the_partial_files_and_resume_finishes_after_space_is_freed(tmp_path, seed_output):
    with tmpfs(tmp_path / "small", "size=64k") as folder:
        out = folder / "tags.jsonl"
        result = stance_tag(SEEDS, "-o", out, "--batch-size", "1")
        assert result.returncode == EXIT_FAILED
        [line] = error_lines(result.stderr)
        partial, checkpoint = Path(f"{out}.partial"), Path(f"{out}.checkpoint")
        errors = folder / "tags.errors.jsonl.partial"
        assert line == (
            f"error: {partial}: writing failed (No space left on device); free some space and run the same command "
            f"with --resume, or delete {partial}, {errors}, {checkpoint} to give up"
        )
        assert partial.exists() and checkpoint.exists() and not out.exists()
        subprocess.run(["mount", "-o", "remount,size=2m", str(folder)], check=True)  # space freed
        resumed = stance_tag(SEEDS, "-o", out, "--batch-size", "1", "--resume")
        assert resumed.returncode == EXIT_OK and "(resumed after" in resumed.stderr
        assert out.read_bytes() == seed_output.read_bytes()


def test_an_output_that_is_a_device_or_fifo_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    for out, kind in ((Path("/dev/null"), "character device"), (fifo, "FIFO (named pipe)")):
        result = stance_tag(SEEDS, "-o", out, "--format", "jsonl")
        assert result.returncode == EXIT_FAILED
        assert error_lines(result.stderr) == [
            f"error: {out}: not a regular file but a {kind}; give a file name for -o "
            "(or leave out -o to write to stdout)"
        ]
        assert not Path(f"{out}.partial").exists()
    assert Path("/dev/null").is_char_device() and fifo.is_fifo()


def test_stdout_on_a_full_device(tmp_path):
    with open("/dev/full", "wb") as full:
        result = stance_tag(SEEDS, stdout=full)
    assert result.returncode == EXIT_FAILED
    assert error_lines(result.stderr) == [
        "error: stdout: writing failed (No space left on device); what went there is incomplete: send it to a file "
        "on a disk with room (stance tag: -o OUT)"
    ]


def test_other_commands_on_a_full_stdout(seed_output):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "stance", "summary", str(seed_output), "--by-document"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
        )
    assert result.returncode == EXIT_FAILED and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        "error: stdout: writing failed (No space left on device); what went there is incomplete: send it to a file "
        "on a disk with room (stance tag: -o OUT)"
    ]


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path):
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "a", "text": "Nvidia denied it."}) + "\n", encoding="utf-8")
    before = records.read_bytes()
    result = stance_tag(records, "-o", records)
    assert result.returncode == EXIT_USAGE
    assert error_lines(result.stderr) == [
        f"error: {records}: is also an input ({records}); choose another output file than -o {records} "
        "so the input is kept"
    ]
    assert records.read_bytes() == before and not Path(f"{records}.partial").exists()


def test_errors_file_that_is_the_output_is_refused(tmp_path):
    out = tmp_path / "tags.jsonl"
    result = stance_tag(SEEDS, "-o", out, "--errors", out)
    assert result.returncode == EXIT_USAGE
    assert error_lines(result.stderr) == [
        f"error: --errors {out}: is also the output file (-o); choose another errors file"
    ]
    assert list(tmp_path.iterdir()) == []


# --- output formats ----------------------------------------------------------------------------------------


def test_tsv_and_excel_are_written_as_their_endings_say(tmp_path, seed_output):
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    rows = list(stance.read_rows(seed_output))
    tsv, xlsx = tmp_path / "tags.tsv", tmp_path / "tags.xlsx"
    assert stance_tag(SEEDS, "-o", tsv).returncode == EXIT_OK
    assert tsv.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(stance.batch.FLAT_COLUMNS)
    assert list(stance.read_rows(tsv)) == rows
    assert stance_tag(SEEDS, "-o", xlsx).returncode == EXIT_OK
    sheet = pandas.read_excel(xlsx, dtype={"doc": str, "name": str}, keep_default_na=False)
    assert list(sheet.columns) == list(stance.batch.FLAT_COLUMNS)
    assert sheet["text"].tolist() == [row["text"] for row in rows]
    assert sheet["stance"].tolist() == [row["stance"] for row in rows]


def test_an_unknown_output_ending_is_refused_with_the_formats(tmp_path):
    out = tmp_path / "tags.txt"
    result = stance_tag(SEEDS, "-o", out)
    assert result.returncode == EXIT_USAGE
    assert error_lines(result.stderr) == [
        f"error: {out}: unknown output ending '.txt'; valid endings are .jsonl, .ndjson, .csv, .tsv, .parquet, .pq, "
        ".xlsx (or choose with --format)"
    ]
    assert list(tmp_path.iterdir()) == []


# --- resume over a damaged partial file -------------------------------------------------------------------


def interrupted(out: Path) -> Path:
    """Tag the seeds into ``out``, stopped (as Ctrl-C would) after two documents; the partial file."""

    def stop(rows: list[dict]) -> None:
        if rows[0]["doc"].endswith("002_8a6331331bdad704.txt"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stance.tag_files([SEEDS], out, batch_size=1, on_rows=stop)
    return Path(f"{out}.partial")


@pytest.mark.parametrize("damage", ["shortened", "changed"])
def test_resume_refuses_a_damaged_partial_file(tmp_path, seed_output, damage):
    out = tmp_path / "tags.jsonl"
    partial = interrupted(out)
    data = partial.read_bytes()
    written = json.loads(Path(f"{out}.checkpoint").read_text(encoding="utf-8"))["data"]  # bytes up to the checkpoint
    partial.write_bytes(data[: written // 2] if damage == "shortened" else data.replace(b'"author"', b'"nvidia"', 1))
    result = stance_tag(SEEDS, "-o", out, "--resume")
    assert result.returncode == EXIT_FAILED
    [line] = error_lines(result.stderr)
    problem = (
        f"holds {written // 2:,} bytes where {written:,} were written"
        if damage == "shortened"
        else ("holds other bytes than were written")
    )
    assert line == (
        f"error: cannot resume {out}: {partial} {problem} (see {out}.checkpoint); "
        "run again without --resume to start over"
    )
    assert not out.exists()
    assert stance_tag(SEEDS, "-o", out).returncode == EXIT_OK  # as the message says: start over
    assert out.read_bytes() == seed_output.read_bytes()


def test_resume_refuses_a_parquet_output_missing_a_part(tmp_path, seed_output):
    pytest.importorskip("pyarrow")
    out = tmp_path / "tags.parquet"
    folder = interrupted(out)
    (folder / "part-000000.parquet").unlink()
    result = stance_tag(SEEDS, "-o", out, "--resume")
    assert result.returncode == EXIT_FAILED
    assert error_lines(result.stderr) == [
        f"error: cannot resume {out}: {folder} lacks its part part-000000.parquet (see {out}.checkpoint); "
        "run again without --resume to start over"
    ]
    assert stance_tag(SEEDS, "-o", out).returncode == EXIT_OK
    assert list(stance.read_rows(out)) == list(stance.read_rows(seed_output))
