"""stance: who says what in news articles, sentence by sentence.

>>> import stance
>>> tagger = stance.load()
>>> [(t.speaker, t.stance) for t in tagger.tag("Nvidia denied the chips have backdoors, a spokesperson said.")]
[('nvidia', 'denial')]
"""

from .batch import BatchReport, read_rows, tag_corpus, tag_files
from .errors import (
    InputError,
    InputTypeError,
    LabelError,
    LexiconError,
    MissingExtraError,
    ModelFileError,
    NotFittedError,
    ReadError,
    StanceError,
    WriteError,
)
from .evaluate import evaluate
from .frames import tag_dask, tag_dataframe
from .labels import PARTIES, STANCES, Agreement, Record, agreement, check_labels, read_labels
from .sentences import split
from .summary import Summary, summarize
from .tagger import Scores, Tag, Tagger, load, train
from .version import __version__

__all__ = [
    "__version__",
    "Agreement",
    "agreement",
    "BatchReport",
    "check_labels",
    "evaluate",
    "InputError",
    "InputTypeError",
    "LabelError",
    "LexiconError",
    "load",
    "MissingExtraError",
    "ModelFileError",
    "NotFittedError",
    "PARTIES",
    "read_labels",
    "read_rows",
    "ReadError",
    "Record",
    "Scores",
    "split",
    "StanceError",
    "STANCES",
    "summarize",
    "Summary",
    "Tag",
    "tag_corpus",
    "tag_dask",
    "tag_dataframe",
    "tag_files",
    "Tagger",
    "train",
    "WriteError",
]
