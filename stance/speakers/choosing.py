"""Choosing between the candidate sources of a sentence: the rules' precedence, or a learned model.

The rules' :func:`~stance.speakers.candidates.choose` takes the outermost attribution by a fixed
precedence. A :class:`Chooser` learns from the labelled sets which candidate is the speaker (the
``name`` of a label is the source span as written), as BBC's Citron does: a logistic regression over
each candidate's cue kind, verb kind, position, punctuation and what its words say; the candidate it
rates highest is the speaker if it rates it at least :data:`THRESHOLD`, else the sentence has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..lexicon import VERB_KINDS
from .candidates import Candidate, choose, is_headline
from .names import Names

_CANDIDATE_KINDS = ("trailing", "credit", "according", "leading", "relative", "colon")

#: The features of a candidate, in column order.
FEATURES: tuple[str, ...] = (
    *(f"kind:{kind}" for kind in _CANDIDATE_KINDS),
    *(f"verb:{kind}" for kind in VERB_KINDS),
    "verb:none",
    "rule_choice",
    "first",
    "last",
    "only",
    "position",
    "after_but",
    "in_opening_clause",
    "alias",
    "party_word",
    "name_like",
    "pronoun",
    "reference",
    "long",
    "headline",
    "quote",
    "starts_with_quote",
)
_COLUMN = {name: i for i, name in enumerate(FEATURES)}
#: The least probability at which the best candidate is taken as the speaker.
THRESHOLD = 0.5


def candidate_features(found: Sequence[Candidate], sentence: str, names: Names) -> np.ndarray:
    """The features of every candidate of one sentence, an (len(found), len(FEATURES)) array."""
    rules = names.rules
    out = np.zeros((len(found), len(FEATURES)))
    if not found:
        return out
    picked = choose(list(found), sentence, rules)
    positions = [c.position for c in found]
    opening = rules.subordinate_start.match(sentence)
    headline = is_headline(sentence)
    quote = any(q in sentence for q in '"“”')
    starts_quote = sentence.lstrip()[:1] in '"“‘«'
    length = max(len(sentence), 1)
    for row, candidate in enumerate(found):
        ones = [
            f"kind:{candidate.kind}",
            f"verb:{rules.verb_kind.get(candidate.verb, 'none') if candidate.verb else 'none'}",
        ]
        facts = names.facts(candidate.phrase)
        ones += [
            name
            for name, on in (
                ("rule_choice", candidate == picked),
                ("first", candidate.position == min(positions)),
                ("last", candidate.position == max(positions)),
                ("only", len(found) == 1),
                ("after_but", rules.after_but.search(sentence[: candidate.position]) is not None),
                ("in_opening_clause", opening is not None and candidate.position < opening.end()),
                ("alias", facts.how == "alias"),
                ("party_word", facts.how in ("keyword", "country")),
                ("name_like", facts.name_like),
                ("pronoun", facts.bare in rules.pronouns),
                ("reference", facts.back is not None),
                ("long", len(candidate.phrase.split()) > 6),
                ("headline", headline),
                ("quote", quote),
                ("starts_with_quote", starts_quote),
            )
            if on
        ]
        for name in ones:
            column = _COLUMN.get(name)
            if column is not None:
                out[row, column] = 1.0
        out[row, _COLUMN["position"]] = candidate.position / length
    return out


def is_source(candidate: Candidate, name: str) -> bool:
    """Whether a candidate's phrase is the labelled source span ``name`` (one holds the other)."""
    phrase, name = candidate.phrase.casefold().strip(), name.casefold().strip()
    return bool(name) and (phrase == name or name in phrase or phrase in name)


@dataclass
class Chooser:
    """A learned choice between candidates: ``sigmoid(features @ coef + intercept)`` per candidate."""

    coef: np.ndarray  # (len(FEATURES),)
    intercept: float

    def pick(self, found: Sequence[Candidate], sentence: str, names: Names) -> Candidate | None:
        """The candidate rated highest, if it is rated at least :data:`THRESHOLD`; else None."""
        if not found:
            return None
        scores = candidate_features(found, sentence, names) @ self.coef + self.intercept
        best = int(np.argmax(scores))
        return found[best] if 1.0 / (1.0 + np.exp(-scores[best])) >= THRESHOLD else None

    @classmethod
    def fit(cls, rows: Sequence[tuple[Sequence[Candidate], str, str]], names: Names, C: float = 1.0) -> Chooser | None:
        """Learn from (candidates, sentence, labelled name) of training sentences; None when there is nothing
        to learn from (no candidate, or only one answer)."""
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        matrices, targets = [], []
        for found, sentence, name in rows:
            if not found:
                continue
            matrices.append(candidate_features(found, sentence, names))
            targets += [is_source(candidate, name) for candidate in found]
        if not matrices or len(set(targets)) < 2:
            return None
        with threadpool_limits(1):
            model = LogisticRegression(C=C, max_iter=2000).fit(np.vstack(matrices), np.array(targets))
        return cls(model.coef_[0].astype(float), float(model.intercept_[0]))
