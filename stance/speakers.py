"""Speaker attribution: who is the source of each sentence's main claim.

One pass per sentence with precompiled patterns finds the attributions a
sentence makes ("X said", "said X", "according to X", "X: '...'", "..., the
report added"), keeps the outermost one, and maps the speaker as written to a
party through the alias table (``labels/speakers.csv`` plus the user's own
file) or, for names it has never seen, through what the name says
("ministry" -> ``china-gov``, "analysts" -> ``analyst``, ...) or the role the
text gives the name elsewhere ("Gina Raimondo, the Commerce Secretary").
A second pass carries speakers over to pronouns ("he added"), definite
references ("the statement said") and sentences that continue a quote.

The result of this module is a rule decision with the evidence it rests on;
:mod:`stance.model` learns from the labelled set how far to trust it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import LabelError, message, os_reason
from .labels import PARTIES

# --- the words attribution rests on ------------------------------------------------------------

#: Reporting, speech and directive verbs that make their subject the speaker.
VERBS = (
    "said says say told tells stated states claimed claims alleged alleges warned warns denied denies "
    "disputed disputes rejected rejects reported reports wrote writes added adds noted notes stressed stresses "
    "reiterated reiterates highlighted highlights described describes predicted predict predicts indicated "
    "indicates revealed reveals disclosed discloses announced announces admitted admits questioned urged urges "
    "urge asked asks advised advises ordered orders demanded demands insisted insists argued argues explained "
    "explains confirmed confirms acknowledged acknowledges suggested suggests criticized criticised criticizes "
    "accused accuses commented comments emphasized emphasised emphasizes contended replied "
    "declared declares observed estimated estimates estimate forecast projected cautioned countered remarked "
    "vows vowed pledged pledges promised threatened threatens expect expects "
    "complained conceded identified note warn claim argue insist caution told"
).split()

#: Third-person forms that are also plural nouns ("data security demands"): verbs only before "that" or a quote.
AMBIGUOUS = frozenset(
    "reports claims notes orders states demands estimates comments forecasts warns alleged estimate forecast".split()
)

#: Verbs that put their subject after them ("..., said one operator", "..., reported Reuters").
INVERTING = (
    "said says reported reports added adds wrote writes noted notes stated told asked explained continued".split()
)
_INVERTING_SET = frozenset(INVERTING)

#: At most this many reporting verbs of one sentence are looked at (the first ones and the last two).
MAX_VERBS = 8

#: Verbs that report in the progressive only after a form of "be" ("are asking").
PROGRESSIVE = "saying asking urging warning telling claiming alleging demanding arguing insisting".split()

#: Multi-word reporting phrases, used like verbs.
PHRASES = (
    "called on",
    "calls on",
    "made it clear",
    "makes it clear",
    "went on to comment",
    "pointed out",
    "points out",
)

_AUX = (
    r"(?:\b(?:has|have|had|also|later|then|further|again|previously|earlier|repeatedly|publicly|separately|"
    r"reportedly|quickly|vehemently|strongly|firmly|flatly|explicitly|indirectly|recently|already|once|"
    r"would|will|could|did|does|do|is|are|was|were|been|be|just|first|initially|only|too|in turn)\s+)*"
)
_AUX_WORDS = frozenset(re.findall(r"[a-z]+", _AUX.split("(?:", 2)[2].split(")")[0].replace("in turn", "")))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_TRAILING_WORD = re.compile(r"\w*$")


def _last_word(text: str, end: int, longest: int) -> tuple[int, str]:
    """Start and lower-cased text of the run of word characters ending at ``end``.

    Only the last ``longest + 1`` characters are looked at: a longer word comes back cut, still longer
    than ``longest``, which is all a caller comparing it with words of at most ``longest`` needs.
    """
    match = _TRAILING_WORD.search(text, max(0, end - longest - 1), end)
    assert match is not None  # the pattern matches an empty run too
    return match.start(), match.group().lower()


_AUX_LONGEST = max(map(len, _AUX_WORDS))


def _aux_start(text: str) -> int:
    """Where the run of auxiliaries and adverbs ending ``text`` starts ("Nvidia |has vehemently "), as ``_AUX$``."""
    start = len(text)
    while True:
        end = len(text[:start].rstrip())
        if end == start or end == 0:
            return start
        j, word = _last_word(text, end, _AUX_LONGEST)
        if word in _AUX_WORDS:
            start = j
        elif word == "turn" and text[:j].lower().endswith("in ") and (j < 4 or not _is_word_char(text[j - 4])):
            start = j - 3
        else:
            return start


def words_pattern(words: Iterable[str], any_space: bool = True) -> str:
    """A regex matching exactly one of ``words``, written as a trie ("sa(?:id|ys?)" for said, say, says).

    It matches what the alternation of the words sorted longest first matches, but Python's ``re``
    tries an alternation's branches one by one at every position, while a trie tests each character
    once: the verb pattern scans a sentence about three times faster. With ``any_space`` a space in
    a word matches any run of whitespace.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, dict]) -> str:
        arms = [
            (r"\s+" if ch == " " and any_space else re.escape(ch)) + branch(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        if "" in node:  # a shorter word ends here: the longer ones are tried first
            return f"(?:{body})?"
        return body

    return branch(trie) or r"(?!x)x"


_VERB_ALT = words_pattern(VERBS + list(PHRASES))
_QUOTES = '"“”‘’«»'
# A quote mark that is not an apostrophe inside a word ("People’s").
_QUOTE_MARK = r"(?:[\"“”«»]|(?<!\w)[‘’]|[‘’](?!\w))"
_NP_CHAR = r"(?:[^,.;:!?\"“”«»‘’]|(?<=\w)’(?=\w))"
_OPEN_Q = '"“‘«'
_CLOSE_Q = '"”’»'

# A reporting verb (or phrase) as a whole word.
_VERB_RE = re.compile(
    rf"(?<!\w)(?:{_VERB_ALT}|(?:is|are|was|were|been)\s+(?:{'|'.join(PROGRESSIVE)})|(?<=\w )saying)\b"
)
# "..., said one Chinese data center operator about ..." / "..., reported Reuters."
_INVERTED_RE = re.compile(
    rf"(?:^|[,{_CLOSE_Q}]\s*)(?P<verb>{'|'.join(INVERTING)})\s+({_NP_CHAR}{{2,80}}?)"
    r"\s*(?=$|[,.;:!?]|\s+(?:about|on|in|at|during|after|before|when|while|last|this|to|for|late|early|"
    r"yesterday|today|earlier|later)\b)",
)
# What every inversion not at the start holds: a comma or closing quote before the verb. A pattern that starts
# with a rare character is searched fast, so this gate is much cheaper than _INVERTED_RE itself.
_INVERSION_GATE = re.compile(rf"[,{_CLOSE_Q}]\s*(?:{'|'.join(INVERTING)})\s")
_INVERTING_TUPLE = tuple(INVERTING)
_ACCORDING_RE = re.compile(
    rf"\b(that\s+)?(?:according\s+to|based\s+on\s+(?:comments|remarks|information)\s+(?:by|from))\s+"
    rf"((?:data\s+from\s+)?{_NP_CHAR}{{2,80}}?)\s*(?=$|[,.;:!?]|{_QUOTE_MARK})",
    re.I,
)
# "... by a quarter - Nikkei Asia", "... -Reuters": a credit line at the end of a sentence.
_CREDIT_RE = re.compile(
    r"(?:\s[-–—]{1,2}\s*|(?<=[.”\"’)])[-–—]{1,2}\s*)([A-Z][\w&.'’]*(?:\s+[A-Z][\w&.'’]*){0,4})\s*\.?$"
)
# "claims by Chinese state-backed media that ...": a nominal attribution with its content.
_NOMINAL_RE = re.compile(
    rf"\b(?:claims|allegations|accusations|warnings|assertions|statements?|remarks|comments)\s+(?:by|from)\s+"
    rf"({_NP_CHAR}{{2,80}}?)\s+that\b",
)
# "an allegation Nvidia CEO Jensen Huang has rejected", "a price level Rogoff said": object relatives.
_OBJECT_RELATIVE = re.compile(r"^(?:(?:an?|the|one\s+of\s+the)\s+)((?:[a-z][\w-]*\s+)+)(?:the\s+|a\s+)?[A-Z]")
_COLON_RE = re.compile(rf"^([^:{_QUOTES}]{{2,60}}?):\s+(?=[{_OPEN_Q}]|(?:we|i|our|my)\b)", re.I)
# What an inverted phrase must not start with, what may start "according to data from X", what must follow an
# ambiguous verb ("reports that"), and a clause after ", but" (patterns compiled once, not looked up per call).
_NOT_INVERTED = re.compile(r"(?:that|to|it|this|on|in|its|her|his|their|our|my)\b", re.I)
_DATA_FROM = re.compile(r"data\s+from\s+", re.I)
_CONTENT_START = re.compile(rf"(?:that\b|,|{_QUOTE_MARK})")
_AFTER_BUT = re.compile(r",\s*but\s+[^,]*$", re.I)
_ARTICLE_END = re.compile(r"\b(?:the|The)\s+$")
_POSSESSIVE_STATEMENT_RE = re.compile(r"^(.+?)['’]s?\s+(?:statement|spokesperson|spokesman|spokeswoman)$", re.I)

_NEGATED = re.compile(r"\b(?:not|never|n't|neither|nor|no)\b", re.I)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
# Words that, right before a reporting verb, make it passive or not a verb ("was told", "the claims").
_PASSIVE_BEFORE = frozenset("was were is are be been being when if once the an a".split())
_PASSIVE_LONGEST = max(map(len, _PASSIVE_BEFORE))
_WORD = re.compile(r"[\w'’.-]+")
# Where a clause ends: punctuation, a quote mark, a dash or a conjunction (words as a trie, see words_pattern).
_CLAUSE_WORDS = "that but while when after considering because as if why how whether what".split()


def _clause_break_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Clause breaks: punctuation, quote marks, " - " and ``words`` (any case)."""
    return re.compile(
        rf"[,;:()\[\]\"“”«»—–]|(?<!\w)[‘’]|[‘’](?!\w)|\s-\s|\b(?:{words_pattern(words)})\b",
        re.I,
    )


_CLAUSE_BREAK = _clause_break_pattern(_CLAUSE_WORDS)
# The same breaks in reversed text: every part but the words reads the same backwards (the quote parts swap).
_CLAUSE_BREAK_REVERSED = _clause_break_pattern(word[::-1] for word in _CLAUSE_WORDS)


def _last_break(text: str) -> tuple[int, int] | None:
    """Span of the last clause break in ``text`` (the last of ``_CLAUSE_BREAK.finditer(text)``), or None.

    It is the first break of the reversed text, found without scanning the rest of it: breaks never
    overlap, except " - " ones ("a - - b"), where the scan from the start decides which ones count.
    """
    reverse = _CLAUSE_BREAK_REVERSED.search(text[::-1])
    if reverse is None:
        return None
    if reverse.group()[0].isspace():  # " - "
        *_, last = _CLAUSE_BREAK.finditer(text)
        return last.span()
    return len(text) - reverse.end(), len(text) - reverse.start()


_AGENT = re.compile(r"(?:posted|issued|published|released|signed|written|sent)\s+by\s+(.+)$", re.I)
_FIRST_VERB = re.compile(r"\s(?:[a-z]+ed|has|have|had|is|was|were|are|will|would)\b")
_GERUND_SUBJECT = re.compile(r"^.*\b(?:to|by|from|with|for|as|of)\s+", re.I)
_LATER_MAIN_VERB = re.compile(r",\s+(?:has|have|had|is|was|were|are|will|would)\b")
_INTRO = re.compile(
    r"^(?:meanwhile|still|however|hence|lastly|finally|first|separately|also|and|so|yet|instead|moreover|"
    r"in short|in addition|in a statement|on \w+day|over the weekend|interestingly)\b\s*",
    re.I,
)
_TAIL = re.compile(r"(?:in|on|at|to|last|during|this|when|after|late|early|yesterday|today)\b", re.I)
_RELATIVE = re.compile(r"^(?:who|which)$", re.I)
_APPOSITIVE_START = re.compile(
    r"^(?:who|which|a|an|the|one|another|its|his|her|their|affiliated|linked|known|based|owned|run|"
    r"backed|led|formerly|now|also)\b",
    re.I,
)

# Words that refer back to an earlier speaker.
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_BACK_REFERENCES = re.compile(
    r"^(?:the|this|that|its|their|his|her)\s+(statement|report|article|company|firm|chipmaker|group|agency|"
    r"ministry|regulator|watchdog|spokesperson|spokesman|spokeswoman|official|outlet|newspaper|commentary|"
    r"post|paper|person|source|analyst|economist|executive|president|secretary|administration|department)$",
    re.I,
)

# --- what a name says about its party -------------------------------------------------------------

_US_MARK = re.compile(
    r"\b(?:u\.s\.?|us|usa|american|america|washington|white\s+house|congress|congressional|senate|senators?|"
    r"house|federal|trump|biden|republicans?|democrats?|democratic|pentagon|treasury)\b",
    re.I,
)
_CN_MARK = re.compile(r"\b(?:china|chinese|beijing|prc|communist|xi)\b", re.I)


def _keyword_pattern(words: str, extra: str = "") -> re.Pattern[str]:
    """Whole words or phrases (``|``-separated, any case, a space is any whitespace) plus extra regex.

    Only whether a phrase holds any of them matters, so the words can be one trie (fast to search).
    """
    body = words_pattern(w.strip() for w in words.split("|"))
    return re.compile(rf"\b(?:{body}{'|' + extra if extra else ''})\b", re.I)


# The words that say a speaker's party, tried in this order ("gov" is split by country later).
_KEYWORD_WORDS: tuple[tuple[str, str, str], ...] = (
    (
        "sources",
        "familiar with|aware of|close to|briefed on|knowledge of|with direct knowledge|source|sources|insider|"
        "insiders|people|person|persons|individual|individuals|one official|one executive|one source|"
        "who declined to be named|anonymity|unnamed",
        "",
    ),
    (
        "china-media",
        "state media|party mouthpiece|mouthpiece|people's daily|people’s daily|xinhua|global times|cctv|cgtn|"
        "china daily",
        r"state[-\s](?:run|backed|controlled|owned|affiliated)?\s*(?:media|broadcaster|television|tv|"
        r"newspaper|news\s+agency|outlet|tabloid)",
    ),
    (
        "press",
        "report|reports|newspaper|newspapers|outlet|outlets|media|news|news agency|news service|news site|"
        "newswire|journal|times|post|magazine|wire|daily|reporter|reporters|correspondent|correspondents|"
        "broadcaster|publication|tabloid|gazette|herald|tribune|telegraph|economist magazine|press",
        "",
    ),
    (
        "analyst",
        "analyst|analysts|expert|experts|researcher|researchers|economist|economists|strategist|strategists|"
        "professor|professors|scholar|scholars|academic|academics|observer|observers|commentator|"
        "commentators|consultant|consultants|consultancy|fellow|specialist|specialists|investor|investors|"
        "trader|traders|market watcher|market watchers|brokerage|research|research firm|tracker|"
        "former official|former officials|adviser|advisers|advisor|advisors|rating agency",
        r"think[-\s]tank|former\s+\w+\s+officials?",
    ),
    (
        "gov",
        "ministry|ministries|minister|regulator|regulators|regulatory|watchdog|watchdogs|authorities|authority|"
        "official|officials|government|governments|agency|agencies|commission|administration|department|"
        "bureau|cabinet|state council|planner|policymaker|policymakers|lawmaker|lawmakers|legislator|"
        "legislators|senator|senators|congress|congressman|congresswoman|president|secretary|"
        "spokesperson for the ministry|embassy|ambassador|diplomat|diplomats|committee|democrat|democrats|"
        "republican|republicans|governor|mayor|parliament|leader|leaders|leadership|white house|pentagon|"
        "premier|state department|communist party|customs",
        r"[Rr]ep\.|Representative\s+[A-Z]|beijing(?!-)|washington(?!-)",
    ),
    (
        "industry",
        "company|companies|firm|firms|chipmaker|chipmakers|maker|makers|manufacturer|manufacturers|operator|"
        "operators|group|groups|inc|corp|corporation|ltd|llc|plc|technologies|technology co|holdings|"
        "executive|executives|ceo|cfo|cto|founder|chairman|startup|startups|bank|banks|vendor|vendors|"
        "supplier|suppliers|customer|customers|buyer|buyers|platform|platforms|giant|giants|provider|"
        "providers|spokesperson|spokesman|spokeswoman|lab|labs|association|federation|chamber of commerce|"
        "designer|designers|developer|developers|producer|producers|manager|managers|engineer|engineers|"
        "employee|employees|staff|officer|officers|director|directors|procurement|chief executive|"
        "industry group|industry body|trade group|trade body|lobby",
        r"chief\s+\w+\s+officer",
    ),
)
_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (party, _keyword_pattern(words, extra)) for party, words, extra in _KEYWORD_WORDS
)
# Any of those words: most phrases hold none, which one search says instead of one per party.
_ANY_KEYWORD = _keyword_pattern(
    "|".join(words for _, words, _ in _KEYWORD_WORDS), "|".join(extra for _, _, extra in _KEYWORD_WORDS if extra)
)
_GENERIC_COMPANY = re.compile(
    r"^(?:(?:the|a|an|one|its)\s+)?(?:(?:company|firm|chipmaker|group)(?:['’]s)?"
    r"(?:\s+(?:spokesperson|spokesman|spokeswoman|representative|statement|official|executive))?"
    r"|spokesperson|spokesman|spokeswoman|representative)$",
    re.I,
)
# Offices and titles that, without a country named, are American in this news.
_US_OFFICE = re.compile(
    r"\b(?:administration|lawmakers?|legislators?|senators?|congress\w*|secretary|department|committee|democrats?|"
    r"republicans?|governor|under\s+secretary|bureau\s+of\s+industry|[Rr]ep\.|Representative\s+[A-Z])\b",
    re.I,
)
_OUTLET_AFTER = re.compile(
    r"\s+(?:Post|Times|Journal|Daily|News|Herald|Tribune|Telegraph|Gazette|Economic\s+Daily|Morning\s+Post)\b"
)
_STATE_MEDIA = re.compile(r"\bstate[-\s](?:run|backed|controlled|owned|affiliated|media)\b|\bparty[-\s]run\b", re.I)
_PREPOSITION_END = re.compile(r"\b(?:in|at|from|of|for|with|to|on|inside)\s+(?:the\s+)?$", re.I)
_REPRESENTATIVE = re.compile(
    r"\b(?:spokes(?:person|man|woman)|representatives?|statement|executives?|ceo|chief|officials?|"
    r"chairman|president|founder|head|director|managers?|employees?|staff)\b",
    re.I,
)
_VERB_IN_PHRASE = re.compile(r"\b(?:would|will|had|has|have|is|was|were|are|could|can|should|may|might|did|does)\b")
_BARE_SPOKESPERSON = re.compile(r"^(?:(?:the|a|an)\s+)?spokes(?:person|man|woman)(?:\s+[A-Z][\w'’.-]+)*$", re.I)
_OWN_DOCUMENT = re.compile(
    r"^(?:its|their)\s+(?:(?:annual|quarterly|latest|own)\s+)?(?:report|filing|statement|website|results|release)s?$",
    re.I,
)
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|of|de|van|von|al|bin))*$")


# --- the alias table ---------------------------------------------------------------------------------


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
    return Path(__file__).resolve().parent.parent / "labels" / "speakers.csv"


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
    key = _fold(_DETERMINER.sub("", alias.strip()))
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


def _fold(text: str) -> str:
    """Lower case with curly apostrophes made straight (same length, so offsets hold)."""
    return text.lower().replace("’", "'").replace("‘", "'")


class AliasTable:
    """Aliases compiled into one pattern; finds the leftmost, longest alias in a phrase."""

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self.by_alias: dict[str, Alias] = {}
        for alias in aliases:
            self.by_alias[_fold(_DETERMINER.sub("", alias.alias.strip()))] = alias
        body = words_pattern(self.by_alias, any_space=False)  # the longest alias first, as a trie
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w]|-(?:based|backed|born|listed|headquartered|linked))")
        self.memo: dict[tuple[str, str], object] = {}  # (function, phrase) -> result, for phrase-level rules

    def remember(self, kind: str, phrase: str, compute):
        """``compute(phrase)``, computed once per phrase (the memo is emptied when it grows large)."""
        key = (kind, phrase)
        if key not in self.memo:
            if len(self.memo) > 20_000:
                self.memo.clear()
            self.memo[key] = compute(phrase)
        return self.memo[key]

    def find(self, phrase: str) -> tuple[Alias, int, int] | None:
        """The leftmost (then longest) alias in ``phrase`` with its span, or None."""
        match = self.pattern.search(_fold(phrase))
        if match is None:
            return None
        return self.by_alias[match.group()], match.start(), match.end()


@lru_cache(maxsize=8)
def alias_table(extra: tuple[Alias, ...] = ()) -> AliasTable:
    """The packaged aliases plus ``extra`` rows (read from the users' files; later rows win)."""
    return AliasTable([*read_aliases(packaged_aliases_path()), *extra])


# --- attribution of one sentence ---------------------------------------------------------------------

#: How an attribution was found, from strongest to weakest evidence.
KINDS = ("trailing", "credit", "according", "leading", "relative", "colon", "carry", "quote", "none")


@dataclass(frozen=True, slots=True)
class Attribution:
    """What the rules found for one sentence.

    ``party`` is None when a speaker phrase was found but nothing says its party;
    ``how`` says how the party was decided (alias, keyword, role, carry, none).
    """

    party: str | None
    name: str
    kind: str
    how: str
    verb: str = ""


AUTHOR = Attribution("author", "", "none", "none")


def _trim_np(phrase: str) -> str:
    phrase = phrase.strip(" \t,;:" + _QUOTES)
    while True:
        stripped = _INTRO.sub("", phrase)
        if stripped == phrase:
            break
        phrase = stripped.lstrip(" ,")
    return phrase.strip(" ,")


_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _strip_aux(text: str) -> str:
    """``text`` without the auxiliaries and adverbs that end it, nor trailing space ("Nvidia has also " -> "Nvidia")."""
    return text[: _aux_start(text)].rstrip()


def _subject_before(before: str, gerund: bool, head: str | None = None) -> tuple[str, bool]:
    """The noun phrase right before a verb, skipping auxiliaries, parentheses and one appositive.

    ``before`` is the text before the verb; ``head``, when the caller has it, is ``_strip_aux(before)``.
    Returns the phrase and whether it stands for a relative pronoun ("the FT, which states").
    """
    if "(" in before:
        left = _strip_aux(_PARENTHESES.sub("", before))
    else:
        left = head if head is not None else _strip_aux(before)
    if left.endswith(","):
        # "Yuyuan Tantian, which is affiliated with state broadcaster CCTV, said": skip the appositive.
        body = left[:-1].rstrip()
        cut = body.rfind(",")
        appositive = body[cut + 1 :].strip()
        if cut < 0 or not (_APPOSITIVE_START.match(appositive) or appositive[:1].islower()):
            return "", False
        agent = _AGENT.match(appositive)
        if agent:
            # "A second notice, posted by China's Cybersecurity Review Office, said": the agent speaks.
            return _trim_np(agent.group(1)), False
        left = body[:cut]
    last = _last_break(left)
    start = last[1] if last else 0
    word = left[last[0] : start].lower() if last else ""
    if word == "what":
        return "", False  # "closes what officials have described as a loophole"
    phrase = _trim_np(left[start:])
    if not phrase and word == "but" and last is not None:  # "but" was found after the last break
        # "Several members of the committee welcomed the rule but said ...": the subject of the first verb.
        clause = left[: last[0]]
        earlier = _last_break(clause)
        clause = clause[earlier[1] if earlier else 0 :]
        first_verb = _FIRST_VERB.search(clause)
        return (_trim_np(clause[: first_verb.start()]) if first_verb else ""), False
    if gerund:
        # "a reference to China's cyberspace watchdog saying ...": the object of the last preposition.
        phrase = _GERUND_SUBJECT.sub("", phrase)
    if _RELATIVE.match(phrase):
        body = left[:start].rstrip(" ,")
        last = _last_break(body)
        return _trim_np(body[last[1] if last else 0 :]), True
    return phrase, False


def _find_party(phrase: str, table: AliasTable) -> tuple[str | None, str, str]:
    """Party of a speaker phrase as (party, how, name) without context."""
    return table.remember("party", phrase, lambda p: _find_party_uncached(p, table))


def _find_party_uncached(phrase: str, table: AliasTable) -> tuple[str | None, str, str]:
    found = table.find(phrase)
    if found is not None:
        alias, start, end = found
        if _OUTLET_AFTER.match(phrase, end):
            # "The Washington Post", "China's state-run Economic Daily": an outlet named after a place.
            return ("china-media" if _STATE_MEDIA.search(phrase) else "press"), "keyword", phrase
        head = phrase[:start]
        if _PREPOSITION_END.search(head) and not _REPRESENTATIVE.search(head):
            # "The Chinese embassy in Washington", "analysts at Bernstein": the head noun decides.
            party, how, _ = _keyword_party(head)
            if party is not None:
                return party, how, phrase
        return alias.party, "alias", phrase
    return _keyword_party(phrase)


def _keyword_party(phrase: str) -> tuple[str | None, str, str]:
    """Party from what the words of a phrase say ("ministry", "analysts", "people familiar")."""
    if _ANY_KEYWORD.search(phrase) is None:
        return None, "unknown", phrase
    if _STATE_MEDIA.search(phrase) and _KEYWORDS[2][1].search(phrase) and not _US_MARK.search(phrase):
        return "china-media", "keyword", phrase
    for party, pattern in _KEYWORDS:
        if pattern.search(phrase):
            if party == "gov":
                us, cn = _US_MARK.search(phrase), _CN_MARK.search(phrase)
                if us and not cn:
                    return "us-gov", "keyword", phrase
                if cn and not us:
                    return "china-gov", "keyword", phrase
                if us and cn:
                    # "the Chinese embassy in Washington", "the House committee on China": the first one named.
                    return ("us-gov" if us.start() < cn.start() else "china-gov"), "keyword", phrase
                if _US_OFFICE.search(phrase):
                    return ("china-gov" if cn else "us-gov"), "keyword", phrase
                return "china-gov", "country", phrase
            return party, "keyword", phrase
    return None, "unknown", phrase


_APPOSITIVE_ROLE = re.compile(r"\s*,\s*((?:a|an|the|who\s+is|who\s+was|its|his|her|their|[a-z][\w-]*)\s[^,.;]{3,90})")
_TITLE_BREAK = re.compile(r"[,.;:()“”\"]")


def _whole_word_spans(word: str, text: str) -> Iterable[tuple[int, int]]:
    """Spans of ``word`` in ``text`` where ``re.finditer(rf"\\b{re.escape(word)}\\b", text)`` would find it.

    Searching with ``str.find`` avoids compiling a new pattern for every name (the slowest part).
    """
    first, final = _is_word_char(word[0]), _is_word_char(word[-1])
    position = text.find(word)
    while position >= 0:
        end = position + len(word)
        before = _is_word_char(text[position - 1]) if position else False
        after = _is_word_char(text[end]) if end < len(text) else False
        if before != first and after != final:
            yield position, end
            position = text.find(word, end)
        else:
            position = text.find(word, position + 1)


def _role_in_text(name: str, text: str, table: AliasTable) -> str | None:
    """For a name nobody listed, the party its role elsewhere in the text says.

    "Tom Hollis, a deputy undersecretary at the Commerce Department, ..." or
    "Harvard economist Kenneth Rogoff": an appositive after the name or a title before it.
    """
    last = name.split()[-1]
    for start, end in _whole_word_spans(last, text):
        appositive = _APPOSITIVE_ROLE.match(text, end, end + 100)
        title = " ".join(_TITLE_BREAK.split(text[max(0, start - 80) : start])[-1].split()[-5:])
        for piece in (appositive.group(1) if appositive else "", title):
            if not piece.strip():
                continue
            party, how, _ = _find_party(piece, table)
            if party is not None and party not in ("sources", "press") and how in ("alias", "keyword"):
                return party
    return None


def _guess(phrase: str, kind: str, verb: str) -> str:
    """The likeliest party of a name nothing else explains: outlets report, others say."""
    if kind in ("according", "credit") or verb.lower() in ("reported", "reports", "wrote", "writes"):
        return "press"
    return "industry"


def _is_speaker_phrase(phrase: str, table: AliasTable) -> bool:
    """Whether a phrase can name a speaker: short, not negated, and a name, a known party or a reference."""
    return table.remember("speaker", phrase, lambda p: _is_speaker_phrase_uncached(p, table))


def _is_speaker_phrase_uncached(phrase: str, table: AliasTable) -> bool:
    words = _WORD.findall(phrase)
    if not 0 < len(words) <= 14 or _NEGATED.search(phrase):
        return False
    relative = _OBJECT_RELATIVE.match(phrase)
    if relative and _find_party(relative.group(1), table)[0] is None:
        return False
    bare = _DETERMINER.sub("", phrase).lower()
    return (
        bare in _PRONOUNS
        or _BACK_REFERENCES.match(phrase) is not None
        or _NAME_LIKE.match(_DETERMINER.sub("", phrase)) is not None
        or _find_party(phrase, table)[0] is not None
    )


@dataclass(frozen=True, slots=True)
class _PhraseFacts:
    """What a speaker phrase says by itself; ``Attributor._resolve`` adds what the context says."""

    bare: str  # lower case, without a determiner
    owner: tuple[str, str] | None  # (party, how) of X in "X's statement", when X has a party
    back: str | None  # the pronoun or head noun of a reference back ("he", "report"), else None
    spokesperson: bool  # a bare spokesperson ("spokesperson Han Lu")
    own_document: bool  # "its annual report"
    generic_company: bool  # "the firm", "a company spokesperson"
    party: str | None  # party, how and name as _find_party gives them
    how: str
    name: str
    alias: str | None  # the alias the phrase holds, as written ("the People's Daily"), when it is by alias
    long: bool  # the phrase holds a verb or more than 8 words: it is named by its alias
    name_like: bool  # capitalised words, like a name


def _phrase_facts(phrase: str, table: AliasTable) -> _PhraseFacts:
    """The facts of a phrase (computed once per phrase: speakers repeat)."""
    return table.remember("facts", phrase, lambda p: _phrase_facts_uncached(p, table))


def _phrase_facts_uncached(phrase: str, table: AliasTable) -> _PhraseFacts:
    undetermined = _DETERMINER.sub("", phrase)
    bare = undetermined.lower()
    mention = table.find(phrase)
    generic_company = _GENERIC_COMPANY.match(phrase) is not None
    possessive = _POSSESSIVE_STATEMENT_RE.match(phrase)
    owner = None
    if possessive and not generic_company:
        party, how, _ = _find_party(possessive.group(1), table)
        owner = (party, how) if party is not None else None
    back = _BACK_REFERENCES.match(phrase)
    refers_back = bare in _PRONOUNS or (back is not None and mention is None)
    party, how, name = _find_party(phrase, table)
    found = mention if how == "alias" else None
    alias = None
    if found is not None:
        _, start, end = found
        article = _ARTICLE_END.search(phrase[:start])
        alias = phrase[article.start() if article else start : end]
    return _PhraseFacts(
        bare=bare,
        owner=owner,
        back=(back.group(1).lower() if back else bare) if refers_back else None,
        spokesperson=_BARE_SPOKESPERSON.match(phrase) is not None,
        own_document=_OWN_DOCUMENT.match(phrase) is not None,
        generic_company=generic_company,
        party=party,
        how=how,
        name=name,
        alias=alias,
        long=found is not None and (_VERB_IN_PHRASE.search(phrase) is not None or len(_WORD.findall(phrase)) > 8),
        name_like=_NAME_LIKE.match(undetermined) is not None,
    )


class _Context:
    """What earlier sentences of the text said: the last speaker, outlet, government and company."""

    def __init__(self, attributor: Attributor, sentences: Sequence[str], found: list[Attribution | None]):
        self.attributor = attributor
        self.sentences = sentences
        self.found = found  # the attributions so far, None for sentences without one
        self.chosen: dict[int, tuple[str, str, str] | None] = {}  # sentence -> Attributor.choose, where computed
        self.roles: dict[str, str | None] = {}
        self.windows: dict[int, str] = {}  # stretch -> the text role() looks in
        self.speaker: Attribution | None = None
        self.press: Attribution | None = None
        self.government: Attribution | None = None

    @property
    def company(self) -> Attribution | None:
        """The last company: a company speaker, or a company named in a sentence without a speaker."""
        for j in range(len(self.found) - 1, -1, -1):
            attribution = self.found[j]
            if attribution is not None:
                if attribution.party in ("nvidia", "industry"):
                    return attribution
                continue
            mention = self.attributor.table.find(self.sentences[j])
            if mention and mention[0].party in ("nvidia", "industry"):
                return Attribution(mention[0].party, mention[0].alias, "carry", "alias")
        return None

    #: How many sentences before and after the current one a name's role is looked for in.
    ROLE_WINDOW = (50, 10)

    def role(self, name: str, i: int) -> str | None:
        """The party the words near sentence ``i`` give a name (computed once per name and stretch)."""
        before, after = self.ROLE_WINDOW
        key = f"{i // after}:{name}"
        if key not in self.roles:
            stretch = i // after
            if stretch not in self.windows:
                start = max(0, stretch * after - before)
                self.windows[stretch] = " ".join(self.sentences[start : (stretch + 1) * after + after])
            self.roles[key] = _role_in_text(name, self.windows[stretch], self.attributor.table)
        return self.roles[key]

    def remember(self, attribution: Attribution) -> None:
        if attribution.party in (None, "author"):
            return
        self.speaker = attribution
        if attribution.party in ("us-gov", "china-gov"):
            self.government = attribution
        if attribution.party == "press":
            self.press = attribution


class Attributor:
    """Finds the speaker of each sentence of one text.

    Parameters
    ----------
    table : AliasTable
        The aliases to map names to parties.
    """

    def __init__(self, table: AliasTable) -> None:
        self.table = table

    def candidates(self, sentence: str, reporting_words: bool = True) -> list[tuple[int, str, str, str]]:
        """All attributions in a sentence as (position, kind, phrase, verb).

        ``reporting_words=False`` says the sentence holds none of the words the other kinds start
        from (reporting verbs, "according", "based on", "claims by": the ``attribution`` cues of
        :mod:`stance.cues`), so only a credit line and a colon introduction are looked for.
        """
        table = self.table
        found: list[tuple[int, str, str, str]] = []
        verbs = list(_VERB_RE.finditer(sentence)) if reporting_words else []
        if len(verbs) > MAX_VERBS:
            # A real sentence has a handful of reporting verbs; garbage can have thousands, and each
            # one looks back over the sentence. The outermost attribution is among the first and last.
            verbs = verbs[: MAX_VERBS - 2] + verbs[-2:]
        inverting = any(match.group() in _INVERTING_SET for match in verbs) and (
            sentence.startswith(_INVERTING_TUPLE) or _INVERSION_GATE.search(sentence) is not None
        )
        inversions = list(_INVERTED_RE.finditer(sentence)) if inverting else []
        if len(inversions) > MAX_VERBS:
            inversions = inversions[: MAX_VERBS - 2] + inversions[-2:]
        for match in inversions:
            phrase = _trim_np(match.group(2))
            subject, _ = _subject_before(sentence[: match.start("verb")], gerund=False)
            if subject and _is_speaker_phrase(subject, table):
                continue  # "A notice, posted by X, said Micron products ...": not an inversion
            if (
                _is_speaker_phrase(phrase, table)
                and not _NOT_INVERTED.match(phrase)
                and not _VERB_IN_PHRASE.search(phrase)
            ):
                found.append((match.start(), "trailing", phrase, "said"))
        credit = _credit(sentence) if may_have_credit(sentence) else None
        if credit and _is_speaker_phrase(credit.group(1), table):
            found.append((credit.start(), "credit", credit.group(1), ""))
        lower = sentence.lower() if reporting_words else ""
        according = "according" in lower or "based on" in lower
        for match in _ACCORDING_RE.finditer(sentence) if according else ():
            phrase = _trim_np(match.group(2))
            data = _DATA_FROM.match(phrase)
            phrase = phrase[data.end() :] if data else phrase
            if _is_speaker_phrase(phrase, table):
                found.append((match.start(), "leading" if match.group(1) else "according", phrase, ""))
        # The words _NOMINAL_RE needs.
        nominal = reporting_words and (" by " in sentence or " from " in sentence) and "that" in sentence
        for match in _NOMINAL_RE.finditer(sentence) if nominal else ():
            phrase = _trim_np(match.group(1))
            if _is_speaker_phrase(phrase, table):
                found.append((match.start(), "leading", phrase, "claims"))
        for match in verbs:
            verb = match.group()
            before, after = sentence[: match.start()], sentence[match.end() :].lstrip()
            if verb in AMBIGUOUS and not _CONTENT_START.match(after):
                continue
            passive = _ends_with_word(before, _PASSIVE_BEFORE, _PASSIVE_LONGEST)
            if passive and not verb.startswith(("is ", "are ", "was ", "were ")):
                continue
            head = _strip_aux(before)
            phrase, relative = _subject_before(before, verb == "saying", head)
            if not _is_speaker_phrase(phrase, table):
                continue
            if relative:
                # "X, who declared ..., has returned": the relative clause is not the main claim.
                if _LATER_MAIN_VERB.search(after):
                    continue
                found.append((match.start(), "relative", phrase, verb))
                continue
            ends_clause = not after or after[0] in ".!?" or _TAIL.match(after) is not None
            after_break = _right_after_break(head, phrase)
            found.append((match.start(), "trailing" if ends_clause and after_break else "leading", phrase, verb))
        colon = _COLON_RE.match(sentence) if may_have_colon_intro(sentence) else None
        if colon and _find_party(colon.group(1), table)[0] is not None:
            found.append((0, "colon", _trim_np(colon.group(1)), ""))
        return found

    def choose(self, sentence: str, reporting_words: bool = True) -> tuple[str, str, str] | None:
        """The outermost attribution of a sentence as (kind, phrase, verb), or None.

        ``reporting_words`` is passed on to :meth:`candidates`.

        A trailing attribution ("..., the report said"), a credit ("... - Nikkei Asia") or a
        final "according to X" wraps the whole sentence; otherwise the first one does
        ("Bloomberg reported that regulators urged ..."), except that a clause after
        ", but" carries the point; a colon introduction counts only when nothing else does.
        """
        found = self.candidates(sentence, reporting_words)
        if not found:
            return None
        for kinds in (("trailing", "credit"), ("according",)):
            late = [c for c in found if c[1] in kinds]
            if late:
                _, kind, phrase, verb = max(late)
                return kind, phrase, verb
        spoken = [c for c in found if c[1] != "colon"] or found
        but = [c for c in spoken if _AFTER_BUT.search(sentence[: c[0]])]
        _, kind, phrase, verb = but[-1] if but else min(spoken)
        return kind, phrase, verb

    def attribute(
        self, sentences: Sequence[str], triggered: AbstractSet[int], marks_only: AbstractSet[int] = frozenset()
    ) -> list[Attribution]:
        """Attributions for consecutive sentences of one text, with carry-over.

        Only the sentences in ``triggered`` (indices of sentences holding anything an attribution
        can start from: :func:`stance.model.triggered` finds them) are searched for candidates;
        those also in ``marks_only`` (a late dash or an early colon, no reporting word) only for a
        credit line or a colon introduction.
        """
        found: list[Attribution | None] = []
        context = _Context(self, sentences, found)
        for i, sentence in enumerate(sentences):
            choice = None
            if i in triggered:
                choice = context.chosen[i] = self.choose(sentence, i not in marks_only)
            if choice is None:
                found.append(None)
                continue
            resolved = self._resolve(*choice, sentences, i, context)
            attribution = Attribution(resolved.party, resolved.name, resolved.kind, resolved.how, choice[2].lower())
            found.append(attribution)
            context.remember(attribution)
        return self._carry_quotes(sentences, found)

    def _resolve(
        self, kind: str, phrase: str, verb: str, sentences: Sequence[str], i: int, context: _Context
    ) -> Attribution:
        facts = _phrase_facts(phrase, self.table)
        bare = facts.bare
        party: str | None
        name: str
        if facts.owner is not None:
            party, how = facts.owner
            return Attribution(party, phrase, kind, how)
        if facts.back is not None:
            referent = self._referent(bare, facts.back, sentences, i, context)
            if referent is not None:
                name = referent.name if bare in _PRONOUNS else phrase
                return Attribution(referent.party, name, kind, "carry")
        if facts.spokesperson and context.speaker is not None:
            if context.speaker.party not in ("press", "sources", "analyst", "author"):
                # "China's foreign ministry said ... 'We oppose this,' spokesperson Han Lu told a briefing."
                return Attribution(context.speaker.party, phrase, kind, "carry")
        referent = (context.company or context.speaker) if facts.own_document else None
        if referent is not None:
            # "according to its annual report": the report of whoever "its" is.
            return Attribution(referent.party, phrase, kind, "carry")
        if facts.generic_company:
            # "a company spokesperson", "the firm": the company this sentence names, else the last one.
            mention = self.table.find(sentences[i])
            if mention is not None and mention[0].party in ("nvidia", "industry"):
                return Attribution(mention[0].party, phrase, kind, "carry")
            company = context.company
            if company is not None:
                return Attribution(company.party, phrase, kind, "carry")
        party, how, name = facts.party, facts.how, facts.name
        if facts.alias is not None and (kind == "relative" or facts.long):
            name = facts.alias  # "This article followed earlier criticism by the People's Daily": the alias
        if how == "country":
            how = "keyword"
            if context.government is not None:
                party = context.government.party  # "a department spokesperson": the government this text is about
        if party == "press" and how == "keyword" and facts.name_like:
            if context.role(phrase, i) == "china-media":
                party = "china-media"  # "The Securities Times, a newspaper backed by the People's Daily"
        if party is None and facts.name_like:
            party = context.role(phrase, i)
            how = "role"
            if party is None:
                party, how = _guess(phrase, kind, verb), "guess"
        if party is None and bare in _PRONOUNS:
            return AUTHOR
        return Attribution(party, name, kind, how)

    def _referent(
        self, bare: str, head: str, sentences: Sequence[str], i: int, context: _Context
    ) -> Attribution | None:
        if head in ("report", "outlet", "newspaper", "paper") and context.press is not None:
            return context.press
        company = context.company if head in ("company", "firm", "chipmaker", "group") else None
        if company is not None:
            return company
        if bare in ("he", "she") and i > 0 and self._chosen(sentences, i - 1, context) is None:
            # "U.S. President Donald Trump has taken ... On Monday, he suggested": the person just named.
            mention = self.table.find(sentences[i - 1])
            if mention is not None and mention[0].party not in ("press", "sources", "industry"):
                return Attribution(mention[0].party, mention[0].canonical, "carry", "alias")
        return context.speaker

    def _chosen(self, sentences: Sequence[str], i: int, context: _Context) -> tuple[str, str, str] | None:
        """``self.choose(sentences[i])``, looked up when the first pass computed it."""
        return context.chosen[i] if i in context.chosen else self.choose(sentences[i])

    def _carry_quotes(self, sentences: Sequence[str], found: list[Attribution | None]) -> list[Attribution]:
        """Give unattributed sentences inside a quote the speaker of that quote."""
        result: list[Attribution] = []
        open_quote = False
        opened_by: Attribution | None = None
        for i, sentence in enumerate(sentences):
            own = found[i]
            starts_inside = open_quote
            opens, closes = _quote_balance(sentence, open_quote)
            if own is None and (starts_inside or (opens and sentence.lstrip()[:1] in _OPEN_Q)):
                speaker = opened_by if starts_inside and opened_by is not None else None
                if speaker is None:
                    speaker = _next_attribution(found, i, sentences)
                if speaker is None and i > 0 and any(q in sentences[i - 1] for q in '“”"'):
                    speaker = result[-1]  # a further quote right after an attributed quote: the same speaker
                if speaker is not None and speaker.party not in (None, "author"):
                    own = Attribution(speaker.party, speaker.name, "quote", "carry")
            result.append(own if own is not None else AUTHOR)
            open_quote = opens and not closes
            opened_by = (
                result[-1] if open_quote and result[-1].party != "author" else (opened_by if open_quote else None)
            )
        return result


_BREAK_END = re.compile(rf"(?:,|{_QUOTE_MARK})\s*$")


def may_have_credit(sentence: str) -> bool:
    """Whether a credit line (``... - Nikkei Asia``) can end the sentence: a dash near its end."""
    end = sentence[-90:]
    return "-" in end or "–" in end or "—" in end


def may_have_colon_intro(sentence: str) -> bool:
    """Whether a colon introduction (``X: "..."``) can start the sentence: a colon near its start."""
    return ":" in sentence[:62]


def _credit(sentence: str) -> re.Match[str] | None:
    """``_CREDIT_RE.search(sentence)``, tried only where it can start.

    A credit holds no dash after its own one or two, so it starts at most two characters before the last dash
    (at a space before the dashes, or at the first dash).
    """
    dash = max(sentence.rfind("-"), sentence.rfind("–"), sentence.rfind("—"))
    for start in range(max(0, dash - 2), dash + 1):
        credit = _CREDIT_RE.match(sentence, start)
        if credit is not None:
            return credit
    return None


def _ends_with_word(text: str, words: frozenset[str], longest: int) -> bool:
    """Whether the last word of ``text`` (before trailing space, any case) is one of ``words``.

    No word in ``words`` may be longer than ``longest``.
    """
    return _last_word(text, len(text.rstrip()), longest)[1] in words


def _right_after_break(head: str, phrase: str) -> bool:
    """Whether ``head`` (the text before a verb without its auxiliaries) ends with a comma or quote, then ``phrase``."""
    if not head.lower().endswith(phrase.lower()):
        return False
    return _BREAK_END.search(head[: len(head) - len(phrase)]) is not None


_DOUBLE_QUOTE = re.compile('["“”]')


def _quote_balance(sentence: str, inside: bool) -> tuple[bool, bool]:
    """Whether a sentence opens a double quote and whether it ends closed."""
    if '"' not in sentence and "“" not in sentence and "”" not in sentence:
        return inside, not inside
    state = inside
    opened = False
    for ch in _DOUBLE_QUOTE.findall(sentence):  # only the quote marks, not every character
        if ch == "“" or (ch == '"' and not state):
            state, opened = True, True
        elif ch == "”" or (ch == '"' and state):
            state = False
    return opened or inside, not state


def _next_attribution(found: list[Attribution | None], i: int, sentences: Sequence[str]) -> Attribution | None:
    """For a quote that opens before its attribution: the attribution where it closes."""
    for j in range(i + 1, min(i + 4, len(found))):
        if found[j] is not None:
            return found[j]
        if any(ch in '”"' for ch in sentences[j]):
            break
    return None
