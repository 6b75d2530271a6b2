"""The word lists the rules read: reporting verbs, party words, states, offices, cue words and closed classes.

They live as CSV files in ``stance/data/lexicon/`` (one table per file, told apart by its header), so
that a user extends them with files of the same columns instead of editing code:

========================  ====================================  ===========================================
file                      columns                               what
========================  ====================================  ===========================================
``reporting_verbs.csv``   lemma, kind, forms, ambiguous,        verbs whose subject is a speaker
                          inverts
``party_words.csv``       word, party                           words that say a speaker's party
``states.csv``            word, state                           words that name a state (china, us, other)
``offices.csv``           office, state                         offices that belong to a state by default
``words.csv``             word, role                            closed classes (pronouns, auxiliaries, ...)
``cues.csv``              group, phrase                         the codebook's cue words of each stance
========================  ====================================  ===========================================

Lines starting with ``#`` are comments. In words and phrases, matching ignores case; a space matches
any run of spaces or hyphens; in ``party_words``, ``states`` and ``offices`` a ``*`` is any one word,
and in ``cues`` a word ending in ``*`` matches any ending.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError, message

#: The columns of each table, by table name.
TABLES: dict[str, tuple[str, ...]] = {
    "verbs": ("lemma", "kind", "forms", "ambiguous", "inverts"),
    "party_words": ("word", "party"),
    "states": ("word", "state"),
    "offices": ("office", "state"),
    "words": ("word", "role"),
    "cues": ("group", "phrase"),
}

#: The kinds of reporting verbs.
VERB_KINDS = (
    "speech",
    "directive",
    "denial",
    "accusation",
    "evaluation",
    "disclosure",
    "estimate",
    "response",
    "warning",
    "thought",
)
#: The states a word can name.
STATES = ("china", "us", "other")
#: The parties a party word can say ("gov": a government, whose state the phrase names).
WORD_PARTIES = ("sources", "china-media", "press", "analyst", "gov", "industry")
#: The closed classes of ``words.csv``.
ROLES = (
    "aux",
    "intro",
    "tail",
    "clause",
    "passive",
    "pronoun",
    "reference",
    "company_reference",
    "press_reference",
    "appositive",
    "representative",
    "outlet_suffix",
    "not_inverted",
    "negation",
    "own_document",
    "agent_verb",
    "relative",
    "possessive_statement",
    "nominal",
    "auxiliary_verb",
    "name_connector",
    "government_reference",
    "not_name",
    "subordinate",
    "furniture",
    "content_opener",
)
#: The cue groups, in the order of their columns: the four stances' first.
CUE_GROUPS = (
    "denial",
    "security-concern",
    "geopolitical",
    "commercial",
    "topic",
    "no_comment",
    "first_person",
    "non_english",
)
_CHOICES = {
    ("verbs", "kind"): VERB_KINDS,
    ("party_words", "party"): WORD_PARTIES,
    ("states", "state"): STATES,
    ("offices", "state"): STATES,
    ("words", "role"): ROLES,
    ("cues", "group"): CUE_GROUPS,
}


@dataclass(frozen=True)
class Verb:
    """A reporting verb: its lemma, kind and forms (``ambiguous``: forms that are also nouns)."""

    lemma: str
    kind: str
    forms: tuple[str, ...]
    ambiguous: frozenset[str]
    inverts: frozenset[str]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: lexicon_of makes one per set of rows
class Lexicon:
    """Every word list the rules read, from the packaged files plus the user's."""

    verbs: tuple[Verb, ...]
    party_words: tuple[tuple[str, str], ...]
    states: tuple[tuple[str, str], ...]
    offices: tuple[tuple[str, str], ...]
    words: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]

    def role(self, role: str) -> tuple[str, ...]:
        """The words of one closed class of ``words.csv``."""
        return self.words.get(role, ())

    def verb_forms(self) -> dict[str, Verb]:
        """Every reporting form (one word or several) with its verb."""
        return {form: verb for verb in self.verbs for form in verb.forms}


def packaged_lexicon_folder() -> Path:
    """The folder of the packaged lexicon files."""
    return Path(str(resources.files("stance") / "data" / "lexicon"))


@dataclass(frozen=True, slots=True)
class LexiconRow:
    """One row of a lexicon table: the table's name (a key of :data:`TABLES`) and its values in column order.

    A user's lexicon files are read into rows, so that a saved model carries the rows themselves
    (never the path of a file read when loading).
    """

    table: str
    values: tuple[str, ...]

    def as_dict(self) -> dict[str, str]:
        return dict(zip(TABLES[self.table], self.values))


def lexicon_row_problem(table: str, row: dict[str, str]) -> tuple[str, str, str] | None:
    """``(field, value, valid choices)`` when a row of ``table`` cannot be used, else None."""
    columns = TABLES[table]
    for column in columns:
        choices = _CHOICES.get((table, column))
        value = row.get(column, "")
        if choices is not None and value not in choices:
            return column, value, ", ".join(choices)
    first = columns[0] if table != "verbs" else "forms"
    if not row.get(first):
        return first, "", "a word"
    if table == "verbs" and not row.get("lemma"):
        return "lemma", "", "a word"
    return None


def _read_table(path: Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """The table a lexicon file holds (by its header) and its rows with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(message("FILE_NOT_FOUND", path=path)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise LexiconError(message("FILE_UNREADABLE", path=path, reason=err)) from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return "", []
    header = tuple(cell.strip() for cell in next(csv.reader([lines[0][1]])))
    table = next((name for name, columns in TABLES.items() if header == columns), None)
    if table is None:
        known = "; ".join(",".join(columns) for columns in TABLES.values())
        raise LexiconError(message("LEXICON_HEADER", path=path, line=lines[0][0], header=",".join(header), known=known))
    rows = []
    for (number, _), cells in zip(lines[1:], csv.reader([line for _, line in lines[1:]])):
        row = dict(zip(header, (cell.strip() for cell in cells)))
        problem = lexicon_row_problem(table, row)
        if problem is not None:
            field, value, choices = problem
            raise LexiconError(
                message("LEXICON_VALUE", path=path, line=number, field=field, value=value, choices=choices)
            )
        rows.append((number, row))
    return table, rows


def read_lexicon_rows(paths: Iterable[str | os.PathLike[str]]) -> tuple[LexiconRow, ...]:
    """The rows of a user's lexicon files, checked (each file extends the table its header names).

    Raises
    ------
    LexiconError
        When a file is missing or unreadable, has an unknown header or a value outside its choices;
        the message names the file, the line, the field and the valid values.
    """
    rows: list[LexiconRow] = []
    for path in paths:
        table, found = _read_table(Path(path))
        rows.extend(LexiconRow(table, tuple(row.get(c, "") for c in TABLES[table])) for _, row in found)
    return tuple(rows)


@cache
def _packaged_rows() -> tuple[LexiconRow, ...]:
    return read_lexicon_rows(sorted(packaged_lexicon_folder().glob("*.csv")))


def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon files plus the user's files ``extra`` (each extends the table its header names).

    Parameters
    ----------
    extra : tuple of str
        Paths of CSV files with the columns of one of :data:`TABLES`.

    Returns
    -------
    Lexicon
        Every table, the packaged rows first.

    Raises
    ------
    LexiconError
        When a file is missing or unreadable, has an unknown header or a value outside its choices;
        the message names the file, the line and the field.
    """
    return lexicon_of(read_lexicon_rows(extra))


@cache
def lexicon_of(extra: tuple[LexiconRow, ...] = ()) -> Lexicon:
    """The packaged lexicon plus the user's rows ``extra`` (one Lexicon per set of rows)."""
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    for line in (*_packaged_rows(), *extra):
        tables[line.table].append(line.as_dict())
    verbs = tuple(
        Verb(
            row["lemma"].lower(),
            row["kind"],
            tuple(_forms(row["forms"])),
            frozenset(_forms(row.get("ambiguous", ""))),
            frozenset(_forms(row.get("inverts", ""))),
        )
        for row in tables["verbs"]
    )
    words: dict[str, list[str]] = {}
    for row in tables["words"]:
        words.setdefault(row["role"], []).append(row["word"].lower())
    cues: dict[str, list[str]] = {group: [] for group in CUE_GROUPS}
    for row in tables["cues"]:
        cues[row["group"]].append(row["phrase"].lower())
    return Lexicon(
        verbs=verbs,
        party_words=tuple((row["word"].lower(), row["party"]) for row in tables["party_words"]),
        states=tuple((row["word"].lower(), row["state"]) for row in tables["states"]),
        offices=tuple((row["office"].lower(), row["state"]) for row in tables["offices"]),
        words={role: tuple(dict.fromkeys(values)) for role, values in words.items()},
        cues={group: tuple(dict.fromkeys(values)) for group, values in cues.items()},
    )


def _forms(cell: str) -> list[str]:
    """The forms of a verb cell: phrases separated by ``|``, lower case, single spaces."""
    return [" ".join(form.lower().split()) for form in cell.split("|") if form.strip()]


def words_pattern(words: Iterable[str], any_space: bool = True) -> str:
    """A regex matching exactly one of ``words``, written as a trie ("sa(?:id|ys?)" for said, say, says).

    It matches what the alternation of the words sorted longest first matches, but Python's ``re``
    tries an alternation's branches one by one at every position, while a trie tests each character
    once. With ``any_space`` a space in a word matches any run of whitespace or hyphens, and a ``*``
    word matches any one word.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, dict]) -> str:
        arms = []
        for ch, child in sorted(node.items()):
            if not ch:
                continue
            if ch == " " and any_space:
                piece = r"[\s-]+"
            elif ch == "*" and any_space:
                piece = r"\w+"
            else:
                piece = re.escape(ch)
            arms.append(piece + branch(child))
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        if "" in node:  # a shorter word ends here: the longer ones are tried first
            return f"(?:{body})?"
        return body

    return branch(trie) or r"(?!x)x"


#: Endings that make a place name an adjective of origin, not the place speaking ("Beijing-based").
ORIGIN_SUFFIX = r"-(?:based|backed|born|listed|headquartered|linked)"


def word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Any of ``words`` as whole words, any case ("X-based" does not count as X)."""
    return re.compile(rf"(?<![\w-])(?:{words_pattern(words)})(?!\w|{ORIGIN_SUFFIX})", re.I)
