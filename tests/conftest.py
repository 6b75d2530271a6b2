"""Shared fixtures: the real seed articles and labels of the project, and the seeds tagged once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stance

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_python(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """``python *args`` in a fresh process (for what must not touch the test process); its stdout (it must succeed).

    ``cwd=ROOT`` runs it from the project's root, where ``benchmarks`` (not installed with the package) imports.
    """
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


LABELS = ROOT / "labels" / "sentences.jsonl"


@pytest.fixture(scope="module")
def tagger() -> stance.Tagger:
    """The built-in model, loaded anew for each test module (fitting it changes no other module's)."""
    return stance.load()


@pytest.fixture(scope="module")
def records() -> list[stance.Record]:
    """The seed labels."""
    return stance.read_labels(LABELS)


@pytest.fixture(scope="session")
def label_rows() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory) -> Path:
    """``stance tag seeds/ -o out.jsonl``, run once: the rows of the seeds tagged in one uninterrupted run."""
    out = tmp_path_factory.mktemp("seeds") / "out.jsonl"
    report = stance.tag_files([SEEDS], out)
    assert report.ok and report.documents == 5
    return out
