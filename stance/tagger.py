"""The public tagger: split, attribute, classify; train, save and load.

``Tagger`` is a scikit-learn estimator. Its inputs ``X`` are sentences: strings,
or label records (mappings or :class:`stance.Record`) whose ``text`` is the
sentence and whose ``article`` groups sentences into texts. Sentences are read
in order as consecutive sentences of their text, so that "he added" can find
who "he" is. ``y`` is the stance of each sentence (taken from the records when
omitted); speaker labels come from the records.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .codebook import Codebook, codebook_of, parse_codebook
from .encoder import DIMENSIONS
from .errors import (
    InputError,
    InputTypeError,
    LabelError,
    LexiconError,
    ModelFileError,
    NotFittedError,
    WriteError,
    describe,
    kind,
    message,
    os_reason,
    write_atomically,
)
from .labels import PARTIES, STANCES, Record, as_records, training_label_files
from .lexicon import TABLES, LexiconRow, lexicon_row_problem, read_lexicon_rows
from .model import (
    DENSE_FEATURES,
    SPEAKER_WIDTH,
    Batch,
    Features,
    Linear,
    Vocabulary,
    analyse,
    average_proba,
    extra_attribution_words,
    familiarity,
    fit_linear,
    speaker_features,
    stance_features,
    triggered,
)
from .schema import Schema, schema_of
from .sentences import split
from .speakers import (
    Alias,
    Attribution,
    Attributor,
    Candidate,
    Chooser,
    alias_problem,
    attributor,
    packaged_aliases_path,
    read_aliases,
)
from .speakers.choosing import FEATURES as CHOOSER_FEATURES
from .version import __version__

if TYPE_CHECKING:
    from .explain import Why

#: Inverse regularisation of the stance model on sentence embeddings (``encoder=True``).
ENCODER_C = 4.0

#: Version of the model file layout; bump when it changes.
#: 2: the model carries its extra alias rows itself (``aliases`` in the metadata), never paths to alias files.
MODEL_FORMAT = 2

#: The most bytes one member of a model file may unpack to, and all of them together: checked before
#: anything is unpacked, so a small file that unpacks to gigabytes is refused without using the memory.
MODEL_MAX_BYTES = 256_000_000

#: An alias given to a Tagger: a path to an alias file, or one row ``(alias, canonical, party)``.
AliasSource = str | os.PathLike[str] | Alias
#: A lexicon extension given to a Tagger: a path to a lexicon CSV file, or one row of a table.
LexiconSource = str | os.PathLike[str] | LexiconRow


@dataclass(frozen=True, slots=True)
class Tag:
    """One tagged sentence.

    ``start``/``end`` are character offsets into the tagged text (for
    :meth:`Tagger.tag_sentences`, into the sentence itself). ``name`` is the
    speaker as the sentence writes it ("he", "the CFO"; ``""`` for the author and for
    a quote that continues without an attribution); ``canonical`` is the person or
    body it refers to, resolved across the text ("Jensen Huang"; ``""`` for the author).
    ``familiar`` is the share of the sentence's content words the model saw in training:
    tags of sentences far from the training data (low values) deserve a review.
    ``why`` is None unless asked for (``tag(text, why=True)``): then a :class:`stance.Why`
    saying which features pushed the stance and which rule found the speaker.
    """

    text: str
    start: int
    end: int
    stance: str
    stance_scores: dict[str, float] = field(hash=False, compare=True)
    speaker: str
    name: str
    speaker_score: float
    canonical: str = ""
    familiar: float = 1.0
    why: Why | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class Scores:
    """What :meth:`Tagger.predict_scores` computes for a batch, before tags are attached."""

    stance: np.ndarray  # (n, len(STANCES)) probabilities in STANCES order
    speaker: np.ndarray  # (n, len(PARTIES)) probabilities in PARTIES order
    attributions: list[Attribution]
    familiar: np.ndarray  # (n,) share of content words seen in training


def _texts_and_groups(X: object, what: str = "X") -> tuple[list[str], list[object]]:
    """Sentences and their text groups from strings or records."""
    if isinstance(X, (str, bytes)):
        raise InputTypeError(message("ONE_TEXT", what=what, found=describe(X), hint="pass a list of sentences"))
    if not isinstance(X, Iterable):
        raise InputTypeError(message("WRONG_OBJECT", what=what, expected="a list of str or records", found=describe(X)))
    texts: list[str] = []
    groups: list[object] = []
    for index, item in enumerate(X):
        if isinstance(item, str):
            texts.append(item)
            groups.append(None)
        elif isinstance(item, Record):
            texts.append(item.text)
            groups.append(item.article)
        elif isinstance(item, Mapping) and isinstance(item.get("text"), str):
            texts.append(item["text"])
            groups.append(item.get("article"))
        else:
            raise InputTypeError(message("NOT_TEXTS", what=what, index=index, found=describe(item)))
    return texts, groups


def _flag(name: str, value: object) -> bool:
    """``value`` when it is True or False; else an error naming ``name``."""
    if not isinstance(value, bool):
        raise InputTypeError(message("WRONG_OBJECT", what=name, expected="True or False", found=describe(value)))
    return value


@dataclass(frozen=True)
class _Evidence:
    """What a batch's scores came from: the texts' groups, the stance features, the linear stance model's
    probabilities and the encoder's (None without one)."""

    groups: Sequence[object]
    features: Features
    linear: np.ndarray
    encoded: np.ndarray | None


def _texts(
    batch: Batch, groups: Sequence[object], lexicon: tuple[LexiconRow, ...] = ()
) -> list[tuple[int, int, set[int], set[int]]]:
    """Each text of a batch: its sentence range and which of its sentences may hold an attribution
    (and which only through a mark; see :func:`stance.model.triggered`), as indices within the text.
    With a user's ``lexicon`` rows, a sentence holding one of their reporting words is searched too."""
    searched, marks_only = triggered(batch)
    extra = extra_attribution_words(lexicon)
    if extra is not None:
        more = np.array([extra.search(sentence) is not None for sentence in batch.sentences], dtype=bool)
        searched, marks_only = searched | more, marks_only & ~more
    return [
        (
            start,
            end,
            set(np.flatnonzero(searched[start:end]).tolist()),
            set(np.flatnonzero(marks_only[start:end]).tolist()),
        )
        for start, end in _runs(groups)
    ]


def _runs(groups: Sequence[object]) -> list[tuple[int, int]]:
    """Index ranges of consecutive items with the same group."""
    runs = []
    start = 0
    for i in range(1, len(groups) + 1):
        if i == len(groups) or groups[i] != groups[start]:
            runs.append((start, i))
            start = i
    return runs


class Tagger:
    """Tags sentences with stance and speaker; a scikit-learn classifier of stances.

    It follows scikit-learn's estimator protocol (``get_params``, ``set_params``,
    ``fit``, ``predict``, ``predict_proba``, ``score``, tags), so ``clone``,
    ``cross_val_score`` and ``GridSearchCV`` work on it. It does not inherit from
    ``sklearn.base.BaseEstimator`` because importing that costs over a second;
    scikit-learn is imported only to train.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the stance classifier.
    speaker_C : float
        Inverse regularisation strength of the speaker classifier.
    min_df : int
        A word or bigram becomes a feature only when it occurs in at least this many
        training texts (articles), so the model cannot memorise one article.
    cue_weight : float
        Scale of the codebook's cue-word counts against the learned word features.
    aliases : path or tuple of (path or (alias, canonical, party))
        Extra speaker aliases on top of the packaged ones: alias files (CSV ``alias,canonical,party``)
        or rows. They are read when fitting; a saved model carries the rows themselves.
    lexicon : path or tuple of (path or LexiconRow)
        Extra lexicon rows on top of the packaged word lists (``stance/data/lexicon/``): CSV files with
        the columns of one of the tables of :mod:`stance.lexicon` (reporting verbs, party words, states,
        offices, closed classes), e.g. your own reporting verbs. Read when fitting, like ``aliases``;
        a saved model carries the rows themselves.
    encoder : bool
        Also learn stance from MiniLM sentence embeddings (needs ``stance[encoder]``) and average the
        two stance models.
    learn_choice : bool
        Learn which candidate source of a sentence is its speaker from the labelled names
        (:class:`stance.speakers.Chooser`) instead of taking the rules' outermost one. Off by
        default: on news/train and news/dev (five-fold by story) it did not beat the rules
        (speaker accuracy 0.847 against 0.850).
    codebook : path or Codebook, optional
        A codebook of your own (:mod:`stance.codebook`: stances, parties, cue words, party aliases)
        whose labels the tagger learns; default: the built-in codebook version 2. See :mod:`stance.schema`.

    Attributes
    ----------
    classes_ : ndarray of str
        The stances, in precedence order.
    vocabulary_ : Vocabulary
        The kept unigrams and bigrams.
    stance_model_, speaker_model_ : Linear
        The calibrated linear models.
    encoder_model_ : Linear or None
        The stance model on sentence embeddings (with ``encoder=True``).
    alias_rows_ : tuple of Alias
        The extra aliases, read from ``aliases``.
    lexicon_rows_ : tuple of LexiconRow
        The extra lexicon rows, read from ``lexicon``.
    schema_ : Schema
        The codebook in use, with what it adds to the tagger (:mod:`stance.schema`).
    """

    def __init__(
        self,
        C: float = 4.0,
        speaker_C: float = 1.0,
        min_df: int = 2,
        cue_weight: float = 3.0,
        aliases: AliasSource | tuple[AliasSource, ...] = (),
        encoder: bool = False,
        learn_choice: bool = False,
        codebook: str | os.PathLike[str] | Codebook | None = None,
        lexicon: LexiconSource | tuple[LexiconSource, ...] = (),
    ):
        self.C = C
        self.speaker_C = speaker_C
        self.min_df = min_df
        self.cue_weight = cue_weight
        self.aliases = aliases
        self.encoder = encoder
        self.learn_choice = learn_choice
        self.codebook = codebook
        self.lexicon = lexicon

    # --- scikit-learn ---------------------------------------------------------------------------

    _estimator_type = "classifier"

    @classmethod
    def _param_names(cls) -> list[str]:
        return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict[str, object]:
        """The constructor parameters, as scikit-learn expects."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: object) -> Tagger:
        """Set constructor parameters; returns self."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise InputError(message("NO_SUCH_PARAM", name=name, choices=", ".join(valid)))
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = inspect.signature(type(self).__init__).parameters
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if v != defaults[k].default]
        return f"Tagger({', '.join(changed)})"

    def __sklearn_tags__(self):  # called by scikit-learn only, so importing it here costs nothing extra
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=False),
            classifier_tags=ClassifierTags(),
            input_tags=InputTags(one_d_array=True, two_d_array=False, string=True, dict=True),
        )

    def score(self, X: Iterable[object], y: Sequence[str] | None = None) -> float:
        """Stance accuracy on ``X`` (labels from ``y`` or from the records)."""
        items = list(X)
        if y is None:
            y = [r.stance for r in as_records(items)]
        return float(np.mean(self.predict(items) == np.asarray(y)))

    def fit(
        self, X: Iterable[object], y: Sequence[str] | None = None, sample_weight: Sequence[float] | None = None
    ) -> Tagger:
        """Learn from labelled sentences.

        Parameters
        ----------
        X : iterable of label records or str
            Records carry ``text``, ``stance``, ``speaker`` and ``article``; strings need ``y``.
        y : sequence of str, optional
            Stances; by default the records' own.
        sample_weight : sequence of float, optional
            How much each sentence counts in both models' fit and calibration (default: all 1);
            :func:`stance.train` with ``add`` weighs the user's own sentences up with it.

        Returns
        -------
        self
        """
        _check_params(self.get_params())
        schema = schema_of(codebook_of(self.codebook))
        if isinstance(X, (str, bytes)) or not isinstance(X, Iterable):
            texts, groups = _texts_and_groups(X)  # raises, naming X
        items = list(X)
        texts, groups = _texts_and_groups(items)
        if not texts:
            raise LabelError(message("NO_RECORDS", path="X"))
        records = [item for item in items if not isinstance(item, str)]
        labelled = as_records(records, schema.codebook) if len(records) == len(texts) else None  # checks each
        if y is None:
            if labelled is None:
                raise InputError(message("NEEDS_Y"))
            stances = [r.stance for r in labelled]
        else:
            if isinstance(y, (str, bytes)) or not isinstance(y, Iterable):
                raise InputTypeError(message("WRONG_OBJECT", what="y", expected="a list of stances", found=describe(y)))
            stances = [str(label) for label in y]
            if len(stances) != len(texts):
                raise InputError(message("Y_LENGTH", texts=len(texts), labels=len(stances)))
            for index, label in enumerate(stances):
                if label not in schema.stances:
                    choices = ", ".join(schema.stances)
                    raise LabelError(
                        message("BAD_LABEL", path="y", line=index, field="stance", value=label, choices=choices)
                    )
        if len(set(stances)) < 2:
            raise LabelError(message("ONE_CLASS", field="stance", value=stances[0]))
        weights = _sample_weights(sample_weight, len(texts))
        speakers = [r.speaker for r in labelled] if labelled is not None else None
        # Sentences are read as in prediction: consecutive sentences of one article are one text, and
        # plain strings (no article) are one text together. For min_df and the calibration folds a
        # string counts as a document of its own.
        documents = [g if g is not None else f"#{i}" for i, g in enumerate(groups)]

        self.alias_rows_ = _alias_rows(self.aliases)
        self.lexicon_rows_ = _lexicon_rows(self.lexicon)
        self.schema_ = schema
        vocabulary = Vocabulary.fit(texts, documents, self.min_df)
        batch = analyse(vocabulary, texts)
        self.chooser_ = self._fit_chooser(batch, groups, [r.name for r in labelled] if labelled is not None else None)
        attributions = self._attribute(batch, groups)
        features = stance_features(vocabulary, batch, attributions, groups, self.cue_weight)
        features = _widen(schema, features, texts, self.cue_weight)
        matrix = features.to_matrix(vocabulary.size)
        stance_model = fit_linear(matrix, stances, schema.stances, self.C, documents, weights)
        speaker_model = None
        if speakers is not None and len(set(speakers)) >= 2:
            matrix = speaker_features(batch, attributions)
            speaker_model = fit_linear(matrix, speakers, schema.parties, self.speaker_C, documents, weights)
        encoder_model = None
        if self.encoder:
            from .encoder import embed

            encoder_model = fit_linear(embed(texts), stances, schema.stances, ENCODER_C, documents, weights)

        self.vocabulary_ = vocabulary
        self.stance_model_ = stance_model
        self.speaker_model_ = speaker_model
        self.encoder_model_ = encoder_model
        self.classes_ = np.array(schema.stances)
        return self

    def predict_proba(self, X: Iterable[object]) -> np.ndarray:
        """Stance probabilities, columns in ``classes_`` order."""
        texts, groups = _texts_and_groups(X)
        return self.predict_scores(texts, groups).stance

    def predict(self, X: Iterable[object]) -> np.ndarray:
        """The stance of each sentence."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def predict_speakers(self, X: Iterable[object]) -> np.ndarray:
        """The speaker party of each sentence."""
        texts, groups = _texts_and_groups(X)
        return np.array([tag.speaker for tag in self._attach(texts, self.predict_scores(texts, groups))])

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "stance_model_")

    # --- prediction -------------------------------------------------------------------------------

    def _check(self) -> None:
        if not self.__sklearn_is_fitted__():
            raise NotFittedError(message("NOT_FITTED"))

    def _schema(self) -> Schema:
        """The codebook in use (:mod:`stance.schema`): the fitted one, else the one ``codebook`` names."""
        schema = getattr(self, "schema_", None)
        return schema if schema is not None else schema_of(codebook_of(self.codebook))

    def _attributor(self) -> Attributor:
        return attributor(self.alias_rows_ + self._schema().aliases, getattr(self, "lexicon_rows_", ()))

    def _attribute(self, batch: Batch, groups: Sequence[object]) -> list[Attribution]:
        attributor, chooser = self._attributor(), getattr(self, "chooser_", None)
        attributions: list[Attribution] = []
        for start, end, local, local_marks in _texts(batch, groups, getattr(self, "lexicon_rows_", ())):
            attributions.extend(attributor.attribute(batch.sentences[start:end], local, local_marks, chooser))
        return attributions

    def _fit_chooser(self, batch: Batch, groups: Sequence[object], names: Sequence[str] | None) -> Chooser | None:
        """Learn which candidate is the speaker from the labelled names (None without names)."""
        if names is None or not self.learn_choice:
            return None
        attributor = self._attributor()
        rows: list[tuple[list[Candidate], str, str]] = []
        for start, end, local, local_marks in _texts(batch, groups, self.lexicon_rows_):
            found = attributor.candidates(batch.sentences[start:end], local, local_marks)
            rows += zip(found, batch.sentences[start:end], names[start:end])
        return Chooser.fit(rows, attributor.names)

    def predict_scores(self, texts: Sequence[str], groups: Sequence[object] | None = None) -> Scores:
        """Scores of every sentence, without side effects; :meth:`tag_sentences` attaches them."""
        return self._score(texts, groups)[0]

    def _score(self, texts: Sequence[str], groups: Sequence[object] | None = None) -> tuple[Scores, _Evidence | None]:
        """:meth:`predict_scores` with what the scores came from (for :mod:`stance.explain`)."""
        self._check()
        schema = self._schema()
        n = len(texts)
        if n == 0:
            return Scores(np.zeros((0, len(schema.stances))), np.zeros((0, len(schema.parties))), [], np.zeros(0)), None
        groups = [None] * n if groups is None else groups
        batch = analyse(self.vocabulary_, texts)
        attributions = self._attribute(batch, groups)
        features = stance_features(self.vocabulary_, batch, attributions, groups, self.cue_weight)
        if schema.cues:
            features = _widen(schema, features, texts, self.cue_weight)
        stance = linear = self.stance_model_.proba(features)
        encoder_model = getattr(self, "encoder_model_", None)
        encoded = None
        if encoder_model is not None:
            from .encoder import embed

            encoded = encoder_model.proba(embed(texts))
            stance = average_proba(linear, encoded)
        if self.speaker_model_ is not None:
            speaker = self.speaker_model_.proba(speaker_features(batch, attributions))
        else:
            speaker = np.zeros((n, len(schema.parties)))
            for i, attribution in enumerate(attributions):
                party = attribution.party if attribution.party in schema.parties else "author"
                speaker[i, schema.parties.index(party)] = 1.0
        scores = Scores(stance, speaker, attributions, familiarity(self.vocabulary_, batch))
        return scores, _Evidence(groups, features, linear, encoded)

    def _tags(
        self,
        texts: Sequence[str],
        groups: Sequence[object] | None,
        offsets: Sequence[tuple[int, int]] | None,
        why: bool,
    ) -> list[Tag]:
        """Score and attach; with ``why``, each tag also says why (:func:`stance.explain.explain`)."""
        if not why:
            return self._attach(texts, self.predict_scores(texts, groups), offsets)
        from .explain import explain

        scores, evidence = self._score(texts, groups)
        tags = self._attach(texts, scores, offsets)
        if evidence is None:
            return tags
        whys = explain(self, texts, scores, evidence.groups, evidence.features, evidence.linear, evidence.encoded, tags)
        return [replace(tag, why=reason) for tag, reason in zip(tags, whys)]

    def _attach(
        self, texts: Sequence[str], scores: Scores, offsets: Sequence[tuple[int, int]] | None = None
    ) -> list[Tag]:
        stance_best = scores.stance.argmax(axis=1).tolist()
        speaker_best = scores.speaker.argmax(axis=1).tolist()
        stance_rows, speaker_rows = scores.stance.tolist(), scores.speaker.tolist()
        if offsets is None:
            offsets = [(0, len(text)) for text in texts]
        tags = []
        familiar = scores.familiar.tolist()
        schema = self._schema()
        stances, parties = schema.stances, schema.parties
        for text, (start, end), best, row, attribution, speaker_row, speaker_best_i, known in zip(
            texts, offsets, stance_best, stance_rows, scores.attributions, speaker_rows, speaker_best, familiar
        ):
            party, name, confidence = _decide_speaker(attribution, speaker_row, speaker_best_i, parties)
            canonical = attribution.canonical if party != "author" else ""
            tags.append(
                Tag(text, start, end, stances[best], dict(zip(stances, row)), party, name, confidence, canonical, known)
            )
        return tags

    def tag_sentences(
        self, sentences: Sequence[str], groups: Sequence[object] | None = None, why: bool = False
    ) -> list[Tag]:
        """Tag sentences that are already split (the hot path).

        The sentences are read as consecutive sentences of one text, or, with ``groups`` (one value
        per sentence, e.g. an article id), of one text per run of equal values. Offsets refer to
        each sentence: ``start`` is 0 and ``end`` its length. With ``why``, each tag's ``why`` says
        why it was given (a little slower; the tags themselves are the same).
        """
        if isinstance(sentences, str):
            hint = "pass a list of sentences, or use tag() to split a text"
            raise InputTypeError(message("ONE_TEXT", what="sentences", found=describe(sentences), hint=hint))
        if not isinstance(sentences, Sequence):
            expected = "a list of str"
            raise InputTypeError(
                message("WRONG_OBJECT", what="sentences", expected=expected, found=describe(sentences))
            )
        for index, sentence in enumerate(sentences):
            if not isinstance(sentence, str):
                raise InputTypeError(message("NOT_TEXTS", what="sentences", index=index, found=describe(sentence)))
        if groups is not None and len(groups) != len(sentences):
            expected = f"one value per sentence ({len(sentences)})"
            raise InputError(message("BAD_VALUE", name="groups", value=f"{len(groups)} values", expected=expected))
        return self._tags(sentences, groups, None, _flag("why", why))

    def tag(self, text: str, why: bool = False) -> list[Tag]:
        """Split ``text`` into sentences and tag each; offsets refer to ``text``.

        With ``why``, each tag's ``why`` (a :class:`stance.Why`) says which words, cue groups and
        features pushed its stance and which rule found its speaker; without it (the default)
        nothing of that is computed.
        """
        if not isinstance(text, str):
            raise InputTypeError(message("NOT_TEXT", what="text", found=describe(text)))
        self._check()
        spans = split(text)
        sentences = [text[start:end] for start, end in spans]
        return self._tags(sentences, None, spans, _flag("why", why))

    def explain(self, text: str) -> list[Tag]:
        """``tag(text, why=True)``: the tags of ``text``, each with its ``why``."""
        return self.tag(text, why=True)

    def tag_texts(self, texts: Iterable[str], why: bool = False) -> list[list[Tag]]:
        """Tag several texts in one batch; the same tags as :meth:`tag` on each (``why`` as there)."""
        if isinstance(texts, (str, bytes)):
            hint = "to tag one text, use tag(text) or tag_texts([text])"
            raise InputTypeError(message("ONE_TEXT", what="texts", found=describe(texts), hint=hint))
        if not isinstance(texts, Iterable):
            raise InputTypeError(message("WRONG_OBJECT", what="texts", expected="a list of str", found=describe(texts)))
        texts = list(texts)
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputTypeError(message("NOT_TEXTS", what="texts", index=index, found=describe(text)))
        self._check()
        spans = [split(text) for text in texts]
        sentences = [text[s:e] for text, doc in zip(texts, spans) for s, e in doc]
        groups = [i for i, doc in enumerate(spans) for _ in doc]
        offsets = [span for doc in spans for span in doc]
        tags = self._tags(sentences, groups, offsets, _flag("why", why))
        out, position = [], 0
        for doc in spans:
            out.append(tags[position : position + len(doc)])
            position += len(doc)
        return out

    # --- files --------------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model as plain arrays and JSON (a ``.npz`` file; no pickles).

        The model carries everything it needs, its extra alias rows included: loading it never
        reads another file. The file is written beside ``path`` and renamed into place.

        Raises
        ------
        WriteError
            When ``path`` is a folder or cannot be written; nothing is left behind then.
        """
        self._check()
        if not isinstance(path, (str, os.PathLike)):
            expected = "a file path (str or Path)"
            raise InputTypeError(message("WRONG_OBJECT", what="path", expected=expected, found=describe(path)))
        path = Path(path)
        if path.is_dir():
            raise WriteError(message("IS_A_FOLDER", path=path, what="path", example=(path / "model.npz").as_posix()))
        params = {
            name: value for name, value in self.get_params().items() if name not in ("aliases", "codebook", "lexicon")
        }
        schema = self._schema()
        meta = {
            "format": MODEL_FORMAT,
            "stance_version": __version__,
            "params": params,
            "stances": list(schema.stances),
            "parties": list(schema.parties),
            "unigrams": self.vocabulary_.unigrams,
            "aliases": [[row.alias, row.canonical, row.party] for row in self.alias_rows_],
            "stance_temperature": self.stance_model_.temperature,
            "speaker_temperature": self.speaker_model_.temperature if self.speaker_model_ else None,
            "encoder_temperature": self.encoder_model_.temperature if self.encoder_model_ else None,
        }
        if not schema.builtin:
            meta["codebook"] = schema.codebook.to_dict()  # the model carries its own codebook
        if self.lexicon_rows_:
            meta["lexicon"] = [[row.table, list(row.values)] for row in self.lexicon_rows_]  # its own lexicon rows
        arrays = {
            "meta": np.array(json.dumps(meta)),
            "bigram_codes": self.vocabulary_.bigram_codes,
            "common": self.vocabulary_.common,
            "stance_coef": self.stance_model_.coef,
            "stance_intercept": self.stance_model_.intercept,
        }
        if self.speaker_model_ is not None:
            arrays["speaker_coef"] = self.speaker_model_.coef
            arrays["speaker_intercept"] = self.speaker_model_.intercept
        if self.encoder_model_ is not None:
            arrays["encoder_coef"] = self.encoder_model_.coef
            arrays["encoder_intercept"] = self.encoder_model_.intercept
        if self.chooser_ is not None:
            arrays["chooser_coef"] = self.chooser_.coef
            arrays["chooser_intercept"] = np.array([self.chooser_.intercept])

        def write(temporary: Path) -> None:
            with temporary.open("wb") as handle:
                np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]

        write_atomically(path, write, "choose another path or make its folder writable")


def _decide_speaker(
    attribution: Attribution, probabilities: list[float], best: int, parties: tuple[str, ...] = PARTIES
) -> tuple[str, str, float]:
    """Party, name and confidence from the rules' attribution and the speaker model's scores
    (``parties``: the codebook's, in the order of the scores; a party the rules found that the
    codebook lacks counts as none)."""
    party = parties[best]
    if party == "author":
        return "author", "", probabilities[best]
    found = attribution.party if attribution.party in parties else None
    if attribution.name and found in (party, None):
        return party, attribution.name, probabilities[best]
    if found and found != "author":
        # The model prefers another party but the rules name this speaker: keep what is written.
        return found, attribution.name, probabilities[parties.index(found)]
    return "author", "", probabilities[parties.index("author")]


def _widen(schema: Schema, features: Features, texts: Sequence[str], cue_weight: float) -> Features:
    """The stance features with the codebook's own cue features after the dense ones (:mod:`stance.schema`)."""
    if not schema.cues:
        return features
    return replace(features, dense=np.hstack([features.dense, schema.features(list(texts), cue_weight)]))


#: With ``add_weight=None``, the user's sentences together weigh this share of the other training sentences.
ADD_SHARE = 0.25


def train(
    labels: str | Path | Iterable[object] | None = None,
    add: str | Path | Iterable[object] | None = None,
    add_weight: float | None = None,
    learn_aliases: bool = True,
    **params: Any,
) -> Tagger:
    """Train a tagger from label files or from label records, optionally with your own labels weighed up.

    Parameters
    ----------
    labels : path, list of paths or iterable of records, optional
        Label files (JSONL or CSV) or folders like ``labels/news/train``, or records with their fields.
        Default: the built-in model's training sets (:func:`stance.labels.training_label_files`: the
        seeds, ``news/train`` and ``news/dev``).
    add : path, list of paths or iterable of records, optional
        Your own labels (``stance train --add mine.jsonl``), e.g. corrected ``stance labels from-tags``
        output: trained on together with ``labels``, each sentence counting ``add_weight`` times. A
        sentence of ``labels`` with the same text as one of yours is left out (yours corrects it).
    add_weight : float, optional
        How many times each of your sentences counts. Default: so much that yours together weigh
        :data:`ADD_SHARE` of the others (at least 1), so that a few dozen corrections move the model
        on their story without drowning what it learnt elsewhere.
    learn_aliases : bool
        With ``add``: the names your labels give a party become speaker aliases of that party
        (:func:`stance.corrections.learned_aliases`: proper names only, one party each), kept in the model.
    **params
        :class:`Tagger` parameters; ``codebook`` (a codebook file of your own) makes the labels, yours
        and the training labels, use its stances and parties. A codebook that replaces the built-in
        stances needs ``labels`` of your own: the built-in training labels do not use them.

    Raises
    ------
    InputError
        When a parameter is unknown or out of range (named).
    LabelError
        When the labels are not sound (file, line and field named).
    """
    tagger = Tagger().set_params(**params)
    _check_params(tagger.get_params())
    codebook = codebook_of(tagger.codebook)
    if labels is None and not (
        set(STANCES) <= set(codebook.stance_names) and set(PARTIES) <= set(codebook.party_names)
    ):
        raise InputError(message("OWN_LABELS_NEEDED", codebook=codebook.title))  # the built-in ones do not fit
    base = as_records(training_label_files() if labels is None else labels, codebook)
    if add is None:
        if add_weight is not None:
            raise InputError(message("BAD_VALUE", name="add_weight", value=add_weight, expected="None without add"))
        return tagger.fit(base)
    mine = as_records(add, codebook)
    yours = {record.text.strip() for record in mine}
    base = [record for record in base if record.text.strip() not in yours]
    if _flag("learn_aliases", learn_aliases):
        from .corrections import learned_aliases

        known = (*read_aliases(packaged_aliases_path()), *_alias_rows(tagger.aliases))
        rows = learned_aliases(mine, known, [record.text for record in base])
        if rows:
            tagger.set_params(aliases=(*_alias_sources(tagger.aliases), *rows))
    if add_weight is None:
        weight = max(1.0, ADD_SHARE * len(base) / len(mine))
    else:
        weight = float(_weight("add_weight", add_weight))
    return tagger.fit(base + mine, sample_weight=[1.0] * len(base) + [weight] * len(mine))


# --- parameters and aliases ----------------------------------------------------------------------------

#: What each numeric parameter must be: (integer only, smallest value, smallest allowed itself).
_RANGES: dict[str, tuple[bool, float, bool]] = {
    "C": (False, 0.0, False),
    "speaker_C": (False, 0.0, False),
    "min_df": (True, 1, True),
    "cue_weight": (False, 0.0, True),
}


#: The parameters that are switches (True or False).
_SWITCHES = ("encoder", "learn_choice")


def _expected(name: str) -> str:
    integer, low, inclusive = _RANGES[name]
    return f"{'an integer' if integer else 'a number'} {'>=' if inclusive else '>'} {low:g}"


def _wrong_type(name: str, value: object) -> bool:
    integer = _RANGES[name][0]
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    return isinstance(value, bool) or not isinstance(value, kinds)


def _param_problem(name: str, value: object) -> str | None:
    """What ``value`` of the parameter ``name`` should be, when it is not; None when it is fine."""
    if _wrong_type(name, value):
        return _expected(name)
    _, low, inclusive = _RANGES[name]
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number) or number < low or (number == low and not inclusive):
        return _expected(name)
    return None


def _check_params(params: Mapping[str, object]) -> None:
    """Refuse a parameter of the wrong type or out of range, naming it (scikit-learn checks in ``fit``)."""
    for name in _RANGES:
        value = params[name]
        expected = _param_problem(name, value)
        if expected is None:
            continue
        if _wrong_type(name, value):
            raise InputTypeError(message("WRONG_OBJECT", what=name, expected=expected, found=describe(value)))
        raise InputError(message("BAD_VALUE", name=name, value=value, expected=expected))


def _weight(name: str, value: object) -> float:
    """A weight: a finite number > 0; else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputTypeError(message("WRONG_OBJECT", what=name, expected="a number > 0", found=describe(value)))
    if not math.isfinite(float(value)) or float(value) <= 0:
        raise InputError(message("BAD_VALUE", name=name, value=value, expected="a number > 0"))
    return float(value)


def _sample_weights(sample_weight: object, n: int) -> np.ndarray | None:
    """``sample_weight`` checked: None, or one number > 0 per sentence."""
    if sample_weight is None:
        return None
    if isinstance(sample_weight, (str, bytes)) or not isinstance(sample_weight, Iterable):
        expected = "one number > 0 per sentence"
        raise InputTypeError(
            message("WRONG_OBJECT", what="sample_weight", expected=expected, found=describe(sample_weight))
        )
    weights = [_weight("sample_weight", value) for value in sample_weight]
    if len(weights) != n:
        expected = f"one number > 0 per sentence ({n})"
        raise InputError(message("BAD_VALUE", name="sample_weight", value=f"{len(weights)} values", expected=expected))
    return np.array(weights)


def _alias_sources(aliases: object) -> tuple[object, ...]:
    """``aliases`` as a tuple: one path or row alone, or the items of an iterable."""
    if isinstance(aliases, (str, os.PathLike, Alias)):
        return (aliases,)
    if isinstance(aliases, bytes) or not isinstance(aliases, Iterable):
        expected = "an alias file path or a list of them"
        raise InputTypeError(message("WRONG_OBJECT", what="aliases", expected=expected, found=describe(aliases)))
    return tuple(aliases)


def _alias_rows(aliases: object) -> tuple[Alias, ...]:
    """The alias rows of alias files and rows (``Tagger.aliases``), read and checked."""
    rows: list[Alias] = []
    for index, item in enumerate(_alias_sources(aliases)):
        if isinstance(item, Alias):
            problem = alias_problem(item.alias, item.party)
            if problem is not None:
                raise LabelError(message("ALIAS_FILE", path="aliases", line=index, field=problem[0], reason=problem[1]))
            rows.append(item)
        elif isinstance(item, (str, os.PathLike)):
            rows.extend(read_aliases(item))
        else:
            expected = "alias file paths (str or Path) or Alias rows"
            raise InputTypeError(
                message("WRONG_OBJECT", what="aliases", expected=expected, found=f"an item {describe(item)}")
            )
    return tuple(rows)


def _lexicon_sources(lexicon: object) -> tuple[object, ...]:
    """``lexicon`` as a tuple: one path or row alone, or the items of an iterable."""
    if isinstance(lexicon, (str, os.PathLike, LexiconRow)):
        return (lexicon,)
    if isinstance(lexicon, bytes) or not isinstance(lexicon, Iterable):
        expected = "a lexicon file path or a list of them"
        raise InputTypeError(message("WRONG_OBJECT", what="lexicon", expected=expected, found=describe(lexicon)))
    return tuple(lexicon)


def _lexicon_rows(lexicon: object) -> tuple[LexiconRow, ...]:
    """The lexicon rows of lexicon files and rows (``Tagger.lexicon``), read and checked."""
    rows: list[LexiconRow] = []
    for index, item in enumerate(_lexicon_sources(lexicon)):
        if isinstance(item, LexiconRow):
            problem = _lexicon_row_problem(item)
            if problem is not None:
                field_name, value, choices = problem
                raise LexiconError(
                    message("LEXICON_VALUE", path="lexicon", line=index, field=field_name, value=value, choices=choices)
                )
            rows.append(item)
        elif isinstance(item, (str, os.PathLike)):
            rows.extend(read_lexicon_rows([item]))
        else:
            expected = "lexicon file paths (str or Path) or LexiconRow rows"
            raise InputTypeError(
                message("WRONG_OBJECT", what="lexicon", expected=expected, found=f"an item {describe(item)}")
            )
    return tuple(rows)


def _lexicon_row_problem(row: LexiconRow) -> tuple[str, str, str] | None:
    """``(field, value, valid choices)`` when a lexicon row cannot be used, else None."""
    if row.table not in TABLES:
        return "table", row.table, ", ".join(TABLES)
    if len(row.values) != len(TABLES[row.table]) or not all(isinstance(v, str) for v in row.values):
        return "values", repr(row.values), f"{len(TABLES[row.table])} texts: {', '.join(TABLES[row.table])}"
    return lexicon_row_problem(row.table, row.as_dict())


def _model_lexicon(path: Path, meta: Mapping[str, Any]) -> tuple[LexiconRow, ...]:
    """The user's lexicon rows a model file carries (``lexicon`` in its metadata; none: no rows), checked."""
    if "lexicon" not in meta:
        return ()
    rows = _field(
        path,
        meta,
        "lexicon",
        "a list of [table, [values]] rows",
        lambda v: (
            isinstance(v, list)
            and all(
                isinstance(r, list)
                and len(r) == 2
                and isinstance(r[0], str)
                and isinstance(r[1], list)
                and all(isinstance(x, str) for x in r[1])
                for r in v
            )
        ),
    )
    lexicon = tuple(LexiconRow(table, tuple(values)) for table, values in rows)
    for index, row in enumerate(lexicon):
        problem = _lexicon_row_problem(row)
        if problem is not None:
            field_name, value, choices = problem
            raise ModelFileError(
                message(
                    "MODEL_FIELD",
                    path=path,
                    field=f"lexicon[{index}].{field_name}",
                    expected=f"one of {choices}",
                    found=repr(value),
                )
            )
    return lexicon


# --- model files ---------------------------------------------------------------------------------------

#: The arrays of a model file: dtype kind and item size, and whether it may be left out.
_MEMBERS: dict[str, tuple[str, int, bool]] = {
    "meta": ("U", 0, False),
    "bigram_codes": ("i", 8, False),
    "stance_coef": ("f", 8, False),
    "stance_intercept": ("f", 8, False),
    "common": ("i", 8, False),
    "speaker_coef": ("f", 8, True),
    "speaker_intercept": ("f", 8, True),
    "encoder_coef": ("f", 8, True),
    "encoder_intercept": ("f", 8, True),
    "chooser_coef": ("f", 8, True),
    "chooser_intercept": ("f", 8, True),
}


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> np.ndarray:
    """One ``.npy`` member, read only after its header says its size fits what the member holds.

    The returned array is read-only (it is shared by every Tagger loaded from the same file).
    """
    key = info.filename.removesuffix(".npy")
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                raise ValueError(f"npy format {version} is not supported")
        except ValueError as err:
            raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=f"member {key!r}: {err}")) from None
        if dtype.hasobject:
            raise ModelFileError(message("MODEL_PICKLE", path=path))
        wanted_kind, itemsize, _ = _MEMBERS[key]
        if dtype.kind != wanted_kind or (itemsize and dtype.itemsize != itemsize) or dtype.fields is not None:
            expected = {"U": "text", "i": "int64", "f": "float64"}[wanted_kind]
            raise ModelFileError(message("MODEL_ARRAY", path=path, member=key, expected=expected, found=str(dtype)))
        nbytes = math.prod(shape) * dtype.itemsize
        if nbytes > info.file_size:
            reason = f"member {key!r} declares shape {shape} ({nbytes:,} bytes) but holds {info.file_size:,} bytes"
            raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=reason))
        data = member.read(nbytes)
    if len(data) != nbytes:
        reason = f"member {key!r} ends after {len(data):,} of its {nbytes:,} bytes"
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=reason))
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    if not dtype.isnative:
        array = array.astype(dtype.newbyteorder("="))
        array.flags.writeable = False
    return array


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a model file, each member's size checked before it is unpacked (see :data:`MODEL_MAX_BYTES`)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ModelFileError(message("FILE_NOT_FOUND", path=path)) from None
    except OSError as err:
        raise ModelFileError(message("FILE_UNREADABLE", path=path, reason=os_reason(err))) from None
    try:
        with handle:
            head = handle.read(4)
            if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
                raise ModelFileError(message("MODEL_PICKLE", path=path))
            if not head.startswith(b"PK"):
                raise ModelFileError(message("MODEL_NOT_NPZ", path=path, reason="not a .npz archive"))
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                names = [info.filename for info in infos]
                known = [f"{key}.npy" for key in _MEMBERS]
                if len(set(names)) != len(names) or not set(names) <= set(known):
                    found, expected = ", ".join(names[:10]), ", ".join(known)
                    raise ModelFileError(message("MODEL_MEMBERS", path=path, found=found, expected=expected))
                total = 0
                for info in infos:
                    total += info.file_size
                    if info.file_size > MODEL_MAX_BYTES or total > MODEL_MAX_BYTES:
                        size = max(info.file_size, total)
                        member = info.filename
                        raise ModelFileError(
                            message("MODEL_TOO_LARGE", path=path, member=member, size=size, limit=MODEL_MAX_BYTES)
                        )
                return {info.filename.removesuffix(".npy"): _read_member(archive, info, path) for info in infos}
    except ModelFileError:
        raise
    except OSError as err:
        raise ModelFileError(message("FILE_UNREADABLE", path=path, reason=os_reason(err))) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as err:
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=err)) from None


@dataclass(frozen=True)
class _ModelParts:
    """What a model file holds, checked: parameters, vocabulary, alias rows and read-only arrays."""

    params: dict[str, Any]
    unigrams: tuple[str, ...]
    aliases: tuple[Alias, ...]
    arrays: dict[str, np.ndarray]
    stance_temperature: float
    speaker_temperature: float | None
    encoder_temperature: float | None
    schema: Schema = field(default_factory=lambda: schema_of(codebook_of(None)))
    lexicon: tuple[LexiconRow, ...] = ()


def _field(path: Path, meta: Mapping[str, Any], name: str, expected: str, ok: Any) -> Any:
    """The metadata field ``name`` when ``ok(value)`` holds; else an error naming it and what it must be."""
    value = meta.get(name)
    try:
        good = bool(ok(value))
    except (TypeError, ValueError):
        good = False
    if not good:
        found = "nothing" if name not in meta else describe(value)
        raise ModelFileError(message("MODEL_FIELD", path=path, field=name, expected=expected, found=found))
    return value


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _parts(path: Path, arrays: dict[str, np.ndarray]) -> _ModelParts:
    """Check every metadata field's type and range and every array's dtype, shape and values."""
    missing = [key for key, (_, _, optional) in _MEMBERS.items() if not optional and key not in arrays]
    heads = ("speaker", "encoder", "chooser")
    unpaired = any((f"{head}_coef" in arrays) != (f"{head}_intercept" in arrays) for head in heads)
    if missing or unpaired:
        found, expected = ", ".join(arrays), ", ".join(_MEMBERS)
        raise ModelFileError(message("MODEL_MEMBERS", path=path, found=found, expected=expected))
    if arrays["meta"].shape != ():
        raise ModelFileError(
            message("MODEL_ARRAY", path=path, member="meta", expected="one text", found=arrays["meta"].shape)
        )
    try:
        meta = json.loads(str(arrays["meta"][()]))
    except (ValueError, RecursionError) as err:
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=f"its metadata is not JSON: {err}")) from None
    if not isinstance(meta, dict):
        raise ModelFileError(message("MODEL_META", path=path, expected="a JSON object", found=kind(meta)))
    version = meta.get("format")
    if isinstance(version, bool) or not isinstance(version, int) or version != MODEL_FORMAT:
        shown = version if isinstance(version, int) and not isinstance(version, bool) else describe(version)
        raise ModelFileError(
            message("MODEL_VERSION", path=path, found=shown, expected=MODEL_FORMAT, expected_version=__version__)
        )
    known = {"format", "stance_version", "params", "stances", "parties", "unigrams", "aliases", "codebook", "lexicon"}
    known |= {"stance_temperature", "speaker_temperature", "encoder_temperature"}
    for name in meta:
        if name not in known:
            raise ModelFileError(
                message("MODEL_FIELD", path=path, field=name, expected="absent (unknown)", found=describe(meta[name]))
            )
    _field(path, meta, "stance_version", "a version string", lambda v: isinstance(v, str))
    schema = _model_schema(path, meta)
    for name, labels in (("stances", schema.stances), ("parties", schema.parties)):
        if meta.get(name) != list(labels):
            raise ModelFileError(message("MODEL_LABELS", path=path, field=name, found=describe(meta.get(name))))
    params = _field(
        path,
        meta,
        "params",
        f"an object with {', '.join(_RANGES)}, {', '.join(_SWITCHES)}",
        lambda v: (
            isinstance(v, dict)
            and set(v) == {*_RANGES, *_SWITCHES}
            and all(isinstance(v[name], bool) for name in _SWITCHES)
        ),
    )
    for name in _RANGES:
        if _param_problem(name, params[name]) is not None:
            raise ModelFileError(
                message(
                    "MODEL_FIELD",
                    path=path,
                    field=f"params.{name}",
                    expected=_expected(name),
                    found=describe(params[name]),
                )
            )
    unigrams = _field(
        path,
        meta,
        "unigrams",
        "a list of distinct words",
        lambda v: isinstance(v, list) and all(isinstance(w, str) and w for w in v) and len(set(v)) == len(v),
    )
    rows = _field(
        path,
        meta,
        "aliases",
        "a list of [alias, canonical, party] rows",
        lambda v: (
            isinstance(v, list)
            and all(isinstance(r, list) and len(r) == 3 and all(isinstance(x, str) for x in r) for r in v)
        ),
    )
    aliases = tuple(Alias(*row) for row in rows)
    for index, row in enumerate(aliases):
        problem = alias_problem(row.alias, row.party)
        if problem is not None:
            raise ModelFileError(
                message(
                    "MODEL_FIELD",
                    path=path,
                    field=f"aliases[{index}].{problem[0]}",
                    expected="a usable alias",
                    found=problem[1],
                )
            )
    lexicon = _model_lexicon(path, meta)
    stance_temperature = _field(path, meta, "stance_temperature", "a number > 0", _positive)
    speaker = "speaker_coef" in arrays
    speaker_temperature = _field(
        path,
        meta,
        "speaker_temperature",
        "a number > 0" if speaker else "null (the model has no speaker arrays)",
        _positive if speaker else (lambda v: v is None),
    )
    encoder = "encoder_coef" in arrays
    encoder_temperature = _field(
        path,
        meta,
        "encoder_temperature",
        "a number > 0" if encoder else "null (the model has no encoder arrays)",
        _positive if encoder else (lambda v: v is None),
    )
    for name, present in (("encoder", encoder), ("learn_choice", "chooser_coef" in arrays)):
        if present != params[name]:
            raise ModelFileError(
                message("MODEL_FIELD", path=path, field=f"params.{name}", expected=str(present), found=params[name])
            )
    size = len(unigrams)
    common = arrays["common"]
    if common.ndim != 1 or (len(common) and (common.min() < 0 or common.max() >= size)):
        expected = f"word ids (0 to {size - 1})"
        raise ModelFileError(
            message("MODEL_ARRAY", path=path, member="common", expected=expected, found=f"shape {common.shape}")
        )
    codes = arrays["bigram_codes"]
    if codes.ndim != 1 or (len(codes) and (codes[0] < 0 or codes[-1] >= size * size or np.any(np.diff(codes) <= 0))):
        expected = f"increasing codes of word pairs (0 to {size * size - 1})"
        raise ModelFileError(
            message(
                "MODEL_ARRAY",
                path=path,
                member="bigram_codes",
                expected=expected,
                found=f"shape {codes.shape}, other values",
            )
        )
    shapes = {
        "stance_coef": (size + len(codes) + len(DENSE_FEATURES) + len(schema.cues), len(schema.stances)),
        "stance_intercept": (len(schema.stances),),
        "speaker_coef": (SPEAKER_WIDTH, len(schema.parties)),
        "speaker_intercept": (len(schema.parties),),
        "encoder_coef": (DIMENSIONS, len(schema.stances)),
        "encoder_intercept": (len(schema.stances),),
        "chooser_coef": (len(CHOOSER_FEATURES),),
        "chooser_intercept": (1,),
    }
    for key, shape in shapes.items():
        if key not in arrays:
            continue
        array = arrays[key]
        if array.shape != shape:
            raise ModelFileError(
                message("MODEL_ARRAY", path=path, member=key, expected=f"shape {shape}", found=f"shape {array.shape}")
            )
        if not np.isfinite(array).all():
            raise ModelFileError(
                message("MODEL_ARRAY", path=path, member=key, expected="finite numbers", found="NaN or infinity")
            )
    return _ModelParts(
        dict(params),
        tuple(unigrams),
        aliases,
        arrays,
        float(stance_temperature),
        None if speaker_temperature is None else float(speaker_temperature),
        None if encoder_temperature is None else float(encoder_temperature),
        schema,
        lexicon,
    )


def _model_schema(path: Path, meta: Mapping[str, Any]) -> Schema:
    """The codebook a model file carries (``codebook`` in its metadata; none: the built-in one), checked."""
    if "codebook" not in meta:
        return schema_of(codebook_of(None))
    try:
        return schema_of(parse_codebook(meta["codebook"], f"{path} (its codebook)"))
    except LabelError as err:
        raise ModelFileError(
            message("MODEL_FIELD", path=path, field="codebook", expected="a codebook", found=err)
        ) from None


def _tagger(parts: _ModelParts, extra: tuple[object, ...], extra_lexicon: tuple[object, ...] = ()) -> Tagger:
    """A new Tagger from a model file's parts (sharing only their read-only arrays), with ``extra`` alias files
    and ``extra_lexicon`` lexicon files."""
    arrays = parts.arrays
    schema = parts.schema
    codebook = None if schema.builtin else schema.codebook
    tagger = Tagger(
        **parts.params,
        aliases=(*parts.aliases, *extra),  # type: ignore[arg-type]
        codebook=codebook,
        lexicon=(*parts.lexicon, *extra_lexicon),  # type: ignore[arg-type]
    )
    tagger.alias_rows_ = parts.aliases + _alias_rows(extra)
    tagger.lexicon_rows_ = parts.lexicon + _lexicon_rows(extra_lexicon)
    tagger.schema_ = schema
    stances, parties = schema.stances, schema.parties
    tagger.vocabulary_ = Vocabulary(list(parts.unigrams), arrays["bigram_codes"], arrays["common"])
    tagger.stance_model_ = Linear(stances, arrays["stance_coef"], arrays["stance_intercept"], parts.stance_temperature)
    tagger.speaker_model_ = None
    if "speaker_coef" in arrays:
        assert parts.speaker_temperature is not None
        tagger.speaker_model_ = Linear(
            parties, arrays["speaker_coef"], arrays["speaker_intercept"], parts.speaker_temperature
        )
    tagger.chooser_ = None
    if "chooser_coef" in arrays:
        tagger.chooser_ = Chooser(arrays["chooser_coef"], float(arrays["chooser_intercept"][0]))
    tagger.encoder_model_ = None
    if "encoder_coef" in arrays:
        assert parts.encoder_temperature is not None
        tagger.encoder_model_ = Linear(
            stances, arrays["encoder_coef"], arrays["encoder_intercept"], parts.encoder_temperature
        )
    tagger.classes_ = np.array(stances)
    return tagger


def load(
    path: str | Path | None = None,
    aliases: str | Path | Iterable[str | Path] = (),
    encoder: bool = False,
    lexicon: str | Path | Iterable[str | Path] = (),
) -> Tagger:
    """Load a saved tagger, or with no path the built-in default model.

    Loading never runs code from the file and never reads another file it names: it holds only
    arrays and JSON, its own alias rows included. Every call returns a new Tagger (fitting one
    changes no other); taggers of the same file share only its read-only arrays.

    Parameters
    ----------
    path : path, optional
        A file written by :meth:`Tagger.save`. Default: the model trained from the packaged labels.
    aliases : path or sequence of path
        Extra speaker alias files to use on top of the model's own (one path, or several).
    encoder : bool
        With no path: the built-in model trained with MiniLM sentence embeddings
        (``stance/data/default-encoder.npz``; needs ``stance[encoder]`` to tag).
    lexicon : path or sequence of path
        Extra lexicon files (CSV with the columns of a table of :mod:`stance.lexicon`, e.g. your own
        reporting verbs) on top of the packaged word lists and the model's own rows.

    Raises
    ------
    ModelFileError
        When the file is missing, not a model, pickled, corrupt, too large, not sound (a
        metadata field or array of the wrong type, shape or value) or from another format version.
    LabelError
        When an alias file is not sound.
    LexiconError
        When a lexicon file is not sound (file, line, field and the valid values named).
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        expected = "a model file path (str or Path) or None (the built-in model)"
        raise InputTypeError(message("WRONG_OBJECT", what="path", expected=expected, found=describe(path)))
    if not isinstance(encoder, bool):
        raise InputTypeError(message("WRONG_OBJECT", what="encoder", expected="True or False", found=describe(encoder)))
    extra = _alias_sources(aliases)
    extra_lexicon = _lexicon_sources(lexicon)
    _lexicon_rows(extra_lexicon)  # a bad file is refused before the model is read
    parts = _default_parts(encoder) if path is None else _parts(Path(path), _read_npz(Path(path)))
    return _tagger(parts, extra, extra_lexicon)


def default_model_path(encoder: bool = False) -> Path:
    """The built-in model file, trained from the packaged labels by ``stance train --default`` (with
    ``encoder``: the one trained with sentence embeddings, ``stance train --default --encoder``)."""
    return Path(str(resources.files("stance") / "data" / ("default-encoder.npz" if encoder else "default.npz")))


_DEFAULT: dict[bool, _ModelParts] = {}


def _default_parts(encoder: bool = False) -> _ModelParts:
    """The built-in model's parts, read and checked once per process."""
    if encoder not in _DEFAULT:
        path = default_model_path(encoder)
        _DEFAULT[encoder] = _parts(path, _read_npz(path))
    return _DEFAULT[encoder]


def model_labels(path: str | os.PathLike[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stances and parties of a model file (None: the built-in model), in the model's order."""
    parts = _default_parts() if path is None else _parts(Path(path), _read_npz(Path(path)))
    return parts.schema.stances, parts.schema.parties


def default_tagger() -> Tagger:
    """A new Tagger of the built-in model (as :func:`load` with no arguments)."""
    return load()
