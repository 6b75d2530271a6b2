"""Leave-one-article-out evaluation: the tagger beats the TF-IDF baseline, and EVAL.md is current."""

from __future__ import annotations

import contextlib
import io
import os
import shutil

import pytest
from conftest import LABELS, ROOT

import stance
from stance.cli import main
from stance.errors import InputError
from stance.evaluate import NOTES_END, write_report


@pytest.fixture(scope="module")
def evaluation():
    here = os.getcwd()
    os.chdir(ROOT)  # the report names the held-out folder as given: labels/invented/heldout
    try:
        return stance.evaluate(LABELS, heldout=["labels/invented/heldout", "labels/invented/blind"])
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory):
    """``stance eval labels --heldout ... -o EVAL.md`` on a copy of labels/EVAL.md: what it printed, and the copy."""
    output = tmp_path_factory.mktemp("eval") / "EVAL.md"
    shutil.copy(ROOT / "labels" / "EVAL.md", output)
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            code = main(
                [
                    "eval",
                    "labels",
                    "--heldout",
                    "labels/invented/heldout",
                    "--heldout",
                    "labels/invented/blind",
                    "-o",
                    str(output),
                ]
            )
    finally:
        os.chdir(here)
    assert code == 0
    return printed.getvalue(), output


def test_tagger_beats_the_baseline_on_both_tasks(evaluation):
    summary = evaluation.summary()
    assert summary["stance/tagger"]["macro_f1"] > summary["stance/baseline"]["macro_f1"] + 0.2
    assert summary["speaker/tagger"]["macro_f1"] > summary["speaker/baseline"]["macro_f1"] + 0.3
    assert summary["speaker/tagger"]["accuracy"] > summary["speaker/baseline"]["accuracy"]


def test_tagger_beats_the_baseline_on_articles_it_never_saw(evaluation):
    assert len(evaluation.heldout) == 2
    for held in evaluation.heldout:
        stance_tagger = held.stance.report(held.stance.tagger)
        stance_baseline = held.stance.report(held.stance.baseline)
        speaker_tagger = held.speaker.report(held.speaker.tagger)
        speaker_baseline = held.speaker.report(held.speaker.baseline)
        assert stance_tagger["macro_f1"] > stance_baseline["macro_f1"] + 0.2, held.path
        assert speaker_tagger["accuracy"] > speaker_baseline["accuracy"] + 0.2, held.path
        assert held.boundaries_found >= 0.9 * held.boundaries_total, held.path


def test_every_sentence_is_predicted_once_per_fold(evaluation):
    assert len(evaluation.folds) == 5
    for task in (evaluation.stance, evaluation.speaker):
        assert len(task.gold) == len(task.tagger) == len(task.baseline) == 245


def test_committed_eval_report_is_current(evaluation):
    committed = (ROOT / "labels" / "EVAL.md").read_text(encoding="utf-8")
    fresh = evaluation.to_markdown()
    assert fresh in committed, (
        "labels/EVAL.md is stale: run `stance eval --heldout labels/invented/heldout "
        "--heldout labels/invented/blind -o labels/EVAL.md`"
    )


def test_eval_of_a_label_folder_reports_the_splitter_like_the_label_file(evaluation, folder_run):
    printed, _ = folder_run
    assert evaluation.boundaries == (245, 245)
    assert "Sentence splitting: `stance.split` finds 245 of the 245 labelled boundaries" in printed
    assert printed == evaluation.to_markdown()


def test_eval_output_keeps_the_notes_above_the_line_byte_for_byte(folder_run):
    printed, output = folder_run
    committed = (ROOT / "labels" / "EVAL.md").read_bytes()
    line = b"\n" + NOTES_END + b"\n"
    notes = committed[: committed.index(line) + len(line)]
    assert notes.startswith(b"<!-- Notes by hand above the stance eval line")
    written = output.read_bytes()
    assert written.startswith(notes)
    assert written[len(notes) :] == b"\n" + printed.encode("utf-8")


def test_eval_output_without_the_line_or_file_is_the_line_and_the_report(evaluation, tmp_path):
    report = evaluation.to_markdown()
    generated = NOTES_END + b"\n\n" + report.encode("utf-8")
    old = tmp_path / "old.md"
    old.write_text("Notes without the line.\n--- \n|---|---|\n# An old report\n", encoding="utf-8")
    write_report(report, old)
    assert old.read_bytes() == generated
    new = tmp_path / "new.md"
    write_report(report, new)
    assert new.read_bytes() == generated
    # Notes written above the line are kept by the next run.
    new.write_bytes(b"My notes.\n" + new.read_bytes().replace(b"Evaluation", b"Old evaluation"))
    write_report(report, new)
    assert new.read_bytes() == b"My notes.\n" + generated


def test_eval_output_refuses_to_drop_notes_in_the_old_format(evaluation, tmp_path):
    """A file whose notes end at '---' (the older format) is left as it is, with an error naming the line."""
    report = evaluation.to_markdown()
    path = tmp_path / "EVAL.md"
    old = b"My notes.\n\n---\n\n# Evaluation\n"
    path.write_bytes(old)
    with pytest.raises(InputError, match=r"EVAL.md:3: a '---' line but no '<!-- stance eval"):
        write_report(report, path)
    assert path.read_bytes() == old
    notes = b"My notes.\n\n" + NOTES_END + b"  \n"  # the notes line, with trailing spaces
    path.write_bytes(notes + b"\n# Evaluation\n")
    write_report(report, path)
    assert path.read_bytes() == notes + b"\n" + report.encode("utf-8")


def test_eval_output_keeps_front_matter_and_rules_above_the_line(evaluation, tmp_path):
    """A ``---`` line (a Markdown rule, YAML front matter) is the user's text, not the end of the notes."""
    report = evaluation.to_markdown()
    notes = b"---\ntitle: Evaluation\n---\n\nNotes\r\n\n---\n\nmore notes\n" + NOTES_END + b"\n"
    path = tmp_path / "EVAL.md"
    path.write_bytes(notes + b"\nold report\n" + NOTES_END + b"\nolder report\n")
    write_report(report, path)
    assert path.read_bytes() == notes + b"\n" + report.encode("utf-8")


def test_eval_output_keeps_the_notes_down_to_the_first_line_only(evaluation, tmp_path):
    report = evaluation.to_markdown()
    path = tmp_path / "EVAL.md"
    path.write_bytes(b"Notes\r\n" + NOTES_END + b"\r\nmore notes\n" + NOTES_END + b"\nold report\n")
    write_report(report, path)
    assert path.read_bytes() == b"Notes\r\n" + NOTES_END + b"\r\n\n" + report.encode("utf-8")


def test_a_heldout_article_that_is_missing_is_named(tmp_path, capsys):
    shutil.copytree(ROOT / "labels" / "invented" / "heldout", tmp_path / "heldout")
    missing = sorted((tmp_path / "heldout" / "articles").iterdir())[0]
    missing.unlink()
    assert main(["eval", str(LABELS), "--heldout", str(tmp_path / "heldout")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and f"{missing}: no such file or folder" in err


def test_a_report_that_cannot_be_written_is_an_error(tmp_path, evaluation):
    for target in (tmp_path, tmp_path / "no-such-folder" / "EVAL.md"):
        with pytest.raises(stance.StanceError, match="cannot be written"):
            write_report(evaluation.to_markdown(), target)
