"""Load spec files: folders, files and stdin, one Document per eksgen YAML document.

Files are read with libyaml (eksgen.spec.quickyaml) and, when that is unsure or a position is
needed, with ruamel's round-trip loader, which keeps each node's line and column so that
every later stage can point at the exact place of a problem. Documents that are not
eksgen specs are skipped with a note, so that a folder may also hold other Kubernetes YAML;
files eksgen wrote (its rendered output, marked by eksgen.generated) are skipped silently and
only counted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eksgen.errors import Problem, UsageError
from eksgen.generated import is_generated
from eksgen.spec.path import format_path

API_GROUP = "eksgen.dev/"
API_VERSION = API_GROUP + "v1alpha1"
KINDS = ("App", "Cluster")
STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 100_000
YAML_SUFFIXES = (".yaml", ".yml")
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Document:
    """One eksgen spec: where it came from, its plain data and its positioned node.

    origin is the round-trip node itself, or the SourceNodes of the file it came from:
    positions are only needed to report a problem, so a file read by the fast path is
    parsed again for them only then.
    """

    file: str
    index: int
    data: Any
    origin: Any = field(default=None, compare=False, repr=False)

    @property
    def node(self) -> Any:
        """The round-trip node, whose .lc holds every field's line and column."""
        if isinstance(self.origin, SourceNodes):
            return self.origin.node(self.index)
        return self.origin

    @property
    def line(self) -> int:
        """1-based line where the document's mapping starts."""
        return position_of(self.node)[0]

    @property
    def column(self) -> int:
        """1-based column where the document's mapping starts."""
        return position_of(self.node)[1]

    @property
    def kind(self) -> str:
        """The spec's kind, or an empty string when it has none."""
        kind = self.data.get("kind") if isinstance(self.data, dict) else None
        return kind if isinstance(kind, str) else ""


class SourceNodes:
    """The round-trip nodes of one YAML stream, parsed on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._nodes: list[Any] | None = None

    def node(self, index: int) -> Any:
        """The index-th document's node; None if the round-trip loader cannot read it."""
        if self._nodes is None:
            self._nodes = _round_trip_nodes(self._text)
        return self._nodes[index] if index < len(self._nodes) else None


def _round_trip_nodes(text: str) -> list[Any]:
    """Positioned nodes: from libyaml when it reads the text, else the round-trip loader."""
    from eksgen.spec.quickyaml import Unsure, load_positioned

    try:
        return load_positioned(text, MAX_NODES, text_keys=True)
    except Unsure:
        pass
    from eksgen.spec.careful import CarefulError, read_documents

    try:
        return [document.data for document in read_documents(text)]
    except CarefulError:
        # The fast reader accepted what ruamel refuses: positions fall back to 1:1.
        return []


@dataclass
class LoadResult:
    """Everything the loader found: specs, problems in them, and notes on what it skipped.

    generated: how many files of the folders scanned were eksgen's own output (skipped).
    """

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    generated: int = 0


class TooLarge(Exception):
    """A document expands to more nodes than eksgen accepts (an alias bomb, say)."""


def load_paths(paths: Iterable[str], stdin: Any = None) -> LoadResult:
    """Load every spec found in the given files, folders and '-' (stdin)."""
    result = LoadResult()
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            _load_text(STDIN_NAME, _read_stdin(stream), result, explicit=True)
            continue
        if "\0" in given:
            raise UsageError(f"{given!r}: a path cannot hold a NUL character")
        path = Path(given)
        if _is_dir(given, path):
            for file in yaml_files(path):
                _load_file(file, result, explicit=False)
        elif path.is_file():
            _load_file(path, result, explicit=True)
        else:
            raise UsageError(f"{given}: no such file or folder")
    return result


def _is_dir(given: str, path: Path) -> bool:
    """Whether path is a folder; a path the system refuses (a name too long) is a usage error."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise UsageError(f"{given}: {error.strerror or error}") from None
    return path.is_dir()


def _read_stdin(stream: Any) -> bytes:
    buffer = getattr(stream, "buffer", None)
    data = (buffer or stream).read()
    # A text stream may hold lone surrogates: kept as bytes that are not UTF-8, and refused.
    return data if isinstance(data, bytes) else str(data).encode("utf-8", "surrogatepass")


def yaml_files(folder: Path) -> Iterator[Path]:
    """Every YAML file below a folder (.yaml or .yml in any case), in a stable order.

    Hidden files and folders are skipped.
    """
    for file in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
        if file.suffix.lower() in YAML_SUFFIXES and file.is_file() and not hidden:
            yield file


def _load_file(path: Path, result: LoadResult, explicit: bool) -> None:
    name = str(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        result.problems.append(_file_problem(name, f"file is larger than {limit} MiB; not read"))
        return
    _load_text(name, path.read_bytes(), result, explicit)


def _load_text(name: str, raw: bytes, result: LoadResult, explicit: bool) -> None:
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        result.problems.append(_file_problem(name, f"input is larger than {limit} MiB; not read"))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"
        result.problems.append(Problem(name, line, 1, "", message))
        return
    if is_generated(raw):
        _generated(name, result, explicit)
        return
    notes_before = len(result.notes)
    found = _parse_documents(name, text, result, explicit or API_GROUP in text)
    if found == 0 and explicit and not _has_problem_for(result, name):
        # A named file without any spec is an error; its skip notes would only repeat it.
        del result.notes[notes_before:]
        result.problems.append(_file_problem(name, _NO_SPEC_MESSAGE))


_NO_SPEC_MESSAGE = f"no eksgen spec in this file (expected apiVersion: {API_VERSION})"
_GENERATED_MESSAGE = (
    "this file is eksgen's output (it starts with eksgen's generated-file header), not a "
    "spec; give the spec it was rendered from"
)


def _generated(name: str, result: LoadResult, explicit: bool) -> None:
    """Count eksgen's own output met in a folder scan; a file named by the user is an error."""
    if explicit:
        result.problems.append(_file_problem(name, _GENERATED_MESSAGE))
    else:
        result.generated += 1


def _has_problem_for(result: LoadResult, name: str) -> bool:
    return any(problem.file == name for problem in result.problems)


def _parse_documents(name: str, text: str, result: LoadResult, report_syntax: bool) -> int:
    """Parse a YAML stream, keep its eksgen documents, and return how many there were.

    A syntax error is a problem when the file was named or mentions eksgen; otherwise
    (a Helm template in a scanned folder, say) the file is skipped with a note.
    """
    from eksgen.spec.quickyaml import TooManyNodes, Unsure, load_all

    try:
        documents = load_all(text, MAX_NODES, text_keys=True)
    except TooManyNodes as error:
        result.problems.append(Problem(name, error.line, error.column, "", too_many_values()))
        return 0
    except Unsure:
        return _parse_round_trip(name, text, result, report_syntax)
    source = SourceNodes(text)
    found = 0
    for index, data in enumerate(documents):
        if _is_eksgen(data):
            result.documents.append(Document(name, index, data, source))
            found += 1
        elif data is not None:
            result.notes.append(_not_a_spec(name, index))
    return found


def _parse_round_trip(name: str, text: str, result: LoadResult, report_syntax: bool) -> int:
    """The careful reader: ruamel's round-trip loader, with its positioned errors.

    An eksgen document is checked for what a spec may not hold (keys that are not strings,
    tags, lone surrogates, unreadable numbers, deep nesting); other documents are skipped.
    """
    from eksgen.spec.careful import CarefulError, read_documents

    found = 0
    try:
        for index, document in enumerate(read_documents(text, MAX_NODES)):
            node = document.data
            if not _is_eksgen(node):
                if node is not None:
                    result.notes.append(_not_a_spec(name, index))
                continue
            problems = document.problems()
            if problems:
                result.problems.extend(
                    Problem(name, item.line, item.column, format_path(item.path), item.message)
                    for item in problems
                )
                continue
            checked = _document(name, index, node)
            if checked is None:
                result.problems.append(_too_large(name, node))
                continue
            result.documents.append(checked)
            found += 1
    except CarefulError as error:
        problem = Problem(name, error.line, error.column, format_path(error.path), error.message)
        _syntax(result, problem, report_syntax)
    return found


def _not_a_spec(name: str, index: int) -> str:
    return f"{name}: document {index + 1} is not an eksgen spec; skipped"


def _syntax(result: LoadResult, problem: Problem, report: bool) -> None:
    if report:
        result.problems.append(problem)
    else:
        result.notes.append(f"{problem.file}: not valid YAML and not an eksgen spec; skipped")


def _is_eksgen(node: Any) -> bool:
    """Whether a document claims to be an eksgen spec (so that it is validated as one).

    Its apiVersion is eksgen's; or it has an eksgen kind and an apiVersion that is missing
    or looks like a slip for eksgen's (eksgen.io/v1alpha1, eksgen.dev/v1, v1alpha1), which
    the schema then reports. An App or Cluster of another API group (Cluster API's, say) is
    not eksgen's.
    """
    if not isinstance(node, dict):
        return False
    api_version = node.get("apiVersion")
    kind = node.get("kind")
    if isinstance(api_version, str) and api_version.startswith(API_GROUP):
        return True
    if not (isinstance(kind, str) and kind in KINDS):
        return False
    return not isinstance(api_version, str) or _looks_like_ours(api_version)


def _looks_like_ours(api_version: str) -> bool:
    group, slash, _ = api_version.strip().rpartition("/")
    if not slash:
        return True  # no API group at all: no other API has an App or a Cluster there
    group = group.lower()
    if "eksgen" in group:
        return True
    import difflib

    return difflib.SequenceMatcher(None, group, API_GROUP.rstrip("/")).ratio() >= 0.75


def _document(name: str, index: int, node: Any) -> Document | None:
    try:
        data = to_plain(node, [0])
    except TooLarge:
        return None
    return Document(name, index, data, node)


def to_plain(node: Any, budget: list[int]) -> Any:
    """Copy a round-trip node into plain dicts, lists, str, int, float and bool.

    ruamel marks anchored scalars with its own types (an anchored 'true' is an int
    subclass); the schema must see the plain values. The budget bounds the copy so that
    an alias bomb is refused instead of filling memory.
    """
    budget[0] += 1
    if budget[0] > MAX_NODES:
        raise TooLarge
    if isinstance(node, dict):
        return {_plain_key(key): to_plain(value, budget) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(item, budget) for item in node]
    return _plain_scalar(node)


def _plain_key(key: Any) -> str:
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(key, TaggedScalar):  # '!!str 80': text, with its tag kept by ruamel
        return str(key.value)
    return str(key)


def _plain_scalar(value: Any) -> Any:
    from ruamel.yaml.scalarbool import ScalarBoolean

    if isinstance(value, bool | ScalarBoolean):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return _untagged(value)


def _untagged(value: Any) -> Any:
    """'!!str 80' as its text; any other value as it is."""
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(value, TaggedScalar) and str(value.tag) == _STR_TAG:
        return str(value.value)
    return value


def position_of(node: Any) -> tuple[int, int]:
    """1-based line and column where a collection node starts."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 1, 1
    return lc.line + 1, lc.col + 1


def too_many_values() -> str:
    """Why a document written out with more than MAX_NODES values is refused."""
    return f"a document of more than {MAX_NODES:,} values; eksgen reads at most {MAX_NODES:,}"


def _too_large(name: str, node: Any) -> Problem:
    line, column = position_of(node)
    message = f"document expands to more than {MAX_NODES:,} values (alias expansion?); refused"
    return Problem(name, line, column, "", message)


def _file_problem(name: str, message: str) -> Problem:
    return Problem(name, 1, 1, "", message)
