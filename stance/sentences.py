"""Sentence splitting with exact character offsets.

NLTK's Punkt runs untrained, with the abbreviations news text needs added by
hand (no downloaded data). Every line is split on its own, so headline lines,
datelines and ticker lines without a full stop stay sentences of their own, and
an overlong run without punctuation is cut into bounded pieces at whitespace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Abbreviations (lower case, without the final period) that do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    u.s u.k u.n e.u u.s.a d.c n.y l.a a.m p.m e.g i.e etc vs v
    inc corp co ltd llc plc bros no nos dept est approx fig
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr prof st jr sr gen lt col sgt capt gov sen rep rev hon pres
    """.split()
)

#: Capitalised words that start a sentence even right after an abbreviation ("... the U.S. He said").
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    he she it they we i you the this that these those there his her its their our
    but however meanwhile still also and yet so while when after before in on at for
    if as despite although though last on some many most several other others
    """.split()
)

#: No sentence is longer than this many characters; longer runs are cut at whitespace.
MAX_SENTENCE_CHARS = 2000

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")


@lru_cache(maxsize=1)
def _punkt() -> Any:
    # Imported here: importing nltk costs about a second, and only splitting needs it.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


def _bounded(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into trimmed pieces of at most ``limit`` characters."""
    spans = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return [(s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in spans if text[s:e].strip()]


def split(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` offsets.

    Parameters
    ----------
    text : str
        Any text. Lines are split separately; whitespace between sentences
        belongs to no sentence.
    max_chars : int
        The longest sentence returned; longer runs are cut at whitespace.

    Returns
    -------
    list of (int, int)
        Ordered, non-overlapping spans with ``text[start:end]`` trimmed and non-empty.
    """
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        body = line.group()
        if not body.strip():
            continue
        base = line.start()
        for start, end in punkt.span_tokenize(body):
            piece = body[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            start, end = base + start + lead, base + end - trail
            if start >= end:
                continue
            if end - start > max_chars:
                spans.extend(_bounded(text, start, end, max_chars))
            else:
                spans.append((start, end))
    return spans
