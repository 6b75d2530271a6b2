"""The benchmark sections; each runs alone (``python -m benchmarks --only NAME``).

Every section takes the :class:`Config` and a :class:`Context` (which loads the
tagger anew for each section and trains the peers once) and returns its part of the
results: ``metrics`` (what ``stance`` did) and ``peers`` (each peer's numbers with
``ratio``, stance's speed divided by the peer's, so that above 1 means stance is faster: where
the contenders take turns in rounds, the median of each round's ratio, see :func:`_paired`;
for training, which runs each contender's repeats in one go, the ratio of the medians).
"""

from __future__ import annotations

import math
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import corpus, measure, peers
from .measure import Stats

T = TypeVar("T")

SECTIONS = ("batch", "articles", "latency", "cold", "train", "stream", "jobs", "scaling", "encoder")

#: The command line of ``stance tag`` in a fresh interpreter (the checkout's, run from the project's root).
STANCE_TAG = (sys.executable, "-m", "stance", "tag")


@dataclass
class Config:
    """Sizes and repeats of one run (see ``PROFILES``; every field is also a command-line option)."""

    sentences: int
    batch_size: int
    articles: int
    latency_calls: int
    repeats: int
    cold_repeats: int
    train_repeats: int
    stream_sizes: list[int]
    jobs_sentences: int
    scaling_sizes: list[int]
    scaling_budget: float
    stream_timeout: float
    latency_budget: float
    peers: list[str] = field(default_factory=lambda: list(peers.ALL))
    stream_input: str = "jsonl"
    seed: int = 0


PROFILES: dict[str, Config] = {
    "quick": Config(
        sentences=5_000,
        batch_size=1_000,
        articles=60,
        latency_calls=400,
        repeats=3,
        cold_repeats=2,
        train_repeats=2,
        stream_sizes=[1_000, 10_000],
        jobs_sentences=5_000,
        scaling_sizes=[1_000, 4_000],
        scaling_budget=5.0,
        stream_timeout=120.0,
        latency_budget=1.0,
    ),
    "full": Config(
        sentences=100_000,
        batch_size=1_000,
        articles=1_000,
        latency_calls=5_000,
        repeats=5,
        cold_repeats=7,
        train_repeats=5,
        stream_sizes=[1_000, 10_000, 100_000, 1_000_000],
        jobs_sentences=200_000,
        scaling_sizes=[1_000, 10_000, 100_000, 1_000_000],
        scaling_budget=60.0,
        stream_timeout=3600.0,
        latency_budget=10.0,
    ),
}


class Context:
    """What several sections share, built on first use."""

    def __init__(self, config: Config, log: Callable[[str], None]) -> None:
        self.config = config
        self.log = log
        self._peers: dict[str, peers.Peer | str] | None = None

    @property
    def tagger(self):
        """The built-in model, loaded anew for each section that asks: its token table starts empty
        (the speaker phrase memo of the alias table is kept for the whole process)."""
        import stance
        from stance.tagger import default_model_path

        tagger = stance.load(default_model_path())
        tagger.tag("Warm-up: Nvidia denied it, a spokesperson said.")  # imports the splitter
        return tagger

    @property
    def classifiers(self) -> dict[str, peers.Peer | str]:
        """Trained classifier peers by name, or the note saying why one was skipped."""
        if self._peers is None:
            texts, labels = corpus.training_set()
            self._peers = {}
            for name in peers.CLASSIFIERS:
                if name not in self.config.peers:
                    continue
                self.log(f"  training peer {name}")
                try:
                    self._peers[name] = peers.build(name, texts, labels)
                except peers.Skipped as skipped:
                    self._peers[name] = f"skipped: {skipped}"
                    self.log(f"  {name} {self._peers[name]}")
        return self._peers


def _paired(stance_costs: list[float], peer_costs: list[float], ratio_of_medians: float) -> dict:
    """A peer's ratio to stance from its rounds: ``peer / stance`` of the seconds (or latency) of each round.

    Both met the same text in the same round, a moment apart, so a load on the machine that comes
    and goes between rounds cancels out of each round's ratio. ``ratio`` is the median of the
    rounds' ratios, taken on a log scale (with an even number of rounds: the geometric mean of the
    middle two, the same whichever way round the ratio is taken); ``ratios`` holds each round's;
    ``ratio_of_medians`` is the other estimate, from the medians of the table. A target passes only
    when both estimates pass (``report.targets``).
    """
    ratios = [peer / own for peer, own in zip(peer_costs, stance_costs, strict=True)]
    return {
        "ratio": math.exp(statistics.median(sorted(math.log(r) for r in ratios))),
        "ratios": Stats.of(ratios, "x").to_dict(),
        "ratio_of_medians": ratio_of_medians,
    }


def _rates(timing: measure.Rounds, amounts: list[float], unit: str) -> tuple[dict, dict]:
    """Stance's rates and each other contender's, with its ratio to stance and the share of its time the
    garbage collector took (``gc_share``)."""
    seconds = timing.seconds
    stance_rate = measure.rates(seconds["stance"], amounts, unit)
    out_peers = {}
    for name, values in seconds.items():
        if name != "stance":
            rate = measure.rates(values, amounts, unit)
            paired = _paired(seconds["stance"], values, stance_rate.median / rate.median)
            out_peers[name] = {**rate.to_dict(), **paired, "gc_share": timing.gc_share(name)}
    return {**stance_rate.to_dict(), "gc_share": timing.gc_share("stance")}, out_peers


def _latency_peers(p50: dict[str, list[float]], p99: dict[str, list[float]], calls: dict[str, int]) -> dict:
    """Each peer's latency percentiles of each round and its ratio to stance (the peer's p50 over stance's)."""
    stance_p50 = Stats.of(p50["stance"], "µs")
    out = {}
    for name in p50:
        if name != "stance":
            peer_p50 = Stats.of(p50[name], "µs")
            out[name] = {
                "p50": peer_p50.to_dict(),
                "p99": Stats.of(p99[name], "µs").to_dict(),
                **_paired(p50["stance"], p50[name], peer_p50.median / stance_p50.median),
                "calls": calls[name],
            }
    return out


def _contenders(
    config: Config, ctx: Context, stance: Callable[[T], object], floor: Callable[[T], object], method: str
) -> tuple[dict[str, Callable[[T], object]], dict[str, str]]:
    """Stance's call, the regex floor's and each trained classifier peer's ``method`` by name (the peers
    ``config.peers`` asks for), and the note of each classifier peer that was skipped."""
    contenders: dict[str, Callable[[T], object]] = {"stance": stance}
    notes: dict[str, str] = {}
    if "regex-floor" in config.peers:
        contenders["regex-floor"] = floor
    for name, peer in ctx.classifiers.items():
        if isinstance(peer, str):
            notes[name] = peer
        else:
            contenders[name] = getattr(peer, method)
    return contenders, notes


def _each(call: Callable[[T], object]) -> Callable[[Sequence[T]], None]:
    """``call`` on every item in turn, dropping each output at once (as a loop that writes each result
    out does): the harness keeps no output alive for the garbage collector to walk on a later call's time."""

    def run(items: Sequence[T]) -> None:
        for item in items:
            call(item)

    return run


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _round_seed(config: Config, offset: int, round_index: int) -> int:
    """The corpus seed of one timed round (round 0: the section's own); new text every round."""
    return config.seed + offset + 1000 * round_index


def batch(config: Config, ctx: Context) -> dict:
    """Throughput of ``Tagger.tag_sentences`` and of the peers on the same sentences, in batches.

    Every round tags new sentences (the same for every contender), so no text is met again.
    """
    tagger = ctx.tagger
    rounds = [
        _chunks(corpus.sentences(config.sentences, seed=_round_seed(config, 0, i)), config.batch_size)
        for i in range(config.repeats)
    ]
    warm_up = corpus.sentences(config.batch_size, seed=_round_seed(config, 0, config.repeats))
    contenders, notes = _contenders(config, ctx, tagger.tag_sentences, peers.regex_floor(), "predict_batch")
    timing = measure.round_robin({name: _each(run) for name, run in contenders.items()}, rounds, warm_up=[warm_up])
    stance_rate, out_peers = _rates(timing, [config.sentences] * len(rounds), "sentences/s")
    for name, note in notes.items():
        out_peers[name] = {"skipped": note}
    return {
        "metrics": {
            "tag_sentences": {
                **stance_rate,
                "sentences": config.sentences,
                "batch_size": config.batch_size,
                "repeats": config.repeats,
            }
        },
        "peers": {"batch": out_peers},
    }


def articles(config: Config, ctx: Context) -> dict:
    """``Tagger.tag`` on whole articles (characters/s) against Punkt's ``span_tokenize`` alone.

    Every round tags new articles (the same for every contender), so no text is met again.
    """
    import stance

    tagger = ctx.tagger
    rounds = [corpus.articles(config.articles, seed=_round_seed(config, 1, i)) for i in range(config.repeats)]
    warm_up = corpus.articles(5, seed=_round_seed(config, 1, config.repeats))
    amounts = [sum(len(t) for t in docs) for docs in rounds]
    contenders: dict[str, Callable[[Sequence[str]], object]] = {
        "stance": _each(tagger.tag),
        "stance.split": _each(stance.split),
        "stance.tag_texts": tagger.tag_texts,
    }
    if "punkt" in config.peers:
        contenders["punkt"] = _each(peers.punkt())
    timing = measure.round_robin(contenders, rounds, warm_up=warm_up)
    stance_rate, out_peers = _rates(timing, amounts, "chars/s")
    sentences = [sum(len(stance.split(t)) for t in docs) for docs in rounds]
    return {
        "metrics": {
            "tag_articles": {
                **stance_rate,
                "articles": config.articles,  # in each round
                "characters_per_round": amounts,
                "sentences_per_round": sentences,
                "sentences_per_s": measure.rates(timing.seconds["stance"], sentences, "sentences/s").to_dict(),
                "repeats": config.repeats,
            }
        },
        "peers": {"articles": out_peers},
    }


def latency(config: Config, ctx: Context) -> dict:
    """Single-sentence latency: ``tag_sentences([s])`` against each peer's one-sentence call.

    Every round calls on new sentences (the same for every contender), so no text is met again.
    """
    tagger = ctx.tagger
    rounds = [corpus.sentences(config.latency_calls, seed=_round_seed(config, 3, i)) for i in range(config.repeats)]
    warm_up = corpus.sentences(50, seed=_round_seed(config, 3, config.repeats))
    floor = peers.regex_floor()
    calls, notes = _contenders(config, ctx, lambda s: tagger.tag_sentences([s]), lambda s: floor([s]), "predict_one")
    # The warm-up: a slow contender gets fewer calls (at least 100), so that one round of it takes about
    # latency_budget s.
    counts = {}
    for name, call in calls.items():
        warm = measure.latencies(call, warm_up, warmup=0)
        limit = int(config.latency_budget / max(measure.percentile(warm, 50), 1e-9))
        counts[name] = min(config.latency_calls, max(100, limit))
    p50: dict[str, list[float]] = {name: [] for name in calls}
    p99: dict[str, list[float]] = {name: [] for name in calls}

    def timed(name: str, call: Callable[[str], object]) -> Callable[[Sequence[str]], None]:
        def run(items: Sequence[str]) -> None:  # the percentiles of this round's calls, one at a time
            values = measure.latencies(call, items[: counts[name]], warmup=0)
            p50[name].append(measure.percentile(values, 50) * 1e6)
            p99[name].append(measure.percentile(values, 99) * 1e6)

        return run

    measure.round_robin({name: timed(name, call) for name, call in calls.items()}, rounds)
    out_peers = _latency_peers(p50, p99, counts)
    for name, note in notes.items():
        out_peers[name] = {"skipped": note}
    return {
        "metrics": {
            "latency": {
                "p50": Stats.of(p50["stance"], "µs").to_dict(),
                "p99": Stats.of(p99["stance"], "µs").to_dict(),
                "calls": counts["stance"],
                "repeats": config.repeats,
            }
        },
        "peers": {"latency": out_peers},
    }


_COLD_CODE = """
import json, time
t0 = time.perf_counter()
import stance
t1 = time.perf_counter()
tagger = stance.load()
t2 = time.perf_counter()
tagger.tag("Nvidia denied the chips have backdoors, a spokesperson said.")
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "first_tag": t3 - t2}))
"""


def cold(config: Config, ctx: Context) -> dict:
    """``import stance; stance.load()`` in a fresh interpreter (after one discarded warm-up process)."""
    runs = measure.fresh_python(_COLD_CODE, config.cold_repeats)
    both = Stats.of([r["import"] + r["load"] for _, r in runs], "s")
    return {
        "metrics": {
            "cold_import_load": {
                **both.to_dict(),
                "import": Stats.of([r["import"] for _, r in runs], "s").to_dict(),
                "load": Stats.of([r["load"] for _, r in runs], "s").to_dict(),
                "first_tag": Stats.of([r["first_tag"] for _, r in runs], "s").to_dict(),
                "process_wall": Stats.of([wall for wall, _ in runs], "s").to_dict(),
                "repeats": config.cold_repeats,
            }
        }
    }


def train(config: Config, ctx: Context) -> dict:
    """Training time on the labelled set, for stance and for each classifier peer."""
    import stance

    texts, labels = corpus.training_set()
    start = time.perf_counter()
    stance.train(corpus.LABELS)
    first = time.perf_counter() - start
    seconds = []
    for _ in range(config.train_repeats):
        start = time.perf_counter()
        stance.train(corpus.LABELS)
        seconds.append(time.perf_counter() - start)
    stance_stats = Stats.of(seconds, "s")
    out_peers = {}
    for name in peers.CLASSIFIERS:
        if name not in config.peers:
            continue
        try:
            peers.build(name, texts, labels)  # warm-up
            values = [peers.build(name, texts, labels).train_seconds for _ in range(config.train_repeats)]
        except peers.Skipped as skipped:
            out_peers[name] = {"skipped": f"skipped: {skipped}"}
            continue
        stats = Stats.of(values, "s")
        out_peers[name] = {**stats.to_dict(), "ratio": stats.median / stance_stats.median}  # the peer's over stance's
    return {
        "metrics": {
            "train": {
                **stance_stats.to_dict(),
                "first_call_s": first,
                "records": len(texts),
                "repeats": config.train_repeats,
            }
        },
        "peers": {"train": out_peers},
    }


#: How the stream section feeds ``stance tag`` (``--stream-input``), with the note its results carry.
STREAM_INPUTS = {
    "jsonl": "`stance tag corpus.jsonl -o out.jsonl --format jsonl --text-field text`",
    "txt": "`stance tag FOLDER --format jsonl > out.jsonl` over one .txt file per article",
}


def stream(config: Config, ctx: Context) -> dict:
    """Peak memory and time of ``stance tag`` as a subprocess over 1k .. 1M generated sentences."""
    mode, note = config.stream_input, STREAM_INPUTS[config.stream_input]
    points = []
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        folder = Path(folder)
        for size in config.stream_sizes:
            source = folder / (f"corpus-{size}.jsonl" if mode == "jsonl" else f"corpus-{size}")
            output = folder / f"out-{size}.jsonl"
            ctx.log(f"  stream {size:,} sentences: writing the corpus")
            if mode == "jsonl":
                docs, generated = corpus.write_jsonl(source, size, seed=config.seed + 2)
                run = measure.run_with_peak_memory(_tag_jsonl(source, output), timeout=config.stream_timeout)
            else:
                docs, generated = corpus.write_txt_folder(source, size, seed=config.seed + 2)
                command = [*STANCE_TAG, str(source), "--format", "jsonl"]
                run = measure.run_with_peak_memory(command, stdout_path=output, timeout=config.stream_timeout)
            ctx.log(f"  stream {size:,} sentences: {run.seconds:.1f} s, peak {run.peak_rss_mb:.0f} MB")
            point = {"sentences": generated, "documents": docs, **_tag_run(run, output)}
            previous = points[-1] if points else None
            if previous and previous["exit_code"] == 0 and run.returncode == 0 and run.seconds > previous["seconds"]:
                # Startup (imports, model) cancels out: the throughput of the extra sentences alone.
                extra = point["tagged"] - previous["tagged"]
                point["marginal_sentences_per_s"] = extra / (run.seconds - previous["seconds"])
            points.append(point)
            shutil.rmtree(source) if source.is_dir() else source.unlink()
            output.unlink(missing_ok=True)
            if run.returncode != 0:
                break
    return {"metrics": {"stream": {"input": mode, "command": note, "points": points, **_shape_of(points)}}}


def _tag_jsonl(source: Path, output: Path, *options: str) -> list[str]:
    """The ``stance tag`` command that tags a generated JSONL corpus into JSONL."""
    return [*STANCE_TAG, str(source), "-o", str(output), "--format", "jsonl", "--text-field", "text", *options]


def jobs(config: Config, ctx: Context) -> dict:
    """``stance tag --jobs N`` (N = the usable cores) against ``--jobs 1`` on one JSONL corpus: time and output."""
    cores = measure.usable_cores()
    runs = []
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        source = Path(folder) / "corpus.jsonl"
        docs, generated = corpus.write_jsonl(source, config.jobs_sentences, seed=config.seed + 6)
        outputs = {}
        for n in sorted({1, cores}):
            outputs[n] = Path(folder) / f"out-{n}.jsonl"
            command = _tag_jsonl(source, outputs[n], "--jobs", str(n), "--quiet")
            ctx.log(f"  jobs {n}: {generated:,} sentences")
            run = measure.run_with_peak_memory(command, timeout=config.stream_timeout)
            runs.append({"jobs": n, **_tag_run(run, outputs[n])})
        reference = outputs[1].read_bytes()
        same = all(path.read_bytes() == reference for n, path in outputs.items() if n != 1)
    first, last = runs[0], runs[-1]
    ok = first["exit_code"] == 0 and last["exit_code"] == 0 and last["seconds"]
    out = {"sentences": generated, "documents": docs, "runs": runs, "same_output": same}
    out["speedup"] = first["seconds"] / last["seconds"] if ok else None
    return {"metrics": {"jobs": out}}


def _tag_run(run: measure.Run, output: Path) -> dict:
    """One ``stance tag`` run: the tags it wrote (lines of ``output``), its time, speed, peak memory and exit code."""
    tagged = _count_lines(output)
    out = {
        "tagged": tagged,
        "seconds": run.seconds,
        "sentences_per_s": tagged / run.seconds if run.seconds else None,
        "peak_rss_mb": run.peak_rss_mb,
        "peak_rss_source": run.peak_rss_source,
        "exit_code": run.returncode,
    }
    if run.returncode != 0:
        out["stderr"] = run.stderr[-1000:]
    return out


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def _shape_of(points: list[dict]) -> dict:
    """How cost and memory grow between the largest point and the first one at or above 100,000 sentences."""
    good = [p for p in points if p["exit_code"] == 0 and p["tagged"]]
    if len(good) < 2:
        return {}
    base = next((p for p in good if p["sentences"] >= 100_000 and p is not good[-1]), good[-2])
    top = good[-1]
    per_sentence = (top["seconds"] / top["tagged"]) / (base["seconds"] / base["tagged"])
    return {
        "from_sentences": base["sentences"],
        "to_sentences": top["sentences"],
        "cost_per_sentence_growth": per_sentence,
        "time_exponent": math.log(top["seconds"] / base["seconds"]) / math.log(top["tagged"] / base["tagged"]),
        "memory_growth": top["peak_rss_mb"] / base["peak_rss_mb"],
        "peak_rss_mb_max": max(p["peak_rss_mb"] for p in good),
    }


def scaling(config: Config, ctx: Context) -> dict:
    """One ``tag_sentences`` call on n sentences for growing n, in this process; stops at the time budget."""
    tagger = ctx.tagger
    tagger.tag_sentences(corpus.sentences(200, seed=config.seed + 5))
    points = []
    note = None
    for size in config.scaling_sizes:
        if points:
            last = points[-1]
            exponent = points[-1].get("exponent", 1.0) or 1.0
            predicted = last["seconds"] * (size / last["sentences"]) ** max(exponent, 1.0)
            if predicted > config.scaling_budget:
                note = (
                    f"stopped before {size:,} sentences: the last step grew as n^{exponent:.2f}, "
                    f"so one call would take about {predicted:,.0f} s (budget {config.scaling_budget:.0f} s)"
                )
                break
        sentences = corpus.sentences(size, seed=config.seed + 4)
        ctx.log(f"  scaling: one tag_sentences call on {size:,} sentences")
        start = time.perf_counter()
        tagger.tag_sentences(sentences)
        seconds = time.perf_counter() - start
        point = {"sentences": size, "seconds": seconds, "sentences_per_s": size / seconds}
        if points:
            point["exponent"] = math.log(seconds / points[-1]["seconds"]) / math.log(size / points[-1]["sentences"])
        points.append(point)
        del sentences
    out = {"points": points}
    if note:
        out["note"] = note
    return {"metrics": {"scaling": out}}


def encoder(config: Config, ctx: Context) -> dict:
    """``stance.load(encoder=True).tag_sentences`` (the optional MiniLM extra) against the default model,
    on the same sentences in the same batches; skipped when the extra is not installed."""
    import stance
    from stance.encoder import available

    if not available():
        return {"metrics": {"encoder": {"skipped": "the encoder extra is not installed"}}}
    plain, encoded = ctx.tagger, stance.load(encoder=True)
    size = max(config.sentences // 20, config.batch_size)  # MiniLM is two orders of magnitude slower
    rounds = [
        _chunks(corpus.sentences(size, seed=_round_seed(config, 8, i)), config.batch_size)
        for i in range(config.repeats)
    ]
    warm_up = corpus.sentences(64, seed=_round_seed(config, 8, config.repeats))
    contenders = {"default": _each(plain.tag_sentences), "encoder": _each(encoded.tag_sentences)}
    timing = measure.round_robin(contenders, rounds, warm_up=[warm_up])
    amounts = [size] * len(rounds)
    out = {name: measure.rates(timing.seconds[name], amounts, "sentences/s").to_dict() for name in contenders}
    return {"metrics": {"encoder": {**out, "sentences": size, "batch_size": config.batch_size}}}


RUNNERS: dict[str, Callable[[Config, Context], dict]] = {
    "batch": batch,
    "articles": articles,
    "latency": latency,
    "cold": cold,
    "train": train,
    "stream": stream,
    "jobs": jobs,
    "scaling": scaling,
    "encoder": encoder,
}
