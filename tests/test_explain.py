"""Why a tag was given (stance.explain, Tag.why, ``stance explain``) and the codebook's definitions."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import LABELS, ROOT

import stance
from stance.cli import EXIT_OK, main
from stance.codebook import default_codebook
from stance.explain import Why, explain

TEXT = (
    "Nvidia denied that its chips have backdoors. “There is no kill switch,” the company said. "
    "Shares rose 3% on strong demand, analysts at Bernstein said."
)


def test_why_is_computed_only_when_asked_and_changes_no_tag(tagger, seed_texts):
    text = next(iter(seed_texts.values()))
    plain, explained = tagger.tag(text), tagger.tag(text, why=True)
    assert all(tag.why is None for tag in plain)
    assert all(isinstance(tag.why, Why) for tag in explained)
    assert plain == explained  # why takes no part in comparing tags, and nothing else differs
    for a, b in zip(plain, explained):
        assert (a.stance, a.stance_scores, a.speaker, a.name, a.canonical) == (
            b.stance,
            b.stance_scores,
            b.speaker,
            b.name,
            b.canonical,
        )
    assert tagger.explain(text) == explained
    sentences = [tag.text for tag in plain]
    assert [t.why for t in tagger.tag_sentences(sentences, why=True)] != [None] * len(sentences)
    assert tagger.tag_texts([text], why=True)[0][0].why == explained[0].why
    with pytest.raises(stance.InputTypeError, match="why: expected True or False, got str 'yes'"):
        tagger.tag(text, why="yes")


def test_contributions_add_up_to_the_linear_models_log_odds(tagger):
    """Contributions plus the intercept's part are the chosen stance's log-score minus the mean log-score."""
    records = stance.read_labels(LABELS)[:60]
    texts, groups = [r.text for r in records], [r.article for r in records]
    scores, evidence = tagger._score(texts, groups)
    tags = tagger._attach(texts, scores)
    whys = explain(tagger, texts, scores, groups, evidence.features, evidence.linear, None, tags, top=10**6)
    logs = np.log(evidence.linear)
    for i, (tag, why) in enumerate(zip(tags, whys)):
        k = stance.STANCES.index(tag.stance)
        total = sum(push.contribution for push in why.stance.pushes) + why.stance.intercept
        assert total == pytest.approx(logs[i, k] - logs[i].mean(), abs=1e-9), tag.text


def test_the_stance_why_names_the_words_and_cues_that_pushed_it(tagger):
    first, _, third = tagger.tag(TEXT, why=True)
    features = [push.feature for push in first.why.stance.pushes]
    assert first.stance == "denial" and "cue:denial[denied]" in features
    assert first.why.stance.pushes[0].contribution > 0  # the largest push is listed first
    assert [p.contribution for p in first.why.stance.pushes] == sorted(
        (p.contribution for p in first.why.stance.pushes), reverse=True
    )
    assert any(p.kind == "cue" and "shares" in p.feature for p in third.why.stance.pushes), third.why
    assert third.why.stance.encoder is None  # the built-in model has no encoder head


def test_the_speaker_why_names_the_rule_and_the_carry_over(tagger):
    first, second, third = tagger.tag(TEXT, why=True)
    assert (first.why.speaker.kind, first.why.speaker.verb, first.why.speaker.how) == ("leading", "denied", "alias")
    said = second.why.speaker
    assert (said.kind, said.verb, said.name, said.how, said.source, said.canonical) == (
        "trailing",
        "said",
        "the company",
        "carry",
        0,
        "Nvidia",
    )
    assert said.compact() == 'nvidia <- trailing "said" by "the company", party by carry from sentence 0 (Nvidia)'
    assert third.why.speaker.party == "analyst" and third.why.speaker.decided_by == "rules"
    author = tagger.tag("Shares rose 3% on Monday.", why=True)[0].why.speaker
    assert (author.party, author.kind, author.source) == ("author", "none", -1)
    assert author.compact() == "author <- no attribution"


def test_why_round_trips_through_plain_values(tagger):
    for tag in tagger.tag(TEXT, why=True):
        plain = json.loads(json.dumps(tag.why.to_dict()))
        assert Why.from_dict(plain).to_dict() == plain
        assert set(tag.why.compact()) == {"why.stance", "why.speaker"}
        assert tag.why.compact()["why.stance"].startswith(f"{tag.stance} <- ")
        assert str(tag.why).startswith(f"stance {tag.stance}, pushed by:")


def test_explain_a_sentence_on_the_command_line(capsys):
    assert main(["explain", "“There is no kill switch,” the company said."]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("[0] “There is no kill switch,” the company said.\n")
    assert "stance denial" in out and "cue:denial[" in out and 'trailing "said" by "the company"' in out


def test_explain_a_label_prints_its_definition(capsys):
    codebook = default_codebook()
    for name in (*stance.STANCES, *stance.PARTIES):
        assert main(["explain", name]) == EXIT_OK
        out = capsys.readouterr().out
        assert out.startswith(f"{name}: ") and codebook.find(name)[1].description.split()[0] in out
    assert main(["explain", "Security-Concern"]) == EXIT_OK  # case does not matter
    assert "hidden access" in capsys.readouterr().out
    assert main(["explain", "--sentence", "neutral"]) == EXIT_OK  # read as a sentence
    assert capsys.readouterr().out.startswith("[0] neutral\n")
    with pytest.raises(stance.InputError, match=r"'nope' is no stance or party of the stance codebook version 2"):
        codebook.define("nope")


def test_the_builtin_codebook_is_version_2_of_the_shared_codebook():
    codebook = default_codebook()
    assert codebook.stance_names == stance.STANCES and codebook.party_names == stance.PARTIES
    assert codebook.version == "2"
    shared = ROOT.parent / "shared" / "CODEBOOK.md"
    if not shared.is_file():
        pytest.skip("../shared/CODEBOOK.md is not beside this checkout")
    text = " ".join(shared.read_text(encoding="utf-8").split())
    assert text.startswith("# Codebook: speaker and stance of a news sentence Version 2.")
    for label in (*codebook.stances, *codebook.parties):
        assert f"| `{label.name}` | {label.description}" in text or label.description in text, label.name
        for note in label.notes:
            assert note.rstrip(".")[-30:] in text, note  # notes are quoted from it (some cut short)


def test_a_model_with_the_encoder_says_how_the_encoder_voted(tagger):
    """With the optional sentence encoder (stance[encoder]) the scores average two models: why gives the encoder's
    own probabilities beside the linear model's contributions (here a made-up encoder vote, to run without it)."""
    texts = [tag.text for tag in tagger.tag(TEXT)]
    scores, evidence = tagger._score(texts)
    tags = tagger._attach(texts, scores)
    encoded = np.tile([0.1, 0.6, 0.1, 0.1, 0.1], (len(texts), 1))
    whys = explain(tagger, texts, scores, evidence.groups, evidence.features, evidence.linear, encoded, tags)
    assert whys[0].stance.encoder == dict(zip(stance.STANCES, [0.1, 0.6, 0.1, 0.1, 0.1]))
    assert whys[0].compact()["why.stance"].endswith("; encoder voted security-concern 0.60")
    assert "the sentence encoder voted: denial 0.10, security-concern 0.60" in str(whys[0])
    assert Why.from_dict(json.loads(json.dumps(whys[0].to_dict()))).stance.encoder == whys[0].stance.encoder
