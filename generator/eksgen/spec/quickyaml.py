"""Read plain YAML fast with libyaml, or say that the careful reader must do it.

ruamel.yaml's round-trip loader is pure Python and costs milliseconds per small file; its
C parser (ruamel.yaml.clib) composes the same nodes in a fraction of that. This module turns
those nodes into plain data for the shapes specs and manifests actually take: mappings
with distinct scalar keys, sequences, strings, booleans, nulls and decimal integers.
Everything else (tags, anchors and aliases, merge keys, floats, timestamps, directives,
characters YAML forbids, deep nesting, any syntax error) raises Unsure, and the caller
goes back to the round-trip loader, whose reading and error messages are the reference.
Plain scalars are resolved with ruamel's own YAML 1.2 patterns, so both readers agree.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

# libyaml composes nodes recursively in C: very deep nesting (tens of thousands of levels)
# overflows the C stack and kills the process. Text whose nesting could go deeper than
# this never reaches it; the round-trip loader refuses such input with a message.
MAX_DEPTH_BOUND = 2_000
# How deep a spec may nest (the root mapping is level 1), and how many digits an integer may
# have (Python's default int-to-text limit, which ruamel's reading and every message that
# shows the number would otherwise trip over). Deeper or longer input is the round-trip
# loader's business, which refuses it with a message (eksgen.spec.careful).
MAX_DEPTH = 100
MAX_INTEGER_DIGITS = 4_300

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# What this module's resolver tells libyaml's nodes: their kind, and for scalars whether
# they were plain. Compared by identity, so an explicit tag in the text never passes.
_PLAIN, _QUOTED, _TAGGED, _MAPPING, _SEQUENCE = (
    " plain",
    " quoted",
    " tagged",
    " mapping",
    " sequence",
)
_DECIMAL = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
_DOCUMENT_START = re.compile(r"^---", re.MULTILINE)
_NESTING = "[{:-?"
# Where libyaml reads differently from ruamel: some tabs (libyaml takes one after a plain
# scalar), the Unicode line breaks NEL, LS and PS, and byte-order marks inside the text;
_ODD_CHARACTERS = "\t\x85\u2028\u2029\ufeff"
# a comment glued to a block scalar's header ('|#c', which ruamel rightly refuses), and a
# document (or a value on its own line) that is a block scalar, where '#' lines at column 0
# are content to ruamel and blank lines set its indentation differently;
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*#|^[ \t]*(?:---[ ]*)?[|>]", re.M)
# anchors and aliases, whose names end differently ('&a: b'; quoted '*.example.com' is fine);
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\]{},?:-])[&*]", re.M)
# two document end markers in a row, which libyaml takes.
_DOCUMENT_END = re.compile(r"^\.\.\.", re.M)
# Characters YAML forbids, for ASCII text (ruamel's own pattern covers the rest).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unsure(Exception):
    """This text needs the round-trip loader: it is unusual, or not valid YAML."""


class TooManyNodes(Unsure):
    """A document holds more values than allowed: refused where it stands, not read again.

    line and column (1-based) are where the first value past the limit starts.
    """

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line, self.column = line, column


def load_all(
    text: str, max_nodes: int, yaml11_too: bool = False, text_keys: bool = False
) -> list[Any]:
    """Each YAML document of text as plain data (None for an empty document).

    max_nodes bounds each document's size. yaml11_too also requires every plain scalar to
    mean the same under YAML 1.1 (yes, on, 010, 1:30 do not), as kubectl reads YAML 1.1.
    text_keys: a key that is not a string (true, 1, ~) is unsure too, so that the careful
    reader can refuse it where it stands (specs); otherwise it becomes its text.
    """
    return _load(text, _Builder, max_nodes, yaml11_too, text_keys)


def load_positioned(text: str, max_nodes: int, text_keys: bool = False) -> list[Any]:
    """load_all, with mappings and sequences that carry positions as ruamel's .lc does."""
    return _load(text, _PositionedBuilder, max_nodes, False, text_keys)


def _load(
    text: str, builder_class: type[_Builder], max_nodes: int, yaml11_too: bool, text_keys: bool
) -> list[Any]:
    parser_class, tags = _parser_class()
    if parser_class is None or _needs_careful_reader(text, max_nodes):
        raise Unsure
    past = first_value_past(text, max_nodes)
    if past is not None:
        raise TooManyNodes(*past)
    parser = parser_class(text)
    builder = builder_class(tags, max_nodes, yaml11_too, text_keys)
    documents = []
    try:
        while parser.check_node():
            documents.append(builder.document(parser.get_node()))
    except Unsure:
        raise
    except Exception as error:  # every parse error: the round-trip loader words them
        raise Unsure from error
    return documents


def first_value_past(text: str, max_nodes: int) -> tuple[int, int] | None:
    """Where (line, column) a document of text has its value number max_nodes + 1, or None.

    libyaml composes a whole document before it is walked, which for a million values
    takes seconds and hundreds of megabytes: its events are counted first instead, up to
    the first value past the limit. Every value takes a character at least, so text no
    longer than max_nodes is not counted. An alias counts once; what aliases expand to is
    bounded where the data is built. Text libyaml cannot parse is left to the caller.
    """
    if len(text) <= max_nodes:
        return None
    return _scan(text, max_nodes, MAX_DEPTH_BOUND).past


class _Scan(NamedTuple):
    deeper: bool  # nested deeper than the depth asked about (or not parsed by libyaml)
    past: tuple[int, int] | None  # where the first value past the count asked about starts


@lru_cache(maxsize=2)
def _scan(text: str, max_nodes: int, depth: int) -> _Scan:
    """One pass over libyaml's events (which do not recurse): depth and count together."""
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        NodeEvent,
    )

    parser = CParser(text)
    level = count = 0
    deeper = False
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, NodeEvent):
                count += 1
                if count > max_nodes:
                    mark = event.start_mark
                    return _Scan(deeper, (mark.line + 1, mark.column + 1))
                if isinstance(event, CollectionStartEvent):
                    level += 1
                    deeper = deeper or level > depth
            elif isinstance(event, CollectionEndEvent):
                level -= 1
            elif isinstance(event, DocumentStartEvent):
                count = 0
    except Exception:  # a syntax error: the careful reader words it
        return _Scan(True, None)
    return _Scan(deeper, None)


def _needs_careful_reader(text: str, max_nodes: int) -> bool:
    """Directives, forbidden characters, where libyaml and ruamel differ, deep nesting.

    Cheap substring tests come first: this runs on every spec and every rendered object.
    """
    if text.startswith("%") or "\n%" in text:
        return True
    forbidden = _ASCII_CONTROL if text.isascii() else _non_printable()
    if forbidden.search(text) or any(character in text for character in _ODD_CHARACTERS):
        return True
    if ("|" in text or ">" in text) and _BLOCK_SCALAR.search(text):
        return True
    if ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text):
        return True
    if "..." in text and _DOCUMENT_END.search(text):
        return True
    return (
        _nesting_bound(text) > MAX_DEPTH_BOUND
        and any(_nesting_bound(chunk) > MAX_DEPTH_BOUND for chunk in _DOCUMENT_START.split(text))
        and _deeper_than(text, MAX_DEPTH_BOUND, max_nodes)
    )


def _deeper_than(text: str, depth: int, max_nodes: int) -> bool:
    """Whether text nests deeper than depth, from libyaml's events (which do not recurse).

    The nesting characters only bound the depth: a large flow-style file (JSON) has
    thousands of them at depth 4, and is read here quickly rather than by the careful reader.
    The pass also counts values, for first_value_past (which asks next, for the same text).
    """
    scan = _scan(text, max_nodes, depth)
    # Stopped at too many values: the caller refuses the text with first_value_past (same
    # max_nodes, so the pass is not made twice) before libyaml composes any of it.
    return scan.deeper and scan.past is None


def _nesting_bound(text: str) -> int:
    """More than the depth of nesting: every level needs one of these characters."""
    return sum(text.count(mark) for mark in _NESTING)


class _Builder:
    """Plain data from libyaml's nodes; raises Unsure on anything outside the common shapes."""

    def __init__(
        self, tags: dict[str, Any], max_nodes: int, yaml11_too: bool, text_keys: bool
    ) -> None:
        self.plain_tag, self.quoted_tag = tags[_PLAIN], tags[_QUOTED]
        self.mapping_tag, self.sequence_tag = tags[_MAPPING], tags[_SEQUENCE]
        self.max_nodes = max_nodes
        self.yaml11_too = yaml11_too
        self.text_keys = text_keys
        self.plain_values = _PLAIN_VALUES_YAML11_TOO if yaml11_too else _PLAIN_VALUES
        self.collections: set[int] = set()
        self.count = 0
        self.depth = 0

    def document(self, node: Any) -> Any:
        self.collections = set()
        self.count = 0
        self.depth = 0
        try:
            return self.value(node)
        except RecursionError as error:
            raise Unsure from error

    def value(self, node: Any) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            # Without aliases (which go to the round-trip loader before this), every value
            # was written out: refuse now, as reading it again would take minutes.
            mark = node.start_mark
            raise TooManyNodes(mark.line + 1, mark.column + 1)
        tag = node.ctag
        if tag is self.plain_tag:
            return self.plain(node.value)
        if tag is self.quoted_tag:
            return node.value
        # An alias is the same collection node met twice: the round-trip loader's business
        # (it bounds what aliases expand to). A repeated scalar changes nothing.
        if id(node) in self.collections:
            raise Unsure
        self.collections.add(id(node))
        if tag is not self.mapping_tag and tag is not self.sequence_tag:
            raise Unsure  # an explicit tag
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsure  # the round-trip loader words the refusal
        value = self.mapping(node) if tag is self.mapping_tag else self.sequence(node)
        self.depth -= 1
        return value

    def sequence(self, node: Any) -> list[Any]:
        return [self.value(item) for item in node.value]

    def mapping(self, node: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys: set[Any] = set()
        for key_node, value_node in node.value:
            text = self.key(key_node, keys, result)
            result[text] = self.value(value_node)
        return result

    def key(self, node: Any, keys: set[Any], result: dict[str, Any]) -> str:
        """A mapping key as text, after the checks the round-trip loader would make."""
        tag = node.ctag
        if tag is self.plain_tag:
            key = self.plain(node.value)
        elif tag is self.quoted_tag:
            key = node.value
        else:
            raise Unsure  # a collection or a tagged scalar as a key
        if self.text_keys and not isinstance(key, str):
            raise Unsure  # the round-trip loader words the refusal
        text = str(key)
        # Equal keys are an error for the round-trip loader (True equals 1 there, too);
        # keys that only become equal as text are its business as well.
        if key in keys or text in result:
            raise Unsure
        keys.add(key)
        return text

    def plain(self, text: str) -> Any:
        value = self.plain_values.get(text, _NOT_SEEN)
        if value is _NOT_SEEN:
            value = _plain_value(text, self.yaml11_too)
            if len(self.plain_values) >= _MAX_REMEMBERED:
                self.plain_values.clear()
            self.plain_values[text] = value
        if value is _UNSURE:
            raise Unsure
        return value


class Marks:
    """Where a collection and its children start, like ruamel's round-trip .lc (0-based)."""

    __slots__ = ("children", "col", "keys", "line")

    def __init__(self, node: Any) -> None:
        self.line, self.col = node.start_mark.line, node.start_mark.column
        self.keys: dict[str, tuple[int, int]] = {}
        self.children: dict[Any, tuple[int, int]] = {}

    def key(self, key: str) -> tuple[int, int]:
        """Position of a mapping key."""
        return self.keys[key]

    def value(self, key: str) -> tuple[int, int]:
        """Position of a mapping value."""
        return self.children[key]

    def item(self, index: int) -> tuple[int, int]:
        """Position of a sequence item."""
        return self.children[index]


class PositionedMap(dict[str, Any]):
    """A mapping that knows where its keys and values are (.lc)."""

    lc: Marks


class PositionedList(list[Any]):
    """A sequence that knows where its items are (.lc)."""

    lc: Marks


def _start(node: Any) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


class _PositionedBuilder(_Builder):
    """The same reading, with collections that carry the positions of their children.

    libyaml places an empty scalar ('key:' with no value) elsewhere than ruamel does, so a
    document with one is left to the round-trip loader.
    """

    def value(self, node: Any) -> Any:
        if node.ctag is self.plain_tag and node.value == "":
            raise Unsure
        return super().value(node)

    def mapping(self, node: Any) -> dict[str, Any]:
        result = PositionedMap()
        result.lc = marks = Marks(node)
        keys: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.ctag is self.plain_tag and key_node.value == "":
                raise Unsure
            text = self.key(key_node, keys, result)
            result[text] = self.value(value_node)
            marks.keys[text] = _start(key_node)
            marks.children[text] = _start(value_node)
        return result

    def sequence(self, node: Any) -> list[Any]:
        result = PositionedList(self.value(item) for item in node.value)
        result.lc = marks = Marks(node)
        marks.children = {index: _start(item) for index, item in enumerate(node.value)}
        return result


# Plain scalars repeat (keys above all), so their values are remembered, per mode.
_NOT_SEEN, _UNSURE = object(), object()
_MAX_REMEMBERED = 50_000
_PLAIN_VALUES: dict[str, Any] = {}
_PLAIN_VALUES_YAML11_TOO: dict[str, Any] = {}


def _plain_value(text: str, yaml11_too: bool) -> Any:
    """What a plain scalar means under YAML 1.2, or _UNSURE."""
    if _DECIMAL.match(text):
        if len(text) > MAX_INTEGER_DIGITS:  # (a minus sign is not a digit, but no matter)
            return _UNSURE
        return int(text)  # an integer under YAML 1.2 and 1.1 alike
    tag = _resolve(text, (1, 2))
    if yaml11_too and _resolve(text, (1, 1)) != tag:
        return _UNSURE
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _INT and _DECIMAL.match(text) and len(text) <= MAX_INTEGER_DIGITS:
        return int(text)
    return _UNSURE  # floats, timestamps, merge keys, other integer notations


def _resolve(text: str, version: tuple[int, int]) -> str:
    """The tag ruamel.yaml gives a plain scalar under a YAML version."""
    table = _resolvers(version)
    for tag, pattern in table.get(text[:1], ()) + table.get(None, ()):
        if pattern.match(text):
            return str(tag)
    return _STR


@cache
def _resolvers(version: tuple[int, int]) -> dict[str | None, tuple[tuple[str, Any], ...]]:
    """ruamel.yaml's implicit resolvers for a version, by a scalar's first character."""
    from ruamel.yaml.resolver import implicit_resolvers

    table: dict[str | None, list[tuple[str, Any]]] = {}
    for versions, tag, pattern, first in implicit_resolvers:
        if version in versions:
            characters: list[str | None] = list(first) if first else [None]
            for character in characters:
                table.setdefault(character, []).append((tag, pattern))
    return {character: tuple(entries) for character, entries in table.items()}


@cache
def _non_printable() -> Any:
    from ruamel.yaml.reader import Reader

    return Reader.NON_PRINTABLE


@cache
def _parser_class() -> tuple[Any, dict[str, Any]]:
    """The C parser, with a resolver that only records a node's kind; None without C.

    The resolver answers with Tag objects, which ruamel's nodes keep as they are instead
    of building (and later decoding) a Tag for every node.
    """
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
        from ruamel.yaml.nodes import MappingNode, ScalarNode
        from ruamel.yaml.tag import Tag
    except ImportError:
        return None, {}
    tags = {name: Tag(suffix=name) for name in (_PLAIN, _QUOTED, _TAGGED, _MAPPING, _SEQUENCE)}

    class StyleParser(CParser):  # type: ignore[misc]
        def descend_resolver(self, parent: Any, index: Any) -> None:
            """No path-based resolution."""

        def ascend_resolver(self) -> None:
            """No path-based resolution."""

        def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> Any:
            if kind is ScalarNode:
                plain, quoted = implicit
                return tags[_PLAIN if plain else _QUOTED if quoted else _TAGGED]
            return tags[_MAPPING if kind is MappingNode else _SEQUENCE]

    return StyleParser, tags
