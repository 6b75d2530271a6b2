"""The catalogue of error messages (stance/errors.py): every message used, every one formats, none written elsewhere."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from conftest import ROOT

from stance import errors
from stance.errors import Messages, message

PACKAGE = ROOT / "stance"
SOURCES = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "errors.py")
KEYS = sorted(key for key in vars(Messages) if key.isupper())

#: The exception classes raised with a message from the catalogue.
ERRORS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}


def fields(key: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(getattr(Messages, key)) if name]


def test_the_catalogue_is_not_empty():
    assert len(KEYS) > 50


@pytest.mark.parametrize("key", KEYS)
def test_every_message_is_used_in_the_package(key):
    pattern = re.compile(rf"""["']{key}["']""")
    users = [path.relative_to(ROOT).as_posix() for path in SOURCES if pattern.search(path.read_text("utf-8"))]
    assert users, f"{key} is in the catalogue but no module of stance/ uses it: remove it or use it"


@pytest.mark.parametrize("key", KEYS)
def test_every_message_formats_with_its_fields(key):
    values = {name: 1 for name in fields(key)}  # a number fits every format spec used ({size:,}, {found!r})
    text = message(key, **values)
    assert "{" not in text.replace("{{", "") and text.strip() == text and text, text
    missing = [name for name in fields(key) if name not in values]
    assert not missing


def test_a_missing_field_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="path"):
        message("FILE_NOT_FOUND")


def _literal(node: ast.AST | None) -> bool:
    """True for a string written in place: a constant or an f-string."""
    return isinstance(node, (ast.JoinedStr, ast.Constant)) and not (
        isinstance(node, ast.Constant) and not isinstance(node.value, str)
    )


def _written_in_place(sources: list[Path]) -> list[str]:
    """Every place in ``sources`` that raises a stance error, makes a Failure or prints an ``error:`` line
    with a message of its own instead of one from the catalogue."""
    found = []
    for path in sources:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            where = f"{path.name}:{node.lineno}"
            if name in ERRORS and node.args and _literal(node.args[0]):
                found.append(f"{where}: {name}(...) with a message written in place")
            if name == "Failure" and len(node.args) >= 4 and _literal(node.args[3]):
                found.append(f"{where}: Failure(...) with a message written in place")
            if name == "print" and node.args and isinstance(node.args[0], ast.JoinedStr):
                parts = node.args[0].values
                first = parts[0]
                if (
                    isinstance(first, ast.Constant)
                    and str(first.value).startswith("error: ")
                    and (len(parts) != 2 or first.value != "error: ")
                ):
                    found.append(f"{where}: an error line with words of its own")
    return found


def test_every_user_facing_error_comes_from_the_catalogue():
    assert _written_in_place(SOURCES) == []


def test_the_check_finds_a_message_written_in_place(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'raise InputError("no")\nprint(f"error: {x} went wrong")\nFailure("f", 1, "d", f"{f}: bad")\n',
        encoding="utf-8",
    )
    assert len(_written_in_place([bad])) == 3


def test_messages_never_say_nonetype_or_option():
    for key in KEYS:
        text = getattr(Messages, key)
        assert "NoneType" not in text and not re.search(r"\boption \{", text), key
    assert errors.describe(None) == "None" and errors.kind(None) == "None"


def test_describe_is_short_even_for_deep_or_long_values():
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert errors.describe(deep) == "list [[[...]]]"
    assert len(errors.describe("x" * 10_000)) < 60


def test_the_package_ships_its_type_marker():
    assert (PACKAGE / "py.typed").is_file()
    assert (Path(errors.__file__).parent / "py.typed").is_file()  # also in the installed package
