"""Fuzz every command line entry with hostile inputs grown from the repository's own files.

Each test draws an input (see fuzz_strategies.py), runs it in a forked child and checks the
invariants of fuzz_harness.py: exit 0, 1 or 2 (never 3), no traceback, nothing written on
failure, every written file YAML 1.2 with valid Kubernetes objects, and bounded time and
memory. Example counts: small under the default/"ci" profile (the folder runs in about a
minute), the profile's max_examples under --hypothesis-profile=fuzz (hours); see README.md.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_harness import EXAMPLES, Case, check, ci_budget, execute, run_case, scratch
from fuzz_strategies import (
    app_specs,
    capacity_args,
    cluster_specs,
    config_texts,
    manifest_streams,
    price_files,
    resource_lists,
    set_options,
    template_folders,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

VALID_APP = EXAMPLES / "alb-shared.yaml"
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def fuzz(ci: int) -> settings:
    """ci examples under the default or "ci" profile; otherwise the profile's own count.

    Under the CI budget the examples are derandomized (the same ones every run); under any
    other profile the seed is random, printed with a failure, and --hypothesis-seed repeats it.
    """
    quick = ci_budget()
    return settings(
        max_examples=ci if quick else settings().max_examples,
        deadline=None,
        database=None,
        derandomize=quick,
        # Shrinking a failure takes minutes: the CI budget reports the example as found.
        phases=[Phase.explicit, Phase.generate] if quick else list(Phase),
        suppress_health_check=_SUPPRESS,
    )


# ---------------------------------------------------------------------------------------------
# App specs: render (stream, -o, helm values, --check), validate, plan
# ---------------------------------------------------------------------------------------------

APP_MODES = [
    ("render",),
    ("render", "-o", "out"),
    ("render", "-o", "out"),
    ("render", "-o", "out", "--format", "helm-values"),
    ("render", "-o", "out", "--check"),
    ("validate", "--output", "text"),
    ("validate", "--output", "json"),
    ("validate", "--output", "sarif", "--strict"),
    ("plan",),
    ("plan", "--output", "json"),
]


NOTE = "a mutated App spec"


@fuzz(45)
@given(
    spec=app_specs(),
    others=st.lists(app_specs(), max_size=2),
    mode=st.sampled_from(APP_MODES),
    stdin=st.booleans(),
    existing=st.booleans(),
)
def test_app_specs(
    spec: bytes, others: list[bytes], mode: tuple[str, ...], stdin: bool, existing: bool
) -> None:
    files = [("specs/app.yaml", spec)] + [(f"specs/other{i}.yaml", o) for i, o in enumerate(others)]
    if stdin and not others:
        case = Case(
            (mode[0], "-", *mode[1:]), stdin=spec, prerender=existing and "-o" in mode, note=NOTE
        )
    else:
        target = "specs" if others else "specs/app.yaml"
        case = Case(
            (mode[0], target, *mode[1:]),
            files=tuple(files),
            prerender=existing and "-o" in mode,
            note=NOTE,
        )
    run_case(case)


# ---------------------------------------------------------------------------------------------
# The Cluster spec: render, validate, plan, capacity
# ---------------------------------------------------------------------------------------------

CLUSTER_MODES = [
    ("render", "-o", "out"),
    ("render",),
    ("validate", "--output", "json"),
    ("plan", "--output", "json"),
    ("plan",),
    ("capacity",),
    ("capacity", "--output", "json"),
]


@fuzz(30)
@given(spec=cluster_specs(), mode=st.sampled_from(CLUSTER_MODES), with_apps=st.booleans())
def test_cluster_spec(spec: bytes, mode: tuple[str, ...], with_apps: bool) -> None:
    files = [("specs/cluster.yaml", spec)]
    target = "specs/cluster.yaml"
    if with_apps and mode[0] != "capacity":
        files.append(("specs/app.yaml", VALID_APP.read_bytes()))
        target = "specs"
    run_case(Case((mode[0], target, *mode[1:]), files=tuple(files), note="a mutated Cluster spec"))


# ---------------------------------------------------------------------------------------------
# import: manifests back into App specs, and those rendered again
# ---------------------------------------------------------------------------------------------


@fuzz(30)
@given(stream=manifest_streams(), mode=st.sampled_from(["file", "stdin", "output"]))
def test_import(stream: bytes, mode: str) -> None:
    if mode == "stdin":
        run_case(Case(("import", "-"), stdin=stream, note="mutated manifests"))
        return
    args = ("import", "manifests.yaml") + (("-o", "apps.yaml") if mode == "output" else ())
    case = Case(args, files=(("manifests.yaml", stream),), note="mutated manifests")
    with tempfile.TemporaryDirectory(dir=scratch("work")) as folder:
        workdir = Path(folder)
        outcome = execute(case, workdir)
        check(case, outcome)
        if outcome.code == 0 and mode == "output":
            # What import writes must be specs eksgen reads without crashing.
            written = (workdir / "apps.yaml").read_bytes()
            again = Case(
                ("render", "apps.yaml", "-o", "out"),
                files=(("apps.yaml", written),),
                note="import's output rendered",
            )
            check(again, execute(again, workdir))


# ---------------------------------------------------------------------------------------------
# --set PATH=VALUE
# ---------------------------------------------------------------------------------------------


@fuzz(35)
@given(
    sets=set_options(),
    spec=st.sampled_from([*sorted(EXAMPLES.glob("*.yaml")), EXAMPLES]),
    output=st.booleans(),
)
def test_set_values(sets: list[str], spec: Path, output: bool) -> None:
    args = ["render", str(spec)] + (["-o", "out"] if output else [])
    for text in sets:
        args += ["--set", text]
    run_case(Case(tuple(args), note="--set values"))


# ---------------------------------------------------------------------------------------------
# .eksgen.yaml: given with --config, or found in the current folder
# ---------------------------------------------------------------------------------------------


@fuzz(20)
@given(
    config=config_texts(),
    command=st.sampled_from(["validate", "render", "render-o"]),
    found=st.booleans(),
)
def test_config_file(config: bytes, command: str, found: bool) -> None:
    name = ".eksgen.yaml" if found else "settings.yaml"
    args = ["validate" if command == "validate" else "render", str(VALID_APP)]
    if command == "render-o":
        args += ["-o", "out"]
    if not found:
        args += ["--config", name]
    run_case(Case(tuple(args), files=((name, config),), note=".eksgen.yaml contents"))


# ---------------------------------------------------------------------------------------------
# The KRM function
# ---------------------------------------------------------------------------------------------


@fuzz(35)
@given(resource_list=resource_lists())
def test_krm_function(resource_list: bytes) -> None:
    run_case(Case(("eksgen-krm",), stdin=resource_list, entry="eksgen-krm", note="KRM input"))


# ---------------------------------------------------------------------------------------------
# --templates DIR
# ---------------------------------------------------------------------------------------------


@fuzz(20)
@given(templates=template_folders(), output=st.booleans(), helm=st.booleans())
def test_templates(templates: list[tuple[str, bytes]], output: bool, helm: bool) -> None:
    args = ["render", str(EXAMPLES), "--templates", "tpl"]
    if output:
        args += ["-o", "out"] + (["--format", "helm-values"] if helm else [])
    files = tuple((f"tpl/{name}", data) for name, data in templates)
    run_case(Case(tuple(args), files=files, note="user templates"))


# ---------------------------------------------------------------------------------------------
# plan --prices, capacity flags, explain
# ---------------------------------------------------------------------------------------------


@fuzz(20)
@given(prices=price_files(), output=st.sampled_from(["text", "json"]))
def test_price_files(prices: bytes, output: str) -> None:
    args = ("plan", str(EXAMPLES), "--prices", "prices.json", "--output", output)
    run_case(Case(args, files=(("prices.json", prices),), note="--prices file"))


@fuzz(20)
@given(flags=capacity_args(), cluster=st.booleans())
def test_capacity_flags(flags: list[str], cluster: bool) -> None:
    args = ["capacity", *flags] + ([str(EXAMPLES / "cluster.yaml")] if cluster else [])
    run_case(Case(tuple(args), note="capacity flags"))


@fuzz(10)
@given(
    rule=st.one_of(
        st.sampled_from(["EKS001", "eks001", "EKS999", "EKS", "--list", "--markdown", ""]),
        st.text(max_size=10),
    )
)
def test_explain(rule: str) -> None:
    run_case(Case(("explain", rule), note="explain"))
