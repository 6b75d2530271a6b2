"""Every user-facing error of ``stance``: one base class and one message catalogue.

Users catch :class:`StanceError`; the command line catches only that class. Each
message names what was wrong, where (file, line, field, argument) and the valid choices.

The classes sit on the standard bases that fit: a bad value is a ``ValueError``
(:class:`InputError`, :class:`LabelError`, :class:`ModelFileError`), a value of the wrong
type also a ``TypeError`` (:class:`InputTypeError`), a file that cannot be read or written
an ``OSError`` (:class:`ReadError`, :class:`WriteError`).
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Callable
from pathlib import Path


class Messages:
    """The catalogue of error messages (and the notes the command line prints). Format with ``str.format(**fields)``."""

    # --- files --------------------------------------------------------------------------------------
    FILE_NOT_FOUND = "{path}: no such file or folder"
    FILE_UNREADABLE = "{path}: cannot be read ({reason})"
    FILE_UNWRITABLE = "{path}: cannot be written ({reason}); {hint}"
    IS_A_FOLDER = "{path}: is a folder; give a file name for {what} (e.g. {example})"
    NOT_A_FILE = "{path}: not a regular file but a {kind}; give a file name for {what}{hint}"
    NO_PARENT = "{path}: the folder {folder} does not exist; create it first or choose another {what}"
    OLD_NOTES_LINE = (
        "{path}:{line}: a '---' line but no '{marker}' line: put that line below the notes to keep "
        "(an older stance eval ended them at '---'), or delete the file"
    )
    NOT_UTF8 = "{path}: not UTF-8 text (byte {offset}: {reason})"
    BAD_JSON = "{path}:{line}: not a JSON object ({reason})"
    # --- label files and records -----------------------------------------------------------------------
    MISSING_FIELD = "{path}:{line}: field '{field}' is missing; a record needs {fields}"
    UNKNOWN_FIELD = "{path}:{line}: field '{field}' is unknown; valid fields are {fields}"
    WRONG_TYPE = "{path}:{line}: field '{field}' must be {expected}, got {found}"
    BAD_LABEL = "{path}:{line}: field '{field}' has unknown value {value!r}; valid values are {choices}"
    NAME_FOR_AUTHOR = "{path}:{line}: field 'name' must be empty when speaker is 'author', got {value!r}"
    NAME_NOT_IN_TEXT = (
        "{path}:{line}: field 'name' {value!r} is not in the sentence's text; the name is the speaker as the "
        "sentence writes it ('he', 'the CFO'), or empty for a quote that continues without an attribution"
    )
    NO_ARTICLE = "{path}:{line}: field 'article': no article {article!r} in {folder}"
    BAD_OFFSETS = "{path}:{line}: fields 'start'/'end': {start}..{end} is not a span of {article} (length {length})"
    TEXT_MISMATCH = "{path}:{line}: field 'text' differs from {article}[{start}:{end}], which is {expected!r}"
    UNTRIMMED = "{path}:{line}: field 'text' starts or ends with whitespace; trim it and move the offsets"
    OUT_OF_ORDER = (
        "{path}:{line}: field 'start': {start} comes before the previous sentence's start {previous} in {article}"
    )
    ARTICLE_SPLIT = "{path}:{line}: field 'article': {article!r} appeared earlier and its sentences must be contiguous"
    OVERLAP = "{path}:{line}: field 'start': {start} overlaps the previous sentence, which ends at {previous_end}"
    GAP = "{path}:{line}: field 'start': text {article}[{gap_start}:{gap_end}] = {gap!r} is in no sentence"
    TAIL_GAP = (
        "{path}:{line}: {article}: text [{gap_start}:{gap_end}] = {gap!r} after the last sentence is in no sentence"
    )
    NOT_SAME_SENTENCES = (
        "the two label sets do not label the same sentences: {count} sentence(s) in only one of them, "
        "the first {article}[{start}:{end}]"
    )
    NO_RECORDS = "{path}: contains no label records"
    TAG_ROWS_AS_LABELS = (
        "{path}:{line}: these are `stance tag` rows, not labels; make a label file of them with "
        "`stance labels from-tags {path} -o labels.jsonl` (or .csv) and correct it"
    )
    NOT_RECORD = "record {index}: expected a mapping with fields {fields}, got {found}"
    ALIAS_FILE = "{path}:{line}: field '{field}': {reason}"
    OWN_LABELS_NEEDED = (
        "the {codebook} leaves out built-in stances or parties, so the built-in training labels do not fit it; "
        "give label files of your own that use its labels (stance train --codebook FILE LABELS...)"
    )
    CODEBOOK_FIELD = "{path}: codebook field '{field}' must be {expected}, got {found}"
    NO_LABEL = "{name!r} is no stance or party of the {codebook}; its labels are {choices}"
    # --- arguments of the Python API -------------------------------------------------------------------
    NOT_TEXT = "{what}: expected str, got {found}"
    NOT_TEXTS = "{what}: expected a list of str, item {index} is {found}"
    ONE_TEXT = "{what}: expected a list of str, got a single {found}; {hint}"
    WRONG_OBJECT = "{what}: expected {expected}, got {found}"
    BAD_VALUE = "{name}: {value} is not valid; expected {expected}"
    NO_SUCH_PARAM = "{name}: no such parameter; valid parameters are {choices}"
    NEEDS_Y = "fit(X) with sentences as str needs y, the stance of each sentence"
    Y_LENGTH = "y: X has {texts} sentences but y has {labels} labels; give one stance per sentence"
    NO_COLUMN_IN = "{what}: no column {column!r}; the columns are {columns}"
    NO_DOCUMENT = "doc: no document {doc!r} in this summary; its documents are {examples}"
    NOTHING_TO_PLOT = "plot: the summary holds no sentences; add tag rows first"
    NEEDS_OUTPUT = "{option} needs an output file (-o OUT; output= in Python)"
    TAGGER_ON_CLUSTER = "model: a Tagger in memory cannot go to a Dask cluster; save it and give its path"
    NOT_FITTED = "this Tagger is not fitted yet; call fit() or stance.train() first, or use stance.load()"
    ONE_CLASS = "the labels hold only one {field} value ({value!r}); training needs at least two"
    # --- model files ---------------------------------------------------------------------------------
    MODEL_NOT_NPZ = "{path}: not a stance model file ({reason})"
    MODEL_PICKLE = "{path}: refused: the file holds pickled Python objects, which stance never loads"
    MODEL_VERSION = (
        "{path}: model format {found} is not supported by this stance (format {expected}); "
        "retrain it with stance {expected_version}"
    )
    MODEL_CORRUPT = "{path}: model file is corrupt ({reason})"
    MODEL_TOO_LARGE = (
        "{path}: refused: member {member!r} unpacks to {size:,} bytes, over the limit of {limit:,} bytes "
        "a model member may take"
    )
    MODEL_MEMBERS = "{path}: not a stance model file (members {found}; a model has {expected})"
    MODEL_META = "{path}: its metadata must be {expected}, got {found}"
    MODEL_FIELD = "{path}: metadata field '{field}' must be {expected}, got {found}"
    MODEL_ARRAY = "{path}: array '{member}' must be {expected}, got {found}"
    LEXICON_HEADER = "{path}:{line}: header '{header}' is no lexicon table; the tables' columns are: {known}"
    LEXICON_VALUE = "{path}:{line}: field '{field}' has value {value!r}; valid values are {choices}"
    MODEL_LABELS = "{path}: model file is corrupt (its labels differ from this stance's: {field} {found})"
    # --- batch tagging (stance tag, stance summary): inputs -----------------------------------------------
    EMPTY_FILE = "{path}: empty file, nothing to tag"
    BLANK_FILE = "{path}: only whitespace, nothing to tag"
    BINARY_FILE = "{path}: binary file, not text (NUL byte at byte {offset})"
    TOO_LARGE = "{path}: {size} bytes, over the limit of {limit} bytes per document (raise it with --max-bytes)"
    NOT_A_STRING = "{path}:{line}: field '{field}' must be a string, got {found}"
    NO_TEXT_FIELD = "{path}:{line}: field '{field}' is missing (choose the text field with --text-field)"
    EMPTY_TEXT = "{path}:{line}: field '{field}' is empty, nothing to tag"
    SURROGATE = (
        "{path}:{line}: field '{field}' holds the lone surrogate escape {escape} at character {offset}, "
        "which is no character; fix the record"
    )
    NO_COLUMN = "{path}: no column '{field}' in the header (choose it with {option}); the columns are {columns}"
    CSV_FIELDS = "{path}:{line}: {found} fields, but the header has {expected}"
    BAD_CSV = "{path}:{line}: malformed CSV ({reason})"
    CSV_UNCLOSED = (
        "{path}:{line}: malformed CSV (a quoted field opened on line {line} is never closed; "
        "lines {line}-{end} are left out)"
    )
    CSV_BROKEN = (
        "{path}:{line}: malformed CSV (a quoted field of this record ends badly on line {end}: {reason}; "
        "lines {line}-{last} are left out and line {end} starts the next record)"
    )
    BAD_FILE_NAME = "{path}: the file name is not UTF-8 (shown with \\x escapes); rename the file to tag it"
    SYMLINK_LOOP = "{path}: a loop of symbolic links ({reason}); left out"
    NOT_REGULAR = "{path}: not a regular file but a {kind}; left out (pipe what it holds into `stance tag -`)"
    OUTPUT_IS_INPUT = "{path}: is also an input ({what}); choose another output file than {name} so the input is kept"
    ERRORS_IS_OUTPUT = "--errors {path}: is also the output file (-o); choose another errors file"
    TAG_FAILED = "{path}: tagging failed ({reason})"
    # --- batch tagging: outputs, resume --------------------------------------------------------------------
    UNKNOWN_OUTPUT = "{path}: unknown output ending {suffix!r}; valid endings are {choices} (or choose with --format)"
    WRITE_FAILED = "{path}: writing failed ({reason}); {hint}"
    STREAM_FAILED = (
        "{path}: writing failed ({reason}); what went there is incomplete: send it to a file on a disk with room "
        "(stance tag: -o OUT)"
    )
    TOO_MANY_ROWS = "{path}: an Excel sheet holds at most {limit:,} rows; write .csv or .parquet instead"
    RESUME_MISMATCH = (
        "cannot resume {path}: the interrupted run used other settings ({fields}); run again without --resume"
    )
    RESUME_CORRUPT = (
        "cannot resume {path}: {partial} {problem} (see {checkpoint}); run again without --resume to start over"
    )
    DASK_CONNECT = "cannot reach the Dask scheduler at {address} ({reason})"
    MISSING_EXTRA = "{feature} needs {package}; install it with: pip install 'stance[{extra}]'"
    NOT_TAG_ROWS = "{path}:{line}: not a row of `stance tag` output ({reason})"
    UNKNOWN_SUFFIX = "{path}: unknown file type {suffix!r}; valid types are {choices}"
    # --- the command line ------------------------------------------------------------------------------------
    CLI_EXCLUSIVE = "{option} cannot be combined with {other}; give one or the other"
    BAD_OPTION = "{option}: {reason}; give {choices}"
    NOTHING_TO_SUGGEST = "the corpus holds no sentence that is not labelled already; give other documents"
    TRAIN_OUTPUT = "stance train needs -o MODEL (or --default to rebuild the built-in model)"
    MORE_ERRORS = "... and {count:,} more, all in {path}"
    INTERRUPTED = "interrupted{hint}"
    # --- notes (not errors) ------------------------------------------------------------------------------------
    LEFT_OUT = (
        "note: left out {files} in folders whose ending is not one of {endings} (e.g. {example}); name them to tag them"
    )
    SUMMARY_OF_THIS_RUN = (
        "note: the summary covers only the inputs tagged in this run, not the {inputs} done before --resume "
        "({format} output is not read back)"
    )


class StanceError(Exception):
    """Base class of every error ``stance`` raises on purpose."""


class InputError(StanceError, ValueError):
    """An argument or option has a value that is not valid (or options that do not go together)."""


class InputTypeError(InputError, TypeError):
    """An argument has the wrong type (a number where a path or a list of texts belongs)."""


class LabelError(StanceError, ValueError):
    """A label file, label record or alias file is wrong."""


class LexiconError(StanceError, ValueError):
    """A lexicon file (reporting verbs, party words, cue words, ...) is wrong."""


class ModelFileError(StanceError, ValueError):
    """A model file cannot be loaded: not a model, corrupt, unsafe, too large or from another version."""


class NotFittedError(StanceError, ValueError):
    """The tagger is used before it was fitted."""


class MissingExtraError(StanceError, ImportError):
    """An optional extra (``stance[encoder]``, ``stance[parquet]``, ...) is needed but not installed."""


class ReadError(StanceError, OSError):
    """A file cannot be read, or is not what it should be (``stance tag`` output, a partial file to resume)."""


class WriteError(StanceError, OSError):
    """An output cannot be written: a missing or read-only folder, no permission, a full disk."""


def message(key: str, **fields: object) -> str:
    """Format the catalogue entry ``key`` with ``fields``."""
    return str(getattr(Messages, key)).format(**fields)


_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40
_SHORT.maxlevel = 2


def describe(value: object) -> str:
    """A value as messages show it: ``None``, ``int 123``, ``str 'a text…'`` (short, never ``NoneType``)."""
    if value is None:
        return "None"
    return f"{type(value).__name__} {_SHORT.repr(value)}"


def kind(value: object) -> str:
    """The type of a value as messages name it: ``None``, ``int``, ``str``."""
    return "None" if value is None else type(value).__name__


def json_reason(err: json.JSONDecodeError) -> str:
    """What is wrong with one line of JSON, and where in that line: ``Expecting value, column 5``."""
    return f"{err.msg.removesuffix(' at')}, column {err.colno}"


def os_reason(err: OSError) -> str:
    """Why an operating system call failed, as messages say it: ``Permission denied``."""
    return err.strerror or str(err)


def write_atomically(path: Path, write: Callable[[Path], object], hint: str) -> None:
    """``write(temporary)`` then rename it to ``path``, so that ``path`` is whole or untouched; a failure
    removes the temporary file and is a :class:`WriteError` naming ``path``, its reason and ``hint``."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        write(temporary)
        temporary.replace(path)
    except OSError as err:
        if temporary.is_file():
            temporary.unlink()
        raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None


def check_int(name: str, value: object, minimum: int = 1) -> int:
    """``value`` when it is an integer >= ``minimum`` (not a bool); else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(
            message("WRONG_OBJECT", what=name, expected=f"an integer >= {minimum}", found=describe(value))
        )
    if value < minimum:
        raise InputError(message("BAD_VALUE", name=name, value=value, expected=f"an integer >= {minimum}"))
    return value


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """``value`` when it is one of ``choices``; else an error naming ``name`` and the choices."""
    if not isinstance(value, str) or value not in choices:
        raise InputError(message("BAD_VALUE", name=name, value=repr(value), expected=f"one of {', '.join(choices)}"))
    return value
