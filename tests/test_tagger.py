"""The public Tagger: training, tagging, saving, loading, scikit-learn integration, errors."""

from __future__ import annotations

import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import LABELS, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

import stance


def test_default_model_tags_every_seed_sentence(tagger, seed_texts):
    for name, text in seed_texts.items():
        tags = tagger.tag(text)
        assert tags, name
        for tag in tags:
            assert text[tag.start : tag.end] == tag.text
            assert tag.stance in stance.STANCES and tag.speaker in stance.PARTIES
            assert set(tag.stance_scores) == set(stance.STANCES)
            assert abs(sum(tag.stance_scores.values()) - 1) < 1e-9
            assert max(tag.stance_scores, key=tag.stance_scores.get) == tag.stance
            assert 0 <= tag.speaker_score <= 1
            if tag.speaker == "author":
                assert tag.name == tag.canonical == "", tag
            else:  # a quote that continues without an attribution has no name, but always a canonical speaker
                assert tag.canonical and tag.name in tag.text, tag


def test_default_model_is_what_training_on_the_packaged_labels_gives(tagger, records):
    """The shipped model file is not stale: `stance train --default` reproduces it."""
    fresh = stance.train()
    assert list(fresh.predict(records)) == list(tagger.predict(records))
    assert np.allclose(fresh.predict_proba(records), tagger.predict_proba(records))
    assert list(fresh.predict_speakers(records)) == list(tagger.predict_speakers(records))


def test_tag_is_a_known_example(tagger):
    tags = tagger.tag("Nvidia denied that its chips have backdoors. “There is no kill switch,” the company said.")
    assert [(t.speaker, t.stance) for t in tags] == [("nvidia", "denial"), ("nvidia", "denial")]
    assert tags[1].name == "the company"


def test_train_from_records_equals_train_from_file(records):
    from_file = stance.train(LABELS)
    from_records = stance.train([r.to_dict() for r in records])
    assert list(from_file.predict(records)) == list(from_records.predict(records))


def test_training_is_deterministic(records):
    first, second = stance.train(LABELS), stance.train(LABELS)
    assert np.array_equal(first.stance_model_.coef, second.stance_model_.coef)
    assert np.array_equal(first.predict_proba(records), second.predict_proba(records))


def test_save_and_load_give_identical_predictions(tmp_path, records, seed_texts):
    trained = stance.train(LABELS, C=2.0)
    path = tmp_path / "model.npz"
    trained.save(path)
    loaded = stance.load(path)
    assert loaded.get_params() == trained.get_params()
    assert np.array_equal(loaded.predict_proba(records), trained.predict_proba(records))
    for text in seed_texts.values():
        assert loaded.tag(text) == trained.tag(text)


def test_batch_and_one_at_a_time_agree(tagger, seed_texts):
    texts = list(seed_texts.values())
    assert tagger.tag_texts(texts) == [tagger.tag(text) for text in texts]
    sentences = [tag.text for tag in tagger.tag(texts[2])]
    batch = tagger.tag_sentences(sentences)
    assert [(t.stance, t.speaker, t.name) for t in batch] == [
        (t.stance, t.speaker, t.name) for t in tagger.tag(texts[2])
    ]


WORDS = 'Nvidia said denied “ ” " , . backdoor chips China’s regulators according to - Reuters he the company'.split()
MESSY = ["", "   ", "\x00\x1e", "NVDA $180.2 +1.5%", "“", "He said.", "Analysts said: “No.”", "a" * 5000]


def _alone_and_in_a_batch(tagger: stance.Tagger, sentences: list[str]) -> None:
    """A sentence alone gets what it gets in a batch where every sentence is its own text: the other
    texts of a batch change nothing (one code path, batched by numpy, serves both)."""
    batch = tagger.predict_scores(sentences, groups=list(range(len(sentences))))
    for i, sentence in enumerate(sentences):
        alone = tagger.predict_scores([sentence])
        assert alone.attributions == [batch.attributions[i]], sentence
        assert np.allclose(alone.stance, batch.stance[i], rtol=0, atol=1e-12), sentence
        assert np.allclose(alone.speaker, batch.speaker[i], rtol=0, atol=1e-12), sentence
        tag = tagger.tag_sentences([sentence])[0]
        assert (tag.text, tag.start, tag.end) == (sentence, 0, len(sentence))
        assert tag.stance == stance.STANCES[int(np.argmax(batch.stance[i]))]
        assert list(tag.stance_scores.values()) == pytest.approx(list(batch.stance[i]), abs=1e-12)


def test_one_sentence_alone_is_tagged_as_in_a_batch(tagger, records):
    held_out = [
        stance.read_labels(LABELS.parent / "invented" / name / "sentences.jsonl") for name in ("heldout", "blind")
    ]
    sentences = [r.text for r in records] + [r.text for rows in held_out for r in rows] + MESSY
    _alone_and_in_a_batch(tagger, sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.lists(st.sampled_from(WORDS)).map(" ".join))
def test_any_sentence_alone_is_tagged_as_in_a_batch(tagger, sentence):
    _alone_and_in_a_batch(tagger, [sentence, "Reuters reported the ban."])


def test_one_sentence_alone_without_a_speaker_model(records):
    """A model fitted on strings alone has no speaker model; the rules' party stands."""
    plain = stance.Tagger().fit([r.text for r in records], [r.stance for r in records])
    assert plain.speaker_model_ is None
    _alone_and_in_a_batch(plain, [r.text for r in records[:60]] + MESSY)


def test_tag_sentences_offsets_refer_to_each_sentence(tagger):
    tags = tagger.tag_sentences(["Reuters reported the ban.", "Shares rose 3%."])
    assert [(t.start, t.end) for t in tags] == [(0, 25), (0, 15)]


def test_records_predict_by_article_like_tag(tagger, records, seed_texts):
    """predict() on label records reads each article as one text, like tag() on the article."""
    by_record = tagger.predict_speakers(records)
    by_text = [t.speaker for name in dict.fromkeys(r.article for r in records) for t in tagger.tag(seed_texts[name])]
    assert list(by_record) == by_text


# --- scikit-learn --------------------------------------------------------------------------------


def test_works_in_cross_val_score_and_grid_search(records):
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut, cross_val_score

    groups = [r.article for r in records]
    y = [r.stance for r in records]
    scores = cross_val_score(stance.Tagger(), records, y, groups=groups, cv=LeaveOneGroupOut())
    assert len(scores) == 5 and all(0.4 < s <= 1 for s in scores)
    search = GridSearchCV(stance.Tagger(), {"C": [1.0, 4.0]}, cv=LeaveOneGroupOut())
    search.fit(records, y, groups=groups)
    assert search.best_params_["C"] in (1.0, 4.0)
    assert clone(stance.Tagger(C=2.0)).get_params()["C"] == 2.0


def test_fit_returns_self_and_constructor_only_stores(records):
    tagger = stance.Tagger(C=-1.0, min_df="x")  # no validation in the constructor
    assert tagger.C == -1.0
    tagger = stance.Tagger()
    assert tagger.fit(records) is tagger
    assert hasattr(tagger, "stance_model_") and hasattr(tagger, "vocabulary_")


def test_fit_on_strings_with_y(records):
    texts = [r.text for r in records]
    tagger = stance.Tagger().fit(texts, [r.stance for r in records])
    assert tagger.predict(["Nvidia denied the report."])[0] in stance.STANCES


# --- errors ------------------------------------------------------------------------------------------


def test_unfitted_tagger_says_so():
    with pytest.raises(stance.NotFittedError, match="not fitted"):
        stance.Tagger().tag("Hello.")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda t: t.tag(123), "text: expected str, got int"),
        (lambda t: t.tag_sentences("one sentence"), "sentences: expected a list of str"),
        (lambda t: t.tag_sentences(["ok", 5]), "item 1 is int"),
        (lambda t: t.tag_texts(["ok", None]), "item 1 is None$"),
        (lambda t: t.predict([{"no": "text"}]), "item 0 is dict"),
    ],
)
def test_wrong_input_types_are_named(tagger, call, match):
    with pytest.raises(stance.InputError, match=match):
        call(tagger)


def test_wrong_labels_are_named():
    with pytest.raises(stance.LabelError, match="no label records"):
        stance.train([])
    good = {"text": "Nvidia denied it.", "stance": "denial", "speaker": "nvidia", "name": "Nvidia"}
    with pytest.raises(
        stance.LabelError, match=r"record 1: field 'stance' has unknown value 'angry'; valid values are"
    ):
        stance.train([good, {**good, "stance": "angry"}])
    with pytest.raises(stance.LabelError, match=r"record 0: field 'speaker' is missing"):
        stance.train([{k: v for k, v in good.items() if k != "speaker"}])
    with pytest.raises(stance.LabelError, match="only one stance"):
        stance.train([good, good])
    with pytest.raises(stance.LabelError, match="y:1: field 'stance' has unknown value 'furious'"):
        stance.Tagger().fit(["a", "b"], ["denial", "furious"])


def test_every_error_is_a_stance_error():
    for error in (stance.LabelError, stance.InputError, stance.ModelFileError, stance.NotFittedError, stance.ReadError):
        assert issubclass(error, stance.StanceError)


# --- model files --------------------------------------------------------------------------------------


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_is_refused_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.npz"
    path.write_bytes(pickle.dumps(_Exploit(marker)))
    with pytest.raises(stance.ModelFileError, match="pickled"):
        stance.load(path)
    assert not marker.exists()


def test_a_pickle_inside_an_npz_is_refused_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.npz"
    np.savez(path, meta=np.array([_Exploit(marker)], dtype=object))
    with pytest.raises(stance.ModelFileError, match="pickled"):
        stance.load(path)
    assert not marker.exists()


def test_not_a_model_corrupt_and_missing_files(tmp_path, tagger):
    text = tmp_path / "notes.npz"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(stance.ModelFileError, match="not a stance model file"):
        stance.load(text)
    good = tmp_path / "good.npz"
    tagger.save(good)
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:500])
    with pytest.raises(stance.ModelFileError, match="corrupt"):
        stance.load(truncated)
    with pytest.raises(stance.ModelFileError, match="no such file"):
        stance.load(tmp_path / "absent.npz")


def _rewrite_meta(source: Path, target: Path, change) -> None:
    with np.load(source, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    meta = json.loads(str(arrays["meta"]))
    change(meta)
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(target, **arrays)


def test_a_model_from_another_format_version_is_refused(tmp_path, tagger):
    good = tmp_path / "good.npz"
    tagger.save(good)
    old = tmp_path / "old.npz"
    _rewrite_meta(good, old, lambda meta: meta.update(format=99))
    with pytest.raises(stance.ModelFileError, match="model format 99 is not supported"):
        stance.load(old)
    other = tmp_path / "other.npz"
    _rewrite_meta(good, other, lambda meta: meta.update(stances=["a", "b"]))
    with pytest.raises(stance.ModelFileError, match="labels differ"):
        stance.load(other)


def test_saved_file_is_plain_arrays_and_json(tmp_path, tagger):
    path = tmp_path / "model.npz"
    tagger.save(path)
    with zipfile.ZipFile(path) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    with np.load(path, allow_pickle=False) as archive:
        meta = json.loads(str(archive["meta"]))
    assert meta["stance_version"] == stance.__version__ and meta["stances"] == list(stance.STANCES)


def test_load_with_extra_aliases(tmp_path):
    aliases = tmp_path / "mine.csv"
    aliases.write_text("alias,canonical,party\nZorblax Partners,Zorblax Partners,analyst\n", encoding="utf-8")
    text = "The Zorblax Partners said demand for the chips would fall."
    assert stance.load().tag(text)[0].speaker != "analyst"
    assert stance.load(aliases=[aliases]).tag(text)[0].speaker == "analyst"
    broken = tmp_path / "broken.csv"
    broken.write_text("alias,canonical,party\nX,X,martians\n", encoding="utf-8")
    with pytest.raises(stance.LabelError, match=r"broken.csv:2: field 'party': unknown party 'martians'"):
        stance.load(aliases=[broken])


# --- any input ------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
            st.sampled_from(["“", "”", "‘", "’", '"', ". ", ", ", ":", "\n", "—", "$", "%", "said", "U.S.", "Nvidia"]),
            st.sampled_from(["according to", "he added", "the company said", "Reuters reported that", "-Reuters"]),
        ),
        max_size=40,
    ).map(" ".join)
)
def test_tag_never_raises_and_offsets_are_sound(text):
    tags = stance.load().tag(text)
    previous_end = 0
    for tag in tags:
        assert previous_end <= tag.start < tag.end <= len(text)
        assert text[tag.start : tag.end] == tag.text
        assert tag.stance in stance.STANCES and tag.speaker in stance.PARTIES
        previous_end = tag.end


def test_seed_files_read_from_disk_tag_cleanly():
    for path in sorted(SEEDS.glob("*.txt")):
        assert stance.load().tag(path.read_text(encoding="utf-8"))


# --- weights and the user's own labels ------------------------------------------------------------------


def test_sample_weights_of_one_change_nothing_and_others_do(records):
    plain = stance.Tagger().fit(records)
    ones = stance.Tagger().fit(records, sample_weight=[1.0] * len(records))
    assert np.allclose(plain.predict_proba(records), ones.predict_proba(records))
    heavy = [5.0 if r.stance == "denial" else 1.0 for r in records]
    weighted = stance.Tagger().fit(records, sample_weight=heavy)
    denial = stance.STANCES.index("denial")
    assert weighted.predict_proba(records)[:, denial].mean() > plain.predict_proba(records)[:, denial].mean()
    with pytest.raises(stance.InputError, match=r"sample_weight: 3 values is not valid; expected one number > 0"):
        stance.Tagger().fit(records, sample_weight=[1.0, 2.0, 3.0])
    with pytest.raises(stance.InputError, match=r"sample_weight: -1.0 is not valid; expected a number > 0"):
        stance.Tagger().fit(records, sample_weight=[-1.0] * len(records))


def test_train_with_added_labels_weighs_them_up_and_lets_them_correct(records):
    """``add``: the user's sentences count ``add_weight`` times, and replace training sentences of the same text."""
    article = records[0].article
    base = [r for r in records if r.article != article]
    mine = [r for r in records if r.article == article]
    flipped = [
        stance.Record(
            r.article, r.start, r.end, r.text, "commercial" if r.stance == "neutral" else r.stance, r.speaker, r.name
        )
        for r in mine
    ]
    plain = stance.train(base + flipped)
    added = stance.train(base, add=flipped, add_weight=5)
    columns = [stance.STANCES.index(r.stance) for r in flipped]

    def belief(tagger: stance.Tagger) -> float:
        """The mean probability the tagger gives the user's labels."""
        return float(tagger.predict_proba(flipped)[np.arange(len(flipped)), columns].mean())

    assert belief(added) > belief(plain) + 0.02, (belief(added), belief(plain))
    # The same texts in the training labels are replaced by the user's, not kept beside them.
    again = stance.train(records, add=flipped, add_weight=5)
    assert np.allclose(again.predict_proba(flipped), added.predict_proba(flipped))
    one = stance.train(base, add=flipped, add_weight=1.0)
    assert np.allclose(one.predict_proba(records), plain.predict_proba(records))
    with pytest.raises(stance.InputError, match="add_weight: 2 is not valid; expected None without add"):
        stance.train(base, add_weight=2)
    with pytest.raises(stance.InputError, match="add_weight: 0 is not valid; expected a number > 0"):
        stance.train(base, add=flipped, add_weight=0)


# --- stance that transfers: not tied to who speaks, nor to chips (sentences written for these tests) ------

DENIALS = (
    "{} denied the allegations.",
    "{} rejected the accusations as groundless.",
    "{} dismissed the report as false.",
    "{} said the claims were baseless and untrue.",
)
DENIERS = (
    "Nvidia",
    "ZTE",
    "Micron",
    "AMD",
    "Huawei",
    "The company",
    "Kaspersky",
    "DJI",
    "China's foreign ministry",
    "TikTok",
    "Hikvision",
    "The Russian embassy",
    "A spokesperson for Temu",
    "Beijing",
)


@pytest.mark.parametrize("template", DENIALS)
def test_a_denial_is_a_denial_whoever_makes_it(tagger, template):
    found = {who: tagger.tag(template.format(who))[0].stance for who in DENIERS}
    wrong = {who: stance for who, stance in found.items() if stance != "denial"}
    assert not wrong, f"input {template!r}: expected denial for every speaker, found {wrong}"


SECURITY_BEYOND_CHIPS = (
    "Hackers linked to the Chinese state broke into the networks of nine US telecom companies.",
    "The drones could send sensitive flight data to servers in China, lawmakers warned.",
    "The app could be used by Beijing to spy on American users, the FBI director said.",
    "Investigators found hidden communication modules inside the inverters.",
    "The cameras were found to transmit footage to servers abroad.",
    "The routers contained a vulnerability that let attackers take control remotely.",
    "Chinese state hackers have been lurking in US water and power systems for years, the agency said.",
    "The connected cars collect location data that could be exploited by a foreign government.",
    "The antivirus software could be used to steal sensitive information, the Commerce Department said.",
    "The undersea cable was cut, raising fears of sabotage.",
    "The malware gave the attackers remote access to government email accounts.",
)


@pytest.mark.parametrize("sentence", SECURITY_BEYOND_CHIPS)
def test_security_concern_is_about_any_technology(tagger, sentence):
    tag = tagger.tag(sentence)[0]
    assert tag.stance == "security-concern", f"input {sentence!r}: expected security-concern, found {tag.stance}"


def test_a_hacking_story_is_not_page_noise(tagger):
    story = (
        "Chinese state-sponsored hackers breached the systems of several US telecommunications companies, "
        "officials said on Tuesday. The group, known as Salt Typhoon, gained access to call records and "
        "some wiretap systems, according to the FBI. The Chinese embassy in Washington rejected the "
        "accusations as groundless smears. Lawmakers called for tougher rules on network equipment."
    )
    tags = tagger.tag(story)
    found = [t.stance for t in tags]
    assert found.count("neutral") <= 1, f"input {story!r}: expected at most one neutral sentence, found {found}"
    assert "security-concern" in found and "denial" in found, f"input {story!r}: found {found}"
