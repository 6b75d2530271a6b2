"""The alias table: ways of writing a speaker, each with its canonical name and party, and its file reading."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import LabelError, message, os_reason
from ..labels import PARTIES
from ..lexicon import ORIGIN_SUFFIX, words_pattern

_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing a speaker, with its canonical name and party."""

    alias: str
    canonical: str
    party: str


def packaged_aliases_path() -> Path:
    """The alias table shipped with the package (or, in a checkout, ``labels/speakers.csv``)."""
    shipped = resources.files("stance") / "data" / "speakers.csv"
    if shipped.is_file():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent.parent / "labels" / "speakers.csv"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that are never a speaker's alias ("the", "it", "said"): ``stance/data/stopwords.txt``."""
    text = (resources.files("stance") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(word.lower() for line in text.splitlines() if not line.startswith("#") for word in line.split())


def alias_problem(alias: str, party: str) -> tuple[str, str] | None:
    """``(field, reason)`` when an alias row cannot be used, else None.

    An alias must have two letters or more and must not be a stop word (an alias "the" would
    make every "the ..." a speaker); its party must be one of :data:`~stance.labels.PARTIES`.
    """
    if not alias.strip():
        return "alias", "it is empty"
    if party not in PARTIES:
        return "party", f"unknown party {party!r}; valid parties are {', '.join(PARTIES)}"
    key = fold(_DETERMINER.sub("", alias.strip()))
    if sum(character.isalpha() for character in key) < 2:
        return "alias", f"{alias!r} has fewer than two letters, so it would match almost anywhere"
    if key in stop_words():
        return "alias", f"{alias!r} is a common word (a stop word), so it would make every {key!r} a speaker"
    return None


def read_aliases(path: str | os.PathLike[str]) -> list[Alias]:
    """Read an alias CSV with columns ``alias,canonical,party`` (``#`` lines are comments).

    Raises
    ------
    LabelError
        When the file is missing a column, a party is unknown, or an alias is empty, shorter
        than two letters or a stop word (see :func:`alias_problem`).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LabelError(message("FILE_NOT_FOUND", path=path)) from None
    except UnicodeDecodeError as err:
        raise LabelError(message("NOT_UTF8", path=path, offset=err.start, reason=err.reason)) from None
    except OSError as err:
        raise LabelError(message("FILE_UNREADABLE", path=path, reason=os_reason(err))) from None
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        return []
    rows = csv.DictReader([line for _, line in lines])
    aliases = []
    try:
        for column in ("alias", "canonical", "party"):
            if column not in (rows.fieldnames or []):
                raise LabelError(
                    message("ALIAS_FILE", path=path, line=lines[0][0], field=column, reason="the column is missing")
                )
        for row in rows:
            number = lines[rows.line_num - 1][0]
            alias, party = (row.get("alias") or "").strip(), (row.get("party") or "").strip()
            problem = alias_problem(alias, party)
            if problem is not None:
                raise LabelError(message("ALIAS_FILE", path=path, line=number, field=problem[0], reason=problem[1]))
            aliases.append(Alias(alias, (row.get("canonical") or alias).strip(), party))
    except csv.Error as err:
        number = lines[min(rows.line_num, len(lines)) - 1][0]
        reason = f"malformed CSV ({err})"
        raise LabelError(message("ALIAS_FILE", path=path, line=number, field="alias", reason=reason)) from None
    return aliases


def fold(text: str) -> str:
    """Lower case with curly apostrophes made straight (same length, so offsets hold)."""
    return text.lower().replace("’", "'").replace("‘", "'")


class AliasTable:
    """Aliases compiled into one pattern; finds the leftmost, longest alias in a phrase.

    Matching ignores case, except that a name written with capitals ("The Information", "Nvidia") is not
    found where the text writes it all in lower case ("the information ministry"): there it is a word.
    """

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self.by_alias: dict[str, Alias] = {}
        self.proper: set[str] = set()  # aliases written with a capital letter
        for alias in aliases:
            key = fold(_DETERMINER.sub("", alias.alias.strip()))
            self.by_alias[key] = alias
            if any(ch.isupper() for ch in alias.alias):
                self.proper.add(key)
            else:
                self.proper.discard(key)
        body = words_pattern(self.by_alias, any_space=False)  # the longest alias first, as a trie
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?!\w|{ORIGIN_SUFFIX})")

    def _matches(self, phrase: str):
        for match in self.pattern.finditer(fold(phrase)):
            key = match.group()
            if key in self.proper and phrase[match.start() : match.end()].islower():
                continue  # "the information ministry" is no mention of "The Information"
            yield self.by_alias[key], match.start(), match.end()

    def find_all(self, phrase: str) -> list[tuple[Alias, int, int]]:
        """Every alias in ``phrase`` with its span, left to right."""
        return list(self._matches(phrase))

    def find(self, phrase: str) -> tuple[Alias, int, int] | None:
        """The leftmost (then longest) alias in ``phrase`` with its span, or None."""
        return next(self._matches(phrase), None)


@lru_cache(maxsize=8)
def alias_table(extra: tuple[Alias, ...] = ()) -> AliasTable:
    """The packaged aliases plus ``extra`` rows (read from the users' files; later rows win)."""
    return AliasTable([*read_aliases(packaged_aliases_path()), *extra])
