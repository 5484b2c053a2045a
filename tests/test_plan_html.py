"""`eksgen plan --output html`: one self-contained page drawn from the plan's JSON model.

The page is checked as text (self-contained, escaped, the same figures as the JSON plan,
every shape labelled, colours with AA contrast) and in a real headless Chromium (every
load balancer, app and hostname visible, no console error, no request), for the bundled
examples, one App, and a folder of 200 Apps made here. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from eksgen.api import plan as api_plan
from eksgen.cli.app import run
from eksgen.plan.html_report import PALETTE, TEXT_ON_FILL, html_report
from eksgen.plan.json_model import plan_dict
from eksgen.plan.lanes import usd

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CERT = "arn:aws:acm:us-east-1:111122223333:certificate/{}"

APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: {name}
  namespace: {namespace}
spec:
  ports:
    - name: http
      port: {port}
      targetPort: 8080
  exposure:
    type: {kind}
    scheme: {scheme}
{group}  hosts: [{host}]
  tls:
    certificateArns: ["{cert}"]
"""

CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: big
spec:
  region: us-east-1
  vpcCni:
    prefixDelegation: true
  nodeGroups:
    - name: web
      instanceType: m6i.large
      desiredSize: 3
      maxSize: 6
      subnetCidrs: [10.0.1.0/24, 10.0.2.0/26]
"""


def app_spec(
    name: str,
    kind: str = "alb",
    group: str | None = None,
    scheme: str = "internet-facing",
    namespace: str = "web",
) -> str:
    group_line = f"    group: {{name: {group}}}\n" if group else ""
    return APP.format(
        name=name,
        namespace=namespace,
        port=443 if kind == "nlb" else 80,
        kind=kind,
        scheme=scheme,
        group=group_line,
        host=f"{name}.example.com",
        cert=CERT.format(name),
    )


def write_estate(folder: Path, count: int = 200) -> Path:
    """count Apps: 5 IngressGroups of 24, ALBs alone, 20 NLBs, a group conflict, a Cluster.

    The first App of group team-0 is internal while its group is internet-facing: an
    IngressGroup conflict (an error the plan reports, not a reason to refuse it).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name = f"app-{index:03d}"
        if index < 120:
            group = f"team-{index // 24}"
            scheme = "internal" if index == 0 else "internet-facing"
            text = app_spec(name, group=group, scheme=scheme)
        elif index < count - 20:
            text = app_spec(name, scheme="internal", namespace="tools")
        else:
            text = app_spec(name, kind="nlb", namespace="edge")
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "cluster.yaml").write_text(CLUSTER, encoding="utf-8")
    return folder


def rule_text(rule: dict[str, Any]) -> str:
    """The line of a rule's box that says what it matches: an ALB's path, an NLB's port."""
    return f"{rule['path']} ({rule['pathType']})" if "path" in rule else f"port {rule['port']}"


def page_of(*paths: Path | str) -> tuple[str, dict[str, Any]]:
    """(the HTML page, the JSON plan) of the specs, as the command line makes them."""
    plan, checked = api_plan([str(path) for path in paths])
    return html_report(plan, checked.apps, checked.problems, checked.clusters), plan_dict(plan)


@pytest.fixture(scope="module")
def examples() -> tuple[str, dict[str, Any]]:
    return page_of(EXAMPLES)


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_estate(tmp_path_factory.mktemp("estate"))


# ---- the page as text ---------------------------------------------------------------------


class Tree(HTMLParser):
    """A small DOM: (tag, attributes, children, text) per element; void elements closed."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "#root", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1]["children"].append(
            {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        )

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1]["tag"] == tag, f"</{tag}> closes <{self.stack[-1]['tag']}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1]["text"] += data


def parse(html: str) -> dict[str, Any]:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], "an element is left open"
    return tree.root


def walk(node: dict[str, Any], ancestors: tuple[dict[str, Any], ...] = ()) -> Iterator[Any]:
    yield node, ancestors
    for child in node["children"]:
        yield from walk(child, (*ancestors, node))


def test_the_page_is_self_contained(examples: tuple[str, dict[str, Any]]) -> None:
    html, _ = examples
    root = parse(html)
    tags = {node["tag"] for node, _ in walk(root)}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    references = [
        value
        for node, _ in walk(root)
        for name, value in node["attrs"].items()
        if name in ("href", "src", "xlink:href", "action", "srcset")
    ]
    assert references and all(value.startswith("#") for value in references), references
    assert "url(http" not in html and "@import" not in html and "@font-face" not in html
    assert "default-src 'none'" in html  # the browser refuses any request besides
    assert not re.search(r"\son[a-z]+=", html)  # no event handler


def test_the_page_shows_the_json_plan(examples: tuple[str, dict[str, Any]]) -> None:
    """Every load balancer, listener, member, hostname, record type and total of the JSON."""
    html, data = examples
    text = html.replace("&#39;", "'")
    for lb in data["loadBalancers"]:
        assert f"{lb['kind'].upper()} {lb['name']}" in text
        assert lb["scheme"] in text and usd(lb["monthlyUsd"]) in text
        for listener in lb["listeners"]:
            assert f"{listener['protocol']}:{listener['port']}" in text
            if listener["sslPolicy"]:
                assert listener["sslPolicy"] in text
        assert all(member in text for member in lb["members"])
        assert all(host in text for host in lb["hostnames"])
    for record in data["dnsRecords"]:
        assert f"ALIAS {' + '.join(record['recordTypes'])}" in text
    summary = re.findall(r'<span class="figure">([^<]*)</span>', html)
    cost = data["cost"]
    assert summary[:4] == [
        str(cost["loadBalancerCount"]),
        usd(cost["monthlyUsd"]),
        usd(cost["savingMonthlyUsd"]),
        str(len(data["dnsRecords"])),
    ]
    for lb in data["loadBalancers"]:
        assert lb["rules"] and all(rule_text(rule) in text for rule in lb["rules"])
    (group,) = data["nodeGroups"]
    off, on = group["withoutPrefixDelegation"]["maxPods"], group["withPrefixDelegation"]["maxPods"]
    assert f"max pods without prefix delegation</dt><dd>{off}<" in html
    assert f"max pods with prefix delegation (in force)</dt><dd>{on} " in html
    assert (off, on) == (11, 110) and "not in the plan" not in html
    assert "secondary IPs <strong>29</strong>" in html  # capacity.variants
    assert "10.0.1.0/24: 251 usable · 2 used at desired (2 nodes) · 6 at max + surge" in html


def test_the_json_plan_is_the_same_with_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", str(EXAMPLES), "--output", "json", "-q"]) == 0
    before = capsys.readouterr().out
    assert run(["plan", str(EXAMPLES), "--output", "html", "-q"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert run(["plan", str(EXAMPLES), "--output", "json", "-q"]) == 0
    assert capsys.readouterr().out == before
    plan, _ = api_plan([str(EXAMPLES)])
    assert json.loads(before) == json.loads(json.dumps(plan_dict(plan)))


def test_minus_o_writes_the_page_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "out" / "plan.html"
    assert run(["plan", str(EXAMPLES), "--output", "html", "-o", str(page)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"eksgen: wrote the plan (html) to {page}" in captured.err
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run(["plan", str(EXAMPLES), "--output-file", str(tmp_path / "p.json")]) == 0
    assert (tmp_path / "p.json").read_text().startswith("Load balancers in us-east-1")


def test_minus_o_refuses_to_overwrite_a_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "web.yaml"
    spec.write_text(app_spec("web"), encoding="utf-8")
    for argv in ([str(spec), "-o", str(spec)], [str(tmp_path), "-o", str(spec)]):
        assert run(["plan", *argv, "--output", "html"]) == 2
        assert "is a spec this plan reads" in capsys.readouterr().err
    assert spec.read_text(encoding="utf-8") == app_spec("web")
    assert run(["plan", str(tmp_path), "--output", "html", "-o", str(tmp_path / "p.html")]) == 0


def test_every_value_from_the_input_is_escaped(tmp_path: Path) -> None:
    """File names are the user's text that reaches the page unchecked by any schema."""
    odd = tmp_path / "<b onmouseover=x>"
    odd.mkdir()
    (odd / "<i>web.yaml").write_text(app_spec("web"), encoding="utf-8")
    prices = tmp_path / "<script>p.json"
    prices.write_text((ROOT / "generator/eksgen/data/lb-prices.json").read_text(), "utf-8")
    plan, checked = api_plan([str(odd)], prices)
    html = html_report(plan, checked.apps, checked.problems)
    assert "&lt;b onmouseover=x&gt;/&lt;i&gt;web.yaml:" in html  # the finding's FILE:LINE
    assert "&lt;script&gt;p.json" in html
    assert "<b onmouseover" not in html and "<script" not in html and "<i>" not in html


def test_conflicts_and_findings_are_marked_where_they_occur(estate: Path) -> None:
    html, data = page_of(estate)
    (conflict,) = [c for c in data["conflicts"] if c["severity"] == "error"]
    assert conflict["group"] == "team-0"
    # Listed with FILE:LINE:COLUMN of each member...
    for member in conflict["members"]:
        place = f"{member['file']}:{member['line']}:{member['column']}: {member['app']}"
        assert place in html
    entry = re.search(r'<li id="(finding-\d+)" class="finding error">', html)
    assert entry
    anchor = entry.group(1)
    # ...and marked on the group's load balancer and its apps, linking to the entry.
    lane = html.split('<strong class="lb-name">team-0</strong>', 1)[1].split("</details>", 1)[0]
    assert lane.count(f'<a href="#{anchor}" class="badge error">') >= 3
    assert '<g class="node alb error">' in lane and '<g class="node app error">' in lane
    assert "✖ 1 error<" in lane.split("</summary>", 1)[0]
    # A rule finding of one spec is marked on that spec's app, and listed with its line.
    info = re.search(r'<li id="(finding-\d+)" class="finding info">', html)
    assert info and "app-001.yaml:13:13" in html.split(info.group(0), 1)[1].split("</li>", 1)[0]
    app = html.split("<title>app web/app-001, Service app-001; ", 1)[1].split("</g>", 1)[0]
    assert "✖ 2</text>" in app  # the conflict and the finding; the badge links to the worst
    assert "\ninfo: spec.exposure.scheme: internet-facing without sourceRanges" in app
    assert re.search(r"<span class=\"figure\">1</span> <span class=\"label\">error<", html)


def test_a_plan_with_conflicts_still_writes_its_page_and_exits_1(
    estate: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "plan.html"
    assert run(["plan", str(estate), "--output", "html", "-o", str(page), "-q"]) == 1
    assert "IngressGroup team-0: scheme" in page.read_text(encoding="utf-8")
    assert capsys.readouterr().out == ""


def test_two_hundred_apps_collapse_into_counts(estate: Path) -> None:
    started = time.perf_counter()
    html, data = page_of(estate)
    seconds = time.perf_counter() - started
    lanes = re.findall(r'<details class="lane (?:alb|nlb)" id="lb-\d+"( open)?>', html)
    assert len(lanes) == len(data["loadBalancers"]) == 5 + 60 + 20
    assert not any(lanes)  # more lanes than a screen: each shows its counts until opened
    assert "24 hostnames · 24 DNS names · 24 apps" in html
    assert len(html.encode()) < 1_500_000 and seconds < 30
    assert html.count('<svg class="diagram" viewBox=') == len(lanes)


def test_one_app_opens_its_lane(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(app_spec("web"), encoding="utf-8")
    html, _ = page_of(tmp_path)
    assert '<details class="lane alb" id="lb-1" open>' in html
    assert "No Cluster spec with node groups" in html


def test_a_subnet_that_runs_out_is_crossed_and_said(estate: Path) -> None:
    html, data = page_of(estate)
    (group,) = data["nodeGroups"]
    short = [s for s in group["subnets"] if s["headroomAtMax"] < 0]
    assert group["runsOut"] and short
    caption = f"{short[0]['cidr']}: {short[0]['usableAddresses']} usable"
    shortfall = -short[0]["headroomAtMax"]
    # Said in words, and marked with the Cluster spec's finding about that subnet (EKS118).
    said = rf'<figcaption class="short">✖ {re.escape(caption)}.*SHORT by {shortfall} <a class="sev warning" href="#(finding-\d+)"'
    marked = re.search(said, html)
    assert marked, said
    entry = html.split(f'<li id="{marked.group(1)}" class="finding warning">', 1)[1].split("</li>")[
        0
    ]
    assert "(EKS118)" in entry and "cluster.yaml:" in entry
    assert 'class="segment short"' in html and "✖ runs out" in html


def test_every_shape_has_a_title_or_a_text(examples: tuple[str, dict[str, Any]]) -> None:
    root = parse(examples[0])
    shapes = {"rect", "path", "circle", "line", "polygon", "ellipse", "polyline"}
    unlabelled = []
    for node, ancestors in walk(root):
        if node["tag"] not in shapes or any(a["tag"] == "defs" for a in ancestors):
            continue
        holders = [node, *reversed(ancestors)][:3]
        if not any(
            child["tag"] in ("title", "text") for holder in holders for child in holder["children"]
        ):
            unlabelled.append(node)
    assert unlabelled == []
    svgs = [node for node, _ in walk(root) if node["tag"] == "svg" and "viewbox" in node["attrs"]]
    assert svgs and all(node["attrs"].get("role") == "img" for node in svgs)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("text", "fill"), TEXT_ON_FILL, ids=lambda name: str(name))
def test_text_colours_meet_wcag_aa(text: str, fill: str) -> None:
    assert contrast(PALETTE[text], PALETTE[fill]) >= 4.5


def test_nothing_is_told_by_colour_alone(examples: tuple[str, dict[str, Any]]) -> None:
    """In greyscale, a finding still has its glyph and its word; bars their pattern."""
    html, _ = examples
    for glyph, word in (("✖", "error"), ("▲", "warning"), ("i", "info")):
        assert f'<span class="sev {word}">{glyph} {word}' in html
    assert (
        ".node.warning > rect { stroke: var(--warning); stroke-width: 3; stroke-dasharray" in html
    )
    assert ".segment.surge { fill: url(#hatch); }" in html
    assert contrast(PALETTE["used"], PALETTE["paper"]) >= 3  # graphics: 3:1 (WCAG 1.4.11)
    assert contrast(PALETTE["line"], PALETTE["paper"]) >= 3


# ---- in headless Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run tries)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


class Opened:
    """A page opened from a file, with what it asked the network for and what it logged."""

    def __init__(self, browser: Any, html: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(self.url, wait_until="load")

    def visible(self, text: str) -> bool:
        return bool(self.page.get_by_text(text, exact=False).filter(visible=True).count())

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url]  # the page itself, and nothing else

    def screenshot(self, name: str) -> Path:
        shot = ARTIFACTS / name
        self.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        return shot


def test_examples_in_chromium(browser: Any, examples: tuple[str, dict[str, Any]]) -> None:
    html, data = examples
    opened = Opened(browser, html, ARTIFACTS / "plan-examples.html")
    opened.assert_clean()
    expected = [lb["name"] for lb in data["loadBalancers"]]
    expected += [member for lb in data["loadBalancers"] for member in lb["members"]]
    expected += [host for lb in data["loadBalancers"] for host in lb["hostnames"]]
    expected += [rule_text(rule) for lb in data["loadBalancers"] for rule in lb["rules"]]
    assert len(expected) >= 8
    missing = [text for text in expected if not opened.visible(text)]
    assert missing == []
    (group,) = data["nodeGroups"]
    panel = opened.page.locator("section.nodegroup dl.pods").inner_text()
    for key, words in (
        ("withoutPrefixDelegation", "max pods without prefix delegation"),
        ("withPrefixDelegation", "max pods with prefix delegation"),
    ):
        assert f"{words}" in panel and str(group[key]["maxPods"]) in panel
    opened.screenshot("plan-examples.png")
    opened.page.add_style_tag(content="html { filter: grayscale(1); }")
    opened.screenshot("plan-examples-greyscale.png")
    opened.page.close()


def test_one_app_in_chromium(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(app_spec("web"), encoding="utf-8")
    opened = Opened(browser, page_of(tmp_path)[0], ARTIFACTS / "plan-one-app.html")
    opened.assert_clean()
    for text in ("web/web", "web.example.com", "HTTPS:443", "$16.43 a month"):
        assert opened.visible(text), text
    opened.screenshot("plan-one-app.png")
    opened.page.close()


def test_two_hundred_apps_in_chromium(browser: Any, estate: Path) -> None:
    html, data = page_of(estate)
    opened = Opened(browser, html, ARTIFACTS / "plan-200-apps.html")
    opened.assert_clean()
    shown = opened.page.locator("body").inner_text()  # what is rendered, not what is folded
    names = [lb["name"] for lb in data["loadBalancers"]]
    assert len(names) == 85 and [name for name in names if name not in shown] == []
    group = next(lb for lb in data["loadBalancers"] if lb["name"] == "team-0")
    lane = opened.page.locator("details.lane", has_text="IngressGroup team-0")
    assert "24 apps" in lane.inner_text() and group["members"][5] not in lane.inner_text()
    lane.locator("summary").click()  # opens the lane: no script needed
    shown = lane.inner_text()
    assert [text for text in [*group["members"], *group["hostnames"]] if text not in shown] == []
    assert lane.get_by_text(group["members"][5]).filter(visible=True).count()
    opened.screenshot("plan-200-apps.png")
    opened.page.close()


def test_every_rule_of_a_group_and_both_max_pods_in_chromium(browser: Any, tmp_path: Path) -> None:
    """A group of three Apps with several hosts and paths, an NLB of three ports, and a
    node group without prefix delegation: every rule's host and path is drawn, with an edge
    to its Service, and the node group shows max pods with and without prefix delegation."""
    from test_plan_rules import write_cluster, write_shop

    folder = write_shop(tmp_path / "specs")
    write_cluster(folder, "m5.large")
    html, data = page_of(folder)
    opened = Opened(browser, html, ARTIFACTS / "plan-rules.html")
    opened.assert_clean()
    for lb in data["loadBalancers"]:
        lane = opened.page.locator("details.lane", has_text=f"{lb['kind'].upper()} {lb['name']}")
        shown = lane.inner_text()
        rules = lb["rules"]
        assert [rule_text(rule) for rule in rules if rule_text(rule) not in shown] == []
        assert [
            rule["host"] for rule in rules if rule.get("host") and rule["host"] not in shown
        ] == []
        for rule in rules:  # each rule's edge to its Service, titled with what it matches
            what = f"{rule.get('host') or 'any host'}{rule['path']}" if "path" in rule else ""
            edge = f"{what or rule_text(rule)} to Service {rule['service']} port {rule['port']} "
            assert f"<title>{edge}" in html.replace("&#39;", "'"), edge
    shop = next(lb for lb in data["loadBalancers"] if lb["name"] == "shop")
    assert len(shop["rules"]) == 12 and "any host" in opened.page.locator("body").inner_text()
    (group,) = data["nodeGroups"]
    panel = opened.page.locator("section.nodegroup dl.pods").inner_text()
    assert "max pods without prefix delegation (in force)\n29" in panel
    assert "max pods with prefix delegation\n110 (formula 434, capped)" in panel
    assert (
        group["withoutPrefixDelegation"]["maxPods"],
        group["withPrefixDelegation"]["maxPods"],
    ) == (29, 110)
    opened.screenshot("plan-rules.png")
    opened.page.close()


def test_the_readme_shows_the_page_of_the_examples() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "![eksgen plan examples/ --output html](docs/plan-examples.png)" in readme
    assert "python scripts/plan_screenshot.py" in readme
    picture = (ROOT / "docs" / "plan-examples.png").read_bytes()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 50_000


_MODULES_AFTER = """
import contextlib, io, json, sys
from eksgen.cli.app import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize("output", ["text", "json", "html"])
def test_only_the_html_plan_loads_the_page_code(output: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MODULES_AFTER,
            "plan",
            str(EXAMPLES / "alb-shared.yaml"),
            "--output",
            output,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(done.stdout)
    assert result["code"] == 0
    page_modules = {"eksgen.plan.html_report", "eksgen.plan.page", "eksgen.plan.diagram"}
    loaded = page_modules & set(result["modules"])
    assert loaded == (page_modules if output == "html" else set())
    assert ("jinja2" in result["modules"]) == (output == "html")


def test_a_cost_the_price_table_lacks_is_unknown_with_the_reason(tmp_path: Path) -> None:
    spec = app_spec("web").replace(":us-east-1:", ":ap-southeast-6:")  # ACM is regional
    (tmp_path / "web.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "cluster.yaml").write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata: {name: far}\n"
        "spec: {region: ap-southeast-6}\n",
        encoding="utf-8",
    )
    html, data = page_of(tmp_path)
    assert data["cost"]["monthlyUsd"] is None and data["cost"]["unpriced"] == ["alb"]
    assert '<span class="cost">cost unknown (no alb price for ap-southeast-6)</span>' in html
    assert '<span class="figure">unknown</span> <span class="label">a month, base charges' in html
    assert "--prices FILE" in html  # the plan's note on how to add the price
