"""Sentence splitting with exact character offsets.

NLTK's Punkt runs untrained, with the abbreviations news text needs added by
hand (no downloaded data). Every line is split on its own, so headline lines,
datelines and ticker lines without a full stop stay sentences of their own, and
an overlong run without punctuation is cut into bounded pieces at whitespace.
For speed, Punkt is skipped on lines it cannot break, and the commonest candidate
breaks ("said. The", "U.S. President") get Punkt's own answer without its
tokenising, and the fixed regexes Punkt runs at every candidate break and token
run without NLTK's per-call timer (``_punkt``, ``_unguarded``; tests/test_sentences.py
checks both against NLTK's own Punkt).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .errors import InputTypeError, check_int, describe, message

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
# A dateline glued to the first sentence: "date 2025-08-12 Beijing is ...".
_DATELINE = re.compile(r"(?:date:?\s+)?\d{4}[-/]\d\d?[-/]\d\d?(?:[ T]\d\d:\d\d(?::\d\d)?)?\s+(?=[A-Z])")
_WORDS = re.compile(r"\S+")
# Punkt breaks a line only after ".", "?" or "!" with something after it: a line without any of
# them before its last character is one sentence, known without running Punkt.
_END_CHAR = re.compile(r"[.?!]")
# Words that begin a sentence after a glued title-case heading ("... Prediction In an X post, ...").
_STARTERS = frozenset("In The A An This That He She It They We On At As For After Despite While When".split())


# Punkt tokenises and annotates the context of every candidate break ("said. The"); for the two
# commonest kinds in news its answer follows from the context's shape, and _punkt gives it at once.
# Only spaces, tabs and no-break spaces count between the tokens: NLTK's regexes do not take every
# character Python's \s does (not "\x1f", for one).
# 1. A word of two or more letters (or a dollar amount) that is no abbreviation, its period, then
#    any token or one of the marks Punkt's word tokens end at ('said."', "it.”"): always a break
#    (no initial, no number, no collocations are set).
_PLAIN_BREAK = re.compile(r"([A-Za-z]{2,}|\$[\d,]*\d)\.(?:[ \t\xa0]+\S+|[)\";}\]*:@'({\[‘’“”«»?!])")
# 2. A known abbreviation of two or more letters ("U.S."), then a word of letters (maybe with its
#    period): a break only when the word is capitalised and a sentence starter ("He"); "the U.S.
#    government", "U.S. President" are none.
_ABBREVIATION_THEN_WORD = re.compile(r"([A-Za-z]+(?:\.[A-Za-z]+)*)\.[ \t\xa0]+([A-Za-z]+)\.?")


def _unguarded(pattern: Any) -> Any:
    """The compiled pattern inside NLTK's per-call timer (``nltk.redos.TimedPattern``), else ``pattern`` itself.

    Since NLTK 3.10.4 Punkt's regexes are wrapped in a wall-clock guard against catastrophic
    backtracking. The ones Punkt runs at every candidate break, token and sentence are fixed and
    linear (a look-ahead stops at the next token or whitespace), and the guard costs several times
    the match itself. The very pattern the wrapper calls is used, so every match stays the same; an
    older NLTK or a wrapper that changed its insides gets ``pattern`` back: slower, never different
    (tests/test_sentences.py says when the speed-up is lost).
    """
    try:
        from nltk.redos import TimedPattern
    except ImportError:  # NLTK before 3.10.3: plain compiled patterns
        return pattern
    inner = getattr(pattern, "_rx", None) if isinstance(pattern, TimedPattern) else None
    return inner if callable(getattr(inner, "finditer", None)) and callable(getattr(inner, "match", None)) else pattern


@lru_cache(maxsize=1)
def _punkt() -> Any:
    # Imported here: importing nltk costs about a second, and only splitting needs it.
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

    class LanguageVars(PunktLanguageVars):
        re_boundary_realignment = _unguarded(PunktLanguageVars.re_boundary_realignment)

        def period_context_re(self) -> Any:
            if not hasattr(self, "_unguarded_period_context"):
                self._unguarded_period_context = _unguarded(super().period_context_re())
            return self._unguarded_period_context

        def _word_tokenizer_re(self) -> Any:
            if not hasattr(self, "_unguarded_word_tokenizer"):
                self._unguarded_word_tokenizer = _unguarded(super()._word_tokenizer_re())
            return self._unguarded_word_tokenizer

    class Token(PunktToken):
        __slots__ = ()
        _RE_ELLIPSIS = _unguarded(PunktToken._RE_ELLIPSIS)
        _RE_NUMERIC = _unguarded(PunktToken._RE_NUMERIC)
        _RE_INITIAL = _unguarded(PunktToken._RE_INITIAL)
        _RE_ALPHA = _unguarded(PunktToken._RE_ALPHA)

    class Punkt(PunktSentenceTokenizer):
        def text_contains_sentbreak(self, text: str) -> bool:
            # Punkt's own answer for the two kinds of context above, else Punkt itself.
            plain = _PLAIN_BREAK.fullmatch(text)
            if plain is not None and plain.group(1).lower() not in ABBREVIATIONS:
                return True
            known = _ABBREVIATION_THEN_WORD.fullmatch(text)
            if known is not None and len(known.group(1)) >= 2 and known.group(1).lower() in ABBREVIATIONS:
                # Untrained, Punkt has seen no word's case in context: only the sentence starters count.
                word = known.group(2)
                return word[0].isupper() and word.lower() in SENTENCE_STARTERS
            return super().text_contains_sentbreak(text)

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return Punkt(params, lang_vars=LanguageVars(), token_cls=Token)


def _glued(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a dateline or a title-case heading off the sentence glued to it on the same line."""
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        return [(start, start + len(dateline.group().rstrip())), *_glued(text, dateline.end(), end)]
    for word in text[start : min(end, start + 200)].split(None, 6)[:6]:  # a word cut at 200 keeps its first letter
        if word[0].islower():
            return [(start, end)]  # the common case, decided without the word list below: first_lower < 6
    words = list(_WORDS.finditer(text, start, end))
    first_lower = next((k for k, w in enumerate(words) if w.group()[0].islower()), None)
    if first_lower is None or first_lower < 6:
        return [(start, end)]
    cut = None
    before = words[first_lower - 1].group()
    if before.endswith(","):
        cut = first_lower - 1  # "... Timeframe Rogoff, who was ..."
    elif words[first_lower - 2].group() in _STARTERS:
        cut = first_lower - 2  # "... Prediction The Harvard economist ..."
    elif before in _STARTERS:
        cut = first_lower - 1  # "... Recovery In addition ..."
    if cut is None or cut < 4:
        return [(start, end)]
    heading = [w.group() for w in words[:cut]]
    if not all(w[0].isupper() or w[0].isdigit() or w[0] in "$&|-" for w in heading):
        return [(start, end)]
    head_end = words[cut - 1].end()
    return [(start, head_end), (words[cut].start(), end)]


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
    if not isinstance(text, str):
        raise InputTypeError(message("NOT_TEXT", what="text", found=describe(text)))
    if max_chars != MAX_SENTENCE_CHARS:
        check_int("max_chars", max_chars, 2)
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        body = line.group()
        if body.isspace():
            continue
        base = line.start()
        body_end = len(body.rstrip())
        line_spans = punkt.span_tokenize(body) if _END_CHAR.search(body, 0, body_end - 1) else [(0, body_end)]
        for start, end in line_spans:
            if start < end and (body[start].isspace() or body[end - 1].isspace()):  # rare: trim it
                piece = body[start:end]
                start, end = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
            start, end = base + start, base + end
            if start >= end:
                continue
            for piece_start, piece_end in _glued(text, start, end):
                if piece_end - piece_start > max_chars:
                    spans.extend(_bounded(text, piece_start, piece_end, max_chars))
                else:
                    spans.append((piece_start, piece_end))
    return spans
