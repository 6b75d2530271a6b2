"""What a round of labels chosen by ``stance suggest`` gains, against random ones.

Two protocols; news/test (``labels/news/test``) is never read.

``--protocol own`` (the headline: the analyst's loop). The analyst labels a round from *her own*
corpus and tags the rest of it. Her corpus is the news/dev stories (the ``story`` field of
``labels/news/sources.jsonl``); each draw splits every story's articles at random (seeded) into a
pool half and an evaluation half:

1. the base model is trained on the seeds and ``news/train`` (no ``news/dev``);
2. ``suggest``: the base model picks ``-n`` sentences of the pool halves of all the stories
   (:func:`stance.suggest`, its defaults); ``random``: ``-n`` sentences of the same pool drawn at
   random; ``all``: the whole pool (what labelling everything would give, for scale);
3. each set, with its gold labels as the corrections, is added to the base training labels with
   ``stance.train(add=...)`` (``--add-weight``; default: the library's default, as ``stance train
   --add`` does);
4. stance macro-F1 and speaker accuracy on the evaluation halves (all stories together, and story by
   story) before (the base model) and after, for each arm; suggest minus random is paired by draw
   (same split, same pool), with a bootstrap interval over draws and a sign test over draws and
   over stories.

``--split train`` runs the same on news/train, to develop strategies without looking at news/dev:
each draw takes half of the news/train stories as the analyst's corpus (split as above) and trains
the base model on the seeds and the other half.

``--protocol others`` (the earlier one, kept): one story held out, the round drawn from the *other*
stories' sentences, the held-out story measured. ``--adaptation``: a story's other articles added
as corrections, a new article of it measured, by add weight.

Run from the checkout's root::

    python -m benchmarks.suggest_vs_random --write-results                  # own, news/dev (a few minutes)
    python -m benchmarks.suggest_vs_random --split train --write-results    # own, news/train (development)
    python -m benchmarks.suggest_vs_random --protocol others --write-results

``--write-results`` rewrites that run's section of ``benchmarks/SUGGEST.md`` (each section starts
with a ``<!-- run: PROTOCOL/SPLIT -->`` marker; the text before the first marker is kept).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "SUGGEST.md"
NEWS = ROOT / "labels" / "news"


def _stories() -> dict[str, str]:
    rows = [json.loads(line) for line in (NEWS / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {row["file"]: row["story"] for row in rows if row.get("split") != "test"}  # news/test: never


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
    elif strategy.startswith("density:"):
        # uncertainty times representativeness: (1 - margin) * (mean tf-idf cosine to the pool, scaled) ** beta
        from sklearn.feature_extraction.text import TfidfVectorizer

        beta = float(strategy.split(":")[1])
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([r.text for r in pool])
        typical = (matrix @ matrix.T).mean(axis=1).A.ravel()
        typical = typical / (typical.max() or 1.0)
        tags = base.tag_sentences([r.text for r in pool], groups=[r.article for r in pool])
        candidates = []
        for r, t, rep in zip(pool, tags, typical):
            margin = score(t)[1]
            value = (1 - margin) * float(rep) ** beta
            candidates.append(
                stance.Suggestion(r.article, r.start, r.end, t.text, t.stance, t.speaker, t.name, value, margin, 0, 0)
            )
        chosen = pick(candidates, n)
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
        "# Suggested against random labels from other stories "
        f"({'news/dev' if split == 'dev' else 'news/train, for development'})",
        "",
        f"{len(stories)} stories x {draws} draws, {n} sentences per round. "
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


# --- the analyst's own corpus: a pool half and an evaluation half of each story ------------------------


def _halves(records: list, stories: dict[str, str], corpus: Sequence[str], rng: random.Random) -> dict[str, tuple]:
    """Each story of ``corpus``: its articles split at random into a pool half and an evaluation half
    (an odd article goes to either, by the draw), as (pool records, evaluation records)."""
    out = {}
    for story in corpus:
        articles = sorted({r.article for r in records if stories[r.article] == story})
        k = len(articles) // 2 + (len(articles) % 2 and rng.random() < 0.5)
        pooled = set(rng.sample(articles, k))
        mine = [r for r in records if stories[r.article] == story]
        out[story] = ([r for r in mine if r.article in pooled], [r for r in mine if r.article not in pooled])
    return out


def _own(draw: int, n: int, weights: Sequence[float | None], strategies: Sequence[str], split: str) -> dict:
    """One draw of the analyst's protocol: figures on the evaluation halves before and after each arm."""
    import stance

    base_records, dev, stories = _data()
    rng = random.Random(f"own:{split}:{draw}")
    if split == "dev":
        records, base = dev, _base()
        corpus = sorted({stories[r.article] for r in dev})
    else:
        records = _CACHE["train"]
        names = sorted({stories[r.article] for r in records})  # type: ignore[attr-defined]
        rng.shuffle(names)
        corpus = sorted(names[: len(names) // 2])
        base_records = _CACHE["seeds"] + [r for r in records if stories[r.article] not in corpus]  # type: ignore
        base = stance.train(base_records)
    halves = _halves(records, stories, corpus, rng)  # type: ignore[arg-type]
    pool = [r for story in corpus for r in halves[story][0]]
    held = [r for story in corpus for r in halves[story][1]]
    out: dict[str, object] = {"draw": draw, "pool": len(pool), "held": len(held), "stories": corpus}
    out["pool_articles"] = len({r.article for r in pool})

    def figures(tagger) -> dict[str, tuple[float, float]]:
        result = {"*": _figures(tagger, held)}
        result.update({story: _figures(tagger, halves[story][1]) for story in corpus})
        return result

    out["before"] = figures(base)
    for strategy in strategies:
        pick_rng = random.Random(f"own:{split}:{draw}:{strategy}")
        chosen = list(pool) if strategy == "all" else _choose(strategy, base, pool, n, pick_rng)
        out[f"{strategy}_stances"] = {s: sum(r.stance == s for r in chosen) for s in stance.STANCES}
        out[f"{strategy}_articles"] = len({r.article for r in chosen})
        out[f"{strategy}_stories"] = len({stories[r.article] for r in chosen})
        out[f"{strategy}_size"] = len(chosen)
        for weight in weights:
            tagger = stance.train(base_records, add=chosen, add_weight=weight)
            out[_arm(strategy, weight)] = figures(tagger)
    return out


def _bootstrap(values: Sequence[float], seed: str, rounds: int = 4000) -> tuple[float, float]:
    """A 95% percentile bootstrap interval of the mean of ``values``."""
    rng = random.Random(seed)
    means = sorted(statistics.fmean(rng.choices(values, k=len(values))) for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


def _sign_p(ahead: int, behind: int) -> float:
    """Two-sided sign test: the chance of a split at least this uneven if ahead and behind were equally likely."""
    total = ahead + behind
    if not total:
        return 1.0
    low = min(ahead, behind)
    tail = sum(math.comb(total, k) for k in range(low + 1)) / 2**total
    return min(1.0, 2 * tail)


def _counts(values: Sequence[float]) -> tuple[int, int]:
    return sum(v > 1e-12 for v in values), sum(v < -1e-12 for v in values)


def summarise_own(
    runs: list[dict], n: int, weights: Sequence[float | None], strategies: Sequence[str], split: str, header: str
) -> str:
    """The analyst's protocol's results as Markdown."""
    draws = len(runs)
    stories = sorted({s for run in runs for s in run["stories"]})
    pools = [run["pool"] for run in runs]
    corpus = (
        f"the {len(stories)} news/dev stories; base model on the seeds and news/train"
        if split == "dev"
        else "half of the news/train stories, drawn anew each draw; base model on the seeds and the other half"
    )
    lines = [
        "# Suggested against random labels from the analyst's own corpus "
        f"({'news/dev' if split == 'dev' else 'news/train, for development'})",
        "",
        header,
        "",
        f"Protocol (the script's docstring): the analyst's corpus is {corpus}. Each of {draws} draws splits "
        "every story's articles at random into a pool half and an evaluation half; each strategy picks "
        f"{n} sentences of the pool halves of all the stories together ({min(pools)}-{max(pools)} sentences, "
        f"mean {_mean(pools):.0f}, so a round is never the whole pool); they are added with their gold labels as "
        "corrections (`stance.train(add=..., add_weight=W)`, W `default` as `stance train --add` does); stance "
        "macro-F1 and speaker accuracy on the evaluation halves (all stories together: "
        f"{min(r['held'] for r in runs)}-{max(r['held'] for r in runs)} sentences) before and after.",
        "",
        "Strategies: `random`; `suggest` is `stance suggest` as shipped"
        + ("; `balanced` takes the predicted stances in turn" if "balanced" in strategies else "")
        + ("; `score:S:F` weighs speaker doubt S and unfamiliarity F" if any(":" in s for s in strategies) else "")
        + ("; `all` adds the whole pool (for scale, not a round)" if "all" in strategies else "")
        + ".",
        "",
        "## Evaluation halves, all stories together (mean over draws)",
        "",
        "| labels added | weight | stance macro-F1 | speaker accuracy |",
        "|---|---|---:|---:|",
        f"| none (base model) | | {_mean([r['before']['*'][0] for r in runs]):.3f} | "
        f"{_mean([r['before']['*'][1] for r in runs]):.3f} |",
    ]
    for weight in weights:
        for strategy in strategies:
            arm = _arm(strategy, weight)
            shown = "default" if weight is None else f"{weight:g}"
            size = "the whole pool" if strategy == "all" else f"{n} {strategy}"
            lines.append(
                f"| {size} | {shown} | {_mean([r[arm]['*'][0] for r in runs]):.3f} | "
                f"{_mean([r[arm]['*'][1] for r in runs]):.3f} |"
            )
    lines += [
        "",
        "## Each strategy minus random (paired: same draw, same split, same pool, same weight)",
        "",
        "Interval: 95% bootstrap over draws. Sign test p: two-sided, over draws and over stories (a story's "
        "difference on its own evaluation half, averaged over draws); the draws share one corpus, so the "
        "stories are the sterner count.",
        "",
        "| strategy | weight | task | mean | 95% interval | sd over draws | draws ahead / behind (p) | "
        "stories ahead / behind (p) |",
        "|---|---|---|---:|---|---:|---:|---:|",
    ]
    for weight in weights:
        for strategy in strategies:
            if strategy == "random":
                continue
            arm, rand = _arm(strategy, weight), _arm("random", weight)
            for i, task in enumerate(("stance", "speaker")):
                values = [r[arm]["*"][i] - r[rand]["*"][i] for r in runs]
                by_story = [_mean([r[arm][s][i] - r[rand][s][i] for r in runs if s in r["stories"]]) for s in stories]
                low, high = _bootstrap(values, f"{strategy}:{weight}:{task}")
                ahead, behind = _counts(values)
                s_ahead, s_behind = _counts(by_story)
                shown = "default" if weight is None else f"{weight:g}"
                lines.append(
                    f"| {strategy} | {shown} | {task} | {_mean(values):+.3f} | {low:+.3f} to {high:+.3f} | "
                    f"{_sd(values):.3f} | {ahead} / {behind} of {len(values)} ({_sign_p(ahead, behind):.2g}) | "
                    f"{s_ahead} / {s_behind} of {len(stories)} ({_sign_p(s_ahead, s_behind):.2g}) |"
                )
    if split == "dev":
        weight = weights[0]
        lines += [
            "",
            f"## By story: its evaluation half (mean over draws; weight {'default' if weight is None else weight})",
            "",
        ]
        head = ["story", "stance before", *(f"+ {s}" for s in strategies)]
        head += ["speaker before", *(f"+ {s}" for s in strategies)]
        lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
        for story in stories:
            cells = []
            for i in (0, 1):
                cells.append(_mean([r["before"][story][i] for r in runs]))
                cells += [_mean([r[_arm(s, weight)][story][i] for r in runs]) for s in strategies]
            lines.append(f"| {story} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    names = list(runs[0][f"{strategies[0]}_stances"])
    lines += ["", "## What the strategies picked (gold stances, totals over all draws)", ""]
    lines += [
        "| strategy | " + " | ".join(names) + " | articles per round | stories per round |",
        "|---|" + "---:|" * (len(names) + 2),
    ]
    for strategy in strategies:
        totals = [sum(r[f"{strategy}_stances"][s] for r in runs) for s in names]
        articles = _mean([r[f"{strategy}_articles"] for r in runs])
        covered = _mean([r[f"{strategy}_stories"] for r in runs])
        lines.append(f"| {strategy} | " + " | ".join(str(t) for t in totals) + f" | {articles:.1f} | {covered:.1f} |")
    return "\n".join(lines) + "\n"


def _header(command: str, seconds: float) -> str:
    """What the run was made of: the command, the labels (files, sizes, digests), the commit, the time."""
    parts = []
    for name in ("labels/sentences.jsonl", "labels/news/train/sentences.jsonl", "labels/news/dev/sentences.jsonl"):
        data = (ROOT / name).read_bytes()
        count, digest = data.count(b"\n"), hashlib.sha256(data).hexdigest()[:12]
        parts.append(f"`{name}` ({count} sentences, sha256 {digest})")
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "stance", "labels"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " (with uncommitted changes to stance/ or labels/)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"Generated by `{command}` in {seconds:.0f} s, at commit {commit}. Labels: the final news labels: "
        + ", ".join(parts)
        + ". news/test is never read."
    )


ORDER = ("own/dev", "own/train", "others/dev", "adaptation/dev", "others/train")


def write_section(key: str, text: str, path: Path = RESULTS) -> None:
    """Rewrite the ``key`` section of the results file (the text before the first marker is kept)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    chunks = old.split("<!-- run: ")
    preamble, sections = chunks[0], {}
    for chunk in chunks[1:]:
        name, _, body = chunk.partition(" -->\n")
        sections[name] = body
    sections[key] = text if text.endswith("\n") else text + "\n"
    keys = [k for k in ORDER if k in sections] + sorted(k for k in sections if k not in ORDER)
    body = "\n".join(f"<!-- run: {k} -->\n{sections[k]}" for k in keys)
    path.write_text(preamble + body, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suggest_vs_random", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--protocol", choices=("own", "others"), default="own", help="own: the headline (default); others: earlier"
    )
    parser.add_argument("-n", type=int, default=50, help="sentences per round (default: %(default)s)")
    parser.add_argument("--draws", type=int, default=0, help="draws (own: 30) or draws per story (others: 5)")
    parser.add_argument("--share", type=float, default=0.75, help="others: share of the pool's articles per draw")
    parser.add_argument(
        "--weights", default="default", help="add weights, 'default' for stance.train's own (default: %(default)s)"
    )
    parser.add_argument(
        "--strategies",
        default="",
        help="(own: random,suggest,all; others: random,suggest; also balanced, margin, score:S:F)",
    )
    parser.add_argument(
        "--split", choices=("dev", "train"), default="dev", help="dev: the report; train: to develop strategies"
    )
    parser.add_argument("--stories", type=int, default=0, help="others: only the first N stories (0: all)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default: %(default)s)")
    parser.add_argument("--json", metavar="FILE", help="also write every run as JSON")
    parser.add_argument(
        "--write-results", action="store_true", help=f"rewrite this run's section of {RESULTS.relative_to(ROOT)}"
    )
    parser.add_argument(
        "--adaptation",
        metavar="SHARES",
        default="",
        help="also measure corrections on a story's other dev articles at these add shares (e.g. 0.1,0.25,0.5,1)",
    )
    args = parser.parse_args(argv)
    from joblib import Parallel, delayed

    weights = [None if w == "default" else float(w) for w in args.weights.split(",")]
    own = args.protocol == "own"
    strategies = (args.strategies or ("random,suggest,all" if own else "random,suggest")).split(",")
    draws = args.draws or (30 if own else 5)
    command = "python -m benchmarks.suggest_vs_random " + " ".join(sys.argv[1:] if argv is None else argv)
    _, dev, stories = _data()
    started = time.monotonic()
    if own:
        runs = Parallel(n_jobs=args.jobs)(
            delayed(_own)(draw, args.n, weights, strategies, args.split) for draw in range(draws)
        )
        seconds = time.monotonic() - started
        text = summarise_own(list(runs), args.n, weights, strategies, args.split, _header(command.strip(), seconds))
    else:
        source = dev if args.split == "dev" else _CACHE["train"]
        names = sorted({stories[r.article] for r in source})  # type: ignore[attr-defined]
        if args.stories:
            names = names[: args.stories]
        tasks = [(story, draw) for story in names for draw in range(draws)]
        runs = Parallel(n_jobs=args.jobs)(
            delayed(_one)(story, draw, args.n, args.share, weights, strategies, args.split) for story, draw in tasks
        )
        seconds = time.monotonic() - started
        text = summarise(list(runs), args.n, draws, args.share, weights, strategies, args.split, seconds)
        text = text.replace("\n\n", "\n\n" + _header(command.strip(), seconds) + "\n\n", 1)
    sys.stdout.write(text)
    if args.json:
        Path(args.json).write_text(json.dumps(list(runs), indent=1) + "\n", encoding="utf-8")
    if args.write_results:
        write_section(f"{args.protocol}/{args.split}", text)
    if args.adaptation:
        started = time.monotonic()
        table = adaptation([float(x) for x in args.adaptation.split(",")], args.jobs)
        table = table.replace("\n\n", "\n\n" + _header(command.strip(), time.monotonic() - started) + "\n\n", 1)
        sys.stdout.write("\n" + table)
        if args.write_results:
            write_section("adaptation/dev", table)
    if args.write_results:
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
