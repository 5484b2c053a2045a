"""Benchmarks: start-up, rendering a monorepo of 1,000 apps, and the Helm engine beside it.

    python benchmarks/run.py [--apps 1000] [--runs 10] [--json benchmarks/results.json]
    python benchmarks/run.py --startup-only --runs 40

Prints a table and writes JSON. Whole-process timings are medians of --runs runs. Start-up
is one app rendered in a fresh process (examples/nlb-public.yaml, the cost the Argo CD
plugin and pre-commit pay per app), the same with an option on the line (which typer
parses; paths alone are not) and `eksgen --version`, each in milliseconds and as a
ratio to a bare `python -c pass` of the same interpreter: all run in turn, in the
same loop, so that a busy machine slows them alike and the ratios stay comparable. CPU
time (user + system) is reported beside the wall time, as it varies less on a shared
machine. The monorepo is generated into a temporary folder (a mix of alb, nlb, none, TLS
and dbAccess) and rendered to a new -o folder, again into that folder (the usual case:
unchanged files are reused), after one spec changed, in memory only, and validated. The
ratios compare eksgen's cost per app with Helm's per render (which writes nothing).
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
STARTUP_EXAMPLE = HERE.parent / "examples" / "nlb-public.yaml"


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


def startup(eksgen: str, runs: int) -> dict[str, float]:
    """Start-up figures: medians of runs, each command once per round, in turn.

    Wall and CPU milliseconds of a bare interpreter, `eksgen --version` and one app
    rendered to stdout, and each one's ratio to the bare interpreter's median.
    """
    commands = {
        "PythonPass": [sys.executable, "-c", "pass"],
        "Version": [eksgen, "--version"],
        "RenderOneApp": [eksgen, "render", str(STARTUP_EXAMPLE)],
        # An option takes the line through typer's parsing (paths alone are called directly).
        "RenderOneAppWithOption": [eksgen, "render", str(STARTUP_EXAMPLE), "--format", "manifests"],
    }
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start, used = time.perf_counter(), _children_cpu()
            subprocess.run(command, check=True, capture_output=True)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(_children_cpu() - used)
    results: dict[str, float] = {}
    for name in commands:
        wall_ms = statistics.median(wall[name]) * 1000
        cpu_ms = statistics.median(cpu[name]) * 1000
        results[f"startup{name}Ms"] = wall_ms
        results[f"startup{name}MinMs"] = min(wall[name]) * 1000
        results[f"startup{name}CpuMs"] = cpu_ms
        if name != "PythonPass":
            results[f"startup{name}Ratio"] = wall_ms / results["startupPythonPassMs"]
            results[f"startup{name}CpuRatio"] = cpu_ms / results["startupPythonPassCpuMs"]
    return results


def _children_cpu() -> float:
    """User + system seconds of the finished child processes so far (0 where unknown)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    from eksgen.api import render, render_paths
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
    render([str(folder)], api="gateway")
    timings["renderGatewayInMemory"] = time.perf_counter() - start
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
    parser.add_argument(
        "--startup-only", action="store_true", help="measure start-up only (no monorepo, no Helm)"
    )
    args = parser.parse_args()
    eksgen = shutil.which("eksgen") or "eksgen"
    results: dict[str, Any] = {"startupRuns": args.runs, **startup(eksgen, args.runs)}
    results["versionSeconds"] = results["startupVersionMs"] / 1000
    results["renderOneAppSeconds"] = median_seconds([eksgen, "render", str(EXAMPLE)], args.runs)
    if args.startup_only:
        return report(results, args.json)
    results["monorepoApps"] = args.apps
    results["scratch"] = str(args.scratch or tempfile.gettempdir())
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
    return report(results, args.json)


def report(results: dict[str, Any], json_path: Path) -> int:
    """Print the figures as a table and write them as JSON."""
    width = max(map(len, results))
    for key, value in results.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    json_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
