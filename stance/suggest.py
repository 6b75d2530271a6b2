"""Which sentences to label next: the ones whose labels would teach the model most.

``stance suggest CORPUS -n 50`` tags a corpus and picks the sentences the model is least sure of,
spread over the documents, and writes them as a label file (pre-filled with the model's own labels,
to correct by hand); ``stance train --add`` then learns from them.

A sentence's **score** is

    (1 - stance margin) + speaker_share * (1 - speaker score) + familiar_share * (1 - familiar)

where the stance margin is the gap between its two most probable stances, the speaker score the
probability of its speaker, and ``familiar`` the share of its content words the model saw in
training (:attr:`stance.Tag.familiar`: how unlike the training data the sentence is). Sentences are
taken best first, but each one already taken from a document multiplies the scores of that
document's others by :data:`SPREAD` (so a long, strange document does not take every place), and a
text is taken once however often it occurs; ``balance`` takes the predicted stances in turn.

The defaults (:data:`SPEAKER_SHARE` and :data:`FAMILIAR_SHARE` 0: the stance margin alone, spread
over documents, not balanced) were chosen on news/train (``python -m benchmarks.suggest_vs_random
--split train``: half the train stories as an analyst's corpus, a round of 50 from a pool half of each
story's articles, measured on the other halves), where no variant was clearly better: +0.005 stance
macro-F1 over 50 random sentences, against +0.005 balanced, +0.005 with familiarity weighing 0.25,
+0.006 with speaker doubt 0.5, every interval across 0. On news/dev (``benchmarks/SUGGEST.md``) the
default did **not** beat random: -0.007 (95% interval -0.021 to +0.007). The shares stay parameters
(``--familiar-share``, ``--speaker-share``).
"""

from __future__ import annotations

import heapq
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, InputTypeError, StanceError, check_int, describe, message
from .labels import Record, as_records

if TYPE_CHECKING:
    from .tagger import Tag, Tagger

#: Weight of the speaker model's doubt in a sentence's score, by default.
SPEAKER_SHARE = 0.0
#: Weight of the sentence's unfamiliarity (1 - familiar) in its score, by default.
FAMILIAR_SHARE = 0.0
#: Each sentence taken from a document multiplies the scores of that document's others by this.
SPREAD = 0.6
#: Documents tagged per batch.
BATCH_DOCUMENTS = 64

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestion:
    """A sentence to label: where it is, the model's labels (to correct) and why it was chosen."""

    article: str
    start: int
    end: int
    text: str
    stance: str
    speaker: str
    name: str
    score: float
    margin: float  # gap between the two most probable stances
    speaker_score: float
    familiar: float

    def to_record(self) -> Record:
        """The suggestion as a label record, pre-filled with the model's labels."""
        return Record(self.article, self.start, self.end, self.text, self.stance, self.speaker, self.name)


def score(
    tag: Tag, speaker_share: float = SPEAKER_SHARE, familiar_share: float = FAMILIAR_SHARE
) -> tuple[float, float]:
    """How much labelling this sentence would teach the model (see the module docstring), and its stance margin."""
    top = sorted(tag.stance_scores.values(), reverse=True)
    margin = top[0] - (top[1] if len(top) > 1 else 0.0)
    value = (1.0 - margin) + speaker_share * (1.0 - tag.speaker_score) + familiar_share * (1.0 - tag.familiar)
    return value, margin


def _key(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


def pick(
    candidates: Iterable[Suggestion], n: int, known: Iterable[str] = (), balance: bool = False
) -> list[Suggestion]:
    """The ``n`` best candidates, spread over documents (see the module docstring), in document order.

    ``known``: texts already labelled, never suggested again. ``balance``: take the predicted stances
    in turn (the best of the stance taken least so far), so that a stance the model is sure of is not
    left out altogether.
    """
    seen = {_key(text) for text in known}
    order: dict[str, int] = {}
    heaps: dict[str, list[tuple[float, int, int, Suggestion]]] = {}  # (-score, document's takes, index, candidate)
    for index, item in enumerate(candidates):
        order.setdefault(item.article, len(order))
        heapq.heappush(heaps.setdefault(item.stance if balance else "", []), (-item.score, 0, index, item))
    taken: dict[str, int] = {}
    per_stance: dict[str, int] = dict.fromkeys(heaps, 0)
    chosen: list[tuple[int, Suggestion]] = []

    def best(heap: list[tuple[float, int, int, Suggestion]]) -> tuple[int, Suggestion] | None:
        while heap:
            _, times, index, item = heapq.heappop(heap)
            now = taken.get(item.article, 0)
            if now != times:  # its document gave a sentence since: its score is lower now
                heapq.heappush(heap, (-item.score * SPREAD**now, now, index, item))
                continue
            key = _key(item.text)
            if key in seen or not key:
                continue
            seen.add(key)
            return index, item
        return None

    while len(chosen) < n and any(heaps.values()):
        group = min((g for g in heaps if heaps[g]), key=lambda g: (per_stance[g], -len(heaps[g])))
        found = best(heaps[group])
        if found is None:
            continue
        per_stance[group] += 1
        taken[found[1].article] = taken.get(found[1].article, 0) + 1
        chosen.append(found)
    chosen.sort(key=lambda pair: (order[pair[1].article], pair[0]))
    return [candidate for _, candidate in chosen]


def candidate(article: str, start: int, end: int, tag: Tag, shares: tuple[float, float] = (0.0, 0.0)) -> Suggestion:
    """A tagged sentence as a candidate for labelling, with its score (``shares``: speaker and familiarity)."""
    value, margin = score(tag, *shares)
    return Suggestion(
        article,
        start,
        end,
        tag.text,
        tag.stance,
        tag.speaker,
        tag.name,
        value,
        margin,
        tag.speaker_score,
        tag.familiar,
    )


def _from_records(tagger: Tagger, records: list[Record], shares: tuple[float, float]) -> Iterator[Suggestion]:
    """Candidates from sentences already split (label records: their article groups them into texts)."""
    tags = tagger.tag_sentences([r.text for r in records], groups=[r.article for r in records])
    for record, tag in zip(records, tags):
        yield candidate(record.article, record.start, record.end, tag, shares)


def _from_documents(
    tagger: Tagger, paths: list[str], text_field: str, id_field: str, shares: tuple[float, float]
) -> Iterator[Suggestion]:
    """Candidates from documents on disk (as ``stance tag`` reads them); unreadable ones are errors."""
    from .batch.readers import Failure, ReadOptions, read_inputs

    options = ReadOptions(text_field=text_field, id_field=id_field)
    pieces: list[tuple[str, int, str]] = []

    def flush() -> Iterator[Suggestion]:
        for (doc, offset, _), tags in zip(pieces, tagger.tag_texts([text for _, _, text in pieces])):
            yield from (candidate(doc, offset + tag.start, offset + tag.end, tag, shares) for tag in tags)
        pieces.clear()

    for item in read_inputs(paths, options):
        if isinstance(item, Failure):
            raise StanceError(item.message)
        for offset, text in item.pieces:
            pieces.append((str(item.id), offset, text))
        if len(pieces) >= BATCH_DOCUMENTS:
            yield from flush()
    yield from flush()


def suggest(
    corpus: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | Iterable[Record | Mapping[str, object]],
    n: int = 50,
    *,
    model: str | os.PathLike[str] | Tagger | None = None,
    exclude: Iterable[str | os.PathLike[str] | Record | Mapping[str, object]] = (),
    text_field: str = "text",
    id_field: str = "id",
    balance: bool = False,
    speaker_share: float = SPEAKER_SHARE,
    familiar_share: float = FAMILIAR_SHARE,
) -> list[Suggestion]:
    """The ``n`` sentences of a corpus whose labels would teach ``model`` most, in document order.

    Parameters
    ----------
    corpus : path, paths or label records
        Documents as ``stance tag`` reads them (text files, JSONL or CSV records, folders), or
        sentences already split: label records (their ``article`` groups them into texts; their
        labels are not looked at).
    n : int
        How many sentences to pick.
    model : path or Tagger, optional
        The model whose doubts count (default: the built-in one).
    exclude : label files or records
        Sentences already labelled: their texts are never suggested.
    text_field, id_field : str
        The text and id fields of JSONL and CSV records.
    balance : bool
        Take the stances the model predicts in turn (see :func:`pick`).
    speaker_share, familiar_share : float
        Weights of the speaker model's doubt and of the sentence's unfamiliarity in its score, beside
        the stance doubt (see the module docstring for why both are 0 by default).

    Returns
    -------
    list of Suggestion
        Each with its place, the model's labels (``to_record()`` makes a label record of them) and
        its score, stance margin, speaker score and familiarity.

    Raises
    ------
    StanceError
        When an input cannot be read, the model cannot be loaded, or ``n`` is not a number >= 1.
    """
    from .tagger import Tagger, load

    check_int("n", n)
    shares = (_share("speaker_share", speaker_share), _share("familiar_share", familiar_share))
    if model is not None and not isinstance(model, (Tagger, str, os.PathLike)):
        expected = "a Tagger or a model file path"
        raise InputTypeError(message("WRONG_OBJECT", what="model", expected=expected, found=describe(model)))
    tagger = model if isinstance(model, Tagger) else load(None if model is None else os.fspath(model))
    known = [record.text for record in _records(exclude, "exclude")] if _given(exclude) else []
    if isinstance(corpus, (str, os.PathLike)):
        corpus = [corpus]
    if isinstance(corpus, (bytes, Mapping)) or not isinstance(corpus, Iterable):
        expected = "paths of documents, or label records"
        raise InputTypeError(message("WRONG_OBJECT", what="corpus", expected=expected, found=describe(corpus)))
    items = list(corpus)
    if not items:
        raise InputError(
            message("BAD_VALUE", name="corpus", value="[]", expected="paths of documents, or label records")
        )
    paths = [os.fspath(item) for item in items if isinstance(item, (str, os.PathLike))]
    if len(paths) == len(items):
        candidates = _from_documents(tagger, paths, text_field, id_field, shares)
    else:
        candidates = _from_records(tagger, as_records(items), shares)
    return pick(candidates, n, known, balance)


def _share(name: str, value: object) -> float:
    """A weight of the score: a finite number >= 0; else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTypeError(message("WRONG_OBJECT", what=name, expected="a number >= 0", found=describe(value)))
    if not 0 <= value < float("inf"):
        raise InputError(message("BAD_VALUE", name=name, value=value, expected="a number >= 0"))
    return float(value)


def _given(exclude: object) -> bool:
    if isinstance(exclude, (str, os.PathLike)):
        return True
    return bool(exclude)


def _records(labels: object, what: str) -> list[Record]:
    if isinstance(labels, (str, os.PathLike)):
        return as_records(labels)
    if isinstance(labels, (bytes, Mapping)) or not isinstance(labels, Iterable):
        expected = "label files or label records"
        raise InputTypeError(message("WRONG_OBJECT", what=what, expected=expected, found=describe(labels)))
    return as_records(list(labels))


def write_suggestions(suggestions: Sequence[Suggestion], path: str | os.PathLike[str]) -> Path:
    """Write suggestions as a label file (JSONL, or CSV for ``.csv``) pre-filled with the model's labels."""
    from .labels import write_labels

    return write_labels([s.to_record() for s in suggestions], path)
