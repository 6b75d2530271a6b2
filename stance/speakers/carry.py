"""Carry-over: what earlier sentences of a text say about a speaker phrase.

A pronoun ("he added") or a definite reference ("the statement said", "the company") takes the speaker it
refers to; a sentence that continues a quote without an attribution of its own takes the quote's speaker
(with an empty name, as the codebook writes it); a name gets its canonical form (the alias table's, or the
fullest mention earlier in the text: "Huang" -> "Jensen Huang").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .candidates import Candidate, trim_np
from .names import GOVERNMENT, Names, guess

#: How an attribution was found, from strongest to weakest evidence.
KINDS = ("trailing", "credit", "according", "leading", "relative", "colon", "carry", "quote", "none")


@dataclass(frozen=True, slots=True)
class Attribution:
    """What the rules found for one sentence.

    ``party`` is None when a speaker phrase was found but nothing says its party; ``name`` is the
    speaker as the sentence writes it ("he", "the CFO"; "" for the author and for a quote that continues
    without an attribution); ``canonical`` the person or body it refers to, resolved across the text
    ("Jensen Huang"); ``how`` says how the party was decided (alias, keyword, role, guess, carry, none);
    ``source`` is the sentence whose speaker was carried over (-1 when none was).
    """

    party: str | None
    name: str
    kind: str
    how: str
    verb: str = ""
    canonical: str = ""
    source: int = -1


AUTHOR = Attribution("author", "", "none", "none")


class Context:
    """What earlier sentences of the text said: the last speaker, outlet, government and company."""

    #: How many sentences before and after the current one a name's role is looked for in.
    ROLE_WINDOW = (50, 10)

    def __init__(self, names: Names, sentences: Sequence[str]) -> None:
        self.names = names
        self.sentences = sentences
        self.found: list[Attribution | None] = []  # the attributions so far, None for sentences without one
        self.chosen: dict[int, Candidate | None] = {}  # sentence -> the chosen candidate, where computed
        self.roles: dict[str, str | None] = {}
        self.windows: dict[int, str] = {}  # stretch -> the text role() looks in
        self.speaker: Attribution | None = None
        self.speaker_at = -1
        self.press: Attribution | None = None
        self.government: Attribution | None = None
        self.mentions: list[str] = []  # canonical names met so far, longest forms last
        self.parties: dict[str, str] = {}  # canonical name -> the party it was first given in this text

    @property
    def company(self) -> Attribution | None:
        """The last company: a company speaker, or a company named in a sentence without a speaker."""
        for j in range(len(self.found) - 1, -1, -1):
            attribution = self.found[j]
            if attribution is not None:
                if attribution.party in ("nvidia", "industry"):
                    return replace(attribution, source=j)
                continue
            mention = self.names.table.find(self.sentences[j])
            if mention and mention[0].party in ("nvidia", "industry"):
                return Attribution(mention[0].party, mention[0].alias, "carry", "alias", "", mention[0].canonical, j)
        return None

    def window(self, i: int) -> str:
        """The text around sentence ``i`` that roles and states are looked for in (one per stretch of sentences)."""
        before, after = self.ROLE_WINDOW
        stretch = i // after
        if stretch not in self.windows:
            start = max(0, stretch * after - before)
            self.windows[stretch] = " ".join(self.sentences[start : (stretch + 1) * after + after])
        return self.windows[stretch]

    def role(self, name: str, i: int) -> str | None:
        """The party the words near sentence ``i`` give a name (computed once per name and stretch)."""
        key = f"{i // self.ROLE_WINDOW[1]}:{name}"
        if key not in self.roles:
            found = self.names.role_in_text(name, self.window(i))
            self.roles[key] = (
                None if found is None else (self.government_party(i) if found[1] == "country" else found[0])
            )
        return self.roles[key]

    def government_party(self, i: int) -> str:
        """The government an office without a state means ("the ministry", "a government minister"): the last
        government that spoke, else the state the text names most, else China's."""
        if self.government is not None:
            return self.government.party or "china-gov"
        state = self.names.text_state(self.window(i))
        return GOVERNMENT[state] if state else "china-gov"

    def last_government(self, i: int) -> Attribution | None:
        """The last government speaker, or government named in an earlier sentence without a speaker."""
        for j in range(min(i, len(self.found)) - 1, -1, -1):
            attribution = self.found[j]
            if attribution is not None:
                if attribution.party in GOVERNMENT.values():
                    return replace(attribution, source=j)
                continue
            for alias, _, _ in reversed(self.names.table.find_all(self.sentences[j])):
                if alias.party in GOVERNMENT.values():  # the government named last, nearest to the reference
                    return Attribution(alias.party, alias.alias, "carry", "alias", "", alias.canonical, j)
        return None

    def canonical(self, name: str) -> str:
        """The fullest earlier mention ending in ``name``'s last word ("Huang" -> "Jensen Huang"), else the name."""
        bare = self.names.rules.determiner.sub("", name)
        words = bare.split()
        if not words or not words[-1][:1].isupper():
            return bare
        for mention in reversed(self.mentions):
            parts = mention.split()
            # "Huang" -> "Jensen Huang"; a one-word name may also be a surname written first ("Mao" -> "Mao Ning").
            same = parts[-1:] == words[-1:] or (len(words) == 1 and parts[:1] == words)
            if mention != bare and same and len(mention) > len(bare):
                return mention
        return bare

    def remember(self, attribution: Attribution, i: int) -> None:
        if attribution.canonical and attribution.canonical not in self.mentions:
            self.mentions.append(attribution.canonical)
        if attribution.party in (None, "author"):
            return
        if attribution.canonical and attribution.how not in ("guess", "carry"):
            self.parties.setdefault(attribution.canonical, attribution.party)
        self.speaker, self.speaker_at = attribution, i
        if attribution.party in ("us-gov", "china-gov", "other-gov"):
            self.government = attribution
        if attribution.party == "press":
            self.press = attribution


def resolve(candidate: Candidate, i: int, context: Context) -> Attribution:
    """The attribution a chosen candidate makes in sentence ``i``, given what came before."""
    kind, phrase, verb = candidate.kind, candidate.phrase, candidate.verb.lower()
    names = context.names
    facts = names.facts(phrase)
    bare = facts.bare
    party: str | None
    if facts.owner is not None:
        party, how = facts.owner
        if how == "country":  # "the ministry's statement": the government this text is about
            party, how = context.government_party(i), "keyword"
        owner = names.rules.possessive_statement.match(phrase)
        canonical = names.facts(owner.group(1)).canonical if owner else ""
        return Attribution(party, phrase, kind, how, verb, canonical or context.canonical(phrase))
    owner = names.rules.possessive_statement.match(phrase) if facts.party is None else None
    if owner is not None and facts.name_like is False and names.rules.name_like.match(owner.group(1)):
        # "Griffin's statement continued": the statement of the person the text names (found as for a name).
        found = resolve(Candidate(candidate.position, kind, owner.group(1), candidate.verb), i, context)
        return replace(found, name=phrase)
    if facts.back is not None:
        referent = _referent(bare, facts.back, i, context)
        if referent is not None:
            return Attribution(referent.party, phrase, kind, "carry", verb, referent.canonical, referent.source)
    speaker = context.speaker
    if facts.spokesperson and facts.how != "alias" and speaker is not None:
        if speaker.party not in ("press", "sources", "analyst", "author"):
            # "China's foreign ministry said ... 'We oppose this,' spokesperson Han Lu told a briefing."
            return Attribution(speaker.party, phrase, kind, "carry", verb, speaker.canonical, context.speaker_at)
    referent = (context.company or _at(speaker, context.speaker_at)) if facts.own_document else None
    if referent is not None:
        # "according to its annual report": the report of whoever "its" is.
        return Attribution(referent.party, phrase, kind, "carry", verb, referent.canonical, referent.source)
    if facts.generic_company:
        # "a company spokesperson", "the firm": the company this sentence names, else the last one.
        mention = names.table.find(context.sentences[i])
        if mention is not None and mention[0].party in ("nvidia", "industry"):
            return Attribution(mention[0].party, phrase, kind, "carry", verb, mention[0].canonical, i)
        company = context.company
        if company is not None:
            return Attribution(company.party, phrase, kind, "carry", verb, company.canonical, company.source)
    party, how = facts.party, facts.how
    name = phrase
    if facts.alias is not None and (kind == "relative" or facts.long):
        name = facts.alias  # "This article followed earlier criticism by the People's Daily": the alias
    if how == "country":
        party, how = context.government_party(i), "keyword"  # "a department spokesperson": this text's government
    if party == "press" and how == "keyword" and facts.name_like:
        if context.role(phrase, i) == "china-media":
            party = "china-media"  # "The Securities Times, a newspaper backed by the People's Daily"
    if party is None and facts.name_like:
        earlier = context.parties.get(context.canonical(name))
        if earlier is not None:
            party, how = earlier, "carry"  # "Huang" after "Nvidia CEO Jensen Huang said": the same person
        else:
            party = context.role(phrase, i)
            how = "role"
        if party is None:
            party, how = guess(kind, verb), "guess"
    if party is None and bare in names.rules.pronouns:
        return AUTHOR
    canonical = facts.canonical or context.canonical(name)
    return Attribution(party, name, kind, how, verb, canonical)


def _opening_subject(sentence: str, names: Names) -> Attribution | None:
    """The party-bearing subject of a subordinate clause opening ``sentence`` ("While the DOE has not ..., it
    said"), which a pronoun of the main clause refers to; None when there is none or its party is unknown."""
    rules = names.rules
    opening = rules.subordinate_start.match(sentence)
    if opening is None:
        return None
    clause = sentence[: opening.end()]
    first = rules.first_verb.search(clause)
    if first is None:
        return None
    words = clause[: first.start()].split(None, 1)
    subject = trim_np(rules.parentheses.sub("", words[1]), rules) if len(words) > 1 else ""
    party, how, _ = names.party(subject) if subject else (None, "unknown", "")
    if party is None or how not in ("alias", "keyword"):
        return None
    return Attribution(party, subject, "carry", how, "", names.facts(subject).canonical or subject)


def _at(attribution: Attribution | None, i: int) -> Attribution | None:
    return replace(attribution, source=i) if attribution is not None else None


def _referent(bare: str, head: str, i: int, context: Context) -> Attribution | None:
    rules = context.names.rules
    if head in rules.press_references and context.press is not None:
        return context.press
    company = context.company if head in rules.company_references else None
    if company is not None:
        return company
    if head in rules.government_references:
        # "the regulator", "the ministry": the last government that spoke or was named, never another speaker
        # (none: the phrase's own words and the text decide, as for any office).
        return context.last_government(i)
    if bare in ("it", "they"):
        # "While the U.S. Department of Energy has not ..., it confirmed to Reuters": the opening clause's subject.
        subject = _opening_subject(context.sentences[i], context.names)
        if subject is not None:
            return subject
    if bare in ("he", "she") and i > 0 and context.chosen.get(i - 1) is None:
        # "U.S. President Donald Trump has taken ... On Monday, he suggested": the person just named.
        mention = context.names.table.find(context.sentences[i - 1])
        if mention is not None and mention[0].party not in ("press", "sources", "industry"):
            alias = mention[0]
            return Attribution(alias.party, alias.canonical, "carry", "alias", "", alias.canonical, i - 1)
    return _at(context.speaker, context.speaker_at)


#: Words that mark a sentence as someone's own words (first or second person) in a reproduced block.
_OWN_WORDS = frozenset("i we our us my me you your".split())
_BULLETS = "•-*–—·▪●"


def _block_line(sentence: str) -> bool:
    """Whether a sentence can belong to a block of reproduced text: a bullet, a first- or second-person
    sentence, or a short closing line ("Yours,")."""
    words = sentence.split()
    if not words:
        return False
    if sentence.lstrip()[:1] in _BULLETS or len(words) <= 3:
        return True
    return any(word.strip(".,;:!?\"“”‘’()'").lower().split("’")[0].split("'")[0] in _OWN_WORDS for word in words)


def _opens_block(sentence: str) -> bool:
    """Whether a sentence introduces a block of reproduced text: it ends with a colon ("..., the company
    wrote:"), or its colon is followed by the block's first line without quote marks ("X said in a
    statement: We do not ...")."""
    line = sentence.rstrip()
    if line.endswith(":"):
        return True
    head, colon, rest = line.partition(": ")
    if not colon or any(q in line for q in '"“”«»') or line[-1:] not in ".!?" or len(head.split()) < 3:
        return False
    return len(rest.split()) > 3 and _block_line(rest)  # a first-person sentence, not a tag (": Report")


def carry_quotes(sentences: Sequence[str], found: list[Attribution | None]) -> list[Attribution]:
    """Give unattributed sentences inside a quote the speaker of that quote (with an empty name), and the
    lines of a block a speaker introduces with a colon ("..., the company wrote:") that speaker."""
    result: list[Attribution] = []
    open_quote = False
    opened_by: tuple[Attribution, int] | None = None
    block: tuple[Attribution, int] | None = None
    for i, sentence in enumerate(sentences):
        own = found[i]
        if own is None and block is not None and _block_line(sentence):
            source, at = block
            result.append(Attribution(source.party, "", "quote", "carry", "", source.canonical, at))
            continue
        block = None
        if own is not None and own.party not in (None, "author") and _opens_block(sentence):
            block = (own, i)
        starts_inside = open_quote
        opens, closes = _quote_balance(sentence, open_quote)
        if own is None and (starts_inside or (opens and sentence.lstrip()[:1] in '"“‘«')):
            speaker = opened_by if starts_inside and opened_by is not None else None
            if speaker is None:
                speaker = _next_attribution(found, i, sentences)
            if speaker is None and i > 0 and any(q in sentences[i - 1] for q in '“”"'):
                speaker = (result[-1], i - 1)  # a further quote right after an attributed quote: the same speaker
            if speaker is None and i > 0 and opens and not starts_inside and found[i - 1] is not None:
                # "Xinhua said on Sunday that ... “No country can ...": a quote opened right after an
                # attributed sentence, with no attribution of its own where it closes, is that speaker's.
                speaker = (result[-1], i - 1)
            if speaker is not None and speaker[0].party not in (None, "author"):
                source = speaker[0]
                own = Attribution(source.party, "", "quote", "carry", "", source.canonical, speaker[1])
        result.append(own if own is not None else AUTHOR)
        open_quote = opens and not closes
        if open_quote and result[-1].party != "author":
            opened_by = (result[-1], i)
        elif not open_quote:
            opened_by = None
    return result


def _quote_balance(sentence: str, inside: bool) -> tuple[bool, bool]:
    """Whether a sentence opens a double quote and whether it ends closed."""
    if '"' not in sentence and "“" not in sentence and "”" not in sentence:
        return inside, not inside
    state = inside
    opened = False
    for ch in sentence:
        if ch == "“" or (ch == '"' and not state):
            state, opened = True, True
        elif ch == "”" or (ch == '"' and state):
            state = False
    return opened or inside, not state


def _next_attribution(
    found: list[Attribution | None], i: int, sentences: Sequence[str]
) -> tuple[Attribution, int] | None:
    """For a quote that opens before its attribution: the attribution where it closes."""
    for j in range(i + 1, min(i + 4, len(found))):
        attribution = found[j]
        if attribution is not None:
            return attribution, j
        if any(ch in '”"' for ch in sentences[j]):
            break
    return None
