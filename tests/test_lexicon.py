"""The lexicon files: the packaged tables load, a user's file extends them, a bad file is named."""

from __future__ import annotations

import pytest
from conftest import ROOT

import stance
from stance.lexicon import CUE_GROUPS, ROLES, TABLES, VERB_KINDS, load_lexicon, packaged_lexicon_folder


def test_every_packaged_table_loads_with_known_values():
    lexicon = load_lexicon()
    assert {verb.kind for verb in lexicon.verbs} <= set(VERB_KINDS)
    assert set(lexicon.cues) == set(CUE_GROUPS) and all(lexicon.cues[group] for group in CUE_GROUPS[:4])
    assert set(lexicon.words) <= set(ROLES)
    forms = lexicon.verb_forms()
    # The codebook's verbs, and the denial verbs the issue names, are reporting verbs.
    for form in ("said", "told", "denied", "rejected", "dismissed", "refuted", "ruled out", "warned"):
        assert form in forms, form
    assert forms["denied"].kind == "denial" and forms["urged"].kind == "directive"


def test_every_packaged_file_is_one_known_table():
    names = sorted(path.name for path in packaged_lexicon_folder().glob("*.csv"))
    assert names == ["cues.csv", "offices.csv", "party_words.csv", "reporting_verbs.csv", "states.csv", "words.csv"]
    assert len(TABLES) == len(names)


def test_a_users_file_extends_the_table_its_header_names(tmp_path):
    mine = tmp_path / "verbs.csv"
    rows = "# mine\nlemma,kind,forms,ambiguous,inverts\nopine,speech,opined|opines,,opined\n"
    mine.write_text(rows, encoding="utf-8")
    lexicon = load_lexicon((str(mine),))
    assert lexicon.verb_forms()["opined"].kind == "speech"
    assert "opined" not in load_lexicon().verb_forms()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("word,colour\nred,blue\n", "bad.csv:1: header 'word,colour' is no lexicon table"),
        ("word,party\nminister,government\n", "bad.csv:2: field 'party' has value 'government'; valid values are"),
        ("group,phrase\nhappiness,joy\n", "bad.csv:2: field 'group' has value 'happiness'"),
    ],
)
def test_a_bad_users_file_is_refused_naming_file_line_and_field(tmp_path, content, expected):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(stance.StanceError) as info:
        load_lexicon((str(bad),))
    assert expected in str(info.value), (content, expected, str(info.value))


def test_a_missing_users_file_is_named(tmp_path):
    with pytest.raises(stance.StanceError, match="no such file"):
        load_lexicon((str(tmp_path / "nothing.csv"),))


# --- a user's lexicon through the public API: Tagger, stance.load, stance.train, the command line -------

OPINED = "Zhang Wei, a lecturer at Fudan University, opined that the chips were unsafe."
SEEDS_LABELS = str(ROOT / "labels" / "sentences.jsonl")


@pytest.fixture
def my_verbs(tmp_path):
    path = tmp_path / "my_verbs.csv"
    path.write_text("lemma,kind,forms,ambiguous,inverts\nopine,speech,opined|opines,,opined\n", encoding="utf-8")
    return path


def speaker(tagger: stance.Tagger, text: str) -> tuple[str, str]:
    tag = tagger.tag(text)[0]
    return tag.speaker, tag.name


def test_a_users_verbs_file_makes_its_verb_attribute(my_verbs):
    assert speaker(stance.load(), OPINED) == ("author", ""), "the packaged lexicon has no 'opined'"
    found = speaker(stance.load(lexicon=[my_verbs]), OPINED)
    assert found == ("analyst", "Zhang Wei"), (OPINED, found)
    # An inverting form: "..., opined X".
    text = "The rules will not hold for long, opined Senator Marsha Blackburn."
    found = speaker(stance.load(lexicon=str(my_verbs)), text)
    assert found == ("us-gov", "Senator Marsha Blackburn"), (text, found)


def test_a_trained_model_keeps_the_users_lexicon_rows_inside_itself(my_verbs, tmp_path):
    model = stance.train(SEEDS_LABELS, lexicon=[my_verbs])
    assert model.get_params()["lexicon"] == [my_verbs]  # the constructor only stores it
    assert speaker(model, OPINED) == ("analyst", "Zhang Wei")
    path = tmp_path / "model.npz"
    model.save(path)
    my_verbs.unlink()  # loading never reads the file again
    again = stance.load(path)
    found = speaker(again, OPINED)
    assert found == ("analyst", "Zhang Wei"), (OPINED, found)
    assert again.lexicon_rows_ == model.lexicon_rows_


def test_a_model_without_a_users_lexicon_writes_none(tmp_path):
    model = stance.train(SEEDS_LABELS)
    model.save(tmp_path / "plain.npz")
    assert stance.load(tmp_path / "plain.npz").lexicon_rows_ == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "lemma,kind,forms,ambiguous,inverts\nopine,chatter,opined,,\n",
            "bad.csv:2: field 'kind' has value 'chatter'; valid values are speech, directive, denial",
        ),
        ("lemma,kind,forms,ambiguous,inverts\nopine,speech,,,\n", "bad.csv:2: field 'forms' has value ''"),
        ("verb,kind\nopine,speech\n", "bad.csv:1: header 'verb,kind' is no lexicon table"),
    ],
)
def test_a_bad_lexicon_file_is_named_by_load_train_and_the_command_line(tmp_path, capsys, content, expected):
    from stance.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    for call in (lambda: stance.load(lexicon=[bad]), lambda: stance.train(SEEDS_LABELS, lexicon=[bad])):
        with pytest.raises(stance.LexiconError) as info:
            call()
        assert expected in str(info.value), (content, expected, str(info.value))
    text = tmp_path / "in.txt"
    text.write_text(OPINED, encoding="utf-8")
    assert main(["tag", str(text), "--lexicon", str(bad), "--quiet"]) != 0
    assert expected in capsys.readouterr().err


def test_the_command_line_takes_lexicon_files(my_verbs, tmp_path, capsys):
    import json

    from stance.cli import EXIT_OK, main

    text = tmp_path / "in.txt"
    text.write_text(OPINED, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(text), "--lexicon", str(my_verbs), "--quiet", "-o", str(out)]) == EXIT_OK
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert (row["speaker"], row["name"]) == ("analyst", "Zhang Wei"), row
    assert main(["explain", "--lexicon", str(my_verbs), OPINED]) == EXIT_OK
    assert 'speaker analyst ("Zhang Wei")' in capsys.readouterr().out
    model = tmp_path / "m.npz"
    assert main(["train", SEEDS_LABELS, "-o", str(model), "--lexicon", str(my_verbs)]) == EXIT_OK
    assert speaker(stance.load(model), OPINED) == ("analyst", "Zhang Wei")
