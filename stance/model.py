"""Features, training and prediction for stance and speaker.

Prediction is plain numpy on a whole batch at once: the batch's sentences are
joined and tokenised by one regular expression pass, tokens are looked up in
the learned vocabulary, bigrams are matched by one sorted search, and the
scores are one accumulation per class; no scikit-learn is needed to predict.
Training uses scikit-learn's ``LogisticRegression`` on the same features and
calibrates the scores with one temperature fitted on out-of-fold predictions.

Features of a sentence
    - word unigrams and bigrams seen in at least ``min_df`` training groups
      (articles), so that nothing peculiar to one article is learned;
    - counts of the codebook's cue words for each stance (``stance.cues``), gated by
      how much the sentence and its neighbours are about the domain at all;
    - the shape of the line (no final stop, title case, ticker-like, short, furniture);
    - the speaker's party from attribution (``stance.speakers``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cues import GROUPS, Lexicon
from .labels import PARTIES, STANCES
from .speakers import KINDS, Attribution, may_have_colon_intro, may_have_credit

TOKEN_PATTERN = r"\w\w+"
_SEPARATOR = "\x1e"
_TOKENS = re.compile(rf"{TOKEN_PATTERN}|{_SEPARATOR}")
_STOPS = frozenset(".!?\"”’'")
_QUOTE_CHARS = ('"', "“", "”")
_TICKER = re.compile(r"^[A-Z0-9.]{1,12}\$[\d.,]+[+-][\d.,]+%$|^[\w .-]{0,30}\d{4}/\d\d/\d\d \d\d:\d\d$")
# Page furniture: bylines, credits, navigation, datelines (looked for on lines without a final stop).
_FURNITURE = re.compile(
    r"^(?:by\s+[A-Z]|photo|image|source|read (?:more|next)|related|advertisement|sponsored|subscribe|sign up|"
    r"share|follow us|click|copyright|©)|\S\s+\|\s+\S.*\|"
    r"|^[A-Z][A-Z .]{2,}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^)]*\))?\s*[-–—]$",
    re.I,
)
_SHAPES = ("no_stop", "title_case", "ticker", "short", "quote", "non_english", "furniture", "no_comment")
_STANCE_CUES = tuple(s for s in STANCES if s != "neutral")
_COLUMN = {group: i for i, group in enumerate(GROUPS)}

#: Names of the dense features, in column order.
DENSE_FEATURES: tuple[str, ...] = (
    *(f"cue:{s}" for s in _STANCE_CUES),
    "topic",
    "off_topic",
    *(f"shape:{s}" for s in _SHAPES),
    *(f"speaker:{p}" for p in PARTIES),
    "speaker:unknown",
    "speaker_verb:denial",
)
_DENIAL_VERB = re.compile(r"^(?:den|disput|reject|refut|rebut|dismiss)")


def _joined(sentences: Sequence[str]) -> str:
    return f" {_SEPARATOR} ".join(s.replace(_SEPARATOR, " ") for s in sentences).lower()


@dataclass
class Features:
    """A batch's features: sparse n-gram part as (rows, cols, values) and a dense part."""

    n: int
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    dense: np.ndarray

    def to_matrix(self, n_sparse: int):  # scipy matrix, for training only
        from scipy import sparse

        ngrams = sparse.csr_matrix((self.values, (self.rows, self.cols)), shape=(self.n, n_sparse))
        return sparse.hstack([ngrams, sparse.csr_matrix(self.dense)], format="csr")


class Vocabulary:
    """Unigram and bigram features kept from training text.

    Parameters
    ----------
    unigrams : list of str
        Kept unigrams; a unigram's feature id is its index.
    bigram_codes : ndarray of int64
        Sorted codes ``first_id * len(unigrams) + second_id`` of kept bigrams; a bigram's
        feature id is ``len(unigrams) + position in this array``.
    """

    def __init__(self, unigrams: list[str], bigram_codes: np.ndarray) -> None:
        self.unigrams = unigrams
        self.bigram_codes = np.asarray(bigram_codes, dtype=np.int64)
        self.lexicon = Lexicon({token: i for i, token in enumerate(unigrams)}, _SEPARATOR)

    @property
    def size(self) -> int:
        return len(self.unigrams) + len(self.bigram_codes)

    @classmethod
    def fit(cls, sentences: Sequence[str], groups: Sequence[object], min_df: int) -> Vocabulary:
        """Keep unigrams and bigrams that occur in at least ``min_df`` different groups."""
        unigram_groups: dict[str, set[object]] = {}
        bigram_groups: dict[tuple[str, str], set[object]] = {}
        for sentence, group in zip(sentences, groups):
            tokens = re.findall(TOKEN_PATTERN, sentence.lower())
            for token in tokens:
                unigram_groups.setdefault(token, set()).add(group)
            for pair in zip(tokens, tokens[1:]):
                bigram_groups.setdefault(pair, set()).add(group)
        unigrams = sorted(t for t, g in unigram_groups.items() if len(g) >= min_df)
        index = {t: i for i, t in enumerate(unigrams)}
        codes = sorted(
            index[a] * len(unigrams) + index[b]
            for (a, b), g in bigram_groups.items()
            if len(g) >= min_df and a in index and b in index
        )
        return cls(unigrams, np.array(codes, dtype=np.int64))


@dataclass
class Batch:
    """One pass over a batch of sentences: tokens, cue counts and line shape, shared by both models."""

    sentences: Sequence[str]
    rows: np.ndarray  # lexicon row of every token (separators removed)
    sentence_of: np.ndarray  # sentence index of every token
    feature_of: np.ndarray  # vocabulary feature id of every token (-1 if none)
    counts: np.ndarray  # (n, len(GROUPS)) cue counts
    shapes: np.ndarray  # (n, len(_SHAPES))

    @property
    def n(self) -> int:
        return len(self.sentences)


def analyse(vocabulary: Vocabulary, sentences: Sequence[str]) -> Batch:
    """Tokenise a batch once and compute what both models need from its text."""
    n = len(sentences)
    lexicon = vocabulary.lexicon
    rows = lexicon.lookup(_TOKENS.findall(_joined(sentences)))
    feature_of = lexicon.arrays()[0][rows]
    is_separator = feature_of == -2
    sentence_of = np.cumsum(is_separator)[~is_separator]
    rows, feature_of = rows[~is_separator], feature_of[~is_separator]
    counts = lexicon.counts(rows, sentence_of, n)
    token_count = np.bincount(sentence_of, minlength=n)
    shapes = np.zeros((n, len(_SHAPES)))
    for i, sentence in enumerate(sentences):
        line = sentence.rstrip()
        if line[-1:] not in _STOPS:
            shapes[i, 0] = 1.0
            words = line.split()
            capitalised = sum(1 for w in words if w[:1].isupper())
            shapes[i, 1] = len(words) >= 3 and capitalised / len(words) > 0.6
            shapes[i, 2] = _TICKER.match(line.strip()) is not None
            shapes[i, 6] = _FURNITURE.search(line) is not None
        shapes[i, 4] = _QUOTE_CHARS[0] in sentence or _QUOTE_CHARS[1] in sentence or _QUOTE_CHARS[2] in sentence
    shapes[:, 3] = token_count <= 4
    shapes[:, 5] = counts[:, _COLUMN["non_english"]] >= 2
    shapes[:, 7] = counts[:, _COLUMN["no_comment"]] >= 1
    return Batch(sentences, rows, sentence_of, feature_of, counts, shapes)


def triggered(batch: Batch) -> np.ndarray:
    """Whether each sentence may hold an attribution: a reporting word, a late dash or an early colon."""
    words = batch.counts[:, _COLUMN["attribution"]] > 0
    marks = np.array([may_have_credit(s) or may_have_colon_intro(s) for s in batch.sentences], dtype=bool).reshape(
        batch.n
    )
    return words | marks


def topic_scores(batch: Batch, groups: Sequence[object] | None) -> np.ndarray:
    """How much each sentence, with its neighbours in the same text, is about the domain (0..1)."""
    n = batch.n
    own = np.minimum(batch.counts[:, _COLUMN["topic"]], 2.0) / 2.0
    if n < 2:
        return own
    same = np.ones(n - 1, dtype=bool) if groups is None else np.array([a == b for a, b in zip(groups, groups[1:])])
    before = np.concatenate([[0.0], np.where(same, own[:-1], 0.0)])
    after = np.concatenate([np.where(same, own[1:], 0.0), [0.0]])
    return np.maximum(own, 0.5 * np.maximum(before, after))


def _party_columns(attributions: Sequence[Attribution]) -> np.ndarray:
    index = {p: i for i, p in enumerate(PARTIES)}
    return np.array([index.get(a.party, len(PARTIES)) if a.party else len(PARTIES) for a in attributions])


def stance_features(
    vocabulary: Vocabulary,
    batch: Batch,
    attributions: Sequence[Attribution],
    groups: Sequence[object] | None = None,
    cue_weight: float = 1.0,
) -> Features:
    """All stance features of a batch; ``groups`` tells which text each sentence belongs to.

    ``cue_weight`` scales the codebook cue counts: the larger, the less regularisation holds the
    model back from relying on them rather than on words seen in the few training articles.
    """
    n = batch.n
    known = batch.feature_of >= 0
    first, second = batch.feature_of[:-1], batch.feature_of[1:]
    pair = (batch.sentence_of[:-1] == batch.sentence_of[1:]) & (first >= 0) & (second >= 0)
    codes = first[pair] * len(vocabulary.unigrams) + second[pair]
    position = np.minimum(np.searchsorted(vocabulary.bigram_codes, codes), max(len(vocabulary.bigram_codes) - 1, 0))
    hit = vocabulary.bigram_codes[position] == codes if len(vocabulary.bigram_codes) else np.zeros(len(codes), bool)
    cols = np.concatenate([batch.feature_of[known], len(vocabulary.unigrams) + position[hit]])
    rows = np.concatenate([batch.sentence_of[known], batch.sentence_of[:-1][pair][hit]])
    per_row = np.bincount(rows, minlength=n).astype(float)
    values = 1.0 / np.sqrt(np.maximum(per_row, 1.0))[rows]

    topic = topic_scores(batch, groups)
    cues = cue_weight * topic[:, None] * np.minimum(batch.counts[:, [_COLUMN[s] for s in _STANCE_CUES]], 3.0) / 3.0
    speakers = np.zeros((n, len(PARTIES) + 1))
    speakers[np.arange(n), _party_columns(attributions)] = 1.0
    denial_verb = np.array([_DENIAL_VERB.match(a.verb) is not None for a in attributions], dtype=float)
    dense = np.hstack([cues, topic[:, None], (topic == 0)[:, None], batch.shapes, speakers, denial_verb[:, None]])
    return Features(n, rows, cols, values, dense)


#: Evidence the speaker model weighs, besides what the rules decided.
SPEAKER_EVIDENCE = ("quote", "no_stop", "title_case", "first_person")
_HOWS = ("alias", "keyword", "role", "guess", "carry", "unknown", "none")


def speaker_features(batch: Batch, attributions: Sequence[Attribution]) -> np.ndarray:
    """One-hot rule decision (party, sure party, kind, how) plus a little line shape."""
    n = batch.n
    parties = len(PARTIES) + 1
    party = _party_columns(attributions)
    kind = np.array([KINDS.index(a.kind) for a in attributions], dtype=np.int64)
    how = np.array([_HOWS.index(a.how) for a in attributions], dtype=np.int64)
    sure = np.array([a.how in ("alias", "keyword", "carry") for a in attributions], dtype=bool)
    out = np.zeros((n, parties * 2 + len(KINDS) + len(_HOWS) + len(SPEAKER_EVIDENCE)))
    everyone = np.arange(n)
    out[everyone, party] = 1.0
    out[everyone[sure], parties + party[sure]] = 1.0
    out[everyone, 2 * parties + kind] = 1.0
    out[everyone, 2 * parties + len(KINDS) + how] = 1.0
    evidence = 2 * parties + len(KINDS) + len(_HOWS)
    out[:, evidence] = batch.shapes[:, _SHAPES.index("quote")]
    out[:, evidence + 1] = batch.shapes[:, _SHAPES.index("no_stop")]
    out[:, evidence + 2] = batch.shapes[:, _SHAPES.index("title_case")]
    out[:, evidence + 3] = batch.counts[:, _COLUMN["first_person"]] > 0
    return out


@dataclass
class Linear:
    """A calibrated linear classifier as plain arrays: ``softmax((X @ coef + intercept) / temperature)``."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray  # (n_classes,)
    temperature: float = 1.0

    def decision(self, features: Features | np.ndarray) -> np.ndarray:
        if isinstance(features, np.ndarray):
            return features @ self.coef + self.intercept
        n_sparse = self.coef.shape[0] - features.dense.shape[1]
        scores = features.dense @ self.coef[n_sparse:] + self.intercept
        if len(features.rows):
            classes = scores.shape[1]
            contributions = self.coef[features.cols] * features.values[:, None]  # (features, classes)
            cells = (features.rows[:, None] * classes + np.arange(classes)).ravel()
            scores += np.bincount(cells, weights=contributions.ravel(), minlength=features.n * classes).reshape(
                features.n, classes
            )
        return scores

    def proba(self, features: Features | np.ndarray) -> np.ndarray:
        return softmax(self.decision(features) / self.temperature)


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_linear(matrix, labels: Sequence[str], classes: Sequence[str], C: float, groups: Sequence[object]) -> Linear:
    """Fit a multinomial logistic regression and calibrate it by out-of-fold temperature scaling.

    Classes absent from ``labels`` get a score that never wins.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    y = np.asarray(labels)
    present = [c for c in classes if c in set(labels)]
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    with threadpool_limits(1):  # tiny problems: BLAS threads only add contention on a busy machine
        model.fit(matrix, y)
    coef = np.zeros((matrix.shape[1], len(classes)))
    intercept = np.full(len(classes), -1e3)
    for j, name in enumerate(model.classes_):
        k = list(classes).index(name)
        coef[:, k] = model.coef_[j] if len(model.classes_) > 2 else (model.coef_[0] if j == 1 else -model.coef_[0]) / 2
        intercept[k] = (
            model.intercept_[j]
            if len(model.classes_) > 2
            else (model.intercept_[0] if j == 1 else -model.intercept_[0]) / 2
        )
    linear = Linear(tuple(classes), coef, intercept)
    linear.temperature = _temperature(matrix, y, present, classes, C, groups)
    return linear


def _temperature(matrix, y: np.ndarray, present: list[str], classes: Sequence[str], C: float, groups) -> float:
    """The temperature that minimises log loss of out-of-fold scores (1.0 when folds are too few)."""
    from scipy.optimize import minimize_scalar
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    groups = np.asarray(groups)
    unique = np.unique(groups)
    if len(unique) < 3 or len(present) < 2:
        return 1.0
    scores = np.zeros((len(y), len(classes)))
    covered = np.zeros(len(y), dtype=bool)
    for group in unique:
        test = groups == group
        train_labels = set(y[~test])
        if len(train_labels) < 2:
            continue
        with threadpool_limits(1):
            fold = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(matrix[~test], y[~test])
        decision = fold.decision_function(matrix[test])
        if decision.ndim == 1:
            decision = np.column_stack([-decision / 2, decision / 2])
        scores[test] = -1e3
        for j, name in enumerate(fold.classes_):
            scores[np.ix_(test, [list(classes).index(name)])] = decision[:, [j]]
        covered |= test
    if not covered.any():
        return 1.0
    target = np.array([list(classes).index(label) for label in y[covered]])

    def loss(log_t: float) -> float:
        p = softmax(scores[covered] / np.exp(log_t))
        return float(-np.log(np.maximum(p[np.arange(len(target)), target], 1e-12)).mean())

    return float(np.exp(minimize_scalar(loss, bounds=(-3, 3), method="bounded").x))
