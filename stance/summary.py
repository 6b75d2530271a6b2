"""Who says what: speaker party x stance counts and shares, overall, per document, and by other groupings.

Reads the rows ``stance tag`` writes (any format), or rows in memory, one at a time.
A share is the part of a group's sentences that carry a stance (each row of the table adds up
to 100%); the ``total`` column is the group's part of all sentences. Cells of fewer than
:data:`SMALL` sentences are marked ``*``: their shares say little.

Besides the speaker party (``by="party"``), a table groups by the resolved speaker
(``by="canonical"``: "Jensen Huang", "the Cyberspace Administration of China"; the author's own
voice is ``(author)``) or by any field the rows carry beyond the tag's own, such as the ``outlet`` or
``date`` kept with ``stance tag --keep-fields outlet,date``.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch.writers import COLUMNS, WHY_COLUMNS, read_rows, require
from .errors import InputError, InputTypeError, WriteError, describe, message, os_reason
from .labels import PARTIES, STANCES

if TYPE_CHECKING:
    from .codebook import Codebook

Cell = tuple[str, str]  # (group: a speaker party, resolved speaker or field value; stance)

#: Cells with fewer sentences than this are marked ``*`` in tables.
SMALL = 5
#: The group of the author's own voice when grouping by resolved speaker.
AUTHOR = "(author)"
#: The group of rows that lack a field or leave it empty.
NONE = "(none)"
#: Row fields never grouped by (the tag's own, and its why).
_NOT_GROUPS = frozenset((*COLUMNS, "why", *WHY_COLUMNS))


@dataclass
class Summary:
    """Sentence counts by (speaker party, stance), overall and per document, and by other groupings.

    Attributes
    ----------
    counts : Counter
        ``(party, stance) -> sentences`` over all documents.
    by_document : dict
        Document id -> its own counter, in the order documents first appear.
    by_field : dict
        ``"canonical"`` (the resolved speaker) and every other field the rows carry beyond the tag's
        own (``outlet``, ``date``, ...) -> a counter of ``(value, stance) -> sentences``.
    """

    counts: Counter[Cell] = field(default_factory=Counter)
    by_document: dict[str, Counter[Cell]] = field(default_factory=dict)
    by_field: dict[str, Counter[Cell]] = field(default_factory=dict)
    stance_order: list[str] = field(default_factory=list, compare=False)
    party_order: list[str] = field(default_factory=lambda: list(PARTIES), compare=False)

    def add(self, rows: Iterable[Mapping[str, Any]]) -> Summary:
        """Count more rows (each needs ``doc``, ``speaker`` and ``stance``); returns self."""
        if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
            expected = "an iterable of rows (mappings with doc, speaker and stance)"
            raise InputTypeError(message("WRONG_OBJECT", what="rows", expected=expected, found=describe(rows)))
        for row in rows:
            if not isinstance(row, Mapping) or not all(key in row for key in ("doc", "speaker", "stance")):
                expected = "rows: mappings with doc, speaker and stance"
                raise InputTypeError(
                    message("WRONG_OBJECT", what="rows", expected=expected, found=f"a row {describe(row)}")
                )
            stance = row["stance"]
            cell = (row["speaker"], stance)
            self.counts[cell] += 1
            doc = str(row["doc"])
            counter = self.by_document.get(doc)
            if counter is None:
                counter = self.by_document[doc] = Counter()
            counter[cell] += 1
            if not self.stance_order and isinstance(row.get("stance_scores"), Mapping):
                self.stance_order = [str(key) for key in row["stance_scores"]]
            speaker = row.get("canonical") or row.get("name") or ""
            self._count("canonical", (str(speaker) if row["speaker"] != "author" else AUTHOR) or NONE, stance)
            for key, value in row.items():
                if key not in _NOT_GROUPS and not str(key).startswith("stance_scores."):
                    self._count(str(key), NONE if value in (None, "") else str(value), stance)
        return self

    def _count(self, key: str, value: str, stance: str) -> None:
        counter = self.by_field.get(key)
        if counter is None:
            counter = self.by_field[key] = Counter()
        counter[value, stance] += 1

    @property
    def sentences(self) -> int:
        return sum(self.counts.values())

    def groupings(self) -> list[str]:
        """What tables can group by: ``party``, ``canonical`` and the rows' other fields (e.g. ``outlet``)."""
        return ["party", *self.by_field]

    def _counts(self, doc: str | None, by: str = "party") -> Counter[Cell]:
        if by != "party":
            if by in ("speaker", "resolved"):
                by = "canonical"
            if by not in self.by_field:
                choices = ", ".join(self.groupings())
                raise InputError(message("BAD_VALUE", name="by", value=repr(by), expected=f"one of {choices}"))
            if doc is not None:
                raise InputError(message("BAD_VALUE", name="doc", value=repr(doc), expected="None with by=" + by))
            return self.by_field[by]
        if doc is None:
            return self.counts
        if doc not in self.by_document:
            examples = ", ".join(repr(name) for name in list(self.by_document)[:3]) or "none"
            raise InputError(message("NO_DOCUMENT", doc=doc, examples=examples))
        return self.by_document[doc]

    def parties(self, doc: str | None = None) -> list[str]:
        """The speaker parties present, in the codebook's order (``party_order``; unknown ones last)."""
        present = {party for party, _ in self._counts(doc)}
        return [p for p in self.party_order if p in present] + sorted(present - set(self.party_order))

    def groups(self, by: str = "party", doc: str | None = None) -> list[str]:
        """The groups of a table: parties in the codebook's order, other values by sentences (most first)."""
        if by == "party":
            return self.parties(doc)
        totals: Counter[str] = Counter()
        for (group, _), n in self._counts(doc, by).items():
            totals[group] += n
        return sorted(totals, key=lambda group: (-totals[group], group))

    def stances(self, doc: str | None = None) -> list[str]:
        """The stances of the model that tagged the rows (the built-in five unless told), plus any other present."""
        present = {stance for _, stance in self._counts(doc)}
        known = self.stance_order or list(STANCES)
        return known + sorted(present - set(known))

    def to_rows(self, by: str = "party") -> list[dict[str, Any]]:
        """The table in long form: ``doc`` ("" for all documents), the group (``speaker``, or the field
        grouped ``by``), ``stance``, ``count``, ``share``.

        ``share`` is ``count`` over the group's sentences (in that document); cells with no
        sentences are left out. Per-document rows come with ``by="party"`` only.
        """
        out = []
        name = "speaker" if by == "party" else by
        tables = [("", self._counts(None, by))] + (list(self.by_document.items()) if by == "party" else [])
        for doc, counts in tables:
            totals: Counter[str] = Counter()
            for (group, _), n in counts.items():
                totals[group] += n
            for group in self.groups(by, doc or None):
                for stance in self.stances(doc or None):
                    n = counts.get((group, stance), 0)
                    if n:
                        out.append({"doc": doc, name: group, "stance": stance, "count": n, "share": n / totals[group]})
        return out

    def _grid(self, doc: str | None, by: str) -> tuple[list[str], list[str], Counter[Cell]]:
        return self.groups(by, doc), self.stances(doc), self._counts(doc, by)

    def table(self, doc: str | None = None, by: str = "party") -> str:
        """The who-says-what table as text: one line per group (speaker party unless ``by`` says another),
        ``count share%`` per stance; ``*`` marks cells of fewer than :data:`SMALL` sentences."""
        groups, stances, counts = self._grid(doc, by)
        total = sum(counts.values())
        group_totals = {g: sum(counts.get((g, s), 0) for s in stances) for g in groups}
        stance_totals = {s: sum(counts.get((g, s), 0) for g in groups) for s in stances}

        def cell(n: int, of: int) -> str:
            return f"{'*' if n < SMALL else ''}{n:,} {100 * n / of:3.0f}%" if n else "-"

        label = {"party": "speaker", "canonical": "speaker (resolved)"}.get(by, by)
        header = [label, *stances, "total"]
        lines = []
        for group in groups:
            n = group_totals[group]
            lines.append([group, *(cell(counts.get((group, s), 0), n) for s in stances), cell(n, total)])
        lines.append([f"all {'speakers' if by in ('party', 'canonical') else by}"])
        lines[-1] += [cell(stance_totals[s], total) for s in stances] + [cell(total, total)]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        out = [
            "  ".join(text.ljust(w) if i == 0 else text.rjust(w) for i, (text, w) in enumerate(zip(row, widths)))
            for row in [header, *lines]
        ]
        out.insert(1, "  ".join("-" * w for w in widths))
        documents = 1 if doc is not None else len(self.by_document)
        title = f"who says what: {total:,} sentences in {documents:,} document{'s' * (documents != 1)}"
        if doc is not None:
            title += f" ({doc})"
        if by != "party":
            title += f", by {label}"
        group_word = "speaker" if by in ("party", "canonical") else by
        note = (
            f"(count and share of each {group_word}'s sentences; total: share of all sentences; * fewer than {SMALL})"
        )
        return "\n".join([title, note, *out]) + "\n"

    def report(self, by_document: bool = False, by: Iterable[str] = ()) -> str:
        """The overall table, with ``by_document`` one table per document, and one table per grouping in ``by``."""
        parts = [self.table()]
        parts.extend(self.table(by=grouping) for grouping in by)
        if by_document:
            parts.extend(self.table(doc) for doc in self.by_document)
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        """The table as HTML, for notebooks (Jupyter shows a Summary as a table)."""
        return self.to_html()

    def to_html(self, doc: str | None = None, by: str = "party") -> str:
        """The who-says-what table as an HTML table (``*`` marks cells of fewer than :data:`SMALL` sentences)."""
        groups, stances, counts = self._grid(doc, by)
        total = sum(counts.values())
        label = {"party": "speaker", "canonical": "speaker (resolved)"}.get(by, by)

        def cell(n: int, of: int) -> str:
            if not n:
                return "<td style='text-align:right'>-</td>"
            mark = "*" if n < SMALL else ""
            return f"<td style='text-align:right'>{n:,} ({100 * n / of:.0f}%){mark}</td>"

        head = "".join(f"<th>{html.escape(s)}</th>" for s in [label, *stances, "total"])
        body = []
        for group in groups:
            n = sum(counts.get((group, s), 0) for s in stances)
            cells = "".join(cell(counts.get((group, s), 0), n) for s in stances)
            body.append(f"<tr><th style='text-align:left'>{html.escape(group)}</th>{cells}{cell(n, total)}</tr>")
        totals = "".join(cell(sum(counts.get((g, s), 0) for g in groups), total) for s in stances)
        body.append(f"<tr><th style='text-align:left'>all</th>{totals}{cell(total, total)}</tr>")
        caption = (
            f"who says what: {total:,} sentences in {len(self.by_document):,} documents "
            f"(share of each row's sentences; * fewer than {SMALL})"
        )
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    def plot(self, path: str | Path | None = None, doc: str | None = None, by: str = "party") -> Any:
        """Draw the table as a heatmap: colour = share of the group's sentences, cells labelled (``*``: fewer
        than :data:`SMALL` sentences). Returns the matplotlib ``Figure``; with ``path``, also saves it there
        (PNG, SVG, PDF by the ending).

        Needs matplotlib (``pip install 'stance[plot]'``).
        """
        if path is not None and not isinstance(path, (str, os.PathLike)):
            expected = "an image file path (str or Path), e.g. who.png, or None"
            raise InputTypeError(message("WRONG_OBJECT", what="path", expected=expected, found=describe(path)))
        require("matplotlib", "Plotting", "matplotlib", "plot")
        from matplotlib.figure import Figure
        from matplotlib.ticker import PercentFormatter

        groups, stances, counts = self._grid(doc, by)
        if not groups:
            raise InputError(message("NOTHING_TO_PLOT"))
        totals = [sum(counts.get((g, s), 0) for s in stances) for g in groups]
        shares = [[counts.get((g, s), 0) / t for s in stances] for g, t in zip(groups, totals)]
        figure = Figure(figsize=(1.5 * len(stances) + 3.2, 0.62 * len(groups) + 2.0), dpi=110, layout="constrained")
        axes = figure.subplots()
        image = axes.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        axes.set_xticks(range(len(stances)), stances, fontsize=10)
        axes.set_yticks(range(len(groups)), [f"{g}  ({t:,})" for g, t in zip(groups, totals)], fontsize=10)
        axes.xaxis.tick_top()
        axes.tick_params(length=0)
        for i, group in enumerate(groups):
            for j, stance in enumerate(stances):
                n = counts.get((group, stance), 0)
                if n:
                    share = shares[i][j]
                    colour = "white" if share > 0.55 else "black"
                    mark = "*" if n < SMALL else ""
                    text = f"{n:,}{mark}\n{100 * share:.0f}%"
                    axes.text(j, i, text, ha="center", va="center", color=colour, fontsize=9)
        axes.set_xticks([x - 0.5 for x in range(1, len(stances))], minor=True)
        axes.set_yticks([y - 0.5 for y in range(1, len(groups))], minor=True)
        axes.grid(which="minor", color="white", linewidth=2)
        axes.tick_params(which="minor", length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        documents = 1 if doc is not None else len(self.by_document)
        scope = doc if doc is not None else f"{documents:,} document{'s' * (documents != 1)}"
        axes.set_title(f"Who says what: {sum(totals):,} sentences, {scope}", fontsize=12, pad=12)
        label = {"party": "speaker", "canonical": "speaker (resolved)"}.get(by, by)
        axes.set_ylabel(f"{label} (sentences; * fewer than {SMALL})")
        bar = figure.colorbar(image, ax=axes, shrink=0.8)
        bar.set_label(f"share of the {'speaker' if by in ('party', 'canonical') else by}'s sentences")
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        if path is not None:
            try:
                figure.savefig(Path(path))
            except OSError as err:
                hint = "choose another file for the plot"
                raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None
            except ValueError as err:  # matplotlib: an ending it cannot draw
                raise InputError(
                    message("BAD_VALUE", name="path", value=repr(str(path)), expected=f"an image file ({err})")
                ) from None
        return figure


def summarize(
    source: str | Path | Iterable[str | Path] | Iterable[Mapping[str, Any]] | Any, codebook: Codebook | None = None
) -> Summary:
    """Count who says what in ``stance tag`` output.

    Parameters
    ----------
    source : path, paths, rows or DataFrame
        Output files of ``stance tag`` (JSONL, CSV or Parquet; ``"-"`` for JSONL on stdin),
        rows (mappings with ``doc``, ``speaker`` and ``stance``), or a DataFrame with those
        columns (e.g. from :func:`stance.tag_dataframe`).
    codebook : Codebook, optional
        The codebook of the model that tagged them, for the order of parties and stances (default:
        the built-in one; the stances are also taken from the rows' scores).

    Returns
    -------
    Summary
    """
    summary = Summary()
    if codebook is not None:
        summary.party_order, summary.stance_order = list(codebook.party_names), list(codebook.stance_names)
    if isinstance(source, (str, Path)):
        source = [source]
    if isinstance(source, (bytes, Mapping)) or not (isinstance(source, Iterable) or hasattr(source, "itertuples")):
        expected = "paths of stance tag output, rows or a DataFrame"
        raise InputTypeError(message("WRONG_OBJECT", what="source", expected=expected, found=describe(source)))
    if hasattr(source, "itertuples") and hasattr(source, "columns"):  # a pandas DataFrame
        for column in ("doc", "speaker", "stance"):
            if column not in source.columns:
                columns = ", ".join(repr(c) for c in source.columns)
                raise InputError(message("NO_COLUMN_IN", what="source", column=column, columns=columns))
        table: Any = source
        names = [str(column) for column in table.columns]
        return summary.add(dict(zip(names, values)) for values in table.itertuples(index=False, name=None))
    items: Iterator[Any] = iter(source)
    for item in items:
        if isinstance(item, (str, Path)):
            summary.add(read_rows(item))
        elif isinstance(item, Mapping):
            summary.add([item])
            summary.add(items)
            break
        else:
            expected = "paths of stance tag output, or rows"
            raise InputTypeError(message("WRONG_OBJECT", what="source", expected=expected, found=describe(item)))
    return summary
