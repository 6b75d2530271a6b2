"""The command line (stance.cli): ``stance tag --summary`` after a whole run and after ``--resume``, on the seeds.

Runs are interrupted for real (Ctrl-C raised while tagging, as in tests/test_batch.py) and resumed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, run_python

import stance
from stance.cli import EXIT_OK, main


@pytest.fixture(scope="module")
def seed_rows(seed_output) -> list[dict]:
    """The rows of the seeds tagged in one uninterrupted run (conftest's ``seed_output``)."""
    return list(stance.read_rows(seed_output))


def interrupt(out: Path, fmt: str | None = None) -> list[str]:
    """Tag the seeds into ``out`` and stop as Ctrl-C would while the third one is written; the two done."""
    docs: list[str] = []

    def stop(rows: list[dict]) -> None:
        docs.append(rows[0]["doc"])
        if len(docs) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stance.tag_files([SEEDS], out, format=fmt, batch_size=1, on_rows=stop)
    assert not out.exists() and Path(f"{out}.checkpoint").exists()
    return docs[:2]


@pytest.mark.parametrize("name", ["out.jsonl", "out.pq"])
def test_tag_summary_is_the_summary_of_the_output(tmp_path, capsys, name):
    out = tmp_path / name
    assert main(["tag", str(SEEDS), "-o", str(out), "--summary", "--quiet"]) == EXIT_OK
    printed, err = capsys.readouterr()
    assert err == ""
    assert main(["summary", str(out)]) == EXIT_OK
    assert printed == capsys.readouterr().out
    assert printed.startswith("who says what: 245 sentences in 5 documents\n")


@pytest.mark.parametrize(
    ("name", "fmt"), [("out.jsonl", None), ("out.ndjson", None), ("out.pq", None), ("out.txt", "csv")]
)
def test_resumed_tag_summary_covers_the_whole_output(tmp_path, capsys, seed_rows, name, fmt):
    out = tmp_path / name
    interrupt(out, fmt)
    options = [] if fmt is None else ["--format", fmt]
    assert main(["tag", str(SEEDS), "-o", str(out), *options, "--resume", "--summary"]) == EXIT_OK
    printed, err = capsys.readouterr()
    assert "(resumed after 2 inputs)" in err and "note:" not in err
    assert printed == stance.summarize(seed_rows).report()
    assert printed == stance.Summary().add(stance.read_rows(out, fmt)).report()


def test_resumed_summary_reads_an_output_file_named_dash(tmp_path, monkeypatch, capsys, seed_rows):
    """``-o -`` names a file called "-"; the resumed summary reads that file back, not stdin."""
    monkeypatch.chdir(tmp_path)
    interrupt(Path("-"), "jsonl")
    monkeypatch.setattr("sys.stdin", None)  # reading stdin instead of the file would fail
    assert main(["tag", str(SEEDS), "-o", "-", "--format", "jsonl", "--resume", "--summary"]) == EXIT_OK
    printed, err = capsys.readouterr()
    assert "(resumed after 2 inputs)" in err
    assert printed == stance.summarize(seed_rows).report()
    assert [row["doc"] for row in stance.read_rows(tmp_path / "-", "jsonl")] == [row["doc"] for row in seed_rows]


def test_resumed_table_summary_says_it_covers_this_run_only(tmp_path, capsys, seed_rows):
    out = tmp_path / "out.txt"
    done = interrupt(out, "table")
    command = ["tag", str(SEEDS), "-o", str(out), "--format", "table", "--resume", "--summary"]
    assert main(command) == EXIT_OK
    printed, err = capsys.readouterr()
    assert "note: the summary covers only the inputs tagged in this run, not the 2 inputs done before --resume" in err
    assert printed == stance.summarize([row for row in seed_rows if row["doc"] not in done]).report()
    assert printed.splitlines()[0].endswith(" sentences in 3 documents")

    assert main(command) == EXIT_OK  # nothing to resume: the run starts over, and its rows are the whole output
    printed, err = capsys.readouterr()
    assert "note:" not in err and "(resumed after" not in err
    assert printed == stance.summarize(seed_rows).report()


def test_only_a_process_of_its_own_settles_the_garbage_collector(tmp_path, seed_rows):
    """``stance`` (owns_process) freezes the objects made by importing NLTK; ``main`` called from a program does not."""
    import gc

    before = gc.get_freeze_count()
    assert main(["tag", str(SEEDS), "-o", str(tmp_path / "here.jsonl"), "--quiet"]) == EXIT_OK
    assert gc.get_freeze_count() == before
    out = tmp_path / "own.jsonl"
    code = (
        "import gc, sys; from stance.cli import main; "
        f"code = main(['tag', {str(SEEDS)!r}, '-o', {str(out)!r}, '--quiet'], owns_process=True); "
        "print(gc.get_freeze_count()); sys.exit(code)"
    )
    assert int(run_python("-c", code)) > 100_000  # NLTK alone leaves over 100,000 objects; exit code 0 is EXIT_OK
    assert list(stance.read_rows(out)) == seed_rows == list(stance.read_rows(tmp_path / "here.jsonl"))
