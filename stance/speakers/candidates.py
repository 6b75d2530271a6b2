"""Finding the attributions a sentence makes: each a candidate source with the cue that introduces it.

The kinds of candidates:

- ``trailing``: a speaker after the claim ("..., said one operator", "..., the report added");
- ``credit``: a credit line ending the sentence ("... - Nikkei Asia");
- ``according``: "according to X", "based on comments by X";
- ``leading``: a speaker before the claim ("X said that ...", "claims by X that ...");
- ``relative``: a speaker inside a relative clause ("X, which said ...");
- ``colon``: an introduction before a colon ("X: '...'").
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import Names, is_word_char
from .rules import MAX_VERBS, QUOTES, Rules

_TRAILING_KINDS = ("trailing", "credit")
#: How a party must be known for a headline's subject to speak (capitals prove nothing in a title-case line).
_KNOWN = ("alias", "keyword", "country")
#: The kinds of verb whose passive agent speaks ("announced by X", "reported by X"; not "threatened by X").
_AGENT_KINDS = ("speech", "disclosure", "evaluation", "accusation", "response", "denial")
#: The parties a bare headline tag (": Report") can name: outlets and their sources.
_OUTLET_PARTIES = ("press", "china-media", "sources")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One attribution in a sentence: where its cue is, its kind, the speaker phrase and the verb."""

    position: int
    kind: str
    phrase: str
    verb: str


def may_have_credit(sentence: str) -> bool:
    """Whether a credit line (``... - Nikkei Asia``) can end the sentence: a dash near its end."""
    end = sentence[-90:]
    return "-" in end or "–" in end or "—" in end


def may_have_colon_intro(sentence: str) -> bool:
    """Whether a colon introduction (``X: "..."``) can start the sentence: a colon near its start."""
    return ":" in sentence[:62]


def find_candidates(sentence: str, names: Names, reporting_words: bool = True) -> list[Candidate]:
    """All attributions in a sentence.

    ``reporting_words=False`` says the sentence holds none of the words the other kinds start from
    (reporting verbs, "according", "based on", "claims by"), so only a credit line and a colon
    introduction are looked for.
    """
    rules = names.rules
    found: list[Candidate] = []
    lead = sentence.split(":", 1)[0].strip().lower() if ":" in sentence[:30] else ""
    if lead in rules.furniture:
        return found  # "Related Reading: Crypto Founder Predicts ...", "Source: AP": a link or a credit line
    headline = is_headline(sentence)
    verbs = list((rules.verb_any_case if headline else rules.verb).finditer(sentence)) if reporting_words else []
    if len(verbs) > MAX_VERBS:
        # A real sentence has a handful of reporting verbs; garbage can have thousands, and each
        # one looks back over the sentence. The outermost attribution is among the first and last.
        verbs = verbs[: MAX_VERBS - 2] + verbs[-2:]
    inverting = any(match.group() in rules.inverting for match in verbs) and (
        sentence.startswith(rules.inverting_tuple) or rules.inversion_gate.search(sentence) is not None
    )
    inversions = list(rules.inverted.finditer(sentence)) if inverting else []
    if len(inversions) > MAX_VERBS:
        inversions = inversions[: MAX_VERBS - 2] + inversions[-2:]
    for match in inversions:
        phrase = trim_np(match.group(2), rules)
        subject, _ = subject_before(sentence[: match.start("verb")], False, rules)
        if subject and names.is_speaker(subject):
            continue  # "A notice, posted by X, said Micron products ...": not an inversion
        if (
            names.is_speaker(phrase)
            and not rules.not_inverted.match(phrase)
            and not rules.verb_in_phrase.search(phrase)
        ):
            found.append(Candidate(match.start(), "trailing", phrase, "said"))
    credit = _credit(sentence, rules) if may_have_credit(sentence) else None
    if credit and len(sentence[: credit.start()].split()) < 4:
        credit = None  # "Share - WeChat", "Video - CNN": furniture, not a credit line
    lower_case = credit is not None and any(word[:1].islower() for word in credit.group(1).split())
    if credit and lower_case and names.party(credit.group(1))[1] not in _KNOWN:
        credit = None  # "... —Singapore authorities" names a party by its words; "... - Nvidia shares" none
    if credit and names.is_speaker(credit.group(1)):
        found.append(Candidate(credit.start(), "credit", credit.group(1), ""))
    lower = sentence.lower() if reporting_words else ""
    if "according" in lower or "based on" in lower:
        for match in rules.according.finditer(sentence):
            phrase = trim_np(match.group(2), rules)
            data = rules.data_from.match(phrase)
            phrase = phrase[data.end() :] if data else phrase
            if names.is_speaker(phrase):
                found.append(Candidate(match.start(), "leading" if match.group(1) else "according", phrase, ""))
    # The words the nominal pattern needs.
    if reporting_words and (" by " in sentence or " from " in sentence) and "that" in sentence:
        for match in rules.nominal.finditer(sentence):
            phrase = trim_np(match.group(1), rules)
            if names.is_speaker(phrase):
                found.append(Candidate(match.start(), "leading", phrase, "claims"))
    for match in verbs:
        verb = match.group().lower() if headline else match.group()
        before, after = sentence[: match.start()], sentence[match.end() :].lstrip()
        agent = rules.agent_after.match(after)
        if agent is not None and verb.endswith("ed") and rules.verb_kind.get(verb) in _AGENT_KINDS:
            # "This was announced by the data protection authority", "as reported by Reuters": the agent speaks.
            phrase = trim_np(agent.group(1), rules)
            if names.is_speaker(phrase):
                found.append(Candidate(match.start(), "leading", phrase, verb))
                continue
        if verb in rules.ambiguous and headline:
            pass  # "Beijing Orders ByteDance to ...", "USA Finds Huawei Phone 'Concerning'": a verb in a headline
        elif verb in rules.ambiguous and not (rules.content_start.match(after) or _ends_here(after, rules)):
            # "Xinhua claims the chips ...": a form that is also a noun reports without "that" only when a
            # name the alias table knows is right before it and a clause's subject right after it.
            if not (verb.endswith("s") and rules.content_opener.match(after)):
                continue
            phrase, _ = subject_before(before, False, rules)
            if phrase != before.strip() or not names.is_speaker(phrase) or names.party(phrase)[1] != "alias":
                continue
        passive = _ends_with_word(_without_adverbs(before, rules), rules.passive_before, rules.passive_longest)
        if passive and not verb.startswith(("is ", "are ", "was ", "were ")):
            continue
        head = strip_aux(before, rules)
        phrase, relative = subject_before(before, verb == "saying", rules, head)
        if not names.is_speaker(phrase):
            continue
        relative_word = phrase.rsplit(" ", 1)[-1].lower() in ("who", "that", "which")
        if headline and (relative or relative_word or names.party(phrase)[1] not in _KNOWN):
            continue  # in title case every word looks like a name: "Conflicting Reports of ...", "Economist Who ..."
        if relative:
            # "X, who declared ..., has returned": the relative clause is not the main claim.
            if rules.later_main_verb.search(after):
                continue
            found.append(Candidate(match.start(), "relative", phrase, verb))
            continue
        # "..., the report said, citing people familiar" ends its clause too.
        ends_clause = _ends_here(after, rules) or rules.participle.match(after) is not None
        after_break = _right_after_break(head, phrase, rules)
        kind = "trailing" if ends_clause and after_break else "leading"
        found.append(Candidate(match.start(), kind, phrase, verb))
    if sentence.rstrip()[-1:] not in '.!?"”’' and any(mark in sentence for mark in ":,-("):
        # A headline's attribution tag ("...: Report", "..., Information Says") wraps the whole line.
        says = rules.headline_says.search(sentence)
        tag = rules.headline_tag.search(sentence) if says is None else None
        if says is not None and names.party(says.group("name"))[0] is not None:
            found.append(Candidate(says.start(), "credit", says.group("name"), says.group("verb").lower()))
        elif (
            tag is not None
            and _tag_party(names, tag.group("name"))
            and sentence[: tag.start()].strip().lower() not in rules.furniture
        ):
            found.append(Candidate(tag.start(), "credit", tag.group("name"), ""))
    if reporting_words and not found:
        # "Kaspersky planned to fight the ban, claiming that ...": the participle's subject is the main clause's.
        participle = rules.participle.search(sentence)
        if participle is not None:
            first = rules.first_verb.search(sentence[: participle.start()])
            subject = trim_np(sentence[: first.start()], rules) if first else ""
            if subject and names.is_speaker(subject):
                found.append(Candidate(participle.start(), "leading", subject, participle.group().strip(", ")))
    colon = rules.colon.match(sentence) if may_have_colon_intro(sentence) else None
    if colon and names.party(colon.group(1))[0] is not None:
        found.append(Candidate(0, "colon", trim_np(colon.group(1), rules), ""))
    return found


def _tag_party(names: Names, name: str) -> bool:
    """Whether a headline's tag after a colon names a source: an outlet, or any party by its words
    (": Report", ": expert", ": FM"), but not a company or person by an alias alone (": Nvidia Earnings")."""
    party, how, _ = names.party(name)
    return party in _OUTLET_PARTIES or (party is not None and how == "keyword")


def is_headline(sentence: str) -> bool:
    """Whether a sentence is a title-case line without a final stop ("China Accuses U.S. NSA of Cyberattack")."""
    line = sentence.rstrip()
    if line[-1:] in '.!?"”’':
        return False
    words = line.split()
    return len(words) >= 3 and sum(word[:1].isupper() for word in words) / len(words) > 0.6


def choose(found: list[Candidate], sentence: str, rules: Rules) -> Candidate | None:
    """The outermost attribution of a sentence, or None.

    A trailing attribution ("..., the report said"), a credit ("... - Nikkei Asia") or a final
    "according to X" wraps the whole sentence; otherwise the first one does ("Bloomberg reported
    that regulators urged ..."), except that a clause after ", but" carries the point; a colon
    introduction counts only when nothing else does.
    """
    if not found:
        return None
    for kinds in (_TRAILING_KINDS, ("according",)):
        late = [c for c in found if c.kind in kinds]
        if late:
            return max(late, key=lambda c: (c.position, c.kind, c.phrase, c.verb))
    opening = rules.subordinate_start.match(sentence)
    if opening is not None:
        # "While X said ..., Y": an attribution inside an opening subordinate clause is not the main claim.
        found = [c for c in found if c.position >= opening.end() or c.kind in _TRAILING_KINDS]
        if not found:
            return None
    spoken = [c for c in found if c.kind != "colon"] or found
    but = [c for c in spoken if rules.after_but.search(sentence[: c.position])]
    if but:
        return but[-1]
    return min(spoken, key=lambda c: (c.position, c.kind, c.phrase, c.verb))


# --- noun phrases -----------------------------------------------------------------------------------


def trim_np(phrase: str, rules: Rules) -> str:
    """A phrase without surrounding punctuation and quote marks, nor the openers ("Meanwhile, ...") it starts with."""
    phrase = phrase.strip(" \t,;:" + QUOTES)
    while True:
        stripped = rules.intro.sub("", phrase)
        if stripped == phrase:
            break
        phrase = stripped.lstrip(" ,")
    return phrase.strip(" ,")


def _last_word(text: str, end: int, longest: int) -> tuple[int, str]:
    """Start and lower-cased text of the run of word characters ending at ``end``.

    Only the last ``longest + 1`` characters are looked at: a longer word comes back cut, still longer
    than ``longest``, which is all a caller comparing it with words of at most ``longest`` needs.
    """
    start = end
    limit = max(0, end - longest - 1)
    while start > limit and is_word_char(text[start - 1]):
        start -= 1
    return start, text[start:end].lower()


def _aux_start(text: str, rules: Rules) -> int:
    """Where the run of auxiliaries and adverbs ending ``text`` starts ("Nvidia |has vehemently ")."""
    start, after_comma = len(text), False
    while True:
        end = len(text[:start].rstrip())
        if (end == start and not after_comma) or end == 0:
            return start
        after_comma = False
        if text[end - 1] == ",":  # an adverb set off by commas: "Singapore has, additionally, asked"
            j, word = _last_word(text, len(text[: end - 1].rstrip()), rules.aux_longest)
            if word in rules.aux_words and text[:j].rstrip().endswith(","):
                start, after_comma = len(text[:j].rstrip()) - 1, True
                continue
            return start
        j, word = _last_word(text, end, rules.aux_longest)
        if word in rules.aux_words:
            start = j
        elif word == "turn" and text[:j].lower().endswith("in ") and (j < 4 or not is_word_char(text[j - 4])):
            start = j - 3
        else:
            return start


def strip_aux(text: str, rules: Rules) -> str:
    """``text`` without the auxiliaries and adverbs that end it, nor trailing space ("Nvidia has also " -> "Nvidia")."""
    return text[: _aux_start(text, rules)].rstrip()


def _last_break(text: str, rules: Rules) -> tuple[int, int] | None:
    """Span of the last clause break in ``text``, or None.

    It is the first break of the reversed text, found without scanning the rest of it: breaks never
    overlap, except " - " ones ("a - - b"), where the scan from the start decides which ones count.
    """
    reverse = rules.clause_break_reversed.search(text[::-1])
    if reverse is None:
        return None
    if reverse.group()[0].isspace():  # " - " or a dated dash
        *_, last = rules.clause_break.finditer(text)
        return last.span()
    return len(text) - reverse.end(), len(text) - reverse.start()


def subject_before(before: str, gerund: bool, rules: Rules, head: str | None = None) -> tuple[str, bool]:
    """The noun phrase right before a verb, skipping auxiliaries, parentheses and one appositive.

    ``before`` is the text before the verb; ``head``, when the caller has it, is ``strip_aux(before)``.
    Returns the phrase and whether it stands for a relative pronoun ("the FT, which states").
    """
    if "(" in before:
        left = strip_aux(rules.parentheses.sub("", before), rules)
    else:
        left = head if head is not None else strip_aux(before, rules)
    if left.endswith(","):
        # "Yuyuan Tantian, which is affiliated with state broadcaster CCTV, said": skip the appositive.
        body = left[:-1].rstrip()
        cut = body.rfind(",")
        appositive = body[cut + 1 :].strip()
        titled = rules.any_party_word.search(appositive) is not None  # "X, Secretary of Economic Affairs, said"
        if cut > 0 and rules.name_like.match(appositive) and rules.any_party_word.search(body[:cut]):
            return trim_np(body, rules), False  # "US Secretary of Commerce, Gina Raimondo, expressed ...": title, name
        if cut < 0 or not (rules.appositive_start.match(appositive) or appositive[:1].islower() or titled):
            return "", False
        agent = rules.agent.match(appositive)
        if agent:
            # "A second notice, posted by China's Cybersecurity Review Office, said": the agent speaks.
            return trim_np(agent.group(1), rules), False
        left = body[:cut]
    last = _last_break(left, rules)
    start = last[1] if last else 0
    word = left[last[0] : start].lower() if last else ""
    if word == "what":
        return "", False  # "closes what officials have described as a loophole"
    raw = left[start:].strip()
    phrase = trim_np(raw, rules)
    coordinated = not phrase and (word == "but" or raw.lower() in ("and", "but", "but also", "and also"))
    if coordinated and not rules.subordinate_start.match(left):
        # 'DJI called the decision “unlawful” and stated that ...', "The committee welcomed the rule but said ...":
        # the subject of the sentence's first verb.
        first_verb = rules.first_verb.search(left)
        if first_verb is not None:
            subject = left[: first_verb.start()]
            previous = _last_break(subject, rules)
            return trim_np(subject[previous[1] if previous else 0 :], rules), False
    if gerund:
        # "a reference to China's cyberspace watchdog saying ...": the object of the last preposition.
        phrase = rules.gerund_subject.sub("", phrase)
    if rules.relative.match(phrase):
        body = left[:start].rstrip(" ,")
        last = _last_break(body, rules)
        return trim_np(body[last[1] if last else 0 :], rules), True
    return phrase, False


def _credit(sentence: str, rules: Rules):
    """The credit line ending ``sentence``, tried only where it can start.

    A credit holds no dash after its own one or two, so it starts at most two characters before the last dash
    (at a space before the dashes, or at the first dash).
    """
    dash = max(sentence.rfind("-"), sentence.rfind("–"), sentence.rfind("—"))
    for start in range(max(0, dash - 2), dash + 1):
        credit = rules.credit.match(sentence, start)
        if credit is not None:
            return credit
    return None


def _ends_here(after: str, rules: Rules) -> bool:
    """Whether the text after a verb ends its clause ("..., he added.", "..., she noted on Monday")."""
    return not after or after[0] in ".!?" or rules.tail.match(after) is not None


def _without_adverbs(text: str, rules: Rules) -> str:
    """``text`` without the adverbs that end it ("Inverters are also " -> "Inverters are"): the words of
    the auxiliary run that are not themselves forms that make a passive."""
    end = len(text.rstrip())
    while end:
        start, word = _last_word(text, end, rules.aux_longest)
        if start == end or word not in rules.aux_words or word in rules.passive_before:
            break
        end = len(text[:start].rstrip())
    return text[:end]


def _ends_with_word(text: str, words: frozenset[str], longest: int) -> bool:
    """Whether the last word of ``text`` (before trailing space, any case) is one of ``words``."""
    return _last_word(text, len(text.rstrip()), longest)[1] in words


def _right_after_break(head: str, phrase: str, rules: Rules) -> bool:
    """Whether ``head`` (the text before a verb without its auxiliaries) ends with a comma or quote, then ``phrase``."""
    if not head.lower().endswith(phrase.lower()):
        return False
    return rules.break_end.search(head[: len(head) - len(phrase)]) is not None
