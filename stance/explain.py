"""Why a tag was given: the features that pushed its stance and the rule that found its speaker.

Computed only when asked for (``Tagger.tag(text, why=True)``, ``stance tag --why``,
``stance explain``), from what scoring computed anyway; the tags are the same with or without it.

The stance part reads the linear stance model. A feature's **contribution** to the chosen stance
``k`` is its value times the weight it gives ``k`` minus the mean of the weights it gives every
stance, divided by the model's calibration temperature::

    contribution_j = x_j * (W[j, k] - mean(W[j, :])) / T

so a positive contribution pushes towards ``k`` against the average stance and a negative one
away from it. The contributions and the intercept's own part (``(b_k - mean(b)) / T``) add up to
the chosen stance's calibrated log-score minus the mean of the stances' log-scores: they explain
the linear model exactly. When the model also has the optional sentence-encoder head
(``encoder=True``), the final scores are the geometric mean of both models' probabilities; the
encoder's own probabilities are given beside the contributions (``encoder``), since an embedding
dimension names nothing a reader can check. A tagger with a codebook of its own also has the
``codebook:<stance>`` cue features (:mod:`stance.schema`). The cue words shown with a cue group
(``cue:denial[denied]``) are looked up again for display only; the features come from scoring.

The speaker part is what the rules found (:class:`stance.speakers.Attribution`): how the
attribution was made (``kind``: ``trailing`` "..., X said", ``leading`` "X said ...",
``according`` "according to X", ``credit`` "... - Reuters", ``colon``, ``relative``, ``carry``,
``quote``), the reporting verb, the speaker as written, how its party was decided (``how``:
``alias`` from the alias table, ``keyword`` from the words of the name, ``role`` from what the
text says of the name, ``guess`` from the verb alone, ``carry`` from an earlier sentence), the
canonical name and, for carry-over, the sentence it came from; then whether the speaker model
agreed with the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .cues import CUES, _split_phrase
from .labels import PARTIES
from .model import DENSE_FEATURES, TOKEN_PATTERN, Features, Vocabulary

if TYPE_CHECKING:
    from .speakers import Attribution
    from .tagger import Scores, Tag, Tagger

#: How many features each ``why`` lists (the largest contributions, either sign).
TOP_FEATURES = 6


@dataclass(frozen=True)
class Push:
    """One feature's part in a stance decision: its name, kind, value in the sentence and contribution."""

    feature: str
    kind: str  # word, bigram, cue, context, text, topic, shape, attributed, verb
    value: float
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "kind": self.kind,
            "value": round(self.value, 4),
            "contribution": round(self.contribution, 4),
        }


@dataclass(frozen=True)
class StanceWhy:
    """Why a sentence got its stance: the features with the largest contributions (see the module docstring)."""

    stance: str
    pushes: tuple[Push, ...]
    intercept: float
    encoder: dict[str, float] | None = None  # the encoder head's own probabilities, when it voted

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stance": self.stance,
            "features": [push.to_dict() for push in self.pushes],
            "intercept": round(self.intercept, 4),
        }
        if self.encoder is not None:
            out["encoder"] = {stance: round(p, 4) for stance, p in self.encoder.items()}
        return out

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> StanceWhy:
        """The inverse of :meth:`to_dict`."""
        pushes = tuple(
            Push(p["feature"], p["kind"], float(p["value"]), float(p["contribution"])) for p in obj["features"]
        )
        encoder = obj.get("encoder")
        return cls(obj["stance"], pushes, float(obj["intercept"]), None if encoder is None else dict(encoder))

    def compact(self, top: int | None = None) -> str:
        """One line: ``denial <- +1.52 cue:denial[denied], +0.61 "denied", -0.20 shape:quote`` (the ``top``
        largest contributions only, when given)."""
        pushes = self.pushes if top is None else sorted(self.pushes, key=lambda p: -abs(p.contribution))[:top]
        parts = [f"{push.contribution:+.2f} {_shown(push)}" for push in sorted(pushes, key=lambda p: -p.contribution)]
        line = f"{self.stance} <- {', '.join(parts) if parts else 'no feature'}"
        if self.encoder is not None:
            best = max(self.encoder, key=self.encoder.__getitem__)
            line += f"; encoder voted {best} {self.encoder[best]:.2f}"
        return line


@dataclass(frozen=True)
class SpeakerWhy:
    """Why a sentence got its speaker: the rule's attribution and the speaker model's view of it.

    ``rule_party`` is the party the rules found ("" when they found a speaker phrase without a
    party); ``kind`` is ``none`` when no attribution was found (the author's voice). ``source`` is
    the index of the sentence (in the same text) the speaker was carried over from, -1 when none.
    ``decided_by`` says which way the final party came: ``rules`` (the model agreed, or the rules
    named the speaker and were kept), ``model`` (the model overruled the rules).
    """

    party: str
    kind: str
    verb: str
    name: str
    how: str
    canonical: str
    source: int
    rule_party: str
    model_party: str
    model_score: float
    decided_by: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "kind": self.kind,
            "verb": self.verb,
            "name": self.name,
            "how": self.how,
            "canonical": self.canonical,
            "source": self.source,
            "rule_party": self.rule_party,
            "model_party": self.model_party,
            "model_score": round(self.model_score, 4),
            "decided_by": self.decided_by,
        }

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> SpeakerWhy:
        """The inverse of :meth:`to_dict`."""
        return cls(**{name: obj[name] for name in cls.__dataclass_fields__})

    def compact(self) -> str:
        """One line: ``nvidia <- trailing "said" by "the company", party by carry from sentence 2 (Nvidia)``."""
        if self.kind == "none":
            line = f"{self.party} <- no attribution"
        else:
            verb = f' "{self.verb}"' if self.verb else ""
            by = f' by "{self.name}"' if self.name else ""
            line = f"{self.party} <- {self.kind}{verb}{by}, party by {self.how}"
            if self.source >= 0:
                line += f" from sentence {self.source}"
            if self.canonical:
                line += f" ({self.canonical})"
        if self.decided_by == "model":
            rule = self.rule_party or "no party"
            line += f"; the model overruled the rules ({rule}) with {self.model_party} {self.model_score:.2f}"
        return line


@dataclass(frozen=True)
class Why:
    """Why a sentence was tagged as it was: :class:`StanceWhy` and :class:`SpeakerWhy`.

    ``to_dict()`` gives nested plain values (``stance tag --why`` JSONL), ``compact()`` one line per
    part (``why.stance``, ``why.speaker`` columns of CSV and Parquet), ``str()`` a few lines to read.
    """

    stance: StanceWhy
    speaker: SpeakerWhy

    def to_dict(self) -> dict[str, Any]:
        return {"stance": self.stance.to_dict(), "speaker": self.speaker.to_dict()}

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Why:
        """The inverse of :meth:`to_dict` (a row's ``why`` read back from JSONL)."""
        return cls(StanceWhy.from_dict(obj["stance"]), SpeakerWhy.from_dict(obj["speaker"]))

    def compact(self) -> dict[str, str]:
        """The ``why.stance`` and ``why.speaker`` lines of flat output."""
        return {"why.stance": self.stance.compact(), "why.speaker": self.speaker.compact()}

    def __str__(self) -> str:
        lines = [f"stance {self.stance.stance}, pushed by:"]
        width = max((len(_shown(push)) for push in self.stance.pushes), default=0)
        for push in self.stance.pushes:
            lines.append(f"  {push.contribution:+6.2f}  {_shown(push):<{width}}  ({push.kind})")
        lines.append(f"  {self.stance.intercept:+6.2f}  (the model's prior for {self.stance.stance})")
        if self.stance.encoder is not None:
            scores = ", ".join(f"{s} {p:.2f}" for s, p in self.stance.encoder.items())
            lines.append(f"  and the sentence encoder voted: {scores}")
        lines.append(f"speaker {self.speaker.compact()}")
        return "\n".join(lines)


def _shown(push: Push) -> str:
    return f'"{push.feature}"' if push.kind in ("word", "bigram") else push.feature


def _blocks(vocabulary: Vocabulary) -> tuple[int, int]:
    """The sizes of the unigram and bigram blocks of the stance features (the dense features follow them)."""
    return len(vocabulary.unigrams), len(vocabulary.bigram_codes)


def _feature(
    vocabulary: Vocabulary,
    column: int,
    sentence: str,
    attribution: Attribution,
    extra: tuple[str, ...] = (),
    extra_cues: dict[str, tuple[str, ...]] | None = None,
) -> tuple[str, str]:
    """The name and kind of a stance feature column, with the words that set it in ``sentence``."""
    n_uni, n_bi = _blocks(vocabulary)
    if column < n_uni:
        return vocabulary.unigrams[column], "word"
    if column < n_uni + n_bi:
        code = int(vocabulary.bigram_codes[column - n_uni])
        first, second = divmod(code, n_uni)
        return f"{vocabulary.unigrams[first]} {vocabulary.unigrams[second]}", "bigram"
    dense = column - n_uni - n_bi
    if dense >= len(DENSE_FEATURES):  # a cue feature of the tagger's own codebook (stance.schema)
        name = extra[dense - len(DENSE_FEATURES)]
        words = schema_cue_words(sentence, name.partition(":")[2], extra_cues)
        return (f"{name}[{', '.join(words)}]" if words else name), "codebook"
    name = DENSE_FEATURES[dense]
    head, _, rest = name.partition(":")
    if head == "cue":
        words = cue_words(sentence, rest)
        return (f"{name}[{', '.join(words)}]" if words else name), "cue"
    if head == "verb":
        return (f"{name}[{attribution.verb}]" if attribution.verb else name), "verb"
    if head in ("context", "text", "shape"):
        return name, head
    return name, name  # topic, attributed


@cache
def _cue_patterns() -> dict[str, tuple[tuple[re.Pattern[str], ...], ...]]:
    return {
        group: tuple(tuple(re.compile(part) for part in _split_phrase(phrase)) for phrase in phrases)
        for group, phrases in CUES.items()
    }


def cue_words(sentence: str, group: str) -> list[str]:
    """The cue phrases of ``group`` found in ``sentence`` (as written there, lower case), in order."""
    return _found(sentence, _cue_patterns().get(group, ()))


def schema_cue_words(sentence: str, stance: str, cues: dict[str, tuple[str, ...]] | None) -> list[str]:
    """The cue phrases of a codebook's own ``stance`` (token patterns, :mod:`stance.schema`) found in ``sentence``."""
    phrases = (cues or {}).get(stance, ())
    return _found(sentence, tuple(tuple(re.compile(p) for p in _split_phrase(phrase)) for phrase in phrases))


def _found(sentence: str, patterns: tuple[tuple[re.Pattern[str], ...], ...]) -> list[str]:
    tokens = re.findall(TOKEN_PATTERN, sentence.lower())
    found = []
    for start in range(len(tokens)):
        for parts in patterns:
            end = start + len(parts)
            if end <= len(tokens) and all(part.fullmatch(token) for part, token in zip(parts, tokens[start:end])):
                found.append(" ".join(tokens[start:end]))
    return list(dict.fromkeys(found))


def _stance_why(
    tagger: Tagger,
    features: Features,
    columns: dict[int, list[tuple[int, float]]],
    i: int,
    sentence: str,
    stance: str,
    attribution: Attribution,
    encoded: np.ndarray | None,
    top: int,
) -> StanceWhy:
    model = tagger.stance_model_
    schema = tagger._schema()
    k = schema.stances.index(stance)
    coef, temperature = model.coef, model.temperature
    n_sparse = coef.shape[0] - features.dense.shape[1]
    pairs = list(columns.get(i, []))
    pairs += [(n_sparse + j, float(v)) for j, v in enumerate(features.dense[i]) if v]
    pushes = []
    for column, value in pairs:
        weights = coef[column]
        contribution = value * (weights[k] - weights.mean()) / temperature
        if contribution:
            name, kind = _feature(tagger.vocabulary_, column, sentence, attribution, schema.feature_names, schema.cues)
            pushes.append(Push(name, kind, value, float(contribution)))
    pushes.sort(key=lambda push: -abs(push.contribution))
    chosen = sorted(pushes[:top], key=lambda push: -push.contribution)
    intercept = float((model.intercept[k] - model.intercept.mean()) / temperature)
    voted = None if encoded is None else {s: float(p) for s, p in zip(schema.stances, encoded[i])}
    return StanceWhy(stance, tuple(chosen), intercept, voted)


def _speaker_why(
    tag: Tag, attribution: Attribution, speaker_scores: np.ndarray, parties: tuple[str, ...] = PARTIES
) -> SpeakerWhy:
    best = int(np.argmax(speaker_scores))
    rule_party = attribution.party or ""
    model_party = parties[best]
    if attribution.kind == "none" or rule_party in ("", "author"):
        decided_by = "rules" if tag.speaker == (rule_party or "author") else "model"
    else:
        decided_by = "rules" if tag.speaker == rule_party else "model"
    return SpeakerWhy(
        party=tag.speaker,
        kind=attribution.kind,
        verb=attribution.verb,
        name=attribution.name,
        how=attribution.how,
        canonical=attribution.canonical,
        source=attribution.source,  # counted within the text: the rules attribute one text at a time
        rule_party=rule_party,
        model_party=model_party,
        model_score=float(speaker_scores[best]),
        decided_by=decided_by,
    )


def explain(
    tagger: Tagger,
    texts: Sequence[str],
    scores: Scores,
    groups: Sequence[object],
    features: Features,
    linear: np.ndarray,
    encoded: np.ndarray | None,
    tags: Sequence[Tag],
    top: int = TOP_FEATURES,
) -> list[Why]:
    """The :class:`Why` of each tag of a scored batch (called by :meth:`stance.Tagger.tag` with ``why=True``).

    ``groups`` and ``linear`` (the texts of the batch, the linear stance model's own probabilities)
    are what scoring used; ``encoded`` is the encoder head's probabilities (None without one).
    """
    columns: dict[int, list[tuple[int, float]]] = {}
    for row, column, value in zip(features.rows.tolist(), features.cols.tolist(), features.values.tolist()):
        columns.setdefault(row, []).append((column, value))
    out = []
    for i, (text, tag, attribution) in enumerate(zip(texts, tags, scores.attributions)):
        stance_part = _stance_why(tagger, features, columns, i, text, tag.stance, attribution, encoded, top)
        out.append(Why(stance_part, _speaker_why(tag, attribution, scores.speaker[i], tagger._schema().parties)))
    return out


def describe_tags(tags: Sequence[Tag]) -> str:
    """Tags with their ``why`` as text to read (``stance explain "sentence"``): per sentence, its tags and why."""
    blocks = []
    for index, tag in enumerate(tags):
        speaker = (
            tag.speaker + (f' ("{tag.name}")' if tag.name else "") + (f" = {tag.canonical}" if tag.canonical else "")
        )
        confidence = tag.stance_scores[tag.stance]
        head = [
            f"[{index}] {tag.text}",
            f"    stance {tag.stance} ({confidence:.2f}), speaker {speaker} ({tag.speaker_score:.2f})"
            f", familiar {tag.familiar:.2f}",
        ]
        if tag.why is not None:
            head += ["    " + line for line in str(tag.why).splitlines()]
        blocks.append("\n".join(head))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
