"""``python -m benchmarks.attribution``: the speaker attribution stage alone, in µs per sentence.

Times ``Tagger._attribute`` (candidate finding, choosing and carry-over for every sentence of each
text: the stage :mod:`stance.speakers` implements) on real sentences grouped by article: the labelled
seed articles and the ``labels/news/train`` texts. The sentences are analysed once beforehand, so the
figure holds only attribution. Two figures per corpus, best of ``--repeat`` runs:

- ``cold``: the phrase memo of the speaker rules emptied before each run (a new process's first text);
- ``warm``: the memo as the run before left it (a long-running tagger meeting the same speakers again).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from . import corpus


def _corpora() -> dict[str, tuple[list[str], list[object]]]:
    """Sentences and their article of each corpus."""
    from stance.labels import as_records

    from .corpus import ROOT

    seeds = corpus.seed_articles()
    seed_texts = [s.text for article in seeds for s in article]
    seed_groups: list[object] = [i for i, article in enumerate(seeds) for _ in article]
    records = as_records(str(ROOT / "labels" / "news" / "train"))
    return {
        "seed articles": (seed_texts, seed_groups),
        "news/train": ([r.text for r in records], [r.article for r in records]),
    }


def measure(repeat: int = 5) -> list[tuple[str, int, int, float, float]]:
    """(corpus, texts, sentences, cold µs/sentence, warm µs/sentence) of the built-in model's attribution."""
    import stance
    from stance.model import analyse

    tagger = stance.load()
    names = tagger._attributor().names
    rows = []
    for name, (texts, groups) in _corpora().items():
        batch = analyse(tagger.vocabulary_, texts)
        timings: dict[str, float] = {}
        for mode in ("cold", "warm"):
            best = float("inf")
            for _ in range(repeat):
                if mode == "cold":
                    names.memo.clear()
                start = time.perf_counter()
                tagger._attribute(batch, groups)
                best = min(best, time.perf_counter() - start)
            timings[mode] = best / len(texts) * 1e6
        rows.append((name, len(set(groups)), len(texts), timings["cold"], timings["warm"]))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attribution", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best counts (default 5)")
    args = parser.parse_args(argv)
    print(f"{'corpus':16s} {'texts':>6s} {'sentences':>10s} {'cold µs/sent':>13s} {'warm µs/sent':>13s}")
    for name, n_texts, n_sentences, cold, warm in measure(max(1, args.repeat)):
        print(f"{name:16s} {n_texts:6d} {n_sentences:10d} {cold:13.1f} {warm:13.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
