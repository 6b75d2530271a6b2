"""Batch tagging (stance.batch, stance.frames, ``stance tag``): real files, real processes, real clusters.

Every bad input is made for real in tmp_path; runs are killed for real and resumed; the Dask
tests start a ``distributed.LocalCluster`` on loopback.
"""

from __future__ import annotations

import io
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_python

import stance
from stance.batch.writers import require
from stance.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, main


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    """A JSONL corpus of 400 short documents cut from the seeds, with two malformed lines in it."""
    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(400):
            if i in (57, 233):
                handle.write('{"id": "broken", "text": \n')
                continue
            text = "\n".join(lines[(i * 3 + k) % len(lines)] for k in range(2))
            handle.write(json.dumps({"id": f"doc{i:04d}", "text": text}) + "\n")
    return path, 398


@pytest.fixture(scope="module")
def corpus_output(corpus, tmp_path_factory) -> Path:
    """The corpus tagged in one uninterrupted run (rows, and errors beside them)."""
    out = tmp_path_factory.mktemp("reference") / "reference.jsonl"
    report = stance.tag_files([corpus[0]], out)
    assert report.failed == 2 and report.documents == corpus[1]
    return out


def errors_beside(output: Path) -> bytes:
    return output.with_name(output.stem + ".errors.jsonl").read_bytes()


# --- rows -----------------------------------------------------------------------------------------


def test_rows_are_the_taggers_tags_of_each_document(seed_output, seed_texts):
    rows = jsonl(seed_output)
    tagger = stance.load()
    expected = []
    for name, text in seed_texts.items():
        for index, tag in enumerate(tagger.tag(text)):
            expected.append({"doc": f"{SEEDS.as_posix()}/{name}", "sentence": index, **_tag_fields(tag)})
    assert rows == expected
    for row in rows:
        assert list(row) == list(stance.batch.COLUMNS)
        assert seed_texts[Path(row["doc"]).name][row["start"] : row["end"]] == row["text"]


def _tag_fields(tag: stance.Tag) -> dict:
    return {key: getattr(tag, key) for key in ("start", "end", "text", "stance", "stance_scores")} | {
        "speaker": tag.speaker,
        "name": tag.name,
        "canonical": tag.canonical,
        "speaker_score": tag.speaker_score,
    }


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_format_holds_the_same_rows(tmp_path, seed_output, fmt):
    out = tmp_path / f"out.{fmt}"
    report = stance.tag_files([SEEDS], out)
    assert report.ok and out.exists() and not Path(f"{out}.partial").exists()
    assert list(stance.read_rows(out)) == jsonl(seed_output)


@pytest.fixture(scope="module")
def why_output(tmp_path_factory) -> Path:
    """``stance tag seeds/ --why -o why.jsonl``."""
    out = tmp_path_factory.mktemp("why") / "why.jsonl"
    assert main(["tag", str(SEEDS), "--why", "-o", str(out), "--quiet"]) == EXIT_OK
    return out


def test_why_rows_hold_each_tags_why(why_output, seed_output, seed_texts):
    rows, plain = jsonl(why_output), jsonl(seed_output)
    assert [{key: value for key, value in row.items() if key != "why"} for row in rows] == plain  # the same tags
    tagger = stance.load()
    expected = [
        json.loads(json.dumps(t.why.to_dict())) for text in seed_texts.values() for t in tagger.tag(text, why=True)
    ]
    assert [row["why"] for row in rows] == expected
    assert list(rows[0]) == [*stance.batch.COLUMNS, "why"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "parquet", "xlsx"])
def test_why_in_flat_formats_is_one_line_per_part(tmp_path, why_output, fmt):
    from stance.explain import Why

    out = tmp_path / f"why.{fmt}"
    assert stance.tag_files([SEEDS], out, why=True).ok
    expected = [Why.from_dict(row["why"]).compact() for row in jsonl(why_output)]
    if fmt == "xlsx":
        pd = pytest.importorskip("pandas")
        sheet = pd.read_excel(out, keep_default_na=False)
        assert list(sheet.columns) == [*stance.batch.FLAT_COLUMNS, "why.stance", "why.speaker"]
        assert sheet[["why.stance", "why.speaker"]].to_dict("records") == expected
        return
    rows = list(stance.read_rows(out))
    assert [{key: row[key] for key in ("why.stance", "why.speaker")} for row in rows] == expected
    assert expected[0]["why.stance"].startswith(f"{rows[0]['stance']} <- ")


def test_why_in_the_table_is_one_more_line_per_sentence(capsys, seed_output):
    assert main(["tag", str(SEEDS / "000_e13e10c0c760fb4a.txt"), "--format", "table", "--why", "--quiet"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    rows = [row for row in jsonl(seed_output) if row["doc"].endswith("000_e13e10c0c760fb4a.txt")]
    whys = [line.strip() for line in lines if line.strip().startswith("why: ")]
    assert len(whys) == len(rows)
    assert all(line.startswith(f"why: {row['stance']} <- ") for line, row in zip(whys, rows))
    assert all(f" | {row['speaker']} <- " in " ".join(lines) for row in rows)


def test_carried_over_speakers_point_at_a_sentence_of_their_document_across_pieces(tmp_path, seed_texts):
    """A why's ``source`` is a sentence number of the same document, also when it is tagged in pieces."""
    out = tmp_path / "pieces.jsonl"
    assert stance.tag_files([SEEDS], out, why=True, piece_chars=3000).ok
    rows = jsonl(out)
    carried = [row for row in rows if row["why"]["speaker"]["source"] >= 0]
    assert carried
    by_doc = {(row["doc"], row["sentence"]): row for row in rows}
    for row in carried:
        source = row["why"]["speaker"]["source"]
        assert source <= row["sentence"] + 3 and (row["doc"], source) in by_doc, row


def test_kept_fields_go_into_every_row_of_their_document(tmp_path):
    corpus = tmp_path / "news.jsonl"
    records = [
        {"id": "a", "text": "Nvidia denied it. Shares rose.", "outlet": "Reuters", "date": "2025-08-01", "n": 3},
        {"id": "b", "text": "China's regulator summoned Nvidia.", "outlet": "Xinhua"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    table = tmp_path / "news.csv"
    table.write_text('id,text,outlet\nc,"Analysts said demand is strong.",CNBC\n', encoding="utf-8")
    out = tmp_path / "tags.jsonl"
    assert main(["tag", str(corpus), str(table), "-o", str(out), "--keep-fields", "outlet,date,n", "-q"]) == EXIT_OK
    rows = jsonl(out)
    assert [(row["doc"], row["outlet"], row["date"], row["n"]) for row in rows] == [
        ("a", "Reuters", "2025-08-01", 3),
        ("a", "Reuters", "2025-08-01", 3),
        ("b", "Xinhua", None, None),
        ("c", "CNBC", None, None),
    ]
    assert list(rows[0]) == [*stance.batch.COLUMNS, "outlet", "date", "n"]
    flat = tmp_path / "tags.csv"
    stance.tag_files([corpus], flat, keep_fields=["outlet", "date"])
    assert [(row["outlet"], row["date"]) for row in stance.read_rows(flat)] == [
        ("Reuters", "2025-08-01"),
        ("Reuters", "2025-08-01"),
        ("Xinhua", ""),
    ]
    rows = list(stance.tag_corpus(records, keep_fields="outlet"))
    assert [row["outlet"] for row in rows] == ["Reuters", "Reuters", "Xinhua"]
    with pytest.raises(stance.InputError, match="keep_fields: 'text' is not valid"):
        stance.tag_files([corpus], tmp_path / "x.jsonl", keep_fields="outlet,text")


def test_alias_files_decide_speakers(tmp_path, capsys):
    aliases = tmp_path / "mine.csv"
    aliases.write_text("alias,canonical,party\nZorblax Partners,Zorblax Partners LLC,china-media\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Zorblax Partners said the chips are safe.\n", encoding="utf-8")
    assert main(["tag", str(text), "-q"]) == EXIT_OK
    before = json.loads(capsys.readouterr().out)
    assert main(["tag", str(text), "-q", "--aliases", str(aliases)]) == EXIT_OK
    after = json.loads(capsys.readouterr().out)
    assert before["speaker"] != "china-media"
    assert (after["speaker"], after["name"], after["canonical"]) == (
        "china-media",
        "Zorblax Partners",
        "Zorblax Partners LLC",
    )
    out = tmp_path / "two.jsonl"
    assert stance.tag_files([text, text], out, aliases=[aliases], jobs=2).ok  # the workers load them too
    assert [row["speaker"] for row in jsonl(out)] == ["china-media", "china-media"]


def test_rows_are_read_in_the_format_given_whatever_the_file_is_called(tmp_path, seed_output):
    out = tmp_path / "tags.txt"
    out.write_text(seed_output.read_text(encoding="utf-8"), encoding="utf-8")
    assert list(stance.read_rows(out, format="jsonl")) == jsonl(seed_output)
    with pytest.raises(stance.StanceError, match=r"unknown file type '\.txt'"):
        list(stance.read_rows(out))
    for path, bad in ((out, "table"), ("-", "csv")):
        with pytest.raises(stance.StanceError, match=f"^format: '{bad}' is not valid; expected one of "):
            list(stance.read_rows(path, format=bad))


def test_table_format_is_the_readmes_main_command(capsys, seed_output):
    assert main(["tag", f"{SEEDS}/", "--format", "table"]) == EXIT_OK
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["doc", "sentence", "speaker", "stance", "conf"]
    rows = jsonl(seed_output)
    # Whole document ids, sentences and speakers, wrapped in their columns: a row takes one line or more,
    # the stance and score only on its first, the document only on the first row of each document.
    column = lines[0].index("stance")
    assert [line[column:].split()[0] for line in lines[2:] if line[column:].strip()] == [row["stance"] for row in rows]
    ids = "".join(line[:24].strip() for line in lines[2:])
    assert ids == "".join(dict.fromkeys(f"{SEEDS}/{Path(row['doc']).name}" for row in rows))
    assert f"tagged 5 documents, {len(rows)} sentences" in err


def test_default_output_is_jsonl_on_stdout(capsys, seed_output):
    assert main(["tag", str(SEEDS), "--quiet"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert [json.loads(line) for line in out.splitlines()] == jsonl(seed_output)
    assert err == ""


def test_stdin_text_and_jsonl(monkeypatch, capsys):
    text = (SEEDS / "002_8a6331331bdad704.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["tag", "-", "-q"]) == EXIT_OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {row["doc"] for row in rows} == {"-"}
    assert [(r["start"], r["end"]) for r in rows] == stance.split(text)
    records = "".join(json.dumps({"id": f"s{i}", "body": text}) + "\n" for i in range(2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(records.encode("utf-8"))))
    assert main(["tag", "-", "--input-format", "jsonl", "--text-field", "body", "-q"]) == EXIT_OK
    rows2 = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["doc"] for r in rows2] == ["s0"] * len(rows) + ["s1"] * len(rows)


def test_jsonl_and_csv_records_with_chosen_fields(tmp_path):
    text = "Nvidia denied the chips have backdoors, a spokesperson said. China's regulator disagreed."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        json.dumps({"key": 7, "body": text}) + "\n\n" + json.dumps({"body": text}) + "\n", encoding="utf-8"
    )
    (folder / "b.csv").write_text(f'key,body\nx1,"{text}"\n', encoding="utf-8")
    (folder / "c.tsv").write_text(f"key\tbody\nt1\t{text}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    report = stance.tag_files([folder], out, text_field="body", id_field="key")
    assert report.ok and report.documents == 4
    docs = [row["doc"] for row in jsonl(out)]
    assert list(dict.fromkeys(docs)) == ["7", f"{folder.as_posix()}/a.jsonl:3", "x1", "t1"]
    assert all(row["text"] == text[row["start"] : row["end"]] for row in jsonl(out))


# --- nothing lost, clear errors -------------------------------------------------------------------------


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """A folder of real bad inputs next to good ones; returns what each failure must say."""
    folder.mkdir()
    seed = (SEEDS / "000_e13e10c0c760fb4a.txt").read_text(encoding="utf-8")
    (folder / "good.txt").write_text(seed, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (folder / "latin1.txt").write_bytes("Le café était fermé, a déclaré Nvidia.".encode("latin-1"))
    (folder / "bom_latin1.txt").write_bytes(b"\xef\xbb\xbf" + "Le café".encode("latin-1") + b" ferme.")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    (folder / "enormous.txt").write_text("Nvidia said so. " * 400, encoding="utf-8")  # 6,400 bytes > limit
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a known ending: left out, with a note
    good = json.dumps({"id": "j1", "text": "China's regulator summoned Nvidia over security risks."})
    (folder / "records.jsonl").write_text(
        "\n".join(
            [
                good,
                '{"id": "j2", "text": "unterminated',
                "[1, 2, 3]",
                json.dumps({"id": "j4", "body": "no text field"}),
                json.dumps({"id": "j5", "text": ["not", "a", "string"]}),
                json.dumps({"id": "j6", "text": "   "}),
                json.dumps({"id": "j7", "text": "x" * 6000}),
                '{"id": "j8", "text": "café"}',  # written as latin-1 below: not UTF-8
            ]
        )
        + "\n",
        encoding="latin-1",
    )
    (folder / "table.csv").write_text(
        'id,text\nc1,"The U.S. Commerce Department approved the licenses."\nc2,one,too many\n'
        'c3,"Beijing said the chips pose risks."\nc4,"never closed\n',
        encoding="utf-8",
    )
    (folder / "nocolumn.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    name = folder.as_posix()
    return {
        f"{name}/binary.txt": "binary file, not text (NUL byte at byte 4)",
        f"{name}/blank.md": "only whitespace",
        f"{name}/empty.txt": "empty file",
        f"{name}/enormous.txt": "6400 bytes, over the limit of 5000 bytes",
        f"{name}/gone.txt": "cannot be read",
        f"{name}/latin1.txt": "not UTF-8 text (byte 6: invalid continuation byte)",
        f"{name}/bom_latin1.txt": "not UTF-8 text (byte 9: invalid continuation byte)",  # counted from the file start
        f"{name}/nocolumn.csv": "no column 'text' in the header",
        f"{name}/records.jsonl:2": "not a JSON object",
        f"{name}/records.jsonl:3": "not a JSON object (found list)",
        f"{name}/records.jsonl:4": "field 'text' is missing",
        f"{name}/records.jsonl:5": "field 'text' must be a string, got list",
        f"{name}/records.jsonl:6": "field 'text' is empty",
        f"{name}/records.jsonl:7": "over the limit of 5000 bytes",
        f"{name}/records.jsonl:8": "not UTF-8 text",
        f"{name}/table.csv:3": "3 fields, but the header has 2",
        f"{name}/table.csv:5": "malformed CSV",
    }


def test_bad_inputs_are_reported_and_everything_else_is_tagged(tmp_path, capsys):
    expected = make_bad_inputs(tmp_path / "in")
    out = tmp_path / "tags.jsonl"
    code = main(["tag", str(tmp_path / "in"), "-o", str(out), "--max-bytes", "5000"])
    _, err = capsys.readouterr()
    assert code == EXIT_PARTIAL

    errors = jsonl(tmp_path / "tags.errors.jsonl")
    found = {(e["file"] + (f":{e['line']}" if e["line"] else "")): e["message"] for e in errors}
    assert found.keys() == expected.keys()
    for where, says in expected.items():
        assert found[where].startswith(where) and says in found[where], (where, found[where])
        assert f"error: {found[where]}" in err
    assert f"{len(expected)} failed (see {tmp_path / 'tags.errors.jsonl'})" in err
    assert "notes.pdf" in err  # left out of the folder, and said so

    docs = {row["doc"] for row in jsonl(out)}
    assert docs == {f"{(tmp_path / 'in').as_posix()}/good.txt", "j1", "c1", "c3"}


def test_unreadable_file(tmp_path, capsys):
    path = tmp_path / "secret.txt"
    path.write_text("Nvidia said so.", encoding="utf-8")
    good = tmp_path / "fine.txt"
    good.write_text("China said no.", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not make a file unreadable")
        out = tmp_path / "out.jsonl"
        assert main(["tag", str(path), str(good), "-o", str(out)]) == EXIT_PARTIAL
        assert "secret.txt: cannot be read (Permission denied)" in capsys.readouterr().err
        assert {row["doc"] for row in jsonl(out)} == {good.as_posix()}
    finally:
        path.chmod(0o644)


def test_exit_codes_for_all_failed_and_usage_errors(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["tag", str(empty), "-o", str(tmp_path / "out.jsonl")]) == EXIT_FAILED
    assert main(["tag", str(tmp_path / "missing.txt")]) == EXIT_FAILED
    assert main(["tag", str(SEEDS), "--resume"]) == EXIT_USAGE
    assert main(["tag", str(SEEDS), "--format", "parquet"]) == EXIT_USAGE
    assert main(["tag", str(SEEDS), "--jobs", "0"]) == EXIT_USAGE
    assert main(["tag", str(SEEDS), "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1"]) == EXIT_USAGE
    with pytest.raises(SystemExit) as exit_info:
        main(["tag", str(SEEDS), "--format", "xml"])
    assert exit_info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "error: --resume (resume=True) needs an output file (-o OUT" in err
    assert "missing.txt: no such file or folder" in err


def test_a_missing_extra_names_the_pip_command():
    with pytest.raises(stance.StanceError, match=r"pip install 'stance\[parquet\]'"):
        require("pyarrow_is_not_installed_here", "Parquet output", "pyarrow", "parquet")


# --- streaming and enormous documents -------------------------------------------------------------


def test_a_long_document_is_tagged_in_bounded_pieces(tmp_path, seed_texts):
    text = "\n".join(seed_texts.values()) * 2
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    report = stance.tag_files([path], out, piece_chars=4000, batch_size=3)
    rows = jsonl(out)
    assert report.ok and report.documents == 1
    assert [row["sentence"] for row in rows] == list(range(len(rows)))
    assert [(row["start"], row["end"]) for row in rows] == stance.split(text)  # pieces end between lines
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)
    in_memory = list(stance.tag_corpus([("long", text)], piece_chars=4000, batch_size=3))
    assert [dict(row, doc=path.as_posix()) for row in in_memory] == rows  # read from disk or memory: same rows


def test_one_enormous_line_is_not_one_sentence(tmp_path):
    text = "chips " * 25_000  # 150,000 characters, no newline, no full stop
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert stance.tag_files([path], out, piece_chars=5000).ok
    rows = jsonl(out)
    assert max(len(row["text"]) for row in rows) <= 2000
    assert sum(len(row["text"].split()) for row in rows) == 25_000
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)


# --- engines: joblib, Dask ------------------------------------------------------------------------------


def test_rows_do_not_depend_on_the_number_of_jobs(tmp_path, corpus, corpus_output):
    out = tmp_path / "two.jsonl"
    stance.tag_files([corpus[0]], out, jobs=2, batch_size=16)
    assert out.read_bytes() == corpus_output.read_bytes()
    assert errors_beside(out) == errors_beside(corpus_output)


def test_settled_joblib_workers_freeze_nltks_objects_and_give_the_same_rows(tmp_path, corpus, corpus_output):
    """``settle=True`` (the ``stance`` program) freezes the objects each worker has made; rows stay the same.

    This process freezes its own objects too, but does not import NLTK (about a second): only its workers split.
    """
    out = tmp_path / "settled.jsonl"
    code = (
        "import gc, os, sys, time, stance; from joblib import Parallel, delayed; "
        f"stance.tag_files([{str(corpus[0])!r}], {str(out)!r}, jobs=2, batch_size=16, settle=True); "
        "here = (gc.get_freeze_count(), int('nltk' in sys.modules)); "
        "count = lambda: (time.sleep(0.2), os.getpid(), gc.get_freeze_count())[1:]; "  # slow: both workers take tasks
        "workers = dict(Parallel(n_jobs=2)(delayed(count)() for _ in range(8))); "  # pid -> freeze count
        "print(*here, len(workers), min(workers.values()))"
    )
    here, nltk_here, answered, least = map(int, run_python("-c", code).split())
    assert answered == 2  # both workers
    assert least > 100_000  # NLTK alone leaves over 100,000 objects in each worker
    assert here > 0 and nltk_here == 0
    assert out.read_bytes() == corpus_output.read_bytes()


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as local:
        yield local


def test_a_dask_cluster_gives_the_same_rows(tmp_path, cluster, corpus, corpus_output):
    out = tmp_path / "dask.jsonl"
    code = main(["tag", str(corpus[0]), "-o", str(out), "--scheduler", cluster.scheduler_address])
    assert code == EXIT_PARTIAL  # the corpus has two malformed lines
    assert out.read_bytes() == corpus_output.read_bytes()
    assert errors_beside(out) == errors_beside(corpus_output)


def test_tag_dask_tags_a_bag_and_a_dataframe_partition_by_partition(cluster, seed_texts):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    db = pytest.importorskip("dask.bag")
    from distributed import Client

    names = list(seed_texts)
    frame = pd.DataFrame({"id": names, "text": list(seed_texts.values())})
    expected = stance.tag_dataframe(frame, id="id")
    with Client(cluster, set_as_default=False) as client:
        tagged = stance.tag_dask(dd.from_pandas(frame, npartitions=3), id="id")
        assert tagged.npartitions == 3
        found = tagged.compute(scheduler=client.get).reset_index(drop=True)
        pd.testing.assert_frame_equal(found.astype({"doc": object}), expected.astype({"doc": object}))

        bag = db.from_sequence([{"id": n, "text": t} for n, t in seed_texts.items()], npartitions=2)
        rows = stance.tag_dask(bag, id="id").compute(scheduler=client.get)
    assert rows == list(stance.tag_corpus(seed_texts.items()))


def test_tag_dataframe_rows_join_back_on_the_ids(seed_texts):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"article": [10, 11, 12], "body": [seed_texts[n] for n in list(seed_texts)[:2]] + [None]})
    tags = stance.tag_dataframe(frame, text="body", id="article")
    assert list(tags.columns) == list(stance.batch.FLAT_COLUMNS)
    assert tags["doc"].dtype == frame["article"].dtype and set(tags["doc"]) == {10, 11}
    rows = list(stance.tag_corpus(zip(frame["article"], frame["body"][:2])))
    assert len(tags) == len(rows) and tags["text"].tolist() == [row["text"] for row in rows]
    joined = tags.merge(frame, left_on="doc", right_on="article")
    assert all(body[start:end] == text for body, start, end, text in joined[["body", "start", "end", "text"]].values)
    by_index = stance.tag_dataframe(frame.set_index("article"), text="body")
    assert by_index["doc"].tolist() == tags["doc"].tolist()
    with pytest.raises(stance.InputError, match="no column 'nope'"):
        stance.tag_dataframe(frame, text="nope")


# --- atomic output, interruption and resume -------------------------------------------------------------


def test_interrupted_in_process_then_resumed(tmp_path, corpus, corpus_output):
    path, documents = corpus
    out = tmp_path / "out.jsonl"

    def stop(rows):
        if rows[0]["doc"] >= "doc0100":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stance.tag_files([path], out, batch_size=8, on_rows=stop)
    assert not out.exists() and Path(f"{out}.partial").exists() and Path(f"{out}.checkpoint").exists()
    with pytest.raises(stance.InputError, match=r"other settings .*text_field"):
        stance.tag_files([path], out, text_field="body", resume=True)
    report = stance.tag_files([path], out, batch_size=8, resume=True)
    assert report.resumed >= 100 and report.documents == documents and report.failed == 2
    assert out.read_bytes() == corpus_output.read_bytes()
    assert errors_beside(out) == errors_beside(corpus_output)
    assert not Path(f"{out}.partial").exists() and not Path(f"{out}.checkpoint").exists()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_midway_then_resumed(tmp_path, corpus, corpus_output, how, capsys):
    path, documents = corpus
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier complete output\n", encoding="utf-8")
    checkpoint = Path(f"{out}.checkpoint")

    command = [sys.executable, "-m", "stance", "tag", str(path), "-o", str(out), "--batch-size", "4"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    done = 0
    while process.poll() is None and time.monotonic() < deadline:
        if checkpoint.exists():
            done = json.loads(checkpoint.read_text(encoding="utf-8"))["inputs"]
            if done >= 12:
                break
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    if how == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert "interrupted; run the same command with --resume to continue" in err
    else:
        assert process.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == "an earlier complete output\n"  # never half-written
    assert json.loads(checkpoint.read_text(encoding="utf-8"))["inputs"] < 400

    assert main(["tag", str(path), "-o", str(out), "--batch-size", "4", "--resume"]) == EXIT_PARTIAL
    assert "resumed after" in capsys.readouterr().err
    rows = jsonl(out)
    keys = [(row["doc"], row["sentence"]) for row in rows]
    assert len(keys) == len(set(keys))  # no duplicates
    assert len({row["doc"] for row in rows}) == documents  # none dropped
    assert out.read_bytes() == corpus_output.read_bytes()
    assert errors_beside(out) == errors_beside(corpus_output)
    assert not checkpoint.exists() and not Path(f"{out}.partial").exists()


def test_resume_without_an_interrupted_run_starts_over(tmp_path, seed_output):
    out = tmp_path / "out.jsonl"
    report = stance.tag_files([SEEDS], out, resume=True)
    assert report.resumed == 0 and out.read_bytes() == seed_output.read_bytes()


# --- progress -------------------------------------------------------------------------------------------


def test_progress_bar_on_a_terminal_only(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "stance", "tag", str(SEEDS), "-o", str(out)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    assert process.wait(timeout=60) == EXIT_OK
    shown = b"".join(chunks).decode("utf-8", errors="replace")
    assert "tagging 100%" in shown and "5 docs" in shown and "sentences/s" in shown

    assert main(["tag", str(SEEDS), "-o", str(out)]) == EXIT_OK  # stderr is not a terminal here
    err = capsys.readouterr().err
    assert "tagging" not in err and err.startswith("tagged 5 documents")
    assert main(["tag", str(SEEDS), "-o", str(out), "--quiet"]) == EXIT_OK
    assert capsys.readouterr().err == ""
