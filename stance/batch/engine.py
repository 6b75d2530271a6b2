"""Batch tagging at corpus scale: documents in, one row per sentence out.

The pipeline is a stream, so memory stays flat however large the corpus:

1. :func:`stance.batch.readers.read_inputs` turns files, folders and stdin into documents (or
   failures), each cut into pieces of bounded size;
2. pieces are grouped into bounded batches (``batch_size`` pieces, :data:`BATCH_CHARS` characters);
3. an engine tags the batches with :meth:`Tagger.tag_texts` and hands the results back in
   input order: in this process, in ``jobs`` joblib processes, or on a Dask cluster;
   workers load the tagger themselves from its path and receive only text;
4. rows go to a writer (:mod:`stance.batch.writers`), failures to an errors file.

After every batch that ends on a whole document, the outputs are flushed to disk and a
checkpoint (``OUT.checkpoint``) records how far the run got; ``resume=True`` truncates the
partial outputs back to it and skips the documents already done. Batches do not depend on
the engine or the number of jobs, so neither do the rows.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

from ..errors import InputError, InputTypeError, StanceError, check_choice, check_int, describe, message
from ..labels import STANCES
from .checkpoint import Outputs, check_paths, check_writable, fingerprint, own_files
from .readers import (
    MAX_BYTES,
    PIECE_CHARS,
    Document,
    Failure,
    Item,
    ReadOptions,
    ReadStats,
    as_documents,
    input_size,
    read_inputs,
)
from .readers import (
    keep_fields as field_names,
)
from .writers import FILE_FORMATS, FORMATS, Layout, errors_path_for, format_for, require

if TYPE_CHECKING:
    from ..tagger import Tagger

#: Pieces (documents, or parts of a long one) per batch.
BATCH_SIZE = 64

#: Characters per batch, at most (plus one piece).
BATCH_CHARS = 1_000_000

#: Failures kept in :attr:`BatchReport.errors` (all of them go to the errors file).
KEPT_ERRORS = 1000

Model = Union[str, Path, "Tagger", None]


@dataclass(frozen=True)
class _Slot:
    """One piece of a document in a batch."""

    doc: Document
    offset: int
    text: str
    first: bool
    last: bool


Entry = _Slot | Failure


@dataclass
class BatchReport:
    """What :func:`tag_files` did.

    Attributes
    ----------
    output, errors_path : Path or None
        The rows and the errors file (None for a stream, or when nothing failed).
    documents, sentences, failed : int
        Documents tagged, rows written, inputs that failed (counting an interrupted run's too).
    errors : list of Failure
        The first :data:`KEPT_ERRORS` failures (file, line, doc, message).
    inputs : int
        Inputs done: documents tagged and inputs that failed.
    resumed : int
        Inputs skipped because an interrupted run had done them.
    ignored_files : int
        Files in folders left out because of their ending (``ignored_example`` is one).
    """

    output: Path | None = None
    errors_path: Path | None = None
    documents: int = 0
    sentences: int = 0
    failed: int = 0
    errors: list[Failure] = field(default_factory=list)
    inputs: int = 0
    resumed: int = 0
    ignored_files: int = 0
    ignored_example: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0


# --- tagging in workers -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load(model: str | None, aliases: tuple[str, ...] = (), lexicon: tuple[str, ...] = ()) -> Tagger:
    from ..tagger import load

    return load(model, aliases=aliases, lexicon=lexicon)


def _compact(tags: list, why: bool = False) -> list[tuple]:
    """Tags as tuples without the sentence text: offsets, stance and its scores (a tuple in the model's
    stance order), speaker, name, score, canonical and the ``why`` as plain values (None without)."""
    return [
        (
            t.start,
            t.end,
            t.stance,
            tuple(t.stance_scores.values()),
            t.speaker,
            t.name,
            t.speaker_score,
            t.canonical,
            t.why.to_dict() if why and t.why is not None else None,
        )
        for t in tags
    ]


def _tag_with(tagger: Tagger, texts: list[str], why: bool = False) -> list[list[tuple] | str]:
    """Tags of each text as compact tuples (without the sentence text), or why tagging it failed."""
    try:
        return [_compact(tags, why) for tags in tagger.tag_texts(texts, why=why)]
    except Exception:  # one bad text must not lose the batch: tag one by one, report the culprit
        results: list[list[tuple] | str] = []
        for text in texts:
            try:
                results.append(_compact(tagger.tag(text, why=why), why))
            except Exception as err:
                results.append(f"{type(err).__name__}: {err}")
        return results


@lru_cache(maxsize=2)
def settle_process(splits: bool = True) -> None:
    """Import NLTK for splitting now, then exempt every object made so far from garbage collection (once per process).

    Importing NLTK makes some 130,000 objects that live until the process ends; without this, every
    full collection while tagging walks all of them again (about a tenth of a long run's time). Only
    for a process that runs nothing else (``tag_files(settle=True)``, as the ``stance`` program
    does): frozen objects are never collected, which a caller's program may not want.
    ``splits=False``: this process does not tag (its workers do), so NLTK is not imported here.
    """
    import gc

    if splits:
        from ..sentences import split

        split("Import. Punkt.")
    gc.collect()  # what is garbage now would never be freed once frozen
    gc.freeze()


def tag_pieces(
    model: str | None,
    texts: list[str],
    settle: bool = False,
    why: bool = False,
    aliases: tuple[str, ...] = (),
    lexicon: tuple[str, ...] = (),
) -> list[list[tuple] | str]:
    """The task a worker runs: load the tagger from ``model`` with the alias files ``aliases`` and the
    lexicon files ``lexicon`` (once per process) and tag ``texts`` (with ``why``: each tag's why too).

    ``settle``: the worker runs nothing else, so after loading the model it calls :func:`settle_process`.
    """
    tagger = _load(model, aliases, lexicon)
    if settle:
        settle_process()
    return _tag_with(tagger, texts, why)


# --- batches and engines ------------------------------------------------------------------------------


def _with_last(pieces: Iterable[tuple[int, str]]) -> Iterator[tuple[tuple[int, str], bool]]:
    iterator = iter(pieces)
    previous = next(iterator, None)
    if previous is None:
        yield (0, ""), True
        return
    for piece in iterator:
        yield previous, False
        previous = piece
    yield previous, True


def _batches(items: Iterable[Item], batch_size: int, batch_chars: int = BATCH_CHARS) -> Iterator[list[Entry]]:
    """Entries in order, grouped into batches of at most ``batch_size`` entries and about ``batch_chars``."""
    batch: list[Entry] = []
    chars = 0
    for item in items:
        if isinstance(item, Failure):
            batch.append(item)
        else:
            for index, ((offset, text), last) in enumerate(_with_last(item.pieces)):
                batch.append(_Slot(item, offset, text, index == 0, last))
                chars += len(text)
                if len(batch) >= batch_size or chars >= batch_chars:
                    yield batch
                    batch, chars = [], 0
            continue
        if len(batch) >= batch_size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _texts(batch: list[Entry]) -> list[str]:
    return [entry.text for entry in batch if isinstance(entry, _Slot)]


Results = Generator[tuple[list[Entry], list], None, None]


def _run_here(tagger: Tagger, batches: Iterable[list[Entry]], why: bool) -> Results:
    for batch in batches:
        yield batch, _tag_with(tagger, _texts(batch), why)


def _run_joblib(
    model: str | None,
    batches: Iterable[list[Entry]],
    jobs: int,
    settle: bool,
    why: bool,
    aliases: tuple[str, ...],
    lexicon: tuple[str, ...] = (),
) -> Results:
    from joblib import Parallel, delayed

    pending: deque[list[Entry]] = deque()

    def tasks() -> Iterator[Any]:
        for batch in batches:
            pending.append(batch)
            yield delayed(tag_pieces)(model, _texts(batch), settle, why, aliases, lexicon)

    parallel = Parallel(n_jobs=jobs, return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")
    for result in parallel(tasks()):
        yield pending.popleft(), result


def _run_dask(
    client: Any,
    model: str | None,
    batches: Iterable[list[Entry]],
    why: bool,
    aliases: tuple[str, ...],
    lexicon: tuple[str, ...] = (),
) -> Results:
    window = max(2, 2 * sum(client.nthreads().values()))
    futures: deque[tuple[list[Entry], Any]] = deque()
    try:
        for batch in batches:
            task = client.submit(tag_pieces, model, _texts(batch), False, why, aliases, lexicon, pure=False)
            futures.append((batch, task))
            if len(futures) >= window:
                done, future = futures.popleft()
                yield done, future.result()
        while futures:
            done, future = futures.popleft()
            yield done, future.result()
    finally:
        for _, future in futures:
            future.cancel()


def connect(scheduler: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for a scheduler address (or the client given); True when we opened it."""
    if not isinstance(scheduler, str):
        return scheduler, False
    distributed = require("distributed", "Running on a Dask cluster", "distributed", "dask")
    try:
        return distributed.Client(scheduler, timeout="10s", set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as err:
        raise StanceError(message("DASK_CONNECT", address=scheduler, reason=err)) from None


class _Engine:
    """Tags batches in order: here, in joblib processes or on a Dask cluster; closes what it opened.

    ``settle``: joblib workers run nothing else (see :func:`settle_process`); Dask workers are never settled.
    ``why``: rows carry each tag's why. ``aliases``, ``lexicon``: alias and lexicon files every worker loads
    with the model.
    """

    def __init__(
        self,
        model: Model,
        jobs: int = 1,
        scheduler: Any = None,
        settle: bool = False,
        why: bool = False,
        aliases: Iterable[str | os.PathLike[str]] = (),
        lexicon: Iterable[str | os.PathLike[str]] = (),
    ) -> None:
        from ..tagger import Tagger, _flag

        if isinstance(jobs, bool) or not isinstance(jobs, int):
            expected = "an integer: 1, 2, ... or -1 (all cores)"
            raise InputTypeError(message("WRONG_OBJECT", what="jobs", expected=expected, found=describe(jobs)))
        if jobs == 0 or jobs < -1:
            raise InputError(message("BAD_VALUE", name="jobs", value=jobs, expected="1, 2, ... or -1 (all cores)"))
        if not (model is None or isinstance(model, (str, os.PathLike, Tagger))):
            expected = "a model file path, a Tagger or None (the built-in model)"
            raise InputTypeError(message("WRONG_OBJECT", what="model", expected=expected, found=describe(model)))
        self.jobs, self.opened, self.settle, self.why = jobs, False, settle, _flag("why", why)
        self.aliases = _alias_paths(aliases)
        if self.aliases and isinstance(model, Tagger):
            expected = "none when model is a Tagger: load it with them (stance.load(path, aliases=...))"
            raise InputError(message("BAD_VALUE", name="aliases", value=repr(self.aliases[0]), expected=expected))
        self.lexicon = _alias_paths(lexicon, "lexicon")
        if self.lexicon and isinstance(model, Tagger):
            expected = "none when model is a Tagger: load it with them (stance.load(path, lexicon=...))"
            raise InputError(message("BAD_VALUE", name="lexicon", value=repr(self.lexicon[0]), expected=expected))
        self.client: Any = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.tagger: Tagger | None = None
        self.path: str | None = None
        if isinstance(model, Tagger):
            if jobs == 1 and scheduler is None:
                self.tagger = model
                return
            if scheduler is not None:
                raise InputError(message("TAGGER_ON_CLUSTER"))
            self.folder = tempfile.TemporaryDirectory(prefix="stance-")  # joblib workers load it from here
            self.path = str(Path(self.folder.name) / "model.npz")
            model.save(self.path)
        elif model is not None:
            self.path = os.path.realpath(model)
        if scheduler is not None:
            self.client, self.opened = connect(scheduler)
        elif jobs == 1:
            self.tagger = _load(self.path, self.aliases, self.lexicon)

    def stances(self) -> tuple[str, ...]:
        """The stances of the model, in its order (the ``stance_scores`` columns)."""
        if self.tagger is not None:
            return tuple(str(stance) for stance in self.tagger.classes_)
        from ..tagger import model_labels

        return model_labels(self.path)[0]

    def run(self, batches: Iterable[list[Entry]]) -> Results:
        if self.client is not None:
            return _run_dask(self.client, self.path, batches, self.why, self.aliases, self.lexicon)
        if self.tagger is not None:
            return _run_here(self.tagger, batches, self.why)
        return _run_joblib(self.path, batches, self.jobs, self.settle, self.why, self.aliases, self.lexicon)

    def close(self) -> None:
        if self.opened:
            self.client.close()
        if self.folder is not None:
            self.folder.cleanup()


Outcome = tuple[Entry, list[dict[str, Any]], Failure | None]


def _alias_paths(aliases: object, what: str = "aliases") -> tuple[str, ...]:
    """Alias (or lexicon) files as absolute paths (workers may run elsewhere): one path or an iterable of them."""
    kind = "an alias" if what == "aliases" else "a lexicon"
    if isinstance(aliases, (str, os.PathLike)):
        aliases = [aliases]
    if isinstance(aliases, bytes) or not isinstance(aliases, Iterable):
        expected = f"{kind} file path or a list of them"
        raise InputTypeError(message("WRONG_OBJECT", what=what, expected=expected, found=describe(aliases)))
    paths = []
    for item in aliases:
        if not isinstance(item, (str, os.PathLike)):
            expected = f"{kind.split()[-1]} file paths (str or Path)"
            raise InputTypeError(message("WRONG_OBJECT", what=what, expected=expected, found=describe(item)))
        paths.append(os.path.realpath(item))
    return tuple(paths)


class _Assembler:
    """Turns tagged pieces back into rows of whole documents (sentence numbers run on across pieces).

    ``stances`` are the model's (the keys of ``stance_scores``); ``keep`` the input fields copied into rows.
    """

    def __init__(self, stances: tuple[str, ...] = STANCES, keep: tuple[str, ...] = ()) -> None:
        self.sentence = 0
        self.stances = stances
        self.keep = keep

    def outcomes(self, batch: list[Entry], results: list) -> Iterator[Outcome]:
        """``(entry, rows, failure)`` for each entry of a tagged batch, in order."""
        pending = iter(results)
        for entry in batch:
            if isinstance(entry, Failure):
                yield entry, [], entry
                continue
            result, doc = next(pending), entry.doc
            if entry.first:
                self.sentence = 0
            if isinstance(result, str):
                where = f"{doc.source}:{doc.line}" if doc.line else doc.source or str(doc.id)
                problem = message("TAG_FAILED", path=where, reason=result)
                yield entry, [], Failure(doc.source, doc.line, str(doc.id), problem)
                continue
            rows = []
            first = self.sentence  # a why's carry-over source counts within the piece
            kept = {name: doc.fields.get(name) for name in self.keep}
            for start, end, stance, scores, speaker, name, speaker_score, canonical, why in result:
                row = {
                    "doc": doc.id,
                    "sentence": self.sentence,
                    "start": entry.offset + start,
                    "end": entry.offset + end,
                    "text": entry.text[start:end],
                    "stance": stance,
                    "stance_scores": dict(zip(self.stances, scores)),
                    "speaker": speaker,
                    "name": name,
                    "canonical": canonical,
                    "speaker_score": speaker_score,
                    **kept,
                }
                if why is not None:
                    source = why["speaker"]["source"]
                    why["speaker"]["source"] = source + first if source >= 0 else source
                    row["why"] = why
                rows.append(row)
                self.sentence += 1
            yield entry, rows, None


# --- Python: documents in, rows out -------------------------------------------------------------------


def tag_corpus(
    documents: Iterable[object],
    *,
    model: Model = None,
    jobs: int = 1,
    scheduler: Any = None,
    text_field: str = "text",
    id_field: str = "id",
    batch_size: int = BATCH_SIZE,
    piece_chars: int = PIECE_CHARS,
    why: bool = False,
    keep_fields: Iterable[str] | str = (),
    aliases: Iterable[str | os.PathLike[str]] = (),
    lexicon: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[dict[str, Any]]:
    """Tag documents lazily and yield one row per sentence, in document order.

    Parameters
    ----------
    documents : iterable
        ``str`` (its id is its position), ``(id, text)`` pairs, or mappings with ``text_field``
        and optionally ``id_field``. None counts as an empty text (no rows).
    model : path, Tagger or None
        The model file (default: the built-in model), or a tagger in memory.
    jobs : int
        Processes on this machine (joblib); -1 for all cores.
    scheduler : str or distributed.Client, optional
        Run on this Dask cluster instead.
    batch_size, piece_chars : int
        Pieces per batch; the longest piece a document is cut into.
    why : bool
        Also give each row its ``why`` (:meth:`stance.Why.to_dict`): what pushed the stance, which
        rule found the speaker.
    keep_fields : list of str, or str with commas
        Fields of mapping documents to copy into every row of the document (``["outlet", "date"]``).
    aliases : path or list of paths
        Speaker alias files (``alias,canonical,party``) to use on top of the model's.
    lexicon : path or list of paths
        Lexicon files (the columns of a table of :mod:`stance.lexicon`) to use on top of the model's.

    Yields
    ------
    dict
        ``doc, sentence, start, end, text, stance, stance_scores, speaker, name, canonical,
        speaker_score`` (see :data:`stance.batch.COLUMNS`), then the kept fields and ``why``;
        offsets are into the whole document.

    Raises
    ------
    InputError
        When a document is not text.
    """
    kept = field_names(keep_fields)
    options = ReadOptions(text_field=text_field, id_field=id_field, piece_chars=piece_chars, keep_fields=kept)
    _check_batch_size(batch_size)
    engine = _Engine(model, jobs, scheduler, why=why, aliases=aliases, lexicon=lexicon)
    assembler = _Assembler(engine.stances(), options.keep_fields)
    tagged = engine.run(_batches(as_documents(documents, options), batch_size))
    try:
        for batch, results in tagged:
            for _, rows, failure in assembler.outcomes(batch, results):
                if failure is not None:
                    raise StanceError(failure.message)
                yield from rows
    finally:
        tagged.close()
        engine.close()


def _paths(paths: object) -> list[str]:
    """The input paths as strings: one path, or an iterable of them (bytes as the file system gives them)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    expected = "a path or a list of paths (files, folders or -)"
    if not isinstance(paths, Iterable):
        raise InputTypeError(message("WRONG_OBJECT", what="paths", expected=expected, found=describe(paths)))
    found = list(paths)
    for path in found:
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise InputTypeError(
                message("WRONG_OBJECT", what="paths", expected=expected, found=f"an item {describe(path)}")
            )
    if not found:
        raise InputError(message("BAD_VALUE", name="paths", value="[]", expected=expected))
    return [os.fsdecode(path) for path in found]


def _output(output: object) -> Path | IO[str] | None:
    """The output: a file path, a text stream (anything with ``write``) or None for stdout."""
    if output is None or hasattr(output, "write"):
        return output  # type: ignore[return-value]
    if isinstance(output, (str, os.PathLike)):
        return Path(output)
    expected = "a path (str or Path), a text stream or None (stdout)"
    raise InputTypeError(message("WRONG_OBJECT", what="output", expected=expected, found=describe(output)))


def _check_batch_size(batch_size: int) -> None:
    check_int("batch_size", batch_size)


# --- files: the command line's twin -------------------------------------------------------------------


class _Progress:
    """A progress bar on stderr (documents, sentences/s, ETA by bytes read); nothing when off."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        self.start = time.monotonic()
        self.sentences = 0
        if not enabled:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        try:
            columns, lines = os.get_terminal_size(sys.stderr.fileno())
        except OSError:
            columns, lines = 0, 0
        self.bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            ncols=None if columns else 100,  # a terminal that does not tell its size gets 100 x 24
            nrows=None if lines else 24,
            dynamic_ncols=bool(columns),
            file=sys.stderr,
            desc="0 docs",
            bar_format="tagging {percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]" if total else None,
        )

    def update(self, nbytes: int, documents: int, sentences: int) -> None:
        self.sentences += sentences
        if self.bar is not None:
            rate = self.sentences / max(time.monotonic() - self.start, 1e-9)
            self.bar.set_description_str(f"{documents:,} docs, {rate:,.0f} sentences/s", refresh=False)
            self.bar.update(nbytes)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _progress_of(report: BatchReport) -> dict[str, int]:
    return {key: getattr(report, key) for key in ("inputs", "documents", "sentences", "failed")}


def tag_files(
    paths: Iterable[str | Path],
    output: str | Path | IO[str] | None = None,
    *,
    format: str | None = None,
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    model: Model = None,
    jobs: int = 1,
    scheduler: Any = None,
    resume: bool = False,
    errors: str | Path | None = None,
    progress: bool = False,
    on_error: Callable[[Failure], None] | None = None,
    on_rows: Callable[[list[dict[str, Any]]], object] | None = None,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = MAX_BYTES,
    piece_chars: int = PIECE_CHARS,
    settle: bool = False,
    why: bool = False,
    keep_fields: Iterable[str] | str = (),
    aliases: Iterable[str | os.PathLike[str]] = (),
    lexicon: Iterable[str | os.PathLike[str]] = (),
) -> BatchReport:
    """Tag files, folders and stdin into one row per sentence: ``stance tag`` as a function.

    Parameters
    ----------
    paths : iterable of path
        Text files (one document each), JSONL and CSV files (one document per record),
        folders (searched recursively in sorted order for ``.txt .text .md .jsonl .ndjson
        .csv .tsv``) and ``"-"`` for stdin.
    output : path or text stream, optional
        Where rows go (default: stdout). A file is written as ``OUT.partial`` and renamed
        when complete.
    format : {"jsonl", "csv", "tsv", "parquet", "xlsx", "table"}, optional
        Default: from the output's ending (an ending that names no format is refused); JSONL for a stream.
    input_format : {"auto", "text", "jsonl", "csv"}
        How named files and stdin are read; ``auto`` goes by ending (stdin: text).
    text_field, id_field : str
        The JSONL field / CSV column holding the text and the document id. Records
        without an id get ``FILE:LINE``.
    model : path, Tagger or None
        The model (default: the built-in one).
    jobs : int
        Processes on this machine (joblib); -1 for all cores.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (``tcp://host:8786``) or client to run on instead.
    resume : bool
        Continue the interrupted run that wrote ``output`` (from ``OUT.checkpoint``); when
        there is none, start from the beginning.
    errors : path, optional
        The errors file (JSONL: file, line, doc, message). Default: ``OUT`` with ending
        ``.errors.jsonl`` beside a file output; none for a stream. Written only when
        something failed.
    progress : bool
        Show a progress bar on stderr (needs tqdm).
    on_error : callable, optional
        Called with each :class:`~stance.batch.Failure` as it happens.
    on_rows : callable, optional
        Called with each batch of rows written.
    batch_size, max_bytes, piece_chars : int
        Pieces per batch; the largest document accepted (bytes); the longest piece a
        document is tagged in (characters).
    settle : bool
        This process and its joblib workers run nothing else, as in the ``stance`` program: import
        NLTK before the clock starts and exempt what exists from garbage collection in each
        (:func:`settle_process`; faster). Leave it off inside a program of your own.
    why : bool
        Add each row's ``why`` (``stance tag --why``): a nested object in JSONL, the ``why.stance``
        and ``why.speaker`` lines in CSV, TSV, Parquet and Excel, two more lines per row in a table.
    keep_fields : list of str, or str with commas
        Fields of JSONL and CSV records (``outlet``, ``date``, ``url``) to copy into every row of
        their document (``--keep-fields``); empty for text files and records without them.
    aliases : path or list of paths
        Speaker alias files (``alias,canonical,party``) to use on top of the model's (``--aliases``).
    lexicon : path or list of paths
        Lexicon files (the columns of a table of :mod:`stance.lexicon`, e.g. reporting verbs) to use on top
        of the model's (``--lexicon``).

    Returns
    -------
    BatchReport

    Raises
    ------
    InputError
        For invalid options (also: ``resume`` without an output file, or with other settings
        than the interrupted run; an output or errors file that is an input or each other; an
        output ending that names no format); :class:`~stance.errors.InputTypeError` for a wrong type.
    WriteError
        Before anything is tagged when an output cannot be made (a folder, no such folder, a
        device, no permission, a read-only file system); while tagging when writing fails (a full
        disk: the message names the partial files to resume from or delete).
    ReadError
        When resuming over partial files that are not what their checkpoint recorded.
    StanceError
        When the model cannot be loaded or an optional dependency is missing.

    Bad inputs raise nothing: each is a :class:`~stance.batch.Failure` in the errors file.
    """
    paths = _paths(paths)
    options = ReadOptions(input_format, text_field, id_field, max_bytes, piece_chars, field_names(keep_fields))
    _check_batch_size(batch_size)
    target = _output(output)
    if errors is not None and not isinstance(errors, (str, os.PathLike)):
        expected = "a path (str or Path) or None"
        raise InputTypeError(message("WRONG_OBJECT", what="errors", expected=expected, found=describe(errors)))
    for path, what in ((target, "-o"), (errors, "--errors")):
        if isinstance(path, (str, os.PathLike)):
            check_writable(Path(path), what)  # before anything else: a folder, or a folder that is not there
    if format is not None:
        check_choice("format", format, FORMATS)
    fmt = format or format_for(target if isinstance(target, Path) else None)
    if not isinstance(target, Path):
        if resume:
            raise InputError(message("NEEDS_OUTPUT", option="--resume (resume=True)"))
        if fmt in FILE_FORMATS:
            raise InputError(message("NEEDS_OUTPUT", option=f"--format {fmt} (format={fmt!r})"))
    for name, function in (("on_error", on_error), ("on_rows", on_rows)):
        if function is not None and not callable(function):
            expected = "a function or None"
            raise InputTypeError(message("WRONG_OBJECT", what=name, expected=expected, found=describe(function)))
    errors_target = Path(errors) if errors is not None else None
    if errors_target is None and isinstance(target, Path):
        errors_target = errors_path_for(target)
    check_paths(paths, target if isinstance(target, Path) else None, errors_target)
    from ..tagger import _flag

    settings = fingerprint(paths, options, fmt, model, errors_target)
    settings |= {"why": _flag("why", why), "keep_fields": list(options.keep_fields)}
    settings["aliases"] = list(_alias_paths(aliases))
    if lexicon:
        settings["lexicon"] = list(_alias_paths(lexicon, "lexicon"))
    exclude = own_files(target if isinstance(target, Path) else None, errors_target)
    if settle:  # after the checks above, so that a refused run ends at once
        settle_process(splits=jobs == 1 and scheduler is None)  # else the workers split, not this process
    started = time.monotonic()

    engine = _Engine(model, jobs, scheduler, settle, why, aliases, lexicon)
    layout = Layout(engine.stances(), options.keep_fields, why)
    outputs: Outputs | None = None
    tagged: Results | None = None
    progress_bar: _Progress | None = None
    try:
        outputs = Outputs(target, fmt, errors_target, settings, resume, layout)
        report = BatchReport(output=target if isinstance(target, Path) else None)
        if outputs.state is not None:
            for key in ("inputs", "documents", "sentences", "failed"):
                setattr(report, key, outputs.state[key])
            report.resumed = report.inputs
        outputs.save(_progress_of(report))
        stats = ReadStats()
        items = read_inputs(paths, options, skip=report.resumed, stats=stats, exclude=exclude)
        progress_bar = _Progress(progress, input_size(paths) if progress else None)
        skipped = 0  # bytes of inputs skipped on resume, counted as done in the progress bar
        assembler = _Assembler(layout.stances, layout.keep)
        doc_failed = False
        tagged = engine.run(_batches(items, batch_size))
        for batch, results in tagged:
            rows: list[dict[str, Any]] = []
            failures: list[Failure] = []
            nbytes = 0
            for entry, entry_rows, failure in assembler.outcomes(batch, results):
                rows.extend(entry_rows)
                if failure is not None:
                    failures.append(failure)
                if isinstance(entry, _Slot):
                    doc_failed = (doc_failed and not entry.first) or failure is not None
                if isinstance(entry, Failure) or entry.last:  # an input is done
                    report.inputs += 1
                    nbytes += entry.nbytes if isinstance(entry, Failure) else entry.doc.nbytes
                    report.documents += isinstance(entry, _Slot) and not doc_failed
            for row in rows:
                row["doc"] = str(row["doc"])
            outputs.write(rows, failures)
            report.sentences += len(rows)
            report.failed += len(failures)
            report.errors.extend(failures[: max(0, KEPT_ERRORS - len(report.errors))])
            if on_rows is not None and rows:
                on_rows(rows)
            if on_error is not None:
                for failure in failures:
                    on_error(failure)
            nbytes, skipped = nbytes + stats.skipped_bytes - skipped, stats.skipped_bytes
            progress_bar.update(nbytes, report.documents, len(rows))
            if isinstance(batch[-1], Failure) or batch[-1].last:
                outputs.save(_progress_of(report))
        report.ignored_files, report.ignored_example = stats.ignored_files, stats.ignored_example
        report.errors_path = outputs.finish(report.failed > 0)
        outputs = None
    finally:
        if tagged is not None:
            tagged.close()  # stops joblib or Dask work still under way
        if progress_bar is not None:
            progress_bar.close()
        if outputs is not None:
            outputs.close()
        engine.close()
    report.seconds = time.monotonic() - started
    return report
