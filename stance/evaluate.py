"""Honest evaluation: leave-one-article-out cross-validation against a plain baseline.

Each fold trains on every article but one and tags the held-out article as a
whole text, so the scores say how the tagger does on an article it never saw.
The baseline, ``make_pipeline(TfidfVectorizer(), LogisticRegression())``, is
trained and tested on the same folds, once for stance and once for speaker.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, InputTypeError, LabelError, WriteError, describe, message, os_reason
from .labels import PARTIES, STANCES, Record, articles_folder, as_records, packaged_labels_path
from .tagger import Tagger, _check_params


@dataclass
class TaskResult:
    """Gold and predicted labels of one task (stance or speaker) for the tagger and the baseline."""

    labels: tuple[str, ...]
    gold: list[str] = field(default_factory=list)
    tagger: list[str] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)

    def report(self, predicted: list[str]) -> dict[str, Any]:
        from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

        p, r, f, support = precision_recall_fscore_support(
            self.gold, predicted, labels=list(self.labels), zero_division=0
        )
        present = [i for i, s in enumerate(support) if s > 0]
        return {
            "accuracy": float(accuracy_score(self.gold, predicted)),
            "macro_f1": float(np.mean(f[present])),
            "per_class": {
                label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(support[i])}
                for i, label in enumerate(self.labels)
            },
            "confusion": confusion_matrix(self.gold, predicted, labels=list(self.labels)).tolist(),
        }

    def per_class_table(self) -> list[str]:
        """Markdown rows: support, the tagger's precision, recall and F1, the baseline's F1, per label."""
        tagger, baseline = self.report(self.tagger), self.report(self.baseline)
        lines = [
            "| label | support | tagger P | tagger R | tagger F1 | baseline F1 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for label in self.labels:
            t, b = tagger["per_class"][label], baseline["per_class"][label]
            cells = [t["support"], f"{t['precision']:.2f}", f"{t['recall']:.2f}", f"{t['f1']:.2f}", f"{b['f1']:.2f}"]
            lines.append(f"| {label} | " + " | ".join(str(c) for c in cells) + " |")
        return lines


@dataclass
class Heldout:
    """Results on a held-out set: articles never used for training, tagged by a model trained on all labels."""

    path: str
    stance: TaskResult
    speaker: TaskResult
    boundaries_found: int
    boundaries_total: int


@dataclass
class Evaluation:
    """Leave-one-article-out results for stance and speaker, and optionally held-out results."""

    folds: list[str]
    stance: TaskResult
    speaker: TaskResult
    heldout: list[Heldout] = field(default_factory=list)
    boundaries: tuple[int, int] | None = None  # labelled sentence boundaries the splitter finds, of all

    def summary(self) -> dict[str, dict[str, float]]:
        """Macro-F1 and accuracy of the tagger and the baseline on each task."""
        out = {}
        for task in ("stance", "speaker"):
            result: TaskResult = getattr(self, task)
            for who in ("tagger", "baseline"):
                report = result.report(getattr(result, who))
                out[f"{task}/{who}"] = {"macro_f1": report["macro_f1"], "accuracy": report["accuracy"]}
        return out

    def _heldout_markdown(self) -> list[str]:
        lines = []
        for held in self.heldout:
            lines += [
                "",
                f"## Held-out set `{held.path}`",
                "",
                f"{len(held.stance.gold)} sentences of articles never used for training, labelled by the codebook.",
                "The tagger and the baseline are trained on all of the labelled set; each held-out article's",
                "labelled sentences are tagged as one text. The splitter finds "
                f"{held.boundaries_found} of the {held.boundaries_total} labelled sentence boundaries exactly.",
                "",
                "| task | model | macro-F1 | accuracy |",
                "|---|---|---:|---:|",
            ]
            for task in ("stance", "speaker"):
                result: TaskResult = getattr(held, task)
                for who in ("tagger", "baseline"):
                    report = result.report(getattr(result, who))
                    lines.append(f"| {task} | {who} | {report['macro_f1']:.3f} | {report['accuracy']:.3f} |")
            for task in ("stance", "speaker"):
                result = getattr(held, task)
                lines += ["", f"### {task} on the held-out set: per class", "", *result.per_class_table()]
        return lines

    def to_markdown(self) -> str:
        lines = [
            "# Evaluation: leave one article out",
            "",
            f"{len(self.folds)} folds, one per article ({', '.join(self.folds)}); "
            f"{len(self.stance.gold)} sentences. Each fold trains on the other articles and tags the",
            "held-out article as one text. Baseline: `make_pipeline(TfidfVectorizer(), LogisticRegression())`",
            "trained on the same folds, once for stance and once for speaker. Regenerate with `stance eval`.",
            "",
            *(
                [
                    f"Sentence splitting: `stance.split` finds {self.boundaries[0]} of the {self.boundaries[1]} "
                    "labelled boundaries of the seed articles exactly.",
                    "",
                ]
                if self.boundaries
                else []
            ),
            "| task | model | macro-F1 | accuracy |",
            "|---|---|---:|---:|",
        ]
        for key, values in self.summary().items():
            task, who = key.split("/")
            lines.append(f"| {task} | {who} | {values['macro_f1']:.3f} | {values['accuracy']:.3f} |")
        for task in ("stance", "speaker"):
            result: TaskResult = getattr(self, task)
            tagger, baseline = result.report(result.tagger), result.report(result.baseline)
            lines += ["", f"## {task}: per class", "", *result.per_class_table()]
            for who, report in (("tagger", tagger), ("baseline", baseline)):
                lines += ["", f"### {task}: confusion matrix, {who} (rows gold, columns predicted)", ""]
                lines.append("| gold \\ predicted | " + " | ".join(result.labels) + " |")
                lines.append("|---|" + "---:|" * len(result.labels))
                for label, row in zip(result.labels, report["confusion"]):
                    lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
        lines += self._heldout_markdown()
        return "\n".join(lines) + "\n"


def _baseline(train_texts: list[str], train_labels: list[str], test_texts: list[str]) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if len(set(train_labels)) < 2:
        return [train_labels[0]] * len(test_texts)
    model = make_pipeline(TfidfVectorizer(), LogisticRegression())
    return list(model.fit(train_texts, train_labels).predict(test_texts))


def _heldout_records(folder: Path) -> list[Record]:
    """The records of a held-out folder, once its ``sentences.jsonl`` and every article it names are found."""
    test = as_records(folder / "sentences.jsonl")
    for article in dict.fromkeys(r.article for r in test):
        if not (folder / "articles" / article).is_file():
            raise LabelError(message("FILE_NOT_FOUND", path=folder / "articles" / article))
    return test


def evaluate_heldout(records: list[Record], folder: Path, test: list[Record], **params: Any) -> Heldout:
    """Train on ``records`` and test on the records ``test`` of a held-out folder (from :func:`_heldout_records`)."""
    tagger = Tagger(**params).fit(records)
    texts = [r.text for r in records]
    stance, speaker = TaskResult(STANCES), TaskResult(PARTIES)
    for article in dict.fromkeys(r.article for r in test):
        rows = [r for r in test if r.article == article]
        tags = tagger.tag_sentences([r.text for r in rows])
        stance.gold += [r.stance for r in rows]
        stance.tagger += [t.stance for t in tags]
        speaker.gold += [r.speaker for r in rows]
        speaker.tagger += [t.speaker for t in tags]
    stance.baseline = _baseline(texts, [r.stance for r in records], [r.text for r in test])
    speaker.baseline = _baseline(texts, [r.speaker for r in records], [r.text for r in test])
    return Heldout(folder.as_posix(), stance, speaker, _boundaries_found(test, folder / "articles"), len(test))


def evaluate(
    labels: str | Path | Iterable[Mapping[str, object] | Record] | None = None,
    heldout: Iterable[str | Path] = (),
    **params: Any,
) -> Evaluation:
    """Leave-one-article-out evaluation of the tagger and the baseline, and held-out sets.

    Parameters
    ----------
    labels : path or iterable of records, optional
        The labelled set: a label file, a folder holding ``sentences.jsonl``, or records (default:
        the packaged ``labels/sentences.jsonl``). When it is a path and its articles are in
        ``seeds/`` beside its folder, the report also says how many sentence boundaries
        :func:`stance.split` finds.
    heldout : iterable of path
        Folders holding a held-out ``sentences.jsonl`` and its ``articles/``; each is tagged by
        a model trained on all of ``labels``.
    **params
        :class:`stance.Tagger` parameters.

    Raises
    ------
    LabelError
        When a label file, a held-out ``sentences.jsonl`` or an article it names is missing or wrong
        (held-out folders are checked before the evaluation starts).
    """
    _check_params(Tagger().set_params(**params).get_params())  # an unknown or bad parameter: at once, by name
    records = as_records(packaged_labels_path() if labels is None else labels)
    if isinstance(heldout, (str, os.PathLike)):
        heldout = [heldout]
    if isinstance(heldout, bytes) or not isinstance(heldout, Iterable):
        expected = "a held-out folder or a list of them"
        raise InputTypeError(message("WRONG_OBJECT", what="heldout", expected=expected, found=describe(heldout)))
    folders = list(heldout)
    for folder in folders:
        if not isinstance(folder, (str, os.PathLike)):
            expected = "held-out folders (str or Path)"
            raise InputTypeError(
                message("WRONG_OBJECT", what="heldout", expected=expected, found=f"an item {describe(folder)}")
            )
    # Read (and checked) before the long part, so that a missing file is found at once.
    heldout_sets = [(Path(path), _heldout_records(Path(path))) for path in folders]
    articles = list(dict.fromkeys(r.article for r in records))
    stance, speaker = TaskResult(STANCES), TaskResult(PARTIES)
    for article in articles:
        train = [r for r in records if r.article != article]
        test = [r for r in records if r.article == article]
        tagger = Tagger(**params).fit(train)
        scores = tagger.predict_scores([r.text for r in test], [r.article for r in test])
        tags = tagger._attach([r.text for r in test], scores)
        texts = [r.text for r in train]
        stance.gold += [r.stance for r in test]
        stance.tagger += [t.stance for t in tags]
        stance.baseline += _baseline(texts, [r.stance for r in train], [r.text for r in test])
        speaker.gold += [r.speaker for r in test]
        speaker.tagger += [t.speaker for t in tags]
        speaker.baseline += _baseline(texts, [r.speaker for r in train], [r.text for r in test])
    heldout_results = [evaluate_heldout(records, folder, test, **params) for folder, test in heldout_sets]
    return Evaluation(articles, stance, speaker, heldout_results, _boundaries(records, labels))


def _boundaries_found(records: list[Record], folder: Path) -> int:
    """How many of the records' spans ``split`` finds exactly in their articles, which are files in ``folder``."""
    from .sentences import split

    found = 0
    for article in dict.fromkeys(r.article for r in records):
        spans = set(split((folder / article).read_text(encoding="utf-8")))
        found += sum((r.start, r.end) in spans for r in records if r.article == article)
    return found


def _boundaries(records: list[Record], labels: object) -> tuple[int, int] | None:
    """Labelled sentence spans ``split`` finds, of all, when the articles are where ``check_labels`` looks."""
    source = packaged_labels_path() if labels is None else labels
    if not isinstance(source, (str, Path)):
        return None
    folder = articles_folder(source)
    if not all((folder / r.article).is_file() for r in records):
        return None
    return _boundaries_found(records, folder), len(records)


#: The line that ends the hand-written notes at the top of a report file; the generated report follows it.
#: A Markdown comment of its own, so that no line a person writes (a ``---`` rule, front matter) is taken for it.
NOTES_END = b"<!-- stance eval: everything below this line is generated and replaced -->"


def _notes(text: bytes) -> bytes:
    """The hand-written top of a report file, down to its first line that is :data:`NOTES_END`; empty if none."""
    end = 0
    for line in text.splitlines(keepends=True):
        end += len(line)
        if line.rstrip() == NOTES_END:
            notes = text[:end]
            return notes if notes.endswith((b"\n", b"\r")) else notes + b"\n"
    return b""


def write_report(report: str, path: str | Path) -> None:
    """Write a generated report to ``path``, keeping the hand-written notes at the top of the file.

    The notes are everything up to and including the first line that is exactly :data:`NOTES_END`
    (``<!-- stance eval: everything below this line is generated and replaced -->``). When ``path``
    exists and has that line, the notes are kept byte for byte and everything after them is
    replaced by a blank line and ``report``. Otherwise the file becomes that line, a blank line and
    ``report``: write notes above the line and the next run keeps them.

    Parameters
    ----------
    report : str
        The generated report, e.g. :meth:`Evaluation.to_markdown`.
    path : str or Path
        The file to write, e.g. ``labels/EVAL.md``.

    Raises
    ------
    WriteError
        When ``path`` cannot be read or written (a folder, a folder that does not exist, ...).
    InputError
        When it has no notes line but a ``---`` line (the older format): nothing is written then.
    """
    path = Path(path)
    try:
        old = path.read_bytes() if path.is_file() else b""
        notes = _notes(old)
        lines = old.splitlines()
        if not notes and b"---" in lines:
            line = lines.index(b"---") + 1  # notes in the old format: never lose them silently
            raise InputError(message("OLD_NOTES_LINE", path=path, line=line, marker=NOTES_END.decode()))
        path.write_bytes((notes or NOTES_END + b"\n") + b"\n" + report.encode("utf-8"))
    except OSError as err:
        hint = "choose another file, or create its folder first"
        raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None
