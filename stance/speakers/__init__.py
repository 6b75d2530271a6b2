"""Speaker attribution: who is the source of each sentence's main claim.

The parts, in the order a sentence meets them:

- ``rules.py``: the patterns, compiled from the lexicon's word lists (``stance/data/lexicon/``);
- ``aliases.py``: the alias table (``labels/speakers.csv`` plus the user's files) and its file reading;
- ``names.py``: what a speaker phrase says by itself: can it name a speaker, and its party;
- ``candidates.py``: finding the attributions a sentence makes, and the rules' choice (the outermost one);
- ``choosing.py``: a learned choice between them (a logistic regression over candidates);
- ``carry.py``: what earlier sentences say: pronouns, references, quotes across sentences, canonical names.

The result is a rule decision with the evidence it rests on; :mod:`stance.model` learns from the
labelled set how far to trust it.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from ..lexicon import LexiconRow
from .aliases import Alias, AliasTable, alias_problem, alias_table, packaged_aliases_path, read_aliases
from .candidates import Candidate, choose, find_candidates, may_have_colon_intro, may_have_credit
from .carry import AUTHOR, KINDS, Attribution, Context, carry_quotes, resolve
from .choosing import Chooser
from .names import Names
from .rules import Rules, default_rules

__all__ = [
    "AUTHOR",
    "KINDS",
    "Alias",
    "AliasTable",
    "Attribution",
    "Attributor",
    "Candidate",
    "Chooser",
    "Names",
    "Rules",
    "alias_problem",
    "alias_table",
    "attributor",
    "may_have_colon_intro",
    "may_have_credit",
    "packaged_aliases_path",
    "read_aliases",
]


class Attributor:
    """Finds the speaker of each sentence of one text.

    Parameters
    ----------
    names : Names
        The lexicon's rules and the alias table, with their memo.
    """

    def __init__(self, names: Names) -> None:
        self.names = names

    def choose(self, sentence: str, reporting_words: bool = True, chooser: Chooser | None = None) -> Candidate | None:
        """The speaker candidate of one sentence, or None: the ``chooser``'s pick, else the rules' outermost one."""
        found = find_candidates(sentence, self.names, reporting_words)
        if chooser is not None:
            return chooser.pick(found, sentence, self.names)
        return choose(found, sentence, self.names.rules)

    def candidates(
        self, sentences: Sequence[str], triggered: AbstractSet[int], marks_only: AbstractSet[int] = frozenset()
    ) -> list[list[Candidate]]:
        """Every sentence's candidates (none for a sentence not in ``triggered``), to learn a chooser from."""
        return [
            find_candidates(sentence, self.names, i not in marks_only) if i in triggered else []
            for i, sentence in enumerate(sentences)
        ]

    def attribute(
        self,
        sentences: Sequence[str],
        triggered: AbstractSet[int],
        marks_only: AbstractSet[int] = frozenset(),
        chooser: Chooser | None = None,
    ) -> list[Attribution]:
        """Attributions for consecutive sentences of one text, with carry-over.

        Only the sentences in ``triggered`` (indices of sentences holding anything an attribution
        can start from: :func:`stance.model.triggered` finds them) are searched for candidates;
        those also in ``marks_only`` (a late dash or an early colon, no reporting word) only for a
        credit line or a colon introduction. A learned ``chooser`` picks between the candidates.
        """
        context = Context(self.names, sentences)
        for i, sentence in enumerate(sentences):
            choice = None
            if i in triggered:
                choice = context.chosen[i] = self.choose(sentence, i not in marks_only, chooser)
            if choice is None:
                context.found.append(None)
                continue
            attribution = resolve(choice, i, context)
            context.found.append(attribution)
            context.remember(attribution, i)
        return carry_quotes(sentences, context.found)


@lru_cache(maxsize=8)
def attributor(aliases: tuple[Alias, ...] = (), lexicon: tuple[LexiconRow, ...] = ()) -> Attributor:
    """The attributor of the packaged lexicon and aliases plus the user's alias rows and lexicon rows
    (one per combination)."""
    return Attributor(Names(default_rules(lexicon), alias_table(aliases)))
