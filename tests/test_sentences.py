"""Sentence splitting: exact offsets, news abbreviations, lines without a full stop."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stance


def spans_as_text(text: str) -> list[str]:
    return [text[start:end] for start, end in stance.split(text)]


def test_agrees_with_every_labelled_boundary(label_rows, seed_texts):
    gold = defaultdict(set)
    for row in label_rows:
        gold[row["article"]].add((row["start"], row["end"]))
    found = {name: set(stance.split(text)) for name, text in seed_texts.items()}
    agreed = sum(len(found[name] & spans) for name, spans in gold.items())
    missed = {name: sorted(spans - found[name]) for name, spans in gold.items() if spans - found[name]}
    assert agreed == len(label_rows), f"{agreed}/{len(label_rows)} boundaries agree; missed {missed}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He lives in the U.S. He said so.", ["He lives in the U.S.", "He said so."]),
        ("The U.S. government said no.", ["The U.S. government said no."]),
        ("Apple Inc. said on Jan. 5 it would. Then it did.", ["Apple Inc. said on Jan. 5 it would.", "Then it did."]),
        ("“It is over.” He left.", ["“It is over.”", "He left."]),
        ('"Not banned," she said. "Still risky."', ['"Not banned," she said.', '"Still risky."']),
        ("Nvidia Under Fire\n\nThe chips were banned.", ["Nvidia Under Fire", "The chips were banned."]),
        ("T$0.01609+2.09%\nSTUFF.io\nPartager", ["T$0.01609+2.09%", "STUFF.io", "Partager"]),
        ("date 2025-08-12 Beijing is quiet.", ["date 2025-08-12", "Beijing is quiet."]),
        (
            "Harvard Economist Breaks Silence On Missed Prediction In an X post, he said so.",
            ["Harvard Economist Breaks Silence On Missed Prediction", "In an X post, he said so."],
        ),
        ("Shares rose 2.5% on Tuesday. Orders fell.", ["Shares rose 2.5% on Tuesday.", "Orders fell."]),
    ],
)
def test_news_boundaries(text, expected):
    assert spans_as_text(text) == expected


def test_an_overlong_run_is_cut_into_bounded_pieces_at_whitespace():
    text = ("word " * 3000).strip()
    spans = stance.split(text, max_chars=500)
    assert len(spans) > 1
    assert all(0 < end - start <= 500 for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_whitespace_only_and_empty_texts_have_no_sentences():
    assert stance.split("") == []
    assert stance.split(" \n\t\r\n ") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_ordered_trimmed_in_range_spans(text):
    previous_end = 0
    for start, end in stance.split(text):
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        previous_end = end
    covered = "".join(text[s:e] for s, e in stance.split(text))
    assert "".join(text.split()) == "".join(covered.split())


_LINE_CHARS = st.characters(codec="utf-8", exclude_characters="\n\r\u2028\u2029.?!")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LINE_CHARS, min_size=1, max_size=300), st.sampled_from(["", ".", "?", "!"]), st.text(" \t"))
def test_punkt_keeps_a_line_whole_when_it_has_no_end_mark_before_its_end(body, mark, space):
    """split() skips Punkt on such lines; this is the Punkt behaviour that shortcut relies on."""
    from stance.sentences import _punkt

    line = body + mark + space
    if line.strip():
        assert list(_punkt().span_tokenize(line)) == [(0, len(line.rstrip()))]


_TOKEN_CHARS = st.characters(codec="utf-8", exclude_categories=("Zs", "Zl", "Zp", "Cc"))


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(["said", "Xi", "us", "U.S", "u.s.a", "inc", "Jan", "etc", "ok", "THE", "v", "Gov", "$5", "9537"])
    | st.from_regex(r"[A-Za-z][A-Za-z.]{0,11}|\$[\d,.]{0,6}\d", fullmatch=True),
    st.tuples(
        st.from_regex(r"\s{1,3}", fullmatch=True).filter(lambda space: "\n" not in space),
        st.sampled_from(["He", "The", "President", "AI", "I", "government", "regulations."])
        | st.from_regex(r"[A-Za-z]{1,8}\.?", fullmatch=True)
        | st.text(alphabet=_TOKEN_CHARS, min_size=1, max_size=8),
    ).map("".join)
    | st.text(alphabet=")\";}]*:@'({[‘’“”«»?!.,-$x", min_size=1, max_size=2),
)
def test_the_break_shortcuts_answer_as_punkt_does(word, after):
    """split()'s Punkt answers 'said. The', 'said."', '$5. The', 'U.S. President' contexts itself; NLTK's must agree."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from stance.sentences import _punkt

    punkt = _punkt()
    context = f"{word}.{after}"
    assert punkt.text_contains_sentbreak(context) == PunktSentenceTokenizer.text_contains_sentbreak(punkt, context)


def _nltk_punkt():
    """NLTK's own Punkt with split()'s parameters and NLTK's language variables (regexes with their timer).

    The parameters are built here from the constants, not taken from split()'s Punkt, so that a
    mistake in how split() builds them shows too.
    """
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from stance.sentences import ABBREVIATIONS, SENTENCE_STARTERS

    params = PunktParameters()
    params.abbrev_types, params.sent_starters = set(ABBREVIATIONS), set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


_PUNKT_TEXT = st.lists(
    st.sampled_from(["said.", "U.S.", "Mr.", "(Really.)", '"Yes."', "“No!”", "it?", "...", "$3.5", "3.", "a.m.", "--"])
    | st.from_regex(r"[A-Za-z]{1,9}[.?!]{0,3}['\")\]’”»]{0,2}", fullmatch=True)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r\u2028\u2029"), max_size=6),
    max_size=30,
).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(_PUNKT_TEXT | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r\u2028\u2029")))
def test_punkt_without_nltks_regex_timer_splits_as_nltk_does(line):
    """split()'s Punkt runs NLTK's per-break and per-token regexes without their timer; NLTK's own Punkt must agree."""
    from stance.sentences import _punkt

    punkt, nltk_punkt = _punkt(), _nltk_punkt()
    assert list(punkt.span_tokenize(line)) == list(nltk_punkt.span_tokenize(line))


def test_seed_lines_split_as_nltks_own_punkt_splits_them(seed_texts):
    from stance.sentences import _punkt

    punkt, nltk_punkt = _punkt(), _nltk_punkt()
    lines = [line for text in seed_texts.values() for line in text.splitlines() if line.strip()]
    assert len(lines) > 100
    assert [list(punkt.span_tokenize(line)) for line in lines] == [
        list(nltk_punkt.span_tokenize(line)) for line in lines
    ]


def test_punkts_per_break_and_per_token_regexes_run_without_nltks_timer():
    """The speed-up of _unguarded: fails when an NLTK release changes its regex wrapper (splitting stays right)."""
    redos = pytest.importorskip("nltk.redos", reason="this NLTK has no regex timer")
    from nltk.tokenize.punkt import PunktLanguageVars

    from stance.sentences import _punkt

    if not isinstance(PunktLanguageVars.re_boundary_realignment, redos.TimedPattern):
        pytest.skip("this NLTK's Punkt does not time its regexes")
    punkt = _punkt()
    lang_vars, token = punkt._lang_vars, punkt._Token
    patterns = (lang_vars.period_context_re(), lang_vars.re_boundary_realignment, lang_vars._word_tokenizer_re())
    patterns += (token._RE_ELLIPSIS, token._RE_NUMERIC, token._RE_INITIAL, token._RE_ALPHA)
    for pattern in patterns:
        assert not isinstance(pattern, redos.TimedPattern)
