"""stance: who says what in news articles, sentence by sentence.

>>> import stance
>>> tagger = stance.load()
>>> [(t.speaker, t.stance) for t in tagger.tag("Nvidia denied the chips have backdoors, a spokesperson said.")]
[('nvidia', 'denial')]
"""

from .errors import InputError, LabelError, ModelFileError, NotFittedError, ReadError, StanceError
from .evaluate import evaluate
from .labels import PARTIES, STANCES, Record, check_labels, read_labels
from .sentences import split
from .tagger import Scores, Tag, Tagger, load, train
from .version import __version__

__all__ = [
    "__version__",
    "check_labels",
    "evaluate",
    "InputError",
    "LabelError",
    "load",
    "ModelFileError",
    "NotFittedError",
    "PARTIES",
    "read_labels",
    "ReadError",
    "Record",
    "Scores",
    "split",
    "StanceError",
    "STANCES",
    "Tag",
    "Tagger",
    "train",
]
