"""``python -m benchmarks``: run the benchmark, print the tables, write the results as JSON.

Examples
--------
python -m benchmarks                      # the full run (several minutes; streams 1,000,000 sentences)
python -m benchmarks --quick              # under a minute
python -m benchmarks --only batch --only latency
python -m benchmarks --write-results      # also rewrite benchmarks/RESULTS.md from this run
python -m benchmarks --report benchmarks/out/full-....json --write-results   # RESULTS.md from a saved run
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from . import measure, peers, report
from .sections import PROFILES, RUNNERS, SECTIONS, STREAM_INPUTS, Context

HERE = Path(__file__).resolve().parent
#: The layout of the results JSON; 2 since ratios are medians of the rounds' own ratios (``sections._paired``).
SCHEMA = 2
RESULTS_MD = HERE / "RESULTS.md"


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "").replace(",", "")) for part in text.split(":") if part.strip()]


def _peer_list(text: str) -> list[str]:
    if text in ("all", ""):
        return list(peers.ALL)
    if text == "none":
        return []
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in peers.ALL]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown peer(s) {', '.join(unknown)}; choose from {', '.join(peers.ALL)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Measure how fast stance tags, against the peers, in one run."
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats: under a minute")
    parser.add_argument("--only", action="append", choices=SECTIONS, metavar="NAME", help="run only this section")
    parser.add_argument("--skip", action="append", choices=SECTIONS, default=[], metavar="NAME", help="skip a section")
    parser.add_argument("--out", type=Path, help="results JSON (default: benchmarks/out/<profile>-<time>.json)")
    parser.add_argument(
        "--write-results", nargs="?", const=RESULTS_MD, type=Path, metavar="PATH", help="also write RESULTS.md"
    )
    parser.add_argument("--report", type=Path, metavar="JSON", help="measure nothing: show (and write) a saved run")
    parser.add_argument(
        "--peers", type=_peer_list, default=None, help=f"comma list, 'all' or 'none' (peers: {', '.join(peers.ALL)})"
    )
    sizes = parser.add_argument_group("sizes (override the profile)")
    sizes.add_argument("--sentences", type=int, help="sentences of the batch-throughput corpus")
    sizes.add_argument("--batch-size", type=int, help="sentences per tag_sentences / predict call")
    sizes.add_argument("--articles", type=int, help="generated articles for tag()")
    sizes.add_argument("--latency-calls", type=int, help="single-sentence calls per repeat")
    sizes.add_argument("--latency-budget", type=float, help="seconds a round of one slow contender's calls may take")
    sizes.add_argument("--repeats", type=int, help="timed repeats after the warm-up")
    sizes.add_argument("--cold-repeats", type=int, help="fresh processes for the cold start")
    sizes.add_argument("--train-repeats", type=int, help="timed trainings")
    sizes.add_argument("--stream-sizes", type=_sizes, help="sentences streamed through `stance tag`, e.g. 1000:10000")
    sizes.add_argument("--jobs-sentences", type=int, help="sentences tagged by `stance tag --jobs 1` and `--jobs N`")
    sizes.add_argument("--scaling-sizes", type=_sizes, help="sizes of one tag_sentences call, e.g. 1000:10000")
    sizes.add_argument("--scaling-budget", type=float, help="seconds a scaling point may take before it stops")
    sizes.add_argument("--stream-timeout", type=float, help="seconds one `stance tag` run may take")
    sizes.add_argument(
        "--stream-input", choices=tuple(STREAM_INPUTS), help="feed `stance tag` JSONL or a folder of .txt"
    )
    sizes.add_argument("--seed", type=int, help="seed of the synthetic corpus")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.report is not None:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        if results.get("schema") != SCHEMA:
            print(
                f"error: {args.report} holds results of schema {results.get('schema')}; this version reads "
                f"schema {SCHEMA} only (its ratios and articles amounts are measured differently): run again",
                file=sys.stderr,
            )
            return 2
        results["targets"] = report.targets_json(results)
        _show(results, args.report, args.write_results)
        return 0
    profile = "quick" if args.quick else "full"
    overrides = {
        f.name: getattr(args, f.name)
        for f in dataclasses.fields(PROFILES[profile])
        if getattr(args, f.name, None) is not None
    }
    config = dataclasses.replace(PROFILES[profile], **overrides)
    chosen = [s for s in (args.only or SECTIONS) if s not in args.skip]

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict = {
        "schema": SCHEMA,
        "command": "python -m benchmarks" + (" " + " ".join(argv) if argv else ""),
        "profile": profile,
        "config": dataclasses.asdict(config),
        "sections": chosen,
        "machine": measure.machine(),
        "notes": [],
        "metrics": {},
        "peers": {},
    }
    ctx = Context(config, log)
    for name in chosen:
        log(f"[{time.perf_counter() - started:6.1f} s] {name}")
        part = RUNNERS[name](config, ctx)
        results["metrics"].update(part.get("metrics", {}))
        for key, value in part.get("peers", {}).items():
            results["peers"][key] = value
    for name, peer in (ctx._peers or {}).items():
        if isinstance(peer, str):
            results["notes"].append(f"{name} {peer}")
    results["seconds"] = time.perf_counter() - started
    results["load_average_after"] = measure.load_average()
    results["targets"] = report.targets_json(results)
    log(f"[{results['seconds']:6.1f} s] done")

    out = args.out
    if out is None:
        out = HERE / "out" / f"{profile}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _show(results, out, args.write_results)
    return 0


def _show(results: dict, path: Path, markdown: Path | None) -> None:
    print(report.tables(results), end="")
    print(f"\nresults: {path}")
    if markdown:
        markdown.write_text(report.results_markdown(results), encoding="utf-8")
        print(f"wrote {markdown}")


if __name__ == "__main__":
    sys.exit(main())
