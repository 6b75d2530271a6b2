"""Honest evaluation: how the tagger does on labelled articles it never saw, next to a plain baseline.

Two uses:

- :func:`evaluate` with ``gold`` scores one model (the built-in one, a model file or a
  :class:`~stance.Tagger`) on the user's own labelled articles, without retraining;
- :func:`evaluate` without ``gold`` runs the project's protocol on the labelled sets of a source
  checkout (``labels/``): real news first (``news/test``, trained on the seeds plus ``news/train``
  and ``news/dev``; then by topic; then ``news/dev`` trained without it, with a learning curve), then
  the seed articles one left out at a time, then the invented regression sets.

Every set is scored next to ``make_pipeline(TfidfVectorizer(), LogisticRegression())`` trained on the
same sentences, once for stance and once for speaker. Articles are tagged whole (their labelled
sentences in order, as one text), so carry-over works as in use.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, InputTypeError, LabelError, WriteError, describe, message, os_reason
from .labels import PARTIES, STANCES, Record, as_records, label_file, read_labels
from .tagger import Tag, Tagger, _check_params, load

#: The project's labelled sets, relative to a checkout's root.
SEEDS = "labels/sentences.jsonl"
NEWS = "labels/news"
NEWS_TRAIN, NEWS_DEV, NEWS_TEST = f"{NEWS}/train", f"{NEWS}/dev", f"{NEWS}/test"
INVENTED = ("labels/invented/heldout", "labels/invented/blind")
#: What the built-in model is trained on (``stance train --default``).
TRAINING_SETS = (SEEDS, NEWS_TRAIN, NEWS_DEV)
#: Shares of ``news/train`` added to the seeds for the learning curve on ``news/dev``.
CURVE = (0.0, 0.25, 0.5, 1.0)
#: Confidence bins of the reliability tables.
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
_PRONOUNS = frozenset("he she they it we i".split())


@dataclass
class TaskResult:
    """Gold and predicted labels of one task (stance or speaker) for the tagger and the baseline."""

    labels: tuple[str, ...]
    gold: list[str] = field(default_factory=list)
    tagger: list[str] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)  # the tagger's score of its own prediction

    def report(self, predicted: Sequence[str] | None = None) -> dict[str, Any]:
        """Accuracy, macro-F1 (over the labels present in gold), per-class P/R/F1 and the confusion matrix."""
        from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

        predicted = self.tagger if predicted is None else predicted
        if not self.gold:
            return {"accuracy": 0.0, "macro_f1": 0.0, "per_class": {}, "confusion": []}
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

    def subset(self, keep: Sequence[bool]) -> TaskResult:
        """The same task on the sentences where ``keep`` is true."""
        pick = [i for i, k in enumerate(keep) if k]
        baseline = [self.baseline[i] for i in pick] if self.baseline else []
        confidence = [self.confidence[i] for i in pick] if self.confidence else []
        return TaskResult(
            self.labels, [self.gold[i] for i in pick], [self.tagger[i] for i in pick], baseline, confidence
        )

    def reliability(self) -> tuple[list[dict[str, float]], float]:
        """Confidence bins (count, mean confidence, accuracy) and the expected calibration error."""
        right = np.array([g == t for g, t in zip(self.gold, self.tagger)], dtype=float)
        confidence = np.array(self.confidence, dtype=float)
        rows, ece = [], 0.0
        for low, high in zip(BINS, BINS[1:]):
            inside = (confidence >= low) & ((confidence < high) | (high == 1.0))
            if not inside.any():
                continue
            rows.append(
                {
                    "low": low,
                    "high": high,
                    "count": int(inside.sum()),
                    "confidence": float(confidence[inside].mean()),
                    "accuracy": float(right[inside].mean()),
                }
            )
        # ECE on ten equal-width bins, the usual definition.
        for low in np.arange(0.0, 1.0, 0.1):
            inside = (confidence >= low) & ((confidence < low + 0.1) | (low >= 0.9))
            if inside.any():
                ece += inside.mean() * abs(right[inside].mean() - confidence[inside].mean())
        return rows, float(ece)


@dataclass
class Section:
    """One evaluated set: what was trained on, what was tested, and the results of both tasks."""

    title: str
    trained_on: str
    records: list[Record]
    tags: list[Tag]
    stance: TaskResult
    speaker: TaskResult
    topics: dict[str, list[bool]] = field(default_factory=dict)  # topic -> which sentences are about it

    def summary(self) -> dict[str, float]:
        """Macro-F1 and accuracy of the tagger and the baseline on both tasks."""
        out = {}
        for task in ("stance", "speaker"):
            result: TaskResult = getattr(self, task)
            for who in ("tagger", "baseline") if result.baseline else ("tagger",):
                report = result.report(getattr(result, who))
                out[f"{task}/{who}/macro_f1"] = report["macro_f1"]
                out[f"{task}/{who}/accuracy"] = report["accuracy"]
        carry = self.carry_over()
        if carry is not None:
            out["speaker/tagger/carry_over_accuracy"] = carry.report()["accuracy"]
        return out

    def carry_over(self) -> TaskResult | None:
        """The speaker task on sentences whose gold name is a pronoun or empty with a speaker (carried over)."""
        keep = [r.speaker != "author" and (not r.name or r.name.lower() in _PRONOUNS) for r in self.records]
        return self.speaker.subset(keep) if any(keep) else None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "title": self.title,
            "trained_on": self.trained_on,
            "sentences": len(self.records),
            "articles": len({r.article for r in self.records}),
        }
        for task in ("stance", "speaker"):
            result: TaskResult = getattr(self, task)
            out[task] = {"tagger": result.report()}
            if result.baseline:
                out[task]["baseline"] = result.report(result.baseline)  # type: ignore[index]
            if result.confidence:
                rows, ece = result.reliability()
                out[task]["reliability"] = {"bins": rows, "ece": ece}  # type: ignore[index]
        carry = self.carry_over()
        if carry is not None:
            out["carry_over"] = {"sentences": len(carry.gold), "accuracy": carry.report()["accuracy"]}
        if self.topics:
            out["topics"] = {
                topic: {
                    "sentences": sum(keep),
                    "stance_macro_f1": self.stance.subset(keep).report()["macro_f1"],
                    "speaker_accuracy": self.speaker.subset(keep).report()["accuracy"],
                }
                for topic, keep in self.topics.items()
            }
        return out

    def to_markdown(self, level: int = 2) -> list[str]:
        h = "#" * level
        lines = [
            f"{h} {self.title}",
            "",
            f"{len(self.records)} sentences of {len({r.article for r in self.records})} articles; "
            f"trained on {self.trained_on}.",
            "",
            "| task | model | macro-F1 | accuracy |",
            "|---|---|---:|---:|",
        ]
        for task in ("stance", "speaker"):
            result: TaskResult = getattr(self, task)
            for who in ("tagger", "baseline") if result.baseline else ("tagger",):
                report = result.report(getattr(result, who))
                lines.append(f"| {task} | {who} | {report['macro_f1']:.3f} | {report['accuracy']:.3f} |")
        carry = self.carry_over()
        if carry is not None:
            report = carry.report()
            lines.append(
                f"| speaker, carried over ({len(carry.gold)} sentences: gold name a pronoun or empty) | tagger | "
                f"| {report['accuracy']:.3f} |"
            )
        if self.topics:
            lines += [
                "",
                f"{h}# {self.title}: by topic",
                "",
                "| topic | sentences | stance macro-F1 | stance baseline | speaker accuracy | speaker baseline |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for topic, keep in self.topics.items():
                stance, speaker = self.stance.subset(keep), self.speaker.subset(keep)
                lines.append(
                    f"| {topic} | {sum(keep)} | {stance.report()['macro_f1']:.3f} | "
                    f"{stance.report(stance.baseline)['macro_f1']:.3f} | {speaker.report()['accuracy']:.3f} | "
                    f"{speaker.report(speaker.baseline)['accuracy']:.3f} |"
                )
        for task in ("stance", "speaker"):
            result = getattr(self, task)
            lines += ["", f"{h}# {self.title}: {task} per class", "", *_per_class_table(result)]
            report = result.report()
            lines += ["", f"{h}# {self.title}: {task} confusion matrix, tagger (rows gold, columns predicted)", ""]
            lines += _confusion_table(result.labels, report["confusion"])
            if result.confidence:
                rows, ece = result.reliability()
                lines += [
                    "",
                    f"{h}# {self.title}: {task} reliability (the tagger's score of its own tag)",
                    "",
                    "| score | sentences | mean score | accuracy |",
                    "|---|---:|---:|---:|",
                ]
                lines += [
                    f"| {row['low']:.1f}-{row['high']:.1f} | {row['count']} | {row['confidence']:.3f} | "
                    f"{row['accuracy']:.3f} |"
                    for row in rows
                ]
                lines += ["", f"Expected calibration error (10 bins): {ece:.3f}."]
        return lines

    def disagreements(self) -> list[dict[str, object]]:
        """Every sentence where the tagger and the gold label differ (stance, speaker or name): the sentence,
        gold and predicted labels, the scores, and the tag's ``why`` when it was computed."""
        out = []
        for record, tag in zip(self.records, self.tags):
            if (record.stance, record.speaker) == (tag.stance, tag.speaker) and record.name == tag.name:
                continue
            row: dict[str, object] = {
                "article": record.article,
                "start": record.start,
                "end": record.end,
                "text": record.text,
                "gold_stance": record.stance,
                "stance": tag.stance,
                "stance_score": round(tag.stance_scores[tag.stance], 4),
                "gold_speaker": record.speaker,
                "speaker": tag.speaker,
                "speaker_score": round(tag.speaker_score, 4),
                "gold_name": record.name,
                "name": tag.name,
                "canonical": tag.canonical,
                "stance_scores": {stance: round(p, 4) for stance, p in tag.stance_scores.items()},
            }
            if tag.why is not None:
                row["why"] = tag.why.to_dict()
            out.append(row)
        return out


def _per_class_table(result: TaskResult) -> list[str]:
    tagger = result.report()
    baseline = result.report(result.baseline) if result.baseline else None
    head = "| label | support | tagger P | tagger R | tagger F1 |" + (" baseline F1 |" if baseline else "")
    lines = [head, "|---|---:|---:|---:|---:|" + ("---:|" if baseline else "")]
    for label in result.labels:
        t = tagger["per_class"][label]
        cells = [t["support"], f"{t['precision']:.2f}", f"{t['recall']:.2f}", f"{t['f1']:.2f}"]
        if baseline:
            cells.append(f"{baseline['per_class'][label]['f1']:.2f}")
        lines.append(f"| {label} | " + " | ".join(str(c) for c in cells) + " |")
    return lines


def _confusion_table(labels: Sequence[str], confusion: list[list[int]]) -> list[str]:
    lines = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for label, row in zip(labels, confusion):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return lines


@dataclass
class Evaluation:
    """The evaluated sets, in the order they are reported, and the learning curve (if run)."""

    sections: list[Section]
    curve: list[dict[str, float]] = field(default_factory=list)
    note: str = ""

    @property
    def stance_macro_f1(self) -> float:
        """The tagger's stance macro-F1 on the first set (with ``gold``: the only one)."""
        return float(self.sections[0].stance.report()["macro_f1"])

    @property
    def speaker_accuracy(self) -> float:
        """The tagger's speaker accuracy on the first set (with ``gold``: the only one)."""
        return float(self.sections[0].speaker.report()["accuracy"])

    @property
    def sentences(self) -> int:
        """Sentences scored in the first set."""
        return len(self.sections[0].records)

    def __repr__(self) -> str:
        first = self.sections[0] if self.sections else None
        if first is None:
            return "Evaluation(no sets)"
        more = f", and {len(self.sections) - 1} more sets" if len(self.sections) > 1 else ""
        return (
            f"Evaluation({first.title!r}: {self.sentences} sentences, stance macro-F1 {self.stance_macro_f1:.3f}, "
            f"speaker accuracy {self.speaker_accuracy:.3f}{more})"
        )

    def section(self, title: str) -> Section:
        """The section whose title starts with ``title``."""
        for section in self.sections:
            if section.title.startswith(title):
                return section
        raise KeyError(title)

    def to_dict(self) -> dict[str, object]:
        """Everything as plain JSON-ready values (``stance eval --output metrics.json``)."""
        return {"sections": [s.to_dict() for s in self.sections], "learning_curve": self.curve}

    def disagreements(self) -> list[dict[str, object]]:
        """Every sentence of every section where the tagger and the gold label differ, with its section."""
        return [{"set": s.title, **row} for s in self.sections for row in s.disagreements()]

    def to_markdown(self) -> str:
        lines = ["# Evaluation", ""]
        if self.note:
            lines += [self.note, ""]
        summary = [
            "| set | sentences | stance macro-F1 (baseline) | speaker accuracy (baseline) |",
            "|---|---:|---:|---:|",
        ]
        for s in self.sections:
            st, sp = s.stance, s.speaker
            stance_base = f" ({st.report(st.baseline)['macro_f1']:.3f})" if st.baseline else ""
            speaker_base = f" ({sp.report(sp.baseline)['accuracy']:.3f})" if sp.baseline else ""
            summary.append(
                f"| {s.title} | {len(s.records)} | {st.report()['macro_f1']:.3f}{stance_base} | "
                f"{sp.report()['accuracy']:.3f}{speaker_base} |"
            )
        lines += summary
        if self.curve:
            lines += [
                "",
                "## Learning curve on news/dev",
                "",
                "The seeds plus a share of `news/train` (whole articles, drawn once), tested on `news/dev`.",
                "",
                "| news/train added | sentences trained on | stance macro-F1 | speaker accuracy |",
                "|---:|---:|---:|---:|",
            ]
            lines += [
                f"| {row['share']:.0%} | {int(row['sentences'])} | {row['stance_macro_f1']:.3f} | "
                f"{row['speaker_accuracy']:.3f} |"
                for row in self.curve
            ]
        for section in self.sections:
            lines += ["", *section.to_markdown()]
        return "\n".join(lines) + "\n"


# --- running ------------------------------------------------------------------------------------------


def _baseline(train_texts: list[str], train_labels: list[str], test_texts: list[str]) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if not test_texts:
        return []
    if len(set(train_labels)) < 2:
        return [train_labels[0]] * len(test_texts)
    model = make_pipeline(TfidfVectorizer(), LogisticRegression())
    return list(model.fit(train_texts, train_labels).predict(test_texts))


def score(
    tagger: Tagger,
    records: list[Record],
    title: str,
    trained_on: str,
    train: list[Record] | None = None,
    topics: dict[str, list[bool]] | None = None,
    why: bool = False,
) -> Section:
    """Tag the articles of ``records`` whole with ``tagger`` and score them; with ``train``, also the baseline;
    with ``why``, each tag says why it was given (the disagreements carry it)."""
    tags = tagger.tag_sentences([r.text for r in records], groups=[r.article for r in records], why=why)
    schema = tagger._schema()
    stance = TaskResult(schema.stances, [r.stance for r in records], [t.stance for t in tags])
    speaker = TaskResult(schema.parties, [r.speaker for r in records], [t.speaker for t in tags])
    stance.confidence = [t.stance_scores[t.stance] for t in tags]
    speaker.confidence = [t.speaker_score for t in tags]
    if train is not None:
        texts = [r.text for r in train]
        tests = [r.text for r in records]
        stance.baseline = _baseline(texts, [r.stance for r in train], tests)
        speaker.baseline = _baseline(texts, [r.speaker for r in train], tests)
    return Section(title, trained_on, records, tags, stance, speaker, topics or {})


def _read(root: Path, path: str) -> list[Record]:
    file = label_file(root / path)
    if not file.is_file():
        raise LabelError(message("FILE_NOT_FOUND", path=file))
    return read_labels(file)


def _topics(root: Path, records: list[Record]) -> dict[str, list[bool]]:
    """Chips / not chips, from ``labels/news/sources.jsonl``."""
    sources = root / NEWS / "sources.jsonl"
    if not sources.is_file():
        return {}
    rows = [json.loads(line) for line in sources.read_text(encoding="utf-8").splitlines() if line.strip()]
    chips = {row["file"]: bool(row["chips"]) for row in rows}
    return {
        "about chips": [chips.get(r.article, False) for r in records],
        "not about chips": [not chips.get(r.article, False) for r in records],
    }


def _articles(records: list[Record]) -> list[str]:
    return list(dict.fromkeys(r.article for r in records))


def project_evaluation(root: str | Path = ".", curve: bool = True, test: bool = True, **params: Any) -> Evaluation:
    """The project's protocol on the labelled sets of a checkout (see the module's docstring).

    Parameters
    ----------
    root : path
        The checkout's root, holding ``labels/``.
    curve : bool
        Also run the learning curve on ``news/dev``.
    test : bool
        Also score ``news/test`` (the figure the project is judged by; each look is logged in
        ``labels/news/README.md``). ``False`` gives the development figures only.
    **params
        :class:`stance.Tagger` parameters.
    """
    root = Path(root)
    seeds, train, dev = _read(root, SEEDS), _read(root, NEWS_TRAIN), _read(root, NEWS_DEV)
    sections = []
    everything = seeds + train + dev
    full = Tagger(**params).fit(everything) if test else None
    if full is not None:
        held = _read(root, NEWS_TEST)
        sections.append(
            score(full, held, "news/test", "the seeds, news/train and news/dev", everything, _topics(root, held))
        )
    development = Tagger(**params).fit(seeds + train)
    sections.append(score(development, dev, "news/dev", "the seeds and news/train", seeds + train, _topics(root, dev)))
    rows = []
    if curve:
        articles = _articles(train)
        random.Random(15).shuffle(articles)
        for share in CURVE:
            chosen = set(articles[: round(share * len(articles))])
            subset = seeds + [r for r in train if r.article in chosen]
            tagger = development if share == 1.0 else Tagger(**params).fit(subset)
            section = score(tagger, dev, "", "")
            rows.append(
                {
                    "share": share,
                    "sentences": len(subset),
                    "stance_macro_f1": section.stance.report()["macro_f1"],
                    "speaker_accuracy": section.speaker.report()["accuracy"],
                }
            )
    # The seeds, one article left out at a time, the rest of the training sets kept.
    out_records: list[Record] = []
    out_tags: list[Tag] = []
    stance, speaker = TaskResult(STANCES), TaskResult(PARTIES)
    rest = train + dev
    for article in _articles(seeds):
        others = [r for r in seeds if r.article != article] + rest
        held = [r for r in seeds if r.article == article]
        part = score(Tagger(**params).fit(others), held, "", "", others)
        out_records += held
        out_tags += part.tags
        for name, task in (("stance", stance), ("speaker", speaker)):
            result: TaskResult = getattr(part, name)
            task.gold += result.gold
            task.tagger += result.tagger
            task.baseline += result.baseline
            task.confidence += result.confidence
    sections.append(
        Section(
            title="seeds, one article left out",
            trained_on="the other seeds, news/train and news/dev (one fold per seed article)",
            records=out_records,
            tags=out_tags,
            stance=stance,
            speaker=speaker,
        )
    )
    final = full if full is not None else Tagger(**params).fit(everything)
    for path in INVENTED:
        sections.append(
            score(
                final,
                _read(root, path),
                f"{path.split('/', 1)[1]} (invented articles)",
                "the seeds, news/train and news/dev",
                everything,
            )
        )
    note = (
        "Real news first: `news/test` is looked at only to report (each look is logged in "
        "`labels/news/README.md`); `news/dev` is the development set."
        if test
        else "Development figures only (`news/test` was not scored)."
    )
    return Evaluation(sections, rows, note)


def evaluate(
    gold: str | Path | Iterable[Mapping[str, object] | Record] | Sequence[str | Path] | None = None,
    model: str | Path | Tagger | None = None,
    root: str | Path = ".",
    curve: bool = True,
    test: bool = True,
    why: bool = True,
    **params: Any,
) -> Evaluation:
    """Evaluate a tagger on labelled articles.

    Parameters
    ----------
    gold : path, list of paths or iterable of records, optional
        Labelled sentences to score ``model`` on, without retraining: label files (JSONL or CSV) or
        folders, or records. Records need ``text``, ``stance`` and ``speaker``; ``article`` (or
        ``doc``) groups them into texts (sentences of one article are tagged together, in order;
        sentences without one are one text); offsets and ``name`` are optional.
        Without ``gold``, the project's protocol runs on the labelled sets under ``root``.
    model : path or Tagger, optional
        The model to score (default: the built-in one). Only with ``gold``.
    why : bool
        With ``gold``: compute each tag's ``why``, so that every disagreement says why it was tagged so.
    root : path
        Without ``gold``: the checkout whose ``labels/`` to use.
    curve, test : bool
        Without ``gold``: run the learning curve; score ``news/test`` (see :func:`project_evaluation`).
    **params
        Without ``gold``: :class:`stance.Tagger` parameters.

    Returns
    -------
    Evaluation
        One :class:`Section` per evaluated set, with tables, reliability, ``to_dict()`` (metrics) and
        ``disagreements()`` (every sentence where tagger and gold differ); ``stance_macro_f1``,
        ``speaker_accuracy`` and ``sentences`` of the first (with ``gold``, the only) set.

    Raises
    ------
    LabelError
        When a label file is missing or wrong.
    """
    if gold is None:
        if model is not None:
            raise InputError(message("BAD_VALUE", name="model", value="a model", expected="gold labels to score it on"))
        _check_params(Tagger().set_params(**params).get_params())  # an unknown or bad parameter: at once, by name
        return project_evaluation(root, curve=curve, test=test, **params)
    if isinstance(gold, (bytes, Mapping)) or not isinstance(gold, (str, os.PathLike, Iterable)):
        expected = "a label file or folder, a list of them, or label records"
        raise InputTypeError(message("WRONG_OBJECT", what="gold", expected=expected, found=describe(gold)))
    if model is not None and not isinstance(model, (Tagger, str, os.PathLike)):
        expected = "a Tagger or a model file path"
        raise InputTypeError(message("WRONG_OBJECT", what="model", expected=expected, found=describe(model)))
    tagger = model if isinstance(model, Tagger) else load(model)
    codebook = tagger._schema().codebook  # gold labels use the model's stances and parties
    if isinstance(gold, (str, os.PathLike)):
        records = read_labels(gold, codebook)
        title = str(gold)
    elif isinstance(gold, Sequence) and gold and all(isinstance(g, (str, os.PathLike)) for g in gold):
        records = [r for path in gold for r in read_labels(path, codebook)]
        title = ", ".join(str(g) for g in gold)
    else:
        records = as_records(gold, codebook)
        title = "records"
    trained_on = "(the model as given)" if isinstance(model, Tagger) else f"(the model {model or 'built in'})"
    return Evaluation([score(tagger, records, title, trained_on, why=why)])


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
