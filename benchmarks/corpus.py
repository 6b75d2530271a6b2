"""A synthetic corpus for the large runs, grown from the labelled seed articles.

Every generated document follows one seed article sentence by sentence, with the
seed's own whitespace between sentences (so headline lines, datelines and ticker
lines stay where they were). Each sentence is varied so that nothing can be
cached and no sentence repeats:

- speaker names and organisations (the capitalised aliases of
  ``labels/speakers.csv`` and a few names the table lacks) are swapped, once per
  document so that "Lutnick said ... he added" stays coherent, for other aliases
  or for people and firms the alias table has never seen, half of them with a
  freshly made-up surname or firm name;
- every number is redrawn with the same number of digits;
- common words are swapped for a synonym (chips/processors/semiconductors, ...);
- one word in every ``1 / NEW_WORD_P`` sentences becomes a made-up word, so that the
  vocabulary keeps growing as in real news (about 200,000 distinct tokens in
  1,000,000 sentences) and no per-token cache can hold all of it;
- a sentence that still repeats an earlier one gets one word of the seed
  vocabulary inserted at a random place (retried until it is new).

The generator is deterministic for a given ``seed``.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "labels" / "sentences.jsonl"
SEEDS = ROOT / "seeds"
ALIASES = ROOT / "labels" / "speakers.csv"

#: Names in the seeds that the alias table does not list; swapped like aliases.
EXTRA_NAMES = ("Vishakha Saxena", "Mark Cuban", "Yuyuan Tantian", "Silo Finance", "Tencent", "Huawei")

_FIRST = (
    "Alice Ben Carla Dmitri Elena Farid Grace Hiro Ines Jonas Kavya Liam Mei Nadia Omar Priya Quentin Rosa "
    "Sven Tariq Uma Victor Wen Xavier Yara Zhou"
).split()
_LAST = (
    "Abbott Bauer Chen Delgado Eriksen Fischer Gupta Hale Ito Jansen Kowalski Li Moreau Nakamura Okafor "
    "Petrov Quinn Rossi Sato Tan Ueda Varga Wang Xu Yilmaz Zhang"
).split()
_ORG_HEAD = "Orion Lumen Vertex Cobalt Meridian Helix Nimbus Quartz Sable Tundra Zephyr Aster".split()
_ORG_TAIL = ("Microsystems", "Semiconductor", "Capital", "Research", "Daily", "Securities", "Labs", "Holdings")

#: Groups of interchangeable words (each occurrence is swapped with probability ``SWAP_P``).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("chips", "processors", "semiconductors", "accelerators"),
    ("chip", "processor", "semiconductor", "accelerator"),
    ("said", "told reporters", "noted", "stated"),
    ("company", "firm", "group"),
    ("concerns", "worries", "fears", "doubts"),
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    ("July", "August", "September", "October"),
    ("sales", "shipments", "orders", "deliveries"),
    ("government", "authorities", "administration"),
    ("risks", "threats", "vulnerabilities"),
    ("market", "sector", "industry"),
    ("H20", "H30", "H25", "B30A", "RTX Pro 6000D"),
)
SWAP_P = 0.5
#: Share of sentences with one made-up word, and of swapped names that are made up.
NEW_WORD_P = 0.15
NEW_NAME_P = 0.5
_SYLLABLES = (
    "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so "
    "ta te ti to va ve vi vo za ze zi zo dan ler mar ven tis gor rin sel"
).split()
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")

_NUMBER = re.compile(r"\d+")
_WORDS = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True)
class SeedSentence:
    """One labelled sentence of a seed article and the whitespace that follows it there."""

    text: str
    after: str


def seed_articles() -> list[list[SeedSentence]]:
    """The labelled seed articles as lists of sentences with the whitespace between them."""
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles: dict[str, list[dict]] = {}
    for row in rows:
        articles.setdefault(row["article"], []).append(row)
    out = []
    for name, records in articles.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        records.sort(key=lambda r: r["start"])
        sentences = []
        for i, record in enumerate(records):
            end = records[i + 1]["start"] if i + 1 < len(records) else record["end"]
            gap = text[record["end"] : end]
            sentences.append(SeedSentence(record["text"], gap if gap.strip() == "" and gap else " "))
        out.append(sentences)
    return out


def seed_sentences() -> list[str]:
    """The labelled sentences, in file order."""
    return [s.text for article in seed_articles() for s in article]


def training_set() -> tuple[list[str], list[str]]:
    """Texts and stances of the labelled set: what every model in the benchmark trains on."""
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows], [r["stance"] for r in rows]


def _capitalised_aliases() -> list[str]:
    names = []
    with ALIASES.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines):
        alias = row["alias"].strip()
        if alias[:1].isupper() and len(alias) >= 3:
            names.append(alias)
    return names


class Generator:
    """Varied copies of the seed articles; deterministic for a given ``seed``.

    Parameters
    ----------
    seed : int
        Seed of the random choices.
    """

    def __init__(self, seed: int = 0) -> None:
        self.random = random.Random(seed)
        self.articles = seed_articles()
        # Longest first (so the pattern prefers it), then alphabetical: the order must not depend on hashing.
        names = sorted(set(_capitalised_aliases()) | set(EXTRA_NAMES), key=lambda name: (-len(name), name))
        self.name_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        people = [f"{first} {last}" for first in _FIRST for last in _LAST]
        orgs = [f"{head} {tail}" for head in _ORG_HEAD for tail in _ORG_TAIL]
        # Half known aliases, half names no alias table lists (which the rules must resolve from context).
        half = len(names) // 2
        self.replacements = names + self.random.sample(people, half) + self.random.sample(orgs, min(half, len(orgs)))
        self.synonyms = {word: group for group in SYNONYMS for word in group}
        self.synonym_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, self.synonyms)) + r")\b")
        self.vocabulary = sorted({w.lower() for a in self.articles for s in a for w in _WORDS.findall(s.text)})
        self.seen: set[int] = set()
        self.documents = 0

    def _made_up(self) -> str:
        return "".join(self.random.choice(_SYLLABLES) for _ in range(self.random.randint(2, 4)))

    def _new_name(self) -> str:
        rnd = self.random
        if rnd.random() < 0.5:
            return f"{rnd.choice(_FIRST)} {self._made_up().capitalize()}"
        return f"{self._made_up().capitalize()} {rnd.choice(_ORG_TAIL)}"

    def _vary(self, text: str, names: dict[str, str]) -> str:
        rnd = self.random

        def name(match: re.Match[str]) -> str:
            found = match.group()
            if found not in names:
                names[found] = self._new_name() if rnd.random() < NEW_NAME_P else rnd.choice(self.replacements)
            return names[found]

        def number(match: re.Match[str]) -> str:
            digits = len(match.group())
            return str(rnd.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits))

        def synonym(match: re.Match[str]) -> str:
            return rnd.choice(self.synonyms[match.group()]) if rnd.random() < SWAP_P else match.group()

        text = self.name_pattern.sub(name, text)
        text = _NUMBER.sub(number, text)
        text = self.synonym_pattern.sub(synonym, text)
        if rnd.random() < NEW_WORD_P:
            words = list(_LOWER_WORD.finditer(text))
            if words:
                word = rnd.choice(words)
                text = text[: word.start()] + self._made_up() + text[word.end() :]
        while hash(text) in self.seen:
            words = text.split(" ")
            words.insert(rnd.randrange(len(words) + 1), rnd.choice(self.vocabulary))
            text = " ".join(words)
        self.seen.add(hash(text))
        return text

    def document(self) -> list[tuple[str, str]]:
        """One new article as (sentence, whitespace after it) pairs."""
        article = self.articles[self.documents % len(self.articles)]
        self.documents += 1
        names: dict[str, str] = {}
        return [(self._vary(s.text, names), s.after) for s in article]

    def documents_until(self, n_sentences: int) -> Iterator[list[tuple[str, str]]]:
        """Whole articles until at least ``n_sentences`` sentences were produced."""
        produced = 0
        while produced < n_sentences:
            doc = self.document()
            produced += len(doc)
            yield doc


def join(document: list[tuple[str, str]]) -> str:
    """The text of a generated document."""
    return "".join(text + after for text, after in document).rstrip()


def sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct sentences, consecutive sentences of generated articles."""
    out: list[str] = []
    for doc in Generator(seed).documents_until(n):
        out.extend(text for text, _ in doc)
    return out[:n]


def articles(n: int, seed: int = 1) -> list[str]:
    """``n`` generated articles as plain text."""
    generator = Generator(seed)
    return [join(generator.document()) for _ in range(n)]


def write_jsonl(path: Path, n_sentences: int, seed: int = 2) -> tuple[int, int]:
    """Write articles with at least ``n_sentences`` sentences as JSONL (``{"id", "text"}`` per line).

    Returns the number of documents and of sentences written.
    """
    docs = count = 0
    with path.open("w", encoding="utf-8") as handle:
        for doc in Generator(seed).documents_until(n_sentences):
            handle.write(json.dumps({"id": f"doc{docs:07d}", "text": join(doc)}, ensure_ascii=False) + "\n")
            docs += 1
            count += len(doc)
    return docs, count


def write_txt_folder(folder: Path, n_sentences: int, seed: int = 2, per_folder: int = 1000) -> tuple[int, int]:
    """Write the same articles as :func:`write_jsonl`, one ``.txt`` file each, ``per_folder`` files a folder."""
    docs = count = 0
    for doc in Generator(seed).documents_until(n_sentences):
        sub = folder / f"{docs // per_folder:05d}"
        if docs % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{docs:07d}.txt").write_text(join(doc) + "\n", encoding="utf-8")
        docs += 1
        count += len(doc)
    return docs, count
