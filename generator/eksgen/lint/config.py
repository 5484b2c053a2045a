"""The repository configuration, .eksgen.yaml: rules switched off for every spec.

    # .eksgen.yaml
    ignore: [EKS023, EKS025]

It is looked for in the current folder and its parents (the first one found wins), or given
with --config.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eksgen.errors import Problem

CONFIG_NAME = ".eksgen.yaml"


@dataclass(frozen=True)
class Config:
    """What .eksgen.yaml says (empty when there is none)."""

    file: str = ""
    ignore: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default=())


def find_config(start: Path | None = None) -> Path | None:
    """The nearest .eksgen.yaml in start (default: the current folder) or its parents."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: Path | None) -> Config:
    """Read and check a configuration file; problems carry their file:line."""
    if path is None:
        return Config()
    from eksgen.spec import CarefulError, format_path, read_documents

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Config(name, problems=(Problem(name, 1, 1, "", f"cannot read: {error}"),))
    try:
        documents = list(read_documents(text))
    except CarefulError as error:
        problem = Problem(name, error.line, error.column, format_path(error.path), error.message)
        return Config(name, problems=(problem,))
    if len(documents) > 1:
        mark = documents[1].node.start_mark
        message = f"expected one YAML document, found {len(documents)}"
        return Config(name, problems=(Problem(name, mark.line + 1, mark.column + 1, "", message),))
    if not documents:
        return Config(name)
    # The settings are read as written: a merge key (<<) hides where a setting came from.
    found = documents[0].problems(merge_keys=False)
    if found:
        problems = tuple(
            Problem(name, item.line, item.column, format_path(item.path), item.message)
            for item in found
        )
        return Config(name, problems=problems)
    return _checked(name, documents[0].data)


def _checked(name: str, data: Any) -> Config:
    from eksgen.lint.rules import RULES

    if data is None:
        return Config(name)
    if not isinstance(data, dict):
        return Config(
            name, problems=(Problem(name, 1, 1, "", "expected a mapping: ignore: [...]"),)
        )
    problems = [
        _at(name, data, key, True, f"unknown setting {key!r} (expected: ignore)")
        for key in data
        if key != "ignore"
    ]
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(item, str) for item in ignore):
        problems.append(_at(name, data, "ignore", False, "expected a list of rule IDs"))
        ignore = []
    for index, rule in enumerate(ignore):
        if rule not in RULES:
            line, column = _position(ignore, index)
            message = f"{rule!r} is not a rule ID (see eksgen explain --list)"
            problems.append(Problem(name, line, column, f"ignore[{index}]", message))
    return Config(name, tuple(rule for rule in ignore if rule in RULES), tuple(problems))


def _at(name: str, data: Any, key: str, at_key: bool, message: str) -> Problem:
    lc = data.lc
    line, column = lc.key(key) if at_key else lc.value(key)
    return Problem(name, line + 1, column + 1, str(key), message)


def _position(items: Any, index: int) -> tuple[int, int]:
    line, column = items.lc.item(index)
    return line + 1, column + 1
