"""The codebook's cue words, and looking them up token by token.

Each cue is a phrase of one to three tokens; each token of a phrase is a regular
expression that must match a whole lower-case token (``\\w\\w+``). A token's
cue memberships are computed once, the first time the token is seen, and kept
in a table, so a batch of text is tokenised by one regular expression pass and
everything after that is dictionary lookups and numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from .lexicon import CUE_GROUPS, Lexicon, load_lexicon


def cue_phrases(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """The cue groups of a lexicon as token-pattern phrases, plus ``attribution``: the words an
    attribution can start from (the first word of every reporting form, "according", "based" and the
    nominal words: a superset of what :mod:`stance.speakers` looks for), so that sentences without any
    of them, a dash near the end or a colon near the start are not searched for a speaker."""
    groups = {group: tuple(_token_phrase(phrase) for phrase in lexicon.cues[group]) for group in CUE_GROUPS}
    starts = {form.split()[0] for verb in lexicon.verbs for form in verb.forms}
    starts |= {"according", "based", *lexicon.role("nominal")}
    groups["attribution"] = tuple(re.escape(word) for word in sorted(starts))
    return groups


def _token_phrase(phrase: str) -> str:
    """A cue phrase as token patterns: a word ending in ``*`` matches any ending."""
    return " ".join(re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word) for word in phrase.split())


#: Cue phrases per group, from the packaged lexicon (``stance/data/lexicon/cues.csv``): the four stance
#: groups follow the codebook's cue lists; ``topic`` is the project's domain (technology, security, states).
CUES: dict[str, tuple[str, ...]] = cue_phrases(load_lexicon())

#: The groups, in the order of their bits and columns.
GROUPS: tuple[str, ...] = tuple(CUES)


class CueTable:
    """Cue-group counts of tokens, with a growing table of what each seen token is.

    Parameters
    ----------
    vocabulary : dict of str to int
        The model's token feature ids; a token's table row also holds its feature id (-1 if none).
    separator : str
        The token that separates sentences in a joined batch.
    cues : dict of str to tuple of str, optional
        Cue phrases per group (default :data:`CUES`, whose groups are :data:`GROUPS`); the counts have one
        column per group, in order.
    """

    #: The table is emptied when it holds this many tokens, so memory stays bounded on any corpus.
    MAX_TOKENS = 50_000

    def __init__(
        self, vocabulary: dict[str, int], separator: str, cues: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        cues = CUES if cues is None else cues
        self.width = len(cues)
        self.vocabulary = vocabulary
        self.separator = separator
        parts: dict[str, int] = {}
        self.phrases: list[tuple[int, tuple[int, ...]]] = []  # (group, token-pattern ids)
        for group, phrases in enumerate(cues.values()):
            for phrase in phrases:
                ids = tuple(parts.setdefault(part, len(parts)) for part in _split_phrase(phrase))
                self.phrases.append((group, ids))
        self.parts = [re.compile(part) for part in parts]
        self.any_part = re.compile("|".join(f"(?:{part})" for part in parts))
        self.unigram_groups = [0] * len(self.parts)  # part id -> bitmask of groups it is a whole phrase of
        # Part id -> (group, part ids of the following tokens) of the longer phrases it starts.
        self.starts: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        for group, ids in self.phrases:
            if len(ids) == 1:
                self.unigram_groups[ids[0]] |= 1 << group
            else:
                self.starts.setdefault(ids[0], []).append((group, ids[1:]))
        self.padding = [0] * max(len(ids) - 1 for _, ids in self.phrases)  # separator rows after a batch
        self._reset()

    def _reset(self) -> None:
        self.rows: dict[str, int] = _Rows(self._add)
        self.rows[self.separator] = 0
        self.size = 1
        # Row -> vocabulary feature id (-2: the separator), matches some cue part, and 1.0 in the
        # column of each group it is a whole (one-token) cue of.
        self.feature = np.full(1024, -1, dtype=np.int64)
        self.cue_part = np.zeros(1024, dtype=bool)
        self.opener = np.zeros(1024, dtype=bool)  # row -> opens a phrase of two or more tokens
        self.members = np.zeros((1024, self.width))
        self.feature[0] = -2
        # Only for the few tokens that match a cue part: row -> part bitmask, and
        # row -> (group, part ids of the following tokens) of the longer phrases it opens.
        self.bits: dict[int, int] = {}
        self.opens: dict[int, list[tuple[int, tuple[int, ...]]]] = {}

    def _add(self, token: str) -> int:
        row = self.size
        if row == len(self.feature):  # grow by doubling: adding a token costs O(1) on average
            self.feature = np.concatenate([self.feature, np.full(row, -1, dtype=np.int64)])
            self.cue_part = np.concatenate([self.cue_part, np.zeros(row, dtype=bool)])
            self.opener = np.concatenate([self.opener, np.zeros(row, dtype=bool)])
            self.members = np.concatenate([self.members, np.zeros_like(self.members)])
        self.size += 1
        self.rows[token] = row
        self.feature[row] = self.vocabulary.get(token, -1)
        if self.any_part.fullmatch(token):
            bits = groups = 0
            opens: list[tuple[int, tuple[int, ...]]] = []
            for part_id, part in enumerate(self.parts):
                if part.fullmatch(token):
                    bits |= 1 << part_id
                    groups |= self.unigram_groups[part_id]
                    opens.extend(self.starts.get(part_id, ()))
            self.bits[row] = bits
            self.cue_part[row] = True
            self.members[row] = [groups >> group & 1 for group in range(self.width)]
            if opens:
                self.opens[row] = opens
                self.opener[row] = True
        return row

    def lookup(self, tokens: Sequence[str]) -> np.ndarray:
        """Table rows of ``tokens`` (adding tokens never seen before)."""
        if self.size > self.MAX_TOKENS:
            self._reset()
        # map() over the dict's own __getitem__ loops in C; a token never seen before reaches
        # _Rows.__missing__, which adds it to the table.
        return np.fromiter(map(self.rows.__getitem__, tokens), dtype=np.int64, count=len(tokens))

    def counts(self, rows: np.ndarray, sentence_of: np.ndarray, n: int) -> np.ndarray:
        """How many cues of each group every sentence holds: an (n, number of groups) array.

        ``rows`` are the table rows of a joined batch, separators included: the separator matches
        no cue part, so no phrase spans two sentences.
        """
        width = self.width
        flagged = np.flatnonzero(self.cue_part[rows])  # the few tokens that match some cue part
        if not len(flagged):
            return np.zeros((n, width))
        flagged_rows = rows[flagged]
        # One-token cues: the sum of the flagged tokens' group columns, per sentence.
        members = self.members[flagged_rows]
        cells = sentence_of[flagged][:, None] * width + np.arange(width)
        out = np.bincount(cells.ravel(), weights=members.ravel(), minlength=n * width).reshape(n, width)
        starts = flagged[self.opener[flagged_rows]]  # the tokens that open a longer phrase
        if len(starts):
            sentences = sentence_of[starts].tolist()
            for index, group in self._longer_phrases(rows.tolist(), starts.tolist()):
                out[sentences[index], group] += 1
        return out

    def _longer_phrases(self, rows: list[int], positions: list[int]) -> Iterator[tuple[int, int]]:
        """(index into ``positions``, group) of each phrase of two or more tokens starting at a position.

        The tokens after one that opens a phrase must match the phrase's other parts; ``rows`` is
        padded with separators, so a phrase running past the end fails like any mismatch.
        """
        bits, opens, rows = self.bits, self.opens, rows + self.padding
        for index, position in enumerate(positions):
            for group, tail in opens.get(rows[position], ()):
                k = position
                for part in tail:
                    k += 1
                    if not bits.get(rows[k], 0) >> part & 1:
                        break
                else:  # every following token matched its part
                    yield index, group


class _Rows(dict):
    """Token -> table row; looking up a token never seen before adds it (``add`` returns its row)."""

    def __init__(self, add: Callable[[str], int]) -> None:
        super().__init__()
        self.add = add

    def __missing__(self, token: str) -> int:
        return self.add(token)


def _split_phrase(phrase: str) -> list[str]:
    """Split a cue phrase into token patterns at spaces outside parentheses."""
    parts, depth, current = [], 0, ""
    for ch in phrase:
        depth += ch == "("
        depth -= ch == ")"
        if ch == " " and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts
