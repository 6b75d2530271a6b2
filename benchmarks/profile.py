"""``python -m benchmarks.profile``: where the hot paths spend their time, function by function.

Profiles ``Tagger.tag_sentences`` on generated sentences (in batches, as the benchmark
calls it) and ``Tagger.tag`` on generated articles, with cProfile, and prints the
functions with the most time of their own and the most time including callees. With
``--pyinstrument`` (``pip install pyinstrument``) it prints pyinstrument's call tree instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from collections.abc import Callable, Sequence

from . import corpus


def _cprofile(run: Callable[[], object], top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _pyinstrument(run: Callable[[], object]) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    run()
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000, help="sentences for tag_sentences")
    parser.add_argument("--batch-size", type=int, default=1_000, help="sentences per tag_sentences call")
    parser.add_argument("--articles", type=int, default=200, help="articles for tag")
    parser.add_argument("--only", choices=("tag_sentences", "tag"), help="profile one path")
    parser.add_argument("--top", type=int, default=30, help="functions to list")
    parser.add_argument("--pyinstrument", action="store_true", help="print pyinstrument's call tree")
    args = parser.parse_args(argv)

    import stance

    tagger = stance.load()
    tagger.tag("Warm-up: Nvidia denied it, a spokesperson said.")
    sentences = corpus.sentences(args.sentences)
    batches = [sentences[i : i + args.batch_size] for i in range(0, len(sentences), args.batch_size)]
    texts = corpus.articles(args.articles, seed=1)
    tagger.tag_sentences(batches[0])
    paths = {
        "tag_sentences": (
            f"tag_sentences: {len(sentences):,} sentences in batches of {args.batch_size:,}",
            lambda: [tagger.tag_sentences(b) for b in batches],
        ),
        "tag": (f"tag: {len(texts):,} articles", lambda: [tagger.tag(t) for t in texts]),
    }
    for name, (title, run) in paths.items():
        if args.only and name != args.only:
            continue
        print(f"=== {title}")
        print(_pyinstrument(run) if args.pyinstrument else _cprofile(run, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
