"""What a round of labels chosen by ``stance suggest`` gains for a story the model never saw, against random ones.

The protocol, on ``labels/news/dev`` (never ``news/test``), story by story (the ``story`` field of
``labels/news/sources.jsonl``):

1. the base model is trained on the seeds and ``news/train`` (no ``news/dev``);
2. one dev story is held out; the pool is the sentences of the other dev stories, of which each
   draw keeps a random ``--share`` of the articles (so that draws differ for both arms alike);
3. ``suggest``: the base model picks ``--n`` sentences of the pool (:func:`stance.suggest`);
   ``random``: ``--n`` sentences of the same pool drawn at random;
4. each set, with its gold labels as the "corrections", is added to the base training labels with
   ``stance.train(add=...)`` (``--add-weight``; default: the library's default weighting);
5. the held-out story's stance macro-F1 and speaker accuracy are measured before (the base model)
   and after, for each arm; figures are averaged over stories and draws.

Run from the checkout's root::

    python -m benchmarks.suggest_vs_random                    # 12 stories x 5 draws (some minutes)
    python -m benchmarks.suggest_vs_random --write-results    # also rewrite benchmarks/SUGGEST.md
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "SUGGEST.md"
NEWS = ROOT / "labels" / "news"


def _stories() -> dict[str, str]:
    rows = [json.loads(line) for line in (NEWS / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {row["file"]: row["story"] for row in rows}


def _figures(tagger, records) -> tuple[float, float]:
    import stance

    evaluation = stance.evaluate(gold=records, model=tagger, why=False)
    return evaluation.stance_macro_f1, evaluation.speaker_accuracy


def _choose(strategy: str, base, pool: list, n: int, rng: random.Random) -> list:
    """``n`` sentences of ``pool`` (gold label records) chosen by a strategy."""
    import stance
    from stance.suggest import pick, score

    if strategy == "random":
        return rng.sample(pool, min(n, len(pool)))
    gold = {(r.article, r.start): r for r in pool}
    if strategy in ("suggest", "balanced"):
        chosen = stance.suggest(pool, n, model=base, balance=strategy == "balanced")
    elif strategy == "margin" or strategy.startswith("score:"):
        # "margin": the stance margin alone; "score:S:F[:balanced]": speaker share S, familiarity share F
        parts = strategy.split(":") if strategy != "margin" else ["score", "0", "0"]
        speaker_share, familiar_share = float(parts[1]), float(parts[2])
        tags = base.tag_sentences([r.text for r in pool], groups=[r.article for r in pool])
        candidates = []
        for r, t in zip(pool, tags):
            margin = score(t)[1]
            value = 1 - margin + speaker_share * (1 - t.speaker_score) + familiar_share * (1 - t.familiar)
            candidates.append(
                stance.Suggestion(r.article, r.start, r.end, t.text, t.stance, t.speaker, t.name, value, margin, 0, 0)
            )
        chosen = pick(candidates, n, balance=parts[-1] == "balanced")
    else:
        raise ValueError(strategy)
    return [gold[c.article, c.start] for c in chosen]


def _one(
    story: str, draw: int, n: int, share: float, weights: Sequence[float | None], strategies: Sequence[str], split: str
) -> dict[str, object]:
    """One held-out story and one draw: figures before, and after each strategy's labels at each weight.

    ``split="dev"``: the base model is trained on the seeds and news/train, the story and the pool come from
    news/dev. ``split="train"`` (for developing the strategies without looking at news/dev): the story
    comes from news/train, the pool is half of its other stories (drawn) and the base model is trained on
    the seeds and the other half.
    """
    import stance

    base_records, dev, stories = _data()
    rng = random.Random(f"{story}:{draw}")
    if split == "dev":
        base = _base()
        held = [r for r in dev if stories[r.article] == story]
        articles = sorted({r.article for r in dev if stories[r.article] != story})
        kept = set(rng.sample(articles, max(1, round(share * len(articles)))))
        pool = [r for r in dev if r.article in kept]
    else:
        seeds, train = _CACHE["seeds"], _CACHE["train"]
        held = [r for r in train if stories[r.article] == story]
        others = sorted({stories[r.article] for r in train} - {story})
        rng.shuffle(others)
        pooled = set(others[: len(others) // 2])
        pool = [r for r in train if stories[r.article] in pooled]
        base_records = seeds + [r for r in train if stories[r.article] not in pooled and stories[r.article] != story]
        base = stance.train(base_records)
    out: dict[str, object] = {"story": story, "draw": draw, "held_sentences": len(held), "pool": len(pool)}
    out["before"] = _figures(base, held)
    for strategy in strategies:
        chosen = _choose(strategy, base, pool, n, rng)
        out[f"{strategy}_stances"] = {s: sum(r.stance == s for r in chosen) for s in stance.STANCES}
        out[f"{strategy}_articles"] = len({r.article for r in chosen})
        for weight in weights:
            tagger = stance.train(base_records, add=chosen, add_weight=weight)
            out[_arm(strategy, weight)] = _figures(tagger, held)
    return out


def _own(
    draw: int, n: int, weights: Sequence[float | None], strategies: Sequence[str], split: str
) -> dict[str, object]:
    """The analyst's round on her own corpus: every story's articles split in two halves (drawn), the
    pool halves together are the corpus she labels a round of, the other halves are what is measured.

    ``split="dev"``: the stories of news/dev, base model on the seeds and news/train. ``split="train"``
    (to develop strategies without news/dev): half of news/train's stories (drawn) play the corpus, the
    base model is trained on the seeds and the other half.
    """
    import stance

    base_records, dev, stories = _data()
    rng = random.Random(f"own:{split}:{draw}")
    if split == "dev":
        base, corpus = _base(), dev
    else:
        seeds, train = _CACHE["seeds"], _CACHE["train"]
        names = sorted({stories[r.article] for r in train})
        rng.shuffle(names)
        mine = set(names[: len(names) // 2])
        corpus = [r for r in train if stories[r.article] in mine]
        base_records = seeds + [r for r in train if stories[r.article] not in mine]
        base = stance.train(base_records)
    by_story: dict[str, list[str]] = {}
    for article in sorted({r.article for r in corpus}):
        by_story.setdefault(stories[article], []).append(article)
    pooled: set[str] = set()
    for articles in by_story.values():
        rng.shuffle(articles)
        pooled.update(articles[: len(articles) // 2])
    pool = [r for r in corpus if r.article in pooled]
    held = [r for r in corpus if r.article not in pooled]
    out: dict[str, object] = {"draw": draw, "held_sentences": len(held), "pool": len(pool)}
    out["before"] = _figures(base, held)
    for strategy in strategies:
        chosen = _choose(strategy, base, pool, n, rng)
        out[f"{strategy}_stances"] = {s: sum(r.stance == s for r in chosen) for s in stance.STANCES}
        for weight in weights:
            tagger = stance.train(base_records, add=chosen, add_weight=weight)
            out[_arm(strategy, weight)] = _figures(tagger, held)
    return out


def summarise_own(
    runs: list[dict], n: int, weights: Sequence[float | None], strategies: Sequence[str], split: str, seconds: float
) -> str:
    """The own-corpus protocol's report: averages, and each strategy minus random, paired by draw."""
    boot = random.Random(0)
    lines = [
        f"# A round of {n} labels on the analyst's own corpus (news/{split})",
        "",
        f"Generated by `python -m benchmarks.suggest_vs_random --protocol own --split {split}` ({len(runs)} draws, "
        f"{seconds:.0f} s). Every {split} story's articles are split in two halves, drawn anew each draw; the "
        "pool halves together are the corpus a round is labelled from, the other halves are measured (the "
        "articles a round was not labelled from, of the same stories). "
        + (
            "Base model: the seeds and news/train. "
            if split == "dev"
            else "Base model: the seeds and the other half of news/train's stories. "
        )
        + "news/test is never used.",
        "",
        "| labels added | weight | stance macro-F1 | speaker accuracy |",
        "|---|---|---:|---:|",
    ]
    before_stance, before_speaker = _mean([r["before"][0] for r in runs]), _mean([r["before"][1] for r in runs])
    lines.append(f"| none (base model) | | {before_stance:.3f} | {before_speaker:.3f} |")
    for strategy in strategies:
        for weight in weights:
            arm = _arm(strategy, weight)
            lines.append(
                f"| {n} {strategy} | {'default' if weight is None else f'{weight:g}'} | "
                f"{_mean([r[arm][0] for r in runs]):.3f} | {_mean([r[arm][1] for r in runs]):.3f} |"
            )
    lines += [
        "",
        "| strategy minus random | weight | task | mean | 95% interval (bootstrap over draws) | draws ahead / behind |",
        "|---|---|---|---:|---|---:|",
    ]
    for strategy in strategies:
        if strategy == "random":
            continue
        for weight in weights:
            for index, task in enumerate(("stance", "speaker")):
                diffs = [r[_arm(strategy, weight)][index] - r[_arm("random", weight)][index] for r in runs]
                means = sorted(_mean([boot.choice(diffs) for _ in diffs]) for _ in range(2000))
                low, high = means[int(0.025 * len(means))], means[int(0.975 * len(means)) - 1]
                ahead, behind = sum(d > 1e-9 for d in diffs), sum(d < -1e-9 for d in diffs)
                lines.append(
                    f"| {strategy} | {'default' if weight is None else f'{weight:g}'} | {task} | {_mean(diffs):+.3f} | "
                    f"{low:+.3f} to {high:+.3f} | {ahead} / {behind} of {len(diffs)} |"
                )
    return "\n".join(lines) + "\n"


def _arm(strategy: str, weight: float | None) -> str:
    return f"{strategy}@{'default' if weight is None else f'{weight:g}'}"


_CACHE: dict[str, object] = {}


def _data():
    if "data" not in _CACHE:
        import stance

        seeds = stance.read_labels(ROOT / "labels" / "sentences.jsonl")
        train = stance.read_labels(NEWS / "train")
        dev = stance.read_labels(NEWS / "dev")
        _CACHE["seeds"], _CACHE["train"] = seeds, train
        _CACHE["data"] = (seeds + train, dev, _stories())
    return _CACHE["data"]  # type: ignore[return-value]


def _base():
    if "base" not in _CACHE:
        import stance

        _CACHE["base"] = stance.train(_data()[0])
    return _CACHE["base"]


def _adapt(article: str, weight: float | None, share: float | None) -> dict[str, object]:
    """One article of a dev story held out, the story's other articles added as corrections with ``weight``
    (or so that they weigh ``share`` of the base): the held-out article's figures."""
    import stance

    base_records, dev, stories = _data()
    story = stories[article]
    held = [r for r in dev if r.article == article]
    added = [r for r in dev if stories[r.article] == story and r.article != article]
    if share is not None:
        weight = max(1.0, share * len(base_records) / len(added))
    tagger = stance.train(base_records, add=added, add_weight=weight)
    return {"article": article, "story": story, "weight": weight, "share": share, "figures": _figures(tagger, held)}


def adaptation(shares: Sequence[float], jobs: int) -> str:
    """How much corrections on a story's other articles move the model on a new article of it, by add weight."""
    from joblib import Parallel, delayed

    _, dev, stories = _data()
    counts: dict[str, set[str]] = {}
    for record in dev:
        counts.setdefault(stories[record.article], set()).add(record.article)
    articles = sorted(a for a in {r.article for r in dev} if len(counts[stories[a]]) >= 2)
    base = _base()
    before = {a: _figures(base, [r for r in dev if r.article == a]) for a in articles}
    settings = [(1.0, None), *((None, share) for share in shares)]
    runs = Parallel(n_jobs=jobs)(delayed(_adapt)(a, weight, share) for a in articles for weight, share in settings)
    lines = [
        "## Corrections on a story: how much to weigh them",
        "",
        f"Each of the {len(articles)} news/dev articles whose story has another dev article is held out; the story's "
        "other dev articles are added with their gold labels (`stance.train(add=...)`) at each weight; the "
        "held-out article's figures, averaged over articles (base model: seeds and news/train).",
        "",
        "| added with | mean weight | stance macro-F1 | speaker accuracy |",
        "|---|---:|---:|---:|",
        f"| (nothing: the base model) | | {_mean([f[0] for f in before.values()]):.3f} | "
        f"{_mean([f[1] for f in before.values()]):.3f} |",
    ]
    for weight, share in settings:
        mine = [run for run in runs if run["share"] == share and (share is not None or run["weight"] == weight)]
        label = f"add_weight={weight:g}" if share is None else f"together {share:.0%} of the base"
        lines.append(
            f"| {label} | {_mean([run['weight'] for run in mine]):.1f} | "
            f"{_mean([run['figures'][0] for run in mine]):.3f} | {_mean([run['figures'][1] for run in mine]):.3f} |"
        )
    return "\n".join(lines) + "\n"


def _mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def _sd(values: Sequence[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


def summarise(
    runs: list[dict],
    n: int,
    draws: int,
    share: float,
    weights: Sequence[float | None],
    strategies: Sequence[str],
    split: str,
    seconds: float,
) -> str:
    """The results as Markdown."""
    stories = sorted({run["story"] for run in runs})
    protocol = (
        "base model on the seeds and news/train; one news/dev story held out; "
        f"{n} sentences of the other dev stories ({share:.0%} of their articles, drawn anew each draw)"
        if split == "dev"
        else "one news/train story held out; its other stories split at random into a pool and the base "
        f"model's training labels (with the seeds); {n} sentences of the pool"
    )
    lines = [
        f"# Suggested against random labels ({'news/dev' if split == 'dev' else 'news/train, for development'})",
        "",
        f"Generated by `python -m benchmarks.suggest_vs_random{' --split train' if split == 'train' else ''} "
        f"--write-results` ({len(stories)} stories x {draws} draws, {n} sentences per round; {seconds:.0f} s). "
        f"Protocol (see the script's docstring): {protocol}, chosen by each strategy, added with their gold "
        "labels as the corrections (`stance.train(add=..., add_weight=W)`, W `default` as `stance train --add` "
        "does); the held-out story's stance macro-F1 and speaker accuracy before and after. news/test is never used.",
        "",
        "Strategies: `random`; `suggest` is `stance suggest` as shipped"
        + (
            "; `balanced` takes the predicted stances in turn (`suggest(balance=True)`)"
            if "balanced" in strategies
            else ""
        )
        + ("; `margin` ranks by the stance margin alone" if "margin" in strategies else "")
        + ".",
        "",
        "## Averages over stories and draws",
        "",
        "| labels added | weight | stance macro-F1 | speaker accuracy |",
        "|---|---|---:|---:|",
        f"| none (base model) | | {_mean([r['before'][0] for r in runs]):.3f} | "
        f"{_mean([r['before'][1] for r in runs]):.3f} |",
    ]
    for weight in weights:
        for strategy in strategies:
            arm = _arm(strategy, weight)
            shown = "default" if weight is None else f"{weight:g}"
            lines.append(
                f"| {n} {strategy} | {shown} | {_mean([r[arm][0] for r in runs]):.3f} | "
                f"{_mean([r[arm][1] for r in runs]):.3f} |"
            )
    lines += ["", "## Each strategy minus random (paired: same story, same draw, same pool, same weight)", ""]
    lines += ["| strategy | weight | task | mean | sd over runs | runs ahead / behind | stories ahead / behind |"]
    lines += ["|---|---|---|---:|---:|---:|---:|"]
    for weight in weights:
        for strategy in strategies:
            if strategy == "random":
                continue
            arm, rand = _arm(strategy, weight), _arm("random", weight)
            for i, task in enumerate(("stance", "speaker")):
                values = [r[arm][i] - r[rand][i] for r in runs]
                by_story = [_mean([r[arm][i] - r[rand][i] for r in runs if r["story"] == s]) for s in stories]
                shown = "default" if weight is None else f"{weight:g}"
                lines.append(
                    f"| {strategy} | {shown} | {task} | {_mean(values):+.3f} | "
                    f"{_sd(values):.3f} | {sum(v > 1e-12 for v in values)} / {sum(v < -1e-12 for v in values)} of "
                    f"{len(values)} | {sum(v > 1e-12 for v in by_story)} / {sum(v < -1e-12 for v in by_story)} of "
                    f"{len(stories)} |"
                )
    weight = weights[0]
    lines += ["", f"## By held-out story (mean over draws; weight {'default' if weight is None else weight})", ""]
    head = ["story", "sentences", "stance before", *(f"+ {s}" for s in strategies)]
    head += ["speaker before", *(f"+ {s}" for s in strategies)]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for story in stories:
        mine = [r for r in runs if r["story"] == story]
        cells = []
        for i in (0, 1):
            cells.append(_mean([r["before"][i] for r in mine]))
            cells += [_mean([r[_arm(s, weight)][i] for r in mine]) for s in strategies]
        lines.append(f"| {story} | {mine[0]['held_sentences']} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    names = list(runs[0][f"{strategies[0]}_stances"])
    lines += ["", "## What the strategies picked (gold stances, totals over all runs)", ""]
    lines += ["| strategy | " + " | ".join(names) + " | articles per round |", "|---|" + "---:|" * (len(names) + 1)]
    for strategy in strategies:
        totals = [sum(r[f"{strategy}_stances"][s] for r in runs) for s in names]
        articles = _mean([r[f"{strategy}_articles"] for r in runs])
        lines.append(f"| {strategy} | " + " | ".join(str(t) for t in totals) + f" | {articles:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suggest_vs_random", description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=50, help="sentences per round (default: %(default)s)")
    parser.add_argument("--draws", type=int, default=5, help="random draws per story (default: %(default)s)")
    parser.add_argument("--share", type=float, default=0.75, help="share of the pool's articles per draw (dev)")
    parser.add_argument(
        "--weights", default="default,1", help="add weights, 'default' for stance.train's own (default: %(default)s)"
    )
    parser.add_argument("--strategies", default="random,suggest", help="(default: %(default)s; also balanced, margin)")
    parser.add_argument(
        "--split", choices=("dev", "train"), default="dev", help="dev: the report; train: to develop strategies"
    )
    parser.add_argument("--stories", type=int, default=0, help="only the first N stories (0: all)")
    parser.add_argument(
        "--protocol",
        choices=("own", "other"),
        default="own",
        help="own: a round from the analyst's own corpus, measured on its other articles; other: a round from "
        "other stories, measured on a held-out story (default: %(default)s)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes (default: %(default)s)")
    parser.add_argument("--json", metavar="FILE", help="also write every run as JSON")
    parser.add_argument("--write-results", action="store_true", help=f"rewrite {RESULTS.relative_to(ROOT)}")
    parser.add_argument(
        "--adaptation",
        metavar="SHARES",
        default="0.1,0.25,0.5,1",
        help="also measure corrections on a story's other articles at these add shares (dev; default: %(default)s; "
        "'' skips it)",
    )
    args = parser.parse_args(argv)
    from joblib import Parallel, delayed

    weights = [None if w == "default" else float(w) for w in args.weights.split(",")]
    strategies = args.strategies.split(",")
    _, dev, stories = _data()
    source = dev if args.split == "dev" else _CACHE["train"]
    names = sorted({stories[r.article] for r in source})  # type: ignore[attr-defined]
    if args.stories:
        names = names[: args.stories]
    started = time.monotonic()
    if args.protocol == "own":
        own = Parallel(n_jobs=args.jobs)(
            delayed(_own)(draw, args.n, weights, strategies, args.split) for draw in range(args.draws)
        )
        text = summarise_own(list(own), args.n, weights, strategies, args.split, time.monotonic() - started)
        sys.stdout.write(text)
        if args.write_results:
            RESULTS.write_text(text, encoding="utf-8")
            print(f"wrote {RESULTS}", file=sys.stderr)
        return 0
    tasks = [(story, draw) for story in names for draw in range(args.draws)]
    runs = Parallel(n_jobs=args.jobs)(
        delayed(_one)(story, draw, args.n, args.share, weights, strategies, args.split) for story, draw in tasks
    )
    seconds = time.monotonic() - started
    text = summarise(list(runs), args.n, args.draws, args.share, weights, strategies, args.split, seconds)
    if args.adaptation and args.split == "dev":
        text += "\n" + adaptation([float(x) for x in args.adaptation.split(",")], args.jobs)
    sys.stdout.write(text)
    if args.json:
        Path(args.json).write_text(json.dumps(list(runs), indent=1) + "\n", encoding="utf-8")
    if args.write_results:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
