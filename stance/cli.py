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

from .errors import StanceError

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
