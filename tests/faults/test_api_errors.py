"""Every public function, given bad values: each raises a ``StanceError`` subclass whose message names the argument.

Wrong types are ``InputTypeError`` (a ``TypeError`` and a ``ValueError``), bad values ``InputError``
(a ``ValueError``), files that cannot be written ``WriteError`` (an ``OSError``); no message says
``NoneType``. Also: ``tag_texts("a string")`` is refused, ``load(aliases="file.csv")`` works, an alias
that is a stop word is refused, and ``load()`` returns a new Tagger each time.
"""

from __future__ import annotations

import pytest
from conftest import LABELS, SEEDS

import stance
from stance.errors import InputTypeError, WriteError


def _frame():
    pandas = pytest.importorskip("pandas")
    return pandas.DataFrame({"text": ["Nvidia denied it."]})


#: (call, the argument its message must name, the error class), for every public function and method.
CALLS = [
    # loading, training, evaluating
    (lambda t, r, p: stance.load(123), "path", InputTypeError),
    (lambda t, r, p: stance.load(aliases=123), "aliases", InputTypeError),
    (lambda t, r, p: stance.load(aliases=[None]), "aliases", InputTypeError),
    (lambda t, r, p: stance.train(123), "labels", InputTypeError),
    (lambda t, r, p: stance.train(r, C=-1), "C", stance.InputError),
    (lambda t, r, p: stance.train(r, C="strong"), "C", InputTypeError),
    (lambda t, r, p: stance.train(r, speaker_C=0), "speaker_C", stance.InputError),
    (lambda t, r, p: stance.train(r, min_df=0), "min_df", stance.InputError),
    (lambda t, r, p: stance.train(r, min_df=2.5), "min_df", InputTypeError),
    (lambda t, r, p: stance.train(r, cue_weight=float("nan")), "cue_weight", stance.InputError),
    (lambda t, r, p: stance.train(r, aliases=5), "aliases", InputTypeError),
    (lambda t, r, p: stance.train(r, colour="blue"), "colour", stance.InputError),
    (lambda t, r, p: stance.evaluate(gold=123), "gold", InputTypeError),
    (lambda t, r, p: stance.evaluate(gold=r, model=123), "model", InputTypeError),
    (lambda t, r, p: stance.evaluate(model="model.npz"), "model", stance.InputError),
    (lambda t, r, p: stance.load(encoder="yes"), "encoder", InputTypeError),
    (lambda t, r, p: stance.evaluate(C=0), "C", stance.InputError),
    (lambda t, r, p: stance.read_labels(123), "path", InputTypeError),
    (lambda t, r, p: stance.check_labels(123), "path", InputTypeError),
    (lambda t, r, p: stance.check_labels(LABELS, articles=123), "articles", InputTypeError),
    (lambda t, r, p: stance.split(None), "text", InputTypeError),
    (lambda t, r, p: stance.split("A text.", max_chars=0), "max_chars", stance.InputError),
    # the tagger
    (lambda t, r, p: t.tag(None), "text", InputTypeError),
    (lambda t, r, p: t.tag(b"bytes"), "text", InputTypeError),
    (lambda t, r, p: t.tag_texts("a string"), "texts", InputTypeError),
    (lambda t, r, p: t.tag_texts(None), "texts", InputTypeError),
    (lambda t, r, p: t.tag_texts(123), "texts", InputTypeError),
    (lambda t, r, p: t.tag_texts(["fine", 7]), "texts", InputTypeError),
    (lambda t, r, p: t.tag_sentences("a string"), "sentences", InputTypeError),
    (lambda t, r, p: t.tag_sentences(None), "sentences", InputTypeError),
    (lambda t, r, p: t.predict(123), "X", InputTypeError),
    (lambda t, r, p: t.predict_proba("one sentence"), "X", InputTypeError),
    (lambda t, r, p: t.predict_speakers([None]), "X", InputTypeError),
    (lambda t, r, p: stance.Tagger().fit(None), "X", InputTypeError),
    (lambda t, r, p: stance.Tagger().fit(["a", "b"], y=5), "y", InputTypeError),
    (lambda t, r, p: stance.Tagger().fit(["a", "b"], y=["denial"]), "y", stance.InputError),
    (lambda t, r, p: stance.Tagger().fit(["a", "b"]), "y", stance.InputError),
    (lambda t, r, p: stance.Tagger(C=-1).fit(r), "C", stance.InputError),
    (lambda t, r, p: t.set_params(colour="blue"), "colour", stance.InputError),
    (lambda t, r, p: t.save(123), "path", InputTypeError),
    (lambda t, r, p: t.save(p), "path", WriteError),
    # batch tagging
    (lambda t, r, p: stance.tag_files(123), "paths", InputTypeError),
    (lambda t, r, p: stance.tag_files([]), "paths", stance.InputError),
    (lambda t, r, p: stance.tag_files([None]), "paths", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], output=123), "output", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], p / "out.jsonl", format="xml"), "format", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], p / "out.xml"), ".xml", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], input_format="pdf"), "input_format", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], text_field=""), "text_field", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], id_field=None), "id_field", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], max_bytes=0), "max_bytes", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], piece_chars=-5), "piece_chars", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], batch_size=True), "batch_size", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], jobs=0), "jobs", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], jobs="2"), "jobs", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], model=123), "model", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], errors=123), "errors", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], on_error="print"), "on_error", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], on_rows=1), "on_rows", InputTypeError),
    (lambda t, r, p: stance.tag_files([SEEDS], resume=True), "resume", stance.InputError),
    (lambda t, r, p: stance.tag_files([SEEDS], format="parquet"), "format", stance.InputError),
    (lambda t, r, p: list(stance.tag_corpus("a string")), "documents", InputTypeError),
    (lambda t, r, p: list(stance.tag_corpus(None)), "documents", InputTypeError),
    (lambda t, r, p: list(stance.tag_corpus([1.5])), "documents", InputTypeError),
    (lambda t, r, p: list(stance.tag_corpus([("id", 5)])), "documents", InputTypeError),
    (lambda t, r, p: list(stance.tag_corpus(["text"], batch_size=0)), "batch_size", stance.InputError),
    (lambda t, r, p: list(stance.tag_corpus(["text"], piece_chars=0)), "piece_chars", stance.InputError),
    (lambda t, r, p: list(stance.tag_corpus(["text"], jobs=-3)), "jobs", stance.InputError),
    (lambda t, r, p: list(stance.tag_corpus(["text"], text_field="")), "text_field", stance.InputError),
    (lambda t, r, p: stance.tag_dataframe(123), "frame", InputTypeError),
    (lambda t, r, p: stance.tag_dataframe(_frame(), text="body"), "text", stance.InputError),
    (lambda t, r, p: stance.tag_dataframe(_frame(), id="url"), "id", stance.InputError),
    (lambda t, r, p: stance.tag_dask(123), "collection", InputTypeError),
    (lambda t, r, p: list(stance.read_rows(123)), "path", InputTypeError),
    (lambda t, r, p: list(stance.read_rows(SEEDS / "x.jsonl", format="xml")), "format", stance.InputError),
    # summaries
    (lambda t, r, p: stance.summarize(123), "source", InputTypeError),
    (lambda t, r, p: stance.summarize([123]), "source", InputTypeError),
    (lambda t, r, p: stance.Summary().add(123), "rows", InputTypeError),
    (lambda t, r, p: stance.Summary().add([{"doc": "a"}]), "rows", InputTypeError),
    (lambda t, r, p: stance.Summary().table("nope"), "doc", stance.InputError),
    (lambda t, r, p: stance.Summary().plot(123), "path", InputTypeError),
]


@pytest.mark.parametrize(("call", "argument", "error"), CALLS, ids=[f"{i}-{c[1]}" for i, c in enumerate(CALLS)])
def test_a_bad_value_is_a_stance_error_naming_the_argument(tagger, records, tmp_path, call, argument, error):
    with pytest.raises(stance.StanceError) as info:
        call(tagger, records, tmp_path)
    said = str(info.value)
    assert isinstance(info.value, error), (type(info.value), said)
    assert argument in said, (argument, said)
    assert "NoneType" not in said and "option " not in said, said
    if isinstance(info.value, stance.InputError):
        assert isinstance(info.value, ValueError)


def test_the_error_classes_sit_on_the_standard_bases():
    assert issubclass(stance.InputError, ValueError) and not issubclass(stance.InputError, TypeError)
    assert issubclass(InputTypeError, stance.InputError) and issubclass(InputTypeError, TypeError)
    assert issubclass(stance.ReadError, OSError) and issubclass(WriteError, OSError)
    for error in (stance.LabelError, stance.ModelFileError, stance.NotFittedError, stance.ReadError, WriteError):
        assert issubclass(error, stance.StanceError)


def test_tag_texts_refuses_one_string_instead_of_tagging_each_character(tagger):
    with pytest.raises(
        InputTypeError, match=r"^texts: expected a list of str, got a single str 'Nvidia denied it\.'; "
    ):
        tagger.tag_texts("Nvidia denied it.")


def test_saving_to_a_folder_leaves_nothing_behind(tagger, tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    with pytest.raises(WriteError, match=f"^{folder}: is a folder; give a file name for path"):
        tagger.save(folder)
    assert not (tmp_path / "models.tmp").exists() and list(folder.iterdir()) == []
    with pytest.raises(WriteError, match="cannot be written"):
        tagger.save(tmp_path / "no" / "model.npz")
    assert list(tmp_path.iterdir()) == [folder]


def test_aliases_from_one_path_or_a_list(tmp_path):
    aliases = tmp_path / "mine.csv"
    aliases.write_text("alias,canonical,party\nZorblax Partners,Zorblax Partners,analyst\n", encoding="utf-8")
    text = "The Zorblax Partners said demand for the chips would fall."
    assert stance.load().tag(text)[0].speaker != "analyst"
    for given in (str(aliases), aliases, [str(aliases)], (aliases,)):
        assert stance.load(aliases=given).tag(text)[0].speaker == "analyst", given


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("the,The Times,press", "'the' is a common word (a stop word)"),
        ("The,The Times,press", "'The' is a common word"),
        ("it,Nvidia,nvidia", "'it' is a common word"),
        ("X,Company X,industry", "'X' has fewer than two letters"),
        ("the 3,Three,press", "has fewer than two letters"),
    ],
)
def test_an_alias_that_is_a_stop_word_or_too_short_is_refused(tmp_path, row, says):
    aliases = tmp_path / "mine.csv"
    aliases.write_text(f"# my aliases\nalias,canonical,party\nZorblax,Zorblax,analyst\n{row}\n", encoding="utf-8")
    with pytest.raises(stance.LabelError, match=f"^{aliases}:4: field 'alias': ") as info:
        stance.load(aliases=aliases)
    assert says in str(info.value)


def test_the_packaged_aliases_pass_the_same_checks():
    from stance.speakers import packaged_aliases_path, read_aliases

    assert len(read_aliases(packaged_aliases_path())) > 100


def test_load_returns_a_new_tagger_each_time(records):
    """Fitting what one ``load()`` returned changes nothing that a later ``load()`` returns."""
    sentence = ["Nvidia denied that its chips have backdoors."]
    first = stance.load()
    before = first.predict(sentence)[0]
    assert before == "denial"
    commercial = [r for r in records if r.stance == "commercial"][:30]
    neutral = [r for r in records if r.stance == "neutral"][:30]
    first.fit([r.text for r in commercial + neutral], [r.stance for r in commercial + neutral])
    assert first.predict(sentence)[0] != before
    second = stance.load()
    assert second is not first and second.predict(sentence)[0] == before
    assert second.stance_model_.coef is stance.load().stance_model_.coef  # the arrays are shared ...
    assert not second.stance_model_.coef.flags.writeable  # ... and read-only
    with pytest.raises(ValueError):
        second.stance_model_.coef[0, 0] = 1.0
