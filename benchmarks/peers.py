"""What a user would otherwise pick, each behind one small function.

A stance classifier peer is built by ``build(name, texts, labels)`` and trained on
the same labelled sentences as ``stance``. It predicts the stance only (none of
them attributes speakers). Optional peers (spaCy, fastText) are skipped with a
note when their package is missing or fails.

Two peers are not classifiers: NLTK Punkt's ``span_tokenize`` alone on the
articles (what splitting costs without tagging), and the floor, one compiled
regular expression that tokenises each sentence and nothing else.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Peer:
    """A trained peer classifier: batch prediction, one-sentence prediction and its training time."""

    name: str
    description: str
    predict_batch: Callable[[Sequence[str]], object]
    predict_one: Callable[[str], object]
    train_seconds: float


class Skipped(Exception):
    """A peer cannot run here; the message says why."""


#: Scikit-learn's default ``token_pattern`` (CountVectorizer, TfidfVectorizer, HashingVectorizer).
SKLEARN_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def regex_floor() -> Callable[[Sequence[str]], object]:
    """The floor: ``pattern.findall(s.lower())`` for each sentence, with scikit-learn's default token pattern."""
    findall = re.compile(SKLEARN_TOKEN_PATTERN).findall

    def run(sentences: Sequence[str]) -> list[list[str]]:
        return [findall(s.lower()) for s in sentences]

    return run


def punkt() -> Callable[[str], list[tuple[int, int]]]:
    """NLTK Punkt's ``span_tokenize`` alone, untrained (``nltk.download`` is not needed), on a whole text."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tokenizer = PunktSentenceTokenizer()

    def run(text: str) -> list[tuple[int, int]]:
        return list(tokenizer.span_tokenize(text))

    return run


def _pipeline(name: str, title: str, steps: tuple, texts: Sequence[str], labels: Sequence[str]) -> Peer:
    """A scikit-learn pipeline of ``steps`` trained on the labels, timed, as a peer."""
    from sklearn.pipeline import make_pipeline

    start = time.perf_counter()
    pipeline = make_pipeline(*steps).fit(list(texts), list(labels))
    seconds = time.perf_counter() - start
    return Peer(name, title, pipeline.predict, lambda s: pipeline.predict([s]), seconds)


def tfidf_lr(texts: Sequence[str], labels: Sequence[str]) -> Peer:
    """``make_pipeline(TfidfVectorizer(), LogisticRegression())``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    steps = (TfidfVectorizer(), LogisticRegression(max_iter=1000))
    return _pipeline("tfidf-lr", "make_pipeline(TfidfVectorizer(), LogisticRegression())", steps, texts, labels)


def hashing_sgd(texts: Sequence[str], labels: Sequence[str]) -> Peer:
    """``make_pipeline(HashingVectorizer(), SGDClassifier())``."""
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import SGDClassifier

    steps = (HashingVectorizer(), SGDClassifier(random_state=0))
    return _pipeline("hashing-sgd", "make_pipeline(HashingVectorizer(), SGDClassifier())", steps, texts, labels)


def spacy_bow(texts: Sequence[str], labels: Sequence[str], epochs: int = 10) -> Peer:
    """spaCy's bag-of-words ``textcat`` on ``spacy.blank("en")`` (no downloaded model)."""
    try:
        import spacy
        from spacy.training import Example
        from spacy.util import minibatch
    except ImportError as err:
        raise Skipped(f"spaCy is not installed ({err}); pip install '.[bench]'") from None
    import random

    start = time.perf_counter()
    nlp = spacy.blank("en")
    architectures = spacy.util.registry.architectures.get_all()
    version = next((v for v in ("spacy.TextCatBOW.v3", "spacy.TextCatBOW.v2") if v in architectures), None)
    if version is None:
        raise Skipped(f"spaCy {spacy.__version__} has no TextCatBOW architecture")
    model = {"@architectures": version, "exclusive_classes": True, "ngram_size": 1, "no_output_layer": False}
    textcat = nlp.add_pipe("textcat", config={"model": model})
    classes = sorted(set(labels))
    for name in classes:
        textcat.add_label(name)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {c: float(c == label) for c in classes}})
        for text, label in zip(texts, labels)
    ]
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(0)
    for _ in range(epochs):
        shuffle.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer)
    seconds = time.perf_counter() - start

    def predict_batch(sentences: Sequence[str]) -> list[str]:
        return [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(sentences, batch_size=1000)]

    def predict_one(sentence: str) -> str:
        cats = nlp(sentence).cats
        return max(cats, key=cats.get)

    return Peer(
        "spacy-bow",
        f'spacy.blank("en") + textcat {version} (unigrams, {epochs} epochs)',
        predict_batch,
        predict_one,
        seconds,
    )


def fasttext_supervised(texts: Sequence[str], labels: Sequence[str], epochs: int = 25) -> Peer:
    """fastText supervised (the ``fasttext-wheel`` package), one thread, trained from a ``__label__`` file."""
    try:
        import fasttext
    except ImportError as err:
        raise Skipped(f"fastText is not installed ({err}); pip install '.[bench]' (fasttext-wheel)") from None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.txt"
        path.write_text(
            "".join(f"__label__{label} {' '.join(text.split())}\n" for text, label in zip(texts, labels)),
            encoding="utf-8",
        )
        start = time.perf_counter()
        model = fasttext.train_supervised(input=str(path), epoch=epochs, lr=0.5, thread=1, verbose=0)
        seconds = time.perf_counter() - start
    probe = model.predict(["a test sentence"])
    if probe[1][0][0] != probe[1][0][0]:  # NaN: the failure the source build shows
        raise Skipped("fastText training produced NaN scores")

    def predict_batch(sentences: Sequence[str]) -> object:
        return model.predict(list(sentences))

    def predict_one(sentence: str) -> object:
        # model.predict(str) fails under numpy 2 (np.array(..., copy=False)); the list form works.
        return model.predict([sentence])

    return Peer(
        "fasttext",
        f"fasttext.train_supervised(epoch={epochs}, lr=0.5, thread=1), predict(list)",
        predict_batch,
        predict_one,
        seconds,
    )


#: Classifier peers in the order they are reported; the optional ones may raise :class:`Skipped`.
CLASSIFIERS: dict[str, Callable[[Sequence[str], Sequence[str]], Peer]] = {
    "tfidf-lr": tfidf_lr,
    "hashing-sgd": hashing_sgd,
    "spacy-bow": spacy_bow,
    "fasttext": fasttext_supervised,
}
OPTIONAL = ("spacy-bow", "fasttext")
#: Every peer name ``--peers`` accepts.
ALL = (*CLASSIFIERS, "punkt", "regex-floor")


def build(name: str, texts: Sequence[str], labels: Sequence[str]) -> Peer:
    """Train the classifier peer ``name``; raises :class:`Skipped` when it cannot run here."""
    try:
        return CLASSIFIERS[name](texts, labels)
    except Skipped:
        raise
    except Exception as err:  # an optional extra failing must not stop the benchmark
        if name in OPTIONAL:
            raise Skipped(f"{name} failed: {type(err).__name__}: {err}") from None
        raise
