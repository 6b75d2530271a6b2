"""The codebook: the stances and speaker parties a tagger uses, with their definitions.

The built-in codebook is version 2 of the project's codebook (``stance/data/codebook.json``, taken
from ``../shared/CODEBOOK.md``): five stances in precedence order and ten parties. ``stance explain
LABEL`` prints a label's definition from it.

A codebook file of your own (JSON) extends or replaces it::

    {
      "mode": "extend",
      "stances": [{"name": "health", "description": "frames the matter as public health",
                   "cues": ["vaccine", "hospital*", "public health"]}],
      "parties": [{"name": "who", "description": "the World Health Organization",
                   "aliases": ["WHO", "World Health Organization", "Tedros"]}]
    }

``mode`` is ``extend`` (the built-in labels plus these; a label already there gets the new
description, cues and aliases; new stances go before ``neutral``, which stays last) or ``replace``
(exactly these labels, stances in precedence order). A stance may list ``cues`` (words or phrases;
a word ending in ``*`` matches any ending), a party ``aliases`` (ways the text names it), both
optional; ``description`` and ``notes`` are for people. See :mod:`stance.schema` for how a tagger
trains on a codebook of its own.
"""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, LabelError, describe, message, os_reason

#: The fields a label of a codebook file may have.
LABEL_FIELDS = ("name", "description", "cues", "aliases", "notes")
#: The fields of a codebook file.
CODEBOOK_FIELDS = ("codebook", "version", "source", "mode", "stances", "parties", "stance_rule", "speaker_rule", "note")
MODES = ("extend", "replace")
#: Definitions are wrapped to lines of this many characters.
WIDTH = 100


@dataclass(frozen=True)
class Label:
    """One stance or party of a codebook: its name, what it means, and the words that signal it."""

    name: str
    description: str = ""
    cues: tuple[str, ...] = ()  # stances: words and phrases that signal it
    aliases: tuple[str, ...] = ()  # parties: ways a text names it
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "cues": list(self.cues),
            "aliases": list(self.aliases),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Codebook:
    """The stances (in precedence order: when several apply, the first wins) and parties in use."""

    stances: tuple[Label, ...]
    parties: tuple[Label, ...]
    name: str = "stance codebook"
    version: str = "2"
    stance_rule: str = ""
    speaker_rule: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def stance_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.stances)

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.parties)

    def find(self, name: str) -> tuple[str, Label] | None:
        """``("stance" or "party", label)`` for a label name (case is ignored), else None."""
        key = name.strip().lower()
        for kind, labels in (("stance", self.stances), ("party", self.parties)):
            for label in labels:
                if label.name.lower() == key:
                    return kind, label
        return None

    def define(self, name: str) -> str:
        """The definition of a stance or party as a few lines of text (``stance explain LABEL``).

        Raises
        ------
        InputError
            When ``name`` is no label of this codebook (the labels are listed).
        """
        found = self.find(name)
        if found is None:
            choices = ", ".join((*self.stance_names, *self.party_names))
            raise InputError(message("NO_LABEL", name=name, codebook=self.title, choices=choices))
        kind, label = found
        labels = self.stances if kind == "stance" else self.parties
        position = [item.name for item in labels].index(label.name) + 1
        lines = [f"{label.name}: {kind} {position} of {len(labels)} ({self.title})"]
        paragraphs = []
        if label.description:
            paragraphs.append(f"the sentence {label.description}" if kind == "stance" else label.description)
        if label.cues:
            paragraphs.append(f"cues: {', '.join(label.cues)}")
        if label.aliases:
            paragraphs.append(f"aliases: {', '.join(label.aliases)}")
        paragraphs += [f"- {note}" for note in label.notes]
        rule = self.stance_rule if kind == "stance" else self.speaker_rule
        if rule:
            paragraphs.append(rule)
        for paragraph in paragraphs:
            indent = "    " if paragraph.startswith("- ") else "  "
            lines += textwrap.wrap(paragraph, WIDTH, initial_indent="  ", subsequent_indent=indent)
        return "\n".join(lines) + "\n"

    @property
    def title(self) -> str:
        return f"{self.name} version {self.version}" + (f", {self.source}" if self.source else "")

    def to_dict(self) -> dict[str, Any]:
        """The codebook as a file of mode ``replace`` holds it (it reads back to an equal codebook)."""
        return {
            "codebook": self.name,
            "version": self.version,
            "source": self.source,
            "mode": "replace",
            "stances": [label.to_dict() for label in self.stances],
            "parties": [label.to_dict() for label in self.parties],
            "stance_rule": self.stance_rule,
            "speaker_rule": self.speaker_rule,
        }


def _strings(value: object, where: str, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LabelError(
            message("CODEBOOK_FIELD", path=path, field=where, expected="a list of words", found=describe(value))
        )
    return tuple(item.strip() for item in value)


def _label(obj: object, where: str, path: str) -> Label:
    if not isinstance(obj, dict):
        raise LabelError(message("CODEBOOK_FIELD", path=path, field=where, expected="an object", found=describe(obj)))
    for key in obj:
        if key not in LABEL_FIELDS:
            raise LabelError(
                message(
                    "CODEBOOK_FIELD",
                    path=path,
                    field=f"{where}.{key}",
                    expected="absent (unknown)",
                    found=describe(obj[key]),
                )
            )
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip() or any(c.isspace() or c == "," for c in name.strip()):
        expected = "a name without spaces or commas"
        raise LabelError(
            message("CODEBOOK_FIELD", path=path, field=f"{where}.name", expected=expected, found=describe(name))
        )
    description = obj.get("description", "")
    if not isinstance(description, str):
        raise LabelError(
            message(
                "CODEBOOK_FIELD", path=path, field=f"{where}.description", expected="text", found=describe(description)
            )
        )
    return Label(
        name.strip(),
        description.strip(),
        _strings(obj.get("cues", []), f"{where}.cues", path),
        _strings(obj.get("aliases", []), f"{where}.aliases", path),
        _strings(obj.get("notes", []), f"{where}.notes", path),
    )


def _merge(base: tuple[Label, ...], new: list[Label], keep_last: str | None) -> tuple[Label, ...]:
    """``base`` with ``new`` merged in: a known name gets the new text and words added, others are added
    (before ``keep_last`` when it is in ``base``)."""
    labels = list(base)
    names = [label.name for label in labels]
    for label in new:
        if label.name in names:
            i = names.index(label.name)
            old = labels[i]
            labels[i] = replace(
                old,
                description=label.description or old.description,
                cues=tuple(dict.fromkeys(old.cues + label.cues)),
                aliases=tuple(dict.fromkeys(old.aliases + label.aliases)),
                notes=old.notes + label.notes,
            )
            continue
        at = names.index(keep_last) if keep_last in names else len(labels)
        labels.insert(at, label)
        names.insert(at, label.name)
    return tuple(labels)


def parse_codebook(obj: object, path: str = "<codebook>") -> Codebook:
    """A codebook from the parsed JSON of a codebook file (see the module docstring).

    Raises
    ------
    LabelError
        When a field is unknown or of the wrong type, a mode unknown, a name given twice, or a
        codebook has fewer than two stances or parties.
    """
    if not isinstance(obj, dict):
        raise LabelError(
            message("CODEBOOK_FIELD", path=path, field="(the file)", expected="a JSON object", found=describe(obj))
        )
    for key in obj:
        if key not in CODEBOOK_FIELDS:
            raise LabelError(
                message("CODEBOOK_FIELD", path=path, field=key, expected="absent (unknown)", found=describe(obj[key]))
            )
    mode = obj.get("mode", "extend")
    if mode not in MODES:
        raise LabelError(
            message("CODEBOOK_FIELD", path=path, field="mode", expected="extend or replace", found=describe(mode))
        )
    lists: dict[str, list[Label]] = {}
    for kind in ("stances", "parties"):
        items = obj.get(kind, [])
        if not isinstance(items, list):
            raise LabelError(
                message("CODEBOOK_FIELD", path=path, field=kind, expected="a list of labels", found=describe(items))
            )
        lists[kind] = [_label(item, f"{kind}[{i}]", path) for i, item in enumerate(items)]
        names = [label.name for label in lists[kind]]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise LabelError(
                message("CODEBOOK_FIELD", path=path, field=kind, expected="distinct names", found=f"{twice[0]!r} twice")
            )
    texts = {}
    for key in ("codebook", "source", "stance_rule", "speaker_rule"):
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise LabelError(message("CODEBOOK_FIELD", path=path, field=key, expected="text", found=describe(value)))
        texts[key] = value
    version = obj.get("version", "")
    if isinstance(version, bool) or not isinstance(version, (str, int, float)):
        raise LabelError(
            message("CODEBOOK_FIELD", path=path, field="version", expected="a number or text", found=describe(version))
        )
    if mode == "replace":
        stances, parties = tuple(lists["stances"]), tuple(lists["parties"])
        base = None
    else:
        base = default_codebook()
        stances = _merge(base.stances, lists["stances"], "neutral")
        parties = _merge(base.parties, lists["parties"], None)
    for kind, labels in (("stances", stances), ("parties", parties)):
        if len(labels) < 2:
            raise LabelError(
                message("CODEBOOK_FIELD", path=path, field=kind, expected="two labels or more", found=len(labels))
            )
    return Codebook(
        stances,
        parties,
        name=texts["codebook"] or (base.name if base else Path(path).stem),
        version=str(version) if version != "" else (f"{base.version}+{Path(path).stem}" if base else "1"),
        stance_rule=texts["stance_rule"] or (base.stance_rule if base and not lists["stances"] else ""),
        speaker_rule=texts["speaker_rule"] or (base.speaker_rule if base else ""),
        source=texts["source"] or ("" if path.startswith("<") else str(path)),
    )


def read_codebook(path: str | os.PathLike[str]) -> Codebook:
    """Read a codebook file (JSON; see the module docstring).

    Raises
    ------
    LabelError
        When the file is missing, unreadable, not JSON or not a sound codebook (the field is named).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(
            message("WRONG_OBJECT", what="codebook", expected="a codebook file (JSON)", found=describe(path))
        )
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LabelError(message("FILE_NOT_FOUND", path=name)) from None
    except UnicodeDecodeError as err:
        raise LabelError(message("NOT_UTF8", path=name, offset=err.start, reason=err.reason)) from None
    except OSError as err:
        raise LabelError(message("FILE_UNREADABLE", path=name, reason=os_reason(err))) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise LabelError(message("BAD_JSON", path=name, line=err.lineno, reason=err.msg)) from None
    except RecursionError:
        raise LabelError(message("BAD_JSON", path=name, line=1, reason="nested too deeply to read")) from None
    return parse_codebook(obj, name)


@cache
def default_codebook() -> Codebook:
    """The built-in codebook (version 2), read once from ``stance/data/codebook.json``."""
    text = (resources.files("stance") / "data" / "codebook.json").read_text(encoding="utf-8")
    return parse_codebook(json.loads(text), "stance/data/codebook.json")


def codebook_of(value: Codebook | str | os.PathLike[str] | None) -> Codebook:
    """A codebook from a :class:`Codebook`, a codebook file, or None (the built-in one)."""
    if value is None:
        return default_codebook()
    if isinstance(value, Codebook):
        return value
    return read_codebook(value)
