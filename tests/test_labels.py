"""The labelled set and its validator, through the public API and the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import LABELS, ROOT, SEEDS

import stance
from stance.cli import main


def test_seeds_are_byte_identical_to_shared():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared is not beside this checkout")
    names = sorted(p.name for p in shared.glob("*.txt"))
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in names:
        assert (shared / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_committed_labels_have_no_errors_and_cover_every_article(seed_texts):
    report = stance.check_labels(LABELS)
    assert report.problems == []
    assert {r.article for r in report.records} == set(seed_texts)
    counts = report.counts()
    assert sum(counts["stance"].values()) == len(report.records) == 245
    assert set(counts["stance"]) == set(stance.STANCES)
    assert set(counts["speaker"]) == set(stance.PARTIES) - {"other-gov"}  # no other state speaks in the seeds


def test_labels_cover_every_non_whitespace_character_once(label_rows, seed_texts):
    covered = {name: [0] * len(text) for name, text in seed_texts.items()}
    for row in label_rows:
        for i in range(row["start"], row["end"]):
            covered[row["article"]][i] += 1
    for name, text in seed_texts.items():
        for i, ch in enumerate(text):
            expected = {0, 1} if ch.isspace() else {1}
            assert covered[name][i] in expected, (name, i, text[max(0, i - 20) : i + 20])


def test_readme_count_table_matches_labels():
    table = stance.check_labels(LABELS).table()
    readme = (ROOT / "labels" / "README.md").read_text(encoding="utf-8")
    assert table in readme, "labels/README.md is stale: paste the output of `stance labels check labels/`"


# --- broken files: one per kind of error -----------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of labels/ and seeds/ to break."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "labels").mkdir()
    shutil.copy(LABELS, tmp_path / "labels" / "sentences.jsonl")
    return tmp_path / "labels" / "sentences.jsonl"


def test_a_label_folder_is_read_and_checked_like_its_label_file(workspace):
    folder = workspace.parent
    assert stance.labels.label_file(folder) == workspace
    assert stance.labels.articles_folder(folder) == stance.labels.articles_folder(workspace)
    assert stance.labels.articles_folder(folder) == (folder.parent / "seeds").resolve()
    assert stance.read_labels(folder) == stance.read_labels(workspace)
    report = stance.check_labels(folder)
    assert report.problems == []
    assert report.records == stance.check_labels(workspace).records


def edit(path: Path, line: int, change) -> None:
    """Replace record number ``line`` (1-based) by ``change(record)``; a str result is written raw."""
    lines = path.read_text(encoding="utf-8").splitlines()
    new = change(json.loads(lines[line - 1]))
    lines[line - 1] = new if isinstance(new, str) else json.dumps(new, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def only_problem(path: Path, line: int | None = None):
    """The first problem found (on ``line`` when given)."""
    problems = stance.check_labels(path).problems
    if line is not None:
        problems = [p for p in problems if p.line == line]
    assert problems, "the broken file passed"
    return problems[0]


def updated(record: dict, **changes) -> dict:
    return {**record, **changes}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda r: "{not json", "", "not a JSON object"),
        (lambda r: "[1, 2]", "", "not a JSON object"),
        (lambda r: {k: v for k, v in r.items() if k != "stance"}, "stance", "missing"),
        (lambda r: updated(r, mood="angry"), "mood", "unknown"),
        (lambda r: updated(r, start="12"), "start", "must be an integer"),
        (lambda r: updated(r, stance="Neutral"), "stance", "valid values are denial, security-concern"),
        (lambda r: updated(r, speaker="government"), "speaker", "valid values are author, nvidia"),
        (lambda r: updated(r, name="Reuters"), "name", "must be empty when speaker is 'author'"),
        (lambda r: updated(r, speaker="press", name="Reuters"), "name", "is not in the sentence"),
        (lambda r: updated(r, article="999_missing.txt"), "article", "no article"),
        (lambda r: updated(r, end=10**6), "start", "is not a span"),
        (lambda r: updated(r, text=r["text"].upper() + "!"), "text", "differs from"),
    ],
)
def test_validator_names_file_line_and_field(workspace, change, field, words):
    edit(workspace, 3, change)
    problem = only_problem(workspace, line=3)
    assert problem.path == str(workspace)
    assert problem.line == 3
    assert problem.field == field
    assert words in problem.message
    assert f"{workspace}:3" in problem.message


def test_validator_finds_untrimmed_text(workspace):
    edit(workspace, 3, lambda r: updated(r, start=r["start"] - 1, text="\n" + r["text"]))
    problem = only_problem(workspace)
    assert (problem.line, problem.field) == (3, "text")
    assert "whitespace" in problem.message


def test_validator_finds_a_gap(workspace):
    lines = workspace.read_text(encoding="utf-8").splitlines()
    del lines[4]
    workspace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(workspace)
    assert (problem.line, problem.field) == (5, "start")
    assert "is in no sentence" in problem.message


def test_validator_finds_a_gap_at_the_end_of_an_article(workspace):
    lines = workspace.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if json.loads(line)["article"].startswith("000"))
    del lines[last]
    workspace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(workspace)
    assert "after the last sentence is in no sentence" in problem.message


def test_validator_finds_an_overlap(workspace):
    edit(workspace, 3, lambda r: r)
    lines = workspace.read_text(encoding="utf-8").splitlines()
    second, third = json.loads(lines[1]), json.loads(lines[2])
    text = (SEEDS / third["article"]).read_text(encoding="utf-8")
    third["start"] = second["end"] - 3
    third["text"] = text[third["start"] : third["end"]]
    lines[2] = json.dumps(third, ensure_ascii=False)
    workspace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(workspace)
    assert (problem.line, problem.field) == (3, "start")
    assert "overlaps" in problem.message


def test_validator_finds_records_out_of_order(workspace):
    lines = workspace.read_text(encoding="utf-8").splitlines()
    lines[2], lines[3] = lines[3], lines[2]
    workspace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = stance.check_labels(workspace).problems
    assert any(p.line == 4 and "comes before" in p.message for p in problems)


def test_validator_finds_an_article_split_in_two(workspace):
    lines = workspace.read_text(encoding="utf-8").splitlines()
    lines.append(lines[0])
    workspace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = stance.check_labels(workspace).problems
    assert any(p.line == len(lines) and p.field == "article" and "contiguous" in p.message for p in problems)


def test_validator_reports_non_utf8_empty_and_missing_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"article": "\xff"}\n')
    assert "not UTF-8" in stance.check_labels(bad).problems[0].message
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert "no label records" in stance.check_labels(empty).problems[0].message
    assert "no such file" in stance.check_labels(tmp_path / "nope.jsonl").problems[0].message


def test_read_labels_raises_the_first_problem(workspace):
    edit(workspace, 7, lambda r: updated(r, stance="angry"))
    with pytest.raises(stance.LabelError, match=r"sentences.jsonl:7: field 'stance'"):
        stance.read_labels(workspace)


def test_cli_check_prints_counts_and_exits_zero(capsys):
    assert main(["labels", "check", str(LABELS)]) == 0
    out = capsys.readouterr().out
    assert "| geopolitical |" in out and "245 records, ok" in out


def test_cli_check_prints_errors_and_exits_one(workspace, capsys):
    edit(workspace, 2, lambda r: updated(r, speaker="government"))
    assert main(["labels", "check", str(workspace.parent)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and ":2: field 'speaker'" in err


# --- label files of the analyst's loop: CSV, sentences by text alone, labels from tag output ----------


def test_label_files_may_be_csv_both_ways(tmp_path):
    records = stance.read_labels(LABELS)
    for name in ("labels.csv", "labels.tsv", "labels.jsonl"):
        path = stance.write_labels(records, tmp_path / name)
        assert stance.read_labels(path) == records, name
    sheet = (tmp_path / "labels.csv").read_text(encoding="utf-8")
    assert sheet.splitlines()[0] == "article,start,end,text,stance,speaker,name"
    # As a spreadsheet program saves it: a byte-order mark and CRLF line ends.
    (tmp_path / "excel.csv").write_bytes(b"\xef\xbb\xbf" + sheet.replace("\n", "\r\n").encode("utf-8"))
    assert stance.read_labels(tmp_path / "excel.csv") == records
    assert stance.check_labels(tmp_path / "labels.csv", articles=SEEDS).problems == []


def test_training_labels_may_give_sentences_by_text_alone(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        '{"text": "Nvidia denied it.", "stance": "denial", "speaker": "nvidia", "name": "Nvidia"}\n'
        '{"doc": "a", "text": "Shares rose.", "stance": "commercial", "speaker": "author"}\n',
        encoding="utf-8",
    )
    first, second = stance.read_labels(path)
    assert first == stance.Record("", 0, 17, "Nvidia denied it.", "denial", "nvidia", "Nvidia")
    assert second == stance.Record("a", 0, 12, "Shares rose.", "commercial", "author", "")
    problems = stance.check_labels(path).problems  # the validator of a labelled set still wants every field
    assert [p.field for p in problems[:2]] == ["article", "start"]
    sheet = tmp_path / "mine.csv"
    sheet.write_text("text,stance,speaker\nShares rose.,commercial,author\nNo.,neutral\n", encoding="utf-8")
    with pytest.raises(stance.LabelError, match=r"mine.csv:3: 2 fields, but the header has 3"):
        stance.read_labels(sheet)


def test_labels_from_tags_round_trip(tmp_path, seed_output, capsys):
    rows = list(stance.read_rows(seed_output))
    records = stance.labels_from_tags(rows)
    assert [(r.article, r.start, r.end, r.text) for r in records] == [
        (row["doc"], row["start"], row["end"], row["text"]) for row in rows
    ]
    assert [(r.stance, r.speaker, r.name) for r in records] == [(x["stance"], x["speaker"], x["name"]) for x in rows]
    with pytest.raises(stance.LabelError, match=r"these are `stance tag` rows, not labels; .* labels from-tags"):
        stance.read_labels(seed_output)
    for name in ("mine.jsonl", "mine.csv"):
        out = tmp_path / name
        assert main(["labels", "from-tags", str(seed_output), "-o", str(out)]) == 0
        assert stance.read_labels(out) == records
        assert f"wrote 245 labels to {out}" in capsys.readouterr().err
    tags_csv = tmp_path / "tags.csv"
    stance.tag_files([SEEDS], tags_csv)
    assert main(["labels", "from-tags", str(tags_csv), "-o", str(tmp_path / "again.jsonl")]) == 0
    assert stance.read_labels(tmp_path / "again.jsonl") == records
