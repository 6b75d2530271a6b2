"""The analyst's loop, end to end on the command line, on an article of news/dev the model never saw.

Train a model without news/dev; tag the article with ``--why``; score the model on the article's gold
labels (``stance eval --gold --model``); turn the tags into a label file; correct it (here: with the
gold labels); retrain with ``--add``; the article's figures rise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LABELS, ROOT

import stance
from stance.cli import EXIT_OK, main

NEWS = ROOT / "labels" / "news"


def _held_out() -> tuple[str, list[stance.Record]]:
    """The first article of news/dev (file order) with at least 15 labelled sentences."""
    dev = NEWS / "dev" / "sentences.jsonl"
    if not dev.is_file():
        pytest.skip("labels/news/dev is not in this checkout")
    records = stance.read_labels(dev)
    for article in dict.fromkeys(r.article for r in records):
        mine = [r for r in records if r.article == article]
        if len(mine) >= 15:
            return article, mine
    pytest.skip("no article of news/dev has 15 labelled sentences")


def _correct(row: stance.Record, gold: list[stance.Record]) -> stance.Record:
    """The tagger's label record with the gold labels of the gold sentence it starts in (what a reader would fix)."""
    match = next((g for g in gold if g.start <= row.start < g.end), None) or min(
        gold, key=lambda g: abs(g.start - row.start)
    )
    name = match.name if match.name in row.text else ""
    return stance.Record(row.article, row.start, row.end, row.text, match.stance, match.speaker, name)


def _figures(path: Path) -> tuple[float, float]:
    section = json.loads(path.read_text(encoding="utf-8"))["sections"][0]
    return section["stance"]["tagger"]["macro_f1"], section["speaker"]["tagger"]["accuracy"]


def test_tag_evaluate_correct_retrain_and_the_article_gets_better(tmp_path, capsys):
    article, gold = _held_out()
    text = NEWS / "articles" / article
    gold_file = tmp_path / "gold.jsonl"
    stance.write_labels(gold, gold_file)
    base, mine_model = tmp_path / "base.npz", tmp_path / "mine.npz"
    training = [str(LABELS), str(NEWS / "train")]

    assert main(["train", *training, "-o", str(base)]) == EXIT_OK  # the article is not in its training labels
    tags = tmp_path / "tags.jsonl"
    assert main(["tag", str(text), "--why", "--model", str(base), "-o", str(tags), "-q"]) == EXIT_OK
    rows = list(stance.read_rows(tags))
    assert rows and all(" <- " in stance.Why.from_dict(row["why"]).compact()["why.stance"] for row in rows)

    before = tmp_path / "before.json"
    assert main(["eval", "--gold", str(gold_file), "--model", str(base), "--output", str(before)]) == EXIT_OK

    labels = tmp_path / "mine.csv"
    assert main(["labels", "from-tags", str(tags), "-o", str(labels)]) == EXIT_OK
    corrected = [_correct(row, gold) for row in stance.read_labels(labels)]
    stance.write_labels(corrected, labels)  # the reader's corrections, saved as from the spreadsheet

    assert main(["train", *training, "--add", str(labels), "-o", str(mine_model)]) == EXIT_OK
    after = tmp_path / "after.json"
    assert main(["eval", "--gold", str(gold_file), "--model", str(mine_model), "--output", str(after)]) == EXIT_OK
    capsys.readouterr()

    (stance_before, speaker_before), (stance_after, speaker_after) = _figures(before), _figures(after)
    assert stance_after > stance_before, (article, stance_before, stance_after)
    assert speaker_after >= speaker_before, (article, speaker_before, speaker_after)
