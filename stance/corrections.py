"""What a user's corrected labels teach besides their sentences: the parties of the speakers they name.

When a reader corrects the speaker of "Kaspersky Lab said ..." to ``industry``, every other sentence
that names Kaspersky Lab should get that party too, in this article and the next. :func:`learned_aliases`
turns such corrections into alias rows (``alias,canonical,party``), which ``stance.train(add=...)``
gives the speaker rules (see its ``learn_aliases``).

A name becomes an alias only when it reads like a proper name (capitalised words, at most
:data:`MAX_WORDS` of them, "of", "for", "and", "the" and "de" allowed between them; one word only
when it has two capitals or more, like "CAC", or the texts never write it in lower case, like "Temu"),
is not a pronoun
or another word the alias table refuses (:func:`stance.speakers.alias_problem`), and the user's
labels give it one party more often than any other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .labels import Record
from .speakers import Alias, alias_problem

#: The longest name (in words) learnt as an alias.
MAX_WORDS = 6
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
_LINKS = frozenset(("of", "for", "and", "the", "de", "&"))
_LOWER = re.compile(r"\b[a-z][a-z'’-]+\b")


def _proper(name: str, common: set[str]) -> bool:
    words = name.split()
    if not words or len(words) > MAX_WORDS or not words[0][:1].isupper():
        return False
    if len(words) == 1 and sum(c.isupper() for c in name) < 2 and name.lower() in common:
        return False  # a common noun written with a capital ("Bureau"), not a name ("Temu", "CAC")
    return all(word[:1].isupper() or word[:1].isdigit() or word.lower() in _LINKS for word in words)


def learned_aliases(
    records: Iterable[Record], known: Iterable[Alias] = (), texts: Iterable[str] = ()
) -> tuple[Alias, ...]:
    """Alias rows from labelled speakers' names (see the module docstring), leaving out those ``known``
    already gives the same party. A one-word name whose word ``texts`` (and the records') also write in
    lower case is a common noun ("Bureau"), not a name."""
    records = list(records)
    common = {word for text in [*texts, *(r.text for r in records)] for word in _LOWER.findall(text)}
    votes: dict[str, Counter[str]] = {}
    for record in records:
        if record.speaker == "author" or not record.name:
            continue
        name = _DETERMINER.sub("", record.name.strip().strip(",.;:\"'“”‘’"))
        if _proper(name, common) and alias_problem(name, record.speaker) is None:
            votes.setdefault(name, Counter())[record.speaker] += 1
    have = {(row.alias.lower(), row.party) for row in known}
    rows = []
    for name, counter in votes.items():
        (party, n), *rest = counter.most_common(2)
        if rest and rest[0][1] == n:
            continue  # the labels disagree about this name
        if (name.lower(), party) not in have:
            rows.append(Alias(name, name, party))
    return tuple(rows)
