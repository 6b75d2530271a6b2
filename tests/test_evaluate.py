"""The project's evaluation protocol (real news first) and its report file, labels/EVAL.md.

``news/test`` is never scored here: each look at it is logged by hand in ``labels/news/README.md``. The
protocol is run without it (``test=False``), which gives the same sections as the full run for every
other set, so the committed report can still be checked section by section.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from conftest import ROOT

import stance
from stance.cli import main
from stance.errors import InputError
from stance.evaluate import NOTES_END, write_report

SEED_SENTENCES = len(stance.read_labels(ROOT / "labels" / "sentences.jsonl"))
DEV = stance.read_labels(ROOT / "labels" / "news" / "dev")


@pytest.fixture(scope="module")
def evaluation() -> stance.Evaluation:
    return stance.evaluate(root=ROOT, curve=False, test=False)


def test_the_sets_come_real_news_first(evaluation):
    titles = [section.title for section in evaluation.sections]
    expected = [
        "news/dev",
        "seeds, one article left out",
        "invented/heldout (invented articles)",
        "invented/blind (invented articles)",
    ]
    assert titles == expected, f"expected {expected}, found {titles}"
    assert "news/test was not scored" in evaluation.to_markdown().replace("`", "")


def test_tagger_beats_the_baseline_on_real_news_it_never_saw(evaluation):
    dev = evaluation.section("news/dev")
    assert len(dev.records) == len(DEV)
    stance_f1, stance_base = dev.stance.report()["macro_f1"], dev.stance.report(dev.stance.baseline)["macro_f1"]
    speaker, speaker_base = dev.speaker.report()["accuracy"], dev.speaker.report(dev.speaker.baseline)["accuracy"]
    found = f"tagger {stance_f1:.3f}, baseline {stance_base:.3f}"
    assert stance_f1 > stance_base + 0.1, f"news/dev stance macro-F1: expected the baseline + 0.1, found {found}"
    found = f"tagger {speaker:.3f}, baseline {speaker_base:.3f}"
    assert speaker > speaker_base + 0.2, f"news/dev speaker accuracy: expected the baseline + 0.2, found {found}"


def test_every_seed_sentence_is_scored_once_by_a_model_that_never_saw_its_article(evaluation):
    seeds = evaluation.section("seeds")
    assert len(seeds.records) == len(seeds.tags) == len(seeds.stance.gold) == SEED_SENTENCES
    assert len({(r.article, r.start) for r in seeds.records}) == SEED_SENTENCES


def test_topics_split_news_dev_in_two(evaluation):
    topics = evaluation.section("news/dev").topics
    chips, other = topics["about chips"], topics["not about chips"]
    assert all(a != b for a, b in zip(chips, other)) and any(chips) and any(other)


def test_metrics_are_plain_json_and_agree_with_the_report(evaluation):
    metrics = json.loads(json.dumps(evaluation.to_dict()))
    dev = metrics["sections"][0]
    assert dev["title"] == "news/dev" and dev["sentences"] == len(DEV)
    assert 0 <= dev["stance"]["reliability"]["ece"] <= 1
    line = f"| news/dev | {len(DEV)} | {dev['stance']['tagger']['macro_f1']:.3f} "
    assert line in evaluation.to_markdown()


def test_committed_eval_report_is_current(evaluation):
    """Every section but news/test is regenerated here and must be in labels/EVAL.md as it is."""
    committed = (ROOT / "labels" / "EVAL.md").read_text(encoding="utf-8")
    run = "run `stance eval -o labels/EVAL.md`"
    assert "\n## news/test\n" in committed, f"labels/EVAL.md has no news/test section: {run}"
    for section in evaluation.sections:
        fresh = "\n".join(section.to_markdown())
        assert fresh in committed, f"labels/EVAL.md is stale in its section {section.title!r}: {run}"


def test_a_model_without_gold_is_refused(capsys):
    assert main(["eval", "--model", "model.npz", "--dev"]) != 0
    assert capsys.readouterr().err.startswith("error: ")
    with pytest.raises(InputError, match="model"):
        stance.evaluate(model="model.npz")


def test_a_missing_labelled_set_is_named(tmp_path, capsys):
    (tmp_path / "labels").mkdir()
    assert main(["eval", "--root", str(tmp_path), "--dev", "--no-curve"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "sentences.jsonl" in err, err


def test_eval_writes_the_report_below_the_notes(evaluation, tmp_path):
    notes = b"My notes.\n" + NOTES_END + b"\n"
    path = tmp_path / "EVAL.md"
    path.write_bytes(notes + b"\nold report\n")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(["eval", "--root", str(ROOT), "--dev", "--no-curve", "-o", str(path)])
    assert code == 0
    assert path.read_bytes() == notes + b"\n" + printed.getvalue().encode("utf-8")
    assert printed.getvalue() == evaluation.to_markdown()


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


def test_a_report_that_cannot_be_written_is_an_error(tmp_path, evaluation):
    for target in (tmp_path, tmp_path / "no-such-folder" / "EVAL.md"):
        with pytest.raises(stance.StanceError, match="cannot be written"):
            write_report(evaluation.to_markdown(), target)
