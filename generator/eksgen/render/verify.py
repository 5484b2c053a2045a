"""Read every rendered text back and check it says exactly what the model meant.

This is the guard between templates and users: a quoting slip, a template typo, a value that
changes the YAML's structure, or a user template that writes another port, path, selector
or annotation than the spec says is caught here, before anything is written.

Each text carries an Intent: the data it must read back as. For Kubernetes objects every
field of the intended object must read back equal (type included, so 80 is not "80") and
lists must match item for item; a template may add fields the model does not mention,
except under CLOSED_FIELDS, which must hold exactly the intended entries. Values files are
compared whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple, Protocol

from eksgen.render.admission import refusal
from eksgen.spec.path import FieldPath, format_path

# Rendered objects are small; this only bounds the fast reader's walk.
_MAX_NODES = 1_000_000
# Custom resources checked against the project's own schemas in schemas/crds/.
CRD_SCHEMAS = {"SecurityGroupPolicy": "securitygrouppolicy", "ENIConfig": "eniconfig"}
_MISSING = object()


class Rendered(Protocol):
    """A rendered Kubernetes object (eksgen.render.manifests.Manifest, say)."""

    @property
    def kind(self) -> str: ...  # noqa: D102
    @property
    def name(self) -> str: ...  # noqa: D102
    @property
    def filename(self) -> str: ...  # noqa: D102
    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def intent(self) -> Intent | None: ...  # noqa: D102


class RenderCheckFailed(Exception):
    """A rendered text does not read back as intended: a bug in eksgen or in a template."""


# A NamedTuple, not a frozen dataclass: every run defines it, and a dataclass's generated
# methods take about a millisecond of start-up to build.
class Intent(NamedTuple):
    """What a rendered text must read back as.

    whole: the document must equal expected exactly; otherwise expected's fields must all
    read back equal, and only the closed mappings refuse extra keys.
    """

    expected: dict[str, Any]
    whole: bool = False
    closed: tuple[FieldPath, ...] = ()
    reader: str = "yaml"  # or "set-env": a shell script of kubectl set env commands

    @classmethod
    def for_object(cls, expected: dict[str, Any]) -> Intent:
        """The intent of a Kubernetes object: open but for the closed fields."""
        from eksgen.render.objects import CLOSED_FIELDS

        return cls(expected, whole=False, closed=CLOSED_FIELDS)

    @classmethod
    def for_values(cls, expected: dict[str, Any]) -> Intent:
        """The intent of a values file: exactly this data."""
        return cls(expected, whole=True)

    @classmethod
    def for_set_env(cls, env_by_container: dict[str, dict[str, str]]) -> Intent:
        """The intent of a script of `kubectl set env`: container -> exactly this env."""
        return cls(env_by_container, whole=True, reader="set-env")


def verify(manifests: Iterable[Rendered]) -> None:
    """Raise RenderCheckFailed when a manifest does not read back as its intended object.

    Or when it is an object the Kubernetes API server would refuse (admission.py).
    """
    for manifest in manifests:
        document = parse_single(manifest.text, manifest.filename)
        if manifest.intent is not None:
            check(document, manifest.intent, manifest.label)
        _check_crd(manifest, document)
        refused = refusal(document)
        if refused is not None:
            raise RenderCheckFailed(f"{manifest.label}: {refused}")


def verify_text(text: str, label: str, intent: Intent) -> None:
    """Raise RenderCheckFailed unless text reads back as intended.

    The text is one YAML mapping, or with the set-env reader a kubectl set env script.
    """
    if intent.reader == "set-env":
        document: dict[str, Any] = read_set_env(text, label)
    else:
        document = parse_single(text, label)
    check(document, intent, label)


def read_set_env(text: str, name: str) -> dict[str, dict[str, str]]:
    """Container -> env set by a script of `kubectl set env daemonset ...` commands.

    Only `set` options and such commands may appear: anything else would run unchecked.
    """
    import shlex

    found: dict[str, dict[str, str]] = {}
    for line in text.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise RenderCheckFailed(f"{name}: rendered script does not parse: {error}") from None
        if not words or words[0] == "set":
            continue
        if words[:4] != ["kubectl", "set", "env", "daemonset"]:
            raise RenderCheckFailed(f"{name}: unexpected command {shlex.join(words)!r}")
        container = words[words.index("-c") + 1] if "-c" in words else words[4]
        assignments = (word.partition("=") for word in words if "=" in word)
        found[container] = {key: value for key, _, value in assignments}
    return found


def check(document: dict[str, Any], intent: Intent, label: str) -> None:
    """Raise RenderCheckFailed at the first field where document departs from the intent."""
    if matches(document, intent):
        return
    found = next(iter(differences(document, intent)), None)
    if found is not None:
        raise RenderCheckFailed(f"{label}: {found}")


def matches(document: Any, intent: Intent) -> bool:
    """Whether document reads as intended: differences() finds nothing, answered faster."""
    if intent.whole:
        return _equal(document, intent.expected)
    if not _covers(document, intent.expected, frozenset(intent.closed), ()):
        return False
    for path in intent.closed:
        actual, want = _get(document, path), _get(intent.expected, path)
        if not _equal({} if actual is _MISSING else actual, {} if want is _MISSING else want):
            return False
    return True


def _equal(actual: Any, expected: Any) -> bool:
    """Equal, with the same types throughout (so 80 is not 80.0, nor True 1)."""
    if type(actual) is not type(expected):
        return False
    if type(expected) is dict:
        return actual.keys() == expected.keys() and all(
            _equal(actual[key], value) for key, value in expected.items()
        )
    if type(expected) is list:
        return len(actual) == len(expected) and all(map(_equal, actual, expected))
    return bool(actual == expected)


def _covers(actual: Any, expected: Any, skip: frozenset[FieldPath], path: FieldPath) -> bool:
    """Every field of expected reads back equal in actual (which may hold more keys)."""
    if type(expected) is dict:
        return type(actual) is dict and all(
            (*path, key) in skip
            or (key in actual and _covers(actual[key], value, skip, (*path, key)))
            for key, value in expected.items()
        )
    if type(expected) is list:
        return (
            type(actual) is list
            and len(actual) == len(expected)
            and all(
                _covers(item, want, skip, (*path, index))
                for index, (item, want) in enumerate(zip(actual, expected, strict=True))
            )
        )
    return type(actual) is type(expected) and bool(actual == expected)


def differences(document: Any, intent: Intent) -> Iterator[str]:
    """Every departure of document from the intent, as 'path reads back as X, expected Y'."""
    skip = frozenset(intent.closed)
    yield from _compare(document, intent.expected, (), skip, intent.whole)
    for path in intent.closed:
        yield from _compare_closed(document, intent.expected, path)


def _compare(
    actual: Any, expected: Any, path: FieldPath, skip: frozenset[FieldPath], whole: bool
) -> Iterator[str]:
    if path in skip:
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            yield _mismatch(path, actual, expected)
            return
        extra = sorted(set(actual) - set(expected), key=str) if whole else []
        for key in extra:
            yield _unexpected((*path, key), actual[key])
        for key, value in expected.items():
            yield from _compare(actual.get(key, _MISSING), value, (*path, key), skip, whole)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            yield _mismatch(path, actual, expected)
            return
        for index, (item, want) in enumerate(zip(actual, expected, strict=True)):
            yield from _compare(item, want, (*path, index), skip, whole)
    elif type(actual) is not type(expected) or actual != expected:
        yield _mismatch(path, actual, expected)


def _compare_closed(document: Any, expected: dict[str, Any], path: FieldPath) -> Iterator[str]:
    """A closed mapping holds exactly the intended entries (absent and empty alike)."""
    actual, want = _get(document, path), _get(expected, path)
    actual = {} if actual is _MISSING else actual
    want = {} if want is _MISSING else want
    if not isinstance(actual, dict):
        yield _mismatch(path, actual, want)
        return
    for key in sorted(set(actual) | set(want), key=str):
        if key not in want:
            yield _unexpected((*path, key), actual[key])
        else:
            yield from _compare(
                actual.get(key, _MISSING), want[key], (*path, key), frozenset(), True
            )


def _unexpected(path: FieldPath, actual: Any) -> str:
    return f"{format_path(path)} reads back as {actual!r}, expected no such field"


def _mismatch(path: FieldPath, actual: Any, expected: Any) -> str:
    where = format_path(path) if path else "the document"
    if actual is _MISSING:
        return f"{where} is missing, expected {expected!r}"
    return f"{where} reads back as {actual!r}, expected {expected!r}"


def _get(document: Any, path: FieldPath) -> Any:
    """The value at a path of mapping keys, or _MISSING where the path does not exist."""
    for part in path:
        if not (isinstance(document, dict) and part in document):
            return _MISSING
        document = document[part]
    return document


def parse_single(text: str, name: str) -> dict[str, Any]:
    """Parse text that must hold exactly one YAML mapping, read alike by YAML 1.2 and 1.1."""
    from eksgen.spec.quickyaml import Unsure, load_all

    try:
        documents = load_all(text, _MAX_NODES, yaml11_too=True)
    except Unsure:
        return _parse_single_carefully(text, name)
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise RenderCheckFailed(f"{name}: rendered text is not exactly one YAML mapping")
    document: dict[str, Any] = documents[0]
    return document


def _parse_single_carefully(text: str, name: str) -> dict[str, Any]:
    """parse_single for text the fast reader is unsure of: parse under both versions."""
    documents = _load_all(text, (1, 2), name)
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise RenderCheckFailed(f"{name}: rendered text is not exactly one YAML mapping")
    # kubectl reads YAML 1.1, where yes/on/no/off and sexagesimal numbers mean other things.
    if _load_all(text, (1, 1), name) != documents:
        raise RenderCheckFailed(f"{name}: rendered text reads differently under YAML 1.1")
    document: dict[str, Any] = documents[0]
    return document


def _load_all(text: str, version: tuple[int, int], name: str) -> list[Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe")
    yaml.version = version
    try:
        return list(yaml.load_all(text))
    except YAMLError as error:  # a duplicate key, or text a template broke
        problem = getattr(error, "problem", None) or type(error).__name__
        raise RenderCheckFailed(f"{name}: rendered text is not valid YAML: {problem}") from None


def _check_crd(manifest: Rendered, document: dict[str, Any]) -> None:
    schema_name = CRD_SCHEMAS.get(manifest.kind)
    if schema_name is None or _quick_crd_check(schema_name)(document):
        return
    error = next(iter(_crd_validator(schema_name).iter_errors(document)), None)
    if error is not None:
        where = format_path(tuple(error.absolute_path))
        raise RenderCheckFailed(f"{manifest.kind} {manifest.name}: {where}: {error.message}")


@cache
def _quick_crd_check(name: str) -> Callable[[Any], bool]:
    """A fast valid-or-not answer; jsonschema runs only to word a failure."""
    from eksgen.resources import crd_schema
    from eksgen.spec.schemacheck import quick_check

    return quick_check(crd_schema(name), strict_integers=False)


@cache
def _crd_validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    from eksgen.resources import crd_schema

    return Draft202012Validator(crd_schema(name))
