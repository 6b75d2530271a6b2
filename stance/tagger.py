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
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .errors import InputError, LabelError, ModelFileError, NotFittedError, message
from .labels import PARTIES, STANCES, Record, as_records, training_label_files
from .model import (
    DENSE_FEATURES,
    Batch,
    Linear,
    Vocabulary,
    analyse,
    average_proba,
    familiarity,
    fit_linear,
    speaker_features,
    stance_features,
    triggered,
)
from .sentences import split
from .speakers import Attribution, Attributor, alias_table, attributor
from .version import __version__

#: Inverse regularisation of the stance model on sentence embeddings (``encoder=True``).
ENCODER_C = 4.0

#: Version of the model file layout; bump when it changes.
MODEL_FORMAT = 1


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


@dataclass(frozen=True)
class Scores:
    """What :meth:`Tagger.predict_scores` computes for a batch, before tags are attached."""

    stance: np.ndarray  # (n, len(STANCES)) probabilities in STANCES order
    speaker: np.ndarray  # (n, len(PARTIES)) probabilities in PARTIES order
    attributions: list[Attribution]
    familiar: np.ndarray  # (n,) share of content words seen in training


def _texts_and_groups(X: object, what: str = "X") -> tuple[list[str], list[object]]:
    """Sentences and their text groups from strings or records."""
    if isinstance(X, (str, bytes)) or not isinstance(X, Iterable):
        raise InputError(message("NOT_TEXTS", what=what, index=0, found=type(X).__name__) + " (pass a list)")
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
            raise InputError(message("NOT_TEXTS", what=what, index=index, found=type(item).__name__))
    return texts, groups


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
    aliases : tuple of str
        Extra speaker alias files (CSV ``alias,canonical,party``) on top of the packaged ones.
    encoder : bool
        Also learn stance from MiniLM sentence embeddings (needs ``stance[encoder]``) and average the
        two stance models.

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
    """

    def __init__(
        self,
        C: float = 4.0,
        speaker_C: float = 1.0,
        min_df: int = 2,
        cue_weight: float = 3.0,
        aliases: tuple[str, ...] = (),
        encoder: bool = False,
    ):
        self.C = C
        self.speaker_C = speaker_C
        self.min_df = min_df
        self.cue_weight = cue_weight
        self.aliases = aliases
        self.encoder = encoder

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
                raise InputError(
                    message("BAD_OPTION", option=name, reason="no such parameter", choices=", ".join(valid))
                )
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

    def fit(self, X: Iterable[object], y: Sequence[str] | None = None) -> Tagger:
        """Learn from labelled sentences.

        Parameters
        ----------
        X : iterable of label records or str
            Records carry ``text``, ``stance``, ``speaker`` and ``article``; strings need ``y``.
        y : sequence of str, optional
            Stances; by default the records' own.

        Returns
        -------
        self
        """
        items = list(X) if not isinstance(X, (str, bytes)) else X
        texts, groups = _texts_and_groups(items)
        if not texts:
            raise LabelError(message("NO_RECORDS", path="X"))
        records = [item for item in items if not isinstance(item, str)]
        labelled = as_records(records) if len(records) == len(texts) else None  # checks every record
        if y is None:
            if labelled is None:
                raise InputError("fit(X) with sentences as str needs y, the stance of each sentence")
            stances = [r.stance for r in labelled]
        else:
            stances = [str(label) for label in y]
            if len(stances) != len(texts):
                raise InputError(f"X has {len(texts)} sentences but y has {len(stances)} labels")
            for index, label in enumerate(stances):
                if label not in STANCES:
                    raise LabelError(
                        message(
                            "BAD_LABEL", path="y", line=index, field="stance", value=label, choices=", ".join(STANCES)
                        )
                    )
        if len(set(stances)) < 2:
            raise LabelError(message("ONE_CLASS", field="stance", value=stances[0]))
        speakers = [r.speaker for r in labelled] if labelled is not None else None
        # Sentences are read as in prediction: consecutive sentences of one article are one text, and
        # plain strings (no article) are one text together. For min_df and the calibration folds a
        # string counts as a document of its own.
        documents = [g if g is not None else f"#{i}" for i, g in enumerate(groups)]

        vocabulary = Vocabulary.fit(texts, documents, self.min_df)
        batch = analyse(vocabulary, texts)
        attributions = self._attribute(batch, groups)
        features = stance_features(vocabulary, batch, attributions, groups, self.cue_weight)
        stance_model = fit_linear(features.to_matrix(vocabulary.size), stances, STANCES, self.C, documents)
        speaker_model = None
        if speakers is not None and len(set(speakers)) >= 2:
            matrix = speaker_features(batch, attributions)
            speaker_model = fit_linear(matrix, speakers, PARTIES, self.speaker_C, documents)
        encoder_model = None
        if self.encoder:
            from .encoder import embed

            encoder_model = fit_linear(embed(texts), stances, STANCES, ENCODER_C, documents)

        self.vocabulary_ = vocabulary
        self.stance_model_ = stance_model
        self.speaker_model_ = speaker_model
        self.encoder_model_ = encoder_model
        self.classes_ = np.array(STANCES)
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

    def _attributor(self) -> Attributor:
        return attributor(tuple(str(p) for p in self.aliases))

    def _attribute(self, batch: Batch, groups: Sequence[object]) -> list[Attribution]:
        attributor = self._attributor()
        searched, marks_only = triggered(batch)
        attributions: list[Attribution] = []
        for start, end in _runs(groups):
            local = set(np.flatnonzero(searched[start:end]).tolist())
            local_marks = set(np.flatnonzero(marks_only[start:end]).tolist())
            attributions.extend(attributor.attribute(batch.sentences[start:end], local, local_marks))
        return attributions

    def predict_scores(self, texts: Sequence[str], groups: Sequence[object] | None = None) -> Scores:
        """Scores of every sentence, without side effects; :meth:`tag_sentences` attaches them."""
        self._check()
        n = len(texts)
        if n == 0:
            return Scores(np.zeros((0, len(STANCES))), np.zeros((0, len(PARTIES))), [], np.zeros(0))
        groups = [None] * n if groups is None else groups
        batch = analyse(self.vocabulary_, texts)
        attributions = self._attribute(batch, groups)
        features = stance_features(self.vocabulary_, batch, attributions, groups, self.cue_weight)
        stance = self.stance_model_.proba(features)
        if getattr(self, "encoder_model_", None) is not None:
            from .encoder import embed

            stance = average_proba(stance, self.encoder_model_.proba(embed(texts)))
        if self.speaker_model_ is not None:
            speaker = self.speaker_model_.proba(speaker_features(batch, attributions))
        else:
            speaker = np.zeros((n, len(PARTIES)))
            for i, attribution in enumerate(attributions):
                speaker[i, PARTIES.index(attribution.party or "author")] = 1.0
        return Scores(stance, speaker, attributions, familiarity(self.vocabulary_, batch))

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
        for text, (start, end), best, row, attribution, speaker_row, speaker_best_i, known in zip(
            texts, offsets, stance_best, stance_rows, scores.attributions, speaker_rows, speaker_best, familiar
        ):
            party, name, confidence = _decide_speaker(attribution, speaker_row, speaker_best_i)
            canonical = attribution.canonical if party != "author" else ""
            tags.append(
                Tag(text, start, end, STANCES[best], dict(zip(STANCES, row)), party, name, confidence, canonical, known)
            )
        return tags

    def tag_sentences(self, sentences: Sequence[str], groups: Sequence[object] | None = None) -> list[Tag]:
        """Tag sentences that are already split (the hot path).

        The sentences are read as consecutive sentences of one text, or, with ``groups`` (one value
        per sentence, e.g. an article id), of one text per run of equal values. Offsets refer to
        each sentence: ``start`` is 0 and ``end`` its length.
        """
        if isinstance(sentences, str) or not isinstance(sentences, Sequence):
            raise InputError(message("NOT_TEXTS", what="sentences", index=0, found=type(sentences).__name__))
        for index, sentence in enumerate(sentences):
            if not isinstance(sentence, str):
                raise InputError(message("NOT_TEXTS", what="sentences", index=index, found=type(sentence).__name__))
        if groups is not None and len(groups) != len(sentences):
            raise InputError(
                message(
                    "BAD_OPTION",
                    option="groups",
                    reason=f"{len(groups)} values for {len(sentences)} sentences",
                    choices="one value per sentence",
                )
            )
        return self._attach(sentences, self.predict_scores(sentences, groups))

    def tag(self, text: str) -> list[Tag]:
        """Split ``text`` into sentences and tag each; offsets refer to ``text``."""
        if not isinstance(text, str):
            raise InputError(message("NOT_TEXT", what="text", found=type(text).__name__))
        self._check()
        spans = split(text)
        sentences = [text[start:end] for start, end in spans]
        return self._attach(sentences, self.predict_scores(sentences), spans)

    def tag_texts(self, texts: Iterable[str]) -> list[list[Tag]]:
        """Tag several texts in one batch; the same tags as :meth:`tag` on each."""
        texts = list(texts)
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputError(message("NOT_TEXTS", what="texts", index=index, found=type(text).__name__))
        self._check()
        spans = [split(text) for text in texts]
        sentences = [text[s:e] for text, doc in zip(texts, spans) for s, e in doc]
        groups = [i for i, doc in enumerate(spans) for _ in doc]
        offsets = [span for doc in spans for span in doc]
        tags = self._attach(sentences, self.predict_scores(sentences, groups), offsets)
        out, position = [], 0
        for doc in spans:
            out.append(tags[position : position + len(doc)])
            position += len(doc)
        return out

    # --- files --------------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model as plain arrays and JSON (a ``.npz`` file; no pickles)."""
        self._check()
        meta = {
            "format": MODEL_FORMAT,
            "stance_version": __version__,
            "params": self.get_params(),
            "stances": list(STANCES),
            "parties": list(PARTIES),
            "unigrams": self.vocabulary_.unigrams,
            "stance_temperature": self.stance_model_.temperature,
            "speaker_temperature": self.speaker_model_.temperature if self.speaker_model_ else None,
        }
        meta["params"]["aliases"] = list(meta["params"]["aliases"])
        arrays = {
            "meta": np.array(json.dumps(meta)),
            "bigram_codes": self.vocabulary_.bigram_codes,
            "stance_coef": self.stance_model_.coef,
            "stance_intercept": self.stance_model_.intercept,
        }
        if self.speaker_model_ is not None:
            arrays["speaker_coef"] = self.speaker_model_.coef
            arrays["speaker_intercept"] = self.speaker_model_.intercept
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        path = Path(path)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(buffer.getvalue())
        temporary.replace(path)


def _decide_speaker(attribution: Attribution, probabilities: list[float], best: int) -> tuple[str, str, float]:
    """Party, name and confidence from the rules' attribution and the speaker model's scores."""
    party = PARTIES[best]
    if party == "author":
        return "author", "", probabilities[best]
    if attribution.name and attribution.party in (party, None):
        return party, attribution.name, probabilities[best]
    if attribution.party and attribution.party != "author":
        # The model prefers another party but the rules name this speaker: keep what is written.
        return attribution.party, attribution.name, probabilities[PARTIES.index(attribution.party)]
    return "author", "", probabilities[PARTIES.index("author")]


def train(
    labels: str | Path | Iterable[str | Path | Mapping[str, object] | Record] | None = None, **params: object
) -> Tagger:
    """Train a tagger from label files or from label records.

    Parameters
    ----------
    labels : path, list of paths or iterable of records, optional
        JSONL label files or folders like ``labels/news/train``, or records with their fields.
        Default: the built-in model's training sets (the seeds, ``news/train`` and ``news/dev``).
    **params
        :class:`Tagger` parameters.
    """
    records = as_records(training_label_files() if labels is None else labels)
    return Tagger(**params).fit(records)


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(message("FILE_NOT_FOUND", path=path)) from None
    except OSError as err:
        raise ModelFileError(message("FILE_UNREADABLE", path=path, reason=err.strerror or err)) from None
    head = data[:4]
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        raise ModelFileError(message("MODEL_PICKLE", path=path))
    if not head.startswith(b"PK"):
        raise ModelFileError(message("MODEL_NOT_NPZ", path=path, reason="not a .npz archive"))
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except ValueError as err:
        if "pickle" in str(err):
            raise ModelFileError(message("MODEL_PICKLE", path=path)) from None
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=err)) from None
    except (OSError, zipfile.BadZipFile, EOFError, KeyError) as err:
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=err)) from None


def load(path: str | Path | None = None, aliases: Sequence[str | Path] = ()) -> Tagger:
    """Load a saved tagger, or with no path the built-in default model.

    Loading never runs code from the file: it holds only arrays and JSON.

    Parameters
    ----------
    path : path, optional
        A file written by :meth:`Tagger.save`. Default: the model trained from the packaged labels.
    aliases : sequence of path
        Extra speaker alias files to use on top of the model's own.

    Raises
    ------
    ModelFileError
        When the file is missing, not a model, pickled, corrupt or from another format version.
    """
    if path is None:
        tagger = default_tagger()
        if aliases:
            tagger = _with_aliases(tagger, aliases)
        return tagger
    path = Path(path)
    arrays = _read_npz(path)
    try:
        meta = json.loads(str(arrays["meta"]))
        if meta.get("format") != MODEL_FORMAT:
            raise ModelFileError(
                message(
                    "MODEL_VERSION",
                    path=path,
                    found=meta.get("format"),
                    expected=MODEL_FORMAT,
                    expected_version=__version__,
                )
            )
        if tuple(meta["stances"]) != STANCES or tuple(meta["parties"]) != PARTIES:
            raise ModelFileError(message("MODEL_CORRUPT", path=path, reason="its labels differ from this stance's"))
        params = meta["params"]
        params["aliases"] = tuple(params.get("aliases", ())) + tuple(str(p) for p in aliases)
        tagger = Tagger(**params)
        tagger.vocabulary_ = Vocabulary(list(meta["unigrams"]), arrays["bigram_codes"])
        tagger.stance_model_ = Linear(
            STANCES, arrays["stance_coef"], arrays["stance_intercept"], meta["stance_temperature"]
        )
        tagger.speaker_model_ = None
        if "speaker_coef" in arrays:
            tagger.speaker_model_ = Linear(
                PARTIES, arrays["speaker_coef"], arrays["speaker_intercept"], meta["speaker_temperature"]
            )
        tagger.classes_ = np.array(STANCES)
        if tagger.stance_model_.coef.shape != (tagger.vocabulary_.size + len(DENSE_FEATURES), len(STANCES)):
            raise ModelFileError(message("MODEL_CORRUPT", path=path, reason="array shapes do not fit together"))
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as err:
        raise ModelFileError(message("MODEL_CORRUPT", path=path, reason=f"{type(err).__name__}: {err}")) from None
    return tagger


def _with_aliases(tagger: Tagger, aliases: Sequence[str | Path]) -> Tagger:
    copy = Tagger(**{**tagger.get_params(), "aliases": tuple(tagger.aliases) + tuple(str(p) for p in aliases)})
    copy.vocabulary_, copy.stance_model_, copy.speaker_model_ = (
        tagger.vocabulary_,
        tagger.stance_model_,
        tagger.speaker_model_,
    )
    copy.classes_ = tagger.classes_
    alias_table(tuple(copy.aliases))  # fail now, not at first use, on a bad alias file
    return copy


def default_model_path() -> Path:
    """The built-in model file, trained from the packaged labels by ``stance train --default``."""
    return Path(str(resources.files("stance") / "data" / "default.npz"))


_DEFAULT: list[Tagger] = []


def default_tagger() -> Tagger:
    """The built-in model, loaded once per process."""
    if not _DEFAULT:
        _DEFAULT.append(load(default_model_path()))
    return _DEFAULT[0]
