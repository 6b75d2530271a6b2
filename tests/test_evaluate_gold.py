"""Scoring an existing model on labelled articles, without retraining (``stance eval --gold``)."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import LABELS, ROOT

import stance
from stance.cli import EXIT_FAILED, EXIT_OK, main

HELDOUT = ROOT / "labels" / "invented" / "heldout" / "sentences.jsonl"


@pytest.fixture(scope="module")
def evaluation() -> stance.Evaluation:
    return stance.evaluate(gold=HELDOUT)


def test_evaluate_returns_a_plain_object_with_the_figures(evaluation):
    records = stance.read_labels(HELDOUT)
    tags = stance.load().tag_sentences([r.text for r in records], groups=[r.article for r in records])
    right = sum(r.speaker == t.speaker for r, t in zip(records, tags))
    assert evaluation.sentences == len(records)
    assert evaluation.speaker_accuracy == pytest.approx(right / len(records))
    assert 0.3 < evaluation.stance_macro_f1 <= 1
    metrics = json.loads(json.dumps(evaluation.to_dict()))  # plain values all the way down
    first = metrics["sections"][0]
    assert first["sentences"] == len(records) and first["stance"]["tagger"]["macro_f1"] == evaluation.stance_macro_f1
    assert repr(evaluation).startswith(f"Evaluation('{HELDOUT}': {len(records)} sentences, stance macro-F1 ")


def test_every_disagreement_says_why(evaluation):
    rows = evaluation.disagreements()
    assert rows
    for row in rows:
        assert (row["gold_stance"], row["gold_speaker"], row["gold_name"]) != (
            row["stance"],
            row["speaker"],
            row["name"],
        )
        assert set(row["stance_scores"]) == set(stance.STANCES)
        assert row["why"]["stance"]["stance"] == row["stance"] and row["why"]["speaker"]["party"] == row["speaker"]
    assert "why" not in stance.evaluate(gold=HELDOUT, why=False).disagreements()[0]


def test_gold_by_sentence_text_alone_scores_the_same(tmp_path, evaluation):
    """Gold labels need no offsets: text, stance, speaker (and name), grouped by article or doc; JSONL or CSV."""
    records = stance.read_labels(HELDOUT)
    short = tmp_path / "gold.jsonl"
    short.write_text(
        "".join(
            json.dumps({"doc": r.article, "text": r.text, "stance": r.stance, "speaker": r.speaker, "name": r.name})
            + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    sheet = tmp_path / "gold.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article", "text", "stance", "speaker", "name"])
        writer.writerows([r.article, r.text, r.stance, r.speaker, r.name] for r in records)
    for gold in (short, sheet):
        again = stance.evaluate(gold=gold)
        assert (again.stance_macro_f1, again.speaker_accuracy) == (
            evaluation.stance_macro_f1,
            evaluation.speaker_accuracy,
        )
    bare = [{"text": r.text, "stance": r.stance, "speaker": r.speaker} for r in records]
    assert stance.evaluate(gold=bare).sentences == len(records)  # one text, in order


def test_eval_command_scores_a_model_file(tmp_path, capsys):
    model = tmp_path / "seeds.npz"
    stance.train(LABELS).save(model)
    metrics, jsonl, table = tmp_path / "metrics.json", tmp_path / "d.jsonl", tmp_path / "d.csv"
    command = ["eval", "--gold", str(HELDOUT), "--model", str(model), "--output", str(metrics)]
    assert main([*command, "--disagreements", str(jsonl)]) == EXIT_OK
    printed = capsys.readouterr().out
    expected = stance.evaluate(gold=HELDOUT, model=model)
    assert printed == expected.to_markdown()
    assert json.loads(metrics.read_text(encoding="utf-8")) == json.loads(json.dumps(expected.to_dict()))
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [row["text"] for row in rows] == [row["text"] for row in expected.disagreements()]
    assert main([*command, "--disagreements", str(table)]) == EXIT_OK
    with table.open(encoding="utf-8") as handle:
        flat = list(csv.DictReader(handle))
    assert [row["text"] for row in flat] == [row["text"] for row in rows]
    assert {"why.stance", "why.speaker", "stance_scores.denial"} <= set(flat[0])
    assert flat[0]["why.stance"].startswith(f"{rows[0]['stance']} <- ")
    capsys.readouterr()
    assert main(["eval", "--model", str(model)]) == EXIT_FAILED
    assert "--model: needs --gold FILE; give --gold" in capsys.readouterr().err
