"""A codebook of one's own in a tagger: its labels, its cue words as features, its party aliases.

``Tagger(codebook="mine.json")`` (``stance train --codebook mine.json``) trains on labels that use the
codebook's stances and parties (:mod:`stance.codebook`). What changes against the built-in codebook:

- the labels the validator accepts and the classes both models learn are the codebook's;
- each stance whose cue words the codebook adds (beyond the built-in codebook's own examples) gets one
  more stance feature, ``codebook:<stance>``: the count of its cues in the sentence, scaled like the
  built-in cue counts (the built-in features all stay, and the classifier learns what they mean for the
  new stances);
- each party alias becomes an alias row (alias, alias, party), so the speaker rules name that party
  when the text names it; the speaker model learns the rest from the labels.

The built-in codebook adds nothing: its tagger computes exactly what it computed before, no slower.
A saved model carries its codebook (``codebook`` in the metadata) and is checked against it on load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .codebook import Codebook, default_codebook
from .cues import CueTable, _token_phrase
from .errors import LabelError, message
from .speakers import Alias, alias_problem

#: The party every codebook has: the sentences nobody is quoted in.
AUTHOR = "author"
_SEPARATOR = "\x1e"
_TOKENS = re.compile(rf"\w\w+|{_SEPARATOR}")
_WORD = re.compile(r"\w\w+\*?")


@dataclass(frozen=True, eq=False)
class Schema:
    """What a codebook changes in a tagger: labels, extra cue features and alias rows (see the module docstring)."""

    codebook: Codebook
    cues: dict[str, tuple[str, ...]]  # stance -> its added cue phrases (one feature each stance)
    aliases: tuple[Alias, ...]
    table: CueTable | None = field(default=None, repr=False)

    @property
    def stances(self) -> tuple[str, ...]:
        return self.codebook.stance_names

    @property
    def parties(self) -> tuple[str, ...]:
        return self.codebook.party_names

    @property
    def builtin(self) -> bool:
        """Whether this is the built-in codebook (nothing added to the tagger)."""
        return self.codebook == default_codebook()

    @property
    def feature_names(self) -> tuple[str, ...]:
        """Names of the extra stance features, in column order (after :data:`stance.model.DENSE_FEATURES`)."""
        return tuple(f"codebook:{stance}" for stance in self.cues)

    def features(self, sentences: list[str] | tuple[str, ...], cue_weight: float) -> np.ndarray:
        """The extra stance features of a batch: (sentences, len(cues)) scaled cue counts."""
        n = len(sentences)
        if self.table is None:
            return np.zeros((n, 0))
        joined = f" {_SEPARATOR} ".join(s.replace(_SEPARATOR, " ") for s in sentences).lower()
        rows = self.table.lookup(_TOKENS.findall(joined))
        counts = self.table.counts(rows, np.cumsum(rows == 0), n)
        return cue_weight * np.minimum(counts, 3.0) / 3.0


def _phrases(cues: tuple[str, ...]) -> tuple[str, ...]:
    """Cue words and phrases as token patterns (words of one letter are no tokens and are left out)."""
    out = []
    for cue in cues:
        words = _WORD.findall(cue.lower())
        if words:
            out.append(_token_phrase(" ".join(words)))
    return tuple(dict.fromkeys(out))


def schema_of(codebook: Codebook) -> Schema:
    """The schema of a codebook, checked.

    Raises
    ------
    LabelError
        When the codebook has no ``author`` party, or a party alias could not be used (empty, shorter
        than two letters, a stop word).
    """
    if codebook == default_codebook():
        return _builtin()
    if AUTHOR not in codebook.party_names:
        expected = "a list of parties with 'author' (the sentences nobody is quoted in)"
        raise LabelError(
            message("CODEBOOK_FIELD", path=codebook.source or codebook.name, field="parties", expected=expected,
                    found=", ".join(codebook.party_names))
        )  # fmt: skip
    builtin = {label.name: set(label.cues) for label in default_codebook().stances}
    cues = {}
    for label in codebook.stances:
        added = tuple(cue for cue in label.cues if cue not in builtin.get(label.name, set()))
        phrases = _phrases(added)
        if phrases:
            cues[label.name] = phrases
    aliases = []
    for label in codebook.parties:
        for alias in label.aliases:
            problem = alias_problem(alias, "author")  # the alias text only: the party is the codebook's own
            if problem is not None:
                where = codebook.source or codebook.name
                raise LabelError(
                    message("CODEBOOK_FIELD", path=where, field=f"{label.name}.aliases", expected="usable aliases",
                            found=problem[1])
                )  # fmt: skip
            aliases.append(Alias(alias, alias, label.name))
    table = CueTable({}, _SEPARATOR, cues) if cues else None
    return Schema(codebook, cues, tuple(aliases), table)


@cache
def _builtin() -> Schema:
    return Schema(default_codebook(), {}, ())
