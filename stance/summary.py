"""Who says what: speaker party x stance counts and shares, overall and per document.

Reads the rows ``stance tag`` writes (any format), or rows in memory, one at a time.
A share is the part of a speaker party's sentences that carry a stance (each row of the
table adds up to 100%); the ``total`` column is the party's part of all sentences.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch.writers import read_rows, require
from .errors import InputError, InputTypeError, WriteError, describe, message, os_reason
from .labels import PARTIES, STANCES

Cell = tuple[str, str]  # (speaker party, stance)


@dataclass
class Summary:
    """Sentence counts by (speaker party, stance), overall and per document.

    Attributes
    ----------
    counts : Counter
        ``(party, stance) -> sentences`` over all documents.
    by_document : dict
        Document id -> its own counter, in the order documents first appear.
    """

    counts: Counter[Cell] = field(default_factory=Counter)
    by_document: dict[str, Counter[Cell]] = field(default_factory=dict)

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
            cell = (row["speaker"], row["stance"])
            self.counts[cell] += 1
            doc = str(row["doc"])
            counter = self.by_document.get(doc)
            if counter is None:
                counter = self.by_document[doc] = Counter()
            counter[cell] += 1
        return self

    @property
    def sentences(self) -> int:
        return sum(self.counts.values())

    def _counts(self, doc: str | None) -> Counter[Cell]:
        if doc is None:
            return self.counts
        if doc not in self.by_document:
            examples = ", ".join(repr(name) for name in list(self.by_document)[:3]) or "none"
            raise InputError(message("NO_DOCUMENT", doc=doc, examples=examples))
        return self.by_document[doc]

    def parties(self, doc: str | None = None) -> list[str]:
        """The speaker parties present, in the codebook's order (unknown ones last)."""
        present = {party for party, _ in self._counts(doc)}
        return [p for p in PARTIES if p in present] + sorted(present - set(PARTIES))

    def stances(self, doc: str | None = None) -> list[str]:
        """All five stances, plus any unknown one present."""
        present = {stance for _, stance in self._counts(doc)}
        return list(STANCES) + sorted(present - set(STANCES))

    def to_rows(self) -> list[dict[str, Any]]:
        """The table in long form: ``doc`` ("" for all documents), ``speaker``, ``stance``, ``count``, ``share``.

        ``share`` is ``count`` over the speaker's sentences (in that document); cells with no
        sentences are left out.
        """
        out = []
        for doc, counts in [("", self.counts), *self.by_document.items()]:
            totals: Counter[str] = Counter()
            for (party, _), n in counts.items():
                totals[party] += n
            for party in self.parties(doc or None):
                for stance in self.stances(doc or None):
                    n = counts.get((party, stance), 0)
                    if n:
                        out.append(
                            {"doc": doc, "speaker": party, "stance": stance, "count": n, "share": n / totals[party]}
                        )
        return out

    def table(self, doc: str | None = None) -> str:
        """The who-says-what table as text: one line per speaker party, ``count share%`` per stance."""
        counts = self._counts(doc)
        parties, stances = self.parties(doc), self.stances(doc)
        total = sum(counts.values())
        party_totals = {p: sum(counts.get((p, s), 0) for s in stances) for p in parties}
        stance_totals = {s: sum(counts.get((p, s), 0) for p in parties) for s in stances}

        def cell(n: int, of: int) -> str:
            return f"{n:,} {100 * n / of:3.0f}%" if n else "-"

        header = ["speaker", *stances, "total"]
        lines = []
        for party in parties:
            n = party_totals[party]
            lines.append([party, *(cell(counts.get((party, s), 0), n) for s in stances), cell(n, total)])
        lines.append(["all speakers", *(cell(stance_totals[s], total) for s in stances), cell(total, total)])
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
        return (
            "\n".join([title, "(count and share of each speaker's sentences; total: share of all sentences)", *out])
            + "\n"
        )

    def report(self, by_document: bool = False) -> str:
        """The overall table, and with ``by_document`` one table per document."""
        parts = [self.table()]
        if by_document:
            parts.extend(self.table(doc) for doc in self.by_document)
        return "\n".join(parts)

    def plot(self, path: str | Path, doc: str | None = None) -> Path:
        """Draw the table as a heatmap PNG: colour = share of the speaker's sentences, cells labelled.

        Needs matplotlib (``pip install 'stance[plot]'``).
        """
        if not isinstance(path, (str, os.PathLike)):
            expected = "an image file path (str or Path), e.g. who.png"
            raise InputTypeError(message("WRONG_OBJECT", what="path", expected=expected, found=describe(path)))
        require("matplotlib", "Plotting", "matplotlib", "plot")
        from matplotlib.figure import Figure
        from matplotlib.ticker import PercentFormatter

        counts = self._counts(doc)
        parties, stances = self.parties(doc), self.stances(doc)
        if not parties:
            raise InputError(message("NOTHING_TO_PLOT"))
        totals = [sum(counts.get((p, s), 0) for s in stances) for p in parties]
        shares = [[counts.get((p, s), 0) / t for s in stances] for p, t in zip(parties, totals)]
        figure = Figure(figsize=(1.5 * len(stances) + 3.2, 0.62 * len(parties) + 2.0), dpi=110, layout="constrained")
        axes = figure.subplots()
        image = axes.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        axes.set_xticks(range(len(stances)), stances, fontsize=10)
        axes.set_yticks(range(len(parties)), [f"{p}  ({t:,})" for p, t in zip(parties, totals)], fontsize=10)
        axes.xaxis.tick_top()
        axes.tick_params(length=0)
        for i, party in enumerate(parties):
            for j, stance in enumerate(stances):
                n = counts.get((party, stance), 0)
                if n:
                    share = shares[i][j]
                    colour = "white" if share > 0.55 else "black"
                    axes.text(j, i, f"{n:,}\n{100 * share:.0f}%", ha="center", va="center", color=colour, fontsize=9)
        axes.set_xticks([x - 0.5 for x in range(1, len(stances))], minor=True)
        axes.set_yticks([y - 0.5 for y in range(1, len(parties))], minor=True)
        axes.grid(which="minor", color="white", linewidth=2)
        axes.tick_params(which="minor", length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        documents = 1 if doc is not None else len(self.by_document)
        scope = doc if doc is not None else f"{documents:,} document{'s' * (documents != 1)}"
        axes.set_title(f"Who says what: {sum(totals):,} sentences, {scope}", fontsize=12, pad=12)
        axes.set_ylabel("speaker (sentences)")
        bar = figure.colorbar(image, ax=axes, shrink=0.8)
        bar.set_label("share of the speaker's sentences")
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        path = Path(path)
        try:
            figure.savefig(path)
        except OSError as err:
            hint = "choose another file for the plot"
            raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None
        except ValueError as err:  # matplotlib: an ending it cannot draw
            raise InputError(
                message("BAD_VALUE", name="path", value=repr(str(path)), expected=f"an image file ({err})")
            ) from None
        return path


def summarize(source: str | Path | Iterable[str | Path] | Iterable[Mapping[str, Any]] | Any) -> Summary:
    """Count who says what in ``stance tag`` output.

    Parameters
    ----------
    source : path, paths, rows or DataFrame
        Output files of ``stance tag`` (JSONL, CSV or Parquet; ``"-"`` for JSONL on stdin),
        rows (mappings with ``doc``, ``speaker`` and ``stance``), or a DataFrame with those
        columns (e.g. from :func:`stance.tag_dataframe`).

    Returns
    -------
    Summary
    """
    summary = Summary()
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
        frame = table[["doc", "speaker", "stance"]]
        return summary.add(
            {"doc": doc, "speaker": speaker, "stance": stance}
            for doc, speaker, stance in frame.itertuples(index=False, name=None)
        )
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
