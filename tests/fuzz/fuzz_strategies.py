"""Hypothesis strategies: hostile YAML texts grown from the repository's own inputs.

A seed (an example spec, a valid case, the Cluster spec, a golden manifest) is read as plain
data, changed structurally (keys dropped, duplicated, renamed to a near miss or to a
non-string key; values replaced by odd ones: huge integers, floats, booleans, null, lists and
maps, deep nesting, long strings, unicode, control characters, lone surrogates, YAML tags,
anchors, aliases and merge keys), written out as YAML by a small emitter that can also add
directives, tabs, CRLF and a BOM, and finally edited byte by byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fuzz_harness import ci_budget
from hypothesis import strategies as st

from conftest import ROOT

EXAMPLES = ROOT / "examples"
VALID_CASES = ROOT / "tests" / "cases" / "valid"
GOLDEN = ROOT / "tests" / "golden"


def _documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _seeds(paths: list[Path], kind: str) -> list[tuple[str, Any]]:
    found = []
    for path in paths:
        for document in _documents(path):
            if isinstance(document, dict) and document.get("kind") == kind:
                found.append((path.name, document))
    return found


APP_SEEDS = _seeds(sorted(EXAMPLES.glob("*.yaml")) + sorted(VALID_CASES.glob("*.yaml")), "App")
CLUSTER_SEEDS = _seeds([EXAMPLES / "cluster.yaml"], "Cluster")
MANIFEST_FILES = sorted(GOLDEN.glob("_stream/*.yaml")) + sorted(
    path for path in GOLDEN.rglob("*.yaml") if "_stream" not in path.parts
)
MANIFEST_SEEDS = [
    (path.name, document)
    for path in MANIFEST_FILES
    for document in _documents(path)
    if isinstance(document, dict)
    and document.get("kind") in ("Service", "Ingress", "SecurityGroupPolicy")
]
APP_TEXTS = sorted(EXAMPLES.glob("*.yaml")) + sorted(VALID_CASES.glob("*.yaml"))
TEMPLATE_ROOT = ROOT / "templates"
TEMPLATES = sorted(
    path.relative_to(TEMPLATE_ROOT).as_posix()
    for path in TEMPLATE_ROOT.rglob("*.j2")
    if "cookiecutter" not in path.parts
)
PRICES = ROOT / "generator" / "eksgen" / "data" / "lb-prices.json"
assert APP_SEEDS and CLUSTER_SEEDS and MANIFEST_SEEDS and TEMPLATES


def _field_names(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(str(key))
            _field_names(value, found)
    elif isinstance(node, list):
        for item in node:
            _field_names(item, found)
    return found


def _schema_names() -> set[str]:
    from eksgen.resources import schema

    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    found.update(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema("app"))
    walk(schema("cluster"))
    return found


FIELD_NAMES = sorted(
    _schema_names()
    | _field_names([doc for _, doc in APP_SEEDS + CLUSTER_SEEDS + MANIFEST_SEEDS], set())
)

# ---------------------------------------------------------------------------------------------
# Odd values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """YAML text written as it is (a tag, an escape, a special scalar, a flow collection)."""

    text: str


@dataclass(frozen=True)
class Anchor:
    """A node with an anchor (&name)."""

    name: str
    value: Any


@dataclass(frozen=True)
class Alias:
    """An alias (*name)."""

    name: str


HUGE_INTS = [
    2**31 - 1,
    2**31,
    2**32,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64,
    -(2**63) - 1,
    10**30,
    -1,
    0,
    65535,
    65536,
    10**400,
]
RAW_SCALARS = [
    # YAML 1.1 spellings that YAML 1.2 reads differently, and special numbers
    "yes", "No", "ON", "off", "y", "n", "~", "Null", "NULL", "True", "FALSE",
    "0x1F", "0o17", "017", "0b101", "1_000", "12:30:00", "190:20:30", "+12", "-0", "+.5",
    ".inf", "-.Inf", ".NaN", "1e400", "-1e400", "1e-400", "6.02e+23", "1.", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "'0777'", "'1e3'",
    # tags
    "!!binary aGVsbG8=", "!!binary '!!!'", "!!str 80", "!!int \"80\"", "!!int 'x'", "!!float 1",
    "!!float 'nan'", "!!bool 'yes'", "!!null ''", "!!timestamp 2001-12-14", "!!set {a, b}",
    "!!omap [{a: 1}, {b: 2}]", "!!pairs [{a: 1}]", "!!map {a: 1}", "!!seq [1]", "!!merge x",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system ''",
    "!!python/tuple [1, 2]", "!custom 80", "!<tag:yaml.org,2002:str> 80", "!<!> x", "! 80",
    "!!value =", "!!yaml x", "!!int 99999999999999999999999999999",
    # double-quoted escapes: lone surrogates, controls, line separators, non-BMP
    r'"\ud800"', r'"\udfff"', r'"a\udc80b"', r'"\ud83d\ude00"', r'"\x00"', r'"\0"', r'"\a"',
    r'"\e"', r'"\x7f"', r'"\x85"', r'"\N"', r'"\_"', r'"\L"', r'"\P"', r'"\u2028"',
    r'"\u202e"', r'"\ufeff"', r'"\uffff"', r'"\U0010ffff"', r'"\U00110000"', r'"\t"', r'"\/"',
    r'"\x"', r'"\u12"',
    # unicode digits and look-alikes
    '"\u0661\u0662\u0663"', '"\uff18\uff10"', '"\u096a\u096a\u0969"', "\u0668\u0660",
    "\uff18\uff10\uff18\uff10", '"\U0001d7d6\U0001d7ce"', '"\u2078\u2070"', '"\u2163"',
    '"\u066b"', '"-\u0661"', "'\u00b2'", "\u00b3",
    # collections and structures in flow style
    "[]", "{}", "[[]]", "{a: }", "[1, [2, [3]]]", "{? a}", "{? [1, 2] : x}", "[a: 1]",
    "[1,]", "{a: 1, a: 2}", "[*undefined]", "*undefined", "&x", "&x [*x]", "<<", "=",
    "- a", "? a", "|", ">", "|-\n", "''", '""', "' '", "'\t'", "#", "@x", "`x", "%x",
    # huge numbers as text
    "9" * 5000, "-" + "9" * 5000, "1" + "0" * 400 + ".5", "0." + "0" * 400 + "1",
    "0x" + "f" * 600, "1e" + "9" * 30,
]  # fmt: skip
CONTROL = "".join(chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)])
ODD_CHARS = (
    CONTROL
    + "\u2028\u2029\u200b\u200d\u202e\ufeff\ufffe\uffff\U0001f600\U000e0001"
    + "\ud800\udbff\udc00\udfff"  # lone surrogates: written as \u escapes in double quotes
    # unicode digits: int() reads some (Arabic-Indic, fullwidth), str.isdigit() more (superscripts)
    + "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\uff18\uff10\u066b"
    + "\u00b2\u00b3\u00b9\u2070\u2074"
    + ":#-?&*!|>'\"%@`{}[],\\ \t\n"  # YAML indicators
    + "Ωé日本𝔘ß"
)


def _strings() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=st.sampled_from(ODD_CHARS), max_size=12),
        st.text(max_size=20),
        st.sampled_from(
            [
                "",
                " ",
                "null",
                "true",
                "80",
                "0x50",
                "1e3",
                "-",
                "a" * 64,
                "a" * 253,
                "a.b/c",
                "*.example.com",
                "xn--80ak6aa92e.com",
                "example.com.",
                "..",
                "../../etc/passwd",
                "/",
                "{{ 7 * 7 }}",
                "{% raw %}",
                "${HOME}",
                "$(id)",
                "%s%n",
                "a\nb",
                "a: b",
                "- a",
                "# x",
            ]
        ),
        st.builds(
            lambda c, n: c * n,
            st.sampled_from(["a", "é", "\U0001f600", "-", " ", "\\"]),
            st.sampled_from([255, 256, 4096, 65536, 300_000]),
        ),
    )


# Nesting depths. ruamel's scanner is quadratic in the nesting depth (a thousand levels take
# seconds), so the CI budget keeps to shallow ones; the fuzz profile adds the deep ones.
DEEP = [5, 20, 60, 150, 600] + ([] if ci_budget() else [1001, 5000, 20_000])


def _deep(depth: int, kind: str) -> Raw:
    if kind == "list":
        return Raw("[" * depth + "]" * depth)
    if kind == "map":
        return Raw("{a: " * depth + "1" + "}" * depth)
    return Raw("[" * depth + "{a: " * depth + "}" * depth + "]" * depth)


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(),
        st.sampled_from(HUGE_INTS),
        st.floats(),
        st.booleans(),
        st.none(),
        _strings(),
        st.sampled_from(RAW_SCALARS).map(Raw),
    )


def odd_values() -> st.SearchStrategy[Any]:
    """Any value a field could be replaced with."""
    nested = st.recursive(
        scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), _strings()), inner, max_size=4),
        ),
        max_leaves=10,
    )
    deep = st.builds(
        _deep,
        st.sampled_from(DEEP),
        st.sampled_from(["list", "map", "mixed"]),
    )
    return st.one_of(scalars(), nested, deep)


# ---------------------------------------------------------------------------------------------
# Structural mutations of plain data
# ---------------------------------------------------------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in node (keys and list indexes)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _copy(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_copy(item) for item in node]
    return node


def _near_miss(name: str, choice: int) -> Any:
    """A key that is almost right: a typo, another case, spaces, or not a string at all."""
    options: list[Any] = [
        name[:-1] or "x",
        name + name[-1:],
        name.upper(),
        name.capitalize(),
        f" {name}",
        f"{name} ",
        name.replace("e", "\u0435"),  # Cyrillic e
        f"{name}\u200b",
        1,
        -1,
        2**64,
        True,
        None,
        1.5,
        Raw("[a, b]"),
        Raw("{a: 1}"),
        Raw("{a: [1]}"),
        Raw("[[1], {b: 2}]"),
        Raw("!!binary aGk="),
        Raw('"\\ud800"'),
        Raw("<<"),
        Raw("? complex"),
    ]
    return options[choice % len(options)]


@st.composite
def mutated(draw: st.DrawFn, seed: Any, max_mutations: int = 4) -> Any:
    """A copy of seed with up to max_mutations structural changes."""
    data = _copy(seed)
    anchors = 0
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        operation = draw(
            st.sampled_from(
                [
                    "replace",
                    "replace",
                    "drop",
                    "insert",
                    "rename",
                    "duplicate",
                    "wrap",
                    "alias",
                    "merge",
                    "swap",
                ]
            )
        )
        if not path:  # the root itself
            if operation == "replace":
                data = draw(odd_values())
            elif operation == "wrap":
                data = draw(st.sampled_from([[data], {"items": [data]}, [data, data]]))
            continue
        parent = _get(data, path[:-1])
        last = path[-1]
        if not isinstance(parent, dict | list):
            continue
        if operation == "replace":
            parent[last] = draw(odd_values())
        elif operation == "drop":
            del parent[last]
        elif operation == "insert":
            if isinstance(parent, dict):
                key = draw(st.one_of(st.sampled_from(FIELD_NAMES), _strings()))
                parent[key] = draw(odd_values())
            else:
                parent.insert(last, draw(odd_values()))
        elif operation == "rename" and isinstance(parent, dict):
            value = parent.pop(last)
            parent[_near_miss(str(last), draw(st.integers(0, 100)))] = value
        elif operation == "duplicate":
            if isinstance(parent, list):
                parent[last:last] = [_copy(parent[last])] * draw(st.sampled_from([1, 2, 50, 400]))
            else:
                # A duplicate key: a Raw key with the same text (the emitter writes both)
                parent[Raw(_key(last))] = _copy(parent[last])
        elif operation == "wrap":
            parent[last] = draw(
                st.sampled_from([[parent[last]], {"value": parent[last]}, [[parent[last]]]])
            )
        elif operation in ("alias", "merge"):
            anchors += 1
            name = f"a{anchors}"
            target = draw(st.sampled_from(paths))
            if not target or target[: len(path)] == path or path[: len(target)] == target:
                continue
            target_parent = _get(data, target[:-1])
            if not isinstance(target_parent, dict | list):
                continue
            target_parent[target[-1]] = Anchor(name, target_parent[target[-1]])
            if operation == "alias":
                parent[last] = Alias(name)
            elif isinstance(parent, dict):
                parent[Raw("<<")] = Alias(name)
        elif operation == "swap" and isinstance(parent, dict):
            other = draw(st.sampled_from(list(parent)))
            parent[last], parent[other] = parent[other], parent[last]
    return data


# ---------------------------------------------------------------------------------------------
# The emitter: data -> YAML text, with stylistic variations
# ---------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_./-]*$")
_RESOLVING = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(value: Any, ascii_escapes: bool) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Alias):
        return f"*{value.name}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**4000 else "9" * 4000
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESOLVING:
        return text
    return json.dumps(text, ensure_ascii=ascii_escapes)


def _key(key: Any, ascii_escapes: bool = True) -> str:
    return _scalar(key, ascii_escapes)


@dataclass(frozen=True)
class Style:
    """How to write the YAML: indentation, where flow style starts, escapes, line ends."""

    indent: int = 2
    flow_depth: int = 99
    ascii_escapes: bool = True
    directive: str = ""
    crlf: bool = False
    bom: bool = False
    document_markers: bool = False
    tabs: bool = False


def _flow(node: Any, style: Style) -> str:
    if isinstance(node, Anchor):
        return f"&{node.name} {_flow(node.value, style)}"
    if isinstance(node, dict):
        items = ", ".join(
            f"{_key(key, style.ascii_escapes)}: {_flow(value, style)}"
            for key, value in node.items()
        )
        return "{" + items + "}"
    if isinstance(node, list):
        return "[" + ", ".join(_flow(item, style) for item in node) + "]"
    return _scalar(node, style.ascii_escapes)


def _is_block(node: Any) -> bool:
    inner = node.value if isinstance(node, Anchor) else node
    return isinstance(inner, dict | list) and bool(inner)


def _block(node: Any, indent: int, depth: int, style: Style) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, dict):
        entries = [(_key(key, style.ascii_escapes), value) for key, value in node.items()]
        prefix = [(f"{pad}{key}:", value) for key, value in entries]
    else:
        prefix = [(f"{pad}-", item) for item in node]
    for head, value in prefix:
        anchor = f" &{value.name}" if isinstance(value, Anchor) else ""
        inner = value.value if isinstance(value, Anchor) else value
        if _is_block(inner) and depth + 1 < style.flow_depth:
            lines.append(head + anchor)
            lines.extend(_block(inner, indent + style.indent, depth + 1, style))
        else:
            lines.append(f"{head}{anchor} {_flow(inner, style)}")
    return lines


def emit(node: Any, style: Style) -> bytes:
    """node as one YAML document."""
    if _is_block(node) and style.flow_depth > 0:
        anchor = f"&{node.name}" if isinstance(node, Anchor) else ""
        inner = node.value if isinstance(node, Anchor) else node
        lines = ([anchor] if anchor else []) + _block(inner, 0, 0, style)
    else:
        lines = [_flow(node, style)]
    if style.tabs:
        lines = [re.sub(r"^( +)", lambda m: "\t" * (len(m.group(1)) // 2), line) for line in lines]
    head = []
    if style.directive:
        head = [style.directive, "---"]
    elif style.document_markers:
        head = ["---"]
    tail = ["..."] if style.document_markers else []
    newline = "\r\n" if style.crlf else "\n"
    text = newline.join(head + lines + tail) + newline
    data = text.encode("utf-8", "surrogatepass")
    return (b"\xef\xbb\xbf" + data) if style.bom else data


DIRECTIVES = [
    "",
    "%YAML 1.2",
    "%YAML 1.1",
    "%YAML 1.3",
    "%YAML 2.0",
    "%YAML 1.2\n%YAML 1.2",
    "%TAG ! tag:example.com,2000:",
    "%TAG !! tag:example.com,2000:",
    "%FOO bar",
]


@st.composite
def styles(draw: st.DrawFn) -> Style:
    plain = draw(st.integers(0, 3)) > 0  # mostly the common style
    if plain:
        return Style(flow_depth=draw(st.sampled_from([99, 99, 2, 3])))
    return Style(
        indent=draw(st.sampled_from([1, 2, 4])),
        flow_depth=draw(st.sampled_from([0, 1, 2, 3, 99])),
        ascii_escapes=draw(st.booleans()),
        directive=draw(st.sampled_from(DIRECTIVES)),
        crlf=draw(st.booleans()),
        bom=draw(st.booleans()),
        document_markers=draw(st.booleans()),
        tabs=draw(st.integers(0, 5)) == 0,
    )


# ---------------------------------------------------------------------------------------------
# Textual (byte-level) mutations
# ---------------------------------------------------------------------------------------------

SNIPPETS = [
    b"\t",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate (not UTF-8)
    b"\r",
    b"\n---\n",
    b"\n...\n",
    b"%YAML 1.3\n---\n",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object:x ",
    b"? ",
    b": ",
    b"- ",
    b"'",
    b'"',
    b"[",
    b"{",
    b"}",
    b"#",
    b"|\n",
    b"\xe2\x80\xa8",  # U+2028
    b"\xef\xbb\xbf",  # a BOM mid-stream
    b"\\ud800",
    b"9" * 400,
]


@st.composite
def byte_edits(draw: st.DrawFn, data: bytes, max_edits: int = 3) -> bytes:
    """data with up to max_edits byte-level edits."""
    for _ in range(draw(st.integers(0, max_edits))):
        position = draw(st.integers(0, len(data)))
        operation = draw(
            st.sampled_from(["insert", "delete", "flip", "truncate", "dupline", "indent"])
        )
        if operation == "insert":
            data = data[:position] + draw(st.sampled_from(SNIPPETS)) + data[position:]
        elif operation == "delete":
            data = data[:position] + data[position + draw(st.integers(1, 8)) :]
        elif operation == "flip" and position < len(data):
            data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
        elif operation == "truncate":
            data = data[:position]
        elif operation in ("dupline", "indent"):
            lines = data.split(b"\n")
            index = min(position * len(lines) // max(len(data), 1), len(lines) - 1)
            if operation == "dupline":
                lines.insert(index, lines[index])
            else:
                lines[index] = draw(st.sampled_from([b" ", b"\t", b"   "])) + lines[index]
            data = b"\n".join(lines)
    return data


# ---------------------------------------------------------------------------------------------
# Whole inputs
# ---------------------------------------------------------------------------------------------


@st.composite
def yaml_documents(
    draw: st.DrawFn, seeds: list[tuple[str, Any]], max_mutations: int = 4
) -> tuple[str, bytes]:
    """(seed name, YAML text) of one seed, mutated, emitted and maybe byte-edited."""
    name, seed = draw(st.sampled_from(seeds))
    data = draw(mutated(seed, max_mutations))
    text = emit(data, draw(styles()))
    if draw(st.integers(0, 3)) == 0:
        text = draw(byte_edits(text))
    return name, text


@st.composite
def raw_seed_texts(draw: st.DrawFn, paths: list[Path]) -> bytes:
    """An original file (comments, flow style and all), byte-edited."""
    return draw(byte_edits(draw(st.sampled_from(paths)).read_bytes(), max_edits=4))


def app_specs() -> st.SearchStrategy[bytes]:
    """An App spec text: mostly structural mutations, sometimes raw byte edits."""
    return st.one_of(
        yaml_documents(APP_SEEDS).map(lambda pair: pair[1]),
        yaml_documents(APP_SEEDS).map(lambda pair: pair[1]),
        raw_seed_texts(APP_TEXTS),
    )


def cluster_specs() -> st.SearchStrategy[bytes]:
    return st.one_of(
        yaml_documents(CLUSTER_SEEDS).map(lambda pair: pair[1]),
        raw_seed_texts([EXAMPLES / "cluster.yaml"]),
    )


@st.composite
def manifest_streams(draw: st.DrawFn) -> bytes:
    """Kubernetes YAML to import: one to four golden objects, mutated, in one stream."""
    if draw(st.integers(0, 4)) == 0:
        return draw(raw_seed_texts(MANIFEST_FILES))
    parts = [
        draw(yaml_documents(MANIFEST_SEEDS, max_mutations=3))[1]
        for _ in range(draw(st.integers(1, 4)))
    ]
    if draw(st.integers(0, 5)) == 0:  # a kubectl get -o yaml List
        items = [
            draw(mutated(seed, 2))
            for _, seed in draw(st.lists(st.sampled_from(MANIFEST_SEEDS), min_size=1, max_size=3))
        ]
        return emit({"apiVersion": "v1", "kind": "List", "items": items}, Style())
    return b"---\n".join(parts)


# --set PATH=VALUE
SET_PATHS = [
    "metadata.name",
    "metadata.namespace",
    'metadata.labels["team.io/owner"]',
    'metadata.annotations["a.b/c"]',
    "metadata.labels.team",
    "spec.ports[0].port",
    "spec.ports[0].targetPort",
    "spec.ports[0].name",
    "spec.ports[0].protocol",
    "spec.ports[1].port",
    "spec.ports[5].port",
    "spec.exposure.type",
    "spec.exposure.scheme",
    "spec.exposure.targetType",
    "spec.exposure.group.name",
    "spec.exposure.group.order",
    "spec.exposure.healthCheck.intervalSeconds",
    "spec.exposure.healthCheck.path",
    "spec.hosts[0]",
    "spec.hosts[1]",
    "spec.routes[0].path",
    "spec.tls.certificateArns[0]",
    "spec.tls.redirectHttp",
    "spec.dns.ttl",
    "spec.dbAccess.securityGroupIds[0]",
    "spec",
    "metadata",
    "spec.ports",
    "spec.ports[0]",
    "spec.ports[99999999999999999999]",
    "spec.ports[-1]",
    "spec..ports",
    "spec.ports[0]port",
    'spec["x"]',
    'metadata.labels[""]',
    "other.path",
    "",
    "spec.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p",
]


def _set_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(RAW_SCALARS),
        st.sampled_from([str(value) for value in HUGE_INTS[:-1]]),
        st.text(alphabet=st.sampled_from(ODD_CHARS.replace("\x00", "")), max_size=10),
        st.sampled_from(
            [
                "",
                "internal",
                "80",
                "'\"007\"'",
                "\udcff",  # an argv byte that is not UTF-8 (surrogateescape)
                "a=b",
                "[" * 5000,
                "[" * 600 + "]" * 600,
                "{a: " * 300 + "1" + "}" * 300,
                "&a [*a]",
                "*a",
                "x" * 300_000,
                "%YAML 1.3\n--- 1",
                "--- !!str\n...",
                "a\tb",
            ]
        ),
    )


# NAME: before the path: names of the examples' Apps (my-app is in two namespaces), names
# of none, and text that only looks like a scope.
SET_SCOPES = [
    "",
    "",
    "",
    "my-app:",
    "web/my-app:",
    "production/orders-api:",
    "reports:",
    "nope:",
    "my-cluster:",
    "My-App:",
    "a/b/c:",
    "my-app/:",
    ":",
    "x" * 300 + ":",
]


def set_options() -> st.SearchStrategy[list[str]]:
    """Between one and three --set [NAME:]PATH=VALUE texts."""
    one = st.one_of(
        st.builds(
            lambda scope, path, value: f"{scope}{path}={value}",
            st.sampled_from(SET_SCOPES),
            st.sampled_from(SET_PATHS),
            _set_values(),
        ),
        st.text(max_size=20),
    )
    return st.lists(one, min_size=1, max_size=3)


@st.composite
def config_texts(draw: st.DrawFn) -> bytes:
    """.eksgen.yaml contents."""
    from eksgen.lint.rules import RULES

    rules = sorted(RULES)
    base: Any = {"ignore": draw(st.lists(st.sampled_from(rules), max_size=3))}
    choice = draw(st.integers(0, 5))
    if choice == 0:
        base = draw(mutated(base, 3))
    elif choice == 1:
        base["ignore"] = draw(st.lists(odd_values(), max_size=3))
    elif choice == 2:
        base[draw(st.one_of(st.sampled_from(FIELD_NAMES), _strings()))] = draw(odd_values())
    elif choice == 3:
        base = draw(odd_values())
    text = emit(base, draw(styles()))
    if draw(st.integers(0, 3)) == 0:
        text = draw(byte_edits(text))
    return text


@st.composite
def resource_lists(draw: st.DrawFn) -> bytes:
    """A KRM ResourceList: the functionConfig an App (or a List of Apps), mutated at any level."""
    apps = [
        draw(mutated(seed, 2))
        for _, seed in draw(st.lists(st.sampled_from(APP_SEEDS), min_size=1, max_size=3))
    ]
    config: Any = apps[0] if len(apps) == 1 else {"apiVersion": "v1", "kind": "List", "items": apps}
    items = [
        draw(mutated(seed, 1))
        for _, seed in draw(st.lists(st.sampled_from(MANIFEST_SEEDS), max_size=2))
    ]
    body: Any = {
        "apiVersion": "config.kubernetes.io/v1",
        "kind": "ResourceList",
        "items": items,
        "functionConfig": config,
    }
    if draw(st.booleans()):
        body = draw(mutated(body, 3))
    text = emit(body, draw(styles()))
    if draw(st.integers(0, 4)) == 0:
        text = draw(byte_edits(text))
    return text


JINJA_SNIPPETS = [
    "{{ 'a' * 100000000 }}",
    "{{ range(100000000) | list | length }}",
    "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}",
    "{% include 'manifests/service.yaml.j2' %}",
    "{% include '../../../../etc/hostname' %}",
    "{% include '/etc/hostname' %}",
    "{% extends 'manifests/service.yaml.j2' %}",
    "{% import 'manifests/_metadata.yaml.j2' as m %}{{ m }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ self }}",
    "{{ undefined_name }}",
    "{{ app.name | upper }}",
    "{{ 1 / 0 }}",
    "{{ 10 ** 10 ** 10 }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ '%s' % 'x' }}",
    "{{ lipsum(1000) }}",
    "{% raw %}",
    "{{",
    "{%",
    "}}",
    "{# unclosed",
    "\x00",
    "\udcff",
    "annotations: {x: y}\n",
    "extra: !!python/object:os.system x\n",
]


@st.composite
def template_folders(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """A --templates folder: bundled templates with inserted or replaced Jinja text."""
    files = []
    for name in [draw(st.sampled_from(TEMPLATES))]:
        text = (TEMPLATE_ROOT / name).read_text(encoding="utf-8")
        for _ in range(draw(st.integers(1, 3))):
            snippet = draw(st.sampled_from(JINJA_SNIPPETS))
            position = draw(st.integers(0, len(text)))
            inserted = text[:position] + snippet + text[position:]
            text = inserted if draw(st.booleans()) else snippet
        data = text.encode("utf-8", "surrogateescape")
        if draw(st.integers(0, 4)) == 0:
            data = draw(byte_edits(data, 2))
        files.append((name, data))
    return files


@st.composite
def price_files(draw: st.DrawFn) -> bytes:
    """--prices FILE: the bundled price table, mutated, as JSON (or as YAML, or bytes)."""
    data = json.loads(PRICES.read_text(encoding="utf-8"))
    data = draw(mutated(data, 4))
    if draw(st.integers(0, 2)) == 0:
        text = emit(data, draw(styles()))
    else:
        text = json.dumps(_jsonable(data)).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        text = draw(byte_edits(text))
    return text


def _jsonable(node: Any) -> Any:
    """Plain JSON data: Raw texts and anchors become strings, keys strings."""
    if isinstance(node, Anchor):
        return _jsonable(node.value)
    if isinstance(node, dict):
        return {
            _scalar(key, True) if not isinstance(key, str) else key: _jsonable(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_jsonable(item) for item in node]
    if isinstance(node, Raw | Alias):
        return _scalar(node, True)
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 10**4000:
        return float("inf")
    return node


def capacity_args() -> st.SearchStrategy[list[str]]:
    """capacity flags with odd values."""
    types = st.one_of(
        st.sampled_from(
            [
                "m6i.large",
                "t2.micro",
                "c4.large",
                "m5.metal",
                "p5.48xlarge",
                "M6I.LARGE",
                "",
                "x" * 300,
                "m6i.large\x00",
            ]
        ),
        st.text(max_size=12),
    )
    numbers = st.one_of(
        st.sampled_from(["0", "1", "-1", "99999999999999999999999", "1e3", "0x10", "٣", "1.5", ""]),
        st.integers(-5, 2**70).map(str),
    )
    cidrs = st.one_of(
        st.sampled_from(
            [
                "10.0.1.0/24",
                "10.0.0.0/8",
                "0.0.0.0/0",
                "10.0.1.0/32",
                "10.0.1.0/28",
                "2001:db8::/64",
                "10.0.1.1/24",
                "256.0.0.0/8",
                "10.0.1.0/33",
                "\u0661\u0660.0.0.0/8",
                "",
            ]
        ),
        st.text(max_size=15),
    )
    flag = st.one_of(
        st.tuples(st.just("-t"), types),
        st.tuples(
            st.sampled_from(
                [
                    "--max-enis",
                    "--desired",
                    "--max",
                    "--warm-prefix-target",
                    "--warm-ip-target",
                    "--minimum-ip-target",
                    "--warm-eni-target",
                ]
            ),
            numbers,
        ),
        st.tuples(st.just("--subnet"), cidrs),
        st.tuples(
            st.sampled_from(["--prefix-delegation", "--custom-networking", "--pod-security-groups"])
        ),
        st.tuples(st.just("--output"), st.sampled_from(["text", "json", "xml"])),
    )
    return st.lists(flag, min_size=1, max_size=6).map(
        lambda flags: [part for item in flags for part in item]
    )
