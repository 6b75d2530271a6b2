"""stance: who says what in news articles, sentence by sentence.

>>> import stance
>>> tagger = stance.load()
>>> [(t.speaker, t.stance) for t in tagger.tag("Nvidia denied the chips have backdoors, a spokesperson said.")]
[('nvidia', 'denial')]
"""

from .batch import BatchReport, read_rows, tag_corpus, tag_files
from .codebook import Codebook, read_codebook
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
from .evaluate import Evaluation, evaluate
from .explain import Why
from .frames import tag_dask, tag_dataframe
from .labels import (
    PARTIES,
    STANCES,
    Agreement,
    Record,
    agreement,
    check_labels,
    labels_from_tags,
    read_labels,
    write_labels,
)
from .sentences import split
from .suggest import Suggestion, suggest
from .summary import Summary, summarize
from .tagger import Scores, Tag, Tagger, load, train
from .version import __version__

__all__ = [
    "__version__",
    "Agreement",
    "agreement",
    "BatchReport",
    "check_labels",
    "Codebook",
    "evaluate",
    "Evaluation",
    "InputError",
    "InputTypeError",
    "LabelError",
    "labels_from_tags",
    "LexiconError",
    "load",
    "MissingExtraError",
    "ModelFileError",
    "NotFittedError",
    "PARTIES",
    "read_codebook",
    "read_labels",
    "read_rows",
    "ReadError",
    "Record",
    "Scores",
    "split",
    "StanceError",
    "STANCES",
    "suggest",
    "Suggestion",
    "summarize",
    "Summary",
    "Tag",
    "tag_corpus",
    "tag_dask",
    "tag_dataframe",
    "tag_files",
    "Tagger",
    "train",
    "Why",
    "write_labels",
    "WriteError",
]
