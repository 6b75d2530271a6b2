"""stance: who says what in news articles, sentence by sentence."""

from .errors import InputError, LabelError, ModelFileError, NotFittedError, ReadError, StanceError
from .labels import PARTIES, STANCES, Record, check_labels, read_labels

__version__ = "0.1.0"

__all__ = [
    "PARTIES",
    "STANCES",
    "InputError",
    "LabelError",
    "ModelFileError",
    "NotFittedError",
    "ReadError",
    "Record",
    "StanceError",
    "__version__",
    "check_labels",
    "read_labels",
]
