"""The lexicon files: the packaged tables load, a user's file extends them, a bad file is named."""

from __future__ import annotations

import pytest

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
    mine.write_text("# mine\nlemma,kind,forms,ambiguous,inverts\nopine,speech,opined|opines,,opined\n", encoding="utf-8")
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
