"""Leave-one-article-out evaluation: the tagger beats the TF-IDF baseline, and EVAL.md is current."""

from __future__ import annotations

import os

import pytest
from conftest import LABELS, ROOT

import stance


@pytest.fixture(scope="module")
def evaluation():
    here = os.getcwd()
    os.chdir(ROOT)  # the report names the held-out folder as given: labels/heldout
    try:
        return stance.evaluate(LABELS, heldout=["labels/heldout", "labels/blind"])
    finally:
        os.chdir(here)


def test_tagger_beats_the_baseline_on_both_tasks(evaluation):
    summary = evaluation.summary()
    assert summary["stance/tagger"]["macro_f1"] > summary["stance/baseline"]["macro_f1"] + 0.2
    assert summary["speaker/tagger"]["macro_f1"] > summary["speaker/baseline"]["macro_f1"] + 0.3
    assert summary["speaker/tagger"]["accuracy"] > summary["speaker/baseline"]["accuracy"]


def test_tagger_beats_the_baseline_on_articles_it_never_saw(evaluation):
    for held in evaluation.heldout:
        stance_tagger, stance_baseline = (
            held.stance.report(held.stance.tagger),
            held.stance.report(held.stance.baseline),
        )
    speaker_tagger, speaker_baseline = (
        held.speaker.report(held.speaker.tagger),
        held.speaker.report(held.speaker.baseline),
    )
    assert stance_tagger["macro_f1"] > stance_baseline["macro_f1"] + 0.2
    assert speaker_tagger["accuracy"] > speaker_baseline["accuracy"] + 0.2
    assert held.boundaries_found >= 0.9 * held.boundaries_total


def test_every_sentence_is_predicted_once_per_fold(evaluation):
    assert len(evaluation.folds) == 5
    for task in (evaluation.stance, evaluation.speaker):
        assert len(task.gold) == len(task.tagger) == len(task.baseline) == 245


def test_committed_eval_report_is_current(evaluation):
    committed = (ROOT / "labels" / "EVAL.md").read_text(encoding="utf-8")
    fresh = evaluation.to_markdown()
    assert fresh in committed, (
        "labels/EVAL.md is stale: run `stance eval --heldout labels/heldout --heldout labels/blind`"
    )
