"""The ``stance`` command line: thin wrappers over the importable functions.

Every command catches only :class:`stance.StanceError`, prints ``error: ...`` to
stderr and exits non-zero. Exit codes: 0 success, 1 failure (the command ran
and found errors, or all of its input failed), 2 usage error, 3 partial failure
(some documents could not be read; the rest were tagged).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, StanceError

if TYPE_CHECKING:
    from .tagger import Tag

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def labels_check_cli(args: argparse.Namespace) -> int:
    """``stance labels check [PATH]``: validate a label file and print its counts."""
    from .labels import check_labels

    report = check_labels(args.path, args.articles)
    for problem in report.problems:
        print(f"error: {problem.message}", file=sys.stderr)
    print(report.table(), end="")
    status = "ok" if report.ok else f"{len(report.problems)} error(s)"
    print(f"\n{report.path}: {len(report.records)} records, {status}")
    return EXIT_OK if report.ok else EXIT_FAILED


def train_cli(args: argparse.Namespace) -> int:
    """``stance train [LABELS] -o MODEL``: train a tagger and save it."""
    from .tagger import default_model_path, train

    output = default_model_path() if args.default else args.output
    if output is None:
        raise InputError("stance train needs -o MODEL (or --default to rebuild the built-in model)")
    tagger = train(args.labels, C=args.C, min_df=args.min_df)
    tagger.save(output)
    print(f"saved {output}")
    return EXIT_OK


def eval_cli(args: argparse.Namespace) -> int:
    """``stance eval [LABELS] [-o EVAL.md]``: leave-one-article-out evaluation against the baseline."""
    from .evaluate import evaluate

    evaluation = evaluate(args.labels, C=args.C, min_df=args.min_df)
    report = evaluation.to_markdown()
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    print(report, end="")
    return EXIT_OK


def format_table(rows: list[tuple[str, Tag]], width: int = 70) -> str:
    """A readable table: document, sentence, speaker (name), stance and confidences."""
    lines = [f"{'doc':<14} {'sentence':<{width}}  {'speaker':<30} {'stance':<16} {'conf':>4}"]
    lines.append("-" * len(lines[0]))
    for doc, tag in rows:
        text = " ".join(tag.text.split())
        text = text if len(text) <= width else text[: width - 1] + "…"
        speaker = tag.speaker + (f" ({tag.name})" if tag.name else "")
        speaker = speaker if len(speaker) <= 30 else speaker[:29] + "…"
        confidence = tag.stance_scores[tag.stance]
        lines.append(f"{doc[:14]:<14} {text:<{width}}  {speaker:<30} {tag.stance:<16} {confidence:4.2f}")
    return "\n".join(lines) + "\n"


def tag_cli(args: argparse.Namespace) -> int:
    """``stance tag PATH...``: tag text files (folders are searched for *.txt) and print the tags."""
    import json

    from .tagger import load

    tagger = load(args.model)
    files: list[Path] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    rows = []
    for path in files:
        for tag in tagger.tag(path.read_text(encoding="utf-8", errors="replace")):
            rows.append((path.name, tag))
    if args.format == "table":
        print(format_table(rows), end="")
    else:
        for doc, tag in rows:
            row = {"doc": doc, **{key: getattr(tag, key) for key in tag.__dataclass_fields__}}
            print(json.dumps(row, ensure_ascii=False))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Tag news sentences with speaker and stance.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    labels = commands.add_parser("labels", help="work with label files")
    labels_commands = labels.add_subparsers(dest="labels_command", required=True, metavar="ACTION")
    check = labels_commands.add_parser("check", help="validate a label file and print counts per stance and speaker")
    check.add_argument(
        "path", nargs="?", default="labels/sentences.jsonl", help="label file or folder (default: %(default)s)"
    )
    check.add_argument(
        "--articles", default=None, help="folder with the articles (default: ../seeds beside the labels folder)"
    )
    check.set_defaults(run=labels_check_cli)

    tag = commands.add_parser("tag", help="tag text files and folders")
    tag.add_argument("paths", nargs="+", help="files or folders")
    tag.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    tag.add_argument("--model", default=None, help="model file (default: the built-in model)")
    tag.set_defaults(run=tag_cli)

    train = commands.add_parser("train", help="train a tagger from labels and save it")
    train.add_argument("labels", nargs="?", default="labels/sentences.jsonl", help="label file (default: %(default)s)")
    train.add_argument("-o", "--output", help="model file to write (.npz)")
    train.add_argument("--default", action="store_true", help="rebuild the built-in model inside the package")
    train.add_argument("--C", type=float, default=4.0, help="inverse regularisation of the stance model")
    train.add_argument("--min-df", type=int, default=2, help="articles a feature must occur in")
    train.set_defaults(run=train_cli)

    evaluate = commands.add_parser("eval", help="leave-one-article-out evaluation against a TF-IDF baseline")
    evaluate.add_argument("labels", nargs="?", default=None, help="label file (default: the packaged labels)")
    evaluate.add_argument("-o", "--output", help="also write the Markdown report here (e.g. labels/EVAL.md)")
    evaluate.add_argument("--C", type=float, default=4.0)
    evaluate.add_argument("--min-df", type=int, default=2)
    evaluate.set_defaults(run=eval_cli)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StanceError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
