"""The outputs of one ``stance tag`` run to files, with the checkpoint that makes ``--resume`` exact.

Rows go to ``OUT.partial`` and failures to ``ERRORS.partial``. After every batch that ends on a
whole input, :meth:`Outputs.save` flushes both to disk and then atomically rewrites
``OUT.checkpoint``: how many inputs are done, the counts so far, and the size each partial file
had. A resumed run truncates the partial files back to those sizes (dropping whatever a killed
run wrote after its last checkpoint) and skips the inputs already done, so no document is
duplicated or dropped. :meth:`Outputs.finish` renames the partial files into place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, message
from ..version import __version__
from .readers import STDIN, Failure, ReadOptions
from .writers import Writer, open_writer, partial_path

_FORMAT = 1


def checkpoint_path(output: str | Path) -> Path:
    """The checkpoint of an unfinished run writing ``output``."""
    output = Path(output)
    return output.with_name(output.name + ".checkpoint")


def fingerprint(paths: list[str], options: ReadOptions, fmt: str, model: object, errors: Path | None) -> dict[str, Any]:
    """What must not change for a resumed run to continue an interrupted one."""
    inputs = []
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_file():
            stat = path.stat()
            inputs.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
        else:
            inputs.append([name if name == STDIN else str(path.resolve())])
    if model is None or isinstance(model, (str, Path)):
        model_key = None if model is None else str(Path(model).resolve())
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
        "errors": None if errors is None else str(errors.resolve()),
        "stance": __version__,
    }


def _load(path: Path, expected: dict[str, Any], output: Path) -> dict[str, Any] | None:
    """The checkpoint at ``path`` when it belongs to a resumable run of the same settings."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("checkpoint") != _FORMAT or not partial_path(output).exists():
        return None
    changed = [key for key in expected if state.get("fingerprint", {}).get(key) != expected[key]]
    if changed:
        raise InputError(message("RESUME_MISMATCH", path=output, fields=", ".join(changed)))
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
    """

    def __init__(
        self, target: Path | IO[str] | None, fmt: str, errors: Path | None, settings: dict[str, Any], resume: bool
    ) -> None:
        self.checkpoint = checkpoint_path(target) if isinstance(target, Path) else None
        self.settings = settings
        self.errors = errors
        self.state: dict[str, Any] | None = None
        if self.checkpoint is not None and self.checkpoint.exists():
            if resume:
                self.state = _load(self.checkpoint, settings, target)
            else:
                self.checkpoint.unlink()  # a fresh run: the old checkpoint matches no partial file any more
        self.rows: Writer | None = None
        self.failures: Writer | None = None
        self.rows = open_writer(target, fmt, self.state["data"] if self.state else None)
        if errors is not None:
            self.failures = open_writer(errors, "jsonl", self.state["errors"] if self.state else None)

    def write(self, rows: list[dict[str, Any]], failures: list[Failure]) -> None:
        self.rows.write(rows)
        if self.failures is not None and failures:
            self.failures.write([failure.to_dict() for failure in failures])

    def save(self, progress: dict[str, int]) -> None:
        """Flush to disk and record ``progress`` (inputs done and counts) with the partial files' sizes."""
        if self.checkpoint is None:
            return
        state = {
            "checkpoint": _FORMAT,
            "fingerprint": self.settings,
            **progress,
            "data": self.rows.commit(),
            "errors": self.failures.commit() if self.failures is not None else 0,
        }
        temporary = self.checkpoint.with_name(self.checkpoint.name + ".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.checkpoint)

    def finish(self, failed: bool) -> Path | None:
        """Put the outputs in place; the errors file (written only when something ``failed``)."""
        errors = None
        if self.failures is not None:
            if failed:
                self.failures.finish()
                errors = self.errors
            else:
                self.failures.close()
                partial_path(self.errors).unlink(missing_ok=True)
                self.errors.unlink(missing_ok=True)  # an errors file from an earlier run would mislead
            self.failures = None
        self.rows.finish()
        self.rows = None
        if self.checkpoint is not None:
            self.checkpoint.unlink(missing_ok=True)
        return errors

    def close(self) -> None:
        """Stop without finishing: the partial files and checkpoint stay for ``--resume``."""
        for writer in (self.rows, self.failures):
            if writer is not None:
                writer.close()
