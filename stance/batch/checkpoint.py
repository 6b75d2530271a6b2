"""The outputs of one ``stance tag`` run to files, with the checkpoint that makes ``--resume`` exact.

Rows go to ``OUT.partial`` and failures to ``ERRORS.partial``. After every batch that ends on a
whole input, :meth:`Outputs.save` flushes both to disk and then atomically rewrites
``OUT.checkpoint``: how many inputs are done, the counts so far, and the size and SHA-256 each
partial file had. A resumed run checks the partial files against them (a partial file cut short
or changed since is refused), cuts them back to those sizes (dropping whatever a killed run
wrote after its last checkpoint) and skips the inputs already done, so no document is
duplicated or dropped. :meth:`Outputs.finish` renames the partial files into place.

Every failure to write is a :class:`~stance.errors.WriteError` naming the file and what to do:
before anything is tagged when an output cannot be made at all, and with the partial files to
delete (or to resume from) when the disk fills up midway.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, ReadError, WriteError, message, os_reason
from ..version import __version__
from .readers import KINDS, STDIN, SUFFIXES, Failure, ReadOptions
from .writers import (
    Layout,
    ResumeMismatch,
    Writer,
    checkpoint_path,
    open_writer,
    partial_path,
    temporary_path,
    written_by_stance,
)

_FORMAT = 2


def _real(path: str | Path) -> str:
    """An absolute path with symbolic links resolved as far as they go (a loop never raises)."""
    return os.path.realpath(path)


def fingerprint(paths: list[str], options: ReadOptions, fmt: str, model: object, errors: Path | None) -> dict[str, Any]:
    """What must not change for a resumed run to continue an interrupted one."""
    inputs: list[list[object]] = []
    for name in paths:
        if name == STDIN:
            inputs.append([name])
            continue
        try:
            info = os.stat(name)
        except OSError:
            info = None
        if info is not None and not os.path.isdir(name):
            inputs.append([_real(name), info.st_size, info.st_mtime_ns])
        else:
            inputs.append([_real(name)])
    if model is None or isinstance(model, (str, Path)):
        model_key = None if model is None else _real(model)
    else:
        model_key = "a Tagger in memory"
    return {
        "inputs": inputs,
        "format": fmt,
        "input_format": options.input_format,
        "text_field": options.text_field,
        "id_field": options.id_field,
        "max_bytes": options.max_bytes,
        "piece_chars": options.piece_chars,
        "model": model_key,
        "errors": None if errors is None else _real(errors),
        "stance": __version__,
    }


def own_files(target: Path | None, errors: Path | None) -> frozenset[str]:
    """Real paths of every file a run writing ``target`` and ``errors`` makes: left out of input folders."""
    own: list[Path] = []
    for path in (target, errors):
        if path is not None:
            own += [path, partial_path(path), temporary_path(path), checkpoint_path(path)]
            own.append(temporary_path(checkpoint_path(path)))
    return frozenset(_real(path) for path in own)


def check_paths(paths: list[str], target: Path | None, errors: Path | None) -> None:
    """Refuse an output or errors file that is an input file, and an errors file that is the output.

    An input is a file named as an argument, or a file in an input folder with an ending read
    there that is not the output of an earlier run (those are left out of the inputs, see
    :func:`own_files`): so no run replaces a document it was given.

    Raises
    ------
    InputError
        Naming the path: writing there would replace an input, or mix rows and errors in one file.
    """
    if target is not None and errors is not None and _real(target) == _real(errors):
        raise InputError(message("ERRORS_IS_OUTPUT", path=errors))
    inputs = {_real(name): name for name in paths if name != STDIN}
    folders = [real for real in inputs if os.path.isdir(real)]
    for path, what in ((target, "-o"), (errors, "--errors")):
        if path is None:
            continue
        for own in (path, partial_path(path), checkpoint_path(path)):
            real = _real(own)
            found = inputs.get(real)
            if found is None and own == path and path.suffix.lower() in SUFFIXES and not written_by_stance(path):
                found = next((inputs[folder] for folder in folders if real.startswith(folder + os.sep)), None)
            if found is not None:
                raise InputError(message("OUTPUT_IS_INPUT", path=own, what=found, name=f"{what} {path}"))


def check_writable(path: Path, what: str) -> None:
    """Refuse, before anything is tagged, an output that is a folder or whose folder does not exist.

    Raises
    ------
    WriteError
        Naming the path and what to do.
    """
    if path.is_dir():
        example = (path / ("tags.errors.jsonl" if what == "--errors" else "tags.jsonl")).as_posix()
        raise WriteError(message("IS_A_FOLDER", path=path, what=what, example=example))
    if path.exists() and not path.is_file():  # a device or FIFO would be replaced by the finished file
        mode = path.stat().st_mode
        kind = next((name for test, name in KINDS if test(mode)), "special file")
        hint = " (or leave out -o to write to stdout)" if what == "-o" else ""
        raise WriteError(message("NOT_A_FILE", path=path, kind=kind, what=what, hint=hint))
    folder = path.absolute().parent
    if not folder.exists() and not folder.is_symlink():
        raise WriteError(message("NO_PARENT", path=path, folder=folder, what=f"{what} path"))


def _load(path: Path, expected: dict[str, Any], output: Path) -> dict[str, Any] | None:
    """The checkpoint at ``path`` when it belongs to a resumable run of the same settings."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("checkpoint") != _FORMAT or not partial_path(output).exists():
        return None
    recorded = state.get("fingerprint")
    changed = [key for key in expected if not isinstance(recorded, dict) or recorded.get(key) != expected[key]]
    if changed:
        raise InputError(message("RESUME_MISMATCH", path=output, fields=", ".join(changed)))
    for key in ("inputs", "documents", "sentences", "failed", "data", "errors"):
        if not isinstance(state.get(key), int) or state[key] < 0:
            return None
    if not isinstance(state.get("data_sha256"), str) or not isinstance(state.get("errors_sha256"), str):
        return None
    return state


class Outputs:
    """Where one run writes: rows, failures (optional) and, for a file output, the checkpoint.

    Parameters
    ----------
    target : Path or text stream
        The output file, or a stream (then nothing is checkpointed and ``resume`` is refused).
    fmt : str
        The output format.
    errors : Path, optional
        The errors file.
    settings : dict
        The run's :func:`fingerprint`.
    resume : bool
        Continue from the checkpoint, if there is one (:attr:`state` then holds it).

    Raises
    ------
    WriteError
        When an output cannot be made (no folder, a read-only folder, no permission).
    ReadError
        When resuming and a partial file is not what its checkpoint recorded.
    """

    def __init__(
        self,
        target: Path | IO[str] | None,
        fmt: str,
        errors: Path | None,
        settings: dict[str, Any],
        resume: bool,
        layout: Layout | None = None,
    ) -> None:
        self.target = target
        self.checkpoint = checkpoint_path(target) if isinstance(target, Path) else None
        self.settings = settings
        self.errors = errors
        self.state: dict[str, Any] | None = None
        self.rows: Writer | None = None
        self.failures: Writer | None = None
        if isinstance(target, Path) and self.checkpoint is not None and self.checkpoint.exists():
            if resume:
                self.state = _load(self.checkpoint, settings, target)
            else:
                with self._writing(self.checkpoint, "FILE_UNWRITABLE"):
                    self.checkpoint.unlink()  # a fresh run: the old checkpoint matches no partial file any more
        state = self.state
        try:
            with self._writing(target, "FILE_UNWRITABLE"):
                resume_rows = (state["data"], state["data_sha256"]) if state else None
                self.rows = open_writer(target, fmt, resume_rows, layout)
            if errors is not None:
                with self._writing(errors, "FILE_UNWRITABLE"):
                    resume_errors = (state["errors"], state["errors_sha256"]) if state else None
                    self.failures = open_writer(errors, "jsonl", resume_errors)
        except ResumeMismatch as mismatch:
            self.close()
            partial = partial_path(errors if self.rows is not None and errors is not None else target)  # type: ignore[arg-type]
            raise ReadError(
                message("RESUME_CORRUPT", path=target, partial=partial, problem=mismatch, checkpoint=self.checkpoint)
            ) from None

    @contextlib.contextmanager
    def _writing(self, path: Path | IO[str] | None, key: str = "WRITE_FAILED") -> Iterator[None]:
        """Turn an operating system error while writing ``path`` into a :class:`WriteError` saying what to do.

        ``key``: ``FILE_UNWRITABLE`` while the outputs are made (before anything is tagged), else ``WRITE_FAILED``.
        """
        try:
            yield
        except OSError as err:
            if isinstance(err, WriteError):
                raise
            if not isinstance(path, Path):
                raise WriteError(message("STREAM_FAILED", path="stdout", reason=os_reason(err))) from None
            raise WriteError(message(key, path=path, reason=os_reason(err), hint=self._hint(err))) from None

    def _hint(self, err: OSError) -> str:
        """What to do after a failed write: which files are left, and whether ``--resume`` can continue."""
        left = [path for writer in (self.rows, self.failures) if writer is not None for path in writer.leftovers()]
        if self.checkpoint is not None:
            left += [self.checkpoint, temporary_path(self.checkpoint)]
        left = [path for path in left if path.exists()]
        files = ", ".join(str(path) for path in left)
        if err.errno in (errno.ENOSPC, errno.EDQUOT) and self.rows is not None:
            return (
                f"free some space and run the same command with --resume, or delete {files} to give up"
                if files
                else "free some space and run the command again"
            )
        if files:
            return f"choose another output (-o, --errors) or make the folder writable; then delete {files}"
        return "choose another output (-o, --errors) or make the folder writable"

    def write(self, rows: list[dict[str, Any]], failures: list[Failure]) -> None:
        assert self.rows is not None
        with self._writing(partial_path(self.target) if isinstance(self.target, Path) else self.target):
            self.rows.write(rows)
        if self.failures is not None and failures and self.errors is not None:
            with self._writing(partial_path(self.errors)):
                self.failures.write([failure.to_dict() for failure in failures])

    def save(self, progress: dict[str, int]) -> None:
        """Flush to disk and record ``progress`` (inputs done and counts) with the partial files' sizes and digests."""
        assert self.rows is not None
        with self._writing(partial_path(self.target) if isinstance(self.target, Path) else self.target):
            data = self.rows.commit()
        errors, errors_sha256 = 0, ""
        if self.failures is not None and self.errors is not None:
            with self._writing(partial_path(self.errors)):
                errors, errors_sha256 = self.failures.commit(), self.failures.digest()
        if self.checkpoint is None:
            return
        state = {
            "checkpoint": _FORMAT,
            "fingerprint": self.settings,
            **progress,
            "data": data,
            "data_sha256": self.rows.digest(),
            "errors": errors,
            "errors_sha256": errors_sha256,
        }
        temporary = temporary_path(self.checkpoint)
        with self._writing(self.checkpoint):
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(state, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.checkpoint)

    def finish(self, failed: bool) -> Path | None:
        """Put the outputs in place; the errors file (written only when something ``failed``)."""
        errors = None
        if self.failures is not None and self.errors is not None:
            with self._writing(self.errors):
                if failed:
                    self.failures.finish()
                    errors = self.errors
                else:
                    self.failures.close()
                    partial_path(self.errors).unlink(missing_ok=True)
                    self.errors.unlink(missing_ok=True)  # an errors file from an earlier run would mislead
            self.failures = None
        assert self.rows is not None
        with self._writing(self.target):
            self.rows.finish()
            self.rows = None
            if self.checkpoint is not None:
                self.checkpoint.unlink(missing_ok=True)
        return errors

    def close(self) -> None:
        """Stop without finishing: the partial files and checkpoint stay for ``--resume``."""
        for writer in (self.rows, self.failures):
            if writer is not None:
                with contextlib.suppress(OSError):
                    writer.close()
