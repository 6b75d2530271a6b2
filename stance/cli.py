"""The ``stance`` command line: thin wrappers over the importable functions.

Every command catches only :class:`stance.StanceError`, prints ``error: ...`` to
stderr and exits non-zero. Exit codes: 0 success, 1 failure (the command ran
and found errors, or all of its input failed), 2 usage error, 3 partial failure
(some documents could not be read; the rest were tagged). ``stance tag`` also exits
130 when interrupted (Ctrl-C, SIGTERM); ``--resume`` continues such a run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .errors import InputError, StanceError, WriteError, message, os_reason

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def say(text: str, end: str = "\n") -> None:
    """Print to stdout; a stdout that cannot take it (a full disk) is a WriteError, a closed pipe ends quietly."""
    try:
        print(text, end=end)
    except BrokenPipeError:
        raise
    except OSError as err:
        raise WriteError(message("STREAM_FAILED", path="stdout", reason=os_reason(err))) from None


def labels_check_cli(args: argparse.Namespace) -> int:
    """``stance labels check [PATH]``: validate label files and print their counts.

    A folder is searched for every ``sentences.jsonl`` under it; each is checked against its own articles.
    """
    from .codebook import read_codebook
    from .labels import check_labels, label_files

    codebook = read_codebook(args.codebook) if args.codebook else None
    failed = 0
    for path in label_files(args.path):
        report = check_labels(path, args.articles, codebook)
        for problem in report.problems:
            print(f"error: {problem.message}", file=sys.stderr)
        say(report.table(), end="")
        status = "ok" if report.ok else f"{len(report.problems)} error(s)"
        say(f"\n{report.path}: {len(report.records)} records, {status}\n")
        failed += not report.ok
    return EXIT_OK if not failed else EXIT_FAILED


def labels_agree_cli(args: argparse.Namespace) -> int:
    """``stance labels agree FIRST SECOND``: per-field agreement and Cohen's kappa of two readers."""
    from .labels import agreement, read_labels

    say(agreement(read_labels(args.first), read_labels(args.second)).table(), end="")
    return EXIT_OK


def labels_from_tags_cli(args: argparse.Namespace) -> int:
    """``stance labels from-tags TAGS... -o LABELS``: a label file of ``stance tag`` output, to correct by hand."""
    from .batch.writers import read_rows
    from .labels import labels_from_tags, write_labels

    records = labels_from_tags(row for path in args.tags for row in read_rows(path))
    write_labels(records, args.output)
    print(f"wrote {_count(len(records), 'label')} to {args.output}: correct stance, speaker and name", file=sys.stderr)
    return EXIT_OK


def model_params(args: argparse.Namespace) -> dict[str, Any]:
    """The Tagger parameters given on the command line (the rest keep Tagger's defaults).

    Raises
    ------
    InputError
        When one is out of range, naming the option as typed (``--min-df``).
    """
    bad = bad_flag(args, MODEL_FLAGS)
    if bad is not None:
        raise bad
    given = {"C": args.C, "min_df": args.min_df, "cue_weight": args.cue_weight, "encoder": args.encoder or None}
    return {name: value for name, value in given.items() if value is not None}


def bad_flag(args: argparse.Namespace, flags: dict[str, tuple[str, Callable[[object], bool]]]) -> InputError | None:
    """The error for the first option given a value out of range, named as typed (``--max-bytes``); else None.

    ``flags``: option -> (what it must be, test of its value). Options left at None are not checked.
    """
    for flag, (expected, ok) in flags.items():
        value = getattr(args, flag.lstrip("-").replace("-", "_"))
        if value is not None and not ok(value):
            return InputError(message("BAD_VALUE", name=flag, value=repr(value), expected=expected))
    return None


def _at_least(low: float) -> Callable[[object], bool]:
    return lambda value: isinstance(value, (int, float)) and low <= value < float("inf")


def _above(low: float) -> Callable[[object], bool]:
    return lambda value: isinstance(value, (int, float)) and low < value < float("inf")


MODEL_FLAGS = {
    "--C": ("a number > 0", _above(0)),
    "--min-df": ("an integer >= 1", _at_least(1)),
    "--cue-weight": ("a number >= 0", _at_least(0)),
}

TAG_FLAGS = {
    "--jobs": ("1, 2, ... or -1 (all cores)", lambda value: value == -1 or _at_least(1)(value)),
    "--batch-size": ("an integer >= 1", _at_least(1)),
    "--max-bytes": ("an integer >= 1", _at_least(1)),
    "--piece-chars": ("an integer >= 1", _at_least(1)),
    "--text-field": ("a field name", bool),
    "--id-field": ("a field name", bool),
}


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--C", type=float, default=None, help="inverse regularisation of the stance model (default 4)")
    parser.add_argument("--min-df", type=int, default=None, help="articles a word feature must occur in (default 2)")
    parser.add_argument("--cue-weight", type=float, default=None, help="weight of the codebook cue words (default 3)")
    parser.add_argument(
        "--encoder",
        action="store_true",
        help="also learn stance from MiniLM sentence embeddings (needs stance[encoder]; with --default: "
        "the built-in encoder model, stance.load(encoder=True))",
    )


def train_cli(args: argparse.Namespace) -> int:
    """``stance train [LABELS] -o MODEL``: train a tagger and save it."""
    from .tagger import default_model_path, train

    output = default_model_path(encoder=args.encoder) if args.default else args.output
    if output is None:
        raise InputError(message("TRAIN_OUTPUT"))
    if args.default and args.add:
        raise InputError(message("CLI_EXCLUSIVE", option="--add", other="--default"))
    add = [path for paths in args.add for path in paths] if args.add else None
    params = model_params(args)
    if args.codebook:
        params["codebook"] = args.codebook
    if args.lexicon:
        params["lexicon"] = tuple(args.lexicon)
    tagger = train(
        args.labels or None, add=add, add_weight=args.add_weight, learn_aliases=not args.no_learned_aliases, **params
    )
    tagger.save(output)
    say(f"saved {output}")
    return EXIT_OK


def eval_cli(args: argparse.Namespace) -> int:
    """``stance eval``: the project's evaluation (real news first), or ``--gold FILE``: score a model on labels."""
    from .evaluate import evaluate, write_report

    if args.gold:
        evaluation = evaluate(args.gold, model=args.model)
    else:
        if args.model is not None:
            raise InputError(message("BAD_OPTION", option="--model", reason="needs --gold FILE", choices="--gold"))
        evaluation = evaluate(root=args.root, curve=not args.no_curve, test=not args.dev, **model_params(args))
    report = evaluation.to_markdown()
    if args.output_markdown:
        write_report(report, args.output_markdown)
    if args.metrics:
        write_json(evaluation.to_dict(), args.metrics)
    if args.disagreements:
        write_disagreements(evaluation.disagreements(), args.disagreements)
    say(report, end="")
    return EXIT_OK


def write_json(value: object, path: str) -> None:
    """Write ``value`` as indented JSON to ``path`` (an error names the path)."""
    import json

    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(value, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    except OSError as err:
        hint = "choose another file, or create its folder first"
        raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None


def write_disagreements(rows: list[dict[str, object]], path: str) -> None:
    """Write the disagreement rows as JSONL, or CSV when ``path`` ends in ``.csv`` (scores spread over
    ``stance_scores.<stance>`` columns, the ``why`` as ``why.stance`` and ``why.speaker`` lines)."""
    import csv
    import json

    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            if path.endswith(".csv"):
                flat = [_flat_disagreement(row) for row in rows]
                fields = list(flat[0]) if flat else ["set", "article", "text"]
                writer = csv.DictWriter(handle, fields, lineterminator="\n")
                writer.writeheader()
                writer.writerows(flat)
            else:
                handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    except OSError as err:
        hint = "choose another file, or create its folder first"
        raise WriteError(message("FILE_UNWRITABLE", path=path, reason=os_reason(err), hint=hint)) from None


def _flat_disagreement(row: dict[str, object]) -> dict[str, object]:
    from collections.abc import Mapping

    from .explain import Why

    flat = {key: value for key, value in row.items() if key not in ("stance_scores", "why")}
    scores = row.get("stance_scores")
    if isinstance(scores, Mapping):
        flat.update({f"stance_scores.{stance}": value for stance, value in scores.items()})
    why = row.get("why")
    if isinstance(why, Mapping):
        flat.update(Why.from_dict(why).compact())
    return flat


#: Exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT); ``--resume`` continues it.
EXIT_INTERRUPTED = 130
#: The help of ``--lexicon`` (tag, train, explain).
LEXICON_HELP = (
    "lexicon rows (CSV with the columns of one table of stance/data/lexicon/, e.g. "
    "lemma,kind,forms,ambiguous,inverts for reporting verbs) on top of the packaged ones; may be given again"
)

#: Errors printed on stderr when they also go to an errors file; the rest are counted.
SHOWN_ERRORS = 20


def run() -> None:
    """The ``stance`` program: :func:`main` in a process of its own.

    What is still buffered for stdout is written before the program ends; when stdout cannot take
    it (a closed pipe, a full disk), that is said in one line (a closed pipe silently) and stdout is
    pointed at the null device, so Python's own last flush prints no traceback.
    """
    code = main(owns_process=True)
    try:
        sys.stdout.flush()
    except OSError as err:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if not isinstance(err, BrokenPipeError):
            print(f"error: {message('STREAM_FAILED', path='stdout', reason=os_reason(err))}", file=sys.stderr)
            code = code or EXIT_FAILED
    sys.exit(code)


def _usage(err: StanceError) -> int:
    print(f"error: {err}", file=sys.stderr)
    return EXIT_USAGE


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _in_main_thread() -> bool:
    """True in the main thread, where signal handlers can be set."""
    import threading

    return threading.current_thread() is threading.main_thread()


def tag_cli(args: argparse.Namespace) -> int:
    """``stance tag PATH...``: tag documents into one row per sentence (JSONL, CSV, Parquet or a table).

    Returns 0 when every document was tagged, 3 when some failed (each one is reported on stderr
    and in the errors file), 1 when all failed, 2 for a usage error and 130 when interrupted.
    """
    import signal

    from .batch import tag_files
    from .batch.readers import SUFFIXES, Failure
    from .batch.writers import READ_FORMATS, format_for, read_rows
    from .summary import Summary

    if args.scheduler is not None and args.jobs is not None:
        return _usage(InputError(message("CLI_EXCLUSIVE", option="--jobs", other="--scheduler")))
    bad = bad_flag(args, TAG_FLAGS)
    if bad is not None:
        return _usage(bad)
    shown = 0

    def show(failure: Failure) -> None:
        nonlocal shown
        if args.output is None or shown < SHOWN_ERRORS:
            print(f"error: {failure.message}", file=sys.stderr)
        shown += 1

    summary = Summary()
    if args.summary and args.model is not None:  # a model with a codebook of its own: its order of labels
        from .tagger import model_labels

        summary.stance_order, summary.party_order = (list(labels) for labels in model_labels(args.model))
    previous = signal.signal(signal.SIGTERM, _interrupt) if _in_main_thread() else None
    try:
        report = tag_files(
            args.paths,
            args.output,
            format=args.format,
            input_format=args.input_format,
            text_field=args.text_field,
            id_field=args.id_field,
            model=args.model,
            jobs=1 if args.jobs is None else args.jobs,
            scheduler=args.scheduler,
            resume=args.resume,
            errors=args.errors,
            progress=not args.quiet and sys.stderr.isatty(),
            on_error=show,
            on_rows=summary.add if args.summary else None,
            batch_size=args.batch_size,
            max_bytes=args.max_bytes,
            piece_chars=args.piece_chars,
            settle=args.owns_process,
            why=args.why,
            keep_fields=args.keep_fields or (),
            aliases=args.aliases or (),
            lexicon=args.lexicon or (),
        )
    except InputError as err:
        return _usage(err)
    except KeyboardInterrupt:
        hint = "; run the same command with --resume to continue" if args.output else ""
        print(message("INTERRUPTED", hint=hint), file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if shown > SHOWN_ERRORS and report.errors_path is not None:
        print(f"error: {message('MORE_ERRORS', count=shown - SHOWN_ERRORS, path=report.errors_path)}", file=sys.stderr)
    if not args.quiet:
        where = f" -> {report.output}" if report.output else ""
        line = f"tagged {_count(report.documents, 'document')}, {_count(report.sentences, 'sentence')}"
        line += f" in {report.seconds:.{1 if report.seconds >= 10 else 2}f} s{where}"
        if report.resumed:
            line += f" (resumed after {report.resumed:,} inputs)"
        if report.failed:
            line += f"; {report.failed:,} failed" + (f" (see {report.errors_path})" if report.errors_path else "")
        print(line, file=sys.stderr)
        if report.ignored_files:
            files, endings = _count(report.ignored_files, "file"), " ".join(SUFFIXES)
            print(message("LEFT_OUT", files=files, endings=endings, example=report.ignored_example), file=sys.stderr)
    if args.summary:
        # The rows counted while tagging, unless the output also holds an interrupted run's rows.
        fmt = args.format or format_for(report.output)
        if report.resumed and fmt in READ_FORMATS and report.output is not None:
            summary = Summary().add(read_rows(report.output.absolute(), fmt))  # absolute: "-o -" is a file
        elif report.resumed:
            print(message("SUMMARY_OF_THIS_RUN", inputs=_count(report.resumed, "input"), format=fmt), file=sys.stderr)
        if report.output:
            say(summary.report(), end="")
        else:
            print(summary.report(), end="", file=sys.stderr)
    if report.failed == 0:
        return EXIT_OK
    return EXIT_FAILED if report.documents == 0 else EXIT_PARTIAL


def summary_cli(args: argparse.Namespace) -> int:
    """``stance summary OUT...``: who says what in ``stance tag`` output; ``--plot`` draws it."""
    import csv

    from .codebook import read_codebook
    from .summary import summarize

    summary = summarize(args.paths, read_codebook(args.codebook) if args.codebook else None)
    say(summary.report(by_document=args.by_document, by=args.by or ()), end="")
    if args.csv:
        try:
            with open(args.csv, "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, ["doc", "speaker", "stance", "count", "share"], lineterminator="\n")
                writer.writeheader()
                writer.writerows(summary.to_rows())
        except OSError as err:
            hint = "choose another file for --csv"
            raise WriteError(message("FILE_UNWRITABLE", path=args.csv, reason=os_reason(err), hint=hint)) from None
        print(f"saved {args.csv}", file=sys.stderr)
    if args.plot:
        summary.plot(args.plot, by=(args.by or ["party"])[0])
        print(f"saved {args.plot}", file=sys.stderr)
    return EXIT_OK


def explain_cli(args: argparse.Namespace) -> int:
    """``stance explain TEXT``: the definition of a stance or party, or why a sentence gets its tags."""
    from .codebook import codebook_of
    from .explain import describe_tags
    from .tagger import load

    text = " ".join(args.text)
    aliases, lexicon = args.aliases or (), args.lexicon or ()
    tagger = load(args.model, aliases=aliases, lexicon=lexicon) if args.model or not args.codebook else None
    codebook = codebook_of(args.codebook) if args.codebook or tagger is None else tagger._schema().codebook
    if not args.sentence and codebook.find(text) is not None:
        say(codebook.define(text), end="")
        return EXIT_OK
    if tagger is None:
        tagger = load(args.model, aliases=aliases, lexicon=lexicon)
    say(describe_tags(tagger.explain(text)), end="")
    return EXIT_OK


def suggest_cli(args: argparse.Namespace) -> int:
    """``stance suggest CORPUS -n 50 -o LABELS``: the sentences to label next, as a label file to correct."""
    from .suggest import suggest, write_suggestions

    chosen = suggest(
        args.corpus,
        args.n,
        model=args.model,
        exclude=args.exclude or (),
        text_field=args.text_field,
        id_field=args.id_field,
        balance=args.balance,
        speaker_share=args.speaker_share,
        familiar_share=args.familiar_share,
    )
    if not chosen:
        raise InputError(message("NOTHING_TO_SUGGEST"))
    write_suggestions(chosen, args.output)
    documents = len({s.article for s in chosen})
    print(
        f"wrote {_count(len(chosen), 'sentence')} from {_count(documents, 'document')} to {args.output}, "
        "pre-filled with the model's labels: correct them, then stance train --add "
        f"{args.output}",
        file=sys.stderr,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from .version import __version__

    parser = argparse.ArgumentParser(prog="stance", description="Tag news sentences with speaker and stance.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    labels = commands.add_parser("labels", help="work with label files")
    labels_commands = labels.add_subparsers(dest="labels_command", required=True, metavar="ACTION")
    check = labels_commands.add_parser("check", help="validate a label file and print counts per stance and speaker")
    check.add_argument(
        "path",
        nargs="?",
        default="labels/sentences.jsonl",
        help="label file, or a folder: every sentences.jsonl under it (default: %(default)s)",
    )
    check.add_argument(
        "--articles",
        default=None,
        help="folder with the articles (default: articles/ beside the label file or one level up, else ../seeds)",
    )
    check.add_argument("--codebook", metavar="FILE", help="the codebook the labels use (default: the built-in one)")
    check.set_defaults(run=labels_check_cli)
    agree = labels_commands.add_parser(
        "agree", help="agreement and Cohen's kappa of two readers' labels of the same sentences"
    )
    agree.add_argument("first", help="one reader's label file")
    agree.add_argument("second", help="the other reader's label file (the same sentences)")
    agree.set_defaults(run=labels_agree_cli)
    from_tags = labels_commands.add_parser(
        "from-tags",
        help="turn stance tag output into a label file to correct by hand (JSONL, or CSV for a spreadsheet)",
        description="Every row of stance tag output becomes a label record (article, start, end, text, stance, "
        "speaker, name) with the tagger's labels; correct them and train with stance train --add LABELS.",
    )
    from_tags.add_argument("tags", nargs="+", metavar="TAGS", help="stance tag output (.jsonl, .csv, .tsv, .parquet)")
    from_tags.add_argument("-o", "--output", required=True, metavar="LABELS", help="label file (.jsonl, .csv or .tsv)")
    from_tags.set_defaults(run=labels_from_tags_cli)

    from .batch.engine import BATCH_SIZE
    from .batch.readers import INPUT_FORMATS, MAX_BYTES, PIECE_CHARS
    from .batch.writers import FORMATS

    tag = commands.add_parser(
        "tag",
        help="tag documents: one row per sentence (JSONL, CSV, Parquet or a table)",
        description="Tag every sentence of every document with its stance and speaker.",
        epilog="exit codes: 0 all tagged, 3 some inputs failed (the rest are tagged), 1 all failed or error, "
        "2 usage error, 130 interrupted (continue with --resume)",
    )
    tag.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (searched recursively) or - for stdin")
    tag.add_argument("-o", "--output", metavar="OUT", help="output file, written atomically (default: stdout)")
    tag.add_argument("--format", choices=FORMATS, help="output format (default: by OUT's ending; stdout: jsonl)")
    tag.add_argument("--input-format", choices=INPUT_FORMATS, default="auto", help="how named files and - are read")
    tag.add_argument("--text-field", default="text", help="JSONL field / CSV column with the text (default: text)")
    tag.add_argument("--id-field", default="id", help="JSONL field / CSV column with the document id (default: id)")
    tag.add_argument("--model", default=None, help="model file (default: the built-in model)")
    tag.add_argument("-j", "--jobs", type=int, default=None, help="processes on this machine (-1: all cores)")
    tag.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask cluster (e.g. tcp://host:8786)")
    tag.add_argument("--resume", action="store_true", help="continue an interrupted run writing OUT")
    tag.add_argument("--errors", metavar="FILE", help="errors file (default: OUT's name with .errors.jsonl)")
    tag.add_argument("--summary", action="store_true", help="print the who-says-what table at the end")
    tag.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no final report (errors still)")
    tag.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="documents per batch (default: %(default)s)")
    tag.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_BYTES,
        help="largest document accepted, in bytes (default: %(default)s)",
    )
    tag.add_argument(
        "--piece-chars",
        type=int,
        default=PIECE_CHARS,
        help="longer documents are tagged in pieces of this many characters (default: %(default)s)",
    )
    tag.add_argument(
        "--why",
        action="store_true",
        help="say why each tag was given: a 'why' object in JSONL, why.stance and why.speaker columns in "
        "CSV/TSV/Parquet/Excel, two more lines per sentence in a table",
    )
    tag.add_argument(
        "--keep-fields",
        metavar="FIELDS",
        help="fields of JSONL/CSV records to keep in every row of their document, e.g. outlet,date,url",
    )
    tag.add_argument(
        "--aliases",
        action="append",
        metavar="FILE",
        help="speaker aliases (CSV alias,canonical,party) on top of the model's; may be given again",
    )
    tag.add_argument("--lexicon", action="append", metavar="FILE", help=LEXICON_HELP)
    tag.set_defaults(run=tag_cli)

    explain = commands.add_parser(
        "explain",
        help="why a sentence gets its stance and speaker, or what a stance or party means",
        description="With a stance or party name (stance explain denial): its definition in the codebook. "
        "With a sentence or text: its tags, the words, cue groups and features that pushed each stance (signed "
        "contributions of the linear model) and the rule that found each speaker.",
    )
    explain.add_argument("text", nargs="+", metavar="TEXT", help="a sentence (or text), or a stance or party name")
    explain.add_argument("--model", default=None, help="model file (default: the built-in model)")
    explain.add_argument("--aliases", action="append", metavar="FILE", help="speaker alias files, as for tag")
    explain.add_argument("--lexicon", action="append", metavar="FILE", help="lexicon files, as for tag")
    explain.add_argument(
        "--codebook", metavar="FILE", help="a codebook for label definitions (default: the model's; built in: v2)"
    )
    explain.add_argument("--sentence", action="store_true", help="read TEXT as a sentence even if it is a label name")
    explain.set_defaults(run=explain_cli)

    suggest = commands.add_parser(
        "suggest",
        help="pick the sentences whose labels would teach the model most, as a label file to fill in",
        description="Tag CORPUS and pick the N sentences the model is least sure of (the margin between its two "
        "likeliest stances; optionally also its speaker doubt and how unlike the training data a sentence is), "
        "spread over the documents; write them as a label file pre-filled with the model's labels, to correct "
        "and add with stance train --add.",
    )
    suggest.add_argument("corpus", nargs="+", metavar="CORPUS", help="documents, as for stance tag (files, folders)")
    suggest.add_argument("-n", type=int, default=50, help="how many sentences (default: %(default)s)")
    suggest.add_argument("-o", "--output", required=True, metavar="LABELS", help="label file (.jsonl, .csv, .tsv)")
    suggest.add_argument("--model", default=None, help="model file (default: the built-in model)")
    suggest.add_argument(
        "--exclude", nargs="+", metavar="LABELS", help="label files of sentences already labelled (never suggested)"
    )
    suggest.add_argument("--balance", action="store_true", help="take the stances the model predicts in turn")
    suggest.add_argument(
        "--familiar-share", type=float, default=0.0, help="weight of unfamiliarity (1 - familiar) in the score"
    )
    suggest.add_argument("--speaker-share", type=float, default=0.0, help="weight of the speaker model's doubt")
    suggest.add_argument("--text-field", default="text", help="JSONL field / CSV column with the text (default: text)")
    suggest.add_argument("--id-field", default="id", help="JSONL field / CSV column with the document id (default: id)")
    suggest.set_defaults(run=suggest_cli)

    summary = commands.add_parser("summary", help="who says what: speaker x stance counts and shares")
    summary.add_argument("paths", nargs="+", metavar="OUT", help="stance tag output (.jsonl, .csv, .parquet; - stdin)")
    summary.add_argument("--by-document", action="store_true", help="also print one table per document")
    summary.add_argument("--codebook", metavar="FILE", help="the codebook of the model that tagged (label order)")
    summary.add_argument(
        "--by",
        action="append",
        metavar="FIELD",
        help="also print a table by this grouping: canonical (the resolved speaker: Jensen Huang, ...) or a field "
        "kept with stance tag --keep-fields (outlet, date, ...); may be given again; --plot draws the first",
    )
    summary.add_argument("--csv", metavar="FILE", help="write the counts and shares, overall and per document")
    summary.add_argument("--plot", metavar="FILE.png", help="draw the table as a heatmap (needs stance[plot])")
    summary.set_defaults(run=summary_cli)

    train = commands.add_parser("train", help="train a tagger from labels and save it")
    train.add_argument(
        "labels",
        nargs="*",
        help="label files or folders (default: the built-in model's: the seeds, news/train and news/dev)",
    )
    train.add_argument("-o", "--output", help="model file to write (.npz)")
    train.add_argument(
        "--add",
        nargs="+",
        action="append",
        metavar="LABELS",
        help="your own label files (JSONL or CSV, e.g. corrected `stance labels from-tags` output), trained on "
        "with LABELS (default: the built-in training labels), each sentence weighed up",
    )
    train.add_argument(
        "--no-learned-aliases",
        action="store_true",
        help="do not make the names your --add labels give a party into speaker aliases of it",
    )
    train.add_argument("--lexicon", action="append", metavar="FILE", help=LEXICON_HELP + "; the model keeps their rows")
    train.add_argument(
        "--codebook",
        metavar="FILE",
        help="a codebook of your own (JSON: stances, parties, cue words, party aliases) whose labels to learn",
    )
    train.add_argument(
        "--add-weight",
        type=float,
        default=None,
        help="how many times each --add sentence counts (default: yours together weigh a quarter of the others)",
    )
    train.add_argument("--default", action="store_true", help="rebuild the built-in model inside the package")
    add_model_options(train)
    train.set_defaults(run=train_cli)

    evaluate = commands.add_parser(
        "eval",
        help="evaluate: the project's protocol (real news first), or a model on your labels (--gold)",
        description="Without --gold: train and test as the project does on ./labels (news/test first, by topic, "
        "news/dev with a learning curve, the seeds one article left out, the invented sets), each next to a "
        "TF-IDF + logistic regression baseline. With --gold: score a model (--model, default the built-in one) "
        "on labelled articles, without retraining.",
    )
    evaluate.add_argument("--gold", nargs="+", metavar="FILE", help="label files or folders to score a model on")
    evaluate.add_argument("--model", default=None, help="model file to score with --gold (default: the built-in one)")
    evaluate.add_argument("--root", default=".", help="the checkout whose labels/ the protocol uses (default: .)")
    evaluate.add_argument("--dev", action="store_true", help="development figures only: do not score news/test")
    evaluate.add_argument("--no-curve", action="store_true", help="skip the learning curve on news/dev")
    evaluate.add_argument(
        "-o",
        "--output-markdown",
        metavar="EVAL.md",
        help="also write the Markdown report here (e.g. labels/EVAL.md), below the line '<!-- stance eval: "
        "everything below this line is generated and replaced -->'; what is above that line in the file "
        "(hand-written notes) is kept, a file without it is replaced whole, and one with a '---' line "
        "instead (the older format) is refused",
    )
    evaluate.add_argument("--output", dest="metrics", metavar="METRICS.json", help="write every figure as JSON")
    evaluate.add_argument(
        "--disagreements", metavar="FILE", help="write every sentence where tagger and gold differ (.jsonl or .csv)"
    )
    add_model_options(evaluate)
    evaluate.set_defaults(run=eval_cli)
    return parser


def main(argv: Sequence[str] | None = None, owns_process: bool = False) -> int:
    """Run the command line; return the exit code.

    ``owns_process`` says the process runs nothing else (the ``stance`` program, ``python -m stance``),
    so ``stance tag`` may settle the garbage collector (``tag_files(settle=True)``); a caller's process is left alone.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    args.owns_process = owns_process
    try:
        return args.run(args)
    except StanceError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
