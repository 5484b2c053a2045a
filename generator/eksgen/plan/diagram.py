"""Where the boxes and lines of the HTML plan go: SVG geometry, no data of its own.

A lane (page.Lane) becomes a Drawing: five columns left to right, each box sized to its
lines of text, each column centred on the tallest, and a curve per edge from the right
side of one box to the left side of the next. Node-group subnets become bars. Text is set
in a monospace face so that its width is known here, and a line too long for its box is
cut with an ellipsis (the box's title keeps the whole text). Every size is in SVG user
units; the SVG's viewBox scales the drawing to the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eksgen.plan.findings import Mark
from eksgen.plan.lanes import Lane, Node

COLUMNS = ("DNS names", "Load balancer", "Listeners", "Rules", "Services and apps")
WIDTHS = (250, 260, 280, 290, 250)  # the rules column holds a path and its type
GAP = 56
MARGIN = 14
HEADING = 26
LINE = 16
PADDING = 10
SPACING = 12
CHAR = 7.25  # width of one character of the 12px monospace face (0.6 em, a little slack)
MAX_LINES = 8  # a load balancer: label, scheme, group, cost, usage, and its settings
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
GLYPHS = {"error": "✖", "warning": "▲", "info": "i"}


@dataclass(frozen=True)
class Badge:
    """The marks of a box: the worst severity, how many, and the finding it links to."""

    severity: str
    glyph: str
    count: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Box:
    """A node placed: its rectangle and its lines of text (the first in bold)."""

    node: Node
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    badge: Badge | None

    @property
    def state(self) -> str:
        """The CSS class of the box's outline: its worst finding, or plain."""
        return self.badge.severity if self.badge else "plain"


@dataclass(frozen=True)
class Curve:
    """An edge placed: the SVG path and its title."""

    d: str
    title: str
    dashed: bool


@dataclass(frozen=True)
class Drawing:
    """One lane as SVG: its size, column headings, boxes and curves."""

    width: float
    height: float
    headings: tuple[tuple[float, str], ...]
    boxes: tuple[Box, ...]
    curves: tuple[Curve, ...]


def column_x(column: int) -> float:
    """The left side of a column."""
    return MARGIN + sum(WIDTHS[:column]) + GAP * column


def fit(text: str, width: float) -> str:
    """The text cut with an ellipsis to the characters a box of this width holds."""
    room = max(int((width - 2 * PADDING) / CHAR), 4)
    return text if len(text) <= room else text[: room - 1] + "…"


def draw_lane(lane: Lane) -> Drawing:
    """Place the nodes of a lane in their columns and the edges between them."""
    columns: list[list[Node]] = [[] for _ in COLUMNS]
    for node in lane.nodes:
        columns[node.column].append(node)
    heights = [[_box_height(node) for node in column] for column in columns]
    spans = [sum(h) + SPACING * max(len(h) - 1, 0) for h in heights]
    tallest = max(spans)
    boxes: dict[str, Box] = {}
    for column, (nodes, sizes, span) in enumerate(zip(columns, heights, spans, strict=True)):
        y = HEADING + (tallest - span) / 2
        if nodes and nodes[0].key == "lb":  # the load balancer stands as tall as the lane
            sizes, y = [max(sizes[0], tallest)], HEADING
        for node, height in zip(nodes, sizes, strict=True):
            boxes[node.key] = _box(node, column_x(column), y, height)
            y += height + SPACING
    curves = tuple(
        _curve(boxes[edge.source], boxes[edge.target], edge.title, edge.dashed)
        for edge in lane.edges
        if edge.source in boxes and edge.target in boxes
    )
    headings = tuple((column_x(i), name) for i, name in enumerate(COLUMNS))
    width = column_x(len(COLUMNS) - 1) + WIDTHS[-1] + MARGIN
    return Drawing(width, HEADING + tallest + MARGIN, headings, tuple(boxes.values()), curves)


def _lines(node: Node) -> list[str]:
    return [node.label, *node.details][:MAX_LINES]


def _box_height(node: Node) -> float:
    return 2 * PADDING + LINE * len(_lines(node)) - 2


def _box(node: Node, x: float, y: float, height: float) -> Box:
    width = WIDTHS[node.column]
    lines = tuple(fit(line, width) for line in _lines(node))
    return Box(node, x, y, width, height, lines, badge(node.marks))


def badge(marks: Sequence[Mark]) -> Badge | None:
    """The badge of a box with marks: the worst severity first, linking to its finding."""
    if not marks:
        return None
    ordered = sorted(marks, key=lambda mark: SEVERITY_ORDER.get(mark.severity, 3))
    worst = ordered[0]
    title = "\n".join(f"{mark.severity}: {mark.text}" for mark in ordered)
    return Badge(worst.severity, GLYPHS[worst.severity], len(marks), worst.anchor, title)


def _curve(source: Box, target: Box, title: str, dashed: bool) -> Curve:
    """A horizontal S-curve from the right side of source to the left side of target.

    Two boxes of one column (a listener that redirects to another) get a loop from the
    right side of one back into the top of the other's right side instead.
    """
    if source.x == target.x:  # a loop on the right, above where target's own lines leave
        x, y1, y2 = source.x + source.width, source.y + source.height / 2, target.y + 8
        d = f"M{x:g},{y1:g} C{x + 36:g},{y1:g} {x + 36:g},{y2:g} {x + 4:g},{y2:g}"
        return Curve(d, title, dashed)
    x1, x2 = source.x + source.width, target.x
    y1 = _attach(source, target.y + target.height / 2, 20)
    y2 = _attach(target, source.y + source.height / 2)
    middle = (x1 + x2) / 2
    d = f"M{x1:g},{y1:g} C{middle:g},{y1:g} {middle:g},{y2:g} {x2 - 4:g},{y2:g}"
    return Curve(d, title, dashed)


def _attach(box: Box, toward: float, inset: float = 14) -> float:
    """Where a line meets a box: level with the other end while the box allows it.

    Lines leave a box at least inset below its top, clear of a redirect loop coming in.
    """
    top, bottom = box.y + inset, box.y + box.height - 14
    return round(min(max(toward, top), bottom) if top < bottom else box.y + box.height / 2, 1)


# ---- node groups: a bar per subnet -----------------------------------------------------------

BAR_WIDTH = 640.0
BAR_HEIGHT = 26.0


@dataclass(frozen=True)
class Segment:
    """A part of a subnet bar: where it starts, how wide, its pattern and what it means."""

    x: float
    width: float
    css: str
    title: str


@dataclass(frozen=True)
class Bar:
    """One subnet of a node group: usage at desired and at max size with surge, and free."""

    cidr: str
    caption: str
    segments: tuple[Segment, ...]
    usable_x: float
    short: int


def subnet_bar(subnet: dict[str, Any]) -> Bar:
    """The bar of one subnet, from the plan's headroom figures.

    Used at desired size is usable - headroom at desired; at max size with the surge node,
    usable - headroom at max; free is the headroom at max. A negative headroom is the
    shortfall, drawn past the end of the subnet.
    """
    usable = subnet["usableAddresses"]
    at_desired = usable - subnet["headroomAtDesired"]
    at_max = usable - subnet["headroomAtMax"]
    scale = BAR_WIDTH / max(usable, at_max, at_desired, 1)
    used_desired = min(at_desired, usable)
    parts = [
        (0, used_desired, "used", f"{at_desired} addresses used at desired size"),
        (
            used_desired,
            max(min(at_max, usable) - used_desired, 0),
            "surge",
            f"{at_max} used at max size with the surge node",
        ),
        (
            min(at_max, usable),
            max(usable - at_max, 0),
            "free",
            f"{max(usable - at_max, 0)} free at max size",
        ),
        (usable, max(at_max - usable, 0), "short", f"{max(at_max - usable, 0)} addresses short"),
    ]
    segments = tuple(
        Segment(round(start * scale, 1), round(length * scale, 1), css, title)
        for start, length, css, title in parts
        if length > 0
    )
    short = max(at_max - usable, 0)
    short_now = max(at_desired - usable, 0)
    caption = (
        f"{subnet['cidr']}: {usable} usable · {at_desired} used at desired "
        f"({subnet['nodesAtDesired']} nodes)"
        + (f", SHORT by {short_now} already" if short_now else "")
        + f" · {at_max} at max + surge ({subnet['nodesAtMax']} nodes) · "
        + (f"SHORT by {short}" if short else f"{usable - at_max} free")
    )
    return Bar(subnet["cidr"], caption, segments, round(usable * scale, 1), short)
