"""The code stays ruff clean."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT


def test_ruff_is_clean():
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (it comes with the [test] extra)")
    folders = [name for name in ("stance", "tests", "benchmarks") if (ROOT / name).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
