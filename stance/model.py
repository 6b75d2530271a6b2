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
    - counts of the codebook's cue words for each stance (``CUES``);
    - the shape of the line (no final stop, title case, ticker-like, short);
    - the speaker's party from attribution (``stance.speakers``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .labels import PARTIES, STANCES
from .speakers import KINDS, Attribution

TOKEN_PATTERN = r"\w\w+"
_SEPARATOR = "\x1e"
_TOKENS = re.compile(rf"{TOKEN_PATTERN}|{_SEPARATOR}")

#: Cue words from the codebook, one pattern per stance (lower-case text).
CUES: dict[str, str] = {
    "denial": (
        r"\b(?:den(?:y|ies|ied|ial|ials)|disput\w*|reject\w*|rebut\w*|refut\w*|dismiss\w*|no backdoors?|"
        r"not a military|false|baseless|groundless|unfounded|untrue|smears?|never (?:has|had|have|will)|"
        r"(?:has|have) (?:always|never) (?:complied|violated|supplied|shipped|sold|shared|been)|"
        r"(?:does|do|did|is|are) not (?:have|contain|pose|share|target|designed)|there (?:are|is) no|"
        r"no (?:kill switch\w*|spyware|mechanism|evidence|hidden)|wrongdoing|not designed)\b"
    ),
    "security-concern": (
        r"\b(?:backdoors?|back doors?|kill switch\w*|remote(?:ly)? (?:shut\w*|access\w*|control\w*|disabl\w*)|"
        r"shut ?downs?|switched off|track\w*|location|surveillance|spy\w*|espionage|leak\w*|"
        r"(?:data|information|cyber|network) ?security|security (?:risks?|concerns?|proofs?|vulnerabilit\w*|"
        r"threats?|investigations?|reviews?|flaws?|fears?|issues?|doubts?|worries|probes?)|vulnerabilit\w*|"
        r"unsafe|safety|safe|authentication|privacy|summon\w*|cybersecurity\w*|hidden|malicious|hack\w*|"
        r"third part(?:y|ies) (?:to )?access|access customer data)\b"
    ),
    "geopolitical": (
        r"\b(?:export\w*|ban|bans|banned|banning|sanction\w*|tariff\w*|trade (?:war|tensions?|talks|deal|"
        r"truce|friction)|national security|geopolit\w*|rivalry|rivals?|self[- ]reliance|self[- ]sufficien\w*|"
        r"domestic (?:alternatives?|chips?|suppliers?|substitut\w*|makers?|production)|independence|"
        r"washington|beijing|white house|diplomat\w*|foreign ministry|weaponi[sz]\w*|politici[sz]\w*|"
        r"containment|suppression|insult\w*|administration|government|policy|policies|curbs?|restrict\w*|"
        r"blockade|licen[cs]es?|tech war|cold war|superpower|sovereign\w*|military|embargo\w*|"
        r"retaliat\w*|trump|xi|lutnick|commerce secretary|state funding|regulators?|authorities|weapons?|"
        r"loopholes?|enforcement|entity list|entities|blacklist\w*|trading partners?|coerc\w*|punish\w*|"
        r"oppos\w*|contain|countermeasures?|rules?|rulemaking|licensed|licensing|committee|lawmakers?|"
        r"congress\w*|ministry|foreign affairs|bureau of industry|trade blows|state[- ]backed|state[- ]owned)\b"
    ),
    "commercial": (
        r"\b(?:revenue\w*|sales?|sell\w*|orders?|market share|shares|stocks?|prices?|profit\w*|earn\w*|"
        r"demand|supply|supplies|production|customers?|buyers?|purchas\w*|competi\w*|performance|investors?|"
        r"billion|million|quarter\w*|fiscal|growth|valuation|margin\w*|shipments?|inventor\w*|"
        r"manufactur\w*|capacity|products?|chipmakers?|market)\b"
    ),
}
_CUE_PATTERNS = {stance: re.compile(rf"{pattern}|{_SEPARATOR}") for stance, pattern in CUES.items()}

#: Words of the project's domain (chips, AI, China-US tech and trade). A sentence far from all of
#: them, with neighbours far from them too, is about another topic and so ``neutral``.
TOPIC = (
    r"\b(?:nvidia|nvda|h20|h100|h800|a100|blackwell|chips?|chipmakers?|semiconductors?|processors?|gpus?|"
    r"accelerators?|ai|artificial[- ]intelligence|huawei|smic|cambricon|hygon|amd|tsmc|intel|micron|qualcomm|"
    r"exports?|china|chinese|beijing|washington|tech|technology|data cent\w*|hardware|lithography|inference|"
    r"cac|miit|ndrc|mofcom|alibaba|bytedance|tencent|baidu|cyberspace|backdoors?|computing|supply chain|"
    r"jensen|huang|lutnick|commerce department)\b"
)
_TOPIC_PATTERN = re.compile(rf"{TOPIC}|{_SEPARATOR}")
_TICKER = re.compile(r"^[A-Z0-9.]{1,12}\$[\d.,]+[+-][\d.,]+%$|^[\w .-]{0,30}\d{4}/\d\d/\d\d \d\d:\d\d$")
_SHAPES = ("no_stop", "title_case", "ticker", "short", "quote", "non_english", "furniture", "no_comment")
# Page furniture: bylines, credits, navigation, datelines.
_FURNITURE = re.compile(
    r"^(?:by\s+[A-Z]|photo|image|source|read (?:more|next)|related|advertisement|sponsored|subscribe|sign up|"
    r"share|follow us|click|copyright|©)|\S\s+\|\s+\S.*\|"
    r"|^[A-Z][A-Z .]{2,}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^)]*\))?\s*[-–—]$",
    re.I,
)
_NO_COMMENT = re.compile(
    r"declined to comment|did not (?:immediately )?(?:respond|comment|reply)|could not be reached|no immediate comment|"
    r"not immediately available",
    re.I,
)
_NON_ENGLISH = re.compile(r"\b(?:les|des|est|sont|pour|vous|une|peut|sur|ne|pas|du|aux)\b")


def _shape(sentence: str) -> list[float]:
    words = sentence.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return [
        float(sentence.rstrip()[-1:] not in ".!?\"”’'"),
        float(len(words) >= 3 and capitalised / len(words) > 0.6),
        float(_TICKER.match(sentence.strip()) is not None),
        float(len(words) <= 4),
        float(any(q in sentence for q in '"“”')),
        float(len(_NON_ENGLISH.findall(sentence.lower())) >= 2),
        float(_FURNITURE.search(sentence) is not None),
        float(_NO_COMMENT.search(sentence) is not None),
    ]


#: Names of the dense features, in column order.
DENSE_FEATURES: tuple[str, ...] = (
    *(f"cue:{s}" for s in STANCES if s != "neutral"),
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


def _per_sentence(pattern: re.Pattern[str], joined: str, n: int) -> np.ndarray:
    """How often ``pattern`` matches in each sentence of a joined batch (one pass)."""
    found = pattern.findall(joined)
    if not found:
        return np.zeros(n)
    is_sep = np.fromiter((m == _SEPARATOR for m in found), dtype=bool, count=len(found))
    rows = np.cumsum(is_sep)[~is_sep]
    return np.bincount(rows, minlength=n).astype(float)


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
        self.index = {token: i for i, token in enumerate(unigrams)}
        self.index[_SEPARATOR] = -2

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

    def features(self, sentences: Sequence[str], joined: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids of every kept unigram and bigram, with the sentence each belongs to."""
        joined = _joined(sentences) if joined is None else joined
        get = self.index.get
        ids = np.array([get(t, -1) for t in _TOKENS.findall(joined)], dtype=np.int64)
        is_sep = ids == -2
        sentence_of = np.cumsum(is_sep)
        keep = ~is_sep
        ids, sentence_of = ids[keep], sentence_of[keep]
        same = sentence_of[:-1] == sentence_of[1:]
        first, second = ids[:-1], ids[1:]
        pair = same & (first >= 0) & (second >= 0)
        codes = first[pair] * len(self.unigrams) + second[pair]
        position = np.searchsorted(self.bigram_codes, codes)
        position = np.minimum(position, max(len(self.bigram_codes) - 1, 0))
        hit = self.bigram_codes[position] == codes if len(self.bigram_codes) else np.zeros(len(codes), bool)
        known = ids >= 0
        cols = np.concatenate([ids[known], len(self.unigrams) + position[hit]])
        rows = np.concatenate([sentence_of[known], sentence_of[:-1][pair][hit]])
        return rows, cols


def topic_scores(joined: str, n: int, groups: Sequence[object] | None) -> np.ndarray:
    """How much each sentence, with its neighbours in the same text, is about the domain (0..1)."""
    own = np.minimum(_per_sentence(_TOPIC_PATTERN, joined, n), 2.0) / 2.0
    if n < 2:
        return own
    same = np.ones(n - 1, dtype=bool) if groups is None else np.array([a == b for a, b in zip(groups, groups[1:])])
    before = np.concatenate([[0.0], np.where(same, own[:-1], 0.0)])
    after = np.concatenate([np.where(same, own[1:], 0.0), [0.0]])
    return np.maximum(own, 0.5 * np.maximum(before, after))


def dense_features(
    sentences: Sequence[str],
    attributions: Sequence[Attribution],
    joined: str,
    groups: Sequence[object] | None = None,
    cue_weight: float = 1.0,
) -> np.ndarray:
    """Cue counts gated by topic, topic, line shape and speaker party of each sentence."""
    n = len(sentences)
    topic = topic_scores(joined, n, groups)
    cues = [
        cue_weight * topic * np.minimum(_per_sentence(_CUE_PATTERNS[s], joined, n), 3.0) / 3.0
        for s in STANCES
        if s != "neutral"
    ]
    shapes = np.array([_shape(s) for s in sentences], dtype=float).reshape(n, len(_SHAPES))
    party_index = {p: i for i, p in enumerate(PARTIES)}
    speakers = np.zeros((n, len(PARTIES) + 1))
    for i, attribution in enumerate(attributions):
        speakers[i, party_index.get(attribution.party, len(PARTIES)) if attribution.party else len(PARTIES)] = 1.0
    denial_verb = np.array([float(bool(_DENIAL_VERB.match(a.verb))) for a in attributions]).reshape(n, 1)
    return np.hstack([np.column_stack([*cues, topic, topic == 0]), shapes, speakers, denial_verb])


def stance_features(
    vocabulary: Vocabulary,
    sentences: Sequence[str],
    attributions: Sequence[Attribution],
    groups: Sequence[object] | None = None,
    cue_weight: float = 1.0,
) -> Features:
    """All stance features of a batch; ``groups`` tells which text each sentence belongs to.

    ``cue_weight`` scales the codebook cue counts: the larger, the less regularisation holds the
    model back from relying on them rather than on words seen in the few training articles.
    """
    joined = _joined(sentences)
    rows, cols = vocabulary.features(sentences, joined)
    n = len(sentences)
    per_row = np.bincount(rows, minlength=n).astype(float)
    values = 1.0 / np.sqrt(np.maximum(per_row, 1.0))[rows]
    return Features(n, rows, cols, values, dense_features(sentences, attributions, joined, groups, cue_weight))


#: Evidence the speaker model weighs, besides what the rules decided.
SPEAKER_EVIDENCE = ("quote", "no_stop", "title_case", "first_person")


def speaker_features(sentences: Sequence[str], attributions: Sequence[Attribution]) -> np.ndarray:
    """One-hot rule decision (party x how it was found) plus a little line shape."""
    parties = (*PARTIES, "unknown")
    kinds = KINDS
    hows = ("alias", "keyword", "role", "guess", "carry", "unknown", "none")
    width = len(parties) * 2 + len(kinds) + len(hows) + len(SPEAKER_EVIDENCE)
    out = np.zeros((len(sentences), width))
    for i, (sentence, attribution) in enumerate(zip(sentences, attributions)):
        party = attribution.party or "unknown"
        p = parties.index(party)
        out[i, p] = 1.0
        if attribution.how in ("alias", "keyword", "carry"):
            out[i, len(parties) + p] = 1.0  # a party the rules are sure of
        base = len(parties) * 2
        out[i, base + kinds.index(attribution.kind)] = 1.0
        out[i, base + len(kinds) + hows.index(attribution.how)] = 1.0
        evidence = base + len(kinds) + len(hows)
        words = sentence.split()
        out[i, evidence] = float(any(q in sentence for q in '"“”'))
        out[i, evidence + 1] = float(sentence.rstrip()[-1:] not in ".!?\"”’'")
        out[i, evidence + 2] = float(len(words) >= 3 and sum(w[:1].isupper() for w in words) / len(words) > 0.6)
        out[i, evidence + 3] = float(re.search(r"\b(?:we|our|us|i)\b", sentence.lower()) is not None)
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
            contributions = self.coef[features.cols] * features.values[:, None]
            for c in range(scores.shape[1]):
                scores[:, c] += np.bincount(features.rows, weights=contributions[:, c], minlength=features.n)
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

    y = np.asarray(labels)
    present = [c for c in classes if c in set(labels)]
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
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
