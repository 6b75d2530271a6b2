"""Optimising the hot path must not change a single prediction.

The default model's tags on every seed article (whole-text path) and on the labelled
sentences (already-split path) are pinned in tests/data/pinned_predictions.json.
When the model or the labels change on purpose, re-pin with

    STANCE_REPIN=1 pytest tests/test_pinned.py

and commit the file together with the change that explains it.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict

import pytest
from conftest import ROOT

import stance

PINNED = ROOT / "tests" / "data" / "pinned_predictions.json"


def current(seed_texts: dict[str, str], label_rows: list[dict]) -> dict[str, list]:
    tagger = stance.load()
    out: dict[str, list] = {}
    for name, text in seed_texts.items():
        out[f"tag:{name}"] = [
            [
                t.start,
                t.end,
                t.stance,
                t.speaker,
                t.name,
                round(t.stance_scores[t.stance], 6),
                round(t.speaker_score, 6),
            ]
            for t in tagger.tag(text)
        ]
    by_article = defaultdict(list)
    for row in label_rows:
        by_article[row["article"]].append(row["text"])
    for name, sentences in by_article.items():
        out[f"tag_sentences:{name}"] = [
            [t.stance, t.speaker, t.name, round(t.stance_scores[t.stance], 6)] for t in tagger.tag_sentences(sentences)
        ]
    return out


def test_predictions_are_pinned(seed_texts, label_rows):
    found = current(seed_texts, label_rows)
    if os.environ.get("STANCE_REPIN"):
        PINNED.write_text(json.dumps(found, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        pytest.skip("re-pinned the predictions")
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert found.keys() == pinned.keys()
    for key in pinned:
        for index, (now, before) in enumerate(zip(found[key], pinned[key], strict=True)):
            labels_now = [v for v in now if not isinstance(v, float)]
            labels_before = [v for v in before if not isinstance(v, float)]
            assert labels_now == labels_before, f"{key} sentence {index}: {labels_before} -> {labels_now}"
            scores_now = [v for v in now if isinstance(v, float)]
            scores_before = [v for v in before if isinstance(v, float)]
            assert scores_now == pytest.approx(scores_before, abs=1e-5), f"{key} sentence {index}"
