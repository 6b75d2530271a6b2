"""Model files that must be refused, each with a clear ``ModelFileError``, before they can use the machine.

A zip bomb is refused without unpacking it; a declared shape of 10^12 values is refused without
allocating it; every metadata field of the wrong type or range and every array of the wrong dtype,
shape or with NaN is named; a path named inside a model file is never read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SEEDS
from fault_corpus import declared_shape_model, rewrite_model, zip_bomb

import stance
from stance.cli import EXIT_FAILED


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "good.npz"
    stance.load().save(path)
    return path


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    """2 MB on disk, 2 GiB unpacked: refused from the sizes the archive declares, in a process that stays small."""
    bomb = tmp_path / "bomb.npz"
    zip_bomb(bomb, gigabytes=2)
    assert bomb.stat().st_size < 3_000_000
    code = (
        "import resource, stance\n"
        f"try:\n    stance.load({str(bomb)!r})\n"
        "except stance.ModelFileError as err:\n    print(err)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    said, peak_kib = result.stdout.splitlines()
    assert said == (
        f"{bomb}: refused: member 'stance_coef.npy' unpacks to 2,147,483,776 bytes, over the limit of "
        f"{stance.tagger.MODEL_MAX_BYTES:,} bytes a model member may take"
    )
    assert int(peak_kib) < 400_000, f"peak memory {int(peak_kib) // 1024} MiB"  # 2 GiB if it were unpacked


def test_a_declared_shape_of_a_trillion_values_is_refused(good, tmp_path):
    path = tmp_path / "huge.npz"
    declared_shape_model(good, path, (10**12,))
    with pytest.raises(stance.ModelFileError, match=r"member 'stance_coef' declares shape \(1000000000000,\)"):
        stance.load(path)


def test_the_command_line_says_so_too(tmp_path):
    bomb = tmp_path / "bomb.npz"
    zip_bomb(bomb, gigabytes=1)
    result = subprocess.run(
        [sys.executable, "-m", "stance", "tag", str(SEEDS), "--model", str(bomb)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == EXIT_FAILED and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {bomb}: refused: member 'stance_coef.npy' unpacks to")


def _set(key, value):
    def change(meta):
        meta[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda meta: [1, 2], "its metadata must be a JSON object, got list"),
        (_set("format", "2"), "model format str '2' is not supported"),
        (_set("params", [4.0, 1.0]), "metadata field 'params' must be an object with C, speaker_C, min_df, cue_weight"),
        (lambda meta: meta["params"].update(C=-1.0), "metadata field 'params.C' must be a number > 0, got float -1.0"),
        (lambda meta: meta["params"].update(min_df="2"), "field 'params.min_df' must be an integer >= 1, got str '2'"),
        (_set("unigrams", "chips"), "metadata field 'unigrams' must be a list of distinct words, got str 'chips'"),
        (_set("unigrams", None), "metadata field 'unigrams' must be a list of distinct words, got None"),
        (_set("stance_temperature", "hot"), "field 'stance_temperature' must be a number > 0, got str 'hot'"),
        (_set("stance_temperature", float("nan")), "field 'stance_temperature' must be a number > 0, got float nan"),
        (_set("aliases", "/etc/passwd"), "field 'aliases' must be a list of [alias, canonical, party] rows"),
        (_set("aliases", [["the", "The", "press"]]), "field 'aliases[0].alias' must be a usable alias"),
        (_set("stance_version", 2), "field 'stance_version' must be a version string, got int 2"),
        (_set("extra_files", ["/etc/passwd"]), "metadata field 'extra_files' must be absent (unknown)"),
        (
            lambda meta: meta.pop("unigrams") and None,
            "metadata field 'unigrams' must be a list of distinct words, got nothing",
        ),
    ],
)
def test_every_metadata_field_is_checked(good, tmp_path, change, says):
    path = tmp_path / "bad.npz"
    rewrite_model(good, path, meta=change)
    with pytest.raises(stance.ModelFileError, match=f"^{path}: .*") as info:
        stance.load(path)
    assert says in str(info.value)


def _array(key, make):
    def change(arrays):
        arrays[key] = make(arrays[key])

    return change


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_array("stance_coef", lambda a: np.full_like(a, np.nan)), "array 'stance_coef' must be finite numbers"),
        (_array("speaker_intercept", lambda a: a + np.inf), "array 'speaker_intercept' must be finite numbers"),
        (_array("stance_coef", lambda a: a.astype(np.float32)), "array 'stance_coef' must be float64, got float32"),
        (_array("stance_coef", lambda a: a[:-1]), "array 'stance_coef' must be shape"),
        (_array("stance_intercept", lambda a: a.reshape(1, -1)), "array 'stance_intercept' must be shape (5,)"),
        (_array("bigram_codes", lambda a: a[::-1].copy()), "array 'bigram_codes' must be increasing codes"),
        (_array("bigram_codes", lambda a: a.astype(np.float64)), "array 'bigram_codes' must be int64, got float64"),
        (_array("meta", lambda a: np.array([str(a)])), "array 'meta' must be one text"),
        (lambda arrays: arrays.pop("speaker_intercept"), "not a stance model file (members"),
        (lambda arrays: arrays.update(payload=np.zeros(3)), "not a stance model file (members"),
    ],
)
def test_every_array_is_checked(good, tmp_path, change, says):
    path = tmp_path / "bad.npz"
    rewrite_model(good, path, arrays=change)
    with pytest.raises(stance.ModelFileError) as info:
        stance.load(path)
    assert says in str(info.value)


def test_nan_coefficients_are_refused_not_tagged(good, tmp_path):
    """The issue's case: NaN coefficients once tagged every sentence ``denial`` with NaN scores and exit 0."""
    path = tmp_path / "nan.npz"
    rewrite_model(good, path, arrays=_array("stance_coef", lambda a: np.where(a > 0, np.nan, a)))
    result = subprocess.run(
        [sys.executable, "-m", "stance", "tag", str(SEEDS), "--model", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == EXIT_FAILED and result.stdout == ""
    assert result.stderr == f"error: {path}: array 'stance_coef' must be finite numbers, got NaN or infinity\n"


def test_a_path_named_inside_a_model_file_is_never_read(good, tmp_path):
    """A model of format 1 named alias files in its parameters; a model now carries its alias rows itself."""
    aliases = tmp_path / "mine.csv"
    aliases.write_text("alias,canonical,party\nZorblax Institute,Zorblax Institute,analyst\n", encoding="utf-8")
    text = "The Zorblax Institute said demand for the chips would fall."
    old = tmp_path / "old.npz"
    rewrite_model(good, old, meta=lambda meta: meta.update(format=1) or meta["params"].update(aliases=[str(aliases)]))
    with pytest.raises(stance.ModelFileError, match="model format 1 is not supported"):
        stance.load(old)
    named = tmp_path / "named.npz"
    rewrite_model(good, named, meta=_set("aliases", [str(aliases)]))
    with pytest.raises(stance.ModelFileError, match=r"field 'aliases' must be a list of \[alias, canonical, party\]"):
        stance.load(named)
    # the way that works: the rows go into the model, which then needs the file no more
    mine = stance.train(ROOT / "labels" / "sentences.jsonl", aliases=aliases)
    path = tmp_path / "mine.npz"
    mine.save(path)
    aliases.unlink()
    loaded = stance.load(path)
    assert loaded.tag(text)[0].speaker == "analyst"
    with np.load(path, allow_pickle=False) as archive:
        meta = json.loads(str(archive["meta"]))
    assert (
        meta["aliases"] == [["Zorblax Institute", "Zorblax Institute", "analyst"]] and "aliases" not in meta["params"]
    )
