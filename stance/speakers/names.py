"""What a speaker phrase says by itself: whether it can name a speaker, and its party.

A phrase's party comes from, in this order: the alias table ("the CAC" -> china-gov), the party words of
the lexicon ("people familiar with" -> sources, "analysts" -> analyst, "ministry" -> a government, whose
state the phrase names: "the Dutch ministry" -> other-gov), and, for a name nobody listed, the role the
text gives it elsewhere ("Tom Hollis, a deputy undersecretary at the Commerce Department").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from .aliases import AliasTable
from .rules import Rules

T = TypeVar("T")

#: The party of a government word, by the state the phrase names.
GOVERNMENT = {"us": "us-gov", "china": "china-gov", "other": "other-gov"}


@dataclass(frozen=True, slots=True)
class PhraseFacts:
    """What a speaker phrase says by itself; the carry-over step adds what the context says."""

    bare: str  # lower case, without a determiner
    owner: tuple[str, str] | None  # (party, how) of X in "X's statement", when X has a party
    back: str | None  # the pronoun or head noun of a reference back ("he", "report"), else None
    spokesperson: bool  # a bare spokesperson ("spokesperson Han Lu")
    own_document: bool  # "its annual report"
    generic_company: bool  # "the firm", "a company spokesperson"
    party: str | None  # party, how and name as Names.party gives them
    how: str
    name: str
    alias: str | None  # the alias the phrase holds, as written ("the People's Daily"), when it is by alias
    canonical: str  # the alias's canonical name, else ""
    long: bool  # the phrase holds a verb or more than 8 words: it is named by its alias
    name_like: bool  # capitalised words, like a name


class Names:
    """Phrase-level knowledge: the rules' word lists and the alias table, with a memo per phrase.

    Parameters
    ----------
    rules : Rules
        The compiled lexicon.
    table : AliasTable
        The aliases.
    """

    #: The memo is emptied when it holds this many results, so memory stays bounded on any corpus.
    MEMO_SIZE = 20_000

    def __init__(self, rules: Rules, table: AliasTable) -> None:
        self.rules = rules
        self.table = table
        self.memo: dict[tuple[str, str], object] = {}

    def remember(self, kind: str, phrase: str, compute: Callable[[str], T]) -> T:
        """``compute(phrase)``, computed once per phrase."""
        key = (kind, phrase)
        if key not in self.memo:
            if len(self.memo) > self.MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = compute(phrase)
        return self.memo[key]  # type: ignore[return-value]

    # --- the party of a phrase ----------------------------------------------------------------------

    def party(self, phrase: str) -> tuple[str | None, str, str]:
        """Party of a speaker phrase as (party, how, name) without context; how is alias, keyword,
        country (a government whose state only the text can tell) or unknown."""
        return self.remember("party", phrase, self._party)

    def _party(self, phrase: str) -> tuple[str | None, str, str]:
        rules = self.rules
        found = self.table.find(phrase)
        if found is not None:
            alias, start, end = found
            if rules.outlet_after.match(phrase, end):
                # "The Washington Post", "China's state-run Economic Daily": an outlet named after a place.
                return ("china-media" if rules.state_media.search(phrase) else "press"), "keyword", phrase
            head = phrase[:start]
            if rules.preposition_end.search(head) and not rules.representative.search(head):
                # "The Chinese embassy in Washington", "analysts at Bernstein": the head noun decides.
                party, how, _ = self.keyword_party(head)
                if party is not None:
                    return party, how, phrase
            if rules.former.search(head) and self.keyword_party(phrase)[0] == "analyst":
                return "analyst", "keyword", phrase  # "a former BIS official": former officials comment as experts
            return alias.party, "alias", phrase
        return self.keyword_party(phrase)

    def keyword_party(self, phrase: str) -> tuple[str | None, str, str]:
        """Party from what the words of a phrase say ("ministry", "analysts", "people familiar"); a phrase that
        is only a state's name ("China", "the Netherlands") is that state's government."""
        rules = self.rules
        state = rules.state_only.match(phrase)
        if state is not None:
            named = self.states(phrase)
            if named:
                return GOVERNMENT[named[0][1]], "keyword", phrase
        if rules.any_party_word.search(phrase) is None:
            return None, "unknown", phrase
        press = dict(rules.party_words).get("press")
        foreign = any(state != "china" for _, state in self.states(phrase))
        if rules.state_media.search(phrase) and press is not None and press.search(phrase) and not foreign:
            return "china-media", "keyword", phrase
        for party, pattern in rules.party_words:
            if pattern.search(phrase):
                if party == "gov":
                    return self._government(phrase)
                return party, "keyword", phrase
        return None, "unknown", phrase

    def states(self, phrase: str) -> list[tuple[int, str]]:
        """The states a phrase names, as (position, state), in order."""
        found = []
        for state, pattern in self.rules.state_marks.items():
            match = pattern.search(phrase)
            if match is not None:
                found.append((match.start(), state))
        return sorted(found)

    def _government(self, phrase: str) -> tuple[str | None, str, str]:
        """The government a phrase with a government word means: the first state it names, else the state
        its office belongs to, else none yet (``how`` "country": the text's government decides)."""
        named = self.states(phrase)
        if named:
            # "the Chinese embassy in Washington", "the House committee on China": the first one named.
            return GOVERNMENT[named[0][1]], "keyword", phrase
        for state, pattern in self.rules.offices.items():
            if pattern.search(phrase):
                return GOVERNMENT[state], "keyword", phrase
        return "china-gov", "country", phrase

    # --- can a phrase name a speaker ---------------------------------------------------------------

    def is_speaker(self, phrase: str) -> bool:
        """Whether a phrase can name a speaker: short, not negated, and a name, a known party or a reference."""
        return self.remember("speaker", phrase, self._is_speaker)

    def _is_speaker(self, phrase: str) -> bool:
        rules = self.rules
        words = rules.word.findall(phrase)
        if not 0 < len(words) <= 14 or rules.negated.search(phrase):
            return False
        relative = rules.object_relative.match(phrase)
        if relative and self.party(relative.group(1))[0] is None:
            return False
        undetermined = rules.determiner.sub("", phrase)
        if words[0].lower() in rules.not_name and len(words) <= 2:
            return False  # "This suggests ...", "That means ..."
        if len(words) > 3 and rules.verb_in_phrase.search(phrase) and self.table.find(phrase) is None:
            return False  # "Hytera are among the companies cited in the ban": a clause, not a name
        return (
            undetermined.lower() in rules.pronouns
            or rules.back_reference.match(phrase) is not None
            or rules.name_like.match(undetermined) is not None
            or self.party(phrase)[0] is not None
            or self._named_owner(phrase)
        )

    def _named_owner(self, phrase: str) -> bool:
        """Whether a phrase is a named person's or body's statement ("Griffin's statement")."""
        owner = self.rules.possessive_statement.match(phrase)
        return owner is not None and self.rules.name_like.match(owner.group(1)) is not None

    # --- the facts of a phrase ---------------------------------------------------------------------

    def facts(self, phrase: str) -> PhraseFacts:
        """The facts of a phrase (computed once per phrase: speakers repeat)."""
        return self.remember("facts", phrase, self._facts)

    def _facts(self, phrase: str) -> PhraseFacts:
        rules = self.rules
        undetermined = rules.determiner.sub("", phrase)
        bare = undetermined.lower()
        mention = self.table.find(phrase)
        generic_company = rules.generic_company.match(phrase) is not None
        possessive = rules.possessive_statement.match(phrase)
        owner = None
        if possessive and not generic_company:
            party, how, _ = self.party(possessive.group(1))
            owner = (party, how) if party is not None else None
        back = rules.back_reference.match(phrase)
        refers_back = bare in rules.pronouns or (back is not None and mention is None)
        party, how, name = self.party(phrase)
        found = mention if how == "alias" else None
        alias = None
        if found is not None:
            _, start, end = found
            article = rules.article_end.search(phrase[:start])
            alias = phrase[article.start() if article else start : end]
        long = found is not None and (
            rules.verb_in_phrase.search(phrase) is not None or len(rules.word.findall(phrase)) > 8
        )
        return PhraseFacts(
            bare=bare,
            owner=owner,
            back=(back.group(1).lower() if back else bare) if refers_back else None,
            spokesperson=rules.bare_spokesperson.match(phrase) is not None,
            own_document=rules.own_document.match(phrase) is not None,
            generic_company=generic_company,
            party=party,
            how=how,
            name=name,
            alias=alias,
            canonical=found[0].canonical if found is not None else "",
            long=long,
            name_like=rules.name_like.match(undetermined) is not None,
        )

    # --- a name's role elsewhere in the text ---------------------------------------------------------

    def role_in_text(self, name: str, text: str) -> tuple[str, str] | None:
        """For a name nobody listed, the party its role elsewhere in the text says, with how it was found
        (alias, keyword, or country: a government whose state the text decides).

        "Tom Hollis, a deputy undersecretary at the Commerce Department, ..." or "Harvard economist
        Kenneth Rogoff": an appositive after the name or a title before it.
        """
        rules = self.rules
        last = name.split()[-1]
        for start, end in whole_word_spans(last, text):
            appositive = rules.appositive_role.match(text, end, end + 100)
            pieces = [(appositive.group(1) if appositive else "", _APPOSITIVE_HOWS)]
            # The title right before the name's last word ("Secretary Vincent| Karremans"), then before its
            # first ("Home affairs minister |Tony Burke").
            for before in dict.fromkeys((start, _before_name(text, start))):
                title = " ".join(rules.title_break.split(text[max(0, before - 80) : before])[-1].split()[-6:])
                pieces.append((title, _TITLE_HOWS))
            for index, (piece, hows) in enumerate(pieces):
                if not piece.strip() or (index > 0 and rules.any_party_word.search(piece) is None):
                    continue  # a title must hold a title word ("Nvidia CEO"): a company named before a name is none
                party, how, _ = self.party(piece)
                if party is not None and party not in ("sources", "press") and how in hows:
                    return party, how
        return None

    def text_state(self, text: str) -> str | None:
        """The state a text names most often (china, us or other), or None when it names none."""
        counts = {state: len(pattern.findall(text)) for state, pattern in self.rules.state_marks.items()}
        best = max(counts, key=lambda state: counts[state])
        return best if counts[best] else None


#: How a name's appositive ("Jane Doe, an analyst at Bernstein") and its title ("Home affairs minister Tony
#: Burke", "Nvidia CEO Jensen Huang") may give its party.
_APPOSITIVE_HOWS = ("alias", "keyword", "country")
_TITLE_HOWS = ("alias", "keyword", "country")


def _before_name(text: str, start: int) -> int:
    """Where the capitalised name whose last word starts at ``start`` begins ("Tony |Burke" -> "|Tony Burke"),
    so that the title is read before the whole name."""
    for _ in range(3):
        head = text[:start].rstrip(" ")
        space = head.rfind(" ")
        word = head[space + 1 :]
        if not word[:1].isupper() or "\n" in text[space + 1 : start] or not word.replace(".", "").isalpha():
            break
        start = space + 1
    return start


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def whole_word_spans(word: str, text: str) -> Iterable[tuple[int, int]]:
    """Spans of ``word`` in ``text`` where ``re.finditer(rf"\\b{re.escape(word)}\\b", text)`` would find it.

    Searching with ``str.find`` avoids compiling a new pattern for every name (the slowest part).
    """
    first, final = is_word_char(word[0]), is_word_char(word[-1])
    position = text.find(word)
    while position >= 0:
        end = position + len(word)
        before = is_word_char(text[position - 1]) if position else False
        after = is_word_char(text[end]) if end < len(text) else False
        if before != first and after != final:
            yield position, end
            position = text.find(word, end)
        else:
            position = text.find(word, position + 1)


def guess(kind: str, verb: str) -> str:
    """The likeliest party of a name nothing else explains: outlets report, others say."""
    if kind in ("according", "credit") or verb.lower() in ("reported", "reports", "wrote", "writes"):
        return "press"
    return "industry"
