"""``python -m benchmarks.profile``: where the hot paths spend their time, function by function.

Profiles ``Tagger.tag_sentences`` on generated sentences (in batches, as the benchmark
calls it) and ``Tagger.tag`` on generated articles, with cProfile, and prints the
functions with the most time of their own and the most time including callees. With
``--pyinstrument`` (``pip install pyinstrument``) it prints pyinstrument's call tree instead.
With ``--stages`` it times each stage of ``tag_sentences`` on its own instead (µs per
sentence, best of three, against the regex floor), which calls the package's internals.
One row under the speaker rules replays only the regex searches the rules made (recorded in one
more run, then called again in a loop, less the loop's own cost measured with a do-nothing call):
roughly the least that any version of the rules keeping these searches can cost, in whatever
language the rest is written. It is a rough floor: the replay meets a phrase memo as warm as the
timed runs left it and searches back to back, which is kinder than the real run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import sys
from collections import deque
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


_SEARCHES = frozenset(("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"))


class _Recorder:
    """Stands in for a compiled pattern and writes down every search made with it."""

    def __init__(self, pattern: re.Pattern[str], calls: list) -> None:
        self.compiled, self.calls = pattern, calls

    def __getattr__(self, name: str) -> object:
        method = getattr(self.compiled, name)
        if name not in _SEARCHES:
            return method

        def call(*args: object, **kwargs: object) -> object:
            self.calls.append((name, method, args, kwargs))
            return method(*args, **kwargs)

        return call


def _regex_calls(tagger, analysed: list) -> list:
    """The regex searches of one more attribution of ``analysed`` (name, bound method, args, kwargs).

    The compiled patterns of the speaker rules (:class:`stance.speakers.Rules`) and of the alias table
    are swapped for recorders for that one run, then put back. The phrase memo is as warm as in the
    timed runs before it.
    """
    import dataclasses

    calls: list = []
    names = tagger._attributor().names
    rules, table, original_table = names.rules, names.table, names.table.pattern
    swapped = {}
    for field in dataclasses.fields(rules):
        value = getattr(rules, field.name)
        if isinstance(value, re.Pattern):
            swapped[field.name] = _Recorder(value, calls)
        elif isinstance(value, dict) and value and all(isinstance(v, re.Pattern) for v in value.values()):
            swapped[field.name] = {key: _Recorder(v, calls) for key, v in value.items()}
    swapped["party_words"] = tuple((party, _Recorder(pattern, calls)) for party, pattern in rules.party_words)
    try:
        names.rules = dataclasses.replace(rules, **swapped)
        table.pattern = _Recorder(table.pattern, calls)
        for batch in analysed:
            tagger._attribute(batch, [None] * batch.n)
    finally:
        names.rules = rules
        table.pattern = original_table
    return calls


def _replay(calls: list, searching: bool = True) -> None:
    """Make the recorded calls again (all of ``finditer``'s matches, in C); with ``searching=False``
    a do-nothing call in their place, which leaves the loop's own cost."""
    for name, method, args, kwargs in calls:
        if searching:
            result = method(*args, **kwargs)
            if name == "finditer":
                deque(result, maxlen=0)
        else:
            _nothing(*args, **kwargs)


def _nothing(*args: object, **kwargs: object) -> None:
    return None


def _stages(tagger, batches: list[Sequence[str]]) -> str:
    """µs per sentence of each stage of ``tag_sentences`` (run one after another on every batch).

    The stages are those of ``Tagger.predict_scores``, then ``_attach``; each stage is fed what the
    stage before it returned in its timed runs.
    """
    import time

    from stance import model
    from stance.tagger import Scores

    from . import peers

    lines = [f"{'stage':34s} {'µs/sentence':>12s}"]
    n = sum(len(b) for b in batches)

    def best_of_three(run: Callable[[], object]) -> tuple[float, object]:
        seconds = []
        for _ in range(3):
            start = time.perf_counter()
            out = run()
            seconds.append(time.perf_counter() - start)
        return min(seconds), out

    def timed(name: str, run: Callable[[], list], less: Callable[[], object] | None = None) -> list:
        """Best of three runs of ``run`` (a row of the table), less the best of three of ``less``;
        what its last run returned."""
        seconds, out = best_of_three(run)
        if less is not None:
            seconds -= best_of_three(less)[0]
        lines.append(f"{name:34s} {seconds / n * 1e6:12.2f}")
        return out

    floor = peers.regex_floor()
    vocabulary = tagger.vocabulary_
    # The floor's output feeds nothing, so each batch's is dropped at once, as in the benchmark (the stages'
    # outputs are kept: the next stage needs them).
    timed("regex floor (for scale)", lambda: [floor(b) and None for b in batches])
    analysed = timed("analyse (tokens, cues, shapes)", lambda: [model.analyse(vocabulary, b) for b in batches])
    attributions = timed("attribute (speaker rules)", lambda: [tagger._attribute(a, [None] * a.n) for a in analysed])
    calls = _regex_calls(tagger, analysed)
    timed(f"  its {len(calls):,} regex searches alone", lambda: _replay(calls), lambda: _replay(calls, False))
    pairs = list(zip(analysed, attributions))
    features = timed(
        "stance features",
        lambda: [model.stance_features(vocabulary, a, r, None, tagger.cue_weight) for a, r in pairs],
    )
    stance_scores = timed("stance scores", lambda: [tagger.stance_model_.proba(f) for f in features])
    speaker_features = timed("speaker features", lambda: [model.speaker_features(a, r) for a, r in pairs])
    speaker_scores = timed("speaker scores", lambda: [tagger.speaker_model_.proba(f) for f in speaker_features])
    familiar = timed("familiarity", lambda: [model.familiarity(vocabulary, a) for a in analysed])
    scores = [Scores(*parts) for parts in zip(stance_scores, speaker_scores, attributions, familiar)]
    timed("attach (Tag objects)", lambda: [tagger._attach(b, s) for b, s in zip(batches, scores)])
    timed("tag_sentences (all of it)", lambda: [tagger.tag_sentences(b) for b in batches])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000, help="sentences for tag_sentences")
    parser.add_argument("--batch-size", type=int, default=1_000, help="sentences per tag_sentences call")
    parser.add_argument("--articles", type=int, default=200, help="articles for tag")
    parser.add_argument("--only", choices=("tag_sentences", "tag"), help="profile one path")
    parser.add_argument("--top", type=int, default=30, help="functions to list")
    parser.add_argument("--pyinstrument", action="store_true", help="print pyinstrument's call tree")
    parser.add_argument("--stages", action="store_true", help="time each stage of tag_sentences on its own")
    args = parser.parse_args(argv)

    import stance

    tagger = stance.load()
    tagger.tag("Warm-up: Nvidia denied it, a spokesperson said.")
    sentences = corpus.sentences(args.sentences)
    batches = [sentences[i : i + args.batch_size] for i in range(0, len(sentences), args.batch_size)]
    texts = corpus.articles(args.articles, seed=1)
    tagger.tag_sentences(batches[0])
    if args.stages:
        print(f"=== tag_sentences by stage: {len(sentences):,} sentences in batches of {args.batch_size:,}")
        print(_stages(tagger, batches))
        return 0
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
