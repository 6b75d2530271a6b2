"""Who says what (stance.summary, ``stance summary``, ``stance tag --summary``) on the tagged seeds."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEEDS

import stance
from stance.cli import EXIT_FAILED, EXIT_OK, main


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("summary") / "seeds.jsonl"
    assert stance.tag_files([SEEDS], out).ok
    return out, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_counts_overall_and_per_document(tagged):
    path, rows = tagged
    summary = stance.summarize(path)
    assert summary.counts == Counter((row["speaker"], row["stance"]) for row in rows)
    assert summary.sentences == len(rows)
    assert list(summary.by_document) == list(dict.fromkeys(row["doc"] for row in rows))
    for doc, counts in summary.by_document.items():
        assert counts == Counter((r["speaker"], r["stance"]) for r in rows if r["doc"] == doc)
    assert summary.parties() == [p for p in stance.PARTIES if any(r["speaker"] == p for r in rows)]


def test_the_same_summary_from_every_source(tmp_path, tagged):
    path, rows = tagged
    expected = stance.summarize(path)
    assert stance.summarize(rows) == expected
    assert stance.summarize(iter(rows)) == expected
    for fmt in ("csv", "parquet"):
        other = tmp_path / f"seeds.{fmt}"
        stance.tag_files([SEEDS], other)
        assert stance.summarize(other) == expected
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(tmp_path / "seeds.csv", keep_default_na=False)
    assert stance.summarize(frame) == expected
    halves = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    stance.tag_files(sorted(SEEDS.glob("*.txt"))[:2], halves[0])
    stance.tag_files(sorted(SEEDS.glob("*.txt"))[2:], halves[1])
    assert stance.summarize(halves).counts == expected.counts


def test_shares_add_up_per_speaker(tagged):
    summary = stance.summarize(tagged[0])
    rows = summary.to_rows()
    for doc in ["", *summary.by_document]:
        by_party: dict[str, float] = {}
        for row in rows:
            if row["doc"] == doc:
                by_party[row["speaker"]] = by_party.get(row["speaker"], 0) + row["share"]
        assert by_party and all(abs(total - 1) < 1e-9 for total in by_party.values())
    assert sum(row["count"] for row in rows if row["doc"] == "") == summary.sentences


def test_table_reads_at_a_glance(tagged):
    summary = stance.summarize(tagged[0])
    table = summary.table()
    lines = table.splitlines()
    assert lines[0] == f"who says what: {summary.sentences:,} sentences in 5 documents"
    assert lines[2].split() == ["speaker", *stance.STANCES, "total"]
    author = next(line for line in lines if line.startswith("author "))
    n = sum(c for (party, _), c in summary.counts.items() if party == "author")
    assert author.split()[-2:] == [f"{n:,}", f"{round(100 * n / summary.sentences)}%"]
    assert lines[-1].startswith("all speakers") and lines[-1].endswith(f"{summary.sentences:,} 100%")
    assert len({len(line) for line in lines[2:]}) == 1  # aligned columns
    first = next(iter(summary.by_document))
    assert f"({first})" in summary.table(first).splitlines()[0]
    with pytest.raises(stance.InputError, match="no document 'nope'"):
        summary.table("nope")


def test_summary_command_prints_writes_csv_and_plots(tmp_path, tagged, capsys):
    pytest.importorskip("matplotlib")
    path, rows = tagged
    plot, table = tmp_path / "who.png", tmp_path / "who.csv"
    assert main(["summary", str(path), "--by-document", "--csv", str(table), "--plot", str(plot)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out.count("who says what:") == 6  # overall and 5 documents
    assert f"saved {plot}" in err and f"saved {table}" in err
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 20_000
    with table.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert sum(int(row["count"]) for row in written if row["doc"] == "") == len(rows)
    assert {row["doc"] for row in written} == {"", *(row["doc"] for row in rows)}


def test_tag_with_summary(tmp_path, capsys, tagged):
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(SEEDS), "-o", str(out), "--summary", "--quiet"]) == EXIT_OK
    printed, _ = capsys.readouterr()
    assert printed == stance.summarize(out).report()
    assert main(["tag", str(SEEDS), "--summary", "--quiet"]) == EXIT_OK  # rows on stdout: the table on stderr
    printed, err = capsys.readouterr()
    assert len(printed.splitlines()) == len(tagged[1]) and err == stance.summarize(tagged[0]).report()


def test_bad_summary_inputs_are_clear_errors(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "a", "speaker": "nvidia"}\n', encoding="utf-8")
    assert main(["summary", str(bad)]) == EXIT_FAILED
    assert main(["summary", str(tmp_path / "missing.jsonl")]) == EXIT_FAILED
    assert main(["summary", str(SEEDS / "000_e13e10c0c760fb4a.txt")]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert f"error: {bad}:1: not a row of `stance tag` output (no field 'sentence')" in err
    assert "missing.jsonl: no such file or folder" in err
    assert "unknown file type '.txt'" in err
