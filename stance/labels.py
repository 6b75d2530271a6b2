"""The label schema: the one place that spells out the stances and speaker parties.

Also reads label files (``labels/sentences.jsonl``) and checks them against the
articles they were cut from.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputTypeError, LabelError, describe, json_reason, message, write_atomically
from .errors import kind as kind_of

if TYPE_CHECKING:
    from .codebook import Codebook

#: The five stances, in precedence order: when several apply, the first wins.
STANCES: tuple[str, ...] = ("denial", "security-concern", "geopolitical", "commercial", "neutral")

#: The ten speaker parties (codebook version 2 added ``other-gov``).
PARTIES: tuple[str, ...] = (
    "author",
    "nvidia",
    "china-gov",
    "china-media",
    "us-gov",
    "other-gov",
    "industry",
    "press",
    "analyst",
    "sources",
)

#: The fields of one label record, in file order, with their types.
FIELDS: dict[str, type] = {
    "article": str,
    "start": int,
    "end": int,
    "text": str,
    "stance": str,
    "speaker": str,
    "name": str,
}


#: The fields a label record may leave out when it is read for training or evaluation (not by
#: :func:`check_labels`): sentences given by their text alone. ``article`` may also be called ``doc``.
OPTIONAL_FIELDS = ("article", "start", "end", "name")

#: The fields of ``stance tag`` output rows that say a file is tag output, not labels.
_TAG_FIELDS = frozenset(("sentence", "stance_scores", "speaker_score"))

#: Label file endings read as CSV (one header line with the field names); any other ending is JSONL.
CSV_SUFFIXES = (".csv", ".tsv")


@dataclass(frozen=True, slots=True)
class Record:
    """One labelled sentence: a span of an article with its stance and speaker."""

    article: str
    start: int
    end: int
    text: str
    stance: str
    speaker: str
    name: str

    def to_dict(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in FIELDS}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a label file, with where it is."""

    path: str
    line: int
    field: str
    message: str


@dataclass
class Report:
    """What :func:`check_labels` found: the problems and the label counts."""

    path: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, Counter[str]]:
        """Counts per stance, per speaker and per article."""
        return {
            "stance": Counter(r.stance for r in self.records),
            "speaker": Counter(r.speaker for r in self.records),
            "article": Counter(r.article for r in self.records),
        }

    codebook: Codebook | None = None

    def table(self) -> str:
        """The count tables as Markdown: stances, speakers, and speaker x stance."""
        return count_table(self.records, self.codebook)


def labels_of(codebook: Codebook | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stances and parties of a codebook (None: the built-in :data:`STANCES` and :data:`PARTIES`)."""
    if codebook is None:
        return STANCES, PARTIES
    return codebook.stance_names, codebook.party_names


def count_table(records: Iterable[Record], codebook: Codebook | None = None) -> str:
    """Markdown tables of counts per stance, per speaker and speaker x stance (the codebook's labels)."""
    stances, parties = labels_of(codebook)
    records = list(records)
    total = len(records) or 1
    stance = Counter(r.stance for r in records)
    speaker = Counter(r.speaker for r in records)
    cross = Counter((r.speaker, r.stance) for r in records)
    lines = ["| stance | sentences | share |", "|---|---:|---:|"]
    lines += [f"| {s} | {stance[s]} | {stance[s] / total:.1%} |" for s in stances]
    lines += [f"| **total** | {len(records)} | |", ""]
    lines += ["| speaker | sentences | share |", "|---|---:|---:|"]
    lines += [f"| {p} | {speaker[p]} | {speaker[p] / total:.1%} |" for p in parties]
    lines += [f"| **total** | {len(records)} | |", ""]
    lines += ["| speaker \\ stance | " + " | ".join(stances) + " |"]
    lines += ["|---|" + "---:|" * len(stances)]
    for p in parties:
        lines.append(f"| {p} | " + " | ".join(str(cross[p, s]) for s in stances) + " |")
    return "\n".join(lines) + "\n"


#: The label sets the built-in model is trained on, relative to ``labels/`` (``stance train --default``):
#: the seed articles, and the real-news training and development parts.
TRAINING_SETS: tuple[str, ...] = ("sentences.jsonl", "news/train/sentences.jsonl", "news/dev/sentences.jsonl")


def labels_root() -> Path:
    """The labelled sets shipped with the package (``stance/data/labels``) or, in a source checkout, ``labels/``."""
    shipped = Path(str(resources.files("stance") / "data" / "labels"))
    if (shipped / TRAINING_SETS[0]).is_file():
        return shipped
    return Path(__file__).resolve().parent.parent / "labels"


def training_label_files() -> list[Path]:
    """The label files of :data:`TRAINING_SETS` that exist (all of them in a release)."""
    root = labels_root()
    return [root / name for name in TRAINING_SETS if (root / name).is_file()]


def label_file(path: str | os.PathLike[str]) -> Path:
    """The label file that ``path`` names.

    Parameters
    ----------
    path : str or Path
        A label file, or a folder holding one as ``sentences.jsonl``.

    Returns
    -------
    Path
        ``path`` itself, or ``path / "sentences.jsonl"`` when it is a folder.
    """
    if not isinstance(path, (str, os.PathLike)):
        expected = "a label file or folder (str or Path)"
        raise InputTypeError(message("WRONG_OBJECT", what="path", expected=expected, found=describe(path)))
    path = Path(path)
    return path / "sentences.jsonl" if path.is_dir() else path


def label_files(path: str | Path) -> list[Path]:
    """Every label file that ``path`` names: a file itself, or each ``sentences.jsonl`` under a folder.

    Parameters
    ----------
    path : str or Path
        A label file, or a folder searched recursively for ``sentences.jsonl`` files.

    Returns
    -------
    list of Path
        Sorted, the folder's own ``sentences.jsonl`` first; ``[path]`` for a file or a missing path.
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(path.rglob("sentences.jsonl"), key=lambda file: (len(file.relative_to(path).parts), str(file)))


def articles_folder(path: str | Path) -> Path:
    """Where the articles of a label file are.

    Parameters
    ----------
    path : str or Path
        A label file or label folder, as for :func:`label_file`.

    Returns
    -------
    Path
        The first folder that exists of: ``articles/`` beside the label file
        (``labels/invented/blind/articles``), ``articles/`` one level up
        (``labels/news/train/sentences.jsonl`` -> ``labels/news/articles``), and ``seeds/``
        beside the label file's folder (``labels/sentences.jsonl`` -> ``seeds/``), which is
        also the answer when none exists.
    """
    folder = label_file(path).resolve().parent
    for candidate in (folder / "articles", folder.parent / "articles"):
        if candidate.is_dir():
            return candidate
    return folder.parent / "seeds"


def _complete(obj: dict[str, object]) -> dict[str, object]:
    """A record that may leave out :data:`OPTIONAL_FIELDS` with them filled in: ``article`` from ``doc``
    (else ""), ``start`` 0, ``end`` the text's length, ``name`` ""."""
    obj = dict(obj)
    if "article" not in obj and "doc" in obj:
        doc = obj.pop("doc")
        obj["article"] = doc if not isinstance(doc, (int, float)) or isinstance(doc, bool) else str(doc)
    obj.setdefault("article", "")
    text = obj.get("text")
    obj.setdefault("start", 0)
    obj.setdefault("end", len(text) if isinstance(text, str) else 0)
    obj.setdefault("name", "")
    return obj


def _validate_fields(
    obj: object,
    path: str,
    line: int,
    problems: list[Problem],
    complete: bool = True,
    codebook: Codebook | None = None,
) -> Record | None:
    """Check one parsed object against the schema; append problems; return a Record if sound.

    ``complete=False``: the :data:`OPTIONAL_FIELDS` may be left out (and ``doc`` stands for ``article``).
    ``codebook``: the stances and parties allowed (default: the built-in ones).
    """
    if not isinstance(obj, dict):
        problems.append(
            Problem(path, line, "", message("BAD_JSON", path=path, line=line, reason=f"found {kind_of(obj)}"))
        )
        return None
    if _TAG_FIELDS & set(obj):
        problems.append(Problem(path, line, "", message("TAG_ROWS_AS_LABELS", path=path, line=line)))
        return None
    given: dict[str, Any] = obj if complete else _complete(obj)
    names = ", ".join(FIELDS)
    before = len(problems)
    for key in given:
        if key not in FIELDS:
            problems.append(
                Problem(path, line, key, message("UNKNOWN_FIELD", path=path, line=line, field=key, fields=names))
            )
    for key, kind in FIELDS.items():
        if key not in given:
            problems.append(
                Problem(path, line, key, message("MISSING_FIELD", path=path, line=line, field=key, fields=names))
            )
            continue
        value = given[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            expected = "an integer" if kind is int else "a string"
            problems.append(
                Problem(
                    path,
                    line,
                    key,
                    message("WRONG_TYPE", path=path, line=line, field=key, expected=expected, found=describe(value)),
                )
            )
    if len(problems) > before:
        return None
    for key, choices in zip(("stance", "speaker"), labels_of(codebook)):
        if given[key] not in choices:
            problems.append(
                Problem(
                    path,
                    line,
                    key,
                    message("BAD_LABEL", path=path, line=line, field=key, value=given[key], choices=", ".join(choices)),
                )
            )
    if given["speaker"] == "author" and given["name"]:
        problems.append(
            Problem(path, line, "name", message("NAME_FOR_AUTHOR", path=path, line=line, value=given["name"]))
        )
    if given["name"] and given["name"] not in given["text"]:
        # Codebook v2: the name is the speaker as the sentence writes it (empty for a quote continuation).
        problems.append(
            Problem(path, line, "name", message("NAME_NOT_IN_TEXT", path=path, line=line, value=given["name"]))
        )
    if len(problems) > before:
        return None
    return Record(**{key: given[key] for key in FIELDS})


def _csv_objects(text: str, name: str, delimiter: str, problems: list[Problem]) -> Iterator[tuple[int, object]]:
    """(line, record) of a CSV label file: the header names the fields; empty ``start``/``end`` cells are left
    out and the others read as integers."""
    import csv

    reader = csv.DictReader(text.splitlines(), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(value is None for value in row.values()):
                fields = len(reader.fieldnames or [])
                found = fields + len(row[None]) if None in row else sum(value is not None for value in row.values())
                problem = message("CSV_FIELDS", path=name, line=line, found=found, expected=fields)
                problems.append(Problem(name, line, "", problem))
                continue
            obj: dict[str, object] = {key: value for key, value in row.items() if key is not None}
            for key in ("start", "end"):
                value = obj.get(key)
                if value == "":
                    del obj[key]
                elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
                    obj[key] = int(value)
            yield line, obj
    except csv.Error as err:
        problems.append(
            Problem(name, reader.line_num, "", message("BAD_CSV", path=name, line=reader.line_num, reason=err))
        )


def _parse_lines(
    path: Path, problems: list[Problem], complete: bool = True, codebook: Codebook | None = None
) -> Iterator[tuple[int, Record]]:
    """Yield (line number, record) for each sound record of a label file (JSONL, or CSV by its ending).

    ``complete=False``: records may leave out the :data:`OPTIONAL_FIELDS` (see :func:`read_labels`).
    """
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, 0, "", message("FILE_NOT_FOUND", path=name)))
        return
    except OSError as err:
        problems.append(Problem(name, 0, "", message("FILE_UNREADABLE", path=name, reason=err.strerror or err)))
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(Problem(name, 0, "", message("NOT_UTF8", path=name, offset=err.start, reason=err.reason)))
        return
    if path.suffix.lower() in CSV_SUFFIXES:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        for number, obj in _csv_objects(text.removeprefix("\ufeff"), name, delimiter, problems):
            record = _validate_fields(obj, name, number, problems, complete, codebook)
            if record is not None:
                yield number, record
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            reason = json_reason(err)
            problems.append(Problem(name, number, "", message("BAD_JSON", path=name, line=number, reason=reason)))
            continue
        except RecursionError:
            reason = "nested too deeply to read"
            problems.append(Problem(name, number, "", message("BAD_JSON", path=name, line=number, reason=reason)))
            continue
        record = _validate_fields(obj, name, number, problems, complete, codebook)
        if record is not None:
            yield number, record


def _check_spans(path: str, rows: list[tuple[int, Record]], folder: Path, problems: list[Problem]) -> None:
    """Check offsets, text, order, gaps and overlaps of records against their articles."""
    texts: dict[str, str | None] = {}
    finished: set[str] = set()
    current: str | None = None
    previous_start = previous_end = 0
    last_line = 0

    def close(article: str | None, line: int) -> None:
        text = texts.get(article) if article else None
        if text is not None and text[previous_end:].strip():
            gap_start = previous_end + len(text[previous_end:]) - len(text[previous_end:].lstrip())
            gap_end = len(text.rstrip())
            problems.append(
                Problem(
                    path,
                    line,
                    "end",
                    message(
                        "TAIL_GAP",
                        path=path,
                        line=line,
                        article=article,
                        gap_start=gap_start,
                        gap_end=gap_end,
                        gap=text[gap_start:gap_end][:60],
                    ),
                )
            )

    for line, record in rows:
        if record.article != current:
            close(current, last_line)
            if record.article in finished:
                problems.append(
                    Problem(
                        path, line, "article", message("ARTICLE_SPLIT", path=path, line=line, article=record.article)
                    )
                )
            if current is not None:
                finished.add(current)
            current = record.article
            previous_start = previous_end = 0
            if record.article not in texts:
                file = folder / record.article
                try:
                    texts[record.article] = file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    texts[record.article] = None
                    problems.append(
                        Problem(
                            path,
                            line,
                            "article",
                            message("NO_ARTICLE", path=path, line=line, article=record.article, folder=folder),
                        )
                    )
        last_line = line
        text = texts[record.article]
        if text is None:
            continue
        if not 0 <= record.start < record.end <= len(text):
            problems.append(
                Problem(
                    path,
                    line,
                    "start",
                    message(
                        "BAD_OFFSETS",
                        path=path,
                        line=line,
                        start=record.start,
                        end=record.end,
                        article=record.article,
                        length=len(text),
                    ),
                )
            )
            continue
        expected = text[record.start : record.end]
        if record.text != expected:
            problems.append(
                Problem(
                    path,
                    line,
                    "text",
                    message(
                        "TEXT_MISMATCH",
                        path=path,
                        line=line,
                        article=record.article,
                        start=record.start,
                        end=record.end,
                        expected=expected[:80],
                    ),
                )
            )
        elif record.text != record.text.strip():
            problems.append(Problem(path, line, "text", message("UNTRIMMED", path=path, line=line)))
        if record.start < previous_start:
            problems.append(
                Problem(
                    path,
                    line,
                    "start",
                    message(
                        "OUT_OF_ORDER",
                        path=path,
                        line=line,
                        start=record.start,
                        previous=previous_start,
                        article=record.article,
                    ),
                )
            )
        elif record.start < previous_end:
            problems.append(
                Problem(
                    path,
                    line,
                    "start",
                    message("OVERLAP", path=path, line=line, start=record.start, previous_end=previous_end),
                )
            )
        elif text[previous_end : record.start].strip():
            gap = text[previous_end : record.start]
            gap_start = previous_end + len(gap) - len(gap.lstrip())
            gap_end = record.start - (len(gap) - len(gap.rstrip()))
            problems.append(
                Problem(
                    path,
                    line,
                    "start",
                    message(
                        "GAP",
                        path=path,
                        line=line,
                        article=record.article,
                        gap_start=gap_start,
                        gap_end=gap_end,
                        gap=text[gap_start:gap_end][:60],
                    ),
                )
            )
        previous_start = max(previous_start, record.start)
        previous_end = max(previous_end, record.end)
    close(current, last_line)


def check_labels(path: str | Path, articles: str | Path | None = None, codebook: Codebook | None = None) -> Report:
    """Check a label file completely and collect every problem.

    Parameters
    ----------
    path : str or Path
        A JSONL label file, or a folder holding ``sentences.jsonl``.
    articles : str or Path, optional
        The folder with the article files named in the records. Default: the
        ``seeds/`` folder beside the label file's folder (``labels/../seeds``).
    codebook : Codebook, optional
        The stances and parties the labels may use (default: the built-in codebook).

    Returns
    -------
    Report
        The sound records, every problem (file, line, field, message) and counts.
    """
    path = label_file(path)
    if articles is not None and not isinstance(articles, (str, os.PathLike)):
        expected = "a folder (str or Path) or None"
        raise InputTypeError(message("WRONG_OBJECT", what="articles", expected=expected, found=describe(articles)))
    folder = Path(articles) if articles is not None else articles_folder(path)
    report = Report(str(path), codebook=codebook)
    rows = list(_parse_lines(path, report.problems, codebook=codebook))
    report.records = [record for _, record in rows]
    if not rows and not report.problems:
        report.problems.append(Problem(str(path), 0, "", message("NO_RECORDS", path=path)))
    if rows:
        _check_spans(str(path), rows, folder, report.problems)
    return report


def read_labels(path: str | os.PathLike[str], codebook: Codebook | None = None) -> list[Record]:
    """Read a label file, checking the schema and label values (not offsets).

    A label file is JSONL (one record per line) or CSV (``.csv``, ``.tsv``: a header line with the
    field names), as ``stance labels from-tags`` and ``stance suggest`` write them. For training and
    evaluation a record needs only ``text``, ``stance`` and ``speaker``: ``article`` (or ``doc``)
    groups sentences into texts (sentences without one are read as one text, in file order),
    ``start``/``end`` default to the whole text and ``name`` to "". :func:`check_labels` wants every field.
    Stances and parties are the ``codebook``'s (default: the built-in codebook's).

    Raises
    ------
    LabelError
        At the first problem, naming file, line and field.
    """
    path = label_file(path)
    problems: list[Problem] = []
    records = [record for _, record in _parse_lines(path, problems, complete=False, codebook=codebook)]
    if problems:
        raise LabelError(problems[0].message)
    if not records:
        raise LabelError(message("NO_RECORDS", path=path))
    return records


def as_records(labels: str | os.PathLike[str] | Iterable[object], codebook: Codebook | None = None) -> list[Record]:
    """Turn a label file path, a list of label file paths or an iterable of label mappings into checked records
    (with the ``codebook``'s stances and parties; default: the built-in ones).

    Raises
    ------
    LabelError
        When a record misses a field or has a wrong type or an unknown label.
    """
    if isinstance(labels, (str, os.PathLike)):
        return read_labels(labels, codebook)
    if isinstance(labels, (bytes, Mapping)) or not isinstance(labels, Iterable):
        expected = "a label file path or an iterable of label records"
        raise InputTypeError(message("WRONG_OBJECT", what="labels", expected=expected, found=describe(labels)))
    labels = list(labels)
    if labels and all(isinstance(item, (str, os.PathLike)) for item in labels):
        return [record for path in labels for record in read_labels(path, codebook)]  # type: ignore[arg-type]
    records: list[Record] = []
    problems: list[Problem] = []
    stances, parties = labels_of(codebook)
    for index, item in enumerate(labels):
        if isinstance(item, Record) and item.stance in stances and item.speaker in parties:
            records.append(item)
            continue
        if isinstance(item, Record):
            item = item.to_dict()  # checked again: its labels are not the codebook's
        if not isinstance(item, Mapping):
            raise LabelError(message("NOT_RECORD", index=index, fields=", ".join(FIELDS), found=describe(item)))
        record = _validate_fields(dict(item), "<records>", index, problems, complete=False, codebook=codebook)
        if problems:
            raise LabelError(problems[0].message.replace("<records>:", "record "))
        records.append(record)  # type: ignore[arg-type]
    if not records:
        raise LabelError(message("NO_RECORDS", path="<records>"))
    return records


@dataclass
class Agreement:
    """How far two readers' labels of the same sentences agree, per field.

    ``observed`` is the share of sentences with the same value; ``kappa`` is Cohen's kappa
    (agreement corrected for chance; ``None`` for ``name``, whose values are open text).
    """

    n: int
    observed: dict[str, float]
    kappa: dict[str, float | None]

    def table(self) -> str:
        """The figures as a Markdown table."""
        lines = [
            f"{self.n} sentences labelled by both readers.",
            "",
            "| field | agreement | Cohen's kappa |",
            "|---|---:|---:|",
        ]
        for key, value in self.observed.items():
            kappa = self.kappa[key]
            lines.append(f"| {key} | {value:.1%} | {'' if kappa is None else f'{kappa:.3f}'} |")
        return "\n".join(lines) + "\n"


def agreement(first: Iterable[Record], second: Iterable[Record]) -> Agreement:
    """Per-field agreement and Cohen's kappa of two label sets over the same sentences.

    Parameters
    ----------
    first, second : iterable of Record
        Two readers' labels; sentences are matched by (article, start, end).

    Returns
    -------
    Agreement
        Observed agreement for stance, speaker, name and all three together; kappa for stance and speaker.

    Raises
    ------
    LabelError
        When the two sets do not label the same sentences.
    """
    from sklearn.metrics import cohen_kappa_score

    first, second = list(first), list(second)
    other = {(r.article, r.start, r.end): r for r in second}
    keys = [(r.article, r.start, r.end) for r in first]
    missing = [key for key in keys if key not in other] + sorted(set(other) - set(keys))
    if missing:
        article, start, end = missing[0]
        raise LabelError(message("NOT_SAME_SENTENCES", count=len(missing), article=article, start=start, end=end))
    pairs = [(r, other[r.article, r.start, r.end]) for r in first]
    observed: dict[str, float] = {}
    kappa: dict[str, float | None] = {}
    for key in ("stance", "speaker", "name"):
        a = [getattr(x, key) for x, _ in pairs]
        b = [getattr(y, key) for _, y in pairs]
        observed[key] = sum(p == q for p, q in zip(a, b)) / max(len(pairs), 1)
        kappa[key] = float(cohen_kappa_score(a, b)) if key != "name" and len(set(a) | set(b)) > 1 else None
    observed["all three"] = sum((x.stance, x.speaker, x.name) == (y.stance, y.speaker, y.name) for x, y in pairs) / max(
        len(pairs), 1
    )
    kappa["all three"] = None
    return Agreement(len(pairs), observed, kappa)


def write_labels(
    records: Iterable[Record | Mapping[str, object]], path: str | os.PathLike[str], codebook: Codebook | None = None
) -> Path:
    """Write label records to a label file: CSV for a ``.csv`` or ``.tsv`` ending (a header and one row per
    record, to edit in a spreadsheet), else JSONL. Written beside ``path`` and renamed into place.

    Raises
    ------
    LabelError
        When a record is not sound.
    WriteError
        When the file cannot be written.
    """
    import csv
    import io

    rows = [record.to_dict() for record in as_records(list(records), codebook)]
    path = Path(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, list(FIELDS), lineterminator="\n", delimiter="\t" if path.suffix.lower() == ".tsv" else ","
        )
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    write_atomically(
        path,
        lambda temporary: temporary.write_text(text, encoding="utf-8", newline=""),
        "choose another file, or create its folder first",
    )
    return path


def labels_from_tags(rows: Iterable[Mapping[str, object]], codebook: Codebook | None = None) -> list[Record]:
    """Label records from ``stance tag`` rows (the tagger's stance, speaker and name, to correct by hand):
    ``doc`` becomes ``article``, offsets and text are kept.

    Raises
    ------
    LabelError
        When a row lacks a field or holds a label this codebook does not know.
    """
    records = []
    for row in rows:
        records.append({key: row.get("doc" if key == "article" else key) for key in FIELDS})
        if not isinstance(records[-1]["article"], str):
            records[-1]["article"] = str(records[-1]["article"])
    return as_records(records, codebook)
