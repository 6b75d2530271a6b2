"""What corrected labels teach besides their sentences (stance.corrections): the parties of the names they give."""

from __future__ import annotations

import stance
from stance.corrections import learned_aliases
from stance.speakers import Alias


def record(text: str, speaker: str, name: str, stance_name: str = "neutral") -> stance.Record:
    return stance.Record("a.txt", 0, len(text), text, stance_name, speaker, name)


def test_proper_names_with_one_party_become_aliases():
    records = [
        record("Zorblax Partners said the chips are safe.", "analyst", "Zorblax Partners"),
        record("Zorblax Partners added that demand is strong.", "analyst", "Zorblax Partners"),
        record("Temu said it protects data.", "industry", "Temu"),
        record("The Bureau said it would act.", "us-gov", "The Bureau"),  # a common noun: "the bureau" below
        record("He said so.", "analyst", "He"),  # a pronoun
        record("the company said so.", "industry", "the company"),  # no name
        record("Quux Labs said yes.", "industry", "Quux Labs"),
        record("Quux Labs said no.", "analyst", "Quux Labs"),  # the labels disagree: no alias
        record("Nvidia said no.", "nvidia", "Nvidia"),  # already known
    ]
    known = [Alias("Nvidia", "Nvidia", "nvidia")]
    rows = learned_aliases(records, known, ["A spokesman for the bureau declined to comment."])
    assert rows == (
        Alias("Zorblax Partners", "Zorblax Partners", "analyst"),
        Alias("Temu", "Temu", "industry"),
    )


def test_train_with_added_labels_keeps_the_learned_aliases(tmp_path):
    text = "Zorblax Partners said the chips are safe."
    mine = [record(text, "china-media", "Zorblax Partners")]
    base = stance.read_labels(stance.labels.training_label_files()[0])
    tagger = stance.train(base, add=mine)
    assert Alias("Zorblax Partners", "Zorblax Partners", "china-media") in tagger.alias_rows_
    later = "In a note, Zorblax Partners said prices will rise."
    assert tagger.tag(later)[0].speaker == "china-media"
    tagger.save(tmp_path / "mine.npz")
    assert stance.load(tmp_path / "mine.npz").tag(later)[0].speaker == "china-media"
    assert stance.train(base, add=mine, learn_aliases=False).alias_rows_ == ()
