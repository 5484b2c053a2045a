r"""The careful reader: ruamel's round-trip loader, guarded so that no input makes it crash.

ruamel reads almost anything YAML allows, and some of it crashes it or eksgen after it: a
'%YAML 1.3' directive (an assertion), an integer past Python's 4,300-digit conversion limit,
an impossible date (plain ValueErrors), nesting deeper than Python's stack (RecursionError).
Other input reads fine but is no spec: a lone surrogate from a '\ud800' escape (which no
encoder can write back), a key that is not a string (true, ~, 0x1F would become 'True',
'None', '31'), a tag (!!set, !!binary, !foo), an alias inside its own anchor.

read_documents() constructs every document without crashing, keeping the composed nodes;
content_problems() walks those nodes (each once, without recursion) and says, with the
field path and position, what a document holds that a spec may not. The callers decide
which documents must pass (eksgen's, not a Helm chart's in the same folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from eksgen.spec.path import FieldPath
from eksgen.spec.quickyaml import MAX_DEPTH, MAX_INTEGER_DIGITS, first_value_past

YAML_VERSIONS = ("1.1", "1.2")
_CORE = "tag:yaml.org,2002:"
_STR, _INT, _MERGE = _CORE + "str", _CORE + "int", _CORE + "merge"
_MAP, _SEQ = _CORE + "map", _CORE + "seq"
# The scalar tags a spec may hold: YAML's core schema, and timestamps, which ruamel resolves
# from plain text such as 2024-01-31 (the schema then says where a string was expected).
_SCALAR_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SCALAR_KINDS = {
    _CORE + "int": "a number",
    _CORE + "float": "a number",
    _CORE + "bool": "a boolean",
    _CORE + "null": "null",
    _CORE + "timestamp": "a date",
}
_VERSION_DIRECTIVE = re.compile(r"^%YAML(?:[ \t]+([^ \t\r\n#]*))?", re.MULTILINE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL_PREFIX = re.compile(r"[-+]?(?!0[xob])")
_SHOWN_PATH_PARTS = 12


class CarefulError(Exception):
    """The stream cannot be read on: where (1-based) and why."""

    def __init__(self, line: int, column: int, message: str, path: FieldPath = ()) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.path = line, column, message, path


@dataclass(frozen=True)
class Found:
    """One thing a document holds that a spec may not."""

    path: FieldPath
    line: int
    column: int
    message: str


@dataclass
class RoundTripDocument:
    """One document: ruamel's round-trip data, its composed node, the scalars not read."""

    data: Any
    node: Any
    unreadable: dict[int, str] = field(default_factory=dict)
    set_aside: dict[int, list[tuple[Any, Any]]] = field(default_factory=dict)

    def problems(self, merge_keys: bool = True) -> list[Found]:
        """What this document holds that a spec may not (see content_problems)."""
        return content_problems(self.node, self.unreadable, self.set_aside, merge_keys)


def read_documents(text: str, max_nodes: int | None = None) -> Iterator[RoundTripDocument]:
    """Each document of text, read by ruamel's round-trip loader without crashing.

    Raises CarefulError for an unsupported YAML version, for nesting too deep to compose, for
    a document written with more than max_nodes values (counted by libyaml first: ruamel
    takes minutes over a million), and for everything ruamel refuses (with its position).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    _check_version(text)
    _check_depth(text)
    if max_nodes is not None:
        _check_count(text, max_nodes)
    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor_class()
    try:
        for data in _quietly(yaml.load_all(text)):
            constructor = yaml.constructor
            yield RoundTripDocument(
                data, constructor.document_node, constructor.unreadable, constructor.set_aside
            )
    except MarkedYAMLError as error:
        raise _marked_error(error, text) from None
    except ReaderError as error:
        raise _reader_error(text, error) from None
    except YAMLError as error:
        raise CarefulError(1, 1, f"invalid YAML: {_first_line(error)}") from None
    except RecursionError:
        raise _too_deep(text) from None


def _quietly(documents: Iterator[Any]) -> Iterator[Any]:
    """The documents, without ruamel's warning for an anchor defined twice.

    YAML 1.2 lets an anchor be defined again: an alias refers to the latest definition,
    which is what ruamel does. Its ReusedAnchorWarning would reach the user as Python's
    warning text (or, where warnings are errors, stop the run), though nothing is wrong.
    """
    import warnings

    from ruamel.yaml.error import ReusedAnchorWarning

    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            try:
                data = next(documents)
            except StopIteration:
                return
        yield data


def _first_line(error: Exception) -> str:
    return _printable((str(error) or type(error).__name__).strip().split("\n")[0])


def _printable(text: str) -> str:
    """Text that stderr can take: lone surrogates (in a quoted key, say) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _marked_error(error: Any, text: str) -> CarefulError:
    """The parser's words and position, with a hint for the slips behind most of them."""
    from eksgen.spec.hints import syntax_message

    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = _printable((error.problem or "invalid YAML").split("\n")[0].strip())
    context = f" ({_printable(str(error.context))})" if error.context else ""
    message = syntax_message(f"{problem}{context}", text, line, column)
    return CarefulError(line, column, f"invalid YAML: {message}")


def _reader_error(text: str, error: Any) -> CarefulError:
    """A character YAML does not allow (a NUL byte, say), at its line and column."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    return CarefulError(line, column, f"invalid YAML: character U+{code:04X} is not allowed")


def version_message(text: str) -> str:
    """Why text's %YAML directive cannot be read (ruamel would assert), or ''."""
    try:
        _check_version(text)
    except CarefulError as error:
        return error.message
    return ""


def _check_version(text: str) -> None:
    """Refuse a %YAML directive for a version ruamel cannot read (1.3 makes it assert)."""
    if "%YAML" not in text:
        return
    for match in _VERSION_DIRECTIVE.finditer(text):
        version = match.group(1) or ""
        if version not in YAML_VERSIONS:
            line = text.count("\n", 0, match.start()) + 1
            column = (match.start(1) if match.group(1) else match.end()) - match.start() + 1
            shown = f"version {_escaped(version)}" if version else "no version"
            message = (
                f"invalid YAML: %YAML directive with {shown}; eksgen reads YAML "
                f"{' and '.join(YAML_VERSIONS)} (write %YAML 1.2, or no directive)"
            )
            raise CarefulError(line, column, message)


_NESTING = "[{:-?"  # every level of nesting needs one of these


def _check_depth(text: str) -> None:
    """Refuse text nested deeper than MAX_DEPTH before ruamel composes it.

    ruamel's composer recurses (Python's stack ends near 200 levels) and its scanner slows
    down with every level of flow nesting; libyaml's parser does neither, up to where the
    nesting goes too deep. Only text with enough nesting characters is scanned.
    """
    if sum(text.count(mark) for mark in _NESTING) <= MAX_DEPTH:
        return
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:
        return  # the round-trip loader's RecursionError is located instead
    parser = CParser(text)
    error = _first_too_deep(_c_events(parser))
    if error is not None:
        raise error


def _check_count(text: str, max_nodes: int) -> None:
    """Refuse a document written with more than max_nodes values before ruamel composes it."""
    past = first_value_past(text, max_nodes)
    if past is not None:
        message = (
            f"a document of more than {max_nodes:,} values; eksgen reads at most {max_nodes:,}"
        )
        raise CarefulError(*past, message)


def nested_too_deeply(text: str) -> bool:
    """Whether YAML text nests deeper than MAX_DEPTH (found quickly, without composing it)."""
    try:
        _check_depth(text)
    except CarefulError:
        return True
    return False


def _c_events(parser: Any) -> Iterator[Any]:
    try:
        while parser.check_event():
            yield parser.get_event()
    except Exception:  # a syntax error: ruamel's reading words it
        return


def _too_deep(text: str) -> CarefulError:
    """Where text nests deeper than MAX_DEPTH, found from parser events (which do not recurse)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        error = _first_too_deep(YAML(typ="rt").parse(text))
    except YAMLError:
        error = None
    return error or CarefulError(1, 1, _too_deep_message())


def _first_too_deep(events: Iterator[Any]) -> CarefulError | None:
    """The first collection deeper than MAX_DEPTH among parser events, with its path."""
    from ruamel.yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
    )

    # One frame per open collection: [is a mapping, nodes completed in it, its last key].
    frames: list[list[Any]] = []
    path: list[str | int] = []
    for event in events:
        if isinstance(event, DocumentStartEvent):
            frames, path = [], []
        elif isinstance(event, CollectionEndEvent) and frames:
            frames.pop()
            if frames:
                path.pop()
                _completed(frames[-1], None)
        elif isinstance(event, NodeEvent):
            if not isinstance(event, CollectionStartEvent):
                if frames:
                    _completed(frames[-1], getattr(event, "value", None))
                continue
            if frames:
                path.append(_child_name(frames[-1]))
            if len(frames) >= MAX_DEPTH:
                mark = event.start_mark
                shown = tuple(path[:_SHOWN_PATH_PARTS])
                return CarefulError(mark.line + 1, mark.column + 1, _too_deep_message(), shown)
            frames.append([isinstance(event, MappingStartEvent), 0, "?"])
    return None


def _completed(frame: list[Any], value: Any) -> None:
    """A node of the collection has ended: remember a mapping's key, count the nodes."""
    if frame[0] and frame[1] % 2 == 0:
        frame[2] = value if isinstance(value, str) else "?"
    frame[1] += 1


def _child_name(frame: list[Any]) -> str | int:
    """The path part of the node starting in a collection: its index or its key."""
    if not frame[0]:
        return int(frame[1])
    return str(frame[2]) if frame[1] % 2 == 1 else "?"


def _too_deep_message() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; eksgen reads at most {MAX_DEPTH}"


def content_problems(
    root: Any,
    unreadable: dict[int, str],
    set_aside: dict[int, list[tuple[Any, Any]]],
    merge_keys: bool = True,
) -> list[Found]:
    """What a composed document holds that a spec may not, each with its path and position.

    Keys that are not strings, tags, lone surrogates, scalars that could not be read
    (unreadable: node id -> why), nesting deeper than MAX_DEPTH, an alias inside its own
    anchor, and (without merge_keys) merge keys. set_aside (mapping node id -> the merge
    keys and collection keys construction took out of it, with their values) is walked too.
    Every node is walked once, without recursion, so that neither an alias bomb nor deep
    nesting can make this slow or crash.
    """
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    found: list[Found] = []
    done: set[int] = set()
    open_: set[int] = set()
    # (node, path, depth, where it is used) to enter; (node, None, ...) to leave.
    stack: list[tuple[Any, FieldPath | None, int, Any]] = [(root, (), 1, None)]
    while stack:
        node, path, depth, mark = stack.pop()
        if path is None:
            open_.discard(id(node))
            done.add(id(node))
            continue
        if isinstance(node, ScalarNode):
            message = _scalar_problem(node, unreadable)
            if message:
                found.append(_found(path, node.start_mark, message))
            continue
        if id(node) in open_:
            message = "an alias inside its own anchor (a cycle) cannot be read"
            found.append(_found(path, mark or node.start_mark, message))
            continue
        if id(node) in done:
            continue  # an alias to a collection already walked
        if depth > MAX_DEPTH:
            found.append(_found(path, node.start_mark, _too_deep_message()))
            continue
        if node.tag not in (_MAP, _SEQ):
            found.append(_found(path, node.start_mark, _tag_message(node.tag)))
            continue
        open_.add(id(node))
        stack.append((node, None, depth, None))
        children: list[tuple[Any, FieldPath, int, Any]] = []
        if isinstance(node, SequenceNode):
            children = [
                (item, (*path, index), depth + 1, None) for index, item in enumerate(node.value)
            ]
        elif isinstance(node, MappingNode):
            for key_node, value_node in set_aside.get(id(node), []) + list(node.value):
                child = _child(key_node, value_node, path, depth, merge_keys, found)
                if child is not None:
                    children.append(child)
        stack.extend(reversed(children))
    return found


def _child(
    key_node: Any,
    value_node: Any,
    path: FieldPath,
    depth: int,
    merge_keys: bool,
    found: list[Found],
) -> tuple[Any, FieldPath, int, Any] | None:
    """The value to walk under a mapping key, after checking the key; None to skip it."""
    from ruamel.yaml.nodes import ScalarNode

    if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE:
        if not merge_keys:
            message = "a merge key (<<) is not read here; write the settings out in full"
            found.append(_found(path, key_node.start_mark, message))
            return None
        return (value_node, path, depth + 1, key_node.start_mark)
    message = _key_problem(key_node)
    if message:
        found.append(_found(path, key_node.start_mark, message))
        return None
    return (value_node, (*path, key_node.value), depth + 1, key_node.start_mark)


def _key_problem(node: Any) -> str:
    """Why a mapping key is not a string key, or ''."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    if not isinstance(node, ScalarNode):
        shape = "a mapping" if isinstance(node, MappingNode) else "a list"
        return f"a key must be a string, not {shape}"
    if node.tag == _STR:
        problem = _surrogate_message(node.value)
        return f"key {_shortened(node.value)}: {problem}" if problem else ""
    if node.tag in _SCALAR_KINDS:
        written = node.value
        if written == "":
            return "a key must be a string, not an empty (null) key"
        shown = _shortened(written)
        return (
            f"key {shown} is {_SCALAR_KINDS[node.tag]}, not a string; "
            f'quote it ("{shown}") to use it as a key'
        )
    return "a key must be a string; " + _tag_message(node.tag)


def _scalar_problem(node: Any, unreadable: dict[int, str]) -> str:
    if id(node) in unreadable:
        return unreadable[id(node)]
    if node.tag not in _SCALAR_TAGS:
        return _tag_message(node.tag)
    if node.tag == _STR:
        return _surrogate_message(node.value)
    return ""


def _tag_message(tag: str | None) -> str:
    tag = tag or "!"
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return (
        f"the YAML tag {_escaped(shown)} is not read by eksgen; remove it (a spec holds "
        "plain mappings, lists, strings, numbers, booleans and null)"
    )


def _surrogate_message(text: str) -> str:
    """Why a string holding a surrogate code point is refused, or '' when it holds none."""
    match = _SURROGATE.search(text)
    if match is None:
        return ""
    high = match.group()
    low = text[match.end() : match.end() + 1]
    if "\ud800" <= high <= "\udbff" and "\udc00" <= low <= "\udfff":
        code = 0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00)
        return (
            f"a surrogate pair (\\u{ord(high):04x}\\u{ord(low):04x}) is not a character in "
            f"YAML: write the character itself, or escape it as \\U{code:08X}"
        )
    return (
        f"a lone surrogate (\\u{ord(high):04x}) is not a character: write the character "
        "itself, or escape a character beyond U+FFFF as \\UXXXXXXXX"
    )


def surrogate_message(text: str) -> str:
    """Public: why text (from --set, say) cannot be read, or '' when it is fine."""
    return _surrogate_message(text)


def _found(path: FieldPath, mark: Any, message: str) -> Found:
    if len(path) > _SHOWN_PATH_PARTS:  # a path hundreds of levels deep says nothing more
        path = path[:_SHOWN_PATH_PARTS]
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Found(path, line, column, message)


def _escaped(text: str) -> str:
    """Text as it can be printed: unprintable characters (surrogates too) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def integer_too_large(value: int) -> bool:
    """Whether an integer has more than MAX_INTEGER_DIGITS decimal digits."""
    return abs(value) >= _integer_bound()


@cache
def _integer_bound() -> int:
    return int(10**MAX_INTEGER_DIGITS)


def integer_message() -> str:
    """Why an integer is refused."""
    return (
        f"an integer of more than {MAX_INTEGER_DIGITS:,} digits cannot be read; "
        "quote it if it is text"
    )


def decimal_digits(text: str) -> int:
    """How many digits a decimal integer as written has (0 when it is hex, octal, binary)."""
    match = _DECIMAL_PREFIX.match(text)
    if match is None:
        return 0
    return sum(1 for character in text[match.end() :] if character.isdigit())


class _Unreadable:
    """Stands for a scalar that could not be read; each one distinct (keys stay unique)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unreadable>"


@cache
def _constructor_class() -> Any:
    """The round-trip constructor, made to record instead of crashing on a scalar."""
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    class CarefulConstructor(RoundTripConstructor):
        document_node: Any = None
        unreadable: dict[int, str]
        set_aside: dict[int, list[tuple[Any, Any]]]

        def construct_document(self, node: Any) -> Any:
            self.document_node = node
            self.unreadable = {}
            self.set_aside = {}
            return super().construct_document(node)

        def flatten_mapping(self, node: Any) -> Any:
            # Construction takes the merge keys out of the node: keep them to be checked.
            merged = [(key, value) for key, value in node.value if key.tag == _MERGE]
            if merged:
                self.set_aside.setdefault(id(node), []).extend(merged)
            return super().flatten_mapping(node)

        def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
            if isinstance(node, MappingNode):
                # A collection as a key cannot be hashed once it holds a list: set it aside
                # (to be refused by content_problems) and construct the rest.
                complex_ = [(k, v) for k, v in node.value if not isinstance(k, ScalarNode)]
                if complex_:
                    self.set_aside.setdefault(id(node), []).extend(complex_)
                    node.value = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]
            if not isinstance(node, ScalarNode):
                return super().construct_non_recursive_object(node, tag)
            if node.tag == _INT and decimal_digits(node.value) > MAX_INTEGER_DIGITS:
                return self.refuse(node, integer_message())
            try:
                value = super().construct_non_recursive_object(node, tag)
            except YAMLError:
                raise
            except (ValueError, TypeError, OverflowError, ArithmeticError) as error:
                kind = _SCALAR_KINDS.get(str(node.tag), "a value")
                reason = _escaped(_first_line(error))
                message = (
                    f"{_shortened(node.value)} cannot be read as {kind} ({reason}); "
                    "quote it if it is text"
                )
                return self.refuse(node, message)
            if isinstance(value, int) and not isinstance(value, bool) and integer_too_large(value):
                return self.refuse(node, integer_message())
            return value

        def refuse(self, node: Any, message: str) -> _Unreadable:
            self.unreadable[id(node)] = message
            return _Unreadable()

    return CarefulConstructor


def _shortened(text: str) -> str:
    """Text as written, printable, cut after 40 characters (a scalar may be megabytes)."""
    shown = _escaped(text[:41])
    return shown[:40] + "..." if len(text) > 40 else shown
