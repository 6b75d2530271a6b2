"""Timing and memory: warm-up and repeats, latency percentiles, fresh processes, peak RSS.

Every timing is wall-clock ``time.perf_counter`` in this process, except the
cold-start and streaming numbers, which come from a fresh subprocess. Peak
memory of a subprocess is the larger of two readings: ``ru_maxrss`` of the
command, reported by a small launcher process (exact for one process, the
largest one when it has workers), and, when psutil is installed, the sum of RSS
over the command's process tree sampled every 20 ms (which counts parallel
workers together).
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass
class Stats:
    """min / median / max of repeated measurements, in ``unit``."""

    unit: str
    min: float
    median: float
    max: float
    values: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, values: Sequence[float], unit: str) -> Stats:
        values = [float(v) for v in values]
        return cls(unit, min(values), statistics.median(values), max(values), values)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def rates(seconds: Sequence[float], amounts: Sequence[float], unit: str) -> Stats:
    """Throughputs ``amount / seconds`` of each repeat (``amounts``: the work of each, in order)."""
    return Stats.of([amount / s for amount, s in zip(amounts, seconds, strict=True)], unit)


@dataclass
class Rounds:
    """What :func:`round_robin` measured: each contender's seconds in each round, and of those the
    seconds the garbage collector ran during its turns (all rounds together)."""

    seconds: dict[str, list[float]]
    gc_seconds: dict[str, float]

    def gc_share(self, name: str) -> float:
        """The part of a contender's timed seconds that the garbage collector took."""
        return self.gc_seconds[name] / sum(self.seconds[name])


class _GcClock:
    """Adds up the seconds the garbage collector runs while it is installed in ``gc.callbacks``."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started


def round_robin(contenders: dict[str, Callable[[T], object]], rounds: Sequence[T], warm_up: T | None = None) -> Rounds:
    """Seconds of each contender on each round's input, in rounds, so that drift hits all alike.

    Round ``i`` calls every contender on ``rounds[i]``: the same input for all of them, and (as the
    sections use it) new text every round, so that no text is met again. The order of the
    contenders rotates from round to round, so that none always meets a round's text first (and
    pays the cache misses that the next one, sharing the cache, is spared). Each contender first
    runs once, untimed, on ``warm_up`` (input no round holds), when given.

    The objects that exist before the rounds (the imports, the peers' models, the rounds' input) are
    frozen for the garbage collector until the rounds end, as ``stance tag`` freezes its own heap
    before it starts: otherwise a full collection during a round walks the whole harness (about
    0.12 s with the peers loaded) and lands on whichever contender allocated the most by then. The
    rounds' own garbage is still collected, on the time of the contender that made it, and that
    time is reported (``Rounds.gc_seconds``). (If this process had frozen objects before, they stay
    frozen afterwards along with the harness's.)
    """
    if warm_up is not None:
        for run in contenders.values():
            run(warm_up)
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    gc_seconds = dict.fromkeys(contenders, 0.0)
    names = list(contenders)
    clock = _GcClock()
    frozen_before = gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    gc.callbacks.append(clock)
    try:
        for index, work in enumerate(rounds):
            for name in names[index % len(names) :] + names[: index % len(names)]:
                run = contenders[name]
                collected = clock.total
                start = time.perf_counter()
                run(work)
                seconds[name].append(time.perf_counter() - start)
                gc_seconds[name] += clock.total - collected
    finally:
        gc.callbacks.remove(clock)
        if not frozen_before:  # put back as it was (a freeze made before cannot be told apart from this one)
            gc.unfreeze()
    return Rounds(seconds, gc_seconds)


def latencies(call: Callable[[object], object], items: Sequence[object], warmup: int = 50) -> list[float]:
    """Seconds of ``call(item)`` for each item, one call at a time, after ``warmup`` untimed calls."""
    for item in items[:warmup]:
        call(item)
    clock = time.perf_counter_ns
    out = []
    for item in items:
        start = clock()
        call(item)
        out.append((clock() - start) / 1e9)
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def fresh_python(code: str, repeats: int, warmup: int = 1, timeout: float = 120) -> list[tuple[float, dict]]:
    """Run ``code`` in new interpreters; returns (process wall seconds, the JSON the code printed last).

    The code runs with the repository as working directory, so it imports the checkout's ``stance``.
    """
    import json

    out = []
    for i in range(warmup + repeats):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"fresh process failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
        if i >= warmup:
            out.append((wall, json.loads(result.stdout.strip().splitlines()[-1])))
    return out


@dataclass
class Run:
    """A finished subprocess: exit code, wall seconds, peak RSS in MB and the end of its stderr."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    peak_rss_source: str
    stderr: str


# A small Python that starts the command, waits for it and reports its time and ``ru_maxrss``. The command
# is not started from the benchmark process itself because Linux counts the RSS a child had at fork time
# (a copy of its parent's) in the child's ``ru_maxrss``: started from a process that holds scikit-learn and
# spaCy, even ``true`` would show a few hundred MB.
_LAUNCHER = """
import json, resource, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
code = subprocess.call(command)
seconds = time.perf_counter() - start
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as handle:
    json.dump({"code": code, "seconds": seconds, "maxrss_kb": maxrss}, handle)
"""


def run_with_peak_memory(
    command: Sequence[str], stdout_path: Path | None = None, timeout: float | None = None, interval: float = 0.02
) -> Run:
    """Run ``command`` and measure its wall time and peak resident memory (see the module docstring)."""
    import json
    import tempfile

    try:
        import psutil
    except ImportError:
        psutil = None
    polled = [0]
    done = threading.Event()
    with tempfile.TemporaryDirectory(prefix="stance-bench-run-") as folder:
        report_path = Path(folder) / "report.json"
        stderr_path = Path(folder) / "stderr.txt"
        stdout = stdout_path.open("wb") if stdout_path is not None else subprocess.DEVNULL
        with stderr_path.open("wb") as stderr:
            launcher = [sys.executable, "-c", _LAUNCHER, str(report_path), *command]
            process = subprocess.Popen(launcher, cwd=ROOT, stdout=stdout, stderr=stderr)

            def poll() -> None:  # the sum over the launcher's descendants (the command and its workers)
                try:
                    root = psutil.Process(process.pid)
                    while not done.is_set():
                        total = 0
                        for child in root.children(recursive=True):
                            try:
                                total += child.memory_info().rss
                            except psutil.Error:
                                pass
                        polled[0] = max(polled[0], total)
                        done.wait(interval)
                except psutil.Error:
                    return

            poller = threading.Thread(target=poll, daemon=True) if psutil is not None else None
            if poller is not None:
                poller.start()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                for child in psutil.Process(process.pid).children(recursive=True) if psutil else []:
                    child.kill()
                process.kill()
                process.wait()
            done.set()
            if poller is not None:
                poller.join()
        if stdout_path is not None:
            stdout.close()
        error_text = stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        if report_path.exists():
            report = json.loads(report_path.read_text())
        else:
            report = {"code": process.returncode or -9, "seconds": float(timeout or 0), "maxrss_kb": 0}
            error_text += "\n(killed: the time limit was reached)"
    kernel = report["maxrss_kb"] / 1024  # kB on Linux
    polled_mb = polled[0] / 2**20
    peak, source = (kernel, "ru_maxrss") if kernel >= polled_mb else (polled_mb, "psutil tree sum")
    return Run(report["code"], report["seconds"], peak, source, error_text)


# --- the machine ----------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _git_commit() -> str | None:
    """The checked-out commit, read without touching git state (no index refresh)."""
    try:
        head = subprocess.run(
            ["git", "--no-optional-locks", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", "stance"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if head.returncode != 0:
        return None
    return head.stdout.strip() + (" + uncommitted changes in stance/" if dirty.stdout.strip() else "")


PACKAGES = ("stance", "numpy", "scipy", "scikit-learn", "nltk", "spacy", "fasttext-wheel", "psutil")


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (other work on the machine skews every timing)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), else all of them."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def machine() -> dict[str, object]:
    """CPU, cores, RAM, OS, Python and the versions of the packages that take part."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable_cores(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "commit": _git_commit(),
        "load_average": load_average(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
