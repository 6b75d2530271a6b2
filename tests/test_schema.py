"""Codebooks of one's own (stance.codebook, stance.schema): extend or replace the stances and parties, train, tag."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import LABELS, SEEDS

import stance
from stance.cli import EXIT_OK, main
from stance.codebook import default_codebook, parse_codebook
from stance.schema import schema_of

EXTEND = {
    "mode": "extend",
    "stances": [
        {
            "name": "backdoor-claim",
            "description": "claims a product has a backdoor",
            "cues": ["backdoor*", "kill switch"],
        }
    ],
    "parties": [{"name": "zorblax", "description": "the Zorblax company", "aliases": ["Zorblax Corp"]}],
}
COARSE_STANCES = {
    "denial": "security",
    "security-concern": "security",
    "geopolitical": "politics",
    "commercial": "business",
    "neutral": "none",
}
COARSE_PARTIES = {p: ("author" if p == "author" else "state" if p.endswith("gov") else "other") for p in stance.PARTIES}
REPLACE = {
    "mode": "replace",
    "codebook": "coarse",
    "version": 1,
    "stances": [{"name": name} for name in dict.fromkeys(COARSE_STANCES.values())],
    "parties": [{"name": name} for name in ("author", "state", "other")],
}


TEXT = "The chips could have a backdoor allowing remote shutdown, Zorblax Corp said. Shares rose."


def write(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> tuple[Path, Path, stance.Tagger]:
    """The extending codebook, seed labels that use its new stance, and a tagger trained on them."""
    folder = tmp_path_factory.mktemp("extend")
    codebook = write(folder / "codebook.json", EXTEND)
    records = stance.read_labels(LABELS)
    relabelled = [
        {**r.to_dict(), "stance": "backdoor-claim"}
        if r.stance == "security-concern" and "backdoor" in r.text
        else r.to_dict()
        for r in records
    ]
    labels = folder / "labels.jsonl"
    labels.write_text("".join(json.dumps(row) + "\n" for row in relabelled), encoding="utf-8")
    return codebook, labels, stance.train(labels, codebook=codebook)


def test_the_builtin_codebook_adds_nothing():
    schema = schema_of(default_codebook())
    assert (
        schema.builtin and schema.cues == {} and schema.aliases == () and schema.features(["a b"], 3.0).shape == (1, 0)
    )
    assert stance.Tagger()._schema() is schema
    assert stance.load()._schema().builtin


def test_an_extending_codebook_adds_labels_cue_features_and_aliases(extended):
    codebook_path, labels, tagger = extended
    codebook = stance.read_codebook(codebook_path)
    assert codebook.stance_names == (*stance.STANCES[:-1], "backdoor-claim", "neutral")  # neutral stays last
    assert codebook.party_names == (*stance.PARTIES, "zorblax")
    assert list(tagger.classes_) == list(codebook.stance_names)
    schema = tagger._schema()
    assert schema.feature_names == ("codebook:backdoor-claim",)
    assert (
        tagger.stance_model_.coef.shape[0]
        == stance.load().stance_model_.coef.shape[0] - (stance.load().vocabulary_.size - tagger.vocabulary_.size) + 1
    )
    first, second = tagger.tag(
        "The chips could have a backdoor allowing remote shutdown, Zorblax Corp said. Shares rose.", why=True
    )
    assert first.stance == "backdoor-claim" and "codebook:backdoor-claim[backdoor]" in str(first.why)
    assert (first.speaker, first.name) == ("zorblax", "Zorblax Corp")
    assert first.why.speaker.how == "alias"
    assert set(second.stance_scores) == set(codebook.stance_names)
    # The labels that use the new stance are sound only with the codebook.
    assert stance.read_labels(labels, codebook=codebook)
    with pytest.raises(stance.LabelError, match="field 'stance' has unknown value 'backdoor-claim'"):
        stance.read_labels(labels)
    report = stance.check_labels(labels, articles=SEEDS, codebook=codebook)
    assert report.problems == [] and "| backdoor-claim |" in report.table()


def test_a_model_carries_its_codebook(tmp_path, extended):
    codebook_path, labels, tagger = extended
    path = tmp_path / "mine.npz"
    tagger.save(path)
    loaded = stance.load(path)
    assert loaded.tag(TEXT) == tagger.tag(TEXT)
    assert loaded._schema().codebook == tagger._schema().codebook
    records = stance.read_labels(labels, codebook=stance.read_codebook(codebook_path))
    assert np.allclose(loaded.predict_proba(records), tagger.predict_proba(records))
    evaluation = stance.evaluate(gold=labels, model=path)  # gold labels are read with the model's codebook
    assert evaluation.sections[0].stance.labels == tagger._schema().stances
    # A codebook in the metadata that is not one is refused like any other bad field.
    with zipfile.ZipFile(path) as archive:
        arrays = {name.removesuffix(".npy"): np.load(archive.open(name)) for name in archive.namelist()}
    meta = json.loads(str(arrays["meta"][()]))
    meta["codebook"]["parties"] = [{"name": "zorblax"}, {"name": "other"}]
    arrays["meta"] = np.array(json.dumps(meta))
    bad = tmp_path / "bad.npz"
    np.savez(bad, **arrays)
    with pytest.raises(stance.ModelFileError, match="metadata field 'codebook' must be a codebook"):
        stance.load(bad)


def test_tables_and_outputs_follow_the_codebook(tmp_path, extended, capsys):
    codebook_path, labels, _ = extended
    model = tmp_path / "mine.npz"
    assert main(["train", str(labels), "--codebook", str(codebook_path), "-o", str(model)]) == EXIT_OK
    assert capsys.readouterr().out == f"saved {model}\n"
    out = tmp_path / "tags.csv"
    assert main(["tag", str(SEEDS), "--model", str(model), "-o", str(out), "-q", "--summary"]) == EXIT_OK
    printed = capsys.readouterr().out
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    stances = list(stance.read_codebook(codebook_path).stance_names)
    assert [c.removeprefix("stance_scores.") for c in header if c.startswith("stance_scores.")] == stances
    assert printed.splitlines()[2].split() == ["speaker", *stances, "total"]
    summary = stance.summarize(out, stance.read_codebook(codebook_path))
    assert summary.stances() == stances
    assert main(["explain", "--model", str(model), "backdoor-claim"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("backdoor-claim: stance 5 of 6")
    pd = pytest.importorskip("pandas")
    frame = stance.tag_dataframe(pd.DataFrame({"text": [TEXT]}), model=model)
    assert [c.removeprefix("stance_scores.") for c in frame.columns if c.startswith("stance_scores.")] == stances


def test_a_replacing_codebook_trains_on_its_own_labels_only(tmp_path):
    codebook = write(tmp_path / "coarse.json", REPLACE)
    with pytest.raises(stance.InputError, match="leaves out built-in stances or parties"):
        stance.train(codebook=codebook)
    rows = [
        {**r.to_dict(), "stance": COARSE_STANCES[r.stance], "speaker": COARSE_PARTIES[r.speaker]}
        for r in stance.read_labels(LABELS)
    ]
    rows = [{**row, "name": "" if row["speaker"] == "author" else row["name"]} for row in rows]
    tagger = stance.train(rows, codebook=codebook)
    assert list(tagger.classes_) == ["security", "politics", "business", "none"]
    tags = tagger.tag((SEEDS / "000_e13e10c0c760fb4a.txt").read_text(encoding="utf-8"))
    assert {t.stance for t in tags} <= set(tagger.classes_) and {t.speaker for t in tags} <= {
        "author",
        "state",
        "other",
    }
    with pytest.raises(stance.LabelError, match="valid values are security, politics, business, none"):
        stance.train(LABELS, codebook=codebook)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda c: {**c, "colour": "red"}, "codebook field 'colour' must be absent (unknown)"),
        (lambda c: {**c, "mode": "merge"}, "codebook field 'mode' must be extend or replace"),
        (lambda c: {**c, "stances": [{"name": "a b"}]}, "field 'stances[0].name' must be a name without spaces"),
        (lambda c: {**c, "stances": [{"name": "x"}, {"name": "x"}]}, "field 'stances' must be distinct names"),
        (lambda c: {**c, "stances": [{"name": "x", "cues": "spy"}]}, "field 'stances[0].cues' must be a list of words"),
        (lambda c: {**c, "mode": "replace", "stances": [{"name": "x"}]}, "field 'stances' must be two labels or more"),
    ],
)
def test_bad_codebooks_are_named_field_by_field(change, words):
    with pytest.raises(stance.LabelError, match=re.escape(words)):
        parse_codebook(change(EXTEND), "mine.json")


def test_a_codebook_needs_an_author_and_usable_aliases(tmp_path):
    no_author = parse_codebook({**REPLACE, "parties": [{"name": "state"}, {"name": "other"}]}, "x.json")
    with pytest.raises(stance.LabelError, match="'parties' must be a list of parties with 'author'"):
        schema_of(no_author)
    bad_alias = parse_codebook({**EXTEND, "parties": [{"name": "zorblax", "aliases": ["the"]}]}, "x.json")
    with pytest.raises(stance.LabelError, match=r"'zorblax\.aliases' must be usable aliases"):
        schema_of(bad_alias)
    with pytest.raises(stance.LabelError, match="no such file"):
        stance.read_codebook(tmp_path / "missing.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(stance.LabelError, match=r"broken\.json:1: not a JSON object"):
        stance.read_codebook(tmp_path / "broken.json")
