"""Which sentences to label next (stance.suggest, ``stance suggest``), on the seeds."""

from __future__ import annotations

import pytest
from conftest import LABELS, SEEDS

import stance
from stance.cli import EXIT_FAILED, EXIT_OK, main
from stance.suggest import SPREAD, Suggestion, pick, score


def test_suggestions_are_the_least_sure_and_least_familiar_spread_over_documents(tagger, seed_texts):
    chosen = stance.suggest(SEEDS, 12)
    assert len(chosen) == 12
    documents = list(dict.fromkeys(s.article for s in chosen))
    assert len(documents) >= 4  # five documents: no one takes every place
    assert chosen == sorted(chosen, key=lambda s: (documents.index(s.article), s.start))  # in document order
    tags = {(f"{SEEDS.as_posix()}/{name}", t.start): t for name, text in seed_texts.items() for t in tagger.tag(text)}
    for suggestion in chosen:
        tag = tags[suggestion.article, suggestion.start]
        assert (suggestion.text, suggestion.stance, suggestion.speaker, suggestion.name) == (
            tag.text,
            tag.stance,
            tag.speaker,
            tag.name,
        )
        assert suggestion.score == pytest.approx(score(tag)[0])
    best = max(tags.values(), key=lambda t: score(t)[0])
    assert best.text in [s.text for s in chosen]  # the most informative sentence of all is always taken
    assert len({s.text.lower() for s in chosen}) == len(chosen)


def test_a_document_gives_fewer_places_the_more_it_gave(tagger):
    def make(article: str, start: int, value: float) -> Suggestion:
        return Suggestion(article, start, start + 1, f"{article}{start}", "neutral", "author", "", value, 0, 1, 1)

    strange = [make("a", i, 2.0 - i / 100) for i in range(10)]
    plain = [make("b", i, 1.5 - i / 100) for i in range(10)]
    chosen = pick(strange + plain, 4)
    assert [s.article for s in chosen] == ["a", "a", "b", "b"]  # 2.0, 1.99*SPREAD=1.19 < 1.5, ...
    assert 1.99 * SPREAD < 1.5
    assert pick(strange, 3, known=["A0", "a1"])[0].text == "a2"  # labelled texts are never suggested again


def test_suggest_takes_label_records_and_leaves_out_what_is_labelled(tagger):
    records = stance.read_labels(LABELS)
    chosen = stance.suggest(records, 10, model=tagger)
    assert len(chosen) == 10 and {s.article for s in chosen} <= {r.article for r in records}
    by_place = {(r.article, r.start): r for r in records}
    assert all((s.article, s.start) in by_place for s in chosen)
    again = stance.suggest(records, 10, model=tagger, exclude=[s.to_record() for s in chosen[:5]])
    assert not {s.text for s in again} & {s.text for s in chosen[:5]}
    assert stance.suggest(records, 10_000, model=tagger, exclude=LABELS) == []


def test_suggest_command_writes_a_label_file_to_fill_in(tmp_path, capsys):
    out = tmp_path / "next.csv"
    assert main(["suggest", str(SEEDS), "-n", "8", "-o", str(out)]) == EXIT_OK
    labels = stance.read_labels(out)
    assert [(r.article, r.start, r.text, r.stance) for r in labels] == [
        (s.article, s.start, s.text, s.stance) for s in stance.suggest(SEEDS, 8)
    ]
    assert "wrote 8 sentences from" in capsys.readouterr().err
    assert main(["suggest", str(SEEDS), "-n", "0", "-o", str(out)]) == EXIT_FAILED
    assert "n: 0 is not valid; expected an integer >= 1" in capsys.readouterr().err
    assert main(["suggest", str(SEEDS), "-o", str(out), "--exclude", str(LABELS)]) == EXIT_FAILED
    assert "no sentence that is not labelled already" in capsys.readouterr().err


def test_balance_takes_the_predicted_stances_in_turn(tagger):
    def make(stance_name: str, start: int, value: float) -> Suggestion:
        return Suggestion(f"d{start}", start, start + 1, f"t{start}", stance_name, "author", "", value, 0, 1, 1)

    unsure = [make("neutral", i, 2.0 - i / 100) for i in range(10)]
    sure = [make("denial", 100 + i, 0.1) for i in range(3)]
    assert {s.stance for s in pick(unsure + sure, 4)} == {"neutral"}
    assert [s.stance for s in pick(unsure + sure, 4, balance=True)].count("denial") == 2
    records = stance.read_labels(LABELS)
    balanced = stance.suggest(records, 10, model=tagger, balance=True)
    assert len({s.stance for s in balanced}) == len(stance.STANCES)  # every stance the seeds hold, in turn


def test_unfamiliar_sentences_come_first_when_familiarity_weighs(tagger):
    records = stance.read_labels(LABELS)
    plain = stance.suggest(records, 10, model=tagger)
    strange = stance.suggest(records, 10, model=tagger, familiar_share=5.0)
    assert sum(s.familiar for s in strange) < sum(s.familiar for s in plain)
    assert all(s.score == pytest.approx(1 - s.margin) for s in plain)  # by default the stance margin alone
    with pytest.raises(stance.InputError, match="familiar_share: -1 is not valid; expected a number >= 0"):
        stance.suggest(records, 10, model=tagger, familiar_share=-1)
