"""The public API: exactly these names, sorted, all importable."""

from __future__ import annotations

import stance

EXPECTED = [
    "__version__",
    "Agreement",
    "agreement",
    "BatchReport",
    "check_labels",
    "Codebook",
    "evaluate",
    "Evaluation",
    "InputError",
    "InputTypeError",
    "LabelError",
    "labels_from_tags",
    "LexiconError",
    "load",
    "MissingExtraError",
    "ModelFileError",
    "NotFittedError",
    "PARTIES",
    "read_codebook",
    "read_labels",
    "read_rows",
    "ReadError",
    "Record",
    "Scores",
    "split",
    "StanceError",
    "STANCES",
    "suggest",
    "Suggestion",
    "summarize",
    "Summary",
    "Tag",
    "tag_corpus",
    "tag_dask",
    "tag_dataframe",
    "tag_files",
    "Tagger",
    "train",
    "Why",
    "write_labels",
    "WriteError",
]


def test_all_is_exactly_the_public_api():
    """Fails when a public name appears or vanishes by accident: update EXPECTED on purpose."""
    assert stance.__all__ == EXPECTED


def test_all_is_sorted_and_every_name_exists():
    assert stance.__all__ == sorted(stance.__all__, key=str.casefold)
    for name in stance.__all__:
        assert hasattr(stance, name), name


def test_no_other_public_names_leak():
    public = {name for name in vars(stance) if not name.startswith("_")}
    modules = {"errors", "labels", "sentences", "speakers", "cues", "model", "tagger", "version", "evaluate", "cli"}
    modules |= {
        "batch",
        "summary",
        "frames",
        "lexicon",
        "encoder",
        "codebook",
        "explain",
        "suggest",
        "schema",
        "corrections",
    }
    assert public - modules == set(stance.__all__) - {"__version__"} - modules
