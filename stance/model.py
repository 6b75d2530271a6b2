"""Features, training and prediction for stance and speaker.

Prediction is plain numpy on a whole batch at once: the batch's sentences are
joined and tokenised by one regular expression pass, tokens are looked up in
the learned vocabulary, bigrams are matched by one sorted search, and the
scores are one accumulation per class; no scikit-learn is needed to predict.
One sentence goes through the same path as a batch of one.
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
from functools import cache

import numpy as np

from .cues import CUES, GROUPS, CueTable, cue_phrases
from .labels import PARTIES, STANCES
from .lexicon import VERB_KINDS, LexiconRow, lexicon_of, load_lexicon
from .speakers import KINDS, Attribution, may_have_colon_intro, may_have_credit

TOKEN_PATTERN = r"\w\w+"
_SEPARATOR = "\x1e"
_TOKENS = re.compile(rf"{TOKEN_PATTERN}|{_SEPARATOR}")
_STOPS = frozenset(".!?\"”’'")
_QUOTE_CHARS = ('"', "“", "”")
_TICKER = re.compile(r"^[A-Z0-9.]{1,12}\$[\d.,]+[+-][\d.,]+%$|^[\w .-]{0,30}\d{4}/\d\d/\d\d \d\d:\d\d$")
# Page furniture: bylines, credits, navigation, datelines (looked for on lines without a final stop);
# see _is_furniture.
_FURNITURE_START = re.compile(
    r"by\s+[A-Z]|photo|image|source|read (?:more|next)|related|advertisement|sponsored|subscribe|sign up|"
    r"share|follow us|click|copyright|©",
    re.I,
)
_FURNITURE_BARS = re.compile(r"\S\s+\|\s+\S.*\|")
_FURNITURE_DATELINE = re.compile(
    r"[A-Z][A-Z .]{2,}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^)]*\))?\s*[-–—]$", re.I
)
_SHAPES = ("no_stop", "title_case", "ticker", "short", "quote", "non_english", "furniture", "no_comment")
_NO_STOP, _TITLE_CASE, _TICKER_LINE, _SHORT, _QUOTE, _NON_ENGLISH, _FURNITURE, _NO_COMMENT = range(len(_SHAPES))
_STANCE_CUES = tuple(s for s in STANCES if s != "neutral")
_COLUMN = {group: i for i, group in enumerate(GROUPS)}

#: Names of the dense features, in column order. The speaker's identity is none of them (a denial is a
#: denial whoever makes it); what the attribution says is the kind of its verb ("denied": denial).
DENSE_FEATURES: tuple[str, ...] = (
    *(f"cue:{s}" for s in _STANCE_CUES),
    *(f"context:{s}" for s in _STANCE_CUES),
    *(f"text:{s}" for s in _STANCE_CUES),
    "topic",
    "context:topic",
    *(f"shape:{s}" for s in _SHAPES),
    "attributed",
    *(f"verb:{kind}" for kind in VERB_KINDS),
)
# Column blocks of the dense features.
_CUE_FEATURES = slice(0, len(_STANCE_CUES))
_CONTEXT_FEATURES = slice(len(_STANCE_CUES), 2 * len(_STANCE_CUES))
_TEXT_FEATURES = slice(2 * len(_STANCE_CUES), 3 * len(_STANCE_CUES))
_CUE_GROUPS = slice(GROUPS.index(_STANCE_CUES[0]), GROUPS.index(_STANCE_CUES[-1]) + 1)
assert GROUPS[_CUE_GROUPS] == _STANCE_CUES, "the stance cue groups come first, in stance order"
_TOPIC_FEATURE = DENSE_FEATURES.index("topic")
_SHAPE_FEATURES = slice(DENSE_FEATURES.index(f"shape:{_SHAPES[0]}"), DENSE_FEATURES.index(f"shape:{_SHAPES[-1]}") + 1)
_ATTRIBUTED_FEATURE = DENSE_FEATURES.index("attributed")
_VERB_FEATURE = {kind: DENSE_FEATURES.index(f"verb:{kind}") for kind in VERB_KINDS}


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
    common : ndarray of int64, optional
        Ids of the unigrams found in at least :data:`COMMON_SHARE` of the training sentences
        (function words): they say nothing about how familiar a sentence is.
    """

    def __init__(self, unigrams: list[str], bigram_codes: np.ndarray, common: np.ndarray | None = None) -> None:
        self.unigrams = unigrams
        self.common = np.asarray(common if common is not None else [], dtype=np.int64)
        # Feature id -> whether the token is a content word (not common); the separator's -2 and an unknown
        # token's -1 index the last two entries.
        self.content = np.ones(len(unigrams) + 2, dtype=bool)
        self.content[self.common] = False
        self.content[-2] = False  # the separator
        self.bigram_codes = np.asarray(bigram_codes, dtype=np.int64)
        # The codes with a sentinel after them that equals no code: where a sorted search of a
        # code ends, this array holds the code exactly when it is a kept bigram.
        self.bigram_search = np.append(self.bigram_codes, np.iinfo(np.int64).max)
        # The same as a dict (code -> feature id), for one sentence at a time.
        self.bigram_ids = {code: len(unigrams) + i for i, code in enumerate(self.bigram_codes.tolist())}
        self.lexicon = CueTable({token: i for i, token in enumerate(unigrams)}, _SEPARATOR)

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
        in_sentences: dict[str, int] = {}
        for sentence in sentences:
            for token in set(re.findall(TOKEN_PATTERN, sentence.lower())):
                in_sentences[token] = in_sentences.get(token, 0) + 1
        limit = COMMON_SHARE * len(sentences)
        common = sorted(index[t] for t, n in in_sentences.items() if n >= limit and t in index)
        return cls(unigrams, np.array(codes, dtype=np.int64), np.array(common, dtype=np.int64))


#: A word found in at least this share of the training sentences is a function word for familiarity.
COMMON_SHARE = 0.05


def familiarity(vocabulary: Vocabulary, batch: Batch) -> np.ndarray:
    """For each sentence, the share of its content words (not function words) that training saw: 1.0 for
    a sentence like the training data, near 0 for one about things the model never met."""
    feature_of = batch.feature_of
    content = vocabulary.content[feature_of]  # -1 (unknown) and -2 (separator) index the last entries
    known = content & (feature_of >= 0)
    total = np.bincount(batch.sentence_of, weights=content, minlength=batch.n)
    seen = np.bincount(batch.sentence_of, weights=known, minlength=batch.n)
    return np.where(total > 0, seen / np.maximum(total, 1), 1.0)


@dataclass
class Batch:
    """One pass over a batch of sentences: tokens, cue counts and line shape, shared by both models.

    The token arrays keep the separator between sentences (lexicon row 0, feature id -2): it is
    no feature, in no cue group and matches no cue part, so nothing spans two sentences.
    """

    sentences: Sequence[str]
    rows: np.ndarray  # lexicon row of every token
    sentence_of: np.ndarray  # sentence index of every token (a separator: the sentence it opens)
    feature_of: np.ndarray  # vocabulary feature id of every token (-1 if none, -2 the separator)
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
    feature_of = lexicon.feature[rows]
    sentence_of = np.cumsum(rows == 0)
    counts = lexicon.counts(rows, sentence_of, n)
    shapes = np.zeros((n, len(_SHAPES)))
    for i, sentence in enumerate(sentences):  # only the ones are written: most shapes are 0
        for column in _text_shapes(sentence):
            shapes[i, column] = 1.0
    token_count = np.bincount(sentence_of, minlength=n)
    token_count[1:] -= 1  # the separator that opens each sentence after the first
    shapes[:, _SHORT] = token_count <= 4
    shapes[:, _NON_ENGLISH] = counts[:, _COLUMN["non_english"]] >= 2
    shapes[:, _NO_COMMENT] = counts[:, _COLUMN["no_comment"]] >= 1
    return Batch(sentences, rows, sentence_of, feature_of, counts, shapes)


def _text_shapes(sentence: str) -> list[int]:
    """The shape columns a sentence's text alone sets (the others come from its tokens)."""
    columns = []
    line = sentence.rstrip()
    if line[-1:] not in _STOPS:
        columns.append(_NO_STOP)
        words = line.split()
        if len(words) >= 3 and sum([w[0].isupper() for w in words]) / len(words) > 0.6:
            columns.append(_TITLE_CASE)
        if ("$" in line or "/" in line) and _TICKER.match(line.strip()):  # it needs one of them
            columns.append(_TICKER_LINE)
        if _is_furniture(line):
            columns.append(_FURNITURE)
    if _QUOTE_CHARS[0] in sentence or _QUOTE_CHARS[1] in sentence or _QUOTE_CHARS[2] in sentence:
        columns.append(_QUOTE)
    return columns


def _is_furniture(line: str) -> bool:
    """Whether a line (without trailing space) starts like a byline, credit or navigation, has two
    "|" between words, or is a dateline ending in a dash.

    The cheap checks first: the "|" pattern is searched for only in a line with a "|", the
    dateline only when the line ends in a dash.
    """
    return bool(
        _FURNITURE_START.match(line)
        or ("|" in line and _FURNITURE_BARS.search(line))
        or (line[-1:] in "-–—" and _FURNITURE_DATELINE.match(line))
    )


def triggered(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """Whether each sentence may hold an attribution, and whether only through a mark.

    A sentence may hold one when it has a reporting word (the ``attribution`` cues), a dash near
    its end or a colon near its start; with a mark but no such word ("marks only") it can hold
    only a credit line or a colon introduction.
    """
    words = batch.counts[:, _COLUMN["attribution"]] > 0
    marks = np.array([_attribution_mark(s) for s in batch.sentences], dtype=bool).reshape(batch.n)
    return words | marks, marks & ~words


@cache
def extra_attribution_words(lexicon: tuple[LexiconRow, ...]) -> re.Pattern[str] | None:
    """The words an attribution can start from that a user's lexicon rows add to the packaged ones (their
    reporting verbs' first words, any case), as one pattern; None when they add none. A sentence holding
    one is searched for a speaker like one holding a packaged reporting word (see :func:`triggered`)."""
    if not lexicon:
        return None
    added = sorted(set(cue_phrases(lexicon_of(lexicon))["attribution"]) - set(CUES["attribution"]))
    if not added:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(added)})(?!\w)", re.I)


def _attribution_mark(sentence: str) -> bool:
    """A dash near the end or a colon near the start: where a credit line or a colon introduction can be."""
    return may_have_credit(sentence) or may_have_colon_intro(sentence)


def text_means(values: np.ndarray, groups: Sequence[object] | None) -> np.ndarray:
    """For each row, the mean of the rows of its text (consecutive rows with the same group)."""
    n = len(values)
    if n == 0:
        return values
    keys = [0] * n if groups is None else groups
    starts = [0] + [i for i in range(1, n) if keys[i] != keys[i - 1]]
    ends = [*starts[1:], n]
    out = np.empty_like(values)
    for start, end in zip(starts, ends):
        out[start:end] = values[start:end].mean(axis=0)
    return out


def neighbours(values: np.ndarray, groups: Sequence[object] | None) -> np.ndarray:
    """For each row, the mean of the rows just before and after it in the same text (0 where there is none)."""
    n = len(values)
    if n < 2:
        return np.zeros_like(values)
    same = np.ones(n - 1, dtype=bool) if groups is None else np.array([a == b for a, b in zip(groups, groups[1:])])
    shape = (-1,) + (1,) * (values.ndim - 1)
    zero = np.zeros_like(values[:1])
    before = np.concatenate([zero, np.where(same.reshape(shape), values[:-1], 0.0)])
    after = np.concatenate([np.where(same.reshape(shape), values[1:], 0.0), zero])
    return (before + after) / 2.0


_PARTY_COLUMN: dict[str | None, int] = {
    p: i for i, p in enumerate(PARTIES)
}  # any other party (or none): len(PARTIES), unknown


def _party_column(attribution: Attribution) -> int:
    """The feature column of an attribution's party (no party or an unknown one: the last column)."""
    return _PARTY_COLUMN.get(attribution.party, len(PARTIES))


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
    feature_of, sentence_of = batch.feature_of, batch.sentence_of
    known = feature_of >= 0
    # Bigrams: two known tokens in a row (the separator between two sentences is never known).
    first = np.flatnonzero(known[:-1] & known[1:])
    codes = feature_of[first] * len(vocabulary.unigrams) + feature_of[first + 1]
    position = np.searchsorted(vocabulary.bigram_search, codes)
    hit = vocabulary.bigram_search[position] == codes
    cols = np.concatenate([feature_of[known], len(vocabulary.unigrams) + position[hit]])
    # Each n-gram counts 1 / sqrt(the sentence's number of n-grams).
    rows = np.concatenate([sentence_of[known], sentence_of[first[hit]]])
    per_row = np.bincount(rows, minlength=n).astype(float)
    values = 1.0 / np.sqrt(np.maximum(per_row, 1.0))[rows]

    dense = np.zeros((n, len(DENSE_FEATURES)))
    cues = cue_weight * np.minimum(batch.counts[:, _CUE_GROUPS], 3.0) / 3.0
    dense[:, _CUE_FEATURES] = cues
    dense[:, _CONTEXT_FEATURES] = neighbours(cues, groups)
    dense[:, _TEXT_FEATURES] = text_means(cues, groups)
    topic = np.minimum(batch.counts[:, _COLUMN["topic"]], 3.0) / 3.0
    dense[:, _TOPIC_FEATURE] = topic
    dense[:, _TOPIC_FEATURE + 1] = neighbours(topic, groups)
    dense[:, _SHAPE_FEATURES] = batch.shapes
    # Whether the sentence is attributed, and the kind of its reporting verb: the ones, by flat index.
    width, kinds = len(DENSE_FEATURES), _verb_kinds()
    ones = [i * width + _ATTRIBUTED_FEATURE for i, a in enumerate(attributions) if a.party not in (None, "author")]
    ones += [i * width + _VERB_FEATURE[kinds[a.verb]] for i, a in enumerate(attributions) if a.verb in kinds]
    dense.ravel()[ones] = 1.0
    return Features(n, rows, cols, values, dense)


@cache
def _verb_kinds() -> dict[str, str]:
    """Reporting form -> the kind of its verb, from the packaged lexicon."""
    return {form: verb.kind for verb in load_lexicon().verbs for form in verb.forms}


#: Evidence the speaker model weighs, besides what the rules decided.
SPEAKER_EVIDENCE = ("quote", "no_stop", "title_case", "first_person")
_HOWS = ("alias", "keyword", "role", "guess", "carry", "unknown", "none")


_SURE = frozenset(("alias", "keyword", "carry"))  # ways of finding a party that name it for sure
_KIND_COLUMN = {kind: i for i, kind in enumerate(KINDS)}
_HOW_COLUMN = {how: i for i, how in enumerate(_HOWS)}
_EVIDENCE_SHAPES = [_SHAPES.index(name) for name in SPEAKER_EVIDENCE[:3]]


_PARTY_BLOCK = len(PARTIES) + 1  # a party column for each party and one for unknown
_KIND_BLOCK = 2 * _PARTY_BLOCK  # after the party and the sure-party blocks
_HOW_BLOCK = _KIND_BLOCK + len(KINDS)
_EVIDENCE_BLOCK = _HOW_BLOCK + len(_HOWS)
#: Columns of the speaker model's features (:func:`speaker_features`).
SPEAKER_WIDTH = _EVIDENCE_BLOCK + len(SPEAKER_EVIDENCE)


@cache  # a few hundred combinations at most
def _decision_columns(party: int, kind: str, how: str) -> tuple[int, ...]:
    """The speaker features a rule decision sets to one: party, sure party, kind and how."""
    sure = (_PARTY_BLOCK + party,) if how in _SURE else ()
    return (party, _KIND_BLOCK + _KIND_COLUMN[kind], _HOW_BLOCK + _HOW_COLUMN[how], *sure)


def speaker_features(batch: Batch, attributions: Sequence[Attribution]) -> np.ndarray:
    """One-hot rule decision (party, sure party, kind, how) plus a little line shape."""
    width = SPEAKER_WIDTH
    out = np.zeros((batch.n, width))
    # The rule decision's ones, by flat index into ``out``.
    ones = [
        i * width + column
        for i, a in enumerate(attributions)
        for column in _decision_columns(_party_column(a), a.kind, a.how)
    ]
    out.ravel()[ones] = 1.0
    out[:, _EVIDENCE_BLOCK : _EVIDENCE_BLOCK + 3] = batch.shapes[:, _EVIDENCE_SHAPES]
    out[:, _EVIDENCE_BLOCK + 3] = batch.counts[:, _COLUMN["first_person"]] > 0
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


def average_proba(*probabilities: np.ndarray) -> np.ndarray:
    """The geometric mean of several models' class probabilities, renormalised (an ensemble)."""
    logs = np.mean([np.log(np.maximum(p, 1e-12)) for p in probabilities], axis=0)
    return softmax(logs)


def softmax(scores: np.ndarray) -> np.ndarray:
    # The ufuncs' own reductions: what ndarray.max and .sum call, without their Python-level wrapper.
    scores = scores - np.maximum.reduce(scores, axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / np.add.reduce(exp, axis=1, keepdims=True)


def fit_linear(
    matrix,
    labels: Sequence[str],
    classes: Sequence[str],
    C: float,
    groups: Sequence[object],
    sample_weight: np.ndarray | None = None,
) -> Linear:
    """Fit a multinomial logistic regression and calibrate it by out-of-fold temperature scaling.

    Classes absent from ``labels`` get a score that never wins. ``sample_weight`` weighs each
    sentence in the fit and in the calibration (default: all alike).
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    y = np.asarray(labels)
    present = [c for c in classes if c in set(labels)]
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    with threadpool_limits(1):  # tiny problems: BLAS threads only add contention on a busy machine
        model.fit(matrix, y, sample_weight=sample_weight)
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
    linear.temperature = _temperature(matrix, y, present, classes, C, groups, sample_weight)
    return linear


#: Calibration folds: the training texts are cut into this many runs of whole texts.
CALIBRATION_FOLDS = 5


def calibration_folds(groups: Sequence[object]) -> np.ndarray:
    """The calibration fold of each sentence: whole texts (groups), in order of first appearance, cut into
    :data:`CALIBRATION_FOLDS` runs of about equal numbers of texts."""
    order = {group: i for i, group in enumerate(dict.fromkeys(groups))}
    k = min(CALIBRATION_FOLDS, len(order))
    return np.array([order[group] * k // max(len(order), 1) for group in groups], dtype=np.int64)


def _temperature(
    matrix,
    y: np.ndarray,
    present: list[str],
    classes: Sequence[str],
    C: float,
    groups,
    sample_weight: np.ndarray | None = None,
) -> float:
    """The temperature that minimises (weighted) log loss of out-of-fold scores (1.0 when folds are too few)."""
    from scipy.optimize import minimize_scalar
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    folds = calibration_folds(groups)
    if folds.max(initial=0) < 2 or len(present) < 2:
        return 1.0
    scores = np.zeros((len(y), len(classes)))
    covered = np.zeros(len(y), dtype=bool)
    for fold in range(folds.max() + 1):
        test = folds == fold
        train_labels = set(y[~test])
        if len(train_labels) < 2 or not test.any():
            continue
        weight = None if sample_weight is None else sample_weight[~test]
        with threadpool_limits(1):
            model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
            model.fit(matrix[~test], y[~test], sample_weight=weight)
        decision = model.decision_function(matrix[test])
        if decision.ndim == 1:
            decision = np.column_stack([-decision / 2, decision / 2])
        scores[test] = -1e3
        for j, name in enumerate(model.classes_):
            scores[np.ix_(test, [list(classes).index(name)])] = decision[:, [j]]
        covered |= test
    if not covered.any():
        return 1.0
    target = np.array([list(classes).index(label) for label in y[covered]])
    weights = None if sample_weight is None else sample_weight[covered]

    def loss(log_t: float) -> float:
        p = softmax(scores[covered] / np.exp(log_t))
        losses = -np.log(np.maximum(p[np.arange(len(target)), target], 1e-12))
        return float(losses.mean() if weights is None else np.average(losses, weights=weights))

    return float(np.exp(minimize_scalar(loss, bounds=(-3, 3), method="bounded").x))
