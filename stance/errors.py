"""Every user-facing error of ``stance``: one base class and one message catalogue.

Users catch :class:`StanceError`; the command line catches only that class. Each
message names what was wrong, where (file, line, field) and the valid choices.
"""

from __future__ import annotations


class Messages:
    """The catalogue of error messages. Format with ``str.format(**fields)``."""

    FILE_NOT_FOUND = "{path}: no such file or folder"
    FILE_UNREADABLE = "{path}: cannot be read ({reason})"
    FILE_UNWRITABLE = "{path}: cannot be written ({reason})"
    OLD_NOTES_LINE = (
        "{path}:{line}: a '---' line but no '{marker}' line: put that line below the notes to keep "
        "(an older stance eval ended them at '---'), or delete the file"
    )
    NOT_UTF8 = "{path}: not UTF-8 text (byte {offset}: {reason})"
    BAD_JSON = "{path}:{line}: not a JSON object ({reason})"
    MISSING_FIELD = "{path}:{line}: field '{field}' is missing; a record needs {fields}"
    UNKNOWN_FIELD = "{path}:{line}: field '{field}' is unknown; valid fields are {fields}"
    WRONG_TYPE = "{path}:{line}: field '{field}' must be {expected}, got {found!r}"
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
    NOT_RECORD = "record {index}: expected a mapping with fields {fields}, got {found}"
    NOT_TEXT = "{what}: expected str, got {found}"
    NOT_TEXTS = "{what}: expected a list of str, item {index} is {found}"
    NOT_FITTED = "this Tagger is not fitted yet; call fit() or stance.train() first, or use stance.load()"
    ONE_CLASS = "the labels hold only one {field} value ({value!r}); training needs at least two"
    MODEL_NOT_NPZ = "{path}: not a stance model file ({reason})"
    MODEL_PICKLE = "{path}: refused: the file holds pickled Python objects, which stance never loads"
    MODEL_VERSION = (
        "{path}: model format {found} is not supported by this stance (format {expected}); "
        "retrain it with stance {expected_version}"
    )
    MODEL_CORRUPT = "{path}: model file is corrupt ({reason})"
    LEXICON_HEADER = "{path}:{line}: header '{header}' is no lexicon table; the tables' columns are: {known}"
    LEXICON_VALUE = "{path}:{line}: field '{field}' has value {value!r}; valid values are {choices}"
    ALIAS_FILE = "{path}:{line}: field '{field}': {reason}"
    BAD_OPTION = "option {option}: {reason}; valid choices are {choices}"
    # batch tagging (stance tag, stance summary)
    EMPTY_FILE = "{path}: empty file, nothing to tag"
    BLANK_FILE = "{path}: only whitespace, nothing to tag"
    BINARY_FILE = "{path}: binary file, not text (NUL byte at byte {offset})"
    TOO_LARGE = "{path}: {size} bytes, over the limit of {limit} bytes per document (raise it with --max-bytes)"
    NOT_A_STRING = "{path}:{line}: field '{field}' must be a string, got {found}"
    NO_TEXT_FIELD = "{path}:{line}: field '{field}' is missing (choose the text field with --text-field)"
    EMPTY_TEXT = "{path}:{line}: field '{field}' is empty, nothing to tag"
    NO_COLUMN = "{path}: no column '{field}' in the header (choose it with {option}); the columns are {columns}"
    CSV_FIELDS = "{path}:{line}: {found} fields, but the header has {expected}"
    BAD_CSV = "{path}:{line}: malformed CSV ({reason})"
    TAG_FAILED = "{path}: tagging failed ({reason})"
    MISSING_EXTRA = "{feature} needs {package}; install it with: pip install 'stance[{extra}]'"
    NEEDS_OUTPUT = "option {option} needs an output file (-o OUT)"
    RESUME_MISMATCH = (
        "cannot resume {path}: the interrupted run used other settings ({fields}); run again without --resume"
    )
    DASK_CONNECT = "cannot reach the Dask scheduler at {address} ({reason})"
    NOT_TAG_ROWS = "{path}:{line}: not a row of `stance tag` output ({reason})"
    UNKNOWN_SUFFIX = "{path}: unknown file type {suffix!r}; valid types are {choices}"
    WRONG_OBJECT = "{what}: expected {expected}, got {found}"


class StanceError(Exception):
    """Base class of every error ``stance`` raises on purpose."""


class LabelError(StanceError, ValueError):
    """A label file or label record is wrong."""


class LexiconError(StanceError, ValueError):
    """A lexicon file (reporting verbs, party words, cue words, ...) is wrong."""


class InputError(StanceError, TypeError):
    """An argument has the wrong type or value."""


class ModelFileError(StanceError, ValueError):
    """A model file cannot be loaded: not a model, corrupt, unsafe or from another version."""


class NotFittedError(StanceError, ValueError):
    """The tagger is used before it was fitted."""


class MissingExtraError(StanceError, ImportError):
    """An optional extra (``stance[encoder]``, ``stance[parquet]``, ...) is needed but not installed."""


class ReadError(StanceError, OSError):
    """An input file cannot be read."""


def message(key: str, **fields: object) -> str:
    """Format the catalogue entry ``key`` with ``fields``."""
    return getattr(Messages, key).format(**fields)
