"""Benchmarks: start-up, rendering a monorepo of 1,000 apps, and the Helm engine beside it.

    python benchmarks/run.py [--apps 1000] [--runs 10] [--json benchmarks/results.json]

Prints a table and writes JSON. Whole-process timings are medians of --runs runs; the
monorepo is generated into a temporary folder (a mix of alb, nlb, none, TLS and dbAccess)
and rendered to a new -o folder, again into that folder (the usual case: unchanged files
are reused), after one spec changed, in memory only, and validated. The ratios compare
eksgen's cost per app with Helm's per render (which writes nothing).
The Helm comparison renders the chart `helm create` scaffolds with equivalent values through
helm-python-sdk in process (skipped when it is not installed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "alb-shared.yaml"


def median_seconds(command: list[str], runs: int, before: Any = None) -> float:
    """Median wall time of a whole process; before() runs untimed ahead of each run."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_monorepo(folder: Path, count: int) -> None:
    """count App specs: alb, nlb, none in turn; TLS on every third, dbAccess on every fifth."""
    for index in range(count):
        exposure = ("alb", "nlb", "none", "alb")[index % 4]
        lines = [
            "apiVersion: eksgen.dev/v1alpha1",
            "kind: App",
            f"metadata: {{name: app{index}, namespace: team{index % 20}, "
            'annotations: {eksgen.dev/ignore: "EKS023,EKS025"}}',
            "spec:",
            "  ports: [{name: http, port: 80, targetPort: 8080}]",
            f"  exposure: {{type: {exposure}}}",
        ]
        if exposure != "none":
            lines.append(f"  hosts: [app{index}.example.com]")
            if index % 3 == 0:
                lines.append(
                    '  tls: {certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/x"]}'
                )
        if index % 5 == 0:
            lines.append("  dbAccess: {securityGroupIds: [sg-0123456789abcdef0]}")
        (folder / f"app{index:04d}.yaml").write_text("\n".join(lines) + "\n")


def in_process(folder: Path, out: Path) -> dict[str, float]:
    """Each timing once, in this process (start-up excluded), in this order.

    render to a new -o folder (every file created), render again into it (nothing changed:
    nothing is written), render after one spec changed (unchanged files are hard-linked into
    the new tree), render in memory only (what Helm's engine is compared with), validate.
    """
    from eksgen.api import render_paths
    from eksgen.cli.app import run

    timings = {}
    start = time.perf_counter()
    assert run(["render", str(folder), "-o", str(out)]) == 0
    timings["renderFresh"] = time.perf_counter() - start
    start = time.perf_counter()
    assert run(["render", str(folder), "-o", str(out)]) == 0
    timings["renderAgain"] = time.perf_counter() - start
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text().replace("namespace: team0", "namespace: team-moved"))
    start = time.perf_counter()
    assert run(["render", str(folder), "-o", str(out)]) == 0
    timings["renderOneChanged"] = time.perf_counter() - start
    start = time.perf_counter()
    render_paths([str(folder)])
    timings["renderInMemory"] = time.perf_counter() - start
    start = time.perf_counter()
    assert run(["validate", str(folder)]) == 0
    timings["validate"] = time.perf_counter() - start
    return timings


def helm_per_render(count: int) -> float | None:
    """Seconds per render of the helm-create chart with values like one eksgen app's."""
    try:
        import helm_python
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        chart = helm_python.Chart.create("app", folder)
        values: dict[str, Any] = {
            "service": {"type": "ClusterIP", "port": 80},
            "ingress": {
                "enabled": True,
                "className": "alb",
                "annotations": {"alb.ingress.kubernetes.io/scheme": "internal"},
                "hosts": [
                    {"host": "app.example.com", "paths": [{"path": "/", "pathType": "Prefix"}]}
                ],
            },
        }
        start = time.perf_counter()
        for index in range(count):
            chart.render(values, name=f"app{index}", namespace="team")
        return (time.perf_counter() - start) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--scratch",
        type=Path,
        default=None,
        help="where the monorepo and its output go (default: the system's temporary folder; "
        "/dev/shm takes the disk out of the figures)",
    )
    args = parser.parse_args()
    eksgen = shutil.which("eksgen") or "eksgen"
    results: dict[str, Any] = {
        "versionSeconds": median_seconds([eksgen, "--version"], args.runs),
        "renderOneAppSeconds": median_seconds([eksgen, "render", str(EXAMPLE)], args.runs),
        "monorepoApps": args.apps,
        "scratch": str(args.scratch or tempfile.gettempdir()),
    }
    with tempfile.TemporaryDirectory(dir=args.scratch) as temp:
        folder, out = Path(temp, "apps"), Path(temp, "out")
        folder.mkdir()
        write_monorepo(folder, args.apps)
        timings = in_process(folder, out)
        render = [eksgen, "render", str(folder), "-o", str(out)]
        runs = max(3, args.runs // 3)
        results["monorepoProcessAgainSeconds"] = median_seconds(render, runs)
        results["monorepoProcessFreshSeconds"] = median_seconds(
            render, runs, before=lambda: shutil.rmtree(out)
        )
    for key, value in timings.items():
        results[f"monorepo{key[0].upper()}{key[1:]}Seconds"] = value
    for key in ("renderFresh", "renderAgain", "renderOneChanged", "renderInMemory"):
        results[f"perApp{key[0].upper()}{key[1:]}Seconds"] = timings[key] / args.apps
    helm = helm_per_render(args.apps)
    results["helmPerRenderSeconds"] = helm
    for key in ("renderFresh", "renderAgain", "renderOneChanged", "renderInMemory"):
        ratio = None if helm is None else timings[key] / args.apps / helm
        results[f"ratio{key[0].upper()}{key[1:]}ToHelm"] = ratio
    width = max(map(len, results))
    for key, value in results.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
