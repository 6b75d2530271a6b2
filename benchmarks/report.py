"""The targets of the issue, checked on a run's results, and the tables printed and written to RESULTS.md.

All ratios are stance's speed divided by the peer's (for latency: the peer's latency
over stance's), so above 1 means stance is faster.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import mean

#: "Flat" and "linear" from 100,000 to 1,000,000 sentences: at most this much growth.
FLAT_MEMORY = 1.10
LINEAR_COST = 1.20


@dataclass
class Target:
    """One target: what was measured, the goal, and whether it passed (None: not measured in this run)."""

    name: str
    measured: float | None
    goal: str
    passed: bool | None
    note: str = ""


def _get(results: dict, *keys: str) -> object:
    node: object = results
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _at_least(name: str, value: object, goal: float, unit: str = "x", note: str = "") -> Target:
    if not isinstance(value, (int, float)):
        return Target(name, None, f">= {goal:g}{unit}", None, note or "not measured in this run")
    return Target(name, float(value), f">= {goal:g}{unit}", value >= goal, note)


def _at_most(name: str, value: object, goal: float, unit: str, note: str = "") -> Target:
    if not isinstance(value, (int, float)):
        return Target(name, None, f"< {goal:g}{unit}", None, note or "not measured in this run")
    return Target(name, float(value), f"< {goal:g}{unit}", value < goal, note)


def _ratio_at_least(name: str, peer: object, goal: float) -> Target:
    """A ratio target: it passes when both estimates pass, the median of the rounds' ratios and the
    ratio of the medians (``sections._paired``); the note gives the second."""
    peer = peer if isinstance(peer, dict) else {}
    target = _at_least(name, peer.get("ratio"), goal, note=str(peer.get("skipped") or ""))
    other = peer.get("ratio_of_medians")
    if target.passed is None or not isinstance(other, (int, float)):
        return target
    note = f"ratio of the medians {_ratio(other)}"
    return Target(name, target.measured, target.goal, target.passed and other >= goal, note)


def targets(results: dict) -> list[Target]:
    """The issue's targets as ratios and limits within this run."""
    peers = results.get("peers", {})
    metrics = results.get("metrics", {})
    out = [
        _ratio_at_least(
            "tag_sentences within 2x of the regex floor (stance ÷ floor)", _get(peers, "batch", "regex-floor"), 0.5
        ),
        _ratio_at_least(
            "stretch: tag_sentences ahead of fastText (stance ÷ fastText)", _get(peers, "batch", "fasttext"), 1.0
        ),
        _ratio_at_least(
            "single-sentence p50 latency 10x lower than the pipeline's predict([s])",
            _get(peers, "latency", "tfidf-lr"),
            10.0,
        ),
        _ratio_at_least(
            "tag on articles at least half as fast as Punkt span_tokenize (stance ÷ Punkt)",
            _get(peers, "articles", "punkt"),
            0.5,
        ),
    ]
    stream = metrics.get("stream") or {}
    points = [p for p in stream.get("points", []) if p.get("exit_code") == 0]
    million = [p for p in points if p["sentences"] >= 1_000_000]
    out.append(
        _at_most(
            "peak memory streaming 1,000,000 sentences through `stance tag`",
            million[-1]["peak_rss_mb"] if million else None,
            300,
            " MB",
            note="" if million else "1,000,000 sentences only in the full run",
        )
    )
    big = stream.get("from_sentences", 0) >= 100_000 and stream.get("to_sentences", 0) >= 1_000_000
    note = "" if big else "needs the 100,000 and 1,000,000 points of the full run"
    out.append(
        _at_most(
            "memory flat from 100,000 to 1,000,000 sentences (peak growth)",
            stream.get("memory_growth") if big else None,
            FLAT_MEMORY,
            "x",
            note,
        )
    )
    out.append(
        _at_most(
            "cost linear from 100,000 to 1,000,000 sentences (growth of time per sentence)",
            stream.get("cost_per_sentence_growth") if big else None,
            LINEAR_COST,
            "x",
            note,
        )
    )
    out.append(_at_most("training on the labelled set (median)", _get(metrics, "train", "median"), 2.0, " s"))
    out.append(
        _at_most(
            "cold import stance + stance.load() in a fresh process (median)",
            _get(metrics, "cold_import_load", "median"),
            1.5,
            " s",
        )
    )
    return out


def targets_json(results: dict) -> list[dict]:
    return [asdict(t) for t in targets(results)]


# --- formatting ---------------------------------------------------------------------------------------


def number(value: object) -> str:
    """A readable number: thousands separators from 1,000 up, three significant digits below."""
    if not isinstance(value, (int, float)):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) >= 0.001 else f"{value:.2g}"


def _spread(stats: dict | None) -> str:
    if not stats or "median" not in stats:
        return "–"
    return f"{number(stats['median'])} ({number(stats['min'])}–{number(stats['max'])})"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _ratio(value: object) -> str:
    return f"{value:.3g}x" if isinstance(value, (int, float)) else "–"


def _peer_ratio(peer: dict) -> str:
    """A peer's ratio, with the spread of the rounds' own ratios when the run has them."""
    spread = peer.get("ratios")
    if not spread:
        return _ratio(peer.get("ratio"))
    return f"{_ratio(peer.get('ratio'))} ({_ratio(spread['min'])}–{_ratio(spread['max'])})"


_DESCRIPTIONS = {
    "regex-floor": "regex floor: `pattern.findall(s.lower())`, sklearn's default token pattern",
    "tfidf-lr": "`make_pipeline(TfidfVectorizer(), LogisticRegression())`",
    "hashing-sgd": "`make_pipeline(HashingVectorizer(), SGDClassifier())` (defaults: 2**20 features)",
    "spacy-bow": 'spaCy `textcat` bag-of-words on `spacy.blank("en")`',
    "fasttext": "fastText supervised (fasttext-wheel)",
    "punkt": "NLTK Punkt `span_tokenize` alone",
    "stance.split": "`stance.split` alone (splitting only)",
    "stance.tag_texts": "`Tagger.tag_texts(articles)` (one batch)",
}


def _peer_rows(section: dict, value_key: str | None = None) -> list[list[str]]:
    rows = []
    for name, peer in section.items():
        label = _DESCRIPTIONS.get(name, name)
        if "skipped" in peer:
            rows.append([label, peer["skipped"], "–"])
        elif value_key:
            rows.append([label, _spread(peer[value_key]), _peer_ratio(peer)])
        else:
            rows.append([label, _spread(peer), _peer_ratio(peer)])
    return rows


def _gc_line(stance: dict | None, section: dict) -> str:
    """The share of each contender's timed rounds the garbage collector took (results before it was
    measured: nothing)."""
    shares = [("stance", (stance or {}).get("gc_share"))]
    shares += [(name, peer.get("gc_share")) for name, peer in section.items()]
    known = [f"{name} {share:.1%}" for name, share in shares if isinstance(share, float)]
    if not known:
        return ""
    return "\nGarbage collection inside the timed rounds, as a share of each one's time: " + ", ".join(known) + ".\n"


def tables(results: dict) -> str:
    """All of a run's tables as Markdown (readable in a terminal too)."""
    metrics, peers = results.get("metrics", {}), results.get("peers", {})
    parts = []
    summary = []
    if "tag_sentences" in metrics:
        m = metrics["tag_sentences"]
        summary.append(
            [
                f"`tag_sentences` throughput ({m['sentences']:,} sentences, batches of {m['batch_size']:,})",
                _spread(m),
                "sentences/s",
            ]
        )
    if "tag_articles" in metrics:
        m = metrics["tag_articles"]
        chars = number(mean(m["characters_per_round"]))
        size = f"{m['articles']:,} new articles a round, mean {chars} chars a round"
        summary.append([f"`tag` on whole articles ({size})", _spread(m), "chars/s"])
        summary.append(["  the same, in sentences", _spread(m["sentences_per_s"]), "sentences/s"])
    if "latency" in metrics:
        m = metrics["latency"]
        summary.append([f"`tag_sentences([s])` latency p50 ({m['calls']:,} calls)", _spread(m["p50"]), "µs"])
        summary.append(["`tag_sentences([s])` latency p99", _spread(m["p99"]), "µs"])
    if "cold_import_load" in metrics:
        m = metrics["cold_import_load"]
        summary.append(["cold `import stance; stance.load()`, fresh process", _spread(m), "s"])
        summary.append(["  of which `import stance`", _spread(m["import"]), "s"])
        summary.append(["  then the first `tag()` (imports NLTK)", _spread(m["first_tag"]), "s"])
        summary.append(["  whole process, interpreter start to exit", _spread(m["process_wall"]), "s"])
    if "train" in metrics:
        m = metrics["train"]
        summary.append([f"training on the labelled set ({m['records']} records)", _spread(m), "s"])
        summary.append(["  first call in the process (imports scikit-learn)", number(m["first_call_s"]), "s"])
    encoder = metrics.get("encoder")
    if encoder and "skipped" not in encoder:
        summary.append(
            [
                f"`tag_sentences` with the encoder extra ({encoder['sentences']:,} sentences)",
                _spread(encoder["encoder"]),
                "sentences/s",
            ]
        )
        summary.append(["  the default model on the same sentences", _spread(encoder["default"]), "sentences/s"])
    stream = metrics.get("stream")
    if stream and stream.get("points"):
        top = stream["points"][-1]
        summary.append(
            [f"peak RSS, `stance tag` over {top['sentences']:,} sentences", number(top["peak_rss_mb"]), "MB"]
        )
    if summary:
        parts.append("### stance\n\nmedian (min–max) over repeats after a warm-up\n\n")
        parts.append(_table(["metric", "value", "unit"], summary))
    if "batch" in peers:
        rows = [["**stance** `tag_sentences` (speaker and stance)", _spread(metrics.get("tag_sentences")), "1x"]]
        parts.append("\n### Batch throughput, same sentences, same batches (sentences/s)\n\n")
        parts.append(_table(["contender", "sentences/s", "stance ÷ peer"], rows + _peer_rows(peers["batch"])))
        parts.append(_gc_line(metrics.get("tag_sentences"), peers["batch"]))
    if "articles" in peers:
        rows = [["**stance** `tag` per article (split, speaker, stance)", _spread(metrics.get("tag_articles")), "1x"]]
        parts.append("\n### Whole articles, same texts (characters/s)\n\n")
        parts.append(_table(["contender", "chars/s", "stance ÷ peer"], rows + _peer_rows(peers["articles"])))
        parts.append(_gc_line(metrics.get("tag_articles"), peers["articles"]))
    if "latency" in peers:
        m = metrics.get("latency", {})
        rows = [["**stance** `tag_sentences([s])`", _spread(m.get("p50")), _spread(m.get("p99")), "1x"]]
        for name, peer in peers["latency"].items():
            label = _DESCRIPTIONS.get(name, name) + (f" ({peer['calls']:,} calls)" if "calls" in peer else "")
            if "skipped" in peer:
                rows.append([label, peer["skipped"], "–", "–"])
            else:
                rows.append([label, _spread(peer["p50"]), _spread(peer["p99"]), _peer_ratio(peer)])
        parts.append("\n### Single-sentence latency (µs)\n\n")
        parts.append(_table(["contender", "p50 µs", "p99 µs", "peer p50 ÷ stance p50"], rows))
    if "train" in peers:
        rows = [["**stance** `stance.train(labels)`", _spread(metrics.get("train")), "1x"]]
        parts.append("\n### Training on the labelled set (s)\n\n")
        parts.append(_table(["contender", "seconds", "peer ÷ stance"], rows + _peer_rows(peers["train"])))
    if stream:
        parts.append("\n### Streaming through `stance tag` (subprocess)\n\n")
        parts.append(f"Input: {stream['command']}.\n\n")
        rows = [
            [
                f"{p['sentences']:,}",
                f"{p['documents']:,}",
                f"{p['tagged']:,}",
                number(p["seconds"]),
                number(p["sentences_per_s"]),
                number(p.get("marginal_sentences_per_s")),
                number(p["peak_rss_mb"]),
                str(p["exit_code"]),
            ]
            for p in stream["points"]
        ]
        header = ["sentences", "documents", "tags written", "seconds", "sentences/s", "marginal sentences/s"]
        header += ["peak RSS MB", "exit"]
        parts.append(_table(header, rows))
        parts.append(
            "\nsentences/s includes the process start (imports, model); marginal sentences/s is the extra "
            "sentences over the extra time since the previous row.\n"
        )
        if "cost_per_sentence_growth" in stream:
            parts.append(
                f"\nFrom {stream['from_sentences']:,} to {stream['to_sentences']:,} sentences: time per sentence "
                f"x{stream['cost_per_sentence_growth']:.2f} (time grows as n^{stream['time_exponent']:.2f}), "
                f"peak memory x{stream['memory_growth']:.2f}.\n"
            )
        for p in stream["points"]:
            if p.get("stderr"):
                parts.append(f"\nexit {p['exit_code']} at {p['sentences']:,}: `{p['stderr'][-300:].strip()}`\n")
    jobs = metrics.get("jobs")
    if jobs:
        parts.append(
            f"\n### `stance tag --jobs N` ({jobs['sentences']:,} sentences, {jobs['documents']:,} documents)\n\n"
        )
        rows = [
            [
                str(r["jobs"]),
                number(r["seconds"]),
                number(r["sentences_per_s"]),
                number(r["peak_rss_mb"]),
                str(r["exit_code"]),
            ]
            for r in jobs["runs"]
        ]
        parts.append(_table(["jobs", "seconds", "sentences/s", "peak RSS MB", "exit"], rows))
        speedup = _ratio(jobs["speedup"])
        same = "the same" if jobs["same_output"] else "**different**"
        parts.append(f"\nSpeed-up of the last row over `--jobs 1`: {speedup}; output files {same}. One run each.\n")
    scaling = metrics.get("scaling")
    if scaling:
        parts.append("\n### One `tag_sentences` call on n sentences (in process)\n\n")
        rows = [
            [f"{p['sentences']:,}", number(p["seconds"]), number(p["sentences_per_s"]), number(p.get("exponent"))]
            for p in scaling["points"]
        ]
        parts.append(_table(["sentences", "seconds", "sentences/s", "growth exponent vs previous"], rows))
        if scaling.get("note"):
            parts.append(f"\n{scaling['note']}.\n")
    checked = results.get("targets") or []
    if checked:
        parts.append("\n### Targets (ratios within this run)\n\n")
        rows = []
        for t in checked:
            unit = "x" if t["goal"].endswith("x") else (" MB" if "MB" in t["goal"] else " s")
            measured = "–" if t["measured"] is None else number(t["measured"]) + unit
            verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[t["passed"]]
            rows.append([t["name"], measured, t["goal"].strip(), verdict + (f" ({t['note']})" if t["note"] else "")])
        parts.append(_table(["target", "measured", "goal", "result"], rows))
    return "".join(parts)


def results_markdown(results: dict) -> str:
    """benchmarks/RESULTS.md: the table, the machine, the versions and the command that reproduces it."""
    machine = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items() if v)
    missing = ", ".join(k for k, v in machine["versions"].items() if not v)
    lines = [
        "# Benchmark results",
        "",
        "Generated by the command below (`--write-results`); do not edit by hand. Timings are wall clock on one",
        "machine in one run; compare ratios, not absolute numbers, across machines.",
        "",
        "```",
        results["command"],
        "```",
        "",
        f"- date: {machine['date']}; total run time {results['seconds']:.0f} s; profile: {results['profile']}",
        f"- machine: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{machine['ram_gb']} GB RAM, {machine['os']}",
        f"- Python {machine['python']}; {versions}" + (f"; not installed: {missing}" if missing else ""),
        f"- stance commit: {machine['commit']}",
        f"- load average (1, 5, 15 min) before the run: {machine.get('load_average')}, after: "
        f"{results.get('load_average_after')}",
        "",
    ]
    for note in results.get("notes", []):
        lines.append(f"- note: {note}")
    lines += [
        "How it is measured: every contender gets the same generated sentences or articles",
        "(`benchmarks/corpus.py`) in the same batches, after a warm-up, in rounds so that drift hits all alike;",
        "in the batch, articles and latency sections each round brings new text, and the contenders take turns",
        "going first.",
        "Each section loads stance's model anew, so its token table starts empty whatever ran before.",
        "During the rounds the harness's own heap (imports, peers' models, the input) is frozen for the garbage",
        "collector, as `stance tag` freezes its own; what the contenders allocate is collected on their time,",
        "and the share of each one's time that took is shown under its table. Each call's output is dropped as",
        "soon as it returns, as a loop that writes each result out drops it, so no contender's time goes on",
        "walking outputs the harness kept.",
        "A program that calls the library in a process with a large heap of its own pays more: each full",
        "collection walks that heap (about 0.12 s with this harness's heap unfrozen).",
        "The classifier peers are trained on the same labelled set and predict the stance only; `stance`",
        "also attributes the speaker. Ratios are stance's speed over the peer's (latency: the peer's over",
        "stance's), so above 1 means stance is faster. Where contenders take turns in rounds, a ratio is the",
        "median of the rounds' own ratios (in brackets: their min–max), so that load that comes and goes",
        "between rounds cancels out; a target passes only if the ratio of the medians passes too.",
        "Streaming runs `stance tag` as a subprocess; its peak",
        f'RSS includes the interpreter and imports. "Flat" means peak memory grows less than {FLAT_MEMORY:.2f}x and',
        f'"linear" that time per sentence grows less than {LINEAR_COST:.2f}x from 100,000 to 1,000,000 sentences.',
        "",
    ]
    return "\n".join(lines) + "\n" + tables(results)
