"""The patterns the speaker rules search with, compiled once from a lexicon (``stance/data/lexicon/``).

Everything language-specific the rules know comes from the lexicon's word lists; what stays here is
the shape of an attribution (punctuation, quote marks, the order of speaker and verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import Lexicon, LexiconRow, lexicon_of, word_pattern, words_pattern

#: At most this many reporting verbs of one sentence are looked at (the first ones and the last two).
MAX_VERBS = 8

QUOTES = '"“”‘’«»'
OPEN_Q = '"“‘«'
CLOSE_Q = '"”’»'
# A quote mark that is not an apostrophe inside a word ("People’s").
QUOTE_MARK = r"(?:[\"“”«»]|(?<!\w)[‘’]|[‘’](?!\w))"
# A character of a noun phrase: no clause punctuation, no quote mark (an apostrophe inside a word is fine).
NP_CHAR = r"(?:[^,.;:!?\"“”«»‘’]|(?<=\w)’(?=\w))"


def _any_case(words: tuple[str, ...] | list[str]) -> str:
    return words_pattern(words)


@dataclass(frozen=True, eq=False)
class Rules:
    """Every compiled pattern of the speaker rules, and the word sets they use, for one lexicon."""

    lexicon: Lexicon
    verb_kind: dict[str, str]  # reporting form -> kind of its verb
    ambiguous: frozenset[str]
    inverting: frozenset[str]
    inverting_tuple: tuple[str, ...]
    verb: re.Pattern[str]
    verb_any_case: re.Pattern[str]  # the same, in title-case headlines ("China Accuses U.S. NSA")
    inverted: re.Pattern[str]
    inversion_gate: re.Pattern[str]
    according: re.Pattern[str]
    credit: re.Pattern[str]
    nominal: re.Pattern[str]
    colon: re.Pattern[str]
    object_relative: re.Pattern[str]
    not_inverted: re.Pattern[str]
    data_from: re.Pattern[str]
    content_start: re.Pattern[str]
    after_but: re.Pattern[str]
    article_end: re.Pattern[str]
    possessive_statement: re.Pattern[str]
    negated: re.Pattern[str]
    determiner: re.Pattern[str]
    passive_before: frozenset[str]
    passive_longest: int
    word: re.Pattern[str]
    clause_break: re.Pattern[str]
    clause_break_reversed: re.Pattern[str]
    agent: re.Pattern[str]
    first_verb: re.Pattern[str]
    gerund_subject: re.Pattern[str]
    later_main_verb: re.Pattern[str]
    intro: re.Pattern[str]
    tail: re.Pattern[str]
    relative: re.Pattern[str]
    appositive_start: re.Pattern[str]
    aux_words: frozenset[str]
    aux_longest: int
    pronouns: frozenset[str]
    back_reference: re.Pattern[str]
    company_references: frozenset[str]
    press_references: frozenset[str]
    party_words: tuple[tuple[str, re.Pattern[str]], ...]  # (party, pattern), in priority order
    any_party_word: re.Pattern[str]
    state_marks: dict[str, re.Pattern[str]]  # state -> pattern
    offices: dict[str, re.Pattern[str]]  # state -> pattern of its default offices
    generic_company: re.Pattern[str]
    outlet_after: re.Pattern[str]
    state_media: re.Pattern[str]
    preposition_end: re.Pattern[str]
    representative: re.Pattern[str]
    verb_in_phrase: re.Pattern[str]
    bare_spokesperson: re.Pattern[str]
    own_document: re.Pattern[str]
    name_like: re.Pattern[str]
    appositive_role: re.Pattern[str]
    title_break: re.Pattern[str]
    break_end: re.Pattern[str]
    parentheses: re.Pattern[str]
    headline_says: re.Pattern[str]
    former: re.Pattern[str]
    government_references: frozenset[str]
    not_name: frozenset[str]
    subordinate_start: re.Pattern[str]
    furniture: frozenset[str]
    participle: re.Pattern[str]
    agent_after: re.Pattern[str]
    state_only: re.Pattern[str]
    headline_tag: re.Pattern[str]
    content_opener: re.Pattern[str]


def _words(lexicon: Lexicon, role: str) -> tuple[str, ...]:
    return lexicon.role(role)


@cache
def rules_for(lexicon: Lexicon) -> Rules:
    """The rules' patterns for ``lexicon`` (compiled once per lexicon)."""
    words = lambda role: _words(lexicon, role)  # noqa: E731
    forms = lexicon.verb_forms()
    verb_kind = {form: verb.kind for form, verb in forms.items()}
    ambiguous = frozenset(form for verb in lexicon.verbs for form in verb.ambiguous)
    inverting = tuple(sorted({form for verb in lexicon.verbs for form in verb.inverts}))
    # Progressive forms report only after a form of "be" ("are asking"); "saying" also right after a word.
    progressive = sorted(form for form in forms if form.endswith("ing") and " " not in form)
    plain = sorted(form for form in forms if not (form.endswith("ing") and " " not in form))
    verb = re.compile(
        rf"(?<!\w)(?:{words_pattern(plain)}|(?:is|are|was|were|been)\s+(?:{words_pattern(progressive)})"
        r"|(?<=\w )saying)\b"
    )
    tail_words = words("tail")
    after_inversion = (*(w for w in tail_words if w != "to"), "about", "before", "while", "for", "earlier", "later")
    inverted = re.compile(
        rf"(?:^|[,{CLOSE_Q}]\s*)(?P<verb>{words_pattern(inverting)})\s+({NP_CHAR}{{2,80}}?)"
        rf"\s*(?=$|[,.;:!?]|\s+(?:{words_pattern(after_inversion)})\b)",
    )
    inversion_gate = re.compile(rf"[,{CLOSE_Q}]\s*(?:{words_pattern(inverting)})\s")
    according = re.compile(
        rf"\b(that\s+)?(?:according\s+to|based\s+on\s+(?:comments|remarks|information)\s+(?:by|from))\s+"
        rf"((?:data\s+from\s+)?{NP_CHAR}{{2,80}}?)\s*(?=$|[,.;:!?]|{QUOTE_MARK})",
        re.I,
    )
    credit = re.compile(
        r"(?:\s[-–—]{1,2}\s*|(?<=[.”\"’)])[-–—]{1,2}\s*|(?<=[a-z])—)([A-Z][\w&.'’]*(?:\s+[A-Za-z][\w&.'’]*){0,4})\s*\.?$"
    )
    nominal = re.compile(
        rf"\b(?:{words_pattern(words('nominal'))})\s+(?:by|from)\s+({NP_CHAR}{{2,80}}?)\s+that\b",
    )
    clause_words = words("clause")
    pronouns = frozenset(words("pronoun"))
    determiners = "the|this|that|its|their|his|her"
    return Rules(
        lexicon=lexicon,
        verb_kind=verb_kind,
        ambiguous=ambiguous,
        inverting=frozenset(inverting),
        inverting_tuple=inverting,
        verb=verb,
        verb_any_case=re.compile(verb.pattern, re.I),
        inverted=inverted,
        inversion_gate=inversion_gate,
        according=according,
        credit=credit,
        nominal=nominal,
        colon=re.compile(rf"^([^:{QUOTES}]{{2,60}}?):\s+(?=[{OPEN_Q}]|(?:we|i|our|my)\b)", re.I),
        object_relative=re.compile(r"^(?:(?:an?|the|one\s+of\s+the)\s+)((?:[a-z][\w-]*\s+)+)(?:the\s+|a\s+)?[A-Z]"),
        not_inverted=re.compile(rf"(?:{words_pattern(words('not_inverted'))})\b", re.I),
        data_from=re.compile(r"data\s+from\s+", re.I),
        content_start=re.compile(rf"(?:that\b|,|{QUOTE_MARK}|(?:in|on)\s+(?:a|an|the|its|his|her|their)\b)"),
        after_but=re.compile(r",\s*but\s+[^,]*$", re.I),
        article_end=re.compile(r"\b(?:the|The)\s+$"),
        possessive_statement=re.compile(rf"^(.+?)['’]s?\s+(?:{words_pattern(words('possessive_statement'))})$", re.I),
        negated=re.compile(rf"\b(?:{words_pattern(words('negation'))})\b", re.I),
        determiner=re.compile(r"^(?:the|a|an)\s+", re.I),
        passive_before=frozenset(words("passive")),
        passive_longest=max(map(len, words("passive")), default=1),
        word=re.compile(r"[\w'’.-]+"),
        clause_break=_clause_break_pattern(clause_words),
        clause_break_reversed=_clause_break_pattern([word[::-1] for word in clause_words], reverse=True),
        agent=re.compile(rf"(?:{words_pattern(words('agent_verb'))})\s+by\s+(.+)$", re.I),
        first_verb=re.compile(r"\s(?:[a-z]+ed|has|have|had|is|was|were|are|will|would|did|does|do)\b"),
        gerund_subject=re.compile(r"^.*\b(?:to|by|from|with|for|as|of)\s+", re.I),
        later_main_verb=re.compile(r",\s+(?:has|have|had|is|was|were|are|will|would)\b"),
        intro=re.compile(rf"^(?:{words_pattern(words('intro'))})\b\s*", re.I),
        tail=re.compile(rf"(?:{words_pattern(tail_words)})\b", re.I),
        relative=re.compile(rf"^(?:{words_pattern(words('relative'))})$", re.I),
        appositive_start=re.compile(rf"^(?:{words_pattern(words('appositive'))})\b", re.I),
        aux_words=frozenset(word for word in words("aux") if " " not in word),
        aux_longest=max((len(word) for word in words("aux") if " " not in word), default=1),
        pronouns=pronouns,
        back_reference=re.compile(rf"^(?:{determiners})\s+({words_pattern(words('reference'))})$", re.I),
        company_references=frozenset(words("company_reference")),
        press_references=frozenset(words("press_reference")),
        party_words=_party_patterns(lexicon),
        any_party_word=word_pattern([word for word, _ in lexicon.party_words]),
        state_marks={
            state: word_pattern([word for word, s in lexicon.states if s == state])
            for state in ("us", "china", "other")
        },
        offices={
            state: word_pattern([word for word, s in lexicon.offices if s == state])
            for state in ("us", "china", "other")
        },
        generic_company=re.compile(
            rf"^(?:(?:the|a|an|one|its)\s+)?(?:(?:{words_pattern(words('company_reference'))})(?:['’]s)?"
            r"(?:\s+(?:spokesperson|spokesman|spokeswoman|representative|statement|official|executive))?"
            r"|spokesperson|spokesman|spokeswoman|representative)$",
            re.I,
        ),
        outlet_after=re.compile(rf"\s+(?:{_title_case(words('outlet_suffix'))})\b"),
        state_media=re.compile(
            r"\bstate[-\s](?:run|backed|controlled|owned|affiliated|media)\b|\bparty[-\s]run\b", re.I
        ),
        preposition_end=re.compile(r"\b(?:in|at|from|of|for|with|to|on|inside)\s+(?:the\s+)?$", re.I),
        representative=re.compile(rf"\b(?:{words_pattern(words('representative'))})\b", re.I),
        verb_in_phrase=re.compile(rf"\b(?:{words_pattern(words('auxiliary_verb'))})\b"),
        bare_spokesperson=re.compile(r"^(?:(?:the|a|an)\s+)?spokes(?:person|man|woman)(?:\s+[A-Z][\w'’.-]+)*$", re.I),
        own_document=re.compile(
            r"^(?:its|their)\s+(?:(?:annual|quarterly|latest|own)\s+)?"
            rf"(?:{words_pattern(words('own_document'))})$",
            re.I,
        ),
        name_like=re.compile(
            rf"^(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|{words_pattern(words('name_connector'))}))*$"
        ),
        appositive_role=re.compile(
            r"\s*,\s*((?:a|an|the|who\s+is|who\s+was|its|his|her|their|[a-z][\w-]*)\s[^,.;]{3,90})"
        ),
        title_break=re.compile(r"[,.;:()“”\"\n]"),
        break_end=re.compile(rf"(?:,|{QUOTE_MARK})\s*$"),
        parentheses=re.compile(r"\s*\([^()]*\)"),
        # Headlines: "Nvidia Halts H20 Production, Information Says", "... - Reuters Reports".
        headline_says=re.compile(
            rf"(?:[:,|]\s+|\s[-–—]\s*)(?P<name>[A-Z][^:,|–—]{{0,60}}?)\s+"
            rf"(?P<verb>{_title_case(tuple(f for f in forms if ' ' not in f and not f.endswith('ing')))})\s*$"
        ),
        government_references=frozenset(words("government_reference")),
        not_name=frozenset(words("not_name")),
        subordinate_start=re.compile(rf"^\W*(?:{words_pattern(words('subordinate'))})\b[^,]*,", re.I),
        furniture=frozenset(words("furniture")),
        # ", saying ...", ", claiming ...": a participle whose subject is the main clause's.
        participle=re.compile(
            rf",\s+(?:\w+ly\s+)?(?:{words_pattern(sorted(f for f in forms if f.endswith('ing') and ' ' not in f))})\b"
        ),
        agent_after=re.compile(rf"by\s+({NP_CHAR}{{2,80}}?)\s*(?=$|[,.;:!?]|{QUOTE_MARK}|\s+(?:that|as|to|on|in)\b)"),
        former=re.compile(r"\b(?:former|ex-)", re.I),
        state_only=re.compile(rf"^(?:the\s+)?(?:{words_pattern([word for word, _ in lexicon.states])})$", re.I),
        # "... Sparks Backlash: Report", "...: expert", "... (report)": an attribution tag ending a headline.
        headline_tag=re.compile(r"(?::\s+|\s\()(?P<name>[A-Za-z][\w.’']*(?:\s+[A-Z][\w.’']*){0,3})\)?\s*$"),
        content_opener=re.compile(rf"(?:{words_pattern(words('content_opener'))})\s", re.I),
    )


def _title_case(words: tuple[str, ...]) -> str:
    """The words with each word capitalised ("economic daily" -> "Economic\\s+Daily"), as an alternation."""
    return "|".join(r"\s+".join(part.capitalize() for part in word.split()) for word in words)


def _party_patterns(lexicon: Lexicon) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per party of ``party_words.csv``, in the order the parties first appear."""
    order: dict[str, list[str]] = {}
    for word, party in lexicon.party_words:
        order.setdefault(party, []).append(word)
    return tuple((party, word_pattern(words)) for party, words in order.items())


def _clause_break_pattern(words: list[str] | tuple[str, ...], reverse: bool = False) -> re.Pattern[str]:
    """Clause breaks: punctuation, quote marks, " - ", a dash after a date ("2025- China") and ``words``
    (any case). With ``reverse`` the same breaks in reversed text (give the words reversed)."""
    dated = r"\s-(?=\d)" if reverse else r"(?<=\d)-\s"
    return re.compile(
        rf"[,;:()\[\]\"“”«»—–]|(?<!\w)[‘’]|[‘’](?!\w)|\s-\s|{dated}|\b(?:{words_pattern(words)})\b",
        re.I,
    )


def default_rules(extra: tuple[LexiconRow, ...] = ()) -> Rules:
    """The rules of the packaged lexicon plus the user's lexicon rows ``extra``
    (:func:`stance.lexicon.read_lexicon_rows`)."""
    return rules_for(lexicon_of(extra))
