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


def test_cells_of_fewer_than_five_sentences_are_marked(tagged):
    summary = stance.summarize(tagged[0])
    lines = summary.table().splitlines()
    assert "* fewer than 5" in lines[1]
    for party in summary.parties():
        line = next(line for line in lines[4:] if line.startswith(f"{party} "))
        for stance_name in summary.stances():
            n = summary.counts.get((party, stance_name), 0)
            if 0 < n < 5:
                assert f"*{n} " in line, (party, stance_name, line)
            elif n:
                assert f"*{n} " not in line and f" {n} " in line, (party, stance_name, line)


def test_tables_group_by_resolved_speaker_and_by_kept_fields(tmp_path, tagged):
    rows = tagged[1]
    outlets = {doc: ("Reuters" if i % 2 else "Xinhua") for i, doc in enumerate(dict.fromkeys(r["doc"] for r in rows))}
    summary = stance.summarize([{**row, "outlet": outlets[row["doc"]]} for row in rows])
    assert summary.groupings() == ["party", "canonical", "outlet"]
    resolved = Counter(("(author)" if r["speaker"] == "author" else r["canonical"], r["stance"]) for r in rows)
    assert summary.by_field["canonical"] == resolved
    assert summary.by_field["outlet"] == Counter((outlets[r["doc"]], r["stance"]) for r in rows)
    table = summary.table(by="outlet").splitlines()
    assert table[0].endswith(", by outlet") and table[2].split()[0] == "outlet"
    assert {line.split()[0] for line in table[4:-1]} == {"Reuters", "Xinhua"}
    assert table[-1].startswith("all outlet")
    speakers = summary.table(by="canonical")
    assert "Nvidia" in speakers and "(author)" in speakers
    assert sum(row["count"] for row in summary.to_rows(by="outlet")) == len(rows)
    with pytest.raises(stance.InputError, match="by: 'nope' is not valid; expected one of party, canonical, outlet"):
        summary.table(by="nope")
    # The command line: tag with the outlet kept, then a table per grouping.
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": p.name, "text": p.read_text(encoding="utf-8"), "outlet": outlets[str(p)]}) + "\n"
            for p in sorted(SEEDS.glob("*.txt"))
        ),
        encoding="utf-8",
    )
    out = tmp_path / "tags.csv"
    assert main(["tag", str(corpus), "-o", str(out), "--keep-fields", "outlet", "-q"]) == EXIT_OK
    assert stance.summarize(out).by_field["outlet"] == summary.by_field["outlet"]


def test_summary_in_a_notebook_and_as_a_figure(tmp_path, tagged):
    summary = stance.summarize(tagged[0])
    page = summary._repr_html_()
    assert page.startswith("<table>") and page.endswith("</table>")
    assert page.count("<tr>") == 1 + len(summary.parties()) + 1  # header, parties, all
    assert "fewer than 5" in page and "<th>security-concern</th>" in page
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    figure = summary.plot()
    assert isinstance(figure, Figure) and figure.axes
    path = tmp_path / "who.svg"
    assert isinstance(summary.plot(path, by="canonical"), Figure) and path.read_text().startswith("<?xml")
