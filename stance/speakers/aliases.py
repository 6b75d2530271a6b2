"""The alias table: ways of writing a speaker, each with its canonical name and party, and its file reading."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import LabelError, message
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


def read_aliases(path: str | Path) -> list[Alias]:
    """Read an alias CSV with columns ``alias,canonical,party`` (``#`` lines are comments).

    Raises
    ------
    LabelError
        When the file is missing a column, a party is unknown or an alias is empty.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LabelError(message("FILE_NOT_FOUND", path=path)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise LabelError(message("FILE_UNREADABLE", path=path, reason=err)) from None
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        return []
    rows = csv.DictReader([line for _, line in lines])
    for column in ("alias", "canonical", "party"):
        if column not in (rows.fieldnames or []):
            raise LabelError(
                message("ALIAS_FILE", path=path, line=lines[0][0], field=column, reason="the column is missing")
            )
    aliases = []
    for (number, _), row in zip(lines[1:], rows):
        alias, party = (row.get("alias") or "").strip(), (row.get("party") or "").strip()
        if not alias:
            raise LabelError(message("ALIAS_FILE", path=path, line=number, field="alias", reason="it is empty"))
        if party not in PARTIES:
            reason = f"unknown party {party!r}; valid parties are {', '.join(PARTIES)}"
            raise LabelError(message("ALIAS_FILE", path=path, line=number, field="party", reason=reason))
        aliases.append(Alias(alias, (row.get("canonical") or alias).strip(), party))
    return aliases


def fold(text: str) -> str:
    """Lower case with curly apostrophes made straight (same length, so offsets hold)."""
    return text.lower().replace("’", "'").replace("‘", "'")


class AliasTable:
    """Aliases compiled into one pattern; finds the leftmost, longest alias in a phrase."""

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self.by_alias: dict[str, Alias] = {}
        for alias in aliases:
            self.by_alias[fold(_DETERMINER.sub("", alias.alias.strip()))] = alias
        body = words_pattern(self.by_alias, any_space=False)  # the longest alias first, as a trie
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?!\w|{ORIGIN_SUFFIX})")

    def find(self, phrase: str) -> tuple[Alias, int, int] | None:
        """The leftmost (then longest) alias in ``phrase`` with its span, or None."""
        match = self.pattern.search(fold(phrase))
        if match is None:
            return None
        return self.by_alias[match.group()], match.start(), match.end()


@lru_cache(maxsize=8)
def alias_table(extra: tuple[str, ...] = ()) -> AliasTable:
    """The packaged aliases plus the users' files in ``extra`` (later files win)."""
    aliases = read_aliases(packaged_aliases_path())
    for path in extra:
        aliases.extend(read_aliases(path))
    return AliasTable(aliases)
